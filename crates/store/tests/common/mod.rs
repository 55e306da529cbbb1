//! What the store's test files share: real `compare` reports over two small articles, and a
//! fresh database of either kind for one test (a SQLite file in a scratch folder, or a
//! PostgreSQL schema of its own on the server `PARALLAX_TEST_PG` names), removed afterwards.
#![allow(clippy::unwrap_used, dead_code)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, NaiveDate, Utc};
use parallax_core::{Article, Provenance, Report, Sourced};
use parallax_store::Store;

pub fn article(id: &str, outlet: &str, text: &str) -> Article {
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

pub fn pair() -> (Vec<Article>, Report) {
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

pub fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

/// A fresh, empty scratch folder for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("parallax-store-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The PostgreSQL server of the tests, if one is given.
pub fn pg_url() -> Option<String> {
    parallax_testkit::pg_url()
}

/// `url` with the connection's search path set to `schema`.
pub fn with_schema(url: &str, schema: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}options=-csearch_path%3D{schema}")
}

/// An empty database for one test, dropped with it.
pub enum Fresh {
    /// A SQLite file in its own scratch folder.
    Sqlite { dir: PathBuf },
    /// A schema of its own on the test server.
    Postgres { server: String, schema: String },
}

static SCHEMAS: AtomicUsize = AtomicUsize::new(0);

impl Fresh {
    pub fn sqlite(tag: &str) -> Fresh {
        Fresh::Sqlite {
            dir: scratch(&format!("fresh-{tag}")),
        }
    }

    /// `None` (after printing why) when no test server is given.
    pub fn postgres(tag: &str) -> Option<Fresh> {
        let server = pg_url()?;
        let n = SCHEMAS.fetch_add(1, Ordering::SeqCst);
        let mut schema = format!("ptest_{}_{n}_{tag}", std::process::id()).to_lowercase();
        schema.truncate(63);
        let mut admin = postgres::Client::connect(&server, postgres::NoTls).unwrap();
        admin
            .batch_execute(&format!(
                "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
            ))
            .unwrap();
        Some(Fresh::Postgres { server, schema })
    }

    /// What `Store::open` is given.
    pub fn location(&self) -> String {
        match self {
            Fresh::Sqlite { dir } => dir.join("p.db").display().to_string(),
            Fresh::Postgres { server, schema } => with_schema(server, schema),
        }
    }

    pub fn open(&self) -> Store {
        Store::open(self.location()).unwrap()
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Fresh::Postgres { .. })
    }

    /// Run SQL behind the store's back (to damage it, or to look inside).
    pub fn exec(&self, sql: &str) {
        match self {
            Fresh::Sqlite { .. } => rusqlite::Connection::open(self.location())
                .unwrap()
                .execute_batch(sql)
                .unwrap(),
            Fresh::Postgres { .. } => postgres::Client::connect(&self.location(), postgres::NoTls)
                .unwrap()
                .batch_execute(sql)
                .unwrap(),
        }
    }

    /// One integer that a query returns, read behind the store's back.
    pub fn scalar(&self, sql: &str) -> i64 {
        match self {
            Fresh::Sqlite { .. } => rusqlite::Connection::open(self.location())
                .unwrap()
                .query_row(sql, [], |r| r.get(0))
                .unwrap(),
            Fresh::Postgres { .. } => postgres::Client::connect(&self.location(), postgres::NoTls)
                .unwrap()
                .query_one(sql, &[])
                .unwrap()
                .get(0),
        }
    }
}

impl Drop for Fresh {
    fn drop(&mut self) {
        match self {
            Fresh::Sqlite { dir } => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Fresh::Postgres { server, schema } => {
                if let Ok(mut c) = postgres::Client::connect(server, postgres::NoTls) {
                    let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
                }
            }
        }
    }
}
