//! Claims (units of fact, one per sentence) and sentence kinds (reported, opinion, quote,
//! speculation), read from the layers found before.

use parallax_core::{Analysis, Claim, LoadedCategory, QuoteKind, SentenceKind, Span, Voice};

use crate::doc::Doc;
use crate::tokens::{concept, is_stopword, stem};

const HEDGES: &[&str] = &[
    "may",
    "might",
    "could",
    "perhaps",
    "possibly",
    "likely",
    "unlikely",
    "suggests",
    "signals",
    "appears",
    "seems",
    "potential",
    "reportedly",
    "allegedly",
];

/// Fill `an.claims` and each sentence's kind from the other layers.
pub fn build(doc: &Doc<'_>, an: &mut Analysis) {
    let mut claims = Vec::new();
    for (si, sent) in an.sentences.iter_mut().enumerate() {
        if sent.kind == SentenceKind::Heading {
            continue;
        }
        let span = sent.span;
        let quoted_bytes: usize = an
            .quotes
            .iter()
            .filter(|q| q.kind != QuoteKind::Indirect)
            .map(|q| overlap(q.outer, span))
            .sum();
        let voice = if quoted_bytes == 0 {
            Voice::Own
        } else if quoted_bytes * 10 >= span.len() * 8 {
            Voice::Quoted
        } else {
            Voice::Mixed
        };
        let range = doc.sentence_tokens(si);
        let own = |s: Span| {
            !an.quotes
                .iter()
                .any(|q| q.kind != QuoteKind::Indirect && q.outer.contains(s))
        };
        let hedged = range
            .clone()
            .any(|i| own(doc.tokens[i].span) && HEDGES.contains(&doc.lower[i].as_str()));
        let opinion = an.loaded.iter().any(|l| {
            !l.quoted && span.contains(l.span) && l.category != LoadedCategory::Speculation
        }) || (voice == Voice::Own
            && doc
                .text
                .get(span.start..span.end)
                .is_some_and(|t| t.trim_end().ends_with('?')));
        sent.kind = match voice {
            Voice::Quoted => SentenceKind::Quote,
            _ if hedged => SentenceKind::Speculation,
            _ if opinion => SentenceKind::Opinion,
            _ => SentenceKind::Reported,
        };
        let mut entities: Vec<usize> = an
            .mentions
            .iter()
            .filter(|m| span.contains(m.span))
            .map(|m| m.entity)
            .collect();
        entities.sort_unstable();
        entities.dedup();
        let mut terms: Vec<String> = Vec::new();
        for i in range {
            let w = &doc.lower[i];
            if is_stopword(w) || doc.tokens[i].is_numeric() || w.chars().count() < 3 {
                continue;
            }
            if an
                .mentions
                .iter()
                .any(|m| m.span.contains(doc.tokens[i].span))
            {
                continue;
            }
            let s = concept(&stem(w)).to_string();
            if !terms.contains(&s) {
                terms.push(s);
            }
        }
        let idx = |spans: Vec<(usize, Span)>| {
            spans
                .into_iter()
                .filter(|(_, s)| span.contains(*s))
                .map(|(i, _)| i)
                .collect::<Vec<_>>()
        };
        claims.push(Claim {
            sentence: si,
            span,
            voice,
            entities,
            terms,
            times: idx(an.times.iter().map(|t| t.span).enumerate().collect()),
            quantities: idx(an.quantities.iter().map(|q| q.span).enumerate().collect()),
            quotes: an
                .quotes
                .iter()
                .enumerate()
                .filter(|(_, q)| q.outer.overlaps(span))
                .map(|(i, _)| i)
                .collect(),
        });
    }
    an.claims = claims;
}

fn overlap(a: Span, b: Span) -> usize {
    let s = a.start.max(b.start);
    let e = a.end.min(b.end);
    e.saturating_sub(s)
}
