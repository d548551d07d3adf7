//! Read-your-writes with read replicas: a client that wrote reads from where its write already is.
//! The store tells, after each use-case, how far the client's writes reach in the primary's log
//! (its read floor, `Store::with_read_floor`); the answer carries it in the cookie
//! [`FLOOR_COOKIE`], and the client's next requests send it back, so that their reads go only to
//! a replica that has replayed that far, else to the primary. The cookie lives as long as the
//! replicas' allowed lag: after that every replica that serves has the write. Without replicas
//! nothing of this runs and no cookie is set.
//!
//! The floor travels with the request as a task-local, which [`Shared::run`] hands to the
//! blocking thread that runs the use-case: one place for every handler, none of them knows.
//!
//! A client can forge the cookie: a floor past all the store knows the primary has written sends
//! that request's reads to the primary and is not handed back, so the worst a forger gets is its
//! own reads served by the primary.
//!
//! [`Shared::run`]: crate::state::Shared::run

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;

use crate::http::cookies::cookie;

/// The cookie that carries a client's read floor (a number: a position in the primary's log).
pub const FLOOR_COOKIE: &str = "cabildo_seen";

tokio::task_local! {
    static FLOOR: Arc<AtomicU64>;
}

/// The floor of the request being answered, if replicas are configured.
pub fn current() -> Option<Arc<AtomicU64>> {
    FLOOR.try_with(Arc::clone).ok()
}

/// Answers the request with its client's floor (from its cookie) in reach of every use-case it
/// runs, and sets the cookie again when a use-case wrote.
pub async fn keep(
    headers: &HeaderMap,
    lifetime: Duration,
    secure: bool,
    answer: impl Future<Output = Response>,
) -> Response {
    let seen = cookie(headers, FLOOR_COOKIE).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
    let floor = Arc::new(AtomicU64::new(seen));
    let mut response = FLOOR.scope(Arc::clone(&floor), answer).await;
    let after = floor.load(Ordering::Acquire);
    if after > seen {
        // Rounded up, and one second more: the cookie must not go before the lag allows.
        let max_age = lifetime.as_secs() + 2;
        let secure = if secure { "; Secure" } else { "" };
        if let Ok(value) = HeaderValue::from_str(&format!(
            "{FLOOR_COOKIE}={after}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}"
        )) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}
