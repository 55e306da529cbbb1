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
    EchoKind, OMISSIONS_SHOWN, Outlets, conflict_kind_label, date_line, disputed_note, echo_kind,
    echo_line, entity_kind_label, granularity_label, group_by_article, headline_terms_line,
    label_kind_label, leaves_out, loaded_category_label, neutral_line, no_omissions, one_line,
    only_in_owner, quote_kind_label, reported_by, roles_summary, section_title, severity_label,
    speaker_line, speakers_summary, strength_label, synthesis_kind_label,
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
    glance(&mut out, report);
    sources(&mut out, report);
    conflicts(&mut out, report, &outlets);
    only_in(&mut out, report, &outlets);
    agreed(&mut out, report, &outlets);
    omissions(&mut out, report, &outlets);
    framing(&mut out, report, &outlets);
    voices(&mut out, report, &outlets);
    synthesis(&mut out, report, &outlets);
    reconciled(&mut out, report, &outlets);
    timeline(&mut out, report, &outlets);
    diagnostics(&mut out, report);
    out.buf
}

/// What a reader came for, first: conflicts, what only one source reports, loaded wording, how
/// much is agreed (see [`crate::common::glance`]).
fn glance(out: &mut Out, report: &Report) {
    out.heading("glance", None);
    for (i, l) in crate::common::glance(report).iter().enumerate() {
        let style = (i == 0 && !report.conflicts.is_empty()).then_some(RED);
        out.line(2, 4, &format!("• {l}"), style);
    }
}

/// Output buffer with wrapping and optional colour.
struct Out {
    buf: String,
    color: bool,
}

impl Out {
    /// The heading of the section `id` of [`crate::common::SECTIONS`] ("== Conflicts (2) =="),
    /// preceded by a blank line.
    fn heading(&mut self, id: &str, count: Option<usize>) {
        let title = section_title(id);
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
    if crate::common::self_quoted(s) {
        one_line(s)
    } else {
        format!("\"{}\"", one_line(s))
    }
}

fn sources(out: &mut Out, report: &Report) {
    out.heading("sources", Some(report.sources.len()));
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
    out.heading("agreed", Some(report.agreed.len()));
    if report.agreed.is_empty() {
        out.none(2, "");
    }
    for (i, g) in report.agreed.iter().enumerate() {
        out.line(
            2,
            6,
            &format!(
                "{}. {}{} — {} source{}, similarity {:.2}{}",
                i + 1,
                if g.disputed.is_empty() {
                    ""
                } else {
                    "DISPUTED: "
                },
                one_line(&g.topic),
                g.sources.len(),
                plural(g.sources.len()),
                g.similarity,
                disputed_note(report, g).map_or(String::new(), |n| format!("; {n}"))
            ),
            Some(if g.disputed.is_empty() { BOLD } else { YELLOW }),
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
    out.heading("only-in", Some(report.only_in.len()));
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

/// Per source, the claims others report that it lacks, most widely reported first: the top
/// [`OMISSIONS_SHOWN`], then how many more.
fn omissions(out: &mut Out, report: &Report, outlets: &Outlets) {
    out.heading("omissions", None);
    if no_omissions(report) {
        out.none(2, "");
        return;
    }
    for o in &report.omissions {
        let head = format!(
            "{} {}",
            one_line(outlets.name(&o.article)),
            leaves_out(o.missing.len())
        );
        out.line(2, 4, &head, Some(BOLD));
        for m in o.missing.iter().take(OMISSIONS_SHOWN) {
            let l = format!(
                "{}: {} — e.g. {} ({})",
                reported_by(m.reported_by, report),
                one_line(&m.topic),
                quoted(&m.example.text),
                one_line(outlets.name(&m.example.article))
            );
            out.line(4, 6, &l, None);
        }
        if o.missing.len() > OMISSIONS_SHOWN {
            let more = format!("… and {} more", o.missing.len() - OMISSIONS_SHOWN);
            out.line(4, 6, &more, Some(DIM));
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
    out.heading("conflicts", Some(report.conflicts.len()));
    if report.conflicts.is_empty() {
        out.none(2, "");
    }
    for (i, c) in report.conflicts.iter().enumerate() {
        let l = format!(
            "{}. {} ({}): {}",
            i + 1,
            conflict_kind_label(c.kind),
            strength_label(c.strength),
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
    out.heading("reconciled", Some(report.reconciled.len()));
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
            "• {} ({}): {} — {}",
            conflict_kind_label(c.kind),
            strength_label(c.strength),
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
    out.heading("framing", None);
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
                    let kind = if lab.quoted {
                        format!("{}, in a quotation", label_kind_label(lab.kind))
                    } else {
                        label_kind_label(lab.kind).to_string()
                    };
                    if lab.loaded {
                        format!("{} ({kind}, LOADED)", quoted(&lab.evidence.text))
                    } else {
                        format!("{} ({kind})", quoted(&lab.evidence.text))
                    }
                })
                .collect();
            let any_loaded = s.labels.iter().any(|l| l.loaded && !l.quoted);
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
        if !s.headline.is_empty() {
            let terms = headline_terms_line(report, s, quoted, str::to_string);
            out.line(6, 8, &format!("headline: {terms}"), Some(YELLOW));
        }
        if s.terms.is_empty() {
            let what = if s.headline.is_empty() {
                "loaded words: "
            } else {
                "in the text: "
            };
            out.none(6, what);
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
    out.heading("voices", Some(quotes.len()));
    let groups = group_by_article(report, &quotes, |q| q.0, true);
    if groups.is_empty() {
        out.none(2, "");
    }
    for (article, qs) in groups {
        out.line(2, 2, &one_line(outlets.name(&article)), Some(BOLD));
        if qs.is_empty() {
            out.none(4, "quotes: ");
        }
        if let Some(v) = report.voices.iter().find(|v| v.article == article) {
            let speakers = speakers_summary(v);
            if !speakers.is_empty() {
                out.line(4, 6, &format!("speakers: {speakers}"), None);
            }
            let roles = roles_summary(v);
            if !roles.is_empty() {
                out.line(4, 6, &format!("roles: {roles}"), None);
            }
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
            for e in &q.echoes {
                let style = match echo_kind(e) {
                    EchoKind::Reattributed => RED,
                    _ => DIM,
                };
                let l = format!("↳ {}", echo_line(e, outlets.name(&e.article)));
                out.line(6, 8, &l, Some(style));
            }
        }
    }
}

fn timeline(out: &mut Out, report: &Report, outlets: &Outlets) {
    out.heading("timeline", Some(report.timeline.len()));
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
    out.heading("synthesis", Some(report.synthesis.len()));
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
    out.heading("diagnostics", Some(report.diagnostics.len()));
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
    use crate::common::SECTIONS;
    use crate::fixture;

    fn plain(r: &Report) -> String {
        render(
            r,
            &RenderOptions {
                color: false,
                ..Default::default()
            },
        )
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
        assert!(c.contains("count (contradiction): people crossing on the first day"));
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

    /// True when `out` has exactly this line (indentation included).
    fn has_line(out: &str, line: &str) -> bool {
        out.lines().any(|l| l == line)
    }

    #[test]
    fn omissions_per_source_ranked_with_examples() {
        let out = plain(&fixture::report());
        assert!(has_line(&out, "== Left out, by source =="));
        assert!(has_line(&out, "  Harbor Ledger leaves out 2 claims"));
        assert!(has_line(&out, "  Northline Post leaves out 3 claims"));
        assert!(has_line(
            &out,
            "    reported by 2 of 3: first-day crossings — e.g. \"About 3,000 residents crossed it on the first"
        ));
        assert!(has_line(&out, "      day.\" (Harbor Ledger)"));
        let o = section(&out, "Left out, by source");
        assert!(o.contains(
            "reported by 1 of 3: repair cost — e.g. \"The repairs cost €2 million | a figure the council disputes.\" (Valley Courier)"
        ));
        // Most widely reported first, as the report ranks them.
        let post = o.find("Northline Post leaves out").unwrap_or(usize::MAX);
        let first = o[post..].find("reported by 2 of 3").unwrap_or(usize::MAX);
        let second = o[post..].find("reported by 1 of 3").unwrap_or(0);
        assert!(first < second);
        // After the agreed facts it is measured against, before framing.
        let at = |t: &str| out.find(&format!("== {t}")).unwrap_or(0);
        assert!(at("Agreed") < at("Left out") && at("Left out") < at("Framing"));
    }

    #[test]
    fn omissions_show_eight_then_how_many_more() {
        let out = plain(&fixture::many_omissions(11));
        let o = section(&out, "Left out, by source");
        assert!(has_line(&out, "  Harbor Ledger leaves out 11 claims"));
        assert!(
            o.contains("reported by 11 of 11: topic 0 —"),
            "total is at least n"
        );
        assert!(o.contains("reported by 4 of 4: topic 7 —"));
        assert!(!o.contains("topic 8 "), "the ninth is not listed");
        assert!(has_line(&out, "    … and 3 more"));
        let exactly = plain(&fixture::many_omissions(8));
        assert!(!exactly.contains("… and"), "no tail line at exactly eight");
    }

    #[test]
    fn omissions_empty_or_nothing_left_out() {
        let mut r = fixture::report();
        r.omissions[1].missing.clear();
        let out = plain(&r);
        assert!(has_line(
            &out,
            "  Valley Courier leaves out nothing the others report"
        ));
        for o in &mut r.omissions {
            o.missing.clear();
        }
        let out = plain(&r);
        assert_eq!(section(&out, "Left out, by source"), "== none found");
        r.omissions.clear();
        assert_eq!(section(&plain(&r), "Left out, by source"), "== none found");
    }

    #[test]
    fn voices_summary_and_echoes() {
        let out = plain(&fixture::report());
        for line in [
            "    speakers: Ines Varga 1 direct",
            "    roles: official 1",
            "    Ines Varga (official): \"a job done right\" [partial, called]",
            "      ↳ also quoted by Valley Courier (Ines Varga)",
            "      ↳ paraphrased by Northline Post: \"the work was done right\"",
            "    speakers: Tomás Reyes 1 direct, Ines Varga 1 direct",
            "    roles: expert 1 · official 1",
            "      ↳ given to Pia Holm by Northline Post",
            "    speakers: one resident 1 direct, Ines Varga 1 reported, Pia Holm 1 direct",
            "    roles: official 2 · social media 1",
            "    one resident (social media): \"it's about time\" [direct, said]",
            "      ↳ given to Tomás Reyes by Valley Courier",
        ] {
            assert!(has_line(&out, line), "missing line {line:?}");
        }
        // The summary comes before the source's quotes; echoes right under their quote.
        let v = section(&out, "Voices");
        let summary = v
            .find("speakers: Ines Varga 1 direct")
            .unwrap_or(usize::MAX);
        let quote = v.find("\"a job done right\" [partial").unwrap_or(0);
        assert!(summary < quote);
        let coloured = render(
            &fixture::report(),
            &RenderOptions {
                color: true,
                ..Default::default()
            },
        );
        assert!(coloured.contains("\x1b[31m↳ given to Pia Holm by Northline Post\x1b[0m"));
        assert!(coloured.contains("\x1b[2m↳ also quoted by Valley Courier (Ines Varga)\x1b[0m"));
        // Old reports without counts show no summary lines.
        let mut r = fixture::report();
        for v in &mut r.voices {
            v.speakers.clear();
            v.by_role.clear();
        }
        let out = plain(&r);
        assert!(!out.contains("speakers:") && !out.contains("roles:"));
    }

    #[test]
    fn headline_terms_before_body_terms() {
        let out = plain(&fixture::report());
        let line = "      headline: \"fiasco\" fiasco → problems (sensational); \"finally\" finally → (drop) (intensifier)";
        assert!(has_line(&out, line));
        let f = section(&out, "Framing");
        let head = f.find("headline: \"fiasco\"").unwrap_or(usize::MAX);
        let body = f.find("\"cheered\" cheer → welcome").unwrap_or(0);
        assert!(head < body);
        assert_eq!(
            f.matches("headline:").count(),
            1,
            "only sources with headline terms"
        );
        // Headline terms but no body terms: the body says so on its own.
        let mut r = fixture::report();
        r.framing.loaded[2].terms.clear();
        let f = section(&plain(&r), "Framing");
        assert!(f.contains("(intensifier) in the text: none found"));
        // Offsets that do not slice the title fall back to the lexicon term.
        r.framing.loaded[2].headline[0].end = 99;
        assert!(section(&plain(&r), "Framing").contains("headline: \"fiasco\" fiasco → problems"));
    }

    #[test]
    fn new_fields_cannot_inject_escapes() {
        let mut r = fixture::report();
        let bad = "evil\x1b[2J\nname";
        r.voices[0].speakers[0].speaker = bad.into();
        r.voices[0].by_role[0].role = bad.into();
        r.voices[0].quotes[0].echoes[0].speaker = Some(bad.into());
        r.omissions[0].missing[0].topic = bad.into();
        r.omissions[0].missing[0].example.text = bad.into();
        r.framing.loaded[2].headline[0].neutral = bad.into();
        let out = plain(&r);
        assert!(!out.contains('\x1b'));
        assert!(out.contains("speakers: evil [2J name 1 direct"));
        assert!(out.contains("↳ also quoted by Valley Courier (evil [2J name)"));
    }

    #[test]
    fn empty_sections_say_so() {
        let out = plain(&fixture::empty_report());
        assert!(section(&out, "At a glance").contains("No conflicts"));
        for (_, title) in SECTIONS.iter().filter(|s| s.0 != "glance") {
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
        let coloured = render(
            &r,
            &RenderOptions {
                color: true,
                ..Default::default()
            },
        );
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
