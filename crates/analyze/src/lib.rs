//! Per-article analysis: one article's text in, annotation layers out.
//!
//! A pipeline of small rule stages over one frozen text, each reading and writing named layers
//! of [`parallax_core::Analysis`]: sentences → entities → quotes → loaded words → labels and
//! descriptions → times → quantities → sentence kinds and claims.
//! Analysis never does I/O, never sees HTML and never looks at another article.
//!
//! ```
//! use parallax_core::Article;
//! let mut a = Article::from_text("a1", "“We will talk,” President Ortega said on Monday.");
//! a.published = Some(parallax_core::Sourced::new(
//!     chrono::NaiveDate::from_ymd_opt(2026, 1, 6).unwrap(),
//!     parallax_core::Provenance::Flag,
//! ));
//! let an = parallax_analyze::analyze(&a);
//! assert_eq!(an.times[0].value.as_ref().unwrap().iso, "2026-01-05");
//! let speaker = an.quotes[0].speaker.as_ref().unwrap();
//! assert_eq!(an.entities[speaker.entity.unwrap()].key, "ortega");
//! ```
#![deny(missing_docs)]

pub mod bias;
pub mod claims;
pub mod doc;
pub mod entities;
pub mod gazetteer;
pub mod labels;
pub mod loaded;
pub mod quantities;
pub mod quotes;
pub mod sentences;
pub mod times;
pub mod tokens;

use parallax_core::{Analysis, Article, LabelKind, Span};

/// Run every analysis stage over one article.
pub fn analyze(article: &Article) -> Analysis {
    let sentences = sentences::split(article);
    let doc = doc::Doc::new(&article.text, sentences);
    let (entities, mut mentions) = entities::find(&doc);
    let paragraphs: Vec<Span> = article.paragraphs.iter().map(|p| p.span).collect();
    let mut quotes = quotes::find(&doc, &paragraphs, &entities, &mentions);
    let salient = quotes::resolve_pronouns(&doc, &mut quotes, &entities, &mut mentions);
    let loaded = loaded::find(&article.text, &doc.tokens, &doc.lower, &quotes);
    let labels = labels::find(&doc, &entities, &mut mentions, &loaded);
    quotes::resolve_descriptions(
        &doc,
        &mut quotes,
        &entities,
        &mut mentions,
        &labels,
        &salient,
    );
    refine_roles(&doc, &mut quotes, &labels);
    let sentence_spans: Vec<Span> = doc.sentences.iter().map(|s| s.span).collect();
    let times = times::find(
        &article.text,
        &sentence_spans,
        article.published.as_ref().map(|p| p.value),
    );
    let quantities = quantities::find(&doc, &times);
    let mut an = Analysis {
        article: article.id.clone(),
        sentences: doc.sentences.clone(),
        entities,
        mentions,
        labels,
        quotes,
        times,
        quantities,
        loaded,
        claims: Vec::new(),
    };
    claims::build(&doc, &mut an);
    let quoted: Vec<bool> = an.labels.iter().map(|l| an.in_quote(l.span)).collect();
    for (l, q) in an.labels.iter_mut().zip(quoted) {
        l.quoted = q;
    }
    an
}

/// A speaker with a title is an official, with an academic or analyst label an expert.
fn refine_roles(
    doc: &doc::Doc<'_>,
    quotes: &mut [parallax_core::Quote],
    labels: &[parallax_core::Label],
) {
    const EXPERT: &[&str] = &[
        "professor",
        "analyst",
        "researcher",
        "economist",
        "expert",
        "scholar",
        "fellow",
    ];
    const OFFICIAL: &[&str] = &[
        "president",
        "premier",
        "minister",
        "chairman",
        "spokesman",
        "spokeswoman",
        "official",
        "leader",
        "secretary",
        "ambassador",
        "governor",
        "mayor",
        "senator",
        "chancellor",
    ];
    for q in quotes.iter_mut() {
        let Some(sp) = q.speaker.as_mut() else {
            continue;
        };
        let Some(e) = sp.entity else { continue };
        if sp.role == "social_media" {
            continue;
        }
        let words: Vec<String> = labels
            .iter()
            .filter(|l| l.entity == e && l.kind != LabelKind::Description)
            .filter_map(|l| l.span.slice(doc.text))
            .flat_map(|t| {
                t.split_whitespace()
                    .map(str::to_lowercase)
                    .collect::<Vec<_>>()
            })
            .collect();
        if words.iter().any(|w| EXPERT.contains(&w.as_str())) {
            sp.role = "expert".into();
        } else if words.iter().any(|w| OFFICIAL.contains(&w.as_str())) {
            sp.role = "official".into();
        }
    }
}
