//! Transfers between bodies (issue 15, part 4). A higher body's statute sets the share of dues
//! the bodies below it owe it (10 % to the central, 5 % to the federation), computed from the
//! dues each actually collected in a period. A transfer — a dues share, or a contribution: a
//! levy's money sent to the political instrument through an affiliation, help to a sister
//! sindicato — is recorded once, in one transaction, as the sender's outgoing entry (cash out)
//! and the receiver's pending incoming one; the receiver's treasurer confirms receipt once.
//! Money passes only between bodies that are related: above or below in the tree, sisters under
//! the same parent, or joined by an affiliation in force; anything else is refused and nothing
//! changes. Every step is written to the audit trail of the body whose book it touches.

use std::collections::HashMap;

use cabildo_domain::access::Action;
use cabildo_domain::ledger::{self, Account, Centavos, Period};
use cabildo_domain::transfer::{self, Relation, ShareOwed, TransferKind};
use cabildo_domain::{Body, BodyId, Date, Field, PublicId, text};
pub use cabildo_store::ShareRecord;
use cabildo_store::{Repo, Store, TransferRecord};

use super::{LedgerRefusal, MAX_TEXT, new_entry, open_body, optional_day, positive_amount, post, require_open_day};
use crate::registry::Registry;
use crate::{Ctx, Result, ServiceError};

/// Sets the share of dues the bodies below `body` owe it, as its statute says ("10 %", "2,5").
/// For whoever may edit `body`'s statute.
pub fn set_share(store: &Store, ctx: &Ctx, body: &str, share: &str) -> Result<ShareRecord> {
    let share_bp = ledger::parse_share(Field::Amount, share)?;
    store.write(|repo| {
        let registry = Registry::load(repo)?;
        let body = open_body(&registry, body)?;
        registry.require(ctx, Action::EditStatute, body.id)?;
        let record = ShareRecord { body_id: body.id, share_bp, set_at: ctx.now, set_by: ctx.actor_name() };
        repo.insert_share(&record)?;
        ctx.audit(repo, Some(body.id), "ledger.share", share_text(share_bp))?;
        Ok(record)
    })
}

/// "10 %", "2,5 %": a share in basis points as people write it.
pub fn share_text(basis_points: i64) -> String {
    let whole = basis_points / 100;
    match basis_points % 100 {
        0 => format!("{whole} %"),
        rest if rest % 10 == 0 => format!("{whole},{} %", rest / 10),
        rest => format!("{whole},{rest:02} %"),
    }
}

/// What a treasurer types to send money to another body.
#[derive(Debug, Clone, Default)]
pub struct TransferForm {
    /// The receiving body: its code, number or public id.
    pub to: String,
    /// `dues_share` or `contribution` (empty: a contribution).
    pub kind: String,
    /// A dues share's period ("2026", "2026-Q1").
    pub period: String,
    /// A contribution's levy (its public id or number), whose collected money is sent on.
    pub levy: String,
    /// Empty for a dues share: what is still owed for the period.
    pub amount: String,
    pub memo: String,
    /// The day sent; empty: today.
    pub day: String,
}

/// A transfer with the names of both bodies and, once confirmed, who confirmed it and when.
#[derive(Debug, Clone, PartialEq)]
pub struct TransferView {
    pub record: TransferRecord,
    pub from: String,
    pub to: String,
    pub confirmed_by: Option<String>,
    pub confirmed_at: Option<i64>,
    /// The entry numbers in the sender's and the receiver's books.
    pub sent_entry: Option<i64>,
    pub received_entry: Option<i64>,
    pub confirm_entry: Option<i64>,
}

impl TransferView {
    /// Whether `body` sent it (else received it).
    pub fn is_sent_by(&self, body: BodyId) -> bool {
        self.record.from_body_id == body
    }
}

fn view(repo: &mut dyn Repo, registry: &Registry, record: TransferRecord) -> Result<TransferView> {
    let entries = repo.transfer_entries(record.id)?;
    let number = |kind: &str| entries.iter().find(|e| e.kind == kind).map(|e| e.number);
    let confirm = entries.iter().find(|e| e.kind == "transfer_confirm");
    Ok(TransferView {
        from: registry.label(record.from_body_id),
        to: registry.label(record.to_body_id),
        confirmed_by: confirm.map(|e| e.recorded_by.clone()),
        confirmed_at: confirm.map(|e| e.recorded_at),
        sent_entry: number("transfer_out"),
        received_entry: number("transfer_in"),
        confirm_entry: confirm.map(|e| e.number),
        record,
    })
}

fn cash_of(repo: &mut dyn Repo, body: BodyId, today: Date) -> Result<Centavos> {
    let end = chrono::NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(today);
    let totals = repo.account_totals(body, None, end)?;
    Ok(Centavos(totals.iter().filter(|t| t.account == Account::Cash).map(|t| t.amount.0).sum()))
}

/// What `from` still owes `to` as its share of the dues collected in `period` (the share, less
/// the dues shares it already sent for periods inside it).
fn share_outstanding(
    repo: &mut dyn Repo,
    from: BodyId,
    to: BodyId,
    share_bp: i64,
    period: &Period,
) -> Result<ShareOwed> {
    let collected = repo
        .dues_collected_below(to, period.start, period.end)?
        .into_iter()
        .find(|(b, _)| *b == from)
        .map_or(Centavos::ZERO, |(_, c)| c);
    let sent = sent_within(&repo.dues_shares_to(to)?, from, period);
    Ok(ShareOwed::new(collected, share_bp, sent))
}

/// The dues shares `from` sent for periods inside `period`.
fn sent_within(shares: &[TransferRecord], from: BodyId, period: &Period) -> Centavos {
    Centavos(
        shares
            .iter()
            .filter(|t| t.from_body_id == from)
            .filter(|t| {
                t.period
                    .as_deref()
                    .and_then(|p| Period::parse(p).ok())
                    .is_some_and(|p| period.start <= p.start && p.end <= period.end)
            })
            .map(|t| t.amount.0)
            .sum(),
    )
}

/// The share `to`'s statute asks of the bodies below it, in basis points (0: none).
fn share_of(repo: &mut dyn Repo, to: BodyId) -> Result<i64> {
    Ok(repo.share(to)?.map_or(0, |s| s.share_bp))
}

/// Sends money from `from` to another body: one transfer, the sender's outgoing entry (cash
/// out) and the receiver's pending incoming one, in one transaction. Refused, with nothing
/// changed: an amount not above zero, more than the sender's cash, a transfer to itself or to a
/// body it has no relation with, a dues share to a body that is not above it or asks none.
pub fn send_transfer(store: &Store, ctx: &Ctx, from: &str, form: &TransferForm) -> Result<TransferView> {
    let kind: TransferKind = form.kind.parse()?;
    let given = match form.amount.trim() {
        "" if kind == TransferKind::DuesShare => None,
        amount => Some(positive_amount(amount)?),
    };
    let period = match kind {
        TransferKind::DuesShare => Some(Period::parse(&form.period)?),
        TransferKind::Contribution => None,
    };
    let memo = text::optional(Field::Memo, &form.memo, MAX_TEXT)?;
    let day = optional_day(Field::Date, &form.day, ctx.today)?;
    store.write(|repo| {
        let registry = Registry::load(repo)?;
        let sender = open_body(&registry, from)?;
        registry.require(ctx, Action::KeepBooks, sender.id)?;
        let receiver = open_body(&registry, &form.to)?;
        if receiver.id == sender.id {
            return Err(LedgerRefusal::TransferToItself { body: sender.label() }.into());
        }
        let mut affiliations = repo.affiliations(sender.id)?;
        affiliations.retain(|a| a.member_id == receiver.id || a.host_id == receiver.id);
        let relation = transfer::relation(&registry.tree, &affiliations, sender.id, receiver.id, day)
            .ok_or_else(|| LedgerRefusal::UnrelatedBody { from: sender.label(), to: receiver.label() })?;
        let amount = match (&period, given) {
            (Some(period), given) => {
                let share_bp = share_of(repo, receiver.id)?;
                if relation != Relation::Above || share_bp == 0 {
                    return Err(LedgerRefusal::ShareNotOwed { from: sender.label(), to: receiver.label() }.into());
                }
                match given {
                    Some(amount) => amount,
                    None => {
                        let owed = share_outstanding(repo, sender.id, receiver.id, share_bp, period)?;
                        if !owed.outstanding.is_positive() {
                            return Err(
                                LedgerRefusal::AmountNotPositive { amount: owed.outstanding.to_string() }.into()
                            );
                        }
                        owed.outstanding
                    }
                }
            }
            (None, Some(amount)) => amount,
            (None, None) => return Err(LedgerRefusal::AmountNotPositive { amount: Centavos::ZERO.to_string() }.into()),
        };
        let levy = match (kind, form.levy.trim()) {
            (TransferKind::Contribution, reference) if !reference.is_empty() => {
                Some(own_levy(repo, &sender, reference)?)
            }
            _ => None,
        };
        let cash = cash_of(repo, sender.id, ctx.today)?;
        if amount > cash {
            return Err(LedgerRefusal::TransferExceedsCash {
                body: sender.label(),
                cash: cash.to_string(),
                amount: amount.to_string(),
            }
            .into());
        }
        require_open_day(repo, &sender, day)?;
        require_open_day(repo, &receiver, day)?;
        let memo = match (memo.clone(), &period, &levy) {
            (Some(memo), _, _) => memo,
            (None, Some(period), _) => period.label(),
            (None, None, Some(levy)) => levy.description.clone(),
            // The kind is shown beside it: no memo is needed.
            (None, None, None) => String::new(),
        };
        let mut record = TransferRecord {
            id: 0,
            public_id: ctx.minter()?.mint()?,
            from_body_id: sender.id,
            to_body_id: receiver.id,
            kind: kind.code().into(),
            period: period.map(|p| p.label()),
            levy_id: levy.as_ref().map(|l| l.id),
            amount,
            memo: memo.clone(),
            sent_on: day,
            created_at: ctx.now,
            confirmed: false,
        };
        record.id = repo.insert_transfer(&record)?;
        let mut out =
            new_entry(ctx, sender.id, day, "transfer_out", memo.clone(), transfer::sent_lines(receiver.id, amount));
        out.transfer_id = Some(record.id);
        let (_, detail) = post(repo, ctx, out)?;
        ctx.audit(repo, Some(sender.id), "ledger.transfer", detail)?;
        let mut incoming =
            new_entry(ctx, receiver.id, day, "transfer_in", memo, transfer::pending_lines(sender.id, amount));
        incoming.transfer_id = Some(record.id);
        let (_, detail) = post(repo, ctx, incoming)?;
        ctx.audit(repo, Some(receiver.id), "ledger.transfer", detail)?;
        view(repo, &registry, record)
    })
}

/// A levy of `body` by its public id or number.
fn own_levy(repo: &mut dyn Repo, body: &Body, reference: &str) -> Result<cabildo_store::LevyRecord> {
    let unknown = || LedgerRefusal::UnknownLevy { reference: reference.to_string(), body: body.label() };
    let found = match (reference.trim_start_matches('#').parse::<i64>(), PublicId::parse(reference)) {
        (Ok(id), _) => repo.levy(id)?,
        (_, Ok(public_id)) => repo.levies(body.id)?.into_iter().find(|l| l.public_id == public_id),
        _ => None,
    };
    found.filter(|l| l.body_id == body.id).ok_or_else(|| unknown().into())
}

/// A transfer by its public id.
fn find(repo: &mut dyn Repo, reference: &str) -> Result<TransferRecord> {
    let unknown = || LedgerRefusal::UnknownTransfer { reference: reference.trim().to_string() };
    let public_id = PublicId::parse(reference.trim()).map_err(|_| unknown())?;
    repo.transfer_by_public_id(public_id)?.ok_or_else(|| unknown().into())
}

/// The receiver's treasurer confirms that a transfer to `body` arrived: an entry of `body`'s
/// book moves it from what the sender owes into cash. Once: a second confirmation is refused, and
/// so is confirming a transfer that is not `body`'s to confirm.
pub fn confirm_transfer(store: &Store, ctx: &Ctx, body: &str, reference: &str) -> Result<TransferView> {
    store.write(|repo| {
        let registry = Registry::load(repo)?;
        let receiver = open_body(&registry, body)?;
        registry.require(ctx, Action::KeepBooks, receiver.id)?;
        let record = find(repo, reference)?;
        if record.to_body_id != receiver.id {
            return Err(LedgerRefusal::TransferNotPending {
                reference: record.public_id.to_string(),
                body: receiver.label(),
            }
            .into());
        }
        if record.confirmed {
            let done = view(repo, &registry, record)?;
            return Err(LedgerRefusal::TransferAlreadyConfirmed {
                reference: done.record.public_id.to_string(),
                by: done.confirmed_by.unwrap_or_default(),
                entry: done.confirm_entry.map_or_else(String::new, |n| n.to_string()),
            }
            .into());
        }
        require_open_day(repo, &receiver, ctx.today)?;
        let mut entry = new_entry(
            ctx,
            receiver.id,
            ctx.today,
            "transfer_confirm",
            record.memo.clone(),
            transfer::confirmed_lines(record.from_body_id, record.amount),
        );
        entry.transfer_id = Some(record.id);
        let (_, detail) = post(repo, ctx, entry)?;
        ctx.audit(repo, Some(receiver.id), "ledger.transfer_confirm", detail)?;
        let record = repo.transfer(record.id)?.ok_or_else(|| ServiceError::Internal("a transfer vanished".into()))?;
        view(repo, &registry, record)
    })
}

/// A body's transfers as its officers see them, with what its treasurer may do.
#[derive(Debug, Clone, PartialEq)]
pub struct TransferBook {
    pub body: Body,
    /// Sent and received, newest first.
    pub transfers: Vec<TransferView>,
    /// The share of dues its statute asks of the bodies below it, in basis points (0: none).
    pub share_bp: i64,
    /// The levies whose money it may send on: (public id, description).
    pub levies: Vec<(PublicId, String)>,
    pub may_keep_books: bool,
    pub may_set_share: bool,
}

/// The transfers `body` sent and received, newest first, for its officers.
pub fn transfers(store: &Store, ctx: &Ctx, body: &str) -> Result<TransferBook> {
    store.read(|repo| {
        let registry = Registry::load(repo)?;
        let body = registry.resolve(body)?.clone();
        registry.require(ctx, Action::ViewBooks, body.id)?;
        let mut transfers = Vec::new();
        for record in repo.transfers_of(body.id)? {
            transfers.push(view(repo, &registry, record)?);
        }
        let share_bp = share_of(repo, body.id)?;
        let levies = repo.levies(body.id)?.into_iter().map(|l| (l.public_id, l.description)).collect();
        let may_keep_books = ctx.may(&registry.tree, Action::KeepBooks, body.id);
        let may_set_share = ctx.may(&registry.tree, Action::EditStatute, body.id);
        Ok(TransferBook { body, transfers, share_bp, levies, may_keep_books, may_set_share })
    })
}

/// One body below in the arrears summary.
#[derive(Debug, Clone, PartialEq)]
pub struct OwedRow {
    pub body: BodyId,
    pub label: String,
    /// How far below (1: right below).
    pub depth: usize,
    pub owed: ShareOwed,
}

/// What every body below a body owes it as its share of the dues collected in a period.
#[derive(Debug, Clone, PartialEq)]
pub struct OwedSummary {
    pub body: Body,
    pub period: Period,
    /// The share its statute asks, in basis points (0: none).
    pub share_bp: i64,
    /// Every body below that collected dues in the period or sent a share for it, in tree order.
    pub rows: Vec<OwedRow>,
}

impl OwedSummary {
    pub fn total(&self) -> ShareOwed {
        let sum = |f: fn(&ShareOwed) -> Centavos| Centavos(self.rows.iter().map(|r| f(&r.owed).0).sum());
        ShareOwed {
            collected: sum(|o| o.collected),
            owed: sum(|o| o.owed),
            sent: sum(|o| o.sent),
            outstanding: sum(|o| o.outstanding),
        }
    }
}

/// The federation's arrears summary: for `period`, each body below `body` with the dues it
/// collected, the share of them owed to `body`, what it sent, and what it still owes. Two
/// statements whatever the number of bodies. For `body`'s officers.
pub fn owed(store: &Store, ctx: &Ctx, body: &str, period: &str) -> Result<OwedSummary> {
    let period = Period::parse(period)?;
    store.read(|repo| {
        let registry = Registry::load(repo)?;
        let body = registry.resolve(body)?.clone();
        registry.require(ctx, Action::ViewBooks, body.id)?;
        let share_bp = share_of(repo, body.id)?;
        let collected: HashMap<BodyId, Centavos> =
            repo.dues_collected_below(body.id, period.start, period.end)?.into_iter().collect();
        let shares = repo.dues_shares_to(body.id)?;
        let depth0 = registry.tree.depth(body.id);
        let mut rows = Vec::new();
        for below in registry.subtree(body.id).into_iter().skip(1) {
            let got = collected.get(&below.id).copied().unwrap_or(Centavos::ZERO);
            let sent = sent_within(&shares, below.id, &period);
            if got == Centavos::ZERO && sent == Centavos::ZERO {
                continue;
            }
            rows.push(OwedRow {
                body: below.id,
                label: below.label(),
                depth: registry.tree.depth(below.id).saturating_sub(depth0),
                owed: ShareOwed::new(got, share_bp, sent),
            });
        }
        Ok(OwedSummary { body, period, share_bp, rows })
    })
}
