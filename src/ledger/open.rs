//! Opening the airing log: its schema (append-only, enforced by triggers), for writing with
//! its folder made when missing, or for reading only, writing nothing.

use std::path::Path;

use rusqlite::Connection;

use super::witness::{self, Witness};
use super::{backlog, widen, write, Ledger, LedgerError};
use crate::messages::Lang;
use crate::sqlite::open_wal_database;

pub(super) const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS ledger_record (
    seq              INTEGER PRIMARY KEY,
    airing           INTEGER NOT NULL,
    kind             TEXT    NOT NULL CHECK (kind IN ('start', 'end', 'not_aired', 'received', 'console')),
    programme        TEXT    NOT NULL,
    trigger          TEXT    NOT NULL,
    scheduled_at     TEXT,
    scheduled_ms     INTEGER,
    at               TEXT    NOT NULL,
    at_ms            INTEGER NOT NULL,
    file             TEXT,
    sha256           TEXT,
    duration_seconds REAL,
    played_seconds   REAL,
    outcome          TEXT,
    reason           TEXT,
    evidence         TEXT,
    prev_hash        TEXT    NOT NULL,
    hash             TEXT    NOT NULL,
    reason_code      TEXT,
    reason_params    TEXT,
    source           TEXT,
    item_key         TEXT
);
CREATE INDEX IF NOT EXISTS ledger_record_airing ON ledger_record (airing, kind);
CREATE INDEX IF NOT EXISTS ledger_record_sha256 ON ledger_record (sha256);
CREATE INDEX IF NOT EXISTS ledger_record_slot ON ledger_record (programme, scheduled_ms);
CREATE INDEX IF NOT EXISTS ledger_record_when ON ledger_record (COALESCE(scheduled_ms, at_ms));
CREATE TRIGGER IF NOT EXISTS ledger_record_no_update BEFORE UPDATE ON ledger_record
BEGIN SELECT RAISE(ABORT, 'the airing log is append-only: records are never changed'); END;
CREATE TRIGGER IF NOT EXISTS ledger_record_no_delete BEFORE DELETE ON ledger_record
BEGIN SELECT RAISE(ABORT, 'the airing log is append-only: records are never deleted'); END;
"#;

/// A `file:` URI that reads `path` as an unchanging file, without SQLite's locks or shared
/// memory.
fn immutable_uri(path: &Path) -> String {
    let text = path.to_string_lossy();
    let mut escaped = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '%' => escaped.push_str("%25"),
            '?' => escaped.push_str("%3f"),
            '#' => escaped.push_str("%23"),
            c => escaped.push(c),
        }
    }
    format!("file:{escaped}?immutable=1")
}

impl Ledger {
    /// Opens (creating when missing) the log at `path`, its folder included.
    pub fn open(path: &Path) -> Result<Ledger, LedgerError> {
        // Two processes creating a new log at once can see SQLITE_BUSY while one switches it
        // to WAL, which the busy timeout does not cover: try a few times.
        let mut attempt = 0;
        loop {
            match Ledger::open_once(path) {
                Err(LedgerError::Open { source, .. })
                    if attempt < 5
                        && source.sqlite_error_code()
                            == Some(rusqlite::ErrorCode::DatabaseBusy) =>
                {
                    attempt += 1;
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                other => return other,
            }
        }
    }

    fn open_once(path: &Path) -> Result<Ledger, LedgerError> {
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(|source| LedgerError::DataFolder {
                path: folder.to_path_buf(),
                source,
            })?;
        }
        let open_error = |source| LedgerError::Open {
            path: path.to_path_buf(),
            source,
        };
        // WAL keeps readers (`wardcast log`) from blocking the daemon; FULL makes each
        // record durable before the call returns, so a power cut loses nothing written.
        let connection = open_wal_database(path, "FULL", SCHEMA).map_err(open_error)?;
        // A log from before the hash chain cannot be appended to: say so now, not at the
        // first airing.
        let chained = connection
            .prepare("SELECT hash FROM ledger_record LIMIT 0")
            .is_ok();
        if !chained {
            return Err(LedgerError::OldFormat(path.to_path_buf()));
        }
        let mut connection = connection;
        let coded = match add_reason_columns(&mut connection) {
            Ok(()) => true,
            Err(error) => {
                tracing::warn!(%error, "the airing log cannot take the columns of reason codes now (is its disk full?); its records are written without codes until it can");
                false
            }
        };
        let receiving = match widen::widen_for_received(&mut connection) {
            Ok(()) => true,
            Err(error) => {
                tracing::warn!(%error, "the airing log cannot be made ready for records of recordings and downloads now (is its disk full?); it is tried again before the first such record");
                false
            }
        };
        Ok(Ledger {
            connection,
            path: path.to_path_buf(),
            identity: write::FileIdentity::of(path),
            witness: Witness::new(witness::path_for(path)),
            backlog: backlog::Backlog::default(),
            journal: None,
            lang: Lang::default(),
            coded,
            receiving,
        })
    }

    /// Opens the log at `path` to check or read it, writing nothing: no schema is made, no
    /// file created (a missing log reads as empty, so its witness shows what is missing).
    /// Falls back to reading the file as it is on disk when SQLite cannot share it (a
    /// read-only copy of the evidence, for instance).
    pub fn open_read_only(path: &Path) -> Result<Ledger, LedgerError> {
        use rusqlite::OpenFlags;
        let open_error = |source| LedgerError::Open {
            path: path.to_path_buf(),
            source,
        };
        let connection = if path.exists() {
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            match Connection::open_with_flags(path, flags).and_then(|connection| {
                connection.query_row("SELECT COUNT(*) FROM sqlite_master", [], |_| Ok(()))?;
                Ok(connection)
            }) {
                Ok(connection) => connection,
                Err(_) => Connection::open_with_flags(
                    immutable_uri(path),
                    flags | OpenFlags::SQLITE_OPEN_URI,
                )
                .map_err(open_error)?,
            }
        } else {
            Connection::open_in_memory().map_err(open_error)?
        };
        connection
            .busy_timeout(std::time::Duration::from_secs(5))
            .map_err(open_error)?;
        let coded = has_reason_columns(&connection);
        let receiving = widen::takes_received(&connection);
        Ok(Ledger {
            connection,
            path: path.to_path_buf(),
            identity: None,
            witness: Witness::new(witness::path_for(path)),
            backlog: backlog::Backlog::default(),
            journal: None,
            lang: Lang::default(),
            coded,
            receiving,
        })
    }
}

/// Whether the log's table has the columns of a reason's code and parameters.
pub(super) fn has_reason_columns(connection: &Connection) -> bool {
    connection
        .prepare("SELECT reason_code, reason_params FROM ledger_record LIMIT 0")
        .is_ok()
}

/// The columns of a reason's code and parameters as a query on `connection` selects them
/// for the record named `table`: NULL for a log from before them, which a reader must not
/// change.
pub(super) fn reason_columns(connection: &Connection, table: &str) -> String {
    if has_reason_columns(connection) {
        format!("{table}.reason_code, {table}.reason_params")
    } else {
        "NULL, NULL".to_string()
    }
}

/// Gives a log from before reason codes the two columns that keep them; whether it has
/// them now. Adding a column changes no record (the append-only triggers guard rows, not
/// the table's shape), and a record without a code hashes as it always did. A disk too
/// full for it leaves the log as it was: its records are written without codes until a
/// later write can add the columns.
pub(super) fn add_reason_columns(connection: &mut Connection) -> rusqlite::Result<()> {
    if has_reason_columns(connection) {
        return Ok(());
    }
    // Checked again inside the write lock: another wardcast may have added them meanwhile.
    let transaction =
        connection.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    if !has_reason_columns(&transaction) {
        transaction.execute_batch(
            "ALTER TABLE ledger_record ADD COLUMN reason_code TEXT;
             ALTER TABLE ledger_record ADD COLUMN reason_params TEXT;",
        )?;
    }
    transaction.commit()
}

#[cfg(test)]
mod tests {
    use super::super::canonical::{record_hash, GENESIS_HASH};
    use super::super::{NotAired, Outcome, Trigger};
    use super::*;
    use crate::reason::Reason;
    use chrono::TimeZone;
    use rusqlite::types::{Value, ValueRef};

    /// The schema as wardcast made it before reason codes (and received records).
    fn old_schema() -> String {
        SCHEMA
            .replace(
                "hash             TEXT    NOT NULL,\n    reason_code      TEXT,\n    reason_params    TEXT,\n    source           TEXT,\n    item_key         TEXT",
                "hash             TEXT    NOT NULL",
            )
            .replace(", 'received', 'console')", ")")
    }

    /// The table as wardcast made it before reason codes, with one missed slot written the
    /// way it wrote it then, and its witness.
    fn old_log(path: &Path) -> String {
        let connection = Connection::open(path).expect("open");
        connection.execute_batch(&old_schema()).expect("old schema");
        assert!(!has_reason_columns(&connection), "the old table");
        let values = [
            Value::Integer(1),
            Value::Integer(1),
            Value::Text("not_aired".into()),
            Value::Text("news".into()),
            Value::Text("schedule".into()),
            Value::Text("2026-12-07T06:30:00.000+07:00".into()),
            Value::Integer(1_796_599_800_000),
            Value::Text("2026-12-07T06:30:01.000+07:00".into()),
            Value::Integer(1_796_599_801_000),
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Text("missed".into()),
            Value::Text("chưa có file".into()),
            Value::Null,
            Value::Text(GENESIS_HASH.into()),
        ];
        let borrowed: Vec<ValueRef<'_>> = values.iter().map(ValueRef::from).collect();
        let hash = record_hash(&borrowed);
        let mut all = values.to_vec();
        all.push(Value::Text(hash.clone()));
        connection
            .execute(
                &format!(
                    "INSERT INTO ledger_record ({}, hash) VALUES ({})",
                    super::super::canonical::HASHED_COLUMNS,
                    (1..=18)
                        .map(|n| format!("?{n}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                rusqlite::params_from_iter(all.iter()),
            )
            .expect("old record");
        std::fs::write(
            witness::path_for(path),
            format!("wardcast witness 1 from-log-at 0\n1 {hash}\n"),
        )
        .expect("witness");
        hash
    }

    fn missed(ledger: &mut Ledger, reason: &Reason) {
        let at = chrono_tz::Asia::Ho_Chi_Minh
            .with_ymd_and_hms(2026, 12, 8, 6, 30, 0)
            .single()
            .expect("time");
        ledger
            .record_not_aired(&NotAired {
                programme: "news",
                trigger: Trigger::Schedule,
                scheduled_at: Some(at),
                recorded_at: at,
                file: None,
                outcome: Outcome::Missed,
                reason,
            })
            .expect("missed");
    }

    #[test]
    fn an_old_log_is_read_as_it_is_and_gets_the_code_columns_when_opened_for_writing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("log.sqlite3");
        let old_hash = old_log(&path);

        let reader = Ledger::open_read_only(&path).expect("read only");
        let check = reader.verify().expect("verify");
        assert_eq!((check.records, check.problem), (1, None));
        assert_eq!(check.head_hash, old_hash);
        let airings = reader.airings(0, i64::MAX).expect("airings");
        assert_eq!(airings[0].reason.as_deref(), Some("chưa có file"));
        assert_eq!(
            (&airings[0].reason_code, &airings[0].reason_params),
            (&None, &None)
        );
        drop(reader);
        let table = Connection::open(&path).expect("open");
        assert!(!has_reason_columns(&table), "reading wrote nothing");

        let mut ledger = Ledger::open(&path).expect("open");
        assert!(
            has_reason_columns(&table),
            "opened for writing: the columns are added"
        );
        ledger.set_lang(Lang::En);
        missed(
            &mut ledger,
            &Reason::OutsideHours {
                hours: "05:00-07:00".into(),
            },
        );
        let check = ledger.verify().expect("verify");
        assert_eq!((check.records, check.problem), (2, None));
        let airings = ledger.airings(0, i64::MAX).expect("airings");
        assert_eq!(airings[0].reason_code, None, "the old record keeps no code");
        assert_eq!(
            airings[1].reason.as_deref(),
            Some("outside the allowed hours (05:00-07:00)")
        );
        assert_eq!(airings[1].reason_code.as_deref(), Some("outside_hours"));
        assert_eq!(
            airings[1].reason_params,
            Some(serde_json::json!({ "hours": "05:00-07:00" }))
        );
        let stored: (String, String) = table
            .query_row(
                "SELECT reason_code, reason_params FROM ledger_record WHERE seq = 2",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .expect("stored");
        assert_eq!(
            stored,
            ("outside_hours".into(), r#"{"hours":"05:00-07:00"}"#.into())
        );
    }

    #[test]
    fn a_changed_code_or_parameters_or_a_code_taken_away_is_caught() {
        for tamper in [
            "UPDATE ledger_record SET reason_code = 'clock_jump' WHERE seq = 2",
            r#"UPDATE ledger_record SET reason_params = '{"hours":"05:00-08:00"}' WHERE seq = 2"#,
            "UPDATE ledger_record SET reason_code = NULL, reason_params = NULL WHERE seq = 2",
            "UPDATE ledger_record SET reason_code = 'shutdown', reason_params = '{}' WHERE seq = 1",
        ] {
            let dir = tempfile::tempdir().expect("temp dir");
            let path = dir.path().join("log.sqlite3");
            old_log(&path);
            let mut ledger = Ledger::open(&path).expect("open");
            missed(
                &mut ledger,
                &Reason::OutsideHours {
                    hours: "05:00-07:00".into(),
                },
            );
            Connection::open(&path)
                .expect("open")
                .execute_batch(&format!("DROP TRIGGER ledger_record_no_update; {tamper}"))
                .expect("tamper");
            let check = ledger.verify().expect("verify");
            let seq = if tamper.ends_with("seq = 1") { 1 } else { 2 };
            assert_eq!(
                check.problem.map(|problem| (problem.seq, problem.fault)),
                Some((seq, super::super::ChainFault::Changed)),
                "{tamper}"
            );
        }
    }
}
