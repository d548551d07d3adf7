//! Recalls in JSON under `/api/v1`: moving one in an assembly, a recall, a body's recalls.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::response::{IntoResponse, Response};
use cabildo_domain::assembly::AssemblyId;
use cabildo_services::assembly::{self, RecallForm, RecallLine, RecallRecord};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::http::dto::{AssemblyNumber, Body, BodyNumber};
use crate::http::problem::Problem;
use crate::http::respond::created;
use crate::http::responses::{BadFields, BadJson, MayNotRunIt, MayNotSeeBody, ReadBody, SignInRequired};
use crate::http::{Api, Path, WebError};

/// A recall moved in an assembly: a motion naming an office.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"office_id": 42, "title": "Revocatoria del Secretario General de la Federación", "text": "Por abandono de sus funciones.", "proposer": "Socio 12 Mamani"}))]
pub struct NewRecallMotion {
    /// The office recalled: of the assembly's own body, or (from a base) of a body above it.
    office_id: i64,
    /// The recall by the bases under way this motion is put on the agenda for; left out, a
    /// motion against an office with a recall under way joins it anyway.
    #[serde(default)]
    recall_id: Option<i64>,
    title: String,
    text: String,
    proposer: String,
}

/// A recall motion as moved.
#[derive(Serialize, ToSchema)]
pub struct RecallMotionDoc {
    /// The motion's id: it is voted like any motion, by the statute's recall rule.
    id: i64,
    assembly_id: i64,
    /// Its number within the assembly.
    number: i64,
    title: String,
    office_id: i64,
    /// The motion's page.
    url: String,
}

/// An office recalled, with its holder and body.
#[derive(Serialize, ToSchema)]
pub struct RecalledOffice {
    id: i64,
    title: String,
    holder: String,
    body: Body,
    #[schema(format = Date)]
    term_start: String,
    /// The day it ended; `null` while it is held.
    #[schema(format = Date, required = true)]
    ended_on: Option<String>,
    /// `recall`, `term` or `resignation`; `null` while it is held.
    #[schema(required = true)]
    end_reason: Option<&'static str>,
}

/// A base's recall resolution, counted once.
#[derive(Serialize, ToSchema)]
pub struct CountedResolution {
    base: Body,
    resolution_id: i64,
    /// "3/2026".
    number: String,
    title: String,
    #[schema(format = Date)]
    adopted_on: String,
    /// The assembly it was adopted at.
    #[schema(required = true)]
    assembly_id: Option<i64>,
}

/// A recall by the bases: who recalled whom, when, on which resolutions.
#[derive(Serialize, ToSchema)]
pub struct RecallDoc {
    id: i64,
    #[schema(format = "uuid")]
    public_id: String,
    /// `under_way`, `recalled` or `failed` (computed from the window on the server's day).
    status: &'static str,
    office: RecalledOffice,
    /// The share of the bases the statute set when the recall opened ("1/3").
    share: String,
    #[schema(format = Date)]
    opened_on: String,
    /// The last day a base's resolution counts.
    #[schema(format = Date)]
    closes_on: String,
    /// When it was decided: the share reached, or the day after the window closed short of it.
    #[schema(format = Date, required = true)]
    decided_on: Option<String>,
    /// The bases counted when it opened.
    bases: u64,
    /// How many must adopt for the share.
    needed: u64,
    adopted: Vec<CountedResolution>,
    /// The bases that have not adopted one.
    missing: Vec<Body>,
}

/// A recall in a body's list.
#[derive(Serialize, ToSchema)]
pub struct RecallSummary {
    id: i64,
    status: &'static str,
    office_id: i64,
    office: String,
    holder: String,
    /// The office's body, named.
    body: String,
    share: String,
    #[schema(format = Date)]
    opened_on: String,
    #[schema(format = Date)]
    closes_on: String,
    adopted: u64,
    bases: u64,
    needed: u64,
    /// Whether the listed body is a base of it, and whether it has counted.
    base_here: bool,
    counted_here: bool,
}

/// A body's recalls.
#[derive(Serialize, ToSchema)]
pub struct RecallList {
    body: Body,
    recalls: Vec<RecallSummary>,
}

fn decided_on(r: &RecallRecord, status: cabildo_domain::recall::RecallStatus) -> Option<String> {
    use cabildo_domain::recall::RecallStatus;
    match (status, r.decided_on) {
        (RecallStatus::UnderWay, _) => None,
        (_, Some(d)) => Some(d.to_string()),
        (_, None) => r.closes_on.succ_opt().map(|d| d.to_string()),
    }
}

fn summary(l: &RecallLine) -> RecallSummary {
    RecallSummary {
        id: l.recall.id,
        status: l.status.code(),
        office_id: l.office.id.0,
        office: l.office.title.clone(),
        holder: l.office.holder.display(),
        body: l.body.clone(),
        share: l.recall.share.to_string(),
        opened_on: l.recall.opened_on.to_string(),
        closes_on: l.recall.closes_on.to_string(),
        adopted: l.adopted,
        bases: l.bases,
        needed: l.needed,
        base_here: l.base_here,
        counted_here: l.counted_here,
    }
}

/// Move a recall
///
/// A motion recalling an office, in an assembly in session. In the office's own body it is voted
/// by the statute's recall rule and, adopted, ends the office at once (reason `recall`). In a base
/// below the office's body it is a recall resolution: adopted, the first one opens a recall by
/// the bases with the share and window of that body's statute; each base counts once; when the
/// share is reached the office ends at once.
#[utoipa::path(
    post,
    path = "/api/v1/assemblies/{id}/recalls",
    operation_id = "move_recall",
    tag = "assemblies",
    params(AssemblyNumber),
    request_body = NewRecallMotion,
    responses(
        (status = 201, description = "The recall motion.", body = RecallMotionDoc),
        BadJson,
        SignInRequired,
        MayNotRunIt,
        (status = 404, description = "There is no such assembly (`unknown_assembly`), office (`unknown_office`) \
            or recall of that office (`unknown_recall`).", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The assembly is not in session (`assembly_not_open`, `assembly_finished`); \
            the assembly's body has no say over the office (`recall_no_say`); the office ended \
            (`recall_office_ended`); the base already counted (`recall_already_counted`); the recall's window \
            closed (`recall_window_closed`); the office's body's statute sets no share (`recall_no_share`).",
            body = Problem, content_type = "application/problem+json"),
        BadFields,
    ),
)]
pub(super) async fn move_recall(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<NewRecallMotion>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let form = RecallForm {
        office: input.office_id,
        recall: input.recall_id,
        title: input.title,
        text: input.text,
        proposer: input.proposer,
    };
    let office_id = form.office;
    let m = api.write("office_id", move |store, ctx| assembly::move_recall(store, ctx, AssemblyId(id), &form)).await?;
    let url = format!("/assemblies/{id}/motions/{}", m.id.0);
    Ok(created(
        Some(url.clone()),
        RecallMotionDoc { id: m.id.0, assembly_id: id, number: m.number, title: m.title, office_id, url },
    ))
}

/// A recall
///
/// Who is recalled, the share and window, each base's counted resolution, the bases missing.
/// Visible to the office's body and those above it, to the bases that took part and, while it is
/// under way, to every base of it.
#[utoipa::path(
    get,
    path = "/api/v1/recalls/{id}",
    operation_id = "get_recall",
    tag = "assemblies",
    params(("id" = i64, Path, description = "The recall's number.")),
    responses(
        (status = 200, description = "The recall.", body = RecallDoc),
        SignInRequired,
        MayNotSeeBody,
        (status = 404, description = "There is no such recall (`unknown_recall`).", body = Problem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn get_recall(api: Api, Path(id): Path<i64>) -> Result<Response, WebError> {
    let v = api.run(move |store, ctx| assembly::recall_view(store, ctx, id)).await?;
    let o = &v.office;
    Ok(Json(RecallDoc {
        id: v.recall.id,
        public_id: v.recall.public_id.to_string(),
        status: v.status.code(),
        office: RecalledOffice {
            id: o.id.0,
            title: o.title.clone(),
            holder: o.holder.display(),
            body: Body::from(&v.body),
            term_start: o.term_start.to_string(),
            ended_on: o.ended_on.map(|d| d.to_string()),
            end_reason: o.end_reason.map(|r| r.code()),
        },
        share: v.recall.share.to_string(),
        opened_on: v.recall.opened_on.to_string(),
        closes_on: v.recall.closes_on.to_string(),
        decided_on: decided_on(&v.recall, v.status),
        bases: v.bases,
        needed: v.needed,
        adopted: v
            .adopted
            .iter()
            .map(|(base, r)| CountedResolution {
                base: Body::from(base),
                resolution_id: r.resolution_id,
                number: format!("{}/{}", r.number, r.year),
                title: r.title.clone(),
                adopted_on: r.adopted_on.to_string(),
                assembly_id: r.assembly_id,
            })
            .collect(),
        missing: v.missing.iter().map(Body::from).collect(),
    })
    .into_response())
}

/// A body's recalls
///
/// The recalls of its own officers, and those it is a base of (under way, or that it took part
/// in), newest first, as the viewer may see them.
#[utoipa::path(
    get,
    path = "/api/v1/bodies/{id}/recalls",
    operation_id = "list_recalls",
    tag = "assemblies",
    params(BodyNumber),
    responses((status = 200, description = "The recalls.", body = RecallList), ReadBody),
)]
pub(super) async fn body_recalls(api: Api, Path(id): Path<i64>) -> Result<Response, WebError> {
    let (body, lines) = api.run(move |store, ctx| assembly::body_recalls(store, ctx, &id.to_string())).await?;
    Ok(Json(RecallList { body: Body::from(&body), recalls: lines.iter().map(summary).collect() }).into_response())
}
