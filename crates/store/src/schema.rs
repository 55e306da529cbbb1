//! The database schema and its migrations, in portable SQL.
//!
//! Every statement here is meant to run unchanged on SQLite and PostgreSQL: `TEXT`, `INTEGER`
//! and `BIGINT` columns, `CREATE … IF NOT EXISTS`, `ON CONFLICT … DO NOTHING`, `RETURNING`
//! and `$N` parameters. The one thing the two disagree on, how an auto-numbered primary key
//! is spelled, is the `{id}` placeholder that [`crate::dialect::Dialect::id_column`] fills in.
//! This module deliberately holds no connection settings (WAL, foreign keys, timeouts) and no
//! catalogue queries: those are dialect-specific and live in `dialect.rs`.
//!
//! Timestamps are RFC 3339 UTC text (`2026-01-06T10:00:00.000Z`), which sorts by time as
//! text in either database; dates are `YYYY-MM-DD` text.

/// One schema version: the statements that take the database from the previous version to it.
pub(crate) struct Migration {
    /// The version reached once the statements have run.
    pub version: i64,
    /// The statements, in order; `{id}` stands for the dialect's auto-numbered key column.
    pub statements: &'static [&'static str],
}

/// The table that records which migrations have run (one row per applied version).
pub(crate) const VERSION_TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL)";

/// Every migration, oldest first. Append new versions; never edit one that has shipped.
pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        statements: &[
            "CREATE TABLE IF NOT EXISTS articles (
            id {id},
            content_hash TEXT NOT NULL UNIQUE,
            input TEXT NOT NULL,
            outlet TEXT,
            outlet_provenance TEXT,
            url TEXT,
            title TEXT,
            title_provenance TEXT,
            byline TEXT,
            byline_provenance TEXT,
            published TEXT,
            published_provenance TEXT,
            language TEXT,
            text TEXT NOT NULL,
            paragraphs_json TEXT NOT NULL,
            created_at TEXT NOT NULL
        )",
            "CREATE TABLE IF NOT EXISTS reports (
            id {id},
            created_at TEXT NOT NULL,
            schema_version TEXT NOT NULL,
            title TEXT NOT NULL,
            agreed INTEGER NOT NULL,
            conflicts INTEGER NOT NULL,
            report_json TEXT NOT NULL
        )",
            "CREATE TABLE IF NOT EXISTS report_articles (
            report_id BIGINT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
            article_id BIGINT NOT NULL REFERENCES articles(id),
            position INTEGER NOT NULL,
            outlet TEXT NOT NULL,
            PRIMARY KEY (report_id, position)
        )",
            "CREATE INDEX IF NOT EXISTS reports_created_at ON reports (created_at)",
            "CREATE INDEX IF NOT EXISTS report_articles_article ON report_articles (article_id)",
        ],
    },
    Migration {
        version: 2,
        statements: &[
            // One row per canonical URL ingest has seen: what happened last time, and the
            // validators for a conditional GET next time. `article_id` is the stored article the
            // URL yielded (a duplicate's points at the first copy).
            "CREATE TABLE IF NOT EXISTS fetch_state (
            canonical_url TEXT NOT NULL PRIMARY KEY,
            url TEXT NOT NULL,
            final_url TEXT,
            kind TEXT NOT NULL,
            outcome TEXT NOT NULL,
            http_status INTEGER,
            etag TEXT,
            last_modified TEXT,
            content_hash TEXT,
            article_id BIGINT REFERENCES articles(id),
            error TEXT,
            fetched_at TEXT NOT NULL
        )",
            "CREATE INDEX IF NOT EXISTS fetch_state_article ON fetch_state (article_id)",
            // Near-copies (syndicated wire copy): an article and the earlier one it copies.
            "CREATE TABLE IF NOT EXISTS article_links (
            article_id BIGINT NOT NULL REFERENCES articles(id),
            origin_id BIGINT NOT NULL REFERENCES articles(id),
            kind TEXT NOT NULL,
            similarity DOUBLE PRECISION NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (article_id, origin_id)
        )",
            "CREATE INDEX IF NOT EXISTS article_links_origin ON article_links (origin_id)",
            // MinHash signatures of stored articles, so a later run finds near-copies of them.
            "CREATE TABLE IF NOT EXISTS article_signatures (
            article_id BIGINT NOT NULL PRIMARY KEY REFERENCES articles(id),
            signature TEXT NOT NULL
        )",
        ],
    },
];

/// The newest schema version this build knows.
pub(crate) fn latest_version() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// A migration statement with the dialect's key column filled in.
pub(crate) fn expand(statement: &str, id_column: &str) -> String {
    statement.replace("{id}", id_column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_numbered_in_order_from_one() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version, i as i64 + 1);
            assert!(!m.statements.is_empty());
        }
        assert_eq!(latest_version(), MIGRATIONS.len() as i64);
    }

    #[test]
    fn statements_stay_portable() {
        // SQLite-only spellings must not creep into the shared schema.
        for m in MIGRATIONS {
            for s in m.statements {
                let upper = s.to_uppercase();
                for bad in [
                    "AUTOINCREMENT",
                    "PRAGMA",
                    "INSERT OR",
                    "WITHOUT ROWID",
                    "STRICT",
                ] {
                    assert!(!upper.contains(bad), "{bad} in {s}");
                }
            }
        }
        assert!(
            expand(MIGRATIONS[0].statements[0], "BIGSERIAL PRIMARY KEY").contains("id BIGSERIAL")
        );
    }
}
