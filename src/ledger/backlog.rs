//! Records that wait: while the log cannot be written (a full disk, a read-only folder)
//! each record waits in memory, in order, under the number it will get, and — when a spare
//! folder on another disk is set — in the journal there too. They are written with their
//! own times as soon as the log takes them, or at the next start from the journal.

use std::path::Path;

use chrono_tz::Tz;
use rusqlite::OptionalExtension;

use super::journal::Journal;
use super::write::{last_stored, next_link};
use super::{Ledger, LedgerError, Record};

/// How many records may wait in memory while the log cannot be written; beyond that each
/// further one is written to the daemon's own log in full instead.
pub const MAX_WAITING: usize = 10_000;

/// Records that could not be written yet, in the order they happened, with the number each
/// was given: a start's number is its airing's id, which its end refers to.
#[derive(Debug, Default)]
pub(super) struct Backlog {
    waiting: std::collections::VecDeque<(i64, Record)>,
    /// Numbers that came out otherwise when written (another segment began meanwhile).
    renumbered: std::collections::HashMap<i64, i64>,
}

impl Ledger {
    /// Appends a record. When the log cannot be written (a full disk, a read-only folder,
    /// a damaged file) the record waits in memory, in order, and is written with its own
    /// times as soon as the log can be written again: the station stays on air either way.
    pub(super) fn append(&mut self, record: Record) -> Result<i64, LedgerError> {
        self.flush();
        if self.backlog.waiting.is_empty() {
            match self.write_now(&record) {
                Ok(seq) => return Ok(record.airing.unwrap_or(seq)),
                Err(error) => tracing::error!(
                    log = %self.path.display(),
                    %error,
                    "the airing log cannot be written: is the disk of the data folder full                      (or the folder read-only)? Free space on that disk, for example old                      exports or copies of audio files. wardcast keeps airing and keeps the                      records in memory until they can be written, with their own times"
                ),
            }
        }
        let number = match self.backlog.waiting.back() {
            Some((last, _)) => last + 1,
            None => self.next_number(),
        };
        let airing = record.airing.unwrap_or(number);
        if let Some(journal) = &self.journal {
            if let Err(error) = journal.add(number, &record) {
                tracing::warn!(journal = %journal.path().display(), %error, "the record cannot be kept on the spare disk either");
            }
        }
        if self.backlog.waiting.len() >= MAX_WAITING {
            tracing::error!(record = ?record, "too many records wait to be written: this one is kept only here, in the daemon's log");
        } else {
            self.backlog.waiting.push_back((number, record));
        }
        Ok(airing)
    }

    /// Writes the records that wait, in order, as far as the log lets; returns how many
    /// still wait.
    pub fn flush(&mut self) -> usize {
        let had = self.backlog.waiting.len();
        while let Some((number, record)) = self.backlog.waiting.front() {
            let (number, mut record) = (*number, record.clone());
            if let Some(airing) = record.airing {
                record.airing = Some(*self.backlog.renumbered.get(&airing).unwrap_or(&airing));
            }
            let Ok(seq) = self.write_now(&record) else {
                break;
            };
            if seq != number {
                self.backlog.renumbered.insert(number, seq);
            }
            self.backlog.waiting.pop_front();
        }
        let left = self.backlog.waiting.len();
        if had > 0 && left == 0 {
            tracing::info!(records = had, "the airing log can be written again: the records that waited are in it, with their own times");
            if let Some(journal) = &self.journal {
                if let Err(error) = journal.clear() {
                    tracing::warn!(journal = %journal.path().display(), %error, "the journal of waiting records cannot be emptied");
                }
            }
        }
        left
    }

    /// Reads the witness's copy in `spare` too, when set (for checking the log; nothing is
    /// written).
    pub fn with_spare_witness(mut self, spare: Option<&Path>) -> Ledger {
        if let Some(folder) = spare {
            self.witness = with_copy_in(&self.witness, folder);
        }
        self
    }

    /// Keeps a copy of the witness, and the journal of records that wait, in `folder` on
    /// another disk. A witness missing from either place is restored from the other.
    pub fn use_spare(&mut self, folder: &Path) -> Result<(), LedgerError> {
        std::fs::create_dir_all(folder).map_err(LedgerError::Witness)?;
        self.witness = with_copy_in(&self.witness, folder);
        self.journal = Some(Journal::in_folder(folder));
        if let Some(restored) = self
            .witness
            .restore_missing_copy()
            .map_err(LedgerError::Witness)?
        {
            tracing::warn!(witness = %restored.display(), "a copy of the witness file was missing and has been restored from the other copy");
        }
        Ok(())
    }

    /// Writes the records a stopped wardcast left waiting in the journal (the log could not
    /// take them then), unless the log already has them; returns how many were written.
    pub fn recover_waiting(&mut self, zone: Tz) -> Result<usize, LedgerError> {
        let Some(journal) = self.journal.clone() else {
            return Ok(0);
        };
        let (records, unreadable) = journal.read(zone).map_err(LedgerError::Witness)?;
        if unreadable > 0 {
            tracing::warn!(journal = %journal.path().display(), lines = unreadable, "lines of the journal of waiting records cannot be read (cut off by a crash?)");
        }
        let mut recovered = 0;
        for (number, record) in records {
            let known: Option<i64> = self
                .connection
                .query_row(
                    "SELECT seq FROM ledger_record WHERE kind = ?1 AND programme = ?2 AND at_ms = ?3",
                    rusqlite::params![record.kind, record.programme, record.at.timestamp_millis()],
                    |row| row.get(0),
                )
                .optional()
                .map_err(LedgerError::Read)?;
            match known {
                Some(seq) if seq != number => {
                    self.backlog.renumbered.insert(number, seq);
                }
                Some(_) => {}
                None => {
                    self.backlog.waiting.push_back((number, record));
                    recovered += 1;
                }
            }
        }
        if self.flush() == 0 {
            journal.clear().map_err(LedgerError::Witness)?;
        }
        if recovered > 0 {
            tracing::warn!(records = recovered, "records that waited in the journal when wardcast last stopped are now in the log, with their own times");
        }
        Ok(recovered)
    }

    /// Records that wait to be written.
    pub(super) fn waiting(&self) -> impl Iterator<Item = &Record> {
        self.backlog.waiting.iter().map(|(_, record)| record)
    }

    /// The content of airings among the records that wait: aired to the end, or still on
    /// air. Counted as aired, so that no file airs twice while the log cannot be written.
    pub(super) fn waiting_aired(&self) -> Result<Vec<String>, LedgerError> {
        let ended = |number: i64, aired: bool| {
            self.backlog.waiting.iter().any(|(_, record)| {
                record.kind == "end"
                    && record.airing == Some(number)
                    && (!aired || record.outcome == Some(super::Outcome::Aired))
            })
        };
        let mut contents = Vec::new();
        for (number, record) in &self.backlog.waiting {
            match record.kind {
                "start" if ended(*number, true) || !ended(*number, false) => {
                    contents.extend(record.sha256.clone());
                }
                "end" if record.outcome == Some(super::Outcome::Aired) => {
                    let Some(airing) = record.airing else {
                        continue;
                    };
                    let stored: Option<Option<String>> = self
                        .connection
                        .query_row(
                            "SELECT sha256 FROM ledger_record WHERE seq = ?1 AND kind = 'start'",
                            [airing],
                            |row| row.get(0),
                        )
                        .optional()
                        .map_err(LedgerError::Read)?;
                    contents.extend(stored.flatten());
                }
                _ => {}
            }
        }
        Ok(contents)
    }

    /// The number the next record written now would get.
    fn next_number(&self) -> i64 {
        let stored = last_stored(&self.connection).ok().flatten();
        let witnessed = self.witness.tail().ok().flatten();
        next_link(stored.as_ref(), witnessed.as_ref()).0.seq
    }
}

/// The witness with its copy in `folder`, under the same name.
fn with_copy_in(witness: &super::Witness, folder: &Path) -> super::Witness {
    let name = witness
        .path()
        .file_name()
        .unwrap_or(std::ffi::OsStr::new("wardcast-ledger.witness"));
    witness.clone().with_copy(folder.join(name))
}
