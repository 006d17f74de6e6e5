//! How the disks wardcast writes to are doing: free space where the log lives, the spare
//! folder, and records a stopped wardcast left waiting on the spare disk. Told to the
//! officer by `check` and, daily, in the daemon's log, before a full disk can matter.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::messages::storage::DiskWarning;
use crate::messages::{Lang, Say};

/// Below this much free space the data folder's disk is reported as running out.
pub const LOW_SPACE: u64 = 100 * 1_000_000;

/// Something about the disks the officer should act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageWarning {
    /// The disk of the data folder has little space left.
    LowSpace { folder: PathBuf, free: u64 },
    /// The spare folder is set but cannot be written (its disk unplugged?).
    SpareUnusable { folder: PathBuf, detail: String },
    /// The spare folder is on the same disk as the data folder: it guards against nothing.
    SpareOnDataDisk { folder: PathBuf },
    /// Records a stopped wardcast could not write wait on the spare disk.
    RecordsWaiting { journal: PathBuf, records: usize },
}

/// What is worth telling about the disks of `config`'s folders now.
pub fn warnings(config: &Config) -> Vec<StorageWarning> {
    let mut found = Vec::new();
    let existing = nearest_existing(&config.data_dir);
    if let Ok(free) = fs4::available_space(&existing) {
        if free < LOW_SPACE {
            found.push(StorageWarning::LowSpace {
                folder: config.data_dir.clone(),
                free,
            });
        }
    }
    if let Some(spare) = &config.spare_dir {
        if let Err(error) = writable(spare) {
            found.push(StorageWarning::SpareUnusable {
                folder: spare.clone(),
                detail: error.to_string(),
            });
        } else if same_disk(spare, &existing) {
            found.push(StorageWarning::SpareOnDataDisk {
                folder: spare.clone(),
            });
        }
        let journal = spare.join(crate::ledger::JOURNAL_FILE);
        if let Ok(text) = std::fs::read_to_string(&journal) {
            let records = text.lines().filter(|line| !line.trim().is_empty()).count();
            if records > 0 {
                found.push(StorageWarning::RecordsWaiting { journal, records });
            }
        }
    }
    found
}

/// The folder itself, or the nearest parent that exists (a data folder not created yet).
fn nearest_existing(folder: &Path) -> PathBuf {
    folder
        .ancestors()
        .find(|ancestor| ancestor.exists())
        .unwrap_or(folder)
        .to_path_buf()
}

/// Whether a file can be created in `folder`, which must exist: a spare disk that is not
/// plugged in must not be replaced by a folder made on the data disk.
fn writable(folder: &Path) -> std::io::Result<()> {
    if !folder.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "the folder does not exist",
        ));
    }
    tempfile::NamedTempFile::new_in(folder).map(drop)
}

/// Whether two existing folders are on the same file system.
fn same_disk(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

impl StorageWarning {
    /// The warning and what to do, in the officer's language.
    pub fn describe(&self, lang: Lang) -> String {
        self.words().say(lang)
    }

    /// The warning as the catalogue says it.
    pub fn words(&self) -> DiskWarning {
        match self.clone() {
            StorageWarning::LowSpace { folder, free } => DiskWarning::LowSpace { folder, free },
            StorageWarning::SpareUnusable { folder, detail } => {
                DiskWarning::SpareUnusable { folder, detail }
            }
            StorageWarning::SpareOnDataDisk { folder } => DiskWarning::SpareOnDataDisk { folder },
            StorageWarning::RecordsWaiting { journal, records } => {
                DiskWarning::RecordsWaiting { journal, records }
            }
        }
    }
}
