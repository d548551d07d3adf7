//! The register in JSON: bodies, their directivas and affiliations, households and parcels.
//! The writes read what they are given with the domain's `input` readers, as the page forms and
//! the command line do, then call the same service (which checks permissions and writes the
//! audit trail). Bad fields answer 422 with every one of them named.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::response::{IntoResponse, Response};
use cabildo_domain::input::{
    BodyText, HouseholdText, NameText, NewHouseholdText, OfficeText, ParcelText, PersonText, Problems,
};
use cabildo_domain::{self as domain, HouseholdId};
use cabildo_i18n::Lang;
use cabildo_services::registry::{self, BodyForm};
use utoipa::IntoResponses;

use super::dto::*;
use crate::http::dto::{Body, BodyNumber, HouseholdNumber};
use crate::http::problem::{Problem, ValidationProblem};
use crate::http::respond::created;
use crate::http::responses::{BadFields, BadJson, BodyClosed, UnknownBody, UnknownCredentials, UnknownHousehold};
use crate::http::{Api, ApiResult, Fields, Path, WebError};

/// 403: the viewer may not edit the body, or a write with the session cookie lacks its token.
#[derive(IntoResponses)]
#[response(
    status = 403,
    description = "The viewer may not edit this body (`forbidden`), or a write with the session cookie lacks \
                   `X-CSRF-Token` (`forbidden_anywhere`).",
    content_type = "application/problem+json"
)]
struct MayNotEditBody(#[expect(dead_code, reason = "it only describes the answer in the OpenAPI document")] Problem);

/// 403: the viewer may not edit the sindicato's register, or a write with the session cookie lacks
/// its token.
#[derive(IntoResponses)]
#[response(
    status = 403,
    description = "The viewer may not edit this sindicato's register (`forbidden`), or a write with the session \
                   cookie lacks `X-CSRF-Token` (`forbidden_anywhere`).",
    content_type = "application/problem+json"
)]
struct MayNotEditRegister(
    #[expect(dead_code, reason = "it only describes the answer in the OpenAPI document")] Problem,
);

/// What was read, or the 422 naming every problem.
fn read<T>(lang: Lang, read: Result<T, Problems>) -> Result<T, WebError> {
    read.map_err(|problems| {
        let mut fields = Fields::blank(lang);
        fields.problems(problems);
        fields.refusal()
    })
}

/// A number (`2.5`) or a text (`"2,5"`, `"1.234,5"`) as the text the domain reads.
fn decimal_text(value: &Option<serde_json::Value>) -> String {
    match value {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// A parcel of a request, as the domain reads parcels.
fn parcel_text(parcel: &NewParcel) -> ParcelText {
    let degrees = |v: Option<f64>| v.map(|d| d.to_string()).unwrap_or_default();
    ParcelText {
        code: parcel.code.clone(),
        area: decimal_text(&parcel.area_ha),
        place: parcel.place.clone().unwrap_or_default(),
        latitude: degrees(parcel.latitude),
        longitude: degrees(parcel.longitude),
    }
}

/// Every body the viewer may see
///
/// The tree below every body on which the viewer holds a role, parents first, with member counts
/// rolled up. Without credentials the list is empty.
#[utoipa::path(
    get, path = "/api/v1/bodies",
    tag = "register",
    security((), ("bearer_token" = []), ("session_cookie" = [])),
    responses(
        (status = 200, description = "The bodies the viewer may see.", body = BodyList),
        (status = 401, description = "The token or session is unknown, revoked or expired.", body = Problem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn list_bodies(api: Api) -> Result<Response, WebError> {
    let lines = api.run(move |store, ctx| registry::tree_report(store, ctx, None)).await?;
    let bodies =
        lines.iter().map(|l| TreeLine { body: Body::from(&l.body), depth: l.depth, members: l.members }).collect();
    Ok(Json(BodyList { bodies }).into_response())
}

/// One body
///
/// Its place in the tree, sub-bodies with their members, directiva (current and past offices) and
/// affiliations.
#[utoipa::path(
    get, path = "/api/v1/bodies/{id}",
    tag = "register",
    params(BodyNumber),
    responses(
        (status = 200, description = "The body.", body = BodyOverview),
        UnknownCredentials,
        (status = 403, description = "The viewer holds no role that reaches this body (`forbidden`).",
            body = Problem, content_type = "application/problem+json"),
        UnknownBody,
    ),
)]
pub(super) async fn get_body(api: Api, Path(id): Path<i64>) -> Result<Response, WebError> {
    let o = super::reads::body_overview(&api.state, &api.viewer.ctx, id).await.api(&api.viewer)?;
    Ok(Json(BodyOverview {
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
    .into_response())
}

/// One household
///
/// The household with its representative and parcels. The representative's ID number and phone
/// are `null` unless the viewer may see contact data.
#[utoipa::path(
    get, path = "/api/v1/households/{id}",
    tag = "register",
    params(HouseholdNumber),
    responses(
        (status = 200, description = "The household.", body = Household),
        UnknownCredentials,
        (status = 403, description = "The viewer may not see the members of its sindicato (`forbidden`).",
            body = Problem, content_type = "application/problem+json"),
        UnknownHousehold,
    ),
)]
pub(super) async fn get_household(api: Api, Path(id): Path<i64>) -> Result<Response, WebError> {
    let (h, parcels) = api.run(move |store, ctx| registry::household_detail(store, ctx, HouseholdId(id))).await?;
    Ok(Json(household_dto(h, parcels)).into_response())
}

/// Rename a body
///
/// Gives a body a new name (its history keeps the old one). Needs the right to edit the register
/// of the body.
#[utoipa::path(
    patch, path = "/api/v1/bodies/{id}",
    tag = "register",
    params(BodyNumber),
    request_body = BodyRename,
    responses(
        (status = 200, description = "The body, renamed.", body = Body),
        BadJson,
        UnknownCredentials,
        MayNotEditBody,
        UnknownBody,
        BodyClosed,
        (status = 422, description = "The name is missing or too long; `errors` says so.", body = ValidationProblem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn rename_body(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<BodyRename>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let mut fields = Fields::blank(api.lang());
    let Some(name) = fields.check_value("body_name", &input.name, domain::body::validate_name) else {
        return Err(fields.refusal());
    };
    let body =
        api.write("body_name", move |store, ctx| registry::rename_body(store, ctx, &id.to_string(), &name)).await?;
    Ok(Json(Body::from(&body)).into_response())
}

/// Create a body below another
///
/// Creates a sub-body (a sindicato below a central, …) under an open body. Needs the right to edit
/// the register of the parent.
#[utoipa::path(
    post, path = "/api/v1/bodies/{id}/bodies",
    tag = "register",
    params(("id" = i64, Path, description = "The parent body's number.")),
    request_body = NewBody,
    responses(
        (status = 201, description = "The new body; `Location` is its address in this API.", body = Body,
            headers(("Location" = String, description = "`/api/v1/bodies/{id}` of the new body."))),
        BadJson,
        UnknownCredentials,
        (status = 403, description = "The viewer may not edit the parent (`forbidden`), or a write with the session \
            cookie lacks `X-CSRF-Token` (`forbidden_anywhere`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "There is no such parent (`unknown_body`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "The code is taken (`duplicate_body_code`) or the parent is closed \
            (`body_closed`).", body = Problem, content_type = "application/problem+json"),
        BadFields,
    ),
)]
pub(super) async fn create_body(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<NewBody>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let text = BodyText {
        name: input.name,
        code: input.code.unwrap_or_default(),
        kind: input.kind,
        composition: input.composition.unwrap_or_default(),
    };
    let read = read(api.lang(), text.parse())?;
    let form = BodyForm::below(id.to_string(), read);
    let body = api.write("body_name", move |store, ctx| registry::create_body(store, ctx, &form)).await?;
    Ok(created(Some(format!("/api/v1/bodies/{}", body.id.0)), Body::from(&body)))
}

/// Register a household
///
/// Adds a family to a sindicato whose members are households: its representative and its first
/// parcel, in one transaction. Needs the right to edit the sindicato's register.
#[utoipa::path(
    post, path = "/api/v1/bodies/{id}/households",
    tag = "register",
    params(("id" = i64, Path, description = "The sindicato's number.")),
    request_body = NewHousehold,
    responses(
        (status = 201, description = "The new household; `Location` is its address in this API.", body = Household,
            headers(("Location" = String, description = "`/api/v1/households/{id}` of the new household."))),
        BadJson,
        UnknownCredentials,
        MayNotEditRegister,
        UnknownBody,
        (status = 409, description = "The parcel code is taken in this sindicato (`duplicate_parcel_code`), the \
            body is closed (`body_closed`) or its members are not households (`not_household_body`).",
            body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad fields, every one named in `errors`; nothing was written.",
            body = ValidationProblem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn create_household(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<NewHousehold>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let text = NewHouseholdText {
        household: HouseholdText {
            person: PersonText {
                name: NameText {
                    given_names: input.given_names,
                    first_surname: input.first_surname,
                    second_surname: input.second_surname.unwrap_or_default(),
                },
                id_number: input.id_number.unwrap_or_default(),
                phone: input.phone.unwrap_or_default(),
            },
            register_number: input.register_number.unwrap_or_default(),
            affiliated_on: input.affiliated_on.unwrap_or_default(),
        },
        parcel: parcel_text(&input.parcel),
    };
    let (person, household, parcel) = read(api.lang(), text.parse())?;
    let (h, parcels) = api
        .write("parcel_code", move |store, ctx| {
            let new = registry::add_household(store, ctx, &id.to_string(), &person, &household, &[parcel])?;
            registry::household_detail(store, ctx, new)
        })
        .await?;
    Ok(created(Some(format!("/api/v1/households/{}", h.id.0)), household_dto(h, parcels)))
}

/// Add a parcel to a household
///
/// The parcel belongs to the household's sindicato; its code must be new there. Needs the right
/// to edit the sindicato's register.
#[utoipa::path(
    post, path = "/api/v1/households/{id}/parcels",
    tag = "register",
    params(HouseholdNumber),
    request_body = NewParcel,
    responses(
        (status = 201, description = "The new parcel.", body = Parcel),
        BadJson,
        UnknownCredentials,
        MayNotEditRegister,
        UnknownHousehold,
        (status = 409, description = "The parcel code is taken in this sindicato (`duplicate_parcel_code`) or the \
            sindicato is closed (`body_closed`).", body = Problem, content_type = "application/problem+json"),
        BadFields,
    ),
)]
pub(super) async fn create_parcel(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<NewParcel>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let parcel = read(api.lang(), parcel_text(&input).parse())?;
    let parcel =
        api.write("parcel_code", move |store, ctx| registry::add_parcel(store, ctx, HouseholdId(id), &parcel)).await?;
    Ok(created(None, parcel_dto(parcel)))
}

/// Add an office to a directiva
///
/// Gives an office of a body's directiva to a person for a term. Needs the right to edit the
/// body's register.
#[utoipa::path(
    post, path = "/api/v1/bodies/{id}/offices",
    tag = "register",
    params(BodyNumber),
    request_body = NewOffice,
    responses(
        (status = 201, description = "The new office.", body = Office),
        BadJson,
        UnknownCredentials,
        MayNotEditBody,
        UnknownBody,
        BodyClosed,
        (status = 422, description = "Bad fields (a term that ends before it starts is a bad `term_end`), every one \
            named in `errors`.", body = ValidationProblem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn create_office(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<NewOffice>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let text = OfficeText {
        title: input.title,
        holder: NameText {
            given_names: input.given_names,
            first_surname: input.first_surname,
            second_surname: input.second_surname.unwrap_or_default(),
        },
        term_start: input.term_start,
        term_end: input.term_end.unwrap_or_default(),
    };
    let (holder, office) = read(api.lang(), text.parse())?;
    let office = api
        .write("office_title", move |store, ctx| registry::add_office(store, ctx, &id.to_string(), &holder, &office))
        .await?;
    Ok(created(None, office_dto(&office)))
}
