//! The downloader: at the times of each `[[download]]`'s schedule it looks at the address
//! and fetches what is new into the programme's folder (`download::look`), and logs every
//! item it fetched, already had or refused. A look missed while wardcast was down is made
//! at start. It owns only its clock; what is new is the log's to say, and the file that
//! lands is taken in by the library keeper like any file dropped into the folder.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::DateTime;
use chrono_tz::Tz;
use tokio::sync::watch;

use crate::config::{Config, Download};
use crate::download::{self, Fetched, Item, Known, Limits, Outcome};
use crate::ids::Trigger;
use crate::ledger::{Receipt, Received};
use crate::messages::reason::of_download_problem;
use crate::messages::Say;
use crate::recording::RECEIVING;
use crate::sound::ReceivedEvidence;

use super::records::{lock, SharedLedger};
use super::{clock, Shutdown};

/// Runs the downloads of the configuration `configs` holds (a reload sends a new one) until
/// shutdown. `previous` is when the last run was last seen alive.
pub(super) async fn run(
    mut configs: watch::Receiver<Arc<Config>>,
    ledger: SharedLedger,
    previous: Option<DateTime<Tz>>,
    mut shutdown: Shutdown,
) {
    let config = Arc::clone(&configs.borrow_and_update());
    let mut cursor = clock::station_now(config.station.timezone);
    if let Some(previous) = previous {
        // Looks due while wardcast was down are made now: only new items are fetched.
        let missed: Vec<Download> = due_between(&config, &previous, &cursor);
        look_all(&config, &ledger, missed, &mut shutdown).await;
    }
    while !shutdown.is_requested() {
        let config = Arc::clone(&configs.borrow_and_update());
        let Some(next) = next_look(&config, &cursor) else {
            tokio::select! {
                _ = configs.changed() => continue,
                () = shutdown.requested() => return,
            }
        };
        tokio::select! {
            awake = clock::sleep_until_wall(&next, &mut shutdown) => if !awake { return },
            _ = configs.changed() => continue,
        }
        let now = clock::station_now(config.station.timezone);
        let due = due_between(&config, &cursor, &now);
        cursor = now;
        look_all(&config, &ledger, due, &mut shutdown).await;
    }
}

/// The first time after `after` that any download looks.
fn next_look(config: &Config, after: &DateTime<Tz>) -> Option<DateTime<Tz>> {
    config
        .downloads
        .iter()
        .filter_map(|download| download.schedule.next_after(after))
        .min()
}

/// The downloads with a look in `(from, to]`, each once.
fn due_between(config: &Config, from: &DateTime<Tz>, to: &DateTime<Tz>) -> Vec<Download> {
    config
        .downloads
        .iter()
        .filter(|download| {
            download
                .schedule
                .next_after(from)
                .is_some_and(|at| at <= *to)
        })
        .cloned()
        .collect()
}

/// Makes each look in turn, off the runtime's threads; a shutdown leaves a look under way
/// to end with the process (its part file is cleared as a leftover by the next look).
async fn look_all(
    config: &Arc<Config>,
    ledger: &SharedLedger,
    downloads: Vec<Download>,
    shutdown: &mut Shutdown,
) {
    for download in downloads {
        let Some(programme) = config.programme(download.into.as_str()) else {
            continue;
        };
        let folder = programme.folder.clone();
        let staging = config.data_dir.join(RECEIVING);
        let known = LogKnows {
            ledger: Arc::clone(ledger),
            into: download.into.to_string(),
        };
        let looked = {
            let download = download.clone();
            tokio::task::spawn_blocking(move || {
                download::look(&download, &known, &staging, &folder, &Limits::default())
            })
        };
        let fetched = tokio::select! {
            fetched = looked => fetched.unwrap_or_default(),
            () = shutdown.requested() => return,
        };
        let now = clock::station_now(config.station.timezone);
        for item in fetched {
            log_item(config, ledger, &download, &programme.folder, &item, &now);
        }
    }
}

/// What the log knows of a download's programme.
struct LogKnows {
    ledger: SharedLedger,
    into: String,
}

impl Known for LogKnows {
    fn item(&self, item: &Item) -> bool {
        // A log that cannot be read says nothing is known: the worst case is a file fetched
        // twice and dropped as a copy, never one skipped.
        lock(&self.ledger)
            .download_known(&self.into, &item.key, None)
            .unwrap_or(false)
    }

    fn content(&self, item: &Item, sha256: &str) -> bool {
        lock(&self.ledger)
            .download_known(&self.into, &item.key, Some(sha256))
            .unwrap_or(false)
    }
}

/// Writes one item's record, and says it in the daemon's log.
fn log_item(
    config: &Config,
    ledger: &SharedLedger,
    download: &Download,
    folder: &std::path::Path,
    fetched: &Fetched,
    now: &DateTime<Tz>,
) {
    let lang = config.station.lang;
    let (file, sha256, bytes, duration): (Option<PathBuf>, Option<&str>, u64, Option<f64>) =
        match &fetched.outcome {
            Outcome::Saved(saved) => (
                Some(saved.path.clone()),
                Some(&saved.sha256),
                saved.bytes,
                Some(saved.probe.duration.as_secs_f64()),
            ),
            Outcome::AlreadyHave { sha256, bytes } => (None, Some(sha256), *bytes, None),
            Outcome::Refused(_) => (None, None, 0, None),
        };
    let reason = match &fetched.outcome {
        Outcome::Refused(problem) => Some(of_download_problem(
            &fetched.item.url,
            &folder.display().to_string(),
            problem,
        )),
        _ => None,
    };
    let receipt = reason.as_ref().map_or(Receipt::Complete, Receipt::Failed);
    match &reason {
        Some(why) => tracing::warn!(into = %download.into, url = %fetched.item.url,
            reason = %why.say(lang), "download refused"),
        None => tracing::info!(into = %download.into, url = %fetched.item.url,
            file = ?file, "download saved"),
    }
    let evidence = ReceivedEvidence {
        bytes,
        ..ReceivedEvidence::default()
    };
    let record = Received {
        into: download.into.as_str(),
        trigger: Trigger::Download,
        source: &download.url,
        item_key: Some(&fetched.item.key),
        scheduled_at: None,
        at: *now,
        file: file.as_deref(),
        sha256,
        duration_seconds: duration,
        receipt,
        evidence: &evidence,
    };
    if let Err(error) = lock(ledger).record_received(&record) {
        tracing::error!(%error, "a download could not be logged");
    }
}
