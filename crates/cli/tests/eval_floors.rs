//! `parallax eval --floors` fails when a figure drops below its floor: the first ten MEANTIME
//! documents of each corpus (what CI's `eval all --limit 10` scores) are copied to a temporary
//! directory and pass the repository's floors; the same copy with its gold time values
//! corrupted fails them, naming the figure.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};

use common::parallax;

fn meantime() -> Option<PathBuf> {
    parallax_testkit::shared("data/meantime-en")
}

/// Every gold value of a non-creation-time TIMEX3 whose year starts with 2 moved back a
/// millennium ("2008-03-06" → "1008-03-06").
fn corrupt(xml: &str) -> String {
    let mut parts = xml.split("<TIMEX3");
    let mut out = parts.next().unwrap_or("").to_string();
    for part in parts {
        out.push_str("<TIMEX3");
        let end = part.find('>').unwrap_or(part.len());
        let (tag, rest) = part.split_at(end);
        if tag.contains("functionInDocument=\"NONE\"") {
            out.push_str(&tag.replace(" value=\"2", " value=\"1"));
        } else {
            out.push_str(tag);
        }
        out.push_str(rest);
    }
    out
}

/// The first `n` documents of each corpus under `src`, copied (through `edit`) to `dst`.
fn copy_slice(src: &Path, dst: &Path, n: usize, edit: impl Fn(&str) -> String) -> usize {
    let mut copied = 0;
    let mut corpora: Vec<PathBuf> = std::fs::read_dir(src)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    corpora.sort();
    for corpus in corpora {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&corpus)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "xml"))
            .collect();
        files.sort();
        let to = dst.join(corpus.file_name().unwrap());
        std::fs::create_dir_all(&to).unwrap();
        for f in files.iter().take(n) {
            let xml = std::fs::read_to_string(f).unwrap();
            std::fs::write(to.join(f.file_name().unwrap()), edit(&xml)).unwrap();
            copied += 1;
        }
    }
    copied
}

#[test]
fn corrupted_gold_values_fall_below_the_floor() {
    let Some(src) = meantime() else { return };
    let root = std::env::temp_dir().join(format!("parallax-eval-floors-{}", std::process::id()));
    let (intact, broken) = (root.join("intact"), root.join("broken"));
    let n = copy_slice(&src, &intact.join("meantime-en"), 10, str::to_string);
    assert_eq!(n, 30, "ten documents of each of the three corpora");
    copy_slice(&src, &broken.join("meantime-en"), 10, corrupt);
    let data = |d: &Path| d.to_str().unwrap().to_string();

    // The intact slice is CI's subset: every floored figure holds, in text and JSON.
    let ok = parallax(&[
        "eval",
        "meantime",
        "--data",
        &data(&intact),
        "--limit",
        "10",
        "--floors",
    ]);
    assert_eq!(ok.code, 0, "{}\n{}", ok.stdout, ok.stderr);
    assert!(
        ok.stdout.contains("floor ok: meantime.calendar_values "),
        "{}",
        ok.stdout
    );
    assert!(!ok.stdout.contains("BELOW"), "{}", ok.stdout);
    let js = parallax(&[
        "eval",
        "meantime",
        "--data",
        &data(&intact),
        "--limit",
        "10",
        "--floors",
        "--format",
        "json",
    ]);
    assert_eq!(js.code, 0, "{}", js.stderr);
    let v: serde_json::Value = serde_json::from_str(&js.stdout).unwrap();
    let verdicts = v["floors"].as_array().unwrap();
    assert!(verdicts.iter().any(|x| x["status"] == "ok"));
    assert!(
        verdicts.iter().all(|x| x["status"] != "failed"),
        "{verdicts:?}"
    );
    assert!(js.stderr.contains("floor ok: meantime.calendar_values "));

    // The corrupted slice: same documents, wrong gold years. The value figures drop below
    // their floors and the run fails with the floors' own exit code.
    let bad = parallax(&[
        "eval",
        "meantime",
        "--data",
        &data(&broken),
        "--limit",
        "10",
        "--floors",
    ]);
    assert_eq!(bad.code, 4, "{}\n{}", bad.stdout, bad.stderr);
    assert!(
        bad.stdout
            .contains("floor BELOW: meantime.calendar_values "),
        "{}",
        bad.stdout
    );
    // Extents and entities do not read the values: they still hold.
    assert!(
        bad.stdout.contains("floor ok: meantime.time_extent.f1 "),
        "{}",
        bad.stdout
    );
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_bad_floors_file_is_a_one_line_usage_error() {
    let dir = std::env::temp_dir().join(format!("parallax-bad-floors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("floors.json");
    std::fs::write(
        &file,
        r#"{"runs": [{"limit": 3, "floors": {"meantime.x": 0.5}}]}"#,
    )
    .unwrap();
    let r = parallax(&[
        "eval",
        "meantime",
        "--limit",
        "3",
        "--floors",
        file.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.starts_with("error: ") && r.stderr.contains("meantime.x"),
        "{}",
        r.stderr
    );
    let missing = parallax(&["eval", "meantime", "--floors", "/nonexistent/floors.json"]);
    assert_eq!(missing.code, 2, "{}", missing.stderr);
    assert!(
        missing
            .stderr
            .starts_with("error: /nonexistent/floors.json"),
        "{}",
        missing.stderr
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_train_split_is_for_neus_and_has_no_floors() {
    let other = parallax(&["eval", "basil", "--split", "train"]);
    assert_eq!(other.code, 2, "{}", other.stderr);
    assert_eq!(
        other.stderr.trim(),
        "error: --split is for `eval neus` (NeuS's val or train split)"
    );
    let floored = parallax(&["eval", "neus", "--split", "train", "--floors"]);
    assert_eq!(floored.code, 2, "{}", floored.stderr);
    assert!(
        floored
            .stderr
            .contains("floors are set for NeuS's val split"),
        "{}",
        floored.stderr
    );
}

#[test]
fn the_train_split_scores_the_train_lines() {
    if parallax_testkit::shared("data/neus-allsides").is_none() {
        return;
    }
    let r = parallax(&[
        "eval", "neus", "--split", "train", "--limit", "3", "--format", "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["neus"]["split"], "train");
    assert!(v["neus"]["stories"].as_u64().unwrap() <= 3);
}

#[test]
fn corrupt_moves_only_gold_years() {
    let xml = r#"<TIMEX3 functionInDocument="CREATION_TIME" m_id="1" type="DATE" value="2008-03-01"><TIMEX3 functionInDocument="NONE" m_id="2" type="DATE" value="2007"/><TIMEX3 functionInDocument="NONE" m_id="3" type="DURATION" value="P2Y"/>text value="2"#;
    let c = corrupt(xml);
    assert!(
        c.contains(r#"value="2008-03-01""#),
        "creation time kept: {c}"
    );
    assert!(c.contains(r#"type="DATE" value="1007""#), "{c}");
    assert!(
        c.contains(r#"value="P2Y""#) && c.ends_with(r#"text value="2"#),
        "{c}"
    );
}
