//! Terminal text: every section of the Report as plain, wrapped lines, coloured with ANSI
//! escape codes only when asked.
//!
//! It owns layout (indentation, wrapping at about 100 columns, "none found" lines) and the
//! neutralising of control characters in article text, so an article cannot inject escape
//! codes into the terminal. It never truncates evidence and never reorders findings beyond
//! grouping them per source.

use std::fmt::Write as _;

use parallax_core::{Conflict, Report, Severity};

use crate::RenderOptions;
use crate::common::{
    Outlets, SECTIONS, conflict_kind_label, date_line, entity_kind_label, granularity_label,
    group_by_article, label_kind_label, loaded_category_label, neutral_line, one_line,
    only_in_owner, quote_kind_label, severity_label, speaker_line, synthesis_kind_label,
};

/// Lines are wrapped at this many characters (a single longer word is kept whole).
const WIDTH: usize = 100;

const BOLD: &str = "1";
const DIM: &str = "2";
const RED: &str = "31";
const GREEN: &str = "32";
const YELLOW: &str = "33";

/// Render the report as terminal text.
pub fn render(report: &Report, opts: &RenderOptions) -> String {
    let mut out = Out {
        buf: String::new(),
        color: opts.color,
    };
    let outlets = Outlets::new(report);
    out.line(
        0,
        0,
        &format!(
            "Parallax report: {} source{} compared (schema {})",
            report.sources.len(),
            plural(report.sources.len()),
            one_line(&report.schema_version)
        ),
        Some(BOLD),
    );
    sources(&mut out, report);
    agreed(&mut out, report, &outlets);
    only_in(&mut out, report, &outlets);
    conflicts(&mut out, report, &outlets);
    reconciled(&mut out, report, &outlets);
    framing(&mut out, report, &outlets);
    voices(&mut out, report, &outlets);
    timeline(&mut out, report, &outlets);
    synthesis(&mut out, report, &outlets);
    diagnostics(&mut out, report);
    out.buf
}

/// Output buffer with wrapping and optional colour.
struct Out {
    buf: String,
    color: bool,
}

impl Out {
    /// A section heading ("== Conflicts (2) ==") preceded by a blank line.
    fn heading(&mut self, index: usize, count: Option<usize>) {
        let title = SECTIONS.get(index).map(|s| s.1).unwrap_or("?");
        let text = match count {
            Some(n) => format!("== {title} ({n}) =="),
            None => format!("== {title} =="),
        };
        self.buf.push('\n');
        self.line(0, 0, &text, Some(BOLD));
    }

    /// The line a section prints when it has nothing to show.
    fn none(&mut self, indent: usize, what: &str) {
        self.line(indent, indent, &format!("{what}none found"), Some(DIM));
    }

    /// `text` wrapped at [`WIDTH`]: the first line indented by `first`, the others by `rest`.
    fn line(&mut self, first: usize, rest: usize, text: &str, style: Option<&str>) {
        for (i, l) in wrap(text, first, rest).iter().enumerate() {
            let indent = if i == 0 { first } else { rest };
            self.buf.push_str(&" ".repeat(indent));
            match style {
                Some(code) if self.color => {
                    let _ = write!(self.buf, "\x1b[{code}m{l}\x1b[0m");
                }
                _ => self.buf.push_str(l),
            }
            self.buf.push('\n');
        }
    }
}

/// Greedy word wrap; words longer than a line stay whole (evidence is never cut).
fn wrap(text: &str, first: usize, rest: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    let mut cur_len = 0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let indent = if lines.is_empty() { first } else { rest };
        let room = WIDTH.saturating_sub(indent).max(20);
        let wlen = word.chars().count();
        if cur_len > 0 && cur_len + 1 + wlen > room {
            lines.push(std::mem::take(&mut cur));
            cur_len = 0;
        }
        if cur_len > 0 {
            cur.push(' ');
            cur_len += 1;
        }
        cur.push_str(word);
        cur_len += wlen;
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn quoted(s: &str) -> String {
    format!("\"{}\"", one_line(s))
}

fn sources(out: &mut Out, report: &Report) {
    out.heading(0, Some(report.sources.len()));
    if report.sources.is_empty() {
        out.none(2, "");
    }
    for s in &report.sources {
        let mut head = format!("[{}] {}", one_line(&s.article), one_line(&s.outlet));
        if let Some(t) = &s.title {
            let _ = write!(head, " — {}", quoted(t));
        }
        out.line(2, 6, &head, None);
        let mut meta = format!(
            "{} · {} word{} · {}",
            date_line(s),
            s.words,
            plural(s.words),
            one_line(&s.input)
        );
        if let Some(b) = &s.byline {
            let _ = write!(meta, " · by {}", one_line(b));
        }
        out.line(6, 6, &meta, None);
        if let Some(u) = &s.url {
            out.line(6, 6, &one_line(u), None);
        }
        if let Some(c) = &s.copy_of {
            let name = report
                .sources
                .iter()
                .find(|o| &o.article == c)
                .map(|o| format!("{} ({})", one_line(c), one_line(&o.outlet)))
                .unwrap_or_else(|| one_line(c));
            out.line(6, 6, &format!("copy of: {name}"), Some(YELLOW));
        }
    }
}

fn agreed(out: &mut Out, report: &Report, outlets: &Outlets) {
    out.heading(1, Some(report.agreed.len()));
    if report.agreed.is_empty() {
        out.none(2, "");
    }
    for (i, g) in report.agreed.iter().enumerate() {
        out.line(
            2,
            6,
            &format!(
                "{}. {} — {} source{}, similarity {:.2}",
                i + 1,
                one_line(&g.topic),
                g.sources.len(),
                plural(g.sources.len()),
                g.similarity
            ),
            Some(BOLD),
        );
        for e in &g.evidence {
            let l = format!(
                "[{}] {}",
                one_line(outlets.name(&e.article)),
                quoted(&e.text)
            );
            out.line(5, 7, &l, Some(GREEN));
        }
        if !g.omitted_by.is_empty() {
            let l = format!("omitted by: {}", one_line(&outlets.names(&g.omitted_by)));
            out.line(5, 7, &l, Some(DIM));
        }
    }
}

fn only_in(out: &mut Out, report: &Report, outlets: &Outlets) {
    out.heading(2, Some(report.only_in.len()));
    if report.only_in.is_empty() {
        out.none(2, "");
    }
    for (article, groups) in group_by_article(report, &report.only_in, only_in_owner, false) {
        out.line(2, 2, &one_line(outlets.name(&article)), Some(BOLD));
        for g in groups {
            out.line(4, 6, &format!("• {}", one_line(&g.topic)), None);
            for e in &g.evidence {
                out.line(6, 7, &quoted(&e.text), None);
            }
            let l = format!("omitted by: {}", one_line(&outlets.names(&g.omitted_by)));
            out.line(6, 8, &l, Some(DIM));
        }
    }
}

fn conflict_sides(out: &mut Out, c: &Conflict, outlets: &Outlets, style: Option<&str>) {
    for side in &c.sides {
        let l = format!(
            "{}: {} — {}",
            one_line(outlets.name(&side.article)),
            one_line(&side.value),
            quoted(&side.evidence.text)
        );
        out.line(5, 7, &l, style);
    }
}

fn conflicts(out: &mut Out, report: &Report, outlets: &Outlets) {
    out.heading(3, Some(report.conflicts.len()));
    if report.conflicts.is_empty() {
        out.none(2, "");
    }
    for (i, c) in report.conflicts.iter().enumerate() {
        let l = format!(
            "{}. {}: {}",
            i + 1,
            conflict_kind_label(c.kind),
            one_line(&c.topic)
        );
        out.line(2, 5, &l, Some(RED));
        conflict_sides(out, c, outlets, Some(RED));
        if !c.note.trim().is_empty() {
            out.line(5, 7, &format!("note: {}", one_line(&c.note)), Some(DIM));
        }
    }
}

fn reconciled(out: &mut Out, report: &Report, outlets: &Outlets) {
    out.heading(4, Some(report.reconciled.len()));
    if report.reconciled.is_empty() {
        out.none(2, "");
    }
    for c in &report.reconciled {
        let sides: Vec<String> = c
            .sides
            .iter()
            .map(|s| {
                format!(
                    "{}: {} ({})",
                    one_line(outlets.name(&s.article)),
                    one_line(&s.value),
                    quoted(&s.value_evidence.text)
                )
            })
            .collect();
        let mut l = format!(
            "• {}: {} — {}",
            conflict_kind_label(c.kind),
            one_line(&c.topic),
            sides.join("; ")
        );
        if !c.note.trim().is_empty() {
            let _ = write!(l, " — {}", one_line(&c.note));
        }
        out.line(2, 4, &l, None);
    }
}

fn framing(out: &mut Out, report: &Report, outlets: &Outlets) {
    out.heading(5, None);
    out.line(2, 2, "Labels by entity", Some(BOLD));
    if report.framing.entities.is_empty() {
        out.none(4, "");
    }
    for ent in &report.framing.entities {
        let l = format!("{} ({})", one_line(&ent.name), entity_kind_label(ent.kind));
        out.line(4, 6, &l, None);
        for s in &ent.by_source {
            let labels: Vec<String> = s
                .labels
                .iter()
                .map(|lab| {
                    let kind = label_kind_label(lab.kind);
                    if lab.loaded {
                        format!("{} ({kind}, LOADED)", quoted(&lab.evidence.text))
                    } else {
                        format!("{} ({kind})", quoted(&lab.evidence.text))
                    }
                })
                .collect();
            let any_loaded = s.labels.iter().any(|l| l.loaded);
            let labels = if labels.is_empty() {
                "no labels".to_string()
            } else {
                labels.join(", ")
            };
            let l = format!(
                "{}: {labels} · {} mention{} · tone {:+.2}",
                one_line(outlets.name(&s.article)),
                s.mentions,
                plural(s.mentions),
                s.tone
            );
            out.line(6, 8, &l, any_loaded.then_some(YELLOW));
        }
    }
    out.line(2, 2, "Loaded words by source", Some(BOLD));
    if report.framing.loaded.is_empty() {
        out.none(4, "");
    }
    for s in &report.framing.loaded {
        let l = format!(
            "{}: {:.1} per 1,000 words · {} in own voice · {} quoted · {} words",
            one_line(outlets.name(&s.article)),
            s.per_1000_words,
            s.own_voice,
            s.quoted,
            s.words
        );
        out.line(4, 6, &l, None);
        if s.terms.is_empty() {
            out.none(6, "loaded words: ");
        }
        for t in &s.terms {
            let voice = if t.quoted { "quoted" } else { "own voice" };
            let l = format!(
                "{} {} ({}, {voice})",
                quoted(&t.evidence.text),
                neutral_line(&t.term, &t.neutral),
                loaded_category_label(t.category)
            );
            out.line(6, 8, &l, Some(YELLOW));
        }
    }
}

fn voices(out: &mut Out, report: &Report, outlets: &Outlets) {
    let quotes: Vec<_> = report
        .voices
        .iter()
        .flat_map(|v| v.quotes.iter().map(move |q| (v.article.as_str(), q)))
        .collect();
    out.heading(6, Some(quotes.len()));
    let groups = group_by_article(report, &quotes, |q| q.0, true);
    if groups.is_empty() {
        out.none(2, "");
    }
    for (article, qs) in groups {
        out.line(2, 2, &one_line(outlets.name(&article)), Some(BOLD));
        if qs.is_empty() {
            out.none(4, "quotes: ");
        }
        for (_, q) in qs {
            let mut l = format!(
                "{}: {}",
                speaker_line(q.speaker.as_deref(), q.role.as_deref()),
                quoted(&q.evidence.text)
            );
            let _ = write!(l, " [{}", quote_kind_label(q.kind));
            if let Some(v) = &q.verb {
                let _ = write!(l, ", {}", one_line(v));
            }
            l.push(']');
            out.line(4, 6, &l, None);
        }
    }
}

fn timeline(out: &mut Out, report: &Report, outlets: &Outlets) {
    out.heading(7, Some(report.timeline.len()));
    let groups = group_by_article(report, &report.timeline, |t| t.article.as_str(), true);
    if groups.is_empty() {
        out.none(2, "");
    }
    for (article, ts) in groups {
        out.line(2, 2, &one_line(outlets.name(&article)), Some(BOLD));
        if ts.is_empty() {
            out.none(4, "time expressions: ");
        }
        for t in ts {
            let value = t
                .value
                .as_deref()
                .map(one_line)
                .unwrap_or_else(|| "unresolved".to_string());
            let mut notes = Vec::new();
            if let Some(g) = t.granularity {
                notes.push(granularity_label(g));
            }
            if t.relative {
                notes.push("relative");
            }
            let mut l = format!("{} → {value}", quoted(&t.evidence.text));
            if !notes.is_empty() {
                let _ = write!(l, " ({})", notes.join(", "));
            }
            out.line(4, 6, &l, None);
        }
    }
}

fn synthesis(out: &mut Out, report: &Report, outlets: &Outlets) {
    out.heading(8, Some(report.synthesis.len()));
    if report.synthesis.is_empty() {
        out.none(2, "");
    }
    for s in &report.synthesis {
        let l = format!(
            "• {} [{}] ({})",
            one_line(&s.text),
            one_line(&outlets.names(&s.sources)),
            synthesis_kind_label(s.kind)
        );
        out.line(2, 4, &l, None);
    }
}

fn diagnostics(out: &mut Out, report: &Report) {
    out.heading(9, Some(report.diagnostics.len()));
    if report.diagnostics.is_empty() {
        out.none(2, "");
    }
    for d in &report.diagnostics {
        let mut l = format!("{}: ", severity_label(d.severity));
        if let Some(i) = &d.input {
            let _ = write!(l, "{}: ", one_line(i));
        }
        l.push_str(&one_line(&d.message));
        let style = match d.severity {
            Severity::Error => Some(RED),
            Severity::Warning => Some(YELLOW),
            Severity::Info => None,
        };
        out.line(2, 4, &l, style);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture;

    fn plain(r: &Report) -> String {
        render(r, &RenderOptions { color: false })
    }

    /// The text between heading `title` and the next heading, with wrapped lines re-joined.
    fn section(out: &str, title: &str) -> String {
        let marker = format!("== {title}");
        let start = match out.find(&marker) {
            Some(s) => s,
            None => panic!("no section {title}"),
        };
        let rest = &out[start + marker.len()..];
        let body = match rest.find("\n== ") {
            Some(end) => &rest[..end],
            None => rest,
        };
        body.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn sections_come_in_order() {
        let out = plain(&fixture::report());
        let mut last = 0;
        for (_, title) in SECTIONS {
            let pos = match out.find(&format!("== {title}")) {
                Some(p) => p,
                None => panic!("missing {title}"),
            };
            assert!(pos >= last, "{title} out of order");
            last = pos;
        }
    }

    #[test]
    fn conflict_shows_both_values_under_its_heading() {
        let out = plain(&fixture::report());
        let c = section(&out, "Conflicts");
        assert!(c.contains("count: people crossing on the first day"));
        assert!(c.contains("Harbor Ledger: ≈ 3000 people — \"About 3,000 residents crossed it"));
        assert!(c.contains("Valley Courier: ≥ 5000 people — \"More than 5,000 people"));
        assert!(!section(&out, "Agreed").contains("≥ 5000"));
    }

    #[test]
    fn sources_agreed_and_only_in_content() {
        let mut r = fixture::report();
        r.sources[2].copy_of = Some("a2".into());
        let out = plain(&r);
        let s = section(&out, "Sources");
        assert!(s.contains("[a1] Harbor Ledger — \"Footbridge back in use\""));
        assert!(s.contains("2026-03-11 (HTML metadata)"));
        assert!(s.contains("2026-03-11 (sidecar file)"));
        assert!(s.contains("date unknown"));
        assert!(s.contains("copy of: a2 (Valley Courier)"));
        let a = section(&out, "Agreed");
        assert!(a.contains("[Northline Post] \"Residents cheered as the footbridge reopened"));
        let o = section(&out, "Only in one source");
        let ledger = o.find("Harbor Ledger").unwrap_or(usize::MAX);
        let spending = o.find("council spending plan").unwrap_or(0);
        assert!(ledger < spending, "grouped under its outlet");
        assert!(o.contains("omitted by: Valley Courier, Northline Post"));
    }

    #[test]
    fn framing_voices_timeline_synthesis() {
        let out = plain(&fixture::report());
        let f = section(&out, "Framing");
        assert!(f.contains("\"radical\" (modifier, LOADED)"));
        assert!(f.contains("\"Mayor\" (title)"));
        assert!(f.contains("44.4 per 1,000 words · 2 in own voice · 0 quoted"));
        assert!(f.contains("\"slammed\" slam → criticise (sensational, own voice)"));
        assert!(f.contains("radical → (drop)"));
        assert!(
            f.contains("loaded words: none found"),
            "Valley Courier has none"
        );
        let v = section(&out, "Voices");
        assert!(v.contains("Tomás Reyes (expert): \"should last forty years\""));
        let t = section(&out, "Timeline");
        assert!(t.contains("\"on Tuesday\" → 2026-03-10 (day, relative)"));
        assert!(t.contains("\"on Tuesday\" → unresolved"));
        let s = section(&out, "Synthesis");
        assert!(s.contains("after repairs. [Harbor Ledger, Valley Courier, Northline Post]"));
        let d = section(&out, "Diagnostics");
        assert!(d.contains("warning: a3.html: publication date unknown"));
    }

    #[test]
    fn empty_sections_say_so() {
        let out = plain(&fixture::empty_report());
        for (_, title) in SECTIONS {
            assert!(
                section(&out, title).contains("none found"),
                "{title} disappeared"
            );
        }
    }

    #[test]
    fn colour_only_when_asked() {
        let r = fixture::report();
        assert!(!plain(&r).contains('\x1b'));
        let coloured = render(&r, &RenderOptions { color: true });
        assert!(coloured.contains("\x1b[1m== Conflicts (1) ==\x1b[0m"));
        assert!(coloured.contains("\x1b[31m"));
        assert!(coloured.contains("\x1b[33m\"slammed\""));
        assert!(coloured.contains("\x1b[32m[Harbor Ledger]"));
    }

    #[test]
    fn article_text_cannot_inject_escapes() {
        let mut r = fixture::report();
        r.agreed[0].evidence[0].text = "evil\x1b[2Jtext\nnext".into();
        let out = plain(&r);
        assert!(!out.contains('\x1b'));
        assert!(out.contains("evil [2Jtext next"));
    }

    #[test]
    fn wraps_without_truncating() {
        let mut r = fixture::report();
        let long = "word ".repeat(60) + &"x".repeat(150);
        r.agreed[0].evidence[0].text = long.clone();
        let out = plain(&r);
        assert!(out.contains(&"x".repeat(150)), "a long word stays whole");
        let words = section(&out, "Agreed").matches("word").count();
        assert_eq!(words, 60, "no word lost in wrapping");
        for l in out.lines().filter(|l| l.contains("word")) {
            assert!(l.chars().count() <= WIDTH, "line too long: {l}");
        }
    }
}
