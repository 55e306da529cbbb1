//! Fetching URLs over HTTP(S) with reqwest's blocking client.
//!
//! Owns the client set-up (timeout, User-Agent, at most [`MAX_REDIRECTS`] redirects each checked
//! by the guard, the guarded resolver, no proxies), conditional requests (`If-None-Match`,
//! `If-Modified-Since`) and the capped body read. It does not decode or interpret the body,
//! and it never retries. One [`Fetcher`] is meant to be shared by many threads: the client
//! pools connections.

use std::sync::Arc;

use crate::guard::{Guard, GuardResolver};
use crate::{IngestError, RawInput, read_capped_with};

/// Most redirects followed for one input.
pub const MAX_REDIRECTS: usize = 5;

/// Validators from an earlier fetch of the same URL, sent so the server can answer
/// `304 Not Modified` instead of the whole body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conditional {
    /// The `ETag` the server sent last time.
    pub etag: Option<String>,
    /// The `Last-Modified` the server sent last time.
    pub last_modified: Option<String>,
}

/// One HTTP answer: its status, validators and (for a 2xx) the capped body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The HTTP status code (200, 304, 404, ...).
    pub status: u16,
    /// The body and where it came from; `bytes` is empty unless the status is 2xx.
    pub raw: RawInput,
    /// The `ETag` header, if any.
    pub etag: Option<String>,
    /// The `Last-Modified` header, if any.
    pub last_modified: Option<String>,
}

impl Response {
    /// True for `304 Not Modified`: the copy from the earlier fetch is still current.
    pub fn not_modified(&self) -> bool {
        self.status == 304
    }

    /// True for a 2xx status.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// A reusable, thread-safe HTTP client behind the private-network guard.
#[derive(Debug, Clone)]
pub struct Fetcher {
    client: reqwest::blocking::Client,
    opts: crate::FetchOptions,
    guard: Guard,
}

impl Fetcher {
    /// A client for these options (timeout, size cap, User-Agent, private-address policy).
    pub fn new(opts: &crate::FetchOptions) -> Result<Fetcher, IngestError> {
        Fetcher::with_guard(opts, Guard::from_options(opts))
    }

    pub(crate) fn with_guard(
        opts: &crate::FetchOptions,
        guard: Guard,
    ) -> Result<Fetcher, IngestError> {
        let hop_guard = guard.clone();
        let policy = reqwest::redirect::Policy::custom(move |attempt| {
            // `previous` holds the first URL and every hop followed so far.
            if attempt.previous().len() > MAX_REDIRECTS {
                return attempt.error(IngestError::TooManyRedirects(MAX_REDIRECTS));
            }
            match check_url(attempt.url(), &hop_guard) {
                Ok(()) => attempt.follow(),
                Err(e) => attempt.error(e),
            }
        });
        let client = reqwest::blocking::Client::builder()
            .timeout(opts.timeout)
            .connect_timeout(opts.timeout)
            .redirect(policy)
            .user_agent(opts.user_agent.clone())
            .no_proxy()
            .dns_resolver(Arc::new(GuardResolver(guard.clone())))
            .build()
            .map_err(|e| IngestError::Fetch(one_line(&e)))?;
        Ok(Fetcher {
            client,
            opts: opts.clone(),
            guard,
        })
    }

    /// Would `spec` be fetched at all? HTTP(S), and a host the guard allows (names are
    /// resolved). Lets a caller refuse a private address before asking for its robots.txt.
    pub fn check(&self, spec: &str) -> Result<(), IngestError> {
        let url = reqwest::Url::parse(spec).map_err(|e| IngestError::BadUrl(e.to_string()))?;
        check_url(&url, &self.guard)
    }

    /// The options this fetcher was built with.
    pub fn options(&self) -> &crate::FetchOptions {
        &self.opts
    }

    /// GET `spec`; a status other than 2xx or 304 is an error ([`IngestError::Status`]).
    pub fn get(&self, spec: &str, cond: &Conditional) -> Result<Response, IngestError> {
        let resp = self.request(spec, cond)?;
        if resp.is_success() || resp.not_modified() {
            Ok(resp)
        } else {
            Err(IngestError::Status(status_text(resp.status)))
        }
    }

    /// GET `spec` and return whatever status the server answered with (the body is read only
    /// for 2xx). Redirects are followed, each hop checked by the guard.
    pub fn request(&self, spec: &str, cond: &Conditional) -> Result<Response, IngestError> {
        let url = reqwest::Url::parse(spec).map_err(|e| IngestError::BadUrl(e.to_string()))?;
        check_url(&url, &self.guard)?;
        let mut req = self.client.get(url);
        if let Some(etag) = &cond.etag {
            req = req.header(reqwest::header::IF_NONE_MATCH, etag.as_str());
        }
        if let Some(lm) = &cond.last_modified {
            req = req.header(reqwest::header::IF_MODIFIED_SINCE, lm.as_str());
        }
        let resp = req.send().map_err(|e| request_error(e, &self.opts))?;
        let status = resp.status().as_u16();
        let header = |name: reqwest::header::HeaderName| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let content_type = header(reqwest::header::CONTENT_TYPE);
        let etag = header(reqwest::header::ETAG);
        let last_modified = header(reqwest::header::LAST_MODIFIED);
        let final_url = resp.url().to_string();
        let mut raw = RawInput {
            input: spec.to_string(),
            bytes: Vec::new(),
            content_type,
            url: Some(final_url),
            sidecar: None,
        };
        if (200..300).contains(&status) {
            raw.bytes = read_body(resp, &self.opts)?;
        }
        Ok(Response {
            status,
            raw,
            etag,
            last_modified,
        })
    }
}

/// Read a 2xx body through the (decompressing) response reader, refusing it from its
/// `Content-Length` when that is over the cap; the cap also bounds what a small compressed
/// body expands to. A body error mid-read is reported as such.
fn read_body(
    resp: reqwest::blocking::Response,
    opts: &crate::FetchOptions,
) -> Result<Vec<u8>, IngestError> {
    if let Some(len) = resp.content_length()
        && len > opts.max_bytes as u64
    {
        return Err(IngestError::TooLarge {
            size: Some(len),
            limit: opts.max_bytes,
        });
    }
    read_capped_with(resp, opts.max_bytes, |e| {
        if e.kind() == std::io::ErrorKind::TimedOut {
            IngestError::Timeout(opts.timeout)
        } else {
            IngestError::Fetch(format!("reading the body: {}", one_line(&e)))
        }
    })
}

/// "404 Not Found": the code and its reason phrase, as the old error message had it.
fn status_text(status: u16) -> String {
    reqwest::StatusCode::from_u16(status).map_or_else(|_| status.to_string(), |s| s.to_string())
}

/// Fetch one URL (any non-2xx status is an error).
pub(crate) fn fetch(
    spec: &str,
    opts: &crate::FetchOptions,
    guard: &Guard,
) -> Result<RawInput, IngestError> {
    let fetcher = Fetcher::with_guard(opts, guard.clone())?;
    let resp = fetcher.request(spec, &Conditional::default())?;
    if !resp.is_success() {
        return Err(IngestError::Status(status_text(resp.status)));
    }
    Ok(resp.raw)
}

/// Check one URL (the first or a redirect target): HTTP(S) only, and a permitted host.
fn check_url(url: &reqwest::Url, guard: &Guard) -> Result<(), IngestError> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(IngestError::BadUrl(format!(
            "{} is not an HTTP(S) URL",
            url.scheme()
        )));
    }
    let port = url.port_or_known_default().unwrap_or(80);
    match url.host() {
        Some(url::Host::Ipv4(ip)) => guard.check(&ip.to_string(), port).map(|_| ()),
        Some(url::Host::Ipv6(ip)) => guard.check(&ip.to_string(), port).map(|_| ()),
        Some(url::Host::Domain(name)) => guard.check(name, port).map(|_| ()),
        None => Err(IngestError::BadUrl("no host".into())),
    }
}

/// Turn a reqwest error into ours, recovering an [`IngestError`] raised by the redirect policy
/// or the resolver from the error's source chain.
fn request_error(e: reqwest::Error, opts: &crate::FetchOptions) -> IngestError {
    let mut src: Option<&(dyn std::error::Error + 'static)> = Some(&e);
    while let Some(inner) = src {
        if let Some(ours) = inner.downcast_ref::<IngestError>() {
            return ours.clone();
        }
        src = inner.source();
    }
    if e.is_timeout() {
        return IngestError::Timeout(opts.timeout);
    }
    IngestError::Fetch(plain_reason(&e))
}

/// What went wrong with a request in the product's words: the innermost system error by its
/// kind ("connection refused: nothing is listening at that address"), else the innermost
/// message without OS error numbers; never the client library's whole chain.
fn plain_reason(e: &reqwest::Error) -> String {
    use std::io::ErrorKind;
    let mut innermost: &(dyn std::error::Error + 'static) = e;
    let mut io: Option<&std::io::Error> = None;
    let mut src: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(inner) = src {
        if let Some(x) = inner.downcast_ref::<std::io::Error>() {
            io = Some(x);
        }
        innermost = inner;
        src = inner.source();
    }
    let host = e
        .url()
        .and_then(|u| u.host_str())
        .map(|h| format!(" by {h}"))
        .unwrap_or_default();
    if let Some(io) = io {
        let said = match io.kind() {
            ErrorKind::ConnectionRefused => Some(format!(
                "connection refused{host}: nothing is listening at that address and port"
            )),
            ErrorKind::ConnectionReset => Some(format!("connection reset{host}")),
            ErrorKind::ConnectionAborted => Some(format!("connection closed{host}")),
            ErrorKind::UnexpectedEof => {
                Some(format!("connection closed{host} before the answer ended"))
            }
            ErrorKind::HostUnreachable | ErrorKind::NetworkUnreachable => {
                Some("the host cannot be reached from this machine".to_string())
            }
            _ => None,
        };
        if let Some(said) = said {
            return said;
        }
    }
    let msg = innermost.to_string();
    let msg = msg.split(" (os error").next().unwrap_or(&msg).trim();
    let msg = if msg.is_empty() {
        one_line(e)
    } else {
        msg.to_string()
    };
    if e.is_connect() {
        format!("could not connect: {msg}")
    } else {
        msg.replace(['\n', '\r'], " ")
    }
}

/// An error and its sources on one line.
fn one_line(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut src = e.source();
    while let Some(inner) = src {
        let more = inner.to_string();
        if !s.contains(&more) {
            s = format!("{s}: {more}");
        }
        src = inner.source();
    }
    s.replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FetchOptions, read_input};
    use std::io::{Read, Write};
    use std::net::{IpAddr, TcpListener};
    use std::time::{Duration, Instant};

    /// A one-connection-at-a-time HTTP/1.1 server on `ip`, answering `n` requests with the
    /// response `respond` builds from its own port, then stopping.
    fn serve(ip: &str, n: usize, respond: impl Fn(u16) -> Vec<u8> + Send + 'static) -> u16 {
        let listener = TcpListener::bind((ip, 0)).unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            for _ in 0..n {
                let Ok((mut s, _)) = listener.accept() else {
                    return;
                };
                let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
                let mut req = Vec::new();
                let mut buf = [0u8; 1024];
                while !req.windows(4).any(|w| w == b"\r\n\r\n") {
                    match s.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(k) => req.extend_from_slice(&buf[..k]),
                    }
                }
                let _ = s.write_all(&respond(port));
            }
        });
        port
    }

    fn ok(body: &str) -> Vec<u8> {
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .into_bytes()
    }

    fn private() -> FetchOptions {
        FetchOptions {
            allow_private: true,
            timeout: Duration::from_secs(5),
            ..FetchOptions::default()
        }
    }

    #[test]
    fn loopback_is_refused_unless_allowed() {
        let port = serve("127.0.0.1", 1, |_| ok("<p>Local page.</p>"));
        let url = format!("http://127.0.0.1:{port}/story");
        let e = read_input(&url, &FetchOptions::default()).unwrap_err();
        assert!(
            matches!(
                e,
                IngestError::Refused {
                    reason: "loopback",
                    ..
                }
            ),
            "{e}"
        );
        assert!(e.to_string().contains("loopback"), "{e}");
        let raw = read_input(&url, &private()).unwrap();
        assert_eq!(raw.bytes, b"<p>Local page.</p>");
        assert_eq!(
            raw.content_type.as_deref(),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(raw.url.as_deref(), Some(url.as_str()));
        assert_eq!(raw.input, url);
        assert_eq!(raw.sidecar, None);
    }

    #[test]
    fn names_go_through_the_guarded_resolver() {
        let port = serve("127.0.0.1", 1, |_| ok("by name"));
        let url = format!("http://localhost:{port}/");
        let e = read_input(&url, &FetchOptions::default()).unwrap_err();
        assert!(
            e.to_string()
                .contains("refused to fetch localhost: loopback"),
            "{e}"
        );
        let raw = read_input(&url, &private()).unwrap();
        assert_eq!(raw.bytes, b"by name");
    }

    #[test]
    fn user_agent_is_sent() {
        let (tx, rx) = std::sync::mpsc::channel::<String>();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            if let Ok((mut s, _)) = listener.accept() {
                let mut buf = [0u8; 4096];
                let k = s.read(&mut buf).unwrap_or(0);
                let _ = tx.send(String::from_utf8_lossy(&buf[..k]).into_owned());
                let _ = s.write_all(&ok("x"));
            }
        });
        read_input(&format!("http://127.0.0.1:{port}/"), &private()).unwrap();
        let req = rx
            .recv_timeout(Duration::from_secs(5))
            .unwrap()
            .to_lowercase();
        assert!(
            req.contains("user-agent: parallax/0.1 (+news comparison)"),
            "{req}"
        );
    }

    #[test]
    fn error_status_is_reported() {
        let port = serve("127.0.0.1", 1, |_| {
            b"HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\nConnection: close\r\n\r\ngone".to_vec()
        });
        let e = read_input(&format!("http://127.0.0.1:{port}/"), &private()).unwrap_err();
        assert_eq!(e.to_string(), "HTTP 404 Not Found");
    }

    #[test]
    fn size_cap_applies_with_and_without_content_length() {
        let opts = FetchOptions {
            max_bytes: 1000,
            ..private()
        };
        let body = "x".repeat(5000);
        let port = serve("127.0.0.1", 1, move |_| ok(&body));
        let e = read_input(&format!("http://127.0.0.1:{port}/"), &opts).unwrap_err();
        assert!(
            matches!(
                e,
                IngestError::TooLarge {
                    size: Some(5000),
                    limit: 1000
                }
            ),
            "{e}"
        );
        // No Content-Length: the body streams until the server closes; the read stops at the cap.
        let port = serve("127.0.0.1", 1, |_| {
            let mut r = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".to_vec();
            r.extend(std::iter::repeat_n(b'y', 200_000));
            r
        });
        let e = read_input(&format!("http://127.0.0.1:{port}/"), &opts).unwrap_err();
        assert!(
            matches!(
                e,
                IngestError::TooLarge {
                    size: None,
                    limit: 1000
                }
            ),
            "{e}"
        );
        // A lying Content-Length smaller than the body cannot sneak extra bytes in either.
        let port = serve("127.0.0.1", 1, |_| {
            let mut r =
                b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\nConnection: close\r\n\r\n".to_vec();
            r.extend(std::iter::repeat_n(b'z', 5000));
            r
        });
        let raw = read_input(&format!("http://127.0.0.1:{port}/"), &opts).unwrap();
        assert_eq!(raw.bytes.len(), 10);
    }

    #[test]
    fn redirects_are_followed_up_to_the_limit() {
        // Each server redirects to the next; the last answers.
        let final_port = serve("127.0.0.1", 1, |_| ok("arrived"));
        let mut next = final_port;
        for _ in 0..2 {
            let to = next;
            next = serve("127.0.0.1", 1, move |_| {
                format!("HTTP/1.1 302 Found\r\nLocation: http://localhost:{to}/next\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").into_bytes()
            });
        }
        let raw = read_input(&format!("http://127.0.0.1:{next}/"), &private()).unwrap();
        assert_eq!(raw.bytes, b"arrived");
        assert_eq!(
            raw.url.as_deref(),
            Some(format!("http://localhost:{final_port}/next").as_str())
        );
        // A server that redirects to itself forever.
        let port = serve("127.0.0.1", 10, |port| {
            format!("HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:{port}/again\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").into_bytes()
        });
        let e = read_input(&format!("http://127.0.0.1:{port}/"), &private()).unwrap_err();
        assert_eq!(e.to_string(), "too many redirects (more than 5)");
    }

    #[test]
    fn every_redirect_hop_is_checked() {
        // The guard lets 127.0.0.1 through (as if it were public) but not 127.0.0.2, so a
        // redirect from one to the other must be refused at the hop, end to end.
        let exempt: IpAddr = "127.0.0.1".parse().unwrap();
        let guard = Guard::exempting(&[exempt]);
        let second = match TcpListener::bind("127.0.0.2:0") {
            Ok(listener) => listener,
            Err(e) => {
                parallax_testkit::skip(
                    parallax_testkit::Need::Host,
                    format_args!("cannot bind 127.0.0.2 here: {e}"),
                );
                return;
            }
        };
        let second_port = second.local_addr().unwrap().port();
        drop(second);
        let first = serve("127.0.0.1", 1, move |_| {
            format!("HTTP/1.1 301 Moved Permanently\r\nLocation: http://127.0.0.2:{second_port}/\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").into_bytes()
        });
        let e = fetch(
            &format!("http://127.0.0.1:{first}/"),
            &private_off(),
            &guard,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "refused to fetch 127.0.0.2: loopback address (use --allow-loopback to allow this machine, or --allow-private)"
        );
    }

    fn private_off() -> FetchOptions {
        FetchOptions {
            timeout: Duration::from_secs(5),
            ..FetchOptions::default()
        }
    }

    #[test]
    fn slow_server_times_out() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            // Accept and say nothing for longer than the client waits.
            if let Ok((s, _)) = listener.accept() {
                std::thread::sleep(Duration::from_secs(3));
                drop(s);
            }
        });
        let opts = FetchOptions {
            timeout: Duration::from_millis(300),
            ..private()
        };
        let t = Instant::now();
        let e = read_input(&format!("http://127.0.0.1:{port}/"), &opts).unwrap_err();
        assert_eq!(e.to_string(), "timed out after 0.3 s");
        assert!(t.elapsed() < Duration::from_secs(2));
    }

    #[test]
    fn non_http_urls_and_closed_ports_are_errors() {
        let e = check_url(
            &reqwest::Url::parse("file:///etc/passwd").unwrap(),
            &Guard::new(true),
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("bad URL"), "{e}");
        // A port nobody listens on: bind, learn the port, close.
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let e = read_input(&format!("http://127.0.0.1:{port}/"), &private()).unwrap_err();
        assert!(matches!(e, IngestError::Fetch(_)), "{e}");
        assert!(!e.to_string().contains('\n'));
    }
}
