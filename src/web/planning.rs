//! What the pages show of the coming airings, worked out once per change of the station:
//! which of the library's files have aired (asked of the log file by file, never by
//! reading a log of a million airings whole), and what `check` would say (the next airing
//! of each programme, the slots without a file, the other notices). Kept until the board's
//! count of changes moves (an airing started or ended, a file came, went or was checked)
//! or, for the coming airings, until the minute turns.

use std::sync::Arc;

use chrono::{DateTime, Timelike};
use chrono_tz::Tz;

use crate::ledger::AiredContents;
use crate::messages::web::ConsoleProblem;
use crate::readiness::{Notices, Outlook, Planned};

use super::error::WebError;
use super::state::AppState;

/// The station's count of changes now.
fn changes(state: &AppState) -> u64 {
    state.links().live.borrow().changes
}

/// The station's clock now.
fn now(state: &AppState) -> DateTime<Tz> {
    chrono::Utc::now().with_timezone(&state.config().station.timezone)
}

/// Which of the library's files have aired to their end.
pub async fn aired(state: &AppState) -> Result<Arc<AiredContents>, WebError> {
    let key = changes(state);
    state
        .caches()
        .aired
        .get_or_try(key, async {
            let lang = state.lang();
            let contents = state
                .links()
                .library
                .look(|library| library.contents())
                .await
                .ok_or_else(|| WebError::new(lang, ConsoleProblem::StationBusy))?;
            state
                .read(move |ledger| ledger.aired_among(contents.iter().map(String::as_str)))
                .await
        })
        .await
}

/// The coming airings and what needs doing, as of this minute.
pub async fn outlook(state: &AppState) -> Result<Arc<Outlook>, WebError> {
    let now = now(state);
    let minute = now
        .with_second(0)
        .and_then(|at| at.with_nanosecond(0))
        .unwrap_or(now);
    let key = (changes(state), minute.timestamp());
    state
        .caches()
        .outlook
        .get_or_try(key, async {
            let config = state.config();
            let lang = config.station.lang;
            let aired = aired(state).await?;
            let asked = Arc::clone(&config);
            let planned = state
                .links()
                .library
                .look(move |library| Planned::of(&asked, library, &*aired, &now))
                .await
                .ok_or_else(|| WebError::new(lang, ConsoleProblem::StationBusy))?;
            tokio::task::spawn_blocking(move || {
                let notices = Notices::of(&config, &planned, &now);
                Outlook { planned, notices }
            })
            .await
            .map_err(|error| WebError::failed(lang, error))
        })
        .await
}
