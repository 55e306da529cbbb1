//! Raw bytes to an [`Article`]: format detection, decoding, main text, paragraphs and metadata.
//!
//! Plain text (with datelines such as "date 2026-01-06 by WorldTribune Staff"), Markdown,
//! HTML (JSON-LD, OpenGraph and `<meta>` metadata; body blocks) and JSON article objects.
//! Pure: no network, no files, no clock. Messy input is data: the article comes back with
//! diagnostics; only input with no usable text is an error.
#![deny(missing_docs)]

mod html;
mod text;

use parallax_core::{Article, Diagnostic, Provenance, Sourced};
use parallax_ingest::RawInput;

/// An extracted article and what was noticed on the way.
#[derive(Debug, Clone)]
pub struct Extracted {
    /// The article.
    pub article: Article,
    /// Warnings and notes (invalid UTF-8 replaced, metadata guessed).
    pub diagnostics: Vec<Diagnostic>,
}

/// Why no article could be extracted. Each message is one line.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// Nothing but whitespace.
    #[error("empty input")]
    Empty,
    /// No article text found in markup or JSON.
    #[error("no article text found")]
    NoText,
    /// Binary data.
    #[error("binary file ({0})")]
    Binary(String),
    /// A JSON input that is not an article object.
    #[error("invalid JSON article: {0}")]
    Json(String),
}

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// Guess the format from the content type, the file extension and the content.
pub fn detect_format(raw: &RawInput, text: &str) -> InputFormat {
    let ct = raw.content_type.as_deref().unwrap_or("").to_lowercase();
    let lower_input = raw.input.to_lowercase();
    let head: String = text
        .trim_start()
        .chars()
        .take(512)
        .collect::<String>()
        .to_lowercase();
    if ct.contains("json")
        || lower_input.ends_with(".json")
        || head.starts_with('{')
        || head.starts_with('[')
    {
        InputFormat::Json
    } else if ct.contains("html")
        || lower_input.ends_with(".html")
        || lower_input.ends_with(".htm")
        || head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.contains("<body")
        || (head.starts_with('<') && head.contains("<p"))
    {
        InputFormat::Html
    } else if lower_input.ends_with(".md") || lower_input.ends_with(".markdown") {
        InputFormat::Markdown
    } else {
        InputFormat::Text
    }
}

fn binary_kind(bytes: &[u8]) -> Option<String> {
    let magic: &[(&[u8], &str)] = &[
        (b"\x89PNG", "looks like a PNG image"),
        (b"\xff\xd8\xff", "looks like a JPEG image"),
        (b"GIF8", "looks like a GIF image"),
        (b"%PDF", "looks like a PDF document"),
        (b"PK\x03\x04", "looks like a ZIP archive"),
        (b"\x1f\x8b", "looks like gzip data"),
        (b"\x7fELF", "looks like an executable"),
    ];
    if let Some((_, name)) = magic.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Some((*name).to_string());
    }
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.contains(&0) {
        return Some("contains NUL bytes".into());
    }
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    if !sample.is_empty() && control * 10 > sample.len() {
        return Some(format!("{}% control bytes", control * 100 / sample.len()));
    }
    None
}

/// Decode bytes as UTF-8 (BOM stripped); invalid sequences are replaced and reported.
fn decode(raw: &RawInput, diags: &mut Vec<Diagnostic>) -> String {
    let bytes = raw
        .bytes
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(&raw.bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) => {
            let s = String::from_utf8_lossy(bytes).into_owned();
            let replaced = s.matches('\u{fffd}').count();
            diags.push(Diagnostic::warning(
                raw.input.clone(),
                format!(
                    "invalid UTF-8 at byte {}: {replaced} sequence(s) replaced with U+FFFD",
                    e.valid_up_to()
                ),
            ));
            s
        }
    }
}

/// Extract one article from raw input. `id` becomes the article's id.
pub fn extract(raw: &RawInput, id: &str) -> Result<Extracted, ExtractError> {
    if let Some(kind) = binary_kind(&raw.bytes) {
        return Err(ExtractError::Binary(kind));
    }
    let mut diagnostics = Vec::new();
    let decoded = decode(raw, &mut diagnostics);
    if decoded.trim().is_empty() {
        return Err(ExtractError::Empty);
    }
    let mut article = match detect_format(raw, &decoded) {
        InputFormat::Json => json_article(&decoded, id)?,
        InputFormat::Html => html::extract(&decoded, id),
        InputFormat::Markdown => text::markdown(&decoded, id),
        InputFormat::Text => text::plain(&decoded, id),
    };
    article.input = raw.input.clone();
    if article.url.is_none() {
        article.url = raw.url.clone();
    }
    if let Some(side) = &raw.sidecar {
        match serde_json::from_slice::<serde_json::Value>(side) {
            Ok(v) => apply_fields(&mut article, &v, Provenance::Sidecar),
            Err(e) => diagnostics.push(Diagnostic::warning(
                raw.input.clone(),
                format!("sidecar .meta.json ignored: {e}"),
            )),
        }
    }
    if article.text.trim().is_empty() {
        return Err(ExtractError::NoText);
    }
    Ok(Extracted {
        article,
        diagnostics,
    })
}

fn json_article(s: &str, id: &str) -> Result<Article, ExtractError> {
    let v: serde_json::Value =
        serde_json::from_str(s).map_err(|e| ExtractError::Json(e.to_string()))?;
    if v.is_array() {
        return Err(ExtractError::Json(
            "a JSON array holds several articles; pass them as separate inputs".into(),
        ));
    }
    let Some(obj) = v.as_object() else {
        return Err(ExtractError::Json(
            "expected an object with a \"text\" field".into(),
        ));
    };
    let body = ["text", "body", "content", "articleBody"]
        .iter()
        .find_map(|k| obj.get(*k).and_then(|x| x.as_str()))
        .ok_or_else(|| ExtractError::Json("no \"text\", \"body\" or \"content\" field".into()))?;
    let mut a = text::plain_body(body, id);
    apply_fields(&mut a, &v, Provenance::JsonField);
    Ok(a)
}

fn name_of(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        serde_json::Value::Object(o) => o.get("name").and_then(name_of),
        serde_json::Value::Array(a) => {
            let names: Vec<String> = a.iter().filter_map(name_of).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
}

/// Apply metadata fields of a JSON object (article object or sidecar) to an article.
fn apply_fields(a: &mut Article, v: &serde_json::Value, p: Provenance) {
    let get = |keys: &[&str]| keys.iter().find_map(|k| v.get(*k).and_then(name_of));
    if let Some(t) = get(&["title", "headline"]) {
        a.title = Some(Sourced::new(t, p));
    }
    if let Some(s) = get(&["source", "outlet", "publisher", "site_name"]) {
        a.source = Some(Sourced::new(s, p));
    }
    if let Some(b) = get(&["byline", "author", "authors"]) {
        a.byline = Some(Sourced::new(b, p));
    }
    if let Some(u) = get(&["url"]) {
        a.url = Some(u);
    }
    if let Some(l) = get(&["language", "lang"]) {
        a.language = Some(l);
    }
    if let Some(d) = get(&["published", "date", "datePublished"]).and_then(|d| text::parse_date(&d))
    {
        a.published = Some(Sourced::new(d, p));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(input: &str, bytes: &[u8]) -> RawInput {
        RawInput {
            input: input.into(),
            bytes: bytes.to_vec(),
            ..Default::default()
        }
    }

    #[test]
    fn bad_input_is_a_one_line_error() {
        assert_eq!(
            extract(&raw("e.txt", b""), "a").unwrap_err().to_string(),
            "empty input"
        );
        assert_eq!(
            extract(&raw("e.txt", b"  \n\t "), "a")
                .unwrap_err()
                .to_string(),
            "empty input"
        );
        assert_eq!(
            extract(&raw("p.png", b"\x89PNG\r\n\x1a\n\0\0"), "a")
                .unwrap_err()
                .to_string(),
            "binary file (looks like a PNG image)"
        );
        assert!(
            extract(&raw("j.json", b"[1,2]"), "a")
                .unwrap_err()
                .to_string()
                .contains("several articles")
        );
        assert!(
            extract(&raw("j.json", b"{\"title\": 1"), "a")
                .unwrap_err()
                .to_string()
                .starts_with("invalid JSON article")
        );
        assert_eq!(
            extract(
                &raw("x.html", b"<html><body><script>x()</script></body></html>"),
                "a"
            )
            .unwrap_err()
            .to_string(),
            "no article text found"
        );
    }

    #[test]
    fn invalid_utf8_is_replaced_with_a_warning() {
        let e = extract(&raw("t.txt", b"The mayor spoke \xff\xfe on Monday."), "a").unwrap();
        assert!(e.article.text.contains("The mayor spoke"));
        assert_eq!(e.diagnostics.len(), 1);
        assert!(
            e.diagnostics[0]
                .message
                .starts_with("invalid UTF-8 at byte 16")
        );
    }

    #[test]
    fn json_article_objects() {
        let j = br#"{"title": "Bridge opens", "text": "The bridge opened.\n\nCrowds came.", "source": {"name": "Daily Lantern"}, "published": "2026-03-02T10:00:00Z", "author": ["A. Writer"]}"#;
        let a = extract(&raw("a.json", j), "a").unwrap().article;
        assert_eq!(a.source.unwrap().value, "Daily Lantern");
        assert_eq!(a.published.unwrap().value.to_string(), "2026-03-02");
        assert_eq!(a.byline.unwrap().value, "A. Writer");
        assert_eq!(a.paragraphs.len(), 2);
    }

    #[test]
    fn random_bytes_never_panic() {
        let mut x: u64 = 0x9e3779b97f4a7c15;
        for n in 0..300 {
            let bytes: Vec<u8> = (0..(n * 7 % 500))
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    (x % 256) as u8
                })
                .collect();
            for name in ["r.txt", "r.html", "r.json", "r.md"] {
                let _ = extract(&raw(name, &bytes), "a");
            }
        }
    }
}
