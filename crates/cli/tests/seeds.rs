//! The two seed articles (../shared/seeds): the acceptance list of the foundation issue, checked
//! from the JSON report. Skips, recorded by parallax-testkit, when ../shared is absent (fatal in CI).
#![allow(clippy::unwrap_used)]

mod common;
use common::*;

fn report() -> Option<serde_json::Value> {
    let shared = shared()?;
    let a = shared.join("seeds/000_f218549a84d8fbc3.txt");
    let b = shared.join("seeds/001_b7a43b305394c350.txt");
    Some(json(&[
        "compare",
        a.to_str().expect("UTF-8 path"),
        b.to_str().expect("UTF-8 path"),
        "--format",
        "json",
    ]))
}

fn only_texts(r: &serde_json::Value, article: &str) -> String {
    r["only_in"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["sources"][0] == article)
        .flat_map(texts_of)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn seed_metadata_and_offsets() {
    let Some(r) = report() else { return };
    let s = &r["sources"][0];
    assert_eq!(s["outlet"], "WorldTribune");
    assert_eq!(s["published"], "2026-01-06");
    assert!(
        !s["text"].as_str().unwrap().contains("Real World News"),
        "the dateline is metadata, not body text"
    );
    check_offsets(&r);
}

#[test]
fn both_report_the_xiaomi_selfie() {
    let Some(r) = report() else { return };
    let hit = r["agreed"].as_array().unwrap().iter().any(|g| {
        let ev = g["evidence"].as_array().unwrap();
        ["a1", "a2"].iter().all(|a| {
            ev.iter()
                .any(|e| e["article"] == *a && e["text"].as_str().unwrap().contains("Xiaomi"))
        })
    });
    assert!(
        hit,
        "an agreed claim about the Xiaomi phone with evidence from both seeds"
    );
}

/// What a careful editor sees both seeds report, and nothing more: the selfie taken with the
/// Xiaomi phone, Lee posting it on X, and Lee calling it the selfie (shot) "of a lifetime".
/// Checked with and without the sentence vectors.
#[test]
fn the_three_agreements_an_editor_sees() {
    let Some(shared) = shared() else { return };
    let a = shared.join("seeds/000_f218549a84d8fbc3.txt");
    let b = shared.join("seeds/001_b7a43b305394c350.txt");
    for extra in [None, Some("--no-embeddings")] {
        let mut args = vec!["compare", a.to_str().unwrap(), b.to_str().unwrap()];
        args.extend(["--format", "json"]);
        args.extend(extra);
        let r = json(&args);
        let groups: Vec<(String, String)> = r["agreed"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| {
                let t = texts_of(g);
                (t[0].clone(), t[1].clone())
            })
            .collect();
        let has = |x: &str, y: &str| groups.iter().any(|(a, b)| a.contains(x) && b.contains(y));
        assert!(
            has("Xiaomi phone", "Xiaomi handset"),
            "{extra:?}: {groups:?}"
        );
        assert!(
            has("Lee posted on X", "posted by Lee"),
            "{extra:?}: {groups:?}"
        );
        assert!(
            has("of a lifetime", "shot of a lifetime"),
            "{extra:?}: {groups:?}"
        );
        assert_eq!(groups.len(), 3, "{extra:?}: {groups:?}");
    }
}

#[test]
fn what_only_one_seed_reports() {
    let Some(r) = report() else { return };
    let first = only_texts(&r, "a1");
    for w in [
        "demands",
        "Yongin University",
        "beat around the bush",
        "Li Qiang",
        "Zhao Leji",
    ] {
        assert!(first.contains(w), "only the first: {w}");
    }
    let second = only_texts(&r, "a2");
    for w in ["backdoor", "3,400", "Maduro"] {
        assert!(second.contains(w), "only the second: {w}");
    }
}

#[test]
fn framing_labels_and_loaded_words() {
    let Some(r) = report() else { return };
    let labels = |key: &str, article: &str| -> Vec<String> {
        r["framing"]["entities"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["key"] == key)
            .flat_map(|e| e["by_source"].as_array().unwrap().clone())
            .filter(|s| s["article"] == article)
            .flat_map(|s| {
                s["labels"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|l| l["evidence"]["text"].as_str().unwrap().to_string())
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let lee1 = labels("lee jae myung", "a1");
    assert!(lee1.iter().any(|l| l == "leftist"), "{lee1:?}");
    let xi1 = labels("xi jinping", "a1");
    for epithet in [
        "head communist in charge",
        "world’s most brutal Marxist-Leninist dictator",
        "Chinese Communist Party leader",
    ] {
        assert!(xi1.iter().any(|l| l == epithet), "{epithet} in {xi1:?}");
    }
    let lee2 = labels("lee jae myung", "a2");
    let xi2 = labels("xi jinping", "a2");
    assert!(
        lee2.iter().any(|l| l.contains("President")) && xi2.iter().any(|l| l.contains("President"))
    );
    assert!(
        !lee2
            .iter()
            .chain(&xi2)
            .any(|l| l.contains("leftist") || l.contains("dictator"))
    );
    let tone = |key: &str, article: &str| -> f64 {
        r["framing"]["entities"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["key"] == key)
            .flat_map(|e| e["by_source"].as_array().unwrap().clone())
            .find(|s| s["article"] == article)
            .unwrap()["tone"]
            .as_f64()
            .unwrap()
    };
    assert!(
        tone("xi jinping", "a1") < 0.0 && tone("xi jinping", "a1") < tone("xi jinping", "a2"),
        "the first is hostile to Xi"
    );
    assert_eq!(
        tone("donald trump", "a1"),
        0.0,
        "words aimed at Xi are not about Trump"
    );
    let terms: Vec<&str> = r["framing"]["loaded"][0]["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["evidence"]["text"].as_str().unwrap())
        .collect();
    assert!(
        terms.contains(&"begged") && terms.iter().any(|t| t.contains("brutal")),
        "{terms:?}"
    );
}

#[test]
fn monday_resolves_and_compatible_dates_do_not_conflict() {
    let Some(r) = report() else { return };
    let monday = r["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["article"] == "a1" && t["evidence"]["text"] == "on Monday")
        .unwrap();
    assert_eq!(monday["value"], "2026-01-05");
    assert_eq!(
        r["conflicts"].as_array().unwrap().len(),
        0,
        "no false conflict: {}",
        r["conflicts"]
    );
}

#[test]
fn voices_have_the_right_speakers() {
    let Some(r) = report() else { return };
    let speaker_of = |article: usize, words: &str| -> Option<String> {
        r["voices"][article]["quotes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["evidence"]["text"].as_str().unwrap().contains(words))
            .and_then(|q| q["speaker"].as_str().map(str::to_string))
    };
    assert_eq!(
        speaker_of(0, "image quality is certainly good").as_deref(),
        Some("Lee Jae-Myung")
    );
    assert_eq!(
        speaker_of(0, "beat around the bush").as_deref(),
        Some("Park Seung-Chan")
    );
    assert_eq!(
        speaker_of(1, "check if there is a backdoor").as_deref(),
        Some("Xi Jinping")
    );
    assert_eq!(
        speaker_of(1, "Nicolas Maduro used the same phone").as_deref(),
        Some("one user")
    );
}
