//! `wardcast run`: the station itself, until Ctrl+C or SIGTERM.

use std::time::Duration;

use crate::cli::{setup, Exit, Options};
use crate::station::{self, RunOptions, Shutdown};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Also play the bundled sample recording 5 seconds after start, to hear that the
    /// sound card works and see the airing in `wardcast log`.
    #[arg(long)]
    pub demo: bool,
}

pub fn run(args: &Args, options: &Options) -> anyhow::Result<Exit> {
    let config = setup::load_config(options)?;
    let lang = config.station.lang;
    let runtime = setup::runtime(lang)?;
    let (stop, shutdown) = Shutdown::new();
    setup::spawn_signal_watch(&runtime, stop);
    let result = runtime.block_on(station::run(
        config,
        RunOptions { demo: args.demo },
        shutdown,
    ));
    // A blocking read that never returns (a file on a dead network share) must not keep
    // the daemon from stopping: it is abandoned, not awaited.
    runtime.shutdown_timeout(Duration::from_secs(1));
    result.map_err(|error| anyhow::Error::msg(error.say(lang)))?;
    Ok(Exit::Done)
}
