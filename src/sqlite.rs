//! How wardcast opens its SQLite files (the airing log and the library index): WAL mode,
//! a busy timeout, and write-ahead files kept so a full disk does not stop a restart.

use std::path::Path;

use rusqlite::Connection;

/// Opens (creating when missing) a SQLite file of wardcast's in WAL mode with the given
/// `synchronous` level and schema, waiting up to 5 s for another process's lock.
pub fn open_wal_database(
    path: &Path,
    synchronous: &str,
    schema: &str,
) -> rusqlite::Result<Connection> {
    let connection = Connection::open(path)?;
    connection.busy_timeout(std::time::Duration::from_secs(5))?;
    connection.pragma_update(None, "journal_mode", "WAL")?;
    keep_wal_files(&connection);
    connection.pragma_update(None, "synchronous", synchronous)?;
    connection.execute_batch(schema)?;
    Ok(connection)
}

/// Asks SQLite to keep the write-ahead and shared-memory files when the last connection
/// closes, instead of deleting them: opening the file again then needs no new file on
/// the disk, so wardcast starts (and keeps airing) on a data disk that has filled up.
fn keep_wal_files(connection: &Connection) {
    let mut keep: std::ffi::c_int = 1;
    // SAFETY: the handle is this open connection's, used on this thread only for the call;
    // "main" is a NUL-terminated name; SQLITE_FCNTL_PERSIST_WAL takes a pointer to an int
    // that lives across the call.
    let code = unsafe {
        rusqlite::ffi::sqlite3_file_control(
            connection.handle(),
            c"main".as_ptr(),
            rusqlite::ffi::SQLITE_FCNTL_PERSIST_WAL,
            (&raw mut keep).cast::<std::ffi::c_void>(),
        )
    };
    if code != rusqlite::ffi::SQLITE_OK {
        tracing::debug!(code, "SQLite does not keep the write-ahead file here");
    }
}
