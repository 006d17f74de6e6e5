//! `wardcast verify` against a log changed behind wardcast's back, as someone with the
//! sqlite3 tool would: an edited row, a deleted row, rows put in another order.

mod support;

use support::Station;
use wardcast::ledger::{Ledger, NotAired, Outcome, Trigger};

/// A log of three airings (records 1–6) and one missed slot (record 7).
fn station_with_log() -> Station {
    let station = Station::new(&["news"], "");
    let mut ledger = Ledger::open(&station.ledger_path()).expect("open");
    let file = station.audio("news").join("tin.mp3");
    for day in 1..=3 {
        support::log_airing(
            &mut ledger,
            "news",
            support::vietnam(2026, 12, day, 6, 30),
            &file,
            Some(Outcome::Aired),
        );
    }
    let at = support::vietnam(2026, 12, 4, 6, 30);
    ledger
        .record_not_aired(&NotAired {
            programme: "news",
            trigger: Trigger::Schedule,
            scheduled_at: Some(at),
            recorded_at: at,
            file: None,
            outcome: Outcome::Missed,
            reason: &wardcast::reason::Reason::NoFile {
                folder: "news".into(),
                words: wardcast::reason::Words {
                    vi: "chưa có file".into(),
                    en: "no file".into(),
                },
            },
        })
        .expect("missed");
    station
}

/// Runs SQL on the log the way the sqlite3 tool would, past the append-only triggers.
fn tamper(station: &Station, sql: &str) {
    let connection = rusqlite::Connection::open(station.ledger_path()).expect("open");
    connection
        .execute_batch(&format!(
            "DROP TRIGGER ledger_record_no_update; DROP TRIGGER ledger_record_no_delete; {sql}"
        ))
        .expect("tamper");
}

fn verify(station: &Station) -> (Option<i32>, String) {
    let output = station.run(&["--lang", "en", "verify", "--record", "3"]);
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn an_intact_log_verifies_and_gives_its_head_hash() {
    let station = station_with_log();
    let (code, text) = verify(&station);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains("The log is intact: 7 records, none changed or deleted."),
        "{text}"
    );
    assert!(text.contains("Hash of record 3: "), "{text}");
    let refused = rusqlite::Connection::open(station.ledger_path())
        .expect("open")
        .execute("UPDATE ledger_record SET reason = 'x' WHERE seq = 7", []);
    assert!(refused.is_err(), "the log refused an update");
}

#[test]
fn an_edited_row_is_caught_at_that_record() {
    let station = station_with_log();
    tamper(
        &station,
        "UPDATE ledger_record SET played_seconds = 600 WHERE seq = 4;",
    );
    let (code, text) = verify(&station);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("record 4 does not match its hash: it was changed after it was written"),
        "{text}"
    );
    assert!(text.contains("The first 3 records are intact"), "{text}");
}

#[test]
fn a_deleted_row_is_caught_where_it_was() {
    let station = station_with_log();
    tamper(&station, "DELETE FROM ledger_record WHERE seq = 5;");
    let (code, text) = verify(&station);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("record 5 is missing: deleted, or lost with the log file (the witness file still holds its hash)"),
        "{text}"
    );
}

#[test]
fn reordered_rows_are_caught_at_the_first_moved_record() {
    let station = station_with_log();
    tamper(
        &station,
        "UPDATE ledger_record SET seq = 100 WHERE seq = 2;
         UPDATE ledger_record SET seq = 2 WHERE seq = 3;
         UPDATE ledger_record SET seq = 3 WHERE seq = 100;",
    );
    let (code, text) = verify(&station);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("record 2 does not follow the record before it"),
        "{text}"
    );
}

#[test]
fn the_verdict_is_said_in_vietnamese_by_default() {
    let station = station_with_log();
    let said = |record: &str| {
        let output = station.run(&["verify", "--record", record]);
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        )
    };
    let (code, text) = said("3");
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.starts_with(
            "Nhật ký nguyên vẹn: 7 bản ghi, không bản ghi nào bị sửa hay xoá.\nMã kiểm tra (hash) của bản ghi cuối: "
        ),
        "{text}"
    );
    assert!(text.contains("Mã kiểm tra của bản ghi số 3: "), "{text}");
    let (_, text) = said("99");
    assert!(
        text.ends_with("Nhật ký không có bản ghi số 99.\n"),
        "{text}"
    );

    tamper(
        &station,
        "UPDATE ledger_record SET played_seconds = 600 WHERE seq = 4;",
    );
    let (code, text) = said("5");
    assert_eq!(code, Some(1), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "NHẬT KÝ ĐÃ BỊ SỬA HOẶC BỊ MẤT BẢN GHI:", "{text}");
    assert!(
        lines.contains(&"- bản ghi số 4 không khớp mã kiểm tra: đã bị sửa sau khi ghi"),
        "{text}"
    );
    assert!(
        lines
            .iter()
            .any(|line| line.starts_with("3 bản ghi đầu tiên nguyên vẹn, hash ")),
        "{text}"
    );
    assert!(
        lines.iter().any(|line| line.starts_with("Việc cần làm: ")),
        "{text}"
    );
    assert_eq!(
        lines.last(),
        Some(&"Bản ghi số 5 nằm sau chỗ nhật ký bị sửa: mã của nó không đáng tin."),
        "{text}"
    );
}

#[test]
fn the_faults_are_named_in_vietnamese_by_default() {
    let station = station_with_log();
    tamper(
        &station,
        "UPDATE ledger_record SET reason = 'đã phát' WHERE seq = 2;
         DELETE FROM ledger_record WHERE seq IN (4, 5);",
    );
    let output = station.run(&["verify"]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.contains("bản ghi số 2 không khớp mã kiểm tra: đã bị sửa sau khi ghi"),
        "{text}"
    );
    assert!(
        text.contains(
            "các bản ghi số 4–5 không còn: đã bị xoá, hoặc mất cùng tệp nhật ký (tệp đối chứng \
             vẫn giữ mã kiểm tra của chúng)"
        ),
        "{text}"
    );
    assert!(!text.contains("does not match"), "{text}");
}
