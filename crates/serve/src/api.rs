//! The JSON API: compare, saved reports, the report schema.
//!
//! Owns request parsing and the JSON error contract: every failure is
//! `{"error": "<one line>"}` with a 4xx/5xx status. It deliberately reads the body itself
//! (not through axum's `Json`) so that malformed JSON and oversized bodies get that same shape.
//! It does not build HTML; `pages.rs` does.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use parallax_core::Provenance;
use serde::Deserialize;

use crate::input::{CompareRequest, prepare};
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
        let prepared = prepare(&request.articles, Provenance::JsonField)?;
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
pub(crate) struct ListQuery {
    limit: Option<usize>,
}

/// `GET /api/reports`: saved reports, newest first.
pub(crate) async fn reports(
    State(state): State<AppState>,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let limit = query
        .map_err(|r| ApiError::bad_request(r.body_text()))?
        .0
        .limit
        .unwrap_or(100)
        .min(1000);
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
