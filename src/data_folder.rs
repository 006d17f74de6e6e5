//! Why the airing log cannot be opened when its folder is the cause: the data folder cannot
//! be created, or cannot be written in (SQLite writes its journal beside the log even to
//! read it), or the log file is read-only. The commands and the export both say so instead
//! of the database's own words.

use crate::config::Config;
use crate::ledger::LedgerError;
use crate::messages::{io_words, DataFolderProblem, Say};

/// What to tell the officer when opening the airing log failed with `error`, in the
/// configuration's language; `None` when the folder is not the cause.
pub fn problem(error: &LedgerError, config: &Config) -> Option<String> {
    let lang = config.station.lang;
    let problem = match error {
        LedgerError::DataFolder { path, source } => DataFolderProblem::CannotCreate {
            folder: path.clone(),
            reason: io_words(source, lang),
            config: config.source.clone(),
        },
        LedgerError::Open { path, .. } => {
            let folder = path.parent()?.to_path_buf();
            let probe = tempfile::Builder::new()
                .prefix(".wardcast-probe-")
                .tempfile_in(&folder);
            match probe {
                Err(error) => DataFolderProblem::CannotWrite {
                    folder,
                    reason: io_words(&error, lang),
                    config: config.source.clone(),
                },
                // The folder takes new files: the log file itself may be read-only.
                Ok(_) => match std::fs::OpenOptions::new().write(true).open(path) {
                    Err(error) if error.kind() == std::io::ErrorKind::PermissionDenied => {
                        DataFolderProblem::LogReadOnly { path: path.clone() }
                    }
                    _ => return None,
                },
            }
        }
        _ => return None,
    };
    Some(problem.say(lang))
}
