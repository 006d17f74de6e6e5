//! A log made before received records, or before console records, built by SQL as wardcast
//! wrote it then, widened when opened for writing: its records intact, verified, the new
//! kinds taken, and still append-only; and left exactly as it was when only read.

use std::path::Path;

use chrono::TimeZone;
use rusqlite::types::{Value, ValueRef};
use rusqlite::Connection;

use super::super::canonical::{later_values, record_hash, GENESIS_HASH, HASHED_COLUMNS};
use super::super::{
    AiringFilter, ConsoleAction, ConsoleRecord, Ledger, Receipt, Received, ReceivedEvidence,
    Trigger,
};
use super::*;
use crate::reason::Reason;

/// The table of the release before received records: reason codes, the old CHECK.
fn previous_schema() -> String {
    super::super::open::SCHEMA
        .replace(
            ",\n    source           TEXT,\n    item_key         TEXT",
            "",
        )
        .replace(KIND_CHECK, OLD_KIND_CHECK)
}

/// The table of the release after received records and before console ones.
fn received_release_schema() -> String {
    super::super::open::SCHEMA.replace(KIND_CHECK, RECEIVED_KIND_CHECK)
}

/// The table of the releases before reason codes too.
fn before_codes_schema() -> String {
    previous_schema().replace(
        ",\n    reason_code      TEXT,\n    reason_params    TEXT",
        "",
    )
}

/// Appends a record by SQL, hashed as that release hashed it (a `code` only into a table
/// that has their columns); its hash.
fn raw_record(connection: &Connection, values: &[Value], code: Option<(&str, &str)>) -> String {
    raw_received_record(connection, values, code, None)
}

/// The same, with a received record's source and item (only into a table that has them).
fn raw_received_record(
    connection: &Connection,
    values: &[Value],
    code: Option<(&str, &str)>,
    received: Option<(&str, &str)>,
) -> String {
    let (code, params) = code.map_or((Value::Null, Value::Null), |(code, params)| {
        (Value::Text(code.into()), Value::Text(params.into()))
    });
    let (source, item) = received.map_or((Value::Null, Value::Null), |(source, item)| {
        (Value::Text(source.into()), Value::Text(item.into()))
    });
    let mut hashed: Vec<ValueRef<'_>> = values.iter().map(ValueRef::from).collect();
    later_values(
        &mut hashed,
        [
            [ValueRef::from(&code), ValueRef::from(&params)],
            [ValueRef::from(&source), ValueRef::from(&item)],
        ],
    );
    let hash = record_hash(&hashed);
    let mut all = values.to_vec();
    all.push(Value::Text(hash.clone()));
    let mut columns = format!("{HASHED_COLUMNS}, hash");
    if code != Value::Null || source != Value::Null {
        all.extend([code, params]);
        columns.push_str(", reason_code, reason_params");
    }
    if source != Value::Null {
        all.extend([source, item]);
        columns.push_str(", source, item_key");
    }
    let places: Vec<String> = (1..=all.len()).map(|n| format!("?{n}")).collect();
    connection
        .execute(
            &format!(
                "INSERT INTO ledger_record ({columns}) VALUES ({})",
                places.join(", ")
            ),
            rusqlite::params_from_iter(all.iter()),
        )
        .expect("a record as that release wrote it");
    hash
}

fn text(text: &str) -> Value {
    Value::Text(text.into())
}

/// A log of the release before received records: an airing (its end with sound evidence as
/// that release wrote it) and a missed slot with a code, and the witness of all three.
fn previous_log(path: &Path) -> Vec<String> {
    written_log(path, &previous_schema(), Some(("shutdown", "{}")))
}

/// The same three records in `schema`, the missed slot with `code` when given.
fn written_log(path: &Path, schema: &str, code: Option<(&str, &str)>) -> Vec<String> {
    let connection = Connection::open(path).expect("create");
    connection.execute_batch(schema).expect("the schema");
    assert!(!takes_received(&connection));
    assert_eq!(
        has_received_columns(&connection),
        schema.contains("item_key")
    );
    let start = [
        Value::Integer(1),
        Value::Integer(1),
        text("start"),
        text("news"),
        text("schedule"),
        text("2026-12-07T06:30:00.000+07:00"),
        Value::Integer(1_796_599_800_000),
        text("2026-12-07T06:30:00.000+07:00"),
        Value::Integer(1_796_599_800_000),
        text("/audio/news/tin.mp3"),
        text("ab"),
        Value::Real(60.0),
        Value::Null,
        Value::Null,
        Value::Null,
        Value::Null,
        text(GENESIS_HASH),
    ];
    let first = raw_record(&connection, &start, None);
    let end = [
        Value::Integer(2),
        Value::Integer(1),
        text("end"),
        text("news"),
        text("schedule"),
        Value::Null,
        Value::Null,
        text("2026-12-07T06:31:00.000+07:00"),
        Value::Integer(1_796_599_860_000),
        Value::Null,
        Value::Null,
        Value::Null,
        Value::Real(60.0),
        text("aired"),
        Value::Null,
        text(r#"{"frames":2880000,"rms_dbfs":-18.5,"peak_dbfs":-1.2,"silences":[]}"#),
        text(&first),
    ];
    let second = raw_record(&connection, &end, None);
    let missed = [
        Value::Integer(3),
        Value::Integer(3),
        text("not_aired"),
        text("news"),
        text("schedule"),
        text("2026-12-08T06:30:00.000+07:00"),
        Value::Integer(1_796_686_200_000),
        text("2026-12-08T06:30:01.000+07:00"),
        Value::Integer(1_796_686_201_000),
        Value::Null,
        Value::Null,
        Value::Null,
        Value::Null,
        text("missed"),
        text("wardcast dừng"),
        Value::Null,
        text(&second),
    ];
    let third = raw_record(&connection, &missed, code);
    let hashes = vec![first, second, third];
    let mut witness = "wardcast witness 1 from-log-at 0\n".to_string();
    for (seq, hash) in hashes.iter().enumerate() {
        witness.push_str(&format!("{} {hash}\n", seq + 1));
    }
    std::fs::write(path.with_extension("witness"), witness).expect("witness");
    hashes
}

/// The log's table text, its schema version, and every record with its hash.
fn state(path: &Path) -> (String, i64, Vec<(i64, String, String)>) {
    let connection = Connection::open(path).expect("open");
    let sql: String = connection
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE name = 'ledger_record'",
            [],
            |row| row.get(0),
        )
        .expect("table");
    let version: i64 = connection
        .pragma_query_value(None, "schema_version", |row| row.get(0))
        .expect("version");
    let mut statement = connection
        .prepare("SELECT seq, kind, hash FROM ledger_record ORDER BY seq")
        .expect("records");
    let records = statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .expect("records")
        .collect::<Result<_, _>>()
        .expect("records");
    (sql, version, records)
}

fn download(ledger: &mut Ledger, reason: Option<&Reason>) -> i64 {
    let at = chrono_tz::Asia::Ho_Chi_Minh
        .with_ymd_and_hms(2026, 12, 9, 20, 0, 0)
        .single()
        .expect("time");
    let file = Path::new("/audio/cchc-tinh/2026-12-09 CCHC.mp3");
    ledger
        .record_received(&Received {
            into: "cchc-tinh",
            trigger: Trigger::Download,
            source: "https://radio.example/cchc.xml",
            item_key: Some("guid-1"),
            scheduled_at: Some(at),
            at,
            file: reason.is_none().then_some(file),
            sha256: reason.is_none().then_some("cd"),
            duration_seconds: reason.is_none().then_some(900.0),
            receipt: reason.map_or(Receipt::Complete, Receipt::Failed),
            evidence: &ReceivedEvidence {
                bytes: 14_400_000,
                content_type: Some("audio/mpeg".into()),
                ..ReceivedEvidence::default()
            },
        })
        .expect("received")
}

#[test]
fn a_log_of_the_release_before_is_widened_intact_and_stays_append_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("log.sqlite3");
    let hashes = previous_log(&path);
    let (before_sql, before_version, before) = state(&path);
    assert!(before_sql.contains(OLD_KIND_CHECK), "{before_sql}");

    let mut ledger = Ledger::open(&path).expect("open to write");
    let (sql, version, records) = state(&path);
    assert_eq!(records, before, "no record moved or changed");
    assert_eq!(
        records.iter().map(|r| r.2.clone()).collect::<Vec<_>>(),
        hashes
    );
    let squeezed = |text: &str| text.split_whitespace().collect::<String>();
    assert_eq!(
        squeezed(&sql)
            .replace(",sourceTEXT", "")
            .replace(",item_keyTEXT", ""),
        squeezed(&before_sql.replace(OLD_KIND_CHECK, KIND_CHECK)),
        "only the CHECK widened and the two columns added: {sql}"
    );
    assert!(version > before_version, "every connection reads it again");
    assert!(takes_received(&ledger.connection));
    let check = ledger.verify().expect("verify");
    assert_eq!((check.records, check.problem), (3, None));

    let seq = download(&mut ledger, None);
    assert_eq!(seq, 4);
    let failed = Reason::SourceWebPage {
        source: "https://radio.example/cchc.xml".into(),
    };
    download(&mut ledger, Some(&failed));
    assert_eq!(ledger.record_console(&signed_in()).expect("console"), 6);
    let check = ledger.verify().expect("verify");
    assert_eq!((check.records, check.problem), (6, None));

    let table = Connection::open(&path).expect("open");
    for sql in [
        "UPDATE ledger_record SET outcome = 'complete' WHERE seq = 5",
        "UPDATE ledger_record SET source = 'x' WHERE seq = 4",
        "DELETE FROM ledger_record WHERE seq = 4",
        "DELETE FROM ledger_record WHERE seq = 1",
    ] {
        assert!(table.execute(sql, []).is_err(), "{sql} is refused");
    }
    assert!(
        table
            .execute(
                "INSERT INTO ledger_record (airing, kind, programme, trigger, at, at_ms, \
                 prev_hash, hash) VALUES (9, 'deleted', 'p', 't', 'a', 0, '', '')",
                [],
            )
            .is_err(),
        "the CHECK still refuses a kind wardcast does not write"
    );
    let integrity: String = table
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .expect("integrity");
    assert_eq!(integrity, "ok");

    // Opened again: nothing more to do, nothing changed.
    drop(ledger);
    let (_, version_now, _) = state(&path);
    drop(Ledger::open(&path).expect("open again"));
    assert_eq!(state(&path).1, version_now);
}

fn signed_in() -> ConsoleRecord<'static> {
    ConsoleRecord {
        user: "nguyenvana",
        action: ConsoleAction::SignedIn,
        at: chrono_tz::Asia::Ho_Chi_Minh
            .with_ymd_and_hms(2026, 12, 10, 8, 0, 0)
            .single()
            .expect("time"),
        programme: None,
        file: None,
        sha256: None,
        moved_to: None,
        priority: None,
        from: Some("192.168.1.20"),
    }
}

/// A log of the release after received records and before console ones: the three records
/// of `written_log` and a download, written by SQL as that release wrote them.
fn received_release_log(path: &Path) -> Vec<String> {
    let mut hashes = written_log(path, &received_release_schema(), Some(("shutdown", "{}")));
    let download = [
        Value::Integer(4),
        Value::Integer(4),
        text("received"),
        text("cchc-tinh"),
        text("download"),
        text("2026-12-09T20:00:00.000+07:00"),
        Value::Integer(1_796_821_200_000),
        text("2026-12-09T20:00:00.000+07:00"),
        Value::Integer(1_796_821_200_000),
        text("/audio/cchc-tinh/2026-12-09 CCHC.mp3"),
        text("cd"),
        Value::Real(900.0),
        Value::Null,
        text("complete"),
        Value::Null,
        text(r#"{"bytes":14400000}"#),
        text(&hashes[2]),
    ];
    let connection = Connection::open(path).expect("open");
    let source = Some(("https://radio.example/cchc.xml", "guid-1"));
    hashes.push(raw_received_record(&connection, &download, None, source));
    let mut witness = std::fs::read_to_string(path.with_extension("witness")).expect("witness");
    witness.push_str(&format!("4 {}\n", hashes[3]));
    std::fs::write(path.with_extension("witness"), witness).expect("witness");
    hashes
}

#[test]
fn a_log_with_received_records_is_widened_for_console_records_and_hashes_as_before() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("log.sqlite3");
    let hashes = received_release_log(&path);
    let before = state(&path);
    assert!(before.0.contains(RECEIVED_KIND_CHECK), "{}", before.0);

    // Read first: as it is, nothing changed.
    let reader = Ledger::open_read_only(&path).expect("read only");
    let check = reader.verify().expect("verify");
    assert_eq!((check.records, check.problem), (4, None));
    let everything = AiringFilter::between(i64::MIN, i64::MAX);
    assert!(reader
        .console_entries(&everything, 0, 10)
        .expect("none yet")
        .is_empty());
    drop(reader);
    assert_eq!(state(&path), before);

    let mut ledger = Ledger::open(&path).expect("open to write");
    let (sql, version, records) = state(&path);
    assert_eq!(records, before.2, "no record moved or changed");
    let squeezed = |text: &str| text.split_whitespace().collect::<String>();
    assert_eq!(
        squeezed(&sql),
        squeezed(&before.0.replace(RECEIVED_KIND_CHECK, KIND_CHECK)),
        "only the CHECK widened"
    );
    assert!(version > before.1);
    assert!(takes_received(&ledger.connection));
    for (seq, hash) in (1..).zip(&hashes) {
        assert_eq!(ledger.stored_hash(seq).expect("hash").as_ref(), Some(hash));
    }
    assert_eq!(ledger.record_console(&signed_in()).expect("console"), 5);
    download(&mut ledger, None);
    let check = ledger.verify().expect("verify");
    assert_eq!((check.records, check.problem), (6, None));
    let console = ledger.console_entries(&everything, 0, 10).expect("console");
    assert_eq!(console.len(), 1);
    let mut entries = 0;
    ledger
        .for_each_entry(&everything, |_| {
            entries += 1;
            Ok::<(), super::super::LedgerError>(())
        })
        .expect("entries");
    assert_eq!(
        entries, 4,
        "the airing, the missed slot and the two downloads"
    );
    let table = Connection::open(&path).expect("open");
    assert!(table
        .execute("DELETE FROM ledger_record WHERE seq = 5", [])
        .is_err());
}

#[test]
fn a_log_from_before_reason_codes_is_widened_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("log.sqlite3");
    let hashes = written_log(&path, &before_codes_schema(), None);
    let mut ledger = Ledger::open(&path).expect("open");
    assert!(takes_received(&ledger.connection));
    download(&mut ledger, None);
    let check = ledger.verify().expect("verify");
    assert_eq!((check.records, check.problem), (4, None));
    for (seq, hash) in (1..).zip(hashes) {
        assert_eq!(ledger.stored_hash(seq).expect("hash"), Some(hash));
    }
}

#[test]
fn reading_an_older_log_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("log.sqlite3");
    previous_log(&path);
    let before = state(&path);
    let bytes = std::fs::read(&path).expect("bytes");
    let reader = Ledger::open_read_only(&path).expect("read only");
    assert!(!reader.receiving);
    let check = reader.verify().expect("verify");
    assert_eq!((check.records, check.problem), (3, None));
    let mut entries = 0;
    reader
        .for_each_entry(&super::super::AiringFilter::between(0, i64::MAX), |_| {
            entries += 1;
            Ok::<(), super::super::LedgerError>(())
        })
        .expect("entries");
    assert_eq!(entries, 2, "the airing and the missed slot");
    let everything = super::super::AiringFilter::between(i64::MIN, i64::MAX);
    assert!(!reader.has_receiving(&everything).expect("asked"));
    assert!(!reader
        .download_known("cchc-tinh", "guid-1", None)
        .expect("asked"));
    assert!(reader
        .console_entries(&everything, 0, 10)
        .expect("asked")
        .is_empty());
    drop(reader);
    assert_eq!(state(&path), before);
    assert_eq!(
        std::fs::read(&path).expect("bytes"),
        bytes,
        "not a byte changed"
    );
}

#[test]
fn a_table_not_as_wardcast_made_it_is_left_alone_and_said_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("log.sqlite3");
    {
        let connection = Connection::open(&path).expect("create");
        connection
            .execute_batch(
                &previous_schema().replace(OLD_KIND_CHECK, "CHECK (kind IN ('start','end'))"),
            )
            .expect("a table made by hand");
    }
    let before = state(&path);
    let mut ledger = Ledger::open(&path).expect("still opens: airings go on");
    assert!(!ledger.receiving);
    let error = widen_for_received(&mut ledger.connection).expect_err("not widened");
    assert!(
        error.to_string().contains("is not the one wardcast wrote"),
        "{error}"
    );
    assert_eq!(state(&path).0, before.0, "the table's text is as it was");
}

#[test]
fn a_blank_database_is_where_a_wrong_text_would_fail() {
    let connection = Connection::open_in_memory().expect("memory");
    connection
        .execute_batch(&previous_schema())
        .expect("schema");
    let expected = columns(&connection).expect("columns");
    assert!(try_on_blank(
        &previous_schema().replace(OLD_KIND_CHECK, KIND_CHECK),
        &expected
    )
    .is_ok());
    assert!(try_on_blank("CREATE TABLE ledger_record (seq INTEGER", &expected).is_err());
    let other_columns = previous_schema()
        .replace(OLD_KIND_CHECK, KIND_CHECK)
        .replace("file             TEXT,", "");
    assert!(try_on_blank(&other_columns, &expected).is_err());
    // The old CHECK itself does not take a received row, nor the next one a console row.
    assert!(try_on_blank(&previous_schema(), &expected).is_err());
    let received = Connection::open_in_memory().expect("memory");
    received
        .execute_batch(&received_release_schema())
        .expect("schema");
    let expected = columns(&received).expect("columns");
    assert!(try_on_blank(&received_release_schema(), &expected).is_err());
    assert!(try_on_blank(super::super::open::SCHEMA, &expected).is_ok());
}

#[test]
fn a_report_asks_for_received_records_and_relays_through_the_small_indexes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("log.sqlite3");
    let ledger = Ledger::open(&path).expect("open");
    for index in INDEX_NAMES {
        let query = match index {
            "ledger_record_received" => {
                "SELECT 1 FROM ledger_record INDEXED BY ledger_record_received \
                 WHERE kind = 'received' AND COALESCE(scheduled_ms, at_ms) >= 0 \
                 AND COALESCE(scheduled_ms, at_ms) < 9"
            }
            "ledger_record_unhappy" => {
                "SELECT 1 FROM ledger_record o INDEXED BY ledger_record_unhappy \
                 CROSS JOIN ledger_record s ON s.seq = o.airing \
                 WHERE o.outcome = 'failed' \
                 AND o.outcome IN ('missed', 'failed', 'interrupted', 'partial')"
            }
            "ledger_record_console" => {
                "SELECT 1 FROM ledger_record INDEXED BY ledger_record_console \
                 WHERE kind = 'console' AND at_ms >= 0 ORDER BY at_ms DESC"
            }
            _ => {
                "SELECT 1 FROM ledger_record e INDEXED BY ledger_record_relayed \
                 JOIN ledger_record s ON s.seq = e.airing \
                 WHERE e.kind = 'end' AND instr(e.evidence, '\"relay\":') > 0"
            }
        };
        let plan: Vec<String> = ledger
            .connection
            .prepare(&format!("EXPLAIN QUERY PLAN {query}"))
            .expect("a plan SQLite can make")
            .query_map([], |row| row.get::<_, String>(3))
            .expect("plan")
            .collect::<Result<_, _>>()
            .expect("plan");
        assert!(
            plan.iter().any(|step| step.contains(index)),
            "{index}: {plan:?}"
        );
    }
}
