//! Files that are not what their names say: a named pipe, a link to a device, a folder,
//! random bytes, codings wardcast cannot play, headers no recording has. Every command
//! finishes promptly, says what is wrong and what to do, and one bad file gives one line.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use support::{ffmpeg_convert, settle, settled_tone, write_tone_wav, Station};

/// Far longer than any of these commands takes; a command still running then is stuck.
const PROMPT: Duration = Duration::from_secs(15);

/// A programme that airs once a year, so only its folder matters.
fn quiet_station() -> Station {
    Station::new(
        &["tiep-song"],
        "[[programme]]\nid = \"tiep-song\"\ntitle = \"Tiếp sóng\"\nfolder = \"tiep-song\"\n\
         schedule = [\"0 17 31 12 *\"]\npick = \"newest\"\n",
    )
}

fn run_promptly(command: Command) -> Output {
    support::output_within(command, PROMPT)
}

fn wardcast(station: &Station, args: &[&str]) -> Output {
    let mut command = station.command();
    command.args(args);
    run_promptly(command)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo failed");
}

/// Every file's row from `wardcast library --json`, by file name.
fn reasons(station: &Station, lang: &str) -> Vec<(String, String, String)> {
    let output = wardcast(station, &["--lang", lang, "library", "--json"]);
    assert!(output.status.success(), "{output:?}");
    text(&output.stdout)
        .lines()
        .map(|line| {
            let row: serde_json::Value = serde_json::from_str(line).expect("JSON line");
            let file = row["file"].as_str().expect("file");
            let name = Path::new(file)
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            let state = row["state"].as_str().expect("state").to_string();
            let reason = row["reason"].as_str().unwrap_or_default().to_string();
            (name, state, reason)
        })
        .collect()
}

fn reason_of(rows: &[(String, String, String)], name: &str) -> String {
    let (_, state, reason) = rows
        .iter()
        .find(|(file, _, _)| file == name)
        .unwrap_or_else(|| panic!("no row for {name} in {rows:#?}"));
    assert_eq!(state, "rejected", "{name}: {reason}");
    reason.clone()
}

/// A pipe, a link to a device and a folder, each with an audio name, in `folder`.
fn not_files(folder: &Path) -> [PathBuf; 3] {
    let pipe = folder.join("Bản tin qua ống.mp3");
    mkfifo(&pipe);
    let device = folder.join("thiết bị.mp3");
    std::os::unix::fs::symlink("/dev/zero", &device).expect("symlink");
    let inner = folder.join("thư mục.wav");
    std::fs::create_dir(&inner).expect("mkdir");
    [pipe, device, inner]
}

#[test]
fn a_pipe_a_device_and_a_folder_are_listed_as_not_playable_without_blocking() {
    let station = quiet_station();
    let folder = station.audio("tiep-song");
    not_files(&folder);

    // `check` reads the folder and probes what it finds: nothing here can make it wait.
    let started = Instant::now();
    let check = wardcast(&station, &["--lang", "en", "check"]);
    eprintln!("check took {:?}", started.elapsed());
    assert_eq!(check.status.code(), Some(1), "{check:?}");
    let out = text(&check.stdout);
    for expected in [
        "Bản tin qua ống.mp3: not a regular file: a named pipe (FIFO); copy the audio file itself here",
        "thiết bị.mp3: not a regular file: a device",
        "thư mục.wav: not a regular file: a folder",
    ] {
        assert!(out.contains(expected), "{expected:?} not in:\n{out}");
    }

    settled_tone(&folder.join("tốt.wav"), 440.0, 1.0);
    let rows = reasons(&station, "en");
    assert!(reason_of(&rows, "Bản tin qua ống.mp3")
        .starts_with("not a regular file: a named pipe (FIFO)"));
    assert!(reason_of(&rows, "thiết bị.mp3").starts_with("not a regular file: a device"));
    assert!(reason_of(&rows, "thư mục.wav").starts_with("not a regular file: a folder"));
    assert!(rows
        .iter()
        .any(|(name, state, _)| name == "tốt.wav" && state == "ready"));

    let vietnamese = wardcast(&station, &["library"]);
    assert!(vietnamese.status.success(), "{vietnamese:?}");
    let listing = text(&vietnamese.stdout);
    assert!(
        listing.contains("không phải file thông thường: đây là một đường ống (FIFO); hãy chép chính file âm thanh vào đây"),
        "{listing}"
    );
    assert!(listing.contains("đây là một thiết bị"), "{listing}");
}

#[test]
fn play_refuses_a_pipe_and_a_device_at_once_and_never_opens_the_card() {
    let station = Station::new(&["thu"], "");
    let [pipe, device, inner] = not_files(&station.audio("thu"));
    for (file, kind) in [
        (&pipe, "a named pipe (FIFO)"),
        (&device, "a device"),
        (&inner, "a folder"),
    ] {
        let mut command = station.command();
        command.args(["--lang", "en", "play"]).arg(file);
        let started = Instant::now();
        let output = run_promptly(command);
        assert!(started.elapsed() < Duration::from_secs(5));
        assert_eq!(output.status.code(), Some(1), "{output:?}");
        let err = text(&output.stderr);
        let expected = format!(
            "{} cannot be played: not a regular file: {kind}; copy the audio file itself here",
            file.display()
        );
        assert!(err.contains(&expected), "{expected:?} not in: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    std::thread::sleep(Duration::from_millis(300));
    assert!(station.card.recordings().is_empty(), "the card was opened");
}

#[test]
fn play_now_refuses_a_pipe_through_the_running_daemon() {
    let station = quiet_station();
    let mut daemon = station.spawn_daemon(&[]);
    daemon
        .wait_for_line(&["wardcast is running"], Duration::from_secs(10))
        .expect("daemon started");
    let pipe = station.dir.path().join("thông báo.mp3");
    mkfifo(&pipe);
    let mut command = station.command();
    command.args(["--lang", "en", "play", "--now"]).arg(&pipe);
    let output = run_promptly(command);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let said = text(&output.stdout);
    assert!(
        said.contains("cannot be played: not a regular file: a named pipe (FIFO)"),
        "{said}"
    );
    assert!(daemon.is_running(), "{}", daemon.log_text());
}

/// A WAV whose `fmt ` chunk has `value` written at `offset` (10: channels, 12: rate).
fn wav_with_field(path: &Path, offset: usize, value: &[u8]) {
    write_tone_wav(path, 440.0, 1.0, 22_050, 1);
    let mut bytes = std::fs::read(path).expect("read");
    let fmt = bytes
        .windows(4)
        .position(|window| window == b"fmt ")
        .expect("fmt chunk");
    bytes[fmt + offset..fmt + offset + value.len()].copy_from_slice(value);
    std::fs::write(path, bytes).expect("write");
}

/// 100 kB of noise with an mp3 name: the mp3 reader used to log a warning for every
/// stretch it skipped.
fn noise(path: &Path) {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes: Vec<u8> = (0..100_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    std::fs::write(path, bytes).expect("write noise");
}

#[test]
fn each_bad_file_gives_one_line_in_the_daemon_log_and_the_daemon_keeps_running() {
    let station = quiet_station();
    let folder = station.audio("tiep-song");
    let mut daemon = station.spawn_daemon(&[]);
    daemon
        .wait_for_line(&["wardcast is running"], Duration::from_secs(10))
        .expect("daemon started");

    // Made aside and moved in whole, as a copy program does; the pipe is made in place.
    let aside = station.dir.path();
    noise(&aside.join("tạp âm.mp3"));
    wav_with_field(&aside.join("tần số 0.wav"), 12, &0u32.to_le_bytes());
    wav_with_field(&aside.join("không kênh.wav"), 10, &0u16.to_le_bytes());
    let source = aside.join("tone.wav");
    write_tone_wav(&source, 440.0, 1.0, 48_000, 1);
    ffmpeg_convert(&source, &aside.join("opus.ogg"), &["-codec:a", "libopus"]);
    for name in ["tạp âm.mp3", "tần số 0.wav", "không kênh.wav", "opus.ogg"] {
        std::fs::rename(aside.join(name), folder.join(name)).expect("move in");
    }
    mkfifo(&folder.join("ống.mp3"));
    let bad = [
        "tạp âm.mp3",
        "tần số 0.wav",
        "không kênh.wav",
        "ống.mp3",
        "opus.ogg",
    ];

    let deadline = Instant::now() + Duration::from_secs(15);
    while daemon.log_lines(&["will not air"]).len() < bad.len() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    // Long enough for a repeat or a decoder's chatter to show if either were coming.
    std::thread::sleep(Duration::from_millis(1500));
    let log = daemon.log_text();
    for name in bad {
        let lines = daemon.log_lines(&["will not air", name]);
        assert_eq!(lines.len(), 1, "{name}:\n{log}");
    }
    let warnings: Vec<&str> = log.lines().filter(|line| line.contains("WARN")).collect();
    assert_eq!(
        warnings.len(),
        bad.len(),
        "one warning per bad file:\n{log}"
    );
    assert!(!log.contains("symphonia"), "{log}");
    assert!(!log.contains("panicked"), "{log}");
    let reason = |name: &str| daemon.log_lines(&["will not air", name]).join("\n");
    assert!(
        reason("tạp âm.mp3").contains("không phải file âm thanh"),
        "{log}"
    );
    assert!(
        reason("tần số 0.wav").contains("tần số lấy mẫu 0 Hz"),
        "{log}"
    );
    assert!(
        reason("không kênh.wav").contains("0 kênh âm thanh"),
        "{log}"
    );
    assert!(reason("ống.mp3").contains("đường ống (FIFO)"), "{log}");
    assert!(reason("opus.ogg").contains("mã hoá kiểu Opus"), "{log}");
    assert!(daemon.is_running(), "the daemon stopped:\n{log}");
}

#[test]
fn check_shows_a_noise_file_once_and_nothing_from_the_decoders() {
    let station = quiet_station();
    // No readiness warnings: the one line about the file is the next airing's.
    let config = std::fs::read_to_string(station.config_path()).expect("config");
    let config = config.replacen("[station]\n", "[station]\nwarn_days = 0\n", 1);
    std::fs::write(station.config_path(), config).expect("config");
    let file = station.audio("tiep-song").join("tạp âm.mp3");
    noise(&file);
    settle(&file);
    let output = wardcast(&station, &["--lang", "en", "check"]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let out = text(&output.stdout);
    let about: Vec<&str> = out.lines().filter(|l| l.contains("tạp âm.mp3")).collect();
    assert_eq!(about.len(), 1, "{out}");
    assert!(
        about[0].contains("tạp âm.mp3: not an audio file (wardcast plays mp3, wav, flac, ogg, m4a); if it plays on a computer, convert it to MP3"),
        "{out}"
    );
    assert!(!about[0].contains("cut short"), "{out}");
    let err = text(&output.stderr);
    assert!(err.trim().is_empty(), "the decoders spoke:\n{err}");
}

#[test]
fn codings_wardcast_cannot_play_are_named_in_words_with_what_to_do() {
    let station = quiet_station();
    let folder = station.audio("tiep-song");
    let source = station.dir.path().join("tone.wav");
    write_tone_wav(&source, 440.0, 1.0, 48_000, 2);
    let made: [(&str, &[&str], &str); 8] = [
        ("opus.ogg", &["-codec:a", "libopus"], "Opus"),
        ("bản tin.opus", &["-codec:a", "libopus"], "Opus"),
        ("dolby.m4a", &["-codec:a", "ac3"], "AC-3 (Dolby Digital)"),
        ("dolby.wav", &["-codec:a", "ac3"], "AC-3 (Dolby Digital)"),
        (
            "mp3 trong wav.wav",
            &["-codec:a", "libmp3lame"],
            "MP3 inside a WAV file",
        ),
        (
            "windows.wma",
            &["-codec:a", "wmav2"],
            "WMA (Windows Media Audio)",
        ),
        ("apple.m4a", &["-codec:a", "alac"], "ALAC (Apple Lossless)"),
        ("mac.aiff", &[], "AIFF"),
    ];
    for (name, args, _) in &made {
        let path = folder.join(name);
        ffmpeg_convert(&source, &path, args);
        settle(&path);
    }
    let rows = reasons(&station, "en");
    for (name, _, coding) in &made {
        let reason = reason_of(&rows, name);
        let expected = format!(
            "the sound inside is coded as {coding}, which wardcast cannot play; convert it to MP3 (e.g. ffmpeg -i \"file\" -b:a 128k \"file.mp3\")"
        );
        assert_eq!(reason, expected, "{name}");
    }
    let vietnamese = reasons(&station, "vi");
    assert_eq!(
        reason_of(&vietnamese, "dolby.wav"),
        "âm thanh trong file mã hoá kiểu AC-3 (Dolby Digital), wardcast không phát được; \
         hãy chuyển sang MP3 (ví dụ: ffmpeg -i \"tên file\" -b:a 128k \"tên file.mp3\")"
    );
}

#[test]
fn headers_with_no_sample_rate_or_channels_are_refused_with_the_reason() {
    let station = quiet_station();
    let folder = station.audio("tiep-song");
    let cases: [(&str, usize, Vec<u8>, &str); 4] = [
        (
            "0 Hz.wav",
            12,
            0u32.to_le_bytes().to_vec(),
            "a sample rate of 0 Hz",
        ),
        (
            "4 GHz.wav",
            12,
            u32::MAX.to_le_bytes().to_vec(),
            "a sample rate of 4294967295 Hz",
        ),
        (
            "0 kênh.wav",
            10,
            0u16.to_le_bytes().to_vec(),
            "0 sound channels",
        ),
        (
            "65535 kênh.wav",
            10,
            u16::MAX.to_le_bytes().to_vec(),
            "65535 sound channels",
        ),
    ];
    for (name, offset, value, _) in &cases {
        let path = folder.join(name);
        wav_with_field(&path, *offset, value);
        settle(&path);
    }
    let rows = reasons(&station, "en");
    for (name, _, _, said) in &cases {
        let reason = reason_of(&rows, name);
        assert!(
            reason.starts_with(&format!("the file's header gives {said}, which no recording has: the file is damaged; export it again from the original, or convert it to MP3")),
            "{name}: {reason}"
        );
    }
}

#[test]
fn a_wav_written_through_a_pipe_states_no_length_and_is_ready() {
    let station = quiet_station();
    let source = station.dir.path().join("tone.wav");
    write_tone_wav(&source, 440.0, 1.5, 22_050, 1);
    let piped = station.audio("tiep-song").join("qua ống.wav");
    let status = Command::new("ffmpeg")
        .args(["-loglevel", "error", "-i"])
        .arg(&source)
        .args(["-f", "wav", "-"])
        .stdout(std::fs::File::create(&piped).expect("create"))
        .status()
        .expect("ffmpeg runs");
    assert!(status.success());
    let bytes = std::fs::read(&piped).expect("read");
    let data = bytes
        .windows(4)
        .position(|window| window == b"data")
        .expect("data chunk");
    assert_eq!(
        bytes[data + 4..data + 8],
        [0xFF; 4],
        "ffmpeg left the length unstated"
    );
    settle(&piped);
    let output = wardcast(&station, &["--lang", "en", "library", "--json"]);
    let row: serde_json::Value =
        serde_json::from_str(text(&output.stdout).trim()).expect("one row");
    assert_eq!(row["state"], "ready", "{row}");
    // The reader gives its last packet a whole packet's length: a few ms over.
    let seconds = row["duration_seconds"].as_f64().expect("duration");
    assert!((seconds - 1.5).abs() < 0.05, "{seconds}");
}
