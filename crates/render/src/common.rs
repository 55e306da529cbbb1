//! Helpers shared by the renderers: outlet-name lookup by article id, grouping findings per
//! source in input order, human labels for the report's enums, anchors for evidence spans and
//! text clean-up for one-line display.
//!
//! Nothing here decides what a finding is; it only names and orders what the Report holds.

use std::collections::HashMap;

use parallax_core::{
    ClaimGroup, ConflictKind, EntityKind, Granularity, LabelKind, LoadedCategory, Provenance,
    QuoteKind, Report, Severity, SourceInfo, Span, SynthesisKind,
};

/// Article id → (position in `Report::sources`, outlet name).
pub struct Outlets<'a> {
    by_id: HashMap<&'a str, (usize, &'a str)>,
}

impl<'a> Outlets<'a> {
    /// Index the sources of `report`.
    pub fn new(report: &'a Report) -> Outlets<'a> {
        let mut by_id = HashMap::new();
        for (i, s) in report.sources.iter().enumerate() {
            by_id
                .entry(s.article.as_str())
                .or_insert((i, s.outlet.as_str()));
        }
        Outlets { by_id }
    }

    /// The outlet name of `article`, or the id itself when the report does not list it.
    pub fn name<'b>(&self, article: &'b str) -> &'b str
    where
        'a: 'b,
    {
        self.by_id.get(article).map(|e| e.1).unwrap_or(article)
    }

    /// Position of `article` in the report's sources.
    pub fn index(&self, article: &str) -> Option<usize> {
        self.by_id.get(article).map(|e| e.0)
    }

    /// Outlet names of several articles, joined with ", " ("none" for an empty list).
    pub fn names(&self, articles: &[String]) -> String {
        if articles.is_empty() {
            return "none".to_string();
        }
        articles
            .iter()
            .map(|a| self.name(a))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Group `items` by article id: sources in report order first, then unknown ids in order of
/// first appearance. Sources with no item keep an empty group only when `keep_empty`.
pub fn group_by_article<'r, T>(
    report: &Report,
    items: impl IntoIterator<Item = &'r T>,
    article: impl Fn(&T) -> &str,
    keep_empty: bool,
) -> Vec<(String, Vec<&'r T>)>
where
    T: 'r,
{
    let mut groups: Vec<(String, Vec<&'r T>)> = report
        .sources
        .iter()
        .map(|s| (s.article.clone(), Vec::new()))
        .collect();
    for item in items {
        let id = article(item);
        match groups.iter_mut().find(|g| g.0 == id) {
            Some(g) => g.1.push(item),
            None => groups.push((id.to_string(), vec![item])),
        }
    }
    if !keep_empty {
        groups.retain(|g| !g.1.is_empty());
    }
    groups
}

/// The article a one-source claim group belongs to: its first source, else its first evidence.
pub fn only_in_owner(group: &ClaimGroup) -> &str {
    group
        .sources
        .first()
        .map(String::as_str)
        .or_else(|| group.evidence.first().map(|e| e.article.as_str()))
        .unwrap_or("?")
}

/// "2026-03-11 (HTML metadata)", or "date unknown".
pub fn date_line(s: &SourceInfo) -> String {
    match (s.published, s.published_provenance) {
        (Some(d), Some(p)) => format!("{d} ({})", provenance_label(p)),
        (Some(d), None) => d.to_string(),
        (None, _) => "date unknown".to_string(),
    }
}

/// HTML id of the highlight of `span` in `article`: "a1-123-140" (see [`dom_id`]).
pub fn anchor_id(article: &str, span: Span) -> String {
    format!("{}-{}-{}", dom_id(article), span.start, span.end)
}

/// `s` usable inside an HTML id: characters other than ASCII letters, digits, `-` and `_`
/// become `_`.
pub fn dom_id(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Text made safe for one line: control characters (including ANSI escapes and line breaks)
/// become spaces and runs of white space shrink to one.
pub fn one_line(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Human label of a provenance.
pub fn provenance_label(p: Provenance) -> &'static str {
    match p {
        Provenance::Flag => "command-line flag",
        Provenance::Sidecar => "sidecar file",
        Provenance::JsonField => "JSON field",
        Provenance::HtmlMeta => "HTML metadata",
        Provenance::Feed => "feed",
        Provenance::Dateline => "dateline",
        Provenance::Markdown => "Markdown",
        Provenance::InputName => "input name",
    }
}

/// Human label of a conflict kind.
pub fn conflict_kind_label(k: ConflictKind) -> &'static str {
    match k {
        ConflictKind::Date => "date",
        ConflictKind::Weekday => "weekday",
        ConflictKind::Count => "count",
        ConflictKind::Duration => "duration",
        ConflictKind::Place => "place",
        ConflictKind::Ordinal => "ordinal",
        ConflictKind::Speaker => "speaker",
        ConflictKind::TimeOfDay => "time of day",
        ConflictKind::Amount => "amount",
        ConflictKind::Percent => "percentage",
        ConflictKind::Age => "age",
        ConflictKind::Rank => "rank",
        ConflictKind::Attribution => "attribution",
    }
}

/// Human label of a loaded-word category.
pub fn loaded_category_label(c: LoadedCategory) -> &'static str {
    match c {
        LoadedCategory::Label => "label",
        LoadedCategory::SayingVerb => "saying verb",
        LoadedCategory::Intensifier => "intensifier",
        LoadedCategory::Sensational => "sensational",
        LoadedCategory::Speculation => "speculation",
    }
}

/// Human label of a label kind.
pub fn label_kind_label(k: LabelKind) -> &'static str {
    match k {
        LabelKind::Title => "title",
        LabelKind::Modifier => "modifier",
        LabelKind::Appositive => "appositive",
        LabelKind::Description => "description",
    }
}

/// Human label of an entity kind.
pub fn entity_kind_label(k: EntityKind) -> &'static str {
    match k {
        EntityKind::Person => "person",
        EntityKind::Organization => "organisation",
        EntityKind::Place => "place",
        EntityKind::Other => "other",
    }
}

/// Human label of a quote kind.
pub fn quote_kind_label(k: QuoteKind) -> &'static str {
    match k {
        QuoteKind::Direct => "direct",
        QuoteKind::Partial => "partial",
        QuoteKind::Embedded => "embedded",
        QuoteKind::Indirect => "indirect",
    }
}

/// Human label of a time granularity.
pub fn granularity_label(g: Granularity) -> &'static str {
    match g {
        Granularity::Day => "day",
        Granularity::Week => "week",
        Granularity::Month => "month",
        Granularity::Year => "year",
        Granularity::Range => "range",
    }
}

/// Human label of a synthesis kind.
pub fn synthesis_kind_label(k: SynthesisKind) -> &'static str {
    match k {
        SynthesisKind::Consensus => "consensus",
        SynthesisKind::Attributed => "attributed",
        SynthesisKind::Disputed => "disputed",
    }
}

/// Human label of a severity.
pub fn severity_label(s: Severity) -> &'static str {
    match s {
        Severity::Info => "note",
        Severity::Warning => "warning",
        Severity::Error => "error",
    }
}

/// "speaker (role)", "speaker", "unattributed (role)" or "unattributed".
pub fn speaker_line(speaker: Option<&str>, role: Option<&str>) -> String {
    let who = speaker
        .map(one_line)
        .unwrap_or_else(|| "unattributed".into());
    match role {
        Some(r) if !r.is_empty() => format!("{who} ({})", one_line(r)),
        _ => who,
    }
}

/// "term → neutral", or "term → (drop)" when the lexicon suggests dropping it.
pub fn neutral_line(term: &str, neutral: &str) -> String {
    if neutral.trim().is_empty() {
        format!("{} → (drop)", one_line(term))
    } else {
        format!("{} → {}", one_line(term), one_line(neutral))
    }
}

/// Section titles, in the order every renderer prints them.
pub const SECTIONS: [(&str, &str); 10] = [
    ("sources", "Sources"),
    ("agreed", "Agreed"),
    ("only-in", "Only in one source"),
    ("conflicts", "Conflicts"),
    ("reconciled", "Reconciled"),
    ("framing", "Framing"),
    ("voices", "Voices"),
    ("timeline", "Timeline"),
    ("synthesis", "Synthesis"),
    ("diagnostics", "Diagnostics"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture;

    #[test]
    fn outlet_lookup_falls_back_to_id() {
        let r = fixture::report();
        let o = Outlets::new(&r);
        assert_eq!(o.name("a2"), "Valley Courier");
        assert_eq!(o.name("zz"), "zz");
        assert_eq!(o.index("a3"), Some(2));
        assert_eq!(
            o.names(&["a1".into(), "a3".into()]),
            "Harbor Ledger, Northline Post"
        );
    }

    #[test]
    fn anchors_and_one_line() {
        assert_eq!(anchor_id("a1", Span::new(123, 140)), "a1-123-140");
        assert_eq!(anchor_id("x y\"", Span::new(1, 2)), "x_y_-1-2");
        assert_eq!(one_line("a\n\n b\x1b[31mc"), "a b [31mc");
    }

    #[test]
    fn grouping_keeps_source_order_and_extras() {
        let r = fixture::report();
        let groups = group_by_article(&r, r.only_in.iter().rev(), only_in_owner, false);
        let keys: Vec<_> = groups.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(keys, ["a1", "a2", "a3"]);
    }
}
