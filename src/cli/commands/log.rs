//! `wardcast log`: the airing log as text or JSON lines, for a period, a span of days or
//! everything, optionally for one programme: its airings, and the recordings and downloads
//! that brought files into programme folders. A relayed airing, a recording and a download
//! get a second line: where it came from and what was received. What users did in the web
//! console follows in its own short section of the text (not in `--json`, whose lines are
//! the airings and receptions a tool reads).

use std::io::{self, Write};

use crate::cli::{parse_time, print, setup, Exit, Options, UsageError};
use crate::config::Config;
use crate::ledger::{Airing, AiringFilter, ConsoleEntry, Entry, Reception, Trigger};
use crate::messages::received::ReceivedWords;
use crate::messages::web::log::LogWords;
use crate::messages::{shown, Lang, ListWords, Say};
use crate::report::Words;

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
        ledger.for_each_entry(&filter, |entry| {
            print::json_line(out, &entry).map_err(anyhow::Error::from)
        })?;
    } else {
        let mut entries = Vec::new();
        ledger.for_each_entry(&filter, |entry| {
            entries.push(entry);
            Ok::<(), anyhow::Error>(())
        })?;
        print_entries(out, &entries, config.station.lang)?;
        let mut done = ledger.console_entries(&filter, 0, u64::MAX)?;
        done.reverse();
        print_console(out, &done, config.station.lang)?;
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

/// Prints the log as text, one entry a line, and under a relayed airing, a recording or a
/// download what was received.
fn print_entries(out: &mut impl Write, entries: &[Entry], lang: Lang) -> io::Result<()> {
    if entries.is_empty() {
        writeln!(out, "{}", ListWords::NoAirings.say(lang))?;
    }
    let words = Words::new(lang);
    for entry in entries {
        let received = match entry {
            Entry::Airing(airing) => {
                print_airing(out, airing, lang)?;
                relayed(airing, &words)
            }
            Entry::Received(reception) => {
                print_reception(out, reception, lang)?;
                Some(receipt(reception, &words))
            }
        };
        if let Some(received) = received {
            writeln!(out, "    {}", received.say(lang))?;
        }
    }
    Ok(())
}

/// What users did in the web console, in the order it was done, under its heading; nothing
/// when they did nothing in the period.
fn print_console(out: &mut impl Write, done: &[ConsoleEntry], lang: Lang) -> io::Result<()> {
    if done.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "{}:", LogWords::ConsoleHeading.say(lang))?;
    for entry in done {
        writeln!(
            out,
            "{}  {}",
            shown(&entry.at),
            shown(entry.words.as_deref().unwrap_or("-"))
        )?;
    }
    Ok(())
}

/// One line: when, the programme, how it ended, the file and its length, and why.
fn print_line(
    out: &mut impl Write,
    (when, programme, outcome): (&str, &str, &str),
    (file, seconds): (Option<&str>, Option<f64>),
    reason: Option<&str>,
    lang: Lang,
) -> io::Result<()> {
    let file = shown(file.map(print::file_name).unwrap_or("-"));
    let length = seconds
        .map(|seconds| format!(" {}", print::length(seconds, lang)))
        .unwrap_or_default();
    write!(
        out,
        "{}  {:<12} {:<11} {file}{length}",
        shown(when),
        shown(programme),
        outcome
    )?;
    match reason {
        Some(reason) => writeln!(out, "  — {}", shown(reason)),
        None => writeln!(out),
    }
}

fn print_airing(out: &mut impl Write, airing: &Airing, lang: Lang) -> io::Result<()> {
    let when = airing
        .started_at
        .as_deref()
        .or(airing.scheduled_at.as_deref())
        .or(airing.ended_at.as_deref())
        .unwrap_or("-");
    let outcome = crate::report::outcome_word(airing.outcome).say(lang);
    print_line(
        out,
        (when, &airing.programme, &outcome),
        (airing.file.as_deref(), airing.played_seconds),
        airing.reason.as_deref(),
        lang,
    )
}

/// A recording or a download: when it ended, the programme whose folder received it, how it
/// ended, the file and its length.
fn print_reception(out: &mut impl Write, reception: &Reception, lang: Lang) -> io::Result<()> {
    let outcome = reception
        .outcome
        .map(|outcome| crate::report::received_word(outcome).say(lang))
        .unwrap_or_else(|| "-".to_string());
    print_line(
        out,
        (&reception.at, &reception.into, &outcome),
        (reception.file.as_deref(), reception.duration_seconds),
        reception.reason.as_deref(),
        lang,
    )
}

/// What a relayed airing received from its source; `None` for an airing of a file.
fn relayed(airing: &Airing, words: &Words) -> Option<ReceivedWords> {
    let relay = airing.evidence.as_ref()?.relay.as_ref()?;
    let mut gaps = String::new();
    words.push_gaps(&mut gaps, &relay.gaps);
    Some(ReceivedWords::Relayed {
        source: relay.source.clone(),
        bytes: relay.bytes,
        received: print::length(relay.seconds_received.max(0.0), words.lang),
        gaps,
        delay_start: relay.delay_start_seconds,
        delay_end: relay.delay_end_seconds,
    })
}

/// Where a recording or a download came from and what it received.
fn receipt(reception: &Reception, words: &Words) -> ReceivedWords {
    let evidence = reception.evidence.clone().unwrap_or_default();
    let source = reception.source.clone().unwrap_or_else(|| "-".to_string());
    if reception.trigger == Trigger::Download {
        // The item is worth its own words only when it is not the address itself.
        let item = reception.item_key.clone().filter(|item| *item != source);
        return ReceivedWords::Downloaded {
            source,
            item,
            bytes: evidence.bytes,
            content_type: evidence.content_type,
        };
    }
    let mut gaps = String::new();
    words.push_gaps(&mut gaps, &evidence.gaps);
    let seconds = evidence.seconds_received.unwrap_or(0.0).max(0.0);
    ReceivedWords::Recorded {
        source,
        bytes: evidence.bytes,
        received: print::length(seconds, words.lang),
        gaps,
    }
}
