//! A checked download put into its programme folder the way a dropped file arrives: whole,
//! in one rename that the folder's watcher takes as complete, under a name no file there
//! has ("name (2).mp3" when taken), never over an existing file.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use super::{name, staging};
use crate::names::normalized;

/// The most numbered names tried ("name (999).mp3") before the folder is taken as full of
/// this name.
const MOST_NUMBERS: u32 = 999;

/// Moves `file` into `folder` as `stem.extension` (numbered when taken); gives its path.
pub fn place(
    file: NamedTempFile,
    folder: &Path,
    stem: &str,
    extension: &str,
) -> io::Result<PathBuf> {
    // Names are compared composed, as the library compares them: a name written decomposed
    // (macOS) is the same name.
    let taken: HashSet<String> = std::fs::read_dir(folder)?
        .flatten()
        .map(|entry| normalized(&entry.file_name().to_string_lossy()))
        .collect();
    let mut file = file;
    let mut number = 1;
    while number <= MOST_NUMBERS {
        let name = name::numbered(stem, number, extension);
        if taken.contains(&name) {
            number += 1;
            continue;
        }
        let target = folder.join(&name);
        match file.persist_noclobber(&target) {
            Ok(_) => {
                sync_folder(folder);
                return Ok(target);
            }
            // Another writer took the name since the folder was read.
            Err(refused) if refused.error.kind() == io::ErrorKind::AlreadyExists => {
                file = refused.file;
                number += 1;
            }
            // The receiving folder is on another disk: copied beside the target first, so
            // the folder still only ever sees a whole file arrive.
            Err(refused) if refused.error.kind() == io::ErrorKind::CrossesDevices => {
                file = copy_into(&refused.file, folder)?;
            }
            Err(refused) => return Err(refused.error),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("{MOST_NUMBERS} files named like this already"),
    ))
}

/// A copy of `file` as a part file in `folder`, on the disk.
fn copy_into(file: &NamedTempFile, folder: &Path) -> io::Result<NamedTempFile> {
    let mut copy = staging::part_in(folder)?;
    io::copy(&mut file.reopen()?, copy.as_file_mut())?;
    copy.as_file().sync_all()?;
    Ok(copy)
}

/// Makes the rename itself last through a power cut. Best effort: not every system can
/// open a folder to flush it.
fn sync_folder(folder: &Path) {
    if let Ok(handle) = std::fs::File::open(folder) {
        let _ = handle.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn part(staging: &Path, bytes: &[u8]) -> NamedTempFile {
        let mut file = staging::part_in(staging).expect("part");
        io::Write::write_all(file.as_file_mut(), bytes).expect("write");
        file
    }

    #[test]
    fn a_taken_name_is_numbered_and_never_overwritten() {
        let staging = tempfile::tempdir().expect("staging");
        let folder = tempfile::tempdir().expect("folder");
        let decomposed: String = "Bản tin.mp3".nfd().collect();
        std::fs::write(folder.path().join(&decomposed), b"first").expect("write");
        std::fs::write(folder.path().join("Bản tin (2).mp3"), b"second").expect("write");

        let path = place(
            part(staging.path(), b"third"),
            folder.path(),
            "Bản tin",
            "mp3",
        )
        .expect("placed");
        assert_eq!(path, folder.path().join("Bản tin (3).mp3"));
        assert_eq!(std::fs::read(&path).expect("read"), b"third");
        assert_eq!(
            std::fs::read(folder.path().join(&decomposed)).expect("read"),
            b"first"
        );
        let path = place(
            part(staging.path(), b"fourth"),
            folder.path(),
            "khác",
            "m4a",
        )
        .expect("placed");
        assert_eq!(path, folder.path().join("khác.m4a"));
        assert_eq!(std::fs::read_dir(staging.path()).expect("list").count(), 0);
    }

    #[test]
    fn a_copy_from_another_disk_arrives_whole() {
        let staging = tempfile::tempdir().expect("staging");
        let folder = tempfile::tempdir().expect("folder");
        let copy = copy_into(&part(staging.path(), b"sound"), folder.path()).expect("copy");
        let name = copy.path().file_name().expect("name").to_string_lossy();
        assert!(!crate::library::is_candidate_name(&name), "{name}");
        let path = place(copy, folder.path(), "tin", "mp3").expect("placed");
        assert_eq!(std::fs::read(&path).expect("read"), b"sound");
        assert_eq!(std::fs::read_dir(folder.path()).expect("list").count(), 1);
    }
}
