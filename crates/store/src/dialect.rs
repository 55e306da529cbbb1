//! Everything SQLite-specific in the store, kept in one small module so that a PostgreSQL
//! backend replaces this file and nothing else.
//!
//! Owns: the auto-numbered key column, connection settings (WAL journal, foreign keys, busy
//! timeout), the catalogue query that tells an empty database from someone else's, and the
//! reading of SQLite's error codes. It deliberately holds no table definitions or queries:
//! those are portable and live in `schema.rs` and `lib.rs`.
//!
//! PostgreSQL equivalents, for the port: `ID_COLUMN` becomes
//! `BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY`; WAL and foreign keys are always on;
//! `user_tables` reads `information_schema.tables` for the current schema.

use rusqlite::Connection;

/// Column definition of an auto-numbered primary key (SQLite's rowid alias).
pub(crate) const ID_COLUMN: &str = "INTEGER PRIMARY KEY";

/// How long a writer waits for another connection's lock before giving up.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Per-connection settings: write-ahead log (file databases only), foreign keys, busy timeout.
pub(crate) fn configure(conn: &Connection, in_memory: bool) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    if !in_memory {
        // Returns the mode in force; a read-only medium may refuse WAL, which is not an error.
        let _mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
    }
    Ok(())
}

/// The journal mode in force (`wal` for file databases).
pub(crate) fn journal_mode(conn: &Connection) -> rusqlite::Result<String> {
    conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))
}

/// Names of the tables in the database, in name order.
pub(crate) fn user_tables(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    rows.collect()
}

/// True when the error means the file is not a SQLite database (or is damaged).
pub(crate) fn is_not_a_database(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
    )
}
