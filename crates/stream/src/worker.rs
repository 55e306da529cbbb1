//! The stream as jobs, for many workers sharing one store (PostgreSQL across machines; a
//! SQLite file on one): `parallax watch --enqueue` queues an `ingest` job per input and
//! round, and `parallax worker` processes claim and run them.
//!
//! - `ingest` `{"input"}`: the crawl over one input (conditional GET, dedup, undated articles
//!   refused); then a `cluster` job is queued, keyed by the number of stored articles, so
//!   workers that saved nothing new add nothing.
//! - `cluster` `{}`: under the store's `cluster` lease (one holder at a time, taken over when
//!   it lapses), the clusterer is rebuilt from the store and every article not yet in a story
//!   is placed, in publication order, one transaction each; then a `compare` job is queued per
//!   story that gained members or lacks a current comparison, keyed by story and member count.
//!   A worker that cannot get the lease puts the job back (its attempt not counted).
//! - `compare` `{"story"}`: the story's comparison computed and cached unless current.
//!
//! Jobs are claimed with `FOR UPDATE SKIP LOCKED` on PostgreSQL and held for a lease; a killed
//! worker's job is claimed again once its lease lapses. Every job is idempotent: ingesting
//! again skips what is stored, placing again finds nothing unplaced, comparing again finds the
//! cache current. A job that fails is retried up to [`MAX_ATTEMPTS`] times in all.

use std::sync::atomic::AtomicBool;

use chrono::{DateTime, Utc};
use parallax_analyze::bias::Vectors;
use parallax_store::{Job, Store, StoreError};
use serde::Serialize;
use serde_json::json;

use crate::crawl::{Crawl, Settings};
use crate::stories::{StoryStream, story_report};

/// Tries a job gets before it is marked failed for good.
pub const MAX_ATTEMPTS: i64 = 3;

/// The job kinds a worker runs.
pub const KINDS: &[&str] = &["ingest", "cluster", "compare"];

/// What a worker needs besides the store.
pub struct WorkerSettings<'a> {
    /// This worker's name (leases are held in it): unique among running workers.
    pub id: String,
    /// How `ingest` jobs fetch (the worker's own fetch policy, not the job's).
    pub crawl: Settings,
    /// How long a claimed job, and the `cluster` lease, are held.
    pub lease: chrono::Duration,
    /// Sentence vectors for comparisons, if the worker has them.
    pub vectors: Option<&'a dyn Vectors>,
    /// Set to stop after the article in hand.
    pub stop: Option<&'static AtomicBool>,
}

/// What became of one claimed job.
#[derive(Debug, Clone, Serialize)]
pub struct JobOutcome {
    /// The job's id.
    pub job: i64,
    /// Its kind.
    pub kind: String,
    /// Its attempt (1 for the first claim).
    pub attempt: i64,
    /// `done`, `failed` (queued again or, after [`MAX_ATTEMPTS`], failed for good) or
    /// `waiting` (put back: the `cluster` lease is held by another worker).
    pub outcome: &'static str,
    /// What it did, in a few words (`3 new articles`, `5 placed, 2 new stories`, …).
    pub detail: String,
    /// The failure's one-line reason.
    pub error: Option<String>,
    /// Jobs it queued.
    pub queued: Vec<i64>,
}

/// Queue an `ingest` job for each input, keyed by input and `slot` (say, the round number or
/// the time divided by the interval): queueing the same inputs in the same slot again adds
/// nothing. Returns the jobs' ids.
pub fn enqueue_inputs(store: &Store, inputs: &[String], slot: i64) -> Result<Vec<i64>, StoreError> {
    inputs
        .iter()
        .map(|input| {
            store.enqueue_job(
                "ingest",
                &json!({ "input": input }).to_string(),
                Some(&format!("ingest:{slot}:{input}")),
            )
        })
        .collect()
}

/// Claim and run one job at `now`. `Ok(None)` when no job is ready; `Err` only when the
/// database fails (a job that fails is an outcome). The store is handed back.
pub fn run_one(
    store: Store,
    settings: &WorkerSettings<'_>,
    now: DateTime<Utc>,
) -> Result<(Option<JobOutcome>, Store), StoreError> {
    let Some(job) = store.claim_job(KINDS, now, settings.lease)? else {
        return Ok((None, store));
    };
    let mut out = JobOutcome {
        job: job.id,
        kind: job.kind.clone(),
        attempt: job.attempts,
        outcome: "done",
        detail: String::new(),
        error: None,
        queued: Vec::new(),
    };
    let (result, store) = match job.kind.as_str() {
        "ingest" => ingest(store, &job, settings, &mut out)?,
        "cluster" => {
            let r = cluster(&store, settings, now, &mut out);
            (r, store)
        }
        "compare" => {
            let r = compare(&store, &job, settings, &mut out);
            (r, store)
        }
        other => (Err(format!("unknown job kind {other:?}")), store),
    };
    match result {
        Ok(()) if out.outcome == "waiting" => store.requeue_job(job.id)?,
        Ok(()) => store.complete_job(job.id)?,
        Err(e) => {
            store.fail_job(job.id, &e, MAX_ATTEMPTS)?;
            out.outcome = "failed";
            out.error = Some(e);
        }
    }
    Ok((Some(out), store))
}

fn payload(job: &Job) -> Result<serde_json::Value, String> {
    serde_json::from_str(&job.payload).map_err(|e| format!("job {}: bad payload: {e}", job.id))
}

fn ingest(
    store: Store,
    job: &Job,
    settings: &WorkerSettings<'_>,
    out: &mut JobOutcome,
) -> Result<(Result<(), String>, Store), StoreError> {
    let input = match payload(job).and_then(|p| {
        p["input"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("job {}: no input", job.id))
    }) {
        Ok(i) => i,
        Err(e) => return Ok((Err(e), store)),
    };
    let mut crawl_settings = settings.crawl.clone();
    crawl_settings.require_date = true;
    crawl_settings.stop = settings.stop;
    crawl_settings.progress = false;
    // The crawl takes the store; on a setup failure it is lost, so the worker reconnects.
    let location = store.location().to_string();
    let crawl = match Crawl::new(store, crawl_settings) {
        Ok(c) => c,
        Err(e) => return Ok((Err(e), Store::open(&location)?)),
    };
    let (outcome, store) = crawl.run_keeping_store(std::slice::from_ref(&input));
    let s = &outcome.summary;
    out.detail = format!(
        "{} new article{}, {} failed, {} already ingested",
        s.saved,
        if s.saved == 1 { "" } else { "s" },
        s.failed,
        s.already_ingested
    );
    if let Some(e) = outcome.inputs.iter().find_map(|r| r.error.clone()) {
        return Ok((Err(format!("{input}: {e}")), store));
    }
    let queued = store
        .article_count()
        .and_then(|n| store.enqueue_job("cluster", "{}", Some(&format!("cluster:{n}"))));
    match queued {
        Ok(id) => {
            out.queued.push(id);
            Ok((Ok(()), store))
        }
        Err(e) => Ok((Err(e.to_string()), store)),
    }
}

fn cluster(
    store: &Store,
    settings: &WorkerSettings<'_>,
    now: DateTime<Utc>,
    out: &mut JobOutcome,
) -> Result<(), String> {
    let err = |e: StoreError| e.to_string();
    if !store
        .take_lease("cluster", &settings.id, now, settings.lease)
        .map_err(err)?
    {
        out.outcome = "waiting";
        out.detail = "another worker holds the cluster lease".into();
        return Ok(());
    }
    let result = (|| {
        let mut stream =
            StoryStream::resume(store, parallax_cluster::Config::default()).map_err(err)?;
        let placed = stream
            .assign_pending(store, settings.stop.map(|s| s as &AtomicBool), |_, _| {})
            .map_err(err)?;
        let mut stories = placed.touched.clone();
        stories.extend(store.stories_without_report().map_err(err)?);
        stories.sort_unstable();
        stories.dedup();
        for story in stories {
            let members = store
                .story(story)
                .map_err(err)?
                .map_or(0, |s| s.articles.len());
            let id = store
                .enqueue_job(
                    "compare",
                    &json!({ "story": story }).to_string(),
                    Some(&format!("compare:{story}:{members}")),
                )
                .map_err(err)?;
            out.queued.push(id);
        }
        out.detail = format!(
            "{} placed, {} new stor{}, {} replayed",
            placed.articles,
            placed.new_stories,
            if placed.new_stories == 1 { "y" } else { "ies" },
            stream.replayed()
        );
        Ok(())
    })();
    let released = store.release_lease("cluster", &settings.id).map_err(err);
    result.and(released)
}

fn compare(
    store: &Store,
    job: &Job,
    settings: &WorkerSettings<'_>,
    out: &mut JobOutcome,
) -> Result<(), String> {
    let story = payload(job)?["story"]
        .as_i64()
        .ok_or_else(|| format!("job {}: no story", job.id))?;
    match story_report(store, story, settings.vectors).map_err(|e| e.to_string())? {
        Some((s, _, cached)) => {
            out.detail = format!(
                "story {} ({} articles){}",
                s.id,
                s.articles.len(),
                if cached { ", already current" } else { "" }
            );
            Ok(())
        }
        None => Err(format!("no story {story}")),
    }
}
