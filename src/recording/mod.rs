//! Recordings of other stations: what a reception receives, written to a file that lands in
//! a programme folder only when it is complete, so the drop-folder rules apply to it as to
//! a file the officer copies in, and a half-written recording never airs.
//!
//! A recording is written under a temporary name in the data folder's `receiving/` folder
//! (`file`), as the stream's own bytes or as FLAC made block by block from a capture device
//! (`flac`), with its gaps noted (`gaps`); `writer` is the `ReceiveSink` that does it and
//! `finish`es it into the folder under the `[[recording]]` template's name (`name`). This
//! is the station's edge that writes files; `receive` only receives and writes nothing.

mod file;
mod flac;
mod gaps;
mod name;
mod writer;

use std::path::PathBuf;

use serde::Serialize;

use crate::messages::recording::{RecordingNote, RecordingProblem, ERROR_TEXT};
use crate::messages::{Lang, Say};
use crate::receive::Codec;
use crate::sound::Gap;

pub use file::{leftovers, rename_unused, Leftover, RECEIVING};
pub use name::{file_stem, numbered, safe_stem};
pub use writer::Recorder;

/// A recording put in its programme folder: what the station logs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finished {
    /// Where it is now, in the programme folder.
    pub path: PathBuf,
    /// The SHA-256 of the file, in hex, as the library computes it.
    pub sha256: String,
    /// The file's size.
    pub bytes: u64,
    /// Seconds of sound received from the source.
    pub seconds: f64,
    /// Every stretch of the recording's time without sound from the source: left out of
    /// the file.
    pub gaps: Vec<Gap>,
    pub codec: Codec,
}

impl Finished {
    /// What the daemon's log tells the officer of it.
    pub fn note(&self) -> RecordingNote {
        let seconds = self.seconds.round() as u64;
        if self.gaps.is_empty() {
            return RecordingNote::Saved {
                file: self.path.clone(),
                seconds,
            };
        }
        let missing: f64 = self.gaps.iter().map(|gap| gap.length_seconds).sum();
        RecordingNote::SavedWithGaps {
            file: self.path.clone(),
            seconds,
            gaps: self.gaps.len(),
            missing_seconds: missing.round() as u64,
        }
    }
}

/// Why a recording could not be made or put in its folder. Its text (`Display`) is the
/// catalogue's, in the language the daemon's log keeps errors in.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", self.0.say(ERROR_TEXT))]
pub struct RecordError(pub RecordingProblem);

impl RecordError {
    /// The error in the officer's words, in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        self.0.say(lang)
    }
}
