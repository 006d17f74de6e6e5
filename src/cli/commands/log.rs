//! `wardcast log`: the airing log as text or JSON lines, for a period, a span of days or
//! everything, optionally for one programme.

use std::io::{self, Write};

use crate::cli::{parse_time, print, setup, Exit, Options, UsageError};
use crate::config::Config;
use crate::ledger::{Airing, AiringFilter};
use crate::messages::{shown, Lang, ListWords, Say};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// First day to show (e.g. "2026-12-01"); default: everything.
    #[arg(long, value_name = "DATE", conflicts_with = "period")]
    pub from: Option<String>,
    /// Last day to show, included.
    #[arg(long, value_name = "DATE", conflicts_with = "period")]
    pub to: Option<String>,
    /// A reporting period: 2026-12, 2026-Q3, 2026-H1, 2026 or 2026-01-01..2026-03-31.
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// Only this programme (its id in the configuration).
    #[arg(long, value_name = "ID")]
    pub programme: Option<String>,
    /// One JSON object per line instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &Args, options: &Options, out: &mut impl Write) -> anyhow::Result<Exit> {
    let config = setup::load_config(options)?;
    let (from_ms, to_ms) = bounds_ms(args, &config)?;
    let ledger = setup::open_ledger(&config)?;
    let filter = AiringFilter {
        from_ms,
        to_ms,
        programme: args.programme.clone(),
    };
    if args.json {
        ledger.for_each_airing(&filter, |airing| {
            print::json_line(out, &airing).map_err(anyhow::Error::from)
        })?;
    } else {
        let mut airings = Vec::new();
        ledger.for_each_airing(&filter, |airing| {
            airings.push(airing);
            Ok::<(), anyhow::Error>(())
        })?;
        print_airings(out, &airings, config.station.lang)?;
    }
    Ok(Exit::Done)
}

/// The span of time asked for, in milliseconds since 1970: the period, or from the start of
/// `--from`'s day to the end of `--to`'s, open where one is not given.
fn bounds_ms(args: &Args, config: &Config) -> Result<(i64, i64), UsageError> {
    let (zone, lang) = (config.station.timezone, config.station.lang);
    if let Some(text) = &args.period {
        let period = config
            .reports
            .period(text)
            .map_err(|error| UsageError(error.describe(lang)))?;
        return Ok(period.bounds_ms(zone));
    }
    let from_ms = match &args.from {
        Some(text) => parse_time(text, zone, lang)?.timestamp_millis(),
        None => i64::MIN,
    };
    let to_ms = match &args.to {
        Some(text) => parse_time(text, zone, lang)?
            .checked_add_signed(chrono::Duration::days(1))
            .map_or(i64::MAX, |day| day.timestamp_millis()),
        None => i64::MAX,
    };
    Ok((from_ms, to_ms))
}

/// Prints the log as text, one airing a line.
fn print_airings(out: &mut impl Write, airings: &[Airing], lang: Lang) -> io::Result<()> {
    if airings.is_empty() {
        writeln!(out, "{}", ListWords::NoAirings.say(lang))?;
    }
    for airing in airings {
        let when = airing
            .started_at
            .as_deref()
            .or(airing.scheduled_at.as_deref())
            .or(airing.ended_at.as_deref())
            .unwrap_or("-");
        let outcome = crate::report::outcome_word(airing.outcome).say(lang);
        let file = shown(airing.file.as_deref().map(print::file_name).unwrap_or("-"));
        let played = airing
            .played_seconds
            .map(|seconds| format!(" {}", print::length(seconds, lang)))
            .unwrap_or_default();
        write!(
            out,
            "{}  {:<12} {:<11} {file}{played}",
            shown(when),
            shown(&airing.programme),
            outcome
        )?;
        match &airing.reason {
            Some(reason) => writeln!(out, "  — {}", shown(reason))?,
            None => writeln!(out)?,
        }
    }
    Ok(())
}
