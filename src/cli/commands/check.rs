//! `wardcast check`: is the configuration valid, does every programme have its file for
//! its next airing, and is anything else in the way (hours, disks, schedules that never
//! fire)? It ends by saying whether all is ready.

use std::io::Write;
use std::time::Duration;

use chrono::DateTime;
use chrono_tz::Tz;

use crate::cli::{print, setup, Exit, Options};
use crate::config::Config;
use crate::messages::{Readiness, Say};
use crate::plan::{self, PlannedAiring};
use crate::{dispatch, receive, station, storage};

/// How many upcoming slots are looked through for one outside the allowed hours.
const HOURS_LOOK_AHEAD: usize = 100;

pub fn run(options: &Options, out: &mut impl Write) -> anyhow::Result<Exit> {
    let config = setup::load_config(options)?;
    let lang = config.station.lang;
    let valid = Readiness::ConfigValid {
        config: config.source.clone(),
        programmes: config.programmes.len(),
        zone: config.station.timezone.to_string(),
    };
    writeln!(out, "{}", valid.say(lang))?;
    let ledger = setup::open_ledger(&config)?;
    let library = setup::fresh_library(&config)?;
    let now = station::station_now(config.station.timezone);
    let aired = ledger.aired_contents()?;
    let planned = plan::next_of_each(&config, &library, &aired, &now, lang);
    print::planned(out, &planned, lang)?;
    let warnings = plan::warnings(&config, &library, &aired, &now);
    print::warnings(out, &warnings, lang)?;
    let outside = print_outside_hours(out, &config, &now)?;
    let storage = storage::warnings(&config);
    for warning in &storage {
        writeln!(out, "! {}", warning.describe(lang))?;
    }
    let never = print_never_again(out, &config, &planned)?;
    let unheard = print_sources_not_heard(out, &config, &now)?;
    let ready = planned.iter().all(PlannedAiring::is_ready)
        && unheard == 0
        && warnings.is_empty()
        && outside == 0
        && storage.is_empty()
        && never == 0;
    let verdict = if ready {
        Readiness::AllReady
    } else {
        Readiness::NeedsAttention
    };
    writeln!(out, "{}", verdict.say(lang))?;
    Ok(Exit::attention_if(!ready))
}

/// Prints each programme whose schedule fires outside the allowed hours, with a time it
/// would; returns how many.
fn print_outside_hours(
    out: &mut impl Write,
    config: &Config,
    now: &DateTime<Tz>,
) -> std::io::Result<usize> {
    let outside = dispatch::slots_outside_hours(config, now, HOURS_LOOK_AHEAD);
    for (index, at) in &outside {
        let message = Readiness::OutsideHours {
            programme: config.programmes[*index].id.clone(),
            hours: dispatch::hours_list(config),
            at: at.naive_local(),
        };
        writeln!(out, "! {}", message.say(config.station.lang))?;
    }
    Ok(outside.len())
}

/// Tries at once every source a relay or a recording needs within `warn_days` (each until
/// its first sound, or until it gives up) and prints the ones not heard; returns how many.
fn print_sources_not_heard(
    out: &mut impl Write,
    config: &Config,
    now: &DateTime<Tz>,
) -> std::io::Result<usize> {
    let needed = plan::sources_needed(config, now);
    let tries: Vec<_> = needed
        .iter()
        .filter_map(|needed| {
            let source = config
                .sources
                .iter()
                .find(|s| s.id == needed.source)?
                .clone();
            let at = needed.at.naive_local();
            Some(std::thread::spawn(move || {
                let heard = receive::probe(&source, Duration::ZERO);
                (source, at, heard)
            }))
        })
        .collect();
    let mut unheard = 0;
    for try_ in tries {
        let Ok((source, at, Err(problem))) = try_.join() else {
            continue;
        };
        unheard += 1;
        let message = Readiness::SourceNotHeard {
            title: source.title.clone(),
            id: source.id.to_string(),
            at,
            problem,
        };
        writeln!(out, "! {}", message.say(config.station.lang))?;
    }
    Ok(unheard)
}

/// Prints each programme that has no airing left in the calendar; returns how many.
fn print_never_again(
    out: &mut impl Write,
    config: &Config,
    planned: &[PlannedAiring],
) -> std::io::Result<usize> {
    let mut never = 0;
    for programme in &config.programmes {
        if !planned
            .iter()
            .any(|airing| airing.programme == programme.id)
        {
            let message = Readiness::NeverAgain {
                programme: programme.id.clone(),
            };
            writeln!(out, "{}", message.say(config.station.lang))?;
            never += 1;
        }
    }
    Ok(never)
}
