//! Feeds and feed lists: RSS 0.9x/1.0/2.0, Atom and JSON Feed (the `feed-rs` crate), and OPML
//! (`roxmltree`), read into the article links they name.
//!
//! Owns [`parse_feed`] and [`parse_opml`] and the checks around them: a document that
//! declares XML entities is refused before any parser sees it (no entity expansion, so no
//! "billion laughs"), invalid UTF-8 is repaired with a note, items without a link are
//! counted, not errors. Parsing is bounded: feed-rs refuses nesting past 65,535 levels
//! without recursing; roxmltree refuses DTDs and caps its node count.

use chrono::{DateTime, Utc};

use crate::IngestError;

/// One feed item: an article link and what the feed says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    /// The article's URL (the item's link, made absolute).
    pub url: String,
    /// The item's title.
    pub title: Option<String>,
    /// When the item was published (or last updated, when that is all the feed says).
    pub published: Option<DateTime<Utc>>,
    /// The item's first author.
    pub author: Option<String>,
}

/// A parsed feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    /// `RSS 2.0`, `Atom`, `JSON Feed`, ...
    pub kind: &'static str,
    /// The feed's title.
    pub title: Option<String>,
    /// Items with a link, in feed order.
    pub items: Vec<FeedItem>,
    /// Items skipped because they have no link.
    pub skipped: usize,
    /// Repairs made on the way (invalid UTF-8 replaced), one line each.
    pub notes: Vec<String>,
    /// How often the feed asks to be read (RSS `<ttl>`, in whole minutes), capped at
    /// [`MAX_FEED_INTERVAL`]; `None` when it says nothing (or says 0).
    pub interval: Option<std::time::Duration>,
}

/// The longest polling interval a feed may ask for: a `<ttl>` of a year is read as a day, so a
/// feed cannot switch itself off.
pub const MAX_FEED_INTERVAL: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

/// One feed named by an OPML list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpmlFeed {
    /// The feed's URL (`xmlUrl`).
    pub url: String,
    /// Its title or text, if given.
    pub title: Option<String>,
}

/// Most XML nodes roxmltree builds for one OPML file or sitemap: 50,000 sitemap URLs with
/// news metadata need about 1.5 million; this is well above that and bounds memory.
pub(crate) const MAX_XML_NODES: u32 = 4_000_000;

/// Refuse XML that declares entities: expanding them is how a few hundred bytes become
/// gigabytes. A plain `<!DOCTYPE rss …>` without an internal subset is fine.
pub(crate) fn refuse_entities(bytes: &[u8], what: &str) -> Result<(), IngestError> {
    let head = &bytes[..bytes.len().min(1 << 20)];
    let declares = head.windows(8).any(|w| w.eq_ignore_ascii_case(b"<!ENTITY"));
    if declares {
        return Err(IngestError::Format(format!(
            "invalid {what}: it declares XML entities (refused: entity expansion can exhaust memory)"
        )));
    }
    Ok(())
}

/// Bytes as UTF-8, replacing invalid sequences; the note says where the first one was.
pub(crate) fn utf8_lossy(bytes: &[u8]) -> (std::borrow::Cow<'_, str>, Option<String>) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (std::borrow::Cow::Borrowed(s), None),
        Err(e) => (
            String::from_utf8_lossy(bytes),
            Some(format!(
                "invalid UTF-8 at byte {} replaced with U+FFFD",
                e.valid_up_to()
            )),
        ),
    }
}

/// Read a feed. `base` (the feed's own URL) makes relative links absolute.
pub fn parse_feed(bytes: &[u8], base: Option<&str>) -> Result<Feed, IngestError> {
    refuse_entities(bytes, "feed")?;
    let (text, note) = utf8_lossy(bytes);
    let parser = feed_rs::parser::Builder::new().base_uri(base).build();
    let feed = parser
        .parse(text.as_bytes())
        .map_err(|e| IngestError::Format(format!("invalid feed: {}", one_line(&e.to_string()))))?;
    let kind = match feed.feed_type {
        feed_rs::model::FeedType::Atom => "Atom",
        feed_rs::model::FeedType::JSON => "JSON Feed",
        feed_rs::model::FeedType::RSS0 => "RSS 0.9x",
        feed_rs::model::FeedType::RSS1 => "RSS 1.0",
        feed_rs::model::FeedType::RSS2 => "RSS 2.0",
    };
    let mut items = Vec::new();
    let mut skipped = 0;
    for e in feed.entries {
        let Some(url) = entry_link(&e, base) else {
            skipped += 1;
            continue;
        };
        items.push(FeedItem {
            url,
            title: e
                .title
                .map(|t| t.content.trim().to_string())
                .filter(|t| !t.is_empty()),
            published: e.published.or(e.updated),
            author: e
                .authors
                .into_iter()
                .find_map(|p| p.name.filter(|n| !n.trim().is_empty())),
        });
    }
    Ok(Feed {
        kind,
        title: feed.title.map(|t| t.content.trim().to_string()),
        items,
        skipped,
        notes: note.into_iter().collect(),
        interval: feed
            .ttl
            .filter(|m| *m > 0)
            .map(|m| std::time::Duration::from_secs(u64::from(m) * 60).min(MAX_FEED_INTERVAL)),
    })
}

/// The item's article link: an `alternate` (or rel-less) HTTP(S) link, else any HTTP(S)
/// link, else an id that is itself a URL (RSS `guid isPermaLink`).
fn entry_link(e: &feed_rs::model::Entry, base: Option<&str>) -> Option<String> {
    let http = |href: &str| -> Option<String> {
        let joined = match base.and_then(|b| url::Url::parse(b).ok()) {
            Some(b) => b.join(href.trim()).ok()?,
            None => url::Url::parse(href.trim()).ok()?,
        };
        matches!(joined.scheme(), "http" | "https").then(|| joined.to_string())
    };
    let alternate = e
        .links
        .iter()
        .filter(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .find_map(|l| http(&l.href));
    alternate
        .or_else(|| e.links.iter().find_map(|l| http(&l.href)))
        .or_else(|| {
            let id = e.id.trim();
            (id.starts_with("http://") || id.starts_with("https://"))
                .then(|| http(id))
                .flatten()
        })
}

/// Read an OPML feed list: every `<outline xmlUrl="…">`, at any depth, in document order.
pub fn parse_opml(bytes: &[u8]) -> Result<Vec<OpmlFeed>, IngestError> {
    refuse_entities(bytes, "OPML")?;
    let (text, _) = utf8_lossy(bytes);
    let doc = parse_xml(&text, "OPML")?;
    if !doc.root_element().has_tag_name("opml") {
        return Err(IngestError::Format(format!(
            "invalid OPML: the root element is <{}>, not <opml>",
            doc.root_element().tag_name().name()
        )));
    }
    Ok(doc
        .descendants()
        .filter(|n| n.has_tag_name("outline"))
        .filter_map(|n| {
            let url = n
                .attribute("xmlUrl")
                .or_else(|| n.attribute("xmlurl"))?
                .trim();
            let title = n
                .attribute("title")
                .or_else(|| n.attribute("text"))
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty());
            (!url.is_empty()).then(|| OpmlFeed {
                url: url.to_string(),
                title,
            })
        })
        .collect())
}

/// roxmltree with DTDs refused and a node cap; errors name `what`.
pub(crate) fn parse_xml<'a>(
    text: &'a str,
    what: &str,
) -> Result<roxmltree::Document<'a>, IngestError> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_XML_NODES,
    };
    roxmltree::Document::parse_with_options(text, opts)
        .map_err(|e| IngestError::Format(format!("invalid {what}: {e}")))
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feeds_own_interval_is_its_ttl_capped_at_a_day() {
        let rss = |ttl: &str| {
            format!(
                "<rss version=\"2.0\"><channel><title>t</title>{ttl}<item><link>https://a.example/x</link></item></channel></rss>"
            )
        };
        let minutes = |ttl: &str| parse_feed(rss(ttl).as_bytes(), None).unwrap().interval;
        assert_eq!(
            minutes("<ttl>90</ttl>"),
            Some(std::time::Duration::from_secs(5400))
        );
        assert_eq!(minutes("<ttl>5256000</ttl>"), Some(MAX_FEED_INTERVAL));
        assert_eq!(minutes("<ttl>0</ttl>"), None);
        assert_eq!(minutes(""), None);
    }

    #[test]
    fn rss_atom_json_and_rdf() {
        let rss = br#"<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Harbor Ledger</title>
<item><title>Ferry resumes</title><link>https://ledger.example/ferry</link><pubDate>Mon, 05 Jan 2026 09:00:00 +0200</pubDate><dc:creator>Ana Ruiz</dc:creator></item>
<item><title>No link here</title></item>
<item><title>Relative</title><link>/bridge</link></item></channel></rss>"#;
        let f = parse_feed(rss, Some("https://ledger.example/feed.xml")).unwrap();
        assert_eq!(f.kind, "RSS 2.0");
        assert_eq!(f.title.as_deref(), Some("Harbor Ledger"));
        assert_eq!(f.items.len(), 2);
        assert_eq!(f.skipped, 1);
        assert_eq!(f.items[0].url, "https://ledger.example/ferry");
        assert_eq!(f.items[0].author.as_deref(), Some("Ana Ruiz"));
        assert_eq!(
            f.items[0].published.unwrap().to_rfc3339(),
            "2026-01-05T07:00:00+00:00"
        );
        assert_eq!(f.items[1].url, "https://ledger.example/bridge");

        let atom = br#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Lantern</title><id>urn:x</id>
<entry><title>Rail line opens</title><id>urn:1</id><link rel="alternate" href="https://lantern.example/rail"/><link rel="edit" href="https://lantern.example/edit/1"/><updated>2026-01-06T10:00:00Z</updated></entry></feed>"#;
        let f = parse_feed(atom, None).unwrap();
        assert_eq!(f.kind, "Atom");
        assert_eq!(f.items[0].url, "https://lantern.example/rail");

        let json = br#"{"version":"https://jsonfeed.org/version/1.1","title":"Sentinel","items":[{"id":"1","url":"https://sentinel.example/a","title":"A","date_published":"2026-01-07T08:00:00Z"}]}"#;
        let f = parse_feed(json, None).unwrap();
        assert_eq!(f.kind, "JSON Feed");
        assert_eq!(f.items[0].url, "https://sentinel.example/a");

        let rdf = br#"<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel rdf:about="https://old.example/"><title>Old</title><link>https://old.example/</link></channel><item rdf:about="https://old.example/1"><title>One</title><link>https://old.example/1</link></item></rdf:RDF>"#;
        let f = parse_feed(rdf, None).unwrap();
        assert_eq!(f.kind, "RSS 1.0");
        assert_eq!(f.items.len(), 1);

        let rss091 = br#"<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel><title>Old</title><link>https://o.example/</link><description>d</description><item><title>T</title><link>https://o.example/t</link></item></channel></rss>"#;
        let f = parse_feed(rss091, None).unwrap();
        assert_eq!(f.kind, "RSS 0.9x");
        assert_eq!(f.items.len(), 1);
    }

    #[test]
    fn hostile_and_broken_feeds() {
        let laughs = br#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><rss version="2.0"><channel><title>&lol2;</title></channel></rss>"#;
        let e = parse_feed(laughs, None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid feed: it declares XML entities (refused: entity expansion can exhaust memory)"
        );
        let empty = parse_feed(
            b"<rss version=\"2.0\"><channel><title>t</title></channel></rss>",
            None,
        )
        .unwrap();
        assert!(empty.items.is_empty());
        let bad = parse_feed(b"<rss version=\"2.0\"><channel><title>caf\xe9</title><item><link>https://a.example/x</link></item></channel></rss>", None).unwrap();
        assert_eq!(bad.items.len(), 1);
        assert_eq!(bad.notes, ["invalid UTF-8 at byte 38 replaced with U+FFFD"]);
        let e = parse_feed(b"<rss version=\"2.0\"><channel><title>t</ti", None).unwrap_err();
        assert!(e.to_string().starts_with("invalid feed: "), "{e}");
        assert!(!e.to_string().contains('\n'));
        assert!(parse_feed(b"just words", None).is_err());
        assert!(parse_feed(b"", None).is_err());
    }

    #[test]
    fn opml_nested_outlines() {
        let opml = br#"<?xml version="1.0"?><opml version="2.0"><head><title>News</title></head><body>
<outline text="Local"><outline text="Ledger" type="rss" xmlUrl="https://ledger.example/feed.xml"/></outline>
<outline title="Lantern" xmlUrl="https://lantern.example/atom.xml"/><outline text="no feed"/></body></opml>"#;
        let feeds = parse_opml(opml).unwrap();
        assert_eq!(feeds.len(), 2);
        assert_eq!(feeds[0].url, "https://ledger.example/feed.xml");
        assert_eq!(feeds[1].title.as_deref(), Some("Lantern"));
        assert!(parse_opml(b"<rss/>").is_err());
        assert!(parse_opml(b"<!DOCTYPE x [<!ELEMENT x ANY>]><opml/>").is_err());
    }
}
