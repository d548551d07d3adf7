//! The padrón in JSON: a sindicato's households page by page, and a padrón file imported.

use axum::Json;
use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use cabildo_services::import::ImportError;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::http::dto::{Body, BodyNumber};
use crate::http::import::{ImportRejected, refused_file, rejected_response};
use crate::http::problem::Problem;
use crate::http::responses::{UnknownBody, UnknownCredentials};
use crate::http::status::status_of;
use crate::http::{Api, ApiResult, Path, Query, WebError};

/// A household as listed in the padrón: no ID number, no phone.
#[derive(Serialize, ToSchema)]
pub struct PadronHousehold {
    id: i64,
    /// The record's id on every instance (a UUIDv7): how another instance names it.
    #[schema(format = "uuid", example = "0192f0c1-7a3e-7c4d-9a51-3f0e6b2d8c11")]
    public_id: String,
    /// The number the sindicato's own register gives the family ("N°"), when it keeps one.
    #[schema(required = true)]
    register_number: Option<String>,
    given_names: String,
    first_surname: String,
    #[schema(required = true)]
    second_surname: Option<String>,
    /// The codes of the family's parcels.
    parcels: Vec<String>,
}

/// One page of a sindicato's padrón.
#[derive(Serialize, ToSchema)]
pub struct Padron {
    body: Body,
    /// The page, from 1.
    page: u64,
    per_page: u64,
    /// Whether another page follows.
    has_next: bool,
    households: Vec<PadronHousehold>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct PadronQuery {
    /// Search by name or parcel code (empty: everyone).
    #[serde(default)]
    q: String,
    /// The page, from 1 (values below 1 mean 1).
    #[serde(default)]
    #[param(minimum = 1, default = 1)]
    page: Option<u64>,
    /// Households per page, 1 to 500 (values outside are brought inside).
    #[serde(default)]
    #[param(minimum = 1, maximum = 500, default = 50)]
    per_page: Option<u64>,
}

/// What an import did.
#[derive(Serialize, ToSchema)]
pub struct ImportSummary {
    /// The rows read (blank lines are not rows).
    rows: u64,
    households_created: u64,
    parcels_created: u64,
    households_updated: u64,
    parcels_updated: u64,
    /// Rows that changed nothing (the register already said the same).
    rows_unchanged: u64,
    /// The encoding the file was read in (`UTF-8`, `windows-1252`, …).
    #[schema(required = true)]
    encoding: Option<String>,
    /// The column separator found (`;`, `,`, a tab).
    #[schema(required = true)]
    delimiter: Option<String>,
    /// Columns of the file that were not read.
    ignored_columns: Vec<String>,
}

/// A page of a body's padrón
///
/// The households of a sindicato in the order of its register, searched by name or parcel code,
/// without ID numbers or phones.
#[utoipa::path(
    get, path = "/api/v1/bodies/{id}/padron",
    tag = "register",
    params(BodyNumber, PadronQuery),
    responses(
        (status = 200, description = "The page.", body = Padron),
        UnknownCredentials,
        (status = 403, description = "The viewer may not see this body's members (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        UnknownBody,
    ),
)]
pub(super) async fn get_padron(
    api: Api,
    Path(id): Path<i64>,
    Query(query): Query<PadronQuery>,
) -> Result<Response, WebError> {
    let page = query.page.unwrap_or(1).max(1);
    let per_page = query.per_page.unwrap_or(50).clamp(1, 500);
    let search = Some(query.q.trim().to_string()).filter(|s| !s.is_empty());
    let found = super::shared::padron_page(&api.state, &api.viewer.ctx, id, search, page - 1, per_page)
        .await
        .api(&api.viewer)?;
    Ok(Json(Padron {
        body: Body::from(&found.body),
        page,
        per_page,
        has_next: found.has_next,
        households: found
            .households
            .into_iter()
            .map(|h| PadronHousehold {
                id: h.id.0,
                public_id: h.public_id.to_string(),
                register_number: h.register_number.clone(),
                given_names: h.name.given_names.clone(),
                first_surname: h.name.first_surname.clone(),
                second_surname: h.name.second_surname.clone(),
                parcels: h.parcel_codes.clone(),
            })
            .collect(),
    })
    .into_response())
}

/// Import a padrón file
///
/// The request body is the file itself (CSV in any usual encoding and separator, as spreadsheets
/// save it). All or nothing: if any row is bad, every bad row is named and nothing is written.
/// Importing the same file twice changes nothing. Needs the right to edit the sindicato's
/// register (or, for a file with a Sindicato column, the register of each sindicato it names).
#[utoipa::path(
    post, path = "/api/v1/bodies/{id}/import",
    tag = "register",
    params(
        ("id" = i64, Path, description = "The sindicato's number (or a body above, for a file with a Sindicato column)."),
        ("map" = Option<Vec<String>>, Query, explode = true, example = json!(["Socio=full_name"]),
            description = "How to read a column whose header is not recognised: `Header=field`, repeated \
                (`?map=Socio%3Dfull_name&map=Lote%3Dparcel_code`)."),
    ),
    request_body(content = String, content_type = "text/csv", description = "The padrón file."),
    responses(
        (status = 200, description = "Imported.", body = ImportSummary),
        UnknownCredentials,
        (status = 403, description = "The viewer may not edit this register (`forbidden`), or a write with the \
            session cookie lacks `X-CSRF-Token` (`forbidden_anywhere`).", body = Problem,
            content_type = "application/problem+json"),
        UnknownBody,
        (status = 409, description = "The body is closed (`body_closed`), its members are not households \
            (`not_household_body`), or another import is running on this server (`import_running`).",
            body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Nothing was imported: every bad row is named in `problems` \
            (`import_rejected`), or the file cannot be read as a padrón (its header, its encoding).",
            body = ImportRejected, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn import_padron(
    api: Api,
    Path(id): Path<i64>,
    Query(query): Query<Vec<(String, String)>>,
    file: Bytes,
) -> Result<Response, WebError> {
    api.admit()?;
    let mappings: Vec<String> = query
        .into_iter()
        .filter(|(key, value)| key == "map" && !value.trim().is_empty())
        .map(|(_, value)| value.trim().to_string())
        .collect();
    let upload = super::shared::Upload::write(&api.state, id, &file).await.api(&api.viewer)?;
    let result = super::shared::import_upload(&api.state, &api.viewer, id, &upload, mappings).await;
    let lang = api.lang();
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    match result {
        Ok(report) => Ok(Json(ImportSummary {
            rows: report.rows,
            households_created: report.households_created,
            parcels_created: report.parcels_created,
            households_updated: report.households_updated,
            parcels_updated: report.parcels_updated,
            rows_unchanged: report.rows_unchanged,
            encoding: report.encoding.map(|e| e.label().to_string()),
            delimiter: report.delimiter.map(|d| d.to_string()),
            ignored_columns: report.ignored_columns,
        })
        .into_response()),
        Err(ImportError::Rejected { problems, bad_rows, .. }) => Ok(rejected_response(lang, problems, bad_rows)),
        Err(ImportError::Service(e)) if status_of(&e) == status => Ok(refused_file(lang, &e)),
        Err(ImportError::Service(e)) => Err(WebError::api(lang, e)),
    }
}
