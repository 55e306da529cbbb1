//! The store end to end: reports round-trip, articles dedup by text, listings come newest
//! first, file databases persist across opens, and files that are not Parallax databases are
//! refused with a one-line error. Uses real `compare` reports, not hand-built ones.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
use parallax_core::{Article, Provenance, Report, Sourced};
use parallax_store::{Store, StoreError};

fn article(id: &str, outlet: &str, text: &str) -> Article {
    let mut a = Article::from_text(id, text);
    a.input = format!("{outlet}.txt");
    a.source = Some(Sourced::new(outlet.to_string(), Provenance::Flag));
    a.title = Some(Sourced::new(
        format!("{outlet} on the rail line"),
        Provenance::JsonField,
    ));
    a.published = Some(Sourced::new(
        NaiveDate::from_ymd_opt(2026, 3, 4).unwrap(),
        Provenance::Dateline,
    ));
    a.url = Some(format!("https://example.invalid/{outlet}"));
    a.language = Some("en".into());
    a
}

fn pair() -> (Vec<Article>, Report) {
    let articles = vec![
        article(
            "a1",
            "Lantern",
            "Governor Maria Alvarez opened the new Riverside rail line on Monday.\n\nAbout 5,000 people attended the ceremony in Busan.",
        ),
        article(
            "a2",
            "Sentinel",
            "On Monday Governor Maria Alvarez opened the Riverside rail line.\n\nSome 3,000 people attended the ceremony in Busan, officials said.",
        ),
    ];
    let report = parallax_compare::compare(&articles, Vec::new());
    (articles, report)
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

/// A fresh, empty scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("parallax-store-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn report_round_trips_exactly() {
    let (articles, report) = pair();
    assert!(
        !report.agreed.is_empty(),
        "the pair should agree on something"
    );
    let mut store = Store::open_in_memory().unwrap();
    let id = store.save_report(&report, &articles).unwrap();
    let loaded = store.report(id).unwrap().unwrap();
    assert_eq!(loaded, report);
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
}

#[test]
fn same_text_is_stored_once() {
    let (articles, report) = pair();
    let mut store = Store::open_in_memory().unwrap();
    let first = store.save_article(&articles[0]).unwrap();
    assert_eq!(store.save_article(&articles[0]).unwrap(), first);

    // Same text under another outlet: same row, first metadata kept.
    let mut renamed = articles[0].clone();
    renamed.source = Some(Sourced::new("Elsewhere".into(), Provenance::Flag));
    assert_eq!(store.save_article(&renamed).unwrap(), first);
    assert_eq!(
        store.article(first).unwrap().unwrap().source_name(),
        "Lantern"
    );

    // One character more is another article.
    let mut edited = articles[0].clone();
    edited.text.push('!');
    assert_ne!(store.save_article(&edited).unwrap(), first);

    // Saving two reports over the same articles reuses their rows.
    let r1 = store.save_report(&report, &articles).unwrap();
    let r2 = store.save_report(&report, &articles).unwrap();
    assert_ne!(r1, r2);
    assert_eq!(
        store.report_article_ids(r1).unwrap(),
        store.report_article_ids(r2).unwrap()
    );
    assert_eq!(store.report_article_ids(r1).unwrap()[0], first);
}

#[test]
fn listing_is_newest_first_with_outlets_and_counts() {
    let (articles, report) = pair();
    let mut store = Store::open_in_memory().unwrap();
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

#[test]
fn file_database_persists_across_opens() {
    let dir = scratch("persist");
    let path = dir.join("p.db");
    let (articles, report) = pair();
    let id = {
        let mut store = Store::open(&path).unwrap();
        assert_eq!(store.journal_mode().unwrap(), "wal");
        store.save_report(&report, &articles).unwrap()
    };
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), 2);
    assert_eq!(store.report(id).unwrap().unwrap(), report);
    assert_eq!(store.list_reports(10).unwrap().len(), 1);
    drop(store);

    // Opening again does not re-run migrations.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let n: i64 = conn
        .query_row("SELECT COUNT(*) FROM schema_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 2, "one row per migration, none repeated");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_file_that_is_not_a_database_is_refused_clearly() {
    let dir = scratch("corrupt");
    let path = dir.join("notes.db");
    std::fs::write(&path, "These are my notes, not a database.\n".repeat(50)).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("notes.db: not a Parallax database"), "{msg}");
    assert!(!msg.contains('\n'));
    // The file was not touched.
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("These are my notes")
    );

    // Another program's SQLite database is refused too, and left alone.
    let other = dir.join("other.db");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute("CREATE TABLE contacts (name TEXT)", [])
        .unwrap();
    let err = Store::open(&other).unwrap_err().to_string();
    assert!(err.contains("holds other tables: contacts"), "{err}");

    // A folder is not a database file.
    let err = Store::open(&dir).unwrap_err().to_string();
    assert!(err.contains("is a directory"), "{err}");

    // A missing parent folder is an open error, not a panic.
    let err = Store::open(dir.join("no/such/dir/x.db")).unwrap_err();
    assert!(matches!(err, StoreError::Open { .. }), "{err:?}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = scratch("newer");
    let path = dir.join("n.db");
    drop(Store::open(&path).unwrap());
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute(
            "INSERT INTO schema_version (version, applied_at) VALUES (99, 'later')",
            [],
        )
        .unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(
        matches!(err, StoreError::TooNew { found: 99, .. }),
        "{err:?}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_damaged_stored_report_is_an_error_not_a_panic() {
    let dir = scratch("damaged");
    let path = dir.join("d.db");
    let (articles, report) = pair();
    let id = Store::open(&path)
        .unwrap()
        .save_report(&report, &articles)
        .unwrap();
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute("UPDATE reports SET report_json = '{\"oops\": 1}'", [])
        .unwrap();
    let err = Store::open(&path).unwrap().report(id).unwrap_err();
    assert!(
        err.to_string()
            .starts_with(&format!("stored report {id} is unreadable")),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(dir);
}
