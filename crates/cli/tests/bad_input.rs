//! Bad input gets a one-line error, a documented exit code, and the other inputs still compared.
#![allow(clippy::unwrap_used)]

mod common;
use common::*;

fn scratch(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("parallax-bad-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn bad_inputs_are_skipped_and_the_rest_compared() {
    let d = scratch("mix");
    let empty = d.join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let png = d.join("image.txt");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let big = d.join("big.txt");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(50 * 1024 * 1024)
        .unwrap();
    let bad_utf8 = d.join("latin1.txt");
    std::fs::write(
        &bad_utf8,
        b"Governor Maria Alvarez opened the new Riverside rail line on Monday \xe9t\xe9.\n",
    )
    .unwrap();
    let args: Vec<String> = vec![
        "compare".into(),
        empty.display().to_string(),
        png.display().to_string(),
        big.display().to_string(),
        "examples/summit/lantern.txt".into(),
        bad_utf8.display().to_string(),
        "/no/such/file.txt".into(),
        "--format".into(),
        "json".into(),
    ];
    let r = parallax(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(r.code, 1, "partial result: exit 1\n{}", r.stderr);
    for want in [
        "empty.txt: empty input",
        "image.txt: binary file (looks like a PNG image)",
        "big.txt: input is 50.0 MB, over the 20.0 MB limit (raise it with --max-bytes)",
        "latin1.txt: invalid UTF-8 at byte",
        "file.txt: file not found",
    ] {
        assert!(
            r.stderr.lines().any(|l| l.contains(want)),
            "missing {want:?} in:\n{}",
            r.stderr
        );
    }
    assert!(!r.stderr.contains("panicked"));
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        report["sources"].as_array().unwrap().len(),
        2,
        "the two usable inputs were compared"
    );
    assert_eq!(report["agreed"].as_array().unwrap().len(), 1);
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn one_article_only_warns() {
    let r = parallax(&["compare", "examples/summit/lantern.txt", "--format", "json"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stderr.contains("warning: 1 article(s) to compare"),
        "{}",
        r.stderr
    );
}

#[test]
fn no_usable_input_exits_3_and_usage_errors_exit_2() {
    assert_eq!(parallax(&["compare", "/no/such/a", "/no/such/b"]).code, 3);
    assert_eq!(parallax(&["compare", "x", "--date", "yesterday"]).code, 2);
    assert_eq!(parallax(&["compare"]).code, 2);
}

#[test]
fn stdin_is_an_input() {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args([
            "compare",
            "-",
            "examples/summit/sentinel.md",
            "--format",
            "json",
            "--source",
            "Reader Paste=-",
        ])
        .current_dir(repo())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Alvarez cut the ribbon at a ceremony in Busan.\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["sources"][0]["outlet"], "Reader Paste");
    assert_eq!(r["conflicts"][0]["kind"], "place");
}

/// A reader that stops early (`parallax schema | head -c 10`) ends the output quietly: no
/// panic message from a failed print.
#[test]
fn closed_pipe_is_not_a_panic() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["bench", "--scale", "--iterations", "1"])
        .current_dir(repo())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 10];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The read end is dropped here: every later write hits a closed pipe.
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}
