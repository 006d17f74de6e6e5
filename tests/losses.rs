//! `wardcast verify` against a log that lost records rather than had them edited: its last
//! records deleted, the file emptied, its table dropped, its write-ahead file deleted after a
//! kill -9, the file deleted under the running daemon, and a damaged page. The witness file
//! beside the log is what lets each of these be named.

mod support;

use std::time::Duration;

use support::{settle, slot_in, Station};
use wardcast::ledger::{Ledger, Outcome};

/// A log of `airings` airings (two records each), written through the library as the
/// daemon writes it.
fn station_with_airings(airings: u32) -> Station {
    let station = Station::new(&["news"], "");
    let mut ledger = Ledger::open(&station.ledger_path()).expect("open");
    let file = station.audio("news").join("tin.mp3");
    for index in 0..airings {
        let at = support::vietnam(2026, 12, 1, 6, 30) + chrono::Duration::hours(i64::from(index));
        support::log_airing(&mut ledger, "news", at, &file, Some(Outcome::Aired));
    }
    station
}

fn sqlite(station: &Station, sql: &str) {
    let connection = rusqlite::Connection::open(station.ledger_path()).expect("open");
    connection.execute_batch(sql).expect("sql");
}

fn verify(station: &Station) -> (Option<i32>, String) {
    let output = station.run(&["--lang", "en", "verify"]);
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

fn assert_caught(station: &Station, expected: &str) {
    let (code, text) = verify(station);
    assert_eq!(code, Some(1), "verify passed a damaged log:\n{text}");
    assert!(text.contains(expected), "expected {expected:?} in:\n{text}");
    assert!(!text.contains("intact:"), "{text}");
}

#[test]
fn deleting_the_last_records_is_caught() {
    let station = station_with_airings(3);
    sqlite(
        &station,
        "DROP TRIGGER ledger_record_no_delete; DELETE FROM ledger_record WHERE seq >= 5;",
    );
    assert_caught(
        &station,
        "records 5–6 are missing: deleted, or lost with the log file (the witness file still holds their hashes)",
    );
}

#[test]
fn an_emptied_log_file_is_caught() {
    let station = station_with_airings(3);
    std::fs::File::create(station.ledger_path()).expect("truncate to 0 bytes");
    let _ = std::fs::remove_file(station.ledger_path().with_extension("sqlite3-wal"));
    assert_caught(&station, "records 1–6 are missing");
}

#[test]
fn a_dropped_table_is_caught() {
    let station = station_with_airings(2);
    sqlite(&station, "DROP TABLE ledger_record;");
    assert_caught(&station, "records 1–4 are missing");
    // The check wrote nothing into the evidence: no new table over the dropped one's pages.
    let tables: i64 = rusqlite::Connection::open(station.ledger_path())
        .expect("open")
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE name = 'ledger_record'",
            [],
            |row| row.get(0),
        )
        .expect("count");
    assert_eq!(tables, 0);
}

#[test]
fn a_deleted_log_is_reported_and_not_created_again_by_the_check() {
    let station = station_with_airings(2);
    for suffix in ["sqlite3", "sqlite3-wal", "sqlite3-shm"] {
        let _ = std::fs::remove_file(station.ledger_path().with_extension(suffix));
    }
    assert_caught(&station, "records 1–4 are missing");
    assert!(!station.ledger_path().exists());
}

#[test]
fn a_deleted_witness_is_reported_not_passed() {
    let station = station_with_airings(2);
    std::fs::remove_file(station.ledger_path().with_extension("witness")).expect("rm witness");
    assert_caught(&station, "the witness file beside the log is missing");
}

/// Overwrites the middle of an index's root page, as a failing disk sector would.
fn damage_an_index_page(station: &Station) {
    let (page_size, root): (i64, i64) = {
        let connection = rusqlite::Connection::open(station.ledger_path()).expect("open");
        connection
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .expect("checkpoint");
        let page_size = connection
            .query_row("PRAGMA page_size", [], |row| row.get(0))
            .expect("page size");
        let root = connection
            .query_row(
                "SELECT rootpage FROM sqlite_master WHERE name = 'ledger_record_sha256'",
                [],
                |row| row.get(0),
            )
            .expect("index root");
        (page_size, root)
    };
    let mut bytes = std::fs::read(station.ledger_path()).expect("read");
    let from = usize::try_from((root - 1) * page_size).expect("offset");
    for byte in &mut bytes[from + 8..from + 200] {
        *byte = 0xA5;
    }
    std::fs::write(station.ledger_path(), bytes).expect("write");
}

#[test]
fn a_damaged_page_is_caught_by_sqlite_s_own_check() {
    let station = station_with_airings(300);
    damage_an_index_page(&station);
    assert_caught(&station, "the log file is damaged");
}

#[test]
fn an_export_of_a_log_with_a_damaged_page_says_so_and_writes_no_csv() {
    let station = station_with_airings(300);
    damage_an_index_page(&station);
    let out = station.dir.path().join("q4.csv");
    let output = station.run(&[
        "--lang",
        "en",
        "export",
        "--period",
        "2026-12",
        "--format",
        "csv",
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(text.contains("the log file is damaged"), "{text}");
    assert!(!out.exists(), "a CSV was handed out from a damaged log");
}

fn programme(schedule: &str) -> String {
    format!(
        "[[programme]]\nid = \"news\"\ntitle = \"news\"\nfolder = \"news\"\n\
         schedule = [\"{schedule}\"]\npick = \"newest\"\n"
    )
}

#[test]
fn a_write_ahead_file_deleted_after_a_kill_is_caught() {
    let station = Station::new(&["news"], &programme("*/3 * * * * *"));
    let tone = station.audio("news").join("tin.wav");
    support::write_tone_wav(&tone, 660.0, 0.5, 22_050, 1);
    settle(&tone);
    let mut daemon = station.spawn_daemon(&[]);
    let log = station.wait_for_outcomes(2, Duration::from_secs(20));
    assert!(log.len() >= 2, "{}", daemon.log_text());
    let _ = daemon.child.kill();
    let _ = daemon.child.wait();
    let wal = station.ledger_path().with_extension("sqlite3-wal");
    assert!(
        wal.exists(),
        "the records are still in the write-ahead file"
    );
    std::fs::remove_file(&wal).expect("rm wal");
    let _ = std::fs::remove_file(station.ledger_path().with_extension("sqlite3-shm"));
    assert_caught(&station, "are missing: deleted, or lost with the log file");
}

#[test]
fn a_log_deleted_under_the_running_daemon_starts_a_segment_linked_to_the_witness() {
    let (first, line) = slot_in(Duration::from_secs(3));
    let second = first + chrono::Duration::seconds(4);
    let line_two = {
        let local = second.with_timezone(&chrono_tz::Asia::Ho_Chi_Minh);
        use chrono::Timelike;
        format!(
            "{} {} {} * * *",
            local.second(),
            local.minute(),
            local.hour()
        )
    };
    let config = format!(
        "[[programme]]\nid = \"news\"\ntitle = \"news\"\nfolder = \"news\"\n\
         schedule = [\"{line}\", \"{line_two}\"]\npick = \"newest\"\n"
    );
    let station = Station::new(&["news"], &config);
    let tone = station.audio("news").join("tin.wav");
    support::write_tone_wav(&tone, 660.0, 0.5, 22_050, 1);
    settle(&tone);
    let daemon = station.spawn_daemon(&[]);
    station.wait_for_outcomes(1, Duration::from_secs(15));
    for suffix in ["sqlite3", "sqlite3-wal", "sqlite3-shm"] {
        let _ = std::fs::remove_file(station.ledger_path().with_extension(suffix));
    }
    daemon
        .wait_for_line(&["airing ended"], Duration::from_secs(15))
        .expect("first airing ended");
    let noticed = daemon.wait_for_line(&["deleted or replaced"], Duration::from_secs(15));
    let airings = station.wait_for_outcomes(1, Duration::from_secs(10));
    let (status, log) = daemon.terminate();
    assert!(status.success(), "{log}");
    assert!(noticed.is_some(), "the daemon said nothing:\n{log}");
    assert_eq!(airings.len(), 1, "the new file holds the second airing");
    assert_eq!(airings[0]["outcome"], "aired");
    let (code, text) = verify(&station);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("records 1–2 are missing: deleted, or lost with the log file (the witness file still holds their hashes)"),
        "{text}"
    );
    // The new segment itself is sound: nothing else is reported.
    assert_eq!(
        text.lines().filter(|l| l.starts_with("- ")).count(),
        1,
        "{text}"
    );
}

#[test]
fn with_a_spare_copy_of_the_witness_deleting_the_witness_and_the_last_records_is_caught() {
    let station = station_with_airings(0);
    let spare = support::with_spare_folder(&station);
    // Records written as `wardcast play` writes them: with the spare folder in use.
    let mut ledger = Ledger::open(&station.ledger_path()).expect("open");
    ledger.use_spare(&spare).expect("spare");
    let file = station.audio("news").join("tin.mp3");
    for hour in 0..3 {
        support::log_airing(
            &mut ledger,
            "news",
            support::vietnam(2026, 12, 1, 6 + hour, 0),
            &file,
            None,
        );
    }
    drop(ledger);
    assert!(station
        .dir
        .path()
        .join("spare/wardcast-ledger.witness")
        .exists());
    sqlite(
        &station,
        "DROP TRIGGER ledger_record_no_delete; DELETE FROM ledger_record WHERE seq = 3;",
    );
    std::fs::remove_file(station.ledger_path().with_extension("witness")).expect("rm witness");
    assert_caught(&station, "record 3 is missing");
}

#[test]
fn a_log_replaced_by_an_older_copy_under_a_writer_is_caught_not_merged() {
    let station = station_with_airings(2);
    let path = station.ledger_path();
    let mut ledger = Ledger::open(&path).expect("open");
    {
        let connection = rusqlite::Connection::open(&path).expect("open");
        connection
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .expect("checkpoint");
    }
    let older = station.dir.path().join("older.sqlite3");
    std::fs::copy(&path, &older).expect("keep an older copy");
    let file = station.audio("news").join("tin.mp3");
    let record = |ledger: &mut Ledger, hour: u32| {
        support::log_airing(
            ledger,
            "news",
            support::vietnam(2026, 12, 2, hour, 0),
            &file,
            None,
        );
    };
    record(&mut ledger, 6); // record 5, in the write-ahead file only
    std::fs::rename(&older, &path).expect("put the older copy in place");
    record(&mut ledger, 7); // noticed: a new segment after the witness's record 5
    drop(ledger);
    let (code, text) = verify(&station);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("record 5 is missing"), "{text}");
    let aside = std::fs::read_dir(station.dir.path().join("data"))
        .expect("data")
        .filter_map(Result::ok)
        .any(|entry| entry.file_name().to_string_lossy().ends_with(".set-aside"));
    assert!(aside, "the old write-ahead file is kept aside as evidence");
}

#[test]
fn records_missing_from_the_witness_are_reported() {
    let station = station_with_airings(3);
    let witness = station.ledger_path().with_extension("witness");
    let text = std::fs::read_to_string(&witness).expect("witness");
    let kept: Vec<&str> = text
        .lines()
        .filter(|line| !line.starts_with("3 ") && !line.starts_with("4 "))
        .collect();
    std::fs::write(&witness, format!("{}\n", kept.join("\n"))).expect("edit the witness");
    assert_caught(
        &station,
        "records 3–4 are in the log but not in its witness file",
    );
}

#[test]
fn a_witness_whose_spare_copy_disagrees_is_reported() {
    let station = Station::new(&["news"], "");
    let spare = support::with_spare_folder(&station);
    {
        let mut ledger = Ledger::open(&station.ledger_path()).expect("open");
        ledger.use_spare(&spare).expect("spare");
        let file = station.audio("news").join("tin.mp3");
        for _ in 0..3 {
            support::log_airing(
                &mut ledger,
                "news",
                support::vietnam(2026, 12, 1, 6, 0),
                &file,
                None,
            );
        }
    }
    let copy = spare.join("wardcast-ledger.witness");
    let text = std::fs::read_to_string(&copy).expect("copy");
    let edited: String = text
        .lines()
        .map(|line| {
            if line.starts_with("2 ") {
                format!("2 {}\n", "ab".repeat(32))
            } else {
                format!("{line}\n")
            }
        })
        .collect();
    std::fs::write(&copy, edited).expect("rewrite the copy");
    assert_caught(
        &station,
        "the witness file and its copy on the spare disk disagree at record 2",
    );
}
