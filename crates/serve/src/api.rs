//! The JSON API: stories, articles, search, compare, saved reports, the report schema, and
//! the token that guards writes.
//!
//! Owns request parsing, the response shapes (each derives its JSON Schema, which the OpenAPI
//! document in `openapi.rs` publishes) and the JSON error contract: every failure is
//! `{"error": "<one line>"}` with a 4xx/5xx status. It deliberately reads the body itself
//! (not through axum's `Json`) so that malformed JSON and oversized bodies get that same shape.
//! It does not build HTML; `pages.rs` and `web.rs` do.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use parallax_core::Report;
use parallax_store::{Feed, SearchHit, StoryListItem, StorySummary};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::web::{ListParams, MAX_PAGE, story_id};

use crate::input::{CompareRequest, Via, prepare};
use crate::{AppState, blocking};

/// A JSON error response.
pub(crate) struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }

    fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }

    fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }
}

/// An error response outside a handler (the write limit): `{"error": message}`.
pub(crate) fn error_response(status: StatusCode, message: String) -> Response {
    ApiError::new(status, message).into_response()
}

/// The body of every error: one line in the product's words.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct ErrorBody {
    /// What went wrong.
    pub error: String,
}

/// A query string's problem, in the product's words (not the extractor's).
fn bad_query(r: QueryRejection) -> ApiError {
    let text = r.body_text();
    let detail = text
        .strip_prefix("Failed to deserialize query string: ")
        .unwrap_or(&text);
    ApiError::bad_request(format!("invalid query: {detail}"))
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(serde_json::json!({ "error": self.message })),
        )
            .into_response()
    }
}

/// `POST /api/compare`: articles in, report JSON out (saved when `"save": true`).
pub(crate) async fn compare(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body.map_err(|r| {
        let status = r.status();
        let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
            format!(
                "request body over the {} MiB limit",
                crate::MAX_BODY_BYTES / (1024 * 1024)
            )
        } else {
            r.body_text()
        };
        ApiError::new(status, message)
    })?;
    let request: CompareRequest = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request(format!("invalid request: {e}")))?;
    let (report, saved) = blocking(move || {
        let prepared = prepare(&request.articles, Via::Api)?;
        let report = state.compare(&prepared.articles, prepared.diagnostics);
        let saved = request
            .save
            .then(|| state.store().save_report(&report, &prepared.articles));
        Ok::<_, String>((report, saved))
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::bad_request)?;
    match saved {
        None => Ok(Json(report).into_response()),
        Some(Ok(id)) => Ok((
            [(header::LOCATION, format!("/api/reports/{id}"))],
            Json(report),
        )
            .into_response()),
        Some(Err(e)) => Err(ApiError::internal(format!("report not saved: {e}"))),
    }
}

/// `?limit=N` on `GET /api/reports`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListQuery {
    limit: Option<usize>,
}

/// `GET /api/reports`: saved reports, newest first.
pub(crate) async fn reports(
    State(state): State<AppState>,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let limit = query.map_err(bad_query)?.0.limit.unwrap_or(100).min(1000);
    let list = blocking(move || state.store().list_reports(limit))
        .await
        .map_err(ApiError::internal)?
        .map_err(|e| ApiError::internal(e.to_string()))?;
    Ok(Json(list).into_response())
}

/// `GET /api/reports/{id}`: one saved report.
pub(crate) async fn report(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::bad_request(format!("report id {id:?} is not a number")))?;
    let found = blocking(move || state.store().report(id))
        .await
        .map_err(ApiError::internal)?
        .map_err(|e| ApiError::internal(e.to_string()))?;
    match found {
        Some(r) => Ok(Json(r).into_response()),
        None => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            format!("no report {id}"),
        )),
    }
}

/// `GET /api/schema`: the JSON Schema of the report.
pub(crate) async fn schema() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        parallax_render::report_schema(),
    )
        .into_response()
}

/// Stories on one page of `GET /api/stories` unless `limit` says otherwise, and at most.
const API_PAGE: usize = 20;
const API_MAX_LIMIT: usize = 100;

/// A list endpoint's `limit`: `default` when not given, else 1 to [`API_MAX_LIMIT`].
fn page_limit(asked: Option<usize>, default: usize) -> Result<usize, ApiError> {
    let limit = asked.unwrap_or(default);
    if (1..=API_MAX_LIMIT).contains(&limit) {
        Ok(limit)
    } else {
        Err(ApiError::bad_request(format!(
            "limit {limit} is out of range: give 1 to {API_MAX_LIMIT}"
        )))
    }
}

/// `GET /api/stories`'s query: the story list's filters, and `limit`/`offset`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StoriesQuery {
    q: Option<String>,
    outlet: Option<String>,
    from: Option<String>,
    to: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
}

/// `GET /api/stories`: one page of stories.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct StoriesPage {
    /// The stories, newest activity first.
    pub stories: Vec<StoryListItem>,
    /// Stories skipped.
    pub offset: usize,
    /// Most stories on this page.
    pub limit: usize,
    /// The next page's address, when there is one.
    pub next: Option<String>,
}

/// `GET /api/stories`: stories with the list's filters, newest activity first.
pub(crate) async fn stories(
    State(state): State<AppState>,
    query: Result<Query<StoriesQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let q = query.map_err(bad_query)?.0;
    let limit = page_limit(q.limit, API_PAGE)?;
    let offset = q.offset.unwrap_or(0);
    if offset > MAX_PAGE * API_MAX_LIMIT {
        return Err(ApiError::bad_request(format!(
            "offset {offset} is out of range: at most {}",
            MAX_PAGE * API_MAX_LIMIT
        )));
    }
    let params = ListParams {
        outlet: q.outlet.clone(),
        from: q.from.clone(),
        to: q.to.clone(),
        q: q.q.clone(),
        page: None,
    };
    let (mut filter, _) = params.filter(limit).map_err(ApiError::bad_request)?;
    filter.offset = offset;
    let mut list = blocking(move || state.store().story_list(&filter))
        .await
        .map_err(ApiError::internal)?
        .map_err(|e| ApiError::internal(e.to_string()))?;
    let next = (list.len() > limit).then(|| {
        let mut parts = vec![
            format!("offset={}", offset + limit),
            format!("limit={limit}"),
        ];
        for (k, v) in [
            ("q", &q.q),
            ("outlet", &q.outlet),
            ("from", &q.from),
            ("to", &q.to),
        ] {
            if let Some(v) = v.as_deref().filter(|v| !v.trim().is_empty()) {
                parts.push(format!("{k}={}", crate::web::encode(v)));
            }
        }
        format!("/api/stories?{}", parts.join("&"))
    });
    list.truncate(limit);
    Ok(Json(StoriesPage {
        stories: list,
        offset,
        limit,
        next,
    })
    .into_response())
}

/// `GET /api/stories/{id}`: a story and its comparison.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct StoryWithReport {
    /// The story (a merged-away id gives the story that absorbed it).
    pub story: StorySummary,
    /// Its comparison (cached, or computed for this request and cached).
    pub report: Report,
}

/// `GET /api/stories/{id}`.
pub(crate) async fn story(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Response, ApiError> {
    let id = story_id(&raw).map_err(ApiError::bad_request)?;
    let found = blocking(move || state.story_report(id))
        .await
        .map_err(ApiError::internal)?
        .map_err(|e| ApiError::internal(e.to_string()))?;
    match found {
        Some((story, report, _)) => Ok(Json(StoryWithReport { story, report }).into_response()),
        None => Err(ApiError::not_found(format!("no story {id}"))),
    }
}

/// `GET /api/articles/{id}`: one stored article.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct ArticleOut {
    /// The article's row id.
    pub id: i64,
    /// The outlet, if known.
    pub outlet: Option<String>,
    /// The headline, if any.
    pub title: Option<String>,
    /// The author line, if any.
    pub byline: Option<String>,
    /// Publication date, `YYYY-MM-DD`, if known.
    pub published: Option<String>,
    /// Where it was published, if known.
    pub url: Option<String>,
    /// Its language (ISO 639-1), if known.
    pub language: Option<String>,
    /// The extracted text.
    pub text: String,
    /// Its story, if it was placed in one.
    pub story: Option<i64>,
}

/// `GET /api/articles/{id}`.
pub(crate) async fn article(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Response, ApiError> {
    let id: i64 = raw
        .parse()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| ApiError::bad_request(format!("article id {raw:?} is not a number")))?;
    let found = blocking(move || {
        let store = state.store();
        let Some(a) = store.article(id)? else {
            return Ok(None);
        };
        Ok::<_, parallax_store::StoreError>(Some((a, store.story_of(id)?)))
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(|e| ApiError::internal(e.to_string()))?;
    let Some((a, story)) = found else {
        return Err(ApiError::not_found(format!("no article {id}")));
    };
    Ok(Json(ArticleOut {
        id,
        outlet: a.source.map(|s| s.value),
        title: a.title.map(|t| t.value),
        byline: a.byline.map(|b| b.value),
        published: a.published.map(|p| p.value.to_string()),
        url: a.url,
        language: a.language,
        text: a.text,
        story,
    })
    .into_response())
}

/// `GET /api/search`'s query.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SearchQuery {
    q: Option<String>,
    limit: Option<usize>,
}

/// `GET /api/search`: the articles found.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct SearchResults {
    /// The words searched for.
    pub query: String,
    /// Articles with every word (stemmed), best match first, each with its story.
    pub articles: Vec<SearchHit>,
}

/// `GET /api/search?q=WORDS&limit=N`.
pub(crate) async fn search(
    State(state): State<AppState>,
    query: Result<Query<SearchQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let q = query.map_err(bad_query)?.0;
    let words =
        q.q.map(|w| w.trim().to_string())
            .filter(|w| !w.is_empty())
            .ok_or_else(|| ApiError::bad_request("q: give the words to search for (?q=ferry)"))?;
    let limit = page_limit(q.limit, 20)?;
    let asked = words.clone();
    let articles = blocking(move || state.store().search(&asked, limit))
        .await
        .map_err(ApiError::internal)?
        .map_err(|e| ApiError::internal(e.to_string()))?;
    Ok(Json(SearchResults {
        query: words,
        articles,
    })
    .into_response())
}

/// Any `/api/` route not listed.
pub(crate) async fn not_found(req: Request) -> ApiError {
    ApiError::not_found(format!("no API route {}", req.uri().path()))
}

/// A listed `/api/` route asked with a method it does not take.
pub(crate) async fn method_not_allowed(req: Request) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("{} does not take {}", req.uri().path(), req.method()),
    )
}

/// Writes (anything but GET and HEAD) carry the server's token when it has one:
/// `Authorization: Bearer TOKEN`.
pub(crate) async fn require_token(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD) || !state.has_token() {
        return next.run(req).await;
    }
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    if state.token_ok(given) {
        return next.run(req).await;
    }
    let message = if given.is_some() {
        "the token is wrong"
    } else {
        "this server takes writes with its token only: send Authorization: Bearer TOKEN"
    };
    ApiError::new(StatusCode::UNAUTHORIZED, message).into_response()
}

/// `POST /api/feeds`'s body.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct FeedRequest {
    /// The feed's (or OPML list's, sitemap's, page's) http(s) address.
    pub input: String,
}

/// `GET /api/feeds`.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct FeedList {
    /// The feeds added through the API, oldest first (`serve --watch` follows them with the
    /// ones on its command line).
    pub feeds: Vec<Feed>,
}

/// Longest feed address taken.
const MAX_FEED_URL: usize = 2000;

/// `GET /api/feeds`.
pub(crate) async fn feeds(State(state): State<AppState>) -> Result<Response, ApiError> {
    let feeds = blocking(move || state.store().feeds())
        .await
        .map_err(ApiError::internal)?
        .map_err(|e| ApiError::internal(e.to_string()))?;
    Ok(Json(FeedList { feeds }).into_response())
}

/// `POST /api/feeds`: follow a feed; `201` with it when new, `200` when it was there.
pub(crate) async fn add_feed(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body.map_err(|r| ApiError::new(r.status(), r.body_text()))?;
    let request: FeedRequest = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request(format!("invalid request: {e}")))?;
    let input = request.input.trim().to_string();
    let lower = input.to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://"))
        || input.len() > MAX_FEED_URL
        || input.chars().any(char::is_whitespace)
        || input.len() <= "https://".len()
    {
        return Err(ApiError::bad_request(format!(
            "input {input:?} is not a feed's web address: give an http:// or https:// address of at most {MAX_FEED_URL} characters"
        )));
    }
    let (feed, new) = blocking(move || state.store().add_feed(&input))
        .await
        .map_err(ApiError::internal)?
        .map_err(|e| ApiError::internal(e.to_string()))?;
    let status = if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(feed)).into_response())
}

/// `DELETE /api/feeds/{id}`: stop following a feed (`204`).
pub(crate) async fn remove_feed(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Response, ApiError> {
    let id: i64 = raw
        .parse()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| ApiError::bad_request(format!("feed id {raw:?} is not a number")))?;
    let removed = blocking(move || state.store().remove_feed(id))
        .await
        .map_err(ApiError::internal)?
        .map_err(|e| ApiError::internal(e.to_string()))?;
    if removed {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(ApiError::not_found(format!("no feed {id}")))
    }
}
