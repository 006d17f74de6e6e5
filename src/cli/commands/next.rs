//! `wardcast next`: the upcoming airings of every programme, in time order, with the file
//! each would play or the problem.

use std::io::Write;

use crate::cli::{parse_count, parse_time, print, setup, Exit, Options};
use crate::messages::{Say, Upcoming};
use crate::plan;
use crate::schedule::LAST_YEAR;
use crate::station;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many airings to list, from 1 to 10000.
    #[arg(long, short = 'n', default_value = "10", allow_hyphen_values = true)]
    pub count: String,
    /// Start from this time instead of now (e.g. "2026-12-01" or "2026-12-01 06:00").
    #[arg(long, value_name = "TIME")]
    pub from: Option<String>,
    /// One JSON object per line instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &Args, options: &Options, out: &mut impl Write) -> anyhow::Result<Exit> {
    let config = setup::load_config(options)?;
    let (zone, lang) = (config.station.timezone, config.station.lang);
    let count = parse_count(&args.count, lang)?;
    let from = match &args.from {
        Some(text) => parse_time(text, zone, lang)?,
        None => station::station_now(zone),
    };
    let ledger = setup::open_ledger(&config)?;
    let library = setup::fresh_library(&config)?;
    let aired = ledger.aired_contents()?;
    let planned = plan::upcoming(&config, &library, &aired, &from, count, lang);
    if args.json {
        for airing in &planned {
            print::json_line(out, airing)?;
        }
    } else {
        print::planned(out, &planned, lang)?;
    }
    if planned.is_empty() && !config.programmes.is_empty() {
        let nothing = Upcoming::NothingPlanned {
            from: from.naive_local(),
            last_year: LAST_YEAR,
        };
        anyhow::bail!(nothing.say(lang));
    }
    Ok(Exit::Done)
}
