//! The log as its list and its reports read it: airings, recordings and downloads together,
//! in the order they were logged, and whether a period holds anything received at all (a
//! recording, a download, or an airing relayed from a source), so that a report of a period
//! without any is written exactly as it always was.

use rusqlite::params;
use serde::Serialize;

use super::read::{airing_from_row, entry_columns};
use super::record::ReceivedOutcome;
use super::widen::{has_index, has_received_columns};
use super::{Airing, AiringFilter, Ledger, LedgerError, ReceivedEvidence, Trigger};

/// The outcomes of what did not go well, which `ledger_record_unhappy` indexes.
const UNHAPPY: [&str; 4] = ["missed", "failed", "interrupted", "partial"];

/// A recording or a download as the log tells it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reception {
    /// Its record's number.
    pub record: i64,
    /// The programme whose folder received (or was to receive) the file.
    pub into: String,
    pub trigger: Trigger,
    /// A recording's `[[source]]` id, or a download's address.
    pub source: Option<String>,
    /// A download's item: its feed GUID or address.
    pub item_key: Option<String>,
    pub scheduled_at: Option<String>,
    /// When it ended.
    pub at: String,
    pub file: Option<String>,
    pub sha256: Option<String>,
    pub duration_seconds: Option<f64>,
    /// `None` when the log holds a word this wardcast does not know (a changed log).
    pub outcome: Option<ReceivedOutcome>,
    /// Why it failed or came out partial, in the words of the station's language then.
    pub reason: Option<String>,
    pub reason_code: Option<String>,
    pub reason_params: Option<serde_json::Value>,
    /// Bytes and gaps received.
    pub evidence: Option<ReceivedEvidence>,
}

/// One entry of the log's list: an airing, or a recording or a download.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    Airing(Airing),
    Received(Reception),
}

/// An airing as JSON is what it always was; a reception says it is one.
impl Serialize for Entry {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        #[serde(tag = "kind", rename_all = "snake_case")]
        enum Tagged<'a> {
            Received(&'a Reception),
        }
        match self {
            Entry::Airing(airing) => airing.serialize(serializer),
            Entry::Received(reception) => Tagged::Received(reception).serialize(serializer),
        }
    }
}

impl Ledger {
    /// Hands each airing and each recording or download that passes `filter` to `visit`,
    /// in the order they were logged, one at a time. An airing is filed under its slot (or
    /// start), a reception under its slot (or the time it ended).
    pub fn for_each_entry<E: From<LedgerError>>(
        &self,
        filter: &AiringFilter,
        mut visit: impl FnMut(Entry) -> Result<(), E>,
    ) -> Result<(), E> {
        self.for_each_row(filter, true, |row| {
            visit(entry_from_row(row).map_err(LedgerError::Read)?)
        })
    }

    /// A page of the list, newest first (by slot, or start, or end for a reception; by
    /// when they were logged for an outcome that did not go well): the entries that pass
    /// `filter` and, when given, ended with `outcome` (as the log writes it: "aired",
    /// "missed", "complete"...), `limit` of them after skipping `skip`. Stops at the page's
    /// end, however large the log.
    pub fn entries_newest_first(
        &self,
        filter: &AiringFilter,
        outcome: Option<&str>,
        skip: u64,
        limit: u64,
    ) -> Result<Vec<Entry>, LedgerError> {
        let (kinds, columns) = entry_columns(&self.connection, true);
        // An outcome that is not going well is rare: its own small index gives its records
        // (an airing's end, a slot's not-aired record, a reception) newest logged first,
        // and the page stops at its end; any other choice walks the index of when
        // backwards, newest slot first, and stops at the page's end.
        let unhappy = outcome.is_some_and(|outcome| UNHAPPY.contains(&outcome))
            && has_index(&self.connection, "ledger_record_unhappy");
        let (from, order) = if unhappy {
            (
                "ledger_record o INDEXED BY ledger_record_unhappy
                 CROSS JOIN ledger_record s ON s.seq = o.airing",
                "o.outcome = ?4 AND o.outcome IN ('missed', 'failed', 'interrupted', 'partial')
                 ORDER BY o.airing DESC",
            )
        } else {
            (
                "ledger_record s",
                "(?4 IS NULL OR COALESCE(e.outcome, s.outcome) = ?4)
                 ORDER BY COALESCE(s.scheduled_ms, s.at_ms) DESC, s.seq DESC",
            )
        };
        let mut statement = self
            .connection
            .prepare_cached(&format!(
                "SELECT {columns}
                 FROM {from}
                 LEFT JOIN ledger_record e ON e.airing = s.airing AND e.kind = 'end'
                 WHERE s.kind IN ({kinds})
                   AND COALESCE(s.scheduled_ms, s.at_ms) >= ?1
                   AND COALESCE(s.scheduled_ms, s.at_ms) < ?2
                   AND (?3 IS NULL OR s.programme = ?3)
                   AND {order}
                 LIMIT ?5 OFFSET ?6"
            ))
            .map_err(LedgerError::Read)?;
        let count = |value: u64| i64::try_from(value).unwrap_or(i64::MAX);
        let rows = statement
            .query_map(
                params![
                    filter.from_ms,
                    filter.to_ms,
                    filter.programme,
                    outcome,
                    count(limit),
                    count(skip)
                ],
                entry_from_row,
            )
            .map_err(LedgerError::Read)?;
        rows.collect::<Result<_, _>>().map_err(LedgerError::Read)
    }

    /// Whether the airings and receptions `filter` passes hold any recording, download or
    /// relayed airing. Asked through two small partial indexes (see `widen`), so it costs
    /// nothing on a log of any size; a log opened to read that does not have them yet is
    /// searched instead.
    pub fn has_receiving(&self, filter: &AiringFilter) -> Result<bool, LedgerError> {
        let received = has_received_columns(&self.connection)
            && self.exists(
                "ledger_record_received",
                "SELECT 1 FROM ledger_record {INDEX} WHERE kind = 'received'
                   AND COALESCE(scheduled_ms, at_ms) >= ?1 AND COALESCE(scheduled_ms, at_ms) < ?2
                   AND (?3 IS NULL OR programme = ?3) LIMIT 1",
                filter,
            )?;
        Ok(received
            || self.exists(
                "ledger_record_relayed",
                "SELECT 1 FROM ledger_record e {INDEX}
                 JOIN ledger_record s ON s.seq = e.airing AND s.kind = 'start'
                 WHERE e.kind = 'end' AND instr(e.evidence, '\"relay\":') > 0
                   AND COALESCE(s.scheduled_ms, s.at_ms) >= ?1
                   AND COALESCE(s.scheduled_ms, s.at_ms) < ?2
                   AND (?3 IS NULL OR s.programme = ?3) LIMIT 1",
                filter,
            )?)
    }

    /// Whether `query` (with `{INDEX}` where the index goes) finds a row, through the index
    /// `index` when the log has it.
    fn exists(&self, index: &str, query: &str, filter: &AiringFilter) -> Result<bool, LedgerError> {
        // Named, so SQLite does not walk the period's airings through the index of times.
        let indexed = match has_index(&self.connection, index) {
            true => format!("INDEXED BY {index}"),
            false => String::new(),
        };
        let mut statement = self
            .connection
            .prepare(&query.replace("{INDEX}", &indexed))
            .map_err(LedgerError::Read)?;
        statement
            .exists(params![filter.from_ms, filter.to_ms, filter.programme])
            .map_err(LedgerError::Read)
    }
}

/// A received record from the row `for_each_row` reads with received columns.
fn entry_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
    let kind = row.get_ref(1)?;
    Ok(if kind.as_str().is_ok_and(|kind| kind == "received") {
        Entry::Received(reception_from_row(row)?)
    } else {
        Entry::Airing(airing_from_row(row)?)
    })
}

fn reception_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Reception> {
    let trigger: String = row.get(3)?;
    let outcome: Option<String> = row.get(9)?;
    let reason_params: Option<String> = row.get(17)?;
    let evidence: Option<String> = row.get(20)?;
    Ok(Reception {
        record: row.get(0)?,
        into: row.get(2)?,
        trigger: Trigger::parse(&trigger),
        source: row.get(21)?,
        item_key: row.get(22)?,
        scheduled_at: row.get(4)?,
        at: row.get(5)?,
        file: row.get(6)?,
        sha256: row.get(7)?,
        duration_seconds: row.get(8)?,
        outcome: outcome.as_deref().and_then(ReceivedOutcome::parse),
        reason: row.get(10)?,
        reason_code: row.get(16)?,
        reason_params: reason_params.and_then(|text| serde_json::from_str(&text).ok()),
        evidence: evidence.and_then(|text| serde_json::from_str(&text).ok()),
    })
}
