//! The audio folder: which files each programme folder holds, what each one is, whether it
//! may air, and which one an airing picks. It reads the officer's files and never writes,
//! moves or deletes them; what it learns is kept in its own index in the data folder.
//!
//! `folders` keeps the folders and the index in step; `probe` says what a file is, reading
//! it only through `open_audio` (`open`), checking what its bytes say (`sniff`, `sizes`,
//! `mp4`) before the decoders, under `guard`'s time limit; `rejection` names the verdicts, which
//! `messages::library` puts in the officer's words.

mod folders;
mod guard;
mod index;
mod look;
mod mp4;
mod open;
pub mod probe;
mod rejection;
mod sizes;
mod sniff;
pub mod watch;

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::names::normalized;
use serde::{Deserialize, Serialize};

use crate::config::{DurationBounds, PickRule, Programme};
use crate::messages::library::{SlotProblem, Standing};
use crate::messages::{Lang, Say};
use crate::schedule::YearMonth;

mod airable;
pub use airable::{max_snapshot, MAX_SNAPSHOT};
pub use folders::{examine, refresh, Change, Library, ProbeJob};
pub use index::IndexError;
pub use look::{lookout, next_look, Look, Lookout, Looks};
pub use open::{open_audio, FileKind, OpenError};
pub use probe::{extension_of, probe, sha256_file};
pub use rejection::{HeaderFault, Rejection};

/// File name endings that are audio wardcast can air (compared without case).
pub const AUDIO_EXTENSIONS: &[&str] = &["mp3", "wav", "flac", "ogg", "oga", "m4a", "aac", "mp4"];

/// Endings of audio files wardcast cannot air. They are listed all the same, refused with
/// their coding named, so a WMA or Opus file dropped in a folder is not silently passed
/// over.
pub const REFUSED_AUDIO_EXTENSIONS: &[&str] = &[
    "wma", "opus", "aif", "aiff", "amr", "ac3", "mp2", "mka", "webm", "ape", "wv",
];

/// Name endings of files still being copied or downloaded; they are left alone until renamed.
const TEMPORARY_SUFFIXES: &[&str] = &[".part", ".partial", ".filepart", ".crdownload", ".tmp"];

/// How long a file's size and modification time must stay put before it is taken as
/// complete when nothing else says so: a file found by a scan, or any file where the file
/// system sends no close-after-write event (Windows, some network shares).
pub const STABILITY_WINDOW: Duration = Duration::from_secs(2);

/// On Linux, a file seen being written is complete when its writer closes it. This is only
/// the safety net for a close event that never comes; a writer pausing longer than the short
/// window must not have its half-copied file probed.
pub const WRITER_SILENCE_WINDOW: Duration = if cfg!(target_os = "linux") {
    Duration::from_secs(30)
} else {
    STABILITY_WINDOW
};

/// How a path came to be looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Observation {
    /// Its writer closed it, or it was renamed into the folder: complete now.
    Closed,
    /// A write was seen: a copy is under way.
    Written,
    /// Found by reading the folder, or checked before an airing.
    Scanned,
}

/// What a probe learned of an audio file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Probe {
    pub format: String,
    pub duration: Duration,
    pub sample_rate: u32,
    pub channels: u16,
}

/// Whether a file name is one wardcast should consider: audio (that it plays, or that it
/// names when refusing), not hidden, not half-copied.
pub fn is_candidate_name(name: &str) -> bool {
    if name.starts_with('.') || name.starts_with("~$") {
        return false;
    }
    let lower = name.to_lowercase();
    if TEMPORARY_SUFFIXES
        .iter()
        .any(|suffix| lower.ends_with(suffix))
    {
        return false;
    }
    Path::new(&lower)
        .extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| {
            AUDIO_EXTENSIONS.contains(&extension) || REFUSED_AUDIO_EXTENSIONS.contains(&extension)
        })
}

/// Whether a file name carries the month as `YYYY-MM` (not as part of a longer number).
pub fn name_carries_month(name: &str, month: YearMonth) -> bool {
    months_in_name(name).contains(&month)
}

/// Every `YYYY-MM` a name carries, read as a whole (not inside a longer number).
pub fn months_in_name(name: &str) -> Vec<YearMonth> {
    let bytes = name.as_bytes();
    let mut found = Vec::new();
    for start in 0..bytes.len().saturating_sub(6) {
        let window = &bytes[start..start + 7];
        let shape = window[..4].iter().all(u8::is_ascii_digit)
            && window[4] == b'-'
            && window[5..].iter().all(u8::is_ascii_digit);
        let digit_before = start > 0 && bytes[start - 1].is_ascii_digit();
        // "2026-12-07" is a date in December; "2026-123" is no month.
        let digit_after = bytes.get(start + 7).is_some_and(u8::is_ascii_digit);
        if shape && !digit_before && !digit_after {
            let text = &name[start..start + 7];
            let year = text[..4].parse().unwrap_or(0);
            let month = text[5..].parse().unwrap_or(0);
            if (1..=12).contains(&month) {
                found.push(YearMonth { year, month });
            }
        }
    }
    found
}

/// What is known of a file's content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Content {
    /// New or changed and not yet known to be complete.
    Waiting,
    Probed {
        probe: Probe,
        sha256: String,
    },
    Failed(Rejection),
}

/// A file in a programme folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub path: PathBuf,
    /// The file name as it is on disk.
    pub name: String,
    pub size: u64,
    pub modified_ns: i64,
    /// When it arrived in the folder (milliseconds since 1970), for `newest` and `unaired`.
    pub added_ms: i64,
    pub content: Content,
}

/// A file's standing for one programme.
#[derive(Debug, Clone, PartialEq)]
pub enum FileState {
    Waiting,
    Ready,
    Rejected(Rejection),
}

impl FileState {
    /// Its standing without the reason, as `wardcast library` lists it.
    pub fn standing(&self) -> Standing {
        match self {
            FileState::Waiting => Standing::Waiting,
            FileState::Ready => Standing::Ready,
            FileState::Rejected(_) => Standing::Rejected,
        }
    }
}

/// Applies a programme's rules to what is known of a file.
pub fn evaluate(entry: &Entry, programme: &Programme) -> FileState {
    let probe = match &entry.content {
        Content::Waiting => return FileState::Waiting,
        Content::Failed(rejection) => return FileState::Rejected(rejection.clone()),
        Content::Probed { probe, .. } => probe,
    };
    if entry.size > max_snapshot() {
        return FileState::Rejected(Rejection::TooLargeToAir {
            bytes: entry.size,
            limit: max_snapshot(),
        });
    }
    if programme.pick == PickRule::Month && months_in_name(&normalized(&entry.name)).is_empty() {
        return FileState::Rejected(Rejection::NoMonthInName);
    }
    match duration_problem(probe.duration, programme.duration_bounds) {
        Some(rejection) => FileState::Rejected(rejection),
        None => FileState::Ready,
    }
}

fn duration_problem(duration: Duration, bounds: DurationBounds) -> Option<Rejection> {
    let duration_ms = duration.as_millis() as u64;
    if let Some(min) = bounds.min {
        if duration < min {
            return Some(Rejection::TooShort {
                duration_ms,
                min_ms: min.as_millis() as u64,
            });
        }
    }
    if let Some(max) = bounds.max {
        if duration > max {
            return Some(Rejection::TooLong {
                duration_ms,
                max_ms: max.as_millis() as u64,
            });
        }
    }
    None
}

/// A file chosen for an airing, with what the log records of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Chosen {
    pub path: PathBuf,
    pub name: String,
    pub probe: Probe,
    pub sha256: String,
}

/// Why a slot has no file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoFile {
    /// `month`: no ready file carries the slot's month.
    NoFileForMonth { month: YearMonth, folder: String },
    /// No ready file at all.
    EmptyFolder { folder: String },
    /// `unaired`: every ready file has aired.
    AllAired { folder: String },
    /// Files are there but none may air; each with its reason.
    NoneFit {
        folder: String,
        rejected: Vec<(String, Rejection)>,
        waiting: Vec<String>,
    },
    /// The programme of the slot is no longer in the configuration.
    NotConfigured,
    /// The folder's files changed under every attempt to pick one.
    FilesKeptChanging,
}

impl NoFile {
    pub fn describe(&self, lang: Lang) -> String {
        self.words().say(lang)
    }

    /// Why, as the catalogue says it.
    pub fn words(&self) -> SlotProblem {
        match self.clone() {
            NoFile::NoFileForMonth { month, folder } => SlotProblem::NoFileForMonth {
                year: month.year,
                month: month.month,
                folder,
            },
            NoFile::EmptyFolder { folder } => SlotProblem::EmptyFolder { folder },
            NoFile::AllAired { folder } => SlotProblem::AllAired { folder },
            NoFile::NoneFit {
                folder,
                rejected,
                waiting,
            } => SlotProblem::NoneFit {
                folder,
                rejected: rejected
                    .iter()
                    .map(|(name, rejection)| (name.clone(), rejection.words()))
                    .collect(),
                waiting,
            },
            NoFile::NotConfigured => SlotProblem::NotConfigured,
            NoFile::FilesKeptChanging => SlotProblem::FilesKeptChanging,
        }
    }
}

/// What the log knows about past airings, as the pick rules need it.
pub trait AiredFiles {
    /// Whether a file with this content (SHA-256) has aired before.
    fn has_aired(&self, sha256: &str) -> bool;
}

/// Chooses the file for a programme's airing in `month` among `entries` (the programme
/// folder's files). Pure: `pending` lists content already promised to earlier slots, so a
/// run of `unaired` slots can be planned ahead.
pub fn pick(
    programme: &Programme,
    month: YearMonth,
    entries: &[&Entry],
    aired: &dyn AiredFiles,
    pending: &[String],
) -> Result<Chosen, NoFile> {
    let folder = programme.folder_name.clone();
    let mut rejected = Vec::new();
    let mut waiting = Vec::new();
    let mut ready: Vec<&Entry> = Vec::new();
    for entry in entries {
        if programme.pick == PickRule::Month && !name_carries_month(&normalized(&entry.name), month)
        {
            continue;
        }
        match evaluate(entry, programme) {
            FileState::Ready => ready.push(entry),
            FileState::Waiting => waiting.push(entry.name.clone()),
            FileState::Rejected(rejection) => rejected.push((entry.name.clone(), rejection)),
        }
    }
    // Oldest first for `unaired`, newest first otherwise; the name breaks ties.
    ready.sort_by(|a, b| {
        a.added_ms
            .cmp(&b.added_ms)
            .then_with(|| a.name.cmp(&b.name))
    });
    if programme.pick != PickRule::Unaired {
        ready.reverse();
    }
    let had_ready = !ready.is_empty();
    let chosen = ready.into_iter().find_map(|entry| {
        let Content::Probed { probe, sha256 } = &entry.content else {
            return None;
        };
        let used = programme.pick == PickRule::Unaired
            && (aired.has_aired(sha256) || pending.contains(sha256));
        (!used).then(|| Chosen {
            path: entry.path.clone(),
            name: entry.name.clone(),
            probe: probe.clone(),
            sha256: sha256.clone(),
        })
    });
    if let Some(chosen) = chosen {
        return Ok(chosen);
    }
    Err(if had_ready {
        NoFile::AllAired { folder }
    } else if !rejected.is_empty() || !waiting.is_empty() {
        NoFile::NoneFit {
            folder,
            rejected,
            waiting,
        }
    } else if programme.pick == PickRule::Month {
        NoFile::NoFileForMonth { month, folder }
    } else {
        NoFile::EmptyFolder { folder }
    })
}

impl fmt::Display for Probe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}, {} Hz, {} ch",
            self.format,
            crate::messages::time::spoken_duration(self.duration, Lang::En),
            self.sample_rate,
            self.channels
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn temporary_hidden_and_foreign_names_are_not_candidates() {
        for name in [
            "2026-12 CCHC.MP3",
            "tin.flac",
            "bản tin.m4a",
            "x.Ogg",
            "tin.WMA",
        ] {
            assert!(is_candidate_name(name), "{name}");
        }
        for name in [
            ".hidden.mp3",
            "~$lock.mp3",
            "a.mp3.part",
            "a.mp3.crdownload",
            "a.mp3.filepart",
            "a.mp3.partial",
            "a.tmp",
            "notes.txt",
            "mp3",
        ] {
            assert!(!is_candidate_name(name), "{name}");
        }
    }

    #[test]
    fn month_in_name_is_matched_as_a_whole() {
        let december = YearMonth {
            year: 2026,
            month: 12,
        };
        assert!(name_carries_month("2026-12 Chuyên mục CCHC.mp3", december));
        assert!(name_carries_month("CCHC_2026-12.mp3", december));
        assert!(name_carries_month("CCHC 2026-12-07.mp3", december));
        assert!(!name_carries_month("2026-11 CCHC.mp3", december));
        assert!(!name_carries_month("12026-12 CCHC.mp3", december));
        assert!(!name_carries_month("2026-123.mp3", december));
        assert!(months_in_name("2026-13 CCHC.mp3").is_empty());
        // Decomposed (macOS) and composed names carry the same month.
        let decomposed: String = "2026-12 Chuyên mục CCHC.mp3".nfd().collect();
        assert_ne!(decomposed, "2026-12 Chuyên mục CCHC.mp3");
        assert_eq!(normalized(&decomposed), "2026-12 Chuyên mục CCHC.mp3");
        assert!(name_carries_month(&normalized(&decomposed), december));
    }

    #[test]
    fn durations_outside_the_bounds_are_rejected_in_plain_words() {
        let short = Duration::from_secs(552);
        let bounds = DurationBounds {
            min: Some(Duration::from_secs(600)),
            max: Some(Duration::from_secs(900)),
        };
        let rejection = duration_problem(short, bounds).expect("too short");
        assert_eq!(
            rejection.describe(Lang::En),
            "9 min 12 s, shorter than the 10 min this programme needs"
        );
        assert_eq!(
            rejection.describe(Lang::Vi),
            "dài 9 phút 12 giây, ngắn hơn 10 phút mà chương trình này cần"
        );
        assert_eq!(duration_problem(Duration::from_secs(700), bounds), None);
        assert!(duration_problem(Duration::from_secs(901), bounds)
            .is_some_and(|r| r.describe(Lang::En).contains("longer than the 15 min")));
    }
}
