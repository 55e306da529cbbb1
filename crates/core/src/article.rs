//! The article: one report of one event, as extracted text plus metadata.
//!
//! Text is frozen once extracted: later stages add layers of spans over it and never rewrite it.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Span;

/// Where a piece of metadata came from, so a reader can judge how far to trust it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    /// Given by the user on the command line (`--source`, `--date`).
    Flag,
    /// Given by a sidecar file next to the input (`FILE.meta.json`).
    Sidecar,
    /// A field of a JSON article object.
    JsonField,
    /// HTML metadata: JSON-LD, OpenGraph, `<meta>`, `<time>`.
    HtmlMeta,
    /// A feed item's own field.
    Feed,
    /// Recognised in the text itself (a dateline such as "date 2026-01-06 by … Staff").
    Dateline,
    /// Markdown front matter or heading.
    Markdown,
    /// Derived from the input's name (file name, URL host) for want of anything better.
    InputName,
}

/// A metadata value with its provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Sourced<T> {
    /// The value.
    pub value: T,
    /// Where it came from.
    pub provenance: Provenance,
}

impl<T> Sourced<T> {
    /// A value with its provenance.
    pub fn new(value: T, provenance: Provenance) -> Sourced<T> {
        Sourced { value, provenance }
    }
}

/// What kind of block a paragraph is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// Running body text.
    Body,
    /// A section heading inside the article (no claims are read from it).
    Heading,
    /// A list item.
    ListItem,
    /// A block quotation or embedded post.
    Quote,
}

/// One block of the article's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Paragraph {
    /// Where the block lies in `Article::text`.
    pub span: Span,
    /// What kind of block it is.
    pub kind: BlockKind,
}

/// One news article, extracted to plain text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Article {
    /// Short id, unique within one comparison (e.g. `a1`).
    pub id: String,
    /// The input it came from (a path, `-`, a URL).
    pub input: String,
    /// The outlet that published it ("Harbor Ledger").
    pub source: Option<Sourced<String>>,
    /// Canonical URL when known.
    pub url: Option<String>,
    /// Headline.
    pub title: Option<Sourced<String>>,
    /// Author line.
    pub byline: Option<Sourced<String>>,
    /// Publication date, the anchor for "on Monday" or "last year".
    pub published: Option<Sourced<NaiveDate>>,
    /// Last-modified date, when the document gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<Sourced<NaiveDate>>,
    /// Lead image URL, when the document names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// ISO 639-1 language code when known.
    pub language: Option<String>,
    /// The body text. All spans of all layers point into it.
    pub text: String,
    /// Blocks of `text`, in order, non-overlapping.
    pub paragraphs: Vec<Paragraph>,
}

/// Most words of an article's opening that stand in for a missing headline.
pub const OPENING_WORDS: usize = 12;

impl Article {
    /// An article from plain text: blank-line or line-break separated paragraphs, no metadata.
    pub fn from_text(id: &str, text: &str) -> Article {
        Article {
            id: id.to_string(),
            input: id.to_string(),
            source: None,
            url: None,
            title: None,
            byline: None,
            published: None,
            modified: None,
            image: None,
            language: None,
            text: text.to_string(),
            paragraphs: split_paragraphs(text),
        }
    }

    /// The outlet's name, or the article id when unknown.
    pub fn source_name(&self) -> &str {
        self.source
            .as_ref()
            .map(|s| s.value.as_str())
            .unwrap_or(&self.id)
    }

    /// A line that names the article for a list: its headline; else the opening words of its
    /// text (up to [`OPENING_WORDS`], cut at the first sentence's end, "…" when cut short);
    /// else the outlet's name.
    pub fn headline_or_opening(&self) -> String {
        if let Some(t) = self.title.as_ref().filter(|t| !t.value.trim().is_empty()) {
            return t.value.clone();
        }
        let words: Vec<&str> = self
            .text
            .split_whitespace()
            .take(OPENING_WORDS + 1)
            .collect();
        if words.is_empty() {
            return self.source_name().to_string();
        }
        let mut line = Vec::new();
        for w in words.iter().take(OPENING_WORDS) {
            line.push(*w);
            if w.ends_with(['.', '!', '?']) && line.len() >= 3 {
                return line.join(" ");
            }
        }
        let cut = words.len() > OPENING_WORDS;
        let line = line.join(" ");
        if cut {
            format!("{}…", line.trim_end_matches([',', ';', ':']))
        } else {
            line
        }
    }

    /// Number of words in the body (runs of alphanumeric characters).
    pub fn word_count(&self) -> usize {
        self.text
            .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’' && c != '-')
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count()
    }
}

/// Split text into body paragraphs at line breaks, skipping blank lines and trimming spaces.
pub fn split_paragraphs(text: &str) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start_trim = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            let start = offset + start_trim;
            out.push(Paragraph {
                span: Span::new(start, start + trimmed.len()),
                kind: BlockKind::Body,
            });
        }
        offset += line.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_trimmed_lines() {
        let t = "  First line.\n\n Second one. \n";
        let ps = split_paragraphs(t);
        assert_eq!(ps.len(), 2);
        assert_eq!(ps[0].span.slice(t), Some("First line."));
        assert_eq!(ps[1].span.slice(t), Some("Second one."));
    }

    #[test]
    fn an_untitled_article_is_named_by_its_opening() {
        let mut a = Article::from_text("lantern", "The ferry is back. Crowds met it at dawn.");
        assert_eq!(a.headline_or_opening(), "The ferry is back.");
        a.text = "Crowds lined the quay at dawn on Monday as the first ferry in a week, delayed by storms, came in".into();
        assert_eq!(
            a.headline_or_opening(),
            "Crowds lined the quay at dawn on Monday as the first ferry…"
        );
        a.text = "Short note".into();
        assert_eq!(a.headline_or_opening(), "Short note");
        a.text = " ".into();
        assert_eq!(a.headline_or_opening(), "lantern");
        a.title = Some(Sourced::new("Ferry back".into(), Provenance::HtmlMeta));
        assert_eq!(a.headline_or_opening(), "Ferry back");
    }

    #[test]
    fn word_count_counts_words() {
        let a = Article::from_text("a", "Vael’s photo — shared 3,400 times.");
        assert_eq!(a.word_count(), 6);
        assert_eq!(a.source_name(), "a");
    }
}
