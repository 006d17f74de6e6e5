//! The file a recording is written into: under a temporary name in the data folder's
//! `receiving/` folder, locked while its writer lives, hashed and counted as it is written;
//! moved into the programme folder whole under a name not taken, or set aside there as
//! incomplete. Nothing here deletes a recording that holds sound.

use std::fs::{self, File, TryLockError};
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::name::numbered;

/// The folder in the data folder where recordings are written until complete.
pub const RECEIVING: &str = "receiving";

/// The ending of a recording being written (or left by a crash).
const PART: &str = ".part";

/// What a recording set aside is called before its extension.
const INCOMPLETE: &str = ".incomplete";

/// The most names tried (`name (2)`, `name (3)`…) before giving up.
const MOST_NUMBERS: u32 = 1000;

/// Writes go to the disk in pieces of this size.
const WRITE_BUFFER: usize = 64 * 1024;

/// A recording being written.
pub(super) struct PartFile {
    path: PathBuf,
    writer: BufWriter<File>,
    hasher: Sha256,
    bytes: u64,
}

impl PartFile {
    /// A new, empty file in `data_dir/receiving/` named after the recording, locked so no
    /// one takes it for one a crash left.
    pub(super) fn create(data_dir: &Path, stem: &str) -> io::Result<PartFile> {
        let folder = data_dir.join(RECEIVING);
        fs::create_dir_all(&folder)?;
        let (file, path) = tempfile::Builder::new()
            .prefix(&format!("{stem}."))
            .suffix(PART)
            .rand_bytes(6)
            .tempfile_in(&folder)?
            .keep()
            .map_err(|error| error.error)?;
        // A disk without locks only loses the telling of a live recording from a leftover.
        let _ = file.try_lock();
        Ok(PartFile {
            path,
            writer: BufWriter::with_capacity(WRITE_BUFFER, file),
            hasher: Sha256::new(),
            bytes: 0,
        })
    }

    pub(super) fn path(&self) -> &Path {
        &self.path
    }

    pub(super) fn bytes(&self) -> u64 {
        self.bytes
    }

    /// The SHA-256 of everything written, in hex.
    pub(super) fn sha256(&self) -> String {
        hex::encode(self.hasher.clone().finalize())
    }

    /// Everything written is on the disk.
    pub(super) fn seal(&mut self) -> io::Result<()> {
        self.writer.flush()?;
        self.writer.get_ref().sync_all()
    }

    /// Moves the file into `folder` as `stem.extension` (or `stem (2).extension`…, never
    /// over a file there); where it is now. On failure the file stays where it was.
    pub(super) fn place(
        &mut self,
        folder: &Path,
        stem: &str,
        extension: &str,
    ) -> io::Result<PathBuf> {
        let placed = match rename_unused(&self.path, folder, stem, extension) {
            Err(error) if error.kind() == io::ErrorKind::CrossesDevices => {
                let placed = copy_into(&self.path, folder, stem, extension)?;
                if let Err(error) = fs::remove_file(&self.path) {
                    tracing::warn!(file = %self.path.display(), %error,
                        "a recording copied into its folder stays in the data folder too");
                }
                placed
            }
            other => other?,
        };
        self.path.clone_from(&placed);
        Ok(placed)
    }

    /// Keeps the file where it is, named as incomplete (`….incomplete.flac`) so it is
    /// never taken for a recording being written; where it is now.
    pub(super) fn set_aside(mut self, extension: &str) -> PathBuf {
        // On a full disk the last buffered bytes may not fit; what is on the disk stays.
        let _ = self.writer.flush();
        set_aside(&self.path, extension).unwrap_or(self.path)
    }

    /// Removes a file that holds no sound (only a header, or nothing).
    pub(super) fn discard(self) {
        let _ = fs::remove_file(&self.path);
    }
}

impl Write for PartFile {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let written = self.writer.write(data)?;
        self.hasher.update(&data[..written]);
        self.bytes += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

/// Renames `path` (`stem.xxxxxx.part`) to `stem.xxxxxx.incomplete.extension` beside it.
fn set_aside(path: &Path, extension: &str) -> io::Result<PathBuf> {
    let name = path
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or_default();
    let base = name.strip_suffix(PART).unwrap_or(name);
    let aside = path.with_file_name(format!("{base}{INCOMPLETE}.{extension}"));
    rename_no_replace(path, &aside)?;
    Ok(aside)
}

/// Renames `from` into `folder` under the first of its numbered names not taken (never over
/// a file there); where it is now. `CrossesDevices` when `folder` is on another disk.
pub fn rename_unused(
    from: &Path,
    folder: &Path,
    stem: &str,
    extension: &str,
) -> io::Result<PathBuf> {
    for number in 1..=MOST_NUMBERS {
        let target = folder.join(numbered(stem, number, extension));
        match rename_no_replace(from, &target) {
            Ok(()) => {
                sync_folder(folder);
                return Ok(target);
            }
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("{MOST_NUMBERS} files of this name are already there"),
    ))
}

/// For a programme folder on another disk than the data folder: copies the recording in
/// under a hidden temporary name the library leaves alone, puts it on the disk, then
/// renames it as a recording made there would be. A copy that fails is removed; the
/// original stays in the data folder.
fn copy_into(from: &Path, folder: &Path, stem: &str, extension: &str) -> io::Result<PathBuf> {
    let copy = tempfile::Builder::new()
        .prefix(".")
        .suffix(PART)
        .tempfile_in(folder)?;
    let copied = (|| {
        let mut source = File::open(from)?;
        let mut target = copy.as_file();
        io::copy(&mut source, &mut target)?;
        target.sync_all()
    })();
    copied?;
    let (_, copy_path) = copy.keep().map_err(|error| error.error)?;
    rename_unused(&copy_path, folder, stem, extension).inspect_err(|_| {
        let _ = fs::remove_file(&copy_path);
    })
}

/// Renames without ever replacing a file at `to`: `AlreadyExists` if one is there.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn rename_no_replace(from: &Path, to: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    use rustix::io::Errno;
    match renameat_with(CWD, from, CWD, to, RenameFlags::NOREPLACE) {
        Ok(()) => Ok(()),
        // A file system that cannot refuse to replace (some network shares).
        Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => link_then_unlink(from, to),
        Err(errno) => Err(errno.into()),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn rename_no_replace(from: &Path, to: &Path) -> io::Result<()> {
    link_then_unlink(from, to)
}

/// A hard link fails when the name is taken; the old name is removed after. A disk
/// without hard links (FAT) has the name looked at first: a file appearing in between is
/// the one case left to chance there.
fn link_then_unlink(from: &Path, to: &Path) -> io::Result<()> {
    match fs::hard_link(from, to) {
        Ok(()) => fs::remove_file(from),
        Err(error)
            if matches!(
                error.kind(),
                io::ErrorKind::AlreadyExists | io::ErrorKind::CrossesDevices
            ) =>
        {
            Err(error)
        }
        Err(_) if fs::symlink_metadata(to).is_ok() => {
            Err(io::Error::from(io::ErrorKind::AlreadyExists))
        }
        Err(_) => fs::rename(from, to),
    }
}

/// Puts a rename in `folder` on the disk, where the system allows it.
fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = File::open(folder) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}

/// A recording a stopped wardcast left being written in `receiving/`: never put in a
/// programme folder, since it may be cut off anywhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leftover {
    pub path: PathBuf,
    pub bytes: u64,
}

impl Leftover {
    /// Renames it as incomplete, with the extension of what it holds, so the officer can
    /// listen to it and it is reported once; where it is now.
    pub fn set_aside(&self) -> io::Result<PathBuf> {
        set_aside(&self.path, extension_of(&self.path))
    }
}

/// The recordings in `data_dir/receiving/` that no living writer holds: what a crash or a
/// power cut left. Recordings being written are not listed.
pub fn leftovers(data_dir: &Path) -> io::Result<Vec<Leftover>> {
    let folder = data_dir.join(RECEIVING);
    let entries = match fs::read_dir(&folder) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(error),
    };
    let mut found = Vec::new();
    for entry in entries {
        let path = entry?.path();
        let is_part = path
            .file_name()
            .and_then(|name| name.to_str())
            // Hidden part files are the downloader's, cleared by it.
            .is_some_and(|name| name.ends_with(PART) && !name.starts_with('.'));
        if !is_part {
            continue;
        }
        let Ok(file) = File::open(&path) else {
            continue;
        };
        match file.try_lock() {
            // A disk without locks cannot tell a living writer's file: it is left alone.
            Err(TryLockError::WouldBlock | TryLockError::Error(_)) => continue,
            Ok(()) => {}
        }
        let bytes = file.metadata().map_or(0, |metadata| metadata.len());
        found.push(Leftover { path, bytes });
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(found)
}

/// The extension of what a recording holds, from its first bytes: FLAC, ADTS (AAC) or,
/// else, MP3.
fn extension_of(path: &Path) -> &'static str {
    let mut head = [0u8; 4];
    let read = File::open(path)
        .and_then(|mut file| file.read(&mut head))
        .unwrap_or(0);
    let head = &head[..read];
    if head.starts_with(b"fLaC") {
        "flac"
    } else if head.len() >= 2 && head[0] == 0xFF && head[1] & 0xF6 == 0xF0 {
        "aac"
    } else {
        "mp3"
    }
}
