//! The console's records in the airing log: what a user did, written into the log's hash
//! chain by the station's own connection, on a blocking thread so that no page waits on
//! the disk inside the async runtime.

use std::path::PathBuf;

use crate::ledger::{ConsoleAction, ConsoleRecord};

use super::error::WebError;
use super::state::AppState;

/// What a user did, as the console knows it (owned, to cross to the blocking thread).
#[derive(Debug, Clone, Default)]
pub struct Done {
    pub programme: Option<String>,
    pub file: Option<PathBuf>,
    pub sha256: Option<String>,
    pub moved_to: Option<PathBuf>,
    pub priority: Option<String>,
    pub from: Option<String>,
}

/// Writes `action` by `user` to the log; its record's number. A record that cannot be
/// written fails the request: nothing a user does goes unrecorded.
pub async fn record(
    state: &AppState,
    user: &str,
    action: ConsoleAction,
    done: Done,
) -> Result<i64, WebError> {
    let ledger = std::sync::Arc::clone(&state.links().ledger);
    let user = user.to_string();
    let (zone, lang) = (state.config().station.timezone, state.lang());
    let written = tokio::task::spawn_blocking(move || {
        let at = chrono::Utc::now().with_timezone(&zone);
        let mut ledger = ledger
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        ledger.record_console(&ConsoleRecord {
            user: &user,
            action,
            at,
            programme: done.programme.as_deref(),
            file: done.file.as_deref(),
            sha256: done.sha256.as_deref(),
            moved_to: done.moved_to.as_deref(),
            priority: done.priority.as_deref(),
            from: done.from.as_deref(),
        })
    })
    .await;
    match written {
        Ok(Ok(seq)) => Ok(seq),
        Ok(Err(error)) => Err(WebError::failed(lang, error.say(lang))),
        Err(error) => Err(WebError::failed(lang, error)),
    }
}
