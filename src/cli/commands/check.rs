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
use crate::plan;
use crate::readiness::{self, Notices, Planned};
use crate::{receive, station};

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
    let planned = Planned::of(&config, &library, &aired, &now);
    print::planned(out, &planned.next, lang)?;
    print::warnings(out, &planned.warnings, lang)?;
    let notices = Notices::of(&config, &planned, &now);
    for notice in &notices.outside_hours {
        writeln!(out, "! {notice}")?;
    }
    for warning in &notices.storage {
        writeln!(out, "! {}", warning.describe(lang))?;
    }
    for notice in &notices.never_again {
        writeln!(out, "{notice}")?;
    }
    let unheard = print_sources_not_heard(out, &config, &now)?;
    let ready = readiness::all_ready(&planned, &notices) && unheard == 0;
    let verdict = if ready {
        Readiness::AllReady
    } else {
        Readiness::NeedsAttention
    };
    writeln!(out, "{}", verdict.say(lang))?;
    Ok(Exit::attention_if(!ready))
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
