//! `wardcast library`: every file in the programme folders, whether it will air, why not,
//! and when.

use std::io::{self, Write};

use crate::cli::{print, setup, Exit, Options};
use crate::messages::{shown, Lang, ListWords, Say};
use crate::plan::{self, LibraryRow};
use crate::station;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// One JSON object per line instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &Args, options: &Options, out: &mut impl Write) -> anyhow::Result<Exit> {
    let config = setup::load_config(options)?;
    let ledger = setup::open_ledger(&config)?;
    let library = setup::fresh_library(&config)?;
    let now = station::station_now(config.station.timezone);
    let rows = plan::library_rows(&config, &library, &ledger.aired_contents()?, &now);
    if args.json {
        for row in &rows {
            print::json_line(out, row)?;
        }
    } else {
        print_library(out, &rows, config.station.lang)?;
    }
    Ok(Exit::Done)
}

/// Prints the library as text: per programme, each file with its state.
fn print_library(out: &mut impl Write, rows: &[LibraryRow], lang: Lang) -> io::Result<()> {
    if rows.is_empty() {
        writeln!(out, "{}", ListWords::NoFiles.say(lang))?;
    }
    let mut programme = "";
    for row in rows {
        if row.programme != programme {
            programme = &row.programme;
            writeln!(out, "{}:", shown(programme))?;
        }
        let length = row
            .duration_seconds
            .map(|seconds| format!(" [{}]", print::length(seconds, lang)))
            .unwrap_or_default();
        writeln!(
            out,
            "  {:<10} {}{length}",
            row.state.say(lang),
            shown(print::file_name(&row.file))
        )?;
        if let Some(reason) = &row.reason {
            writeln!(out, "             {}", shown(reason))?;
        }
        if let Some(next) = &row.next_airing {
            let airs = ListWords::AirsAt { at: next.clone() };
            writeln!(out, "             {}", airs.say(lang))?;
        }
    }
    Ok(())
}
