//! Announcing (`/announce`): a ready file of the library aired now at the urgency chosen,
//! after a confirmation, handed to the announcement desk exactly as `wardcast play --now`
//! hands it (the desk checks the file and answers in the station's words). Each one the
//! desk accepts is written to the log with who asked.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, State};
use axum::routing::{get, post};
use axum::{Form, Router};
use maud::{html, Markup};
use serde::Deserialize;

use crate::config::Priority;
use crate::control::{AnnounceReply, AnnounceRequest, Incoming};
use crate::ids::ANNOUNCEMENT_PROGRAMME;
use crate::ledger::ConsoleAction;
use crate::library::{self, FileState};
use crate::messages::station::Reply;
use crate::messages::web::announce::AnnounceWords as W;
use crate::messages::web::{ConsoleProblem, Nav};
use crate::messages::{Lang, Say};
use crate::reason::Urgency;
use crate::web::audit::{self, Done};
use crate::web::auth::{Officer, SignedIn};
use crate::web::error::WebError;
use crate::web::layout;
use crate::web::state::AppState;

/// How long the desk may take to answer (it probes the file).
const ANSWER_WITHIN: Duration = Duration::from_secs(30);

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/announce", get(page).post(confirm))
        .route("/announce/confirm", post(announce))
}

/// A ready file of a programme's folder, as the page offers it.
#[derive(Debug, Clone)]
struct Offered {
    programme: String,
    title: String,
    name: String,
    path: PathBuf,
}

impl Offered {
    /// The select's value: the programme, then the name (ids never hold a '/').
    fn key(&self) -> String {
        format!("{}/{}", self.programme, self.name)
    }
}

/// The form: which file, how urgent.
#[derive(Debug, Deserialize)]
struct Choice {
    file: String,
    urgency: Urgency,
}

async fn page(State(state): State<AppState>, signed: SignedIn) -> Result<Markup, WebError> {
    let lang = state.lang();
    let offered = ready_files(&state).await?;
    let body = html! {
        h1 { (Nav::Announce.say(lang)) }
        section.card {
            p { (W::Intro.say(lang)) }
            @if !signed.is_officer() {
                p.note { (W::ViewerCannot.say(lang)) }
            } @else if offered.is_empty() {
                p.note { (W::NoReadyFile.say(lang)) }
            } @else {
                (choice_form(&offered, &signed, lang))
            }
        }
    };
    Ok(layout::page(&state, &signed, Nav::Announce, body))
}

fn choice_form(offered: &[Offered], signed: &SignedIn, lang: Lang) -> Markup {
    html! {
        form method="post" action="/announce" {
            input type="hidden" name="csrf" value=(signed.csrf);
            label for="file" { (W::FromLibrary.say(lang)) }
            select #file name="file" required {
                @for file in offered {
                    option value=(file.key()) { (file.title) " – " (file.name) }
                }
            }
            fieldset {
                legend { (W::HowUrgent.say(lang)) }
                @for urgency in [Urgency::Emergency, Urgency::Priority, Urgency::Normal] {
                    label.choice {
                        input type="radio" name="urgency" value=(urgency_code(urgency))
                            checked[urgency == Urgency::Emergency];
                        " " (W::Urgency { urgency }.say(lang))
                    }
                }
            }
            p { button type="submit" { (W::Continue.say(lang)) } }
        }
    }
}

/// The confirmation step: the same choice, shown back with a button that airs it.
async fn confirm(
    State(state): State<AppState>,
    Officer(signed): Officer,
    Form(choice): Form<Choice>,
) -> Result<Markup, WebError> {
    let lang = state.lang();
    let offered = chosen(&state, &choice.file).await?;
    let question = W::ConfirmQuestion {
        name: offered.name.clone(),
        urgency: choice.urgency,
    };
    let body = html! {
        h1 { (W::ConfirmHeading.say(lang)) }
        section.card {
            p.warning { (question.say(lang)) }
            form method="post" action="/announce/confirm" {
                input type="hidden" name="csrf" value=(signed.csrf);
                input type="hidden" name="file" value=(offered.key());
                input type="hidden" name="urgency" value=(urgency_code(choice.urgency));
                div.row {
                    button.danger #confirm type="submit" { (W::Confirm.say(lang)) }
                    a.button.secondary href="/announce" { (W::Cancel.say(lang)) }
                }
            }
        }
    };
    Ok(layout::page(&state, &signed, Nav::Announce, body))
}

/// Hands the confirmed choice to the desk and shows its answer.
async fn announce(
    State(state): State<AppState>,
    ConnectInfo(from): ConnectInfo<std::net::SocketAddr>,
    Officer(signed): Officer,
    Form(choice): Form<Choice>,
) -> Result<Markup, WebError> {
    let lang = state.lang();
    let offered = chosen(&state, &choice.file).await?;
    let reply = hand_to_desk(&state, &offered, choice.urgency).await;
    if reply.accepted {
        let done = Done {
            programme: Some(ANNOUNCEMENT_PROGRAMME.to_string()),
            file: Some(offered.path.clone()),
            priority: Some(urgency_code(choice.urgency).to_string()),
            from: Some(from.ip().to_string()),
            ..Done::default()
        };
        audit::record(&state, &signed.user, ConsoleAction::Announced, done).await?;
    }
    let class = if reply.accepted { "done" } else { "warning" };
    let body = html! {
        h1 { (Nav::Announce.say(lang)) }
        section.card {
            p { (W::Answer.say(lang)) }
            p #answer class=(class) { (reply.message) }
            p { a href="/announce" { (W::AnotherAnnouncement.say(lang)) } }
        }
    };
    Ok(layout::page(&state, &signed, Nav::Announce, body))
}

async fn hand_to_desk(state: &AppState, offered: &Offered, urgency: Urgency) -> AnnounceReply {
    let lang = state.lang();
    let gone = || AnnounceReply {
        accepted: false,
        message: Reply::Gone.say(lang),
    };
    let (reply, answer) = tokio::sync::oneshot::channel();
    let incoming = Incoming {
        request: AnnounceRequest {
            file: offered.path.clone(),
            priority: priority_of(urgency),
            lang: Some(lang),
        },
        reply,
    };
    if state.links().announcements.send(incoming).is_err() {
        return gone();
    }
    match tokio::time::timeout(ANSWER_WITHIN, answer).await {
        Ok(Ok(reply)) => reply,
        _ => gone(),
    }
}

/// The ready file the form names, found again in the library (never a path from the form).
async fn chosen(state: &AppState, key: &str) -> Result<Offered, WebError> {
    let lang = state.lang();
    let offered = ready_files(state).await?;
    offered
        .into_iter()
        .find(|file| file.key() == key)
        .ok_or_else(|| {
            let name = key
                .split_once('/')
                .map_or(key, |(_, name)| name)
                .to_string();
            WebError::new(
                lang,
                ConsoleProblem::BadRequest {
                    why: W::FileGone { name }.say(lang),
                },
            )
        })
}

/// Every ready file of every programme's folder, as the keeper knows them.
async fn ready_files(state: &AppState) -> Result<Vec<Offered>, WebError> {
    let config = state.config();
    let lang = config.station.lang;
    let asked = Arc::clone(&config);
    state
        .links()
        .library
        .look(move |library| {
            let mut offered = Vec::new();
            for programme in &asked.programmes {
                for entry in library.entries_in(&programme.folder) {
                    if library::evaluate(entry, programme) == FileState::Ready {
                        offered.push(Offered {
                            programme: programme.id.clone(),
                            title: programme.title.clone(),
                            name: entry.name.clone(),
                            path: entry.path.clone(),
                        });
                    }
                }
            }
            offered
        })
        .await
        .ok_or_else(|| WebError::new(lang, ConsoleProblem::StationBusy))
}

fn urgency_code(urgency: Urgency) -> &'static str {
    match urgency {
        Urgency::Emergency => "emergency",
        Urgency::Priority => "priority",
        Urgency::Normal => "normal",
    }
}

fn priority_of(urgency: Urgency) -> Priority {
    match urgency {
        Urgency::Emergency => Priority::Emergency,
        Urgency::Priority => Priority::Priority,
        Urgency::Normal => Priority::Normal,
    }
}
