//! Inputs to raw bytes: files, standard input and URLs. The only crate that opens files or
//! connections; it never parses what it reads (that is `parallax-extract`'s job).
//!
//! Fetching refuses private, loopback, link-local and other non-public addresses (checked after
//! DNS resolution and again on every redirect) unless `allow_private` is set, caps the response
//! size, and times out.
#![deny(missing_docs)]

use std::io::Read;
use std::net::{IpAddr, ToSocketAddrs};
use std::time::Duration;

/// One input's bytes and where they came from.
#[derive(Debug, Clone, Default)]
pub struct RawInput {
    /// The input as the user gave it (a path, `-`, a URL).
    pub input: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// The HTTP content type, for URLs.
    pub content_type: Option<String>,
    /// The final URL, for URLs.
    pub url: Option<String>,
    /// Contents of `PATH.meta.json` beside a file input, if present.
    pub sidecar: Option<Vec<u8>>,
}

/// How to fetch.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// Allow private, loopback and link-local addresses.
    pub allow_private: bool,
    /// Whole-request timeout.
    pub timeout: Duration,
    /// Largest input accepted, in bytes.
    pub max_bytes: usize,
    /// User-Agent header.
    pub user_agent: String,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            allow_private: false,
            timeout: Duration::from_secs(20),
            max_bytes: 20 * 1024 * 1024,
            user_agent: "parallax/0.1 (+news comparison)".into(),
        }
    }
}

/// Why an input could not be read. Each message is one line.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// No such file.
    #[error("file not found")]
    NotFound,
    /// A directory was given.
    #[error("is a directory")]
    Directory,
    /// Over the size limit.
    #[error("input is {0:.1} MB, over the {1:.1} MB limit (raise it with --max-bytes)")]
    TooLarge(f64, f64),
    /// Address refused by the private-network guard.
    #[error("refused to fetch {host}: {reason} address (use --allow-private to allow)")]
    Refused {
        /// The host.
        host: String,
        /// What kind of address it is.
        reason: &'static str,
    },
    /// A URL that cannot be parsed or fetched.
    #[error("bad URL: {0}")]
    BadUrl(String),
    /// HTTP error status.
    #[error("HTTP {0}")]
    Status(String),
    /// Network failure.
    #[error("fetch failed: {0}")]
    Fetch(String),
    /// Other I/O failure.
    #[error("{0}")]
    Io(String),
}

/// Read one input: `-` is standard input, `http(s)://…` a URL, anything else a file path.
pub fn read_input(spec: &str, opts: &FetchOptions) -> Result<RawInput, IngestError> {
    if spec == "-" {
        let bytes = read_capped(std::io::stdin().lock(), opts.max_bytes)?;
        return Ok(RawInput {
            input: spec.into(),
            bytes,
            ..Default::default()
        });
    }
    if spec.starts_with("http://") || spec.starts_with("https://") {
        return fetch(spec, opts);
    }
    let path = std::path::Path::new(spec);
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => IngestError::NotFound,
        _ => IngestError::Io(e.to_string()),
    })?;
    if meta.is_dir() {
        return Err(IngestError::Directory);
    }
    if meta.len() as usize > opts.max_bytes {
        return Err(too_large(meta.len() as usize, opts.max_bytes));
    }
    let file = std::fs::File::open(path).map_err(|e| IngestError::Io(e.to_string()))?;
    let bytes = read_capped(file, opts.max_bytes)?;
    let sidecar = std::fs::read(format!("{spec}.meta.json")).ok();
    Ok(RawInput {
        input: spec.into(),
        bytes,
        sidecar,
        ..Default::default()
    })
}

fn too_large(n: usize, max: usize) -> IngestError {
    IngestError::TooLarge(n as f64 / 1e6, max as f64 / 1e6)
}

fn read_capped(r: impl Read, max: usize) -> Result<Vec<u8>, IngestError> {
    let mut buf = Vec::new();
    r.take(max as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| IngestError::Io(e.to_string()))?;
    if buf.len() > max {
        return Err(too_large(buf.len(), max));
    }
    Ok(buf)
}

/// Refuse non-public addresses unless allowed. `host` is a name or an IP literal.
pub fn check_host(host: &str, port: u16, allow_private: bool) -> Result<(), IngestError> {
    if allow_private {
        return Ok(());
    }
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let addrs: Vec<IpAddr> = match bare.parse::<IpAddr>() {
        Ok(ip) => vec![ip],
        Err(_) => (bare, port)
            .to_socket_addrs()
            .map_err(|e| IngestError::Fetch(format!("cannot resolve {host}: {e}")))?
            .map(|a| a.ip())
            .collect(),
    };
    for ip in addrs {
        if let Some(reason) = non_public(ip) {
            return Err(IngestError::Refused {
                host: host.to_string(),
                reason,
            });
        }
    }
    Ok(())
}

/// What kind of non-public address `ip` is, if it is one.
pub fn non_public(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            if v4.is_loopback() {
                Some("loopback")
            } else if v4.is_private() {
                Some("private")
            } else if v4.is_link_local() {
                Some("link-local")
            } else if v4.is_unspecified() || v4.is_broadcast() || o[0] == 0 {
                Some("unspecified")
            } else if o[0] == 100 && (64..128).contains(&o[1]) {
                Some("shared (CGNAT)")
            } else {
                None
            }
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return non_public(IpAddr::V4(v4));
            }
            let s = v6.segments();
            if v6.is_loopback() {
                Some("loopback")
            } else if v6.is_unspecified() {
                Some("unspecified")
            } else if (s[0] & 0xffc0) == 0xfe80 {
                Some("link-local")
            } else if (s[0] & 0xfe00) == 0xfc00 {
                Some("private (unique-local)")
            } else {
                None
            }
        }
    }
}

fn fetch(spec: &str, opts: &FetchOptions) -> Result<RawInput, IngestError> {
    let url = url::Url::parse(spec).map_err(|e| IngestError::BadUrl(e.to_string()))?;
    let host = url
        .host_str()
        .ok_or_else(|| IngestError::BadUrl("no host".into()))?
        .to_string();
    check_host(
        &host,
        url.port_or_known_default().unwrap_or(80),
        opts.allow_private,
    )?;
    let allow = opts.allow_private;
    let policy = reqwest::redirect::Policy::custom(move |attempt| {
        if attempt.previous().len() >= 5 {
            return attempt.error("more than 5 redirects");
        }
        let u = attempt.url();
        match u.host_str() {
            Some(h) => match check_host(h, u.port_or_known_default().unwrap_or(80), allow) {
                Ok(()) => attempt.follow(),
                Err(e) => attempt.error(e.to_string()),
            },
            None => attempt.error("redirect without a host"),
        }
    });
    let client = reqwest::blocking::Client::builder()
        .timeout(opts.timeout)
        .redirect(policy)
        .user_agent(opts.user_agent.clone())
        .build()
        .map_err(|e| IngestError::Fetch(e.to_string()))?;
    let resp = client
        .get(url)
        .send()
        .map_err(|e| IngestError::Fetch(one_line(&e)))?;
    if !resp.status().is_success() {
        return Err(IngestError::Status(resp.status().to_string()));
    }
    let final_url = resp.url().to_string();
    let content_type = resp
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    if let Some(len) = resp.content_length() {
        if len as usize > opts.max_bytes {
            return Err(too_large(len as usize, opts.max_bytes));
        }
    }
    let bytes = read_capped(resp, opts.max_bytes)?;
    Ok(RawInput {
        input: spec.into(),
        bytes,
        content_type,
        url: Some(final_url),
        sidecar: None,
    })
}

fn one_line(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut src = e.source();
    while let Some(inner) = src {
        s = format!("{s}: {inner}");
        src = inner.source();
    }
    s.replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::net::TcpListener;

    #[test]
    fn private_addresses_are_refused() {
        for h in [
            "127.0.0.1",
            "10.0.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "::1",
            "[::1]",
            "::ffff:127.0.0.1",
            "fd00::1",
            "100.64.0.1",
            "0.0.0.0",
        ] {
            assert!(
                matches!(check_host(h, 80, false), Err(IngestError::Refused { .. })),
                "{h}"
            );
        }
        assert!(check_host("8.8.8.8", 80, false).is_ok());
        assert!(check_host("127.0.0.1", 80, true).is_ok());
    }

    fn serve_once(body: &'static str, status: &'static str) -> String {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = l.local_addr().unwrap();
        std::thread::spawn(move || {
            if let Ok((mut s, _)) = l.accept() {
                let mut buf = [0u8; 2048];
                let _ = s.read(&mut buf);
                let _ = write!(
                    s,
                    "HTTP/1.1 {status}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        format!("http://{addr}/story")
    }

    #[test]
    fn loopback_fetch_needs_permission() {
        let url = serve_once("Hello from a local page.", "200 OK");
        let e = read_input(&url, &FetchOptions::default()).unwrap_err();
        assert!(e.to_string().contains("loopback"), "{e}");
        let opts = FetchOptions {
            allow_private: true,
            ..Default::default()
        };
        let raw = read_input(&url, &opts).unwrap();
        assert_eq!(raw.bytes, b"Hello from a local page.");
        let url = serve_once("gone", "404 Not Found");
        assert!(
            read_input(&url, &opts)
                .unwrap_err()
                .to_string()
                .contains("404")
        );
    }

    #[test]
    fn file_errors_are_one_line() {
        let dir = std::env::temp_dir().join(format!("parallax-ingest-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        assert!(matches!(
            read_input(dir.to_str().unwrap(), &FetchOptions::default()),
            Err(IngestError::Directory)
        ));
        assert!(matches!(
            read_input("/no/such/file", &FetchOptions::default()),
            Err(IngestError::NotFound)
        ));
        let big = dir.join("big.txt");
        std::fs::File::create(&big)
            .unwrap()
            .set_len(50 * 1024 * 1024)
            .unwrap();
        let e = read_input(big.to_str().unwrap(), &FetchOptions::default()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "input is 52.4 MB, over the 21.0 MB limit (raise it with --max-bytes)"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
