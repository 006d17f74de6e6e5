//! The files a download writes before it is complete. Each is new (a name never used
//! before), hidden and ending in `.part`, so the library passes it over in any folder; it
//! is held under a shared lock while in use, so the leftovers of a crash (a power cut
//! mid-download) are told apart from downloads under way, and removed, never resumed or
//! taken for a download.

use std::fs::{File, TryLockError};
use std::io;
use std::path::Path;
use std::time::{Duration, SystemTime};

use tempfile::NamedTempFile;

const PREFIX: &str = ".download-";
const SUFFIX: &str = ".part";

/// A part file untouched this long and not locked is a leftover: a download under way holds
/// its lock, and this margin covers the instant between creating a file and locking it.
const LEFTOVER_AGE: Duration = Duration::from_secs(60);

/// A new, empty part file in `folder`, locked (shared) until dropped or persisted and closed.
pub fn part_in(folder: &Path) -> io::Result<NamedTempFile> {
    let file = tempfile::Builder::new()
        .prefix(PREFIX)
        .suffix(SUFFIX)
        .tempfile_in(folder)?;
    match file.as_file().try_lock_shared() {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => Err(io::Error::from(io::ErrorKind::WouldBlock)),
        Err(TryLockError::Error(error)) => Err(error),
    }
}

/// Whether `name` is a part file's.
pub fn is_part_name(name: &str) -> bool {
    name.starts_with(PREFIX) && name.ends_with(SUFFIX)
}

/// Removes the part files in `folder` that no download is writing: the leftovers of a
/// crash. Gives how many were removed; a folder that cannot be read has none.
pub fn clear_leftovers(folder: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return 0;
    };
    let now = SystemTime::now();
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_str().is_some_and(is_part_name) {
            continue;
        }
        let path = entry.path();
        let old = std::fs::symlink_metadata(&path).is_ok_and(|metadata| {
            metadata.is_file()
                && metadata
                    .modified()
                    .is_ok_and(|at| now.duration_since(at).is_ok_and(|age| age >= LEFTOVER_AGE))
        });
        // The lock is only a test: released before the removal, which some systems refuse
        // on an open file.
        let unused = old && File::open(&path).is_ok_and(|file| file.try_lock().is_ok());
        if unused && std::fs::remove_file(&path).is_ok() {
            tracing::info!(file = %path.display(), "removed a download left unfinished");
            removed += 1;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn age(path: &Path, by: Duration) {
        let file = File::options().append(true).open(path).expect("open");
        file.set_modified(SystemTime::now() - by).expect("set time");
    }

    #[test]
    fn only_old_unlocked_parts_are_removed() {
        let folder = tempfile::tempdir().expect("temp dir");
        let live = part_in(folder.path()).expect("part");
        age(live.path(), Duration::from_secs(3600));
        let leftover = folder.path().join(".download-crash.part");
        std::fs::write(&leftover, b"half").expect("write");
        age(&leftover, Duration::from_secs(3600));
        let fresh = folder.path().join(".download-fresh.part");
        std::fs::write(&fresh, b"new").expect("write");
        let audio = folder.path().join("download-x.mp3");
        std::fs::write(&audio, b"ID3").expect("write");
        age(&audio, Duration::from_secs(3600));

        assert_eq!(clear_leftovers(folder.path()), 1);
        assert!(!leftover.exists());
        assert!(live.path().exists(), "a download under way is kept");
        assert!(fresh.exists(), "a part just made may not be locked yet");
        assert!(audio.exists());
        assert!(!crate::library::is_candidate_name(
            &live.path().file_name().expect("name").to_string_lossy()
        ));
        assert_eq!(clear_leftovers(&folder.path().join("missing")), 0);
    }
}
