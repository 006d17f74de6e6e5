//! The bytes of a file read whole before its airing, held once in memory.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use super::PlayerError;

/// The bytes of a file as read once before its airing: what is decoded and played, and what
/// its SHA-256 in the log is of, whatever happens to the file on disk meanwhile.
#[derive(Clone)]
pub struct Snapshot {
    pub bytes: SnapshotBytes,
    pub sha256: String,
}

/// The bytes of a snapshot, shared between the airing and its decoder. Kept in the vector
/// they were read into: turning it into an `Arc<[u8]>` would copy the whole file once more.
#[derive(Clone)]
pub struct SnapshotBytes(Arc<Vec<u8>>);

impl AsRef<[u8]> for SnapshotBytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl std::fmt::Debug for Snapshot {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Snapshot")
            .field("bytes", &self.bytes.as_ref().len())
            .field("sha256", &self.sha256)
            .finish()
    }
}

use crate::library::max_snapshot;
pub use crate::library::MAX_SNAPSHOT;

impl Snapshot {
    /// Reads the whole file and hashes what was read. Only a regular file is read: a named
    /// pipe or a device is refused before anything could block on it.
    pub fn read(path: &Path) -> Result<Snapshot, PlayerError> {
        use sha2::{Digest, Sha256};
        let failed = |detail: String| PlayerError::FileOpen {
            file: path.to_path_buf(),
            detail,
        };
        let mut file =
            crate::library::open_audio(path).map_err(|error| failed(error.to_string()))?;
        let limit = max_snapshot();
        let too_large = |bytes: u64| PlayerError::TooLarge {
            file: path.to_path_buf(),
            bytes,
            limit,
        };
        let length = file.metadata().map_err(|e| failed(e.to_string()))?.len();
        if length > limit {
            return Err(too_large(length));
        }
        let mut bytes = Vec::with_capacity(usize::try_from(length).unwrap_or(0));
        // One byte more than allowed: a file still growing is caught here too.
        std::io::Read::take(&mut file, limit.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|error| failed(error.to_string()))?;
        if bytes.len() as u64 > limit {
            return Err(too_large(bytes.len() as u64));
        }
        let sha256 = format!("{:x}", Sha256::digest(&bytes));
        Ok(Snapshot {
            bytes: SnapshotBytes(Arc::new(bytes)),
            sha256,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_holds_the_file_in_one_allocation_of_its_size_shared_by_its_copies() {
        let folder = tempfile::tempdir().expect("temp dir");
        let path = folder.path().join("tin.wav");
        let content: Vec<u8> = (0..3_000_001u32).map(|index| (index % 251) as u8).collect();
        std::fs::write(&path, &content).expect("write");
        let snapshot = Snapshot::read(&path).expect("read");
        assert_eq!(snapshot.bytes.as_ref(), content.as_slice());
        assert_eq!(snapshot.bytes.0.capacity(), content.len());
        assert_eq!(
            snapshot.sha256,
            crate::library::sha256_file(&path).expect("hash")
        );
        let copy = snapshot.clone();
        assert!(Arc::ptr_eq(&snapshot.bytes.0, &copy.bytes.0));
    }
}
