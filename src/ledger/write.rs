//! Appending a record: the next link of the chain, the record itself, then its line in the
//! witness. Before each record the log file is checked to be the one that was opened, so a
//! log deleted or replaced under the running daemon is noticed and a new one started,
//! linked to the witness, instead of records going silently into a deleted file.

use std::path::Path;

use rusqlite::types::{Value, ValueRef};
use rusqlite::OptionalExtension;

use super::canonical::{
    later_values, record_hash, CODE_COLUMNS, GENESIS_HASH, HASHED_COLUMNS, RECEIVED_COLUMNS,
};
use super::witness::Entry;
use super::{timestamp, Ledger, LedgerError, Record};

/// Which file a path names (device and inode), to tell it from another one put in its place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct FileIdentity(u64, u64);

impl FileIdentity {
    #[cfg(unix)]
    pub(super) fn of(path: &Path) -> Option<FileIdentity> {
        use std::os::unix::fs::MetadataExt;
        let metadata = std::fs::metadata(path).ok()?;
        Some(FileIdentity(metadata.dev(), metadata.ino()))
    }

    #[cfg(not(unix))]
    pub(super) fn of(_path: &Path) -> Option<FileIdentity> {
        None
    }
}

/// The number and previous hash of the next record: after the log's last record, or, when
/// the witness holds records the log no longer has, after the witness's last one, so the
/// new records form a segment that links to what was lost. Also returns the lost range.
pub(super) fn next_link(
    stored: Option<&Entry>,
    witnessed: Option<&Entry>,
) -> (Entry, Option<(i64, i64)>) {
    let stored_seq = stored.map_or(0, |entry| entry.seq);
    match (stored, witnessed) {
        (_, Some(witnessed)) if witnessed.seq > stored_seq => (
            Entry {
                seq: witnessed.seq + 1,
                hash: witnessed.hash.clone(),
            },
            Some((stored_seq + 1, witnessed.seq)),
        ),
        (Some(stored), _) => (
            Entry {
                seq: stored.seq + 1,
                hash: stored.hash.clone(),
            },
            None,
        ),
        (None, _) => (
            Entry {
                seq: 1,
                hash: GENESIS_HASH.to_string(),
            },
            None,
        ),
    }
}

impl Ledger {
    /// Writes one record now; its number.
    pub(super) fn write_now(&mut self, record: &Record) -> Result<i64, LedgerError> {
        self.reopen_if_replaced()?;
        if !self.coded {
            // Tried again at each record (said once, when the log was opened).
            self.coded = super::open::add_reason_columns(&mut self.connection).is_ok();
        }
        if record.source().is_some() && !self.receiving {
            // A received or console record cannot go in before the log takes it: it waits,
            // like any record the log cannot take now.
            super::widen::widen_for_received(&mut self.connection).map_err(LedgerError::Write)?;
            self.receiving = true;
        }
        let witnessed = self.witness_tail_or_start()?;
        let transaction = self
            .connection
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(LedgerError::Write)?;
        let stored = last_stored(&transaction).map_err(LedgerError::Write)?;
        let (link, lost) = next_link(stored.as_ref(), witnessed.as_ref());
        if let Some((first, last)) = lost {
            say_lost(&self.path, self.witness.path(), first, last);
        }
        let seq = link.seq;
        insert(&transaction, record, link, self.coded).map_err(LedgerError::Write)?;
        transaction.commit().map_err(LedgerError::Write)?;
        // The record is safe in the log; a witness that cannot be written now is caught up
        // at the next record.
        if let Err(error) = self.catch_up_witness() {
            tracing::error!(witness = %self.witness.path().display(), %error, "the witness file of the airing log cannot be written; it will be caught up at the next record");
        }
        Ok(seq)
    }

    /// Brings the witness up to date with the log (starting it if missing) and says loudly
    /// when the log has lost records the witness holds. For the daemon's start, so a loss is
    /// reported at once rather than at the next airing.
    pub fn check_witness(&self) -> Result<(), LedgerError> {
        let witnessed = self.witness_tail_or_start()?;
        let stored: i64 = self
            .connection
            .query_row(
                "SELECT COALESCE(MAX(seq), 0) FROM ledger_record",
                [],
                |row| row.get(0),
            )
            .map_err(LedgerError::Read)?;
        match witnessed {
            Some(witnessed) if witnessed.seq > stored => {
                say_lost(&self.path, self.witness.path(), stored + 1, witnessed.seq)
            }
            _ => self.catch_up_witness()?,
        }
        Ok(())
    }

    /// The witness's last record, starting the witness first when there is none.
    fn witness_tail_or_start(&self) -> Result<Option<Entry>, LedgerError> {
        if !self.witness.exists() {
            // A copy on the spare disk is the witness itself: put back, never rebuilt.
            if let Some(restored) = self
                .witness
                .restore_missing_copy()
                .map_err(LedgerError::Witness)?
            {
                tracing::warn!(witness = %restored.display(), "the witness file was missing and has been restored from its copy");
                return self.witness.tail().map_err(LedgerError::Witness);
            }
            let records: i64 = self
                .connection
                .query_row(
                    "SELECT COALESCE(MAX(seq), 0) FROM ledger_record",
                    [],
                    |row| row.get(0),
                )
                .map_err(LedgerError::Read)?;
            // The records already in the log are not copied into it: a witness vouches only
            // for what it saw written, and says from where.
            if self
                .witness
                .start_if_missing(records)
                .map_err(LedgerError::Witness)?
                && records > 0
            {
                tracing::warn!(
                    witness = %self.witness.path().display(),
                    "the airing log had no witness file (a log from an older wardcast, or the \
                     file was deleted): a new witness starts after the log's record {records}; \
                     records lost up to there cannot be detected"
                );
            }
        }
        self.witness.tail().map_err(LedgerError::Witness)
    }

    /// Writes into the witness every record of the log after the witness's last one.
    fn catch_up_witness(&self) -> Result<(), LedgerError> {
        let from = self.witness.least_reach().map_err(LedgerError::Witness)?;
        let mut statement = self
            .connection
            .prepare("SELECT seq, hash FROM ledger_record WHERE seq > ?1 ORDER BY seq")
            .map_err(LedgerError::Read)?;
        let mut rows = statement.query([from]).map_err(LedgerError::Read)?;
        let mut batch = Vec::new();
        while let Some(row) = rows.next().map_err(LedgerError::Read)? {
            batch.push(Entry {
                seq: row.get(0).map_err(LedgerError::Read)?,
                hash: row.get(1).map_err(LedgerError::Read)?,
            });
            if batch.len() == 10_000 {
                self.witness.append(&batch).map_err(LedgerError::Witness)?;
                batch.clear();
            }
        }
        self.witness.append(&batch).map_err(LedgerError::Witness)
    }

    /// Opens the log again when its file was deleted or replaced since it was opened.
    fn reopen_if_replaced(&mut self) -> Result<(), LedgerError> {
        let now = FileIdentity::of(&self.path);
        if self.identity.is_none() || now == self.identity {
            return Ok(());
        }
        tracing::error!(
            log = %self.path.display(),
            "the airing log file was deleted or replaced while wardcast was running; \
             wardcast opens the file now at that path and links its records to the witness \
             file. Do not delete the log: it is the station's evidence"
        );
        // The old connection is closed first. Its write-ahead and shared-memory files belong
        // to the old file: left at the path, SQLite would play them into the new one. They
        // are kept aside, as evidence, not deleted.
        let placeholder = rusqlite::Connection::open_in_memory().map_err(LedgerError::Write)?;
        drop(std::mem::replace(&mut self.connection, placeholder));
        set_aside_companions(&self.path);
        let mut reopened = Ledger::open(&self.path)?;
        std::mem::swap(&mut self.connection, &mut reopened.connection);
        self.identity = reopened.identity;
        self.coded = reopened.coded;
        self.receiving = reopened.receiving;
        Ok(())
    }
}

/// Inserts `record` as the chain's next link, hashed; with its reason's code and parameters
/// when the log has their columns (`coded`), else as records were before them: words only;
/// and a received record with its source and item, a console record with its user.
fn insert(
    connection: &rusqlite::Connection,
    record: &Record,
    link: Entry,
    coded: bool,
) -> rusqlite::Result<()> {
    let mut all = record_values(record, link);
    let (code, params) = match coded {
        true => (
            text(record.reason.code.clone()),
            text(record.reason.params.clone()),
        ),
        false => (Value::Null, Value::Null),
    };
    let source = text(record.source().map(str::to_string));
    let item_key = text(
        record
            .received
            .as_ref()
            .and_then(|part| part.item_key.clone()),
    );
    let mut hashed: Vec<ValueRef<'_>> = all.iter().map(ValueRef::from).collect();
    later_values(
        &mut hashed,
        [
            [ValueRef::from(&code), ValueRef::from(&params)],
            [ValueRef::from(&source), ValueRef::from(&item_key)],
        ],
    );
    let hash = record_hash(&hashed);
    all.push(Value::Text(hash));
    let mut columns = format!("{HASHED_COLUMNS}, hash");
    if coded {
        all.extend([code, params]);
        columns.push_str(&format!(", {CODE_COLUMNS}"));
    }
    if record.source().is_some() {
        all.extend([source, item_key]);
        columns.push_str(&format!(", {RECEIVED_COLUMNS}"));
    }
    let places = (1..=all.len())
        .map(|index| format!("?{index}"))
        .collect::<Vec<_>>()
        .join(", ");
    connection
        .execute(
            &format!("INSERT INTO ledger_record ({columns}) VALUES ({places})"),
            rusqlite::params_from_iter(all.iter()),
        )
        .map(|_| ())
}

/// Renames the `-wal` and `-shm` files of the log at `path` to names of their own, so they
/// are not taken for those of a new file put at that path.
fn set_aside_companions(path: &Path) {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3f");
    for suffix in ["-wal", "-shm"] {
        let mut companion = path.as_os_str().to_owned();
        companion.push(suffix);
        let companion = std::path::PathBuf::from(companion);
        if companion.exists() {
            let mut aside = companion.as_os_str().to_owned();
            aside.push(format!(".{stamp}.set-aside"));
            if let Err(error) = std::fs::rename(&companion, &aside) {
                tracing::error!(file = %companion.display(), %error, "cannot set the old log's companion file aside");
            }
        }
    }
}

/// Says loudly that records `first..=last` are gone from the log at `log` but not from the
/// witness.
fn say_lost(log: &Path, witness: &Path, first: i64, last: i64) {
    tracing::error!(
        log = %log.display(),
        witness = %witness.display(),
        "records {first} to {last} of the airing log are gone (the witness file still \
         holds their hashes): the log file was deleted, emptied or replaced, or a crash \
         lost its last writes. New records go on in a segment linked to the witness; run \
         `wardcast verify`, and keep both files as evidence"
    );
}

/// The log's last record, as the witness would hold it.
pub(super) fn last_stored(connection: &rusqlite::Connection) -> rusqlite::Result<Option<Entry>> {
    connection
        .query_row(
            "SELECT seq, hash FROM ledger_record ORDER BY seq DESC LIMIT 1",
            [],
            |row| {
                Ok(Entry {
                    seq: row.get(0)?,
                    hash: row.get(1)?,
                })
            },
        )
        .optional()
}

fn text(value: Option<String>) -> Value {
    value.map_or(Value::Null, Value::Text)
}

/// The hashed columns of a record, in `HASHED_COLUMNS` order.
fn record_values(record: &Record, link: Entry) -> Vec<Value> {
    let integer = |value: Option<i64>| value.map_or(Value::Null, Value::Integer);
    let real = |value: Option<f64>| value.map_or(Value::Null, Value::Real);
    vec![
        Value::Integer(link.seq),
        Value::Integer(record.airing.unwrap_or(link.seq)),
        Value::Text(record.kind.to_string()),
        Value::Text(record.programme.clone()),
        Value::Text(record.trigger.as_str().to_string()),
        text(record.scheduled_at.map(|at| timestamp(&at))),
        integer(record.scheduled_at.map(|at| at.timestamp_millis())),
        Value::Text(timestamp(&record.at)),
        Value::Integer(record.at.timestamp_millis()),
        text(
            record
                .file
                .as_ref()
                .map(|path| path.to_string_lossy().into_owned()),
        ),
        text(record.sha256.clone()),
        real(record.duration_seconds),
        real(record.played_seconds),
        text(record.outcome_text().map(str::to_string)),
        text(record.reason.words.clone()),
        text(record.evidence_text()),
        Value::Text(link.hash),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(seq: i64) -> Entry {
        Entry {
            seq,
            hash: format!("{seq:064x}"),
        }
    }

    #[test]
    fn the_next_record_links_to_the_witness_when_the_log_lost_its_end() {
        assert_eq!(next_link(None, None).0.seq, 1);
        let after_fourth = Entry {
            seq: 5,
            hash: entry(4).hash,
        };
        assert_eq!(
            next_link(Some(&entry(4)), Some(&entry(4))),
            (after_fourth, None)
        );
        // A crash between the log and the witness: the log is ahead, and goes on.
        assert_eq!(next_link(Some(&entry(5)), Some(&entry(4))).0.seq, 6);
        // The log lost records 3 to 7: the next record follows the witness's 7th.
        let (link, lost) = next_link(Some(&entry(2)), Some(&entry(7)));
        assert_eq!(
            link,
            Entry {
                seq: 8,
                hash: entry(7).hash
            }
        );
        assert_eq!(lost, Some((3, 7)));
        assert_eq!(next_link(None, Some(&entry(7))).1, Some((1, 7)));
    }
}
