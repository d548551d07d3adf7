//! The request log: one line for every request that was refused or failed, readable alone, with
//! dotted fields a program can filter on (see LOGGING.md). Addresses are logged without their
//! query string: a search may hold a person's name.

use axum::http::{Method, Uri};
use axum::response::Response;

use crate::http::error::RefusalNote;

/// Logs each answer with a status of 400 or more: method, path, status, and the refusal's code
/// and reference when the answer carries them.
pub fn log_refusal(method: &Method, uri: &Uri, response: &Response) {
    let status = response.status();
    let note = response.extensions().get::<RefusalNote>();
    let sign_in = note.is_some_and(|n| n.code == "sign_in_required");
    if status.as_u16() < 400 && !sign_in {
        return;
    }
    let path = uri.path();
    let code = note.map_or("", |n| n.code.as_str());
    let reference = note.and_then(|n| n.reference.as_deref()).unwrap_or("");
    if status.is_server_error() {
        tracing::warn!(
            http.method = %method, http.path = %path, http.status = status.as_u16(),
            error.code = code, error.reference = reference,
            "request failed: {method} {path} answered {status}"
        );
    } else {
        tracing::info!(
            http.method = %method, http.path = %path, http.status = status.as_u16(), error.code = code,
            "request refused: {method} {path} answered {status} ({code})"
        );
    }
}
