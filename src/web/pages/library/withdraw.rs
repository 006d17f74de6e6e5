//! Withdrawing a wrong file from a programme (officers only): a confirmation page that
//! names it, then a move into the data folder's `withdrawn/<programme>/`, stamped with the
//! time, logged with who did it and where the file went. Nothing is deleted.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Form, Query, State};
use axum::response::Redirect;
use maud::{html, Markup};
use serde::Deserialize;

use crate::config::Programme;
use crate::ledger::ConsoleAction;
use crate::messages::web::library::{FileRefusal, LibraryWords};
use crate::messages::web::{ConsoleProblem, Nav};
use crate::messages::{shown, shown_path, Lang, Say};
use crate::web::audit::{self, Done};
use crate::web::auth::Officer;
use crate::web::error::WebError;
use crate::web::layout;
use crate::web::state::AppState;

use super::store;

/// The address of the confirmation page (GET) and of the withdrawal (POST).
pub const PATH: &str = "/library/withdraw";

/// A file of a programme, as the page's link and form name it.
#[derive(Debug, Deserialize)]
pub struct Which {
    programme: String,
    file: String,
}

/// GET: the confirmation page, naming the file and the programme.
pub async fn confirm(
    State(state): State<AppState>,
    Officer(signed): Officer,
    Query(which): Query<Which>,
) -> Result<Markup, WebError> {
    let lang = state.lang();
    let config = state.config();
    let programme = programme_of(&config, &which.programme, lang)?;
    let into = config.data_dir.join(store::WITHDRAWN).join(&programme.id);
    let question = LibraryWords::ConfirmWithdraw {
        file: shown(&which.file).into_owned(),
        title: programme.title.clone(),
    };
    let explain = LibraryWords::WithdrawExplain {
        folder: shown_path(&into),
    };
    let body = html! {
        h1 { (LibraryWords::ConfirmHeading.say(lang)) }
        section.card {
            p { strong { (question.say(lang)) } }
            p.muted { (explain.say(lang)) }
            form method="post" action=(PATH) {
                input type="hidden" name="csrf" value=(signed.csrf);
                input type="hidden" name="programme" value=(programme.id);
                input type="hidden" name="file" value=(which.file);
                div.row {
                    button.danger type="submit" { (LibraryWords::Withdraw.say(lang)) }
                    a.button.secondary href=(Nav::Library.path()) {
                        (LibraryWords::Cancel.say(lang))
                    }
                }
            }
        }
    };
    Ok(layout::page(&state, &signed, Nav::Library, body))
}

/// POST: moves the file out of the programme's folder and logs it; back to the library.
pub async fn withdraw(
    State(state): State<AppState>,
    Officer(signed): Officer,
    ConnectInfo(from): ConnectInfo<SocketAddr>,
    Form(which): Form<Which>,
) -> Result<Redirect, WebError> {
    let lang = state.lang();
    let config = state.config();
    let programme = programme_of(&config, &which.programme, lang)?;
    let folder = programme.folder.clone();
    let into = config.data_dir.join(store::WITHDRAWN).join(&programme.id);
    let now = chrono::Utc::now().with_timezone(&config.station.timezone);
    let stamp = now.format("%Y-%m-%d %H%M%S").to_string();
    let name = which.file.clone();
    let moved = tokio::task::spawn_blocking(move || {
        let Some(file) = store::find_in(&folder, &name)? else {
            return Ok(None);
        };
        store::withdraw(&file, &into, &stamp).map(|withdrawn| Some((file, withdrawn)))
    })
    .await;
    let (file, withdrawn) = match moved {
        Ok(Ok(Some(moved))) => moved,
        Ok(Ok(None)) => {
            let why = FileRefusal::NotInFolder { file: which.file }.say(lang);
            return Err(WebError::new(lang, ConsoleProblem::BadRequest { why }));
        }
        Ok(Err(error)) => return Err(WebError::failed(lang, error)),
        Err(error) => return Err(WebError::failed(lang, error)),
    };
    let done = Done {
        programme: Some(programme.id.clone()),
        file: Some(file),
        sha256: Some(withdrawn.sha256),
        moved_to: Some(withdrawn.moved_to),
        from: Some(from.ip().to_string()),
        ..Done::default()
    };
    audit::record(&state, &signed.user, ConsoleAction::Withdrew, done).await?;
    Ok(Redirect::to(&super::outcome_address(
        &programme.id,
        &[("withdrew", &which.file)],
    )))
}

fn programme_of<'a>(
    config: &'a crate::config::Config,
    id: &str,
    lang: Lang,
) -> Result<&'a Programme, WebError> {
    config.programme(id).ok_or_else(|| {
        let why = FileRefusal::UnknownProgramme { id: id.to_string() }.say(lang);
        WebError::new(lang, ConsoleProblem::BadRequest { why })
    })
}
