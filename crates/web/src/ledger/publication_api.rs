//! Publishing a body's totals on its public page, in JSON: the decision in force with what the
//! public page shows (for members), publishing (`PUT`) and withdrawing (`DELETE`) for whoever may
//! change the body's statute. Amounts are integer centavos.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::response::{IntoResponse, Response};
use cabildo_services::ledger::{self, PublicYear, Publication};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::http::dto::Body;
use crate::http::problem::{Problem, ValidationProblem};
use crate::http::responses::{BadJson, MayNotSeeBody, SignInRequired, UnknownBody, UnknownCredentials};
use crate::http::{Api, Path, Query, WebError};

/// An amount of a kind (`dues`, `contributions`, `fines`, `other`) or a purpose (`projects`…).
#[derive(Serialize, ToSchema)]
pub struct PublicAmount {
    what: String,
    amount_centavos: i64,
}

/// A year of the published totals: never a family.
#[derive(Serialize, ToSchema)]
pub struct PublishedYear {
    year: i32,
    /// The last day counted: today in the current year.
    #[schema(format = Date)]
    until: String,
    /// Income by kind (without transfers).
    income: Vec<PublicAmount>,
    /// Expenses by purpose.
    expenses: Vec<PublicAmount>,
    transfers_in_centavos: i64,
    transfers_out_centavos: i64,
    cash_centavos: i64,
    /// What families owe on charges due by `until`, and how many families (no names).
    arrears_centavos: i64,
    families_in_arrears: u64,
}

fn year_dto(y: &PublicYear) -> PublishedYear {
    PublishedYear {
        year: y.year,
        until: y.until.to_string(),
        income: y
            .income
            .iter()
            .map(|(a, c)| PublicAmount {
                what: a.code().trim_start_matches("income:").to_string(),
                amount_centavos: c.0,
            })
            .collect(),
        expenses: y
            .expenses
            .iter()
            .map(|(p, c)| PublicAmount { what: p.code().to_string(), amount_centavos: c.0 })
            .collect(),
        transfers_in_centavos: y.transfers_in.0,
        transfers_out_centavos: y.transfers_out.0,
        cash_centavos: y.cash.0,
        arrears_centavos: y.arrears.0,
        families_in_arrears: y.families_in_arrears,
    }
}

/// Whether a body publishes its totals on its public page.
#[derive(Serialize, ToSchema)]
pub struct LedgerPublication {
    body: Body,
    /// The decision in force: the totals are published.
    published: bool,
    /// The body's public page is published too (the totals show only then).
    page_published: bool,
    /// When (Unix seconds) and by whom the decision in force was taken; none: never published.
    #[schema(required = true)]
    set_at: Option<i64>,
    /// Who took it (the account's name, or the command line's operator).
    #[schema(required = true)]
    set_by: Option<String>,
    /// The resolution of the assembly that decided it ("3/2026"), when one was named.
    #[schema(required = true)]
    resolution: Option<String>,
    /// What the public page shows, by year (empty when it shows nothing of the ledger).
    years: Vec<PublishedYear>,
}

/// The decision in force and what the public page shows, read afresh (after a write, its result).
async fn answer(api: &Api, id: i64) -> Result<Response, WebError> {
    let today = api.viewer.ctx.today;
    let (o, totals) = api
        .run(move |store, ctx| {
            let o = ledger::overview(store, ctx, &id.to_string())?;
            let totals = ledger::public_totals(store, &o.body.code, today)?;
            Ok((o, totals))
        })
        .await?;
    let decision: Option<&Publication> = o.publication.as_ref();
    Ok(Json(LedgerPublication {
        body: Body::from(&o.body),
        published: decision.is_some_and(Publication::published),
        page_published: o.body.published,
        set_at: decision.map(|d| d.record.set_at),
        set_by: decision.map(|d| d.record.set_by.clone()),
        resolution: decision.and_then(|d| d.resolution.clone()),
        years: totals.map(|t| t.years.iter().map(year_dto).collect()).unwrap_or_default(),
    })
    .into_response())
}

/// Whether the totals are published
///
/// The decision in force on the body's totals (who took it, when, the resolution), and the
/// totals its public page shows. For the body's members.
#[utoipa::path(
    get,
    path = "/api/v1/bodies/{id}/ledger/publication",
    operation_id = "ledger_publication",
    tag = "ledger",
    params(("id" = i64, Path, description = "The body's number.")),
    responses(
        (status = 200, description = "The decision and the published totals.", body = LedgerPublication),
        SignInRequired,
        MayNotSeeBody,
        UnknownBody,
    ),
)]
pub(super) async fn show(api: Api, Path(id): Path<i64>) -> Result<Response, WebError> {
    answer(&api, id).await
}

/// What publishing takes: the resolution that decided it, if one is named.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"resolution": "3/2026"}))]
pub struct PublicationDecision {
    /// The resolution of the body's assembly (its number here, or "3/2026").
    #[serde(default)]
    resolution: Option<String>,
}

/// Publish the totals on the public page
///
/// The body's public page shows its totals from now on: income by kind, expenses by purpose,
/// transfers, cash, what is owed in arrears and by how many families — never a family. For
/// whoever may change the body's statute; publishing what is published changes nothing.
#[utoipa::path(
    put,
    path = "/api/v1/bodies/{id}/ledger/publication",
    operation_id = "publish_ledger_totals",
    tag = "ledger",
    params(("id" = i64, Path, description = "The body's number.")),
    request_body = PublicationDecision,
    responses(
        (status = 200, description = "The decision in force and the published totals.", body = LedgerPublication),
        BadJson,
        UnknownCredentials,
        (status = 403, description = "The viewer may not change this body's statute (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "No such body or resolution (`unknown_body`, `unknown_resolution`).",
            body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad field.", body = ValidationProblem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn publish(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<PublicationDecision>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let resolution = input.resolution.unwrap_or_default();
    api.write("resolution", move |store, ctx| ledger::set_publication(store, ctx, &id.to_string(), true, &resolution))
        .await?;
    answer(&api, id).await
}

#[derive(Deserialize, IntoParams)]
pub(super) struct WithdrawQuery {
    /// The resolution of the body's assembly that decided it (its number here, or "3/2026").
    #[serde(default)]
    resolution: String,
}

/// Withdraw the totals from the public page
///
/// The body's public page shows nothing of its ledger from now on. For whoever may change the
/// body's statute.
#[utoipa::path(
    delete,
    path = "/api/v1/bodies/{id}/ledger/publication",
    operation_id = "withdraw_ledger_totals",
    tag = "ledger",
    params(("id" = i64, Path, description = "The body's number."), WithdrawQuery),
    responses(
        (status = 200, description = "The decision in force.", body = LedgerPublication),
        UnknownCredentials,
        (status = 403, description = "The viewer may not change this body's statute (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "No such body or resolution (`unknown_body`, `unknown_resolution`).",
            body = Problem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn withdraw(
    api: Api,
    Path(id): Path<i64>,
    Query(query): Query<WithdrawQuery>,
) -> Result<Response, WebError> {
    api.admit()?;
    let resolution = query.resolution;
    api.write("resolution", move |store, ctx| ledger::set_publication(store, ctx, &id.to_string(), false, &resolution))
        .await?;
    answer(&api, id).await
}
