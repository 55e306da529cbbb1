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
//! | `GET /` | the form: per article an outlet, date, headline, text box, URL and file; `?example=summit` fills it with the bundled example |
//! | `POST /compare` | form (URL-encoded or multipart with files) → saved, 303 to its report page |
//! | `GET /reports` | saved reports, newest first |
//! | `GET /reports/{id}` | one saved report as HTML |
//! | `POST /api/compare` | `{"articles": [{"text", "source", "published", "title", "url"}], "save"}` → report JSON |
//! | `GET /api/reports` | saved reports as JSON (`?limit=N`) |
//! | `GET /api/reports/{id}` | one saved report as JSON |
//! | `GET /api/schema` | JSON Schema of the report |
//! | `GET /healthz` | `ok` |
#![deny(missing_docs)]

mod api;
pub mod input;
mod pages;

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
}

/// What every handler shares: the database, and the sentence embedder for claim alignment.
#[derive(Clone, Debug)]
pub struct AppState {
    store: Arc<Mutex<Store>>,
    vectors: Option<Arc<parallax_embed::Embedder>>,
    fetch: parallax_ingest::FetchOptions,
}

impl AppState {
    /// State around an open store; claims aligned by their words alone; a page named by URL
    /// on the form is fetched with the default options (private addresses refused).
    pub fn new(store: Store) -> AppState {
        AppState {
            store: Arc::new(Mutex::new(store)),
            vectors: None,
            fetch: parallax_ingest::FetchOptions::default(),
        }
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

    /// The store, locked. A handler that panicked while holding it leaves the database
    /// consistent (every write is one transaction), so a poisoned lock is taken over, not
    /// propagated.
    fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Every route, with the body limit and security headers, over `state`.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::index))
        .route("/compare", post(pages::compare))
        .route("/reports", get(pages::reports))
        .route("/reports/{id}", get(pages::report))
        .route("/api/compare", post(api::compare))
        .route("/api/reports", get(api::reports))
        .route("/api/reports/{id}", get(api::report))
        .route("/api/schema", get(api::schema))
        .route("/healthz", get(|| async { "ok" }))
        .fallback(pages::not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

/// Open the database at `store_path` (a SQLite file, or a `postgresql://` URL), listen on
/// `addr` and serve until Ctrl-C.
pub async fn serve(addr: SocketAddr, store_path: PathBuf) -> Result<(), ServeError> {
    let store = tokio::task::spawn_blocking(move || Store::open(&store_path))
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
    let mut state = AppState::new(store);
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
pub fn run(addr: SocketAddr, store_path: PathBuf) -> Result<(), ServeError> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(serve(addr, store_path))
}

/// Serve the routes on an already bound listener until Ctrl-C.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    state: AppState,
) -> Result<(), ServeError> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async {
            // If the signal cannot be installed, serve until killed.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        })
        .await?;
    Ok(())
}

/// Run `f` on the blocking pool (comparison, rendering, the database).
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, String> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| format!("internal error: {e}"))
}

/// Headers on every response: no MIME sniffing, no referrer, and a policy that allows no
/// script at all (the pages have none; escaped text stays text even if escaping failed).
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
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    res
}
