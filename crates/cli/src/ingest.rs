//! `parallax ingest`: feeds, OPML lists, sitemaps, URL lists, WARC files and article pages into
//! the store, politely, resumably, deduplicated. The pipeline lives in `parallax_stream::crawl`; this file
//! holds the flags, the progress bar and the output (text summary or JSON).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use crate::exit;
use parallax_stream::crawl::{Crawl, Settings};

/// Flags of `parallax ingest`.
#[derive(clap::Args, Debug, Clone)]
pub struct IngestArgs {
    /// Feeds (RSS, Atom, JSON Feed), OPML lists, sitemaps (index, news, text), WARC files
    /// (.warc, .warc.gz) and article pages: files, directories or http(s) URLs.
    #[arg(required = true)]
    pub inputs: Vec<String>,
    /// Database to save articles and fetch state in: a SQLite file (created if missing) or a
    /// postgresql://user:password@host/dbname URL.
    #[arg(long, default_value = "parallax.db")]
    pub db: PathBuf,
    #[command(flatten)]
    pub fetch: FetchFlags,
    /// Most articles to fetch or read in this run (those already ingested do not count).
    #[arg(long)]
    pub limit: Option<usize>,
    /// Fetch again articles ingested by an earlier run (with conditional GET).
    #[arg(long)]
    pub refresh: bool,
    /// Output format: text or json.
    #[arg(long, short, default_value = "text")]
    pub format: String,
}

/// The fetch flags `ingest`, `watch` and `worker` share: the private-address guard,
/// politeness and limits.
#[derive(clap::Args, Debug, Clone)]
pub struct FetchFlags {
    /// Allow fetching from private, loopback and link-local addresses.
    #[arg(long)]
    pub allow_private: bool,
    /// Allow loopback addresses only (a server on this machine); private networks stay refused.
    #[arg(long)]
    pub allow_loopback: bool,
    /// Milliseconds between two requests to the same host (robots.txt Crawl-delay can raise it).
    #[arg(long, default_value_t = 1000)]
    pub delay_ms: u64,
    /// Requests in flight at once, over all hosts.
    #[arg(long, default_value_t = 4)]
    pub concurrency: usize,
    /// Requests in flight at once to one host.
    #[arg(long, default_value_t = 1)]
    pub per_host: usize,
    /// Largest response, file or WARC record accepted, in bytes (also caps decompression).
    #[arg(long, default_value_t = 20 * 1024 * 1024)]
    pub max_bytes: usize,
    /// Seconds one request may take (connect, redirects and body).
    #[arg(long, default_value_t = 20)]
    pub timeout: u64,
}

impl FetchFlags {
    /// `--concurrency` and `--per-host` of 0 are a usage error, said in one line.
    pub fn check(&self) -> Result<(), String> {
        if self.concurrency == 0 || self.per_host == 0 {
            return Err("--concurrency and --per-host must be at least 1".to_string());
        }
        Ok(())
    }

    /// The crawl settings these flags describe (the rest at their defaults).
    pub fn settings(&self) -> Settings {
        let mut crawl = Settings::new(parallax_ingest::FetchOptions {
            allow_private: self.allow_private,
            allow_loopback: self.allow_loopback,
            timeout: Duration::from_secs(self.timeout.max(1)),
            max_bytes: self.max_bytes,
            ..parallax_ingest::FetchOptions::default()
        });
        crawl.delay = Duration::from_millis(self.delay_ms);
        crawl.concurrency = self.concurrency;
        crawl.per_host = self.per_host;
        crawl
    }
}

/// Run the command; returns the exit code (0 all fine, 1 something failed, 3 nothing usable).
pub fn run(args: &IngestArgs) -> u8 {
    if args.format != "text" && args.format != "json" {
        eprintln!("error: ingest supports --format text or json");
        return exit::USAGE;
    }
    if let Err(e) = args.fetch.check() {
        eprintln!("error: {e}");
        return exit::USAGE;
    }
    let shown = parallax_store::redact(&args.db.to_string_lossy());
    let store = match parallax_store::Store::open(&args.db) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return exit::NO_INPUT;
        }
    };
    let settings = Settings {
        limit: args.limit,
        refresh: args.refresh,
        progress: std::io::stderr().is_terminal(),
        require_date: false,
        stop: None,
        ..args.fetch.settings()
    };
    let crawl = match Crawl::new(store, settings) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return exit::NO_INPUT;
        }
    };
    let outcome = crawl.run(&args.inputs);
    let s = &outcome.summary;
    if args.format == "json" {
        let v = serde_json::json!({
            "db": shown,
            "summary": s,
            "inputs": outcome.inputs,
            "items": outcome.items,
        });
        crate::print_json(&v);
    } else {
        let text = format!(
            "ingested into {db}: {saved} new article{sp}{near_part}, {dup} duplicate{dp} (not stored again), {nm} not modified, {already} already ingested\n\
             from {inputs} input{ip} ({ifail} failed), {found} article link{fp} found; {failed} failed, {dis} disallowed by robots.txt{lim} in {secs:.1} s\n",
            db = shown,
            saved = s.saved,
            sp = plural(s.saved),
            dup = s.duplicates,
            dp = plural(s.duplicates),
            // Near-copies are among the new articles, not more arrivals.
            near_part = match s.near_copies {
                0 => String::new(),
                1 => " (1 of them a near-copy of a stored article, linked to it)".to_string(),
                n => format!(
                    " ({n} of them near-copies of stored articles, linked to their origins)"
                ),
            },
            nm = s.not_modified,
            already = s.already_ingested,
            inputs = s.inputs,
            ip = plural(s.inputs),
            ifail = s.inputs_failed,
            found = s.discovered,
            fp = plural(s.discovered),
            failed = s.failed,
            dis = s.disallowed,
            lim = if s.left_by_limit > 0 {
                format!(", {} left for a later run (--limit)", s.left_by_limit)
            } else {
                String::new()
            },
            secs = s.seconds,
        );
        if crate::write_out(None, &text).is_err() {
            return exit::NO_INPUT;
        }
    }
    // Nothing usable at all (every input or page failed, nothing stored, seen or unchanged):
    // the same exit as `compare` with no usable input.
    let usable = s.saved + s.duplicates + s.not_modified + s.already_ingested;
    if (s.inputs_failed == s.inputs && s.inputs > 0)
        || (usable == 0 && (s.failed > 0 || s.inputs_failed > 0))
    {
        exit::NO_INPUT
    } else if s.inputs_failed > 0 || s.failed > 0 {
        exit::PARTIAL
    } else {
        exit::OK
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
