//! The airing log: an append-only, hash-chained SQLite file that is the station's evidence
//! of what went out. An airing's start and its end are separate records written when they
//! happen; nothing is updated in place or deleted, and `verify` finds any record that was.

use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat};
use chrono_tz::Tz;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

pub use crate::ids::Trigger;
use crate::library::AiredFiles;
pub use crate::sound::{Silence, SoundEvidence};
use crate::sqlite::open_wal_database;

mod backlog;
mod chain;
mod journal;
pub mod witness;
mod write;

pub use backlog::MAX_WAITING;
pub use chain::{ChainCheck, ChainFault, ChainProblem, Depth, WitnessSummary, GENESIS_HASH};
pub use journal::FILE_NAME as JOURNAL_FILE;
use witness::Witness;

/// How an airing ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Played to its end.
    Aired,
    /// Started but cut off (shutdown, crash, device lost).
    Interrupted,
    /// Could not be played (unreadable file, no sound card).
    Failed,
    /// Its slot passed without it starting; the reason says why.
    Missed,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Aired => "aired",
            Outcome::Interrupted => "interrupted",
            Outcome::Failed => "failed",
            Outcome::Missed => "missed",
        }
    }

    fn parse(text: &str) -> Option<Outcome> {
        Some(match text {
            "aired" => Outcome::Aired,
            "interrupted" => Outcome::Interrupted,
            "failed" => Outcome::Failed,
            "missed" => Outcome::Missed,
            _ => return None,
        })
    }
}

/// What is known when an airing starts.
#[derive(Debug, Clone)]
pub struct AiringStart<'a> {
    pub programme: &'a str,
    pub trigger: Trigger,
    pub scheduled_at: Option<DateTime<Tz>>,
    pub started_at: DateTime<Tz>,
    pub file: &'a Path,
    pub sha256: &'a str,
    pub duration_seconds: f64,
}

/// What is known when an airing ends.
#[derive(Debug, Clone)]
pub struct AiringEnd<'a> {
    pub airing: AiringId,
    pub programme: &'a str,
    pub trigger: Trigger,
    pub ended_at: DateTime<Tz>,
    pub played_seconds: f64,
    pub outcome: Outcome,
    pub reason: Option<&'a str>,
    pub evidence: Option<&'a SoundEvidence>,
}

/// A slot that never started: missed, or failed before any sound went out.
#[derive(Debug, Clone)]
pub struct NotAired<'a> {
    pub programme: &'a str,
    pub trigger: Trigger,
    pub scheduled_at: Option<DateTime<Tz>>,
    pub recorded_at: DateTime<Tz>,
    pub file: Option<&'a Path>,
    pub outcome: Outcome,
    pub reason: &'a str,
}

/// One airing as the log tells it, start and end joined.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Airing {
    pub airing: i64,
    pub programme: String,
    pub trigger: Trigger,
    pub scheduled_at: Option<String>,
    pub started_at: Option<String>,
    pub ended_at: Option<String>,
    pub file: Option<String>,
    pub sha256: Option<String>,
    pub duration_seconds: Option<f64>,
    pub played_seconds: Option<f64>,
    /// `None` while the airing is still on air (or was cut off by a crash not yet noticed).
    pub outcome: Option<Outcome>,
    pub reason: Option<String>,
    /// Level and silence measured while it played.
    pub evidence: Option<SoundEvidence>,
}

/// An airing with a start record and no end record.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenAiring {
    pub airing: i64,
    pub programme: String,
    pub trigger: Trigger,
    pub started_at_ms: i64,
    pub scheduled_ms: Option<i64>,
}

/// An airing's id in the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AiringId(pub i64);

#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error("cannot create the data folder {path}: {source}")]
    DataFolder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the airing log {path} cannot be used: {source}")]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("writing to the airing log failed: {0}")]
    Write(#[source] rusqlite::Error),
    #[error(
        "the airing log {0} was written by an older wardcast, without the hash chain; move it \
         aside (rename it, keep it as evidence) and wardcast will start a new log"
    )]
    OldFormat(PathBuf),
    #[error("reading the airing log failed: {0}")]
    Read(#[source] rusqlite::Error),
    #[error("the witness file of the airing log cannot be used: {0}")]
    Witness(#[source] std::io::Error),
    #[error("the spare folder {0} does not exist (is its disk plugged in?)")]
    SpareMissing(PathBuf),
    #[error("the journal of waiting records on the spare disk cannot be used: {0}")]
    Journal(#[source] std::io::Error),
}

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS ledger_record (
    seq              INTEGER PRIMARY KEY,
    airing           INTEGER NOT NULL,
    kind             TEXT    NOT NULL CHECK (kind IN ('start', 'end', 'not_aired')),
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
    hash             TEXT    NOT NULL
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

/// The open airing log.
pub struct Ledger {
    connection: Connection,
    path: PathBuf,
    /// The file the connection has open, to notice it deleted or replaced under us.
    identity: Option<write::FileIdentity>,
    witness: Witness,
    backlog: backlog::Backlog,
    /// Where records that wait are also kept, on a spare disk, when one is set.
    journal: Option<journal::Journal>,
}

impl Drop for Ledger {
    fn drop(&mut self) {
        // The last chance for records that could not be written: into the log if it can be
        // written now, else in full into the daemon's own log (journald keeps it).
        if self.flush() > 0 {
            for record in self.waiting() {
                tracing::error!(record = ?record, "this record of the airing log could not be written before wardcast stopped");
            }
        }
    }
}

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

/// Formats an instant as the log and `--json` write it: RFC 3339, milliseconds, offset.
pub fn timestamp(at: &DateTime<Tz>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, false)
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
        Ok(Ledger {
            connection,
            path: path.to_path_buf(),
            identity: write::FileIdentity::of(path),
            witness: Witness::new(witness::path_for(path)),
            backlog: backlog::Backlog::default(),
            journal: None,
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
        Ok(Ledger {
            connection,
            path: path.to_path_buf(),
            identity: None,
            witness: Witness::new(witness::path_for(path)),
            backlog: backlog::Backlog::default(),
            journal: None,
        })
    }

    /// Checks the log: the hash chain, SQLite's own integrity check, and the witness file.
    /// Problems are reported in the result, not as an error: a damaged log is what this is
    /// for.
    pub fn verify(&self) -> Result<ChainCheck, LedgerError> {
        Ok(chain::verify(
            &self.connection,
            self.file_to_share(),
            &self.witness,
            Depth::Full,
        ))
    }

    /// The same check with SQLite's quicker look at the file (see `Depth::Quick`), for an
    /// export that checks the log before every report.
    pub fn verify_quick(&self) -> Result<ChainCheck, LedgerError> {
        Ok(chain::verify(
            &self.connection,
            self.file_to_share(),
            &self.witness,
            Depth::Quick,
        ))
    }

    /// The log's file, for a second reader beside this one; `None` when it is not on disk.
    fn file_to_share(&self) -> Option<&Path> {
        self.path.exists().then_some(self.path.as_path())
    }

    /// The stored hash of record `seq`, for checking a report against the log; trustworthy
    /// when `verify` passed at least that far.
    pub fn stored_hash(&self, seq: i64) -> Result<Option<String>, LedgerError> {
        self.connection
            .query_row(
                "SELECT hash FROM ledger_record WHERE seq = ?1",
                params![seq],
                |row| row.get(0),
            )
            .optional()
            .map_err(LedgerError::Read)
    }

    /// Records that an airing has started; returns its id for the end record.
    pub fn record_start(&mut self, start: &AiringStart<'_>) -> Result<AiringId, LedgerError> {
        self.append(Record {
            airing: None,
            kind: "start",
            programme: start.programme.to_string(),
            trigger: start.trigger,
            scheduled_at: start.scheduled_at,
            at: start.started_at,
            file: Some(start.file.to_path_buf()),
            sha256: Some(start.sha256.to_string()),
            duration_seconds: Some(start.duration_seconds),
            played_seconds: None,
            outcome: None,
            reason: None,
            evidence: None,
        })
        .map(AiringId)
    }

    /// Records how a started airing ended.
    pub fn record_end(&mut self, end: &AiringEnd<'_>) -> Result<(), LedgerError> {
        self.append(Record {
            airing: Some(end.airing.0),
            kind: "end",
            programme: end.programme.to_string(),
            trigger: end.trigger,
            scheduled_at: None,
            at: end.ended_at,
            file: None,
            sha256: None,
            duration_seconds: None,
            played_seconds: Some(end.played_seconds),
            outcome: Some(end.outcome),
            reason: end.reason.map(str::to_string),
            evidence: end.evidence.cloned(),
        })
        .map(|_| ())
    }

    /// Records a slot that never started, with why.
    pub fn record_not_aired(&mut self, entry: &NotAired<'_>) -> Result<AiringId, LedgerError> {
        self.append(Record {
            airing: None,
            kind: "not_aired",
            programme: entry.programme.to_string(),
            trigger: entry.trigger,
            scheduled_at: entry.scheduled_at,
            at: entry.recorded_at,
            file: entry.file.map(Path::to_path_buf),
            sha256: None,
            duration_seconds: None,
            played_seconds: None,
            outcome: Some(entry.outcome),
            reason: Some(entry.reason.to_string()),
            evidence: None,
        })
        .map(AiringId)
    }

    /// The latest scheduled slot of `programme` that the log accounts for, in epoch ms.
    pub fn last_slot_ms(&self, programme: &str) -> Result<Option<i64>, LedgerError> {
        let stored = self
            .connection
            .query_row(
                "SELECT MAX(scheduled_ms) FROM ledger_record
                 WHERE programme = ?1 AND trigger = 'schedule' AND kind IN ('start', 'not_aired')",
                params![programme],
                |row| row.get::<_, Option<i64>>(0),
            )
            .map_err(LedgerError::Read)?;
        let waiting = self
            .waiting()
            .filter(|record| {
                record.programme == programme
                    && record.trigger == Trigger::Schedule
                    && record.kind != "end"
            })
            .filter_map(|record| record.scheduled_at.map(|at| at.timestamp_millis()))
            .max();
        Ok(stored.max(waiting))
    }

    /// Airings that started and have no end record: cut off by a crash or power cut.
    pub fn open_airings(&self) -> Result<Vec<OpenAiring>, LedgerError> {
        let mut statement = self
            .connection
            .prepare(
                "SELECT s.airing, s.programme, s.at_ms, s.trigger, s.scheduled_ms FROM ledger_record s
                 WHERE s.kind = 'start' AND NOT EXISTS (
                     SELECT 1 FROM ledger_record e WHERE e.airing = s.airing AND e.kind = 'end')
                 ORDER BY s.seq",
            )
            .map_err(LedgerError::Read)?;
        let rows = statement
            .query_map([], |row| {
                Ok(OpenAiring {
                    airing: row.get(0)?,
                    programme: row.get(1)?,
                    started_at_ms: row.get(2)?,
                    trigger: Trigger::parse(&row.get::<_, String>(3)?),
                    scheduled_ms: row.get(4)?,
                })
            })
            .map_err(LedgerError::Read)?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(LedgerError::Read)
    }

    /// Airings whose slot (or, for unscheduled ones, start) lies in `[from_ms, to_ms)`,
    /// in the order they were logged.
    pub fn airings(&self, from_ms: i64, to_ms: i64) -> Result<Vec<Airing>, LedgerError> {
        let mut airings = Vec::new();
        self.for_each_airing(&AiringFilter::between(from_ms, to_ms), |airing| {
            airings.push(airing);
            Ok::<(), LedgerError>(())
        })?;
        Ok(airings)
    }

    /// Hands each airing that passes `filter` to `visit`, in the order they were logged,
    /// one at a time: however large the log, only one airing is held.
    pub fn for_each_airing<E: From<LedgerError>>(
        &self,
        filter: &AiringFilter,
        mut visit: impl FnMut(Airing) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut statement = self
            .connection
            .prepare(
                "SELECT s.airing, s.kind, s.programme, s.trigger, s.scheduled_at, s.at, s.file,
                        s.sha256, s.duration_seconds, s.outcome, s.reason,
                        e.at, e.played_seconds, e.outcome, e.reason, e.evidence
                 FROM ledger_record s
                 LEFT JOIN ledger_record e ON e.airing = s.airing AND e.kind = 'end'
                 WHERE s.kind IN ('start', 'not_aired')
                   AND COALESCE(s.scheduled_ms, s.at_ms) >= ?1
                   AND COALESCE(s.scheduled_ms, s.at_ms) < ?2
                   AND (?3 IS NULL OR s.programme = ?3)
                 ORDER BY s.seq",
            )
            .map_err(LedgerError::Read)?;
        let mut rows = statement
            .query(params![filter.from_ms, filter.to_ms, filter.programme])
            .map_err(LedgerError::Read)?;
        while let Some(row) = rows.next().map_err(LedgerError::Read)? {
            visit(airing_from_row(row).map_err(LedgerError::Read)?)?;
        }
        Ok(())
    }

    fn has_aired_sha256(&self, sha256: &str) -> Result<bool, LedgerError> {
        if self.waiting_aired()?.iter().any(|aired| aired == sha256) {
            return Ok(true);
        }
        // Planning asks this for many files in a row: the statement is parsed once.
        self.connection
            .prepare_cached(
                "SELECT 1 FROM ledger_record s
                 JOIN ledger_record e ON e.airing = s.airing AND e.kind = 'end'
                 WHERE s.kind = 'start' AND s.sha256 = ?1 AND e.outcome = 'aired' LIMIT 1",
            )
            .map_err(LedgerError::Read)?
            .query_row(params![sha256], |_| Ok(()))
            .optional()
            .map(|found| found.is_some())
            .map_err(LedgerError::Read)
    }
}

/// Which airings to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AiringFilter {
    /// Slot (or start, for unscheduled airings) from this instant, in ms since 1970.
    pub from_ms: i64,
    /// Up to, not including, this instant.
    pub to_ms: i64,
    pub programme: Option<String>,
}

impl AiringFilter {
    pub fn between(from_ms: i64, to_ms: i64) -> AiringFilter {
        AiringFilter {
            from_ms,
            to_ms,
            programme: None,
        }
    }
}

fn airing_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Airing> {
    let kind: String = row.get(1)?;
    let trigger: String = row.get(3)?;
    let at: String = row.get(5)?;
    let started = kind == "start";
    let outcome: Option<String> = if started { row.get(13)? } else { row.get(9)? };
    let reason: Option<String> = if started { row.get(14)? } else { row.get(10)? };
    let evidence: Option<String> = row.get(15)?;
    Ok(Airing {
        airing: row.get(0)?,
        programme: row.get(2)?,
        trigger: Trigger::parse(&trigger),
        scheduled_at: row.get(4)?,
        started_at: started.then(|| at.clone()),
        ended_at: if started { row.get(11)? } else { Some(at) },
        file: row.get(6)?,
        sha256: row.get(7)?,
        duration_seconds: row.get(8)?,
        played_seconds: row.get(12)?,
        outcome: outcome.as_deref().and_then(Outcome::parse),
        reason,
        evidence: evidence.and_then(|text| serde_json::from_str(&text).ok()),
    })
}

impl Ledger {
    /// The SHA-256 of every file that has aired to its end: one read for planning many slots.
    pub fn aired_contents(&self) -> Result<AiredContents, LedgerError> {
        let mut statement = self
            .connection
            .prepare(
                "SELECT DISTINCT s.sha256 FROM ledger_record s
                 JOIN ledger_record e ON e.airing = s.airing AND e.kind = 'end'
                 WHERE s.kind = 'start' AND e.outcome = 'aired' AND s.sha256 IS NOT NULL",
            )
            .map_err(LedgerError::Read)?;
        let rows = statement
            .query_map([], |row| row.get::<_, String>(0))
            .map_err(LedgerError::Read)?;
        let mut aired: std::collections::HashSet<String> =
            rows.collect::<Result<_, _>>().map_err(LedgerError::Read)?;
        aired.extend(self.waiting_aired()?);
        Ok(AiredContents(aired))
    }
}

/// A snapshot of what has aired, by content.
#[derive(Debug, Clone, Default)]
pub struct AiredContents(std::collections::HashSet<String>);

impl AiredFiles for AiredContents {
    fn has_aired(&self, sha256: &str) -> bool {
        self.0.contains(sha256)
    }
}

impl AiredFiles for Ledger {
    fn has_aired(&self, sha256: &str) -> bool {
        // An unreadable log must not make the same file air again and again: treat the
        // file as aired and let the next candidate go.
        self.has_aired_sha256(sha256).unwrap_or(true)
    }
}

/// A record to append, owning its content so it can wait in memory while the log cannot be
/// written.
#[derive(Debug, Clone)]
struct Record {
    airing: Option<i64>,
    kind: &'static str,
    programme: String,
    trigger: Trigger,
    scheduled_at: Option<DateTime<Tz>>,
    at: DateTime<Tz>,
    file: Option<PathBuf>,
    sha256: Option<String>,
    duration_seconds: Option<f64>,
    played_seconds: Option<f64>,
    outcome: Option<Outcome>,
    reason: Option<String>,
    evidence: Option<SoundEvidence>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Tz> {
        chrono_tz::Asia::Ho_Chi_Minh
            .with_ymd_and_hms(2026, 12, 7, h, m, 0)
            .single()
            .expect("valid")
    }

    #[test]
    fn start_and_end_join_into_one_airing_and_records_cannot_change() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("data").join("log.sqlite3");
        let mut ledger = Ledger::open(&path).expect("open");
        let file = Path::new("/audio/2026-12 CCHC.mp3");
        let id = ledger
            .record_start(&AiringStart {
                programme: "cchc-monthly",
                trigger: Trigger::Schedule,
                scheduled_at: Some(at(6, 30)),
                started_at: at(6, 30),
                file,
                sha256: "ab",
                duration_seconds: 720.0,
            })
            .expect("start");
        assert_eq!(ledger.open_airings().expect("open airings").len(), 1);
        ledger
            .record_end(&AiringEnd {
                airing: id,
                programme: "cchc-monthly",
                trigger: Trigger::Schedule,
                ended_at: at(6, 42),
                played_seconds: 720.0,
                outcome: Outcome::Aired,
                reason: None,
                evidence: None,
            })
            .expect("end");
        assert!(ledger.open_airings().expect("open airings").is_empty());
        assert!(ledger.has_aired("ab"));
        assert!(!ledger.has_aired("cd"));

        let airings = ledger.airings(0, i64::MAX).expect("airings");
        assert_eq!(airings.len(), 1);
        assert_eq!(airings[0].outcome, Some(Outcome::Aired));
        assert_eq!(
            airings[0].started_at.as_deref(),
            Some("2026-12-07T06:30:00.000+07:00")
        );

        let connection = Connection::open(&path).expect("reopen");
        assert!(connection
            .execute("UPDATE ledger_record SET outcome = 'aired'", [])
            .is_err());
        assert!(connection.execute("DELETE FROM ledger_record", []).is_err());
        assert_eq!(
            ledger.last_slot_ms("cchc-monthly").expect("last"),
            Some(at(6, 30).timestamp_millis())
        );
        let check = ledger.verify().expect("verify");
        assert_eq!(check.records, 2);
        assert_eq!(check.problem, None);
        assert_ne!(check.head_hash, GENESIS_HASH);
    }

    #[test]
    fn an_empty_log_verifies_to_the_genesis_hash() {
        let dir = tempfile::tempdir().expect("temp dir");
        let ledger = Ledger::open(&dir.path().join("log.sqlite3")).expect("open");
        let check = ledger.verify().expect("verify");
        assert_eq!((check.records, check.head_hash.as_str()), (0, GENESIS_HASH));
    }
}
