//! The security headers every answer carries: a content security policy that allows exactly
//! what the pages use (the style sheet and scripts of this site, server-sent events to this
//! site, forms posted to this site; no inline script, no frames), `nosniff`, a referrer policy,
//! and HSTS when the server says it is behind TLS.

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::state::AppState;

/// The pages use one style sheet and one script (`/static/*`), inline `style` attributes
/// nowhere, and the live page's event stream (`connect-src`). Nothing may frame them.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// HSTS for a year, sent only when cookies are `Secure` (`--behind-tls`): over plain HTTP the
/// header means nothing, and sent from a test instance on a LAN it would pin a name to TLS.
pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000";

/// Adds the security headers to every answer, pages, API and static files alike (a handler may
/// set its own first; it is then kept).
pub async fn security_headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    add_security_headers(&mut response, state.secure_cookies);
    response
}

/// The security headers of [`security_headers`], added to one answer (for a route served
/// outside that layer); `secure`: the server says it is behind TLS.
pub fn add_security_headers(response: &mut Response, secure: bool) {
    let headers = response.headers_mut();
    let mut set = |name: HeaderName, value: &'static str| {
        headers.entry(name).or_insert_with(|| HeaderValue::from_static(value));
    };
    set(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY);
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::REFERRER_POLICY, "same-origin");
    set(header::X_FRAME_OPTIONS, "DENY");
    if secure {
        set(header::STRICT_TRANSPORT_SECURITY, STRICT_TRANSPORT_SECURITY);
    }
}
