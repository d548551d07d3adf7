//! The JSON API of consultas under `/api/v1`: launch one over a body's bases, list a body's, read
//! one with its answers, extend its deadline, close it, put it on an assembly's agenda, and turn a
//! nomination's leading names into an election's candidates. One service call per request; the
//! services check permissions.

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use cabildo_domain::PersonId;
use cabildo_domain::assembly::AssemblyId;
use cabildo_domain::padron::parse_optional_date;
use cabildo_domain::{DomainError, Field};
use cabildo_services::consulta::{self, AgendaForm, LaunchForm, NomineesForm};

use super::dto::*;
use crate::http::dto::Body;
use crate::http::problem::Problem;
use crate::http::respond::{admit, created, write_refused};
use crate::http::responses::{
    BadFields, BadJson, MayNotSeeBody, SignInRequired, UnknownAssembly, UnknownBody, UnknownCredentials,
};
use crate::http::{Path, Viewer, WebError};
use crate::state::AppState;

/// 404: no consulta by that number or public id.
#[derive(utoipa::IntoResponses)]
#[response(
    status = 404,
    description = "There is no such consulta (`unknown_consulta`).",
    content_type = "application/problem+json"
)]
#[allow(dead_code)] // it describes an answer of the OpenAPI document; `http::error` builds the answer
pub struct UnknownConsulta(pub Problem);

/// 403: the viewer may not run the launching body's assemblies.
#[derive(utoipa::IntoResponses)]
#[response(
    status = 403,
    description = "The viewer may not act for the body that launched it (`forbidden`).",
    content_type = "application/problem+json"
)]
#[allow(dead_code)] // it describes an answer of the OpenAPI document; `http::error` builds the answer
pub struct MayNotManage(pub Problem);

/// A body's consultas
///
/// Those it launched, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/bodies/{id}/consultas",
    operation_id = "list_consultas",
    tag = "consultas",
    params(("id" = i64, Path, description = "The body's number.")),
    responses(
        (status = 200, description = "The consultas.", body = ConsultaList),
        UnknownCredentials,
        MayNotSeeBody,
        UnknownBody,
    ),
)]
pub(super) async fn list_consultas(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let ctx = viewer.ctx.clone();
    match state.run(move |store| consulta::list(store, &ctx, &id.to_string())).await {
        Ok((body, list, _)) => {
            Ok(Json(ConsultaList { body: Body::from(&body), consultas: list.iter().map(consulta_dto).collect() })
                .into_response())
        }
        Err(e) => Err(WebError::api(viewer.lang, e)),
    }
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
    params(("id" = i64, Path, description = "The body's number.")),
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
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
    payload: Result<Json<NewConsulta>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = admit(&viewer, &headers, payload)?;
    let form = LaunchForm {
        question: input.question,
        text: input.text,
        kind: input.kind,
        options: input.options.iter().map(|o| o.replace(['\r', '\n'], " ")).collect::<Vec<_>>().join("\n"),
        deadline: input.deadline,
        base_kind: input.base_kind,
        rule: input.rule,
    };
    if let Err(problems) = form.read(viewer.ctx.today) {
        let mut fields = crate::http::Fields::blank(viewer.lang);
        fields.problems(problems);
        return Err(fields.refusal());
    }
    let ctx = viewer.ctx.clone();
    let launched = state
        .run(move |store| {
            let c = consulta::launch(store, &ctx, &id.to_string(), &form)?;
            consulta::view(store, &ctx, &c.id.to_string())
        })
        .await;
    match launched {
        Ok(v) => Ok(created(Some(format!("/api/v1/consultas/{}", v.consulta.id.0)), detail_dto(&v))),
        Err(e) => Err(write_refused(viewer.lang, e, "question")),
    }
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
    params(("id" = String, Path, description = "The consulta's number or public id.")),
    responses(
        (status = 200, description = "The consulta.", body = ConsultaDetail),
        SignInRequired,
        (status = 403, description = "The viewer has no role in the consulted subtree (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        UnknownConsulta,
    ),
)]
pub(super) async fn get_consulta(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let ctx = viewer.ctx.clone();
    match state.run(move |store| consulta::view(store, &ctx, &id)).await {
        Ok(v) => Ok(Json(detail_dto(&v)).into_response()),
        Err(e) => Err(WebError::api(viewer.lang, e)),
    }
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
    params(("id" = String, Path, description = "The consulta's number or public id.")),
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
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<String>,
    payload: Result<Json<NewDeadline>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = admit(&viewer, &headers, payload)?;
    let ctx = viewer.ctx.clone();
    match state.run(move |store| consulta::extend(store, &ctx, &id, &input.deadline)).await {
        Ok(c) => Ok(Json(consulta_dto(&c)).into_response()),
        Err(e) => Err(write_refused(viewer.lang, e, "deadline")),
    }
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
    params(("id" = String, Path, description = "The consulta's number or public id.")),
    responses(
        (status = 200, description = "The consulta, closed.", body = Consulta),
        SignInRequired,
        MayNotManage,
        UnknownConsulta,
        (status = 409, description = "It was already closed (`consulta_closed`).", body = Problem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn close(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    crate::http::respond::admit_viewer(&viewer, &headers)?;
    let ctx = viewer.ctx.clone();
    match state.run(move |store| consulta::close(store, &ctx, &id)).await {
        Ok(c) => Ok(Json(consulta_dto(&c)).into_response()),
        Err(e) => Err(WebError::api(viewer.lang, e)),
    }
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
    params(("id" = i64, Path, description = "The assembly's number.")),
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
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
    payload: Result<Json<AgendaConsulta>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = admit(&viewer, &headers, payload)?;
    let form = AgendaForm {
        consulta: input.consulta_id,
        rule: input.rule,
        candidates: input.candidates.into_iter().map(PersonId).collect(),
    };
    let ctx = viewer.ctx.clone();
    match state.run(move |store| consulta::put_on_agenda(store, &ctx, AssemblyId(id), &form)).await {
        Ok(m) => Ok(created(Some(format!("/api/v1/motions/{}", m.id.0)), motion_dto(&m))),
        Err(e) => Err(write_refused(viewer.lang, e, "consulta_id")),
    }
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
    params(("id" = String, Path, description = "The consulta's number or public id.")),
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
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<String>,
    payload: Result<Json<NomineesElection>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = admit(&viewer, &headers, payload)?;
    let term_end = match input.term_end.as_deref().map(|t| parse_optional_date(Field::TermEnd, t)) {
        None => None,
        Some(Ok(day)) => day,
        Some(Err(e)) => return Err(write_refused(viewer.lang, e.into(), "term_end")),
    };
    let count = match input.count {
        Some(n) if n == 0 || n > consulta::NOMINEES_MAX as u64 => {
            let e = DomainError::OutOfRange {
                field: Field::Count,
                value: n.to_string(),
                min: "1".into(),
                max: consulta::NOMINEES_MAX.to_string(),
            };
            return Err(write_refused(viewer.lang, e.into(), "count"));
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
    let ctx = viewer.ctx.clone();
    match state.run(move |store| consulta::nominees_to_election(store, &ctx, &id, &form)).await {
        Ok(m) => Ok(created(Some(format!("/api/v1/motions/{}", m.id.0)), motion_dto(&m))),
        Err(e) => Err(write_refused(viewer.lang, e, "office_title")),
    }
}
