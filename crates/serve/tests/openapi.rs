//! The API against its OpenAPI document: every endpoint is called, on its success and its 4xx
//! paths, and every response body is validated against the schema the document gives for that
//! path, method and status. The validator below knows the subset of JSON Schema 2020-12 the
//! document uses and fails on any keyword it does not know, so a schema it cannot check is
//! never passed silently.
#![allow(clippy::unwrap_used)]

mod common;

use axum::http::StatusCode;
use common::{Filled, filled_store, get, post, send};
use parallax_serve::{AppState, router};
use serde_json::{Value, json};

/// Why `value` does not match `schema` (resolving `$ref`s in `doc`), or `None` when it does.
fn check(doc: &Value, schema: &Value, value: &Value, at: &str) -> Option<String> {
    let Some(obj) = schema.as_object() else {
        return match schema {
            Value::Bool(true) => None,
            Value::Bool(false) => Some(format!("{at}: nothing is allowed here")),
            _ => panic!("{at}: a schema that is neither an object nor a boolean: {schema}"),
        };
    };
    for (k, rule) in obj {
        let problem = match k.as_str() {
            "description" | "title" | "default" | "examples" | "deprecated" | "readOnly"
            | "writeOnly" | "$comment" => None,
            // Formats are annotations in 2020-12; the ones used are checked where they matter.
            "format" => match (rule.as_str(), value.as_str()) {
                (Some("date"), Some(s)) => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                    .is_err()
                    .then(|| format!("{at}: {s:?} is not a date")),
                _ => None,
            },
            "$ref" => {
                let path = rule.as_str().unwrap().strip_prefix("#/").unwrap();
                let target = path.split('/').fold(doc, |v, part| &v[part]);
                assert!(!target.is_null(), "{at}: dangling $ref {rule}");
                check(doc, target, value, at)
            }
            "type" => {
                let types: Vec<&str> = match rule {
                    Value::String(t) => vec![t.as_str()],
                    Value::Array(a) => a.iter().map(|t| t.as_str().unwrap()).collect(),
                    _ => panic!("{at}: bad type {rule}"),
                };
                let ok = types.iter().any(|t| match *t {
                    "null" => value.is_null(),
                    "boolean" => value.is_boolean(),
                    "object" => value.is_object(),
                    "array" => value.is_array(),
                    "string" => value.is_string(),
                    "number" => value.is_number(),
                    "integer" => value.is_i64() || value.is_u64(),
                    other => panic!("{at}: unknown type {other}"),
                });
                (!ok).then(|| format!("{at}: {value} is not of type {rule}"))
            }
            "enum" => (!rule.as_array().unwrap().contains(value))
                .then(|| format!("{at}: {value} is not one of {rule}")),
            "const" => (rule != value).then(|| format!("{at}: {value} is not {rule}")),
            "minimum" => value
                .as_f64()
                .filter(|v| *v < rule.as_f64().unwrap())
                .map(|v| format!("{at}: {v} is under {rule}")),
            "maximum" => value
                .as_f64()
                .filter(|v| *v > rule.as_f64().unwrap())
                .map(|v| format!("{at}: {v} is over {rule}")),
            "required" => value.as_object().and_then(|o| {
                rule.as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r.as_str().unwrap())
                    .find(|r| !o.contains_key(*r))
                    .map(|r| format!("{at}: required property {r} is missing"))
            }),
            "properties" => value.as_object().and_then(|o| {
                rule.as_object().unwrap().iter().find_map(|(name, s)| {
                    o.get(name)
                        .and_then(|v| check(doc, s, v, &format!("{at}.{name}")))
                })
            }),
            "additionalProperties" => value.as_object().and_then(|o| {
                let known = obj.get("properties").and_then(Value::as_object);
                o.iter()
                    .filter(|(name, _)| known.is_none_or(|k| !k.contains_key(*name)))
                    .find_map(|(name, v)| check(doc, rule, v, &format!("{at}.{name}")))
            }),
            "items" => value.as_array().and_then(|a| {
                a.iter()
                    .enumerate()
                    .find_map(|(i, v)| check(doc, rule, v, &format!("{at}[{i}]")))
            }),
            "minItems" => value
                .as_array()
                .filter(|a| (a.len() as u64) < rule.as_u64().unwrap())
                .map(|_| format!("{at}: fewer than {rule} items")),
            "maxItems" => value
                .as_array()
                .filter(|a| (a.len() as u64) > rule.as_u64().unwrap())
                .map(|_| format!("{at}: more than {rule} items")),
            "allOf" => rule
                .as_array()
                .unwrap()
                .iter()
                .find_map(|s| check(doc, s, value, at)),
            "anyOf" => {
                let all: Vec<String> = rule
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter_map(|s| check(doc, s, value, at))
                    .collect();
                (all.len() == rule.as_array().unwrap().len())
                    .then(|| format!("{at}: matches none of anyOf ({})", all.join("; ")))
            }
            "oneOf" => {
                let matching = rule
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|s| check(doc, s, value, at).is_none())
                    .count();
                (matching != 1).then(|| format!("{at}: matches {matching} of oneOf, not one"))
            }
            other => panic!("{at}: the validator does not know the keyword {other}"),
        };
        if problem.is_some() {
            return problem;
        }
    }
    None
}

/// The response schema the document gives for a path template, method and status.
fn response_schema<'a>(doc: &'a Value, path: &str, method: &str, status: u16) -> &'a Value {
    let responses = &doc["paths"][path][method]["responses"];
    assert!(responses.is_object(), "the document has no {method} {path}");
    let r = &responses[status.to_string()];
    assert!(
        r.is_object(),
        "the document lists no {status} for {method} {path}"
    );
    let schema = &r["content"]["application/json"]["schema"];
    assert!(
        schema.is_object(),
        "no JSON schema for {status} of {method} {path}"
    );
    schema
}

#[test]
fn the_validator_rejects_what_does_not_match() {
    let doc = json!({"components": {"schemas": {"E": {"type": "object", "required": ["error"],
        "properties": {"error": {"type": "string"}}, "additionalProperties": false}}}});
    let e = json!({"$ref": "#/components/schemas/E"});
    assert_eq!(check(&doc, &e, &json!({"error": "x"}), "$"), None);
    assert!(
        check(&doc, &e, &json!({}), "$")
            .unwrap()
            .contains("required property error")
    );
    assert!(
        check(&doc, &e, &json!({"error": 3}), "$")
            .unwrap()
            .contains("not of type")
    );
    assert!(
        check(&doc, &e, &json!({"error": "x", "more": 1}), "$")
            .unwrap()
            .contains("$.more")
    );
    let nullable = json!({"type": ["integer", "null"], "minimum": 0});
    assert_eq!(check(&doc, &nullable, &Value::Null, "$"), None);
    assert!(check(&doc, &nullable, &json!(-1), "$").is_some());
    assert!(check(&doc, &json!({"format": "date"}), &json!("2026-13-01"), "$").is_some());
    let any = json!({"anyOf": [{"type": "string"}, {"type": "null"}]});
    assert!(check(&doc, &any, &json!(1), "$").is_some());
}

#[test]
#[should_panic(expected = "does not know the keyword patternProperties")]
fn the_validator_refuses_keywords_it_cannot_check() {
    check(
        &json!({}),
        &json!({"patternProperties": {}}),
        &json!({}),
        "$",
    );
}

#[tokio::test]
async fn every_endpoint_answers_as_the_document_says() {
    let Filled {
        store,
        rail,
        articles,
        ..
    } = filled_store();
    let app = router(AppState::new(store));
    let (status, _, doc) = get(&app, "/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    let doc: Value = serde_json::from_str(&doc).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");

    let compare = json!({"save": true, "articles": [
        {"text": "Governor Maria Alvarez opened the new Riverside rail line on Monday.\n\nAbout 5,000 people attended.", "source": "Lantern", "published": "2026-03-04"},
        {"text": "On Monday Governor Maria Alvarez opened the Riverside rail line.\n\nSome 3,000 people attended.", "source": "Sentinel"}
    ]})
    .to_string();
    let one = json!({"articles": [{"text": "The ferry resumed crossings on Friday."}]}).to_string();
    let big = json!({"articles": [{"text": "word ".repeat(1_100_000)}]}).to_string();
    // (method, uri, body, status, the document's path template)
    let a = articles[0];
    let cases: Vec<(&str, String, Option<String>, u16, &str)> = vec![
        ("get", "/api/stories".into(), None, 200, "/api/stories"),
        (
            "get",
            "/api/stories?limit=1".into(),
            None,
            200,
            "/api/stories",
        ),
        (
            "get",
            "/api/stories?q=ferry&outlet=Harbor%20Ledger&from=2026-01-01&to=2026-12-31".into(),
            None,
            200,
            "/api/stories",
        ),
        (
            "get",
            "/api/stories?from=March".into(),
            None,
            400,
            "/api/stories",
        ),
        (
            "get",
            "/api/stories?limit=0".into(),
            None,
            400,
            "/api/stories",
        ),
        (
            "get",
            "/api/stories?colour=red".into(),
            None,
            400,
            "/api/stories",
        ),
        (
            "get",
            format!("/api/stories/{rail}"),
            None,
            200,
            "/api/stories/{id}",
        ),
        (
            "get",
            "/api/stories/999".into(),
            None,
            404,
            "/api/stories/{id}",
        ),
        (
            "get",
            "/api/stories/abc".into(),
            None,
            400,
            "/api/stories/{id}",
        ),
        (
            "get",
            format!("/api/articles/{a}"),
            None,
            200,
            "/api/articles/{id}",
        ),
        (
            "get",
            "/api/articles/999".into(),
            None,
            404,
            "/api/articles/{id}",
        ),
        (
            "get",
            "/api/articles/first".into(),
            None,
            400,
            "/api/articles/{id}",
        ),
        (
            "get",
            "/api/search?q=ferries".into(),
            None,
            200,
            "/api/search",
        ),
        ("get", "/api/search".into(), None, 400, "/api/search"),
        (
            "get",
            "/api/search?q=ferry&limit=1000".into(),
            None,
            400,
            "/api/search",
        ),
        (
            "post",
            "/api/compare".into(),
            Some(compare),
            200,
            "/api/compare",
        ),
        (
            "post",
            "/api/compare".into(),
            Some("{not json".into()),
            400,
            "/api/compare",
        ),
        (
            "post",
            "/api/compare".into(),
            Some(r#"{"articles": []}"#.into()),
            400,
            "/api/compare",
        ),
        (
            "post",
            "/api/compare".into(),
            Some(one.clone()),
            400,
            "/api/compare",
        ),
        (
            "post",
            "/api/compare".into(),
            Some(big),
            413,
            "/api/compare",
        ),
        ("get", "/api/feeds".into(), None, 200, "/api/feeds"),
        (
            "post",
            "/api/feeds".into(),
            Some(r#"{"input": "https://lantern.example.invalid/feed.xml"}"#.into()),
            201,
            "/api/feeds",
        ),
        (
            "post",
            "/api/feeds".into(),
            Some(r#"{"input": "https://lantern.example.invalid/feed.xml"}"#.into()),
            200,
            "/api/feeds",
        ),
        (
            "post",
            "/api/feeds".into(),
            Some(r#"{"input": "/etc/passwd"}"#.into()),
            400,
            "/api/feeds",
        ),
        (
            "post",
            "/api/feeds".into(),
            Some(r#"{"url": "https://x.example.invalid/"}"#.into()),
            400,
            "/api/feeds",
        ),
        ("get", "/api/feeds".into(), None, 200, "/api/feeds"),
        (
            "delete",
            "/api/feeds/1".into(),
            None,
            204,
            "/api/feeds/{id}",
        ),
        (
            "delete",
            "/api/feeds/1".into(),
            None,
            404,
            "/api/feeds/{id}",
        ),
        (
            "delete",
            "/api/feeds/one".into(),
            None,
            400,
            "/api/feeds/{id}",
        ),
        ("get", "/api/reports".into(), None, 200, "/api/reports"),
        (
            "get",
            "/api/reports?limit=many".into(),
            None,
            400,
            "/api/reports",
        ),
        (
            "get",
            "/api/reports/1".into(),
            None,
            200,
            "/api/reports/{id}",
        ),
        (
            "get",
            "/api/reports/99".into(),
            None,
            404,
            "/api/reports/{id}",
        ),
        (
            "get",
            "/api/reports/abc".into(),
            None,
            400,
            "/api/reports/{id}",
        ),
        ("get", "/api/schema".into(), None, 200, "/api/schema"),
        (
            "get",
            "/api/openapi.json".into(),
            None,
            200,
            "/api/openapi.json",
        ),
    ];
    let mut seen = std::collections::BTreeSet::new();
    for (method, uri, body, want, template) in &cases {
        let (status, headers, out) = match (*method, body) {
            ("delete", _) => {
                let req = axum::http::Request::delete(uri.as_str())
                    .body(axum::body::Body::empty())
                    .unwrap();
                send(&app, req).await
            }
            (_, None) => get(&app, uri).await,
            (_, Some(b)) => post(&app, uri, "application/json", b.clone(), None).await,
        };
        assert_eq!(status.as_u16(), *want, "{method} {uri}: {out}");
        seen.insert((template.to_string(), method.to_string()));
        if *want == 204 {
            let r = &doc["paths"][template][method]["responses"]["204"];
            assert!(
                r.is_object() && r.get("content").is_none(),
                "204 of {method} {template}"
            );
            assert!(out.is_empty(), "{method} {uri}: a 204 has no body");
            continue;
        }
        assert_eq!(
            headers["content-type"], "application/json",
            "{method} {uri}"
        );
        let value: Value = serde_json::from_str(&out).unwrap();
        let schema = response_schema(&doc, template, method, *want);
        if let Some(problem) = check(&doc, schema, &value, "$") {
            panic!("{method} {uri} ({want}) does not match the document: {problem}");
        }
        if *want >= 400 {
            let msg = value["error"].as_str().unwrap();
            assert!(!msg.is_empty() && !msg.contains('\n'), "{uri}: {msg:?}");
        }
    }
    assert!(
        doc["paths"]["/api/compare"]["post"]["summary"]
            .as_str()
            .unwrap()
            .starts_with("Compare 2 to 20 articles;")
    );
    // Every operation of the document was called.
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for method in ops.as_object().unwrap().keys() {
            assert!(
                seen.contains(&(path.clone(), method.clone())),
                "{method} {path} was not called"
            );
        }
    }
    // Facts the schema cannot say: the filters filter, the pages page, the story is the one asked.
    let (_, _, page) = get(&app, "/api/stories?limit=1").await;
    let page: Value = serde_json::from_str(&page).unwrap();
    assert_eq!(page["stories"].as_array().unwrap().len(), 1);
    assert_eq!(page["next"], "/api/stories?offset=1&limit=1");
    let (_, _, story) = get(&app, &format!("/api/stories/{rail}")).await;
    let story: Value = serde_json::from_str(&story).unwrap();
    assert_eq!(story["story"]["id"], rail);
    assert_eq!(story["report"]["sources"].as_array().unwrap().len(), 3);
    let (_, _, listed) = get(&app, "/api/stories").await;
    let listed: Value = serde_json::from_str(&listed).unwrap();
    assert_eq!(
        listed["stories"][0]["conflicts"],
        json!(story["report"]["conflicts"].as_array().unwrap().len()),
        "counts of the cached comparison: {listed}"
    );
    let (_, _, art) = get(&app, &format!("/api/articles/{a}")).await;
    let art: Value = serde_json::from_str(&art).unwrap();
    assert_eq!(
        (art["outlet"].as_str(), art["story"].as_i64()),
        (Some("Daily Lantern"), Some(rail))
    );

    // Outside the document: unknown routes and methods answer in the same error shape.
    let error = json!({"$ref": "#/components/schemas/Error"});
    let (status, _, out) = get(&app, "/api/nowhere").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        check(&doc, &error, &serde_json::from_str(&out).unwrap(), "$"),
        None
    );
    let req = axum::http::Request::delete("/api/stories")
        .body(axum::body::Body::empty())
        .unwrap();
    let (status, _, out) = send(&app, req).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        check(&doc, &error, &serde_json::from_str(&out).unwrap(), "$"),
        None
    );

    // The 429 of a client over the write limit.
    let limited =
        router(AppState::new(parallax_store::Store::open_in_memory().unwrap()).with_write_limit(1));
    let two = json!({"articles": [
        {"text": "The ferry resumed crossings on Friday."},
        {"text": "Ferry crossings resumed on Friday after repairs."}
    ]})
    .to_string();
    let (status, _, _) = post(
        &limited,
        "/api/compare",
        "application/json",
        two.clone(),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, headers, out) =
        post(&limited, "/api/compare", "application/json", two, None).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        headers["retry-after"]
            .to_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            <= 60
    );
    assert!(out.contains("at most 1 a minute"), "{out}");
    let schema = response_schema(&doc, "/api/compare", "post", 429);
    assert_eq!(
        check(&doc, schema, &serde_json::from_str(&out).unwrap(), "$"),
        None
    );
    let (status, _, _) = get(&limited, "/api/stories").await;
    assert_eq!(status, StatusCode::OK, "reads are not limited");
    let form = "text_1=The+ferry+resumed.".to_string();
    let (status, _, html) = post(
        &limited,
        "/compare",
        "application/x-www-form-urlencoded",
        form,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(html.contains("too many writes"), "the form gets a page");

    // The 401 of a server with a token.
    let guarded = router(
        AppState::new(parallax_store::Store::open_in_memory().unwrap())
            .with_token(Some("t".into())),
    );
    let (status, _, out) = post(
        &guarded,
        "/api/compare",
        "application/json",
        "{}".into(),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let schema = response_schema(&doc, "/api/compare", "post", 401);
    assert_eq!(
        check(&doc, schema, &serde_json::from_str(&out).unwrap(), "$"),
        None
    );
}
