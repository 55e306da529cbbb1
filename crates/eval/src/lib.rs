//! Evaluation of the per-article analyzer against annotated corpora.
//!
//! Today: the English MEANTIME corpus (Wikinews articles in CAT XML). [`meantime`] rebuilds each
//! document's body text from its tokens, sets the creation time as the publication date, runs
//! [`parallax_analyze::analyze`] and scores time values and entity mentions; [`MeantimeScores`]
//! prints a small table. This crate only reads the corpus directory it is given: it never
//! downloads data, never writes files and never changes what the analyzer does.
#![deny(missing_docs)]

pub mod babe;
pub mod basil;
pub mod cat;
pub mod extraction;
pub mod floors;
pub mod neus;
pub mod score;
pub mod stories;
pub mod text;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use parallax_core::{Article, MentionForm, Provenance, Sourced};

pub use score::MeantimeScores;
use score::{GoldEntity, GoldTime, PredEntity, PredTime, TimeMiss, ValueClass};

/// Why an evaluation could not run.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// The corpus directory or a file in it could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// A document is not well-formed CAT XML.
    #[error("bad CAT XML: {0}")]
    Xml(String),
    /// The directory holds no `.xml` documents.
    #[error("no .xml documents under {0}")]
    Empty(PathBuf),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> EvalError + '_ {
    move |source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// All `.xml` files under `dir`, recursively, in path order.
fn xml_files(dir: &Path) -> Result<Vec<PathBuf>, EvalError> {
    files_with_extension(dir, "xml").map_err(|(path, source)| EvalError::Io { path, source })
}

/// All files under `dir` whose extension is `ext`, recursively, in path order; on failure, the
/// folder that could not be read and why.
pub(crate) fn files_with_extension(
    dir: &Path,
    ext: &str,
) -> Result<Vec<PathBuf>, (PathBuf, std::io::Error)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| (d.clone(), e))?;
        for entry in entries {
            let path = entry.map_err(|e| (d.clone(), e))?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == ext) {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The MEANTIME corpus held out from rule development from now on: rules are developed on the
/// other corpora and this one is reported as the unseen-topic figure (until now the rules were
/// developed on all three).
pub const HELD_OUT_CORPUS: &str = "gm";

/// MEANTIME scored as a whole and per corpus (topic folder: airbus, apple, gm).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MeantimeRun {
    /// Every document scored.
    pub overall: MeantimeScores,
    /// Per corpus, in name order: the folder name without its `corpus_` prefix (`"."` for
    /// documents directly in the directory given).
    pub corpora: Vec<(String, MeantimeScores)>,
}

/// The corpus of a document: its first folder under `dir`, without `corpus_`.
fn corpus_of(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    let mut parts = rel.components();
    match (parts.next(), parts.next()) {
        (Some(first), Some(_)) => {
            let name = first.as_os_str().to_string_lossy();
            name.strip_prefix("corpus_").unwrap_or(&*name).to_string()
        }
        _ => ".".to_string(),
    }
}

/// Score the analyzer on the MEANTIME documents under `dir` (all `.xml` files, recursively, in
/// path order), as a whole and per corpus; with `limit`, the first `limit` documents of each
/// corpus.
pub fn meantime_run(dir: &Path, limit: Option<usize>) -> Result<MeantimeRun, EvalError> {
    let files = xml_files(dir)?;
    if files.is_empty() {
        return Err(EvalError::Empty(dir.to_path_buf()));
    }
    let mut run = MeantimeRun::default();
    for path in &files {
        let corpus = corpus_of(dir, path);
        let i = match run.corpora.iter().position(|(c, _)| *c == corpus) {
            Some(i) => i,
            None => {
                run.corpora.push((corpus, MeantimeScores::default()));
                run.corpora.len() - 1
            }
        };
        let scores = &mut run.corpora[i].1;
        if limit.is_some_and(|n| scores.documents >= n) {
            continue;
        }
        let xml = std::fs::read_to_string(path).map_err(io(path))?;
        let doc = cat::parse(&xml)?;
        score_document(&doc, scores);
    }
    run.corpora.sort_by(|a, b| a.0.cmp(&b.0));
    for (_, s) in &run.corpora {
        run.overall.merge(s);
    }
    Ok(run)
}

/// Score the analyzer on the MEANTIME documents under `dir` as a whole (see [`meantime_run`]).
pub fn meantime(dir: &Path, limit: Option<usize>) -> Result<MeantimeScores, EvalError> {
    meantime_run(dir, limit).map(|r| r.overall)
}

impl MeantimeRun {
    /// The figures `parallax eval meantime` prints, named for the floors check: the whole set
    /// (`meantime.calendar_values`, …) and each corpus (`meantime.gm.calendar_values`, …).
    pub fn figures(&self) -> Vec<floors::Figure> {
        let mut out = figures_of("meantime", &self.overall, true);
        for (name, s) in &self.corpora {
            out.extend(figures_of(
                &format!("meantime.{}", floors::slug(name)),
                s,
                false,
            ));
        }
        out
    }
}

fn figures_of(prefix: &str, s: &MeantimeScores, all: bool) -> Vec<floors::Figure> {
    use floors::Figure;
    let t = &s.times;
    let e = &s.entities;
    let mut out = vec![
        Figure::higher(format!("{prefix}.calendar_values"), t.calendar_accuracy()),
        Figure::higher(format!("{prefix}.all_values"), t.overall_accuracy()),
        Figure::higher(format!("{prefix}.time_extent.f1"), t.extent.f1()),
        Figure::higher(
            format!("{prefix}.entities.overlap_typed.f1"),
            e.overlap_typed.f1(),
        ),
        Figure::higher(
            format!("{prefix}.entities.exact_typed.f1"),
            e.exact_typed.f1(),
        ),
    ];
    if all {
        for (name, c) in [
            ("time_extent", &t.extent),
            ("entities.overlap_typed", &e.overlap_typed),
            ("entities.exact_typed", &e.exact_typed),
        ] {
            out.push(Figure::higher(
                format!("{prefix}.{name}.precision"),
                c.precision(),
            ));
            out.push(Figure::higher(
                format!("{prefix}.{name}.recall"),
                c.recall(),
            ));
        }
    }
    out
}

impl std::fmt::Display for MeantimeRun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.overall)?;
        writeln!(
            f,
            "Per corpus (rules were developed on all three until now; {HELD_OUT_CORPUS} is held out from now on; entity rules were tuned with examples/entities.rs: development figures):"
        )?;
        writeln!(
            f,
            "  {:<10} {:>5} {:>18} {:>10} {:>10} {:>16} {:>16}",
            "corpus",
            "docs",
            "calendar values",
            "all values",
            "extent F1",
            "entities ov+k F1",
            "exact+k F1"
        )?;
        for (name, s) in &self.corpora {
            let t = &s.times;
            let cal = Some(ValueClass::Calendar);
            writeln!(
                f,
                "  {:<10} {:>5} {:>8.3} ({:>3}/{:<3}) {:>10.3} {:>10.3} {:>16.3} {:>16.3}{}",
                name,
                s.documents,
                t.calendar_accuracy(),
                t.correct(cal),
                t.gold(cal),
                t.overall_accuracy(),
                t.extent.f1(),
                s.entities.overlap_typed.f1(),
                s.entities.exact_typed.f1(),
                if name == HELD_OUT_CORPUS {
                    "   <- held out"
                } else {
                    ""
                }
            )?;
        }
        Ok(())
    }
}

/// The creation date of a document: the date part of its CREATION_TIME value (one MEANTIME
/// document writes it day first, "03-02-2009").
fn creation_date(doc: &cat::CatDoc) -> Option<NaiveDate> {
    let v = doc.creation_time()?.value.get(..10)?;
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(v, "%d-%m-%Y"))
        .ok()
}

/// Analyse one parsed document and add its counts to `scores`.
pub fn score_document(doc: &cat::CatDoc, scores: &mut MeantimeScores) {
    let rebuilt = text::rebuild(doc);
    let mut article = Article::from_text(&doc.name, &rebuilt.text);
    if !rebuilt.title.is_empty() {
        article.title = Some(Sourced::new(rebuilt.title.clone(), Provenance::Sidecar));
    }
    // Two documents carry no creation time; their dateline still gives the date, read as the
    // product reads a date line of a plain-text article.
    let published = creation_date(doc);
    article.published = published
        .map(|d| Sourced::new(d, Provenance::Sidecar))
        .or_else(|| {
            parallax_extract::parse_date(&rebuilt.dateline)
                .map(|d| Sourced::new(d, Provenance::Dateline))
        });
    let published = article.published.as_ref().map(|s| s.value);
    scores.documents += 1;
    scores.without_creation_time += usize::from(published.is_none());
    let an = parallax_analyze::analyze(&article);

    let mut gold_times = Vec::new();
    for t in doc.timexes.iter().filter(|t| !t.creation) {
        if t.tokens.is_empty() {
            continue; // no extent: an implicit time, not a text span
        }
        match rebuilt.span_of(&t.tokens) {
            Some(span) => gold_times.push(GoldTime {
                span,
                value: t.value.clone(),
                class: ValueClass::of(&t.kind, &t.value),
            }),
            None => scores.times.not_in_text += 1,
        }
    }
    // Times are annotated only in the opening sentences: ours beyond them are not scored.
    let pred_times: Vec<PredTime> = an
        .times
        .iter()
        .filter(|t| t.span.start < rebuilt.timex_scope_end)
        .map(|t| PredTime {
            span: t.span,
            value: t.value.as_ref().map(|v| v.iso.clone()),
        })
        .collect();
    let slice = |s: parallax_core::Span| s.slice(&rebuilt.text).unwrap_or("").to_string();
    let published_s = published.map(|d| d.to_string()).unwrap_or_default();
    let mut misses: Vec<TimeMiss> = Vec::new();
    score::score_times(&gold_times, &pred_times, &mut scores.times, |g, p| {
        misses.push(TimeMiss {
            doc: doc.name.clone(),
            published: published_s.clone(),
            gold: g.map(|g| (slice(g.span), g.value.clone())),
            ours: p.map(|p| (slice(p.span), p.value.clone().unwrap_or_default())),
        });
    });
    scores.time_misses.extend(misses);

    let mut gold_ents = Vec::new();
    for m in &doc.mentions {
        match rebuilt.span_of(&m.tokens) {
            Some(span) => gold_ents.push(GoldEntity {
                span,
                kind: m.ent_type.as_deref().and_then(score::kind_of),
                named: matches!(m.syntactic_type.as_str(), "NAM" | "PRE.NAM"),
            }),
            None => scores.entities.not_in_text += 1,
        }
    }
    let pred_ents: Vec<PredEntity> = an
        .mentions
        .iter()
        .filter(|m| matches!(m.form, MentionForm::Name | MentionForm::Partial))
        .filter_map(|m| {
            Some(PredEntity {
                span: m.span,
                kind: an.entities.get(m.entity)?.kind,
            })
        })
        .collect();
    score::score_entities(&gold_ents, &pred_ents, &mut scores.entities);
}
