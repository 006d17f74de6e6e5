//! Files named directly (the demo, `wardcast play`, announcements) checked outside any
//! programme, and a file read whole for its airing.

use std::path::Path;

use crate::library::{self, Chosen};
use crate::messages::Lang;
use crate::player::{PlayerError, Snapshot};

/// Probes and hashes a file named directly (demo, `wardcast play`), outside any programme;
/// why it cannot air, in `lang`, when it cannot.
pub fn chosen_file(path: &Path, lang: Lang) -> Result<Chosen, String> {
    // The log names files by their full path, whatever the command line said.
    let path = &std::fs::canonicalize(path).map_err(|error| error.to_string())?;
    // The probe opens only regular files, without waiting: a named pipe or a device is
    // refused before anything could block on it.
    let probe = library::probe(path).map_err(|rejection| rejection.describe(lang))?;
    let sha256 = library::sha256_file(path).map_err(|error| error.to_string())?;
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Chosen {
        path: path.to_path_buf(),
        name,
        probe,
        sha256,
    })
}

/// Reads a file whole for its airing, on a blocking thread.
pub async fn read_snapshot(path: &Path) -> Result<Snapshot, PlayerError> {
    let path = path.to_path_buf();
    tokio::task::spawn_blocking(move || Snapshot::read(&path))
        .await
        .unwrap_or(Err(PlayerError::ThreadGone))
}
