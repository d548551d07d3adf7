//! Consultas a las bases: a body's consultas and launching one, a consulta with its answers, its
//! deadline extended, closed, its radio text, a nomination's leading names made an election's
//! candidates, and a consulta put on an assembly's agenda — as pages and JSON. The results (the
//! roll-up per body, bars, print, CSV) are `results.rs`.

mod api;
mod dto;
mod pages;
pub mod results;

use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/bodies/{id}/consultas", get(pages::list_page).post(pages::launch))
        .route("/consultas/{id}", get(pages::consulta_page))
        .route("/consultas/{id}/notice.txt", get(pages::notice_text))
        .route("/consultas/{id}/deadline", post(pages::extend))
        .route("/consultas/{id}/close", post(pages::close))
        .route("/consultas/{id}/election", post(pages::election))
        .route("/assemblies/{id}/consultas", post(pages::put_on_agenda))
        .routes(routes!(api::list_consultas, api::launch))
        .routes(routes!(api::get_consulta))
        .routes(routes!(api::extend))
        .routes(routes!(api::close))
        .routes(routes!(api::put_on_agenda))
        .routes(routes!(api::nominees_to_election))
}
