//! Stories: which articles tell one event, the stories merged into others, each story's cached
//! comparison, full-text search over articles, the job queue and the polling state of `watch`.
//!
//! Story assignment is decided elsewhere (the streaming clusterer); this module records it so
//! that it is idempotent (an article is a member of one story, and recording it again changes
//! nothing), survives a restart (the memberships in assignment order are what a clusterer
//! replays), and is consistent for readers (a new member and the invalidation of its story's
//! cached comparison are one transaction). Merges are recorded, never forgotten: an id a user
//! once saw resolves to the story that absorbed it.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use parallax_core::Report;
use serde::Serialize;

use crate::conn::{Conn, Param, Row, params};
use crate::{Result, Store, StoreError, timestamp, to_i64};

/// How many merges [`Store::resolve_story`] follows before calling the chain broken.
const MAX_MERGE_HOPS: usize = 64;

/// Where an article goes: a story already stored, or a new one with this title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoryRef {
    /// A stored story (an id a merge replaced is followed to its successor).
    Existing(i64),
    /// A new story, titled by the article that opens it.
    New {
        /// Its title.
        title: String,
    },
}

/// One article of a story, as listings show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct StoryArticle {
    /// The article's row id.
    pub id: i64,
    /// Where it was published, if known.
    pub url: Option<String>,
    /// The outlet's name, if known.
    pub outlet: Option<String>,
    /// The headline, if any.
    pub title: Option<String>,
    /// Publication date, `YYYY-MM-DD`, if known.
    pub published: Option<String>,
    /// The article it is a wire copy of (a member of the same story), if any.
    #[serde(skip)]
    pub origin: Option<i64>,
}

/// A story with its articles, as `parallax stories` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct StorySummary {
    /// The story's id.
    pub id: i64,
    /// The headline of the article that opened it.
    pub title: String,
    /// Its articles in the order they joined.
    pub articles: Vec<StoryArticle>,
    /// The distinct outlets, in the order they first appear among the articles.
    pub outlets: Vec<String>,
    /// Independent origins: the articles that are no wire copy of another member.
    pub origins: usize,
    /// The earliest publication date of a member, if any is dated.
    pub first_published: Option<String>,
    /// The latest publication date of a member, if any is dated.
    pub last_published: Option<String>,
}

/// Most articles a text search of the story list looks at (best matches first).
const MAX_SEARCHED_ARTICLES: usize = 2000;

/// Which stories [`Store::story_list`] lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoryFilter {
    /// Only stories with an article from this outlet (its exact name).
    pub outlet: Option<String>,
    /// Only stories with an article published on or after this date.
    pub from: Option<NaiveDate>,
    /// Only stories with an article published on or before this date.
    pub to: Option<NaiveDate>,
    /// Only stories with an article whose title or text has every word of this (full-text
    /// search, as [`Store::search`]).
    pub query: Option<String>,
    /// Stories skipped (pagination).
    pub offset: usize,
    /// Stories on one page.
    pub limit: usize,
}

/// A story as the story list shows it: the story, and what its comparison found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct StoryListItem {
    /// The story.
    #[serde(flatten)]
    pub story: StorySummary,
    /// Conflicts its comparison reports (null until a comparison covers every member).
    pub conflicts: Option<usize>,
    /// Claims only one source reports (null until a comparison covers every member).
    pub single_source: Option<usize>,
}

/// A feed the web app's API added, for `serve --watch` to follow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Feed {
    /// Its id (`DELETE /api/feeds/{id}` removes it).
    pub id: i64,
    /// The feed, OPML list, sitemap or page address.
    pub input: String,
    /// When it was added, RFC 3339 UTC.
    pub added_at: String,
}

/// A story's stored comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct CachedReport {
    /// The report, exactly as saved.
    pub report: Report,
    /// How many members it compared.
    pub members: usize,
    /// When it was computed, RFC 3339 UTC.
    pub computed_at: String,
}

/// One membership, in assignment order: what a clusterer replays after a restart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    /// The article.
    pub article_id: i64,
    /// Its story.
    pub story_id: i64,
    /// The member it copies, if any.
    pub origin_id: Option<i64>,
}

/// An article found by [`Store::search`], with its story if it has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SearchHit {
    /// The article's row id.
    pub id: i64,
    /// Where it was published, if known.
    pub url: Option<String>,
    /// The outlet's name, if known.
    pub outlet: Option<String>,
    /// The headline, if any.
    pub title: Option<String>,
    /// Publication date, `YYYY-MM-DD`, if known.
    pub published: Option<String>,
    /// The story it belongs to (merges followed), if it was assigned one.
    pub story: Option<i64>,
    /// That story's title.
    pub story_title: Option<String>,
}

/// A job claimed from the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// Its id.
    pub id: i64,
    /// What to do (`fetch`, `analyze`, `cluster`, `compare`, …).
    pub kind: String,
    /// Its input, as the enqueuer wrote it (JSON by convention).
    pub payload: String,
    /// How many times it has been claimed, this time included.
    pub attempts: i64,
}

/// The polling state of one `watch` input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceState {
    /// The input as given.
    pub input: String,
    /// Failed polls in a row (0 after a success).
    pub failures: i64,
    /// When it may be polled again, RFC 3339 UTC.
    pub next_poll_at: String,
    /// When it was last polled.
    pub last_polled_at: String,
    /// The last failure's one-line reason.
    pub last_error: Option<String>,
}

impl Store {
    /// Record that `article_id` belongs to `story` (a new story is created), with the member it
    /// copies (`origin_id`) and the score it joined with. One transaction: the membership, the
    /// story's date span, and the removal of its cached comparison (no longer current).
    /// Idempotent: an article already in a story stays there, and that story's id is returned.
    pub fn assign_article(
        &self,
        article_id: i64,
        story: &StoryRef,
        origin_id: Option<i64>,
        score: f64,
    ) -> Result<i64> {
        let now = timestamp(Utc::now());
        self.conn.transaction(|tx| {
            if let Some(mut r) = tx.query_opt(
                "SELECT story_id FROM story_members WHERE article_id = $1",
                params![article_id],
            )? {
                return r.take(0);
            }
            let published: Option<String> = tx
                .query_opt(
                    "SELECT published FROM articles WHERE id = $1",
                    params![article_id],
                )?
                .ok_or_else(|| StoreError::Sql(format!("no article {article_id} to assign")))?
                .take(0)?;
            let story_id = match story {
                StoryRef::Existing(id) => resolve(tx, *id)?
                    .ok_or_else(|| StoreError::Sql(format!("no story {id} to assign to")))?,
                StoryRef::New { title } => tx
                    .query_one(
                        "INSERT INTO stories (title, first_published, last_published,
                             created_at, updated_at)
                         VALUES ($1, $2, $3, $4, $5) RETURNING id",
                        params![title, published.as_ref(), published.as_ref(), &now, &now],
                    )?
                    .take(0)?,
            };
            tx.execute(
                "INSERT INTO story_members (article_id, story_id, origin_id, score, assigned_at)
                 VALUES ($1, $2, $3, $4, $5)",
                params![article_id, story_id, origin_id, score, &now],
            )?;
            touch(tx, story_id, &now)?;
            Ok(story_id)
        })
    }

    /// The story an article belongs to (merges followed), if it was assigned one.
    pub fn story_of(&self, article_id: i64) -> Result<Option<i64>> {
        match self.conn.query_opt(
            "SELECT story_id FROM story_members WHERE article_id = $1",
            params![article_id],
        )? {
            Some(mut r) => resolve(&self.conn, r.take(0)?),
            None => Ok(None),
        }
    }

    /// Stored articles not yet in any story, in publication order (undated first, then by
    /// date; ties by id): what a clusterer has still to assign.
    pub fn unassigned_articles(&self) -> Result<Vec<i64>> {
        self.conn
            .query(
                "SELECT a.id FROM articles a
                 WHERE NOT EXISTS (SELECT 1 FROM story_members m WHERE m.article_id = a.id)
                 ORDER BY COALESCE(a.published, ''), a.id",
                &[],
            )?
            .into_iter()
            .map(|mut r| r.take(0))
            .collect()
    }

    /// Memberships of the stories active on or after `since` (`YYYY-MM-DD`, by their last
    /// publication date; undated stories included; `None`: all), in assignment order.
    pub fn memberships_since(&self, since: Option<&str>) -> Result<Vec<Membership>> {
        self.conn
            .query(
                "SELECT m.article_id, m.story_id, m.origin_id FROM story_members m
                 JOIN stories s ON s.id = m.story_id
                 WHERE $1 = '' OR s.last_published IS NULL OR s.last_published >= $1
                 ORDER BY m.id",
                params![since.unwrap_or("")],
            )?
            .into_iter()
            .map(|mut r| {
                Ok(Membership {
                    article_id: r.take(0)?,
                    story_id: r.take(1)?,
                    origin_id: r.take(2)?,
                })
            })
            .collect()
    }

    /// Number of memberships (articles placed in stories): a clusterer that has seen fewer
    /// than this is behind another process's placements.
    pub fn membership_count(&self) -> Result<i64> {
        self.conn
            .query_one("SELECT COUNT(*) FROM story_members", &[])?
            .take(0)
    }

    /// The latest publication date of any story (`YYYY-MM-DD`), if one is dated.
    pub fn latest_story_date(&self) -> Result<Option<String>> {
        self.conn
            .query_one("SELECT MAX(last_published) FROM stories", &[])?
            .take(0)
    }

    /// Merge story `old` into `new`: its members move, the merge is recorded (so `old`
    /// resolves to `new`), both cached comparisons go. One transaction; merging a story into
    /// itself (after following merges) does nothing. Returns the surviving id.
    pub fn merge_stories(&self, old: i64, new: i64) -> Result<i64> {
        let now = timestamp(Utc::now());
        self.conn.transaction(|tx| {
            let (Some(old), Some(new)) = (resolve(tx, old)?, resolve(tx, new)?) else {
                return Err(StoreError::Sql(format!(
                    "cannot merge story {old} into {new}: no such story"
                )));
            };
            if old == new {
                return Ok(new);
            }
            tx.execute(
                "UPDATE story_members SET story_id = $1 WHERE story_id = $2",
                params![new, old],
            )?;
            tx.execute(
                "INSERT INTO story_merges (old_id, new_id, merged_at) VALUES ($1, $2, $3)",
                params![old, new, &now],
            )?;
            // Neither comparison holds any more: the merged story has both stories' members.
            tx.execute(
                "DELETE FROM story_reports WHERE story_id = $1 OR story_id = $2",
                params![old, new],
            )?;
            touch(tx, new, &now)?;
            Ok(new)
        })
    }

    /// The story `id` stands for now: itself, or the story it was merged into (followed to the
    /// end). `None` when no such story exists.
    pub fn resolve_story(&self, id: i64) -> Result<Option<i64>> {
        resolve(&self.conn, id)
    }

    /// One story with its articles (merges followed), or `None`.
    pub fn story(&self, id: i64) -> Result<Option<StorySummary>> {
        let Some(id) = resolve(&self.conn, id)? else {
            return Ok(None);
        };
        let Some(row) = self.conn.query_opt(
            "SELECT id, title, first_published, last_published FROM stories WHERE id = $1",
            params![id],
        )?
        else {
            return Ok(None);
        };
        self.summary(row).map(Some)
    }

    /// Stories, newest activity first (the latest member's publication date, then the latest
    /// change, then the higher id), at most `limit`; with `since`, only those whose latest
    /// member was published on or after it. Merged-away stories are not listed.
    pub fn stories(&self, since: Option<NaiveDate>, limit: usize) -> Result<Vec<StorySummary>> {
        let since = since.map(|d| d.to_string()).unwrap_or_default();
        let rows = self.conn.query(
            "SELECT s.id, s.title, s.first_published, s.last_published FROM stories s
             WHERE NOT EXISTS (SELECT 1 FROM story_merges g WHERE g.old_id = s.id)
               AND ($1 = '' OR s.last_published >= $1)
             ORDER BY COALESCE(s.last_published, '') DESC, s.updated_at DESC, s.id DESC
             LIMIT $2",
            params![&since, to_i64(limit)],
        )?;
        rows.into_iter().map(|r| self.summary(r)).collect()
    }

    /// One page of the story list: stories (not merged away) matching `filter`, newest
    /// activity first as in [`Store::stories`], each with the counts of its cached comparison
    /// when that covers every member. Asks for one more than `filter.limit`, so the caller
    /// knows whether a next page exists.
    pub fn story_list(&self, filter: &StoryFilter) -> Result<Vec<StoryListItem>> {
        // Only the page's rows get their members and comparison counts read (each by its
        // index), never every story's.
        let mut sql = String::from(
            "SELECT s.id, s.title, s.first_published, s.last_published FROM stories s
             WHERE NOT EXISTS (SELECT 1 FROM story_merges g WHERE g.old_id = s.id)",
        );
        let from = filter.from.map(|d| d.to_string());
        let to = filter.to.map(|d| d.to_string());
        let mut bound: Vec<Param<'_>> = Vec::new();
        let next = |bound: &mut Vec<Param<'_>>| format!("${}", bound.len() + 1);
        if let Some(f) = &from {
            sql += &format!(" AND s.last_published >= {}", next(&mut bound));
            bound.push(Param::from(f));
        }
        if let Some(t) = &to {
            sql += &format!(" AND s.first_published <= {}", next(&mut bound));
            bound.push(Param::from(t));
        }
        if let Some(o) = filter.outlet.as_deref().filter(|o| !o.trim().is_empty()) {
            // From the outlet's articles (its index) to their stories, not story by story.
            sql += &format!(
                " AND s.id IN (SELECT m.story_id FROM articles a
                   JOIN story_members m ON m.article_id = a.id WHERE a.outlet = {})",
                next(&mut bound)
            );
            bound.push(Param::from(o));
        }
        if let Some(q) = filter.query.as_deref().filter(|q| !q.trim().is_empty()) {
            let dialect = self.conn.dialect();
            let matched: Vec<i64> = match dialect.search_text(q) {
                Some(text) => self
                    .conn
                    .query(
                        dialect.search_query(),
                        params![&text, to_i64(MAX_SEARCHED_ARTICLES)],
                    )?
                    .into_iter()
                    .map(|mut r| r.take(0))
                    .collect::<Result<_>>()?,
                None => Vec::new(),
            };
            if matched.is_empty() {
                return Ok(Vec::new());
            }
            let first = bound.len() + 1;
            let list: Vec<String> = (first..first + matched.len())
                .map(|n| format!("${n}"))
                .collect();
            sql += &format!(
                " AND s.id IN (SELECT m.story_id FROM story_members m WHERE m.article_id IN ({}))",
                list.join(", ")
            );
            bound.extend(matched.iter().map(|id| Param::from(*id)));
        }
        let limit = next(&mut bound);
        let offset = format!("${}", bound.len() + 2);
        sql += &format!(
            " ORDER BY COALESCE(s.last_published, '') DESC, s.updated_at DESC, s.id DESC
              LIMIT {limit} OFFSET {offset}"
        );
        bound.push(Param::from(to_i64(filter.limit.saturating_add(1))));
        bound.push(Param::from(to_i64(filter.offset)));
        let mut heads: Vec<(i64, String, Option<String>, Option<String>)> = Vec::new();
        for mut r in self.conn.query(&sql, &bound)? {
            heads.push((r.take(0)?, r.take(1)?, r.take(2)?, r.take(3)?));
        }
        if heads.is_empty() {
            return Ok(Vec::new());
        }
        // The page's members and comparison counts in one query each, whatever the page size
        // (a round trip per story is what a PostgreSQL server over a network would feel).
        let list = (1..=heads.len())
            .map(|n| format!("${n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let ids: Vec<Param<'_>> = heads.iter().map(|h| Param::from(h.0)).collect();
        let mut members: HashMap<i64, Vec<StoryArticle>> = HashMap::new();
        for mut r in self.conn.query(
            &format!(
                "SELECT m.story_id, a.id, a.url, a.outlet, a.title, a.published, m.origin_id
                 FROM story_members m JOIN articles a ON a.id = m.article_id
                 WHERE m.story_id IN ({list}) ORDER BY m.story_id, m.id"
            ),
            &ids,
        )? {
            let story: i64 = r.take(0)?;
            members.entry(story).or_default().push(member(&mut r, 1)?);
        }
        let mut counts: HashMap<i64, (i64, Option<i64>, Option<i64>)> = HashMap::new();
        for mut r in self.conn.query(
            &format!(
                "SELECT story_id, members, conflicts, single_source FROM story_reports
                 WHERE story_id IN ({list})"
            ),
            &ids,
        )? {
            counts.insert(r.take(0)?, (r.take(1)?, r.take(2)?, r.take(3)?));
        }
        Ok(heads
            .into_iter()
            .map(|(id, title, first, last)| {
                let story = assemble(
                    id,
                    title,
                    first,
                    last,
                    members.remove(&id).unwrap_or_default(),
                );
                let n = |v: Option<i64>| v.and_then(|n| usize::try_from(n).ok());
                // Counted only while the comparison covers every member.
                let (conflicts, single_source) = match counts.get(&id) {
                    Some((m, c, o)) if usize::try_from(*m).ok() == Some(story.articles.len()) => {
                        (n(*c), n(*o))
                    }
                    _ => (None, None),
                };
                StoryListItem {
                    story,
                    conflicts,
                    single_source,
                }
            })
            .collect())
    }

    /// The distinct outlets of stored articles, by name, at most `limit`.
    pub fn outlets(&self, limit: usize) -> Result<Vec<String>> {
        self.conn
            .query(
                "SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL AND outlet <> ''
                 ORDER BY outlet LIMIT $1",
                params![to_i64(limit)],
            )?
            .into_iter()
            .map(|mut r| r.take(0))
            .collect()
    }

    fn summary(&self, mut row: Row) -> Result<StorySummary> {
        let id: i64 = row.take(0)?;
        let articles: Vec<StoryArticle> = self
            .conn
            .query(
                "SELECT a.id, a.url, a.outlet, a.title, a.published, m.origin_id
                 FROM story_members m JOIN articles a ON a.id = m.article_id
                 WHERE m.story_id = $1 ORDER BY m.id",
                params![id],
            )?
            .into_iter()
            .map(|mut r| member(&mut r, 0))
            .collect::<Result<_>>()?;
        Ok(assemble(
            id,
            row.take(1)?,
            row.take(2)?,
            row.take(3)?,
            articles,
        ))
    }

    /// A story's cached comparison, if one is stored and current (merges followed).
    pub fn story_report(&self, story_id: i64) -> Result<Option<CachedReport>> {
        let Some(id) = resolve(&self.conn, story_id)? else {
            return Ok(None);
        };
        let Some(mut r) = self.conn.query_opt(
            "SELECT members, report_json, computed_at FROM story_reports WHERE story_id = $1",
            params![id],
        )?
        else {
            return Ok(None);
        };
        let members: i64 = r.take(0)?;
        let json: String = r.take(1)?;
        let report = serde_json::from_str(&json).map_err(|e| StoreError::Corrupt {
            what: "story report",
            id,
            reason: e.to_string(),
        })?;
        Ok(Some(CachedReport {
            report,
            members: usize::try_from(members).unwrap_or(0),
            computed_at: r.take(2)?,
        }))
    }

    /// Stories (not merged away) whose comparison is missing or covers fewer members than
    /// they have, oldest first: what an interrupted run left to compare.
    pub fn stories_without_report(&self) -> Result<Vec<i64>> {
        self.conn
            .query(
                "SELECT s.id FROM stories s
                 LEFT JOIN story_reports r ON r.story_id = s.id
                 WHERE NOT EXISTS (SELECT 1 FROM story_merges g WHERE g.old_id = s.id)
                   AND (r.story_id IS NULL OR r.members <>
                        (SELECT COUNT(*) FROM story_members m WHERE m.story_id = s.id))
                 ORDER BY s.id",
                &[],
            )?
            .into_iter()
            .map(|mut r| r.take(0))
            .collect()
    }

    /// Cache a story's comparison over `members` articles, replacing any older one. Saved
    /// only while the story has exactly `members` members (checked in the same statement): a
    /// comparison computed while another worker added a member is stale and is not kept, so a
    /// cached comparison always covers the story. Returns whether it was saved.
    pub fn save_story_report(
        &self,
        story_id: i64,
        report: &Report,
        members: usize,
    ) -> Result<bool> {
        self.save_story_report_at(story_id, report, members, Utc::now())
    }

    /// [`Store::save_story_report`] stamped `computed_at`.
    pub fn save_story_report_at(
        &self,
        story_id: i64,
        report: &Report,
        members: usize,
        computed_at: DateTime<Utc>,
    ) -> Result<bool> {
        let json = serde_json::to_string(report)
            .map_err(|e| StoreError::Sql(format!("cannot encode report: {e}")))?;
        // SQLite numbers `$N` parameters in order of first appearance: keep them in order.
        let n = self.conn.execute(
            "INSERT INTO story_reports (story_id, members, report_json, computed_at,
                 conflicts, single_source)
             SELECT CAST($1 AS BIGINT), CAST($2 AS INTEGER), CAST($3 AS TEXT), CAST($4 AS TEXT),
                 CAST($5 AS INTEGER), CAST($6 AS INTEGER)
             WHERE (SELECT COUNT(*) FROM story_members WHERE story_id = $7) = $8
             ON CONFLICT (story_id) DO UPDATE SET members = excluded.members,
                 report_json = excluded.report_json, computed_at = excluded.computed_at,
                 conflicts = excluded.conflicts, single_source = excluded.single_source",
            params![
                story_id,
                to_i64(members),
                &json,
                &timestamp(computed_at),
                to_i64(report.conflicts.len()),
                to_i64(report.only_in.len()),
                story_id,
                to_i64(members)
            ],
        )?;
        Ok(n > 0)
    }

    /// Articles whose title or text has every word of `query`, best match first, at most
    /// `limit`, each with its story. Words are matched by stem (English); punctuation is
    /// ignored, so any text is a valid query (none left: no hits).
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let dialect = self.conn.dialect();
        let Some(text) = dialect.search_text(query) else {
            return Ok(Vec::new());
        };
        let ids: Vec<i64> = self
            .conn
            .query(dialect.search_query(), params![&text, to_i64(limit)])?
            .into_iter()
            .map(|mut r| r.take(0))
            .collect::<Result<_>>()?;
        let mut hits = Vec::with_capacity(ids.len());
        for id in ids {
            let Some(mut r) = self.conn.query_opt(
                "SELECT url, outlet, title, published FROM articles WHERE id = $1",
                params![id],
            )?
            else {
                continue;
            };
            let story = self.story_of(id)?;
            let story_title = match story {
                Some(s) => self
                    .conn
                    .query_opt("SELECT title FROM stories WHERE id = $1", params![s])?
                    .map(|mut t| t.take(0))
                    .transpose()?,
                None => None,
            };
            hits.push(SearchHit {
                id,
                url: r.take(0)?,
                outlet: r.take(1)?,
                title: r.take(2)?,
                published: r.take(3)?,
                story,
                story_title,
            });
        }
        Ok(hits)
    }

    /// Queue a job; with a `dedup_key`, queueing the same work again returns the first job's
    /// id instead of adding one.
    pub fn enqueue_job(&self, kind: &str, payload: &str, dedup_key: Option<&str>) -> Result<i64> {
        let now = timestamp(Utc::now());
        if let Some(mut r) = self.conn.query_opt(
            "INSERT INTO jobs (kind, payload, dedup_key, state, attempts, created_at, updated_at)
             VALUES ($1, $2, $3, 'queued', 0, $4, $5)
             ON CONFLICT (dedup_key) DO NOTHING RETURNING id",
            params![kind, payload, dedup_key, &now, &now],
        )? {
            return r.take(0);
        }
        self.conn
            .query_opt(
                "SELECT id FROM jobs WHERE dedup_key = $1",
                params![dedup_key],
            )?
            .ok_or_else(|| StoreError::Sql("job vanished while being queued".into()))?
            .take(0)
    }

    /// Claim the oldest job of one of `kinds` (any kind when empty) that is queued, or running
    /// with a lease that ran out at `now` (its worker died): it is marked running until `now +
    /// lease` and its attempts counted. Concurrent workers never claim the same job: on
    /// PostgreSQL the row is locked and skipped by the others (`FOR UPDATE SKIP LOCKED`), on
    /// SQLite the transaction holds the write lock.
    pub fn claim_job(
        &self,
        kinds: &[&str],
        now: DateTime<Utc>,
        lease: chrono::Duration,
    ) -> Result<Option<Job>> {
        let at = timestamp(now);
        let until = timestamp(now + lease);
        // `kind IN ($2, $3, …)`: one parameter per kind asked for.
        let filter = if kinds.is_empty() {
            String::new()
        } else {
            let list: Vec<String> = (0..kinds.len()).map(|i| format!("${}", i + 2)).collect();
            format!(" AND kind IN ({})", list.join(", "))
        };
        let sql = format!(
            "SELECT id, kind, payload, attempts FROM jobs
             WHERE (state = 'queued' OR (state = 'running' AND lease_until < $1)){filter}
             ORDER BY id LIMIT 1{}",
            self.conn.dialect().claim_lock()
        );
        let mut bound: Vec<Param<'_>> = vec![Param::from(&at)];
        bound.extend(kinds.iter().map(|k| Param::from(*k)));
        self.conn.transaction(|tx| {
            let Some(mut r) = tx.query_opt(&sql, &bound)? else {
                return Ok(None);
            };
            let id: i64 = r.take(0)?;
            let attempts: i64 = r.take::<i64>(3)? + 1;
            tx.execute(
                "UPDATE jobs SET state = 'running', lease_until = $1, attempts = $2,
                     updated_at = $3 WHERE id = $4",
                params![&until, attempts, &at, id],
            )?;
            Ok(Some(Job {
                id,
                kind: r.take(1)?,
                payload: r.take(2)?,
                attempts,
            }))
        })
    }

    /// Put a claimed job back in the queue as if it had not been claimed (its attempt not
    /// counted): for a job that must wait for something, not one that failed.
    pub fn requeue_job(&self, id: i64) -> Result<()> {
        self.conn.execute(
            "UPDATE jobs SET state = 'queued', lease_until = NULL,
                 attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END,
                 updated_at = $1 WHERE id = $2 AND state = 'running'",
            params![&timestamp(Utc::now()), id],
        )?;
        Ok(())
    }

    /// Take (or renew) the lease `name` for `holder` until `now + ttl`: granted when nobody
    /// holds it, the holder is `holder` already, or the last holder's lease ran out. One
    /// statement (an upsert whose update only applies under those conditions), so two
    /// takers at once never both get it.
    pub fn take_lease(
        &self,
        name: &str,
        holder: &str,
        now: DateTime<Utc>,
        ttl: chrono::Duration,
    ) -> Result<bool> {
        let at = timestamp(now);
        let until = timestamp(now + ttl);
        let got = self.conn.query_opt(
            "INSERT INTO leases (name, holder, until) VALUES ($1, $2, $3)
             ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until
             WHERE leases.holder = excluded.holder OR leases.until < $4
             RETURNING holder",
            params![name, holder, &until, &at],
        )?;
        Ok(got.is_some())
    }

    /// Give the lease `name` up, if `holder` holds it.
    pub fn release_lease(&self, name: &str, holder: &str) -> Result<()> {
        self.conn.execute(
            "DELETE FROM leases WHERE name = $1 AND holder = $2",
            params![name, holder],
        )?;
        Ok(())
    }

    /// Mark a claimed job done.
    pub fn complete_job(&self, id: i64) -> Result<()> {
        self.conn.execute(
            "UPDATE jobs SET state = 'done', lease_until = NULL, updated_at = $1 WHERE id = $2",
            params![&timestamp(Utc::now()), id],
        )?;
        Ok(())
    }

    /// Record a claimed job's failure: queued again while it has had fewer than
    /// `max_attempts` tries, else `failed` for good.
    pub fn fail_job(&self, id: i64, error: &str, max_attempts: i64) -> Result<()> {
        self.conn.execute(
            "UPDATE jobs SET state = CASE WHEN attempts >= $1 THEN 'failed' ELSE 'queued' END,
                 lease_until = NULL, last_error = $2, updated_at = $3 WHERE id = $4",
            params![max_attempts, error, &timestamp(Utc::now()), id],
        )?;
        Ok(())
    }

    /// Number of jobs in each state, in state order.
    pub fn job_states(&self) -> Result<Vec<(String, i64)>> {
        self.conn
            .query(
                "SELECT state, COUNT(*) FROM jobs GROUP BY state ORDER BY state",
                &[],
            )?
            .into_iter()
            .map(|mut r| Ok((r.take(0)?, r.take(1)?)))
            .collect()
    }

    /// Add a feed for `serve --watch` to follow; adding one already there returns its row and
    /// `false`.
    pub fn add_feed(&self, input: &str) -> Result<(Feed, bool)> {
        let now = timestamp(Utc::now());
        let added = self.conn.query_opt(
            "INSERT INTO feeds (input, added_at) VALUES ($1, $2)
             ON CONFLICT (input) DO NOTHING RETURNING id",
            params![input, &now],
        )?;
        let mut r = self
            .conn
            .query_opt(
                "SELECT id, input, added_at FROM feeds WHERE input = $1",
                params![input],
            )?
            .ok_or_else(|| StoreError::Sql("feed vanished while being added".into()))?;
        Ok((
            Feed {
                id: r.take(0)?,
                input: r.take(1)?,
                added_at: r.take(2)?,
            },
            added.is_some(),
        ))
    }

    /// Stop following feed `id`; false when there is no such feed.
    pub fn remove_feed(&self, id: i64) -> Result<bool> {
        Ok(self
            .conn
            .execute("DELETE FROM feeds WHERE id = $1", params![id])?
            > 0)
    }

    /// The feeds added through the API, oldest first.
    pub fn feeds(&self) -> Result<Vec<Feed>> {
        self.conn
            .query("SELECT id, input, added_at FROM feeds ORDER BY id", &[])?
            .into_iter()
            .map(|mut r| {
                Ok(Feed {
                    id: r.take(0)?,
                    input: r.take(1)?,
                    added_at: r.take(2)?,
                })
            })
            .collect()
    }

    /// The polling state of a `watch` input, if it was polled before.
    pub fn source_state(&self, input: &str) -> Result<Option<SourceState>> {
        let Some(mut r) = self.conn.query_opt(
            "SELECT input, failures, next_poll_at, last_polled_at, last_error
             FROM watch_sources WHERE input = $1",
            params![input],
        )?
        else {
            return Ok(None);
        };
        Ok(Some(SourceState {
            input: r.take(0)?,
            failures: r.take(1)?,
            next_poll_at: r.take(2)?,
            last_polled_at: r.take(3)?,
            last_error: r.take(4)?,
        }))
    }

    /// Record a poll of a `watch` input: its failures in a row, when to poll it next, the
    /// error of a failure.
    pub fn record_source(
        &self,
        input: &str,
        failures: i64,
        polled_at: DateTime<Utc>,
        next_poll_at: DateTime<Utc>,
        error: Option<&str>,
    ) -> Result<()> {
        self.conn.execute(
            "INSERT INTO watch_sources (input, failures, next_poll_at, last_polled_at, last_error)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (input) DO UPDATE SET failures = excluded.failures,
                 next_poll_at = excluded.next_poll_at, last_polled_at = excluded.last_polled_at,
                 last_error = excluded.last_error",
            params![
                input,
                failures,
                &timestamp(next_poll_at),
                &timestamp(polled_at),
                error
            ],
        )?;
        Ok(())
    }

    /// Checks the database's own consistency (SQLite's `integrity_check`; PostgreSQL checks as
    /// it writes) and the store's: every membership names a stored article and story, no
    /// article is in two stories, every merge leads to a stored story. The problems found, as
    /// lines; empty when sound.
    pub fn check_integrity(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        if let Some(c) = self.conn.as_sqlite() {
            let rows: Vec<String> = {
                let mut stmt = c
                    .prepare("PRAGMA integrity_check")
                    .map_err(|e| StoreError::Sql(e.to_string()))?;
                stmt.query_map([], |r| r.get::<_, String>(0))
                    .map_err(|e| StoreError::Sql(e.to_string()))?
                    .collect::<rusqlite::Result<_>>()
                    .map_err(|e| StoreError::Sql(e.to_string()))?
            };
            problems.extend(rows.into_iter().filter(|r| r != "ok"));
        }
        let orphans: i64 = self
            .conn
            .query_one(
                "SELECT COUNT(*) FROM story_members m
                 WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = m.article_id)
                    OR NOT EXISTS (SELECT 1 FROM stories s WHERE s.id = m.story_id)",
                &[],
            )?
            .take(0)?;
        if orphans > 0 {
            problems.push(format!(
                "{orphans} membership(s) name a missing article or story"
            ));
        }
        let merged_members: i64 = self
            .conn
            .query_one(
                "SELECT COUNT(*) FROM story_members m
                 JOIN story_merges g ON g.old_id = m.story_id",
                &[],
            )?
            .take(0)?;
        if merged_members > 0 {
            problems.push(format!(
                "{merged_members} membership(s) point at a merged-away story"
            ));
        }
        Ok(problems)
    }
}

/// A story's member from a row whose article columns start at `at` (id, url, outlet, title,
/// published, origin).
fn member(r: &mut Row, at: usize) -> Result<StoryArticle> {
    Ok(StoryArticle {
        id: r.take(at)?,
        url: r.take(at + 1)?,
        outlet: r.take(at + 2)?,
        title: r.take(at + 3)?,
        published: r.take(at + 4)?,
        origin: r.take(at + 5)?,
    })
}

/// A story from its row and members: the distinct outlets in order, the independent origins.
fn assemble(
    id: i64,
    title: String,
    first_published: Option<String>,
    last_published: Option<String>,
    articles: Vec<StoryArticle>,
) -> StorySummary {
    let mut outlets: Vec<String> = Vec::new();
    for o in articles.iter().filter_map(|a| a.outlet.as_ref()) {
        if !outlets.contains(o) {
            outlets.push(o.clone());
        }
    }
    // A copy counts once: only members whose origin is not another member are origins.
    let origins = articles
        .iter()
        .filter(|a| {
            a.origin
                .is_none_or(|o| o == a.id || !articles.iter().any(|b| b.id == o))
        })
        .count();
    StorySummary {
        id,
        title,
        first_published,
        last_published,
        articles,
        outlets,
        origins,
    }
}

/// The story `id` stands for now, merges followed; `None` when no such story exists.
fn resolve(conn: &Conn, id: i64) -> Result<Option<i64>> {
    let mut current = id;
    for _ in 0..MAX_MERGE_HOPS {
        match conn.query_opt(
            "SELECT new_id FROM story_merges WHERE old_id = $1",
            params![current],
        )? {
            Some(mut r) => current = r.take(0)?,
            None => {
                let exists = conn
                    .query_opt("SELECT id FROM stories WHERE id = $1", params![current])?
                    .is_some();
                return Ok(exists.then_some(current));
            }
        }
    }
    Err(StoreError::Sql(format!(
        "story {id}: merge chain longer than {MAX_MERGE_HOPS}"
    )))
}

/// Bring a story's date span, title and change time up to date with its members, and drop its
/// cached comparison (it no longer covers every member).
///
/// A story opened by an article without a headline is named by that article's opening words
/// (`Article::headline_or_opening`); once a member with a headline arrives, the story takes the
/// headline of its first such member. A title that is some member's headline stays.
fn touch(conn: &Conn, story_id: i64, now: &str) -> Result<()> {
    conn.execute(
        "UPDATE stories SET
             first_published = (SELECT MIN(a.published) FROM story_members m
                 JOIN articles a ON a.id = m.article_id WHERE m.story_id = $1),
             last_published = (SELECT MAX(a.published) FROM story_members m
                 JOIN articles a ON a.id = m.article_id WHERE m.story_id = $2),
             updated_at = $3,
             title = CASE WHEN EXISTS (SELECT 1 FROM story_members m
                     JOIN articles a ON a.id = m.article_id
                     WHERE m.story_id = $4 AND a.title = stories.title)
                 THEN title
                 ELSE COALESCE((SELECT a.title FROM story_members m
                     JOIN articles a ON a.id = m.article_id
                     WHERE m.story_id = $5 AND a.title <> '' ORDER BY m.id LIMIT 1), title)
                 END
         WHERE id = $6",
        params![story_id, story_id, now, story_id, story_id, story_id],
    )?;
    conn.execute(
        "DELETE FROM story_reports WHERE story_id = $1",
        params![story_id],
    )?;
    Ok(())
}
