//! One story's articles in, one [`Report`] out: what the sources agree on, what only one
//! reports, where they contradict each other, how each frames the people involved, whom each
//! lets speak, and a neutral synthesis traceable to source text.
//!
//! Stages: [`story`] (entity identity across articles) → [`align`] (claims that state the same
//! fact) → [`conflicts`] → [`framing`] → [`synthesis`]. No I/O; never sees HTML.
//!
//! ```
//! use parallax_core::Article;
//! let a = Article::from_text("a", "The mayor opened the new bridge in Lakeview on Monday.");
//! let b = Article::from_text("b", "On Monday the mayor opened the new bridge in Lakeview.");
//! let report = parallax_compare::compare(&[a, b], Vec::new());
//! assert_eq!(report.agreed.len(), 1);
//! assert_eq!(report.agreed[0].sources, ["a", "b"]);
//! ```
#![deny(missing_docs)]

pub mod align;
pub mod conflicts;
pub mod framing;
pub mod story;
pub mod synthesis;
pub mod words;

use parallax_core::{
    Analysis, Article, ClaimGroup, Conflict, ConflictKind, Diagnostic, Report, SCHEMA_VERSION,
    SentenceKind, SourceInfo,
};

use parallax_analyze::bias::Vectors;

use crate::align::Alignment;
use crate::story::Story;

/// Analyse each article and compare them.
pub fn compare(articles: &[Article], diagnostics: Vec<Diagnostic>) -> Report {
    let analyses: Vec<Analysis> = articles.iter().map(parallax_analyze::analyze).collect();
    compare_analyzed(articles, &analyses, diagnostics)
}

/// Analyse each article and compare them, aligning claims with the help of sentence vectors
/// when given (see [`align::align_with`]).
pub fn compare_with(
    articles: &[Article],
    diagnostics: Vec<Diagnostic>,
    vectors: Option<&dyn Vectors>,
) -> Report {
    let analyses: Vec<Analysis> = articles.iter().map(parallax_analyze::analyze).collect();
    compare_analyzed_with(articles, &analyses, diagnostics, vectors)
}

/// Compare articles already analysed (one analysis per article, same order).
pub fn compare_analyzed(
    articles: &[Article],
    analyses: &[Analysis],
    diagnostics: Vec<Diagnostic>,
) -> Report {
    compare_analyzed_with(articles, analyses, diagnostics, None)
}

/// Compare articles already analysed, with sentence vectors for the alignment when given.
pub fn compare_analyzed_with(
    articles: &[Article],
    analyses: &[Analysis],
    mut diagnostics: Vec<Diagnostic>,
    vectors: Option<&dyn Vectors>,
) -> Report {
    let texts: Vec<&str> = articles.iter().map(|a| a.text.as_str()).collect();
    let copies = parallax_cluster::near_copies(&texts);
    let story = Story::new(articles, analyses, &copies);
    for (i, a) in articles.iter().enumerate() {
        if a.published.is_none() {
            diagnostics.push(Diagnostic::info(
                a.input.clone(),
                undated_note(a, &analyses[i]),
            ));
        }
        if let Some(c) = copies[i] {
            diagnostics.push(Diagnostic::info(
                a.input.clone(),
                format!(
                    "near-copy of {} ({}): counted as one origin",
                    articles[c].id, articles[c].input
                ),
            ));
        }
    }
    if articles.len() < 2 {
        diagnostics.push(Diagnostic {
            severity: parallax_core::Severity::Warning,
            input: None,
            message: format!(
                "{} article(s) to compare: agreement and conflicts need at least two",
                articles.len()
            ),
        });
    }
    let al = align::align_with(&story, vectors.map(align::VectorBlend::new));
    let (mut agreed, only_in) = groups(&story, &al);
    let found = conflicts::find(&story, &al);
    mark_disputed(&mut agreed, &found.conflicts);
    let omissions = omissions(articles, &agreed, &only_in);
    let framing = framing::framing(&story);
    let synthesis = synthesis::synthesize(&story, &agreed, &only_in, &found.conflicts);
    Report {
        schema_version: SCHEMA_VERSION.to_string(),
        sources: articles
            .iter()
            .enumerate()
            .map(|(i, a)| SourceInfo {
                article: a.id.clone(),
                input: a.input.clone(),
                outlet: a.source_name().to_string(),
                outlet_provenance: a.source.as_ref().map(|s| s.provenance),
                title: a.title.as_ref().map(|t| t.value.clone()),
                byline: a.byline.as_ref().map(|t| t.value.clone()),
                published: a.published.as_ref().map(|p| p.value),
                published_provenance: a.published.as_ref().map(|p| p.provenance),
                url: a.url.clone(),
                words: a.word_count(),
                copy_of: copies[i].map(|c| articles[c].id.clone()),
                text: a.text.clone(),
                paragraphs: a.paragraphs.clone(),
            })
            .collect(),
        agreed,
        only_in,
        conflicts: found.conflicts,
        reconciled: found.reconciled,
        framing,
        omissions,
        voices: framing::voices(&story),
        timeline: framing::timeline(&story),
        synthesis,
        diagnostics,
    }
}

/// Per source, the claims others report that it leaves out (agreed claims it lacks, and what
/// one other source alone reports), most widely reported first.
fn omissions(
    articles: &[Article],
    agreed: &[ClaimGroup],
    only_in: &[ClaimGroup],
) -> Vec<parallax_core::SourceOmissions> {
    articles
        .iter()
        .map(|a| {
            let mut missing: Vec<parallax_core::Omission> = agreed
                .iter()
                .chain(only_in)
                .filter(|g| g.omitted_by.contains(&a.id))
                .filter_map(|g| {
                    Some(parallax_core::Omission {
                        group: g.id.clone(),
                        topic: g.topic.clone(),
                        reported_by: g.sources.len(),
                        example: g.evidence.first()?.clone(),
                    })
                })
                .collect();
            missing.sort_by_key(|m| std::cmp::Reverse(m.reported_by));
            parallax_core::SourceOmissions {
                article: a.id.clone(),
                missing,
            }
        })
        .collect()
}

/// Split aligned groups into agreed (≥ 2 independent origins) and only-in (one source).
fn groups(story: &Story<'_>, al: &Alignment) -> (Vec<ClaimGroup>, Vec<ClaimGroup>) {
    let ids: Vec<&str> = story.articles.iter().map(|a| a.id.as_str()).collect();
    let mut agreed = Vec::new();
    let mut only = Vec::new();
    for g in &al.groups {
        let mut arts: Vec<usize> = g.iter().map(|&i| al.claims[i].article).collect();
        arts.sort_unstable();
        arts.dedup();
        let evidence: Vec<_> = g
            .iter()
            .map(|&i| {
                let c = al.claims[i];
                story.evidence(c.article, story.analyses[c.article].claims[c.claim].span)
            })
            .collect();
        let sources: Vec<String> = arts.iter().map(|&a| ids[a].to_string()).collect();
        let omitted_by: Vec<String> = ids
            .iter()
            .filter(|id| !sources.iter().any(|s| s == *id))
            .map(|s| s.to_string())
            .collect();
        let mut sims = Vec::new();
        for (x, &i) in g.iter().enumerate() {
            for &j in &g[x + 1..] {
                if al.claims[i].article != al.claims[j].article {
                    sims.push(al.similarity(i, j));
                }
            }
        }
        let similarity = if sims.is_empty() {
            1.0
        } else {
            sims.iter().sum::<f32>() / sims.len() as f32
        };
        let group = ClaimGroup {
            id: String::new(),
            topic: topic(story, al, g),
            sources,
            omitted_by,
            evidence,
            similarity: (similarity * 1000.0).round() / 1000.0,
            disputed: Vec::new(),
        };
        if story.origins(&arts) >= 2 {
            agreed.push(group);
        } else if arts.len() == 1 && substantive(story, al, g) {
            only.push(group);
        } else if arts.len() > 1 {
            // Several copies of one origin: still a single-origin fact.
            only.push(group);
        }
    }
    agreed.sort_by_key(|g| std::cmp::Reverse(g.sources.len()));
    for (k, g) in agreed.iter_mut().enumerate() {
        g.id = format!("c{}", k + 1);
    }
    for (k, g) in only.iter_mut().enumerate() {
        g.id = format!("o{}", k + 1);
    }
    (agreed, only)
}

/// Mark each agreed group whose sentences give different values for one fact: a group two of
/// whose sentences are the sides of a conflict (other than a spelling) lists that conflict in
/// `disputed`, so no report shows it as a plain agreement ("36-page" and "35-page" under
/// *agreed*). The group stays: the outlets do state the fact, and the synthesis tells it without
/// the disputed value.
fn mark_disputed(agreed: &mut [ClaimGroup], conflicts: &[Conflict]) {
    let holds = |g: &ClaimGroup, e: &parallax_core::Evidence| {
        g.evidence
            .iter()
            .any(|x| x.article == e.article && x.span.overlaps(e.span))
    };
    for g in agreed {
        g.disputed = conflicts
            .iter()
            .filter(|c| {
                c.kind != ConflictKind::Spelling
                    && c.sides.iter().filter(|s| holds(g, &s.evidence)).count() >= 2
            })
            .map(|c| c.id.clone())
            .collect();
    }
}

/// A single-source claim worth listing: not a heading or a rhetorical question, with an entity,
/// a number or a date and at least three content words.
fn substantive(story: &Story<'_>, al: &Alignment, g: &[usize]) -> bool {
    g.iter().any(|&i| {
        let c = al.claims[i];
        let an = &story.analyses[c.article];
        let claim = &an.claims[c.claim];
        let heading = an
            .sentences
            .get(claim.sentence)
            .is_some_and(|s| s.kind == SentenceKind::Heading);
        // An outlet's own rhetorical question states no fact.
        let rhetorical = claim.voice == parallax_core::Voice::Own
            && story.text(c.article, claim.span).trim_end().ends_with('?');
        // A reported sentence or a quotation with four content words states something even
        // without a name, a number or a date ("Local fishermen helped pull passengers from
        // the water").
        let kind = an.sentences.get(claim.sentence).map(|s| s.kind);
        let plain = matches!(
            kind,
            Some(SentenceKind::Reported) | Some(SentenceKind::Quote) | Some(SentenceKind::Opinion)
        ) && claim.terms.len() >= 4;
        !heading
            && !rhetorical
            && claim.terms.len() >= 3
            && (plain
                || !claim.entities.is_empty()
                || !claim.quantities.is_empty()
                || !claim.times.is_empty())
    })
}

/// A group's topic: the gist of its shortest sentence, the plainest statement of the fact.
fn topic(story: &Story<'_>, al: &Alignment, g: &[usize]) -> String {
    g.iter()
        .map(|&i| al.claims[i])
        .map(|c| (c.article, story.analyses[c.article].claims[c.claim].span))
        .min_by_key(|&(a, span)| story.text(a, span).split_whitespace().count())
        .map(|(a, span)| story.gist(a, span))
        .unwrap_or_default()
}

/// The note for an article without a publication date: the relative dates it leaves unresolved,
/// quoted from the article (front ends add how to give the date: a flag, a form field).
fn undated_note(a: &Article, an: &Analysis) -> String {
    let relative: Vec<&str> = an
        .times
        .iter()
        .filter(|t| t.value.is_none())
        .filter_map(|t| a.text.get(t.span.start..t.span.end))
        .collect();
    match relative.as_slice() {
        [] => "publication date unknown; the text has no relative dates that need it".to_string(),
        [one] => format!(
            "publication date unknown: 1 relative date (\"{one}\") left unresolved; give the publication date to resolve it"
        ),
        [first, second, ..] => format!(
            "publication date unknown: {} relative dates (\"{first}\", \"{second}\"{}) left unresolved; give the publication date to resolve them",
            relative.len(),
            if relative.len() > 2 { ", …" } else { "" }
        ),
    }
}
