//! What can go wrong opening, reading or writing the airing log.

use std::path::PathBuf;

use crate::messages::log_check::LogProblem;
use crate::messages::{Lang, Say};

/// Why the airing log could not be opened, read or written. Its text (`Display`) is the
/// English of [`LedgerError::say`], as the daemon's own log has always kept it.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.message().en())]
pub enum LedgerError {
    DataFolder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    Write(#[source] rusqlite::Error),
    OldFormat(PathBuf),
    Read(#[source] rusqlite::Error),
    Witness(#[source] std::io::Error),
    SpareMissing(PathBuf),
    Journal(#[source] std::io::Error),
}

impl LedgerError {
    /// The error as a message of the catalogue.
    pub fn message(&self) -> LogProblem {
        match self {
            LedgerError::DataFolder { path, source } => LogProblem::DataFolder {
                folder: path.clone(),
                detail: source.to_string(),
            },
            LedgerError::Open { path, source } => LogProblem::Open {
                path: path.clone(),
                detail: source.to_string(),
            },
            LedgerError::Write(source) => LogProblem::Write {
                detail: source.to_string(),
            },
            LedgerError::OldFormat(path) => LogProblem::OldFormat { path: path.clone() },
            LedgerError::Read(source) => LogProblem::Read {
                detail: source.to_string(),
            },
            LedgerError::Witness(source) => LogProblem::Witness {
                detail: source.to_string(),
            },
            LedgerError::SpareMissing(folder) => LogProblem::SpareMissing {
                folder: folder.clone(),
            },
            LedgerError::Journal(source) => LogProblem::Journal {
                detail: source.to_string(),
            },
        }
    }

    /// The error in the officer's words, in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        self.message().say(lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_reads_as_it_always_has_and_is_said_in_vietnamese_too() {
        let old = LedgerError::OldFormat(PathBuf::from("/var/lib/wardcast/log.sqlite3"));
        assert_eq!(
            old.to_string(),
            "the airing log /var/lib/wardcast/log.sqlite3 was written by an older wardcast, \
             without the hash chain; move it aside (rename it, keep it as evidence) and \
             wardcast will start a new log"
        );
        assert!(old
            .say(Lang::Vi)
            .starts_with("nhật ký phát sóng /var/lib/wardcast/log.sqlite3 do một phiên bản"));
        let folder = LedgerError::DataFolder {
            path: PathBuf::from("/srv/data"),
            source: std::io::Error::other("the cable came loose"),
        };
        assert_eq!(
            folder.to_string(),
            "cannot create the data folder /srv/data: the cable came loose"
        );
        assert_eq!(
            LedgerError::SpareMissing(PathBuf::from("/media/usb")).to_string(),
            "the spare folder /media/usb does not exist (is its disk plugged in?)"
        );
    }
}
