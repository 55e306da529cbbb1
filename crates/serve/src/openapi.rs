//! The API's OpenAPI 3.1 document (`GET /api/openapi.json`).
//!
//! Owns the paths, parameters and status codes the document lists. The body schemas are not
//! written by hand: each comes from the response type's own JSON Schema (schemars, as
//! `parallax schema` prints them), its `$defs` hoisted into `components/schemas`, so the
//! document cannot drift from what the handlers serialise. `tests/openapi.rs` calls every
//! endpoint and validates each response against it.

use axum::Json;
use axum::response::{IntoResponse, Response};
use schemars::JsonSchema;
use serde_json::{Map, Value, json};

use crate::api::{
    ArticleOut, ErrorBody, FeedList, FeedRequest, SearchResults, StoriesPage, StoryWithReport,
};
use crate::input::{CompareRequest, MAX_ARTICLES, MIN_ARTICLES};

/// `GET /api/openapi.json`.
pub(crate) async fn document() -> Response {
    Json(openapi()).into_response()
}

/// Rewrite `#/$defs/X` references to `#/components/schemas/X`, everywhere in `v`.
fn rewrite_refs(v: &mut Value) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get_mut("$ref")
                && let Some(name) = r.strip_prefix("#/$defs/")
            {
                *r = format!("#/components/schemas/{name}");
            }
            m.values_mut().for_each(rewrite_refs);
        }
        Value::Array(a) => a.iter_mut().for_each(rewrite_refs),
        _ => {}
    }
}

/// Add `schema` as the component `name`, its definitions beside it.
fn add(components: &mut Map<String, Value>, name: &str, schema: Value) {
    let Value::Object(mut schema) = schema else {
        return;
    };
    schema.remove("$schema");
    schema.remove("$id");
    if let Some(Value::Object(defs)) = schema.remove("$defs") {
        for (k, mut d) in defs {
            rewrite_refs(&mut d);
            components.insert(k, d);
        }
    }
    let mut schema = Value::Object(schema);
    rewrite_refs(&mut schema);
    components.insert(name.to_string(), schema);
}

fn schema_of<T: JsonSchema>() -> Value {
    serde_json::to_value(schemars::schema_for!(T)).unwrap_or(Value::Null)
}

/// A `$ref` to a component.
fn r(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// A JSON response of schema `name`.
fn body(description: &str, name: &str) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": r(name) } } })
}

fn error(description: &str) -> Value {
    body(description, "Error")
}

/// A query or path parameter.
fn param(name: &str, place: &str, description: &str, schema: Value) -> Value {
    json!({
        "name": name, "in": place, "required": place == "path",
        "description": description, "schema": schema
    })
}

fn filters() -> Vec<Value> {
    let date = json!({ "type": "string", "format": "date" });
    vec![
        param(
            "q",
            "query",
            "Only stories with an article holding every word (stemmed full-text search).",
            json!({ "type": "string" }),
        ),
        param(
            "outlet",
            "query",
            "Only stories with an article from this outlet (its exact name).",
            json!({ "type": "string" }),
        ),
        param(
            "from",
            "query",
            "Only stories with an article published on or after this date.",
            date.clone(),
        ),
        param(
            "to",
            "query",
            "Only stories with an article published on or before this date.",
            date,
        ),
        param(
            "limit",
            "query",
            "Stories per page (default 20).",
            json!({ "type": "integer", "minimum": 1, "maximum": 100 }),
        ),
        param(
            "offset",
            "query",
            "Stories skipped.",
            json!({ "type": "integer", "minimum": 0 }),
        ),
    ]
}

/// The whole document.
pub fn openapi() -> Value {
    let mut components = Map::new();
    add(&mut components, "StoriesPage", schema_of::<StoriesPage>());
    add(
        &mut components,
        "StoryWithReport",
        schema_of::<StoryWithReport>(),
    );
    add(&mut components, "Article", schema_of::<ArticleOut>());
    add(
        &mut components,
        "SearchResults",
        schema_of::<SearchResults>(),
    );
    add(
        &mut components,
        "CompareRequest",
        schema_of::<CompareRequest>(),
    );
    add(
        &mut components,
        "ReportSummaries",
        schema_of::<Vec<parallax_store::ReportSummary>>(),
    );
    add(&mut components, "Error", schema_of::<ErrorBody>());
    add(&mut components, "FeedList", schema_of::<FeedList>());
    add(&mut components, "FeedRequest", schema_of::<FeedRequest>());
    add(&mut components, "Feed", schema_of::<parallax_store::Feed>());
    // The report exactly as `GET /api/schema` publishes it.
    let report: Value =
        serde_json::from_str(&parallax_render::report_schema()).unwrap_or(Value::Null);
    add(&mut components, "Report", report);

    let id = |what: &str| {
        param(
            "id",
            "path",
            &format!("The {what}'s id."),
            json!({ "type": "integer", "minimum": 1 }),
        )
    };
    json!({
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "Parallax",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Stories told by several outlets, compared: agreements, conflicts, framing, quotes and a neutral synthesis, every finding with byte offsets into its article's text. Every error is {\"error\": \"one line\"}. Writes need the server's token when it has one (Authorization: Bearer TOKEN)."
        },
        "components": {
            "schemas": components,
            "securitySchemes": { "token": { "type": "http", "scheme": "bearer" } }
        },
        "paths": {
            "/api/stories": { "get": {
                "summary": "Stories, newest activity first, with the story list's filters",
                "parameters": filters(),
                "responses": {
                    "200": body("One page of stories.", "StoriesPage"),
                    "400": error("A filter is malformed (a date not YYYY-MM-DD, an unknown parameter, a limit out of range)."),
                    "default": error("Any other failure.")
                }
            }},
            "/api/stories/{id}": { "get": {
                "summary": "One story and its comparison (a merged-away id gives the story that absorbed it)",
                "parameters": [id("story")],
                "responses": {
                    "200": body("The story and its report.", "StoryWithReport"),
                    "400": error("The id is not a number."),
                    "404": error("No such story."),
                    "default": error("Any other failure.")
                }
            }},
            "/api/articles/{id}": { "get": {
                "summary": "One stored article and its story",
                "parameters": [id("article")],
                "responses": {
                    "200": body("The article.", "Article"),
                    "400": error("The id is not a number."),
                    "404": error("No such article."),
                    "default": error("Any other failure.")
                }
            }},
            "/api/search": { "get": {
                "summary": "Stored articles holding every word, with their stories",
                "parameters": [
                    param("q", "query", "The words (stemmed; punctuation ignored).", json!({ "type": "string" })),
                    param("limit", "query", "Most articles (default 20).", json!({ "type": "integer", "minimum": 1, "maximum": 100 }))
                ],
                "responses": {
                    "200": body("The articles found.", "SearchResults"),
                    "400": error("No words, or a limit out of range."),
                    "default": error("Any other failure.")
                }
            }},
            "/api/compare": { "post": {
                "summary": format!("Compare {MIN_ARTICLES} to {MAX_ARTICLES} articles; with \"save\": true the report is saved and its address is in Location"),
                "security": [ {}, { "token": [] } ],
                "requestBody": { "required": true, "content": { "application/json": { "schema": r("CompareRequest") } } },
                "responses": {
                    "200": body("The report.", "Report"),
                    "400": error(&format!("Malformed JSON, an unknown field, fewer than {MIN_ARTICLES} usable articles or more than {MAX_ARTICLES}, empty text, a date not YYYY-MM-DD, bytes that are no article (each unusable article is named).")),
                    "401": error("The server has a token and the request did not carry it."),
                    "413": error("The body is over the size limit."),
                    "429": error("Too many writes from one address this minute (Retry-After says when to try again)."),
                    "default": error("Any other failure.")
                }
            }},
            "/api/feeds": {
                "get": {
                    "summary": "The feeds serve --watch follows besides those on its command line",
                    "responses": {
                        "200": body("The feeds, oldest first.", "FeedList"),
                        "default": error("Any other failure.")
                    }
                },
                "post": {
                    "summary": "Follow a feed (an http(s) address of a feed, OPML list, sitemap or page)",
                    "security": [ {}, { "token": [] } ],
                    "requestBody": { "required": true, "content": { "application/json": { "schema": r("FeedRequest") } } },
                    "responses": {
                        "201": body("Added.", "Feed"),
                        "200": body("It was followed already.", "Feed"),
                        "400": error("Malformed JSON, an unknown field, or not an http(s) address."),
                        "401": error("The server has a token and the request did not carry it."),
                        "429": error("Too many writes from one address this minute."),
                        "default": error("Any other failure.")
                    }
                }
            },
            "/api/feeds/{id}": { "delete": {
                "summary": "Stop following a feed",
                "security": [ {}, { "token": [] } ],
                "parameters": [id("feed")],
                "responses": {
                    "204": { "description": "Removed." },
                    "400": error("The id is not a number."),
                    "401": error("The server has a token and the request did not carry it."),
                    "404": error("No such feed."),
                    "default": error("Any other failure.")
                }
            }},
            "/api/reports": { "get": {
                "summary": "Saved reports, newest first",
                "parameters": [param("limit", "query", "Most reports (default 100, at most 1000).", json!({ "type": "integer", "minimum": 0 }))],
                "responses": {
                    "200": body("The saved reports.", "ReportSummaries"),
                    "400": error("A malformed query."),
                    "default": error("Any other failure.")
                }
            }},
            "/api/reports/{id}": { "get": {
                "summary": "One saved report",
                "parameters": [id("report")],
                "responses": {
                    "200": body("The report.", "Report"),
                    "400": error("The id is not a number."),
                    "404": error("No such report."),
                    "default": error("Any other failure.")
                }
            }},
            "/api/schema": { "get": {
                "summary": "The JSON Schema of the report",
                "responses": {
                    "200": { "description": "A JSON Schema (draft 2020-12).", "content": { "application/json": { "schema": { "type": "object" } } } }
                }
            }},
            "/api/openapi.json": { "get": {
                "summary": "This document",
                "responses": {
                    "200": { "description": "An OpenAPI 3.1 document.", "content": { "application/json": { "schema": { "type": "object", "required": ["openapi", "paths"] } } } }
                }
            }}
        }
    })
}
