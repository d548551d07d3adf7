//! The JSON API under `/api/v1`: what the pages show, for programs. Authentication by bearer
//! token (`cabildo token`) or the session cookie; errors are RFC 7807 problem documents.
//!
//! The OpenAPI document at `/api/v1/openapi.json` is generated from this module: the answers are
//! typed structs that derive both `Serialize` and `ToSchema`, and every handler carries a
//! `#[utoipa::path]` that names its parameters and answers. A handler added to [`routes`] must be
//! added to [`ApiDoc`] too (the integration test `openapi` checks that every route is there).
//!
//! The writes mirror the forms of `forms.rs`: each field is checked with the same domain function,
//! then the same service is called (it checks permissions and writes the audit trail). Bad fields
//! answer 422 with every one of them named; a session cookie without `X-CSRF-Token` is refused.

use axum::body::Bytes;
use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, State};

use crate::extract::{Path, Query};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use cabildo_domain::household::{validate_id_number, validate_phone};
use cabildo_domain::padron::{parse_date, parse_decimal, parse_optional_date};
use cabildo_domain::{
    self as domain, AffiliationKind, Area, BodyKind, Composition, Coordinates, DomainError, Field, HouseholdData,
    HouseholdId, OfficeEnd, ParcelCode, ParcelData, PersonData, PersonName, text,
};
use cabildo_i18n::{Lang, tr};
use cabildo_services::import::{ImportError, import_file};
use cabildo_services::registry::{self, BodyForm};
use cabildo_services::{Actor, ServiceError};
use serde::{Deserialize, Serialize};
use utoipa::openapi::schema::{Object, ObjectBuilder, SchemaType, Type};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{IntoParams, Modify, OpenApi, ToSchema};

use crate::AppState;
use crate::error::{WebError, status_of, text_of};
use crate::viewer::{SESSION_COOKIE, Viewer};

/// The header a write made with the session cookie (not a bearer token) must carry: the
/// session's CSRF token, as the forms carry it in a hidden field.
pub const CSRF_HEADER: &str = "x-csrf-token";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/bodies", get(bodies))
        .route("/bodies/{id}", get(body).patch(rename_body))
        .route("/bodies/{id}/bodies", post(create_body))
        .route("/bodies/{id}/households", post(create_household))
        .route("/bodies/{id}/offices", post(create_office))
        .route("/bodies/{id}/import", post(import).layer(DefaultBodyLimit::max(crate::MAX_BODY_BYTES)))
        .route("/bodies/{id}/padron", get(padron))
        .route("/households/{id}", get(household))
        .route("/households/{id}/parcels", post(create_parcel))
        .route("/openapi.json", get(openapi_json))
}

/// The OpenAPI document of this API, generated from the handlers and types below.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Cabildo API",
        version = env!("CARGO_PKG_VERSION"),
        description = "The register of a federated organisation (bodies, their directivas and affiliations, \
                       the padrón of households), as the viewer's roles allow: what the web pages show \
                       and what their forms change.\n\n\
                       Authenticate with `Authorization: Bearer <token>` (a token is printed once by \
                       `cabildo token USERNAME`) or with the session cookie of the web pages; a write \
                       made with the session cookie must carry the session's CSRF token in the \
                       `X-CSRF-Token` header. Errors are RFC 7807 problem documents \
                       (`application/problem+json`) with a stable `code`; their `title` follows the \
                       `Accept-Language` header (Spanish by default). A write with bad fields is refused \
                       whole (422), with every bad field named in `errors`.",
        license(name = "AGPL-3.0-or-later", url = "https://www.gnu.org/licenses/agpl-3.0.html"),
    ),
    paths(
        bodies,
        body,
        padron,
        household,
        rename_body,
        create_body,
        create_household,
        create_parcel,
        create_office,
        import,
        openapi_json,
        crate::assembly_api::list_assemblies,
        crate::assembly_api::convene,
        crate::assembly_api::get_assembly,
        crate::assembly_api::open_assembly,
        crate::assembly_api::close_assembly,
        crate::assembly_api::cancel_assembly,
        crate::assembly_api::get_statute,
        crate::assembly_api::update_statute,
        crate::assembly_api::door,
        crate::assembly_api::check_in,
        crate::assembly_api::add_motion,
        crate::assembly_api::add_election,
        crate::assembly_api::open_vote,
        crate::assembly_api::record_hands,
        crate::assembly_api::roll_call,
        crate::assembly_api::close_vote,
        crate::assembly_api::withdraw,
        crate::assembly_api::no_quorum,
        crate::assembly_api::cast_ballot,
        crate::assembly_api::issue_tickets,
        crate::assembly_api::phone_vote,
        crate::assembly_api::get_acta,
        crate::assembly_api::edit_notes,
        crate::assembly_api::sign_acta,
        crate::assembly_api::seal_acta,
        crate::assembly_api::verification,
        crate::assembly_api::resolutions
    ),
    components(schemas(Problem, ValidationProblem, ImportRejected)),
    modifiers(&SecuritySchemes),
    security(("bearer_token" = []), ("session_cookie" = [])),
    tags(
        (name = "register", description = "Bodies, their directivas and affiliations, and the padrón."),
        (name = "assemblies", description = "Assemblies: convocatorias, statutes, attendance and quorum, motions, \
            elections and resolutions."),
        (name = "votes", description = "Votes by show of hands, roll call, secret ballot and phone."),
        (name = "actas", description = "Actas: drafted from the records, signed, sealed in a chain, verified."),
        (name = "meta", description = "About the API itself."),
    ),
)]
pub struct ApiDoc;

/// The security schemes: they are not derived, so they are added here.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer_token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "`Authorization: Bearer <token>`. `cabildo token USERNAME --name NAME` creates a token \
                         with the roles of that account and prints it once.",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "session_cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                SESSION_COOKIE,
                "The session cookie set by signing in on the web pages. A write made with it must carry the \
                 session's CSRF token in the `X-CSRF-Token` header (the value of the forms' hidden `csrf` field).",
            ))),
        );
    }
}

// The shape `error.rs` writes (it builds the document itself, with `serde_json::json!`): the
// integration test `openapi` checks real refusals against this schema.
/// A refusal, as an RFC 7807 problem document (`application/problem+json`).
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "type": "urn:cabildo:problem:forbidden",
    "title": "You may not do this in Sindicato Villa Nueva (F2-C01-S01): ask the body's officers for a role.",
    "status": 403,
    "code": "forbidden"
}))]
pub struct Problem {
    /// `urn:cabildo:problem:` followed by `code`.
    #[serde(rename = "type")]
    #[schema(format = "uri")]
    problem_type: String,
    /// What went wrong, in plain words, in the language of `Accept-Language` (Spanish by default).
    title: String,
    /// The HTTP status code.
    status: u16,
    /// A stable code for programs: `sign_in_required`, `forbidden`, `unknown_body`,
    /// `unknown_household`, …
    code: String,
}

/// A string schema whose values are the given codes (and `null` when `nullable`). A field with
/// `schema_with` loses its doc comment: the description comes with the schema.
pub(crate) fn codes(description: &str, codes: impl IntoIterator<Item = &'static str>, nullable: bool) -> Object {
    let mut values: Vec<serde_json::Value> = codes.into_iter().map(Into::into).collect();
    let schema_type = if nullable {
        values.push(serde_json::Value::Null);
        SchemaType::from_iter([Type::String, Type::Null])
    } else {
        SchemaType::Type(Type::String)
    };
    ObjectBuilder::new().schema_type(schema_type).description(Some(description)).enum_values(Some(values)).build()
}

fn body_kinds() -> Object {
    codes("What kind of body it is.", BodyKind::ALL.map(BodyKind::code), false)
}

fn compositions() -> Object {
    let description = "Who its members are: households (through their parcels), individuals, delegates of member \
                       organisations, or anyone who comes.";
    codes(description, Composition::ALL.map(Composition::code), false)
}

fn affiliation_kinds() -> Object {
    // The match stops compiling when a kind is added: add it to the list too.
    let all = [AffiliationKind::Full, AffiliationKind::Observer];
    let codes_of = all.map(|k| match k {
        AffiliationKind::Full | AffiliationKind::Observer => k.code(),
    });
    codes("A full member, or an observer.", codes_of, false)
}

fn office_ends() -> Object {
    // The match stops compiling when a reason is added: add it to the list too.
    let all = [OfficeEnd::Term, OfficeEnd::Resignation, OfficeEnd::Recall];
    let codes_of = all.map(|r| match r {
        OfficeEnd::Term | OfficeEnd::Resignation | OfficeEnd::Recall => r.code(),
    });
    codes("Why the holder left office (end of term, resignation or recall); `null` while in office.", codes_of, true)
}

// Every field of the answers below is always written, `null` when there is nothing: the `Option`
// fields are marked `required` so that the schema says so (for utoipa, `Option` means "may be
// left out").

/// A body of the organisation: a confederation, federation, central, sindicato, council, …
#[derive(Serialize, ToSchema)]
pub struct Body {
    id: i64,
    /// The body it belongs to in the tree; `null` for a root.
    #[schema(required = true)]
    parent_id: Option<i64>,
    /// Its short code, unique ("F1-C01-S01").
    code: String,
    name: String,
    #[schema(schema_with = body_kinds)]
    kind: &'static str,
    #[schema(schema_with = compositions)]
    composition: &'static str,
    #[schema(format = Date)]
    created_on: String,
    /// When it was closed; `null` while it is open.
    #[schema(format = Date, required = true)]
    closed_on: Option<String>,
}

impl From<&domain::Body> for Body {
    fn from(b: &domain::Body) -> Self {
        Body {
            id: b.id.0,
            parent_id: b.parent_id.map(|p| p.0),
            code: b.code.clone(),
            name: b.name.clone(),
            kind: b.kind.code(),
            composition: b.composition.code(),
            created_on: b.created_on.to_string(),
            closed_on: b.closed_on.map(|d| d.to_string()),
        }
    }
}

/// One line of the tree: a body, how deep it is below the top the viewer sees, and its members.
#[derive(Serialize, ToSchema)]
pub struct TreeLine {
    #[serde(flatten)]
    body: Body,
    /// 0 for a top body the viewer sees, 1 for its sub-bodies, and so on.
    depth: usize,
    /// Members in the body's whole sub-tree.
    members: u64,
}

/// The bodies the viewer may see, parents first.
#[derive(Serialize, ToSchema)]
pub struct BodyList {
    bodies: Vec<TreeLine>,
}

/// A sub-body with its members.
#[derive(Serialize, ToSchema)]
pub struct Child {
    body: Body,
    /// Members in the sub-body's whole sub-tree.
    members: u64,
}

/// An office of the directiva, held or past.
#[derive(Serialize, ToSchema)]
pub struct Office {
    id: i64,
    /// "Secretario General", …
    title: String,
    /// The holder's full name.
    holder: String,
    #[schema(format = Date)]
    term_start: String,
    /// When the term is due to end, if known.
    #[schema(format = Date, required = true)]
    term_end: Option<String>,
    /// When the holder left office; `null` while in office.
    #[schema(format = Date, required = true)]
    ended_on: Option<String>,
    #[schema(schema_with = office_ends, required = true)]
    end_reason: Option<&'static str>,
}

/// An affiliation outside the tree: `member_id` belongs to `host_id`.
#[derive(Serialize, ToSchema)]
pub struct Affiliation {
    id: i64,
    member_id: i64,
    host_id: i64,
    /// The body at the other end of the affiliation.
    other: Body,
    #[schema(schema_with = affiliation_kinds)]
    kind: &'static str,
    #[schema(format = Date)]
    since: String,
    /// When it ended; `null` while it holds.
    #[schema(format = Date, required = true)]
    until: Option<String>,
}

/// A body with its place in the tree, sub-bodies, directiva and affiliations.
#[derive(Serialize, ToSchema)]
pub struct BodyOverview {
    body: Body,
    /// From the top of the tree down to the parent.
    ancestors: Vec<Body>,
    /// Members in the body's whole sub-tree.
    members: u64,
    children: Vec<Child>,
    offices: Vec<Office>,
    affiliations: Vec<Affiliation>,
}

/// A household as listed in the padrón: no ID number, no phone.
#[derive(Serialize, ToSchema)]
pub struct PadronHousehold {
    id: i64,
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

/// The person who represents a household.
#[derive(Serialize, ToSchema)]
pub struct Representative {
    given_names: String,
    first_surname: String,
    #[schema(required = true)]
    second_surname: Option<String>,
    /// Private: `null` unless the viewer may see contact data.
    #[schema(required = true)]
    id_number: Option<String>,
    /// Private: `null` unless the viewer may see contact data.
    #[schema(required = true)]
    phone: Option<String>,
}

/// A parcel of land, through which a family belongs to its sindicato.
#[derive(Serialize, ToSchema)]
pub struct Parcel {
    id: i64,
    /// The parcel's code, unique within its sindicato ("L-12").
    code: String,
    /// The area in square metres (1 ha = 10,000 m²).
    #[schema(required = true)]
    area_m2: Option<i64>,
    #[schema(required = true)]
    place: Option<String>,
    #[schema(required = true)]
    latitude: Option<f64>,
    #[schema(required = true)]
    longitude: Option<f64>,
}

/// A household with its representative and parcels.
#[derive(Serialize, ToSchema)]
pub struct Household {
    id: i64,
    /// The sindicato it belongs to.
    body_id: i64,
    /// The number the sindicato's own register gives the family ("N°"), when it keeps one.
    #[schema(required = true)]
    register_number: Option<String>,
    #[schema(format = Date, required = true)]
    affiliated_on: Option<String>,
    representative: Representative,
    parcels: Vec<Parcel>,
}

fn parcel_dto(p: domain::Parcel) -> Parcel {
    Parcel {
        id: p.id.0,
        code: p.code.as_str().to_string(),
        area_m2: p.area.map(|a| a.square_metres),
        place: p.place,
        latitude: p.coordinates.map(|c| c.latitude),
        longitude: p.coordinates.map(|c| c.longitude),
    }
}

fn household_dto(h: domain::Household, parcels: Vec<domain::Parcel>) -> Household {
    let person = h.representative;
    Household {
        id: h.id.0,
        body_id: h.body_id.0,
        register_number: h.register_number,
        affiliated_on: h.affiliated_on.map(|d| d.to_string()),
        representative: Representative {
            given_names: person.name.given_names,
            first_surname: person.name.first_surname,
            second_surname: person.name.second_surname,
            id_number: person.id_number,
            phone: person.phone,
        },
        parcels: parcels.into_iter().map(parcel_dto).collect(),
    }
}

fn office_dto(office: &domain::Office) -> Office {
    Office {
        id: office.id.0,
        title: office.title.clone(),
        holder: office.holder.display(),
        term_start: office.term_start.to_string(),
        term_end: office.term_end.map(|d| d.to_string()),
        ended_on: office.ended_on.map(|d| d.to_string()),
        end_reason: office.end_reason.map(|r| r.code()),
    }
}

pub(crate) fn fail(viewer: &Viewer, error: cabildo_services::ServiceError) -> Response {
    WebError::api(viewer.lang, error).into_response()
}

/// Every body the viewer may see
///
/// The tree below every body on which the viewer holds a role, parents first, with member counts
/// rolled up. Without credentials the list is empty.
#[utoipa::path(
    get,
    path = "/api/v1/bodies",
    operation_id = "list_bodies",
    tag = "register",
    security((), ("bearer_token" = []), ("session_cookie" = [])),
    responses(
        (status = 200, description = "The bodies the viewer may see.", body = BodyList),
        (status = 401, description = "The token or session is unknown, revoked or expired.", body = Problem,
            content_type = "application/problem+json"),
    ),
)]
async fn bodies(State(state): State<AppState>, viewer: Viewer) -> Response {
    let ctx = viewer.ctx.clone();
    match state.run(move |store| registry::tree_report(store, &ctx, None)).await {
        Ok(lines) => {
            let bodies = lines
                .iter()
                .map(|l| TreeLine { body: Body::from(&l.body), depth: l.depth, members: l.members })
                .collect();
            Json(BodyList { bodies }).into_response()
        }
        Err(e) => fail(&viewer, e),
    }
}

/// One body
///
/// Its place in the tree, sub-bodies with their members, directiva (current and past offices) and
/// affiliations.
#[utoipa::path(
    get,
    path = "/api/v1/bodies/{id}",
    operation_id = "get_body",
    tag = "register",
    params(("id" = i64, Path, description = "The body's number.")),
    responses(
        (status = 200, description = "The body.", body = BodyOverview),
        (status = 401, description = "Not signed in (`sign_in_required`), or the token or session is unknown.",
            body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The viewer holds no role that reaches this body (`forbidden`).",
            body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "There is no such body (`unknown_body`).", body = Problem,
            content_type = "application/problem+json"),
    ),
)]
async fn body(State(state): State<AppState>, viewer: Viewer, Path(id): Path<i64>) -> Response {
    let ctx = viewer.ctx.clone();
    match state.body_overview(&ctx, id).await {
        Ok(o) => Json(BodyOverview {
            body: Body::from(&o.body),
            ancestors: o.ancestors.iter().map(Body::from).collect(),
            members: o.members,
            children: o.children.iter().map(|(b, n)| Child { body: Body::from(b), members: *n }).collect(),
            offices: o.offices.iter().map(office_dto).collect(),
            affiliations: o
                .affiliations
                .iter()
                .map(|(a, other)| Affiliation {
                    id: a.id,
                    member_id: a.member_id.0,
                    host_id: a.host_id.0,
                    other: Body::from(other),
                    kind: a.kind.code(),
                    since: a.since.to_string(),
                    until: a.until.map(|d| d.to_string()),
                })
                .collect(),
        })
        .into_response(),
        Err(e) => fail(&viewer, e),
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct PadronQuery {
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

/// A page of a body's padrón
///
/// The households of a sindicato in the order of its register, searched by name or parcel code,
/// without ID numbers or phones.
#[utoipa::path(
    get,
    path = "/api/v1/bodies/{id}/padron",
    operation_id = "get_padron",
    tag = "register",
    params(("id" = i64, Path, description = "The body's number."), PadronQuery),
    responses(
        (status = 200, description = "The page.", body = Padron),
        (status = 401, description = "Not signed in (`sign_in_required`), or the token or session is unknown.",
            body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The viewer may not see this body's members (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "There is no such body (`unknown_body`).", body = Problem,
            content_type = "application/problem+json"),
    ),
)]
async fn padron(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(query): Query<PadronQuery>,
) -> Response {
    let ctx = viewer.ctx.clone();
    let page = query.page.unwrap_or(1).max(1);
    let per_page = query.per_page.unwrap_or(50).clamp(1, 500);
    let search = Some(query.q.trim().to_string()).filter(|s| !s.is_empty());
    let result = state.padron(&ctx, id, search, page - 1, per_page).await;
    match result {
        Ok(found) => Json(Padron {
            body: Body::from(&found.body),
            page,
            per_page,
            has_next: found.has_next,
            households: found
                .households
                .into_iter()
                .map(|h| PadronHousehold {
                    id: h.id.0,
                    register_number: h.register_number.clone(),
                    given_names: h.name.given_names.clone(),
                    first_surname: h.name.first_surname.clone(),
                    second_surname: h.name.second_surname.clone(),
                    parcels: h.parcel_codes.clone(),
                })
                .collect(),
        })
        .into_response(),
        Err(e) => fail(&viewer, e),
    }
}

/// One household
///
/// The household with its representative and parcels. The representative's ID number and phone
/// are `null` unless the viewer may see contact data.
#[utoipa::path(
    get,
    path = "/api/v1/households/{id}",
    operation_id = "get_household",
    tag = "register",
    params(("id" = i64, Path, description = "The household's number.")),
    responses(
        (status = 200, description = "The household.", body = Household),
        (status = 401, description = "Not signed in (`sign_in_required`), or the token or session is unknown.",
            body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The viewer may not see the members of its sindicato (`forbidden`).",
            body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "There is no such household (`unknown_household`).", body = Problem,
            content_type = "application/problem+json"),
    ),
)]
async fn household(State(state): State<AppState>, viewer: Viewer, Path(id): Path<i64>) -> Response {
    let ctx = viewer.ctx.clone();
    match state.run(move |store| registry::household_detail(store, &ctx, HouseholdId(id))).await {
        Ok((h, parcels)) => Json(household_dto(h, parcels)).into_response(),
        Err(e) => fail(&viewer, e),
    }
}

/// This document
///
/// The OpenAPI description of this API, generated from the code. Public.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    operation_id = "get_openapi",
    tag = "meta",
    security(()),
    responses((status = 200, description = "The OpenAPI document.", body = Object)),
)]
async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

// --- Writes ----------------------------------------------------------------------------------

impl Problem {
    pub(crate) fn new(status: StatusCode, code: &str, title: String) -> Problem {
        Problem {
            problem_type: format!("urn:cabildo:problem:{code}"),
            title,
            status: status.as_u16(),
            code: code.to_string(),
        }
    }
}

/// A problem document (with whatever it carries beyond the four fields) as an answer.
pub(crate) fn problem_response(status: StatusCode, document: &impl Serialize) -> Response {
    let body = match serde_json::to_string(document) {
        Ok(body) => body,
        Err(e) => return WebError::api(Lang::En, ServiceError::Internal(e.to_string())).into_response(),
    };
    let mut response = (status, body).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
    response
}

/// A write refused for its fields: a problem document whose `code` and `title` are those of the
/// first bad field, with every bad field named in `errors`. Nothing was written.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "type": "urn:cabildo:problem:required",
    "title": "The first surname is missing.",
    "status": 422,
    "code": "required",
    "errors": [
        {"field": "first_surname", "code": "required", "message": "The first surname is missing."},
        {"field": "area", "code": "bad_number", "message": "\"dos\" is not a number."}
    ]
}))]
pub struct ValidationProblem {
    #[serde(flatten)]
    problem: Problem,
    /// Every bad field, in the order of the request.
    errors: Vec<FieldProblem>,
}

/// One bad field of a write.
#[derive(Serialize, ToSchema)]
pub struct FieldProblem {
    /// The field, by its stable name: the request's own key (`given_names`, `first_surname`,
    /// `second_surname`, `id_number`, `phone`, `register_number`, `affiliated_on`, `place`,
    /// `latitude`, `longitude`, `term_start`, `term_end`, `composition`), except `body_name`,
    /// `body_code` and `body_kind` for a body's `name`, `code` and `kind`, `office_title` for an
    /// office's `title`, `parcel_code` for a parcel's `code` and `area` for `area_ha`.
    field: String,
    /// A stable code for programs: `required`, `too_long`, `invalid`, `bad_date`, `bad_number`,
    /// `out_of_range`, `unknown_body_kind`, `end_before_start`, …
    code: String,
    /// What is wrong, in the language of `Accept-Language`.
    message: String,
}

/// The fields of a write, checked one by one: every problem is kept, not only the first.
struct Checks {
    lang: Lang,
    errors: Vec<FieldProblem>,
}

impl Checks {
    fn new(lang: Lang) -> Checks {
        Checks { lang, errors: Vec::new() }
    }

    /// Notes a problem, under its domain field or else under `fallback`.
    fn add(&mut self, fallback: &'static str, error: DomainError) {
        let field = error.field().map_or(fallback, Field::id).to_string();
        let code = error.code().to_string();
        let message = text_of(self.lang, &ServiceError::Domain(error));
        self.errors.push(FieldProblem { field, code, message });
    }

    fn check<T>(
        &mut self,
        fallback: &'static str,
        value: &str,
        check: impl FnOnce(&str) -> Result<T, DomainError>,
    ) -> Option<T> {
        match check(value) {
            Ok(value) => Some(value),
            Err(e) => {
                self.add(fallback, e);
                None
            }
        }
    }

    /// The 422 answer naming every problem noted.
    fn refuse(self) -> Response {
        let (code, title) = match self.errors.first() {
            Some(first) => (first.code.clone(), first.message.clone()),
            None => ("invalid".to_string(), tr(self.lang, "web-error-refused", &[])),
        };
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        problem_response(
            status,
            &ValidationProblem { problem: Problem::new(status, &code, title), errors: self.errors },
        )
    }
}

/// A service's refusal of a write: a domain rule broken is about a field (`fallback` when the
/// rule names none), and answers 422 as bad fields do; the rest are plain problem documents.
pub(crate) fn refuse_write(viewer: &Viewer, error: ServiceError, fallback: &'static str) -> Response {
    match error {
        ServiceError::Domain(e) => {
            let mut checks = Checks::new(viewer.lang);
            checks.add(fallback, e);
            checks.refuse()
        }
        other if status_of(&other) == StatusCode::UNPROCESSABLE_ENTITY => {
            let mut checks = Checks::new(viewer.lang);
            let (code, message) = (other.message().id.to_string(), text_of(viewer.lang, &other));
            checks.errors.push(FieldProblem { field: fallback.to_string(), code, message });
            checks.refuse()
        }
        other => fail(viewer, other),
    }
}

/// What every write checks before reading its fields: someone is signed in, a write made with
/// the session cookie carries the session's CSRF token, and the body is JSON of the right shape.
/// (The refusal is boxed: a `Response` is large.)
pub(crate) fn admit<T>(
    viewer: &Viewer,
    headers: &HeaderMap,
    payload: Result<Json<T>, JsonRejection>,
) -> Result<T, Box<Response>> {
    if let Some(refused) = refuse_viewer(viewer, headers) {
        return Err(Box::new(refused));
    }
    match payload {
        Ok(Json(value)) => Ok(value),
        Err(rejection) => {
            let title = format!("{}: {}", tr(viewer.lang, "web-error-refused", &[]), rejection.body_text());
            let status = StatusCode::BAD_REQUEST;
            Err(Box::new(problem_response(status, &Problem::new(status, "bad_request", title))))
        }
    }
}

/// The refusal of a write by someone not signed in, or made with the session cookie without its
/// CSRF token.
pub(crate) fn refuse_viewer(viewer: &Viewer, headers: &HeaderMap) -> Option<Response> {
    if matches!(viewer.ctx.actor, Actor::Anonymous) {
        return Some(fail(viewer, ServiceError::SignInRequired));
    }
    // A bearer token cannot be sent by another site's page; a cookie can, but not a header.
    if viewer.session.is_some() {
        let sent = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
        if sent.is_none() || sent != viewer.csrf.as_deref() {
            return Some(fail(viewer, ServiceError::Forbidden { body: String::new() }));
        }
    }
    None
}

/// 201 Created, with where to find what was created.
pub(crate) fn created(location: Option<String>, value: impl Serialize) -> Response {
    let mut response = (StatusCode::CREATED, Json(value)).into_response();
    if let Some(location) = location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

fn optional(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("")
}

/// A number (`2.5`) or a text (`"2,5"`, `"1.234,5"`) as the text the domain parses.
fn decimal_text(value: &Option<serde_json::Value>) -> Result<String, DomainError> {
    match value {
        None | Some(serde_json::Value::Null) => Ok(String::new()),
        Some(serde_json::Value::String(s)) => Ok(s.clone()),
        Some(serde_json::Value::Number(n)) => Ok(n.to_string()),
        Some(other) => Err(DomainError::BadNumber { field: Field::Area, value: other.to_string() }),
    }
}

fn decimal_schema() -> Object {
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Number, Type::Null]))
        .description(Some(
            "The area in hectares, a number (`2.5`) or a text with a decimal comma or point (`\"2,5\"`, \
             `\"1.234,5\"`); at most four decimals.",
        ))
        .examples(["2,5"])
        .build()
}

fn optional_compositions() -> Object {
    let description = "Who its members are (households, individuals, member organisations, anyone who comes); \
                       `null` or left out: what its kind usually has.";
    codes(description, Composition::ALL.map(Composition::code), true)
}

/// A parcel's fields, checked.
fn parcel_data(checks: &mut Checks, parcel: &NewParcel) -> Option<ParcelData> {
    let code = checks.check("parcel_code", &parcel.code, ParcelCode::new);
    let area = match decimal_text(&parcel.area_ha) {
        Ok(text) => checks.check("area", &text, |v| {
            if v.trim().is_empty() {
                return Ok(None);
            }
            Area::from_square_metres(parse_decimal(Field::Area, v, 4)?).map(Some)
        }),
        Err(e) => {
            checks.add("area", e);
            None
        }
    };
    let place = checks.check("place", optional(&parcel.place), |v| text::optional(Field::Place, v, 120));
    let coordinates = match (parcel.latitude, parcel.longitude) {
        (None, None) => Some(None),
        (Some(latitude), Some(longitude)) => match Coordinates::new(latitude, longitude) {
            Ok(c) => Some(Some(c)),
            Err(e) => {
                checks.add("latitude", e);
                None
            }
        },
        (Some(_), None) => {
            checks.add("longitude", DomainError::Required { field: Field::Longitude });
            None
        }
        (None, Some(_)) => {
            checks.add("latitude", DomainError::Required { field: Field::Latitude });
            None
        }
    };
    Some(ParcelData { code: code?, area: area?, place: place?, coordinates: coordinates? })
}

/// A parcel to add: its code, unique within the sindicato, and what is known of it.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"code": "L-12", "area_ha": "2,5", "place": "Pampa Grande"}))]
pub struct NewParcel {
    /// The parcel's code, unique within its sindicato ("L-12").
    code: String,
    #[serde(default)]
    #[schema(schema_with = decimal_schema)]
    area_ha: Option<serde_json::Value>,
    #[serde(default)]
    place: Option<String>,
    /// WGS84 degrees, with `longitude`.
    #[serde(default)]
    latitude: Option<f64>,
    /// WGS84 degrees, with `latitude`.
    #[serde(default)]
    longitude: Option<f64>,
}

/// A family to register in a sindicato: its representative and its first parcel.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "given_names": "Rosa",
    "first_surname": "Flores",
    "second_surname": "Quispe",
    "affiliated_on": "2024-03-15",
    "parcel": {"code": "L-12", "area_ha": "2,5"}
}))]
pub struct NewHousehold {
    given_names: String,
    first_surname: String,
    #[serde(default)]
    second_surname: Option<String>,
    /// The representative's ID number (cédula), private.
    #[serde(default)]
    id_number: Option<String>,
    /// Private.
    #[serde(default)]
    phone: Option<String>,
    /// The number the sindicato's own register gives the family ("N°").
    #[serde(default)]
    register_number: Option<String>,
    /// `yyyy-mm-dd` or `dd/mm/yyyy`.
    #[serde(default)]
    affiliated_on: Option<String>,
    parcel: NewParcel,
}

/// A body to create below another.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Sindicato Nueva Esperanza", "kind": "sindicato"}))]
pub struct NewBody {
    name: String,
    /// Its short code, unique; left out: made from the parent's code.
    #[serde(default)]
    code: Option<String>,
    #[schema(schema_with = body_kinds)]
    kind: String,
    #[serde(default)]
    #[schema(schema_with = optional_compositions)]
    composition: Option<String>,
}

/// A body's new name.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Sindicato Nueva Esperanza Alta"}))]
pub struct BodyRename {
    name: String,
}

/// An office of the directiva given to a person for a term.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "title": "Secretario General",
    "given_names": "Inti",
    "first_surname": "Choque",
    "term_start": "2026-01-01",
    "term_end": "2027-12-31"
}))]
pub struct NewOffice {
    /// "Secretario General", …
    title: String,
    given_names: String,
    first_surname: String,
    #[serde(default)]
    second_surname: Option<String>,
    /// `yyyy-mm-dd` or `dd/mm/yyyy`.
    term_start: String,
    /// When the term is due to end, if known: `yyyy-mm-dd` or `dd/mm/yyyy`.
    #[serde(default)]
    term_end: Option<String>,
}

/// Rename a body
///
/// Gives a body a new name (its history keeps the old one). Needs the right to edit the register
/// of the body.
#[utoipa::path(
    patch,
    path = "/api/v1/bodies/{id}",
    operation_id = "rename_body",
    tag = "register",
    params(("id" = i64, Path, description = "The body's number.")),
    request_body = BodyRename,
    responses(
        (status = 200, description = "The body, renamed.", body = Body),
        (status = 400, description = "The request is not JSON of this shape (`bad_request`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 401, description = "Not signed in (`sign_in_required`), or the token or session is unknown.",
            body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The viewer may not edit this body (`forbidden`), or a write with the session \
            cookie lacks `X-CSRF-Token` (`forbidden_anywhere`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "There is no such body (`unknown_body`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "The body is closed (`body_closed`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 422, description = "The name is missing or too long; `errors` says so.", body = ValidationProblem,
            content_type = "application/problem+json"),
    ),
)]
async fn rename_body(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
    payload: Result<Json<BodyRename>, JsonRejection>,
) -> Response {
    let input = match admit(&viewer, &headers, payload) {
        Ok(input) => input,
        Err(refused) => return *refused,
    };
    let mut checks = Checks::new(viewer.lang);
    let Some(name) = checks.check("body_name", &input.name, domain::body::validate_name) else {
        return checks.refuse();
    };
    let ctx = viewer.ctx.clone();
    match state.run(move |store| registry::rename_body(store, &ctx, &id.to_string(), &name)).await {
        Ok(body) => Json(Body::from(&body)).into_response(),
        Err(e) => refuse_write(&viewer, e, "body_name"),
    }
}

/// Create a body below another
///
/// Creates a sub-body (a sindicato below a central, …) under an open body. Needs the right to edit
/// the register of the parent.
#[utoipa::path(
    post,
    path = "/api/v1/bodies/{id}/bodies",
    operation_id = "create_body",
    tag = "register",
    params(("id" = i64, Path, description = "The parent body's number.")),
    request_body = NewBody,
    responses(
        (status = 201, description = "The new body; `Location` is its address in this API.", body = Body,
            headers(("Location" = String, description = "`/api/v1/bodies/{id}` of the new body."))),
        (status = 400, description = "The request is not JSON of this shape (`bad_request`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 401, description = "Not signed in (`sign_in_required`), or the token or session is unknown.",
            body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The viewer may not edit the parent (`forbidden`), or a write with the session \
            cookie lacks `X-CSRF-Token` (`forbidden_anywhere`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "There is no such parent (`unknown_body`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "The code is taken (`duplicate_body_code`) or the parent is closed \
            (`body_closed`).", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad fields, every one named in `errors`.", body = ValidationProblem,
            content_type = "application/problem+json"),
    ),
)]
async fn create_body(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
    payload: Result<Json<NewBody>, JsonRejection>,
) -> Response {
    let input = match admit(&viewer, &headers, payload) {
        Ok(input) => input,
        Err(refused) => return *refused,
    };
    let mut checks = Checks::new(viewer.lang);
    let name = checks.check("body_name", &input.name, domain::body::validate_name);
    let code = checks.check("body_code", optional(&input.code), |v| {
        if v.trim().is_empty() { Ok(None) } else { domain::body::validate_code(v).map(Some) }
    });
    let kind = checks.check("body_kind", &input.kind, str::parse::<BodyKind>);
    let composition = checks.check("composition", optional(&input.composition), |v| {
        if v.is_empty() { Ok(None) } else { v.parse::<Composition>().map(Some) }
    });
    let (Some(name), Some(code), Some(kind), Some(composition)) = (name, code, kind, composition) else {
        return checks.refuse();
    };
    let form = BodyForm { parent: Some(id.to_string()), kind, composition, name, code };
    let ctx = viewer.ctx.clone();
    match state.run(move |store| registry::create_body(store, &ctx, &form)).await {
        Ok(body) => created(Some(format!("/api/v1/bodies/{}", body.id.0)), Body::from(&body)),
        Err(e) => refuse_write(&viewer, e, "body_name"),
    }
}

/// Register a household
///
/// Adds a family to a sindicato whose members are households: its representative and its first
/// parcel, in one transaction. Needs the right to edit the sindicato's register.
#[utoipa::path(
    post,
    path = "/api/v1/bodies/{id}/households",
    operation_id = "create_household",
    tag = "register",
    params(("id" = i64, Path, description = "The sindicato's number.")),
    request_body = NewHousehold,
    responses(
        (status = 201, description = "The new household; `Location` is its address in this API.", body = Household,
            headers(("Location" = String, description = "`/api/v1/households/{id}` of the new household."))),
        (status = 400, description = "The request is not JSON of this shape (`bad_request`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 401, description = "Not signed in (`sign_in_required`), or the token or session is unknown.",
            body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The viewer may not edit this sindicato's register (`forbidden`), or a write \
            with the session cookie lacks `X-CSRF-Token` (`forbidden_anywhere`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "There is no such body (`unknown_body`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "The parcel code is taken in this sindicato (`duplicate_parcel_code`), the \
            body is closed (`body_closed`) or its members are not households (`not_household_body`).",
            body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad fields, every one named in `errors`; nothing was written.",
            body = ValidationProblem, content_type = "application/problem+json"),
    ),
)]
async fn create_household(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
    payload: Result<Json<NewHousehold>, JsonRejection>,
) -> Response {
    let input = match admit(&viewer, &headers, payload) {
        Ok(input) => input,
        Err(refused) => return *refused,
    };
    let mut checks = Checks::new(viewer.lang);
    let given = checks.check("given_names", &input.given_names, |v| text::required(Field::GivenNames, v, 100));
    let first = checks.check("first_surname", &input.first_surname, |v| text::required(Field::FirstSurname, v, 100));
    let second = checks
        .check("second_surname", optional(&input.second_surname), |v| text::optional(Field::SecondSurname, v, 100));
    let id_number = checks.check("id_number", optional(&input.id_number), validate_id_number);
    let phone = checks.check("phone", optional(&input.phone), validate_phone);
    let register_number = checks
        .check("register_number", optional(&input.register_number), |v| text::optional(Field::RegisterNumber, v, 20));
    let affiliated_on =
        checks.check("affiliated_on", optional(&input.affiliated_on), |v| parse_optional_date(Field::AffiliatedOn, v));
    let parcel = parcel_data(&mut checks, &input.parcel);
    let (
        Some(given),
        Some(first),
        Some(second),
        Some(id_number),
        Some(phone),
        Some(register_number),
        Some(affiliated_on),
        Some(parcel),
    ) = (given, first, second, id_number, phone, register_number, affiliated_on, parcel)
    else {
        return checks.refuse();
    };
    let name = PersonName { given_names: given, first_surname: first, second_surname: second };
    let person = PersonData { name, id_number, phone };
    let household = HouseholdData { register_number, affiliated_on };
    let ctx = viewer.ctx.clone();
    let result = state
        .run(move |store| {
            let new = registry::add_household(store, &ctx, &id.to_string(), &person, &household, &[parcel])?;
            registry::household_detail(store, &ctx, new)
        })
        .await;
    match result {
        Ok((h, parcels)) => created(Some(format!("/api/v1/households/{}", h.id.0)), household_dto(h, parcels)),
        Err(e) => refuse_write(&viewer, e, "parcel_code"),
    }
}

/// Add a parcel to a household
///
/// The parcel belongs to the household's sindicato; its code must be new there. Needs the right
/// to edit the sindicato's register.
#[utoipa::path(
    post,
    path = "/api/v1/households/{id}/parcels",
    operation_id = "create_parcel",
    tag = "register",
    params(("id" = i64, Path, description = "The household's number.")),
    request_body = NewParcel,
    responses(
        (status = 201, description = "The new parcel.", body = Parcel),
        (status = 400, description = "The request is not JSON of this shape (`bad_request`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 401, description = "Not signed in (`sign_in_required`), or the token or session is unknown.",
            body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The viewer may not edit this sindicato's register (`forbidden`), or a write \
            with the session cookie lacks `X-CSRF-Token` (`forbidden_anywhere`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "There is no such household (`unknown_household`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "The parcel code is taken in this sindicato (`duplicate_parcel_code`) or the \
            sindicato is closed (`body_closed`).", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad fields, every one named in `errors`.", body = ValidationProblem,
            content_type = "application/problem+json"),
    ),
)]
async fn create_parcel(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
    payload: Result<Json<NewParcel>, JsonRejection>,
) -> Response {
    let input = match admit(&viewer, &headers, payload) {
        Ok(input) => input,
        Err(refused) => return *refused,
    };
    let mut checks = Checks::new(viewer.lang);
    let Some(parcel) = parcel_data(&mut checks, &input) else {
        return checks.refuse();
    };
    let ctx = viewer.ctx.clone();
    match state.run(move |store| registry::add_parcel(store, &ctx, HouseholdId(id), &parcel)).await {
        Ok(parcel) => created(None, parcel_dto(parcel)),
        Err(e) => refuse_write(&viewer, e, "parcel_code"),
    }
}

/// Add an office to a directiva
///
/// Gives an office of a body's directiva to a person for a term. Needs the right to edit the
/// body's register.
#[utoipa::path(
    post,
    path = "/api/v1/bodies/{id}/offices",
    operation_id = "create_office",
    tag = "register",
    params(("id" = i64, Path, description = "The body's number.")),
    request_body = NewOffice,
    responses(
        (status = 201, description = "The new office.", body = Office),
        (status = 400, description = "The request is not JSON of this shape (`bad_request`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 401, description = "Not signed in (`sign_in_required`), or the token or session is unknown.",
            body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The viewer may not edit this body (`forbidden`), or a write with the session \
            cookie lacks `X-CSRF-Token` (`forbidden_anywhere`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "There is no such body (`unknown_body`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "The body is closed (`body_closed`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 422, description = "Bad fields (a term that ends before it starts is a bad `term_end`), every one \
            named in `errors`.", body = ValidationProblem, content_type = "application/problem+json"),
    ),
)]
async fn create_office(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
    payload: Result<Json<NewOffice>, JsonRejection>,
) -> Response {
    let input = match admit(&viewer, &headers, payload) {
        Ok(input) => input,
        Err(refused) => return *refused,
    };
    let mut checks = Checks::new(viewer.lang);
    let title = checks.check("office_title", &input.title, |v| text::required(Field::OfficeTitle, v, 100));
    let given = checks.check("given_names", &input.given_names, |v| text::required(Field::GivenNames, v, 100));
    let first = checks.check("first_surname", &input.first_surname, |v| text::required(Field::FirstSurname, v, 100));
    let second = checks
        .check("second_surname", optional(&input.second_surname), |v| text::optional(Field::SecondSurname, v, 100));
    let start = checks.check("term_start", &input.term_start, |v| parse_date(Field::TermStart, v));
    let end = checks.check("term_end", optional(&input.term_end), |v| parse_optional_date(Field::TermEnd, v));
    let (Some(title), Some(given), Some(first), Some(second), Some(start), Some(end)) =
        (title, given, first, second, start, end)
    else {
        return checks.refuse();
    };
    let office = match domain::NewOffice::new(&title, start, end) {
        Ok(office) => office,
        Err(e) => {
            checks.add("term_end", e);
            return checks.refuse();
        }
    };
    let holder = PersonData {
        name: PersonName { given_names: given, first_surname: first, second_surname: second },
        id_number: None,
        phone: None,
    };
    let ctx = viewer.ctx.clone();
    match state.run(move |store| registry::add_office(store, &ctx, &id.to_string(), &holder, &office)).await {
        Ok(office) => created(None, office_dto(&office)),
        Err(e) => refuse_write(&viewer, e, "office_title"),
    }
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

/// A refused import: nothing was written. `problems` names every problem of every bad row
/// (empty when the file is refused as a whole: its header, its encoding).
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "type": "urn:cabildo:problem:import_rejected",
    "title": "1 rows with errors; nothing was imported. Fix the file and import it again.",
    "status": 422,
    "code": "import_rejected",
    "problems": [
        {"line": 3, "column": "Socio", "value": "Pedro", "code": "required",
         "message": "The first surname is missing."}
    ]
}))]
pub struct ImportRejected {
    #[serde(flatten)]
    problem: Problem,
    problems: Vec<ImportProblem>,
}

/// One problem of one row of a padrón file.
#[derive(Serialize, ToSchema)]
pub struct ImportProblem {
    /// The line of the file, from 1 (the header is a line).
    line: u64,
    /// The column's header as the file writes it, when the problem is in one cell.
    #[schema(required = true)]
    column: Option<String>,
    /// The cell's value (or the line's, when the problem is not in one cell).
    value: String,
    /// A stable code for programs: `required`, `bad_number`, `duplicate_parcel_in_file`, …
    code: String,
    /// What to fix, in the language of `Accept-Language`.
    message: String,
}

/// A temporary copy of an uploaded file, removed when dropped.
struct Upload(std::path::PathBuf);

impl Drop for Upload {
    fn drop(&mut self) {
        drop(std::fs::remove_file(&self.0));
    }
}

/// Import a padrón file
///
/// The request body is the file itself (CSV in any usual encoding and separator, as spreadsheets
/// save it). All or nothing: if any row is bad, every bad row is named and nothing is written.
/// Importing the same file twice changes nothing. Needs the right to edit the sindicato's
/// register (or, for a file with a Sindicato column, the register of each sindicato it names).
#[utoipa::path(
    post,
    path = "/api/v1/bodies/{id}/import",
    operation_id = "import_padron",
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
        (status = 401, description = "Not signed in (`sign_in_required`), or the token or session is unknown.",
            body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The viewer may not edit this register (`forbidden`), or a write with the \
            session cookie lacks `X-CSRF-Token` (`forbidden_anywhere`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "There is no such body (`unknown_body`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "The body is closed (`body_closed`) or its members are not households \
            (`not_household_body`).", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Nothing was imported: every bad row is named in `problems` \
            (`import_rejected`), or the file cannot be read as a padrón (its header, its encoding).",
            body = ImportRejected, content_type = "application/problem+json"),
    ),
)]
async fn import(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(query): Query<Vec<(String, String)>>,
    file: Bytes,
) -> Response {
    if let Some(refused) = refuse_viewer(&viewer, &headers) {
        return refused;
    }
    let mappings: Vec<String> = query
        .into_iter()
        .filter(|(key, value)| key == "map" && !value.trim().is_empty())
        .map(|(_, value)| value.trim().to_string())
        .collect();
    let (now, _) = state.now();
    let upload = Upload(std::env::temp_dir().join(format!(
        "cabildo-api-import-{}-{now}-{id}-{}.csv",
        std::process::id(),
        unique()
    )));
    let path = upload.0.clone();
    let ctx = viewer.ctx.clone();
    let result = state
        .run(move |store| {
            if let Err(e) = std::fs::write(&path, &file) {
                let reason = e.to_string();
                return Ok(Err(ImportError::Service(ServiceError::Unwritable {
                    path: path.display().to_string(),
                    reason,
                })));
            }
            Ok(import_file(store, &ctx, &path, &id.to_string(), &mappings, &|_| {}))
        })
        .await
        .unwrap_or_else(|e| Err(ImportError::Service(e)));
    drop(upload);
    let lang = viewer.lang;
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    match result {
        Ok(report) => Json(ImportSummary {
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
        .into_response(),
        Err(ImportError::Rejected { problems, bad_rows, .. }) => {
            let title = tr(lang, "cli-import-rejected", &[("total", lang.count(bad_rows))]);
            let problems = problems
                .into_iter()
                .map(|p| ImportProblem {
                    line: p.line,
                    column: p.column,
                    value: p.value,
                    code: p.error.message().id.to_string(),
                    message: text_of(lang, &p.error),
                })
                .collect();
            problem_response(
                status,
                &ImportRejected { problem: Problem::new(status, "import_rejected", title), problems },
            )
        }
        Err(ImportError::Service(e)) if status_of(&e) == status => {
            let problem = Problem::new(status, e.message().id, text_of(lang, &e));
            problem_response(status, &ImportRejected { problem, problems: Vec::new() })
        }
        Err(ImportError::Service(e)) => fail(&viewer, e),
    }
}

/// A number no other upload of this process has.
fn unique() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}
