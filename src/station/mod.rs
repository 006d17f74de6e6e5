//! The running station: ties schedule, library, player and ledger together on tokio. It
//! carries out decisions and records them; what is due, what to do with it, what goes
//! first and which file airs are decided by the pure modules (`schedule`, `dispatch`,
//! `precedence`, `retry`, `plan`, `library`), and every reason is a typed `Reason`, worded
//! only when it is written to the log.
//!
//! Who owns what:
//! - the schedule task (`dispatcher`, the task that runs `run`) owns the running
//!   configuration, the pending slots and the alive note, and carries out airings (`airing`,
//!   `on_air`) one at a time, with the player;
//! - the library keeper (`keeper`) owns the `Library`; the others ask it through a channel,
//!   each question with its own reply;
//! - the announcement desk (`announcements`) owns the queue of announcements waiting; the
//!   control socket hands it requests, and the schedule asks it what airs next;
//! - the airing log (`records::SharedLedger`) is the one state shared: it is written by the
//!   airings and by the background flush of waiting records, and read by the keeper's
//!   picks. Its mutex is the only lock: it is taken for one call at a time, never held
//!   across an await, and no other lock is taken while it is held.
//!
//! Shutdown comes through one signal, `Shutdown`; `reload`, `recovery` (with the notes of
//! `notes`), `lock` and `demo` are the run's other concerns, one file each.
//!
//! The daemon's log names each event with a short fixed label ("on air", "file picked",
//! "airing ended", …) that scripts look for, with its facts as fields; what the officer
//! needs to read (reasons, problems and what to do) is in the station's language, from
//! `messages::reason` and `messages::station`.

mod airing;
mod announcements;
mod clock;
mod console;
mod demo;
mod dispatcher;
mod downloader;
mod files;
mod keeper;
mod lock;
mod notes;
mod on_air;
mod picking;
mod recorder;
mod records;
mod recovery;
mod relays;
mod reload;
mod sinks;
#[cfg(windows)]
pub mod windows;

use std::path::PathBuf;
use std::sync::Arc;

use crate::config::Config;
use crate::ledger::LedgerError;
use crate::library::{self, IndexError};
use crate::live::Board;
use crate::messages::station::StationProblem;
use crate::messages::{Lang, Say};
use crate::player::{Player, PlayerError};
use crate::service;
use crate::web::Links;

pub use crate::shutdown::Shutdown;
pub use airing::{AiringJob, AiringReport, Studio};
pub use announcements::MAX_WAITING_ANNOUNCEMENTS;
pub use clock::station_now;
pub use demo::{DEMO_DELAY, DEMO_FILE};
pub use dispatcher::PREPARE_LEAD;
pub use files::chosen_file;
pub use lock::lock_data_folder;
pub use notes::{heartbeat_path, OnAir};
pub use records::{prepare_ledger, SharedLedger};

/// Why the station could not start or had to stop. Its text (`Display`) is
/// [`StationError::say`] in English, as the daemon's own log keeps it.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.say(Lang::En))]
pub enum StationError {
    Ledger(#[from] LedgerError),
    Player(#[from] PlayerError),
    Index(#[from] IndexError),
    AlreadyRunning(PathBuf),
    Lock { path: PathBuf, detail: String },
    DemoMissing(PathBuf),
    KeeperStopped,
}

impl StationError {
    /// The error in the officer's language.
    pub fn say(&self, lang: Lang) -> String {
        let problem = match self {
            StationError::Ledger(error) => return error.say(lang),
            StationError::Player(error) => return error.say(lang),
            StationError::Index(error) => StationProblem::Index {
                detail: std::error::Error::source(error)
                    .map_or_else(|| error.to_string(), ToString::to_string),
            },
            StationError::AlreadyRunning(data) => {
                StationProblem::AlreadyRunning { data: data.clone() }
            }
            StationError::Lock { path, detail } => StationProblem::Lock {
                path: path.clone(),
                detail: detail.clone(),
            },
            StationError::DemoMissing(path) => StationProblem::DemoMissing { path: path.clone() },
            StationError::KeeperStopped => StationProblem::KeeperStopped,
        };
        problem.say(lang)
    }
}

/// What `wardcast run` was asked to do beyond the schedule.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    pub demo: bool,
}

/// Runs the station until `shutdown`.
pub async fn run(
    config: Config,
    options: RunOptions,
    mut shutdown: Shutdown,
) -> Result<(), StationError> {
    let _lock = lock_data_folder(&config)?;
    let config = Arc::new(config);
    let ledger = records::open(&config)?;
    let started = station_now(config.station.timezone);
    let previous = notes::last_run(&config, config.station.timezone);
    let cut_off = recovery::close_open_airings(&ledger, &config)?;
    let board = Board::new();
    let (lookout, looks) = library::lookout();
    let (keeper, files) = keeper::Keeper::start(
        &config,
        &ledger,
        Arc::clone(&looks),
        board.clone(),
        &shutdown,
    )?;
    let player = Player::start(&config.output.device, config.output.dead_air)?;
    log_started(&config, files);
    let reloads = reload::requests(&config);
    let (configs, running) = tokio::sync::watch::channel(Arc::clone(&config));
    tokio::spawn(recorder::run(
        running.clone(),
        Arc::clone(&ledger),
        shutdown.clone(),
    ));
    tokio::spawn(downloader::run(
        running.clone(),
        Arc::clone(&ledger),
        previous.as_ref().map(|run| run.alive),
        shutdown.clone(),
    ));
    let desk = announcements::Desk::open(&config, &shutdown);
    let links = Links {
        configs: running.clone(),
        ledger: Arc::clone(&ledger),
        library: lookout,
        announcements: desk.door(),
        live: board.watch(),
    };
    console::start(&config, links, &shutdown).await;
    tokio::spawn(records::flush_waiting(
        Arc::clone(&ledger),
        shutdown.clone(),
    ));
    service::notify_ready();
    let _watchdog = service::spawn_watchdog();

    let studio = Studio::new(&config, &player, &ledger).with_board(&board);
    let mut station = dispatcher::Dispatcher {
        pending: recovery::missed_while_down(&config, &ledger, previous, &started, cut_off),
        config: Arc::clone(&config),
        studio: &studio,
        keeper,
        desk,
        reloads,
        relays: relays::RelayDesk::open(running.clone(), &shutdown),
        configs,
        cursor: started,
        last_on_air: None,
        alive: notes::alive_path(&config),
        looks,
    };
    if options.demo {
        demo::air_demo(&config, &studio, &mut shutdown).await?;
        station.after_demo(started);
    }
    station.serve(&mut shutdown).await?;
    station.close().await?;
    tracing::info!("wardcast stopped");
    Ok(())
}

/// Says in the daemon's log that the station runs, and on what.
fn log_started(config: &Config, files: usize) {
    tracing::info!(
        station = %config.station.name,
        programmes = config.programmes.len(),
        files,
        ledger = %config.ledger_path().display(),
        device = %config.output.device,
        "wardcast is running"
    );
}
