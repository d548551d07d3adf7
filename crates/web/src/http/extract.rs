//! axum's `Path`, `Query` and `Form`, answering what they cannot read in the viewer's language.
//! axum refuses such a request with English plain text ("Cannot parse `abc` to a `i64`"); these
//! answer like every other refusal: an address that does not lead anywhere is the 404 page (or
//! problem document), and a value that cannot be read is a 400 naming the field to correct.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Uri, header};
use axum::response::{IntoResponse, Response};
use cabildo_i18n::tr;
use serde::de::DeserializeOwned;

use crate::http::cookies::language;
use crate::http::error::{WebError, is_api};
use crate::state::AppState;

/// The parts of the address a route names (`/bodies/{id}`). One that cannot be read (a word
/// where a number goes) is an address that leads nowhere: the 404 answer.
pub struct Path<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Path<T> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(_) => {
                let uri = original_uri(parts);
                Err(WebError::not_found(language(&parts.headers), is_api(&uri), uri.path()).into_response())
            }
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
pub fn read_urlencoded<T: DeserializeOwned>(input: &[u8]) -> Result<T, String> {
    let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded::parse(input));
    serde_path_to_error::deserialize(deserializer).map_err(|e| {
        let field = e.path().to_string();
        if field.is_empty() || field == "." { e.inner().to_string() } else { field }
    })
}

pub fn original_uri(parts: &Parts) -> Uri {
    parts.extensions.get::<axum::extract::OriginalUri>().map_or_else(|| parts.uri.clone(), |o| o.0.clone())
}

/// A 400 in the viewer's language: a problem document under `/api/`, else the error page.
pub fn refuse(headers: &HeaderMap, uri: &Uri, field: Option<String>) -> Response {
    let lang = language(headers);
    let text = match field {
        Some(field) => tr(lang, "web-bad-value", &[("field", field)]),
        None => tr(lang, "web-bad-form", &[]),
    };
    WebError::bad_request(lang, is_api(uri), text).into_response()
}

/// The client's address, when the server knows it (not in in-process tests): the peer of the
/// connection, or what a trusted proxy forwarded (see [`crate::http::proxies`]).
pub struct ClientAddr(pub Option<std::net::IpAddr>);

impl ClientAddr {
    /// The address as the rate limiter keys it (empty when unknown).
    pub fn key(&self) -> String {
        self.0.map(|a| a.to_string()).unwrap_or_default()
    }
}

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip());
        Ok(ClientAddr(peer.map(|peer| state.trusted_proxies.client(peer, &parts.headers))))
    }
}
