//! Saved articles and reports: a SQLite file (the default) or a PostgreSQL database, with one
//! versioned, portable schema.
//!
//! Owns the `articles`, `reports` and `report_articles` tables, ingestion's `fetch_state`,
//! `article_links` and `article_signatures` (see `crawl.rs`), the story stream's `stories`,
//! `story_members`, `story_merges`, `story_reports`, `jobs` and `watch_sources` and the
//! full-text index over articles (see `stories.rs`), their migrations, and the
//! mapping between them and [`Article`] / [`Report`]. Articles are stored once per distinct
//! text (a SHA-256 content hash); a report is stored whole as its JSON contract plus a few
//! columns for listing. This crate is I/O: it opens files and connections and reads the clock
//! for `created_at` unless the caller passes one. It deliberately does not compare, render or
//! serve anything, and it never rewrites a report: what is loaded is what was saved. It is the
//! only crate that speaks SQL.
//!
//! The SQL is written once (see `schema.rs`) and runs through `conn.rs`, the only module that
//! calls a driver; what differs between SQLite and PostgreSQL (key column, pragmas, catalogue,
//! locks, error codes) lives in `dialect.rs`. Many workers on many machines can share one
//! PostgreSQL database: migrations take an advisory lock, a report is saved in one transaction,
//! and two workers saving the same article get the same id.
//!
//! ```
//! use parallax_core::Article;
//! let mut store = parallax_store::Store::open_in_memory().unwrap();
//! let a = Article::from_text("a1", "The ferry resumed service on Monday.");
//! let id = store.save_article(&a).unwrap();
//! assert_eq!(store.save_article(&a).unwrap(), id, "same text, same row");
//! assert_eq!(store.article(id).unwrap().unwrap().text, a.text);
//! ```
#![deny(missing_docs)]

mod conn;
mod crawl;
mod dialect;
mod schema;
mod stories;

pub use conn::{is_postgres_url, redact};
pub use crawl::{FetchState, NearCopy};
pub use stories::{
    CachedReport, Feed, Job, Membership, SearchHit, SourceState, StoryArticle, StoryFilter,
    StoryListItem, StoryRef, StorySummary,
};

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use parallax_core::{Article, Paragraph, Provenance, Report, Sourced};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::conn::{Conn, params};
use crate::dialect::Dialect;

/// Why a store operation failed. Every message is one line, and none shows a password.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file exists but is not a SQLite database, or the database (the PostgreSQL schema)
    /// holds another program's tables.
    #[error("{path}: not a Parallax database ({reason})")]
    NotADatabase {
        /// The file, or the PostgreSQL URL without its password.
        path: String,
        /// What was found instead.
        reason: String,
    },
    /// The database was written by a newer Parallax.
    #[error(
        "{path}: database schema version {found} is newer than this build supports ({supported})"
    )]
    TooNew {
        /// The file, or the PostgreSQL URL without its password.
        path: String,
        /// Version found in the database.
        found: i64,
        /// Newest version this build knows.
        supported: i64,
    },
    /// The database could not be opened or created (missing folder, permissions, a malformed
    /// PostgreSQL URL, no schema to create tables in).
    #[error("{path}: cannot open database: {reason}")]
    Open {
        /// The file, or the PostgreSQL URL without its password.
        path: String,
        /// The one-line reason.
        reason: String,
    },
    /// The PostgreSQL server could not be reached or refused the connection.
    #[error("cannot connect to PostgreSQL at {server}: {reason}")]
    Connect {
        /// `host:port` (never the password).
        server: String,
        /// The one-line reason.
        reason: String,
    },
    /// A stored row could not be read back into its type.
    #[error("stored {what} {id} is unreadable: {reason}")]
    Corrupt {
        /// `report` or `article`.
        what: &'static str,
        /// Its row id.
        id: i64,
        /// The one-line reason.
        reason: String,
    },
    /// Concurrent writers deadlocked on PostgreSQL, and running the transaction again five
    /// times did not get it through.
    #[error("database conflict with a concurrent writer: {0}")]
    Conflict(String),
    /// Any other database error.
    #[error("database error: {0}")]
    Sql(String),
}

/// Result of a store operation.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// One line of a saved-report listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ReportSummary {
    /// Row id (`report(id)` loads it).
    pub id: i64,
    /// When it was saved, RFC 3339 UTC.
    pub created_at: String,
    /// The first source's headline, or the outlets joined when no source has one.
    pub title: String,
    /// Outlets compared, in input order.
    pub outlets: Vec<String>,
    /// Number of facts reported by two or more sources.
    pub agreed: usize,
    /// Number of conflicts.
    pub conflicts: usize,
}

impl std::fmt::Display for ReportSummary {
    /// One line: `3  2026-03-04 10:00  Lantern, Sentinel  5 agreed, 1 conflict  Title`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let when = self.created_at.get(..16).unwrap_or(&self.created_at);
        let plural = if self.conflicts == 1 { "" } else { "s" };
        write!(
            f,
            "{:>4}  {}  {}  {} agreed, {} conflict{plural}  {}",
            self.id,
            when.replace('T', " "),
            self.outlets.join(", "),
            self.agreed,
            self.conflicts,
            self.title.replace(['\n', '\r'], " ")
        )
    }
}

/// A Parallax database: a SQLite file (or memory), or a PostgreSQL database.
///
/// Not `Sync`: share one behind a `Mutex`, or open one per thread (SQLite files are in WAL
/// mode, so readers do not block the writer; each PostgreSQL store is one connection).
pub struct Store {
    conn: Conn,
    /// Where it is, fit to print (a PostgreSQL URL without its password).
    location: String,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.backend())
            .field("location", &self.location)
            .finish()
    }
}

impl Store {
    /// Open the database at `location` and bring its schema up to date: a
    /// `postgres://` or `postgresql://` URL connects to PostgreSQL ([`Store::connect`]),
    /// anything else is a SQLite file, created if missing ([`Store::open_sqlite`]).
    pub fn open(location: impl AsRef<Path>) -> Result<Store> {
        let location = location.as_ref();
        match location.to_str() {
            Some(url) if is_postgres_url(url) => Store::connect(url),
            _ => Store::open_sqlite(location),
        }
    }

    /// Open (creating if needed) the SQLite database file at `path`.
    pub fn open_sqlite(path: impl AsRef<Path>) -> Result<Store> {
        let path: PathBuf = path.as_ref().to_path_buf();
        let shown = path.display().to_string();
        if path.is_dir() {
            return Err(StoreError::Open {
                path: shown,
                reason: "is a directory".into(),
            });
        }
        // A missing folder is said as such, not as the driver's "unable to open database file".
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
            && !parent.is_dir()
        {
            return Err(StoreError::Open {
                path: shown,
                reason: format!(
                    "the folder {} does not exist; create it first or give another path",
                    parent.display()
                ),
            });
        }
        let conn = rusqlite::Connection::open(&path).map_err(|e| StoreError::Open {
            path: shown.clone(),
            reason: one_line(&e.to_string()),
        })?;
        Store::init_sqlite(conn, shown, false)
    }

    /// Connect to a PostgreSQL database (`postgresql://user:password@host:port/dbname`,
    /// with any libpq-style parameter such as `?options=-csearch_path%3Dparallax` for a schema
    /// of its own) and bring its schema up to date. Unreachable servers fail within ten
    /// seconds unless the URL sets `connect_timeout`.
    pub fn connect(url: &str) -> Result<Store> {
        let conn = Conn::connect_postgres(url)?;
        let mut store = Store {
            conn,
            location: redact(url),
        };
        if let Some(q) = Dialect::Postgres.current_schema_query()
            && store
                .conn
                .query_one(q, &[])?
                .take::<Option<String>>(0)?
                .is_none()
        {
            return Err(StoreError::Open {
                path: store.location,
                reason: "no schema of the search_path exists to create tables in (CREATE SCHEMA it first)".into(),
            });
        }
        store.migrate()?;
        Ok(store)
    }

    /// A fresh SQLite database in memory (tests, one-off runs).
    pub fn open_in_memory() -> Result<Store> {
        let conn = rusqlite::Connection::open_in_memory()
            .map_err(|e| StoreError::Sql(one_line(&e.to_string())))?;
        Store::init_sqlite(conn, ":memory:".into(), true)
    }

    fn init_sqlite(conn: rusqlite::Connection, path: String, in_memory: bool) -> Result<Store> {
        let not_db = |e: rusqlite::Error| {
            let reason = one_line(&e.to_string());
            if dialect::sqlite_not_a_database(&e) {
                StoreError::NotADatabase {
                    path: path.clone(),
                    reason,
                }
            } else {
                StoreError::Sql(reason)
            }
        };
        dialect::configure_sqlite(&conn, in_memory).map_err(not_db)?;
        let mut store = Store {
            conn: Conn::Sqlite(conn),
            location: path,
        };
        store.migrate()?;
        Ok(store)
    }

    /// `sqlite` or `postgresql`.
    pub fn backend(&self) -> &'static str {
        match self.conn.dialect() {
            Dialect::Sqlite => "sqlite",
            Dialect::Postgres => "postgresql",
        }
    }

    /// Where the database is, fit to print: the file, or the PostgreSQL URL without its
    /// password.
    pub fn location(&self) -> &str {
        &self.location
    }

    /// Bring the schema up to date. On PostgreSQL an advisory lock (per schema) is held
    /// throughout, so workers starting together migrate one after the other and the later ones
    /// find nothing to do.
    fn migrate(&mut self) -> Result<()> {
        let dialect = self.conn.dialect();
        if let Some(lock) = dialect.migration_lock() {
            self.conn.batch(&lock)?;
        }
        let result = self.migrate_locked();
        if let Some(unlock) = dialect.migration_unlock() {
            let unlocked = self.conn.batch(&unlock);
            result?;
            return unlocked;
        }
        result
    }

    /// Apply every migration newer than the database's version, each in its own transaction
    /// that first reads the version again (another process may have applied it meanwhile).
    fn migrate_locked(&mut self) -> Result<()> {
        let dialect = self.conn.dialect();
        let tables = self
            .conn
            .query(dialect.user_tables_query(), &[])?
            .into_iter()
            .map(|mut r| r.take::<String>(0))
            .collect::<Result<Vec<_>>>()?;
        if !tables.is_empty() && !tables.iter().any(|t| t == "schema_version") {
            let hint = match dialect {
                Dialect::Sqlite => "",
                Dialect::Postgres => {
                    "; give Parallax a schema of its own with ?options=-csearch_path%3Dparallax"
                }
            };
            return Err(StoreError::NotADatabase {
                reason: format!("it holds other tables: {}{hint}", tables.join(", ")),
                path: self.location.clone(),
            });
        }
        self.conn.batch(schema::VERSION_TABLE)?;
        let current = self.schema_version()?;
        let latest = schema::latest_version();
        if current > latest {
            return Err(StoreError::TooNew {
                path: self.location.clone(),
                found: current,
                supported: latest,
            });
        }
        for m in schema::MIGRATIONS.iter().filter(|m| m.version > current) {
            self.conn.transaction(|c| {
                if version_of(c)? >= m.version {
                    return Ok(());
                }
                for s in m.statements {
                    c.batch(&schema::expand(s, dialect))?;
                }
                c.execute(
                    "INSERT INTO schema_version (version, applied_at) VALUES ($1, $2)",
                    params![m.version, &timestamp(Utc::now())],
                )?;
                Ok(())
            })?;
        }
        Ok(())
    }

    /// The schema version of the database (the newest migration applied).
    pub fn schema_version(&self) -> Result<i64> {
        version_of(&self.conn)
    }

    /// The journal mode in force: `wal` for a SQLite file, `memory` in memory; PostgreSQL
    /// always writes ahead and says `wal`.
    pub fn journal_mode(&self) -> Result<String> {
        match self.conn.as_sqlite() {
            Some(c) => dialect::sqlite_journal_mode(c)
                .map_err(|e| StoreError::Sql(one_line(&e.to_string()))),
            None => Ok("wal".into()),
        }
    }

    /// Save an article unless one with the same text is stored; either way return its row id.
    ///
    /// Identity is the SHA-256 of the text alone: the first save's metadata is kept.
    pub fn save_article(&mut self, article: &Article) -> Result<i64> {
        insert_article(&self.conn, article, &timestamp(Utc::now())).map(|(id, _)| id)
    }

    /// [`Store::save_article`], also saying whether the row is new (`false`: the same text
    /// was already stored, and `id` is that row).
    pub fn save_article_checked(&mut self, article: &Article) -> Result<(i64, bool)> {
        insert_article(&self.conn, article, &timestamp(Utc::now()))
    }

    /// The article stored under `id`, or `None`. Its `id` field is the row id as text.
    pub fn article(&self, id: i64) -> Result<Option<Article>> {
        let row = self.conn.query_opt(
            "SELECT input, outlet, outlet_provenance, url, title, title_provenance, byline,
                    byline_provenance, published, published_provenance, language, text,
                    paragraphs_json
             FROM articles WHERE id = $1",
            params![id],
        )?;
        let Some(mut r) = row else { return Ok(None) };
        let row = ArticleRow {
            input: r.take(0)?,
            outlet: r.take(1)?,
            outlet_provenance: r.take(2)?,
            url: r.take(3)?,
            title: r.take(4)?,
            title_provenance: r.take(5)?,
            byline: r.take(6)?,
            byline_provenance: r.take(7)?,
            published: r.take(8)?,
            published_provenance: r.take(9)?,
            language: r.take(10)?,
            text: r.take(11)?,
            paragraphs_json: r.take(12)?,
        };
        row.into_article(id)
            .map(Some)
            .map_err(|reason| StoreError::Corrupt {
                what: "article",
                id,
                reason,
            })
    }

    /// Save a report and the articles it compared, stamped with the current time.
    pub fn save_report(&mut self, report: &Report, articles: &[Article]) -> Result<i64> {
        self.save_report_at(report, articles, Utc::now())
    }

    /// Save a report and the articles it compared (in input order), stamped `created_at`.
    /// Everything is written in one transaction: a failure leaves nothing behind.
    pub fn save_report_at(
        &mut self,
        report: &Report,
        articles: &[Article],
        created_at: DateTime<Utc>,
    ) -> Result<i64> {
        let json = serde_json::to_string(report)
            .map_err(|e| StoreError::Sql(format!("cannot encode report: {e}")))?;
        let now = timestamp(created_at);
        let title = report_title(report);
        // Articles are inserted in content-hash order, so that two workers saving reports over
        // the same new articles lock them in the same order and never deadlock.
        let mut by_hash: Vec<(String, usize)> = articles
            .iter()
            .enumerate()
            .map(|(i, a)| (content_hash(&a.text), i))
            .collect();
        by_hash.sort();
        self.conn.transaction(|tx| {
            let mut article_ids = vec![0; articles.len()];
            for (_, i) in &by_hash {
                article_ids[*i] = insert_article(tx, &articles[*i], &now)?.0;
            }
            let report_id: i64 = tx
                .query_one(
                    "INSERT INTO reports (created_at, schema_version, title, agreed, conflicts,
                         report_json)
                     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                    params![
                        &now,
                        &report.schema_version,
                        &title,
                        to_i64(report.agreed.len()),
                        to_i64(report.conflicts.len()),
                        &json
                    ],
                )?
                .take(0)?;
            for (position, (a, article_id)) in articles.iter().zip(&article_ids).enumerate() {
                let outlet = report
                    .sources
                    .iter()
                    .find(|s| s.article == a.id)
                    .map_or_else(|| a.source_name().to_string(), |s| s.outlet.clone());
                tx.execute(
                    "INSERT INTO report_articles (report_id, article_id, position, outlet)
                     VALUES ($1, $2, $3, $4)",
                    params![report_id, *article_id, to_i64(position), &outlet],
                )?;
            }
            Ok(report_id)
        })
    }

    /// The report stored under `id`, exactly as saved, or `None`.
    pub fn report(&self, id: i64) -> Result<Option<Report>> {
        let Some(mut row) = self
            .conn
            .query_opt("SELECT report_json FROM reports WHERE id = $1", params![id])?
        else {
            return Ok(None);
        };
        let json: String = row.take(0)?;
        serde_json::from_str(&json)
            .map(Some)
            .map_err(|e| StoreError::Corrupt {
                what: "report",
                id,
                reason: e.to_string(),
            })
    }

    /// Row ids of the articles a report compared, in input order.
    pub fn report_article_ids(&self, report_id: i64) -> Result<Vec<i64>> {
        self.conn
            .query(
                "SELECT article_id FROM report_articles WHERE report_id = $1 ORDER BY position",
                params![report_id],
            )?
            .into_iter()
            .map(|mut r| r.take(0))
            .collect()
    }

    /// The `limit` most recent reports, newest first (ties: the later saved first).
    pub fn list_reports(&self, limit: usize) -> Result<Vec<ReportSummary>> {
        let rows = self.conn.query(
            "SELECT id, created_at, title, agreed, conflicts FROM reports
             ORDER BY created_at DESC, id DESC LIMIT $1",
            params![to_i64(limit)],
        )?;
        let mut out = Vec::with_capacity(rows.len());
        for mut r in rows {
            let id: i64 = r.take(0)?;
            let outlets = self
                .conn
                .query(
                    "SELECT outlet FROM report_articles WHERE report_id = $1 ORDER BY position",
                    params![id],
                )?
                .into_iter()
                .map(|mut o| o.take(0))
                .collect::<Result<_>>()?;
            out.push(ReportSummary {
                id,
                created_at: r.take(1)?,
                title: r.take(2)?,
                outlets,
                agreed: usize::try_from(r.take::<i64>(3)?).unwrap_or(0),
                conflicts: usize::try_from(r.take::<i64>(4)?).unwrap_or(0),
            });
        }
        Ok(out)
    }
}

/// The schema version recorded in `schema_version` (0 when empty).
fn version_of(conn: &Conn) -> Result<i64> {
    conn.query_one("SELECT COALESCE(MAX(version), 0) FROM schema_version", &[])?
        .take(0)
}

/// Insert an article unless its text is already stored; return its row id and whether it is
/// new. Safe against a concurrent writer saving the same text: the unique content hash makes
/// one insert wait for the other and then do nothing, and the lookup finds the winner's row.
fn insert_article(conn: &Conn, a: &Article, created_at: &str) -> Result<(i64, bool)> {
    let hash = content_hash(&a.text);
    let paragraphs = serde_json::to_string(&a.paragraphs)
        .map_err(|e| StoreError::Sql(format!("cannot encode paragraphs: {e}")))?;
    let published = a.published.as_ref().map(|s| s.value.to_string());
    let [outlet_from, title_from, byline_from, published_from] = [
        a.source.as_ref().map(|s| s.provenance),
        a.title.as_ref().map(|s| s.provenance),
        a.byline.as_ref().map(|s| s.provenance),
        a.published.as_ref().map(|s| s.provenance),
    ]
    .map(|p| p.map(provenance_name));
    let inserted = conn.query_opt(
        "INSERT INTO articles (content_hash, input, outlet, outlet_provenance, url, title,
             title_provenance, byline, byline_provenance, published, published_provenance,
             language, text, paragraphs_json, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
         ON CONFLICT (content_hash) DO NOTHING RETURNING id",
        params![
            &hash,
            &a.input,
            a.source.as_ref().map(|s| &s.value),
            outlet_from.as_ref(),
            a.url.as_ref(),
            a.title.as_ref().map(|s| &s.value),
            title_from.as_ref(),
            a.byline.as_ref().map(|s| &s.value),
            byline_from.as_ref(),
            published.as_ref(),
            published_from.as_ref(),
            a.language.as_ref(),
            &a.text,
            &paragraphs,
            created_at
        ],
    )?;
    if let Some(mut row) = inserted {
        return Ok((row.take(0)?, true));
    }
    let id = conn
        .query_opt(
            "SELECT id FROM articles WHERE content_hash = $1",
            params![&hash],
        )?
        .ok_or_else(|| StoreError::Sql("article vanished while being saved".into()))?
        .take(0)?;
    Ok((id, false))
}

/// The columns of one `articles` row.
struct ArticleRow {
    input: String,
    outlet: Option<String>,
    outlet_provenance: Option<String>,
    url: Option<String>,
    title: Option<String>,
    title_provenance: Option<String>,
    byline: Option<String>,
    byline_provenance: Option<String>,
    published: Option<String>,
    published_provenance: Option<String>,
    language: Option<String>,
    text: String,
    paragraphs_json: String,
}

impl ArticleRow {
    fn into_article(self, id: i64) -> Result<Article, String> {
        let paragraphs: Vec<Paragraph> =
            serde_json::from_str(&self.paragraphs_json).map_err(|e| format!("paragraphs: {e}"))?;
        let published = match self.published {
            Some(d) => Some(
                NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                    .map_err(|e| format!("published {d:?}: {e}"))?,
            ),
            None => None,
        };
        Ok(Article {
            id: id.to_string(),
            input: self.input,
            source: sourced(self.outlet, self.outlet_provenance)?,
            url: self.url,
            title: sourced(self.title, self.title_provenance)?,
            byline: sourced(self.byline, self.byline_provenance)?,
            published: sourced(published, self.published_provenance)?,
            modified: None,
            image: None,
            language: self.language,
            text: self.text,
            paragraphs,
        })
    }
}

/// A stored value with its stored provenance (`input_name` when the provenance is missing).
fn sourced<T>(value: Option<T>, provenance: Option<String>) -> Result<Option<Sourced<T>>, String> {
    let Some(value) = value else { return Ok(None) };
    let provenance = match provenance {
        Some(p) => serde_json::from_value(serde_json::Value::String(p.clone()))
            .map_err(|_| format!("unknown provenance {p:?}"))?,
        None => Provenance::InputName,
    };
    Ok(Some(Sourced::new(value, provenance)))
}

/// The snake_case name of a provenance, as in the report JSON (`json_field`, `flag`).
fn provenance_name(p: Provenance) -> String {
    match serde_json::to_value(p) {
        Ok(serde_json::Value::String(s)) => s,
        _ => format!("{p:?}"),
    }
}

/// Hex SHA-256 of an article's text: its identity in the store.
pub fn content_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The listing title of a report: the first headline, else the outlets joined.
fn report_title(report: &Report) -> String {
    report
        .sources
        .iter()
        .find_map(|s| s.title.clone().filter(|t| !t.trim().is_empty()))
        .unwrap_or_else(|| {
            report
                .sources
                .iter()
                .map(|s| s.outlet.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        })
}

/// RFC 3339 UTC with milliseconds: fixed width, so text order is time order.
fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_sha256_hex() {
        assert_eq!(
            content_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn provenance_names_round_trip() {
        for p in [
            Provenance::JsonField,
            Provenance::Flag,
            Provenance::InputName,
        ] {
            let s = sourced(Some(1), Some(provenance_name(p))).unwrap().unwrap();
            assert_eq!(s.provenance, p);
        }
        assert_eq!(provenance_name(Provenance::JsonField), "json_field");
        assert!(sourced(Some(1), Some("nope".into())).is_err());
    }

    #[test]
    fn summary_is_one_line() {
        let s = ReportSummary {
            id: 3,
            created_at: "2026-03-04T10:00:00.000Z".into(),
            title: "Rail\nline".into(),
            outlets: vec!["Lantern".into(), "Sentinel".into()],
            agreed: 5,
            conflicts: 1,
        };
        assert_eq!(
            s.to_string(),
            "   3  2026-03-04 10:00  Lantern, Sentinel  5 agreed, 1 conflict  Rail line"
        );
    }

    #[test]
    fn timestamps_sort_as_text() {
        let a = DateTime::parse_from_rfc3339("2026-01-06T09:59:59.5Z").unwrap();
        let b = DateTime::parse_from_rfc3339("2026-01-06T10:00:00Z").unwrap();
        let (a, b) = (timestamp(a.to_utc()), timestamp(b.to_utc()));
        assert_eq!(b, "2026-01-06T10:00:00.000Z");
        assert!(a < b);
    }
}
