//! What a client sends to be compared, and how it becomes articles.
//!
//! Owns validation of submitted articles (count, empty text, dates) and the mapping of each
//! one through `parallax_extract::extract`, with the client's outlet, date and title laid over
//! whatever extraction found. It deliberately does not compare, save or answer HTTP: the
//! handlers in `api.rs` and `pages.rs` do that with what this returns.

use chrono::NaiveDate;
use parallax_core::{Article, Diagnostic, Provenance, Sourced};
use parallax_ingest::RawInput;
use serde::Deserialize;

/// Most articles one comparison accepts.
pub const MAX_ARTICLES: usize = 20;

/// One article as a client submits it. Empty strings count as absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ArticleInput {
    /// The article (plain text, Markdown, HTML or a JSON article object).
    pub text: String,
    /// Outlet name.
    #[serde(default)]
    pub source: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    #[serde(default)]
    pub published: Option<String>,
    /// Headline.
    #[serde(default)]
    pub title: Option<String>,
    /// Where it was published.
    #[serde(default)]
    pub url: Option<String>,
}

/// The body of `POST /api/compare`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CompareRequest {
    /// The articles, in the order the report should list them.
    pub articles: Vec<ArticleInput>,
    /// Also save the report (its id comes back in the `Location` header).
    #[serde(default)]
    pub save: bool,
}

/// Articles ready to compare, and what extraction noticed on the way.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// Articles with ids `a1`, `a2`, … in submission order.
    pub articles: Vec<Article>,
    /// Extraction warnings, passed on to the report.
    pub diagnostics: Vec<Diagnostic>,
}

/// Check the submitted articles and extract each; the first problem is a one-line error.
///
/// `provenance` is what the report says the outlet, date and title came from
/// (`json_field` for the JSON API, `flag` for the form a person filled in).
pub fn prepare(inputs: &[ArticleInput], provenance: Provenance) -> Result<Prepared, String> {
    prepare_with(inputs, &[], provenance)
}

/// [`prepare`], where `raw[i]`, when present, holds article `i`'s bytes as they came (an
/// uploaded file, a fetched page: its own encoding, its content type) and stands in for its
/// text box.
pub fn prepare_with(
    inputs: &[ArticleInput],
    raw: &[Option<RawInput>],
    provenance: Provenance,
) -> Result<Prepared, String> {
    if inputs.is_empty() {
        return Err("no articles: send at least one".into());
    }
    if inputs.len() > MAX_ARTICLES {
        return Err(format!(
            "{} articles sent; at most {MAX_ARTICLES} are compared at once",
            inputs.len()
        ));
    }
    let mut out = Prepared {
        articles: Vec::with_capacity(inputs.len()),
        diagnostics: Vec::new(),
    };
    for (n, input) in inputs.iter().enumerate() {
        let i = n + 1;
        let name = format!("article {i}");
        let given = raw.get(n).and_then(Option::as_ref);
        if given.is_none() && input.text.trim().is_empty() {
            return Err(format!("{name}: text is empty"));
        }
        let published = match present(&input.published) {
            Some(d) => Some(
                NaiveDate::parse_from_str(d, "%Y-%m-%d")
                    .map_err(|_| {
                        format!("{name}: the date {d:?} is not a calendar date; write it as YYYY-MM-DD, such as 2026-03-04")
                    })?,
            ),
            None => None,
        };
        let raw = match given {
            Some(r) => r.clone(),
            None => RawInput {
                input: name.clone(),
                bytes: input.text.clone().into_bytes(),
                ..Default::default()
            },
        };
        let extracted = parallax_extract::extract(&raw, &format!("a{i}"))
            .map_err(|e| format!("{name}: {e}"))?;
        let mut a = extracted.article;
        if let Some(s) = present(&input.source) {
            a.source = Some(Sourced::new(s.to_string(), provenance));
        }
        if let Some(d) = published {
            a.published = Some(Sourced::new(d, provenance));
        }
        if let Some(t) = present(&input.title) {
            a.title = Some(Sourced::new(t.to_string(), provenance));
        }
        if let Some(u) = present(&input.url) {
            a.url = Some(u.to_string());
        }
        out.diagnostics.extend(extracted.diagnostics);
        out.articles.push(a);
    }
    Ok(out)
}

/// The trimmed value when it is there and not blank.
fn present(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(text: &str) -> ArticleInput {
        ArticleInput {
            text: text.into(),
            ..Default::default()
        }
    }

    #[test]
    fn overrides_win_and_say_where_they_came_from() {
        let mut a = input("By Harbor Ledger Staff\n\nThe ferry resumed service on Monday.");
        let p = prepare(std::slice::from_ref(&a), Provenance::JsonField).unwrap();
        assert_eq!(
            p.articles[0].source_name(),
            "Harbor Ledger",
            "extraction alone"
        );
        assert_eq!(p.articles[0].id, "a1");
        assert_eq!(p.articles[0].input, "article 1");

        a.source = Some("Metro Sentinel".into());
        a.published = Some("2026-03-04".into());
        a.title = Some(" Ferry back ".into());
        a.url = Some(String::new());
        let p = prepare(&[input("Second text here."), a], Provenance::JsonField).unwrap();
        let b = &p.articles[1];
        assert_eq!(b.id, "a2");
        assert_eq!(b.source_name(), "Metro Sentinel");
        assert_eq!(b.source.as_ref().unwrap().provenance, Provenance::JsonField);
        assert_eq!(
            b.published.as_ref().unwrap().value.to_string(),
            "2026-03-04"
        );
        assert_eq!(b.title.as_ref().unwrap().value, "Ferry back");
        assert_eq!(b.url, None, "blank means absent");
    }

    #[test]
    fn bad_input_is_a_one_line_error() {
        assert!(
            prepare(&[], Provenance::JsonField)
                .unwrap_err()
                .contains("at least one")
        );
        let e = prepare(&[input("ok"), input("  \n ")], Provenance::JsonField).unwrap_err();
        assert_eq!(e, "article 2: text is empty");
        let mut bad_date = input("Some text.");
        bad_date.published = Some("2026-13-40".into());
        let e = prepare(&[bad_date], Provenance::JsonField).unwrap_err();
        assert_eq!(
            e,
            "article 1: the date \"2026-13-40\" is not a calendar date; write it as YYYY-MM-DD, such as 2026-03-04"
        );
        let many = vec![input("x"); MAX_ARTICLES + 1];
        assert!(
            prepare(&many, Provenance::JsonField)
                .unwrap_err()
                .contains("at most")
        );
        let e = prepare(
            &[input("\u{0}\u{1}\u{2}\u{3}binary\u{0}\u{0}")],
            Provenance::Flag,
        );
        assert!(e.is_err(), "binary text is refused by extract");
    }
}
