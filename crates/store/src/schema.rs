//! The database schema and its migrations, in portable SQL.
//!
//! Every statement here is meant to run unchanged on SQLite and PostgreSQL: `TEXT`, `INTEGER`
//! and `BIGINT` columns, `CREATE … IF NOT EXISTS`, `ON CONFLICT … DO NOTHING`, `RETURNING`
//! and `$N` parameters. Two things the two disagree on are placeholders the dialect fills in:
//! how an auto-numbered primary key is spelled (`{id}`,
//! [`crate::dialect::Dialect::id_column`]), and the full-text index over articles, a statement
//! that is only `{search}` ([`crate::dialect::Dialect::search_setup`]: an FTS5 table kept by
//! triggers on SQLite, a generated `tsvector` column with a GIN index on PostgreSQL).
//! This module deliberately holds no connection settings (WAL, foreign keys, timeouts) and no
//! catalogue queries: those are dialect-specific and live in `dialect.rs`.
//!
//! Timestamps are RFC 3339 UTC text (`2026-01-06T10:00:00.000Z`), which sorts by time as
//! text in either database; dates are `YYYY-MM-DD` text.

use crate::dialect::Dialect;

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
    Migration {
        version: 3,
        statements: &[
            // A story: every report of one event. `title` is the headline of the article that
            // opened it; the span is the members' publication dates (`YYYY-MM-DD`).
            "CREATE TABLE IF NOT EXISTS stories (
            id {id},
            title TEXT NOT NULL,
            first_published TEXT,
            last_published TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )",
            "CREATE INDEX IF NOT EXISTS stories_activity ON stories (last_published, updated_at)",
            // Which story each article belongs to (one story per article), in assignment order
            // (`id`), and the article it is a wire copy of (its origin), if any.
            "CREATE TABLE IF NOT EXISTS story_members (
            id {id},
            article_id BIGINT NOT NULL UNIQUE REFERENCES articles(id),
            story_id BIGINT NOT NULL REFERENCES stories(id),
            origin_id BIGINT REFERENCES articles(id),
            score DOUBLE PRECISION NOT NULL,
            assigned_at TEXT NOT NULL
        )",
            "CREATE INDEX IF NOT EXISTS story_members_story ON story_members (story_id, id)",
            // Two stories found to be one: the old id leads to the new one.
            "CREATE TABLE IF NOT EXISTS story_merges (
            old_id BIGINT NOT NULL PRIMARY KEY REFERENCES stories(id),
            new_id BIGINT NOT NULL REFERENCES stories(id),
            merged_at TEXT NOT NULL
        )",
            // Each story's comparison, as its JSON contract, and how many members it compared;
            // deleted when a member arrives, written again when computed.
            "CREATE TABLE IF NOT EXISTS story_reports (
            story_id BIGINT NOT NULL PRIMARY KEY REFERENCES stories(id),
            members INTEGER NOT NULL,
            report_json TEXT NOT NULL,
            computed_at TEXT NOT NULL
        )",
            // Work for many workers: claimed oldest first (`FOR UPDATE SKIP LOCKED` on
            // PostgreSQL), held until `lease_until`, taken again when a lease runs out.
            // `dedup_key` makes enqueueing the same work twice one job.
            "CREATE TABLE IF NOT EXISTS jobs (
            id {id},
            kind TEXT NOT NULL,
            payload TEXT NOT NULL,
            dedup_key TEXT UNIQUE,
            state TEXT NOT NULL,
            lease_until TEXT,
            attempts INTEGER NOT NULL,
            last_error TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )",
            "CREATE INDEX IF NOT EXISTS jobs_claim ON jobs (state, id)",
            // The inputs `watch` polls: failures in a row and when to try again (backoff).
            "CREATE TABLE IF NOT EXISTS watch_sources (
            input TEXT NOT NULL PRIMARY KEY,
            failures INTEGER NOT NULL,
            next_poll_at TEXT NOT NULL,
            last_polled_at TEXT NOT NULL,
            last_error TEXT
        )",
            "{search}",
        ],
    },
    Migration {
        version: 4,
        statements: &[
            // Named leases: one holder at a time until `until` (RFC 3339 UTC), then anyone's.
            // Story assignment runs under the `cluster` lease, so workers on many machines
            // place articles one at a time.
            "CREATE TABLE IF NOT EXISTS leases (
            name TEXT NOT NULL PRIMARY KEY,
            holder TEXT NOT NULL,
            until TEXT NOT NULL
        )",
        ],
    },
    Migration {
        version: 5,
        statements: &[
            // What the story list shows of a story's comparison without reading its JSON:
            // its conflicts and its claims only one source reports (NULL for a comparison
            // cached before this version, until it is computed again).
            "ALTER TABLE story_reports ADD COLUMN conflicts INTEGER",
            "ALTER TABLE story_reports ADD COLUMN single_source INTEGER",
            // The story list's outlet filter.
            "CREATE INDEX IF NOT EXISTS articles_outlet ON articles (outlet)",
        ],
    },
    Migration {
        version: 6,
        statements: &[
            // Feeds added through the web app's API, which `serve --watch` polls beside the
            // ones given on its command line.
            "CREATE TABLE IF NOT EXISTS feeds (
            id {id},
            input TEXT NOT NULL UNIQUE,
            added_at TEXT NOT NULL
        )",
        ],
    },
];

/// The newest schema version this build knows.
pub(crate) fn latest_version() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// A migration statement in the dialect's spelling: its key column filled in, or, for the
/// `{search}` statement, the dialect's full-text index.
pub(crate) fn expand(statement: &str, dialect: Dialect) -> String {
    if statement == "{search}" {
        return dialect.search_setup().to_string();
    }
    statement.replace("{id}", dialect.id_column())
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
        assert!(expand(MIGRATIONS[0].statements[0], Dialect::Postgres).contains("id BIGSERIAL"));
        assert!(expand("{search}", Dialect::Sqlite).contains("fts5"));
        assert!(expand("{search}", Dialect::Postgres).contains("tsvector"));
    }
}
