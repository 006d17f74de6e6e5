//! Scheduled downloads: at the times of a `[[download]]`'s schedule, the station looks at
//! its address, which is either a podcast feed (RSS or Atom, told by its content) or the
//! file itself, and fetches what is new into the programme's folder.
//!
//! A file is fetched aside (`fetch`, into a part file of `staging`), checked as the library
//! checks a dropped file (`check`), and renamed into the folder whole (`land`) under a safe
//! name (`name`); anything else leaves nothing behind. What is new is the caller's to say
//! (`Known`, from the log); what each look did comes back as `Fetched` for the log. This
//! module writes no log and decides no schedule.

mod check;
mod feed;
mod fetch;
mod land;
mod name;
mod resume;
mod staging;

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::config::Download;
use crate::library::Probe;
use crate::messages::download::DownloadProblem;
use crate::messages::IoProblem;

pub use staging::clear_leftovers;

/// Something a download address offers: a feed's item, or the address's file itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// What the log knows it by: the feed item's GUID (RSS) or id (Atom), else the file's
    /// address.
    pub key: String,
    /// The file's address.
    pub url: String,
    pub title: Option<String>,
    pub published: Option<DateTime<Utc>>,
}

impl Item {
    /// The file at `url` itself, not a feed's item.
    fn file_at(url: &str) -> Item {
        Item {
            key: url.to_string(),
            url: url.to_string(),
            title: None,
            published: None,
        }
    }
}

/// What the station already has, from its log for the programme the download feeds.
pub trait Known {
    /// Whether the log holds this item (by its key).
    fn item(&self, item: &Item) -> bool;
    /// Whether the log holds a file with this content (its SHA-256).
    fn content(&self, item: &Item, sha256: &str) -> bool;
}

/// What became of one item at a look.
#[derive(Debug, Clone, PartialEq)]
pub struct Fetched {
    pub item: Item,
    pub outcome: Outcome,
}

/// What the station logs of an item.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// In the programme folder now.
    Saved(Saved),
    /// Fetched, but its content is one the station already has: nothing was saved. The
    /// item is logged all the same, so it is not fetched again.
    AlreadyHave { sha256: String, bytes: u64 },
    /// Not saved, for this reason; nothing was left in the folder.
    Refused(DownloadProblem),
}

/// A file saved into the programme folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    pub path: PathBuf,
    pub sha256: String,
    pub bytes: u64,
    /// What the library's probe found (format, exact duration).
    pub probe: Probe,
}

/// How hard a look tries, and how much of a feed it considers.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Tries at one file before it is left for the next look.
    pub tries: u32,
    /// The pause after the first failed try; it doubles after each, up to `longest_pause`.
    pub first_pause: Duration,
    pub longest_pause: Duration,
    pub connect_timeout: Duration,
    /// How long a server may send nothing before the connection is taken as lost (and the
    /// download resumed on the next try).
    pub stall_timeout: Duration,
    /// How many of a feed's newest items are considered: a feed of years of programmes
    /// does not fill the folder with its back catalogue.
    pub newest_items: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            tries: 4,
            first_pause: Duration::from_secs(5),
            longest_pause: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(20),
            stall_timeout: Duration::from_secs(60),
            newest_items: 10,
        }
    }
}

/// One look at `download`'s address: fetches what `known` does not have into `folder` (the
/// programme's), writing in `staging` (the data folder's `receiving/`) meanwhile. A feed's
/// items are taken newest first; a file at the address itself is fetched at each look and
/// kept when its content is new. Returns what the log must record, one entry per item
/// fetched or refused (a refusal of the address itself is one entry keyed by it).
pub fn look(
    download: &Download,
    known: &dyn Known,
    staging: &Path,
    folder: &Path,
    limits: &Limits,
) -> Vec<Fetched> {
    let address = Item::file_at(&download.url);
    if let Err(error) = std::fs::create_dir_all(staging) {
        return vec![refused(address, storage_problem(&error))];
    }
    clear_leftovers(staging);
    clear_leftovers(folder);
    let fetcher = fetch::Fetcher::new(limits, download.max_bytes);
    let body = match fetcher.fetch(&download.url, staging) {
        Ok(body) => body,
        Err(problem) => return vec![refused(address, problem)],
    };
    let mut look = Look {
        known,
        folder,
        fetcher,
        saved: HashSet::new(),
    };
    let Some(feed) = feed::read(body.file.path(), &download.url) else {
        let outcome = look.land(body, &address);
        return vec![Fetched {
            item: address,
            outcome,
        }];
    };
    drop(body);
    if feed.items.is_empty() && feed.entries > 0 {
        return vec![refused(address, DownloadProblem::NoAudioInFeed)];
    }
    feed.items
        .into_iter()
        .take(limits.newest_items)
        .filter(|item| !known.item(item))
        .map(|item| {
            let outcome = match look.fetcher.fetch(&item.url, staging) {
                Ok(body) => look.land(body, &item),
                Err(problem) => Outcome::Refused(problem),
            };
            Fetched { item, outcome }
        })
        .collect()
}

/// What one look carries from item to item.
struct Look<'a> {
    known: &'a dyn Known,
    folder: &'a Path,
    fetcher: fetch::Fetcher<'a>,
    /// Contents saved by this look: a feed offering one file twice gets it once.
    saved: HashSet<String>,
}

impl Look<'_> {
    /// A fetched file checked and, when it is new sound, moved into the folder.
    fn land(&mut self, body: fetch::Body, item: &Item) -> Outcome {
        let fetch::Body {
            file,
            sha256,
            bytes,
        } = body;
        if self.known.content(item, &sha256) || self.saved.contains(&sha256) {
            return Outcome::AlreadyHave { sha256, bytes };
        }
        let checked = match check::check(file.path(), &item.url) {
            Ok(checked) => checked,
            Err(problem) => return Outcome::Refused(problem),
        };
        let stem = name::stem(&item.url, item.title.as_deref());
        match land::place(file, self.folder, &stem, checked.extension) {
            Ok(path) => {
                tracing::info!(file = %path.display(), url = %item.url, "downloaded");
                self.saved.insert(sha256.clone());
                Outcome::Saved(Saved {
                    path,
                    sha256,
                    bytes,
                    probe: checked.probe,
                })
            }
            Err(error) => Outcome::Refused(storage_problem(&error)),
        }
    }
}

fn refused(item: Item, problem: DownloadProblem) -> Fetched {
    Fetched {
        item,
        outcome: Outcome::Refused(problem),
    }
}

/// A failure to write, as the officer is told it.
fn storage_problem(error: &io::Error) -> DownloadProblem {
    DownloadProblem::Storage {
        problem: IoProblem::of(error),
        detail: error.to_string(),
    }
}
