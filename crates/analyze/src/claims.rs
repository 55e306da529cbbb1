//! Claims (units of fact, one per sentence) and sentence kinds (reported, opinion, quote,
//! speculation), read from the layers found before.

use std::collections::HashSet;

use parallax_core::{
    Analysis, Claim, LabelKind, LoadedCategory, QuoteKind, SentenceKind, Span, Voice,
};

use crate::doc::Doc;
use crate::tokens::{concept, is_stopword, stem_into};

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
    let mut stem_buf = String::new();
    let times_sorted = an.times.is_sorted_by_key(|t| t.span.start);
    let quantities_sorted = an.quantities.is_sorted_by_key(|q| q.span.start);
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
            .any(|i| HEDGES.contains(&&*doc.lower[i]) && own(doc.tokens[i].span));
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
        // Few terms per sentence: a linear look-up, and a set only for very long sentences.
        let mut seen: HashSet<String> = HashSet::new();
        let mut next_mention = 0usize;
        for i in range {
            let w = &doc.lower[i];
            if doc.tokens[i].is_numeric() || w.chars().count() < 3 || is_stopword(w) {
                continue;
            }
            // "South Korean", "North African": one term, the demonym.
            if matches!(&**w, "south" | "north" | "east" | "west")
                && doc
                    .lower
                    .get(i + 1)
                    .is_some_and(|n| crate::gazetteer::has(&crate::gazetteer::DEMONYMS, n))
            {
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
            stem_into(w, &mut stem_buf);
            let s = concept(&stem_buf);
            let new = if terms.len() < LINEAR_TERMS {
                !terms.iter().any(|t| t == s)
            } else {
                if seen.is_empty() {
                    seen.extend(terms.iter().cloned());
                }
                seen.insert(s.to_string())
            };
            if new {
                terms.push(s.to_string());
            }
        }
        claims.push(Claim {
            sentence: si,
            span,
            voice,
            entities,
            terms,
            times: inside_sorted(&an.times, times_sorted, |t| t.span, span),
            quantities: inside_sorted(&an.quantities, quantities_sorted, |q| q.span, span),
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

/// Sentences with more distinct terms than this switch from a linear look-up to a set.
const LINEAR_TERMS: usize = 32;

/// Indices of the items of `items` (sorted by span) whose span lies inside `span`, in order.
/// `sorted` says whether `items` are sorted by start; when not, all of them are scanned.
fn inside_sorted<T>(
    items: &[T],
    sorted: bool,
    span_of: impl Fn(&T) -> Span,
    span: Span,
) -> Vec<usize> {
    if !sorted {
        return (0..items.len())
            .filter(|&i| span.contains(span_of(&items[i])))
            .collect();
    }
    let first = items.partition_point(|x| span_of(x).start < span.start);
    items[first..]
        .iter()
        .take_while(|x| span_of(x).start <= span.end)
        .enumerate()
        .filter(|(_, x)| span.contains(span_of(x)))
        .map(|(k, _)| first + k)
        .collect()
}

fn overlap(a: Span, b: Span) -> usize {
    let s = a.start.max(b.start);
    let e = a.end.min(b.end);
    e.saturating_sub(s)
}
