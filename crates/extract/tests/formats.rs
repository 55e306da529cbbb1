//! Every input format end to end, from fixture files (invented articles) through ingest and
//! extract, with the span invariant checked on each.

// Test helpers may unwrap: a panic is the failure report.
#![allow(clippy::unwrap_used)]

use parallax_core::{Article, BlockKind, Provenance, Sourced};
use parallax_extract::{Extracted, InputFormat, detect_format, extract};
use parallax_ingest::{FetchOptions, read_input};

fn fixture(name: &str) -> Extracted {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let raw = read_input(&path, &FetchOptions::default()).unwrap();
    extract(&raw, "a1").unwrap()
}

/// Every paragraph span slices the text exactly, blocks are trimmed, non-empty, in order,
/// separated by a blank line, and cover the whole text.
fn check_spans(a: &Article) {
    let mut rebuilt = Vec::new();
    let mut prev_end = 0;
    for (i, p) in a.paragraphs.iter().enumerate() {
        let s = p.span.slice(&a.text).expect("span slices the text");
        assert!(!s.is_empty(), "paragraph {i} is empty");
        assert_eq!(s, s.trim(), "paragraph {i} is not trimmed");
        assert!(!s.contains('\n'), "paragraph {i} holds a line break");
        if i > 0 {
            assert_eq!(&a.text[prev_end..p.span.start], "\n\n");
        } else {
            assert_eq!(p.span.start, 0);
        }
        prev_end = p.span.end;
        rebuilt.push(s);
    }
    assert_eq!(prev_end, a.text.len());
    assert_eq!(rebuilt.join("\n\n"), a.text);
}

fn blocks(a: &Article) -> Vec<(&str, BlockKind)> {
    a.paragraphs
        .iter()
        .map(|p| (p.span.slice(&a.text).unwrap(), p.kind))
        .collect()
}

fn dateline<T>(value: T) -> Option<Sourced<T>> {
    Some(Sourced::new(value, Provenance::Dateline))
}

fn date(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn text_with_a_dateline_header() {
    let x = fixture("dateline.txt");
    let a = &x.article;
    check_spans(a);
    assert_eq!(a.source, dateline("Pine Valley Courier".to_string()));
    assert_eq!(a.byline, dateline("Pine Valley Courier Staff".to_string()));
    assert_eq!(a.published, dateline(date("2026-02-10")));
    assert_eq!(a.title, None);
    assert!(
        !a.text.contains("Valley News"),
        "the dateline is not body text"
    );
    assert!(a.text.starts_with("Why would a town"));
    use BlockKind::*;
    let kinds: Vec<BlockKind> = a.paragraphs.iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        [
            Body, Body, Body, Heading, Body, Body, ListItem, ListItem, ListItem
        ]
    );
    assert_eq!(blocks(a)[3].0, "A Long Road to the Vote");
    assert!(x.diagnostics.is_empty(), "{:?}", x.diagnostics);
    assert_eq!(a.id, "a1");
    assert!(a.input.ends_with("dateline.txt"));
}

#[test]
fn text_with_headline_byline_date_and_wire_dateline() {
    let a = fixture("wire.txt").article;
    check_spans(&a);
    assert_eq!(
        a.title,
        dateline("Harbor Talks Resume After Two-Week Pause".to_string())
    );
    assert_eq!(a.byline, dateline("Jane Roe".to_string()));
    assert_eq!(a.source, dateline("Coastal Wire".to_string()));
    assert_eq!(a.published, dateline(date("2026-02-10")));
    assert!(
        a.text.starts_with("Negotiators"),
        "the wire dateline is metadata, kept out of the body: {}",
        a.text
    );
    assert_eq!(a.paragraphs.len(), 3);
    assert!(a.paragraphs.iter().all(|p| p.kind == BlockKind::Body));
}

#[test]
fn text_without_a_header() {
    let a = fixture("noheader.txt").article;
    check_spans(&a);
    assert_eq!(
        (&a.source, &a.published, &a.title, &a.byline),
        (&None, &None, &None, &None)
    );
    assert!(
        a.text
            .starts_with("In a brief and cheerful ceremony on Monday")
    );
    use BlockKind::*;
    assert_eq!(
        blocks(&a).iter().map(|b| b.1).collect::<Vec<_>>(),
        [Body, Heading, Body, Body, Heading, Body]
    );
    assert_eq!(blocks(&a)[1].0, "Shelves Filled by Neighbours");
    assert_eq!(blocks(&a)[4].0, "What Comes After Opening Day");
}

#[test]
fn markdown_with_front_matter() {
    let x = fixture("article.md");
    let a = &x.article;
    check_spans(a);
    let md = |v: &str| Some(Sourced::new(v.to_string(), Provenance::Markdown));
    assert_eq!(a.title, md("Ferry Line Returns to Lakeside"));
    assert_eq!(a.source, md("Lakeside Gazette"));
    assert_eq!(a.byline, md("Mira Santos"));
    assert_eq!(
        a.published,
        Some(Sourced::new(date("2026-02-10"), Provenance::Markdown))
    );
    assert_eq!(
        a.url.as_deref(),
        Some("https://example.invalid/gazette/ferry")
    );
    assert_eq!(a.language.as_deref(), Some("en"));
    use BlockKind::*;
    assert_eq!(
        blocks(a),
        [
            (
                "The ferry between Lakeside and Grey Island resumed service on Tuesday.",
                Body
            ),
            ("It had been suspended since a storm in January.", Body),
            ("What passengers said", Heading),
            ("Most were relieved.", ListItem),
            ("Some complained about the fare.", ListItem),
            (
                "\"I missed the boat, in every sense,\" said one commuter.",
                Quote
            ),
        ]
    );
}

#[test]
fn html_article() {
    let x = fixture("article.html");
    let a = &x.article;
    check_spans(a);
    let hm = |v: &str| Some(Sourced::new(v.to_string(), Provenance::HtmlMeta));
    assert_eq!(a.title, hm("Orchard growers count frost losses"));
    assert_eq!(a.source, hm("Valley Ledger"));
    assert_eq!(a.byline, hm("Ana Ruiz"));
    assert_eq!(
        a.published,
        Some(Sourced::new(date("2026-02-10"), Provenance::HtmlMeta))
    );
    assert_eq!(a.language.as_deref(), Some("en"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://example.invalid/ledger/frost")
    );
    use BlockKind::*;
    assert_eq!(
        blocks(a),
        [
            (
                "A late frost on Sunday night damaged apple blossoms across the valley, growers said on Monday.",
                Body
            ),
            (
                "Some orchards lost half of their early bloom, according to the growers' association.",
                Body
            ),
            ("Insurance claims expected", Heading),
            (
                "The association expects more than 200 claims, its chairman told the Ledger.",
                Body
            ),
            (
                "\"We have not seen a frost this late in twenty years,\" he said.",
                Quote
            ),
            ("Apples: worst hit", ListItem),
            ("Pears: minor damage", ListItem),
        ]
    );
    assert!(x.diagnostics.is_empty(), "{:?}", x.diagnostics);
}

#[test]
fn json_article() {
    let a = fixture("article.json").article;
    check_spans(&a);
    let jf = |v: &str| Some(Sourced::new(v.to_string(), Provenance::JsonField));
    assert_eq!(a.title, jf("School buses switch to electric"));
    assert_eq!(a.source, jf("Metro Bulletin"));
    assert_eq!(a.byline, jf("Lee Park, Sam Ortiz"));
    assert_eq!(
        a.published,
        Some(Sourced::new(date("2026-02-09"), Provenance::JsonField))
    );
    assert_eq!(a.language.as_deref(), Some("en"));
    use BlockKind::*;
    assert_eq!(
        blocks(&a).iter().map(|b| b.1).collect::<Vec<_>>(),
        [Body, Body, Heading, Body]
    );
}

#[test]
fn sidecar_overrides_text_metadata() {
    let a = fixture("sidecar.txt").article;
    check_spans(&a);
    let sc = |v: &str| Some(Sourced::new(v.to_string(), Provenance::Sidecar));
    assert_eq!(a.source, sc("Northside Herald"));
    assert_eq!(a.title, sc("Museum reopens"));
    assert_eq!(
        a.published,
        Some(Sourced::new(date("2026-02-07"), Provenance::Sidecar))
    );
    assert_eq!(
        a.byline,
        dateline("Jane Roe".to_string()),
        "fields the sidecar lacks stay"
    );
    assert_eq!(
        a.text,
        "The museum reopened on Saturday after a two-year renovation."
    );
}

#[test]
fn formats_are_detected_from_fixtures() {
    let detect = |name: &str, as_stdin: bool| {
        let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        let mut raw = read_input(&path, &FetchOptions::default()).unwrap();
        if as_stdin {
            raw.input = "-".into();
        }
        detect_format(&raw)
    };
    use InputFormat::*;
    for stdin in [false, true] {
        assert_eq!(detect("article.html", stdin), Html);
        assert_eq!(detect("article.md", stdin), Markdown);
        assert_eq!(detect("article.json", stdin), Json);
        assert_eq!(detect("dateline.txt", stdin), Text);
        assert_eq!(detect("wire.txt", stdin), Text);
    }
}

#[test]
fn the_same_article_reads_the_same_from_stdin() {
    // Content sniffing must reach the same result as the file extension.
    for name in ["article.html", "article.md", "article.json", "dateline.txt"] {
        let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        let mut raw = read_input(&path, &FetchOptions::default()).unwrap();
        let from_file = extract(&raw, "a").unwrap().article;
        raw.input = "-".into();
        raw.sidecar = None;
        let from_stdin = extract(&raw, "a").unwrap().article;
        assert_eq!(from_file.text, from_stdin.text, "{name}");
        assert_eq!(from_file.source, from_stdin.source, "{name}");
    }
}
