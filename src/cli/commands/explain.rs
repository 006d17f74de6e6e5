//! `wardcast explain`: a crontab line in words and its next times. It needs no working
//! station: without a readable configuration it uses the default time zone.

use std::io::Write;

use chrono::DateTime;
use chrono_tz::Tz;

use crate::cli::{parse_count, parse_time, print, setup, Exit, Options, UsageError};
use crate::config::{self, Config};
use crate::messages::{Lang, Say, Upcoming};
use crate::schedule::{line_hint, CronLine, LAST_YEAR};
use crate::station;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The crontab line, in quotes: 5 fields, or 6 with seconds first.
    pub line: String,
    /// How many times to list, from 1 to 10000.
    #[arg(long, short = 'n', default_value = "5", allow_hyphen_values = true)]
    pub count: String,
    /// Start from this time instead of now.
    #[arg(long, value_name = "TIME")]
    pub from: Option<String>,
    /// One JSON object per line instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &Args, options: &Options, out: &mut impl Write) -> anyhow::Result<Exit> {
    // The line is explained in the station's zone when the configuration can be read, and
    // in the default zone otherwise: explaining a line must not need a working station.
    let station = setup::load_config(options).ok();
    let zone = station
        .as_ref()
        .map_or_else(default_zone, |config: &Config| config.station.timezone);
    let lang = setup::lang_of(station.as_ref(), options);
    let cron = CronLine::parse(&args.line).map_err(|error| {
        let refused = Upcoming::Refused {
            line: args.line.clone(),
            reason: error.describe(lang),
            hint: line_hint(lang).to_string(),
        };
        UsageError(refused.say(lang))
    })?;
    let count = parse_count(&args.count, lang)?;
    let from = match &args.from {
        Some(text) => parse_time(text, zone, lang)?,
        None => station::station_now(zone),
    };
    let times = cron.occurrences_after(&from, count);
    if times.is_empty() {
        let none = if cron.fires_in_calendar(zone) {
            Upcoming::NoTimeAfter {
                line: args.line.clone(),
                from: from.naive_local(),
                last_year: LAST_YEAR,
            }
        } else {
            Upcoming::NeverFires {
                line: args.line.clone(),
            }
        };
        anyhow::bail!(none.say(lang));
    }
    if args.json {
        print_json(out, &times)?;
    } else {
        writeln!(out, "{}: {}", cron.text(), cron.describe(lang))?;
        print_times(out, &times, zone, lang)?;
        if times.len() < count {
            let ends = Upcoming::CalendarEnds {
                last_year: LAST_YEAR,
            };
            writeln!(out, "{}", ends.say(lang))?;
        }
    }
    Ok(Exit::Done)
}

fn default_zone() -> Tz {
    config::DEFAULT_TIMEZONE
        .parse()
        .unwrap_or(chrono_tz::Asia::Ho_Chi_Minh)
}

fn print_json(out: &mut impl Write, times: &[DateTime<Tz>]) -> std::io::Result<()> {
    #[derive(serde::Serialize)]
    struct At {
        at: String,
    }
    for at in times {
        let at = At {
            at: crate::ledger::timestamp(at),
        };
        print::json_line(out, &at)?;
    }
    Ok(())
}

fn print_times(
    out: &mut impl Write,
    times: &[DateTime<Tz>],
    zone: Tz,
    lang: Lang,
) -> std::io::Result<()> {
    let heading = Upcoming::NextTimes {
        zone: zone.to_string(),
    };
    writeln!(out, "{}", heading.say(lang))?;
    for at in times {
        let time = Upcoming::Time {
            at: at.naive_local(),
        };
        writeln!(out, "  {}", time.say(lang))?;
    }
    Ok(())
}
