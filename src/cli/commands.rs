//! The subcommands, one file each: its arguments and what it does and prints. Their help
//! (the doc comments here) is what `wardcast help` shows.

mod check;
mod devices;
mod explain;
mod export;
mod library;
mod log;
mod next;
mod play;
mod run;
#[cfg(windows)]
mod service;
mod sources;
mod user;
mod verify;

use std::io;

use clap::Subcommand;

use super::{Exit, Options};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the station: play each programme at its time and log every airing.
    ///
    /// Leave it running; stop it with Ctrl+C. What it does is printed line by line.
    Run(run::Args),
    /// Check the configuration and the audio folders, and show the next airing of each
    /// programme with the file it would play.
    ///
    /// Exit status: 0 when all is ready, 1 when something needs attention, 2 when the
    /// configuration has an error.
    Check,
    /// List upcoming airings with the file each would play, or the problem.
    Next(next::Args),
    /// Say in words when a crontab line fires, and list its next times.
    ///
    /// Example: wardcast explain '30 6 * * MON#1'  (06:30 on the first Monday of each month)
    Explain(explain::Args),
    /// Show the airing log: what aired, when, from which file, and what was missed.
    Log(log::Args),
    /// Check that the airing log is intact: every record as it was written, none missing.
    ///
    /// Prints the number of records and the hash of the last one (write it down or hand it
    /// over with a report: anyone can later check the log against it). Exit status 1 and
    /// the first bad record when the log was changed.
    Verify(verify::Args),
    /// Write a reporting period's airings to a file to hand in with the ward's CCHC report:
    /// a CSV, an Excel workbook or a page to print, in Vietnamese.
    ///
    /// Example: wardcast export --period 2026-Q1 --format xlsx  (writes wardcast-2026-Q1.xlsx)
    Export(export::Args),
    /// Play one file now on the sound card (a sound check); it is logged as a manual airing.
    ///
    /// With --now, the file is handed to the running daemon instead, e.g. an emergency
    /// announcement: wardcast play --now --priority emergency canh-bao-bao.mp3
    Play(play::Args),
    /// List the sound cards wardcast can see, with the names to use in [output] device.
    Devices,
    /// Run as a Windows service (what the service manager starts; see the README).
    #[cfg(windows)]
    Service,
    /// List every file in the programme folders: whether it will air, why not, and when.
    Library(library::Args),
    /// Try each station the configuration can receive ([[source]]) now: whether it is
    /// heard, what it sends (kind, codec, bit rate, sample rate, channels) and how loud.
    ///
    /// The sources are tried at the same time, each listened to for --listen seconds (5 by
    /// default). Exit status: 0 when every source is heard, 1 when one is not, 2 when the
    /// configuration has an error.
    Sources(sources::Args),
    /// The web console's users: add one (or set a new password), list them, remove one.
    ///
    /// Example: wardcast user add nguyenvana  (then type the password twice)
    User(user::Args),
}

/// Runs `command`; results go to standard output.
pub fn run(command: &Command, options: &Options) -> anyhow::Result<Exit> {
    match command {
        Command::Run(args) => run::run(args, options),
        Command::Check => check::run(options, &mut io::stdout().lock()),
        Command::Next(args) => next::run(args, options, &mut io::stdout().lock()),
        Command::Explain(args) => explain::run(args, options, &mut io::stdout().lock()),
        Command::Log(args) => log::run(args, options, &mut io::stdout().lock()),
        Command::Verify(args) => verify::run(args, options, &mut io::stdout().lock()),
        Command::Export(args) => export::run(args, options, &mut io::stdout().lock()),
        Command::Play(args) => play::run(args, options, &mut io::stdout().lock()),
        Command::Devices => devices::run(options, &mut io::stdout().lock()),
        #[cfg(windows)]
        Command::Service => service::run(options),
        Command::Library(args) => library::run(args, options, &mut io::stdout().lock()),
        Command::Sources(args) => sources::run(args, options, &mut io::stdout().lock()),
        Command::User(args) => user::run(args, options, &mut io::stdout().lock()),
    }
}
