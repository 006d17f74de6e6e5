//! Live updates: each page opens `/events` (Server-Sent Events) and is sent fresh HTML for
//! its live parts whenever the station's board changes.

use axum::Router;

use super::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}
