//! What every request handler of the console shares: the ways to the running station
//! (`Links`) and the console's own state (sessions, sign-in throttling).

use std::sync::{Arc, Mutex, OnceLock};

use tokio::sync::{mpsc, watch};

use crate::config::Config;
use crate::control::Incoming;
use crate::ledger::Ledger;
use crate::library::Lookout;
use crate::live::Now;
use crate::messages::Lang;

use crate::shutdown::Shutdown;

use super::cache::Caches;
use super::error::WebError;
use super::feeds::Feeds;
use super::guard::Guard;
use super::reader::{self, ChainStatus, Readers};

/// The ways from the console to the running station.
#[derive(Clone)]
pub struct Links {
    /// The configuration the station runs on (a reload reaches the console here).
    pub configs: watch::Receiver<Arc<Config>>,
    /// The station's own log, to write the console's records into its chain. Taken for
    /// one write at a time, on a blocking thread; pages read through their own read-only
    /// connections, never this one.
    pub ledger: Arc<Mutex<Ledger>>,
    /// The library, through its keeper.
    pub library: Lookout,
    /// The announcement desk's door, the one `wardcast play --now` knocks at.
    pub announcements: mpsc::UnboundedSender<Incoming>,
    /// What is on air now, and a count of changes.
    pub live: watch::Receiver<Now>,
}

/// The state every handler is given; cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

pub struct Shared {
    pub links: Links,
    /// Sessions, users and sign-in throttling.
    pub guard: Guard,
    /// The daemon's stop: long-lived responses (live updates) end with it.
    pub shutdown: Shutdown,
    /// The live updates of the pages that have them; set once, at start.
    feeds: OnceLock<Feeds>,
    /// The log's read-only connections for pages, and the chain's last status.
    readers: Arc<Readers>,
    /// What pages show of the coming airings, kept between changes (see `planning`).
    caches: Caches,
}

impl AppState {
    /// The console's state; the log's chain is checked aside from now until `shutdown`.
    pub fn new(links: Links, shutdown: Shutdown) -> AppState {
        let guard = Guard::new(&links.configs.borrow());
        let readers = Arc::new(Readers::default());
        let configs = links.configs.clone();
        reader::start_checking(
            Arc::clone(&readers),
            move || {
                let config = configs.borrow();
                let station = &config.station;
                (config.ledger_path(), station.lang, station.timezone)
            },
            links.live.clone(),
            shutdown.clone(),
            reader::Pace {
                gap: reader::CHECK_GAP,
                whole: reader::WHOLE_CHECK_EVERY,
            },
        );
        AppState(Arc::new(Shared {
            links,
            guard,
            shutdown,
            feeds: OnceLock::new(),
            readers,
            caches: Caches::default(),
        }))
    }

    /// The live updates' feeds, once started (see `live::start`).
    pub fn feeds(&self) -> Option<&Feeds> {
        self.0.feeds.get()
    }

    /// Runs `f` on one of the console's read-only connections to the station's log, on a
    /// blocking thread; a log that cannot be opened is the page's problem, in its words.
    pub async fn read<T, F>(&self, f: F) -> Result<T, WebError>
    where
        F: FnOnce(&Ledger) -> T + Send + 'static,
        T: Send + 'static,
    {
        let (path, lang) = {
            let config = self.config();
            (config.ledger_path(), config.station.lang)
        };
        self.readers()
            .read(path, f)
            .await
            .map_err(|failure| failure.into_web(lang))
    }

    /// The chain's status as of its last check in the background: at once, never a check.
    pub fn chain_status(&self) -> ChainStatus {
        self.readers().chain_status()
    }

    /// Keeps the live updates' feeds, started once the state exists.
    pub fn set_feeds(&self, feeds: Feeds) {
        let _ = self.0.feeds.set(feeds);
    }

    pub fn shutdown(&self) -> Shutdown {
        self.0.shutdown.clone()
    }

    /// The log's read-only connections (see `reader`).
    pub fn readers(&self) -> &Arc<Readers> {
        &self.0.readers
    }

    /// What pages keep between changes of the station.
    pub fn caches(&self) -> &Caches {
        &self.0.caches
    }

    pub fn links(&self) -> &Links {
        &self.0.links
    }

    pub fn guard(&self) -> &Guard {
        &self.0.guard
    }

    /// The configuration the station runs on now.
    pub fn config(&self) -> Arc<Config> {
        Arc::clone(&self.0.links.configs.borrow())
    }

    /// The station's language: every page is in it.
    pub fn lang(&self) -> Lang {
        self.0.links.configs.borrow().station.lang
    }
}
