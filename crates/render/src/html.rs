//! HTML output: one self-contained page (inline CSS, no scripts, no external assets) with the
//! sections of the terminal text plus every source's full text, in which each evidence span is
//! highlighted and anchored so that each finding links to its words.
//!
//! It owns highlight layout: merging findings that cite the same span, splitting and nesting
//! `<mark>`s where spans overlap, and slicing text only where `str::get` allows (a span that
//! does not slice is skipped, never a panic). All text goes through `maud`, which escapes it.
//! It does not decide which words matter: every mark comes from an `Evidence` in the Report.

use std::collections::{BTreeSet, HashMap, HashSet};

use maud::{DOCTYPE, Markup, PreEscaped, Render, html};
use parallax_core::{
    BlockKind, Evidence, HeadlineTerm, Omission, Paragraph, QuoteEcho, Report, Severity,
    SourceInfo, Span, split_paragraphs,
};

use crate::common::{
    EchoKind, OMISSIONS_SHOWN, Outlets, SECTIONS, anchor_id, conflict_kind_label, date_line,
    disputed_note, dom_id, echo_kind, entity_kind_label, granularity_label, group_by_article,
    headline_words, label_kind_label, leaves_out, loaded_category_label, neutral_line,
    no_omissions, one_line, only_in_owner, outer_marks, provenance_label, quote_kind_label,
    reported_by, roles_summary, section_title, severity_label, speaker_line, speakers_summary,
    strength_label, synthesis_kind_label, title_anchor_id,
};

/// Number of distinct source colours before they repeat.
const PALETTE: usize = 8;

/// The report's stylesheet (inline in [`render`]'s page; a web page links it).
pub const CSS: &str = r#"
:root { --ink: #1d1d1f; --muted: #5f6368; --rule: #d6d6d6; }
* { box-sizing: border-box; }
body { font: 16px/1.5 Georgia, "Times New Roman", serif; color: var(--ink); margin: 0 auto;
  max-width: 78rem; padding: 1rem 1.5rem 4rem; background: #fff; }
h1, h2, h3, h4, nav, table, .meta, .badge, .legend { font-family: system-ui, -apple-system,
  "Segoe UI", Helvetica, Arial, sans-serif; }
h1 { margin: .5rem 0 0; font-size: 1.7rem; }
h2 { border-bottom: 2px solid var(--ink); padding-bottom: .2rem; margin-top: 2.2rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
nav { font-size: .9rem; margin: .6rem 0; }
nav a { margin-right: .8rem; }
a { color: #1a4f9c; }
a.ev { color: inherit; text-decoration: none; border-bottom: 1px dotted #1a4f9c; }
a.ev:hover { background: #eef3fb; }
.meta, .none { color: var(--muted); font-size: .88rem; }
.none { font-style: italic; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; margin: .4rem 0; }
th, td { border: 1px solid var(--rule); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
ul.findings { padding-left: 1.2rem; }
ul.findings li { margin: .25rem 0; }
ul.glance { padding-left: 1.2rem; font-size: 1.05rem; }
ul.glance li { margin: .3rem 0; }
ul.glance li.conflicts a { color: #b3261e; font-weight: bold; }
.finding { border-left: 4px solid var(--rule); padding: .1rem 0 .1rem .8rem; margin: .8rem 0; }
.finding.agreed { border-color: #3c9a4a; }
.finding.conflict { border-color: #c62828; }
.finding.disputed { border-color: #e08a00; }
.finding.disputed .tag { font: bold 12px system-ui, sans-serif; color: var(--ink); background: #e08a00; padding: .05rem .35rem; border-radius: 3px; vertical-align: middle; }
.conflict-title { color: #b71c1c; }
.value { font-weight: bold; }
.badge { display: inline-block; font-size: .78rem; font-weight: 600; padding: 0 .4rem;
  border-radius: .6rem; border: 1px solid var(--c); color: var(--ink); background: #fff;
  white-space: nowrap; }
.s0 { --c: #1f77b4; } .s1 { --c: #d62728; } .s2 { --c: #2ca02c; } .s3 { --c: #9467bd; }
.s4 { --c: #ff7f0e; } .s5 { --c: #17becf; } .s6 { --c: #8c564b; } .s7 { --c: #e377c2; }
.texts { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); gap: 1.2rem; }
article.src { border-top: 5px solid var(--c); padding-top: .3rem; }
article.src h3 { margin-top: .2rem; }
article.src h4 { font-size: 1rem; }
blockquote { margin: .5rem 0 .5rem .8rem; padding-left: .8rem; border-left: 3px solid var(--rule); }
mark { background: none; color: inherit; padding: 0; }
mark.time { border-bottom: 2px dashed #00897b; }
mark.reconciled { background: #ece1f6; }
mark.only-in { background: #dbe7fa; }
mark.agreed { background: #d7f0d9; }
mark.conflict { background: #f8cfcf; }
mark.in-conflict { text-decoration: underline wavy #b3261e; text-decoration-thickness: 1px; text-underline-offset: 3px; }
mark.in-reconciled { text-decoration: underline dotted #7b4fa0; text-underline-offset: 3px; }
mark.quote { font-style: italic; background: #ececec; }
mark.label { border-bottom: 2px solid #e07b00; }
mark.loaded { background: #ffe27a; font-weight: bold; }
mark.loaded.headline { padding: 0 .1rem; }
mark:target { outline: 2px solid var(--ink); outline-offset: 1px; }
.loaded-term { background: #ffe27a; font-weight: bold; }
ul.echoes { list-style: none; padding-left: 1.2rem; margin: .1rem 0 .3rem; font-size: .92rem; }
ul.echoes li { margin: .1rem 0; }
.reattributed { color: #b71c1c; }
.voices-summary { margin: .2rem 0 .4rem; }
details.more > summary { cursor: pointer; color: var(--muted); font-size: .9rem;
  font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
.legend mark { margin-right: .5rem; font-size: .85rem; padding: 0 .2rem; }
@media print {
  nav { display: none; }
  body { max-width: none; padding: 0; font-size: 11pt; }
  .texts { display: block; }
  article.src { break-inside: avoid-page; margin-bottom: 1rem; }
  a, a.ev { color: inherit; text-decoration: none; border: 0; }
  mark, .badge, .loaded-term { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// One highlight in one article: a span and every finding that cites it.
#[derive(Debug, Clone)]
struct MarkSpec {
    span: Span,
    classes: BTreeSet<&'static str>,
    titles: Vec<String>,
    anchor: String,
    /// The findings this span is a side of (agreed and only-in groups, conflicts, reconciled
    /// differences), as DOM ids: the page's script highlights the marks sharing one.
    groups: BTreeSet<String>,
}

/// Highlights per article id, each list sorted by (start, longest first).
struct Highlights {
    by_article: HashMap<String, Vec<MarkSpec>>,
}

impl Highlights {
    /// Collect every evidence span of the report that slices its source text.
    fn collect(report: &Report) -> Highlights {
        let outlets = Outlets::new(report);
        let texts: HashMap<&str, &str> = report
            .sources
            .iter()
            .map(|s| (s.article.as_str(), s.text.as_str()))
            .collect();
        let mut raw: HashMap<String, HashMap<Span, MarkSpec>> = HashMap::new();
        // `class` "" adds only a title (for words another finding already marks).
        let mut add = |e: &Evidence, class: &'static str, title: String| {
            let Some(text) = texts.get(e.article.as_str()) else {
                return;
            };
            if e.span.is_empty() || e.span.slice(text).is_none() {
                return;
            }
            let spec = raw
                .entry(e.article.clone())
                .or_default()
                .entry(e.span)
                .or_insert_with(|| MarkSpec {
                    span: e.span,
                    classes: BTreeSet::new(),
                    titles: Vec::new(),
                    anchor: anchor_id(&e.article, e.span),
                    groups: BTreeSet::new(),
                });
            if !class.is_empty() {
                spec.classes.insert(class);
            }
            let title = one_line(&title);
            if !spec.titles.contains(&title) {
                spec.titles.push(title);
            }
        };
        for g in &report.agreed {
            for e in &g.evidence {
                add(e, "agreed", format!("agreed: {}", g.topic));
            }
        }
        for g in &report.only_in {
            for e in &g.evidence {
                add(e, "only-in", format!("only in this source: {}", g.topic));
            }
        }
        for (list, class, what) in [
            (&report.conflicts, "conflict", "conflict"),
            (&report.reconciled, "reconciled", "reconciled"),
        ] {
            // The sentence is underlined as one side of a conflict, keeping its agreed or
            // only-in colour; only the differing value itself is coloured as a conflict, so a
            // sentence stays readable as what it is.
            let sentence_class = if class == "conflict" {
                "in-conflict"
            } else {
                "in-reconciled"
            };
            for c in list {
                for s in &c.sides {
                    let kind = conflict_kind_label(c.kind);
                    add(
                        &s.evidence,
                        sentence_class,
                        format!("{what} ({kind}): {}", c.topic),
                    );
                    add(
                        &s.value_evidence,
                        class,
                        format!("{what} value: {}", s.value),
                    );
                }
            }
        }
        for ent in &report.framing.entities {
            for s in &ent.by_source {
                for l in &s.labels {
                    let loaded = if l.loaded { "loaded label" } else { "label" };
                    add(&l.evidence, "label", format!("{loaded} for {}", ent.name));
                    if l.loaded {
                        add(
                            &l.evidence,
                            "loaded",
                            format!("loaded label for {}", ent.name),
                        );
                    }
                }
            }
        }
        for s in &report.framing.loaded {
            for t in &s.terms {
                let title = format!("loaded: {}", neutral_line(&t.term, &t.neutral));
                add(&t.evidence, "loaded", title);
            }
        }
        // Each omission example: which sources leave the claim out.
        let mut left_out: Vec<(&Evidence, Vec<&str>)> = Vec::new();
        for o in &report.omissions {
            for m in &o.missing {
                let name = outlets.name(&o.article);
                match left_out
                    .iter_mut()
                    .find(|(e, _)| e.article == m.example.article && e.span == m.example.span)
                {
                    Some((_, names)) => names.push(name),
                    None => left_out.push((&m.example, vec![name])),
                }
            }
        }
        for (e, names) in left_out {
            add(e, "", format!("left out by {}", names.join(", ")));
        }
        for v in &report.voices {
            for q in &v.quotes {
                let who = speaker_line(q.speaker.as_deref(), q.role.as_deref());
                add(&q.evidence, "quote", format!("quote: {who}"));
            }
        }
        // Echoes after every quotation, so a mark's own speaker comes first in its title; a
        // reattribution marks the words as disputed.
        for v in &report.voices {
            let quoting = outlets.name(&v.article);
            for q in &v.quotes {
                let speaker = q.speaker.as_deref().unwrap_or("unattributed");
                for e in &q.echoes {
                    let (class, title) = match echo_kind(e) {
                        EchoKind::Quoted => {
                            ("quote", format!("also quoted by {quoting} ({speaker})"))
                        }
                        EchoKind::Paraphrased => (
                            "quote",
                            format!("paraphrase of words {quoting} quotes ({speaker})"),
                        ),
                        EchoKind::Reattributed => (
                            "conflict",
                            format!("{quoting} gives these words to {speaker}"),
                        ),
                        EchoKind::Other => {
                            ("quote", format!("{}: {quoting} ({speaker})", e.relation))
                        }
                    };
                    add(&e.evidence, class, title);
                }
            }
        }
        for t in &report.timeline {
            let value = t.value.as_deref().unwrap_or("unresolved");
            add(&t.evidence, "time", format!("time: {value}"));
        }
        for s in &report.synthesis {
            for e in &s.evidence {
                add(e, "synth", "used in the synthesis".to_string());
            }
        }
        // Each claim's counterparts: the spans of one group or conflict share its id.
        let mut join = |e: &Evidence, id: &str| {
            if let Some(spec) = raw.get_mut(&e.article).and_then(|m| m.get_mut(&e.span)) {
                spec.groups.insert(dom_id(id));
            }
        };
        for g in report.agreed.iter().chain(&report.only_in) {
            for e in &g.evidence {
                join(e, &g.id);
            }
        }
        for c in report.conflicts.iter().chain(&report.reconciled) {
            for s in &c.sides {
                join(&s.evidence, &c.id);
                join(&s.value_evidence, &c.id);
            }
        }
        let by_article = raw
            .into_iter()
            .map(|(article, marks)| {
                let mut marks: Vec<MarkSpec> = marks.into_values().collect();
                marks.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
                (article, marks)
            })
            .collect();
        Highlights { by_article }
    }
}

/// A piece of a paragraph: text, or a mark fragment around more pieces.
enum Node<'a> {
    Text(&'a str),
    Mark {
        mark: &'a MarkSpec,
        /// True on the fragment that carries the mark's id.
        anchored: bool,
        children: Vec<Node<'a>>,
    },
}

impl Render for Node<'_> {
    fn render(&self) -> Markup {
        match self {
            Node::Text(t) => html! { (t) },
            Node::Mark {
                mark,
                anchored,
                children,
            } => {
                let classes = mark.classes.iter().copied().collect::<Vec<_>>().join(" ");
                // A claim's first fragment is focusable and names its findings, so a reader
                // can step to it and see its counterparts in the other sources.
                let groups = (!mark.groups.is_empty())
                    .then(|| mark.groups.iter().cloned().collect::<Vec<_>>().join(" "));
                let focusable = (*anchored && groups.is_some()).then_some("0");
                html! {
                    mark class=(classes) id=[anchored.then_some(&mark.anchor)]
                        title=(mark.titles.join("; ")) data-groups=[groups.as_ref()]
                        tabindex=[focusable] {
                        @for c in children { (c) }
                    }
                }
            }
        }
    }
}

/// The marked-up pieces of `text[para]`. Overlapping marks are split at every boundary and
/// re-nested, so crossing spans give well-formed HTML; the first fragment of each mark that is
/// rendered gets its id (recorded in `anchored`).
fn mark_up<'a>(
    text: &'a str,
    para: Span,
    marks: &'a [MarkSpec],
    anchored: &mut HashSet<String>,
) -> Vec<Node<'a>> {
    let inside: Vec<&MarkSpec> = marks
        .iter()
        .filter(|m| m.span.start < para.end && m.span.end > para.start)
        .collect();
    let mut cuts: Vec<usize> = vec![para.start, para.end];
    for m in &inside {
        cuts.push(m.span.start.clamp(para.start, para.end));
        cuts.push(m.span.end.clamp(para.start, para.end));
    }
    cuts.sort_unstable();
    cuts.dedup();

    let mut root: Vec<Node<'a>> = Vec::new();
    let mut stack: Vec<(&'a MarkSpec, bool, Vec<Node<'a>>)> = Vec::new();
    fn close<'a>(stack: &mut Vec<(&'a MarkSpec, bool, Vec<Node<'a>>)>, root: &mut Vec<Node<'a>>) {
        if let Some((mark, anchored, children)) = stack.pop() {
            let node = Node::Mark {
                mark,
                anchored,
                children,
            };
            match stack.last_mut() {
                Some(parent) => parent.2.push(node),
                None => root.push(node),
            }
        }
    }
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let Some(piece) = text.get(a..b) else {
            continue;
        };
        let active: Vec<&MarkSpec> = inside
            .iter()
            .copied()
            .filter(|m| m.span.start <= a && b <= m.span.end)
            .collect();
        let keep = stack
            .iter()
            .zip(&active)
            .take_while(|(open, want)| std::ptr::eq(open.0, **want))
            .count();
        while stack.len() > keep {
            close(&mut stack, &mut root);
        }
        for m in &active[keep..] {
            let first = anchored.insert(m.anchor.clone());
            stack.push((m, first, Vec::new()));
        }
        match stack.last_mut() {
            Some(top) => top.2.push(Node::Text(piece)),
            None => root.push(Node::Text(piece)),
        }
    }
    while !stack.is_empty() {
        close(&mut stack, &mut root);
    }
    root
}

/// The loaded headline terms the report lists for `article`.
fn headline_terms<'r>(report: &'r Report, article: &str) -> &'r [HeadlineTerm] {
    report
        .framing
        .loaded
        .iter()
        .find(|l| l.article == article)
        .map(|l| l.headline.as_slice())
        .unwrap_or_default()
}

/// A headline with its loaded terms marked. The marks get ids (recorded in `anchored`) only
/// when `anchored` is given, so that the one copy of the headline in the source texts is the
/// link target. A term that does not slice the title or overlaps an earlier one stays unmarked.
fn headline(
    article: &str,
    title: &str,
    terms: &[HeadlineTerm],
    mut anchored: Option<&mut HashSet<String>>,
) -> Markup {
    let mut sorted: Vec<&HeadlineTerm> = terms.iter().collect();
    sorted.sort_by_key(|t| (t.start, t.end));
    let mut parts: Vec<Markup> = Vec::new();
    let mut pos = 0;
    for t in sorted {
        let Some(words) = title.get(t.start..t.end).filter(|w| !w.is_empty()) else {
            continue;
        };
        if t.start < pos {
            continue;
        }
        parts.push(html! { (title.get(pos..t.start).unwrap_or_default()) });
        let id = title_anchor_id(article, t);
        let id = match anchored.as_deref_mut() {
            Some(set) => set.insert(id.clone()).then_some(id),
            None => None,
        };
        parts.push(html! {
            mark.loaded.headline id=[id]
                title={ "loaded word in the headline: " (neutral_line(&t.term, &t.neutral)) } {
                (words)
            }
        });
        pos = t.end;
    }
    parts.push(html! { (title.get(pos..).unwrap_or_default()) });
    html! { @for p in &parts { (p) } }
}

/// One source's full text, paragraph by paragraph, with highlights; the headline above it has
/// its loaded terms marked.
fn source_text(
    s: &SourceInfo,
    index: usize,
    marks: &[MarkSpec],
    headline_terms: &[HeadlineTerm],
    anchored: &mut HashSet<String>,
) -> Markup {
    let fallback;
    let paragraphs: &[Paragraph] = if s.paragraphs.is_empty() {
        fallback = split_paragraphs(&s.text);
        &fallback
    } else {
        &s.paragraphs
    };
    // Consecutive list items become one list.
    let mut blocks: Vec<(BlockKind, Vec<Vec<Node>>)> = Vec::new();
    for p in paragraphs {
        if p.span.is_empty() || p.span.slice(&s.text).is_none() {
            continue;
        }
        let nodes = mark_up(&s.text, p.span, marks, anchored);
        match blocks.last_mut() {
            Some((BlockKind::ListItem, items)) if p.kind == BlockKind::ListItem => {
                items.push(nodes);
            }
            _ => blocks.push((p.kind, vec![nodes])),
        }
    }
    html! {
        article class={ "src s" (index % PALETTE) } id={ "text-" (dom_id(&s.article)) } {
            h3 { (s.outlet) }
            p.meta {
                @if let Some(t) = &s.title {
                    "“" (headline(&s.article, t, headline_terms, Some(anchored))) "” · "
                }
                (date_line(s)) " · " (s.words) " words"
            }
            @if blocks.is_empty() { p.none { "no text" } }
            @for (kind, items) in &blocks {
                @match kind {
                    BlockKind::Heading => { @for i in items { h4 { @for n in i { (n) } } } },
                    BlockKind::ListItem => ul { @for i in items { li { @for n in i { (n) } } } },
                    BlockKind::Quote => { @for i in items { blockquote { p { @for n in i { (n) } } } } },
                    BlockKind::Body => { @for i in items { p { @for n in i { (n) } } } },
                }
            }
        }
    }
}

/// What the finding sections need: outlet names and the anchors that exist on the page.
struct Ctx<'a> {
    report: &'a Report,
    outlets: Outlets<'a>,
    anchored: HashSet<String>,
}

impl Ctx<'_> {
    /// A coloured outlet badge.
    fn badge(&self, article: &str) -> Markup {
        let class = match self.outlets.index(article) {
            Some(i) => format!("badge s{}", i % PALETTE),
            None => "badge".to_string(),
        };
        html! { span class=(class) { (self.outlets.name(article)) } }
    }

    /// The evidence's words in quotation marks, linked to their highlight when it exists.
    fn ev(&self, e: &Evidence) -> Markup {
        let anchor = anchor_id(&e.article, e.span);
        let (open, close) = outer_marks(&e.text);
        html! {
            @if self.anchored.contains(&anchor) {
                a.ev href={ "#" (anchor) } { (open) (e.text) (close) }
            } @else {
                span.ev { (open) (e.text) (close) }
            }
        }
    }

    /// `words` linked to the highlight of `e` when it exists.
    fn link(&self, e: &Evidence, words: &str) -> Markup {
        let anchor = anchor_id(&e.article, e.span);
        html! {
            @if self.anchored.contains(&anchor) {
                a.ev href={ "#" (anchor) } { (words) }
            } @else {
                (words)
            }
        }
    }

    /// A headline term's words in quotation marks, linked to its mark in the shown title.
    fn headline_term(&self, article: &str, t: &HeadlineTerm) -> Markup {
        let title = self
            .report
            .sources
            .iter()
            .find(|s| s.article == article)
            .and_then(|s| s.title.as_deref());
        let words = headline_words(title, t);
        let anchor = title_anchor_id(article, t);
        html! {
            @if self.anchored.contains(&anchor) {
                a.ev href={ "#" (anchor) } { "“" (words) "”" }
            } @else {
                span.ev { "“" (words) "”" }
            }
        }
    }

    /// One line for an echo of a quotation, its key words linked to the echo's highlight in the
    /// other source's text; a reattribution is styled like a conflict.
    fn echo(&self, e: &QuoteEcho) -> Markup {
        let speaker = e.speaker.as_deref().filter(|s| !s.trim().is_empty());
        html! {
            @match echo_kind(e) {
                EchoKind::Quoted => li {
                    "↳ " (self.link(&e.evidence, "also quoted")) " by " (self.badge(&e.article))
                    @if let Some(s) = speaker { " (" (s) ")" }
                },
                EchoKind::Paraphrased => li {
                    "↳ paraphrased by " (self.badge(&e.article)) ": " (self.ev(&e.evidence))
                },
                EchoKind::Reattributed => li.reattributed {
                    "↳ " (self.link(&e.evidence, "given to")) " "
                    strong { (speaker.unwrap_or("someone else")) }
                    " by " (self.badge(&e.article))
                },
                EchoKind::Other => li {
                    "↳ " (self.link(&e.evidence, "also in")) " " (self.badge(&e.article))
                    " (" (e.relation) ")"
                },
            }
        }
    }

    /// Outlet names, comma separated.
    fn names(&self, ids: &[String]) -> Markup {
        html! {
            @if ids.is_empty() { "none" }
            @for (i, id) in ids.iter().enumerate() {
                @if i > 0 { ", " }
                (self.badge(id))
            }
        }
    }
}

fn none() -> Markup {
    html! { p.none { "none found" } }
}

/// The section `id` of [`SECTIONS`] with its title, an optional count and `body`.
fn section(id: &str, count: Option<usize>, body: Markup) -> Markup {
    html! {
        section id={ "sec-" (id) } {
            h2 { (section_title(id)) @if let Some(n) = count { " (" (n) ")" } }
            (body)
        }
    }
}

/// The legend of highlight colours.
fn legend() -> Markup {
    html! {
        p.legend {
            "Highlights: "
            mark.agreed { "agreed" } mark.only-in { "only in one source" }
            mark.conflict { "conflicting value" } mark.in-conflict { "sentence with a conflict" }
            mark.reconciled { "reconciled value" }
            mark.loaded { "loaded word" } mark.label { "label" }
            mark.quote { "quotation" } mark.time { "time" }
        }
    }
}

/// Every source's text with its highlights, and what the finding sections need to link to
/// them.
fn texts_and_ctx(report: &Report) -> (Vec<Markup>, Ctx<'_>) {
    let highlights = Highlights::collect(report);
    let mut anchored = HashSet::new();
    let texts: Vec<Markup> = report
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let marks = highlights
                .by_article
                .get(&s.article)
                .map(Vec::as_slice)
                .unwrap_or_default();
            source_text(
                s,
                i,
                marks,
                headline_terms(report, &s.article),
                &mut anchored,
            )
        })
        .collect();
    let ctx = Ctx {
        report,
        outlets: Outlets::new(report),
        anchored,
    };
    (texts, ctx)
}

/// The page's title: the first headline.
pub fn page_title(report: &Report) -> String {
    match report.sources.iter().find_map(|s| s.title.as_deref()) {
        Some(t) => format!("Parallax report: {}", one_line(t)),
        None => "Parallax report".to_string(),
    }
}

/// Render the report as one self-contained HTML page.
#[cfg(test)]
pub fn render(report: &Report) -> String {
    render_with(report, None)
}

/// The report as one self-contained HTML page, with `heading` (escaped) above it when given.
pub fn render_with(report: &Report, heading: Option<&str>) -> String {
    let (texts, ctx) = texts_and_ctx(report);
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content="parallax-render";
                title { (page_title(report)) }
                style { (PreEscaped(CSS)) }
            }
            body {
                @if let Some(h) = heading {
                    header.story { p { (h) } }
                }
                header {
                    h1 { "Parallax report" }
                    p.meta {
                        (report.sources.len()) " sources compared · schema " (report.schema_version)
                    }
                    nav {
                        @for (id, title) in SECTIONS { a href={ "#sec-" (id) } { (title) } }
                        a href="#sec-texts" { "Source texts" }
                    }
                    (legend())
                }
                main {
                    (glance(&ctx))
                    (sources(&ctx))
                    (conflicts(&ctx))
                    (only_in(&ctx))
                    (agreed(&ctx))
                    (omissions(&ctx))
                    (framing(&ctx))
                    (voices(&ctx))
                    (synthesis(&ctx))
                    (reconciled(&ctx))
                    (timeline(&ctx))
                    (diagnostics(&ctx))
                    section id="sec-texts" {
                        h2 { "Source texts" }
                        @if texts.is_empty() { (none()) }
                        div.texts { @for t in &texts { (t) } }
                    }
                }
            }
        }
    };
    let mut out = page.into_string();
    out.push('\n');
    out
}

/// The report as the body of a web page (no `<html>`, `<head>` or styles: the page around it
/// links [`CSS`] and its own stylesheet and script): a reader's order, with the source texts
/// side by side right after the conflicts, then the synthesis, framing, voices and omissions.
pub fn render_fragment(report: &Report) -> String {
    let (texts, ctx) = texts_and_ctx(report);
    html! {
        nav.sections aria-label="Sections" {
            a href="#sec-conflicts" { "Conflicts" }
            a href="#sec-texts" { "Side by side" }
            a href="#sec-synthesis" { "Synthesis" }
            a href="#sec-framing" { "Framing" }
            a href="#sec-voices" { "Voices" }
            a href="#sec-omissions" { "Left out" }
            a href="#sec-only-in" { "Only in one" }
            a href="#sec-agreed" { "Agreed" }
        }
        (glance(&ctx))
        (conflicts(&ctx))
        section id="sec-texts" {
            h2 { "Side by side" }
            (legend())
            div.stepper hidden {
                button type="button" id="prev-finding" { "Previous finding" }
                button type="button" id="next-finding" { "Next finding" }
                span.meta { "or press k and j; focus a claim to see it in the other sources" }
            }
            @if texts.is_empty() { (none()) }
            div.texts.columns { @for t in &texts { (t) } }
        }
        (synthesis(&ctx))
        (framing(&ctx))
        (voices(&ctx))
        (omissions(&ctx))
        (only_in(&ctx))
        (agreed(&ctx))
        (sources(&ctx))
        (reconciled(&ctx))
        (timeline(&ctx))
        (diagnostics(&ctx))
    }
    .into_string()
}

/// Only http(s) URLs become links; anything else (`javascript:` …) stays text.
fn safe_url(url: &str) -> Option<&str> {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then_some(url)
}

fn sources(ctx: &Ctx) -> Markup {
    let r = ctx.report;
    let body = html! {
        @if r.sources.is_empty() { (none()) } @else {
            table {
                thead { tr { th { "Outlet" } th { "Title" } th { "Published" } th { "Words" }
                    th { "Copy of" } th { "Input" } } }
                tbody {
                    @for s in &r.sources {
                        tr {
                            td {
                                (ctx.badge(&s.article))
                                @if let Some(p) = s.outlet_provenance {
                                    br; span.meta { "name from " (provenance_label(p)) }
                                }
                            }
                            td {
                                a href={ "#text-" (dom_id(&s.article)) } {
                                    @match &s.title {
                                        Some(t) => (headline(
                                            &s.article,
                                            t,
                                            headline_terms(r, &s.article),
                                            None,
                                        )),
                                        None => "(untitled)",
                                    }
                                }
                                @if let Some(b) = &s.byline { br; span.meta { "by " (b) } }
                            }
                            td { (date_line(s)) }
                            td.num { (s.words) }
                            td { @if let Some(c) = &s.copy_of { (ctx.badge(c)) } @else { "—" } }
                            td {
                                @match s.url.as_deref().and_then(safe_url) {
                                    Some(u) => a href=(u) { (s.input) },
                                    None => (s.input),
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    section("sources", Some(r.sources.len()), body)
}

fn agreed(ctx: &Ctx) -> Markup {
    let r = ctx.report;
    let body = html! {
        @if r.agreed.is_empty() { (none()) }
        @for g in &r.agreed {
            // A group whose sources give one of its values differently is shown as disputed
            // (amber, with what they disagree on), never as a plain green agreement.
            div class={ "finding " @if g.disputed.is_empty() { "agreed" } @else { "disputed" } } id={ "f-" (dom_id(&g.id)) } {
                h3 { @if !g.disputed.is_empty() { span.tag { "Disputed" } " " } (g.topic) }
                p.meta {
                    (g.sources.len()) " sources · similarity " (format!("{:.2}", g.similarity))
                    @if !g.omitted_by.is_empty() { " · omitted by: " (ctx.names(&g.omitted_by)) }
                    @if let Some(n) = disputed_note(r, g) { " · " span.disputed { (n) } }
                }
                ul.findings { @for e in &g.evidence { li { (ctx.badge(&e.article)) " " (ctx.ev(e)) } } }
            }
        }
    };
    section("agreed", Some(r.agreed.len()), body)
}

fn only_in(ctx: &Ctx) -> Markup {
    let r = ctx.report;
    let groups = group_by_article(r, &r.only_in, only_in_owner, false);
    let body = html! {
        @if groups.is_empty() { (none()) }
        @for (article, gs) in &groups {
            h3 { (ctx.badge(article)) }
            ul.findings {
                @for g in gs {
                    li id={ "f-" (dom_id(&g.id)) } {
                        strong { (g.topic) } ": "
                        @for e in &g.evidence { (ctx.ev(e)) " " }
                        span.meta { "omitted by: " (ctx.names(&g.omitted_by)) }
                    }
                }
            }
        }
    };
    section("only-in", Some(r.only_in.len()), body)
}

/// Per source, every claim others report that it lacks, most widely reported first; past
/// [`OMISSIONS_SHOWN`] the list folds into a `<details>`.
fn omissions(ctx: &Ctx) -> Markup {
    let r = ctx.report;
    let groups: HashSet<&str> = r
        .agreed
        .iter()
        .chain(&r.only_in)
        .map(|g| g.id.as_str())
        .collect();
    let item = |m: &Omission| {
        html! {
            li {
                (reported_by(m.reported_by, r)) ": "
                @if groups.contains(m.group.as_str()) {
                    a href={ "#f-" (dom_id(&m.group)) } { strong { (m.topic) } }
                } @else {
                    strong { (m.topic) }
                }
                " — e.g. " (ctx.ev(&m.example)) " " (ctx.badge(&m.example.article))
            }
        }
    };
    let body = html! {
        @if no_omissions(r) { (none()) } @else {
            @for o in &r.omissions {
                h3 { (ctx.badge(&o.article)) " " (leaves_out(o.missing.len())) }
                @if !o.missing.is_empty() {
                    ul.findings { @for m in o.missing.iter().take(OMISSIONS_SHOWN) { (item(m)) } }
                }
                @if o.missing.len() > OMISSIONS_SHOWN {
                    details.more {
                        summary { (o.missing.len() - OMISSIONS_SHOWN) " more" }
                        ul.findings { @for m in o.missing.iter().skip(OMISSIONS_SHOWN) { (item(m)) } }
                    }
                }
            }
        }
    };
    section("omissions", None, body)
}

fn conflicts(ctx: &Ctx) -> Markup {
    let r = ctx.report;
    let body = html! {
        @if r.conflicts.is_empty() { (none()) }
        @for (i, c) in r.conflicts.iter().enumerate() {
            div.finding.conflict id={ "f-" (dom_id(&c.id)) } {
                h3.conflict-title { (i + 1) ". " (conflict_kind_label(c.kind)) " (" (strength_label(c.strength)) "): " (c.topic) }
                table {
                    thead { tr { th { "Source" } th { "Value" } th { "Sentence" } } }
                    tbody {
                        @for s in &c.sides {
                            tr {
                                td { (ctx.badge(&s.article)) }
                                td { span.value { (s.value) } br; (ctx.ev(&s.value_evidence)) }
                                td { (ctx.ev(&s.evidence)) }
                            }
                        }
                    }
                }
                @if !c.note.trim().is_empty() { p.meta { (c.note) } }
            }
        }
    };
    section("conflicts", Some(r.conflicts.len()), body)
}

fn reconciled(ctx: &Ctx) -> Markup {
    let r = ctx.report;
    let body = html! {
        @if r.reconciled.is_empty() { (none()) }
        ul.findings {
            @for c in &r.reconciled {
                li id={ "f-" (dom_id(&c.id)) } {
                    strong { (conflict_kind_label(c.kind)) " (" (strength_label(c.strength)) "): " (c.topic) } " — "
                    @for (i, s) in c.sides.iter().enumerate() {
                        @if i > 0 { "; " }
                        (ctx.badge(&s.article)) " " span.value { (s.value) } " (" (ctx.ev(&s.value_evidence)) ")"
                    }
                    @if !c.note.trim().is_empty() { " — " span.meta { (c.note) } }
                }
            }
        }
    };
    section("reconciled", Some(r.reconciled.len()), body)
}

fn framing(ctx: &Ctx) -> Markup {
    let r = ctx.report;
    // Columns: the report's sources, then any other article an entity row names.
    let mut columns: Vec<&str> = r.sources.iter().map(|s| s.article.as_str()).collect();
    for e in &r.framing.entities {
        for s in &e.by_source {
            if !columns.contains(&s.article.as_str()) {
                columns.push(&s.article);
            }
        }
    }
    let body = html! {
        h3 { "Labels by entity" }
        @if r.framing.entities.is_empty() { (none()) } @else {
            table {
                thead { tr { th { "Entity" } @for c in &columns { th { (ctx.badge(c)) } } } }
                tbody {
                    @for e in &r.framing.entities {
                        tr {
                            td { strong { (e.name) } br; span.meta { (entity_kind_label(e.kind)) } }
                            @for c in &columns {
                                td {
                                    @match e.by_source.iter().find(|s| s.article == *c) {
                                        None => span.none { "not mentioned" },
                                        Some(s) => {
                                            @if s.labels.is_empty() { span.none { "no labels" } }
                                            @for (i, l) in s.labels.iter().enumerate() {
                                                @if i > 0 { ", " }
                                                span.loaded-term[l.loaded] { (ctx.ev(&l.evidence)) }
                                                " " span.meta {
                                                    "(" (label_kind_label(l.kind))
                                                    @if l.loaded { ", loaded" }
                                                    @if l.quoted { ", in a quotation" } ")"
                                                }
                                            }
                                            br;
                                            span.meta {
                                                (s.mentions) (if s.mentions == 1 { " mention · tone " } else { " mentions · tone " }) (format!("{:+.2}", s.tone))
                                            }
                                        },
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        h3 { "Loaded words by source" }
        @if r.framing.loaded.is_empty() { (none()) } @else {
            table {
                thead { tr { th { "Source" } th { "Per 1,000 words" } th { "Own voice" }
                    th { "Quoted" } th { "Words" } th { "Terms (→ neutral alternative)" } } }
                tbody {
                    @for s in &r.framing.loaded {
                        tr {
                            td { (ctx.badge(&s.article)) }
                            td.num { (format!("{:.1}", s.per_1000_words)) }
                            td.num { (s.own_voice) }
                            td.num { (s.quoted) }
                            td.num { (s.words) }
                            td {
                                @if !s.headline.is_empty() {
                                    "headline: "
                                    @for (i, t) in s.headline.iter().enumerate() {
                                        @if i > 0 { "; " }
                                        span.loaded-term { (ctx.headline_term(&s.article, t)) } " "
                                        (neutral_line(&t.term, &t.neutral)) " "
                                        span.meta { "(" (loaded_category_label(t.category)) ")" }
                                    }
                                    br;
                                }
                                @if s.terms.is_empty() {
                                    span.none {
                                        @if !s.headline.is_empty() { "in the text: " } "none found"
                                    }
                                }
                                @for t in &s.terms {
                                    span.loaded-term { (ctx.ev(&t.evidence)) } " "
                                    (neutral_line(&t.term, &t.neutral)) " "
                                    span.meta {
                                        "(" (loaded_category_label(t.category)) ", "
                                        (if t.quoted { "quoted" } else { "own voice" }) ")"
                                    }
                                    br;
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    section("framing", None, body)
}

fn voices(ctx: &Ctx) -> Markup {
    let r = ctx.report;
    let quotes: Vec<_> = r
        .voices
        .iter()
        .flat_map(|v| v.quotes.iter().map(move |q| (v.article.as_str(), q)))
        .collect();
    let groups = group_by_article(r, &quotes, |q| q.0, true);
    let body = html! {
        @if groups.is_empty() { (none()) }
        @for (article, qs) in &groups {
            h3 { (ctx.badge(article)) }
            @if let Some(v) = r.voices.iter().find(|v| v.article == *article) {
                @let speakers = speakers_summary(v);
                @let roles = roles_summary(v);
                @if !speakers.is_empty() || !roles.is_empty() {
                    p.meta.voices-summary {
                        @if !speakers.is_empty() { "speakers: " (speakers) }
                        @if !speakers.is_empty() && !roles.is_empty() { br; }
                        @if !roles.is_empty() { "roles: " (roles) }
                    }
                }
            }
            @if qs.is_empty() { (none()) }
            ul.findings {
                @for (_, q) in qs {
                    li {
                        strong { (speaker_line(q.speaker.as_deref(), q.role.as_deref())) } ": "
                        (ctx.ev(&q.evidence)) " "
                        span.meta {
                            "(" (quote_kind_label(q.kind))
                            @if let Some(v) = &q.verb { ", " (v) } ")"
                        }
                        @if !q.echoes.is_empty() {
                            ul.echoes { @for e in &q.echoes { (ctx.echo(e)) } }
                        }
                    }
                }
            }
        }
    };
    section("voices", Some(quotes.len()), body)
}

fn timeline(ctx: &Ctx) -> Markup {
    let r = ctx.report;
    let groups = group_by_article(r, &r.timeline, |t| t.article.as_str(), false);
    let body = html! {
        @if groups.is_empty() { (none()) } @else {
            table {
                thead { tr { th { "Source" } th { "Words" } th { "Value" } th { "Precision" } th { "Relative" } } }
                tbody {
                    @for (article, ts) in &groups {
                        @for t in ts {
                            tr {
                                td { (ctx.badge(article)) }
                                td { (ctx.ev(&t.evidence)) }
                                td { @match &t.value { Some(v) => code { (v) }, None => span.none { "unresolved" } } }
                                td { (t.granularity.map(granularity_label).unwrap_or("—")) }
                                td { (if t.relative { "yes" } else { "no" }) }
                            }
                        }
                    }
                }
            }
        }
    };
    section("timeline", Some(r.timeline.len()), body)
}

fn synthesis(ctx: &Ctx) -> Markup {
    let r = ctx.report;
    let body = html! {
        @if r.synthesis.is_empty() { (none()) }
        ol {
            @for s in &r.synthesis {
                li {
                    (s.text) " ["
                    @for (i, id) in s.sources.iter().enumerate() {
                        @if i > 0 { ", " }
                        @let name = ctx.outlets.name(id);
                        @let chip = match ctx.outlets.index(id) {
                            Some(i) => format!("chip badge s{}", i % PALETTE),
                            None => "chip badge".to_string(),
                        };
                        // A source chip leads to the words of that source the sentence tells.
                        @match s.evidence.iter().find(|e| &e.article == id)
                            .map(|e| anchor_id(&e.article, e.span))
                            .filter(|a| ctx.anchored.contains(a)) {
                            Some(a) => a class=(chip) href={ "#" (a) } { (name) },
                            None => span class=(chip) { (name) },
                        }
                    }
                    "] " span.meta { "(" (synthesis_kind_label(s.kind)) ")" }
                }
            }
        }
    };
    section("synthesis", Some(r.synthesis.len()), body)
}

/// What a reader came for, first (see [`crate::common::glance`]); the conflicts line is marked.
fn glance(ctx: &Ctx) -> Markup {
    let lines = crate::common::glance(ctx.report);
    let body = html! {
        ul.glance {
            @for (i, l) in lines.iter().enumerate() {
                @if i == 0 && !ctx.report.conflicts.is_empty() {
                    li.conflicts { a href="#sec-conflicts" { (l) } }
                } @else {
                    li { (l) }
                }
            }
        }
    };
    section("glance", None, body)
}

fn diagnostics(ctx: &Ctx) -> Markup {
    let r = ctx.report;
    let body = html! {
        @if r.diagnostics.is_empty() { (none()) }
        ul.findings {
            @for d in &r.diagnostics {
                li {
                    @if d.severity == Severity::Info { (severity_label(d.severity)) }
                    @else { strong { (severity_label(d.severity)) } }
                    ": "
                    @if let Some(i) = &d.input { code { (i) } ": " }
                    (d.message)
                }
            }
        }
    };
    section("diagnostics", Some(r.diagnostics.len()), body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::{self, ev};

    /// The text inside the element whose id is `id` up to its first closing `</mark>`
    /// (tags removed, entities decoded).
    fn mark_text(html: &str, id: &str) -> String {
        let at = match html.find(&format!("id=\"{id}\"")) {
            Some(a) => a,
            None => panic!("no element with id {id}"),
        };
        let rest = &html[at..];
        let open_end = rest.find('>').map(|i| i + 1).unwrap_or(0);
        let body = &rest[open_end..];
        let close = body.find("</mark>").unwrap_or(body.len());
        visible(&body[..close])
    }

    /// `html` with tags removed and the entities maud writes decoded.
    fn visible(html: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                _ if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&")
    }

    fn ids(html: &str) -> Vec<&str> {
        html.match_indices(" id=\"")
            .filter_map(|(i, m)| {
                let rest = &html[i + m.len()..];
                rest.find('"').map(|e| &rest[..e])
            })
            .collect()
    }

    #[test]
    fn evidence_words_are_marked_exactly() {
        let out = render(&fixture::report());
        let value = ev("a2", "More than 5,000");
        let id = anchor_id("a2", value.span);
        assert_eq!(mark_text(&out, &id), "More than 5,000");
        assert!(out.contains(&format!("<mark class=\"conflict\" id=\"{id}\"")));
        let quote = ev("a2", "should last forty years");
        assert_eq!(
            mark_text(&out, &anchor_id("a2", quote.span)),
            "should last forty years"
        );
    }

    #[test]
    fn an_agreed_group_with_a_differing_value_is_shown_as_disputed() {
        let mut r = fixture::report();
        let id = r.conflicts[0].id.clone();
        r.agreed[0].disputed = vec![id];
        let out = render(&r);
        let card = format!(
            "<div class=\"finding disputed\" id=\"f-{}\"",
            dom_id(&r.agreed[0].id)
        );
        assert!(out.contains(&card), "{out}");
        assert!(out.contains("<span class=\"tag\">Disputed</span>"));
        if let Some(g) = r.agreed.get(1) {
            assert!(g.disputed.is_empty());
            let plain = format!("<div class=\"finding agreed\" id=\"f-{}\"", dom_id(&g.id));
            assert!(out.contains(&plain), "{out}");
        }
    }

    #[test]
    fn a_conflicting_sentence_keeps_its_colour_and_only_the_value_is_red() {
        let r = fixture::report();
        let out = render(&r);
        let c = &r.conflicts[0];
        for side in &c.sides {
            let sentence = anchor_id(&side.article, side.evidence.span);
            let value = anchor_id(&side.article, side.value_evidence.span);
            // The sentence: its own kind's colour (agreed, only-in) plus the conflict underline,
            // never the conflict fill.
            let tag = out
                .split("<mark class=\"")
                .find(|m| m.contains(&format!("id=\"{sentence}\"")))
                .unwrap();
            let classes = &tag[..tag.find('"').unwrap()];
            assert!(classes.split(' ').any(|c| c == "in-conflict"), "{classes}");
            assert!(!classes.split(' ').any(|c| c == "conflict"), "{classes}");
            let tag = out
                .split("<mark class=\"")
                .find(|m| m.contains(&format!("id=\"{value}\"")))
                .unwrap();
            assert!(
                tag[..tag.find('"').unwrap()]
                    .split(' ')
                    .any(|c| c == "conflict")
            );
        }
    }

    #[test]
    fn loaded_word_inside_agreed_sentence_nests() {
        let out = render(&fixture::report());
        let sentence = anchor_id(
            "a3",
            ev("a3", "Residents cheered as")
                .span
                .cover(ev("a3", "on Tuesday.").span),
        );
        let word = anchor_id("a3", ev("a3", "cheered").span);
        let outer = out
            .find(&format!("id=\"{sentence}\""))
            .unwrap_or(usize::MAX);
        let inner = out.find(&format!("id=\"{word}\"")).unwrap_or(0);
        assert!(outer < inner, "loaded mark opens inside the agreed mark");
        let between = &out[outer..inner];
        assert!(!between.contains("</mark>"), "agreed mark still open");
        assert!(out[..outer].ends_with("<mark class=\"agreed synth\" "));
        assert_eq!(mark_text(&out, &word), "cheered");
    }

    #[test]
    fn findings_link_to_existing_highlights() {
        let out = render(&fixture::report());
        let all_ids = ids(&out);
        let mut seen = HashSet::new();
        for id in &all_ids {
            assert!(seen.insert(*id), "duplicate id {id}");
        }
        let links: Vec<&str> = out
            .match_indices("href=\"#")
            .filter_map(|(i, m)| {
                let rest = &out[i + m.len()..];
                rest.find('"').map(|e| &rest[..e])
            })
            .collect();
        assert!(links.len() > 20);
        for l in &links {
            assert!(all_ids.contains(l), "dangling link #{l}");
        }
        let conflict = anchor_id(
            "a1",
            ev("a1", "About 3,000 residents")
                .span
                .cover(ev("a1", "on the first day.").span),
        );
        assert!(
            links.contains(&conflict.as_str()),
            "conflict sentence linked"
        );
        assert!(
            links.contains(&"a1-234-241"),
            "loaded word 'slammed' linked"
        );
    }

    #[test]
    fn hostile_text_is_escaped() {
        let mut r = fixture::report();
        let bad = "<script>alert(1)</script> \"q\" & 'a'";
        r.sources[0].outlet = bad.into();
        r.sources[0].title = Some(bad.into());
        r.sources[0].byline = Some(bad.into());
        r.sources[0].url = Some("javascript:alert(1)".into());
        r.agreed[0].topic = bad.into();
        r.conflicts[0].sides[0].value = bad.into();
        r.voices[0].quotes[0].speaker = Some(bad.into());
        r.diagnostics[0].message = bad.into();
        r.framing.loaded[0].terms[0].neutral = bad.into();
        let out = render(&r);
        assert!(
            !out.to_lowercase().contains("<script"),
            "raw script tag survived"
        );
        assert!(
            !out.contains("javascript:alert(1)\""),
            "unsafe URL became a link"
        );
        assert!(!out.contains("href=\"javascript"));
        assert!(out.contains("&lt;script&gt;alert(1)&lt;/script&gt; &quot;q&quot; &amp; 'a'"));
        // The fixture's own article text with markup-like words is escaped inside its mark.
        assert!(out.contains("wrote &lt;script&gt;alert(1)&lt;/script&gt; &amp; said &quot;"));
    }

    #[test]
    fn the_web_fragment_puts_texts_after_conflicts_and_names_each_claims_findings() {
        let r = fixture::report();
        let out = render_fragment(&r);
        assert!(!out.contains("<style") && !out.contains(" style=\""));
        assert!(!out.contains("<html") && !out.contains("<script"));
        let conflicts = out.find("id=\"sec-conflicts\"").unwrap();
        let texts = out.find("id=\"sec-texts\"").unwrap();
        let synthesis = out.find("id=\"sec-synthesis\"").unwrap();
        assert!(conflicts < texts && texts < synthesis, "a reader's order");
        assert!(out.contains("<div class=\"texts columns\">"));
        assert!(
            out.contains("<div class=\"stepper\" hidden>"),
            "shown by the script"
        );
        // Every agreed group's marks name it in each source that states it, and the first
        // fragment of each is focusable.
        for g in &r.agreed {
            let key = dom_id(&g.id);
            let marked: HashSet<&str> = g
                .evidence
                .iter()
                .filter(|e| {
                    let id = anchor_id(&e.article, e.span);
                    out.split("<mark ").any(|m| {
                        m.contains(&format!("id=\"{id}\""))
                            && m.split('>').next().is_some_and(|tag| {
                                tag.contains("tabindex=\"0\"")
                                    && tag
                                        .split("data-groups=\"")
                                        .nth(1)
                                        .and_then(|v| v.split('"').next())
                                        .is_some_and(|v| v.split(' ').any(|k| k == key))
                            })
                    })
                })
                .map(|e| e.article.as_str())
                .collect();
            assert!(marked.len() >= 2, "group {} is marked in {marked:?}", g.id);
        }
        // Synthesis chips lead to highlights that exist.
        let chips: Vec<&str> = out
            .split("class=\"chip badge s")
            .skip(1)
            .filter_map(|c| c.split("href=\"#").nth(1))
            .filter_map(|c| c.split('"').next())
            .collect();
        assert!(!chips.is_empty());
        for c in chips {
            assert!(out.contains(&format!("id=\"{c}\"")), "chip to #{c}");
        }
    }

    #[test]
    fn self_contained() {
        let out = render(&fixture::report());
        assert!(out.starts_with("<!DOCTYPE html>"));
        assert!(out.contains("<style>"));
        assert!(!out.contains(" src="));
        assert!(!out.contains("<link"));
        assert!(!out.contains("@import"));
    }

    #[test]
    fn sections_and_source_text_blocks() {
        let out = render(&fixture::report());
        let mut last = 0;
        for (id, title) in SECTIONS {
            let at = out
                .find(&format!("<section id=\"sec-{id}\"><h2>{title}"))
                .unwrap_or(0);
            assert!(at > last, "{title} missing or out of order");
            last = at;
        }
        assert!(out.find("id=\"sec-texts\"").unwrap_or(0) > last);
        assert!(
            out.contains("<h4>Footbridge back in use</h4>"),
            "heading block"
        );
        assert!(out.contains("<article class=\"src s1\" id=\"text-a2\"><h3>Valley Courier</h3>"));
        let text = visible(&out[out.find("id=\"text-a2\"").unwrap_or(0)..]);
        assert!(text.contains("Engineer Tomás Reyes said the deck “should last forty years”."));
        let conflicts = &out[out.find("id=\"sec-conflicts\"").unwrap_or(0)
            ..out.find("id=\"sec-reconciled\"").unwrap_or(0)];
        assert!(conflicts.contains("≈ 3000 people") && conflicts.contains("≥ 5000 people"));
    }

    #[test]
    fn list_and_quote_blocks() {
        let mut r = fixture::empty_report();
        r.sources = fixture::report().sources;
        let t = "One.\nTwo.\nThree.\nSaid.\n";
        r.sources[2].text = t.into();
        r.sources[2].paragraphs = split_paragraphs(t);
        r.sources[2].paragraphs[0].kind = BlockKind::ListItem;
        r.sources[2].paragraphs[1].kind = BlockKind::ListItem;
        r.sources[2].paragraphs[3].kind = BlockKind::Quote;
        let out = render(&r);
        assert!(out.contains(
            "<ul><li>One.</li><li>Two.</li></ul><p>Three.</p><blockquote><p>Said.</p></blockquote>"
        ));
    }

    #[test]
    fn crossing_spans_split_into_well_formed_marks() {
        let text = "alpha beta gamma delta";
        let mk = |s: usize, e: usize, c: &'static str| MarkSpec {
            span: Span::new(s, e),
            classes: BTreeSet::from([c]),
            titles: vec![],
            anchor: anchor_id("t", Span::new(s, e)),
            groups: BTreeSet::new(),
        };
        // [alpha beta] crosses [beta gamma]; [gamma] nests in the second.
        let mut marks = vec![
            mk(0, 10, "agreed"),
            mk(6, 16, "quote"),
            mk(11, 16, "loaded"),
        ];
        marks.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
        let mut anchored = HashSet::new();
        let nodes = mark_up(text, Span::new(0, text.len()), &marks, &mut anchored);
        let html = html! { @for n in &nodes { (n) } }.into_string();
        assert_eq!(
            html,
            "<mark class=\"agreed\" id=\"t-0-10\" title=\"\">alpha \
             <mark class=\"quote\" id=\"t-6-16\" title=\"\">beta</mark></mark>\
             <mark class=\"quote\" title=\"\"> \
             <mark class=\"loaded\" id=\"t-11-16\" title=\"\">gamma</mark></mark> delta"
        );
        assert_eq!(anchored.len(), 3);
    }

    #[test]
    fn bad_spans_are_skipped_not_panicked_on() {
        let mut r = fixture::report();
        // Inside the two-byte "á" of "Tomás", out of bounds, and empty.
        let a2 = &r.sources[1].text;
        let inside = a2.find('á').map(|i| i + 1).unwrap_or(0);
        let mut bad = ev("a2", "Tomás");
        bad.span = Span::new(inside, inside + 3);
        r.agreed[0].evidence.push(bad.clone());
        let mut oob = ev("a2", "Engineer");
        oob.span = Span::new(10_000, 10_010);
        r.agreed[0].evidence.push(oob);
        let mut empty = ev("a2", "Engineer");
        empty.span = Span::new(5, 5);
        r.agreed[0].evidence.push(empty);
        r.sources[1].paragraphs.push(Paragraph {
            span: Span::new(inside, 9_999),
            kind: BlockKind::Body,
        });
        let out = render(&r);
        assert!(!out.contains(&format!("id=\"{}\"", anchor_id("a2", bad.span))));
        assert!(!out.contains("a2-10000-10010"));
        assert!(!out.contains("href=\"#a2-5-5\""));
        assert!(out.contains("Engineer Tomás Reyes"));
    }

    #[test]
    fn missing_paragraphs_fall_back_to_lines() {
        let mut r = fixture::report();
        r.sources[2].paragraphs.clear();
        let out = render(&r);
        let tail = &out[out.find("id=\"text-a3\"").unwrap_or(0)..];
        assert!(tail.contains("<p><mark class=\"agreed synth\" id=\"a3-0-56\""));
    }

    /// The HTML of the section with id `id`.
    fn section_html<'a>(out: &'a str, id: &str) -> &'a str {
        let at = out.find(&format!("<section id=\"sec-{id}\">")).unwrap_or(0);
        let end = out[at..]
            .find("</section>")
            .map(|e| at + e)
            .unwrap_or(out.len());
        &out[at..end]
    }

    #[test]
    fn omissions_link_to_claims_and_source_text() {
        let out = render(&fixture::report());
        let o = section_html(&out, "omissions");
        assert!(o.starts_with("<section id=\"sec-omissions\"><h2>Left out, by source</h2>"));
        assert!(o.contains(
            "<h3><span class=\"badge s2\">Northline Post</span> leaves out 3 claims</h3>"
        ));
        let count = anchor_id(
            "a1",
            ev("a1", "About 3,000 residents crossed it on the first day.").span,
        );
        assert!(o.contains(&format!(
            "<li>reported by 2 of 3: <a href=\"#f-c5\"><strong>first-day crossings</strong></a> \
             — e.g. <a class=\"ev\" href=\"#{count}\">“About 3,000 residents crossed it on the \
             first day.”</a> <span class=\"badge s0\">Harbor Ledger</span></li>"
        )));
        // The example's words say in the source text who leaves them out.
        assert!(out.contains(&format!(
            "id=\"{count}\" title=\"agreed: first-day crossings; conflict (count): people \
             crossing on the first day; left out by Northline Post; used in the synthesis\""
        )));
        let critics = anchor_id(
            "a1",
            ev("a1", "Critics slammed")
                .span
                .cover(ev("a1", "spending plan.").span),
        );
        assert!(out.contains(&format!(
            "<mark class=\"only-in\" id=\"{critics}\" title=\"only in this source: council \
             spending plan criticised; left out by Valley Courier, Northline Post\" \
             data-groups=\""
        )));
        // Nothing to collapse in the fixture.
        assert!(!o.contains("<details"));
        // A topic whose group the report does not list is not a dangling link.
        let mut r = fixture::report();
        r.omissions[0].missing[0].group = "zz".into();
        let out = render(&r);
        assert!(
            section_html(&out, "omissions")
                .contains("<li>reported by 1 of 3: <strong>repair cost</strong>")
        );
    }

    #[test]
    fn long_omission_lists_fold_after_eight() {
        let out = render(&fixture::many_omissions(11));
        let o = section_html(&out, "omissions");
        let ledger = &o[..o
            .find("Valley Courier</span> leaves out")
            .unwrap_or(o.len())];
        assert!(ledger.contains("leaves out 11 claims</h3><ul class=\"findings\">"));
        let (shown, folded) = ledger.split_at(ledger.find("<details").unwrap_or(0));
        assert_eq!(shown.matches("<li>").count(), 8);
        assert!(folded.starts_with(
            "<details class=\"more\"><summary>3 more</summary><ul class=\"findings\">"
        ));
        assert_eq!(folded.matches("<li>").count(), 3);
        assert!(folded.contains("<strong>topic 10</strong>"));
    }

    #[test]
    fn omissions_empty_or_nothing_left_out() {
        let mut r = fixture::report();
        r.omissions[1].missing.clear();
        let out = render(&r);
        assert!(section_html(&out, "omissions").contains(
            "<h3><span class=\"badge s1\">Valley Courier</span> leaves out nothing the others report</h3><h3>"
        ));
        for o in &mut r.omissions {
            o.missing.clear();
        }
        let out = render(&r);
        assert_eq!(
            section_html(&out, "omissions"),
            "<section id=\"sec-omissions\"><h2>Left out, by source</h2><p class=\"none\">none found</p>"
        );
    }

    #[test]
    fn voices_summary_and_linked_echoes() {
        let out = render(&fixture::report());
        let v = section_html(&out, "voices");
        assert!(v.contains(
            "<h3><span class=\"badge s2\">Northline Post</span></h3><p class=\"meta voices-summary\">\
             speakers: one resident 1 direct, Ines Varga 1 reported, Pia Holm 1 direct<br>\
             roles: official 2 · social media 1</p>"
        ));
        assert!(v.contains("<strong>one resident (social media)</strong>"));
        let a2_quote = anchor_id("a2", ev("a2", "a job done right").span);
        let a3_para = anchor_id("a3", ev("a3", "the work was done right").span);
        let a3_holm = anchor_id("a3", ev("a3", "should last forty years").span);
        assert!(v.contains(&format!(
            "<ul class=\"echoes\"><li>↳ <a class=\"ev\" href=\"#{a2_quote}\">also quoted</a> by \
             <span class=\"badge s1\">Valley Courier</span> (Ines Varga)</li>\
             <li>↳ paraphrased by <span class=\"badge s2\">Northline Post</span>: \
             <a class=\"ev\" href=\"#{a3_para}\">“the work was done right”</a></li></ul>"
        )));
        assert!(v.contains(&format!(
            "<li class=\"reattributed\">↳ <a class=\"ev\" href=\"#{a3_holm}\">given to</a> \
             <strong>Pia Holm</strong> by <span class=\"badge s2\">Northline Post</span></li>"
        )));
        // The echoed words are highlighted in the other source: a paraphrase as a quotation, a
        // reattribution like a conflict, each saying whose words they echo.
        assert!(out.contains(&format!(
            "<mark class=\"quote\" id=\"{a3_para}\" title=\"quote: Ines Varga (official); \
             paraphrase of words Harbor Ledger quotes (Ines Varga)\">"
        )));
        assert!(out.contains(&format!(
            "<mark class=\"conflict quote\" id=\"{a3_holm}\" title=\"quote: Pia Holm (official); \
             Valley Courier gives these words to Tomás Reyes\">"
        )));
        assert_eq!(mark_text(&out, &a3_holm), "should last forty years");
    }

    #[test]
    fn headline_terms_marked_in_titles_and_linked() {
        let out = render(&fixture::report());
        let fiasco = "<mark class=\"loaded headline\" id=\"title-a3-7-13\" \
                      title=\"loaded word in the headline: fiasco → problems\">fiasco</mark>";
        let finally = "<mark class=\"loaded headline\" id=\"title-a3-14-21\" \
                       title=\"loaded word in the headline: finally → (drop)\">finally</mark>";
        let texts = &out[out.find("id=\"text-a3\"").unwrap_or(0)..];
        assert!(texts.contains(&format!(
            "<p class=\"meta\">“Bridge {fiasco} {finally} over” · "
        )));
        // The sources table marks them too, without a second id.
        let sources = section_html(&out, "sources");
        assert!(sources.contains(
            "<a href=\"#text-a3\">Bridge <mark class=\"loaded headline\" \
             title=\"loaded word in the headline: fiasco → problems\">fiasco</mark> "
        ));
        assert!(!sources.contains("id=\"title-"));
        let framing = section_html(&out, "framing");
        assert!(framing.contains(
            "<td>headline: <span class=\"loaded-term\"><a class=\"ev\" href=\"#title-a3-7-13\">“fiasco”</a></span> \
             fiasco → problems <span class=\"meta\">(sensational)</span>; \
             <span class=\"loaded-term\"><a class=\"ev\" href=\"#title-a3-14-21\">“finally”</a></span> \
             finally → (drop) <span class=\"meta\">(intensifier)</span><br>"
        ));
        // A term whose offsets do not slice the title is listed but neither marked nor linked.
        let mut r = fixture::report();
        r.framing.loaded[2].headline[0].end = 99;
        r.framing.loaded[2].terms.clear();
        let out = render(&r);
        assert!(!out.contains("title-a3-7-99"));
        assert!(
            section_html(&out, "framing")
                .contains("<span class=\"loaded-term\"><span class=\"ev\">“fiasco”</span></span>")
        );
        assert!(
            section_html(&out, "framing")
                .contains("<span class=\"none\">in the text: none found</span>")
        );
    }

    #[test]
    fn new_fields_escape_hostile_text() {
        let mut r = fixture::report();
        let bad = "<script>alert(1)</script>";
        r.voices[0].speakers[0].speaker = bad.into();
        r.voices[0].by_role[0].role = bad.into();
        r.voices[0].quotes[0].echoes[0].speaker = Some(bad.into());
        r.voices[0].quotes[0].echoes[1].relation = bad.into();
        r.voices[1].quotes[0].echoes[0].speaker = Some(bad.into());
        r.omissions[0].missing[0].topic = bad.into();
        r.omissions[0].missing[0].group = bad.into();
        r.omissions[1].article = bad.into();
        r.framing.loaded[2].headline[0].neutral = bad.into();
        r.framing.loaded[2].headline[0].term = bad.into();
        // A headline that is markup, with a term inside the tag.
        r.sources[2].title = Some("<b onmouseover=x>Bridge</b>".into());
        r.framing.loaded[2].headline[1].start = 1;
        r.framing.loaded[2].headline[1].end = 2;
        let out = render(&r);
        assert!(
            !out.to_lowercase().contains("<script"),
            "raw script tag survived"
        );
        assert!(!out.contains("<b onmouseover"));
        let esc = "&lt;script&gt;alert(1)&lt;/script&gt;";
        assert!(out.contains(&format!("speakers: {esc} 1 direct<br>roles: {esc} 1</p>")));
        assert!(out.contains(&format!(
            "by <span class=\"badge s1\">Valley Courier</span> ({esc})</li>"
        )));
        assert!(out.contains(&format!(
            "<strong>{esc}</strong> by <span class=\"badge s2\">"
        )));
        assert!(
            out.contains(&format!(
                "reported by 1 of 3: <strong>{esc}</strong> — e.g."
            )),
            "unlinked topic"
        );
        assert!(out.contains(&format!(
            "<h3><span class=\"badge\">{esc}</span> leaves out 2 claims</h3>"
        )));
        assert!(out.contains(&format!(
            "title=\"quote: Ines Varga (official); {esc}: Harbor Ledger (Ines Varga)\""
        )));
        assert!(out.contains(&format!(
            "title=\"loaded word in the headline: {esc} → {esc}\">useove</mark>"
        )));
        assert!(out.contains("“&lt;<mark class=\"loaded headline\" id=\"title-a3-1-2\""));
    }

    #[test]
    fn empty_sections_say_so() {
        let out = render(&fixture::empty_report());
        assert!(out.contains("<li>No conflicts"));
        for (id, title) in SECTIONS.iter().filter(|s| s.0 != "glance") {
            let at = out.find(&format!("id=\"sec-{id}\"")).unwrap_or(0);
            let rest = &out[at..];
            let end = rest[1..]
                .find("<section")
                .map(|e| e + 1)
                .unwrap_or(rest.len());
            assert!(rest[..end].contains("none found"), "{title}");
        }
    }
}
