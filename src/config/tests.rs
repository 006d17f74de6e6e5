//! Tests of reading and validating the configuration file.

use super::*;

fn folder_with(programme_folders: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for folder in programme_folders {
        std::fs::create_dir_all(dir.path().join("audio").join(folder)).expect("mkdir");
    }
    dir
}

const GOOD: &str = r#"
[station]
name = "Đài phường"

[paths]
audio = "audio"
data = "data"

[[programme]]
id = "cchc-monthly"
title = "Chuyên mục CCHC"
folder = "cchc"
schedule = ["30 6 * * MON#1"]
pick = "month"
min_duration = "10m"
max_duration = "15m"
"#;

#[test]
fn a_good_file_validates_with_defaults_filled_in() {
    let dir = folder_with(&["cchc"]);
    let path = dir.path().join("wardcast.toml");
    let config = Config::parse(&path, GOOD).expect("valid");
    assert_eq!(config.station.timezone, chrono_tz::Asia::Ho_Chi_Minh);
    assert_eq!(config.output.device, "default");
    assert_eq!(config.programmes.len(), 1);
    let programme = &config.programmes[0];
    assert_eq!(programme.pick, PickRule::Month);
    assert_eq!(
        programme.duration_bounds.min,
        Some(Duration::from_secs(600))
    );
    assert_eq!(programme.folder, dir.path().join("audio").join("cchc"));
}

fn error_of(text: &str) -> (Location, String) {
    let dir = folder_with(&["cchc"]);
    let path = dir.path().join("wardcast.toml");
    match Config::parse(&path, text) {
        Err(ConfigError::Invalid {
            location, problem, ..
        }) => (location, problem.say(Lang::Vi)),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[test]
fn an_unknown_key_is_located() {
    let text = GOOD.replace("pick = \"month\"", "pick = \"month\"\ncolour = \"red\"");
    let (location, message) = error_of(&text);
    assert_eq!((location.line, location.column), (15, 1), "{message}");
    assert!(message.contains("colour"), "{message}");
}

#[test]
fn a_bad_time_zone_points_at_its_value() {
    let text = GOOD.replace(
        "name = \"Đài phường\"",
        "name = \"Đài phường\"\ntimezone = \"Asia/Hanoi-City\"",
    );
    let (location, message) = error_of(&text);
    assert_eq!((location.line, location.column), (4, 12), "{message}");
    assert!(message.contains("Asia/Hanoi-City"));
}

#[test]
fn a_bad_crontab_line_points_at_the_line() {
    let text = GOOD.replace("30 6 * * MON#1", "30 25 * * MON");
    let (location, message) = error_of(&text);
    assert_eq!((location.line, location.column), (13, 13), "{message}");
    assert!(message.contains("30 25 * * MON"));
}

#[test]
fn a_missing_folder_names_the_path() {
    let text = GOOD.replace("folder = \"cchc\"", "folder = \"nowhere\"");
    let (location, message) = error_of(&text);
    assert_eq!((location.line, location.column), (12, 10), "{message}");
    assert!(message.contains("nowhere"));
}

#[test]
fn a_bad_duration_and_a_bad_pick_are_located() {
    let (location, message) = error_of(&GOOD.replace("\"15m\"", "\"fifteen\""));
    assert_eq!((location.line, location.column), (16, 16), "{message}");
    let (location, message) = error_of(&GOOD.replace("\"month\"", "\"random\""));
    assert_eq!((location.line, location.column), (14, 8), "{message}");
    assert!(message.contains("random"), "{message}");
}

#[test]
fn a_syntax_error_is_located_not_panicked() {
    let (location, _) = error_of("[station\nname = 1");
    assert_eq!(location.line, 1);
}
