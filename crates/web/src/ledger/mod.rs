//! The union's money (issue 15): a body's book, the treasurer's desk, a family's statement and
//! payments, printable receipts, the treasurer's report with its chart and CSV — as pages and
//! JSON; transfers between bodies and what the bodies below owe (`transfers`, `transfers_api`);
//! publishing the totals on the body's public page (`publication_api`, and the book's page); the
//! arrears of every family below a body, summed per body (`arrears`).

mod api;
mod arrears;
mod chart;
mod documents;
mod import;
mod pages;
mod publication_api;
mod transfers;
mod transfers_api;

use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    let (schemas, paths, import) = routes!(import::import_api);
    let (document_schemas, document_paths, attach) = routes!(documents::attach_api);
    OpenApiRouter::new()
        .route("/bodies/{id}/ledger", get(pages::overview).post(pages::write))
        .route("/bodies/{id}/ledger/desk", get(pages::desk))
        .route(
            "/bodies/{id}/ledger/import",
            get(import::import_form).post(import::import).layer(DefaultBodyLimit::max(import::ROUTE_LIMIT)),
        )
        .route("/bodies/{id}/ledger/families/{family}", get(pages::statement).post(pages::pay))
        .route("/bodies/{id}/ledger/receipts/{code}", get(pages::receipt))
        .route(
            "/bodies/{id}/ledger/entries/{number}/document",
            get(documents::expense).post(documents::attach).layer(DefaultBodyLimit::max(documents::ROUTE_LIMIT)),
        )
        .route("/bodies/{id}/ledger/documents/{document}", get(documents::download))
        .route("/bodies/{id}/ledger/report", get(pages::report))
        .route("/bodies/{id}/ledger/report/present", axum::routing::post(pages::present))
        .route("/bodies/{id}/ledger/report.csv", get(pages::report_csv))
        .route("/bodies/{id}/ledger/transfers", get(transfers::transfers).post(transfers::write))
        .route("/bodies/{id}/ledger/owed", get(transfers::owed))
        .route("/bodies/{id}/ledger/arrears", get(arrears::page))
        .route("/bodies/{id}/ledger/arrears.csv", get(arrears::csv))
        .routes(routes!(api::totals, api::write))
        .routes(routes!(api::statement))
        .routes(routes!(api::pay))
        .routes(routes!(api::receipt))
        .routes(routes!(api::report))
        .routes(routes!(transfers_api::list, transfers_api::send))
        .routes(routes!(transfers_api::confirm))
        .routes(routes!(transfers_api::share))
        .routes(routes!(transfers_api::owed))
        .routes(routes!(arrears::api))
        .routes((schemas, paths, import.layer(DefaultBodyLimit::max(import::ROUTE_LIMIT))))
        .routes((document_schemas, document_paths, attach.layer(DefaultBodyLimit::max(documents::ROUTE_LIMIT))))
        .routes(routes!(documents::download_api))
        .routes(routes!(publication_api::show, publication_api::publish, publication_api::withdraw))
}
