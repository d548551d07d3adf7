//! Instructions down the tree (instructivos): a body's list (sent, received, the form to send one
//! of its resolutions down), an instruction's page at every level of the tree with who has and who
//! has not acknowledged (and the CSV of the missing), the acknowledgement by an officer and the
//! motion that puts it before a recipient's assembly — as pages and JSON.

mod api;
mod pages;

use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/bodies/{id}/instructions", get(pages::list).post(pages::send))
        .route("/instructions/{id}", get(pages::view))
        .route("/instructions/{id}/missing.csv", get(pages::missing_csv))
        .route("/instructions/{id}/acknowledge", post(pages::acknowledge))
        .route("/instructions/{id}/agenda", post(pages::agenda))
        .routes(routes!(api::list, api::send))
        .routes(routes!(api::view))
        .routes(routes!(api::acknowledge))
        .routes(routes!(api::agenda))
}
