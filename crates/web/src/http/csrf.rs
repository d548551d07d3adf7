//! Cross-site request forgery, refused by construction: [`CsrfForm`] is the only way a page
//! handler receives a form, and it checks that the form came from a page of this site in the
//! viewer's session (the session's token, compared in constant time, and the browser's own
//! `Sec-Fetch-Site`/`Origin`). Visitors without a session (sign-in, first-run setup, ballots and
//! phone votes) carry a token of their own in a cookie set by [`form_token`] (double submit).
//! The API's writes check the `X-CSRF-Token` header instead (`http::api::admit`).

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Multipart, Request};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use cabildo_services::ServiceError;
use serde::de::DeserializeOwned;
use subtle::ConstantTimeEq;

use crate::http::cookies::{FORM_COOKIE, FreshFormToken, cookie};
use crate::http::error::WebError;
use crate::http::extract::{original_uri, read_urlencoded, refuse};
use crate::http::viewer::Viewer;
use crate::state::AppState;

/// The header a write made with the session cookie (not a bearer token) must carry: the
/// session's CSRF token, as the forms carry it in a hidden field.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The name of the hidden field every form carries.
pub const CSRF_FIELD: &str = "csrf";

/// Whether the browser says the request comes from a page of this site.
pub fn same_origin(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    match (
        headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
        headers.get(header::HOST).and_then(|v| v.to_str().ok()),
    ) {
        (Some(origin), Some(host)) => origin.split("://").nth(1) == Some(host),
        _ => true,
    }
}

/// Whether `sent` is the viewer's token, compared in constant time.
pub fn token_matches(viewer: &Viewer, sent: &str) -> bool {
    match viewer.csrf.as_deref() {
        Some(expected) if !expected.is_empty() => bool::from(expected.as_bytes().ct_eq(sent.as_bytes())),
        _ => false,
    }
}

fn forbidden(viewer: &Viewer) -> Response {
    WebError::new(viewer.lang, ServiceError::Forbidden { body: String::new() }).into_response()
}

/// The fields of a form that carries nothing but its token (sign out, open an assembly, close a
/// body): `CsrfForm<NoFields>`.
#[derive(serde::Deserialize)]
pub struct NoFields {}

/// A form (`application/x-www-form-urlencoded`) posted from a page of this site by the viewer,
/// with the viewer who posted it. Anything else is refused before the handler runs.
pub struct CsrfForm<T>(pub Viewer, pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = request.into_parts();
        let viewer = Viewer::from_request_parts(&mut parts, state).await.map_err(IntoResponse::into_response)?;
        let uri = original_uri(&parts);
        let urlencoded = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if !same_origin(&parts.headers) {
            return Err(forbidden(&viewer));
        }
        if !urlencoded {
            return Err(refuse(&parts.headers, &uri, None));
        }
        let headers = parts.headers.clone();
        let request = Request::from_parts(parts, body);
        let Ok(bytes) = Bytes::from_request(request, state).await else {
            return Err(refuse(&headers, &uri, None));
        };
        let sent = form_urlencoded::parse(&bytes).find(|(k, _)| k == CSRF_FIELD).map(|(_, v)| v.into_owned());
        if !sent.is_some_and(|sent| token_matches(&viewer, &sent)) {
            return Err(forbidden(&viewer));
        }
        let form = read_urlencoded(&bytes).map_err(|field| refuse(&headers, &uri, Some(field)))?;
        Ok(CsrfForm(viewer, form))
    }
}

/// A file upload (`multipart/form-data`) posted from a page of this site by the viewer. The
/// form's first field must be the token (the forms put it first; browsers send fields in
/// order), so the rest — a padrón of many megabytes — streams to the handler only once it is
/// known to come from the viewer's own page.
pub struct CsrfMultipart(pub Viewer, pub Multipart);

impl FromRequest<AppState> for CsrfMultipart {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = request.into_parts();
        let viewer = Viewer::from_request_parts(&mut parts, state).await.map_err(IntoResponse::into_response)?;
        if !same_origin(&parts.headers) {
            return Err(forbidden(&viewer));
        }
        let (headers, uri) = (parts.headers.clone(), original_uri(&parts));
        let request = Request::from_parts(parts, body);
        let Ok(mut multipart) = Multipart::from_request(request, state).await else {
            return Err(refuse(&headers, &uri, None));
        };
        let first = match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some(CSRF_FIELD) => field.text().await.ok(),
            _ => None,
        };
        if !first.is_some_and(|sent| token_matches(&viewer, &sent)) {
            return Err(forbidden(&viewer));
        }
        Ok(CsrfMultipart(viewer, multipart))
    }
}

/// Gives a visitor without a form token one, as a cookie, when they ask for a page: the forms of
/// the sign-in, first-run, ballot and phone pages carry it back.
pub async fn form_token(state: &AppState, mut request: Request, next: Next) -> Response {
    let wants = request.method() == Method::GET
        && !request.uri().path().starts_with("/api/")
        && !request.uri().path().starts_with("/static/")
        && cookie(request.headers(), FORM_COOKIE).is_none();
    if !wants {
        return next.run(request).await;
    }
    let slot = FreshFormToken::default();
    request.extensions_mut().insert(slot.clone());
    let mut response = next.run(request).await;
    // Only a visitor's page made one (`Viewer`): a signed-in page needs none and sets none.
    let Some(token) = slot.0.get() else {
        return response;
    };
    let secure = if state.secure_cookies { "; Secure" } else { "" };
    if let Ok(value) = HeaderValue::from_str(&format!("{FORM_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax{secure}"))
    {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}
