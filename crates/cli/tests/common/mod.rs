//! Helpers for running the real `parallax` binary in tests.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::Command;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `../shared` when it holds the seeds, or a recorded skip (fatal in CI; see parallax-testkit).
pub fn shared() -> Option<PathBuf> {
    parallax_testkit::shared("seeds")?;
    Some(repo().join("../shared"))
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn parallax(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(args)
        .current_dir(repo())
        .output()
        .expect("run parallax");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn json(args: &[&str]) -> serde_json::Value {
    let r = parallax(args);
    assert!(r.code == 0 || r.code == 1, "exit {}: {}", r.code, r.stderr);
    serde_json::from_str(&r.stdout).expect("valid JSON report")
}

/// Every evidence object in the report slices its source's text exactly.
pub fn check_offsets(report: &serde_json::Value) {
    let texts: std::collections::HashMap<String, String> = report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["article"].as_str().unwrap().to_string(),
                s["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut n = 0;
    fn walk(
        v: &serde_json::Value,
        texts: &std::collections::HashMap<String, String>,
        n: &mut usize,
    ) {
        match v {
            serde_json::Value::Object(o) => {
                if let (Some(a), Some(span), Some(t)) =
                    (o.get("article"), o.get("span"), o.get("text"))
                    && let (Some(a), Some(t)) = (a.as_str(), t.as_str())
                {
                    let (s, e) = (
                        span["start"].as_u64().unwrap() as usize,
                        span["end"].as_u64().unwrap() as usize,
                    );
                    assert_eq!(
                        texts[a].get(s..e),
                        Some(t),
                        "evidence offsets must slice the source text"
                    );
                    *n += 1;
                }
                o.values().for_each(|x| walk(x, texts, n));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, texts, n)),
            _ => {}
        }
    }
    walk(report, &texts, &mut n);
    assert!(n > 10, "report should carry evidence ({n})");
}

pub fn texts_of(v: &serde_json::Value) -> Vec<String> {
    v["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["text"].as_str().unwrap().to_string())
        .collect()
}

/// An invented article page for the local test servers (outlet, date and headline in its
/// metadata); no date when `date` is empty.
pub fn article_page(title: &str, outlet: &str, date: &str, paras: &[&str]) -> String {
    let body: String = paras.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    let date_meta = if date.is_empty() {
        String::new()
    } else {
        format!("<meta property=\"article:published_time\" content=\"{date}T08:00:00Z\">")
    };
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><title>{title} | {outlet}</title>\
         <meta property=\"og:site_name\" content=\"{outlet}\">{date_meta}</head>\
         <body><nav><a href=\"/\">Home</a></nav>\
         <article><h1>{title}</h1>{body}</article><footer>{outlet}</footer></body></html>"
    )
}
