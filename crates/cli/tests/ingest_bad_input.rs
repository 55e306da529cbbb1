//! Hostile and broken input to `parallax ingest` and `parallax extract`: each gets one clear
//! line, memory and time stay bounded, nothing panics, and the rest of the batch is ingested.
//! Every fixture is generated here.
#![allow(clippy::unwrap_used)]

mod common;
mod local_server;

use std::io::Write;
use std::time::{Duration, Instant};

use common::parallax;
use flate2::{Compression, write::GzEncoder};
use local_server::Reply;

fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::best());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// 100 MiB of zeros, gzipped to about 100 KB.
fn bomb() -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::best());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..100 {
        e.write_all(&zeros).unwrap();
    }
    e.finish().unwrap()
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{body}</p></article></body></html>"
    )
}

fn warc_record(uri: &str, html: &str) -> Vec<u8> {
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}");
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2026-01-05T09:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    r.extend_from_slice(http.as_bytes());
    r.extend_from_slice(b"\r\n\r\n");
    r
}

const QUAY: &str = "Workers on the east quay of Kelmport finished laying new granite slabs on Friday, two weeks ahead of the schedule agreed with the city, and the fish stalls will return to the waterfront on Monday morning.";
const TRAM: &str = "The island tram on Arden carried its millionth passenger of the year on Saturday, a pupil on her way to a chess tournament, and the operator marked the moment with a free annual pass and a brass band.";
const GULLS: &str = "Volunteers counted four hundred nesting gulls on the breakwater this spring, fewer than last year, and the bird society blamed the cold April rather than the new lighthouse lamps that some residents had suspected.";

fn scratch(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("parallax-ingest-bad-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn bad_inputs_get_one_line_each_and_the_rest_is_ingested() {
    let bomb_bytes = bomb();
    let served_bomb = bomb_bytes.clone();
    let server = local_server::start(move |r, _| match r.path.as_str() {
        "/robots.txt" => Reply::status("404 Not Found"),
        "/gulls" => Reply::ok("text/html", page("Fewer gulls on the breakwater", GULLS)),
        // A small body that inflates to 100 MiB.
        "/bomb" => Reply::ok("text/html", served_bomb.clone()).header("Content-Encoding", "gzip"),
        // Announces 100 MiB: refused from the header, nothing read.
        "/huge" => Reply::ok("text/html", "<p>short</p>").header("Content-Length", "104857600"),
        _ => Reply::status("404 Not Found"),
    });
    let d = scratch("mix");
    let path = |n: &str| d.join(n).display().to_string();

    let feed = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Quay news</title><item><title>Quay</title><link>https://quay.example/a</link></item></channel></rss>";
    let whole = gz(feed.as_bytes());
    std::fs::write(path("truncated.xml.gz"), &whole[..whole.len() / 2]).unwrap();
    std::fs::write(path("bomb.xml.gz"), &bomb_bytes).unwrap();
    std::fs::File::create(path("huge.html"))
        .unwrap()
        .set_len(100 * 1024 * 1024)
        .unwrap();
    let mut deep = String::from("<html><body>");
    deep.push_str(&"<div>".repeat(100_000));
    deep.push_str(&format!("<p>{QUAY}</p>"));
    std::fs::write(path("deep.html"), &deep).unwrap();
    std::fs::write(
        path("laughs.xml"),
        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\"><!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\"><!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]><rss version=\"2.0\"><channel><title>&lol3;</title><item><title>&lol3;</title><link>https://quay.example/laughs</link></item></channel></rss>",
    )
    .unwrap();
    let mut latin = b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Caf\xe9 news</title><item><title>Gulls</title><link>".to_vec();
    latin.extend_from_slice(server.url("/gulls").as_bytes());
    latin.extend_from_slice(b"</link></item></channel></rss>");
    std::fs::write(path("latin1.xml"), latin).unwrap();
    std::fs::write(
        path("empty.xml"),
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Nothing yet</title></channel></rss>",
    )
    .unwrap();
    let mut warc: Vec<u8> = Vec::new();
    warc.extend(gz(&warc_record(
        "https://quay.example/quay",
        &page("Quay reopens early", QUAY),
    )));
    warc.extend(gz(&warc_record(
        "https://tram.example/tram",
        &page("Millionth tram rider", TRAM),
    )));
    let third = gz(&warc_record(
        "https://tram.example/third",
        &page("Cut short", GULLS),
    ));
    warc.extend_from_slice(&third[..third.len() - 40]);
    std::fs::write(path("cut.warc.gz"), warc).unwrap();
    std::fs::write(
        path("links.txt"),
        format!("{}\n{}\n", server.url("/bomb"), server.url("/huge")),
    )
    .unwrap();
    std::fs::write(path("notes.bin"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0").unwrap();

    let db = path("p.db");
    let mut args = vec![
        "ingest".to_string(),
        "--db".into(),
        db.clone(),
        "--allow-loopback".into(),
        "--delay-ms".into(),
        "0".into(),
        "--format".into(),
        "json".into(),
    ];
    for f in [
        "truncated.xml.gz",
        "bomb.xml.gz",
        "huge.html",
        "deep.html",
        "laughs.xml",
        "latin1.xml",
        "empty.xml",
        "cut.warc.gz",
        "links.txt",
        "notes.bin",
    ] {
        args.push(path(f));
    }
    args.push("examples/summit/lantern.txt".into());
    let t = Instant::now();
    let r = parallax(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let took = t.elapsed();
    eprintln!("{}\nstdout summary in {took:?}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert_eq!(r.code, 1, "partial: exit 1\n{}", r.stderr);
    assert!(took < Duration::from_secs(60), "took {took:?}");
    for want in [
        "truncated.xml.gz: truncated gzip stream (the data ends early)",
        "bomb.xml.gz: decompresses to over the 20.0 MB limit (a gzip bomb?); raise it with --max-bytes",
        "huge.html: input is 100.0 MB, over the 20.0 MB limit (raise it with --max-bytes)",
        "laughs.xml: invalid feed: it declares XML entities (refused: entity expansion can exhaust memory)",
        "latin1.xml: invalid UTF-8 at byte",
        "empty.xml: RSS 2.0 feed has no items",
        "cut.warc.gz: truncated gzip stream (the data ends early), in WARC record 3 (records before it were ingested)",
        "/bomb: input is over the 20.0 MB limit (raise it with --max-bytes)",
        "/huge: input is 100.0 MB, over the 20.0 MB limit (raise it with --max-bytes)",
        "notes.bin: binary file",
    ] {
        assert!(
            r.stderr.lines().any(|l| l.contains(want)),
            "missing {want:?} in:\n{}",
            r.stderr
        );
    }
    for line in r.stderr.lines() {
        assert!(
            line.starts_with("error: ")
                || line.starts_with("warning: ")
                || line.starts_with("note: "),
            "{line:?}"
        );
    }
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let titles: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["outcome"] == "saved")
        .filter_map(|i| i["title"].as_str())
        .collect();
    for want in [
        "Fewer gulls on the breakwater",
        "Quay reopens early",
        "Millionth tram rider",
    ] {
        assert!(
            titles.contains(&want),
            "{want} not saved: {titles:?}\n{}",
            r.stderr
        );
    }
    // The page files (deep nesting, the example) were read; the deep one either yields its
    // paragraph or a one-line error, never a crash.
    assert!(
        v["inputs"].as_array().unwrap().iter().any(|i| i["input"]
            .as_str()
            .unwrap()
            .ends_with("lantern.txt")
            && i["error"].is_null())
    );
    assert_eq!(v["summary"]["inputs"], 11);
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn extract_batches_in_one_process_in_input_order() {
    let d = scratch("extract");
    let sub = d.join("pages");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(sub.join("b.html"), page("Millionth tram rider", TRAM)).unwrap();
    std::fs::write(sub.join("a.txt"), QUAY).unwrap();
    std::fs::write(sub.join("a.txt.meta.json"), r#"{"source": "Quay Post"}"#).unwrap();
    std::fs::write(sub.join("c.txt"), "").unwrap();
    let missing = d.join("missing.txt").display().to_string();
    let r = parallax(&[
        "extract",
        "examples/summit/lantern.txt",
        sub.to_str().unwrap(),
        &missing,
        "--format",
        "jsonl",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines: Vec<serde_json::Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let inputs: Vec<String> = lines
        .iter()
        .map(|l| {
            let s = l["input"].as_str().unwrap();
            s.rsplit('/').next().unwrap().to_string()
        })
        .collect();
    assert_eq!(
        inputs,
        ["lantern.txt", "a.txt", "b.html", "c.txt", "missing.txt"]
    );
    for key in ["title", "text", "byline", "published", "url", "language"] {
        assert!(lines[0].get(key).is_some(), "{key} missing");
    }
    assert_eq!(lines[1]["source"], "Quay Post");
    assert_eq!(lines[2]["title"], "Millionth tram rider");
    assert_eq!(lines[3]["error"], "empty input");
    assert_eq!(lines[4]["error"], "file not found");
    assert!(r.stderr.lines().any(|l| l.ends_with("c.txt: empty input")));

    let r = parallax(&[
        "extract",
        sub.join("b.html").to_str().unwrap(),
        "--format",
        "md",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("# Millionth tram rider\n"),
        "{}",
        r.stdout
    );
    let r = parallax(&["extract", "examples/summit/lantern.txt", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(v["text"].as_str().unwrap().len() > 100);
    let r = parallax(&["extract", &missing, "--format", "json"]);
    assert_eq!(r.code, 3);
    let r = parallax(&["extract", "examples/summit/lantern.txt", "--format", "yaml"]);
    assert_eq!(r.code, 2);
    let _ = std::fs::remove_dir_all(&d);
}
