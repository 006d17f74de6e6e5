//! What the real binary does with hostile input at its edges: numbers outside their range,
//! files not saved as UTF-8, folders outside the audio root, crontab lines croner refuses,
//! counts and dates past what can be listed, and file names that try to forge a line of
//! output. Each case checks the exit status and the words the officer reads.

mod support;

use support::{output_within, stderr, stdout};

use std::process::Output;
use std::time::Duration;

use chrono::TimeZone;
use support::{settled_tone, Station};
use wardcast::ledger::{AiringEnd, AiringStart, Ledger, Outcome, Trigger};

/// Neither a panic nor a Rust debug dump reached the officer.
fn assert_no_crash(output: &Output) {
    let text = format!("{}{}", stdout(output), stderr(output));
    assert!(
        !text.contains("panicked") && !text.contains("RUST_BACKTRACE"),
        "{text}"
    );
}

// ----- configuration ------------------------------------------------------------------

/// A valid configuration; each case below changes one line of it.
const GOOD: &str = r#"[station]
name = "Đài phường"
warn_days = 7

[paths]
audio = "../audio"
data = "../data"

[output]
dead_air = "5s"

[reports]
cutoff_day = 15

[[programme]]
id = "news"
title = "Bản tin"
folder = "news"
schedule = ["30 6 * * *"]
pick = "newest"
min_duration = "1s"
max_duration = "15m"
late_within = "2h"
max_delay = "10m"
"#;

fn station_with_config(text: &str) -> Station {
    let station = Station::new(&["news"], "");
    std::fs::write(station.config_path(), text).expect("write config");
    station
}

/// `wardcast [lang] check` on `GOOD` with `from` replaced by `to`: exit 2, pointing at
/// `line:column`, every one of `words` in the message.
fn config_error(from: &str, to: &str, lang: &[&str], at: (usize, usize), words: &[&str]) {
    assert!(GOOD.contains(from), "{from}");
    let station = station_with_config(&GOOD.replace(from, to));
    let output = station
        .command()
        .args(lang)
        .arg("check")
        .output()
        .expect("runs");
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{to}: {err}");
    let location = format!("wardcast.toml:{}:{}: ", at.0, at.1);
    assert!(
        err.contains(&location),
        "{to}: expected {location} in {err}"
    );
    for word in words {
        assert!(err.contains(word), "{to}: expected {word:?} in {err}");
    }
    assert!(stdout(&output).is_empty(), "{}", stdout(&output));
    assert_no_crash(&output);
}

#[test]
fn the_good_configuration_is_accepted() {
    let station = station_with_config(GOOD);
    let output = station.run(&["check"]);
    assert_ne!(output.status.code(), Some(2), "{}", stderr(&output));
}

#[test]
fn every_number_outside_its_range_is_refused_at_its_place() {
    let en = ["--lang", "en"];
    let cases: [(&str, &str, (usize, usize), &str); 12] = [
        (
            "warn_days = 7",
            "warn_days = 367",
            (3, 13),
            "warn_days = 367 is outside its range, 0 to 366",
        ),
        (
            "warn_days = 7",
            "warn_days = 4000000000",
            (3, 13),
            "0 to 366",
        ),
        (
            "warn_days = 7",
            "warn_days = 99999999999999999999999",
            (3, 13),
            "this number is far too large",
        ),
        (
            "cutoff_day = 15",
            "cutoff_day = 29",
            (13, 14),
            "cutoff_day = 29 is outside its range, 1 to 28",
        ),
        (
            "dead_air = \"5s\"",
            "dead_air = \"0s\"",
            (10, 12),
            "dead_air = \"0s\" is outside its range, \"1s\" to \"1h\"",
        ),
        (
            "dead_air = \"5s\"",
            "dead_air = \"2h\"",
            (10, 12),
            "\"1s\" to \"1h\"",
        ),
        (
            "min_duration = \"1s\"",
            "min_duration = \"0s\"",
            (21, 16),
            "\"1s\" to \"24h\"",
        ),
        (
            "max_duration = \"15m\"",
            "max_duration = \"25h\"",
            (22, 16),
            "max_duration = \"25h\" is outside its range",
        ),
        (
            "late_within = \"2h\"",
            "late_within = \"8d\"",
            (23, 15),
            "\"0s\" to \"7d\"",
        ),
        (
            "max_delay = \"10m\"",
            "max_delay = \"99999999999h\"",
            (24, 13),
            "max_delay = \"99999999999h\" is outside its range, \"0s\" to \"24h\"",
        ),
        (
            "max_delay = \"10m\"",
            "max_delay = \"99999999999999999999999h\"",
            (24, 13),
            "\"0s\" to \"24h\"",
        ),
        (
            "max_delay = \"10m\"",
            "max_delay = \"-5m\"",
            (24, 13),
            "`-5m` is not a duration",
        ),
    ];
    for (from, to, at, words) in cases {
        config_error(from, to, &en, at, &[words, "hint:"]);
    }
    // The same in Vietnamese, the officer's default.
    config_error(
        "dead_air = \"5s\"",
        "dead_air = \"2h\"",
        &[],
        (10, 12),
        &[
            "lỗi: dead_air = \"2h\" nằm ngoài khoảng cho phép, từ \"1s\" đến \"1h\"",
            "gợi ý:",
        ],
    );
}

#[test]
fn a_negative_number_is_refused_in_words_in_both_languages() {
    config_error(
        "warn_days = 7",
        "warn_days = -1",
        &[],
        (3, 13),
        &[
            "lỗi: warn_days = -1 nằm ngoài khoảng cho phép, từ 0 đến 366",
            "gợi ý: ghi một số nguyên từ 0 đến 366",
        ],
    );
    config_error(
        "warn_days = 7",
        "warn_days = -1",
        &["--lang", "en"],
        (3, 13),
        &[
            "error: warn_days = -1 is outside its range, 0 to 366",
            "hint: write a whole number from 0 to 366",
        ],
    );
    config_error(
        "cutoff_day = 15",
        "cutoff_day = -15",
        &[],
        (13, 14),
        &["cutoff_day = -15 nằm ngoài khoảng cho phép, từ 1 đến 28"],
    );
}

#[test]
fn a_blackout_date_outside_the_calendar_is_refused() {
    let text = format!("{GOOD}\n[[blackout]]\nfrom = \"2027-02-05\"\nto = \"9999-02-12\"\n");
    let station = station_with_config(&text);
    let output = station.run(&["--lang", "en", "check"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(
            "wardcast.toml:28:6: error: `9999-02-12` is not a date from the year 1970 to 4999"
        ),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_config_not_saved_as_utf8_names_the_place_of_the_bad_byte() {
    let station = Station::new(&["news"], "");
    // "Đài phường" as Windows-1258 would write it: not UTF-8 from its first letter.
    let mut bytes = GOOD.as_bytes().to_vec();
    let at = GOOD.find("Đài").expect("name");
    bytes.splice(at..at + "Đài".len(), [0xD0, b'a', 0xEC]);
    std::fs::write(station.config_path(), &bytes).expect("write");
    let output = station.run(&["check"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("wardcast.toml:2:9: lỗi: file không được lưu dạng UTF-8"),
        "{err}"
    );
    assert!(err.contains("lưu lại dạng UTF-8"), "{err}");
    assert_no_crash(&output);
    let output = station.run(&["--lang", "en", "check"]);
    let err = stderr(&output);
    assert!(
        err.contains("wardcast.toml:2:9: error: the file is not saved as UTF-8"),
        "{err}"
    );
    assert!(
        err.contains("hint: open it in a text editor and save it as UTF-8"),
        "{err}"
    );
}

#[test]
fn the_file_can_ask_for_english_messages_even_when_it_has_an_error() {
    let text = GOOD
        .replace("warn_days = 7", "warn_days = 7\nlang = \"en\"")
        .replace("pick = \"newest\"", "pick = \"newest\"\ncolour = \"đỏ\"");
    let station = station_with_config(&text);
    let output = station.run(&["check"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("error: unknown field `colour`"),
        "{}",
        stderr(&output)
    );
    // And --lang wins over the file.
    let output = station.run(&["--lang", "vi", "check"]);
    assert!(
        stderr(&output).contains("lỗi: wardcast không biết khóa `colour`"),
        "{}",
        stderr(&output)
    );
}

/// `check` and `run` on a configuration whose programme folder is `folder`: both refuse it
/// at once with exit 2, and the message has `words`.
fn assert_folder_refused(station: &Station, folder: &str, words: &[&str]) {
    std::fs::write(
        station.config_path(),
        GOOD.replace("folder = \"news\"", &format!("folder = \"{folder}\"")),
    )
    .expect("write config");
    for args in [&["--lang", "en", "check"][..], &["--lang", "en", "run"]] {
        let mut command = station.command();
        command.args(args);
        let output = output_within(command, Duration::from_secs(20));
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{folder} {args:?}: {err}");
        assert!(err.contains("wardcast.toml:18:10: error: "), "{err}");
        for word in words {
            assert!(err.contains(word), "{folder}: expected {word:?} in {err}");
        }
    }
}

#[test]
fn programme_folders_must_lie_inside_the_audio_root() {
    let station = Station::new(&["news"], "");
    let outside = station.dir.path().join("elsewhere");
    std::fs::create_dir(&outside).expect("mkdir");
    let audio = std::fs::canonicalize(station.dir.path().join("audio")).expect("audio");

    assert_folder_refused(
        &station,
        "../elsewhere",
        &["the folder \"../elsewhere\" of programme `news` is not inside the audio folder"],
    );
    assert_folder_refused(
        &station,
        outside.to_str().expect("utf-8"),
        &[
            "is not inside the audio folder",
            &audio.display().to_string(),
        ],
    );
    assert_folder_refused(
        &station,
        "news/../../elsewhere",
        &["is not inside the audio folder"],
    );
    std::os::unix::fs::symlink(&outside, station.audio("link-out")).expect("symlink");
    let target = std::fs::canonicalize(&outside).expect("target");
    assert_folder_refused(
        &station,
        "link-out",
        &[
            "is a link to",
            &target.display().to_string(),
            "outside the audio folder",
        ],
    );

    // A link that stays inside the root is a folder like any other.
    std::os::unix::fs::symlink(station.audio("news"), station.audio("link-in")).expect("symlink");
    std::fs::write(
        station.config_path(),
        GOOD.replace("folder = \"news\"", "folder = \"link-in\""),
    )
    .expect("write config");
    let output = station.run(&["--lang", "en", "check"]);
    assert_ne!(output.status.code(), Some(2), "{}", stderr(&output));
}

// ----- crontab lines ------------------------------------------------------------------

/// The words croner itself uses: none may reach the officer.
const CRONER_WORDS: [&str; 6] = [
    "Component error",
    "Nth specifier",
    "Invalid pattern",
    "Pattern must",
    "CronPattern",
    "out of bounds",
];

#[test]
fn refused_crontab_lines_are_explained_in_wardcasts_words() {
    let station = Station::new(&[], "");
    let cases: [(&str, &str, &str); 8] = [
        (
            "30 6 * * MON#6",
            "trường thứ trong tuần ghi “MON#6”, nhưng một tháng có nhiều nhất 5 ngày cùng thứ",
            "a month has at most 5 of each weekday; use #1 to #5",
        ),
        (
            "@reboot",
            "@reboot nghĩa là \"lúc máy tính khởi động\", không phải giờ phát sóng",
            "@reboot means \"when the computer starts\", which is not a time to broadcast",
        ),
        (
            "*/0 * * * *",
            "trường phút có bước nhảy 0 (“*/0”)",
            "the minute field has a step of 0 (“*/0”), which never moves on",
        ),
        (
            "61 * * * *",
            "trường phút có giá trị 61, nhưng phút chỉ từ 0 đến 59",
            "the minute field has 61, but minute values go from 0 to 59",
        ),
        ("", "dòng lịch để trống", "the line is empty"),
        (
            "0 6 * * * * 2027",
            "dòng có 7 trường; cần 5 trường",
            "it has 7 fields; 5 (minute hour day month weekday) or 6",
        ),
        (
            "5/15 * * * *",
            "trước dấu / phải là * hoặc một khoảng",
            "a step needs * or a range before the /",
        ),
        (
            "0 6 \u{1b}[2J * *",
            "trường ngày trong tháng có ký tự “\\u{1b}”",
            "the day-of-month field holds the character “\\u{1b}”",
        ),
    ];
    for (line, vietnamese, english) in cases {
        for (lang, words, hint) in [
            ("vi", vietnamese, "gợi ý: ghi 5 trường"),
            ("en", english, "hint: 5 fields"),
        ] {
            let output = station.run(&["--lang", lang, "explain", line]);
            let err = stderr(&output);
            assert_eq!(output.status.code(), Some(2), "{line:?}: {err}");
            assert!(err.contains(words), "{line:?} in {lang}: {err}");
            assert!(err.contains(hint), "{line:?} in {lang}: {err}");
            assert!(
                !err.contains('\u{1b}'),
                "the escape is shown, not sent: {err:?}"
            );
            for croner in CRONER_WORDS {
                assert!(!err.contains(croner), "croner's words {croner:?}: {err}");
            }
            assert!(stdout(&output).is_empty());
        }
    }
}

#[test]
fn a_refused_line_in_the_config_is_explained_in_the_officers_language() {
    config_error(
        "\"30 6 * * *\"",
        "\"30 6 * * MON#6\"",
        &[],
        (19, 13),
        &[
            "lỗi: dòng lịch \"30 6 * * MON#6\" sai: trường thứ trong tuần ghi “MON#6”",
            "gợi ý: ghi 5 trường",
            "wardcast explain",
        ],
    );
    config_error(
        "\"30 6 * * *\"",
        "\"@reboot\"",
        &["--lang", "en"],
        (19, 13),
        &["error: bad crontab line \"@reboot\": @reboot means"],
    );
}

// ----- counts and far dates ----------------------------------------------------------------

#[test]
fn explain_and_next_refuse_a_count_of_zero_or_too_many() {
    let station = Station::new(
        &["news"],
        &GOOD[GOOD.find("[[programme]]").expect("programme")..],
    );
    for command in ["explain", "next"] {
        let mut args = vec!["--lang", "en", command];
        if command == "explain" {
            args.push("30 6 * * *");
        }
        let output = station.run(&[&args[..], &["--count", "0"]].concat());
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        assert!(
            stderr(&output).contains("--count 0 asks for nothing to be listed"),
            "{}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains("from 1 to 10000"),
            "{}",
            stderr(&output)
        );
        assert!(!stderr(&output).contains("never fires"));
        for count in ["10001", "-1", "18446744073709551616"] {
            let output = station.run(&[&args[..], &["--count", count]].concat());
            assert_eq!(
                output.status.code(),
                Some(2),
                "{count}: {}",
                stderr(&output)
            );
            assert!(
                stderr(&output)
                    .contains(&format!("--count {count} is not a number from 1 to 10000")),
                "{}",
                stderr(&output)
            );
            assert!(stdout(&output).is_empty());
        }
        let output = station.run(&[&args[2..], &["--count", "0"]].concat());
        assert!(
            stderr(&output).contains("--count 0 nghĩa là không liệt kê gì cả"),
            "{}",
            stderr(&output)
        );
    }
    // The largest count is listed in full.
    let output = station.run(&["explain", "* * * * *", "--count", "10000", "--json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output).lines().count(), 10_000);
}

#[test]
fn a_far_future_from_is_refused_or_listed_up_to_the_end_of_the_calendar() {
    let station = Station::new(
        &["news"],
        &GOOD[GOOD.find("[[programme]]").expect("programme")..],
    );
    for from in ["9999-01-01", "5000-01-01 00:00", "+200000-06-01 00:00"] {
        for args in [
            &["explain", "30 6 * * *", "--from", from][..],
            &["next", "--from", from],
            &["log", "--from", "2026-01-01", "--to", from],
        ] {
            let output = station.run(&[&["--lang", "en"][..], args].concat());
            assert_eq!(
                output.status.code(),
                Some(2),
                "{args:?}: {}",
                stderr(&output)
            );
            assert!(
                stderr(&output).contains(
                    "is outside wardcast's calendar, which runs from 01/01/1970 to 31/12/4999"
                ),
                "{args:?}: {}",
                stderr(&output)
            );
            assert!(!stderr(&output).contains("never fires"));
            assert_no_crash(&output);
        }
    }
    let output = station.run(&["explain", "30 6 * * *", "--from", "9999-01-01"]);
    assert!(
        stderr(&output)
            .contains("nằm ngoài lịch của wardcast, lịch chỉ từ 01/01/1970 đến 31/12/4999"),
        "{}",
        stderr(&output)
    );

    // Near the end of the calendar: what is left is listed, and the end is said.
    let output = station.run(&[
        "--lang",
        "en",
        "explain",
        "30 6 * * *",
        "--from",
        "4999-12-30",
        "--count",
        "5",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("Mon 4999-12-30 06:30:00"), "{text}");
    assert!(text.contains("Tue 4999-12-31 06:30:00"), "{text}");
    assert!(!text.contains("5000-"), "{text}");
    assert!(
        text.contains("wardcast's calendar ends on 31/12/4999: no later times"),
        "{text}"
    );

    // A yearly line with no time left is not said to never fire.
    let output = station.run(&[
        "--lang",
        "en",
        "explain",
        "0 0 1 1 *",
        "--from",
        "4999-06-01",
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("has no time after 01/06/4999 00:00 in wardcast's calendar"),
        "{}",
        stderr(&output)
    );
    // While a line for 30 February does never fire.
    let output = station.run(&["--lang", "en", "explain", "0 0 30 2 *"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("never fires"),
        "{}",
        stderr(&output)
    );

    let output = station.run(&["--lang", "en", "next", "--from", "4999-12-31 07:00"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("No airing is due after 31/12/4999 07:00 in wardcast's calendar"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_period_past_the_calendar_or_longer_than_five_years_is_refused() {
    let station = Station::new(
        &["news"],
        &GOOD[GOOD.find("[[programme]]").expect("programme")..],
    );
    for (period, words) in [
        (
            "2026-01-01..+262142-12-31",
            "is outside wardcast's calendar; periods lie in the years 1970 to 4999",
        ),
        ("9999-Q4", "is outside wardcast's calendar"),
        (
            "2020-01-01..2026-01-01",
            "covers more than 5 years (1827 days)",
        ),
    ] {
        let output = station.run(&["--lang", "en", "log", "--period", period]);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{period}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(words),
            "{period}: {}",
            stderr(&output)
        );
        assert_no_crash(&output);
        let output = station
            .command()
            .args(["export", "--format", "html", "--period", period])
            .current_dir(station.dir.path())
            .output()
            .expect("runs");
        assert_eq!(
            output.status.code(),
            Some(1),
            "{period}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains("nằm ngoài lịch của wardcast")
                || stderr(&output).contains("dài hơn 5 năm (1827 ngày)"),
            "{period}: {}",
            stderr(&output)
        );
        assert_no_crash(&output);
    }
    let output = station.run(&["--lang", "en", "log", "--period", "2021-01-01..2025-12-31"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "a five-year term: {}",
        stderr(&output)
    );
}

// ----- names that try to forge a line -------------------------------------------------------

/// A name built to look like a second airing in `wardcast log`, and to recolour and
/// reverse the terminal.
const FORGED: &str = "a.mp3\n2026-12-02T06:30:00.000+07:00  news         aired       tin-gia.mp3\u{1b}[31m\u{202e}3pm.wav";

#[test]
fn a_file_name_with_control_characters_cannot_forge_a_line_of_the_log() {
    let station = Station::new(&["news"], "");
    let zone = chrono_tz::Asia::Ho_Chi_Minh;
    let mut ledger = Ledger::open(&station.ledger_path()).expect("open");
    let file = station.audio("news").join(FORGED);
    for day in 1..=2 {
        let at = zone
            .with_ymd_and_hms(2026, 12, day, 6, 30, 0)
            .single()
            .expect("time");
        let id = ledger
            .record_start(&AiringStart {
                programme: "news",
                trigger: Trigger::Schedule,
                scheduled_at: Some(at),
                started_at: at,
                file: &file,
                sha256: Some("00"),
                duration_seconds: 60.0,
            })
            .expect("start");
        ledger
            .record_end(&AiringEnd {
                airing: id,
                programme: "news",
                trigger: Trigger::Schedule,
                ended_at: at + chrono::Duration::seconds(60),
                played_seconds: 60.0,
                outcome: Outcome::Interrupted,
                reason: Some(&wardcast::reason::Reason::DeviceLost {
                    detail: "mất điện\nđã phát đủ".into(),
                }),
                evidence: None,
            })
            .expect("end");
    }
    drop(ledger);

    let output = station.run(&["--lang", "en", "log"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "one line per airing: {text}");
    for line in &lines {
        assert!(line.contains("cut off"), "{line}");
        assert!(
            line.contains("a.mp3\\n2026-12-02T06:30:00.000+07:00  news"),
            "the newline is shown escaped: {line}"
        );
        assert!(line.contains("\\u{1b}[31m\\u{202e}3pm.wav"), "{line}");
        assert!(line.contains("mất điện\\nđã phát đủ"), "{line}");
        assert!(
            !line.chars().any(|c| c.is_control() || c == '\u{202e}'),
            "{line:?}"
        );
    }

    // JSON keeps the name exactly, escaped by JSON itself.
    let json = station.log_json();
    assert_eq!(json.len(), 2);
    assert!(json[0]["file"].as_str().expect("file").ends_with(FORGED));
}

#[test]
fn library_next_and_check_show_such_names_escaped() {
    let station = Station::new(
        &["news"],
        "[[programme]]\nid = \"news\"\ntitle = \"Bản tin\"\nfolder = \"news\"\n\
         schedule = [\"30 6 * * *\"]\npick = \"newest\"\n",
    );
    let name = "tin\nNOT READY: giả\u{1b}[2J\u{2066}.wav";
    settled_tone(&station.audio("news").join(name), 440.0, 0.5);
    let shown = "tin\\nNOT READY: giả\\u{1b}[2J\\u{2066}.wav";
    for args in [&["library"][..], &["next", "--count", "2"], &["check"]] {
        let output = station.run(&[&["--lang", "en"][..], args].concat());
        assert_ne!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        let text = stdout(&output);
        assert!(text.contains(shown), "{args:?}: {text}");
        assert!(
            !text
                .chars()
                .any(|c| (c.is_control() && c != '\n') || c == '\u{2066}'),
            "{args:?}: {text:?}"
        );
        assert!(
            !text.lines().any(|line| line.starts_with("NOT READY")),
            "{args:?}: {text}"
        );
    }
    // A rejected file's warning from check is escaped too.
    let junk = "rác\r\u{1b}]0;tiêu đề\u{7}.mp3";
    std::fs::write(station.audio("news").join(junk), b"not audio").expect("write");
    support::settle(&station.audio("news").join(junk));
    let output = station.run(&["--lang", "en", "library"]);
    let text = stdout(&output);
    assert!(text.contains("rác\\r\\u{1b}]0;tiêu đề\\u{7}.mp3"), "{text}");
}

#[test]
fn a_file_name_with_a_newline_cannot_forge_a_line_of_the_daemon_s_log() {
    let station = Station::new(
        &["news"],
        "[[programme]]\nid = \"news\"\ntitle = \"news\"\nfolder = \"news\"\n\
         schedule = [\"0 0 6 1 1 *\"]\npick = \"newest\"\n",
    );
    let forged = "tin\n2026-01-01T00:00:00.000000Z  INFO wardcast::station::on_air: on air.wav";
    settled_tone(&station.audio("news").join(forged), 440.0, 1.0);
    let daemon = station.spawn_daemon(&[]);
    let ready = daemon.wait_for_line(&["file ready"], Duration::from_secs(10));
    let (status, log) = daemon.terminate();
    assert!(status.success(), "{log}");
    assert!(ready.is_some(), "{log}");
    assert!(
        log.lines()
            .all(|line| !line.starts_with("2026-01-01T00:00:00")),
        "a file name forged a line:\n{log}"
    );
    assert!(log.contains("tin\\n2026-01-01"), "{log}");
}
