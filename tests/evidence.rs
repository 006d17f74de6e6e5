//! The log as evidence: what the card was given (level, silences) and how far an airing cut
//! off by a crash got. Against the real daemon on the headless card.

mod support;

use std::time::Duration;

use support::{settle, slot_in, Station};

/// A 16-bit mono WAV: `parts` of (frequency or 0 for silence, seconds).
fn write_parts_wav(path: &std::path::Path, parts: &[(f64, f64)]) {
    let rate = 22_050u32;
    let mut samples: Vec<i16> = Vec::new();
    for (frequency, seconds) in parts {
        let count = (seconds * f64::from(rate)) as usize;
        for index in 0..count {
            let t = index as f64 / f64::from(rate);
            let value = if *frequency > 0.0 {
                0.5 * (2.0 * std::f64::consts::PI * frequency * t).sin()
            } else {
                0.0
            };
            samples.push((value * 32767.0) as i16);
        }
    }
    let data: Vec<u8> = samples.iter().flat_map(|s| s.to_le_bytes()).collect();
    let mut file = Vec::new();
    file.extend_from_slice(b"RIFF");
    file.extend_from_slice(&(36 + data.len() as u32).to_le_bytes());
    file.extend_from_slice(b"WAVEfmt ");
    file.extend_from_slice(&16u32.to_le_bytes());
    file.extend_from_slice(&1u16.to_le_bytes());
    file.extend_from_slice(&1u16.to_le_bytes());
    file.extend_from_slice(&rate.to_le_bytes());
    file.extend_from_slice(&(rate * 2).to_le_bytes());
    file.extend_from_slice(&2u16.to_le_bytes());
    file.extend_from_slice(&16u16.to_le_bytes());
    file.extend_from_slice(b"data");
    file.extend_from_slice(&(data.len() as u32).to_le_bytes());
    file.extend_from_slice(&data);
    std::fs::write(path, file).expect("write wav");
    settle(path);
}

#[test]
fn level_and_dead_air_are_measured_from_what_the_card_was_given() {
    let (_, line) = slot_in(Duration::from_secs(5));
    let station = Station::new(
        &["news"],
        &format!(
            "[output]\ndead_air = \"3s\"\n\n[[programme]]\nid = \"news\"\ntitle = \"news\"\n\
             folder = \"news\"\nschedule = [\"{line}\"]\npick = \"newest\"\n"
        ),
    );
    // A tone, a 4-second hole (dead air), a tone, then a 1-second pause (not dead air).
    write_parts_wav(
        &station.audio("news").join("gap.wav"),
        &[
            (1000.0, 1.0),
            (0.0, 4.0),
            (1000.0, 1.0),
            (0.0, 1.0),
            (1000.0, 0.5),
        ],
    );
    let daemon = station.spawn_daemon(&[]);
    let log = station.wait_for_outcomes(1, Duration::from_secs(25));
    let (status, daemon_log) = daemon.terminate();
    assert!(status.success(), "{daemon_log}");
    let evidence = &log[0]["evidence"];
    assert_eq!(log[0]["outcome"], "aired", "{log:#?}");
    let frames = evidence["frames"].as_u64().expect("frames");
    // 7.5 s at the card's rate (the headless card is 48 kHz; the file is resampled).
    let seconds = frames as f64 / 48_000.0;
    assert!(
        (seconds - 7.5).abs() < 0.05,
        "{frames} frames = {seconds} s"
    );
    let peak = evidence["peak_dbfs"].as_f64().expect("peak");
    assert!(
        (peak - -6.02).abs() < 0.3,
        "peak {peak} dBFS for a half-scale tone"
    );
    // RMS of a half-scale sine is -9.03 dBFS; 2.5 s of tone in 7.5 s lowers it by 4.77 dB.
    let rms = evidence["rms_dbfs"].as_f64().expect("rms");
    assert!((rms - -13.8).abs() < 0.5, "rms {rms} dBFS");
    let silences = evidence["silences"].as_array().expect("silences");
    assert_eq!(
        silences.len(),
        1,
        "only the 4 s hole is dead air: {silences:?}"
    );
    let offset = silences[0]["offset_seconds"].as_f64().expect("offset");
    let length = silences[0]["length_seconds"].as_f64().expect("length");
    assert!((offset - 1.0).abs() < 0.05, "silence starts at {offset} s");
    assert!((length - 4.0).abs() < 0.05, "silence lasts {length} s");
}

#[test]
fn an_airing_cut_by_kill_minus_nine_is_closed_on_restart_with_how_far_it_got() {
    let (slot, line) = slot_in(Duration::from_secs(5));
    let station = Station::new(
        &["news"],
        &format!(
            "[[programme]]\nid = \"news\"\ntitle = \"news\"\nfolder = \"news\"\n\
             schedule = [\"{line}\"]\npick = \"newest\"\n"
        ),
    );
    write_parts_wav(&station.audio("news").join("long.wav"), &[(440.0, 30.0)]);
    let mut daemon = station.spawn_daemon(&["--lang", "en"]);
    daemon
        .wait_for_line(&["on air"], Duration::from_secs(15))
        .unwrap_or_else(|| panic!("never on air:\n{}", daemon.log_text()));
    // Kill it 12 s into the airing.
    let into = chrono::Duration::seconds(12);
    while chrono::Utc::now() < slot + into {
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = daemon.child.kill();
    let _ = daemon.child.wait();
    let killed_after = (chrono::Utc::now() - slot).num_milliseconds() as f64 / 1000.0;

    let restarted = station.spawn_daemon(&["--lang", "en"]);
    restarted
        .wait_for_line(&["wardcast is running"], Duration::from_secs(10))
        .expect("restarted");
    let (status, log) = restarted.terminate();
    assert!(status.success(), "{log}");
    let airings = station.log_json();
    assert_eq!(airings.len(), 1, "{airings:#?}");
    assert_eq!(airings[0]["outcome"], "interrupted");
    let played = airings[0]["played_seconds"].as_f64().expect("played");
    assert!(
        played <= killed_after && killed_after - played <= 10.0,
        "logged {played} s played; it was killed after {killed_after} s"
    );
    assert!(airings[0]["reason"]
        .as_str()
        .is_some_and(|reason| reason.contains("power cut or crash) after about")));
    let verify = station.run(&["--lang", "en", "verify"]);
    assert!(verify.status.success(), "{verify:?}");
}

fn one_programme(line: &str) -> String {
    format!(
        "[[programme]]\nid = \"news\"\ntitle = \"news\"\nfolder = \"news\"\n\
         schedule = [\"{line}\"]\npick = \"newest\"\n"
    )
}

#[test]
fn a_file_overwritten_just_before_its_slot_airs_whole_from_one_version_and_the_log_names_it() {
    let (_, line) = slot_in(Duration::from_secs(7));
    let station = Station::new(&["news"], &one_programme(&line));
    let path = station.audio("news").join("tin.wav");
    // The old version: 6 s of 440 Hz.
    write_parts_wav(&path, &[(440.0, 6.0)]);
    let old_sha = support::sha256_of(&path);
    let daemon = station.spawn_daemon(&[]);
    daemon
        .wait_for_line(&["file ready"], Duration::from_secs(10))
        .expect("the old version is ready");
    // Two seconds before the slot, `cp new.wav tin.wav`: 3 s of 1 kHz written in place.
    daemon
        .wait_for_line(&["file picked"], Duration::from_secs(15))
        .expect("picked");
    let mut new_version = Vec::new();
    {
        let staging = station.dir.path().join("new.wav");
        write_parts_wav(&staging, &[(1000.0, 3.0)]);
        new_version.extend(std::fs::read(&staging).expect("read"));
    }
    std::fs::write(&path, &new_version).expect("overwrite in place");
    let log = station.wait_for_outcomes(1, Duration::from_secs(20));
    let (status, daemon_log) = daemon.terminate();
    assert!(status.success(), "{daemon_log}");
    let recordings = station.card.recordings();
    let heard = recordings.last().expect("something was heard");
    let seconds = heard.sound_duration().as_secs_f64();
    let frames = heard.frames();
    // Whole and of one version: 6 s of 440 Hz all through, never a splice of the two.
    assert!(
        (seconds - 6.0).abs() < 0.1,
        "heard {seconds} s:\n{daemon_log}"
    );
    let first = heard.first_sound_frame().expect("sound");
    for at in [0.5, 2.5, 4.5, 5.5] {
        let from = first + (at * 48_000.0) as usize;
        let frequency = heard.frequency(from.min(frames - 2400), 2400);
        assert!(
            (frequency - 440.0).abs() < 20.0,
            "{frequency} Hz at {at} s: a splice"
        );
    }
    assert_eq!(log[0]["outcome"], "aired", "{log:#?}");
    assert_eq!(
        log[0]["sha256"],
        old_sha.as_str(),
        "the log names what was played"
    );
}

#[test]
fn a_paused_daemon_is_recorded_as_a_stall_and_played_seconds_count_what_the_card_took() {
    let (_, line) = slot_in(Duration::from_secs(5));
    let station = Station::new(&["news"], &one_programme(&line));
    write_parts_wav(&station.audio("news").join("long.wav"), &[(440.0, 8.0)]);
    let daemon = station.spawn_daemon(&[]);
    daemon
        .wait_for_line(&["on air"], Duration::from_secs(15))
        .expect("on air");
    std::thread::sleep(Duration::from_secs(3));
    let pid = daemon.child.id().to_string();
    let stopped = std::process::Command::new("kill")
        .args(["-STOP", &pid])
        .status()
        .expect("kill");
    assert!(stopped.success());
    std::thread::sleep(Duration::from_secs(4));
    let _ = std::process::Command::new("kill")
        .args(["-CONT", &pid])
        .status();
    let log = station.wait_for_outcomes(1, Duration::from_secs(20));
    let (status, daemon_log) = daemon.terminate();
    assert!(status.success(), "{daemon_log}");
    let heard: f64 = station
        .card
        .recordings()
        .iter()
        .map(|recording| recording.sound_duration().as_secs_f64())
        .sum();
    let played = log[0]["played_seconds"].as_f64().expect("played");
    assert!(
        (played - heard).abs() < 0.3,
        "log says {played} s, the card heard {heard} s: {log:#?}"
    );
    let stalls = log[0]["evidence"]["stalls"]
        .as_array()
        .unwrap_or_else(|| panic!("no stall recorded: {log:#?}"));
    assert_eq!(stalls.len(), 1, "{stalls:#?}");
    let offset = stalls[0]["offset_seconds"].as_f64().expect("offset");
    let length = stalls[0]["length_seconds"].as_f64().expect("length");
    assert!((2.5..4.0).contains(&offset), "stall at {offset} s");
    assert!((3.5..5.0).contains(&length), "stall of {length} s");
}

/// Stops the process for `pause`, then lets it run again.
fn pause_process(pid: &str, pause: Duration) {
    let stopped = std::process::Command::new("kill")
        .args(["-STOP", pid])
        .status()
        .expect("kill");
    assert!(stopped.success());
    std::thread::sleep(pause);
    let _ = std::process::Command::new("kill")
        .args(["-CONT", pid])
        .status();
}

#[test]
fn short_pauses_add_up_to_stalls_and_the_end_is_logged_when_it_was_heard() {
    let (_, line) = slot_in(Duration::from_secs(5));
    let station = Station::new(&["news"], &one_programme(&line));
    write_parts_wav(&station.audio("news").join("long.wav"), &[(440.0, 18.0)]);
    let daemon = station.spawn_daemon(&[]);
    daemon
        .wait_for_line(&["on air"], Duration::from_secs(15))
        .expect("on air");
    std::thread::sleep(Duration::from_secs(1));
    let pid = daemon.child.id().to_string();
    for _ in 0..25 {
        pause_process(&pid, Duration::from_millis(80));
        std::thread::sleep(Duration::from_millis(500));
    }
    let log = station.wait_for_outcomes(1, Duration::from_secs(25));
    let (status, daemon_log) = daemon.terminate();
    assert!(status.success(), "{daemon_log}");
    assert_eq!(log[0]["outcome"], "aired", "{log:#?}");
    // What the card went without: the time from the first to the last sound heard, less
    // the sound itself.
    let recordings = station.card.recordings();
    let heard = recordings.last().expect("something was heard");
    let (first, last) = (
        heard.first_sound_frame().expect("sound"),
        heard.last_sound_frame().expect("sound"),
    );
    let (first_at, last_at) = (
        heard.heard_at(first).expect("heard"),
        heard.heard_at(last).expect("heard"),
    );
    let span = support::millis_between(last_at, first_at) / 1000.0;
    let gaps = span - (last - first) as f64 / f64::from(support::RATE);
    let stalls: f64 = log[0]["evidence"]["stalls"]
        .as_array()
        .unwrap_or_else(|| panic!("no stall recorded (gaps {gaps} s): {log:#?}"))
        .iter()
        .map(|stall| stall["length_seconds"].as_f64().expect("length"))
        .sum();
    assert!(gaps > 0.5, "the pauses left only {gaps} s of gaps");
    // Up to one threshold's worth (100 ms) may remain below it, unrecorded.
    assert!(
        (stalls - gaps).abs() < 0.2,
        "stalls of {stalls} s recorded; the card went without for {gaps} s"
    );
    let ended = log[0]["ended_at"].as_str().expect("ended_at");
    let ended: std::time::SystemTime = chrono::DateTime::parse_from_rfc3339(ended)
        .expect("timestamp")
        .with_timezone(&chrono::Utc)
        .into();
    let off = support::millis_between(ended, last_at);
    assert!(
        off.abs() < 200.0,
        "logged end {off} ms from when the last sound was heard"
    );
}

/// A limit on the files read for airing low enough to pass with a few seconds of WAV.
const SMALL_LIMIT: (&str, &str) = ("WARDCAST_MAX_SNAPSHOT_BYTES", "1000000");

#[test]
fn a_file_too_large_to_air_is_refused_when_probed_and_the_next_file_of_the_folder_airs() {
    let (_, line) = slot_in(Duration::from_secs(5));
    let station = Station::new(&["news"], &one_programme(&line));
    let older = station.audio("news").join("tin-cu.wav");
    write_parts_wav(&older, &[(440.0, 3.0)]);
    std::thread::sleep(Duration::from_millis(50));
    // Newer, so `newest` picks it first: 30 s of 22 kHz mono, 1.3 MB.
    write_parts_wav(
        &station.audio("news").join("tin-moi.wav"),
        &[(1000.0, 30.0)],
    );
    let daemon = station.spawn_daemon_with_env(&["--lang", "en"], &[SMALL_LIMIT]);
    let log = station.wait_for_outcomes(1, Duration::from_secs(25));
    let (status, daemon_log) = daemon.terminate();
    assert!(status.success(), "{daemon_log}");
    assert_eq!(log[0]["outcome"], "aired", "{log:#?}\n{daemon_log}");
    assert_eq!(log[0]["sha256"], support::sha256_of(&older).as_str());
    let heard = station.card.recordings();
    let heard = heard.last().expect("something was heard");
    let seconds = heard.sound_duration().as_secs_f64();
    assert!((seconds - 3.0).abs() < 0.1, "heard {seconds} s");
    let middle = heard.first_sound_frame().expect("sound") + 48_000;
    let frequency = heard.frequency(middle, 4800);
    assert!((frequency - 440.0).abs() < 20.0, "heard {frequency} Hz");
    // Refused as soon as it is probed, once, with the reason: never offered to a slot.
    let refused: Vec<&str> = daemon_log
        .lines()
        .filter(|line| line.contains("tin-moi.wav") && line.contains("will not air"))
        .collect();
    assert_eq!(refused.len(), 1, "{daemon_log}");
    assert!(
        refused[0].contains(
            "it is 2 MB, larger than the 1 MB wardcast reads into memory to air a file; \
             convert it to MP3"
        ),
        "{}",
        refused[0]
    );
}

#[test]
fn a_slot_whose_only_file_is_too_large_to_air_is_missed_naming_the_file_and_why() {
    let (_, line) = slot_in(Duration::from_secs(5));
    let station = Station::new(&["news"], &one_programme(&line));
    write_parts_wav(
        &station.audio("news").join("tin-moi.wav"),
        &[(1000.0, 30.0)],
    );
    let daemon = station.spawn_daemon_with_env(&[], &[SMALL_LIMIT]);
    let log = station.wait_for_outcomes(1, Duration::from_secs(20));
    let (status, daemon_log) = daemon.terminate();
    assert!(status.success(), "{daemon_log}");
    assert_eq!(log.len(), 1, "{log:#?}");
    assert_eq!(log[0]["outcome"], "missed", "{log:#?}\n{daemon_log}");
    let reason = log[0]["reason"].as_str().expect("reason");
    assert!(
        reason.contains(
            "không có file phát được trong news/ (tin-moi.wav: file nặng 2 MB, lớn hơn mức 1 MB \
             mà wardcast đọc vào bộ nhớ để phát; hãy chuyển sang MP3"
        ),
        "{reason}"
    );
    assert!(station.card.recordings().is_empty(), "nothing airs");
}
