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
    /// The number given last, while records wait or were dropped: never given twice.
    last_number: Option<i64>,
    /// Numbers of records dropped because too many waited (they are in the daemon's log and
    /// in the journal); an end whose start was dropped is dropped with it.
    dropped: std::collections::HashSet<i64>,
}

impl Ledger {
    /// Appends a record. When the log cannot be written (a full disk, a read-only folder,
    /// a damaged file) the record waits in memory, in order, and is written with its own
    /// times as soon as the log can be written again: the station stays on air either way.
    pub(super) fn append(&mut self, mut record: Record) -> Result<i64, LedgerError> {
        self.flush();
        if let Some(airing) = record.airing {
            record.airing = Some(*self.backlog.renumbered.get(&airing).unwrap_or(&airing));
        }
        if self.backlog.waiting.is_empty() && self.backlog.last_number.is_none() {
            match self.write_now(&record) {
                Ok(seq) => return Ok(record.airing.unwrap_or(seq)),
                Err(error) => tracing::error!(
                    log = %self.path.display(),
                    %error,
                    "the airing log cannot be written: is the disk of the data folder full \
                     (or the folder read-only)? Free space on that disk, for example old \
                     exports or copies of audio files. wardcast keeps airing and keeps the \
                     records in memory until they can be written, with their own times"
                ),
            }
        }
        let number = match self.backlog.last_number {
            Some(last) => last + 1,
            None => self.next_number(),
        };
        self.backlog.last_number = Some(number);
        let airing = record.airing.unwrap_or(number);
        if let Some(journal) = &self.journal {
            if let Err(error) = journal.add(number, &record) {
                tracing::warn!(journal = %journal.path().display(), %error, "the record cannot be kept on the spare disk either");
            }
        }
        let orphan = record
            .airing
            .is_some_and(|start| self.backlog.dropped.contains(&start));
        if self.backlog.waiting.len() >= MAX_WAITING || orphan {
            tracing::error!(record = ?record, "too many records wait to be written: this one is kept only in the daemon's log (and the journal on the spare disk, when set)");
            self.backlog.dropped.insert(number);
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
            // Numbers go back to the log's own; the journal is emptied only when it holds
            // nothing the log lacks (records dropped from memory are still in it).
            self.backlog.last_number = None;
            let none_dropped = self.backlog.dropped.is_empty();
            self.backlog.dropped.clear();
            if let (Some(journal), true) = (&self.journal, none_dropped) {
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
        // Never made here: a spare disk that is not plugged in must not turn into a folder of
        // the same name on the data disk.
        if !folder.is_dir() {
            return Err(LedgerError::SpareMissing(folder.to_path_buf()));
        }
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
        let (records, unreadable) = journal.read(zone).map_err(LedgerError::Journal)?;
        if unreadable > 0 {
            tracing::warn!(journal = %journal.path().display(), lines = unreadable, "lines of the journal of waiting records cannot be read (cut off by a crash?)");
        }
        let mut recovered = 0;
        let mut matched = std::collections::HashSet::new();
        for (number, record) in records {
            match self.written_as(number, &record, &matched)? {
                Some(seq) => {
                    matched.insert(seq);
                    if seq != number {
                        self.backlog.renumbered.insert(number, seq);
                    }
                }
                None => {
                    self.backlog.waiting.push_back((number, record));
                    let last = self
                        .backlog
                        .last_number
                        .map_or(number, |last| last.max(number));
                    self.backlog.last_number = Some(last);
                    recovered += 1;
                }
            }
        }
        if self.flush() == 0 {
            journal.clear().map_err(LedgerError::Journal)?;
        }
        if recovered > 0 {
            tracing::warn!(records = recovered, "records that waited in the journal when wardcast last stopped are now in the log, with their own times");
        }
        Ok(recovered)
    }

    /// The log's record that is this journal line, if the log already has it: same content
    /// (all but the numbers, which may have come out otherwise), each log record taken for
    /// one line at most, the one under the line's own number first.
    fn written_as(
        &self,
        number: i64,
        record: &Record,
        matched: &std::collections::HashSet<i64>,
    ) -> Result<Option<i64>, LedgerError> {
        let mut statement = self
            .connection
            .prepare_cached(
                "SELECT seq FROM ledger_record WHERE kind = ?1 AND programme = ?2
                 AND trigger = ?3 AND scheduled_ms IS ?4 AND at_ms = ?5 AND file IS ?6
                 AND sha256 IS ?7 AND outcome IS ?8 AND reason IS ?9 ORDER BY seq",
            )
            .map_err(LedgerError::Read)?;
        let file = record
            .file
            .as_ref()
            .map(|path| path.to_string_lossy().into_owned());
        let seqs = statement
            .query_map(
                rusqlite::params![
                    record.kind,
                    record.programme,
                    record.trigger.as_str(),
                    record.scheduled_at.map(|at| at.timestamp_millis()),
                    record.at.timestamp_millis(),
                    file,
                    record.sha256,
                    record.outcome_text(),
                    record.reason.words,
                ],
                |row| row.get::<_, i64>(0),
            )
            .map_err(LedgerError::Read)?
            .collect::<Result<Vec<i64>, _>>()
            .map_err(LedgerError::Read)?;
        let free: Vec<i64> = seqs
            .into_iter()
            .filter(|seq| !matched.contains(seq))
            .collect();
        Ok(free
            .iter()
            .copied()
            .find(|seq| *seq == number)
            .or_else(|| free.first().copied()))
    }

    /// The earliest slot (in ms since 1970) among scheduled records that wait to be written.
    pub fn earliest_waiting_slot_ms(&self) -> Option<i64> {
        self.waiting()
            .filter(|record| record.trigger == super::Trigger::Schedule)
            .filter_map(|record| record.scheduled_at.map(|at| at.timestamp_millis()))
            .min()
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

#[cfg(test)]
mod tests {
    use super::super::{Ledger, NotAired, Outcome, Trigger};
    use crate::reason::Reason;
    use chrono::TimeZone;

    fn missed(ledger: &mut Ledger, minute: u32) {
        let zone = chrono_tz::Asia::Ho_Chi_Minh;
        let slot = zone
            .with_ymd_and_hms(2026, 12, 7, 6, minute, 0)
            .single()
            .expect("time");
        let recorded = zone
            .with_ymd_and_hms(2026, 12, 7, 7, 0, 0)
            .single()
            .expect("time");
        ledger
            .record_not_aired(&NotAired {
                programme: "news",
                trigger: Trigger::Schedule,
                scheduled_at: Some(slot),
                // The same instant for all: on a full disk each failed write returns at once.
                recorded_at: recorded,
                file: None,
                outcome: Outcome::Missed,
                reason: &Reason::Shutdown,
            })
            .expect("recorded or waiting");
    }

    fn refuse_writes(ledger: &Ledger, refuse: bool) {
        ledger
            .connection
            .pragma_update(None, "query_only", refuse)
            .expect("pragma");
    }

    #[test]
    fn a_journal_of_records_made_in_one_millisecond_is_recovered_line_by_line() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (path, spare) = (dir.path().join("log.sqlite3"), dir.path().join("spare"));
        std::fs::create_dir_all(&spare).expect("spare");
        {
            let mut ledger = Ledger::open(&path).expect("open");
            ledger.use_spare(&spare).expect("spare");
            refuse_writes(&ledger, true);
            for minute in 1..=3 {
                missed(&mut ledger, minute);
            }
            assert_eq!(ledger.waiting().count(), 3);
        } // stopped with the records still waiting: they are in the journal only
        let mut ledger = Ledger::open(&path).expect("open");
        missed(&mut ledger, 1); // the first one had reached the log before the stop
        ledger.use_spare(&spare).expect("spare");
        let zone = chrono_tz::Asia::Ho_Chi_Minh;
        assert_eq!(ledger.recover_waiting(zone).expect("recover"), 2);
        let mut slots: Vec<String> = ledger
            .airings(0, i64::MAX)
            .expect("airings")
            .into_iter()
            .filter_map(|airing| airing.scheduled_at)
            .collect();
        slots.dedup();
        assert_eq!(slots.len(), 3, "every slot is in the log once: {slots:?}");
        assert_eq!(ledger.recover_waiting(zone).expect("again"), 0);
        assert!(ledger.verify().expect("verify").problems.is_empty());
    }

    #[test]
    fn waiting_records_never_share_a_number_and_ends_find_their_starts() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut ledger = Ledger::open(&dir.path().join("log.sqlite3")).expect("open");
        refuse_writes(&ledger, true);
        missed(&mut ledger, 1);
        missed(&mut ledger, 2);
        let numbers: Vec<i64> = ledger.backlog.waiting.iter().map(|(n, _)| *n).collect();
        assert_eq!(numbers, vec![1, 2]);
        refuse_writes(&ledger, false);
        assert_eq!(ledger.flush(), 0);
        missed(&mut ledger, 3);
        assert_eq!(ledger.airings(0, i64::MAX).expect("airings").len(), 3);
        assert!(ledger.verify().expect("verify").problems.is_empty());
    }
}
