//! Documents on expenses: the page of an expense with its document (or the form to attach the
//! one it lacks), the download, and the same in JSON.

use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::multipart::MultipartError;
use axum::extract::rejection::BytesRejection;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use cabildo_i18n::{Lang, tr};
use cabildo_services::ServiceError;
use cabildo_services::ledger::{self, DocumentRecord, ExpensePage, LedgerRefusal, MAX_DOCUMENT_BYTES};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::http::csrf::CsrfMultipart;
use crate::http::problem::Problem;
use crate::http::respond::created;
use crate::http::responses::UnknownCredentials;
use crate::http::status::{not_about_the_form, status_of, text_of};
use crate::http::{Api, Page, PageResult, Path, Query, Viewer, WebError};
use crate::state::AppState;
use crate::ui::{Chrome, render};

/// What the routes let through: the document's limit and room for the form around it.
pub(super) const ROUTE_LIMIT: usize = MAX_DOCUMENT_BYTES + 64 * 1024;

fn too_large() -> ServiceError {
    LedgerRefusal::DocumentTooLarge { size: format!("{} MB", MAX_DOCUMENT_BYTES / (1024 * 1024)) }.into()
}

#[derive(Template)]
#[template(path = "ledger/document.html")]
pub(super) struct DocumentPage {
    page: Chrome,
    e: ExpensePage,
    title: String,
    on: String,
    kind: String,
    size: String,
    help: String,
    error: Option<String>,
    success: Option<String>,
}

fn kind_of(lang: Lang, media_type: &str) -> String {
    let id = match media_type {
        "image/jpeg" | "image/png" => "books-document-photo",
        _ => "books-document-pdf",
    };
    tr(lang, id, &[])
}

/// "1,2 MB", "830 KB".
fn size_of(lang: Lang, bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        let tenths = bytes * 10 / (1024 * 1024);
        let comma = if lang == Lang::Es { ',' } else { '.' };
        format!("{}{comma}{} MB", tenths / 10, tenths % 10)
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

fn page_of(viewer: &Viewer, e: ExpensePage, error: Option<String>, success: Option<String>) -> DocumentPage {
    let lang = viewer.lang;
    let path = format!("/bodies/{}/ledger/entries/{}/document", e.body.id.0, e.entry.number);
    let (kind, size) =
        e.document.as_ref().map(|d| (kind_of(lang, &d.media_type), size_of(lang, d.size_bytes))).unwrap_or_default();
    let on = {
        use chrono::Datelike;
        let d = e.entry.occurred_on;
        lang.date(d.year(), d.month(), d.day())
    };
    let help = tr(lang, "books-document-help", &[("size", size_of(lang, MAX_DOCUMENT_BYTES as i64))]);
    DocumentPage {
        page: viewer.chrome(path),
        e,
        title: tr(lang, "books-document-title", &[]),
        on,
        kind,
        size,
        help,
        error,
        success,
    }
}

/// An expense with its document, or the form to attach it.
pub(super) async fn expense(
    Page { state, viewer }: Page,
    Path((id, number)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/ledger/entries/{number}/document");
    let ctx = viewer.ctx.clone();
    let e = state
        .run(move |store| ledger::expense(store, &ctx, &id.to_string(), &number.to_string()))
        .await
        .page(&viewer, &path)?;
    Ok(render(&page_of(&viewer, e, None, None)))
}

/// Reads the form's document (and its name), refusing it as soon as it passes the limit.
async fn read_document(mut multipart: axum::extract::Multipart) -> Result<(String, Vec<u8>), ServiceError> {
    let unreadable = |e: MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            ServiceError::UnreadableLine { reason: e.body_text() }
        }
    };
    let (mut name, mut bytes) = (String::new(), Vec::new());
    while let Some(mut field) = multipart.next_field().await.map_err(unreadable)? {
        if field.name() != Some("document") {
            continue;
        }
        name = field.file_name().unwrap_or("").to_string();
        while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
            if bytes.len() + chunk.len() > MAX_DOCUMENT_BYTES {
                return Err(too_large());
            }
            bytes.extend_from_slice(&chunk);
        }
    }
    Ok((name, bytes))
}

/// Attaches the uploaded document and shows the expense with it; refused, the form again saying
/// why.
pub(super) async fn attach(
    State(state): State<AppState>,
    Path((id, number)): Path<(i64, i64)>,
    CsrfMultipart(viewer, multipart): CsrfMultipart,
) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/ledger/entries/{number}/document");
    let ctx = viewer.ctx.clone();
    let attached = match read_document(multipart).await {
        Ok((name, bytes)) => {
            state
                .run(move |store| {
                    ledger::attach_document(store, &ctx, &id.to_string(), &number.to_string(), &name, &bytes)
                })
                .await
        }
        Err(e) => Err(e),
    };
    match attached {
        Ok(_) => Ok(Redirect::to(&path).into_response()),
        Err(e) if not_about_the_form(&e) || status_of(&e).is_server_error() => {
            Err(WebError::new(viewer.lang, e).at(&path))
        }
        Err(e) => {
            let (status, error) = (status_of(&e), Some(text_of(viewer.lang, &e)));
            let ctx = viewer.ctx.clone();
            let page = state
                .run(move |store| ledger::expense(store, &ctx, &id.to_string(), &number.to_string()))
                .await
                .page(&viewer, &path)?;
            Ok((status, render(&page_of(&viewer, page, error, None))).into_response())
        }
    }
}

/// The document's bytes, as a download: never shown inline, never sniffed by the browser.
fn download_response(record: &DocumentRecord, bytes: Vec<u8>) -> Response {
    let headers = [
        (header::CONTENT_TYPE, record.media_type.clone()),
        (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}\"", record.file_name)),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
        (header::CACHE_CONTROL, "private, no-store".to_string()),
    ];
    (headers, bytes).into_response()
}

/// A document, downloaded, for whoever may see the books.
pub(super) async fn download(
    Page { state, viewer }: Page,
    Path((id, document)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/ledger/documents/{document}");
    let ctx = viewer.ctx.clone();
    let (record, bytes) =
        state.run(move |store| ledger::document(store, &ctx, &id.to_string(), document)).await.page(&viewer, &path)?;
    Ok(download_response(&record, bytes))
}

/// A document attached to an expense.
#[derive(Serialize, ToSchema)]
pub struct Document {
    id: i64,
    /// The expense's number in the body's book.
    entry: i64,
    /// `image/jpeg`, `image/png` or `application/pdf`: read from the bytes, not from the upload.
    media_type: String,
    file_name: String,
    size_bytes: i64,
    /// Lowercase hexadecimal SHA-256 of the bytes.
    sha256: String,
    added_by: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct AttachQuery {
    /// The file's name ("factura-12.jpg"); it is cleaned, and its extension follows what the file is.
    #[serde(default)]
    name: String,
}

/// Attach a document to an expense
///
/// The request body is the file itself: a photo (JPEG, PNG) or a PDF of the invoice or receipt,
/// at most 5 MB. Its type is read from its bytes. An expense carries one document, written once.
/// For the treasurer.
#[utoipa::path(
    post, path = "/api/v1/bodies/{id}/ledger/entries/{number}/document",
    operation_id = "attach_document",
    tag = "ledger",
    params(
        ("id" = i64, Path, description = "The body's number."),
        ("number" = i64, Path, description = "The expense's number in the body's book."),
        AttachQuery,
    ),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The document."),
    responses(
        (status = 201, description = "Attached.", body = Document),
        UnknownCredentials,
        (status = 403, description = "The viewer does not keep this body's book (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "No such body or entry (`unknown_body`, `ledger_unknown_entry`).",
            body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The entry is no expense (`ledger_not_an_expense`), already has its \
            document (`ledger_document_exists`), or is not a photo or PDF (`ledger_document_type`).",
            body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than 5 MB (`ledger_document_too_large`).", body = Problem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn attach_api(
    api: Api,
    Path((id, number)): Path<(i64, i64)>,
    Query(query): Query<AttachQuery>,
    file: Result<Bytes, BytesRejection>,
) -> Result<Response, WebError> {
    api.admit()?;
    let file = match file {
        Ok(file) => file,
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(WebError::api(api.lang(), too_large())),
        Err(e) => return Err(WebError::api(api.lang(), ServiceError::UnreadableLine { reason: e.body_text() })),
    };
    let d = api
        .run(move |store, ctx| {
            ledger::attach_document(store, ctx, &id.to_string(), &number.to_string(), &query.name, &file)
        })
        .await?;
    let location = format!("/api/v1/bodies/{id}/ledger/documents/{}", d.id);
    let dto = Document {
        id: d.id,
        entry: number,
        media_type: d.media_type,
        file_name: d.file_name,
        size_bytes: d.size_bytes,
        sha256: d.sha256,
        added_by: d.added_by,
    };
    Ok(created(Some(location), dto))
}

/// Download a document
///
/// The bytes of a document attached to an expense, as an attachment. For whoever may see the
/// body's books.
#[utoipa::path(
    get, path = "/api/v1/bodies/{id}/ledger/documents/{document}",
    operation_id = "download_document",
    tag = "ledger",
    params(
        ("id" = i64, Path, description = "The body's number."),
        ("document" = i64, Path, description = "The document's number."),
    ),
    responses(
        (status = 200, description = "The document (`image/jpeg`, `image/png` or `application/pdf`).",
            content_type = "application/octet-stream", body = Vec<u8>),
        UnknownCredentials,
        (status = 403, description = "The viewer may not see this body's books (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "No such body or document (`unknown_body`, `ledger_unknown_document`).",
            body = Problem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn download_api(api: Api, Path((id, document)): Path<(i64, i64)>) -> Result<Response, WebError> {
    let (record, bytes) = api.run(move |store, ctx| ledger::document(store, ctx, &id.to_string(), document)).await?;
    Ok(download_response(&record, bytes))
}
