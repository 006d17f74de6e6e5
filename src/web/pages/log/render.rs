//! The log page's HTML: the filter form, the chain's last check, the list (airings and
//! receptions, or the console's records) with each airing's evidence, and the pager. Pure:
//! it is given what was read and only renders it.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate};
use chrono_tz::Tz;
use maud::{html, Markup};

use super::{usual_periods, Choice, Kind, Listed, MAX_PAGES, OUTCOMES, PAGE};
use crate::config::Config;
use crate::ledger::{Airing, ConsoleEntry, Entry, Outcome, ReceivedOutcome, Reception};
use crate::messages::report::{AiringWord, Heading};
use crate::messages::web::log::LogWords as W;
use crate::messages::{shown, Lang, ListWords, Say};
use crate::report::Words;
use crate::sound::SoundEvidence;
use crate::web::frame::clock_length;
use crate::web::reader::ChainStatus;

/// The page's body.
pub fn body(
    config: &Config,
    choice: &Choice,
    listed: &Listed,
    chain: &ChainStatus,
    today: NaiveDate,
) -> Markup {
    let lang = config.station.lang;
    let shown_rows = match listed {
        Listed::Entries(entries) => entries.len(),
        Listed::Console(done) => done.len(),
    };
    let older = shown_rows as u64 > PAGE && choice.page < MAX_PAGES;
    html! {
        h1 { (W::Heading.say(lang)) }
        (chain_part(chain, lang, config.station.timezone))
        (form(config, choice, today))
        @if let Some(problem) = &choice.period_problem {
            p.warning { (problem) }
        }
        @if choice.too_far_back() {
            p.note { (W::TooFarBack { pages: MAX_PAGES }.say(lang)) }
        }
        @match listed {
            Listed::Entries(entries) => (entries_table(config, entries, lang)),
            Listed::Console(done) => (console_table(done, lang, config.station.timezone)),
        }
        (pager(choice, older, lang))
    }
}

/// The chain's last check, in a line: intact with its head hash, or its first problem.
fn chain_part(chain: &ChainStatus, lang: Lang, zone: Tz) -> Markup {
    let Some(at) = chain.checked_at else {
        return html! { p.muted { (W::ChainChecking.say(lang)) } };
    };
    let at = at.with_timezone(&zone).format("%d/%m/%Y %H:%M").to_string();
    match &chain.problem {
        Some(problem) => html! { p.warning { (problem) } },
        None => html! {
            p.done {
                (W::ChainChecked { records: chain.records, at }.say(lang))
                br;
                span.hash { (chain.head_hash) }
            }
        },
    }
}

/// The filters, as a GET form that works without JavaScript.
fn form(config: &Config, choice: &Choice, today: NaiveDate) -> Markup {
    let lang = config.station.lang;
    let usual = usual_periods(today);
    let usual_names = [
        W::ThisMonth,
        W::LastMonth,
        W::ThisQuarter,
        W::LastQuarter,
        W::ThisYear,
    ];
    let programme = choice.filter.programme.as_deref();
    html! {
        form.card method="get" action=(crate::messages::web::Nav::Log.path()) {
            div.row {
                div {
                    label for="period" { (W::Period.say(lang)) }
                    input #period type="text" name="period" value=(choice.period)
                        placeholder=(W::Everything.say(lang));
                }
                div {
                    label for="usual" { (W::UsualPeriods.say(lang)) }
                    select #usual name="usual" {
                        option value="" { "—" }
                        @for (text, name) in usual.iter().zip(usual_names) {
                            option value=(text) { (name.say(lang)) " (" (text) ")" }
                        }
                    }
                }
                div {
                    label for="programme" { (W::Programme.say(lang)) }
                    select #programme name="programme" {
                        option value="" { (W::AllProgrammes.say(lang)) }
                        @for known in &config.programmes {
                            option value=(known.id)
                                selected[programme == Some(known.id.as_str())] { (known.title) }
                        }
                    }
                }
                div {
                    label for="outcome" { (W::Outcome.say(lang)) }
                    select #outcome name="outcome" {
                        option value="" { (W::AllOutcomes.say(lang)) }
                        @for outcome in OUTCOMES {
                            option value=(outcome) selected[choice.outcome == Some(outcome)] {
                                (outcome_word(outcome).say(lang))
                            }
                        }
                    }
                }
                div {
                    label for="kind" { (W::Kind.say(lang)) }
                    select #kind name="kind" {
                        @for (kind, words) in [(Kind::Airings, W::KindAirings), (Kind::Console, W::KindConsole)] {
                            option value=(kind.as_str()) selected[choice.kind == kind] {
                                (words.say(lang))
                            }
                        }
                    }
                }
                div { button type="submit" { (W::Show.say(lang)) } }
            }
            p.muted { small { (W::PeriodHint.say(lang)) } }
        }
    }
}

/// The catalogue's word of an outcome the filter offers.
fn outcome_word(outcome: &str) -> AiringWord {
    match outcome {
        "aired" => AiringWord::Aired,
        "missed" => AiringWord::Missed,
        "failed" => AiringWord::Failed,
        _ => AiringWord::Interrupted,
    }
}

/// Links to the newer and the older page, and the page's number.
fn pager(choice: &Choice, older: bool, lang: Lang) -> Markup {
    html! {
        nav.row.pager {
            @if choice.page > 1 {
                a.button.secondary rel="prev" href=(choice.link(choice.page - 1)) {
                    (W::Newer.say(lang))
                }
            }
            span.muted { (W::PageNumber { page: choice.page }.say(lang)) }
            @if older {
                a.button.secondary rel="next" href=(choice.link(choice.page + 1)) {
                    (W::Older.say(lang))
                }
            }
        }
    }
}

/// A logged instant as the station's clock reads it: `07/12/2026 06:30`.
fn clock(text: Option<&str>, zone: Tz) -> String {
    text.and_then(|text| DateTime::parse_from_rfc3339(text).ok())
        .map(|at| {
            at.with_timezone(&zone)
                .format("%d/%m/%Y %H:%M:%S")
                .to_string()
        })
        .unwrap_or_else(|| "–".to_string())
}

fn file_name(path: Option<&str>) -> String {
    let path = path.unwrap_or("–");
    shown(path.rsplit(['/', '\\']).next().unwrap_or(path)).into_owned()
}

/// The badge's class of how an entry ended.
fn badge(outcome: Option<Outcome>) -> &'static str {
    match outcome {
        Some(Outcome::Aired) => "badge ok",
        Some(Outcome::Missed | Outcome::Failed) => "badge bad",
        Some(Outcome::Interrupted) | None => "badge wait",
    }
}

fn received_badge(outcome: Option<ReceivedOutcome>) -> &'static str {
    match outcome {
        Some(ReceivedOutcome::Complete) => "badge ok",
        Some(ReceivedOutcome::Failed) | None => "badge bad",
        Some(ReceivedOutcome::Partial) => "badge wait",
    }
}

fn entries_table(config: &Config, entries: &[Entry], lang: Lang) -> Markup {
    if entries.is_empty() {
        return html! { p.note { (ListWords::NoAirings.say(lang)) } };
    }
    let titles: HashMap<&str, &str> = config
        .programmes
        .iter()
        .map(|known| (known.id.as_str(), known.title.as_str()))
        .collect();
    let title = |id: &str| shown(titles.get(id).copied().unwrap_or(id)).into_owned();
    let words = Words::new(lang);
    let zone = config.station.timezone;
    html! {
        div.table-wrap {
            table.log {
                thead { tr {
                    @for heading in [Heading::Scheduled, Heading::Started, Heading::Programme,
                                     Heading::File, Heading::PlayedLength, Heading::Outcome] {
                        th { (heading.say(lang)) }
                    }
                } }
                tbody {
                    @for entry in entries.iter().take(PAGE as usize) {
                        @match entry {
                            Entry::Airing(airing) => (airing_row(airing, &title, &words, zone)),
                            Entry::Received(reception) => (reception_row(reception, &title, &words, zone)),
                        }
                    }
                }
            }
        }
    }
}

fn airing_row(airing: &Airing, title: &dyn Fn(&str) -> String, words: &Words, zone: Tz) -> Markup {
    html! {
        tr {
            td { (clock(airing.scheduled_at.as_deref(), zone)) }
            td { (clock(airing.started_at.as_deref(), zone)) }
            td { (title(&airing.programme)) }
            td { (file_name(airing.file.as_deref())) }
            td.num { (airing.played_seconds.map(clock_length).unwrap_or_default()) }
            td {
                span class=(badge(airing.outcome)) { (words.outcome(airing.outcome)) }
                @if let Some(reason) = &airing.reason { " " (shown(reason)) }
                (airing_evidence(airing.evidence.as_ref(), words))
            }
        }
    }
}

/// An airing's evidence, folded: levels, silences, stalls, and a relay's gaps.
fn airing_evidence(evidence: Option<&SoundEvidence>, words: &Words) -> Markup {
    let lang = words.lang;
    let Some(evidence) = evidence else {
        return html! {};
    };
    let mut rms = String::new();
    let mut peak = String::new();
    if let Some(level) = evidence.rms_dbfs {
        words.push_decibels(&mut rms, level);
    }
    if let Some(level) = evidence.peak_dbfs {
        words.push_decibels(&mut peak, level);
    }
    let mut silences = String::new();
    words.push_silences(&mut silences, evidence);
    let mut stalls = String::new();
    let stalled = SoundEvidence {
        silences: evidence.stalls.clone(),
        ..SoundEvidence::default()
    };
    words.push_silences(&mut stalls, &stalled);
    let relay_gaps = evidence.relay.as_ref().map(|relay| {
        let mut gaps = String::new();
        words.push_gaps(&mut gaps, &relay.gaps);
        gaps
    });
    html! {
        details.evidence {
            summary { (W::Evidence.say(lang)) }
            dl {
                dt { (Heading::Rms.say(lang)) } dd { (rms) }
                dt { (Heading::Peak.say(lang)) } dd { (peak) }
                dt { (Heading::Silences.say(lang)) } dd { (silences) }
                dt { (W::Stalls.say(lang)) } dd { (stalls) }
                @if let Some(gaps) = relay_gaps {
                    dt { (Heading::Gaps.say(lang)) } dd { (gaps) }
                }
            }
        }
    }
}

fn reception_row(
    reception: &Reception,
    title: &dyn Fn(&str) -> String,
    words: &Words,
    zone: Tz,
) -> Markup {
    let lang = words.lang;
    let outcome = reception
        .outcome
        .map(|outcome| words.received(outcome).to_string())
        .unwrap_or_else(|| "–".to_string());
    let evidence = reception.evidence.clone().unwrap_or_default();
    let mut gaps = String::new();
    words.push_gaps(&mut gaps, &evidence.gaps);
    html! {
        tr {
            td { (clock(reception.scheduled_at.as_deref(), zone)) }
            td { (clock(Some(&reception.at), zone)) }
            td { (title(&reception.into)) }
            td { (file_name(reception.file.as_deref())) }
            td.num { (reception.duration_seconds.map(clock_length).unwrap_or_default()) }
            td {
                span class=(received_badge(reception.outcome)) { (outcome) }
                " " span.muted { (words.trigger(reception.trigger)) }
                @if let Some(reason) = &reception.reason { " " (shown(reason)) }
                details.evidence {
                    summary { (W::Evidence.say(lang)) }
                    dl {
                        dt { (Heading::Source.say(lang)) }
                        dd { (shown(reception.source.as_deref().unwrap_or("–"))) }
                        dt { (Heading::BytesReceived.say(lang)) } dd { (evidence.bytes) }
                        dt { (Heading::Gaps.say(lang)) } dd { (gaps) }
                    }
                }
            }
        }
    }
}

fn console_table(done: &[ConsoleEntry], lang: Lang, zone: Tz) -> Markup {
    if done.is_empty() {
        return html! { p.note { (W::NothingDone.say(lang)) } };
    }
    html! {
        h2 { (W::ConsoleHeading.say(lang)) }
        div.table-wrap {
            table.console {
                thead { tr {
                    th { (W::When.say(lang)) }
                    th { (W::User.say(lang)) }
                    th { (W::Done.say(lang)) }
                } }
                tbody {
                    @for entry in done.iter().take(PAGE as usize) {
                        tr {
                            td { (clock(Some(&entry.at), zone)) }
                            td { (shown(entry.user.as_deref().unwrap_or("–"))) }
                            td { (shown(entry.words.as_deref().unwrap_or("–"))) }
                        }
                    }
                }
            }
        }
    }
}
