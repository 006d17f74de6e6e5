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
            crate::ledger::open_wal_database(path, "NORMAL", SCHEMA).map_err(open_error)?;
        Ok(Index { connection })
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
        self.connection
            .execute(
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
            )
            .map(|_| ())
            .map_err(IndexError::Write)
    }

    /// Opens a transaction: thousands of rows written together cost one commit.
    pub fn begin(&self) -> Result<(), IndexError> {
        self.connection
            .execute_batch("BEGIN")
            .map_err(IndexError::Write)
    }

    /// Ends the transaction `begin` opened: kept when `keep`, rolled back otherwise.
    pub fn finish(&self, keep: bool) -> Result<(), IndexError> {
        let statement = if keep { "COMMIT" } else { "ROLLBACK" };
        self.connection
            .execute_batch(statement)
            .map_err(IndexError::Write)
    }

    pub fn remove(&self, path: &Path) -> Result<(), IndexError> {
        self.connection
            .execute(
                "DELETE FROM library_file WHERE path = ?1",
                params![path.to_string_lossy()],
            )
            .map(|_| ())
            .map_err(IndexError::Write)
    }
}
