//! Quotations and their speakers: direct, partial, embedded posts, and indirect speech.
//!
//! Quote marks are paired per paragraph (curly, straight, guillemets; a curly opening mark may
//! close with a straight one); an opening mark with no partner runs to the end of its
//! paragraph. The speaker is the subject of the nearest verb of saying outside the quote,
//! looking after the quote first when the quote opens the sentence: the phrase right before the
//! verb, the name an aside between commas describes, the clause's subject for a participle or a
//! second verb joined by "and"; never a name after a preposition or a verb, a possessive, or a
//! party or faith word. A quote with no verb takes the attribution of the next sentence, the
//! subject of a colon-ended introduction or of its own sentence, else continues the previous
//! quote's speaker in the same or previous paragraph. Pronouns are resolved by salience
//! ([`resolve_pronouns`]); descriptions and documents once labels are known
//! ([`resolve_descriptions`]).

use parallax_core::{
    Entity, EntityKind, Label, LabelKind, Mention, MentionForm, Quote, QuoteKind, Span, Speaker,
};

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
    let others: Vec<Span> = quotes.iter().map(|q| q.outer).collect();
    for q in quotes.iter_mut() {
        if q.kind == QuoteKind::Embedded {
            continue;
        }
        let outer = q.outer;
        // The first sentence the quotation touches (sentences are in text order).
        let si = doc.sentences.partition_point(|s| s.span.end <= outer.start);
        let si = if doc
            .sentences
            .get(si)
            .is_some_and(|s| s.span.overlaps(outer))
        {
            si
        } else {
            usize::MAX
        };
        let found = attribute(doc, si, outer, &others, entities, mentions);
        let para = doc.sentences.get(si).map_or(0, |s| s.paragraph);
        let kind = classify(doc, si, q.span, outer);
        q.kind = kind;
        match found {
            Some((speaker, verb)) => {
                q.speaker = Some(speaker.clone());
                q.verb = verb;
                last_speaker = Some((speaker, para));
            }
            None => {
                if let Some((speaker, verb)) =
                    unattributed(doc, si, outer, kind, &others, entities, mentions)
                {
                    q.speaker = Some(speaker.clone());
                    q.verb = verb;
                    last_speaker = Some((speaker, para));
                } else if let Some((s, p)) = &last_speaker
                    && para <= p + 1
                    && kind == QuoteKind::Direct
                {
                    q.speaker = Some(s.clone());
                }
            }
        }
    }
    quotes.extend(indirect(doc, &quotes, entities, mentions));
    quotes.sort_by_key(|q| q.outer);
    continue_speakers(doc, &mut quotes);
    quotes
}

/// The speaker of a quotation whose sentence has no verb of saying: the attribution that makes
/// up the next sentence ("“…?” Jon Ek, the panel's chair, asked at a briefing."); the subject of
/// a sentence ending in a colon that introduces it ("The council issued a statement:"); or the
/// subject of its own sentence ("Ek demanded the board “…”", "Ek charged that “…”").
fn unattributed(
    doc: &Doc<'_>,
    si: usize,
    outer: Span,
    kind: QuoteKind,
    quotes: &[Span],
    entities: &[Entity],
    mentions: &[Mention],
) -> Option<(Speaker, Option<Span>)> {
    let sent = doc.sentences.get(si)?;
    let is_quote = |t: usize| within(quotes, doc.tokens[t].span);
    // The next sentence is only an attribution.
    if outer.end + 2 >= sent.span.end
        && let Some(next) = doc.sentences.get(si + 1)
        && next.paragraph == sent.paragraph
    {
        let r = doc.sentence_tokens(si + 1);
        let verb = r
            .clone()
            .take(14)
            .take_while(|&t| !is_quote(t))
            .find(|&t| is_speech_verb(&doc.lower[t]));
        if let Some(v) = verb
            && r.end - v <= 9
            && doc.lower.get(v + 1).is_none_or(|w| w != "that")
            && let Some(s) = subject_of(doc, next.span.start, v, quotes, entities, mentions)
        {
            return Some((s, Some(doc.tokens[v].span)));
        }
    }
    let first_subject = |from: usize, to: usize| {
        candidates(doc, from, to, quotes, entities, mentions)
            .into_iter()
            .find(|c| c.speaker.role != "document" && subject_position(doc, c.start, c.end, from))
            .map(|c| c.speaker)
    };
    // A colon at the end of the sentence before introduces the quotation.
    if outer.start <= sent.span.start + 1
        && let Some(prev) = si.checked_sub(1).and_then(|p| doc.sentences.get(p))
        && sent.paragraph <= prev.paragraph + 1
        && prev
            .span
            .slice(doc.text)
            .is_some_and(|t| t.trim_end().ends_with(':'))
    {
        let end = prev.span.end.min(prev.span.start + REACH);
        return first_subject(prev.span.start, end).map(|s| (s, None));
    }
    // Only when no verb of saying in the sentence names someone else or something ("the
    // charter, which states").
    let r = doc.sentence_tokens(si);
    let verbless = !(doc
        .token_at_or_after(outer.start.saturating_sub(REACH))
        .max(r.start)..doc.token_at_or_after(outer.end + REACH).min(r.end))
        .any(|t| !is_quote(t) && is_speech_verb(&doc.lower[t]));
    let words = outer
        .slice(doc.text)
        .unwrap_or("")
        .split_whitespace()
        .count();
    if (kind == QuoteKind::Direct || words >= 4) && verbless && outer.start > sent.span.start + 1 {
        let from = doc
            .tokens
            .get(doc.token_at_or_after(outer.start.saturating_sub(REACH)))
            .map_or(sent.span.start, |t| t.span.start.max(sent.span.start));
        // The main clause's subject, the last one before the quotation: an opening clause
        // ("After the site, Starcast, was removed, he issued a plea to “…”") names others.
        return candidates(doc, from, outer.start, quotes, entities, mentions)
            .into_iter()
            .rfind(|c| {
                c.speaker.role != "document"
                    && subject_position(doc, c.start, c.end, from)
                    && opens_clause(doc, c.start, from)
            })
            .map(|c| (c.speaker, None));
    }
    None
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
            (Some((s, o)), _) if closes(o, c, next) || mixed(o, c, &ptext[i..]) => {
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

/// A curly opening mark closed by a straight one when no curly closing mark follows in the
/// paragraph ("“We will win," she said), and a straight opening mark closed by a curly one.
fn mixed(open: char, c: char, rest: &str) -> bool {
    match (open, c) {
        ('“', '"') => !rest.contains('”'),
        ('"', '”') => true,
        _ => false,
    }
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
    // A quotation of several sentences is attributed in the sentence where it ends ("“… .
    // …,” Lee said.").
    let last = (si..doc.sentences.len())
        .take_while(|&k| doc.sentences[k].span.start < outer.end)
        .last()
        .unwrap_or(si);
    let range = doc.sentence_tokens(si).start..doc.sentence_tokens(last).end;
    // Verbs near the quotation only: a sentence of a megabyte must stay cheap.
    let near = doc
        .token_at_or_after(outer.start.saturating_sub(REACH))
        .max(range.start)..doc.token_at_or_after(outer.end + REACH).min(range.end);
    let outside = |i: usize| !within(quotes, doc.tokens[i].span);
    let verbs: Vec<usize> = near
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
    let sent_start = doc.tokens.get(range.start)?.span.start;
    for v in order {
        let vspan = doc.tokens[v].span;
        let subject = if vspan.start >= outer.end {
            // "…," Park said / "…," said Park; a participle after the quote reports what the
            // sentence's subject said ("He called it “a disgrace,” adding …").
            let from = if doc.lower[v].ends_with("ing") {
                sent_start
            } else {
                outer.end
            };
            subject_of(doc, from, v, quotes, entities, mentions)
                .or_else(|| speaker_after(doc, v, range.end, entities, mentions))
        } else {
            // Park said "…" / Her words, said Park, were "…"
            subject_of(doc, sent_start, v, quotes, entities, mentions).or_else(|| {
                let inverted = v > range.start && doc.gap(v - 1, v).contains(',');
                inverted
                    .then(|| speaker_after(doc, v, range.end, entities, mentions))
                    .flatten()
            })
        };
        if let Some(mut s) = subject {
            if let Some(e) = s.entity.and_then(|e| entities.get(e)) {
                s.role = role_of(e, Some(&doc.lower[v]));
            }
            return Some((s, Some(vspan)));
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

/// Whether `s` lies inside one of `quotes` (sorted by start; a few may nest).
fn within(quotes: &[Span], s: Span) -> bool {
    let k = quotes.partition_point(|q| q.start <= s.start);
    quotes[..k].iter().rev().take(4).any(|q| q.contains(s))
}

/// Bytes before a verb or a quotation in which its subject or attribution is looked for: a
/// subject is never further from its verb than a long aside.
const REACH: usize = 600;

/// A possible subject of a verb of saying: a person or organisation named, a pronoun, an
/// anonymous or role descriptor, or a document.
#[derive(Clone)]
struct Cand {
    start: usize,
    end: usize,
    speaker: Speaker,
}

/// Names that only say which party, faith or chamber someone belongs to ("Republican of Ohio",
/// "a House Democrat", "who is a Mormon"): a description, never the speaker.
const GROUP_WORDS: &[&str] = &[
    "democrat",
    "democrats",
    "democratic",
    "republican",
    "republicans",
    "gop",
    "conservative",
    "conservatives",
    "liberal",
    "liberals",
    "progressive",
    "progressives",
    "independent",
    "independents",
    "libertarian",
    "libertarians",
    "mormon",
    "mormons",
    "catholic",
    "catholics",
    "muslim",
    "muslims",
    "christian",
    "christians",
    "evangelical",
    "evangelicals",
    "jew",
    "jews",
    "jewish",
    "house",
    "senate",
    "state",
    "another",
    "other",
    "congressional",
    "fellow",
];

/// True when every word of the entity's key is a party, faith or chamber word.
fn generic(e: &Entity) -> bool {
    e.key.split(' ').all(|w| GROUP_WORDS.contains(&w))
}

/// Words after which a name is an object or a complement, not the subject of a verb.
const NON_SUBJECT_BEFORE: &[&str] = &[
    "of",
    "for",
    "at",
    "with",
    "in",
    "on",
    "from",
    "by",
    "to",
    "about",
    "against",
    "under",
    "over",
    "into",
    "onto",
    "toward",
    "towards",
    "than",
    "like",
    "between",
    "among",
    "including",
    "via",
    "a",
    "an",
    "after",
    "before",
    "during",
    "behind",
    "through",
    "without",
    "within",
    "per",
    "told",
    "asked",
    "met",
    "let",
    "thank",
    "urge",
    "join",
    "joins",
    "joined",
    "whom",
];

/// Words that may stand between a subject and its verb ("Ortega also said", "Ortega on Monday
/// said").
fn skippable(w: &str) -> bool {
    (w.ends_with("ly") && w.len() > 3)
        || matches!(
            w,
            "also"
                | "then"
                | "later"
                | "again"
                | "has"
                | "had"
                | "have"
                | "once"
                | "previously"
                | "first"
                | "further"
                | "still"
                | "even"
                | "too"
                | "would"
                | "will"
                | "on"
                | "monday"
                | "tuesday"
                | "wednesday"
                | "thursday"
                | "friday"
                | "saturday"
                | "sunday"
                | "today"
                | "yesterday"
                | "tonight"
                | "morning"
                | "afternoon"
                | "evening"
                | "night"
                | "himself"
                | "herself"
                | "themselves"
                | "itself"
        )
}

/// True when punctuation in `gap` ends a phrase.
fn breaks(gap: &str) -> bool {
    gap.contains([
        ',', ';', ':', '(', ')', '"', '“', '”', '\u{2014}', '\u{2013}', '―', '?', '!',
    ]) || gap.contains("--")
}

/// Whether the name or phrase starting at byte `start` stands where a subject stands: at the
/// start of its clause, after a conjunction, not after a preposition, an article or a verb.
fn subject_position(doc: &Doc<'_>, start: usize, end: usize, from: usize) -> bool {
    // A possessive is a determiner ("Rice's comments"), not a subject.
    let tail = doc.text.get(..end).unwrap_or("");
    let next = doc.text.get(end..).unwrap_or("");
    if tail.ends_with("'s")
        || tail.ends_with("’s")
        || next.starts_with("'s")
        || next.starts_with("’s")
        || next.starts_with("' ")
        || next.starts_with("’ ")
    {
        return false;
    }
    let mut j = doc.token_at_or_after(start);
    let first = j;
    loop {
        // A dozen capitalised words back is as far as one name and its titles go.
        if j == 0 || doc.tokens[j - 1].span.start < from || first - j > 12 {
            return true;
        }
        let gap = doc.gap(j - 1, j);
        let w = &*doc.lower[j - 1];
        // A full stop ends the sentence before, unless it ends a title ("Mr. Lee").
        let stop = gap.contains('.') && !gazetteer::has(&gazetteer::TITLES, &format!("{w}."));
        if breaks(gap) || stop {
            return true;
        }
        let title_like = modifies_name(w);
        // "at CNN and MSNBC": a name joined to a name shares its place in the clause.
        let joined = matches!(w, "and" | "or")
            && j >= 2
            && doc.tokens[j - 2].is_capitalized()
            && !breaks(doc.gap(j - 2, j - 1));
        if doc.tokens[j - 1].is_capitalized() || title_like || joined {
            j -= 1;
            continue;
        }
        if NON_SUBJECT_BEFORE.contains(&w) || is_speech_verb(w) {
            return false;
        }
        // A verb before the name makes it an object ("impeaching Mr. Okafor", "praised Ms. Lee").
        return !(w.len() > 4 && (w.ends_with("ed") || w.ends_with("ing")));
    }
}

/// True when the phrase at `start` opens a clause: past its titles and capitalised words comes
/// the start of the sentence (or `from`), punctuation, or a conjunction; not a word of another
/// phrase ("impeach executive branch officials").
fn opens_clause(doc: &Doc<'_>, start: usize, from: usize) -> bool {
    let mut j = doc.token_at_or_after(start);
    loop {
        if j == 0 || doc.tokens[j - 1].span.start < from {
            return true;
        }
        let gap = doc.gap(j - 1, j);
        if breaks(gap) || gap.contains('.') {
            return true;
        }
        let w = &*doc.lower[j - 1];
        if doc.tokens[j - 1].is_capitalized() || modifies_name(w) {
            j -= 1;
            continue;
        }
        return matches!(
            w,
            "and"
                | "but"
                | "or"
                | "while"
                | "when"
                | "as"
                | "because"
                | "since"
                | "so"
                | "then"
                | "after"
                | "before"
                | "if"
                | "though"
                | "although"
                | "once"
                | "until"
                | "yet"
        );
    }
}

/// True when the lower-case word `w` can stand in front of a name as part of its phrase: a
/// title, a label adjective, a demonym or "the".
fn modifies_name(w: &str) -> bool {
    gazetteer::has(&gazetteer::TITLES, w)
        || gazetteer::has(&gazetteer::LABEL_ADJECTIVES, w)
        || gazetteer::has(&gazetteer::DEMONYMS, w)
        || w == "the"
}

/// True when only titles, modifiers and capitalised words stand between `from` and `start`.
fn opens(doc: &Doc<'_>, from: usize, start: usize) -> bool {
    let mut j = doc.token_at_or_after(start);
    while j > 0 && doc.tokens[j - 1].span.start >= from {
        let w = &*doc.lower[j - 1];
        if !(doc.tokens[j - 1].is_capitalized() || modifies_name(w)) {
            return false;
        }
        j -= 1;
    }
    true
}

/// Every possible subject in `[from, to)` outside quotations, in text order.
fn candidates(
    doc: &Doc<'_>,
    from: usize,
    to: usize,
    quotes: &[Span],
    entities: &[Entity],
    mentions: &[Mention],
) -> Vec<Cand> {
    let span = Span::new(from, to);
    let inside = |s: Span| within(quotes, s);
    let first = mentions.partition_point(|m| m.span.start < from);
    let mut out: Vec<Cand> = mentions[first..]
        .iter()
        .take_while(|m| m.span.start < to)
        .filter(|m| span.contains(m.span) && !inside(m.span))
        .filter(|m| {
            entities
                .get(m.entity)
                .is_some_and(|e| !generic(e) && e.key.len() > 1)
        })
        .filter_map(|m| {
            mention_speaker(m, entities, None).map(|s| Cand {
                start: m.span.start,
                end: m.span.end,
                speaker: s,
            })
        })
        .collect();
    let t0 = doc.token_at_or_after(from);
    let t1 = doc.token_at_or_after(to);
    for i in t0..t1 {
        if inside(doc.tokens[i].span) {
            continue;
        }
        if let Some(s) = descriptor_or_pronoun(doc, i)
            && s.span.start >= from
            && !out
                .iter()
                .any(|c| Span::new(c.start, c.end).overlaps(s.span))
        {
            // A descriptor whose last word is a name's part is that name ("the Harbor
            // Committee"), already a candidate.
            out.push(Cand {
                start: s.span.start,
                end: s.span.end,
                speaker: s,
            });
        }
    }
    out.sort_by_key(|c| c.start);
    out
}

/// The subject of the verb of saying at token `v`, looked for in `[from, v)`: the phrase right
/// before the verb; past an aside between commas or dashes to the name it describes ("Jon Ek,
/// Democrat of Ohio and chair of the panel, said"); the clause's subject for a participle or a
/// second verb joined by "and" ("…, saying", "praised X and said"); else the nearest subject.
fn subject_of(
    doc: &Doc<'_>,
    mut from: usize,
    v: usize,
    quotes: &[Span],
    entities: &[Entity],
    mentions: &[Mention],
) -> Option<Speaker> {
    let vstart = doc.tokens[v].span.start;
    if vstart <= from {
        return None;
    }
    if vstart - from > REACH {
        let t = doc.token_at_or_after(vstart - REACH);
        from = doc.tokens.get(t).map_or(from, |t| t.span.start.max(from));
    }
    let cands = candidates(doc, from, vstart, quotes, entities, mentions);
    let subject =
        |c: &&Cand| c.speaker.role != "document" && subject_position(doc, c.start, c.end, from);
    // Walk back over adverbs and times to the word before the verb.
    let mut j = v;
    while j > 0
        && doc.tokens[j - 1].span.start >= from
        && !breaks(doc.gap(j - 1, j))
        && skippable(&doc.lower[j - 1])
        && !cands.iter().any(|c| c.end == doc.tokens[j - 1].span.end)
    {
        j -= 1;
    }
    let gap = if j > 0 { doc.gap(j - 1, j) } else { "" };
    let prev = (j > 0 && doc.tokens[j - 1].span.start >= from).then(|| &*doc.lower[j - 1]);
    if !breaks(gap) {
        match prev {
            // "the Fourteenth Amendment, which states": a thing, no one's words.
            Some("which") => return None,
            // "Ann Lee, who said": the name before the comma.
            Some("who") => {
                let who = doc.tokens[j - 1].span.start;
                return cands
                    .iter()
                    .rfind(|c| c.end <= who && c.speaker.role != "document")
                    .map(|c| c.speaker.clone());
            }
            _ => {}
        }
        if let Some(c) = cands.iter().find(|c| c.end == doc.tokens[j - 1].span.end) {
            return Some(c.speaker.clone());
        }
        // "the council's website said", "Lee's campaign said": a channel or body of someone
        // named speaks for them.
        if j >= 2
            && VOICE_NOUNS.contains(&prev.unwrap_or(""))
            && !breaks(doc.gap(j - 2, j - 1))
            && let Some(c) = cands.iter().find(|c| {
                c.end <= doc.tokens[j - 2].span.end
                    && c.speaker.entity.is_some()
                    && doc
                        .text
                        .get(c.end..doc.tokens[j - 1].span.start)
                        .is_some_and(|g| {
                            let g = g.trim();
                            matches!(g, "'s" | "’s" | "'" | "’")
                        })
            })
        {
            return Some(c.speaker.clone());
        }
    }
    let participle = doc.lower[v].ends_with("ing");
    let joined = !breaks(gap) && matches!(prev, Some("and" | "but" | "then"));
    if participle || joined {
        // With no subject at all, the first phrase, which does the participle ("with one user
        // teasing the mayor, quipping").
        return cands
            .iter()
            .find(subject)
            .or_else(|| {
                cands
                    .iter()
                    .find(|c| participle && c.speaker.role != "document")
            })
            .map(|c| c.speaker.clone());
    }
    if breaks(gap) {
        // Asides between commas or dashes: walk back over them to the phrase they describe.
        let text = doc.text.get(from..vstart).unwrap_or("");
        let mut cuts: Vec<usize> = vec![from];
        for (k, ch) in text.char_indices() {
            let at = from + k;
            let cut = matches!(ch, ',' | ';' | '\u{2014}' | '\u{2013}' | '―')
                || (ch == '-' && text[k..].starts_with("--"));
            if cut && !quotes.iter().any(|q| q.start < at && at < q.end) {
                cuts.push(at + ch.len_utf8());
            }
        }
        cuts.push(vstart);
        for w in cuts.windows(2).rev() {
            let seg = doc.text.get(w[0]..w[1]).unwrap_or("");
            let first = seg
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .chars()
                .next();
            if first.is_none_or(char::is_lowercase) {
                continue;
            }
            // The phrase an aside describes opens its segment ("Representative Jon Ek"); a
            // segment that only mentions someone further in is an aside itself ("Democrat of
            // Ohio and the chair of the panel").
            if let Some(c) = cands
                .iter()
                .filter(|c| c.start >= w[0] && c.end <= w[1])
                .find(|c| opens(doc, w[0], c.start) && subject(c))
            {
                return Some(c.speaker.clone());
            }
        }
    }
    cands.iter().rev().find(subject).map(|c| c.speaker.clone())
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
    // Only a name right after the verb, past titles and capitalised words ("said former Harbor
    // and Transit Secretary Dana Pruitt"), not the object of a preposition ("wrote on Twitter").
    let reach = |m: &Mention| {
        let t = doc.token_at_or_after(m.span.start);
        (verb + 1..t).all(|k| {
            let w = &*doc.lower[k];
            // Descriptive words before the name are fine ("said the mayor's longtime
            // lawyers Ann Lee and Tom Roe"); a preposition or a verb is not.
            !breaks(doc.gap(k - 1, k))
                && k - verb <= 8
                && !NON_SUBJECT_BEFORE.contains(&w)
                && !is_speech_verb(w)
                && !matches!(w, "that" | "which" | "who" | "according" | "as" | "when")
        }) && !breaks(doc.gap(t.saturating_sub(1).max(verb), t))
    };
    let near: Vec<&Mention> = mentions
        .iter()
        .filter(|m| m.span.start >= from && m.span.end <= to)
        .filter(|m| entities.get(m.entity).is_some_and(|e| !generic(e)))
        .take_while(|m| reach(m))
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
    // "the governor", "the House speaker", "the tech giant": a definite description that
    // stands for someone the article names; resolved once labels are known.
    let head = gazetteer::has(&gazetteer::ROLE_NOUNS, w)
        || ROLE_HEADS.contains(&w)
        || ORG_HEADS.contains(&w);
    let next_cap = doc.tokens.get(i + 1).is_some_and(|t| {
        t.is_capitalized() && !breaks(doc.gap(i, i + 1)) && doc.gap(i, i + 1).len() <= 1
    });
    if head && !next_cap {
        let mut k = i;
        while k > 0 && i - k < 4 && !breaks(doc.gap(k - 1, k)) {
            let p = &*doc.lower[k - 1];
            if p == "the" {
                return Some(Speaker {
                    span: Span::new(doc.tokens[k - 1].span.start, doc.tokens[i].span.end),
                    entity: None,
                    role: "description".into(),
                });
            }
            let modifier = doc.tokens[k - 1].is_capitalized()
                || gazetteer::has(&gazetteer::LABEL_ADJECTIVES, p)
                || gazetteer::has(&gazetteer::TITLES, p)
                || p.ends_with("al")
                || p.ends_with("ic")
                || p.ends_with("ial")
                || matches!(p, "tech" | "top" | "senior" | "new" | "house" | "press");
            if !modifier {
                break;
            }
            k -= 1;
        }
    }
    None
}

/// What speaks for someone in their name ("Lee's website said").
const VOICE_NOUNS: &[&str] = &[
    "website",
    "site",
    "account",
    "feed",
    "blog",
    "campaign",
    "office",
    "statement",
    "page",
];

/// Heads of a definite description of a person, beside the general role nouns.
const ROLE_HEADS: &[&str] = &[
    "speaker",
    "senator",
    "senators",
    "lawmakers",
    "hopeful",
    "candidate",
    "congressman",
    "congresswoman",
    "representative",
    "secretary",
    "chairwoman",
    "justice",
    "judge",
    "prosecutor",
    "attorney",
    "commissioner",
    "commissioners",
    "members",
    "representatives",
    "leaders",
    "governors",
    "mayors",
    "executives",
    "lawyers",
    "attorneys",
    "judges",
    "ministers",
];

/// Heads of a definite description of an organisation ("the tech giant", "the company").
const ORG_HEADS: &[&str] = &[
    "giant",
    "company",
    "firm",
    "group",
    "campaign",
    "organization",
    "organisation",
    "agency",
    "administration",
    "network",
    "carrier",
    "airline",
    "automaker",
    "retailer",
];

/// Gender a person's titles or role words say ("Ms. Lee", "congresswoman Ann Lee"): `Some(true)`
/// for a man, `Some(false)` for a woman, `None` when the article does not say or says both.
fn genders(doc: &Doc<'_>, entities: &[Entity], mentions: &[Mention]) -> Vec<Option<bool>> {
    let mut seen: Vec<(bool, bool)> = vec![(false, false); entities.len()];
    let mut mark = |e: usize, male: bool| {
        if let Some(s) = seen.get_mut(e) {
            if male {
                s.0 = true;
            } else {
                s.1 = true;
            }
        }
    };
    for m in mentions {
        let t = doc.token_at_or_after(m.span.start);
        // A full name's first name: "Nancy Pelosi" is a "she" though no title says so.
        let is_person = entities
            .get(m.entity)
            .is_some_and(|e| e.kind == EntityKind::Person);
        if is_person && m.form == MentionForm::Name && t + 1 < doc.lower.len() {
            let first = &*doc.lower[t];
            if gazetteer::has(&gazetteer::MALE_FIRST_NAMES, first) {
                mark(m.entity, true);
            } else if gazetteer::has(&gazetteer::FEMALE_FIRST_NAMES, first) {
                mark(m.entity, false);
            }
        }
        let Some(k) = t.checked_sub(1) else { continue };
        if breaks(doc.gap(k, t)) {
            continue;
        }
        let g = match &*doc.lower[k] {
            "mr." | "mr" | "congressman" | "spokesman" | "chairman" | "husband" | "father"
            | "son" | "brother" | "king" | "prince" | "sir" | "lord" | "businessman" => Some(true),
            "ms." | "ms" | "mrs." | "mrs" | "miss" | "congresswoman" | "spokeswoman"
            | "chairwoman" | "wife" | "mother" | "daughter" | "sister" | "queen" | "princess"
            | "lady" | "businesswoman" => Some(false),
            _ => None,
        };
        if let Some(g) = g {
            mark(m.entity, g);
        }
    }
    seen.into_iter()
        .map(|(m, f)| match (m, f) {
            (true, false) => Some(true),
            (false, true) => Some(false),
            _ => None,
        })
        .collect()
}

/// Resolve "he" and "she" to the most salient compatible person of the last few sentences:
/// people named as subjects weigh more than objects, nearer sentences more than older ones, and
/// a pronoun already resolved passes its person on ("She told the crowd …" then "“…,” she
/// said"). Names inside quotations are never candidates. A pronoun speaker left unresolved is
/// no speaker: "he" or "they" tells a reader nothing.
pub fn resolve_pronouns(
    doc: &Doc<'_>,
    quotes: &mut [Quote],
    entities: &[Entity],
    mentions: &mut Vec<Mention>,
) -> Vec<(Span, usize)> {
    let marked: Vec<Span> = quotes
        .iter()
        .filter(|q| matches!(q.kind, QuoteKind::Direct | QuoteKind::Partial))
        .map(|q| q.outer)
        .collect();
    let inside = |s: Span| within(&marked, s);
    let mut spoke: Vec<Span> = quotes
        .iter()
        .filter_map(|q| q.speaker.as_ref())
        .filter(|s| s.entity.is_some())
        .map(|s| s.span)
        .collect();
    spoke.sort_by_key(|s| (s.start, s.end));
    spoke.dedup();
    let mut gender = genders(doc, entities, mentions);
    // Speakers described by an office ("the presidential hopeful said"): the most salient
    // person is their fallback when no title names them.
    let described: Vec<Span> = quotes
        .iter()
        .filter_map(|q| q.speaker.as_ref())
        .filter(|s| s.role == "description" && office_description(doc, s.span))
        .map(|s| s.span)
        .collect();
    let mut salient: Vec<(Span, usize)> = Vec::new();
    let person = |e: usize| {
        entities
            .get(e)
            .is_some_and(|x| x.kind == EntityKind::Person && !generic(x) && x.key.len() > 1)
    };
    // (sentence, entity, weight) of every person reference so far.
    let mut events: Vec<(usize, usize, f32)> = Vec::new();
    let mut resolved: Vec<(Span, usize)> = Vec::new();
    let mut mi = 0;
    const WINDOW: usize = 8;
    const MAX_EVENTS: usize = 256;
    for (si, sent) in doc.sentences.iter().enumerate() {
        events.retain(|&(s, _, _)| s + WINDOW > si);
        // Bounded work per pronoun, however many names a long stretch holds.
        if events.len() > MAX_EVENTS {
            events.drain(..events.len() - MAX_EVENTS);
        }
        let from = sent.span.start;
        // This sentence's names, pronouns and described speakers, in text order: `Some(e)` a
        // name, `None` a pronoun, `Some(usize::MAX)` a description.
        let mut items: Vec<(Span, Option<usize>)> = Vec::new();
        while mi < mentions.len() && mentions[mi].span.start < sent.span.end {
            let m = &mentions[mi];
            if m.span.start >= from
                && m.form != MentionForm::Pronoun
                && person(m.entity)
                && !inside(m.span)
            {
                items.push((m.span, Some(m.entity)));
            }
            mi += 1;
        }
        for i in doc.sentence_tokens(si) {
            if matches!(&*doc.lower[i], "he" | "she") && !inside(doc.tokens[i].span) {
                items.push((doc.tokens[i].span, None));
            }
        }
        items.extend(
            described
                .iter()
                .filter(|d| sent.span.contains(**d))
                .map(|d| (*d, Some(usize::MAX))),
        );
        items.sort_by_key(|x| x.0);
        for (span, ent) in items {
            // The speaker of a quotation is the subject of its verb, even inverted ("said
            // Ann Lee").
            let weight = if spoke
                .binary_search_by_key(&(span.start, span.end), |s| (s.start, s.end))
                .is_ok()
                || subject_position(doc, span.start, span.end, from)
            {
                2.0
            } else {
                1.0
            };
            // `male`: the pronoun's gender; none for a description, which stands for someone
            // the sentences just before were about, not someone this sentence names.
            let best = |male: Option<bool>| {
                let mut score: Vec<(usize, f32)> = Vec::new();
                for &(s, e, w) in &events {
                    if male
                        .is_some_and(|m| gender.get(e).copied().flatten().is_some_and(|g| g != m))
                        || (male.is_none() && (s == si || s + 2 < si))
                    {
                        continue;
                    }
                    let w = w * 0.5f32.powi((si - s) as i32);
                    match score.iter_mut().find(|x| x.0 == e) {
                        Some(x) => x.1 += w,
                        None => score.push((e, w)),
                    }
                }
                score
                    .iter()
                    .copied()
                    .fold(None, |b: Option<(usize, f32)>, x| match b {
                        Some(b) if b.1 > x.1 => Some(b),
                        _ => Some(x),
                    })
                    .map(|b| b.0)
            };
            let e = match ent {
                Some(usize::MAX) => {
                    if let Some(e) = best(None) {
                        salient.push((span, e));
                    }
                    continue;
                }
                Some(e) => e,
                None => {
                    let male = doc.lower[doc.token_at_or_after(span.start)] == "he";
                    let Some(e) = best(Some(male)) else { continue };
                    resolved.push((span, e));
                    // "she" once said of someone says it for the rest of the article.
                    if let Some(g @ None) = gender.get_mut(e) {
                        *g = Some(male);
                    }
                    e
                }
            };
            events.push((si, e, weight));
        }
    }
    for q in quotes.iter_mut() {
        let Some(sp) = q.speaker.as_mut() else {
            continue;
        };
        if sp.role != "pronoun" {
            continue;
        }
        match resolved.iter().find(|(s, _)| *s == sp.span) {
            Some(&(span, e)) => {
                sp.entity = Some(e);
                sp.role = role_of(&entities[e], None);
                mentions.push(Mention {
                    entity: e,
                    span,
                    form: MentionForm::Pronoun,
                });
            }
            None => q.speaker = None,
        }
    }
    mentions.sort_by_key(|m| m.span);
    mentions.dedup();
    salient
}

/// Whether a described speaker is one person named by an office or candidacy ("the senator",
/// "the presidential hopeful"), which stands for someone the article has been talking about.
fn office_description(doc: &Doc<'_>, span: Span) -> bool {
    let head = span
        .slice(doc.text)
        .and_then(|t| t.rsplit(' ').next())
        .map(str::to_lowercase)
        .unwrap_or_default();
    matches!(
        head.as_str(),
        "president"
            | "senator"
            | "governor"
            | "speaker"
            | "congressman"
            | "congresswoman"
            | "representative"
            | "lawmaker"
            | "hopeful"
            | "candidate"
            | "leader"
            | "chairman"
            | "chairwoman"
            | "mayor"
            | "secretary"
            | "minister"
            | "premier"
            | "chancellor"
    )
}

/// Resolve a speaker described by role ("the governor replied", "the House speaker said") to
/// the person of the article most recently named with that title or appositive ("Gov. Ann
/// Lee", "Ann Lee, the speaker,"), and "the company" or "the tech giant" to the organisation last
/// named as a subject. A plural description ("the senators") or one that matches no one stays
/// an anonymous speaker.
pub fn resolve_descriptions(
    doc: &Doc<'_>,
    quotes: &mut [Quote],
    entities: &[Entity],
    mentions: &mut Vec<Mention>,
    labels: &[Label],
    salient: &[(Span, usize)],
) {
    let mut added = Vec::new();
    for qi in 0..quotes.len() {
        if let Some(e) = document_author(doc, quotes, qi, entities, mentions) {
            let sp = quotes[qi].speaker.as_mut().expect("a document speaker");
            sp.entity = Some(e);
            sp.role = role_of(&entities[e], None);
            continue;
        }
        let Some(sp) = quotes[qi].speaker.as_mut() else {
            continue;
        };
        if sp.entity.is_some() || sp.role != "description" {
            continue;
        }
        let text = sp.span.slice(doc.text).unwrap_or("").to_lowercase();
        let head = text.rsplit(' ').next().unwrap_or("").to_string();
        let last_before = |e: usize| {
            mentions
                .iter()
                .filter(|m| m.entity == e && m.span.end <= sp.span.start)
                .map(|m| m.span.start)
                .max()
        };
        let found = if ORG_HEADS.contains(&head.as_str()) {
            let si = doc.sentences.iter().position(|s| s.span.contains(sp.span));
            let from = si
                .and_then(|si| doc.sentences.get(si.saturating_sub(3)))
                .map_or(0, |s| s.span.start);
            mentions
                .iter()
                .filter(|m| m.span.start >= from && m.span.end <= sp.span.start)
                .filter(|m| {
                    entities
                        .get(m.entity)
                        .is_some_and(|e| e.kind == EntityKind::Organization && !generic(e))
                })
                .rfind(|m| subject_position(doc, m.span.start, m.span.end, from))
                .map(|m| m.entity)
        } else if head.ends_with('s') && !head.ends_with("ss") {
            // "the senators said": the group the article introduced with that noun and a list
            // of names ("three state senators — Ann Lee, Tom Roe and Ivo Kral —"), speaking
            // together; any of them names it.
            let si = doc.sentences.iter().position(|s| s.span.contains(sp.span));
            let from = si
                .and_then(|si| doc.sentences.get(si.saturating_sub(3)))
                .map_or(0, |s| s.span.start);
            let t0 = doc.token_at_or_after(from);
            let t1 = doc.token_at_or_after(sp.span.start);
            (t0..t1)
                .rev()
                .filter(|&t| doc.lower[t] == head)
                .find_map(|t| {
                    let after = doc.tokens[t].span.end;
                    let next = doc.tokens.get(t + 1)?.span.start;
                    let gap = doc.text.get(after..next)?;
                    if !breaks(gap) {
                        return None;
                    }
                    mentions
                        .iter()
                        .find(|m| m.span.start >= next && m.span.start <= next + 2)
                        .filter(|m| {
                            entities
                                .get(m.entity)
                                .is_some_and(|e| e.kind == EntityKind::Person)
                        })
                        .map(|m| m.entity)
                })
        } else {
            let forms = title_forms(&head);
            let mut best: Option<(usize, usize)> = None;
            for l in labels {
                if l.kind == LabelKind::Description
                    || entities
                        .get(l.entity)
                        .is_none_or(|e| e.kind != EntityKind::Person)
                {
                    continue;
                }
                // The title before the name, or the head of an appositive ("the speaker of
                // the House"), not a word further in ("who accused the president").
                let words = l.span.slice(doc.text).unwrap_or("").to_lowercase();
                let reach = if l.kind == LabelKind::Title { 8 } else { 4 };
                if !words
                    .split(|c: char| c.is_whitespace() || c == ',')
                    .take(reach)
                    .any(|w| forms.contains(&w))
                {
                    continue;
                }
                if let Some(at) = last_before(l.entity)
                    && best.is_none_or(|b| at > b.1)
                {
                    best = Some((l.entity, at));
                }
            }
            // Titles written right before a name ("Gov. Ann Lee", "House Speaker Ann Lee").
            for m in mentions.iter().filter(|m| m.span.end <= sp.span.start) {
                if entities
                    .get(m.entity)
                    .is_none_or(|e| e.kind != EntityKind::Person)
                {
                    continue;
                }
                let mut k = doc.token_at_or_after(m.span.start);
                let mut hit = false;
                while k > 0 && m.span.start - doc.tokens[k - 1].span.start < 60 {
                    let gap = doc.gap(k - 1, k);
                    let gap = gap.strip_prefix('.').unwrap_or(gap);
                    if !gap.chars().all(char::is_whitespace) {
                        break;
                    }
                    let w = &*doc.lower[k - 1];
                    let dotted = format!("{w}.");
                    if forms.contains(&w) || forms.contains(&dotted.as_str()) {
                        hit = true;
                        break;
                    }
                    if !doc.tokens[k - 1].is_capitalized() && !gazetteer::has(&gazetteer::TITLES, w)
                    {
                        break;
                    }
                    k -= 1;
                }
                if hit && best.is_none_or(|b| m.span.start > b.1) {
                    best = Some((m.entity, m.span.start));
                }
            }
            best.map(|b| b.0)
                .or_else(|| salient.iter().find(|(s, _)| *s == sp.span).map(|x| x.1))
        };
        match found {
            Some(e) => {
                sp.entity = Some(e);
                sp.role = match entities[e].kind {
                    EntityKind::Person => "official".into(),
                    _ => role_of(&entities[e], None),
                };
                added.push(Mention {
                    entity: e,
                    span: sp.span,
                    form: MentionForm::Description,
                });
            }
            None => sp.role = "anonymous".into(),
        }
    }
    if !added.is_empty() {
        mentions.extend(added);
        mentions.sort_by_key(|m| m.span);
        mentions.dedup();
    }
}

/// The author of a document that speaks ("the statement said"): whoever the last few sentences
/// said issued it ("Ann Lee said in a statement", "the council sent a letter"), as the speaker
/// of a quotation in that sentence or its subject.
fn document_author(
    doc: &Doc<'_>,
    quotes: &[Quote],
    qi: usize,
    entities: &[Entity],
    mentions: &[Mention],
) -> Option<usize> {
    let sp = quotes[qi].speaker.as_ref()?;
    if sp.entity.is_some() || sp.role != "document" {
        return None;
    }
    let head = sp.span.slice(doc.text)?.rsplit(' ').next()?.to_lowercase();
    let si = doc
        .sentences
        .iter()
        .position(|s| s.span.contains(sp.span))?;
    let marked: Vec<Span> = quotes.iter().map(|q| q.outer).collect();
    for s in (si.saturating_sub(4)..=si).rev() {
        let sent = doc.sentences[s].span;
        let r = doc.sentence_tokens(s);
        let r = doc
            .token_at_or_after(sp.span.start.saturating_sub(5 * REACH))
            .max(r.start)..r.end;
        let issued = r.clone().any(|t| {
            doc.lower[t] == head
                && doc.tokens[t].span.end <= sp.span.start
                && (r.start..t)
                    .rev()
                    .take(3)
                    .any(|k| matches!(&*doc.lower[k], "a" | "an"))
                && !within(&marked, doc.tokens[t].span)
        });
        if !issued {
            continue;
        }
        let by_quote = quotes[..qi]
            .iter()
            .filter(|q| sent.contains(q.outer) || q.outer.overlaps(sent))
            .filter_map(|q| q.speaker.as_ref()?.entity)
            .next_back();
        return by_quote.or_else(|| {
            let from = sent.start.max(doc.tokens[r.start].span.start);
            candidates(
                doc,
                from,
                sent.end.min(sp.span.start),
                &marked,
                entities,
                mentions,
            )
            .into_iter()
            .find(|c| {
                c.speaker.entity.is_some() && subject_position(doc, c.start, c.end, sent.start)
            })
            .and_then(|c| c.speaker.entity)
        });
    }
    None
}

/// The written forms of a title ("governor": "gov.", "governor").
fn title_forms(head: &str) -> Vec<&str> {
    let mut out = vec![head];
    out.extend(match head {
        "governor" => &["gov.", "gov"][..],
        "senator" => &["sen.", "sen"][..],
        "representative" | "congressman" | "congresswoman" | "lawmaker" => &[
            "rep.",
            "rep",
            "representative",
            "congressman",
            "congresswoman",
        ][..],
        "president" => &["pres."][..],
        "chairman" | "chairwoman" | "chair" => &["chairman", "chairwoman", "chair"][..],
        "attorney" => &["atty."][..],
        _ => &[][..],
    });
    out
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

    /// The speaker of every quotation: the entity's name, else the words that name it.
    fn one(text: &str) -> Vec<Option<String>> {
        let a = Article::from_text("a", text);
        let an = crate::analyze(&a);
        an.quotes
            .iter()
            .map(|q| {
                let s = q.speaker.as_ref()?;
                Some(match s.entity {
                    Some(e) => an.entities[e].name.clone(),
                    None => s.span.slice(text)?.to_string(),
                })
            })
            .collect()
    }

    fn name(s: &str) -> Option<String> {
        Some(s.to_string())
    }

    #[test]
    fn the_subject_of_the_verb_speaks_not_a_name_in_an_aside() {
        // An aside between commas or dashes describes the name before it.
        assert_eq!(
            one(
                "\u{201c}We will not back down on the harbor,\u{201d} Representative Mara Quill, Democrat of Vermont and the chair of the Harbor Committee \u{2014} which oversees the port \u{2014} said on Monday."
            ),
            [name("Mara Quill")]
        );
        assert_eq!(
            one(
                "One candidate, Tomas Brandt, the mayor of Elmford, who is a Mormon, said that the plan \u{201c}would hurt every family in this town.\u{201d}"
            ),
            [name("Tomas Brandt")]
        );
        assert_eq!(
            one(
                "\u{201c}The numbers speak for themselves,\u{201d} Mr. Brandt, an Elmford Council member, said. \u{201c}We have to act.\u{201d}"
            ),
            [name("Brandt"), name("Brandt")]
        );
        // A name after a verb or a preposition is its object, not the speaker.
        assert_eq!(
            one(
                "Mara Quill spoke on Monday. Ms. Quill, asked whether she backed impeaching Mr. Brandt, said he had \u{201c}broken every promise he made to this town.\u{201d}"
            ),
            [name("Mara Quill")]
        );
        // A second verb joined by "and" has the first verb's subject.
        assert_eq!(
            one(
                "Mayor Tomas Brandt praised Mara Quill as \u{201c}calm and careful\u{201d} and said the port was \u{201c}in far better shape than it was a year ago.\u{201d}"
            ),
            [name("Tomas Brandt"), name("Tomas Brandt")]
        );
        // A possessive is no subject: the participle reports the clause's subject.
        assert_eq!(
            one(
                "Tomas Brandt ran the port for years. Mara Quill's remarks came as Brandt turned down an invitation to the hearing, saying such a meeting would \u{201c}send the wrong signal to every worker.\u{201d}"
            ),
            [name("Tomas Brandt")]
        );
        // "which states": a thing speaks, not a person named before it.
        assert_eq!(
            one(
                "Tomas Brandt would have to get around the Harbor Charter, which states, \u{201c}No vessel shall be barred from the public quay.\u{201d}"
            ),
            [None]
        );
    }

    #[test]
    fn pronouns_go_to_the_nearest_compatible_subject() {
        // A pronoun already resolved passes its person on; a man named as an object is not a
        // "she"; names inside the quotation are never candidates.
        assert_eq!(
            one(
                "Ms. Mara Quill met Mr. Tomas Brandt at the port.\n\n\u{201c}I will not ascribe motives to anyone,\u{201d} she told Mr. Brandt. \u{201c}We worked hard on the harbor deal,\u{201d} she said.\n\n\u{201c}Tomas Brandt is not the enemy of this town,\u{201d} she added."
            ),
            [name("Mara Quill"), name("Mara Quill"), name("Mara Quill")]
        );
        // The subject of recent sentences outweighs a name mentioned once in passing.
        assert_eq!(
            one(
                "Mr. Brandt took questions at the port. Much as it once helped Governor Ivo Kral, the fight could help Mr. Brandt, who dived into the debate.\n\n\u{201c}We talked about that today,\u{201d} he told reporters."
            ),
            [name("Brandt")]
        );
        // "she" once said of someone makes her no "he" later.
        assert_eq!(
            one(
                "Gov. Ada Vance will decide on the port plan this week, and she has not said which way she leans. Ada Vance met the council twice. \u{201c}Nobody knows the port better,\u{201d} said Tomas Brandt, a consultant who has run all of Ada Vance's campaigns.\n\n\u{201c}She is going to listen to both sides,\u{201d} he said."
            ),
            [name("Tomas Brandt"), name("Tomas Brandt")]
        );
        // A first name tells "she" from "he" when no title does: the woman who leads the
        // paragraph, not the man named last as an object.
        assert_eq!(
            one(
                "Harbour Speaker Nancy Okafor says it is not worth trying to remove Governor Donald Vance. She told the Gazette, \u{201c}Unless there is something overwhelming, we should not go down that path.\u{201d}"
            ),
            [name("Nancy Okafor"), name("Nancy Okafor")]
        );
        // A channel of someone named speaks for them.
        assert_eq!(
            one(
                "\u{201c}Now that the voters have spoken, we need a new harbor master,\u{201d} Korvane Ferries\u{2019} website said on Friday."
            ),
            [name("Korvane Ferries")]
        );
        // A pronoun that finds no one is no speaker.
        assert_eq!(
            one("\u{201c}We have lost all faith in the ferry plan,\u{201d} he said."),
            [None]
        );
    }

    #[test]
    fn attributions_without_a_verb_in_the_quoted_sentence() {
        // The next sentence is the attribution.
        assert_eq!(
            one(
                "\u{201c}Is this how the new council will run the port?\u{201d} Representative Tomas Brandt of Elmford, the minority leader, asked at a news conference."
            ),
            [name("Tomas Brandt")]
        );
        // A sentence ending in a colon introduces the next paragraph.
        assert_eq!(
            one(
                "The Harbor Workers Union issued a short statement after the vote:\n\n\u{201c}Today the council turned its back on every family on the quay.\u{201d}"
            ),
            [name("Harbor Workers Union")]
        );
        // The subject of the quote's own sentence.
        assert_eq!(
            one(
                "Mara Quill spoke first. Tomas Brandt went further on the campaign trail: the council \u{201c}has failed every family on the island and must answer for it.\u{201d}"
            ),
            [name("Tomas Brandt")]
        );
        // A quotation of several sentences is attributed where it ends.
        assert_eq!(
            one(
                "\u{201c}I was stunned by the vote. The harbor is my home and I will fight for it,\u{201d} Tomas Brandt said in a statement."
            ),
            [name("Tomas Brandt")]
        );
        // The speaker of an inverted attribution is who "he" is next.
        assert_eq!(
            one(
                "Mara Quill will decide on the port plan this week. \u{201c}She knows the port better than anyone,\u{201d} said Tomas Brandt, a consultant whose firm has run all of Mara Quill's campaigns.\n\n\u{201c}She is going to listen to both sides before she decides,\u{201d} he said."
            ),
            [name("Tomas Brandt"), name("Tomas Brandt")]
        );
        // A curly opening mark closed by a straight one.
        assert_eq!(
            one("\u{201c}I was stunned by the vote on the harbor plan,\" Tomas Brandt said."),
            [name("Tomas Brandt")]
        );
        // The main clause's subject, not a name in an opening clause ("his website, Starcast"):
        // "he" is the host.
        assert_eq!(
            one(
                "Several platforms removed videos from Cal Brenner, the radio host, this month.\n\nAfter the content from Mr. Brenner and his website, Starcast, was removed, he issued a plea to the mayor to \u{201c}speak up before the vote on the port.\u{201d}"
            ),
            [name("Cal Brenner")]
        );
        // A phrase inside another ("remove harbor officials") is nobody's subject: a charter's
        // wording has no speaker.
        assert_eq!(
            one(
                "The charter gives the council the power to remove harbor officials for \u{201c}neglect of duty or misconduct in office,\u{201d} but few have tried."
            ),
            [None]
        );
    }

    #[test]
    fn a_name_after_the_verb_past_descriptive_words() {
        assert_eq!(
            one(
                "\u{201c}We are pleased the board has the report,\u{201d} said the mayor\u{2019}s longtime lawyers Mara Quill and Tomas Brandt in a joint statement."
            ),
            [name("Mara Quill")]
        );
        // With no subject before a participle, the phrase that does it ("with one user").
        assert_eq!(
            one(
                "Mara Quill posted the photo on Monday.\n\nReactions were many, with one user gently teasing the mayor, quipping, \u{201c}Did the ferry pay for that camera too?\u{201d}"
            ),
            [name("one user")]
        );
    }

    #[test]
    fn a_document_speaks_for_whoever_issued_it() {
        assert_eq!(
            one(
                "Korvane Ferries said last month the delay was a glitch.\n\n\u{201c}We do not cancel crossings for profit,\u{201d} the ferry company said in a statement.\n\n\u{201c}We do rank routes by demand,\u{201d} the statement said."
            ),
            [
                name("Korvane Ferries"),
                name("Korvane Ferries"),
                name("Korvane Ferries")
            ]
        );
    }

    #[test]
    fn names_joined_by_and_share_their_place_and_initials_belong_to_the_name() {
        // "at CNN and MSNBC": both are objects; the participle reports the subject.
        assert_eq!(
            one(
                "Representative Tomas K. Brandt called the ruling \u{201c}a disgrace\u{201d} and took a swipe at Harbor Radio and Quay News, saying that they are \u{201c}not worth a minute of anyone's time.\u{201d}"
            ),
            [name("Tomas K. Brandt"), name("Tomas K. Brandt")]
        );
    }

    #[test]
    fn a_description_stands_for_the_person_with_that_title() {
        assert_eq!(
            one(
                "Gov. Tomas Brandt named Mara Quill to the seat on Monday. Mr. Brandt was asked whether he saw himself in her.\n\n\u{201c}I am not that brave,\u{201d} the governor replied."
            ),
            [name("Tomas Brandt")]
        );
        // A description no title matches stands for the person the article is about.
        assert_eq!(
            one(
                "Tomas Brandt laid out his plan for the port on Monday. In setting out what his campaign calls a fresh start, the mayoral hopeful said he was guided by two ideas: \u{201c}open water for every boat\u{201d} and \u{201c}fair fees for every family on the quay.\u{201d}"
            ),
            [name("Tomas Brandt"), name("Tomas Brandt")]
        );
        // A plural description speaks for the group listed with that noun.
        assert_eq!(
            one(
                "The plan was opposed by three harbor commissioners \u{2014} Ada Vance, Ivo Kral and Tomas Brandt \u{2014} who had backed it at first. \u{201c}We were wrong about the plan and the port is paying for it,\u{201d} the commissioners said in a letter."
            ),
            [name("Ada Vance")]
        );
        // A platform after the verb is no speaker.
        assert_eq!(
            one(
                "Mayor Tomas Brandt attacked the council again. She \u{201c}should resign from the board today!\u{201d} the mayor wrote on Twitter."
            ),
            [name("Tomas Brandt")]
        );
    }
}
