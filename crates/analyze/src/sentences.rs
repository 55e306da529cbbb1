//! Sentence boundaries per paragraph, with sentencex doing the splitting.
//!
//! Headings stay one sentence of kind `Heading`. Sentence kinds other than headings are
//! decided later, once quotes and loaded words are known (see `kinds`).

use parallax_core::{Article, BlockKind, Sentence, SentenceKind, Span};

/// Longest paragraph handed to the splitter in one piece; longer ones are cut at spaces first,
/// which keeps the time bounded on pathological input (1 MB of one word).
const MAX_PARAGRAPH: usize = 20_000;

/// Split every paragraph of the article into sentences.
pub fn split(article: &Article) -> Vec<Sentence> {
    let lang = article.language.as_deref().unwrap_or("en");
    let mut out = Vec::new();
    for (pi, para) in article.paragraphs.iter().enumerate() {
        let Some(ptext) = para.span.slice(&article.text) else {
            continue;
        };
        if para.kind == BlockKind::Heading || looks_like_heading(ptext) {
            out.push(Sentence {
                span: para.span,
                paragraph: pi,
                kind: SentenceKind::Heading,
            });
            continue;
        }
        for (off, piece) in pieces(ptext) {
            for s in sentencex::segment(lang, piece) {
                let start = s.as_ptr() as usize - piece.as_ptr() as usize;
                let lead = s.len() - s.trim_start().len();
                let body = s.trim();
                if body.is_empty() || !body.chars().any(char::is_alphanumeric) {
                    continue;
                }
                let begin = para.span.start + off + start + lead;
                out.push(Sentence {
                    span: Span::new(begin, begin + body.len()),
                    paragraph: pi,
                    kind: SentenceKind::Reported,
                });
            }
        }
    }
    move_opening_quotes(&article.text, &mut out);
    merge_quote_tails(&article.text, &mut out);
    out
}

/// Hand an opening quotation mark left at the end of a sentence to the sentence it opens:
/// `… she said. "Throw it out.` splits as `… she said. "` + `Throw it out.` when the quotation
/// is never closed (a quote running on into the next paragraph, or a mark the source dropped).
/// A straight mark is an opening one when whitespace stands before it; a curly `“` always is.
fn move_opening_quotes(text: &str, sentences: &mut [Sentence]) {
    for i in 0..sentences.len() {
        let span = sentences[i].span;
        let Some(t) = span.slice(text) else {
            continue;
        };
        let opening = t.strip_suffix('“').or_else(|| {
            t.strip_suffix('"')
                .filter(|rest| rest.ends_with(char::is_whitespace))
        });
        let Some(before) = opening else {
            continue;
        };
        // Where the mark starts: everything of the sentence before it is `before`.
        let mark = span.start + before.len();
        let rest = before.trim_end();
        if rest.is_empty() {
            continue;
        }
        let paragraph = sentences[i].paragraph;
        sentences[i].span = Span::new(span.start, span.start + rest.len());
        if let Some(next) = sentences.get_mut(i + 1)
            && next.paragraph == paragraph
            && text
                .get(span.end..next.span.start)
                .is_some_and(|gap| gap.trim().is_empty())
        {
            next.span = Span::new(mark, next.span.end);
        }
    }
}

/// Whether a plain paragraph is a headline or a navigation line kept in the body text ("Governor
/// Names Ex-Aide to Fill Harbour Seat", "Site Mobile Navigation"): two to fifteen words, no
/// sentence-ending punctuation, and every word of four letters or more capitalised. Its
/// capitalised words are no names, and it states no claim.
fn looks_like_heading(text: &str) -> bool {
    let t = text.trim();
    let words: Vec<&str> = t.split_whitespace().collect();
    let ends_sentence = t.ends_with(['.', '!', '?', '"', '”', ':', ';', ',']);
    let long: Vec<&&str> = words
        .iter()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .collect();
    (2..=15).contains(&words.len())
        && !ends_sentence
        && long.len() >= 2
        && long.iter().all(|w| {
            w.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_uppercase)
        })
}

/// Cut an over-long paragraph into pieces at whitespace, each at most `MAX_PARAGRAPH` bytes.
fn pieces(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    while text.len() - start > MAX_PARAGRAPH {
        let mut cut = start + MAX_PARAGRAPH;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        if let Some(ws) = text[start..cut].rfind(char::is_whitespace)
            && ws > 0
        {
            cut = start + ws;
        }
        if cut <= start {
            break;
        }
        out.push((start, &text[start..cut]));
        start = cut;
    }
    out.push((start, &text[start..]));
    out
}

/// Join a split that left a closing quotation mark or a bare attribution ("Park said.") alone,
/// or split a quoted question from its attribution: `“… right?” Vael posted` stays one sentence.
fn merge_quote_tails(text: &str, sentences: &mut Vec<Sentence>) {
    let mut i = 1;
    while i < sentences.len() {
        let prev = sentences[i - 1].span;
        let cur = sentences[i].span;
        let same_para = sentences[i - 1].paragraph == sentences[i].paragraph;
        let cur_text = cur.slice(text).unwrap_or("");
        let starts_lower = cur_text.chars().next().is_some_and(char::is_lowercase);
        let prev_text = prev.slice(text).unwrap_or("");
        let quote_then_attribution = prev_text
            .trim_end_matches(['”', '"', '’'])
            .ends_with(['?', '!', ','])
            && prev_text.ends_with(['”', '"', '’'])
            && cur_text
                .split_whitespace()
                .take(5)
                .any(|w| crate::gazetteer::is_speech_verb(&w.to_lowercase()));
        // "D-N." + "Y., urged …": a split inside a dotted abbreviation (N.Y., S.C., D.C.).
        let single_letter_dot = |t: &str| {
            let mut c = t.chars();
            matches!((c.next(), c.next()), (Some(l), Some('.')) if l.is_ascii_uppercase())
        };
        let inside_abbreviation = single_letter_dot(cur_text)
            && prev_text
                .strip_suffix('.')
                .and_then(|p| p.chars().last().map(|l| (l, p)))
                .is_some_and(|(l, p)| {
                    l.is_ascii_uppercase()
                        && p[..p.len() - 1]
                            .chars()
                            .last()
                            .is_none_or(|b| !b.is_alphanumeric())
                });
        // "…,” Ms." + "Rice said": a title abbreviation never ends a sentence.
        let after_title = prev_text
            .rsplit(|c: char| c.is_whitespace() || matches!(c, '”' | '"' | '(' | '—'))
            .next()
            .is_some_and(|w| {
                w.ends_with('.')
                    && w.len() <= 6
                    && !matches!(w, "Jr." | "Sr.")
                    && crate::gazetteer::has(&crate::gazetteer::TITLES, &w.to_lowercase())
            });
        // "at 9 a.m." + "Monday, …": a clock time is followed by its day.
        let next_word: String = cur_text.chars().take_while(|c| c.is_alphabetic()).collect();
        let clock_then_day = (prev_text.ends_with("a.m.") || prev_text.ends_with("p.m."))
            && (is_day_word(&next_word) || matches!(next_word.as_str(), "ET" | "EST" | "EDT"));
        if same_para
            && (starts_lower
                || quote_then_attribution
                || inside_abbreviation
                || after_title
                || clock_then_day)
        {
            sentences[i - 1].span = prev.cover(cur);
            sentences.remove(i);
        } else {
            i += 1;
        }
    }
}

/// Weekday and month names (and their short forms), which follow a clock time inside one
/// sentence: "at 9 a.m. Monday", "at 5 p.m. Sept. 3".
fn is_day_word(w: &str) -> bool {
    const DAYS: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    DAYS.contains(&w)
        || MONTHS.contains(&w)
        || matches!(w, "Jan" | "Feb" | "Aug" | "Sept" | "Oct" | "Nov" | "Dec")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(t: &str) -> Vec<String> {
        let a = Article::from_text("a", t);
        split(&a)
            .iter()
            .map(|s| s.span.slice(t).unwrap_or("?").to_string())
            .collect()
    }

    #[test]
    fn a_title_after_a_closing_quote_does_not_split() {
        assert_eq!(
            sents(
                "The plan has \u{201c}hurt the town, which is not only sad, I think it is bad for every family,\u{201d} Ms. Quill said on the program \u{201c}Harbor Talk.\u{201d}"
            ),
            [
                "The plan has \u{201c}hurt the town, which is not only sad, I think it is bad for every family,\u{201d} Ms. Quill said on the program \u{201c}Harbor Talk.\u{201d}"
            ]
        );
    }

    #[test]
    fn abbreviations_do_not_split() {
        assert_eq!(
            sents("Mr. Smith met Dr. Jones in the U.S. on Monday. Growth was 2.5 percent."),
            [
                "Mr. Smith met Dr. Jones in the U.S. on Monday.",
                "Growth was 2.5 percent."
            ]
        );
    }

    /// Titles, party-and-state tags, suffixes, numbers, clock times and initials end no sentence.
    #[test]
    fn news_abbreviations_do_not_split() {
        for one in [
            "Sen. Dana Pruitt (D-N.Y.) said the plan had failed.",
            "Rep. Tom Vask, R-Texas, said he would vote against it.",
            "Gov. Ada Vance signed the bill on Monday.",
            "Ms. Vance and Mrs. Hale met Lt. Gov. Ron Bell and Gen. Ana Ruiz.",
            "Rev. Paul Okoro Jr. spoke at 9 a.m. on Monday at the church.",
            "The team was ranked No. 2 in the poll after the vote.",
            "J. R. Tolkin, the author, wrote the letter to Sen. Pruitt.",
            "Supt. Lena Moss and Det. Sgt. Ivo Kral arrived at the scene.",
            "Pruitt (D-Calif.) and Vask (R-Ariz.) voted for the bill.",
            "Sen. Dana Pruitt, D-N.Y., urged the mayor to call off the meeting.",
            "Rep. Tom Vask, R-S.C., and Sen. Ann Lodge, D-N.J., signed the letter.",
        ] {
            assert_eq!(sents(one), [one], "{one}");
        }
        assert_eq!(
            sents("The bill passed, said Rep. Tom Vask, R-Texas. The governor will sign it."),
            [
                "The bill passed, said Rep. Tom Vask, R-Texas.",
                "The governor will sign it."
            ]
        );
        assert_eq!(
            sents("\"We will win,\" said Gov. Vance. \"We always do.\""),
            ["\"We will win,\" said Gov. Vance.", "\"We always do.\""]
        );
        assert_eq!(
            sents("The bill passed, said Gov. Vance. She will sign it."),
            ["The bill passed, said Gov. Vance.", "She will sign it."]
        );
        assert_eq!(
            sents(
                "The plan failed. Ms. Vance said the No. 2 aide would leave at 9 a.m. Monday. Gov. Hale agreed."
            ),
            [
                "The plan failed.",
                "Ms. Vance said the No. 2 aide would leave at 9 a.m. Monday.",
                "Gov. Hale agreed."
            ]
        );
        assert_eq!(
            sents("The session opened at 10 a.m. Lawmakers left early."),
            ["The session opened at 10 a.m.", "Lawmakers left early."]
        );
        assert_eq!(
            sents("The vote was led by Sen. Dana Pruitt (D-N.Y.). Others abstained."),
            [
                "The vote was led by Sen. Dana Pruitt (D-N.Y.).",
                "Others abstained."
            ]
        );
    }

    /// A title-case line left in the body is a heading; a short sentence is not.
    #[test]
    fn title_case_lines_are_headings() {
        let t = "Site Mobile Navigation\n\nGovernor Names Ex-Aide to Fill Harbour Seat\n\nThe governor named a former aide on Monday.\n\nThe Vote Was Close";
        let a = Article::from_text("a", t);
        let kinds: Vec<SentenceKind> = split(&a).iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [
                SentenceKind::Heading,
                SentenceKind::Heading,
                SentenceKind::Reported,
                SentenceKind::Heading
            ]
        );
        assert!(!looks_like_heading("Mayor Vance Resigned."));
        assert!(!looks_like_heading("The mayor resigned"));
    }

    /// An opening mark at a sentence's end belongs to the quotation it opens, closed or not.
    #[test]
    fn an_opening_quote_mark_starts_the_next_sentence() {
        assert_eq!(
            sents("\"It works,\" she said. \"Try it once and you will see.\n\nShe left."),
            [
                "\"It works,\" she said.",
                "\"Try it once and you will see.",
                "She left."
            ]
        );
        assert_eq!(
            sents("The mayor spoke. \u{201c}We will rebuild the pier and the market."),
            [
                "The mayor spoke.",
                "\u{201c}We will rebuild the pier and the market."
            ]
        );
    }

    #[test]
    fn quoted_question_keeps_its_attribution() {
        assert_eq!(
            sents("“The view is good, right?” Vael posted online. Then he left."),
            [
                "“The view is good, right?” Vael posted online.",
                "Then he left."
            ]
        );
    }

    #[test]
    fn long_paragraph_is_bounded() {
        let t = "word ".repeat(200_000);
        let s = split(&Article::from_text("a", &t));
        assert!(!s.is_empty());
        for x in &s {
            assert!(x.span.slice(&t).is_some());
        }
    }
}
