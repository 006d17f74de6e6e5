//! The airing log: an append-only, hash-chained SQLite file that is the station's evidence
//! of what went out. An airing's start and its end are separate records written when they
//! happen; nothing is updated in place or deleted, and `verify` finds any record that was.
//!
//! Recordings and downloads are records of the same chain (`received`), and so is what a
//! user did in the web console (`console`); a log from before them is widened to take them
//! when it is opened for writing (`widen`).
//!
//! Its parts: `open` (the schema, opening for writing or reading), `record` (what the
//! daemon tells the log and the records it becomes), `received` (a recording's or a
//! download's record), `console` (what a user did in the web console), `widen` (an older log made ready for them), `canonical` (a record's
//! canonical text and hash), `write` (appending a record and its witness line), `backlog`
//! and `journal` (records that wait while the log cannot be written), `witness` (the file
//! beside the log that holds every record's hash), `read` (airings as the log tells them),
//! `entries` (airings, recordings and downloads together, for the list and the reports),
//! `chain` (the check of the whole).

use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub use crate::ids::Trigger;
use crate::messages::Lang;
pub use crate::sound::{Gap, GapCause, ReceivedEvidence, RelayEvidence, Silence, SoundEvidence};

mod backlog;
mod canonical;
mod chain;
mod console;
mod entries;
mod error;
mod journal;
mod open;
mod read;
mod received;
mod record;
mod widen;
pub mod witness;
mod write;

pub use backlog::MAX_WAITING;
pub use canonical::GENESIS_HASH;
pub use chain::{ChainCheck, ChainFault, ChainProblem, Depth, WitnessSummary};
pub use console::{ConsoleAction, ConsoleEntry, ConsoleRecord, NO_PROGRAMME as CONSOLE_PROGRAMME};
pub use entries::{Entry, Reception};
pub use error::LedgerError;
pub use journal::FILE_NAME as JOURNAL_FILE;
pub use read::{AiredContents, Airing, AiringFilter, OpenAiring};
pub use received::{Receipt, Received};
use record::Record;
pub use record::{timestamp, AiringEnd, AiringId, AiringStart, NotAired, Outcome, ReceivedOutcome};
use witness::Witness;

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
    /// The language a record's reason is worded in: the station's.
    lang: Lang,
    /// Whether the log's table has the columns of a reason's code and parameters (a log
    /// from before them gets them when it is opened for writing).
    coded: bool,
    /// Whether the log takes the records of recordings, downloads and the console (a log
    /// from before them is widened when it is opened for writing; see `widen`).
    receiving: bool,
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

impl Ledger {
    /// Words the reasons of the records written from now on in `lang` (the station's
    /// language; Vietnamese until told).
    pub fn set_lang(&mut self, lang: Lang) {
        self.lang = lang;
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::AiredFiles;
    use chrono::{DateTime, TimeZone};
    use chrono_tz::Tz;

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
                sha256: Some("ab"),
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
