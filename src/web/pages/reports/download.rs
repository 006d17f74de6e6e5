//! A report downloaded from the console: built by `report::build` as `wardcast export`
//! writes it (same content, same file name), on a blocking thread into a temporary folder,
//! then streamed to the browser a chunk at a time; the file is gone from the disk before
//! the first byte is sent, and its space is freed once the download ends.

use std::io::{Seek, SeekFrom};

use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::{Chosen, ReportQuery};
use crate::config::Config;
use crate::messages::web::reports::ReportsWords;
use crate::messages::web::ConsoleProblem;
use crate::messages::Say;
use crate::periods::Period;
use crate::report::{self, ExportError, ExportFormat};
use crate::web::auth::SignedIn;
use crate::web::error::WebError;
use crate::web::frame;
use crate::web::state::AppState;

pub const PATH: &str = "/reports/download";

/// Reports are built one at a time: a report of a large log keeps a core busy for seconds
/// (and walks the chain on another), and the station PC has two, one of them playing. A
/// report asked for meanwhile waits its turn. The log is read on connections of the
/// report's own, not the pages' few shared ones, which it would hold for that long.
static BUILDING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);

/// The address that downloads `period` (as written) in `format`.
pub fn download_link(period: &str, format: ExportFormat) -> String {
    let period = utf8_percent_encode(period, NON_ALPHANUMERIC);
    format!("{PATH}?period={period}&format={}", format.extension())
}

/// Reads `format=` as `wardcast export --format` does.
fn format_of(text: &str) -> Option<ExportFormat> {
    [ExportFormat::Xlsx, ExportFormat::Csv, ExportFormat::Html]
        .into_iter()
        .find(|format| format.extension().eq_ignore_ascii_case(text.trim()))
}

pub async fn download(
    State(state): State<AppState>,
    signed: SignedIn,
    Query(query): Query<ReportQuery>,
) -> Response {
    let lang = state.lang();
    let text = query.format.unwrap_or_default();
    let Some(format) = format_of(&text) else {
        let why = ReportsWords::BadFormat { text }.say(lang);
        return WebError::new(lang, ConsoleProblem::BadRequest { why }).into_response();
    };
    let period = match super::choose(&state, query.period.as_deref().unwrap_or_default()) {
        Chosen::Period(period) => period,
        refused @ Chosen::Refused { .. } => return super::page(&state, &signed, Some(&refused)),
    };
    let config = state.config();
    let Ok(_turn) = BUILDING.acquire().await else {
        return WebError::new(lang, ConsoleProblem::StationBusy).into_response();
    };
    let built = tokio::task::spawn_blocking(move || build_aside(&config, &period, format)).await;
    match built {
        Ok(Ok(ready)) => ready.into_response(),
        Ok(Err(Stop::Withheld(words))) => {
            (StatusCode::CONFLICT, frame::problem_page(lang, &words)).into_response()
        }
        Ok(Err(Stop::Said(detail))) => {
            WebError::new(lang, ConsoleProblem::Failed { detail }).into_response()
        }
        Ok(Err(Stop::Failed(detail))) => WebError::failed(lang, detail).into_response(),
        Err(gone) => WebError::failed(lang, gone).into_response(),
    }
}

/// Why no file is handed out.
#[derive(Debug)]
enum Stop {
    /// `wardcast export` would not hand this one out either, with its words.
    Withheld(String),
    /// A problem already in the officer's words (the data folder, a full disk).
    Said(String),
    /// Anything else, to be logged in full.
    Failed(String),
}

/// A built report ready to send: its open file (already unlinked), name and length.
#[derive(Debug)]
struct Ready {
    file: std::fs::File,
    name: String,
    format: ExportFormat,
    length: u64,
}

/// Builds the report in a temporary folder of its own and keeps only its open file.
fn build_aside(config: &Config, period: &Period, format: ExportFormat) -> Result<Ready, Stop> {
    let lang = config.station.lang;
    let folder = tempfile::Builder::new()
        .prefix("wardcast-report-")
        .tempdir()
        .map_err(|error| Stop::Failed(error.to_string()))?;
    let built =
        report::build(config, period, format, folder.path()).map_err(|error| match error {
            ExportError::Said(words) => Stop::Said(words),
            other => Stop::Failed(other.to_string()),
        })?;
    if let Some(words) = built.withheld(lang) {
        return Err(Stop::Withheld(words));
    }
    let name = built.name.clone();
    // Unlinks the file and keeps it open: nothing is left behind, whatever the browser does.
    let mut file = built.file.into_file();
    let length = file
        .seek(SeekFrom::End(0))
        .and_then(|length| file.rewind().map(|()| length))
        .map_err(|error| Stop::Failed(error.to_string()))?;
    Ok(Ready {
        file,
        name,
        format,
        length,
    })
}

impl IntoResponse for Ready {
    fn into_response(self) -> Response {
        let stream = tokio_util::io::ReaderStream::with_capacity(
            tokio::fs::File::from_std(self.file),
            1 << 16,
        );
        let mut response = Response::new(Body::from_stream(stream));
        let headers = response.headers_mut();
        for (name, value) in download_headers(&self.name, self.format, self.length) {
            if let Ok(value) = HeaderValue::from_str(&value) {
                headers.insert(name, value);
            }
        }
        response
    }
}

/// What RFC 8187 lets stand unencoded in `filename*=` (its attr-char).
const ATTR_CHAR: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

/// `attachment` with the file name twice: plain ASCII for old browsers (anything else
/// becomes `_`), and in full as UTF-8 for the rest.
pub fn disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if (c.is_ascii_graphic() || c == ' ') && !matches!(c, '"' | '\\' | '%' | ';') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let full = utf8_percent_encode(name, ATTR_CHAR);
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{full}")
}

/// The media type a browser is told for `format`.
pub fn content_type(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ExportFormat::Csv => "text/csv; charset=utf-8",
        ExportFormat::Html => "text/html; charset=utf-8",
    }
}

/// The headers of a download of `name`, `length` bytes long.
pub fn download_headers(
    name: &str,
    format: ExportFormat,
    length: u64,
) -> [(header::HeaderName, String); 5] {
    [
        (header::CONTENT_TYPE, content_type(format).to_string()),
        (header::CONTENT_DISPOSITION, disposition(name)),
        (header::CONTENT_LENGTH, length.to_string()),
        // A report is made from the log as it is now: never kept by a cache.
        (header::CACHE_CONTROL, "no-store".to_string()),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
    ]
}

#[cfg(test)]
#[path = "download_tests.rs"]
mod tests;
