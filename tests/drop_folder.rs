//! The drop folder as officers use it: slow copies, temporary names, wrong files, macOS
//! names, replaced files, links. Against the real daemon and the real CLI.

mod support;

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use support::{ffmpeg_convert, line_time, millis_between, sha256_of, write_tone_wav, Station};

const READY: &str = "file ready";

/// A programme that airs far in the future, so the daemon only watches its folder.
fn quiet_station(pick: &str, extra: &str) -> Station {
    Station::new(
        &["tiep-song"],
        &format!(
            "[[programme]]\nid = \"tiep-song\"\ntitle = \"Tiếp sóng\"\nfolder = \"tiep-song\"\n\
             schedule = [\"0 17 31 12 *\"]\npick = \"{pick}\"\n{extra}"
        ),
    )
}

fn wav_bytes(dir: &Path, seconds: f64) -> Vec<u8> {
    let path = dir.join(format!("source-{seconds}.wav"));
    write_tone_wav(&path, 440.0, seconds, 22_050, 1);
    std::fs::read(path).expect("read wav")
}

fn library_json(station: &Station) -> Vec<serde_json::Value> {
    let output = station.run(&["--lang", "en", "library", "--json"]);
    assert!(output.status.success(), "{output:?}");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("JSON line"))
        .collect()
}

fn row_for<'a>(rows: &'a [serde_json::Value], name: &str) -> &'a serde_json::Value {
    rows.iter()
        .find(|row| {
            row["file"]
                .as_str()
                .is_some_and(|file| file.ends_with(name))
        })
        .unwrap_or_else(|| panic!("no row for {name} in {rows:#?}"))
}

#[test]
fn a_slow_copy_is_not_ready_until_closed_then_ready_within_two_seconds() {
    let station = quiet_station("newest", "");
    let daemon = station.spawn_daemon(&[]);
    daemon
        .wait_for_line(&["wardcast is running"], Duration::from_secs(10))
        .expect("daemon started");
    let bytes = wav_bytes(station.dir.path(), 3.0);
    let target = station.audio("tiep-song").join("Bản tin PAPI.wav");
    let mut file = std::fs::File::create(&target).expect("create");
    // Six chunks over three seconds, as a USB stick copy trickles in.
    for chunk in bytes.chunks(bytes.len() / 6 + 1) {
        file.write_all(chunk).expect("write");
        file.flush().expect("flush");
        std::thread::sleep(Duration::from_millis(500));
    }
    assert!(
        daemon.log_lines(&[READY, "Bản tin PAPI.wav"]).is_empty(),
        "marked ready before the copy finished:\n{}",
        daemon.log_text()
    );
    drop(file);
    let closed = SystemTime::now();
    let line = daemon
        .wait_for_line(&[READY, "Bản tin PAPI.wav"], Duration::from_secs(5))
        .unwrap_or_else(|| panic!("never ready:\n{}", daemon.log_text()));
    let after = millis_between(line_time(&line).expect("time"), closed);
    eprintln!("ready {after:.0} ms after close");
    assert!(after < 2000.0, "ready {after:.0} ms after close");
    let rows = library_json(&station);
    let row = row_for(&rows, "Bản tin PAPI.wav");
    assert_eq!(row["state"], "ready");
    assert_eq!(row["sha256"], sha256_of(&target));
    let seconds = row["duration_seconds"].as_f64().expect("duration");
    assert!((seconds - 3.0).abs() < 0.01, "{seconds}");
}

#[test]
fn a_part_file_renamed_is_ingested_exactly_once() {
    let station = quiet_station("newest", "");
    let daemon = station.spawn_daemon(&[]);
    daemon
        .wait_for_line(&["wardcast is running"], Duration::from_secs(10))
        .expect("daemon started");
    let folder = station.audio("tiep-song");
    let partial = folder.join("Tin CCHC tháng 12.mp3.part");
    let wav = station.dir.path().join("tone.wav");
    write_tone_wav(&wav, 440.0, 1.0, 44_100, 1);
    ffmpeg_convert(
        &wav,
        &station.dir.path().join("tone.mp3"),
        &["-codec:a", "libmp3lame"],
    );
    std::fs::copy(station.dir.path().join("tone.mp3"), &partial).expect("copy");
    std::thread::sleep(Duration::from_millis(2500));
    assert!(
        daemon.log_lines(&["Tin CCHC tháng 12"]).is_empty(),
        "a .part file was looked at:\n{}",
        daemon.log_text()
    );
    let renamed = folder.join("Tin CCHC tháng 12.mp3");
    std::fs::rename(&partial, &renamed).expect("rename");
    let renamed_at = Instant::now();
    daemon
        .wait_for_line(&[READY, "Tin CCHC tháng 12.mp3"], Duration::from_secs(5))
        .unwrap_or_else(|| panic!("never ready:\n{}", daemon.log_text()));
    assert!(renamed_at.elapsed() < Duration::from_secs(2));
    // Long enough for a second probe to show if one were coming.
    std::thread::sleep(Duration::from_millis(2500));
    assert_eq!(
        daemon.log_lines(&[READY, "Tin CCHC tháng 12.mp3"]).len(),
        1,
        "{}",
        daemon.log_text()
    );
}

#[test]
fn each_wrong_file_gets_its_own_reason_and_the_daemon_keeps_running() {
    let station = quiet_station("newest", "min_duration = \"3s\"\n");
    let folder = station.audio("tiep-song");
    let dir = station.dir.path();
    let mut daemon = station.spawn_daemon(&[]);
    daemon
        .wait_for_line(&["wardcast is running"], Duration::from_secs(10))
        .expect("daemon started");

    std::fs::write(folder.join("rỗng.mp3"), b"").expect("empty");
    let whole = wav_bytes(dir, 4.0);
    std::fs::write(folder.join("cắt cụt.wav"), &whole[..whole.len() / 2]).expect("truncated");
    std::fs::write(
        folder.join("biên bản.mp3"),
        "Biên bản họp tổ dân phố số 3\nNội dung: triển khai CCHC\n".repeat(20),
    )
    .expect("text");
    let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec();
    png.resize(4096, 0);
    std::fs::write(folder.join("ảnh chụp.mp3"), png).expect("image");
    let wav = dir.join("tone.wav");
    write_tone_wav(&wav, 440.0, 4.0, 48_000, 1);
    ffmpeg_convert(&wav, &folder.join("opus.ogg"), &["-codec:a", "libopus"]);
    write_tone_wav(&folder.join("ngắn.wav"), 440.0, 2.0, 22_050, 1);
    write_tone_wav(&folder.join("đủ dài.wav"), 440.0, 4.0, 22_050, 1);

    daemon
        .wait_for_line(&[READY, "đủ dài.wav"], Duration::from_secs(10))
        .unwrap_or_else(|| panic!("the good file was not ready:\n{}", daemon.log_text()));
    // Every wrong file gets its verdict in the daemon's log, within seconds.
    let deadline = Instant::now() + Duration::from_secs(10);
    while daemon.log_lines(&["will not air"]).len() < 6 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        daemon.log_lines(&["will not air"]).len(),
        6,
        "six files will not air:\n{}",
        daemon.log_text()
    );
    assert!(
        daemon.is_running(),
        "the daemon stopped:\n{}",
        daemon.log_text()
    );

    let rows = library_json(&station);
    let reason = |name: &str| {
        let row = row_for(&rows, name);
        assert_eq!(row["state"], "rejected", "{row}");
        row["reason"].as_str().expect("reason").to_string()
    };
    assert!(reason("rỗng.mp3").contains("empty (0 bytes)"));
    assert!(
        reason("cắt cụt.wav").contains("cut short"),
        "{}",
        reason("cắt cụt.wav")
    );
    assert!(reason("biên bản.mp3").contains("text file, not audio"));
    assert!(reason("ảnh chụp.mp3").contains("PNG image, not audio"));
    assert!(
        reason("opus.ogg").contains("wardcast cannot play"),
        "{}",
        reason("opus.ogg")
    );
    assert_eq!(
        reason("ngắn.wav"),
        "2 s, shorter than the 3 s this programme needs"
    );
    assert_eq!(row_for(&rows, "đủ dài.wav")["state"], "ready");
    let reasons: std::collections::HashSet<String> = [
        "rỗng.mp3",
        "cắt cụt.wav",
        "biên bản.mp3",
        "ảnh chụp.mp3",
        "opus.ogg",
        "ngắn.wav",
    ]
    .iter()
    .map(|name| reason(name))
    .collect();
    assert_eq!(reasons.len(), 6, "each wrong file has its own reason");
    // Nothing the officer dropped was moved or deleted.
    assert_eq!(std::fs::read_dir(&folder).expect("list").count(), 7);

    let vietnamese = station.run(&["library"]);
    let text = String::from_utf8_lossy(&vietnamese.stdout);
    assert!(text.contains("file rỗng (0 byte)"), "{text}");
    assert!(
        text.contains("dài 2 giây, ngắn hơn 3 giây mà chương trình này cần"),
        "{text}"
    );
}

#[test]
fn a_file_replaced_under_the_same_name_is_probed_again() {
    let station = quiet_station("newest", "");
    let daemon = station.spawn_daemon(&[]);
    daemon
        .wait_for_line(&["wardcast is running"], Duration::from_secs(10))
        .expect("daemon started");
    let target = station.audio("tiep-song").join("PCI.wav");
    write_tone_wav(&target, 440.0, 1.0, 22_050, 1);
    daemon
        .wait_for_line(&[READY, "PCI.wav"], Duration::from_secs(5))
        .expect("first version ready");
    let first = sha256_of(&target);
    write_tone_wav(&target, 880.0, 2.0, 22_050, 1);
    let second = sha256_of(&target);
    assert_ne!(first, second);
    let deadline = Instant::now() + Duration::from_secs(5);
    while daemon.log_lines(&[READY, "PCI.wav"]).len() < 2 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        daemon.log_lines(&[READY, "PCI.wav"]).len(),
        2,
        "{}",
        daemon.log_text()
    );
    let rows = library_json(&station);
    let row = row_for(&rows, "PCI.wav");
    assert_eq!(row["sha256"], second);
    assert!((row["duration_seconds"].as_f64().expect("duration") - 2.0).abs() < 0.01);
}

#[test]
fn macos_names_match_and_links_out_of_the_audio_folder_are_refused() {
    use unicode_normalization::UnicodeNormalization;
    // The folder was copied from a Mac (decomposed name); the config names it composed.
    let composed_folder = "chuyên-mục";
    let decomposed_folder: String = composed_folder.nfd().collect();
    let station = Station::new(
        &[decomposed_folder.as_str()],
        &format!(
            "[[programme]]\nid = \"cchc-monthly\"\ntitle = \"Chuyên mục CCHC\"\n\
             folder = \"{composed_folder}\"\nschedule = [\"30 6 * * MON#1\"]\npick = \"month\"\n"
        ),
    );
    let folder = station.audio(&decomposed_folder);
    let name: String = "2026-12 Chuyên mục CCHC.wav".nfd().collect();
    write_tone_wav(&folder.join(&name), 440.0, 1.0, 22_050, 1);
    let outside = station.dir.path().join("outside.wav");
    write_tone_wav(&outside, 440.0, 1.0, 22_050, 1);
    std::os::unix::fs::symlink(&outside, folder.join("2026-12 link.wav")).expect("symlink");
    // Files written just now are taken as complete once they sit still for 2 s.
    std::thread::sleep(Duration::from_millis(2100));

    let output = station.run(&["next", "--json", "--from", "2026-12-01", "--count", "1"]);
    assert!(output.status.success(), "{output:?}");
    let planned: serde_json::Value = serde_json::from_slice(&output.stdout).expect("one JSON line");
    assert_eq!(planned["scheduled_at"], "2026-12-07T06:30:00.000+07:00");
    assert!(
        planned["file"]
            .as_str()
            .is_some_and(|file| file.ends_with(&name)),
        "{planned}"
    );
    let rows = library_json(&station);
    let link = row_for(&rows, "2026-12 link.wav");
    assert_eq!(link["state"], "rejected");
    assert!(link["reason"]
        .as_str()
        .is_some_and(|r| r.contains("outside the audio folder")));
    assert!(outside.exists());
}

#[test]
fn check_warns_a_week_ahead_of_an_empty_monthly_slot_in_vietnamese() {
    let station = Station::new(
        &["cchc-monthly"],
        "[[programme]]\nid = \"cchc-monthly\"\ntitle = \"Chuyên mục CCHC\"\n\
         folder = \"cchc-monthly\"\nschedule = [\"30 6 * * *\"]\npick = \"month\"\n",
    );
    let output = station.run(&["check"]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let text = String::from_utf8_lossy(&output.stdout);
    let now = chrono::Utc::now().with_timezone(&chrono_tz::Asia::Ho_Chi_Minh);
    let next = if now.format("%H:%M").to_string().as_str() < "06:30" {
        now
    } else {
        now + chrono::Duration::days(1)
    };
    let expected = format!(
        "Chưa có file cho Chuyên mục CCHC tháng {}: hãy chép vào audio/cchc-monthly/ trước {} 06:30",
        next.format("%m/%Y"),
        next.format("%d/%m")
    );
    assert!(
        text.contains(&expected),
        "expected {expected:?} in:\n{text}"
    );
    let english = station.run(&["--lang", "en", "check"]);
    let text = String::from_utf8_lossy(&english.stdout);
    assert!(
        text.contains("No file yet for Chuyên mục CCHC of"),
        "{text}"
    );
}

#[test]
fn a_restart_does_not_probe_known_files_again() {
    let station = quiet_station("newest", "");
    for index in 0..5 {
        write_tone_wav(
            &station.audio("tiep-song").join(format!("{index}.wav")),
            440.0,
            0.5,
            22_050,
            1,
        );
    }
    std::thread::sleep(Duration::from_millis(2100));
    let first = station.spawn_daemon(&[]);
    first
        .wait_for_line(&[READY, "4.wav"], Duration::from_secs(10))
        .expect("probed once");
    let (_, first_log) = first.terminate();
    assert_eq!(first_log.matches(READY).count(), 5, "{first_log}");
    let second = station.spawn_daemon(&[]);
    second
        .wait_for_line(&["wardcast is running"], Duration::from_secs(10))
        .expect("started");
    std::thread::sleep(Duration::from_millis(1000));
    let (_, second_log) = second.terminate();
    assert_eq!(second_log.matches(READY).count(), 0, "{second_log}");
}
