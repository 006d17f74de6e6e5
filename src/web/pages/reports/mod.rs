//! The reports page (`/reports`): the periods a report is usually made for (this quarter,
//! the one before, the CCHC half and year, cut as `[reports] cutoff_day` says) with the days
//! each covers, any other period written as `wardcast export --period` takes it, and the
//! downloads (`/reports/download`), built by the `report` module exactly as `wardcast
//! export` builds them.

mod download;
mod view;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::Utc;

use crate::messages::web::Nav;
use crate::periods::Period;
use crate::web::auth::SignedIn;
use crate::web::layout;
use crate::web::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(Nav::Reports.path(), get(reports_page))
        .route(download::PATH, get(download::download))
}

/// What the page and the download are asked for.
#[derive(Debug, Default, serde::Deserialize)]
struct ReportQuery {
    period: Option<String>,
    format: Option<String>,
}

/// A period the officer wrote: the days it covers, or the words `wardcast export` refuses
/// it with.
enum Chosen {
    Period(Period),
    Refused { text: String, why: String },
}

async fn reports_page(
    State(state): State<AppState>,
    signed: SignedIn,
    Query(query): Query<ReportQuery>,
) -> Response {
    let chosen = query
        .period
        .as_deref()
        .filter(|text| !text.trim().is_empty())
        .map(|text| choose(&state, text));
    page(&state, &signed, chosen.as_ref())
}

/// Reads `text` as `wardcast export --period` does, with the station's cut-off.
fn choose(state: &AppState, text: &str) -> Chosen {
    match state.config().reports.period(text) {
        Ok(period) => Chosen::Period(period),
        Err(error) => Chosen::Refused {
            text: text.to_string(),
            why: error.describe(state.lang()),
        },
    }
}

/// The page, with `chosen` shown; a refused period answers 400.
fn page(state: &AppState, signed: &SignedIn, chosen: Option<&Chosen>) -> Response {
    let config = state.config();
    let today = Utc::now()
        .with_timezone(&config.station.timezone)
        .date_naive();
    let offered = config.reports.offered(today);
    let body = view::body(&config, &offered, chosen, state.lang());
    let status = match chosen {
        Some(Chosen::Refused { .. }) => StatusCode::BAD_REQUEST,
        _ => StatusCode::OK,
    };
    (status, layout::page(state, signed, Nav::Reports, body)).into_response()
}
