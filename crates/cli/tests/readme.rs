//! The README cannot drift from the program: its two commands run as written, every
//! `parallax` command line it shows (in shell blocks and in the prose) names a real command and
//! only flags that command has, every `--flag` it names belongs to some command, the evaluation
//! sets it lists are the program's, the schema version it states is the one `parallax schema`
//! prints, and every quality figure it states, in a table or in prose, is one `parallax eval`
//! prints.
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

/// The `code` spans of the README's prose (outside ``` blocks).
fn inline_code(readme: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_block = false;
    for line in readme.lines() {
        if line.starts_with("```") {
            in_block = !in_block;
            continue;
        }
        if !in_block {
            out.extend(line.split('`').skip(1).step_by(2).map(String::from));
        }
    }
    out
}

/// The program's subcommands, from `parallax --help`.
fn subcommands() -> Vec<String> {
    let help = parallax(&["--help"]).stdout;
    help.split("Commands:")
        .nth(1)
        .and_then(|s| s.split("Options:").next())
        .unwrap()
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(String::from))
        .filter(|c| c != "help")
        .collect()
}

#[test]
fn every_command_and_flag_named_in_the_prose_exists() {
    let readme = readme();
    let subs = subcommands();
    assert!(subs.len() >= 10, "{subs:?}");
    let mut helps: std::collections::HashMap<String, String> = Default::default();
    let mut help = |sub: &str| -> String {
        helps
            .entry(sub.to_string())
            .or_insert_with(|| {
                let r = parallax(&[sub, "--help"]);
                assert_eq!(r.code, 0, "`parallax {sub} --help`: {}", r.stderr);
                r.stdout
            })
            .clone()
    };
    let has = |help: &str, flag: &str| {
        [" ", "\n", ",", "="]
            .iter()
            .any(|end| help.contains(&format!("{flag}{end}")))
    };
    let (mut commands, mut bare) = (0, 0);
    for code in inline_code(&readme) {
        // `parallax SUB …`, `cargo run … -p parallax -- SUB …`, or `SUB --flag …`.
        let rest = code
            .split_once("-p parallax -- ")
            .map(|(_, r)| r)
            .or_else(|| code.strip_prefix("parallax "))
            .unwrap_or(&code);
        let first = rest.split_whitespace().next().unwrap_or("");
        if subs.iter().any(|s| s == first)
            && (rest != code || rest.contains(" --") || rest == first)
        {
            commands += 1;
            let h = help(first);
            for flag in flags(rest) {
                assert!(
                    has(&h, &flag),
                    "the README names `{flag}` on `parallax {first}`, which has no such flag: `{code}`"
                );
            }
        } else if code.starts_with("--") {
            bare += 1;
            let flag = flags(&code).remove(0);
            assert!(
                subs.iter().any(|s| has(&help(s), &flag)),
                "the README names `{flag}`, which no command has: `{code}`"
            );
        } else if code.starts_with("parallax ") && !first.starts_with('…') {
            panic!("the README names `{code}`: `{first}` is not a command of parallax");
        }
    }
    assert!(
        commands >= 20 && bare >= 20,
        "{commands} commands, {bare} flags"
    );
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

/// The evaluation sets a line of prose or a table's lead names, by the words that name them.
fn named_sets(text: &str) -> Vec<&'static str> {
    let mut out = Vec::new();
    for (key, set) in [
        ("eval cluster", "cluster"),
        ("eval meantime", "meantime"),
        ("MEANTIME", "meantime"),
        ("extraction-", "extraction"),
        ("readability-pages", "extraction"),
        ("eval extraction", "extraction"),
        ("BASIL", "basil"),
        ("eval basil", "basil"),
        ("BABE", "babe"),
        ("eval babe", "babe"),
        ("NeuS", "neus"),
        ("eval neus", "neus"),
    ] {
        if text.contains(key) && !out.contains(&set) {
            out.push(set);
        }
    }
    out
}

/// The `parallax eval` arguments that print a table, from the line just before it: the
/// backticked `eval SET …` command it names, else `eval SET` for the first set it names.
fn table_command(lead: &str) -> Option<Vec<String>> {
    let sets = named_sets(lead);
    let first = *sets.first()?;
    let named = lead.split('`').skip(1).step_by(2).find_map(|code| {
        let at = code.find("eval ")?;
        let args: Vec<String> = code[at..].split_whitespace().map(String::from).collect();
        let flags_only = args[2..]
            .chunks(2)
            .all(|c| c[0].starts_with("--") && c.get(1).is_none_or(|v| !v.starts_with('[')));
        (args.len() >= 2 && named_sets(&format!("eval {}", args[1])).len() == 1 && flags_only)
            .then_some(args)
    });
    Some(named.unwrap_or_else(|| vec!["eval".into(), first.into()]))
}

/// A table of the README's quality figures: the eval command that prints it, header cells and
/// rows of cells.
struct Table {
    command: Vec<String>,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn set(&self) -> &str {
        &self.command[1]
    }
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
        let Some(command) = table_command(lead) else {
            continue;
        };
        let block = &lines[start..i];
        out.push(Table {
            command,
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
/// comparison, a goal, figures quoted from a data set's README, or another extractor's run by a
/// script that needs Python packages (`scripts/bench-extraction.sh`).
fn not_this_run(label: &str) -> bool {
    [
        "previous",
        "goal",
        "bar",
        "not re-measured",
        "not run here",
        "before the",
        "run by scripts/",
    ]
    .iter()
    .any(|m| label.contains(m))
}

/// The figures of a line of prose that state a measurement, with the text just before each.
/// Not measurements, by the words just before them: goals and bars ("goal 0.80", "≥ 0.25"),
/// the program's settings ("threshold 0.2", "weight 0.25", "at least 0.5", "agree at 0.6"),
/// figures others publish ("BABE's authors publish 0.804"); and nothing inside `code` (sample
/// output, commands). Timings and sizes carry a unit and are the machine's, not the program's
/// output: a decimal followed by a unit is not taken.
fn prose_figures(line: &str) -> Vec<(Figure, String)> {
    let plain: String = line
        .split('`')
        .enumerate()
        .map(|(i, part)| if i % 2 == 0 { part } else { " " })
        .collect::<Vec<_>>()
        .join("`");
    let re = regex::Regex::new(r"(\d+)\s*/\s*(\d+)|\d+\.(\d+)").unwrap();
    let setting = [
        "goal",
        "bar",
        "≥",
        "≤",
        "threshold",
        "weight",
        "publish ",
        "ceiling",
        "floor",
        "at least",
        "agree at",
        "jaccard",
        "above",
    ];
    let unit =
        regex::Regex::new(r"^\s*(ms|s\b|µs|MB|GB|MiB|GiB|days?|%|×|M\b|G\b|minutes?|[a-z.]+/s\b)")
            .unwrap();
    let mut out = Vec::new();
    for c in re.captures_iter(&plain) {
        let m = c.get(0).unwrap();
        let before: String = plain[..m.start()]
            .chars()
            .rev()
            .take(40)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let after = &plain[m.end()..];
        // The words of this clause only: back to a closing parenthesis, a semicolon or the
        // end of a sentence.
        let clause = [")", ";", ". "]
            .iter()
            .filter_map(|b| before.rfind(b).map(|i| i + b.len()))
            .max()
            .map_or(before.as_str(), |i| &before[i..]);
        let lower = clause.to_lowercase();
        if setting.iter().any(|w| lower.contains(w)) || unit.is_match(after) {
            continue;
        }
        // A version ("1.4"), a date ("2026-01-05") or a part of an address is not a figure.
        let continues = |c: char| c.is_ascii_digit() || c.is_alphabetic();
        if before.ends_with(['-', '.', '/', 'v'])
            || after.starts_with('-')
            || (after.starts_with('.') && after[1..].starts_with(continues))
        {
            continue;
        }
        let figure = figures(m.as_str()).remove(0);
        out.push((figure, before.trim().to_string()));
    }
    out
}

/// The figures printed by one `parallax eval …` command (text, and `--format json` when asked
/// for a figure the text rounds more).
struct Outputs {
    text: std::collections::HashMap<Vec<String>, Vec<Figure>>,
    json: std::collections::HashMap<Vec<String>, Vec<Figure>>,
}

impl Outputs {
    fn run(args: &[String], json: bool) -> Vec<Figure> {
        let mut args: Vec<&str> = args.iter().map(String::as_str).collect();
        if json {
            args.extend(["--format", "json"]);
        }
        let r = parallax(&args);
        assert_eq!(r.code, 0, "{}: {}", args.join(" "), r.stderr);
        output_figures(&format!("{}\n{}", r.stdout, r.stderr))
    }

    fn prints(&mut self, args: &[String], figure: &Figure) -> bool {
        let text = self
            .text
            .entry(args.to_vec())
            .or_insert_with(|| Self::run(args, false));
        if printed(text, figure) {
            return true;
        }
        let json = self
            .json
            .entry(args.to_vec())
            .or_insert_with(|| Self::run(args, true));
        printed(json, figure)
    }
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
    let readme = readme();
    let tables = quality_tables(&readme);
    let sets: std::collections::BTreeSet<&str> = tables.iter().map(Table::set).collect();
    assert_eq!(
        sets.into_iter().collect::<Vec<_>>(),
        ["babe", "basil", "cluster", "extraction", "meantime", "neus"],
        "every evaluation set has its table in the README"
    );
    let mut outputs = Outputs {
        text: Default::default(),
        json: Default::default(),
    };
    let mut wrong = Vec::new();
    let mut checked = 0;
    // `eval babe` cross-validates three trained pipelines: about six minutes in the dev
    // profile, so it runs where the figures are proven (CI) and is a recorded skip elsewhere.
    let babe = std::env::var_os("CI").is_some();
    if !babe {
        parallax_testkit::skip(
            parallax_testkit::Need::Host,
            "README's BABE figures not checked: `eval babe` takes minutes in the dev profile (CI checks them)",
        );
    }
    for table in tables.iter().filter(|t| babe || t.set() != "babe") {
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
                    if !outputs.prints(&table.command, &figure) {
                        wrong.push(format!(
                            "`parallax {}` does not print {figure:?} (README row \"{}\", column \"{column}\")",
                            table.command.join(" "),
                            row[0]
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
    // Prose: every measured figure of a line that names an evaluation set is printed by one
    // of the sets it names.
    let mut in_code = false;
    let mut prose = 0;
    for line in readme.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code || line.starts_with('|') {
            continue;
        }
        let sets: Vec<&str> = named_sets(line)
            .into_iter()
            .filter(|s| babe || *s != "babe")
            .collect();
        if sets.is_empty() {
            continue;
        }
        for (figure, before) in prose_figures(line) {
            prose += 1;
            let found = sets
                .iter()
                .any(|s| outputs.prints(&["eval".to_string(), s.to_string()], &figure));
            let only_babe_could = !babe && named_sets(line).contains(&"babe");
            if !found && !only_babe_could {
                wrong.push(format!(
                    "no `parallax eval {}` prints {figure:?} (README prose: \"…{before} …\")",
                    sets.join("|")
                ));
            }
        }
    }
    assert!(
        prose >= 20,
        "only {prose} figures found in the README's prose"
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
        table_command("**Measured** (`cargo run -p parallax -- eval cluster`, NeuS"),
        Some(vec!["eval".to_string(), "cluster".to_string()])
    );
    assert_eq!(
        table_command("**On train** (`eval neus --split train --limit 800`: its first"),
        Some(
            ["eval", "neus", "--split", "train", "--limit", "800"]
                .map(String::from)
                .to_vec()
        )
    );
    assert_eq!(
        table_command("**Time and entities: MEANTIME** (90 English"),
        Some(vec!["eval".to_string(), "meantime".to_string()])
    );
    let measured: Vec<Figure> = prose_figures(
        "scores 0.747 (threshold 0.2, goal ≥ 0.80), 3.2 s, 37 MB, `floor ok: 0.9138`, 60/76",
    )
    .into_iter()
    .map(|(f, _)| f)
    .collect();
    assert_eq!(
        measured,
        vec![Figure::Decimal(0.747, 3), Figure::Fraction(60, 76)]
    );
    assert!(not_this_run("previous stop (`e2bc971`)"));
}
