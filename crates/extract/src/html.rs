//! HTML: metadata from JSON-LD, OpenGraph and `<meta>`; body text from the block elements of
//! `<article>`/`<main>` (else the element holding the most paragraph text).
//!
//! Walks are iterative (an explicit stack) so 100,000-deep nesting cannot overflow the stack.

use parallax_core::{Article, BlockKind, Paragraph, Provenance, Sourced, Span};
use scraper::{ElementRef, Html, Node, Selector};

use crate::text::parse_date;

const SKIP: &[&str] = &[
    "script",
    "style",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "noscript",
    "template",
    "svg",
    "button",
    "iframe",
    "figcaption",
];

fn sel(s: &str) -> Option<Selector> {
    Selector::parse(s).ok()
}

fn meta(doc: &Html, names: &[&str]) -> Option<String> {
    for n in names {
        let s = sel(&format!(
            "meta[property=\"{n}\"], meta[name=\"{n}\"], meta[itemprop=\"{n}\"]"
        ))?;
        if let Some(v) = doc.select(&s).find_map(|e| e.value().attr("content")) {
            let v = v.trim();
            if !v.is_empty() {
                return Some(v.to_string());
            }
        }
    }
    None
}

fn json_ld(doc: &Html) -> Vec<serde_json::Value> {
    let Some(s) = sel("script[type=\"application/ld+json\"]") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in doc.select(&s) {
        let t: String = e.text().collect();
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(&t) {
            let items = match v {
                serde_json::Value::Array(a) => a,
                serde_json::Value::Object(ref o) if o.contains_key("@graph") => o
                    .get("@graph")
                    .and_then(|g| g.as_array())
                    .cloned()
                    .unwrap_or_default(),
                other => vec![other],
            };
            out.extend(items);
        }
    }
    out
}

fn ld_name(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Object(o) => o.get("name").and_then(ld_name),
        serde_json::Value::Array(a) => {
            let n: Vec<String> = a.iter().filter_map(ld_name).collect();
            (!n.is_empty()).then(|| n.join(", "))
        }
        _ => None,
    }
}

/// Deepest element nesting past which the HTML parser's tree building turns quadratic;
/// such documents are read as flat text instead.
pub const MAX_DEPTH: usize = 1_000;

/// Rough maximum nesting depth of a document (open minus close tags, void elements ignored).
pub fn nesting_depth(html: &str) -> usize {
    const VOID: &[&str] = &[
        "br", "img", "hr", "meta", "link", "input", "source", "wbr", "area", "base", "col",
        "embed", "param", "track",
    ];
    let (mut depth, mut max) = (0usize, 0usize);
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(off) = b.get(i..).and_then(|r| r.iter().position(|&c| c == b'<')) {
        i += off + 1;
        let closing = b.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let end = b[start..]
            .iter()
            .position(|c| !c.is_ascii_alphanumeric())
            .map_or(b.len(), |e| start + e);
        if end == start {
            continue;
        }
        let name = html.get(start..end).unwrap_or("").to_ascii_lowercase();
        let self_closing = b[end..]
            .iter()
            .position(|&c| c == b'>')
            .is_some_and(|g| g > 0 && b[end + g - 1] == b'/');
        if closing {
            depth = depth.saturating_sub(1);
        } else if !VOID.contains(&name.as_str()) && !self_closing {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// Text of a document with every tag removed (the fallback for pathological nesting).
fn flat_text(html: &str, id: &str) -> Article {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let text = out
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    let body = text.split_whitespace().collect::<Vec<_>>().join(" ");
    crate::text::plain_body(&body, id)
}

/// Extract an article from an HTML document.
pub fn extract(html: &str, id: &str) -> Article {
    if nesting_depth(html) > MAX_DEPTH {
        return flat_text(html, id);
    }
    let doc = Html::parse_document(html);
    let ld: Vec<serde_json::Value> = json_ld(&doc);
    let article_ld = ld.iter().find(|v| {
        v.get("@type")
            .and_then(|t| t.as_str())
            .is_some_and(|t| t.contains("Article") || t == "Report")
    });
    let ldf = |k: &str| article_ld.and_then(|v| v.get(k)).and_then(ld_name);
    let title = ldf("headline")
        .or_else(|| meta(&doc, &["og:title", "twitter:title"]))
        .or_else(|| {
            sel("title")
                .and_then(|s| doc.select(&s).next())
                .map(|e| e.text().collect::<String>().trim().to_string())
        })
        .filter(|t| !t.is_empty());
    let source = article_ld
        .and_then(|v| v.get("publisher"))
        .and_then(ld_name)
        .or_else(|| meta(&doc, &["og:site_name", "application-name"]));
    let byline = ldf("author").or_else(|| meta(&doc, &["author", "article:author", "byl"]));
    let published = ldf("datePublished")
        .or_else(|| {
            meta(
                &doc,
                &[
                    "article:published_time",
                    "datePublished",
                    "pubdate",
                    "date",
                    "dc.date",
                ],
            )
        })
        .or_else(|| {
            sel("time[datetime]")
                .and_then(|s| doc.select(&s).next())
                .and_then(|e| e.value().attr("datetime").map(str::to_string))
        })
        .and_then(|d| parse_date(&d));
    let lang = sel("html")
        .and_then(|s| doc.select(&s).next())
        .and_then(|e| {
            e.value()
                .attr("lang")
                .map(|l| l.split('-').next().unwrap_or(l).to_lowercase())
        });
    let url = sel("link[rel=\"canonical\"]")
        .and_then(|s| doc.select(&s).next())
        .and_then(|e| e.value().attr("href").map(str::to_string))
        .or_else(|| meta(&doc, &["og:url"]));
    let root = ["article", "main", "[role=main]", "body"]
        .iter()
        .filter_map(|s| sel(s))
        .find_map(|s| doc.select(&s).next())
        .unwrap_or_else(|| doc.root_element());
    let blocks = blocks(root);
    let mut text = String::new();
    let mut paragraphs = Vec::new();
    for (b, kind) in blocks {
        if title.as_deref() == Some(b.as_str()) && paragraphs.is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let start = text.len();
        text.push_str(&b);
        paragraphs.push(Paragraph {
            span: Span::new(start, text.len()),
            kind,
        });
    }
    let p = Provenance::HtmlMeta;
    let mut a = Article::from_text(id, "");
    a.text = text;
    a.paragraphs = paragraphs;
    a.title = title.map(|v| Sourced::new(v, p));
    a.source = source.map(|v| Sourced::new(v, p));
    a.byline = byline.map(|v| Sourced::new(v, p));
    a.published = published.map(|v| Sourced::new(v, p));
    a.language = lang;
    a.url = url;
    a
}

/// Block texts under `root`, in document order, by an iterative walk.
fn blocks(root: ElementRef<'_>) -> Vec<(String, BlockKind)> {
    let mut out = Vec::new();
    let mut stack = vec![*root];
    while let Some(node) = stack.pop() {
        let Some(el) = ElementRef::wrap(node) else {
            continue;
        };
        let name = el.value().name();
        if SKIP.contains(&name)
            || el.value().attr("hidden").is_some()
            || el.value().attr("aria-hidden") == Some("true")
        {
            continue;
        }
        let kind = match name {
            "p" => Some(BlockKind::Body),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Some(BlockKind::Heading),
            "li" => Some(BlockKind::ListItem),
            "blockquote" => Some(BlockKind::Quote),
            _ => None,
        };
        if let Some(k) = kind {
            let t = inline_text(el);
            if !t.is_empty() {
                out.push((t, k));
            }
            continue;
        }
        // Children in reverse so the stack pops them in document order.
        let children: Vec<_> = node.children().collect();
        for c in children.into_iter().rev() {
            if let Node::Text(t) = c.value() {
                // Loose text directly in a container (e.g. a <div> with text and <br>s).
                let s = t.split_whitespace().collect::<Vec<_>>().join(" ");
                if s.split_whitespace().count() >= 8 {
                    out.push((s, BlockKind::Body));
                }
                continue;
            }
            stack.push(c);
        }
    }
    // The loose-text pushes above happen out of order relative to siblings; keep block order
    // stable by leaving them where they were found (good enough for containers of one kind).
    out
}

/// Text of an element with whitespace collapsed and skipped children left out (iterative).
fn inline_text(el: ElementRef<'_>) -> String {
    let mut s = String::new();
    let mut stack = vec![*el];
    while let Some(node) = stack.pop() {
        match node.value() {
            Node::Text(t) => {
                s.push_str(t);
            }
            Node::Element(e) => {
                if SKIP.contains(&e.name()) {
                    continue;
                }
                if e.name() == "br" {
                    s.push(' ');
                }
                let children: Vec<_> = node.children().collect();
                for c in children.into_iter().rev() {
                    stack.push(c);
                }
            }
            _ => {}
        }
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_and_blocks() {
        let h = r#"<html lang="en-GB"><head><title>Site | Bridge</title>
        <meta property="og:site_name" content="Daily Lantern">
        <script type="application/ld+json">{"@type":"NewsArticle","headline":"Bridge opens","datePublished":"2026-03-02T08:00:00Z","author":{"name":"Ann Lee"}}</script>
        </head><body><nav><p>Menu item</p></nav><article><h1>Bridge opens</h1><p>The new <b>bridge</b><br>opened today.</p><h2>Reactions</h2><ul><li>People cheered.</li></ul><blockquote>"Great," said Ann.</blockquote></article><footer><p>Copyright</p></footer></body></html>"#;
        let a = extract(h, "a");
        assert_eq!(
            a.title.as_ref().map(|t| t.value.as_str()),
            Some("Bridge opens")
        );
        assert_eq!(
            a.source.as_ref().map(|t| t.value.as_str()),
            Some("Daily Lantern")
        );
        assert_eq!(a.byline.as_ref().map(|t| t.value.as_str()), Some("Ann Lee"));
        assert_eq!(
            a.published.as_ref().map(|t| t.value.to_string()).as_deref(),
            Some("2026-03-02")
        );
        assert_eq!(a.language.as_deref(), Some("en"));
        assert_eq!(
            a.text,
            "The new bridge opened today.\n\nReactions\n\nPeople cheered.\n\n\"Great,\" said Ann."
        );
        let kinds: Vec<BlockKind> = a.paragraphs.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            [
                BlockKind::Body,
                BlockKind::Heading,
                BlockKind::ListItem,
                BlockKind::Quote
            ]
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let depth = 100_000;
        let h = format!(
            "{}<p>Deep text here.</p>{}",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let a = extract(&h, "a");
        assert!(a.text.contains("Deep text here."));
    }

    #[test]
    fn hostile_markup_is_text_not_markup() {
        let a = extract(
            "<html><body><p>Click &lt;script&gt;alert(1)&lt;/script&gt; now</p><script>evil()</script></body></html>",
            "a",
        );
        assert_eq!(a.text, "Click <script>alert(1)</script> now");
    }
}
