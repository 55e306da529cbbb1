//! Rebuilds readable text from a CAT document's tokens, with a map from token id to byte span.
//!
//! Tokens are joined with single spaces, with no space before closing punctuation and
//! clitics or after opening brackets. The title (sentence 0) and the creation-time tokens are
//! metadata, not body text: they become `Article::title` and `Article::published` and their
//! tokens get no span. It does not parse XML or score.

use std::collections::HashMap;

use parallax_core::Span;

use crate::cat::CatDoc;

/// The body text of a document and where each token landed in it.
#[derive(Debug, Clone, Default)]
pub struct Rebuilt {
    /// The title (sentence 0) joined the same way.
    pub title: String,
    /// The dateline (sentence 1, where Wikinews writes the date), joined as the body is.
    pub dateline: String,
    /// The body text.
    pub text: String,
    /// Byte span of each body token, by token id.
    pub spans: HashMap<u32, Span>,
    /// End of the last body token of sentence `TIMEX_SENTENCES` or earlier: MEANTIME annotates
    /// times only up to there.
    pub timex_scope_end: usize,
}

/// The last sentence number in which MEANTIME annotates TIMEX3 (0 is the title, 1 the
/// creation time): the time layer covers the opening of each article only.
pub const TIMEX_SENTENCES: u32 = 5;

impl Rebuilt {
    /// The span from the first to the last of `tokens`, when all of them are in the body text.
    pub fn span_of(&self, tokens: &[u32]) -> Option<Span> {
        let mut out: Option<Span> = None;
        for t in tokens {
            let s = *self.spans.get(t)?;
            out = Some(match out {
                None => s,
                Some(o) => Span::new(o.start.min(s.start), o.end.max(s.end)),
            });
        }
        out
    }
}

fn no_space_before(tok: &str) -> bool {
    matches!(
        tok,
        "," | "."
            | ";"
            | ":"
            | "!"
            | "?"
            | ")"
            | "]"
            | "}"
            | "%"
            | "'s"
            | "’s"
            | "'"
            | "’"
            | "n't"
            | "'re"
            | "'ve"
            | "'ll"
            | "'d"
            | "'m"
            | "..."
    )
}

fn no_space_after(tok: &str) -> bool {
    matches!(tok, "(" | "[" | "{" | "$" | "#" | "“" | "‘")
}

/// Rebuild the title and body text of `doc`.
pub fn rebuild(doc: &CatDoc) -> Rebuilt {
    let creation: Vec<u32> = doc
        .creation_time()
        .map(|t| t.tokens.clone())
        .unwrap_or_default();
    let mut out = Rebuilt::default();
    let mut title_words: Vec<&str> = Vec::new();
    // Straight double quotes alternate between opening and closing.
    let mut quote_open = false;
    let mut glue_next = true;
    for tok in &doc.tokens {
        if tok.sentence == 0 {
            title_words.push(&tok.text);
            continue;
        }
        if tok.sentence == 1 {
            if !out.dateline.is_empty() && !no_space_before(&tok.text) {
                out.dateline.push(' ');
            }
            out.dateline.push_str(&tok.text);
        }
        if creation.contains(&tok.id) || tok.text.is_empty() {
            continue;
        }
        let word = tok.text.as_str();
        let mut glue = glue_next || no_space_before(word) || word == "”";
        let mut glue_after = no_space_after(word);
        if word == "\"" {
            if quote_open {
                glue = true;
            } else {
                glue_after = true;
            }
            quote_open = !quote_open;
        }
        if !glue && !out.text.is_empty() {
            out.text.push(' ');
        }
        let start = out.text.len();
        out.text.push_str(word);
        out.spans.insert(tok.id, Span::new(start, out.text.len()));
        if tok.sentence <= TIMEX_SENTENCES {
            out.timex_scope_end = out.text.len();
        }
        glue_next = glue_after;
    }
    out.title = title_words.join(" ");
    out
}
