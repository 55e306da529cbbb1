//! JSON article objects, and the metadata fields they share with sidecar files and Markdown
//! front matter.
//!
//! Owns the field names (`title`, `text`|`body`|`content`, `source`|`outlet`|`publisher`,
//! `url`, `published`|`date`|`datePublished`, `modified`|`dateModified`|`updated`,
//! `byline`|`author`, `language`, `image`) and how their
//! values are read (a string, an object with a `name`, an array of those). It does not accept
//! several articles in one input: an array is an error that says so.

use parallax_core::{Article, Provenance, Sourced};
use serde_json::Value;

use crate::ExtractError;
use crate::dates::{from_timestamp, parse_date};

const TITLE: &[&str] = &["title", "headline"];
const BODY: &[&str] = &["text", "body", "content", "articleBody", "article_body"];
const SOURCE: &[&str] = &["source", "outlet", "publisher", "site_name", "siteName"];
const URL: &[&str] = &["url", "link", "canonical_url", "canonicalUrl"];
const DATE: &[&str] = &[
    "published",
    "date",
    "datePublished",
    "published_at",
    "publishedAt",
    "pubDate",
];
const BYLINE: &[&str] = &["byline", "author", "authors", "creator"];
const LANGUAGE: &[&str] = &["language", "lang", "inLanguage"];
const MODIFIED: &[&str] = &[
    "modified",
    "dateModified",
    "updated",
    "updated_at",
    "updatedAt",
    "modified_at",
];
const IMAGE: &[&str] = &["image", "image_url", "imageUrl", "lead_image", "thumbnail"];

/// A display name from a string, an object with `name` (or `title`), or an array of those.
pub fn name_of(v: &Value) -> Option<String> {
    match v {
        // HTML character references inside JSON-LD strings ("Arnault&#8217;s", as WordPress
        // writes them) are read as the page means them.
        Value::String(s) => crate::htmlmeta::clean(s),
        Value::Object(o) => o.get("name").or_else(|| o.get("title")).and_then(name_of),
        Value::Array(a) => {
            let mut names: Vec<String> = Vec::new();
            for n in a.iter().filter_map(name_of) {
                if !names.contains(&n) {
                    names.push(n);
                }
            }
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
}

/// An ISO 639 code from a language tag ("en-GB" → "en"), when it looks like one.
pub fn language_code(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    ((2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic()))
        .then_some(primary)
}

/// The first of `keys` present (and not null) in `v`, with the key found.
fn field<'a>(v: &'a Value, keys: &[&'static str]) -> Option<(&'static str, &'a Value)> {
    keys.iter()
        .find_map(|k| v.get(*k).filter(|x| !x.is_null()).map(|x| (*k, x)))
}

/// Set an article's metadata from the fields of `v` that are present, with provenance `p`.
/// Returns notes about fields that were present but unusable.
pub fn apply_fields(a: &mut Article, v: &Value, p: Provenance) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(t) = field(v, TITLE).and_then(|(_, x)| name_of(x)) {
        a.title = Some(Sourced::new(t, p));
    }
    if let Some(s) = field(v, SOURCE).and_then(|(_, x)| name_of(x)) {
        a.source = Some(Sourced::new(s, p));
    }
    if let Some(b) = field(v, BYLINE).and_then(|(_, x)| name_of(x)) {
        a.byline = Some(Sourced::new(b, p));
    }
    if let Some(u) = field(v, URL).and_then(|(_, x)| x.as_str()) {
        let u = u.trim();
        if !u.is_empty() {
            a.url = Some(u.to_string());
        }
    }
    if let Some((k, l)) = field(v, LANGUAGE) {
        match l.as_str().and_then(language_code) {
            Some(code) => a.language = Some(code),
            None => notes.push(format!("{k} field {l} is not a language code; ignored")),
        }
    }
    if let Some((k, d)) = field(v, DATE) {
        match date_of(d) {
            Some(date) => a.published = Some(Sourced::new(date, p)),
            None => notes.push(format!("{k} field {d} is not a date; ignored")),
        }
    }
    if let Some((k, d)) = field(v, MODIFIED) {
        match date_of(d) {
            Some(date) => a.modified = Some(Sourced::new(date, p)),
            None => notes.push(format!("{k} field {d} is not a date; ignored")),
        }
    }
    if let Some(i) = field(v, IMAGE).and_then(|(_, x)| image_of(x)) {
        a.image = Some(i);
    }
    notes
}

/// A date from a string or a Unix timestamp.
fn date_of(d: &Value) -> Option<chrono::NaiveDate> {
    match d {
        Value::String(s) => parse_date(s),
        Value::Number(n) => n.as_i64().and_then(from_timestamp),
        _ => None,
    }
}

/// An image URL from a string, an object with `url`, or the first of a list.
fn image_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Object(o) => o.get("url").and_then(image_of),
        Value::Array(a) => a.iter().find_map(image_of),
        _ => None,
    }
}

/// The body of a JSON article object: its text field, as a string or an array of strings
/// (one per paragraph).
pub fn body_text(v: &Value) -> Result<String, ExtractError> {
    match v {
        Value::Object(_) => {}
        Value::Array(_) => {
            return Err(ExtractError::Json(
                "a JSON array holds several articles; pass them as separate inputs".into(),
            ));
        }
        other => {
            let what = match other {
                Value::Null => "null",
                Value::Bool(_) => "a boolean",
                Value::Number(_) => "a number",
                _ => "a string",
            };
            return Err(ExtractError::Json(format!(
                "expected an object with a \"text\" field, found {what}"
            )));
        }
    };
    let Some((k, body)) = field(v, BODY) else {
        return Err(ExtractError::Json(
            "no \"text\", \"body\" or \"content\" field".into(),
        ));
    };
    match body {
        Value::String(s) => Ok(s.clone()),
        Value::Array(parts) => Ok(parts
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("\n")),
        other => Err(ExtractError::Json(format!(
            "the \"{k}\" field is not text: {}",
            short(other)
        ))),
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_from_strings_objects_and_arrays() {
        assert_eq!(name_of(&json!("  Ann   Lee ")).as_deref(), Some("Ann Lee"));
        assert_eq!(
            name_of(&json!({"@type": "Person", "name": "Ann Lee"})).as_deref(),
            Some("Ann Lee")
        );
        assert_eq!(
            name_of(&json!([{"name": "Ann Lee"}, "Bo Kim", "Ann Lee"])).as_deref(),
            Some("Ann Lee, Bo Kim")
        );
        assert_eq!(name_of(&json!(42)), None);
        assert_eq!(name_of(&json!("")), None);
    }

    #[test]
    fn fields_apply_with_provenance() {
        let mut a = Article::from_text("a", "x");
        let notes = apply_fields(
            &mut a,
            &json!({"headline": "Bridge opens", "publisher": {"name": "Daily Lantern"}, "datePublished": 1767657600, "author": ["A. Writer"], "inLanguage": "en-GB", "url": "https://example.invalid/b"}),
            Provenance::Sidecar,
        );
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(
            a.title,
            Some(Sourced::new("Bridge opens".into(), Provenance::Sidecar))
        );
        assert_eq!(a.source.unwrap().value, "Daily Lantern");
        assert_eq!(a.published.unwrap().value.to_string(), "2026-01-06");
        assert_eq!(a.byline.unwrap().value, "A. Writer");
        assert_eq!(a.language.as_deref(), Some("en"));
        assert_eq!(a.url.as_deref(), Some("https://example.invalid/b"));
    }

    #[test]
    fn unusable_fields_are_noted() {
        let mut a = Article::from_text("a", "x");
        let notes = apply_fields(
            &mut a,
            &json!({"date": "soon", "language": "English language"}),
            Provenance::JsonField,
        );
        assert_eq!(notes.len(), 2);
        assert!(
            notes[1].starts_with("date field \"soon\" is not a date"),
            "{notes:?}"
        );
        assert!(a.published.is_none() && a.language.is_none());
    }

    #[test]
    fn body_errors() {
        assert!(
            body_text(&json!([{}]))
                .unwrap_err()
                .to_string()
                .contains("several articles")
        );
        assert_eq!(
            body_text(&json!(3)).unwrap_err().to_string(),
            "invalid JSON article: expected an object with a \"text\" field, found a number"
        );
        assert!(
            body_text(&json!({"title": "x"}))
                .unwrap_err()
                .to_string()
                .contains("no \"text\"")
        );
        assert!(
            body_text(&json!({"text": {"a": 1}}))
                .unwrap_err()
                .to_string()
                .contains("not text")
        );
        assert_eq!(
            body_text(&json!({"content": ["One.", "Two."]})).unwrap(),
            "One.\nTwo."
        );
    }
}
