use std::time::Duration;

use crate::config::{Config, ConfigError, Fallback, SourceInput};
use crate::messages::{Lang, Say};

const BASE: &str = r#"
[station]
name = "Đài phường"

[paths]
audio = "audio"
data = "data"

[[source]]
id = "dai-tinh"
title = "Đài PT-TH tỉnh"
url = "https://radio.example.vn/live.m3u8"

[[source]]
id = "may-thu"
title = "Máy thu FM"
input = "line-in"

[[programme]]
id = "tiep-song"
title = "Tiếp sóng Đài tỉnh"
folder = "tiep-song"
schedule = ["0 19 * * FRI"]
pick = "unaired"
relay = "dai-tinh"
duration = "30m"
fallback = "folder"
relay_copy = true

[[programme]]
id = "cchc"
title = "Chuyên mục CCHC"
folder = "cchc"
schedule = ["30 6 * * MON#1"]
pick = "month"

[[recording]]
source = "dai-tinh"
schedule = ["0 19 * * FRI"]
duration = "15m"
into = "cchc"
name = "{date} Chuyên mục CCHC Đài tỉnh"

[[download]]
url = "https://radio.example.vn/cchc.rss"
schedule = ["0 6 * * *"]
into = "cchc"
"#;

fn parse(text: &str) -> Result<Config, ConfigError> {
    let dir = tempfile::tempdir().expect("temp dir");
    for folder in ["tiep-song", "cchc"] {
        std::fs::create_dir_all(dir.path().join("audio").join(folder)).expect("mkdir");
    }
    Config::parse(&dir.path().join("wardcast.toml"), text)
}

/// The place and the Vietnamese words of the error `text` gives.
fn refused(text: &str) -> ((usize, usize), String) {
    match parse(text) {
        Err(ConfigError::Invalid {
            location, problem, ..
        }) => ((location.line, location.column), problem.say(Lang::Vi)),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn sources_relays_recordings_and_downloads_are_read() {
    let config = parse(BASE).expect("valid");
    assert_eq!(config.sources.len(), 2);
    assert_eq!(
        config.sources[0].input,
        SourceInput::Url("https://radio.example.vn/live.m3u8".into())
    );
    assert_eq!(
        config.sources[1].input,
        SourceInput::Capture("line-in".into())
    );
    let relay = config.programmes[0].relay.as_ref().expect("a relay");
    assert_eq!(relay.source.as_str(), "dai-tinh");
    assert_eq!(relay.duration, Duration::from_secs(30 * 60));
    assert_eq!(relay.fallback, Fallback::Folder);
    assert!(relay.copy);
    assert!(config.programmes[1].relay.is_none());
    let recording = &config.recordings[0];
    assert_eq!(recording.into.as_str(), "cchc");
    assert_eq!(recording.duration, Duration::from_secs(15 * 60));
    assert_eq!(recording.name, "{date} Chuyên mục CCHC Đài tỉnh");
    assert_eq!(config.downloads[0].max_bytes, 500_000_000);
}

#[test]
fn a_recording_without_a_name_is_named_after_its_source() {
    let text = BASE.replace("name = \"{date} Chuyên mục CCHC Đài tỉnh\"\n", "");
    let config = parse(&text).expect("valid");
    assert_eq!(config.recordings[0].name, "{date} Đài PT-TH tỉnh");
}

#[test]
fn a_relay_of_an_unknown_source_names_the_known_ones() {
    let (at, words) = refused(&BASE.replace("relay = \"dai-tinh\"", "relay = \"dai-huyen\""));
    assert_eq!(at, (25, 9), "{words}");
    assert!(words.contains("dai-huyen") && words.contains("\"dai-tinh\", \"may-thu\""));
}

#[test]
fn a_source_needs_exactly_one_of_url_and_input() {
    let both = BASE.replace(
        "input = \"line-in\"",
        "input = \"line-in\"\nurl = \"http://a.example/x\"",
    );
    let (at, words) = refused(&both);
    assert_eq!(at, (17, 9), "{words}");
    assert!(words.contains("cả url lẫn input"), "{words}");
    let neither = BASE.replace("input = \"line-in\"\n", "");
    let (at, words) = refused(&neither);
    assert_eq!(at.0, 14, "{words}");
    assert!(words.contains("chưa nói nghe đài ở đâu"), "{words}");
}

#[test]
fn an_address_that_is_not_a_web_address_is_refused() {
    for bad in [
        "radio.example.vn/live",
        "ftp://x/y",
        "https://",
        "https://a b/c",
    ] {
        let text = BASE.replace("https://radio.example.vn/live.m3u8", bad);
        let (at, words) = refused(&text);
        assert_eq!(at, (12, 7), "{bad}: {words}");
        assert!(words.contains("không phải địa chỉ web"), "{words}");
    }
}

#[test]
fn relay_keys_need_a_relay_and_a_relay_needs_its_length() {
    let (at, words) = refused(&BASE.replace("duration = \"30m\"\n", ""));
    assert_eq!(at, (25, 9), "{words}");
    assert!(words.contains("duration = \"30m\""), "{words}");
    let (at, words) = refused(&BASE.replace("relay = \"dai-tinh\"\n", ""));
    assert_eq!(at, (25, 12), "{words}");
    assert!(words.contains("duration chỉ dùng cho chương trình tiếp sóng"));
    let (_, words) = refused(&BASE.replace("fallback = \"folder\"", "fallback = \"radio\""));
    assert!(words.contains("radio"), "{words}");
}

#[test]
fn recordings_and_downloads_must_name_a_programme_and_stay_in_range() {
    let (at, words) = refused(&BASE.replacen("into = \"cchc\"", "into = \"tin-tuc\"", 1));
    assert_eq!(at, (41, 8), "{words}");
    assert!(words.contains("\"tiep-song\", \"cchc\""), "{words}");
    let (at, words) = refused(&BASE.replace("duration = \"15m\"", "duration = \"13h\""));
    assert_eq!(at, (40, 12), "{words}");
    let (_, words) = refused(&format!("{BASE}max_megabytes = 0\n"));
    assert!(words.contains("max_megabytes = 0"), "{words}");
    let (_, words) = refused(&BASE.replace("schedule = [\"0 6 * * *\"]", "schedule = []"));
    assert!(words.contains("chưa có lịch"), "{words}");
}

#[test]
fn a_recording_name_cannot_leave_its_folder() {
    for bad in ["../{date}", "a/b", ".hidden", "  ", "x\\u0007"] {
        let text = BASE.replace("{date} Chuyên mục CCHC Đài tỉnh", bad);
        let (at, words) = refused(&text);
        assert_eq!(at, (42, 8), "{bad:?}: {words}");
    }
}

#[test]
fn the_sources_needed_soon_are_each_named_once_with_their_first_use() {
    use chrono::TimeZone;
    let text = BASE.replace(
        "schedule = [\"0 19 * * FRI\"]\nduration = \"15m\"",
        "schedule = [\"0 8 * * *\"]\nduration = \"15m\"",
    );
    let mut config = parse(&text).expect("valid");
    // Thursday 2026-12-03, 09:00: the recording is due tomorrow at 08:00, the relay on
    // Friday at 19:00.
    let now = chrono_tz::Asia::Ho_Chi_Minh
        .with_ymd_and_hms(2026, 12, 3, 9, 0, 0)
        .single()
        .expect("valid");
    let needed = crate::plan::sources_needed(&config, &now);
    assert_eq!(needed.len(), 1, "{needed:?}");
    assert_eq!(needed[0].source.as_str(), "dai-tinh");
    assert_eq!(
        needed[0].at.naive_local().to_string(),
        "2026-12-04 08:00:00"
    );
    config.station.warn_days = 0;
    assert!(crate::plan::sources_needed(&config, &now).is_empty());
}
