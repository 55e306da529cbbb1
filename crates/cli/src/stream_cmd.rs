//! `parallax watch`, `worker`, `stories`, `story` and `search`: flags, signals and output. The work is
//! `parallax_stream` (the round, the clusterer kept in step with the store, the story
//! comparisons) and `parallax_store` (listings, search).
//!
//! JSON shapes (`parallax schema stories|story|search` prints their JSON Schemas):
//! - `stories`: `{"stories": [{"id", "title", "articles": [{"id", "url", "outlet", "title",
//!   "published"}], "outlets", "origins", "first_published", "last_published"}]}`;
//! - `story`: `{"story": {the same story object}, "report": <the compare report>}`;
//! - `search`: `{"query", "articles": [{"id", "url", "outlet", "title", "published", "story",
//!   "story_title"}]}`;
//! - `watch --format json`: one object per round and line (see the README).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::ingest::FetchFlags;

use parallax_core::Report;
use parallax_store::{SearchHit, Store, StorySummary};
use parallax_stream::stories::StoryStream;
use parallax_stream::watch::{Round, RoundSettings};
use schemars::JsonSchema;
use serde::Serialize;

use crate::exit;

/// Set by SIGINT or SIGTERM: stop after the article in hand.
static STOP: AtomicBool = AtomicBool::new(false);

#[cfg(unix)]
extern "C" fn on_signal(sig: libc::c_int) {
    STOP.store(true, Ordering::SeqCst);
    // SAFETY: `signal` is async-signal-safe; a second signal then ends the process at once.
    unsafe {
        libc::signal(sig, libc::SIG_DFL);
    }
}

/// Route SIGINT and SIGTERM to [`STOP`].
fn install_stop_handler() {
    #[cfg(unix)]
    // SAFETY: the handler only stores to an atomic and resets its own disposition, both
    // async-signal-safe.
    unsafe {
        let handler = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
        libc::signal(libc::SIGINT, handler);
        libc::signal(libc::SIGTERM, handler);
    }
}

/// Flags of `parallax watch`.
#[derive(clap::Args, Debug, Clone)]
pub struct WatchArgs {
    /// Feeds (RSS, Atom, JSON Feed), OPML lists, sitemaps and article pages: files or http(s)
    /// URLs, polled every round.
    #[arg(required = true)]
    pub inputs: Vec<String>,
    /// Database: a SQLite file (created if missing) or a postgresql://user:password@host/db URL.
    #[arg(long, default_value = "parallax.db")]
    pub db: PathBuf,
    /// Seconds between two rounds (also the unit of a failing input's backoff).
    #[arg(long, default_value_t = 300)]
    pub every: u64,
    /// One round, then exit (for cron and tests).
    #[arg(long)]
    pub once: bool,
    #[command(flatten)]
    pub fetch: FetchFlags,
    /// Compare stories by their words alone, without the sentence-embedding model.
    #[arg(long)]
    pub no_embeddings: bool,
    /// Output: text (a summary per round) or json (one object per round and line).
    #[arg(long, short, default_value = "text")]
    pub format: String,
    /// Queue an `ingest` job per input each round instead of running the round here, for
    /// `parallax worker` processes (on any number of machines) to run.
    #[arg(long)]
    pub enqueue: bool,
    /// Also poll the feeds the web app's API added (`serve --watch`), read again each round.
    #[arg(skip)]
    pub store_feeds: bool,
}

/// Flags of `parallax worker`.
#[derive(clap::Args, Debug, Clone)]
pub struct WorkerArgs {
    /// Database the jobs are queued in: a postgresql://user:password@host/db URL shared by
    /// every worker (or a SQLite file, for workers on one machine).
    #[arg(long, default_value = "parallax.db")]
    pub db: PathBuf,
    /// Exit when no job is ready (instead of waiting for more).
    #[arg(long)]
    pub until_empty: bool,
    /// Seconds a claimed job (and the cluster lease) is held before another worker may take
    /// it over.
    #[arg(long, default_value_t = 300)]
    pub lease: u64,
    /// Milliseconds to wait when no job is ready.
    #[arg(long, default_value_t = 1000)]
    pub poll_ms: u64,
    #[command(flatten)]
    pub fetch: FetchFlags,
    /// Compare stories by their words alone, without the sentence-embedding model.
    #[arg(long)]
    pub no_embeddings: bool,
    /// Output: text (one line per job) or json (one object per job and line).
    #[arg(long, short, default_value = "text")]
    pub format: String,
}

/// `parallax worker`: claim and run jobs until stopped (or, with `--until-empty`, until none
/// is ready). Exit 0 when every job it ran succeeded, 1 when one failed, 3 when the database
/// failed.
pub fn worker(args: &WorkerArgs) -> u8 {
    let mut store = match start("worker", &args.format, &args.fetch, &args.db) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let embedder = embedder(args.no_embeddings);
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "host".into());
    let settings = parallax_stream::worker::WorkerSettings {
        id: format!("{host}-{}", std::process::id()),
        crawl: args.fetch.settings(),
        lease: chrono::Duration::seconds(i64::try_from(args.lease.max(1)).unwrap_or(300)),
        vectors: embedder
            .as_ref()
            .map(|e| e as &dyn parallax_analyze::bias::Vectors),
        stop: Some(&STOP),
    };
    let mut failed = false;
    while !STOP.load(Ordering::SeqCst) {
        let outcome = match parallax_stream::worker::run_one(store, &settings, chrono::Utc::now()) {
            Ok((o, s)) => {
                store = s;
                o
            }
            Err(e) => {
                eprintln!("error: {e}");
                return exit::NO_INPUT;
            }
        };
        match outcome {
            Some(o) => {
                failed |= o.outcome == "failed";
                let line = if args.format == "json" {
                    serde_json::to_string(&o).unwrap_or_default()
                } else {
                    format!(
                        "job {} {} (attempt {}): {}{}{}",
                        o.job,
                        o.kind,
                        o.attempt,
                        o.outcome,
                        if o.detail.is_empty() {
                            String::new()
                        } else {
                            format!(", {}", o.detail)
                        },
                        o.error
                            .as_ref()
                            .map(|e| format!(": {e}"))
                            .unwrap_or_default()
                    )
                };
                let _ = crate::write_out(None, &format!("{line}\n"));
                if o.outcome == "waiting" {
                    std::thread::sleep(Duration::from_millis(args.poll_ms.clamp(10, 60_000)));
                }
            }
            None if args.until_empty => break,
            None => std::thread::sleep(Duration::from_millis(args.poll_ms.clamp(10, 60_000))),
        }
    }
    if failed { exit::PARTIAL } else { exit::OK }
}

fn open_existing(db: &Path) -> Result<Store, String> {
    let is_url = db.to_str().is_some_and(parallax_store::is_postgres_url);
    if !is_url && !db.exists() {
        return Err(format!("{}: no such database", db.display()));
    }
    Store::open(db).map_err(|e| e.to_string())
}

/// What `watch` and `worker` do first: check `--format` and the fetch flags (a usage error,
/// exit 2), install the SIGINT/SIGTERM stop flag and open the database (exit 3 when it fails).
fn start(command: &str, format: &str, fetch: &FetchFlags, db: &Path) -> Result<Store, u8> {
    start_with(command, format, fetch, db, true)
}

/// [`start`]; `signals`: route SIGINT and SIGTERM to the stop flag (not beside the server,
/// which handles Ctrl-C itself).
fn start_with(
    command: &str,
    format: &str,
    fetch: &FetchFlags,
    db: &Path,
    signals: bool,
) -> Result<Store, u8> {
    if format != "text" && format != "json" {
        eprintln!("error: {command} supports --format text or json");
        return Err(exit::USAGE);
    }
    if let Err(e) = fetch.check() {
        eprintln!("error: {e}");
        return Err(exit::USAGE);
    }
    if signals {
        install_stop_handler();
    }
    Store::open(db).map_err(|e| {
        eprintln!("error: {e}");
        exit::NO_INPUT
    })
}

fn embedder(off: bool) -> Option<parallax_embed::Embedder> {
    (!off)
        .then(|| parallax_embed::Embedder::for_alignment().ok())
        .flatten()
}

/// `parallax watch`: rounds until stopped (or one, with `--once`). Exit code 0 when the last
/// round had no failure, 1 when something in it failed, 3 when the database failed.
pub fn watch(args: &WatchArgs) -> u8 {
    run_watch(args, true)
}

/// `serve --watch`: `watch`'s rounds on a thread of their own beside the server, with their own
/// connection to the database and the default fetch settings (`allow_loopback` opens this
/// machine), over `inputs` and the feeds added through the API (read again each round). The server's Ctrl-C ends the process and with it the rounds; every write of a
/// round is a transaction, so a round cut short leaves nothing half done.
pub fn watch_beside_server(inputs: Vec<String>, db: PathBuf, every: u64, allow_loopback: bool) {
    let args = WatchArgs {
        inputs,
        db,
        every,
        once: false,
        fetch: FetchFlags {
            allow_private: false,
            allow_loopback,
            delay_ms: 1000,
            concurrency: 4,
            per_host: 1,
            max_bytes: 20 * 1024 * 1024,
            timeout: 20,
        },
        no_embeddings: false,
        format: "text".into(),
        enqueue: false,
        store_feeds: true,
    };
    std::thread::spawn(move || {
        let code = run_watch(&args, false);
        if code != exit::OK {
            eprintln!("parallax: the watch beside the server stopped (exit code {code})");
        }
    });
}

fn run_watch(args: &WatchArgs, signals: bool) -> u8 {
    let mut store = match start_with("watch", &args.format, &args.fetch, &args.db, signals) {
        Ok(s) => s,
        Err(code) => return code,
    };
    // With --enqueue the workers place articles; this process only queues.
    let mut stream = if args.enqueue {
        None
    } else {
        match StoryStream::resume(&store, parallax_cluster::Config::default()) {
            Ok(s) => Some(s),
            Err(e) => {
                eprintln!("error: {e}");
                return exit::NO_INPUT;
            }
        }
    };
    // One name per machine, not per process: a `watch` restarted after a kill takes its own
    // lapsed-or-not cluster lease back at once (two `watch` rounds on one database and
    // machine at the same time are not a supported setup; use --enqueue and workers).
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "host".into());
    let id = format!("watch-{host}");
    let embedder = embedder(args.no_embeddings);
    // Beside the server the progress line would garble the server's own lines.
    let terminal = signals && std::io::stderr().is_terminal();
    let every = Duration::from_secs(args.every.max(1));
    let mut n = 0usize;
    loop {
        n += 1;
        let Some(stream) = stream.as_mut() else {
            // One slot per interval since the epoch: queueing twice in one interval adds
            // nothing.
            let slot = chrono::Utc::now().timestamp() / every.as_secs().max(1) as i64;
            match parallax_stream::worker::enqueue_inputs(&store, &args.inputs, slot) {
                Ok(ids) => {
                    let line = if args.format == "json" {
                        serde_json::json!({ "round": n, "queued": ids }).to_string()
                    } else {
                        format!(
                            "round {n}: {} ingest job{} queued",
                            ids.len(),
                            plural(ids.len())
                        )
                    };
                    let _ = crate::write_out(None, &format!("{line}\n"));
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    return exit::NO_INPUT;
                }
            }
            if args.once || !sleep_until_next(every) {
                return exit::OK;
            }
            continue;
        };
        let mut crawl = args.fetch.settings();
        crawl.progress = terminal;
        let settings = RoundSettings {
            crawl,
            every,
            vectors: embedder
                .as_ref()
                .map(|e| e as &dyn parallax_analyze::bias::Vectors),
            stop: Some(&STOP),
            id: id.clone(),
        };
        let progress = |msg: &str| {
            if terminal {
                eprint!("\r\x1b[Kround {n}: {msg}");
            }
        };
        let mut inputs = args.inputs.clone();
        if args.store_feeds {
            match store.feeds() {
                Ok(feeds) => {
                    for f in feeds {
                        if !inputs.contains(&f.input) {
                            inputs.push(f.input);
                        }
                    }
                }
                Err(e) => eprintln!("error: the feeds added through the API: {e}"),
            }
        }
        let result = parallax_stream::watch::round(
            store,
            stream,
            &inputs,
            settings,
            chrono::Utc::now(),
            progress,
        );
        if terminal {
            eprint!("\r\x1b[K");
        }
        let round = match result {
            Ok((round, s)) => {
                store = s;
                round
            }
            Err(e) => {
                eprintln!("error: {e}");
                return exit::NO_INPUT;
            }
        };
        print_round(n, &round, &args.format);
        if args.once || round.stopped || STOP.load(Ordering::SeqCst) {
            return if round.failures.is_empty() {
                exit::OK
            } else {
                exit::PARTIAL
            };
        }
        if !sleep_until_next(every) {
            return exit::OK;
        }
    }
}

/// Wait `every` plus a jitter of up to a tenth (so that many watchers started together do not
/// poll the same sites in step), waking to look at the stop flag; false when asked to stop.
fn sleep_until_next(every: Duration) -> bool {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let jitter = every.mul_f64(f64::from(nanos % 1000) / 10_000.0);
    let until = Instant::now() + every + jitter;
    while Instant::now() < until {
        if STOP.load(Ordering::SeqCst) {
            return false;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    true
}

fn print_round(n: usize, r: &Round, format: &str) {
    if format == "json" {
        let mut v = serde_json::to_value(r).unwrap_or_default();
        if let Some(o) = v.as_object_mut() {
            o.insert("round".into(), serde_json::json!(n));
        }
        let _ = crate::write_out(None, &format!("{v}\n"));
        return;
    }
    let s = &r.ingest;
    let a = &r.assigned;
    let mut out = format!(
        "round {n}: {saved} new article{sp} ({near} near-cop{np}), {dup} duplicate{dp}, {already} already ingested, {nm} not modified; \
         {placed} placed in stories ({new} new stor{ns}, {copies} wire cop{cp}), {rep} stor{rs} compared; {failed} failed",
        saved = s.saved,
        sp = plural(s.saved),
        near = s.near_copies,
        np = if s.near_copies == 1 { "y" } else { "ies" },
        dup = s.duplicates,
        dp = plural(s.duplicates),
        already = s.already_ingested,
        nm = s.not_modified,
        placed = a.articles,
        new = a.new_stories,
        ns = if a.new_stories == 1 { "y" } else { "ies" },
        copies = a.copies,
        cp = if a.copies == 1 { "y" } else { "ies" },
        rep = r.reports_refreshed,
        rs = if r.reports_refreshed == 1 { "y" } else { "ies" },
        failed = r.failures.len(),
    );
    if !r.failure_counts.is_empty() {
        let counts: Vec<String> = r
            .failure_counts
            .iter()
            .map(|(k, c)| format!("{k}: {c}"))
            .collect();
        out.push_str(&format!(" ({})", counts.join(", ")));
    }
    if r.cluster_busy {
        out.push_str("; another process holds the cluster lease, so nothing was placed");
    }
    if r.stopped {
        out.push_str("; stopped");
    }
    out.push('\n');
    for w in &r.waiting {
        out.push_str(&format!(
            "  waiting: {} (its feed asks to be read less often) until {}\n",
            w.input, w.next_poll_at
        ));
    }
    for b in &r.backing_off {
        out.push_str(&format!(
            "  backing off: {} ({} failure{} in a row) until {}\n",
            b.input,
            b.failures,
            plural(b.failures as usize),
            b.next_poll_at
        ));
    }
    let _ = crate::write_out(None, &out);
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `parallax stories --format json`.
#[derive(Serialize, JsonSchema)]
pub struct StoriesOutput {
    /// Stories, newest activity first.
    pub stories: Vec<StorySummary>,
}

/// `parallax story ID --format json`.
#[derive(Serialize, JsonSchema)]
pub struct StoryOutput {
    /// The story (an id merged away is answered with its successor).
    pub story: StorySummary,
    /// The comparison of its articles (`parallax schema` describes it).
    pub report: Report,
}

/// `parallax search QUERY --format json`.
#[derive(Serialize, JsonSchema)]
pub struct SearchOutput {
    /// The query as given.
    pub query: String,
    /// Matching articles, best first, each with its story.
    pub articles: Vec<SearchHit>,
}

/// The JSON Schema of one of the story commands' outputs, or `None` for an unknown name.
pub fn schema(name: &str) -> Option<String> {
    let (mut schema, title) = match name {
        "stories" => (schemars::schema_for!(StoriesOutput), "Parallax stories"),
        "story" => (schemars::schema_for!(StoryOutput), "Parallax story"),
        "search" => (schemars::schema_for!(SearchOutput), "Parallax search"),
        _ => return None,
    };
    schema.insert("title".into(), serde_json::Value::String(title.into()));
    serde_json::to_string_pretty(&schema)
        .ok()
        .map(|s| format!("{s}\n"))
}

fn story_line(s: &StorySummary) -> String {
    let span = match (&s.first_published, &s.last_published) {
        (Some(a), Some(b)) if a == b => a.clone(),
        (Some(a), Some(b)) => format!("{a} – {b}"),
        _ => "undated".into(),
    };
    format!(
        "{:>5}  {span}  {} article{}, {} origin{}, {} outlet{}  {}\n",
        s.id,
        s.articles.len(),
        plural(s.articles.len()),
        s.origins,
        plural(s.origins),
        s.outlets.len(),
        plural(s.outlets.len()),
        s.title.replace(['\n', '\r'], " ")
    )
}

fn article_lines(s: &StorySummary) -> String {
    s.articles
        .iter()
        .map(|a| {
            let copy = a
                .origin
                .map(|o| format!("  (copy of {o})"))
                .unwrap_or_default();
            format!(
                "         - {}  {} — {}  {}{copy}\n",
                a.published.as_deref().unwrap_or("undated"),
                a.title
                    .as_deref()
                    .unwrap_or("(no headline)")
                    .replace(['\n', '\r'], " "),
                a.outlet.as_deref().unwrap_or("?"),
                a.url.as_deref().unwrap_or(""),
            )
        })
        .collect()
}

/// `parallax stories`.
pub fn stories(db: &Path, since: Option<&str>, limit: usize, format: &str) -> u8 {
    if format != "text" && format != "json" {
        eprintln!("error: stories supports --format text or json");
        return exit::USAGE;
    }
    let since = match since
        .map(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d"))
        .transpose()
    {
        Ok(d) => d,
        Err(_) => {
            eprintln!("error: --since takes a date as YYYY-MM-DD");
            return exit::USAGE;
        }
    };
    let list =
        match open_existing(db).and_then(|s| s.stories(since, limit).map_err(|e| e.to_string())) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("error: {e}");
                return exit::NO_INPUT;
            }
        };
    let out = if format == "json" {
        json_text(&StoriesOutput { stories: list })
    } else {
        list.iter()
            .map(|s| story_line(s) + &article_lines(s))
            .collect()
    };
    finish(&out)
}

/// `parallax story ID`.
pub fn story(db: &Path, id: &str, format: &str, no_embeddings: bool) -> u8 {
    if !matches!(format, "text" | "md" | "html" | "json") {
        eprintln!("error: story supports --format text, md, html or json");
        return exit::USAGE;
    }
    let Ok(id) = id.trim_start_matches('s').parse::<i64>() else {
        eprintln!("error: {id:?} is not a story id (a number, as `parallax stories` lists)");
        return exit::USAGE;
    };
    let store = match open_existing(db) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return exit::NO_INPUT;
        }
    };
    let embedder = embedder(no_embeddings);
    let vectors = embedder
        .as_ref()
        .map(|e| e as &dyn parallax_analyze::bias::Vectors);
    let (story, report) = match parallax_stream::stories::story_report(&store, id, vectors) {
        Ok(Some((story, report, _cached))) => (story, report),
        Ok(None) => {
            eprintln!("error: no story {id} in {}", store.location());
            return exit::NO_INPUT;
        }
        Err(e) => {
            eprintln!("error: {e}");
            return exit::NO_INPUT;
        }
    };
    if story.id != id {
        eprintln!("note: story {id} was merged into story {}", story.id);
    }
    // The story's line above the report in Markdown and HTML; the renderer escapes it.
    let heading = format!(
        "Story {} · {} article{} · {} origin{}: {}",
        story.id,
        story.articles.len(),
        plural(story.articles.len()),
        story.origins,
        plural(story.origins),
        story.title
    );
    let opts = parallax_render::RenderOptions {
        color: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        heading: Some(heading),
    };
    let out = match format {
        "json" => json_text(&StoryOutput { story, report }),
        "md" => parallax_render::render(&report, parallax_render::Format::Markdown, &opts),
        "html" => parallax_render::render(&report, parallax_render::Format::Html, &opts),
        _ => format!(
            "{}{}\n{}",
            story_line(&story),
            article_lines(&story),
            parallax_render::render(&report, parallax_render::Format::Text, &opts)
        ),
    };
    finish(&out)
}

/// `parallax search QUERY`.
pub fn search(db: &Path, query: &str, limit: usize, format: &str) -> u8 {
    if format != "text" && format != "json" {
        eprintln!("error: search supports --format text or json");
        return exit::USAGE;
    }
    let hits =
        match open_existing(db).and_then(|s| s.search(query, limit).map_err(|e| e.to_string())) {
            Ok(h) => h,
            Err(e) => {
                eprintln!("error: {e}");
                return exit::NO_INPUT;
            }
        };
    let out = if format == "json" {
        json_text(&SearchOutput {
            query: query.to_string(),
            articles: hits,
        })
    } else {
        hits.iter()
            .map(|h| {
                let story = match (h.story, &h.story_title) {
                    (Some(id), Some(t)) => {
                        format!("  [story {id}: {}]", t.replace(['\n', '\r'], " "))
                    }
                    (Some(id), None) => format!("  [story {id}]"),
                    _ => "  [no story yet]".into(),
                };
                format!(
                    "{:>6}  {}  {} — {}{story}\n",
                    h.id,
                    h.published.as_deref().unwrap_or("undated"),
                    h.title
                        .as_deref()
                        .unwrap_or("(no headline)")
                        .replace(['\n', '\r'], " "),
                    h.outlet.as_deref().unwrap_or("?"),
                )
            })
            .collect()
    };
    finish(&out)
}

fn json_text<T: Serialize>(v: &T) -> String {
    match serde_json::to_string_pretty(v) {
        Ok(s) => s + "\n",
        Err(e) => format!("{}\n", serde_json::json!({ "error": e.to_string() })),
    }
}

fn finish(out: &str) -> u8 {
    match crate::write_out(None, out) {
        Ok(()) => exit::OK,
        Err(e) => {
            eprintln!("error: {e}");
            exit::NO_INPUT
        }
    }
}
