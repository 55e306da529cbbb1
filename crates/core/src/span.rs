//! Byte spans into an article's text, and evidence (a span plus the words it covers).
//!
//! A span never owns text; it is two UTF-8 byte offsets into the text of one article.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into an article's UTF-8 text.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    Serialize,
    Deserialize,
    JsonSchema,
)]
pub struct Span {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (swapped if given backwards).
    pub fn new(start: usize, end: usize) -> Span {
        if start <= end {
            Span { start, end }
        } else {
            Span {
                start: end,
                end: start,
            }
        }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }

    /// The text the span covers, or `None` if it is out of bounds or not on char boundaries.
    pub fn slice<'a>(&self, text: &'a str) -> Option<&'a str> {
        text.get(self.start..self.end)
    }

    /// True when `other` lies wholly inside `self`.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two spans share at least one byte.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The smallest span covering both.
    pub fn cover(&self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// This span moved right by `offset` bytes (for spans computed on a slice of the text).
    pub fn shift(&self, offset: usize) -> Span {
        Span {
            start: self.start + offset,
            end: self.end + offset,
        }
    }
}

/// A cited piece of one article: which article, where, and the exact words.
///
/// Invariant: `text == article.text[span.start..span.end]`.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub struct Evidence {
    /// Id of the article the words come from.
    pub article: String,
    /// Byte offsets into that article's `text`.
    pub span: Span,
    /// The cited words, verbatim.
    pub text: String,
}

impl Evidence {
    /// Evidence for `span` of `text` in article `article`. Out-of-bounds spans give empty text.
    pub fn new(article: &str, text: &str, span: Span) -> Evidence {
        Evidence {
            article: article.to_string(),
            span,
            text: span.slice(text).unwrap_or_default().to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slice_respects_char_boundaries() {
        let t = "Bo’s phone";
        assert_eq!(Span::new(0, 2).slice(t), Some("Bo"));
        assert_eq!(
            Span::new(0, 3).slice(t),
            None,
            "inside the 3-byte apostrophe"
        );
        assert_eq!(Span::new(0, 5).slice(t), Some("Bo’"));
        assert_eq!(Span::new(5, 2), Span::new(2, 5));
    }

    #[test]
    fn cover_and_overlap() {
        let a = Span::new(2, 5);
        let b = Span::new(4, 9);
        assert!(a.overlaps(b));
        assert_eq!(a.cover(b), Span::new(2, 9));
        assert!(!a.overlaps(Span::new(5, 6)));
        assert!(Span::new(0, 10).contains(a));
        assert_eq!(a.shift(3), Span::new(5, 8));
    }

    #[test]
    fn evidence_copies_the_words() {
        let e = Evidence::new("a", "Ana met Bo", Span::new(8, 10));
        assert_eq!(e.text, "Bo");
        assert_eq!(Evidence::new("a", "x", Span::new(3, 9)).text, "");
    }
}
