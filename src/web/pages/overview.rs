//! The overview (`/`): what is on air now, with how far it has got and how loud it is; the
//! next airing of each programme with the file it will play or the problem; what needs
//! doing, as `wardcast check` says it; and the log's check. Each part is also sent alone by
//! the live updates when the station changes.

use axum::extract::State;
use axum::routing::get;
use axum::Router;
use maud::{html, Markup};

use crate::live::OnAirNow;
use crate::messages::web::overview::{when, OverviewWords as W};
use crate::messages::web::Nav;
use crate::messages::{Lang, ListWords, Readiness, Say};
use crate::names::file_name;
use crate::plan::PlannedAiring;
use crate::readiness::{self, Notices, Planned};
use crate::web::auth::SignedIn;
use crate::web::error::WebError;
use crate::web::frame::clock_length;
use crate::web::layout;
use crate::web::planning;
use crate::web::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/", get(page))
}

async fn page(State(state): State<AppState>, signed: SignedIn) -> Result<Markup, WebError> {
    let on_air = on_air_part(&state);
    let (next, attention) = planned_parts(&state).await?;
    let body = html! {
        h1 { (Nav::Overview.say(state.lang())) }
        div.grid {
            section.card data-live="onair" { (on_air) }
            section.card data-live="attention" { (attention) }
        }
        section.card data-live="next" { (next) }
        section.card data-live="chain" { (chain_part(&state).await) }
    };
    Ok(layout::page(&state, &signed, Nav::Overview, body))
}

/// The live parts of the overview, by name, as the live updates send them.
pub async fn live_part(state: &AppState, name: &str) -> Option<Markup> {
    match name {
        "onair" => Some(on_air_part(state)),
        "next" => planned_parts(state).await.ok().map(|(next, _)| next),
        "attention" => planned_parts(state)
            .await
            .ok()
            .map(|(_, attention)| attention),
        _ => None,
    }
}

/// What is on air now.
pub fn on_air_part(state: &AppState) -> Markup {
    let lang = state.lang();
    let on_air = state.links().live.borrow().on_air.clone();
    html! {
        h2 { (W::OnAirHeading.say(lang)) }
        @match on_air {
            Some(on_air) => (on_air_now(&state.config(), &on_air, lang)),
            None => p.muted { (W::NothingOnAir.say(lang)) },
        }
    }
}

fn on_air_now(config: &crate::config::Config, on_air: &OnAirNow, lang: Lang) -> Markup {
    let title = config
        .programme(&on_air.programme)
        .map(|programme| programme.title.clone())
        .unwrap_or_else(|| match on_air.programme.as_str() {
            crate::ids::ANNOUNCEMENT_PROGRAMME => W::AnnouncementOnAir.say(lang),
            other => other.to_string(),
        });
    let played = W::Played {
        played: clock_length(on_air.played_seconds),
        length: clock_length(on_air.length_seconds),
    };
    let level = on_air.level_dbfs;
    // -60 dBFS reads as empty, 0 dBFS as full.
    let width = level.map_or(0.0, |dbfs| ((dbfs + 60.0) / 60.0).clamp(0.0, 1.0) * 100.0);
    html! {
        div.onair {
            p.what { (title) }
            p { (on_air.what) }
            progress max=(format!("{:.0}", on_air.length_seconds.max(1.0)))
                value=(format!("{:.0}", on_air.played_seconds)) {}
            p { (played.say(lang)) " · "
                (W::StartedAt { at: on_air.started_at.format("%H:%M:%S").to_string() }.say(lang)) }
            div.meter role="meter" aria-valuemin="-60" aria-valuemax="0"
                aria-valuenow=(format!("{:.0}", level.unwrap_or(-60.0))) {
                span style=(format!("width: {width:.0}%")) {}
            }
            p.muted { (W::Level { dbfs: level }.say(lang)) }
        }
    }
}

/// The next airing of each programme, and what needs doing.
async fn planned_parts(state: &AppState) -> Result<(Markup, Markup), WebError> {
    let outlook = planning::outlook(state).await?;
    let lang = state.lang();
    Ok((
        next_part(&outlook.planned, lang),
        attention_part(&outlook.planned, &outlook.notices, lang),
    ))
}

fn next_part(planned: &Planned, lang: Lang) -> Markup {
    html! {
        h2 { (W::NextHeading.say(lang)) }
        @if planned.next.is_empty() {
            p.muted { (W::NothingPlanned.say(lang)) }
        } @else {
            div.table-wrap { table {
                thead { tr {
                    th { (W::When.say(lang)) }
                    th { (W::Programme.say(lang)) }
                    th { (W::WhatAirs.say(lang)) }
                } }
                tbody { @for airing in &planned.next { (next_row(airing, lang)) } }
            } }
        }
    }
}

fn next_row(airing: &PlannedAiring, lang: Lang) -> Markup {
    let at = airing
        .slot
        .as_ref()
        .map(|slot| when(&slot.at.naive_local(), lang))
        .unwrap_or_else(|| airing.scheduled_at.clone());
    html! {
        tr data-programme=(airing.programme) {
            td { (at) }
            td { (airing.title) br; span.muted { (airing.programme) } }
            td { (what_airs(airing, lang)) }
        }
    }
}

fn what_airs(airing: &PlannedAiring, lang: Lang) -> Markup {
    let file = airing.file.as_deref().map(file_name);
    if let Some(source) = &airing.relay {
        let relays = W::Relays {
            source: source.clone(),
            length: clock_length(airing.relay_seconds.unwrap_or_default()),
        };
        return html! {
            span.badge.ok { (ListWords::Ready.say(lang)) } " " (relays.say(lang))
            @if let Some(file) = file { br; span.muted { (W::Fallback { file: file.to_string() }.say(lang)) } }
        };
    }
    match (file, &airing.problem) {
        (Some(file), _) => html! {
            span.badge.ok { (ListWords::Ready.say(lang)) } " " (file)
            " " span.muted { "(" (clock_length(airing.duration_seconds.unwrap_or_default())) ")" }
        },
        (None, Some(problem)) => html! {
            span.badge.bad { (ListWords::NotReady.say(lang)) } " " (problem)
        },
        (None, None) => html! {},
    }
}

fn attention_part(planned: &Planned, notices: &Notices, lang: Lang) -> Markup {
    let ready = readiness::all_ready(planned, notices);
    html! {
        h2 { (W::AttentionHeading.say(lang)) }
        @if ready {
            p.done { (Readiness::AllReady.say(lang)) }
        } @else {
            ul.todo {
                @for airing in planned.next.iter().filter(|airing| not_warned(airing, planned)) {
                    li.bad { (airing.title) ": " (airing.problem.clone().unwrap_or_default()) }
                }
                @for warning in &planned.warnings { li { (warning.describe(lang)) } }
                @for notice in &notices.outside_hours { li { (notice) } }
                @for warning in &notices.storage { li { (warning.describe(lang)) } }
                @for notice in &notices.never_again { li { (notice) } }
            }
        }
    }
}

/// Whether the log's check passes, with its head hash to write down.
async fn chain_part(state: &AppState) -> Markup {
    let lang = state.lang();
    let status = state.chain_status();
    html! {
        h2 { (W::ChainHeading.say(lang)) }
        @match (&status.checked_at, &status.problem) {
            (None, _) => p.muted { (W::ChainNotYetChecked.say(lang)) },
            (Some(_), None) => p.done { (W::ChainIntact { records: status.records }.say(lang)) },
            (Some(_), Some(problem)) => {
                p.warning { (W::ChainBroken { problem: problem.clone() }.say(lang)) }
            }
        }
        @if let Some(at) = &status.checked_at {
            p { (W::HeadHash.say(lang)) br; code.hash #head-hash { (status.head_hash) } }
            p.muted { (W::ChainChecked { at: at.format("%d/%m/%Y %H:%M:%S").to_string() }.say(lang)) }
        }
    }
}

/// A next airing with nothing to play that the warnings do not already name.
fn not_warned(airing: &PlannedAiring, planned: &Planned) -> bool {
    let at = airing.slot.as_ref().map(|slot| slot.at);
    !airing.is_ready()
        && !planned
            .warnings
            .iter()
            .any(|warning| warning.programme == airing.programme && Some(warning.slot_at) == at)
}
