//! The `parallax` binary: parses arguments, wires the library crates, maps outcomes to exit codes.
//! Nothing else lives here; every command is a library call that tests can make without a process.

mod bench;
mod cluster_cmd;
mod eval;
mod extract_cmd;
mod ingest;
mod inputs;
mod sentences;
mod stream_cmd;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use parallax_render::{Format, RenderOptions};

/// Exit codes (documented in the README).
pub mod exit {
    /// Success: every input was used.
    pub const OK: u8 = 0;
    /// A result was produced, but at least one input was skipped (its error was printed).
    pub const PARTIAL: u8 = 1;
    /// Usage error (bad flags or arguments).
    pub const USAGE: u8 = 2;
    /// Nothing could be produced: no input was usable.
    pub const NO_INPUT: u8 = 3;
}

#[derive(Parser)]
#[command(
    name = "parallax",
    version,
    about = "One news story from every side: agreement, omissions, conflicts, framing, voices."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone, Default)]
struct InputFlags {
    /// Outlet name for an input: NAME=PATH (repeatable).
    #[arg(long = "source", value_name = "NAME=PATH")]
    sources: Vec<String>,
    /// Publication date: DATE for every input without one, or PATH=DATE for one input (repeatable).
    #[arg(long = "date", value_name = "[PATH=]YYYY-MM-DD")]
    dates: Vec<String>,
    /// Allow fetching from private, loopback and link-local addresses.
    #[arg(long)]
    allow_private: bool,
    /// Allow fetching from this machine (127.0.0.0/8, ::1) only: a local test server.
    #[arg(long)]
    allow_loopback: bool,
    /// Largest input accepted, in bytes.
    #[arg(long, default_value_t = 20 * 1024 * 1024)]
    max_bytes: usize,
}

#[derive(Subcommand)]
enum Command {
    /// Compare several reports of the same event.
    Compare {
        /// Files (text, Markdown, HTML, JSON article objects), `-` for stdin, or URLs.
        #[arg(required = true)]
        inputs: Vec<String>,
        #[command(flatten)]
        flags: InputFlags,
        /// Output format: text, md, html, json.
        #[arg(long, short, default_value = "text")]
        format: Format,
        /// Write the output to this file instead of standard output.
        #[arg(long, short)]
        output: Option<std::path::PathBuf>,
        /// Colour: auto (when writing to a terminal), always, never.
        #[arg(long, default_value = "auto")]
        color: String,
        /// Also save the report and its articles in this database: a SQLite file (created if
        /// missing) or a postgresql://user:password@host/dbname URL.
        #[arg(long, value_name = "DB")]
        save: Option<std::path::PathBuf>,
        /// Align claims by their words alone, without the sentence-embedding model even when
        /// `models/potion-base-8M` is present.
        #[arg(long)]
        no_embeddings: bool,
    },
    /// Show every analysis layer of one article (sentences, entities, labels, quotes, times, …).
    Analyze {
        /// A file, `-` or a URL.
        #[arg(required_unless_present = "sentences")]
        input: Option<String>,
        /// Score a file of sentences instead (one per line, `-` for stdin): one JSON object per
        /// line with `biased`, `score`, `kind`, `loaded` and `biased_words`.
        #[arg(long, value_name = "FILE", conflicts_with = "input")]
        sentences: Option<String>,
        /// With --sentences: score with the quality model (`models/bias-quality.json` over
        /// all-mpnet-base-v2; `PARALLAX_QUALITY=1 scripts/setup.sh` fetches and trains it):
        /// BABE macro-F1 0.803 against 0.763, at tens of milliseconds per sentence.
        #[arg(long, requires = "sentences")]
        quality: bool,
        #[command(flatten)]
        flags: InputFlags,
        /// Output format: json (an article), jsonl (with --sentences).
        #[arg(long, short, default_value = "json")]
        format: String,
    },
    /// Extract articles (text and metadata) from files, directories or URLs, in input order.
    Extract {
        /// Files, directories (their files, sorted), `-` or URLs.
        #[arg(required = true)]
        inputs: Vec<String>,
        #[command(flatten)]
        flags: InputFlags,
        /// Output format: json, jsonl (one object per input, with `input`), text or md.
        #[arg(long, short, default_value = "json")]
        format: String,
    },
    /// Group articles into stories: one {"input", "story", "origin"} per input, in input order.
    Cluster {
        /// Files, directories (their files, sorted), `-` or URLs.
        #[arg(required = true)]
        inputs: Vec<String>,
        #[command(flatten)]
        flags: InputFlags,
        /// Output format: jsonl (one object per input), json ({"assignments": [...],
        /// "stories": N}) or text (the stories with their headlines and outlets).
        #[arg(long, short, default_value = "jsonl")]
        format: String,
    },
    /// Ingest feeds, OPML lists, sitemaps, WARC files and pages into the store.
    Ingest(ingest::IngestArgs),
    /// Poll feeds, OPML lists and sitemaps; place new articles in stories; keep each story's
    /// comparison current in the store.
    Watch(stream_cmd::WatchArgs),
    /// Claim and run queued stream jobs (ingest, cluster, compare); any number of workers may
    /// share one PostgreSQL store.
    Worker(stream_cmd::WorkerArgs),
    /// List stories, newest activity first.
    Stories {
        /// Database: a SQLite file or a postgresql:// URL.
        #[arg(long, default_value = "parallax.db")]
        db: std::path::PathBuf,
        /// Only stories with an article published on or after this date (YYYY-MM-DD).
        #[arg(long)]
        since: Option<String>,
        /// Most stories listed.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Output format: text or json.
        #[arg(long, short, default_value = "text")]
        format: String,
    },
    /// Show one story and its comparison (cached, or computed now and cached).
    Story {
        /// The story's id (as `parallax stories` lists it); a merged-away id shows its successor.
        id: String,
        /// Database: a SQLite file or a postgresql:// URL.
        #[arg(long, default_value = "parallax.db")]
        db: std::path::PathBuf,
        /// Output format: text, md, html or json ({"story", "report"}).
        #[arg(long, short, default_value = "text")]
        format: String,
        /// Compare by words alone, without the sentence-embedding model.
        #[arg(long)]
        no_embeddings: bool,
    },
    /// Find stored articles (title and text, every word, stemmed) and their stories.
    Search {
        /// The words to find.
        query: String,
        /// Database: a SQLite file or a postgresql:// URL.
        #[arg(long, default_value = "parallax.db")]
        db: std::path::PathBuf,
        /// Most articles listed.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Output format: text or json.
        #[arg(long, short, default_value = "text")]
        format: String,
    },
    /// Print a JSON Schema: the report (`compare --format json`, the default), or the output
    /// of `stories`, `story` or `search` (`--format json`).
    Schema {
        /// report, stories, story or search.
        #[arg(default_value = "report")]
        name: String,
    },
    /// Serve the compare page, saved reports and the JSON API over HTTP.
    Serve {
        /// Address to listen on, HOST:PORT (a name such as localhost:8091 or an IP address;
        /// this machine only by default).
        #[arg(long, default_value = parallax_serve::DEFAULT_ADDR, value_parser = listen_addr)]
        addr: std::net::SocketAddr,
        /// Database of saved reports: a SQLite file (created if missing) or a
        /// postgresql://user:password@host/dbname URL.
        #[arg(long, default_value = "parallax.db")]
        db: std::path::PathBuf,
        /// Writes (compare through the form or POST /api/compare) need this token (else the
        /// environment's PARALLAX_TOKEN); one is required when --addr is not a loopback address.
        #[arg(long)]
        token: Option<String>,
        /// Also follow these feeds, OPML lists, sitemaps or pages and those added through
        /// POST /api/feeds, as `parallax watch` does (its rounds on a thread beside the
        /// server), so one command gives a live site. `--watch` alone follows the API's feeds.
        #[arg(long, num_args = 0.., value_name = "FEED")]
        watch: Option<Vec<String>>,
        /// With --watch: seconds between two rounds.
        #[arg(long, default_value_t = 300, requires = "watch")]
        every: u64,
        /// With --watch: allow fetching from this machine (127.0.0.0/8, ::1) only.
        #[arg(long, requires = "watch")]
        allow_loopback: bool,
    },
    /// List saved reports, newest first.
    Reports {
        /// Database of saved reports: a SQLite file or a postgresql:// URL.
        #[arg(long, default_value = "parallax.db")]
        db: std::path::PathBuf,
        /// Output format: text or json.
        #[arg(long, short, default_value = "text")]
        format: String,
        /// Most reports listed.
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// Score Parallax on the evaluation sets in ../shared/data (quality figures of the README).
    Eval(eval::EvalArgs),
    /// Time compare on the seed pair (or the bundled examples) against baselines in one process.
    Bench {
        /// Articles to compare (default: ../shared/seeds, else examples/).
        inputs: Vec<String>,
        /// Iterations.
        #[arg(long, default_value_t = 200)]
        iterations: usize,
        /// Instead: analysis throughput (articles/s) and compare on 2, 10 and 50 synthetic
        /// ~800-word articles of one story.
        #[arg(long)]
        scale: bool,
        /// Instead: stream N invented articles through story clustering (articles/s, peak
        /// memory, the live window, B-cubed against the generated stories).
        #[arg(long, value_name = "N")]
        stream: Option<usize>,
        /// Output format of --stream: text or json.
        #[arg(long, short, default_value = "text")]
        format: String,
    },
}

/// `--addr HOST:PORT`: an IP address or a host name (`localhost:8091`), resolved to its first
/// address; a missing port or an unknown name is a one-line usage error.
fn listen_addr(s: &str) -> Result<std::net::SocketAddr, String> {
    use std::net::ToSocketAddrs;
    if let Ok(a) = s.parse() {
        return Ok(a);
    }
    let Some((host, port)) = s.rsplit_once(':') else {
        return Err("expected HOST:PORT, such as 127.0.0.1:8080 or localhost:8080".to_string());
    };
    if port.parse::<u16>().is_err() {
        return Err(format!("port {port:?} is not a number from 0 to 65535"));
    }
    match s.to_socket_addrs() {
        Ok(mut addrs) => addrs.next().ok_or_else(|| format!("{host} has no address")),
        Err(_) => Err(format!("{host} is not a known host name or IP address")),
    }
}

/// Output piped into a program that stops reading (`parallax eval | head`) ends Parallax
/// quietly, as it does any Unix filter, instead of a panic in `println!`.
fn quiet_broken_pipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in `main`, before any other thread exists; restoring the
    // default action of SIGPIPE has no other effect on the process.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn main() -> ExitCode {
    quiet_broken_pipe();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            });
        }
    };
    // The gazetteer setup installs (models/places.tsv), added to the analyzer's built-in places
    // once for the whole process: compare, analyze, serve and eval all see the same list.
    if let Err(e) = parallax_embed::places::install() {
        eprintln!("warning: {e}; using the built-in places only");
    }
    let code = match cli.command {
        Command::Compare {
            inputs,
            flags,
            format,
            output,
            color,
            save,
            no_embeddings,
        } => {
            if let Some(why) = output.as_deref().and_then(output_problem) {
                eprintln!("error: {why}");
                return ExitCode::from(exit::USAGE);
            }
            let loaded = match inputs::load_all(&inputs, &flags) {
                Ok(l) => l,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(exit::USAGE);
                }
            };
            for d in &loaded.diagnostics {
                eprintln!("{d}");
            }
            if loaded.articles.is_empty() {
                eprintln!("error: no usable input ({} given)", inputs.len());
                return ExitCode::from(exit::NO_INPUT);
            }
            let embedder = (!no_embeddings)
                .then(|| parallax_embed::Embedder::for_alignment().ok())
                .flatten();
            let report = parallax_compare::compare_with(
                &loaded.articles,
                loaded.diagnostics.clone(),
                embedder
                    .as_ref()
                    .map(|e| e as &dyn parallax_analyze::bias::Vectors),
            );
            for d in report.diagnostics.iter().skip(loaded.diagnostics.len()) {
                if d.severity >= parallax_core::Severity::Warning {
                    eprintln!("{d}");
                }
            }
            let to_terminal = output.is_none() && std::io::stdout().is_terminal();
            let color = match color.as_str() {
                "always" => true,
                "never" => false,
                _ => to_terminal && std::env::var_os("NO_COLOR").is_none(),
            };
            let saved = save.map(|db| save_report(&db, &report, &loaded.articles));
            let out = parallax_render::render(
                &report,
                format,
                &RenderOptions {
                    color,
                    ..Default::default()
                },
            );
            if let Err(e) = write_out(output.as_deref(), &out) {
                match &output {
                    Some(p) => eprintln!("error: cannot write {}: {}", p.display(), io_reason(&e)),
                    None => eprintln!("error: cannot write the report: {}", io_reason(&e)),
                }
                return ExitCode::from(exit::NO_INPUT);
            }
            if loaded.failed > 0 || saved == Some(false) {
                exit::PARTIAL
            } else {
                exit::OK
            }
        }
        Command::Analyze {
            sentences: Some(file),
            quality,
            flags,
            format,
            ..
        } => sentences::run(&file, &flags, &format, quality),
        Command::Analyze {
            input,
            flags,
            format,
            ..
        } => {
            let input = input.unwrap_or_else(|| "-".into());
            if format != "json" {
                eprintln!("error: analyze supports --format json");
                return ExitCode::from(exit::USAGE);
            }
            match inputs::load_one(&input, &flags, "a1") {
                Ok((article, diags)) => {
                    diags.iter().for_each(|d| eprintln!("{d}"));
                    let an = parallax_analyze::analyze(&article);
                    let v = serde_json::json!({ "article": article, "analysis": an });
                    print_json(&v);
                    exit::OK
                }
                Err(e) => {
                    eprintln!("error: {input}: {e}");
                    exit::NO_INPUT
                }
            }
        }
        Command::Extract {
            inputs,
            flags,
            format,
        } => extract_cmd::run(&inputs, &flags, &format),
        Command::Cluster {
            inputs,
            flags,
            format,
        } => cluster_cmd::run(&inputs, &flags, &format),
        Command::Ingest(args) => ingest::run(&args),
        Command::Eval(args) => eval::run(&args),
        Command::Schema { name } => match name.as_str() {
            "report" => {
                println!("{}", parallax_render::report_schema());
                exit::OK
            }
            other => match stream_cmd::schema(other) {
                Some(s) => {
                    print!("{s}");
                    exit::OK
                }
                None => {
                    eprintln!("error: no schema {other:?} (report, stories, story or search)");
                    exit::USAGE
                }
            },
        },
        Command::Watch(args) => stream_cmd::watch(&args),
        Command::Worker(args) => stream_cmd::worker(&args),
        Command::Stories {
            db,
            since,
            limit,
            format,
        } => stream_cmd::stories(&db, since.as_deref(), limit, &format),
        Command::Story {
            id,
            db,
            format,
            no_embeddings,
        } => stream_cmd::story(&db, &id, &format, no_embeddings),
        Command::Search {
            query,
            db,
            limit,
            format,
        } => stream_cmd::search(&db, &query, limit, &format),
        Command::Bench {
            inputs,
            iterations,
            scale,
            stream,
            format,
        } => {
            if let Some(n) = stream {
                bench::stream(n, &format)
            } else if scale {
                bench::scale(iterations)
            } else {
                bench::run(&inputs, iterations)
            }
        }
        Command::Serve {
            addr,
            db,
            token,
            watch,
            every,
            allow_loopback,
        } => {
            let token = token.or_else(|| std::env::var("PARALLAX_TOKEN").ok());
            if let Some(inputs) = watch {
                stream_cmd::watch_beside_server(inputs, db.clone(), every, allow_loopback);
            }
            match parallax_serve::run(addr, db, token) {
                Ok(()) => exit::OK,
                Err(e) => {
                    eprintln!("error: {e}");
                    exit::NO_INPUT
                }
            }
        }
        Command::Reports { db, format, limit } => list_reports(&db, &format, limit),
    };
    ExitCode::from(code)
}

/// Save a report in `db`; say where on stderr. False (with the error printed) if it failed.
fn save_report(
    db: &std::path::Path,
    report: &parallax_core::Report,
    articles: &[parallax_core::Article],
) -> bool {
    let saved = parallax_store::Store::open(db)
        .and_then(|mut s| Ok((s.save_report(report, articles)?, s.location().to_string())));
    match saved {
        Ok((id, location)) => {
            eprintln!("saved report {id} to {location}");
            true
        }
        Err(e) => {
            eprintln!("error: report not saved: {e}");
            false
        }
    }
}

/// `parallax reports`: the saved reports of `db`, newest first, as text lines or JSON.
fn list_reports(db: &std::path::Path, format: &str, limit: usize) -> u8 {
    if format != "text" && format != "json" {
        eprintln!("error: reports supports --format text or json");
        return exit::USAGE;
    }
    let is_url = db.to_str().is_some_and(parallax_store::is_postgres_url);
    if !is_url && !db.exists() {
        eprintln!("error: {}: no such database", db.display());
        return exit::NO_INPUT;
    }
    match parallax_store::Store::open(db).and_then(|s| s.list_reports(limit)) {
        Ok(list) if format == "json" => {
            print_json(&serde_json::to_value(&list).unwrap_or_default());
            exit::OK
        }
        Ok(list) => {
            let lines: String = if list.is_empty() {
                format!(
                    "no saved reports in {} yet (`parallax compare FILES… --save {}` saves one)\n",
                    db.display(),
                    db.display()
                )
            } else {
                list.iter().map(|r| format!("{r}\n")).collect()
            };
            match write_out(None, &lines) {
                Ok(()) => exit::OK,
                Err(e) => {
                    eprintln!("error: {e}");
                    exit::NO_INPUT
                }
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            exit::NO_INPUT
        }
    }
}

fn print_json(v: &serde_json::Value) {
    let s = serde_json::to_string_pretty(v).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    let _ = writeln!(std::io::stdout(), "{s}");
}

/// Why `--output PATH` cannot be written, checked before any work is done: its folder is
/// missing or is not a folder, or the path is a folder.
fn output_problem(path: &std::path::Path) -> Option<String> {
    if path.is_dir() {
        return Some(format!(
            "--output {}: is a folder; give a file name inside it",
            path.display()
        ));
    }
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty())?;
    if !parent.exists() {
        return Some(format!(
            "--output {}: the folder {} does not exist; create it first or write elsewhere",
            path.display(),
            parent.display()
        ));
    }
    if !parent.is_dir() {
        return Some(format!(
            "--output {}: {} is not a folder",
            path.display(),
            parent.display()
        ));
    }
    None
}

/// An I/O error in the product's words (no OS error numbers).
fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "the folder does not exist".into(),
        ErrorKind::PermissionDenied => "permission denied".into(),
        ErrorKind::StorageFull => "the disk is full".into(),
        ErrorKind::IsADirectory => "it is a folder".into(),
        _ => {
            let s = e.to_string();
            s.split(" (os error").next().unwrap_or(&s).to_string()
        }
    }
}

fn write_out(path: Option<&std::path::Path>, s: &str) -> std::io::Result<()> {
    match path {
        Some(p) => std::fs::write(p, s),
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
                // A closed pipe (`| head`) is not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                r => r,
            }
        }
    }
}
