//! What every API write checks before reading its fields, and how pages and the API answer a
//! service's result (`?` on [`ApiResult::api`] or [`PageResult::page`]): a page's read
//! ([`load`]) and a page's form write ([`write_form`]).

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use cabildo_i18n::{Lang, tr};
use cabildo_services::{Actor, Ctx, ServiceError, Store};
use serde::Serialize;

use crate::http::csrf::CSRF_HEADER;
use crate::http::error::WebError;
use crate::http::fields::Fields;
use crate::http::status::{not_about_the_form, status_of};
use crate::http::viewer::Viewer;
use crate::state::AppState;
use subtle::ConstantTimeEq;

/// Someone is signed in, and a write made with the session cookie carries the session's CSRF
/// token in `X-CSRF-Token` (a bearer token cannot be sent by another site's page; a cookie can,
/// but not a header).
pub fn admit_viewer(viewer: &Viewer, headers: &HeaderMap) -> Result<(), WebError> {
    admission(viewer, headers).map_err(|e| WebError::api(viewer.lang, e))
}

/// [`admit_viewer`]'s verdict, as the service error it answers with.
pub(crate) fn admission(viewer: &Viewer, headers: &HeaderMap) -> Result<(), ServiceError> {
    if matches!(viewer.ctx.actor, Actor::Anonymous) {
        return Err(ServiceError::SignInRequired);
    }
    if viewer.session.is_some() {
        let sent = headers.get(CSRF_HEADER).map(|v| v.as_bytes()).unwrap_or_default();
        let expected = viewer.csrf.as_deref().unwrap_or_default().as_bytes();
        if expected.is_empty() || !bool::from(expected.ct_eq(sent)) {
            return Err(ServiceError::Forbidden { body: String::new() });
        }
    }
    Ok(())
}

/// The JSON body of a request, or the 400 that says it is not JSON of the right shape.
pub fn json_body<T>(lang: Lang, payload: Result<Json<T>, JsonRejection>) -> Result<T, WebError> {
    match payload {
        Ok(Json(value)) => Ok(value),
        Err(rejection) => {
            let title = format!("{}: {}", tr(lang, "web-error-refused", &[]), rejection.body_text());
            Err(WebError::bad_request(lang, true, title))
        }
    }
}

/// What every write checks before reading its fields: [`admit_viewer`], then [`json_body`].
pub fn admit<T>(viewer: &Viewer, headers: &HeaderMap, payload: Result<Json<T>, JsonRejection>) -> Result<T, WebError> {
    admit_viewer(viewer, headers)?;
    json_body(viewer.lang, payload)
}

/// 201 Created, with where to find what was created.
pub fn created(location: Option<String>, value: impl Serialize) -> Response {
    let mut response = (StatusCode::CREATED, Json(value)).into_response();
    if let Some(location) = location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

/// Turns a service's answer into the API's: a refusal becomes a problem document.
pub trait ApiResult<T> {
    fn api(self, viewer: &Viewer) -> Result<T, WebError>;
}

impl<T> ApiResult<T> for Result<T, ServiceError> {
    fn api(self, viewer: &Viewer) -> Result<T, WebError> {
        self.map_err(|e| WebError::api(viewer.lang, e))
    }
}

/// Turns a service's answer into a page's: a refusal becomes the error page (and a viewer who
/// must sign in comes back to `path` afterwards).
pub trait PageResult<T> {
    fn page(self, viewer: &Viewer, path: &str) -> Result<T, WebError>;
}

impl<T> PageResult<T> for Result<T, ServiceError> {
    fn page(self, viewer: &Viewer, path: &str) -> Result<T, WebError> {
        self.map_err(|e| WebError::new(viewer.lang, e).at(path))
    }
}

/// Calls a use-case with the viewer's context for the page at `path`; a refusal becomes the error
/// page (and a viewer who must sign in comes back to `path` afterwards).
pub async fn load<T: Send + 'static>(
    state: &AppState,
    viewer: &Viewer,
    path: &str,
    call: impl FnOnce(&Store, &Ctx) -> Result<T, ServiceError> + Send + 'static,
) -> Result<T, WebError> {
    let ctx = viewer.ctx.clone();
    state.run(move |store| call(store, &ctx)).await.page(viewer, path)
}

/// What a page's form write came to: done, or the form to show again with the refusal noted, and
/// the status to answer it with.
pub enum FormWrite<T> {
    Done(T),
    Again(Fields, StatusCode),
}

/// Calls a use-case that writes what a page's form says. A refusal that is not about the form (no
/// permission, nothing by that number, …) is the error page at `path`; any other comes back in
/// `form`, noted beside the field it names (`field_of` names one for refusals that are not about
/// a value; see [`Fields::refused`]).
pub async fn write_form<T: Send + 'static>(
    state: &AppState,
    viewer: &Viewer,
    path: &str,
    mut form: Fields,
    field_of: impl Fn(&ServiceError) -> Option<&'static str>,
    call: impl FnOnce(&Store, &Ctx) -> Result<T, ServiceError> + Send + 'static,
) -> Result<FormWrite<T>, WebError> {
    let ctx = viewer.ctx.clone();
    match state.run(move |store| call(store, &ctx)).await {
        Ok(done) => Ok(FormWrite::Done(done)),
        Err(e) if not_about_the_form(&e) => Err(WebError::new(viewer.lang, e).at(path)),
        Err(e) => {
            form.refused(&e, field_of);
            Ok(FormWrite::Again(form, status_of(&e)))
        }
    }
}

/// The API's answer to a service's refusal of a write (see [`Fields::refuse_write`]).
pub fn write_refused(lang: Lang, error: ServiceError, fallback: &str) -> WebError {
    Fields::blank(lang).refuse_write(error, fallback)
}

/// The body `id` for a form at `path`: it must exist and be the viewer's to edit, or the page
/// says why not (sign in, no permission, no such body).
pub async fn body_to_edit(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    path: &str,
) -> Result<cabildo_domain::Body, WebError> {
    load(state, viewer, path, move |store, ctx| cabildo_services::registry::body_for_edit(store, ctx, &id.to_string()))
        .await
}
