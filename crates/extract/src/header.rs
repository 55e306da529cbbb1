//! Header lines and datelines: the metadata that plain text carries in its first lines.
//!
//! Recognises `date 2026-01-06 by CityCourier Staff, …`, `By NAME`, `By NAME, Month D, YYYY`,
//! `Published: …`, `Updated …`, `NAME Staff`, a date alone on a line, and wire datelines at the
//! start of the first paragraph (`BEIJING (Reuters) —`). Owns only the reading of one line;
//! deciding which lines are near enough the top to be read is the caller's job. It does not
//! guess an outlet from anything but an explicit "… Staff" byline or a wire dateline.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::dates::find_date;

/// Metadata read from header lines.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Header {
    /// The outlet ("CityCourier" from "CityCourier Staff").
    pub source: Option<String>,
    /// The author line ("CityCourier Staff", "Jane Roe").
    pub byline: Option<String>,
    /// The publication date.
    pub date: Option<NaiveDate>,
    /// A last-updated date, used when no publication date is given.
    pub updated: Option<NaiveDate>,
}

impl Header {
    /// The publication date, else the last-updated date.
    pub fn published(&self) -> Option<NaiveDate> {
        self.date.or(self.updated)
    }
}

/// Words that name a news outlet by their kind ("Courier", "Times", "Post"): a name holding one,
/// on a line with a date and nothing else, is the outlet's.
const OUTLET_WORDS: &[&str] = &[
    "courier",
    "times",
    "post",
    "news",
    "herald",
    "journal",
    "gazette",
    "tribune",
    "ledger",
    "sentinel",
    "chronicle",
    "observer",
    "express",
    "star",
    "mirror",
    "guardian",
    "telegraph",
    "review",
    "press",
    "record",
    "register",
    "standard",
    "examiner",
    "monitor",
    "inquirer",
    "bulletin",
    "dispatch",
    "globe",
    "sun",
    "daily",
    "weekly",
    "lantern",
    "beacon",
    "echo",
    "enquirer",
    "independent",
    "gazette",
    "advertiser",
    "argus",
    "clarion",
    "messenger",
    "mail",
    "reporter",
    "today",
    "magazine",
    "radio",
    "tv",
    "television",
    "broadcasting",
    "network",
    "wire",
    "agency",
    "media",
];

/// A clock time and nothing more: "3:14 p.m. ET", "09:30 GMT", "10:05am".
static CLOCK_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:at\s+)?\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)?\s*(?:[A-Z]{2,4}|UTC[+-]?\d{0,2})?$",
    )
});

/// Words that may appear uncapitalised inside a person's or outlet's name.
const NAME_PARTICLES: &[&str] = &[
    "and", "de", "da", "das", "do", "dos", "del", "della", "der", "den", "van", "von", "la", "le",
    "bin", "al", "el", "di", "du", "y", "of", "the", "&",
];

/// Generic words before "Staff" that do not name an outlet ("By Our Staff").
const NOT_OUTLETS: &[&str] = &[
    "our",
    "the",
    "a",
    "news",
    "wire",
    "web",
    "editorial",
    "staff",
    "from",
];

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("bad built-in pattern {pattern}: {e}"))
}

/// A keyword that introduces a date: "date 2026-01-06", "Published: …", "Updated on …".
static DATE_KEYWORD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(date|dated|published|posted|first published|updated|last updated|last modified)\b\s*(?:on\b)?\s*:?\s*",
    )
});

/// A wire dateline: `BEIJING (Reuters) —`, `SEOUL, South Korea (AP) -`,
/// `BEIJING, Jan 6 (Reuters) -`.
static WIRE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][A-Za-z.'’ -]{1,30})?(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*\(([A-Z][A-Za-z.&'’ -]{0,30}[A-Za-z.])\)\s*(?:—|–|-{1,2}|:)\s*\S",
    )
});

/// The words of a name when `s` reads like one ("Jane Roe", "CityCourier Staff",
/// "Ann Lee and Bo Kim"): one to eight words, capitalised except for particles, no digits.
fn name_words(s: &str) -> Option<Vec<&str>> {
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.is_empty() || words.len() > 8 {
        return None;
    }
    for (i, w) in words.iter().enumerate() {
        let core = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&');
        if core.is_empty() || core.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        let upper = core.chars().next().is_some_and(char::is_uppercase);
        let particle = NAME_PARTICLES.contains(&core.to_lowercase().as_str());
        if !(upper || (particle && i > 0 && i + 1 < words.len())) {
            return None;
        }
    }
    Some(words)
}

/// Read a byline starting right after "By ": the name, up to a separator or a date.
/// Sets `byline` (and `source` for "NAME Staff"); returns false when no name is there.
fn read_byline(s: &str, h: &mut Header) -> bool {
    let mut end = s.len();
    for sep in [
        ",", "|", "•", "·", " - ", " – ", " — ", "/", ";", " on ", " in ", " for ", "\t",
    ] {
        if let Some(i) = s.find(sep) {
            end = end.min(i);
        }
    }
    if let Some((_, r)) = find_date(s) {
        end = end.min(r.start);
    }
    let name = s[..end].trim().trim_end_matches(['.', ':']).trim();
    let Some(words) = name_words(name) else {
        return false;
    };
    if let Some((last, before)) = words.split_last()
        && last.eq_ignore_ascii_case("staff")
        && !before.is_empty()
        && !NOT_OUTLETS.contains(&before.join(" ").to_lowercase().as_str())
    {
        h.source.get_or_insert_with(|| before.join(" "));
    }
    h.byline.get_or_insert_with(|| words.join(" "));
    true
}

/// Position of a standalone "by " (at the start or after a space), case-insensitive.
fn find_by(s: &str) -> Option<usize> {
    let lower = s.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("by ") {
        let at = from + i;
        if at == 0 || lower[..at].ends_with(' ') {
            return Some(at);
        }
        from = at + 3;
    }
    None
}

/// Read one header line into `h`. Returns true when the line is metadata, not body text.
pub fn header_line(line: &str, h: &mut Header) -> bool {
    let l = line
        .trim()
        .trim_matches(|c: char| c == '*' || c == '_' || c == '|')
        .trim();
    let words = l.split_whitespace().count();
    if words == 0 || words > 25 {
        return false;
    }
    // "date 2026-01-06 by …", "Published: March 2, 2026", "Updated 2026-03-03 10:00"
    if let Some(m) = DATE_KEYWORD.find(l) {
        let keyword = l[..m.end()].to_lowercase();
        let rest = &l[m.end()..];
        let Some((date, range)) = find_date(rest) else {
            // "Updated 3:14 p.m. ET", "Posted 09:30 GMT": a stamp with a clock time only.
            return CLOCK_ONLY.is_match(rest.trim());
        };
        // Only a little may precede the date ("date 2026-01-06", "Published on Tue, Jan 6").
        if rest[..range.start].split_whitespace().count() > 2 {
            return false;
        }
        if keyword.contains("updated") || keyword.contains("modified") {
            h.updated.get_or_insert(date);
        } else {
            h.date.get_or_insert(date);
        }
        let after = &rest[range.end..];
        if let Some(i) = find_by(after) {
            read_byline(&after[i + 3..], h);
        }
        return true;
    }
    // "By Jane Roe", "By CityCourier Staff, January 6, 2026", "by Ann Lee | 2 March 2026"
    if let Some(rest) = l
        .get(3..)
        .filter(|_| l.get(..3).is_some_and(|b| b.eq_ignore_ascii_case("by ")))
    {
        if !read_byline(rest, h) {
            return false;
        }
        if let Some((d, _)) = find_date(rest) {
            h.date.get_or_insert(d);
        }
        return true;
    }
    let ends_like_sentence = l.ends_with(['.', '?', '!', '"', '”', ':', ';']);
    // "CityCourier Staff", "Daily Lantern Staff, March 4, 2026"
    let head = l.split([',', '|', '•', '·']).next().unwrap_or(l).trim();
    if !ends_like_sentence
        && head
            .split_whitespace()
            .last()
            .is_some_and(|w| w.eq_ignore_ascii_case("staff"))
        && name_words(head).is_some()
    {
        let mut probe = h.clone();
        if read_byline(head, &mut probe) && probe.source.is_some() {
            *h = probe;
            if let Some((d, _)) = find_date(l) {
                h.date.get_or_insert(d);
            }
            return true;
        }
    }
    // An outlet and a date: "Lakeside Courier, March 3, 2026", "The Harbor Post | 4 March 2026"
    if let Some((d, r)) = find_date(l).filter(|_| !ends_like_sentence) {
        let before = l[..r.start]
            .trim()
            .trim_end_matches([',', '|', '•', '·', '—', '–', '-'])
            .trim();
        let after = l[r.end..].trim();
        if after.is_empty()
            && !before.is_empty()
            && before.split_whitespace().count() <= 5
            && name_words(before).is_some()
            && before.split_whitespace().any(|w| {
                OUTLET_WORDS
                    .iter()
                    .any(|o| o.eq_ignore_ascii_case(w.trim_matches(|c: char| !c.is_alphanumeric())))
            })
        {
            h.source.get_or_insert_with(|| before.to_string());
            h.date.get_or_insert(d);
            return true;
        }
    }
    // A date alone: "January 6, 2026", "Tuesday, 6 January 2026, 09:00 GMT"
    if let Some((d, r)) = find_date(l) {
        let rest = format!("{} {}", &l[..r.start], &l[r.end..]);
        let other_words = rest
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .count();
        if other_words <= 3 && !l.ends_with(['.', '?', '!']) {
            h.date.get_or_insert(d);
            return true;
        }
    }
    false
}

/// The news agency of a wire dateline opening a paragraph (`BEIJING (Reuters) — …` gives
/// "Reuters").
pub fn wire_outlet(paragraph: &str) -> Option<String> {
    let c = WIRE.captures(paragraph)?;
    let name = c.get(1)?.as_str().trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// A wire dateline opening a paragraph, as the agency and the byte where the story's own words
/// start (`LONDON (Reuters) - The council…` gives "Reuters" and the offset of "The").
pub fn wire_dateline(paragraph: &str) -> Option<(String, usize)> {
    let c = WIRE.captures(paragraph)?;
    let name = c.get(1)?.as_str().trim();
    let whole = c.get(0)?;
    // The match ends on the first character of the text: step back to its start.
    let last = paragraph[..whole.end()].chars().next_back()?;
    let start = whole.end() - last.len_utf8();
    (!name.is_empty()).then(|| (name.to_string(), start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(line: &str) -> Option<Header> {
        let mut h = Header::default();
        header_line(line, &mut h).then_some(h)
    }

    fn d(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    #[test]
    fn date_keyword_line_with_staff_byline() {
        let h =
            read(" date 2026-03-02 by Harbor Ledger Staff, March 2, 2026 Coastal News").unwrap();
        assert_eq!(h.source.as_deref(), Some("Harbor Ledger"));
        assert_eq!(h.byline.as_deref(), Some("Harbor Ledger Staff"));
        assert_eq!(h.date, d("2026-03-02"));
    }

    #[test]
    fn bylines() {
        let h = read("By Jane Roe").unwrap();
        assert_eq!(
            (h.byline.as_deref(), h.source, h.date),
            (Some("Jane Roe"), None, None)
        );
        let h = read("By Jane Roe, March 2, 2026").unwrap();
        assert_eq!(
            (h.byline.as_deref(), h.date),
            (Some("Jane Roe"), d("2026-03-02"))
        );
        let h = read("by Ann Lee and Bo Kim | 2 March 2026").unwrap();
        assert_eq!(h.byline.as_deref(), Some("Ann Lee and Bo Kim"));
        assert_eq!(h.date, d("2026-03-02"));
        let h = read("By Pine Valley Courier Staff").unwrap();
        assert_eq!(h.source.as_deref(), Some("Pine Valley Courier"));
        let h = read("By Our Staff").unwrap();
        assert_eq!((h.byline.as_deref(), h.source), (Some("Our Staff"), None));
        let h = read("BY JANE ROE in Seoul").unwrap();
        assert_eq!(h.byline.as_deref(), Some("JANE ROE"));
    }

    #[test]
    fn staff_and_date_lines() {
        let h = read("Coastal Wire Staff").unwrap();
        assert_eq!(h.source.as_deref(), Some("Coastal Wire"));
        let h = read("Published: Jan. 6, 2026").unwrap();
        assert_eq!(h.date, d("2026-01-06"));
        let h = read("Updated 2026-01-07 10:15").unwrap();
        assert_eq!((h.date, h.updated), (None, d("2026-01-07")));
        assert_eq!(h.published(), d("2026-01-07"));
        let h = read("Tuesday, 6 January 2026, 09:00 GMT").unwrap();
        assert_eq!(h.date, d("2026-01-06"));
        let h = read("**March 4, 2026**").unwrap();
        assert_eq!(h.date, d("2026-03-04"));
    }

    #[test]
    fn body_sentences_are_not_headers() {
        for line in [
            "By the time the ferry arrived, the crowd had gone.",
            "by now everyone knows",
            "Date night at the harbor drew hundreds of couples on Friday.",
            "The council met on January 6, 2026 to vote on the budget for next year.",
            "Published reports said the ferry was late.",
            "Staff at the port walked out on Monday.",
            "The summit ended on March 4, 2026.",
            "",
        ] {
            assert_eq!(read(line), None, "{line}");
        }
    }

    #[test]
    fn wire_datelines() {
        assert_eq!(
            wire_outlet("BEIJING (Reuters) — The talks began.").as_deref(),
            Some("Reuters")
        );
        assert_eq!(
            wire_outlet("SEOUL, South Korea (AP) - Officials met.").as_deref(),
            Some("AP")
        );
        assert_eq!(
            wire_outlet("LIMA, Jan 6 (Reuters) - Ortega met Varga.").as_deref(),
            Some("Reuters")
        );
        assert_eq!(
            wire_outlet("PORTVILLE (Coastal Wire) — The ferry resumed.").as_deref(),
            Some("Coastal Wire")
        );
        assert_eq!(wire_outlet("The talks (in Beijing) — began."), None);
        assert_eq!(wire_outlet("NATO (the alliance) said"), None);
    }
}
