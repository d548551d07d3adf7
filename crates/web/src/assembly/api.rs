//! The JSON API of assemblies under `/api/v1`: convocatorias, statutes, attendance and quorum,
//! motions and elections, the four vote methods and resolutions. Typed answers that derive
//! `Serialize` and `ToSchema`, a `#[utoipa::path]` on each handler (the router collects them into
//! the OpenAPI document), refusals as RFC 7807 problem documents, and one service call per
//! request; the services check permissions.
//!
//! Two writes are anonymous: a secret ballot (the one-time code is the credential) and a phone
//! vote (the ticket is). The phone vote goes straight to the vote box, without a blocking thread.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::response::{IntoResponse, Response};
use cabildo_domain::assembly::AssemblyId;
use cabildo_domain::padron::parse_optional_date;
use cabildo_domain::{DomainError, Field, HouseholdId, PersonId};
use cabildo_services::assembly::{self, AssemblyRecord, Attendee, ConveneForm, ElectionForm, MotionForm, StatuteForm};
use cabildo_services::{Ctx, ServiceError, Store};

use super::dto::*;
use crate::http::dto::{AssemblyNumber, Body, BodyNumber};
use crate::http::problem::{Problem, ValidationProblem};
use crate::http::respond::{created, write_refused};
use crate::http::responses::{
    BadFields, BadJson, BodyClosed, MayNotRunIt, MayNotSeeBody, ReadAssembly, ReadBody, RunAssembly, SignInRequired,
    UnknownAssembly, UnknownBody, UnknownCredentials,
};
use crate::http::{Api, Path, Query, WebError};

// --- Handlers --------------------------------------------------------------------------------

/// A body's assemblies
///
/// Newest first (at most 200).
#[utoipa::path(
    get, path = "/api/v1/bodies/{id}/assemblies",
    tag = "assemblies",
    params(BodyNumber),
    responses(
        (status = 200, description = "The assemblies.", body = AssemblyList),
        UnknownCredentials,
        MayNotSeeBody,
        UnknownBody,
    ),
)]
pub(super) async fn list_assemblies(api: Api, Path(id): Path<i64>) -> Result<Response, WebError> {
    let (body, list) = api.run(move |store, ctx| assembly::list(store, ctx, &id.to_string())).await?;
    Ok(Json(AssemblyList { body: Body::from(&body), assemblies: list.iter().map(assembly_dto).collect() })
        .into_response())
}

/// Convene an assembly
///
/// Kind, date, place and orden del día. Needs the right to run the body's assemblies.
#[utoipa::path(
    post, path = "/api/v1/bodies/{id}/assemblies",
    tag = "assemblies",
    params(BodyNumber),
    request_body = NewAssembly,
    responses(
        (status = 201, description = "The assembly convened; `Location` is its address.", body = Assembly),
        BadJson,
        SignInRequired,
        (status = 403, description = "The viewer may not run this body's assemblies (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        UnknownBody,
        BodyClosed,
        BadFields,
    ),
)]
pub(super) async fn convene_assembly(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<NewAssembly>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let form = ConveneForm {
        kind: input.kind,
        title: input.title,
        scheduled_for: input.scheduled_for,
        place: input.place,
        agenda: input.agenda.iter().map(|item| item.replace(['\r', '\n'], " ")).collect::<Vec<_>>().join("\n"),
    };
    let a =
        api.write("assembly_title", move |store, ctx| assembly::convene(store, ctx, &id.to_string(), &form)).await?;
    Ok(created(Some(format!("/api/v1/assemblies/{}", a.id.0)), assembly_dto(&a)))
}

/// One assembly
///
/// Its agenda, statute, who may attend and who is present, the quorum, and every motion with its
/// counts, outcome and resolution.
#[utoipa::path(
    get, path = "/api/v1/assemblies/{id}",
    tag = "assemblies",
    params(AssemblyNumber),
    responses(
        (status = 200, description = "The assembly.", body = AssemblyDetail),
        SignInRequired,
        (status = 403, description = "The viewer may not see its body (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        UnknownAssembly,
    ),
)]
pub(super) async fn get_assembly(api: Api, Path(id): Path<i64>) -> Result<Response, WebError> {
    let view = api.run(move |store, ctx| assembly::view(store, ctx, AssemblyId(id))).await?;
    Ok(Json(detail_dto(&view)).into_response())
}

/// What the three steps of an assembly's life share: no body, one service, the assembly back.
async fn assembly_step(
    api: Api,
    step: fn(&Store, &Ctx, AssemblyId) -> Result<AssemblyRecord, ServiceError>,
    id: i64,
) -> Result<Response, WebError> {
    api.admit()?;
    let a = api.run(move |store, ctx| step(store, ctx, AssemblyId(id))).await?;
    Ok(Json(assembly_dto(&a)).into_response())
}

/// Open an assembly
///
/// Fixes who is entitled, the statute and the quorum; from now on arrivals are late.
#[utoipa::path(
    post, path = "/api/v1/assemblies/{id}/open",
    tag = "assemblies",
    params(AssemblyNumber),
    responses(
        (status = 200, description = "The assembly, open.", body = Assembly),
        RunAssembly,
        (status = 409, description = "It is already open (`assembly_already_open`) or finished \
            (`assembly_finished`).", body = Problem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn open_assembly(api: Api, Path(id): Path<i64>) -> Result<Response, WebError> {
    assembly_step(api, assembly::open, id).await
}

/// Close an assembly
///
/// Refused while a vote is open. Unexcused absences become fines (when the statute sets one) and
/// the acta's draft starts.
#[utoipa::path(
    post, path = "/api/v1/assemblies/{id}/close",
    tag = "assemblies",
    params(AssemblyNumber),
    responses(
        (status = 200, description = "The assembly, closed.", body = Assembly),
        RunAssembly,
        (status = 409, description = "It is not open (`assembly_not_open`, `assembly_finished`) or a vote is \
            still open (`vote_still_open`).", body = Problem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn close_assembly(api: Api, Path(id): Path<i64>) -> Result<Response, WebError> {
    assembly_step(api, assembly::close, id).await
}

/// Cancel an assembly
///
/// Only one that has not met.
#[utoipa::path(
    post, path = "/api/v1/assemblies/{id}/cancel",
    tag = "assemblies",
    params(AssemblyNumber),
    responses(
        (status = 200, description = "The assembly, cancelled.", body = Assembly),
        RunAssembly,
        (status = 409, description = "It has met (`assembly_already_open`, `assembly_finished`).", body = Problem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn cancel_assembly(api: Api, Path(id): Path<i64>) -> Result<Response, WebError> {
    assembly_step(api, assembly::cancel, id).await
}

/// A body's statute
///
/// The version in force (a default one if the officers never wrote one) and every version.
#[utoipa::path(
    get, path = "/api/v1/bodies/{id}/statute",
    tag = "assemblies",
    params(BodyNumber),
    responses((status = 200, description = "The statute.", body = StatuteOverview), ReadBody),
)]
pub(super) async fn get_statute(api: Api, Path(id): Path<i64>) -> Result<Response, WebError> {
    let s = api.run(move |store, ctx| assembly::statute(store, ctx, &id.to_string())).await?;
    let versions = s.versions.iter().map(statute_version).collect();
    let recall = recall_terms_dto(&s.recall);
    Ok(Json(StatuteOverview { body: Body::from(&s.body), current: statute_dto(&s.current), recall, versions })
        .into_response())
}

/// Adopt a new statute version
///
/// Assemblies already open keep the version they opened with. Needs the right to edit statutes.
#[utoipa::path(
    put, path = "/api/v1/bodies/{id}/statute",
    tag = "assemblies",
    params(BodyNumber),
    request_body = StatuteChange,
    responses(
        (status = 200, description = "The version adopted.", body = StatuteVersion),
        BadJson,
        SignInRequired,
        (status = 403, description = "The viewer may not edit this body's statute (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        UnknownBody,
        BadFields,
    ),
)]
pub(super) async fn update_statute(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<StatuteChange>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let absence_fine =
        amount_text(&input.absence_fine).map_err(|e| write_refused(api.lang(), e.into(), "absence_fine"))?;
    let form = StatuteForm {
        quorum: input.quorum,
        absence_fine,
        signers: input.signers.join("\n"),
        term_years: input.term_years.map_or_else(String::new, |y| y.to_string()),
        resolution: input.resolution_id,
        recall_rule: input.recall_rule.unwrap_or_default(),
        recall_share: input.recall_share.unwrap_or_default(),
        recall_window: input.recall_window_days.map_or_else(String::new, |d| d.to_string()),
    };
    let record = api
        .write("quorum_rule", move |store, ctx| assembly::update_statute(store, ctx, &id.to_string(), &form))
        .await?;
    Ok(Json(statute_version(&record)).into_response())
}

/// The check-in list
///
/// Everyone entitled to attend and how they are recorded so far, searched by name, parcel code,
/// register number or member card code; with the door's counter (present, quorum, missing).
#[utoipa::path(
    get, path = "/api/v1/assemblies/{id}/attendance",
    tag = "assemblies",
    params(AssemblyNumber, DoorQuery),
    responses((status = 200, description = "The list.", body = DoorList), ReadAssembly),
)]
pub(super) async fn get_attendance(
    api: Api,
    Path(id): Path<i64>,
    Query(query): Query<DoorQuery>,
) -> Result<Response, WebError> {
    let limit = query.limit.unwrap_or(100).clamp(1, 1000);
    let search = query.q.trim().to_string();
    let door = api
        .run(move |store, ctx| {
            let search = Some(search.as_str()).filter(|s| !s.is_empty());
            assembly::door_view(store, ctx, AssemblyId(id), search, limit)
        })
        .await?;
    Ok(Json(DoorList {
        present: door.count.present,
        excused: door.count.excused,
        eligible: door.count.eligible,
        quorum_required: door.count.quorum_required,
        missing: door.count.missing(),
        lines: door
            .lines
            .into_iter()
            .map(|l| DoorLine {
                person_id: l.eligible.person_id.0,
                household_id: l.eligible.household_id.map(|h| h.0),
                represents_id: l.eligible.represents.map(|b| b.0),
                name: l.eligible.name.display(),
                label: l.eligible.label,
                card_code: l.eligible.card_code,
                status: l.status.map(|s| s.code()),
            })
            .collect(),
    })
    .into_response())
}

/// Record someone at the door
///
/// By household, person or member card code: present (late once the assembly is open), or
/// excused. A second scan of someone already here changes nothing.
#[utoipa::path(
    post, path = "/api/v1/assemblies/{id}/attendance",
    tag = "assemblies",
    params(AssemblyNumber),
    request_body = CheckIn,
    responses(
        (status = 200, description = "Recorded.", body = CheckedIn),
        BadJson,
        RunAssembly,
        (status = 409, description = "Not entitled (`not_eligible`), unknown card (`unknown_card`), or the assembly \
            is finished (`assembly_finished`).", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "None of `household_id`, `person_id`, `card_code`, or more than one.",
            body = ValidationProblem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn check_in(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<CheckIn>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let card = input.card_code.filter(|c| !c.trim().is_empty());
    let who = match (input.household_id, input.person_id, card) {
        (Some(h), None, None) => Attendee::Household(HouseholdId(h)),
        (None, Some(p), None) => Attendee::Person(PersonId(p)),
        (None, None, Some(code)) => Attendee::Card(code),
        (None, None, None) => {
            return Err(write_refused(api.lang(), DomainError::Required { field: Field::Code }.into(), "code"));
        }
        _ => {
            let value = "household_id, person_id, card_code".to_string();
            return Err(write_refused(api.lang(), DomainError::Invalid { field: Field::Code, value }.into(), "code"));
        }
    };
    let excused = input.excused;
    let (name, status) =
        api.write("code", move |store, ctx| assembly::check_in(store, ctx, AssemblyId(id), &who, excused)).await?;
    Ok(Json(CheckedIn { name: name.display(), status: status.code() }).into_response())
}

/// Move a motion
///
/// A motion (or an amendment of a pending one) in an assembly in session.
#[utoipa::path(
    post, path = "/api/v1/assemblies/{id}/motions",
    tag = "assemblies",
    params(AssemblyNumber),
    request_body = NewMotion,
    responses(
        (status = 201, description = "The motion.", body = Motion),
        BadJson,
        SignInRequired,
        MayNotRunIt,
        (status = 404, description = "There is no such assembly (`unknown_assembly`), resolution or motion to \
            amend.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The assembly is not in session (`assembly_not_open`, `assembly_finished`) \
            or the motion to amend is decided (`motion_decided`).", body = Problem,
            content_type = "application/problem+json"),
        BadFields,
    ),
)]
pub(super) async fn add_motion(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<NewMotion>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let form = MotionForm {
        title: input.title,
        text: input.text,
        proposer: input.proposer,
        origin: input.origin,
        amends: input.amends,
    };
    let m =
        api.write("motion_title", move |store, ctx| assembly::add_motion(store, ctx, AssemblyId(id), &form)).await?;
    Ok(created(None, motion_dto(&m, None)))
}

/// Put an office to election
///
/// With candidates from among those entitled to attend. The election is voted as a motion is.
#[utoipa::path(
    post, path = "/api/v1/assemblies/{id}/elections",
    tag = "assemblies",
    params(AssemblyNumber),
    request_body = NewElection,
    responses(
        (status = 201, description = "The election.", body = Motion),
        BadJson,
        RunAssembly,
        (status = 409, description = "The assembly is not in session, a candidate is not entitled \
            (`not_eligible`) or there is none (`no_candidates`).", body = Problem,
            content_type = "application/problem+json"),
        BadFields,
    ),
)]
pub(super) async fn add_election(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<NewElection>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let term_end = parse_optional_date(Field::TermEnd, input.term_end.as_deref().unwrap_or(""))
        .map_err(|e| write_refused(api.lang(), e.into(), "term_end"))?;
    let form = ElectionForm {
        office_title: input.office_title,
        term_end,
        rule: input.rule,
        candidates: input.candidates.into_iter().map(PersonId).collect(),
    };
    let m =
        api.write("office_title", move |store, ctx| assembly::add_election(store, ctx, AssemblyId(id), &form)).await?;
    Ok(created(None, motion_dto(&m, None)))
}

/// A body's resolutions
///
/// Newest first ("Resolución 12/2026").
#[utoipa::path(
    get, path = "/api/v1/bodies/{id}/resolutions",
    tag = "assemblies",
    params(BodyNumber, LimitQuery),
    responses((status = 200, description = "The resolutions.", body = ResolutionList), ReadBody),
)]
pub(super) async fn list_resolutions(
    api: Api,
    Path(id): Path<i64>,
    Query(query): Query<LimitQuery>,
) -> Result<Response, WebError> {
    let limit = query.limit.unwrap_or(100).clamp(1, 1000);
    let (body, list) = api.run(move |store, ctx| assembly::resolutions(store, ctx, &id.to_string(), limit)).await?;
    let resolutions = list
        .iter()
        .map(|r| Resolution {
            id: r.id,
            public_id: r.public_id.to_string(),
            number: resolution_number(r),
            title: r.title.clone(),
            text: r.text.clone(),
            adopted_on: r.adopted_on.to_string(),
            motion_id: r.motion_id.map(|m| m.0),
        })
        .collect();
    Ok(Json(ResolutionList { body: Body::from(&body), resolutions }).into_response())
}
