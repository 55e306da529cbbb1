//! Neutral synthesis: the main event first, consensus facts before single-source ones, each
//! single-source fact attributed, disputes side by side (real ones: each side a whole value in
//! sentences stating one claim about one named thing, from independent origins; two spellings
//! of a name stay in the report's conflicts).
//!
//! Every sentence is a whole source sentence: loaded words in the outlet's own voice are
//! replaced by their neutral alternative or dropped, quotations are kept verbatim (a sentence
//! whose quotation holds a loaded word is skipped rather than altered), and the result is checked
//! against the lexicon again so no loaded word survives. A sentence whose certainty would change
//! by dropping a word (an own-voice hedge: "apparently", "reportedly seems") is skipped, not
//! reworded.
//!
//! A sentence is used only when it stands alone: no opening that refers back ("But", "It's"),
//! no unresolved "he"/"she" outside quotations, no first-person or reader-addressed words in the
//! outlet's own voice ("we", "you", "Note their …"), no fragment (a label before a colon, a line
//! without closing punctuation, a handful of words), no question. One exception keeps a story
//! whose sources all stop mid-sentence (a feed's truncated summaries) from getting no synthesis
//! at all: when nothing else qualifies, the first sentence by consensus order that runs to the
//! very end of its source's text, among the source's first three, is told up to where the
//! source stops, ending in "…" so a reader sees it is cut.
//!
//! Sources are honest: a consensus sentence lists an outlet only when that outlet's own sentence
//! in the group shares the chosen sentence's key content (names and content words); with fewer
//! than two independent origins left the sentence is attributed to its outlet instead.
//!
//! Order: consensus first, the facts the outlets state earliest in their articles first (the
//! earliest sentence that states it, then the mean position over the outlets that state it), and
//! among those what the most outlets state: the main event leads. Then disputes, then single-source facts interleaved by their position in the
//! articles (each outlet's lead before anyone's second sentence), within a word budget.

use std::collections::HashSet;

use parallax_core::{
    ClaimGroup, Conflict, ConflictKind, EntityKind, Evidence, LoadedCategory, QuoteKind,
    SentenceKind, Span, SynthesisKind, SynthesisSentence,
};

use crate::story::Story;

/// Sentences opening with these refer back to something and cannot stand alone.
const ANAPHORA: &[&str] = &[
    "that",
    "this",
    "these",
    "those",
    "it",
    "he",
    "she",
    "they",
    "his",
    "her",
    "their",
    "its",
    "but",
    "and",
    "so",
    "also",
    "then",
    "when",
    "while",
    "why",
    "him",
    "them",
    "there",
    "meanwhile",
    "still",
    "yet",
    "however",
    "instead",
    "or",
    "nor",
    "which",
    "who",
];

/// Openings that address the reader rather than report ("Note their …", "Watch the video").
const READER_ADDRESSED: &[&str] = &[
    "note",
    "consider",
    "imagine",
    "remember",
    "watch",
    "read",
    "click",
    "subscribe",
    "sign",
    "follow",
    "listen",
    "look",
    "check",
    "join",
    "see",
    "don't",
    "let's",
    "tell",
    "share",
];

/// Third-person pronouns that need a person named before them in the sentence.
const PERSONAL_PRONOUNS: &[&str] = &[
    "he", "him", "his", "she", "her", "hers", "himself", "herself",
];

/// First- and second-person words: in the outlet's own voice they speak to or for the reader.
const FIRST_SECOND_PERSON: &[&str] = &[
    "i",
    "me",
    "my",
    "mine",
    "myself",
    "we",
    "our",
    "ours",
    "ourselves",
    "you",
    "your",
    "yours",
    "yourself",
];

/// Words that open a sentence before a name without being part of it ("The White House").
const FUNCTION_WORDS: &[&str] = &[
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "after",
    "before",
    "for",
    "with",
    "by",
    "from",
    "during",
    "as",
    "since",
    "under",
    "over",
    "about",
    "amid",
    "despite",
    "following",
    "last",
    "more",
    "some",
    "many",
    "several",
    "both",
    "each",
    "every",
    "no",
    "one",
    "two",
    "three",
    "former",
    "new",
    "top",
    "senior",
    "some",
    "if",
    "once",
    "until",
    "unlike",
    "like",
    "among",
];

/// Fewest words a standalone sentence has.
const MIN_WORDS: usize = 6;

/// A sentence its source stops inside is told (ending in "…") only among the first this many
/// sentences of its article, where a truncated summary stops.
const CUT_LEAD_SENTENCES: usize = 3;

/// Most consensus and attributed sentences to include.
const MAX_CONSENSUS: usize = 8;
const MAX_ATTRIBUTED_PER_SOURCE: usize = 3;

/// Words after which no further sentence is added (a roundup paragraph: the first sentence is
/// always kept, whatever its length).
const WORD_BUDGET: usize = 90;

/// One sentence waiting for its place.
struct Item {
    sentence: SynthesisSentence,
    /// Independent outlets that state it.
    outlets: usize,
    /// Earliest, then mean sentence index of its evidence (see [`group_position`]); for a
    /// single-source sentence its index in tenths.
    position: usize,
    /// Article index of its first evidence (ties).
    article: usize,
}

/// Build the synthesis.
pub fn synthesize(
    story: &Story<'_>,
    agreed: &[ClaimGroup],
    only_in: &[ClaimGroup],
    conflicts: &[Conflict],
) -> Vec<SynthesisSentence> {
    let mut used: HashSet<(usize, Span)> = HashSet::new();
    let mut consensus: Vec<Item> = Vec::new();
    let mut attributed: Vec<Item> = Vec::new();
    for g in agreed {
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
                            ConflictKind::Date | ConflictKind::Weekday | ConflictKind::Place => {
                                cut.push(with_preposition(story, a, s.value_evidence.span));
                            }
                            // A name spelled two ways: the fact stands, told in one outlet's
                            // spelling.
                            ConflictKind::Spelling => {}
                            _ => return None,
                        }
                    }
                }
                neutral_sentence_without(story, a, e.span, &cut).map(|t| (a, e, t))
            })
            .filter(|(a, e, _)| !used.contains(&(*a, e.span)))
            .collect();
        let quoted = |a: usize, e: &Evidence| {
            story.analyses[a]
                .quotes
                .iter()
                .filter(|q| e.span.overlaps(q.outer) && q.kind != QuoteKind::Indirect)
                .count()
        };
        // The earliest sentence (a lead), then the one most shared with the other outlets'.
        // Each sentence's names and terms are read once per group (a 50-source group would
        // otherwise read them again for every comparison of the sort).
        let items: Vec<(&Evidence, HashSet<String>)> = g
            .evidence
            .iter()
            .filter_map(|o| Some((o, key_items(story, index_of(story, &o.article)?, o.span))))
            .collect();
        cands.sort_by_cached_key(|(a, e, t)| {
            (
                loaded_count(story, *a, e.span),
                quoted(*a, e),
                position(story, *a, e.span),
                std::cmp::Reverse(centrality(story, *a, e, &items)),
                t.len(),
            )
        });
        let Some((a, e, text)) = cands.into_iter().next() else {
            continue;
        };
        used.insert((a, e.span));
        let (support, arts) = supported_by(story, a, e, &g.evidence);
        let pos = group_position(story, support.iter());
        if story.origins(&arts) >= 2 {
            consensus.push(Item {
                sentence: SynthesisSentence {
                    text,
                    kind: SynthesisKind::Consensus,
                    sources: arts.iter().map(|&x| story.articles[x].id.clone()).collect(),
                    evidence: support,
                },
                outlets: story.origins(&arts),
                position: pos,
                article: a,
            });
        } else if let Some(s) = attribute(story, a, e, text) {
            attributed.push(Item {
                sentence: s,
                outlets: 1,
                position: position(story, a, e.span) * 10,
                article: a,
            });
        }
    }
    for g in only_in {
        let Some(e) = g.evidence.first() else {
            continue;
        };
        let Some(a) = index_of(story, &e.article) else {
            continue;
        };
        if used.contains(&(a, e.span)) {
            continue;
        }
        let Some(text) = neutral_sentence(story, a, e.span) else {
            continue;
        };
        // Another outlet's own sentence may state it though the alignment left it alone; the
        // plainest wording among them is used.
        let mut group = vec![e.clone()];
        group.extend(corroborating(story, a, e, conflicts));
        if group.len() > 1 {
            let mut cands: Vec<(usize, &Evidence, String)> = group
                .iter()
                .filter_map(|o| {
                    let b = index_of(story, &o.article)?;
                    if used.contains(&(b, o.span)) {
                        return None;
                    }
                    let t = if o == e {
                        text.clone()
                    } else {
                        neutral_sentence(story, b, o.span)?
                    };
                    Some((b, o, t))
                })
                .collect();
            // The sentence itself unless it carries loaded words another outlet's does not.
            cands.sort_by_key(|(b, o, _)| (loaded_count(story, *b, o.span), *o != e));
            if let Some((b, chosen, ctext)) = cands.into_iter().next() {
                let (evidence, arts) = supported_by(story, b, chosen, &group);
                if story.origins(&arts) >= 2 {
                    used.insert((a, e.span));
                    used.insert((b, chosen.span));
                    let pos = group_position(story, evidence.iter());
                    consensus.push(Item {
                        sentence: SynthesisSentence {
                            text: ctext,
                            kind: SynthesisKind::Consensus,
                            sources: arts.iter().map(|&x| story.articles[x].id.clone()).collect(),
                            evidence,
                        },
                        outlets: story.origins(&arts),
                        position: pos,
                        article: b,
                    });
                    continue;
                }
            }
        }
        if !is_reported(story, a, e.span) {
            continue;
        }
        let Some(mut s) = attribute(story, a, e, text) else {
            continue;
        };
        used.insert((a, e.span));
        s.sources = g.sources.clone();
        attributed.push(Item {
            sentence: s,
            outlets: 1,
            position: position(story, a, e.span) * 10,
            article: a,
        });
    }
    consensus.sort_by_key(|i| (i.position, std::cmp::Reverse(i.outlets), i.article));
    attributed.sort_by_key(|i| (i.position, i.article));
    let mut out: Vec<SynthesisSentence> = Vec::new();
    let mut words = 0;
    let mut take = |s: &SynthesisSentence, out: &[SynthesisSentence]| {
        if !out.is_empty() && words >= WORD_BUDGET {
            return false;
        }
        words += s.text.split_whitespace().count();
        true
    };
    for i in consensus.into_iter().take(MAX_CONSENSUS) {
        if take(&i.sentence, &out) {
            out.push(i.sentence);
        }
    }
    for c in conflicts.iter().filter(|c| real_conflict(story, c)) {
        out.push(disputed(story, c));
    }
    let mut per_source: std::collections::HashMap<usize, usize> = Default::default();
    for i in attributed {
        let n = per_source.entry(i.article).or_default();
        if *n >= MAX_ATTRIBUTED_PER_SOURCE {
            continue;
        }
        if take(&i.sentence, &out) {
            *n += 1;
            out.push(i.sentence);
        }
    }
    if out.is_empty() {
        out.extend(cut_short(story, agreed, only_in));
    }
    out
}

/// The evidence of `group` that states the sentence `chosen` of article `a` (itself included),
/// and the articles it comes from, sorted: the sources a synthesis sentence may list.
fn supported_by(
    story: &Story<'_>,
    a: usize,
    chosen: &Evidence,
    group: &[Evidence],
) -> (Vec<Evidence>, Vec<usize>) {
    let evidence: Vec<Evidence> = group
        .iter()
        .filter(|o| *o == chosen || supports(story, a, chosen.span, o))
        .cloned()
        .collect();
    let mut arts: Vec<usize> = evidence
        .iter()
        .filter_map(|o| index_of(story, &o.article))
        .collect();
    arts.sort_unstable();
    arts.dedup();
    (evidence, arts)
}

/// When no sentence qualifies: the first sentence, by the consensus order, that its source
/// stops in the middle of (a truncated summary), told up to the cut. Consensus when two
/// independent outlets' sentences support it, else attributed to its outlet.
fn cut_short(
    story: &Story<'_>,
    agreed: &[ClaimGroup],
    only_in: &[ClaimGroup],
) -> Option<SynthesisSentence> {
    let mut groups: Vec<&ClaimGroup> = agreed.iter().collect();
    groups.sort_by_key(|g| {
        let first = g
            .evidence
            .iter()
            .filter_map(|e| Some(position(story, index_of(story, &e.article)?, e.span)))
            .min()
            .unwrap_or(usize::MAX);
        (first, std::cmp::Reverse(g.sources.len()))
    });
    for g in groups {
        for e in &g.evidence {
            let Some(a) = index_of(story, &e.article) else {
                continue;
            };
            let Some(text) = neutral_cut_sentence(story, a, e.span) else {
                continue;
            };
            let (evidence, arts) = supported_by(story, a, e, &g.evidence);
            if story.origins(&arts) >= 2 {
                return Some(SynthesisSentence {
                    text,
                    kind: SynthesisKind::Consensus,
                    sources: arts.iter().map(|&x| story.articles[x].id.clone()).collect(),
                    evidence,
                });
            }
            if let Some(s) = attribute(story, a, e, text) {
                return Some(s);
            }
        }
    }
    let mut singles: Vec<(usize, usize, &Evidence)> = only_in
        .iter()
        .filter_map(|g| {
            let e = g.evidence.first()?;
            let a = index_of(story, &e.article)?;
            Some((position(story, a, e.span), a, e))
        })
        .collect();
    singles.sort_by_key(|x| (x.0, x.1));
    singles.into_iter().find_map(|(_, a, e)| {
        let text = neutral_cut_sentence(story, a, e.span)?;
        attribute(story, a, e, text)
    })
}

/// A single-source sentence in the outlet's own voice, attributed to it ("According to …"): only
/// a plain report; an outlet's opinion, someone's quotation and hedged speculation that only one
/// outlet carries are left out.
fn attribute(story: &Story<'_>, a: usize, e: &Evidence, text: String) -> Option<SynthesisSentence> {
    if !is_reported(story, a, e.span) {
        return None;
    }
    Some(SynthesisSentence {
        text: format!(
            "According to {}, {}",
            story.outlet(a),
            lower_first(story, a, e.span, &text)
        ),
        kind: SynthesisKind::Attributed,
        sources: vec![story.articles[a].id.clone()],
        evidence: vec![e.clone()],
    })
}

/// Whether the sentence at `span` of article `a` is a report in the outlet's own voice once
/// its loaded words are replaced: a plain report, or an "opinion" made so only by lexicon words
/// (every one of them has a neutral form or goes, which [`neutral_sentence`] checks), so each
/// outlet's own facts are told alike however it words them ("Protesters slammed the
/// disastrous project and blocked one entrance" → "protesters criticized the project and
/// blocked one entrance"). A rhetorical question or a sentence evaluating without a lexicon
/// word stays out.
fn is_reported(story: &Story<'_>, a: usize, span: Span) -> bool {
    let an = &story.analyses[a];
    an.sentences.iter().any(|s| {
        s.span == span
            && match s.kind {
                SentenceKind::Reported => true,
                SentenceKind::Opinion => {
                    let text = story.text(a, span).trim_end();
                    !text.ends_with('?')
                        && an.loaded.iter().any(|t| span.contains(t.span))
                        && an
                            .labels
                            .iter()
                            .all(|l| !(l.loaded && span.contains(l.span)))
                }
                _ => false,
            }
    })
}

fn disputed(story: &Story<'_>, c: &Conflict) -> SynthesisSentence {
    let parts: Vec<String> = c
        .sides
        .iter()
        .map(|s| {
            let outlet =
                index_of(story, &s.article).map_or(s.article.as_str(), |a| story.outlet(a));
            format!("{outlet} reports {}", s.value)
        })
        .collect();
    SynthesisSentence {
        text: format!(
            "Sources disagree on {}: {}.",
            describe_kind(c),
            parts.join("; ")
        ),
        kind: SynthesisKind::Disputed,
        sources: c.sides.iter().map(|s| s.article.clone()).collect(),
        evidence: c.sides.iter().map(|s| s.evidence.clone()).collect(),
    }
}

/// A conflict worth a "disputed" sentence (never two spellings of a name): each side's value is a whole word of its sentence
/// (not a piece of a longer figure such as "306-232"), the sides' sentences state the same claim
/// about the same named thing (they support each other and share a name), and they come from
/// independent origins.
fn real_conflict(story: &Story<'_>, c: &Conflict) -> bool {
    // Two spellings of one name are for the editor's list of conflicts, not a dispute about
    // what happened: the synthesis tells the story.
    if c.kind == ConflictKind::Spelling {
        return false;
    }
    let sides: Vec<(usize, &parallax_core::ConflictSide)> = c
        .sides
        .iter()
        .filter_map(|s| Some((index_of(story, &s.article)?, s)))
        .collect();
    if sides.len() < 2 {
        return false;
    }
    let whole = sides
        .iter()
        .all(|(a, s)| whole_words(story, *a, s.value_evidence.span));
    let arts: Vec<usize> = sides.iter().map(|(a, _)| *a).collect();
    let same_claim = sides.iter().enumerate().all(|(i, (a, s))| {
        sides.iter().skip(i + 1).all(|(b, o)| {
            supports(story, *a, s.evidence.span, &o.evidence)
                && shares_name(story, *a, s.evidence.span, *b, o.evidence.span)
        })
    });
    whole && same_claim && story.origins(&arts) >= 2
}

/// `span` neither starts nor ends inside a longer figure or word: no letter or digit touches it,
/// and no joining mark with a digit beyond it ("306-232", the "6" of "306").
fn whole_words(story: &Story<'_>, a: usize, span: Span) -> bool {
    let text = &story.articles[a].text;
    let joiner = |c: char| matches!(c, '-' | '–' | '/' | '.' | ',' | ':');
    let mut before = text.get(..span.start).unwrap_or("").chars().rev();
    let mut after = text.get(span.end..).unwrap_or("").chars();
    let glued = |first: Option<char>, second: Option<char>| match first {
        Some(c) if c.is_alphanumeric() => true,
        Some(c) if joiner(c) => second.is_some_and(|d| d.is_ascii_digit()),
        _ => false,
    };
    !glued(before.next(), before.next()) && !glued(after.next(), after.next())
}

/// Whether the sentence `o` of another article states the claim of the sentence at `span` of
/// article `a`: the two share at least two key items (names and content words), a content word
/// among them (two names alone are the same people, not the same claim), and a third of the
/// smaller sentence's key items, or four items and a quarter (long sentences).
fn supports(story: &Story<'_>, a: usize, span: Span, o: &Evidence) -> bool {
    let Some(b) = index_of(story, &o.article) else {
        return false;
    };
    let (x, y) = (key_items(story, a, span), key_items(story, b, o.span));
    let common: Vec<&String> = x.iter().filter(|k| y.contains(*k)).collect();
    let shared = common.len();
    let content = common.iter().filter(|k| !k.starts_with('@')).count();
    let smaller = x.len().min(y.len());
    shared >= 2 && content >= 1 && (shared * 3 >= smaller || (shared >= 4 && shared * 4 >= smaller))
}

/// Sentences of other outlets (independent origins) that state the claim at `e` of article `a`
/// though the alignment did not group them: the closest claim of each, when it shares at least
/// three key items including a name and a content word, and at least a quarter of the smaller sentence's items, and
/// no conflict touches it.
fn corroborating(
    story: &Story<'_>,
    a: usize,
    e: &Evidence,
    conflicts: &[Conflict],
) -> Vec<Evidence> {
    let mine = key_items(story, a, e.span);
    let mut out = Vec::new();
    for b in 0..story.articles.len() {
        if b == a || story.origins(&[a, b]) < 2 {
            continue;
        }
        let best = story.analyses[b]
            .claims
            .iter()
            .map(|c| {
                let theirs = key_items(story, b, c.span);
                let shared: Vec<&String> = mine.iter().filter(|k| theirs.contains(*k)).collect();
                let named = shared.iter().any(|k| k.starts_with('@'));
                let content = shared.iter().any(|k| !k.starts_with('@'));
                let ok = named
                    && content
                    && shared.len() >= 3
                    && shared.len() * 4 >= mine.len().min(theirs.len());
                (ok, shared.len(), c.span)
            })
            .filter(|(ok, _, _)| *ok)
            .max_by_key(|(_, n, span)| (*n, std::cmp::Reverse(span.start)));
        if let Some((_, _, span)) = best {
            let ev = story.evidence(b, span);
            let disputed = conflicts
                .iter()
                .any(|c| c.sides.iter().any(|s| s.evidence == ev || s.evidence == *e));
            if !disputed {
                out.push(ev);
            }
        }
    }
    out
}

/// Whether the sentences at `x` of article `a` and `y` of article `b` name one entity in common.
fn shares_name(story: &Story<'_>, a: usize, x: Span, b: usize, y: Span) -> bool {
    let theirs = key_items(story, b, y);
    key_items(story, a, x)
        .iter()
        .any(|k| k.starts_with('@') && theirs.contains(k))
}

/// Key items of the claim at `span`: its content-word concepts and its entities' story keys.
fn key_items(story: &Story<'_>, a: usize, span: Span) -> HashSet<String> {
    let an = &story.analyses[a];
    let mut out = HashSet::new();
    for c in an.claims.iter().filter(|c| span.contains(c.span)) {
        out.extend(c.terms.iter().cloned());
        for &e in &c.entities {
            let k = story.key(a, e);
            if !k.is_empty() {
                out.insert(format!("@{k}"));
            }
        }
    }
    out
}

/// How much of the claim at `e` the group's sentences from other articles share.
/// `group` holds each of the group's sentences with its key items.
fn centrality(
    story: &Story<'_>,
    a: usize,
    e: &Evidence,
    group: &[(&Evidence, HashSet<String>)],
) -> usize {
    let mine = key_items(story, a, e.span);
    group
        .iter()
        .filter(|(o, _)| o.article != e.article)
        .map(|(_, k)| mine.iter().filter(|m| k.contains(*m)).count())
        .sum()
}

/// Where a group's sentences sit in their articles: the earliest sentence index among its
/// evidence (a fact some outlet leads with), then the mean index in tenths, so among facts led
/// with the one every outlet puts early comes before one that another outlet mentions last.
fn group_position<'e>(story: &Story<'_>, evidence: impl Iterator<Item = &'e Evidence>) -> usize {
    let at: Vec<usize> = evidence
        .filter_map(|o| Some(position(story, index_of(story, &o.article)?, o.span)))
        .collect();
    match at.iter().min() {
        Some(first) => first * 100_000 + at.iter().sum::<usize>() * 10 / at.len(),
        None => usize::MAX,
    }
}

/// Index of the sentence holding `span` in article `a`.
fn position(story: &Story<'_>, a: usize, span: Span) -> usize {
    story.analyses[a]
        .sentences
        .iter()
        .position(|s| s.span.overlaps(span) || s.span.contains(span))
        .unwrap_or(usize::MAX)
}

fn describe_kind(c: &Conflict) -> String {
    let kind = match c.kind {
        ConflictKind::Date => "the date",
        ConflictKind::Weekday => "the day",
        ConflictKind::Count => "the number",
        ConflictKind::Duration => "how long it lasted",
        ConflictKind::Place => "the place",
        ConflictKind::Ordinal => "the starting point",
        ConflictKind::Speaker => "who said",
        ConflictKind::TimeOfDay => "the time of day",
        ConflictKind::Amount => "the amount",
        ConflictKind::Percent => "the percentage",
        ConflictKind::Age => "the age",
        ConflictKind::Rank => "the rank",
        ConflictKind::Attribution => "who stated it",
        ConflictKind::Spelling => "the spelling of a name",
    };
    // The topic stays out of the prose: the sides' own sentences are the evidence.
    kind.to_string()
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
/// stand alone, a quotation in it is loaded, or neutralising would change its certainty.
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

/// A word as compared with the word lists: lower case, curly apostrophes straightened, outer
/// punctuation trimmed.
fn plain_word(w: &str) -> String {
    w.to_lowercase()
        .replace('’', "'")
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
        .trim_matches('\'')
        .to_string()
}

/// Whether the sentence at `span` of article `a` can stand alone in a synthesis (see the
/// module documentation). `cut_at_end` also accepts a line without closing punctuation when the source's text ends
/// with it (the source was cut there, not the sentence by the splitter).
fn stands_alone(story: &Story<'_>, a: usize, span: Span, cut_at_end: bool) -> bool {
    let an = &story.analyses[a];
    let text = story.text(a, span);
    let words: Vec<&str> = text.split_whitespace().collect();
    let Some(first_raw) = words.first() else {
        return false;
    };
    let first = plain_word(first_raw);
    // "It's", "That's", "They're": the word before the contraction decides.
    let stem = first.split('\'').next().unwrap_or("");
    if ANAPHORA.contains(&first.as_str()) || ANAPHORA.contains(&stem) {
        return false;
    }
    if READER_ADDRESSED.contains(&first.as_str()) {
        return false;
    }
    // A label before a colon ("VIDEO:", "Analysis:") or a line without closing punctuation.
    if words.iter().take(3).any(|w| w.ends_with(':')) {
        return false;
    }
    let end = text.trim_end().trim_end_matches(['"', '”', '’', '\'', ')']);
    let source_ends_here = cut_at_end
        && story.articles[a]
            .text
            .get(span.end..)
            .is_some_and(|rest| rest.trim().is_empty());
    if !(end.ends_with(['.', '!']) || source_ends_here) || words.len() < MIN_WORDS {
        return false;
    }
    // A quotation opened and not closed: the sentence was cut inside it.
    let count = |c: char| text.matches(c).count();
    if count('“') != count('”') || count('"') % 2 == 1 {
        return false;
    }
    // Words in the outlet's own voice: outside direct, partial and embedded quotations.
    let quoted: Vec<Span> = an
        .quotes
        .iter()
        .filter(|q| q.kind != QuoteKind::Indirect && q.outer.overlaps(span))
        .map(|q| q.outer)
        .collect();
    // A whole quotation with nobody named as saying it.
    if an
        .quotes
        .iter()
        .any(|q| q.kind == QuoteKind::Direct && span.contains(q.outer) && q.speaker.is_none())
    {
        return false;
    }
    let persons: Vec<usize> = an
        .mentions
        .iter()
        .filter(|m| span.contains(m.span) && !quoted.iter().any(|q| q.contains(m.span)))
        .filter(|m| {
            an.entities
                .get(m.entity)
                .is_some_and(|e| e.kind == EntityKind::Person)
        })
        .map(|m| m.span.start)
        .collect();
    let mut offset = span.start;
    for w in text.split_whitespace() {
        let at = story.articles[a].text[offset..]
            .find(w)
            .map_or(offset, |i| offset + i);
        offset = at + w.len();
        let here = Span::new(at, at + w.len());
        if quoted.iter().any(|q| q.contains(here) || q.overlaps(here)) {
            continue;
        }
        let p = plain_word(w);
        // "US" is the country, "us" the first person; "I" only as a capital.
        let person_word = match p.as_str() {
            "us" => w.contains("us"),
            "i" => w.starts_with('I'),
            _ => FIRST_SECOND_PERSON.contains(&p.as_str()),
        };
        if person_word {
            return false;
        }
        if PERSONAL_PRONOUNS.contains(&p.as_str()) && !persons.iter().any(|&s| s < at) {
            return false;
        }
    }
    // Dropping an own-voice hedge would state as certain what the outlet did not.
    !an.loaded
        .iter()
        .any(|t| span.contains(t.span) && !t.quoted && t.category == LoadedCategory::Speculation)
}

/// Like [`neutral_sentence`], with the spans in `cut` removed as well.
fn neutral_sentence_without(
    story: &Story<'_>,
    a: usize,
    span: Span,
    cut: &[Span],
) -> Option<String> {
    neutral_sentence_as(story, a, span, cut, false)
}

/// A sentence its source stops in the middle of (see [`stands_alone`]), neutralised like
/// any other and ended with "…"; `None` when it ends with closing punctuation after all (then
/// it is an ordinary sentence) or fails another check.
fn neutral_cut_sentence(story: &Story<'_>, a: usize, span: Span) -> Option<String> {
    // Only a lead: a summary cut short, not the last line of a long article (a credit line).
    if position(story, a, span) >= CUT_LEAD_SENTENCES {
        return None;
    }
    let whole = story
        .text(a, span)
        .trim_end()
        .trim_end_matches(['"', '”', '’', '\'', ')'])
        .ends_with(['.', '!', '?']);
    if whole {
        return None;
    }
    let text = neutral_sentence_as(story, a, span, &[], true)?;
    let trimmed = text.trim_end_matches(|c: char| c.is_whitespace() || ",;:—–-".contains(c));
    Some(format!("{trimmed} …"))
}

fn neutral_sentence_as(
    story: &Story<'_>,
    a: usize,
    span: Span,
    cut: &[Span],
    cut_at_end: bool,
) -> Option<String> {
    let an = &story.analyses[a];
    if !stands_alone(story, a, span, cut_at_end) {
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
    // A dateline is where the outlet filed from, not part of the fact ("WASHINGTON — …").
    if let Some(n) = dateline_len(story.text(a, span), position(story, a, span) == 0) {
        cuts.push((Span::new(span.start, span.start + n), String::new()));
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
    if !parallax_analyze::loaded::find(&cleaned, &toks, &lower, &[]).is_empty() {
        return None;
    }
    Some(cleaned)
}

/// The length of a dateline opening `sentence`, dash and spaces included: a place in capitals,
/// with its state or country if any ("WASHINGTON —", "BERKELEY HEIGHTS, N.J. --"), or, in an
/// article's first sentence, a known place however written ("New York – …").
fn dateline_len(sentence: &str, first: bool) -> Option<usize> {
    const DASHES: &[&str] = &["—", "–", "--", "-"];
    let (head, dash_at, dash) = DASHES
        .iter()
        .filter_map(|d| {
            let at = sentence.find(&format!(" {d} "))?;
            Some((&sentence[..at], at, *d))
        })
        .min_by_key(|x| x.1)?;
    if head.len() > 40 || head.is_empty() {
        return None;
    }
    let (place, region) = head.split_once(", ").unwrap_or((head, ""));
    let words: Vec<&str> = place.split(' ').collect();
    let region_words: Vec<&str> = region.split(' ').filter(|w| !w.is_empty()).collect();
    if words.len() > 4 || region_words.len() > 2 {
        return None;
    }
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let shouting = |w: &str| {
        w.chars().any(char::is_alphabetic)
            && w.chars().all(|c| c.is_uppercase() || ".'’-".contains(c))
    };
    let in_capitals = words.iter().all(|w| shouting(w))
        && words.iter().map(|w| w.len()).sum::<usize>() >= 3
        && region_words.iter().all(|w| capital(w));
    let known = first
        && words.iter().all(|w| capital(w))
        && parallax_analyze::gazetteer::is_place(&place.to_lowercase());
    (in_capitals || known).then_some(dash_at + dash.len() + 2)
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

/// `text` with its first letter lower-cased after "According to …, " unless the sentence opens
/// with a name, a title before a name ("Vice President Harris"), an acronym, or a word the
/// story's articles also capitalise after a lower-case word (a proper name: "French").
/// Words English capitalises wherever they stand: parties and their members, faiths,
/// nationalities (the gazetteer's demonyms, singular or plural), days and months. "According to
/// …, Republicans who control the Senate …", never "republicans".
fn always_capitalised(lower: &str) -> bool {
    use parallax_analyze::gazetteer;
    let lower = lower
        .strip_suffix("'s")
        .or_else(|| lower.strip_suffix("’s"))
        .unwrap_or(lower);
    let singular = lower.strip_suffix('s').unwrap_or(lower);
    matches!(
        singular,
        "republican"
            | "democrat"
            | "democratic"
            | "christian"
            | "muslim"
            | "jew"
            | "jewish"
            | "catholic"
            | "protestant"
            | "hindu"
            | "buddhist"
            | "sikh"
    ) || gazetteer::has(&gazetteer::DEMONYMS, lower)
        || gazetteer::has(&gazetteer::DEMONYMS, singular)
        || gazetteer::has(&gazetteer::WEEKDAYS, singular)
        // "May" opens as many sentences as a verb as it does as a month.
        || (singular != "may" && gazetteer::has(&gazetteer::MONTHS, singular))
}

fn lower_first(story: &Story<'_>, a: usize, span: Span, text: &str) -> String {
    let starts_with_name = story.analyses[a]
        .mentions
        .iter()
        .any(|m| m.span.start == span.start);
    let mut words = text.split_whitespace();
    let first = words.next().unwrap_or("");
    let second = words.next().unwrap_or("");
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let acronym = first.chars().filter(|c| c.is_alphabetic()).count() > 1
        && first
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
    let bare = first.trim_matches(|c: char| !c.is_alphanumeric());
    let lower = bare.to_lowercase();
    // An article of the story capitalises the word after a lower-case word too: a proper name.
    // The singular counts for a plural ("Republican nominee" for "Republicans").
    let singular = bare
        .strip_suffix('s')
        .filter(|w| w.len() >= 3)
        .unwrap_or(bare);
    let capitalised_inside = |text: &str| {
        text.match_indices(singular).any(|(i, _)| {
            let before = text[..i].trim_end_matches(' ');
            let rest = text[i + singular.len()..]
                .strip_prefix('s')
                .unwrap_or(&text[i + singular.len()..]);
            before.len() < i
                && before
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_lowercase() || c == ',')
                && !rest.chars().next().is_some_and(char::is_alphanumeric)
        })
    };
    let common = bare.is_empty() || !story.articles.iter().any(|x| capitalised_inside(&x.text));
    let keep = starts_with_name
        || acronym
        || (capitalised(second) && !FUNCTION_WORDS.contains(&lower.as_str()))
        || first == "I"
        || always_capitalised(&lower)
        || !common;
    let mut cs = text.chars();
    match cs.next() {
        Some(c) if !keep && c.is_uppercase() => c.to_lowercase().chain(cs).collect(),
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    //! Every rule on invented sentences.

    use parallax_core::{Analysis, Article, Provenance, Sourced, SynthesisKind};

    use super::*;

    fn art(id: &str, outlet: &str, text: &str) -> Article {
        let mut a = Article::from_text(id, text);
        a.source = Some(Sourced::new(outlet.to_string(), Provenance::Flag));
        a
    }

    fn synth(arts: &[Article]) -> Vec<SynthesisSentence> {
        crate::compare(arts, Vec::new()).synthesis
    }

    /// Whether sentence `n` (0-based) of the one article stands alone.
    fn alone(text: &str, n: usize) -> bool {
        let arts = [art("a", "One", text)];
        let analyses: Vec<Analysis> = arts.iter().map(parallax_analyze::analyze).collect();
        let story = Story::new(&arts, &analyses, &[None]);
        stands_alone(&story, 0, analyses[0].sentences[n].span, false)
    }

    #[test]
    fn the_main_event_comes_first_and_names_every_outlet_that_states_it() {
        let r = synth(&[
            art(
                "a",
                "North Ledger",
                "The Orla city council approved the new harbour budget on Tuesday. \
                 The council also renamed a park after a retired teacher.",
            ),
            art(
                "b",
                "South Post",
                "Councillors in Orla approved the new harbour budget on Tuesday after a long debate. \
                 The ferry terminal will be repainted in the spring, officials said.",
            ),
            art(
                "c",
                "East Wire",
                "The harbour budget was approved by the Orla city council on Tuesday.",
            ),
        ]);
        assert_eq!(r[0].kind, SynthesisKind::Consensus, "{r:#?}");
        assert!(r[0].text.contains("harbour budget"), "{r:#?}");
        assert_eq!(r[0].sources, ["a", "b", "c"], "{r:#?}");
        assert_eq!(r[0].evidence.len(), 3);
    }

    #[test]
    fn a_dateline_is_not_told() {
        let r = synth(&[
            art(
                "a",
                "North Ledger",
                "PORT ELLIS, Md. — The Orla city council approved the new harbour budget on Tuesday.",
            ),
            art(
                "b",
                "South Post",
                "Lisbon – Councillors in Orla approved the new harbour budget on Tuesday after a long debate.",
            ),
        ]);
        assert!(r[0].text.contains("harbour budget"), "{r:#?}");
        assert!(
            !r[0].text.contains("PORT ELLIS") && !r[0].text.contains("Lisbon"),
            "{r:#?}"
        );
        assert!(
            r[0].evidence
                .iter()
                .any(|e| e.text.starts_with("PORT ELLIS, Md. —"))
        );
        // Capitals with a dash further in, or a person's name before a dash, are no dateline.
        assert_eq!(dateline_len("WASHINGTON — The vote", false), Some(15));
        assert_eq!(
            dateline_len("BERKELEY HEIGHTS, N.J. -- Mr. Lee", false),
            Some(26)
        );
        assert_eq!(dateline_len("Lisbon – The vote", true), Some(11));
        assert_eq!(dateline_len("Lisbon – The vote", false), None);
        assert_eq!(dateline_len("Ann Lee — the mayor — said no.", true), None);
        assert_eq!(
            dateline_len("The NATO summit — held in June — ended.", true),
            None
        );
    }

    #[test]
    fn summaries_cut_mid_sentence_give_the_shared_fact_up_to_the_cut() {
        // Three feed summaries, each stopped mid-sentence by its feed.
        let r = synth(&[
            art(
                "a",
                "North Ledger",
                "A district judge in Orla on Tuesday postponed the sentencing of harbour \
                 official Tomas Brandt after warning him that he could face prison for lying to",
            ),
            art(
                "b",
                "South Post",
                "Judge Ilse Varga repeatedly asked former harbour official Tomas Brandt whether \
                 he wanted to withdraw his guilty plea on Tuesday ahead of what was supposed to be",
            ),
            art(
                "c",
                "East Wire",
                "An Orla judge on Tuesday postponed the sentencing of former harbour official \
                 Tomas Brandt for lying to investigators, and delayed it to ensure Brandt",
            ),
        ]);
        assert_eq!(r.len(), 1, "{r:#?}");
        assert!(r[0].text.ends_with("lying to …"), "{r:#?}");
        assert!(r[0].text.starts_with("A district judge in Orla"), "{r:#?}");
        assert_eq!(r[0].kind, SynthesisKind::Consensus, "{r:#?}");
        assert_eq!(r[0].sources, ["a", "c"], "{r:#?}");
        // A whole sentence is always preferred: the cut one is only the last resort.
        let r = synth(&[
            art(
                "a",
                "North Ledger",
                "A district judge in Orla on Tuesday postponed the sentencing of Tomas Brandt. \
                 The judge warned him that he could face prison for lying to",
            ),
            art(
                "b",
                "East Wire",
                "An Orla judge on Tuesday postponed the sentencing of Tomas Brandt.",
            ),
        ]);
        assert!(r.iter().all(|s| !s.text.contains('…')), "{r:#?}");
        assert!(!r.is_empty());
        // The unfinished last line of a long article is a credit or a cut, not a lead.
        let r = synth(&[
            art(
                "a",
                "North Ledger",
                "But it ended early again on Monday, the crews said. \
                 It was the third time this month. They want a new roster. \
                 Reporting by Ilse Varga and Tomas Brandt in Orla with editing by",
            ),
            art(
                "b",
                "East Wire",
                "It was cut short again on Monday night. They say the roster is to blame. \
                 But the port disagrees with them. \
                 Reporting by Ilse Varga and Tomas Brandt in Orla with editing by",
            ),
        ]);
        assert!(r.iter().all(|s| !s.text.contains('…')), "{r:#?}");
    }

    #[test]
    fn a_source_is_listed_only_when_its_own_sentence_states_the_claim() {
        let arts = [
            art(
                "a",
                "One",
                "Mayor Ines Varga opened the new Dunmore bridge on Monday with a ribbon.",
            ),
            art(
                "b",
                "Two",
                "Mayor Ines Varga opened the new Dunmore bridge on Monday.",
            ),
            art(
                "c",
                "Three",
                "Traffic in Dunmore was heavy on Monday as schools reopened.",
            ),
        ];
        let analyses: Vec<Analysis> = arts.iter().map(parallax_analyze::analyze).collect();
        let story = Story::new(&arts, &analyses, &[None, None, None]);
        let span = |i: usize| analyses[i].sentences[0].span;
        assert!(supports(&story, 0, span(0), &story.evidence(1, span(1))));
        assert!(
            !supports(&story, 0, span(0), &story.evidence(2, span(2))),
            "a place and a day in common do not state the claim"
        );
        let arts = [
            art(
                "a",
                "One",
                "Mayor Ines Varga met Governor Tomas Rell to discuss the ferry budget.",
            ),
            art(
                "b",
                "Two",
                "Governor Tomas Rell praised Mayor Ines Varga for her long career.",
            ),
        ];
        let analyses: Vec<Analysis> = arts.iter().map(parallax_analyze::analyze).collect();
        let story = Story::new(&arts, &analyses, &[None, None]);
        let span = |i: usize| analyses[i].sentences[0].span;
        assert!(
            !supports(&story, 0, span(0), &story.evidence(1, span(1))),
            "the same two people, a different claim"
        );
    }

    #[test]
    fn a_single_source_fact_is_attributed_and_keeps_its_capitals() {
        let r = synth(&[
            art(
                "a",
                "North Ledger",
                "The Orla city council approved the new harbour budget on Tuesday.",
            ),
            art(
                "b",
                "South Post",
                "Councillors in Orla approved the new harbour budget on Tuesday. \
                 Vice President Tomas Rell toured the Orla shipyard and its new dry dock on Wednesday.",
            ),
        ]);
        let att: Vec<&SynthesisSentence> = r
            .iter()
            .filter(|s| s.kind == SynthesisKind::Attributed)
            .collect();
        assert_eq!(att.len(), 1, "{r:#?}");
        assert_eq!(
            att[0].text,
            "According to South Post, Vice President Tomas Rell toured the Orla shipyard and its new dry dock on Wednesday."
        );
        assert_eq!(att[0].sources, ["b"]);
    }

    #[test]
    fn sentences_that_cannot_stand_alone_are_left_out() {
        let text = "The Orla city council approved the new harbour budget on Tuesday. \
            He voted against the plan at the last minute. \
            It's a plan that will cost the port district a great deal. \
            Note their silence about the cost of the harbour works. \
            We have covered the harbour budget for many years now. \
            VIDEO: The harbour budget vote in the Orla council chamber. \
            Councillor Ana Perez said she voted for the plan on Tuesday.";
        assert!(alone(text, 0), "a plain report");
        assert!(!alone(text, 1), "an unresolved 'he'");
        assert!(!alone(text, 2), "an opening that refers back");
        assert!(!alone(text, 3), "addressed to the reader");
        assert!(!alone(text, 4), "first person in the outlet's voice");
        assert!(!alone(text, 5), "a label before a colon");
        assert!(alone(text, 6), "'she' after the person it names");
        let cut = "Councillor Ana Perez read out a motion titled \u{201c}Harbour works for the U.S. \
            The vote on the harbour budget was held in the Orla council chamber.";
        assert!(!alone(cut, 0), "a quotation opened and never closed");
        let quote = "\"The harbour will be dredged before the winter storms arrive.\"\n\n\
            The Orla city council approved the new harbour budget on Tuesday.";
        assert!(!alone(quote, 0), "a quotation nobody is said to have said");
    }

    #[test]
    fn a_hedge_is_never_dropped_to_state_a_guess_as_fact() {
        let text = "The harbour budget will apparently cost more than the council said in May.";
        assert!(!alone(text, 0));
        let r = synth(&[
            art("a", "One", text),
            art(
                "b",
                "Two",
                "The harbour budget will cost more than the council said in May, officials admit.",
            ),
        ]);
        let reworded = "The harbour budget will cost more than the council said in May.";
        assert!(r.iter().all(|s| !s.text.contains(reworded)), "{r:#?}");
        for s in &r {
            assert!(!s.text.contains("apparently"), "{s:?}");
        }
    }

    #[test]
    fn two_spellings_of_a_name_are_no_dispute_in_the_synthesis() {
        let arts = [
            art(
                "a",
                "North Ledger",
                "Premier Ines Varga flew to Orla on Sunday where she met harbour minister Tomas \
                 Herrick and Crown Prince Ahmad bin Tarek, local media reported. The visit lasted \
                 a few hours.",
            ),
            art(
                "b",
                "East Wire",
                "Premier Ines Varga flew to Orla in secret on Sunday and met Crown Prince Ahmed \
                 bin Tarek and harbour minister Tomas Herrick, local media reported.",
            ),
        ];
        let r = crate::compare(&arts, Vec::new());
        // The fact itself is told: a spelling does not take the sentence out of the consensus.
        assert!(
            r.synthesis.iter().any(
                |s| s.kind == SynthesisKind::Consensus && s.text.contains("Premier Ines Varga")
            ),
            "{:#?}",
            r.synthesis
        );
        assert!(
            r.conflicts.iter().any(|c| c.kind == ConflictKind::Spelling),
            "the report still lists it: {:#?}",
            r.conflicts
        );
        assert!(
            r.synthesis
                .iter()
                .all(|s| s.kind != SynthesisKind::Disputed),
            "{:#?}",
            r.synthesis
        );
    }

    #[test]
    fn a_dispute_needs_whole_values_about_one_named_thing() {
        let arts = [
            art(
                "a",
                "One",
                "Mayor Ines Varga said 40 people attended the Dunmore bridge opening.",
            ),
            art(
                "b",
                "Two",
                "Police in Lisbon said the league vote ended 306-232 after a long night.",
            ),
        ];
        let analyses: Vec<Analysis> = arts.iter().map(parallax_analyze::analyze).collect();
        let story = Story::new(&arts, &analyses, &[None, None]);
        let t = &arts[1].text;
        let at = |w: &str| {
            let i = t.find(w).unwrap();
            Span::new(i, i + w.len())
        };
        assert!(!whole_words(&story, 1, at("232")), "part of a score");
        assert!(whole_words(&story, 1, at("306-232")));
        let s0 = analyses[0].sentences[0].span;
        let s1 = analyses[1].sentences[0].span;
        assert!(
            !shares_name(&story, 0, s0, 1, s1),
            "two sentences about different named things state different claims"
        );
    }

    #[test]
    fn only_a_common_word_is_lower_cased_after_according_to() {
        let arts = [art(
            "a",
            "One",
            "Residents of Orla voted on the harbour plan on Tuesday. \
             The vote split the local Republican club and the French consulate.",
        )];
        let analyses: Vec<Analysis> = arts.iter().map(parallax_analyze::analyze).collect();
        let story = Story::new(&arts, &analyses, &[None]);
        let span = analyses[0].sentences[0].span;
        let lower = |t: &str| lower_first(&story, 0, span, t);
        assert_eq!(lower("Residents voted."), "residents voted.");
        assert_eq!(lower("Republicans voted."), "Republicans voted.");
        assert_eq!(lower("French diplomats voted."), "French diplomats voted.");
        assert_eq!(
            lower("Vice President Rell voted."),
            "Vice President Rell voted."
        );
        assert_eq!(lower("The Orla council voted."), "the Orla council voted.");
        assert_eq!(lower("NATO voted."), "NATO voted.");
        // Capitalised wherever they stand, though no article of this story writes them so
        // mid-sentence: a party's members, a nationality, a faith, a day.
        assert_eq!(lower("Democrats voted."), "Democrats voted.");
        assert_eq!(lower("Norwegians voted."), "Norwegians voted.");
        assert_eq!(lower("Catholic groups voted."), "Catholic groups voted.");
        assert_eq!(
            lower("Monday's vote split them."),
            "Monday's vote split them."
        );
    }
}
