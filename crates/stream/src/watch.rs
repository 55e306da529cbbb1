//! One round of `parallax watch`: poll the inputs that are due, ingest what is new, place the
//! new articles in stories, refresh the touched stories' comparisons.
//!
//! Polling state is per input, in the store (`watch_sources`): an input that fails (cannot be
//! fetched, times out, is not a feed) is polled again only after a backoff that doubles with
//! each failure in a row (the round interval, then twice it, … up to [`MAX_BACKOFF`]), plus a
//! jitter of up to a tenth, fixed per input so that runs are reproducible; an input that
//! answers is due at every round. Conditional GET (ETag, Last-Modified) is the crawl's, per URL.
//! Bad articles (a 404, a page that does not extract, no publication date) are failures of
//! the round with their reasons, never the end of it. A round also compares the stories an
//! interrupted run left without a current comparison.

use std::sync::atomic::AtomicBool;
use std::time::Duration;

use chrono::{DateTime, Utc};
use parallax_analyze::bias::Vectors;
use parallax_store::{Store, StoreError};
use serde::Serialize;

use crate::crawl::{Crawl, InputReport, ItemReport, Settings, Summary};
use crate::stories::{Assigned, StoryStream, refresh_reports};

/// The longest wait before a failing input is polled again.
pub const MAX_BACKOFF: Duration = Duration::from_secs(6 * 3600);

/// An input that failed, or an article that did, with the reason.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    /// The input or the article's URL.
    pub url: String,
    /// The one-line reason.
    pub error: String,
    /// The HTTP status, when one came back.
    pub http_status: Option<u16>,
}

/// What one round did.
#[derive(Debug, Clone, Serialize)]
pub struct Round {
    /// The ingest counts of this round (as `parallax ingest` reports them).
    pub ingest: Summary,
    /// Inputs skipped because they are backing off after failures, with when they are due.
    pub backing_off: Vec<Backoff>,
    /// Inputs skipped because their feed asks to be read less often than every round (RSS
    /// `<ttl>`), with when they are due.
    pub waiting: Vec<Waiting>,
    /// Inputs and articles that failed, with their reasons.
    pub failures: Vec<Failure>,
    /// The failures counted by reason (`not found (404)`, `no publication date`, …).
    pub failure_counts: Vec<(String, usize)>,
    /// Articles placed in stories, stories opened, touched.
    pub assigned: Assigned,
    /// Story comparisons computed and cached.
    pub reports_refreshed: usize,
    /// True when a stop request ended the round early.
    pub stopped: bool,
    /// True when another process (a worker) held the `cluster` lease, so this round placed
    /// nothing; the articles are placed by it or by a later round.
    pub cluster_busy: bool,
}

/// An input waiting for its own interval.
#[derive(Debug, Clone, Serialize)]
pub struct Waiting {
    /// The input.
    pub input: String,
    /// When it is due, RFC 3339 UTC.
    pub next_poll_at: String,
}

/// An input waiting out its backoff.
#[derive(Debug, Clone, Serialize)]
pub struct Backoff {
    /// The input.
    pub input: String,
    /// Failures in a row.
    pub failures: i64,
    /// When it is due, RFC 3339 UTC.
    pub next_poll_at: String,
}

/// The wait after `failures` failures in a row with rounds every `every`: `every · 2^(n-1)`
/// up to [`MAX_BACKOFF`], plus up to a tenth more, fixed by the input's name.
pub fn backoff(input: &str, failures: i64, every: Duration) -> Duration {
    let doublings = u32::try_from(failures.clamp(1, 16) - 1).unwrap_or(0);
    let base = every
        .max(Duration::from_secs(1))
        .saturating_mul(1u32 << doublings)
        .min(MAX_BACKOFF);
    // FNV-1a of the input: the same input always gets the same jitter.
    let hash = input.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let jitter = base.mul_f64((hash % 1000) as f64 / 10_000.0);
    base + jitter
}

/// A failure's reason without its details: what the summary counts by.
fn reason_kind(error: &str, status: Option<u16>) -> String {
    if let Some(s) = status.filter(|s| *s >= 400) {
        return format!("HTTP {s}");
    }
    if let Some(code) = error
        .strip_prefix("HTTP ")
        .and_then(|r| r.split_whitespace().next())
    {
        return format!("HTTP {code}");
    }
    let lower = error.to_lowercase();
    if lower.contains("no publication date") {
        "no publication date".into()
    } else if lower.contains("timed out") || lower.contains("timeout") {
        "timed out".into()
    } else if lower.contains("not found") || lower.contains("no such file") {
        "not found".into()
    } else if lower.contains("robots.txt") {
        "disallowed by robots.txt".into()
    } else if status.is_some() {
        "extraction failed".into()
    } else {
        "fetch failed".into()
    }
}

/// The settings of a round.
pub struct RoundSettings<'a> {
    /// How to fetch (the crawl's settings; `require_date` is forced on).
    pub crawl: Settings,
    /// The round interval, the unit of the backoff.
    pub every: Duration,
    /// Sentence vectors for the comparisons, if the caller has them.
    pub vectors: Option<&'a dyn Vectors>,
    /// Set to stop after the article in hand.
    pub stop: Option<&'static AtomicBool>,
    /// This process's name for the store's `cluster` lease (shared with `parallax worker`).
    pub id: String,
}

/// How long `watch` holds the `cluster` lease while it places a round's articles.
const CLUSTER_LEASE: chrono::TimeDelta = chrono::TimeDelta::minutes(10);

/// Run one round over `inputs` at `now`; the store is handed back with the round's report.
/// `Err` only when the database fails (an input or article failing is part of the report).
pub fn round(
    store: Store,
    stream: &mut StoryStream,
    inputs: &[String],
    settings: RoundSettings<'_>,
    now: DateTime<Utc>,
    mut progress: impl FnMut(&str),
) -> Result<(Round, Store), StoreError> {
    let mut due = Vec::new();
    let mut backing_off = Vec::new();
    let mut waiting = Vec::new();
    for input in inputs {
        match store.source_state(input)? {
            Some(s)
                if DateTime::parse_from_rfc3339(&s.next_poll_at)
                    .is_ok_and(|t| t.to_utc() > now) =>
            {
                if s.failures > 0 {
                    backing_off.push(Backoff {
                        input: input.clone(),
                        failures: s.failures,
                        next_poll_at: s.next_poll_at,
                    });
                } else {
                    waiting.push(Waiting {
                        input: input.clone(),
                        next_poll_at: s.next_poll_at,
                    });
                }
            }
            _ => due.push(input.clone()),
        }
    }
    let mut crawl_settings = settings.crawl;
    crawl_settings.require_date = true;
    crawl_settings.stop = settings.stop;
    let crawl = match Crawl::new(store, crawl_settings) {
        Ok(c) => c,
        Err(e) => return Err(StoreError::Sql(e)),
    };
    let (outcome, store) = crawl.run_keeping_store(&due);
    let mut failures = Vec::new();
    for r in &outcome.inputs {
        record_input(&store, r, settings.every, now)?;
        if let Some(e) = &r.error {
            failures.push(Failure {
                url: r.input.clone(),
                error: e.clone(),
                http_status: None,
            });
        }
    }
    failures.extend(outcome.items.iter().filter(|i| i.outcome == "failed").map(
        |i: &ItemReport| Failure {
            url: i.url.clone(),
            error: i.error.clone().unwrap_or_default(),
            http_status: i.http_status,
        },
    ));
    let mut failure_counts: Vec<(String, usize)> = Vec::new();
    for f in &failures {
        let kind = reason_kind(&f.error, f.http_status);
        match failure_counts.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => *n += 1,
            None => failure_counts.push((kind, 1)),
        }
    }
    failure_counts.sort();
    let stop = settings.stop;
    // Placement runs under the store's one `cluster` lease, like a worker's, so a `watch` and
    // workers sharing a database never place articles at the same time; if others placed
    // some since this process last looked, its clusterer is rebuilt from the store first.
    progress("placing articles in stories");
    let cluster_busy = !store.take_lease("cluster", &settings.id, now, CLUSTER_LEASE)?;
    let assigned = if cluster_busy {
        Assigned::default()
    } else {
        let placed = (|| {
            if !stream.is_current(&store)? {
                *stream = StoryStream::resume(&store, stream.config().clone())?;
            }
            stream.assign_pending(&store, stop.map(|s| s as &AtomicBool), |n, of| {
                progress(&format!("placed {n}/{of} articles"));
            })
        })();
        store.release_lease("cluster", &settings.id)?;
        placed?
    };
    progress("comparing the stories that changed");
    // The stories placed in now, and any an interrupted run left without a current comparison.
    let mut to_compare = assigned.touched.clone();
    to_compare.extend(store.stories_without_report()?);
    to_compare.sort_unstable();
    to_compare.dedup();
    let reports_refreshed = refresh_reports(
        &store,
        &to_compare,
        settings.vectors,
        stop.map(|s| s as &AtomicBool),
    )?;

    let stopped = outcome.summary.stopped
        || assigned.stopped
        || stop.is_some_and(|s| s.load(std::sync::atomic::Ordering::SeqCst));
    Ok((
        Round {
            ingest: outcome.summary,
            backing_off,
            waiting,
            failures,
            failure_counts,
            assigned,
            reports_refreshed,
            stopped,
            cluster_busy,
        },
        store,
    ))
}

/// Record an input's poll: failures in a row and when it is due again. An input that
/// answered is due at the next round, unless its feed asks to be read less often (RSS
/// `<ttl>` longer than the round interval): then after that interval. A feed that answered
/// `304 Not Modified` was not read, so the interval it asked for last time holds.
fn record_input(
    store: &Store,
    r: &InputReport,
    every: Duration,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let previous = store.source_state(&r.input)?;
    let failures = previous.as_ref().map_or(0, |s| s.failures);
    match &r.error {
        Some(e) => {
            let failures = failures + 1;
            let wait = chrono::Duration::from_std(backoff(&r.input, failures, every))
                .unwrap_or_else(|_| chrono::Duration::hours(6));
            store.record_source(&r.input, failures, now, now + wait, Some(e))
        }
        None => {
            let asked = r.interval.or_else(|| {
                if r.not_modified.is_empty() {
                    return None;
                }
                let s = previous.as_ref().filter(|s| s.failures == 0)?;
                let at = |t: &str| DateTime::parse_from_rfc3339(t).ok().map(|t| t.to_utc());
                (at(&s.next_poll_at)? - at(&s.last_polled_at)?)
                    .to_std()
                    .ok()
            });
            let wait = own_interval(asked, every);
            store.record_source(&r.input, 0, now, now + wait, None)
        }
    }
}

/// The wait before the next poll of an input that answered: its own interval when it asks
/// for one longer than the round interval (capped at [`MAX_FEED_INTERVAL`]), else none (due
/// at the next round).
///
/// [`MAX_FEED_INTERVAL`]: parallax_ingest::MAX_FEED_INTERVAL
pub fn own_interval(asked: Option<Duration>, every: Duration) -> chrono::Duration {
    asked
        .map(|d| d.min(parallax_ingest::MAX_FEED_INTERVAL))
        .filter(|d| *d > every)
        .and_then(|d| chrono::Duration::from_std(d).ok())
        .unwrap_or_else(chrono::Duration::zero)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feed_is_read_at_its_own_interval_when_longer_than_the_rounds() {
        let every = Duration::from_secs(300);
        let hour = Duration::from_secs(3600);
        assert_eq!(own_interval(Some(hour), every), chrono::Duration::hours(1));
        assert_eq!(
            own_interval(Some(Duration::from_secs(60)), every),
            chrono::Duration::zero()
        );
        assert_eq!(own_interval(None, every), chrono::Duration::zero());
        assert_eq!(
            own_interval(Some(Duration::from_secs(10 * 24 * 3600)), every),
            chrono::Duration::hours(24)
        );
    }

    #[test]
    fn backoff_doubles_with_failures_up_to_the_cap_and_its_jitter_is_fixed() {
        let every = Duration::from_secs(60);
        let one = backoff("https://a.invalid/feed", 1, every);
        let two = backoff("https://a.invalid/feed", 2, every);
        assert!(one >= every && one <= every.mul_f64(1.1));
        assert!(two >= 2 * every && two <= (2 * every).mul_f64(1.1));
        assert_eq!(one, backoff("https://a.invalid/feed", 1, every));
        assert!(backoff("x", 40, every) <= MAX_BACKOFF.mul_f64(1.1));
    }

    #[test]
    fn failures_are_counted_by_kind() {
        assert_eq!(reason_kind("HTTP 404 Not Found", Some(404)), "HTTP 404");
        assert_eq!(reason_kind("HTTP 410 Gone", None), "HTTP 410");
        assert_eq!(
            reason_kind("no publication date (not in the page)", Some(200)),
            "no publication date"
        );
        assert_eq!(reason_kind("operation timed out", None), "timed out");
        assert_eq!(reason_kind("file not found", None), "not found");
        assert_eq!(
            reason_kind("not an article: binary", Some(200)),
            "extraction failed"
        );
    }
}
