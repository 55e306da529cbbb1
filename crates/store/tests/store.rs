//! SQLite files: a database persists across opens in WAL mode, and files that are not Parallax
//! databases (text, another program's SQLite file, a folder, a missing folder) are refused with
//! a one-line error and left alone. What both backends share is tested in `backends.rs`.
#![allow(clippy::unwrap_used)]

mod common;

use common::{pair, scratch};
use parallax_store::{Store, StoreError};

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
    assert_eq!(store.schema_version().unwrap(), 6);
    assert_eq!(store.report(id).unwrap().unwrap(), report);
    assert_eq!(store.list_reports(10).unwrap().len(), 1);
    drop(store);

    // Opening again does not re-run migrations.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let n: i64 = conn
        .query_row("SELECT COUNT(*) FROM schema_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 6, "one row per migration, none repeated");
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
