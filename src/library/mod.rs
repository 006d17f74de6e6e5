//! The audio folder: which files each programme folder holds, what each one is, whether it
//! may air, and which one an airing picks. It reads the officer's files and never writes,
//! moves or deletes them; what it learns is kept in its own index in the data folder.

mod guard;
mod index;
mod mp4;
mod open;
pub mod probe;
mod rejection;
mod sizes;
mod sniff;
pub mod watch;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::config::{Config, DurationBounds, Lang, PickRule, Programme};
use crate::schedule::YearMonth;

pub use index::IndexError;
pub use open::{open_audio, FileKind, OpenError};
pub use probe::{probe, sha256_file};
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

/// A duration as people say it: "9 min 12 s" / "9 phút 12 giây".
pub fn spoken_duration(duration: Duration, lang: Lang) -> String {
    let seconds = duration.as_secs_f64().round() as u64;
    let (minutes, seconds) = (seconds / 60, seconds % 60);
    let (minute_word, second_word) = match lang {
        Lang::En => ("min", "s"),
        Lang::Vi => ("phút", "giây"),
    };
    match (minutes, seconds) {
        (0, s) => format!("{s} {second_word}"),
        (m, 0) => format!("{m} {minute_word}"),
        (m, s) => format!("{m} {minute_word} {s} {second_word}"),
    }
}

/// A name in composed form (NFC), as names are compared: macOS writes names decomposed.
pub fn normalized(name: &str) -> String {
    name.nfc().collect()
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
    pub fn label(&self) -> &'static str {
        match self {
            FileState::Waiting => "waiting",
            FileState::Ready => "ready",
            FileState::Rejected(_) => "rejected",
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
    NoFileForMonth {
        month: YearMonth,
        folder: String,
    },
    /// No ready file at all.
    EmptyFolder {
        folder: String,
    },
    /// `unaired`: every ready file has aired.
    AllAired {
        folder: String,
    },
    /// Files are there but none may air; each with its reason.
    NoneFit {
        folder: String,
        rejected: Vec<(String, Rejection)>,
        waiting: Vec<String>,
    },
    Other(String),
}

impl NoFile {
    pub fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (NoFile::NoFileForMonth { month, folder }, Lang::En) => {
                format!("no file for {month} in {folder}/ (its name must contain {month})")
            }
            (NoFile::NoFileForMonth { month, folder }, Lang::Vi) => format!(
                "chưa có file cho tháng {:02}/{} trong {folder}/ (tên file phải có {month})",
                month.month, month.year
            ),
            (NoFile::EmptyFolder { folder }, Lang::En) => format!("no audio file in {folder}/"),
            (NoFile::EmptyFolder { folder }, Lang::Vi) => {
                format!("chưa có file âm thanh nào trong {folder}/")
            }
            (NoFile::AllAired { folder }, Lang::En) => {
                format!("no file in {folder}/ that has not aired yet")
            }
            (NoFile::AllAired { folder }, Lang::Vi) => {
                format!("mọi file trong {folder}/ đều đã phát; hãy chép bản tin mới vào")
            }
            (
                NoFile::NoneFit {
                    folder,
                    rejected,
                    waiting,
                },
                _,
            ) => {
                let mut parts: Vec<String> = rejected
                    .iter()
                    .map(|(name, rejection)| format!("{name}: {}", rejection.describe(lang)))
                    .collect();
                parts.extend(waiting.iter().map(|name| match lang {
                    Lang::En => format!("{name}: still being copied"),
                    Lang::Vi => format!("{name}: đang chép dở"),
                }));
                match lang {
                    Lang::En => format!("no playable file in {folder}/ ({})", parts.join("; ")),
                    Lang::Vi => {
                        format!(
                            "không có file phát được trong {folder}/ ({})",
                            parts.join("; ")
                        )
                    }
                }
            }
            (NoFile::Other(text), _) => text.clone(),
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

/// One folder scan's verdict on a path.
#[derive(Debug, Clone, PartialEq)]
enum Seen {
    /// A regular file (or a link into the audio folder) with its size and time, or
    /// something else with an audio name, for the probe to refuse.
    File {
        size: u64,
        modified_ns: i64,
        added_ms: i64,
        /// Not a regular file: the probe refuses it at once.
        special: bool,
    },
    LinkOutside(String),
}

fn nanos_since_epoch(time: SystemTime) -> i64 {
    time.duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |since| since.as_nanos() as i64)
}

/// When a file arrived in its folder. A move or rename keeps a file's creation time, so on
/// Unix the later of creation and status-change time is taken (a rename sets the latter);
/// the index keeps the first value seen, so a later chmod does not make a file newer.
fn arrival(metadata: &std::fs::Metadata) -> Option<SystemTime> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let changed = SystemTime::UNIX_EPOCH
            + Duration::new(
                u64::try_from(metadata.ctime()).unwrap_or(0),
                u32::try_from(metadata.ctime_nsec()).unwrap_or(0),
            );
        Some(
            metadata
                .created()
                .map_or(changed, |created| created.max(changed)),
        )
    }
    #[cfg(not(unix))]
    {
        metadata.created().ok()
    }
}

fn look_at(path: &Path, audio_root: &Path) -> Option<Seen> {
    let link = std::fs::symlink_metadata(path).ok()?;
    let metadata = std::fs::metadata(path).ok()?;
    if !metadata.is_file() {
        // A pipe, a device or a folder with an audio name is listed so the officer learns
        // why it will not air; the probe refuses it without opening it. Its times say
        // nothing of its content, so they are not watched for changes.
        return Some(Seen::File {
            size: 0,
            modified_ns: 0,
            added_ms: arrival(&link).map_or_else(now_ms, |at| nanos_since_epoch(at) / 1_000_000),
            special: true,
        });
    }
    if link.file_type().is_symlink() {
        let target = std::fs::canonicalize(path).ok()?;
        if !target.starts_with(audio_root) {
            return Some(Seen::LinkOutside(target.display().to_string()));
        }
    }
    let modified = metadata.modified().unwrap_or(SystemTime::UNIX_EPOCH);
    let added = arrival(&metadata)
        .unwrap_or(modified)
        .min(SystemTime::now());
    Some(Seen::File {
        size: metadata.len(),
        modified_ns: nanos_since_epoch(modified),
        added_ms: nanos_since_epoch(added) / 1_000_000,
        special: false,
    })
}

/// A file that needs probing, as handed from the library to whoever probes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeJob {
    pub path: PathBuf,
    pub size: u64,
    pub modified_ns: i64,
}

/// The programme folders and what is known of every file in them, kept in step with the
/// index in the data folder.
pub struct Library {
    audio_root: PathBuf,
    folders: Vec<PathBuf>,
    entries: BTreeMap<PathBuf, Entry>,
    /// When a waiting file becomes due for probing if nothing changes.
    due_at: BTreeMap<PathBuf, Instant>,
    /// Files handed out for probing and not yet recorded, so none is probed twice at once.
    probing: std::collections::HashSet<PathBuf>,
    index: index::Index,
}

/// What changed in the library, for the daemon's log.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Arrived(PathBuf),
    Removed(PathBuf),
    Probed(PathBuf),
}

impl Library {
    /// Opens the index in the data folder and loads what it knows.
    pub fn open(config: &Config) -> Result<Library, IndexError> {
        let index = index::Index::open(&config.data_dir.join("wardcast-library.sqlite3"))?;
        let entries = index.load()?;
        let audio_root =
            std::fs::canonicalize(&config.audio_dir).unwrap_or_else(|_| config.audio_dir.clone());
        let mut folders: Vec<PathBuf> = config
            .programmes
            .iter()
            .map(|programme| programme.folder.clone())
            .collect();
        folders.sort();
        folders.dedup();
        Ok(Library {
            audio_root,
            folders,
            entries,
            due_at: BTreeMap::new(),
            probing: std::collections::HashSet::new(),
            index,
        })
    }

    pub fn folders(&self) -> &[PathBuf] {
        &self.folders
    }

    /// The files directly inside `folder`.
    pub fn entries_in(&self, folder: &Path) -> Vec<&Entry> {
        self.entries
            .values()
            .filter(|entry| entry.path.parent() == Some(folder))
            .collect()
    }

    pub fn entry(&self, path: &Path) -> Option<&Entry> {
        self.entries.get(path)
    }

    fn watched_folder(&self, path: &Path) -> bool {
        path.parent()
            .is_some_and(|parent| self.folders.iter().any(|folder| folder == parent))
    }

    /// Looks at one path: records a new, changed or removed file, and when a waiting file
    /// may be probed.
    pub fn observe(&mut self, path: &Path, how: Observation) -> Result<Vec<Change>, IndexError> {
        let seen = look_at(path, &self.audio_root);
        self.record_seen(path, seen, how)
    }

    fn record_seen(
        &mut self,
        path: &Path,
        seen: Option<Seen>,
        how: Observation,
    ) -> Result<Vec<Change>, IndexError> {
        let mut changes = Vec::new();
        let name = match path.file_name().and_then(|name| name.to_str()) {
            Some(name) if self.watched_folder(path) && is_candidate_name(name) => name.to_string(),
            _ => return Ok(changes),
        };
        match seen {
            None => {
                if self.entries.remove(path).is_some() {
                    self.index.remove(path)?;
                    self.due_at.remove(path);
                    changes.push(Change::Removed(path.to_path_buf()));
                }
            }
            Some(Seen::LinkOutside(target)) => {
                let known = self.entries.get(path);
                let entry = Entry {
                    path: path.to_path_buf(),
                    name,
                    size: 0,
                    modified_ns: 0,
                    added_ms: known.map_or_else(now_ms, |entry| entry.added_ms),
                    content: Content::Failed(Rejection::LinkOutside { target }),
                };
                if known != Some(&entry) {
                    if known.is_none() {
                        changes.push(Change::Arrived(path.to_path_buf()));
                    }
                    self.index.store(&entry)?;
                    self.entries.insert(path.to_path_buf(), entry);
                }
            }
            Some(Seen::File {
                size,
                modified_ns,
                added_ms,
                special,
            }) => {
                let known = self.entries.get(path);
                let unchanged =
                    known.is_some_and(|e| e.size == size && e.modified_ns == modified_ns);
                if !unchanged {
                    let added_ms = known.map_or(added_ms, |entry| entry.added_ms);
                    // A copy in progress changes with every write: the index learns of it
                    // once, when it starts waiting.
                    let already_waiting =
                        known.is_some_and(|entry| entry.content == Content::Waiting);
                    if known.is_none() {
                        changes.push(Change::Arrived(path.to_path_buf()));
                    }
                    let entry = Entry {
                        path: path.to_path_buf(),
                        name,
                        size,
                        modified_ns,
                        added_ms,
                        content: Content::Waiting,
                    };
                    if !already_waiting {
                        self.index.store(&entry)?;
                    }
                    self.entries.insert(path.to_path_buf(), entry);
                }
                let waiting = self
                    .entries
                    .get(path)
                    .is_some_and(|entry| entry.content == Content::Waiting);
                if waiting {
                    let now = Instant::now();
                    let due = match how {
                        // Nothing is ever copied into a pipe or a device: no wait.
                        _ if special => now,
                        Observation::Closed => now,
                        Observation::Written => now + WRITER_SILENCE_WINDOW,
                        Observation::Scanned => {
                            // Counted from the last write, so a file that has sat there a
                            // while is due at once.
                            let age_ns = nanos_since_epoch(SystemTime::now()) - modified_ns;
                            let age = Duration::from_nanos(age_ns.max(0) as u64);
                            now + STABILITY_WINDOW.saturating_sub(age)
                        }
                    };
                    // A write seen earlier keeps its longer wait unless the writer closed.
                    let keep_later = how == Observation::Scanned && unchanged;
                    let slot = self.due_at.entry(path.to_path_buf()).or_insert(due);
                    if !keep_later || due > *slot {
                        *slot = due;
                    }
                }
            }
        }
        Ok(changes)
    }

    /// Reads every programme folder and records what is new, changed or gone.
    pub fn scan(&mut self) -> Result<Vec<Change>, IndexError> {
        self.index.begin()?;
        let result = self.scan_folders();
        self.index.finish(result.is_ok())?;
        result
    }

    fn scan_folders(&mut self) -> Result<Vec<Change>, IndexError> {
        let mut changes = Vec::new();
        let mut present = std::collections::HashSet::new();
        for folder in self.folders.clone() {
            let Ok(listing) = std::fs::read_dir(&folder) else {
                continue;
            };
            for item in listing.flatten() {
                let path = item.path();
                let seen = look_at(&path, &self.audio_root);
                changes.extend(self.record_seen(&path, seen, Observation::Scanned)?);
                present.insert(path);
            }
        }
        let gone: Vec<PathBuf> = self
            .entries
            .keys()
            .filter(|path| !present.contains(*path))
            .cloned()
            .collect();
        for path in gone {
            self.entries.remove(&path);
            self.due_at.remove(&path);
            self.index.remove(&path)?;
            changes.push(Change::Removed(path));
        }
        Ok(changes)
    }

    /// Waiting files whose time has come to be probed; each is handed out once until its
    /// result is recorded.
    pub fn take_due_for_probe(&mut self) -> Vec<ProbeJob> {
        let now = Instant::now();
        let jobs: Vec<ProbeJob> = self
            .entries
            .values()
            .filter(|entry| entry.content == Content::Waiting)
            .filter(|entry| !self.probing.contains(&entry.path))
            .filter(|entry| self.due_at.get(&entry.path).is_none_or(|due| *due <= now))
            .map(|entry| ProbeJob {
                path: entry.path.clone(),
                size: entry.size,
                modified_ns: entry.modified_ns,
            })
            .collect();
        self.probing.extend(jobs.iter().map(|job| job.path.clone()));
        jobs
    }

    /// The soonest instant a waiting file becomes due for probing, if any is waiting.
    pub fn next_due(&self) -> Option<Instant> {
        self.entries
            .values()
            .filter(|entry| entry.content == Content::Waiting)
            .filter(|entry| !self.probing.contains(&entry.path))
            .map(|entry| {
                self.due_at
                    .get(&entry.path)
                    .copied()
                    .unwrap_or_else(Instant::now)
            })
            .min()
    }

    /// Records a probe's result, unless the file changed meanwhile.
    pub fn record_probe(
        &mut self,
        job: &ProbeJob,
        content: Content,
    ) -> Result<Option<Change>, IndexError> {
        self.probing.remove(&job.path);
        let Some(entry) = self.entries.get_mut(&job.path) else {
            return Ok(None);
        };
        if entry.size != job.size || entry.modified_ns != job.modified_ns {
            return Ok(None);
        }
        entry.content = content;
        self.due_at.remove(&job.path);
        let entry = entry.clone();
        self.index.store(&entry)?;
        Ok(Some(Change::Probed(job.path.clone())))
    }
}

/// Probes and hashes one file: blocking I/O, for a blocking thread.
pub fn examine(job: &ProbeJob) -> Content {
    match probe(&job.path) {
        Err(rejection) => Content::Failed(rejection),
        Ok(probe) => match sha256_file(&job.path) {
            Ok(sha256) => Content::Probed { probe, sha256 },
            Err(error) => Content::Failed(Rejection::from(error)),
        },
    }
}

/// Brings the library up to date with the folders, probing every file that is due, all in
/// this thread: for the one-shot commands (`check`, `next`, `library`).
pub fn refresh(library: &mut Library) -> Result<(), IndexError> {
    library.scan()?;
    let jobs = library.take_due_for_probe();
    library.index.begin()?;
    let result = jobs.iter().try_for_each(|job| {
        let content = examine(job);
        library.record_probe(job, content).map(|_| ())
    });
    library.index.finish(result.is_ok())?;
    result
}

fn now_ms() -> i64 {
    nanos_since_epoch(SystemTime::now()) / 1_000_000
}

impl fmt::Display for Probe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}, {} Hz, {} ch",
            self.format,
            spoken_duration(self.duration, Lang::En),
            self.sample_rate,
            self.channels
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn durations_are_spoken_plainly_in_both_languages() {
        let short = Duration::from_secs(552);
        assert_eq!(spoken_duration(short, Lang::En), "9 min 12 s");
        assert_eq!(spoken_duration(short, Lang::Vi), "9 phút 12 giây");
        assert_eq!(
            spoken_duration(Duration::from_secs(600), Lang::En),
            "10 min"
        );
        assert_eq!(spoken_duration(Duration::from_secs(45), Lang::En), "45 s");
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
