//! The log as the console's pages read it: a few read-only connections of their own
//! (never the station's writing one), each used on a blocking thread so that no page waits
//! on the disk inside the async runtime, opened again when the log's file is replaced; and
//! the chain's status for the overview, checked in the background (a full check of a large
//! log takes seconds: never on a page request), at start and again after new records, at
//! most once a `CHECK_GAP`, its last result kept for any page to read at once.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use chrono::DateTime;
use chrono_tz::Tz;
use tokio::sync::{watch, Semaphore};

use crate::ledger::{ChainCheck, Ledger, LedgerError};
use crate::live::Now;
use crate::messages::Lang;
use crate::shutdown::Shutdown;

use super::error::WebError;

/// How many pages may read the log at once: more would only queue on the disk, and each
/// connection keeps its own cache.
const CONNECTIONS: usize = 3;

/// The least time between two checks of the whole chain.
pub const CHECK_GAP: Duration = Duration::from_secs(60);

/// How often the whole chain is checked even when nothing was written since: a record
/// changed or deleted behind the daemon's back shows within this long.
pub const WHOLE_CHECK_EVERY: Duration = Duration::from_secs(3600);

/// When the chain is checked: at most once a `gap`, and in full at least once a `whole`.
#[derive(Debug, Clone, Copy)]
pub struct Pace {
    pub gap: Duration,
    pub whole: Duration,
}

/// The chain's state as of its last check.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChainStatus {
    /// Records that passed the check, from the first up to the first problem.
    pub records: u64,
    /// The hash of the last good record: the one to write down.
    pub head_hash: String,
    /// The first problem found, in the station's language; `None` when the log is intact.
    pub problem: Option<String>,
    /// When the check finished; `None` while the first check is still running.
    pub checked_at: Option<DateTime<Tz>>,
    /// The log's last record as stored when it was checked (its number and hash): a check
    /// need not run again while it is still the last.
    pub stored_head: Option<(i64, String)>,
}

impl ChainStatus {
    fn of(check: &ChainCheck, lang: Lang, at: DateTime<Tz>) -> ChainStatus {
        ChainStatus {
            records: check.records,
            head_hash: check.head_hash.clone(),
            problem: check.problem.as_ref().map(|problem| problem.describe(lang)),
            checked_at: Some(at),
            stored_head: None,
        }
    }
}

/// The console's connections to the log, and the chain's last status.
pub struct Readers {
    idle: Mutex<Vec<Reading>>,
    permits: Arc<Semaphore>,
    status: watch::Sender<ChainStatus>,
}

/// One read-only connection, with the file it has open.
struct Reading {
    ledger: Ledger,
    path: PathBuf,
    identity: Option<(u64, u64)>,
}

impl Default for Readers {
    fn default() -> Readers {
        Readers {
            idle: Mutex::new(Vec::new()),
            permits: Arc::new(Semaphore::new(CONNECTIONS)),
            status: watch::channel(ChainStatus::default()).0,
        }
    }
}

/// Which file `path` names now (device and inode); `None` when there is none.
fn identity(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path)
            .ok()
            .map(|metadata| (metadata.dev(), metadata.ino()))
    }
    #[cfg(not(unix))]
    {
        std::fs::metadata(path).ok().map(|_| (0, 0))
    }
}

impl Readers {
    /// An idle connection to the log at `path`, or a new one when none is idle or the one
    /// idle reads another file (the log replaced, or the data folder moved by a reload).
    fn take(&self, path: &Path) -> Result<Reading, LedgerError> {
        let now = identity(path);
        let idle = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        if let Some(reading) = idle.filter(|idle| idle.path == path && idle.identity == now) {
            return Ok(reading);
        }
        Ok(Reading {
            ledger: Ledger::open_read_only(path)?,
            path: path.to_path_buf(),
            identity: now,
        })
    }

    fn give_back(&self, reading: Reading) {
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        if idle.len() < CONNECTIONS {
            idle.push(reading);
        }
    }

    /// Runs `f` on a read-only connection to the log at `path`, on a blocking thread.
    pub async fn read<T, F>(self: &Arc<Self>, path: PathBuf, f: F) -> Result<T, ReadFailure>
    where
        F: FnOnce(&Ledger) -> T + Send + 'static,
        T: Send + 'static,
    {
        // The semaphore is never closed: the error cannot happen.
        let permit = Arc::clone(&self.permits)
            .acquire_owned()
            .await
            .map_err(|error| ReadFailure::Task(error.to_string()))?;
        let readers = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let reading = readers.take(&path).map_err(ReadFailure::Log)?;
            let answer = f(&reading.ledger);
            readers.give_back(reading);
            Ok(answer)
        })
        .await
        .map_err(|error| ReadFailure::Task(error.to_string()))?
    }

    /// The chain's status as of its last check.
    pub fn chain_status(&self) -> ChainStatus {
        self.status.borrow().clone()
    }

    /// A watch of the chain's status, for a page that updates live.
    pub fn watch_chain(&self) -> watch::Receiver<ChainStatus> {
        self.status.subscribe()
    }
}

/// Why a read of the log did not happen.
#[derive(Debug)]
pub enum ReadFailure {
    Log(LedgerError),
    /// The blocking thread was lost (a panic inside the read).
    Task(String),
}

impl ReadFailure {
    pub fn into_web(self, lang: Lang) -> WebError {
        match self {
            ReadFailure::Log(error) => WebError::failed(lang, error.say(lang)),
            ReadFailure::Task(detail) => WebError::failed(lang, detail),
        }
    }
}

/// Checks the chain of the log `where_` names now (its path, and the language to word a
/// problem in), at once and again after each change of `live`'s count of changes that
/// wrote a record, at most once a `pace.gap`, and in full at least once a `pace.whole`,
/// until `shutdown`.
pub fn start_checking(
    readers: Arc<Readers>,
    where_: impl Fn() -> (PathBuf, Lang, Tz) + Send + 'static,
    mut live: watch::Receiver<Now>,
    mut shutdown: Shutdown,
    pace: Pace,
) {
    tokio::spawn(async move {
        let mut whole_at = tokio::time::Instant::now();
        loop {
            let started = tokio::time::Instant::now();
            let checked = live.borrow_and_update().changes;
            let (path, lang, zone) = where_();
            let last = readers.status.borrow().clone();
            let due = started >= whole_at;
            let status = tokio::task::spawn_blocking(move || {
                check_if_written(&path, lang, zone, &last, due)
            })
            .await;
            match status {
                Ok(Some(status)) => {
                    whole_at = started + pace.whole;
                    readers.status.send_replace(status);
                }
                Ok(None) => {}
                Err(error) => tracing::error!(%error, "the check of the airing log was lost"),
            }
            // Progress reports wake the watch too: only a new count is a change.
            while live.borrow_and_update().changes == checked
                && tokio::time::Instant::now() < whole_at
            {
                tokio::select! {
                    changed = live.changed() => if changed.is_err() { return },
                    () = tokio::time::sleep_until(whole_at) => {}
                    () = shutdown.requested() => return,
                }
            }
            tokio::select! {
                () = tokio::time::sleep_until(started + pace.gap) => {}
                () = shutdown.requested() => return,
            }
        }
    });
}

/// Checks the chain again, unless a whole check is not due and the log's last record is
/// still the one the last check saw: a change of the station that wrote nothing (a file
/// checked, an airing's progress) costs one query, not a walk of every record, whether the
/// log was found intact or not (a damaged log does not mend itself).
fn check_if_written(
    path: &Path,
    lang: Lang,
    zone: Tz,
    last: &ChainStatus,
    whole_due: bool,
) -> Option<ChainStatus> {
    let head = Ledger::open_read_only(path)
        .and_then(|ledger| ledger.stored_head())
        .ok();
    let unchanged =
        last.checked_at.is_some() && head.is_some() && head == Some(last.stored_head.clone());
    if unchanged && !whole_due {
        return None;
    }
    let mut status = check(path, lang, zone);
    status.stored_head = head.flatten();
    Some(status)
}

fn check(path: &Path, lang: Lang, zone: Tz) -> ChainStatus {
    let at = || chrono::Utc::now().with_timezone(&zone);
    match Ledger::open_read_only(path).and_then(|ledger| ledger.verify()) {
        Ok(check) => ChainStatus::of(&check, lang, at()),
        Err(error) => ChainStatus {
            problem: Some(error.say(lang)),
            checked_at: Some(at()),
            ..ChainStatus::default()
        },
    }
}

#[cfg(test)]
mod tests;
