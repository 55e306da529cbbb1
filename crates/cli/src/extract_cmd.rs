//! `parallax extract`: one or many inputs (files, directories, `-`, URLs) to extracted
//! articles, as JSON, JSON Lines, text or Markdown, in input order, in one process.
//!
//! A failing input prints `error: INPUT: reason` on stderr (and, in JSON forms, an object with
//! an `error` field in its place) and the batch goes on. Output is written as each input is
//! done, so a large batch holds one article at a time.

use std::io::Write;

use parallax_core::{Article, BlockKind};

use crate::{InputFlags, exit, inputs};

/// The output forms.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    Json,
    Jsonl,
    Text,
    Md,
}

/// Run the command; returns the exit code (0 all extracted, 1 some failed, 3 none, 2 usage).
pub fn run(specs: &[String], flags: &InputFlags, format: &str) -> u8 {
    let form = match format {
        "json" => Form::Json,
        "jsonl" => Form::Jsonl,
        "text" => Form::Text,
        "md" | "markdown" => Form::Md,
        other => {
            eprintln!("error: extract supports --format json, jsonl, text or md (not {other:?})");
            return exit::USAGE;
        }
    };
    let inputs = expand(specs);
    let several = inputs.len() > 1;
    let mut out = std::io::stdout().lock();
    let (mut ok, mut failed) = (0usize, 0usize);
    if form == Form::Json && several && writeln!(out, "[").is_err() {
        return exit::OK;
    }
    for (i, input) in inputs.iter().enumerate() {
        let result = match input {
            Expanded::Input(spec) => inputs::load_one(spec, flags, &format!("a{}", i + 1)),
            Expanded::Unreadable(_, e) => Err(e.clone()),
        };
        let name = input.name();
        let value = match result {
            Ok((article, diags)) => {
                diags.iter().for_each(|d| eprintln!("{d}"));
                ok += 1;
                Ok(article)
            }
            Err(e) => {
                eprintln!("error: {name}: {e}");
                failed += 1;
                Err(e)
            }
        };
        let text = render(form, name, &value, several);
        let sep = if form == Form::Json && several && i + 1 < inputs.len() {
            ","
        } else {
            ""
        };
        let written = match text {
            Some(t) => writeln!(out, "{t}{sep}"),
            None => Ok(()),
        };
        if let Err(e) = written.and_then(|_| out.flush()) {
            // A closed pipe (`| head`) ends the batch quietly; anything else is reported.
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                eprintln!("error: writing output: {e}");
            }
            return if failed > 0 { exit::PARTIAL } else { exit::OK };
        }
    }
    if form == Form::Json && several {
        let _ = writeln!(out, "]");
    }
    if inputs.is_empty() {
        eprintln!("error: no input (an empty directory?)");
        return exit::NO_INPUT;
    }
    match (ok, failed) {
        (_, 0) => exit::OK,
        (0, _) => exit::NO_INPUT,
        _ => exit::PARTIAL,
    }
}

/// The JSON object of one extracted article (the contract of `extract --format json`).
pub fn article_json(input: &str, a: &Article) -> serde_json::Value {
    serde_json::json!({
        "input": input,
        "title": a.title.as_ref().map(|t| &t.value),
        "byline": a.byline.as_ref().map(|t| &t.value),
        "source": a.source.as_ref().map(|t| &t.value),
        "published": a.published.as_ref().map(|t| t.value.to_string()),
        "url": a.url,
        "language": a.language,
        "text": a.text,
        "article": a,
    })
}

/// One input's output, or `None` when a failure prints nothing on stdout (text forms).
fn render(
    form: Form,
    input: &str,
    value: &Result<Article, String>,
    several: bool,
) -> Option<String> {
    match (form, value) {
        (Form::Json, Ok(a)) => serde_json::to_string_pretty(&article_json(input, a)).ok(),
        (Form::Jsonl, Ok(a)) => serde_json::to_string(&article_json(input, a)).ok(),
        (Form::Json, Err(e)) => {
            serde_json::to_string_pretty(&serde_json::json!({"input": input, "error": e})).ok()
        }
        (Form::Jsonl, Err(e)) => {
            serde_json::to_string(&serde_json::json!({"input": input, "error": e})).ok()
        }
        (Form::Text, Ok(a)) if several => Some(format!("==> {input} <==\n{}\n", a.text)),
        (Form::Text, Ok(a)) => Some(a.text.clone()),
        (Form::Md, Ok(a)) => Some(markdown(a)),
        (Form::Text | Form::Md, Err(_)) => None,
    }
}

/// An article as Markdown: headline, a metadata line, then its paragraphs.
fn markdown(a: &Article) -> String {
    let mut s = String::new();
    if let Some(t) = &a.title {
        s.push_str(&format!("# {}\n\n", t.value.replace('\n', " ")));
    }
    let mut meta = Vec::new();
    if let Some(b) = &a.byline {
        meta.push(b.value.clone());
    }
    if let Some(src) = &a.source {
        meta.push(src.value.clone());
    }
    if let Some(p) = &a.published {
        meta.push(p.value.to_string());
    }
    if let Some(u) = &a.url {
        meta.push(format!("<{u}>"));
    }
    if !meta.is_empty() {
        s.push_str(&format!("*{}*\n\n", meta.join(" · ")));
    }
    if a.paragraphs.is_empty() {
        s.push_str(&a.text);
        s.push('\n');
    } else {
        for p in &a.paragraphs {
            if let Some(t) = a.text.get(p.span.start..p.span.end) {
                let t = t.trim();
                match p.kind {
                    BlockKind::Heading => s.push_str(&format!("## {t}")),
                    BlockKind::ListItem => s.push_str(&format!("- {t}")),
                    BlockKind::Quote => s.push_str(&format!("> {}", t.replace('\n', "\n> "))),
                    BlockKind::Body => s.push_str(t),
                }
                s.push_str("\n\n");
            }
        }
    }
    s
}

/// One input after directory expansion.
pub(crate) enum Expanded {
    /// A path, `-` or a URL to load.
    Input(String),
    /// A directory entry that could not be listed: its name and the error.
    Unreadable(String, String),
}

impl Expanded {
    pub(crate) fn name(&self) -> &str {
        match self {
            Expanded::Input(s) | Expanded::Unreadable(s, _) => s,
        }
    }
}

/// Directories become their files (sorted by name, recursively, skipping hidden entries and
/// `.meta.json` sidecars, which belong to the file beside them); everything else stays.
pub(crate) fn expand(specs: &[String]) -> Vec<Expanded> {
    let mut out = Vec::new();
    for spec in specs {
        let path = std::path::Path::new(spec);
        if spec != "-" && !spec.contains("://") && path.is_dir() {
            walk(path, &mut out, 0);
        } else {
            out.push(Expanded::Input(spec.clone()));
        }
    }
    out
}

fn walk(dir: &std::path::Path, out: &mut Vec<Expanded>, depth: usize) {
    if depth > 32 {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            out.push(Expanded::Unreadable(
                dir.display().to_string(),
                e.to_string(),
            ));
            return;
        }
    };
    let mut paths: Vec<std::path::PathBuf> =
        entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') || name.ends_with(".meta.json") {
            continue;
        }
        if p.is_dir() {
            walk(&p, out, depth + 1);
        } else {
            out.push(Expanded::Input(p.display().to_string()));
        }
    }
}
