//! Cabildo's web layer: pages for people (plain HTML forms, no JavaScript needed, small enough
//! for a cheap phone on a bad connection) and a JSON API for programs, from one process.
//!
//! The layout: a kit every feature shares — [`http`] (who asks, reading requests, CSRF, errors,
//! problem documents, the field-error accumulator), [`ui`] (page chrome, the generic form,
//! template helpers) and [`state`] — and one folder per feature, each exposing one `routes()`
//! with its pages, forms and JSON API: [`site`], [`accounts`], [`registry`], [`padron`],
//! [`assembly`], [`acta`]. The kit imports no feature, features never import each other, and no
//! file imports another in a circle (the tidy test `web_layout` checks all three).
//!
//! **Architecture invariant:** handlers are thin: they parse the request, build a `Ctx` for the
//! viewer, call one service (on a blocking thread: the store is synchronous), and render.
//! Permissions are checked by the services, never here.

pub mod http;
pub mod openapi;
pub mod state;
pub mod ui;

mod accounts;
mod acta;
mod assembly;
mod consulta;
mod delegates;
mod instructions;
mod leader;
mod ledger;
mod mandates;
mod obligations;
mod padron;
mod petitions;
mod recall;
mod registry;
mod site;

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use tower_http::CompressionLevel;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

pub use http::server::{Limits, raise_open_files_limit};
pub use http::{Viewer, WebError};
pub use state::{AppState, Clock, MAX_BODY_BYTES, Shared, WORKERS, system_clock};

/// Every feature's routes, with the OpenAPI document they carry.
fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .merge(site::routes())
        .merge(accounts::routes())
        .merge(registry::routes())
        .merge(padron::routes())
        .merge(assembly::routes())
        .merge(acta::routes())
        .merge(leader::routes())
        .merge(recall::routes())
        .merge(instructions::routes())
        .merge(delegates::routes())
        .merge(mandates::routes())
        .merge(obligations::routes())
        .merge(consulta::routes())
        .merge(consulta::results::routes())
        .merge(petitions::routes())
        .merge(ledger::routes())
        .routes(utoipa_axum::routes!(openapi::openapi_json))
}

/// The whole application: pages, API, static files, and the layers around them.
pub fn router(state: AppState) -> Router {
    let (router, _) = routes().split_for_parts();
    let app = router
        .fallback(http::error::not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), http::around::every_request))
        .with_state(state.clone())
        .layer(CatchPanicLayer::custom(|_| http::error::panic_response()))
        // Answers compressed per request are the ones that cannot be kept (a form token in them):
        // the fastest level costs a few bytes on a page and halves what deflating costs. Kept
        // pages are compressed once, at the best level (`http::remember`).
        .layer(CompressionLayer::new().quality(CompressionLevel::Fastest))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, Duration::from_secs(120)))
        .layer(axum::middleware::from_fn_with_state(state.clone(), http::headers::security_headers))
        .layer(TraceLayer::new_for_http());
    // A crowd's phone votes go straight to their handler, which logs refusals and sets the
    // security headers itself (`assembly::phone_vote_direct`); every other request, and any
    // other method on that address, goes through every layer above.
    let direct = axum::routing::post(assembly::phone_vote_direct)
        .layer(CatchPanicLayer::custom(|_| http::error::panic_response()))
        .fallback_service(app.clone())
        .with_state(state);
    Router::new().route(assembly::PHONE_VOTE_PATH, direct).fallback_service(app)
}

/// Serves until Ctrl-C or SIGTERM, then finishes the requests under way. Raises the limit of open
/// files and caps connections below it; slow or idle connections are closed (`http::server`).
pub async fn serve(state: AppState, listen: SocketAddr, on_ready: impl FnOnce(SocketAddr)) -> std::io::Result<()> {
    let limits = Limits::for_this_process();
    let listener = tokio::net::TcpListener::bind(listen).await?;
    on_ready(listener.local_addr()?);
    tracing::info!(
        server.max_connections = limits.max_connections,
        server.header_read_timeout_s = limits.header_read_timeout.as_secs(),
        "serving with at most {} connections at once",
        limits.max_connections
    );
    serve_on(listener, state, limits, shutdown_signal()).await
}

/// Serves on a bound listener with the given limits until `shutdown` completes.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    state: AppState,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()> + Send,
) -> std::io::Result<()> {
    // The live views' streams never finish by themselves: end them when the server stops, so
    // that the graceful shutdown's wait for the answers under way ends.
    let live = state.live.clone();
    let shutdown = async move {
        shutdown.await;
        live.close();
    };
    // The store goes last, on a blocking thread: its PostgreSQL connections are synchronous
    // clients, whose drop runs a runtime of its own to close them, which panics on this runtime's
    // threads (and a panic in a destructor aborts the process: every stop by SIGTERM did).
    let store = std::sync::Arc::clone(&state.store);
    let served = http::server::serve(listener, router(state), limits, shutdown).await;
    drop(tokio::task::spawn_blocking(move || drop(store)).await);
    served
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
