//! The schedule page (`/schedule`): each programme's crontab lines in words as `wardcast
//! explain` says them, its pick rule, priority, lengths and relay; the station's allowed
//! hours and blackouts; and a month's calendar (`?month=YYYY-MM`) of the slots, with what
//! dispatch would do with each.

#[cfg(test)]
mod fixture;
mod month;
mod view;

use axum::extract::{Query, State};
use axum::routing::get;
use axum::Router;
use chrono::Utc;
use maud::Markup;

use crate::messages::web::schedule::ScheduleWords;
use crate::messages::web::{ConsoleProblem, Nav};
use crate::messages::Say;
use crate::schedule::YearMonth;
use crate::web::auth::SignedIn;
use crate::web::error::WebError;
use crate::web::layout;
use crate::web::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route(Nav::Schedule.path(), get(schedule_page))
}

#[derive(Debug, Default, serde::Deserialize)]
struct MonthQuery {
    month: Option<String>,
}

async fn schedule_page(
    State(state): State<AppState>,
    signed: SignedIn,
    Query(query): Query<MonthQuery>,
) -> Result<Markup, WebError> {
    let lang = state.lang();
    let config = state.config();
    let now = Utc::now().with_timezone(&config.station.timezone);
    let today = now.date_naive();
    let shown = match query
        .month
        .as_deref()
        .filter(|text| !text.trim().is_empty())
    {
        None => YearMonth::of(today),
        Some(text) => YearMonth::parse(text).ok_or_else(|| {
            let why = ScheduleWords::BadMonth { text: text.into() }.say(lang);
            WebError::new(lang, ConsoleProblem::BadRequest { why })
        })?,
    };
    // Walking the schedules is CPU work (a line that never fires searches to the end of
    // the calendar): off the runtime's threads, like any page work that may take a while.
    let body = tokio::task::spawn_blocking(move || {
        let calendar = month::month(&config, shown, today)?;
        Some(view::body(&config, &now, &calendar, lang))
    })
    .await
    .map_err(|error| WebError::failed(lang, error))?
    .ok_or_else(|| WebError::new(lang, ConsoleProblem::NotFound))?;
    Ok(layout::page(&state, &signed, Nav::Schedule, body))
}
