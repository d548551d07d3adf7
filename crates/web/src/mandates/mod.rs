//! Mandates: a base's mandates with how its delegates kept them (`/bodies/{id}/mandates`), and an
//! assembly's mandates page (`/assemblies/{id}/mandates`): for a congress or ampliado the bases'
//! mandates per item and the form placing a motion under an item; for a base's assembly in
//! session the form putting a mandate to it — as pages and JSON. The lines both pages show are
//! built in `lines.rs`.

mod api;
mod dto;
mod lines;
mod pages;

use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/bodies/{id}/mandates", get(pages::base_page))
        .route("/assemblies/{id}/mandates", get(pages::assembly_page).post(pages::give))
        .route("/assemblies/{id}/mandates/place", post(pages::place))
        .routes(routes!(api::base_mandates))
        .routes(routes!(api::assembly_mandates, api::give))
        .routes(routes!(api::place))
}
