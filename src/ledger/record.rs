//! The records of the log: what the daemon tells it when an airing starts, ends, or never
//! starts, and the record each becomes (a recording's or a download's too, see `received`),
//! owned so it can wait while the log cannot be written.

use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::{Ledger, LedgerError, ReceivedEvidence, SoundEvidence, Trigger};
use crate::messages::{Lang, Say};
use crate::reason::Reason;

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

    pub(super) fn parse(text: &str) -> Option<Outcome> {
        Some(match text {
            "aired" => Outcome::Aired,
            "interrupted" => Outcome::Interrupted,
            "failed" => Outcome::Failed,
            "missed" => Outcome::Missed,
            _ => return None,
        })
    }
}

/// How a recording or a download ended, as the log keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReceivedOutcome {
    /// The file is whole.
    Complete,
    /// The file was kept with part of its time missing.
    Partial,
    /// Nothing was kept.
    Failed,
}

impl ReceivedOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            ReceivedOutcome::Complete => "complete",
            ReceivedOutcome::Partial => "partial",
            ReceivedOutcome::Failed => "failed",
        }
    }

    pub(super) fn parse(text: &str) -> Option<ReceivedOutcome> {
        Some(match text {
            "complete" => ReceivedOutcome::Complete,
            "partial" => ReceivedOutcome::Partial,
            "failed" => ReceivedOutcome::Failed,
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
    /// The file, or for a relay the address of its source.
    pub file: &'a Path,
    /// Of the bytes played; `None` for a relay, whose sound is the source's.
    pub sha256: Option<&'a str>,
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
    /// Why it did not play to its end; `None` when it did.
    pub reason: Option<&'a Reason>,
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
    pub reason: &'a Reason,
}

/// An airing's id in the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AiringId(pub i64);

/// Formats an instant as the log and `--json` write it: RFC 3339, milliseconds, offset.
pub fn timestamp(at: &DateTime<Tz>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, false)
}

impl Ledger {
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
            sha256: start.sha256.map(str::to_string),
            duration_seconds: Some(start.duration_seconds),
            played_seconds: None,
            outcome: None,
            reason: LoggedReason::default(),
            evidence: None,
            received: None,
            user: None,
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
            reason: end
                .reason
                .map(|why| LoggedReason::of(why, self.lang))
                .unwrap_or_default(),
            evidence: end.evidence.cloned(),
            received: None,
            user: None,
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
            reason: LoggedReason::of(entry.reason, self.lang),
            evidence: None,
            received: None,
            user: None,
        })
        .map(AiringId)
    }
}

/// A record to append, owning its content so it can wait in memory while the log cannot be
/// written.
#[derive(Debug, Clone)]
pub(super) struct Record {
    pub(super) airing: Option<i64>,
    pub(super) kind: &'static str,
    pub(super) programme: String,
    pub(super) trigger: Trigger,
    pub(super) scheduled_at: Option<DateTime<Tz>>,
    pub(super) at: DateTime<Tz>,
    pub(super) file: Option<PathBuf>,
    pub(super) sha256: Option<String>,
    pub(super) duration_seconds: Option<f64>,
    pub(super) played_seconds: Option<f64>,
    pub(super) outcome: Option<Outcome>,
    pub(super) reason: LoggedReason,
    pub(super) evidence: Option<SoundEvidence>,
    /// What only a received record (a recording, a download) has.
    pub(super) received: Option<ReceivedPart>,
    /// A console record's user (its `source` column).
    pub(super) user: Option<String>,
}

impl Record {
    /// The `source` column: a received record's source, or a console record's user.
    pub(super) fn source(&self) -> Option<&str> {
        match &self.received {
            Some(part) => Some(&part.source),
            None => self.user.as_deref(),
        }
    }
}

impl Record {
    /// The `outcome` column: how an airing ended, or how a recording or download did.
    pub(super) fn outcome_text(&self) -> Option<&'static str> {
        match &self.received {
            Some(part) => Some(part.outcome.as_str()),
            None => self.outcome.map(Outcome::as_str),
        }
    }

    /// The `evidence` column, as JSON text: what the sound card was given, or what was
    /// received.
    pub(super) fn evidence_text(&self) -> Option<String> {
        // Serialising these plain structures cannot fail: the fallback is never used.
        match &self.received {
            Some(part) => Some(serde_json::to_string(&part.evidence).unwrap_or_default()),
            None => self
                .evidence
                .as_ref()
                .map(|evidence| serde_json::to_string(evidence).unwrap_or_default()),
        }
    }
}

/// What only a received record has, owned so it can wait with its record.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ReceivedPart {
    pub(super) source: String,
    pub(super) item_key: Option<String>,
    pub(super) outcome: ReceivedOutcome,
    pub(super) evidence: ReceivedEvidence,
}

/// A reason as the log keeps it: its words in the station's language (the `reason` column),
/// its stable code and its parameters as compact JSON, so tools can count by code and people
/// read the words. All `None` for a record without a reason; only the code and parameters
/// are `None` in a journal line written before codes were kept.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct LoggedReason {
    pub(super) words: Option<String>,
    pub(super) code: Option<String>,
    pub(super) params: Option<String>,
}

impl LoggedReason {
    pub(super) fn of(reason: &Reason, lang: Lang) -> LoggedReason {
        LoggedReason {
            words: Some(reason.say(lang)),
            code: Some(reason.code().to_string()),
            // A JSON value always has its text: the fallback is never used.
            params: Some(serde_json::to_string(&reason.params()).unwrap_or_default()),
        }
    }
}
