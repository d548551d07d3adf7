//! The JSON API under `/api/v1`: what the pages show, for programs. Authentication by bearer
//! token (`cabildo token`) or the session cookie; errors are RFC 7807 problem documents.
//!
//! The OpenAPI document at `/api/v1/openapi.json` is generated from this module: the answers are
//! typed structs that derive both `Serialize` and `ToSchema`, and every handler carries a
//! `#[utoipa::path]` that names its parameters and answers. A handler added to [`routes`] must be
//! added to [`ApiDoc`] too (the integration test `openapi` checks that every route is there).

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use cabildo_domain::{self as domain, AffiliationKind, BodyKind, Composition, HouseholdId, OfficeEnd};
use cabildo_services::registry;
use serde::{Deserialize, Serialize};
use utoipa::openapi::schema::{Object, ObjectBuilder, SchemaType, Type};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{IntoParams, Modify, OpenApi, ToSchema};

use crate::AppState;
use crate::error::WebError;
use crate::viewer::{SESSION_COOKIE, Viewer};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/bodies", get(bodies))
        .route("/bodies/{id}", get(body))
        .route("/bodies/{id}/padron", get(padron))
        .route("/households/{id}", get(household))
        .route("/openapi.json", get(openapi_json))
}

/// The OpenAPI document of this API, generated from the handlers and types below.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Cabildo API",
        version = env!("CARGO_PKG_VERSION"),
        description = "The register of a federated organisation (bodies, their directivas and affiliations, \
                       the padrón of households), read-only, as the viewer's roles allow.\n\n\
                       Authenticate with `Authorization: Bearer <token>` (a token is printed once by \
                       `cabildo token USERNAME`) or with the session cookie of the web pages. Errors are \
                       RFC 7807 problem documents (`application/problem+json`) with a stable `code`; their \
                       `title` follows the `Accept-Language` header (Spanish by default).",
        license(name = "AGPL-3.0-or-later", url = "https://www.gnu.org/licenses/agpl-3.0.html"),
    ),
    paths(bodies, body, padron, household, openapi_json),
    components(schemas(Problem)),
    modifiers(&SecuritySchemes),
    security(("bearer_token" = []), ("session_cookie" = [])),
    tags(
        (name = "register", description = "Bodies, their directivas and affiliations, and the padrón."),
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
                "The session cookie set by signing in on the web pages.",
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
fn codes(description: &str, codes: impl IntoIterator<Item = &'static str>, nullable: bool) -> Object {
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

fn fail(viewer: &Viewer, error: cabildo_services::ServiceError) -> Response {
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
    match state.run(move |store| registry::body_overview(store, &ctx, &id.to_string())).await {
        Ok(o) => Json(BodyOverview {
            body: Body::from(&o.body),
            ancestors: o.ancestors.iter().map(Body::from).collect(),
            members: o.members,
            children: o.children.iter().map(|(b, n)| Child { body: Body::from(b), members: *n }).collect(),
            offices: o
                .offices
                .iter()
                .map(|office| Office {
                    id: office.id.0,
                    title: office.title.clone(),
                    holder: office.holder.display(),
                    term_start: office.term_start.to_string(),
                    term_end: office.term_end.map(|d| d.to_string()),
                    ended_on: office.ended_on.map(|d| d.to_string()),
                    end_reason: office.end_reason.map(|r| r.code()),
                })
                .collect(),
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
    let search = query.q.trim().to_string();
    let result = state
        .run(move |store| {
            let search = Some(search.as_str()).filter(|s| !s.is_empty());
            registry::padron(store, &ctx, &id.to_string(), search, page - 1, per_page)
        })
        .await;
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
                    register_number: h.register_number,
                    given_names: h.name.given_names,
                    first_surname: h.name.first_surname,
                    second_surname: h.name.second_surname,
                    parcels: h.parcel_codes,
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
        Ok((h, parcels)) => {
            let person = h.representative;
            Json(Household {
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
                parcels: parcels
                    .into_iter()
                    .map(|p| Parcel {
                        id: p.id.0,
                        code: p.code.as_str().to_string(),
                        area_m2: p.area.map(|a| a.square_metres),
                        place: p.place,
                        latitude: p.coordinates.map(|c| c.latitude),
                        longitude: p.coordinates.map(|c| c.longitude),
                    })
                    .collect(),
            })
            .into_response()
        }
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
