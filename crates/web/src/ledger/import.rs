//! Payments imported from a spreadsheet: the form on the treasurer's desk and the API. All or
//! nothing; a refused file names every bad row (line, column, value, what is wrong).

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::multipart::MultipartError;
use axum::extract::rejection::BytesRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use cabildo_i18n::{Lang, tr, tr_count};
use cabildo_services::ServiceError;
use cabildo_services::import::ImportError;
use cabildo_services::ledger::{self, LedgerRefusal, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, PaymentImport};
use serde::Serialize;
use utoipa::ToSchema;

use super::api::{Receipt, receipt_dto};
use crate::http::csrf::CsrfMultipart;
use crate::http::import::{ImportRejected, page_problems, refused_file, rejected_response};
use crate::http::problem::Problem;
use crate::http::responses::UnknownCredentials;
use crate::http::status::{status_of, text_of};
use crate::http::{Api, Fields, Page, PageResult, Path, Viewer, WebError};
use crate::state::AppState;
use crate::ui::{FieldKind, FormPage, FormPlace, render};

/// What the route lets through: the file's limit and room for the form around it. A larger
/// request is cut off by the server and answered with the same refusal.
pub(super) const ROUTE_LIMIT: usize = MAX_IMPORT_BYTES + 64 * 1024;

fn too_large() -> ServiceError {
    let size = format!("{} KB", MAX_IMPORT_BYTES / 1024);
    LedgerRefusal::ImportTooLarge { rows: MAX_IMPORT_ROWS.to_string(), size }.into()
}

fn import_page(viewer: &Viewer, id: i64, body_name: String) -> FormPage {
    let fields = Fields::new(viewer.lang, HashMap::new());
    let place = FormPlace {
        path: format!("/bodies/{id}/ledger/import"),
        title: tr(viewer.lang, "books-import-title", &[]),
        back_href: format!("/bodies/{id}/ledger/desk"),
        back_label: format!("{} · {body_name}", tr(viewer.lang, "ledger-desk", &[])),
    };
    let inputs = vec![fields.field("sheet", FieldKind::File, true)];
    FormPage {
        multipart: true,
        submit: tr(viewer.lang, "books-import", &[]),
        intro: Some(tr(viewer.lang, "books-import-intro", &[])),
        ..FormPage::new(viewer, place, inputs)
    }
}

/// The body's name, once the viewer is known to keep its book.
async fn keeper(state: &AppState, viewer: &Viewer, id: i64, path: &str) -> Result<String, WebError> {
    let ctx = viewer.ctx.clone();
    let desk = state.run(move |store| ledger::desk(store, &ctx, &id.to_string(), "", 0)).await.page(viewer, path)?;
    Ok(desk.body.name)
}

pub(super) async fn import_form(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/ledger/import");
    let name = keeper(&state, &viewer, id, &path).await?;
    Ok(render(&import_page(&viewer, id, name)))
}

fn summary(lang: Lang, report: &PaymentImport) -> String {
    let first = report.receipts.first().map(|r| format!("{}/{}", r.number, r.year)).unwrap_or_default();
    let last = report.receipts.last().map(|r| format!("{}/{}", r.number, r.year)).unwrap_or_default();
    let recorded = tr_count(lang, "books-import-ok", report.receipts.len() as u64);
    let receipts =
        tr(lang, "books-import-receipts", &[("total", report.total.to_string()), ("first", first), ("last", last)]);
    format!("{recorded} {receipts}")
}

/// Reads the file of the form, refusing it as soon as it passes the limit.
async fn read_file(mut multipart: axum::extract::Multipart) -> Result<Vec<u8>, ServiceError> {
    let unreadable = |e: MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            ServiceError::UnreadableLine { reason: e.body_text() }
        }
    };
    let mut bytes = Vec::new();
    while let Some(mut field) = multipart.next_field().await.map_err(unreadable)? {
        if field.name() != Some("sheet") {
            continue;
        }
        while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
            if bytes.len() + chunk.len() > MAX_IMPORT_BYTES {
                return Err(too_large());
            }
            bytes.extend_from_slice(&chunk);
        }
    }
    Ok(bytes)
}

async fn run_import(state: &AppState, viewer: &Viewer, id: i64, bytes: Vec<u8>) -> Result<PaymentImport, ImportError> {
    let ctx = viewer.ctx.clone();
    let shown = tr(viewer.lang, "web-uploaded-file", &[]);
    state
        .run(move |store| Ok(ledger::import_payments(store, &ctx, &id.to_string(), &shown, &bytes)))
        .await
        .unwrap_or_else(|e| Err(ImportError::Service(e)))
}

/// Imports the uploaded file; the form again with what it did, or with every bad row.
pub(super) async fn import(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfMultipart(viewer, multipart): CsrfMultipart,
) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/ledger/import");
    let name = keeper(&state, &viewer, id, &path).await?;
    let mut page = import_page(&viewer, id, name);
    let lang = viewer.lang;
    let result = match read_file(multipart).await {
        Ok(bytes) => run_import(&state, &viewer, id, bytes).await,
        Err(e) => Err(ImportError::Service(e)),
    };
    match result {
        Ok(report) => {
            page.success = Some(summary(lang, &report));
            Ok(render(&page))
        }
        Err(ImportError::Rejected { problems, bad_rows, .. }) => {
            page.general_error = Some(tr(lang, "cli-import-rejected", &[("total", lang.count(bad_rows))]));
            page.problems = page_problems(lang, &problems);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(ImportError::Service(e)) if status_of(&e).is_server_error() => Err(WebError::new(lang, e)),
        Err(ImportError::Service(e)) => {
            page.general_error = Some(text_of(lang, &e));
            Ok((status_of(&e), render(&page)).into_response())
        }
    }
}

/// What an import of payments recorded.
#[derive(Serialize, ToSchema)]
pub struct ImportedPayments {
    /// The payments recorded, one per row.
    count: u64,
    total_centavos: i64,
    /// Their receipts, in the order of the file's rows.
    receipts: Vec<Receipt>,
    /// The encoding the file was read in (`UTF-8`, `Windows-1252`, …).
    encoding: String,
    /// The column separator found (`;`, `,`, a tab).
    delimiter: String,
    /// Columns of the file that were not read.
    ignored_columns: Vec<String>,
}

/// Import payments from a spreadsheet
///
/// The request body is the file (CSV in any usual encoding and separator, as Excel saves it: `;`,
/// decimal commas, dd/mm/yyyy). Columns: the family (`Carnet`, `N°`, `Lote` or `Nombre`), the
/// amount (`Monto`), optionally the day (`Fecha`; empty: today) and a note. All or nothing: if
/// any row is bad, every bad row is named and nothing is written; otherwise each row is recorded
/// as a payment at the desk, with its own receipt. For the treasurer.
#[utoipa::path(
    post, path = "/api/v1/bodies/{id}/ledger/import",
    operation_id = "import_payments",
    tag = "ledger",
    params(("id" = i64, Path, description = "The body's number.")),
    request_body(content = String, content_type = "text/csv", description = "The payments file."),
    responses(
        (status = 200, description = "Imported.", body = ImportedPayments),
        UnknownCredentials,
        (status = 403, description = "The viewer does not keep this body's book (`forbidden`), or a write with \
            the session cookie lacks `X-CSRF-Token` (`forbidden_anywhere`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "No such body (`unknown_body`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "The body is closed (`body_closed`) or its members are not households \
            (`not_household_body`).", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The file is larger than 1 MB or has more than 5,000 rows \
            (`ledger_import_too_large`).", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Nothing was imported: every bad row is named in `problems` \
            (`import_rejected`), or the file cannot be read as payments (its header, its encoding).",
            body = ImportRejected, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn import_api(
    api: Api,
    Path(id): Path<i64>,
    file: Result<Bytes, BytesRejection>,
) -> Result<Response, WebError> {
    api.admit()?;
    // Past the route's limit the server stops reading: the same refusal as a file just too large.
    let file = match file {
        Ok(file) if file.len() <= MAX_IMPORT_BYTES => file,
        Ok(_) => return Err(WebError::api(api.lang(), too_large())),
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(WebError::api(api.lang(), too_large())),
        Err(e) => return Err(WebError::api(api.lang(), ServiceError::UnreadableLine { reason: e.body_text() })),
    };
    let lang = api.lang();
    match run_import(&api.state, &api.viewer, id, file.to_vec()).await {
        Ok(report) => Ok(Json(ImportedPayments {
            count: report.receipts.len() as u64,
            total_centavos: report.total.0,
            receipts: report.receipts.iter().map(receipt_dto).collect(),
            encoding: report.encoding.label().to_string(),
            delimiter: report.delimiter.to_string(),
            ignored_columns: report.ignored_columns,
        })
        .into_response()),
        Err(ImportError::Rejected { problems, bad_rows, .. }) => Ok(rejected_response(lang, problems, bad_rows)),
        Err(ImportError::Service(e)) if status_of(&e) == StatusCode::UNPROCESSABLE_ENTITY => Ok(refused_file(lang, &e)),
        Err(ImportError::Service(e)) => Err(WebError::api(lang, e)),
    }
}
