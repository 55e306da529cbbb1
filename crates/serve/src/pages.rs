//! The HTML side: the page frame every page shares, the paste-and-compare form, the
//! saved-report list, and saved report pages.
//!
//! Owns the form's field names (`source_N`, `published_N`, `title_N`, `text_N`, `file_N`,
//! `url_N`, N from 1), the page frame (stylesheets and the one script from `/static/`, the
//! navigation bar; no inline style or script, as the content security policy wants) and the
//! small pages built here with maud (which escapes every interpolated string). It deliberately
//! does not draw reports: a report page is the story page's body (`web::report_body`, over
//! `parallax_render::render_fragment`).

use std::collections::BTreeMap;

use axum::Form;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};
use parallax_core::Report;
use parallax_store::ReportSummary;
use serde::Deserialize;

use parallax_ingest::RawInput;

use crate::input::{ArticleInput, MAX_ARTICLES, MIN_ARTICLES, Via, prepare_with, too_few};
use crate::{AppState, blocking};

/// Article slots on the form unless `?slots=N` asks for more.
const DEFAULT_SLOTS: usize = 3;

/// A page in the house style: the report's stylesheet and the app's, the app's script (all
/// from `/static/`, as the content security policy wants), the bar, and `body`. `saved` names
/// the saved report being shown, or why it was not saved.
pub(crate) fn page(title: &str, saved: Option<Result<i64, String>>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Parallax" }
                link rel="stylesheet" href="/static/report.css";
                link rel="stylesheet" href="/static/app.css";
                script src="/static/app.js" defer {}
            }
            body.app {
                a.skip href="#main" { "Skip to the content" }
                (nav(saved))
                main id="main" { (body) }
            }
        }
    }
}

/// The bar at the top of every page; `saved` names the report being shown.
fn nav(saved: Option<Result<i64, String>>) -> Markup {
    html! {
        nav.topbar aria-label="Site" {
            a.brand href="/" { "Parallax" }
            a href="/" { "Stories" }
            a href="/compare" { "Compare articles" }
            a href="/reports" { "Saved reports" }
            a href="/api/openapi.json" { "API" }
            @match saved {
                Some(Ok(id)) => {
                    a href={ "/reports/" (id) } { "Report " (id) }
                    a href={ "/api/reports/" (id) } { "JSON" }
                }
                Some(Err(e)) => { span role="status" { "Not saved: " (e) } }
                None => {}
            }
        }
    }
}

/// A report's page: its first headline as the title, charts and sections with the texts side
/// by side (the story page's body).
fn report_page(report: &Report, saved: Option<Result<i64, String>>) -> Markup {
    let heading = match &saved {
        Some(Ok(id)) => format!("Comparison {id}"),
        _ => "Comparison".to_string(),
    };
    page(
        &parallax_render::page_title(report),
        saved,
        html! {
            header.story-head {
                h1 { (heading) }
                p.meta {
                    (report.sources.len()) " articles: "
                    (report.sources.iter().map(|s| s.outlet.as_str()).collect::<Vec<_>>().join(", "))
                }
            }
            (crate::web::report_body(report))
        },
    )
}

/// `?slots=N` and `?example=summit` on `GET /compare`.
#[derive(Debug, Deserialize)]
pub(crate) struct SlotsQuery {
    slots: Option<usize>,
    example: Option<String>,
}

/// The bundled example: one invented event told by three invented outlets, with planted
/// findings (the repository's `examples/summit`), in the three formats the form takes.
const EXAMPLE: [&str; 3] = [
    include_str!("../../../examples/summit/lantern.txt"),
    include_str!("../../../examples/summit/ledger.html"),
    include_str!("../../../examples/summit/sentinel.md"),
];

/// `GET /compare`: the form, empty or filled with the bundled example.
pub(crate) async fn form(
    State(state): State<AppState>,
    query: Result<Query<SlotsQuery>, axum::extract::rejection::QueryRejection>,
) -> Html<String> {
    let query = query.ok().map(|q| q.0);
    if query.as_ref().and_then(|q| q.example.as_deref()) == Some("summit") {
        let values: Vec<ArticleInput> = EXAMPLE
            .iter()
            .map(|t| ArticleInput {
                text: t.to_string(),
                ..ArticleInput::default()
            })
            .collect();
        return Html(form_page(&values, None, state.has_token()).into_string());
    }
    let slots = query
        .and_then(|q| q.slots)
        .unwrap_or(DEFAULT_SLOTS)
        .clamp(MIN_ARTICLES, MAX_ARTICLES);
    Html(
        form_page(
            &vec![ArticleInput::default(); slots],
            None,
            state.has_token(),
        )
        .into_string(),
    )
}

/// The form, filled with `values`, with an error above it when there is one.
/// `token`: the server takes writes with its token only, so the form asks for it.
fn form_page(values: &[ArticleInput], error: Option<&str>, token: bool) -> Markup {
    let more = (values.len() + 2).min(MAX_ARTICLES);
    page(
        "Compare",
        None,
        html! {
            h1 { "Compare reports of one event" }
            p { "Give " (MIN_ARTICLES) " to " (MAX_ARTICLES) " articles, each by pasting its text (plain text, Markdown, HTML or a JSON article), choosing a saved file, or entering its web address, with its outlet and date when you know them. Parallax shows what the outlets agree on, what only one reports, where they contradict each other, how each words it, and whom each quotes. Empty boxes are skipped." }
            p { "No articles at hand? " a href="/compare?example=summit" { "Try the bundled example" } ": three invented outlets report one rail-line opening, with conflicts on the day, the crowd and the place." }
            @if let Some(e) = error { p.error role="alert" { (e) } }
            form method="post" action="/compare" enctype="multipart/form-data" {
                @for (n, v) in values.iter().enumerate() {
                    @let i = n + 1;
                    fieldset {
                        legend { "Article " (i) }
                        label { "Outlet " input type="text" name={ "source_" (i) } value=[v.source.as_deref()]; }
                        label { "Date " input type="date" name={ "published_" (i) } value=[v.published.as_deref()]; }
                        label { "Headline " input type="text" size="40" name={ "title_" (i) } value=[v.title.as_deref()]; }
                        textarea name={ "text_" (i) } aria-label={ "Text of article " (i) } { (v.text) }
                        label { "or a file " input type="file" name={ "file_" (i) } accept=".txt,.md,.html,.htm,.json,text/*"; }
                        label { "or its web address " input type="url" size="40" name={ "url_" (i) } placeholder="https://…" value=[v.url.as_deref()]; }
                    }
                }
                @if token {
                    p { label { "This server's token " input type="password" name="token" autocomplete="current-password" required; } }
                }
                button type="submit" { "Compare" }
                @if more > values.len() { " " a href={ "/compare?slots=" (more) } { "More article boxes" } }
            }
        },
    )
}

/// The form's fields grouped by slot number: slot N at index N - 1 (slots the form did not
/// send are empty), so a file, a message and a re-shown box keep their box's number.
fn slots_from_form(fields: Vec<(String, String)>) -> Result<Vec<ArticleInput>, String> {
    let mut slots: BTreeMap<usize, ArticleInput> = BTreeMap::new();
    for (key, value) in fields {
        let Some((name, n)) = key.rsplit_once('_') else {
            continue;
        };
        let Ok(n) = n.parse::<usize>() else { continue };
        if n == 0 || n > MAX_ARTICLES {
            return Err(format!("form field {key}: at most {MAX_ARTICLES} articles"));
        }
        let slot = slots.entry(n).or_default();
        match name {
            "text" => slot.text = value,
            "source" => slot.source = Some(value),
            "published" => slot.published = Some(value),
            "title" => slot.title = Some(value),
            "url" => slot.url = Some(value),
            _ => {}
        }
    }
    let count = slots.keys().next_back().copied().unwrap_or(0);
    Ok((1..=count)
        .map(|n| slots.remove(&n).unwrap_or_default())
        .collect())
}

fn blank(s: &Option<String>) -> bool {
    s.as_deref().is_none_or(|s| s.trim().is_empty())
}

/// What the form sent: each slot's fields, and the files chosen (slot index → the file).
struct Submitted {
    /// The `token` field, when sent.
    token: Option<String>,
    slots: Vec<ArticleInput>,
    files: BTreeMap<usize, RawInput>,
}

/// The form's fields, URL-encoded (no file) or multipart (files too).
async fn read_form(state: &AppState, req: Request) -> Result<Submitted, Response> {
    let multipart = req
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut uploads: Vec<(String, RawInput)> = Vec::new();
    if multipart {
        let mut form = Multipart::from_request(req, state)
            .await
            .map_err(|r| error_page(r.status(), &r.body_text()))?;
        loop {
            let field = match form.next_field().await {
                Ok(Some(f)) => f,
                Ok(None) => break,
                Err(e) => return Err(error_page(e.status(), &e.body_text())),
            };
            let name = field.name().unwrap_or_default().to_string();
            let file_name = field.file_name().map(str::to_string);
            let content_type = field.content_type().map(str::to_string);
            let bytes = field
                .bytes()
                .await
                .map_err(|e| error_page(e.status(), &e.body_text()))?;
            if name.starts_with("file_") {
                // A file input left empty arrives with no name and no bytes.
                if let Some(file_name) = file_name.filter(|f| !f.is_empty() || !bytes.is_empty()) {
                    uploads.push((
                        name,
                        RawInput {
                            input: file_name,
                            bytes: bytes.to_vec(),
                            content_type,
                            ..RawInput::default()
                        },
                    ));
                }
            } else {
                fields.push((name, String::from_utf8_lossy(&bytes).into_owned()));
            }
        }
    } else {
        let Form(f) = Form::<Vec<(String, String)>>::from_request(req, state)
            .await
            .map_err(|r| error_page(r.status(), &r.body_text()))?;
        fields = f;
    }
    let token = fields
        .iter()
        .find(|(k, _)| k == "token")
        .map(|(_, v)| v.trim().to_string());
    let mut slots = slots_from_form(fields).map_err(|e| error_page(StatusCode::BAD_REQUEST, &e))?;
    let mut files = BTreeMap::new();
    for (name, raw) in uploads {
        let n = name
            .strip_prefix("file_")
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|n| (1..=MAX_ARTICLES).contains(n))
            .ok_or_else(|| {
                error_page(
                    StatusCode::BAD_REQUEST,
                    &format!("form field {name}: not an article's file"),
                )
            })?;
        while slots.len() < n {
            slots.push(ArticleInput::default());
        }
        files.insert(n - 1, raw);
    }
    Ok(Submitted {
        token,
        slots,
        files,
    })
}

/// `POST /compare`: compare what the form holds (pasted texts, chosen files, pages fetched by
/// their address), save it, and answer See Other to the saved report.
pub(crate) async fn compare(State(state): State<AppState>, req: Request) -> Response {
    let Submitted {
        token,
        slots,
        mut files,
    } = match read_form(&state, req).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let needs_token = state.has_token();
    if !state.token_ok(token.as_deref()) {
        let message = if token.as_deref().is_some_and(|t| !t.is_empty()) {
            "the token is wrong"
        } else {
            "this server compares only with its token: enter it below"
        };
        return (
            StatusCode::UNAUTHORIZED,
            Html(form_page(&slots, Some(message), needs_token).into_string()),
        )
            .into_response();
    }
    let mut articles = Vec::new();
    let mut numbers = Vec::new();
    let mut raws: Vec<Option<Result<RawInput, String>>> = Vec::new();
    let mut urls: Vec<Option<String>> = Vec::new();
    for (n, s) in slots.iter().enumerate() {
        let file = files.remove(&n);
        let url = s.url.as_deref().map(str::trim).filter(|u| !u.is_empty());
        if !s.text.trim().is_empty() || file.is_some() {
            articles.push(s.clone());
            numbers.push(n + 1);
            raws.push(file.map(Ok));
            urls.push(None);
        } else if let Some(u) = url {
            articles.push(s.clone());
            numbers.push(n + 1);
            raws.push(None);
            urls.push(Some(u.to_string()));
        } else if !(blank(&s.source) && blank(&s.published) && blank(&s.title)) {
            let msg = format!(
                "article {}: give its text, a file or its web address",
                n + 1
            );
            return form_error(&slots, &msg, needs_token);
        }
    }
    // Too few is refused before any page is fetched.
    if let Some(refusal) = too_few(articles.len(), Via::Form) {
        return form_error(&slots, &refusal, needs_token);
    }
    let fetch = state.fetch.clone();
    let outcome = blocking(move || {
        // Pages named by their address are fetched here, through the same guard as the CLI; a
        // page that cannot be had is named with the other unusable articles.
        for (i, url) in urls.iter().enumerate() {
            if let Some(u) = url {
                raws[i] =
                    Some(parallax_ingest::read_input(u, &fetch).map_err(|e| format!("{u}: {e}")));
            }
        }
        let prepared = prepare_with(&articles, &raws, &numbers, Via::Form)?;
        let report = state.compare(&prepared.articles, prepared.diagnostics);
        let saved = state
            .store()
            .save_report(&report, &prepared.articles)
            .map_err(|e| e.to_string());
        Ok::<_, String>(match saved {
            Ok(id) => Err(id),
            Err(e) => Ok(report_page(&report, Some(Err(e))).into_string()),
        })
    })
    .await;
    match outcome {
        // Saved: See Other to the report's own page, so a reload shows it again instead of
        // posting (and saving) the comparison twice.
        Ok(Ok(Err(id))) => axum::response::Redirect::to(&format!("/reports/{id}")).into_response(),
        // Not saved: the report in place, with the reason in the bar.
        Ok(Ok(Ok(html))) => Html(html).into_response(),
        Ok(Err(e)) => form_error(&slots, &e, needs_token),
        Err(e) => error_page(StatusCode::INTERNAL_SERVER_ERROR, &e),
    }
}

fn form_error(values: &[ArticleInput], message: &str, token: bool) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Html(form_page(values, Some(message), token).into_string()),
    )
        .into_response()
}

pub(crate) fn error_page(status: StatusCode, message: &str) -> Response {
    let title = status.canonical_reason().unwrap_or("Error");
    let body = page(
        title,
        None,
        html! {
            h1 { (status.as_u16()) " " (title) }
            p.error { (message) }
        },
    );
    (status, Html(body.into_string())).into_response()
}

/// Any route not listed.
pub(crate) async fn not_found() -> Response {
    error_page(StatusCode::NOT_FOUND, "There is no page here.")
}

/// `GET /reports`: saved reports, newest first.
pub(crate) async fn reports(State(state): State<AppState>) -> Response {
    match blocking(move || state.store().list_reports(200)).await {
        Ok(Ok(list)) => Html(list_page(&list).into_string()).into_response(),
        Ok(Err(e)) => error_page(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
        Err(e) => error_page(StatusCode::INTERNAL_SERVER_ERROR, &e),
    }
}

fn list_page(list: &[ReportSummary]) -> Markup {
    page(
        "Saved reports",
        None,
        html! {
            h1 { "Saved reports" }
            @if list.is_empty() {
                p { "No saved reports yet. " a href="/compare" { "Compare some articles." } }
            } @else {
                table {
                    thead { tr { th { "#" } th { "Report" } th { "Outlets" } th { "Agreed" } th { "Conflicts" } th { "Saved" } } }
                    tbody {
                        @for r in list {
                            tr {
                                td { (r.id) }
                                td { a href={ "/reports/" (r.id) } { (r.title) } }
                                td { (r.outlets.join(", ")) }
                                td { (r.agreed) }
                                td { (r.conflicts) }
                                td.nowrap { (short_time(&r.created_at)) }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// `2026-03-04T10:00:00.000Z` as `2026-03-04 10:00 UTC` (anything else as given).
fn short_time(rfc3339: &str) -> String {
    match rfc3339.get(..16) {
        Some(t) if rfc3339.ends_with('Z') => format!("{} UTC", t.replace('T', " ")),
        _ => rfc3339.to_string(),
    }
}

/// `GET /reports/{id}`: one saved report as HTML.
pub(crate) async fn report(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return error_page(
            StatusCode::BAD_REQUEST,
            &format!("report id {id:?} is not a number"),
        );
    };
    match blocking(move || state.store().report(id)).await {
        Ok(Ok(Some(r))) => Html(report_page(&r, Some(Ok(id))).into_string()).into_response(),
        Ok(Ok(None)) => error_page(StatusCode::NOT_FOUND, &format!("No report {id}.")),
        Ok(Err(e)) => error_page(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
        Err(e) => error_page(StatusCode::INTERNAL_SERVER_ERROR, &e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shortened_to_the_minute() {
        assert_eq!(
            short_time("2026-03-04T10:05:59.999Z"),
            "2026-03-04 10:05 UTC"
        );
        assert_eq!(short_time("later"), "later");
    }

    #[test]
    fn form_fields_group_by_slot_in_order() {
        let f = |k: &str, v: &str| (k.to_string(), v.to_string());
        let slots = slots_from_form(vec![
            f("text_2", "second"),
            f("source_1", "Lantern"),
            f("text_1", "first"),
            f("published_2", "2026-03-04"),
            f("submit", ""),
        ])
        .unwrap();
        assert_eq!(slots.len(), 2);
        assert_eq!(slots[0].text, "first");
        assert_eq!(slots[0].source.as_deref(), Some("Lantern"));
        assert_eq!(slots[1].published.as_deref(), Some("2026-03-04"));
        assert!(slots_from_form(vec![f("text_999", "x")]).is_err());
        // A box the form did not send keeps its place: box 3 stays the third.
        let slots = slots_from_form(vec![f("text_3", "third"), f("text_1", "first")]).unwrap();
        let texts: Vec<&str> = slots.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["first", "", "third"]);
    }
}
