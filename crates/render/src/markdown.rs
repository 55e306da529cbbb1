//! Markdown output: the sections of the terminal text as headings, lists and GitHub-style
//! tables.
//!
//! It owns Markdown escaping: every piece of report text goes through [`escape`], which puts
//! it on one line and backslash-escapes the characters that would start emphasis, links, raw
//! HTML or break a table cell (`|`). It does not link to the source text (that is the HTML
//! renderer's job) and computes nothing.

use std::fmt::Write as _;

use parallax_core::{Report, Severity};

use crate::common::{
    EchoKind, Outlets, conflict_kind_label, date_line, disputed_note, echo_kind, echo_line,
    entity_kind_label, granularity_label, group_by_article, headline_terms_line, label_kind_label,
    leaves_out, loaded_category_label, neutral_line, no_omissions, one_line, only_in_owner,
    quote_kind_label, reported_by, roles_summary, section_title, severity_label, speaker_line,
    speakers_summary, strength_label, synthesis_kind_label,
};

/// Report text made safe for Markdown: one line, with `\ ` * _ [ ] < > | ~ & #` escaped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in one_line(s).chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `"words"`, escaped.
fn q(s: &str) -> String {
    if crate::common::self_quoted(s) {
        escape(s)
    } else {
        format!("\"{}\"", escape(s))
    }
}

/// The heading of the section `id` of [`crate::common::SECTIONS`].
fn heading(out: &mut String, id: &str) {
    let _ = write!(out, "\n## {}\n\n", section_title(id));
}

fn none(out: &mut String) {
    out.push_str("_none found_\n");
}

/// Render the report as Markdown.
#[cfg(test)]
pub fn render(report: &Report) -> String {
    render_with(report, None)
}

/// The report in Markdown, with `heading` (escaped) as its first line when given.
pub fn render_with(report: &Report, heading: Option<&str>) -> String {
    let outlets = Outlets::new(report);
    let mut out = String::new();
    if let Some(h) = heading {
        let _ = writeln!(out, "{}\n", escape(h));
    }
    let _ = writeln!(
        out,
        "# Parallax report\n\n{} source{} compared · schema {}",
        report.sources.len(),
        if report.sources.len() == 1 { "" } else { "s" },
        escape(&report.schema_version)
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
    out
}

/// What a reader came for, first (see [`crate::common::glance`]).
fn glance(out: &mut String, report: &Report) {
    heading(out, "glance");
    for l in crate::common::glance(report) {
        let _ = writeln!(out, "- {}", escape(&l));
    }
}

fn sources(out: &mut String, report: &Report) {
    heading(out, "sources");
    if report.sources.is_empty() {
        return none(out);
    }
    out.push_str("| Id | Outlet | Title | Date | Words | Copy of | Input |\n");
    out.push_str("|---|---|---|---|---:|---|---|\n");
    for s in &report.sources {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            escape(&s.article),
            escape(&s.outlet),
            s.title.as_deref().map(escape).unwrap_or_default(),
            escape(&date_line(s)),
            s.words,
            s.copy_of.as_deref().map(escape).unwrap_or_default(),
            escape(&s.input),
        );
    }
}

fn agreed(out: &mut String, report: &Report, outlets: &Outlets) {
    heading(out, "agreed");
    if report.agreed.is_empty() {
        return none(out);
    }
    for (i, g) in report.agreed.iter().enumerate() {
        let _ = writeln!(
            out,
            "### {}. {}{}\n\n_{} sources · similarity {:.2}{}_\n",
            i + 1,
            if g.disputed.is_empty() {
                ""
            } else {
                "Disputed: "
            },
            escape(&g.topic),
            g.sources.len(),
            g.similarity,
            disputed_note(report, g).map_or(String::new(), |n| format!(" · {}", escape(&n)))
        );
        for e in &g.evidence {
            let _ = writeln!(
                out,
                "- **{}**: {}",
                escape(outlets.name(&e.article)),
                q(&e.text)
            );
        }
        if !g.omitted_by.is_empty() {
            let _ = writeln!(
                out,
                "\nOmitted by: {}",
                escape(&outlets.names(&g.omitted_by))
            );
        }
        out.push('\n');
    }
}

fn only_in(out: &mut String, report: &Report, outlets: &Outlets) {
    heading(out, "only-in");
    if report.only_in.is_empty() {
        return none(out);
    }
    for (article, groups) in group_by_article(report, &report.only_in, only_in_owner, false) {
        let _ = writeln!(out, "### {}\n", escape(outlets.name(&article)));
        for g in groups {
            let ev: Vec<String> = g.evidence.iter().map(|e| q(&e.text)).collect();
            let _ = writeln!(
                out,
                "- **{}**: {} — omitted by: {}",
                escape(&g.topic),
                ev.join(" "),
                escape(&outlets.names(&g.omitted_by))
            );
        }
        out.push('\n');
    }
}

/// Per source, every claim others report that it lacks, most widely reported first.
fn omissions(out: &mut String, report: &Report, outlets: &Outlets) {
    heading(out, "omissions");
    if no_omissions(report) {
        return none(out);
    }
    for o in &report.omissions {
        let _ = writeln!(
            out,
            "### {} {}\n",
            escape(outlets.name(&o.article)),
            leaves_out(o.missing.len())
        );
        for m in &o.missing {
            let _ = writeln!(
                out,
                "- {}: **{}** — e.g. {} ({})",
                reported_by(m.reported_by, report),
                escape(&m.topic),
                q(&m.example.text),
                escape(outlets.name(&m.example.article))
            );
        }
        if !o.missing.is_empty() {
            out.push('\n');
        }
    }
}

fn conflicts(out: &mut String, report: &Report, outlets: &Outlets) {
    heading(out, "conflicts");
    if report.conflicts.is_empty() {
        return none(out);
    }
    for (i, c) in report.conflicts.iter().enumerate() {
        let _ = writeln!(
            out,
            "### {}. {} ({}): {}\n",
            i + 1,
            conflict_kind_label(c.kind),
            strength_label(c.strength),
            escape(&c.topic)
        );
        out.push_str("| Source | Value | Words | Sentence |\n|---|---|---|---|\n");
        for s in &c.sides {
            let _ = writeln!(
                out,
                "| {} | **{}** | {} | {} |",
                escape(outlets.name(&s.article)),
                escape(&s.value),
                q(&s.value_evidence.text),
                q(&s.evidence.text)
            );
        }
        if !c.note.trim().is_empty() {
            let _ = writeln!(out, "\n_{}_", escape(&c.note));
        }
        out.push('\n');
    }
}

fn reconciled(out: &mut String, report: &Report, outlets: &Outlets) {
    heading(out, "reconciled");
    if report.reconciled.is_empty() {
        return none(out);
    }
    for c in &report.reconciled {
        let sides: Vec<String> = c
            .sides
            .iter()
            .map(|s| {
                format!(
                    "{}: {} ({})",
                    escape(outlets.name(&s.article)),
                    escape(&s.value),
                    q(&s.value_evidence.text)
                )
            })
            .collect();
        let _ = write!(
            out,
            "- **{} ({}): {}** — {}",
            conflict_kind_label(c.kind),
            strength_label(c.strength),
            escape(&c.topic),
            sides.join("; ")
        );
        if !c.note.trim().is_empty() {
            let _ = write!(out, " — _{}_", escape(&c.note));
        }
        out.push('\n');
    }
}

fn framing(out: &mut String, report: &Report, outlets: &Outlets) {
    heading(out, "framing");
    out.push_str("### Labels by entity\n\n");
    if report.framing.entities.is_empty() {
        none(out);
    } else {
        out.push_str("| Entity | Source | Labels | Mentions | Tone |\n|---|---|---|---:|---:|\n");
        for e in &report.framing.entities {
            for s in &e.by_source {
                let labels: Vec<String> = s
                    .labels
                    .iter()
                    .map(|l| {
                        let kind = if l.quoted {
                            format!("{}, in a quotation", label_kind_label(l.kind))
                        } else {
                            label_kind_label(l.kind).to_string()
                        };
                        if l.loaded {
                            format!("**{}** ({kind}, loaded)", q(&l.evidence.text))
                        } else {
                            format!("{} ({kind})", q(&l.evidence.text))
                        }
                    })
                    .collect();
                let _ = writeln!(
                    out,
                    "| {} ({}) | {} | {} | {} | {:+.2} |",
                    escape(&e.name),
                    entity_kind_label(e.kind),
                    escape(outlets.name(&s.article)),
                    if labels.is_empty() {
                        "—".to_string()
                    } else {
                        labels.join(", ")
                    },
                    s.mentions,
                    s.tone
                );
            }
        }
    }
    out.push_str("\n### Loaded words by source\n\n");
    if report.framing.loaded.is_empty() {
        return none(out);
    }
    out.push_str(
        "| Source | Per 1,000 words | Own voice | Quoted | Words |\n|---|---:|---:|---:|---:|\n",
    );
    for s in &report.framing.loaded {
        let _ = writeln!(
            out,
            "| {} | {:.1} | {} | {} | {} |",
            escape(outlets.name(&s.article)),
            s.per_1000_words,
            s.own_voice,
            s.quoted,
            s.words
        );
    }
    for s in &report.framing.loaded {
        let _ = writeln!(out, "\n#### {}\n", escape(outlets.name(&s.article)));
        if !s.headline.is_empty() {
            let terms = headline_terms_line(report, s, q, escape);
            let _ = writeln!(out, "- headline: {terms}");
        }
        if s.terms.is_empty() {
            if s.headline.is_empty() {
                none(out);
            } else {
                out.push_str("- in the text: _none found_\n");
            }
        }
        for t in &s.terms {
            let _ = writeln!(
                out,
                "- {}: {} ({}, {})",
                q(&t.evidence.text),
                escape(&neutral_line(&t.term, &t.neutral)),
                loaded_category_label(t.category),
                if t.quoted { "quoted" } else { "own voice" }
            );
        }
    }
}

fn voices(out: &mut String, report: &Report, outlets: &Outlets) {
    heading(out, "voices");
    let quotes: Vec<_> = report
        .voices
        .iter()
        .flat_map(|v| v.quotes.iter().map(move |q| (v.article.as_str(), q)))
        .collect();
    let groups = group_by_article(report, &quotes, |q| q.0, true);
    if groups.is_empty() {
        return none(out);
    }
    for (article, qs) in groups {
        let _ = writeln!(out, "### {}\n", escape(outlets.name(&article)));
        if let Some(v) = report.voices.iter().find(|v| v.article == article) {
            // Two lines of one paragraph: a backslash before the line break is a hard break.
            let speakers = speakers_summary(v);
            let roles = roles_summary(v);
            match (speakers.is_empty(), roles.is_empty()) {
                (false, false) => {
                    let _ = writeln!(
                        out,
                        "speakers: {}\\\nroles: {}\n",
                        escape(&speakers),
                        escape(&roles)
                    );
                }
                (false, true) => {
                    let _ = writeln!(out, "speakers: {}\n", escape(&speakers));
                }
                (true, false) => {
                    let _ = writeln!(out, "roles: {}\n", escape(&roles));
                }
                (true, true) => {}
            }
        }
        if qs.is_empty() {
            none(out);
        }
        for (_, quote) in qs {
            let mut how = quote_kind_label(quote.kind).to_string();
            if let Some(v) = &quote.verb {
                let _ = write!(how, ", {}", escape(v));
            }
            let _ = writeln!(
                out,
                "- **{}**: {} _({how})_",
                escape(&speaker_line(
                    quote.speaker.as_deref(),
                    quote.role.as_deref()
                )),
                q(&quote.evidence.text)
            );
            for e in &quote.echoes {
                let line = escape(&echo_line(e, outlets.name(&e.article)));
                match echo_kind(e) {
                    EchoKind::Reattributed => {
                        let _ = writeln!(out, "  - **{line}**");
                    }
                    _ => {
                        let _ = writeln!(out, "  - {line}");
                    }
                }
            }
        }
        out.push('\n');
    }
}

fn timeline(out: &mut String, report: &Report, outlets: &Outlets) {
    heading(out, "timeline");
    if report.timeline.is_empty() {
        return none(out);
    }
    out.push_str("| Source | Words | Value | Precision | Relative |\n|---|---|---|---|---|\n");
    for (article, ts) in group_by_article(report, &report.timeline, |t| t.article.as_str(), false) {
        for t in ts {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                escape(outlets.name(&article)),
                q(&t.evidence.text),
                t.value
                    .as_deref()
                    .map(escape)
                    .unwrap_or_else(|| "unresolved".into()),
                t.granularity.map(granularity_label).unwrap_or("—"),
                if t.relative { "yes" } else { "no" }
            );
        }
    }
}

fn synthesis(out: &mut String, report: &Report, outlets: &Outlets) {
    heading(out, "synthesis");
    if report.synthesis.is_empty() {
        return none(out);
    }
    for (i, s) in report.synthesis.iter().enumerate() {
        let _ = writeln!(
            out,
            "{}. {} \\[{}\\] _({})_",
            i + 1,
            escape(&s.text),
            escape(&outlets.names(&s.sources)),
            synthesis_kind_label(s.kind)
        );
    }
}

fn diagnostics(out: &mut String, report: &Report) {
    heading(out, "diagnostics");
    if report.diagnostics.is_empty() {
        return none(out);
    }
    for d in &report.diagnostics {
        let level = severity_label(d.severity);
        let level = if d.severity == Severity::Info {
            level.to_string()
        } else {
            format!("**{level}**")
        };
        match &d.input {
            Some(i) => {
                let _ = writeln!(out, "- {level}: {}: {}", escape(i), escape(&d.message));
            }
            None => {
                let _ = writeln!(out, "- {level}: {}", escape(&d.message));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::SECTIONS;
    use crate::fixture;

    fn section(out: &str, title: &str) -> String {
        let marker = format!("\n## {title}\n");
        let start = match out.find(&marker) {
            Some(s) => s + marker.len(),
            None => panic!("no section {title}"),
        };
        let rest = &out[start..];
        rest[..rest.find("\n## ").unwrap_or(rest.len())].to_string()
    }

    #[test]
    fn escapes_table_breakers_and_markup() {
        assert_eq!(escape("a | b\nc"), "a \\| b c");
        assert_eq!(
            escape("*x* <b> [l](u) _y_"),
            "\\*x\\* \\<b\\> \\[l\\](u) \\_y\\_"
        );
    }

    #[test]
    fn only_in_pipe_does_not_break_anything() {
        let out = render(&fixture::report());
        let o = section(&out, "Only in one source");
        assert!(o.contains("\"The repairs cost €2 million \\| a figure the council disputes.\""));
        assert!(!o.contains("million | a"));
    }

    #[test]
    fn conflict_table_escapes_pipes_and_newlines() {
        let mut r = fixture::report();
        r.conflicts[0].sides[1].evidence.text = "More than 5,000 | people\ncrossed.".into();
        let out = render(&r);
        let c = section(&out, "Conflicts");
        let rows: Vec<&str> = c.lines().filter(|l| l.starts_with('|')).collect();
        assert_eq!(rows.len(), 4, "header, rule and one row per side: {rows:?}");
        assert!(rows[3].contains("**≥ 5000 people**"));
        assert!(rows[3].contains("\"More than 5,000 \\| people crossed.\""));
        // Every row has the same number of unescaped cell separators.
        let cells = |l: &str| l.replace("\\|", "").matches('|').count();
        assert!(rows.iter().all(|r| cells(r) == cells(rows[0])));
        assert!(rows[2].contains("Harbor Ledger") && rows[2].contains("≈ 3000 people"));
    }

    #[test]
    fn raw_html_in_articles_is_escaped() {
        let out = render(&fixture::report());
        assert!(!out.contains("<script>"));
        assert!(out.contains("\\<script\\>alert(1)\\</script\\> \\& said"));
    }

    #[test]
    fn every_section_has_content() {
        let out = render(&fixture::report());
        assert!(section(&out, "Sources").contains(
            "| a2 | Valley Courier | Crowds return to the bridge | 2026-03-11 (sidecar file) |"
        ));
        assert!(section(&out, "Agreed").contains("- **Northline Post**: \"Residents cheered"));
        assert!(
            section(&out, "Reconciled")
                .contains("Valley Courier: ≈ 5184000 s (\"nearly two months\")")
        );
        let f = section(&out, "Framing");
        assert!(f.contains("**\"radical\"** (modifier, loaded)"));
        assert!(f.contains("| Harbor Ledger | 44.4 | 2 | 0 | 45 |"));
        assert!(f.contains("- \"slammed\": slam → criticise (sensational, own voice)"));
        assert!(
            section(&out, "Voices").contains("- **Ines Varga (official)**: \"a job done right\"")
        );
        assert!(
            section(&out, "Timeline").contains("| Northline Post | \"on Tuesday\" | unresolved |")
        );
        assert!(
            section(&out, "Synthesis").contains("\\[Harbor Ledger, Valley Courier\\] _(disputed)_")
        );
        assert!(
            section(&out, "Diagnostics")
                .contains("- **warning**: a3.html: publication date unknown")
        );
    }

    fn has_line(out: &str, line: &str) -> bool {
        out.lines().any(|l| l == line)
    }

    #[test]
    fn omissions_list_every_claim_ranked() {
        let out = render(&fixture::report());
        let o = section(&out, "Left out, by source");
        for line in [
            "### Harbor Ledger leaves out 2 claims",
            "- reported by 1 of 3: **repair cost** — e.g. \"The repairs cost €2 million \\| a figure the council disputes.\" (Valley Courier)",
            "### Northline Post leaves out 3 claims",
            "- reported by 2 of 3: **first-day crossings** — e.g. \"About 3,000 residents crossed it on the first day.\" (Harbor Ledger)",
            "- reported by 1 of 3: **council spending plan criticised** — e.g. \"Critics slammed the council's radical spending plan.\" (Harbor Ledger)",
        ] {
            assert!(has_line(&o, line), "missing line {line:?} in {o}");
        }
        assert!(o.contains("\\<script\\>alert(1)\\</script\\> \\& said"));
        // Markdown lists them all, no tail line.
        let all = section(&render(&fixture::many_omissions(11)), "Left out, by source");
        assert!(has_line(&all, "### Harbor Ledger leaves out 11 claims"));
        assert_eq!(all.matches("- reported by").count(), 11 + 2 + 3);
        assert!(all.contains("**topic 10**") && !all.contains("more"));
    }

    #[test]
    fn omissions_empty_or_nothing_left_out() {
        let mut r = fixture::report();
        r.omissions[1].missing.clear();
        let o = section(&render(&r), "Left out, by source");
        assert!(has_line(
            &o,
            "### Valley Courier leaves out nothing the others report"
        ));
        for o in &mut r.omissions {
            o.missing.clear();
        }
        assert_eq!(
            section(&render(&r), "Left out, by source"),
            "\n_none found_\n"
        );
    }

    #[test]
    fn voices_summary_and_echoes() {
        let out = render(&fixture::report());
        let v = section(&out, "Voices");
        assert!(v.contains(
            "### Harbor Ledger\n\nspeakers: Ines Varga 1 direct\\\nroles: official 1\n\n- **Ines Varga (official)**"
        ));
        for line in [
            "  - also quoted by Valley Courier (Ines Varga)",
            "  - paraphrased by Northline Post: \"the work was done right\"",
            "  - **given to Pia Holm by Northline Post**",
            "  - **given to Tomás Reyes by Valley Courier**",
            "speakers: one resident 1 direct, Ines Varga 1 reported, Pia Holm 1 direct\\",
            "roles: official 2 · social media 1",
            "- **one resident (social media)**: \"it's about time\" _(direct, said)_",
        ] {
            assert!(has_line(&v, line), "missing line {line:?} in {v}");
        }
        // Only one of the two lists: no hard break.
        let mut r = fixture::report();
        r.voices[0].by_role.clear();
        let v = section(&render(&r), "Voices");
        assert!(has_line(&v, "speakers: Ines Varga 1 direct"));
    }

    #[test]
    fn headline_terms_line() {
        let out = render(&fixture::report());
        let f = section(&out, "Framing");
        assert!(f.contains(
            "#### Northline Post\n\n- headline: \"fiasco\" fiasco → problems (sensational); \"finally\" finally → (drop) (intensifier)\n- \"cheered\": cheer → welcome"
        ));
        let mut r = fixture::report();
        r.framing.loaded[2].terms.clear();
        let f = section(&render(&r), "Framing");
        assert!(f.contains("(intensifier)\n- in the text: _none found_\n"));
    }

    #[test]
    fn new_fields_are_escaped() {
        let mut r = fixture::report();
        let bad = "<script>*x*</script> | [l](u)";
        r.voices[0].speakers[0].speaker = bad.into();
        r.voices[0].by_role[0].role = bad.into();
        r.voices[0].quotes[0].echoes[0].speaker = Some(bad.into());
        r.voices[1].quotes[0].echoes[0].speaker = Some(bad.into());
        r.omissions[0].missing[0].topic = bad.into();
        r.framing.loaded[2].headline[0].neutral = bad.into();
        let out = render(&r);
        let esc = "\\<script\\>\\*x\\*\\</script\\> \\| \\[l\\](u)";
        assert!(!out.contains("<script>"));
        assert!(out.contains(&format!("speakers: {esc} 1 direct\\\nroles: {esc} 1\n")));
        assert!(out.contains(&format!("  - also quoted by Valley Courier ({esc})\n")));
        assert!(out.contains(&format!("  - **given to {esc} by Northline Post**\n")));
        assert!(out.contains(&format!("- reported by 1 of 3: **{esc}** — e.g.")));
        assert!(out.contains(&format!("fiasco → {esc} (sensational)")));
    }

    #[test]
    fn empty_sections_say_so() {
        let out = render(&fixture::empty_report());
        assert!(section(&out, "At a glance").contains("- No conflicts"));
        for (_, title) in SECTIONS.iter().filter(|s| s.0 != "glance") {
            assert!(section(&out, title).contains("_none found_"), "{title}");
        }
    }
}
