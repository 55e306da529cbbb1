//! `parallax serve --watch`: one command gives a live site. The server starts, the watch beside
//! it places the articles of its inputs (and of the feeds added through the API) in stories,
//! and the story list's API shows them.
#![allow(clippy::unwrap_used)]

mod common;
mod local_server;
use common::repo;

use std::io::{BufRead, Read, Write};
use std::time::{Duration, Instant};

fn scratch(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("parallax-serve-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A request on 127.0.0.1:`port`: the status line and the body.
fn http(port: u16, method: &str, path: &str, body: &str) -> (String, String) {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let status = out.lines().next().unwrap_or_default().to_string();
    let body = out
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// A GET on 127.0.0.1:`port`, the body.
fn http_get(port: u16, path: &str) -> String {
    http(port, "GET", path, "").1
}

/// Start `parallax serve --db DB ARGS…` on a free loopback port: the child and its port.
fn serve(
    db: &std::path::Path,
    args: &[&str],
    models: &std::path::Path,
) -> (std::process::Child, u16) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--db",
            db.to_str().unwrap(),
        ])
        .args(args)
        .env("PARALLAX_MODELS", models)
        .current_dir(repo())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let port: u16 = first
        .strip_prefix("parallax: serving on http://127.0.0.1:")
        .and_then(|r| r.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("{first}"));
    (child, port)
}

/// Poll `/api/stories` until `articles` articles are placed in stories (two minutes at most).
fn stories_with(port: u16, articles: usize) -> serde_json::Value {
    let started = Instant::now();
    let mut stories = serde_json::Value::Null;
    while started.elapsed() < Duration::from_secs(120) {
        stories = serde_json::from_str(&http_get(port, "/api/stories")).unwrap_or_default();
        let placed: usize = stories["stories"]
            .as_array()
            .map(|l| {
                l.iter()
                    .map(|s| s["articles"].as_array().map_or(0, Vec::len))
                    .sum()
            })
            .unwrap_or(0);
        if placed >= articles {
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    stories
}

#[test]
fn serve_watch_fills_the_site_it_serves() {
    let d = scratch("serve-watch");
    let (mut child, port) = serve(
        &d.join("live.db"),
        &[
            "--watch",
            "examples/summit/lantern.txt",
            "examples/summit/ledger.html",
            "examples/summit/sentinel.md",
        ],
        &d.join("no-models"),
    );
    let stories = stories_with(port, 3);
    let page = http_get(port, "/");
    child.kill().unwrap();
    child.wait().unwrap();
    let _ = std::fs::remove_dir_all(&d);
    let list = stories["stories"]
        .as_array()
        .unwrap_or_else(|| panic!("{stories}"));
    assert_eq!(list.len(), 1, "the three reports are one story: {stories}");
    assert_eq!(list[0]["articles"].as_array().unwrap().len(), 3);
    assert!(
        page.contains(&format!("href=\"/stories/{}\"", list[0]["id"])),
        "{page}"
    );
}

const PAGE: &str = "<html><head><title>{T}</title><meta property=\"og:site_name\" content=\"{O}\"><meta property=\"article:published_time\" content=\"2026-03-04T09:00:00Z\"></head><body><article><h1>{T}</h1><p>Governor Maria Alvarez opened the new Riverside rail line on Monday in Busan.</p><p>About {N} people attended the opening ceremony at the central station, officials said.</p></article></body></html>";

#[test]
fn feeds_added_through_the_api_are_followed_by_serve_watch() {
    let server = local_server::start(|req, _| {
        let page = |t: &str, o: &str, n: &str| {
            local_server::Reply::ok(
                "text/html; charset=utf-8",
                PAGE.replace("{T}", t).replace("{O}", o).replace("{N}", n),
            )
        };
        match req.path.as_str() {
            "/lantern/rail" => page("Rail line opens in Riverside", "Daily Lantern", "5,000"),
            "/ledger/rail" => page("Riverside rail line opened", "Harbor Ledger", "3,000"),
            _ => local_server::Reply::status("404 Not Found"),
        }
    });
    let d = scratch("serve-feeds");
    // `--watch` alone: only the feeds the API adds.
    let (mut child, port) = serve(
        &d.join("feeds.db"),
        &["--watch", "--every", "1", "--allow-loopback"],
        &d.join("no-models"),
    );
    for path in ["/lantern/rail", "/ledger/rail"] {
        let body = format!("{{\"input\": \"{}\"}}", server.url(path));
        let (status, out) = http(port, "POST", "/api/feeds", &body);
        assert!(status.contains("201"), "{status} {out}");
    }
    let (_, listed) = http(port, "GET", "/api/feeds", "");
    let stories = stories_with(port, 2);
    let (removed, _) = http(port, "DELETE", "/api/feeds/1", "");
    let (_, after) = http(port, "GET", "/api/feeds", "");
    child.kill().unwrap();
    child.wait().unwrap();
    let _ = std::fs::remove_dir_all(&d);
    let listed: serde_json::Value = serde_json::from_str(&listed).unwrap();
    assert_eq!(listed["feeds"].as_array().unwrap().len(), 2, "{listed}");
    let list = stories["stories"]
        .as_array()
        .unwrap_or_else(|| panic!("{stories}"));
    assert_eq!(list.len(), 1, "both pages tell one event: {stories}");
    assert_eq!(
        list[0]["articles"].as_array().unwrap().len(),
        2,
        "{stories}"
    );
    assert!(removed.contains("204"), "{removed}");
    let after: serde_json::Value = serde_json::from_str(&after).unwrap();
    assert_eq!(after["feeds"][0]["input"], server.url("/ledger/rail"));
}
