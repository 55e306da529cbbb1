//! `parallax serve --watch`: one command gives a live site. The server starts, the watch beside
//! it places the bundled example's articles in a story, and the story list's API shows it.
#![allow(clippy::unwrap_used)]

mod common;
use common::*;

use std::io::{BufRead, Read, Write};
use std::time::{Duration, Instant};

fn scratch(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("parallax-serve-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A GET on 127.0.0.1:`port`, the body.
fn http_get(port: u16, path: &str) -> String {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out.split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default()
}

#[test]
fn serve_watch_fills_the_site_it_serves() {
    let d = scratch("serve-watch");
    let db = d.join("live.db");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--db",
            db.to_str().unwrap(),
            "--watch",
        ])
        .args([
            "examples/summit/lantern.txt",
            "examples/summit/ledger.html",
            "examples/summit/sentinel.md",
        ])
        .env("PARALLAX_MODELS", d.join("no-models"))
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
    let started = Instant::now();
    let mut stories = serde_json::Value::Null;
    while started.elapsed() < Duration::from_secs(120) {
        let body = http_get(port, "/api/stories");
        stories = serde_json::from_str(&body).unwrap_or(serde_json::Value::Null);
        if stories["stories"].as_array().is_some_and(|s| !s.is_empty()) {
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
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
