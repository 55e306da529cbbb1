//! Every route driven in-process through the router (no network), plus one test over a real
//! socket on 127.0.0.1. Checks status codes, the JSON error contract, saving and reloading,
//! and that article text can never inject markup into a page.
#![allow(clippy::unwrap_used)]

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use parallax_serve::{AppState, router};
use parallax_store::Store;
use serde_json::{Value, json};
use tower::ServiceExt;

const LANTERN: &str = "Governor Maria Alvarez opened the new Riverside rail line on Monday.\n\nAbout 5,000 people attended the ceremony in Busan.";
const SENTINEL: &str = "On Monday Governor Maria Alvarez opened the Riverside rail line.\n\nSome 3,000 people attended the ceremony in Busan, officials said.";

fn app() -> Router {
    router(AppState::new(Store::open_in_memory().unwrap()))
}

async fn send(app: &Router, req: Request<Body>) -> (StatusCode, HeaderMap, String) {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8(bytes.to_vec()).unwrap())
}

async fn get(app: &Router, uri: &str) -> (StatusCode, HeaderMap, String) {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn post_json(app: &Router, uri: &str, body: &Value) -> (StatusCode, HeaderMap, String) {
    post_raw(app, uri, "application/json", body.to_string()).await
}

async fn post_raw(
    app: &Router,
    uri: &str,
    content_type: &str,
    body: String,
) -> (StatusCode, HeaderMap, String) {
    let req = Request::post(uri)
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .unwrap();
    send(app, req).await
}

async fn post_form(app: &Router, fields: &[(&str, &str)]) -> (StatusCode, HeaderMap, String) {
    let body = fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    post_raw(app, "/compare", "application/x-www-form-urlencoded", body).await
}

/// application/x-www-form-urlencoded, byte by byte.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn pair() -> Value {
    json!({"articles": [
        {"text": LANTERN, "source": "Lantern", "published": "2026-03-04", "title": "Rail line opens"},
        {"text": SENTINEL, "source": "Sentinel", "published": "2026-03-04", "url": "https://example.invalid/s"}
    ]})
}

#[tokio::test]
async fn health_schema_and_headers() {
    let app = app();
    let (status, headers, body) = get(&app, "/healthz").await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ok"));
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(
        headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .contains("default-src 'none'")
    );

    let (status, headers, body) = get(&app, "/api/schema").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");
    let schema: Value = serde_json::from_str(&body).unwrap();
    let expected: Value = serde_json::from_str(&parallax_render::report_schema()).unwrap();
    assert_eq!(schema, expected);
    assert!(schema["properties"]["conflicts"].is_object());

    let (status, _, body) = get(&app, "/nowhere").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("There is no page here."));
}

#[tokio::test]
async fn api_compare_returns_the_report() {
    let app = app();
    let (status, headers, body) = post_json(&app, "/api/compare", &pair()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        headers.get(header::LOCATION).is_none(),
        "not saved unless asked"
    );
    let report: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(report["schema_version"], parallax_core::SCHEMA_VERSION);
    let s = &report["sources"];
    assert_eq!(s[0]["outlet"], "Lantern");
    assert_eq!(s[0]["outlet_provenance"], "json_field");
    assert_eq!(s[0]["published"], "2026-03-04");
    assert_eq!(s[0]["title"], "Rail line opens");
    assert_eq!(s[0]["input"], "article 1");
    assert_eq!(s[1]["article"], "a2");
    assert_eq!(s[1]["url"], "https://example.invalid/s");
    assert!(
        !report["agreed"].as_array().unwrap().is_empty(),
        "both report the opening"
    );
    // Nothing was saved.
    let (_, _, list) = get(&app, "/api/reports").await;
    assert_eq!(list, "[]");
}

#[tokio::test]
async fn api_errors_are_json_with_a_reason() {
    let app = app();
    let cases = [
        (
            json!({"articles": []}),
            "no article sent; a comparison needs at least 2",
        ),
        (
            json!({"articles": [{"text": "  "}, {"text": LANTERN}]}),
            "article 1: text is empty",
        ),
        (
            json!({"articles": [{"text": LANTERN}, {"text": "x y z", "published": "4 March"}]}),
            "article 2: the date \"4 March\" is not a calendar date",
        ),
        (
            json!({"articles": [{"txt": "typo"}]}),
            "unknown field `txt`",
        ),
        (json!({"nothing": 1}), "invalid request"),
    ];
    for (body, reason) in cases {
        let (status, headers, out) = post_json(&app, "/api/compare", &body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {out}");
        assert_eq!(headers[header::CONTENT_TYPE], "application/json");
        let err: Value = serde_json::from_str(&out).unwrap();
        let msg = err["error"].as_str().unwrap();
        assert!(msg.contains(reason), "{msg:?} should say {reason:?}");
        assert!(!msg.contains('\n'));
    }
    let (status, _, out) =
        post_raw(&app, "/api/compare", "application/json", "{not json".into()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(out.contains("\"error\""));
}

#[tokio::test]
async fn the_api_refuses_fewer_than_two_usable_articles() {
    let app = app();
    let (status, headers, out) = post_json(
        &app,
        "/api/compare",
        &json!({"articles": [{"text": LANTERN}]}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{out}");
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");
    assert_eq!(
        serde_json::from_str::<Value>(&out).unwrap(),
        json!({"error": "1 article sent; a comparison needs at least 2 (add another to \"articles\")"})
    );
    // Three sent, two unusable: the one left is refused the same way, with the others' reasons.
    let body = json!({"articles": [
        {"text": LANTERN},
        {"text": " "},
        {"text": SENTINEL, "published": "Monday"}
    ]});
    let (status, _, out) = post_json(&app, "/api/compare", &body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{out}");
    assert_eq!(
        serde_json::from_str::<Value>(&out).unwrap()["error"],
        "3 articles sent but only 1 usable, and a comparison needs at least 2: article 2: text is empty; article 3: the date \"Monday\" is not a calendar date; write it as YYYY-MM-DD, such as 2026-03-04 (fix them, or add another to \"articles\")"
    );
    let (_, _, list) = get(&app, "/api/reports").await;
    assert_eq!(list, "[]");
}

#[tokio::test]
async fn the_form_refuses_fewer_than_two_usable_articles_and_keeps_them() {
    let app = app();
    let (status, _, html) = post_form(
        &app,
        &[("source_1", "Lantern"), ("text_1", LANTERN), ("text_2", "")],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        html.contains("<p class=\"error\" role=\"alert\">1 article given; a comparison needs at least 2 (paste, upload or give the web address of another)</p>"),
        "{html}"
    );
    assert!(html.contains("value=\"Lantern\""), "the outlet is kept");
    assert!(
        html.contains("Governor Maria Alvarez opened the new Riverside rail line"),
        "the text is kept"
    );
    // A page that cannot be fetched leaves one: refused, naming why.
    let (status, _, html) = post_form(
        &app,
        &[
            ("text_1", LANTERN),
            ("url_2", "http://127.0.0.1:9/rail"),
            ("text_3", "   "),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        html.contains("2 articles given but only 1 usable, and a comparison needs at least 2: article 2: http://127.0.0.1:9/rail: "),
        "{html}"
    );
    assert!(
        html.contains("(fix it, or paste, upload or give the web address of another)"),
        "{html}"
    );
    assert!(
        html.contains("value=\"http://127.0.0.1:9/rail\""),
        "the address is kept"
    );
    let (_, _, list) = get(&app, "/api/reports").await;
    assert_eq!(list, "[]");
}

#[tokio::test]
async fn an_oversized_body_is_refused_before_it_is_read() {
    let app = app();
    let big = "word ".repeat(1_100_000); // 5.5 MB
    let body = json!({"articles": [{"text": big}]}).to_string();
    let (status, _, out) = post_raw(&app, "/api/compare", "application/json", body).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let err: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(err["error"], "request body over the 5 MiB limit");
}

#[tokio::test]
async fn saved_reports_come_back_as_json_and_html() {
    let app = app();
    let mut body = pair();
    body["save"] = json!(true);
    let (status, headers, out) = post_json(&app, "/api/compare", &body).await;
    assert_eq!(status, StatusCode::OK);
    let location = headers[header::LOCATION].to_str().unwrap().to_string();
    assert_eq!(location, "/api/reports/1");
    let report: Value = serde_json::from_str(&out).unwrap();

    let (status, _, stored) = get(&app, &location).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(serde_json::from_str::<Value>(&stored).unwrap(), report);

    let (_, _, list) = get(&app, "/api/reports?limit=5").await;
    let list: Value = serde_json::from_str(&list).unwrap();
    assert_eq!(list[0]["id"], 1);
    assert_eq!(list[0]["outlets"], json!(["Lantern", "Sentinel"]));
    assert_eq!(list[0]["title"], "Rail line opens");

    let (status, headers, html) = get(&app, "/reports/1").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(
        html.contains("href=\"/api/reports/1\">JSON</a>"),
        "nav bar links the JSON"
    );
    assert!(html.contains("Governor Maria Alvarez"));

    let (_, _, page) = get(&app, "/reports").await;
    assert!(page.contains("href=\"/reports/1\""));
    assert!(page.contains("Lantern, Sentinel"));

    let (status, _, out) = get(&app, "/api/reports/99").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        serde_json::from_str::<Value>(&out).unwrap()["error"],
        "no report 99"
    );
    let (status, _, _) = get(&app, "/api/reports/abc").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _, _) = get(&app, "/reports/99").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_form_page_has_one_box_per_article() {
    let app = app();
    let (status, _, html) = get(&app, "/compare").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("<form method=\"post\" action=\"/compare\" enctype=\"multipart/form-data\">")
    );
    for i in 1..=3 {
        assert!(html.contains(&format!("name=\"text_{i}\"")));
        assert!(html.contains(&format!("name=\"source_{i}\"")));
        assert!(html.contains(&format!("name=\"published_{i}\"")));
    }
    assert!(!html.contains("name=\"text_4\""));
    let (_, _, html) = get(&app, "/compare?slots=6").await;
    assert!(html.contains("name=\"text_6\""));
    let (_, _, html) = get(&app, "/compare?slots=9999").await;
    assert!(html.contains("name=\"text_20\"") && !html.contains("name=\"text_21\""));
}

#[tokio::test]
async fn the_form_compares_saves_and_escapes_everything() {
    let app = app();
    let evil = "<script>alert(1)</script>";
    let text = format!("{LANTERN}\n\nA reader wrote {evil} in the comments.");
    let (status, headers, html) = post_form(
        &app,
        &[
            ("source_1", "Lantern <script>alert(2)</script>"),
            ("published_1", "2026-03-04"),
            ("text_1", &text),
            ("source_2", "Sentinel"),
            ("published_2", ""),
            ("text_2", SENTINEL),
            ("source_3", ""),
            ("text_3", ""),
        ],
    )
    .await;
    // Saved: See Other to the report's page, so a reload does not post (and save) it twice.
    assert_eq!(status, StatusCode::SEE_OTHER, "{html}");
    assert_eq!(headers[header::LOCATION], "/reports/1");
    let (status, headers, html) = get(&app, "/reports/1").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert_eq!(
        html.to_lowercase().matches("<script").count(),
        1,
        "no script tag but the page's own"
    );
    assert!(html.contains("<script src=\"/static/app.js\" defer></script>"));
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the text is shown, escaped"
    );
    assert!(
        html.contains("href=\"/reports/1\">Report 1</a>"),
        "saved and linked"
    );

    let (_, _, list) = get(&app, "/reports").await;
    assert_eq!(list.to_lowercase().matches("<script").count(), 1);
    assert!(list.contains("Lantern &lt;script&gt;alert(2)&lt;/script&gt;, Sentinel"));
    let (_, _, stored) = get(&app, "/api/reports/1").await;
    let stored: Value = serde_json::from_str(&stored).unwrap();
    assert_eq!(stored["sources"][0]["outlet_provenance"], "flag");
    assert_eq!(
        stored["sources"].as_array().unwrap().len(),
        2,
        "empty box skipped"
    );
}

#[tokio::test]
async fn form_mistakes_come_back_with_the_form_and_the_values() {
    let app = app();
    let (status, _, html) = post_form(&app, &[("source_1", ""), ("text_1", "  ")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains(
        "no article given; a comparison needs at least 2 (paste, upload or give the web address of each)"
    ));
    assert!(html.contains("name=\"text_1\""), "the form is shown again");

    let (status, _, html) = post_form(
        &app,
        &[
            ("text_1", LANTERN),
            ("source_2", "Sentinel <b>"),
            ("text_2", ""),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("article 2: give its text, a file or its web address"));
    assert!(
        html.contains("value=\"Sentinel &lt;b&gt;\""),
        "values kept, escaped"
    );
    assert!(html.contains("Governor Maria Alvarez opened"), "text kept");

    let (status, _, html) = post_form(
        &app,
        &[
            ("text_1", LANTERN),
            ("published_1", "March 4"),
            ("text_2", SENTINEL),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        html.contains(
            "article 1: the date &quot;March 4&quot; is not a calendar date; write it as YYYY-MM-DD, such as 2026-03-04"
        ),
        "{html}"
    );

    let (status, _, _) = post_raw(&app, "/compare", "text/plain", "text_1=x".into()).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let (_, _, list) = get(&app, "/api/reports").await;
    assert_eq!(list, "[]", "nothing saved from failed forms");
}

#[tokio::test]
async fn serves_over_a_real_socket_on_loopback() {
    use std::io::{Read, Write};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(parallax_serve::serve_on(
        listener,
        AppState::new(Store::open_in_memory().unwrap()),
    ));
    let response = tokio::task::spawn_blocking(move || {
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        s.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            .unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    })
    .await
    .unwrap();
    server.abort();
    assert!(response.starts_with("HTTP/1.1 200 OK"), "{response}");
    assert!(response.ends_with("ok"), "{response}");
}

#[tokio::test]
async fn serve_reports_a_bad_database_before_listening() {
    let dir = std::env::temp_dir().join(format!("parallax-serve-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("junk.db");
    std::fs::write(&path, "not sqlite at all ".repeat(40)).unwrap();
    let err = parallax_serve::serve("127.0.0.1:0".parse().unwrap(), path, None)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("junk.db: not a Parallax database"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

/// The same routes over PostgreSQL (the server `PARALLAX_TEST_PG` names, in a schema of this
/// test's own): a report saved through the API is listed and reloaded, and dropping the store
/// on an async thread at the end does not panic (the synchronous client closes elsewhere).
#[test]
fn saves_and_lists_reports_in_postgres() {
    let Some(server) = parallax_testkit::pg_url() else {
        return;
    };
    let schema = format!("ptest_serve_{}", std::process::id());
    let mut admin = postgres::Client::connect(&server, postgres::NoTls).unwrap();
    admin
        .batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
        ))
        .unwrap();
    let sep = if server.contains('?') { '&' } else { '?' };
    let url = format!("{server}{sep}options=-csearch_path%3D{schema}");
    let store = Store::open(&url).unwrap();
    assert_eq!(store.backend(), "postgresql");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let app = router(AppState::new(store));
        let (status, headers, body) = post_json(
            &app,
            "/api/compare",
            &json!({"save": true, "articles": pair()["articles"]}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let location = headers[header::LOCATION].to_str().unwrap().to_string();
        let (status, _, saved) = get(&app, &location).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            serde_json::from_str::<Value>(&saved).unwrap(),
            serde_json::from_str::<Value>(&body).unwrap()
        );
        let (_, _, list) = get(&app, "/api/reports").await;
        let list: Value = serde_json::from_str(&list).unwrap();
        assert_eq!(list.as_array().unwrap().len(), 1);
        assert_eq!(list[0]["outlets"], json!(["Lantern", "Sentinel"]));
        let (status, _, page) = get(&app, "/reports").await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("Lantern, Sentinel"), "{page}");
        drop(app); // The last handle to the store, dropped on a runtime thread.
    });
    drop(runtime);
    admin
        .batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
        .unwrap();
}

/// A multipart/form-data body: text fields, then files as (field, file name, bytes).
fn multipart(fields: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "parallax-test-boundary-7f3a";
    let mut body: Vec<u8> = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    for (k, name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"; filename=\"{name}\"\r\nContent-Type: text/plain\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn post_multipart(
    app: &Router,
    content_type: &str,
    body: Vec<u8>,
) -> (StatusCode, HeaderMap, String) {
    let req = Request::post("/compare")
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .unwrap();
    send(app, req).await
}

#[tokio::test]
async fn the_start_page_offers_an_example_a_file_and_a_web_address() {
    let app = app();
    let (_, _, html) = get(&app, "/compare").await;
    assert!(
        html.contains("href=\"/compare?example=summit\""),
        "an example to try"
    );
    assert!(html.contains("enctype=\"multipart/form-data\""));
    assert!(html.contains("type=\"file\" name=\"file_1\""));
    assert!(html.contains("type=\"url\" size=\"40\" name=\"url_1\""));
    let (status, _, html) = get(&app, "/compare?example=summit").await;
    assert_eq!(status, StatusCode::OK);
    for words in [
        "Daily Lantern",
        "A historic day for Riverside",
        "Alvarez Rail Line Opens To Protests",
    ] {
        assert!(
            html.contains(words),
            "the example's articles fill the boxes: {words}"
        );
    }
    assert!(
        !html.contains("name=\"text_4\""),
        "three boxes for three articles"
    );
}

#[tokio::test]
async fn files_chosen_on_the_form_are_compared() {
    let app = app();
    let (ct, body) = multipart(
        &[
            ("source_1", "Lantern"),
            ("text_1", ""),
            ("source_2", "Sentinel"),
            ("text_2", SENTINEL),
        ],
        &[
            ("file_1", "lantern.txt", LANTERN.as_bytes()),
            ("file_2", "", b""),
        ],
    );
    let (status, headers, out) = post_multipart(&app, &ct, body).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{out}");
    assert_eq!(headers[header::LOCATION], "/reports/1");
    let (_, _, stored) = get(&app, "/api/reports/1").await;
    let stored: Value = serde_json::from_str(&stored).unwrap();
    let outlets: Vec<&str> = stored["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["outlet"].as_str().unwrap())
        .collect();
    assert_eq!(outlets, ["Lantern", "Sentinel"]);
    assert!(
        stored["sources"][0]["text"]
            .as_str()
            .unwrap()
            .starts_with("Governor Maria Alvarez opened")
    );
    // A binary file is refused with its article's number, and nothing is saved.
    let (ct, body) = multipart(
        &[("text_2", SENTINEL)],
        &[("file_1", "photo.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0")],
    );
    let (status, _, html) = post_multipart(&app, &ct, body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        html.contains("2 articles given but only 1 usable, and a comparison needs at least 2: article 1: binary file"),
        "{html}"
    );
    assert!(
        html.contains(
            "<textarea name=\"text_2\" aria-label=\"Text of article 2\">On Monday Governor"
        ),
        "box 2's text stays in box 2, not paired with box 1's file: {html}"
    );
}

/// A one-page HTTP server on loopback answering every request with `body` as HTML.
fn page_server(body: &'static str) -> u16 {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten().take(4) {
            let mut stream = stream;
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    port
}

#[tokio::test]
async fn a_page_given_by_its_address_is_fetched_through_the_guard() {
    let port = page_server(
        "<html><head><title>Rail line opens</title></head><body><article><p>Governor Maria Alvarez opened the new Riverside rail line on Monday.</p><p>About 5,000 people attended the ceremony in Busan.</p></article></body></html>",
    );
    let url = format!("http://127.0.0.1:{port}/rail");
    // By default a page on this machine is refused, as the CLI refuses it.
    let refused = app();
    let (status, _, html) = post_form(&refused, &[("url_1", &url), ("text_2", SENTINEL)]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("loopback address"), "{html}");
    let allowed = router(
        AppState::new(Store::open_in_memory().unwrap()).with_fetch_options(
            parallax_ingest::FetchOptions {
                allow_loopback: true,
                ..Default::default()
            },
        ),
    );
    let (status, _, out) = post_form(
        &allowed,
        &[
            ("source_1", "Courier"),
            ("url_1", &url),
            ("text_2", SENTINEL),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{out}");
    let (_, _, stored) = get(&allowed, "/api/reports/1").await;
    let stored: Value = serde_json::from_str(&stored).unwrap();
    assert_eq!(stored["sources"][0]["outlet"], "Courier");
    assert!(
        stored["sources"][0]["text"]
            .as_str()
            .unwrap()
            .contains("Riverside rail line")
    );
}
