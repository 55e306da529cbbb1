//! The reader's pages over a store of invented stories: the story list with its filters and
//! pages, a story side by side, saved comparisons shown the same way, the static files, the
//! content security policy, hostile text kept inert, and the token on writes.
#![allow(clippy::unwrap_used)]

mod common;

use axum::http::{StatusCode, header};
use common::{Filled, filled_store, get, post};
use parallax_serve::{AppState, CONTENT_SECURITY_POLICY, router};
use parallax_store::Store;

fn app_with(store: Store) -> axum::Router {
    router(AppState::new(store))
}

#[tokio::test]
async fn the_story_list_shows_stories_with_their_facts_and_filters() {
    let Filled {
        store, rail, ferry, ..
    } = filled_store();
    let app = app_with(store);
    let (status, headers, html) = get(&app, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers[header::CONTENT_SECURITY_POLICY],
        CONTENT_SECURITY_POLICY
    );
    let rail_at = html.find(&format!("href=\"/stories/{rail}\"")).unwrap();
    let ferry_at = html.find(&format!("href=\"/stories/{ferry}\"")).unwrap();
    assert!(rail_at < ferry_at, "newest activity first");
    assert!(html.contains("Daily Lantern, Metro Sentinel, Hostile &lt;b&gt;Herald&lt;/b&gt;"));
    assert!(html.contains(
        "3 articles · 3 independent origins · <span class=\"nowrap\">2026-03-02 – 2026-03-04</span>"
    ));
    assert!(
        html.contains("not compared yet"),
        "no comparison cached yet"
    );
    assert!(
        html.contains("<svg class=\"coverage\""),
        "a coverage bar per story"
    );
    assert!(html.contains("<select name=\"outlet\">"));
    assert!(html.contains("<option value=\"Harbor Ledger\">Harbor Ledger</option>"));
    assert!(
        html.contains("href=\"/compare\""),
        "the ad-hoc form is linked"
    );

    // Opening the story caches its comparison; the list then shows its counts.
    let (status, _, _) = get(&app, &format!("/stories/{rail}")).await;
    assert_eq!(status, StatusCode::OK);
    let (_, _, html) = get(&app, "/").await;
    assert!(html.contains("conflict"), "{html}");
    assert!(html.contains("in one source only"));

    let (_, _, html) = get(&app, "/?outlet=Harbor%20Ledger").await;
    assert!(
        html.contains(&format!("/stories/{ferry}\""))
            && !html.contains(&format!("/stories/{rail}\""))
    );
    assert!(html.contains("<option value=\"Harbor Ledger\" selected>"));
    let (_, _, html) = get(&app, "/?q=ferries").await;
    assert!(
        html.contains(&format!("/stories/{ferry}\""))
            && !html.contains(&format!("/stories/{rail}\""))
    );
    let (_, _, html) = get(&app, "/?from=2026-03-01&to=2026-03-31").await;
    assert!(
        !html.contains(&format!("/stories/{ferry}\""))
            && html.contains(&format!("/stories/{rail}\""))
    );
    let (_, _, html) = get(&app, "/?q=zeppelin").await;
    assert!(html.contains("No story matches."));
    let (status, _, html) = get(&app, "/?from=yesterday").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("from: &quot;yesterday&quot; is not a calendar date"));
    let (status, _, _) = get(&app, "/?page=0").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_story_list_pages_through_many_stories() {
    let store = Store::open_in_memory().unwrap();
    let mut store = store;
    for i in 0..45 {
        let mut a = parallax_core::Article::from_text("a1", &format!("Story number {i} happened."));
        a.title = Some(parallax_core::Sourced::new(
            format!("Story {i}"),
            parallax_core::Provenance::JsonField,
        ));
        let id = store.save_article(&a).unwrap();
        store
            .assign_article(
                id,
                &parallax_store::StoryRef::New {
                    title: format!("Story {i}"),
                },
                None,
                0.0,
            )
            .unwrap();
    }
    let app = app_with(store);
    let (_, _, first) = get(&app, "/").await;
    assert_eq!(first.matches("<li><h2>").count(), 20);
    assert!(first.contains("href=\"/?page=2\""));
    assert!(!first.contains("rel=\"prev\""));
    let (_, _, third) = get(&app, "/?page=3").await;
    assert_eq!(third.matches("<li><h2>").count(), 5);
    assert!(third.contains("<ol class=\"stories\" start=\"41\">"));
    assert!(third.contains("rel=\"prev\" href=\"/?page=2\""));
    assert!(!third.contains("rel=\"next\""));
}

#[tokio::test]
async fn a_story_page_shows_the_articles_side_by_side_with_findings() {
    let Filled { store, rail, .. } = filled_store();
    let app = app_with(store);
    let (status, headers, html) = get(&app, &format!("/stories/{rail}")).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(html.contains("<h1>Rail line opens</h1>"));
    // Columns, each article's text with its findings marked and focusable claims.
    assert!(html.contains("<div class=\"texts columns\">"));
    assert_eq!(html.matches("<article class=\"src s").count(), 3);
    for class in ["agreed", "conflict", "only-in", "quote"] {
        assert!(
            html.contains(&format!("<mark class=\"{class}")) || html.contains(&format!(" {class}")),
            "{class}"
        );
    }
    assert!(
        html.contains("data-groups=\""),
        "claims name their findings"
    );
    assert!(html.contains("tabindex=\"0\""), "claims are focusable");
    assert!(
        html.contains("id=\"next-finding\""),
        "a keyboard user can step"
    );
    // Panels: conflicts quoting each side, synthesis chips, framing, voices, omissions.
    for id in [
        "sec-conflicts",
        "sec-texts",
        "sec-synthesis",
        "sec-framing",
        "sec-voices",
        "sec-omissions",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
    }
    assert!(
        html.contains("class=\"chip badge s"),
        "a source chip per synthesis sentence"
    );
    // Charts as inline SVG.
    assert!(html.contains(
        "Coverage over time: 3 dated articles from 3 outlets, 2026-03-02 to 2026-03-04."
    ));
    assert!(html.contains("Loaded words per 1,000 words, per outlet"));
    // The page's assets come from the server; nothing inline.
    assert!(html.contains("<link rel=\"stylesheet\" href=\"/static/report.css\">"));
    assert!(html.contains("<script src=\"/static/app.js\" defer></script>"));
    assert!(!html.contains("<style"), "no inline styles");
    assert!(!html.contains(" style=\""), "no style attributes");
    assert!(!html.contains(" onclick=") && !html.contains(" onload="));

    let (status, _, _) = get(&app, "/stories/999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, headers, _) = get(&app, &format!("/stories/s{rail}")).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "an id as `parallax stories` prints it"
    );
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let (status, _, _) = get(&app, "/stories/x").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_merged_away_story_leads_to_the_story_that_absorbed_it() {
    let Filled {
        store, rail, ferry, ..
    } = filled_store();
    store.merge_stories(ferry, rail).unwrap();
    let app = app_with(store);
    let (status, headers, _) = get(&app, &format!("/stories/{ferry}")).await;
    assert_eq!(status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(headers[header::LOCATION], format!("/stories/{rail}"));
    let (_, _, html) = get(&app, "/").await;
    assert!(
        !html.contains(&format!("href=\"/stories/{ferry}\"")),
        "not listed"
    );
}

#[tokio::test]
async fn hostile_titles_and_text_stay_text() {
    let Filled { store, rail, .. } = filled_store();
    let app = app_with(store);
    for uri in [
        "/".to_string(),
        format!("/stories/{rail}"),
        "/?q=rail".to_string(),
    ] {
        let (status, _, html) = get(&app, &uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        let lower = html.to_lowercase();
        assert_eq!(
            lower.matches("<script").count(),
            1,
            "{uri}: only the page's own script"
        );
        assert!(
            !lower.contains("<img"),
            "{uri}: no image element from the text"
        );
        assert!(
            !lower.contains("href=\"javascript:"),
            "{uri}: no javascript: link"
        );
        assert!(!lower.contains("<b>herald"), "{uri}");
    }
    let (_, _, html) = get(&app, &format!("/stories/{rail}")).await;
    assert!(
        html.contains("&lt;script&gt;alert('title')&lt;/script&gt;"),
        "shown, escaped"
    );
    assert!(
        html.contains("onerror=alert(2)"),
        "the words are there as text"
    );
}

#[tokio::test]
async fn static_files_are_served_with_their_types() {
    let app = app_with(Store::open_in_memory().unwrap());
    for (path, kind, words) in [
        (
            "/static/app.js",
            "text/javascript; charset=utf-8",
            "data-groups",
        ),
        (
            "/static/app.css",
            "text/css; charset=utf-8",
            "mark.counterpart",
        ),
        (
            "/static/report.css",
            "text/css; charset=utf-8",
            "mark.agreed",
        ),
    ] {
        let (status, headers, body) = get(&app, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(headers[header::CONTENT_TYPE], kind);
        assert!(body.contains(words), "{path}");
    }
    let (status, _, _) = get(&app, "/static/../Cargo.toml").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = get(&app, "/static/secret.txt").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_saved_comparison_is_shown_as_a_story_page() {
    let app = app_with(Store::open_in_memory().unwrap());
    let body = serde_json::json!({"save": true, "articles": [
        {"text": "Governor Maria Alvarez opened the new Riverside rail line on Monday.\n\nAbout 5,000 people attended the ceremony in Busan.", "source": "Lantern", "published": "2026-03-04"},
        {"text": "On Monday Governor Maria Alvarez opened the Riverside rail line.\n\nSome 3,000 people attended the ceremony in Busan, officials said.", "source": "Sentinel", "published": "2026-03-04"}
    ]});
    let (status, _, _) = post(
        &app,
        "/api/compare",
        "application/json",
        body.to_string(),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, html) = get(&app, "/reports/1").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<h1>Comparison 1</h1>"));
    assert!(html.contains("<div class=\"texts columns\">"));
    assert!(
        html.contains("Coverage over time: 2 dated articles from 2 outlets, all on 2026-03-04.")
    );
    assert!(!html.contains("<style"));
}

#[tokio::test]
async fn writes_need_the_token_when_the_server_has_one() {
    let app =
        router(AppState::new(Store::open_in_memory().unwrap()).with_token(Some("s3cret".into())));
    let body = serde_json::json!({"articles": [
        {"text": "The ferry resumed crossings on Friday."},
        {"text": "Ferry crossings resumed on Friday after repairs."}
    ]})
    .to_string();
    let (status, _, out) = post(&app, "/api/compare", "application/json", body.clone(), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(out.contains("Authorization: Bearer TOKEN"), "{out}");
    let (status, _, out) = post(
        &app,
        "/api/compare",
        "application/json",
        body.clone(),
        Some("guess"),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(out, "{\"error\":\"the token is wrong\"}");
    let (status, _, _) = post(
        &app,
        "/api/compare",
        "application/json",
        body,
        Some("s3cret"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // Reading needs no token.
    let (status, _, _) = get(&app, "/api/reports").await;
    assert_eq!(status, StatusCode::OK);
    // The form asks for it, and refuses without it.
    let (_, _, html) = get(&app, "/compare").await;
    assert!(html.contains("name=\"token\""));
    let form = "text_1=The+ferry+resumed+crossings.&text_2=Ferry+crossings+resumed+on+Friday.";
    let (status, _, html) = post(
        &app,
        "/compare",
        "application/x-www-form-urlencoded",
        form.into(),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(html.contains("enter it below"));
    let (status, _, _) = post(
        &app,
        "/compare",
        "application/x-www-form-urlencoded",
        format!("{form}&token=s3cret"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    // Without a token, a loopback server takes writes from anyone on this machine.
    let (_, _, html) = get(&app_with(Store::open_in_memory().unwrap()), "/compare").await;
    assert!(!html.contains("name=\"token\""));
}

#[tokio::test]
async fn serving_beyond_this_machine_needs_a_token() {
    let dir = std::env::temp_dir().join(format!("parallax-serve-token-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let err = parallax_serve::serve("0.0.0.0:0".parse().unwrap(), dir.join("p.db"), None)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("writes need a token: pass --token or set PARALLAX_TOKEN"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(dir);
}
