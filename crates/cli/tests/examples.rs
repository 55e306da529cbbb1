//! The invented three-outlet story in examples/summit: every planted finding, and nothing else.
#![allow(clippy::unwrap_used)]

mod common;
use common::*;

fn report() -> serde_json::Value {
    json(&[
        "compare",
        "examples/summit/lantern.txt",
        "examples/summit/ledger.html",
        "examples/summit/sentinel.md",
        "--format",
        "json",
    ])
}

#[test]
fn metadata_from_three_formats() {
    let r = report();
    let outlets: Vec<&str> = r["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["outlet"].as_str().unwrap())
        .collect();
    assert_eq!(
        outlets,
        ["Daily Lantern", "Harbor Ledger", "Metro Sentinel"]
    );
    for s in r["sources"].as_array().unwrap() {
        assert_eq!(s["published"], "2026-03-04");
    }
    check_offsets(&r);
}

#[test]
fn every_planted_conflict_and_no_other() {
    let r = report();
    let mut found: Vec<(String, Vec<(String, String)>)> = r["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let sides = c["sides"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| {
                    (
                        s["article"].as_str().unwrap().to_string(),
                        s["value"].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            (c["kind"].as_str().unwrap().to_string(), sides)
        })
        .collect();
    found.sort();
    let s = |a: &str, v: &str| (a.to_string(), v.to_string());
    let expected = vec![
        (
            "count".to_string(),
            vec![
                s("a1", "≈ 3,000 people"),
                s("a2", "≥ 3,000 people"),
                s("a3", "≤ 500 people"),
            ],
        ),
        (
            "duration".to_string(),
            vec![s("a1", "2 h"), s("a2", "≈ 2 h"), s("a3", "1 h")],
        ),
        (
            "ordinal".to_string(),
            vec![
                s("a1", "2009/.. (since 2009)"),
                s("a2", "2011/.. (since 2011)"),
            ],
        ),
        (
            "place".to_string(),
            vec![s("a1", "Busan"), s("a2", "Busan"), s("a3", "Seoul")],
        ),
        (
            "speaker".to_string(),
            vec![s("a1", "Maria Alvarez"), s("a3", "Daniel Cho")],
        ),
        (
            "weekday".to_string(),
            vec![
                s("a1", "2026-03-02 (on Monday)"),
                s("a2", "2026-03-02 (on Monday)"),
                s("a3", "2026-03-03 (on Tuesday)"),
            ],
        ),
    ];
    assert_eq!(found, expected);
}

#[test]
fn compatible_differences_are_reconciled_not_conflicts() {
    let r = report();
    let kinds: Vec<&str> = r["reconciled"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["count", "duration"]);
    for c in r["reconciled"].as_array().unwrap() {
        let arts: Vec<&str> = c["sides"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["article"].as_str().unwrap())
            .collect();
        assert_eq!(
            arts,
            ["a1", "a2"],
            "about 3,000 vs more than 3,000; two hours vs about two hours"
        );
    }
}

#[test]
fn agreement_and_omissions() {
    let r = report();
    let agreed = r["agreed"].as_array().unwrap();
    assert_eq!(agreed.len(), 6);
    assert_eq!(agreed[0]["sources"], serde_json::json!(["a1", "a2", "a3"]));
    assert!(
        texts_of(&agreed[0])
            .iter()
            .all(|t| t.contains("opened the new Riverside rail line"))
    );
    let only: Vec<(String, String)> = r["only_in"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["sources"][0].as_str().unwrap().to_string(),
                texts_of(g)[0].clone(),
            )
        })
        .collect();
    let has = |a: &str, w: &str| only.iter().any(|(x, t)| x == a && t.contains(w));
    assert!(has("a1", "1.2 billion dollars") && has("a1", "every 15 minutes"));
    assert!(has("a2", "12,000 tickets"));
    assert!(has("a3", "blocked one entrance") && has("a3", "pay for itself"));
    assert_eq!(only.len(), 5);
    for g in r["only_in"].as_array().unwrap() {
        assert_eq!(g["omitted_by"].as_array().unwrap().len(), 2);
    }
}

#[test]
fn loaded_words_voices_and_synthesis() {
    let r = report();
    let loaded = r["framing"]["loaded"].as_array().unwrap();
    let terms = |i: usize| -> Vec<String> {
        loaded[i]["terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["term"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(terms(0).is_empty(), "the Lantern is written plainly");
    assert_eq!(
        terms(1),
        ["spectacular"],
        "the headline is metadata, not body text"
    );
    assert_eq!(terms(2), ["embattled", "slammed", "disaster", "claimed"]);
    let voices = r["voices"].as_array().unwrap();
    assert_eq!(voices[0]["quotes"][0]["speaker"], "Maria Alvarez");
    assert_eq!(voices[2]["quotes"][0]["speaker"], "Daniel Cho");
    let synth: Vec<&str> = r["synthesis"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        synth[0],
        "Governor Maria Alvarez opened the new Riverside rail line."
    );
    assert_eq!(synth[1], "Alvarez cut the ribbon at a ceremony.");
    for s in &synth {
        for w in [
            "embattled",
            "slammed",
            "disastrous",
            "spectacular",
            "historic",
            "claimed",
        ] {
            assert!(
                !s.to_lowercase().contains(w),
                "loaded word {w} survived in: {s}"
            );
        }
    }
}

#[test]
fn every_format_renders() {
    for f in ["text", "md", "html"] {
        let r = parallax(&[
            "compare",
            "examples/summit/lantern.txt",
            "examples/summit/sentinel.md",
            "--format",
            f,
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(
            r.stdout.contains("Busan") && r.stdout.contains("Seoul"),
            "{f}"
        );
    }
    let schema = parallax(&["schema"]);
    assert!(schema.stdout.contains("\"conflicts\""));
}
