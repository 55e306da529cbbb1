//! Time expressions, normalised against the article's publication date.
//!
//! Absolute dates ("January 5, 2026", "2026-01-05"), months and years, weekdays ("on Monday",
//! "Tuesday morning", "last Friday"), and relative phrases ("last year", "earlier in November",
//! "a week ago", "since 2019") become inclusive day ranges with a granularity. Bare weekdays and
//! months resolve to the most recent one on or before the publication date, or the next one when
//! the sentence speaks of the future ("will", "is set to", "next").

use std::sync::LazyLock;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use parallax_core::{Granularity, Span, TimeExpr, TimeKind, TimeValue};
use regex::Regex;

const MONTH: &str = r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|aug(?:ust|\.)?|sep(?:t(?:ember|\.)?|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)";
const WEEKDAY: &str = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)";
const NUM_WORD: &str =
    r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,3})";

static PATTERNS: LazyLock<Vec<(Rule, Regex)>> = LazyLock::new(|| {
    let p = |r: &str| {
        Regex::new(&format!(r"(?i)\b(?:{r})\b"))
            .unwrap_or_else(|e| panic!("bad time regex {r}: {e}"))
    };
    vec![
        (Rule::Iso, p(r"(\d{4})-(\d{2})-(\d{2})")),
        (
            Rule::MonthDayYear,
            p(&format!(
                r"({MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})"
            )),
        ),
        (
            Rule::DayMonthYear,
            p(&format!(
                r"(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH}),?\s+(\d{{4}})"
            )),
        ),
        (Rule::MonthYear, p(&format!(r"({MONTH}),?\s+(\d{{4}})"))),
        (
            Rule::MonthDay,
            p(&format!(r"({MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?")),
        ),
        (Rule::Since, p(r"since\s+((?:19|20)\d{2})")),
        (
            Rule::Year,
            p(r"(?:in|of|by|during|until|from|before|after)\s+((?:19|20)\d{2})"),
        ),
        (
            Rule::Weekday,
            p(&format!(
                r"(?:(last|this|next|on|early|late)\s+)?({WEEKDAY})(?:\s+(?:morning|afternoon|evening|night))?"
            )),
        ),
        (
            Rule::RelUnit,
            p(r"(last|this|next|past|previous|coming)\s+(week|month|year|weekend)"),
        ),
        (
            Rule::Ago,
            p(&format!(r"({NUM_WORD})\s+(day|week|month|year)s?\s+ago")),
        ),
        (
            Rule::EarlierThis,
            p(r"(?:earlier|later)\s+this\s+(week|month|year)"),
        ),
        (Rule::Deictic, p(r"today|yesterday|tomorrow|tonight")),
        (
            Rule::MonthAlone,
            p(&format!(
                r"(?:(?:earlier|later|early|mid|late)\s+(?:in\s+)?|in\s+|last\s+|this\s+|next\s+)({MONTH})"
            )),
        ),
    ]
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    Iso,
    MonthDayYear,
    DayMonthYear,
    MonthYear,
    MonthDay,
    Since,
    Year,
    Weekday,
    RelUnit,
    Ago,
    EarlierThis,
    Deictic,
    MonthAlone,
}

/// Find and normalise time expressions. `sentences` are used to read the tense around each.
pub fn find(text: &str, sentences: &[Span], published: Option<NaiveDate>) -> Vec<TimeExpr> {
    let mut taken: Vec<Span> = Vec::new();
    let mut out = Vec::new();
    for (rule, re) in PATTERNS.iter() {
        for caps in re.captures_iter(text) {
            let Some(m) = caps.get(0) else { continue };
            let span = Span::new(m.start(), m.end());
            if taken.iter().any(|t| t.overlaps(span)) {
                continue;
            }
            // "May" the month vs "may" the verb: require a capital M for a bare "May".
            if m.as_str() == "may" || m.as_str().ends_with(" may") {
                continue;
            }
            let sentence = sentences
                .iter()
                .find(|s| s.contains(span))
                .copied()
                .unwrap_or(span);
            let future = is_future(text, sentence, span);
            let g = |i: usize| caps.get(i).map_or("", |x| x.as_str());
            let (kind, weekday, value) = resolve(*rule, &g, published, future);
            if value.is_none()
                && !matches!(
                    rule,
                    Rule::Weekday
                        | Rule::RelUnit
                        | Rule::Ago
                        | Rule::EarlierThis
                        | Rule::Deictic
                        | Rule::MonthAlone
                        | Rule::MonthDay
                )
            {
                continue;
            }
            taken.push(span);
            out.push(TimeExpr {
                span,
                kind,
                weekday,
                value,
            });
        }
    }
    out.sort_by_key(|t| t.span);
    out
}

fn is_future(text: &str, sentence: Span, span: Span) -> bool {
    // Only the outlet's words count: text inside quotation marks is someone else's tense.
    let mut before = String::new();
    let mut inside = false;
    for c in text.get(sentence.start..span.start).unwrap_or("").chars() {
        match c {
            '“' | '«' => inside = true,
            '”' | '»' => inside = false,
            '"' => inside = !inside,
            _ if !inside => before.extend(c.to_lowercase()),
            _ => {}
        }
    }
    [
        " will ",
        "set to",
        "scheduled",
        "plans to",
        "planned",
        "expected to",
        "is due",
        "was due",
        "going to",
        "next ",
    ]
    .iter()
    .any(|w| before.contains(w))
}

fn month_num(s: &str) -> Option<u32> {
    let s = s.to_lowercase();
    let k = s.get(..3)?;
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    months.iter().position(|m| *m == k).map(|i| i as u32 + 1)
}

fn weekday_of(s: &str) -> Option<Weekday> {
    s.to_lowercase().parse::<Weekday>().ok()
}

fn num_word(s: &str) -> Option<u64> {
    let words = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    let s = s.to_lowercase();
    if s == "a" || s == "an" {
        return Some(1);
    }
    words
        .iter()
        .position(|w| *w == s)
        .map(|i| i as u64)
        .or_else(|| s.parse().ok())
}

fn day(d: NaiveDate, relative: bool) -> TimeValue {
    TimeValue {
        iso: d.format("%Y-%m-%d").to_string(),
        granularity: Granularity::Day,
        start: d,
        end: d,
        relative,
    }
}

fn month(y: i32, m: u32, relative: bool) -> Option<TimeValue> {
    let start = NaiveDate::from_ymd_opt(y, m, 1)?;
    let end = start.checked_add_months(Months::new(1))?.pred_opt()?;
    Some(TimeValue {
        iso: format!("{y:04}-{m:02}"),
        granularity: Granularity::Month,
        start,
        end,
        relative,
    })
}

fn year(y: i32, relative: bool) -> Option<TimeValue> {
    Some(TimeValue {
        iso: format!("{y:04}"),
        granularity: Granularity::Year,
        start: NaiveDate::from_ymd_opt(y, 1, 1)?,
        end: NaiveDate::from_ymd_opt(y, 12, 31)?,
        relative,
    })
}

fn week_of(d: NaiveDate) -> Option<TimeValue> {
    let start = d.checked_sub_days(Days::new(d.weekday().num_days_from_monday() as u64))?;
    let end = start.checked_add_days(Days::new(6))?;
    Some(TimeValue {
        iso: start.format("%G-W%V").to_string(),
        granularity: Granularity::Week,
        start,
        end,
        relative: true,
    })
}

fn resolve<'a>(
    rule: Rule,
    g: &dyn Fn(usize) -> &'a str,
    pubd: Option<NaiveDate>,
    future: bool,
) -> (TimeKind, Option<String>, Option<TimeValue>) {
    let date = TimeKind::Date;
    match rule {
        Rule::Iso => {
            let v = NaiveDate::from_ymd_opt(
                g(1).parse().unwrap_or(0),
                g(2).parse().unwrap_or(0),
                g(3).parse().unwrap_or(0),
            );
            (date, None, v.map(|d| day(d, false)))
        }
        Rule::MonthDayYear | Rule::DayMonthYear => {
            let (m, d) = if rule == Rule::MonthDayYear {
                (g(1), g(2))
            } else {
                (g(2), g(1))
            };
            let v = month_num(m).and_then(|m| {
                NaiveDate::from_ymd_opt(g(3).parse().unwrap_or(0), m, d.parse().unwrap_or(0))
            });
            (date, None, v.map(|d| day(d, false)))
        }
        Rule::MonthYear => (
            date,
            None,
            month_num(g(1)).and_then(|m| month(g(2).parse().unwrap_or(0), m, false)),
        ),
        Rule::MonthDay => {
            let v = pubd.and_then(|p| {
                let m = month_num(g(1))?;
                let d: u32 = g(2).parse().ok()?;
                let this = NaiveDate::from_ymd_opt(p.year(), m, d)?;
                // The nearest such date to publication: this year unless that is > 2 months ahead.
                let pick = if this > p.checked_add_months(Months::new(2))? {
                    NaiveDate::from_ymd_opt(p.year() - 1, m, d)?
                } else {
                    this
                };
                Some(day(pick, true))
            });
            (date, None, v)
        }
        Rule::Since => {
            let y: i32 = g(1).parse().unwrap_or(0);
            let v = NaiveDate::from_ymd_opt(y, 1, 1).map(|start| TimeValue {
                iso: format!("{y:04}/.."),
                granularity: Granularity::Range,
                start,
                end: pubd.unwrap_or(start),
                relative: false,
            });
            (TimeKind::Since, None, v)
        }
        Rule::Year => (date, None, year(g(1).parse().unwrap_or(0), false)),
        Rule::Weekday => {
            let wd = weekday_of(g(2));
            let name = Some(g(2).to_lowercase());
            let modifier = g(1).to_lowercase();
            let v = pubd.zip(wd).and_then(|(p, wd)| {
                let back = (7 + p.weekday().num_days_from_monday() - wd.num_days_from_monday()) % 7;
                let fwd = (7 + wd.num_days_from_monday() - p.weekday().num_days_from_monday()) % 7;
                let d = match modifier.as_str() {
                    "last" => {
                        p.checked_sub_days(Days::new(if back == 0 { 7 } else { back as u64 }))
                    }
                    "next" => p.checked_add_days(Days::new(if fwd == 0 { 7 } else { fwd as u64 })),
                    _ if future => p.checked_add_days(Days::new(fwd as u64)),
                    _ => p.checked_sub_days(Days::new(back as u64)),
                }?;
                Some(day(d, true))
            });
            (date, name, v)
        }
        Rule::RelUnit => {
            let dir = g(1).to_lowercase();
            let unit = g(2).to_lowercase();
            let v = pubd.and_then(|p| {
                let shift: i32 = match dir.as_str() {
                    "last" | "past" | "previous" => -1,
                    "next" | "coming" => 1,
                    _ => 0,
                };
                match unit.as_str() {
                    "year" => year(p.year() + shift, true),
                    "month" => {
                        let d = if shift < 0 {
                            p.checked_sub_months(Months::new(1))?
                        } else if shift > 0 {
                            p.checked_add_months(Months::new(1))?
                        } else {
                            p
                        };
                        month(d.year(), d.month(), true)
                    }
                    _ => {
                        let d = if shift < 0 {
                            p.checked_sub_days(Days::new(7))?
                        } else if shift > 0 {
                            p.checked_add_days(Days::new(7))?
                        } else {
                            p
                        };
                        week_of(d)
                    }
                }
            });
            (date, None, v)
        }
        Rule::Ago => {
            let n = num_word(g(1)).unwrap_or(1);
            let unit = g(2).to_lowercase();
            let v = pubd.and_then(|p| match unit.as_str() {
                "day" => p.checked_sub_days(Days::new(n)).map(|d| day(d, true)),
                "week" => p.checked_sub_days(Days::new(7 * n)).map(|d| day(d, true)),
                "month" => p
                    .checked_sub_months(Months::new(n as u32))
                    .and_then(|d| month(d.year(), d.month(), true)),
                _ => year(p.year() - n as i32, true),
            });
            (date, None, v)
        }
        Rule::EarlierThis => {
            let unit = g(1).to_lowercase();
            let v = pubd.and_then(|p| match unit.as_str() {
                "week" => week_of(p),
                "month" => month(p.year(), p.month(), true),
                _ => year(p.year(), true),
            });
            (date, None, v)
        }
        Rule::Deictic => {
            let w = g(0).to_lowercase();
            let v = pubd.and_then(|p| match w.as_str() {
                "yesterday" => p.pred_opt(),
                "tomorrow" => p.succ_opt(),
                _ => Some(p),
            });
            (date, None, v.map(|d| day(d, true)))
        }
        Rule::MonthAlone => {
            let whole = g(0).to_lowercase();
            let v = pubd.zip(month_num(g(1))).and_then(|(p, m)| {
                let y = if whole.starts_with("next") || (future && m > p.month()) {
                    if m > p.month() {
                        p.year()
                    } else {
                        p.year() + 1
                    }
                } else if whole.starts_with("last") {
                    if m < p.month() {
                        p.year()
                    } else {
                        p.year() - 1
                    }
                } else if m <= p.month() {
                    p.year()
                } else {
                    p.year() - 1
                };
                month(y, m, true)
            });
            (date, None, v)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(t: &str, pubd: &str) -> Vec<(String, Option<String>)> {
        let p = NaiveDate::parse_from_str(pubd, "%Y-%m-%d").ok();
        find(t, &[Span::new(0, t.len())], p)
            .into_iter()
            .map(|x| {
                (
                    x.span.slice(t).unwrap_or("").to_string(),
                    x.value.map(|v| v.iso),
                )
            })
            .collect()
    }

    fn one(t: &str, pubd: &str) -> Option<String> {
        norm(t, pubd).into_iter().next().and_then(|x| x.1)
    }

    #[test]
    fn weekdays_resolve_to_the_most_recent_past_day() {
        // 2026-01-06 is a Tuesday.
        assert_eq!(
            one("Lee met Xi in Beijing on Monday.", "2026-01-06").as_deref(),
            Some("2026-01-05")
        );
        assert_eq!(
            one("They met Tuesday morning.", "2026-01-06").as_deref(),
            Some("2026-01-06")
        );
        assert_eq!(
            one("It happened last Tuesday.", "2026-01-06").as_deref(),
            Some("2025-12-30")
        );
        assert_eq!(
            one("He will fly home on Friday.", "2026-01-06").as_deref(),
            Some("2026-01-09")
        );
        assert_eq!(
            one("on Monday", "2026-01-06"),
            one("on Monday", "2026-01-06")
        );
        assert_eq!(
            norm("on Monday", "x")[0].1,
            None,
            "no publication date, no value"
        );
    }

    #[test]
    fn months_years_and_relative_phrases() {
        let p = "2026-01-06";
        assert_eq!(
            one("gifted earlier in November", p).as_deref(),
            Some("2025-11")
        );
        assert_eq!(one("gifted him last year", p).as_deref(), Some("2025"));
        assert_eq!(
            one("since taking office in June", p).as_deref(),
            Some("2025-06")
        );
        assert_eq!(
            one("the first visit since 2019", p).as_deref(),
            Some("2019/..")
        );
        assert_eq!(one("a week ago", p).as_deref(), Some("2025-12-30"));
        assert_eq!(one("January 5, 2026", p).as_deref(), Some("2026-01-05"));
        assert_eq!(one("5 January 2026", p).as_deref(), Some("2026-01-05"));
        assert_eq!(one("in March 2024", p).as_deref(), Some("2024-03"));
        assert_eq!(
            one("published 2026-01-05", p).as_deref(),
            Some("2026-01-05")
        );
        assert_eq!(one("yesterday", p).as_deref(), Some("2026-01-05"));
        assert_eq!(one("earlier this month", p).as_deref(), Some("2026-01"));
        assert!(norm("China may beat around the bush", p).is_empty());
    }
}
