//! The running station relays and records a radio receiver on the line-in, headless: ALSA's
//! `file` plugin is the capture device, fed a 1 kHz tone at a real card's pace, beside the
//! headless output card.

mod support;

use std::time::{Duration, Instant};

use support::line_in::LineIn;
use support::{slot_in, Station};

/// A station whose source is the line-in, with `programmes` (TOML) after it.
fn line_in_station(programmes: &str) -> (Station, LineIn) {
    let station = Station::new(
        &["tiep-song", "cchc"],
        &format!(
            "[[source]]\nid = \"may-thu\"\ntitle = \"Máy thu FM\"\ninput = \"line-in\"\n\n\
             {programmes}"
        ),
    );
    let mut line = LineIn::new(station.dir.path());
    line.add_to_card(&station.card);
    line.feed_tone(1000.0);
    (station, line)
}

#[test]
fn the_line_in_is_relayed_from_its_slot_for_its_length() {
    let (slot, schedule) = slot_in(Duration::from_secs(8));
    let (station, _line) = line_in_station(&format!(
        "[[programme]]\nid = \"tiep-song\"\ntitle = \"Tiếp sóng FM\"\nfolder = \"tiep-song\"\n\
         schedule = [\"{schedule}\"]\npick = \"unaired\"\nrelay = \"may-thu\"\nduration = \"4s\"\n"
    ));
    let (log, daemon_log) = support::relay_heard(&station, slot, 4.0, 1000.0);
    let airing = &log[0];
    assert_eq!(airing["outcome"], "aired", "{airing}\n{daemon_log}");
    assert_eq!(airing["file"], "line-in");
    assert_eq!(airing["evidence"]["relay"]["source"], "may-thu");
}

#[test]
fn the_line_in_is_recorded_to_flac_into_the_programme_folder() {
    let (_, schedule) = slot_in(Duration::from_secs(2));
    let (station, _line) = line_in_station(&format!(
        "[[programme]]\nid = \"cchc\"\ntitle = \"CCHC\"\nfolder = \"cchc\"\n\
         schedule = [\"0 0 1 1 *\"]\npick = \"unaired\"\n\n\
         [[recording]]\nsource = \"may-thu\"\nschedule = [\"{schedule}\"]\nduration = \"4s\"\n\
         into = \"cchc\"\nname = \"{{date}} FM\"\n"
    ));
    let daemon = station.spawn_daemon(&[]);
    let deadline = Instant::now() + Duration::from_secs(25);
    let record = loop {
        let found = station
            .log_json()
            .into_iter()
            .find(|entry| entry["kind"] == "received");
        if found.is_some() || Instant::now() > deadline {
            break found;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let (_, daemon_log) = daemon.terminate();
    let record = record.unwrap_or_else(|| panic!("no recording logged\n{daemon_log}"));
    assert_eq!(record["outcome"], "complete", "{record}\n{daemon_log}");
    let file = record["file"].as_str().expect("a file");
    assert!(file.ends_with(" FM.flac"), "{file}");
    let seconds = record["duration_seconds"].as_f64().expect("seconds");
    assert!((3.5..=4.5).contains(&seconds), "{record}");
    let library = station.run(&["library", "--json"]);
    let listed = String::from_utf8_lossy(&library.stdout);
    assert!(listed.contains("\"ready\""), "{listed}");
}
