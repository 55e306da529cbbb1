//! The Parallax web server: paste articles into a page and get the HTML report, browse saved
//! reports, or call the JSON API.
//!
//! Owns the routes, their HTTP status codes and error bodies, the request size limit and the
//! security headers. It deliberately computes nothing itself: articles go through
//! `parallax_extract`, reports come from `parallax_compare`, pages from `parallax_render`
//! (plus the small form and list pages in `pages.rs`), and storage is `parallax_store`.
//! Comparison and database work run on the blocking thread pool, never on the async workers.
//!
//! Routes:
//!
//! | route | does |
//! |---|---|
//! | `GET /` | the stories, newest activity first (`?q=&outlet=&from=&to=&page=`) |
//! | `GET /stories/{id}` | one story: its articles side by side, every finding highlighted |
//! | `GET /compare` | the form: per article an outlet, date, headline, text box, URL and file; `?example=summit` fills it with the bundled example |
//! | `POST /compare` | form (URL-encoded or multipart with files) → saved, 303 to its report page |
//! | `GET /reports` | saved reports, newest first |
//! | `GET /reports/{id}` | one saved report, shown as a story page |
//! | `GET /static/{file}` | `report.css`, `app.css`, `app.js` |
//! | `GET /api/stories` | stories as JSON (the list's filters, `limit`, `offset`) |
//! | `GET /api/stories/{id}` | one story and its comparison |
//! | `GET /api/articles/{id}` | one stored article and its story |
//! | `GET /api/search?q=` | articles matching words, with their stories |
//! | `GET /api/feeds`, `POST /api/feeds`, `DELETE /api/feeds/{id}` | the feeds `serve --watch` follows besides its own |
//! | `POST /api/compare` | `{"articles": [{"text", "source", "published", "title", "url"}], "save"}` → report JSON |
//! | `GET /api/reports` | saved reports as JSON (`?limit=N`) |
//! | `GET /api/reports/{id}` | one saved report as JSON |
//! | `GET /api/schema` | JSON Schema of the report |
//! | `GET /api/openapi.json` | the API's OpenAPI 3.1 document |
//! | `GET /healthz` | `ok` |
//!
//! Writes (`POST`, `DELETE`) need the server's token when it has one (`Authorization: Bearer TOKEN`, or
//! the form's token field); a server listening beyond this machine must have one.
#![deny(missing_docs)]

mod api;
mod charts;
pub mod input;
mod openapi;
mod pages;
mod web;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use axum::routing::{get, post};
use parallax_store::Store;

/// Where `parallax serve` listens unless told otherwise: this machine only.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

/// Largest request body accepted (all articles of one comparison together).
pub const MAX_BODY_BYTES: usize = 5 * 1024 * 1024;

/// Why the server could not start or stopped with an error. Every message is one line.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The database could not be opened.
    #[error(transparent)]
    Store(#[from] parallax_store::StoreError),
    /// The address could not be bound (in use, not permitted).
    #[error("cannot listen on {addr}: {reason}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// The one-line reason.
        reason: String,
    },
    /// The server failed while running.
    #[error("server error: {0}")]
    Io(#[from] std::io::Error),
    /// A background task died.
    #[error("internal error: {0}")]
    Task(String),
    /// Listening beyond this machine without a token would let anyone write.
    #[error(
        "{addr} is reachable from other machines, so writes need a token: pass --token or set PARALLAX_TOKEN (or listen on 127.0.0.1)"
    )]
    TokenNeeded {
        /// The address asked for.
        addr: SocketAddr,
    },
}

/// What every handler shares: the database, and the sentence embedder for claim alignment.
#[derive(Clone, Debug)]
pub struct AppState {
    /// One connection or more to the same database; a handler takes a free one.
    stores: Arc<Vec<Mutex<Store>>>,
    /// Where the next handler that finds every connection busy waits.
    next: Arc<std::sync::atomic::AtomicUsize>,
    vectors: Option<Arc<parallax_embed::Embedder>>,
    fetch: parallax_ingest::FetchOptions,
    token: Option<Arc<str>>,
    writes: Arc<WriteLimit>,
}

/// Most writes (`POST`, `DELETE`: comparisons, feed changes) one client address may make in a minute by default.
pub const WRITES_PER_MINUTE: u32 = 30;

/// Writes per client address in the current minute: a fixed window per address, so one client
/// cannot keep the blocking pool busy with comparisons.
#[derive(Debug)]
struct WriteLimit {
    per_minute: u32,
    windows: Mutex<std::collections::HashMap<std::net::IpAddr, (std::time::Instant, u32)>>,
}

impl WriteLimit {
    fn new(per_minute: u32) -> WriteLimit {
        WriteLimit {
            per_minute,
            windows: Mutex::new(std::collections::HashMap::new()),
        }
    }

    /// Count a write from `ip`: `Ok` when allowed, else the seconds until its window ends.
    fn take(&self, ip: std::net::IpAddr) -> Result<(), u64> {
        let now = std::time::Instant::now();
        let minute = std::time::Duration::from_secs(60);
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        if windows.len() > 10_000 {
            windows.retain(|_, (start, _)| now.duration_since(*start) < minute);
        }
        let (start, n) = windows.entry(ip).or_insert((now, 0));
        if now.duration_since(*start) >= minute {
            *start = now;
            *n = 0;
        }
        if *n >= self.per_minute {
            return Err((minute - now.duration_since(*start)).as_secs().max(1));
        }
        *n += 1;
        Ok(())
    }
}

impl AppState {
    /// State around an open store; claims aligned by their words alone; a page named by URL
    /// on the form is fetched with the default options (private addresses refused).
    pub fn new(store: Store) -> AppState {
        AppState {
            stores: Arc::new(vec![Mutex::new(store)]),
            next: Arc::new(std::sync::atomic::AtomicUsize::new(0)),
            vectors: None,
            fetch: parallax_ingest::FetchOptions::default(),
            token: None,
            writes: Arc::new(WriteLimit::new(WRITES_PER_MINUTE)),
        }
    }

    /// Allow `per_minute` writes (`POST`, `DELETE`) per client address and minute (default
    /// [`WRITES_PER_MINUTE`]); more get `429 Too Many Requests`.
    pub fn with_write_limit(mut self, per_minute: u32) -> AppState {
        self.writes = Arc::new(WriteLimit::new(per_minute));
        self
    }

    /// Require this token on every write (`POST`): `Authorization: Bearer TOKEN` on the API,
    /// the `token` field on the form. An empty token counts as none.
    pub fn with_token(mut self, token: Option<String>) -> AppState {
        self.token = token.filter(|t| !t.is_empty()).map(Arc::from);
        self
    }

    /// Whether `given` is the server's token (always, when it has none). Compared in time
    /// independent of where the two differ.
    pub(crate) fn token_ok(&self, given: Option<&str>) -> bool {
        let Some(want) = &self.token else {
            return true;
        };
        let Some(given) = given else {
            return false;
        };
        let (a, b) = (want.as_bytes(), given.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }

    /// Whether the server has a token.
    pub(crate) fn has_token(&self) -> bool {
        self.token.is_some()
    }

    /// A story (merges followed) and its comparison: cached, or computed now and cached.
    pub(crate) fn story_report(
        &self,
        id: i64,
    ) -> Result<
        Option<(parallax_store::StorySummary, parallax_core::Report, bool)>,
        parallax_store::StoreError,
    > {
        let vectors = self
            .vectors
            .as_deref()
            .map(|e| e as &dyn parallax_analyze::bias::Vectors);
        parallax_stream::stories::story_report(&self.store(), id, vectors)
    }

    /// Fetch the form's URLs with these options (a test server on loopback, a size cap).
    pub fn with_fetch_options(mut self, fetch: parallax_ingest::FetchOptions) -> AppState {
        self.fetch = fetch;
        self
    }

    /// Align claims with this embedder's sentence vectors too (see `parallax_compare`).
    pub fn with_vectors(mut self, embedder: parallax_embed::Embedder) -> AppState {
        self.vectors = Some(Arc::new(embedder));
        self
    }

    /// Compare articles with the state's embedder, when it has one.
    pub(crate) fn compare(
        &self,
        articles: &[parallax_core::Article],
        diagnostics: Vec<parallax_core::Diagnostic>,
    ) -> parallax_core::Report {
        let vectors = self
            .vectors
            .as_deref()
            .map(|e| e as &dyn parallax_analyze::bias::Vectors);
        parallax_compare::compare_with(articles, diagnostics, vectors)
    }

    /// Serve with these connections to the same database too (a file or a PostgreSQL server,
    /// not an in-memory database, which each connection would see empty), so that requests
    /// do not queue behind one connection.
    pub fn with_more_connections(mut self, more: Vec<Store>) -> AppState {
        let mut all: Vec<Mutex<Store>> = match Arc::try_unwrap(self.stores) {
            Ok(v) => v,
            Err(shared) => {
                // Cloned states share their connections; keep those and add none.
                self.stores = shared;
                return self;
            }
        };
        all.extend(more.into_iter().map(Mutex::new));
        self.stores = Arc::new(all);
        self
    }

    /// A store connection, locked: the first free one, else (all busy) the next in turn. A
    /// handler that panicked while holding one leaves the database consistent (every write is
    /// one transaction), so a poisoned lock is taken over, not propagated.
    fn store(&self) -> MutexGuard<'_, Store> {
        for s in self.stores.iter() {
            match s.try_lock() {
                Ok(g) => return g,
                Err(std::sync::TryLockError::Poisoned(p)) => return p.into_inner(),
                Err(std::sync::TryLockError::WouldBlock) => {}
            }
        }
        let i = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) % self.stores.len();
        self.stores[i].lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Every route, with the body limit and security headers, over `state`.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/stories", get(api::stories))
        .route("/stories/{id}", get(api::story))
        .route("/articles/{id}", get(api::article))
        .route("/search", get(api::search))
        .route("/feeds", get(api::feeds).post(api::add_feed))
        .route("/feeds/{id}", axum::routing::delete(api::remove_feed))
        .route("/compare", post(api::compare))
        .route("/reports", get(api::reports))
        .route("/reports/{id}", get(api::report))
        .route("/schema", get(api::schema))
        .route("/openapi.json", get(openapi::document))
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            api::require_token,
        ));
    Router::new()
        .route("/", get(web::story_list))
        .route("/stories/{id}", get(web::story))
        .route("/compare", get(pages::form).post(pages::compare))
        .route("/reports", get(pages::reports))
        .route("/reports/{id}", get(pages::report))
        .route("/static/{file}", get(web::static_file))
        .route("/healthz", get(|| async { "ok" }))
        .nest("/api", api)
        .fallback(pages::not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            limit_writes,
        ))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

/// Open the database at `store_path` (a SQLite file, or a `postgresql://` URL), listen on
/// `addr` and serve until Ctrl-C.
/// `token` guards writes; one is required when `addr` is not a loopback address.
pub async fn serve(
    addr: SocketAddr,
    store_path: PathBuf,
    token: Option<String>,
) -> Result<(), ServeError> {
    let token = token.filter(|t| !t.is_empty());
    if token.is_none() && !addr.ip().is_loopback() {
        return Err(ServeError::TokenNeeded { addr });
    }
    // One connection per core, so that reads do not queue behind one another (SQLite's WAL
    // and PostgreSQL both let several connections read at once; writes stay transactions).
    let connections = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 8));
    let (store, more) = tokio::task::spawn_blocking(move || {
        let store = Store::open(&store_path)?;
        let more = (1..connections)
            .map(|_| Store::open(&store_path))
            .collect::<Result<Vec<_>, _>>()?;
        Ok::<_, parallax_store::StoreError>((store, more))
    })
    .await
    .map_err(|e| ServeError::Task(e.to_string()))??;
    // The sentence-embedding model, when scripts/setup.sh fetched it.
    let embedder = tokio::task::spawn_blocking(|| parallax_embed::Embedder::for_alignment().ok())
        .await
        .map_err(|e| ServeError::Task(e.to_string()))?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| ServeError::Bind {
            addr,
            reason: e.to_string(),
        })?;
    eprintln!(
        "parallax: serving on http://{}/ (reports in {})",
        listener.local_addr()?,
        store.location()
    );
    let mut state = AppState::new(store)
        .with_more_connections(more)
        .with_token(token);
    if let Some(embedder) = embedder {
        eprintln!(
            "parallax: claims aligned with {} sentence vectors",
            embedder.name()
        );
        state = state.with_vectors(embedder);
    }
    serve_on(listener, state).await
}

/// [`serve`] on a runtime of its own, for callers that are not async (the `parallax` binary).
pub fn run(addr: SocketAddr, store_path: PathBuf, token: Option<String>) -> Result<(), ServeError> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(serve(addr, store_path, token))
}

/// Serve the routes on an already bound listener until Ctrl-C.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    state: AppState,
) -> Result<(), ServeError> {
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        // If the signal cannot be installed, serve until killed.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    })
    .await?;
    Ok(())
}

/// Count each write (`POST`, `DELETE`) against its client address's minute; over the limit, `429` with
/// the wait in `Retry-After` (JSON on the API, a page elsewhere).
async fn limit_writes(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if matches!(
        *req.method(),
        axum::http::Method::GET | axum::http::Method::HEAD
    ) {
        return next.run(req).await;
    }
    let ip = req
        .extensions()
        .get::<axum::extract::ConnectInfo<SocketAddr>>()
        .map_or(std::net::IpAddr::from([0, 0, 0, 0]), |c| c.0.ip());
    match state.writes.take(ip) {
        Ok(()) => next.run(req).await,
        Err(wait) => {
            let message = format!(
                "too many writes from one address: at most {} a minute; try again in {wait} s",
                state.writes.per_minute
            );
            let mut res = if req.uri().path().starts_with("/api/") {
                api::error_response(axum::http::StatusCode::TOO_MANY_REQUESTS, message)
            } else {
                pages::error_page(axum::http::StatusCode::TOO_MANY_REQUESTS, &message)
            };
            if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
                res.headers_mut().insert(header::RETRY_AFTER, v);
            }
            res
        }
    }
}

/// Run `f` on the blocking pool (comparison, rendering, the database).
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, String> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| format!("internal error: {e}"))
}

/// The content security policy of every response: scripts, styles and images from this
/// server only (no inline script, style or event handler runs, so escaped text stays text even
/// if escaping failed), forms posted here only, no frames, no base URL.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Headers on every response: no MIME sniffing, no referrer, and [`CONTENT_SECURITY_POLICY`].
async fn security_headers(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_busy_connection_is_passed_over_for_a_free_one() {
        let dir = std::env::temp_dir().join(format!("parallax-serve-pool-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("pool.db");
        let open = || Store::open(&path).unwrap();
        let state = AppState::new(open()).with_more_connections(vec![open(), open()]);
        assert_eq!(state.stores.len(), 3);
        let first = state.store();
        let second = state.store();
        let third = state.store();
        // Three guards at once: three connections, none waited for another.
        let ptrs = [&*first, &*second, &*third].map(|s| s as *const Store);
        assert!(ptrs[0] != ptrs[1] && ptrs[1] != ptrs[2] && ptrs[0] != ptrs[2]);
        drop(second);
        let again = state.store();
        assert_eq!(&*again as *const Store, ptrs[1], "the free one");
        drop((first, third, again));
        // A clone shares the connections; adding to it adds none.
        let clone = state.clone().with_more_connections(vec![open()]);
        assert_eq!(clone.stores.len(), 3);
        drop((state, clone));
        let _ = std::fs::remove_dir_all(dir);
    }
}
