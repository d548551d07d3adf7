//! What runs around every request the router answers, as one middleware (one future boxed per
//! request rather than one per concern): the signed-in viewer's chrome kept for error pages
//! ([`signed_in`](crate::http::signed_in)), the client's read floor when there are read replicas
//! ([`floor`](crate::http::floor)), a visitor's form token
//! ([`csrf::form_token`](crate::http::csrf::form_token)), and the log line of a refused request
//! ([`log`](crate::http::log)). The security headers wrap more layers, so they stay apart.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::http::{csrf, floor, log, signed_in};
use crate::state::AppState;

pub async fn every_request(State(state): State<AppState>, request: Request, next: Next) -> Response {
    match state.store.read_floor_lifetime() {
        None => answer(state, request, next).await,
        Some(lifetime) => {
            let headers = request.headers().clone();
            let secure = state.secure_cookies;
            floor::keep(&headers, lifetime, secure, answer(state, request, next)).await
        }
    }
}

async fn answer(state: AppState, request: Request, next: Next) -> Response {
    signed_in::keep(async move {
        let method = request.method().clone();
        // A `Uri` clone shares its bytes: no copy of the path for the answers that are not logged.
        let uri = request.uri().clone();
        let response = csrf::form_token(&state, request, next).await;
        log::log_refusal(&method, &uri, &response);
        response
    })
    .await
}
