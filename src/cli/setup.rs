//! What several commands open before their work: the configuration (with `--lang` applied),
//! the airing log, the library brought up to date, and the async runtime with its watch for
//! Ctrl+C and SIGTERM.

use anyhow::Context;

use crate::config::{self, Config};
use crate::ledger::Ledger;
use crate::library::{self, Library};
use crate::messages::{Lang, Say, StartupFailure};

use super::Options;

/// The configuration the options name, in the language `--lang` asks for.
pub fn load_config(options: &Options) -> anyhow::Result<Config> {
    let path = config::resolve_path(options.config.as_deref());
    let mut config = Config::load_in(&path, options.lang)?;
    if let Some(lang) = options.lang {
        config.station.lang = lang;
    }
    Ok(config)
}

/// The officer's language for a command that needs no working station (explain, devices):
/// the configuration's when it can be read, else `--lang`, else Vietnamese.
pub fn lang_of(station: Option<&Config>, options: &Options) -> Lang {
    station.map_or(options.lang.unwrap_or_default(), |config| {
        config.station.lang
    })
}

/// The airing log, or what to do when its folder is in the way.
pub fn open_ledger(config: &Config) -> anyhow::Result<Ledger> {
    Ledger::open(&config.ledger_path()).map_err(|error| {
        match crate::data_folder::problem(&error, config) {
            Some(message) => anyhow::Error::msg(message),
            None => anyhow::Error::msg(error.say(config.station.lang)),
        }
    })
}

/// The library brought up to date with the folders (new files are probed here).
pub fn fresh_library(config: &Config) -> anyhow::Result<Library> {
    let mut library = Library::open(config)?;
    library::refresh(&mut library)?;
    Ok(library)
}

/// The runtime the daemon and a sound check run on: two workers are plenty for one sound
/// card and a few folders.
pub fn runtime(lang: Lang) -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context(StartupFailure::Runtime.say(lang))
}

/// Asks for shutdown on Ctrl+C or SIGTERM.
pub fn spawn_signal_watch(
    runtime: &tokio::runtime::Runtime,
    stop: tokio::sync::watch::Sender<bool>,
) {
    runtime.spawn(async move {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            let Ok(mut terminate) = signal(SignalKind::terminate()) else {
                let _ = tokio::signal::ctrl_c().await;
                let _ = stop.send(true);
                return;
            };
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminate.recv() => {}
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
        tracing::info!("stopping (signal received)");
        let _ = stop.send(true);
    });
}
