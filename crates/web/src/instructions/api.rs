//! Instructions in JSON: a body's list and sending one, an instruction at one level of the tree,
//! an officer's acknowledgement and the motion that puts it before a recipient's assembly.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::response::{IntoResponse, Response};
use cabildo_domain::assembly::AssemblyId;
use cabildo_services::instructions::{
    self, AckRecord, InstructionLine, InstructionRecord, InstructionView, SendForm, Standing, resolution_number,
    who_acknowledged,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::http::dto::{Body, BodyNumber};
use crate::http::problem::{Problem, ValidationProblem};
use crate::http::respond::created;
use crate::http::responses::{BadJson, MayNotSeeBody, ReadBody, SignInRequired, UnknownCredentials};
use crate::http::{Api, Path, Query, WebError};

/// The number in a path such as `/api/v1/instructions/{id}`.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
struct InstructionNumber {
    /// The instruction's number.
    #[expect(dead_code, reason = "it only documents the path in the OpenAPI document")]
    id: i64,
}

/// How many recipients have acknowledged, of how many.
#[derive(Serialize, ToSchema)]
pub struct InstructionCounts {
    recipients: u64,
    acknowledged: u64,
    missing: u64,
}

impl From<&Standing> for InstructionCounts {
    fn from(s: &Standing) -> Self {
        InstructionCounts { recipients: s.recipients, acknowledged: s.acknowledged, missing: s.missing() }
    }
}

/// The resolution an instruction sends down.
#[derive(Serialize, ToSchema)]
pub struct InstructionResolution {
    id: i64,
    #[schema(format = "uuid")]
    public_id: String,
    /// "3/2026".
    number: String,
    title: String,
    text: String,
}

/// An instruction as sent: by whom, which resolution, to whom.
#[derive(Serialize, ToSchema)]
pub struct Instruction {
    id: i64,
    #[schema(format = "uuid")]
    public_id: String,
    /// The body that sent it.
    sender_id: i64,
    resolution_id: i64,
    /// The body below the sender whose subtree receives it; `null`: every body below the sender.
    #[schema(required = true)]
    under_id: Option<i64>,
    /// Only bodies of this kind receive it; `null`: every kind.
    #[schema(required = true)]
    kind: Option<&'static str>,
    note: String,
    /// The date by which to acknowledge, if one was given.
    #[schema(format = Date, required = true)]
    ack_by: Option<String>,
    /// Unix seconds.
    sent_at: i64,
    sent_by: String,
}

fn instruction_dto(r: &InstructionRecord) -> Instruction {
    Instruction {
        id: r.id.0,
        public_id: r.public_id.to_string(),
        sender_id: r.body_id.0,
        resolution_id: r.resolution_id,
        under_id: r.scope_body_id.map(|b| b.0),
        kind: r.scope_kind.map(|k| k.code()),
        note: r.note.clone(),
        ack_by: r.ack_by.map(|d| d.to_string()),
        sent_at: r.sent_at,
        sent_by: r.sent_by.clone(),
    }
}

/// A recipient's acknowledgement: by an officer (the account, and the person and office where it
/// is linked) or by its assembly (the motion and the resolution it became).
#[derive(Serialize, ToSchema)]
pub struct InstructionAcknowledgement {
    body_id: i64,
    /// Unix seconds.
    acknowledged_at: i64,
    /// `officer` or `assembly`.
    by: &'static str,
    /// Who acted: an account's username (the assembly's: who closed the vote).
    actor: String,
    /// The officer as named on the page: the person and office, or the account.
    #[schema(required = true)]
    officer: Option<String>,
    #[schema(required = true)]
    office: Option<String>,
    #[schema(required = true)]
    motion_id: Option<i64>,
    #[schema(required = true)]
    resolution_id: Option<i64>,
}

fn ack_dto(a: &AckRecord) -> InstructionAcknowledgement {
    let by_assembly = a.motion_id.is_some();
    InstructionAcknowledgement {
        body_id: a.body_id.0,
        acknowledged_at: a.acknowledged_at,
        by: if by_assembly { "assembly" } else { "officer" },
        actor: a.actor.clone(),
        officer: (!by_assembly).then(|| who_acknowledged(a)),
        office: a.office.clone(),
        motion_id: a.motion_id.map(|m| m.0),
        resolution_id: a.resolution_id,
    }
}

/// An instruction in a body's list, counted within the body's subtree.
#[derive(Serialize, ToSchema)]
pub struct InstructionItem {
    instruction: Instruction,
    sender: Body,
    resolution: InstructionResolution,
    /// Recipients in the body's subtree (the body itself included).
    counts: InstructionCounts,
    /// For the body itself: `pending`, `acknowledged`, or `null` when it is not a recipient.
    #[schema(required = true)]
    own: Option<&'static str>,
}

fn resolution_dto(r: &cabildo_services::assembly::ResolutionRecord) -> InstructionResolution {
    InstructionResolution {
        id: r.id,
        public_id: r.public_id.to_string(),
        number: resolution_number(r),
        title: r.title.clone(),
        text: r.text.clone(),
    }
}

fn item(l: &InstructionLine) -> InstructionItem {
    InstructionItem {
        instruction: instruction_dto(&l.record),
        sender: Body::from(&l.sender),
        resolution: resolution_dto(&l.resolution),
        counts: InstructionCounts::from(&l.standing),
        own: l.own.as_ref().map(|o| if o.is_some() { "acknowledged" } else { "pending" }),
    }
}

/// A body's instructions.
#[derive(Serialize, ToSchema)]
pub struct InstructionList {
    body: Body,
    /// Those it sent, newest first.
    sent: Vec<InstructionItem>,
    /// Those that reached it or a body below it, those it must still acknowledge first.
    received: Vec<InstructionItem>,
}

/// A body's instructions
///
/// The instructions the body sent and those that reached it or the bodies below it, each counted
/// within the body's subtree. For whoever may see the body.
#[utoipa::path(
    get,
    path = "/api/v1/bodies/{id}/instructions",
    operation_id = "list_instructions",
    tag = "instructions",
    params(BodyNumber),
    responses((status = 200, description = "The body's instructions.", body = InstructionList), ReadBody),
)]
pub(super) async fn list(api: Api, Path(id): Path<i64>) -> Result<Response, WebError> {
    let found = api.run(move |store, ctx| instructions::for_body(store, ctx, &id.to_string())).await?;
    Ok(Json(InstructionList {
        body: Body::from(&found.body),
        sent: found.sent.iter().map(item).collect(),
        received: found.received.iter().map(item).collect(),
    })
    .into_response())
}

/// What sending an instruction takes.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"resolution": "3/2026", "kind": "sindicato", "ack_by": "2026-12-15",
    "note": "Leer en la próxima asamblea."}))]
pub struct NewInstruction {
    /// One of the sending body's resolutions: its number on this instance, its public id, or
    /// "3/2026".
    resolution: String,
    /// A body below the sender (number, public id or code) whose subtree receives it; left out,
    /// every body below the sender.
    #[serde(default)]
    under: Option<String>,
    /// Only bodies of this kind (`sindicato`, `central`, …); left out, every kind.
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    note: Option<String>,
    /// The date by which to acknowledge.
    #[serde(default)]
    #[schema(format = Date)]
    ack_by: Option<String>,
}

/// Send an instruction
///
/// Sends one of the body's resolutions down as an instruction to every open body below it, to
/// those of one kind, or to a chosen sub-body's subtree; the recipients are fixed now. For the
/// body's officers (those who run its assemblies) and administrators above it.
#[utoipa::path(
    post,
    path = "/api/v1/bodies/{id}/instructions",
    operation_id = "send_instruction",
    tag = "instructions",
    params(("id" = i64, Path, description = "The sending body's number.")),
    request_body = NewInstruction,
    responses(
        (status = 201, description = "The instruction; `Location` is its address in this API.", body = Instruction,
            headers(("Location" = String, description = "`/api/v1/instructions/{id}`."))),
        BadJson,
        UnknownCredentials,
        (status = 403, description = "The viewer may not run this body's assemblies (`forbidden`), or a write with \
            the session cookie lacks `X-CSRF-Token` (`forbidden_anywhere`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "No such body (`unknown_body`, also for `under`) or resolution \
            (`unknown_resolution`).", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The body is closed (`body_closed`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 422, description = "`under` is not below the sender (`instruction_outside_subtree`), the \
            resolution is another body's (`instruction_not_own_resolution`), nobody would receive it \
            (`instruction_no_recipients`), or a bad field (`kind`, `ack_by`, `note`).",
            body = ValidationProblem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn send(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<NewInstruction>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let form = SendForm {
        resolution: input.resolution,
        under: input.under.unwrap_or_default(),
        kind: input.kind.unwrap_or_default(),
        note: input.note.unwrap_or_default(),
        ack_by: input.ack_by.unwrap_or_default(),
    };
    let record = api.run(move |store, ctx| instructions::send(store, ctx, &id.to_string(), &form)).await?;
    Ok(created(Some(format!("/api/v1/instructions/{}", record.id.0)), instruction_dto(&record)))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct LevelQuery {
    /// The body of the sender's subtree to count at (number, public id or code); by default the
    /// highest the viewer may see.
    #[serde(default)]
    body: Option<String>,
}

/// A body right below the level.
#[derive(Serialize, ToSchema)]
pub struct InstructionChildCounts {
    body: Body,
    counts: InstructionCounts,
    /// The body itself: `pending`, `acknowledged`, or `null` when it is not a recipient.
    #[schema(required = true)]
    own: Option<&'static str>,
}

/// A recipient that has not acknowledged.
#[derive(Serialize, ToSchema)]
pub struct InstructionMissingBody {
    body: Body,
}

/// An instruction at one level of the tree.
#[derive(Serialize, ToSchema)]
pub struct InstructionStatus {
    instruction: Instruction,
    sender: Body,
    resolution: InstructionResolution,
    /// The body counted at.
    level: Body,
    /// Recipients in the level's subtree (itself included).
    counts: InstructionCounts,
    /// The level itself: `pending`, `acknowledged`, or `null` when it is not a recipient.
    #[schema(required = true)]
    own: Option<&'static str>,
    /// Each body right below the level that has recipients in its subtree.
    below: Vec<InstructionChildCounts>,
    /// Every recipient of the level's subtree that has not acknowledged, parents first.
    missing: Vec<InstructionMissingBody>,
    /// The acknowledgements within the level's subtree, oldest first.
    acknowledgements: Vec<InstructionAcknowledgement>,
}

fn own_code(own: Option<&Option<AckRecord>>) -> Option<&'static str> {
    own.map(|o| if o.is_some() { "acknowledged" } else { "pending" })
}

fn status_dto(v: &InstructionView) -> InstructionStatus {
    InstructionStatus {
        instruction: instruction_dto(&v.record),
        sender: Body::from(&v.sender),
        resolution: resolution_dto(&v.resolution),
        level: Body::from(&v.level),
        counts: InstructionCounts::from(&v.total),
        own: own_code(v.own.as_ref()),
        below: v
            .children
            .iter()
            .map(|c| InstructionChildCounts {
                body: Body::from(&c.body),
                counts: InstructionCounts::from(&c.standing),
                own: own_code(c.own.as_ref()),
            })
            .collect(),
        missing: v.missing.iter().map(|(b, _)| InstructionMissingBody { body: Body::from(b) }).collect(),
        acknowledgements: v.acknowledged.iter().map(|(_, a)| ack_dto(a)).collect(),
    }
}

/// An instruction, who has acknowledged and who has not
///
/// The instruction counted at one body of the sender's subtree: how many recipients below have
/// acknowledged, each body right below with its own count, and every one that has not. Counted
/// from the acknowledgements recorded. For whoever may see that body.
#[utoipa::path(
    get,
    path = "/api/v1/instructions/{id}",
    operation_id = "get_instruction",
    tag = "instructions",
    params(InstructionNumber, LevelQuery),
    responses(
        (status = 200, description = "The instruction at that level.", body = InstructionStatus),
        SignInRequired,
        MayNotSeeBody,
        (status = 404, description = "No such instruction (`unknown_instruction`), or the body is not in the \
            sender's subtree (`unknown_body`).", body = Problem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn view(api: Api, Path(id): Path<i64>, Query(query): Query<LevelQuery>) -> Result<Response, WebError> {
    let v = api.run(move |store, ctx| instructions::view(store, ctx, &id.to_string(), query.body.as_deref())).await?;
    Ok(Json(status_dto(&v)).into_response())
}

/// Which body acknowledges.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewInstructionAcknowledgement {
    /// The recipient body (number, public id or code).
    body: String,
}

/// Acknowledge an instruction
///
/// An officer of a recipient body acknowledges the instruction for it: an account with an
/// officer's role granted on that very body, or linked to a person who holds an office of its
/// directiva (named in the acknowledgement). Once only.
#[utoipa::path(
    post,
    path = "/api/v1/instructions/{id}/acknowledgements",
    operation_id = "acknowledge_instruction",
    tag = "instructions",
    params(InstructionNumber),
    request_body = NewInstructionAcknowledgement,
    responses(
        (status = 201, description = "The acknowledgement.", body = InstructionAcknowledgement),
        BadJson,
        UnknownCredentials,
        (status = 403, description = "The viewer may not see the body (`forbidden`), holds no office in it \
            (`instruction_no_office`), or a write with the session cookie lacks `X-CSRF-Token`.", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "No such instruction (`unknown_instruction`) or body (`unknown_body`).",
            body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The body is not a recipient (`instruction_not_recipient`), or acknowledged \
            already (`instruction_already_acknowledged`, `instruction_already_acknowledged_by_assembly`, naming the \
            first).", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad fields.", body = ValidationProblem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn acknowledge(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<NewInstructionAcknowledgement>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let ack = api.run(move |store, ctx| instructions::acknowledge(store, ctx, &id.to_string(), &input.body)).await?;
    Ok(created(None, ack_dto(&ack)))
}

/// Which assembly takes the instruction.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewInstructionMotion {
    /// An assembly in session of a recipient body.
    assembly_id: i64,
}

/// The motion that puts an instruction before an assembly.
#[derive(Serialize, ToSchema)]
pub struct InstructionMotion {
    id: i64,
    #[schema(format = "uuid")]
    public_id: String,
    assembly_id: i64,
    number: i64,
    title: String,
}

/// Put an instruction before an assembly
///
/// Moves the instruction as a motion (the resolution's title and text) in an assembly in session
/// of a recipient body; adopting it acknowledges the instruction, with the resolution it becomes.
/// For those who run that assembly.
#[utoipa::path(
    post,
    path = "/api/v1/instructions/{id}/motions",
    operation_id = "put_instruction_on_agenda",
    tag = "instructions",
    params(InstructionNumber),
    request_body = NewInstructionMotion,
    responses(
        (status = 201, description = "The motion.", body = InstructionMotion),
        BadJson,
        UnknownCredentials,
        (status = 403, description = "The viewer may not run the assembly (`forbidden`), or a write with the session \
            cookie lacks `X-CSRF-Token`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such instruction (`unknown_instruction`) or assembly \
            (`unknown_assembly`).", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The assembly's body is not a recipient (`instruction_not_recipient`), it \
            acknowledged already, or the assembly is not in session (`assembly_not_open`, `assembly_finished`).",
            body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad fields.", body = ValidationProblem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn agenda(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<NewInstructionMotion>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let assembly = AssemblyId(input.assembly_id);
    let m = api.run(move |store, ctx| instructions::put_on_agenda(store, ctx, &id.to_string(), assembly)).await?;
    Ok(created(
        None,
        InstructionMotion {
            id: m.id.0,
            public_id: m.public_id.to_string(),
            assembly_id: m.assembly_id.0,
            number: m.number,
            title: m.title,
        },
    ))
}
