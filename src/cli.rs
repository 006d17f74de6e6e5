//! The command line: the options every command takes, the subcommands (one file each under
//! `cli/commands/`), and how a command ends, for the exit status. It reads what was typed
//! and prints results; the work is done by the library's modules.

mod args;
mod commands;
pub mod logging;
mod print;
mod setup;

use std::path::PathBuf;

use clap::Parser;

pub use args::{parse_count, parse_time, UsageError, MAX_COUNT};
pub use commands::Command;

use crate::messages::Lang;

/// wardcast plays the ward radio station's programmes on the sound card at the times set in
/// the configuration, and keeps a log of every airing for the ward's reports.
///
/// Drop the audio files into the programme folders under the audio folder (for the monthly
/// CCHC programme, put the month in the file name, e.g. "2026-12 Chuyên mục CCHC.mp3").
/// Check what will air with `wardcast check`.
#[derive(Debug, Parser)]
#[command(name = "wardcast", version, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub options: Options,

    #[command(subcommand)]
    pub command: Command,
}

/// The options every command takes.
#[derive(Debug, clap::Args)]
pub struct Options {
    /// The configuration file [default: config/wardcast.toml]
    #[arg(
        long,
        short = 'c',
        global = true,
        env = "WARDCAST_CONFIG",
        value_name = "PATH"
    )]
    pub config: Option<PathBuf>,

    /// The language of messages: vi (tiếng Việt) or en [default: the config's
    /// [station] lang, else vi]
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
}

/// How a command ended, which the exit status tells scripts and the service manager.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// All is well: status 0.
    Done,
    /// Something needs the officer's attention: status 1.
    NeedsAttention,
    /// The configuration or what was typed has an error: status 2.
    BadInput,
}

impl Exit {
    /// `Done` when nothing needs attention.
    pub fn attention_if(needed: bool) -> Exit {
        if needed {
            Exit::NeedsAttention
        } else {
            Exit::Done
        }
    }

    /// The process's exit status.
    pub fn code(self) -> u8 {
        match self {
            Exit::Done => 0,
            Exit::NeedsAttention => 1,
            Exit::BadInput => 2,
        }
    }
}

/// Runs the command typed.
pub fn run(cli: Cli) -> anyhow::Result<Exit> {
    commands::run(&cli.command, &cli.options)
}
