//! The JSON API of consultas under `/api/v1`: launch one over a body's bases, list a body's, read
//! one with its answers, extend its deadline, close it, put it on an assembly's agenda, and turn a
//! nomination's leading names into an election's candidates. One service call per request; the
//! services check permissions.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::response::{IntoResponse, Response};
use cabildo_domain::PersonId;
use cabildo_domain::assembly::AssemblyId;
use cabildo_domain::padron::parse_optional_date;
use cabildo_domain::{DomainError, Field};
use cabildo_services::consulta::{self, AgendaForm, LaunchForm, NomineesForm};

use super::dto::*;
use crate::http::dto::{AssemblyNumber, Body, BodyNumber};
use crate::http::problem::Problem;
use crate::http::respond::{created, write_refused};
use crate::http::responses::{
    BadFields, BadJson, MayNotSeeBody, SignInRequired, UnknownAssembly, UnknownBody, UnknownCredentials,
};
use crate::http::{Api, Fields, Path, WebError};

/// A body's consultas
///
/// Those it launched, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/bodies/{id}/consultas",
    operation_id = "list_consultas",
    tag = "consultas",
    params(BodyNumber),
    responses(
        (status = 200, description = "The consultas.", body = ConsultaList),
        UnknownCredentials,
        MayNotSeeBody,
        UnknownBody,
    ),
)]
pub(super) async fn list_consultas(api: Api, Path(id): Path<i64>) -> Result<Response, WebError> {
    let (body, list, _) = api.run(move |store, ctx| consulta::list(store, ctx, &id.to_string())).await?;
    Ok(Json(ConsultaList { body: Body::from(&body), consultas: list.iter().map(consulta_dto).collect() })
        .into_response())
}

/// Launch a consulta
///
/// Asks every open body of `base_kind` below the body (sindicatos by default): they are fixed as
/// the bases now. Needs the right to run the body's assemblies.
#[utoipa::path(
    post,
    path = "/api/v1/bodies/{id}/consultas",
    operation_id = "launch_consulta",
    tag = "consultas",
    params(BodyNumber),
    request_body = NewConsulta,
    responses(
        (status = 201, description = "The consulta launched; `Location` is its address.", body = ConsultaDetail),
        BadJson,
        SignInRequired,
        (status = 403, description = "The viewer may not run this body's assemblies (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        UnknownBody,
        (status = 409, description = "The body is closed (`body_closed`), or has no body of that kind below it \
            (`consulta_no_bases`).", body = Problem, content_type = "application/problem+json"),
        BadFields,
    ),
)]
pub(super) async fn launch(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<NewConsulta>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let form = LaunchForm {
        question: input.question,
        text: input.text,
        kind: input.kind,
        options: input.options.iter().map(|o| o.replace(['\r', '\n'], " ")).collect::<Vec<_>>().join("\n"),
        deadline: input.deadline,
        base_kind: input.base_kind,
        rule: input.rule,
    };
    if let Err(problems) = form.read(api.viewer.ctx.today) {
        let mut fields = Fields::blank(api.lang());
        fields.problems(problems);
        return Err(fields.refusal());
    }
    let v = api
        .write("question", move |store, ctx| {
            let c = consulta::launch(store, ctx, &id.to_string(), &form)?;
            consulta::view(store, ctx, &c.id.to_string())
        })
        .await?;
    Ok(created(Some(format!("/api/v1/consultas/{}", v.consulta.id.0)), detail_dto(&v)))
}

/// One consulta
///
/// Its question, options, bases asked and answers so far. Readable by whoever may see the
/// launching body and by anyone with a role in the subtree asked.
#[utoipa::path(
    get,
    path = "/api/v1/consultas/{id}",
    operation_id = "get_consulta",
    tag = "consultas",
    params(ConsultaRef),
    responses(
        (status = 200, description = "The consulta.", body = ConsultaDetail),
        SignInRequired,
        (status = 403, description = "The viewer has no role in the consulted subtree (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        UnknownConsulta,
    ),
)]
pub(super) async fn get_consulta(api: Api, Path(id): Path<String>) -> Result<Response, WebError> {
    let v = api.run(move |store, ctx| consulta::view(store, ctx, &id)).await?;
    Ok(Json(detail_dto(&v)).into_response())
}

/// Extend a consulta's deadline
///
/// To a later day; answers until then are on time. Needs the right to run the launching body's
/// assemblies.
#[utoipa::path(
    post,
    path = "/api/v1/consultas/{id}/deadline",
    operation_id = "extend_consulta",
    tag = "consultas",
    params(ConsultaRef),
    request_body = NewDeadline,
    responses(
        (status = 200, description = "The consulta with its new deadline.", body = Consulta),
        BadJson,
        SignInRequired,
        MayNotManage,
        UnknownConsulta,
        (status = 409, description = "The consulta is closed (`consulta_closed`), or the day is not later than \
            the present deadline (`consulta_deadline_not_later`).", body = Problem,
            content_type = "application/problem+json"),
        BadFields,
    ),
)]
pub(super) async fn extend(
    api: Api,
    Path(id): Path<String>,
    payload: Result<Json<NewDeadline>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let c = api.write("deadline", move |store, ctx| consulta::extend(store, ctx, &id, &input.deadline)).await?;
    Ok(Json(consulta_dto(&c)).into_response())
}

/// Close a consulta
///
/// It takes no more answers; its results stay. Needs the right to run the launching body's
/// assemblies.
#[utoipa::path(
    post,
    path = "/api/v1/consultas/{id}/close",
    operation_id = "close_consulta",
    tag = "consultas",
    params(ConsultaRef),
    responses(
        (status = 200, description = "The consulta, closed.", body = Consulta),
        SignInRequired,
        MayNotManage,
        UnknownConsulta,
        (status = 409, description = "It was already closed (`consulta_closed`).", body = Problem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn close(api: Api, Path(id): Path<String>) -> Result<Response, WebError> {
    api.admit()?;
    let c = api.run(move |store, ctx| consulta::close(store, ctx, &id)).await?;
    Ok(Json(consulta_dto(&c)).into_response())
}

/// Put a consulta on an assembly's agenda
///
/// In an assembly in session of a base (or of a body between the launcher and bases): a motion
/// linked to the consulta — for is yes and against is no for a yes/no consulta; the ballot offers
/// the consulta's options (`o<id>`) for a choice; an election among `candidates` for a nomination.
/// Closing its vote records the body's answer.
#[utoipa::path(
    post,
    path = "/api/v1/assemblies/{id}/consultas",
    operation_id = "put_consulta_on_agenda",
    tag = "consultas",
    params(AssemblyNumber),
    request_body = AgendaConsulta,
    responses(
        (status = 201, description = "The motion moved; `Location` is its address.", body = ConsultaMotion),
        BadJson,
        SignInRequired,
        (status = 403, description = "The viewer may not run this assembly (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "There is no such assembly (`unknown_assembly`), consulta \
            (`unknown_consulta`) or person (`unknown_person`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "The assembly is not in session; the consulta is closed \
            (`consulta_closed`), did not ask this body (`consulta_not_asked`), was answered by it already \
            (`consulta_already_answered`, naming the assembly and its date) or is on this agenda already \
            (`consulta_already_on_agenda`); a nomination without candidates \
            (`consulta_nomination_needs_candidates`), or a candidate not entitled (`not_eligible`).",
            body = Problem, content_type = "application/problem+json"),
        BadFields,
    ),
)]
pub(super) async fn put_on_agenda(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<AgendaConsulta>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let form = AgendaForm {
        consulta: input.consulta_id,
        rule: input.rule,
        candidates: input.candidates.into_iter().map(PersonId).collect(),
    };
    let m =
        api.write("consulta_id", move |store, ctx| consulta::put_on_agenda(store, ctx, AssemblyId(id), &form)).await?;
    Ok(created(Some(format!("/api/v1/motions/{}", m.id.0)), motion_dto(&m)))
}

/// Make a nomination's leading names an election's candidates
///
/// The `count` names with the most weight under the consulta's rule become the candidates of an
/// election in an assembly in session of the launching body (its congress or ampliado). Needs
/// the right to run that body's assemblies.
#[utoipa::path(
    post,
    path = "/api/v1/consultas/{id}/election",
    operation_id = "nominees_to_election",
    tag = "consultas",
    params(ConsultaRef),
    request_body = NomineesElection,
    responses(
        (status = 201, description = "The election moved; `Location` is its address.", body = ConsultaMotion),
        BadJson,
        SignInRequired,
        MayNotManage,
        UnknownConsulta,
        UnknownAssembly,
        (status = 409, description = "The consulta is not a nomination (`consulta_not_nomination`), nobody was \
            nominated yet (`consulta_no_nominees`), the assembly is not of the launching body \
            (`consulta_not_launchers_assembly`) or not in session, or a nominee left the register \
            (`candidate_outside_register`).", body = Problem, content_type = "application/problem+json"),
        BadFields,
    ),
)]
pub(super) async fn nominees_to_election(
    api: Api,
    Path(id): Path<String>,
    payload: Result<Json<NomineesElection>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let term_end = match input.term_end.as_deref().map(|t| parse_optional_date(Field::TermEnd, t)) {
        None => None,
        Some(Ok(day)) => day,
        Some(Err(e)) => return Err(write_refused(api.lang(), e.into(), "term_end")),
    };
    let count = match input.count {
        Some(n) if n == 0 || n > consulta::NOMINEES_MAX as u64 => {
            let e = DomainError::OutOfRange {
                field: Field::Count,
                value: n.to_string(),
                min: "1".into(),
                max: consulta::NOMINEES_MAX.to_string(),
            };
            return Err(write_refused(api.lang(), e.into(), "count"));
        }
        Some(n) => n.to_string(),
        None => String::new(),
    };
    let form = NomineesForm {
        assembly: input.assembly_id.to_string(),
        office_title: input.office_title,
        term_end,
        rule: input.rule,
        count,
    };
    let m = api.write("office_title", move |store, ctx| consulta::nominees_to_election(store, ctx, &id, &form)).await?;
    Ok(created(Some(format!("/api/v1/motions/{}", m.id.0)), motion_dto(&m)))
}
