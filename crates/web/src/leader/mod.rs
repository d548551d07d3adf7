//! What was decided in the afiliado's name and what a leader answers for: a body's resolutions
//! (and those below it) with their actas, the "my family" page of a linked account, and the
//! leader's view of the tree — as pages and JSON.

mod api;
mod pages;

use axum::routing::get;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/bodies/{id}/resolutions", get(pages::resolutions))
        .route("/bodies/{id}/overview", get(pages::overview))
        .route("/my-family", get(pages::my_family))
        .routes(routes!(api::list_decisions))
        .routes(routes!(api::body_overview))
        .routes(routes!(api::my_family))
}
