//! `parallax cluster` groups invented articles into stories: two reports of one flood land in
//! one story, a wire copy names its origin, an unrelated match is a story of its own, and an
//! empty file is skipped with a one-line reason while the rest is clustered.
#![allow(clippy::unwrap_used)]

mod common;
use common::*;

const FLOOD_A: &str = "The river Alder burst its banks in Elmford on Tuesday night, flooding the harbour and hundreds of homes along the quay. Emergency crews moved families to the school hall as the water kept rising. The Elmford council said the flood defences built in the nineties had been overtopped within an hour.";
const FLOOD_B: &str = "Hundreds of residents of Elmford were evacuated overnight after the Alder overtopped the flood defences and poured into the harbour district. Rescue teams used boats to reach families trapped on upper floors near the quay. Council officials said the water had reached the town square by dawn.";
const MATCH: &str = "Brockhaven Rovers beat Tillbury Town three goals to one in the cup final on Saturday, with their striker Omar Kessel scoring twice in the second half. The Rovers manager praised the defence after a tense first half.";

fn article(title: &str, text: &str, source: &str, published: &str) -> String {
    serde_json::json!({"title": title, "text": text, "source": source, "published": published})
        .to_string()
}

#[test]
fn articles_are_grouped_into_stories_in_input_order() {
    let d = std::env::temp_dir().join(format!("parallax-cluster-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    let files = [
        (
            "1-wire.json",
            article("Storm floods harbour town", FLOOD_A, "Wire", "2031-03-04"),
        ),
        (
            "2-match.json",
            article("Rovers lift the cup", MATCH, "Sport Daily", "2031-03-04"),
        ),
        (
            "3-gazette.json",
            article(
                "Hundreds evacuated as river bursts banks in Elmford",
                FLOOD_B,
                "Gazette",
                "2031-03-05",
            ),
        ),
        (
            "4-copy.json",
            article(
                "Elmford under water",
                &format!("{FLOOD_A} More to follow."),
                "Courier",
                "2031-03-05",
            ),
        ),
        ("5-empty.txt", String::new()),
    ];
    for (name, body) in &files {
        std::fs::write(d.join(name), body).unwrap();
    }
    let dir = d.display().to_string();
    let r = parallax(&["cluster", &dir]);
    assert_eq!(r.code, 1, "one input skipped: {}", r.stderr);
    assert!(r.stderr.contains("5-empty.txt"), "{}", r.stderr);
    let lines: Vec<serde_json::Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4, "{}", r.stdout);
    let input = |i: usize| lines[i]["input"].as_str().unwrap().to_string();
    assert!(input(0).ends_with("1-wire.json") && input(3).ends_with("4-copy.json"));
    assert_eq!(lines[0]["story"], "s1");
    assert_eq!(lines[1]["story"], "s2");
    assert_eq!(lines[2]["story"], "s1", "{}", r.stdout);
    assert_eq!(lines[3]["story"], "s1");
    assert_eq!(lines[3]["origin"], serde_json::Value::String(input(0)));
    assert!(lines[0]["origin"].is_null() && lines[2]["origin"].is_null());

    let same = parallax(&["cluster", &dir]);
    assert_eq!(same.stdout, r.stdout, "same input order, same result");

    let json = parallax(&["cluster", "--format", "json", &dir]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["assignments"].as_array().unwrap().len(), 4);
    assert_eq!(v["stories"], 2);

    let text = parallax(&["cluster", "--format", "text", &dir]);
    assert!(
        text.stdout.starts_with("s1  3 articles, 3 outlets"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.contains("Rovers lift the cup — Sport Daily"),
        "{}",
        text.stdout
    );

    let bad = parallax(&["cluster", "--format", "xml", &dir]);
    assert_eq!(bad.code, 2);
    let _ = std::fs::remove_dir_all(&d);
}

/// `bench --stream N` runs the scale benchmark on a small invented stream: the JSON carries the
/// rate, the peak memory, the live window and B-cubed against the generated stories (a
/// quality bar, not a timing: the rate is only checked to be printed).
#[test]
fn bench_stream_reports_rate_memory_window_and_bcubed() {
    let r = parallax(&["bench", "--stream", "3000", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["articles"], 3000);
    assert!(v["articles_per_s"].as_f64().unwrap() > 0.0);
    assert!(v["max_live_stories"].as_u64().unwrap() > 100);
    assert_eq!(v["checkpoints"].as_array().unwrap().len(), 10);
    let f1 = v["bcubed"]["f1"].as_f64().unwrap();
    assert!(f1 > 0.9, "{}", r.stdout);
    if cfg!(target_os = "linux") {
        assert!(v["peak_memory_mb"].as_f64().unwrap() > 1.0);
    }
    let text = parallax(&["bench", "--stream", "500"]);
    assert!(text.stdout.contains("articles/s"), "{}", text.stdout);
    assert!(text.stdout.contains("B-cubed"), "{}", text.stdout);
    assert_eq!(
        parallax(&["bench", "--stream", "10", "--format", "xml"]).code,
        2
    );
}
