//! Actas: the record of an assembly, drafted from what happened, signed by the officers the
//! statute names, sealed in the body's chain, and verified — as pages and JSON.

mod api;
mod pages;

use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/assemblies/{id}/acta", get(pages::acta_page))
        .route("/assemblies/{id}/acta/{action}", post(pages::acta_action))
        .route("/bodies/{id}/verify", get(pages::verify_page))
        .routes(routes!(api::get_acta))
        .routes(routes!(api::edit_acta_notes))
        .routes(routes!(api::sign_acta))
        .routes(routes!(api::seal_acta))
        .routes(routes!(api::verify_actas))
}
