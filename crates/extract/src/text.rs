//! Plain text: paragraphs, headings and list items, and the header lines at the top that carry
//! metadata (a dateline, a byline, a headline) rather than body text.
//!
//! Paragraphs are lines; hard-wrapped text (blank-line separated blocks of short lines) is
//! re-joined first. Owns block classification for text-like bodies (also used for JSON article
//! bodies). It does not read Markdown syntax (see `markdown`) and does not guess a language.

use parallax_core::BlockKind;

use crate::Parsed;
use crate::blocks::Body;
use crate::header::{Header, header_line, wire_dateline};

/// Words a Title Case line may leave in lower case.
const SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet", "as", "at", "by", "in", "of",
    "off", "on", "per", "to", "up", "via", "vs", "with", "from", "into", "over", "than", "is",
];

/// How many lines at the top may be header lines or the headline.
const HEADER_LINES: usize = 8;

/// True when every word is capitalised except small words after the first ("A Photo for the
/// Record Books", "Rain and \"Record\" Crowds", "WHAT COMES NEXT").
pub fn title_case(s: &str) -> bool {
    let mut caps = 0;
    for (i, w) in s.split_whitespace().enumerate() {
        let core = w.trim_matches(|c: char| !c.is_alphanumeric());
        let Some(first) = core.chars().next() else {
            continue;
        };
        if !first.is_alphabetic() {
            continue;
        }
        if first.is_uppercase() {
            caps += 1;
        } else if i == 0 || !SMALL_WORDS.contains(&core.to_lowercase().as_str()) {
            return false;
        }
    }
    caps > 0
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// A list item's text: bullets ("- ", "* ", "• ") are dropped, numbers ("1) ", "2. ") kept.
pub fn list_item(line: &str) -> Option<&str> {
    let t = line.trim_start();
    for bullet in ["- ", "* ", "• ", "– ", "+ "] {
        if let Some(rest) = t.strip_prefix(bullet) {
            return Some(rest);
        }
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    let after = t.get(digits..)?;
    ((1..=3).contains(&digits) && (after.starts_with(") ") || after.starts_with(". "))).then_some(t)
}

/// A section heading between paragraphs: short, Title Case, no closing punctuation.
fn is_heading(line: &str) -> bool {
    let n = word_count(line);
    (2..=12).contains(&n)
        && title_case(line)
        && !line
            .trim_end()
            .ends_with(['.', ',', ';', ':', '!', '?', '…'])
}

/// A headline: at most 20 words, not ending like a clause, and either Title Case or followed
/// by a byline or dateline.
fn is_headline(line: &str, next: Option<&str>) -> bool {
    let t = line.trim();
    let n = word_count(t);
    if !(2..=20).contains(&n) || list_item(t).is_some() || t.ends_with(['.', ',', ';', ':', '…'])
    {
        return false;
    }
    if title_case(t) || next.is_some_and(|nx| header_line(nx, &mut Header::default())) {
        return true;
    }
    // A sentence-case headline ("Ferry runs aground near Harwick"): capitalised, no closing
    // punctuation, followed by a longer paragraph that ends like prose.
    let prose = next.is_some_and(|nx| {
        let nx = nx.trim();
        word_count(nx) > n && nx.ends_with(['.', '!', '?', '"', '”', '’'])
    });
    n <= 16 && !t.ends_with(['!', '?']) && t.starts_with(char::is_uppercase) && prose
}

/// Lines, or re-joined paragraphs when the text is hard-wrapped.
fn units(s: &str) -> Vec<String> {
    let mut groups: Vec<Vec<&str>> = vec![Vec::new()];
    for line in s.lines() {
        if line.trim().is_empty() {
            if groups.last().is_some_and(|g| !g.is_empty()) {
                groups.push(Vec::new());
            }
        } else if let Some(g) = groups.last_mut() {
            g.push(line.trim());
        }
    }
    groups.retain(|g| !g.is_empty());
    let lines: Vec<&str> = groups.iter().flatten().copied().collect();
    // Hard wrapping breaks lines mid-sentence; one paragraph per line ends each line with a
    // sentence. Weigh the line ends inside multi-line blocks (headings are too short to count).
    let (mut mid, mut end) = (0, 0);
    for g in groups.iter().filter(|g| g.len() >= 2) {
        for l in &g[..g.len() - 1] {
            if l.ends_with(['.', '!', '?', '"', '”', '’', ')', ':']) {
                end += 1;
            } else if l.chars().count() >= 40 {
                mid += 1;
            }
        }
    }
    let short = lines.iter().filter(|l| l.chars().count() <= 100).count();
    let wrapped = groups.len() >= 2 && mid > end && short * 10 >= lines.len() * 9;
    if !wrapped {
        return lines.iter().map(|l| l.to_string()).collect();
    }
    let mut out = Vec::new();
    for (gi, g) in groups.iter().enumerate() {
        // The first block may be a stack of header lines: keep those lines apart.
        let header_block = gi == 0 && g.iter().any(|l| header_line(l, &mut Header::default()));
        let mut current = String::new();
        for line in g {
            if header_block || list_item(line).is_some() {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
                if header_block {
                    out.push(line.to_string());
                    continue;
                }
            }
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(line);
        }
        if !current.is_empty() {
            out.push(current);
        }
    }
    out
}

/// Plain text to body and metadata.
pub fn plain(s: &str) -> Parsed {
    let units = units(s);
    let mut header = Header::default();
    let mut title = None;
    let mut i = 0;
    while i < units.len() && i < HEADER_LINES {
        let u = units[i].as_str();
        if header_line(u, &mut header) {
            i += 1;
            continue;
        }
        let next = units.get(i + 1).map(String::as_str);
        if title.is_none() && next.is_some() && is_headline(u, next) {
            title = Some(u.trim().to_string());
            i += 1;
            continue;
        }
        break;
    }
    let rest = units.get(i..).unwrap_or_default();
    let mut body = Body::default();
    for (j, u) in rest.iter().enumerate() {
        if let Some(item) = list_item(u) {
            body.push(item, BlockKind::ListItem);
        } else if j > 0 && j + 1 < rest.len() && is_heading(u) {
            body.push(u, BlockKind::Heading);
        } else {
            body.push(u, BlockKind::Body);
        }
    }
    // A wire dateline opening the first paragraph ("LONDON (Reuters) - The council…") is
    // metadata: the agency is the outlet when no line named one, and the story starts after it.
    let first = body.blocks().position(|(_, k)| k == BlockKind::Body);
    let dateline = first.and_then(|i| body.blocks().nth(i).and_then(|(t, _)| wire_dateline(t)));
    if let (Some(i), Some((agency, start))) = (first, dateline) {
        if header.source.is_none() {
            header.source = Some(agency);
        }
        let blocks: Vec<(String, BlockKind)> = body
            .blocks()
            .enumerate()
            .map(|(j, (t, k))| {
                (
                    if j == i {
                        t[start..].to_string()
                    } else {
                        t.to_string()
                    },
                    k,
                )
            })
            .collect();
        body = crate::blocks::rebuild(blocks.iter().map(|(t, k)| (t.as_str(), *k)));
    }
    Parsed {
        body,
        header,
        title,
        notes: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(p: &Parsed) -> Vec<BlockKind> {
        p.body.blocks().map(|(_, k)| k).collect()
    }

    #[test]
    fn outlet_and_date_lines_update_stamps_and_wire_datelines_are_metadata() {
        let story = "The harbour council approved the new ferry timetable on Tuesday after a long debate.\n\nResidents said the change would help commuters.\n";
        let first = |p: &Parsed| {
            p.body
                .blocks()
                .next()
                .map(|(t, _)| t.to_string())
                .unwrap_or_default()
        };
        let p = plain(&format!("Lakeside Courier, March 3, 2026\n\n{story}"));
        assert_eq!(p.header.source.as_deref(), Some("Lakeside Courier"));
        assert_eq!(
            p.header.date.map(|d| d.to_string()).as_deref(),
            Some("2026-03-03")
        );
        assert!(first(&p).starts_with("The harbour council"));
        // A place and a date is a dateline's date, not an outlet.
        let p = plain(&format!("Portville, March 3, 2026\n\n{story}"));
        assert_eq!(p.header.source, None);
        assert_eq!(
            p.header.date.map(|d| d.to_string()).as_deref(),
            Some("2026-03-03")
        );
        let p = plain(&format!("By Jane Roe | Mar. 4, 2026\n\n{story}"));
        assert_eq!(p.header.byline.as_deref(), Some("Jane Roe"));
        assert_eq!(
            p.header.date.map(|d| d.to_string()).as_deref(),
            Some("2026-03-04")
        );
        let p = plain(&format!("Updated 3:14 p.m. ET\n\n{story}"));
        assert_eq!(p.title, None, "an update stamp is no headline");
        assert!(first(&p).starts_with("The harbour council"));
        let p = plain(&format!("PORTVILLE (Coastal Wire) - {story}"));
        assert_eq!(p.header.source.as_deref(), Some("Coastal Wire"));
        assert!(
            first(&p).starts_with("The harbour council"),
            "{}",
            first(&p)
        );
    }

    #[test]
    fn dateline_header_is_metadata_not_body() {
        let p = plain(
            " date 2026-03-02 by Harbor Ledger Staff, March 2, 2026 Coastal News\n\n\n\nThe ferry resumed service on Monday.\n\nWhy not celebrate with a horn blast?\n",
        );
        assert_eq!(p.header.source.as_deref(), Some("Harbor Ledger"));
        assert_eq!(p.header.byline.as_deref(), Some("Harbor Ledger Staff"));
        assert_eq!(
            p.header.date.map(|d| d.to_string()).as_deref(),
            Some("2026-03-02")
        );
        assert_eq!(
            p.title, None,
            "a question in sentence case is the lead, not a headline"
        );
        let texts: Vec<&str> = p.body.blocks().map(|(t, _)| t).collect();
        assert_eq!(
            texts,
            [
                "The ferry resumed service on Monday.",
                "Why not celebrate with a horn blast?"
            ]
        );
    }

    #[test]
    fn headline_byline_headings_lists_and_wire_dateline() {
        let t = "Ferry Returns After Storm\nBy Jane Roe | March 2, 2026\nPORTVILLE (Coastal Wire) — The ferry resumed service.\nWhat Comes Next\nOfficials listed three steps:\n1) Inspect the pier\n- Reopen the kiosk\nThe port said more later.\n";
        let p = plain(t);
        assert_eq!(p.title.as_deref(), Some("Ferry Returns After Storm"));
        assert_eq!(p.header.byline.as_deref(), Some("Jane Roe"));
        assert_eq!(p.header.source.as_deref(), Some("Coastal Wire"));
        assert_eq!(
            p.header.date.map(|d| d.to_string()).as_deref(),
            Some("2026-03-02")
        );
        use BlockKind::*;
        assert_eq!(kinds(&p), [Body, Heading, Body, ListItem, ListItem, Body]);
        let texts: Vec<&str> = p.body.blocks().map(|(t, _)| t).collect();
        // The wire dateline is metadata: the agency is the outlet, the story starts after it.
        assert_eq!(texts[0], "The ferry resumed service.");
        assert_eq!(texts[3], "1) Inspect the pier");
        assert_eq!(texts[4], "Reopen the kiosk");
    }

    #[test]
    fn sentence_case_headline_needs_a_byline_after_it() {
        let p = plain(
            "Ferry service resumes after the storm\nBy Jane Roe\nThe ferry resumed service on Monday.",
        );
        assert_eq!(
            p.title.as_deref(),
            Some("Ferry service resumes after the storm")
        );
        let p =
            plain("Ferry service resumes after the storm\nThe ferry resumed service on Monday.");
        assert_eq!(p.title, None);
        assert_eq!(p.body.blocks().count(), 2);
    }

    #[test]
    fn text_without_header_is_all_body_with_mid_text_headings() {
        let p = plain(
            "In a quiet ceremony, the mayor opened the bridge on Monday, officials said.\nA Bridge for the Ages\nCrowds gathered at dawn.\nJokes and \"Secret\" Handshakes\nThe mayor laughed.",
        );
        assert!(p.header == Header::default() && p.title.is_none());
        use BlockKind::*;
        assert_eq!(kinds(&p), [Body, Heading, Body, Heading, Body]);
    }

    #[test]
    fn last_short_line_is_not_a_heading() {
        let p = plain("The bridge opened on Monday after years of delay.\nMore To Come");
        assert_eq!(kinds(&p), [BlockKind::Body, BlockKind::Body]);
    }

    #[test]
    fn hard_wrapped_paragraphs_are_rejoined() {
        let t = "Ferry Returns\nBy Jane Roe\n\nThe ferry resumed service on Monday after a storm\nclosed the harbor for three days, officials said.\n\nPassengers waited at the pier for the first boat\nof the morning, some with coffee in hand.\n";
        let p = plain(t);
        assert_eq!(p.title.as_deref(), Some("Ferry Returns"));
        assert_eq!(p.header.byline.as_deref(), Some("Jane Roe"));
        let texts: Vec<&str> = p.body.blocks().map(|(t, _)| t).collect();
        assert_eq!(
            texts,
            [
                "The ferry resumed service on Monday after a storm closed the harbor for three days, officials said.",
                "Passengers waited at the pier for the first boat of the morning, some with coffee in hand."
            ]
        );
    }

    #[test]
    fn sentence_case_headline_before_prose() {
        let p = plain(
            "Ferry runs aground near Harwick\n\nThe ferry Marisol ran aground near Harwick on Tuesday.\n",
        );
        assert_eq!(p.title.as_deref(), Some("Ferry runs aground near Harwick"));
        let p = plain("Short line\n\nthen a lower-case one.\n");
        assert_eq!(p.title.as_deref(), Some("Short line"));
        let p = plain("It rained\n\nNo.\n");
        assert_eq!(p.title, None);
    }

    #[test]
    fn title_case_rules() {
        assert!(title_case("A Photo for the Record Books"));
        assert!(title_case("Rain and \"Record\" Crowds"));
        assert!(title_case("WHAT COMES NEXT"));
        assert!(title_case("Talks in 2026"));
        assert!(!title_case("the Photo"));
        assert!(!title_case("A photo for the history books"));
        assert!(!title_case("2026"));
    }
}
