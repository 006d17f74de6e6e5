//! The one way an audio file is opened for reading. A named pipe given an audio name would
//! block `open` until something writes to it, and a device never ends: only a regular file
//! is ever read, and nothing here can wait on another process.

use std::fs::File;
use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::messages::library::SpecialFile;
use crate::messages::{Lang, Say};

/// What a path is when it is not a regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    NamedPipe,
    Device,
    Folder,
    Socket,
    Other,
}

impl FileKind {
    fn of(file_type: std::fs::FileType) -> Option<FileKind> {
        if file_type.is_file() {
            return None;
        }
        if file_type.is_dir() {
            return Some(FileKind::Folder);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if file_type.is_fifo() {
                return Some(FileKind::NamedPipe);
            }
            if file_type.is_char_device() || file_type.is_block_device() {
                return Some(FileKind::Device);
            }
            if file_type.is_socket() {
                return Some(FileKind::Socket);
            }
        }
        Some(FileKind::Other)
    }

    pub fn describe(self, lang: Lang) -> String {
        self.words().say(lang)
    }

    /// What it is, as the catalogue says it.
    pub fn words(self) -> SpecialFile {
        match self {
            FileKind::NamedPipe => SpecialFile::NamedPipe,
            FileKind::Device => SpecialFile::Device,
            FileKind::Folder => SpecialFile::Folder,
            FileKind::Socket => SpecialFile::Socket,
            FileKind::Other => SpecialFile::Other,
        }
    }
}

/// Why an audio file could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("not a regular file: {}", .0.describe(Lang::En))]
    NotRegular(FileKind),
    #[error("{0}")]
    Io(#[from] io::Error),
}

/// Opens an audio file for reading, refusing anything that is not a regular file (a link
/// is followed to what it names). Never blocks on a pipe or a device.
pub fn open_audio(path: &Path) -> Result<File, OpenError> {
    // Refused before opening when the path already says what it is: opening some devices
    // has effects of its own.
    if let Some(kind) = FileKind::of(std::fs::metadata(path)?.file_type()) {
        return Err(OpenError::NotRegular(kind));
    }
    let file = open_without_waiting(path)?;
    // The path may have been replaced between the look and the open: the handle decides.
    if let Some(kind) = FileKind::of(file.metadata()?.file_type()) {
        return Err(OpenError::NotRegular(kind));
    }
    reads_wait_again(&file)?;
    Ok(file)
}

#[cfg(unix)]
fn open_without_waiting(path: &Path) -> io::Result<File> {
    use rustix::fs::{Mode, OFlags};
    // O_NONBLOCK: opening a pipe with no writer returns at once instead of waiting for one.
    // O_NOCTTY: a terminal device must not become the daemon's controlling terminal.
    let flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC;
    let descriptor = rustix::fs::open(path, flags, Mode::empty())?;
    Ok(File::from(descriptor))
}

#[cfg(not(unix))]
fn open_without_waiting(path: &Path) -> io::Result<File> {
    File::open(path)
}

/// Clears O_NONBLOCK: the file is regular, and reads of it may wait on the disk as usual.
#[cfg(unix)]
fn reads_wait_again(file: &File) -> io::Result<()> {
    let flags = rustix::fs::fcntl_getfl(file)?;
    rustix::fs::fcntl_setfl(file, flags - rustix::fs::OFlags::NONBLOCK)?;
    Ok(())
}

#[cfg(not(unix))]
fn reads_wait_again(_file: &File) -> io::Result<()> {
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn a_named_pipe_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().expect("temp dir");
        let pipe = dir.path().join("bản tin.mp3");
        rustix::fs::mkfifoat(
            rustix::fs::CWD,
            &pipe,
            rustix::fs::Mode::RUSR | rustix::fs::Mode::WUSR,
        )
        .expect("mkfifo");
        let started = std::time::Instant::now();
        let refused = open_audio(&pipe);
        assert!(
            matches!(refused, Err(OpenError::NotRegular(FileKind::NamedPipe))),
            "{refused:?}"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }

    #[test]
    fn devices_and_folders_are_refused_and_regular_files_read() {
        assert!(matches!(
            open_audio(Path::new("/dev/zero")),
            Err(OpenError::NotRegular(FileKind::Device))
        ));
        let dir = tempfile::tempdir().expect("temp dir");
        assert!(matches!(
            open_audio(dir.path()),
            Err(OpenError::NotRegular(FileKind::Folder))
        ));
        let link = dir.path().join("zero.mp3");
        std::os::unix::fs::symlink("/dev/zero", &link).expect("symlink");
        assert!(matches!(
            open_audio(&link),
            Err(OpenError::NotRegular(FileKind::Device))
        ));
        let file = dir.path().join("a.wav");
        std::fs::write(&file, b"RIFF").expect("write");
        let mut opened = open_audio(&file).expect("a regular file opens");
        let flags = rustix::fs::fcntl_getfl(&opened).expect("flags");
        assert!(!flags.contains(rustix::fs::OFlags::NONBLOCK));
        let mut text = String::new();
        opened.read_to_string(&mut text).expect("read");
        assert_eq!(text, "RIFF");
        assert_eq!(
            open_audio(&dir.path().join("missing.mp3"))
                .map(|_| ())
                .map_err(|error| error.to_string().contains("No such file")),
            Err(true)
        );
    }
}
