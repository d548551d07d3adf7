//! The ledger in JSON: a body's totals, a family's statement, a receipt, the treasurer's report,
//! and the writes — dues, charges, levies, fines, payments, reversals, closing a period. Amounts
//! are integer centavos (`amount_centavos`), never floating point.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::response::{IntoResponse, Response};
use cabildo_services::ledger::{
    self, ChargeRun, DuesForm, EntryRecord, LevyForm, PayForm, Payment, ReceiptView, Report, Statement,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::http::dto::Body;
use crate::http::problem::{Problem, ValidationProblem};
use crate::http::respond::created;
use crate::http::responses::{BadJson, MayNotSeeBody, SignInRequired, UnknownBody, UnknownCredentials};
use crate::http::{Api, Path, Query, WebError};

/// An entry of a body's book.
#[derive(Serialize, ToSchema)]
pub struct Entry {
    id: i64,
    #[schema(format = "uuid")]
    public_id: String,
    /// Its number in the body's book.
    number: i64,
    #[schema(format = Date)]
    occurred_on: String,
    /// `charges`, `payment`, `reversal` or `expense`.
    kind: String,
    memo: String,
    recorded_by: String,
    /// The entry this one reverses (its number), and why.
    #[schema(required = true)]
    reverses: Option<i64>,
    #[schema(required = true)]
    reason: Option<String>,
}

fn entry_dto(e: &EntryRecord) -> Entry {
    Entry {
        id: e.id,
        public_id: e.public_id.to_string(),
        number: e.number,
        occurred_on: e.occurred_on.to_string(),
        kind: e.kind.clone(),
        memo: e.memo.clone(),
        recorded_by: e.recorded_by.clone(),
        reverses: e.reverses,
        reason: e.reason.clone(),
    }
}

/// The charges one run wrote.
#[derive(Serialize, ToSchema)]
pub struct Charges {
    entry: Entry,
    count: u64,
    total_centavos: i64,
}

fn run_dto(r: &ChargeRun) -> Charges {
    Charges { entry: entry_dto(&r.entry), count: r.count, total_centavos: r.total.0 }
}

/// A body's totals: for every member.
#[derive(Serialize, ToSchema)]
pub struct LedgerTotals {
    body: Body,
    cash_centavos: i64,
    /// What families owe on their charges.
    receivable_centavos: i64,
    /// What the body owes families that paid in advance.
    credit_centavos: i64,
    /// The latest entries: for the body's officers only (empty for other members).
    entries: Vec<Entry>,
}

/// A body's book in totals
///
/// Cash, what families owe and what the body owes them. Members see the totals; the body's
/// officers also the latest entries.
#[utoipa::path(
    get,
    path = "/api/v1/bodies/{id}/ledger",
    operation_id = "ledger_totals",
    tag = "ledger",
    params(("id" = i64, Path, description = "The body's number.")),
    responses(
        (status = 200, description = "The totals.", body = LedgerTotals),
        SignInRequired,
        MayNotSeeBody,
        UnknownBody,
    ),
)]
pub(super) async fn totals(api: Api, Path(id): Path<i64>) -> Result<Response, WebError> {
    let o = api.run(move |store, ctx| ledger::overview(store, ctx, &id.to_string())).await?;
    Ok(Json(LedgerTotals {
        body: Body::from(&o.body),
        cash_centavos: o.cash.0,
        receivable_centavos: o.receivable.0,
        credit_centavos: o.credit.0,
        entries: o.entries.iter().map(entry_dto).collect(),
    })
    .into_response())
}

/// A charge on a family, and what it still owes.
#[derive(Serialize, ToSchema)]
pub struct Charge {
    id: i64,
    /// `dues`, `contribution` or `fine`.
    kind: &'static str,
    /// The dues' period ("2026-03").
    #[schema(required = true)]
    period: Option<String>,
    #[schema(format = Date)]
    due_on: String,
    amount_centavos: i64,
    owed_centavos: i64,
}

/// A receipt.
#[derive(Serialize, ToSchema)]
pub struct Receipt {
    /// Its number in the body's year, and the year.
    number: i64,
    year: i64,
    /// The short code the family keeps ("K7Q2-M9XA").
    code: String,
    #[schema(format = Date)]
    issued_on: String,
    household_id: i64,
    amount_centavos: i64,
    treasurer: String,
    /// The payment's entry.
    entry_id: i64,
}

pub(super) fn receipt_dto(r: &cabildo_services::ledger::ReceiptRecord) -> Receipt {
    Receipt {
        number: r.number,
        year: r.year,
        code: r.code.clone(),
        issued_on: r.issued_on.to_string(),
        household_id: r.household_id.0,
        amount_centavos: r.amount.0,
        treasurer: r.treasurer.clone(),
        entry_id: r.entry_id,
    }
}

/// A family's statement.
#[derive(Serialize, ToSchema)]
pub struct FamilyStatement {
    body: Body,
    household_id: i64,
    name: String,
    owed_centavos: i64,
    credit_centavos: i64,
    charges: Vec<Charge>,
    receipts: Vec<Receipt>,
}

fn statement_dto(s: &Statement) -> FamilyStatement {
    FamilyStatement {
        body: Body::from(&s.body),
        household_id: s.household.id.0,
        name: s.household.representative.name.display(),
        owed_centavos: s.owed.0,
        credit_centavos: s.credit.0,
        charges: s
            .charges
            .iter()
            .map(|c| Charge {
                id: c.id.0,
                kind: c.kind.code(),
                period: c.period.clone(),
                due_on: c.due_on.to_string(),
                amount_centavos: c.amount.0,
                owed_centavos: c.owed.0,
            })
            .collect(),
        receipts: s.receipts.iter().map(receipt_dto).collect(),
    }
}

/// A family's statement
///
/// What a family was charged, what each charge still owes, its receipts and credit. For the
/// body's officers (and those above) and the family itself; other members are refused.
#[utoipa::path(
    get,
    path = "/api/v1/bodies/{id}/ledger/families/{family}",
    operation_id = "family_statement",
    tag = "ledger",
    params(
        ("id" = i64, Path, description = "The body's number."),
        ("family" = String, Path, description = "The family: its number, register number, parcel code or member card."),
    ),
    responses(
        (status = 200, description = "The statement.", body = FamilyStatement),
        SignInRequired,
        MayNotSeeBody,
        (status = 404, description = "No such body or family (`unknown_body`, `ledger_unknown_family`).",
            body = Problem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn statement(api: Api, Path((id, family)): Path<(i64, String)>) -> Result<Response, WebError> {
    let s = api.run(move |store, ctx| ledger::statement(store, ctx, &id.to_string(), &family)).await?;
    Ok(Json(statement_dto(&s)).into_response())
}

/// What recording a payment takes.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"family": "Lote 12", "amount": "Bs 60", "charges": "14, 15"}))]
pub struct NewPayment {
    /// The family: its number, register number, parcel code or member card.
    family: String,
    /// As people write it: "60", "Bs 1.234,50".
    amount: String,
    /// The day paid; left out, today.
    #[serde(default)]
    #[schema(format = Date)]
    day: Option<String>,
    /// Charges to pay first (their numbers); the rest goes to the oldest, then to credit.
    #[serde(default)]
    charges: Option<String>,
}

/// A payment recorded.
#[derive(Serialize, ToSchema)]
pub struct PaymentDto {
    entry: Entry,
    receipt: Receipt,
    /// What became the family's credit.
    credit_centavos: i64,
}

fn payment_dto(p: &Payment) -> PaymentDto {
    PaymentDto { entry: entry_dto(&p.entry), receipt: receipt_dto(&p.receipt), credit_centavos: p.credit.0 }
}

/// Record a payment
///
/// A family's payment at the table: the charges named first, then the oldest open ones, the
/// rest as credit; a receipt numbered next in the body's year. For the treasurer.
#[utoipa::path(
    post,
    path = "/api/v1/bodies/{id}/ledger/payments",
    operation_id = "record_payment",
    tag = "ledger",
    params(("id" = i64, Path, description = "The body's number.")),
    request_body = NewPayment,
    responses(
        (status = 201, description = "The payment and its receipt.", body = PaymentDto),
        BadJson,
        UnknownCredentials,
        (status = 403, description = "The viewer does not keep this body's book (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "No such body or family (`unknown_body`, `ledger_unknown_family`).",
            body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The day is in a closed period (`ledger_period_closed`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 422, description = "An amount of zero or less (`ledger_amount_not_positive`) or a bad field.",
            body = ValidationProblem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn pay(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<NewPayment>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let form = PayForm {
        family: input.family,
        amount: input.amount,
        day: input.day.unwrap_or_default(),
        charges: input.charges.unwrap_or_default(),
    };
    let p = api.run(move |store, ctx| ledger::pay(store, ctx, &id.to_string(), &form)).await?;
    let location = format!("/api/v1/bodies/{id}/ledger/receipts/{}", p.receipt.code);
    Ok(created(Some(location), payment_dto(&p)))
}

/// A receipt as printed.
#[derive(Serialize, ToSchema)]
pub struct ReceiptDetail {
    body: Body,
    receipt: Receipt,
    family: String,
    /// What it paid: `dues`, `contribution` or `fine`, and which.
    items: Vec<ReceiptLine>,
    credit_centavos: i64,
    /// The amount in words, in Spanish.
    in_words: String,
    /// The entry that reversed the payment, if one did.
    #[schema(required = true)]
    reversed_by: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct ReceiptLine {
    #[schema(required = true)]
    kind: Option<&'static str>,
    what: String,
    amount_centavos: i64,
}

fn receipt_detail(r: &ReceiptView) -> ReceiptDetail {
    ReceiptDetail {
        body: Body::from(&r.body),
        receipt: receipt_dto(&r.receipt),
        family: r.family.clone(),
        items: r
            .items
            .iter()
            .map(|i| ReceiptLine { kind: i.kind.map(|k| k.code()), what: i.what.clone(), amount_centavos: i.amount.0 })
            .collect(),
        credit_centavos: r.credit.0,
        in_words: r.receipt.amount.in_words(cabildo_domain::spoken::Speech::Spanish),
        reversed_by: r.reversed_by,
    }
}

/// A receipt
///
/// A receipt by its short code or its "year/number" in the body. For those who see the family's
/// statement.
#[utoipa::path(
    get,
    path = "/api/v1/bodies/{id}/ledger/receipts/{receipt}",
    operation_id = "ledger_receipt",
    tag = "ledger",
    params(
        ("id" = i64, Path, description = "The body's number."),
        ("receipt" = String, Path, description = "The receipt's code (\"K7Q2-M9XA\")."),
    ),
    responses(
        (status = 200, description = "The receipt.", body = ReceiptDetail),
        SignInRequired,
        MayNotSeeBody,
        (status = 404, description = "No such body or receipt (`unknown_body`, `ledger_unknown_receipt`).",
            body = Problem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn receipt(api: Api, Path((id, code)): Path<(i64, String)>) -> Result<Response, WebError> {
    let r = api.run(move |store, ctx| ledger::receipt(store, ctx, &id.to_string(), &code)).await?;
    Ok(Json(receipt_detail(&r)).into_response())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct PeriodParams {
    /// "2026", "2026-03", "2026-Q2" or "01/03/2026–31/05/2026".
    period: String,
}

/// An amount under a name.
#[derive(Serialize, ToSchema)]
pub struct Amount {
    /// An account (`income:dues`), a purpose (`travel`) or a body's code.
    name: String,
    amount_centavos: i64,
}

/// A family in arrears.
#[derive(Serialize, ToSchema)]
pub struct Arrear {
    household_id: i64,
    name: String,
    owed_centavos: i64,
}

/// The treasurer's report.
#[derive(Serialize, ToSchema)]
pub struct TreasurerReport {
    body: Body,
    /// The period as read ("2026-Q2").
    period: String,
    opening_cash_centavos: i64,
    closing_cash_centavos: i64,
    income: Vec<Amount>,
    expenses: Vec<Amount>,
    collected_centavos: i64,
    transfers: Vec<Amount>,
    arrears: Vec<Arrear>,
}

pub(super) fn report_dto(r: &Report) -> TreasurerReport {
    TreasurerReport {
        body: Body::from(&r.body),
        period: r.period.label(),
        opening_cash_centavos: r.opening_cash.0,
        closing_cash_centavos: r.closing_cash.0,
        income: r.income.iter().map(|(a, c)| Amount { name: a.code(), amount_centavos: c.0 }).collect(),
        expenses: r.expenses.iter().map(|(p, c)| Amount { name: p.code().into(), amount_centavos: c.0 }).collect(),
        collected_centavos: r.collected.0,
        transfers: r.transfers.iter().map(|(_, n, c)| Amount { name: n.clone(), amount_centavos: c.0 }).collect(),
        arrears: r
            .arrears
            .iter()
            .map(|a| Arrear { household_id: a.household.0, name: a.name.clone(), owed_centavos: a.owed.0 })
            .collect(),
    }
}

/// The treasurer's report
///
/// For a period: cash at its start and end, income by kind, expenses by purpose, what families
/// paid, transfers, and the families in arrears. For the body's officers.
#[utoipa::path(
    get,
    path = "/api/v1/bodies/{id}/ledger/report",
    operation_id = "treasurer_report",
    tag = "ledger",
    params(("id" = i64, Path, description = "The body's number."), PeriodParams),
    responses(
        (status = 200, description = "The report.", body = TreasurerReport),
        SignInRequired,
        MayNotSeeBody,
        UnknownBody,
        (status = 422, description = "The period does not parse (`bad_period`).", body = ValidationProblem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn report(api: Api, Path(id): Path<i64>, Query(q): Query<PeriodParams>) -> Result<Response, WebError> {
    let r = api.run(move |store, ctx| ledger::report(store, ctx, &id.to_string(), &q.period)).await?;
    Ok(Json(report_dto(&r)).into_response())
}

/// What a write on the book takes: each operation reads the fields it needs.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"operation": "dues", "period": "2026"}))]
pub struct BookWrite {
    /// `set_dues` (amount, cadence, share), `dues` (period), `levy` (resolution, purpose,
    /// description, basis, amount, due_on), `fines`, `reverse` (entry, reason), `close` (period).
    operation: String,
    #[serde(default)]
    amount: Option<String>,
    #[serde(default)]
    cadence: Option<String>,
    #[serde(default)]
    share: Option<String>,
    #[serde(default)]
    period: Option<String>,
    #[serde(default)]
    resolution: Option<String>,
    #[serde(default)]
    purpose: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    basis: Option<String>,
    #[serde(default)]
    #[schema(format = Date)]
    due_on: Option<String>,
    #[serde(default)]
    entry: Option<String>,
    #[serde(default)]
    reason: Option<String>,
}

/// What a write on the book did.
#[derive(Serialize, ToSchema)]
pub struct BookWritten {
    operation: String,
    /// The entry written (none for `set_dues` and `close`).
    #[schema(required = true)]
    entry: Option<Entry>,
    /// The charges written (`dues`, `levy`, `fines`).
    #[schema(required = true)]
    charges: Option<Charges>,
}

/// Write on the book
///
/// Sets the statute's dues, charges dues for a period, levies a contribution voted by a
/// resolution, takes over the fines of closed assemblies, reverses an entry with its reason, or
/// closes a period. For the treasurer (dues: for those who change the statute).
#[utoipa::path(
    post,
    path = "/api/v1/bodies/{id}/ledger",
    operation_id = "ledger_write",
    tag = "ledger",
    params(("id" = i64, Path, description = "The body's number.")),
    request_body = BookWrite,
    responses(
        (status = 201, description = "What was written.", body = BookWritten),
        BadJson,
        UnknownCredentials,
        (status = 403, description = "The viewer does not keep this body's book (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "No such body, resolution or entry.", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "A closed period (`ledger_period_closed`), a reversal of a reversal \
            (`ledger_reverse_reversal`), an entry reversed already (`ledger_already_reversed`), nobody to charge.",
            body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad field: an amount, a period, a purpose.", body = ValidationProblem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn write(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<BookWrite>, JsonRejection>,
) -> Result<Response, WebError> {
    let w = api.admit_json(payload)?;
    let body = id.to_string();
    let operation = w.operation.clone();
    let text = |v: Option<String>| v.unwrap_or_default();
    let written = api
        .run(move |store, ctx| {
            let (entry, charges) = match w.operation.as_str() {
                "set_dues" => {
                    let form = DuesForm { amount: text(w.amount), cadence: text(w.cadence), share: text(w.share) };
                    ledger::set_dues(store, ctx, &body, &form)?;
                    (None, None)
                }
                "dues" => (None, Some(ledger::charge_dues(store, ctx, &body, &text(w.period))?)),
                "levy" => {
                    let form = LevyForm {
                        resolution: text(w.resolution),
                        purpose: text(w.purpose),
                        description: text(w.description),
                        basis: text(w.basis),
                        amount: text(w.amount),
                        due_on: text(w.due_on),
                    };
                    (None, Some(ledger::levy(store, ctx, &body, &form)?.1))
                }
                "fines" => (None, Some(ledger::take_over_fines(store, ctx, &body)?)),
                "reverse" => (Some(ledger::reverse(store, ctx, &body, &text(w.entry), &text(w.reason))?), None),
                "close" => {
                    ledger::close_period(store, ctx, &body, &text(w.period))?;
                    (None, None)
                }
                other => {
                    return Err(cabildo_domain::DomainError::Invalid {
                        field: cabildo_domain::Field::Status,
                        value: other.to_string(),
                    }
                    .into());
                }
            };
            Ok((entry, charges))
        })
        .await?;
    let (entry, charges) = written;
    Ok(created(
        None,
        BookWritten { operation, entry: entry.as_ref().map(entry_dto), charges: charges.as_ref().map(run_dto) },
    ))
}
