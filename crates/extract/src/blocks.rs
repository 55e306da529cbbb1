//! Building an article body: blocks of text joined by blank lines, with a span per block.
//!
//! Owns the one invariant every format relies on: `text` is the blocks joined by `"\n\n"`,
//! each block is whitespace-collapsed and trimmed (so it holds no line break), and every
//! paragraph span slices exactly its block. It does not decide what a block is.

use parallax_core::{Article, BlockKind, Paragraph, Span};

/// An article body under construction.
#[derive(Debug, Default, Clone)]
pub struct Body {
    text: String,
    paragraphs: Vec<Paragraph>,
}

impl Body {
    /// Append a block; whitespace runs collapse to one space, and an empty block is dropped.
    pub fn push(&mut self, block: &str, kind: BlockKind) {
        let mut words = block.split_whitespace().peekable();
        if words.peek().is_none() {
            return;
        }
        if !self.text.is_empty() {
            self.text.push_str("\n\n");
        }
        let start = self.text.len();
        for (i, w) in words.enumerate() {
            if i > 0 {
                self.text.push(' ');
            }
            self.text.push_str(w);
        }
        self.paragraphs.push(Paragraph {
            span: Span::new(start, self.text.len()),
            kind,
        });
    }

    /// The blocks so far, as (text, kind).
    pub fn blocks(&self) -> impl Iterator<Item = (&str, BlockKind)> {
        self.paragraphs
            .iter()
            .map(|p| (p.span.slice(&self.text).unwrap_or(""), p.kind))
    }

    /// An article with this body and no metadata.
    pub fn into_article(self, id: &str) -> Article {
        let mut a = Article::from_text(id, "");
        a.text = self.text;
        a.paragraphs = self.paragraphs;
        a
    }
}

/// Rebuild a body from (text, kind) blocks, e.g. after dropping some.
pub fn rebuild<'a>(blocks: impl IntoIterator<Item = (&'a str, BlockKind)>) -> Body {
    let mut b = Body::default();
    for (t, k) in blocks {
        b.push(t, k);
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_slice_their_blocks() {
        let mut b = Body::default();
        b.push("  First   block\twith  spaces ", BlockKind::Body);
        b.push("   ", BlockKind::Body);
        b.push("Zweiter Absatz: Grüße\r\naus Köln", BlockKind::Quote);
        let a = b.into_article("a");
        assert_eq!(
            a.text,
            "First block with spaces\n\nZweiter Absatz: Grüße aus Köln"
        );
        assert_eq!(a.paragraphs.len(), 2);
        assert_eq!(
            a.paragraphs[1].span.slice(&a.text),
            Some("Zweiter Absatz: Grüße aus Köln")
        );
        assert_eq!(a.paragraphs[1].kind, BlockKind::Quote);
    }
}
