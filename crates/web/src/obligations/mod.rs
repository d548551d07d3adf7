//! Attendance obligations and accountability (issue 14, item 4): a body's obligations with what
//! was kept of each (computed from recorded attendance), the form to state one, an officer's
//! record, demands for explanation, and an assembly's accountability (visiting officers, demands
//! heard there, informes) — as pages and JSON.

mod api;
mod dto;
mod pages;
mod words;

use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/bodies/{id}/obligations", get(pages::body_obligations).post(pages::state_obligation))
        .route("/offices/{id}/obligations", get(pages::office_record))
        .route("/obligations/{id}/end", post(pages::end_obligation))
        .route("/demands/{id}", get(pages::demand))
        .route("/demands/{id}/close", post(pages::close_demand))
        .route("/assemblies/{id}/accountability", get(pages::accountability))
        .route("/assemblies/{id}/visitors", post(pages::record_visitor))
        .route("/assemblies/{id}/demands", post(pages::move_demand))
        .route("/assemblies/{id}/informes", post(pages::submit_informe))
        .routes(routes!(api::body_obligations, api::state_obligation))
        .routes(routes!(api::obligation))
        .routes(routes!(api::end_obligation))
        .routes(routes!(api::office_record))
        .routes(routes!(api::demand))
        .routes(routes!(api::close_demand))
        .routes(routes!(api::accountability))
        .routes(routes!(api::record_visitor))
        .routes(routes!(api::move_demand))
        .routes(routes!(api::submit_informe))
}
