//! `parallax compare --save` and `parallax reports` end to end through the real binary:
//! a saved report is listed with its outlets, ids count up, and a database that cannot be
//! used is reported on stderr without losing the report on stdout.
#![allow(clippy::unwrap_used)]

mod common;

use common::parallax;

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("parallax-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn saved_reports_are_listed() {
    let dir = scratch("save");
    let db = dir.join("x.db");
    let db_arg = db.to_str().unwrap();
    let compare = [
        "compare",
        "examples/summit/lantern.txt",
        "examples/summit/sentinel.md",
        "--save",
        db_arg,
        "--format",
        "json",
    ];
    let r = parallax(&compare);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("saved report 1 to {db_arg}")),
        "{}",
        r.stderr
    );
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();

    let r = parallax(&["reports", "--db", db_arg, "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let list: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], 1);
    let outlets: Vec<&str> = report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["outlet"].as_str().unwrap())
        .collect();
    assert_eq!(list[0]["outlets"], serde_json::json!(outlets));
    assert_eq!(
        list[0]["agreed"],
        report["agreed"].as_array().unwrap().len()
    );
    assert_eq!(
        list[0]["conflicts"],
        report["conflicts"].as_array().unwrap().len()
    );

    // A second save gets the next id and is listed first; text is one line per report.
    let r = parallax(&compare);
    assert!(r.stderr.contains("saved report 2 to"), "{}", r.stderr);
    let r = parallax(&["reports", "--db", db_arg]);
    assert_eq!(r.code, 0);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", r.stdout);
    assert!(lines[0].trim_start().starts_with("2  "), "{}", lines[0]);
    assert!(lines[0].contains(&outlets.join(", ")), "{}", lines[0]);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn unusable_databases_are_reported() {
    let dir = scratch("bad");
    let missing = dir.join("missing.db");
    let r = parallax(&["reports", "--db", missing.to_str().unwrap()]);
    assert_eq!(r.code, 3);
    assert!(
        r.stderr.contains("missing.db: no such database"),
        "{}",
        r.stderr
    );
    assert!(!missing.exists(), "listing does not create a database");

    let junk = dir.join("junk.db");
    std::fs::write(&junk, "not a database ".repeat(40)).unwrap();
    let r = parallax(&[
        "compare",
        "examples/summit/lantern.txt",
        "examples/summit/sentinel.md",
        "--save",
        junk.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 1, "save failed: exit 1");
    assert!(
        r.stderr.contains("report not saved") && r.stderr.contains("not a Parallax database"),
        "{}",
        r.stderr
    );
    let _: serde_json::Value = serde_json::from_str(&r.stdout).expect("report still printed");

    let r = parallax(&["reports", "--db", junk.to_str().unwrap(), "--format", "xml"]);
    assert_eq!(r.code, 2);
    let _ = std::fs::remove_dir_all(dir);
}
