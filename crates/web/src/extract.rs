//! axum's `Path`, `Query` and `Form`, answering what they cannot read in the viewer's language.
//! axum refuses such a request with English plain text ("Cannot parse `abc` to a `i64`"); these
//! answer like every other refusal: an address that does not lead anywhere is the 404 page (or
//! problem document), and a value that cannot be read is a 400 naming the field to correct.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use cabildo_i18n::tr;
use serde::de::DeserializeOwned;

use crate::api::{Problem, problem_response};
use crate::error::render;
use crate::pages::{Chrome, ErrorPage};
use crate::viewer::language;

/// The parts of the address a route names (`/bodies/{id}`). One that cannot be read (a word
/// where a number goes) is an address that leads nowhere: the 404 answer.
pub struct Path<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Path<T> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(_) => Err(crate::pages::not_found(parts.headers.clone(), original_uri(parts)).await),
        }
    }
}

/// The query string (`?q=mamani&page=2`).
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        read_urlencoded(query.as_bytes())
            .map(Query)
            .map_err(|field| refuse(&parts.headers, &original_uri(parts), Some(field)))
    }
}

/// A submitted form (`application/x-www-form-urlencoded`).
pub struct Form<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Form<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (headers, uri) = (request.headers().clone(), request.uri().clone());
        let uri = request.extensions().get::<axum::extract::OriginalUri>().map_or(uri, |o| o.0.clone());
        let urlencoded = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if !urlencoded {
            return Err(refuse(&headers, &uri, None));
        }
        let Ok(body) = Bytes::from_request(request, state).await else {
            return Err(refuse(&headers, &uri, None));
        };
        read_urlencoded(&body).map(Form).map_err(|field| refuse(&headers, &uri, Some(field)))
    }
}

/// Reads `name=value&…`; on failure, the name of the field that could not be read.
fn read_urlencoded<T: DeserializeOwned>(input: &[u8]) -> Result<T, String> {
    let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded::parse(input));
    serde_path_to_error::deserialize(deserializer).map_err(|e| {
        let field = e.path().to_string();
        if field.is_empty() || field == "." { e.inner().to_string() } else { field }
    })
}

fn original_uri(parts: &Parts) -> Uri {
    parts.extensions.get::<axum::extract::OriginalUri>().map_or_else(|| parts.uri.clone(), |o| o.0.clone())
}

/// A 400 in the viewer's language: a problem document under `/api/`, else the error page.
fn refuse(headers: &HeaderMap, uri: &Uri, field: Option<String>) -> Response {
    let lang = language(headers);
    let text = match field {
        Some(field) => tr(lang, "web-bad-value", &[("field", field)]),
        None => tr(lang, "web-bad-form", &[]),
    };
    let status = StatusCode::BAD_REQUEST;
    if uri.path().starts_with("/api/") {
        return problem_response(status, &Problem::new(status, "bad_request", text));
    }
    let page = ErrorPage { page: Chrome::bare(lang), status: status.as_u16(), title_id: "web-error-refused", text };
    (status, render(&page)).into_response()
}
