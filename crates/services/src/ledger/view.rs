//! What the ledger's pages, API and report read: the treasurer's desk (families found as at the
//! door, with what each owes), a family's statement, a receipt, the body's overview and the
//! treasurer's report for a period. Families' debts are seen by the body's officers (and those
//! above) and by the family itself; totals by every member.

use std::collections::HashMap;

use cabildo_domain::access::Action;
use cabildo_domain::ledger::{Account, Centavos, ChargeKind, Period, Purpose};
use cabildo_domain::{Body, BodyId, HouseholdId, Parcel, text};
use cabildo_store::{ChargeRecord, EntryRecord, ReceiptRecord, Repo, StatementLine, Store};

use super::{LedgerRefusal, load_chain, resolve_household};
use crate::{Ctx, Result, ServiceError};

/// The name printed on a receipt as treasurer: the current holder of the body's office of
/// finance (Secretario/a de Hacienda, Tesorero/a), else whoever recorded it.
pub(crate) fn treasurer_name(repo: &mut dyn Repo, ctx: &Ctx, body: &Body) -> Result<String> {
    let holder = repo.offices(body.id)?.into_iter().find(|o| {
        let title = text::fold(&o.title);
        o.is_current(ctx.today) && (title.contains("hacienda") || title.contains("tesorer"))
    });
    if let Some(office) = holder {
        return Ok(office.holder.display());
    }
    // No treasurer in office (a directiva whose term ended): the name of whoever recorded it.
    let account = match ctx.account_id() {
        Some(id) => repo.account(id)?,
        None => None,
    };
    Ok(account.map_or_else(|| ctx.actor_name(), |a| a.display_name))
}

/// Whether the actor is a member of `household` (its account is linked to the representative).
fn is_own_family(repo: &mut dyn Repo, ctx: &Ctx, household: &cabildo_domain::Household) -> Result<bool> {
    let Some(account) = ctx.account_id() else { return Ok(false) };
    Ok(repo.account(account)?.and_then(|a| a.person_id) == Some(household.representative.id))
}

/// A family at the treasurer's desk.
#[derive(Debug, Clone, PartialEq)]
pub struct DeskFamily {
    pub id: HouseholdId,
    pub name: String,
    pub register_number: Option<String>,
    pub parcels: Vec<String>,
    pub owed: Centavos,
    pub credit: Centavos,
}

/// The treasurer's desk of a body: the families a search found (none without a search).
#[derive(Debug, Clone, PartialEq)]
pub struct Desk {
    pub body: Body,
    pub search: String,
    pub families: Vec<DeskFamily>,
}

/// Finds families of `body` as at the door — by name, parcel code, register number or member
/// card code — with what each owes and its credit. For the treasurer.
pub fn desk(store: &Store, ctx: &Ctx, body: &str, search: &str, limit: usize) -> Result<Desk> {
    let search = search.trim().to_string();
    store.read(|repo| {
        let registry = load_chain(repo, body)?;
        let body = registry.resolve(body)?.clone();
        registry.require(ctx, Action::KeepBooks, body.id)?;
        let mut families = Vec::new();
        if !search.is_empty() {
            let roster = repo.roster(body.id)?;
            let card = cabildo_domain::assembly::read_member_card_code(&search);
            let key = if card.is_some() { repo.member_cards_key()? } else { Vec::new() };
            let query = cabildo_domain::padron::search_query(&search);
            for h in &roster {
                let by_card =
                    card.as_ref().is_some_and(|c| cabildo_domain::assembly::member_card_code(&key, h.id.0) == *c);
                let by_name = query.as_deref().is_some_and(|q| h.name.search_key().contains(q));
                let by_code = h.register_number.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(&search))
                    || h.parcel_codes.iter().any(|c| c.eq_ignore_ascii_case(&search));
                if by_card || by_name || by_code {
                    let (owed, credit) = balances(&repo.family_lines(h.id)?);
                    families.push(DeskFamily {
                        id: h.id,
                        name: h.name.display(),
                        register_number: h.register_number.clone(),
                        parcels: h.parcel_codes.clone(),
                        owed,
                        credit,
                    });
                    if families.len() >= limit {
                        break;
                    }
                }
            }
        }
        Ok(Desk { body, search, families })
    })
}

/// What a family owes on its charges, and its credit, from its lines.
fn balances(lines: &[StatementLine]) -> (Centavos, Centavos) {
    let owed = lines.iter().filter(|l| l.account != Account::FamilyCredit).map(|l| l.amount.0).sum::<i64>();
    let credit = -lines.iter().filter(|l| l.account == Account::FamilyCredit).map(|l| l.amount.0).sum::<i64>();
    (Centavos(owed), Centavos(credit))
}

/// A family's statement: its charges with what each still owes, its payments (receipts), and
/// every line of the book that names it.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub body: Body,
    pub household: cabildo_domain::Household,
    pub parcels: Vec<Parcel>,
    pub charges: Vec<ChargeRecord>,
    pub receipts: Vec<ReceiptRecord>,
    pub lines: Vec<StatementLine>,
    /// What the family owes on its charges.
    pub owed: Centavos,
    /// What the body owes the family (paid in advance).
    pub credit: Centavos,
    /// Whether the viewer may record a payment (the treasurer).
    pub may_pay: bool,
}

/// The statement of a family of `body`, for the body's officers (and those above) and for the
/// family itself. Any other member is refused.
pub fn statement(store: &Store, ctx: &Ctx, body: &str, family: &str) -> Result<Statement> {
    store.read(|repo| {
        let registry = load_chain(repo, body)?;
        let body = registry.resolve(body)?.clone();
        if !ctx.may(&registry.tree, Action::ViewMembers, body.id) && ctx.account_id().is_none() {
            return Err(ServiceError::SignInRequired);
        }
        let household = resolve_household(repo, &body, family)?;
        let id = household.id;
        if !ctx.may(&registry.tree, Action::ViewBooks, body.id) && !is_own_family(repo, ctx, &household)? {
            registry.require(ctx, Action::ViewBooks, body.id)?;
        }
        let parcels = repo.parcels_of(id)?;
        let charges = repo.family_charges(id)?;
        let lines = repo.family_lines(id)?;
        let receipts = receipts_of(repo, id, &lines)?;
        let (owed, credit) = balances(&lines);
        let may_pay = ctx.may(&registry.tree, Action::KeepBooks, body.id);
        Ok(Statement { body, household, parcels, charges, receipts, lines, owed, credit, may_pay })
    })
}

/// The receipts of the payments among a family's lines, in the lines' order (one query for all).
fn receipts_of(repo: &mut dyn Repo, family: HouseholdId, lines: &[StatementLine]) -> Result<Vec<ReceiptRecord>> {
    let mut given = repo.family_receipts(family)?;
    let mut out = Vec::new();
    for line in lines {
        if line.kind == "payment"
            && !out.iter().any(|r: &ReceiptRecord| r.entry_id == line.entry_id)
            && let Some(at) = given.iter().position(|r| r.entry_id == line.entry_id)
        {
            out.push(given.swap_remove(at));
        }
    }
    Ok(out)
}

/// One item of a receipt: what a part of the payment paid.
#[derive(Debug, Clone, PartialEq)]
pub struct ReceiptItem {
    pub kind: Option<ChargeKind>,
    /// The dues' period, the levy's description, the fine's day.
    pub what: String,
    pub amount: Centavos,
}

/// A receipt as printed.
#[derive(Debug, Clone, PartialEq)]
pub struct ReceiptView {
    pub body: Body,
    pub receipt: ReceiptRecord,
    pub family: String,
    pub register_number: Option<String>,
    pub parcels: Vec<String>,
    pub items: Vec<ReceiptItem>,
    /// What became credit for the family's next charges.
    pub credit: Centavos,
    /// The payment was reversed afterwards (by this entry number).
    pub reversed_by: Option<i64>,
}

/// A receipt by its short code, or by "year/number" within `body` ("2026/14"). Seen by whoever
/// may see the family's statement; anyone else is refused.
pub fn receipt(store: &Store, ctx: &Ctx, body: &str, reference: &str) -> Result<ReceiptView> {
    let reference = reference.trim();
    store.read(|repo| {
        let registry = load_chain(repo, body)?;
        let body = registry.resolve(body)?.clone();
        let unknown = || LedgerRefusal::UnknownReceipt { reference: reference.to_string() };
        let found = match reference.split_once('/') {
            Some((year, number)) => match (year.trim().parse::<i64>(), number.trim().parse::<i64>()) {
                (Ok(year), Ok(number)) => repo.receipt_by_number(body.id, year, number)?,
                _ => None,
            },
            None => repo.receipt_by_code(&reference.to_ascii_uppercase())?,
        };
        let receipt = found.filter(|r| r.body_id == body.id).ok_or_else(unknown)?;
        let household = repo
            .household(receipt.household_id)?
            .ok_or(ServiceError::UnknownHousehold { id: receipt.household_id.0 })?;
        if !ctx.may(&registry.tree, Action::ViewBooks, body.id) && !is_own_family(repo, ctx, &household)? {
            registry.require(ctx, Action::ViewBooks, body.id)?;
        }
        let lines = repo.entry_lines(receipt.entry_id)?;
        let charges = repo.family_charges(receipt.household_id)?;
        let levies: HashMap<i64, String> = repo.levies(body.id)?.into_iter().map(|l| (l.id, l.description)).collect();
        let mut items = Vec::new();
        let mut credit = Centavos::ZERO;
        for line in &lines {
            match (line.account, line.charge) {
                (Account::FamilyCredit, _) => credit.0 -= line.amount.0,
                (_, Some(id)) => {
                    let charge = charges.iter().find(|c| c.id == id);
                    let what = charge.map_or_else(String::new, |c| describe_charge(c, &levies));
                    items.push(ReceiptItem { kind: charge.map(|c| c.kind), what, amount: Centavos(-line.amount.0) });
                }
                _ => {}
            }
        }
        let reversed_by = match repo.reversal_of(receipt.entry_id)? {
            Some(id) => repo.entry(id)?.map(|e| e.number),
            None => None,
        };
        let parcels = repo.parcels_of(receipt.household_id)?.into_iter().map(|p| p.code.as_str().to_string()).collect();
        Ok(ReceiptView {
            body,
            family: household.representative.name.display(),
            register_number: household.register_number.clone(),
            parcels,
            receipt,
            items,
            credit: Centavos(credit.0.max(0)),
            reversed_by,
        })
    })
}

/// "2026-03" for dues, the levy's description, the fine's day.
pub fn describe_charge(c: &ChargeRecord, levies: &HashMap<i64, String>) -> String {
    match c.kind {
        ChargeKind::Dues => c.period.clone().unwrap_or_default(),
        ChargeKind::Contribution => c.levy_id.and_then(|l| levies.get(&l).cloned()).unwrap_or_default(),
        ChargeKind::Fine => c.due_on.format("%d/%m/%Y").to_string(),
    }
}

/// What a body's book holds: totals for every member, entries for its officers.
#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    pub body: Body,
    pub cash: Centavos,
    /// What families owe on their charges.
    pub receivable: Centavos,
    /// What the body owes families (paid in advance).
    pub credit: Centavos,
    /// The latest entries (officers only; empty otherwise).
    pub entries: Vec<EntryRecord>,
    pub may_view_books: bool,
    pub may_keep_books: bool,
    /// Whether the body publishes these totals on its public page, who decided and when.
    pub publication: Option<super::Publication>,
    /// Whether the viewer may publish or withdraw them (whoever may change the statute).
    pub may_publish: bool,
}

/// The overview of `body`'s book. Totals for every member; entries for the officers.
pub fn overview(store: &Store, ctx: &Ctx, body: &str) -> Result<Overview> {
    store.read(|repo| {
        let registry = load_chain(repo, body)?;
        let body = registry.resolve(body)?.clone();
        registry.require(ctx, Action::ViewMembers, body.id)?;
        // Text dates on SQLite: the last day of year 9999 sorts after every day written.
        let end = chrono::NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(ctx.today);
        let totals = repo.account_totals(body.id, None, end)?;
        let sum = |pick: &dyn Fn(Account) -> bool| {
            Centavos(totals.iter().filter(|t| pick(t.account)).map(|t| t.amount.0).sum())
        };
        let cash = sum(&|a| a == Account::Cash);
        let receivable = sum(&|a| {
            matches!(a, Account::DuesReceivable | Account::ContributionsReceivable | Account::FinesReceivable)
        });
        let credit = Centavos(-sum(&|a| a == Account::FamilyCredit).0);
        let may_view_books = ctx.may(&registry.tree, Action::ViewBooks, body.id);
        let may_keep_books = ctx.may(&registry.tree, Action::KeepBooks, body.id);
        let entries = if may_view_books { repo.entries(body.id, 50)? } else { Vec::new() };
        let publication = super::publication::publication_of(repo, &body)?;
        let may_publish = ctx.may(&registry.tree, Action::EditStatute, body.id);
        Ok(Overview {
            body,
            cash,
            receivable,
            credit,
            entries,
            may_view_books,
            may_keep_books,
            publication,
            may_publish,
        })
    })
}

/// A family in arrears in a report.
#[derive(Debug, Clone, PartialEq)]
pub struct Arrear {
    pub household: HouseholdId,
    pub name: String,
    pub owed: Centavos,
}

/// The treasurer's report for a period.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub body: Body,
    pub period: Period,
    /// Cash at the start of the period (before its first day).
    pub opening_cash: Centavos,
    pub closing_cash: Centavos,
    /// Income earned in the period by kind (dues, contributions, fines, other, transfers).
    pub income: Vec<(Account, Centavos)>,
    /// Expenses by purpose.
    pub expenses: Vec<(Purpose, Centavos)>,
    /// Cash received from families in the period.
    pub collected: Centavos,
    /// Transfers with other bodies in the period: the body, what it sent (positive) or received.
    pub transfers: Vec<(BodyId, String, Centavos)>,
    /// Families owing on charges due by the period's end, most first.
    pub arrears: Vec<Arrear>,
    /// The documents of the period's expenses.
    pub documents: Vec<super::ExpenseDocument>,
}

impl Report {
    pub fn total_income(&self) -> Centavos {
        Centavos(self.income.iter().map(|(_, a)| a.0).sum())
    }

    pub fn total_expenses(&self) -> Centavos {
        Centavos(self.expenses.iter().map(|(_, a)| a.0).sum())
    }

    pub fn total_arrears(&self) -> Centavos {
        Centavos(self.arrears.iter().map(|a| a.owed.0).sum())
    }
}

/// The treasurer's report of `body` for `period` ("2026", "2026-03", "2026-Q2",
/// "01/03/2026–31/05/2026"): a period that does not parse is refused. For the body's officers.
pub fn report(store: &Store, ctx: &Ctx, body: &str, period: &str) -> Result<Report> {
    report_for(store, Reader::Officer(ctx), body, Period::parse(period)?)
}

/// Who reads a report: the body's officers, or anyone when the body publishes its totals.
pub(crate) enum Reader<'a> {
    Officer(&'a Ctx),
    /// Anyone, if the body published its page and its totals (checked in the report's own
    /// transaction, so that a withdrawal is obeyed at once); else the body is not found.
    Public,
}

/// The report of `body` for `period`, for `reader`.
pub(crate) fn report_for(store: &Store, reader: Reader<'_>, body: &str, period: Period) -> Result<Report> {
    store.read(|repo| {
        let registry = load_chain(repo, body)?;
        let body = registry.resolve(body)?.clone();
        match reader {
            Reader::Officer(ctx) => registry.require(ctx, Action::ViewBooks, body.id)?,
            Reader::Public => super::publication::require_published(repo, &body)?,
        }
        let before = period.start.pred_opt().unwrap_or(period.start);
        let opening = repo.account_totals(body.id, None, before)?;
        let opening_cash = Centavos(opening.iter().filter(|t| t.account == Account::Cash).map(|t| t.amount.0).sum());
        let within = repo.account_totals(body.id, Some(period.start), period.end)?;
        let mut income = Vec::new();
        for account in [
            Account::IncomeDues,
            Account::IncomeContributions,
            Account::IncomeFines,
            Account::IncomeOther,
            Account::IncomeTransfers,
        ] {
            let amount: i64 = within.iter().filter(|t| t.account == account).map(|t| -t.amount.0).sum();
            if amount != 0 {
                income.push((account, Centavos(amount)));
            }
        }
        let mut expenses: Vec<(Purpose, Centavos)> = Vec::new();
        for t in &within {
            if let Account::Expense(purpose) = t.account {
                match expenses.iter_mut().find(|(p, _)| *p == purpose) {
                    Some((_, sum)) => sum.0 += t.amount.0,
                    None => expenses.push((purpose, t.amount)),
                }
            }
        }
        expenses.sort();
        let cash_in = Centavos(within.iter().filter(|t| t.account == Account::Cash).map(|t| t.amount.0).sum());
        // Cash received from families: the period's cash less what other entries moved through
        // it — expenses and transfers sent went out, transfers confirmed and other income came in
        // (the charges' own lines, which net against payments on the receivables, never touch
        // cash).
        let net =
            |pick: &dyn Fn(Account) -> bool| within.iter().filter(|t| pick(t.account)).map(|t| t.amount.0).sum::<i64>();
        let spent = net(&|a| matches!(a, Account::Expense(_) | Account::TransfersOut));
        let confirmed_in = -net(&|a| a == Account::IncomeTransfers) - net(&|a| a == Account::Receivable);
        let other_income = -net(&|a| a == Account::IncomeOther);
        let collected = Centavos(cash_in.0 + spent - confirmed_in - other_income);
        let mut transfers = Vec::new();
        // Sent (transfers out, positive) and received (income from another body, negative).
        for t in within.iter().filter(|t| matches!(t.account, Account::TransfersOut | Account::IncomeTransfers)) {
            if let Some(other) = t.counterpart {
                // The registry holds only the chain above the body: the other body is read.
                let label = repo.body(other)?.map_or_else(|| other.to_string(), |b| b.label());
                transfers.push((other, label, t.amount));
            }
        }
        let names: HashMap<HouseholdId, String> =
            repo.roster(body.id)?.into_iter().map(|h| (h.id, h.name.display())).collect();
        let arrears = repo
            .arrears(body.id, period.end)?
            .into_iter()
            .map(|(household, owed)| Arrear {
                household,
                name: names.get(&household).cloned().unwrap_or_else(|| household.0.to_string()),
                owed,
            })
            .collect();
        let documents = super::documents::documents_between(repo, &body, period.start, period.end)?;
        Ok(Report {
            documents,
            body,
            period,
            opening_cash,
            closing_cash: Centavos(opening_cash.0 + cash_in.0),
            income,
            expenses,
            collected,
            transfers,
            arrears,
        })
    })
}

/// Rows as a spreadsheet file Excel in Bolivia opens without questions: `;` between cells, CRLF,
/// UTF-8 with a BOM (amounts are written by the caller with decimal commas, "1.234,50").
pub fn spreadsheet_csv(rows: &[Vec<String>]) -> Result<Vec<u8>> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut csv = csv::WriterBuilder::new().delimiter(b';').terminator(csv::Terminator::CRLF).from_writer(&mut out);
        for row in rows {
            // A cell starting with = + - @ is read by Excel as a formula: guard it as the padrón does.
            let guarded: Vec<String> = row
                .iter()
                .map(|cell| match cell.chars().next() {
                    Some('=' | '+' | '@') => format!("'{cell}"),
                    Some('-') if !cell[1..].starts_with(|c: char| c.is_ascii_digit()) => format!("'{cell}"),
                    _ => cell.clone(),
                })
                .collect();
            csv.write_record(&guarded).map_err(|e| ServiceError::Internal(e.to_string()))?;
        }
        csv.flush().map_err(|e| ServiceError::Internal(e.to_string()))?;
    }
    Ok(out)
}
