//! Bad input: one-line errors for what cannot be an article, warnings for what can.

// Test helpers may unwrap: a panic is the failure report.
#![allow(clippy::unwrap_used)]

use parallax_core::{BlockKind, Severity};
use parallax_extract::{ExtractError, extract};
use parallax_ingest::RawInput;

fn raw(input: &str, bytes: &[u8]) -> RawInput {
    RawInput {
        input: input.into(),
        bytes: bytes.to_vec(),
        ..RawInput::default()
    }
}

fn error(input: &str, bytes: &[u8]) -> ExtractError {
    extract(&raw(input, bytes), "a").unwrap_err()
}

#[test]
fn empty_and_whitespace_only() {
    assert_eq!(error("e.txt", b""), ExtractError::Empty);
    assert_eq!(error("e.md", b" \n\n\t  \r\n"), ExtractError::Empty);
    assert_eq!(error("e.html", b"\xef\xbb\xbf   "), ExtractError::Empty);
}

#[test]
fn binary_input_says_what_it_looks_like() {
    assert_eq!(
        error("photo.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10").to_string(),
        "binary file (looks like a PNG image)"
    );
    assert_eq!(
        error("doc.html", b"%PDF-1.4\n%\xe2\xe3").to_string(),
        "binary file (looks like a PDF document)"
    );
    assert_eq!(
        error("x", b"\xff\xd8\xff\xe0\0\x10JFIF").to_string(),
        "binary file (looks like a JPEG image)"
    );
    let mut noisy = b"Some text".to_vec();
    noisy.extend(std::iter::repeat_n(0x1bu8, 10));
    assert_eq!(
        error("x.txt", &noisy).to_string(),
        "binary data: 52% control bytes"
    );
}

#[test]
fn invalid_utf8_is_used_with_a_warning() {
    // Legacy Latin text: read as Windows-1252.
    let x = extract(
        &raw(
            "latin.txt",
            b"The caf\xe9 on Main Street reopened on Monday.\n",
        ),
        "a",
    )
    .unwrap();
    assert_eq!(
        x.article.text,
        "The café on Main Street reopened on Monday."
    );
    assert_eq!(x.diagnostics.len(), 1);
    assert_eq!(x.diagnostics[0].severity, Severity::Warning);
    assert_eq!(x.diagnostics[0].input.as_deref(), Some("latin.txt"));
    assert!(
        x.diagnostics[0]
            .message
            .starts_with("invalid UTF-8 at byte 7")
    );
    // Mostly UTF-8 with a few broken bytes: replaced.
    let x = extract(
        &raw(
            "mixed.txt",
            "Grüße — the "
                .as_bytes()
                .iter()
                .chain(b"\xc3 end.")
                .copied()
                .collect::<Vec<_>>()
                .as_slice(),
        ),
        "a",
    )
    .unwrap();
    assert_eq!(x.article.text, "Grüße — the \u{fffd} end.");
    assert_eq!(
        x.diagnostics[0].message,
        "invalid UTF-8 at byte 16: 1 byte(s) replaced"
    );
}

#[test]
fn json_that_is_not_one_article() {
    let e = error("a.json", br#"[{"text": "One."}, {"text": "Two."}]"#);
    assert_eq!(
        e.to_string(),
        "invalid JSON article: a JSON array holds several articles; pass them as separate inputs"
    );
    assert!(
        error("a.json", b"42")
            .to_string()
            .starts_with("invalid JSON article: expected an object")
    );
    assert!(
        error("a.json", b"{\"text\": \"unterminated")
            .to_string()
            .starts_with("invalid JSON article: EOF")
    );
    assert_eq!(
        error("a.json", br#"{"title": "No body"}"#).to_string(),
        "invalid JSON article: no \"text\", \"body\" or \"content\" field"
    );
}

#[test]
fn html_without_text() {
    for page in [
        "<html><head><title>Only a title</title></head><body></body></html>",
        "<html><body><nav><p>Home</p></nav><script>var x = 'words words words';</script><footer><p>(c)</p></footer></body></html>",
        "<html><body><img src=a.png><div class=\"ad\"></div></body></html>",
    ] {
        assert_eq!(
            error("p.html", page.as_bytes()),
            ExtractError::NoText,
            "{page}"
        );
    }
}

#[test]
fn hundred_thousand_deep_nesting() {
    let depth = 100_000;
    let page = format!(
        "<!doctype html><html><body><article>{}<p>The water main burst on Tuesday.</p>{}</article></body></html>",
        "<div><blockquote>".repeat(depth / 2),
        "</blockquote></div>".repeat(depth / 2)
    );
    let t = std::time::Instant::now();
    let x = extract(&raw("deep.html", page.as_bytes()), "a").unwrap();
    let took = t.elapsed();
    assert!(x.article.text.contains("The water main burst on Tuesday."));
    assert!(
        x.diagnostics
            .iter()
            .any(|d| d.message.starts_with("HTML nested 10000")
                && d.message.contains("elements deep"))
    );
    assert!(took.as_secs() < 5, "took {took:?}");
    // Unclosed tags, to the same depth.
    let page = format!(
        "<html><body>{}<p>Still here after all of that.",
        "<section><span>".repeat(depth / 2)
    );
    let x = extract(&raw("deep2.html", page.as_bytes()), "a").unwrap();
    assert_eq!(
        x.article.paragraphs.last().map(|p| p.kind),
        Some(BlockKind::Body)
    );
    assert!(x.article.text.ends_with("Still here after all of that."));
}

#[test]
fn random_bytes_never_panic_and_spans_always_slice() {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let pieces: &[&[u8]] = &[
        b"<p>",
        b"</p>",
        b"<div>",
        b"<h2>",
        b"<li>",
        b"<blockquote>",
        b"<script>",
        b"{\"text\":",
        b"\"",
        b"# ",
        b"> ",
        b"- ",
        b"1) ",
        b"By Ann Lee",
        b" date 2026-01-06 ",
        b"Staff",
        b"\n",
        b"\n\n",
        b"word ",
        b"Title Case Line",
        b".",
        b"\xe2\x80\x94",
        b"\xff",
        b"\xc3",
        b"[a](b)",
        b"**",
        b"---\n",
        b"\r\n",
        b"&amp;",
        b"<!--",
        b"\t",
    ];
    let t = std::time::Instant::now();
    for round in 0..600 {
        let n = (next() % 60) as usize;
        let mut bytes = Vec::new();
        for _ in 0..n {
            if round % 3 == 0 {
                bytes.push((next() % 256) as u8);
            } else {
                bytes.extend_from_slice(pieces[(next() as usize) % pieces.len()]);
            }
        }
        for name in ["r.txt", "r.md", "r.html", "r.json", "-"] {
            match extract(&raw(name, &bytes), "a") {
                Ok(x) => {
                    let a = &x.article;
                    assert!(!a.text.is_empty());
                    for p in &a.paragraphs {
                        let s = p.span.slice(&a.text).expect("span slices");
                        assert!(!s.is_empty() && s == s.trim());
                    }
                }
                Err(e) => assert!(!e.to_string().contains('\n')),
            }
        }
    }
    assert!(t.elapsed().as_secs_f64() < 5.0, "{:?}", t.elapsed());
}
