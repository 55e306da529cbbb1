//! `parallax compare --save` and `parallax reports` end to end through the real binary:
//! a saved report is listed with its outlets, ids count up, and a database that cannot be
//! used is reported on stderr without losing the report on stdout; the same through a
//! PostgreSQL URL (on the server `PARALLAX_TEST_PG` names), whose password is never printed.
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

#[test]
fn an_unreachable_postgres_is_one_line_without_the_password() {
    let url = "postgresql://ann:s3cret@127.0.0.1:1/news";
    let r = parallax(&["reports", "--db", url]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr
            .starts_with("error: cannot connect to PostgreSQL at 127.0.0.1:1: "),
        "{}",
        r.stderr
    );
    let r = parallax(&[
        "compare",
        "examples/summit/lantern.txt",
        "examples/summit/sentinel.md",
        "--save",
        url,
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 1, "save failed: exit 1");
    assert!(
        r.stderr
            .contains("error: report not saved: cannot connect to PostgreSQL at 127.0.0.1:1"),
        "{}",
        r.stderr
    );
    let _: serde_json::Value = serde_json::from_str(&r.stdout).expect("report still printed");
    let r = parallax(&["ingest", "examples/summit", "--db", url]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    for out in [&r.stdout, &r.stderr] {
        assert!(!out.contains("s3cret"), "{out}");
    }
}

/// A schema of its own on the test server (`PARALLAX_TEST_PG`), dropped afterwards.
struct PgSchema {
    server: String,
    name: String,
}

impl PgSchema {
    fn new(tag: &str) -> Option<PgSchema> {
        let server = parallax_testkit::pg_url()?;
        let name = format!("ptest_cli_{}_{tag}", std::process::id());
        let mut c = postgres::Client::connect(&server, postgres::NoTls).unwrap();
        c.batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name}"
        ))
        .unwrap();
        Some(PgSchema { server, name })
    }

    fn url(&self) -> String {
        let sep = if self.server.contains('?') { '&' } else { '?' };
        format!("{}{sep}options=-csearch_path%3D{}", self.server, self.name)
    }

    fn password(&self) -> Option<String> {
        let config: postgres::Config = self.server.parse().unwrap();
        config
            .get_password()
            .map(|p| String::from_utf8_lossy(p).into_owned())
    }
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.server, postgres::NoTls) {
            let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
        }
    }
}

#[test]
fn postgres_urls_work_wherever_a_database_is_taken() {
    let Some(schema) = PgSchema::new("save") else {
        return;
    };
    let url = schema.url();
    let hidden = |out: &str| {
        if let Some(pw) = schema.password() {
            assert!(!out.contains(&pw), "the password is never printed: {out}");
        }
    };
    let compare = [
        "compare",
        "examples/summit/lantern.txt",
        "examples/summit/sentinel.md",
        "--save",
        &url,
        "--format",
        "json",
    ];
    let r = parallax(&compare);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("saved report 1 to postgresql://"),
        "{}",
        r.stderr
    );
    hidden(&r.stderr);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let r = parallax(&compare);
    assert!(r.stderr.contains("saved report 2 to"), "{}", r.stderr);

    let r = parallax(&["reports", "--db", &url, "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let list: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let ids: Vec<i64> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [2, 1]);
    assert_eq!(
        list[0]["agreed"],
        report["agreed"].as_array().unwrap().len()
    );

    // Ingest into the same database: the two compared articles are already stored.
    let ingest = || {
        parallax(&[
            "ingest",
            "examples/summit",
            "--db",
            &url,
            "--format",
            "json",
        ])
    };
    let r = ingest();
    assert_eq!(r.code, 0, "{}", r.stderr);
    hidden(&r.stdout);
    hidden(&r.stderr);
    let out: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(out["db"].as_str().unwrap().starts_with("postgresql://"));
    assert_eq!(out["summary"]["saved"], 1, "{}", r.stdout);
    assert_eq!(out["summary"]["duplicates"], 2, "{}", r.stdout);
    let r = ingest();
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(out["summary"]["saved"], 0, "{}", r.stdout);
}
