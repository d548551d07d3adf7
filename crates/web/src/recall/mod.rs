//! Recall (revocatoria) of officers by the base: moving a recall in an assembly (of the body's
//! own officers, or from a base, of an officer of a body above), a recall's page (who recalled
//! whom, when, on which resolutions), a body's recalls — as pages and JSON.

mod api;
mod pages;

use axum::routing::get;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/assemblies/{id}/recall", get(pages::form_page).post(pages::move_recall))
        .route("/recalls/{id}", get(pages::recall_page))
        .route("/bodies/{id}/recalls", get(pages::body_recalls))
        .routes(routes!(api::move_recall))
        .routes(routes!(api::get_recall))
        .routes(routes!(api::body_recalls))
}
