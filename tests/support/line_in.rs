//! A line-in for the headless machine: ALSA's `file` plugin reading a named pipe (`infile`)
//! as a capture device, fed a tone at the pace of a real card (S16_LE, 48 kHz, stereo:
//! 4096-byte pieces at 192,000 bytes/s).
//!
//! What makes it work: the pipe paces the capture (a regular file as `infile` reads as
//! fast as asked, and stale data after its end); no `plug` between the capture and the
//! file plugin; and the feeder opens the pipe again whenever the capture side closed it,
//! since cpal opens the device once to look at it before opening it to capture. The pcm is
//! `linein` (listed, with a description) and the default capture device (`line-in`).

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::SoundCard;

const RATE: f64 = 48_000.0;
const CHANNELS: usize = 2;
/// Bytes written at a time: 1024 stereo 16-bit frames.
const PIECE_FRAMES: usize = 1024;
const BYTES_PER_SECOND: f64 = RATE * (2 * CHANNELS) as f64;

/// The name the capture pcm is listed under by `wardcast devices`.
pub const DEVICE_NAME: &str = "linein";
/// Its description in the listing.
pub const DESCRIPTION: &str = "Line in of the test machine";

/// The line-in: its pipe and, once a tone is fed, the thread feeding it.
pub struct LineIn {
    pub pipe: PathBuf,
    stop: Arc<AtomicBool>,
    paused: Arc<AtomicBool>,
    feeder: Option<JoinHandle<()>>,
}

impl LineIn {
    /// Makes the line-in's pipe in `dir`; nothing is fed yet.
    pub fn new(dir: &Path) -> LineIn {
        let pipe = dir.join("line-in.pipe");
        let status = Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .expect("mkfifo runs");
        assert!(status.success(), "mkfifo failed");
        LineIn {
            pipe,
            stop: Arc::new(AtomicBool::new(false)),
            paused: Arc::new(AtomicBool::new(false)),
            feeder: None,
        }
    }

    /// The ALSA lines that define the capture pcm and make it the default capture device,
    /// playing on `playback` (a pcm definition, `{ … }`, or a name in quotes).
    pub fn alsa_text(&self, playback: &str) -> String {
        format!(
            r#"pcm.{DEVICE_NAME} {{
    type file
    slave.pcm "null"
    file "/dev/null"
    infile "{}"
    format "raw"
    hint {{ show on description "{DESCRIPTION}" }}
}}
pcm.!default {{
    type asym
    playback.pcm {playback}
    capture.pcm "{DEVICE_NAME}"
}}
"#,
            self.pipe.display()
        )
    }

    /// A whole ALSA configuration of its own, at `path`: the line-in, and playback into
    /// nothing.
    pub fn write_config(&self, path: &Path) {
        let text = format!("pcm.null {{ type null }}\n{}", self.alsa_text("\"null\""));
        std::fs::write(path, text).expect("write the line-in's ALSA configuration");
    }

    /// Adds the line-in to the headless sound card's configuration: the card stays the
    /// default output, the line-in becomes the default input.
    pub fn add_to_card(&self, card: &SoundCard) {
        let text = std::fs::read_to_string(&card.alsa_config).expect("the card's configuration");
        assert!(text.contains("pcm.!default {"), "the card's default output");
        let text = text.replace("pcm.!default {", "pcm.card_output {");
        let text = format!("{text}{}", self.alsa_text("\"card_output\""));
        std::fs::write(&card.alsa_config, text).expect("write the card's configuration");
    }

    /// Feeds a sine tone of `frequency` Hz (half of full scale) at the pace of a real
    /// card, until dropped.
    pub fn feed_tone(&mut self, frequency: f64) {
        assert!(self.feeder.is_none(), "the line-in is already fed");
        let (pipe, stop, paused) = (
            self.pipe.clone(),
            Arc::clone(&self.stop),
            Arc::clone(&self.paused),
        );
        self.feeder = Some(std::thread::spawn(move || {
            feed(&pipe, frequency, &stop, &paused)
        }));
    }

    /// Stops (`true`) or resumes sending sound, the pipe kept open: a receiver that went
    /// quiet without the device saying so.
    pub fn pause(&self, paused: bool) {
        self.paused.store(paused, Ordering::SeqCst);
    }
}

impl Drop for LineIn {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(feeder) = self.feeder.take() {
            let _ = feeder.join();
        }
    }
}

/// Opens the pipe each time a capture opens it, and writes the tone into it at a card's
/// pace until the capture closes it.
fn feed(pipe: &Path, frequency: f64, stop: &AtomicBool, paused: &AtomicBool) {
    let mut frame = 0usize;
    while let Some(mut file) = open_when_read(pipe, stop) {
        let mut start = Instant::now();
        let mut sent = 0usize;
        while !stop.load(Ordering::SeqCst) {
            if paused.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(10));
                (start, sent) = (Instant::now(), 0);
                continue;
            }
            let piece = tone_piece(frequency, frame);
            if file.write_all(&piece).is_err() {
                // The capture closed the device.
                break;
            }
            frame += PIECE_FRAMES;
            sent += piece.len();
            let due = start + Duration::from_secs_f64(sent as f64 / BYTES_PER_SECOND);
            if let Some(wait) = due.checked_duration_since(Instant::now()) {
                std::thread::sleep(wait);
            }
        }
    }
}

/// Waits (stoppably) until something opens the pipe to read, and opens it to write.
fn open_when_read(pipe: &Path, stop: &AtomicBool) -> Option<File> {
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::OpenOptionsExt;
    while !stop.load(Ordering::SeqCst) {
        // Without a reader, a non-blocking open for writing fails (ENXIO).
        match std::fs::OpenOptions::new()
            .write(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(pipe)
        {
            Ok(file) => {
                // SAFETY: fcntl on the descriptor of `file`, alive here; no memory is passed.
                unsafe {
                    let fd = file.as_raw_fd();
                    let flags = libc::fcntl(fd, libc::F_GETFL);
                    libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK);
                }
                return Some(file);
            }
            Err(_) => std::thread::sleep(Duration::from_millis(5)),
        }
    }
    None
}

/// `PIECE_FRAMES` stereo frames of the tone from frame `first`, as S16_LE bytes.
fn tone_piece(frequency: f64, first: usize) -> Vec<u8> {
    let mut piece = Vec::with_capacity(PIECE_FRAMES * 2 * CHANNELS);
    for frame in first..first + PIECE_FRAMES {
        let t = frame as f64 / RATE;
        let value = (0.5 * (2.0 * std::f64::consts::PI * frequency * t).sin() * 32767.0) as i16;
        for _ in 0..CHANNELS {
            piece.extend_from_slice(&value.to_le_bytes());
        }
    }
    piece
}
