//! Reloading the configuration: SIGHUP, or the configuration file changed on disk, asks
//! for it; a configuration that does not validate is refused and the running one kept.

use std::path::{Path, PathBuf};

use tokio::sync::mpsc;

use crate::config::Config;
use crate::library::watch::FolderEvent;
use crate::messages::station::Note;
use crate::messages::{Lang, Say};

/// Reads the configuration again, keeping the running language; `None` (and the error
/// said) when it does not validate.
pub fn reload(current: &Config) -> Option<Config> {
    match Config::load(&current.source) {
        Ok(mut new) => {
            new.station.lang = current.station.lang;
            tracing::info!(file = %current.source.display(), programmes = new.programmes.len(), "configuration reloaded");
            Some(new)
        }
        Err(error) => {
            tracing::error!(%error, "{}", Note::ConfigKept.say(current.station.lang));
            None
        }
    }
}

/// SIGHUP, and changes to the configuration file, as reload requests.
pub fn requests(config: &Config) -> mpsc::UnboundedReceiver<()> {
    let (sender, receiver) = mpsc::unbounded_channel();
    #[cfg(unix)]
    spawn_hangups(sender.clone());
    watch_file(&config.source, sender, config.station.lang);
    receiver
}

#[cfg(unix)]
fn spawn_hangups(sender: mpsc::UnboundedSender<()>) {
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

/// Watches the configuration file's folder and asks for a reload whenever the file itself
/// is written and closed.
fn watch_file(source: &Path, sender: mpsc::UnboundedSender<()>, lang: Lang) {
    let Some(folder) = source.parent() else {
        return;
    };
    let folder = if folder.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        folder.to_path_buf()
    };
    let canonical_file = std::fs::canonicalize(source).unwrap_or_else(|_| source.to_path_buf());
    let watch = match crate::library::watch::watch(std::slice::from_ref(&folder)) {
        Ok(watch) => watch,
        Err(error) => {
            tracing::warn!(%error, "{}", Note::ConfigUnwatched.say(lang));
            return;
        }
    };
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
