//! The invented four-outlet ferry story in examples/ferry: thirteen kinds of planted conflict,
//! each found, and seven kinds of compatible difference, none reported as a conflict.
#![allow(clippy::unwrap_used)]

mod common;
use common::*;

fn report() -> serde_json::Value {
    json(&[
        "compare",
        "examples/ferry/bay-times.md",
        "examples/ferry/coastal-herald.txt",
        "examples/ferry/island-wire.json",
        "examples/ferry/northern-post.html",
        "--format",
        "json",
    ])
}

type Sides = Vec<(String, String)>;

fn findings(r: &serde_json::Value, key: &str) -> Vec<(String, Sides)> {
    let mut v: Vec<(String, Sides)> = r[key]
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
    v.sort();
    v
}

fn s(a: &str, v: &str) -> (String, String) {
    (a.to_string(), v.to_string())
}

#[test]
fn sources_from_four_formats() {
    let r = report();
    let got: Vec<(&str, &str)> = r["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["outlet"].as_str().unwrap(), s["title"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("Bay Times", "Fifteen hurt as ferry strikes rocks"),
            ("Coastal Herald", "Ferry runs aground near Harwick"),
            ("Island Wire", "Ferry Marisol aground, dozens rescued"),
            ("Northern Post", "Ferry disaster off Harwick"),
        ]
    );
    for src in r["sources"].as_array().unwrap() {
        assert_eq!(src["published"], "2026-03-05");
    }
    check_offsets(&r);
}

/// a1 Bay Times, a2 Coastal Herald, a3 Island Wire, a4 Northern Post.
#[test]
fn thirteen_kinds_of_conflict_and_no_other() {
    let r = report();
    let expected: Vec<(String, Sides)> = vec![
        (
            "age",
            vec![s("a1", "61 years old"), s("a2", "54 years old")],
        ),
        (
            "amount",
            vec![s("a1", "$4 million"), s("a2", "$2.4 million")],
        ),
        (
            "attribution",
            vec![s("a2", "Ines Duarte"), s("a4", "Elena Varga")],
        ),
        (
            "count",
            vec![
                s("a1", "15 passenger"),
                s("a2", "12 passenger"),
                s("a3", "12 passenger"),
                s("a4", "12 passenger"),
            ],
        ),
        (
            "date",
            vec![
                s("a2", "2026-01-12 (January 12)"),
                s("a4", "2026-02-12 (February 12)"),
            ],
        ),
        (
            "duration",
            vec![s("a2", "3 h"), s("a3", "5 h"), s("a4", "3 h")],
        ),
        (
            "ordinal",
            vec![
                s("a2", "2015/.. (since 2015)"),
                s("a4", "2019/.. (since 2019)"),
            ],
        ),
        (
            "percent",
            vec![s("a1", "25%"), s("a2", "40%"), s("a4", "40%")],
        ),
        ("place", vec![s("a1", "Harwick"), s("a2", "Port Elm")]),
        ("rank", vec![s("a2", "#2 accident"), s("a3", "#3 accident")]),
        (
            "speaker",
            vec![
                s("a1", "Tomás Reyes"),
                s("a2", "Tomás Reyes"),
                s("a3", "Elena Varga"),
            ],
        ),
        ("time_of_day", vec![s("a2", "07:40"), s("a3", "09:15")]),
        (
            "weekday",
            vec![
                s("a1", "2026-03-03 (on Tuesday morning)"),
                s("a2", "2026-03-03 (on Tuesday)"),
                s("a3", "2026-03-02 (on Monday)"),
                s("a4", "2026-03-03 (March 3)"),
            ],
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(findings(&r, "conflicts"), expected);
}

/// Planted compatible differences: "about 300" / "more than 300" / "312" passengers; "Twelve" /
/// "12"; "three hours" / "180 minutes"; "$2.4 million" / "2.4 million dollars"; "last year" /
/// "in 2025"; "on Tuesday" / "March 3"; "Tomas Reyes" / "Tomás Reyes". Only the first differs
/// in value, so it alone is listed as reconciled; none is a conflict between the sources that
/// wrote them.
#[test]
fn compatible_differences_are_not_conflicts() {
    let r = report();
    assert_eq!(
        findings(&r, "reconciled"),
        [(
            "count".to_string(),
            vec![
                s("a1", "≥ 300 passenger"),
                s("a2", "312 passenger"),
                s("a4", "≈ 300 passenger")
            ]
        )]
    );
    let conflicts = findings(&r, "conflicts");
    let kind = |k: &str| -> Sides {
        conflicts
            .iter()
            .find(|c| c.0 == k)
            .map(|c| c.1.clone())
            .unwrap_or_default()
    };
    // "Twelve" and "12" stand on the same side of the one count conflict.
    assert!(kind("count").contains(&s("a2", "12 passenger")));
    assert!(kind("count").contains(&s("a4", "12 passenger")));
    // "$2.4 million" and "2.4 million dollars" agree: Northern Post is no side of it.
    assert!(!kind("amount").iter().any(|x| x.0 == "a4"));
    // "last year" (a2, published 2026) and "in 2025" (a4) agree: no date conflict on sales.
    assert!(
        !conflicts
            .iter()
            .any(|c| c.1.iter().any(|x| x.1.contains("2025")))
    );
    // "Tomas" and "Tomás" are one speaker.
    assert_eq!(
        kind("speaker")
            .iter()
            .filter(|x| x.1 == "Tomás Reyes")
            .count(),
        2
    );
}

#[test]
fn single_source_facts_and_agreement() {
    let r = report();
    let only: Vec<(String, String)> = r["only_in"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["sources"][0].as_str().unwrap().to_string(),
                g["evidence"][0]["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        (
            "a1",
            "Passengers said life jackets were handed out quickly.",
        ),
        (
            "a2",
            "Local fishermen helped pull passengers from the water.",
        ),
        ("a3", "Divers will inspect the hull on Friday."),
        (
            "a4",
            "The embattled operator has faced shocking criticism over its aging fleet.",
        ),
        ("a4", "“We will find out what went wrong,” Varga said."),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, t)| (a.to_string(), t.to_string()))
        .collect();
    assert_eq!(only, expected);
    let agreed = r["agreed"].as_array().unwrap();
    assert_eq!(agreed[0]["sources"].as_array().unwrap().len(), 4);
    assert!(
        agreed
            .iter()
            .all(|g| g["sources"].as_array().unwrap().len() >= 2)
    );
}

#[test]
fn loaded_words_only_where_planted() {
    let r = report();
    for l in r["framing"]["loaded"].as_array().unwrap() {
        let terms: Vec<&str> = l["terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["term"].as_str().unwrap())
            .collect();
        if l["article"] == "a4" {
            assert_eq!(terms, ["embattled", "shocking"]);
        } else {
            assert!(terms.is_empty(), "{}: {terms:?}", l["article"]);
        }
    }
}
