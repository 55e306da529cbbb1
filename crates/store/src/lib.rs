//! Saved articles and reports: a SQLite database with a versioned, portable schema.
//!
//! Owns the `articles`, `reports` and `report_articles` tables, ingestion's `fetch_state`,
//! `article_links` and `article_signatures` (see `crawl.rs`), their migrations, and the
//! mapping between them and [`Article`] / [`Report`]. Articles are stored once per distinct
//! text (a SHA-256 content hash); a report is stored whole as its JSON contract plus a few
//! columns for listing. This crate is I/O: it opens files and reads the clock for
//! `created_at` unless the caller passes one. It deliberately does not compare, render or
//! serve anything, and it never rewrites a report: what is loaded is what was saved.
//!
//! The SQL is portable (see `schema.rs`); the SQLite-only bits (WAL, pragmas, catalogue,
//! error codes) live in `dialect.rs` so a PostgreSQL backend replaces one small module.
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

mod crawl;
mod dialect;
mod schema;

pub use crawl::{FetchState, NearCopy};

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use parallax_core::{Article, Paragraph, Provenance, Report, Sourced};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// Why a store operation failed. Every message is one line.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file exists but is not a SQLite database, or holds another program's tables.
    #[error("{path}: not a Parallax database ({reason})")]
    NotADatabase {
        /// The file.
        path: String,
        /// What was found instead.
        reason: String,
    },
    /// The database was written by a newer Parallax.
    #[error(
        "{path}: database schema version {found} is newer than this build supports ({supported})"
    )]
    TooNew {
        /// The file.
        path: String,
        /// Version found in the database.
        found: i64,
        /// Newest version this build knows.
        supported: i64,
    },
    /// The database could not be opened or created (missing folder, permissions).
    #[error("{path}: cannot open database: {reason}")]
    Open {
        /// The file.
        path: String,
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
    /// Any other database error.
    #[error("database error: {0}")]
    Sql(String),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        StoreError::Sql(one_line(&e.to_string()))
    }
}

/// Result of a store operation.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// One line of a saved-report listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

/// A Parallax database.
///
/// Not `Sync`: share one behind a `Mutex`, or open one per thread (file databases are in WAL
/// mode, so readers do not block the writer).
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: String,
}

impl Store {
    /// Open (creating if needed) the database at `path` and bring its schema up to date.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path: PathBuf = path.as_ref().to_path_buf();
        let shown = path.display().to_string();
        if path.is_dir() {
            return Err(StoreError::Open {
                path: shown,
                reason: "is a directory".into(),
            });
        }
        let conn = Connection::open(&path).map_err(|e| StoreError::Open {
            path: shown.clone(),
            reason: one_line(&e.to_string()),
        })?;
        Store::init(conn, shown, false)
    }

    /// A fresh database in memory (tests, one-off runs).
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        Store::init(conn, ":memory:".into(), true)
    }

    fn init(conn: Connection, path: String, in_memory: bool) -> Result<Store> {
        let not_db = |e: rusqlite::Error| {
            if dialect::is_not_a_database(&e) {
                StoreError::NotADatabase {
                    path: path.clone(),
                    reason: one_line(&e.to_string()),
                }
            } else {
                StoreError::from(e)
            }
        };
        dialect::configure(&conn, in_memory).map_err(not_db)?;
        let tables = dialect::user_tables(&conn).map_err(not_db)?;
        if !tables.is_empty() && !tables.iter().any(|t| t == "schema_version") {
            return Err(StoreError::NotADatabase {
                reason: format!("it holds other tables: {}", tables.join(", ")),
                path,
            });
        }
        let mut store = Store { conn, path };
        store.migrate()?;
        Ok(store)
    }

    /// Apply every migration newer than the database's version, each in its own transaction.
    fn migrate(&mut self) -> Result<()> {
        self.conn.execute(schema::VERSION_TABLE, [])?;
        let current = self.schema_version()?;
        let latest = schema::latest_version();
        if current > latest {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found: current,
                supported: latest,
            });
        }
        for m in schema::MIGRATIONS.iter().filter(|m| m.version > current) {
            let tx = self.conn.transaction()?;
            for s in m.statements {
                tx.execute(&schema::expand(s, dialect::ID_COLUMN), [])?;
            }
            tx.execute(
                "INSERT INTO schema_version (version, applied_at) VALUES ($1, $2)",
                params![m.version, timestamp(Utc::now())],
            )?;
            tx.commit()?;
        }
        Ok(())
    }

    /// The schema version of the database (the newest migration applied).
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT COALESCE(MAX(version), 0) FROM schema_version",
            [],
            |r| r.get(0),
        )?)
    }

    /// The journal mode in force: `wal` for a file database, `memory` in memory.
    pub fn journal_mode(&self) -> Result<String> {
        Ok(dialect::journal_mode(&self.conn)?)
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
        let row = self
            .conn
            .query_row(
                "SELECT input, outlet, outlet_provenance, url, title, title_provenance, byline,
                        byline_provenance, published, published_provenance, language, text,
                        paragraphs_json
                 FROM articles WHERE id = $1",
                params![id],
                |r| {
                    Ok(ArticleRow {
                        input: r.get(0)?,
                        outlet: r.get(1)?,
                        outlet_provenance: r.get(2)?,
                        url: r.get(3)?,
                        title: r.get(4)?,
                        title_provenance: r.get(5)?,
                        byline: r.get(6)?,
                        byline_provenance: r.get(7)?,
                        published: r.get(8)?,
                        published_provenance: r.get(9)?,
                        language: r.get(10)?,
                        text: r.get(11)?,
                        paragraphs_json: r.get(12)?,
                    })
                },
            )
            .optional()?;
        row.map(|r| {
            r.into_article(id).map_err(|reason| StoreError::Corrupt {
                what: "article",
                id,
                reason,
            })
        })
        .transpose()
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
        let tx = self.conn.transaction()?;
        let mut article_ids = Vec::with_capacity(articles.len());
        for a in articles {
            article_ids.push(insert_article(&tx, a, &now)?.0);
        }
        let report_id: i64 = tx.query_row(
            "INSERT INTO reports (created_at, schema_version, title, agreed, conflicts, report_json)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            params![
                now,
                report.schema_version,
                report_title(report),
                to_i64(report.agreed.len()),
                to_i64(report.conflicts.len()),
                json
            ],
            |r| r.get(0),
        )?;
        for (position, (a, article_id)) in articles.iter().zip(&article_ids).enumerate() {
            let outlet = report
                .sources
                .iter()
                .find(|s| s.article == a.id)
                .map_or_else(|| a.source_name().to_string(), |s| s.outlet.clone());
            tx.execute(
                "INSERT INTO report_articles (report_id, article_id, position, outlet)
                 VALUES ($1, $2, $3, $4)",
                params![report_id, article_id, to_i64(position), outlet],
            )?;
        }
        tx.commit()?;
        Ok(report_id)
    }

    /// The report stored under `id`, exactly as saved, or `None`.
    pub fn report(&self, id: i64) -> Result<Option<Report>> {
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT report_json FROM reports WHERE id = $1",
                params![id],
                |r| r.get(0),
            )
            .optional()?;
        json.map(|j| {
            serde_json::from_str(&j).map_err(|e| StoreError::Corrupt {
                what: "report",
                id,
                reason: e.to_string(),
            })
        })
        .transpose()
    }

    /// Row ids of the articles a report compared, in input order.
    pub fn report_article_ids(&self, report_id: i64) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare(
            "SELECT article_id FROM report_articles WHERE report_id = $1 ORDER BY position",
        )?;
        let rows = stmt.query_map(params![report_id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The `limit` most recent reports, newest first (ties: the later saved first).
    pub fn list_reports(&self, limit: usize) -> Result<Vec<ReportSummary>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, created_at, title, agreed, conflicts FROM reports
             ORDER BY created_at DESC, id DESC LIMIT $1",
        )?;
        let rows = stmt.query_map(params![to_i64(limit)], |r| {
            Ok(ReportSummary {
                id: r.get(0)?,
                created_at: r.get(1)?,
                title: r.get(2)?,
                outlets: Vec::new(),
                agreed: usize::try_from(r.get::<_, i64>(3)?).unwrap_or(0),
                conflicts: usize::try_from(r.get::<_, i64>(4)?).unwrap_or(0),
            })
        })?;
        let mut out = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        let mut outlets = self
            .conn
            .prepare("SELECT outlet FROM report_articles WHERE report_id = $1 ORDER BY position")?;
        for s in &mut out {
            s.outlets = outlets
                .query_map(params![s.id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
        }
        Ok(out)
    }
}

/// Insert an article unless its text is already stored; return its row id and whether it is
/// new.
fn insert_article(conn: &Connection, a: &Article, created_at: &str) -> Result<(i64, bool)> {
    let hash = content_hash(&a.text);
    let paragraphs = serde_json::to_string(&a.paragraphs)
        .map_err(|e| StoreError::Sql(format!("cannot encode paragraphs: {e}")))?;
    let inserted: Option<i64> = conn
        .query_row(
            "INSERT INTO articles (content_hash, input, outlet, outlet_provenance, url, title,
                 title_provenance, byline, byline_provenance, published, published_provenance,
                 language, text, paragraphs_json, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
             ON CONFLICT (content_hash) DO NOTHING RETURNING id",
            params![
                hash,
                a.input,
                a.source.as_ref().map(|s| &s.value),
                a.source.as_ref().map(|s| provenance_name(s.provenance)),
                a.url,
                a.title.as_ref().map(|s| &s.value),
                a.title.as_ref().map(|s| provenance_name(s.provenance)),
                a.byline.as_ref().map(|s| &s.value),
                a.byline.as_ref().map(|s| provenance_name(s.provenance)),
                a.published.as_ref().map(|s| s.value.to_string()),
                a.published.as_ref().map(|s| provenance_name(s.provenance)),
                a.language,
                a.text,
                paragraphs,
                created_at
            ],
            |r| r.get(0),
        )
        .optional()?;
    match inserted {
        Some(id) => Ok((id, true)),
        None => Ok((
            conn.query_row(
                "SELECT id FROM articles WHERE content_hash = $1",
                params![hash],
                |r| r.get(0),
            )?,
            false,
        )),
    }
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
