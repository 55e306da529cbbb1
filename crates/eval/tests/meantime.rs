//! Tests of the MEANTIME evaluation: the CAT reader, text rebuilding and scoring on an invented
//! fixture, and a sanity run on the real corpus when it is present next to the workspace.
//!
//! They do not pin the analyzer's figures on the real corpus, which change as it improves.
#![deny(missing_docs)]

use std::path::{Path, PathBuf};

use parallax_core::{EntityKind, Span};
use parallax_eval::score::{
    Counts, EntityScores, GoldEntity, GoldTime, PredEntity, PredTime, TimeScores, ValueClass,
    normalize_value, score_entities, score_times,
};
use parallax_eval::{cat, meantime, text};

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/meantime")
}

#[allow(clippy::unwrap_used)] // test helper: a broken fixture should fail loudly
fn fixture() -> cat::CatDoc {
    let xml = std::fs::read_to_string(fixture_dir().join("tiny.xml")).unwrap();
    cat::parse(&xml).unwrap()
}

#[test]
fn parses_tokens_timexes_mentions_and_types() {
    let d = fixture();
    assert_eq!(d.name, "1_Velto_opens_an_office");
    assert_eq!(d.tokens.len(), 34);
    assert_eq!(d.tokens[25].text, "&");
    assert_eq!(d.timexes.len(), 4);
    assert_eq!(
        d.creation_time().map(|t| t.value.as_str()),
        Some("2012-05-10")
    );
    assert!(d.timexes[3].tokens.is_empty(), "a timex without extent");
    let types: Vec<_> = d.mentions.iter().map(|m| m.ent_type.as_deref()).collect();
    assert_eq!(types, [Some("PER"), Some("ORG"), Some("LOC")]);
    assert_eq!(d.mentions[1].tokens, [12, 13]);
}

#[test]
fn rebuilds_body_text_without_title_and_creation_time() {
    let d = fixture();
    let r = text::rebuild(&d);
    assert_eq!(r.title, "Velto opens an office");
    assert_eq!(
        r.text,
        "Anna Berg joined Velto Corporation in Oslo on March 3, 2011. \
         She says \"fjords & code\" drew her there last year."
    );
    let span = r.span_of(&[17, 18, 19, 20]).unwrap();
    assert_eq!(span.slice(&r.text), Some("March 3, 2011"));
    assert_eq!(r.span_of(&[5]), None, "creation time is not body text");
    assert_eq!(r.span_of(&[1]), None, "title is not body text");
}

#[test]
fn fixture_scores_end_to_end() {
    let s = meantime(&fixture_dir(), None).unwrap();
    assert_eq!(s.documents, 1);
    assert_eq!(s.without_creation_time, 0);
    let t = &s.times;
    assert_eq!(t.gold(None), 2);
    assert_eq!(
        t.extent,
        Counts {
            gold: 2,
            gold_found: 2,
            pred: 2,
            pred_found: 2
        }
    );
    assert_eq!(t.correct(None), 2, "{:?}", s.time_misses);
    assert_eq!(t.calendar_accuracy(), 1.0);
    let e = &s.entities;
    assert_eq!(
        e.exact,
        Counts {
            gold: 3,
            gold_found: 3,
            pred: 3,
            pred_found: 3
        }
    );
    assert!(e.exact_typed.gold_found >= 2, "{e:?}");
    assert_eq!(e.not_in_text, 0);
    let shown = s.to_string();
    assert!(shown.contains("headline"), "{shown}");
}

#[test]
fn value_normalisation_and_classes() {
    assert_eq!(normalize_value("2009-05-12T10:00Z"), "2009-05-12");
    assert_eq!(normalize_value("2010-05-12TMO"), "2010-05-12");
    assert_eq!(normalize_value("2019/.."), "2019");
    assert_eq!(normalize_value("2004-w47"), "2004-W47");
    assert_eq!(ValueClass::of("DURATION", "P3Y"), ValueClass::Duration);
    assert_eq!(ValueClass::of("SET", "P1Y"), ValueClass::Set);
    assert_eq!(ValueClass::of("DATE", "PRESENT_REF"), ValueClass::Reference);
    assert_eq!(
        ValueClass::of("DATE", "XXXX-XX-XX"),
        ValueClass::Underspecified
    );
    assert_eq!(ValueClass::of("DATE", "2009-Q1"), ValueClass::Calendar);
    assert_eq!(ValueClass::of("DATE", "FY2007"), ValueClass::Other);
}

#[test]
fn time_scoring_math() {
    let g = |a, b, v: &str| GoldTime {
        span: Span::new(a, b),
        value: v.into(),
        class: ValueClass::of("DATE", v),
    };
    let p = |a, b, v: &str| PredTime {
        span: Span::new(a, b),
        value: Some(v.into()),
    };
    let gold = [
        g(0, 5, "2008-03"),
        g(10, 15, "2008"),
        g(20, 25, "P3Y"),
        g(30, 35, "2007"),
    ];
    // Right value; wrong value; a duration we cannot value; nothing; a spurious one.
    let pred = [
        p(0, 7, "2008-03"),
        p(12, 15, "2009"),
        p(20, 22, "2008"),
        p(50, 55, "2001"),
    ];
    let mut acc = TimeScores::default();
    let mut missed = 0;
    score_times(&gold, &pred, &mut acc, |_, _| missed += 1);
    assert_eq!(
        acc.extent,
        Counts {
            gold: 4,
            gold_found: 3,
            pred: 4,
            pred_found: 3
        }
    );
    assert_eq!(acc.correct(None), 1);
    assert_eq!(acc.gold(Some(ValueClass::Calendar)), 3);
    assert_eq!(acc.found(Some(ValueClass::Calendar)), 2);
    assert_eq!(missed, 4, "three gold misses and one spurious");
    assert!((acc.calendar_accuracy() - 1.0 / 3.0).abs() < 1e-9);
    assert!((acc.matched_accuracy() - 0.5).abs() < 1e-9);
    assert!((acc.overall_accuracy() - 0.25).abs() < 1e-9);
}

#[test]
fn entity_scoring_math() {
    let g = |a, b, k, named| GoldEntity {
        span: Span::new(a, b),
        kind: Some(k),
        named,
    };
    let gold = [
        g(0, 9, EntityKind::Person, true),
        g(17, 34, EntityKind::Organization, true),
        g(38, 42, EntityKind::Place, true),
        g(60, 70, EntityKind::Other, false), // a nominal mention: counts for precision only
    ];
    let p = |a, b, kind| PredEntity {
        span: Span::new(a, b),
        kind,
    };
    let pred = [
        p(0, 9, EntityKind::Person),         // exact, typed
        p(17, 22, EntityKind::Person),       // overlap, wrong kind
        p(60, 70, EntityKind::Other),        // matches the nominal mention
        p(80, 85, EntityKind::Organization), // spurious
    ];
    let mut acc = EntityScores::default();
    score_entities(&gold, &pred, &mut acc);
    assert_eq!(
        acc.exact,
        Counts {
            gold: 3,
            gold_found: 1,
            pred: 4,
            pred_found: 2
        }
    );
    assert_eq!(
        acc.exact_typed,
        Counts {
            gold: 3,
            gold_found: 1,
            pred: 4,
            pred_found: 2
        }
    );
    assert_eq!(
        acc.overlap,
        Counts {
            gold: 3,
            gold_found: 2,
            pred: 4,
            pred_found: 3
        }
    );
    assert_eq!(
        acc.overlap_typed,
        Counts {
            gold: 3,
            gold_found: 1,
            pred: 4,
            pred_found: 2
        }
    );
    assert_eq!(
        acc.overlap_all_mentions,
        Counts {
            gold: 4,
            gold_found: 3,
            pred: 4,
            pred_found: 3
        }
    );
    assert!((acc.exact.f1() - 2.0 * 0.5 * (1.0 / 3.0) / (0.5 + 1.0 / 3.0)).abs() < 1e-9);
    assert_eq!(acc.recall_by_kind[0], (EntityKind::Person, 1, 1));
}

#[test]
fn real_corpus_sanity() {
    let Some(dir) = parallax_testkit::shared("data/meantime-en") else {
        return;
    };
    // The limit applies to each corpus: ten documents of airbus, apple and gm.
    let run = parallax_eval::meantime_run(&dir, Some(10)).unwrap();
    let corpora: Vec<(&str, usize)> = run
        .corpora
        .iter()
        .map(|(c, s)| (c.as_str(), s.documents))
        .collect();
    assert_eq!(corpora, [("airbus", 10), ("apple", 10), ("gm", 10)]);
    let s = meantime(&dir, Some(10)).unwrap();
    println!("{s}");
    assert_eq!(s, run.overall);
    assert_eq!(s.documents, 30);
    let sum: usize = run.corpora.iter().map(|(_, c)| c.times.gold(None)).sum();
    assert_eq!(
        s.times.gold(None),
        sum,
        "the whole is the sum of the corpora"
    );
    assert!(s.times.gold(None) > 0 && s.entities.exact.gold > 0);
    for v in [
        s.times.calendar_accuracy(),
        s.times.overall_accuracy(),
        s.times.extent.f1(),
        s.entities.exact.f1(),
        s.entities.overlap_typed.f1(),
    ] {
        assert!((0.0..=1.0).contains(&v), "{v}");
    }
}
