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

/// The evaluation set whose `parallax eval` prints a quality table, from the line just before
/// the table (its bold title or its "`eval X` prints it" lead).
fn table_set(lead: &str) -> Option<&'static str> {
    [
        ("eval cluster", "cluster"),
        ("eval meantime", "meantime"),
        ("MEANTIME", "meantime"),
        ("extraction-", "extraction"),
        ("BASIL", "basil"),
        ("BABE", "babe"),
        ("NeuS", "neus"),
    ]
    .into_iter()
    .find(|(key, _)| lead.contains(key))
    .map(|(_, set)| set)
}

/// A table of the README's quality figures: its set, header cells and rows of cells.
struct Table {
    set: &'static str,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    inner.split('|').map(|c| c.trim().to_string()).collect()
}

/// Every Markdown table whose lead line names an evaluation set.
fn quality_tables(readme: &str) -> Vec<Table> {
    let lines: Vec<&str> = readme.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].starts_with('|') {
            i += 1;
            continue;
        }
        let lead = lines[..i]
            .iter()
            .rev()
            .find(|l| !l.trim().is_empty())
            .copied()
            .unwrap_or("");
        let start = i;
        while i < lines.len() && lines[i].starts_with('|') {
            i += 1;
        }
        let Some(set) = table_set(lead) else { continue };
        let block = &lines[start..i];
        out.push(Table {
            set,
            header: cells(block[0]),
            rows: block[2..].iter().map(|l| cells(l)).collect(),
        });
    }
    out
}

/// A figure as the README writes it.
#[derive(Debug, Clone, PartialEq)]
enum Figure {
    /// A decimal with its number of decimals.
    Decimal(f64, usize),
    /// A count out of a total: "(159/174)".
    Fraction(u64, u64),
    /// A whole cell that is one integer (a word count).
    Integer(u64),
}

fn figures(text: &str) -> Vec<Figure> {
    let text = text.replace(['*', ','], "");
    let t = text.trim();
    if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()) {
        return vec![Figure::Integer(t.parse().unwrap())];
    }
    let re = regex::Regex::new(r"(\d+)\s*/\s*(\d+)|\d+\.(\d+)").unwrap();
    re.captures_iter(&text)
        .map(|c| match (c.get(1), c.get(2), c.get(3)) {
            (Some(a), Some(b), _) => {
                Figure::Fraction(a.as_str().parse().unwrap(), b.as_str().parse().unwrap())
            }
            (_, _, Some(d)) => Figure::Decimal(c[0].parse().unwrap(), d.as_str().len()),
            _ => unreachable!(),
        })
        .collect()
}

/// Whether `output` prints `figure`: a decimal that rounds to it, the same count out of the
/// same total, or the integer as a word.
fn printed(output: &[Figure], figure: &Figure) -> bool {
    output.iter().any(|o| match (o, figure) {
        (Figure::Decimal(v, dv), Figure::Decimal(r, k)) => {
            dv >= k && (v - r).abs() <= 0.5 * 10f64.powi(-(*k as i32)) + 1e-9
        }
        (Figure::Fraction(a, b), Figure::Fraction(c, d)) => a == c && b == d,
        (Figure::Integer(a), Figure::Integer(b)) => a == b,
        _ => false,
    })
}

/// Every figure of an output, integers included (as words).
fn output_figures(output: &str) -> Vec<Figure> {
    let mut out = figures(output);
    out.extend(
        output
            .split(|c: char| !c.is_ascii_digit() && c != '.')
            .filter(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit()))
            .filter_map(|w| w.parse().ok().map(Figure::Integer)),
    );
    out
}

/// A row or column that does not hold this run's figures: an earlier state kept for
/// comparison, a goal, or figures quoted from a data set's README.
fn not_this_run(label: &str) -> bool {
    [
        "previous",
        "goal",
        "bar",
        "not re-measured",
        "not run here",
        "before the",
    ]
    .iter()
    .any(|m| label.contains(m))
}

#[test]
fn the_quality_figures_are_what_eval_prints() {
    let Some(_) = parallax_testkit::shared("data") else {
        return;
    };
    let Some(_) = parallax_testkit::file(
        parallax_testkit::Need::Model,
        &repo().join("models/bias.json"),
        "the BABE and NeuS tables print its rows; run scripts/setup.sh",
    ) else {
        return;
    };
    let tables = quality_tables(&readme());
    let sets: std::collections::BTreeSet<&str> = tables.iter().map(|t| t.set).collect();
    assert_eq!(
        sets.into_iter().collect::<Vec<_>>(),
        ["babe", "basil", "cluster", "extraction", "meantime", "neus"],
        "every evaluation set has its table in the README"
    );
    let mut outputs: std::collections::HashMap<&str, Vec<Figure>> = Default::default();
    let mut wrong = Vec::new();
    let mut checked = 0;
    // `eval babe` cross-validates three trained pipelines: about six minutes in the dev
    // profile, so it runs where the figures are proven (CI) and is a recorded skip elsewhere.
    let babe = std::env::var_os("CI").is_some();
    if !babe {
        parallax_testkit::skip(
            parallax_testkit::Need::Host,
            "README's BABE table not checked: `eval babe` takes minutes in the dev profile (CI checks it)",
        );
    }
    for table in tables.iter().filter(|t| babe || t.set != "babe") {
        let output = outputs.entry(table.set).or_insert_with(|| {
            let r = parallax(&["eval", table.set]);
            assert_eq!(r.code, 0, "eval {}: {}", table.set, r.stderr);
            output_figures(&format!("{}\n{}", r.stdout, r.stderr))
        });
        for row in &table.rows {
            if not_this_run(&row[0]) {
                continue;
            }
            for (column, cell) in table.header.iter().zip(row).skip(1) {
                if not_this_run(column) {
                    continue;
                }
                for figure in figures(cell) {
                    checked += 1;
                    if !printed(output, &figure) {
                        wrong.push(format!(
                            "eval {} does not print {figure:?} (README row \"{}\", column \"{column}\")",
                            table.set, row[0]
                        ));
                    }
                }
            }
        }
    }
    assert!(
        checked >= 100,
        "only {checked} figures found in the README's tables"
    );
    assert!(
        wrong.is_empty(),
        "the README's figures drifted from the program:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn a_figure_the_program_does_not_print_is_caught() {
    let out = output_figures("P 0.914 (159/174)  words 86  F1 0.8376");
    assert!(printed(&out, &Figure::Decimal(0.914, 3)));
    assert!(printed(&out, &Figure::Decimal(0.91, 2)));
    assert!(printed(&out, &Figure::Decimal(0.838, 3)));
    assert!(!printed(&out, &Figure::Decimal(0.915, 3)));
    assert!(printed(&out, &Figure::Fraction(159, 174)));
    assert!(!printed(&out, &Figure::Fraction(159, 175)));
    assert!(printed(&out, &Figure::Integer(86)));
    assert!(!printed(&out, &Figure::Integer(87)));
    assert_eq!(
        figures("**0.840** (folds 0.716–0.764), 1,479"),
        vec![
            Figure::Decimal(0.84, 3),
            Figure::Decimal(0.716, 3),
            Figure::Decimal(0.764, 3)
        ]
    );
    assert_eq!(
        table_set("**Measured** (`cargo run -p parallax -- eval cluster`, NeuS"),
        Some("cluster")
    );
    assert!(not_this_run("previous stop (`e2bc971`)"));
}
