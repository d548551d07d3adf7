//! Delegates, seats and credentials (issue 14): an assembly's seats and the form that declares
//! them, a delegation with its seats and the form that puts one to election in the sub-body's own
//! assembly, the printable credentials (A4), a body's delegations — as pages and JSON. The door
//! itself is the assembly's: its code field admits by credential where the assembly uses
//! delegates.

mod api;
mod pages;

use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/assemblies/{id}/seats", get(pages::seats_page).post(pages::declare))
        .route("/delegations/{id}", get(pages::delegation_page))
        .route("/delegations/{id}/elections", post(pages::elect))
        .route("/delegations/{id}/credentials", get(pages::credentials_page))
        .route("/bodies/{id}/delegations", get(pages::body_delegations))
        .route("/bodies/{id}/weighting", post(pages::set_weighting))
        .routes(routes!(api::seats, api::declare))
        .routes(routes!(api::delegation))
        .routes(routes!(api::elect))
        .routes(routes!(api::credentials))
        .routes(routes!(api::admit))
        .routes(routes!(api::weighting, api::weighting_of))
}
