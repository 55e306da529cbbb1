//! Markup before parsing: one forgiving scan over the tags of an HTML document that hands the
//! parser only what extraction can use.
//!
//! Comments go, and so does the content of scripts (all but JSON-LD), style sheets, `<noscript>`
//! and inline SVG: extraction never reads them, and on news pages they are half the bytes the
//! parser would otherwise tokenize and copy. When elements nest deeper than a limit, the start
//! and end tags beyond it go too (their content stays): html5ever's scope checks make parse
//! time grow with the square of the depth. Attributes extraction never reads (`href` on links,
//! `src`, `data-*`, `title`, `alt`, event handlers) go as well: they are a third of what is
//! left. It does not parse: a tag is `<`, a name, attributes
//! (quoted values may hold `>`), and `>`; raw-text elements end at their own end tag.

/// Elements that never take an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen",
];

/// Elements whose end tag may be left out: not counted, so unclosed paragraphs and list items
/// in an ordinary page do not look deep.
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot",
    "colgroup", "caption", "rb", "rt", "rp", "rtc", "html", "head", "body",
];

/// Elements whose content is raw text, not tags, and kept.
const RAW_TEXT_KEPT: &[&str] = &["textarea", "title", "xmp", "noembed", "noframes", "iframe"];

/// Elements whose content extraction never reads: dropped up to their end tag (a script only
/// when it is not JSON-LD). `<svg/>` written self-closing has no content to drop.
const CONTENT_DROPPED: &[&str] = &["script", "style", "noscript", "svg"];

/// A document ready for the parser.
pub struct Prepared {
    /// The markup to parse.
    pub html: String,
    /// Deepest nesting of counted elements found (before any were removed).
    pub depth: usize,
}

/// One tag: byte range, name (as written), end tag or not, written self-closing or not.
struct Tag<'a> {
    start: usize,
    end: usize,
    name: &'a str,
    closing: bool,
    self_closing: bool,
}

fn one_of(name: &str, set: &[&str]) -> bool {
    set.iter().any(|s| s.eq_ignore_ascii_case(name))
}

fn counted(t: &Tag<'_>) -> bool {
    !t.self_closing && !one_of(t.name, VOID) && !one_of(t.name, OPTIONAL_END)
}

/// Attributes extraction reads (or that change how the page parses: `type`, `encoding`).
/// `href` is kept on `<link>` only (the canonical URL and image links).
const KEPT_ATTRIBUTES: &[&str] = &[
    "class",
    "id",
    "itemprop",
    "rel",
    "role",
    "hidden",
    "aria-hidden",
    "property",
    "name",
    "content",
    "http-equiv",
    "lang",
    "datetime",
    "type",
    "encoding",
    "style",
];

fn kept_attribute(tag: &str, attr: &[u8]) -> bool {
    KEPT_ATTRIBUTES
        .iter()
        .any(|k| k.as_bytes().eq_ignore_ascii_case(attr))
        || (attr.eq_ignore_ascii_case(b"href") && tag.eq_ignore_ascii_case("link"))
}

/// Read the attributes of a tag whose name ends at `from`, pushing the byte ranges of those
/// not kept onto `dropped`; the end of the tag (the byte after its `>`), or `None` when the
/// document ends first. Quoted values may hold `>`.
fn tag_attributes(
    b: &[u8],
    from: usize,
    tag: &str,
    dropped: &mut Vec<(usize, usize)>,
) -> Option<usize> {
    let mut i = from;
    loop {
        while b
            .get(i)
            .is_some_and(|c| c.is_ascii_whitespace() || *c == b'/')
        {
            i += 1;
        }
        if *b.get(i)? == b'>' {
            return Some(i + 1);
        }
        let name_start = i;
        i += 1;
        while b
            .get(i)
            .is_some_and(|c| !c.is_ascii_whitespace() && !matches!(c, b'/' | b'>' | b'='))
        {
            i += 1;
        }
        let name_end = i;
        let mut j = i;
        while b.get(j).is_some_and(u8::is_ascii_whitespace) {
            j += 1;
        }
        if b.get(j) == Some(&b'=') {
            j += 1;
            while b.get(j).is_some_and(u8::is_ascii_whitespace) {
                j += 1;
            }
            match b.get(j) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    j += 1 + memchr::memchr(q, b.get(j + 1..)?)? + 1;
                }
                _ => {
                    while b
                        .get(j)
                        .is_some_and(|c| !c.is_ascii_whitespace() && *c != b'>')
                    {
                        j += 1;
                    }
                }
            }
            i = j;
        }
        if !kept_attribute(tag, &b[name_start..name_end]) {
            dropped.push((name_start, i));
        }
    }
}

/// Where the end tag `</name` of a raw-text element starting its content at `from` begins
/// (`b.len()` when there is none).
fn end_tag_at(b: &[u8], from: usize, name: &str) -> usize {
    let n = name.len();
    let mut i = from;
    while let Some(off) = b.get(i..).and_then(|r| memchr::memchr(b'<', r)) {
        let at = i + off;
        if b.get(at + 1) == Some(&b'/')
            && b.get(at + 2..at + 2 + n)
                .is_some_and(|w| w.eq_ignore_ascii_case(name.as_bytes()))
            && b.get(at + 2 + n)
                .is_none_or(|c| c.is_ascii_whitespace() || matches!(c, b'/' | b'>'))
        {
            return at;
        }
        i = at + 1;
    }
    b.len()
}

fn contains_ignore_case(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// Scan `s` (see the module doc), removing tags nested deeper than `limit`.
pub fn prepare(s: &str, limit: usize) -> Prepared {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len() / 2);
    // Copied up to here.
    let mut copied = 0;
    let cut = |out: &mut String, from: usize, to: usize, copied: &mut usize| {
        out.push_str(s.get(*copied..from).unwrap_or(""));
        *copied = to;
    };
    // For each open counted element: was its start tag dropped?
    let mut open: Vec<bool> = Vec::new();
    let mut depth = 0;
    // Attribute ranges of the current tag to leave out.
    let mut dropped: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while let Some(off) = b.get(i..).and_then(|r| memchr::memchr(b'<', r)) {
        let start = i + off;
        if b.get(start + 1..start + 4) == Some(b"!--") {
            let end = s
                .get(start + 4..)
                .and_then(|r| r.find("-->"))
                .map_or(b.len(), |e| start + 4 + e + 3);
            cut(&mut out, start, end, &mut copied);
            i = end;
            continue;
        }
        let closing = b.get(start + 1) == Some(&b'/');
        let name_at = start + 1 + usize::from(closing);
        if !b.get(name_at).is_some_and(u8::is_ascii_alphabetic) {
            i = start + 1;
            continue;
        }
        let name_len = b[name_at..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
            .count();
        dropped.clear();
        let name = s.get(name_at..name_at + name_len).unwrap_or("");
        let Some(end) = tag_attributes(b, name_at + name_len, name, &mut dropped) else {
            break;
        };
        let tag = Tag {
            start,
            end,
            name,
            closing,
            self_closing: b.get(end.saturating_sub(2)) == Some(&b'/'),
        };
        i = end;
        if counted(&tag) {
            let drop = if tag.closing {
                open.pop().unwrap_or(false)
            } else {
                let drop = open.len() >= limit;
                open.push(drop);
                depth = depth.max(open.len());
                drop
            };
            if drop {
                cut(&mut out, tag.start, tag.end, &mut copied);
                dropped.clear();
            }
        }
        for &(from, to) in &dropped {
            cut(&mut out, from, to, &mut copied);
        }
        if tag.closing {
            continue;
        }
        let svg = tag.name.eq_ignore_ascii_case("svg");
        if one_of(tag.name, CONTENT_DROPPED) && !(svg && tag.self_closing) {
            let close = end_tag_at(b, end, tag.name);
            let json_ld = tag.name.eq_ignore_ascii_case("script")
                && contains_ignore_case(&b[tag.start..tag.end], b"ld+json");
            if !json_ld {
                cut(&mut out, end, close, &mut copied);
            }
            i = close;
        } else if one_of(tag.name, RAW_TEXT_KEPT) {
            i = end_tag_at(b, end, tag.name);
        } else if tag.name.eq_ignore_ascii_case("plaintext") {
            break;
        }
    }
    out.push_str(s.get(copied..).unwrap_or(""));
    Prepared { html: out, depth }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_pages_keep_their_markup_without_scripts_styles_and_comments() {
        let page = "<div><p>One<p>Two<ul><li>A<li>B</ul><img src=x><br/></div>\
                    <script>if (a<b) { x('</div>') }</script><!-- <div> --><STYLE>p>a{}</Style>\
                    <script type=\"application/ld+json\">{\"a\": \"<b>\"}</script>\
                    <svg viewBox=\"0 0 1 1\"><path d=\"M0\"/></svg><svg/><p title=\"a > b\">Three</p>";
        let p = prepare(page, 400);
        assert_eq!(p.depth, 2);
        assert_eq!(
            p.html,
            "<div><p>One<p>Two<ul><li>A<li>B</ul><img ><br/></div>\
             <script></script><STYLE></Style>\
             <script type=\"application/ld+json\">{\"a\": \"<b>\"}</script>\
             <svg ></svg><svg/><p >Three</p>"
        );
    }

    #[test]
    fn only_attributes_extraction_reads_are_kept() {
        let page = "<a href=\"/x\" class=teaser data-x='a>b' onclick=go()>X</a>\
                    <link rel=canonical href=\"https://example.invalid/a\"/>\
                    <META PROPERTY=\"og:title\" CONTENT=\"T\" data-y>\
                    <div id = \"main\" hidden style=\"display:none\" title=t>Y</div>";
        assert_eq!(
            prepare(page, 400).html,
            "<a  class=teaser  >X</a>\
             <link rel=canonical href=\"https://example.invalid/a\"/>\
             <META PROPERTY=\"og:title\" CONTENT=\"T\" >\
             <div id = \"main\" hidden style=\"display:none\" >Y</div>"
        );
    }

    #[test]
    fn deep_tags_go_and_their_content_stays() {
        let deep = "<div><div><div><p>Text</p></div></div></div><!-- <div> -->";
        let p = prepare(deep, 2);
        assert_eq!(p.depth, 3);
        assert_eq!(p.html, "<div><div><p>Text</p></div></div>");
    }

    #[test]
    fn unterminated_constructs_end_the_scan() {
        assert_eq!(prepare("<p>One<!-- open", 9).html, "<p>One");
        assert_eq!(prepare("<p>One<script>x(", 9).html, "<p>One<script>");
        assert_eq!(prepare("<p>One<a href=\"x>", 9).html, "<p>One<a href=\"x>");
        assert_eq!(
            prepare("<title>a<b></title><p>x", 9).html,
            "<title>a<b></title><p>x"
        );
    }
}
