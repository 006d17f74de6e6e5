//! The real daemon and slots that cannot simply air: a slot it has nothing for is logged
//! as missed, with the reason the officer needs, and the sound card stays silent; two
//! programmes due at the same second are both accounted for in the log.

mod support;

use std::time::{Duration, Instant};

use chrono::{Datelike, Months};
use support::{settled_tone, slot_in, Station, RATE};

#[test]
fn a_month_slot_without_its_file_is_logged_as_missed_and_nothing_plays() {
    let (slot, line) = slot_in(Duration::from_secs(6));
    let local_slot = slot.with_timezone(&chrono_tz::Asia::Ho_Chi_Minh);
    let month = format!("{:04}-{:02}", local_slot.year(), local_slot.month());
    let next_month = local_slot
        .checked_add_months(Months::new(1))
        .expect("next month")
        .format("%Y-%m")
        .to_string();

    let station = Station::new(
        &["cchc-monthly"],
        &format!(
            "[[programme]]\nid = \"cchc-monthly\"\ntitle = \"Chuyên mục CCHC\"\n\
             folder = \"cchc-monthly\"\nschedule = [\"{line}\"]\npick = \"month\"\n"
        ),
    );
    // The folder is not empty: next month's file is already there, and must not air now.
    settled_tone(
        &station
            .audio("cchc-monthly")
            .join(format!("{next_month} Chuyên mục CCHC.wav")),
        440.0,
        1.0,
    );
    // Made before the daemon starts: a `wardcast log` at the very moment the daemon
    // creates a brand-new log can fail with "database is locked" (a separate bug).
    assert!(station.log_json().is_empty());
    let daemon = station.spawn_daemon(&["--lang", "en"]);

    let log = station.wait_for_outcomes(1, Duration::from_secs(10));
    // Past the slot and a little more, to see that nothing airs late and nothing is
    // logged twice.
    let past_slot = Instant::now()
        + (slot + chrono::Duration::milliseconds(1500) - chrono::Utc::now())
            .to_std()
            .unwrap_or_default();
    while Instant::now() < past_slot {
        std::thread::sleep(Duration::from_millis(100));
    }
    let log_after = station.log_json();
    let (status, daemon_log) = daemon.terminate();

    assert_eq!(log.len(), 1, "{log:#?}\n{daemon_log}");
    let airing = &log[0];
    assert_eq!(airing["programme"], "cchc-monthly");
    assert_eq!(airing["trigger"], "schedule");
    assert_eq!(airing["outcome"], "missed", "{airing:#}");
    assert_eq!(
        airing["scheduled_at"],
        local_slot.format("%Y-%m-%dT%H:%M:%S%.3f%:z").to_string()
    );
    assert!(airing["started_at"].is_null(), "{airing:#}");
    assert!(airing["file"].is_null(), "{airing:#}");
    let reason = airing["reason"].as_str().expect("reason");
    assert!(
        reason.contains(&format!("no file for {month}")),
        "the reason {reason:?} names the slot's month {month}"
    );
    assert!(
        reason.contains("cchc-monthly/"),
        "names the folder: {reason}"
    );
    // Beside the words, the stable code and its parameters, for counting by code.
    assert_eq!(airing["reason_code"], "no_file", "{airing:#}");
    assert_eq!(
        airing["reason_params"]["folder"], "cchc-monthly",
        "{airing:#}"
    );
    assert_eq!(
        airing["reason_params"]["words"]["en"], reason,
        "the words are the ones the log keeps: {airing:#}"
    );

    assert_eq!(log_after, log, "logged once, and nothing after");
    assert!(
        station.card.recordings().is_empty(),
        "the card played something\n{daemon_log}"
    );
    assert_eq!(status.code(), Some(0), "{daemon_log}");
    the_code_is_in_the_reports(&station, local_slot.date_naive(), reason);
}

/// The CSV and the workbook of the days around `day` give the missed slot's code beside
/// its words, and the log still verifies.
fn the_code_is_in_the_reports(station: &Station, day: chrono::NaiveDate, reason: &str) {
    let period = format!(
        "{}..{}",
        day.pred_opt().expect("day"),
        day.succ_opt().expect("day")
    );
    let verified = station.run(&["verify"]);
    assert!(verified.status.success(), "{verified:?}");
    let csv = station.dir.path().join("missed.csv");
    let output = station.run(&[
        "--lang",
        "en",
        "export",
        "--period",
        &period,
        "--format",
        "csv",
        "--out",
        csv.to_str().expect("path"),
    ]);
    assert!(output.status.success(), "{output:?}");
    let mut reader = csv::Reader::from_path(&csv).expect("the CSV");
    let headers = reader.headers().expect("headers").clone();
    let at = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let rows: Vec<csv::StringRecord> = reader.records().map(|row| row.expect("row")).collect();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(&rows[0][at("Reason")], reason);
    assert_eq!(&rows[0][at("Reason code")], "no_file");

    let xlsx = station.dir.path().join("missed.xlsx");
    let output = station.run(&[
        "export",
        "--period",
        &period,
        "--format",
        "xlsx",
        "--out",
        xlsx.to_str().expect("path"),
    ]);
    assert!(output.status.success(), "{output:?}");
    use calamine::Reader as _;
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).expect("the workbook");
    let sheet = workbook
        .worksheet_range("Nhật ký phát sóng")
        .expect("the airing sheet");
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|row| row.iter().map(ToString::to_string).collect())
        .collect();
    let code = rows[0]
        .iter()
        .position(|h| h == "Mã lý do")
        .expect("the code column");
    assert_eq!(rows[0][code - 1], "Lý do");
    assert_eq!(rows[1][code], "no_file", "{rows:?}");
}

#[test]
fn two_programmes_due_at_the_same_second_are_both_accounted_for() {
    // `wardcast next` lists both slots; the log must then show what became of each.
    let (slot, line) = slot_in(Duration::from_secs(5));
    let local_slot = slot.with_timezone(&chrono_tz::Asia::Ho_Chi_Minh);
    let station = Station::new(
        &["ban-tin", "tiep-song"],
        &format!(
            "[[programme]]\nid = \"ban-tin\"\ntitle = \"Bản tin\"\nfolder = \"ban-tin\"\n\
             schedule = [\"{line}\"]\npick = \"newest\"\n\n\
             [[programme]]\nid = \"tiep-song\"\ntitle = \"Tiếp sóng\"\nfolder = \"tiep-song\"\n\
             schedule = [\"{line}\"]\npick = \"unaired\"\n"
        ),
    );
    settled_tone(&station.audio("ban-tin").join("bản tin.wav"), 440.0, 1.0);
    settled_tone(&station.audio("tiep-song").join("PCI 2026.wav"), 880.0, 1.0);
    let planned = station.run(&["--lang", "en", "next", "--json", "--count", "2"]);
    let planned = String::from_utf8_lossy(&planned.stdout).into_owned();
    assert_eq!(planned.lines().count(), 2, "{planned}");
    assert!(
        planned.contains("\"ban-tin\"") && planned.contains("\"tiep-song\""),
        "{planned}"
    );

    // Made before the daemon starts: a `wardcast log` at the very moment the daemon
    // creates a brand-new log can fail with "database is locked" (a separate bug).
    assert!(station.log_json().is_empty());
    let daemon = station.spawn_daemon(&["--lang", "en"]);
    let log = station.wait_for_outcomes(2, Duration::from_secs(10));
    let recordings = station.card.wait_for_recordings(2, Duration::from_secs(5));
    let (status, daemon_log) = daemon.terminate();
    assert_eq!(status.code(), Some(0), "{daemon_log}");

    let scheduled_at = local_slot.format("%Y-%m-%dT%H:%M:%S%.3f%:z").to_string();
    for programme in ["ban-tin", "tiep-song"] {
        let records: Vec<_> = log
            .iter()
            .filter(|airing| airing["programme"] == programme)
            .collect();
        assert_eq!(
            records.len(),
            1,
            "{programme}: its slot at {scheduled_at} should be in the log once\n\
             {log:#?}\n{daemon_log}"
        );
        assert_eq!(records[0]["scheduled_at"], scheduled_at.as_str());
        // Both files are there, so both air: the second right after the first.
        assert_eq!(records[0]["outcome"], "aired", "{:#}", records[0]);
    }

    // In configuration order: the 440 Hz news, then the 880 Hz segment.
    let heard: Vec<f64> = recordings
        .iter()
        .map(|recording| {
            let first = recording.first_sound_frame().expect("sound");
            recording.frequency(first + RATE as usize / 10, RATE as usize / 2)
        })
        .collect();
    assert_eq!(heard.len(), 2, "two airings on the card: {heard:?}");
    assert!(
        (heard[0] - 440.0).abs() < 15.0 && (heard[1] - 880.0).abs() < 15.0,
        "heard {heard:?} Hz"
    );
}
