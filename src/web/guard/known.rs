//! The users as the console knows them: the users file, read again whenever its size or
//! modification time changes, so that `wardcast user remove` (or a new password, or a new
//! role) takes effect on the next request without a restart. A look at the file's metadata
//! is all a request costs when nothing changed.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use crate::users::{self, UserError, Users};

/// What the file was when it was last read.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    path: PathBuf,
    modified: Option<SystemTime>,
    len: u64,
}

type Read = Arc<Result<Users, UserError>>;

#[derive(Default)]
pub struct Known {
    cached: Mutex<Option<(Stamp, Read)>>,
}

impl Known {
    /// The users in `path` now (an unreadable or damaged file is its error: nobody can sign
    /// in until it is repaired, and wardcast never writes over it).
    pub fn users(&self, path: &Path) -> Read {
        let stamp = stamp(path);
        let mut cached = self.cached.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((known, read)) = cached.as_ref() {
            if *known == stamp {
                return Arc::clone(read);
            }
        }
        // A small file, read only when it changed: cheap enough for the request's thread.
        let read = Arc::new(users::load(path));
        if let Err(error) = read.as_ref() {
            tracing::warn!(%error, "web console users file");
        }
        *cached = Some((stamp, Arc::clone(&read)));
        read
    }
}

fn stamp(path: &Path) -> Stamp {
    let metadata = std::fs::metadata(path).ok();
    Stamp {
        path: path.to_path_buf(),
        modified: metadata.as_ref().and_then(|meta| meta.modified().ok()),
        len: metadata.map_or(0, |meta| meta.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::users::Role;

    #[test]
    fn a_changed_file_is_read_again() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = users::users_path(dir.path());
        let known = Known::default();
        assert!(known
            .users(&path)
            .as_ref()
            .as_ref()
            .expect("none")
            .users
            .is_empty());
        let mut all = Users::default();
        all.set("an", Some(Role::Viewer), "h".into(), chrono::Utc::now());
        users::save(&path, &all).expect("save");
        let read = known.users(&path);
        assert_eq!(
            read.as_ref()
                .as_ref()
                .expect("read")
                .find("an")
                .map(|u| u.role),
            Some(Role::Viewer)
        );
        std::fs::write(&path, "not json").expect("damage");
        assert!(known.users(&path).is_err());
    }
}
