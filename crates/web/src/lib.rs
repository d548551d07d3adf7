//! Cabildo's web layer: pages for people (plain HTML forms, no JavaScript needed, small enough
//! for a cheap phone on a bad connection) and a JSON API for programs, from one process.
//!
//! **Architecture invariant:** handlers are thin: they parse the request, build a [`Ctx`] for
//! the viewer, call one service (on a blocking thread: the store is synchronous), and render.
//! Permissions are checked by the services, never here.

mod api;
mod assembly_api;
mod assembly_pages;
mod error;
mod extract;
mod forms;
mod pages;
mod viewer;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use cabildo_domain::Date;
use cabildo_services::access::{PasswordCost, RateLimiter};
use cabildo_services::{Ctx, ServiceError, registry};
use cabildo_store::Store;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub use error::WebError;
pub use viewer::Viewer;

/// The time, as the services want it: Unix seconds and the local calendar day.
pub type Clock = Arc<dyn Fn() -> (i64, Date) + Send + Sync>;

/// The wall clock of this machine.
pub fn system_clock() -> Clock {
    Arc::new(|| {
        let now = chrono::Local::now();
        (now.timestamp(), now.date_naive())
    })
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<Store>,
    pub clock: Clock,
    pub limiter: Arc<RateLimiter>,
    pub password_cost: PasswordCost,
    /// Mark cookies `Secure` (when served behind TLS).
    pub secure_cookies: bool,
    /// Signed-in sessions already looked up, so that a page view needs no query to know who asks.
    pub sessions: Arc<viewer::SessionCache>,
    /// Use-cases running at once on blocking threads: more only make threads fight over the
    /// database connections and the two cores; the rest wait, cheaply, as async tasks.
    pub workers: Arc<tokio::sync::Semaphore>,
    /// The phone-vote box (one writer committing many votes per transaction), opened on first use.
    pub votebox: Arc<std::sync::Mutex<Option<cabildo_store::VoteBox>>>,
}

/// Use-cases run side by side: the store has one writer and four reader connections.
pub const WORKERS: usize = 6;

impl AppState {
    pub fn new(store: Store) -> AppState {
        AppState {
            store: Arc::new(store),
            clock: system_clock(),
            limiter: Arc::new(RateLimiter::new(10, 300)),
            password_cost: PasswordCost::STANDARD,
            secure_cookies: false,
            sessions: Arc::new(viewer::SessionCache::default()),
            workers: Arc::new(tokio::sync::Semaphore::new(WORKERS)),
            votebox: Arc::new(std::sync::Mutex::new(None)),
        }
    }

    /// The phone-vote box of this server's database.
    pub fn votebox(&self) -> Result<cabildo_store::VoteBox, ServiceError> {
        let mut slot = self.votebox.lock().map_err(|_| ServiceError::Internal("vote box lock poisoned".into()))?;
        if let Some(votebox) = slot.as_ref() {
            return Ok(votebox.clone());
        }
        let votebox = self.store.vote_box()?;
        *slot = Some(votebox.clone());
        Ok(votebox)
    }

    /// Runs a use-case on a blocking thread (the store is synchronous).
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Store) -> Result<T, ServiceError> + Send + 'static,
    ) -> Result<T, ServiceError> {
        let store = self.store.clone();
        let _permit = self
            .workers
            .acquire()
            .await
            .map_err(|e| ServiceError::Internal(format!("the server is shutting down: {e}")))?;
        tokio::task::spawn_blocking(move || f(&store))
            .await
            .map_err(|e| ServiceError::Internal(format!("a request task failed: {e}")))?
    }

    /// A read answered right here from what the store has cached (`cached` never touches the
    /// database: see `registry::body_overview_cached`), or else `load` on a blocking thread. A
    /// page view that needs no query then costs no thread hand-off either.
    pub async fn read<T: Send + 'static>(
        &self,
        cached: impl FnOnce(&Store) -> Result<Option<T>, ServiceError>,
        load: impl FnOnce(&Store) -> Result<T, ServiceError> + Send + 'static,
    ) -> Result<T, ServiceError> {
        match cached(&self.store)? {
            Some(found) => Ok(found),
            None => self.run(load).await,
        }
    }

    /// A body's page, from the cache when it can (see [`AppState::read`]).
    pub async fn body_overview(&self, ctx: &Ctx, id: i64) -> Result<registry::BodyOverview, ServiceError> {
        let reference = id.to_string();
        let cached = |store: &Store| registry::body_overview_cached(store, ctx, &reference);
        let ctx = ctx.clone();
        self.read(cached, move |store: &Store| registry::body_overview(store, &ctx, &id.to_string())).await
    }

    /// Page `page` (from 0) of a body's padrón, from the cache when it can.
    pub async fn padron(
        &self,
        ctx: &Ctx,
        id: i64,
        search: Option<String>,
        page: u64,
        per_page: u64,
    ) -> Result<registry::PadronPage, ServiceError> {
        let reference = id.to_string();
        let cached = |store: &Store| registry::padron_cached(store, ctx, &reference, search.as_deref(), page, per_page);
        let (ctx, owned) = (ctx.clone(), search.clone());
        let load =
            move |store: &Store| registry::padron(store, &ctx, &id.to_string(), owned.as_deref(), page, per_page);
        self.read(cached, load).await
    }

    pub fn now(&self) -> (i64, Date) {
        (self.clock)()
    }

    pub fn ctx(&self, actor: cabildo_services::Actor) -> Ctx {
        let (now, today) = self.now();
        Ctx { actor, now, today }
    }
}

/// Request bodies larger than this are refused (a padrón file of 360,000 families is ~30 MB).
pub const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// The whole application: pages, API, static files, and the layers around them.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(pages::routes())
        .merge(forms::routes())
        .merge(assembly_pages::routes())
        .nest("/api/v1", api::routes().merge(assembly_api::routes()))
        .fallback(pages::not_found)
        .with_state(state)
        .layer(CatchPanicLayer::custom(|_| error::panic_response()))
        .layer(CompressionLayer::new())
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, Duration::from_secs(120)))
        .layer(TraceLayer::new_for_http())
}

/// Serves until Ctrl-C or SIGTERM, then finishes the requests under way.
pub async fn serve(state: AppState, listen: SocketAddr, on_ready: impl FnOnce(SocketAddr)) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(listen).await?;
    on_ready(listener.local_addr()?);
    axum::serve(listener, router(state).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        drop(tokio::signal::ctrl_c().await);
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
