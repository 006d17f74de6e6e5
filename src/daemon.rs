//! The running station: ties schedule, library, player and ledger together on tokio.
//! It carries out decisions and records them; what is due and which file airs are decided
//! by `schedule` and `library`. Shutdown comes through one signal, `Shutdown`.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use tokio::sync::{mpsc, watch};

use crate::config::{Config, Lang};
use serde::{Deserialize, Serialize};

use crate::ledger::{
    timestamp, AiringEnd, AiringId, AiringStart, Ledger, LedgerError, NotAired, Outcome, Trigger,
};
use crate::library::watch::FolderEvent;
use crate::library::{self, Change, Chosen, IndexError, Library, NoFile, Observation};
use crate::plan;
use crate::player::{AirRequest, Ending, Player, PlayerError, PlayerEvent};
use crate::schedule::{self, Slot};

/// How long before a slot the file is picked, probed and hashed and the device opened.
/// Long enough for a 15-minute mp3 to be hashed on a slow PC; the start itself is placed
/// on the exact instant by the player.
pub const PREPARE_LEAD: Duration = Duration::from_secs(4);

/// The longest the daemon sleeps without looking at the clock again, so a corrected clock
/// is noticed within a minute.
const LONGEST_SLEEP: Duration = Duration::from_secs(60);

/// A slot reached more than this late (the previous airing ran over it) is missed rather
/// than started late.
const LATE_LIMIT: Duration = Duration::from_secs(60);

/// How long after start-up the `--demo` airing goes out.
pub const DEMO_DELAY: Duration = Duration::from_secs(5);

/// The name the `--demo` airing carries in the log.
pub const DEMO_PROGRAMME: &str = "demo";

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

/// Sleeps until the wall clock reads `at`, or shutdown. Returns false on shutdown.
async fn sleep_until_wall(at: &DateTime<Tz>, shutdown: &mut Shutdown) -> bool {
    loop {
        if shutdown.is_requested() {
            return false;
        }
        let now = Utc::now();
        let remaining = (at.with_timezone(&Utc) - now).to_std().unwrap_or_default();
        if remaining.is_zero() {
            return true;
        }
        tokio::select! {
            () = tokio::time::sleep(remaining.min(LONGEST_SLEEP)) => {}
            () = shutdown.requested() => return false,
        }
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
}

/// The log of an airing carried out, as the caller may want to print it.
#[derive(Debug, Clone, PartialEq)]
pub struct AiringReport {
    pub outcome: Outcome,
    pub reason: Option<String>,
    pub played: Duration,
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
    let (events, mut receiver) = mpsc::unbounded_channel();
    player.air(AirRequest {
        file: job.chosen.path.clone(),
        start_at: to_system_time(&job.start_at),
        events,
    })?;
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
                    sha256: &job.chosen.sha256,
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
                    Ending::Complete => (Outcome::Aired, None),
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
                });
            }
            PlayerEvent::Failed { error } => {
                let reason = error.to_string();
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
                return Ok(AiringReport {
                    outcome: Outcome::Failed,
                    reason: Some(reason),
                    played: Duration::ZERO,
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

/// Picks the file for a slot from the library, and checks on disk that the file is still
/// the one that was probed (a file replaced since is probed again first).
async fn pick_verified(
    config: &Arc<Config>,
    library: &Arc<Mutex<Library>>,
    ledger: &Arc<Mutex<Ledger>>,
    slot: &Slot,
) -> Result<Chosen, NoFile> {
    for _ in 0..3 {
        let chosen = {
            let library = lock(library);
            let ledger = lock(ledger);
            plan::pick_for_slot(config, &library, &*ledger, slot, &[])?
        };
        let unchanged = {
            let before = lock(library).entry(&chosen.path).cloned();
            let changes = lock(library).observe(&chosen.path, Observation::Scanned);
            let after = lock(library).entry(&chosen.path).cloned();
            changes.is_ok() && before == after
        };
        if unchanged {
            return Ok(chosen);
        }
        probe_due(config, library).await;
    }
    Err(NoFile::Other(
        "the programme's files kept changing while the airing was prepared".into(),
    ))
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
        library::Content::Probed { probe, .. } => library::spoken_duration(probe.duration, lang),
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
    let Ok(text) = serde_json::to_string(on_air) else {
        return;
    };
    // Written aside and renamed, so a power cut leaves the old note or the new one.
    let partial = path.with_extension("json.partial");
    let written = std::fs::File::create(&partial).and_then(|mut file| {
        use std::io::Write;
        file.write_all(text.as_bytes())?;
        file.sync_all()
    });
    if written
        .and_then(|()| std::fs::rename(&partial, path))
        .is_err()
    {
        tracing::warn!(file = %path.display(), "cannot write the on-air note");
    }
}

/// Closes airings a crash or power cut left open, so the log never shows one as on air,
/// with how far each got when the on-air note says.
fn close_open_airings(
    ledger: &Arc<Mutex<Ledger>>,
    timezone: Tz,
    heartbeat: &Path,
) -> Result<(), DaemonError> {
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
                library::spoken_duration(
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
            trigger: Trigger::Schedule,
            ended_at,
            played_seconds,
            outcome: Outcome::Interrupted,
            reason: Some(&reason),
            evidence: None,
        })?;
    }
    let _ = std::fs::remove_file(heartbeat);
    Ok(())
}

/// Runs the station until `shutdown`.
pub async fn run(
    config: Config,
    options: RunOptions,
    mut shutdown: Shutdown,
) -> Result<(), DaemonError> {
    let config = Arc::new(config);
    let timezone = config.station.timezone;
    let lang = config.station.lang;
    let ledger = Arc::new(Mutex::new(Ledger::open(&config.ledger_path())?));
    let heartbeat = heartbeat_path(&config);
    close_open_airings(&ledger, timezone, &heartbeat)?;
    let library = Arc::new(Mutex::new(Library::open(&config)?));
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
    let keeper = tokio::spawn(keep_library(
        Arc::clone(&config),
        Arc::clone(&library),
        Arc::clone(&ledger),
        shutdown.clone(),
    ));

    // Counted from start-up, so a slot that falls during the demo is still handled.
    let mut cursor = station_now(timezone);
    if options.demo {
        run_demo(&config, &player, &ledger, &mut shutdown).await?;
    }

    while !shutdown.is_requested() {
        let Some(slot) = schedule::next_slot(&config.programmes, &cursor) else {
            tracing::warn!("no programme has a future slot; waiting for shutdown");
            shutdown.requested().await;
            break;
        };
        cursor = slot.at;
        let programme = &config.programmes[slot.programme];
        if let Some(last) = lock(&ledger).last_slot_ms(&programme.id)? {
            if slot.at.timestamp_millis() <= last {
                // Already in the log (the clock went back, or a restart): never twice.
                tracing::info!(programme = %programme.id, slot = %slot.at, "slot already in the log");
                continue;
            }
        }
        tracing::info!(programme = %programme.id, slot = %slot.at, "next slot");
        let prepare_at = slot.at - chrono::Duration::from_std(PREPARE_LEAD).unwrap_or_default();
        if !sleep_until_wall(&prepare_at, &mut shutdown).await {
            break;
        }
        let now = station_now(timezone);
        if (now - slot.at).to_std().is_ok_and(|late| late > LATE_LIMIT) {
            let late = library::spoken_duration((now - slot.at).to_std().unwrap_or_default(), lang);
            let reason = match lang {
                Lang::Vi => format!("khung giờ đã qua khi wardcast còn bận (trễ {late})"),
                Lang::En => format!("the slot passed while wardcast was busy ({late} late)"),
            };
            record_missed(&ledger, timezone, &programme.id, &slot, &reason)?;
            continue;
        }
        let mut picked = pick_verified(&config, &library, &ledger, &slot).await;
        // A file still being copied may finish before the slot: give it until a second
        // before, checking four times a second.
        while matches!(&picked, Err(NoFile::NoneFit { waiting, .. }) if !waiting.is_empty())
            && station_now(timezone) + chrono::Duration::seconds(1) < slot.at
        {
            tokio::time::sleep(Duration::from_millis(250)).await;
            probe_due(&config, &library).await;
            picked = pick_verified(&config, &library, &ledger, &slot).await;
        }
        match picked {
            Err(no_file) => {
                record_missed(
                    &ledger,
                    timezone,
                    &programme.id,
                    &slot,
                    &no_file.describe(lang),
                )?;
            }
            Ok(chosen) => {
                tracing::info!(
                    programme = %programme.id,
                    file = %chosen.name,
                    duration = %library::spoken_duration(chosen.probe.duration, lang),
                    "file picked"
                );
                let job = AiringJob {
                    programme: programme.id.clone(),
                    trigger: Trigger::Schedule,
                    scheduled_at: Some(slot.at),
                    start_at: slot.at,
                    chosen,
                };
                carry_out(&player, &ledger, timezone, &job, &heartbeat, &mut shutdown).await?;
            }
        }
    }
    let _ = keeper.await;
    tracing::info!("wardcast stopped");
    Ok(())
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
    let chosen = chosen_file(&path).map_err(|_| DaemonError::DemoMissing(path.clone()))?;
    let start_at =
        station_now(timezone) + chrono::Duration::from_std(DEMO_DELAY).unwrap_or_default();
    tracing::info!(file = %path.display(), at = %start_at, "demo airing");
    let job = AiringJob {
        programme: DEMO_PROGRAMME.to_string(),
        trigger: Trigger::Demo,
        scheduled_at: Some(start_at),
        start_at,
        chosen,
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
pub fn chosen_file(path: &Path) -> Result<Chosen, String> {
    // The log names files by their full path, whatever the command line said.
    let path = &std::fs::canonicalize(path).map_err(|error| error.to_string())?;
    let probe = library::probe(path).map_err(|rejection| rejection.describe(Lang::En))?;
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
