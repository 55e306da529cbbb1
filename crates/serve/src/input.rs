//! What a client sends to be compared, and how it becomes articles.
//!
//! Owns validation of submitted articles (count, empty text, dates), the refusal of a
//! comparison with fewer than two usable articles (in the words of the form or of the API), and
//! the mapping of each one through `parallax_extract::extract`, with the client's outlet, date
//! and title laid over whatever extraction found. It deliberately does not compare, save or
//! answer HTTP: the handlers in `api.rs` and `pages.rs` do that with what this returns.

use chrono::NaiveDate;
use parallax_core::{Article, Diagnostic, Provenance, Sourced};
use parallax_ingest::RawInput;
use serde::Deserialize;

/// Fewest articles one comparison takes: agreement and conflict need two.
pub const MIN_ARTICLES: usize = 2;

/// Most articles one comparison accepts.
pub const MAX_ARTICLES: usize = 20;

/// Where the articles came from: the JSON API or the form a person filled in. It sets what the
/// report says the outlet, date and title came from, and how a refusal says what to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// `POST /api/compare`: the overrides are `json_field`.
    Api,
    /// `POST /compare`: the overrides are `flag`, as on the command line.
    Form,
}

impl Via {
    fn provenance(self) -> Provenance {
        match self {
            Via::Api => Provenance::JsonField,
            Via::Form => Provenance::Flag,
        }
    }

    /// How the client handed the articles over.
    fn given(self) -> &'static str {
        match self {
            Via::Api => "sent",
            Via::Form => "given",
        }
    }

    /// How to give more articles when `usable` are usable.
    fn more(self, usable: usize) -> &'static str {
        match (self, usable) {
            (Via::Api, 0) => "put them in \"articles\"",
            (Via::Api, _) => "add another to \"articles\"",
            (Via::Form, 0) => "paste, upload or give the web address of each",
            (Via::Form, _) => "paste, upload or give the web address of another",
        }
    }
}

/// The refusal of a comparison of `given` articles when that is fewer than [`MIN_ARTICLES`],
/// saying what to do, such as "1 article given; a comparison needs at least 2 (paste, upload or
/// give the web address of another)".
pub fn too_few(given: usize, via: Via) -> Option<String> {
    (given < MIN_ARTICLES).then(|| {
        format!(
            "{} {}; a comparison needs at least {MIN_ARTICLES} ({})",
            articles(given),
            via.given(),
            via.more(given)
        )
    })
}

/// "no article", "1 article", "3 articles".
fn articles(n: usize) -> String {
    match n {
        0 => "no article".into(),
        1 => "1 article".into(),
        n => format!("{n} articles"),
    }
}

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

/// Check the submitted articles and extract each. Every article that cannot be used (empty
/// text, a bad date, bytes extraction refuses) is named in one one-line error, led by the
/// refusal of [`too_few`] when fewer than [`MIN_ARTICLES`] are left.
pub fn prepare(inputs: &[ArticleInput], via: Via) -> Result<Prepared, String> {
    prepare_with(inputs, &[], &[], via)
}

/// [`prepare`], where `raw[i]`, when present, holds article `i`'s bytes as they came (an
/// uploaded file, a fetched page: its own encoding, its content type), standing in for its
/// text box, or why they could not be had (a page that could not be fetched); and
/// `numbers[i]`, when present, is the number the client knows article `i` by (its box on the
/// form, where empty boxes are skipped), which messages and the report's `input` use.
pub fn prepare_with(
    inputs: &[ArticleInput],
    raw: &[Option<Result<RawInput, String>>],
    numbers: &[usize],
    via: Via,
) -> Result<Prepared, String> {
    if inputs.len() > MAX_ARTICLES {
        return Err(format!(
            "{} articles {}; at most {MAX_ARTICLES} are compared at once",
            inputs.len(),
            via.given()
        ));
    }
    if let Some(refusal) = too_few(inputs.len(), via) {
        return Err(refusal);
    }
    let mut out = Prepared {
        articles: Vec::with_capacity(inputs.len()),
        diagnostics: Vec::new(),
    };
    let mut problems = Vec::new();
    for (n, input) in inputs.iter().enumerate() {
        let number = numbers.get(n).copied().unwrap_or(n + 1);
        match prepare_one(
            n + 1,
            number,
            input,
            raw.get(n).and_then(Option::as_ref),
            via,
        ) {
            Ok((article, diagnostics)) => {
                out.diagnostics.extend(diagnostics);
                out.articles.push(article);
            }
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() {
        return Ok(out);
    }
    let usable = out.articles.len();
    let problems = problems.join("; ");
    Err(if usable < MIN_ARTICLES {
        format!(
            "{} {} but {} usable, and a comparison needs at least {MIN_ARTICLES}: {problems} (fix {}, or {})",
            articles(inputs.len()),
            via.given(),
            match usable {
                0 => "none".to_string(),
                n => format!("only {n}"),
            },
            if inputs.len() - usable == 1 {
                "it"
            } else {
                "them"
            },
            via.more(usable)
        )
    } else {
        problems
    })
}

/// The `i`th article (from 1; its id is `a{i}`), which the client knows as article `number`,
/// through extract with the client's overrides, or what is wrong with it.
fn prepare_one(
    i: usize,
    number: usize,
    input: &ArticleInput,
    given: Option<&Result<RawInput, String>>,
    via: Via,
) -> Result<(Article, Vec<Diagnostic>), String> {
    let name = format!("article {number}");
    let given = match given {
        Some(Err(why)) => return Err(format!("{name}: {why}")),
        Some(Ok(r)) => Some(r),
        None => None,
    };
    if given.is_none() && input.text.trim().is_empty() {
        return Err(format!("{name}: text is empty"));
    }
    let published = match present(&input.published) {
        Some(d) => Some(NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
            format!("{name}: the date {d:?} is not a calendar date; write it as YYYY-MM-DD, such as 2026-03-04")
        })?),
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
    let extracted =
        parallax_extract::extract(&raw, &format!("a{i}")).map_err(|e| format!("{name}: {e}"))?;
    let provenance = via.provenance();
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
    Ok((a, extracted.diagnostics))
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
        let p = prepare(&[a.clone(), input("Second text here.")], Via::Api).unwrap();
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
        let p = prepare(&[input("Second text here."), a.clone()], Via::Api).unwrap();
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
        let p = prepare(&[input("Second text here."), a], Via::Form).unwrap();
        let b = &p.articles[1];
        assert_eq!(b.source.as_ref().unwrap().provenance, Provenance::Flag);
    }

    #[test]
    fn a_comparison_needs_two_articles_and_says_how_to_give_them() {
        assert_eq!(
            prepare(&[], Via::Api).unwrap_err(),
            "no article sent; a comparison needs at least 2 (put them in \"articles\")"
        );
        assert_eq!(
            prepare(&[input("The ferry resumed on Monday.")], Via::Api).unwrap_err(),
            "1 article sent; a comparison needs at least 2 (add another to \"articles\")"
        );
        assert_eq!(
            prepare(&[input("The ferry resumed on Monday.")], Via::Form).unwrap_err(),
            "1 article given; a comparison needs at least 2 (paste, upload or give the web address of another)"
        );
        assert_eq!(
            too_few(0, Via::Form).unwrap(),
            "no article given; a comparison needs at least 2 (paste, upload or give the web address of each)"
        );
        assert_eq!(too_few(2, Via::Form), None);
    }

    #[test]
    fn unusable_articles_are_all_named_and_too_few_left_is_refused() {
        // Three sent, two unusable: one left, which is no comparison.
        let e = prepare_with(
            &[input("The ferry resumed on Monday."), input(""), input("")],
            &[
                None,
                Some(Err(
                    "https://ledger.example.invalid/ferry: no such host".into()
                )),
                None,
            ],
            &[],
            Via::Form,
        )
        .unwrap_err();
        assert_eq!(
            e,
            "3 articles given but only 1 usable, and a comparison needs at least 2: article 2: https://ledger.example.invalid/ferry: no such host; article 3: text is empty (fix them, or paste, upload or give the web address of another)"
        );
        let e = prepare(
            &[
                input("  \n "),
                input("\u{0}\u{1}\u{2}\u{3}binary\u{0}\u{0}"),
            ],
            Via::Api,
        )
        .unwrap_err();
        assert!(
            e.starts_with("2 articles sent but none usable, and a comparison needs at least 2: article 1: text is empty; article 2: "),
            "{e}"
        );
        assert!(
            e.ends_with(" (fix them, or put them in \"articles\")"),
            "{e}"
        );
        let e = prepare(&[input("ok"), input("  \n ")], Via::Api).unwrap_err();
        assert_eq!(
            e,
            "2 articles sent but only 1 usable, and a comparison needs at least 2: article 2: text is empty (fix it, or add another to \"articles\")"
        );
        // Enough left, but what was sent is compared whole or not at all.
        let e = prepare(&[input("ok"), input("fine"), input(" ")], Via::Api).unwrap_err();
        assert_eq!(e, "article 3: text is empty");
    }

    #[test]
    fn articles_are_named_by_the_numbers_the_client_knows() {
        // Boxes 1 and 4 of a form, box 2 left empty and box 3 a page that could not be had.
        let e = prepare_with(
            &[
                input("The ferry resumed on Monday."),
                input(""),
                input("Fine."),
            ],
            &[None, Some(Err("no such host".into())), None],
            &[1, 3, 4],
            Via::Form,
        )
        .unwrap_err();
        assert_eq!(e, "article 3: no such host");
        let p = prepare_with(
            &[input("The ferry resumed on Monday."), input("Fine.")],
            &[],
            &[2, 4],
            Via::Form,
        )
        .unwrap();
        let named: Vec<(&str, &str)> = p
            .articles
            .iter()
            .map(|a| (a.id.as_str(), a.input.as_str()))
            .collect();
        assert_eq!(named, [("a1", "article 2"), ("a2", "article 4")]);
    }

    #[test]
    fn bad_input_is_a_one_line_error() {
        let mut bad_date = input("Some text.");
        bad_date.published = Some("2026-13-40".into());
        let e = prepare(
            &[input("Other text."), input("More text."), bad_date],
            Via::Api,
        )
        .unwrap_err();
        assert_eq!(
            e,
            "article 3: the date \"2026-13-40\" is not a calendar date; write it as YYYY-MM-DD, such as 2026-03-04"
        );
        let many = vec![input("x"); MAX_ARTICLES + 1];
        assert_eq!(
            prepare(&many, Via::Api).unwrap_err(),
            "21 articles sent; at most 20 are compared at once"
        );
        let e = prepare(
            &[
                input("Fine text."),
                input("\u{0}\u{1}\u{2}\u{3}binary\u{0}\u{0}"),
            ],
            Via::Form,
        )
        .unwrap_err();
        assert!(
            e.contains("article 2: "),
            "binary text is refused by extract: {e}"
        );
        assert!(!e.contains('\n'));
    }
}
