//! The `wardcast` binary: reads the command line, sets up the log, runs the command, and
//! turns its end or its error into a plain message and an exit status.

use std::process::ExitCode;

use clap::Parser;

use wardcast::cli::{self, Cli, Exit, UsageError};
use wardcast::config::ConfigError;

fn main() -> ExitCode {
    let cli = Cli::parse();
    cli::logging::init();
    let exit = match cli::run(cli) {
        Ok(exit) => exit,
        // A mistake in the configuration or in what was typed: its message says where.
        Err(error) if error.is::<ConfigError>() || error.is::<UsageError>() => {
            eprintln!("wardcast: {error}");
            Exit::BadInput
        }
        Err(error) => {
            eprintln!("wardcast: {error:#}");
            Exit::NeedsAttention
        }
    };
    ExitCode::from(exit.code())
}
