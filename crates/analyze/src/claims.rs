//! Claims (units of fact, one per sentence) and sentence kinds (reported, opinion, quote,
//! speculation), read from the layers found before.

use std::collections::HashSet;

use parallax_core::{
    Analysis, Claim, LabelKind, LoadedCategory, QuoteKind, SentenceKind, Span, Voice,
};

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
    let mut mention_spans: Vec<(Span, usize)> =
        an.mentions.iter().map(|m| (m.span, m.entity)).collect();
    // Titles and pre-name modifiers count as part of the name: "Transport Minister" says who,
    // not what happened, and must not make two facts about the minister look alike.
    mention_spans.extend(
        an.labels
            .iter()
            .filter(|l| matches!(l.kind, LabelKind::Title | LabelKind::Modifier))
            .map(|l| (l.span, usize::MAX)),
    );
    // Words of time expressions ("March 3", "last year") are values, compared as times, not
    // content: two reports of one event on different days must still look alike.
    mention_spans.extend(an.times.iter().map(|t| (t.span, usize::MAX)));
    mention_spans.sort_by_key(|(s, _)| (s.start, s.end));
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
        // Mentions inside this sentence, from the sorted list (linear over the article,
        // never tokens × mentions: a megabyte-long "sentence" must stay cheap).
        let first = mention_spans.partition_point(|(m, _)| m.start < span.start);
        let inside: Vec<(Span, usize)> = mention_spans[first..]
            .iter()
            .take_while(|(m, _)| m.start < span.end)
            .filter(|(m, _)| span.contains(*m))
            .copied()
            .collect();
        let mut entities: Vec<usize> = inside
            .iter()
            .map(|(_, e)| *e)
            .filter(|&e| e != usize::MAX)
            .collect();
        entities.sort_unstable();
        entities.dedup();
        let mut terms: Vec<String> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        let mut next_mention = 0usize;
        for i in range {
            let w = &doc.lower[i];
            if is_stopword(w) || doc.tokens[i].is_numeric() || w.chars().count() < 3 {
                continue;
            }
            let t = doc.tokens[i].span;
            while next_mention < inside.len() && inside[next_mention].0.end <= t.start {
                next_mention += 1;
            }
            if inside[next_mention..]
                .iter()
                .take_while(|(m, _)| m.start <= t.start)
                .any(|(m, _)| m.contains(t))
            {
                continue;
            }
            let s = concept(&stem(w)).to_string();
            if seen.insert(s.clone()) {
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
