//! Reading the airing log: airings with their start and end joined, one at a time or for a
//! period, the airings a crash left open, the last slot accounted for, and what has aired.

use std::collections::HashSet;

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::open::reason_columns;
use super::widen::received_columns;
use super::{Ledger, LedgerError, Outcome, SoundEvidence, Trigger};
use crate::library::AiredFiles;

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
    /// Why it did not air in full, in the words of the station's language when it was
    /// logged.
    pub reason: Option<String>,
    /// The reason's stable code (the list is in `crate::reason`); `None` for a record
    /// logged before codes were kept, or without a reason.
    pub reason_code: Option<String>,
    /// The reason's parameters, beside its code.
    pub reason_params: Option<serde_json::Value>,
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

impl Ledger {
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

    /// The last record's number and hash as stored (not checked): whether anything was
    /// written since a check that ended there.
    pub fn stored_head(&self) -> Result<Option<(i64, String)>, LedgerError> {
        self.connection
            .query_row(
                "SELECT seq, hash FROM ledger_record ORDER BY seq DESC LIMIT 1",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()
            .map_err(LedgerError::Read)
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
        self.for_each_row(filter, false, |row| {
            visit(airing_from_row(row).map_err(LedgerError::Read)?)
        })
    }

    /// Hands each row of the airings (and, `with_received`, the received records) that
    /// pass `filter` to `visit`, in the order they were logged. An airing's row has its
    /// start (or not-aired record) and its end side by side, as `airing_from_row` reads
    /// them; the received records' columns follow (see `entries`).
    pub(super) fn for_each_row<E: From<LedgerError>>(
        &self,
        filter: &AiringFilter,
        with_received: bool,
        mut visit: impl FnMut(&rusqlite::Row<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        let (kinds, columns) = entry_columns(&self.connection, with_received);
        let mut statement = self
            .connection
            .prepare(&format!(
                "SELECT {columns}
                 FROM ledger_record s
                 LEFT JOIN ledger_record e ON e.airing = s.airing AND e.kind = 'end'
                 WHERE s.kind IN ({kinds})
                   AND COALESCE(s.scheduled_ms, s.at_ms) >= ?1
                   AND COALESCE(s.scheduled_ms, s.at_ms) < ?2
                   AND (?3 IS NULL OR s.programme = ?3)
                 ORDER BY s.seq"
            ))
            .map_err(LedgerError::Read)?;
        let mut rows = statement
            .query(params![filter.from_ms, filter.to_ms, filter.programme])
            .map_err(LedgerError::Read)?;
        while let Some(row) = rows.next().map_err(LedgerError::Read)? {
            visit(row)?;
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

/// The kinds of the records an entry starts with (`s`), and the columns of an entry's row
/// from `s` and its end `e`, as `airing_from_row` (and, `with_received`,
/// `reception_from_row`) read them.
pub(super) fn entry_columns(
    connection: &rusqlite::Connection,
    with_received: bool,
) -> (&'static str, String) {
    let (start_codes, end_codes) = (
        reason_columns(connection, "s"),
        reason_columns(connection, "e"),
    );
    let (kinds, received) = if with_received {
        let columns = received_columns(connection, "s");
        (
            "'start', 'not_aired', 'received'",
            format!(", s.evidence, {columns}"),
        )
    } else {
        ("'start', 'not_aired'", String::new())
    };
    let columns = format!(
        "s.airing, s.kind, s.programme, s.trigger, s.scheduled_at, s.at, s.file,
         s.sha256, s.duration_seconds, s.outcome, s.reason,
         e.at, e.played_seconds, e.outcome, e.reason, e.evidence,
         {start_codes}, {end_codes}{received}"
    );
    (kinds, columns)
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

pub(super) fn airing_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Airing> {
    let kind: String = row.get(1)?;
    let trigger: String = row.get(3)?;
    let at: String = row.get(5)?;
    let started = kind == "start";
    let outcome: Option<String> = if started { row.get(13)? } else { row.get(9)? };
    let reason: Option<String> = if started { row.get(14)? } else { row.get(10)? };
    // The start's code columns, then the end's: the reason is the end's for an airing.
    let codes = if started { 18 } else { 16 };
    let reason_code: Option<String> = row.get(codes)?;
    let reason_params: Option<String> = row.get(codes + 1)?;
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
        reason_code,
        reason_params: reason_params.and_then(|text| serde_json::from_str(&text).ok()),
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
        let mut aired: HashSet<String> =
            rows.collect::<Result<_, _>>().map_err(LedgerError::Read)?;
        aired.extend(self.waiting_aired()?);
        Ok(AiredContents(aired))
    }
}

impl Ledger {
    /// Which of `sha256s` (the library's contents, say) have aired to their end: one indexed
    /// look each, so a log of a million airings is not read whole for a few thousand files.
    pub fn aired_among<'a>(&self, sha256s: impl IntoIterator<Item = &'a str>) -> AiredContents {
        AiredContents(
            sha256s
                .into_iter()
                .filter(|sha256| self.has_aired(sha256))
                .map(str::to_string)
                .collect(),
        )
    }
}

/// A snapshot of what has aired, by content.
#[derive(Debug, Clone, Default)]
pub struct AiredContents(HashSet<String>);

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
