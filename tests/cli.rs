//! The binary's contract with the officer: exit statuses, the words printed, what the
//! sound card heard, and what the airing log says afterwards.

mod support;

use support::{stderr, stdout};

use std::process::{Command, Output};
use std::time::Duration;

use serde_json::Value;
use support::{settled_tone, sha256_of, slot_in, write_tone_wav, Station, RATE};

/// `wardcast` on `station`, its messages in English (the officer's default is Vietnamese).
fn wardcast(station: &Station) -> Command {
    let mut command = station.command();
    command.args(["--lang", "en"]);
    command
}

fn run(station: &Station, args: &[&str]) -> Output {
    wardcast(station)
        .args(args)
        .output()
        .expect("wardcast runs")
}

/// Neither a panic nor a Rust debug dump reached the officer.
fn assert_no_crash(output: &Output) {
    let text = format!("{}{}", stdout(output), stderr(output));
    assert!(
        !text.contains("panicked") && !text.contains("RUST_BACKTRACE"),
        "{text}"
    );
}

// ----- configuration errors -------------------------------------------------------------

/// A valid configuration; the error cases below each change one line of it. Line numbers
/// are worth checking against this text when reading the expected locations.
const GOOD: &str = r#"# Cấu hình thử nghiệm
[station]
name = "Đài phường"
timezone = "Asia/Ho_Chi_Minh"

[paths]
audio = "../audio"
data = "../data"

[[programme]]
id = "cchc-monthly"
title = "Chuyên mục CCHC"
folder = "cchc"
schedule = [
    "30 6 * * MON#1",
    "0 17 L * *",
]
pick = "month"

[[programme]]
id = "tiep-song"
title = "Tiếp sóng"
folder = "tiep-song"
schedule = ["0 17 * * WED"]
pick = "unaired"
"#;

fn station_with_config(text: &str) -> Station {
    let station = Station::new(&["cchc", "tiep-song"], "");
    std::fs::write(station.config_path(), text).expect("write config");
    station
}

/// `wardcast check` on `text`: exit 2, and stderr points at `line:column` with a hint.
fn assert_config_error(text: &str, line: usize, column: usize, words: &[&str]) -> String {
    let station = station_with_config(text);
    let output = run(&station, &["check"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "stderr: {err}");
    let location = format!("wardcast.toml:{line}:{column}: ");
    assert!(err.contains(&location), "expected {location} in: {err}");
    assert!(
        err.contains(&format!("{}:", station.config_path().display())),
        "the error names the file: {err}"
    );
    assert!(err.contains("hint:"), "no hint in: {err}");
    for word in words {
        assert!(err.contains(word), "expected {word:?} in: {err}");
    }
    assert_no_crash(&output);
    err
}

#[test]
fn the_good_configuration_is_accepted() {
    // The baseline for the error cases: the same text, unchanged, is not an error.
    let station = station_with_config(GOOD);
    let output = run(&station, &["check"]);
    assert_ne!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("is valid: 2 programme(s), time zone Asia/Ho_Chi_Minh"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn an_unknown_key_is_located() {
    let text = GOOD.replace("pick = \"month\"", "pick = \"month\"\n  colour = \"đỏ\"");
    assert_config_error(&text, 19, 3, &["colour", "not one wardcast knows"]);
}

#[test]
fn a_bad_time_zone_is_located() {
    let text = GOOD.replace("\"Asia/Ho_Chi_Minh\"", "\"Asia/Hanoi-City\"");
    assert_config_error(
        &text,
        4,
        12,
        &[
            "`Asia/Hanoi-City` is not a time zone name",
            "Asia/Ho_Chi_Minh",
        ],
    );
}

#[test]
fn a_column_counts_characters_not_bytes() {
    // "Đài phường" takes 15 bytes but 10 characters: the quote of the time zone is at
    // character 45 of the line (byte 50).
    let text = GOOD.replace(
        "[station]\nname = \"Đài phường\"\ntimezone = \"Asia/Ho_Chi_Minh\"\n",
        "station = { name = \"Đài phường\", timezone = \"Asia/Hanoi-City\" }\n",
    );
    assert_config_error(&text, 2, 45, &["Asia/Hanoi-City"]);
}

#[test]
fn a_bad_crontab_line_is_located_inside_its_list() {
    let text = GOOD.replace("\"0 17 L * *\"", "\"0 25 L * *\"");
    assert_config_error(
        &text,
        16,
        5,
        &[
            "bad crontab line \"0 25 L * *\"",
            "hour field has 25",
            "wardcast explain",
        ],
    );
}

#[test]
fn a_missing_programme_folder_is_located_and_named() {
    let text = GOOD.replace("folder = \"tiep-song\"", "folder = \"khong-co\"");
    let err = assert_config_error(&text, 23, 10, &["does not exist", "tiep-song"]);
    assert!(
        err.contains(&format!("audio{}khong-co", std::path::MAIN_SEPARATOR)),
        "the error names the folder: {err}"
    );
}

#[test]
fn a_missing_config_file_is_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("nowhere").join("wardcast.toml");
    let binary = env!("CARGO_BIN_EXE_wardcast");

    let output = Command::new(binary)
        .args(["--lang", "en", "--config"])
        .arg(&missing)
        .arg("check")
        .env_remove("WARDCAST_CONFIG")
        .output()
        .expect("wardcast runs");
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains(&format!(
            "cannot read the configuration file {}",
            missing.display()
        )),
        "{err}"
    );
    assert!(err.contains("hint:"), "{err}");
    assert_no_crash(&output);

    // The same through WARDCAST_CONFIG, and the default path when neither is given.
    let output = Command::new(binary)
        .args(["--lang", "en", "check"])
        .env("WARDCAST_CONFIG", &missing)
        .output()
        .expect("wardcast runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains(&missing.display().to_string()),
        "{}",
        stderr(&output)
    );
    let output = Command::new(binary)
        .args(["--lang", "en", "check"])
        .current_dir(dir.path())
        .env_remove("WARDCAST_CONFIG")
        .output()
        .expect("wardcast runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("config/wardcast.toml"),
        "{}",
        stderr(&output)
    );
}

// ----- check ----------------------------------------------------------------------------

fn two_newest_programmes() -> Station {
    Station::new(
        &["ban-tin", "tiep-song"],
        "[[programme]]\nid = \"ban-tin\"\ntitle = \"Bản tin\"\nfolder = \"ban-tin\"\n\
         schedule = [\"0 6 * * *\"]\npick = \"newest\"\n\n\
         [[programme]]\nid = \"tiep-song\"\ntitle = \"Tiếp sóng\"\nfolder = \"tiep-song\"\n\
         schedule = [\"0 17 * * WED\"]\npick = \"newest\"\n",
    )
}

#[test]
fn check_exits_0_when_every_programme_has_its_file() {
    let station = two_newest_programmes();
    settled_tone(
        &station.audio("ban-tin").join("bản tin sáng.wav"),
        440.0,
        0.5,
    );
    settled_tone(&station.audio("tiep-song").join("PCI 2026.wav"), 550.0, 0.5);
    let output = run(&station, &["check"]);
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{out}\n{}", stderr(&output));
    assert!(out.contains("ready: bản tin sáng.wav"), "{out}");
    assert!(out.contains("ready: PCI 2026.wav"), "{out}");
    assert!(out.contains("All ready."), "{out}");
    assert!(!out.contains("NOT READY"), "{out}");
}

#[test]
fn check_exits_1_and_says_why_when_a_programme_has_no_file() {
    let station = two_newest_programmes();
    settled_tone(
        &station.audio("ban-tin").join("bản tin sáng.wav"),
        440.0,
        0.5,
    );
    let output = run(&station, &["check"]);
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{out}\n{}", stderr(&output));
    assert!(out.contains("ready: bản tin sáng.wav"), "{out}");
    assert!(
        out.contains("NOT READY: no audio file in tiep-song/"),
        "{out}"
    );
    assert!(out.contains("needs attention"), "{out}");
}

// ----- explain --------------------------------------------------------------------------

#[test]
fn explain_lists_the_first_mondays_as_json() {
    let station = Station::new(&[], "");
    let output = run(
        &station,
        &[
            "explain",
            "30 6 * * MON#1",
            "--from",
            "2026-11-26",
            "--count",
            "3",
            "--json",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "{\"at\":\"2026-12-07T06:30:00.000+07:00\"}\n\
         {\"at\":\"2027-01-04T06:30:00.000+07:00\"}\n\
         {\"at\":\"2027-02-01T06:30:00.000+07:00\"}\n"
    );
}

#[test]
fn explain_describes_the_line_in_words_without_a_station() {
    // No configuration anywhere: explaining a line must still work, in the default zone.
    let dir = tempfile::tempdir().expect("temp dir");
    let output = Command::new(env!("CARGO_BIN_EXE_wardcast"))
        .args([
            "--lang",
            "en",
            "explain",
            "30 6 * * MON#1",
            "--from",
            "2026-11-26",
            "-n",
            "2",
        ])
        .current_dir(dir.path())
        .env_remove("WARDCAST_CONFIG")
        .output()
        .expect("wardcast runs");
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let first_line = out.lines().next().unwrap_or_default();
    assert!(first_line.starts_with("30 6 * * MON#1: "), "{out}");
    assert!(
        first_line.contains("06:30") && first_line.contains("1st Monday"),
        "the description says when: {out}"
    );
    assert!(out.contains("Asia/Ho_Chi_Minh"), "{out}");
    assert!(out.contains("Mon 2026-12-07 06:30:00"), "{out}");
    assert!(out.contains("Mon 2027-01-04 06:30:00"), "{out}");
    assert!(!out.contains("2027-02-01"), "--count 2 lists two: {out}");
}

#[test]
fn explain_refuses_a_bad_line_with_exit_2() {
    let station = Station::new(&[], "");
    for (line, words) in [("30 25 * * MON", "hour"), ("30 6 * *", "it has 4 fields")] {
        let output = run(&station, &["explain", line]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{line}: {err}");
        assert!(
            err.contains(&format!(
                "\"{line}\" is not a crontab line wardcast accepts"
            )),
            "{err}"
        );
        assert!(err.contains(words), "{err}");
        assert!(err.contains("hint:"), "{err}");
        assert!(stdout(&output).is_empty(), "{}", stdout(&output));
        assert_no_crash(&output);
    }
}

// ----- next -----------------------------------------------------------------------------

#[test]
fn next_json_lists_slots_of_all_programmes_in_time_order() {
    let station = Station::new(
        &["cchc", "tiep-song"],
        "[[programme]]\nid = \"cchc-monthly\"\ntitle = \"Chuyên mục CCHC\"\nfolder = \"cchc\"\n\
         schedule = [\"30 6 * * MON#1\"]\npick = \"month\"\n\n\
         [[programme]]\nid = \"tiep-song\"\ntitle = \"Tiếp sóng\"\nfolder = \"tiep-song\"\n\
         schedule = [\"0 17 * * WED\"]\npick = \"newest\"\n",
    );
    let segment = station.audio("tiep-song").join("PAPI 2026.wav");
    settled_tone(&segment, 440.0, 0.5);

    let output = run(
        &station,
        &["next", "--json", "--from", "2026-11-26", "--count", "4"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let planned: Vec<Value> = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object a line"))
        .collect();
    let slots: Vec<(&str, &str)> = planned
        .iter()
        .map(|p| {
            (
                p["programme"].as_str().expect("programme"),
                p["scheduled_at"].as_str().expect("scheduled_at"),
            )
        })
        .collect();
    assert_eq!(
        slots,
        [
            ("tiep-song", "2026-12-02T17:00:00.000+07:00"),
            ("cchc-monthly", "2026-12-07T06:30:00.000+07:00"),
            ("tiep-song", "2026-12-09T17:00:00.000+07:00"),
            ("tiep-song", "2026-12-16T17:00:00.000+07:00"),
        ]
    );
    for airing in &planned {
        let at = airing["scheduled_at"].as_str().expect("scheduled_at");
        let parsed = chrono::DateTime::parse_from_rfc3339(at).expect("RFC 3339");
        assert_eq!(parsed.offset().local_minus_utc(), 7 * 3600, "{at}");
        assert_ne!(
            airing["file"].is_null(),
            airing["problem"].is_null(),
            "each airing has a file or a problem: {airing:#}"
        );
        if airing["programme"] == "tiep-song" {
            assert_eq!(airing["sha256"], sha256_of(&segment));
            assert_eq!(airing["title"], "Tiếp sóng");
        } else {
            let problem = airing["problem"].as_str().expect("problem");
            assert!(
                problem.contains("no file for 2026-12 in cchc/"),
                "{problem}"
            );
        }
    }

    // A time it cannot read is refused in words.
    let output = run(&station, &["next", "--from", "ngày mai"]);
    assert_ne!(output.status.code(), Some(0));
    assert!(
        stderr(&output).contains("is not a time wardcast understands"),
        "{}",
        stderr(&output)
    );
    assert_no_crash(&output);
}

// ----- play -----------------------------------------------------------------------------

#[test]
fn play_airs_a_file_on_the_card_and_logs_a_manual_airing() {
    let station = Station::new(&["thu"], "");
    let file = station.audio("thu").join("thử âm thanh.wav");
    write_tone_wav(&file, 880.0, 1.0, 44_100, 1);

    let output = wardcast(&station)
        .arg("play")
        .arg(&file)
        .output()
        .expect("runs");
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{out}\n{}", stderr(&output));
    assert!(out.contains("Playing"), "{out}");
    assert!(out.contains("thử âm thanh.wav"), "{out}");
    assert!(
        out.contains("Played to the end; logged as a manual airing."),
        "{out}"
    );

    let recordings = station.card.wait_for_recordings(1, Duration::from_secs(5));
    assert_eq!(recordings.len(), 1, "the card was opened once");
    let heard = &recordings[0];
    let length = heard.sound_duration().as_secs_f64();
    assert!(
        (length - 1.0).abs() <= 0.1,
        "heard {length:.3} s of a 1 s file"
    );
    let first = heard.first_sound_frame().expect("sound");
    let frequency = heard.frequency(first + RATE as usize / 10, RATE as usize * 8 / 10);
    assert!(
        (frequency - 880.0).abs() < 15.0,
        "heard {frequency:.1} Hz, not 880 Hz"
    );

    let log = station.log_json();
    assert_eq!(log.len(), 1, "{log:#?}");
    assert_eq!(log[0]["programme"], "manual");
    assert_eq!(log[0]["trigger"], "manual");
    assert_eq!(log[0]["outcome"], "aired");
    assert!(log[0]["scheduled_at"].is_null(), "{:#}", log[0]);
    assert_eq!(log[0]["sha256"], sha256_of(&file));

    // The text log shows the same airing.
    let output = run(&station, &["log"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(
        text.lines().any(|line| line.contains("manual")
            && line.contains("aired")
            && line.contains("thử âm thanh.wav")),
        "{text}"
    );
}

#[test]
fn play_refuses_a_file_that_is_not_audio() {
    let station = Station::new(&["thu"], "");
    let fake = station.audio("thu").join("biên bản.mp3");
    std::fs::write(
        &fake,
        "Biên bản họp tổ dân phố, không phải âm thanh.\n".repeat(50),
    )
    .expect("write");
    let missing = station.audio("thu").join("không có.mp3");

    for (file, words) in [(&fake, "not audio"), (&missing, "No such file")] {
        let output = wardcast(&station)
            .arg("play")
            .arg(file)
            .output()
            .expect("runs");
        let err = stderr(&output);
        assert!(
            !output.status.success() && output.status.code().is_some(),
            "{:?}: {err}",
            output.status
        );
        assert!(
            err.contains(&format!("{} cannot be played", file.display())),
            "{err}"
        );
        assert!(err.contains(words), "{err}");
        assert_no_crash(&output);
    }
    assert!(
        station
            .card
            .wait_for_recordings(1, Duration::from_millis(500))
            .is_empty(),
        "the card was opened"
    );
    assert!(
        station.log_json().is_empty(),
        "nothing aired, nothing logged"
    );
}

#[test]
fn play_speaks_the_officer_s_language_by_default() {
    let station = Station::new(&["thu"], "");
    let file = station.audio("thu").join("thử âm thanh.wav");
    write_tone_wav(&file, 440.0, 0.3, 8_000, 1);

    let output = station.run(&["play", file.to_str().expect("path")]);
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{out}\n{}", stderr(&output));
    assert!(
        out.starts_with(&format!("Đang phát {} (", file.display())),
        "{out}"
    );
    assert!(out.contains("trên \"default\"…"), "{out}");
    assert!(
        out.contains("Đã phát hết; đã ghi vào nhật ký là một lần phát thủ công."),
        "{out}"
    );

    let missing = station.audio("thu").join("không có.mp3");
    let output = station.run(&["play", missing.to_str().expect("path")]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(
        stderr(&output).contains(&format!("{} không phát được: ", missing.display())),
        "{}",
        stderr(&output)
    );
    for file in [&file, &missing] {
        let output = station.run(&["play", "--now", file.to_str().expect("path")]);
        assert_eq!(output.status.code(), Some(1), "{output:?}");
        let err = stderr(&output);
        assert!(!err.contains("cannot"), "{err}");
        assert!(
            err.contains("không phát được") || err.contains("không có wardcast nào đang chạy"),
            "{err}"
        );
        assert_no_crash(&output);
    }
}

// ----- devices --------------------------------------------------------------------------

#[test]
fn devices_marks_the_default_card_in_the_officer_s_language() {
    // The station's sound card is the system's default output.
    let station = Station::new(&["thu"], "");
    for (args, mark) in [
        (&["devices"][..], "default (mặc định)"),
        (&["--lang", "en", "devices"], "default (default)"),
    ] {
        let output = station.run(args);
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        let out = stdout(&output);
        assert!(out.lines().any(|line| line == mark), "{mark:?} in:\n{out}");
    }
    // The configuration's language holds when it is not given on the command line.
    let config = std::fs::read_to_string(station.config_path()).expect("config");
    let english = config.replace("[station]\n", "[station]\nlang = \"en\"\n");
    std::fs::write(station.config_path(), english).expect("config");
    let out = stdout(&station.run(&["devices"]));
    assert!(out.contains("default (default)"), "{out}");
}

// ----- log ------------------------------------------------------------------------------

#[test]
fn log_of_a_period_without_airings_says_so() {
    let station = Station::new(&["thu"], "");
    let period = ["log", "--from", "2026-01-01", "--to", "2026-01-31"];
    let output = run(&station, &period);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "No airings in the log for this period.\n");

    // An airing today is in the log but not in January's.
    let file = station.audio("thu").join("thử.wav");
    write_tone_wav(&file, 440.0, 0.3, 8_000, 1);
    assert!(wardcast(&station)
        .arg("play")
        .arg(&file)
        .output()
        .expect("runs")
        .status
        .success());
    let output = run(&station, &period);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), "No airings in the log for this period.\n");
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Asia::Ho_Chi_Minh)
        .format("%Y-%m-%d")
        .to_string();
    let output = run(&station, &["log", "--from", &today, "--to", &today]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("thử.wav"), "{}", stdout(&output));
}

// ----- run ------------------------------------------------------------------------------

#[test]
fn run_with_a_missing_sound_card_logs_a_failure_and_keeps_running() {
    let (slot, line) = slot_in(Duration::from_secs(4));
    let station = Station::new(
        &["ban-tin"],
        &format!(
            "[output]\ndevice = \"no-such-card\"\n\n\
             [[programme]]\nid = \"ban-tin\"\ntitle = \"Bản tin\"\nfolder = \"ban-tin\"\n\
             schedule = [\"{line}\"]\npick = \"newest\"\n\
             max_delay = \"2s\"\n"
        ),
    );
    let file = station.audio("ban-tin").join("bản tin.wav");
    settled_tone(&file, 440.0, 1.0);
    // Made before the daemon starts: a `wardcast log` at the very moment the daemon
    // creates a brand-new log can fail with "database is locked" (a separate bug).
    assert!(station.log_json().is_empty());
    let mut daemon = station.spawn_daemon(&["--lang", "en"]);

    let log = station.wait_for_outcomes(1, Duration::from_secs(12));
    let still_running = daemon.child.try_wait().expect("try_wait").is_none();
    let (status, daemon_log) = daemon.terminate();

    assert_eq!(log.len(), 1, "{log:#?}\n{daemon_log}");
    let airing = &log[0];
    assert_eq!(airing["programme"], "ban-tin");
    assert_eq!(airing["outcome"], "failed", "{airing:#}");
    assert_eq!(
        airing["scheduled_at"],
        slot.with_timezone(&chrono_tz::Asia::Ho_Chi_Minh)
            .format("%Y-%m-%dT%H:%M:%S%.3f%:z")
            .to_string()
    );
    assert!(airing["started_at"].is_null(), "{airing:#}");
    let reason = airing["reason"].as_str().expect("reason");
    assert!(reason.contains("\"no-such-card\""), "{reason}");
    assert!(reason.contains("wardcast devices"), "{reason}");

    assert!(
        still_running,
        "the daemon stopped after the failure\n{daemon_log}"
    );
    assert_eq!(status.code(), Some(0), "{daemon_log}");
    assert!(
        station.card.recordings().is_empty(),
        "the headless card was used"
    );
}

// ----- help -----------------------------------------------------------------------------

#[test]
fn help_describes_the_commands() {
    let binary = env!("CARGO_BIN_EXE_wardcast");
    let output = Command::new(binary).arg("--help").output().expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let out = stdout(&output);
    for (command, words) in [
        ("run", "Run the station"),
        ("check", "Check the configuration"),
        ("next", "List upcoming airings"),
        ("explain", "crontab line"),
        ("log", "Show the airing log"),
        ("play", "Play one file now"),
        ("devices", "List the sound cards"),
    ] {
        assert!(
            out.lines()
                .any(|line| line.trim_start().starts_with(command) && line.contains(words)),
            "`{command}` with {words:?} in:\n{out}"
        );
    }
    assert!(out.contains("--config"), "{out}");

    let output = Command::new(binary)
        .args(["run", "--help"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let out = stdout(&output);
    assert!(out.contains("Run the station"), "{out}");
    assert!(out.contains("Ctrl+C"), "{out}");
    assert!(out.contains("--demo"), "{out}");
}

#[test]
fn starting_the_daemon_during_a_sound_check_does_not_log_a_crash() {
    let station = Station::new(&["thu"], "");
    let file = station.audio("thu").join("thử dài.wav");
    write_tone_wav(&file, 440.0, 3.0, 8_000, 1);
    let mut sound_check = wardcast(&station)
        .arg("play")
        .arg(&file)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("wardcast play starts");
    // Start the daemon once the sound check is on air (its start is in the log).
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while station.log_json().is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    // The data folder is the sound check's while it plays: the daemon says so and exits.
    let refused = station.run(&["--lang", "en", "run"]);
    let played = sound_check.wait().expect("wardcast play exits");
    assert!(played.success(), "the sound check played to its end");
    assert_eq!(refused.status.code(), Some(1), "{refused:?}");
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("another wardcast is already running"),
        "{refused:?}"
    );

    let log = station.log_json();
    assert_eq!(log.len(), 1, "one airing, logged once: {log:#?}");
    assert_eq!(log[0]["outcome"], "aired", "{log:#?}");
}
