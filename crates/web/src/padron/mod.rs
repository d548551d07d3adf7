//! The padrón: a sindicato's families page by page with search, and importing a padrón file
//! as sindicatos keep it in spreadsheets — as pages and in JSON.

mod api;
mod pages;
mod shared;

use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::{AppState, MAX_BODY_BYTES};

pub fn routes() -> OpenApiRouter<AppState> {
    let (schemas, paths, import) = routes!(api::import_padron);
    OpenApiRouter::new()
        .route("/bodies/{id}/padron", get(pages::padron))
        .route("/bodies/{id}/padron.csv", get(pages::download))
        .route("/bodies/{id}/padron/print", get(pages::print))
        .route(
            "/bodies/{id}/import",
            get(pages::import_form).post(pages::import).layer(DefaultBodyLimit::max(MAX_BODY_BYTES)),
        )
        .routes(routes!(api::get_padron))
        .routes((schemas, paths, import.layer(DefaultBodyLimit::max(MAX_BODY_BYTES))))
}
