//! Everything that differs between SQLite and PostgreSQL, kept in one small module: the rest of
//! the store (the migrations in `schema.rs`, the queries in `lib.rs` and `crawl.rs`) is one text
//! for both.
//!
//! What differs, and what does not:
//! - the auto-numbered key column: `INTEGER PRIMARY KEY` (SQLite's rowid alias) against
//!   `BIGSERIAL PRIMARY KEY`;
//! - how a writing transaction starts: `BEGIN IMMEDIATE` takes SQLite's write lock up front (a
//!   deferred one can fail with "database is locked" halfway, without waiting); PostgreSQL locks
//!   rows as it writes them;
//! - connection settings: SQLite's pragmas (WAL journal, foreign keys, busy timeout); PostgreSQL
//!   has none to set (it always logs ahead and always checks foreign keys);
//! - the catalogue query that tells an empty database from someone else's (`sqlite_master`
//!   against `pg_tables` in the current schema);
//! - locking: PostgreSQL takes an advisory lock around migrations, so workers on several
//!   machines starting at once migrate one at a time; one SQLite file is serialised by
//!   `BEGIN IMMEDIATE` and the version re-read inside each migration's transaction;
//! - error codes: SQLite's "not a database", PostgreSQL's deadlock and serialization failure
//!   (the transaction is retried). Neither needs its unique-violation code: every insert that
//!   can meet an existing key says `ON CONFLICT`, so two workers saving the same article both
//!   get its id instead of one getting an error.
//! - full-text search over articles: an FTS5 table (`articles_search`, Porter-stemmed, kept
//!   in step with `articles` by triggers) on SQLite, a generated `tsvector` column (English
//!   configuration) with a GIN index on PostgreSQL; and the query each answers with ranked ids;
//! - claiming a job: PostgreSQL's `FOR UPDATE SKIP LOCKED` lets many workers take different
//!   jobs at once without waiting on each other; SQLite has one writer at a time
//!   (`BEGIN IMMEDIATE`), so the plain `SELECT` in that transaction is already exclusive.
//! - the same in both: `$N` placeholders (SQLite reads `$1` as a parameter named `$1`, numbered
//!   in order of appearance, so every statement uses them in order), `ON CONFLICT (…) DO
//!   NOTHING`, `ON CONFLICT (…) DO UPDATE SET … = excluded.…` and `RETURNING` (SQLite 3.35+).
//!
//! It deliberately holds no table definitions or queries of the store's own data.

use rusqlite::Connection;

/// Which database a store talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// SQLite through rusqlite (a file, or memory).
    Sqlite,
    /// PostgreSQL through the `postgres` crate.
    Postgres,
}

/// Key of the advisory lock held around migrations (`"parl"` in ASCII); the second half of
/// the key is a hash of the schema, so stores in different schemas migrate independently.
const MIGRATION_LOCK_CLASS: i32 = 0x7061_726c;

/// How long a SQLite writer waits for another connection's lock before giving up.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

impl Dialect {
    /// Column definition of an auto-numbered 64-bit primary key.
    pub(crate) fn id_column(self) -> &'static str {
        match self {
            Dialect::Sqlite => "INTEGER PRIMARY KEY",
            Dialect::Postgres => "BIGSERIAL PRIMARY KEY",
        }
    }

    /// The statement that opens a transaction that will write.
    pub(crate) fn begin_write(self) -> &'static str {
        match self {
            Dialect::Sqlite => "BEGIN IMMEDIATE",
            Dialect::Postgres => "BEGIN",
        }
    }

    /// Names of the tables in the store's namespace (the SQLite file; PostgreSQL's current
    /// schema), in name order, as one text column.
    pub(crate) fn user_tables_query(self) -> &'static str {
        match self {
            Dialect::Sqlite => {
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            }
            Dialect::Postgres => {
                "SELECT tablename::text FROM pg_catalog.pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
            }
        }
    }

    /// Statement that waits for the migration lock (session-wide), if the dialect needs one.
    pub(crate) fn migration_lock(self) -> Option<String> {
        match self {
            Dialect::Sqlite => None,
            Dialect::Postgres => Some(format!(
                "SELECT pg_advisory_lock({MIGRATION_LOCK_CLASS}, hashtext(COALESCE(current_schema(), '')))"
            )),
        }
    }

    /// Statement that releases what [`Dialect::migration_lock`] took.
    pub(crate) fn migration_unlock(self) -> Option<String> {
        match self {
            Dialect::Sqlite => None,
            Dialect::Postgres => Some(format!(
                "SELECT pg_advisory_unlock({MIGRATION_LOCK_CLASS}, hashtext(COALESCE(current_schema(), '')))"
            )),
        }
    }

    /// The statements (run as one batch) that build the full-text index over articles' titles
    /// and texts, index the articles already stored, and keep it current as articles arrive.
    pub(crate) fn search_setup(self) -> &'static str {
        match self {
            Dialect::Sqlite => {
                "CREATE VIRTUAL TABLE IF NOT EXISTS articles_search USING fts5(title, text, content='articles', content_rowid='id', tokenize='porter unicode61');
                 CREATE TRIGGER IF NOT EXISTS articles_search_insert AFTER INSERT ON articles BEGIN
                     INSERT INTO articles_search (rowid, title, text) VALUES (new.id, new.title, new.text);
                 END;
                 CREATE TRIGGER IF NOT EXISTS articles_search_delete AFTER DELETE ON articles BEGIN
                     INSERT INTO articles_search (articles_search, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
                 END;
                 INSERT INTO articles_search (articles_search) VALUES ('rebuild');"
            }
            Dialect::Postgres => {
                "ALTER TABLE articles ADD COLUMN IF NOT EXISTS search tsvector GENERATED ALWAYS AS (to_tsvector('english', COALESCE(title, '') || ' ' || text)) STORED;
                 CREATE INDEX IF NOT EXISTS articles_search ON articles USING GIN (search);"
            }
        }
    }

    /// The query giving `(article id)` rows that match the search text `$1`, best first (ties
    /// by id), at most `$2`. `$1` is what [`Dialect::search_text`] made of the user's words.
    pub(crate) fn search_query(self) -> &'static str {
        match self {
            Dialect::Sqlite => {
                "SELECT rowid FROM articles_search WHERE articles_search MATCH $1
                 ORDER BY bm25(articles_search), rowid LIMIT $2"
            }
            Dialect::Postgres => {
                "SELECT id FROM articles WHERE search @@ plainto_tsquery('english', $1)
                 ORDER BY ts_rank(search, plainto_tsquery('english', $1)) DESC, id LIMIT $2"
            }
        }
    }

    /// The user's words as this dialect's search text: for FTS5 each word quoted (so no word
    /// is read as an operator or column name; all must match); PostgreSQL's `plainto_tsquery`
    /// takes plain words as they are. `None` when no word is left.
    pub(crate) fn search_text(self, query: &str) -> Option<String> {
        let words: Vec<&str> = query
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        if words.is_empty() {
            return None;
        }
        Some(match self {
            Dialect::Sqlite => words
                .iter()
                .map(|w| format!("\"{w}\""))
                .collect::<Vec<_>>()
                .join(" "),
            Dialect::Postgres => words.join(" "),
        })
    }

    /// What ends the `SELECT` that picks the job to claim: row locks that other workers skip
    /// on PostgreSQL; nothing on SQLite (its writing transaction is exclusive already).
    pub(crate) fn claim_lock(self) -> &'static str {
        match self {
            Dialect::Sqlite => "",
            Dialect::Postgres => " FOR UPDATE SKIP LOCKED",
        }
    }

    /// The query naming the schema new tables go to (PostgreSQL only; `NULL` when no schema
    /// of the `search_path` exists).
    pub(crate) fn current_schema_query(self) -> Option<&'static str> {
        match self {
            Dialect::Sqlite => None,
            Dialect::Postgres => Some("SELECT current_schema()::text"),
        }
    }
}

/// SQLite per-connection settings: write-ahead log (file databases only), foreign keys, busy
/// timeout.
pub(crate) fn configure_sqlite(conn: &Connection, in_memory: bool) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    if !in_memory {
        // Returns the mode in force; a read-only medium may refuse WAL, which is not an error.
        // Switching a new file to WAL while other connections open it too can fail with
        // "database is locked" without waiting (the busy handler is not called for it), so it
        // is tried again for as long as the busy timeout.
        let start = std::time::Instant::now();
        loop {
            match conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get::<_, String>(0)) {
                Ok(_mode) => break,
                Err(e)
                    if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                        && start.elapsed() < BUSY_TIMEOUT =>
                {
                    std::thread::sleep(std::time::Duration::from_millis(5));
                }
                Err(e) => return Err(e),
            }
        }
        conn.pragma_update(None, "synchronous", "NORMAL")?;
    }
    Ok(())
}

/// SQLite's journal mode in force (`wal` for file databases, `memory` in memory).
pub(crate) fn sqlite_journal_mode(conn: &Connection) -> rusqlite::Result<String> {
    conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))
}

/// True when the SQLite error means the file is not a SQLite database (or is damaged).
pub(crate) fn sqlite_not_a_database(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
    )
}

/// True when a PostgreSQL transaction failed only because a concurrent one got in its way
/// (deadlock detected, serialization failure): running it again is the cure.
pub(crate) fn pg_retryable(e: &postgres::Error) -> bool {
    use postgres::error::SqlState;
    e.code().is_some_and(|c| {
        *c == SqlState::T_R_DEADLOCK_DETECTED || *c == SqlState::T_R_SERIALIZATION_FAILURE
    })
}

/// True when a PostgreSQL error means the connection is gone: closed, broken (an I/O error),
/// or ended by the server (a `FATAL` message: shutdown, an administrator, an idle timeout).
pub(crate) fn pg_connection_lost(e: &postgres::Error) -> bool {
    use postgres::error::Severity;
    use std::error::Error as _;
    e.is_closed()
        || e.as_db_error()
            .is_some_and(|d| matches!(d.parsed_severity(), Some(Severity::Fatal | Severity::Panic)))
        || e.source().is_some_and(|s| s.is::<std::io::Error>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_dialects_differ_only_where_they_must() {
        assert_eq!(Dialect::Sqlite.id_column(), "INTEGER PRIMARY KEY");
        assert_eq!(Dialect::Postgres.id_column(), "BIGSERIAL PRIMARY KEY");
        assert!(Dialect::Sqlite.migration_lock().is_none());
        let lock = Dialect::Postgres.migration_lock().unwrap_or_default();
        let unlock = Dialect::Postgres.migration_unlock().unwrap_or_default();
        assert_eq!(
            lock.replace("pg_advisory_lock", "pg_advisory_unlock"),
            unlock
        );
        assert!(Dialect::Sqlite.current_schema_query().is_none());
        assert_eq!(Dialect::Sqlite.claim_lock(), "");
        assert!(Dialect::Postgres.claim_lock().contains("SKIP LOCKED"));
    }

    #[test]
    fn search_words_are_quoted_for_fts5() {
        assert_eq!(
            Dialect::Sqlite
                .search_text("ferry AND (NEAR \"x\")")
                .as_deref(),
            Some("\"ferry\" \"AND\" \"NEAR\" \"x\"")
        );
        assert_eq!(
            Dialect::Postgres.search_text("ferry, ramp").as_deref(),
            Some("ferry ramp")
        );
        assert_eq!(Dialect::Sqlite.search_text(" -- "), None);
    }
}
