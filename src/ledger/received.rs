//! Recordings and downloads in the airing log. A file a `[[recording]]` or a `[[download]]`
//! brought into a programme's folder, or failed to, is a `received` record in the same hash
//! chain as the airings: the programme whose folder received it, its source, a download's
//! item, where the file landed, its SHA-256 and length, how it ended (with the reason when
//! it did not end whole) and what was received (bytes, gaps).

use std::path::Path;

use chrono::DateTime;
use chrono_tz::Tz;
use rusqlite::{params, OptionalExtension};

use super::record::{LoggedReason, ReceivedOutcome, ReceivedPart, Record};
use super::widen::has_received_columns;
use super::{Ledger, LedgerError, Trigger};
use crate::reason::Reason;
use crate::sound::ReceivedEvidence;

/// How a recording or a download ended, with why when it did not end whole.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Receipt<'a> {
    /// The file is whole: a recording of its full time without a gap, or a whole download.
    Complete,
    /// The file was kept with part of its time missing (a recording: its gaps say where),
    /// with why when one cause stands out.
    Partial(Option<&'a Reason>),
    /// Nothing was kept, for this reason.
    Failed(&'a Reason),
}

impl Receipt<'_> {
    pub fn outcome(&self) -> ReceivedOutcome {
        match self {
            Receipt::Complete => ReceivedOutcome::Complete,
            Receipt::Partial(_) => ReceivedOutcome::Partial,
            Receipt::Failed(_) => ReceivedOutcome::Failed,
        }
    }

    fn reason(&self) -> Option<&Reason> {
        match self {
            Receipt::Complete => None,
            Receipt::Partial(why) => *why,
            Receipt::Failed(why) => Some(why),
        }
    }
}

/// What is known when a recording or a download ends.
#[derive(Debug, Clone)]
pub struct Received<'a> {
    /// The programme whose folder received (or was to receive) the file.
    pub into: &'a str,
    /// `Trigger::Recording` or `Trigger::Download`.
    pub trigger: Trigger,
    /// A recording's `[[source]]` id; a download's address (the file's, or its feed's).
    pub source: &'a str,
    /// A download's item: its feed GUID, or the file's address; `None` for a recording.
    pub item_key: Option<&'a str>,
    /// The slot of its schedule that set it off.
    pub scheduled_at: Option<DateTime<Tz>>,
    /// When it ended: the file renamed into the folder, or the attempt given up.
    pub at: DateTime<Tz>,
    /// Where the file landed; `None` when nothing was kept.
    pub file: Option<&'a Path>,
    pub sha256: Option<&'a str>,
    /// The sound's length as probed, in seconds.
    pub duration_seconds: Option<f64>,
    pub receipt: Receipt<'a>,
    pub evidence: &'a ReceivedEvidence,
}

impl Ledger {
    /// Records how a recording or a download ended; returns its record's number.
    pub fn record_received(&mut self, received: &Received<'_>) -> Result<i64, LedgerError> {
        self.append(Record {
            airing: None,
            kind: "received",
            programme: received.into.to_string(),
            trigger: received.trigger,
            scheduled_at: received.scheduled_at,
            at: received.at,
            file: received.file.map(Path::to_path_buf),
            sha256: received.sha256.map(str::to_string),
            duration_seconds: received.duration_seconds,
            played_seconds: None,
            outcome: None,
            reason: received
                .receipt
                .reason()
                .map(|why| LoggedReason::of(why, self.lang))
                .unwrap_or_default(),
            evidence: None,
            received: Some(ReceivedPart {
                source: received.source.to_string(),
                item_key: received.item_key.map(str::to_string),
                outcome: received.receipt.outcome(),
                evidence: received.evidence.clone(),
            }),
            user: None,
        })
    }

    /// Whether a complete download of this item (its feed GUID or address), or a file of
    /// this exact content, is already in the log for the programme `into`: the downloader
    /// asks before fetching an item, and again once it has hashed what it fetched. Records
    /// that wait to be written count too.
    pub fn download_known(
        &self,
        into: &str,
        item_key: &str,
        sha256: Option<&str>,
    ) -> Result<bool, LedgerError> {
        let waiting = self.waiting().any(|record| {
            record.programme == into
                && record.received.as_ref().is_some_and(|part| {
                    part.outcome == ReceivedOutcome::Complete
                        && (part.item_key.as_deref() == Some(item_key)
                            || (sha256.is_some() && record.sha256.as_deref() == sha256))
                })
        });
        if waiting {
            return Ok(true);
        }
        // A log from before received records holds none.
        if !has_received_columns(&self.connection) {
            return Ok(false);
        }
        self.connection
            .prepare_cached(
                "SELECT 1 FROM ledger_record
                 WHERE kind = 'received' AND programme = ?1 AND outcome = 'complete'
                   AND (item_key = ?2 OR (?3 IS NOT NULL AND sha256 = ?3))
                 LIMIT 1",
            )
            .map_err(LedgerError::Read)?
            .query_row(params![into, item_key, sha256], |_| Ok(()))
            .optional()
            .map(|found| found.is_some())
            .map_err(LedgerError::Read)
    }

    /// Whether the recording of `source` into `into` for the slot at `scheduled_at` is in
    /// the log (whole, partial or failed): a slot is recorded once, even across a restart.
    pub fn recording_logged(
        &self,
        into: &str,
        source: &str,
        scheduled_at: &DateTime<Tz>,
    ) -> Result<bool, LedgerError> {
        let slot_ms = scheduled_at.timestamp_millis();
        let waiting = self.waiting().any(|record| {
            record.programme == into
                && record.trigger == Trigger::Recording
                && record.scheduled_at.map(|at| at.timestamp_millis()) == Some(slot_ms)
                && record
                    .received
                    .as_ref()
                    .is_some_and(|part| part.source == source)
        });
        if waiting {
            return Ok(true);
        }
        if !has_received_columns(&self.connection) {
            return Ok(false);
        }
        self.connection
            .prepare_cached(
                "SELECT 1 FROM ledger_record
                 WHERE kind = 'received' AND trigger = 'recording' AND programme = ?1
                   AND source = ?2 AND scheduled_ms = ?3
                 LIMIT 1",
            )
            .map_err(LedgerError::Read)?
            .query_row(params![into, source, slot_ms], |_| Ok(()))
            .optional()
            .map(|found| found.is_some())
            .map_err(LedgerError::Read)
    }
}

#[cfg(test)]
mod tests;
