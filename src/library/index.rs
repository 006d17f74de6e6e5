//! The library's memory across restarts: one SQLite row per known file with its size,
//! time and what its probe found, so unchanged files are not probed or hashed again.
//! A cache, not evidence: losing it costs a rescan, nothing else.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rusqlite::{params, Connection};

use super::{Content, Entry};

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("the library index {path} cannot be used: {source}")]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("the library index could not be updated: {0}")]
    Write(#[source] rusqlite::Error),
    #[error("the library index could not be read: {0}")]
    Read(#[source] rusqlite::Error),
}

pub struct Index {
    connection: Connection,
    /// Writes are failing (a full disk): said once, then quiet until they work again.
    failing: std::cell::Cell<bool>,
}

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS library_file (
    path        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    size        INTEGER NOT NULL,
    modified_ns INTEGER NOT NULL,
    added_ms    INTEGER NOT NULL,
    content     TEXT NOT NULL
);
"#;

/// Which probe wrote the index's verdicts (SQLite's `user_version`). A newer probe refuses
/// files an older one let through (a zero sample rate, a pipe) and words its reasons
/// differently, so rows from before it are probed again; their arrival times are kept.
const PROBE_GENERATION: i64 = 2;

impl Index {
    pub fn open(path: &Path) -> Result<Index, IndexError> {
        let open_error = |source| IndexError::Open {
            path: path.to_path_buf(),
            source,
        };
        if let Some(folder) = path.parent() {
            // A missing data folder is created; a failure shows when SQLite opens the file.
            let _ = std::fs::create_dir_all(folder);
        }
        // A cache: a lost last write only means one more probe after a power cut.
        let connection =
            crate::sqlite::open_wal_database(path, "NORMAL", SCHEMA).map_err(open_error)?;
        let generation: i64 = connection
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(open_error)?;
        if generation < PROBE_GENERATION {
            // Content that does not read back is taken as waiting, and waiting files are
            // probed on the next scan.
            connection
                .execute_batch(&format!(
                    "BEGIN; UPDATE library_file SET content = ''; \
                     PRAGMA user_version = {PROBE_GENERATION}; COMMIT;"
                ))
                .map_err(open_error)?;
        }
        Ok(Index {
            connection,
            failing: std::cell::Cell::new(false),
        })
    }

    /// The index at `path`, or, when it cannot be opened (the data disk is full, the file
    /// is damaged), an index in memory for this run: it is a cache, and the station must
    /// stay on air without it.
    pub fn open_or_in_memory(path: &Path) -> Result<Index, IndexError> {
        match Index::open(path) {
            Ok(index) => Ok(index),
            Err(error) => {
                tracing::error!(%error, "the library index cannot be opened; wardcast keeps it in memory for this run (every file is probed once)");
                let connection = Connection::open_in_memory()
                    .and_then(|connection| connection.execute_batch(SCHEMA).map(|()| connection))
                    .map_err(|source| IndexError::Open {
                        path: path.to_path_buf(),
                        source,
                    })?;
                Ok(Index {
                    connection,
                    failing: std::cell::Cell::new(false),
                })
            }
        }
    }

    /// A failed write of the cache is said once and passed over: what the library holds in
    /// memory stays right, and a lost row only means one more probe at the next start.
    fn written(&self, result: rusqlite::Result<()>) -> Result<(), IndexError> {
        match result {
            Ok(()) => {
                if self.failing.replace(false) {
                    tracing::info!("the library index can be written again");
                }
            }
            Err(error) => {
                if !self.failing.replace(true) {
                    tracing::warn!(%error, "the library index (a cache in the data folder) cannot be written now; wardcast goes on with what it knows");
                }
            }
        }
        Ok(())
    }

    /// Every known file. A row whose content cannot be read back is treated as new.
    pub fn load(&self) -> Result<BTreeMap<PathBuf, Entry>, IndexError> {
        let mut statement = self
            .connection
            .prepare("SELECT path, name, size, modified_ns, added_ms, content FROM library_file")
            .map_err(IndexError::Read)?;
        let rows = statement
            .query_map([], |row| {
                let path: String = row.get(0)?;
                let content: String = row.get(5)?;
                Ok(Entry {
                    path: PathBuf::from(path),
                    name: row.get(1)?,
                    size: row.get::<_, i64>(2)? as u64,
                    modified_ns: row.get(3)?,
                    added_ms: row.get(4)?,
                    content: serde_json::from_str(&content).unwrap_or(Content::Waiting),
                })
            })
            .map_err(IndexError::Read)?;
        let mut entries = BTreeMap::new();
        for row in rows {
            let entry = row.map_err(IndexError::Read)?;
            entries.insert(entry.path.clone(), entry);
        }
        Ok(entries)
    }

    pub fn store(&self, entry: &Entry) -> Result<(), IndexError> {
        let content = serde_json::to_string(&entry.content).map_err(|error| {
            IndexError::Write(rusqlite::Error::ToSqlConversionFailure(error.into()))
        })?;
        let result = self.connection.execute(
            "INSERT INTO library_file (path, name, size, modified_ns, added_ms, content)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (path) DO UPDATE SET name = ?2, size = ?3, modified_ns = ?4,
                     added_ms = ?5, content = ?6",
            params![
                entry.path.to_string_lossy(),
                entry.name,
                entry.size as i64,
                entry.modified_ns,
                entry.added_ms,
                content
            ],
        );
        self.written(result.map(|_| ()))
    }

    /// Opens a transaction: thousands of rows written together cost one commit.
    pub fn begin(&self) -> Result<(), IndexError> {
        let result = self.connection.execute_batch("BEGIN");
        self.written(result)
    }

    /// Ends the transaction `begin` opened: kept when `keep`, rolled back otherwise.
    pub fn finish(&self, keep: bool) -> Result<(), IndexError> {
        let statement = if keep { "COMMIT" } else { "ROLLBACK" };
        let result = self.connection.execute_batch(statement);
        if result.is_err() && !self.connection.is_autocommit() {
            // A commit refused (a full disk) leaves the transaction open: end it, so the
            // next scan can begin its own.
            let _ = self.connection.execute_batch("ROLLBACK");
        }
        self.written(result)
    }

    pub fn remove(&self, path: &Path) -> Result<(), IndexError> {
        let result = self.connection.execute(
            "DELETE FROM library_file WHERE path = ?1",
            params![path.to_string_lossy()],
        );
        self.written(result.map(|_| ()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Rejection;

    #[test]
    fn verdicts_of_an_older_probe_are_taken_again_and_arrival_times_kept() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("library.sqlite3");
        let entry = Entry {
            path: PathBuf::from("/audio/tiep-song/x.mp3"),
            name: "x.mp3".into(),
            size: 100,
            modified_ns: 5,
            added_ms: 1_700_000_000_000,
            content: Content::Failed(Rejection::Truncated { announced: None }),
        };
        {
            let index = Index::open(&path).expect("open");
            index.store(&entry).expect("store");
        }
        let reopened = Index::open(&path).expect("reopen");
        let kept = reopened.load().expect("load");
        assert_eq!(kept.get(&entry.path), Some(&entry), "same generation: kept");
        reopened
            .connection
            .execute_batch("PRAGMA user_version = 1")
            .expect("as an older wardcast left it");
        drop(reopened);
        let upgraded = Index::open(&path).expect("open after upgrade").load();
        let again = upgraded.expect("load").remove(&entry.path).expect("row");
        assert_eq!(again.content, Content::Waiting);
        assert_eq!(again.added_ms, entry.added_ms);
    }
}
