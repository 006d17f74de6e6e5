//! What can go wrong opening, reading or writing the airing log.

use std::path::PathBuf;

/// Why the airing log could not be opened, read or written.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error("cannot create the data folder {path}: {source}")]
    DataFolder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the airing log {path} cannot be used: {source}")]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("writing to the airing log failed: {0}")]
    Write(#[source] rusqlite::Error),
    #[error(
        "the airing log {0} was written by an older wardcast, without the hash chain; move it \
         aside (rename it, keep it as evidence) and wardcast will start a new log"
    )]
    OldFormat(PathBuf),
    #[error("reading the airing log failed: {0}")]
    Read(#[source] rusqlite::Error),
    #[error("the witness file of the airing log cannot be used: {0}")]
    Witness(#[source] std::io::Error),
    #[error("the spare folder {0} does not exist (is its disk plugged in?)")]
    SpareMissing(PathBuf),
    #[error("the journal of waiting records on the spare disk cannot be used: {0}")]
    Journal(#[source] std::io::Error),
}
