//! Recording from the line-in, headless: ALSA's `file` plugin is the capture device, fed a
//! 1 kHz tone at a real card's pace (`support::line_in`). The capture runs in this process
//! with the real recorder; the file it makes is checked by the real `wardcast library`.
//!
//! ALSA reads its configuration once per process, so every test here shares one line-in
//! (made on first use) and takes its turn.

mod support;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use support::line_in::{self, LineIn};
use support::{sha256_of, Station};
use wardcast::config::LINE_IN;
use wardcast::messages::receive::ReceiveProblem;
use wardcast::receive::{capture, Codec, ReceiveSink, StreamInfo, StreamKind};
use wardcast::recording::{file_stem, Recorder, RECEIVING};
use wardcast::sound::GapCause;

const TONE_HZ: f64 = 1000.0;

/// The process's line-in, fed the tone, and ALSA pointed at it; one test at a time.
fn the_line_in() -> MutexGuard<'static, LineIn> {
    static LINE: OnceLock<(tempfile::TempDir, Mutex<LineIn>)> = OnceLock::new();
    let (_, line) = LINE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut line = LineIn::new(dir.path());
        let config = dir.path().join("asound.conf");
        line.write_config(&config);
        // Before this process first uses ALSA, which happens only through this function.
        std::env::set_var("ALSA_CONFIG_PATH", &config);
        line.feed_tone(TONE_HZ);
        (dir, Mutex::new(line))
    });
    let guard = line.lock().unwrap_or_else(PoisonError::into_inner);
    guard.pause(false);
    guard
}

/// Notes what a capture hands over.
#[derive(Default)]
struct Heard {
    info: Option<StreamInfo>,
    samples: Vec<f32>,
    shapes: Vec<(u32, u16)>,
}

impl ReceiveSink for Heard {
    fn connected(&mut self, info: &StreamInfo) {
        self.info = Some(info.clone());
    }
    fn bytes(&mut self, _: &[u8]) {
        panic!("a capture device hands no coded bytes");
    }
    fn sound(&mut self, samples: &[f32], rate: u32, channels: u16) {
        self.samples.extend_from_slice(samples);
        if !self.shapes.contains(&(rate, channels)) {
            self.shapes.push((rate, channels));
        }
    }
    fn lost(&mut self, _: GapCause, _: &ReceiveProblem) {}
}

/// Captures from `device` into `sink` for `seconds`, then stops; calls `meanwhile` once
/// the capture has run for a second.
fn capture_for(
    device: &str,
    sink: &mut dyn ReceiveSink,
    seconds: f64,
    meanwhile: impl FnOnce(),
) -> Result<(), ReceiveProblem> {
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let capture = scope.spawn(|| capture::run(device, sink, &stop));
        std::thread::sleep(Duration::from_secs(1));
        meanwhile();
        std::thread::sleep(Duration::from_secs_f64(seconds - 1.0));
        stop.store(true, Ordering::SeqCst);
        capture.join().expect("the capture does not panic")
    })
}

/// The interleaved 16-bit samples, rate and channels of a FLAC file, decoded as the
/// library decodes it.
fn decode_flac(path: &Path) -> (Vec<i16>, u32, usize) {
    use symphonia::core::audio::SampleBuffer;
    let file = std::fs::File::open(path).expect("open the recording");
    let stream = symphonia::core::io::MediaSourceStream::new(Box::new(file), Default::default());
    let mut hint = symphonia::core::probe::Hint::new();
    hint.with_extension("flac");
    let mut format = symphonia::default::get_probe()
        .format(&hint, stream, &Default::default(), &Default::default())
        .expect("a FLAC file")
        .format;
    let track = format.default_track().expect("a track").clone();
    let mut decoder = symphonia::default::get_codecs()
        .make(&track.codec_params, &Default::default())
        .expect("a decoder");
    let (mut samples, mut rate, mut channels) = (Vec::new(), 0, 0);
    while let Ok(packet) = format.next_packet() {
        let decoded = decoder.decode(&packet).expect("the recording decodes");
        let spec = *decoded.spec();
        (rate, channels) = (spec.rate, spec.channels.count());
        let mut buffer = SampleBuffer::<i16>::new(decoded.capacity() as u64, spec);
        buffer.copy_interleaved_ref(decoded);
        samples.extend_from_slice(buffer.samples());
    }
    (samples, rate, channels)
}

fn files_in(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|entries| entries.map(|entry| entry.expect("entry").path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

/// Asks `wardcast library --json` until `file` is ready (or `limit` passes); its row.
fn wait_until_ready(station: &Station, file: &str, limit: Duration) -> serde_json::Value {
    let deadline = Instant::now() + limit;
    loop {
        let output = station.run(&["library", "--json"]);
        assert!(output.status.success(), "{output:?}");
        let row = support::stdout(&output)
            .lines()
            .map(|line| serde_json::from_str::<serde_json::Value>(line).expect("JSON"))
            .find(|row| {
                row["file"]
                    .as_str()
                    .is_some_and(|name| name.ends_with(file))
            });
        match row {
            Some(row) if row["state"] == "ready" || Instant::now() > deadline => return row,
            None if Instant::now() > deadline => panic!("{file} is not in the library"),
            _ => std::thread::sleep(Duration::from_millis(250)),
        }
    }
}

#[test]
fn a_tone_on_the_line_in_is_recorded_as_flac_and_lands_dated_when_complete() {
    let _line = the_line_in();
    let station = Station::new(
        &["cchc"],
        "[[programme]]\nid = \"cchc\"\ntitle = \"CCHC\"\nfolder = \"cchc\"\n\
         schedule = [\"0 0 7 * * *\"]\npick = \"unaired\"\n",
    );
    let folder = station.audio("cchc");
    let data = station.dir.path().join("data");
    let now = chrono::Utc::now().with_timezone(&chrono_tz::Asia::Ho_Chi_Minh);
    let stem = file_stem("{date} Chuyên mục CCHC Đài tỉnh", now.naive_local());
    let mut recorder = Recorder::create(&data, &folder, &stem).expect("the recording starts");
    let part = recorder.path().to_path_buf();
    assert!(part.starts_with(data.join(RECEIVING)), "{}", part.display());

    let result = capture_for(LINE_IN, &mut recorder, 4.0, || {
        // Half-way, the recording is only in the data folder.
        assert!(files_in(&folder).is_empty(), "{:?}", files_in(&folder));
        assert!(part.exists());
    });
    assert_eq!(result, Ok(()));
    let finished = recorder.finish().expect("the recording is saved");

    let expected = folder.join(format!("{stem}.flac"));
    assert_eq!(finished.path, expected);
    assert_eq!(files_in(&folder), vec![expected.clone()]);
    assert!(files_in(&data.join(RECEIVING)).is_empty());
    assert_eq!(finished.codec, Codec::Pcm);
    assert!(finished.gaps.is_empty(), "{:?}", finished.gaps);
    assert!(
        (3.0..=4.3).contains(&finished.seconds),
        "{} s recorded in 4 s",
        finished.seconds
    );
    let size = std::fs::metadata(&expected).expect("the file").len();
    assert_eq!(finished.bytes, size);
    assert_eq!(finished.sha256, sha256_of(&expected));

    let (samples, rate, channels) = decode_flac(&expected);
    assert_eq!((rate, channels), (48_000, 2));
    let frames = samples.len() / 2;
    assert!((frames as f64 / 48_000.0 - finished.seconds).abs() < 0.01);
    let heard = support::Recording {
        samples,
        blocks: Vec::new(),
    };
    let frequency = heard.frequency(24_000, 96_000);
    assert!((frequency - TONE_HZ).abs() < 5.0, "{frequency} Hz");

    let row = wait_until_ready(&station, &format!("{stem}.flac"), Duration::from_secs(15));
    assert_eq!(row["state"], "ready", "{row}");
    assert_eq!(row["sha256"], finished.sha256.as_str());
    let length = row["duration_seconds"].as_f64().expect("a length");
    assert!((length - finished.seconds).abs() < 0.01, "{length} s");
}

#[test]
fn a_capture_device_is_found_by_the_name_devices_lists() {
    let _line = the_line_in();
    let mut heard = Heard::default();
    let result = capture_for(line_in::DEVICE_NAME, &mut heard, 1.5, || {});
    assert_eq!(result, Ok(()));
    let info = heard.info.expect("connected");
    assert_eq!(info.kind, StreamKind::Capture);
    assert_eq!(info.codec, Codec::Pcm);
    assert_eq!((info.sample_rate, info.channels), (Some(48_000), Some(2)));
    assert_eq!(heard.shapes, vec![(48_000, 2)]);
    // At the pace of a card: about 1.5 s of sound in 1.5 s.
    let seconds = heard.samples.len() as f64 / 2.0 / 48_000.0;
    assert!((1.0..=1.7).contains(&seconds), "{seconds} s in 1.5 s");
    let loudest = heard.samples.iter().fold(0.0f32, |m, s| m.max(s.abs()));
    assert!((0.45..=0.51).contains(&loudest), "{loudest}");
}

#[test]
fn a_capture_device_that_is_not_there_is_named() {
    let _line = the_line_in();
    let mut heard = Heard::default();
    let stop = AtomicBool::new(false);
    let result = capture::run("máy thu không có", &mut heard, &stop);
    assert_eq!(
        result,
        Err(ReceiveProblem::CaptureMissing {
            device: "máy thu không có".to_string()
        })
    );
    assert!(heard.info.is_none());
}

#[test]
fn a_line_in_that_goes_quiet_fails_the_capture() {
    let line = the_line_in();
    let mut heard = Heard::default();
    let stop = AtomicBool::new(false);
    let started = Instant::now();
    let result = std::thread::scope(|scope| {
        let capture = scope.spawn(|| capture::run(LINE_IN, &mut heard, &stop));
        std::thread::sleep(Duration::from_millis(700));
        line.pause(true);
        let paused_at = Instant::now();
        // The capture's device waits for sound it never gets; once it has said so, the
        // sound comes back so the device can be closed.
        std::thread::sleep(Duration::from_secs(3));
        line.pause(false);
        let result = capture.join().expect("no panic");
        (result, paused_at)
    });
    let (result, paused_at) = result;
    stop.store(true, Ordering::SeqCst);
    assert_eq!(
        result,
        Err(ReceiveProblem::CaptureStalled {
            device: LINE_IN.to_string(),
            seconds: 2
        })
    );
    assert!(heard.info.is_some());
    assert!(paused_at.duration_since(started) < Duration::from_secs(1));
}

#[test]
fn devices_lists_the_line_in_among_the_inputs() {
    let station = Station::new(&["thu"], "");
    let line = LineIn::new(station.dir.path());
    line.add_to_card(&station.card);
    for (args, heading, default) in [
        (&["devices"][..], "Thiết bị thu âm", "line-in (mặc định)"),
        (
            &["--lang", "en", "devices"],
            "Capture devices",
            "line-in (default)",
        ),
    ] {
        let output = station.run(args);
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        let out = support::stdout(&output);
        let (outputs, inputs) = out
            .split_once(&format!("\n{heading}"))
            .unwrap_or_else(|| panic!("{heading:?} in:\n{out}"));
        // The card stays the default output; the line-in is the default input.
        assert!(outputs.lines().any(|l| l.starts_with("default (")), "{out}");
        assert!(!outputs.contains("line-in"), "{out}");
        let inputs: Vec<&str> = inputs.lines().skip(1).collect();
        assert_eq!(inputs.first(), Some(&default), "{out}");
        let named = inputs.iter().position(|l| *l == line_in::DEVICE_NAME);
        let named = named.unwrap_or_else(|| panic!("{} in:\n{out}", line_in::DEVICE_NAME));
        assert_eq!(
            inputs.get(named + 1).map(|l| l.trim()),
            Some(line_in::DESCRIPTION)
        );
    }
}
