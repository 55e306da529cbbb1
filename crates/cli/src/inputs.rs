//! Turning the command line's inputs into articles: ingest, extract, then the user's overrides
//! (`--source NAME=PATH`, `--date [PATH=]DATE`). One bad input never stops the others.

use chrono::NaiveDate;
use parallax_core::{Article, Diagnostic, Provenance, Sourced};

use crate::InputFlags;

/// Articles loaded from the inputs, with what went wrong on the way.
pub struct Loaded {
    /// Usable articles, in input order, with ids a1, a2, …
    pub articles: Vec<Article>,
    /// One line per problem.
    pub diagnostics: Vec<Diagnostic>,
    /// Number of inputs skipped.
    pub failed: usize,
}

struct Overrides {
    sources: Vec<(String, String)>,
    dates: Vec<(Option<String>, NaiveDate)>,
}

fn parse_overrides(flags: &InputFlags) -> Result<Overrides, String> {
    let mut sources = Vec::new();
    for s in &flags.sources {
        let (name, path) = s
            .split_once('=')
            .ok_or_else(|| format!("--source {s}: expected NAME=PATH"))?;
        sources.push((path.to_string(), name.to_string()));
    }
    let mut dates = Vec::new();
    for d in &flags.dates {
        let (path, date) = match d.rsplit_once('=') {
            Some((p, d)) => (Some(p.to_string()), d),
            None => (None, d.as_str()),
        };
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d")
            .map_err(|e| format!("--date {d}: {e} (expected YYYY-MM-DD)"))?;
        dates.push((path, date));
    }
    Ok(Overrides { sources, dates })
}

/// Whether an override's `key` names `input`: the input as given, its file name or its file
/// name without the extension (`--date lantern=…` for `examples/summit/lantern.txt`).
fn names(key: &str, input: &str) -> bool {
    if key == input {
        return true;
    }
    if input == "-" || input.contains("://") {
        return false;
    }
    let path = std::path::Path::new(input);
    path.file_name().is_some_and(|n| n == key) || path.file_stem().is_some_and(|n| n == key)
}

/// An override that names no input is an error, not a silent no-op.
fn check_overrides(over: &Overrides, inputs: &[String]) -> Result<(), String> {
    let keys = over
        .sources
        .iter()
        .map(|(p, n)| (p.as_str(), format!("--source {n}={p}")))
        .chain(
            over.dates
                .iter()
                .filter_map(|(p, d)| p.as_deref().map(|p| (p, format!("--date {p}={d}")))),
        );
    for (key, flag) in keys {
        if !inputs.iter().any(|i| names(key, i)) {
            return Err(format!(
                "{flag}: \"{key}\" names none of the inputs ({}); give an input's path, file name or file name without its extension",
                inputs.join(", ")
            ));
        }
    }
    Ok(())
}

/// Load every input (a directory stands for its files, sorted); errors become diagnostics and
/// the batch goes on.
pub fn load_all(specs: &[String], flags: &InputFlags) -> Result<Loaded, String> {
    let over = parse_overrides(flags)?;
    let mut out = Loaded {
        articles: Vec::new(),
        diagnostics: Vec::new(),
        failed: 0,
    };
    let mut inputs = Vec::new();
    for e in crate::extract_cmd::expand(specs) {
        match e {
            crate::extract_cmd::Expanded::Input(i) => inputs.push(i),
            crate::extract_cmd::Expanded::Unreadable(dir, why) => {
                out.failed += 1;
                out.diagnostics.push(Diagnostic::error(
                    dir,
                    format!("cannot read the folder: {why}"),
                ));
            }
        }
    }
    check_overrides(&over, &inputs)?;
    for input in &inputs {
        let id = format!("a{}", out.articles.len() + 1);
        match load(input, flags, &id, &over) {
            Ok((a, d)) => {
                out.diagnostics.extend(d);
                out.articles.push(a);
            }
            Err(e) => {
                out.failed += 1;
                out.diagnostics.push(Diagnostic::error(input.clone(), e));
            }
        }
    }
    Ok(out)
}

/// Load one input.
pub fn load_one(
    input: &str,
    flags: &InputFlags,
    id: &str,
) -> Result<(Article, Vec<Diagnostic>), String> {
    let over = parse_overrides(flags)?;
    check_overrides(&over, &[input.to_string()])?;
    load(input, flags, id, &over)
}

fn load(
    input: &str,
    flags: &InputFlags,
    id: &str,
    over: &Overrides,
) -> Result<(Article, Vec<Diagnostic>), String> {
    let opts = parallax_ingest::FetchOptions {
        allow_private: flags.allow_private,
        allow_loopback: flags.allow_loopback,
        max_bytes: flags.max_bytes,
        ..Default::default()
    };
    let raw = parallax_ingest::read_input(input, &opts).map_err(|e| e.to_string())?;
    let extracted = parallax_extract::extract(&raw, id).map_err(|e| e.to_string())?;
    let mut article = extracted.article;
    let diags = extracted.diagnostics;
    if let Some((_, name)) = over.sources.iter().find(|(p, _)| names(p, input)) {
        article.source = Some(Sourced::new(name.clone(), Provenance::Flag));
    }
    if article.source.is_none() {
        article.source = Some(Sourced::new(input_name(input), Provenance::InputName));
    }
    let specific = over
        .dates
        .iter()
        .find(|(p, _)| p.as_deref().is_some_and(|p| names(p, input)));
    let general = over.dates.iter().find(|(p, _)| p.is_none());
    if let Some((_, d)) = specific {
        article.published = Some(Sourced::new(*d, Provenance::Flag));
    } else if let (None, Some((_, d))) = (&article.published, general) {
        article.published = Some(Sourced::new(*d, Provenance::Flag));
    }
    Ok((article, diags))
}

/// A readable name for an input: a file's stem, a URL's host, or "stdin".
fn input_name(input: &str) -> String {
    if input == "-" {
        return "stdin".into();
    }
    if let Some(rest) = input.split_once("://").map(|x| x.1) {
        return rest.split('/').next().unwrap_or(rest).to_string();
    }
    std::path::Path::new(input)
        .file_stem()
        .map_or_else(|| input.to_string(), |s| s.to_string_lossy().into_owned())
}
