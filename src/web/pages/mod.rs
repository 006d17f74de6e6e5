//! The console's pages, one file each, as the menu lists them.

mod announce;
pub mod library;
mod log;
mod overview;
mod reports;
mod schedule;

use axum::Router;

use super::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(overview::routes())
        .merge(library::routes())
        .merge(schedule::routes())
        .merge(log::routes())
        .merge(reports::routes())
        .merge(announce::routes())
}
