//! The configuration of what the station receives from other stations: the sources it can
//! hear (`[[source]]`), the programmes that relay one live (`relay = "…"` on a programme),
//! the recordings it makes of them (`[[recording]]`) and the files it fetches
//! (`[[download]]`).

use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use crate::ids::{ProgrammeId, SourceId};
use crate::schedule::Schedule;

/// A station wardcast can receive: an internet stream or a capture device.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub id: SourceId,
    pub title: String,
    pub input: SourceInput,
}

/// Where a source's sound comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceInput {
    /// An `http://` or `https://` address. What it is (an Icecast/Shoutcast stream, an HLS
    /// playlist) is learnt from the answer, not from the name.
    Url(String),
    /// A capture device: `"line-in"` for the system's default input, or a device name as
    /// `wardcast devices` lists it.
    Capture(String),
}

/// The capture device name that means the system's default input.
pub const LINE_IN: &str = "line-in";

/// A programme that relays a source live instead of playing a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Relay {
    pub source: SourceId,
    /// How long each relay lasts; it stops on the dot at the slot plus this.
    pub duration: Duration,
    /// What airs when the source cannot be heard at the slot.
    pub fallback: Fallback,
    /// Keep a copy of what was relayed in the data folder.
    pub copy: bool,
}

/// What a relay does when its source is down at the slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Fallback {
    /// Log the slot missed (or the relay partial) with the reason.
    #[default]
    None,
    /// Play a file from the programme's folder, chosen by its `pick` rule.
    Folder,
}

/// A scheduled recording of a source into a programme's folder.
#[derive(Debug, Clone)]
pub struct Recording {
    pub source: SourceId,
    pub schedule: Schedule,
    pub duration: Duration,
    /// The programme whose folder receives the file.
    pub into: ProgrammeId,
    /// The file's name without its extension; `{date}` is replaced by the recording's date
    /// (`YYYY-MM-DD`), `{time}` by its start (`HHhMM`).
    pub name: String,
}

/// A scheduled look for new files at an address: a file or an RSS/Atom feed.
#[derive(Debug, Clone)]
pub struct Download {
    pub url: String,
    pub schedule: Schedule,
    /// The programme whose folder receives the files.
    pub into: ProgrammeId,
    /// The largest file accepted, in bytes.
    pub max_bytes: u64,
}

/// `[[recording]]` and `[[relay]]` durations: from a second (for tests) to twelve hours.
pub const RECEIVE_DURATION_RANGE: std::ops::RangeInclusive<Duration> =
    Duration::from_secs(1)..=Duration::from_secs(12 * 3600);

/// `[[download]] max_megabytes`: the largest file a download takes.
pub const DOWNLOAD_MEGABYTES_RANGE: std::ops::RangeInclusive<u32> = 1..=4096;

/// `max_megabytes` when left out: room for hours of MP3.
pub const DEFAULT_DOWNLOAD_MEGABYTES: u32 = 500;

// The file as written, with spans for the checks that may refuse a value.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileSource {
    pub(super) id: Spanned<String>,
    pub(super) title: String,
    pub(super) url: Option<Spanned<String>>,
    pub(super) input: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileRecording {
    pub(super) source: Spanned<String>,
    pub(super) schedule: Spanned<Vec<Spanned<String>>>,
    pub(super) duration: Spanned<String>,
    pub(super) into: Spanned<String>,
    pub(super) name: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileDownload {
    pub(super) url: Spanned<String>,
    pub(super) schedule: Spanned<Vec<Spanned<String>>>,
    pub(super) into: Spanned<String>,
    pub(super) max_megabytes: Option<Spanned<i64>>,
}

/// A programme's keys for relaying, as written (read with the programme's other keys).
pub(super) struct FileRelay {
    pub(super) relay: Option<Spanned<String>>,
    pub(super) duration: Option<Spanned<String>>,
    pub(super) fallback: Option<Spanned<Fallback>>,
    pub(super) relay_copy: Option<Spanned<bool>>,
}
