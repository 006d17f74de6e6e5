//! `wardcast user`: the console's users. `add` sets a password (asked twice on a terminal,
//! read from the first line of standard input otherwise, so scripts can create users),
//! `list` shows who may sign in, `remove` ends a user's access.

use std::io::{self, BufRead, IsTerminal, Write};

use anyhow::Context;
use chrono::Utc;

use crate::cli::{setup, Exit, Options, UsageError};
use crate::messages::users::{UserNote, UserProblem};
use crate::messages::{shown, Lang, Say};
use crate::users::{self, Role, Set, UserError, Users};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Create a user, or set an existing user's new password (and role, when given).
    ///
    /// The password is asked twice; from a script, give it as the first line of standard
    /// input. Example: wardcast user add nguyenvana --role officer
    Add {
        /// 1 to 32 of a–z 0–9 . _ - (e.g. nguyenvana)
        name: String,
        /// officer (everything) or viewer (read and download only) [default: officer]
        #[arg(long, value_enum)]
        role: Option<Role>,
    },
    /// List the users: name, role, when each was created.
    List,
    /// Remove a user: they can no longer sign in, and their sign-ins end.
    Remove { name: String },
}

pub fn run(args: &Args, options: &Options, out: &mut impl Write) -> anyhow::Result<Exit> {
    let config = setup::load_config(options)?;
    let lang = config.station.lang;
    let path = users::users_path(&config.data_dir);
    let said = |error: UserError| -> anyhow::Error {
        if error.is_typing() {
            UsageError(error.say(lang)).into()
        } else {
            anyhow::Error::msg(error.say(lang))
        }
    };
    let mut all = users::load(&path).map_err(said)?;
    match &args.action {
        Action::Add { name, role } => {
            users::check_name(name).map_err(said)?;
            let password = read_password(lang).map_err(said)?;
            users::check_password(&password).map_err(said)?;
            let hash = users::hash_password(&password).map_err(said)?;
            let set = all.set(name, *role, hash, Utc::now());
            users::save(&path, &all).map_err(said)?;
            let officer = all
                .find(name)
                .is_some_and(|user| user.role == Role::Officer);
            let name = name.clone();
            let note = match set {
                Set::Added => UserNote::Added { name, officer },
                Set::Changed => UserNote::Changed { name, officer },
            };
            writeln!(out, "{}", note.say(lang))?;
        }
        Action::List => list(&all, &config, out)?,
        Action::Remove { name } => {
            let removed = all.remove(name).map_err(said)?;
            users::save(&path, &all).map_err(said)?;
            let name = removed.name;
            writeln!(out, "{}", UserNote::Removed { name }.say(lang))?;
        }
    }
    Ok(Exit::Done)
}

fn list(all: &Users, config: &crate::config::Config, out: &mut impl Write) -> anyhow::Result<()> {
    let lang = config.station.lang;
    if all.users.is_empty() {
        writeln!(out, "{}", UserNote::NoUsers.say(lang))?;
        return Ok(());
    }
    writeln!(out, "{}", UserNote::ListHeading.say(lang))?;
    for user in &all.users {
        let officer = user.role == Role::Officer;
        let created = user.created.with_timezone(&config.station.timezone);
        writeln!(
            out,
            "{} | {} | {}",
            shown(&user.name),
            UserNote::Role { officer }.say(lang),
            created.format("%Y-%m-%d %H:%M")
        )
        .context("standard output")?;
    }
    Ok(())
}

/// The new password: typed twice without echo on a terminal, else the first line of
/// standard input.
fn read_password(lang: Lang) -> Result<String, UserError> {
    let unreadable = |error: io::Error| {
        UserError::Refused(UserProblem::ReadPassword {
            detail: crate::messages::io_words(&error, lang),
        })
    };
    if io::stdin().is_terminal() {
        let first =
            rpassword::prompt_password(UserNote::AskPassword.say(lang)).map_err(unreadable)?;
        users::check_password(&first)?;
        let second =
            rpassword::prompt_password(UserNote::AskAgain.say(lang)).map_err(unreadable)?;
        if first != second {
            return Err(UserError::Refused(UserProblem::PasswordsDiffer));
        }
        return Ok(first);
    }
    let mut line = String::new();
    let read = io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(unreadable)?;
    if read == 0 {
        return Err(UserError::Refused(UserProblem::NoPassword));
    }
    let password = line.strip_suffix('\n').unwrap_or(&line);
    Ok(password.strip_suffix('\r').unwrap_or(password).to_string())
}
