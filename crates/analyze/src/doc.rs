//! The working document: text, tokens and sentences, shared by every analysis stage.

use parallax_core::{Sentence, SentenceKind};

use std::borrow::Cow;

use crate::tokens::{Token, lower_cow, tokenize};

/// Text plus the token and sentence layers the rule stages walk over.
pub struct Doc<'t> {
    /// The article text.
    pub text: &'t str,
    /// Every token, in order.
    pub tokens: Vec<Token<'t>>,
    /// Lower-case form of each token (typographic apostrophes made plain), borrowed from the
    /// text when the token is already in lower case.
    pub lower: Vec<Cow<'t, str>>,
    /// Index of the sentence of each token (`usize::MAX` for tokens outside any sentence).
    pub sent_of: Vec<usize>,
    /// Sentences.
    pub sentences: Vec<Sentence>,
    ranges: Vec<std::ops::Range<usize>>,
}

impl<'t> Doc<'t> {
    /// Build the token layer for `text` and assign tokens to `sentences`.
    pub fn new(text: &'t str, sentences: Vec<Sentence>) -> Doc<'t> {
        let tokens = tokenize(text);
        let lower = tokens.iter().map(|t| lower_cow(t.text)).collect();
        let mut sent_of = vec![usize::MAX; tokens.len()];
        let mut si = 0;
        for (ti, tok) in tokens.iter().enumerate() {
            while si < sentences.len() && sentences[si].span.end <= tok.span.start {
                si += 1;
            }
            if si < sentences.len() && sentences[si].span.start <= tok.span.start {
                sent_of[ti] = si;
            }
        }
        let mut ranges = vec![0..0; sentences.len()];
        for (ti, &si) in sent_of.iter().enumerate() {
            if let Some(r) = ranges.get_mut(si) {
                if r.start == r.end {
                    *r = ti..ti + 1;
                } else {
                    r.end = ti + 1;
                }
            }
        }
        Doc {
            text,
            tokens,
            lower,
            sent_of,
            sentences,
            ranges,
        }
    }

    /// Token index range of sentence `si`.
    pub fn sentence_tokens(&self, si: usize) -> std::ops::Range<usize> {
        self.ranges.get(si).cloned().unwrap_or(0..0)
    }

    /// The text between token `a` and token `b` (exclusive of both).
    pub fn gap(&self, a: usize, b: usize) -> &'t str {
        let (Some(ta), Some(tb)) = (self.tokens.get(a), self.tokens.get(b)) else {
            return "";
        };
        self.text.get(ta.span.end..tb.span.start).unwrap_or("")
    }

    /// True when sentence `si` is a heading.
    pub fn is_heading(&self, si: usize) -> bool {
        self.sentences
            .get(si)
            .is_some_and(|s| s.kind == SentenceKind::Heading)
    }

    /// Index of the first token at or after byte `pos`.
    pub fn token_at_or_after(&self, pos: usize) -> usize {
        self.tokens.partition_point(|t| t.span.start < pos)
    }
}
