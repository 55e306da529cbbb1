//! What the server's tests share: requests through the router, and a store holding invented
//! stories (the repository's own example outlets and a hostile one).
#![allow(dead_code, clippy::unwrap_used)]

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use parallax_serve::input::{ArticleInput, Via, prepare};
use parallax_store::{Store, StoryRef};
use tower::ServiceExt;

pub async fn send(app: &Router, req: Request<Body>) -> (StatusCode, HeaderMap, String) {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8(bytes.to_vec()).unwrap())
}

pub async fn get(app: &Router, uri: &str) -> (StatusCode, HeaderMap, String) {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

pub async fn post(
    app: &Router,
    uri: &str,
    content_type: &str,
    body: String,
    token: Option<&str>,
) -> (StatusCode, HeaderMap, String) {
    let mut req = Request::post(uri).header(header::CONTENT_TYPE, content_type);
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    send(app, req.body(Body::from(body)).unwrap()).await
}

/// A hostile headline and text: markup, an event handler and a `javascript:` address.
pub const HOSTILE_TITLE: &str = "<script>alert('title')</script> Rail <img src=x onerror=alert(1)>";
pub const HOSTILE_TEXT: &str = "Governor Maria Alvarez opened the Riverside rail line on Monday. <script>alert('text')</script>\n\nAbout 4,000 people came, <img src=x onerror=alert(2)> said <a href=\"javascript:alert(3)\">the organisers</a>.";

/// Stored story ids and article ids of [`filled_store`].
pub struct Filled {
    pub store: Store,
    /// The rail story: Lantern, Sentinel and a hostile outlet.
    pub rail: i64,
    /// The ferry story: one article.
    pub ferry: i64,
    pub articles: Vec<i64>,
}

fn input(text: &str, source: &str, date: &str, title: &str, url: &str) -> ArticleInput {
    ArticleInput {
        text: text.into(),
        source: Some(source.into()),
        published: Some(date.into()),
        title: Some(title.into()),
        url: Some(url.into()),
    }
}

/// A store holding two invented stories.
pub fn filled_store() -> Filled {
    let mut store = Store::open_in_memory().unwrap();
    let prepared = prepare(
        &[
            input(
                "Governor Maria Alvarez opened the new Riverside rail line on Monday.\n\nAbout 5,000 people attended the ceremony in Busan.",
                "Daily Lantern",
                "2026-03-02",
                "Rail line opens",
                "https://lantern.example.invalid/rail",
            ),
            input(
                "On Monday Governor Maria Alvarez opened the Riverside rail line.\n\nSome 3,000 people attended the ceremony in Busan, officials said.",
                "Metro Sentinel",
                "2026-03-03",
                "Alvarez opens rail line",
                "https://sentinel.example.invalid/rail",
            ),
            input(HOSTILE_TEXT, "Hostile <b>Herald</b>", "2026-03-04", HOSTILE_TITLE, "javascript:alert(4)"),
            input(
                "The harbour ferry resumed crossings on Friday after the ramp was repaired.",
                "Harbor Ledger",
                "2026-02-20",
                "Ferry resumes crossings",
                "https://ledger.example.invalid/ferry",
            ),
        ],
        Via::Api,
    )
    .unwrap();
    let articles: Vec<i64> = prepared
        .articles
        .iter()
        .map(|a| store.save_article(a).unwrap())
        .collect();
    let rail = store
        .assign_article(
            articles[0],
            &StoryRef::New {
                title: "Rail line opens".into(),
            },
            None,
            0.0,
        )
        .unwrap();
    for a in &articles[1..3] {
        store
            .assign_article(*a, &StoryRef::Existing(rail), None, 0.5)
            .unwrap();
    }
    let ferry = store
        .assign_article(
            articles[3],
            &StoryRef::New {
                title: "Ferry resumes crossings".into(),
            },
            None,
            0.0,
        )
        .unwrap();
    Filled {
        store,
        rail,
        ferry,
        articles,
    }
}
