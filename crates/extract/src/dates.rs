//! Dates as news metadata writes them: ISO 8601 / RFC 3339, RFC 2822, "January 6, 2026",
//! "Jan. 6, 2026", "6 January 2026", "Tuesday, January 6, 2026".
//!
//! Owns finding and parsing one calendar date in a string. It does not resolve relative
//! expressions ("yesterday", "on Monday"): that needs a publication date and is the analysis
//! stage's job. It never reads the clock.

use std::ops::Range;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

fn re(pattern: &str) -> Regex {
    // The patterns are constants of this file; a bad one is a bug caught by every test.
    Regex::new(pattern).unwrap_or_else(|e| panic!("bad built-in pattern {pattern}: {e}"))
}

static ISO: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ]\d|\b)"));
static MONTH_FIRST: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b"));
static DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]{3,9})\.?,?\s+(\d{4})\b")
});

/// Month number of a month name or its usual abbreviations ("Jan", "Sept", "september").
fn month(word: &str) -> Option<u32> {
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let w = word.to_ascii_lowercase();
    if w == "sept" {
        return Some(9);
    }
    NAMES
        .iter()
        .position(|n| *n == w || (w.len() == 3 && n.starts_with(&w)))
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// The first calendar date written in `s`, with its byte range.
pub fn find_date(s: &str) -> Option<(NaiveDate, Range<usize>)> {
    let mut best: Option<(NaiveDate, Range<usize>)> = None;
    let mut consider = |d: Option<NaiveDate>, r: Range<usize>| {
        if let Some(d) = d
            && best.as_ref().is_none_or(|(_, b)| r.start < b.start)
        {
            best = Some((d, r));
        }
    };
    if let Some(c) = ISO.captures(s)
        && let (Some(all), Some(y), Some(m), Some(d)) = (c.get(0), c.get(1), c.get(2), c.get(3))
    {
        let date = ymd(
            y.as_str(),
            Some(m.as_str().parse().unwrap_or(0)),
            d.as_str(),
        );
        consider(date, all.start()..d.end());
    }
    for c in MONTH_FIRST.captures_iter(s) {
        if let (Some(all), Some(m), Some(d), Some(y)) = (c.get(0), c.get(1), c.get(2), c.get(3))
            && let Some(mo) = month(m.as_str())
        {
            consider(ymd(y.as_str(), Some(mo), d.as_str()), all.range());
            break;
        }
    }
    for c in DAY_FIRST.captures_iter(s) {
        if let (Some(all), Some(d), Some(m), Some(y)) = (c.get(0), c.get(1), c.get(2), c.get(3))
            && let Some(mo) = month(m.as_str())
        {
            consider(ymd(y.as_str(), Some(mo), d.as_str()), all.range());
            break;
        }
    }
    best
}

fn ymd(y: &str, m: Option<u32>, d: &str) -> Option<NaiveDate> {
    let y: i32 = y.parse().ok()?;
    let d: u32 = d.parse().ok()?;
    if !(1800..=2200).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m?, d)
}

/// Parse a metadata date value: RFC 3339, RFC 2822, or the first date written in the string.
/// A timestamp's own calendar date is kept (no conversion to another time zone).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Ok(d) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(d.date_naive());
    }
    if let Ok(d) = chrono::DateTime::parse_from_rfc2822(s) {
        return Some(d.date_naive());
    }
    find_date(s).map(|(d, _)| d)
}

/// The calendar date (UTC) of a Unix timestamp in seconds, or milliseconds when it is too
/// large to be seconds.
pub fn from_timestamp(n: i64) -> Option<NaiveDate> {
    let secs = if n.abs() > 100_000_000_000 {
        n / 1000
    } else {
        n
    };
    chrono::DateTime::from_timestamp(secs, 0).map(|d| d.date_naive())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(s: &str) -> Option<String> {
        parse_date(s).map(|d| d.to_string())
    }

    #[test]
    fn the_usual_forms() {
        for s in [
            "2026-01-06",
            "2026/01/06",
            "January 6, 2026",
            "Jan. 6, 2026",
            "Jan 6 2026",
            "JANUARY 6, 2026",
            "6 January 2026",
            "6th of January, 2026",
            "Tuesday, January 6, 2026",
            "Tue, 06 Jan 2026 10:00:00 +0000",
            "2026-01-06T09:00:00Z",
            "2026-01-06T23:30:00-05:00",
            "Published: January 6th, 2026 at 9:00 a.m.",
        ] {
            assert_eq!(iso(s).as_deref(), Some("2026-01-06"), "{s}");
        }
        assert_eq!(iso("Sept. 30, 2025").as_deref(), Some("2025-09-30"));
    }

    #[test]
    fn not_dates() {
        for s in [
            "",
            "yesterday",
            "Mayor 6, 2026",
            "February 30, 2026",
            "2026-13-01",
            "on Monday",
            "3,400 times",
            "Jun 6, 0026",
        ] {
            assert_eq!(iso(s), None, "{s}");
        }
    }

    #[test]
    fn first_date_and_its_range() {
        let s = "date 2026-01-06 by X Staff, January 5, 2026";
        let (d, r) = find_date(s).unwrap();
        assert_eq!(d.to_string(), "2026-01-06");
        assert_eq!(&s[r], "2026-01-06");
        let s = "By Ann Lee, March 2, 2026 | Updated 2026-03-03";
        let (d, r) = find_date(s).unwrap();
        assert_eq!(d.to_string(), "2026-03-02");
        assert_eq!(&s[r], "March 2, 2026");
    }

    #[test]
    fn timestamps() {
        assert_eq!(
            from_timestamp(1_767_657_600).unwrap().to_string(),
            "2026-01-06"
        );
        assert_eq!(
            from_timestamp(1_767_657_600_000).unwrap().to_string(),
            "2026-01-06"
        );
    }
}
