//! The console's pages, one file each, as the menu lists them.

mod announce;
mod library;
mod log;
mod overview;
mod reports;
mod schedule;

use axum::Router;
use maud::Markup;

use super::state::AppState;

/// A live part of the overview, by name.
pub async fn overview_part(state: &AppState, name: &str) -> Option<Markup> {
    overview::live_part(state, name).await
}

/// A live part of the library page, by name.
pub async fn library_part(state: &AppState, name: &str) -> Option<Markup> {
    match name {
        library::LIVE => Some(library::library_part(state).await),
        _ => None,
    }
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(overview::routes())
        .merge(library::routes())
        .merge(schedule::routes())
        .merge(log::routes())
        .merge(reports::routes())
        .merge(announce::routes())
}
