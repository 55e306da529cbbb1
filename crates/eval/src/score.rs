//! Scoring of analyzer output against gold annotations: time-value accuracy and entity-mention
//! precision, recall and F1, accumulated over documents, and the table that prints them.
//!
//! Pure counting over spans and values: it does not read files or run the analyzer.

use std::fmt;

use parallax_core::{EntityKind, Span};

/// What kind of gold time value a TIMEX3 carries, and whether the analyzer can produce it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ValueClass {
    /// A calendar date, month, year, week, quarter, season or decade ("2008-03-06", "2009-Q1").
    Calendar,
    /// A duration ("P3Y", "PT30M").
    Duration,
    /// A set ("P1Y" of type SET: "annually").
    Set,
    /// PRESENT_REF, PAST_REF, FUTURE_REF ("now", "recently", "in the future").
    Reference,
    /// An underspecified date ("XXXX-XX-XX").
    Underspecified,
    /// Anything else (fiscal years such as "FY2007").
    Other,
}

impl ValueClass {
    /// Classify a gold TIMEX3 by its `type` and `value`.
    pub fn of(kind: &str, value: &str) -> ValueClass {
        let v = value.to_ascii_uppercase();
        if kind.eq_ignore_ascii_case("SET") {
            ValueClass::Set
        } else if kind.eq_ignore_ascii_case("DURATION")
            || v.starts_with('P') && !v.ends_with("_REF")
        {
            ValueClass::Duration
        } else if v.ends_with("_REF") {
            ValueClass::Reference
        } else if v.contains('X') {
            ValueClass::Underspecified
        } else if v.starts_with(|c: char| c.is_ascii_digit()) {
            ValueClass::Calendar
        } else {
            ValueClass::Other
        }
    }

    fn name(self) -> &'static str {
        match self {
            ValueClass::Calendar => "calendar",
            ValueClass::Duration => "duration",
            ValueClass::Set => "set",
            ValueClass::Reference => "*_REF",
            ValueClass::Underspecified => "XXXX",
            ValueClass::Other => "other",
        }
    }

    const ALL: [ValueClass; 6] = [
        ValueClass::Calendar,
        ValueClass::Duration,
        ValueClass::Set,
        ValueClass::Reference,
        ValueClass::Underspecified,
        ValueClass::Other,
    ];
}

/// Normalise a gold or predicted value for comparison: upper case, a time of day dropped from
/// a full date ("2009-05-12T10:00Z" → "2009-05-12", the analyzer resolves days), and an open
/// range reduced to its start ("2019/.." → "2019": the gold marks "since" as a signal and
/// annotates the year).
pub fn normalize_value(v: &str) -> String {
    let v = v.trim().to_ascii_uppercase();
    let v = v.strip_suffix("/..").unwrap_or(&v);
    match v.find('T') {
        Some(i) if i == 10 && v.as_bytes().get(4) == Some(&b'-') => v[..i].to_string(),
        _ => v.to_string(),
    }
}

/// A gold time expression in the rebuilt text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldTime {
    /// Extent.
    pub span: Span,
    /// Gold value as annotated.
    pub value: String,
    /// Class of the value.
    pub class: ValueClass,
}

/// A time expression found by the analyzer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PredTime {
    /// Extent.
    pub span: Span,
    /// `TimeValue::iso`, if resolved.
    pub value: Option<String>,
}

/// A gold entity mention in the rebuilt text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldEntity {
    /// Extent.
    pub span: Span,
    /// Our kind for the gold type (None when the mention links to no typed entity).
    pub kind: Option<EntityKind>,
    /// True for proper-name mentions (syntactic_type NAM or PRE.NAM).
    pub named: bool,
}

/// An entity mention found by the analyzer (names and partial names only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PredEntity {
    /// Extent.
    pub span: Span,
    /// Kind of its entity.
    pub kind: EntityKind,
}

/// Map a MEANTIME `ent_type` to our kind: PER → Person, ORG → Organization, LOC → Place,
/// PRO (products), FIN (financial) and MIX → Other.
pub fn kind_of(ent_type: &str) -> Option<EntityKind> {
    match ent_type.to_ascii_uppercase().as_str() {
        "PER" | "PERSON" => Some(EntityKind::Person),
        "ORG" | "ORGANIZATION" => Some(EntityKind::Organization),
        "LOC" | "LOCATION" => Some(EntityKind::Place),
        "PRO" | "PRODUCT" | "FIN" | "FINANCIAL" | "MIX" | "MIXED" => Some(EntityKind::Other),
        _ => None,
    }
}

/// Found/total counts on the gold side and the predicted side.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Gold items.
    pub gold: usize,
    /// Gold items matched by a prediction.
    pub gold_found: usize,
    /// Predicted items.
    pub pred: usize,
    /// Predicted items matching a gold item.
    pub pred_found: usize,
}

/// `a / b`, and 0 when there is nothing to divide by (the one ratio every set's scores use).
pub(crate) fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

impl Counts {
    /// Recall: matched gold / gold.
    pub fn recall(&self) -> f64 {
        ratio(self.gold_found, self.gold)
    }
    /// Precision: matched predictions / predictions.
    pub fn precision(&self) -> f64 {
        ratio(self.pred_found, self.pred)
    }
    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: Counts) {
        self.gold += o.gold;
        self.gold_found += o.gold_found;
        self.pred += o.pred;
        self.pred_found += o.pred_found;
    }
}

/// Time-expression scores.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TimeScores {
    /// Extent overlap: gold found / gold, predictions overlapping a gold timex / predictions.
    pub extent: Counts,
    /// Gold timexes (in the body text, creation time excluded) per value class.
    pub gold_by_class: Vec<(ValueClass, usize)>,
    /// Gold timexes whose extent was found, per value class.
    pub found_by_class: Vec<(ValueClass, usize)>,
    /// Gold timexes found with the same normalised value, per value class.
    pub correct_by_class: Vec<(ValueClass, usize)>,
    /// Gold timexes left out because their tokens are not in the body text (title only).
    pub not_in_text: usize,
}

impl TimeScores {
    fn get(v: &[(ValueClass, usize)], c: Option<ValueClass>) -> usize {
        v.iter()
            .filter(|(k, _)| c.is_none_or(|c| c == *k))
            .map(|x| x.1)
            .sum()
    }
    fn bump(v: &mut Vec<(ValueClass, usize)>, c: ValueClass) {
        Self::bump_by(v, c, 1);
    }
    fn bump_by(v: &mut Vec<(ValueClass, usize)>, c: ValueClass, n: usize) {
        match v.iter_mut().find(|(k, _)| *k == c) {
            Some(x) => x.1 += n,
            None => {
                v.push((c, n));
                v.sort();
            }
        }
    }
    /// Gold count, for one class or all.
    pub fn gold(&self, c: Option<ValueClass>) -> usize {
        Self::get(&self.gold_by_class, c)
    }
    /// Found-extent count, for one class or all.
    pub fn found(&self, c: Option<ValueClass>) -> usize {
        Self::get(&self.found_by_class, c)
    }
    /// Correct-value count, for one class or all.
    pub fn correct(&self, c: Option<ValueClass>) -> usize {
        Self::get(&self.correct_by_class, c)
    }
    /// The headline: correct values / gold calendar-date timexes (the kinds we produce).
    pub fn calendar_accuracy(&self) -> f64 {
        let c = Some(ValueClass::Calendar);
        ratio(self.correct(c), self.gold(c))
    }
    /// Correct values / all gold timexes, durations, sets and references included.
    pub fn overall_accuracy(&self) -> f64 {
        ratio(self.correct(None), self.gold(None))
    }
    /// Correct values / gold calendar-date timexes whose extent was found.
    pub fn matched_accuracy(&self) -> f64 {
        let c = Some(ValueClass::Calendar);
        ratio(self.correct(c), self.found(c))
    }
    /// Add another accumulation's counts to this one.
    pub fn merge(&mut self, o: &TimeScores) {
        self.extent.add(o.extent);
        for (mine, theirs) in [
            (&mut self.gold_by_class, &o.gold_by_class),
            (&mut self.found_by_class, &o.found_by_class),
            (&mut self.correct_by_class, &o.correct_by_class),
        ] {
            for &(c, n) in theirs {
                TimeScores::bump_by(mine, c, n);
            }
        }
        self.not_in_text += o.not_in_text;
    }
}

/// One gold timex the analyzer missed or valued differently, or one time expression of ours
/// that overlaps no gold timex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeMiss {
    /// Document name.
    pub doc: String,
    /// Creation time of the document.
    pub published: String,
    /// Gold words and value (None for a spurious expression of ours).
    pub gold: Option<(String, String)>,
    /// The analyzer's overlapping words and value, if any.
    pub ours: Option<(String, String)>,
}

/// Score one document's times into `acc`; every gold timex missed or valued differently, and
/// every expression of ours overlapping no gold timex, is reported to `on_miss`.
pub fn score_times(
    gold: &[GoldTime],
    pred: &[PredTime],
    acc: &mut TimeScores,
    mut on_miss: impl FnMut(Option<&GoldTime>, Option<&PredTime>),
) {
    acc.extent.gold += gold.len();
    acc.extent.pred += pred.len();
    for p in pred {
        if gold.iter().any(|g| g.span.overlaps(p.span)) {
            acc.extent.pred_found += 1;
        } else {
            on_miss(None, Some(p));
        }
    }
    for g in gold {
        TimeScores::bump(&mut acc.gold_by_class, g.class);
        let over: Vec<&PredTime> = pred.iter().filter(|p| p.span.overlaps(g.span)).collect();
        if over.is_empty() {
            on_miss(Some(g), None);
            continue;
        }
        acc.extent.gold_found += 1;
        TimeScores::bump(&mut acc.found_by_class, g.class);
        let want = normalize_value(&g.value);
        let hit = over
            .iter()
            .find(|p| p.value.as_deref().map(normalize_value) == Some(want.clone()));
        match hit {
            Some(_) => TimeScores::bump(&mut acc.correct_by_class, g.class),
            None => on_miss(Some(g), over.first().copied()),
        }
    }
}

/// Entity-mention scores. Recall is over proper-name gold mentions (NAM, PRE.NAM); precision
/// counts a predicted name as right when it matches any gold mention, whatever its syntactic
/// type (MEANTIME marks some names with an empty syntactic type).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EntityScores {
    /// Exact span, kind ignored.
    pub exact: Counts,
    /// Exact span and same kind.
    pub exact_typed: Counts,
    /// Overlapping span, kind ignored.
    pub overlap: Counts,
    /// Overlapping span and same kind.
    pub overlap_typed: Counts,
    /// Overlap, kind ignored, recall over every gold mention (nominals and pronouns too).
    pub overlap_all_mentions: Counts,
    /// Typed overlap recall per gold kind: (kind, gold, found).
    pub recall_by_kind: Vec<(EntityKind, usize, usize)>,
    /// Named gold mentions whose entity has no type.
    pub untyped_gold: usize,
    /// Gold mentions left out because their tokens are not in the body text (title only).
    pub not_in_text: usize,
}

impl EntityScores {
    /// Add another accumulation's counts to this one.
    pub fn merge(&mut self, o: &EntityScores) {
        self.exact.add(o.exact);
        self.exact_typed.add(o.exact_typed);
        self.overlap.add(o.overlap);
        self.overlap_typed.add(o.overlap_typed);
        self.overlap_all_mentions.add(o.overlap_all_mentions);
        for &(k, g, n) in &o.recall_by_kind {
            match self.recall_by_kind.iter_mut().find(|x| x.0 == k) {
                Some(x) => {
                    x.1 += g;
                    x.2 += n;
                }
                None => {
                    self.recall_by_kind.push((k, g, n));
                    self.recall_by_kind.sort();
                }
            }
        }
        self.untyped_gold += o.untyped_gold;
        self.not_in_text += o.not_in_text;
    }
}

/// Score one document's entity mentions into `acc`.
pub fn score_entities(gold: &[GoldEntity], pred: &[PredEntity], acc: &mut EntityScores) {
    let named: Vec<&GoldEntity> = gold.iter().filter(|g| g.named).collect();
    acc.untyped_gold += named.iter().filter(|g| g.kind.is_none()).count();
    type Rule = fn(&GoldEntity, &PredEntity) -> bool;
    let exact: Rule = |g, p| g.span == p.span;
    let exact_t: Rule = |g, p| g.span == p.span && g.kind == Some(p.kind);
    let over: Rule = |g, p| g.span.overlaps(p.span);
    let over_t: Rule = |g, p| g.span.overlaps(p.span) && g.kind == Some(p.kind);
    let count = |gs: &[&GoldEntity], rule: Rule| Counts {
        gold: gs.len(),
        gold_found: gs
            .iter()
            .filter(|g| pred.iter().any(|p| rule(g, p)))
            .count(),
        pred: pred.len(),
        pred_found: pred
            .iter()
            .filter(|p| gold.iter().any(|g| rule(g, p)))
            .count(),
    };
    acc.exact.add(count(&named, exact));
    acc.exact_typed.add(count(&named, exact_t));
    acc.overlap.add(count(&named, over));
    acc.overlap_typed.add(count(&named, over_t));
    let all: Vec<&GoldEntity> = gold.iter().collect();
    acc.overlap_all_mentions.add(count(&all, over));
    for g in &named {
        let Some(k) = g.kind else { continue };
        let found = usize::from(pred.iter().any(|p| over_t(g, p)));
        match acc.recall_by_kind.iter_mut().find(|x| x.0 == k) {
            Some(x) => {
                x.1 += 1;
                x.2 += found;
            }
            None => {
                acc.recall_by_kind.push((k, 1, found));
                acc.recall_by_kind.sort();
            }
        }
    }
}

/// Scores of the analyzer on MEANTIME.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MeantimeScores {
    /// Documents scored.
    pub documents: usize,
    /// Documents without a creation time (analysed with no publication date).
    pub without_creation_time: usize,
    /// Time expressions.
    pub times: TimeScores,
    /// Entity mentions.
    pub entities: EntityScores,
    /// Gold timexes missed or valued differently and spurious expressions of ours, for
    /// inspection (not printed by Display).
    pub time_misses: Vec<TimeMiss>,
}

impl MeantimeScores {
    /// Add another accumulation (another corpus) to this one.
    pub fn merge(&mut self, o: &MeantimeScores) {
        self.documents += o.documents;
        self.without_creation_time += o.without_creation_time;
        self.times.merge(&o.times);
        self.entities.merge(&o.entities);
        self.time_misses.extend(o.time_misses.iter().cloned());
    }
}

fn row(f: &mut fmt::Formatter<'_>, name: &str, c: &Counts) -> fmt::Result {
    writeln!(
        f,
        "  {name:<34} P {:.3} ({}/{})  R {:.3} ({}/{})  F1 {:.3}",
        c.precision(),
        c.pred_found,
        c.pred,
        c.recall(),
        c.gold_found,
        c.gold,
        c.f1()
    )
}

impl fmt::Display for MeantimeScores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = &self.times;
        let cal = Some(ValueClass::Calendar);
        writeln!(
            f,
            "MEANTIME (English): {} documents, {} without a creation time",
            self.documents, self.without_creation_time
        )?;
        writeln!(
            f,
            "Times: {} gold TIMEX3 in the body text (creation time and {} title-only excluded)",
            t.gold(None),
            t.not_in_text
        )?;
        let classes: Vec<String> = ValueClass::ALL
            .iter()
            .map(|c| format!("{} {}", c.name(), t.gold(Some(*c))))
            .collect();
        writeln!(f, "  gold by value class: {}", classes.join(", "))?;
        writeln!(
            f,
            "  (MEANTIME annotates times in sentences 0-{} only; ours after them are not scored)",
            crate::text::TIMEX_SENTENCES
        )?;
        row(f, "extent (overlap)", &t.extent)?;
        writeln!(
            f,
            "  value accuracy vs creation time, calendar gold: {:.3} ({}/{})   <- headline",
            t.calendar_accuracy(),
            t.correct(cal),
            t.gold(cal)
        )?;
        writeln!(
            f,
            "  value accuracy, all gold (durations, sets, *_REF, XXXX count as misses): {:.3} ({}/{})",
            t.overall_accuracy(),
            t.correct(None),
            t.gold(None)
        )?;
        writeln!(
            f,
            "  value accuracy on found calendar extents: {:.3} ({}/{})",
            t.matched_accuracy(),
            t.correct(cal),
            t.found(cal)
        )?;
        let e = &self.entities;
        writeln!(
            f,
            "Entities: recall over NAM/PRE.NAM gold mentions ({} title-only excluded, {} untyped); \
             precision of our names against any gold mention (MEANTIME leaves some names \
             unmarked: a lower bound); PER→person, ORG→organization, LOC→place, \
             PRO/FIN/MIX→other",
            e.not_in_text, e.untyped_gold
        )?;
        row(f, "exact span", &e.exact)?;
        row(f, "exact span + kind", &e.exact_typed)?;
        row(f, "overlap", &e.overlap)?;
        row(f, "overlap + kind", &e.overlap_typed)?;
        row(
            f,
            "overlap, recall over all mentions",
            &e.overlap_all_mentions,
        )?;
        let kinds: Vec<String> = e
            .recall_by_kind
            .iter()
            .map(|(k, g, n)| format!("{k:?} {:.3} ({n}/{g})", ratio(*n, *g)))
            .collect();
        writeln!(
            f,
            "  overlap + kind recall by gold kind: {}",
            kinds.join(", ")
        )
    }
}
