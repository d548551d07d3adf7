//! The one place where service errors become HTTP answers: an HTML page in the viewer's language,
//! or an RFC 7807 problem document for the API. Never a stack trace.

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use cabildo_i18n::{Lang, message};
use cabildo_services::ServiceError;

use crate::pages::{Chrome, ErrorPage};

/// A refusal, to be answered as a page or as JSON.
#[derive(Debug)]
pub struct WebError {
    pub lang: Lang,
    pub error: ServiceError,
    pub json: bool,
    /// Where a page that needs a signed-in viewer sends them back after signing in.
    pub return_to: Option<String>,
}

impl WebError {
    pub fn new(lang: Lang, error: ServiceError) -> WebError {
        WebError { lang, error, json: false, return_to: None }
    }

    pub fn api(lang: Lang, error: ServiceError) -> WebError {
        WebError { lang, error, json: true, return_to: None }
    }
}

/// The HTTP status of each kind of refusal.
pub fn status_of(error: &ServiceError) -> StatusCode {
    use ServiceError::*;
    match error {
        Domain(_) | Header(_) | AmbiguousSindicato { .. } | UnreadableLine { .. } | NotText { .. } => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        UnknownBody { .. }
        | UnknownHousehold { .. }
        | UnknownOffice { .. }
        | UnknownAffiliation { .. }
        | UnknownAccount { .. } => StatusCode::NOT_FOUND,
        DuplicateBodyCode { .. }
        | DuplicateParcelCode { .. }
        | DuplicateUsername { .. }
        | Conflict(_)
        | DatabaseNotEmpty => StatusCode::CONFLICT,
        BodyClosed { .. } | HasOpenChildren { .. } | NotHouseholdBody { .. } | NotIndividualBody { .. } => {
            StatusCode::CONFLICT
        }
        SindicatoOutsideTarget { .. } | DuplicateParcelInFile { .. } | RegisterNumberConflict { .. } => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Assembly(refusal) if refusal.is_not_found() => StatusCode::NOT_FOUND,
        Assembly(_) => StatusCode::CONFLICT,
        Forbidden { .. } => StatusCode::FORBIDDEN,
        SignInRequired | BadCredentials => StatusCode::UNAUTHORIZED,
        TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
        Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        DatabaseAhead { .. } | Unreadable { .. } | Unwritable { .. } | Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The translated text of a service error.
pub fn text_of(lang: Lang, error: &ServiceError) -> String {
    let m = error.message();
    message(lang, m.id, &m.args)
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let status = status_of(&self.error);
        if status.is_server_error() {
            tracing::error!(error = %self.error, "request failed");
        }
        if self.json {
            let code = self.error.message().id;
            let body = serde_json::json!({
                "type": format!("urn:cabildo:problem:{code}"),
                "title": text_of(self.lang, &self.error),
                "status": status.as_u16(),
                "code": code,
            });
            let mut response = (status, body.to_string()).into_response();
            response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
            return response;
        }
        if matches!(self.error, ServiceError::SignInRequired) {
            let next = self.return_to.map(|p| format!("?next={}", urlencode(&p))).unwrap_or_default();
            return Redirect::to(&format!("/login{next}")).into_response();
        }
        let page = ErrorPage {
            page: Chrome::bare(self.lang),
            status: status.as_u16(),
            title_id: match status {
                StatusCode::NOT_FOUND => "web-error-not-found",
                StatusCode::FORBIDDEN => "web-error-forbidden",
                s if s.is_server_error() => "web-error-server",
                _ => "web-error-refused",
            },
            text: text_of(self.lang, &self.error),
        };
        (status, render(&page)).into_response()
    }
}

/// Renders a template; a template that cannot render is a bug, answered as a plain 500.
pub fn render(template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "error").into_response()
        }
    }
}

pub fn panic_response() -> Response {
    (StatusCode::INTERNAL_SERVER_ERROR, Html("<!doctype html><title>500</title><p>Error interno / Internal error</p>"))
        .into_response()
}

/// Percent-encodes a value for a query string.
pub fn urlencode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(char::from(byte)),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}
