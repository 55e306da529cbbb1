//! The reader's pages: the story list (`/`), a story side by side (`/stories/{id}`), and the
//! static files those pages link (`/static/…`).
//!
//! Owns the story list's filters and pagination (query parameters, so the list works without
//! JavaScript) and the story page's frame: its heading, facts and charts around
//! `parallax_render::render_fragment`, the same frame `/reports/{id}` uses. It deliberately
//! builds no report markup itself (render does) and runs no query of its own (the store and
//! the stream do, on the blocking pool).

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use maud::{Markup, PreEscaped, html};
use parallax_core::Report;
use parallax_store::{StoryFilter, StoryListItem, StorySummary};
use serde::Deserialize;

use crate::charts;
use crate::pages::{error_page, page};
use crate::{AppState, blocking};

/// Stories on one page of the list.
pub(crate) const PAGE_SIZE: usize = 20;

/// Most pages deep a listing goes (offsets beyond are refused, not scanned).
pub(crate) const MAX_PAGE: usize = 10_000;

/// The story list's query: `?outlet=&from=&to=&q=&page=` (empty fields count as absent).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListParams {
    pub(crate) outlet: Option<String>,
    pub(crate) from: Option<String>,
    pub(crate) to: Option<String>,
    pub(crate) q: Option<String>,
    pub(crate) page: Option<String>,
}

impl ListParams {
    /// The store's filter for page `page` of `size`, or the first problem in the product's
    /// words.
    pub(crate) fn filter(&self, size: usize) -> Result<(StoryFilter, usize), String> {
        let date = |name: &str, v: &Option<String>| -> Result<Option<NaiveDate>, String> {
            match present(v) {
                None => Ok(None),
                Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d").map(Some).map_err(|_| {
                    format!("{name}: {d:?} is not a calendar date; write it as YYYY-MM-DD, such as 2026-03-04")
                }),
            }
        };
        let from = date("from", &self.from)?;
        let to = date("to", &self.to)?;
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            return Err(format!("from {f} is after to {t}"));
        }
        let page = match present(&self.page) {
            None => 1,
            Some(p) => p
                .parse::<usize>()
                .ok()
                .filter(|p| (1..=MAX_PAGE).contains(p))
                .ok_or_else(|| format!("page {p:?} is not a page number from 1 to {MAX_PAGE}"))?,
        };
        Ok((
            StoryFilter {
                outlet: present(&self.outlet).map(str::to_string),
                from,
                to,
                query: present(&self.q).map(str::to_string),
                offset: (page - 1) * size,
                limit: size,
            },
            page,
        ))
    }

    /// This query with another page number, as a link.
    fn link(&self, page: usize) -> String {
        let mut parts = Vec::new();
        for (k, v) in [
            ("q", &self.q),
            ("outlet", &self.outlet),
            ("from", &self.from),
            ("to", &self.to),
        ] {
            if let Some(v) = present(v) {
                parts.push(format!("{k}={}", encode(v)));
            }
        }
        if page > 1 {
            parts.push(format!("page={page}"));
        }
        if parts.is_empty() {
            "/".to_string()
        } else {
            format!("/?{}", parts.join("&"))
        }
    }
}

/// The trimmed value when it is there and not blank.
fn present(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// A query-string value, percent-encoded.
pub(crate) fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// `GET /`: the stories, newest activity first, with filters and pages.
pub(crate) async fn story_list(
    State(state): State<AppState>,
    query: Result<Query<ListParams>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let params = match query {
        Ok(Query(p)) => p,
        Err(e) => return error_page(StatusCode::BAD_REQUEST, &e.body_text()),
    };
    let (filter, page_no) = match params.filter(PAGE_SIZE) {
        Ok(f) => f,
        Err(e) => return error_page(StatusCode::BAD_REQUEST, &e),
    };
    let found = blocking(move || {
        let store = state.store();
        Ok::<_, parallax_store::StoreError>((store.story_list(&filter)?, store.outlets(500)?))
    })
    .await;
    match found {
        Ok(Ok((mut list, outlets))) => {
            let more = list.len() > PAGE_SIZE;
            list.truncate(PAGE_SIZE);
            Html(list_page(&params, page_no, &list, more, &outlets).into_string()).into_response()
        }
        Ok(Err(e)) => error_page(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
        Err(e) => error_page(StatusCode::INTERNAL_SERVER_ERROR, &e),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "2026-03-04 – 2026-03-06", one date when they agree, "undated" without.
fn span_line(first: Option<&str>, last: Option<&str>) -> String {
    match (first, last) {
        (Some(f), Some(l)) if f != l => format!("{f} – {l}"),
        (Some(d), _) | (None, Some(d)) => d.to_string(),
        (None, None) => "undated".to_string(),
    }
}

fn list_page(
    params: &ListParams,
    page_no: usize,
    list: &[StoryListItem],
    more: bool,
    outlets: &[String],
) -> Markup {
    let chosen = present(&params.outlet);
    let filtered = [&params.q, &params.outlet, &params.from, &params.to]
        .iter()
        .any(|v| present(v).is_some());
    page(
        "Stories",
        None,
        html! {
            h1 { "Stories" }
            p { "Each story is one event as several outlets told it, newest activity first. Open one to read the articles side by side with every agreement, conflict and loaded word marked, or "
                a href="/compare" { "compare articles of your own" } "." }
            form.filters method="get" action="/" role="search" {
                label { "Words" input type="search" name="q" value=[present(&params.q)]; }
                label { "Outlet"
                    select name="outlet" {
                        option value="" { "any outlet" }
                        @for o in outlets {
                            option value=(o) selected[chosen == Some(o.as_str())] { (o) }
                        }
                    }
                }
                label { "From" input type="date" name="from" value=[present(&params.from)]; }
                label { "To" input type="date" name="to" value=[present(&params.to)]; }
                button type="submit" { "Show" }
                @if filtered { a href="/" { "Clear filters" } }
            }
            @if list.is_empty() {
                @if filtered || page_no > 1 {
                    p { "No story matches." }
                } @else {
                    p { "No stories yet. Fill the store with " code { "parallax watch FEEDS" } " or " code { "parallax ingest" } ", or " a href="/compare" { "compare articles of your own" } "." }
                }
            }
            ol.stories start=((page_no - 1) * PAGE_SIZE + 1) {
                @for item in list {
                    @let s = &item.story;
                    li {
                        h2 { a href={ "/stories/" (s.id) } { (headline(s)) } }
                        p.facts {
                            (s.outlets.join(", "))
                        }
                        p.facts {
                            (plural(s.articles.len(), "article", "articles")) " · "
                            (plural(s.origins, "independent origin", "independent origins")) " · "
                            span.nowrap { (span_line(s.first_published.as_deref(), s.last_published.as_deref())) }
                            " · "
                            @match (item.conflicts, item.single_source) {
                                (Some(c), Some(o)) => {
                                    @if c > 0 { strong.count-conflicts { (plural(c, "conflict", "conflicts")) } }
                                    @else { "no conflicts" }
                                    " · " (plural(o, "claim", "claims")) " in one source only"
                                }
                                _ => { "not compared yet" }
                            }
                        }
                        (charts::coverage_bar(s))
                    }
                }
            }
            nav.pager aria-label="Pages" {
                @if page_no > 1 { a rel="prev" href=(params.link(page_no - 1)) { "← Newer stories" } }
                @if more { a rel="next" href=(params.link(page_no + 1)) { "Older stories →" } }
            }
        },
    )
}

/// A story's headline: its title, unless that is only an outlet's name (the article that
/// opened it had no headline) and a member has one.
pub(crate) fn headline(s: &StorySummary) -> &str {
    if !s.outlets.contains(&s.title) {
        return &s.title;
    }
    s.articles
        .iter()
        .find_map(|a| a.title.as_deref().map(str::trim).filter(|t| !t.is_empty()))
        .unwrap_or(&s.title)
}

/// A story id from the path: a number, or as `parallax stories` prints it (`s12`).
pub(crate) fn story_id(raw: &str) -> Result<i64, String> {
    raw.trim_start_matches('s')
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("story id {raw:?} is not a number"))
}

/// `GET /stories/{id}`: the story's articles side by side, with its comparison (cached, or
/// computed now and cached). A merged-away id redirects to the story that absorbed it.
pub(crate) async fn story(State(state): State<AppState>, Path(raw): Path<String>) -> Response {
    let id = match story_id(&raw) {
        Ok(id) => id,
        Err(e) => return error_page(StatusCode::BAD_REQUEST, &e),
    };
    let found = blocking(move || state.story_report(id)).await;
    match found {
        Ok(Ok(Some((story, _report, _)))) if story.id != id => {
            Redirect::permanent(&format!("/stories/{}", story.id)).into_response()
        }
        Ok(Ok(Some((story, report, _)))) => {
            Html(story_page(&story, &report).into_string()).into_response()
        }
        Ok(Ok(None)) => error_page(StatusCode::NOT_FOUND, &format!("No story {id}.")),
        Ok(Err(e)) => error_page(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
        Err(e) => error_page(StatusCode::INTERNAL_SERVER_ERROR, &e),
    }
}

fn story_page(story: &StorySummary, report: &Report) -> Markup {
    page(
        headline(story),
        None,
        html! {
            header.story-head {
                p.meta { a href="/" { "Stories" } " › story " (story.id) }
                h1 { (headline(story)) }
                p.meta {
                    (story.outlets.join(", ")) " · "
                    (plural(story.articles.len(), "article", "articles")) " · "
                    (plural(story.origins, "independent origin", "independent origins")) " · "
                    (span_line(story.first_published.as_deref(), story.last_published.as_deref()))
                    " · " a href={ "/api/stories/" (story.id) } { "JSON" }
                }
            }
            (report_body(report))
        },
    )
}

/// A report as the story page shows it: charts, then render's sections with the texts side
/// by side. `/reports/{id}` shows saved comparisons the same way.
pub(crate) fn report_body(report: &Report) -> Markup {
    html! {
        div.charts {
            (charts::coverage_over_time(report))
            (charts::loaded_rates(report))
        }
        (PreEscaped(parallax_render::render_fragment(report)))
    }
}

/// The static files the pages link: the report's stylesheet, the app's, and its one script.
pub(crate) async fn static_file(Path(name): Path<String>) -> Response {
    let (body, kind) = match name.as_str() {
        "report.css" => (parallax_render::HTML_CSS, "text/css; charset=utf-8"),
        "app.css" => (APP_CSS, "text/css; charset=utf-8"),
        "app.js" => (APP_JS, "text/javascript; charset=utf-8"),
        _ => return error_page(StatusCode::NOT_FOUND, "There is no such file."),
    };
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        body,
    )
        .into_response()
}

/// The app's stylesheet.
const APP_CSS: &str = include_str!("../static/app.css");

/// The story page's script (counterparts, stepping through findings).
const APP_JS: &str = include_str!("../static/app.js");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_params_check_dates_and_pages() {
        let p = ListParams {
            from: Some("2026-03-01".into()),
            to: Some(" ".into()),
            page: Some("3".into()),
            ..Default::default()
        };
        let (f, page) = p.filter(20).unwrap();
        assert_eq!((f.offset, f.limit, page), (40, 20, 3));
        assert_eq!(f.to, None, "blank is absent");
        let bad = ListParams {
            from: Some("March".into()),
            ..Default::default()
        };
        assert!(
            bad.filter(20)
                .unwrap_err()
                .starts_with("from: \"March\" is not a calendar date")
        );
        let backwards = ListParams {
            from: Some("2026-03-02".into()),
            to: Some("2026-03-01".into()),
            ..Default::default()
        };
        assert_eq!(
            backwards.filter(20).unwrap_err(),
            "from 2026-03-02 is after to 2026-03-01"
        );
        for p in ["0", "x", "10001"] {
            let bad = ListParams {
                page: Some(p.into()),
                ..Default::default()
            };
            assert!(bad.filter(20).is_err(), "{p}");
        }
    }

    #[test]
    fn page_links_keep_the_filters() {
        let p = ListParams {
            q: Some("rail line & co".into()),
            outlet: Some("Daily Lantern".into()),
            ..Default::default()
        };
        assert_eq!(
            p.link(2),
            "/?q=rail%20line%20%26%20co&outlet=Daily%20Lantern&page=2"
        );
        assert_eq!(ListParams::default().link(1), "/");
    }

    #[test]
    fn a_story_titled_by_its_outlet_shows_a_members_headline() {
        let member = |title: Option<&str>| parallax_store::StoryArticle {
            id: 1,
            url: None,
            outlet: Some("Daily Lantern".into()),
            title: title.map(str::to_string),
            published: None,
            origin: None,
        };
        let mut s = StorySummary {
            id: 1,
            title: "Daily Lantern".into(),
            articles: vec![member(None), member(Some("Rail line opens"))],
            outlets: vec!["Daily Lantern".into()],
            origins: 2,
            first_published: None,
            last_published: None,
        };
        assert_eq!(headline(&s), "Rail line opens");
        s.title = "Riverside line".into();
        assert_eq!(headline(&s), "Riverside line");
        s.title = "Daily Lantern".into();
        s.articles = vec![member(None)];
        assert_eq!(headline(&s), "Daily Lantern");
    }

    #[test]
    fn story_ids_are_numbers() {
        assert_eq!(story_id("12"), Ok(12));
        assert_eq!(story_id("s12"), Ok(12));
        assert!(story_id("abc").is_err());
        assert!(story_id("0").is_err());
    }
}
