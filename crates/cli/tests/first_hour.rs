//! What a new user meets in the first hour (issue 16): every message names the input or path it
//! is about and says what to do, in the product's own words; the same input is accepted the same
//! way by every command. Each test pins one behaviour: message text, exit code, output.
#![allow(clippy::unwrap_used)]

mod common;
use common::*;

fn scratch(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("parallax-first-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

const LANTERN: &str = "examples/summit/lantern.txt";
const LEDGER: &str = "examples/summit/ledger.html";

/// No line of a message may leak an OS error number or a library's error chain.
fn plain(stderr: &str) {
    for bad in [
        "os error",
        "error sending request",
        "client error (Connect)",
        "tcp connect",
    ] {
        assert!(!stderr.contains(bad), "leaks {bad:?}:\n{stderr}");
    }
}

#[test]
fn output_into_a_missing_folder_is_refused_before_any_work() {
    let r = parallax(&["compare", LANTERN, LEDGER, "-o", "/no/such/folder/out.txt"]);
    assert_eq!(r.code, 2, "a bad flag value is a usage error\n{}", r.stderr);
    assert_eq!(
        r.stderr.trim(),
        "error: --output /no/such/folder/out.txt: the folder /no/such/folder does not exist; create it first or write elsewhere"
    );
    let d = scratch("outdir");
    let r = parallax(&["compare", LANTERN, LEDGER, "-o", d.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("is a folder; give a file name inside it"),
        "{}",
        r.stderr
    );
    plain(&r.stderr);
}

#[test]
fn a_url_scheme_parallax_does_not_fetch_says_so() {
    let r = parallax(&["compare", "ftp://example.org/story.html", LANTERN, LEDGER]);
    assert_eq!(
        r.code, 1,
        "the other inputs are still compared\n{}",
        r.stderr
    );
    assert!(
        r.stderr.lines().any(|l| l
            == "error: ftp://example.org/story.html: ftp:// addresses are not fetched; give an http:// or https:// URL, a file path or - for standard input"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("file not found"), "{}", r.stderr);
}

#[test]
fn compare_takes_a_folder_as_extract_does() {
    let r = parallax(&["compare", "examples/summit", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let outlets: Vec<&str> = report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["outlet"].as_str().unwrap())
        .collect();
    assert_eq!(
        outlets,
        ["Daily Lantern", "Harbor Ledger", "Metro Sentinel"]
    );
}

#[test]
fn the_format_error_names_the_flag_values_that_work() {
    let r = parallax(&["compare", LANTERN, LEDGER, "--format", "pdf"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("unknown format \"pdf\" (expected text, md, html or json)"),
        "{}",
        r.stderr
    );
}

#[test]
fn an_override_that_names_no_input_is_an_error() {
    for flag in ["--date", "--source"] {
        let value = if flag == "--date" {
            "nosuch=2026-01-05"
        } else {
            "Some Outlet=nosuch"
        };
        let r = parallax(&["compare", LANTERN, LEDGER, flag, value]);
        assert_eq!(r.code, 2, "{flag}: {}", r.stderr);
        assert!(
            r.stderr.contains("\"nosuch\" names none of the inputs (examples/summit/lantern.txt, examples/summit/ledger.html)"),
            "{flag}: {}",
            r.stderr
        );
        assert!(r.stdout.is_empty(), "no report on a usage error");
    }
}

#[test]
fn an_override_may_name_an_input_by_its_file_name() {
    let r = parallax(&[
        "compare",
        LANTERN,
        LEDGER,
        "--date",
        "lantern=2026-02-03",
        "--source",
        "The Courier=ledger.html",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(report["sources"][0]["published"], "2026-02-03");
    assert_eq!(report["sources"][0]["published_provenance"], "flag");
    assert_eq!(report["sources"][1]["outlet"], "The Courier");
}

#[test]
fn the_undated_note_quotes_the_articles_own_relative_dates() {
    let d = scratch("undated");
    let a = d.join("quay.txt");
    std::fs::write(
        &a,
        "Harbourmaster Ilse Brandvold reopened the north quay last Tuesday after repairs.\n\nThe quay had been closed since the storm two weeks ago, she said.\n",
    )
    .unwrap();
    let b = d.join("other.txt");
    std::fs::write(
        &b,
        "Dockside Herald, March 4, 2026\n\nThe north quay reopened after repairs, Harbourmaster Ilse Brandvold said.\n",
    )
    .unwrap();
    let r = parallax(&[
        "compare",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let notes: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["message"].as_str())
        .filter(|m| m.starts_with("publication date unknown"))
        .collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].contains("\"last Tuesday\""), "{}", notes[0]);
    assert!(!notes[0].contains("on Monday"), "{}", notes[0]);
    assert!(
        !notes[0].contains("--date"),
        "the report is shown on the web too, where there is no --date: {}",
        notes[0]
    );
}

#[test]
fn loopback_refusals_and_refused_connections_say_what_to_do() {
    // A port with nothing listening on it: bind one, then let it go.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/story");
    let r = parallax(&["compare", &url, LANTERN, LEDGER]);
    assert!(
        r.stderr.contains(
            "refused to fetch 127.0.0.1: loopback address (use --allow-loopback to allow this machine, or --allow-private)"
        ),
        "{}",
        r.stderr
    );
    let r = parallax(&["compare", &url, LANTERN, LEDGER, "--allow-loopback"]);
    assert!(
        r.stderr.contains(&format!(
            "error: {url}: fetch failed: connection refused by 127.0.0.1: nothing is listening at that address and port"
        )),
        "{}",
        r.stderr
    );
    plain(&r.stderr);
}

#[test]
fn an_empty_store_says_so() {
    let d = scratch("empty-store");
    let db = d.join("reports.db");
    drop(parallax_store::Store::open(&db).unwrap());
    let db_arg = db.to_str().unwrap();
    let r = parallax(&["reports", "--db", db_arg]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout.trim(),
        format!(
            "no saved reports in {db_arg} yet (`parallax compare FILES… --save {db_arg}` saves one)"
        )
    );
    let r = parallax(&["reports", "--db", db_arg, "--format", "json"]);
    assert_eq!(r.stdout.trim(), "[]");
}

#[test]
fn the_report_counts_mentions_in_english() {
    let r = parallax(&["compare", "examples/summit"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains(" · 1 mention · "), "{}", r.stdout);
    assert!(!r.stdout.contains(" 1 mentions"), "{}", r.stdout);
    assert!(
        r.stdout.contains("≈ 3,000 people vs ≤ 500 people"),
        "{}",
        r.stdout
    );
}

#[test]
fn serve_takes_a_host_name_as_its_address() {
    let r = parallax(&["serve", "--addr", "nosuchhost.invalid:8080"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("nosuchhost.invalid is not a known host name or IP address"),
        "{}",
        r.stderr
    );
    let r = parallax(&["serve", "--addr", "localhost"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("expected HOST:PORT"), "{}", r.stderr);

    use std::io::BufRead;
    let d = scratch("serve-name");
    let db = d.join("p.db");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args([
            "serve",
            "--addr",
            "localhost:0",
            "--db",
            db.to_str().unwrap(),
        ])
        .current_dir(repo())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        first.starts_with("parallax: serving on http://127.0.0.1:")
            || first.starts_with("parallax: serving on http://[::1]:"),
        "{first}"
    );
}

#[test]
fn eval_finds_the_data_from_any_folder_and_a_tiny_babe_subset_is_stratified() {
    let Some(_) = parallax_testkit::shared("data/babe-mbic") else {
        return;
    };
    // Run from a folder that has no ../shared/data beside it: the data is found from the
    // program's own location.
    let elsewhere = std::env::temp_dir();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["eval", "babe", "--limit", "5"])
        .current_dir(&elsewhere)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let head = stdout
        .lines()
        .find(|l| l.starts_with("BABE SG2 dev:"))
        .unwrap();
    assert!(
        head.starts_with("BABE SG2 dev: 10 sentences (5 biased, 5 non-biased;"),
        "two classes, one of each per fold: {head}"
    );
    assert!(head.contains("a stratified subset of 10 of the"), "{head}");
}

#[test]
fn setup_steps_are_never_silent() {
    // The setup's long steps run under `heartbeat`, which says every HEARTBEAT_SECONDS (20 by
    // default, so a line at least every 30 s) what is still happening and how long it usually
    // takes, on the terminal even when the step's own output is sent elsewhere.
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(". scripts/heartbeat.sh; HEARTBEAT_SECONDS=1 heartbeat \"training the test model\" \"about 3 s\" sh -c 'sleep 3.5; exit 7' >/dev/null")
        .current_dir(repo())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7), "the step's own exit status");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines.len() >= 2, "{stdout}");
    for l in &lines {
        assert!(
            l.starts_with("setup: still training the test model (")
                && l.ends_with(" s so far; usually about 3 s)"),
            "{l}"
        );
    }
    let setup = std::fs::read_to_string(repo().join("scripts/setup.sh")).unwrap();
    for step in [
        "heartbeat \"building the parallax binary\"",
        "heartbeat \"training the bias model\"",
        "heartbeat \"training the quality bias model\"",
    ] {
        assert!(setup.contains(step), "setup.sh runs {step}");
    }
}

#[test]
fn ingest_counts_near_copies_among_the_new_and_exits_like_compare_when_nothing_is_usable() {
    let d = scratch("ingest");
    let story = "The harbour council of Portville approved the new ferry timetable on Tuesday after a long debate about fares and the late boats. Residents said the change would help commuters who cross the bay every morning, and the operator promised two more sailings on weekends from the first of May.";
    std::fs::write(d.join("wire.txt"), story).unwrap();
    std::fs::write(
        d.join("copy.txt"),
        format!("{story} The council will review the timetable in a year."),
    )
    .unwrap();
    std::fs::write(
        d.join("other.txt"),
        "A chess club in the old library of Dunmore opened its doors to children on Saturday, with twelve boards donated by a local carpenter and lessons every week.",
    )
    .unwrap();
    let db = d.join("p.db");
    let files: Vec<String> = ["wire.txt", "copy.txt", "other.txt"]
        .iter()
        .map(|f| d.join(f).display().to_string())
        .collect();
    let mut args = vec!["ingest", "--db", db.to_str().unwrap()];
    args.extend(files.iter().map(String::as_str));
    let r = parallax(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(": 3 new articles (1 of them a near-copy of a stored article, linked to it), 0 duplicates (not stored again)"),
        "{}",
        r.stdout
    );
    // Inputs none of which is usable: exit 3, as compare.
    let empty = d.join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let r = parallax(&[
        "ingest",
        "--db",
        d.join("q.db").to_str().unwrap(),
        empty.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 3, "{}\n{}", r.stdout, r.stderr);
    let r = parallax(&["compare", empty.to_str().unwrap()]);
    assert_eq!(r.code, 3, "{}", r.stderr);
}

#[test]
fn a_small_eval_subset_prints_no_meaningless_figure() {
    let Some(_) = parallax_testkit::shared("data/readability-pages") else {
        return;
    };
    let r = parallax(&["eval", "extraction", "--limit", "5"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stdout.contains("(0/0)"), "{}", r.stdout);
    assert!(
        r.stdout.contains("n/a (no case in this subset has one)"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_database_that_cannot_be_opened_says_why_in_plain_words() {
    let r = parallax(&[
        "compare",
        LANTERN,
        LEDGER,
        "--save",
        "/no/such/folder/p.db",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 1, "the report is still printed\n{}", r.stderr);
    assert!(
        r.stderr.contains("error: report not saved: /no/such/folder/p.db: cannot open database: the folder /no/such/folder does not exist; create it first or give another path"),
        "{}",
        r.stderr
    );
    // A PostgreSQL server that is not there: one line, no OS error number, no password.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("postgresql://someone:secret@127.0.0.1:{port}/news");
    let r = parallax(&[
        "compare", LANTERN, LEDGER, "--save", &url, "--format", "json",
    ]);
    assert!(
        r.stderr.contains(&format!(
            "cannot connect to PostgreSQL at 127.0.0.1:{port}: connection refused (no server is listening at that address and port)"
        )),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("secret"));
    plain(&r.stderr);
}
