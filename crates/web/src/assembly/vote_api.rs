//! The JSON API of votes under `/api/v1/motions`: opening a vote, hands counted, roll call,
//! closing, withdrawing, secret ballots, tickets and phone votes. Typed answers that derive
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
use cabildo_domain::assembly::{AssemblyId, BallotOption, DecisionRule, MotionId, VoteMethod};
use cabildo_domain::{DomainError, PersonId};
use cabildo_services::assembly::{self, BallotReceipt, MotionRecord, MotionView, PhoneAnswer};
use cabildo_services::{Ctx, ServiceError, Store};

use super::dto::*;
use crate::http::cookies::language;
use crate::http::dto::{AssemblyNumber, MotionNumber};
use crate::http::problem::{Problem, ValidationProblem};
use crate::http::respond::{created, json_body, write_refused};
use crate::http::responses::{BadJson, MayNotRunAssembly, RunMotion, SignInRequired, UnknownAssembly, UnknownMotion};
use crate::http::{Api, Path, WebError};
use crate::state::AppState;

/// Open a vote
///
/// Checks the quorum and fixes method and rule. For a secret ballot the answer carries the
/// one-time codes to print, one per person present; `GET /motions/{id}/ballot-codes` gives them
/// again until the first ballot is cast, never after.
#[utoipa::path(
    post,
    path = "/api/v1/motions/{id}/vote",
    operation_id = "open_vote",
    tag = "votes",
    params(MotionNumber),
    request_body = VoteOpening,
    responses(
        (status = 200, description = "The vote is open.", body = OpenedVote),
        BadJson,
        RunMotion,
        (status = 409, description = "No quorum (`no_quorum`), another vote is open (`vote_still_open`), the \
            motion is decided (`motion_decided`), no tickets for a phone vote (`no_tickets`), or phone voting \
            does not fit the assembly (`phone_voting_not_offered`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 422, description = "Bad method or rule, named in `errors`.", body = ValidationProblem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn open_vote(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<VoteOpening>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let method: VoteMethod =
        input.method.parse().map_err(|e: DomainError| write_refused(api.lang(), e.into(), "vote_method"))?;
    let rule: DecisionRule = match input.rule.as_deref().filter(|r| !r.trim().is_empty()) {
        None => DecisionRule::MajorityOfVotesCast,
        Some(r) => r.parse().map_err(|e: DomainError| write_refused(api.lang(), e.into(), "decision_rule"))?,
    };
    let opened =
        api.write("vote_method", move |store, ctx| assembly::open_vote(store, ctx, MotionId(id), method, rule)).await?;
    Ok(Json(OpenedVote { motion: motion_dto(&opened.motion, None), present: opened.present, codes: opened.codes })
        .into_response())
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
    params(MotionNumber),
    request_body = HandCounts,
    responses(
        (status = 200, description = "The counts recorded.", body = TallyCounts),
        BadJson,
        RunMotion,
        (status = 409, description = "The vote is not open (`vote_not_open`), is not by show of hands \
            (`wrong_method`), or an option is not of this vote (`unknown_option`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 422, description = "More hands than people present (`counts_exceed_present`) or a bad option.",
            body = ValidationProblem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn record_hands(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<HandCounts>, JsonRejection>,
) -> Result<Response, WebError> {
    record_counts(api, id, payload, assembly::record_hands).await
}

/// Enter the count of paper ballots
///
/// For a vote by paper ballots (`paper_ballot`), counted by hand in the hall: the number of
/// ballots per option (blank ballots as `abstain`). A new count replaces the previous one (never
/// adds to it) until the vote closes; each is in the audit trail. Refused when more ballots were
/// counted than people are present.
#[utoipa::path(
    put,
    path = "/api/v1/motions/{id}/paper-tally",
    operation_id = "record_paper_tally",
    tag = "votes",
    params(MotionNumber),
    request_body = HandCounts,
    responses(
        (status = 200, description = "The counts recorded.", body = TallyCounts),
        BadJson,
        RunMotion,
        (status = 409, description = "The vote is not open (`vote_not_open`), is not by paper ballots \
            (`wrong_method`), or an option is not of this vote or given twice (`unknown_option`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 422, description = "More ballots than people present (`counts_exceed_present`) or a bad option.",
            body = ValidationProblem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn record_paper_tally(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<HandCounts>, JsonRejection>,
) -> Result<Response, WebError> {
    record_counts(api, id, payload, assembly::record_paper_tally).await
}

/// A use-case that records counts counted in the hall.
type RecordCounts =
    fn(&Store, &Ctx, MotionId, &[(BallotOption, u64)]) -> Result<cabildo_domain::assembly::Tally, ServiceError>;

/// Counts counted in the hall (hands or paper ballots), recorded by `record`.
async fn record_counts(
    api: Api,
    id: i64,
    payload: Result<Json<HandCounts>, JsonRejection>,
    record: RecordCounts,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let mut counts = Vec::with_capacity(input.counts.len());
    for (option, n) in &input.counts {
        let option = BallotOption::parse(option).map_err(|e| write_refused(api.lang(), e.into(), "counts"))?;
        counts.push((option, *n));
    }
    let tally = api.write("counts", move |store, ctx| record(store, ctx, MotionId(id), &counts)).await?;
    Ok(Json(tally_dto(tally)).into_response())
}

/// The sheet of a secret ballot's codes
///
/// The codes to print and hand out, one per person present when the vote opened, for whoever
/// runs the assembly — until the first ballot is cast (`ballot_sheet_closed`). The codes are kept
/// in the server's memory only (the database holds their hashes): after a restart they are gone
/// (`ballot_sheet_lost`) and may be issued again with `POST`.
#[utoipa::path(
    get,
    path = "/api/v1/motions/{id}/ballot-codes",
    operation_id = "get_ballot_codes",
    tag = "votes",
    params(MotionNumber),
    responses(
        (status = 200, description = "The codes.", body = Codes),
        RunMotion,
        (status = 409, description = "The first ballot was cast (`ballot_sheet_closed`), the server no longer \
            holds the codes (`ballot_sheet_lost`), or the vote is not open by secret ballot (`vote_not_open`, \
            `wrong_method`).", body = Problem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn ballot_codes(api: Api, Path(id): Path<i64>) -> Result<Response, WebError> {
    let sheet = api.run(move |store, ctx| assembly::ballot_sheet(store, ctx, MotionId(id))).await?;
    Ok(Json(Codes { codes: sheet.codes }).into_response())
}

/// Issue a secret ballot's codes again
///
/// New codes, one per person present when the vote opened, while nobody has voted: those of the
/// earlier sheet stop working (for a server that restarted before the sheet was printed).
#[utoipa::path(
    post,
    path = "/api/v1/motions/{id}/ballot-codes",
    operation_id = "reissue_ballot_codes",
    tag = "votes",
    params(MotionNumber),
    responses(
        (status = 200, description = "The new codes.", body = Codes),
        RunMotion,
        (status = 409, description = "A ballot was cast (`ballot_sheet_closed`), or the vote is not open by \
            secret ballot (`vote_not_open`, `wrong_method`).", body = Problem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn reissue_ballot_codes(api: Api, Path(id): Path<i64>) -> Result<Response, WebError> {
    api.admit()?;
    let sheet = api.run(move |store, ctx| assembly::reissue_ballot_codes(store, ctx, MotionId(id))).await?;
    Ok(Json(Codes { codes: sheet.codes }).into_response())
}

/// Record a vote in a roll call
///
/// One voter present, once.
#[utoipa::path(
    post,
    path = "/api/v1/motions/{id}/roll-call",
    operation_id = "roll_call_vote",
    tag = "votes",
    params(MotionNumber),
    request_body = RollCallChoice,
    responses(
        (status = 200, description = "Recorded.", body = Recorded),
        BadJson,
        RunMotion,
        (status = 409, description = "The vote is not open (`vote_not_open`), not a roll call (`wrong_method`), \
            the voter is not present (`not_present`) or already voted (`already_voted`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 422, description = "A bad option.", body = ValidationProblem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn roll_call(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<RollCallChoice>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let option = BallotOption::parse(&input.option).map_err(|e| write_refused(api.lang(), e.into(), "choice"))?;
    let person = PersonId(input.person_id);
    api.write("choice", move |store, ctx| assembly::roll_call_vote(store, ctx, MotionId(id), person, option)).await?;
    Ok(Json(Recorded { status: "recorded" }).into_response())
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
    params(MotionNumber),
    responses(
        (status = 200, description = "The result.", body = VoteResult),
        RunMotion,
        (status = 409, description = "The vote is not open (`vote_not_open`).", body = Problem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn close_vote(api: Api, Path(id): Path<i64>) -> Result<Response, WebError> {
    api.admit()?;
    let r = api.run(move |store, ctx| assembly::close_vote(store, ctx, MotionId(id))).await?;
    let counts: BTreeMap<String, u64> = r.counts.iter().cloned().collect();
    let view = MotionView {
        motion: r.motion.clone(),
        counts: r.counts.clone(),
        tally: r.tally,
        candidates: Vec::new(),
        roll_call: Vec::new(),
        resolution: r.resolution.clone(),
        elected: None,
        // Closing a vote takes running the assembly, which sees the members.
        names_withheld: false,
        ballots: None,
        consulta: None,
        weighted: None,
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

/// What settling a motion without a vote shares.
async fn settle(
    api: Api,
    step: fn(&Store, &Ctx, MotionId) -> Result<MotionRecord, ServiceError>,
    id: i64,
) -> Result<Response, WebError> {
    api.admit()?;
    let m = api.run(move |store, ctx| step(store, ctx, MotionId(id))).await?;
    Ok(Json(motion_dto(&m, None)).into_response())
}

/// Withdraw a motion
///
/// Its proposer withdrew it before its vote.
#[utoipa::path(
    post,
    path = "/api/v1/motions/{id}/withdraw",
    operation_id = "withdraw_motion",
    tag = "votes",
    params(MotionNumber),
    responses(
        (status = 200, description = "The motion, withdrawn.", body = Motion),
        RunMotion,
        (status = 409, description = "It is being voted or decided (`motion_decided`).", body = Problem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn withdraw(api: Api, Path(id): Path<i64>) -> Result<Response, WebError> {
    settle(api, assembly::withdraw, id).await
}

/// Record a motion not voted for lack of quorum
///
/// Refused when there is quorum.
#[utoipa::path(
    post,
    path = "/api/v1/motions/{id}/no-quorum",
    operation_id = "motion_no_quorum",
    tag = "votes",
    params(MotionNumber),
    responses(
        (status = 200, description = "The motion, not voted.", body = Motion),
        RunMotion,
        (status = 409, description = "There is quorum (`has_quorum`) or it is decided (`motion_decided`).",
            body = Problem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn no_quorum(api: Api, Path(id): Path<i64>) -> Result<Response, WebError> {
    settle(api, assembly::fail_quorum, id).await
}

/// Cast a secret ballot
///
/// Anonymous: the one-time code is the credential. Nothing records who voted. The ballot goes
/// into the ballot box and is written together with other ballots (at least five, or all of them
/// when the vote closes), so that no copy of the database tells which code chose what. The answer
/// waits up to two seconds for that: `recorded` (200) when it was written — it counts, even if
/// the server stops —, `in_the_box` (202) when it still waits for others; until written, its code
/// stays unused, so if the server stops first the voter votes again with it.
#[utoipa::path(
    post,
    path = "/api/v1/motions/{id}/ballots",
    operation_id = "cast_ballot",
    tag = "votes",
    security(()),
    params(MotionNumber),
    request_body = Ballot,
    responses(
        (status = 200, description = "Counted (`recorded`).", body = Recorded),
        (status = 202, description = "In the ballot box, to be written with others (`in_the_box`).", body = Recorded),
        BadJson,
        UnknownMotion,
        (status = 409, description = "The code is unknown or used (`ballot_code_refused`), its ballot is already \
            in the box (`ballot_in_the_box`), the vote is not open \
            (`vote_not_open`) or not secret (`wrong_method`), or the option is not of this vote \
            (`unknown_option`). A code that is not one of this vote's (mistyped) is `ballot_code_unknown`, \
            a code that already voted `ballot_code_used`.", body = Problem, content_type = "application/problem+json"),
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
    match super::common::cast_ballot(&state, MotionId(id), input.code, option).await {
        Ok(BallotReceipt::Counted) => Ok(Json(Recorded { status: "recorded" }).into_response()),
        Ok(BallotReceipt::InTheBox) => {
            Ok((axum::http::StatusCode::ACCEPTED, Json(Recorded { status: "in_the_box" })).into_response())
        }
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
    params(AssemblyNumber),
    request_body = TicketRequest,
    responses(
        (status = 201, description = "The tickets: shown only in this answer.", body = Codes),
        BadJson,
        SignInRequired,
        MayNotRunAssembly,
        UnknownAssembly,
        (status = 409, description = "The assembly is finished (`assembly_finished`), or phone voting does not \
            fit it (`phone_voting_not_offered`: only where nobody keeps a register of who may vote).", body = Problem,
            content_type = "application/problem+json"),
        (status = 422, description = "`count` out of range (1 to 10,000 per request).", body = ValidationProblem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn issue_tickets(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<TicketRequest>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let issued =
        api.write("count", move |store, ctx| assembly::issue_tickets(store, ctx, AssemblyId(id), input.count)).await?;
    Ok(created(None, Codes { codes: issued.codes }))
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
    params(MotionNumber),
    request_body = PhoneVoteRequest,
    responses(
        (status = 200, description = "`recorded`, or `already_recorded` for the same vote again.", body = Recorded),
        BadJson,
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
    match super::common::cast_phone_vote(&state, MotionId(id), &input.ticket, &input.option).await {
        Ok(PhoneAnswer::Recorded) => Ok(Json(Recorded { status: "recorded" }).into_response()),
        Ok(PhoneAnswer::AlreadyRecorded) => Ok(Json(Recorded { status: "already_recorded" }).into_response()),
        Err(e) => Err(WebError::api(lang, e)),
    }
}

/// The phone vote as the server routes it: ahead of the application's layers, which a crowd's
/// votes do not need (tracing spans, the 120-second timer, compression of a 20-byte answer, the
/// page chrome and the form token), keeping what every answer gets — the log line of a refusal
/// and the security headers — and a panic answered as a 500 (`crate::router`). The profile of
/// 1,000 phones voting at once put those layers' futures, timers and allocations near a fifth of
/// the server's time; [`phone_vote`] itself is unchanged (and documents the route).
pub(crate) async fn phone_vote_direct(
    State(state): State<AppState>,
    uri: axum::http::Uri,
    headers: HeaderMap,
    path: Result<Path<i64>, Response>,
    payload: Result<Json<PhoneVoteRequest>, JsonRejection>,
) -> Response {
    let secure = state.secure_cookies;
    let mut response = match path {
        Ok(path) => phone_vote(State(state), headers, path, payload).await.into_response(),
        Err(not_found) => not_found,
    };
    crate::http::log::log_refusal(&axum::http::Method::POST, &uri, &response);
    crate::http::headers::add_security_headers(&mut response, secure);
    response
}
