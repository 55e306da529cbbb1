//! The README cannot drift from the program: its two commands run as written, every
//! `parallax` command line it shows names a real command and only flags that command has, the
//! evaluation sets it lists are the program's, and the schema version it states is the one
//! `parallax schema` prints.
#![allow(clippy::unwrap_used)]

mod common;
use common::*;

fn readme() -> String {
    std::fs::read_to_string(repo().join("README.md")).unwrap()
}

/// The lines of every ```sh block, in order.
fn shell_lines(readme: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in readme.lines() {
        if line.starts_with("```") {
            inside = line.trim() == "```sh" && !inside;
            continue;
        }
        if inside {
            out.push(line.to_string());
        }
    }
    out
}

/// Each `parallax …` command of the README's shell blocks with its continuation lines joined,
/// comments removed: (the subcommand, the whole line).
fn commands(readme: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in shell_lines(readme) {
        let code = line.split(" #").next().unwrap_or("").trim_end();
        let trimmed = code.trim_start();
        if let Some(rest) = trimmed.strip_prefix("parallax ") {
            let sub = rest.split_whitespace().next().unwrap_or("").to_string();
            out.push((sub, trimmed.to_string()));
        } else if let Some(last) = out
            .last_mut()
            .filter(|_| line.starts_with(' ') && trimmed.starts_with('['))
        {
            last.1.push(' ');
            last.1.push_str(trimmed);
        }
    }
    out
}

/// The `--flags` a command line names.
fn flags(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i + 2 < bytes.len() {
        if bytes[i] == '-' && bytes[i + 1] == '-' && (i == 0 || !bytes[i - 1].is_alphanumeric()) {
            let flag: String = bytes[i..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == '-')
                .collect();
            if flag.len() > 2 && !out.contains(&flag) {
                out.push(flag.clone());
            }
            i += flag.len().max(1);
        } else {
            i += 1;
        }
    }
    out
}

#[test]
fn the_main_job_runs_as_the_readme_writes_it() {
    let lines = shell_lines(&readme());
    let main = lines
        .iter()
        .find(|l| l.starts_with("cargo run --release -p parallax -- "))
        .expect("the main job's command");
    let args: Vec<&str> = main
        .strip_prefix("cargo run --release -p parallax -- ")
        .unwrap()
        .split_whitespace()
        .collect();
    let r = parallax(&args);
    assert_eq!(r.code, 0, "{main}\n{}", r.stderr);
    assert!(r.stdout.contains("== At a glance =="), "{}", r.stdout);
    assert!(r.stdout.contains("== Conflicts ("), "{}", r.stdout);
}

#[test]
fn the_test_command_is_what_ci_runs() {
    let readme = readme();
    let lines = shell_lines(&readme);
    assert!(
        lines.iter().any(|l| l == "scripts/test.sh"),
        "the README's test command"
    );
    let script = repo().join("scripts/test.sh");
    assert!(script.is_file(), "scripts/test.sh exists");
    let ci = std::fs::read_to_string(repo().join(".ci/run")).unwrap();
    assert!(
        ci.lines().any(|l| l.trim() == "scripts/test.sh"),
        ".ci/run calls exactly the README's test command"
    );
}

#[test]
fn every_command_and_flag_the_readme_names_exists() {
    let cmds = commands(&readme());
    assert!(cmds.len() >= 10, "{cmds:?}");
    let mut helps: std::collections::HashMap<String, String> = Default::default();
    for (sub, line) in &cmds {
        let help = helps.entry(sub.clone()).or_insert_with(|| {
            let r = parallax(&[sub, "--help"]);
            assert_eq!(
                r.code, 0,
                "`parallax {sub}` is not a command (README: {line})"
            );
            r.stdout
        });
        for flag in flags(line) {
            assert!(
                help.contains(&format!("{flag} "))
                    || help.contains(&format!("{flag}\n"))
                    || help.contains(&format!("{flag},")),
                "README shows `{flag}` on `parallax {sub}`, which has no such flag:\n{line}"
            );
        }
    }
}

#[test]
fn the_eval_sets_listed_are_the_programs() {
    let cmds = commands(&readme());
    let (_, line) = cmds.iter().find(|(s, _)| s == "eval").unwrap();
    let listed: Vec<&str> = line.split_whitespace().nth(2).unwrap().split('|').collect();
    let help = parallax(&["eval", "-h"]).stdout;
    let possible = help
        .split("[possible values: ")
        .nth(1)
        .and_then(|s| s.split(']').next())
        .unwrap();
    let program: Vec<&str> = possible.split(", ").collect();
    let mut a = listed.clone();
    a.sort_unstable();
    let mut b = program.clone();
    b.sort_unstable();
    assert_eq!(a, b, "README lists {listed:?}; the program has {program:?}");
}

#[test]
fn the_schema_version_the_readme_states_is_the_programs() {
    let readme = readme();
    let stated = readme
        .split("(`schema_version` ")
        .nth(1)
        .and_then(|s| s.split(';').next())
        .unwrap();
    let schema = parallax(&["schema"]).stdout;
    let compare = json(&["compare", "examples/summit", "--format", "json"]);
    assert_eq!(compare["schema_version"], stated, "README says {stated}");
    assert!(schema.contains("\"schema_version\""));
}
