//! What can stop an export, in the officer's language where the officer can act on it.

use std::io;
use std::path::Path;

use crate::ledger::LedgerError;
use crate::messages::export::ExportProblem;
use crate::messages::{io_words, Lang, Say};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A message already in the officer's language, with what to do: a period wardcast
    /// does not know, a place an export may not be written, a data folder in the way, a
    /// disk that is full.
    #[error("{0}")]
    Said(String),
    #[error(transparent)]
    Ledger(#[from] LedgerError),
}

/// What can go wrong while a writer runs; given the file's path by [`super::export`].
#[derive(Debug)]
pub(super) enum Failure {
    Ledger(LedgerError),
    Io(io::Error),
    Xlsx(rust_xlsxwriter::XlsxError),
    /// The system's temporary folder, where the workbook writer keeps its scratch files,
    /// cannot be written.
    TemporaryFolder(io::Error),
}

impl From<LedgerError> for Failure {
    fn from(error: LedgerError) -> Self {
        Failure::Ledger(error)
    }
}

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Self {
        Failure::Io(error)
    }
}

impl From<::csv::Error> for Failure {
    fn from(error: ::csv::Error) -> Self {
        // The CSV writer only fails by failing to write (its records are all strings);
        // the I/O error itself says what happened, e.g. that the disk is full.
        match error.into_kind() {
            ::csv::ErrorKind::Io(error) => Failure::Io(error),
            other => Failure::Io(io::Error::other(format!("{other:?}"))),
        }
    }
}

impl From<rust_xlsxwriter::XlsxError> for Failure {
    fn from(error: rust_xlsxwriter::XlsxError) -> Self {
        Failure::Xlsx(error)
    }
}

impl Failure {
    pub(super) fn at(self, path: &Path, lang: Lang) -> ExportError {
        match self {
            Failure::Ledger(error) => ExportError::Ledger(error),
            Failure::Io(source) | Failure::Xlsx(rust_xlsxwriter::XlsxError::IoError(source)) => {
                ExportError::Said(write_failed(path, &source, lang))
            }
            Failure::Xlsx(source) => ExportError::Said(
                ExportProblem::ExcelFailed {
                    path: path.display().to_string(),
                    reason: source.to_string(),
                }
                .say(lang),
            ),
            Failure::TemporaryFolder(error) => ExportError::Said(
                ExportProblem::TemporaryFolder {
                    folder: std::env::temp_dir().display().to_string(),
                    reason: io_words(&error, lang),
                }
                .say(lang),
            ),
        }
    }
}

pub(super) fn write_failed(path: &Path, error: &io::Error, lang: Lang) -> String {
    ExportProblem::WriteFailed {
        path: path.display().to_string(),
        reason: io_words(error, lang),
    }
    .say(lang)
}
