//! The union's money (issue 15): a double-entry book per body, in simple words outside. Charges
//! come from the statute's dues, from contributions an assembly's resolution levies, and from the
//! absence fines of closed assemblies (taken over once); the treasurer records payments at the
//! table (several charges at once, partial, in advance: the excess is the family's credit, used
//! by its next charges) and gives a receipt numbered per body and year without gaps. Nothing
//! written is ever changed: a mistake is a reversal naming the entry it reverses and why. Every
//! entry is also written to the audit trail.
//! The pages' and the report's readings are in `view`.

mod arrears;
mod documents;
mod import;
mod presented;
mod publication;
mod transfers;
mod view;

pub use arrears::*;
pub use documents::*;
pub use import::*;
pub use presented::*;
pub use publication::*;
pub use transfers::*;
pub use view::*;

use std::collections::HashMap;

use cabildo_domain::access::Action;
use cabildo_domain::ledger::{
    self, Account, Basis, Centavos, ChargeId, ChargeKind, DuesCadence, Line, Period, Purpose,
};
use cabildo_domain::{Body, BodyId, Date, Field, Household, HouseholdId, Message, PublicId, text};
pub use cabildo_store::{
    ArrearsDrift, ChargeRecord, ClosedPeriod, DuesRuleRecord, EntryRecord, LevyRecord, ReceiptRecord, StatementLine,
    TransferRecord,
};
use cabildo_store::{NewCharge, NewEntry, Repo, Store};
use sha2::{Digest, Sha256};

use crate::registry::Registry;
use crate::{Ctx, Result, ServiceError};

/// The longest memo, reason or description an entry takes.
pub const MAX_TEXT: usize = 500;

/// What the ledger refuses. [`LedgerRefusalKind`] lists the variants.
#[derive(Debug, Clone, PartialEq, thiserror::Error, strum::EnumDiscriminants)]
#[strum_discriminants(name(LedgerRefusalKind), derive(strum::EnumIter))]
pub enum LedgerRefusal {
    #[error("no family {reference} in {body}")]
    UnknownFamily { reference: String, body: String },
    #[error("an amount must be more than zero, not {amount}")]
    AmountNotPositive { amount: String },
    #[error("entry {entry} is itself a reversal: it cannot be reversed")]
    ReverseReversal { entry: String },
    #[error("entry {entry} was already reversed by entry {by}")]
    AlreadyReversed { entry: String, by: String },
    #[error("entry {entry} is a transfer between bodies: it is not reversed in one book")]
    TransferNotReversible { entry: String },
    #[error("the period {period} of {body} is closed: nothing dated {day} can be recorded")]
    PeriodClosed { period: String, body: String, day: String },
    #[error(
        "{to} has no relation to {from} (not above or below it, not a sister, no affiliation): no transfer between them"
    )]
    UnrelatedBody { from: String, to: String },
    #[error("no entry {reference} in the book of {body}")]
    UnknownEntry { reference: String, body: String },
    #[error("no receipt {reference}")]
    UnknownReceipt { reference: String },
    #[error("{body} has no dues in its statute: set them first")]
    NoDuesRule { body: String },
    #[error("entry {entry} charged families that have since paid: reverse those payments first")]
    ChargePaid { entry: String },
    #[error("a reversal says why")]
    ReasonRequired,
    #[error("no family of {body} is to be charged")]
    NothingToCharge { body: String },
    #[error("no transfer {reference}")]
    UnknownTransfer { reference: String },
    #[error("transfer {reference} is not for {body} to confirm")]
    TransferNotPending { reference: String, body: String },
    #[error("{body} cannot send money to itself")]
    TransferToItself { body: String },
    #[error("{from} owes {to} no share of its dues: only bodies above it whose statute asks one")]
    ShareNotOwed { from: String, to: String },
    #[error("{body} has {cash} in cash: it cannot send {amount}")]
    TransferExceedsCash { body: String, cash: String, amount: String },
    #[error("transfer {reference} was already confirmed by {by} (entry {entry})")]
    TransferAlreadyConfirmed { reference: String, by: String, entry: String },
    #[error("no levy {reference} in {body}")]
    UnknownLevy { reference: String, body: String },
    #[error("the file is too large: at most {rows} payments and {size} per import")]
    ImportTooLarge { rows: String, size: String },
    #[error("{count} families of {body} are called {reference}: name the family by its member card or number")]
    AmbiguousFamily { reference: String, body: String, count: String },
    #[error("the document is too large: at most {size}")]
    DocumentTooLarge { size: String },
    #[error("a document must be a photo (JPEG or PNG) or a PDF")]
    DocumentType,
    #[error("entry {entry} already has its document: documents are written once")]
    DocumentExists { entry: String },
    #[error("entry {entry} is not an expense: only expenses carry documents")]
    NotAnExpense { entry: String },
    #[error("no document {reference}")]
    UnknownDocument { reference: String },
}

impl LedgerRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            LedgerRefusal::UnknownFamily { .. } => "ledger_unknown_family",
            LedgerRefusal::AmountNotPositive { .. } => "ledger_amount_not_positive",
            LedgerRefusal::ReverseReversal { .. } => "ledger_reverse_reversal",
            LedgerRefusal::AlreadyReversed { .. } => "ledger_already_reversed",
            LedgerRefusal::TransferNotReversible { .. } => "ledger_transfer_not_reversible",
            LedgerRefusal::PeriodClosed { .. } => "ledger_period_closed",
            LedgerRefusal::UnrelatedBody { .. } => "ledger_unrelated_body",
            LedgerRefusal::UnknownEntry { .. } => "ledger_unknown_entry",
            LedgerRefusal::UnknownReceipt { .. } => "ledger_unknown_receipt",
            LedgerRefusal::NoDuesRule { .. } => "ledger_no_dues_rule",
            LedgerRefusal::ChargePaid { .. } => "ledger_charge_paid",
            LedgerRefusal::ReasonRequired => "ledger_reason_required",
            LedgerRefusal::NothingToCharge { .. } => "ledger_nothing_to_charge",
            LedgerRefusal::UnknownTransfer { .. } => "ledger_unknown_transfer",
            LedgerRefusal::TransferNotPending { .. } => "ledger_transfer_not_pending",
            LedgerRefusal::TransferToItself { .. } => "ledger_transfer_to_itself",
            LedgerRefusal::ShareNotOwed { .. } => "ledger_share_not_owed",
            LedgerRefusal::TransferExceedsCash { .. } => "ledger_transfer_exceeds_cash",
            LedgerRefusal::TransferAlreadyConfirmed { .. } => "ledger_transfer_already_confirmed",
            LedgerRefusal::UnknownLevy { .. } => "ledger_unknown_levy",
            LedgerRefusal::ImportTooLarge { .. } => "ledger_import_too_large",
            LedgerRefusal::AmbiguousFamily { .. } => "ledger_ambiguous_family",
            LedgerRefusal::DocumentTooLarge { .. } => "ledger_document_too_large",
            LedgerRefusal::DocumentType => "ledger_document_type",
            LedgerRefusal::DocumentExists { .. } => "ledger_document_exists",
            LedgerRefusal::NotAnExpense { .. } => "ledger_not_an_expense",
            LedgerRefusal::UnknownDocument { .. } => "ledger_unknown_document",
        }
    }

    /// Whether the refusal means "there is no such thing" (HTTP 404).
    pub fn is_not_found(&self) -> bool {
        matches!(
            self,
            LedgerRefusal::UnknownFamily { .. }
                | LedgerRefusal::UnknownEntry { .. }
                | LedgerRefusal::UnknownReceipt { .. }
                | LedgerRefusal::UnknownTransfer { .. }
                | LedgerRefusal::UnknownLevy { .. }
                | LedgerRefusal::UnknownDocument { .. }
        )
    }

    pub fn message(&self) -> Message {
        let m = Message::new(self.code());
        match self {
            LedgerRefusal::UnknownFamily { reference, body }
            | LedgerRefusal::UnknownEntry { reference, body }
            | LedgerRefusal::UnknownLevy { reference, body } => m.arg("reference", reference).arg("body", body),
            LedgerRefusal::AmountNotPositive { amount } => m.arg("amount", amount),
            LedgerRefusal::ReverseReversal { entry }
            | LedgerRefusal::ChargePaid { entry }
            | LedgerRefusal::TransferNotReversible { entry } => m.arg("entry", entry),
            LedgerRefusal::AlreadyReversed { entry, by } => m.arg("entry", entry).arg("by", by),
            LedgerRefusal::PeriodClosed { period, body, day } => {
                m.arg("period", period).arg("body", body).arg("day", day)
            }
            LedgerRefusal::UnrelatedBody { from, to } | LedgerRefusal::ShareNotOwed { from, to } => {
                m.arg("from", from).arg("to", to)
            }
            LedgerRefusal::TransferToItself { body } => m.arg("body", body),
            LedgerRefusal::TransferExceedsCash { body, cash, amount } => {
                m.arg("body", body).arg("cash", cash).arg("amount", amount)
            }
            LedgerRefusal::TransferAlreadyConfirmed { reference, by, entry } => {
                m.arg("reference", reference).arg("by", by).arg("entry", entry)
            }
            LedgerRefusal::UnknownReceipt { reference } | LedgerRefusal::UnknownTransfer { reference } => {
                m.arg("reference", reference)
            }
            LedgerRefusal::NoDuesRule { body } | LedgerRefusal::NothingToCharge { body } => m.arg("body", body),
            LedgerRefusal::TransferNotPending { reference, body } => m.arg("reference", reference).arg("body", body),
            LedgerRefusal::ImportTooLarge { rows, size } => m.arg("rows", rows).arg("size", size),
            LedgerRefusal::AmbiguousFamily { reference, body, count } => {
                m.arg("reference", reference).arg("body", body).arg("count", count)
            }
            LedgerRefusal::DocumentTooLarge { size } => m.arg("size", size),
            LedgerRefusal::DocumentType => m,
            LedgerRefusal::DocumentExists { entry } | LedgerRefusal::NotAnExpense { entry } => m.arg("entry", entry),
            LedgerRefusal::UnknownDocument { reference } => m.arg("reference", reference),
            LedgerRefusal::ReasonRequired => m,
        }
    }
}

impl From<LedgerRefusal> for ServiceError {
    fn from(refusal: LedgerRefusal) -> Self {
        ServiceError::Ledger(Box::new(refusal))
    }
}

/// Reads an amount and refuses one that is not more than zero.
pub fn positive_amount(value: &str) -> Result<Centavos> {
    let amount = Centavos::parse(Field::Amount, value)?;
    if !amount.is_positive() {
        return Err(LedgerRefusal::AmountNotPositive { amount: amount.to_string() }.into());
    }
    Ok(amount)
}

fn optional_day(field: Field, value: &str, today: Date) -> Result<Date> {
    match value.trim() {
        "" => Ok(today),
        value => Ok(cabildo_domain::padron::parse_date(field, value)?),
    }
}

/// Only the body `reference` names and the bodies above it: enough to resolve it and to check an
/// actor's rights on it (roles reach down the tree, so only the way up counts), in a few indexed
/// reads instead of the whole tree (`Registry::load`, milliseconds at the Trópico's 2,800 bodies).
/// For the use-cases that run often: a payment at the table, a family's statement, a charge run in
/// every sindicato. A body outside the chain is not in it (its `label` is its number).
pub(crate) fn load_chain(repo: &mut dyn Repo, reference: &str) -> Result<Registry> {
    let body = crate::registry::resolve_body(repo, reference)?;
    // The body and those above it in one query (a round trip each saved on PostgreSQL), put in
    // order here: the same read a permission check makes.
    let mut above: HashMap<BodyId, Body> = repo.body_with_ancestors(body.id)?.into_iter().map(|b| (b.id, b)).collect();
    let mut bodies = vec![body];
    while let Some(parent) = bodies.last().and_then(|b| b.parent_id) {
        match above.remove(&parent) {
            Some(body) => bodies.push(body),
            None => break,
        }
    }
    let tree = cabildo_domain::Tree::new(bodies.iter().rev().map(|b| (b.id, b.parent_id)));
    let by_code = bodies.iter().map(|b| (b.code.clone(), b.id)).collect();
    Ok(Registry { bodies: bodies.into_iter().map(|b| (b.id, b)).collect(), by_code, tree })
}

/// Refuses unless `body` is one whose book is kept here: open, and made of households for
/// anything charged to families.
fn open_body(registry: &Registry, reference: &str) -> Result<Body> {
    let body = registry.resolve(reference)?.clone();
    if !body.is_open() {
        return Err(ServiceError::BodyClosed { body: body.label() });
    }
    Ok(body)
}

fn household_body(body: &Body) -> Result<()> {
    if body.composition != cabildo_domain::Composition::Households {
        return Err(ServiceError::NotHouseholdBody { body: body.label() });
    }
    Ok(())
}

/// Refuses a day inside a period `body` closed.
pub(crate) fn require_open_day(repo: &mut dyn Repo, body: &Body, day: Date) -> Result<()> {
    if let Some(closed) = repo.closed_periods(body.id)?.into_iter().find(|c| c.start_on <= day && day <= c.end_on) {
        let period = Period { start: closed.start_on, end: closed.end_on };
        return Err(LedgerRefusal::PeriodClosed {
            period: period.label(),
            body: body.label(),
            day: day.format("%d/%m/%Y").to_string(),
        }
        .into());
    }
    Ok(())
}

/// Writes an entry after checking that its lines balance. Returns it, and the detail of its
/// audit line ("12: payment 1.234,50 memo"), which the caller writes with its action.
pub(crate) fn post(repo: &mut dyn Repo, ctx: &Ctx, entry: NewEntry) -> Result<(EntryRecord, String)> {
    ledger::check_balanced(&entry.lines)
        .map_err(|problem| ServiceError::Internal(format!("an entry that does not balance: {problem}")))?;
    let total: i64 = entry.lines.iter().filter(|l| l.amount.0 > 0).map(|l| l.amount.0).sum();
    let record = repo.insert_entry(&entry, ctx.minter()?.mint()?)?;
    let detail = format!("{}: {} {} {}", record.number, record.kind, Centavos(total).plain(), record.memo);
    Ok((record, detail))
}

fn new_entry(ctx: &Ctx, body: BodyId, day: Date, kind: &str, memo: String, lines: Vec<Line>) -> NewEntry {
    NewEntry {
        body_id: body,
        occurred_on: day,
        recorded_at: ctx.now,
        recorded_by: ctx.actor_name(),
        kind: kind.into(),
        memo,
        reverses: None,
        reason: None,
        transfer_id: None,
        lines,
    }
}

/// What an officer types to set the statute's dues.
#[derive(Debug, Clone, Default)]
pub struct DuesForm {
    /// "20", "Bs 12,50".
    pub amount: String,
    /// `monthly`, `quarterly` or `yearly` (or mensual, trimestral, anual).
    pub cadence: String,
    /// The share of dues this body asks of the bodies right below it ("10 %"); empty: none.
    pub share: String,
}

/// Sets the dues of `body`'s statute (what the assembly adopted): the amount per family and
/// period, and the share of the dues of the bodies below it that is owed to it.
pub fn set_dues(store: &Store, ctx: &Ctx, body: &str, form: &DuesForm) -> Result<DuesRuleRecord> {
    let amount = positive_amount(&form.amount)?;
    let cadence: DuesCadence = form.cadence.parse()?;
    let share_bp = match form.share.trim() {
        "" => 0,
        share => ledger::parse_share(Field::Amount, share)?,
    };
    store.write(|repo| {
        let registry = Registry::load(repo)?;
        let body = open_body(&registry, body)?;
        registry.require(ctx, Action::EditStatute, body.id)?;
        let rule = DuesRuleRecord {
            body_id: body.id,
            amount,
            cadence: cadence.code().into(),
            basis: Basis::Household.code().into(),
            share_bp,
            set_at: ctx.now,
            set_by: ctx.actor_name(),
        };
        repo.insert_dues_rule(&rule)?;
        if !form.share.trim().is_empty() {
            // The share in force is read from the statute's shares (see `set_share`).
            let share =
                cabildo_store::ShareRecord { body_id: body.id, share_bp, set_at: ctx.now, set_by: ctx.actor_name() };
            repo.insert_share(&share)?;
        }
        ctx.audit(
            repo,
            Some(body.id),
            "ledger.dues_rule",
            format!("{} {} {}", amount.plain(), cadence.code(), share_bp),
        )?;
        Ok(rule)
    })
}

/// Finds a family of `body` by its number, public id, register number, parcel code or member
/// card code. Unknown there: refused.
pub(crate) fn resolve_family(repo: &mut dyn Repo, body: &Body, reference: &str) -> Result<HouseholdId> {
    Ok(resolve_household(repo, body, reference)?.id)
}

/// [`resolve_family`], with the family as read (one read less for those who need it).
pub(crate) fn resolve_household(repo: &mut dyn Repo, body: &Body, reference: &str) -> Result<Household> {
    let reference = reference.trim();
    let unknown = || LedgerRefusal::UnknownFamily { reference: reference.to_string(), body: body.label() };
    let found = match (reference.parse::<i64>(), PublicId::parse(reference)) {
        (Ok(id), _) => repo.household(HouseholdId(id))?,
        (_, Ok(public_id)) => repo.household_by_public_id(public_id)?,
        _ => None,
    };
    if let Some(h) = found.filter(|h| h.body_id == body.id) {
        return Ok(h);
    }
    let id = FamilyFinder::load(repo, body)?.find(repo, reference)?.ok_or_else(unknown)?;
    repo.household(id)?.ok_or(ServiceError::UnknownHousehold { id: id.0 })
}

/// What an officer types to exempt a family from dues (the assembly's grant).
#[derive(Debug, Clone, Default)]
pub struct ExemptForm {
    pub family: String,
    /// The resolution that granted it (its number here, or "3/2026"); empty: none named.
    pub resolution: String,
}

/// Exempts a family from `body`'s dues, as its assembly granted.
pub fn exempt(store: &Store, ctx: &Ctx, body: &str, form: &ExemptForm) -> Result<()> {
    store.write(|repo| {
        let registry = Registry::load(repo)?;
        let body = open_body(&registry, body)?;
        registry.require(ctx, Action::EditStatute, body.id)?;
        household_body(&body)?;
        let family = resolve_family(repo, &body, &form.family)?;
        let resolution = match form.resolution.trim() {
            "" => None,
            reference => Some(
                crate::instructions::own_resolution(repo, ctx, &registry, &body, reference)?
                    .map_err(|other| ServiceError::Forbidden { body: registry.label(other.body_id) })?,
            ),
        };
        repo.insert_exemption(body.id, family, resolution.as_ref().map(|r| r.id), ctx.now, &ctx.actor_name())?;
        ctx.audit(repo, Some(body.id), "ledger.exempt", format!("{}", family.0))?;
        Ok(())
    })
}

/// The charges one run wrote: its entry, how many and their total.
#[derive(Debug, Clone, PartialEq)]
pub struct ChargeRun {
    pub entry: EntryRecord,
    pub count: u64,
    pub total: Centavos,
}

/// The charges to write for `families`, with the lines of their entry: each family's charge owed
/// on the kind's receivable, the income credited, and what credit a family had applied to it.
struct Batch {
    charges: Vec<NewCharge>,
    lines: Vec<Line>,
    total: Centavos,
}

/// A charge to make: the family, the amount, the due date, the dues' period, the levy, the fine.
type Item = (HouseholdId, Centavos, Date, Option<String>, Option<i64>, Option<i64>);

fn batch(repo: &mut dyn Repo, body: &Body, kind: ChargeKind, items: Vec<Item>) -> Result<Batch> {
    let ids = repo.reserve_charge_ids(items.len())?;
    let mut credits: std::collections::HashMap<HouseholdId, Centavos> =
        repo.family_credits(body.id)?.into_iter().collect();
    let mut charges = Vec::with_capacity(items.len());
    let mut lines = Vec::with_capacity(items.len() + 1);
    let mut total = Centavos::ZERO;
    let overflow = || ServiceError::Internal("the charges' total overflows".into());
    for (id, (household, amount, due_on, period, levy_id, fine_id)) in ids.into_iter().zip(items) {
        lines.push(Line::family(kind.receivable(), household, Some(id), amount));
        if let Some(credit) = credits.get_mut(&household).filter(|c| c.is_positive()) {
            let used = Centavos(credit.0.min(amount.0));
            lines.push(Line::family(Account::FamilyCredit, household, None, used));
            lines.push(Line::family(kind.receivable(), household, Some(id), Centavos(-used.0)));
            credit.0 -= used.0;
        }
        total = total.checked_add(amount).ok_or_else(overflow)?;
        charges.push(NewCharge {
            id,
            body_id: body.id,
            household_id: household,
            kind,
            period,
            levy_id,
            fine_id,
            due_on,
            amount,
        });
    }
    if charges.is_empty() {
        return Err(LedgerRefusal::NothingToCharge { body: body.label() }.into());
    }
    lines.push(Line::new(kind.income(), Centavos(-total.0)));
    Ok(Batch { charges, lines, total })
}

fn write_batch(
    repo: &mut dyn Repo,
    ctx: &Ctx,
    body: &Body,
    day: Date,
    memo: String,
    batch: Batch,
) -> Result<(ChargeRun, String)> {
    let (entry, detail) = post(repo, ctx, new_entry(ctx, body.id, day, "charges", memo, batch.lines))?;
    repo.insert_charges(entry.id, &batch.charges)?;
    Ok((ChargeRun { entry, count: batch.charges.len() as u64, total: batch.total }, detail))
}

/// Charges the statute's dues for every period of its cadence that begins in `period` ("2026":
/// twelve months of monthly dues) to every current family of `body` but the exempt, in one
/// transaction. A family already charged a period is not charged again; a period inside a closed
/// one is refused.
pub fn charge_dues(store: &Store, ctx: &Ctx, body: &str, period: &str) -> Result<ChargeRun> {
    let period = Period::parse(period)?;
    store.write(|repo| {
        let registry = load_chain(repo, body)?;
        let body = open_body(&registry, body)?;
        registry.require(ctx, Action::KeepBooks, body.id)?;
        household_body(&body)?;
        let rule = repo.dues_rule(body.id)?.ok_or_else(|| LedgerRefusal::NoDuesRule { body: body.label() })?;
        let cadence: DuesCadence =
            rule.cadence.parse().map_err(|_| ServiceError::Internal("a stored dues cadence".into()))?;
        let exempt: std::collections::HashSet<HouseholdId> = repo.exemptions(body.id)?.into_iter().collect();
        let families: Vec<HouseholdId> =
            repo.family_areas(body.id)?.into_iter().map(|(h, _)| h).filter(|h| !exempt.contains(h)).collect();
        let mut items = Vec::new();
        for p in cadence.periods(&period) {
            require_open_day(repo, &body, p.start)?;
            let label = p.label();
            let done: std::collections::HashSet<HouseholdId> =
                repo.dues_charged(body.id, &label)?.into_iter().collect();
            for h in families.iter().filter(|h| !done.contains(h)) {
                items.push((*h, rule.amount, p.start, Some(label.clone()), None, None));
            }
        }
        let batch = batch(repo, &body, ChargeKind::Dues, items)?;
        let (run, detail) = write_batch(repo, ctx, &body, period.start, format!("dues {}", period.label()), batch)?;
        ctx.audit(repo, Some(body.id), "ledger.dues", detail)?;
        Ok(run)
    })
}

/// What an officer types to levy a contribution an assembly voted.
#[derive(Debug, Clone, Default)]
pub struct LevyForm {
    /// The resolution that levied it (its number here, or "3/2026").
    pub resolution: String,
    /// `projects`, `travel`, `administration`, `campaign`, `solidarity` or `other`.
    pub purpose: String,
    /// What it is for, as the resolution says ("Campaña en Pando").
    pub description: String,
    /// `household` (an amount per family) or `hectare` (per hectare of its parcels).
    pub basis: String,
    pub amount: String,
    /// `2026-12-15` or `15/12/2026`.
    pub due_on: String,
}

/// Levies a contribution voted by one of `body`'s resolutions on every current family, in one
/// transaction: an amount per family, or per hectare of its parcels (families without land owe
/// nothing and are not charged).
pub fn levy(store: &Store, ctx: &Ctx, body: &str, form: &LevyForm) -> Result<(LevyRecord, ChargeRun)> {
    let amount = positive_amount(&form.amount)?;
    let purpose: Purpose = form.purpose.parse()?;
    let basis: Basis = form.basis.parse()?;
    let description = text::required(Field::Purpose, &form.description, MAX_TEXT)?;
    let due_on = cabildo_domain::padron::parse_date(Field::Deadline, &form.due_on)?;
    store.write(|repo| {
        let registry = load_chain(repo, body)?;
        let body = open_body(&registry, body)?;
        registry.require(ctx, Action::KeepBooks, body.id)?;
        household_body(&body)?;
        // The chain above the body answers for the body's own resolutions; any other is judged
        // against the whole tree, as before.
        let resolution = match crate::instructions::own_resolution(repo, ctx, &registry, &body, &form.resolution) {
            Ok(Ok(own)) => own,
            _ => {
                let registry = Registry::load(repo)?;
                crate::instructions::own_resolution(repo, ctx, &registry, &body, &form.resolution)?
                    .map_err(|other| ServiceError::Forbidden { body: registry.label(other.body_id) })?
            }
        };
        require_open_day(repo, &body, due_on)?;
        let mut items = Vec::new();
        for (household, area) in repo.family_areas(body.id)? {
            let owed = match basis {
                Basis::Hectare => ledger::per_hectare(amount, area)
                    .ok_or_else(|| ServiceError::Internal("a levy per hectare overflows".into()))?,
                Basis::Household | Basis::Member => amount,
            };
            if owed.is_positive() {
                items.push((household, owed, due_on, None, Some(0), None));
            }
        }
        // The levy's id is known only once written, and the levy names its entry: reserve the
        // charges, write the entry, the levy, then the charges naming it.
        let mut batch = batch(repo, &body, ChargeKind::Contribution, items)?;
        let memo = format!("{}: {description}", purpose.code());
        let (entry, detail) = post(repo, ctx, new_entry(ctx, body.id, due_on, "charges", memo, batch.lines.clone()))?;
        ctx.audit(repo, Some(body.id), "ledger.levy", detail)?;
        let mut record = LevyRecord {
            id: 0,
            public_id: ctx.minter()?.mint()?,
            body_id: body.id,
            resolution_id: Some(resolution.id),
            purpose: purpose.code().into(),
            description,
            basis: basis.code().into(),
            amount,
            due_on,
            entry_id: entry.id,
            created_at: ctx.now,
        };
        record.id = repo.insert_levy(&record)?;
        for c in &mut batch.charges {
            c.levy_id = Some(record.id);
        }
        repo.insert_charges(entry.id, &batch.charges)?;
        let run = ChargeRun { entry, count: batch.charges.len() as u64, total: batch.total };
        Ok((record, run))
    })
}

/// Takes over the absence fines of `body`'s closed assemblies as charges, each exactly once: a
/// second run charges only fines written since.
pub fn take_over_fines(store: &Store, ctx: &Ctx, body: &str) -> Result<ChargeRun> {
    store.write(|repo| {
        let registry = Registry::load(repo)?;
        let body = open_body(&registry, body)?;
        registry.require(ctx, Action::KeepBooks, body.id)?;
        let mut items = Vec::new();
        for fine in repo.open_fines(body.id)? {
            require_open_day(repo, &body, fine.assembly_day)?;
            items.push((fine.household_id, fine.amount, fine.assembly_day, None, None, Some(fine.fine_id)));
        }
        let batch = batch(repo, &body, ChargeKind::Fine, items)?;
        let (run, detail) = write_batch(repo, ctx, &body, ctx.today, "fines".into(), batch)?;
        ctx.audit(repo, Some(body.id), "ledger.fines", detail)?;
        Ok(run)
    })
}

/// What the treasurer types at the table.
#[derive(Debug, Clone, Default)]
pub struct PayForm {
    /// The family: its number, register number, parcel code or member card code.
    pub family: String,
    pub amount: String,
    /// The day paid; empty: today.
    pub day: String,
    /// The charges to pay first (their numbers, separated by commas or spaces); the rest of the
    /// amount goes to the oldest open charges, then to credit.
    pub charges: String,
}

/// A payment recorded: its entry, receipt, and how it was spread.
#[derive(Debug, Clone, PartialEq)]
pub struct Payment {
    pub entry: EntryRecord,
    pub receipt: ReceiptRecord,
    pub paid: Vec<(ChargeId, Centavos)>,
    /// What became the family's credit.
    pub credit: Centavos,
}

/// A receipt's short code: eight characters of the SHA-256 of its entry's public id, in the
/// member cards' alphabet (no 0/O, 1/I), as "K7Q2-M9XA".
fn receipt_code(public_id: PublicId) -> String {
    const ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let digest = Sha256::digest(public_id.to_string().as_bytes());
    let bits = digest.iter().take(5).fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
    let chars: String = (0..8).rev().map(|i| char::from(ALPHABET[((bits >> (5 * i)) & 31) as usize])).collect();
    format!("{}-{}", &chars[..4], &chars[4..])
}

/// Records a payment of a family of `body` at the table: the charges named first, then the
/// oldest open ones, then what is left as the family's credit (its existing credit is used
/// too). A receipt numbered next in the body's year is given in the same transaction.
pub fn pay(store: &Store, ctx: &Ctx, body: &str, form: &PayForm) -> Result<Payment> {
    let amount = positive_amount(&form.amount)?;
    let day = optional_day(Field::Date, &form.day, ctx.today)?;
    store.write(|repo| {
        let registry = load_chain(repo, body)?;
        let body = open_body(&registry, body)?;
        registry.require(ctx, Action::KeepBooks, body.id)?;
        household_body(&body)?;
        let family = resolve_household(repo, &body, &form.family)?;
        require_open_day(repo, &body, day)?;
        let first: Vec<i64> =
            form.charges.split([',', ' ', ';']).filter_map(|s| s.trim().trim_start_matches('#').parse().ok()).collect();
        record_payment(repo, ctx, &body, &family, amount, day, &first, None)
    })
}

/// Writes a payment of `family` (of `body`, whose book the caller may keep, on an open `day`):
/// the charges `first`, then the oldest open ones, then credit; its receipt numbered next in the
/// body's year. `note` is added to the entry's memo.
#[allow(clippy::too_many_arguments)]
pub(crate) fn record_payment(
    repo: &mut dyn Repo,
    ctx: &Ctx,
    body: &Body,
    household: &Household,
    amount: Centavos,
    day: Date,
    first: &[i64],
    note: Option<&str>,
) -> Result<Payment> {
    let family = household.id;
    let charges = repo.family_charges(family)?;
    let mut open: Vec<(ChargeId, Centavos)> = Vec::new();
    for id in first {
        if let Some(c) = charges.iter().find(|c| c.id.0 == *id && c.owed.is_positive()) {
            open.push((c.id, c.owed));
        }
    }
    for c in charges.iter().filter(|c| c.owed.is_positive() && !first.contains(&c.id.0)) {
        open.push((c.id, c.owed));
    }
    let credit_before = repo.family_credit(family)?.0;
    let available = amount
        .checked_add(Centavos(credit_before))
        .ok_or_else(|| ServiceError::Internal("a payment overflows".into()))?;
    let allocation = ledger::allocate(&open, available);
    let mut lines = vec![Line::new(Account::Cash, amount)];
    let credit_change = credit_before - allocation.credit.0;
    if credit_change != 0 {
        lines.push(Line::family(Account::FamilyCredit, family, None, Centavos(credit_change)));
    }
    for (charge, part) in &allocation.parts {
        let kind = charges.iter().find(|c| c.id == *charge).map_or(ChargeKind::Dues, |c| c.kind);
        lines.push(Line::family(kind.receivable(), family, Some(*charge), Centavos(-part.0)));
    }
    let mut memo = household.representative.name.display();
    if let Some(note) = note {
        memo = format!("{memo} · {note}");
    }
    let (entry, detail) = post(repo, ctx, new_entry(ctx, body.id, day, "payment", memo, lines))?;
    ctx.audit(repo, Some(body.id), "ledger.pay", detail)?;
    let year = i64::from(chrono::Datelike::year(&day));
    let number = repo.next_receipt_number(body.id, year)?;
    let mut receipt = ReceiptRecord {
        id: 0,
        body_id: body.id,
        year,
        number,
        code: receipt_code(entry.public_id),
        entry_id: entry.id,
        household_id: family,
        amount,
        issued_on: day,
        treasurer: crate::ledger::view::treasurer_name(repo, ctx, body)?,
    };
    receipt.id = repo.insert_receipt(&receipt)?;
    Ok(Payment { entry, receipt, paid: allocation.parts, credit: allocation.credit })
}

/// What an officer types to record an expense.
#[derive(Debug, Clone, Default)]
pub struct ExpenseForm {
    pub amount: String,
    pub purpose: String,
    /// What was bought or paid, and the document that backs it ("Factura 123, cemento").
    pub memo: String,
    pub day: String,
}

/// Records an expense of `body` paid from its cash.
pub fn spend(store: &Store, ctx: &Ctx, body: &str, form: &ExpenseForm) -> Result<EntryRecord> {
    let amount = positive_amount(&form.amount)?;
    let purpose: Purpose = form.purpose.parse()?;
    let memo = text::required(Field::Memo, &form.memo, MAX_TEXT)?;
    let day = optional_day(Field::Date, &form.day, ctx.today)?;
    store.write(|repo| {
        let registry = Registry::load(repo)?;
        let body = open_body(&registry, body)?;
        registry.require(ctx, Action::KeepBooks, body.id)?;
        require_open_day(repo, &body, day)?;
        let lines = vec![Line::new(Account::Expense(purpose), amount), Line::new(Account::Cash, Centavos(-amount.0))];
        let (entry, detail) = post(repo, ctx, new_entry(ctx, body.id, day, "expense", memo, lines))?;
        ctx.audit(repo, Some(body.id), "ledger.expense", detail)?;
        Ok(entry)
    })
}

/// Reverses entry `number` of `body`'s book, saying why: a new entry with every line negated,
/// naming the one it reverses. A reversal is not reversed, an entry is reversed once, and a
/// charge run is reversed only while none of its charges has been paid.
pub fn reverse(store: &Store, ctx: &Ctx, body: &str, number: &str, reason: &str) -> Result<EntryRecord> {
    let reason = text::multiline(Field::Notes, reason, MAX_TEXT)?;
    if reason.trim().is_empty() {
        return Err(LedgerRefusal::ReasonRequired.into());
    }
    store.write(|repo| {
        let registry = Registry::load(repo)?;
        let body = open_body(&registry, body)?;
        registry.require(ctx, Action::KeepBooks, body.id)?;
        let unknown = || LedgerRefusal::UnknownEntry { reference: number.trim().to_string(), body: body.label() };
        let n: i64 = number.trim().trim_start_matches('#').parse().map_err(|_| unknown())?;
        let original = repo.entry_by_number(body.id, n)?.ok_or_else(unknown)?;
        if original.reverses.is_some() {
            return Err(LedgerRefusal::ReverseReversal { entry: original.number.to_string() }.into());
        }
        if let Some(by) = repo.reversal_of(original.id)? {
            let by = repo.entry(by)?.map_or(by, |e| e.number);
            return Err(
                LedgerRefusal::AlreadyReversed { entry: original.number.to_string(), by: by.to_string() }.into()
            );
        }
        if original.kind.starts_with("transfer") {
            return Err(LedgerRefusal::TransferNotReversible { entry: original.number.to_string() }.into());
        }
        require_open_day(repo, &body, ctx.today)?;
        let lines = repo.entry_lines(original.id)?;
        if original.kind == "charges" {
            // A charge still owes exactly what its own run wrote, unless a payment touched it.
            for c in repo.charges_of_entry(original.id)? {
                let own: i64 = lines.iter().filter(|l| l.charge == Some(c.id)).map(|l| l.amount.0).sum();
                if c.owed.0 != own {
                    return Err(LedgerRefusal::ChargePaid { entry: original.number.to_string() }.into());
                }
            }
        }
        let lines = ledger::reversal(&lines).ok_or_else(|| ServiceError::Internal("a reversal overflows".into()))?;
        let mut entry =
            new_entry(ctx, body.id, ctx.today, "reversal", format!("#{} {}", original.number, original.memo), lines);
        entry.reverses = Some(original.id);
        entry.reason = Some(reason.clone());
        let (entry, detail) = post(repo, ctx, entry)?;
        ctx.audit(repo, Some(body.id), "ledger.reverse", detail)?;
        Ok(entry)
    })
}

/// Closes `period` of `body`'s book: nothing dated inside it is accepted afterwards.
pub fn close_period(store: &Store, ctx: &Ctx, body: &str, period: &str) -> Result<ClosedPeriod> {
    let period = Period::parse(period)?;
    store.write(|repo| {
        let registry = Registry::load(repo)?;
        let body = open_body(&registry, body)?;
        registry.require(ctx, Action::KeepBooks, body.id)?;
        let closed = ClosedPeriod {
            body_id: body.id,
            start_on: period.start,
            end_on: period.end,
            closed_at: ctx.now,
            closed_by: ctx.actor_name(),
        };
        repo.insert_closed_period(&closed)?;
        ctx.audit(repo, Some(body.id), "ledger.close", period.label())?;
        Ok(closed)
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn receipt_codes_are_short_and_readable() {
        let id = PublicId::parse("0190f2a4-7b3c-7d2e-8f00-1a2b3c4d5e6f").unwrap();
        let code = receipt_code(id);
        assert_eq!(code.len(), 9);
        assert_eq!(code, receipt_code(id));
        assert!(code.chars().all(|c| c == '-' || c.is_ascii_uppercase() || c.is_ascii_digit()));
    }
}
