//! Pages kept rendered and compressed: a page a signed-in viewer asks for again and again (a
//! sindicato's page, its padrón) is rendered and gzipped once, then served from memory — both the
//! plain and the compressed bytes — until this process commits a write (the store's generation),
//! the day changes, or (on PostgreSQL, where other processes write) it is
//! [`cabildo_services::SHARED_CACHE_MAX_AGE`] old. The same rule as the data caches below it, so a
//! kept page is never older than the data it would be rendered from.
//!
//! A page is kept per session, language and address (the chrome names the viewer and carries the
//! session's form token), only for a `200` HTML answer that sets no cookie. A handler opts in by
//! taking [`Remember`] after its `Page`: `if let Some(page) = remember.hit(&state, &viewer)
//! { return Ok(page) }`, then `remember.keep(&state, &viewer, rendered).await`. The generation is read when the request arrives,
//! before anything is rendered: a write that commits meanwhile makes the kept page out of date at
//! once.

use std::io::Write;
use std::sync::Arc;
use std::time::Instant;

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::Response;
use cabildo_domain::Date;
use cabildo_services::Backend;
use flate2::Compression;
use flate2::write::GzEncoder;

use crate::http::kept::{KeptPage, LARGEST_PAGE};
use crate::http::viewer::Viewer;
use crate::state::AppState;

/// A page request that may be answered from, or kept in, the [`PageCache`].
pub struct Remember {
    uri: Uri,
    gzip: bool,
    /// The store's generation and the day when the request arrived.
    generation: u64,
    today: Date,
}

impl FromRequestParts<AppState> for Remember {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let gzip = crate::http::encoding::accepts_gzip(parts.headers.get_all(header::ACCEPT_ENCODING).iter());
        let (_, today) = state.now();
        Ok(Remember { uri: parts.uri.clone(), gzip, generation: state.store.generation(), today })
    }
}

impl Remember {
    /// The kept page, when this viewer's view of this address is kept and fresh.
    pub fn hit(&self, state: &AppState, viewer: &Viewer) -> Option<Response> {
        let session = viewer.session.as_deref()?;
        let uri = uri_text(&self.uri);
        let page = state.pages.get(state.pages.key(session, viewer.lang, uri))?;
        let fresh = page.generation == self.generation
            && page.today == self.today
            && (state.store.backend() != Backend::Postgres
                || page.born.elapsed() < cabildo_services::SHARED_CACHE_MAX_AGE);
        let same = *page.session == *session && page.lang == viewer.lang && &*page.uri == uri;
        (fresh && same).then(|| self.answer(&page))
    }

    /// Keeps `rendered` when it may be kept (a `200` HTML page without cookies, for a viewer
    /// signed in by cookie), and answers it — compressed when the client accepts gzip.
    pub async fn keep(self, state: &AppState, viewer: &Viewer, rendered: Response) -> Response {
        let Some(session) = viewer.session.as_deref() else { return rendered };
        let html = rendered.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
        if rendered.status() != StatusCode::OK || !html || rendered.headers().contains_key(header::SET_COOKIE) {
            return rendered;
        }
        let (parts, body) = rendered.into_parts();
        // A page's body is already in memory: reading it cannot fail short of a broken template.
        let plain = to_bytes(body, usize::MAX).await.unwrap_or_default();
        let gzip = match gzipped(&plain) {
            Some(gzip) if plain.len() <= LARGEST_PAGE => gzip,
            _ => return Response::from_parts(parts, Body::from(plain)),
        };
        let uri = uri_text(&self.uri);
        let page = Arc::new(KeptPage {
            session: session.into(),
            lang: viewer.lang,
            uri: uri.into(),
            generation: self.generation,
            today: self.today,
            born: Instant::now(),
            plain,
            gzip,
        });
        state.pages.put(state.pages.key(session, viewer.lang, uri), Arc::clone(&page), self.generation);
        self.answer(&page)
    }

    fn answer(&self, page: &KeptPage) -> Response {
        let bytes = if self.gzip { page.gzip.clone() } else { page.plain.clone() };
        let length = HeaderValue::from(bytes.len());
        let mut response = Response::new(Body::from(bytes));
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        headers.insert(header::CONTENT_LENGTH, length);
        if self.gzip {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        response
    }
}

/// The path and query, as the page was asked for.
fn uri_text(uri: &Uri) -> &str {
    uri.path_and_query().map_or("/", |p| p.as_str())
}

/// `bytes` gzipped, at the best compression: it is done once per write, not per request.
fn gzipped(bytes: &[u8]) -> Option<Bytes> {
    let mut encoder = GzEncoder::new(Vec::with_capacity(bytes.len() / 4 + 64), Compression::best());
    encoder.write_all(bytes).ok()?;
    encoder.finish().ok().map(Bytes::from)
}
