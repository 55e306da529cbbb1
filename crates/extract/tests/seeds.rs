//! The project's two seed articles (in ../shared/seeds, outside the repository): the dateline
//! of the first becomes metadata, the second has no header and keeps its mid-text headings.
//! Skips, recorded by parallax-testkit, when the seeds are not there (fatal in CI).

// Test helpers may unwrap: a panic is the failure report.
#![allow(clippy::unwrap_used)]

use parallax_core::{Article, BlockKind, Provenance, Sourced};
use parallax_extract::extract;
use parallax_ingest::{FetchOptions, read_input};

/// Every seed article with its first line, or a recorded skip when ../shared is absent. A seed
/// that cannot be read or extracted fails the test: that is what the test is here to catch.
fn seeds() -> Option<Vec<(String, Article)>> {
    let dir = parallax_testkit::shared("seeds")?;
    let mut out = Vec::new();
    for e in std::fs::read_dir(&dir).expect("the seed directory lists") {
        let path = e.expect("a seed directory entry").path();
        if path.extension().is_some_and(|x| x == "txt") {
            let name = path.to_str().expect("a UTF-8 seed path");
            let raw = read_input(name, &FetchOptions::default())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            let first_line = String::from_utf8_lossy(&raw.bytes)
                .lines()
                .next()
                .unwrap_or_else(|| panic!("{name}: empty seed"))
                .to_string();
            let article = extract(&raw, "s").unwrap_or_else(|e| panic!("{name}: {e}"));
            out.push((first_line, article.article));
        }
    }
    assert!(!out.is_empty(), "no seed articles in {}", dir.display());
    Some(out)
}

#[test]
fn every_seed_has_exact_spans() {
    let Some(seeds) = seeds() else { return };
    for (_, a) in &seeds {
        assert!(!a.paragraphs.is_empty());
        let joined: Vec<&str> = a
            .paragraphs
            .iter()
            .map(|p| p.span.slice(&a.text).unwrap())
            .collect();
        assert_eq!(joined.join("\n\n"), a.text);
    }
}

#[test]
fn dateline_seed_metadata() {
    let Some(seeds) = seeds() else { return };
    let (first_line, a) = seeds
        .iter()
        .find(|(l, _)| l.contains("WorldTribune Staff"))
        .expect("the dateline seed is among the seeds");
    let d = Provenance::Dateline;
    assert_eq!(a.source, Some(Sourced::new("WorldTribune".to_string(), d)));
    assert_eq!(
        a.byline,
        Some(Sourced::new("WorldTribune Staff".to_string(), d))
    );
    assert_eq!(
        a.published
            .as_ref()
            .map(|p| (p.value.to_string(), p.provenance)),
        Some(("2026-01-06".to_string(), d))
    );
    assert!(
        !a.text.contains(first_line.trim()),
        "the header line is not body text"
    );
    assert!(!a.text.contains("Real World News"));
    assert!(!a.text.starts_with(' ') && !a.text.starts_with("date"));
    assert_eq!(
        a.title, None,
        "the first body line is a question, not a headline"
    );
}

#[test]
fn headerless_seed_keeps_body_and_headings() {
    let Some(seeds) = seeds() else { return };
    let (first_line, a) = seeds
        .iter()
        .find(|(_, a)| a.text.contains("A Selfie for the History Books"))
        .expect("the headerless seed is among the seeds");
    assert_eq!(
        (&a.source, &a.published, &a.byline, &a.title),
        (&None, &None, &None, &None)
    );
    assert!(
        a.text.starts_with(first_line.trim()),
        "the first paragraph is body text, intact"
    );
    let headings: Vec<&str> = a
        .paragraphs
        .iter()
        .filter(|p| p.kind == BlockKind::Heading)
        .map(|p| p.span.slice(&a.text).unwrap())
        .collect();
    assert!(
        headings.contains(&"A Selfie for the History Books"),
        "{headings:?}"
    );
    assert!(headings.len() >= 2, "{headings:?}");
    assert!(headings.iter().all(|h| h.split_whitespace().count() <= 12));
    let body = a
        .paragraphs
        .iter()
        .filter(|p| p.kind == BlockKind::Body)
        .count();
    assert!(body > headings.len());
}
