//! Neutral synthesis: consensus facts first, single-source facts attributed, disputes side by side.
//!
//! Every sentence is made from source sentences: loaded words in the outlet's own voice are
//! replaced by their neutral alternative or dropped, quotations are kept verbatim (a sentence
//! whose quotation holds a loaded word is skipped rather than altered), and the result is checked
//! against the lexicon again so no loaded word survives.

use parallax_core::{
    ClaimGroup, Conflict, Evidence, SentenceKind, Span, SynthesisKind, SynthesisSentence,
};

use crate::story::Story;

/// Sentences opening with these refer back to something and cannot stand alone.
const ANAPHORA: &[&str] = &[
    "that", "this", "these", "those", "it", "he", "she", "they", "his", "her", "their", "its",
    "but", "and", "so", "also", "then", "when", "while", "why",
];

/// Most consensus and attributed sentences to include.
const MAX_CONSENSUS: usize = 8;
const MAX_ATTRIBUTED_PER_SOURCE: usize = 3;

/// Build the synthesis.
pub fn synthesize(
    story: &Story<'_>,
    agreed: &[ClaimGroup],
    only_in: &[ClaimGroup],
    conflicts: &[Conflict],
) -> Vec<SynthesisSentence> {
    let mut out = Vec::new();
    for g in agreed.iter().take(MAX_CONSENSUS * 2) {
        if out.len() >= MAX_CONSENSUS {
            break;
        }
        // A disputed value is left out of the consensus: a disputed date or place is cut with
        // its preposition; a sentence with a disputed number or quote is not used at all.
        let mut cands: Vec<(usize, &Evidence, String)> = g
            .evidence
            .iter()
            .filter_map(|e| {
                let a = index_of(story, &e.article)?;
                let mut cut = Vec::new();
                for c in conflicts {
                    for s in c.sides.iter().filter(|s| s.evidence == *e) {
                        match c.kind {
                            parallax_core::ConflictKind::Date
                            | parallax_core::ConflictKind::Weekday
                            | parallax_core::ConflictKind::Place => {
                                cut.push(with_preposition(story, a, s.value_evidence.span));
                            }
                            _ => return None,
                        }
                    }
                }
                neutral_sentence_without(story, a, e.span, &cut).map(|t| (a, e, t))
            })
            .collect();
        let quoted = |a: usize, e: &Evidence| {
            story.analyses[a]
                .quotes
                .iter()
                .filter(|q| e.span.overlaps(q.outer))
                .count()
        };
        cands.sort_by_key(|(a, e, t)| (loaded_count(story, *a, e.span), quoted(*a, e), t.len()));
        if let Some((_, _, text)) = cands.into_iter().next() {
            out.push(SynthesisSentence {
                text,
                kind: SynthesisKind::Consensus,
                sources: g.sources.clone(),
                evidence: g.evidence.clone(),
            });
        }
    }
    for c in conflicts {
        let parts: Vec<String> = c
            .sides
            .iter()
            .map(|s| {
                let outlet =
                    index_of(story, &s.article).map_or(s.article.as_str(), |a| story.outlet(a));
                format!("{outlet} reports {}", s.value)
            })
            .collect();
        out.push(SynthesisSentence {
            text: format!(
                "Sources disagree on {}: {}.",
                describe_kind(c),
                parts.join("; ")
            ),
            kind: SynthesisKind::Disputed,
            sources: c.sides.iter().map(|s| s.article.clone()).collect(),
            evidence: c.sides.iter().map(|s| s.evidence.clone()).collect(),
        });
    }
    let mut per_source: std::collections::HashMap<String, usize> = Default::default();
    for g in only_in {
        let Some(e) = g.evidence.first() else {
            continue;
        };
        let Some(a) = index_of(story, &e.article) else {
            continue;
        };
        let n = per_source.entry(e.article.clone()).or_default();
        if *n >= MAX_ATTRIBUTED_PER_SOURCE {
            continue;
        }
        let an = &story.analyses[a];
        let reported = an
            .sentences
            .iter()
            .any(|s| s.span == e.span && matches!(s.kind, SentenceKind::Reported));
        if !reported {
            continue;
        }
        let Some(text) = neutral_sentence(story, a, e.span) else {
            continue;
        };
        *n += 1;
        out.push(SynthesisSentence {
            text: format!(
                "According to {}, {}",
                story.outlet(a),
                lower_first(story, a, e.span, &text)
            ),
            kind: SynthesisKind::Attributed,
            sources: g.sources.clone(),
            evidence: vec![e.clone()],
        });
    }
    out
}

fn describe_kind(c: &Conflict) -> String {
    let kind = match c.kind {
        parallax_core::ConflictKind::Date => "the date",
        parallax_core::ConflictKind::Weekday => "the day",
        parallax_core::ConflictKind::Count => "the number",
        parallax_core::ConflictKind::Duration => "how long it lasted",
        parallax_core::ConflictKind::Place => "the place",
        parallax_core::ConflictKind::Ordinal => "the starting point",
        parallax_core::ConflictKind::Speaker => "who said",
        parallax_core::ConflictKind::TimeOfDay => "the time of day",
        parallax_core::ConflictKind::Amount => "the amount",
        parallax_core::ConflictKind::Percent => "the percentage",
        parallax_core::ConflictKind::Age => "the age",
        parallax_core::ConflictKind::Rank => "the rank",
        parallax_core::ConflictKind::Attribution => "who stated it",
        parallax_core::ConflictKind::Spelling => "the spelling of a name",
    };
    if c.topic.is_empty() {
        kind.to_string()
    } else {
        format!("{kind} ({})", c.topic)
    }
}

fn index_of(story: &Story<'_>, id: &str) -> Option<usize> {
    story.articles.iter().position(|a| a.id == id)
}

fn loaded_count(story: &Story<'_>, a: usize, span: Span) -> usize {
    story.analyses[a]
        .loaded
        .iter()
        .filter(|t| span.contains(t.span))
        .count()
}

/// The sentence at `span` with own-voice loaded words neutralised, or `None` when it cannot
/// stand alone or a quotation in it is loaded.
pub fn neutral_sentence(story: &Story<'_>, a: usize, span: Span) -> Option<String> {
    neutral_sentence_without(story, a, span, &[])
}

/// `span` widened to the preposition before it ("on Monday", "in Lisbon").
fn with_preposition(story: &Story<'_>, a: usize, span: Span) -> Span {
    let text = &story.articles[a].text;
    let before = text.get(..span.start).unwrap_or("");
    let trimmed = before.trim_end();
    for p in [" on", " in", " at", " near"] {
        if trimmed.ends_with(p) && !story.text(a, span).to_lowercase().starts_with(p.trim()) {
            return Span::new(trimmed.len() - p.len(), span.end);
        }
    }
    span
}

/// Like [`neutral_sentence`], with the spans in `cut` removed as well.
fn neutral_sentence_without(
    story: &Story<'_>,
    a: usize,
    span: Span,
    cut: &[Span],
) -> Option<String> {
    let an = &story.analyses[a];
    let text = story.text(a, span);
    let first = text
        .split_whitespace()
        .next()?
        .to_lowercase()
        .replace('’', "'");
    let first = first.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'');
    if ANAPHORA.contains(&first)
        || first.starts_with("that'")
        || text.trim_end().ends_with(['?', ':'])
    {
        return None;
    }
    let terms: Vec<_> = an.loaded.iter().filter(|t| span.contains(t.span)).collect();
    if terms.iter().any(|t| t.quoted) {
        return None;
    }
    // Labels that are loaded go whole ("radical", "the country's most reckless … demagogue").
    let mut cuts: Vec<(Span, String)> = terms.iter().map(|t| (t.span, t.neutral.clone())).collect();
    cuts.extend(
        cut.iter()
            .filter(|c| span.contains(**c))
            .map(|c| (*c, String::new())),
    );
    for l in an
        .labels
        .iter()
        .filter(|l| l.loaded && span.contains(l.span))
    {
        if l.kind == parallax_core::LabelKind::Modifier {
            cuts.push((l.span, String::new()));
        }
    }
    cuts.sort_by_key(|c| c.0);
    let mut out = String::new();
    let mut pos = span.start;
    for (s, repl) in cuts {
        if s.start < pos {
            continue;
        }
        out.push_str(story.text(a, Span::new(pos, s.start)));
        out.push_str(&repl);
        pos = s.end;
    }
    out.push_str(story.text(a, Span::new(pos, span.end)));
    let cleaned = tidy(&out);
    // Check: nothing from the lexicon survives.
    let toks = parallax_analyze::tokens::tokenize(&cleaned);
    let lower: Vec<String> = toks.iter().map(|t| t.lower()).collect();
    if !parallax_analyze::loaded::find(&toks, &lower, &[]).is_empty() {
        return None;
    }
    Some(cleaned)
}

fn tidy(s: &str) -> String {
    let mut t = s.split_whitespace().collect::<Vec<_>>().join(" ");
    for (from, to) in [
        (" ,", ","),
        (" .", "."),
        ("( ", "("),
        (" )", ")"),
        (", ,", ","),
    ] {
        t = t.replace(from, to);
    }
    // "an leftist" → "an" before a consonant after a drop is rare; fix the common article error.
    let mut words: Vec<String> = t.split(' ').map(str::to_string).collect();
    for i in 0..words.len().saturating_sub(1) {
        let next_vowel = words[i + 1]
            .chars()
            .next()
            .is_some_and(|c| "aeiouAEIOU".contains(c));
        if words[i].eq_ignore_ascii_case("a") && next_vowel {
            words[i].push('n');
        } else if words[i].eq_ignore_ascii_case("an") && !next_vowel {
            words[i].pop();
        }
    }
    words.join(" ")
}

fn lower_first(story: &Story<'_>, a: usize, span: Span, text: &str) -> String {
    let starts_with_name = story.analyses[a]
        .mentions
        .iter()
        .any(|m| m.span.start == span.start);
    let mut cs = text.chars();
    match cs.next() {
        Some(c) if !starts_with_name && c.is_uppercase() && !text.starts_with("I ") => {
            c.to_lowercase().chain(cs).collect()
        }
        _ => text.to_string(),
    }
}
