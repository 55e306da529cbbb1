//! Raw input to an [`Article`]: format detection, decoding, body text with block kinds, and
//! metadata with its provenance.
//!
//! Reads plain text (with datelines such as `date 2026-01-06 by CityCourier Staff, …`),
//! Markdown, HTML (JSON-LD, OpenGraph, `<meta>`; main-content blocks) and JSON article
//! objects; a `.meta.json` sidecar overrides metadata. Pure: no files, no network, no clock.
//! Messy input is data: the article comes back with diagnostics, and only input with no
//! usable text is an error. It does not guess a language or invent an outlet: the caller
//! decides fallbacks for what is left `None`.
//!
//! ```
//! use parallax_ingest::RawInput;
//! let raw = RawInput {
//!     input: "story.txt".into(),
//!     bytes: b"By Harbor Ledger Staff\n\nThe ferry resumed service on Monday.".to_vec(),
//!     ..RawInput::default()
//! };
//! let a = parallax_extract::extract(&raw, "a1").unwrap().article;
//! assert_eq!(a.source_name(), "Harbor Ledger");
//! assert_eq!(a.text, "The ferry resumed service on Monday.");
//! ```
#![deny(missing_docs)]

mod blocks;
mod dates;
mod decode;
mod header;
mod html;
mod htmlmeta;
mod json;
mod markdown;
mod prescan;
mod text;

use parallax_core::{Article, BlockKind, Diagnostic, Provenance, Sourced};
use parallax_ingest::RawInput;

pub use dates::parse_date;
pub use decode::BinaryKind;

/// An extracted article and what was noticed on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    /// The article.
    pub article: Article,
    /// Warnings and notes (invalid UTF-8 replaced, unusable metadata fields, skipped code).
    pub diagnostics: Vec<Diagnostic>,
}

/// Why no article could be extracted. Every message is one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    /// Nothing but whitespace.
    #[error("empty input")]
    Empty,
    /// Input with markup, metadata or structure but no body text.
    #[error("no article text found")]
    NoText,
    /// Not text at all.
    #[error("{0}")]
    Binary(BinaryKind),
    /// A JSON input that is not one article object.
    #[error("invalid JSON article: {0}")]
    Json(String),
}

/// The formats [`extract`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InputFormat {
    /// Plain text.
    Text,
    /// Markdown.
    Markdown,
    /// HTML.
    Html,
    /// A JSON article object.
    Json,
}

/// What a format reader hands back before metadata is resolved.
pub(crate) struct Parsed {
    pub body: blocks::Body,
    /// Metadata read from header lines in the text.
    pub header: header::Header,
    /// A headline found in the text itself.
    pub title: Option<String>,
    /// Informational notes.
    pub notes: Vec<String>,
}

/// Guess the format from the content type, then the file extension, then the content.
pub fn detect_format(raw: &RawInput) -> InputFormat {
    let bytes = raw
        .bytes
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(&raw.bytes);
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    detect(raw, &head)
}

fn detect(raw: &RawInput, head: &str) -> InputFormat {
    let ct = raw
        .content_type
        .as_deref()
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match ct.as_str() {
        "text/html" | "application/xhtml+xml" => return InputFormat::Html,
        "text/markdown" | "text/x-markdown" => return InputFormat::Markdown,
        c if c == "application/json" || c.ends_with("+json") => return InputFormat::Json,
        _ => {}
    }
    // The extension of a path, or of a URL's path.
    let name = raw.input.split(['?', '#']).next().unwrap_or("");
    let ext = name
        .rsplit_once('.')
        .map(|(stem, e)| (stem, e.to_ascii_lowercase()))
        .filter(|(stem, e)| !stem.ends_with('/') && !e.contains('/'))
        .map(|(_, e)| e);
    match ext.as_deref() {
        Some("html" | "htm" | "xhtml") => return InputFormat::Html,
        Some("md" | "markdown" | "mdown" | "mkd") => return InputFormat::Markdown,
        Some("json") => return InputFormat::Json,
        Some("txt" | "text") => return InputFormat::Text,
        _ => {}
    }
    sniff(head)
}

/// Guess the format from the first few kilobytes of text.
fn sniff(head: &str) -> InputFormat {
    let t = head.trim_start();
    let lower = t.to_ascii_lowercase();
    if t.starts_with('{') {
        return InputFormat::Json;
    }
    if let Some(rest) = t.strip_prefix('[')
        && rest.trim_start().starts_with(['{', '"', ']'])
    {
        return InputFormat::Json;
    }
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") {
        return InputFormat::Html;
    }
    let tags = [
        "<p>", "<p ", "<div", "<h1", "<h2", "<h3", "<article", "<body", "<br", "<li>", "<head",
    ]
    .iter()
    .map(|tag| lower.matches(tag).count())
    .sum::<usize>();
    if tags >= 3 || (t.starts_with('<') && tags >= 1) {
        return InputFormat::Html;
    }
    let front_matter = t.starts_with("---\n") || t.starts_with("---\r\n");
    let atx = t.lines().any(|l| {
        let hashes = l.chars().take_while(|c| *c == '#').count();
        (1..=6).contains(&hashes) && l[hashes..].starts_with(' ')
    });
    let syntax = ["**", "](", "__"].iter().filter(|s| t.contains(*s)).count();
    if front_matter || atx || syntax >= 2 {
        return InputFormat::Markdown;
    }
    InputFormat::Text
}

/// Extract one article from raw input. `id` becomes the article's id.
pub fn extract(raw: &RawInput, id: &str) -> Result<Extracted, ExtractError> {
    if raw.bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ExtractError::Empty);
    }
    let has_bom = encoding_rs::Encoding::for_bom(&raw.bytes).is_some();
    let utf16 = !has_bom && decode::utf16_without_bom(&raw.bytes).is_some();
    if !has_bom
        && !utf16
        && let Some(kind) = decode::binary_kind(&raw.bytes)
    {
        return Err(ExtractError::Binary(kind));
    }
    let format = if has_bom || utf16 {
        let d = decode::decode(&raw.bytes, raw.content_type.as_deref(), false);
        detect(raw, &d.text.chars().take(4096).collect::<String>())
    } else {
        detect_format(raw)
    };
    let decoded = decode::decode(
        &raw.bytes,
        raw.content_type.as_deref(),
        format == InputFormat::Html,
    );
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let input = raw.input.as_str();
    diagnostics.extend(
        decoded
            .warnings
            .iter()
            .map(|w| Diagnostic::warning(input, w.as_str())),
    );
    diagnostics.extend(
        decoded
            .notes
            .iter()
            .map(|n| Diagnostic::info(input, n.as_str())),
    );
    let s = decoded.text;
    if s.trim().is_empty() {
        return Err(ExtractError::Empty);
    }
    let mut warnings = Vec::new();
    let (mut article, notes) = match format {
        InputFormat::Text => {
            let p = text::plain(&s);
            let notes = p.notes.clone();
            (from_parsed(p, id), notes)
        }
        InputFormat::Markdown => {
            let (p, fields) = markdown::markdown(&s);
            let notes = p.notes.clone();
            let title = p.title.clone();
            let mut a = from_parsed(p, id);
            if let Some(t) = title {
                a.title = Some(Sourced::new(t, Provenance::Markdown));
            }
            let obj: serde_json::Map<String, serde_json::Value> = fields
                .into_iter()
                .map(|(k, v)| (k, serde_json::Value::String(v)))
                .collect();
            warnings.extend(json::apply_fields(
                &mut a,
                &obj.into(),
                Provenance::Markdown,
            ));
            (a, notes)
        }
        InputFormat::Json => {
            let v: serde_json::Value =
                serde_json::from_str(&s).map_err(|e| ExtractError::Json(e.to_string()))?;
            let body = json::body_text(&v)?;
            let p = if html::looks_like_markup(&body) {
                Parsed {
                    body: html::fragment(&body),
                    header: header::Header::default(),
                    title: None,
                    notes: Vec::new(),
                }
            } else {
                text::plain(&body)
            };
            let text_title = p.title.clone();
            let mut a = from_parsed(p, id);
            warnings.extend(json::apply_fields(&mut a, &v, Provenance::JsonField));
            // A first line the text reader took for a headline, while the object has its own
            // different title, is body text after all: put it back as a heading.
            if let (Some(t), Some(own)) = (text_title, a.title.as_ref())
                && own.provenance == Provenance::JsonField
                && own.value != t
            {
                let mut b = blocks::Body::default();
                b.push(&t, BlockKind::Heading);
                for p in &a.paragraphs {
                    b.push(p.span.slice(&a.text).unwrap_or(""), p.kind);
                }
                let rebuilt = b.into_article(id);
                a.text = rebuilt.text;
                a.paragraphs = rebuilt.paragraphs;
            }
            (a, Vec::new())
        }
        InputFormat::Html => {
            let (p, meta) = html::html(&s);
            let notes = p.notes.clone();
            let mut a = from_parsed(p, id);
            let hm = Provenance::HtmlMeta;
            if let Some(t) = meta.title {
                a.title = Some(Sourced::new(t, hm));
            }
            if let Some(v) = meta.source {
                a.source = Some(Sourced::new(v, hm));
            }
            if let Some(v) = meta.byline {
                a.byline = Some(Sourced::new(v, hm));
            }
            if let Some(d) = meta.published {
                match parse_date(&d) {
                    Some(date) => a.published = Some(Sourced::new(date, hm)),
                    None => warnings.push(format!("publication date {d:?} is not a date; ignored")),
                }
            }
            if let Some(d) = meta.modified {
                match parse_date(&d) {
                    Some(date) => a.modified = Some(Sourced::new(date, hm)),
                    None => {
                        warnings.push(format!("modification date {d:?} is not a date; ignored"))
                    }
                }
            }
            if meta.image.is_some() {
                a.image = meta.image;
            }
            if meta.language.is_some() {
                a.language = meta.language;
            }
            if meta.url.is_some() {
                a.url = meta.url;
            }
            (a, notes)
        }
    };
    diagnostics.extend(notes.iter().map(|n| Diagnostic::info(input, n.as_str())));
    article.id = id.to_string();
    article.input = raw.input.clone();
    if article.url.is_none() {
        article.url = raw.url.clone();
    }
    if let Some(side) = &raw.sidecar {
        match serde_json::from_slice::<serde_json::Value>(side) {
            Ok(v) if v.is_object() => {
                warnings.extend(json::apply_fields(&mut article, &v, Provenance::Sidecar));
            }
            Ok(_) => warnings.push("sidecar .meta.json is not a JSON object; ignored".into()),
            Err(e) => warnings.push(format!("sidecar .meta.json ignored: {e}")),
        }
    }
    diagnostics.extend(
        warnings
            .iter()
            .map(|w| Diagnostic::warning(input, w.as_str())),
    );
    if article.text.is_empty() {
        return Err(ExtractError::NoText);
    }
    Ok(Extracted {
        article,
        diagnostics,
    })
}

/// An article from a reader's output, with text-derived metadata as [`Provenance::Dateline`].
fn from_parsed(p: Parsed, id: &str) -> Article {
    let mut a = p.body.into_article(id);
    let d = Provenance::Dateline;
    a.source = p.header.source.clone().map(|v| Sourced::new(v, d));
    a.byline = p.header.byline.clone().map(|v| Sourced::new(v, d));
    a.published = p.header.published().map(|v| Sourced::new(v, d));
    a.modified = p.header.updated.map(|v| Sourced::new(v, d));
    a.title = p.title.map(|v| Sourced::new(v, d));
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(input: &str, bytes: &[u8]) -> RawInput {
        RawInput {
            input: input.into(),
            bytes: bytes.to_vec(),
            ..RawInput::default()
        }
    }

    #[test]
    fn formats_from_content_type_extension_and_content() {
        let f = |input: &str, ct: Option<&str>, body: &str| {
            detect_format(&RawInput {
                input: input.into(),
                bytes: body.as_bytes().to_vec(),
                content_type: ct.map(str::to_string),
                ..RawInput::default()
            })
        };
        use InputFormat::*;
        assert_eq!(
            f(
                "https://x.invalid/a",
                Some("text/html; charset=utf-8"),
                "plain"
            ),
            Html
        );
        assert_eq!(
            f("https://x.invalid/a", Some("application/ld+json"), "plain"),
            Json
        );
        assert_eq!(f("a.HTM", None, "plain"), Html);
        assert_eq!(f("a.md", None, "plain"), Markdown);
        assert_eq!(f("a.json", None, "plain"), Json);
        assert_eq!(f("a.txt", None, "<html>"), Text);
        assert_eq!(f("https://x.invalid/story.html?id=3", None, ""), Html);
        assert_eq!(f("-", None, "  {\"text\": \"x\"}"), Json);
        assert_eq!(f("-", None, "[{\"text\": \"x\"}]"), Json);
        assert_eq!(f("-", None, "[Link](http://x) starts a line"), Text);
        assert_eq!(f("-", None, "<!DOCTYPE html><p>x"), Html);
        assert_eq!(
            f("-", None, "Intro\n<p>One</p><p>Two</p><p>Three</p>"),
            Html
        );
        assert_eq!(f("-", None, "# Title\n\nBody."), Markdown);
        assert_eq!(f("-", None, "---\nsource: X\n---\nBody."), Markdown);
        assert_eq!(f("-", None, "A **bold** [link](u)."), Markdown);
        assert_eq!(f("-", None, "The mayor said 3 < 4 and #1 is best."), Text);
        assert_eq!(f("./dir.v2/story", None, "Text."), Text);
    }

    #[test]
    fn bad_input_is_a_one_line_error() {
        let e = |name: &str, b: &[u8]| extract(&raw(name, b), "a").unwrap_err().to_string();
        assert_eq!(e("e.txt", b""), "empty input");
        assert_eq!(e("e.txt", b"  \n\t \r\n"), "empty input");
        assert_eq!(e("e.txt", b"\xef\xbb\xbf \n"), "empty input");
        assert_eq!(
            e("p.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            "binary file (looks like a PNG image)"
        );
        assert_eq!(e("b.bin", b"abc\0def"), "binary data: contains NUL bytes");
        assert!(e("j.json", b"[1,2]").contains("several articles"));
        assert!(e("j.json", b"{\"title\": 1").starts_with("invalid JSON article: "));
        assert_eq!(
            e("j.json", b"\"just a string\""),
            "invalid JSON article: expected an object with a \"text\" field, found a string"
        );
        assert_eq!(e("j.json", b"{\"text\": \"   \"}"), "no article text found");
        assert_eq!(
            e(
                "x.html",
                b"<html><body><script>x()</script><nav><p>Menu</p></nav></body></html>"
            ),
            "no article text found"
        );
        assert_eq!(
            e("h.txt", b"By Jane Roe\nMarch 2, 2026\n"),
            "no article text found"
        );
        for m in ["empty input", "no article text found"] {
            assert!(!m.contains('\n'));
        }
    }

    #[test]
    fn invalid_utf8_is_used_with_a_warning() {
        let x = extract(
            &raw("t.txt", b"The mayor spoke at the caf\xe9 on Monday."),
            "a",
        )
        .unwrap();
        assert_eq!(x.article.text, "The mayor spoke at the café on Monday.");
        assert_eq!(x.diagnostics.len(), 1);
        assert_eq!(x.diagnostics[0].severity, parallax_core::Severity::Warning);
        assert!(
            x.diagnostics[0]
                .message
                .starts_with("invalid UTF-8 at byte 26"),
            "{}",
            x.diagnostics[0].message
        );
    }

    #[test]
    fn json_article_object() {
        let j = br#"{"title": "Bridge opens", "text": "The bridge opened.\n\nCrowds came.", "source": {"name": "Daily Lantern"}, "published": "2026-03-02T10:00:00Z", "author": ["A. Writer"], "language": "en", "url": "https://example.invalid/b"}"#;
        let x = extract(&raw("a.json", j), "a1").unwrap();
        let a = x.article;
        assert_eq!(a.id, "a1");
        assert_eq!(a.input, "a.json");
        assert_eq!(
            a.source,
            Some(Sourced::new("Daily Lantern".into(), Provenance::JsonField))
        );
        assert_eq!(a.title.unwrap().value, "Bridge opens");
        assert_eq!(a.published.unwrap().value.to_string(), "2026-03-02");
        assert_eq!(a.byline.unwrap().value, "A. Writer");
        assert_eq!(a.language.as_deref(), Some("en"));
        assert_eq!(a.url.as_deref(), Some("https://example.invalid/b"));
        assert_eq!(a.text, "The bridge opened.\n\nCrowds came.");
        assert!(x.diagnostics.is_empty());
    }

    #[test]
    fn modified_date_and_lead_image_from_json_and_html() {
        let j = br#"{"text": "The bridge opened.", "dateModified": "2026-03-03", "image": {"url": "https://example.invalid/b.jpg"}}"#;
        let a = extract(&raw("a.json", j), "a").unwrap().article;
        assert_eq!(a.modified.unwrap().value.to_string(), "2026-03-03");
        assert_eq!(a.image.as_deref(), Some("https://example.invalid/b.jpg"));
        let h = br#"<html><head><link rel="canonical" href="https://example.invalid/news/bridge">
            <meta property="og:image" content="/i/bridge.jpg"><meta property="og:site_name" content="Daily Lantern">
            <meta property="article:modified_time" content="2026-03-03T10:00:00+01:00"></head>
            <body><p>The bridge opened to traffic on Monday morning after years of delay.</p></body></html>"#;
        let a = extract(&raw("a.html", h), "a").unwrap().article;
        assert_eq!(a.modified.unwrap().value.to_string(), "2026-03-03");
        assert_eq!(
            a.image.as_deref(),
            Some("https://example.invalid/i/bridge.jpg")
        );
        assert_eq!(
            a.url.as_deref(),
            Some("https://example.invalid/news/bridge")
        );
        assert_eq!(a.source.unwrap().value, "Daily Lantern");
        let json = serde_json::to_string(&Article::from_text("a", "x")).unwrap();
        assert!(
            !json.contains("modified") && !json.contains("image"),
            "{json}"
        );
    }

    #[test]
    fn json_body_with_markup_and_a_different_first_line() {
        let j = br#"{"title": "Bridge opens", "body": "<p>The bridge opened.</p><h2>Crowds</h2><p>People came.</p>"}"#;
        let a = extract(&raw("a.json", j), "a").unwrap().article;
        assert_eq!(a.text, "The bridge opened.\n\nCrowds\n\nPeople came.");
        assert_eq!(a.paragraphs[1].kind, BlockKind::Heading);
        let j = br#"{"title": "Bridge opens", "text": "Harbor Town Rejoices\nThe bridge opened."}"#;
        let a = extract(&raw("a.json", j), "a").unwrap().article;
        assert_eq!(a.text, "Harbor Town Rejoices\n\nThe bridge opened.");
        assert_eq!(a.paragraphs[0].kind, BlockKind::Heading);
    }

    #[test]
    fn sidecar_overrides_with_its_provenance() {
        let mut r = raw(
            "s.txt",
            b"By Jane Roe\n\nThe ferry resumed service on Monday.",
        );
        r.sidecar = Some(
            br#"{"source": "Harbor Ledger", "date": "2026-03-02", "byline": "J. Roe"}"#.to_vec(),
        );
        let a = extract(&r, "a").unwrap().article;
        assert_eq!(
            a.source,
            Some(Sourced::new("Harbor Ledger".into(), Provenance::Sidecar))
        );
        assert_eq!(a.byline.unwrap().value, "J. Roe");
        assert_eq!(a.published.unwrap().provenance, Provenance::Sidecar);
        r.sidecar = Some(b"{not json".to_vec());
        let x = extract(&r, "a").unwrap();
        assert_eq!(x.article.byline.unwrap().provenance, Provenance::Dateline);
        assert!(
            x.diagnostics[0]
                .message
                .starts_with("sidecar .meta.json ignored")
        );
    }

    #[test]
    fn url_from_the_fetch_unless_the_page_names_one() {
        let mut r = raw(
            "https://example.invalid/a",
            b"<p>The ferry resumed service on Monday.</p>",
        );
        r.url = Some("https://example.invalid/a?from=redirect".into());
        r.content_type = Some("text/html".into());
        let a = extract(&r, "a").unwrap().article;
        assert_eq!(
            a.url.as_deref(),
            Some("https://example.invalid/a?from=redirect")
        );
        assert_eq!(a.source, None, "no outlet found: left to the caller");
    }

    #[test]
    fn random_bytes_never_panic() {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let alphabet: &[u8] = b"<>/p{}[]\":,#*-_ \n\tabcXYZ019.\xc3\xa9\xff\xe2\x80\x94";
        let t = std::time::Instant::now();
        for n in 0..400 {
            let len = (next() % 400) as usize;
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    let r = next();
                    if n % 2 == 0 {
                        (r % 256) as u8
                    } else {
                        alphabet[(r as usize) % alphabet.len()]
                    }
                })
                .collect();
            for name in ["r.txt", "r.html", "r.json", "r.md", "-"] {
                if let Ok(x) = extract(&raw(name, &bytes), "a") {
                    for p in &x.article.paragraphs {
                        assert!(p.span.slice(&x.article.text).is_some());
                    }
                }
            }
        }
        assert!(t.elapsed().as_secs_f64() < 5.0, "{:?}", t.elapsed());
    }
}
