//! Staying on air, against the real daemon process on the headless card: shutdown mid-airing,
//! kill -9 at random moments, slots missed while down, emergencies, overlaps, a sound card
//! that fails and comes back, a broken config on reload, and one daemon per data folder.

mod support;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use support::{settle, slot_in, Station};

fn write_tone_wav(path: &std::path::Path, frequency: f64, seconds: f64, rate: u32, channels: u16) {
    support::write_tone_wav(path, frequency, seconds, rate, channels);
    settle(path);
}

fn programme(id: &str, folder: &str, schedule: &str, extra: &str) -> String {
    format!(
        "[[programme]]\nid = \"{id}\"\ntitle = \"{id}\"\nfolder = \"{folder}\"\n\
         schedule = [\"{schedule}\"]\npick = \"newest\"\n{extra}\n"
    )
}

fn kill_hard(daemon: &mut support::Daemon) {
    let _ = daemon.child.kill();
    let _ = daemon.child.wait();
}

fn verify_passes(station: &Station) -> String {
    let output = station.run(&["--lang", "en", "verify"]);
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "verify failed: {text}");
    assert!(text.contains("The log is intact"), "{text}");
    text
}

#[test]
fn sigterm_mid_airing_exits_within_two_seconds_with_the_airing_logged() {
    let (_, line) = slot_in(Duration::from_secs(6));
    let station = Station::new(&["news"], &programme("news", "news", &line, ""));
    write_tone_wav(
        &station.audio("news").join("long.wav"),
        440.0,
        20.0,
        22_050,
        1,
    );
    let daemon = station.spawn_daemon(&["--lang", "en"]);
    daemon
        .wait_for_line(&["on air"], Duration::from_secs(15))
        .unwrap_or_else(|| panic!("never on air:\n{}", daemon.log_text()));
    std::thread::sleep(Duration::from_millis(1500));
    let asked = Instant::now();
    let (status, log) = daemon.terminate();
    let took = asked.elapsed();
    assert!(status.success(), "exit {status:?}\n{log}");
    assert!(took < Duration::from_secs(2), "took {took:?} to stop");
    let airings = station.log_json();
    assert_eq!(airings.len(), 1, "{airings:#?}");
    assert_eq!(airings[0]["outcome"], "interrupted");
    assert_eq!(airings[0]["reason"], "shutdown");
    let played = airings[0]["played_seconds"].as_f64().expect("played");
    assert!((1.0..4.0).contains(&played), "played {played} s");
    verify_passes(&station);
}

#[test]
fn kill_minus_nine_fifty_times_never_loses_or_repeats_a_slot() {
    let station = Station::new(&["news"], &programme("news", "news", "*/2 * * * * *", ""));
    write_tone_wav(
        &station.audio("news").join("tin.wav"),
        660.0,
        0.7,
        22_050,
        1,
    );
    // A fixed seed: the same moments every run, spread over airings and the gaps between.
    let mut seed: u64 = 0x5eed_cafe;
    let mut next_pause = || {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        Duration::from_millis(300 + (seed >> 33) % 2200)
    };
    let first_start = chrono::Utc::now();
    let rounds = std::env::var("WARDCAST_KILL_ROUNDS")
        .ok()
        .and_then(|rounds| rounds.parse().ok())
        .unwrap_or(50);
    for _ in 0..rounds {
        let mut daemon = station.spawn_daemon(&[]);
        std::thread::sleep(next_pause());
        kill_hard(&mut daemon);
    }
    let last_start = chrono::Utc::now();
    let daemon = station.spawn_daemon(&[]);
    daemon
        .wait_for_line(&["wardcast is running"], Duration::from_secs(10))
        .expect("the last run started");
    std::thread::sleep(Duration::from_millis(3000));
    let (status, log) = daemon.terminate();
    assert!(status.success(), "{log}");

    let airings = station.log_json();
    let mut per_slot: BTreeMap<String, Vec<&serde_json::Value>> = BTreeMap::new();
    for airing in &airings {
        let slot = airing["scheduled_at"]
            .as_str()
            .expect("scheduled")
            .to_string();
        per_slot.entry(slot).or_default().push(airing);
    }
    for (slot, records) in &per_slot {
        assert_eq!(
            records.len(),
            1,
            "slot {slot} is in the log {} times: {records:#?}",
            records.len()
        );
        assert!(
            records[0]["outcome"].is_string(),
            "slot {slot} has no outcome: {:#?}",
            records[0]
        );
    }
    // Every even second from the first start to the last start is accounted for.
    let zone = chrono_tz::Asia::Ho_Chi_Minh;
    let mut expected = Vec::new();
    let mut at = first_start.timestamp() + 1;
    while at <= last_start.timestamp() {
        if at % 2 == 0 {
            let slot = chrono::DateTime::from_timestamp(at, 0)
                .expect("time")
                .with_timezone(&zone);
            expected.push(slot.format("%Y-%m-%dT%H:%M:%S%.3f%:z").to_string());
        }
        at += 1;
    }
    let absent: Vec<&String> = expected
        .iter()
        .filter(|slot| !per_slot.contains_key(*slot))
        .collect();
    assert!(
        absent.is_empty(),
        "slots missing from the log: {absent:?}\n{log}"
    );
    let count = |outcome: &str| airings.iter().filter(|a| a["outcome"] == outcome).count();
    eprintln!(
        "{rounds} kill -9 rounds: {} slots checked, {} aired, {} interrupted, {} missed",
        expected.len(),
        count("aired"),
        count("interrupted"),
        count("missed")
    );
    // Kills land both during airings and between them.
    assert!(count("interrupted") > 0 && count("aired") > 0);
    verify_passes(&station);
}

#[test]
fn slots_missed_while_down_are_logged_or_played_late_by_policy() {
    let station = Station::new(
        &["skip", "late"],
        &[
            programme("skip", "skip", "*/3 * * * * *", ""),
            programme(
                "late",
                "late",
                "*/3 * * * * *",
                "if_missed = \"late\"\nlate_within = \"1h\"",
            ),
        ]
        .concat(),
    );
    write_tone_wav(&station.audio("skip").join("a.wav"), 440.0, 0.3, 22_050, 1);
    write_tone_wav(&station.audio("late").join("b.wav"), 880.0, 0.3, 22_050, 1);
    let daemon = station.spawn_daemon(&[]);
    daemon
        .wait_for_line(&["airing ended"], Duration::from_secs(15))
        .expect("a first airing");
    let (status, _) = daemon.terminate();
    assert!(status.success());
    std::thread::sleep(Duration::from_secs(7));
    let daemon = station.spawn_daemon(&[]);
    std::thread::sleep(Duration::from_secs(4));
    let (_, log) = daemon.terminate();
    let airings = station.log_json();
    let down: Vec<_> = airings
        .iter()
        .filter(|a| {
            a["programme"] == "skip"
                && a["outcome"] == "missed"
                && a["reason"]
                    .as_str()
                    .is_some_and(|reason| reason.contains("không chạy từ"))
        })
        .collect();
    assert!(
        !down.is_empty(),
        "no missed slot logged:\n{airings:#?}\n{log}"
    );
    assert!(
        down[0]["reason"]
            .as_str()
            .is_some_and(|reason| reason.contains("không chạy từ")),
        "{:#?}",
        down[0]
    );
    // The code and its parameters beside the words: when wardcast was down, as data.
    assert_eq!(down[0]["reason_code"], "daemon_down", "{:#}", down[0]);
    let params = &down[0]["reason_params"];
    for bound in ["since", "until"] {
        assert!(
            params[bound]
                .as_str()
                .is_some_and(|at| chrono::DateTime::parse_from_rfc3339(at).is_ok()),
            "{bound}: {params:#}"
        );
    }
    let late: Vec<_> = airings
        .iter()
        .filter(|a| {
            a["programme"] == "late" && a["reason"].as_str().is_some_and(|r| r.contains("phát trễ"))
        })
        .collect();
    assert!(!late.is_empty(), "no late airing:\n{airings:#?}\n{log}");
    assert_eq!(late[0]["outcome"], "aired");
    assert_eq!(late[0]["reason_code"], "played_late", "{:#}", late[0]);
    assert_eq!(
        late[0]["reason_params"]["why"]["code"], "daemon_down",
        "{:#}",
        late[0]
    );
    verify_passes(&station);
}

#[test]
fn an_emergency_cuts_in_and_both_records_are_right() {
    let (normal_slot, normal_line) = slot_in(Duration::from_secs(6));
    let emergency_at = normal_slot + chrono::Duration::seconds(3);
    let local = emergency_at.with_timezone(&chrono_tz::Asia::Ho_Chi_Minh);
    let emergency_line = local.format("%-S %-M %-H %-d %-m *").to_string();
    let station = Station::new(
        &["news", "alert"],
        &[
            programme("news", "news", &normal_line, ""),
            programme(
                "alert",
                "alert",
                &emergency_line,
                "priority = \"emergency\"",
            ),
        ]
        .concat(),
    );
    write_tone_wav(
        &station.audio("news").join("news.wav"),
        440.0,
        10.0,
        22_050,
        1,
    );
    write_tone_wav(
        &station.audio("alert").join("alert.wav"),
        1000.0,
        1.0,
        22_050,
        1,
    );
    let daemon = station.spawn_daemon(&["--lang", "en"]);
    let log = station.wait_for_outcomes(2, Duration::from_secs(25));
    let (status, daemon_log) = daemon.terminate();
    assert!(status.success(), "{daemon_log}");
    let news = log.iter().find(|a| a["programme"] == "news").expect("news");
    let alert = log
        .iter()
        .find(|a| a["programme"] == "alert")
        .expect("alert");
    assert_eq!(news["outcome"], "interrupted", "{log:#?}");
    assert!(
        news["reason"]
            .as_str()
            .is_some_and(|r| r.contains("emergency")),
        "{news}"
    );
    let played = news["played_seconds"].as_f64().expect("played");
    assert!(
        (2.0..3.2).contains(&played),
        "the news played {played} s before the cut-in"
    );
    assert_eq!(alert["outcome"], "aired", "{log:#?}");
    let started =
        chrono::DateTime::parse_from_rfc3339(alert["started_at"].as_str().expect("start"))
            .expect("time");
    let late = (started.timestamp_millis() - emergency_at.timestamp_millis()).abs();
    assert!(late < 500, "the emergency started {late} ms from its slot");
    // What came out of the card: the news tone, then the alert tone.
    let recordings = station.card.recordings();
    let onsets: Vec<_> = recordings
        .iter()
        .flat_map(|r| r.sound_onsets(Duration::from_millis(200)))
        .collect();
    assert!(onsets.len() >= 2, "{} onsets", onsets.len());
}

#[test]
fn overlapping_slots_air_in_priority_then_time_order_and_wait_at_most_max_delay() {
    let (slot, line) = slot_in(Duration::from_secs(6));
    let later = (slot + chrono::Duration::seconds(1)).with_timezone(&chrono_tz::Asia::Ho_Chi_Minh);
    let later_line = later.format("%-S %-M %-H %-d %-m *").to_string();
    let station = Station::new(
        &["a", "b", "p", "x"],
        &[
            programme("first", "a", &line, ""),
            programme("second", "b", &line, ""),
            programme("urgent", "p", &later_line, "priority = \"priority\""),
            programme("impatient", "x", &line, "max_delay = \"3s\""),
        ]
        .concat(),
    );
    for folder in ["a", "b", "p", "x"] {
        write_tone_wav(&station.audio(folder).join("t.wav"), 500.0, 2.0, 22_050, 1);
    }
    let daemon = station.spawn_daemon(&[]);
    let log = station.wait_for_outcomes(4, Duration::from_secs(25));
    let (status, daemon_log) = daemon.terminate();
    assert!(status.success(), "{daemon_log}");
    let order: Vec<(&str, &str)> = log
        .iter()
        .map(|a| {
            (
                a["programme"].as_str().unwrap_or(""),
                a["outcome"].as_str().unwrap_or(""),
            )
        })
        .collect();
    // "first" airs on time; "urgent" goes before the normal ones still waiting; "second"
    // waits its turn; "impatient" may wait only 3 s, so by its turn it is missed.
    assert_eq!(
        order,
        [
            ("first", "aired"),
            ("urgent", "aired"),
            ("second", "aired"),
            ("impatient", "missed")
        ],
        "{log:#?}"
    );
    let second = &log[2];
    assert!(
        second["reason"]
            .as_str()
            .is_some_and(|r| r.contains("phát trễ")),
        "{second}"
    );
    let impatient = &log[3];
    assert!(
        impatient["reason"]
            .as_str()
            .is_some_and(|r| r.starts_with("trùng giờ")),
        "{impatient}"
    );
}

#[test]
fn a_failing_sound_card_gives_a_failed_record_and_the_daemon_recovers() {
    let (first, line) = slot_in(Duration::from_secs(5));
    let second =
        (first + chrono::Duration::seconds(8)).with_timezone(&chrono_tz::Asia::Ho_Chi_Minh);
    let second_line = second.format("%-S %-M %-H %-d %-m *").to_string();
    let station = Station::new(
        &["news"],
        &format!(
            "[[programme]]\nid = \"news\"\ntitle = \"news\"\nfolder = \"news\"\n\
             schedule = [\"{line}\", \"{second_line}\"]\npick = \"newest\"\nmax_delay = \"2s\"\n"
        ),
    );
    write_tone_wav(&station.audio("news").join("t.wav"), 440.0, 1.0, 22_050, 1);
    let working = std::fs::read_to_string(&station.card.alsa_config).expect("config");
    // A card that is not there: ALSA reads its configuration again when the file changes.
    std::fs::write(
        &station.card.alsa_config,
        "pcm.null { type null }\npcm.!default { type hw card 9 device 0 }\n",
    )
    .expect("break the card");
    let mut daemon = station.spawn_daemon(&["--lang", "en"]);
    let log = station.wait_for_outcomes(1, Duration::from_secs(15));
    assert_eq!(log.len(), 1, "{log:#?}");
    assert_eq!(log[0]["outcome"], "failed");
    let reason = log[0]["reason"].as_str().unwrap_or_default();
    assert!(
        reason.contains("could not be opened") && reason.contains("tried"),
        "{reason}"
    );
    assert!(
        daemon.is_running(),
        "the daemon died:\n{}",
        daemon.log_text()
    );
    std::fs::write(&station.card.alsa_config, working).expect("mend the card");
    let log = station.wait_for_outcomes(2, Duration::from_secs(15));
    let (status, daemon_log) = daemon.terminate();
    assert!(status.success(), "{daemon_log}");
    assert_eq!(log.len(), 2, "{log:#?}\n{daemon_log}");
    assert_eq!(log[1]["outcome"], "aired", "{log:#?}\n{daemon_log}");
    assert!(station.card.recordings().iter().any(|r| r.has_sound()));
}

#[test]
fn a_broken_config_on_reload_is_refused_and_the_old_schedule_keeps_airing() {
    let (_, line) = slot_in(Duration::from_secs(7));
    let station = Station::new(&["news"], &programme("news", "news", &line, ""));
    write_tone_wav(&station.audio("news").join("t.wav"), 440.0, 1.0, 22_050, 1);
    let daemon = station.spawn_daemon(&["--lang", "en"]);
    daemon
        .wait_for_line(&["wardcast is running"], Duration::from_secs(10))
        .expect("started");
    let config = std::fs::read_to_string(station.config_path()).expect("config");
    std::fs::write(
        station.config_path(),
        config.replace("pick = \"newest\"", "pick = \"sometimes\""),
    )
    .expect("break the config");
    daemon
        .wait_for_line(&["the running one is kept"], Duration::from_secs(5))
        .unwrap_or_else(|| panic!("the broken config was not refused:\n{}", daemon.log_text()));
    let pid = daemon.child.id().to_string();
    let _ = std::process::Command::new("kill")
        .args(["-HUP", &pid])
        .status();
    // The CLI would refuse the broken config too: read the log straight from the file.
    let ledger_path = station.ledger_path();
    let outcomes = || -> Vec<Option<wardcast::ledger::Outcome>> {
        wardcast::ledger::Ledger::open(&ledger_path)
            .and_then(|ledger| ledger.airings(i64::MIN, i64::MAX))
            .map(|airings| airings.into_iter().map(|airing| airing.outcome).collect())
            .unwrap_or_default()
    };
    let deadline = Instant::now() + Duration::from_secs(15);
    while outcomes().iter().all(Option::is_none) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
    }
    let (status, daemon_log) = daemon.terminate();
    assert!(status.success(), "{daemon_log}");
    assert_eq!(
        outcomes(),
        [Some(wardcast::ledger::Outcome::Aired)],
        "{daemon_log}"
    );
    assert!(
        daemon_log.matches("the running one is kept").count() >= 2,
        "{daemon_log}"
    );
}

#[test]
fn a_second_daemon_on_the_same_data_folder_says_so_and_exits() {
    let station = Station::new(&["news"], &programme("news", "news", "0 6 * * *", ""));
    let daemon = station.spawn_daemon(&[]);
    daemon
        .wait_for_line(&["wardcast is running"], Duration::from_secs(10))
        .expect("started");
    let second = station.run(&["run"]);
    assert_eq!(second.status.code(), Some(1), "{second:?}");
    let stderr = String::from_utf8_lossy(&second.stderr);
    // In the officer's language (Vietnamese unless set otherwise).
    assert!(
        stderr.contains("một wardcast khác đang chạy trên thư mục dữ liệu"),
        "{stderr}"
    );
    let (status, _) = daemon.terminate();
    assert!(status.success());
}

#[test]
fn an_emergency_announcement_from_play_now_cuts_into_the_running_daemon() {
    let (_, line) = slot_in(Duration::from_secs(6));
    let station = Station::new(&["news"], &programme("news", "news", &line, ""));
    write_tone_wav(
        &station.audio("news").join("news.wav"),
        440.0,
        12.0,
        22_050,
        1,
    );
    let announcement = station.dir.path().join("bão số 9.wav");
    write_tone_wav(&announcement, 1000.0, 1.5, 22_050, 1);

    let nobody = station.run(&[
        "--lang",
        "en",
        "play",
        "--now",
        announcement.to_str().expect("path"),
    ]);
    assert_eq!(nobody.status.code(), Some(1), "{nobody:?}");
    assert!(
        String::from_utf8_lossy(&nobody.stderr).contains("no wardcast is running"),
        "{nobody:?}"
    );

    let daemon = station.spawn_daemon(&["--lang", "en"]);
    daemon
        .wait_for_line(&["on air", "news"], Duration::from_secs(15))
        .unwrap_or_else(|| panic!("never on air:\n{}", daemon.log_text()));
    std::thread::sleep(Duration::from_secs(2));
    let handed = station.run(&[
        "--lang",
        "en",
        "play",
        "--now",
        "--priority",
        "emergency",
        announcement.to_str().expect("path"),
    ]);
    assert!(handed.status.success(), "{handed:?}");
    assert!(
        String::from_utf8_lossy(&handed.stdout).contains("will air now"),
        "{handed:?}"
    );
    let log = station.wait_for_outcomes(2, Duration::from_secs(15));
    let (status, daemon_log) = daemon.terminate();
    assert!(status.success(), "{daemon_log}");
    assert_eq!(log.len(), 2, "{log:#?}");
    assert_eq!(log[0]["programme"], "news");
    assert_eq!(log[0]["outcome"], "interrupted");
    assert!(log[0]["reason"]
        .as_str()
        .is_some_and(|r| r.contains("emergency announcement")));
    let played = log[0]["played_seconds"].as_f64().expect("played");
    assert!((1.5..4.0).contains(&played), "news played {played} s");
    assert_eq!(log[1]["programme"], "announcement");
    assert_eq!(log[1]["outcome"], "aired");
    assert!(log[1]["file"]
        .as_str()
        .is_some_and(|f| f.ends_with("bão số 9.wav")));
    verify_passes(&station);
}

#[test]
fn systemd_hears_ready_and_the_watchdog() {
    use std::os::unix::net::UnixDatagram;
    let station = Station::new(&["news"], &programme("news", "news", "0 6 * * *", ""));
    let socket_path = station.dir.path().join("notify.sock");
    let socket = UnixDatagram::bind(&socket_path).expect("bind the notify socket");
    socket
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let log = station.dir.path().join("daemon.log");
    let mut child = station
        .command()
        .arg("run")
        .env("NOTIFY_SOCKET", &socket_path)
        .env("WATCHDOG_USEC", "400000")
        .stderr(std::fs::File::create(&log).expect("log"))
        .spawn()
        .expect("daemon starts");
    let mut heard = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut buffer = [0u8; 256];
    while Instant::now() < deadline
        && !(heard.iter().any(|m: &String| m == "READY=1")
            && heard.iter().filter(|m| *m == "WATCHDOG=1").count() >= 2)
    {
        if let Ok(length) = socket.recv(&mut buffer) {
            heard.push(String::from_utf8_lossy(&buffer[..length]).into_owned());
        }
    }
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let status = child.wait().expect("exits");
    assert!(status.success());
    assert!(heard.iter().any(|m| m == "READY=1"), "{heard:?}");
    assert!(
        heard.iter().filter(|m| *m == "WATCHDOG=1").count() >= 2,
        "{heard:?}"
    );
}

#[test]
fn check_refuses_a_schedule_that_fires_outside_the_allowed_hours() {
    let station = Station::new(
        &["news", "alert"],
        &[
            programme("news", "news", "0 12 * * *", ""),
            programme("alert", "alert", "0 12 * * *", "priority = \"emergency\""),
        ]
        .concat(),
    );
    write_tone_wav(&station.audio("news").join("t.wav"), 440.0, 1.0, 22_050, 1);
    write_tone_wav(&station.audio("alert").join("t.wav"), 440.0, 1.0, 22_050, 1);
    let config = std::fs::read_to_string(station.config_path()).expect("config");
    std::fs::write(
        station.config_path(),
        config.replace(
            "timezone = \"Asia/Ho_Chi_Minh\"",
            "timezone = \"Asia/Ho_Chi_Minh\"\nallowed_hours = [\"05:00-07:00\", \"16:30-18:30\"]",
        ),
    )
    .expect("write config");
    let output = station.run(&["--lang", "en", "check"]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.contains(
            "The schedule of news fires outside the allowed hours (05:00-07:00, 16:30-18:30)"
        ),
        "{text}"
    );
    // Emergencies are not bound by the hours.
    assert!(!text.contains("The schedule of alert"), "{text}");
}

#[test]
fn a_flood_of_announcements_is_bounded_and_every_accepted_one_ends_in_the_log() {
    let station = Station::new(&["news"], "");
    let announcement = station.dir.path().join("loa.wav");
    write_tone_wav(&announcement, 1000.0, 3.0, 22_050, 1);
    let daemon = station.spawn_daemon(&["--lang", "en"]);
    daemon
        .wait_for_line(&["wardcast is running"], Duration::from_secs(10))
        .expect("running");
    let senders: Vec<_> = (0..40)
        .map(|_| {
            station
                .command()
                .args(["--lang", "en", "play", "--now", "--priority", "emergency"])
                .arg(&announcement)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("play --now starts")
        })
        .collect();
    let (mut accepted, mut refused) = (0, 0);
    for sender in senders {
        let output = sender.wait_with_output().expect("play --now ends");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        if output.status.success() {
            assert!(text.contains("will air now"), "{text}");
            accepted += 1;
        } else {
            assert!(text.contains("already waiting to air"), "{text}");
            refused += 1;
        }
    }
    assert!(
        refused > 0,
        "40 at once were all taken: nothing bounds the queue"
    );
    assert!(accepted > 0);
    std::thread::sleep(Duration::from_secs(1));
    let (status, daemon_log) = daemon.terminate();
    assert!(status.success(), "{daemon_log}");
    let log = station.log_json();
    let announcements: Vec<_> = log
        .iter()
        .filter(|airing| airing["programme"] == "announcement")
        .collect();
    assert_eq!(
        announcements.len(),
        accepted,
        "{accepted} accepted, {} in the log:\n{log:#?}",
        announcements.len()
    );
    assert!(announcements.iter().all(|a| !a["outcome"].is_null()));
    assert!(announcements.iter().any(|a| a["outcome"] == "missed"
        && a["reason"].as_str().is_some_and(|r| r.contains("shutdown"))));
    verify_passes(&station);
}
