//! The users file: read whole, written whole and atomically (a temporary file beside it,
//! flushed to the disk, then renamed over it), readable by its owner only. A file that is
//! not what wardcast writes is an error and is left as it is, never written over.

use std::io::Write;
use std::path::Path;

use crate::messages::users::UserProblem;

use super::{UserError, Users};

/// The users in `path`; none when the file does not exist yet.
pub fn load(path: &Path) -> Result<Users, UserError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Users::default()),
        Err(error) if error.kind() == std::io::ErrorKind::InvalidData => {
            return Err(damaged(path, error.to_string()))
        }
        Err(source) => {
            let path = path.to_path_buf();
            return Err(UserError::Read { path, source });
        }
    };
    serde_json::from_str(&text).map_err(|error| damaged(path, error.to_string()))
}

fn damaged(path: &Path, detail: String) -> UserError {
    UserError::Refused(UserProblem::Damaged {
        path: path.to_path_buf(),
        detail,
    })
}

/// Writes `users` to `path`, creating its folder; a crash leaves the old file or the new
/// one, never half of either.
pub fn save(path: &Path, users: &Users) -> Result<(), UserError> {
    let failed = |source: std::io::Error| UserError::Write {
        path: path.to_path_buf(),
        source,
    };
    let folder = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder).map_err(failed)?;
    let mut text = serde_json::to_string_pretty(users)
        .map_err(std::io::Error::other)
        .map_err(failed)?;
    text.push('\n');
    // tempfile creates the file with mode 0600 on unix: no moment where others can read it.
    let mut temporary = tempfile::NamedTempFile::new_in(folder).map_err(failed)?;
    temporary.write_all(text.as_bytes()).map_err(failed)?;
    temporary.as_file().sync_all().map_err(failed)?;
    temporary
        .persist(path)
        .map_err(|error| failed(error.error))?;
    sync_folder(folder);
    Ok(())
}

/// Flushes the rename itself to the disk, where the system allows it.
fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = std::fs::File::open(folder) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}
