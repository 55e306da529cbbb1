//! The store's behaviour, the same tests on both backends: each test below runs once on a
//! fresh SQLite file (`NAME::sqlite`) and once on a fresh PostgreSQL schema
//! (`NAME::postgres`, on the server `PARALLAX_TEST_PG` names; without it that half prints
//! "skipped: PARALLAX_TEST_PG not set" and passes). `scripts/with-postgres.sh cargo test -p
//! parallax-store` starts a throwaway server for them, as CI does.
//!
//! Covered: reports and articles round-trip exactly, articles dedup by text, listings come
//! newest first, ingest's crawl state, migrations run once (also when several connections open
//! a new database at the same moment), two connections saving the same article at once get the
//! same id, two reports over the same articles saved at once in opposite orders both land, and
//! a newer or damaged database is an error, not a panic; stories (members, wire copies counted
//! once as origins, merges that keep old ids resolving, the cached comparison dropped when a
//! member arrives), full-text search, the job queue (one claim per job, also with two
//! connections at once; a lapsed lease taken again) and `watch`'s per-input backoff state.
#![allow(clippy::unwrap_used)]

mod common;

use std::sync::{Arc, Barrier};

use common::{Fresh, article, at, pair};
use parallax_store::{FetchState, NearCopy, Store, StoreError, StoryFilter, StoryRef};

/// Each named test function runs on both backends, as `NAME::sqlite` and `NAME::postgres`.
macro_rules! on_both {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[test]
            fn sqlite() {
                super::$name(&super::Fresh::sqlite(stringify!($name)));
            }

            #[test]
            fn postgres() {
                if let Some(fresh) = super::Fresh::postgres(stringify!($name)) {
                    super::$name(&fresh);
                }
            }
        }
    )*};
}

on_both!(
    report_round_trips_exactly,
    same_text_is_stored_once,
    listing_is_newest_first,
    crawl_state_upserts_and_links,
    migrations_run_once,
    concurrent_opens_migrate_once,
    concurrent_saves_of_one_article_get_one_id,
    concurrent_reports_over_shared_articles_both_land,
    a_newer_schema_is_refused,
    a_damaged_report_is_an_error,
    foreign_tables_are_refused,
    stories_record_members_origins_and_merges,
    an_untitled_story_takes_the_first_headline_that_arrives,
    a_story_report_is_cached_until_a_member_arrives,
    search_finds_articles_and_their_stories,
    the_story_list_filters_pages_and_counts,
    feeds_are_added_once_listed_and_removed,
    jobs_are_claimed_once_and_taken_again_after_their_lease,
    concurrent_workers_never_claim_one_job_twice,
    watch_sources_remember_failures,
    a_lease_has_one_holder_until_it_runs_out,
);

fn report_round_trips_exactly(fresh: &Fresh) {
    let (articles, report) = pair();
    assert!(
        !report.agreed.is_empty(),
        "the pair should agree on something"
    );
    let mut store = fresh.open();
    let id = store.save_report(&report, &articles).unwrap();
    assert_eq!(store.report(id).unwrap().unwrap(), report);
    assert_eq!(store.report(id + 1).unwrap(), None);

    let ids = store.report_article_ids(id).unwrap();
    assert_eq!(ids.len(), 2);
    for (row, original) in ids.iter().zip(&articles) {
        let mut a = store.article(*row).unwrap().unwrap();
        assert_eq!(a.id, row.to_string(), "a stored article's id is its row id");
        a.id = original.id.clone();
        assert_eq!(&a, original, "metadata and provenance survive");
    }
    assert_eq!(store.article(999).unwrap(), None);
    drop(store);

    // Another connection reads the same.
    let again = fresh.open();
    assert_eq!(again.report(id).unwrap().unwrap(), report);
    assert_eq!(again.journal_mode().unwrap(), "wal");
}

fn same_text_is_stored_once(fresh: &Fresh) {
    let (articles, report) = pair();
    let mut store = fresh.open();
    let first = store.save_article(&articles[0]).unwrap();
    assert_eq!(store.save_article(&articles[0]).unwrap(), first);
    assert_eq!(
        store.save_article_checked(&articles[0]).unwrap(),
        (first, false)
    );

    // Same text under another outlet: same row, first metadata kept.
    let mut renamed = articles[0].clone();
    renamed.source = Some(parallax_core::Sourced::new(
        "Elsewhere".into(),
        parallax_core::Provenance::Flag,
    ));
    assert_eq!(store.save_article(&renamed).unwrap(), first);
    assert_eq!(
        store.article(first).unwrap().unwrap().source_name(),
        "Lantern"
    );

    // One character more is another article.
    let mut edited = articles[0].clone();
    edited.text.push('!');
    let (other, new) = store.save_article_checked(&edited).unwrap();
    assert!(new);
    assert_ne!(other, first);

    // Saving two reports over the same articles reuses their rows.
    let r1 = store.save_report(&report, &articles).unwrap();
    let r2 = store.save_report(&report, &articles).unwrap();
    assert_ne!(r1, r2);
    assert_eq!(
        store.report_article_ids(r1).unwrap(),
        store.report_article_ids(r2).unwrap()
    );
    assert_eq!(store.report_article_ids(r1).unwrap()[0], first);
    assert_eq!(store.article_count().unwrap(), 3);
}

fn listing_is_newest_first(fresh: &Fresh) {
    let (articles, report) = pair();
    let mut store = fresh.open();
    let middle = store
        .save_report_at(&report, &articles, at("2026-03-05T10:00:00Z"))
        .unwrap();
    let oldest = store
        .save_report_at(&report, &articles[..1], at("2026-03-04T10:00:00Z"))
        .unwrap();
    let newest = store
        .save_report_at(&report, &articles, at("2026-03-06T10:00:00Z"))
        .unwrap();
    let tie = store
        .save_report_at(&report, &articles, at("2026-03-06T10:00:00Z"))
        .unwrap();

    let list = store.list_reports(10).unwrap();
    let ids: Vec<i64> = list.iter().map(|s| s.id).collect();
    assert_eq!(ids, [tie, newest, middle, oldest]);
    assert_eq!(list[2].created_at, "2026-03-05T10:00:00.000Z");
    assert_eq!(list[0].outlets, ["Lantern", "Sentinel"]);
    assert_eq!(list[3].outlets, ["Lantern"]);
    assert_eq!(list[0].agreed, report.agreed.len());
    assert_eq!(list[0].conflicts, report.conflicts.len());
    assert_eq!(list[0].title, "Lantern on the rail line");

    assert_eq!(store.list_reports(2).unwrap().len(), 2);
    assert!(store.list_reports(0).unwrap().is_empty());
}

fn crawl_state_upserts_and_links(fresh: &Fresh) {
    let mut s = fresh.open();
    let state = FetchState {
        canonical_url: "https://a.example/x".into(),
        url: "https://a.example/x?utm_source=rss".into(),
        kind: "page".into(),
        outcome: "saved".into(),
        http_status: Some(200),
        etag: Some("\"v1\"".into()),
        last_modified: Some("Tue, 03 Mar 2026 10:00:00 GMT".into()),
        ..FetchState::default()
    };
    s.record_fetch(&state).unwrap();
    let got = s.fetch_state("https://a.example/x").unwrap().unwrap();
    assert!(!got.fetched_at.is_empty());
    assert_eq!(
        got,
        FetchState {
            fetched_at: got.fetched_at.clone(),
            ..state.clone()
        }
    );
    let (a, _) = s
        .save_article_checked(&article("a1", "Lantern", "The ferry resumed service."))
        .unwrap();
    s.record_fetch(&FetchState {
        outcome: "not_modified".into(),
        http_status: Some(304),
        article_id: Some(a),
        fetched_at: "2026-03-04T10:00:00.000Z".into(),
        ..state.clone()
    })
    .unwrap();
    let got = s.fetch_state("https://a.example/x").unwrap().unwrap();
    assert_eq!(got.outcome, "not_modified");
    assert_eq!(got.http_status, Some(304));
    assert_eq!(got.article_id, Some(a));
    assert_eq!(got.fetched_at, "2026-03-04T10:00:00.000Z");
    s.record_fetch(&FetchState {
        canonical_url: "https://a.example/y".into(),
        outcome: "failed".into(),
        error: Some("HTTP 500".into()),
        ..state
    })
    .unwrap();
    assert_eq!(
        s.fetch_outcomes().unwrap(),
        [("failed".to_string(), 1), ("not_modified".to_string(), 1)]
    );
    assert_eq!(s.fetch_state("https://a.example/z").unwrap(), None);

    let (b, _) = s
        .save_article_checked(&article(
            "a2",
            "Sentinel",
            "The ferry resumed service, the agency said.",
        ))
        .unwrap();
    assert_eq!(s.near_copy_of(b).unwrap(), None);
    s.link_near_copy(b, a, 0.8).unwrap();
    s.link_near_copy(b, a, 0.8).unwrap();
    assert_eq!(
        s.near_copy_of(b).unwrap(),
        Some(NearCopy {
            article_id: b,
            origin_id: a,
            similarity: 0.8
        })
    );
    s.save_signature(b, "mh1:ff").unwrap();
    s.save_signature(a, "mh1:00").unwrap();
    s.save_signature(a, "mh1:11").unwrap();
    assert_eq!(
        s.signatures().unwrap(),
        [(a, "mh1:00".to_string()), (b, "mh1:ff".to_string())]
    );
    assert_eq!(s.article_count().unwrap(), 2);
}

fn migrations_run_once(fresh: &Fresh) {
    let first = fresh.open();
    let version = first.schema_version().unwrap();
    assert_eq!(version, 6);
    drop(first);
    for _ in 0..3 {
        assert_eq!(fresh.open().schema_version().unwrap(), version);
    }
    assert_eq!(
        fresh.scalar("SELECT COUNT(*) FROM schema_version"),
        version,
        "one row per migration, none repeated"
    );
}

fn concurrent_opens_migrate_once(fresh: &Fresh) {
    let location = fresh.location();
    let workers = 6;
    let barrier = Arc::new(Barrier::new(workers));
    let handles: Vec<_> = (0..workers)
        .map(|_| {
            let (location, barrier) = (location.clone(), Arc::clone(&barrier));
            std::thread::spawn(move || {
                barrier.wait();
                let store = Store::open(&location).unwrap();
                store.schema_version().unwrap()
            })
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), 6);
    }
    assert_eq!(fresh.scalar("SELECT COUNT(*) FROM schema_version"), 6);
}

fn concurrent_saves_of_one_article_get_one_id(fresh: &Fresh) {
    drop(fresh.open()); // The schema exists before the race starts.
    let articles: Vec<_> = (0..25)
        .map(|i| {
            article(
                &format!("a{i}"),
                "Wire",
                &format!("Story {i}: the ferry resumed service on Monday."),
            )
        })
        .collect();
    let articles = Arc::new(articles);
    let barrier = Arc::new(Barrier::new(2));
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let (location, barrier, articles) = (
                fresh.location(),
                Arc::clone(&barrier),
                Arc::clone(&articles),
            );
            std::thread::spawn(move || {
                let mut store = Store::open(&location).unwrap();
                articles
                    .iter()
                    .map(|a| {
                        barrier.wait();
                        store.save_article_checked(a).unwrap()
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let results: Vec<Vec<(i64, bool)>> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    for (x, y) in results[0].iter().zip(&results[1]) {
        assert_eq!(x.0, y.0, "both connections got the same id");
        assert!(x.1 != y.1, "exactly one of them inserted it: {x:?} {y:?}");
    }
    assert_eq!(fresh.open().article_count().unwrap(), 25);
}

fn concurrent_reports_over_shared_articles_both_land(fresh: &Fresh) {
    drop(fresh.open());
    let (_, report) = pair();
    // Each round, two connections save reports over the same three new articles in opposite
    // orders. Inserted in input order, each would wait for the other's uncommitted row on
    // PostgreSQL, a deadlock the server breaks after a second by failing one of them.
    let rounds = 10;
    let barrier = Arc::new(Barrier::new(2));
    let handles: Vec<_> = [false, true]
        .into_iter()
        .map(|reversed| {
            let (location, barrier, report) =
                (fresh.location(), Arc::clone(&barrier), report.clone());
            std::thread::spawn(move || {
                let mut store = Store::open(&location).unwrap();
                (0..rounds)
                    .map(|round| {
                        let mut order: Vec<_> = ["Lantern", "Sentinel", "Ledger"]
                            .iter()
                            .map(|outlet| {
                                let text = format!("Round {round}: {outlet} saw the line open.");
                                article(outlet, outlet, &text)
                            })
                            .collect();
                        if reversed {
                            order.reverse();
                        }
                        barrier.wait();
                        store.save_report(&report, &order).unwrap()
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let ids: Vec<i64> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    let store = fresh.open();
    assert_eq!(store.list_reports(100).unwrap().len(), 2 * rounds);
    assert_eq!(store.article_count().unwrap(), 3 * rounds as i64);
    for id in ids {
        assert_eq!(store.report_article_ids(id).unwrap().len(), 3);
    }
}

fn a_newer_schema_is_refused(fresh: &Fresh) {
    drop(fresh.open());
    fresh.exec("INSERT INTO schema_version (version, applied_at) VALUES (99, 'later')");
    let err = Store::open(fresh.location()).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::TooNew {
                found: 99,
                supported: 6,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(!err.to_string().contains('\n'));
}

fn a_damaged_report_is_an_error(fresh: &Fresh) {
    let (articles, report) = pair();
    let id = fresh.open().save_report(&report, &articles).unwrap();
    fresh.exec("UPDATE reports SET report_json = '{\"oops\": 1}'");
    let err = fresh.open().report(id).unwrap_err();
    assert!(
        err.to_string()
            .starts_with(&format!("stored report {id} is unreadable")),
        "{err}"
    );
}

fn foreign_tables_are_refused(fresh: &Fresh) {
    fresh.exec("CREATE TABLE contacts (name TEXT)");
    let err = Store::open(fresh.location()).unwrap_err();
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("holds other tables: contacts"), "{msg}");
    if fresh.is_postgres() {
        assert!(msg.contains("search_path"), "{msg}");
    }
    // Left alone.
    assert_eq!(fresh.scalar("SELECT COUNT(*) FROM contacts"), 0);
}

// PostgreSQL only: connections that go wrong.

#[test]
fn an_unreachable_server_is_one_line_without_the_password() {
    // Port 1 on this machine: nothing listens there, so the refusal is immediate.
    let err = Store::open("postgresql://ann:s3cret@127.0.0.1:1/news").unwrap_err();
    assert!(matches!(err, StoreError::Connect { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.starts_with("cannot connect to PostgreSQL at 127.0.0.1:1: "),
        "{msg}"
    );
    assert!(!msg.contains("s3cret") && !msg.contains('\n'), "{msg}");

    let err = Store::open("postgres://ann:s3cret@db.invalid:notaport/news").unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, StoreError::Open { .. }), "{err:?}");
    assert!(msg.contains("invalid PostgreSQL URL"), "{msg}");
    assert!(!msg.contains("s3cret"), "{msg}");
}

#[test]
fn a_wrong_password_is_refused_without_showing_it() {
    let Some(url) = common::pg_url() else { return };
    let Ok(config) = url.parse::<postgres::Config>() else {
        panic!("PARALLAX_TEST_PG is not a PostgreSQL URL")
    };
    if config.get_password().is_none() {
        parallax_testkit::skip(
            parallax_testkit::Need::Postgres,
            "the test server takes no password (scripts/with-postgres.sh sets one)",
        );
        return;
    }
    let mut wrong = config.clone();
    wrong.password("not-the-Password-42");
    // Rebuild the URL with the wrong password: user, host, port and database from the original.
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(h)) => h.clone(),
        _ => "127.0.0.1".into(),
    };
    let bad = format!(
        "postgresql://{}:not-the-Password-42@{host}:{}/{}",
        config.get_user().unwrap_or("postgres"),
        config.get_ports().first().copied().unwrap_or(5432),
        config.get_dbname().unwrap_or("postgres"),
    );
    let msg = Store::open(&bad).unwrap_err().to_string();
    assert!(msg.starts_with("cannot connect to PostgreSQL at "), "{msg}");
    assert!(msg.contains("password"), "the reason is given: {msg}");
    assert!(!msg.contains("not-the-Password-42"), "{msg}");
}

#[test]
fn a_missing_schema_is_an_open_error() {
    let Some(url) = common::pg_url() else { return };
    let err = Store::open(common::with_schema(&url, "no_such_schema_here")).unwrap_err();
    assert!(matches!(err, StoreError::Open { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("CREATE SCHEMA"), "{msg}");
    assert!(!msg.contains(&url), "the password stays out: {msg}");
}

#[test]
fn a_store_knows_its_backend_and_shows_no_password() {
    let fresh = Fresh::sqlite("location");
    let store = fresh.open();
    assert_eq!(store.backend(), "sqlite");
    assert_eq!(store.location(), fresh.location());
    let Some(fresh) = Fresh::postgres("location") else {
        return;
    };
    let store = fresh.open();
    assert_eq!(store.backend(), "postgresql");
    assert!(store.location().starts_with("postgresql://"));
    let config: postgres::Config = fresh.location().parse().unwrap();
    if let Some(pw) = config.get_password() {
        let pw = String::from_utf8_lossy(pw).to_string();
        assert!(!store.location().contains(&pw));
        assert!(!format!("{store:?}").contains(&pw));
    }
}

#[test]
fn a_lost_connection_is_opened_again() {
    let Some(fresh) = Fresh::postgres("reconnect") else {
        return;
    };
    let name = format!("ptest_reconnect_{}", std::process::id());
    let url = format!("{}&application_name={name}", fresh.location());
    let (articles, report) = pair();
    let mut store = Store::open(&url).unwrap();
    let id = store.save_report(&report, &articles).unwrap();
    // The server ends the session (a restart, an idle timeout, an administrator).
    let killed = fresh.scalar(&format!(
        "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '{name}'"
    ));
    assert_eq!(killed, 1);
    // The next call may fail (that is how the client learns of it); the one after works.
    let first = store.report(id);
    if let Err(e) = &first {
        assert!(!e.to_string().contains('\n'), "{e}");
    }
    assert_eq!(store.report(id).unwrap().unwrap(), report);
    assert_eq!(store.save_report(&report, &articles).unwrap(), id + 1);
}

/// Throughput of each backend, for the README: `cargo test --release -p parallax-store --test
/// backends -- --ignored --nocapture` (beside `scripts/with-postgres.sh` for PostgreSQL).
#[test]
#[ignore = "a timing, not a check"]
fn throughput() {
    let (pair_articles, report) = pair();
    let mut backends = vec![Fresh::sqlite("throughput")];
    backends.extend(Fresh::postgres("throughput"));
    for fresh in &backends {
        let mut store = fresh.open();
        let n = 1000;
        let articles: Vec<_> = (0..n)
            .map(|i| {
                article(
                    "a",
                    "Wire",
                    &format!("Story {i}: the ferry resumed service."),
                )
            })
            .collect();
        let t = std::time::Instant::now();
        for a in &articles {
            store.save_article(a).unwrap();
        }
        let save = t.elapsed();
        let t = std::time::Instant::now();
        for a in &articles {
            store.save_article(a).unwrap();
        }
        let dup = t.elapsed();
        let t = std::time::Instant::now();
        for _ in 0..100 {
            store.save_report(&report, &pair_articles).unwrap();
        }
        let reports = t.elapsed();
        let t = std::time::Instant::now();
        for id in 1..=100 {
            store.report(id).unwrap().unwrap();
        }
        let load = t.elapsed();
        let t = std::time::Instant::now();
        let state = FetchState {
            canonical_url: String::new(),
            url: "u".into(),
            kind: "page".into(),
            outcome: "saved".into(),
            ..FetchState::default()
        };
        for i in 0..n {
            store
                .record_fetch(&FetchState {
                    canonical_url: format!("https://a.example/{i}"),
                    ..state.clone()
                })
                .unwrap();
        }
        let fetch = t.elapsed();
        let ms = |d: std::time::Duration, k: usize| d.as_secs_f64() * 1000.0 / k as f64;
        println!(
            "{}: save_article {:.3} ms, again (duplicate) {:.3} ms, save_report (2 articles) {:.3} ms, report {:.3} ms, record_fetch {:.3} ms",
            store.backend(),
            ms(save, n),
            ms(dup, n),
            ms(reports, 100),
            ms(load, 100),
            ms(fetch, n),
        );
    }
}

#[test]
fn a_nul_character_is_stored_by_sqlite_and_refused_in_one_line_by_postgres() {
    // Extraction refuses NUL bytes in files, but a JSON article can still carry "\u0000".
    let a = article("a1", "Lantern", "Before\u{0}after.");
    let fresh = Fresh::sqlite("nul");
    let mut store = fresh.open();
    let id = store.save_article(&a).unwrap();
    assert_eq!(store.article(id).unwrap().unwrap().text, a.text);
    let Some(fresh) = Fresh::postgres("nul") else {
        return;
    };
    let mut store = fresh.open();
    let msg = store.save_article(&a).unwrap_err().to_string();
    assert!(msg.contains("0x00") && !msg.contains('\n'), "{msg}");
    // The connection is still usable.
    assert_eq!(store.article_count().unwrap(), 0);
}

/// An invented article of `outlet` with this headline, text and date, saved; its row id.
fn saved(store: &mut Store, outlet: &str, title: &str, date: &str, text: &str) -> i64 {
    let mut a = article(outlet, outlet, text);
    a.title = Some(parallax_core::Sourced::new(
        title.to_string(),
        parallax_core::Provenance::JsonField,
    ));
    a.published = Some(parallax_core::Sourced::new(
        chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
        parallax_core::Provenance::Dateline,
    ));
    store.save_article(&a).unwrap()
}

fn an_untitled_story_takes_the_first_headline_that_arrives(fresh: &Fresh) {
    let mut store = fresh.open();
    // A bare text file has no headline: its story is named by its opening words.
    let mut bare = article("notes", "Harbour Notes", "The Orlo dam opened on Tuesday.");
    bare.title = None;
    let bare = store.save_article(&bare).unwrap();
    let titled = saved(
        &mut store,
        "Sentinel",
        "Orlo dam finished",
        "2026-03-05",
        "Engineers finished the Orlo dam, which opened on Tuesday.",
    );
    let later = saved(
        &mut store,
        "Lantern",
        "Dam opens after six years",
        "2026-03-06",
        "The Orlo dam is open.",
    );
    let story = store
        .assign_article(
            bare,
            &StoryRef::New {
                title: "The Orlo dam opened on Tuesday.".into(),
            },
            None,
            0.0,
        )
        .unwrap();
    let title = |store: &Store| store.stories(None, 10).unwrap()[0].title.clone();
    assert_eq!(title(&store), "The Orlo dam opened on Tuesday.");
    store
        .assign_article(titled, &StoryRef::Existing(story), None, 0.5)
        .unwrap();
    assert_eq!(
        title(&store),
        "Orlo dam finished",
        "the first headline names it"
    );
    store
        .assign_article(later, &StoryRef::Existing(story), None, 0.5)
        .unwrap();
    assert_eq!(title(&store), "Orlo dam finished", "a headline title stays");
}

fn stories_record_members_origins_and_merges(fresh: &Fresh) {
    let mut store = fresh.open();
    let a = saved(
        &mut store,
        "Lantern",
        "Dam opens",
        "2026-03-04",
        "The Orlo dam opened on Tuesday after six years of work.",
    );
    let b = saved(
        &mut store,
        "Sentinel",
        "Orlo dam finished",
        "2026-03-05",
        "Engineers finished the Orlo dam, which opened on Tuesday.",
    );
    let copy = saved(
        &mut store,
        "Wire Daily",
        "Dam opens",
        "2026-03-05",
        "The Orlo dam opened on Tuesday after six years of work, the agency said.",
    );
    let other = saved(
        &mut store,
        "Lantern",
        "Chess final drawn",
        "2026-03-06",
        "The city chess final ended in a draw on Friday night.",
    );
    assert_eq!(
        store.unassigned_articles().unwrap(),
        vec![a, b, copy, other]
    );

    let dam = store
        .assign_article(
            a,
            &StoryRef::New {
                title: "Dam opens".into(),
            },
            None,
            0.0,
        )
        .unwrap();
    assert_eq!(
        store
            .assign_article(b, &StoryRef::Existing(dam), None, 0.4)
            .unwrap(),
        dam
    );
    assert_eq!(
        store
            .assign_article(copy, &StoryRef::Existing(dam), Some(a), 1.0)
            .unwrap(),
        dam
    );
    let chess = store
        .assign_article(
            other,
            &StoryRef::New {
                title: "Chess final drawn".into(),
            },
            None,
            0.0,
        )
        .unwrap();
    assert_ne!(dam, chess);
    // Assigning again changes nothing, wherever it is asked to go.
    assert_eq!(
        store
            .assign_article(b, &StoryRef::Existing(chess), None, 0.9)
            .unwrap(),
        dam
    );
    assert_eq!(store.story_of(copy).unwrap(), Some(dam));
    assert!(store.unassigned_articles().unwrap().is_empty());
    assert_eq!(store.membership_count().unwrap(), 4);

    let list = store.stories(None, 10).unwrap();
    assert_eq!(
        list.iter().map(|s| s.id).collect::<Vec<_>>(),
        [chess, dam],
        "newest activity first"
    );
    let d = &list[1];
    assert_eq!(d.title, "Dam opens");
    assert_eq!(
        d.articles.iter().map(|x| x.id).collect::<Vec<_>>(),
        [a, b, copy]
    );
    assert_eq!(d.outlets, ["Lantern", "Sentinel", "Wire Daily"]);
    assert_eq!(d.origins, 2, "the wire copy counts once");
    assert_eq!(d.first_published.as_deref(), Some("2026-03-04"));
    assert_eq!(d.last_published.as_deref(), Some("2026-03-05"));
    let since = chrono::NaiveDate::from_ymd_opt(2026, 3, 6).unwrap();
    assert_eq!(store.stories(Some(since), 10).unwrap().len(), 1);
    assert_eq!(store.stories(None, 1).unwrap().len(), 1);
    assert_eq!(
        store.latest_story_date().unwrap().as_deref(),
        Some("2026-03-06")
    );

    // Replay order: assignment order, restricted by the stories' last dates.
    let all = store.memberships_since(None).unwrap();
    assert_eq!(
        all.iter().map(|m| m.article_id).collect::<Vec<_>>(),
        [a, b, copy, other]
    );
    assert_eq!(all[2].origin_id, Some(a));
    let recent = store.memberships_since(Some("2026-03-06")).unwrap();
    assert_eq!(
        recent.iter().map(|m| m.article_id).collect::<Vec<_>>(),
        [other]
    );

    // A merge moves the members; the old id still leads somewhere.
    assert_eq!(store.merge_stories(chess, dam).unwrap(), dam);
    assert_eq!(store.resolve_story(chess).unwrap(), Some(dam));
    assert_eq!(store.story(chess).unwrap().unwrap().id, dam);
    assert_eq!(store.story(dam).unwrap().unwrap().articles.len(), 4);
    assert_eq!(store.story_of(other).unwrap(), Some(dam));
    assert_eq!(
        store.stories(None, 10).unwrap().len(),
        1,
        "a merged-away story is not listed"
    );
    assert_eq!(
        store.merge_stories(chess, dam).unwrap(),
        dam,
        "merging again is a no-op"
    );
    assert_eq!(store.resolve_story(9999).unwrap(), None);
    assert!(store.story(9999).unwrap().is_none());
    assert!(store.check_integrity().unwrap().is_empty());
    // An unknown article or story is an error, not a panic.
    assert!(
        store
            .assign_article(9999, &StoryRef::Existing(dam), None, 0.0)
            .is_err()
    );
    let lone = saved(
        &mut store,
        "Lantern",
        "Lone",
        "2026-03-07",
        "A lone article about a lighthouse.",
    );
    assert!(
        store
            .assign_article(lone, &StoryRef::Existing(9999), None, 0.0)
            .is_err()
    );
    assert_eq!(store.story_of(lone).unwrap(), None);
}

fn a_story_report_is_cached_until_a_member_arrives(fresh: &Fresh) {
    let (articles, report) = pair();
    let mut store = fresh.open();
    let first = store.save_article(&articles[0]).unwrap();
    let second = store.save_article(&articles[1]).unwrap();
    let story = store
        .assign_article(
            first,
            &StoryRef::New {
                title: "Rail line".into(),
            },
            None,
            0.0,
        )
        .unwrap();
    assert_eq!(store.story_report(story).unwrap(), None);
    assert_eq!(store.stories_without_report().unwrap(), [story]);
    store
        .save_story_report_at(story, &report, 1, at("2026-03-04T10:00:00Z"))
        .unwrap();
    let cached = store.story_report(story).unwrap().unwrap();
    assert_eq!(cached.report, report);
    assert_eq!(cached.members, 1);
    assert_eq!(cached.computed_at, "2026-03-04T10:00:00.000Z");
    assert!(store.stories_without_report().unwrap().is_empty());
    // Saving again replaces it.
    assert!(store.save_story_report(story, &report, 1).unwrap());
    assert_ne!(
        store.story_report(story).unwrap().unwrap().computed_at,
        cached.computed_at
    );
    // A new member makes it stale: gone until computed again.
    store
        .assign_article(second, &StoryRef::Existing(story), None, 0.5)
        .unwrap();
    assert_eq!(store.story_report(story).unwrap(), None);
    assert_eq!(store.stories_without_report().unwrap(), [story]);
    // A comparison of the old member set (computed before the new member came) is not kept.
    assert!(!store.save_story_report(story, &report, 1).unwrap());
    assert_eq!(store.story_report(story).unwrap(), None);
    assert!(store.save_story_report(story, &report, 2).unwrap());
    assert_eq!(store.story_report(story).unwrap().unwrap().members, 2);
}

fn search_finds_articles_and_their_stories(fresh: &Fresh) {
    let mut store = fresh.open();
    let ferry = saved(
        &mut store,
        "Lantern",
        "Ferry resumes crossings",
        "2026-01-05",
        "The harbour ferry resumed service after the ramp was repaired.",
    );
    let bus = saved(
        &mut store,
        "Sentinel",
        "Bus fares rise",
        "2026-01-06",
        "Bus fares in the valley rise by ten cents from March.",
    );
    let story = store
        .assign_article(
            ferry,
            &StoryRef::New {
                title: "Ferry resumes crossings".into(),
            },
            None,
            0.0,
        )
        .unwrap();
    let hits = store.search("ferries", 10).unwrap();
    assert_eq!(hits.len(), 1, "stems match: ferries finds ferry");
    assert_eq!(hits[0].id, ferry);
    assert_eq!(hits[0].story, Some(story));
    assert_eq!(
        hits[0].story_title.as_deref(),
        Some("Ferry resumes crossings")
    );
    assert_eq!(hits[0].outlet.as_deref(), Some("Lantern"));
    let hits = store.search("fares", 10).unwrap();
    assert_eq!(
        hits.iter().map(|h| (h.id, h.story)).collect::<Vec<_>>(),
        [(bus, None)]
    );
    assert!(
        store.search("ferry fares", 10).unwrap().is_empty(),
        "every word must match"
    );
    // Operators and punctuation are words or nothing, never a syntax error.
    assert!(store.search("\"NEAR(ferry\" OR -", 10).is_ok());
    assert!(store.search(" ** ", 10).unwrap().is_empty());
    // Articles stored later are found too.
    let later = saved(
        &mut store,
        "Lantern",
        "Ferry timetable",
        "2026-01-07",
        "A new ferry timetable starts in spring.",
    );
    let ids: Vec<i64> = store
        .search("ferry", 10)
        .unwrap()
        .iter()
        .map(|h| h.id)
        .collect();
    assert!(ids.contains(&later) && ids.contains(&ferry) && ids.len() == 2);
    assert_eq!(store.search("ferry", 1).unwrap().len(), 1);
}

/// The web app's story list: filters by outlet, date range and words (full-text), pages, and
/// the counts of a comparison that covers every member (none for a stale one).
fn the_story_list_filters_pages_and_counts(fresh: &Fresh) {
    let mut store = fresh.open();
    let new = |store: &Store, id: i64, title: &str| {
        store
            .assign_article(
                id,
                &StoryRef::New {
                    title: title.into(),
                },
                None,
                0.0,
            )
            .unwrap()
    };
    let ferry = saved(
        &mut store,
        "Lantern",
        "Ferry resumes",
        "2026-01-05",
        "The harbour ferry resumed service.",
    );
    let ferry_story = new(&store, ferry, "Ferry resumes");
    let ferry2 = saved(
        &mut store,
        "Sentinel",
        "Ferry back",
        "2026-01-07",
        "The ferry is back on the water.",
    );
    store
        .assign_article(ferry2, &StoryRef::Existing(ferry_story), None, 0.5)
        .unwrap();
    let bus = saved(
        &mut store,
        "Sentinel",
        "Bus fares rise",
        "2026-02-01",
        "Bus fares in the valley rise by ten cents.",
    );
    let bus_story = new(&store, bus, "Bus fares rise");
    let dam = saved(
        &mut store,
        "Ledger",
        "Dam opens",
        "2026-03-01",
        "The Orlo dam opened after six years.",
    );
    let dam_story = new(&store, dam, "Dam opens");

    let ids = |f: &StoryFilter| -> Vec<i64> {
        store
            .story_list(f)
            .unwrap()
            .iter()
            .map(|s| s.story.id)
            .collect()
    };
    let all = StoryFilter {
        limit: 10,
        ..Default::default()
    };
    assert_eq!(
        ids(&all),
        [dam_story, bus_story, ferry_story],
        "newest first"
    );
    let page = |offset, limit| StoryFilter {
        offset,
        limit,
        ..Default::default()
    };
    assert_eq!(
        ids(&page(0, 1)),
        [dam_story, bus_story],
        "one more than asked: a next page"
    );
    assert_eq!(ids(&page(2, 1)), [ferry_story], "the last page");
    let outlet = StoryFilter {
        outlet: Some("Sentinel".into()),
        ..all.clone()
    };
    assert_eq!(ids(&outlet), [bus_story, ferry_story]);
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let range = StoryFilter {
        from: day("2026-01-06"),
        to: day("2026-02-15"),
        ..all.clone()
    };
    assert_eq!(
        ids(&range),
        [bus_story, ferry_story],
        "a story overlapping the range"
    );
    let words = StoryFilter {
        query: Some("ferries".into()),
        ..all.clone()
    };
    assert_eq!(ids(&words), [ferry_story], "stemmed full-text search");
    let none = StoryFilter {
        query: Some("zeppelin".into()),
        ..all.clone()
    };
    assert!(ids(&none).is_empty());
    let punct = StoryFilter {
        query: Some(" -- ".into()),
        ..all.clone()
    };
    assert!(ids(&punct).is_empty(), "no words: no stories, no error");

    let listed = store.story_list(&all).unwrap();
    let ferry_item = listed.iter().find(|s| s.story.id == ferry_story).unwrap();
    assert_eq!(ferry_item.story.outlets, ["Lantern", "Sentinel"]);
    assert_eq!(
        (ferry_item.conflicts, ferry_item.single_source),
        (None, None),
        "not compared yet"
    );
    let (_, report) = pair();
    assert!(store.save_story_report(ferry_story, &report, 2).unwrap());
    let listed = store.story_list(&all).unwrap();
    let ferry_item = listed.iter().find(|s| s.story.id == ferry_story).unwrap();
    assert_eq!(ferry_item.conflicts, Some(report.conflicts.len()));
    assert_eq!(ferry_item.single_source, Some(report.only_in.len()));
    assert_eq!(
        store.outlets(10).unwrap(),
        ["Lantern", "Ledger", "Sentinel"]
    );
}

fn feeds_are_added_once_listed_and_removed(fresh: &Fresh) {
    let store = fresh.open();
    assert!(store.feeds().unwrap().is_empty());
    let (a, new) = store
        .add_feed("https://lantern.example.invalid/feed.xml")
        .unwrap();
    assert!(new);
    let (again, new) = store
        .add_feed("https://lantern.example.invalid/feed.xml")
        .unwrap();
    assert!(!new, "the same feed twice is one feed");
    assert_eq!(again, a);
    let (b, _) = store
        .add_feed("https://ledger.example.invalid/rss")
        .unwrap();
    let inputs: Vec<String> = store
        .feeds()
        .unwrap()
        .into_iter()
        .map(|f| f.input)
        .collect();
    assert_eq!(
        inputs,
        [
            "https://lantern.example.invalid/feed.xml",
            "https://ledger.example.invalid/rss"
        ]
    );
    assert!(store.remove_feed(a.id).unwrap());
    assert!(!store.remove_feed(a.id).unwrap(), "gone already");
    assert_eq!(store.feeds().unwrap(), [b]);
}

fn jobs_are_claimed_once_and_taken_again_after_their_lease(fresh: &Fresh) {
    let store = fresh.open();
    let lease = chrono::Duration::seconds(60);
    let j1 = store
        .enqueue_job("fetch", "{\"url\":\"a\"}", Some("fetch:a"))
        .unwrap();
    assert_eq!(
        store
            .enqueue_job("fetch", "{\"url\":\"a\"}", Some("fetch:a"))
            .unwrap(),
        j1
    );
    let j2 = store.enqueue_job("compare", "{\"story\":1}", None).unwrap();
    assert_ne!(j1, j2);

    let now = at("2026-03-04T10:00:00Z");
    let got = store.claim_job(&["compare"], now, lease).unwrap().unwrap();
    assert_eq!(
        (got.id, got.kind.as_str(), got.attempts),
        (j2, "compare", 1)
    );
    let got = store.claim_job(&[], now, lease).unwrap().unwrap();
    assert_eq!((got.id, got.payload.as_str()), (j1, "{\"url\":\"a\"}"));
    assert_eq!(
        store.claim_job(&[], now, lease).unwrap(),
        None,
        "both are leased"
    );

    // j1's worker died: after its lease the job is taken again.
    let later = now + chrono::Duration::seconds(61);
    store.complete_job(j2).unwrap();
    let again = store.claim_job(&[], later, lease).unwrap().unwrap();
    assert_eq!((again.id, again.attempts), (j1, 2));
    store.fail_job(j1, "timed out", 3).unwrap();
    let third = store.claim_job(&["fetch"], later, lease).unwrap().unwrap();
    assert_eq!(third.attempts, 3);
    store.fail_job(j1, "timed out again", 3).unwrap();
    assert_eq!(
        store.claim_job(&[], later, lease).unwrap(),
        None,
        "failed for good"
    );
    assert_eq!(
        store.job_states().unwrap(),
        [("done".to_string(), 1), ("failed".to_string(), 1)]
    );
}

fn concurrent_workers_never_claim_one_job_twice(fresh: &Fresh) {
    let store = fresh.open();
    for i in 0..40 {
        store.enqueue_job("compare", &i.to_string(), None).unwrap();
    }
    let now = at("2026-03-04T10:00:00Z");
    let barrier = Arc::new(Barrier::new(2));
    let location = fresh.location();
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let (barrier, location) = (barrier.clone(), location.clone());
            std::thread::spawn(move || {
                let store = Store::open(&location).unwrap();
                barrier.wait();
                let mut got = Vec::new();
                while let Some(job) = store
                    .claim_job(&["compare"], now, chrono::Duration::seconds(60))
                    .unwrap()
                {
                    got.push(job.id);
                    store.complete_job(job.id).unwrap();
                }
                got
            })
        })
        .collect();
    let mut all: Vec<i64> = workers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    all.sort_unstable();
    let n = all.len();
    all.dedup();
    assert_eq!((n, all.len()), (40, 40), "every job claimed exactly once");
}

fn watch_sources_remember_failures(fresh: &Fresh) {
    let store = fresh.open();
    assert_eq!(
        store.source_state("https://example.invalid/feed").unwrap(),
        None
    );
    let now = at("2026-03-04T10:00:00Z");
    let next = at("2026-03-04T10:10:00Z");
    store
        .record_source(
            "https://example.invalid/feed",
            2,
            now,
            next,
            Some("timed out"),
        )
        .unwrap();
    let s = store
        .source_state("https://example.invalid/feed")
        .unwrap()
        .unwrap();
    assert_eq!(
        (s.failures, s.last_error.as_deref()),
        (2, Some("timed out"))
    );
    assert_eq!(s.next_poll_at, "2026-03-04T10:10:00.000Z");
    assert_eq!(s.last_polled_at, "2026-03-04T10:00:00.000Z");
    store
        .record_source("https://example.invalid/feed", 0, next, next, None)
        .unwrap();
    let s = store
        .source_state("https://example.invalid/feed")
        .unwrap()
        .unwrap();
    assert_eq!((s.failures, s.last_error), (0, None));
}

fn a_lease_has_one_holder_until_it_runs_out(fresh: &Fresh) {
    let store = fresh.open();
    let other = fresh.open();
    let ttl = chrono::Duration::seconds(30);
    let now = at("2026-03-04T10:00:00Z");
    assert!(store.take_lease("cluster", "w1", now, ttl).unwrap());
    assert!(
        !other.take_lease("cluster", "w2", now, ttl).unwrap(),
        "held by w1"
    );
    assert!(
        store
            .take_lease("cluster", "w1", now + chrono::Duration::seconds(20), ttl)
            .unwrap(),
        "renewed"
    );
    assert!(
        !other
            .take_lease("cluster", "w2", now + chrono::Duration::seconds(40), ttl)
            .unwrap(),
        "the renewal counts"
    );
    assert!(
        other
            .take_lease("cluster", "w2", now + chrono::Duration::seconds(51), ttl)
            .unwrap(),
        "ran out"
    );
    store.release_lease("cluster", "w1").unwrap();
    assert!(
        !store
            .take_lease("cluster", "w1", now + chrono::Duration::seconds(52), ttl)
            .unwrap(),
        "w1 cannot release w2's"
    );
    other.release_lease("cluster", "w2").unwrap();
    assert!(
        store
            .take_lease("cluster", "w1", now + chrono::Duration::seconds(53), ttl)
            .unwrap()
    );

    // A requeued job is claimable again and its attempt is not counted.
    let j = store.enqueue_job("cluster", "{}", None).unwrap();
    let got = store.claim_job(&[], now, ttl).unwrap().unwrap();
    assert_eq!((got.id, got.attempts), (j, 1));
    store.requeue_job(j).unwrap();
    let again = store.claim_job(&[], now, ttl).unwrap().unwrap();
    assert_eq!((again.id, again.attempts), (j, 1));
}
