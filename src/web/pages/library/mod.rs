//! The library page (`/library`): each programme's files with their standing (ready,
//! waiting, rejected and why, in the words of `wardcast library`), length and next airing;
//! for officers, the upload form and a "withdraw" button per file.
//!
//! Its parts: `view` (the rows, gathered from the library keeper), `file_name` (the name an
//! upload is given), `store` (the disk work of uploads and withdrawals), `upload` and
//! `withdraw` (their requests).

mod file_name;
pub(super) mod store;
pub(super) mod upload;
mod view;
mod withdraw;

use axum::extract::{DefaultBodyLimit, Query, State};
use axum::routing::{get, post};
use axum::Router;
use maud::{html, Markup};
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use serde::Deserialize;

use crate::library::FileState;
use crate::messages::library::Standing;
use crate::messages::plan::PlanNotice;
use crate::messages::web::library::LibraryWords;
use crate::messages::web::{ConsoleProblem, Nav};
use crate::messages::{shown, Lang, Say};
use crate::web::assets;
use crate::web::auth::SignedIn;
use crate::web::error::WebError;
use crate::web::frame::clock_length;
use crate::web::layout;
use crate::web::planning;
use crate::web::state::AppState;

use view::{FileRow, LibraryView, ProgrammeFiles, Shown};

/// The name of the page's live part, the files table.
pub const LIVE: &str = "library";

/// The address uploads are posted to.
const UPLOAD: &str = "/library/upload";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(Nav::Library.path(), get(page))
        .route(
            UPLOAD,
            // Uploads are limited by `[web] max_upload_megabytes`, counted as they stream.
            post(upload::upload).layer(DefaultBodyLimit::disable()),
        )
        .route(
            withdraw::PATH,
            get(withdraw::confirm).post(withdraw::withdraw),
        )
}

/// What the page was sent back with after an upload or a withdrawal, and which
/// programme's files are all shown.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    all: Option<String>,
    programme: Option<String>,
    uploaded: Option<String>,
    more: Option<usize>,
    withdrew: Option<String>,
}

/// The library page's address with an outcome for `programme`.
fn outcome_address(programme: &str, outcome: &[(&str, &str)]) -> String {
    let mut address = format!("{}?programme={}", Nav::Library.path(), encoded(programme));
    for (key, value) in outcome {
        address.push_str(&format!("&{key}={}", encoded(value)));
    }
    address
}

fn encoded(text: &str) -> String {
    utf8_percent_encode(text, NON_ALPHANUMERIC).to_string()
}

async fn page(
    State(state): State<AppState>,
    signed: SignedIn,
    Query(query): Query<PageQuery>,
) -> Result<Markup, WebError> {
    let lang = state.lang();
    let config = state.config();
    let shown_files = Shown {
        all_of: query.all.clone(),
        ..Shown::default()
    };
    let view = load(&state, shown_files).await?;
    let title_of = |id: &str| {
        let programme = config.programme(id);
        programme.map_or_else(|| id.to_string(), |p| p.title.clone())
    };
    let programme = query.programme.as_deref().unwrap_or_default();
    let outcome = match (&query.uploaded, &query.withdrew) {
        (Some(file), _) => Some(LibraryWords::Uploaded {
            file: shown(file).into_owned(),
            title: title_of(programme),
            more: query.more.unwrap_or(0),
        }),
        (None, Some(file)) => Some(LibraryWords::Withdrew {
            file: shown(file).into_owned(),
            title: title_of(programme),
        }),
        (None, None) => None,
    };
    let body = html! {
        h1 { (Nav::Library.say(lang)) }
        p.muted { (LibraryWords::Intro.say(lang)) }
        @if let Some(outcome) = outcome { p.done { (outcome.say(lang)) } }
        @if signed.is_officer() {
            (upload_form(&state, &signed, &view, programme))
        } @else {
            p.note { (LibraryWords::ViewerNote.say(lang)) }
        }
        div data-live=(LIVE) { (files_part(&view, lang, state.config().station.timezone)) }
        script src=(assets::UPLOAD_SCRIPT) defer {}
    };
    Ok(layout::page(&state, &signed, Nav::Library, body))
}

/// The page's live part, the programmes' files, as the live updates refresh it.
pub async fn library_part(state: &AppState) -> Markup {
    let lang = state.lang();
    match load(state, Shown::default()).await {
        Ok(view) => files_part(&view, lang, state.config().station.timezone),
        Err(error) => html! { p.warning { (error.problem.say(lang)) } },
    }
}

/// The library as the page shows it, from the keeper, with what has aired from the log.
async fn load(state: &AppState, shown_files: Shown) -> Result<LibraryView, WebError> {
    let config = state.config();
    let lang = state.lang();
    let outlook = planning::outlook(state).await?;
    let looked = state
        .links()
        .library
        .look(move |library| view::gather(&config, library, &outlook.planned.next, &shown_files))
        .await;
    looked.ok_or_else(|| WebError::new(lang, ConsoleProblem::StationBusy))
}

/// The upload form: a programme, files picked or dropped. Without the script it posts
/// the form as it is; the script sends each file on its own with a progress bar.
fn upload_form(state: &AppState, signed: &SignedIn, view: &LibraryView, chosen: &str) -> Markup {
    let lang = state.lang();
    let config = state.config();
    let rules = LibraryWords::UploadRules {
        taken: file_name::taken_endings(),
        megabytes: config.web.max_upload_bytes / 1_000_000,
    };
    let action = format!("{UPLOAD}?csrf={}", encoded(&signed.csrf));
    html! {
        section.card {
            h2 { (LibraryWords::UploadHeading.say(lang)) }
            form #upload method="post" enctype="multipart/form-data" action=(action)
                data-csrf=(signed.csrf) data-sending=(LibraryWords::Sending.say(lang))
                data-sent=(LibraryWords::Sent.say(lang))
                data-not-sent=(LibraryWords::NotSent.say(lang)) {
                div.row {
                    div {
                        label for="upload-programme" { (LibraryWords::UploadProgramme.say(lang)) }
                        select #upload-programme name="programme" {
                            @for programme in &view.programmes {
                                option value=(programme.id)
                                    selected[programme.id == chosen] {
                                    (programme.title) " (" (programme.id) ")"
                                }
                            }
                        }
                    }
                    div {
                        label for="upload-files" { (LibraryWords::UploadFiles.say(lang)) }
                        input #upload-files type="file" name="file" multiple
                            accept=(accepted());
                    }
                }
                div.dropzone #dropzone { (LibraryWords::DropHere.say(lang)) }
                p.muted { (rules.say(lang)) }
                ul #upload-progress {}
                button type="submit" { (LibraryWords::UploadButton.say(lang)) }
            }
        }
    }
}

/// The file picker's filter: the endings the library takes.
fn accepted() -> String {
    crate::library::AUDIO_EXTENSIONS
        .iter()
        .map(|extension| format!(".{extension}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// Each programme with its files.
fn files_part(view: &LibraryView, lang: Lang, zone: chrono_tz::Tz) -> Markup {
    html! {
        @for programme in &view.programmes {
            (programme_files(programme, lang, zone))
        }
    }
}

fn programme_files(programme: &ProgrammeFiles, lang: Lang, zone: chrono_tz::Tz) -> Markup {
    let heading = LibraryWords::Programme {
        title: programme.title.clone(),
        id: programme.id.clone(),
    };
    let folder = LibraryWords::DropFolder {
        folder: programme.folder.clone(),
    };
    let anchor = format!("programme-{}", programme.id);
    html! {
        section.card id=(anchor) {
            h2 { (heading.say(lang)) }
            p.muted { (folder.say(lang)) }
            @if programme.files.is_empty() {
                p.muted { (LibraryWords::NoFiles.say(lang)) }
            } @else {
                div.table-wrap { table {
                    thead { tr {
                        th { (LibraryWords::ColumnFile.say(lang)) }
                        th { (LibraryWords::ColumnState.say(lang)) }
                        th.num { (LibraryWords::ColumnLength.say(lang)) }
                        th { (LibraryWords::ColumnNextAiring.say(lang)) }
                        th { (LibraryWords::ColumnAction.say(lang)) }
                    } }
                    tbody {
                        @for file in &programme.files {
                            (file_row(&programme.id, file, lang, zone))
                        }
                    }
                } }
            }
            @if programme.files.len() < programme.total {
                p.muted {
                    (LibraryWords::ShowingNewest {
                        shown: programme.files.len(),
                        total: programme.total,
                    }.say(lang))
                    " "
                    a href=(format!("{}?all={}#{anchor}", Nav::Library.path(), encoded(&programme.id))) {
                        (LibraryWords::ShowAll.say(lang))
                    }
                }
            }
        }
    }
}

fn file_row(programme: &str, file: &FileRow, lang: Lang, zone: chrono_tz::Tz) -> Markup {
    let standing = file.state.standing();
    let badge = match standing {
        Standing::Ready => "badge ok",
        Standing::Waiting => "badge wait",
        Standing::Rejected => "badge bad",
    };
    let reason = match &file.state {
        FileState::Rejected(rejection) => Some(rejection.describe(lang)),
        FileState::Waiting => Some(PlanNotice::StillCopying.say(lang)),
        FileState::Ready => None,
    };
    let withdraw = format!(
        "{}?programme={}&file={}",
        withdraw::PATH,
        encoded(programme),
        encoded(&file.name)
    );
    html! {
        tr data-file=(file.name) {
            td { (shown(&file.name)) }
            td {
                span class=(badge) data-state=(standing.code()) { (standing.say(lang)) }
                @if let Some(reason) = reason { br; span.reason { (shown(&reason)) } }
            }
            td.num { (file.seconds.map(clock_length).unwrap_or_default()) }
            td { (file.next_airing.map(|at| at.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string()).unwrap_or_default()) }
            td { a.button.secondary href=(withdraw) { (LibraryWords::Withdraw.say(lang)) } }
        }
    }
}

#[cfg(test)]
mod tests;
