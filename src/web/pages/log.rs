//! The log page (`/log`): the airings, recordings and downloads newest first, or what users
//! did in the console, 50 a page, filtered by period (as `wardcast log --period` takes
//! it), programme and outcome in a plain GET form; each airing's evidence (levels,
//! silences, stalls, a relay's gaps) in a `<details>` that opens without JavaScript. Read
//! through the console's read-only connections; a page walks the log's index of when
//! backwards and stops at its end, so it costs the same on a log of a million airings.

mod render;

use axum::extract::{Query, State};
use axum::routing::get;
use axum::Router;
use chrono::{Datelike, NaiveDate};
use maud::Markup;
use serde::Deserialize;

use crate::config::Config;
use crate::ledger::{AiringFilter, ConsoleEntry, Entry};
use crate::messages::web::Nav;
use crate::web::auth::SignedIn;
use crate::web::error::WebError;
use crate::web::layout;
use crate::web::state::AppState;

/// Entries a page lists.
pub const PAGE: u64 = 50;
/// How far back pages go: further, the index walk grows with the page; a shorter period
/// reaches older airings at the same cost.
pub const MAX_PAGES: u64 = 200;

/// The outcomes the filter offers, as the log writes them.
pub const OUTCOMES: [&str; 4] = ["aired", "missed", "failed", "interrupted"];

pub fn routes() -> Router<AppState> {
    Router::new().route(Nav::Log.path(), get(page))
}

/// The form's fields as the browser sends them: text, read leniently (a field that makes
/// no sense is left out, not refused).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct LogQuery {
    #[serde(default)]
    pub period: String,
    /// One of the usual periods, chosen from the select: wins over `period`.
    #[serde(default)]
    pub usual: String,
    #[serde(default)]
    pub programme: String,
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub page: String,
}

/// What to list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Kind {
    /// Airings, recordings and downloads.
    #[default]
    Airings,
    /// What users did in the console.
    Console,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Airings => "airings",
            Kind::Console => "console",
        }
    }
}

/// The page asked for, read from the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The period as typed (or chosen), to show in the form again.
    pub period: String,
    /// Why the period could not be read, in the station's language.
    pub period_problem: Option<String>,
    pub filter: AiringFilter,
    pub outcome: Option<&'static str>,
    pub kind: Kind,
    /// From 1.
    pub page: u64,
}

impl Choice {
    /// The page the form asks for, under `config`.
    pub fn of(query: &LogQuery, config: &Config) -> Choice {
        let lang = config.station.lang;
        let usual = query.usual.trim();
        let period = if usual.is_empty() {
            query.period.trim()
        } else {
            usual
        };
        let mut filter = AiringFilter::between(i64::MIN, i64::MAX);
        let mut period_problem = None;
        if !period.is_empty() {
            match config.reports.period(period) {
                Ok(found) => {
                    (filter.from_ms, filter.to_ms) = found.bounds_ms(config.station.timezone)
                }
                Err(error) => period_problem = Some(error.describe(lang)),
            }
        }
        let programme = query.programme.trim();
        filter.programme = config
            .programmes
            .iter()
            .any(|known| known.id == programme)
            .then(|| programme.to_string());
        Choice {
            period: period.to_string(),
            period_problem,
            filter,
            outcome: OUTCOMES.into_iter().find(|known| *known == query.outcome),
            kind: match query.kind.as_str() {
                "console" => Kind::Console,
                _ => Kind::Airings,
            },
            page: query.page.trim().parse::<u64>().unwrap_or(1).max(1),
        }
    }

    /// Whether the page is further back than pages go.
    pub fn too_far_back(&self) -> bool {
        self.page > MAX_PAGES
    }

    /// The address of the same choice at `page`.
    pub fn link(&self, page: u64) -> String {
        use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
        let mut address = format!("{}?page={page}", Nav::Log.path());
        let programme = self.filter.programme.as_deref().unwrap_or_default();
        for (name, value) in [
            ("period", self.period.as_str()),
            ("programme", programme),
            ("outcome", self.outcome.unwrap_or_default()),
            ("kind", self.kind.as_str()),
        ] {
            if !value.is_empty() {
                let value = utf8_percent_encode(value, NON_ALPHANUMERIC);
                address.push_str(&format!("&{name}={value}"));
            }
        }
        address
    }
}

/// The usual periods for the select, as of `today`: this and last month, this and last
/// quarter, this year, as `--period` writes them.
pub fn usual_periods(today: NaiveDate) -> [String; 5] {
    let (year, month) = (today.year(), today.month());
    let (last_month_year, last_month) = if month == 1 {
        (year - 1, 12)
    } else {
        (year, month - 1)
    };
    let quarter = (month - 1) / 3 + 1;
    let (last_quarter_year, last_quarter) = if quarter == 1 {
        (year - 1, 4)
    } else {
        (year, quarter - 1)
    };
    [
        format!("{year}-{month:02}"),
        format!("{last_month_year}-{last_month:02}"),
        format!("{year}-Q{quarter}"),
        format!("{last_quarter_year}-Q{last_quarter}"),
        format!("{year}"),
    ]
}

/// What a page lists: one more than it shows, to know whether there is an older page.
#[derive(Debug, Clone)]
pub enum Listed {
    Entries(Vec<Entry>),
    Console(Vec<ConsoleEntry>),
}

async fn page(
    State(state): State<AppState>,
    signed: SignedIn,
    Query(query): Query<LogQuery>,
) -> Result<Markup, WebError> {
    let config = state.config();
    let choice = Choice::of(&query, &config);
    let listed = if choice.too_far_back() || choice.period_problem.is_some() {
        match choice.kind {
            Kind::Airings => Listed::Entries(Vec::new()),
            Kind::Console => Listed::Console(Vec::new()),
        }
    } else {
        list(&state, &choice).await?
    };
    let chain = state.chain_status();
    let today = chrono::Utc::now()
        .with_timezone(&config.station.timezone)
        .date_naive();
    let body = render::body(&config, &choice, &listed, &chain, today);
    Ok(layout::page(&state, &signed, Nav::Log, body))
}

/// Reads the page's entries (one more than a page) on a read-only connection.
async fn list(state: &AppState, choice: &Choice) -> Result<Listed, WebError> {
    let (filter, outcome, kind) = (choice.filter.clone(), choice.outcome, choice.kind);
    let skip = (choice.page - 1) * PAGE;
    let lang = state.lang();
    let read = state
        .read(move |ledger| match kind {
            Kind::Airings => ledger
                .entries_newest_first(&filter, outcome, skip, PAGE + 1)
                .map(Listed::Entries),
            Kind::Console => ledger
                .console_entries(&filter, skip, PAGE + 1)
                .map(Listed::Console),
        })
        .await?;
    read.map_err(|error| WebError::failed(lang, error.say(lang)))
}

#[cfg(test)]
mod tests;
