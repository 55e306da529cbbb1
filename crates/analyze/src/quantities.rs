//! Quantities: numbers in digits and words, with what they count and how approximate they are.
//!
//! "shared over 3,400 times" → 3400, at least, counted "time"; "four key demands" → 4, counted
//! "demand"; "a forty-minute meeting" → duration 2400 s; "hour-long" → 3600 s. Years and list
//! numbering are not quantities (years are times).

use std::collections::HashMap;
use std::sync::LazyLock;

use parallax_core::{Approx, Quantity, QuantityKind, Span, TimeExpr};
use regex::Regex;

use crate::doc::Doc;
use crate::tokens::{is_stopword, singular};

const UNITS: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: &[&str] = &[
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
const ORDINALS: &[&str] = &[
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
];

/// Value of a number word or hyphenated compound ("ninety", "twenty-five"), if it is one.
pub fn word_value(w: &str) -> Option<f64> {
    // Asked of every token, so one hashed look-up instead of scanning the lists.
    static WORDS: LazyLock<HashMap<&str, NumberWord, WordHash>> = LazyLock::new(|| {
        let mut m: HashMap<&str, NumberWord, WordHash> = HashMap::default();
        for (i, u) in UNITS.iter().enumerate() {
            m.insert(u, NumberWord::Unit(i));
        }
        for (i, t) in TENS.iter().enumerate().filter(|(_, t)| !t.is_empty()) {
            m.entry(t).or_insert(NumberWord::Tens(i));
        }
        for (w, v) in [("dozen", 12.0), ("hundred", 100.0), ("thousand", 1000.0)] {
            m.entry(w).or_insert(NumberWord::Other(v));
        }
        m
    });
    if let Some(n) = WORDS.get(w) {
        return Some(match *n {
            NumberWord::Unit(i) => i as f64,
            NumberWord::Tens(i) => i as f64 * 10.0,
            NumberWord::Other(v) => v,
        });
    }
    let (a, b) = w.split_once('-')?;
    let Some(&NumberWord::Tens(t)) = WORDS.get(a) else {
        return None;
    };
    match WORDS.get(b) {
        Some(&NumberWord::Unit(u)) if (1..10).contains(&u) => Some((t * 10 + u) as f64),
        _ => None,
    }
}

/// What a number word is: a unit (0–19), a multiple of ten, or another value.
#[derive(Clone, Copy)]
enum NumberWord {
    Unit(usize),
    Tens(usize),
    Other(f64),
}

type WordHash = std::hash::BuildHasherDefault<crate::gazetteer::WordHasher>;

fn scale(w: &str) -> Option<f64> {
    match w {
        "hundred" => Some(1e2),
        "thousand" => Some(1e3),
        "million" | "m" => Some(1e6),
        "billion" | "bn" => Some(1e9),
        "trillion" => Some(1e12),
        _ => None,
    }
}

fn duration_unit(w: &str) -> Option<f64> {
    let w = w.trim_end_matches('s');
    match w {
        "second" => Some(1.0),
        "minute" | "min" => Some(60.0),
        "hour" => Some(3600.0),
        "day" => Some(86_400.0),
        "week" => Some(604_800.0),
        "month" => Some(2_629_800.0),
        "year" => Some(31_557_600.0),
        _ => None,
    }
}

fn approx_before(doc: &Doc<'_>, i: usize) -> (Approx, usize) {
    let w = |k: usize| doc.lower.get(k).map(|w| &**w).unwrap_or("");
    if i >= 2 {
        match (w(i - 2), w(i - 1)) {
            ("more" | "greater", "than") | ("at", "least") | ("upwards", "of") => {
                return (Approx::AtLeast, i - 2);
            }
            ("fewer" | "less", "than") | ("up", "to") | ("at", "most") => {
                return (Approx::AtMost, i - 2);
            }
            ("as", "many") | ("as", "much") => return (Approx::AtMost, i - 2),
            ("an", "estimated") => return (Approx::About, i - 2),
            _ => {}
        }
    }
    if i >= 1 {
        match w(i - 1) {
            "about" | "around" | "roughly" | "approximately" | "nearly" | "almost" | "some"
            | "estimated" | "circa" => {
                return (Approx::About, i - 1);
            }
            "over" | "exceeding" | "above" => return (Approx::AtLeast, i - 1),
            "under" | "below" => return (Approx::AtMost, i - 1),
            _ => {}
        }
    }
    (Approx::Exact, i)
}

/// Ages in years: "54-year-old", "54 years old", "aged 54", "16 years of age", "65 years and
/// older" (an age, not a length of time).
fn ages(text: &str) -> Vec<Quantity> {
    static AGE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)(?-u:\b)(?:(\d{1,3})(?:-year-old|\s+years?\s+(?:old|of\s+age|(?:and|or)\s+(?:older|over|up)))|aged\s+(\d{1,3}))(?-u:\b)",
        )
        .unwrap_or_else(|e| panic!("bad age regex: {e}"))
    });
    AGE.captures_iter(text)
        .filter_map(|c| {
            let m = c.get(0)?;
            let v: f64 = c.get(1).or_else(|| c.get(2))?.as_str().parse().ok()?;
            Some(Quantity {
                span: Span::new(m.start(), m.end()),
                kind: QuantityKind::Age,
                value: v,
                approx: Approx::Exact,
                unit: Some("year".to_string()),
                counted: None,
            })
        })
        .collect()
}

/// Find quantities, skipping tokens inside time expressions.
pub fn find(doc: &Doc<'_>, times: &[TimeExpr]) -> Vec<Quantity> {
    let mut out = ages(doc.text);
    let mut in_age = Covered::new(out.iter().map(|q| q.span).collect());
    let mut in_time = Covered::new(times.iter().map(|t| t.span).collect());
    let n = doc.tokens.len();
    let mut i = 0;
    while i < n {
        let tok = doc.tokens[i];
        if in_time.overlaps(tok.span) || in_age.overlaps(tok.span) {
            i += 1;
            continue;
        }
        let lw = &*doc.lower[i];
        // Durations written as compounds: "forty-minute", "hour-long", "two-hour".
        if let Some(q) = compound_duration(doc, i).or_else(|| compound_count(doc, i)) {
            out.push(q);
            i += 1;
            continue;
        }
        let digits = tok.is_numeric();
        let mut value = if digits {
            lw.replace(',', "")
                .trim_end_matches('%')
                .parse::<f64>()
                .ok()
        } else {
            word_value(lw).filter(|_| lw != "one" || next_is_noun(doc, i))
        };
        if let Some(ord) = ORDINALS.iter().position(|o| *o == lw) {
            if let Some(c) = counted_after(doc, i + 1) {
                out.push(Quantity {
                    span: tok.span,
                    kind: QuantityKind::Ordinal,
                    value: ord as f64 + 1.0,
                    approx: Approx::Exact,
                    unit: None,
                    counted: Some(c),
                });
            }
            i += 1;
            continue;
        }
        let Some(mut v) = value.take() else {
            i += 1;
            continue;
        };
        // List numbering "1)" and bare 4-digit years are not quantities.
        let after = doc.text.get(tok.span.end..).unwrap_or("");
        if digits
            && (after.starts_with(')')
                || (lw.len() == 4 && (1900.0..=2100.0).contains(&v) && !lw.contains(',')))
        {
            i += 1;
            continue;
        }
        let mut end = i;
        if let Some(s) = doc.lower.get(i + 1).and_then(|w| scale(w)) {
            v *= s;
            end = i + 1;
        }
        let (approx, start) = approx_before(doc, i);
        let before = doc.text.get(..tok.span.start).unwrap_or("");
        let (kind, unit) = if before.ends_with('$') {
            (QuantityKind::Money, Some("USD".to_string()))
        } else if before.ends_with('€') {
            (QuantityKind::Money, Some("EUR".to_string()))
        } else if before.ends_with('£') {
            (QuantityKind::Money, Some("GBP".to_string()))
        } else if after.starts_with('%')
            || doc
                .lower
                .get(end + 1)
                .is_some_and(|w| w == "percent" || w == "per")
        {
            (QuantityKind::Percent, Some("%".to_string()))
        } else {
            (QuantityKind::Count, None)
        };
        let start_byte = if kind == QuantityKind::Money {
            // The currency sign's own length: '$' 1 byte, '£' 2, '€' 3.
            tok.span
                .start
                .saturating_sub(before.chars().next_back().map_or(0, char::len_utf8))
        } else {
            doc.tokens[start].span.start
        };
        let start_byte = start_byte.min(doc.tokens[start].span.start);
        // "for two hours", "three days": a duration.
        if let Some(unit_secs) = doc.lower.get(end + 1).and_then(|w| duration_unit(w)) {
            let unit_word = doc.lower[end + 1].trim_end_matches('s').to_string();
            out.push(Quantity {
                span: Span::new(start_byte, doc.tokens[end + 1].span.end),
                kind: QuantityKind::Duration,
                value: v * unit_secs,
                approx,
                unit: Some(unit_word),
                counted: None,
            });
            i = end + 2;
            continue;
        }
        let counted = if kind == QuantityKind::Count {
            counted_after(doc, end + 1)
        } else {
            None
        };
        out.push(Quantity {
            span: Span::new(start_byte, doc.tokens[end].span.end),
            kind,
            value: v,
            approx,
            unit,
            counted,
        });
        i = end + 1;
    }
    out.sort_by_key(|q| q.span);
    out
}

/// Spans asked "does this overlap any of you?" for spans in increasing order: a cursor when
/// the spans are sorted by start and by end (times and ages are), a scan otherwise.
struct Covered {
    spans: Vec<Span>,
    sorted: bool,
    next: usize,
    last_start: usize,
}

impl Covered {
    fn new(spans: Vec<Span>) -> Covered {
        let sorted = spans
            .windows(2)
            .all(|w| w[0].start <= w[1].start && w[0].end <= w[1].end);
        Covered {
            spans,
            sorted,
            next: 0,
            last_start: 0,
        }
    }

    /// True when `s` overlaps one of the spans.
    fn overlaps(&mut self, s: Span) -> bool {
        if !self.sorted || s.start < self.last_start {
            return self.spans.iter().any(|c| c.overlaps(s));
        }
        self.last_start = s.start;
        // Spans ending at or before `s` starts can overlap neither `s` nor any later query.
        while self.next < self.spans.len() && self.spans[self.next].end <= s.start {
            self.next += 1;
        }
        // The rest end after `s` starts; the first of them starts earliest.
        self.spans.get(self.next).is_some_and(|c| c.start < s.end)
    }
}

fn next_is_noun(doc: &Doc<'_>, i: usize) -> bool {
    doc.lower
        .get(i + 1)
        .is_some_and(|w| !is_stopword(w) && !w.ends_with("ly"))
        && doc.gap(i, i + 1) == " "
}

/// The noun counted: the last of up to three content words right after the number.
fn counted_after(doc: &Doc<'_>, from: usize) -> Option<String> {
    let mut last = None;
    for k in from..(from + 3).min(doc.tokens.len()) {
        if k > from && doc.gap(k - 1, k) != " " {
            break;
        }
        if k == from && !doc.gap(k - 1, k).trim().is_empty() {
            break;
        }
        let w = &*doc.lower[k];
        // "700,000 last week": a time phrase follows, not the counted noun.
        if is_stopword(w)
            || matches!(w, "last" | "next" | "past" | "previous" | "coming")
            || doc.tokens[k].is_numeric()
            || doc.tokens[k].is_capitalized() && k > from
        {
            break;
        }
        if k > from && (w.ends_with("ly") || w.ends_with("ing") || w.ends_with("ed")) {
            break;
        }
        last = Some(singular(w));
        // Stop at a plural noun or a noun followed by a function word or an adverb.
        let next = doc.lower.get(k + 1);
        if w.ends_with('s')
            || next.is_none_or(|n| is_stopword(n) || n.ends_with("ly") || n.ends_with("ing"))
        {
            break;
        }
    }
    last
}

/// Counts written as compounds before a noun: "a 36-page report" counts pages, "a 12-point
/// plan" points. The counted word is the compound's noun; a duration or an age is not one.
fn compound_count(doc: &Doc<'_>, i: usize) -> Option<Quantity> {
    let w = &*doc.lower[i];
    let (a, b) = w.split_once('-')?;
    let n: f64 = a
        .parse()
        .ok()
        .or_else(|| word_value(a))
        .filter(|n| *n >= 2.0)?;
    let alpha = b.len() > 2 && b.bytes().all(|c| c.is_ascii_lowercase());
    if !alpha || duration_unit(b).is_some() || b.contains("old") || b.ends_with('s') {
        return None;
    }
    // Only before a noun: "a 36-page report", not "the 2-0 win" or "a re-run".
    let next = doc.lower.get(i + 1)?;
    let before_noun = doc.gap(i, i + 1) == " "
        && next.bytes().all(|c| c.is_ascii_lowercase())
        && !is_stopword(next);
    if !before_noun {
        return None;
    }
    let (approx, start) = approx_before(doc, i);
    Some(Quantity {
        span: Span::new(doc.tokens[start].span.start, doc.tokens[i].span.end),
        kind: QuantityKind::Count,
        value: n,
        approx,
        unit: None,
        counted: Some(b.to_string()),
    })
}

fn compound_duration(doc: &Doc<'_>, i: usize) -> Option<Quantity> {
    let w = &*doc.lower[i];
    let (a, b) = w.split_once('-')?;
    let (num, unit) = if b == "long" {
        (1.0, a)
    } else {
        let n = word_value(a).or_else(|| a.parse().ok())?;
        (n, b.trim_end_matches("-long"))
    };
    let secs = duration_unit(unit)?;
    if b == "long" && unit.ends_with('s') {
        // "years-long": vague, no value.
        return None;
    }
    let (approx, start) = approx_before(doc, i);
    Some(Quantity {
        span: Span::new(doc.tokens[start].span.start, doc.tokens[i].span.end),
        kind: QuantityKind::Duration,
        value: num * secs,
        approx,
        unit: Some(unit.trim_end_matches('s').to_string()),
        counted: counted_after(doc, i + 1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sentences;
    use parallax_core::Article;

    fn q(t: &str) -> Vec<(String, QuantityKind, f64, Approx, Option<String>)> {
        let a = Article::from_text("a", t);
        let doc = Doc::new(&a.text, sentences::split(&a));
        find(&doc, &[])
            .into_iter()
            .map(|x| {
                (
                    x.span.slice(t).unwrap_or("").to_string(),
                    x.kind,
                    x.value,
                    x.approx,
                    x.counted,
                )
            })
            .collect()
    }

    /// `word_value` as first written, the reference for the faster one.
    fn word_value_reference(w: &str) -> Option<f64> {
        if let Some(i) = UNITS.iter().position(|u| *u == w) {
            return Some(i as f64);
        }
        if let Some(i) = TENS.iter().position(|t| !t.is_empty() && *t == w) {
            return Some(i as f64 * 10.0);
        }
        if let Some((a, b)) = w.split_once('-') {
            let t = TENS.iter().position(|t| !t.is_empty() && *t == a)?;
            let u = UNITS
                .iter()
                .position(|u| *u == b)
                .filter(|&u| (1..10).contains(&u))?;
            return Some((t * 10 + u) as f64);
        }
        match w {
            "dozen" => Some(12.0),
            "hundred" => Some(100.0),
            "thousand" => Some(1000.0),
            _ => None,
        }
    }

    proptest::proptest! {
        #[test]
        fn covered_agrees_with_a_scan(
            spans in proptest::collection::vec((0usize..60, 0usize..8), 0..8),
            queries in proptest::collection::vec((0usize..70, 0usize..6), 0..30),
        ) {
            let spans: Vec<Span> = spans.into_iter().map(|(s, l)| Span::new(s, s + l)).collect();
            let mut queries: Vec<Span> =
                queries.into_iter().map(|(s, l)| Span::new(s, s + l)).collect();
            queries.sort_by_key(|q| q.start);
            for spans in [spans.clone(), { let mut v = spans; v.sort(); v }] {
                let mut c = Covered::new(spans.clone());
                for q in &queries {
                    proptest::prop_assert_eq!(c.overlaps(*q), spans.iter().any(|s| s.overlaps(*q)));
                }
            }
        }
    }

    #[test]
    fn number_words_match_the_reference() {
        let mut words: Vec<String> = vec![String::new(), "-".into(), "dozen".into(), "x-y".into()];
        for a in UNITS
            .iter()
            .chain(TENS)
            .chain(&["hundred", "thousand", "twentyone"])
        {
            words.push(a.to_string());
            for b in UNITS.iter().chain(TENS) {
                words.push(format!("{a}-{b}"));
            }
        }
        for w in &words {
            assert_eq!(word_value(w), word_value_reference(w), "{w}");
        }
    }

    #[test]
    fn ages() {
        let v = q(
            "The 54-year-old captain, aged 54, is 61 years old; the vaccine is for those 16 years of age and 65 years and older.",
        );
        let ages: Vec<f64> = v
            .iter()
            .filter(|x| x.1 == QuantityKind::Age)
            .map(|x| x.2)
            .collect();
        assert_eq!(ages, [54.0, 54.0, 61.0, 16.0, 65.0]);
        assert!(v.iter().all(|x| x.1 == QuantityKind::Age), "{v:?}");
    }

    #[test]
    fn counts_with_approximation_and_noun() {
        // A time phrase after the figure is not what it counts.
        assert_eq!(
            q("Claims rose above 700,000 last week."),
            [(
                "above 700,000".into(),
                QuantityKind::Count,
                700000.0,
                Approx::AtLeast,
                None
            )]
        );
        assert_eq!(
            q("The post was shared over 3,400 times."),
            [(
                "over 3,400".into(),
                QuantityKind::Count,
                3400.0,
                Approx::AtLeast,
                Some("time".into())
            )]
        );
        assert_eq!(
            q("China made four key demands."),
            [(
                "four".into(),
                QuantityKind::Count,
                4.0,
                Approx::Exact,
                Some("demand".into())
            )]
        );
        assert_eq!(q("More than 5,000 people marched.")[0].3, Approx::AtLeast);
        assert_eq!(q("about 3 million people")[0].2, 3e6);
    }

    #[test]
    fn durations_in_seconds() {
        assert_eq!(q("a forty-minute meeting")[0].2, 2400.0);
        assert_eq!(q("an hour-long meeting")[0].2, 3600.0);
        assert_eq!(q("an hour-long meeting")[0].4.as_deref(), Some("meeting"));
        assert_eq!(q("talks lasted two hours")[0].2, 7200.0);
        assert_eq!(q("talks lasted two hours")[0].1, QuantityKind::Duration);
        assert!(q("the years-long freeze").is_empty());
    }

    #[test]
    fn years_and_list_numbers_are_not_counts() {
        assert!(q("It was in 2019.").is_empty());
        assert!(q("1) Affirm the policy").is_empty());
        assert_eq!(q("the first visit since then")[0].1, QuantityKind::Ordinal);
    }

    #[test]
    fn compound_counts_name_their_noun() {
        let found =
            q("She wrote a 36-page report and a one-time note before the two-hour meeting.");
        assert!(found.iter().any(|x| x.0 == "36-page"
            && x.1 == QuantityKind::Count
            && x.2 == 36.0
            && x.4.as_deref() == Some("page")));
        assert!(!found.iter().any(|x| x.0.contains("one-time")));
        assert!(
            found
                .iter()
                .any(|x| x.0 == "two-hour" && x.1 == QuantityKind::Duration)
        );
    }
}
