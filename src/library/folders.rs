//! The programme folders as the library keeps them: what is in each, what changed, which
//! files wait to be probed, and the index that remembers it all across restarts.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use super::index::{self, IndexError};
use super::{
    is_candidate_name, probe, sha256_file, Content, Entry, Observation, Rejection,
    STABILITY_WINDOW, WRITER_SILENCE_WINDOW,
};
use crate::config::Config;

/// One folder scan's verdict on a path.
#[derive(Debug, Clone, PartialEq)]
enum Seen {
    /// A regular file (or a link into the audio folder) with its size and time, or
    /// something else with an audio name, for the probe to refuse.
    File(FileSeen),
    LinkOutside(String),
}

/// What a scan sees of a file.
#[derive(Debug, Clone, Copy, PartialEq)]
struct FileSeen {
    size: u64,
    modified_ns: i64,
    added_ms: i64,
    /// Not a regular file: the probe refuses it at once.
    special: bool,
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
        return Some(Seen::File(FileSeen {
            size: 0,
            modified_ns: 0,
            added_ms: arrival(&link).map_or_else(now_ms, |at| nanos_since_epoch(at) / 1_000_000),
            special: true,
        }));
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
    Some(Seen::File(FileSeen {
        size: metadata.len(),
        modified_ns: nanos_since_epoch(modified),
        added_ms: nanos_since_epoch(added) / 1_000_000,
        special: false,
    }))
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
    probing: HashSet<PathBuf>,
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
        let index =
            index::Index::open_or_in_memory(&config.data_dir.join("wardcast-library.sqlite3"))?;
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
            probing: HashSet::new(),
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

    /// The content (SHA-256) of every file checked, each once.
    pub fn contents(&self) -> Vec<String> {
        let mut contents: Vec<String> = self
            .entries
            .values()
            .filter_map(|entry| match &entry.content {
                Content::Probed { sha256, .. } => Some(sha256.clone()),
                _ => None,
            })
            .collect();
        contents.sort_unstable();
        contents.dedup();
        contents
    }

    pub fn entry(&self, path: &Path) -> Option<&Entry> {
        self.entries.get(path)
    }

    fn watched_folder(&self, path: &Path) -> bool {
        path.parent()
            .is_some_and(|parent| self.folders.iter().any(|folder| folder == parent))
    }

    /// Forgets what was known of a file's content and looks at it again, so it is probed
    /// anew: for a file whose bytes no longer match its hash although its size and time
    /// did not change.
    pub fn recheck(&mut self, path: &Path) -> Result<Vec<Change>, IndexError> {
        if let Some(entry) = self.entries.get_mut(path) {
            entry.modified_ns = i64::MIN;
        }
        self.observe(path, Observation::Closed)
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
        let name = match path.file_name().and_then(|name| name.to_str()) {
            Some(name) if self.watched_folder(path) && is_candidate_name(name) => name.to_string(),
            _ => return Ok(Vec::new()),
        };
        match seen {
            None => self.forget(path),
            Some(Seen::LinkOutside(target)) => self.record_link_outside(path, name, target),
            Some(Seen::File(file)) => self.record_file(path, name, file, how),
        }
    }

    /// A file gone from its folder.
    fn forget(&mut self, path: &Path) -> Result<Vec<Change>, IndexError> {
        if self.entries.remove(path).is_none() {
            return Ok(Vec::new());
        }
        self.index.remove(path)?;
        self.due_at.remove(path);
        Ok(vec![Change::Removed(path.to_path_buf())])
    }

    /// A link out of the audio folder: listed, refused, never read.
    fn record_link_outside(
        &mut self,
        path: &Path,
        name: String,
        target: String,
    ) -> Result<Vec<Change>, IndexError> {
        let known = self.entries.get(path);
        let entry = Entry {
            path: path.to_path_buf(),
            name,
            size: 0,
            modified_ns: 0,
            added_ms: known.map_or_else(now_ms, |entry| entry.added_ms),
            content: Content::Failed(Rejection::LinkOutside { target }),
        };
        if known == Some(&entry) {
            return Ok(Vec::new());
        }
        let changes = match known {
            None => vec![Change::Arrived(path.to_path_buf())],
            Some(_) => Vec::new(),
        };
        self.index.store(&entry)?;
        self.entries.insert(path.to_path_buf(), entry);
        Ok(changes)
    }

    /// A file seen: new or changed, it waits to be probed; waiting, its probe is due when
    /// `how` it was seen says.
    fn record_file(
        &mut self,
        path: &Path,
        name: String,
        file: FileSeen,
        how: Observation,
    ) -> Result<Vec<Change>, IndexError> {
        let mut changes = Vec::new();
        let known = self.entries.get(path);
        let unchanged =
            known.is_some_and(|e| e.size == file.size && e.modified_ns == file.modified_ns);
        if !unchanged {
            let added_ms = known.map_or(file.added_ms, |entry| entry.added_ms);
            // A copy in progress changes with every write: the index learns of it once,
            // when it starts waiting.
            let already_waiting = known.is_some_and(|entry| entry.content == Content::Waiting);
            if known.is_none() {
                changes.push(Change::Arrived(path.to_path_buf()));
            }
            let entry = Entry {
                path: path.to_path_buf(),
                name,
                size: file.size,
                modified_ns: file.modified_ns,
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
            let due = probe_due(Instant::now(), SystemTime::now(), &file, how);
            // A write seen earlier keeps its longer wait unless the writer closed.
            let keep_later = how == Observation::Scanned && unchanged;
            let slot = self.due_at.entry(path.to_path_buf()).or_insert(due);
            if !keep_later || due > *slot {
                *slot = due;
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
        let mut present = HashSet::new();
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

    /// Whether a file in `folder` is being probed right now (handed out, not yet recorded).
    pub fn probing_in(&self, folder: &Path) -> bool {
        self.probing
            .iter()
            .any(|path| path.parent() == Some(folder))
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

/// When a waiting file may be probed, seen `how` at `now` (`wall` on the clock files are
/// stamped by).
fn probe_due(now: Instant, wall: SystemTime, file: &FileSeen, how: Observation) -> Instant {
    match how {
        // Nothing is ever copied into a pipe or a device: no wait.
        _ if file.special => now,
        Observation::Closed => now,
        Observation::Written => now + WRITER_SILENCE_WINDOW,
        Observation::Scanned => {
            // Counted from the last write, so a file that has sat there a while is due at
            // once.
            let age_ns = nanos_since_epoch(wall).saturating_sub(file.modified_ns);
            let age = Duration::from_nanos(age_ns.max(0) as u64);
            now + STABILITY_WINDOW.saturating_sub(age)
        }
    }
}

fn now_ms() -> i64 {
    nanos_since_epoch(SystemTime::now()) / 1_000_000
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written_at(wall: SystemTime, ago: Duration, special: bool) -> FileSeen {
        FileSeen {
            size: 10,
            modified_ns: nanos_since_epoch(wall - ago),
            added_ms: 0,
            special,
        }
    }

    #[test]
    fn a_closed_file_is_due_at_once_and_a_written_one_after_the_writer_is_silent() {
        let (now, wall) = (Instant::now(), SystemTime::now());
        let fresh = written_at(wall, Duration::ZERO, false);
        assert_eq!(probe_due(now, wall, &fresh, Observation::Closed), now);
        assert_eq!(
            probe_due(now, wall, &fresh, Observation::Written),
            now + WRITER_SILENCE_WINDOW
        );
    }

    #[test]
    fn a_scanned_file_waits_out_what_is_left_of_the_stability_window() {
        let (now, wall) = (Instant::now(), SystemTime::now());
        let fresh = written_at(wall, Duration::ZERO, false);
        assert_eq!(
            probe_due(now, wall, &fresh, Observation::Scanned),
            now + STABILITY_WINDOW
        );
        let old = written_at(wall, Duration::from_secs(3600), false);
        assert_eq!(probe_due(now, wall, &old, Observation::Scanned), now);
        // A file stamped in the future (a clock set wrong) waits the whole window, no more.
        let ahead = FileSeen {
            modified_ns: nanos_since_epoch(wall + Duration::from_secs(60)),
            ..fresh
        };
        assert_eq!(
            probe_due(now, wall, &ahead, Observation::Scanned),
            now + STABILITY_WINDOW
        );
    }

    #[test]
    fn a_pipe_or_a_device_is_due_at_once_however_it_was_seen() {
        let (now, wall) = (Instant::now(), SystemTime::now());
        let special = written_at(wall, Duration::ZERO, true);
        for how in [
            Observation::Closed,
            Observation::Written,
            Observation::Scanned,
        ] {
            assert_eq!(probe_due(now, wall, &special, how), now);
        }
    }
}
