//! Petitions in JSON: a body's inbox and raising a petition, its authorities, a petition with its
//! path, the motion that puts it before the holder's assembly, replies, and the delegation.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::response::{IntoResponse, Response};
use cabildo_domain::assembly::AssemblyId;
use cabildo_services::petitions::{
    self, AuthorityForm, AuthorityRecord, PetitionLine, PetitionRecord, PetitionView, ProposeForm, RaiseForm,
    ReplyForm, ReplyRecord, resolution_number,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::http::dto::Body;
use crate::http::problem::{Problem, ValidationProblem};
use crate::http::respond::created;
use crate::http::responses::{BadJson, MayNotSeeBody, SignInRequired, UnknownBody, UnknownCredentials};
use crate::http::{Api, Path, Query, WebError};

/// A petition (or a pliego) as stored, with how it stands today.
#[derive(Serialize, ToSchema)]
pub struct Petition {
    id: i64,
    #[schema(format = "uuid")]
    public_id: String,
    /// `petition` or `pliego`.
    kind: &'static str,
    title: String,
    /// The body that raised it (a pliego's: the body that merged it) and its resolution.
    origin_id: i64,
    resolution_id: i64,
    /// The body whose inbox holds it.
    holder_id: i64,
    /// `waiting`, `returned`, `merged` or `addressed`.
    status: &'static str,
    /// Computed today: `waiting`, `overdue`, `returned`, `merged`, `addressed`, `silence` (addressed
    /// and past the reply deadline with no reply) or `replied_<kind>`.
    standing: String,
    overdue: bool,
    #[schema(required = true)]
    merged_into: Option<i64>,
    #[schema(format = Date, required = true)]
    answer_by: Option<String>,
    /// Unix seconds.
    raised_at: i64,
    #[schema(required = true)]
    authority_id: Option<i64>,
    /// The oficio's reference ("F1-OF-3/2026"), once addressed.
    #[schema(required = true)]
    oficio: Option<String>,
    #[schema(format = Date, required = true)]
    reply_by: Option<String>,
}

fn petition_dto(r: &PetitionRecord, holder_code: &str, standing: petitions::Standing) -> Petition {
    Petition {
        id: r.id.0,
        public_id: r.public_id.to_string(),
        kind: r.kind.code(),
        title: r.title.clone(),
        origin_id: r.origin_body_id.0,
        resolution_id: r.resolution_id,
        holder_id: r.holder_body_id.0,
        status: r.status.code(),
        standing: standing.code(),
        overdue: standing.is_overdue(),
        merged_into: r.merged_into.map(|p| p.0),
        answer_by: r.answer_by.map(|d| d.to_string()),
        raised_at: r.raised_at,
        authority_id: r.authority_id.map(|a| a.0),
        oficio: r.oficio_number.zip(r.oficio_year).map(|(n, y)| {
            cabildo_domain::petition::oficio_reference(holder_code, n, i32::try_from(y).unwrap_or_default())
        }),
        reply_by: r.reply_by.map(|d| d.to_string()),
    }
}

/// An authority's reply.
#[derive(Serialize, ToSchema)]
pub struct PetitionReply {
    id: i64,
    /// `meeting`, `partial`, `full` or `refusal`.
    kind: &'static str,
    #[schema(format = Date)]
    received_on: String,
    text: String,
    /// "2026-12-10 10:00".
    #[schema(required = true)]
    meeting_at: Option<String>,
    #[schema(required = true)]
    meeting_place: Option<String>,
    /// The delegation's assembly, once convened.
    #[schema(required = true)]
    assembly_id: Option<i64>,
}

fn reply_dto(r: &ReplyRecord) -> PetitionReply {
    PetitionReply {
        id: r.id,
        kind: r.kind.code(),
        received_on: r.received_on.to_string(),
        text: r.text.clone(),
        meeting_at: r.meeting_at.clone(),
        meeting_place: r.meeting_place.clone(),
        assembly_id: r.assembly_id.map(|a| a.0),
    }
}

/// A petition in a list, with its origin, holder and last reply.
#[derive(Serialize, ToSchema)]
pub struct PetitionItem {
    petition: Petition,
    origin: Body,
    /// The body whose inbox holds it.
    held_by: Body,
    #[schema(required = true)]
    last_reply: Option<PetitionReply>,
}

fn item(l: &PetitionLine) -> PetitionItem {
    PetitionItem {
        petition: petition_dto(&l.record, &l.holder.code, l.standing),
        origin: Body::from(&l.origin),
        held_by: Body::from(&l.holder),
        last_reply: l.last_reply.as_ref().map(reply_dto),
    }
}

/// A page of a body's inbox.
#[derive(Serialize, ToSchema)]
pub struct PetitionInbox {
    body: Body,
    /// `all`, `waiting` or `overdue`.
    filter: &'static str,
    petitions: Vec<PetitionItem>,
    /// How many match the filter; how many wait and are overdue.
    total: u64,
    waiting: u64,
    overdue: u64,
    /// The page (0 first) and how many there are.
    page: u64,
    pages: u64,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct InboxParams {
    /// `waiting` or `overdue`; left out, every petition the body holds.
    #[serde(default)]
    filter: Option<String>,
    /// The page, 0 first (25 a page).
    #[serde(default)]
    page: Option<u64>,
}

/// A body's petition inbox
///
/// The petitions the body holds, newest first, 25 a page, with the counts of those waiting and
/// overdue (waiting past the date the sender asked a decision by). For whoever may see the body.
#[utoipa::path(
    get,
    path = "/api/v1/bodies/{id}/petitions",
    operation_id = "petition_inbox",
    tag = "petitions",
    params(("id" = i64, Path, description = "The body's number."), InboxParams),
    responses(
        (status = 200, description = "A page of the inbox.", body = PetitionInbox),
        SignInRequired,
        MayNotSeeBody,
        UnknownBody,
    ),
)]
pub(super) async fn inbox(api: Api, Path(id): Path<i64>, Query(q): Query<InboxParams>) -> Result<Response, WebError> {
    let filter = super::pages::filter_of(q.filter.as_deref(), api.viewer.ctx.today);
    let page = q.page.unwrap_or(0);
    let i = api.run(move |store, ctx| petitions::inbox(store, ctx, &id.to_string(), filter, page)).await?;
    Ok(Json(PetitionInbox {
        body: Body::from(&i.body),
        filter: match i.filter {
            petitions::InboxFilter::All => "all",
            petitions::InboxFilter::Waiting => "waiting",
            petitions::InboxFilter::Overdue(_) => "overdue",
        },
        petitions: i.lines.iter().map(item).collect(),
        total: i.total,
        waiting: i.waiting,
        overdue: i.overdue,
        page: i.page,
        pages: i.pages,
    })
    .into_response())
}

/// What raising a petition takes.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"resolution": "3/2026", "answer_by": "2026-12-15"}))]
pub struct NewPetition {
    /// One of the body's resolutions: its number on this instance, its public id, or "3/2026".
    resolution: String,
    /// The body it goes to (number, public id or code); left out, the parent. Any other body is
    /// refused (`petition_skips_level`).
    #[serde(default)]
    to: Option<String>,
    /// The date by which the parent is asked to decide.
    #[serde(default)]
    #[schema(format = Date)]
    answer_by: Option<String>,
}

/// Raise a petition
///
/// Raises one of the body's resolutions as a petition to its parent body, never past it. For
/// those who run the body's assemblies.
#[utoipa::path(
    post,
    path = "/api/v1/bodies/{id}/petitions",
    operation_id = "raise_petition",
    tag = "petitions",
    params(("id" = i64, Path, description = "The raising body's number.")),
    request_body = NewPetition,
    responses(
        (status = 201, description = "The petition; `Location` is its address in this API.", body = Petition,
            headers(("Location" = String, description = "`/api/v1/petitions/{id}`."))),
        BadJson,
        UnknownCredentials,
        (status = 403, description = "The viewer may not run this body's assemblies (`forbidden`), or a write with \
            the session cookie lacks `X-CSRF-Token` (`forbidden_anywhere`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "No such body or resolution (`unknown_body`, `unknown_resolution`).",
            body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The body is closed (`body_closed`) or the resolution was raised already \
            (`petition_already_raised`).", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`to` is not the parent (`petition_skips_level`), the body has none \
            (`petition_no_parent`), the resolution is another body's (`petition_not_own_resolution`), or a bad \
            field.", body = ValidationProblem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn raise(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<NewPetition>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let form = RaiseForm {
        resolution: input.resolution,
        to: input.to.unwrap_or_default(),
        answer_by: input.answer_by.unwrap_or_default(),
    };
    let r = api.run(move |store, ctx| petitions::raise(store, ctx, &id.to_string(), &form)).await?;
    let standing = petitions::Standing::of(r.status, r.answer_by, r.reply_by, &[], api.viewer.ctx.today);
    Ok(created(Some(format!("/api/v1/petitions/{}", r.id.0)), petition_dto(&r, "", standing)))
}

/// An outside authority a body keeps as a contact.
#[derive(Serialize, ToSchema)]
pub struct Authority {
    id: i64,
    #[schema(format = "uuid")]
    public_id: String,
    body_id: i64,
    name: String,
    office: String,
    address: String,
}

fn authority_dto(a: &AuthorityRecord) -> Authority {
    Authority {
        id: a.id.0,
        public_id: a.public_id.to_string(),
        body_id: a.body_id.0,
        name: a.name.clone(),
        office: a.office.clone(),
        address: a.address.clone(),
    }
}

/// A body's authorities.
#[derive(Serialize, ToSchema)]
pub struct AuthorityList {
    body: Body,
    authorities: Vec<Authority>,
}

/// A body's outside authorities
///
/// The ministries, governors, mayors the body keeps as contacts. For whoever may see the body.
#[utoipa::path(
    get,
    path = "/api/v1/bodies/{id}/authorities",
    operation_id = "list_authorities",
    tag = "petitions",
    params(("id" = i64, Path, description = "The body's number.")),
    responses(
        (status = 200, description = "The authorities.", body = AuthorityList),
        SignInRequired,
        MayNotSeeBody,
        UnknownBody,
    ),
)]
pub(super) async fn authorities(api: Api, Path(id): Path<i64>) -> Result<Response, WebError> {
    let found = api.run(move |store, ctx| petitions::authorities(store, ctx, &id.to_string())).await?;
    Ok(Json(AuthorityList {
        body: Body::from(&found.body),
        authorities: found.list.iter().map(authority_dto).collect(),
    })
    .into_response())
}

/// What adding an authority takes: the institution, the office addressed (not the person), an
/// address.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Ministerio de Desarrollo Rural y Tierras", "office": "Ministro",
    "address": "Av. Camacho 1471, La Paz"}))]
pub struct NewAuthority {
    name: String,
    office: String,
    address: String,
}

/// Add an authority
///
/// Adds an outside authority to the body's contacts. For those who run the body's assemblies.
#[utoipa::path(
    post,
    path = "/api/v1/bodies/{id}/authorities",
    operation_id = "add_authority",
    tag = "petitions",
    params(("id" = i64, Path, description = "The body's number.")),
    request_body = NewAuthority,
    responses(
        (status = 201, description = "The authority.", body = Authority),
        BadJson,
        UnknownCredentials,
        (status = 403, description = "The viewer may not run this body's assemblies (`forbidden`), or a write with \
            the session cookie lacks `X-CSRF-Token`.", body = Problem, content_type = "application/problem+json"),
        UnknownBody,
        (status = 422, description = "A field is missing or too long.", body = ValidationProblem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn add_authority(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<NewAuthority>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let form = AuthorityForm { name: input.name, office: input.office, address: input.address };
    let a = api.run(move |store, ctx| petitions::add_authority(store, ctx, &id.to_string(), &form)).await?;
    Ok(created(None, authority_dto(&a)))
}

/// A step of a petition's path.
#[derive(Serialize, ToSchema)]
pub struct PetitionStep {
    /// `raised`, `endorsed`, `returned`, `merged` or `addressed`.
    action: &'static str,
    /// The body that acted, and where the petition went.
    body: Body,
    #[schema(required = true)]
    to: Option<Body>,
    /// The acting body's resolution ("3/2026") and its id.
    #[schema(required = true)]
    resolution: Option<String>,
    #[schema(required = true)]
    resolution_id: Option<i64>,
    /// Why it was returned (or the pliego's title).
    reasons: String,
    /// Unix seconds.
    at: i64,
}

/// A resolution an oficio cites.
#[derive(Serialize, ToSchema)]
pub struct PetitionCitation {
    body: Body,
    resolution_id: i64,
    /// "3/2026".
    number: String,
    #[schema(format = Date)]
    adopted_on: String,
    title: String,
}

/// A petition with its whole path.
#[derive(Serialize, ToSchema)]
pub struct PetitionDetail {
    petition: Petition,
    origin: Body,
    /// The body whose inbox holds it.
    held_by: Body,
    steps: Vec<PetitionStep>,
    citations: Vec<PetitionCitation>,
    replies: Vec<PetitionReply>,
    #[schema(required = true)]
    authority: Option<Authority>,
    /// For a pliego, the petitions merged into it.
    members: Vec<Petition>,
}

fn detail(v: &PetitionView, today: cabildo_domain::Date) -> PetitionDetail {
    let standing_of = |r: &PetitionRecord| petitions::Standing::of(r.status, r.answer_by, r.reply_by, &[], today);
    PetitionDetail {
        petition: petition_dto(&v.record, &v.holder.code, v.standing),
        origin: Body::from(&v.origin),
        held_by: Body::from(&v.holder),
        steps: v
            .steps
            .iter()
            .map(|s| PetitionStep {
                action: s.step.action.code(),
                body: Body::from(&s.body),
                to: s.to.as_ref().map(Body::from),
                resolution: s.resolution.as_ref().map(resolution_number),
                resolution_id: s.step.resolution_id,
                reasons: s.step.reasons.clone(),
                at: s.step.at,
            })
            .collect(),
        citations: v
            .citations
            .iter()
            .map(|c| PetitionCitation {
                body: Body::from(&c.body),
                resolution_id: c.resolution.id,
                number: resolution_number(&c.resolution),
                adopted_on: c.resolution.adopted_on.to_string(),
                title: c.resolution.title.clone(),
            })
            .collect(),
        replies: v.replies.iter().map(reply_dto).collect(),
        authority: v.authority.as_ref().map(authority_dto),
        members: v.members.iter().map(|(m, _)| petition_dto(m, "", standing_of(m))).collect(),
    }
}

/// One petition
///
/// A petition with its path (every step, with the resolution of each level), the resolutions
/// its oficio cites, the authority and the replies. For whoever may see a body on its path; to
/// anyone else it does not exist (404).
#[utoipa::path(
    get,
    path = "/api/v1/petitions/{id}",
    operation_id = "get_petition",
    tag = "petitions",
    params(("id" = i64, Path, description = "The petition's number.")),
    responses(
        (status = 200, description = "The petition.", body = PetitionDetail),
        SignInRequired,
        (status = 404, description = "No such petition, or none the viewer may see (`unknown_petition`).",
            body = Problem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn view(api: Api, Path(id): Path<i64>) -> Result<Response, WebError> {
    let v = api.run(move |store, ctx| petitions::view(store, ctx, &id.to_string())).await?;
    Ok(Json(detail(&v, api.viewer.ctx.today)).into_response())
}

/// What putting a petition before an assembly takes.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"assembly_id": 7, "action": "address", "authority": "2", "reply_by": "2026-12-20"}))]
pub struct NewPetitionMotion {
    /// An assembly in session of the body that holds the petition.
    assembly_id: i64,
    /// `endorse`, `return`, `merge` or `address`.
    action: String,
    /// The motion's title; left out, the petition's.
    #[serde(default)]
    title: Option<String>,
    /// Required to return it (the base reads them) and to merge (the pliego's title).
    #[serde(default)]
    reasons: Option<String>,
    /// To merge: the other petitions of the inbox, by number.
    #[serde(default)]
    others: Vec<i64>,
    /// To address: the authority's number among the body's contacts.
    #[serde(default)]
    authority: Option<String>,
    /// To address: the last day for a reply.
    #[serde(default)]
    #[schema(format = Date)]
    reply_by: Option<String>,
}

/// The motion that puts a petition before an assembly.
#[derive(Serialize, ToSchema)]
pub struct PetitionMotion {
    id: i64,
    assembly_id: i64,
    number: i64,
    title: String,
}

/// Put a petition before an assembly
///
/// Moves a motion in an assembly in session of the body that holds the petition; adopting it
/// endorses the petition (it rises to the body's parent), returns it with reasons, merges it with
/// others into a pliego, or addresses it to an authority — in the vote's transaction.
#[utoipa::path(
    post,
    path = "/api/v1/petitions/{id}/motions",
    operation_id = "put_petition_on_agenda",
    tag = "petitions",
    params(("id" = i64, Path, description = "The petition's number.")),
    request_body = NewPetitionMotion,
    responses(
        (status = 201, description = "The motion.", body = PetitionMotion),
        BadJson,
        UnknownCredentials,
        (status = 403, description = "The viewer may not run the assembly (`forbidden`), or a write with the session \
            cookie lacks `X-CSRF-Token`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such petition (`unknown_petition`), assembly (`unknown_assembly`) or \
            authority (`unknown_authority`).", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The petition is held by another body (`petition_not_holder`) or no longer \
            waits (`petition_not_waiting`), or the assembly is not in session.", body = Problem,
            content_type = "application/problem+json"),
        (status = 422, description = "Reasons missing (`petition_reasons_required`), nothing to merge \
            (`petition_nothing_to_merge`), no body above (`petition_no_parent`), or a bad field.",
            body = ValidationProblem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn propose(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<NewPetitionMotion>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let assembly = AssemblyId(input.assembly_id);
    let form = ProposeForm {
        action: input.action,
        title: input.title.unwrap_or_default(),
        reasons: input.reasons.unwrap_or_default(),
        others: input.others.iter().map(i64::to_string).collect::<Vec<_>>().join(","),
        authority: input.authority.unwrap_or_default(),
        reply_by: input.reply_by.unwrap_or_default(),
    };
    let m = api.run(move |store, ctx| petitions::propose(store, ctx, &id.to_string(), assembly, &form)).await?;
    Ok(created(None, PetitionMotion { id: m.id.0, assembly_id: m.assembly_id.0, number: m.number, title: m.title }))
}

/// What recording a reply takes.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"kind": "meeting", "received_on": "2026-12-05", "text": "El Ministro recibirá a la delegación.",
    "meeting_at": "2026-12-10 10:00", "meeting_place": "Despacho del Ministro"}))]
pub struct NewPetitionReply {
    /// `meeting`, `partial`, `full` or `refusal`.
    kind: String,
    /// Left out: today.
    #[serde(default)]
    #[schema(format = Date)]
    received_on: Option<String>,
    #[serde(default)]
    text: Option<String>,
    /// Required for a meeting: "2026-12-10 10:00".
    #[serde(default)]
    meeting_at: Option<String>,
    #[serde(default)]
    meeting_place: Option<String>,
}

/// Record a reply
///
/// Records an authority's reply to a petition the body addressed. For those who run the
/// addressing body's assemblies.
#[utoipa::path(
    post,
    path = "/api/v1/petitions/{id}/replies",
    operation_id = "record_petition_reply",
    tag = "petitions",
    params(("id" = i64, Path, description = "The petition's number.")),
    request_body = NewPetitionReply,
    responses(
        (status = 201, description = "The reply.", body = PetitionReply),
        BadJson,
        UnknownCredentials,
        (status = 403, description = "The viewer may not run the addressing body's assemblies (`forbidden`), or a \
            write with the session cookie lacks `X-CSRF-Token`.", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "No such petition (`unknown_petition`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "The petition was never sent to an authority (`petition_not_sent`).",
            body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A meeting without its date (`petition_meeting_required`), or a bad field.",
            body = ValidationProblem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn reply(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<NewPetitionReply>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let form = ReplyForm {
        kind: input.kind,
        received_on: input.received_on.unwrap_or_default(),
        text: input.text.unwrap_or_default(),
        meeting_at: input.meeting_at.unwrap_or_default(),
        meeting_place: input.meeting_place.unwrap_or_default(),
    };
    let r = api.run(move |store, ctx| petitions::reply(store, ctx, &id.to_string(), &form)).await?;
    Ok(created(None, reply_dto(&r)))
}

/// What convening a delegation takes.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDelegation {
    /// The meeting reply.
    reply_id: i64,
    /// The assembly's title.
    title: String,
}

/// The delegation's assembly.
#[derive(Serialize, ToSchema)]
pub struct Delegation {
    assembly_id: i64,
    /// "2026-12-10 10:00".
    scheduled_for: String,
    place: String,
}

/// Convene the delegation
///
/// Convenes an extraordinaria of the addressing body at the meeting's date, time and place, and
/// links it from the reply. For those who run the body's assemblies.
#[utoipa::path(
    post,
    path = "/api/v1/petitions/{id}/delegation",
    operation_id = "convene_petition_delegation",
    tag = "petitions",
    params(("id" = i64, Path, description = "The petition's number.")),
    request_body = NewDelegation,
    responses(
        (status = 201, description = "The assembly convened.", body = Delegation),
        BadJson,
        UnknownCredentials,
        (status = 403, description = "The viewer may not run the body's assemblies (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "No such petition (`unknown_petition`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "The reply is not a meeting or was convened already \
            (`petition_no_meeting_to_convene`).", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad field (the title).", body = ValidationProblem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn delegation(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<NewDelegation>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let a = api
        .run(move |store, ctx| petitions::convene_delegation(store, ctx, &id.to_string(), input.reply_id, &input.title))
        .await?;
    Ok(created(
        Some(format!("/api/v1/assemblies/{}", a.id.0)),
        Delegation {
            assembly_id: a.id.0,
            scheduled_for: a.scheduled_for.format("%Y-%m-%d %H:%M").to_string(),
            place: a.place,
        },
    ))
}
