//! The console's users: who may sign in, as what, with which password (kept only as an
//! Argon2 hash), in one file of the data folder that `wardcast user` writes and the console
//! reads.

mod file;
mod password;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::messages::users::UserProblem;
use crate::messages::{io_words, Lang, Say};

pub use file::{load, save};
pub use password::{hash_password, verify_password};

/// The users file's name, in the data folder.
pub const USERS_FILE: &str = "console-users.json";
/// The longest name: short enough to show in the console's header on a phone.
pub const MAX_NAME_CHARS: usize = 32;
/// The shortest password.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// What a user may do in the console.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Everything: upload, withdraw, announce, and all a viewer does.
    #[default]
    Officer,
    /// Read every page and download reports; change nothing.
    Viewer,
}

/// One user, as the file keeps them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub name: String,
    pub role: Role,
    /// The password's Argon2id hash, as a PHC string (salt and parameters included).
    pub hash: String,
    pub created: DateTime<Utc>,
}

/// Every user, in the order they were added.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Users {
    pub users: Vec<User>,
}

/// What setting a user's password did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Set {
    Added,
    Changed,
}

/// Why a user could not be added, changed, removed or read. Its text (`Display`) is the
/// English of [`UserError::say`], for the daemon's own log.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.say(crate::messages::Lang::En))]
pub enum UserError {
    Refused(UserProblem),
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl UserError {
    /// The error in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        let problem = match self {
            UserError::Refused(problem) => problem.clone(),
            UserError::Read { path, source } => UserProblem::Read {
                path: path.clone(),
                detail: io_words(source, lang),
            },
            UserError::Write { path, source } => UserProblem::Write {
                path: path.clone(),
                detail: io_words(source, lang),
            },
        };
        problem.say(lang)
    }

    /// A mistake in what was typed (a name, a password), rather than in the station.
    pub fn is_typing(&self) -> bool {
        matches!(
            self,
            UserError::Refused(
                UserProblem::BadNameWas { .. }
                    | UserProblem::ShortPassword { .. }
                    | UserProblem::PasswordsDiffer
                    | UserProblem::NoPassword
            )
        )
    }
}

/// The users file of the data folder `data_dir`.
pub fn users_path(data_dir: &Path) -> PathBuf {
    data_dir.join(USERS_FILE)
}

/// Refuses a name that is not 1–32 of a–z 0–9 . _ -: a name an officer can type on any
/// keyboard, show anywhere, and never confuse with another through accents or case.
pub fn check_name(name: &str) -> Result<(), UserError> {
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_".contains(c);
    if !name.is_empty() && name.len() <= MAX_NAME_CHARS && name.chars().all(allowed) {
        return Ok(());
    }
    let name = name.to_string();
    Err(UserError::Refused(UserProblem::BadNameWas { name }))
}

/// Refuses a password shorter than [`MIN_PASSWORD_CHARS`].
pub fn check_password(password: &str) -> Result<(), UserError> {
    if password.chars().count() >= MIN_PASSWORD_CHARS {
        return Ok(());
    }
    let min = MIN_PASSWORD_CHARS;
    Err(UserError::Refused(UserProblem::ShortPassword { min }))
}

impl Users {
    pub fn find(&self, name: &str) -> Option<&User> {
        self.users.iter().find(|user| user.name == name)
    }

    /// Sets `name`'s password hash, and their role when `role` is given; a new user is an
    /// officer unless told otherwise.
    pub fn set(&mut self, name: &str, role: Option<Role>, hash: String, now: DateTime<Utc>) -> Set {
        if let Some(user) = self.users.iter_mut().find(|user| user.name == name) {
            user.hash = hash;
            user.role = role.unwrap_or(user.role);
            return Set::Changed;
        }
        self.users.push(User {
            name: name.to_string(),
            role: role.unwrap_or_default(),
            hash,
            created: now,
        });
        Set::Added
    }

    /// Removes `name`; the user removed.
    pub fn remove(&mut self, name: &str) -> Result<User, UserError> {
        match self.users.iter().position(|user| user.name == name) {
            Some(index) => Ok(self.users.remove(index)),
            None => Err(UserError::Refused(UserProblem::Unknown {
                name: name.to_string(),
            })),
        }
    }
}

#[cfg(test)]
mod tests;
