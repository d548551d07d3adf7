//! The one place where refusals become HTTP answers: an HTML page in the viewer's language, or an
//! RFC 7807 problem document for the API. Never a stack trace, never a driver's text or a server
//! path: a server-side failure is logged with a reference the user can quote, and the user sees
//! only that reference.

use std::hash::{BuildHasher, Hasher};

use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Redirect, Response};
use cabildo_i18n::{Lang, tr};
use cabildo_services::ServiceError;

use crate::http::problem::{FieldProblem, Problem, ValidationProblem, problem_response};
use crate::http::status::{status_of, text_of};
use crate::http::urls::urlencode;
use crate::ui::chrome::{ErrorPage, render};

/// A refusal, to be answered as a page or as JSON. Handlers return `Result<_, WebError>`.
#[derive(Debug)]
pub struct WebError {
    pub lang: Lang,
    pub kind: Refusal,
    pub json: bool,
    /// Where a page that needs a signed-in viewer sends them back after signing in.
    pub return_to: Option<String>,
}

/// What was refused.
#[derive(Debug)]
pub enum Refusal {
    /// A use-case said no.
    Service(ServiceError),
    /// The fields of a write, every bad one named (422).
    Fields(Vec<FieldProblem>),
    /// A request that cannot be read (400), with what to say.
    BadRequest(String),
    /// An address that leads nowhere (404).
    NotFound(String),
}

impl WebError {
    pub fn new(lang: Lang, error: ServiceError) -> WebError {
        WebError { lang, kind: Refusal::Service(error), json: false, return_to: None }
    }

    pub fn api(lang: Lang, error: ServiceError) -> WebError {
        WebError { lang, kind: Refusal::Service(error), json: true, return_to: None }
    }

    /// The page or problem document that names every bad field.
    pub fn fields(lang: Lang, json: bool, problems: Vec<FieldProblem>) -> WebError {
        WebError { lang, kind: Refusal::Fields(problems), json, return_to: None }
    }

    /// A 400: the request could not be read.
    pub fn bad_request(lang: Lang, json: bool, text: String) -> WebError {
        WebError { lang, kind: Refusal::BadRequest(text), json, return_to: None }
    }

    /// The 404 answer to an address that leads nowhere.
    pub fn not_found(lang: Lang, json: bool, path: &str) -> WebError {
        WebError { lang, kind: Refusal::NotFound(path.to_string()), json, return_to: None }
    }

    /// Sends a viewer who must sign in back to `path` afterwards.
    pub fn at(mut self, path: impl Into<String>) -> WebError {
        self.return_to = Some(path.into());
        self
    }

    /// The service error refused, if it was one.
    pub fn service_error(&self) -> Option<&ServiceError> {
        match &self.kind {
            Refusal::Service(e) => Some(e),
            _ => None,
        }
    }

    pub fn status(&self) -> StatusCode {
        match &self.kind {
            Refusal::Service(e) => status_of(e),
            Refusal::Fields(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Refusal::BadRequest(_) => StatusCode::BAD_REQUEST,
            Refusal::NotFound(_) => StatusCode::NOT_FOUND,
        }
    }

    /// The code and the text a person or a program is given, and the reference of a failure of
    /// the server (logged here with the error itself, which the user never sees).
    fn code_and_text(&self) -> (String, String, Option<String>) {
        match &self.kind {
            Refusal::Service(error) if status_of(error).is_server_error() => {
                let reference = reference();
                tracing::error!(
                    error.reference = %reference,
                    error.code = error.message().id,
                    error.detail = %error,
                    "a use-case failed on the server"
                );
                let unavailable = matches!(error, ServiceError::Unavailable(_));
                let id = if unavailable { "web-unavailable-error" } else { "web-internal-error" };
                let code = if unavailable { "unavailable" } else { "internal" };
                let text = tr(self.lang, id, &[("reference", reference.clone())]);
                (code.to_string(), text, Some(reference))
            }
            Refusal::Service(error) => (error.message().id.to_string(), text_of(self.lang, error), None),
            Refusal::Fields(problems) => match problems.first() {
                Some(first) => (first.code.clone(), first.message.clone(), None),
                None => ("invalid".to_string(), tr(self.lang, "web-error-refused", &[]), None),
            },
            Refusal::BadRequest(text) => ("bad_request".to_string(), text.clone(), None),
            Refusal::NotFound(path) => {
                ("not_found".to_string(), tr(self.lang, "web-page-not-found", &[("path", path.clone())]), None)
            }
        }
    }
}

/// What a refusal leaves on its answer for the request log (`http::log`): its stable code and,
/// for a failure of the server, the reference the user was given.
#[derive(Debug, Clone)]
pub struct RefusalNote {
    pub code: String,
    pub reference: Option<String>,
}

/// A short random reference for a failure, logged beside it: `E-3F9A2C71`.
fn reference() -> String {
    let random = std::collections::hash_map::RandomState::new().build_hasher().finish();
    format!("E-{:08X}", random & 0xFFFF_FFFF)
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let status = self.status();
        if !self.json && matches!(self.kind, Refusal::Service(ServiceError::SignInRequired)) {
            let next = self.return_to.as_deref().map(|p| format!("?next={}", urlencode(p))).unwrap_or_default();
            let mut response = Redirect::to(&format!("/login{next}")).into_response();
            response.extensions_mut().insert(RefusalNote { code: "sign_in_required".into(), reference: None });
            return response;
        }
        let (code, text, reference) = self.code_and_text();
        let note = RefusalNote { code: code.clone(), reference };
        if self.json {
            let problem = Problem::new(status, &code, text);
            let mut response = match self.kind {
                Refusal::Fields(errors) => problem_response(status, &ValidationProblem { problem, errors }),
                _ => problem_response(status, &problem),
            };
            response.extensions_mut().insert(note);
            return response;
        }
        let page = ErrorPage {
            page: crate::http::signed_in::error_chrome(self.lang),
            status: status.as_u16(),
            title_id: match status {
                StatusCode::NOT_FOUND => "web-error-not-found",
                StatusCode::FORBIDDEN => "web-error-forbidden",
                s if s.is_server_error() => "web-error-server",
                _ => "web-error-refused",
            },
            text,
        };
        let mut response = (status, render(&page)).into_response();
        response.extensions_mut().insert(note);
        response
    }
}

/// A refusal answered as a page; a viewer who must sign in comes back to `path` afterwards.
pub fn page_error(lang: Lang, path: &str, error: ServiceError) -> WebError {
    WebError::new(lang, error).at(path)
}

/// Whether an address belongs to the API (answered with problem documents).
pub fn is_api(uri: &Uri) -> bool {
    uri.path().starts_with("/api/")
}

/// Unknown pages answer 404 in the viewer's language.
pub async fn not_found(headers: HeaderMap, uri: Uri) -> Response {
    let lang = crate::http::cookies::language(&headers);
    WebError::not_found(lang, is_api(&uri), uri.path()).into_response()
}

pub fn panic_response() -> Response {
    (StatusCode::INTERNAL_SERVER_ERROR, Html("<!doctype html><title>500</title><p>Error interno / Internal error</p>"))
        .into_response()
}
