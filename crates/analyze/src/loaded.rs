//! Loaded language: the project's own lexicon of words that judge rather than report.
//!
//! Each entry has a category and a neutral alternative (or none, when the word is best
//! dropped). Matching is on lower-case word sequences; whether a hit is in the outlet's own
//! voice or inside a quotation is decided against the quote layer.

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
}

/// The lexicon, indexed by the first word of each form.
pub struct Lexicon {
    by_first: HashMap<String, Vec<Entry>, WordHash>,
    len: usize,
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::parse(include_str!("lexicon.tsv")));

/// The built-in lexicon.
pub fn lexicon() -> &'static Lexicon {
    &LEXICON
}

impl Lexicon {
    /// Parse the tab-separated lexicon format (see `lexicon.tsv`). Bad lines are skipped.
    pub fn parse(src: &str) -> Lexicon {
        let mut by_first: HashMap<String, Vec<Entry>, WordHash> = HashMap::default();
        let mut len = 0;
        for line in src.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let [forms, cat, neutral, valence] = cols[..] else {
                continue;
            };
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
                });
            }
        }
        for entries in by_first.values_mut() {
            entries.sort_by_key(|e| std::cmp::Reverse(e.words.len()));
        }
        Lexicon { by_first, len }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when the lexicon has no entry.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Longest entry matching at token `i`, with the number of tokens it covers.
    pub fn match_at<S: AsRef<str>>(&self, lower: &[S], i: usize) -> Option<(&Entry, usize)> {
        let entries = self.by_first.get(lower.get(i)?.as_ref())?;
        entries
            .iter()
            .find(|e| {
                e.words
                    .iter()
                    .enumerate()
                    .all(|(k, w)| lower.get(i + k).map(AsRef::as_ref) == Some(w.as_str()))
            })
            .map(|e| (e, e.words.len()))
    }

    /// Valence of a single word (0 when not in the lexicon).
    pub fn valence(&self, lower: &str) -> i8 {
        self.by_first
            .get(lower)
            .and_then(|es| es.iter().find(|e| e.words.len() == 1))
            .map_or(0, |e| e.valence)
    }
}

/// Find loaded terms among the tokens of a text. `lower` holds each token's lower-case form.
pub fn find<S: AsRef<str>>(tokens: &[Token<'_>], lower: &[S], quotes: &[Quote]) -> Vec<LoadedTerm> {
    let lex = lexicon();
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if let Some((entry, n)) = lex.match_at(lower, i) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    fn terms(t: &str) -> Vec<(String, String)> {
        let toks = tokenize(t);
        let lower: Vec<String> = toks.iter().map(|t| t.lower()).collect();
        find(&toks, &lower, &[])
            .into_iter()
            .map(|l| (l.span.slice(t).unwrap_or("").to_string(), l.neutral))
            .collect()
    }

    #[test]
    fn finds_words_and_phrases_with_neutral_forms() {
        assert_eq!(
            terms("He begged China, the world’s most brutal dictator, to act."),
            [
                ("begged".to_string(), "asked".to_string()),
                ("most brutal".to_string(), String::new()),
                ("dictator".to_string(), "leader".to_string())
            ]
        );
        assert!(terms("The president asked for talks.").is_empty());
    }

    #[test]
    fn lexicon_parses_every_line() {
        let src = include_str!("lexicon.tsv");
        let lines = src
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .count();
        assert_eq!(lexicon().len(), lines, "a lexicon line failed to parse");
    }
}
