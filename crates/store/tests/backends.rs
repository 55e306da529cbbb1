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
//! a newer or damaged database is an error, not a panic.
#![allow(clippy::unwrap_used)]

mod common;

use std::sync::{Arc, Barrier};

use common::{Fresh, article, at, pair};
use parallax_store::{FetchState, NearCopy, Store, StoreError};

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
    assert_eq!(version, 2);
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
        assert_eq!(h.join().unwrap(), 2);
    }
    assert_eq!(fresh.scalar("SELECT COUNT(*) FROM schema_version"), 2);
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
                supported: 2,
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
