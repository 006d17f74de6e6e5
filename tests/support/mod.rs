//! Test support: a headless sound card that records what was played and when, a station
//! folder with a real config, and audio made on the spot.
//!
//! The sound card is ALSA's `file` plugin writing raw S16_LE/48000/2 into a named pipe that
//! a reader thread drains at the pace of a real card (192,000 bytes/s). The reader notes
//! when each block would be heard, so a test can ask when the first sound came out.

#![allow(dead_code)]

pub mod console;
pub mod line_in;

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use chrono::{DateTime, Timelike, Utc};

pub mod sender;

pub const RATE: u32 = 48_000;
pub const CHANNELS: usize = 2;
const BYTES_PER_FRAME: usize = 2 * CHANNELS;
const BYTES_PER_SECOND: f64 = (RATE as usize * BYTES_PER_FRAME) as f64;
/// The reader takes 5 ms of audio at a time, as a card's DMA would.
const BLOCK_BYTES: usize = (RATE as usize / 200) * BYTES_PER_FRAME;
/// A sample louder than this (about -50 dBFS) counts as sound.
pub const SOUND_THRESHOLD: i16 = 100;

/// One opening of the device: everything written between open and close.
#[derive(Debug, Clone, Default)]
pub struct Recording {
    /// Interleaved stereo samples.
    pub samples: Vec<i16>,
    /// (index of the first frame of a block, when that frame was heard).
    pub blocks: Vec<(usize, SystemTime)>,
}

impl Recording {
    pub fn frames(&self) -> usize {
        self.samples.len() / CHANNELS
    }

    fn frame_is_sound(&self, frame: usize) -> bool {
        self.samples[frame * CHANNELS..(frame + 1) * CHANNELS]
            .iter()
            .any(|sample| sample.unsigned_abs() > SOUND_THRESHOLD as u16)
    }

    pub fn first_sound_frame(&self) -> Option<usize> {
        (0..self.frames()).find(|&frame| self.frame_is_sound(frame))
    }

    pub fn last_sound_frame(&self) -> Option<usize> {
        (0..self.frames())
            .rev()
            .find(|&frame| self.frame_is_sound(frame))
    }

    pub fn has_sound(&self) -> bool {
        self.first_sound_frame().is_some()
    }

    /// From the first to the last sample that is not silence.
    pub fn sound_duration(&self) -> Duration {
        match (self.first_sound_frame(), self.last_sound_frame()) {
            (Some(first), Some(last)) => {
                Duration::from_secs_f64((last + 1 - first) as f64 / f64::from(RATE))
            }
            _ => Duration::ZERO,
        }
    }

    /// When a frame was heard: its block's time plus its place in the block.
    pub fn heard_at(&self, frame: usize) -> Option<SystemTime> {
        let index = self.blocks.partition_point(|(start, _)| *start <= frame);
        let (start, at) = self.blocks.get(index.checked_sub(1)?)?;
        Some(*at + Duration::from_secs_f64((frame - start) as f64 / f64::from(RATE)))
    }

    /// When each stretch of sound began that follows at least `gap` of silence (or the
    /// start of the recording): one per airing when the device stayed open between them.
    pub fn sound_onsets(&self, gap: Duration) -> Vec<SystemTime> {
        let gap_frames = (gap.as_secs_f64() * f64::from(RATE)) as usize;
        let mut onsets = Vec::new();
        let mut silent_run = gap_frames;
        for frame in 0..self.frames() {
            if self.frame_is_sound(frame) {
                if silent_run >= gap_frames {
                    onsets.extend(self.heard_at(frame));
                }
                silent_run = 0;
            } else {
                silent_run += 1;
            }
        }
        onsets
    }

    pub fn first_sound_at(&self) -> Option<SystemTime> {
        self.heard_at(self.first_sound_frame()?)
    }

    /// The frequency of the left channel over `[from, from + length)` frames, from zero
    /// crossings: enough to tell a 440 Hz tone from a 1 kHz one.
    pub fn frequency(&self, from: usize, length: usize) -> f64 {
        let left: Vec<i16> = self
            .samples
            .iter()
            .step_by(CHANNELS)
            .skip(from)
            .take(length)
            .copied()
            .collect();
        let crossings = left
            .windows(2)
            .filter(|pair| (pair[0] < 0) != (pair[1] < 0))
            .count();
        crossings as f64 / 2.0 / (left.len() as f64 / f64::from(RATE))
    }
}

/// The headless sound card.
pub struct SoundCard {
    pub alsa_config: PathBuf,
    pipe: PathBuf,
    recordings: Arc<Mutex<Vec<Recording>>>,
    current: Arc<Mutex<Recording>>,
    stop: Arc<AtomicBool>,
    reader: Option<JoinHandle<()>>,
}

impl SoundCard {
    /// Makes the card's ALSA configuration and pipe in `dir` and starts its reader.
    pub fn start(dir: &Path) -> SoundCard {
        let pipe = dir.join("sound-card.pipe");
        let status = Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .expect("mkfifo runs");
        assert!(status.success(), "mkfifo failed");
        let alsa_config = dir.join("asound.conf");
        std::fs::write(
            &alsa_config,
            alsa_config_text(&format!("\"{}\"", pipe.display())),
        )
        .expect("write asound.conf");
        let recordings = Arc::new(Mutex::new(Vec::new()));
        let current = Arc::new(Mutex::new(Recording::default()));
        let stop = Arc::new(AtomicBool::new(false));
        let reader = {
            let (pipe, recordings, current, stop) = (
                pipe.clone(),
                Arc::clone(&recordings),
                Arc::clone(&current),
                Arc::clone(&stop),
            );
            std::thread::spawn(move || read_like_a_card(&pipe, &recordings, &current, &stop))
        };
        SoundCard {
            alsa_config,
            pipe,
            recordings,
            current,
            stop,
            reader: Some(reader),
        }
    }

    /// The recordings of every closed opening of the device so far.
    pub fn recordings(&self) -> Vec<Recording> {
        self.recordings.lock().expect("lock").clone()
    }

    /// Waits until the device has been opened and closed `count` times.
    pub fn wait_for_recordings(&self, count: usize, timeout: Duration) -> Vec<Recording> {
        let deadline = Instant::now() + timeout;
        loop {
            let recordings = self.recordings();
            if recordings.len() >= count || Instant::now() > deadline {
                return recordings;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for SoundCard {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake a reader waiting for a writer.
        use std::os::unix::fs::OpenOptionsExt;
        let unblocked = std::fs::OpenOptions::new()
            .write(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(&self.pipe)
            .is_ok();
        if let Some(reader) = self.reader.take() {
            if unblocked || reader.is_finished() {
                let _ = reader.join();
            }
        }
    }
}

/// An ALSA configuration whose default device writes S16_LE/48000/2 to `target`
/// (a path in quotes, or a `|command` in quotes).
pub fn alsa_config_text(target: &str) -> String {
    format!(
        r#"pcm.null {{ type null }}
pcm.!default {{
    type plug
    slave {{
        pcm {{
            type file
            slave.pcm "null"
            file {target}
            format "raw"
        }}
        format S16_LE
        rate 48000
        channels 2
    }}
}}
"#
    )
}

fn read_like_a_card(
    pipe: &Path,
    recordings: &Mutex<Vec<Recording>>,
    current: &Mutex<Recording>,
    stop: &AtomicBool,
) {
    let slack = Duration::from_millis(2);
    while !stop.load(Ordering::SeqCst) {
        let Some(mut file) = open_for_the_next_writer(pipe, stop) else {
            return;
        };
        let mut buffer = vec![0u8; BLOCK_BYTES];
        let mut carry: Vec<u8> = Vec::new();
        let mut clock: Option<Instant> = None;
        let base = (Instant::now(), SystemTime::now());
        loop {
            if let Some(due) = clock {
                let wake = due.checked_sub(slack).unwrap_or(due);
                let now = Instant::now();
                if wake > now {
                    std::thread::sleep(wake - now);
                }
            }
            if writer_has_closed(&file) {
                // A card drops what it has not played when the device is closed.
                break;
            }
            let read = match file.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(read) => read,
            };
            let now = Instant::now();
            // Continuous output keeps the card's clock; after a gap it starts again now.
            let heard = match clock {
                Some(due) if now <= due + slack => due,
                _ => now,
            };
            clock = Some(heard + Duration::from_secs_f64(read as f64 / BYTES_PER_SECOND));
            carry.extend_from_slice(&buffer[..read]);
            let whole = carry.len() - carry.len() % 2;
            let mut recording = current.lock().expect("lock");
            let first_frame = recording.samples.len() / CHANNELS;
            recording
                .blocks
                .push((first_frame, base.1 + (heard - base.0)));
            recording.samples.extend(
                carry[..whole]
                    .chunks_exact(2)
                    .map(|pair| i16::from_le_bytes([pair[0], pair[1]])),
            );
            carry.drain(..whole);
        }
        let finished = std::mem::take(&mut *current.lock().expect("lock"));
        if !finished.samples.is_empty() {
            recordings.lock().expect("lock").push(finished);
        }
    }
}

/// Opens the pipe for reading before a writer comes, shrinks it while it is still empty,
/// and waits until a writer has put something in it (or the card is stopped: `None`).
/// Shrunk after the writer had filled more than a page, the pipe would refuse (EBUSY) and
/// stay at 64 KiB, a third of a second of audio: a card with a buffer that deep rides out
/// pauses a real one would not.
fn open_for_the_next_writer(pipe: &Path, stop: &AtomicBool) -> Option<File> {
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::OpenOptionsExt;
    while !stop.load(Ordering::SeqCst) {
        let file = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(pipe)
            .ok()?;
        let fd = file.as_raw_fd();
        // SAFETY: fcntl on the descriptor of `file`, alive here; no memory is passed.
        let shrunk = unsafe { libc::fcntl(fd, libc::F_SETPIPE_SZ, 4096) };
        assert!(shrunk > 0, "the card's pipe cannot be shrunk");
        // A writer that came and went without a sample (the drop's wake-up) hangs up:
        // then the pipe is opened again.
        if wait_for_data(&file, stop) {
            // Reads block from here on, as a card's DMA waits for data.
            // SAFETY: fcntl on the descriptor of `file`; no memory is passed.
            unsafe {
                let flags = libc::fcntl(fd, libc::F_GETFL);
                libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK);
            }
            return Some(file);
        }
    }
    None
}

/// Waits until the pipe holds data (`true`), or its writer hung up or the card is stopped.
fn wait_for_data(file: &File, stop: &AtomicBool) -> bool {
    use std::os::fd::AsRawFd;
    while !stop.load(Ordering::SeqCst) {
        let mut poll = libc::pollfd {
            fd: file.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd, count 1.
        let ready = unsafe { libc::poll(&mut poll, 1, 100) };
        if ready > 0 {
            return poll.revents & libc::POLLIN != 0;
        }
    }
    false
}

/// Whether the writing end has been closed (the device was closed by the player).
fn writer_has_closed(file: &File) -> bool {
    use std::os::fd::AsRawFd;
    let mut poll = libc::pollfd {
        fd: file.as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd, count 1, no wait.
    let ready = unsafe { libc::poll(&mut poll, 1, 0) };
    ready > 0 && poll.revents & libc::POLLHUP != 0
}

/// Writes a 16-bit PCM WAV file of a sine tone (optionally with a silent gap at `gap`).
pub fn write_tone_wav(path: &Path, frequency: f64, seconds: f64, rate: u32, channels: u16) {
    let frames = (seconds * f64::from(rate)).round() as usize;
    let mut data = Vec::with_capacity(frames * usize::from(channels) * 2);
    for frame in 0..frames {
        let t = frame as f64 / f64::from(rate);
        let value = (0.5 * (2.0 * std::f64::consts::PI * frequency * t).sin() * 32767.0) as i16;
        for _ in 0..channels {
            data.extend_from_slice(&value.to_le_bytes());
        }
    }
    let mut file = Vec::with_capacity(44 + data.len());
    let byte_rate = rate * u32::from(channels) * 2;
    file.extend_from_slice(b"RIFF");
    file.extend_from_slice(&(36 + data.len() as u32).to_le_bytes());
    file.extend_from_slice(b"WAVEfmt ");
    file.extend_from_slice(&16u32.to_le_bytes());
    file.extend_from_slice(&1u16.to_le_bytes());
    file.extend_from_slice(&channels.to_le_bytes());
    file.extend_from_slice(&rate.to_le_bytes());
    file.extend_from_slice(&byte_rate.to_le_bytes());
    file.extend_from_slice(&(channels * 2).to_le_bytes());
    file.extend_from_slice(&16u16.to_le_bytes());
    file.extend_from_slice(b"data");
    file.extend_from_slice(&(data.len() as u32).to_le_bytes());
    file.extend_from_slice(&data);
    std::fs::write(path, file).expect("write wav");
}

/// Makes a file look as if it was copied a while ago, so the library takes it as complete
/// at once instead of waiting for it to sit still for 2 s.
pub fn settle(path: &Path) {
    let file = std::fs::File::options()
        .append(true)
        .open(path)
        .expect("open to settle");
    file.set_modified(SystemTime::now() - Duration::from_secs(30))
        .expect("set mtime");
}

/// Settles every file of `folder` (see `settle`).
pub fn settle_folder(folder: &Path) {
    for entry in std::fs::read_dir(folder).expect("read folder") {
        settle(&entry.expect("entry").path());
    }
}

/// A mono 8 kHz tone that has sat in its folder a while (see `settle`).
pub fn settled_tone(path: &Path, frequency: f64, seconds: f64) {
    write_tone_wav(path, frequency, seconds, 8_000, 1);
    settle(path);
}

/// Converts a WAV into another format with ffmpeg (installed by `.ci/run`).
pub fn ffmpeg_convert(from: &Path, to: &Path, codec_args: &[&str]) {
    let status = Command::new("ffmpeg")
        .args(["-loglevel", "error", "-y", "-i"])
        .arg(from)
        .args(codec_args)
        .arg(to)
        .status()
        .expect("ffmpeg runs (apt-get install ffmpeg)");
    assert!(status.success(), "ffmpeg failed for {}", to.display());
}

/// A station folder: config, audio folders, data folder.
pub struct Station {
    // Declared first so it is dropped first, while its pipe still exists.
    pub card: SoundCard,
    pub dir: tempfile::TempDir,
}

impl Station {
    /// A station whose config is `programmes` (TOML for `[[programme]]` tables) and whose
    /// audio folder holds the sub-folders `folders`.
    pub fn new(folders: &[&str], programmes: &str) -> Station {
        let dir = tempfile::tempdir().expect("temp dir");
        for folder in folders {
            std::fs::create_dir_all(dir.path().join("audio").join(folder)).expect("mkdir");
        }
        std::fs::create_dir_all(dir.path().join("config")).expect("mkdir");
        let text = format!(
            "[station]\nname = \"Đài thử nghiệm\"\ntimezone = \"Asia/Ho_Chi_Minh\"\n\n\
             [web]\nlisten = \"127.0.0.1:0\"\n\n\
             [paths]\naudio = \"../audio\"\ndata = \"../data\"\n\n{programmes}"
        );
        std::fs::write(dir.path().join("config").join("wardcast.toml"), text).expect("config");
        let card = SoundCard::start(dir.path());
        Station { dir, card }
    }

    pub fn config_path(&self) -> PathBuf {
        self.dir.path().join("config").join("wardcast.toml")
    }

    pub fn audio(&self, folder: &str) -> PathBuf {
        self.dir.path().join("audio").join(folder)
    }

    pub fn ledger_path(&self) -> PathBuf {
        self.dir.path().join("data").join("wardcast-ledger.sqlite3")
    }

    pub fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_wardcast"));
        command
            .arg("--config")
            .arg(self.config_path())
            .env("ALSA_CONFIG_PATH", &self.card.alsa_config)
            .env("WARDCAST_LOG", "info")
            .env_remove("WARDCAST_CONFIG");
        command
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().expect("wardcast runs")
    }

    /// Starts `wardcast run` in the background.
    pub fn spawn_daemon(&self, args: &[&str]) -> Daemon {
        self.spawn_daemon_with_env(args, &[])
    }

    /// Starts `wardcast run` in the background with these environment variables set.
    pub fn spawn_daemon_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Daemon {
        let log = self.dir.path().join("daemon.log");
        let child = self
            .command()
            .envs(env.iter().copied())
            .arg("run")
            .args(args)
            .stdout(Stdio::null())
            .stderr(File::create(&log).expect("log file"))
            .spawn()
            .expect("wardcast run starts");
        Daemon { child, log }
    }

    /// The log as `wardcast log --json` prints it.
    pub fn log_json(&self) -> Vec<serde_json::Value> {
        let output = self.run(&["log", "--json"]);
        assert!(output.status.success(), "wardcast log failed: {output:?}");
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(|line| serde_json::from_str(line).expect("one JSON object a line"))
            .collect()
    }

    /// Waits until the log holds `count` airings that have an outcome.
    pub fn wait_for_outcomes(&self, count: usize, timeout: Duration) -> Vec<serde_json::Value> {
        let deadline = Instant::now() + timeout;
        loop {
            let log = self.log_json();
            let done = log.iter().filter(|a| !a["outcome"].is_null()).count();
            if done >= count || Instant::now() > deadline {
                return log;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

/// A running `wardcast run`.
pub struct Daemon {
    pub child: Child,
    pub log: PathBuf,
}

impl Daemon {
    /// Sends SIGTERM and waits for the exit status.
    pub fn terminate(mut self) -> (std::process::ExitStatus, String) {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let status = self.child.wait().expect("daemon exits");
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        (status, log)
    }
}

impl Daemon {
    /// What the daemon has logged so far.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// The daemon's log lines that contain every one of `parts`.
    pub fn log_lines(&self, parts: &[&str]) -> Vec<String> {
        self.log_text()
            .lines()
            .filter(|line| parts.iter().all(|part| line.contains(part)))
            .map(str::to_string)
            .collect()
    }

    /// Waits until a log line contains every one of `parts`; returns it.
    pub fn wait_for_line(&self, parts: &[&str], timeout: Duration) -> Option<String> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(line) = self.log_lines(parts).into_iter().next() {
                return Some(line);
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

/// The time at the start of a daemon log line (tracing writes RFC 3339 in UTC).
pub fn line_time(line: &str) -> Option<SystemTime> {
    let stamp = line.split_whitespace().next()?;
    let at = chrono::DateTime::parse_from_rfc3339(stamp).ok()?;
    Some(at.with_timezone(&Utc).into())
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A whole second at least `lead` from now, in UTC, and the 6-field crontab line that
/// fires at exactly that second (hour and minute in the Vietnam zone, UTC+7).
pub fn slot_in(lead: Duration) -> (DateTime<Utc>, String) {
    let at =
        Utc::now() + chrono::Duration::from_std(lead).expect("lead") + chrono::Duration::seconds(1);
    let at = at.with_nanosecond(0).expect("whole second");
    let local = at.with_timezone(&chrono_tz::Asia::Ho_Chi_Minh);
    let line = format!(
        "{} {} {} {} {} *",
        local.second(),
        local.minute(),
        local.hour(),
        chrono::Datelike::day(&local),
        chrono::Datelike::month(&local)
    );
    (at, line)
}

pub fn sha256_of(path: &Path) -> String {
    wardcast::library::sha256_file(path).expect("hash")
}

pub fn millis_between(a: SystemTime, b: SystemTime) -> f64 {
    match a.duration_since(b) {
        Ok(ahead) => ahead.as_secs_f64() * 1000.0,
        Err(behind) => -behind.duration().as_secs_f64() * 1000.0,
    }
}

/// An instant in the station's zone (Vietnam, UTC+7).
pub fn vietnam(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> DateTime<chrono_tz::Tz> {
    use chrono::TimeZone;
    chrono_tz::Asia::Ho_Chi_Minh
        .with_ymd_and_hms(year, month, day, hour, minute, 0)
        .single()
        .expect("a time that exists")
}

/// Writes a one-minute airing of `programme` from `file` into `ledger` through the library,
/// as the daemon writes it: its start at `at` and, when `outcome` is given, its end a
/// minute later with that outcome. Returns the airing's id.
pub fn log_airing(
    ledger: &mut wardcast::ledger::Ledger,
    programme: &str,
    at: DateTime<chrono_tz::Tz>,
    file: &Path,
    outcome: Option<wardcast::ledger::Outcome>,
) -> wardcast::ledger::AiringId {
    use wardcast::ledger::{AiringEnd, AiringStart, Trigger};
    let id = ledger
        .record_start(&AiringStart {
            programme,
            trigger: Trigger::Schedule,
            scheduled_at: Some(at),
            started_at: at,
            file,
            sha256: Some("00"),
            duration_seconds: 60.0,
        })
        .expect("start");
    if let Some(outcome) = outcome {
        ledger
            .record_end(&AiringEnd {
                airing: id,
                programme,
                trigger: Trigger::Schedule,
                ended_at: at + chrono::Duration::seconds(60),
                played_seconds: 60.0,
                outcome,
                reason: None,
                evidence: None,
            })
            .expect("end");
    }
    id
}

/// Gives the station a spare folder (`[paths] spare = "../spare"`), made as a plugged-in
/// disk would be; returns it.
pub fn with_spare_folder(station: &Station) -> PathBuf {
    let config = std::fs::read_to_string(station.config_path()).expect("config");
    std::fs::write(
        station.config_path(),
        config.replace(
            "data = \"../data\"",
            "data = \"../data\"\nspare = \"../spare\"",
        ),
    )
    .expect("config with a spare folder");
    let spare = station.dir.path().join("spare");
    std::fs::create_dir_all(&spare).expect("the spare disk");
    spare
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs `command` and waits at most `limit` for it: a command that should answer at once
/// and blocks instead fails the test (and is killed) rather than hanging the suite. Its
/// output is read while it runs, so a long one cannot fill the pipe and stall.
pub fn output_within(mut command: Command, limit: Duration) -> Output {
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("command starts");
    let pid = child.id().to_string();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(child.wait_with_output());
    });
    match receiver.recv_timeout(limit) {
        Ok(output) => output.expect("command output"),
        Err(_) => {
            let _ = Command::new("kill").args(["-KILL", &pid]).status();
            panic!("{command:?} was still running after {limit:?}: it blocked");
        }
    }
}

/// Runs the daemon until its one relay has gone out, and checks what the card heard: a tone
/// of `hz` from `slot` (within 250 ms, a generous margin for a loaded machine; the relay
/// benchmark measures the real figure) for `seconds` (±0.1 s). Gives the log and the
/// daemon's own log.
pub fn relay_heard(
    station: &Station,
    slot: DateTime<Utc>,
    seconds: f64,
    hz: f64,
) -> (Vec<serde_json::Value>, String) {
    let daemon = station.spawn_daemon(&[]);
    let recordings = station.card.wait_for_recordings(1, Duration::from_secs(30));
    let log = station.wait_for_outcomes(1, Duration::from_secs(5));
    let (_, daemon_log) = daemon.terminate();
    assert_eq!(recordings.len(), 1, "{daemon_log}");
    let heard = &recordings[0];
    let first = heard.first_sound_frame().expect("the relay was heard");
    let lateness = millis_between(heard.first_sound_at().expect("time"), slot.into());
    eprintln!("first relayed sound {lateness:.2} ms after the slot");
    assert!(
        lateness.abs() < 250.0,
        "first sound {lateness:.1} ms from the slot"
    );
    let length = heard.sound_duration().as_secs_f64();
    assert!(
        (length - seconds).abs() <= 0.1,
        "relayed {length:.3} s of {seconds} s"
    );
    let frequency = heard.frequency(first + RATE as usize / 10, RATE as usize);
    assert!((frequency - hz).abs() < 20.0, "heard {frequency:.1} Hz");
    (log, daemon_log)
}
