//! What users did in the web console, in the airing log: each sign-in and sign-out, each
//! file uploaded or withdrawn, each announcement handed in, is a `console` record of the
//! same hash chain as the airings, with the user's name (in `source`), the action's code
//! (in `reason_code`) and its words, the programme and the file it touched.

use std::path::Path;

use chrono::DateTime;
use chrono_tz::Tz;
use rusqlite::params;
use serde::Serialize;

use super::record::{LoggedReason, Record};
use super::widen::has_received_columns;
use super::{AiringFilter, Ledger, LedgerError, Trigger};
use crate::messages::web::log::ConsoleDone;
use crate::messages::Say;
use crate::reason::Urgency;

/// The `programme` of a console record that touched none (signing in and out): the column
/// is never empty.
pub const NO_PROGRAMME: &str = "console";

/// What a user did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, strum::EnumIter)]
#[serde(rename_all = "snake_case")]
pub enum ConsoleAction {
    SignedIn,
    SignedOut,
    /// A file uploaded into a programme's folder.
    Uploaded,
    /// A file moved out of a programme's folder into the data folder's `withdrawn`.
    Withdrew,
    /// A file handed to the announcement desk to air now.
    Announced,
}

impl ConsoleAction {
    /// The code the log keeps.
    pub fn code(self) -> &'static str {
        match self {
            ConsoleAction::SignedIn => "console_signed_in",
            ConsoleAction::SignedOut => "console_signed_out",
            ConsoleAction::Uploaded => "console_uploaded",
            ConsoleAction::Withdrew => "console_withdrew",
            ConsoleAction::Announced => "console_announced",
        }
    }

    /// The action of a code the log keeps; `None` for one this wardcast does not know.
    pub fn parse(code: &str) -> Option<ConsoleAction> {
        use strum::IntoEnumIterator;
        ConsoleAction::iter().find(|action| action.code() == code)
    }
}

/// One thing a user did, as the log keeps it.
#[derive(Debug, Clone)]
pub struct ConsoleRecord<'a> {
    pub user: &'a str,
    pub action: ConsoleAction,
    pub at: DateTime<Tz>,
    /// The programme whose folder it touched (an upload, a withdrawal); the announcement
    /// programme for an announcement; `None` for signing in and out.
    pub programme: Option<&'a str>,
    /// The file uploaded, withdrawn (where it was) or announced.
    pub file: Option<&'a Path>,
    pub sha256: Option<&'a str>,
    /// Where a withdrawn file now is.
    pub moved_to: Option<&'a Path>,
    /// How urgent an announcement is ("emergency", "priority", "normal").
    pub priority: Option<&'a str>,
    /// The address the request came from.
    pub from: Option<&'a str>,
}

impl ConsoleRecord<'_> {
    /// What the user did, in words.
    fn done(&self) -> ConsoleDone {
        let user = self.user.to_string();
        let file = self
            .file
            .map(|path| {
                path.file_name()
                    .map_or_else(|| path.display(), |name| Path::new(name).display())
                    .to_string()
            })
            .unwrap_or_default();
        let programme = self.programme.unwrap_or_default().to_string();
        let from = self.from.map(str::to_string);
        match self.action {
            ConsoleAction::SignedIn => ConsoleDone::SignedIn { user, from },
            ConsoleAction::SignedOut => ConsoleDone::SignedOut { user, from },
            ConsoleAction::Uploaded => ConsoleDone::Uploaded {
                user,
                file,
                programme,
            },
            ConsoleAction::Withdrew => ConsoleDone::Withdrew {
                user,
                file,
                programme,
                moved_to: self.moved_to.map(|path| path.display().to_string()),
            },
            ConsoleAction::Announced => ConsoleDone::Announced {
                user,
                file,
                urgency: self.priority.and_then(urgency),
            },
        }
    }

    /// The parameters the log keeps beside the code: those given, as JSON text.
    fn params(&self) -> String {
        let mut params = serde_json::Map::new();
        params.insert("user".into(), self.user.into());
        let path = |path: &Path| path.to_string_lossy().into_owned();
        for (name, value) in [
            ("from", self.from.map(str::to_string)),
            ("moved_to", self.moved_to.map(path)),
            ("priority", self.priority.map(str::to_string)),
        ] {
            if let Some(value) = value {
                params.insert(name.into(), value.into());
            }
        }
        serde_json::Value::Object(params).to_string()
    }
}

/// An announcement's urgency as the console names it.
fn urgency(priority: &str) -> Option<Urgency> {
    use strum::IntoEnumIterator;
    Urgency::iter().find(|urgency| urgency.as_str() == priority)
}

impl Ledger {
    /// Records what a user did; its record's number. Written like every other record:
    /// when the log cannot be written it waits (and is kept in the journal), and the
    /// witness holds its hash.
    pub fn record_console(&mut self, record: &ConsoleRecord<'_>) -> Result<i64, LedgerError> {
        let done = record.done();
        self.append(Record {
            airing: None,
            kind: "console",
            programme: record.programme.unwrap_or(NO_PROGRAMME).to_string(),
            trigger: Trigger::Console,
            scheduled_at: None,
            at: record.at,
            file: record.file.map(Path::to_path_buf),
            sha256: record.sha256.map(str::to_string),
            duration_seconds: None,
            played_seconds: None,
            outcome: None,
            reason: LoggedReason {
                words: Some(done.say(self.lang)),
                code: Some(record.action.code().to_string()),
                params: Some(record.params()),
            },
            evidence: None,
            received: None,
            user: Some(record.user.to_string()),
        })
    }

    /// The console's records that pass `filter` (by when they were written, and the
    /// programme they touched), newest first, `limit` of them after skipping `skip`.
    pub fn console_entries(
        &self,
        filter: &AiringFilter,
        skip: u64,
        limit: u64,
    ) -> Result<Vec<ConsoleEntry>, LedgerError> {
        // A log from before them holds none (and a reader must not change it).
        if !has_received_columns(&self.connection) {
            return Ok(Vec::new());
        }
        let mut statement = self
            .connection
            .prepare_cached(
                "SELECT seq, at, programme, source, reason_code, reason, reason_params, file,
                        sha256
                 FROM ledger_record
                 WHERE kind = 'console' AND at_ms >= ?1 AND at_ms < ?2
                   AND (?3 IS NULL OR programme = ?3)
                 ORDER BY at_ms DESC, seq DESC LIMIT ?4 OFFSET ?5",
            )
            .map_err(LedgerError::Read)?;
        let to_i64 = |count: u64| i64::try_from(count).unwrap_or(i64::MAX);
        let rows = statement
            .query_map(
                params![
                    filter.from_ms,
                    filter.to_ms,
                    filter.programme,
                    to_i64(limit),
                    to_i64(skip)
                ],
                console_entry,
            )
            .map_err(LedgerError::Read)?;
        rows.collect::<Result<_, _>>().map_err(LedgerError::Read)
    }
}

/// What a user did, as the log tells it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConsoleEntry {
    /// Its record's number.
    pub record: i64,
    pub at: String,
    /// The programme it touched; `None` for signing in and out.
    pub programme: Option<String>,
    pub user: Option<String>,
    /// `None` for a code this wardcast does not know (a log of a newer one).
    pub action: Option<ConsoleAction>,
    /// What was done, in the words of the station's language then.
    pub words: Option<String>,
    pub params: Option<serde_json::Value>,
    pub file: Option<String>,
    pub sha256: Option<String>,
}

fn console_entry(row: &rusqlite::Row<'_>) -> rusqlite::Result<ConsoleEntry> {
    let programme: String = row.get(2)?;
    let code: Option<String> = row.get(4)?;
    let params: Option<String> = row.get(6)?;
    Ok(ConsoleEntry {
        record: row.get(0)?,
        at: row.get(1)?,
        programme: (programme != NO_PROGRAMME).then_some(programme),
        user: row.get(3)?,
        action: code.as_deref().and_then(ConsoleAction::parse),
        words: row.get(5)?,
        params: params.and_then(|text| serde_json::from_str(&text).ok()),
        file: row.get(7)?,
        sha256: row.get(8)?,
    })
}

#[cfg(test)]
mod tests;
