//! HTML metadata: headline, outlet, byline, published and modified dates, language, canonical
//! URL and lead image, from JSON-LD, OpenGraph, Dublin Core and other `<meta>` tags, `<title>`,
//! `<h1>`, `<time>`, `<html lang>`, `<link rel>` and the page's own byline element.
//!
//! One pass over the parsed document collects every candidate; [`resolve`] then picks each
//! field by a fixed precedence (the article's JSON-LD, then `<meta>` in a documented order,
//! then markup). A `<meta>` key is matched case-insensitively in `property`, then `name`,
//! then `itemprop`, each of which may hold several space-separated keys. It does not parse
//! dates (the caller does) or judge the body text.

use ego_tree::NodeRef;
use scraper::{Html, Node};
use serde_json::Value;

use crate::dates::find_date;
use crate::json::{language_code, name_of};

/// Metadata read from the document head and markup.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct HtmlMeta {
    /// Headline.
    pub title: Option<String>,
    /// Outlet (site name).
    pub source: Option<String>,
    /// Author line.
    pub byline: Option<String>,
    /// Publication date, as written.
    pub published: Option<String>,
    /// Last-modified date, as written.
    pub modified: Option<String>,
    /// Language code.
    pub language: Option<String>,
    /// Canonical URL.
    pub url: Option<String>,
    /// Lead image URL.
    pub image: Option<String>,
}

/// Which attribute named a `<meta>` key: `property` outranks `name`, which outranks `itemprop`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum KeyFrom {
    Property,
    Name,
    Itemprop,
}

/// Everything one pass over the document collects.
#[derive(Default)]
struct Scan {
    /// (lower-case key, where the key came from, whitespace-collapsed content), in document
    /// order.
    metas: Vec<(String, KeyFrom, String)>,
    ld: Vec<Value>,
    title: Option<String>,
    h1: Vec<String>,
    lang: Option<String>,
    canonical: Option<String>,
    image_link: Option<String>,
    time_in_article: Option<String>,
    time_any: Option<String>,
    /// The first date of an element marked as the post's date outside page furniture: the
    /// hAtom class `published` (its `title` or text), or a class or id word such as "date",
    /// "dateline", "timestamp", "posted" on a short element whose text holds a date.
    date_marked: Option<String>,
    /// The first short line "Posted on DATE" / "Published DATE" outside page furniture.
    date_posted_line: Option<String>,
    byline: Option<String>,
}

impl Scan {
    /// The content of the first key of `keys` present (property, then name, then itemprop).
    fn meta(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|k| {
            self.metas
                .iter()
                .filter(|(key, _, _)| key == k)
                .min_by_key(|(_, from, _)| *from)
                .map(|(_, _, v)| v.clone())
        })
    }
}

pub(crate) fn clean(s: &str) -> Option<String> {
    let decoded;
    let s = if s.contains('&') {
        decoded = decode_references(s);
        decoded.as_str()
    } else {
        s
    };
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!s.is_empty()).then_some(s)
}

/// Character references still in a value after parsing, because the page escaped it twice
/// (`content="Arnault&amp;#8217;s"` reads as "Arnault&#8217;s"): decoded once more, as the
/// page meant them. A value without one is returned as it is.
fn decode_references(s: &str) -> String {
    static REFERENCE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = REFERENCE.get_or_init(|| {
        regex::Regex::new(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")
            .expect("valid pattern")
    });
    if !re.is_match(s) {
        return s.to_string();
    }
    // Angle brackets stay text: only the references are read.
    let fragment = Html::parse_fragment(&s.replace('<', "&lt;"));
    fragment.root_element().text().collect()
}

/// The text under `n`, up to about `cap` bytes.
fn text_of(n: NodeRef<'_, Node>, cap: usize) -> String {
    let mut s = String::new();
    for d in n.descendants() {
        if let Node::Text(t) = d.value() {
            s.push_str(t);
            if s.len() > cap {
                break;
            }
        }
    }
    s
}

/// An attribute's value, found by a scan of the element's few attributes (scraper's own
/// lookup interns the name first, which costs more than the scan).
pub(crate) fn attr<'a>(e: &'a scraper::node::Element, name: &str) -> Option<&'a str> {
    e.attrs().find(|(k, _)| *k == name).map(|(_, v)| v)
}

fn has_word(v: Option<&str>, word: &str) -> bool {
    v.is_some_and(|v| v.split_whitespace().any(|w| w.eq_ignore_ascii_case(word)))
}

/// Longest text an element may have to be taken for the page's date line.
const DATE_LINE_MAX_CHARS: usize = 80;

/// The words of an element's class and id, split at anything not a letter or digit
/// ("post-date m-meta" → post, date, m, meta).
pub(crate) fn class_words(e: &scraper::node::Element) -> impl Iterator<Item = &str> {
    attr(e, "class")
        .into_iter()
        .chain(attr(e, "id"))
        .flat_map(|v| v.split(|c: char| !c.is_ascii_alphanumeric()))
        .filter(|w| !w.is_empty())
}

/// A class or id word that marks the post's date.
fn date_marker(e: &scraper::node::Element) -> bool {
    const MARKS: &[&str] = &[
        "date",
        "dateline",
        "datetime",
        "timestamp",
        "published",
        "pubdate",
        "posted",
        "postdate",
        "postedon",
        "time",
    ];
    class_words(e).any(|w| MARKS.iter().any(|m| w.eq_ignore_ascii_case(m)))
}

/// The date text of a marked element: its `datetime` or (for `abbr`) `title` value, else its
/// own short text when that holds a date.
fn marked_date(n: NodeRef<'_, Node>, e: &scraper::node::Element) -> Option<String> {
    if let Some(v) = attr(e, "datetime")
        .or_else(|| (e.name() == "abbr").then(|| attr(e, "title")).flatten())
        .and_then(clean)
        .filter(|v| crate::dates::parse_date(v).is_some())
    {
        return Some(v);
    }
    let text = clean(&text_of(n, DATE_LINE_MAX_CHARS * 4))?;
    (text.chars().count() <= DATE_LINE_MAX_CHARS && find_date(&text).is_some()).then_some(text)
}

/// "Posted on March 2, 2026 by Ann Lee", "Published 2 March 2026": the date such a line opens
/// with.
fn posted_line(text: &str) -> Option<String> {
    let text = text.trim_start();
    let opening = ["posted on ", "published on ", "posted ", "published "]
        .iter()
        .find(|p| {
            text.get(..p.len())
                .is_some_and(|t| t.eq_ignore_ascii_case(p))
        })?;
    let rest = &text[opening.len()..];
    let (_, range) = find_date(rest)?;
    (range.start <= 12).then(|| rest[range].to_string())
}

/// Longest text an element may have to be taken for the page's byline.
const BYLINE_MAX_CHARS: usize = 100;

/// An element that marks the article's author: `rel="author"`, `itemprop="author"`, or a class
/// or id part (split at anything not a letter or digit) that is "author", "authors",
/// "authorname", "writer" or contains "byline" ("authorization", "author-bio" parts do not).
fn byline_marker(e: &scraper::node::Element) -> bool {
    if has_word(attr(e, "rel"), "author") || has_word(attr(e, "itemprop"), "author") {
        return true;
    }
    class_words(e).any(|w| {
        let w = w.to_ascii_lowercase();
        matches!(w.as_str(), "author" | "authors" | "authorname" | "writer") || w.contains("byline")
    }) && !class_words(e).any(|w| {
        matches!(
            w.to_ascii_lowercase().as_str(),
            "bio" | "avatar" | "image" | "img" | "photo" | "social" | "share" | "follow"
        )
    })
}

/// Inside page furniture where a byline is someone else's: navigation, asides, footers,
/// comments, teaser lists.
fn in_other_context(n: NodeRef<'_, Node>) -> bool {
    n.ancestors().any(|a| match a.value() {
        Node::Element(e) => {
            matches!(e.name(), "nav" | "aside" | "footer" | "li" | "head")
                || attr(e, "class")
                    .into_iter()
                    .chain(attr(e, "id"))
                    .any(|v| v.to_ascii_lowercase().contains("comment"))
        }
        _ => false,
    })
}

/// The byline an author element holds: its `itemprop="name"` part if it has one, else its
/// `rel="author"` link, else its text; a leading "By" dropped and anything from a date or a `•`/`|`/`·` separator on cut
/// ("Ann Lee March 2, 2026", "Ann Lee • 8h"); `None` when empty or too long to be a name line.
fn byline_text(n: NodeRef<'_, Node>) -> Option<String> {
    let part = |name: &str, word: &str| {
        n.descendants()
            .skip(1)
            .find(|d| matches!(d.value(), Node::Element(e) if has_word(attr(e, name), word)))
    };
    let named = part("itemprop", "name").or_else(|| part("rel", "author"));
    let whole = clean(&text_of(named.unwrap_or(n), BYLINE_MAX_CHARS * 8))?;
    // The name is before the date ("Ann Lee March 2, 2026"), or after it when only a posting
    // phrase comes before ("Posted on March 2, 2026 by Ann Lee").
    let mut text = whole.as_str();
    if let Some((_, r)) = find_date(text) {
        let before = strip_posting_words(&text[..r.start]);
        text = if before.is_empty() {
            text[r.end..].trim_start_matches([',', ' '])
        } else {
            &text[..r.start]
        };
    }
    let mut end = text.len();
    for sep in ['•', '|', '·'] {
        if let Some(i) = text.find(sep) {
            end = end.min(i);
        }
    }
    let text = strip_by(
        strip_posting_words(&text[..end])
            .trim_start_matches([':', ',', ';', '-', '–', '—', '|', '•', '·', ' '])
            .trim_end_matches([',', ';', '-', '–', '—'])
            .trim()
            .to_string(),
    );
    (!text.is_empty()
        && !text.ends_with(':')
        && text.chars().count() <= BYLINE_MAX_CHARS
        && !is_url(&text))
    .then_some(text)
}

/// A byline part without the posting phrase around its date ("Posted on", "Published",
/// "Updated", a trailing "on" or "at").
fn strip_posting_words(s: &str) -> &str {
    const OPENING: &[&str] = &[
        "posted on",
        "published on",
        "updated on",
        "posted",
        "published",
        "updated",
    ];
    const CLOSING: &[&str] = &[" on", " at", " posted", " published", " updated"];
    let mut t = s.trim();
    loop {
        let lower = t.to_ascii_lowercase();
        if let Some(p) = OPENING.iter().find(|p| {
            lower
                .strip_prefix(**p)
                .is_some_and(|r| r.is_empty() || r.starts_with([' ', ':']))
        }) {
            t = t[p.len()..].trim_start_matches([':', ' ']);
        } else if let Some(p) = CLOSING.iter().find(|p| lower.ends_with(**p)) {
            t = t[..t.len() - p.len()].trim_end();
        } else {
            return t;
        }
    }
}

/// JSON-LD text with the wrappers some pages put around it (`<![CDATA[ … ]]>`, `//`
/// comments) removed.
fn ld_text(s: &str) -> &str {
    let mut t = s.trim();
    for p in ["//<![CDATA[", "<![CDATA[", "<!--"] {
        if let Some(r) = t.strip_prefix(p) {
            t = r.trim();
        }
    }
    for p in ["//]]>", "]]>", "-->"] {
        if let Some(r) = t.strip_suffix(p) {
            t = r.trim();
        }
    }
    t
}

fn push_ld(v: Value, out: &mut Vec<Value>) {
    let items = match v {
        Value::Array(a) => a,
        other => vec![other],
    };
    for item in items {
        if let Some(Value::Array(graph)) = item.get("@graph") {
            out.extend(graph.iter().cloned());
        }
        if let Some(main) = item.get("mainEntity").filter(|m| m.is_object()) {
            out.push(main.clone());
        }
        out.push(item);
    }
}

/// Collect the candidates (see [`Scan`]) in one pass over `doc`.
fn scan(doc: &Html) -> Scan {
    let mut s = Scan::default();
    let root = doc.tree.root();
    for n in root.descendants() {
        let Node::Element(e) = n.value() else {
            continue;
        };
        match e.name() {
            "meta" => {
                let Some(content) = attr(e, "content").and_then(clean) else {
                    continue;
                };
                for (name, from) in [
                    ("property", KeyFrom::Property),
                    ("name", KeyFrom::Name),
                    ("itemprop", KeyFrom::Itemprop),
                ] {
                    for key in attr(e, name).into_iter().flat_map(str::split_whitespace) {
                        s.metas
                            .push((key.to_ascii_lowercase(), from, content.clone()));
                    }
                }
                if let Some(h) = attr(e, "http-equiv") {
                    s.metas.push((
                        format!("http-equiv:{}", h.trim().to_ascii_lowercase()),
                        KeyFrom::Name,
                        content,
                    ));
                }
            }
            "script" => {
                if attr(e, "type").is_some_and(|t| t.to_ascii_lowercase().contains("ld+json"))
                    && let Ok(v) = serde_json::from_str::<Value>(ld_text(&text_of(n, usize::MAX)))
                {
                    push_ld(v, &mut s.ld);
                }
            }
            "title" if s.title.is_none() => {
                let in_svg = n
                    .ancestors()
                    .any(|a| matches!(a.value(), Node::Element(p) if p.name() == "svg"));
                if !in_svg {
                    s.title = clean(&text_of(n, usize::MAX));
                }
            }
            "h1" if s.h1.len() < 2 => {
                if let Some(t) = clean(&text_of(n, usize::MAX)) {
                    s.h1.push(t);
                }
            }
            "html" if s.lang.is_none() => s.lang = attr(e, "lang").and_then(clean),
            "link" => {
                let rel = attr(e, "rel");
                if s.canonical.is_none() && has_word(rel, "canonical") {
                    s.canonical = attr(e, "href").and_then(clean);
                } else if s.image_link.is_none() && has_word(rel, "image_src") {
                    s.image_link = attr(e, "href").and_then(clean);
                }
            }
            "time" => {
                // No `datetime`: the element's own text, when it is a date.
                let value = attr(e, "datetime").and_then(clean).or_else(|| {
                    clean(&text_of(n, DATE_LINE_MAX_CHARS * 4))
                        .filter(|t| t.chars().count() <= DATE_LINE_MAX_CHARS)
                        .filter(|t| find_date(t).is_some())
                });
                if let Some(d) = value {
                    if s.time_in_article.is_none()
                        && n.ancestors().any(|a| {
                            matches!(a.value(), Node::Element(p) if matches!(p.name(), "article" | "main"))
                        })
                    {
                        s.time_in_article = Some(d.clone());
                    }
                    s.time_any.get_or_insert(d);
                }
            }
            _ => {}
        }
        // Microdata on other elements: `<time itemprop="datePublished" datetime=…>`,
        // `<span itemprop="dateModified" content=…>`, `<abbr itemprop=… title=…>`.
        if e.name() != "meta"
            && let Some(props) = attr(e, "itemprop")
            && let Some(v) = attr(e, "datetime")
                .or_else(|| attr(e, "content"))
                .or_else(|| (e.name() == "abbr").then(|| attr(e, "title")).flatten())
                .and_then(clean)
        {
            for key in props.split_whitespace() {
                s.metas
                    .push((key.to_ascii_lowercase(), KeyFrom::Itemprop, v.clone()));
            }
        }
        if s.date_marked.is_none()
            && matches!(
                e.name(),
                "span" | "div" | "p" | "small" | "abbr" | "time" | "em" | "strong" | "b" | "i"
            )
            && date_marker(e)
            && !in_other_context(n)
        {
            s.date_marked = marked_date(n, e);
        }
        if s.date_posted_line.is_none() && matches!(e.name(), "span" | "div" | "p" | "small" | "em")
        {
            // The element's own first text: a line that opens with "Posted on" (the
            // furniture test, a walk up the tree, only for such a line).
            if let Some(t) = n.children().find_map(|c| match c.value() {
                Node::Text(t) if !t.trim().is_empty() => Some(t),
                _ => None,
            }) && t.len() < DATE_LINE_MAX_CHARS * 4
                && let Some(d) = posted_line(t)
                && !in_other_context(n)
            {
                s.date_posted_line = Some(d);
            }
        }
        if s.byline.is_none() && byline_marker(e) && !in_other_context(n) {
            s.byline = byline_text(n);
        }
    }
    s
}

fn is_article_type(v: &Value) -> bool {
    let t =
        |s: &str| s.ends_with("Article") || s.ends_with("Posting") || s == "Report" || s == "Blog";
    match v.get("@type") {
        Some(Value::String(s)) => t(s),
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).any(t),
        _ => false,
    }
}

fn is_url(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://") || s.starts_with("www.")
}

fn not_url(s: String) -> Option<String> {
    (!is_url(&s)).then_some(s)
}

pub(crate) fn strip_by(s: String) -> String {
    match s.get(..3) {
        Some(p) if p.eq_ignore_ascii_case("by ") => s[3..].trim().to_string(),
        _ => s,
    }
}

/// An image URL from a JSON-LD `image` value (a string, an `ImageObject`, or a list).
fn ld_image(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => clean(s),
        Value::Object(o) => o
            .get("url")
            .or_else(|| o.get("contentUrl"))
            .and_then(ld_image),
        Value::Array(a) => a.iter().find_map(ld_image),
        _ => None,
    }
}

/// A date from a JSON-LD value (a string, or the first of a list).
fn ld_date(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => clean(s),
        Value::Array(a) => a.iter().find_map(ld_date),
        _ => None,
    }
}

/// `href` made absolute against `base` when it is protocol- or root-relative.
fn absolute(href: String, base: Option<&str>) -> String {
    if let Some(rest) = href.strip_prefix("//") {
        return format!("https://{rest}");
    }
    if href.starts_with('/')
        && let Some(base) = base
        && let Some(scheme_end) = base.find("://")
    {
        let host_end = base[scheme_end + 3..]
            .find('/')
            .map_or(base.len(), |i| scheme_end + 3 + i);
        return format!("{}{href}", &base[..host_end]);
    }
    href
}

const TITLE_KEYS: &[&str] = &[
    "dc:title",
    "dcterm:title",
    "dcterms:title",
    "og:title",
    "twitter:title",
    "parsely-title",
    "sailthru.title",
];

const BYLINE_KEYS: &[&str] = &[
    "dc:creator",
    "dcterm:creator",
    "dcterms:creator",
    "author",
    "article:author",
    "article:author_name",
    "byl",
    "parsely-author",
    "sailthru.author",
];

const PUBLISHED_KEYS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "article:published",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc:date",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "date",
    "datecreated",
];

const MODIFIED_KEYS: &[&str] = &[
    "article:modified_time",
    "og:updated_time",
    "article:modified",
    "datemodified",
    "dc.date.modified",
    "dcterms.modified",
    "last-modified",
    "lastmod",
];

const SITE_KEYS: &[&str] = &["og:site_name", "application-name", "twitter:site_name"];

const IMAGE_KEYS: &[&str] = &[
    "og:image",
    "og:image:url",
    "og:image:secure_url",
    "twitter:image",
    "twitter:image:src",
    "parsely-image-url",
    "thumbnailurl",
];

/// Separators between a headline and the site's name in `<title>`.
const TITLE_SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " :: ", " · ", " » ", " / ", " _ ",
];

/// "Bridge opens | Daily Lantern" → "Bridge opens" when the part cut off names the site
/// (equal to it, or the start of a longer site name such as "Daily Lantern - all the news").
/// A leading site name ("Daily Lantern | Bridge opens") goes the same way.
pub(crate) fn strip_site(title: &str, site: Option<&str>) -> String {
    let Some(site) = site.map(str::trim).filter(|s| !s.is_empty()) else {
        return title.to_string();
    };
    let names_site = |part: &str| {
        let p = part.trim().to_lowercase();
        let s = site.to_lowercase();
        !p.is_empty() && (p == s || (s.starts_with(&p) && p.chars().count() >= 3))
    };
    for sep in TITLE_SEPARATORS {
        if let Some((left, right)) = title.rsplit_once(sep)
            && names_site(right)
            && !left.trim().is_empty()
        {
            return left.trim().to_string();
        }
        if let Some((left, right)) = title.split_once(sep)
            && names_site(left)
            && !right.trim().is_empty()
        {
            return right.trim().to_string();
        }
    }
    title.to_string()
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// The headline a `<title>` element holds: the site's name stripped; else, when a single
/// `<h1>` repeats a part of it, that part; else the text before the last separator when that
/// leaves a headline-sized rest (more than four words). A title too short or too long to be a
/// headline (under 15 or over 150 characters) gives way to the first `<h1>`.
fn title_from_element(title: &str, site: Option<&str>, h1: &[String]) -> String {
    let len = title.chars().count();
    if let Some(h) = h1.first()
        && !(15..=150).contains(&len)
    {
        return h.clone();
    }
    let stripped = strip_site(title, site);
    if stripped != title {
        return stripped;
    }
    if let [h] = h1
        && title != h
        && title.contains(h.as_str())
        && words(h) >= 2
    {
        return h.clone();
    }
    for sep in TITLE_SEPARATORS {
        if let Some((left, _)) = title.rsplit_once(sep)
            && words(left) > 4
        {
            return left.trim().to_string();
        }
    }
    title.to_string()
}

/// Read the page's metadata (see the module doc for the order of precedence).
pub fn metadata(doc: &Html) -> HtmlMeta {
    let s = scan(doc);
    let article = s.ld.iter().find(|v| is_article_type(v));
    let ld_field = |k: &str| article.and_then(|v| v.get(k)).and_then(name_of);
    let source = article
        .and_then(|v| v.get("publisher"))
        .and_then(name_of)
        .and_then(not_url)
        .or_else(|| s.meta(SITE_KEYS).and_then(not_url));
    let meta_title = ld_field("headline")
        .or_else(|| s.meta(TITLE_KEYS))
        .map(|t| strip_site(&t, source.as_deref()));
    let title = meta_title
        .or_else(|| {
            s.title
                .as_deref()
                .map(|t| title_from_element(t, source.as_deref(), &s.h1))
        })
        .or_else(|| s.h1.first().cloned());
    let byline = ld_field("author")
        .and_then(not_url)
        .or_else(|| s.meta(BYLINE_KEYS).and_then(not_url))
        .map(strip_by)
        .or(s.byline.clone())
        .filter(|b| !b.is_empty());
    let ld_date_field = |k: &str| article.and_then(|v| v.get(k)).and_then(ld_date);
    // Any JSON-LD node's publication date (a page typed WebPage or Recipe, not an article).
    let any_ld_published = || {
        s.ld.iter()
            .find_map(|v| v.get("datePublished").and_then(ld_date))
    };
    let published = ld_date_field("datePublished")
        .or_else(|| s.meta(PUBLISHED_KEYS))
        .or_else(|| ld_date_field("dateCreated"))
        .or_else(|| s.time_in_article.clone())
        .or_else(any_ld_published)
        .or_else(|| s.date_marked.clone())
        .or_else(|| s.time_any.clone())
        .or_else(|| s.date_posted_line.clone());
    let modified = ld_date_field("dateModified").or_else(|| s.meta(MODIFIED_KEYS));
    let language = s
        .lang
        .clone()
        .or_else(|| ld_field("inLanguage"))
        .or_else(|| s.meta(&["http-equiv:content-language", "og:locale", "language"]))
        .and_then(|l| language_code(&l));
    let url = s
        .canonical
        .clone()
        .or_else(|| s.meta(&["og:url"]))
        .or_else(|| {
            article
                .and_then(|v| v.get("url"))
                .and_then(Value::as_str)
                .and_then(clean)
        })
        .filter(|u| is_url(u) || u.starts_with('/'));
    let image = article
        .and_then(|v| v.get("image"))
        .and_then(ld_image)
        .or_else(|| s.meta(IMAGE_KEYS))
        .or_else(|| s.image_link.clone())
        .map(|i| absolute(i, url.as_deref()));
    HtmlMeta {
        title,
        source,
        byline,
        published,
        modified,
        language,
        url,
        image,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta_of(h: &str) -> HtmlMeta {
        metadata(&Html::parse_document(h))
    }

    #[test]
    fn posting_words_are_no_byline() {
        assert_eq!(strip_posting_words("Posted on"), "");
        assert_eq!(strip_posting_words("Published: "), "");
        assert_eq!(strip_posting_words("Ann Lee, updated"), "Ann Lee,");
        assert_eq!(strip_posting_words("Ann Lee on"), "Ann Lee");
        assert_eq!(strip_posting_words("Postman Pat"), "Postman Pat");
        let m = meta_of(
            r#"<html><body><div class="post-meta-author">Posted on March 2, 2026 by Ann Lee</div>
            <article><p>x</p></article></body></html>"#,
        );
        assert_eq!(m.byline.as_deref(), Some("Ann Lee"));
        let m = meta_of(
            r#"<html><body><span class="byline">: Bo Park</span><article><p>x</p></article></body></html>"#,
        );
        assert_eq!(m.byline.as_deref(), Some("Bo Park"));
    }

    #[test]
    fn dates_marked_on_the_page() {
        let date = |h: &str| meta_of(h).published;
        // hAtom's `published` with its `title`, microdata on an abbr, a time without datetime.
        assert_eq!(
            date(r#"<p class="meta">by oz on <abbr class="published" title="2026-03-02">March 2</abbr></p>"#).as_deref(),
            Some("2026-03-02")
        );
        assert_eq!(
            date(r#"<abbr itemprop="datePublished" title="2026-03-02T08:00:00-07:00">8:00</abbr>"#)
                .as_deref(),
            Some("2026-03-02T08:00:00-07:00")
        );
        assert_eq!(
            date(r#"<article><time class="entry-date">March 2, 2026</time></article>"#).as_deref(),
            Some("March 2, 2026")
        );
        // A short element whose class names the date; a "Posted on" line; JSON-LD of a page.
        assert_eq!(
            date(r#"<div><span class="time-rubric">Mar 2, 2026</span><h1>Ferry</h1></div>"#)
                .as_deref(),
            Some("Mar 2, 2026")
        );
        assert_eq!(
            date(r#"<div class="entry-meta">Posted on March 2, 2026 by Ann Lee</div>"#).as_deref(),
            Some("March 2, 2026")
        );
        assert_eq!(
            date(r#"<script type="application/ld+json">{"@type":"WebPage","datePublished":"2026-03-02T10:13:17+00:00"}</script>"#).as_deref(),
            Some("2026-03-02T10:13:17+00:00")
        );
        // Furniture is no date line: a footer's date, a list of other posts.
        assert_eq!(
            date(r#"<footer><span class="date">March 2, 2026</span></footer>"#),
            None
        );
        assert_eq!(
            date(r#"<ul><li><span class="date">March 2, 2026</span></li></ul>"#),
            None
        );
        // A long element that mentions a date is no date line.
        assert_eq!(
            date(
                r#"<div class="date-and-weather">The ferry that opened on March 2, 2026 carried nine hundred people across the bay in its first week of service</div>"#
            ),
            None
        );
    }

    #[test]
    fn references_escaped_twice_are_read_once_more() {
        let m = meta_of(
            r#"<html><head><meta property="og:title" content="Arnault&amp;#8217;s Gift &amp;amp; the &amp;lt;Louvre&amp;gt;">
            <meta name="author" content="Ann Lee &amp; Bo Park"></head><body><p>x</p></body></html>"#,
        );
        assert_eq!(
            m.title.as_deref(),
            Some("Arnault\u{2019}s Gift & the <Louvre>")
        );
        assert_eq!(m.byline.as_deref(), Some("Ann Lee & Bo Park"));
        assert_eq!(clean("AT&T; 3 < 4 &c"), Some("AT&T; 3 < 4 &c".to_string()));
        assert_eq!(clean("a&nbsp;&nbsp;b"), Some("a b".to_string()));
    }

    #[test]
    fn json_ld_first_then_meta_in_order() {
        let m = meta_of(
            r#"<html lang="en-GB"><head><title>Bridge opens | Daily Lantern</title>
            <meta property="og:site_name" content="Daily Lantern">
            <link rel="canonical" href="https://example.invalid/bridge">
            <meta property="og:image" content="/img/bridge.jpg">
            <meta property="article:modified_time" content="2026-03-03T09:00:00Z">
            <script type="application/ld+json">//<![CDATA[
            {"@context":"https://schema.org","@graph":[{"@type":"WebPage"},{"@type":["NewsArticle"],"headline":"Bridge opens at last","datePublished":"2026-03-02T08:00:00Z","author":[{"@type":"Person","name":"Ann Lee"}],"publisher":{"@type":"Organization","name":"Lantern Media"}}]}
            //]]></script></head><body><p>x</p></body></html>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Bridge opens at last"));
        assert_eq!(m.source.as_deref(), Some("Lantern Media"));
        assert_eq!(m.byline.as_deref(), Some("Ann Lee"));
        assert_eq!(m.published.as_deref(), Some("2026-03-02T08:00:00Z"));
        assert_eq!(m.modified.as_deref(), Some("2026-03-03T09:00:00Z"));
        assert_eq!(m.language.as_deref(), Some("en"));
        assert_eq!(m.url.as_deref(), Some("https://example.invalid/bridge"));
        assert_eq!(
            m.image.as_deref(),
            Some("https://example.invalid/img/bridge.jpg")
        );
    }

    #[test]
    fn space_separated_keys_and_property_before_name() {
        let m = meta_of(
            r#"<head><title>Page</title><meta name="dc:title" content="Named">
            <meta property="x:title dc:title" content="Preferred">
            <meta property="dc:creator twitter:site_name" content="Ann Lee">
            <meta name="author" content="Somebody else"></head><body><h1>Other</h1></body>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Preferred"));
        assert_eq!(m.byline.as_deref(), Some("Ann Lee"));
    }

    #[test]
    fn title_element_and_h1() {
        let m = meta_of(
            "<head><title>Bridge opens on the river at last | Pages</title></head><body><h1>Lorem</h1></body>",
        );
        assert_eq!(
            m.title.as_deref(),
            Some("Bridge opens on the river at last")
        );
        let m = meta_of(
            "<head><title>Bridge opens – Daily Lantern</title><meta property=og:site_name content=\"Daily Lantern - news for all\"></head>",
        );
        assert_eq!(m.title.as_deref(), Some("Bridge opens"));
        let m = meta_of(
            "<head><title>Bridge opens again - Lantern</title></head><body><h1>Bridge opens again</h1></body>",
        );
        assert_eq!(m.title.as_deref(), Some("Bridge opens again"));
        let m = meta_of("<body><h1>Only a heading</h1></body>");
        assert_eq!(m.title.as_deref(), Some("Only a heading"));
    }

    #[test]
    fn byline_from_the_page_when_no_metadata_names_one() {
        let m = meta_of(
            r#"<body><nav><a rel="author" href="/x">Site Owner</a></nav>
            <ul><li><span class="byline">Teaser Author</span></li></ul>
            <div class="entry"><p class="byline">By <a rel="author" href="/a">Ann Lee</a></p></div>
            <div class="comments"><span class="comment-author">Troll</span></div></body>"#,
        );
        assert_eq!(m.byline.as_deref(), Some("Ann Lee"));
        let m = meta_of(
            r#"<body><div itemprop="author"><img alt=""><span itemprop="name">Bo Kim</span> wrote this</div></body>"#,
        );
        assert_eq!(m.byline.as_deref(), Some("Bo Kim"));
    }

    #[test]
    fn dates_from_microdata_and_time_elements() {
        let m = meta_of(
            r#"<body><time datetime="2020-01-01">old</time><article><span itemprop="datePublished" content="2026-03-02"></span><time datetime="2026-03-04">x</time></article></body>"#,
        );
        assert_eq!(m.published.as_deref(), Some("2026-03-02"));
        let m = meta_of(
            r#"<body><time datetime="2020-01-01">old</time><article><time datetime="2026-03-04">x</time></article></body>"#,
        );
        assert_eq!(m.published.as_deref(), Some("2026-03-04"));
    }
}
