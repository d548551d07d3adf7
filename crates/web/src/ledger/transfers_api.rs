//! Transfers between bodies in JSON: a body's transfers, sending one, confirming one received,
//! setting the share of dues the bodies below owe, and what every body below owes for a period.
//! Amounts are integer centavos.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::response::{IntoResponse, Response};
use cabildo_domain::transfer::ShareOwed;
use cabildo_services::ledger::{self, TransferForm, TransferView};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::http::dto::Body;
use crate::http::problem::{Problem, ValidationProblem};
use crate::http::respond::created;
use crate::http::responses::{BadJson, MayNotSeeBody, SignInRequired, UnknownBody, UnknownCredentials};
use crate::http::{Api, Path, Query, WebError};

/// A transfer between two bodies.
#[derive(Serialize, ToSchema)]
pub struct Transfer {
    /// How it is named in the API and on the pages.
    #[schema(format = "uuid")]
    public_id: String,
    from_body_id: i64,
    from: String,
    to_body_id: i64,
    to: String,
    /// `dues_share` or `contribution`.
    kind: String,
    /// A dues share's period ("2026").
    #[schema(required = true)]
    period: Option<String>,
    amount_centavos: i64,
    memo: String,
    #[schema(format = Date)]
    sent_on: String,
    confirmed: bool,
    /// Who confirmed it, and when (Unix seconds).
    #[schema(required = true)]
    confirmed_by: Option<String>,
    #[schema(required = true)]
    confirmed_at: Option<i64>,
    /// The entries' numbers in the sender's book, and in the receiver's (pending, confirmation).
    #[schema(required = true)]
    sent_entry: Option<i64>,
    #[schema(required = true)]
    received_entry: Option<i64>,
    #[schema(required = true)]
    confirm_entry: Option<i64>,
}

fn transfer_dto(t: &TransferView) -> Transfer {
    Transfer {
        public_id: t.record.public_id.to_string(),
        from_body_id: t.record.from_body_id.0,
        from: t.from.clone(),
        to_body_id: t.record.to_body_id.0,
        to: t.to.clone(),
        kind: t.record.kind.clone(),
        period: t.record.period.clone(),
        amount_centavos: t.record.amount.0,
        memo: t.record.memo.clone(),
        sent_on: t.record.sent_on.to_string(),
        confirmed: t.record.confirmed,
        confirmed_by: t.confirmed_by.clone(),
        confirmed_at: t.confirmed_at,
        sent_entry: t.sent_entry,
        received_entry: t.received_entry,
        confirm_entry: t.confirm_entry,
    }
}

/// A body's transfers.
#[derive(Serialize, ToSchema)]
pub struct Transfers {
    body: Body,
    /// The share of dues its statute asks of the bodies below it, in basis points (1000 = 10 %).
    share_basis_points: i64,
    /// Sent and received, newest first.
    transfers: Vec<Transfer>,
}

/// A body's transfers
///
/// What the body sent to other bodies and received from them, pending or confirmed. For the
/// body's officers.
#[utoipa::path(
    get,
    path = "/api/v1/bodies/{id}/ledger/transfers",
    operation_id = "ledger_transfers",
    tag = "ledger",
    params(("id" = i64, Path, description = "The body's number.")),
    responses(
        (status = 200, description = "The transfers.", body = Transfers),
        SignInRequired,
        MayNotSeeBody,
        UnknownBody,
    ),
)]
pub(super) async fn list(api: Api, Path(id): Path<i64>) -> Result<Response, WebError> {
    let book = api.run(move |store, ctx| ledger::transfers(store, ctx, &id.to_string())).await?;
    Ok(Json(Transfers {
        body: Body::from(&book.body),
        share_basis_points: book.share_bp,
        transfers: book.transfers.iter().map(transfer_dto).collect(),
    })
    .into_response())
}

/// What sending money to another body takes.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"to": "F1-C01", "kind": "dues_share", "period": "2026"}))]
pub struct NewTransfer {
    /// The receiving body: its code, number or public id.
    to: String,
    /// `dues_share` or `contribution` (left out: a contribution).
    #[serde(default)]
    kind: Option<String>,
    /// A dues share's period ("2026", "2026-Q1").
    #[serde(default)]
    period: Option<String>,
    /// A contribution's levy (its public id), whose money is sent on.
    #[serde(default)]
    levy: Option<String>,
    /// As people write it ("Bs 1.234,50"); left out for a dues share: what is still owed.
    #[serde(default)]
    amount: Option<String>,
    #[serde(default)]
    memo: Option<String>,
    /// The day sent; left out, today.
    #[serde(default)]
    #[schema(format = Date)]
    day: Option<String>,
}

/// Send money to another body
///
/// Records one transfer: the sender's outgoing entry (cash out) and the receiver's pending
/// incoming one. Only to a body above or below, a sister under the same parent, or one joined by
/// an affiliation in force. For the sender's treasurer.
#[utoipa::path(
    post,
    path = "/api/v1/bodies/{id}/ledger/transfers",
    operation_id = "send_transfer",
    tag = "ledger",
    params(("id" = i64, Path, description = "The sending body's number.")),
    request_body = NewTransfer,
    responses(
        (status = 201, description = "The transfer, pending.", body = Transfer),
        BadJson,
        UnknownCredentials,
        (status = 403, description = "The viewer does not keep this body's book (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "No such body or levy (`unknown_body`, `ledger_unknown_levy`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "An unrelated body (`ledger_unrelated_body`), itself \
            (`ledger_transfer_to_itself`), more than the cash (`ledger_transfer_exceeds_cash`), a share not owed \
            (`ledger_share_not_owed`), a closed period.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An amount of zero or less (`ledger_amount_not_positive`) or a bad field.",
            body = ValidationProblem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn send(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<NewTransfer>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let text = |v: Option<String>| v.unwrap_or_default();
    let form = TransferForm {
        to: input.to,
        kind: text(input.kind),
        period: text(input.period),
        levy: text(input.levy),
        amount: text(input.amount),
        memo: text(input.memo),
        day: text(input.day),
    };
    let t = api.run(move |store, ctx| ledger::send_transfer(store, ctx, &id.to_string(), &form)).await?;
    Ok(created(None, transfer_dto(&t)))
}

/// Confirm a transfer received
///
/// The receiver's treasurer records that the money arrived: an entry of the receiver's book.
/// Once; only the receiving body confirms.
#[utoipa::path(
    post,
    path = "/api/v1/bodies/{id}/ledger/transfers/{transfer}/confirm",
    operation_id = "confirm_transfer",
    tag = "ledger",
    params(
        ("id" = i64, Path, description = "The receiving body's number."),
        ("transfer" = String, Path, description = "The transfer's public id."),
    ),
    responses(
        (status = 200, description = "The transfer, confirmed.", body = Transfer),
        UnknownCredentials,
        (status = 403, description = "The viewer does not keep this body's book (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "No such body or transfer (`ledger_unknown_transfer`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "Not this body's to confirm (`ledger_transfer_not_pending`), or confirmed \
            already (`ledger_transfer_already_confirmed`).", body = Problem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn confirm(api: Api, Path((id, transfer)): Path<(i64, String)>) -> Result<Response, WebError> {
    api.admit()?;
    let t = api.run(move |store, ctx| ledger::confirm_transfer(store, ctx, &id.to_string(), &transfer)).await?;
    Ok(Json(transfer_dto(&t)).into_response())
}

/// The share of dues the bodies below owe.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"share": "10 %"}))]
pub struct NewShare {
    /// "10 %", "2,5".
    share: String,
}

/// The share set.
#[derive(Serialize, ToSchema)]
pub struct Share {
    body_id: i64,
    /// Basis points (1000 = 10 %).
    share_basis_points: i64,
    set_by: String,
}

/// Set the share of dues owed upward
///
/// The share of the dues they collect that the bodies below owe this one, as its statute says.
/// For those who change the body's statute.
#[utoipa::path(
    post,
    path = "/api/v1/bodies/{id}/ledger/share",
    operation_id = "set_dues_share",
    tag = "ledger",
    params(("id" = i64, Path, description = "The body's number.")),
    request_body = NewShare,
    responses(
        (status = 201, description = "The share in force.", body = Share),
        BadJson,
        UnknownCredentials,
        (status = 403, description = "The viewer does not change this body's statute (`forbidden`).",
            body = Problem, content_type = "application/problem+json"),
        UnknownBody,
        (status = 422, description = "Not a share between 0 and 100 %.", body = ValidationProblem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn share(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<NewShare>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let s = api.run(move |store, ctx| ledger::set_share(store, ctx, &id.to_string(), &input.share)).await?;
    Ok(created(None, Share { body_id: s.body_id.0, share_basis_points: s.share_bp, set_by: s.set_by }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct OwedParams {
    /// "2026", "2026-03", "2026-Q2" or "01/03/2026–31/05/2026".
    period: String,
}

/// What a body below owes.
#[derive(Serialize, ToSchema)]
pub struct OwedBy {
    body_id: i64,
    body: String,
    /// How far below (1: right below).
    depth: usize,
    /// The dues it collected from its families in the period.
    collected_centavos: i64,
    /// The share of them owed (rounded down to the centavo).
    owed_centavos: i64,
    /// What it sent as its dues share for periods inside this one.
    sent_centavos: i64,
    /// What it still owes (never below zero).
    outstanding_centavos: i64,
}

/// What every body below owes.
#[derive(Serialize, ToSchema)]
pub struct Owed {
    body: Body,
    period: String,
    share_basis_points: i64,
    bodies: Vec<OwedBy>,
    owed_centavos: i64,
    sent_centavos: i64,
    outstanding_centavos: i64,
}

fn owed_by(body_id: i64, body: String, depth: usize, o: &ShareOwed) -> OwedBy {
    OwedBy {
        body_id,
        body,
        depth,
        collected_centavos: o.collected.0,
        owed_centavos: o.owed.0,
        sent_centavos: o.sent.0,
        outstanding_centavos: o.outstanding.0,
    }
}

/// What every body below owes
///
/// The federation's arrears summary: for a period, each body below with the dues it collected,
/// the share of them owed to this body, what it sent and what it still owes. For the body's
/// officers.
#[utoipa::path(
    get,
    path = "/api/v1/bodies/{id}/ledger/owed",
    operation_id = "ledger_owed",
    tag = "ledger",
    params(("id" = i64, Path, description = "The body's number."), OwedParams),
    responses(
        (status = 200, description = "The summary.", body = Owed),
        SignInRequired,
        MayNotSeeBody,
        UnknownBody,
        (status = 422, description = "The period does not parse (`bad_period`).", body = ValidationProblem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn owed(api: Api, Path(id): Path<i64>, Query(q): Query<OwedParams>) -> Result<Response, WebError> {
    let s = api.run(move |store, ctx| ledger::owed(store, ctx, &id.to_string(), &q.period)).await?;
    let total = s.total();
    Ok(Json(Owed {
        body: Body::from(&s.body),
        period: s.period.label(),
        share_basis_points: s.share_bp,
        bodies: s.rows.iter().map(|r| owed_by(r.body.0, r.label.clone(), r.depth, &r.owed)).collect(),
        owed_centavos: total.owed.0,
        sent_centavos: total.sent.0,
        outstanding_centavos: total.outstanding.0,
    })
    .into_response())
}
