//! A body publishes its book's totals on its public page (issue 15, part 6): "totals are visible
//! to members; the body's public page may show totals only if the body publishes them". The
//! decision is the body's — whoever may change its statute takes it, naming the resolution of the
//! assembly that decided it if they wish — and every decision is kept with who took it and when.
//! What is published is totals only: income by kind, expenses by purpose, transfers, cash, and
//! what families owe in arrears with how many they are — never a family, never a name.

use chrono::Datelike;

use cabildo_domain::access::Action;
use cabildo_domain::ledger::{Account, Centavos, Period, Purpose};
use cabildo_domain::{Body, Date};
use cabildo_store::{PublicationRecord, Repo, Store};

use super::view::{Reader, Report, report_for};
use crate::registry::Registry;
use crate::{Ctx, Result, ServiceError};

/// The decision in force on a body's totals, as shown to its members.
#[derive(Debug, Clone, PartialEq)]
pub struct Publication {
    pub record: PublicationRecord,
    /// The resolution that decided it ("3/2026"), when one was named.
    pub resolution: Option<String>,
}

impl Publication {
    pub fn published(&self) -> bool {
        self.record.published
    }
}

/// The decision in force on `body`'s totals; none: it never published them.
pub(crate) fn publication_of(repo: &mut dyn Repo, body: &Body) -> Result<Option<Publication>> {
    let Some(record) = repo.publication(body.id)? else { return Ok(None) };
    let resolution = match record.resolution_id {
        Some(id) => repo.resolution(id)?.map(|r| crate::instructions::resolution_number(&r)),
        None => None,
    };
    Ok(Some(Publication { record, resolution }))
}

/// Refuses, as if the body did not exist, unless it published both its page and its totals.
pub(crate) fn require_published(repo: &mut dyn Repo, body: &Body) -> Result<()> {
    let totals = repo.publication(body.id)?.is_some_and(|p| p.published);
    if !(body.published && totals) {
        return Err(ServiceError::UnknownBody { reference: body.code.clone() });
    }
    Ok(())
}

/// Publishes `body`'s totals on its public page (`published`) or withdraws them, as its assembly
/// decided (`resolution`: its number here, or "3/2026"; empty: none named). For whoever may change
/// the body's statute. Setting what is already in force writes nothing. The body, and the decision
/// in force.
pub fn set_publication(
    store: &Store,
    ctx: &Ctx,
    body: &str,
    published: bool,
    resolution: &str,
) -> Result<(Body, Option<Publication>)> {
    store.write(|repo| {
        let registry = Registry::load(repo)?;
        let body = registry.resolve(body)?.clone();
        registry.require(ctx, Action::EditStatute, body.id)?;
        let resolution = match resolution.trim() {
            "" => None,
            reference => Some(
                crate::instructions::own_resolution(repo, ctx, &registry, &body, reference)?
                    .map_err(|other| ServiceError::Forbidden { body: registry.label(other.body_id) })?,
            ),
        };
        let current = publication_of(repo, &body)?;
        let in_force = current.as_ref().is_some_and(Publication::published);
        if in_force == published && resolution.is_none() {
            return Ok((body, current));
        }
        let record = PublicationRecord {
            body_id: body.id,
            published,
            resolution_id: resolution.as_ref().map(|r| r.id),
            set_at: ctx.now,
            set_by: ctx.actor_name(),
        };
        repo.insert_publication(&record)?;
        // The detail is the resolution's number, or `none`: the audit line's message says which.
        let detail = resolution.as_ref().map_or_else(|| "none".to_string(), crate::instructions::resolution_number);
        ctx.audit(repo, Some(body.id), if published { "ledger.publish" } else { "ledger.unpublish" }, detail)?;
        let decision = publication_of(repo, &body)?;
        Ok((body, decision))
    })
}

/// The published totals of one year.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicYear {
    pub year: i32,
    /// The last day counted: today in the current year, the 31st of December before.
    pub until: Date,
    /// Income by kind (dues, contributions, fines, other), without transfers.
    pub income: Vec<(Account, Centavos)>,
    pub expenses: Vec<(Purpose, Centavos)>,
    /// What other bodies sent it, and what it sent them.
    pub transfers_in: Centavos,
    pub transfers_out: Centavos,
    /// Cash at the end of the year (or today).
    pub cash: Centavos,
    /// What families owe on charges due by then, and how many they are (no names).
    pub arrears: Centavos,
    pub families_in_arrears: u64,
}

impl PublicYear {
    fn from_report(r: &Report, year: i32) -> PublicYear {
        let transfers_out = r.transfers.iter().map(|(_, _, a)| a.0).filter(|a| *a > 0).sum();
        let transfers_in =
            r.income.iter().filter(|(a, _)| *a == Account::IncomeTransfers).map(|(_, c)| c.0).sum::<i64>();
        PublicYear {
            year,
            until: r.period.end,
            income: r.income.iter().filter(|(a, _)| *a != Account::IncomeTransfers).copied().collect(),
            expenses: r.expenses.clone(),
            transfers_in: Centavos(transfers_in),
            transfers_out: Centavos(transfers_out),
            cash: r.closing_cash,
            arrears: r.total_arrears(),
            families_in_arrears: r.arrears.iter().filter(|a| a.owed.is_positive()).count() as u64,
        }
    }

    pub fn total_income(&self) -> Centavos {
        Centavos(self.income.iter().map(|(_, c)| c.0).sum())
    }

    pub fn total_expenses(&self) -> Centavos {
        Centavos(self.expenses.iter().map(|(_, c)| c.0).sum())
    }

    /// Whether the year holds anything to show.
    fn has_data(&self) -> bool {
        !self.income.is_empty()
            || !self.expenses.is_empty()
            || self.transfers_in.0 != 0
            || self.transfers_out.0 != 0
            || self.cash.0 != 0
            || self.arrears.0 != 0
    }
}

/// What a body publishes of its book: the current year so far, and the year before if it has
/// anything to show.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicTotals {
    pub years: Vec<PublicYear>,
    /// When the body decided to publish them.
    pub since: i64,
}

/// The totals `body` (its code) publishes, for anyone, signed in or not: none unless it published
/// both its public page and its totals — a withdrawal is obeyed at once, since every read checks
/// the decision in force in its own transaction.
pub fn public_totals(store: &Store, body: &str, today: Date) -> Result<Option<PublicTotals>> {
    let since = store.read(|repo| -> Result<Option<i64>> {
        let Some(found) = repo.body_by_code(body)? else { return Ok(None) };
        Ok(repo.publication(found.id)?.filter(|p| p.published && found.published).map(|p| p.set_at))
    })?;
    let Some(since) = since else { return Ok(None) };
    let year = today.year();
    let (Some(jan_first), Some(last_year)) =
        (Date::from_ymd_opt(year, 1, 1), Date::from_ymd_opt(year - 1, 1, 1).zip(Date::from_ymd_opt(year - 1, 12, 31)))
    else {
        return Ok(None);
    };
    let mut years = Vec::new();
    for (y, period) in
        [(year, Period { start: jan_first, end: today }), (year - 1, Period { start: last_year.0, end: last_year.1 })]
    {
        match report_for(store, Reader::Public, body, period) {
            Ok(report) => years.push(PublicYear::from_report(&report, y)),
            // Withdrawn meanwhile: nothing is shown.
            Err(ServiceError::UnknownBody { .. }) => return Ok(None),
            Err(e) => return Err(e),
        }
    }
    if years.last().is_some_and(|y| !y.has_data()) {
        years.pop();
    }
    Ok(Some(PublicTotals { years, since }))
}
