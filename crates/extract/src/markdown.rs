//! Markdown: front matter, the `# Title`, headings, list items, block quotes and paragraphs,
//! with inline syntax (emphasis, links, images, code spans, inline HTML) reduced to its text.
//!
//! A deliberately small block parser for articles, not a CommonMark implementation: no
//! tables, no nested list structure (each item is one block), fenced and indented code is
//! skipped (and noted). Front matter is read as `key: value` lines, not full YAML.

use std::sync::LazyLock;

use parallax_core::BlockKind;
use regex::Regex;

use crate::Parsed;
use crate::blocks::Body;
use crate::header::{Header, header_line, wire_outlet};
use crate::text::list_item;

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("bad built-in pattern {pattern}: {e}"))
}

static IMAGE: LazyLock<Regex> = LazyLock::new(|| re(r"!\[[^\]]*\]\([^)]*\)"));
static LINK: LazyLock<Regex> = LazyLock::new(|| re(r"\[([^\]]*)\]\([^)]*\)"));
static REF_LINK: LazyLock<Regex> = LazyLock::new(|| re(r"\[([^\]]+)\]\[[^\]]*\]"));
static AUTOLINK: LazyLock<Regex> = LazyLock::new(|| re(r"<((?:https?|mailto):[^>\s]+)>"));
static TAG: LazyLock<Regex> = LazyLock::new(|| re(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"));
static CODE: LazyLock<Regex> = LazyLock::new(|| re(r"`+([^`]+)`+"));
static STRONG: LazyLock<Regex> = LazyLock::new(|| re(r"\*\*([^*]+)\*\*|__([^_]+)__"));
static EMPH_STAR: LazyLock<Regex> = LazyLock::new(|| re(r"\*([^*\s](?:[^*]*[^*\s])?)\*"));
static EMPH_UNDER: LazyLock<Regex> =
    LazyLock::new(|| re(r"(^|[^\w])_([^_\s](?:[^_]*[^_\s])?)_([^\w]|$)"));
static STRIKE: LazyLock<Regex> = LazyLock::new(|| re(r"~~([^~]+)~~"));
static ESCAPE: LazyLock<Regex> = LazyLock::new(|| re(r"\\([\\`*_{}\[\]()#+\-.!>~|])"));
static ATX: LazyLock<Regex> = LazyLock::new(|| re(r"^(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$"));
static REF_DEF: LazyLock<Regex> = LazyLock::new(|| re(r"^\s{0,3}\[[^\]]+\]:\s*\S"));

/// Characters a backslash escapes.
const ESCAPABLE: &str = "\\`*_{}[]()#+-.!>~|";

/// Inline Markdown to plain text.
pub fn inline(s: &str) -> String {
    // Escaped characters are hidden in private-use code points while the syntax is removed.
    let hide = |c: char| {
        ESCAPABLE
            .find(c)
            .and_then(|i| char::from_u32(0xE000 + i as u32))
    };
    let s = ESCAPE.replace_all(s, |c: &regex::Captures<'_>| {
        let ch = c
            .get(1)
            .and_then(|m| m.as_str().chars().next())
            .unwrap_or('\\');
        hide(ch).map_or_else(|| ch.to_string(), String::from)
    });
    let s = IMAGE.replace_all(&s, "");
    let s = LINK.replace_all(&s, "$1");
    let s = REF_LINK.replace_all(&s, "$1");
    let s = AUTOLINK.replace_all(&s, "$1");
    let s = TAG.replace_all(&s, "");
    let s = CODE.replace_all(&s, "$1");
    let s = STRONG.replace_all(&s, "$1$2");
    let s = EMPH_STAR.replace_all(&s, "$1");
    let s = EMPH_UNDER.replace_all(&s, "$1$2$3");
    let s = STRIKE.replace_all(&s, "$1");
    s.chars()
        .map(|c| {
            let i = (c as u32).wrapping_sub(0xE000) as usize;
            ESCAPABLE
                .chars()
                .nth(i)
                .filter(|_| (0xE000..0xE000 + 32).contains(&(c as u32)))
                .unwrap_or(c)
        })
        .collect()
}

/// Front matter between `---` lines at the very start, as lower-case keys and values.
fn front_matter(s: &str) -> (Vec<(String, String)>, &str) {
    let mut lines = s.split_inclusive('\n');
    let Some(first) = lines.next() else {
        return (Vec::new(), s);
    };
    if first.trim() != "---" {
        return (Vec::new(), s);
    }
    let mut fields = Vec::new();
    let mut offset = first.len();
    for line in lines {
        offset += line.len();
        let t = line.trim();
        if t == "---" || t == "..." {
            return (fields, s.get(offset..).unwrap_or(""));
        }
        if let Some((k, v)) = t.split_once(':') {
            let v = v.trim().trim_matches(|c| c == '"' || c == '\'').trim();
            if !k.trim().is_empty() && !v.is_empty() {
                fields.push((k.trim().to_lowercase(), v.to_string()));
            }
        }
    }
    // No closing line: not front matter after all.
    (Vec::new(), s)
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum Open {
    None,
    Para,
    Quote,
    Item,
}

struct Builder {
    body: Body,
    title: Option<String>,
    open: Open,
    buf: Vec<String>,
}

impl Builder {
    fn flush(&mut self) {
        let joined = inline(&self.buf.join(" "));
        let kind = match self.open {
            Open::Quote => BlockKind::Quote,
            Open::Item => BlockKind::ListItem,
            _ => BlockKind::Body,
        };
        self.body.push(&joined, kind);
        self.buf.clear();
        self.open = Open::None;
    }

    fn heading(&mut self, level: usize, text: &str) {
        self.flush();
        let t = inline(text);
        if level == 1 && self.title.is_none() && self.body.blocks().next().is_none() {
            self.title = Some(t.split_whitespace().collect::<Vec<_>>().join(" "));
        } else {
            self.body.push(&t, BlockKind::Heading);
        }
    }

    fn add(&mut self, kind: Open, line: &str) {
        if self.open != kind {
            self.flush();
            self.open = kind;
        }
        self.buf.push(line.to_string());
    }
}

/// Markdown to body and metadata. Front-matter fields come back in `fields`.
pub fn markdown(s: &str) -> (Parsed, Vec<(String, String)>) {
    let (fields, rest) = front_matter(s);
    let mut b = Builder {
        body: Body::default(),
        title: None,
        open: Open::None,
        buf: Vec::new(),
    };
    let mut fence: Option<&str> = None;
    let mut code_blocks = 0;
    for line in rest.lines() {
        let t = line.trim();
        if let Some(f) = fence {
            if t.starts_with(f) {
                fence = None;
            }
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            b.flush();
            fence = Some(if t.starts_with("```") { "```" } else { "~~~" });
            code_blocks += 1;
            continue;
        }
        if t.is_empty() {
            b.flush();
            continue;
        }
        if line.starts_with("    ") && b.open == Open::None && list_item(t).is_none() {
            // Indented code (not a continuation of an open block).
            code_blocks += 1;
            continue;
        }
        if let Some(c) = ATX.captures(t) {
            let level = c.get(1).map_or(1, |m| m.as_str().len());
            b.heading(level, c.get(2).map_or("", |m| m.as_str()));
            continue;
        }
        let rule = t.len() >= 3
            && (t.chars().all(|c| c == '-' || c == ' ')
                || t.chars().all(|c| c == '*' || c == ' ')
                || t.chars().all(|c| c == '_' || c == ' '));
        let setext = t.chars().all(|c| c == '=') || t.chars().all(|c| c == '-');
        if setext && b.open == Open::Para && b.buf.len() == 1 {
            let text = b.buf.pop().unwrap_or_default();
            b.open = Open::None;
            b.heading(if t.starts_with('=') { 1 } else { 2 }, &text);
            continue;
        }
        if rule {
            b.flush();
            continue;
        }
        if REF_DEF.is_match(line) {
            continue;
        }
        if let Some(q) = t.strip_prefix('>') {
            let q = q.trim_start_matches(['>', ' ']);
            if q.is_empty() {
                b.flush();
            } else {
                b.add(Open::Quote, q);
            }
            continue;
        }
        if let Some(item) = list_item(t) {
            b.flush();
            b.add(Open::Item, item);
            continue;
        }
        if b.open == Open::Item || b.open == Open::Quote {
            // Lazy continuation of the open item or quote.
            b.buf.push(t.to_string());
            continue;
        }
        b.add(Open::Para, t);
    }
    b.flush();
    // Byline and date lines right under the title are metadata too.
    let mut header = Header::default();
    let blocks: Vec<(String, BlockKind)> =
        b.body.blocks().map(|(t, k)| (t.to_string(), k)).collect();
    let mut skip = 0;
    for (t, k) in blocks.iter().take(3) {
        if *k == BlockKind::Body && header_line(t, &mut header) {
            skip += 1;
        } else {
            break;
        }
    }
    let body = crate::blocks::rebuild(blocks.iter().skip(skip).map(|(t, k)| (t.as_str(), *k)));
    if header.source.is_none() {
        header.source = body
            .blocks()
            .find(|(_, k)| *k == BlockKind::Body)
            .and_then(|(t, _)| wire_outlet(t));
    }
    let mut notes = Vec::new();
    if code_blocks > 0 {
        notes.push(format!("skipped {code_blocks} Markdown code block(s)"));
    }
    (
        Parsed {
            body,
            header,
            title: b.title,
            notes,
        },
        fields,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_syntax_reduces_to_text() {
        assert_eq!(
            inline("The **new** bridge [opened](http://example.invalid/x) _today_."),
            "The new bridge opened today."
        );
        assert_eq!(
            inline("A ![photo](p.png)view of `pier_7` and snake_case_name."),
            "A view of pier_7 and snake_case_name."
        );
        assert_eq!(
            inline("See <https://example.invalid> or [the report][1]; ~~old~~ \\*not emphasis\\*"),
            "See https://example.invalid or the report; old *not emphasis*"
        );
        assert_eq!(inline("Fish <em>and</em> chips"), "Fish and chips");
        assert_eq!(inline("2 * 3 * 4"), "2 * 3 * 4");
    }

    #[test]
    fn front_matter_title_blocks() {
        let m = "---\nsource: Daily Lantern\ndate: 2026-03-02\nurl: https://example.invalid/bridge\n---\n# Bridge *Opens*\n\nBy Ann Lee\n\nThe **new** bridge\n[opened](http://x) today.\n\n## Reactions\n\n- People cheered.\n- Some wept\n  with joy.\n\n> \"Great day,\"\n> said Ann.\n\n```\ncode here\n```\n\nSetext Heading\n--------------\n\nEnd.\n";
        let (p, fields) = markdown(m);
        assert_eq!(
            fields[0],
            ("source".to_string(), "Daily Lantern".to_string())
        );
        assert_eq!(fields.len(), 3);
        assert_eq!(p.title.as_deref(), Some("Bridge Opens"));
        assert_eq!(p.header.byline.as_deref(), Some("Ann Lee"));
        let blocks: Vec<(&str, BlockKind)> = p.body.blocks().collect();
        use BlockKind::*;
        assert_eq!(
            blocks,
            [
                ("The new bridge opened today.", Body),
                ("Reactions", Heading),
                ("People cheered.", ListItem),
                ("Some wept with joy.", ListItem),
                ("\"Great day,\" said Ann.", Quote),
                ("Setext Heading", Heading),
                ("End.", Body),
            ]
        );
        assert_eq!(p.notes, ["skipped 1 Markdown code block(s)"]);
    }

    #[test]
    fn unclosed_front_matter_is_text() {
        let (p, fields) = markdown("---\nThe ferry ran late: again.\n");
        assert!(fields.is_empty());
        assert_eq!(
            p.body.blocks().next().map(|b| b.0),
            Some("The ferry ran late: again.")
        );
    }
}
