//! `wardcast service`: what the Windows service manager starts.

use anyhow::Context;

use crate::cli::{Exit, Options};
use crate::config;
use crate::messages::{Say, StartupFailure};

pub fn run(options: &Options) -> anyhow::Result<Exit> {
    let lang = options.lang.unwrap_or_default();
    let path = std::fs::canonicalize(config::resolve_path(options.config.as_deref()))
        .with_context(|| StartupFailure::ServiceConfig.say(lang))?;
    crate::station::windows::run_as_service(path)
        .with_context(|| StartupFailure::Service.say(lang))?;
    Ok(Exit::Done)
}
