//! What `parallax ingest` remembers between runs: per-URL fetch state (outcome, validators for
//! conditional GET, the article it yielded), near-copy links between articles, and the MinHash
//! signatures that let a later run find copies of articles stored by an earlier one.
//!
//! Portable SQL like the rest of the store: `ON CONFLICT (…) DO UPDATE SET … = excluded.…`
//! is spelled the same in SQLite (3.24+) and PostgreSQL, so two workers recording the same URL
//! leave one row, the later state.

use chrono::Utc;
use serde::Serialize;

use crate::conn::params;
use crate::{Result, Store, timestamp};

/// One URL's last fetch, keyed by its canonical spelling.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FetchState {
    /// The canonical URL (the key).
    pub canonical_url: String,
    /// The URL as found (in a feed, a sitemap, on the command line).
    pub url: String,
    /// Where redirects ended, if fetched.
    pub final_url: Option<String>,
    /// `feed`, `sitemap`, `opml`, `url-list`, `page`, `warc-record`.
    pub kind: String,
    /// `saved`, `duplicate`, `near_copy`, `not_modified`, `listed`, `disallowed`, `failed`.
    pub outcome: String,
    /// The HTTP status of the last answer.
    pub http_status: Option<i64>,
    /// The `ETag` of the last full answer.
    pub etag: Option<String>,
    /// The `Last-Modified` of the last full answer.
    pub last_modified: Option<String>,
    /// SHA-256 of the extracted text, when an article came of it.
    pub content_hash: Option<String>,
    /// The stored article (for a duplicate, the first copy).
    pub article_id: Option<i64>,
    /// The one-line error of a failure.
    pub error: Option<String>,
    /// When, RFC 3339 UTC (filled in by [`Store::record_fetch`] when empty).
    pub fetched_at: String,
}

/// A near-copy link: `article_id` copies `origin_id` with this estimated similarity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NearCopy {
    /// The later article.
    pub article_id: i64,
    /// The earlier article it copies.
    pub origin_id: i64,
    /// Estimated Jaccard similarity of their word 5-shingles.
    pub similarity: f64,
}

impl Store {
    /// The fetch state of a canonical URL, if it was seen before.
    pub fn fetch_state(&self, canonical_url: &str) -> Result<Option<FetchState>> {
        let Some(mut r) = self.conn.query_opt(
            "SELECT canonical_url, url, final_url, kind, outcome, http_status, etag,
                    last_modified, content_hash, article_id, error, fetched_at
             FROM fetch_state WHERE canonical_url = $1",
            params![canonical_url],
        )?
        else {
            return Ok(None);
        };
        Ok(Some(FetchState {
            canonical_url: r.take(0)?,
            url: r.take(1)?,
            final_url: r.take(2)?,
            kind: r.take(3)?,
            outcome: r.take(4)?,
            http_status: r.take(5)?,
            etag: r.take(6)?,
            last_modified: r.take(7)?,
            content_hash: r.take(8)?,
            article_id: r.take(9)?,
            error: r.take(10)?,
            fetched_at: r.take(11)?,
        }))
    }

    /// Insert or replace a URL's fetch state.
    pub fn record_fetch(&self, s: &FetchState) -> Result<()> {
        let at = if s.fetched_at.is_empty() {
            timestamp(Utc::now())
        } else {
            s.fetched_at.clone()
        };
        self.conn.execute(
            "INSERT INTO fetch_state (canonical_url, url, final_url, kind, outcome, http_status,
                 etag, last_modified, content_hash, article_id, error, fetched_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
             ON CONFLICT (canonical_url) DO UPDATE SET url = excluded.url,
                 final_url = excluded.final_url, kind = excluded.kind,
                 outcome = excluded.outcome, http_status = excluded.http_status,
                 etag = excluded.etag, last_modified = excluded.last_modified,
                 content_hash = excluded.content_hash, article_id = excluded.article_id,
                 error = excluded.error, fetched_at = excluded.fetched_at",
            params![
                &s.canonical_url,
                &s.url,
                s.final_url.as_ref(),
                &s.kind,
                &s.outcome,
                s.http_status,
                s.etag.as_ref(),
                s.last_modified.as_ref(),
                s.content_hash.as_ref(),
                s.article_id,
                s.error.as_ref(),
                &at
            ],
        )?;
        Ok(())
    }

    /// Number of URLs with each outcome, in outcome order.
    pub fn fetch_outcomes(&self) -> Result<Vec<(String, i64)>> {
        self.conn
            .query(
                "SELECT outcome, COUNT(*) FROM fetch_state GROUP BY outcome ORDER BY outcome",
                &[],
            )?
            .into_iter()
            .map(|mut r| Ok((r.take(0)?, r.take(1)?)))
            .collect()
    }

    /// Record that `article_id` is a near-copy of the earlier `origin_id`.
    pub fn link_near_copy(&self, article_id: i64, origin_id: i64, similarity: f64) -> Result<()> {
        self.conn.execute(
            "INSERT INTO article_links (article_id, origin_id, kind, similarity, created_at)
             VALUES ($1, $2, 'near_copy', $3, $4)
             ON CONFLICT (article_id, origin_id) DO NOTHING",
            params![article_id, origin_id, similarity, &timestamp(Utc::now())],
        )?;
        Ok(())
    }

    /// The article `article_id` is a near-copy of, if any.
    pub fn near_copy_of(&self, article_id: i64) -> Result<Option<NearCopy>> {
        let Some(mut r) = self.conn.query_opt(
            "SELECT article_id, origin_id, similarity FROM article_links
             WHERE article_id = $1 AND kind = 'near_copy'
             ORDER BY similarity DESC, origin_id LIMIT 1",
            params![article_id],
        )?
        else {
            return Ok(None);
        };
        Ok(Some(NearCopy {
            article_id: r.take(0)?,
            origin_id: r.take(1)?,
            similarity: r.take(2)?,
        }))
    }

    /// Store an article's MinHash signature (its text form), once.
    pub fn save_signature(&self, article_id: i64, signature: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO article_signatures (article_id, signature) VALUES ($1, $2)
             ON CONFLICT (article_id) DO NOTHING",
            params![article_id, signature],
        )?;
        Ok(())
    }

    /// Every stored signature, by article id.
    pub fn signatures(&self) -> Result<Vec<(i64, String)>> {
        self.conn
            .query(
                "SELECT article_id, signature FROM article_signatures ORDER BY article_id",
                &[],
            )?
            .into_iter()
            .map(|mut r| Ok((r.take(0)?, r.take(1)?)))
            .collect()
    }

    /// Number of stored articles.
    pub fn article_count(&self) -> Result<i64> {
        self.conn
            .query_one("SELECT COUNT(*) FROM articles", &[])?
            .take(0)
    }
}
