//! The hash chain of the airing log and the check of it. Each record carries the SHA-256 of
//! its canonical content and of the record before it; `verify` walks the database in record
//! order beside the witness file, so a changed, reordered or missing record is named, and
//! so are records the database lost but the witness still holds.

use rusqlite::types::ValueRef;
use rusqlite::Connection;
use serde::Serialize;

use super::canonical::{later_values, record_hash_into, GENESIS_HASH, HASHED_COLUMNS};
use super::open::reason_columns;
use super::widen::received_columns;
use super::witness::{self, Witness};
use super::LedgerError;
use crate::messages::log_check::LogFault;
use crate::messages::{Lang, Say};

/// At most this many problems are listed one by one; the rest are counted.
const MAX_LISTED: usize = 100;

/// The result of checking the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainCheck {
    /// Records that passed, from the first up to the first problem.
    pub records: u64,
    /// The hash of the last good record (the genesis hash for an empty log).
    pub head_hash: String,
    /// The first problem, if any.
    pub problem: Option<ChainProblem>,
    /// Every problem found, in record order (the first `MAX_LISTED`).
    pub problems: Vec<ChainProblem>,
    /// Problems found beyond those listed.
    pub more_problems: u64,
    /// Records in the log file.
    pub stored_records: u64,
    /// What the witness file says of itself.
    pub witness: WitnessSummary,
}

/// The witness file as `verify` found it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WitnessSummary {
    pub present: bool,
    /// How many records the log had when the witness was started: losses among them
    /// cannot be seen. `None` when the header is not wardcast's.
    pub started_at: Option<i64>,
    /// Records the witness holds.
    pub records: u64,
    /// Lines that could not be read (a line cut by a crash, or an edit).
    pub unreadable: u64,
    /// The log's last record, written just before a crash cut off its witness line (the
    /// daemon's next record writes it); more than one is a problem.
    pub last_not_yet_witnessed: bool,
}

/// Where and how the log fails.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainProblem {
    /// The record it concerns (the first of a range); 0 for the file as a whole.
    pub seq: i64,
    pub fault: ChainFault,
}

/// How the log fails.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChainFault {
    /// Records `seq..=through` are not in the log.
    Missing {
        through: i64,
        /// The witness holds their hashes.
        witnessed: bool,
    },
    /// It does not point at the record before it.
    OutOfOrder,
    /// Its content no longer matches its hash.
    Changed,
    /// Its hash is not the one the witness holds: the record was replaced.
    NotAsWitnessed,
    /// The log has records but its witness file is gone.
    NoWitness,
    /// Records `seq..=through` are in the log but not in the witness, which was kept while
    /// they were written: added behind wardcast's back, or the witness's lines removed.
    NotWitnessed { through: i64 },
    /// The witness and its copy on the spare disk hold different hashes for this record:
    /// one of them was rewritten.
    CopiesDisagree,
    /// SQLite finds the file itself damaged.
    Damaged { detail: String },
}

impl ChainProblem {
    /// The problem as a message of the catalogue.
    pub fn message(&self) -> LogFault {
        let seq = self.seq;
        match &self.fault {
            ChainFault::Missing { through, witnessed } => LogFault::Missing {
                first: seq,
                through: *through,
                witnessed: *witnessed,
            },
            ChainFault::OutOfOrder => LogFault::OutOfOrder { seq },
            ChainFault::Changed => LogFault::Changed { seq },
            ChainFault::NotAsWitnessed => LogFault::NotAsWitnessed { seq },
            ChainFault::NoWitness => LogFault::NoWitness,
            ChainFault::NotWitnessed { through } => LogFault::NotWitnessed {
                first: seq,
                through: *through,
            },
            ChainFault::CopiesDisagree => LogFault::CopiesDisagree { seq },
            ChainFault::Damaged { detail } => LogFault::Damaged {
                detail: detail.clone(),
            },
        }
    }

    /// The problem as one sentence for the officer.
    pub fn describe(&self, lang: Lang) -> String {
        self.message().say(lang)
    }
}

/// Walks the log and its witness side by side: each record's hash must match its content,
/// each must point at the one before, none may be missing, and each must be the record the
/// witness holds under its number.
/// SQLite's check runs on a connection of its own, on a second thread, while the chain is
/// walked: the two take about as long each on a large log.
pub(super) fn verify(
    connection: &Connection,
    path: Option<&std::path::Path>,
    witness: &Witness,
    depth: Depth,
) -> ChainCheck {
    std::thread::scope(|scope| {
        let beside = path.map(|path| scope.spawn(move || integrity_on_own_connection(path, depth)));
        let mut walk = walk(connection, witness);
        let integrity = match beside.map(|thread| thread.join()) {
            Some(Ok(Some(checked))) => checked,
            _ => integrity_problem(connection, depth),
        };
        if let Some(detail) = integrity {
            walk.found_first(0, ChainFault::Damaged { detail });
        }
        let reader = walk.reader.take();
        walk.finish(reader)
    })
}

/// SQLite's check on a read-only connection of its own; `None` when one cannot be opened.
fn integrity_on_own_connection(path: &std::path::Path, depth: Depth) -> Option<Option<String>> {
    use rusqlite::OpenFlags;
    let connection = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .ok()?;
    connection
        .busy_timeout(std::time::Duration::from_secs(5))
        .ok()?;
    Some(integrity_problem(&connection, depth))
}

/// The chain walked beside the witness, up to (not including) the witness's own end.
fn walk(connection: &Connection, witness: &Witness) -> Walk {
    let mut walk = Walk::new();
    let mut reader = match witness.read() {
        Ok(reader) => reader,
        Err(error) => {
            walk.found(
                0,
                ChainFault::Damaged {
                    detail: format!("the witness file cannot be read: {error}"),
                },
            );
            None
        }
    };
    if let Err(error) = walk.records(connection, reader.as_mut()) {
        walk.found(
            walk.expected_seq,
            ChainFault::Damaged {
                detail: error.to_string(),
            },
        );
    }
    if let Ok(Some(seq)) = witness.copies_disagree() {
        walk.found(seq, ChainFault::CopiesDisagree);
    }
    walk.reader = reader;
    walk
}

/// A record's hashed values from a row of `Walk::records`' query: its 17 columns, then
/// the later ones as `later_values` takes them (the stored hash, 18th, is skipped).
fn hashed_values<'row>(row: &'row rusqlite::Row<'_>) -> rusqlite::Result<Vec<ValueRef<'row>>> {
    let mut values: Vec<ValueRef<'_>> = Vec::with_capacity(21);
    for index in 0..17 {
        values.push(row.get_ref(index)?);
    }
    let mut later = [[ValueRef::Null; 2]; 2];
    for (index, value) in later.iter_mut().flatten().enumerate() {
        *value = row.get_ref(18 + index)?;
    }
    later_values(&mut values, later);
    Ok(values)
}

/// How deep SQLite's own check of the file goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// `integrity_check`: every page, and every index entry against its row. Seconds per
    /// million airings; what `wardcast verify` runs.
    Full,
    /// `quick_check`: every page's structure, not the index entries: a damaged page is
    /// still found, in a fifth of the time. What an export runs before writing a report.
    Quick,
}

/// What SQLite's own check says, when it is not "ok".
fn integrity_problem(connection: &Connection, depth: Depth) -> Option<String> {
    let pragma = match depth {
        Depth::Full => "PRAGMA integrity_check(10)",
        Depth::Quick => "PRAGMA quick_check(10)",
    };
    let checked: rusqlite::Result<Vec<String>> =
        connection.prepare(pragma).and_then(|mut statement| {
            statement
                .query_map([], |row| row.get::<_, String>(0))?
                .collect()
        });
    match checked {
        Ok(lines) if lines.len() == 1 && lines[0] == "ok" => None,
        Ok(lines) => Some(lines.join("; ")),
        Err(error) => Some(error.to_string()),
    }
}

struct Walk {
    check: ChainCheck,
    expected_seq: i64,
    head: Vec<u8>,
    witness_records: u64,
    /// Records the witness should hold and does not: the first, the last, how many.
    unwitnessed: Option<(i64, i64, u64)>,
    /// The witness, read as far as the log's records went.
    reader: Option<witness::Reader>,
}

impl Walk {
    fn new() -> Walk {
        Walk {
            check: ChainCheck {
                records: 0,
                head_hash: GENESIS_HASH.to_string(),
                problem: None,
                problems: Vec::new(),
                more_problems: 0,
                stored_records: 0,
                witness: WitnessSummary {
                    present: false,
                    started_at: None,
                    records: 0,
                    unreadable: 0,
                    last_not_yet_witnessed: false,
                },
            },
            expected_seq: 1,
            head: GENESIS_HASH.as_bytes().to_vec(),
            witness_records: 0,
            unwitnessed: None,
            reader: None,
        }
    }

    /// A problem with the file as a whole, found beside the walk: it goes first, and no
    /// record of a damaged file counts as intact.
    fn found_first(&mut self, seq: i64, fault: ChainFault) {
        let problem = ChainProblem { seq, fault };
        self.check.problem = Some(problem.clone());
        self.check.problems.insert(0, problem);
        if self.check.problems.len() > MAX_LISTED {
            self.check.problems.pop();
            self.check.more_problems += 1;
        }
        self.check.records = 0;
        self.check.head_hash = GENESIS_HASH.to_string();
    }

    fn found(&mut self, seq: i64, fault: ChainFault) {
        let problem = ChainProblem { seq, fault };
        if self.check.problem.is_none() {
            self.check.problem = Some(problem.clone());
        }
        if self.check.problems.len() < MAX_LISTED {
            self.check.problems.push(problem);
        } else {
            self.check.more_problems += 1;
        }
    }

    /// Takes the witness's records numbered below `seq`; returns whether any of them lie in
    /// the gap from the expected record, the last of them, and the one numbered `seq`.
    fn witness_up_to(
        &mut self,
        reader: Option<&mut witness::Reader>,
        seq: i64,
    ) -> Result<(bool, Option<witness::Entry>, Option<witness::Entry>), LedgerError> {
        let Some(reader) = reader else {
            return Ok((false, None, None));
        };
        let (mut in_gap, mut before) = (false, None);
        while let Some(entry) = reader.next_entry().map_err(witness_error)? {
            self.witness_records += 1;
            if entry.seq == seq {
                return Ok((in_gap, before, Some(entry)));
            }
            if entry.seq > seq {
                self.witness_records -= 1;
                reader.put_back(entry);
                break;
            }
            in_gap |= entry.seq >= self.expected_seq;
            before = Some(entry);
        }
        Ok((in_gap, before, None))
    }

    fn records(
        &mut self,
        connection: &Connection,
        mut reader: Option<&mut witness::Reader>,
    ) -> Result<(), LedgerError> {
        let codes = reason_columns(connection, "ledger_record");
        let received = received_columns(connection, "ledger_record");
        let mut statement = connection
            .prepare(&format!(
                "SELECT {HASHED_COLUMNS}, hash, {codes}, {received} FROM ledger_record ORDER BY seq"
            ))
            .map_err(LedgerError::Read)?;
        let mut rows = statement.query([]).map_err(LedgerError::Read)?;
        let mut buffer: Vec<u8> = Vec::with_capacity(1024);
        // Records from before the witness was started are not in it, by design.
        let witnessed_from = reader
            .as_deref()
            .map(|reader| reader.started_at.unwrap_or(0) + 1);
        while let Some(row) = rows.next().map_err(LedgerError::Read)? {
            let values = hashed_values(row).map_err(LedgerError::Read)?;
            let stored = row.get_ref(17).map_err(LedgerError::Read)?;
            let stored = stored.as_bytes().unwrap_or_default();
            let seq = values[0].as_i64().unwrap_or(-1);
            let prev_hash = values[16].as_bytes().unwrap_or_default();
            self.check.stored_records += 1;
            if seq < self.expected_seq {
                self.found(seq, ChainFault::OutOfOrder);
                continue;
            }
            let (in_gap, before, here) = self.witness_up_to(reader.as_deref_mut(), seq)?;
            // Where records are missing, the record after them must point at the hash the
            // witness holds for the one just before: a segment started after a loss does.
            let link: Option<Vec<u8>> = if seq > self.expected_seq {
                self.found(
                    self.expected_seq,
                    ChainFault::Missing {
                        through: seq - 1,
                        witnessed: in_gap,
                    },
                );
                before
                    .filter(|entry| entry.seq == seq - 1)
                    .map(|entry| entry.hash.into_bytes())
            } else {
                Some(self.head.clone())
            };
            if link.is_some_and(|link| link != prev_hash) {
                self.found(seq, ChainFault::OutOfOrder);
            } else if record_hash_into(&mut buffer, &values) != stored {
                self.found(seq, ChainFault::Changed);
            } else if here
                .as_ref()
                .is_some_and(|entry| entry.hash.as_bytes() != stored)
            {
                self.found(seq, ChainFault::NotAsWitnessed);
            }
            if here.is_none() && witnessed_from.is_some_and(|from| seq >= from) {
                self.unwitnessed = Some(match self.unwitnessed {
                    Some((first, _, count)) => (first, seq, count + 1),
                    None => (seq, seq, 1),
                });
            }
            if self.check.problem.is_none() {
                self.check.records += 1;
            }
            self.head.clear();
            self.head.extend_from_slice(stored);
            self.expected_seq = seq + 1;
            if self.check.problem.is_none() {
                self.check.head_hash = String::from_utf8_lossy(&self.head).into_owned();
            }
        }
        Ok(())
    }

    /// Records the witness holds beyond the log's last one were lost from its end.
    fn finish(mut self, reader: Option<witness::Reader>) -> ChainCheck {
        match reader {
            Some(mut reader) => {
                let mut lost: Option<(i64, i64)> = None;
                while let Ok(Some(entry)) = reader.next_entry() {
                    self.witness_records += 1;
                    if entry.seq >= self.expected_seq {
                        let first = lost.map_or(entry.seq, |(first, _)| first);
                        lost = Some((first, entry.seq));
                    }
                }
                if let Some((first, through)) = lost {
                    self.found(
                        first,
                        ChainFault::Missing {
                            through,
                            witnessed: true,
                        },
                    );
                }
                let last_stored = self.expected_seq - 1;
                let last_not_yet_witnessed = match self.unwitnessed {
                    // A crash between the log and the witness leaves the last record alone.
                    Some((first, _, 1)) if first == last_stored => true,
                    Some((first, through, _)) => {
                        self.found(first, ChainFault::NotWitnessed { through });
                        false
                    }
                    None => false,
                };
                self.check.witness = WitnessSummary {
                    present: true,
                    started_at: reader.started_at,
                    records: self.witness_records,
                    unreadable: reader.unreadable,
                    last_not_yet_witnessed,
                };
            }
            None if self.check.stored_records > 0 => self.found(0, ChainFault::NoWitness),
            None => {}
        }
        self.check
    }
}

fn witness_error(error: std::io::Error) -> LedgerError {
    LedgerError::Witness(error)
}
