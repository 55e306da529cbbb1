//! The ingestion pipeline behind `parallax ingest`: discover article links in the inputs,
//! fetch them politely on a few worker threads, extract, deduplicate, save.
//!
//! 1. **Discover** (this thread, input order): each input is read (a file, or a URL fetched
//!    with robots.txt, the per-host gate and a conditional GET), its kind detected, and
//!    feeds, OPML lists (their feeds followed), sitemap indexes (their sitemaps followed, three
//!    levels at most), sitemaps and URL lists turned into jobs. A page input is a job itself.
//!    WARC files are streamed record by record straight to step 3: nothing to fetch.
//! 2. **Fetch** (worker threads): skip URLs an earlier run already ingested (fetch state in
//!    the store), obey robots.txt and the per-host delay and concurrency, conditional GET,
//!    extract with `parallax-extract`, compute the MinHash signature.
//! 3. **Save** (this thread, job order, so results do not depend on thread timing): exact
//!    duplicates by content hash (the store), near-copies by MinHash LSH (linked to the
//!    earlier article), fetch state recorded for the next run.
//!
//! Every failure is one line on stderr and one item in the report; the batch goes on.
//! [`Settings::stop`] ends a run early but cleanly: no new input is read and no new job
//! started, the jobs in hand are saved, and the fetch state of unfinished listings keeps no
//! validators, so the next run fetches them again.

use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use indicatif::{ProgressBar, ProgressStyle};
use parallax_cluster::minhash::{LshIndex, MinHasher, Signature};
use parallax_core::{Article, Provenance, Sourced};
use parallax_ingest::canon::canonical_url;
use parallax_ingest::politeness::HostGate;
use parallax_ingest::robots::Robots;
use parallax_ingest::{
    Conditional, FetchOptions, Fetcher, IngestError, RawInput, Sitemap, SourceKind, detect_kind,
};
use parallax_store::{FetchState, Store};
use serde::Serialize;

/// How far OPML lists and sitemap indexes are followed.
const MAX_DEPTH: usize = 3;
/// WARC pages extracted per batch on the worker threads (bounds the bodies held at once).
const WARC_BATCH: usize = 128;
/// How far workers may run ahead of the saving thread (bounds buffered results).
const WINDOW: usize = 64;

/// Settings of one run.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Timeout, size cap, private-address policy.
    pub fetch: FetchOptions,
    /// Delay between two requests to one host.
    pub delay: Duration,
    /// Worker threads.
    pub concurrency: usize,
    /// Requests in flight to one host.
    pub per_host: usize,
    /// Most articles fetched or read.
    pub limit: Option<usize>,
    /// Re-fetch already ingested articles.
    pub refresh: bool,
    /// Draw a progress bar on stderr.
    pub progress: bool,
    /// Refuse an article whose page, feed and sitemap give no publication date (a failure
    /// with that reason): the story stream places articles in time.
    pub require_date: bool,
    /// Set (by a signal handler) to stop after the jobs in hand.
    pub stop: Option<&'static AtomicBool>,
}

impl Settings {
    /// Settings with these fetch options and ingest's defaults otherwise: one second between
    /// requests to a host, four in flight (one per host), no limit, no refresh, no progress
    /// bar, undated articles accepted, no stop flag.
    pub fn new(fetch: FetchOptions) -> Settings {
        Settings {
            fetch,
            delay: Duration::from_millis(1000),
            concurrency: 4,
            per_host: 1,
            limit: None,
            refresh: false,
            progress: false,
            require_date: false,
            stop: None,
        }
    }
}

/// What one input gave.
#[derive(Debug, Clone, Serialize)]
pub struct InputReport {
    /// The input as given.
    pub input: String,
    /// `feed`, `opml`, `sitemap`, `url-list`, `warc`, `page`, or `unknown` when unreadable.
    pub kind: &'static str,
    /// Article links (or WARC pages) found in it, its nested feeds and sitemaps included.
    pub found: usize,
    /// Why it could not be used, if so.
    pub error: Option<String>,
    /// Warnings: an empty feed, items without links, repaired UTF-8, nested failures.
    pub notes: Vec<String>,
    /// Feeds and sitemaps (this input or nested in it) that answered `304 Not Modified`:
    /// nothing new since the last run.
    pub not_modified: Vec<String>,
    /// How often this input asks to be read, when it is a feed that says so (RSS `<ttl>`).
    #[serde(skip)]
    pub interval: Option<std::time::Duration>,
}

/// What happened to one article link or WARC record.
#[derive(Debug, Clone, Serialize)]
pub struct ItemReport {
    /// The URL as found (or the file, for a page file).
    pub url: String,
    /// Its canonical spelling.
    pub canonical_url: Option<String>,
    /// The input it was found through.
    pub from: String,
    /// `saved`, `duplicate`, `near_copy`, `not_modified`, `already_ingested`, `disallowed`,
    /// `failed`, `skipped` (non-200 WARC record).
    pub outcome: &'static str,
    /// The stored article (for a duplicate: the first copy).
    pub article_id: Option<i64>,
    /// For a near-copy: the earlier article it copies.
    pub origin_id: Option<i64>,
    /// For a near-copy: estimated Jaccard similarity.
    pub similarity: Option<f64>,
    /// The HTTP status, when fetched.
    pub http_status: Option<u16>,
    /// The headline.
    pub title: Option<String>,
    /// The one-line error.
    pub error: Option<String>,
}

/// Counts of one run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Inputs given (directories count their files).
    pub inputs: usize,
    /// Inputs that could not be read or parsed at all.
    pub inputs_failed: usize,
    /// Distinct article links and WARC pages found.
    pub discovered: usize,
    /// Skipped: ingested by an earlier run.
    pub already_ingested: usize,
    /// New articles saved (near-copies included).
    pub saved: usize,
    /// Same text as an article already stored.
    pub duplicates: usize,
    /// Saved, and linked to the earlier article they nearly copy.
    pub near_copies: usize,
    /// `304 Not Modified` on a refresh.
    pub not_modified: usize,
    /// Refused by robots.txt.
    pub disallowed: usize,
    /// Failed (fetch, extraction, WARC record).
    pub failed: usize,
    /// Not fetched because of `--limit`.
    pub left_by_limit: usize,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// True when the run was asked to stop ([`Settings::stop`]) and ended early.
    pub stopped: bool,
}

/// A run's result.
pub struct Outcome {
    /// One per input, in order.
    pub inputs: Vec<InputReport>,
    /// One per article link or WARC page, in discovery order.
    pub items: Vec<ItemReport>,
    /// Counts.
    pub summary: Summary,
}

/// Metadata a feed or sitemap gives about an article, used where the page says nothing.
#[derive(Debug, Clone, Default)]
struct Hint {
    title: Option<String>,
    published: Option<DateTime<Utc>>,
    author: Option<String>,
}

/// One article to fetch (or already fetched, for a page given as a URL).
struct Job {
    url: String,
    canonical: String,
    from: String,
    hint: Hint,
    listing: Option<usize>,
    cond: Conditional,
    previous_article: Option<i64>,
    prefetched: Option<Fetched>,
    /// `page` or `warc-record`, for the fetch state.
    kind: &'static str,
}

/// A fetched body with its validators.
struct Fetched {
    raw: RawInput,
    status: u16,
    etag: Option<String>,
    last_modified: Option<String>,
}

/// What a worker hands back for one job.
enum Done {
    Article {
        fetched: Box<Fetched>,
        article: Box<Article>,
        notes: Vec<String>,
        signature: Signature,
    },
    NotModified {
        status: u16,
    },
    Disallowed(String),
    Failed {
        error: String,
        status: Option<u16>,
    },
}

/// Shared, thread-safe parts: the client, the gate, the robots cache.
struct Ctx {
    fetcher: Fetcher,
    gate: HostGate,
    robots: Robots,
    hasher: MinHasher,
    max_bytes: usize,
    concurrency: usize,
    require_date: bool,
    stop: Option<&'static AtomicBool>,
}

impl Ctx {
    fn stopped(&self) -> bool {
        self.stop.is_some_and(|s| s.load(Ordering::SeqCst))
    }
}

/// A listing (feed, sitemap, ...) fetched by URL: its state is recorded after its articles,
/// with validators only if every one of them reached a final outcome, so an interrupted or
/// limited run does not hide unfetched items behind a `304` next time.
struct Listing {
    state: FetchState,
    complete: bool,
}

/// The saving side: the store, the near-copy index, the report.
struct State {
    store: Store,
    lsh: LshIndex,
    inputs: Vec<InputReport>,
    items: Vec<ItemReport>,
    summary: Summary,
    listings: Vec<Listing>,
    seen: HashSet<String>,
    budget: Option<usize>,
    progress: ProgressBar,
    refresh: bool,
}

/// One ingestion run.
pub struct Crawl {
    ctx: Ctx,
    state: State,
}

impl Crawl {
    /// Set up the client, the gate and the near-copy index (loaded with the stored signatures).
    pub fn new(store: Store, settings: Settings) -> Result<Crawl, String> {
        let fetcher = Fetcher::new(&settings.fetch).map_err(|e| e.to_string())?;
        let gate = HostGate::new(settings.delay, settings.per_host);
        let robots = Robots::new(fetcher.clone(), Some(gate.clone()));
        let mut lsh = LshIndex::new();
        for (id, sig) in store.signatures().map_err(|e| e.to_string())? {
            if let Some(sig) = Signature::decode(&sig) {
                lsh.insert(id, sig);
            }
        }
        let progress = if settings.progress {
            let pb = ProgressBar::new(0);
            pb.set_style(
                ProgressStyle::with_template(
                    "{spinner} {elapsed_precise} [{bar:30}] {pos}/{len} {wide_msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            pb.enable_steady_tick(Duration::from_millis(200));
            pb
        } else {
            ProgressBar::hidden()
        };
        Ok(Crawl {
            ctx: Ctx {
                fetcher,
                gate,
                robots,
                hasher: MinHasher::new(),
                max_bytes: settings.fetch.max_bytes,
                concurrency: settings.concurrency,
                require_date: settings.require_date,
                stop: settings.stop,
            },
            state: State {
                store,
                lsh,
                inputs: Vec::new(),
                items: Vec::new(),
                summary: Summary::default(),
                listings: Vec::new(),
                seen: HashSet::new(),
                budget: settings.limit,
                progress,
                refresh: settings.refresh,
            },
        })
    }

    /// Ingest every input; never stops at a bad one.
    pub fn run(self, specs: &[String]) -> Outcome {
        self.run_keeping_store(specs).0
    }

    /// [`Crawl::run`], handing the store back for what comes next (assignment to stories).
    pub fn run_keeping_store(mut self, specs: &[String]) -> (Outcome, Store) {
        let started = Instant::now();
        let mut jobs = Vec::new();
        for spec in expand(specs) {
            if self.ctx.stopped() {
                break;
            }
            self.state.progress.set_message(format!("reading {spec}"));
            let mut report = InputReport {
                input: spec.clone(),
                kind: "unknown",
                found: 0,
                error: None,
                notes: Vec::new(),
                not_modified: Vec::new(),
                interval: None,
            };
            let before = jobs.len();
            if let Err(e) = discover(
                &self.ctx,
                &mut self.state,
                &spec,
                &spec,
                0,
                &mut jobs,
                &mut report,
            ) {
                self.state.line(format!("error: {spec}: {e}"));
                report.error = Some(e.to_string());
                self.state.summary.inputs_failed += 1;
            }
            report.found += jobs.len() - before;
            for n in &report.notes {
                self.state.line(format!("warning: {spec}: {n}"));
            }
            self.state.inputs.push(report);
        }
        self.state.summary.inputs = self.state.inputs.len();
        let jobs = self.state.triage(jobs);
        fetch_all(&self.ctx, &mut self.state, jobs);
        self.state.finish_listings();
        self.state.progress.finish_and_clear();
        self.state.summary.seconds = started.elapsed().as_secs_f64();
        self.state.summary.stopped = self.ctx.stopped();
        (
            Outcome {
                inputs: self.state.inputs,
                items: self.state.items,
                summary: self.state.summary,
            },
            self.state.store,
        )
    }
}

/// Files of directories (sorted, not hidden, no `.meta.json` sidecars); other specs as given.
fn expand(specs: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for spec in specs {
        let path = std::path::Path::new(spec);
        if !spec.contains("://") && path.is_dir() {
            let mut files: Vec<String> = std::fs::read_dir(path)
                .into_iter()
                .flatten()
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .filter(|p| {
                    let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
                    name.is_some_and(|n| !n.starts_with('.') && !n.ends_with(".meta.json"))
                })
                .map(|p| p.display().to_string())
                .collect();
            files.sort();
            if files.is_empty() {
                out.push(spec.clone());
            }
            out.extend(files);
        } else {
            out.push(spec.clone());
        }
    }
    out
}

fn is_url(spec: &str) -> bool {
    let lower = spec.get(..8).unwrap_or(spec).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Read one source (file or URL) and turn it into jobs; WARC files are ingested here.
fn discover(
    ctx: &Ctx,
    st: &mut State,
    spec: &str,
    from: &str,
    depth: usize,
    jobs: &mut Vec<Job>,
    report: &mut InputReport,
) -> Result<(), IngestError> {
    if depth > MAX_DEPTH {
        return Err(IngestError::Format(format!(
            "lists nested more than {MAX_DEPTH} deep; not followed"
        )));
    }
    let (raw, listing) = if is_url(spec) {
        let canonical = canonical_url(spec)?;
        let previous = st.store.fetch_state(&canonical).ok().flatten();
        let cond = match &previous {
            Some(p) if p.outcome == "listed" => Conditional {
                etag: p.etag.clone(),
                last_modified: p.last_modified.clone(),
            },
            _ => Conditional::default(),
        };
        let fetched = fetch_url(ctx, spec, &cond)?;
        if fetched.status == 304 {
            if depth == 0 {
                report.kind = previous.as_ref().map_or("feed", |p| kind_name(&p.kind));
            }
            report.not_modified.push(spec.to_string());
            return Ok(());
        }
        let bytes =
            parallax_ingest::decompress::maybe_gunzip(fetched.raw.bytes.clone(), ctx.max_bytes)?;
        let kind = detect_kind(&bytes, fetched.raw.content_type.as_deref());
        if kind == SourceKind::Page || kind == SourceKind::Warc && depth > 0 {
            if depth > 0 {
                return Err(IngestError::Format(format!(
                    "expected a feed or sitemap, found a {}",
                    kind.name()
                )));
            }
            report.kind = kind.name();
            if kind == SourceKind::Warc {
                return Err(IngestError::Format(
                    "WARC over HTTP is not read; download it and pass the file".into(),
                ));
            }
            jobs.push(Job {
                url: spec.to_string(),
                canonical,
                from: from.to_string(),
                hint: Hint::default(),
                listing: None,
                cond: Conditional::default(),
                previous_article: previous.and_then(|p| p.article_id),
                prefetched: Some(fetched),
                kind: "page",
            });
            return Ok(());
        }
        if kind == SourceKind::Warc {
            report.kind = kind.name();
            return Err(IngestError::Format(
                "WARC over HTTP is not read; download it and pass the file".into(),
            ));
        }
        let state = FetchState {
            canonical_url: canonical,
            url: spec.to_string(),
            final_url: fetched.raw.url.clone(),
            kind: kind.name().to_string(),
            outcome: "listed".into(),
            http_status: Some(i64::from(fetched.status)),
            etag: fetched.etag.clone(),
            last_modified: fetched.last_modified.clone(),
            ..FetchState::default()
        };
        st.listings.push(Listing {
            state,
            complete: true,
        });
        let mut raw = fetched.raw;
        raw.bytes = bytes;
        (raw, Some(st.listings.len() - 1))
    } else {
        if is_warc_file(spec) {
            report.kind = "warc";
            return ingest_warc(ctx, st, spec, report);
        }
        let mut raw = parallax_ingest::read_input(
            spec,
            &FetchOptions {
                max_bytes: ctx.max_bytes,
                ..FetchOptions::default()
            },
        )?;
        raw.bytes = parallax_ingest::decompress::maybe_gunzip(
            std::mem::take(&mut raw.bytes),
            ctx.max_bytes,
        )?;
        (raw, None)
    };
    let kind = detect_kind(&raw.bytes, raw.content_type.as_deref());
    if depth == 0 {
        report.kind = kind.name();
    }
    let base = raw.url.clone();
    let add = |st: &mut State, jobs: &mut Vec<Job>, url: &str, hint: Hint| {
        st.add_job(jobs, url, from, hint, listing, base.as_deref());
    };
    match kind {
        SourceKind::Feed => {
            let feed = parallax_ingest::parse_feed(&raw.bytes, base.as_deref())?;
            if depth == 0 {
                report.interval = feed.interval;
            }
            report.notes.extend(feed.notes.iter().cloned());
            if feed.items.is_empty() {
                report
                    .notes
                    .push(format!("{} feed has no items", feed.kind));
            }
            if feed.skipped > 0 {
                report
                    .notes
                    .push(format!("{} item(s) without a link skipped", feed.skipped));
            }
            for item in feed.items {
                let hint = Hint {
                    title: item.title,
                    published: item.published,
                    author: item.author,
                };
                add(st, jobs, &item.url, hint);
            }
        }
        SourceKind::Opml => {
            let feeds = parallax_ingest::parse_opml(&raw.bytes)?;
            if feeds.is_empty() {
                report.notes.push("OPML list names no feeds".into());
            }
            for f in feeds {
                let url = resolve(base.as_deref(), &f.url);
                if let Err(e) = discover(ctx, st, &url, from, depth + 1, jobs, report) {
                    st.line(format!("error: {url}: {e}"));
                    report.notes.push(format!("feed {url}: {e}"));
                }
            }
        }
        SourceKind::Sitemap => match parallax_ingest::parse_sitemap(&raw.bytes)? {
            Sitemap::Index(children) => {
                for child in children {
                    let url = resolve(base.as_deref(), &child);
                    if let Err(e) = discover(ctx, st, &url, from, depth + 1, jobs, report) {
                        st.line(format!("error: {url}: {e}"));
                        report.notes.push(format!("sitemap {url}: {e}"));
                    }
                }
            }
            Sitemap::Urls(urls) => {
                if urls.is_empty() {
                    report.notes.push("sitemap lists no URLs".into());
                }
                for u in urls {
                    let hint = Hint {
                        title: u.title,
                        published: u.published,
                        author: None,
                    };
                    add(st, jobs, &u.url, hint);
                }
            }
        },
        SourceKind::UrlList => {
            for u in parallax_ingest::parse_url_list(&raw.bytes)? {
                add(st, jobs, &u, Hint::default());
            }
        }
        SourceKind::Warc => {
            return Err(IngestError::Format(
                "a gzipped WARC must be passed as a file".into(),
            ));
        }
        SourceKind::Page if depth > 0 => {
            return Err(IngestError::Format(
                "expected a feed or sitemap, found a page".into(),
            ));
        }
        SourceKind::Page => {
            // A page file: extract it directly (no fetch), keyed by its path.
            let canonical = format!("file:{}", std::path::Path::new(spec).display());
            if st.seen.insert(canonical.clone()) {
                st.summary.discovered += 1;
                jobs.push(Job {
                    url: spec.to_string(),
                    canonical,
                    from: from.to_string(),
                    hint: Hint::default(),
                    listing: None,
                    cond: Conditional::default(),
                    previous_article: None,
                    prefetched: Some(Fetched {
                        raw,
                        status: 200,
                        etag: None,
                        last_modified: None,
                    }),
                    kind: "page",
                });
            }
        }
    }
    Ok(())
}

fn kind_name(kind: &str) -> &'static str {
    match kind {
        "feed" => "feed",
        "opml" => "opml",
        "sitemap" => "sitemap",
        "url-list" => "url-list",
        _ => "page",
    }
}

/// A link from a listing made absolute against the listing's URL.
fn resolve(base: Option<&str>, href: &str) -> String {
    base.and_then(|b| url::Url::parse(b).ok())
        .and_then(|b| b.join(href.trim()).ok())
        .map_or_else(|| href.trim().to_string(), |u| u.to_string())
}

/// True when the file starts like a WARC file (plain, or gzip whose first member does).
fn is_warc_file(spec: &str) -> bool {
    use std::io::Read;
    let mut head = [0u8; 512];
    let n = std::fs::File::open(spec)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    detect_kind(&head[..n], None) == SourceKind::Warc
}

/// Fetch one URL behind robots.txt and the per-host gate.
fn fetch_url(ctx: &Ctx, url: &str, cond: &Conditional) -> Result<Fetched, IngestError> {
    // A refused address is refused as such, before its robots.txt is asked for.
    ctx.fetcher.check(url)?;
    ctx.robots.check(url)?;
    let host = url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_default();
    let _permit = ctx.gate.acquire(&host);
    let resp = ctx.fetcher.get(url, cond)?;
    Ok(Fetched {
        status: resp.status,
        etag: resp.etag,
        last_modified: resp.last_modified,
        raw: resp.raw,
    })
}

/// Stream a WARC file: each response record with a 200 page is extracted and saved.
fn ingest_warc(
    ctx: &Ctx,
    st: &mut State,
    spec: &str,
    report: &mut InputReport,
) -> Result<(), IngestError> {
    let reader = parallax_ingest::warc::open(std::path::Path::new(spec), ctx.max_bytes)?;
    let mut batch = Vec::new();
    let outcome = ingest_records(ctx, st, spec, report, reader, &mut batch);
    // What was read before a broken stream is still saved.
    fetch_all(ctx, st, batch);
    outcome
}

/// The record loop of [`ingest_warc`]; pages go into `batch`.
fn ingest_records(
    ctx: &Ctx,
    st: &mut State,
    spec: &str,
    report: &mut InputReport,
    reader: impl Iterator<Item = Result<parallax_ingest::warc::WarcRecord, IngestError>>,
    batch: &mut Vec<Job>,
) -> Result<(), IngestError> {
    for record in reader {
        let record = match record {
            Ok(r) => r,
            Err(e @ IngestError::TooLarge { .. }) => {
                st.record_item_failure(spec, spec, None, &e.to_string(), None);
                continue;
            }
            // A broken stream: everything before it was ingested; say where it stopped.
            Err(e) => {
                return Err(IngestError::Format(format!(
                    "{e} (records before it were ingested)"
                )));
            }
        };
        let Some(uri) = record.target_uri.clone() else {
            continue;
        };
        let Some(payload) = record.http(ctx.max_bytes) else {
            continue;
        };
        report.found += 1;
        let canonical = match canonical_url(&uri) {
            Ok(c) => c,
            Err(e) => {
                st.record_item_failure(&uri, spec, None, &e.to_string(), None);
                continue;
            }
        };
        if !st.seen.insert(canonical.clone()) {
            continue;
        }
        st.summary.discovered += 1;
        if !st.refresh
            && let Ok(Some(prev)) = st.store.fetch_state(&canonical)
            && is_final(&prev.outcome)
        {
            st.summary.already_ingested += 1;
            st.push_item(ItemReport {
                outcome: "already_ingested",
                article_id: prev.article_id,
                ..item(&uri, Some(&canonical), spec)
            });
            continue;
        }
        if !st.take_budget() {
            st.summary.left_by_limit += 1;
            continue;
        }
        st.progress.inc_length(1);
        let payload = match payload {
            Ok(p) => p,
            Err(e) => {
                st.record_item_failure(&uri, spec, Some(&canonical), &e.to_string(), None);
                continue;
            }
        };
        if payload.status != 200 {
            st.push_item(ItemReport {
                outcome: "skipped",
                http_status: Some(payload.status),
                ..item(&uri, Some(&canonical), spec)
            });
            st.progress.inc(1);
            continue;
        }
        let mut job = Job {
            url: uri.clone(),
            canonical,
            from: spec.to_string(),
            hint: Hint {
                published: record
                    .date
                    .as_deref()
                    .and_then(|d| DateTime::parse_from_rfc3339(d).ok())
                    .map(|d| d.to_utc()),
                ..Hint::default()
            },
            listing: None,
            cond: Conditional::default(),
            previous_article: None,
            prefetched: None,
            kind: "page",
        };
        job.kind = "warc-record";
        job.prefetched = Some(Fetched {
            raw: RawInput {
                input: uri.clone(),
                bytes: payload.body,
                content_type: payload.content_type,
                url: Some(uri.clone()),
                sidecar: None,
            },
            status: 200,
            etag: None,
            last_modified: None,
        });
        batch.push(job);
        // Extract on the worker threads, a bounded batch at a time.
        if batch.len() >= WARC_BATCH {
            fetch_all(ctx, st, std::mem::take(batch));
        }
    }
    Ok(())
}

fn is_final(outcome: &str) -> bool {
    matches!(
        outcome,
        "saved" | "duplicate" | "near_copy" | "not_modified"
    )
}

fn item(url: &str, canonical: Option<&str>, from: &str) -> ItemReport {
    ItemReport {
        url: url.to_string(),
        canonical_url: canonical.map(str::to_string),
        from: from.to_string(),
        outcome: "failed",
        article_id: None,
        origin_id: None,
        similarity: None,
        http_status: None,
        title: None,
        error: None,
    }
}

impl State {
    /// A warning or error line that does not tear the progress bar.
    fn line(&self, s: String) {
        self.progress.suspend(|| eprintln!("{s}"));
    }

    fn push_item(&mut self, it: ItemReport) {
        self.items.push(it);
    }

    fn take_budget(&mut self) -> bool {
        match &mut self.budget {
            Some(0) => false,
            Some(n) => {
                *n -= 1;
                true
            }
            None => true,
        }
    }

    fn record_item_failure(
        &mut self,
        url: &str,
        from: &str,
        canonical: Option<&str>,
        error: &str,
        status: Option<u16>,
    ) {
        self.line(format!("error: {url}: {error}"));
        self.summary.failed += 1;
        self.push_item(ItemReport {
            error: Some(error.to_string()),
            http_status: status,
            ..item(url, canonical, from)
        });
    }

    /// Add an article link found in a listing (deduplicated by canonical URL within the run).
    fn add_job(
        &mut self,
        jobs: &mut Vec<Job>,
        url: &str,
        from: &str,
        hint: Hint,
        listing: Option<usize>,
        base: Option<&str>,
    ) {
        let url = resolve(base, url);
        let canonical = match canonical_url(&url) {
            Ok(c) => c,
            Err(e) => {
                self.record_item_failure(&url, from, None, &e.to_string(), None);
                self.mark_incomplete(listing);
                return;
            }
        };
        if !self.seen.insert(canonical.clone()) {
            return;
        }
        self.summary.discovered += 1;
        jobs.push(Job {
            url,
            canonical,
            from: from.to_string(),
            hint,
            listing,
            cond: Conditional::default(),
            previous_article: None,
            prefetched: None,
            kind: "page",
        });
    }

    fn mark_incomplete(&mut self, listing: Option<usize>) {
        if let Some(l) = listing.and_then(|i| self.listings.get_mut(i)) {
            l.complete = false;
        }
    }

    /// Drop jobs an earlier run finished (unless refreshing: then ask conditionally), and
    /// apply `--limit`.
    fn triage(&mut self, jobs: Vec<Job>) -> Vec<Job> {
        let mut out = Vec::new();
        for mut job in jobs {
            let is_file = job.canonical.starts_with("file:");
            let previous = if is_file {
                None
            } else {
                self.store.fetch_state(&job.canonical).ok().flatten()
            };
            if let Some(prev) = previous.filter(|p| is_final(&p.outcome)) {
                if !self.refresh && job.prefetched.is_none() {
                    self.summary.already_ingested += 1;
                    self.push_item(ItemReport {
                        outcome: "already_ingested",
                        article_id: prev.article_id,
                        ..item(&job.url, Some(&job.canonical), &job.from)
                    });
                    continue;
                }
                job.cond = Conditional {
                    etag: prev.etag.clone(),
                    last_modified: prev.last_modified.clone(),
                };
                job.previous_article = prev.article_id;
            }
            if !self.take_budget() {
                self.summary.left_by_limit += 1;
                self.mark_incomplete(job.listing);
                continue;
            }
            out.push(job);
        }
        self.progress.inc_length(out.len() as u64);
        out
    }

    /// Record one finished job: save the article (dedup, near-copy), the fetch state, the item.
    fn save(&mut self, job: &Job, done: Done) {
        let mut it = item(&job.url, Some(&job.canonical), &job.from);
        let mut state = FetchState {
            canonical_url: job.canonical.clone(),
            url: job.url.clone(),
            kind: job.kind.to_string(),
            ..FetchState::default()
        };
        match done {
            Done::Article {
                fetched,
                article,
                notes,
                signature,
            } => {
                for n in notes {
                    self.line(n);
                }
                it.http_status = Some(fetched.status);
                it.title = article.title.as_ref().map(|t| t.value.clone());
                state.final_url = fetched.raw.url.clone();
                state.http_status = Some(i64::from(fetched.status));
                state.etag = fetched.etag;
                state.last_modified = fetched.last_modified;
                state.content_hash = Some(parallax_store::content_hash(&article.text));
                match self.store.save_article_checked(&article) {
                    Ok((id, true)) => {
                        it.article_id = Some(id);
                        let hit = self
                            .lsh
                            .query(&signature, parallax_cluster::COPY_THRESHOLD)
                            .into_iter()
                            .find(|(other, _)| *other != id);
                        if let Some((origin, sim)) = hit {
                            let sim = (sim * 1000.0).round() / 1000.0;
                            if let Err(e) = self.store.link_near_copy(id, origin, sim) {
                                self.line(format!(
                                    "warning: {}: near-copy link not saved: {e}",
                                    job.url
                                ));
                            }
                            it.outcome = "near_copy";
                            it.origin_id = Some(origin);
                            it.similarity = Some(sim);
                            self.summary.near_copies += 1;
                        } else {
                            it.outcome = "saved";
                        }
                        self.summary.saved += 1;
                        if let Err(e) = self.store.save_signature(id, &signature.encode()) {
                            self.line(format!("warning: {}: signature not saved: {e}", job.url));
                        }
                        self.lsh.insert(id, signature);
                    }
                    Ok((id, false)) => {
                        it.article_id = Some(id);
                        it.outcome = "duplicate";
                        self.summary.duplicates += 1;
                    }
                    Err(e) => {
                        it.error = Some(e.to_string());
                        self.line(format!("error: {}: {e}", job.url));
                        self.summary.failed += 1;
                    }
                }
            }
            Done::NotModified { status } => {
                it.outcome = "not_modified";
                it.http_status = Some(status);
                it.article_id = job.previous_article;
                state.http_status = Some(i64::from(status));
                state.etag = job.cond.etag.clone();
                state.last_modified = job.cond.last_modified.clone();
                self.summary.not_modified += 1;
            }
            Done::Disallowed(e) => {
                it.outcome = "disallowed";
                it.error = Some(e.clone());
                self.line(format!("warning: {}: {e}", job.url));
                self.summary.disallowed += 1;
            }
            Done::Failed { error, status } => {
                it.error = Some(error.clone());
                it.http_status = status;
                self.line(format!("error: {}: {error}", job.url));
                self.summary.failed += 1;
            }
        }
        if it.outcome == "failed" {
            self.mark_incomplete(job.listing);
        }
        state.outcome = it.outcome.to_string();
        state.article_id = it.article_id;
        state.error = it.error.clone();
        if !job.canonical.starts_with("file:")
            && let Err(e) = self.store.record_fetch(&state)
        {
            self.line(format!("warning: {}: fetch state not saved: {e}", job.url));
        }
        self.items.push(it);
        self.progress.inc(1);
    }

    /// Record each fetched listing; validators only when all of its articles were done.
    fn finish_listings(&mut self) {
        for l in std::mem::take(&mut self.listings) {
            let mut state = l.state;
            if !l.complete {
                state.etag = None;
                state.last_modified = None;
            }
            if let Err(e) = self.store.record_fetch(&state) {
                self.line(format!(
                    "warning: {}: fetch state not saved: {e}",
                    state.url
                ));
            }
        }
    }
}

/// Fetch and extract every job on `concurrency` threads; save in job order on this thread.
fn fetch_all(ctx: &Ctx, st: &mut State, jobs: Vec<Job>) {
    let concurrency = ctx.concurrency;
    if jobs.is_empty() {
        return;
    }
    let next = AtomicUsize::new(0);
    let saved = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<(usize, Done)>();
    // Workers take the prefetched bodies out of their jobs, so they get them by value.
    let slots: Vec<std::sync::Mutex<Option<Fetched>>> =
        jobs.iter().map(|_| std::sync::Mutex::new(None)).collect();
    let mut jobs = jobs;
    for (job, slot) in jobs.iter_mut().zip(&slots) {
        if let Ok(mut s) = slot.lock() {
            *s = job.prefetched.take();
        }
    }
    let jobs = &jobs;
    std::thread::scope(|scope| {
        for _ in 0..concurrency.min(jobs.len()) {
            let tx = tx.clone();
            let (next, saved, slots) = (&next, &saved, &slots);
            scope.spawn(move || {
                loop {
                    if ctx.stopped() {
                        break;
                    }
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(job) = jobs.get(i) else { break };
                    // Do not run too far ahead of the saving thread.
                    while i >= saved.load(Ordering::SeqCst) + WINDOW {
                        std::thread::sleep(Duration::from_millis(5));
                    }
                    let pre = slots
                        .get(i)
                        .and_then(|s| s.lock().ok().and_then(|mut g| g.take()));
                    let done = run_job(ctx, job, pre);
                    if tx.send((i, done)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut pending: BTreeMap<usize, Done> = BTreeMap::new();
        let mut want = 0;
        for (i, done) in rx {
            pending.insert(i, done);
            while let Some(done) = pending.remove(&want) {
                if let Some(job) = jobs.get(want) {
                    st.progress.set_message(job.url.clone());
                    st.save(job, done);
                }
                want += 1;
                saved.store(want, Ordering::SeqCst);
            }
        }
        // Jobs a stop left undone: their listings must be fetched in full next time.
        for job in jobs.iter().skip(want) {
            st.mark_incomplete(job.listing);
        }
    });
}

/// One job on a worker: robots.txt, gate, conditional GET, extraction, signature.
fn run_job(ctx: &Ctx, job: &Job, pre: Option<Fetched>) -> Done {
    let fetched = match pre {
        Some(f) => f,
        // The canonical URL is fetched: no tracking parameters, the plain page for AMP.
        None => match fetch_url(ctx, &job.canonical, &job.cond) {
            Ok(f) => f,
            Err(e @ IngestError::Disallowed(_)) => return Done::Disallowed(e.to_string()),
            Err(e) => {
                return Done::Failed {
                    error: e.to_string(),
                    status: None,
                };
            }
        },
    };
    if fetched.status == 304 {
        return Done::NotModified { status: 304 };
    }
    extract_fetched(ctx, job, fetched)
}

/// Extract a fetched body into an article, with the listing's metadata as fallback.
fn extract_fetched(ctx: &Ctx, job: &Job, mut fetched: Fetched) -> Done {
    match parallax_ingest::decompress::maybe_gunzip(
        std::mem::take(&mut fetched.raw.bytes),
        ctx.max_bytes,
    ) {
        Ok(b) => fetched.raw.bytes = b,
        Err(e) => {
            return Done::Failed {
                error: e.to_string(),
                status: Some(fetched.status),
            };
        }
    }
    match parallax_extract::extract(&fetched.raw, "a1") {
        Ok(ex) => {
            let mut article = ex.article;
            apply_hint(
                &mut article,
                &job.hint,
                fetched.raw.url.as_deref().or(Some(&job.url)),
            );
            if ctx.require_date && article.published.is_none() {
                return Done::Failed {
                    error: "no publication date (not in the page, the feed or the sitemap)".into(),
                    status: Some(fetched.status),
                };
            }
            let signature = ctx.hasher.signature(&article.text);
            Done::Article {
                notes: ex
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity >= parallax_core::Severity::Warning)
                    .map(|d| format!("warning: {}: {}", job.url, d.message))
                    .collect(),
                fetched: Box::new(fetched),
                article: Box::new(article),
                signature,
            }
        }
        Err(e) => Done::Failed {
            error: e.to_string(),
            status: Some(fetched.status),
        },
    }
}

/// Fill what the page did not say from the feed or sitemap, and the URL and outlet fallback.
fn apply_hint(a: &mut Article, hint: &Hint, url: Option<&str>) {
    if a.title.is_none()
        && let Some(t) = &hint.title
    {
        a.title = Some(Sourced::new(t.clone(), Provenance::Feed));
    }
    if a.published.is_none()
        && let Some(d) = hint.published
    {
        a.published = Some(Sourced::new(d.date_naive(), Provenance::Feed));
    }
    if a.byline.is_none()
        && let Some(b) = &hint.author
    {
        a.byline = Some(Sourced::new(b.clone(), Provenance::Feed));
    }
    if a.url.is_none()
        && let Some(u) = url.filter(|u| is_url(u))
    {
        a.url = Some(u.to_string());
    }
    if a.source.is_none() {
        let host = a
            .url
            .as_deref()
            .and_then(|u| url::Url::parse(u).ok())
            .and_then(|u| {
                u.host_str()
                    .map(|h| h.trim_start_matches("www.").to_string())
            });
        if let Some(h) = host {
            a.source = Some(Sourced::new(h, Provenance::InputName));
        }
    }
}
