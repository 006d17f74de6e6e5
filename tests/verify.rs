//! `wardcast verify` against a log changed behind wardcast's back, as someone with the
//! sqlite3 tool would: an edited row, a deleted row, rows put in another order, a changed
//! reason code; and against a log written before reason codes were kept.

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

#[test]
fn a_changed_reason_code_or_its_parameters_are_caught() {
    let station = station_with_log();
    let stored: (String, String) = rusqlite::Connection::open(station.ledger_path())
        .expect("open")
        .query_row(
            "SELECT reason_code, reason_params FROM ledger_record WHERE seq = 7",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .expect("the missed slot's code");
    assert_eq!(
        stored,
        (
            "no_file".to_string(),
            r#"{"folder":"news","words":{"en":"no file","vi":"chưa có file"}}"#.to_string()
        )
    );
    for change in [
        "UPDATE ledger_record SET reason_code = 'blackout' WHERE seq = 7;",
        "UPDATE ledger_record SET reason_params = '{\"folder\":\"tin\"}' WHERE seq = 7;",
    ] {
        let station = station_with_log();
        tamper(&station, change);
        let (code, text) = verify(&station);
        assert_eq!(code, Some(1), "{change}\n{text}");
        assert!(
            text.contains("record 7 does not match its hash: it was changed after it was written"),
            "{change}\n{text}"
        );
    }
}

/// The table as wardcast made it before reason codes were kept.
const OLD_SCHEMA: &str = "
CREATE TABLE ledger_record (
    seq INTEGER PRIMARY KEY, airing INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('start', 'end', 'not_aired')),
    programme TEXT NOT NULL, trigger TEXT NOT NULL, scheduled_at TEXT, scheduled_ms INTEGER,
    at TEXT NOT NULL, at_ms INTEGER NOT NULL, file TEXT, sha256 TEXT,
    duration_seconds REAL, played_seconds REAL, outcome TEXT, reason TEXT, evidence TEXT,
    prev_hash TEXT NOT NULL, hash TEXT NOT NULL
);
CREATE TRIGGER ledger_record_no_update BEFORE UPDATE ON ledger_record
BEGIN SELECT RAISE(ABORT, 'the airing log is append-only: records are never changed'); END;
CREATE TRIGGER ledger_record_no_delete BEFORE DELETE ON ledger_record
BEGIN SELECT RAISE(ABORT, 'the airing log is append-only: records are never deleted'); END;
";

/// Writes a log as wardcast wrote it before reason codes: the old table, records hashed
/// over their 17 columns as a JSON array, and the witness of their hashes.
fn write_old_log(path: &std::path::Path) {
    use serde_json::json;
    use sha2::{Digest, Sha256};
    let connection = rusqlite::Connection::open(path).expect("create");
    connection.execute_batch(OLD_SCHEMA).expect("old schema");
    let records = [
        json!([
            1,
            1,
            "start",
            "news",
            "schedule",
            "2026-12-01T06:30:00.000+07:00",
            1_796_081_400_000_i64,
            "2026-12-01T06:30:00.000+07:00",
            1_796_081_400_000_i64,
            "/audio/news/tin.mp3",
            "00",
            60.0,
            null,
            null,
            null,
            null
        ]),
        json!([
            2,
            1,
            "end",
            "news",
            "schedule",
            null,
            null,
            "2026-12-01T06:31:00.000+07:00",
            1_796_081_460_000_i64,
            null,
            null,
            null,
            60.0,
            "aired",
            null,
            null
        ]),
        json!([
            3,
            3,
            "not_aired",
            "news",
            "schedule",
            "2026-12-02T06:30:00.000+07:00",
            1_796_167_800_000_i64,
            "2026-12-02T06:30:01.000+07:00",
            1_796_167_801_000_i64,
            null,
            null,
            null,
            null,
            "missed",
            "chưa có file nào trong news/",
            null
        ]),
    ];
    let mut prev = "0".repeat(64);
    let mut witness = String::from("wardcast witness 1 from-log-at 0\n");
    for record in records {
        let mut columns = record.as_array().expect("array").clone();
        columns.push(json!(prev));
        let hash = format!(
            "{:x}",
            Sha256::digest(serde_json::Value::Array(columns.clone()).to_string())
        );
        let sql_values: Vec<rusqlite::types::Value> = columns
            .iter()
            .chain([&json!(hash)])
            .map(|value| match value {
                serde_json::Value::Null => rusqlite::types::Value::Null,
                serde_json::Value::Number(n) if n.is_i64() => {
                    rusqlite::types::Value::Integer(n.as_i64().expect("integer"))
                }
                serde_json::Value::Number(n) => {
                    rusqlite::types::Value::Real(n.as_f64().expect("real"))
                }
                other => rusqlite::types::Value::Text(other.as_str().expect("text").into()),
            })
            .collect();
        connection
            .execute(
                "INSERT INTO ledger_record VALUES \
                 (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
                rusqlite::params_from_iter(sql_values),
            )
            .expect("old record");
        witness.push_str(&format!("{} {hash}\n", columns[0]));
        prev = hash;
    }
    std::fs::write(path.with_extension("witness"), witness).expect("witness");
}

fn has_code_columns(station: &Station) -> bool {
    rusqlite::Connection::open(station.ledger_path())
        .expect("open")
        .prepare("SELECT reason_code FROM ledger_record LIMIT 0")
        .is_ok()
}

#[test]
fn a_log_from_before_reason_codes_verifies_lists_and_takes_coded_records() {
    let (slot, line) = support::slot_in(std::time::Duration::from_secs(5));
    let station = Station::new(
        &["cchc-monthly"],
        &format!(
            "[[programme]]\nid = \"cchc-monthly\"\ntitle = \"Chuyên mục CCHC\"\n\
             folder = \"cchc-monthly\"\nschedule = [\"{line}\"]\npick = \"month\"\n"
        ),
    );
    std::fs::create_dir_all(station.ledger_path().parent().expect("data")).expect("data");
    write_old_log(&station.ledger_path());

    let (code, text) = verify(&station);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("The log is intact: 3 records"), "{text}");
    assert!(
        !has_code_columns(&station),
        "verify opens the log to read: it writes nothing"
    );
    let listed = station.run(&["--lang", "en", "log"]);
    assert!(listed.status.success(), "{listed:?}");
    assert_eq!(support::stdout(&listed).lines().count(), 2, "{listed:?}");
    let old = station.log_json();
    assert_eq!(old[1]["reason"], "chưa có file nào trong news/");
    assert!(old[1]["reason_code"].is_null() && old[1]["reason_params"].is_null());

    let daemon = station.spawn_daemon(&["--lang", "en"]);
    let log = station.wait_for_outcomes(3, std::time::Duration::from_secs(15));
    let (_, daemon_log) = daemon.terminate();
    assert!(has_code_columns(&station), "{daemon_log}");
    assert_eq!(log.len(), 3, "{log:#?}\n{daemon_log}");
    let missed = &log[2];
    assert_eq!(missed["outcome"], "missed", "{missed:#}");
    assert_eq!(
        missed["scheduled_at"],
        slot.with_timezone(&chrono_tz::Asia::Ho_Chi_Minh)
            .format("%Y-%m-%dT%H:%M:%S%.3f%:z")
            .to_string()
    );
    assert_eq!(missed["reason_code"], "no_file", "{missed:#}");
    assert_eq!(
        missed["reason_params"]["folder"], "cchc-monthly",
        "{missed:#}"
    );
    assert!(
        log[1]["reason_code"].is_null(),
        "the old record keeps no code"
    );

    let (code, text) = verify(&station);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("The log is intact: 4 records"), "{text}");
}
