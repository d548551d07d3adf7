//! Petitions up the tree (solicitudes) to an outside authority: a body's inbox (paged; waiting,
//! overdue) and the form to raise one of its resolutions to its parent, its outside authorities,
//! a petition's page with its whole path and the holder's forms (put it before an assembly, record
//! a reply, convene the delegation), and the printable oficio — as pages and JSON.

mod api;
mod pages;

use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/bodies/{id}/petitions", get(pages::inbox).post(pages::raise))
        .route("/bodies/{id}/authorities", get(pages::authorities).post(pages::add_authority))
        .route("/petitions/{id}", get(pages::view))
        .route("/petitions/{id}/oficio", get(pages::oficio))
        .route("/petitions/{id}/agenda", post(pages::propose))
        .route("/petitions/{id}/replies", post(pages::reply))
        .route("/petitions/{id}/delegation", post(pages::delegation))
        .routes(routes!(api::inbox, api::raise))
        .routes(routes!(api::authorities, api::add_authority))
        .routes(routes!(api::view))
        .routes(routes!(api::propose))
        .routes(routes!(api::reply))
        .routes(routes!(api::delegation))
}
