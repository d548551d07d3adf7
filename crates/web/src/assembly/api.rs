//! The JSON API of assemblies under `/api/v1`: convocatorias, statutes, attendance and quorum,
//! motions and elections, the four vote methods and resolutions. Typed answers that derive
//! `Serialize` and `ToSchema`, a `#[utoipa::path]` on each handler (the router collects them into
//! the OpenAPI document), refusals as RFC 7807 problem documents, and one service call per
//! request; the services check permissions.
//!
//! Two writes are anonymous: a secret ballot (the one-time code is the credential) and a phone
//! vote (the ticket is). The phone vote goes straight to the vote box, without a blocking thread.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use cabildo_domain::assembly::{
    AssemblyId, BallotOption, DecisionRule, MotionId, Statute, Tally, VoteMethod, format_amount,
};
use cabildo_domain::padron::parse_optional_date;
use cabildo_domain::{DomainError, Field, HouseholdId, PersonId};
use cabildo_services::assembly::{
    self, AssemblyRecord, AssemblyView, Attendee, ConveneForm, ElectionForm, MotionForm, MotionRecord, MotionView,
    PhoneAnswer, ResolutionRecord, StatuteForm, StatuteRecord,
};
use cabildo_services::{Ctx, ServiceError, Store};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::http::cookies::language;
use crate::http::dto::Body;
use crate::http::problem::{Problem, ValidationProblem};
use crate::http::respond::{admit, admit_viewer, created, json_body, write_refused};
use crate::http::{Path, Query, Viewer, WebError};
use crate::state::AppState;

// --- Answers ---------------------------------------------------------------------------------

const DATETIME: &str = "%Y-%m-%dT%H:%M";

/// An assembly as convened, with what was fixed when it opened.
#[derive(Serialize, ToSchema)]
pub struct Assembly {
    id: i64,
    body_id: i64,
    /// `ordinaria`, `extraordinaria`, `ampliado`, `congreso` or `cabildo_abierto`.
    kind: &'static str,
    title: String,
    /// Local date and time, `yyyy-mm-ddThh:mm`.
    scheduled_for: String,
    place: String,
    /// `convened`, `open`, `closed` or `cancelled`.
    status: &'static str,
    /// How many were entitled to attend, fixed when it opened; `null` before.
    #[schema(required = true)]
    eligible: Option<u64>,
    /// How many must be present to vote, fixed when it opened; `null` before.
    #[schema(required = true)]
    quorum_required: Option<u64>,
    /// Unix seconds.
    convened_at: i64,
    #[schema(required = true)]
    opened_at: Option<i64>,
    #[schema(required = true)]
    closed_at: Option<i64>,
}

fn assembly_dto(a: &AssemblyRecord) -> Assembly {
    Assembly {
        id: a.id.0,
        body_id: a.body_id.0,
        kind: a.kind.code(),
        title: a.title.clone(),
        scheduled_for: a.scheduled_for.format(DATETIME).to_string(),
        place: a.place.clone(),
        status: a.status.code(),
        eligible: a.eligible,
        quorum_required: a.quorum_required,
        convened_at: a.convened_at,
        opened_at: a.opened_at,
        closed_at: a.closed_at,
    }
}

/// A body's assemblies, newest first.
#[derive(Serialize, ToSchema)]
pub struct AssemblyList {
    body: Body,
    assemblies: Vec<Assembly>,
}

/// A statute: quorum, fine for an unexcused absence, who signs actas.
#[derive(Serialize, ToSchema)]
pub struct StatuteTerms {
    /// 0 for the default a body has before its officers write one.
    version: i64,
    /// `half_plus_one`, `percent:60`, `count:40` or `none`.
    quorum: String,
    /// Bolivianos, `"12.50"`.
    absence_fine: String,
    /// The roles whose holders must sign an acta before it is sealed.
    signers: Vec<&'static str>,
}

fn statute_dto(s: &Statute) -> StatuteTerms {
    StatuteTerms {
        version: s.version,
        quorum: s.quorum.code(),
        absence_fine: format_amount(s.absence_fine),
        signers: s.signer_roles.iter().map(|r| r.code()).collect(),
    }
}

/// A version of a statute, as adopted.
#[derive(Serialize, ToSchema)]
pub struct StatuteVersion {
    id: i64,
    terms: StatuteTerms,
    /// Unix seconds.
    adopted_at: i64,
    adopted_by: String,
}

fn statute_version(r: &StatuteRecord) -> StatuteVersion {
    StatuteVersion {
        id: r.id,
        terms: statute_dto(&r.statute),
        adopted_at: r.adopted_at,
        adopted_by: r.adopted_by.clone(),
    }
}

/// A body's statute: the version in force and every version adopted.
#[derive(Serialize, ToSchema)]
pub struct StatuteOverview {
    body: Body,
    current: StatuteTerms,
    versions: Vec<StatuteVersion>,
}

/// The counts for, against and abstaining.
#[derive(Serialize, ToSchema)]
pub struct TallyCounts {
    #[serde(rename = "for")]
    for_: u64,
    against: u64,
    abstain: u64,
}

fn tally_dto(t: Tally) -> TallyCounts {
    TallyCounts { for_: t.for_, against: t.against, abstain: t.abstain }
}

/// A candidate of an election; `option` is what a ballot marks to vote for them.
#[derive(Serialize, ToSchema)]
pub struct Candidate {
    id: i64,
    person_id: i64,
    name: String,
    /// `c<id>`.
    option: String,
}

/// A vote called by name.
#[derive(Serialize, ToSchema)]
pub struct RollCallVote {
    person_id: i64,
    name: String,
    option: String,
}

/// A motion or an election, with its counts and result.
#[derive(Serialize, ToSchema)]
pub struct Motion {
    id: i64,
    assembly_id: i64,
    /// Its number within the assembly, from 1.
    number: i64,
    /// `motion` or `election`.
    kind: &'static str,
    title: String,
    text: String,
    proposer: String,
    /// The sub-body's resolution it brings up.
    #[schema(required = true)]
    origin_id: Option<i64>,
    /// The motion (by id) it amends.
    #[schema(required = true)]
    amends_id: Option<i64>,
    /// The election (by id) it is the second round of.
    #[schema(required = true)]
    runoff_of: Option<i64>,
    #[schema(required = true)]
    office_title: Option<String>,
    #[schema(format = Date, required = true)]
    term_end: Option<String>,
    /// `plurality` or `absolute_majority`, for an election.
    #[schema(required = true)]
    election_rule: Option<&'static str>,
    /// `pending`, `voting` or `decided`.
    status: &'static str,
    /// `show_of_hands`, `roll_call`, `secret` or `phone`, once the vote opened.
    #[schema(required = true)]
    method: Option<&'static str>,
    /// `majority`, `absolute_majority`, `two_thirds` or `unanimity`, once the vote opened.
    #[schema(required = true)]
    rule: Option<&'static str>,
    /// Those present when the vote opened.
    #[schema(required = true)]
    present_at_open: Option<u64>,
    /// `adopted`, `rejected`, `tie`, `no_quorum`, `withdrawn`, `elected` or `runoff`, once decided.
    #[schema(required = true)]
    outcome: Option<&'static str>,
    /// Counts per option (`for`, `against`, `abstain`, `c<candidate>`): live while voting (hidden
    /// for a secret ballot), final once decided.
    counts: BTreeMap<String, u64>,
    tally: TallyCounts,
    candidates: Vec<Candidate>,
    roll_call: Vec<RollCallVote>,
    /// The resolution an adopted motion became: `"12/2026"`.
    #[schema(required = true)]
    resolution: Option<String>,
}

fn motion_dto(m: &MotionRecord, view: Option<&MotionView>) -> Motion {
    let counts: BTreeMap<String, u64> = view.map(|v| v.counts.iter().cloned().collect()).unwrap_or_default();
    Motion {
        id: m.id.0,
        assembly_id: m.assembly_id.0,
        number: m.number,
        kind: m.kind.code(),
        title: m.title.clone(),
        text: m.text.clone(),
        proposer: m.proposer.clone(),
        origin_id: m.origin_id,
        amends_id: m.amends_id.map(|a| a.0),
        runoff_of: m.runoff_of.map(|r| r.0),
        office_title: m.office_title.clone(),
        term_end: m.term_end.map(|d| d.to_string()),
        election_rule: m.election_rule.map(|r| r.code()),
        status: m.status.code(),
        method: m.method.map(|v| v.code()),
        rule: m.rule.map(|r| r.code()),
        present_at_open: m.present_at_open,
        outcome: m.outcome.map(|o| o.code()),
        tally: tally_dto(view.map(|v| v.tally).unwrap_or_default()),
        counts,
        candidates: view
            .map(|v| {
                v.candidates
                    .iter()
                    .map(|c| Candidate {
                        id: c.id,
                        person_id: c.person_id.0,
                        name: c.name.display(),
                        option: BallotOption::Candidate(c.id).code(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        roll_call: view
            .map(|v| {
                v.roll_call
                    .iter()
                    .map(|r| RollCallVote {
                        person_id: r.person_id.0,
                        name: r.name.display(),
                        option: r.option.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        resolution: view.and_then(|v| v.resolution.as_ref()).map(resolution_number),
    }
}

fn resolution_number(r: &ResolutionRecord) -> String {
    format!("{}/{}", r.number, r.year)
}

/// Where an assembly's acta stands.
#[derive(Serialize, ToSchema)]
pub struct ActaSummary {
    id: i64,
    /// `draft` or `sealed`.
    status: &'static str,
    /// Its place in the body's chain of sealed actas.
    #[schema(required = true)]
    seq: Option<u64>,
}

/// An assembly with its agenda, statute, attendance, quorum and motions.
#[derive(Serialize, ToSchema)]
pub struct AssemblyDetail {
    assembly: Assembly,
    body: Body,
    /// The orden del día.
    agenda: Vec<String>,
    statute: StatuteTerms,
    /// Who may attend: `households`, `members`, `officers`, `delegates` or `anyone`.
    eligibility: &'static str,
    eligible: u64,
    present: u64,
    excused: u64,
    quorum_required: u64,
    has_quorum: bool,
    /// Phone-voting tickets issued.
    tickets: u64,
    motions: Vec<Motion>,
    /// `null` until the assembly closes.
    #[schema(required = true)]
    acta: Option<ActaSummary>,
    /// Whether the viewer may run it (check in, move motions, open and close votes).
    may_run: bool,
}

fn detail_dto(v: &AssemblyView) -> AssemblyDetail {
    AssemblyDetail {
        assembly: assembly_dto(&v.assembly),
        body: Body::from(&v.body),
        agenda: v.agenda.clone(),
        statute: statute_dto(&v.statute),
        eligibility: v.eligibility.code(),
        eligible: v.eligible,
        present: v.present,
        excused: v.excused,
        quorum_required: v.quorum_required,
        has_quorum: v.has_quorum(),
        tickets: v.tickets,
        motions: v.motions.iter().map(|m| motion_dto(&m.motion, Some(m))).collect(),
        acta: v.acta.as_ref().map(|a| ActaSummary { id: a.id, status: a.status.code(), seq: a.seq }),
        may_run: v.may_run,
    }
}

/// Someone entitled to attend, and how they are recorded so far.
#[derive(Serialize, ToSchema)]
pub struct DoorLine {
    person_id: i64,
    #[schema(required = true)]
    household_id: Option<i64>,
    /// The sub-body an officer speaks for.
    #[schema(required = true)]
    represents_id: Option<i64>,
    name: String,
    /// The register number, or the office and body of an officer.
    label: String,
    /// The code on a household's member card.
    #[schema(required = true)]
    card_code: Option<String>,
    /// `present`, `late` or `excused`; `null` if not recorded.
    #[schema(required = true)]
    status: Option<&'static str>,
}

/// The check-in list.
#[derive(Serialize, ToSchema)]
pub struct DoorList {
    lines: Vec<DoorLine>,
}

/// Someone recorded at the door.
#[derive(Serialize, ToSchema)]
pub struct CheckedIn {
    name: String,
    /// `present`, `late` (after the assembly opened) or `excused`.
    status: &'static str,
}

/// A vote just opened. `codes` (secret ballot only) are the one-time codes to print and hand out,
/// one per person present: they are shown only in this answer.
#[derive(Serialize, ToSchema)]
pub struct OpenedVote {
    motion: Motion,
    present: u64,
    codes: Vec<String>,
}

/// A vote or ballot taken.
#[derive(Serialize, ToSchema)]
pub struct Recorded {
    /// `recorded`, or `already_recorded` when a phone sent the same vote again (it counts once).
    status: &'static str,
}

/// The result of a closed vote.
#[derive(Serialize, ToSchema)]
pub struct VoteResult {
    motion: Motion,
    tally: TallyCounts,
    counts: BTreeMap<String, u64>,
    /// `adopted`, `rejected`, `tie`, `elected` or `runoff`.
    outcome: &'static str,
    /// The resolution an adopted motion became: `"12/2026"`.
    #[schema(required = true)]
    resolution: Option<String>,
    /// Who was elected.
    #[schema(required = true)]
    elected: Option<String>,
    /// The second round moved when an election had no winner.
    #[schema(required = true)]
    runoff_motion_id: Option<i64>,
}

/// Codes to print: ballot codes or phone-voting tickets. Shown once: only their hashes are kept.
#[derive(Serialize, ToSchema)]
pub struct Codes {
    codes: Vec<String>,
}

/// A resolution.
#[derive(Serialize, ToSchema)]
pub struct Resolution {
    id: i64,
    /// `"12/2026"`.
    number: String,
    title: String,
    text: String,
    #[schema(format = Date)]
    adopted_on: String,
    #[schema(required = true)]
    motion_id: Option<i64>,
}

/// A body's resolutions, newest first.
#[derive(Serialize, ToSchema)]
pub struct ResolutionList {
    body: Body,
    resolutions: Vec<Resolution>,
}

// --- Requests --------------------------------------------------------------------------------

/// An assembly to convene.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "kind": "ordinaria",
    "title": "Asamblea ordinaria de noviembre",
    "scheduled_for": "2026-11-30T09:00",
    "place": "Sede del sindicato",
    "agenda": ["Informe del dirigente", "Aporte para el camino"]
}))]
pub struct NewAssembly {
    /// `ordinaria`, `extraordinaria`, `ampliado`, `congreso` or `cabildo_abierto`.
    kind: String,
    title: String,
    /// `yyyy-mm-ddThh:mm`, `yyyy-mm-dd hh:mm` or `dd/mm/yyyy hh:mm`.
    scheduled_for: String,
    place: String,
    /// The orden del día, one item each.
    #[serde(default)]
    agenda: Vec<String>,
}

/// A new version of a statute.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"quorum": "half_plus_one", "absence_fine": "50", "signers": ["secretario_actas"]}))]
pub struct StatuteChange {
    /// `half_plus_one`, `60%`, `count:40` or `none`.
    quorum: String,
    /// Bolivianos (`"12,50"`, `"50"` or a number); left out: no fine.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    absence_fine: Option<serde_json::Value>,
    /// Roles whose holders sign actas (`secretario_actas`, `dirigente`, …).
    signers: Vec<String>,
}

/// Someone at the door: exactly one of `household_id`, `person_id` or `card_code`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"card_code": "K7Q2-0193"}))]
pub struct CheckIn {
    #[serde(default)]
    household_id: Option<i64>,
    #[serde(default)]
    person_id: Option<i64>,
    /// The code on a household's member card.
    #[serde(default)]
    card_code: Option<String>,
    /// Excused in advance (not present, not fined).
    #[serde(default)]
    excused: bool,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct DoorQuery {
    /// Search by name, parcel code, register number or member card code (empty: everyone).
    #[serde(default)]
    q: String,
    /// Lines at most, 1 to 1000.
    #[serde(default)]
    #[param(minimum = 1, maximum = 1000, default = 100)]
    limit: Option<usize>,
}

/// A motion to move.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"title": "Aporte para el camino", "text": "Cada familia aporta 20 Bs.", "proposer": "Rosa Flores"}))]
pub struct NewMotion {
    title: String,
    text: String,
    /// Who moves it; may be left empty when `origin` names a sub-body's resolution.
    #[serde(default)]
    proposer: String,
    /// The id of a sub-body's resolution this motion brings up.
    #[serde(default)]
    origin: Option<i64>,
    /// The number (within the assembly) of the pending motion this one amends.
    #[serde(default)]
    amends: Option<i64>,
}

/// An office to elect.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"office_title": "Secretario General", "term_end": "2028-11-30", "rule": "plurality", "candidates": [12, 15]}))]
pub struct NewElection {
    office_title: String,
    /// `yyyy-mm-dd` or `dd/mm/yyyy`.
    #[serde(default)]
    term_end: Option<String>,
    /// `plurality` or `absolute_majority`.
    rule: String,
    /// Person ids, from among those entitled to attend.
    candidates: Vec<i64>,
}

/// How a vote is taken.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"method": "show_of_hands", "rule": "majority"}))]
pub struct VoteOpening {
    /// `show_of_hands`, `roll_call`, `secret` or `phone`.
    method: String,
    /// `majority` (the default), `absolute_majority`, `two_thirds` or `unanimity`.
    #[serde(default)]
    rule: Option<String>,
}

/// The hands counted, per option: `for`, `against`, `abstain`, or `c<candidate>` in an election.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"counts": {"for": 80, "against": 12, "abstain": 3}}))]
pub struct HandCounts {
    counts: BTreeMap<String, u64>,
}

/// One voter's vote in a roll call.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"person_id": 12, "option": "for"}))]
pub struct RollCallChoice {
    person_id: i64,
    /// `for`, `against`, `abstain`, or `c<candidate>`.
    option: String,
}

/// A secret ballot: a one-time code handed out on paper, and the choice.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"code": "K7Q2M9X4TA", "option": "for"}))]
pub struct Ballot {
    code: String,
    /// `for`, `against`, `abstain`, or `c<candidate>`.
    option: String,
}

/// A phone vote: the ticket handed to the participant, and the choice.
#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"ticket": "K7Q2M9X4TA", "option": "for"}))]
pub struct PhoneVoteRequest {
    ticket: String,
    /// `for`, `against`, `abstain`, or `c<candidate>`.
    option: String,
}

/// How many phone-voting tickets to issue.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"count": 500}))]
pub struct TicketRequest {
    /// 1 to 200,000.
    count: u64,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct LimitQuery {
    /// At most this many, 1 to 1000.
    #[serde(default)]
    #[param(minimum = 1, maximum = 1000, default = 100)]
    limit: Option<u64>,
}

// --- Helpers ---------------------------------------------------------------------------------

/// A bolivianos amount given as text or number.
fn amount_text(value: &Option<serde_json::Value>) -> Result<String, DomainError> {
    match value {
        None | Some(serde_json::Value::Null) => Ok(String::new()),
        Some(serde_json::Value::String(s)) => Ok(s.clone()),
        Some(serde_json::Value::Number(n)) => Ok(n.to_string()),
        Some(other) => Err(DomainError::BadNumber { field: Field::AbsenceFine, value: other.to_string() }),
    }
}

// --- Handlers --------------------------------------------------------------------------------

/// A body's assemblies
///
/// Newest first (at most 200).
#[utoipa::path(
    get,
    path = "/api/v1/bodies/{id}/assemblies",
    operation_id = "list_assemblies",
    tag = "assemblies",
    params(("id" = i64, Path, description = "The body's number.")),
    responses(
        (status = 200, description = "The assemblies.", body = AssemblyList),
        (status = 401, description = "Not signed in (`sign_in_required`), or the token or session is unknown.",
            body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The viewer may not see this body (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "There is no such body (`unknown_body`).", body = Problem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn list_assemblies(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::list(store, &ctx, &id.to_string())).await {
        Ok((body, list)) => {
            Ok(Json(AssemblyList { body: Body::from(&body), assemblies: list.iter().map(assembly_dto).collect() })
                .into_response())
        }
        Err(e) => Err(WebError::api(viewer.lang, e)),
    }
}

/// Convene an assembly
///
/// Kind, date, place and orden del día. Needs the right to run the body's assemblies.
#[utoipa::path(
    post,
    path = "/api/v1/bodies/{id}/assemblies",
    operation_id = "convene_assembly",
    tag = "assemblies",
    params(("id" = i64, Path, description = "The body's number.")),
    request_body = NewAssembly,
    responses(
        (status = 201, description = "The assembly convened; `Location` is its address.", body = Assembly),
        (status = 400, description = "The request is not JSON of this shape (`bad_request`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 401, description = "Not signed in (`sign_in_required`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 403, description = "The viewer may not run this body's assemblies (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "There is no such body (`unknown_body`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "The body is closed (`body_closed`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 422, description = "Bad fields, named in `errors`.", body = ValidationProblem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn convene(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
    payload: Result<Json<NewAssembly>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = admit(&viewer, &headers, payload)?;
    let form = ConveneForm {
        kind: input.kind,
        title: input.title,
        scheduled_for: input.scheduled_for,
        place: input.place,
        agenda: input.agenda.iter().map(|item| item.replace(['\r', '\n'], " ")).collect::<Vec<_>>().join("\n"),
    };
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::convene(store, &ctx, &id.to_string(), &form)).await {
        Ok(a) => Ok(created(Some(format!("/api/v1/assemblies/{}", a.id.0)), assembly_dto(&a))),
        Err(e) => Err(write_refused(viewer.lang, e, "assembly_title")),
    }
}

/// One assembly
///
/// Its agenda, statute, who may attend and who is present, the quorum, and every motion with its
/// counts, outcome and resolution.
#[utoipa::path(
    get,
    path = "/api/v1/assemblies/{id}",
    operation_id = "get_assembly",
    tag = "assemblies",
    params(("id" = i64, Path, description = "The assembly's number.")),
    responses(
        (status = 200, description = "The assembly.", body = AssemblyDetail),
        (status = 401, description = "Not signed in (`sign_in_required`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 403, description = "The viewer may not see its body (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "There is no such assembly (`unknown_assembly`).", body = Problem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn get_assembly(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::view(store, &ctx, AssemblyId(id))).await {
        Ok(view) => Ok(Json(detail_dto(&view)).into_response()),
        Err(e) => Err(WebError::api(viewer.lang, e)),
    }
}

/// What the three steps of an assembly's life share: no body, one service, the assembly back.
pub(super) async fn assembly_step(
    state: AppState,
    headers: HeaderMap,
    viewer: Viewer,
    step: fn(&Store, &Ctx, AssemblyId) -> Result<AssemblyRecord, ServiceError>,
    id: i64,
) -> Result<Response, WebError> {
    admit_viewer(&viewer, &headers)?;
    let ctx = viewer.ctx.clone();
    match state.run(move |store| step(store, &ctx, AssemblyId(id))).await {
        Ok(a) => Ok(Json(assembly_dto(&a)).into_response()),
        Err(e) => Err(WebError::api(viewer.lang, e)),
    }
}

/// Open an assembly
///
/// Fixes who is entitled, the statute and the quorum; from now on arrivals are late.
#[utoipa::path(
    post,
    path = "/api/v1/assemblies/{id}/open",
    operation_id = "open_assembly",
    tag = "assemblies",
    params(("id" = i64, Path, description = "The assembly's number.")),
    responses(
        (status = 200, description = "The assembly, open.", body = Assembly),
        (status = 401, description = "Not signed in (`sign_in_required`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 403, description = "The viewer may not run it (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "There is no such assembly (`unknown_assembly`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "It is already open (`assembly_already_open`) or finished \
            (`assembly_finished`).", body = Problem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn open_assembly(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    assembly_step(state, headers, viewer, assembly::open, id).await
}

/// Close an assembly
///
/// Refused while a vote is open. Unexcused absences become fines (when the statute sets one) and
/// the acta's draft starts.
#[utoipa::path(
    post,
    path = "/api/v1/assemblies/{id}/close",
    operation_id = "close_assembly",
    tag = "assemblies",
    params(("id" = i64, Path, description = "The assembly's number.")),
    responses(
        (status = 200, description = "The assembly, closed.", body = Assembly),
        (status = 401, description = "Not signed in (`sign_in_required`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 403, description = "The viewer may not run it (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "There is no such assembly (`unknown_assembly`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "It is not open (`assembly_not_open`, `assembly_finished`) or a vote is \
            still open (`vote_still_open`).", body = Problem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn close_assembly(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    assembly_step(state, headers, viewer, assembly::close, id).await
}

/// Cancel an assembly
///
/// Only one that has not met.
#[utoipa::path(
    post,
    path = "/api/v1/assemblies/{id}/cancel",
    operation_id = "cancel_assembly",
    tag = "assemblies",
    params(("id" = i64, Path, description = "The assembly's number.")),
    responses(
        (status = 200, description = "The assembly, cancelled.", body = Assembly),
        (status = 401, description = "Not signed in (`sign_in_required`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 403, description = "The viewer may not run it (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "There is no such assembly (`unknown_assembly`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "It has met (`assembly_already_open`, `assembly_finished`).", body = Problem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn cancel_assembly(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    assembly_step(state, headers, viewer, assembly::cancel, id).await
}

/// A body's statute
///
/// The version in force (a default one if the officers never wrote one) and every version.
#[utoipa::path(
    get,
    path = "/api/v1/bodies/{id}/statute",
    operation_id = "get_statute",
    tag = "assemblies",
    params(("id" = i64, Path, description = "The body's number.")),
    responses(
        (status = 200, description = "The statute.", body = StatuteOverview),
        (status = 401, description = "Not signed in (`sign_in_required`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 403, description = "The viewer may not see this body (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "There is no such body (`unknown_body`).", body = Problem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn get_statute(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::statute(store, &ctx, &id.to_string())).await {
        Ok(s) => Ok(Json(StatuteOverview {
            body: Body::from(&s.body),
            current: statute_dto(&s.current),
            versions: s.versions.iter().map(statute_version).collect(),
        })
        .into_response()),
        Err(e) => Err(WebError::api(viewer.lang, e)),
    }
}

/// Adopt a new statute version
///
/// Assemblies already open keep the version they opened with. Needs the right to edit statutes.
#[utoipa::path(
    put,
    path = "/api/v1/bodies/{id}/statute",
    operation_id = "update_statute",
    tag = "assemblies",
    params(("id" = i64, Path, description = "The body's number.")),
    request_body = StatuteChange,
    responses(
        (status = 200, description = "The version adopted.", body = StatuteVersion),
        (status = 400, description = "The request is not JSON of this shape (`bad_request`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 401, description = "Not signed in (`sign_in_required`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 403, description = "The viewer may not edit this body's statute (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "There is no such body (`unknown_body`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 422, description = "Bad fields, named in `errors`.", body = ValidationProblem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn update_statute(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
    payload: Result<Json<StatuteChange>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = admit(&viewer, &headers, payload)?;
    let absence_fine = match amount_text(&input.absence_fine) {
        Ok(text) => text,
        Err(e) => return Err(write_refused(viewer.lang, e.into(), "absence_fine")),
    };
    let form = StatuteForm { quorum: input.quorum, absence_fine, signers: input.signers.join(",") };
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::update_statute(store, &ctx, &id.to_string(), &form)).await {
        Ok(record) => Ok(Json(statute_version(&record)).into_response()),
        Err(e) => Err(write_refused(viewer.lang, e, "quorum_rule")),
    }
}

/// The check-in list
///
/// Everyone entitled to attend and how they are recorded so far, searched by name, parcel code,
/// register number or member card code.
#[utoipa::path(
    get,
    path = "/api/v1/assemblies/{id}/attendance",
    operation_id = "get_attendance",
    tag = "assemblies",
    params(("id" = i64, Path, description = "The assembly's number."), DoorQuery),
    responses(
        (status = 200, description = "The list.", body = DoorList),
        (status = 401, description = "Not signed in (`sign_in_required`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 403, description = "The viewer may not see the body's members (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "There is no such assembly (`unknown_assembly`).", body = Problem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn door(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(query): Query<DoorQuery>,
) -> Result<Response, WebError> {
    let ctx = viewer.ctx.clone();
    let limit = query.limit.unwrap_or(100).clamp(1, 1000);
    let search = query.q.trim().to_string();
    let result = state
        .run(move |store| {
            let search = Some(search.as_str()).filter(|s| !s.is_empty());
            assembly::door(store, &ctx, AssemblyId(id), search, limit)
        })
        .await;
    match result {
        Ok(lines) => Ok(Json(DoorList {
            lines: lines
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
        .into_response()),
        Err(e) => Err(WebError::api(viewer.lang, e)),
    }
}

/// Record someone at the door
///
/// By household, person or member card code: present (late once the assembly is open), or
/// excused. A second scan of someone already here changes nothing.
#[utoipa::path(
    post,
    path = "/api/v1/assemblies/{id}/attendance",
    operation_id = "check_in",
    tag = "assemblies",
    params(("id" = i64, Path, description = "The assembly's number.")),
    request_body = CheckIn,
    responses(
        (status = 200, description = "Recorded.", body = CheckedIn),
        (status = 400, description = "The request is not JSON of this shape (`bad_request`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 401, description = "Not signed in (`sign_in_required`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 403, description = "The viewer may not run it (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "There is no such assembly (`unknown_assembly`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "Not entitled (`not_eligible`), unknown card (`unknown_card`), or the assembly \
            is finished (`assembly_finished`).", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "None of `household_id`, `person_id`, `card_code`, or more than one.",
            body = ValidationProblem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn check_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
    payload: Result<Json<CheckIn>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = admit(&viewer, &headers, payload)?;
    let card = input.card_code.filter(|c| !c.trim().is_empty());
    let who = match (input.household_id, input.person_id, card) {
        (Some(h), None, None) => Attendee::Household(HouseholdId(h)),
        (None, Some(p), None) => Attendee::Person(PersonId(p)),
        (None, None, Some(code)) => Attendee::Card(code),
        (None, None, None) => {
            return Err(write_refused(viewer.lang, DomainError::Required { field: Field::Code }.into(), "code"));
        }
        _ => {
            let value = "household_id, person_id, card_code".to_string();
            return Err(write_refused(viewer.lang, DomainError::Invalid { field: Field::Code, value }.into(), "code"));
        }
    };
    let excused = input.excused;
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::check_in(store, &ctx, AssemblyId(id), &who, excused)).await {
        Ok((name, status)) => Ok(Json(CheckedIn { name: name.display(), status: status.code() }).into_response()),
        Err(e) => Err(write_refused(viewer.lang, e, "code")),
    }
}

/// Move a motion
///
/// A motion (or an amendment of a pending one) in an assembly in session.
#[utoipa::path(
    post,
    path = "/api/v1/assemblies/{id}/motions",
    operation_id = "add_motion",
    tag = "assemblies",
    params(("id" = i64, Path, description = "The assembly's number.")),
    request_body = NewMotion,
    responses(
        (status = 201, description = "The motion.", body = Motion),
        (status = 400, description = "The request is not JSON of this shape (`bad_request`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 401, description = "Not signed in (`sign_in_required`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 403, description = "The viewer may not run it (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "There is no such assembly (`unknown_assembly`), resolution or motion to \
            amend.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The assembly is not in session (`assembly_not_open`, `assembly_finished`) \
            or the motion to amend is decided (`motion_decided`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 422, description = "Bad fields, named in `errors`.", body = ValidationProblem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn add_motion(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
    payload: Result<Json<NewMotion>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = admit(&viewer, &headers, payload)?;
    let form = MotionForm {
        title: input.title,
        text: input.text,
        proposer: input.proposer,
        origin: input.origin,
        amends: input.amends,
    };
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::add_motion(store, &ctx, AssemblyId(id), &form)).await {
        Ok(m) => Ok(created(None, motion_dto(&m, None))),
        Err(e) => Err(write_refused(viewer.lang, e, "motion_title")),
    }
}

/// Put an office to election
///
/// With candidates from among those entitled to attend. The election is voted as a motion is.
#[utoipa::path(
    post,
    path = "/api/v1/assemblies/{id}/elections",
    operation_id = "add_election",
    tag = "assemblies",
    params(("id" = i64, Path, description = "The assembly's number.")),
    request_body = NewElection,
    responses(
        (status = 201, description = "The election.", body = Motion),
        (status = 400, description = "The request is not JSON of this shape (`bad_request`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 401, description = "Not signed in (`sign_in_required`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 403, description = "The viewer may not run it (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "There is no such assembly (`unknown_assembly`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "The assembly is not in session, a candidate is not entitled \
            (`not_eligible`) or there is none (`no_candidates`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 422, description = "Bad fields, named in `errors`.", body = ValidationProblem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn add_election(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
    payload: Result<Json<NewElection>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = admit(&viewer, &headers, payload)?;
    let term_end = match parse_optional_date(Field::TermEnd, input.term_end.as_deref().unwrap_or("")) {
        Ok(end) => end,
        Err(e) => return Err(write_refused(viewer.lang, e.into(), "term_end")),
    };
    let form = ElectionForm {
        office_title: input.office_title,
        term_end,
        rule: input.rule,
        candidates: input.candidates.into_iter().map(PersonId).collect(),
    };
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::add_election(store, &ctx, AssemblyId(id), &form)).await {
        Ok(m) => Ok(created(None, motion_dto(&m, None))),
        Err(e) => Err(write_refused(viewer.lang, e, "office_title")),
    }
}

/// Open a vote
///
/// Checks the quorum and fixes method and rule. For a secret ballot the answer carries the
/// one-time codes to print, one per person present: they are never shown again.
#[utoipa::path(
    post,
    path = "/api/v1/motions/{id}/vote",
    operation_id = "open_vote",
    tag = "votes",
    params(("id" = i64, Path, description = "The motion's number.")),
    request_body = VoteOpening,
    responses(
        (status = 200, description = "The vote is open.", body = OpenedVote),
        (status = 400, description = "The request is not JSON of this shape (`bad_request`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 401, description = "Not signed in (`sign_in_required`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 403, description = "The viewer may not run the assembly (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "There is no such motion (`unknown_motion`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "No quorum (`no_quorum`), another vote is open (`vote_still_open`), the \
            motion is decided (`motion_decided`), or no tickets for a phone vote (`no_tickets`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 422, description = "Bad method or rule, named in `errors`.", body = ValidationProblem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn open_vote(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
    payload: Result<Json<VoteOpening>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = admit(&viewer, &headers, payload)?;
    let method: VoteMethod = match input.method.parse() {
        Ok(m) => m,
        Err(e) => return Err(write_refused(viewer.lang, e.into(), "vote_method")),
    };
    let rule: DecisionRule = match input.rule.as_deref().filter(|r| !r.trim().is_empty()) {
        None => DecisionRule::MajorityOfVotesCast,
        Some(r) => match r.parse() {
            Ok(r) => r,
            Err(e) => return Err(write_refused(viewer.lang, e.into(), "decision_rule")),
        },
    };
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::open_vote(store, &ctx, MotionId(id), method, rule)).await {
        Ok(opened) => Ok(Json(OpenedVote {
            motion: motion_dto(&opened.motion, None),
            present: opened.present,
            codes: opened.codes,
        })
        .into_response()),
        Err(e) => Err(write_refused(viewer.lang, e, "vote_method")),
    }
}

/// Record a show of hands
///
/// The counts per option; they may be recounted until the vote closes. Refused when more hands
/// were counted than people present.
#[utoipa::path(
    put,
    path = "/api/v1/motions/{id}/hands",
    operation_id = "record_hands",
    tag = "votes",
    params(("id" = i64, Path, description = "The motion's number.")),
    request_body = HandCounts,
    responses(
        (status = 200, description = "The counts recorded.", body = TallyCounts),
        (status = 400, description = "The request is not JSON of this shape (`bad_request`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 401, description = "Not signed in (`sign_in_required`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 403, description = "The viewer may not run the assembly (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "There is no such motion (`unknown_motion`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "The vote is not open (`vote_not_open`), is not by show of hands \
            (`wrong_method`), or an option is not of this vote (`unknown_option`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 422, description = "More hands than people present (`counts_exceed_present`) or a bad option.",
            body = ValidationProblem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn record_hands(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
    payload: Result<Json<HandCounts>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = admit(&viewer, &headers, payload)?;
    let mut counts = Vec::with_capacity(input.counts.len());
    for (option, n) in &input.counts {
        match BallotOption::parse(option) {
            Ok(option) => counts.push((option, *n)),
            Err(e) => return Err(write_refused(viewer.lang, e.into(), "counts")),
        }
    }
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::record_hands(store, &ctx, MotionId(id), &counts)).await {
        Ok(tally) => Ok(Json(tally_dto(tally)).into_response()),
        Err(e) => Err(write_refused(viewer.lang, e, "counts")),
    }
}

/// Record a vote in a roll call
///
/// One voter present, once.
#[utoipa::path(
    post,
    path = "/api/v1/motions/{id}/roll-call",
    operation_id = "roll_call_vote",
    tag = "votes",
    params(("id" = i64, Path, description = "The motion's number.")),
    request_body = RollCallChoice,
    responses(
        (status = 200, description = "Recorded.", body = Recorded),
        (status = 400, description = "The request is not JSON of this shape (`bad_request`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 401, description = "Not signed in (`sign_in_required`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 403, description = "The viewer may not run the assembly (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "There is no such motion (`unknown_motion`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "The vote is not open (`vote_not_open`), not a roll call (`wrong_method`), \
            the voter is not present (`not_present`) or already voted (`already_voted`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 422, description = "A bad option.", body = ValidationProblem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn roll_call(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
    payload: Result<Json<RollCallChoice>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = admit(&viewer, &headers, payload)?;
    let option = match BallotOption::parse(&input.option) {
        Ok(option) => option,
        Err(e) => return Err(write_refused(viewer.lang, e.into(), "choice")),
    };
    let person = PersonId(input.person_id);
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::roll_call_vote(store, &ctx, MotionId(id), person, option)).await {
        Ok(()) => Ok(Json(Recorded { status: "recorded" }).into_response()),
        Err(e) => Err(write_refused(viewer.lang, e, "choice")),
    }
}

/// Close a vote
///
/// Counts it and applies the rule: a numbered resolution for an adopted motion; for an election,
/// the new officer or a second round.
#[utoipa::path(
    post,
    path = "/api/v1/motions/{id}/close",
    operation_id = "close_vote",
    tag = "votes",
    params(("id" = i64, Path, description = "The motion's number.")),
    responses(
        (status = 200, description = "The result.", body = VoteResult),
        (status = 401, description = "Not signed in (`sign_in_required`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 403, description = "The viewer may not run the assembly (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "There is no such motion (`unknown_motion`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "The vote is not open (`vote_not_open`).", body = Problem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn close_vote(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    admit_viewer(&viewer, &headers)?;
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::close_vote(store, &ctx, MotionId(id))).await {
        Ok(r) => {
            let counts: BTreeMap<String, u64> = r.counts.iter().cloned().collect();
            let view = MotionView {
                motion: r.motion.clone(),
                counts: r.counts.clone(),
                tally: r.tally,
                candidates: Vec::new(),
                roll_call: Vec::new(),
                resolution: r.resolution.clone(),
            };
            Ok(Json(VoteResult {
                motion: motion_dto(&r.motion, Some(&view)),
                tally: tally_dto(r.tally),
                counts,
                outcome: r.motion.outcome.map_or("", |o| o.code()),
                resolution: r.resolution.as_ref().map(resolution_number),
                elected: r.elected.map(|n| n.display()),
                runoff_motion_id: r.runoff.map(|m| m.id.0),
            })
            .into_response())
        }
        Err(e) => Err(WebError::api(viewer.lang, e)),
    }
}

/// What settling a motion without a vote shares.
pub(super) async fn settle(
    state: AppState,
    headers: HeaderMap,
    viewer: Viewer,
    step: fn(&Store, &Ctx, MotionId) -> Result<MotionRecord, ServiceError>,
    id: i64,
) -> Result<Response, WebError> {
    admit_viewer(&viewer, &headers)?;
    let ctx = viewer.ctx.clone();
    match state.run(move |store| step(store, &ctx, MotionId(id))).await {
        Ok(m) => Ok(Json(motion_dto(&m, None)).into_response()),
        Err(e) => Err(WebError::api(viewer.lang, e)),
    }
}

/// Withdraw a motion
///
/// Its proposer withdrew it before its vote.
#[utoipa::path(
    post,
    path = "/api/v1/motions/{id}/withdraw",
    operation_id = "withdraw_motion",
    tag = "votes",
    params(("id" = i64, Path, description = "The motion's number.")),
    responses(
        (status = 200, description = "The motion, withdrawn.", body = Motion),
        (status = 401, description = "Not signed in (`sign_in_required`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 403, description = "The viewer may not run the assembly (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "There is no such motion (`unknown_motion`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "It is being voted or decided (`motion_decided`).", body = Problem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn withdraw(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    settle(state, headers, viewer, assembly::withdraw, id).await
}

/// Record a motion not voted for lack of quorum
///
/// Refused when there is quorum.
#[utoipa::path(
    post,
    path = "/api/v1/motions/{id}/no-quorum",
    operation_id = "motion_no_quorum",
    tag = "votes",
    params(("id" = i64, Path, description = "The motion's number.")),
    responses(
        (status = 200, description = "The motion, not voted.", body = Motion),
        (status = 401, description = "Not signed in (`sign_in_required`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 403, description = "The viewer may not run the assembly (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "There is no such motion (`unknown_motion`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "There is quorum (`has_quorum`) or it is decided (`motion_decided`).",
            body = Problem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn no_quorum(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    settle(state, headers, viewer, assembly::fail_quorum, id).await
}

/// Cast a secret ballot
///
/// Anonymous: the one-time code is the credential. Nothing records who voted.
#[utoipa::path(
    post,
    path = "/api/v1/motions/{id}/ballots",
    operation_id = "cast_ballot",
    tag = "votes",
    security(()),
    params(("id" = i64, Path, description = "The motion's number.")),
    request_body = Ballot,
    responses(
        (status = 200, description = "Counted.", body = Recorded),
        (status = 400, description = "The request is not JSON of this shape (`bad_request`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "There is no such motion (`unknown_motion`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "The code is unknown or used (`ballot_code_refused`), the vote is not open \
            (`vote_not_open`) or not secret (`wrong_method`), or the option is not of this vote \
            (`unknown_option`).", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad option.", body = Problem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn cast_ballot(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    payload: Result<Json<Ballot>, JsonRejection>,
) -> Result<Response, WebError> {
    let lang = language(&headers);
    let input = json_body(lang, payload)?;
    let option = match BallotOption::parse(&input.option) {
        Ok(option) => option,
        Err(e) => return Err(WebError::api(lang, e.into())),
    };
    match state.run(move |store| assembly::cast_secret_ballot(store, MotionId(id), &input.code, option)).await {
        Ok(()) => Ok(Json(Recorded { status: "recorded" }).into_response()),
        Err(e) => Err(WebError::api(lang, e)),
    }
}

/// Issue phone-voting tickets
///
/// Codes to print and hand out, one per participant (only their hashes are kept).
#[utoipa::path(
    post,
    path = "/api/v1/assemblies/{id}/tickets",
    operation_id = "issue_tickets",
    tag = "votes",
    params(("id" = i64, Path, description = "The assembly's number.")),
    request_body = TicketRequest,
    responses(
        (status = 201, description = "The tickets: shown only in this answer.", body = Codes),
        (status = 400, description = "The request is not JSON of this shape (`bad_request`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 401, description = "Not signed in (`sign_in_required`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 403, description = "The viewer may not run the assembly (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "There is no such assembly (`unknown_assembly`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "The assembly is finished (`assembly_finished`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 422, description = "`count` out of range.", body = ValidationProblem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn issue_tickets(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
    payload: Result<Json<TicketRequest>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = admit(&viewer, &headers, payload)?;
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::issue_tickets(store, &ctx, AssemblyId(id), input.count)).await {
        Ok(codes) => Ok(created(None, Codes { codes })),
        Err(e) => Err(write_refused(viewer.lang, e, "count")),
    }
}

/// Vote by phone
///
/// Anonymous: the ticket is the credential. The vote is committed before the answer. Sending the
/// same vote again (a phone that lost its connection) answers `already_recorded` and counts once;
/// another option with the same ticket is refused, the first vote stands.
#[utoipa::path(
    post,
    path = "/api/v1/motions/{id}/phone-votes",
    operation_id = "phone_vote",
    tag = "votes",
    security(()),
    params(("id" = i64, Path, description = "The motion's number.")),
    request_body = PhoneVoteRequest,
    responses(
        (status = 200, description = "`recorded`, or `already_recorded` for the same vote again.", body = Recorded),
        (status = 400, description = "The request is not JSON of this shape (`bad_request`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "The ticket is unknown (`unknown_ticket`) or already voted otherwise \
            (`ticket_already_voted`), the vote is not open by phone (`vote_not_open`), or the option is not of \
            this vote (`unknown_option`).", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad option.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The vote box is not available.", body = Problem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn phone_vote(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    payload: Result<Json<PhoneVoteRequest>, JsonRejection>,
) -> Result<Response, WebError> {
    let lang = language(&headers);
    let input = json_body(lang, payload)?;
    match super::cast_phone_vote(&state, MotionId(id), &input.ticket, &input.option).await {
        Ok(PhoneAnswer::Recorded) => Ok(Json(Recorded { status: "recorded" }).into_response()),
        Ok(PhoneAnswer::AlreadyRecorded) => Ok(Json(Recorded { status: "already_recorded" }).into_response()),
        Err(e) => Err(WebError::api(lang, e)),
    }
}

/// A body's resolutions
///
/// Newest first ("Resolución 12/2026").
#[utoipa::path(
    get,
    path = "/api/v1/bodies/{id}/resolutions",
    operation_id = "list_resolutions",
    tag = "assemblies",
    params(("id" = i64, Path, description = "The body's number."), LimitQuery),
    responses(
        (status = 200, description = "The resolutions.", body = ResolutionList),
        (status = 401, description = "Not signed in (`sign_in_required`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 403, description = "The viewer may not see this body (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "There is no such body (`unknown_body`).", body = Problem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn resolutions(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(query): Query<LimitQuery>,
) -> Result<Response, WebError> {
    let ctx = viewer.ctx.clone();
    let limit = query.limit.unwrap_or(100).clamp(1, 1000);
    match state.run(move |store| assembly::resolutions(store, &ctx, &id.to_string(), limit)).await {
        Ok((body, list)) => Ok(Json(ResolutionList {
            body: Body::from(&body),
            resolutions: list
                .iter()
                .map(|r| Resolution {
                    id: r.id,
                    number: resolution_number(r),
                    title: r.title.clone(),
                    text: r.text.clone(),
                    adopted_on: r.adopted_on.to_string(),
                    motion_id: r.motion_id.map(|m| m.0),
                })
                .collect(),
        })
        .into_response()),
        Err(e) => Err(WebError::api(viewer.lang, e)),
    }
}
