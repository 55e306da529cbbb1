//! Plain text and Markdown: paragraphs, headings, list items, and header lines that carry
//! metadata (datelines, bylines) rather than body text.

use std::sync::LazyLock;

use chrono::NaiveDate;
use parallax_core::{Article, BlockKind, Paragraph, Provenance, Sourced, Span};
use regex::Regex;

static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{4}-\d{2}-\d{2})(?:\b|T)").unwrap_or_else(|e| panic!("{e}"))
});
static LONG_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b((?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{4})\b")
        .unwrap_or_else(|e| panic!("{e}"))
});
static BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:by\s+)([^,|•·]+?)(?:\s*[,|•·]|\s+(?:on\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|$)").unwrap_or_else(|e| panic!("{e}"))
});
static WIRE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Z][A-Z .,'-]{2,40}\(([A-Za-z][A-Za-z .&-]{1,30})\)\s*[—–-]")
        .unwrap_or_else(|e| panic!("{e}"))
});

/// Parse a date in the forms news metadata uses (ISO, RFC 3339, "January 6, 2026", "6 Jan 2026").
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Some(m) = ISO_DATE.captures(s).and_then(|c| c.get(1)) {
        return NaiveDate::parse_from_str(m.as_str(), "%Y-%m-%d").ok();
    }
    if let Ok(d) = chrono::DateTime::parse_from_rfc2822(s) {
        return Some(d.date_naive());
    }
    let m = LONG_DATE.captures(s).and_then(|c| c.get(1))?;
    let cleaned = m.as_str().replace([',', '.'], " ");
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let joined = words.join(" ");
    for fmt in ["%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(&joined, fmt) {
            return Some(d);
        }
    }
    // "Sept" is not chrono's abbreviation.
    NaiveDate::parse_from_str(&joined.replace("Sept ", "Sep "), "%b %d %Y").ok()
}

/// Metadata found in header lines.
#[derive(Default)]
struct Header {
    source: Option<String>,
    byline: Option<String>,
    date: Option<NaiveDate>,
    title: Option<String>,
}

/// Read a header line ("date 2026-01-06 by WorldTribune Staff, January 6, 2026 Real World News",
/// "By Jane Roe | March 2, 2026", "Published: 2026-03-02"). Returns true when the line is
/// metadata rather than body text.
fn header_line(line: &str, h: &mut Header) -> bool {
    let l = line.trim();
    let lower = l.to_lowercase();
    let words = l.split_whitespace().count();
    if words == 0
        || words > 25
        || l.ends_with(['.', '?', '!', '"', '”']) && !lower.starts_with("by ")
    {
        return false;
    }
    let mut hit = false;
    let rest = lower
        .strip_prefix("date ")
        .or_else(|| lower.strip_prefix("published:"))
        .or_else(|| lower.strip_prefix("published "))
        .or_else(|| lower.strip_prefix("updated:"));
    if (rest.is_some()
        || lower.starts_with("by ")
        || ISO_DATE.is_match(l)
        || LONG_DATE.is_match(l) && words <= 12)
        && let Some(d) = parse_date(l)
    {
        h.date.get_or_insert(d);
        hit = true;
    }
    // "by NAME Staff" / "By NAME"
    let by_at = lower
        .find("by ")
        .filter(|&i| i == 0 || lower[..i].ends_with(' '));
    if let Some(i) = by_at
        && let Some(c) = BY.captures(&l[i..])
    {
        let name = c.get(1).map_or("", |m| m.as_str()).trim().to_string();
        if !name.is_empty() && name.split_whitespace().count() <= 6 {
            if let Some(outlet) = name
                .strip_suffix(" Staff")
                .or_else(|| name.strip_suffix(" staff"))
            {
                h.source.get_or_insert(outlet.trim().to_string());
            }
            h.byline.get_or_insert(name);
            hit = true;
        }
    }
    hit
}

fn looks_like_heading(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.is_empty()
        || words.len() > 12
        || line.ends_with(['.', '?', '!', ':', ',', ';', '"', '”', '…'])
    {
        return false;
    }
    let caps = words
        .iter()
        .filter(|w| {
            w.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_uppercase)
        })
        .count();
    caps * 2 > words.len()
        && words.first().is_some_and(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c == '"' || c == '“')
        })
}

fn is_list_item(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("- ") || t.starts_with("* ") || t.starts_with("• ") || {
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        digits > 0
            && digits <= 3
            && t[digits..].starts_with([')', '.'])
            && t[digits + 1..].starts_with(' ')
    }
}

/// Build an article whose text is the given body lines joined by blank lines.
fn assemble(id: &str, blocks: Vec<(String, BlockKind)>) -> Article {
    let mut text = String::new();
    let mut paragraphs = Vec::new();
    for (b, kind) in blocks {
        let b = b.trim();
        if b.is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let start = text.len();
        text.push_str(b);
        paragraphs.push(Paragraph {
            span: Span::new(start, text.len()),
            kind,
        });
    }
    let mut a = Article::from_text(id, "");
    a.text = text;
    a.paragraphs = paragraphs;
    a
}

/// Body text with no header handling (JSON `text` fields).
pub fn plain_body(body: &str, id: &str) -> Article {
    let blocks = body
        .lines()
        .map(|l| (l.trim().to_string(), kind_of(l)))
        .collect();
    assemble(id, blocks)
}

fn kind_of(l: &str) -> BlockKind {
    if is_list_item(l) {
        BlockKind::ListItem
    } else if looks_like_heading(l.trim()) {
        BlockKind::Heading
    } else {
        BlockKind::Body
    }
}

/// Plain text: header lines at the top become metadata; the first line is a title when it
/// reads like a headline; short title-case lines between paragraphs are headings.
pub fn plain(s: &str, id: &str) -> Article {
    let lines: Vec<&str> = s.lines().filter(|l| !l.trim().is_empty()).collect();
    let mut h = Header::default();
    let mut i = 0;
    while i < lines.len().min(4) && header_line(lines[i], &mut h) {
        i += 1;
    }
    let mut body: Vec<&str> = lines[i..].to_vec();
    // A headline first line: short, no final period, followed by more text.
    if body.len() > 1 && looks_like_heading(body[0]) && body[0].split_whitespace().count() <= 20 {
        h.title = Some(body[0].trim().to_string());
        body.remove(0);
        while !body.is_empty() && header_line(body[0], &mut h) {
            body.remove(0);
        }
    }
    let blocks = body
        .iter()
        .map(|l| (l.trim().to_string(), kind_of(l)))
        .collect();
    let mut a = assemble(id, blocks);
    if let Some(first) = a.paragraphs.first().and_then(|p| p.span.slice(&a.text))
        && let Some(c) = WIRE.captures(first)
    {
        h.source.get_or_insert(c[1].trim().to_string());
    }
    set_header(&mut a, h, Provenance::Dateline);
    a
}

fn set_header(a: &mut Article, h: Header, p: Provenance) {
    a.source = h.source.map(|v| Sourced::new(v, p));
    a.byline = h.byline.map(|v| Sourced::new(v, p));
    a.published = h.date.map(|v| Sourced::new(v, p));
    a.title = h.title.map(|v| Sourced::new(v, p));
}

static MD_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"!?\[([^\]]*)\]\([^)]*\)").unwrap_or_else(|e| panic!("{e}")));
static MD_EMPH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\*\*|__|\*|`)").unwrap_or_else(|e| panic!("{e}")));

/// Markdown: optional front matter (`source:`, `date:`, `url:`, `title:`, `author:`), `# Title`,
/// headings, list items and block quotes; links and emphasis reduced to their text.
pub fn markdown(s: &str, id: &str) -> Article {
    let mut lines: Vec<&str> = s.lines().collect();
    let mut front: Vec<(String, String)> = Vec::new();
    if lines.first().is_some_and(|l| l.trim() == "---")
        && let Some(end) = lines.iter().skip(1).position(|l| l.trim() == "---")
    {
        for l in &lines[1..=end] {
            if let Some((k, v)) = l.split_once(':') {
                front.push((
                    k.trim().to_lowercase(),
                    v.trim().trim_matches('"').to_string(),
                ));
            }
        }
        lines.drain(..end + 2);
    }
    let mut title = None;
    let mut blocks = Vec::new();
    for l in lines {
        let t = l.trim();
        if t.is_empty() {
            continue;
        }
        let clean = |x: &str| {
            MD_EMPH
                .replace_all(&MD_LINK.replace_all(x, "$1"), "")
                .trim()
                .to_string()
        };
        if let Some(h) = t.strip_prefix("# ")
            && title.is_none()
            && blocks.is_empty()
        {
            title = Some(clean(h));
            continue;
        }
        if t.starts_with('#') {
            blocks.push((clean(t.trim_start_matches('#')), BlockKind::Heading));
        } else if let Some(q) = t.strip_prefix('>') {
            blocks.push((clean(q), BlockKind::Quote));
        } else if is_list_item(t) {
            blocks.push((
                clean(t.trim_start_matches(['-', '*', '•']).trim_start()),
                BlockKind::ListItem,
            ));
        } else {
            blocks.push((clean(t), BlockKind::Body));
        }
    }
    let mut a = assemble(id, blocks);
    let get = |k: &str| {
        front
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    let p = Provenance::Markdown;
    a.title = get("title").or(title).map(|v| Sourced::new(v, p));
    a.source = get("source")
        .or_else(|| get("outlet"))
        .map(|v| Sourced::new(v, p));
    a.byline = get("author")
        .or_else(|| get("byline"))
        .map(|v| Sourced::new(v, p));
    a.published = get("date")
        .or_else(|| get("published"))
        .and_then(|d| parse_date(&d))
        .map(|v| Sourced::new(v, p));
    a.url = get("url");
    a.language = get("language").or_else(|| get("lang"));
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dateline_becomes_metadata() {
        let a = plain(
            " date 2026-03-02 by Harbor Ledger Staff, March 2, 2026 Coastal News\n\n\n\nThe ferry resumed service on Monday.\n",
            "a",
        );
        assert_eq!(
            a.source.as_ref().map(|s| s.value.as_str()),
            Some("Harbor Ledger")
        );
        assert_eq!(
            a.byline.as_ref().map(|s| s.value.as_str()),
            Some("Harbor Ledger Staff")
        );
        assert_eq!(
            a.published.as_ref().map(|s| s.value.to_string()).as_deref(),
            Some("2026-03-02")
        );
        assert_eq!(a.text, "The ferry resumed service on Monday.");
        assert_eq!(
            a.published.map(|p| p.provenance),
            Some(Provenance::Dateline)
        );
    }

    #[test]
    fn headline_byline_headings_lists_and_wire_dateline() {
        let t = "Ferry Returns After Storm\nBy Jane Roe | March 2, 2026\nPORTVILLE (Wire Agency) — The ferry resumed service.\nWhat Comes Next\nOfficials listed three steps:\n1) Inspect the pier\n2) Reopen the kiosk\n";
        let a = plain(t, "a");
        assert_eq!(
            a.title.as_ref().map(|s| s.value.as_str()),
            Some("Ferry Returns After Storm")
        );
        assert_eq!(
            a.byline.as_ref().map(|s| s.value.as_str()),
            Some("Jane Roe")
        );
        assert_eq!(
            a.source.as_ref().map(|s| s.value.as_str()),
            Some("Wire Agency")
        );
        assert_eq!(
            a.published.as_ref().map(|s| s.value.to_string()).as_deref(),
            Some("2026-03-02")
        );
        let kinds: Vec<BlockKind> = a.paragraphs.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            [
                BlockKind::Body,
                BlockKind::Heading,
                BlockKind::Body,
                BlockKind::ListItem,
                BlockKind::ListItem
            ]
        );
        for p in &a.paragraphs {
            assert!(p.span.slice(&a.text).is_some());
        }
    }

    #[test]
    fn text_without_header_is_all_body() {
        let a = plain(
            "In a quiet ceremony, the mayor opened the bridge on Monday, officials said.\nA Bridge for Everyone\nCrowds gathered.",
            "a",
        );
        assert!(a.source.is_none() && a.published.is_none() && a.title.is_none());
        assert_eq!(a.paragraphs[1].kind, BlockKind::Heading);
    }

    #[test]
    fn markdown_front_matter_and_syntax() {
        let m = "---\nsource: Daily Lantern\ndate: 2026-03-02\n---\n# Bridge opens\n\nThe **new** bridge [opened](http://x) today.\n\n## Reactions\n\n- People cheered.\n> \"Great day,\" said Ann.\n";
        let a = markdown(m, "a");
        assert_eq!(a.title.map(|t| t.value).as_deref(), Some("Bridge opens"));
        assert_eq!(a.source.map(|t| t.value).as_deref(), Some("Daily Lantern"));
        assert!(a.text.starts_with("The new bridge opened today."));
        assert_eq!(a.paragraphs.len(), 4);
    }

    #[test]
    fn dates_in_several_forms() {
        for s in [
            "2026-01-06",
            "January 6, 2026",
            "Jan. 6, 2026",
            "6 January 2026",
            "Tue, 06 Jan 2026 10:00:00 +0000",
            "2026-01-06T09:00:00Z",
        ] {
            assert_eq!(
                parse_date(s).map(|d| d.to_string()).as_deref(),
                Some("2026-01-06"),
                "{s}"
            );
        }
    }
}
