//! Loaded language: the project's own lexicon of words that judge rather than report.
//!
//! Each entry has a category and a neutral alternative (or none, when the word is best
//! dropped). Matching is on lower-case word sequences; whether a hit is in the outlet's own
//! voice or inside a quotation is decided against the quote layer.
//!
//! Two context rules keep fixed phrases out: a word inside a listed neutral phrase ("pleaded
//! guilty", "terrorist attack", "natural disaster") is no hit, and a form marked as also being a
//! noun ("claims", "blast") is no hit after a determiner or a possessive ("the claims", "his
//! boasts").

use std::collections::HashMap;
use std::sync::LazyLock;

use parallax_core::{LoadedCategory, LoadedTerm, Quote, QuoteKind, Span};

use crate::gazetteer::WordHasher;
use crate::tokens::Token;

/// The lexicon's words are our own: a fast hash, no need for SipHash.
type WordHash = std::hash::BuildHasherDefault<WordHasher>;

/// One lexicon entry.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Base form shown to users (first listed form).
    pub term: String,
    /// The words of this form.
    pub words: Vec<String>,
    /// Category.
    pub category: LoadedCategory,
    /// Neutral alternative, empty when best dropped.
    pub neutral: String,
    /// Valence from −2 (hostile) to +2 (warm).
    pub valence: i8,
    /// The form is also a noun: after a determiner or a possessive it is not counted.
    pub verb: bool,
}

/// The lexicon, indexed by the first word of each form.
pub struct Lexicon {
    by_first: HashMap<String, Vec<Entry>, WordHash>,
    /// Neutral fixed phrases (category `neutral`), by first word: the words of each.
    neutral: HashMap<String, Vec<Vec<String>>, WordHash>,
    len: usize,
    neutral_len: usize,
}

/// Words before a noun: after one of these, a form that is also a noun is read as the noun.
const DETERMINERS: &[&str] = &[
    "a",
    "an",
    "the",
    "his",
    "her",
    "their",
    "its",
    "our",
    "my",
    "your",
    "these",
    "those",
    "this",
    "such",
    "any",
    "no",
    "some",
    "many",
    "several",
    "both",
    "all",
    "false",
    "new",
    "similar",
    "multiple",
    "numerous",
    "unsubstantiated",
    "unfounded",
    "baseless",
    "earlier",
    "previous",
    "latest",
    "repeated",
    "insurance",
    "jobless",
    "unemployment",
    "disability",
    "damage",
    "refund",
    "tax",
    "patent",
    "land",
    "territorial",
    "legal",
    "compensation",
    "benefit",
    "asylum",
];

/// The longest neutral phrase may start this many words before the word it covers.
const NEUTRAL_REACH: usize = 3;

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::parse(include_str!("lexicon.tsv")));

/// The built-in lexicon.
pub fn lexicon() -> &'static Lexicon {
    &LEXICON
}

impl Lexicon {
    /// Parse the tab-separated lexicon format (see `lexicon.tsv`). Bad lines are skipped.
    pub fn parse(src: &str) -> Lexicon {
        let mut by_first: HashMap<String, Vec<Entry>, WordHash> = HashMap::default();
        let mut neutral_phrases: HashMap<String, Vec<Vec<String>>, WordHash> = HashMap::default();
        let mut len = 0;
        let mut neutral_len = 0;
        for line in src.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let (forms, cat, neutral, valence, verb) = match cols[..] {
                [f, c, n, v] => (f, c, n, v, false),
                [f, c, n, v, "verb"] => (f, c, n, v, true),
                _ => continue,
            };
            if cat == "neutral" {
                neutral_len += 1;
                for form in forms.split('|') {
                    let words: Vec<String> = form.split(' ').map(str::to_string).collect();
                    if words.len() > 1 + NEUTRAL_REACH {
                        continue;
                    }
                    neutral_phrases
                        .entry(words[0].clone())
                        .or_default()
                        .push(words);
                }
                continue;
            }
            let category = match cat {
                "label" => LoadedCategory::Label,
                "saying_verb" => LoadedCategory::SayingVerb,
                "intensifier" => LoadedCategory::Intensifier,
                "sensational" => LoadedCategory::Sensational,
                "speculation" => LoadedCategory::Speculation,
                _ => continue,
            };
            let term = forms.split('|').next().unwrap_or(forms).to_string();
            len += 1;
            for form in forms.split('|') {
                let words: Vec<String> = form.split(' ').map(str::to_string).collect();
                let Some(first) = words.first().cloned() else {
                    continue;
                };
                by_first.entry(first).or_default().push(Entry {
                    term: term.clone(),
                    words,
                    category,
                    neutral: if neutral == "-" {
                        String::new()
                    } else {
                        neutral.to_string()
                    },
                    valence: valence.parse().unwrap_or(0),
                    verb,
                });
            }
        }
        for entries in by_first.values_mut() {
            entries.sort_by_key(|e| std::cmp::Reverse(e.words.len()));
        }
        Lexicon {
            by_first,
            neutral: neutral_phrases,
            len,
            neutral_len,
        }
    }

    /// Number of loaded entries (lines of a loaded category).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Number of neutral fixed-phrase lines.
    pub fn neutral_len(&self) -> usize {
        self.neutral_len
    }

    /// True when token `i` lies inside a neutral fixed phrase ("pleaded guilty").
    fn in_neutral_phrase<S: AsRef<str>>(&self, lower: &[S], i: usize) -> bool {
        (i.saturating_sub(NEUTRAL_REACH)..=i).any(|start| {
            self.neutral
                .get(lower[start].as_ref())
                .is_some_and(|phrases| {
                    phrases.iter().any(|p| {
                        start + p.len() > i
                            && p.iter().enumerate().all(|(k, w)| {
                                lower.get(start + k).map(AsRef::as_ref) == Some(w.as_str())
                            })
                    })
                })
        })
    }

    /// True when the lexicon has no entry.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Longest entry matching at token `i`, with the number of tokens it covers; none inside a
    /// neutral fixed phrase, nor for a noun reading ("the claims") of a form marked `verb`.
    pub fn match_at<S: AsRef<str>>(&self, lower: &[S], i: usize) -> Option<(&Entry, usize)> {
        let entries = self.by_first.get(lower.get(i)?.as_ref())?;
        let e = entries.iter().find(|e| {
            e.words
                .iter()
                .enumerate()
                .all(|(k, w)| lower.get(i + k).map(AsRef::as_ref) == Some(w.as_str()))
        })?;
        if self.in_neutral_phrase(lower, i) {
            return None;
        }
        if e.verb
            && i > 0
            && e.words.len() == 1
            && lower
                .get(i - 1)
                .map(AsRef::as_ref)
                .is_some_and(|p| DETERMINERS.contains(&p) || p.ends_with("'s") || p.ends_with("s'"))
        {
            return None;
        }
        // A form followed by a verb of being or having, or by "of", "about", "such" or
        // "against", is the noun: "claims were filed", "claims of fraud", "claims such as
        // asylum", "claims against the firm".
        if e.verb
            && e.words.len() == 1
            && lower.get(i + 1).map(AsRef::as_ref).is_some_and(|n| {
                matches!(
                    n,
                    "were"
                        | "was"
                        | "are"
                        | "is"
                        | "have"
                        | "has"
                        | "had"
                        | "of"
                        | "about"
                        | "such"
                        | "against"
                )
            })
        {
            return None;
        }
        Some((e, e.words.len()))
    }

    /// Valence of a single word (0 when not in the lexicon).
    pub fn valence(&self, lower: &str) -> i8 {
        self.by_first
            .get(lower)
            .and_then(|es| es.iter().find(|e| e.words.len() == 1))
            .map_or(0, |e| e.valence)
    }
}

/// Find loaded terms among the tokens of `text`. `lower` holds each token's lower-case form.
pub fn find<S: AsRef<str>>(
    text: &str,
    tokens: &[Token<'_>],
    lower: &[S],
    quotes: &[Quote],
) -> Vec<LoadedTerm> {
    let lex = lexicon();
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if let Some((entry, n)) = lex.match_at(lower, i) {
            if entry.verb && n == 1 && ends_noun_phrase(text, tokens, lower, i) {
                i += 1;
                continue;
            }
            let span = Span::new(tokens[i].span.start, tokens[i + n - 1].span.end);
            let quoted = quotes
                .iter()
                .any(|q| q.kind != QuoteKind::Indirect && q.outer.contains(span));
            out.push(LoadedTerm {
                span,
                term: entry.term.clone(),
                category: entry.category,
                neutral: entry.neutral.clone(),
                quoted,
            });
            i += n;
        } else {
            i += 1;
        }
    }
    out
}

/// Words after which a verb form at the end of a clause is still the verb ("what he claims.").
const SUBJECT_PRONOUNS: &[&str] = &[
    "he", "she", "they", "it", "i", "we", "you", "who", "what", "which", "that", "one",
];

/// Words that open a new clause after a comma ("the emergency claim, while …").
const CLAUSE_OPENERS: &[&str] = &[
    "and", "but", "while", "which", "who", "though", "although", "as", "so", "or", "whereas",
];

/// True when the bare or `-s` form at token `i` ends a noun phrase: the clause stops right after
/// it ("a harassment claim.", "the emergency claim, while …"), where the verb of saying would
/// still need what was said. Not after a subject pronoun ("no matter what he claims.").
fn ends_noun_phrase<S: AsRef<str>>(
    text: &str,
    tokens: &[Token<'_>],
    lower: &[S],
    i: usize,
) -> bool {
    let word = lower[i].as_ref();
    if word.ends_with("ed") || word.ends_with("ing") {
        return false;
    }
    if i > 0 && SUBJECT_PRONOUNS.contains(&lower[i - 1].as_ref()) {
        return false;
    }
    let end = tokens[i].span.end;
    let next = tokens.get(i + 1).map_or(text.len(), |t| t.span.start);
    let gap = text.get(end..next).unwrap_or_default().trim_start();
    match gap.chars().next() {
        Some('.' | ';' | ':' | ')' | '!' | '?') => true,
        Some(',') => lower
            .get(i + 1)
            .is_some_and(|w| CLAUSE_OPENERS.contains(&w.as_ref())),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    fn terms(t: &str) -> Vec<(String, String)> {
        let toks = tokenize(t);
        let lower: Vec<String> = toks.iter().map(|t| t.lower()).collect();
        find(t, &toks, &lower, &[])
            .into_iter()
            .map(|l| (l.span.slice(t).unwrap_or("").to_string(), l.neutral))
            .collect()
    }

    fn hits(t: &str) -> Vec<String> {
        terms(t).into_iter().map(|(w, _)| w).collect()
    }

    #[test]
    fn finds_words_and_phrases_with_neutral_forms() {
        assert_eq!(
            terms("The senator whined that the brutal regime had rammed through a sham vote."),
            [
                ("whined".to_string(), "said".to_string()),
                ("brutal".to_string(), String::new()),
                ("regime".to_string(), "government".to_string()),
                ("rammed through".to_string(), "passed".to_string()),
                ("sham".to_string(), String::new()),
            ]
        );
        assert!(terms("The president asked for talks.").is_empty());
    }

    #[test]
    fn fixed_phrases_are_not_loaded() {
        assert!(hits("He pleaded guilty to fraud in March.").is_empty());
        assert_eq!(hits("She pleaded with the court."), ["pleaded"]);
        assert!(hits("The terrorist attack killed four people.").is_empty());
        assert_eq!(hits("Officials called him a terrorist."), ["terrorist"]);
        assert!(hits("Aid arrived after the natural disaster.").is_empty());
        assert!(hits("Patients admitted to the hospital were treated.").is_empty());
        assert!(hits("The country's sanctions regime was tightened.").is_empty());
        assert!(hits("The group claimed responsibility for the bombing.").is_empty());
        assert!(hits("She woke up early.").is_empty());
        // Reporting boilerplate: the source's condition, the electoral sense of conceding,
        // terrorism as a category of crime.
        assert!(hits("Two aides, who insisted on anonymity, described the call.").is_empty());
        assert_eq!(
            hits("The mayor insisted the audit was wrong."),
            ["insisted"]
        );
        assert!(hits("The challenger refused to concede the race on Tuesday.").is_empty());
        assert_eq!(
            hits("The minister conceded that the figures were late."),
            ["conceded"]
        );
        assert!(hits("Police foiled a terrorist plot near the harbour.").is_empty());
    }

    #[test]
    fn noun_readings_of_saying_verbs_are_not_loaded() {
        assert!(hits("The claims were reviewed by the agency.").is_empty());
        assert!(hits("The mayor's claims were reviewed.").is_empty());
        assert!(hits("Jobless claims rose last week.").is_empty());
        assert_eq!(hits("The mayor claims the audit was wrong."), ["claims"]);
        assert!(hits("Two audits were done and claims were filed.").is_empty());
        assert!(hits("She rejected claims of fraud at the port.").is_empty());
        // The clause ends right after the form: a noun ("a claim.", "the claim, while …").
        assert!(hits("The firm settled a wage claim.").is_empty());
        assert!(hits("He paid two injury claims; the rest went to court.").is_empty());
        assert!(
            hits("The board will review the zoning claim, while the council waits.").is_empty()
        );
        assert!(hits("Families arrived to make humanitarian claims such as asylum.").is_empty());
        assert!(hits("She filed claims against the ferry operator.").is_empty());
        // The verb is kept: after a subject pronoun, or with what was said after a comma.
        assert_eq!(hits("Nobody knows what he claims."), ["claims"]);
        assert_eq!(
            hits("The mayor claims, without evidence, that the audit was wrong."),
            ["claims"]
        );
    }

    #[test]
    fn legal_uses_of_claim_are_not_loaded() {
        assert!(hits("Her parents hoped to claim asylum at the border post.").is_empty());
        assert!(hits("A clerk claiming discrimination sued the county.").is_empty());
        assert!(hits("Tenants may claim damages after the flood.").is_empty());
        assert_eq!(
            hits("The clerk claimed the county owed her money."),
            ["claimed"]
        );
        assert!(hits("The blast shattered windows.").is_empty());
        assert_eq!(hits("Critics blast the plan."), ["blast"]);
    }

    #[test]
    fn lexicon_parses_every_line() {
        let src = include_str!("lexicon.tsv");
        let lines = |neutral: bool| {
            src.lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
                .filter(|l| (l.split('\t').nth(1) == Some("neutral")) == neutral)
                .count()
        };
        assert_eq!(
            lexicon().len(),
            lines(false),
            "a lexicon line failed to parse"
        );
        assert_eq!(lexicon().neutral_len(), lines(true));
        assert!(lexicon().len() >= 300, "several hundred entries");
    }

    #[test]
    fn every_entry_has_a_neutral_column_and_valence_in_range() {
        for line in include_str!("lexicon.tsv").lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            assert!(cols.len() == 4 || cols.len() == 5, "{line}");
            assert!(!cols[2].is_empty(), "{line}");
            let v: i8 = cols[3].parse().unwrap_or(9);
            assert!((-2..=2).contains(&v), "{line}");
            for form in cols[0].split('|') {
                assert_eq!(form, form.to_lowercase(), "{line}");
                assert!(!form.is_empty() && !form.contains("  "), "{line}");
            }
        }
    }
}
