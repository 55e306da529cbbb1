//! Evaluation of the per-article analyzer against annotated corpora.
//!
//! Today: the English MEANTIME corpus (Wikinews articles in CAT XML). [`meantime`] rebuilds each
//! document's body text from its tokens, sets the creation time as the publication date, runs
//! [`parallax_analyze::analyze`] and scores time values and entity mentions; [`MeantimeScores`]
//! prints a small table. This crate only reads the corpus directory it is given: it never
//! downloads data, never writes files and never changes what the analyzer does.
#![deny(missing_docs)]

pub mod babe;
pub mod cat;
pub mod extraction;
pub mod neus;
pub mod score;
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
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).map_err(io(&d))? {
            let path = entry.map_err(io(&d))?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "xml") {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Score the analyzer on the MEANTIME documents under `dir` (all `.xml` files, recursively, in
/// path order; the first `limit` when given).
pub fn meantime(dir: &Path, limit: Option<usize>) -> Result<MeantimeScores, EvalError> {
    let mut files = xml_files(dir)?;
    if files.is_empty() {
        return Err(EvalError::Empty(dir.to_path_buf()));
    }
    if let Some(n) = limit {
        files.truncate(n);
    }
    let mut scores = MeantimeScores::default();
    for path in &files {
        let xml = std::fs::read_to_string(path).map_err(io(path))?;
        let doc = cat::parse(&xml)?;
        score_document(&doc, &mut scores);
    }
    Ok(scores)
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
