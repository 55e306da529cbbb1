//! Quotations and their speakers: direct, partial, embedded posts, and indirect speech.
//!
//! Quote marks are paired per paragraph (curly, straight, guillemets); an opening mark with no
//! partner runs to the end of its paragraph. The speaker is the subject of the nearest verb of
//! saying outside the quote, looking after the quote first when the quote opens the sentence.
//! A quote with no verb continues the previous quote's speaker in the same or previous paragraph.

use parallax_core::{Entity, EntityKind, Mention, MentionForm, Quote, QuoteKind, Span, Speaker};

use crate::doc::Doc;
use crate::gazetteer::{self, is_speech_verb};

const PRONOUNS: &[&str] = &["he", "she", "they", "i", "we"];
/// Documents that "state" or "say" words ("the letter stated"): the source of the words, which is
/// no person, and never a reason to give them to someone named nearby.
const DOCUMENTS: &[&str] = &[
    "letter",
    "statement",
    "report",
    "complaint",
    "indictment",
    "filing",
    "memo",
    "lawsuit",
    "ruling",
    "document",
    "release",
];
const ANON_SPEAKERS: &[&str] = &[
    "user",
    "users",
    "official",
    "officials",
    "source",
    "sources",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "analyst",
    "analysts",
    "expert",
    "experts",
    "resident",
    "residents",
    "witness",
    "witnesses",
    "aide",
    "aides",
    "diplomat",
    "diplomats",
    "observer",
    "observers",
    "commenter",
    "critic",
    "critics",
    "supporter",
    "supporters",
];

/// Find quotations in the text and attribute them.
pub fn find(
    doc: &Doc<'_>,
    paragraphs: &[Span],
    entities: &[Entity],
    mentions: &[Mention],
) -> Vec<Quote> {
    let mut quotes = Vec::new();
    for p in paragraphs {
        let heading = doc
            .sentences
            .iter()
            .any(|s| s.span == *p && s.kind == parallax_core::SentenceKind::Heading);
        if !heading {
            quotes.extend(marked_quotes(doc.text, *p));
        }
    }
    quotes.extend(embedded_posts(doc, paragraphs, entities, mentions));
    quotes.sort_by_key(|q| q.outer);
    // Drop marked quotes inside an embedded post: the post is the quotation.
    let embedded: Vec<Span> = quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Embedded)
        .map(|q| q.outer)
        .collect();
    quotes
        .retain(|q| q.kind == QuoteKind::Embedded || !embedded.iter().any(|e| e.contains(q.outer)));
    let mut last_speaker: Option<(Speaker, usize)> = None;
    for qi in 0..quotes.len() {
        if quotes[qi].kind == QuoteKind::Embedded {
            continue;
        }
        let outer = quotes[qi].outer;
        let si = doc
            .sentences
            .iter()
            .position(|s| s.span.overlaps(outer))
            .unwrap_or(usize::MAX);
        let others: Vec<Span> = quotes.iter().map(|q| q.outer).collect();
        let found = attribute(doc, si, outer, &others, entities, mentions);
        let para = doc.sentences.get(si).map_or(0, |s| s.paragraph);
        let kind = classify(doc, si, quotes[qi].span, outer);
        quotes[qi].kind = kind;
        match found {
            Some((speaker, verb)) => {
                quotes[qi].speaker = Some(speaker.clone());
                quotes[qi].verb = verb;
                last_speaker = Some((speaker, para));
            }
            None => {
                if let Some((s, p)) = &last_speaker
                    && para <= p + 1
                    && kind == QuoteKind::Direct
                {
                    quotes[qi].speaker = Some(s.clone());
                }
            }
        }
    }
    quotes.extend(indirect(doc, &quotes, entities, mentions));
    quotes.sort_by_key(|q| q.outer);
    continue_speakers(doc, &mut quotes);
    quotes
}

/// A direct quotation with no attribution of its own that follows someone's reported words in
/// the same or the previous paragraph continues them ("…, Ortega said." then a paragraph that
/// is all quotation): it takes that speaker.
fn continue_speakers(doc: &Doc<'_>, quotes: &mut [Quote]) {
    let para = |span: Span| {
        doc.sentences
            .iter()
            .find(|s| s.span.overlaps(span))
            .map(|s| s.paragraph)
    };
    let mut last: Option<(Speaker, usize)> = None;
    for q in quotes.iter_mut() {
        let Some(p) = para(q.outer) else { continue };
        match &q.speaker {
            Some(s) => last = Some((s.clone(), p)),
            None if q.kind == QuoteKind::Direct => {
                if let Some((s, lp)) = &last
                    && p <= lp + 1
                {
                    q.speaker = Some(s.clone());
                }
            }
            None => {}
        }
    }
}

/// Pair quotation marks within one paragraph.
fn marked_quotes(text: &str, para: Span) -> Vec<Quote> {
    let Some(ptext) = para.slice(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    let chars: Vec<(usize, char)> = ptext.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let prev = k.checked_sub(1).map(|k| chars[k].1);
        let next = chars.get(k + 1).map(|x| x.1);
        match (open, c) {
            (None, '“' | '«' | '„') => open = Some((i, c)),
            (None, '"') if prev.is_none_or(|p| !p.is_alphanumeric()) => open = Some((i, c)),
            (None, '‘')
                if prev.is_none_or(char::is_whitespace)
                    && next.is_some_and(char::is_alphanumeric) =>
            {
                open = Some((i, c))
            }
            (Some((s, o)), _) if closes(o, c, next) => {
                let inner = Span::new(para.start + s + o.len_utf8(), para.start + i);
                let outer = Span::new(para.start + s, para.start + i + c.len_utf8());
                if !inner.is_empty() {
                    out.push(new_quote(text, inner, outer));
                }
                open = None;
            }
            _ => {}
        }
    }
    if let Some((s, o)) = open {
        // Unbalanced: the quotation runs to the end of the paragraph.
        let inner = Span::new(para.start + s + o.len_utf8(), para.end);
        if !inner.is_empty() {
            out.push(new_quote(text, inner, Span::new(para.start + s, para.end)));
        }
    }
    out
}

fn closes(open: char, c: char, next: Option<char>) -> bool {
    match open {
        '“' | '„' => c == '”',
        '«' => c == '»',
        '"' => c == '"',
        '‘' => c == '’' && next.is_none_or(|n| !n.is_alphanumeric()),
        _ => false,
    }
}

fn new_quote(text: &str, inner: Span, outer: Span) -> Quote {
    // Trim spaces inside the marks.
    let s = inner.slice(text).unwrap_or("");
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    Quote {
        span: Span::new(inner.start + lead, inner.end - trail),
        outer,
        kind: QuoteKind::Direct,
        speaker: None,
        verb: None,
    }
}

/// Direct when the quote is a sentence of its own or most of one; partial when it is a few
/// words inside the outlet's sentence.
fn classify(doc: &Doc<'_>, si: usize, inner: Span, outer: Span) -> QuoteKind {
    let Some(sent) = doc.sentences.get(si) else {
        return QuoteKind::Direct;
    };
    let words = inner
        .slice(doc.text)
        .unwrap_or("")
        .split_whitespace()
        .count();
    let sent_words = sent
        .span
        .slice(doc.text)
        .unwrap_or("")
        .split_whitespace()
        .count()
        .max(1);
    let starts_cap = inner
        .slice(doc.text)
        .unwrap_or("")
        .chars()
        .next()
        .is_some_and(char::is_uppercase);
    let at_start = outer.start <= sent.span.start + 1;
    if at_start || (starts_cap && words >= 5) || words * 2 >= sent_words {
        QuoteKind::Direct
    } else {
        QuoteKind::Partial
    }
}

/// Find the speaker of a quote in sentence `si`: (speaker, verb span).
fn attribute(
    doc: &Doc<'_>,
    si: usize,
    outer: Span,
    quotes: &[Span],
    entities: &[Entity],
    mentions: &[Mention],
) -> Option<(Speaker, Option<Span>)> {
    let sent = doc.sentences.get(si)?;
    let range = doc.sentence_tokens(si);
    let outside = |i: usize| !quotes.iter().any(|q| q.contains(doc.tokens[i].span));
    let verbs: Vec<usize> = range
        .clone()
        .filter(|&i| outside(i) && is_speech_verb(&doc.lower[i]))
        .collect();
    let quote_first = outer.start <= sent.span.start + 1;
    let after: Vec<usize> = verbs
        .iter()
        .copied()
        .filter(|&v| doc.tokens[v].span.start >= outer.end)
        .collect();
    let before: Vec<usize> = verbs
        .iter()
        .copied()
        .filter(|&v| doc.tokens[v].span.end <= outer.start)
        .collect();
    let mut order: Vec<usize> = Vec::new();
    if quote_first {
        order.extend(after.iter().take(1));
        order.extend(before.iter().rev().take(1));
    } else {
        order.extend(before.iter().rev().take(1));
        order.extend(after.iter().take(1));
    }
    for v in order {
        let subject = if doc.tokens[v].span.start >= outer.end {
            // “…,” Park said / “…,” said Park
            speaker_between(
                doc,
                outer.end,
                doc.tokens[v].span.start,
                quotes,
                entities,
                mentions,
            )
            .or_else(|| speaker_after(doc, v, range.end, entities, mentions))
        } else {
            speaker_before(doc, range.start, v, quotes, entities, mentions)
        };
        if let Some(s) = subject {
            return Some((s, Some(doc.tokens[v].span)));
        }
    }
    None
}

fn mention_speaker(m: &Mention, entities: &[Entity], verb_word: Option<&str>) -> Option<Speaker> {
    let e = entities.get(m.entity)?;
    if !matches!(e.kind, EntityKind::Person | EntityKind::Organization) {
        return None;
    }
    Some(Speaker {
        span: m.span,
        entity: Some(m.entity),
        role: role_of(e, verb_word),
    })
}

fn role_of(e: &Entity, verb_word: Option<&str>) -> String {
    let posted = verb_word.is_some_and(|v| v.starts_with("post") || v.starts_with("tweet"));
    if posted {
        "social_media".into()
    } else if e.kind == EntityKind::Organization {
        if gazetteer::has(&gazetteer::ORGANIZATIONS, &e.key) || e.key.ends_with("news") {
            "media".into()
        } else {
            "official".into()
        }
    } else {
        "other".into()
    }
}

/// The nearest person/organisation mention, pronoun or anonymous descriptor in `[from, to)`.
fn speaker_between(
    doc: &Doc<'_>,
    from: usize,
    to: usize,
    quotes: &[Span],
    entities: &[Entity],
    mentions: &[Mention],
) -> Option<Speaker> {
    let span = Span::new(from, to);
    let candidates: Vec<(&Mention, Speaker)> = mentions
        .iter()
        .filter(|m| span.contains(m.span) && !quotes.iter().any(|q| q.contains(m.span)))
        .filter_map(|m| mention_speaker(m, entities, None).map(|s| (m, s)))
        .collect();
    // The nearest mention before the verb, unless it only describes someone named before it
    // ("Dana Pruitt, chair of the Harbor Committee, said"; "Ivo Kral, chief executive of
    // Korvane Air, said"; "Ann Lee, wife of Tom Lee, said"): then that one.
    let nearest = candidates.iter().max_by_key(|(m, _)| m.span.end);
    let best = match nearest {
        Some((m, _)) if described_by(doc, m.span) => candidates
            .iter()
            .filter(|(p, _)| p.span.end <= m.span.start && !described_by(doc, p.span))
            .max_by_key(|(p, _)| p.span.end)
            .or(nearest),
        _ => nearest,
    }
    .map(|(m, s)| (m.span.end, s.clone()));
    let t0 = doc.token_at_or_after(from);
    let t1 = doc.token_at_or_after(to);
    let mut alt: Option<(usize, Speaker)> = None;
    for i in t0..t1 {
        if quotes.iter().any(|q| q.contains(doc.tokens[i].span)) {
            continue;
        }
        if let Some(s) = descriptor_or_pronoun(doc, i) {
            // A document speaks only as the verb's own subject ("the letter stated"), not as
            // the object or an aside ("Ortega released a statement saying").
            let end = doc.tokens[i].span.end;
            let subject = doc.text.get(end..to).is_some_and(|g| g.trim().is_empty());
            if s.role != "document" || subject {
                alt = Some((end, s));
            }
        }
    }
    match (best, alt) {
        (Some(b), Some(a)) => Some(if a.0 > b.0 { a.1 } else { b.1 }),
        (b, a) => b.or(a).map(|x| x.1),
    }
}

/// Whether the words right before `span` make it a description of someone named earlier: "of"
/// (with "the"), "at" or "for" after a comma-led role ("chair of the …", "professor at …").
fn described_by(doc: &Doc<'_>, span: Span) -> bool {
    use crate::tokens::ends_with_ignore_case;
    // Only the words of the sentence `span` is in.
    let start = doc
        .sentences
        .iter()
        .find(|s| s.span.contains(span))
        .map_or(span.start, |s| s.span.start);
    let before = doc.text.get(start..span.start).unwrap_or("").trim_end();
    let before = before.strip_suffix(" the").unwrap_or(before);
    [" of", " at", " for", " with"]
        .iter()
        .any(|w| ends_with_ignore_case(before, w))
        && before.contains(',')
}

fn speaker_before(
    doc: &Doc<'_>,
    sent_start: usize,
    verb: usize,
    quotes: &[Span],
    entities: &[Entity],
    mentions: &[Mention],
) -> Option<Speaker> {
    let from = doc.tokens.get(sent_start)?.span.start;
    let to = doc.tokens[verb].span.start;
    // "Trump took aim at the companies for … Republicans -- saying that “…”": a participle
    // after a comma or dash says what the sentence's subject said, not the nearest name.
    let participle = doc.lower[verb].ends_with("ing")
        && verb > 0
        && doc
            .gap(verb - 1, verb)
            .contains([',', '-', '\u{2014}', '\u{2013}']);
    if participle
        && let Some(m) = mentions
            .iter()
            .filter(|m| m.span.start >= from && m.span.end <= to)
            .filter(|m| !quotes.iter().any(|q| q.contains(m.span)))
            .find(|m| mention_speaker(m, entities, None).is_some())
        && let Some(mut s) = mention_speaker(m, entities, Some(&doc.lower[verb]))
    {
        s.role = role_of(&entities[m.entity], Some(&doc.lower[verb]));
        return Some(s);
    }
    // Prefer the clause subject right before the verb; fall back to the sentence subject.
    speaker_between(doc, from, to, quotes, entities, mentions).map(|mut s| {
        s.role = match s.entity.and_then(|e| entities.get(e)) {
            Some(e) => role_of(e, Some(&doc.lower[verb])),
            None => s.role,
        };
        s
    })
}

fn speaker_after(
    doc: &Doc<'_>,
    verb: usize,
    end: usize,
    entities: &[Entity],
    mentions: &[Mention],
) -> Option<Speaker> {
    let from = doc.tokens[verb].span.end;
    let to = doc
        .tokens
        .get(end.min(doc.tokens.len()).saturating_sub(1))?
        .span
        .end;
    let next_tok = verb + 1;
    let near: Vec<&Mention> = mentions
        .iter()
        .filter(|m| m.span.start >= from && m.span.end <= to)
        .filter(|m| {
            doc.tokens
                .get(next_tok)
                .is_some_and(|t| m.span.start <= t.span.end + 40)
        })
        .collect();
    // "said former Housing and Urban Development Secretary Ana Ruiz": the person named, not a
    // department or body before the name.
    let person = near.iter().find(|m| {
        entities
            .get(m.entity)
            .is_some_and(|e| e.kind == EntityKind::Person)
    });
    person
        .or(near.first())
        .and_then(|m| mention_speaker(m, entities, Some(&doc.lower[verb])))
}

/// "one user", "a spokesman", "officials", or a pronoun at token `i`.
fn descriptor_or_pronoun(doc: &Doc<'_>, i: usize) -> Option<Speaker> {
    let w = &*doc.lower[i];
    if PRONOUNS.contains(&w) {
        return Some(Speaker {
            span: doc.tokens[i].span,
            entity: None,
            role: "pronoun".into(),
        });
    }
    let det = |k: usize| {
        matches!(
            &*doc.lower[k],
            "the" | "a" | "an" | "this" | "that" | "its" | "their"
        )
    };
    if DOCUMENTS.contains(&w) && i > 0 && det(i - 1) {
        return Some(Speaker {
            span: Span::new(doc.tokens[i - 1].span.start, doc.tokens[i].span.end),
            entity: None,
            role: "document".into(),
        });
    }
    if ANON_SPEAKERS.contains(&w) {
        let det = i.checked_sub(1).filter(|&k| {
            matches!(
                &*doc.lower[k],
                "one" | "a" | "an" | "some" | "the" | "several" | "many"
            )
        });
        let start = det.map_or(doc.tokens[i].span.start, |k| doc.tokens[k].span.start);
        let role = if w.starts_with("user") || w.starts_with("comment") {
            "social_media"
        } else {
            "anonymous"
        };
        return Some(Speaker {
            span: Span::new(start, doc.tokens[i].span.end),
            entity: None,
            role: role.into(),
        });
    }
    None
}

/// Resolve pronoun speakers to the subject (first person mentioned) of the sentence,
/// or of the previous sentence when the pronoun opens its own.
pub fn resolve_pronouns(
    doc: &Doc<'_>,
    quotes: &mut [Quote],
    entities: &[Entity],
    mentions: &mut Vec<Mention>,
) {
    for q in quotes.iter_mut() {
        let Some(sp) = q.speaker.as_mut() else {
            continue;
        };
        if sp.role != "pronoun" {
            continue;
        }
        // "they" and "we" speak for several: never one named person.
        if matches!(
            sp.span.slice(doc.text).map(str::to_lowercase).as_deref(),
            Some("they" | "we")
        ) {
            continue;
        }
        let si = doc.sentences.iter().position(|s| s.span.contains(sp.span));
        let Some(si) = si else { continue };
        let person_in = |s: usize, before: usize| {
            let span = doc.sentences[s].span;
            mentions
                .iter()
                .filter(|m| {
                    span.contains(m.span) && m.span.end <= before && m.form != MentionForm::Pronoun
                })
                .find(|m| {
                    entities
                        .get(m.entity)
                        .is_some_and(|e| e.kind == EntityKind::Person)
                })
                .map(|m| m.entity)
        };
        let found = person_in(si, sp.span.start)
            .or_else(|| (0..si).rev().take(2).find_map(|s| person_in(s, usize::MAX)));
        if let Some(e) = found {
            sp.entity = Some(e);
            sp.role = role_of(&entities[e], None);
            mentions.push(Mention {
                entity: e,
                span: sp.span,
                form: MentionForm::Pronoun,
            });
        }
    }
    mentions.sort_by_key(|m| m.span);
}

/// Embedded posts: paragraphs up to a signature line "— Name (@handle) Date".
fn embedded_posts(
    doc: &Doc<'_>,
    paragraphs: &[Span],
    entities: &[Entity],
    mentions: &[Mention],
) -> Vec<Quote> {
    let mut out = Vec::new();
    for (pi, p) in paragraphs.iter().enumerate() {
        let ptext = p.slice(doc.text).unwrap_or("");
        let Some(dash) = ptext.rfind(['—', '–']) else {
            continue;
        };
        let sig = &ptext[dash..];
        if !(sig.contains("(@") && sig.contains(')')) {
            continue;
        }
        // The post starts after the paragraph that introduces it (ends with ':'), at most 8 back.
        let mut first = pi;
        while first > 0 && pi - first < 8 {
            let prev = paragraphs[first - 1].slice(doc.text).unwrap_or("");
            if prev.trim_end().ends_with(':') {
                break;
            }
            first -= 1;
        }
        let start = paragraphs[first].start;
        let end = p.start + dash;
        let inner_text = doc.text.get(start..end).unwrap_or("");
        let inner = Span::new(start, start + inner_text.trim_end().len());
        let sig_span = Span::new(p.start + dash, p.end);
        let speaker = mentions
            .iter()
            .find(|m| sig_span.contains(m.span))
            .and_then(|m| {
                entities.get(m.entity).map(|_| Speaker {
                    span: m.span,
                    entity: Some(m.entity),
                    role: "social_media".into(),
                })
            });
        out.push(Quote {
            span: inner,
            outer: Span::new(start, p.end),
            kind: QuoteKind::Embedded,
            speaker,
            verb: None,
        });
    }
    out
}

/// Indirect speech: "…, NAME[, appositive,] told/said X." and "NAME said (that) …" without marks.
fn indirect(
    doc: &Doc<'_>,
    quotes: &[Quote],
    entities: &[Entity],
    mentions: &[Mention],
) -> Vec<Quote> {
    let mut out = Vec::new();
    for (si, sent) in doc.sentences.iter().enumerate() {
        if quotes.iter().any(|q| q.outer.overlaps(sent.span)) {
            continue;
        }
        let r = doc.sentence_tokens(si);
        for v in r.clone() {
            if !matches!(
                &*doc.lower[v],
                "said"
                    | "told"
                    | "says"
                    | "tells"
                    | "wrote"
                    | "stated"
                    | "noted"
                    | "added"
                    | "argued"
                    | "warned"
                    | "claimed"
            ) {
                continue;
            }
            // Subject: last person/org mention before the verb in this sentence.
            let vstart = doc.tokens[v].span.start;
            let before_verb = |kind: EntityKind| {
                mentions
                    .iter()
                    .filter(|m| sent.span.contains(m.span) && m.span.end <= vstart)
                    .rfind(|m| entities.get(m.entity).is_some_and(|e| e.kind == kind))
            };
            let subj =
                before_verb(EntityKind::Person).or_else(|| before_verb(EntityKind::Organization));
            let Some(m) = subj else { continue };
            let before = doc.text.get(sent.span.start..m.span.start).unwrap_or("");
            let (content, kind_ok) = if before.trim_end().ends_with(',') && before.trim().len() > 20
            {
                // Reported clause first: "X signals Y, Park … told the BBC."
                let c = before.trim_end().trim_end_matches(',');
                (Span::new(sent.span.start, sent.span.start + c.len()), true)
            } else {
                // "Park said (that) X."
                let after_start = doc.tokens.get(v + 1).map_or(sent.span.end, |t| {
                    if doc.lower[v + 1] == "that" {
                        doc.tokens
                            .get(v + 2)
                            .map_or(sent.span.end, |t| t.span.start)
                    } else {
                        t.span.start
                    }
                });
                let body = doc.text.get(after_start..sent.span.end).unwrap_or("");
                let body = body.trim_end_matches(['.', '!', '?']);
                // "NAME said that …", or "NAME said …" with the name right before the verb
                // (its subject), reporting a clause of some length.
                let that = doc.lower.get(v + 1).is_some_and(|w| w == "that");
                let adjacent = doc
                    .text
                    .get(m.span.end..vstart)
                    .is_some_and(|g| g.trim().is_empty());
                let ok = (that || adjacent) && body.split_whitespace().count() >= 4;
                (Span::new(after_start, after_start + body.len()), ok)
            };
            if !kind_ok || content.is_empty() {
                continue;
            }
            let role = entities
                .get(m.entity)
                .map_or_else(|| "other".to_string(), |e| role_of(e, None));
            out.push(Quote {
                span: content,
                outer: content,
                kind: QuoteKind::Indirect,
                speaker: Some(Speaker {
                    span: m.span,
                    entity: Some(m.entity),
                    role,
                }),
                verb: Some(doc.tokens[v].span),
            });
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use parallax_core::Article;

    /// The speaker's name of every quotation of `text`.
    fn speakers(text: &str) -> Vec<Option<String>> {
        let a = Article::from_text("a", text);
        let an = crate::analyze(&a);
        an.quotes
            .iter()
            .map(|q| {
                let e = q.speaker.as_ref()?.entity?;
                Some(an.entities[e].name.clone())
            })
            .collect()
    }

    #[test]
    fn a_person_described_by_an_organisation_is_the_speaker() {
        assert_eq!(
            speakers(
                "Dana Pruitt, chair of the Harbor Committee, said the vote \u{201c}was a mistake for every family in the county.\u{201d}"
            ),
            [Some("Dana Pruitt".to_string())]
        );
        assert_eq!(
            speakers(
                "Ivo Kral, chief executive of Korvane Air, said in a statement that \u{201c}we are deeply worried about this bill.\u{201d}"
            ),
            [Some("Ivo Kral".to_string())]
        );
        // A verb of accusing or criticising introduces the words too.
        assert_eq!(
            speakers(
                "On Monday Dana Pruitt accused the ferry company of \u{201c}ignoring every family on the island.\u{201d}"
            ),
            [Some("Dana Pruitt".to_string())]
        );
        // After the verb, the person named rather than the office before the name.
        assert_eq!(
            speakers(
                "\u{201c}We will fix the ferry schedule by spring,\u{201d} said former Harbor and Transit Secretary Dana Pruitt."
            ),
            [Some("Dana Pruitt".to_string())]
        );
        // A paragraph of quotation after someone's reported words continues them.
        assert_eq!(
            speakers(
                "The ferry line will reopen in May, Dana Pruitt said on Monday.\n\n\u{201c}We owe every family on the island a crossing they can trust.\u{201d}"
            ),
            [
                Some("Dana Pruitt".to_string()),
                Some("Dana Pruitt".to_string())
            ]
        );
        // A participle after a comma or dash reports what the sentence's subject said.
        assert_eq!(
            speakers(
                "Dana Pruitt on Monday took aim at Korvane Ferries for ignoring the Harbor Workers Union and fishermen -- saying that \u{201c}too many families are being left behind.\u{201d}"
            ),
            [Some("Dana Pruitt".to_string())]
        );
        // A document's words are not given to the person named before them, nor are "they"'s.
        assert_eq!(
            speakers(
                "Dana Pruitt said the board had failed the island.\n\n\u{201c}Your actions are incompatible with your duty as chair of this board,\u{201d} the letter stated.\n\n\u{201c}We have lost all faith in the ferry plan,\u{201d} they said."
            ),
            [Some("Dana Pruitt".to_string()), None, None]
        );
        // A document that is the object, or an aside, leaves the subject the speaker.
        assert_eq!(
            speakers(
                "Dana Pruitt released a statement late on Tuesday saying: \u{201c}The ferry plan has failed every family on the island.\u{201d}"
            ),
            [Some("Dana Pruitt".to_string())]
        );
        // An organisation that speaks for itself stays the speaker.
        assert_eq!(
            speakers(
                "After long talks with Dana Pruitt, the Harbor Committee said \u{201c}the plan is dead for this year.\u{201d}"
            ),
            [Some("Harbor Committee".to_string())]
        );
    }
}
