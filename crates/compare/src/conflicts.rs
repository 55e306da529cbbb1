//! Conflicts: the same fact with incompatible values, and differences that only look like one.
//!
//! Values are compared only between aligned claims (the same fact), after normalisation: dates
//! as day ranges resolved against each article's own publication date, numbers with their
//! approximation markers, durations in seconds, places as canonical keys, quotes by speaker.
//! Different precision is compatible: "last year" contains "November 2025".

use std::collections::BTreeMap;

use parallax_core::{
    Approx, Conflict, ConflictKind, ConflictSide, EntityKind, Quantity, QuantityKind, QuoteKind,
    Span, Strength, TimeExpr, TimeKind, quantities_compatible,
};

use chrono::Datelike;
use parallax_analyze::tokens::ends_with_ignore_case;

use crate::align::{Alignment, ClaimRef};
use crate::story::Story;
use crate::words::{jaccard, word_set};

/// Countries and larger regions: a place at this level never conflicts with a city in it.
const REGIONS: &[&str] = &[
    "afghanistan",
    "africa",
    "america",
    "argentina",
    "asia",
    "australia",
    "austria",
    "belgium",
    "brazil",
    "canada",
    "chile",
    "china",
    "colombia",
    "cuba",
    "denmark",
    "east asia",
    "egypt",
    "england",
    "ethiopia",
    "europe",
    "finland",
    "france",
    "germany",
    "greece",
    "hungary",
    "india",
    "indonesia",
    "iran",
    "iraq",
    "ireland",
    "israel",
    "italy",
    "japan",
    "kenya",
    "korea",
    "latin america",
    "lebanon",
    "libya",
    "mexico",
    "middle east",
    "netherlands",
    "new zealand",
    "nigeria",
    "north korea",
    "northeast asia",
    "norway",
    "pakistan",
    "peru",
    "philippines",
    "poland",
    "portugal",
    "qatar",
    "russia",
    "saudi arabia",
    "south africa",
    "south korea",
    "southeast asia",
    "spain",
    "sweden",
    "switzerland",
    "syria",
    "taiwan",
    "thailand",
    "turkey",
    "ukraine",
    "united kingdom",
    "united states",
    "venezuela",
    "vietnam",
    "california",
    "texas",
    "florida",
    "alaska",
    "indo-pacific",
    "indo pacific",
];

/// Conflicts and reconciled differences found in a story.
pub struct Found {
    /// Incompatible values.
    pub conflicts: Vec<Conflict>,
    /// Compatible differences (different precision or approximation).
    pub reconciled: Vec<Conflict>,
}

struct Value<'s> {
    article: usize,
    claim_span: Span,
    span: Span,
    text: &'s str,
    shown: String,
}

/// Compare the values of every aligned pair of claims, and the speakers of shared quotes.
pub fn find(story: &Story<'_>, al: &Alignment) -> Found {
    let mut conflicts: Vec<Conflict> = Vec::new();
    let mut reconciled: Vec<Conflict> = Vec::new();
    for &(i, j, _) in &al.pairs {
        let (a, b) = (al.claims[i], al.claims[j]);
        let found = compare_claims(story, a, b);
        if found.is_empty() {
            continue;
        }
        let topic = topic_of(story, a, b);
        for (kind, va, vb, ok, note) in found {
            let sides = vec![side(story, &va), side(story, &vb)];
            let c = Conflict {
                strength: Strength::Contradiction,
                id: String::new(),
                kind,
                topic: topic.clone(),
                sides,
                note,
            };
            if ok {
                reconciled.push(c)
            } else {
                conflicts.push(c)
            }
        }
    }
    // Findings beyond the aligned pairs: one named thing, one holder's years, one event's date.
    let unpaired = counts_of_one_thing(story, al)
        .into_iter()
        .chain(periods_of_one_holder(story, al))
        .chain(dates_of_one_event(story, al));
    for (a, b, (kind, va, vb, ok, note)) in unpaired {
        let c = Conflict {
            strength: Strength::Contradiction,
            id: String::new(),
            kind,
            topic: topic_of(story, a, b),
            sides: vec![side(story, &va), side(story, &vb)],
            note,
        };
        if ok {
            reconciled.push(c)
        } else {
            conflicts.push(c)
        }
    }
    conflicts.extend(speaker_conflicts(story));
    conflicts.extend(spellings(story));
    let mut conflicts = merge(conflicts);
    let mut reconciled = merge(reconciled);
    for c in &mut conflicts {
        c.strength = strength_of_conflict(story, c);
    }
    for c in &mut reconciled {
        c.strength = match c.kind {
            ConflictKind::Date | ConflictKind::Weekday => Strength::DifferentPrecision,
            _ => Strength::DifferentFigure,
        };
    }
    let number = |mut v: Vec<Conflict>, p: &str| {
        v.iter_mut()
            .enumerate()
            .for_each(|(k, c)| c.id = format!("{p}{}", k + 1));
        v
    };
    Found {
        conflicts: number(conflicts, "x"),
        reconciled: number(reconciled, "r"),
    }
}

/// How an editor would weigh a conflict: counts, sums and shares stated by outlets that
/// published on different days may each be right as of its own report (a toll that rose, a
/// tally still coming in): different figures. Anything else that cannot both hold is a
/// contradiction.
fn strength_of_conflict(story: &Story<'_>, c: &Conflict) -> Strength {
    let figure = matches!(
        c.kind,
        ConflictKind::Count | ConflictKind::Amount | ConflictKind::Percent
    );
    // Known publication dates of every side, or none: an unknown date proves nothing.
    let published: Option<Vec<chrono::NaiveDate>> = c
        .sides
        .iter()
        .map(|s| {
            story
                .articles
                .iter()
                .find(|a| a.id == s.article)
                .and_then(|a| a.published.as_ref().map(|p| p.value))
        })
        .collect();
    let days_apart = published.is_some_and(|d| d.iter().any(|x| *x != d[0]));
    if figure && days_apart {
        Strength::DifferentFigure
    } else {
        Strength::Contradiction
    }
}

fn side(story: &Story<'_>, v: &Value<'_>) -> ConflictSide {
    ConflictSide {
        article: story.articles[v.article].id.clone(),
        value: v.shown.clone(),
        value_evidence: story.evidence(v.article, v.span),
        evidence: story.evidence(v.article, v.claim_span),
    }
}

/// Merge duplicates: the same kind and the same set of (article, value-span) sides.
fn merge(mut v: Vec<Conflict>) -> Vec<Conflict> {
    let mut out: Vec<Conflict> = Vec::new();
    v.sort_by_key(|a| a.kind);
    for c in v {
        // Join a conflict that shares one side exactly and has the same kind and value set.
        if let Some(o) = out.iter_mut().find(|o| {
            o.kind == c.kind
                && o.sides
                    .iter()
                    .any(|s| c.sides.iter().any(|t| s.value_evidence == t.value_evidence))
        }) {
            for s in c.sides {
                if !o.sides.iter().any(|t| t.value_evidence == s.value_evidence) {
                    o.sides.push(s);
                }
            }
            continue;
        }
        out.push(c);
    }
    out.iter_mut()
        .for_each(|c| c.sides.sort_by(|a, b| a.article.cmp(&b.article)));
    out
}

/// A conflict's topic: the gist of the shorter of its two sentences.
fn topic_of(story: &Story<'_>, a: ClaimRef, b: ClaimRef) -> String {
    let span = |c: ClaimRef| story.analyses[c.article].claims[c.claim].span;
    let words = |c: ClaimRef| story.text(c.article, span(c)).split_whitespace().count();
    let c = if words(b) < words(a) { b } else { a };
    story.gist(c.article, span(c))
}

type Finding<'s> = (ConflictKind, Value<'s>, Value<'s>, bool, String);

fn compare_claims<'s>(story: &'s Story<'_>, a: ClaimRef, b: ClaimRef) -> Vec<Finding<'s>> {
    let mut out = Vec::new();
    let an_a = &story.analyses[a.article];
    let an_b = &story.analyses[b.article];
    let ca = &an_a.claims[a.claim];
    let cb = &an_b.claims[b.claim];
    let val = |art: usize, claim_span: Span, span: Span, shown: String| Value {
        article: art,
        claim_span,
        span,
        text: story.text(art, span),
        shown,
    };
    // Outlet's own dates only: a date inside a quotation is the speaker's.
    let own = |an: &parallax_core::Analysis, t: &TimeExpr| !an.in_quote(t.span);
    let ta: Vec<&TimeExpr> = ca
        .times
        .iter()
        .map(|&k| &an_a.times[k])
        .filter(|t| own(an_a, t))
        .collect();
    let tb: Vec<&TimeExpr> = cb
        .times
        .iter()
        .map(|&k| &an_b.times[k])
        .filter(|t| own(an_b, t))
        .collect();
    // Dates: compare when each claim has exactly one of that kind, and both date one event.
    let event_time = |art: usize, t: &TimeExpr| {
        let text = &story.articles[art].text;
        let after = text.get(t.span.end..).unwrap_or("");
        let before = text.get(..t.span.start).unwrap_or("");
        !year_modifier(story.text(art, t.span), after) && !date_modifier(after) && !deadline(before)
    };
    for kind in [TimeKind::Date, TimeKind::Since] {
        let xa: Vec<&&TimeExpr> = ta
            .iter()
            .filter(|t| t.kind == kind && event_time(a.article, t))
            .collect();
        let xb: Vec<&&TimeExpr> = tb
            .iter()
            .filter(|t| t.kind == kind && event_time(b.article, t))
            .collect();
        if xa.len() != 1 || xb.len() != 1 || other_actors(story, a, b) {
            continue;
        }
        let (x, y) = (xa[0], xb[0]);
        let (ea, eb) = (
            event_words(story.text(a.article, ca.span), ca.span, x.span),
            event_words(story.text(b.article, cb.span), cb.span, y.span),
        );
        if !same_event(&ea, &eb) || different_sayers(story, (a, &ea), (b, &eb)) {
            continue;
        }
        let show = |t: &TimeExpr, art: usize| match &t.value {
            Some(v) => format!("{} ({})", v.iso, story.text(art, t.span)),
            None => story.text(art, t.span).to_string(),
        };
        let va = val(a.article, ca.span, x.span, show(x, a.article));
        let vb = val(b.article, cb.span, y.span, show(y, b.article));
        match (&x.value, &y.value, kind) {
            (Some(p), Some(q), TimeKind::Since) => {
                if p.start != q.start {
                    let note = format!("starting points differ: {} vs {}", p.iso, q.iso);
                    out.push((ConflictKind::Ordinal, va, vb, false, note));
                }
            }
            (Some(p), Some(q), _) => {
                let overlap = (p.start <= q.end && q.start <= p.end) || same_weekday(x, y);
                // A named weekday on either side makes it a question of which day.
                let weekday = x.weekday.is_some() || y.weekday.is_some();
                if !overlap {
                    let k = if weekday {
                        ConflictKind::Weekday
                    } else {
                        ConflictKind::Date
                    };
                    let note = format!("{} and {} do not overlap", p.iso, q.iso);
                    out.push((k, va, vb, false, note));
                } else if p.iso != q.iso && va.text.to_lowercase() != vb.text.to_lowercase() {
                    let note = format!(
                        "compatible: {} and {} overlap (different precision)",
                        p.iso, q.iso
                    );
                    out.push((ConflictKind::Date, va, vb, true, note));
                }
            }
            _ => {
                if let (Some(wa), Some(wb)) = (&x.weekday, &y.weekday)
                    && wa != wb
                {
                    let note =
                        format!("{wa} vs {wb} (publication date unknown, compared as named)");
                    out.push((ConflictKind::Weekday, va, vb, false, note));
                }
            }
        }
    }
    // Times of day: compare when each claim has exactly one.
    let clock = |v: &[&TimeExpr]| -> Vec<(Span, String)> {
        v.iter()
            .filter_map(|t| t.clock.clone().map(|c| (t.span, c)))
            .collect()
    };
    if let ([(sa, x)], [(sb, y)]) = (clock(&ta).as_slice(), clock(&tb).as_slice())
        && x != y
    {
        let va = val(a.article, ca.span, *sa, x.clone());
        let vb = val(b.article, cb.span, *sb, y.clone());
        let note = format!("{x} vs {y}");
        out.push((ConflictKind::TimeOfDay, va, vb, false, note));
    }
    // Quantities.
    let qa: Vec<&Quantity> = ca
        .quantities
        .iter()
        .map(|&k| &an_a.quantities[k])
        .filter(|q| !an_a.in_quote(q.span))
        .collect();
    let qb: Vec<&Quantity> = cb
        .quantities
        .iter()
        .map(|&k| &an_b.quantities[k])
        .filter(|q| !an_b.in_quote(q.span))
        .collect();
    let durations = |v: &[&Quantity]| {
        v.iter()
            .filter(|q| q.kind == QuantityKind::Duration)
            .count()
    };
    for x in &qa {
        for y in &qb {
            let same = match (x.kind, y.kind) {
                (QuantityKind::Duration, QuantityKind::Duration) => {
                    // "a two-week mark" and "the first meeting in 22 days" measure two things.
                    let noun = |art: usize, q: &Quantity| {
                        let after = story.articles[art].text.get(q.span.end..).unwrap_or("");
                        duration_noun(after).filter(|_| story.text(art, q.span).contains('-'))
                    };
                    durations(&qa) == 1
                        && durations(&qb) == 1
                        && noun(a.article, x) == noun(b.article, y)
                }
                (QuantityKind::Count, QuantityKind::Count)
                | (QuantityKind::Ordinal, QuantityKind::Ordinal) => {
                    x.counted.is_some()
                        && x.counted == y.counted
                        && change_by(story, a.article, x) == change_by(story, b.article, y)
                }
                (QuantityKind::Money, QuantityKind::Money) => {
                    x.unit == y.unit && same_use(story, a.article, x, b.article, y)
                }
                (QuantityKind::Percent, QuantityKind::Percent) => {
                    same_use(story, a.article, x, b.article, y)
                        && share_or_change(story, a.article, x)
                            .zip(share_or_change(story, b.article, y))
                            .is_none_or(|(p, q)| p == q)
                }
                (QuantityKind::Age, QuantityKind::Age) => {
                    let ages =
                        |v: &[&Quantity]| v.iter().filter(|q| q.kind == QuantityKind::Age).count();
                    ages(&qa) == 1 && ages(&qb) == 1
                }
                _ => false,
            };
            if !same
                || forecast(story, a.article, ca.span, x) != forecast(story, b.article, cb.span, y)
            {
                continue;
            }
            let kind = match x.kind {
                QuantityKind::Duration => ConflictKind::Duration,
                QuantityKind::Money => ConflictKind::Amount,
                QuantityKind::Percent => ConflictKind::Percent,
                QuantityKind::Age => ConflictKind::Age,
                QuantityKind::Ordinal => ConflictKind::Rank,
                QuantityKind::Count => ConflictKind::Count,
            };
            let shown = |q: &Quantity| show_quantity(q);
            let va = val(a.article, ca.span, x.span, shown(x));
            let vb = val(b.article, cb.span, y.span, shown(y));
            let compatible = if x.kind == QuantityKind::Duration {
                quantities_compatible(
                    x.value,
                    duration_tolerance(x),
                    y.value,
                    duration_tolerance(y),
                )
            } else {
                quantities_compatible(x.value, x.approx, y.value, y.approx)
                    || rounded_alike(story, (a.article, x), (b.article, y))
            };
            // A value that has its match among the other claim's values of that kind is that
            // value's counterpart, and a sentence giving several sums or shares may speak of
            // several things: a conflict needs one value of the kind on each side.
            let of_kind = |v: &[&Quantity]| v.iter().filter(|q| q.kind == x.kind).count();
            let matched = |q: &Quantity, others: &[&Quantity]| {
                others.iter().any(|o| {
                    o.kind == q.kind && quantities_compatible(q.value, q.approx, o.value, o.approx)
                })
            };
            let single = of_kind(&qa) == 1 && of_kind(&qb) == 1;
            if !compatible && (matched(x, &qb) || matched(y, &qa) || !single) {
                continue;
            }
            if !compatible {
                let note = format!("{} vs {}", va.shown, vb.shown);
                out.push((kind, va, vb, false, note));
            } else if (x.value != y.value || x.approx != y.approx)
                && x.kind != QuantityKind::Ordinal
            {
                let note = format!(
                    "compatible: {} and {} can describe the same amount",
                    va.shown, vb.shown
                );
                out.push((kind, va, vb, true, note));
            }
        }
    }
    // Places where something happened ("in Lisbon" vs "in Porto"). A place the other claim
    // names anywhere, even outside "in …" ("winning in Arizona, Florida and Illinois" /
    // "defeating him in Illinois"), is one of its places, not a different one.
    let pa = locations(story, a);
    let pb = locations(story, b);
    let named_in = |c: ClaimRef, key: &str| {
        let an = &story.analyses[c.article];
        let span = an.claims[c.claim].span;
        an.mentions
            .iter()
            .any(|m| span.contains(m.span) && story.key(c.article, m.entity) == key)
    };
    // And, as for dates, the two places must be where one event happened: "died at the
    // consulate in Istanbul" and "met the king in Riyadh" place two events.
    let one_event = |sa: Span, sb: Span| {
        same_event(
            &event_words(story.text(a.article, ca.span), ca.span, sa),
            &event_words(story.text(b.article, cb.span), cb.span, sb),
        )
    };
    if !pa.is_empty()
        && !pb.is_empty()
        && !pa.iter().any(|(k, _)| named_in(b, k))
        && !pb.iter().any(|(k, _)| named_in(a, k))
        && !may_contain(&pa[0].0, &pb[0].0)
        && one_event(pa[0].1, pb[0].1)
    {
        let (ka, sa) = &pa[0];
        let (kb, sb) = &pb[0];
        let va = val(a.article, ca.span, *sa, story.name(ka).to_string());
        let vb = val(b.article, cb.span, *sb, story.name(kb).to_string());
        let note = format!("{} vs {}", story.name(ka), story.name(kb));
        out.push((ConflictKind::Place, va, vb, false, note));
    }
    // Who made a reported statement: the same clause, a different speaker.
    if let Some((va, vb, note)) = attribution(story, a, b) {
        out.push((ConflictKind::Attribution, va, vb, false, note));
    }
    out
}

/// The indirect statement of claim `a` and of claim `b`, when both report nearly the same
/// words but name different speakers, and neither article also gives the statement to the
/// other's speaker (then both may have said it).
fn attribution<'s>(
    story: &'s Story<'_>,
    a: ClaimRef,
    b: ClaimRef,
) -> Option<(Value<'s>, Value<'s>, String)> {
    let indirect = |c: ClaimRef| -> Vec<(&parallax_core::Quote, &str)> {
        let an = &story.analyses[c.article];
        an.claims[c.claim]
            .quotes
            .iter()
            .filter_map(|&k| an.quotes.get(k))
            .filter(|q| q.kind == QuoteKind::Indirect)
            .filter_map(|q| {
                let e = q.speaker.as_ref()?.entity?;
                Some((q, story.key(c.article, e)))
            })
            .collect()
    };
    let (qa, qb) = (indirect(a), indirect(b));
    let ([(xa, ka)], [(xb, kb)]) = (qa.as_slice(), qb.as_slice()) else {
        return None;
    };
    if ka == kb || !two_people(story, ka, kb) {
        return None;
    }
    let (wa, wb) = (
        word_set(story.text(a.article, xa.span)),
        word_set(story.text(b.article, xb.span)),
    );
    if wa.len() < 3 || jaccard(&wa, &wb) < 0.6 {
        return None;
    }
    // Does article `art` also give these words to `key`?
    let also_says = |art: usize, key: &str, words: &[String]| {
        let an = &story.analyses[art];
        an.quotes.iter().any(|q| {
            q.speaker
                .as_ref()
                .and_then(|s| s.entity)
                .is_some_and(|e| story.key(art, e) == key)
                && jaccard(&word_set(story.text(art, q.span)), words) >= 0.6
        })
    };
    if also_says(a.article, kb, &wb) || also_says(b.article, ka, &wa) {
        return None;
    }
    let (sa, sb) = (xa.speaker.as_ref()?, xb.speaker.as_ref()?);
    let ca = &story.analyses[a.article].claims[a.claim];
    let cb = &story.analyses[b.article].claims[b.claim];
    let (na, nb) = (story.name(ka).to_string(), story.name(kb).to_string());
    let note = format!("the same statement is attributed to {na} and to {nb}");
    let va = Value {
        article: a.article,
        claim_span: ca.span,
        span: sa.span,
        text: story.text(a.article, sa.span),
        shown: na,
    };
    let vb = Value {
        article: b.article,
        claim_span: cb.span,
        span: sb.span,
        text: story.text(b.article, sb.span),
        shown: nb,
    };
    Some((va, vb, note))
}

fn show_quantity(q: &Quantity) -> String {
    let approx = match q.approx {
        Approx::Exact => "",
        Approx::About => "≈ ",
        Approx::AtLeast => "≥ ",
        Approx::AtMost => "≤ ",
    };
    let v = show_number(q.value);
    let sign = |unit: Option<&str>| match unit? {
        "USD" | "dollar" => Some("$"),
        "EUR" | "euro" => Some("€"),
        "GBP" | "pound" => Some("£"),
        _ => None,
    };
    match q.kind {
        QuantityKind::Duration => format!("{approx}{}", human_duration(q.value)),
        QuantityKind::Percent => format!("{approx}{v}%"),
        QuantityKind::Money => match sign(q.unit.as_deref()) {
            Some(sign) => format!("{approx}{sign}{v}"),
            None => format!("{approx}{v} {}", q.unit.as_deref().unwrap_or(""))
                .trim_end()
                .to_string(),
        },
        QuantityKind::Ordinal => format!("#{v} {}", q.counted.as_deref().unwrap_or("")),
        QuantityKind::Age => format!("{approx}{v} years old"),
        QuantityKind::Count => match sign(q.counted.as_deref()) {
            Some(sign) => format!("{approx}{sign}{v}"),
            None => format!("{approx}{v} {}", q.counted.as_deref().unwrap_or(""))
                .trim_end()
                .to_string(),
        },
    }
}

/// A number as a reader writes it: "3,000", "2.5", and whole millions, billions and trillions
/// in words ("5 million", "1.25 billion"), never "5000000".
fn show_number(v: f64) -> String {
    for (size, word) in [(1e12, "trillion"), (1e9, "billion"), (1e6, "million")] {
        let n = v / size;
        if v.abs() >= size && ((n * 100.0).round() - n * 100.0).abs() < 1e-6 {
            let n = format!("{:.2}", n);
            let n = n.trim_end_matches('0').trim_end_matches('.');
            return format!("{n} {word}");
        }
    }
    if v.fract() == 0.0 && v.abs() < 1e15 {
        let digits = (v.abs() as i64).to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        if v < 0.0 {
            grouped.insert(0, '-');
        }
        grouped
    } else {
        format!("{v}")
    }
}

fn human_duration(secs: f64) -> String {
    // The analyser's year is 365.25 days and its month a twelfth of that: three years are
    // "3 years", not "26298 h".
    let units = [
        (31_557_600.0, "year", "years"),
        (2_629_800.0, "month", "months"),
        (604_800.0, "week", "weeks"),
        (86_400.0, "d", "d"),
        (3600.0, "h", "h"),
        (60.0, "min", "min"),
        (1.0, "s", "s"),
    ];
    for (size, one, many) in units {
        let n = secs / size;
        if secs >= size && (n - n.round()).abs() < 1e-6 {
            let name = if n.round() == 1.0 { one } else { many };
            return format!("{} {name}", n.round() as i64);
        }
    }
    format!("{} min", (secs / 60.0).round() as i64)
}

/// City-level places a claim says something happened in or at (canonical key, span).
fn locations(story: &Story<'_>, c: ClaimRef) -> Vec<(String, Span)> {
    let an = &story.analyses[c.article];
    let claim = &an.claims[c.claim];
    let text = &story.articles[c.article].text;
    an.mentions
        .iter()
        .filter(|m| claim.span.contains(m.span) && !an.in_quote(m.span))
        .filter(|m| {
            an.entities
                .get(m.entity)
                .is_some_and(|e| e.kind == EntityKind::Place)
        })
        .filter(|m| {
            let before = text.get(..m.span.start).unwrap_or("").trim_end();
            before.ends_with(" in") || before.ends_with(" at") || before.ends_with(" near")
        })
        .map(|m| (story.key(c.article, m.entity).to_string(), m.span))
        .filter(|(k, _)| !REGIONS.contains(&k.as_str()))
        .collect()
}

/// The words that name what a count counts, from the number to the counted noun: "5,200
/// active-duty troops" → "active-duty troops". `None` unless a modifier stands before the noun
/// (a bare "troops" or "people" names too little to be one thing).
fn counted_phrase(after: &str, counted: &str) -> Option<String> {
    use parallax_analyze::tokens::stem;
    let words: Vec<String> = after
        .split_whitespace()
        .take(4)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
                .to_lowercase()
        })
        .collect();
    let head = words
        .iter()
        .position(|w| stem(w) == stem(counted) || w == counted)?;
    (head >= 1 && words[..=head].iter().all(|w| !w.is_empty())).then(|| words[..=head].join(" "))
}

/// The content words right after a sum or a share, to the next punctuation or clause opener,
/// as paraphrase concepts: "$1.4 billion for border security" → {border, security}.
fn use_words(after: &str) -> Vec<String> {
    use parallax_analyze::tokens::{concept, is_stopword, stem};
    let clause = after
        .split([',', ';', ':', '.', '(', '—', '–', '"', '“'])
        .next()
        .unwrap_or("");
    clause
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .take_while(|w| !CLAUSE_OPENERS.contains(&w.as_str()) && w != "and")
        .filter(|w| w.len() > 2 && !is_stopword(w) && !w.chars().any(|c| c.is_ascii_digit()))
        .take(6)
        .map(|w| concept(&stem(&w)).to_string())
        .collect()
}

/// Whether two sums or shares are spent on, or taken from, the same thing: the words after
/// them share a content word, or one side says nothing after its value. "$1.4 billion for
/// border security" and "$3.6 billion from military construction projects" are two sums.
fn same_use(story: &Story<'_>, a: usize, x: &Quantity, b: usize, y: &Quantity) -> bool {
    let words = |art: usize, q: &Quantity| {
        use_words(story.articles[art].text.get(q.span.end..).unwrap_or(""))
    };
    let (wa, wb) = (words(a, x), words(b, y));
    wa.is_empty() || wb.is_empty() || wa.iter().any(|w| wb.contains(w))
}

/// Words of change: a figure after them is how much something moved, not its level.
const CHANGE: &[&str] = &[
    "rose",
    "rise",
    "rises",
    "risen",
    "fell",
    "fall",
    "falls",
    "surged",
    "surge",
    "jumped",
    "jump",
    "climbed",
    "grew",
    "grow",
    "dropped",
    "drop",
    "declined",
    "decline",
    "increased",
    "increase",
    "increases",
    "decreased",
    "decrease",
    "gained",
    "gain",
    "up",
    "down",
    "soared",
    "plunged",
    "slipped",
    "growth",
];

/// Whether count `q` is the size of a change ("rose by 61,000 last week to 719,000": "by"
/// right before it and a word of change among the three words before that) or an increment
/// ("90 additional students", "500 more troops"). Such a figure is compared only with another
/// change, never with a level ("above 700,000", "250 students").
fn change_by(story: &Story<'_>, art: usize, q: &Quantity) -> bool {
    let prior = words_before(&story.articles[art].text, q.span.start, 4);
    let mut prior = prior.iter().map(String::as_str);
    let next = story.articles[art]
        .text
        .get(q.span.end..)
        .unwrap_or("")
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase();
    matches!(next.as_str(), "additional" | "more" | "extra" | "new")
        || prior.next() == Some("by") && prior.take(3).any(|w| CHANGE.contains(&w))
}

/// Whether a percentage is a share of something (`Some(true)`: "60 percent of the incidents")
/// or a change (`Some(false)`: "surged nearly 20 percent", "a 19 percent increase"), or does not
/// say (`None`). A share and a change are two figures, never one told two ways.
fn share_or_change(story: &Story<'_>, art: usize, q: &Quantity) -> Option<bool> {
    let text = &story.articles[art].text;
    let next: Vec<String> = text
        .get(q.span.end..)
        .unwrap_or("")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !matches!(w.as_str(), "percent" | "per" | "cent" | "pct"))
        .take(2)
        .collect();
    if next.first().is_some_and(|w| w == "of") {
        return Some(true);
    }
    let prior = words_before(text, q.span.start, 3);
    let changed = prior
        .iter()
        .chain(next.iter().take(1))
        .any(|w| CHANGE.contains(&w.as_str()));
    changed.then_some(false)
}

/// The last `n` words of `text` before byte `at`, lower case, nearest first. Reads a bounded
/// window back from `at`, so the cost does not grow with the article.
fn words_before(text: &str, at: usize, n: usize) -> Vec<String> {
    let mut from = at.saturating_sub(24 * n + 24);
    while from > 0 && !text.is_char_boundary(from) {
        from -= 1;
    }
    let window = text.get(from..at).unwrap_or("");
    let words: Vec<&str> = window
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    // A window that starts inside the text may start inside a word: that one is not kept.
    let whole = if from > 0 {
        words.get(1..).unwrap_or_default()
    } else {
        &words[..]
    };
    whole
        .iter()
        .rev()
        .take(n)
        .map(|w| w.to_lowercase())
        .collect()
}

/// Key prefix of a large count of a bare noun.
const LARGE: &str = "large:";

/// A count of a thousand or more of a bare noun other than "people" ("2.1 million workers"):
/// within one story, two such figures of one size (see `counts_of_one_thing`) count the same
/// workers, where "3,000 people" and "3,400 people" may be two crowds.
fn large_count(q: &Quantity, counted: &str) -> Option<String> {
    let generic = matches!(counted, "people" | "person" | "persons" | "time" | "times");
    (q.value >= 1000.0 && !generic).then(|| format!("{LARGE}{counted}"))
}

/// The phrase of a compound count and the noun it describes: "36-page" before "report" →
/// "page-report"; `None` unless the count is written as a compound before a lower-case word.
fn compound_phrase(written: &str, counted: &str, after: &str) -> Option<String> {
    let compound = written
        .strip_suffix(counted)
        .is_some_and(|rest| rest.ends_with('-'));
    let next = after.strip_prefix(' ')?.split_whitespace().next()?;
    let next = next.trim_end_matches(|c: char| !c.is_alphanumeric());
    let noun = !next.is_empty() && next.chars().all(char::is_lowercase);
    (compound && noun).then(|| format!("{counted}-{next}"))
}

/// The thing a compound duration measures, as a key of paraphrase concepts: "22-month
/// investigation" and "two-year probe" both measure one investigation. `after` is the text after the
/// duration; `None` unless a content word follows it directly.
fn duration_noun(after: &str) -> Option<String> {
    use parallax_analyze::tokens::{concept, is_stopword, stem};
    let rest = after.strip_prefix(' ')?;
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphabetic() || *c == '-')
        .collect();
    let lowercase = word.chars().all(|c| c.is_lowercase() || c == '-');
    (word.len() > 2 && lowercase && !is_stopword(&word) && !word.ends_with("ly"))
        .then(|| format!("duration of {}", concept(&stem(&word))))
}

/// A duration given without a qualifier is a rounded figure: "a two-year probe" may have
/// lasted 22 months.
fn duration_tolerance(q: &Quantity) -> Approx {
    if q.approx == Approx::Exact {
        Approx::About
    } else {
        q.approx
    }
}

/// Counts of one thing in claims the alignment did not pair: each of two articles (of
/// different origins) gives exactly one count of the same counted phrase ("more than 5,000
/// active-duty troops" / "5,200 active-duty troops"), outside quotations. A specific phrase
/// names one thing within a story even when the sentences around it differ, which is where
/// outlets' different figures hide.
fn counts_of_one_thing<'s>(
    story: &'s Story<'_>,
    al: &Alignment,
) -> Vec<(ClaimRef, ClaimRef, Finding<'s>)> {
    // Per article: phrase → the claim and quantity (None once a second one is seen).
    let mut by_article: Vec<BTreeMap<String, Option<(ClaimRef, &Quantity)>>> =
        vec![BTreeMap::new(); story.articles.len()];
    for &c in &al.claims {
        let an = &story.analyses[c.article];
        let text = &story.articles[c.article].text;
        for &k in &an.claims[c.claim].quantities {
            let q = &an.quantities[k];
            if an.in_quote(q.span) {
                continue;
            }
            let after = text.get(q.span.end..).unwrap_or("");
            let phrase = match q.kind {
                QuantityKind::Count => q.counted.as_deref().and_then(|n| {
                    compound_phrase(story.text(c.article, q.span), n, after)
                        .or_else(|| counted_phrase(after, n))
                        .or_else(|| large_count(q, n))
                }),
                QuantityKind::Duration if story.text(c.article, q.span).contains('-') => {
                    duration_noun(after)
                }
                _ => None,
            };
            let Some(phrase) = phrase else {
                continue;
            };
            by_article[c.article]
                .entry(phrase)
                .and_modify(|e| *e = None)
                .or_insert(Some((c, q)));
        }
    }
    let aligned = |x: ClaimRef, y: ClaimRef| al.paired(x, y);
    let mut out = Vec::new();
    for a in 0..by_article.len() {
        for b in (a + 1)..by_article.len() {
            if story.origin[a] == story.origin[b] {
                continue;
            }
            for (phrase, x) in &by_article[a] {
                let (Some((ca, x)), Some(Some((cb, y)))) = (x, by_article[b].get(phrase)) else {
                    continue;
                };
                if aligned(*ca, *cb) || (x.value == y.value && x.approx == y.approx) {
                    continue;
                }
                // A bare noun names one thing only in figures of one size.
                let near = x.value.max(y.value) <= 1.25 * x.value.min(y.value);
                if phrase.starts_with(LARGE) && !near {
                    continue;
                }
                let claim = |c: ClaimRef| story.analyses[c.article].claims[c.claim].span;
                let value = |c: ClaimRef, q: &Quantity| Value {
                    article: c.article,
                    claim_span: claim(c),
                    span: q.span,
                    text: story.text(c.article, q.span),
                    shown: show_quantity(q),
                };
                if x.kind != y.kind
                    || forecast(story, ca.article, claim(*ca), x)
                        != forecast(story, cb.article, claim(*cb), y)
                    || change_by(story, ca.article, x) != change_by(story, cb.article, y)
                {
                    continue;
                }
                let (va, vb) = (value(*ca, x), value(*cb, y));
                let (kind, ok, thing) = if x.kind == QuantityKind::Duration {
                    let (ta, tb) = (duration_tolerance(x), duration_tolerance(y));
                    let ok = quantities_compatible(x.value, ta, y.value, tb);
                    let after = story.articles[ca.article].text.get(x.span.end..);
                    let noun = after
                        .and_then(|t| t.split_whitespace().next())
                        .unwrap_or("");
                    (ConflictKind::Duration, ok, format!("the {noun}"))
                } else {
                    let ok = quantities_compatible(x.value, x.approx, y.value, y.approx)
                        || rounded_alike(story, (ca.article, x), (cb.article, y));
                    (
                        ConflictKind::Count,
                        ok,
                        phrase.trim_start_matches(LARGE).replace('-', " "),
                    )
                };
                let note = if ok {
                    format!(
                        "compatible: {} and {} can describe {thing}",
                        va.shown, vb.shown
                    )
                } else {
                    format!("{} vs {} ({thing})", va.shown, vb.shown)
                };
                out.push((*ca, *cb, (kind, va, vb, ok, note)));
            }
        }
    }
    out
}

/// The place value of the last written digit of a figure with a scale word: "2.1 million" →
/// 100,000, "$4 billion" → 1,000,000,000. `None` without a scale word (a plain "700" may be
/// exact).
fn written_unit(text: &str) -> Option<f64> {
    let lower = text.to_lowercase();
    let scale = [
        ("trillion", 1e12),
        ("billion", 1e9),
        ("million", 1e6),
        ("thousand", 1e3),
    ]
    .into_iter()
    .find(|(w, _)| lower.contains(w))?
    .1;
    let digits: String = lower
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .filter(|c| *c != ',')
        .collect();
    let decimals = digits.split_once('.').map_or(0, |(_, d)| d.len());
    Some(scale / 10f64.powi(decimals as i32))
}

/// Whether one figure is the other rounded as written: "2.1 million" and "2.123 million" are
/// one figure at two precisions; "$4 billion" and "$4.6 billion" are not.
fn rounded_alike(story: &Story<'_>, x: (usize, &Quantity), y: (usize, &Quantity)) -> bool {
    let rounds = |(ax, qx): (usize, &Quantity), (_, qy): (usize, &Quantity)| {
        written_unit(story.text(ax, qx.span))
            .is_some_and(|unit| ((qy.value / unit).round() * unit - qx.value).abs() < unit * 1e-6)
    };
    rounds(x, y) || rounds(y, x)
}

/// Words that make a figure a forecast or a goal rather than a result: "the 700,000 jobs
/// economists expected" is not the "850,000 jobs added", so the two are not one figure told two
/// ways.
const FORECAST_WORDS: &[&str] = &[
    "expect",
    "expected",
    "expects",
    "expecting",
    "expectation",
    "expectations",
    "forecast",
    "forecasts",
    "forecasters",
    "forecasted",
    "projected",
    "projection",
    "projections",
    "predict",
    "predicted",
    "predicts",
    "prediction",
    "predictions",
    "anticipated",
    "consensus",
    "goal",
    "goals",
    "target",
    "targets",
];

/// Whether figure `q` of the claim at `claim` in article `art` is a forecast or a goal: a
/// forecast word before it in its claim or among the four words after it, or a modal among the
/// four words before it or right after its noun ("could idle 2.1 million workers", "700,000 jobs would be
/// added").
fn forecast(story: &Story<'_>, art: usize, claim: Span, q: &Quantity) -> bool {
    let text = &story.articles[art].text;
    let words = |t: &str| -> Vec<String> {
        t.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let before = words(text.get(claim.start..q.span.start).unwrap_or(""));
    let after: Vec<String> = words(text.get(q.span.end..claim.end).unwrap_or(""))
        .into_iter()
        .take(4)
        .collect();
    let is_forecast = |w: &String| FORECAST_WORDS.contains(&w.as_str());
    let modal = |w: &String| matches!(w.as_str(), "would" | "could" | "will" | "may" | "might");
    before.iter().chain(&after).any(is_forecast)
        || before.iter().rev().take(4).any(modal)
        || after.iter().take(2).any(modal)
}

/// Dates of one event in claims the alignment did not pair: the clause around each date says
/// what the other's says (possibly in fewer words, at least two content words each), the two
/// dates cannot both hold, and neither article dates another clause of that event. "Both
/// parties will hold their primaries in mid-May" / "the primary would be held on April 30".
fn dates_of_one_event<'s>(
    story: &'s Story<'_>,
    al: &Alignment,
) -> Vec<(ClaimRef, ClaimRef, Finding<'s>)> {
    let mut found: Vec<(ClaimRef, &TimeExpr, Vec<String>)> = Vec::new();
    for &c in &al.claims {
        let an = &story.analyses[c.article];
        let claim = &an.claims[c.claim];
        let spans = periods(story, c);
        let in_period = |t: &TimeExpr| spans.iter().any(|(_, _, _, span)| span.contains(t.span));
        for &k in &claim.times {
            let t = &an.times[k];
            if t.kind != TimeKind::Date || t.value.is_none() || an.in_quote(t.span) {
                continue;
            }
            let after = story.articles[c.article]
                .text
                .get(t.span.end..)
                .unwrap_or("");
            let before = story.articles[c.article]
                .text
                .get(..t.span.start)
                .unwrap_or("");
            if year_modifier(story.text(c.article, t.span), after)
                || date_modifier(after)
                || deadline(before)
                || in_period(t)
            {
                continue;
            }
            let words = event_words(story.text(c.article, claim.span), claim.span, t.span);
            if words.len() >= 2 {
                found.push((c, t, words));
            }
        }
    }
    let aligned = |x: ClaimRef, y: ClaimRef| al.paired(x, y);
    // One clause says what the other says in fewer words, but not in a third of them: two
    // words found somewhere in a long clause are a coincidence, not one event.
    let strict = |a: &[String], b: &[String]| {
        let within = |x: &[String], y: &[String]| x.iter().all(|w| y.contains(w));
        let comparable = a.len().max(b.len()) <= 3 * a.len().min(b.len());
        comparable && (within(a, b) || within(b, a))
    };

    let mut out = Vec::new();
    for (i, (ca, x, wa)) in found.iter().enumerate() {
        for (cb, y, wb) in &found[i + 1..] {
            if ca.article == cb.article
                || story.origin[ca.article] == story.origin[cb.article]
                || !strict(wa, wb)
                || aligned(*ca, *cb)
                || other_actors(story, *ca, *cb)
            {
                continue;
            }
            // The only date of that event in each article.
            let alone = |art: usize, words: &[String]| {
                found
                    .iter()
                    .filter(|(c, _, w)| c.article == art && strict(w, words))
                    .count()
                    == 1
            };
            if !alone(ca.article, wb) || !alone(cb.article, wa) {
                continue;
            }
            let (Some(p), Some(q)) = (&x.value, &y.value) else {
                continue;
            };
            if (p.start <= q.end && q.start <= p.end) || same_weekday(x, y) {
                continue;
            }
            let value = |c: &ClaimRef, t: &TimeExpr, iso: &str| Value {
                article: c.article,
                claim_span: story.analyses[c.article].claims[c.claim].span,
                span: t.span,
                text: story.text(c.article, t.span),
                shown: format!("{iso} ({})", story.text(c.article, t.span)),
            };
            let (va, vb) = (value(ca, x, &p.iso), value(cb, y, &q.iso));
            let kind = if x.weekday.is_some() || y.weekday.is_some() {
                ConflictKind::Weekday
            } else {
                ConflictKind::Date
            };
            let note = format!("{} and {} do not overlap", p.iso, q.iso);
            out.push((*ca, *cb, (kind, va, vb, false, note)));
        }
    }
    out
}

/// People a claim names (entity keys).
fn people<'k>(story: &'k Story<'_>, c: ClaimRef) -> Vec<&'k str> {
    story.analyses[c.article].claims[c.claim]
        .entities
        .iter()
        .map(|&e| story.key(c.article, e))
        .filter(|k| story.kind(k) == Some(EntityKind::Person))
        .collect()
}

/// Whether two claims report different people's acts: each names people, none of them the
/// same ("Ms. Lee issued a statement on Sunday" / "Mr. Roe issued one Thursday"). Dates of
/// such claims date two events.
fn other_actors(story: &Story<'_>, x: ClaimRef, y: ClaimRef) -> bool {
    let (px, py) = (people(story, x), people(story, y));
    !px.is_empty() && !py.is_empty() && !px.iter().any(|k| py.contains(k))
}

/// A span of years an article gives in its own voice: "from 1990 to 1998", "between 1990 and
/// 1998", "1990-1998": (claim, first year, last year, span).
type Period = (ClaimRef, i32, i32, Span);

fn periods(story: &Story<'_>, c: ClaimRef) -> Vec<Period> {
    let an = &story.analyses[c.article];
    let text = &story.articles[c.article].text;
    let year = |t: &TimeExpr| {
        let v = t.value.as_ref()?;
        let whole_year = v.granularity == parallax_core::Granularity::Year;
        (t.kind == TimeKind::Date && whole_year && !an.in_quote(t.span)).then(|| v.start.year())
    };
    let times = &an.claims[c.claim].times;
    let mut out = Vec::new();
    for w in times.windows(2) {
        let (x, y) = (&an.times[w[0]], &an.times[w[1]]);
        let (Some(p), Some(q)) = (year(x), year(y)) else {
            continue;
        };
        let gap = text.get(x.span.end..y.span.start).unwrap_or("").trim();
        let first = story.text(c.article, x.span).to_lowercase();
        let before = text.get(..x.span.start).unwrap_or("").trim_end();
        let between = first.starts_with("between") || ends_with_ignore_case(before, " between");
        let joined =
            matches!(gap, "to" | "through" | "until" | "-" | "–") || (gap == "and" && between);
        if joined && p < q {
            out.push((c, p, q, x.span.cover(y.span)));
        }
    }
    out
}

/// The same period of one holder given with different years: two articles (of different
/// origins) each give one span of years in a sentence naming the same person, and the spans
/// mostly overlap without being equal ("held the seat from 1966 to 1978" / "served from 1967
/// to 1979"). Spans that barely overlap are two periods of one life (a House term, then a
/// Senate term), and are left alone.
fn periods_of_one_holder<'s>(
    story: &'s Story<'_>,
    al: &Alignment,
) -> Vec<(ClaimRef, ClaimRef, Finding<'s>)> {
    let mut found: Vec<(Period, Vec<&str>)> = Vec::new();
    for &c in &al.claims {
        let holders = people(story, c);
        if holders.is_empty() {
            continue;
        }
        for p in periods(story, c) {
            found.push((p, holders.clone()));
        }
    }
    let mut out = Vec::new();
    for (i, ((ca, a1, a2, sa), ha)) in found.iter().enumerate() {
        for ((cb, b1, b2, sb), hb) in &found[i + 1..] {
            if ca.article == cb.article || story.origin[ca.article] == story.origin[cb.article] {
                continue;
            }
            if !ha.iter().any(|k| hb.contains(k)) || (a1, a2) == (b1, b2) {
                continue;
            }
            // Each side must be the only span of years its article gives for that holder.
            let alone = |art: usize, holders: &[&str]| {
                found
                    .iter()
                    .filter(|((c, ..), h)| {
                        c.article == art && h.iter().any(|k| holders.contains(k))
                    })
                    .count()
                    == 1
            };
            if !alone(ca.article, hb) || !alone(cb.article, ha) {
                continue;
            }
            let shared = (a2.min(b2) - a1.max(b1) + 1).max(0);
            let union = a2.max(b2) - a1.min(b1) + 1;
            if 2 * shared < union {
                continue;
            }
            let value = |c: &ClaimRef, p: i32, q: i32, span: Span| Value {
                article: c.article,
                claim_span: story.analyses[c.article].claims[c.claim].span,
                span,
                text: story.text(c.article, span),
                shown: format!("{p}–{q}"),
            };
            let (va, vb) = (value(ca, *a1, *a2, *sa), value(cb, *b1, *b2, *sb));
            let note = format!(
                "{}–{} vs {}–{}: the same period, other years",
                a1, a2, b1, b2
            );
            out.push((*ca, *cb, (ConflictKind::Date, va, vb, false, note)));
        }
    }
    out
}

/// Whether one of two place keys may lie inside the other, so that naming one or the other is
/// no contradiction: places of different levels ("Manhattan", a city, and "New York", a state),
/// or one name the start of the other ("New York" / "New York City"). Two places of one level
/// (two cities, two countries) cannot contain each other.
fn may_contain(a: &str, b: &str) -> bool {
    use parallax_analyze::gazetteer::{PlaceClass, place_class};
    let level = |k: &str| {
        place_class(k).map(|c| match c {
            PlaceClass::Region => 0,
            PlaceClass::Country => 1,
            PlaceClass::State => 2,
            PlaceClass::Capital | PlaceClass::City => 3,
        })
    };
    a.starts_with(b) || b.starts_with(a) || level(a) != level(b)
}

/// Whether a bare year is a modifier of the noun after it ("the 2016 election", "his 2016
/// campaign"): it dates that thing, not the event the sentence reports. `after` is the text
/// that follows the time expression.
fn year_modifier(year: &str, after: &str) -> bool {
    let bare_year = year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit());
    let next = after
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches(|c: char| !c.is_alphanumeric());
    bare_year
        && after.starts_with(' ')
        && !next.is_empty()
        && next.chars().all(char::is_lowercase)
        && !parallax_analyze::tokens::is_stopword(next)
}

/// Whether a date after `before` is a bound rather than the day of the clause's event:
/// "barred from certifying the result before Friday", "must report by June 3".
fn deadline(before: &str) -> bool {
    let last = before
        .split_whitespace()
        .next_back()
        .unwrap_or("")
        .to_lowercase();
    matches!(
        last.as_str(),
        "before" | "by" | "until" | "till" | "through" | "after"
    )
}

/// Whether both expressions name the same weekday: "Wednesday" and "Wednesday" say one thing,
/// even when the articles' publication dates resolve them to different weeks (a dateline
/// updated after the fact is no contradiction between the outlets' words).
fn same_weekday(x: &TimeExpr, y: &TimeExpr) -> bool {
    x.weekday.is_some() && x.weekday == y.weekday
}

/// Whether a date names the thing after it rather than dating the clause: "the Sept. 11
/// attacks", "Thursday night's report", "the June 25 election". `after` is the text after the
/// date; a lower-case content word right after it that is no past-tense verb ("last week
/// released") makes the date a modifier.
fn date_modifier(after: &str) -> bool {
    let rest = after.strip_prefix("'s").unwrap_or(after);
    let Some(rest) = rest.strip_prefix(' ') else {
        return false;
    };
    let next: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
    !next.is_empty()
        && next.chars().all(char::is_lowercase)
        && !parallax_analyze::tokens::is_stopword(&next)
        && !next.ends_with("ed")
        && !next.ends_with("ly")
}

/// Words that open another clause: a date after one of them dates another event than the
/// words before it ("told the paper after the summary was released Sunday").
const CLAUSE_OPENERS: [&str; 16] = [
    "after",
    "before",
    "when",
    "while",
    "as",
    "since",
    "following",
    "which",
    "who",
    "that",
    "because",
    "until",
    "where",
    "amid",
    "during",
    "but",
];

/// The event word standing for any verb of saying in a clause ("said", "announced", "told").
const SAYING: &str = "<saying>";

/// The content words of the clause a time expression at `span` sits in, inside a claim whose
/// text `claim` starts at `claim_span.start`: from the clause boundary (punctuation or a
/// clause opener) before it to the one after it, names, numbers and function words left out,
/// as paraphrase concepts; any verb of saying counts as the one word [`SAYING`]. A time fronted
/// before a comma ("On Monday, the board voted") takes the clause after the comma.
fn event_words(claim: &str, claim_span: Span, span: Span) -> Vec<String> {
    use parallax_analyze::gazetteer::is_speech_verb;
    use parallax_analyze::tokens::{concept, is_stopword, stem, tokenize};
    let toks = tokenize(claim);
    let at = |i: usize| claim_span.start + toks[i].span.start;
    let inside = |i: usize| at(i) >= span.start && at(i) < span.end;
    let gap_breaks = |from: usize, to: usize| {
        claim.get(from..to).is_some_and(|g| {
            g.contains([',', ';', ':', '(', ')', '—', '–', '"', '“', '”']) || g.contains("--")
        })
    };
    let opener = |i: usize| CLAUSE_OPENERS.contains(&toks[i].lower().as_str());
    let Some(first) = (0..toks.len()).find(|&i| inside(i)) else {
        return Vec::new();
    };
    let last = (first..toks.len())
        .take_while(|&i| inside(i))
        .last()
        .unwrap_or(first);
    let mut picked: Vec<usize> = Vec::new();
    // Backward to the clause boundary.
    let mut i = first;
    while i > 0 {
        if gap_breaks(toks[i - 1].span.end, toks[i].span.start) {
            break;
        }
        i -= 1;
        if opener(i) {
            break;
        }
        picked.push(i);
    }
    // Forward to the clause boundary; across one comma when nothing was found before.
    let mut crossed = !picked.is_empty();
    let mut j = last;
    while j + 1 < toks.len() {
        if gap_breaks(toks[j].span.end, toks[j + 1].span.start) {
            if crossed {
                break;
            }
            crossed = true;
        }
        j += 1;
        if opener(j) {
            break;
        }
        picked.push(j);
    }
    let mut words: Vec<String> = picked
        .into_iter()
        .filter(|&k| !inside(k))
        .map(|k| &toks[k])
        .filter(|t| !t.is_capitalized() && !t.is_numeric())
        .map(|t| t.lower())
        .filter_map(|w| {
            if is_speech_verb(&w) {
                // Saying is an act of its own: "said Saturday that …" dates the saying,
                // not what "published … Thursday" dates.
                Some(SAYING.to_string())
            } else if is_stopword(&w) || w.chars().count() <= 2 {
                None
            } else {
                Some(concept(&stem(&w)).to_string())
            }
        })
        .collect();
    words.sort();
    words.dedup();
    words
}

/// Whether two dates date one event: one clause says what the other says, possibly in fewer
/// words (its content words are all in the other). Sharing the object is not enough: the day a
/// bill was sent and the day it was vetoed are two events. A clause with no content word of its
/// own ("…, England, Monday night.", "called for \"calm\" on Monday") does not say which event
/// it dates, and its date is not set against another.
fn same_event(a: &[String], b: &[String]) -> bool {
    let within = |x: &[String], y: &[String]| x.iter().all(|w| y.contains(w));
    !a.is_empty() && !b.is_empty() && (within(a, b) || within(b, a))
}

/// Whether two dated sayings are two people's: both clauses are sayings and the claims give
/// their words to different speakers ("McAuliffe said Sunday that Northam will resign" /
/// "Northam said on Saturday that he would stay").
fn different_sayers(
    story: &Story<'_>,
    (a, ea): (ClaimRef, &[String]),
    (b, eb): (ClaimRef, &[String]),
) -> bool {
    let sayers = |c: ClaimRef| -> Vec<&str> {
        let an = &story.analyses[c.article];
        an.claims[c.claim]
            .quotes
            .iter()
            .filter_map(|&k| an.quotes.get(k)?.speaker.as_ref()?.entity)
            .map(|e| story.key(c.article, e))
            .collect()
    };
    let saying = |e: &[String]| e.iter().any(|w| w == SAYING);
    if !saying(ea) || !saying(eb) {
        return false;
    }
    let (sa, sb) = (sayers(a), sayers(b));
    !sa.is_empty() && !sb.is_empty() && !sa.iter().any(|k| sb.contains(k))
}

/// Whether two speaker keys name people: "who said it" sets a person against a person. A body,
/// a place, a platform or a document named as the speaker of a quotation is more often a
/// misreading of the sentence than a real difference between outlets.
fn two_people(story: &Story<'_>, ka: &str, kb: &str) -> bool {
    let person = |k: &str| story.kind(k) == Some(EntityKind::Person);
    person(ka) && person(kb) && !within_name(ka, kb) && !within_name(kb, ka)
}

/// Whether every word of name key `a` is a word of `b`: "trump" and "donald trump jr" may be
/// one person (or two of one family an outlet calls by the same short name), so setting them
/// against each other would report how a name was shortened, not who spoke.
fn within_name(a: &str, b: &str) -> bool {
    let words_b: Vec<&str> = b.split_whitespace().collect();
    a.split_whitespace().all(|w| words_b.contains(&w))
}

/// Whether two words differ only by a national spelling convention: "s" for "z"
/// ("Organisation" / "Organization"), "c" for "s" ("Defence" / "Defense") or the "u" of "our"
/// ("Labour" / "Labor").
fn spelling_convention(a: &[u8], b: &[u8]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let head = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if short.len() == long.len() {
        matches!(
            (short.get(head), long.get(head)),
            (Some(b's'), Some(b'z'))
                | (Some(b'z'), Some(b's'))
                | (Some(b'c'), Some(b's'))
                | (Some(b's'), Some(b'c'))
        )
    } else {
        long.get(head) == Some(&b'u')
            && head > 0
            && long[head - 1] == b'o'
            && long.get(head + 1) == Some(&b'r')
    }
}

/// Edit distance of at most one between two ASCII words (one letter replaced, added or
/// dropped).
fn one_edit(a: &[u8], b: &[u8]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let head = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if short.len() == long.len() {
        short[head + 1..] == long[head + 1..]
    } else {
        short[head..] == long[head + 1..]
    }
}

/// One name spelled two ways by two outlets ("Stacy" / "Stacey"): each article writes its
/// spelling and never the other's, the two differ by one letter inside the word (not an added
/// ending: "Kennedy" / "Kennedys", "Russia" / "Russian" are other words), both are plain
/// ASCII names of four letters or more (accents and apostrophes are typography, not spelling),
/// and neither is a place. An article that writes both forms made a typo, not a choice.
fn spellings(story: &Story<'_>) -> Vec<Conflict> {
    use parallax_analyze::gazetteer::is_place;
    use std::collections::{BTreeSet, HashSet};
    // Name word (as written) → per article, the first mention span carrying it.
    let mut names: BTreeMap<&str, BTreeMap<usize, Span>> = BTreeMap::new();
    for (a, an) in story.analyses.iter().enumerate() {
        for mention in &an.mentions {
            if mention.form == parallax_core::MentionForm::Pronoun {
                continue;
            }
            // Split at any non-letter only: "Guaidó" is one word (and not plain ASCII), not
            // "Guaid".
            for w in story
                .text(a, mention.span)
                .split(|c: char| !c.is_alphabetic())
            {
                let name = w.len() >= 4
                    && w.is_ascii()
                    && w.starts_with(|c: char| c.is_ascii_uppercase())
                    && w[1..].bytes().all(|b| b.is_ascii_lowercase());
                if name && !is_place(&w.to_lowercase()) {
                    names.entry(w).or_default().entry(a).or_insert(mention.span);
                }
            }
        }
    }
    let written: Vec<HashSet<&str>> = story
        .articles
        .iter()
        .map(|a| a.text.split(|c: char| !c.is_alphanumeric()).collect())
        .collect();
    let list: Vec<&str> = names.keys().copied().collect();
    let mut out = Vec::new();
    for (i, x) in list.iter().enumerate() {
        for y in &list[i + 1..] {
            let (xb, yb) = (x.as_bytes(), y.as_bytes());
            if xb[0] != yb[0]
                || !one_edit(xb, yb)
                || x.starts_with(y)
                || y.starts_with(x)
                || spelling_convention(xb, yb)
            {
                continue;
            }
            // Articles that write one form and never the other.
            let only = |w: &str, other: &str| -> Vec<(usize, Span)> {
                names[w]
                    .iter()
                    .filter(|(a, _)| !written[**a].contains(other))
                    .map(|(a, s)| (*a, *s))
                    .collect()
            };
            let (sx, sy) = (only(x, y), only(y, x));
            let origins: BTreeSet<usize> = sx.iter().map(|(a, _)| story.origin[*a]).collect();
            if sx.is_empty() || !sy.iter().any(|(b, _)| !origins.contains(&story.origin[*b])) {
                continue;
            }
            let at = |art: usize, span: Span, w: &str| {
                let t = story.text(art, span);
                t.find(w).map_or(span, |k| {
                    Span::new(span.start + k, span.start + k + w.len())
                })
            };
            let side = |(art, span): (usize, Span), w: &str| ConflictSide {
                article: story.articles[art].id.clone(),
                value: w.to_string(),
                value_evidence: story.evidence(art, at(art, span, w)),
                evidence: story.evidence(art, sentence_around(story, art, span)),
            };
            let mut sides: Vec<ConflictSide> = sx.iter().map(|&p| side(p, x)).collect();
            sides.extend(sy.iter().map(|&p| side(p, y)));
            out.push(Conflict {
                strength: Strength::Contradiction,
                id: String::new(),
                kind: ConflictKind::Spelling,
                topic: format!("{x} / {y}"),
                sides,
                note: format!("one name, spelled “{x}” and “{y}”"),
            });
        }
    }
    out
}

/// The sentence of article `art` around `span` (covering all of `span` when it runs past the
/// sentence), or `span` itself when no sentence holds it.
fn sentence_around(story: &Story<'_>, art: usize, span: Span) -> Span {
    story.analyses[art]
        .sentences
        .iter()
        .find(|s| s.span.overlaps(span))
        .map_or(span, |s| s.span.cover(span))
}

/// Whether article `a` mentions the entity `key` inside `span`. When the sentence that carries
/// one outlet's quotation also names the speaker the other outlet gives, the two readings differ
/// in how the sentence was parsed ("X's remarks came as Y declined, saying …"), not in who spoke.
fn names_in(story: &Story<'_>, a: usize, span: Span, key: &str) -> bool {
    story.analyses[a]
        .mentions
        .iter()
        .any(|m| span.contains(m.span) && story.key(a, m.entity) == key)
}

/// Whether quoted words are a title or a name rather than speech: a few words, each content
/// word capitalised, no sentence punctuation ("Catch and Kill", "Make America Great Again").
fn title_like(quoted: &str) -> bool {
    let words: Vec<&str> = quoted.split_whitespace().collect();
    let q = quoted.trim_end_matches(['"', '\u{201d}', '\'', '\u{2019}']);
    words.len() <= 8
        && !q.ends_with(['.', '!', '?', ','])
        && words.iter().all(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            w.is_empty()
                || w.starts_with(|c: char| c.is_uppercase() || c.is_numeric())
                || parallax_analyze::tokens::is_stopword(&w.to_lowercase())
        })
}

/// The same quotation attributed to different speakers by different articles.
fn speaker_conflicts(story: &Story<'_>) -> Vec<Conflict> {
    let mut out = Vec::new();
    let words = |s: &str| -> Vec<String> {
        let mut v: Vec<String> = s
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        v.sort();
        v.dedup();
        v
    };
    for a in 0..story.articles.len() {
        for b in (a + 1)..story.articles.len() {
            for qa in story.analyses[a]
                .quotes
                .iter()
                .filter(|q| q.kind != QuoteKind::Indirect)
            {
                for qb in story.analyses[b]
                    .quotes
                    .iter()
                    .filter(|q| q.kind != QuoteKind::Indirect)
                {
                    let (wa, wb) = (words(story.text(a, qa.span)), words(story.text(b, qb.span)));
                    if wa.len() < 3
                        || wb.len() < 3
                        || title_like(story.text(a, qa.span))
                        || title_like(story.text(b, qb.span))
                    {
                        continue;
                    }
                    // The same words: most of the shorter quotation inside the longer one. Two
                    // people saying alike ("I don't like that language" / "I don't really like
                    // that kind of language") are two quotations, each rightly attributed.
                    let inter = wa.iter().filter(|w| wb.contains(w)).count();
                    let jac = inter as f32 / (wa.len() + wb.len() - inter) as f32;
                    let within = inter as f32 / wa.len().min(wb.len()) as f32;
                    if jac < 0.5 || within < 0.8 {
                        continue;
                    }
                    let (Some(sa), Some(sb)) = (&qa.speaker, &qb.speaker) else {
                        continue;
                    };
                    // Each outlet must say who said it, with a verb of saying: a slogan on a
                    // hat or a phrase set beside a subject ("The crowd, in 'Great Again'
                    // caps, …") is given to a speaker by proximity, which is no claim to
                    // dispute.
                    if qa.verb.is_none() || qb.verb.is_none() {
                        continue;
                    }
                    let (Some(ea), Some(eb)) = (sa.entity, sb.entity) else {
                        continue;
                    };
                    let (ka, kb) = (story.key(a, ea), story.key(b, eb));
                    if ka == kb || !two_people(story, ka, kb) {
                        continue;
                    }
                    let (sent_a, sent_b) = (
                        sentence_around(story, a, qa.outer),
                        sentence_around(story, b, qb.outer),
                    );
                    if names_in(story, a, sent_a, kb) || names_in(story, b, sent_b, ka) {
                        continue;
                    }
                    out.push(Conflict {
                        strength: Strength::Contradiction,
                        id: String::new(),
                        kind: ConflictKind::Speaker,
                        topic: format!("“{}”", story.text(a, qa.span)),
                        sides: vec![
                            ConflictSide {
                                article: story.articles[a].id.clone(),
                                value: story.name(ka).to_string(),
                                value_evidence: story.evidence(a, sa.span),
                                evidence: story.evidence(a, sent_a),
                            },
                            ConflictSide {
                                article: story.articles[b].id.clone(),
                                value: story.name(kb).to_string(),
                                value_evidence: story.evidence(b, sb.span),
                                evidence: story.evidence(b, sent_b),
                            },
                        ],
                        note: format!(
                            "the same words are attributed to {} and to {}",
                            story.name(ka),
                            story.name(kb)
                        ),
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::show_number;

    #[test]
    fn numbers_are_shown_as_a_reader_writes_them() {
        assert_eq!(show_number(3000.0), "3,000");
        assert_eq!(show_number(500.0), "500");
        assert_eq!(show_number(1_234_567.0), "1,234,567");
        assert_eq!(show_number(5_000_000.0), "5 million");
        assert_eq!(show_number(6_000_000.0), "6 million");
        assert_eq!(show_number(1_250_000_000.0), "1.25 billion");
        assert_eq!(show_number(2.5), "2.5");
        assert_eq!(show_number(-12_000.0), "-12,000");
    }
}
