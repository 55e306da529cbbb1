//! Time expressions, normalised against the article's publication date.
//!
//! Absolute dates ("January 5, 2026", "2026-01-05"), months and years, weekdays ("on Monday",
//! "Tuesday morning", "last Friday"), and relative phrases ("last year", "earlier in November",
//! "a week ago", "since 2019"), quarters ("the first quarter of 2009" → 2009-Q1), seasons
//! ("this spring" → 2009-SP), decades ("the 1990s" → 199), parts of days ("this morning"),
//! weekends ("this weekend" → 2010-W04-WE), numeric dates (US month/day/year) and bare years
//! that are not amounts or counts become inclusive day ranges with a granularity. Bare weekdays and
//! months resolve to the most recent one on or before the publication date, or the next one when
//! the sentence speaks of the future ("will", "is set to", "next", "should", "by June"), unless
//! the verb right before the expression is in the past ("an official said Friday").
//! Durations, sets and vague references ("now", "recently") are not times here.

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
        Regex::new(&format!(r"(?i)(?-u:\b)(?:{r})(?-u:\b)"))
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
            Rule::MonthOfYear,
            p(&format!(r"({MONTH})\s+(?:of\s+)?(last|this|next)\s+year")),
        ),
        (Rule::Numeric, p(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})")),
        (
            Rule::Quarter,
            p(
                r"(?:the\s+)?(first|second|third|fourth|final|last|previous|1st|2nd|3rd|4th)[\s-]+quarter(?:\s+of\s+(?:(\d{4})|(this|last|next|the\s+previous|the)\s+year))?",
            ),
        ),
        (
            Rule::Season,
            p(
                r"(?:(this|last|next|in\s+the|in|the|early|late)\s+)?(spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?((?:19|20)\d{2}))?",
            ),
        ),
        (
            Rule::Decade,
            p(r"(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?((?:19|20)\d0|'?\d0)'?s"),
        ),
        (
            Rule::MonthDay,
            p(&format!(r"({MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?")),
        ),
        (
            Rule::DayMonth,
            p(&format!(
                r"(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH})"
            )),
        ),
        (Rule::Since, p(r"since\s+((?:19|20)\d{2})")),
        (
            Rule::Year,
            p(
                r"(?:(?:in|of|by|during|until|from|before|after|through|throughout|between|early|late)\s+|mid-?)((?:19|20)\d{2})",
            ),
        ),
        (Rule::BareYear, p(r"((?:19|20)\d{2})")),
        (
            Rule::Weekday,
            p(&format!(
                r"(?:(last|this|next|on|early|late)\s+)?({WEEKDAY})(?:\s+(?:morning|afternoon|evening|night))?"
            )),
        ),
        (
            Rule::Boundary,
            p(r"(?:the\s+)?(beginning|start|end|middle)\s+of\s+(?:the|this)\s+(year|month)"),
        ),
        (
            Rule::DecadeRel,
            p(r"(?:the\s+)?(past|last|previous|this|current)\s+decade"),
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
        (
            Rule::PartOfDay,
            p(r"(this|yesterday|tomorrow|last)\s+(morning|afternoon|evening|night)"),
        ),
        (Rule::Deictic, p(r"today|yesterday|tomorrow|tonight")),
        (
            Rule::Anaphor,
            p(
                r"(?:(?:later|earlier)\s+in\s+the|that|that\s+same|the\s+same)\s+(day)|(?:by|at|until|since)\s+that\s+(time)",
            ),
        ),
        (
            Rule::MonthAlone,
            p(&format!(
                r"(?:(?:earlier|later|early|mid|late)[\s-]+(?:in\s+)?|in\s+|by\s+|last\s+|this\s+|next\s+|of\s+|since\s+)({MONTH})"
            )),
        ),
        (
            Rule::MonthBare,
            p(
                r"(january|february|march|april|june|july|august|september|october|november|december)",
            ),
        ),
    ]
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    Iso,
    MonthDayYear,
    DayMonthYear,
    MonthYear,
    MonthOfYear,
    Numeric,
    Quarter,
    Season,
    Decade,
    MonthDay,
    DayMonth,
    Since,
    Year,
    BareYear,
    Weekday,
    RelUnit,
    Ago,
    EarlierThis,
    PartOfDay,
    Deictic,
    Boundary,
    DecadeRel,
    Anaphor,
    MonthAlone,
    MonthBare,
}

/// Find and normalise time expressions. `sentences` are used to read the tense around each.
pub fn find(text: &str, sentences: &[Span], published: Option<NaiveDate>) -> Vec<TimeExpr> {
    find_in(text, sentences, published, Some(&Triggers::new(text)))
}

/// [`find`], searching only around `triggers`, or the whole text when there are none (the
/// reference the windowed search is tested against).
fn find_in(
    text: &str,
    sentences: &[Span],
    published: Option<NaiveDate>,
    triggers: Option<&Triggers>,
) -> Vec<TimeExpr> {
    let mut taken: Vec<Span> = Vec::new();
    let mut out = Vec::new();
    // "that day", "by that time": spans, and whether a day (not any time) is meant.
    let mut anaphors: Vec<(Span, bool)> = Vec::new();
    let search = |re: &Regex, needs: (u16, usize, usize)| match triggers {
        Some(t) => captures_in(re, text, &t.windows(needs)),
        None => re.captures_iter(text).collect(),
    };
    for (rule, re) in PATTERNS.iter() {
        for caps in search(re, needs(*rule)) {
            let Some(m) = caps.get(0) else { continue };
            let span = Span::new(m.start(), m.end());
            if taken.iter().any(|t| t.overlaps(span)) {
                continue;
            }
            // "May" the month vs "may" the verb: require a capital M for a bare "May".
            if m.as_str() == "may" || m.as_str().ends_with(" may") {
                continue;
            }
            if !plausible(*rule, text, span) {
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
                        | Rule::DayMonth
                        | Rule::MonthBare
                        | Rule::PartOfDay
                        | Rule::Quarter
                        | Rule::Season
                        | Rule::MonthOfYear
                        | Rule::Boundary
                        | Rule::DecadeRel
                        | Rule::Anaphor
                )
            {
                continue;
            }
            taken.push(span);
            if *rule == Rule::Anaphor {
                anaphors.push((span, !g(1).is_empty()));
            }
            out.push(TimeExpr {
                span,
                kind,
                weekday,
                value,
                clock: None,
            });
        }
    }
    for (span, clock) in clocks(search(&CLOCK, CLOCK_NEEDS)) {
        if !taken.iter().any(|t| t.overlaps(span)) {
            taken.push(span);
            out.push(TimeExpr {
                span,
                kind: TimeKind::TimeOfDay,
                weekday: None,
                value: None,
                clock: Some(clock),
            });
        }
    }
    out.sort_by_key(|t| t.span);
    anchor(&mut out, &anaphors, sentences, published);
    out
}

/// Values for what is read from the expressions around it. A time of day falls on the day
/// named nearest to it in its sentence ("Tuesday … at 18:00 UTC"), else on the last day named
/// before it (the day the story is telling: "ran aground on Tuesday. … The ferry left port at
/// 7:40 a.m."), else on the publication date. "That day", "later in the day" and "by that time" take the value of the last dated
/// expression before them (a day for "day", any date for "time"); none before, no value.
fn anchor(
    out: &mut [TimeExpr],
    anaphors: &[(Span, bool)],
    sentences: &[Span],
    published: Option<NaiveDate>,
) {
    for i in 0..out.len() {
        if out[i].value.is_some() {
            continue;
        }
        let span = out[i].span;
        let is_day = |t: &TimeExpr| {
            t.kind == TimeKind::Date
                && t.value
                    .as_ref()
                    .is_some_and(|v| v.granularity == Granularity::Day)
        };
        if let Some(clock) = out[i].clock.clone() {
            let sentence = sentences.iter().find(|s| s.contains(span)).copied();
            let distance = |t: &TimeExpr| t.span.start.abs_diff(span.start);
            let named = out
                .iter()
                .filter(|t| sentence.is_some_and(|s| s.contains(t.span)) && is_day(t))
                .min_by_key(|t| distance(t))
                .and_then(|t| t.value.as_ref())
                .map(|v| (v.start, v.relative));
            let told = || {
                out[..i]
                    .iter()
                    .rev()
                    .find(|t| t.clock.is_none() && is_day(t))
                    .and_then(|t| t.value.as_ref())
                    .map(|v| (v.start, v.relative))
            };
            if let Some((d, relative)) = named.or_else(told).or(published.map(|p| (p, true))) {
                out[i].value = Some(TimeValue {
                    iso: format!("{}T{clock}", d.format("%Y-%m-%d")),
                    ..day(d, relative)
                });
            }
        } else if let Some(&(_, want_day)) = anaphors.iter().find(|(s, _)| *s == span) {
            let antecedent = out[..i]
                .iter()
                .rev()
                .filter(|t| t.kind == TimeKind::Date && t.clock.is_none())
                .find(|t| {
                    if want_day {
                        is_day(t)
                    } else {
                        t.value.is_some()
                    }
                })
                .and_then(|t| t.value.clone());
            out[i].value = antecedent.map(|v| TimeValue {
                relative: true,
                ..v
            });
        }
    }
}

// Where to look. Every match of a pattern above (and of the clock pattern) holds a digit or a
// whole word from a short list (a month, a weekday, "quarter", "ago", …), and reaches only a
// few chunks of text (runs between whitespace and hyphens) before and after the chunk that
// holds it: "the first quarter of the previous year" is two chunks before "quarter" and four
// after. So a rule's matches all lie in windows around the chunks holding what it needs, and
// searching only those windows, each as a haystack cut at a chunk's end (a non-word character
// follows, so `\b` reads the same), finds exactly the matches a search of the whole text
// finds, in the same order, at a fraction of the cost: most of an article has no dates.

const HAS_DIGIT: u16 = 1;
const HAS_MONTH: u16 = 1 << 1;
const HAS_QUARTER: u16 = 1 << 2;
const HAS_SEASON: u16 = 1 << 3;
const HAS_WEEKDAY: u16 = 1 << 4;
const HAS_UNIT: u16 = 1 << 5;
const HAS_AGO: u16 = 1 << 6;
const HAS_PART: u16 = 1 << 7;
const HAS_DEICTIC: u16 = 1 << 8;
const HAS_NOON: u16 = 1 << 9;
const HAS_ANAPHOR: u16 = 1 << 10;
const HAS_ALL: u16 = (1 << 11) - 1;

/// Most chunks a window reaches on either side of its trigger chunk.
const MAX_REACH: usize = 5;

/// What every match of a rule holds, and how many chunks a match reaches before and after
/// the chunk holding it, plus one for safety.
fn needs(rule: Rule) -> (u16, usize, usize) {
    let (has, before, after) = match rule {
        Rule::Iso => (HAS_DIGIT, 2, 2),
        Rule::Numeric | Rule::BareYear => (HAS_DIGIT, 0, 0),
        Rule::Decade => (HAS_DIGIT, 2, 0),
        Rule::Since | Rule::Year => (HAS_DIGIT, 1, 0),
        Rule::MonthDayYear => (HAS_MONTH, 0, 2),
        Rule::DayMonthYear => (HAS_MONTH, 2, 1),
        Rule::MonthYear | Rule::MonthDay => (HAS_MONTH, 0, 1),
        Rule::MonthOfYear => (HAS_MONTH, 0, 3),
        Rule::DayMonth | Rule::MonthAlone => (HAS_MONTH, 2, 0),
        Rule::MonthBare => (HAS_MONTH, 0, 0),
        Rule::Quarter => (HAS_QUARTER, 2, 4),
        Rule::Season => (HAS_SEASON, 2, 2),
        Rule::Weekday => (HAS_WEEKDAY, 1, 1),
        Rule::RelUnit => (HAS_UNIT, 1, 0),
        Rule::EarlierThis => (HAS_UNIT, 2, 0),
        Rule::Ago => (HAS_AGO, 2, 0),
        Rule::PartOfDay => (HAS_PART, 1, 0),
        Rule::Deictic => (HAS_DEICTIC, 0, 0),
        Rule::Boundary => (HAS_UNIT, 4, 0),
        Rule::DecadeRel => (HAS_UNIT, 2, 0),
        Rule::Anaphor => (HAS_ANAPHOR, 3, 0),
    };
    (has, before + 1, after + 1)
}

/// The clock pattern: "at 14:30" reaches one chunk before the digits, "9 p.m." one after.
const CLOCK_NEEDS: (u16, usize, usize) = (HAS_DIGIT | HAS_NOON, 2, 2);

/// A superset of what the patterns need, as substrings (case-insensitive, as the patterns
/// are): every chunk holding a needed word holds one of these, so only chunks with a hit are
/// looked at closely.
static TRIGGER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|quarter|spring|summer|autumn|fall|winter|day|week|month|year|decade|time|ago|morning|afternoon|evening|night|tomorrow|noon",
    )
    .unwrap_or_else(|e| panic!("bad trigger regex: {e}"))
});

/// True for the characters that separate chunks.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || c == '-'
}

/// What one chunk holds. In the patterns every needed word stands between non-word
/// characters (`\b`, `\s`, `-`, `,`, `.`), so it is a whole ASCII word of the chunk. A chunk
/// with any non-ASCII character may hold anything (Unicode digits, the Kelvin sign that
/// `(?i)k` matches, …).
fn classify(chunk: &str) -> u16 {
    if !chunk.is_ascii() {
        return HAS_ALL;
    }
    let mut bits = 0;
    if chunk.bytes().any(|b| b.is_ascii_digit()) {
        bits |= HAS_DIGIT;
    }
    let mut buf = [0u8; 9];
    for word in chunk.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
        if !(3..=9).contains(&word.len()) {
            continue;
        }
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        bits |= match &*lower {
            b"jan" | b"january" | b"feb" | b"february" | b"mar" | b"march" | b"apr" | b"april"
            | b"may" | b"jun" | b"june" | b"jul" | b"july" | b"aug" | b"august" | b"sep"
            | b"sept" | b"september" | b"oct" | b"october" | b"nov" | b"november" | b"dec"
            | b"december" => HAS_MONTH,
            b"quarter" => HAS_QUARTER,
            b"spring" | b"summer" | b"autumn" | b"fall" | b"winter" => HAS_SEASON,
            b"monday" | b"tuesday" | b"wednesday" | b"thursday" | b"friday" | b"saturday"
            | b"sunday" => HAS_WEEKDAY,
            b"week" | b"month" | b"year" | b"weekend" | b"decade" => HAS_UNIT,
            b"day" | b"time" => HAS_ANAPHOR,
            b"ago" => HAS_AGO,
            b"morning" | b"afternoon" | b"evening" => HAS_PART,
            b"night" => HAS_PART | HAS_NOON,
            b"today" | b"yesterday" | b"tomorrow" | b"tonight" => HAS_DEICTIC,
            b"midnight" | b"noon" => HAS_NOON,
            _ => 0,
        };
    }
    bits
}

/// A chunk holding something some pattern needs: what it holds, the starts of the chunks
/// before it (`back[k]`: `k` chunks back) and the ends of the chunks after it.
struct Trigger {
    has: u16,
    back: [usize; MAX_REACH + 1],
    fwd: [usize; MAX_REACH + 1],
}

/// The chunks of a text holding something some pattern needs.
struct Triggers {
    chunks: Vec<Trigger>,
}

impl Triggers {
    fn new(text: &str) -> Triggers {
        let mut chunks: Vec<Trigger> = Vec::new();
        let mut last_end = 0;
        for m in TRIGGER.find_iter(text) {
            if m.start() < last_end {
                continue; // in the chunk just classified
            }
            let start = chunk_start(text, m.start());
            let end = chunk_end(text, m.end());
            last_end = end;
            let has = classify(&text[start..end]);
            if has == 0 {
                continue;
            }
            let mut back = [start; MAX_REACH + 1];
            let mut fwd = [end; MAX_REACH + 1];
            for k in 1..=MAX_REACH {
                back[k] = chunk_start(text, trim_separators_back(text, back[k - 1]));
                fwd[k] = chunk_end(text, skip_separators(text, fwd[k - 1]));
            }
            chunks.push(Trigger { has, back, fwd });
        }
        Triggers { chunks }
    }

    /// Disjoint byte ranges, in order, covering every chunk from `before` chunks before to
    /// `after` chunks after a chunk holding any of `has`.
    fn windows(&self, (has, before, after): (u16, usize, usize)) -> Vec<(usize, usize)> {
        let (before, after) = (before.min(MAX_REACH), after.min(MAX_REACH));
        let mut out: Vec<(usize, usize)> = Vec::new();
        for t in &self.chunks {
            if t.has & has == 0 {
                continue;
            }
            let (from, to) = (t.back[before], t.fwd[after]);
            match out.last_mut() {
                Some(last) if from <= last.1 => last.1 = last.1.max(to),
                _ => out.push((from, to)),
            }
        }
        out
    }
}

/// Start of the chunk holding byte `i` (or starting there).
fn chunk_start(text: &str, i: usize) -> usize {
    text[..i]
        .char_indices()
        .rev()
        .find(|&(_, c)| is_separator(c))
        .map_or(0, |(k, c)| k + c.len_utf8())
}

/// End of the chunk holding the byte before `i` (or `i` when a separator starts there).
fn chunk_end(text: &str, i: usize) -> usize {
    text[i..]
        .char_indices()
        .find(|&(_, c)| is_separator(c))
        .map_or(text.len(), |(k, _)| i + k)
}

/// `i` moved back over separators: the end of the previous chunk.
fn trim_separators_back(text: &str, i: usize) -> usize {
    text[..i]
        .char_indices()
        .rev()
        .find(|&(_, c)| !is_separator(c))
        .map_or(0, |(k, c)| k + c.len_utf8())
}

/// `i` moved forward over separators: the start of the next chunk.
fn skip_separators(text: &str, i: usize) -> usize {
    text[i..]
        .char_indices()
        .find(|&(_, c)| !is_separator(c))
        .map_or(text.len(), |(k, _)| i + k)
}

/// The matches of `re` that a search of all of `text` finds, searching only `windows`.
fn captures_in<'t>(
    re: &Regex,
    text: &'t str,
    windows: &[(usize, usize)],
) -> Vec<regex::Captures<'t>> {
    let mut out = Vec::new();
    let mut pos = 0;
    for &(from, to) in windows {
        let hay = &text[..to];
        pos = pos.max(from);
        while pos < to {
            let Some(caps) = re.captures_at(hay, pos) else {
                break;
            };
            let Some(m) = caps.get(0) else { break };
            // No pattern matches the empty string; step on regardless.
            pos = if m.end() > m.start() {
                m.end()
            } else {
                m.end() + text[m.end()..].chars().next().map_or(1, char::len_utf8)
            };
            out.push(caps);
        }
    }
    out
}

/// Times of day (see [`clocks`]).
static CLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:(\d{1,2})(?:[:.](\d{2}))?\s*(a\.m\.|p\.m\.|am(?-u:\b)|pm(?-u:\b))|at\s+(\d{1,2}):(\d{2})(?-u:\b)|(noon|midnight)(?-u:\b)|(\d{1,2}):(\d{2})\s*(?:UTC|GMT)(?-u:\b))",
    )
    .unwrap_or_else(|e| panic!("bad clock regex: {e}"))
});

/// Times of day: "7:40 a.m.", "9 pm", "at 14:30", "18:00 UTC", "noon", "midnight", as 24-hour
/// "HH:MM".
/// `matches` are those of [`CLOCK`] in the text.
fn clocks(matches: Vec<regex::Captures<'_>>) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    for caps in matches {
        let Some(m) = caps.get(0) else { continue };
        let num = |i: usize| caps.get(i).and_then(|x| x.as_str().parse::<u32>().ok());
        let (h, min) = if let Some(word) = caps.get(6) {
            if word.as_str().eq_ignore_ascii_case("noon") {
                (12, 0)
            } else {
                (0, 0)
            }
        } else if let Some(h) = num(4) {
            (h, num(5).unwrap_or(0))
        } else if let Some(h) = num(7) {
            (h, num(8).unwrap_or(0))
        } else {
            let Some(h) = num(1) else { continue };
            let pm = caps
                .get(3)
                .is_some_and(|x| x.as_str().to_ascii_lowercase().starts_with('p'));
            if !(1..=12).contains(&h) {
                continue;
            }
            let h = match (h, pm) {
                (12, false) => 0,
                (12, true) => 12,
                (h, true) => h + 12,
                (h, false) => h,
            };
            (h, num(2).unwrap_or(0))
        };
        if h > 23 || min > 59 {
            continue;
        }
        let mut span = Span::new(m.start(), m.end());
        // "at 14:30": the time is the digits, not the preposition.
        if let Some(d) = caps.get(4) {
            span = Span::new(d.start(), m.end());
        }
        out.push((span, format!("{h:02}:{min:02}")));
    }
    out
}

/// Guards a match against its surroundings where the pattern alone is too loose: a bare year
/// must not be an amount or a count, a bare month name must be capitalised and not part of a
/// name, a season needs a determiner or a year or else stands bare in lower case outside a
/// name or compound, a two-digit decade needs "the", an apostrophe or a decade it is
/// coordinated with ("the 70s and 80s").
fn plausible(rule: Rule, text: &str, span: Span) -> bool {
    let m = text.get(span.start..span.end).unwrap_or("");
    let before = text.get(..span.start).unwrap_or("");
    let after = text.get(span.end..).unwrap_or("");
    let next_word: &str = after
        .trim_start()
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let prev_word: &str = before
        .trim_end()
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    match rule {
        Rule::BareYear => {
            let glued_before =
                before.ends_with(|c: char| c.is_ascii_digit() || ".,-/#".contains(c));
            let money = before.trim_end().ends_with(['$', '£', '€', '#']);
            let glued_after = after.starts_with('%')
                || after.starts_with(|c: char| c.is_ascii_digit())
                || [",", ".", "-", "/"].iter().any(|p| {
                    after
                        .strip_prefix(p)
                        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
                });
            const UNITS: &[&str] = &[
                "million", "billion", "thousand", "percent", "per", "hp", "km", "kg", "mph",
            ];
            let w = next_word;
            let counted = w.starts_with(|c: char| c.is_lowercase())
                && (UNITS.contains(&w)
                    || (w.len() > 3
                        && w.ends_with('s')
                        && !["this", "thus", "plus", "less", "unless", "across"].contains(&w)));
            !(glued_before || money || glued_after || counted)
        }
        Rule::MonthBare => {
            let after_stop = before.trim_end().ends_with(['.', ',', ';', ':']);
            capitalised(m) && !capitalised(next_word) && (after_stop || !capitalised(prev_word))
        }
        Rule::Season => {
            let lower = m.to_lowercase();
            if !lower.contains(' ') {
                // A bare season word ("but spring shows signs of hope"): lower case, not
                // "fall" (a verb as often), not part of a name ("Arab Spring") or of a
                // compound noun ("a hot spring", "spring water").
                const FUNCTION: &[&str] = &["but", "and", "or", "so", "yet", "while", "until"];
                const NOT_BEFORE: &[&str] = &["a", "an", "hot", "mineral", "box", "coil", "leaf"];
                const NOT_AFTER: &[&str] = &["water", "waters", "onion", "onions", "roll", "rolls"];
                let prev = prev_word.to_lowercase();
                return m.chars().all(char::is_lowercase)
                    && lower != "fall"
                    && (!capitalised(prev_word) || FUNCTION.contains(&prev.as_str()))
                    && !NOT_BEFORE.contains(&prev.as_str())
                    && !NOT_AFTER.contains(&next_word);
            }
            let has_year = lower.ends_with(|c: char| c.is_ascii_digit());
            let det_only = lower.starts_with("the ") || lower.starts_with("in the ");
            has_year || !(det_only && next_word == "of")
        }
        Rule::Decade => {
            let lower = m.to_lowercase();
            // "the 70s and 80s": a two-digit decade coordinated with a decade before it that
            // is one by the same test ("in their 70s and 80s" are ages).
            let coordinated = || {
                let lead = before.trim_end();
                let Some(lead) = lead
                    .get(..lead.len().saturating_sub(prev_word.len()))
                    .filter(|_| {
                        ["and", "or", "to", "through"].contains(&prev_word.to_lowercase().as_str())
                    })
                else {
                    return false;
                };
                let mut words = lead.trim_end_matches([' ', ',']).rsplit(' ');
                let decade = words.next().unwrap_or("").trim_end_matches('\'');
                let det = words.next().unwrap_or("");
                decade.ends_with("0s")
                    && (decade.starts_with('\'')
                        || decade.len() == 5
                        || det.eq_ignore_ascii_case("the"))
            };
            lower.starts_with("the")
                || lower.contains('\'')
                || lower.chars().filter(char::is_ascii_digit).count() == 4
                || coordinated()
        }
        Rule::Numeric => !before.ends_with(|c: char| c.is_ascii_digit() || c == '/'),
        _ => true,
    }
}

/// The last word before `span` in its sentence, skipping prepositions and time modifiers, and
/// the word before that.
fn verb_before(text: &str, sentence: Span, span: Span) -> (String, String) {
    const SKIP: &[&str] = &[
        "on", "in", "the", "early", "late", "mid", "last", "this", "at", "of",
    ];
    let mut words = text
        .get(sentence.start..span.start)
        .unwrap_or("")
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .rev()
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .skip_while(|w| SKIP.contains(&w.as_str()));
    let verb = words.next().unwrap_or_default();
    (verb, words.next().unwrap_or_default())
}

fn is_future(text: &str, sentence: Span, span: Span) -> bool {
    // The verb right before the expression decides when it is past ("an official said Friday").
    let (verb, aux) = verb_before(text, sentence, span);
    // A participle after an auxiliary ("should be completed") says nothing about the past.
    const AUX: &[&str] = &[
        "be", "been", "being", "to", "will", "should", "would", "could", "may", "might", "must",
    ];
    const PAST: &[&str] = &[
        "said", "told", "was", "were", "had", "did", "made", "met", "held", "began", "took", "saw",
        "went", "came", "sold", "fell", "rose", "won", "lost", "paid", "gave", "left",
    ];
    if !AUX.contains(&aux.as_str())
        && (PAST.contains(&verb.as_str()) || (verb.len() > 3 && verb.ends_with("ed")))
    {
        return false;
    }
    if verb == "by" || verb == "until" {
        return true;
    }
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
        " should ",
        " would ",
        "wants to",
        "intends to",
        "aims to",
        "hopes to",
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

fn quarter(y: i32, n: u32, relative: bool) -> Option<TimeValue> {
    let start = NaiveDate::from_ymd_opt(y, 3 * n.clamp(1, 4) - 2, 1)?;
    let end = start.checked_add_months(Months::new(3))?.pred_opt()?;
    Some(TimeValue {
        iso: format!("{y:04}-Q{}", n.clamp(1, 4)),
        granularity: Granularity::Range,
        start,
        end,
        relative,
    })
}

/// The decade starting in year `y` ("198" for 1980).
fn decade(y: i32) -> Option<TimeValue> {
    Some(TimeValue {
        iso: format!("{:03}", y / 10),
        granularity: Granularity::Range,
        start: NaiveDate::from_ymd_opt(y, 1, 1)?,
        end: NaiveDate::from_ymd_opt(y + 9, 12, 31)?,
        relative: false,
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
        Rule::MonthOfYear => {
            let v = pubd.zip(month_num(g(1))).and_then(|(p, m)| {
                let y = match g(2).to_lowercase().as_str() {
                    "last" => p.year() - 1,
                    "next" => p.year() + 1,
                    _ => p.year(),
                };
                month(y, m, true)
            });
            (date, None, v)
        }
        Rule::Numeric => {
            let (a, b): (u32, u32) = (g(1).parse().unwrap_or(0), g(2).parse().unwrap_or(0));
            let y: i32 = g(3).parse().unwrap_or(0);
            let y = match g(3).len() {
                2 if y < 50 => 2000 + y,
                2 => 1900 + y,
                _ => y,
            };
            // Month first, as in US usage, unless the first number cannot be a month.
            let (m, d) = if a > 12 { (b, a) } else { (a, b) };
            (
                date,
                None,
                NaiveDate::from_ymd_opt(y, m, d).map(|d| day(d, false)),
            )
        }
        Rule::Quarter => {
            let ord = g(1).to_lowercase();
            let explicit: Option<i32> = g(2).parse().ok();
            let rel = g(3).to_lowercase();
            let n = match ord.as_str() {
                "first" | "1st" => Some(1),
                "second" | "2nd" => Some(2),
                "third" | "3rd" => Some(3),
                "fourth" | "4th" | "final" => Some(4),
                _ => None, // last, previous
            };
            let v = if let Some(y) = explicit {
                quarter(y, n.unwrap_or(4), false)
            } else if !rel.is_empty() {
                pubd.and_then(|p| {
                    let y = match rel.as_str() {
                        "last" | "the previous" => p.year() - 1,
                        "next" => p.year() + 1,
                        _ => p.year(),
                    };
                    quarter(y, n.unwrap_or(4), true)
                })
            } else {
                pubd.and_then(|p| {
                    let current = (p.month() - 1) / 3 + 1;
                    match n {
                        None if current == 1 => quarter(p.year() - 1, 4, true),
                        None => quarter(p.year(), current - 1, true),
                        Some(n) => {
                            // This year's quarter unless it starts more than three months on.
                            let this = quarter(p.year(), n, true)?;
                            if this.start > p.checked_add_months(Months::new(3))? && !future {
                                quarter(p.year() - 1, n, true)
                            } else {
                                Some(this)
                            }
                        }
                    }
                })
            };
            (date, None, v)
        }
        Rule::Season => {
            let modifier = g(1).to_lowercase();
            let (code, first_month) = match g(2).to_lowercase().as_str() {
                "spring" => ("SP", 3),
                "summer" => ("SU", 6),
                "winter" => ("WI", 12),
                _ => ("FA", 9),
            };
            let explicit: Option<i32> = g(3).parse().ok();
            let y = explicit.or_else(|| {
                let p = pubd?;
                Some(match modifier.as_str() {
                    "last" => p.year() - 1,
                    "next" => p.year() + 1,
                    _ => p.year(),
                })
            });
            let v = y.and_then(|y| {
                let start = NaiveDate::from_ymd_opt(y, first_month, 1)?;
                let end = start.checked_add_months(Months::new(3))?.pred_opt()?;
                Some(TimeValue {
                    iso: format!("{y:04}-{code}"),
                    granularity: Granularity::Range,
                    start,
                    end,
                    relative: explicit.is_none(),
                })
            });
            (date, None, v)
        }
        Rule::Decade => {
            let digits: String = g(1).chars().filter(char::is_ascii_digit).collect();
            let y: i32 = digits.parse().unwrap_or(0);
            let y = if digits.len() == 2 { 1900 + y } else { y };
            (date, None, decade(y))
        }
        Rule::PartOfDay => {
            let w = g(1).to_lowercase();
            let v = pubd.and_then(|p| match w.as_str() {
                "yesterday" | "last" => p.pred_opt(),
                "tomorrow" => p.succ_opt(),
                _ => Some(p),
            });
            (date, None, v.map(|d| day(d, true)))
        }
        Rule::MonthYear => (
            date,
            None,
            month_num(g(1)).and_then(|m| month(g(2).parse().unwrap_or(0), m, false)),
        ),
        Rule::MonthDay | Rule::DayMonth => {
            let (mi, di) = if rule == Rule::MonthDay {
                (1, 2)
            } else {
                (2, 1)
            };
            let v = pubd.and_then(|p| {
                let m = month_num(g(mi))?;
                let d: u32 = g(di).parse().ok()?;
                let this = NaiveDate::from_ymd_opt(p.year(), m, d)?;
                // The nearest such date to publication: this year unless that is > 2 months
                // ahead; in a sentence about the future, the next such date.
                let pick = if future {
                    if this < p {
                        NaiveDate::from_ymd_opt(p.year() + 1, m, d)?
                    } else {
                        this
                    }
                } else if this > p.checked_add_months(Months::new(2))? {
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
        Rule::Year | Rule::BareYear => (date, None, year(g(1).parse().unwrap_or(0), false)),
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
                        let mut w = week_of(d)?;
                        if unit == "weekend" {
                            // TIMEX3 form for the weekend of a week: "2010-W04-WE".
                            w.iso.push_str("-WE");
                            w.start = w.start.checked_add_days(Days::new(5))?;
                        }
                        Some(w)
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
        Rule::Boundary => {
            // "the beginning of the year": the current year (or month); TIMEX3 keeps the
            // boundary as a modifier, not in the value.
            let v = pubd.and_then(|p| match g(2).to_lowercase().as_str() {
                "month" => month(p.year(), p.month(), true),
                _ => year(p.year(), true),
            });
            (date, None, v)
        }
        Rule::DecadeRel => {
            let back = !matches!(g(1).to_lowercase().as_str(), "this" | "current");
            let v = pubd.and_then(|p| decade(p.year() / 10 * 10 - if back { 10 } else { 0 }));
            (
                date,
                None,
                v.map(|v| TimeValue {
                    relative: true,
                    ..v
                }),
            )
        }
        // Resolved from the expressions before it, once all are found (see `anchor`).
        Rule::Anaphor => (date, None, None),
        Rule::Deictic => {
            let w = g(0).to_lowercase();
            let v = pubd.and_then(|p| match w.as_str() {
                "yesterday" => p.pred_opt(),
                "tomorrow" => p.succ_opt(),
                _ => Some(p),
            });
            (date, None, v.map(|d| day(d, true)))
        }
        Rule::MonthAlone | Rule::MonthBare => {
            let whole = g(0).to_lowercase();
            let future = future || whole.starts_with("by");
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

    const PIECES: &[&str] = &[
        "January",
        "jan.",
        "Jan",
        "SEPT.",
        "May",
        "may",
        "mayor",
        "5",
        "5th",
        "12",
        "2026",
        "2026-01-05",
        "1990s",
        "'70s",
        "70s",
        "of",
        "the",
        "first",
        "third",
        "quarter",
        "last",
        "this",
        "next",
        "previous",
        "year",
        "week",
        "weekend",
        "ago",
        "three",
        "a",
        "days",
        "Monday",
        "morning",
        "night",
        "tonight",
        "today",
        "noon",
        "midnight",
        "at",
        "14:30",
        "9",
        "pm",
        "p.m.",
        "a.m.",
        "since",
        "in",
        "by",
        "mid",
        "early",
        "late",
        "later",
        "earlier",
        "summer",
        "fall",
        "spring",
        "7/8/07",
        "decade",
        "past",
        "day",
        "time",
        "that",
        "same",
        "beginning",
        "end",
        "UTC",
        "18:00",
        "80s",
        "and",
        "said",
        "will",
        "Friday",
        "wee\u{212A}",
        "\u{17F}pring",
        "\u{662}\u{660}\u{661}\u{669}",
        "x",
        "é",
        "—",
        "“",
        "”",
        "’s",
        "%",
        "$",
        "(",
        ".",
        ",",
    ];
    const GLUE: &[&str] = &[
        " ", " ", " ", "-", "", "\n\n", ", ", ". ", "\u{a0}", " - ", "/",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Searching only around trigger chunks finds what a search of the whole text finds.
        #[test]
        fn windows_find_what_the_whole_text_has(
            parts in proptest::collection::vec((0..PIECES.len(), 0..GLUE.len()), 0..40)
        ) {
            let mut t = String::new();
            for (p, g) in parts {
                t.push_str(PIECES[p]);
                t.push_str(GLUE[g]);
            }
            let pubd = NaiveDate::from_ymd_opt(2026, 1, 6);
            let all = [Span::new(0, t.len())];
            proptest::prop_assert_eq!(
                find_in(&t, &all, pubd, Some(&Triggers::new(&t))),
                find_in(&t, &all, pubd, None),
                "{:?}", t
            );
        }
    }

    #[test]
    fn windows_agree_on_long_phrases_and_odd_characters() {
        for t in [
            "in the first - - quarter of the previous year",
            "It was the summer of 2007, and the mid-1990s before; WEE\u{212A} and \u{17F}pring.",
            "Talks on 5th of January, 2026 ran until 12.15 p.m. and then at 14:30 tonight.",
            "in \u{662}\u{660}\u{661}\u{669} and since 2019 and three days ago",
        ] {
            let all = [Span::new(0, t.len())];
            let p = NaiveDate::from_ymd_opt(2026, 1, 6);
            let got = find_in(t, &all, p, Some(&Triggers::new(t)));
            assert_eq!(got, find_in(t, &all, p, None), "{t}");
            assert!(!got.is_empty(), "{t}");
        }
    }

    #[test]
    fn times_of_day() {
        let clock = |t: &str| -> Vec<String> {
            find(t, &[Span::new(0, t.len())], None)
                .into_iter()
                .filter_map(|x| x.clock)
                .collect()
        };
        assert_eq!(
            clock("The ferry left port at 7:40 a.m. on Tuesday."),
            ["07:40"]
        );
        assert_eq!(clock("It sank at 9 pm."), ["21:00"]);
        assert_eq!(
            clock("Talks began at 14:30 and ended at midnight."),
            ["14:30", "00:00"]
        );
        assert_eq!(
            clock("By noon, 12 am and 12.15 p.m."),
            ["12:00", "00:00", "12:15"]
        );
        assert!(clock("He is 13 am I right, at 25:99.").is_empty());
        assert!(clock("The score was 3:1 and 40 percent.").is_empty());
    }

    #[test]
    fn weekdays_resolve_to_the_most_recent_past_day() {
        // 2026-01-06 is a Tuesday.
        assert_eq!(
            one("Vael met Arleco in Oslo on Monday.", "2026-01-06").as_deref(),
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
        assert!(norm("Chile may delay the vote again", p).is_empty());
    }

    #[test]
    fn quarters_seasons_decades_and_bare_years() {
        let p = "2009-05-07";
        assert_eq!(
            one("profit in the first quarter of 2009", p).as_deref(),
            Some("2009-Q1")
        );
        assert_eq!(
            one("the first quarter of last year", p).as_deref(),
            Some("2008-Q1")
        );
        assert_eq!(one("in the last quarter", p).as_deref(), Some("2009-Q1"));
        assert_eq!(
            one("third-quarter results", "2009-11-03").as_deref(),
            Some("2009-Q3")
        );
        assert_eq!(
            one("the fourth quarter", "2006-01-27").as_deref(),
            Some("2005-Q4")
        );
        assert_eq!(one("sales this spring", p).as_deref(), Some("2009-SP"));
        assert_eq!(one("in the summer of 2007", p).as_deref(), Some("2007-SU"));
        assert!(norm("the fall of the wall", p).is_empty());
        assert_eq!(one("cars of the 1990s", p).as_deref(), Some("199"));
        assert_eq!(one("since the '70s", p).as_deref(), Some("197"));
        assert!(norm("people in their 70s", p).is_empty());
        assert_eq!(
            one("It opened 1998, and closed", p).as_deref(),
            Some("1998")
        );
        assert_eq!(one("plans for early 2010", p).as_deref(), Some("2010"));
        assert!(norm("it cut 2000 jobs and $ 1999", p).is_empty());
        assert!(norm("up 2009% on 2009.5", p).is_empty());
    }

    #[test]
    fn clocks_fall_on_the_day_named_in_their_sentence() {
        let p = "2009-12-16"; // a Wednesday
        let v = norm("It made its first flight Tuesday at 18:00 UTC.", p);
        assert_eq!(
            v,
            [
                ("Tuesday".into(), Some("2009-12-15".into())),
                ("18:00".into(), Some("2009-12-15T18:00".into())),
            ]
        );
        // No day in the sentence: the last day named before, else the publication date.
        assert_eq!(
            one("It lands at 9 pm.", p).as_deref(),
            Some("2009-12-16T21:00")
        );
        let sentences = [Span::new(0, 25), Span::new(26, 55)];
        let text = "It ran aground on Monday. It had left port at 7:40 a.m.";
        let pubd = NaiveDate::from_ymd_opt(2009, 12, 16);
        let v: Vec<Option<String>> = find(text, &sentences, pubd)
            .into_iter()
            .map(|t| t.value.map(|v| v.iso))
            .collect();
        assert_eq!(
            v,
            [Some("2009-12-14".into()), Some("2009-12-14T07:40".into())]
        );
        assert_eq!(
            one("the 12:00 UTC announcement", p).as_deref(),
            Some("2009-12-16T12:00")
        );
        // No day named and no publication date: the clock alone, no value.
        assert_eq!(norm("at 08:30 GMT", "")[0].1, None);
    }

    #[test]
    fn anaphors_take_the_last_date_before_them() {
        let p = "2010-03-03"; // a Wednesday
        let v = norm(
            "Ford said on Tuesday that sales rose in February. Shares fell later in the day.",
            p,
        );
        assert_eq!(v.last().map(|x| x.1.as_deref()), Some(Some("2010-03-02")));
        let v = norm(
            "The deal will close by June 10. If no price is agreed by that time, it lapses.",
            "2011-05-29",
        );
        assert_eq!(v.last().map(|x| x.1.as_deref()), Some(Some("2011-06-10")));
        // "That day" with no day before it stays unresolved.
        assert_eq!(norm("That day was hard.", p), [("That day".into(), None)]);
    }

    #[test]
    fn bare_seasons_boundaries_and_relative_decades() {
        let p = "2009-04-01";
        assert_eq!(
            one(
                "too early to see a trend, but spring shows signs of hope",
                p
            )
            .as_deref(),
            Some("2009-SP")
        );
        assert!(norm("the Arab Spring and a hot spring", p).is_empty());
        assert!(norm("prices fall", p).is_empty());
        assert_eq!(
            one("it passed Wal-Mart at the beginning of the year", p).as_deref(),
            Some("2009")
        );
        assert_eq!(
            one("by the end of the month", p).as_deref(),
            Some("2009-04")
        );
        assert_eq!(
            one("the third time in the past decade", "2011-01-17").as_deref(),
            Some("200")
        );
        assert_eq!(one("this decade", "2011-01-17").as_deref(), Some("201"));
        assert_eq!(
            norm("the boxy cars of the 70s and 80s", p),
            [
                ("the 70s".into(), Some("197".into())),
                ("80s".into(), Some("198".into()))
            ]
        );
        assert!(norm("in their 70s and 80s", p).is_empty());
    }

    #[test]
    fn days_months_and_parts_of_days() {
        let p = "2010-01-25"; // a Monday
        assert_eq!(one("on 11 December", p).as_deref(), Some("2009-12-11"));
        assert_eq!(one("dated 7/8/07", p).as_deref(), Some("2007-07-08"));
        assert_eq!(one("this morning", p).as_deref(), Some("2010-01-25"));
        assert_eq!(one("yesterday evening", p).as_deref(), Some("2010-01-24"));
        assert_eq!(one("this weekend", p).as_deref(), Some("2010-W04-WE"));
        assert_eq!(
            one("sales fell as of December", p).as_deref(),
            Some("2009-12")
        );
        assert_eq!(one("Sales in January rose", p).as_deref(), Some("2010-01"));
        assert!(
            norm("April Jones spoke", p).is_empty(),
            "a name, not a month"
        );
        assert_eq!(
            one("It must be done after October of next year.", p).as_deref(),
            Some("2011-10")
        );
        assert_eq!(
            one("The sale should be completed in March.", p).as_deref(),
            Some("2010-03")
        );
        assert_eq!(
            one("cuts by early June", "2009-05-14").as_deref(),
            Some("2009-06")
        );
        assert_eq!(
            one("It will pay, an official said Friday.", "2007-09-08").as_deref(),
            Some("2007-09-07")
        );
    }
}
