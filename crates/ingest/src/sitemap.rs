//! Sitemaps: a sitemap index (links to more sitemaps), a URL set (with the news extension's
//! title and publication date when present) and the plain-text kind (one URL per line).
//!
//! Owns [`parse_sitemap`] and [`parse_url_list`]. Parsing is `roxmltree`'s with DTDs refused
//! and a node cap, so entity tricks and huge documents are errors, not memory. It does not
//! fetch: following an index is the caller's loop, which bounds its depth.

use chrono::{DateTime, NaiveDate, Utc};

use crate::IngestError;
use crate::feeds::{parse_xml, refuse_entities, utf8_lossy};

/// One `<url>` of a URL set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapUrl {
    /// `<loc>`.
    pub url: String,
    /// `<news:title>`.
    pub title: Option<String>,
    /// `<news:publication_date>`, else `<lastmod>`.
    pub published: Option<DateTime<Utc>>,
}

/// A parsed sitemap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sitemap {
    /// A sitemap index: the sitemaps it lists.
    Index(Vec<String>),
    /// A URL set: the pages it lists.
    Urls(Vec<SitemapUrl>),
}

/// Read an XML sitemap or sitemap index.
pub fn parse_sitemap(bytes: &[u8]) -> Result<Sitemap, IngestError> {
    refuse_entities(bytes, "sitemap")?;
    let (text, _) = utf8_lossy(bytes);
    let doc = parse_xml(&text, "sitemap")?;
    let root = doc.root_element();
    let child_text = |n: roxmltree::Node<'_, '_>, name: &str| -> Option<String> {
        n.descendants()
            .find(|c| c.tag_name().name() == name)
            .and_then(|c| c.text())
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
    };
    match root.tag_name().name() {
        "sitemapindex" => Ok(Sitemap::Index(
            root.children()
                .filter(|n| n.tag_name().name() == "sitemap")
                .filter_map(|n| child_text(n, "loc"))
                .collect(),
        )),
        "urlset" => Ok(Sitemap::Urls(
            root.children()
                .filter(|n| n.tag_name().name() == "url")
                .filter_map(|n| {
                    let url = child_text(n, "loc")?;
                    let published = child_text(n, "publication_date")
                        .or_else(|| child_text(n, "lastmod"))
                        .and_then(|d| parse_w3c_date(&d));
                    Some(SitemapUrl {
                        url,
                        title: child_text(n, "title"),
                        published,
                    })
                })
                .collect(),
        )),
        other => Err(IngestError::Format(format!(
            "invalid sitemap: the root element is <{other}>, not <urlset> or <sitemapindex>"
        ))),
    }
}

/// A W3C datetime as sitemaps write it: `2026-01-05`, `2026-01-05T09:00:00+02:00`, ...
fn parse_w3c_date(s: &str) -> Option<DateTime<Utc>> {
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.to_utc());
    }
    // `2026-01-05T09:00+02:00` (no seconds) is allowed by the W3C profile.
    if let Ok(d) = DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M%:z") {
        return Some(d.to_utc());
    }
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|dt| dt.and_utc())
}

/// Read a text sitemap: one absolute HTTP(S) URL per line; blank lines and `#` comments are
/// skipped. Anything else on a line is an error naming the line, since a text file of prose
/// must not be mistaken for a URL list.
pub fn parse_url_list(bytes: &[u8]) -> Result<Vec<String>, IngestError> {
    let (text, _) = utf8_lossy(bytes);
    let mut urls = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim().trim_start_matches('\u{feff}');
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if !is_http_url(line) {
            return Err(IngestError::Format(format!(
                "invalid URL list: line {} is not an http(s) URL",
                i + 1
            )));
        }
        urls.push(line.to_string());
    }
    Ok(urls)
}

pub(crate) fn is_http_url(s: &str) -> bool {
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && !s.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_news_and_plain_urlsets() {
        let index = br#"<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://ledger.example/news.xml</loc></sitemap><sitemap><loc> https://ledger.example/pages.xml </loc><lastmod>2026-01-01</lastmod></sitemap></sitemapindex>"#;
        assert_eq!(
            parse_sitemap(index).unwrap(),
            Sitemap::Index(vec![
                "https://ledger.example/news.xml".into(),
                "https://ledger.example/pages.xml".into()
            ])
        );
        let news = br#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://ledger.example/ferry</loc><news:news><news:publication><news:name>Ledger</news:name><news:language>en</news:language></news:publication><news:publication_date>2026-01-05T09:00:00+02:00</news:publication_date><news:title>Ferry resumes</news:title></news:news></url>
<url><loc>https://ledger.example/about</loc><lastmod>2025-12-01</lastmod></url><url><lastmod>2025-12-01</lastmod></url></urlset>"#;
        let Sitemap::Urls(urls) = parse_sitemap(news).unwrap() else {
            panic!("not a urlset")
        };
        assert_eq!(urls.len(), 2);
        assert_eq!(urls[0].title.as_deref(), Some("Ferry resumes"));
        assert_eq!(
            urls[0].published.unwrap().to_rfc3339(),
            "2026-01-05T07:00:00+00:00"
        );
        assert_eq!(urls[1].title, None);
        assert_eq!(
            urls[1].published.unwrap().date_naive().to_string(),
            "2025-12-01"
        );
    }

    #[test]
    fn bad_sitemaps_are_errors() {
        assert!(
            parse_sitemap(b"<rss/>")
                .unwrap_err()
                .to_string()
                .contains("<rss>")
        );
        let laughs = br#"<!DOCTYPE u [<!ENTITY a "aaaa">]><urlset>&a;</urlset>"#;
        assert!(parse_sitemap(laughs).is_err());
        assert!(parse_sitemap(b"<urlset><url><loc>x</loc>").is_err());
    }

    #[test]
    fn text_url_lists() {
        let urls =
            parse_url_list(b"# list\nhttps://a.example/1\n\nhttp://b.example/2\r\n").unwrap();
        assert_eq!(urls, ["https://a.example/1", "http://b.example/2"]);
        let e = parse_url_list(b"https://a.example/1\nThe ferry resumed.\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid URL list: line 2 is not an http(s) URL"
        );
    }
}
