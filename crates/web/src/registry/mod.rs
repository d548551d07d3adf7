//! The register: the tree of bodies, a body with its directiva and affiliations, families and
//! their parcels, a body's change history and public page — as pages, forms and JSON.

mod api;
mod dto;
pub mod forms;
mod pages;
mod reads;

use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/bodies", get(pages::tree))
        .route("/bodies/{id}", get(pages::body))
        .route("/households/{id}", get(pages::household))
        .route("/bodies/{id}/audit", get(pages::audit))
        .route("/bodies/{id}/publish", post(pages::publish))
        .route("/p/{code}", get(pages::public))
        .route("/bodies/{id}/households/new", get(forms::new_household).post(forms::create_household))
        .route("/bodies/{id}/households", post(forms::create_household))
        .route("/households/{id}/parcels/new", get(forms::new_parcel).post(forms::create_parcel))
        .route("/bodies/{id}/bodies/new", get(forms::new_body).post(forms::create_body))
        .route("/bodies/{id}/edit", get(forms::edit_body).post(forms::rename_body))
        .route("/bodies/{id}/offices/new", get(forms::new_office).post(forms::create_office))
        .route("/households/{id}/edit", get(forms::edit_household).post(forms::update_household))
        .route("/offices/{id}/end", get(forms::end_office_form).post(forms::end_office))
        .route("/bodies/{id}/move", get(forms::move_form).post(forms::move_body))
        .route("/bodies/{id}/close", get(forms::close_form).post(forms::close_body))
        .routes(routes!(api::list_bodies))
        .routes(routes!(api::get_body, api::rename_body))
        .routes(routes!(api::create_body))
        .routes(routes!(api::create_household))
        .routes(routes!(api::create_office))
        .routes(routes!(api::get_household))
        .routes(routes!(api::create_parcel))
}
