//! The web console's task: it listens where `[web]` says and serves the pages until
//! shutdown. A console that cannot listen (the port taken) is told in the log and the
//! station runs on without it: airing never waits on the console.

use crate::config::Config;
use crate::messages::station::Note;
use crate::messages::Say;
use crate::web::{self, AppState, Links};

use super::Shutdown;

/// Starts the console on the configuration's `[web] listen`, if it is on.
pub(super) async fn start(config: &Config, links: Links, shutdown: &Shutdown) {
    let lang = config.station.lang;
    let listener = match web::bind(config.web.listen).await {
        Ok(Some(listener)) => listener,
        Ok(None) => return,
        Err(error) => {
            tracing::warn!(
                %error,
                address = %config.web.listen.map(|a| a.to_string()).unwrap_or_default(),
                "{}",
                Note::ConsoleUnavailable.say(lang)
            );
            return;
        }
    };
    let https = match config.web.tls.as_ref().map(web::load_https).transpose() {
        Ok(https) => https,
        Err(problem) => {
            tracing::warn!("{}", problem.say(lang));
            return;
        }
    };
    let address = listener.local_addr().ok();
    let scheme = if config.web.tls.is_some() {
        "https"
    } else {
        "http"
    };
    if let Some(address) = address {
        tracing::info!(address = %format!("{scheme}://{address}"), "web console");
    }
    if config.web.open_without_tls() {
        tracing::warn!("{}", Note::ConsoleInTheClear.say(lang));
    }
    let state = AppState::new(links, shutdown.clone());
    tokio::spawn(web::serve(listener, state, https, shutdown.clone()));
}
