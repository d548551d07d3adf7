//! What every handler of `/api/v1` starts from: [`Api`], the server's state and who is asking,
//! with the runner that calls a use-case on a blocking thread and turns its refusal into a problem
//! document. A handler then reads its request, makes one call and shapes the answer.

use axum::Json;
use axum::extract::FromRequestParts;
use axum::extract::rejection::JsonRejection;
use axum::http::request::Parts;
use cabildo_i18n::Lang;
use cabildo_services::{Ctx, ServiceError, Store};

use crate::http::error::WebError;
use crate::http::respond::{ApiResult, admission, json_body, write_refused};
use crate::http::viewer::Viewer;
use crate::state::AppState;

/// The state and the viewer of an API request, extracted together (the viewer first, as a
/// separate `Viewer` would be). A write checks [`Api::admit`] before reading its fields.
pub struct Api {
    pub state: AppState,
    pub viewer: Viewer,
    /// What `admit_viewer` says of the request's headers, kept for [`Api::admit`].
    admitted: Result<(), ServiceError>,
}

impl FromRequestParts<AppState> for Api {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let viewer = Viewer::from_request_parts(parts, state).await?;
        let admitted = admission(&viewer, &parts.headers);
        Ok(Api { state: state.clone(), viewer, admitted })
    }
}

impl Api {
    pub fn lang(&self) -> Lang {
        self.viewer.lang
    }

    /// A write without a body: someone is signed in, and a write made with the session cookie
    /// carries its CSRF token (see `respond::admit_viewer`).
    pub fn admit(&self) -> Result<(), WebError> {
        match &self.admitted {
            Ok(()) => Ok(()),
            Err(e) => Err(WebError::api(self.viewer.lang, e.clone())),
        }
    }

    /// A write with a JSON body: [`Api::admit`], then the body, or the 400 that says it is not
    /// JSON of the right shape.
    pub fn admit_json<T>(&self, payload: Result<Json<T>, JsonRejection>) -> Result<T, WebError> {
        self.admit()?;
        json_body(self.viewer.lang, payload)
    }

    /// Calls a use-case with the viewer's context; a refusal becomes a problem document.
    pub async fn run<T: Send + 'static>(
        &self,
        call: impl FnOnce(&Store, &Ctx) -> Result<T, ServiceError> + Send + 'static,
    ) -> Result<T, WebError> {
        let ctx = self.viewer.ctx.clone();
        self.state.run(move |store| call(store, &ctx)).await.api(&self.viewer)
    }

    /// Calls a use-case that writes: a refusal about a field answers 422 naming it (`fallback`
    /// when the refusal names none; see `Fields::refuse_write`).
    pub async fn write<T: Send + 'static>(
        &self,
        fallback: &str,
        call: impl FnOnce(&Store, &Ctx) -> Result<T, ServiceError> + Send + 'static,
    ) -> Result<T, WebError> {
        let ctx = self.viewer.ctx.clone();
        self.state.run(move |store| call(store, &ctx)).await.map_err(|e| write_refused(self.viewer.lang, e, fallback))
    }
}
