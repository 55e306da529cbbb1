//! Helpers shared by the renderers: outlet-name lookup by article id, grouping findings per
//! source in input order, human labels for the report's enums, anchors for evidence spans and
//! text clean-up for one-line display.
//!
//! Nothing here decides what a finding is; it only names and orders what the Report holds.

use std::collections::HashMap;

use parallax_core::{
    ClaimGroup, ConflictKind, EntityKind, Granularity, HeadlineTerm, LabelKind, LoadedCategory,
    Provenance, QuoteEcho, QuoteKind, Report, Severity, SourceInfo, SourceLoaded, SourceVoices,
    Span, SpeakerCount, SynthesisKind,
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

/// HTML id of the highlight of a headline term: "title-a4-6-14" (offsets into the title).
pub fn title_anchor_id(article: &str, t: &HeadlineTerm) -> String {
    format!("title-{}-{}-{}", dom_id(article), t.start, t.end)
}

/// The headline's words for a headline term (`title[start..end]`), or the lexicon term when
/// the offsets do not slice the title.
pub fn headline_words<'a>(title: Option<&'a str>, t: &'a HeadlineTerm) -> &'a str {
    title
        .and_then(|title| title.get(t.start..t.end))
        .filter(|w| !w.is_empty())
        .unwrap_or(&t.term)
}

/// The loaded words of source `s`'s headline on one line, "“words” term → neutral
/// (category)" joined by "; ": `quote` writes the headline's own words, `plain` the rest, each
/// as its format needs.
pub fn headline_terms_line(
    report: &Report,
    s: &SourceLoaded,
    quote: impl Fn(&str) -> String,
    plain: impl Fn(&str) -> String,
) -> String {
    let title = report
        .sources
        .iter()
        .find(|src| src.article == s.article)
        .and_then(|src| src.title.as_deref());
    s.headline
        .iter()
        .map(|t| {
            format!(
                "{} {} ({})",
                quote(headline_words(title, t)),
                plain(&neutral_line(&t.term, &t.neutral)),
                loaded_category_label(t.category)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
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

/// What an agreed group's outlets disagree on inside it, for one line of a report: "the
/// weekday (x1), the count (x3)"; `None` when every value agrees.
pub fn disputed_note(report: &Report, g: &ClaimGroup) -> Option<String> {
    if g.disputed.is_empty() {
        return None;
    }
    let parts: Vec<String> = g
        .disputed
        .iter()
        .map(|id| match report.conflicts.iter().find(|c| &c.id == id) {
            Some(c) => format!("the {} ({id})", conflict_kind_label(c.kind)),
            None => id.clone(),
        })
        .collect();
    Some(format!("but they disagree on {}", parts.join(", ")))
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
        ConflictKind::Spelling => "spelling",
    }
}

/// Human label of a difference's strength.
pub fn strength_label(s: parallax_core::Strength) -> &'static str {
    match s {
        parallax_core::Strength::Contradiction => "contradiction",
        parallax_core::Strength::DifferentFigure => "different figure",
        parallax_core::Strength::DifferentPrecision => "different precision",
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

/// Human label of a speaker role: "social_media" → "social media".
pub fn role_label(role: &str) -> String {
    one_line(&role.replace('_', " "))
}

/// "speaker (role)", "speaker", "unattributed (role)" or "unattributed".
pub fn speaker_line(speaker: Option<&str>, role: Option<&str>) -> String {
    let who = speaker
        .map(one_line)
        .unwrap_or_else(|| "unattributed".into());
    match role {
        Some(r) if !r.trim().is_empty() => format!("{who} ({})", role_label(r)),
        _ => who,
    }
}

/// How one speaker is quoted: "6 direct", "1 reported", "1 direct + 1 reported".
pub fn speaker_count(s: &SpeakerCount) -> String {
    match (s.direct, s.indirect) {
        (d, 0) => format!("{d} direct"),
        (0, i) => format!("{i} reported"),
        (d, i) => format!("{d} direct + {i} reported"),
    }
}

/// Every speaker of a source with their counts, most quoted first:
/// "Maria Ortega 6 direct, Ines Marr 1 direct + 1 reported" (empty when none).
pub fn speakers_summary(v: &SourceVoices) -> String {
    v.speakers
        .iter()
        .map(|s| format!("{} {}", one_line(&s.speaker), speaker_count(s)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Quotations per role: "official 7 · expert 2 · social media 1" (empty when none).
pub fn roles_summary(v: &SourceVoices) -> String {
    v.by_role
        .iter()
        .map(|r| format!("{} {}", role_label(&r.role), r.count))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// How another source uses a quotation's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EchoKind {
    /// Quoted there too.
    Quoted,
    /// Reported there as indirect speech.
    Paraphrased,
    /// Given there to another speaker (a speaker conflict).
    Reattributed,
    /// A relation this renderer does not know.
    Other,
}

/// The kind of an echo's `relation`.
pub fn echo_kind(e: &QuoteEcho) -> EchoKind {
    match e.relation.as_str() {
        "quoted" => EchoKind::Quoted,
        "paraphrased" => EchoKind::Paraphrased,
        "reattributed" => EchoKind::Reattributed,
        _ => EchoKind::Other,
    }
}

/// One line for an echo, naming the other source by `outlet`: `also quoted by X (speaker)`,
/// `paraphrased by X: "words"`, `given to <other speaker> by X`, or `also in X (relation)`.
/// The paraphrase's words are shown because they differ; quoted and reattributed words are
/// the same as the quotation's.
pub fn echo_line(e: &QuoteEcho, outlet: &str) -> String {
    let outlet = one_line(outlet);
    let speaker = e.speaker.as_deref().map(one_line).filter(|s| !s.is_empty());
    match echo_kind(e) {
        EchoKind::Quoted => match speaker {
            Some(s) => format!("also quoted by {outlet} ({s})"),
            None => format!("also quoted by {outlet}"),
        },
        EchoKind::Paraphrased => {
            format!(
                "paraphrased by {outlet}: \"{}\"",
                one_line(&e.evidence.text)
            )
        }
        EchoKind::Reattributed => format!(
            "given to {} by {outlet}",
            speaker.unwrap_or_else(|| "someone else".to_string())
        ),
        EchoKind::Other => format!("also in {outlet} ({})", one_line(&e.relation)),
    }
}

/// "leaves out 10 claims", "leaves out 1 claim", "leaves out nothing the others report".
pub fn leaves_out(n: usize) -> String {
    match n {
        0 => "leaves out nothing the others report".to_string(),
        1 => "leaves out 1 claim".to_string(),
        n => format!("leaves out {n} claims"),
    }
}

/// "reported by 3 of 4" (the total is the number of sources compared, at least `n`).
pub fn reported_by(n: usize, report: &Report) -> String {
    format!("reported by {n} of {}", report.sources.len().max(n))
}

/// True when no source leaves anything out (the omissions section has nothing to list).
pub fn no_omissions(report: &Report) -> bool {
    report.omissions.iter().all(|o| o.missing.is_empty())
}

/// How many omissions the terminal lists per source before "… and N more".
pub const OMISSIONS_SHOWN: usize = 8;

/// "term → neutral", or "term → (drop)" when the lexicon suggests dropping it.
pub fn neutral_line(term: &str, neutral: &str) -> String {
    if neutral.trim().is_empty() {
        format!("{} → (drop)", one_line(term))
    } else {
        format!("{} → {}", one_line(term), one_line(neutral))
    }
}

/// Section ids and titles, in the order every renderer prints them.
pub const SECTIONS: [(&str, &str); 12] = [
    ("glance", "At a glance"),
    ("sources", "Sources"),
    ("conflicts", "Conflicts"),
    ("only-in", "Only in one source"),
    ("agreed", "Agreed"),
    ("omissions", "Left out, by source"),
    ("framing", "Framing"),
    ("voices", "Voices"),
    ("synthesis", "Synthesis"),
    ("reconciled", "Reconciled"),
    ("timeline", "Timeline"),
    ("diagnostics", "Diagnostics"),
];

/// Conflicts named one by one at a glance; the rest are counted.
pub const GLANCE_CONFLICTS: usize = 4;

/// The report's opening: what a reader came for, in a few lines of plain text (each renderer
/// escapes and styles them): where the outlets contradict each other, what only one reports,
/// how their wording differs, and how much they agree on.
pub fn glance(report: &Report) -> Vec<String> {
    let outlets = Outlets::new(report);
    let mut out = Vec::new();
    match report.conflicts.len() {
        0 => out.push(
            "No conflicts: where the outlets give a value for the same fact, the values agree."
                .to_string(),
        ),
        n => {
            let shown: Vec<String> = report
                .conflicts
                .iter()
                .take(GLANCE_CONFLICTS)
                .map(|c| {
                    // One value once, with every outlet that gives it.
                    let mut values: Vec<(String, Vec<&str>)> = Vec::new();
                    for side in &c.sides {
                        let v = one_line(&side.value);
                        let name = outlets.name(&side.article);
                        match values.iter_mut().find(|(x, _)| *x == v) {
                            Some((_, names)) if !names.contains(&name) => names.push(name),
                            Some(_) => {}
                            None => values.push((v, vec![name])),
                        }
                    }
                    let sides: Vec<String> = values
                        .iter()
                        .map(|(v, names)| format!("{v} ({})", names.join(", ")))
                        .collect();
                    let strength = match c.strength {
                        parallax_core::Strength::Contradiction => String::new(),
                        s => format!(", {}", strength_label(s)),
                    };
                    format!(
                        "the {}{strength}: {}",
                        conflict_kind_label(c.kind),
                        sides.join(" vs ")
                    )
                })
                .collect();
            let more = n.saturating_sub(GLANCE_CONFLICTS);
            out.push(format!(
                "{n} conflict{}: {}{}.",
                if n == 1 { "" } else { "s" },
                shown.join("; "),
                if more > 0 {
                    format!("; and {more} more")
                } else {
                    String::new()
                }
            ));
        }
    }
    let mut only: Vec<(usize, String)> = Vec::new();
    for s in &report.sources {
        let n = report
            .only_in
            .iter()
            .filter(|g| only_in_owner(g) == s.article)
            .count();
        if n > 0 {
            only.push((n, outlets.name(&s.article).to_string()));
        }
    }
    if only.is_empty() {
        out.push("Nothing is reported by one source alone.".to_string());
    } else {
        let parts: Vec<String> = only
            .iter()
            .map(|(n, name)| format!("{name} {n} claim{}", if *n == 1 { "" } else { "s" }))
            .collect();
        out.push(format!("Only one source reports it: {}.", parts.join(", ")));
    }
    let mut loaded: Vec<String> = report
        .framing
        .loaded
        .iter()
        .map(|l| {
            let mut terms: Vec<&str> = Vec::new();
            for t in l.terms.iter().filter(|t| !t.quoted) {
                if !terms.contains(&t.term.as_str()) {
                    terms.push(&t.term);
                }
            }
            let shown: Vec<String> = terms
                .iter()
                .take(3)
                .map(|t| format!("\u{201c}{t}\u{201d}"))
                .collect();
            format!(
                "{} {}{}",
                outlets.name(&l.article),
                l.own_voice,
                if shown.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", shown.join(", "))
                }
            )
        })
        .collect();
    if report.framing.loaded.iter().all(|l| l.own_voice == 0) {
        loaded.clear();
    }
    if loaded.is_empty() {
        out.push("No loaded words in any outlet's own voice.".to_string());
    } else {
        out.push(format!(
            "Loaded words in the outlet's own voice: {}.",
            loaded.join("; ")
        ));
    }
    let disputed = report
        .agreed
        .iter()
        .filter(|g| !g.disputed.is_empty())
        .count();
    out.push(format!(
        "{} claim{} stated by two or more sources{}.",
        report.agreed.len(),
        if report.agreed.len() == 1 { "" } else { "s" },
        if disputed > 0 {
            format!(", {disputed} of them with a value the sources give differently")
        } else {
            String::new()
        }
    ));
    out
}

/// The title of the section with id `id` (see [`SECTIONS`]); "?" for an unknown id, which the
/// renderers' section-order tests catch.
pub fn section_title(id: &str) -> &'static str {
    debug_assert!(SECTIONS.iter().any(|s| s.0 == id), "unknown section {id}");
    SECTIONS
        .iter()
        .find(|s| s.0 == id)
        .map(|s| s.1)
        .unwrap_or("?")
}

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
    fn section_ids_and_titles() {
        assert_eq!(section_title("omissions"), "Left out, by source");
        let ids: Vec<_> = SECTIONS.iter().map(|s| s.0).collect();
        let at = |id| ids.iter().position(|i| *i == id);
        // What a reader came for first: the glance, then (after the sources) conflicts and
        // what only one source says; what each leaves out follows the agreed facts it lists.
        assert_eq!(at("glance"), Some(0));
        assert!(at("conflicts") < at("only-in") && at("only-in") < at("agreed"));
        assert_eq!(at("omissions"), at("agreed").map(|i| i + 1));
    }

    #[test]
    fn the_glance_leads_with_conflicts_then_single_sources_then_wording() {
        let r = fixture::report();
        let g = glance(&r);
        assert_eq!(g.len(), 4, "{g:?}");
        assert!(
            g[0].starts_with(&format!("{} conflict", r.conflicts.len())),
            "{}",
            g[0]
        );
        // Each value once, with every outlet that gives it.
        assert!(g[0].contains("≈ 3000 people (Harbor Ledger)"), "{}", g[0]);
        assert!(g[1].starts_with("Only one source reports it: "), "{}", g[1]);
        assert!(
            g[2].starts_with("Loaded words in the outlet's own voice: "),
            "{}",
            g[2]
        );
        assert!(g[3].contains("stated by two or more sources"), "{}", g[3]);
        let empty = glance(&fixture::empty_report());
        assert!(empty[0].starts_with("No conflicts"));
        assert_eq!(empty[1], "Nothing is reported by one source alone.");
    }

    #[test]
    fn voice_and_echo_wording() {
        let r = fixture::report();
        let v = &r.voices[2];
        assert_eq!(
            speakers_summary(v),
            "one resident 1 direct, Ines Varga 1 reported, Pia Holm 1 direct"
        );
        assert_eq!(roles_summary(v), "official 2 · social media 1");
        let mut both = v.speakers[0].clone();
        both.indirect = 2;
        assert_eq!(speaker_count(&both), "1 direct + 2 reported");
        let mut e = r.voices[0].quotes[0].echoes[0].clone();
        assert_eq!(echo_line(&e, "X"), "also quoted by X (Ines Varga)");
        e.speaker = None;
        assert_eq!(echo_line(&e, "X"), "also quoted by X");
        e.relation = "reattributed".into();
        assert_eq!(echo_line(&e, "X"), "given to someone else by X");
        e.relation = "translated".into();
        assert_eq!(echo_line(&e, "X"), "also in X (translated)");
        assert_eq!(leaves_out(1), "leaves out 1 claim");
        assert_eq!(reported_by(2, &r), "reported by 2 of 3");
    }

    #[test]
    fn grouping_keeps_source_order_and_extras() {
        let r = fixture::report();
        let groups = group_by_article(&r, r.only_in.iter().rev(), only_in_owner, false);
        let keys: Vec<_> = groups.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(keys, ["a1", "a2", "a3"]);
    }
}

/// Whether `s` already opens or closes with a quotation mark (a sentence that is a quotation, or
/// quoted words with their own marks): such evidence is shown without another pair around it,
/// never as ““…””.
pub fn self_quoted(s: &str) -> bool {
    const MARKS: &[char] = &[
        '"', '\u{201c}', '\u{201d}', '\u{2018}', '\u{2019}', '\u{ab}', '\u{bb}', '\'',
    ];
    let t = s.trim();
    t.starts_with(MARKS)
        || t.trim_end_matches(['.', ',', ';', ':', '!', '?'])
            .ends_with(MARKS)
}

/// The marks to put around evidence `s`: a pair of curly quotes, or none when it has its own.
pub fn outer_marks(s: &str) -> (&'static str, &'static str) {
    if self_quoted(s) {
        ("", "")
    } else {
        ("\u{201c}", "\u{201d}")
    }
}

#[cfg(test)]
mod quote_marks_tests {
    use super::{outer_marks, self_quoted};

    #[test]
    fn evidence_with_its_own_quotation_marks_gets_no_second_pair() {
        assert!(self_quoted(
            "\u{201c}This crossing will serve us for a lifetime.\u{201d}"
        ));
        assert!(self_quoted(
            "\u{201c}We owe every family a crossing,\u{201d} she said."
        ));
        assert!(self_quoted(
            "the deck would \u{201c}last forty years.\u{201d}"
        ));
        assert!(!self_quoted("The deck opened on Monday."));
        assert_eq!(outer_marks("The deck opened."), ("\u{201c}", "\u{201d}"));
        assert_eq!(outer_marks("\u{201c}Open.\u{201d}"), ("", ""));
    }
}
