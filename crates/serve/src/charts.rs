//! Charts as inline SVG, drawn from a report or a story listing: nothing is fetched, no script
//! runs, and every figure is also written as text (a `<title>` per mark and a caption), so a
//! screen reader or a reader without colour gets the same numbers.
//!
//! It owns chart geometry only: it reads the `Report`'s sources and framing counts and the
//! store's listing, and computes nothing the report does not already say.

use chrono::NaiveDate;
use maud::{Markup, html};
use parallax_core::Report;
use parallax_store::StorySummary;

/// The outlet colours of the report's stylesheet (`.s0` … `.s7`), in order.
pub(crate) const PALETTE: [&str; 8] = [
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
];

fn colour(i: usize) -> &'static str {
    PALETTE[i % PALETTE.len()]
}

/// Distinct outlets in first-seen order, and each article's outlet index.
fn outlet_rows<'a>(names: impl Iterator<Item = &'a str>) -> (Vec<&'a str>, Vec<usize>) {
    let mut outlets: Vec<&str> = Vec::new();
    let mut rows = Vec::new();
    for n in names {
        let i = match outlets.iter().position(|o| *o == n) {
            Some(i) => i,
            None => {
                outlets.push(n);
                outlets.len() - 1
            }
        };
        rows.push(i);
    }
    (outlets, rows)
}

/// The small coverage bar of the story list: one segment per outlet, as wide as its share of
/// the story's articles.
pub(crate) fn coverage_bar(story: &StorySummary) -> Markup {
    const W: f64 = 240.0;
    let names = story
        .articles
        .iter()
        .map(|a| a.outlet.as_deref().unwrap_or("unknown outlet"));
    let (outlets, rows) = outlet_rows(names);
    let total = rows.len().max(1) as f64;
    let mut x = 0.0;
    let mut segments = Vec::new();
    for (i, name) in outlets.iter().enumerate() {
        let n = rows.iter().filter(|r| **r == i).count();
        let w = W * n as f64 / total;
        segments.push((x, w, i, *name, n));
        x += w;
    }
    let label = outlets
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let n = rows.iter().filter(|r| **r == i).count();
            format!("{o}: {n}")
        })
        .collect::<Vec<_>>()
        .join(", ");
    html! {
        svg.coverage width="240" height="12" viewBox="0 0 240 12" role="img"
            aria-label={ "Articles per outlet: " (label) } {
            @for (x, w, i, name, n) in &segments {
                rect x=(fmt(*x)) y="0" width=(fmt((*w - 1.0).max(1.0))) height="12" fill=(colour(*i)) {
                    title { (name) ": " (n) @if *n == 1 { " article" } @else { " articles" } }
                }
            }
        }
    }
}

/// A number for an SVG attribute: at most one decimal.
fn fmt(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// Coverage over time: one row per outlet, a dot per article at its publication date.
pub(crate) fn coverage_over_time(report: &Report) -> Markup {
    const LEFT: f64 = 130.0;
    const PLOT: f64 = 330.0;
    const ROW: f64 = 24.0;
    let (outlets, rows) = outlet_rows(report.sources.iter().map(|s| s.outlet.as_str()));
    let dated: Vec<(usize, NaiveDate, &str)> = report
        .sources
        .iter()
        .zip(&rows)
        .filter_map(|(s, r)| {
            s.published
                .map(|d| (*r, d, s.title.as_deref().unwrap_or("")))
        })
        .collect();
    let (Some(first), Some(last)) = (
        dated.iter().map(|d| d.1).min(),
        dated.iter().map(|d| d.1).max(),
    ) else {
        return html! {
            figure.chart {
                figcaption { "Coverage over time: no article has a publication date." }
            }
        };
    };
    let days = (last - first).num_days().max(0) as f64;
    let x_of = |d: NaiveDate| {
        if days == 0.0 {
            LEFT + PLOT / 2.0
        } else {
            LEFT + PLOT * (d - first).num_days() as f64 / days
        }
    };
    let height = ROW * outlets.len() as f64 + 26.0;
    let undated = report.sources.len() - dated.len();
    html! {
        figure.chart {
            svg width="480" height=(fmt(height)) viewBox={ "0 0 480 " (fmt(height)) } role="img"
                aria-labelledby="cov-caption" {
                @for (i, o) in outlets.iter().enumerate() {
                    @let y = ROW * i as f64 + ROW / 2.0;
                    text x="0" y=(fmt(y + 4.0)) { (truncate(o, 20)) }
                    line x1=(fmt(LEFT)) x2=(fmt(LEFT + PLOT)) y1=(fmt(y)) y2=(fmt(y))
                        stroke="#d6d6d6" {}
                }
                @for (r, d, title) in &dated {
                    circle cx=(fmt(x_of(*d))) cy=(fmt(ROW * *r as f64 + ROW / 2.0)) r="6"
                        fill=(colour(*r)) stroke="#1d1d1f" stroke-width="0.5" {
                        title { (outlets[*r]) ", " (d) @if !title.is_empty() { ": " (title) } }
                    }
                }
                @let axis = ROW * outlets.len() as f64 + 16.0;
                text x=(fmt(LEFT)) y=(fmt(axis)) { (first) }
                @if days > 0.0 {
                    text x=(fmt(LEFT + PLOT)) y=(fmt(axis)) text-anchor="end" { (last) }
                }
            }
            figcaption id="cov-caption" {
                "Coverage over time: " (dated.len()) " dated article" @if dated.len() != 1 { "s" }
                " from " (outlets.len()) " outlet" @if outlets.len() != 1 { "s" }
                @if days > 0.0 { ", " (first) " to " (last) } @else { ", all on " (first) }
                @if undated > 0 { "; " (undated) " undated, not shown" }
                "."
            }
        }
    }
}

/// Loaded words per 1,000 words, per outlet: in its own voice (solid) and inside quotations
/// (pale), from the report's framing counts.
pub(crate) fn loaded_rates(report: &Report) -> Markup {
    const LEFT: f64 = 130.0;
    // Room after the longest bar for its figure ("52.6 own voice").
    const PLOT: f64 = 250.0;
    const ROW: f64 = 30.0;
    let (outlets, _) = outlet_rows(report.sources.iter().map(|s| s.outlet.as_str()));
    let rows: Vec<(usize, &str, f64, f64)> = report
        .framing
        .loaded
        .iter()
        .filter_map(|l| {
            let s = report.sources.iter().find(|s| s.article == l.article)?;
            let i = outlets.iter().position(|o| *o == s.outlet)?;
            let words = l.words.max(1) as f64;
            Some((
                i,
                s.outlet.as_str(),
                l.own_voice as f64 * 1000.0 / words,
                l.quoted as f64 * 1000.0 / words,
            ))
        })
        .collect();
    if rows.is_empty() {
        return html! {
            figure.chart { figcaption { "Loaded words: no source to count." } }
        };
    }
    let max = rows
        .iter()
        .map(|r| r.2.max(r.3))
        .fold(0.0_f64, f64::max)
        .max(1.0);
    let height = ROW * rows.len() as f64 + 6.0;
    html! {
        figure.chart {
            svg width="480" height=(fmt(height)) viewBox={ "0 0 480 " (fmt(height)) } role="img"
                aria-labelledby="loaded-caption" {
                @for (n, (i, name, own, quoted)) in rows.iter().enumerate() {
                    @let y = ROW * n as f64;
                    text x="0" y=(fmt(y + 17.0)) { (truncate(name, 20)) }
                    rect x=(fmt(LEFT)) y=(fmt(y + 3.0)) width=(fmt((PLOT * own / max).max(1.0)))
                        height="11" fill=(colour(*i)) {
                        title { (name) ": " (rate(*own)) " loaded words per 1,000 in its own voice" }
                    }
                    text x=(fmt(LEFT + (PLOT * own / max).max(1.0) + 4.0)) y=(fmt(y + 12.0)) {
                        (rate(*own)) " own voice"
                    }
                    rect x=(fmt(LEFT)) y=(fmt(y + 15.0)) width=(fmt((PLOT * quoted / max).max(1.0)))
                        height="11" fill=(colour(*i)) fill-opacity="0.35" {
                        title { (name) ": " (rate(*quoted)) " loaded words per 1,000 inside quotations" }
                    }
                    text x=(fmt(LEFT + (PLOT * quoted / max).max(1.0) + 4.0)) y=(fmt(y + 24.0)) {
                        (rate(*quoted)) " quoted"
                    }
                }
            }
            figcaption id="loaded-caption" {
                "Loaded words per 1,000 words, per outlet: in its own voice (solid) and inside the quotations it prints (pale)."
            }
        }
    }
}

fn rate(v: f64) -> String {
    format!("{v:.1}")
}

/// At most `n` characters, with an ellipsis when cut.
fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_names_cut() {
        assert_eq!(fmt(12.0), "12");
        assert_eq!(fmt(12.345), "12.3");
        assert_eq!(truncate("Harbor Ledger", 20), "Harbor Ledger");
        assert_eq!(
            truncate("The Very Long Name Of An Outlet", 10),
            "The Very …"
        );
    }

    #[test]
    fn outlets_keep_their_first_seen_order() {
        let (o, rows) = outlet_rows(["B", "A", "B", "C"].into_iter());
        assert_eq!(o, ["B", "A", "C"]);
        assert_eq!(rows, [0, 1, 0, 2]);
    }
}
