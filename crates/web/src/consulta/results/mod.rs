//! A consulta's results at every level of the consulted subtree: the page of one body (bars
//! drawn on the server as SVG, the bodies one level down, the bases still missing), its printable
//! version, its text for the radio, a CSV of every level below it, and the JSON API.

mod api;
mod pages;
mod words;

use axum::routing::get;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/consultas/{id}/results", get(pages::results))
        .route("/consultas/{id}/results/print", get(pages::print))
        .route("/consultas/{id}/results/radio.txt", get(pages::radio))
        .route("/consultas/{id}/results/export.csv", get(pages::export))
        .routes(routes!(api::results))
}
