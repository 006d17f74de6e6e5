//! End to end: the real binary, a real config, rodio through ALSA into the headless card,
//! and the real airing log.

mod support;

use std::time::Duration;

use support::{millis_between, sha256_of, slot_in, write_tone_wav, Station, RATE};

#[test]
fn a_scheduled_programme_airs_its_file_on_time_and_is_logged_once() {
    let (slot, line) = slot_in(Duration::from_secs(6));
    let station = Station::new(
        &["tiep-song"],
        &format!(
            "[[programme]]\nid = \"tiep-song\"\ntitle = \"Tiếp sóng\"\nfolder = \"tiep-song\"\n\
             schedule = [\"{line}\"]\npick = \"unaired\"\n"
        ),
    );
    let file = station.audio("tiep-song").join("Chỉ số PCI 2026.wav");
    write_tone_wav(&file, 1000.0, 2.0, 44_100, 1);
    let daemon = station.spawn_daemon(&[]);

    let recordings = station.card.wait_for_recordings(1, Duration::from_secs(20));
    let log = station.wait_for_outcomes(1, Duration::from_secs(5));
    let (status, daemon_log) = daemon.terminate();
    assert!(status.success(), "daemon exit {status:?}\n{daemon_log}");

    assert_eq!(recordings.len(), 1, "one opening of the card\n{daemon_log}");
    let played = &recordings[0];
    assert!(
        played.has_sound(),
        "the card heard only silence\n{daemon_log}"
    );
    let length = played.sound_duration().as_secs_f64();
    assert!(
        (length - 2.0).abs() <= 0.1,
        "played {length:.3} s of a 2 s file"
    );
    let first = played.first_sound_frame().expect("sound");
    let frequency = played.frequency(first + RATE as usize / 10, RATE as usize);
    assert!(
        (frequency - 1000.0).abs() < 20.0,
        "heard {frequency:.1} Hz, not 1 kHz"
    );
    let lateness = millis_between(played.first_sound_at().expect("time"), slot.into());
    eprintln!("first sound {lateness:.2} ms after the slot");
    // A generous margin for a loaded test machine; the benchmark measures the real figure.
    assert!(
        lateness.abs() < 100.0,
        "first sound {lateness:.1} ms from the slot"
    );

    assert_eq!(log.len(), 1, "{log:#?}");
    let airing = &log[0];
    assert_eq!(airing["programme"], "tiep-song");
    assert_eq!(airing["outcome"], "aired");
    assert_eq!(airing["sha256"], sha256_of(&file));
    assert_eq!(
        airing["scheduled_at"],
        slot.with_timezone(&chrono_tz::Asia::Ho_Chi_Minh)
            .format("%Y-%m-%dT%H:%M:%S%.3f%:z")
            .to_string()
    );
    let played_seconds = airing["played_seconds"].as_f64().expect("played_seconds");
    assert!(
        (played_seconds - 2.0).abs() <= 0.1,
        "logged {played_seconds} s"
    );
    assert!(airing["file"]
        .as_str()
        .is_some_and(|f| f.ends_with("Chỉ số PCI 2026.wav")));
}
