//! The console's changes to the programme folders, on the disk: an upload is written aside
//! under a hidden temporary name the library passes over, put on the disk, then renamed in
//! under a name not taken; a withdrawn file is moved (never deleted) to the data folder's
//! `withdrawn/<programme>/`. Blocking: run on a blocking thread.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use tempfile::{NamedTempFile, TempPath};

use crate::library::is_candidate_name;
use crate::recording::rename_unused;

use super::file_name::UploadName;

/// The data folder's folder of withdrawn files.
pub const WITHDRAWN: &str = "withdrawn";

/// A new, empty file in `folder` named `.…part`: the library passes it over until renamed.
/// Removed when dropped, unless put in.
pub fn aside(folder: &Path) -> io::Result<NamedTempFile> {
    tempfile::Builder::new()
        .prefix(".upload-")
        .suffix(".part")
        .tempfile_in(folder)
}

/// Renames a complete file written aside into `folder` as `name` (or `name (2)`…); where it
/// is now. The folder is synced so the new name survives a power cut.
pub fn put_in(aside: TempPath, folder: &Path, name: &UploadName) -> io::Result<PathBuf> {
    let placed = rename_unused(&aside, folder, &name.stem, &name.extension)?;
    // Renamed: the temporary name is gone, and nothing is left to remove.
    let _ = aside.keep();
    Ok(placed)
}

/// The entry of `folder` named `name`, matched against what the folder holds (never
/// joined blindly): `None` unless it is a file the library lists, directly in the folder.
pub fn find_in(folder: &Path, name: &str) -> io::Result<Option<PathBuf>> {
    if !is_candidate_name(name) {
        return Ok(None);
    }
    for entry in fs::read_dir(folder)? {
        let entry = entry?;
        if entry.file_name().to_str() == Some(name) && !entry.file_type()?.is_dir() {
            return Ok(Some(entry.path()));
        }
    }
    Ok(None)
}

/// Where a file was withdrawn to, and its content's hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withdrawn {
    pub moved_to: PathBuf,
    pub sha256: String,
}

/// Moves `file` into `into` (created if missing) as `<stamp> <name>`, never over a file
/// there: a rename on the same disk; otherwise a copy, put on the disk and checked against
/// the original's hash before the original is removed.
pub fn withdraw(file: &Path, into: &Path, stamp: &str) -> io::Result<Withdrawn> {
    fs::create_dir_all(into)?;
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let path = Path::new(name);
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or(name);
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let stem = format!("{stamp} {stem}");
    let sha256 = sha256_of(file)?;
    let moved_to = match rename_unused(file, into, &stem, extension) {
        Err(error) if error.kind() == io::ErrorKind::CrossesDevices => {
            let moved_to = copy_checked(file, into, &stem, extension, &sha256)?;
            fs::remove_file(file)?;
            moved_to
        }
        other => other?,
    };
    Ok(Withdrawn { moved_to, sha256 })
}

/// Copies `file` into `into` aside, puts it on the disk, checks its hash, then renames it in.
fn copy_checked(
    file: &Path,
    into: &Path,
    stem: &str,
    extension: &str,
    sha256: &str,
) -> io::Result<PathBuf> {
    let copy = aside(into)?;
    io::copy(&mut File::open(file)?, &mut copy.as_file())?;
    copy.as_file().sync_all()?;
    let copied = sha256_of(copy.path())?;
    if copied != sha256 {
        return Err(io::Error::other(format!(
            "the copy of {} in {} does not match the original",
            file.display(),
            into.display()
        )));
    }
    let (_, aside) = copy.into_parts();
    let placed = rename_unused(&aside, into, stem, extension)?;
    let _ = aside.keep();
    Ok(placed)
}

/// The SHA-256 of a file's bytes, in hex.
pub fn sha256_of(path: &Path) -> io::Result<String> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 256 * 1024];
    loop {
        let read = file.read(&mut buffer)?;
        if read == 0 {
            return Ok(hex::encode(hasher.finalize()));
        }
        hasher.update(&buffer[..read]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn upload(stem: &str) -> UploadName {
        UploadName {
            stem: stem.into(),
            extension: "mp3".into(),
        }
    }

    #[test]
    fn a_file_written_aside_is_hidden_until_renamed_in_and_never_replaces_one() {
        let folder = tempfile::tempdir().expect("folder");
        fs::write(folder.path().join("tin.mp3"), b"first").expect("first");
        let mut written = aside(folder.path()).expect("aside");
        let aside_name = written.path().file_name().expect("name").to_owned();
        assert!(!is_candidate_name(aside_name.to_str().expect("utf-8")));
        written.write_all(b"second").expect("write");
        let placed = put_in(written.into_temp_path(), folder.path(), &upload("tin")).expect("in");
        assert_eq!(placed, folder.path().join("tin (2).mp3"));
        assert_eq!(fs::read(&placed).expect("read"), b"second");
        assert_eq!(
            fs::read(folder.path().join("tin.mp3")).expect("r"),
            b"first"
        );
        let names: Vec<_> = fs::read_dir(folder.path()).expect("list").collect();
        assert_eq!(names.len(), 2, "the aside file is gone: {names:?}");
    }

    #[test]
    fn a_file_written_aside_and_dropped_leaves_nothing() {
        let folder = tempfile::tempdir().expect("folder");
        let mut written = aside(folder.path()).expect("aside");
        written.write_all(b"half").expect("write");
        drop(written);
        assert_eq!(fs::read_dir(folder.path()).expect("list").count(), 0);
    }

    #[test]
    fn only_a_listed_file_directly_in_the_folder_is_found() {
        let folder = tempfile::tempdir().expect("folder");
        fs::write(folder.path().join("tin.mp3"), b"x").expect("write");
        fs::write(folder.path().join("notes.txt"), b"x").expect("write");
        fs::create_dir(folder.path().join("sub.mp3")).expect("dir");
        let found = find_in(folder.path(), "tin.mp3").expect("read");
        assert_eq!(found, Some(folder.path().join("tin.mp3")));
        for name in ["notes.txt", "sub.mp3", "../tin.mp3", "nope.mp3", ".", ""] {
            assert_eq!(find_in(folder.path(), name).expect("read"), None, "{name}");
        }
    }

    #[test]
    fn a_withdrawn_file_is_moved_with_its_time_and_never_over_another() {
        let folder = tempfile::tempdir().expect("folder");
        let data = tempfile::tempdir().expect("data");
        let into = data.path().join(WITHDRAWN).join("tin-tuc");
        let file = folder.path().join("tin.mp3");
        fs::write(&file, b"sound").expect("write");
        let withdrawn = withdraw(&file, &into, "2026-12-07 060000").expect("withdraw");
        assert_eq!(withdrawn.moved_to, into.join("2026-12-07 060000 tin.mp3"));
        assert_eq!(withdrawn.sha256, hex::encode(Sha256::digest(b"sound")));
        assert!(!file.exists());
        assert_eq!(fs::read(&withdrawn.moved_to).expect("read"), b"sound");
        fs::write(&file, b"again").expect("write");
        let again = withdraw(&file, &into, "2026-12-07 060000").expect("withdraw");
        assert_eq!(again.moved_to, into.join("2026-12-07 060000 tin (2).mp3"));
        assert_eq!(fs::read(&withdrawn.moved_to).expect("read"), b"sound");
    }

    #[test]
    fn a_copy_is_checked_before_the_original_goes() {
        let folder = tempfile::tempdir().expect("folder");
        let into = tempfile::tempdir().expect("into");
        let file = folder.path().join("tin.mp3");
        fs::write(&file, b"sound").expect("write");
        let sha = sha256_of(&file).expect("hash");
        let placed = copy_checked(&file, into.path(), "stamp tin", "mp3", &sha).expect("copy");
        assert_eq!(fs::read(placed).expect("read"), b"sound");
        let refused = copy_checked(&file, into.path(), "stamp tin", "mp3", "0000");
        assert!(refused.is_err());
        assert_eq!(fs::read_dir(into.path()).expect("list").count(), 1);
    }
}
