//! Live relays through the running station: a real Icecast server fed by ffmpeg, the real
//! daemon, the headless sound card. A relay starts on its slot, carries the source for its
//! length and stops on the dot; a source that drops is a gap in the log and the schedule
//! holds; a source that never answers gives the folder's file or a missed slot with why.

#[path = "support/hls.rs"]
mod hls;
#[path = "support/icecast.rs"]
mod icecast;
mod support;
#[path = "support/web.rs"]
mod web;

use std::time::Duration;

use hls::{LiveHls, Packing};
use icecast::{Coding, Icecast};
use support::{slot_in, write_tone_wav, Station, RATE};

/// A station relaying the source at `url` from the slot of `line` for `seconds`, with
/// `extra` programme keys (a fallback).
fn relay_station(url: &str, line: &str, seconds: u32, extra: &str) -> Station {
    Station::new(
        &["tiep-song"],
        &format!(
            "[[source]]\nid = \"dai-tinh\"\ntitle = \"Đài tỉnh\"\nurl = \"{url}\"\n\n\
             [[programme]]\nid = \"tiep-song\"\ntitle = \"Tiếp sóng Đài tỉnh\"\n\
             folder = \"tiep-song\"\nschedule = [\"{line}\"]\npick = \"unaired\"\n\
             relay = \"dai-tinh\"\nduration = \"{seconds}s\"\n{extra}"
        ),
    )
}

#[test]
fn a_relay_starts_on_its_slot_carries_the_source_for_its_length_and_stops_on_the_dot() {
    let server = Icecast::start();
    let _feeder = server.feed("/tinh.mp3", Coding::Mp3, 1000);
    let (slot, line) = slot_in(Duration::from_secs(8));
    let station = relay_station(&server.url("/tinh.mp3"), &line, 6, "relay_copy = true\n");
    let (log, daemon_log) = support::relay_heard(&station, slot, 6.0, 1000.0);

    assert_eq!(log.len(), 1, "{log:#?}");
    let airing = &log[0];
    assert_eq!(airing["outcome"], "aired", "{airing}\n{daemon_log}");
    assert_eq!(airing["file"], server.url("/tinh.mp3"));
    let relay = &airing["evidence"]["relay"];
    assert_eq!(relay["source"], "dai-tinh", "{airing}");
    assert!(relay["bytes"].as_u64().expect("bytes") > 50_000, "{airing}");
    let received = relay["seconds_received"].as_f64().expect("seconds");
    assert!((received - 6.0).abs() < 0.5, "{airing}");
    assert_eq!(relay["gaps"], serde_json::json!([]), "{airing}");
    // The copy kept of what was relayed: the stream's bytes, in the data folder.
    let copy = relay["copy"].as_str().expect("a copy");
    assert!(
        copy.contains("/data/relayed/") && copy.ends_with(" tiep-song.mp3"),
        "{copy}"
    );
    let kept = std::fs::metadata(copy).expect("the copy is there").len();
    assert!(kept > 50_000, "{kept} bytes");
    let verify = station.run(&["verify"]);
    assert!(verify.status.success(), "{verify:?}");
}

#[test]
fn a_source_that_drops_mid_relay_is_a_gap_in_the_log_and_the_relay_keeps_its_end() {
    let server = Icecast::start();
    let feeder = server.feed("/tinh.mp3", Coding::Mp3, 1000);
    let (slot, line) = slot_in(Duration::from_secs(8));
    let station = relay_station(&server.url("/tinh.mp3"), &line, 20, "");
    let daemon = station.spawn_daemon(&[]);
    let until_cut = slot + chrono::Duration::seconds(4) - chrono::Utc::now();
    std::thread::sleep(until_cut.to_std().unwrap_or_default());
    // Longer than the sound the relay keeps in hand (5 s), so the card hears the gap.
    feeder.kill();
    std::thread::sleep(Duration::from_secs(8));
    let _back = server.feed("/tinh.mp3", Coding::Mp3, 1000);
    let recordings = station.card.wait_for_recordings(1, Duration::from_secs(30));
    let log = station.wait_for_outcomes(1, Duration::from_secs(5));
    let (_, daemon_log) = daemon.terminate();
    assert_eq!(recordings.len(), 1, "{daemon_log}");
    let heard = &recordings[0];
    // The relay ends on the dot: its last sound 20 s after the slot, whatever the gap.
    let first = heard.first_sound_frame().expect("sound");
    let last = heard.last_sound_frame().expect("sound");
    let span = (last - first) as f64 / f64::from(RATE);
    assert!(
        (span - 20.0).abs() <= 0.2,
        "sound spans {span:.3} s of 20 s\n{daemon_log}"
    );
    let onsets = heard.sound_onsets(Duration::from_millis(500));
    assert!(
        onsets.len() >= 2,
        "the sound came back after the gap: {onsets:?}"
    );

    let airing = &log[0];
    assert_eq!(airing["outcome"], "interrupted", "{airing}\n{daemon_log}");
    assert!(
        airing["reason_code"]
            .as_str()
            .is_some_and(|code| code.starts_with("source_")),
        "{airing}"
    );
    let gaps = airing["evidence"]["relay"]["gaps"]
        .as_array()
        .expect("gaps");
    assert!(!gaps.is_empty(), "{airing}");
    let offset = gaps[0]["offset_seconds"].as_f64().expect("offset");
    assert!((4.0..14.0).contains(&offset), "{airing}");
    assert!(
        gaps.iter()
            .any(|gap| gap["cause"] == "reconnect" || gap["cause"] == "stall"),
        "{airing}"
    );
}

#[test]
fn a_source_that_never_answers_gives_the_folder_s_file_or_a_missed_slot_with_why() {
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let url = format!("http://{}/tinh.mp3", silent.local_addr().expect("address"));
    let (_, line) = slot_in(Duration::from_secs(6));
    let with_fallback = relay_station(&url, &line, 5, "fallback = \"folder\"\n");
    write_tone_wav(
        &with_fallback.audio("tiep-song").join("Dự phòng.wav"),
        440.0,
        2.0,
        44_100,
        1,
    );
    let without = relay_station(&url, &line, 5, "");
    let daemons = [with_fallback.spawn_daemon(&[]), without.spawn_daemon(&[])];
    let aired = with_fallback.wait_for_outcomes(1, Duration::from_secs(30));
    let missed = without.wait_for_outcomes(1, Duration::from_secs(10));
    let logs: Vec<String> = daemons
        .into_iter()
        .map(|daemon| daemon.terminate().1)
        .collect();
    let airing = &aired[0];
    assert_eq!(airing["outcome"], "aired", "{airing}\n{}", logs[0]);
    assert_eq!(airing["reason_code"], "relay_fallback", "{airing}");
    assert!(airing["file"]
        .as_str()
        .is_some_and(|file| file.ends_with("Dự phòng.wav")));
    let slot = &missed[0];
    assert_eq!(slot["outcome"], "missed", "{slot}\n{}", logs[1]);
    assert!(
        ["source_timed_out", "source_unreachable"]
            .contains(&slot["reason_code"].as_str().unwrap_or("")),
        "{slot}"
    );
    drop(silent);
}

#[test]
fn an_hls_playlist_of_transport_stream_segments_is_relayed_like_a_stream() {
    let live = LiveHls::start(Packing::TransportStream, 1000, 2);
    let (slot, line) = slot_in(Duration::from_secs(10));
    let station = relay_station(&live.url(), &line, 6, "");
    let (log, daemon_log) = support::relay_heard(&station, slot, 6.0, 1000.0);
    let airing = &log[0];
    assert_eq!(airing["outcome"], "aired", "{airing}\n{daemon_log}");
    assert_eq!(airing["file"], live.url());
    assert!(
        airing["evidence"]["relay"]["bytes"]
            .as_u64()
            .expect("bytes")
            > 0
    );
}

#[test]
fn check_tries_the_sources_needed_soon_and_names_one_it_cannot_hear() {
    let server = Icecast::start();
    let _feeder = server.feed("/tinh.mp3", Coding::Mp3, 1000);
    let heard = relay_station(&server.url("/tinh.mp3"), "0 19 * * *", 1800, "");
    let output = heard.run(&["check"]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(text.contains("tiếp sóng trực tiếp dai-tinh"), "{text}");
    let refused = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let url = format!("http://{}/tinh.mp3", refused.local_addr().expect("address"));
    drop(refused);
    let unheard = relay_station(&url, "0 19 * * *", 1800, "");
    let output = unheard.run(&["check"]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.contains("Chưa nghe được nguồn Đài tỉnh (dai-tinh)")
            && text.contains("wardcast sources"),
        "{text}"
    );
}

#[test]
fn an_emergency_announcement_cuts_into_a_relay_as_into_a_file() {
    let server = Icecast::start();
    let _feeder = server.feed("/tinh.mp3", Coding::Mp3, 1000);
    let (_, line) = slot_in(Duration::from_secs(8));
    let station = relay_station(&server.url("/tinh.mp3"), &line, 30, "");
    let announcement = station.dir.path().join("bão số 9.wav");
    write_tone_wav(&announcement, 440.0, 1.5, 22_050, 1);
    let daemon = station.spawn_daemon(&["--lang", "en"]);
    daemon
        .wait_for_line(&["on air", "tiep-song"], Duration::from_secs(30))
        .unwrap_or_else(|| panic!("never on air:\n{}", daemon.log_text()));
    std::thread::sleep(Duration::from_secs(2));
    let handed = station.run(&[
        "play",
        "--now",
        "--priority",
        "emergency",
        announcement.to_str().expect("path"),
    ]);
    assert!(handed.status.success(), "{handed:?}");
    let log = station.wait_for_outcomes(2, Duration::from_secs(15));
    let (_, daemon_log) = daemon.terminate();
    assert_eq!(log.len(), 2, "{log:#?}\n{daemon_log}");
    assert_eq!(log[0]["programme"], "tiep-song");
    assert_eq!(log[0]["outcome"], "interrupted");
    assert_eq!(
        log[0]["reason_code"], "cut_in_by_announcement",
        "{}",
        log[0]
    );
    assert_eq!(log[0]["evidence"]["relay"]["source"], "dai-tinh");
    assert_eq!(log[1]["programme"], "announcement");
    assert_eq!(log[1]["outcome"], "aired");
}
