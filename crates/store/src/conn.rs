//! The one place that calls a database driver: rusqlite for SQLite, the synchronous `postgres`
//! crate for PostgreSQL. The store's queries are written once against [`Conn`], which binds
//! [`Param`]s and reads rows of [`Value`]s on either backend.
//!
//! Owns: connecting (a PostgreSQL URL parsed, its password never shown: [`redact`]), the
//! conversion of parameters and columns to and from each driver's types (PostgreSQL's `INTEGER`
//! is 32 bits, so integers are fitted to the column's type), per-connection statement caches,
//! and transactions (retried on PostgreSQL when a concurrent writer caused a deadlock). It does
//! not know any table: the SQL comes from `schema.rs`, `lib.rs` and `crawl.rs`, and what differs
//! between the two databases from `dialect.rs`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::error::Error as StdError;
use std::str::FromStr;
use std::time::Duration;

use postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};

use crate::dialect::{self, Dialect};
use crate::{Result, StoreError, one_line};

/// A value bound to a statement parameter (`$1`, `$2`, … in order).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Param<'a> {
    /// SQL `NULL`.
    Null,
    /// An integer (fitted to a 16-, 32- or 64-bit column on PostgreSQL).
    Int(i64),
    /// A double-precision float.
    Real(f64),
    /// Text.
    Text(&'a str),
}

impl From<i64> for Param<'_> {
    fn from(v: i64) -> Self {
        Param::Int(v)
    }
}

impl From<f64> for Param<'_> {
    fn from(v: f64) -> Self {
        Param::Real(v)
    }
}

impl<'a> From<&'a str> for Param<'a> {
    fn from(v: &'a str) -> Self {
        Param::Text(v)
    }
}

impl<'a> From<&'a String> for Param<'a> {
    fn from(v: &'a String) -> Self {
        Param::Text(v)
    }
}

impl<'a, T: Into<Param<'a>>> From<Option<T>> for Param<'a> {
    fn from(v: Option<T>) -> Self {
        v.map_or(Param::Null, Into::into)
    }
}

/// Parameters of one statement: `params![a, b, c]`.
macro_rules! params {
    ($($p:expr),* $(,)?) => {
        &[$($crate::conn::Param::from($p)),*] as &[$crate::conn::Param<'_>]
    };
}
pub(crate) use params;

/// A value read from a result column.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) enum Value {
    /// SQL `NULL`.
    #[default]
    Null,
    /// Any integer column (and booleans, as 0 and 1).
    Int(i64),
    /// A floating-point column.
    Real(f64),
    /// A text column.
    Text(String),
}

impl Value {
    fn kind(&self) -> &'static str {
        match self {
            Value::Null => "NULL",
            Value::Int(_) => "an integer",
            Value::Real(_) => "a float",
            Value::Text(_) => "text",
        }
    }
}

/// A Rust type a column can be read into.
pub(crate) trait FromValue: Sized {
    /// What the column should hold, for the error message.
    const EXPECTED: &'static str;
    /// The value as this type, or the value back when it is of another kind.
    fn from_value(v: Value) -> Result<Self, Value>;
}

impl FromValue for i64 {
    const EXPECTED: &'static str = "an integer";
    fn from_value(v: Value) -> Result<Self, Value> {
        match v {
            Value::Int(i) => Ok(i),
            other => Err(other),
        }
    }
}

impl FromValue for f64 {
    const EXPECTED: &'static str = "a number";
    fn from_value(v: Value) -> Result<Self, Value> {
        match v {
            Value::Real(f) => Ok(f),
            // SQLite stores a whole REAL as an integer when the column has no REAL affinity.
            #[allow(clippy::cast_precision_loss)]
            Value::Int(i) => Ok(i as f64),
            other => Err(other),
        }
    }
}

impl FromValue for String {
    const EXPECTED: &'static str = "text";
    fn from_value(v: Value) -> Result<Self, Value> {
        match v {
            Value::Text(s) => Ok(s),
            other => Err(other),
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    const EXPECTED: &'static str = T::EXPECTED;
    fn from_value(v: Value) -> Result<Self, Value> {
        match v {
            Value::Null => Ok(None),
            other => T::from_value(other).map(Some),
        }
    }
}

/// One result row.
#[derive(Debug)]
pub(crate) struct Row(Vec<Value>);

impl Row {
    /// Column `i` (from 0) as `T`, taken out of the row.
    pub(crate) fn take<T: FromValue>(&mut self, i: usize) -> Result<T> {
        let v = self
            .0
            .get_mut(i)
            .map(std::mem::take)
            .ok_or_else(|| StoreError::Sql(format!("result has no column {i}")))?;
        T::from_value(v).map_err(|v| {
            StoreError::Sql(format!(
                "column {i} holds {}, expected {}",
                v.kind(),
                T::EXPECTED
            ))
        })
    }
}

/// How many times a PostgreSQL transaction is tried when concurrent writers deadlock.
const TRANSACTION_ATTEMPTS: u32 = 5;

/// How long connecting to PostgreSQL may take when the URL does not say (`connect_timeout`).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// An open connection to either database.
pub(crate) enum Conn {
    /// SQLite.
    Sqlite(rusqlite::Connection),
    /// PostgreSQL. The driver needs `&mut` for every query and the store's readers take
    /// `&self`; the cell is never borrowed across calls.
    Postgres(Box<RefCell<Pg>>),
}

/// A PostgreSQL connection and the statements prepared on it. A connection the server closed
/// (a restart, an idle timeout) is opened again by the next call outside a transaction, so a
/// long-running server fails one request, not every one after.
pub(crate) struct Pg {
    config: postgres::Config,
    client: Option<postgres::Client>,
    statements: HashMap<String, postgres::Statement>,
    in_transaction: bool,
}

impl Drop for Pg {
    /// Closing the synchronous client blocks on its own runtime, which tokio forbids on a
    /// thread that drives async tasks (a server that drops its store on shutdown): there the
    /// client is closed on a thread of its own.
    fn drop(&mut self) {
        if let Some(client) = self.client.take()
            && tokio::runtime::Handle::try_current().is_ok()
        {
            let _ = std::thread::Builder::new()
                .name("parallax-store-close".into())
                .spawn(move || drop(client));
        }
    }
}

impl Pg {
    fn client(&mut self) -> Result<&mut postgres::Client> {
        if self.client.as_ref().is_none_or(postgres::Client::is_closed) {
            if self.in_transaction {
                return Err(StoreError::Sql(
                    "connection to PostgreSQL lost in the middle of a transaction".into(),
                ));
            }
            let client = connect(&self.config)?;
            self.statements.clear();
            self.client = Some(client);
        }
        self.client
            .as_mut()
            .ok_or_else(|| StoreError::Sql("the connection is closed".into()))
    }

    /// The driver's error as the store's; a connection it shows to be gone is let go of, so
    /// the next call outside a transaction connects again.
    fn error(&mut self, e: postgres::Error) -> StoreError {
        if dialect::pg_connection_lost(&e) {
            self.client = None;
        }
        pg_error(e)
    }

    fn statement(&mut self, sql: &str) -> Result<postgres::Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let prepared = self.client()?.prepare(sql);
        let s = prepared.map_err(|e| self.error(e))?;
        self.statements.insert(sql.to_string(), s.clone());
        Ok(s)
    }

    fn batch(&mut self, sql: &str) -> Result<()> {
        let done = self.client()?.batch_execute(sql);
        done.map_err(|e| self.error(e))
    }

    fn query(&mut self, sql: &str, params: &[Param<'_>]) -> Result<Vec<Row>> {
        let stmt = self.statement(sql)?;
        let refs: Vec<&(dyn ToSql + Sync)> =
            params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        let rows = self.client()?.query(&stmt, &refs);
        let rows = rows.map_err(|e| self.error(e))?;
        rows.iter()
            .map(|r| {
                (0..r.len())
                    .map(|i| r.try_get::<_, Value>(i).map_err(pg_error))
                    .collect::<Result<Vec<_>>>()
                    .map(Row)
            })
            .collect()
    }

    fn execute(&mut self, sql: &str, params: &[Param<'_>]) -> Result<u64> {
        let stmt = self.statement(sql)?;
        let refs: Vec<&(dyn ToSql + Sync)> =
            params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        let done = self.client()?.execute(&stmt, &refs);
        done.map_err(|e| self.error(e))
    }
}

impl std::fmt::Debug for Conn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Conn::Sqlite(_) => "Conn::Sqlite",
            Conn::Postgres(_) => "Conn::Postgres",
        })
    }
}

impl Conn {
    /// Connect to the PostgreSQL server a `postgres://` or `postgresql://` URL names.
    pub(crate) fn connect_postgres(url: &str) -> Result<Conn> {
        let shown = redact(url);
        let mut config = postgres::Config::from_str(url).map_err(|e| StoreError::Open {
            path: shown.clone(),
            reason: format!("invalid PostgreSQL URL: {}", one_line(&e.to_string())),
        })?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        if config.get_application_name().is_none() {
            config.application_name("parallax");
        }
        let client = connect(&config)?;
        Ok(Conn::Postgres(Box::new(RefCell::new(Pg {
            config,
            client: Some(client),
            statements: HashMap::new(),
            in_transaction: false,
        }))))
    }

    /// Which database this is.
    pub(crate) fn dialect(&self) -> Dialect {
        match self {
            Conn::Sqlite(_) => Dialect::Sqlite,
            Conn::Postgres(_) => Dialect::Postgres,
        }
    }

    /// Run statements without parameters or results (DDL, `BEGIN`, `COMMIT`).
    pub(crate) fn batch(&self, sql: &str) -> Result<()> {
        match self {
            Conn::Sqlite(c) => c.execute_batch(sql).map_err(sqlite_error),
            Conn::Postgres(pg) => pg.borrow_mut().batch(sql),
        }
    }

    /// Run one statement; return the number of rows it changed.
    pub(crate) fn execute(&self, sql: &str, params: &[Param<'_>]) -> Result<u64> {
        match self {
            Conn::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql).map_err(sqlite_error)?;
                let n = stmt
                    .execute(rusqlite::params_from_iter(params))
                    .map_err(sqlite_error)?;
                Ok(n as u64)
            }
            Conn::Postgres(pg) => pg.borrow_mut().execute(sql, params),
        }
    }

    /// Run one query; return every row.
    pub(crate) fn query(&self, sql: &str, params: &[Param<'_>]) -> Result<Vec<Row>> {
        match self {
            Conn::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql).map_err(sqlite_error)?;
                let columns = stmt.column_count();
                let mut rows = stmt
                    .query(rusqlite::params_from_iter(params))
                    .map_err(sqlite_error)?;
                let mut out = Vec::new();
                while let Some(r) = rows.next().map_err(sqlite_error)? {
                    let row = (0..columns)
                        .map(|i| r.get_ref(i).map_err(sqlite_error).and_then(sqlite_value))
                        .collect::<Result<Vec<_>>>()?;
                    out.push(Row(row));
                }
                Ok(out)
            }
            Conn::Postgres(pg) => pg.borrow_mut().query(sql, params),
        }
    }

    /// The first row of a query, if any.
    pub(crate) fn query_opt(&self, sql: &str, params: &[Param<'_>]) -> Result<Option<Row>> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    /// The first row of a query that always returns one (`COUNT(*)`, `MAX(…)`).
    pub(crate) fn query_one(&self, sql: &str, params: &[Param<'_>]) -> Result<Row> {
        self.query_opt(sql, params)?
            .ok_or_else(|| StoreError::Sql("the query returned no row".into()))
    }

    /// Run `f` in one writing transaction: all of it or nothing. On PostgreSQL a transaction
    /// that lost a deadlock to a concurrent writer is run again, up to five times.
    pub(crate) fn transaction<T>(&self, mut f: impl FnMut(&Conn) -> Result<T>) -> Result<T> {
        let mut attempt = 1;
        loop {
            self.batch(self.dialect().begin_write())?;
            self.set_in_transaction(true);
            let result = f(self).and_then(|v| self.batch("COMMIT").map(|()| v));
            match result {
                Ok(v) => {
                    self.set_in_transaction(false);
                    return Ok(v);
                }
                Err(e) => {
                    // After a failed COMMIT PostgreSQL has ended the transaction already and
                    // only warns; SQLite may still hold it.
                    let _ = self.batch("ROLLBACK");
                    self.set_in_transaction(false);
                    if matches!(e, StoreError::Conflict(_)) && attempt < TRANSACTION_ATTEMPTS {
                        attempt += 1;
                        std::thread::sleep(Duration::from_millis(10 * u64::from(attempt)));
                        continue;
                    }
                    return Err(e);
                }
            }
        }
    }

    /// Whether a transaction is open (a lost PostgreSQL connection is not silently replaced
    /// inside one: the rest would run outside it).
    fn set_in_transaction(&self, open: bool) {
        if let Conn::Postgres(pg) = self {
            pg.borrow_mut().in_transaction = open;
        }
    }

    /// The SQLite connection, for what only SQLite has (pragmas).
    pub(crate) fn as_sqlite(&self) -> Option<&rusqlite::Connection> {
        match self {
            Conn::Sqlite(c) => Some(c),
            Conn::Postgres(_) => None,
        }
    }
}

/// Open a PostgreSQL connection (no TLS).
fn connect(config: &postgres::Config) -> Result<postgres::Client> {
    config
        .connect(postgres::NoTls)
        .map_err(|e| StoreError::Connect {
            server: server_of(config),
            reason: pg_message(&e),
        })
}

fn sqlite_error(e: rusqlite::Error) -> StoreError {
    StoreError::Sql(one_line(&e.to_string()))
}

/// One line from a driver error: the server's own message when it sent one (`Display` alone
/// says only "db error"), else the error and its cause.
fn pg_message(e: &postgres::Error) -> String {
    let msg = if let Some(db) = e.as_db_error() {
        match db.detail() {
            Some(detail) => format!("{}: {} ({detail})", db.severity(), db.message()),
            None => format!("{}: {}", db.severity(), db.message()),
        }
    } else {
        // The system's reason in plain words: "connection refused (no server is listening
        // there)", never an OS error number.
        let mut io: Option<&std::io::Error> = None;
        let mut src = e.source();
        while let Some(inner) = src {
            if let Some(x) = inner.downcast_ref::<std::io::Error>() {
                io = Some(x);
            }
            src = inner.source();
        }
        match io.map(std::io::Error::kind) {
            Some(std::io::ErrorKind::ConnectionRefused) => {
                "connection refused (no server is listening at that address and port)".to_string()
            }
            Some(std::io::ErrorKind::TimedOut) => "the server did not answer in time".to_string(),
            _ => {
                let msg = e.to_string();
                let msg = match e.source().map(ToString::to_string) {
                    Some(cause) if !msg.contains(&cause) => format!("{msg}: {cause}"),
                    _ => msg,
                };
                msg.split(" (os error").next().unwrap_or(&msg).to_string()
            }
        }
    };
    one_line(&msg)
}

fn pg_error(e: postgres::Error) -> StoreError {
    let msg = pg_message(&e);
    if dialect::pg_retryable(&e) {
        StoreError::Conflict(msg)
    } else if e.is_closed() {
        StoreError::Sql(format!("connection to PostgreSQL lost: {msg}"))
    } else {
        StoreError::Sql(msg)
    }
}

fn sqlite_value(v: rusqlite::types::ValueRef<'_>) -> Result<Value> {
    use rusqlite::types::ValueRef;
    Ok(match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Real(f) => Value::Real(f),
        ValueRef::Text(t) | ValueRef::Blob(t) => Value::Text(
            String::from_utf8(t.to_vec())
                .map_err(|e| StoreError::Sql(format!("stored text is not UTF-8: {e}")))?,
        ),
    })
}

impl rusqlite::ToSql for Param<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match *self {
            Param::Null => ValueRef::Null,
            Param::Int(i) => ValueRef::Integer(i),
            Param::Real(f) => ValueRef::Real(f),
            Param::Text(s) => ValueRef::Text(s.as_bytes()),
        }))
    }
}

type BoxError = Box<dyn StdError + Sync + Send>;

impl ToSql for Param<'_> {
    /// Encode for the parameter's type as the server inferred it from the statement.
    fn to_sql(&self, ty: &Type, out: &mut bytes::BytesMut) -> Result<IsNull, BoxError> {
        match *self {
            Param::Null => Ok(IsNull::Yes),
            Param::Int(i) if *ty == Type::INT8 => i.to_sql(ty, out),
            Param::Int(i) if *ty == Type::INT4 => i32::try_from(i)?.to_sql(ty, out),
            Param::Int(i) if *ty == Type::INT2 => i16::try_from(i)?.to_sql(ty, out),
            #[allow(clippy::cast_precision_loss)]
            Param::Int(i) if *ty == Type::FLOAT8 => (i as f64).to_sql(ty, out),
            Param::Real(f) if *ty == Type::FLOAT8 => f.to_sql(ty, out),
            #[allow(clippy::cast_possible_truncation)]
            Param::Real(f) if *ty == Type::FLOAT4 => (f as f32).to_sql(ty, out),
            Param::Text(s) if <&str as ToSql>::accepts(ty) => s.to_sql(ty, out),
            p => Err(format!("cannot bind {p:?} to a parameter of type {ty}").into()),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

impl<'a> FromSql<'a> for Value {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Value, BoxError> {
        Ok(if *ty == Type::INT8 {
            Value::Int(i64::from_sql(ty, raw)?)
        } else if *ty == Type::INT4 {
            Value::Int(i32::from_sql(ty, raw)?.into())
        } else if *ty == Type::INT2 {
            Value::Int(i16::from_sql(ty, raw)?.into())
        } else if *ty == Type::FLOAT8 {
            Value::Real(f64::from_sql(ty, raw)?)
        } else if *ty == Type::FLOAT4 {
            Value::Real(f32::from_sql(ty, raw)?.into())
        } else if *ty == Type::BOOL {
            Value::Int(bool::from_sql(ty, raw)?.into())
        } else if <String as FromSql>::accepts(ty) {
            Value::Text(String::from_sql(ty, raw)?)
        } else {
            return Err(format!("cannot read a column of type {ty}").into());
        })
    }

    fn from_sql_null(_: &Type) -> Result<Value, BoxError> {
        Ok(Value::Null)
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// True when `location` names a PostgreSQL server rather than a SQLite file.
pub fn is_postgres_url(location: &str) -> bool {
    let lower = location.get(..13).unwrap_or(location).to_ascii_lowercase();
    lower.starts_with("postgres://") || lower.starts_with("postgresql://")
}

/// A location fit to print: a PostgreSQL URL without its password (`postgresql://user@host:port/db`),
/// a file path as it is.
pub fn redact(location: &str) -> String {
    if !is_postgres_url(location) {
        return location.to_string();
    }
    match postgres::Config::from_str(location) {
        Ok(c) => {
            let user = c.get_user().map(|u| format!("{u}@")).unwrap_or_default();
            let db = c.get_dbname().map(|d| format!("/{d}")).unwrap_or_default();
            format!("postgresql://{user}{}{db}", server_of(&c))
        }
        Err(_) => "postgresql://(unreadable URL)".to_string(),
    }
}

/// `host:port` (several, comma-separated; a socket folder for a Unix socket) of a
/// connection's configuration.
fn server_of(c: &postgres::Config) -> String {
    let ports = c.get_ports();
    let port = |i: usize| ports.get(i).or(ports.first()).copied().unwrap_or(5432);
    let mut hosts: Vec<String> = c
        .get_hosts()
        .iter()
        .enumerate()
        .map(|(i, h)| match h {
            postgres::config::Host::Tcp(name) if name.contains(':') => {
                format!("[{name}]:{}", port(i))
            }
            postgres::config::Host::Tcp(name) => format!("{name}:{}", port(i)),
            #[cfg(unix)]
            postgres::config::Host::Unix(dir) => format!("{}:{}", dir.display(), port(i)),
        })
        .collect();
    if hosts.is_empty() {
        hosts = c
            .get_hostaddrs()
            .iter()
            .enumerate()
            .map(|(i, a)| std::net::SocketAddr::new(*a, port(i)).to_string())
            .collect();
    }
    if hosts.is_empty() {
        format!("localhost:{}", port(0))
    } else {
        hosts.join(",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_conflicted_transaction_runs_again_and_a_failed_one_leaves_nothing() {
        let conn = Conn::Sqlite(rusqlite::Connection::open_in_memory().unwrap());
        conn.batch("CREATE TABLE t (x INTEGER)").unwrap();
        let mut tries = 0;
        let got = conn.transaction(|c| {
            tries += 1;
            c.execute("INSERT INTO t (x) VALUES ($1)", params![tries])?;
            if tries < 3 {
                return Err(StoreError::Conflict("deadlock detected".into()));
            }
            Ok(tries)
        });
        assert_eq!(got.unwrap(), 3);
        let count = |c: &Conn| {
            c.query_one("SELECT COUNT(*) FROM t", &[])
                .unwrap()
                .take::<i64>(0)
        };
        assert_eq!(
            count(&conn).unwrap(),
            1,
            "the conflicted attempts were rolled back"
        );

        let mut tries = 0;
        let err = conn
            .transaction(|c| {
                tries += 1;
                c.execute("INSERT INTO t (x) VALUES ($1)", params![7])?;
                Err::<(), _>(StoreError::Conflict("deadlock detected".into()))
            })
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict(_)));
        assert_eq!(tries, TRANSACTION_ATTEMPTS);
        let err = conn
            .transaction(|c| {
                c.execute("INSERT INTO t (x) VALUES ($1)", params![8])?;
                c.execute("INSERT INTO nowhere (x) VALUES ($1)", params![8])
            })
            .unwrap_err();
        assert!(err.to_string().contains("no such table"), "{err}");
        assert_eq!(count(&conn).unwrap(), 1);
    }

    #[test]
    fn values_convert_or_say_why_not() {
        let conn = Conn::Sqlite(rusqlite::Connection::open_in_memory().unwrap());
        let mut row = conn
            .query_one(
                "SELECT $1, $2, $3, $4, 2",
                params![1_i64, 0.5, "x", Option::<&str>::None],
            )
            .unwrap();
        assert_eq!(row.take::<i64>(0).unwrap(), 1);
        assert_eq!(row.take::<f64>(1).unwrap(), 0.5);
        assert_eq!(row.take::<Option<String>>(2).unwrap().as_deref(), Some("x"));
        assert_eq!(row.take::<Option<i64>>(3).unwrap(), None);
        assert_eq!(row.take::<f64>(4).unwrap(), 2.0);
        let err = conn
            .query_one("SELECT 'text'", &[])
            .unwrap()
            .take::<i64>(0)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "database error: column 0 holds text, expected an integer"
        );
        assert!(
            conn.query_one("SELECT 1", &[])
                .unwrap()
                .take::<i64>(5)
                .is_err()
        );
    }

    #[test]
    fn urls_are_told_from_paths() {
        assert!(is_postgres_url("postgres://h/db"));
        assert!(is_postgres_url("PostgreSQL://h/db"));
        assert!(!is_postgres_url("parallax.db"));
        assert!(!is_postgres_url("./postgres://x"));
        assert!(!is_postgres_url("é"));
    }

    #[test]
    fn redaction_drops_every_password() {
        let shown = redact("postgres://ann:s3cret@db.example:6543/news?sslmode=disable");
        assert_eq!(shown, "postgresql://ann@db.example:6543/news");
        let shown = redact("postgresql://ann@db.example/news?password=s3cret");
        assert_eq!(shown, "postgresql://ann@db.example:5432/news");
        assert!(!redact("postgresql://a:s3cret@h:notaport/x").contains("s3cret"));
        assert_eq!(redact("/tmp/p.db"), "/tmp/p.db");
        assert_eq!(
            redact("postgresql://u@%2Ftmp%2Fpg/x"),
            "postgresql://u@/tmp/pg:5432/x"
        );
    }
}
