//! The running station: ties schedule, library, player and ledger together on tokio.
//! It carries out decisions and records them; what is due, what to do with it and which
//! file airs are decided by `schedule`, `dispatch` and `library`. Shutdown comes through
//! one signal, `Shutdown`.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use tokio::sync::{mpsc, watch};

use crate::config::{Config, Priority};
use crate::control;
use crate::dispatch::{self, Decision, LateCause, Pending};
use crate::ids::{ANNOUNCEMENT_PROGRAMME, DEMO_PROGRAMME};
use crate::messages::Lang;
use crate::service;
use serde::{Deserialize, Serialize};

use crate::ledger::{
    timestamp, AiringEnd, AiringId, AiringStart, Ledger, LedgerError, NotAired, Outcome, Trigger,
};
use crate::library::watch::FolderEvent;
use crate::library::{self, Change, Chosen, IndexError, Library, NoFile, Observation};
use crate::plan;
use crate::player::{AirRequest, Ending, Player, PlayerError, PlayerEvent, Snapshot};
use crate::schedule::{self, Slot};

/// How long before a slot the file is picked, probed and hashed and the device opened.
/// Long enough for a 15-minute mp3 to be hashed on a slow PC; the start itself is placed
/// on the exact instant by the player.
pub const PREPARE_LEAD: Duration = Duration::from_secs(4);

/// The longest the daemon sleeps without looking at the clock again, so a corrected clock
/// is noticed within a minute.
const LONGEST_SLEEP: Duration = Duration::from_secs(60);

/// How long after start-up the `--demo` airing goes out.
pub const DEMO_DELAY: Duration = Duration::from_secs(5);

/// The sample recording shipped in the audio folder, aired by `--demo`.
pub const DEMO_FILE: &str = "wardcast-demo.mp3";

#[derive(Debug, thiserror::Error)]
pub enum DaemonError {
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    #[error(transparent)]
    Player(#[from] PlayerError),
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error(
        "another wardcast is already running on the data folder {0} (the daemon, or a sound \
         check); stop it first, or hand the file to the running daemon with `wardcast play --now`"
    )]
    AlreadyRunning(PathBuf),
    #[error("cannot lock {path}: {detail}")]
    Lock { path: PathBuf, detail: String },
    #[error("the demo recording {0} is missing; restore it from the wardcast repository")]
    DemoMissing(PathBuf),
}

/// The one signal that ends the daemon: send `true` to stop.
#[derive(Clone)]
pub struct Shutdown(watch::Receiver<bool>);

impl Shutdown {
    pub fn new() -> (watch::Sender<bool>, Shutdown) {
        let (sender, receiver) = watch::channel(false);
        (sender, Shutdown(receiver))
    }

    pub fn is_requested(&self) -> bool {
        *self.0.borrow()
    }

    /// Resolves once shutdown has been asked for.
    pub async fn requested(&mut self) {
        let _ = self.0.wait_for(|stop| *stop).await;
    }
}

/// What `wardcast run` was asked to do beyond the schedule.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    pub demo: bool,
}

/// The current time in the station time zone.
pub fn station_now(timezone: Tz) -> DateTime<Tz> {
    Utc::now().with_timezone(&timezone)
}

fn to_system_time(at: &DateTime<Tz>) -> SystemTime {
    let millis = at.timestamp_millis();
    if millis >= 0 {
        SystemTime::UNIX_EPOCH + Duration::from_millis(millis as u64)
    } else {
        SystemTime::UNIX_EPOCH - Duration::from_millis(millis.unsigned_abs())
    }
}

fn from_system_time(at: SystemTime, timezone: Tz) -> DateTime<Tz> {
    DateTime::<Utc>::from(at).with_timezone(&timezone)
}

/// Sleeps until the wall clock reads `at`, looking at the clock again at least once a
/// minute so a corrected clock is noticed.
async fn sleep_until_clock(at: &DateTime<Tz>) {
    loop {
        let remaining = (at.with_timezone(&Utc) - Utc::now())
            .to_std()
            .unwrap_or_default();
        if remaining.is_zero() {
            return;
        }
        tokio::time::sleep(remaining.min(LONGEST_SLEEP)).await;
    }
}

/// Sleeps until the wall clock reads `at`, or shutdown. Returns false on shutdown.
async fn sleep_until_wall(at: &DateTime<Tz>, shutdown: &mut Shutdown) -> bool {
    if shutdown.is_requested() {
        return false;
    }
    tokio::select! {
        () = sleep_until_clock(at) => true,
        () = shutdown.requested() => false,
    }
}

/// One airing to carry out: what, when, and under which name it is logged.
#[derive(Debug, Clone)]
pub struct AiringJob {
    pub programme: String,
    pub trigger: Trigger,
    pub scheduled_at: Option<DateTime<Tz>>,
    pub start_at: DateTime<Tz>,
    pub chosen: Chosen,
    /// The file's bytes as checked against the library's probe; `None` to read them when
    /// the airing starts (announcements, sound checks), the log then naming what was read.
    pub snapshot: Option<Snapshot>,
    /// Why the airing is late or a replay, for the end record.
    pub note: Option<String>,
    /// While the sound card cannot be opened, keep trying (with growing pauses) until then.
    pub retry_until: Option<DateTime<Tz>>,
    /// An emergency slot that must cut this airing off.
    pub cut_in: Option<CutIn>,
    /// Counts emergency announcements: a change while on air cuts this airing off.
    pub emergencies: Option<watch::Receiver<u64>>,
}

/// An emergency due while another airing is on air.
#[derive(Debug, Clone, PartialEq)]
pub struct CutIn {
    /// When the emergency is due; the airing on air is stopped just before.
    pub at: DateTime<Tz>,
    pub title: String,
}

/// How long before an emergency the airing on air is stopped: enough to pick the
/// emergency's file and open the card, so the emergency itself starts on its instant.
const CUT_IN_LEAD: Duration = Duration::from_millis(500);

/// The first pause between attempts to open a failed sound card; it doubles up to the cap.
const DEVICE_RETRY_FIRST: Duration = Duration::from_secs(1);
const DEVICE_RETRY_CAP: Duration = Duration::from_secs(30);

/// The log of an airing carried out, as the caller may want to print it.
#[derive(Debug, Clone, PartialEq)]
pub struct AiringReport {
    pub outcome: Outcome,
    pub reason: Option<String>,
    pub played: Duration,
    /// The failure was the sound card's (worth trying again), not the file's.
    pub device_failed: bool,
    /// Stopped before anything went out: nothing was logged, the slot is still open.
    pub cancelled: bool,
}

/// Plays one airing to its end and writes its records: the start when the first sample is
/// heard, the end when the last one is (or when it is cut off).
pub async fn carry_out(
    player: &Player,
    ledger: &Arc<Mutex<Ledger>>,
    timezone: Tz,
    job: &AiringJob,
    heartbeat: &Path,
    shutdown: &mut Shutdown,
) -> Result<AiringReport, DaemonError> {
    let mut pause = DEVICE_RETRY_FIRST;
    let mut attempts = 0u32;
    let mut attempt = job.clone();
    loop {
        attempts += 1;
        let report = air_once(player, ledger, timezone, &attempt, heartbeat, shutdown).await?;
        let may_retry = report.outcome == Outcome::Failed
            && report.device_failed
            && !shutdown.is_requested()
            && job
                .retry_until
                .is_some_and(|until| station_now(timezone) + pause < until);
        if !may_retry {
            if report.outcome == Outcome::Failed {
                let mut reason = report.reason.clone().unwrap_or_default();
                if attempts > 1 {
                    reason = format!("{reason} (tried {attempts} times)");
                }
                tracing::error!(programme = %job.programme, %reason, "airing failed");
                lock(ledger).record_not_aired(&NotAired {
                    programme: &job.programme,
                    trigger: job.trigger,
                    scheduled_at: job.scheduled_at,
                    recorded_at: station_now(timezone),
                    file: Some(&job.chosen.path),
                    outcome: Outcome::Failed,
                    reason: &reason,
                })?;
            } else if attempts > 1 {
                tracing::info!(programme = %job.programme, attempts, "the sound card is back");
            }
            return Ok(report);
        }
        tracing::warn!(
            programme = %job.programme,
            reason = report.reason.as_deref().unwrap_or(""),
            retry_in_seconds = pause.as_secs(),
            "the sound card cannot be used; trying again"
        );
        tokio::select! {
            () = tokio::time::sleep(pause) => {}
            () = shutdown.requested() => {}
        }
        pause = (pause * 2).min(DEVICE_RETRY_CAP);
        // A retry starts as soon as the card opens; the log shows how late.
        attempt.start_at = station_now(timezone);
    }
}

/// One attempt at an airing: the records of a start and an end, or a failure report
/// (not yet recorded: the caller may try again).
async fn air_once(
    player: &Player,
    ledger: &Arc<Mutex<Ledger>>,
    timezone: Tz,
    job: &AiringJob,
    heartbeat: &Path,
    shutdown: &mut Shutdown,
) -> Result<AiringReport, DaemonError> {
    let snapshot = match &job.snapshot {
        Some(snapshot) => snapshot.clone(),
        None => match read_snapshot(&job.chosen.path).await {
            Ok(snapshot) => snapshot,
            Err(error) => {
                return Ok(AiringReport {
                    outcome: Outcome::Failed,
                    reason: Some(error.to_string()),
                    played: Duration::ZERO,
                    device_failed: false,
                    cancelled: false,
                })
            }
        },
    };
    let (events, mut receiver) = mpsc::unbounded_channel();
    player.air(AirRequest {
        file: job.chosen.path.clone(),
        snapshot: snapshot.clone(),
        start_at: to_system_time(&job.start_at),
        events,
    })?;
    let cut_in = job.cut_in.clone();
    let cut_in_sleep = async {
        match &cut_in {
            Some(cut_in) => {
                let lead = cut_in.at - chrono::Duration::from_std(CUT_IN_LEAD).unwrap_or_default();
                sleep_until_clock(&lead).await;
            }
            None => std::future::pending::<()>().await,
        }
    };
    tokio::pin!(cut_in_sleep);
    let mut cut_sent = false;
    let mut emergencies = job.emergencies.clone();
    let announced_emergency = async {
        match emergencies.as_mut() {
            Some(counter) => {
                let _ = counter.changed().await;
            }
            None => std::future::pending::<()>().await,
        }
    };
    tokio::pin!(announced_emergency);
    let mut airing: Option<AiringId> = None;
    let mut stop_sent = false;
    loop {
        let event = tokio::select! {
            event = receiver.recv() => event,
            () = shutdown.requested(), if !stop_sent => {
                stop_sent = true;
                player.stop("shutdown");
                continue;
            }
            () = &mut announced_emergency, if !cut_sent => {
                cut_sent = true;
                player.stop("cut off by an emergency announcement");
                continue;
            }
            () = &mut cut_in_sleep, if !cut_sent && airing.is_some() => {
                cut_sent = true;
                let title = cut_in.as_ref().map_or("", |cut_in| cut_in.title.as_str());
                player.stop(&format!("cut off by the emergency broadcast \"{title}\""));
                continue;
            }
        };
        let Some(event) = event else {
            return Err(DaemonError::Player(PlayerError::ThreadGone));
        };
        match event {
            PlayerEvent::Started { at } => {
                let started_at = from_system_time(at, timezone);
                let late = (started_at - job.start_at).num_milliseconds();
                tracing::info!(
                    programme = %job.programme,
                    file = %job.chosen.name,
                    late_ms = late,
                    "on air"
                );
                let id = lock(ledger).record_start(&AiringStart {
                    programme: &job.programme,
                    trigger: job.trigger,
                    scheduled_at: job.scheduled_at,
                    started_at,
                    file: &job.chosen.path,
                    // Of the bytes that were decoded and played.
                    sha256: &snapshot.sha256,
                    duration_seconds: job.chosen.probe.duration.as_secs_f64(),
                })?;
                airing = Some(id);
            }
            PlayerEvent::Progress { played } => {
                if let Some(airing) = airing {
                    write_heartbeat(
                        heartbeat,
                        &OnAir {
                            airing: airing.0,
                            played_seconds: played.as_secs_f64(),
                            at: timestamp(&station_now(timezone)),
                        },
                    );
                }
            }
            PlayerEvent::Ended {
                at,
                played,
                how,
                evidence,
            } => {
                let (outcome, reason) = match how {
                    Ending::Complete => (Outcome::Aired, job.note.clone()),
                    Ending::Stopped(reason) => (Outcome::Interrupted, Some(reason)),
                    Ending::DeviceLost(detail) => (
                        Outcome::Interrupted,
                        Some(format!("the sound card failed: {detail}")),
                    ),
                };
                let ended_at = from_system_time(at, timezone);
                if let Some(id) = airing {
                    lock(ledger).record_end(&AiringEnd {
                        airing: id,
                        programme: &job.programme,
                        trigger: job.trigger,
                        ended_at,
                        played_seconds: played.as_secs_f64(),
                        outcome,
                        reason: reason.as_deref(),
                        evidence: Some(&evidence),
                    })?;
                }
                let _ = std::fs::remove_file(heartbeat);
                tracing::info!(
                    programme = %job.programme,
                    outcome = outcome.as_str(),
                    played_seconds = played.as_secs_f64(),
                    reason = reason.as_deref().unwrap_or(""),
                    "airing ended"
                );
                return Ok(AiringReport {
                    outcome,
                    reason,
                    played,
                    device_failed: false,
                    cancelled: false,
                });
            }
            PlayerEvent::Failed {
                error: PlayerError::Cancelled { reason },
            } => {
                return Ok(AiringReport {
                    outcome: Outcome::Missed,
                    reason: Some(reason),
                    played: Duration::ZERO,
                    device_failed: false,
                    cancelled: true,
                });
            }
            PlayerEvent::Failed { error } => {
                let device_failed = matches!(
                    error,
                    PlayerError::NoSuchDevice { .. } | PlayerError::DeviceOpen { .. }
                );
                return Ok(AiringReport {
                    outcome: Outcome::Failed,
                    reason: Some(error.to_string()),
                    played: Duration::ZERO,
                    device_failed,
                    cancelled: false,
                });
            }
        }
    }
}

/// Takes a lock; a poisoned lock still guards usable state (SQLite keeps its own
/// consistency, the library is a cache), so it is taken over rather than turned into a panic.
fn lock<T>(shared: &Arc<Mutex<T>>) -> std::sync::MutexGuard<'_, T> {
    shared
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// How often the folders are read in full, as a safety net under the file system events.
const RESCAN_EVERY: Duration = Duration::from_secs(300);

/// How often the folders are read when the file system cannot be watched.
const RESCAN_UNWATCHED: Duration = Duration::from_secs(5);

/// How often the readiness warnings are logged.
const WARN_EVERY: Duration = Duration::from_secs(24 * 3600);

/// Reads a file whole for its airing, on a blocking thread.
async fn read_snapshot(path: &Path) -> Result<Snapshot, PlayerError> {
    let path = path.to_path_buf();
    tokio::task::spawn_blocking(move || Snapshot::read(&path))
        .await
        .unwrap_or(Err(PlayerError::ThreadGone))
}

/// Picks the file for a slot from the library and reads it whole for the airing. The bytes
/// read must be the ones the library probed and hashed: a file replaced or rewritten since
/// is probed again and the pick made again, so what airs is always a file that was checked,
/// and the log names the bytes that were played. A file that cannot be read for airing (too
/// large to hold in memory, gone unreadable) is left out of this slot's pick, so another
/// file in the folder airs instead; with none left, the slot's reason names it.
async fn pick_verified(
    config: &Arc<Config>,
    library: &Arc<Mutex<Library>>,
    ledger: &Arc<Mutex<Ledger>>,
    slot: &Slot,
) -> Result<(Chosen, Snapshot), NoFile> {
    let lang = config.station.lang;
    let mut refused: Vec<(PathBuf, String, library::Rejection)> = Vec::new();
    let mut changes = 0;
    while changes < 3 {
        let excluded: Vec<PathBuf> = refused.iter().map(|(path, ..)| path.clone()).collect();
        let picked = {
            let library = lock(library);
            let ledger = lock(ledger);
            plan::pick_for_slot_excluding(config, &library, &*ledger, slot, &[], &excluded)
        };
        let chosen = picked.map_err(|no_file| naming_refused(no_file, &refused))?;
        match read_snapshot(&chosen.path).await {
            Ok(snapshot) if snapshot.sha256 == chosen.sha256 => return Ok((chosen, snapshot)),
            Ok(_) => {
                tracing::warn!(file = %chosen.path.display(), "the file changed after it was checked; checking it again");
                changes += 1;
                let _ = lock(library).recheck(&chosen.path);
                probe_due(config, library).await;
            }
            Err(error) => {
                let rejection = error.rejection();
                tracing::warn!(file = %chosen.path.display(), reason = %rejection.describe(lang), "the file cannot be read for airing; it is left out of this slot");
                refused.push((chosen.path, chosen.name, rejection));
            }
        }
    }
    Err(NoFile::FilesKeptChanging)
}

/// Why a slot has no file once some could not be read for airing: those are named with
/// their reasons among the folder's files that will not air.
fn naming_refused(no_file: NoFile, refused: &[(PathBuf, String, library::Rejection)]) -> NoFile {
    if refused.is_empty() {
        return no_file;
    }
    let named = refused
        .iter()
        .map(|(_, name, rejection)| (name.clone(), rejection.clone()));
    match no_file {
        NoFile::NoneFit {
            folder,
            rejected,
            waiting,
        } => NoFile::NoneFit {
            folder,
            rejected: named.chain(rejected).collect(),
            waiting,
        },
        NoFile::NoFileForMonth { folder, .. }
        | NoFile::EmptyFolder { folder }
        | NoFile::AllAired { folder } => NoFile::NoneFit {
            folder,
            rejected: named.collect(),
            waiting: Vec::new(),
        },
        other @ (NoFile::NotConfigured | NoFile::FilesKeptChanging) => other,
    }
}

/// Probes every file that is due, one at a time on a blocking thread, without holding the
/// library while a file is read.
async fn probe_due(config: &Config, library: &Arc<Mutex<Library>>) {
    let jobs = lock(library).take_due_for_probe();
    for job in jobs {
        let examined = {
            let job = job.clone();
            tokio::task::spawn_blocking(move || library::examine(&job)).await
        };
        // A probe that panicked is recorded as unreadable rather than retried forever.
        let content = examined.unwrap_or_else(|error| {
            library::Content::Failed(library::Rejection::Unreadable(error.to_string()))
        });
        let recorded = lock(library).record_probe(&job, content);
        match recorded {
            Ok(Some(change)) => log_change(config, library, &change),
            Ok(None) => {}
            Err(error) => tracing::error!(%error, "the library index could not be updated"),
        }
    }
}

fn log_change(config: &Config, library: &Arc<Mutex<Library>>, change: &Change) {
    let lang = config.station.lang;
    match change {
        Change::Arrived(path) => {
            tracing::info!(file = %path.display(), "new file, waiting until it is completely copied");
        }
        Change::Removed(path) => tracing::info!(file = %path.display(), "file gone"),
        Change::Probed(path) => {
            let Some(entry) = lock(library).entry(path).cloned() else {
                return;
            };
            let owners = config
                .programmes
                .iter()
                .filter(|programme| path.parent() == Some(programme.folder.as_path()));
            for programme in owners {
                match library::evaluate(&entry, programme) {
                    library::FileState::Ready => tracing::info!(
                        programme = %programme.id,
                        file = %path.display(),
                        duration = %entry_duration(&entry, lang),
                        "file ready"
                    ),
                    library::FileState::Rejected(rejection) => tracing::warn!(
                        programme = %programme.id,
                        file = %path.display(),
                        reason = %rejection.describe(lang),
                        "file will not air"
                    ),
                    library::FileState::Waiting => {}
                }
            }
        }
    }
}

fn entry_duration(entry: &library::Entry, lang: Lang) -> String {
    match &entry.content {
        library::Content::Probed { probe, .. } => {
            crate::messages::time::spoken_duration(probe.duration, lang)
        }
        _ => String::new(),
    }
}

fn log_warnings(config: &Config, library: &Arc<Mutex<Library>>, ledger: &Arc<Mutex<Ledger>>) {
    let now = station_now(config.station.timezone);
    let aired = match lock(ledger).aired_contents() {
        Ok(aired) => aired,
        Err(error) => {
            tracing::error!(%error, "cannot read the log to check the coming slots");
            return;
        }
    };
    for warning in crate::storage::warnings(config) {
        tracing::warn!("{}", warning.describe(config.station.lang));
    }
    let warnings = plan::warnings(config, &lock(library), &aired, &now);
    for warning in warnings {
        tracing::warn!(
            programme = %warning.programme,
            slot = %warning.slot_at,
            "{}",
            warning.describe(config.station.lang)
        );
    }
}

/// Keeps the library in step with the folders while the daemon runs: events, probes, the
/// slow rescan, and the daily readiness warnings.
async fn keep_library(
    config: Arc<Config>,
    library: Arc<Mutex<Library>>,
    ledger: Arc<Mutex<Ledger>>,
    mut shutdown: Shutdown,
) {
    let folders = lock(&library).folders().to_vec();
    let mut folder_watch = match library::watch::watch(&folders) {
        Ok(folder_watch) => Some(folder_watch),
        Err(error) => {
            tracing::warn!(%error, "the audio folders cannot be watched; reading them every 5 s instead");
            None
        }
    };
    let every = if folder_watch.is_some() {
        RESCAN_EVERY
    } else {
        RESCAN_UNWATCHED
    };
    let mut rescan = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    let mut warn = tokio::time::interval(WARN_EVERY);
    loop {
        probe_due(&config, &library).await;
        let next_due = lock(&library)
            .next_due()
            .map(tokio::time::Instant::from_std);
        let changes = tokio::select! {
            event = async {
                match folder_watch.as_mut() {
                    Some(watch) => watch.events.recv().await,
                    None => std::future::pending().await,
                }
            } => {
                let Some(event) = event else {
                    folder_watch = None;
                    continue;
                };
                let mut library = lock(&library);
                match event {
                    FolderEvent::Closed(path) => library.observe(&path, Observation::Closed),
                    FolderEvent::Changed(path) => library.observe(&path, Observation::Written),
                    FolderEvent::Removed(path) => library.observe(&path, Observation::Scanned),
                    FolderEvent::Rescan => library.scan(),
                }
            }
            () = async {
                match next_due {
                    Some(at) => tokio::time::sleep_until(at).await,
                    None => std::future::pending().await,
                }
            } => continue,
            _ = rescan.tick() => lock(&library).scan(),
            _ = warn.tick() => {
                log_warnings(&config, &library, &ledger);
                continue;
            }
            () = shutdown.requested() => return,
        };
        match changes {
            Ok(changes) => {
                for change in &changes {
                    log_change(&config, &library, change);
                }
            }
            Err(error) => tracing::error!(%error, "the library index could not be updated"),
        }
    }
}

/// How far the airing on air has got, rewritten every few seconds, so that after a crash
/// or a power cut the log can say how much went out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OnAir {
    pub airing: i64,
    pub played_seconds: f64,
    pub at: String,
}

/// Where the on-air note lives: beside the log.
pub fn heartbeat_path(config: &Config) -> PathBuf {
    config.data_dir.join("on-air.json")
}

fn write_heartbeat(path: &Path, on_air: &OnAir) {
    write_note(path, on_air, "on-air");
}

/// Writes one of the daemon's small notes in the data folder: aside, synced, then renamed,
/// so a power cut leaves the old note or the new one, never half of one.
fn write_note(path: &Path, note: &impl Serialize, what: &str) {
    let Ok(mut text) = serde_json::to_string(note) else {
        return;
    };
    // Always the same size (JSON allows the trailing spaces), so that on a full disk a new
    // note can still be written over the old one's blocks, whatever it holds.
    if text.len() < NOTE_SIZE {
        text.push_str(&" ".repeat(NOTE_SIZE - 1 - text.len()));
        text.push('\n');
    }
    let partial = path.with_extension("json.partial");
    let written = std::fs::File::create(&partial).and_then(|mut file| {
        use std::io::Write;
        file.write_all(text.as_bytes())?;
        file.sync_all()
    });
    if written
        .and_then(|()| std::fs::rename(&partial, path))
        .is_ok()
    {
        return;
    }
    let _ = std::fs::remove_file(&partial);
    // A full disk has no room for a new file, but the old note's own blocks can be written
    // over: the note stays true, so a restart does not blame downtime that did not happen.
    if overwrite_in_place(path, &text).is_err() {
        tracing::warn!(file = %path.display(), "cannot write the {what} note");
    }
}

/// The size every note is written at.
const NOTE_SIZE: usize = 512;

/// Writes `text` over the start of an existing file, padded with spaces to the file's
/// length (JSON allows trailing white space), without asking for any new block.
fn overwrite_in_place(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::{Seek, Write};
    let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
    let length = usize::try_from(file.metadata()?.len()).unwrap_or(0);
    if text.len() > length {
        return Err(std::io::Error::other("the note grew"));
    }
    let mut padded = text.as_bytes().to_vec();
    padded.resize(length, b' ');
    file.seek(std::io::SeekFrom::Start(0))?;
    file.write_all(&padded)?;
    file.sync_data()
}

/// Closes airings a crash or power cut left open, so the log never shows one as on air,
/// with how far each got when the on-air note says.
fn close_open_airings(
    ledger: &Arc<Mutex<Ledger>>,
    timezone: Tz,
    heartbeat: &Path,
) -> Result<Vec<(String, DateTime<Tz>, String)>, DaemonError> {
    let mut cut_off = Vec::new();
    let note: Option<OnAir> = std::fs::read_to_string(heartbeat)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok());
    let mut ledger = lock(ledger);
    for open in ledger.open_airings()? {
        let known = note.as_ref().filter(|note| note.airing == open.airing);
        let played_seconds = known.map_or(0.0, |note| note.played_seconds);
        let ended_at = known
            .and_then(|note| DateTime::parse_from_rfc3339(&note.at).ok())
            .map_or_else(|| station_now(timezone), |at| at.with_timezone(&timezone));
        let reason = match known {
            Some(note) => format!(
                "wardcast stopped during this airing (power cut or crash) after about {}",
                crate::messages::time::spoken_duration(
                    Duration::from_secs_f64(note.played_seconds.max(0.0)),
                    Lang::En
                )
            ),
            None => "wardcast stopped during this airing (power cut or crash); how far it got is not known".to_string(),
        };
        tracing::warn!(programme = %open.programme, airing = open.airing, %reason, "closing an airing cut off");
        ledger.record_end(&AiringEnd {
            airing: AiringId(open.airing),
            programme: &open.programme,
            trigger: open.trigger,
            ended_at,
            played_seconds,
            outcome: Outcome::Interrupted,
            reason: Some(&reason),
            evidence: None,
        })?;
        let scheduled = open
            .scheduled_ms
            .and_then(DateTime::<Utc>::from_timestamp_millis)
            .map(|at| at.with_timezone(&timezone));
        if let (Trigger::Schedule, Some(scheduled)) = (open.trigger, scheduled) {
            cut_off.push((open.programme.clone(), scheduled, reason));
        }
    }
    let _ = std::fs::remove_file(heartbeat);
    Ok(cut_off)
}

/// Sets the log up for the run: the spare disk, records a stopped wardcast left waiting,
/// the witness brought up to date. None of it may keep the station off air: a full disk or
/// an unplugged spare disk is said in the daemon's log and the run goes on.
pub fn prepare_ledger(ledger: &mut Ledger, config: &Config) {
    if let Some(spare) = &config.spare_dir {
        let used = ledger
            .use_spare(spare)
            .and_then(|()| ledger.recover_waiting(config.station.timezone));
        if let Err(error) = used {
            tracing::error!(folder = %spare.display(), %error, "the spare folder cannot be used now: no copy of the witness and no journal of waiting records are kept until it can; check that its disk is plugged in");
        }
    }
    if let Err(error) = ledger.check_witness() {
        tracing::error!(%error, "the witness file of the airing log cannot be brought up to date now; it is caught up at the next record that can be written");
    }
}

/// How often records that could not be written are tried again.
const FLUSH_EVERY: Duration = Duration::from_secs(5);

/// Writes records that wait in memory (the disk was full) as soon as the log takes them.
async fn flush_waiting_records(ledger: Arc<Mutex<Ledger>>, mut shutdown: Shutdown) {
    let mut every = tokio::time::interval(FLUSH_EVERY);
    loop {
        tokio::select! {
            _ = every.tick() => {
                lock(&ledger).flush();
            }
            () = shutdown.requested() => return,
        }
    }
}

/// When wardcast was last known to be running, rewritten while it runs, so that after a
/// stop the slots it could not play are accounted for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Alive {
    at: String,
    /// Every slot up to here is in the log; later ones may have been pending.
    accounted_until: String,
    /// The earliest slot whose record still waited in memory (the log could not be
    /// written): if wardcast stops now, slots from here on may have aired unrecorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    unrecorded_from: Option<String>,
}

fn alive_path(config: &Config) -> PathBuf {
    config.data_dir.join("alive.json")
}

fn write_alive(path: &Path, now: &DateTime<Tz>, accounted: &Accounted) {
    let alive = Alive {
        at: timestamp(now),
        accounted_until: timestamp(&accounted.until),
        unrecorded_from: accounted.unrecorded_from.as_ref().map(timestamp),
    };
    write_note(path, &alive, "alive");
}

/// What the notes in the data folder say of the last run: when it was last alive, and up to
/// when every slot was in the log.
struct LastRun {
    alive: DateTime<Tz>,
    accounted_until: DateTime<Tz>,
    unrecorded_from: Option<DateTime<Tz>>,
}

fn last_run(config: &Config, timezone: Tz) -> Option<LastRun> {
    let read = |path: PathBuf, field: &str| -> Option<DateTime<Tz>> {
        let text = std::fs::read_to_string(path).ok()?;
        let value: serde_json::Value = serde_json::from_str(&text).ok()?;
        let at = DateTime::parse_from_rfc3339(value.get(field)?.as_str()?).ok()?;
        Some(at.with_timezone(&timezone))
    };
    let accounted_until = read(alive_path(config), "accounted_until")?;
    let alive = [
        read(alive_path(config), "at"),
        read(heartbeat_path(config), "at"),
    ]
    .into_iter()
    .flatten()
    .max()?;
    Some(LastRun {
        alive,
        accounted_until,
        unrecorded_from: read(alive_path(config), "unrecorded_from"),
    })
}

/// How far the log accounts for the schedule, as the alive note keeps it.
struct Accounted {
    /// Every slot up to here is in the log: just before the earliest one still pending, or
    /// whose record still waits in memory (a crash now would lose it).
    until: DateTime<Tz>,
    /// The earliest slot whose record waits in memory, if any.
    unrecorded_from: Option<DateTime<Tz>>,
}

fn accounted(cursor: &DateTime<Tz>, pending: &[Pending], ledger: &Arc<Mutex<Ledger>>) -> Accounted {
    let unrecorded_from = lock(ledger)
        .earliest_waiting_slot_ms()
        .and_then(DateTime::<Utc>::from_timestamp_millis)
        .map(|at| at.with_timezone(&cursor.timezone()));
    let until = pending
        .iter()
        .map(|p| p.slot.at)
        .chain(unrecorded_from)
        .map(|at| at - chrono::Duration::milliseconds(1))
        .min()
        .map_or(*cursor, |earliest| earliest.min(*cursor));
    Accounted {
        until,
        unrecorded_from,
    }
}

/// Whether the log already accounts for a slot (aired, missed, failed or interrupted).
/// A log that cannot be read (replaced by something that is not one) must not stop the
/// station: the slot is taken as not yet logged, and the problem said.
fn in_log(ledger: &Arc<Mutex<Ledger>>, config: &Config, slot: &Slot) -> Result<bool, DaemonError> {
    let Some(programme) = config.programmes.get(slot.programme) else {
        return Ok(true);
    };
    match lock(ledger).last_slot_ms(&programme.id) {
        Ok(last) => Ok(last.is_some_and(|last| slot.at.timestamp_millis() <= last)),
        Err(error) => {
            tracing::error!(%error, "the airing log cannot be read; run `wardcast verify`");
            Ok(false)
        }
    }
}

/// The airing most recently on air, to tell an overlap from other lateness.
struct LastOnAir {
    title: String,
    from: DateTime<Tz>,
    until: DateTime<Tz>,
}

/// Runs the station until `shutdown`.
pub async fn run(
    config: Config,
    options: RunOptions,
    mut shutdown: Shutdown,
) -> Result<(), DaemonError> {
    let _lock = lock_data_folder(&config)?;
    let mut config = Arc::new(config);
    let timezone = config.station.timezone;
    let mut ledger = Ledger::open(&config.ledger_path())?;
    prepare_ledger(&mut ledger, &config);
    let ledger = Arc::new(Mutex::new(ledger));
    let heartbeat = heartbeat_path(&config);
    let started = station_now(timezone);
    let previous = last_run(&config, timezone);
    let cut_off = close_open_airings(&ledger, timezone, &heartbeat)?;
    let mut library = Arc::new(Mutex::new(Library::open(&config)?));
    let arrived = lock(&library).scan()?;
    let player = Player::start(&config.output.device, config.output.dead_air)?;
    tracing::info!(
        station = %config.station.name,
        programmes = config.programmes.len(),
        files = arrived.len(),
        ledger = %config.ledger_path().display(),
        device = %config.output.device,
        "wardcast is running"
    );
    let mut keeper = tokio::spawn(keep_library(
        Arc::clone(&config),
        Arc::clone(&library),
        Arc::clone(&ledger),
        shutdown.clone(),
    ));
    let mut reloads = reload_requests(&config);
    let (emergency_count, _) = watch::channel(0u64);
    let (arrivals, mut announced) = watch::channel(0u64);
    let announcements = Arc::new(Mutex::new(Vec::<Announcement>::new()));
    let (incoming, requests) = mpsc::unbounded_channel();
    #[cfg(unix)]
    let _listener = match control::listen(&config.data_dir, incoming) {
        Ok(listener) => Some(listener),
        Err(error) => {
            tracing::warn!(%error, "announcements from `wardcast play --now` cannot be received");
            None
        }
    };
    #[cfg(not(unix))]
    drop(incoming);
    tokio::spawn(take_announcements(
        requests,
        Arc::clone(&announcements),
        emergency_count.clone(),
        arrivals,
        timezone,
        shutdown.clone(),
    ));
    tokio::spawn(flush_waiting_records(Arc::clone(&ledger), shutdown.clone()));
    service::notify_ready();
    let _watchdog = service::spawn_watchdog();

    // Slots that passed while wardcast was down, and airings a crash cut off.
    let mut pending: Vec<Pending> = Vec::new();
    if let Some(previous) = previous {
        let from = previous.accounted_until;
        for slot in schedule::slots_between(&config.programmes, &from, &started) {
            if !in_log(&ledger, &config, &slot)? {
                // A slot whose record was still waiting in memory when wardcast stopped
                // may well have aired: it is never aired again, and the log says why.
                let unrecorded = previous
                    .unrecorded_from
                    .is_some_and(|from| from <= slot.at && slot.at <= previous.alive);
                let cause = if unrecorded {
                    LateCause::Unrecorded {
                        stopped: previous.alive,
                    }
                } else {
                    LateCause::Down {
                        since: previous.alive,
                        until: started,
                    }
                };
                pending.push(Pending {
                    slot,
                    cause: Some(cause),
                });
            }
        }
    }
    for (programme, at, why) in cut_off {
        if let Some(index) = config.programmes.iter().position(|p| p.id == programme) {
            pending.push(Pending {
                slot: Slot {
                    programme: index,
                    at,
                },
                cause: Some(LateCause::Interrupted { why }),
            });
        }
    }

    let mut last_on_air: Option<LastOnAir> = None;
    if options.demo {
        run_demo(&config, &player, &ledger, &mut shutdown).await?;
        last_on_air = Some(LastOnAir {
            title: DEMO_PROGRAMME.to_string(),
            from: started,
            until: station_now(timezone),
        });
    }

    let alive = alive_path(&config);
    let lead = chrono::Duration::from_std(PREPARE_LEAD).unwrap_or_default();
    let mut cursor = started;
    while !shutdown.is_requested() {
        let now = station_now(timezone);
        // Collect every slot that is due (or about to be) and not yet in the log.
        let horizon = now + lead;
        if horizon > cursor {
            for slot in schedule::slots_between(&config.programmes, &cursor, &horizon) {
                if in_log(&ledger, &config, &slot)? {
                    // Already accounted for (the clock went back, or a restart): never twice.
                    continue;
                }
                let late = (now - slot.at)
                    .to_std()
                    .is_ok_and(|late| late > dispatch::ON_TIME);
                let cause = match &last_on_air {
                    Some(on_air) if on_air.from <= slot.at && slot.at <= on_air.until => {
                        Some(LateCause::Overlap {
                            on_air: on_air.title.clone(),
                        })
                    }
                    _ if late => Some(LateCause::ClockJump),
                    _ => None,
                };
                pending.push(Pending { slot, cause });
            }
            cursor = horizon;
        }
        write_alive(&alive, &now, &accounted(&cursor, &pending, &ledger));
        if let Some(announcement) = next_announcement(&announcements, &config, &pending) {
            let job = AiringJob {
                programme: ANNOUNCEMENT_PROGRAMME.to_string(),
                trigger: Trigger::Manual,
                scheduled_at: None,
                start_at: station_now(timezone),
                chosen: announcement.chosen,
                snapshot: None,
                note: Some(format!("announcement ({:?})", announcement.priority).to_lowercase()),
                retry_until: Some(station_now(timezone) + chrono::Duration::seconds(60)),
                cut_in: None,
                emergencies: None,
            };
            let report =
                carry_out(&player, &ledger, timezone, &job, &heartbeat, &mut shutdown).await?;
            if report.cancelled {
                // Stopped before its first sample: accounted for here, as nothing else will.
                lock(&ledger).record_not_aired(&NotAired {
                    programme: ANNOUNCEMENT_PROGRAMME,
                    trigger: Trigger::Manual,
                    scheduled_at: None,
                    recorded_at: station_now(timezone),
                    file: Some(&job.chosen.path),
                    outcome: Outcome::Missed,
                    reason: &format!(
                        "stopped before it started: {}",
                        report.reason.as_deref().unwrap_or("shutdown")
                    ),
                })?;
            }
            let until = station_now(timezone);
            for waiting in pending
                .iter_mut()
                .filter(|p| p.cause.is_none() && p.slot.at <= until)
            {
                waiting.cause = Some(LateCause::Overlap {
                    on_air: ANNOUNCEMENT_PROGRAMME.to_string(),
                });
            }
            last_on_air = Some(LastOnAir {
                title: ANNOUNCEMENT_PROGRAMME.to_string(),
                from: job.start_at,
                until,
            });
            continue;
        }
        if pending.is_empty() {
            let next = schedule::next_slot(&config.programmes, &cursor);
            let wake = next.map_or(now + chrono::Duration::seconds(60), |slot| slot.at - lead);
            let wake = wake.min(now + chrono::Duration::seconds(60));
            tokio::select! {
                _ = sleep_until_wall(&wake, &mut shutdown) => {}
                _ = announced.changed() => {}
                Some(()) = reloads.recv() => {
                    if let Some(new) = reload(&config) {
                        config = Arc::new(new);
                        keeper.abort();
                        library = Arc::new(Mutex::new(Library::open(&config)?));
                        lock(&library).scan()?;
                        keeper = tokio::spawn(keep_library(
                            Arc::clone(&config),
                            Arc::clone(&library),
                            Arc::clone(&ledger),
                            shutdown.clone(),
                        ));
                    }
                }
            }
            continue;
        }
        dispatch::order(&config, &mut pending);
        let next = pending.remove(0);
        let Some(programme) = config.programmes.get(next.slot.programme).cloned() else {
            continue;
        };
        let slot = next.slot.clone();
        match dispatch::decide(&config, &now, &next) {
            Decision::Drop => {}
            Decision::Miss { reason } => {
                record_missed(&ledger, timezone, &programme.id, &slot, &reason)?;
            }
            Decision::Air { start_at, note } => {
                let Some((chosen, snapshot)) =
                    pick_for_airing(&config, &library, &ledger, &slot, &start_at).await?
                else {
                    continue;
                };
                if let Some(reason) = dispatch::runs_past_window(
                    &config,
                    &programme,
                    &start_at,
                    chosen.probe.duration,
                ) {
                    record_missed(&ledger, timezone, &programme.id, &slot, &reason)?;
                    continue;
                }
                tracing::info!(
                    programme = %programme.id,
                    file = %chosen.name,
                    duration = %crate::messages::time::spoken_duration(chosen.probe.duration, config.station.lang),
                    note = note.as_deref().unwrap_or(""),
                    "file picked"
                );
                let cut_in = if programme.priority == Priority::Emergency {
                    None
                } else {
                    next_emergency(&config, &start_at, chosen.probe.duration)
                };
                let max_wait = chrono::Duration::from_std(programme.max_delay).unwrap_or_default();
                let job = AiringJob {
                    programme: programme.id.clone(),
                    trigger: Trigger::Schedule,
                    scheduled_at: Some(slot.at),
                    start_at,
                    chosen,
                    snapshot: Some(snapshot),
                    note,
                    retry_until: Some(slot.at + max_wait),
                    cut_in,
                    emergencies: Some(emergency_count.subscribe()),
                };
                let report =
                    carry_out(&player, &ledger, timezone, &job, &heartbeat, &mut shutdown).await?;
                if report.cancelled {
                    // Nothing went out and nothing was logged: the slot stays open, to be
                    // accounted for by the next run.
                    pending.push(next);
                    continue;
                }
                let until = station_now(timezone);
                // Slots that came due while this was on air waited for it.
                for waiting in pending
                    .iter_mut()
                    .filter(|p| p.cause.is_none() && p.slot.at <= until)
                {
                    waiting.cause = Some(LateCause::Overlap {
                        on_air: programme.title.clone(),
                    });
                }
                last_on_air = Some(LastOnAir {
                    title: programme.title.clone(),
                    from: start_at,
                    until,
                });
                if report.outcome == Outcome::Interrupted && !shutdown.is_requested() {
                    pending.push(Pending {
                        slot,
                        cause: Some(LateCause::Interrupted {
                            why: report.reason.unwrap_or_default(),
                        }),
                    });
                }
            }
        }
    }
    write_alive(
        &alive,
        &station_now(timezone),
        &accounted(&cursor, &pending, &ledger),
    );
    account_for_waiting_announcements(&announcements, &ledger, timezone)?;
    keeper.abort();
    let _ = keeper.await;
    tracing::info!("wardcast stopped");
    Ok(())
}

/// How many announcements may wait to air at once; more are refused, so every one accepted
/// can be carried out and accounted for.
pub const MAX_WAITING_ANNOUNCEMENTS: usize = 16;

/// A file handed in by `wardcast play --now`, checked and waiting to air.
struct Announcement {
    chosen: Chosen,
    priority: Priority,
}

/// Checks each announcement's file, answers the sender, and queues what will air. An
/// emergency also bumps the counter that cuts the airing on air.
async fn take_announcements(
    mut requests: mpsc::UnboundedReceiver<control::Incoming>,
    queue: Arc<Mutex<Vec<Announcement>>>,
    emergencies: watch::Sender<u64>,
    arrivals: watch::Sender<u64>,
    timezone: Tz,
    shutdown: Shutdown,
) {
    while let Some(incoming) = requests.recv().await {
        let waiting = lock(&queue).len();
        if shutdown.is_requested() || waiting >= MAX_WAITING_ANNOUNCEMENTS {
            let message = if shutdown.is_requested() {
                "wardcast is stopping and takes no more announcements; send it again once \
                 wardcast runs"
                    .to_string()
            } else {
                format!(
                    "{waiting} announcements are already waiting to air; send this one again \
                     when they have aired"
                )
            };
            let _ = incoming.reply.send(control::AnnounceReply {
                accepted: false,
                message,
            });
            continue;
        }
        let file = incoming.request.file.clone();
        let priority = incoming.request.priority;
        let checked = tokio::task::spawn_blocking(move || chosen_file(&file, Lang::En)).await;
        let reply = match checked {
            Ok(Ok(chosen)) => {
                let chosen_path = chosen.path.clone();
                let message = format!(
                    "{} will air {}",
                    chosen.name,
                    match priority {
                        Priority::Emergency => "now, cutting in",
                        Priority::Priority => "as soon as the airing on air ends",
                        Priority::Normal => "when nothing else is due",
                    }
                );
                {
                    // Looked at again under the lock: the queue is emptied into the log under
                    // it once shutdown is asked, and nothing may come in after.
                    let mut waiting = lock(&queue);
                    if shutdown.is_requested() {
                        let _ = incoming.reply.send(control::AnnounceReply {
                            accepted: false,
                            message: "wardcast is stopping and takes no more announcements; \
                                      send it again once wardcast runs"
                                .to_string(),
                        });
                        continue;
                    }
                    waiting.push(Announcement { chosen, priority });
                }
                tracing::info!(file = %chosen_path.display(), ?priority, at = %station_now(timezone), "announcement received");
                if priority == Priority::Emergency {
                    emergencies.send_modify(|count| *count += 1);
                }
                arrivals.send_modify(|count| *count += 1);
                control::AnnounceReply {
                    accepted: true,
                    message,
                }
            }
            Ok(Err(reason)) => control::AnnounceReply {
                accepted: false,
                message: format!(
                    "{} cannot be played: {reason}",
                    incoming.request.file.display()
                ),
            },
            Err(error) => control::AnnounceReply {
                accepted: false,
                message: error.to_string(),
            },
        };
        let _ = incoming.reply.send(reply);
    }
}

/// Logs every announcement still waiting when wardcast stops as missed, so none that was
/// accepted disappears.
fn account_for_waiting_announcements(
    queue: &Arc<Mutex<Vec<Announcement>>>,
    ledger: &Arc<Mutex<Ledger>>,
    timezone: Tz,
) -> Result<(), DaemonError> {
    let waiting = std::mem::take(&mut *lock(queue));
    for announcement in waiting {
        tracing::warn!(file = %announcement.chosen.path.display(), "announcement not aired: wardcast is stopping");
        lock(ledger).record_not_aired(&NotAired {
            programme: ANNOUNCEMENT_PROGRAMME,
            trigger: Trigger::Manual,
            scheduled_at: None,
            recorded_at: station_now(timezone),
            file: Some(&announcement.chosen.path),
            outcome: Outcome::Missed,
            reason: "shutdown: wardcast stopped before this announcement could air",
        })?;
    }
    Ok(())
}

/// The announcement to air next, if one goes before the pending slots: an emergency always,
/// a priority one unless an emergency or priority slot is pending, a normal one only when
/// nothing is pending.
fn next_announcement(
    queue: &Arc<Mutex<Vec<Announcement>>>,
    config: &Config,
    pending: &[Pending],
) -> Option<Announcement> {
    let mut queue = lock(queue);
    let highest_pending = pending
        .iter()
        .filter_map(|p| config.programmes.get(p.slot.programme))
        .map(|programme| programme.priority)
        .max();
    let position = queue
        .iter()
        .enumerate()
        .max_by_key(|(index, a)| (a.priority, std::cmp::Reverse(*index)))
        .map(|(index, _)| index)?;
    let priority = queue[position].priority;
    let goes_first = match priority {
        Priority::Emergency => true,
        Priority::Priority => highest_pending.is_none_or(|p| p < Priority::Priority),
        Priority::Normal => highest_pending.is_none(),
    };
    goes_first.then(|| queue.remove(position))
}

/// The first emergency slot that falls inside an airing from `start` lasting `length`.
fn next_emergency(config: &Config, start: &DateTime<Tz>, length: Duration) -> Option<CutIn> {
    let end = *start + chrono::Duration::from_std(length).unwrap_or_default();
    schedule::slots_between(&config.programmes, start, &end)
        .into_iter()
        .find(|slot| {
            config
                .programmes
                .get(slot.programme)
                .is_some_and(|programme| programme.priority == Priority::Emergency)
        })
        .and_then(|slot| {
            Some(CutIn {
                at: slot.at,
                title: config.programmes.get(slot.programme)?.title.clone(),
            })
        })
}

/// How long past its start an airing waits for a probe of its folder already under way.
const PROBE_WAIT_CAP: chrono::Duration = chrono::Duration::seconds(30);

/// Picks the file for an airing; a file still being copied is given until a second before
/// the start. Logs the slot as missed and gives `None` when nothing fits.
async fn pick_for_airing(
    config: &Arc<Config>,
    library: &Arc<Mutex<Library>>,
    ledger: &Arc<Mutex<Ledger>>,
    slot: &Slot,
    start_at: &DateTime<Tz>,
) -> Result<Option<(Chosen, Snapshot)>, DaemonError> {
    let timezone = config.station.timezone;
    // Files that are complete but not yet looked at (just found by a scan) are probed now
    // rather than reported as still being copied.
    probe_due(config, library).await;
    let mut picked = pick_verified(config, library, ledger, slot).await;
    let folder = config
        .programmes
        .get(slot.programme)
        .map(|programme| programme.folder.clone());
    // A file still being copied is given until a second before the start; a file the
    // library keeper is probing right now is waited for (up to the cap), since its verdict
    // is moments away.
    let probing = || {
        folder
            .as_deref()
            .is_some_and(|folder| lock(library).probing_in(folder))
    };
    while matches!(&picked, Err(NoFile::NoneFit { waiting, .. }) if !waiting.is_empty())
        && (station_now(timezone) + chrono::Duration::seconds(1) < *start_at
            || (probing() && station_now(timezone) < *start_at + PROBE_WAIT_CAP))
    {
        tokio::time::sleep(Duration::from_millis(250)).await;
        probe_due(config, library).await;
        picked = pick_verified(config, library, ledger, slot).await;
    }
    match picked {
        Ok(chosen) => Ok(Some(chosen)),
        Err(no_file) => {
            let programme = config
                .programmes
                .get(slot.programme)
                .map_or("", |programme| programme.id.as_str());
            record_missed(
                ledger,
                timezone,
                programme,
                slot,
                &no_file.describe(config.station.lang),
            )?;
            Ok(None)
        }
    }
}

/// Reads the configuration again; a configuration that does not validate is refused and the
/// running one kept.
fn reload(current: &Config) -> Option<Config> {
    match Config::load(&current.source) {
        Ok(mut new) => {
            new.station.lang = current.station.lang;
            tracing::info!(file = %current.source.display(), programmes = new.programmes.len(), "configuration reloaded");
            Some(new)
        }
        Err(error) => {
            tracing::error!(%error, "the changed configuration has an error; the running one is kept");
            None
        }
    }
}

/// SIGHUP, and changes to the configuration file, as reload requests.
fn reload_requests(config: &Config) -> mpsc::UnboundedReceiver<()> {
    let (sender, receiver) = mpsc::unbounded_channel();
    #[cfg(unix)]
    {
        let sender = sender.clone();
        tokio::spawn(async move {
            use tokio::signal::unix::{signal, SignalKind};
            let Ok(mut hangups) = signal(SignalKind::hangup()) else {
                return;
            };
            while hangups.recv().await.is_some() {
                tracing::info!("reload requested (SIGHUP)");
                if sender.send(()).is_err() {
                    return;
                }
            }
        });
    }
    if let Some(folder) = config.source.parent() {
        let file = config.source.clone();
        let folder = if folder.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            folder.to_path_buf()
        };
        let canonical_file = std::fs::canonicalize(&file).unwrap_or(file);
        let watched = library::watch::watch(std::slice::from_ref(&folder));
        match watched {
            Ok(watch) => {
                tokio::spawn(async move {
                    // The whole watch, not just its channel: dropping the watcher ends events.
                    let mut watch = watch;
                    while let Some(event) = watch.events.recv().await {
                        let touched = match &event {
                            FolderEvent::Closed(path) => {
                                std::fs::canonicalize(path).is_ok_and(|path| path == canonical_file)
                            }
                            _ => false,
                        };
                        if touched {
                            tracing::info!("the configuration file changed");
                            if sender.send(()).is_err() {
                                return;
                            }
                        }
                    }
                });
            }
            Err(error) => {
                tracing::warn!(%error, "changes to the configuration file will not be noticed; send SIGHUP to reload")
            }
        }
    }
    receiver
}

/// Holds the data folder for this process alone (the daemon, or a sound check) while it runs:
/// two of them would fight over the sound card and close each other's airings.
pub fn lock_data_folder(config: &Config) -> Result<std::fs::File, DaemonError> {
    let path = config.data_dir.join("wardcast.lock");
    std::fs::create_dir_all(&config.data_dir).map_err(|source| DaemonError::Lock {
        path: path.clone(),
        detail: source.to_string(),
    })?;
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|source| DaemonError::Lock {
            path: path.clone(),
            detail: source.to_string(),
        })?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => {
            Err(DaemonError::AlreadyRunning(config.data_dir.clone()))
        }
        Err(std::fs::TryLockError::Error(error)) => Err(DaemonError::Lock {
            path,
            detail: error.to_string(),
        }),
    }
}

fn record_missed(
    ledger: &Arc<Mutex<Ledger>>,
    timezone: Tz,
    programme: &str,
    slot: &Slot,
    reason: &str,
) -> Result<(), DaemonError> {
    tracing::warn!(%programme, slot = %slot.at, %reason, "missed");
    lock(ledger).record_not_aired(&NotAired {
        programme,
        trigger: Trigger::Schedule,
        scheduled_at: Some(slot.at),
        recorded_at: station_now(timezone),
        file: None,
        outcome: Outcome::Missed,
        reason,
    })?;
    Ok(())
}

async fn run_demo(
    config: &Arc<Config>,
    player: &Player,
    ledger: &Arc<Mutex<Ledger>>,
    shutdown: &mut Shutdown,
) -> Result<(), DaemonError> {
    let timezone = config.station.timezone;
    let path = config.audio_dir.join(DEMO_FILE);
    let chosen = chosen_file(&path, config.station.lang)
        .map_err(|_| DaemonError::DemoMissing(path.clone()))?;
    let start_at =
        station_now(timezone) + chrono::Duration::from_std(DEMO_DELAY).unwrap_or_default();
    tracing::info!(file = %path.display(), at = %start_at, "demo airing");
    let job = AiringJob {
        programme: DEMO_PROGRAMME.to_string(),
        trigger: Trigger::Demo,
        scheduled_at: Some(start_at),
        start_at,
        chosen,
        snapshot: None,
        note: None,
        retry_until: None,
        cut_in: None,
        emergencies: None,
    };
    carry_out(
        player,
        ledger,
        timezone,
        &job,
        &heartbeat_path(config),
        shutdown,
    )
    .await?;
    Ok(())
}

/// Probes and hashes a file named directly (demo, `wardcast play`), outside any programme.
pub fn chosen_file(path: &Path, lang: Lang) -> Result<Chosen, String> {
    // The log names files by their full path, whatever the command line said.
    let path = &std::fs::canonicalize(path).map_err(|error| error.to_string())?;
    // The probe opens only regular files, without waiting: a named pipe or a device is
    // refused before anything could block on it.
    let probe = library::probe(path).map_err(|rejection| rejection.describe(lang))?;
    let sha256 = library::sha256_file(path).map_err(|error| error.to_string())?;
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Chosen {
        path: path.to_path_buf(),
        name,
        probe,
        sha256,
    })
}
