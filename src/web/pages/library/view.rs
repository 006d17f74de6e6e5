//! What the library page shows, gathered from the library keeper: each programme's newest
//! files with their standing and length, and the next airing of the ones the next slots
//! would play (the coming airings are worked out once per change, see `web::planning`). The
//! gathering runs on the keeper's task, so it only reads what the keeper holds in memory
//! (no file reads) and keeps only the rows the page shows; the words are put on them
//! afterwards, outside.

use chrono::DateTime;
use chrono_tz::Tz;

use crate::config::Config;
use crate::library::{evaluate, Content, Entry, FileState, Library};
use crate::plan::{self, PlannedAiring};

/// Which files the page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// How many of each programme's newest files.
    pub newest: usize,
    /// The programme whose files are all shown.
    pub all_of: Option<String>,
}

/// How many files of each programme the page shows unless asked for all: 10,000 files
/// must not make a page of megabytes.
pub const NEWEST: usize = 100;

impl Default for Shown {
    fn default() -> Shown {
        Shown {
            newest: NEWEST,
            all_of: None,
        }
    }
}

/// The library as the page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct LibraryView {
    pub programmes: Vec<ProgrammeFiles>,
}

/// One programme's files, newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgrammeFiles {
    pub id: String,
    pub title: String,
    /// Where its files are dropped, as the officer finds it (`audio/tin-tuc/`).
    pub folder: String,
    /// How many files its folder holds (the page may show fewer).
    pub total: usize,
    pub files: Vec<FileRow>,
}

/// One file of a programme.
#[derive(Debug, Clone, PartialEq)]
pub struct FileRow {
    pub name: String,
    pub state: FileState,
    pub seconds: Option<f64>,
    /// The next slot that would play it, when one of the next slots would.
    pub next_airing: Option<DateTime<Tz>>,
}

/// The page's rows, from the library as the keeper holds it. Quick: one pass over each
/// folder's entries and one pick per programme (its next slot), no file reads.
pub fn gather(
    config: &Config,
    library: &Library,
    next: &[PlannedAiring],
    shown: &Shown,
) -> LibraryView {
    let programmes = config
        .programmes
        .iter()
        .map(|programme| {
            let mut entries = library.entries_in(&programme.folder);
            let total = entries.len();
            let newest_first =
                |a: &&Entry, b: &&Entry| b.added_ms.cmp(&a.added_ms).then(a.name.cmp(&b.name));
            let all = shown.all_of.as_deref() == Some(programme.id.as_str());
            if !all && shown.newest < total {
                // Only the rows shown are sorted: a folder of 10,000 files is not.
                entries.select_nth_unstable_by(shown.newest, newest_first);
                entries.truncate(shown.newest);
            }
            entries.sort_by(newest_first);
            let files = entries
                .into_iter()
                .map(|entry| {
                    let path = entry.path.to_string_lossy();
                    let next_airing = next
                        .iter()
                        .filter(|planned| planned.programme == programme.id)
                        .find(|planned| planned.file.as_deref() == Some(&*path))
                        .and_then(|planned| planned.slot.as_ref())
                        .map(|slot| slot.at);
                    FileRow {
                        name: entry.name.clone(),
                        state: evaluate(entry, programme),
                        seconds: match &entry.content {
                            Content::Probed { probe, .. } => Some(probe.duration.as_secs_f64()),
                            _ => None,
                        },
                        next_airing,
                    }
                })
                .collect();
            ProgrammeFiles {
                id: programme.id.clone(),
                title: programme.title.clone(),
                folder: plan::drop_folder(config, programme),
                total,
                files,
            }
        })
        .collect();
    LibraryView { programmes }
}

#[cfg(test)]
#[path = "view_tests.rs"]
mod tests;
