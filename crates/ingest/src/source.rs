//! What kind of source a document is: a feed, an OPML list, a sitemap, a URL list, a WARC
//! file, or an article page. Decided from the bytes (and the `Content-Type` as a tie-breaker),
//! never from the file name alone.

use std::io::Read;

use crate::decompress::is_gzip;
use crate::sitemap::is_http_url;

/// What a document is, for ingestion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceKind {
    /// RSS, Atom or JSON Feed.
    Feed,
    /// An OPML list of feeds.
    Opml,
    /// An XML sitemap or sitemap index.
    Sitemap,
    /// A text sitemap: one URL per line.
    UrlList,
    /// A WARC file (plain or gzipped per record).
    Warc,
    /// Anything else: an article (HTML, text, Markdown, JSON article object).
    Page,
}

impl SourceKind {
    /// Lower-case name for messages and JSON: `feed`, `opml`, `sitemap`, `url-list`, `warc`,
    /// `page`.
    pub fn name(self) -> &'static str {
        match self {
            SourceKind::Feed => "feed",
            SourceKind::Opml => "opml",
            SourceKind::Sitemap => "sitemap",
            SourceKind::UrlList => "url-list",
            SourceKind::Warc => "warc",
            SourceKind::Page => "page",
        }
    }
}

/// Decide what `bytes` are. Gzip data is looked into only to spot a WARC file; callers
/// inflate other gzip data (with [`crate::decompress::gunzip_capped`]) and ask again.
pub fn detect_kind(bytes: &[u8], content_type: Option<&str>) -> SourceKind {
    if is_gzip(bytes) {
        let mut head = Vec::new();
        let _ = flate2::read::MultiGzDecoder::new(bytes)
            .take(16)
            .read_to_end(&mut head);
        return if head.starts_with(b"WARC/") {
            SourceKind::Warc
        } else {
            SourceKind::Page
        };
    }
    if bytes.starts_with(b"WARC/") {
        return SourceKind::Warc;
    }
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let text = String::from_utf8_lossy(head);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        return if trimmed.contains("jsonfeed.org/version") {
            SourceKind::Feed
        } else {
            SourceKind::Page
        };
    }
    if trimmed.starts_with('<') {
        return match root_name(trimmed).as_deref() {
            Some("rss" | "feed" | "rdf" | "channel") => SourceKind::Feed,
            Some("opml") => SourceKind::Opml,
            Some("urlset" | "sitemapindex") => SourceKind::Sitemap,
            Some(_) => SourceKind::Page,
            // Only a prologue in the first 64 KiB: trust the server's word, if any.
            None => match content_type.map(str::to_ascii_lowercase) {
                Some(ct) if ct.contains("rss") || ct.contains("atom") => SourceKind::Feed,
                _ => SourceKind::Page,
            },
        };
    }
    let mut lines = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .peekable();
    if lines.peek().is_some() && lines.all(is_http_url) {
        return SourceKind::UrlList;
    }
    SourceKind::Page
}

/// The local name (lower-case, prefix dropped) of the first element after the XML prologue
/// (declaration, comments, processing instructions, doctype).
fn root_name(s: &str) -> Option<String> {
    let mut rest = s;
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix("<?") {
            rest = &r[r.find("?>")? + 2..];
        } else if let Some(r) = rest.strip_prefix("<!--") {
            rest = &r[r.find("-->")? + 3..];
        } else if rest
            .as_bytes()
            .get(..9)
            .is_some_and(|b| b.eq_ignore_ascii_case(b"<!doctype"))
        {
            // The nine bytes are ASCII, so slicing after them is on a char boundary.
            // An internal subset `[ … ]` may hold `>` characters.
            let r = &rest[9..];
            let close = r.find('>')?;
            let end = match r.find('[') {
                Some(open) if open < close => {
                    let sub_end = open + r[open..].find(']')?;
                    sub_end + r[sub_end..].find('>')?
                }
                _ => close,
            };
            rest = &r[end + 1..];
        } else if let Some(r) = rest.strip_prefix('<') {
            let name: String = r
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
                .collect();
            let local = name
                .rsplit(':')
                .next()
                .unwrap_or(&name)
                .to_ascii_lowercase();
            return (!local.is_empty()).then_some(local);
        } else {
            return None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        let k = |b: &[u8]| detect_kind(b, None);
        assert_eq!(
            k(b"<?xml version=\"1.0\"?>\n<!-- c --><rss version=\"2.0\">"),
            SourceKind::Feed
        );
        assert_eq!(
            k(b"<feed xmlns=\"http://www.w3.org/2005/Atom\">"),
            SourceKind::Feed
        );
        assert_eq!(k(b"<rdf:RDF xmlns:rdf=\"x\">"), SourceKind::Feed);
        assert_eq!(
            k(b"<!DOCTYPE rss PUBLIC \"a\" \"b\"><rss>"),
            SourceKind::Feed
        );
        assert_eq!(
            k(b"<!DOCTYPE x [<!ENTITY a \"<b>\">]><rss>"),
            SourceKind::Feed
        );
        assert_eq!(
            k(b"{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": []}"),
            SourceKind::Feed
        );
        assert_eq!(k(b"<opml version=\"2.0\">"), SourceKind::Opml);
        assert_eq!(k(b"<urlset>"), SourceKind::Sitemap);
        assert_eq!(k(b"<sitemapindex>"), SourceKind::Sitemap);
        assert_eq!(
            k(b"https://a.example/1\nhttps://a.example/2\n"),
            SourceKind::UrlList
        );
        assert_eq!(k(b"WARC/1.0\r\n"), SourceKind::Warc);
        assert_eq!(k(b"<!DOCTYPE html><html>"), SourceKind::Page);
        assert_eq!(k(b"{\"title\": \"x\", \"text\": \"y\"}"), SourceKind::Page);
        assert_eq!(k(b"The ferry resumed service on Monday."), SourceKind::Page);
        assert_eq!(k(b""), SourceKind::Page);
        // Found by the `feed` fuzz target: a multi-byte character nine bytes in.
        assert_eq!(k("<opml v\u{fffd}\u{fffd}".as_bytes()), SourceKind::Opml);
        assert_eq!(k("<!doct\u{fffd}".as_bytes()), SourceKind::Page);
        assert_eq!(k(b"<?xml version=\"1.0\"?>"), SourceKind::Page);
        assert_eq!(
            detect_kind(b"<?xml version=\"1.0\"?>", Some("application/rss+xml")),
            SourceKind::Feed
        );
    }
}
