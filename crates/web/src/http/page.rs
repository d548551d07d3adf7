//! What a page handler that reads no form starts from: [`Page`], the server's state and who is
//! asking, extracted together (`Page { state, viewer }: Page`). A handler that reads a form gets
//! its viewer from `CsrfForm` instead.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::http::error::WebError;
use crate::http::viewer::Viewer;
use crate::state::AppState;

/// The state and the viewer of a page request (the viewer is extracted as a separate `Viewer`
/// would be: an unknown session or token answers the error page).
pub struct Page {
    pub state: AppState,
    pub viewer: Viewer,
}

impl FromRequestParts<AppState> for Page {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let viewer = Viewer::from_request_parts(parts, state).await?;
        Ok(Page { state: state.clone(), viewer })
    }
}
