//! Widening a log made before recordings and downloads, or before the console's records,
//! were logged, so that it takes their `received` and `console` records: the two columns
//! only they fill (`source`, `item_key`; a console record keeps its user in `source`), the
//! table's CHECK on `kind` loosened to admit both kinds, and two small partial indexes that
//! let a report ask at once whether a period holds any received record or relayed airing.
//! Done when the log is opened for writing (and tried again before such a record while it
//! could not be); a log opened to read is never changed, and no record is touched.
//!
//! The CHECK is loosened as SQLite documents for dropping or loosening a constraint that
//! does not change how rows are stored (lang_altertable.html, "Making Other Kinds Of Table
//! Schema Changes", the simpler procedure that uses `PRAGMA writable_schema`): in one write
//! transaction, the table's text in `sqlite_schema` is edited and the schema version
//! raised by one, so every connection reads the new text. It was chosen over the 12-step
//! rebuild (a new table, every row copied, the old one dropped) because no record is
//! rewritten or moved: the evidence stays in the very pages it was written to, the change
//! costs no time or space however large the log (a rebuild needs the log's size again on a
//! disk that may be nearly full, and seconds per million records), and the append-only
//! triggers are never dropped. Its one risk, a table text SQLite cannot read back, is ruled
//! out before anything is written: only an exact CHECK wardcast wrote is replaced, the new
//! text is first made into a table of a blank in-memory database that must come out with
//! the same columns and take a `received` and a `console` row, and any error rolls the
//! transaction back. A log of either earlier CHECK is widened the same way, in one step.

use rusqlite::{Connection, OptionalExtension, Transaction};

/// The CHECK on `kind` of every log made before received records.
const OLD_KIND_CHECK: &str = "CHECK (kind IN ('start', 'end', 'not_aired'))";
/// The CHECK on `kind` of the logs made after received records and before console ones.
const RECEIVED_KIND_CHECK: &str = "CHECK (kind IN ('start', 'end', 'not_aired', 'received'))";
/// The earlier CHECKs, each replaced by `KIND_CHECK`.
const EARLIER_KIND_CHECKS: [&str; 2] = [OLD_KIND_CHECK, RECEIVED_KIND_CHECK];
/// The CHECK on `kind` that admits every kind: the one `open::SCHEMA` makes.
pub(super) const KIND_CHECK: &str =
    "CHECK (kind IN ('start', 'end', 'not_aired', 'received', 'console'))";

/// The partial indexes of received records, relayed airings, console records (the log
/// page lists these apart, newest first, without reading the airings), and of the records
/// of what did not go well (the log page's filter by such an outcome reads only them, not
/// every airing: they are few).
const INDEXES: &str = "
CREATE INDEX IF NOT EXISTS ledger_record_received
    ON ledger_record (COALESCE(scheduled_ms, at_ms)) WHERE kind = 'received';
CREATE INDEX IF NOT EXISTS ledger_record_relayed
    ON ledger_record (airing) WHERE kind = 'end' AND instr(evidence, '\"relay\":') > 0;
CREATE INDEX IF NOT EXISTS ledger_record_console
    ON ledger_record (at_ms) WHERE kind = 'console';
CREATE INDEX IF NOT EXISTS ledger_record_unhappy
    ON ledger_record (outcome, airing)
    WHERE outcome IN ('missed', 'failed', 'interrupted', 'partial');
";
const INDEX_NAMES: [&str; 4] = [
    "ledger_record_received",
    "ledger_record_relayed",
    "ledger_record_console",
    "ledger_record_unhappy",
];

/// Whether the log's table has the columns of a received record.
pub(super) fn has_received_columns(connection: &Connection) -> bool {
    connection
        .prepare("SELECT source, item_key FROM ledger_record LIMIT 0")
        .is_ok()
}

/// The columns of a received record as a query on `connection` selects them for the
/// record named `table`: NULL for a log from before them, which a reader must not change.
pub(super) fn received_columns(connection: &Connection, table: &str) -> String {
    if has_received_columns(connection) {
        format!("{table}.source, {table}.item_key")
    } else {
        "NULL, NULL".to_string()
    }
}

/// Whether `name` is an index of the log.
pub(super) fn has_index(connection: &Connection, name: &str) -> bool {
    connection
        .query_row(
            "SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?1",
            [name],
            |_| Ok(()),
        )
        .optional()
        .is_ok_and(|found| found.is_some())
}

/// The log's table as its `CREATE TABLE` text.
fn table_sql(connection: &Connection) -> rusqlite::Result<Option<String>> {
    connection
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'ledger_record'",
            [],
            |row| row.get(0),
        )
        .optional()
}

/// Whether the log takes received and console records and has everything that goes with
/// them.
pub(super) fn takes_received(connection: &Connection) -> bool {
    has_received_columns(connection)
        && table_sql(connection).is_ok_and(|sql| sql.is_some_and(|sql| sql.contains(KIND_CHECK)))
        && INDEX_NAMES.iter().all(|name| has_index(connection, name))
}

/// Brings the log up to received and console records (see the module's note); whether it
/// can take them now. Checked again inside the write lock: another wardcast may have done it.
pub(super) fn widen_for_received(connection: &mut Connection) -> rusqlite::Result<()> {
    if takes_received(connection) {
        return Ok(());
    }
    let transaction =
        connection.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    if !takes_received(&transaction) {
        if !has_received_columns(&transaction) {
            transaction.execute_batch(
                "ALTER TABLE ledger_record ADD COLUMN source TEXT;
                 ALTER TABLE ledger_record ADD COLUMN item_key TEXT;",
            )?;
        }
        loosen_kind_check(&transaction)?;
        transaction.execute_batch(INDEXES)?;
    }
    transaction.commit()
}

/// Replaces the earlier CHECK on `kind` in the table's text with one that admits
/// `received` and `console`.
fn loosen_kind_check(transaction: &Transaction<'_>) -> rusqlite::Result<()> {
    let Some(sql) = table_sql(transaction)? else {
        return Err(not_as_made("the table is missing"));
    };
    if sql.contains(KIND_CHECK) {
        return Ok(());
    }
    let found: Vec<&str> = EARLIER_KIND_CHECKS
        .into_iter()
        .filter(|check| sql.contains(check))
        .collect();
    let earlier = match found[..] {
        [one] if sql.matches(one).count() == 1 => one,
        _ => {
            return Err(not_as_made(
                "its CHECK on kind is not the one wardcast wrote",
            ))
        }
    };
    let widened = sql.replacen(earlier, KIND_CHECK, 1);
    try_on_blank(&widened, &columns(transaction)?)?;
    let version: i64 = transaction.pragma_query_value(None, "schema_version", |row| row.get(0))?;
    transaction.pragma_update(None, "writable_schema", true)?;
    let edited = transaction.execute(
        "UPDATE sqlite_schema SET sql = ?1
         WHERE type = 'table' AND name = 'ledger_record' AND sql = ?2",
        [&widened, &sql],
    );
    // Off again whatever happened: the setting belongs to the connection, not the
    // transaction.
    let off = transaction.pragma_update(None, "writable_schema", false);
    if edited? != 1 {
        return Err(not_as_made("its text changed while it was edited"));
    }
    off?;
    transaction.pragma_update(None, "schema_version", version + 1)
}

/// Each column of the log's table as SQLite reads it: name, type, NOT NULL, default,
/// primary key.
type Columns = Vec<(String, String, bool, Option<String>, i64)>;

fn columns(connection: &Connection) -> rusqlite::Result<Columns> {
    let mut statement = connection.prepare("PRAGMA table_info(ledger_record)")?;
    let rows = statement.query_map([], |row| {
        Ok((
            row.get(1)?,
            row.get(2)?,
            row.get(3)?,
            row.get(4)?,
            row.get(5)?,
        ))
    })?;
    rows.collect()
}

/// Makes the table from `sql` in a blank in-memory database: it must be read, have exactly
/// `expected` columns, and take a `received` and a `console` row.
fn try_on_blank(sql: &str, expected: &Columns) -> rusqlite::Result<()> {
    let blank = Connection::open_in_memory()?;
    blank.execute_batch(sql)?;
    if columns(&blank)? != *expected {
        return Err(not_as_made(
            "the widened table would not have the same columns",
        ));
    }
    blank.execute(
        "INSERT INTO ledger_record (airing, kind, programme, trigger, at, at_ms, prev_hash, hash)
         VALUES (1, 'received', 'p', 'download', 't', 0, '', ''),
                (2, 'console', 'console', 'console', 't', 0, '', '')",
        [],
    )?;
    Ok(())
}

/// The error of a log whose table is not as a wardcast made it, so it cannot be widened.
fn not_as_made(what: &str) -> rusqlite::Error {
    rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_ERROR),
        Some(format!(
            "the airing log's table cannot take records of recordings, downloads and the \
             console: {what}"
        )),
    )
}

#[cfg(test)]
mod tests;
