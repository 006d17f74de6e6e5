//! `wardcast play`: one file on the sound card now, logged as a manual airing (a sound
//! check); with `--now`, the file is handed to the running daemon to air instead.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::cli::{setup, Exit, Options};
use crate::config::{Config, Priority};
use crate::control::{self, AnnounceRequest, ControlError};
use crate::station::{self, AiringJob, Shutdown, Studio};

use crate::ledger::Outcome;
use crate::messages::{Lang, PlayWords, Say};
use crate::player::Player;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The audio file to play.
    pub file: PathBuf,
    /// Hand the file to the running `wardcast run` (which must be running on the same
    /// data folder) instead of playing it here.
    #[arg(long)]
    pub now: bool,
    /// With --now: emergency cuts in at once; priority goes after the airing on air,
    /// before any other; normal waits until nothing else is due.
    #[arg(long, value_enum, default_value = "emergency", requires = "now")]
    pub priority: Priority,
}

pub fn run(args: &Args, options: &Options, out: &mut impl Write) -> anyhow::Result<Exit> {
    let config = setup::load_config(options)?;
    if args.now {
        announce(&config, &args.file, args.priority, out)
    } else {
        play_here(&config, &args.file, out)
    }
}

/// Hands a file to the running daemon to air now.
fn announce(
    config: &Config,
    file: &Path,
    priority: Priority,
    out: &mut impl Write,
) -> anyhow::Result<Exit> {
    let lang = config.station.lang;
    let file = std::fs::canonicalize(file).map_err(|error| {
        let refused = PlayWords::CannotBePlayed {
            file: file.to_path_buf(),
            reason: error.to_string(),
        };
        anyhow::Error::msg(refused.say(lang))
    })?;
    let request = AnnounceRequest {
        file,
        priority,
        lang: Some(lang),
    };
    let reply = control::send(&config.data_dir, &request)
        .map_err(|error| anyhow::Error::msg(control_words(error).say(lang)))?;
    writeln!(out, "{}", reply.message)?;
    Ok(Exit::attention_if(!reply.accepted))
}

/// Why the running daemon could not be asked, in the officer's words.
fn control_words(error: ControlError) -> PlayWords {
    match error {
        ControlError::NotRunning(data) => PlayWords::NotRunning { data },
        ControlError::Io(error) => PlayWords::TalkFailed {
            reason: error.to_string(),
        },
        ControlError::Protocol(what) => PlayWords::Unexpected { what },
    }
}

/// Plays a file on the sound card here, logged as a manual airing.
fn play_here(config: &Config, file: &Path, out: &mut impl Write) -> anyhow::Result<Exit> {
    let (zone, lang) = (config.station.timezone, config.station.lang);
    let chosen = station::chosen_file(file, lang).map_err(|reason| {
        let refused = PlayWords::CannotBePlayed {
            file: file.to_path_buf(),
            reason,
        };
        anyhow::Error::msg(refused.say(lang))
    })?;
    let said = |error: station::StationError| anyhow::Error::msg(error.say(lang));
    let _lock = station::lock_data_folder(config).map_err(said)?;
    let mut ledger = setup::open_ledger(config)?;
    station::prepare_ledger(&mut ledger, config);
    let ledger = Arc::new(Mutex::new(ledger));
    let player = Player::start(&config.output.device, config.output.dead_air)
        .map_err(|error| anyhow::Error::msg(error.say(lang)))?;
    let runtime = setup::runtime(lang)?;
    let (stop, mut shutdown) = Shutdown::new();
    setup::spawn_signal_watch(&runtime, stop);
    let playing = PlayWords::Playing {
        file: file.to_path_buf(),
        probe: chosen.probe.to_string(),
        device: config.output.device.clone(),
    };
    writeln!(out, "{}", playing.say(lang))?;
    out.flush()?;
    let job = AiringJob::manual(chosen, station::station_now(zone));
    let studio = Studio::new(config, &player, &ledger);
    let report = runtime.block_on(studio.carry_out(&job, &mut shutdown))?;
    let reason = report.reason.map(|why| why.say(lang));
    writeln!(out, "{}", ended(report.outcome, reason, lang))?;
    Ok(Exit::attention_if(report.outcome != Outcome::Aired))
}

/// How the sound check ended.
fn ended(outcome: Outcome, reason: Option<String>, lang: Lang) -> String {
    match outcome {
        Outcome::Aired => PlayWords::PlayedToEnd,
        other => PlayWords::NotPlayedToEnd {
            outcome: other.as_str().to_string(),
            reason: reason.unwrap_or_default(),
        },
    }
    .say(lang)
}
