//! Inputs to raw bytes: files, standard input and URLs.
//!
//! This is the only Parallax crate that opens files or network connections. It owns reading
//! (with a size cap), the `PATH.meta.json` sidecar lookup, and fetching over HTTP(S) behind a
//! private-network guard ([`check_host`]). It deliberately does not look inside what it reads:
//! no decoding of articles, no main-text extraction; that is `parallax-extract`'s job.
//!
//! For bulk ingestion it also reads the lists that name articles: feeds (RSS 0.9x/1.0/2.0,
//! Atom, JSON Feed; [`parse_feed`]), OPML feed lists ([`parse_opml`]), sitemaps (index, news,
//! text; [`parse_sitemap`]) and WARC files ([`warc`]); and it owns the crawling manners:
//! robots.txt ([`robots`]), per-host delay and concurrency ([`politeness`]), conditional GET
//! ([`Fetcher`]), capped gzip ([`decompress`]) and URL canonicalisation ([`canon`]).
#![deny(missing_docs)]

pub mod canon;
pub mod decompress;
mod feeds;
mod fetch;
mod guard;
pub mod politeness;
pub mod robots;
mod sitemap;
mod source;
pub mod warc;

use std::io::Read;
use std::path::Path;
use std::time::Duration;

pub use feeds::{Feed, FeedItem, MAX_FEED_INTERVAL, OpmlFeed, parse_feed, parse_opml};
pub use fetch::{Conditional, Fetcher, MAX_REDIRECTS, Response};
pub use guard::{check_host, non_public};
pub use sitemap::{Sitemap, SitemapUrl, parse_sitemap, parse_url_list};
pub use source::{SourceKind, detect_kind};

/// One input's bytes and where they came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawInput {
    /// The input as the user gave it (a path, `-`, a URL).
    pub input: String,
    /// Its bytes, undecoded.
    pub bytes: Vec<u8>,
    /// The HTTP `Content-Type` header, for URLs.
    pub content_type: Option<String>,
    /// The final URL after redirects, for URLs.
    pub url: Option<String>,
    /// Contents of `PATH.meta.json` beside a file input, if that file exists.
    pub sidecar: Option<Vec<u8>>,
}

/// How to read and fetch inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchOptions {
    /// Allow loopback, private, link-local and other non-public addresses.
    pub allow_private: bool,
    /// Allow loopback addresses (127.0.0.0/8, ::1) only, every other non-public address still
    /// refused: for a server on this machine, such as a test server or a local mirror.
    pub allow_loopback: bool,
    /// Whole-request timeout for URLs (connect, redirects and body).
    pub timeout: Duration,
    /// Largest input accepted, in bytes (files, standard input and response bodies).
    pub max_bytes: usize,
    /// `User-Agent` header sent with requests.
    pub user_agent: String,
}

/// The `User-Agent` Parallax sends unless told otherwise.
pub const USER_AGENT: &str = "parallax/0.1 (+news comparison)";

/// The default size cap: 20 MiB.
pub const DEFAULT_MAX_BYTES: usize = 20 * 1024 * 1024;

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            allow_private: false,
            allow_loopback: false,
            timeout: Duration::from_secs(20),
            max_bytes: DEFAULT_MAX_BYTES,
            user_agent: USER_AGENT.to_string(),
        }
    }
}

/// Why an input could not be read. Every message is one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IngestError {
    /// No such file.
    #[error("file not found")]
    NotFound,
    /// A directory was given where a file was expected.
    #[error("is a directory")]
    Directory,
    /// The file exists but may not be read.
    #[error("permission denied")]
    PermissionDenied,
    /// Over the size limit. `size` is `None` when the input was cut off at the limit and its
    /// full size is unknown (a stream or a response without `Content-Length`).
    #[error("{}", too_large_message(*.size, *.limit))]
    TooLarge {
        /// Size of the input in bytes, when known.
        size: Option<u64>,
        /// The limit in bytes.
        limit: usize,
    },
    /// An address refused by the private-network guard.
    #[error("refused to fetch {host}: {reason} address ({})", allow_hint(reason))]
    Refused {
        /// The host as it appeared in the URL.
        host: String,
        /// What kind of address it is ("loopback", "private", "link-local", ...).
        reason: &'static str,
    },
    /// A URL that cannot be parsed or is not HTTP(S).
    #[error("bad URL: {0}")]
    BadUrl(String),
    /// A URL whose scheme Parallax does not fetch (`ftp://`, `file://`, …).
    #[error(
        "{0}:// addresses are not fetched; give an http:// or https:// URL, a file path or - for standard input"
    )]
    UnsupportedScheme(String),
    /// A host name that does not resolve.
    #[error("cannot resolve {host}: {reason}")]
    Resolve {
        /// The host name.
        host: String,
        /// The resolver's reason.
        reason: String,
    },
    /// The server answered with an error status.
    #[error("HTTP {0}")]
    Status(String),
    /// More redirects than allowed.
    #[error("too many redirects (more than {0})")]
    TooManyRedirects(usize),
    /// The request took longer than the timeout.
    #[error("timed out after {} s", fmt_secs(*.0))]
    Timeout(Duration),
    /// Another network failure (connection refused, TLS error, ...).
    #[error("fetch failed: {0}")]
    Fetch(String),
    /// Another I/O failure.
    #[error("read failed: {0}")]
    Io(String),
    /// A gzip stream that is truncated or corrupt.
    #[error("{0}")]
    Gzip(String),
    /// Compressed data that inflates past the size cap.
    #[error(
        "decompresses to over the {} limit (a gzip bomb?); raise it with --max-bytes",
        human_size(*.limit as u64)
    )]
    Inflated {
        /// The limit in bytes.
        limit: usize,
    },
    /// A feed, OPML list, sitemap or WARC file that cannot be read; the message names which.
    #[error("{0}")]
    Format(String),
    /// A URL the site's robots.txt asks crawlers not to fetch.
    #[error("disallowed by {0}")]
    Disallowed(String),
}

fn fmt_secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0}")
    } else {
        format!("{s:.1}")
    }
}

/// A byte count for people: "50.0 MB", "2.0 KB", "900 bytes" (binary multiples: 1 MB = 2^20).
pub fn human_size(n: u64) -> String {
    const KB: f64 = 1024.0;
    let f = n as f64;
    if f >= KB * KB {
        format!("{:.1} MB", f / (KB * KB))
    } else if f >= KB {
        format!("{:.1} KB", f / KB)
    } else {
        format!("{n} bytes")
    }
}

fn too_large_message(size: Option<u64>, limit: usize) -> String {
    let limit = human_size(limit as u64);
    match size {
        Some(n) => format!(
            "input is {}, over the {limit} limit (raise it with --max-bytes)",
            human_size(n)
        ),
        None => format!("input is over the {limit} limit (raise it with --max-bytes)"),
    }
}

/// Read one input: `-` is standard input, `http://…` or `https://…` a URL, anything else a
/// file path. For a file, `PATH.meta.json` beside it is read into [`RawInput::sidecar`].
pub fn read_input(spec: &str, opts: &FetchOptions) -> Result<RawInput, IngestError> {
    if spec == "-" {
        let bytes = read_capped(std::io::stdin().lock(), opts.max_bytes)?;
        return Ok(RawInput {
            input: spec.to_string(),
            bytes,
            ..RawInput::default()
        });
    }
    let lower = spec.get(..8).unwrap_or(spec).to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return fetch::fetch(spec, opts, &guard::Guard::from_options(opts));
    }
    if let Some(scheme) = url_scheme(spec) {
        return Err(IngestError::UnsupportedScheme(scheme.to_ascii_lowercase()));
    }
    read_file(spec, opts)
}

/// The scheme of `spec` when it reads as a URL (`ftp://host/…`): letters, digits, `+`, `-` or
/// `.` after a letter, then `://`. A path such as `notes/a://b` has a `/` before it and is none.
fn url_scheme(spec: &str) -> Option<&str> {
    let (scheme, _) = spec.split_once("://")?;
    let mut chars = scheme.chars();
    (chars.next()?.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(scheme)
}

/// How to let a refused address through, by its kind.
fn allow_hint(reason: &str) -> &'static str {
    if reason == "loopback" {
        "use --allow-loopback to allow this machine, or --allow-private"
    } else {
        "use --allow-private to allow"
    }
}

fn read_file(spec: &str, opts: &FetchOptions) -> Result<RawInput, IngestError> {
    let path = Path::new(spec);
    let bytes = read_file_capped(path, opts.max_bytes)?;
    let sidecar_path = format!("{spec}.meta.json");
    let sidecar = match read_file_capped(Path::new(&sidecar_path), opts.max_bytes) {
        Ok(b) => Some(b),
        Err(IngestError::NotFound) => None,
        Err(e) => return Err(IngestError::Io(format!("sidecar {sidecar_path}: {e}"))),
    };
    Ok(RawInput {
        input: spec.to_string(),
        bytes,
        sidecar,
        ..RawInput::default()
    })
}

/// Read a file, refusing it from its metadata when it is over `max` bytes, and never reading
/// more than `max + 1` bytes in case it grows while being read.
fn read_file_capped(path: &Path, max: usize) -> Result<Vec<u8>, IngestError> {
    let meta = std::fs::metadata(path).map_err(io_error)?;
    if meta.is_dir() {
        return Err(IngestError::Directory);
    }
    if meta.len() > max as u64 {
        return Err(IngestError::TooLarge {
            size: Some(meta.len()),
            limit: max,
        });
    }
    let file = std::fs::File::open(path).map_err(io_error)?;
    read_capped(file, max)
}

fn io_error(e: std::io::Error) -> IngestError {
    match e.kind() {
        std::io::ErrorKind::NotFound => IngestError::NotFound,
        std::io::ErrorKind::PermissionDenied => IngestError::PermissionDenied,
        std::io::ErrorKind::IsADirectory => IngestError::Directory,
        _ => IngestError::Io(e.to_string()),
    }
}

/// Read a file's bytes with the size cap (no sidecar, no URL handling).
pub fn read_file_bytes(path: &Path, max: usize) -> Result<Vec<u8>, IngestError> {
    read_file_capped(path, max)
}

/// Read at most `max + 1` bytes; more than `max` is an error whose size is unknown.
fn read_capped(r: impl Read, max: usize) -> Result<Vec<u8>, IngestError> {
    read_capped_with(r, max, io_error)
}

/// [`read_capped`] with a caller's mapping of read errors.
fn read_capped_with(
    r: impl Read,
    max: usize,
    on_error: impl Fn(std::io::Error) -> IngestError,
) -> Result<Vec<u8>, IngestError> {
    let mut buf = Vec::new();
    r.take(max as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(on_error)?;
    if buf.len() > max {
        return Err(IngestError::TooLarge {
            size: None,
            limit: max,
        });
    }
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("parallax-ingest-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn reads_a_file_and_its_sidecar() {
        let dir = temp_dir("sidecar");
        let story = dir.join("story.txt");
        std::fs::write(&story, "The ferry resumed service on Monday.").unwrap();
        let spec = story.to_str().unwrap();
        let raw = read_input(spec, &FetchOptions::default()).unwrap();
        assert_eq!(raw.bytes, b"The ferry resumed service on Monday.");
        assert_eq!(raw.input, spec);
        assert_eq!(raw.sidecar, None);
        std::fs::write(
            dir.join("story.txt.meta.json"),
            r#"{"source": "Harbor Ledger"}"#,
        )
        .unwrap();
        let raw = read_input(spec, &FetchOptions::default()).unwrap();
        assert_eq!(
            raw.sidecar.as_deref(),
            Some(&br#"{"source": "Harbor Ledger"}"#[..])
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn missing_file_and_directory_are_one_line_errors() {
        let dir = temp_dir("errors");
        let e = read_input(dir.to_str().unwrap(), &FetchOptions::default()).unwrap_err();
        assert!(matches!(e, IngestError::Directory));
        assert_eq!(e.to_string(), "is a directory");
        let missing = dir.join("no-such-file.txt");
        let e = read_input(missing.to_str().unwrap(), &FetchOptions::default()).unwrap_err();
        assert!(matches!(e, IngestError::NotFound));
        assert_eq!(e.to_string(), "file not found");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn oversize_file_is_refused_from_its_metadata() {
        let dir = temp_dir("big");
        let big = dir.join("big.txt");
        // Sparse: 50 MiB of nothing, created instantly.
        std::fs::File::create(&big)
            .unwrap()
            .set_len(50 * 1024 * 1024)
            .unwrap();
        let e = read_input(big.to_str().unwrap(), &FetchOptions::default()).unwrap_err();
        assert!(matches!(e, IngestError::TooLarge { size: Some(n), .. } if n == 50 * 1024 * 1024));
        assert_eq!(
            e.to_string(),
            "input is 50.0 MB, over the 20.0 MB limit (raise it with --max-bytes)"
        );
        // A small cap applies to small files too, and exactly `max_bytes` is still accepted.
        let small = dir.join("small.txt");
        std::fs::write(&small, "0123456789").unwrap();
        let opts = |max_bytes| FetchOptions {
            max_bytes,
            ..FetchOptions::default()
        };
        assert!(read_input(small.to_str().unwrap(), &opts(9)).is_err());
        assert_eq!(
            read_input(small.to_str().unwrap(), &opts(10))
                .unwrap()
                .bytes
                .len(),
            10
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn capped_reader_stops_one_byte_past_the_limit() {
        // An endless reader: read_capped must stop by itself.
        let endless = std::io::repeat(b'x');
        let e = read_capped(endless, 1000).unwrap_err();
        assert!(matches!(
            e,
            IngestError::TooLarge {
                size: None,
                limit: 1000
            }
        ));
        assert_eq!(
            e.to_string(),
            "input is over the 1000 bytes limit (raise it with --max-bytes)"
        );
    }

    #[test]
    fn timeout_message_names_seconds() {
        assert_eq!(
            IngestError::Timeout(Duration::from_secs(20)).to_string(),
            "timed out after 20 s"
        );
        assert_eq!(
            IngestError::Timeout(Duration::from_millis(300)).to_string(),
            "timed out after 0.3 s"
        );
    }
}
