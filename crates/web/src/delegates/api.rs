//! Delegates in JSON: an assembly's seats and declaring them, a delegation, putting one of its
//! seats to election, its credentials with their codes, admitting a delegate by code, and the
//! statute's weighting flag.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::response::{IntoResponse, Response};
use cabildo_domain::assembly::AssemblyId;
use cabildo_domain::delegates::SeatRole;
use cabildo_domain::{Field, PersonId};
use cabildo_services::delegates::{
    self, CredentialRecord, DelegateElectionForm, Delegation as DelegationFound, DelegationRecord, SeatForm, Seats,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::http::dto::{AssemblyNumber, Body, BodyNumber};
use crate::http::problem::{Problem, ValidationProblem};
use crate::http::respond::created;
use crate::http::responses::{BadJson, ReadBody, RunAssembly, SignInRequired, UnknownCredentials};
use crate::http::{Api, Fields, Path, WebError};

/// A delegation's seats: of which sub-body, its members on the register date, its seats.
#[derive(Serialize, ToSchema)]
pub struct DelegationDto {
    id: i64,
    assembly_id: i64,
    body_id: i64,
    body_code: String,
    body_name: String,
    members: u64,
    seats: u32,
    /// An observer organisation's delegates attend and speak, but do not vote.
    observer: bool,
    /// The affiliation it sits by (a member organisation of a council), if any.
    #[schema(required = true)]
    affiliation_id: Option<i64>,
    /// When its affiliation ended, and with it its seats and credentials.
    #[schema(format = Date, required = true)]
    ended_on: Option<String>,
}

fn delegation_dto(d: &DelegationRecord) -> DelegationDto {
    DelegationDto {
        id: d.id,
        assembly_id: d.assembly_id.0,
        body_id: d.body_id.0,
        body_code: d.body_code.clone(),
        body_name: d.body_name.clone(),
        members: d.members,
        seats: d.seats,
        observer: d.observer,
        affiliation_id: d.affiliation_id,
        ended_on: d.ended_on.map(|d| d.to_string()),
    }
}

/// A credential issued by the election of a seat (its code only where said).
#[derive(Serialize, ToSchema)]
pub struct CredentialDto {
    id: i64,
    delegation_id: i64,
    seat: u32,
    /// `holder` or `alternate`.
    role: &'static str,
    person_id: i64,
    name: String,
    /// The election that issued it.
    #[schema(required = true)]
    motion_id: Option<i64>,
    #[schema(format = Date, required = true)]
    revoked_on: Option<String>,
    /// Whether it was used at the door.
    admitted: bool,
    /// The printed code: only in the credentials' list, to those who print them.
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<String>,
}

fn credential_dto(c: &CredentialRecord, code: Option<String>) -> CredentialDto {
    CredentialDto {
        id: c.id,
        delegation_id: c.delegation_id,
        seat: c.seat,
        role: c.role.code(),
        person_id: c.person_id.0,
        name: c.name.display(),
        motion_id: c.motion_id.map(|m| m.0),
        revoked_on: c.revoked_on.map(|d| d.to_string()),
        admitted: c.used_at.is_some(),
        code,
    }
}

/// What an assembly declared.
#[derive(Serialize, ToSchema)]
pub struct SeatPlanDto {
    /// `fixed` (seats per sub-body) or `per_members` (one seat per `number` members or fraction).
    rule: &'static str,
    number: u32,
    alternates: bool,
    #[schema(format = Date)]
    register_on: String,
    /// Each delegation's roll-call votes are weighed by its members (the statute's flag).
    weighted: bool,
}

#[derive(Serialize, ToSchema)]
pub struct SeatsDto {
    assembly_id: i64,
    body: Body,
    /// `null` until declared.
    #[schema(required = true)]
    plan: Option<SeatPlanDto>,
    /// Seats of voting delegations still standing: the quorum's base.
    voting_seats: u64,
    delegations: Vec<DelegationDto>,
}

fn seats_dto(s: &Seats) -> SeatsDto {
    SeatsDto {
        assembly_id: s.assembly.id.0,
        body: Body::from(&s.body),
        plan: s.plan.as_ref().map(|p| SeatPlanDto {
            rule: p.rule.code(),
            number: p.rule.number(),
            alternates: p.alternates,
            register_on: p.register_on.to_string(),
            weighted: p.weighted,
        }),
        voting_seats: s.voting_seats(),
        delegations: s.delegations.iter().map(|d| delegation_dto(&d.delegation)).collect(),
    }
}

/// An assembly's seats
///
/// The plan and each delegation (who holds each seat is the delegation's: `GET /delegations/{id}`).
#[utoipa::path(
    get, path = "/api/v1/assemblies/{id}/seats",
    tag = "delegates",
    params(AssemblyNumber),
    responses((status = 200, description = "The seats.", body = SeatsDto), RunAssembly),
)]
pub(super) async fn seats(api: Api, Path(id): Path<i64>) -> Result<Response, WebError> {
    let s = api.run(move |store, ctx| delegates::seats(store, ctx, AssemblyId(id))).await?;
    Ok(Json(seats_dto(&s)).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"rule": "per_members", "number": 50, "alternates": true, "register_on": "2026-11-01"}))]
pub struct NewSeats {
    /// `fixed` or `per_members`.
    rule: String,
    number: u32,
    #[serde(default)]
    alternates: bool,
    /// The register date members are counted on; today when left out.
    #[serde(default)]
    #[schema(format = Date)]
    register_on: Option<String>,
}

/// Declare an assembly's seats
///
/// Once, while the congress (or ampliado) is convened, by whoever runs it. Sub-bodies are the open
/// child bodies and the organisations affiliated on the register date (observers marked).
#[utoipa::path(
    post, path = "/api/v1/assemblies/{id}/seats",
    tag = "delegates",
    params(AssemblyNumber),
    request_body = NewSeats,
    responses(
        (status = 201, description = "The seats declared.", body = SeatsDto),
        BadJson,
        RunAssembly,
        (status = 409, description = "Not a congress or ampliado (`seats_not_for_kind`), declared already \
            (`seats_already_declared`), nobody to seat (`seats_no_sub_bodies`), or the assembly met.",
            body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad rule, number or date.", body = ValidationProblem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn declare(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<NewSeats>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let form = SeatForm {
        rule: input.rule,
        number: input.number.to_string(),
        alternates: input.alternates,
        register_on: input.register_on.unwrap_or_default(),
    };
    if let Err(problems) = form.read(api.viewer.ctx.today) {
        let mut fields = Fields::blank(api.lang());
        for (field, e) in problems.0 {
            let name = match field {
                Field::SeatRule => "rule",
                Field::SeatNumber => "number",
                _ => "register_on",
            };
            fields.put(name, e);
        }
        return Err(fields.refusal());
    }
    let s = api.write("rule", move |store, ctx| delegates::declare_seats(store, ctx, AssemblyId(id), &form)).await?;
    Ok(created(Some(format!("/api/v1/assemblies/{id}/seats")), seats_dto(&s)))
}

#[derive(Serialize, ToSchema)]
pub struct ElectionDto {
    motion_id: i64,
    assembly_id: i64,
    seat: u32,
    role: &'static str,
    /// `pending`, `voting` or `decided`.
    status: &'static str,
    #[schema(required = true)]
    outcome: Option<&'static str>,
}

#[derive(Serialize, ToSchema)]
pub struct DelegationView {
    delegation: DelegationDto,
    congress_id: i64,
    congress_title: String,
    congress_body: Body,
    credentials: Vec<CredentialDto>,
    elections: Vec<ElectionDto>,
    /// Seats still without a credential: `{"seat": 1, "role": "holder"}`.
    open_seats: Vec<OpenSeat>,
}

#[derive(Serialize, ToSchema)]
pub struct OpenSeat {
    seat: u32,
    role: &'static str,
}

fn delegation_view(d: &DelegationFound) -> DelegationView {
    DelegationView {
        delegation: delegation_dto(&d.delegation),
        congress_id: d.congress.id.0,
        congress_title: d.congress.title.clone(),
        congress_body: Body::from(&d.congress_body),
        credentials: d.credentials.iter().map(|c| credential_dto(c, None)).collect(),
        elections: d
            .elections
            .iter()
            .map(|(e, m)| ElectionDto {
                motion_id: m.id.0,
                assembly_id: m.assembly_id.0,
                seat: e.seat,
                role: e.role.code(),
                status: m.status.code(),
                outcome: m.outcome.map(|o| o.code()),
            })
            .collect(),
        open_seats: d.open_seats().into_iter().map(|(seat, role)| OpenSeat { seat, role: role.code() }).collect(),
    }
}

/// A delegation
///
/// Its seats, credentials and elections; for whoever runs the sub-body's assemblies or the higher
/// body's.
#[utoipa::path(
    get, path = "/api/v1/delegations/{id}",
    tag = "delegates",
    params(("id" = i64, Path, description = "The delegation's number.")),
    responses(
        (status = 200, description = "The delegation.", body = DelegationView),
        SignInRequired,
        (status = 403, description = "The viewer runs the assemblies of neither the delegation's body nor the \
            higher body (`forbidden`).", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such delegation (`unknown_delegation`).",
            body = Problem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn delegation(api: Api, Path(id): Path<i64>) -> Result<Response, WebError> {
    let d = api.run(move |store, ctx| delegates::delegation(store, ctx, id)).await?;
    Ok(Json(delegation_view(&d)).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"assembly_id": 12, "seat": 1, "role": "holder", "rule": "plurality",
    "candidates": [101, 102], "title": "Delegado al Congreso — asiento 1"}))]
pub struct NewDelegateElection {
    /// An assembly in session of the delegation's own body.
    assembly_id: i64,
    seat: u32,
    /// `holder` or `alternate`.
    role: String,
    /// `plurality` or `absolute_majority`.
    rule: String,
    /// People present at that assembly.
    candidates: Vec<i64>,
    /// The election's title, as the assembly's pages will show it ("Delegado al Congreso — asiento 1").
    title: String,
}

#[derive(Serialize, ToSchema)]
pub struct CreatedElection {
    motion_id: i64,
    assembly_id: i64,
}

/// Put a seat to election
///
/// In an assembly in session of the delegation's own body; closing its vote issues the
/// credential. A seat that has one already is refused (`second_credential`).
#[utoipa::path(
    post, path = "/api/v1/delegations/{id}/elections",
    tag = "delegates",
    params(("id" = i64, Path, description = "The delegation's number.")),
    request_body = NewDelegateElection,
    responses(
        (status = 201, description = "The election, a motion of the assembly.", body = CreatedElection),
        BadJson,
        UnknownCredentials,
        (status = 403, description = "The viewer may not run that assembly (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "No such delegation (`unknown_delegation`), assembly or person.", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "Another body's delegation (`delegation_not_of_body`), no such seat \
            (`no_such_seat`), no alternates, a credential issued already (`second_credential`), the delegation \
            ended (`delegation_ended`), the congress met, or a candidate not present.", body = Problem,
            content_type = "application/problem+json"),
        (status = 422, description = "A bad role, rule or title.", body = ValidationProblem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn elect(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<NewDelegateElection>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let mut fields = Fields::blank(api.lang());
    let role = fields.check_value("role", &input.role, |v| v.parse::<SeatRole>());
    let Some(role) = role else { return Err(fields.refusal()) };
    let title = input.title;
    let form = DelegateElectionForm {
        delegation: id,
        seat: input.seat,
        role,
        title,
        rule: input.rule,
        candidates: input.candidates.into_iter().map(PersonId).collect(),
    };
    let assembly = input.assembly_id;
    let m = api
        .write("title", move |store, ctx| delegates::add_delegate_election(store, ctx, AssemblyId(assembly), &form))
        .await?;
    Ok(created(None, CreatedElection { motion_id: m.id.0, assembly_id: m.assembly_id.0 }))
}

#[derive(Serialize, ToSchema)]
pub struct CredentialList {
    delegation: DelegationDto,
    /// Each credential standing, with its printed code.
    credentials: Vec<CredentialDto>,
}

/// A delegation's credentials, with their codes
///
/// For printing, by whoever runs the sub-body's assemblies or the higher body's. Revoked ones are
/// left out.
#[utoipa::path(
    get, path = "/api/v1/delegations/{id}/credentials",
    tag = "delegates",
    params(("id" = i64, Path, description = "The delegation's number.")),
    responses(
        (status = 200, description = "The credentials with their codes.", body = CredentialList),
        SignInRequired,
        (status = 403, description = "The viewer runs the assemblies of neither the delegation's body nor the \
            higher body (`forbidden`).", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such delegation (`unknown_delegation`).",
            body = Problem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn credentials(api: Api, Path(id): Path<i64>) -> Result<Response, WebError> {
    let sheet = api.run(move |store, ctx| delegates::credential_sheet(store, ctx, id)).await?;
    Ok(Json(CredentialList {
        delegation: delegation_dto(&sheet.delegation.delegation),
        credentials: sheet.credentials.iter().map(|p| credential_dto(&p.credential, Some(p.code.clone()))).collect(),
    })
    .into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"code": "K7Q2M-9APXR-C"}))]
pub struct CredentialCode {
    code: String,
}

#[derive(Serialize, ToSchema)]
pub struct AdmittedDto {
    name: String,
    body_name: String,
    seat: u32,
    role: &'static str,
    observer: bool,
    /// `present`, or `late` once the assembly is in session.
    status: &'static str,
}

/// Admit a delegate by credential
///
/// The same as the door's code field. A mistyped code (`credential_malformed`), an unknown one
/// (`unknown_credential`), one of another assembly (`credential_other_assembly`), a revoked one
/// (`credential_revoked`), one used already (`credential_used`), an alternate whose holder is in
/// (`credential_holder_present`) and a holder whose alternate took the seat
/// (`credential_alternate_seated`) are refused.
#[utoipa::path(
    post, path = "/api/v1/assemblies/{id}/credentials",
    tag = "delegates",
    params(AssemblyNumber),
    request_body = CredentialCode,
    responses(
        (status = 200, description = "Admitted.", body = AdmittedDto),
        BadJson,
        RunAssembly,
        (status = 409, description = "Refused, with the reason's code.", body = Problem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn admit(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<CredentialCode>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let a = api.run(move |store, ctx| delegates::check_in_credential(store, ctx, AssemblyId(id), &input.code)).await?;
    Ok(Json(AdmittedDto {
        name: a.name.display(),
        body_name: a.body_name,
        seat: a.seat,
        role: a.role.code(),
        observer: a.observer,
        status: a.status.code(),
    })
    .into_response())
}

#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Weighting {
    /// Whether each delegation's roll-call votes are weighed by the members it represents.
    weigh_by_members: bool,
}

/// Weigh delegations by their members
///
/// Sets the flag on the body's statute in force, for whoever may edit its statute; seats declared
/// afterwards take it.
#[utoipa::path(
    put, path = "/api/v1/bodies/{id}/statute/delegates",
    tag = "delegates",
    params(BodyNumber),
    request_body = Weighting,
    responses(
        (status = 200, description = "The flag as set.", body = Weighting),
        BadJson,
        ReadBody,
        (status = 409, description = "The body has no statute of its own yet (`delegates_statute_first`).",
            body = Problem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn weighting(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<Weighting>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let weigh = input.weigh_by_members;
    let set = api.run(move |store, ctx| delegates::set_weighting(store, ctx, &id.to_string(), weigh)).await?;
    Ok(Json(Weighting { weigh_by_members: set }).into_response())
}

/// Whether delegations are weighed
///
/// The flag of the body's statute in force (`false` when it says nothing).
#[utoipa::path(
    get, path = "/api/v1/bodies/{id}/statute/delegates",
    tag = "delegates",
    params(BodyNumber),
    responses((status = 200, description = "The flag.", body = Weighting), ReadBody),
)]
pub(super) async fn weighting_of(api: Api, Path(id): Path<i64>) -> Result<Response, WebError> {
    let weigh = api.run(move |store, ctx| delegates::weighting(store, ctx, &id.to_string())).await?;
    Ok(Json(Weighting { weigh_by_members: weigh }).into_response())
}
