//! The padrón's pages: a sindicato's families with search, and the import form.

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use cabildo_domain::Body;
use cabildo_i18n::{tr, tr_count};
use cabildo_services::ServiceError;
use cabildo_services::export;
use cabildo_services::import::ImportError;
use cabildo_services::registry::{self, HouseholdSummary};
use serde::Deserialize;

use crate::http::csrf::CsrfMultipart;
use crate::http::import::page_problems;
use crate::http::respond::body_to_edit;
use crate::http::status::{status_of, text_of};
use crate::http::urls::urlencode;
use crate::http::{Fields, Page, PageResult, Path, Query, Remember, Viewer, WebError};
use crate::state::AppState;
use crate::ui::{Chrome, FieldKind, FormPage, FormPlace, render};

#[derive(Template)]
#[template(path = "padron/padron.html")]
pub(super) struct PadronView {
    page: Chrome,
    body: Body,
    households: Vec<Arc<HouseholdSummary>>,
    q: String,
    q_encoded: String,
    page_number: u64,
    has_next: bool,
    /// Families found, and pages of them.
    total: u64,
    pages: u64,
}

impl PadronView {
    /// "Página 1 de 12".
    fn page_line(&self) -> String {
        let args = [("page", self.page_number.to_string()), ("pages", self.pages.to_string())];
        tr(self.page.lang, "trust-padron-page", &args)
    }

    fn families(&self) -> String {
        tr_count(self.page.lang, "trust-padron-families", self.total)
    }
}

#[derive(Deserialize)]
pub(super) struct PadronQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: Option<u64>,
}

/// Families shown per padrón page.
pub const PADRON_PAGE: u64 = 50;

/// A padrón page or search, kept rendered and gzipped for the viewer until the next write.
pub(super) async fn padron(
    page: Page,
    remember: Remember,
    id: Path<i64>,
    query: Query<PadronQuery>,
) -> Result<Response, WebError> {
    if let Some(kept) = remember.hit(&page.state, &page.viewer) {
        return Ok(kept);
    }
    let (state, viewer) = (page.state.clone(), page.viewer.clone());
    let rendered = padron_page(page, id, query).await?;
    Ok(remember.keep(&state, &viewer, rendered).await)
}

async fn padron_page(
    Page { state, viewer }: Page,
    Path(id): Path<i64>,
    Query(query): Query<PadronQuery>,
) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/padron");
    let page_number = query.page.unwrap_or(1).max(1);
    let q = query.q.trim().to_string();
    let search = Some(q.clone()).filter(|s| !s.is_empty());
    let found = super::shared::padron_page(&state, &viewer.ctx, id, search, page_number - 1, PADRON_PAGE)
        .await
        .page(&viewer, &path)?;
    Ok(render(&PadronView {
        page: viewer.chrome(path),
        body: found.body,
        households: found.households,
        q_encoded: urlencode(&q),
        q,
        page_number,
        has_next: found.has_next,
        total: found.total,
        pages: found.total.div_ceil(PADRON_PAGE).max(1),
    }))
}

/// Families on one printed sheet (A4 or letter, portrait).
pub const PRINT_SHEET: usize = 30;

#[derive(Template)]
#[template(path = "padron/print.html")]
pub(super) struct PrintView {
    page: Chrome,
    body: Body,
    /// The families, sheet by sheet.
    sheets: Vec<Vec<Arc<HouseholdSummary>>>,
    total: u64,
}

impl PrintView {
    fn sheet_line(&self, n: &usize) -> String {
        tr(
            self.page.lang,
            "trust-padron-sheet",
            &[("page", (n + 1).to_string()), ("pages", self.sheets.len().to_string())],
        )
    }

    fn families(&self) -> String {
        tr_count(self.page.lang, "trust-padron-families", self.total)
    }
}

/// The whole padrón, to print: sheets of [`PRINT_SHEET`] families, each headed with the body and
/// "Página N de M", and a column for signatures.
pub(super) async fn print(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/padron/print");
    let ctx = viewer.ctx.clone();
    let (body, families) =
        state.run(move |store| registry::padron_all(store, &ctx, &id.to_string())).await.page(&viewer, &path)?;
    let total = families.len() as u64;
    let mut sheets: Vec<Vec<Arc<HouseholdSummary>>> = families.chunks(PRINT_SHEET).map(<[_]>::to_vec).collect();
    if sheets.is_empty() {
        sheets.push(Vec::new());
    }
    Ok(render(&PrintView { page: viewer.chrome(path), body, sheets, total }))
}

/// The padrón as a file the import reads back (`;`, UTF-8 with BOM, dd/mm/yyyy), to download.
pub(super) async fn download(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/padron.csv");
    let ctx = viewer.ctx.clone();
    let (body, bytes) =
        state.run(move |store| export::padron_download(store, &ctx, &id.to_string())).await.page(&viewer, &path)?;
    let name: String =
        body.code.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect();
    let headers = [
        (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
        (header::CONTENT_DISPOSITION, format!("attachment; filename=\"padron-{name}.csv\"")),
        (header::CACHE_CONTROL, "no-store".to_string()),
    ];
    Ok((headers, bytes).into_response())
}

fn import_page(viewer: &Viewer, body: &Body, mappings: &str) -> FormPage {
    let fields = Fields::new(viewer.lang, HashMap::from([("mappings".to_string(), mappings.to_string())]));
    let place = FormPlace {
        path: format!("/bodies/{}/import", body.id.0),
        title: tr(viewer.lang, "web-import-title", &[]),
        back_href: format!("/bodies/{}", body.id.0),
        back_label: body.name.clone(),
    };
    let inputs =
        vec![fields.field("file", FieldKind::File, true), fields.field("mappings", FieldKind::TextArea, false)];
    FormPage { multipart: true, submit: tr(viewer.lang, "web-import", &[]), ..FormPage::new(viewer, place, inputs) }
}

pub(super) async fn import_form(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let body = body_to_edit(&state, &viewer, id, &format!("/bodies/{id}/import")).await?;
    Ok(render(&import_page(&viewer, &body, "")))
}

pub(super) async fn import(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfMultipart(viewer, mut multipart): CsrfMultipart,
) -> Result<Response, WebError> {
    let body = body_to_edit(&state, &viewer, id, &format!("/bodies/{id}/import")).await?;
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        WebError::new(viewer.lang, ServiceError::UnreadableLine { reason: e.body_text() })
    };
    let mut mappings = String::new();
    let mut bytes = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        match field.name() {
            Some("mappings") => mappings = field.text().await.map_err(unreadable)?,
            Some("file") => bytes = field.bytes().await.map_err(unreadable)?.to_vec(),
            _ => {}
        }
    }
    let mut page = import_page(&viewer, &body, &mappings);
    let upload =
        super::shared::Upload::write(&state, id, &bytes).await.page(&viewer, &format!("/bodies/{id}/import"))?;
    let lines: Vec<String> = mappings.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
    let result = super::shared::import_upload(&state, &viewer, id, &upload, lines).await;
    let lang = viewer.lang;
    match result {
        Ok(report) => {
            page.success = Some(tr(
                lang,
                "cli-import-ok",
                &[
                    ("rows", lang.count(report.rows)),
                    ("encoding", report.encoding.map(|e| e.label().to_string()).unwrap_or_default()),
                    ("delimiter", report.delimiter.map(|d| d.to_string()).unwrap_or_default()),
                    ("households_created", lang.count(report.households_created)),
                    ("parcels_created", lang.count(report.parcels_created)),
                    ("households_updated", lang.count(report.households_updated)),
                    ("parcels_updated", lang.count(report.parcels_updated)),
                    ("unchanged", lang.count(report.rows_unchanged)),
                ],
            ));
            // Columns the file has and the import does not know ("Firma"), as the command line lists them.
            if !report.ignored_columns.is_empty() {
                let ignored = tr(lang, "cli-import-ignored", &[("columns", report.ignored_columns.join(", "))]);
                page.success = page.success.map(|ok| format!("{ok} {ignored}"));
            }
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
