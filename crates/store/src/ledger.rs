//! The union's money in the store contract (a supertrait of [`crate::Repo`], migration 23): a
//! body's book of entries and lines (written once: triggers refuse an `UPDATE` or `DELETE`), the
//! charges families owe, the statute's dues, levies, receipts numbered per body and year, closed
//! periods and transfers between bodies. What a charge still owes is never stored: it is the sum
//! of the lines that name it.

use cabildo_domain::ledger::{Account, Centavos, ChargeId, ChargeKind, Line};
use cabildo_domain::{BodyId, Date, HouseholdId, PublicId};

use crate::conn::{ArrayColumn, Row, Value};
use crate::repo::SqlRepo;
use crate::{Backend, Result, StoreError};

/// An entry to write: its lines must balance (checked above, and again when read).
#[derive(Debug, Clone, PartialEq)]
pub struct NewEntry {
    pub body_id: BodyId,
    pub occurred_on: Date,
    pub recorded_at: i64,
    pub recorded_by: String,
    pub kind: String,
    pub memo: String,
    pub reverses: Option<i64>,
    pub reason: Option<String>,
    pub transfer_id: Option<i64>,
    pub lines: Vec<Line>,
}

/// An entry as stored (without its lines).
#[derive(Debug, Clone, PartialEq)]
pub struct EntryRecord {
    pub id: i64,
    pub public_id: PublicId,
    pub body_id: BodyId,
    pub number: i64,
    pub occurred_on: Date,
    pub recorded_at: i64,
    pub recorded_by: String,
    pub kind: String,
    pub memo: String,
    pub reverses: Option<i64>,
    pub reason: Option<String>,
    pub transfer_id: Option<i64>,
}

/// A charge to write; its id is reserved beforehand so that the entry's lines can name it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCharge {
    pub id: ChargeId,
    pub body_id: BodyId,
    pub household_id: HouseholdId,
    pub kind: ChargeKind,
    pub period: Option<String>,
    pub levy_id: Option<i64>,
    pub fine_id: Option<i64>,
    pub due_on: Date,
    pub amount: Centavos,
}

/// A charge, and what is still owed on it.
#[derive(Debug, Clone, PartialEq)]
pub struct ChargeRecord {
    pub id: ChargeId,
    pub body_id: BodyId,
    pub household_id: HouseholdId,
    pub kind: ChargeKind,
    pub period: Option<String>,
    pub levy_id: Option<i64>,
    pub fine_id: Option<i64>,
    pub due_on: Date,
    pub amount: Centavos,
    pub entry_id: i64,
    /// What is still owed (the sum of the lines naming the charge).
    pub owed: Centavos,
}

/// A body's dues as its statute sets them.
#[derive(Debug, Clone, PartialEq)]
pub struct DuesRuleRecord {
    pub body_id: BodyId,
    pub amount: Centavos,
    pub cadence: String,
    pub basis: String,
    /// The share of dues the body asks of the bodies below it, in basis points.
    pub share_bp: i64,
    pub set_at: i64,
    pub set_by: String,
}

/// A contribution levied by a resolution.
#[derive(Debug, Clone, PartialEq)]
pub struct LevyRecord {
    pub id: i64,
    pub public_id: PublicId,
    pub body_id: BodyId,
    pub resolution_id: Option<i64>,
    pub purpose: String,
    pub description: String,
    pub basis: String,
    pub amount: Centavos,
    pub due_on: Date,
    pub entry_id: i64,
    pub created_at: i64,
}

/// A receipt.
#[derive(Debug, Clone, PartialEq)]
pub struct ReceiptRecord {
    pub id: i64,
    pub body_id: BodyId,
    pub year: i64,
    pub number: i64,
    pub code: String,
    pub entry_id: i64,
    pub household_id: HouseholdId,
    pub amount: Centavos,
    pub issued_on: Date,
    pub treasurer: String,
}

/// A period a body closed.
#[derive(Debug, Clone, PartialEq)]
pub struct ClosedPeriod {
    pub body_id: BodyId,
    pub start_on: Date,
    pub end_on: Date,
    pub closed_at: i64,
    pub closed_by: String,
}

/// A transfer between bodies.
#[derive(Debug, Clone, PartialEq)]
pub struct TransferRecord {
    pub id: i64,
    pub public_id: PublicId,
    pub from_body_id: BodyId,
    pub to_body_id: BodyId,
    pub kind: String,
    pub period: Option<String>,
    pub levy_id: Option<i64>,
    pub amount: Centavos,
    pub memo: String,
    pub sent_on: Date,
    pub created_at: i64,
    /// Whether the receiver confirmed it (an entry of kind `transfer_confirm` names it).
    pub confirmed: bool,
}

/// A fine of a closed assembly not yet charged.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenFine {
    pub fine_id: i64,
    pub household_id: HouseholdId,
    pub amount: Centavos,
    pub assembly_day: Date,
}

/// A line of a family's statement: a line naming the family, with its entry.
#[derive(Debug, Clone, PartialEq)]
pub struct StatementLine {
    pub entry_id: i64,
    pub entry_number: i64,
    pub occurred_on: Date,
    pub kind: String,
    pub memo: String,
    pub account: Account,
    pub charge_id: Option<ChargeId>,
    pub amount: Centavos,
}

/// The sum of a body's lines on an account (with another body, for transfers) over a span.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountTotal {
    pub account: Account,
    pub counterpart: Option<BodyId>,
    pub amount: Centavos,
}

/// The ledger in the store contract.
pub trait LedgerRepo {
    /// Writes an entry and its lines, numbered next in its body's book; returns it as stored.
    fn insert_entry(&mut self, entry: &NewEntry, public_id: PublicId) -> Result<EntryRecord>;
    fn entry(&mut self, id: i64) -> Result<Option<EntryRecord>>;
    /// An entry by its number in a body's book.
    fn entry_by_number(&mut self, body: BodyId, number: i64) -> Result<Option<EntryRecord>>;
    /// An entry's lines; lines that do not balance are [`StoreError::Corrupt`].
    fn entry_lines(&mut self, id: i64) -> Result<Vec<Line>>;
    /// The entry that reverses `id`, if one does.
    fn reversal_of(&mut self, id: i64) -> Result<Option<i64>>;
    /// A body's entries, newest first.
    fn entries(&mut self, body: BodyId, limit: u64) -> Result<Vec<EntryRecord>>;

    /// `n` ids for new charges.
    fn reserve_charge_ids(&mut self, n: usize) -> Result<Vec<ChargeId>>;
    /// Writes charges of one entry (batched).
    fn insert_charges(&mut self, entry: i64, charges: &[NewCharge]) -> Result<()>;
    /// A family's charges with what each still owes, oldest due first.
    fn family_charges(&mut self, household: HouseholdId) -> Result<Vec<ChargeRecord>>;
    /// The charges written by an entry.
    fn charges_of_entry(&mut self, entry: i64) -> Result<Vec<ChargeRecord>>;
    /// Which of `households` already have a dues charge for `period`.
    fn dues_charged(&mut self, body: BodyId, period: &str) -> Result<Vec<HouseholdId>>;
    /// A family's lines, oldest first.
    fn family_lines(&mut self, household: HouseholdId) -> Result<Vec<StatementLine>>;
    /// A family's credit balance (what its body owes it; zero if it owes more than it paid ahead).
    fn family_credit(&mut self, household: HouseholdId) -> Result<Centavos>;
    /// The credit balance of every family of a body that has one (what the body owes it).
    fn family_credits(&mut self, body: BodyId) -> Result<Vec<(HouseholdId, Centavos)>>;

    fn insert_dues_rule(&mut self, rule: &DuesRuleRecord) -> Result<()>;
    /// The dues rule in force (the latest set).
    fn dues_rule(&mut self, body: BodyId) -> Result<Option<DuesRuleRecord>>;
    fn insert_exemption(
        &mut self,
        body: BodyId,
        household: HouseholdId,
        resolution: Option<i64>,
        at: i64,
        by: &str,
    ) -> Result<()>;
    fn exemptions(&mut self, body: BodyId) -> Result<Vec<HouseholdId>>;

    fn insert_levy(&mut self, levy: &LevyRecord) -> Result<i64>;
    fn levy(&mut self, id: i64) -> Result<Option<LevyRecord>>;
    fn levies(&mut self, body: BodyId) -> Result<Vec<LevyRecord>>;
    /// Every current family of a body with the area of its parcels in m² (0 without one).
    fn family_areas(&mut self, body: BodyId) -> Result<Vec<(HouseholdId, i64)>>;

    /// The fines of a body's closed assemblies, written for a family and not yet charged.
    fn open_fines(&mut self, body: BodyId) -> Result<Vec<OpenFine>>;

    /// The next receipt number of a body in a year (1 for its first), taken in the caller's
    /// transaction: a rolled-back payment leaves no gap.
    fn next_receipt_number(&mut self, body: BodyId, year: i64) -> Result<i64>;
    fn insert_receipt(&mut self, receipt: &ReceiptRecord) -> Result<i64>;
    fn receipt_by_code(&mut self, code: &str) -> Result<Option<ReceiptRecord>>;
    fn receipt_by_number(&mut self, body: BodyId, year: i64, number: i64) -> Result<Option<ReceiptRecord>>;
    fn receipt_of_entry(&mut self, entry: i64) -> Result<Option<ReceiptRecord>>;
    /// A family's receipts, in the order they were given.
    fn family_receipts(&mut self, household: HouseholdId) -> Result<Vec<ReceiptRecord>>;
    /// A body's receipts of a year, by number.
    fn receipts(&mut self, body: BodyId, year: i64) -> Result<Vec<ReceiptRecord>>;

    fn insert_closed_period(&mut self, closed: &ClosedPeriod) -> Result<()>;
    fn closed_periods(&mut self, body: BodyId) -> Result<Vec<ClosedPeriod>>;

    /// The sums of a body's lines by account (and counterpart) for entries dated in
    /// `[from, to]` (`from` `None`: since the beginning).
    fn account_totals(&mut self, body: BodyId, from: Option<Date>, to: Date) -> Result<Vec<AccountTotal>>;
    /// What each family of a body owes on charges due by `day` (families owing nothing left out),
    /// most first.
    fn arrears(&mut self, body: BodyId, day: Date) -> Result<Vec<(HouseholdId, Centavos)>>;

    fn insert_transfer(&mut self, transfer: &TransferRecord) -> Result<i64>;
    fn transfer(&mut self, id: i64) -> Result<Option<TransferRecord>>;
    /// Transfers a body sent or received, newest first.
    fn transfers_of(&mut self, body: BodyId) -> Result<Vec<TransferRecord>>;
}

pub(crate) const ENTRY: &str = "SELECT id, public_id, body_id, number, occurred_on, recorded_at, recorded_by, kind, memo, \
     reverses_entry_id, reason, transfer_id FROM ledger_entries";

pub(crate) fn entry_from_row(row: &dyn Row) -> Result<EntryRecord> {
    Ok(EntryRecord {
        id: row.i64(0)?,
        public_id: row.public_id(1)?,
        body_id: BodyId(row.i64(2)?),
        number: row.i64(3)?,
        occurred_on: row.date(4)?,
        recorded_at: row.i64(5)?,
        recorded_by: row.text(6)?,
        kind: row.text(7)?,
        memo: row.text(8)?,
        reverses: row.opt_i64(9)?,
        reason: row.opt_text(10)?,
        transfer_id: row.opt_i64(11)?,
    })
}

fn coded<T: std::str::FromStr>(column: &str, value: String) -> Result<T> {
    value.parse::<T>().map_err(|_| StoreError::corrupt(column, &value))
}

const CHARGE: &str = "SELECT c.id, c.body_id, c.household_id, c.kind, c.period, c.levy_id, c.fine_id, c.due_on, \
     c.amount, c.entry_id, (SELECT CAST(COALESCE(SUM(l.amount_centavos), 0) AS BIGINT) FROM ledger_lines l WHERE l.charge_id = c.id) \
     FROM charges c";

fn charge_from_row(row: &dyn Row) -> Result<ChargeRecord> {
    Ok(ChargeRecord {
        id: ChargeId(row.i64(0)?),
        body_id: BodyId(row.i64(1)?),
        household_id: HouseholdId(row.i64(2)?),
        kind: coded("charges.kind", row.text(3)?)?,
        period: row.opt_text(4)?,
        levy_id: row.opt_i64(5)?,
        fine_id: row.opt_i64(6)?,
        due_on: row.date(7)?,
        amount: Centavos(row.i64(8)?),
        entry_id: row.i64(9)?,
        owed: Centavos(row.i64(10)?),
    })
}

const LEVY: &str = "SELECT id, public_id, body_id, resolution_id, purpose, description, basis, amount, due_on, \
     entry_id, created_at FROM levies";

fn levy_from_row(row: &dyn Row) -> Result<LevyRecord> {
    Ok(LevyRecord {
        id: row.i64(0)?,
        public_id: row.public_id(1)?,
        body_id: BodyId(row.i64(2)?),
        resolution_id: row.opt_i64(3)?,
        purpose: row.text(4)?,
        description: row.text(5)?,
        basis: row.text(6)?,
        amount: Centavos(row.i64(7)?),
        due_on: row.date(8)?,
        entry_id: row.i64(9)?,
        created_at: row.i64(10)?,
    })
}

const RECEIPT: &str = "SELECT id, body_id, year, number, code, entry_id, household_id, amount, issued_on, treasurer \
     FROM receipts";

fn receipt_from_row(row: &dyn Row) -> Result<ReceiptRecord> {
    Ok(ReceiptRecord {
        id: row.i64(0)?,
        body_id: BodyId(row.i64(1)?),
        year: row.i64(2)?,
        number: row.i64(3)?,
        code: row.text(4)?,
        entry_id: row.i64(5)?,
        household_id: HouseholdId(row.i64(6)?),
        amount: Centavos(row.i64(7)?),
        issued_on: row.date(8)?,
        treasurer: row.text(9)?,
    })
}

pub(crate) const TRANSFER: &str = "SELECT t.id, t.public_id, t.from_body_id, t.to_body_id, t.kind, t.period, t.levy_id, \
     t.amount, t.memo, t.sent_on, t.created_at, CAST(CASE WHEN EXISTS (SELECT 1 FROM ledger_entries e \
     WHERE e.transfer_id = t.id AND e.kind = 'transfer_confirm') THEN 1 ELSE 0 END AS BIGINT) FROM ledger_transfers t";

pub(crate) fn transfer_from_row(row: &dyn Row) -> Result<TransferRecord> {
    Ok(TransferRecord {
        id: row.i64(0)?,
        public_id: row.public_id(1)?,
        from_body_id: BodyId(row.i64(2)?),
        to_body_id: BodyId(row.i64(3)?),
        kind: row.text(4)?,
        period: row.opt_text(5)?,
        levy_id: row.opt_i64(6)?,
        amount: Centavos(row.i64(7)?),
        memo: row.text(8)?,
        sent_on: row.date(9)?,
        created_at: row.i64(10)?,
        confirmed: row.i64(11)? != 0,
    })
}

fn n(v: u64) -> Value<'static> {
    Value::I64(i64::try_from(v).unwrap_or(i64::MAX))
}

fn line_from_row(row: &dyn Row) -> Result<Line> {
    Ok(Line {
        account: coded("ledger_lines.account", row.text(0)?)?,
        household: row.opt_i64(1)?.map(HouseholdId),
        counterpart: row.opt_i64(2)?.map(BodyId),
        charge: row.opt_i64(3)?.map(ChargeId),
        amount: Centavos(row.i64(4)?),
    })
}

impl SqlRepo<'_> {
    fn insert_lines(&mut self, entry: i64, body: BodyId, lines: &[Line]) -> Result<()> {
        if self.conn.backend() == Backend::Postgres {
            let columns = [
                ArrayColumn::I64(lines.iter().map(|l| l.household.map(|h| h.0)).collect()),
                ArrayColumn::Text(lines.iter().map(|l| Some(l.account.code())).collect()),
                ArrayColumn::I64(lines.iter().map(|l| l.counterpart.map(|b| b.0)).collect()),
                ArrayColumn::I64(lines.iter().map(|l| l.charge.map(|c| c.0)).collect()),
                ArrayColumn::I64(lines.iter().map(|l| Some(l.amount.0)).collect()),
            ];
            let sql = format!(
                "INSERT INTO ledger_lines (entry_id, body_id, household_id, account, counterpart_body_id, charge_id, \
                 amount_centavos) SELECT {entry}, {}, * FROM UNNEST($1::bigint[], $2::text[], $3::bigint[], \
                 $4::bigint[], $5::bigint[])",
                body.0
            );
            if let Some(done) = self.conn.execute_arrays(&sql, &columns) {
                return done.map(drop);
            }
        }
        let accounts: Vec<String> = lines.iter().map(|l| l.account.code()).collect();
        let rows: Vec<[Value<'_>; 5]> = lines
            .iter()
            .zip(&accounts)
            .map(|(l, account)| {
                [
                    l.household.map(|h| h.0).into(),
                    account.as_str().into(),
                    l.counterpart.map(|b| b.0).into(),
                    l.charge.map(|c| c.0).into(),
                    l.amount.0.into(),
                ]
            })
            .collect();
        self.insert_rows(
            "INSERT INTO ledger_lines (entry_id, body_id, household_id, account, counterpart_body_id, charge_id, \
             amount_centavos) VALUES ",
            &[entry.into(), body.0.into()],
            &rows,
        )
    }
}

impl LedgerRepo for SqlRepo<'_> {
    fn insert_entry(&mut self, e: &NewEntry, public_id: PublicId) -> Result<EntryRecord> {
        let mut params: Vec<Value<'_>> = vec![
            public_id.into(),
            e.body_id.0.into(),
            e.occurred_on.into(),
            e.recorded_at.into(),
            e.recorded_by.as_str().into(),
            e.kind.as_str().into(),
            e.memo.as_str().into(),
            e.reverses.into(),
            e.reason.as_deref().into(),
            e.transfer_id.into(),
        ];
        let (id, number) = if self.conn.backend() == Backend::Postgres {
            // One round trip: the number is taken in the insert itself.
            self.conn
                .query_opt(
                    "INSERT INTO ledger_entries (public_id, body_id, number, occurred_on, recorded_at, recorded_by, kind, \
                     memo, reverses_entry_id, reason, transfer_id) SELECT $1::uuid, $2::bigint, COALESCE(MAX(number), 0) + 1, \
                     $3::date, $4::bigint, $5::text, $6::text, $7::text, $8::bigint, $9::text, $10::bigint \
                     FROM ledger_entries WHERE body_id = $2 RETURNING id, number",
                    &params,
                    |row| Ok((row.i64(0)?, row.i64(1)?)),
                )?
                .ok_or_else(|| StoreError::Internal("an entry's insert returned nothing".into()))?
        } else {
            let number = self
                .conn
                .query_opt(
                    "SELECT COALESCE(MAX(number), 0) + 1 FROM ledger_entries WHERE body_id = $1",
                    &[e.body_id.0.into()],
                    |row| row.i64(0),
                )?
                .unwrap_or(1);
            params.push(number.into());
            let id = self.conn.insert_returning_id(
                "INSERT INTO ledger_entries (public_id, body_id, occurred_on, recorded_at, recorded_by, kind, memo, \
                 reverses_entry_id, reason, transfer_id, number) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
                 RETURNING id",
                &params,
            )?;
            (id, number)
        };
        self.insert_lines(id, e.body_id, &e.lines)?;
        self.keep_arrears_after_entry(id, &e.lines)?;
        Ok(EntryRecord {
            id,
            public_id,
            body_id: e.body_id,
            number,
            occurred_on: e.occurred_on,
            recorded_at: e.recorded_at,
            recorded_by: e.recorded_by.clone(),
            kind: e.kind.clone(),
            memo: e.memo.clone(),
            reverses: e.reverses,
            reason: e.reason.clone(),
            transfer_id: e.transfer_id,
        })
    }

    fn entry(&mut self, id: i64) -> Result<Option<EntryRecord>> {
        self.conn.query_opt(&format!("{ENTRY} WHERE id = $1"), &[id.into()], entry_from_row)
    }

    fn entry_by_number(&mut self, body: BodyId, number: i64) -> Result<Option<EntryRecord>> {
        self.conn.query_opt(
            &format!("{ENTRY} WHERE body_id = $1 AND number = $2"),
            &[body.0.into(), number.into()],
            entry_from_row,
        )
    }

    fn entry_lines(&mut self, id: i64) -> Result<Vec<Line>> {
        let lines = self.conn.query_vec(
            "SELECT account, household_id, counterpart_body_id, charge_id, amount_centavos FROM ledger_lines \
             WHERE entry_id = $1 ORDER BY id",
            &[id.into()],
            line_from_row,
        )?;
        cabildo_domain::ledger::check_balanced(&lines)
            .map_err(|problem| StoreError::Corrupt(format!("ledger entry {id}: {problem}")))?;
        Ok(lines)
    }

    fn reversal_of(&mut self, id: i64) -> Result<Option<i64>> {
        self.conn
            .query_opt("SELECT id FROM ledger_entries WHERE reverses_entry_id = $1", &[id.into()], |row| row.i64(0))
    }

    fn entries(&mut self, body: BodyId, limit: u64) -> Result<Vec<EntryRecord>> {
        self.conn.query_vec(
            &format!("{ENTRY} WHERE body_id = $1 ORDER BY number DESC LIMIT $2"),
            &[body.0.into(), n(limit)],
            entry_from_row,
        )
    }

    fn reserve_charge_ids(&mut self, count: usize) -> Result<Vec<ChargeId>> {
        if count == 0 {
            return Ok(Vec::new());
        }
        match self.conn.backend() {
            Backend::Postgres => self.conn.query_vec(
                "SELECT nextval(pg_get_serial_sequence('charges', 'id')) FROM generate_series(1, $1)",
                &[Value::I64(count as i64)],
                |row| Ok(ChargeId(row.i64(0)?)),
            ),
            // One writer at a time: the ids after the largest are free until this transaction ends.
            Backend::Sqlite => {
                let max = self
                    .conn
                    .query_opt("SELECT COALESCE(MAX(id), 0) FROM charges", &[], |row| row.i64(0))?
                    .unwrap_or(0);
                Ok((1..=count as i64).map(|i| ChargeId(max + i)).collect())
            }
        }
    }

    fn insert_charges(&mut self, entry: i64, charges: &[NewCharge]) -> Result<()> {
        if charges.is_empty() {
            return Ok(());
        }
        if self.conn.backend() == Backend::Postgres {
            let columns = [
                ArrayColumn::I64(charges.iter().map(|c| Some(c.id.0)).collect()),
                ArrayColumn::I64(charges.iter().map(|c| Some(c.body_id.0)).collect()),
                ArrayColumn::I64(charges.iter().map(|c| Some(c.household_id.0)).collect()),
                ArrayColumn::Text(charges.iter().map(|c| Some(c.kind.code().to_string())).collect()),
                ArrayColumn::Text(charges.iter().map(|c| c.period.clone()).collect()),
                ArrayColumn::I64(charges.iter().map(|c| c.levy_id).collect()),
                ArrayColumn::I64(charges.iter().map(|c| c.fine_id).collect()),
                ArrayColumn::Date(charges.iter().map(|c| Some(c.due_on)).collect()),
                ArrayColumn::I64(charges.iter().map(|c| Some(c.amount.0)).collect()),
            ];
            let sql = format!(
                "INSERT INTO charges (id, body_id, household_id, kind, period, levy_id, fine_id, due_on, amount, \
                 entry_id) SELECT *, {entry} FROM UNNEST($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], \
                 $5::text[], $6::bigint[], $7::bigint[], $8::date[], $9::bigint[])"
            );
            if let Some(done) = self.conn.execute_arrays(&sql, &columns) {
                done?;
                return self.keep_arrears_after_charges(entry, charges);
            }
        }
        let rows: Vec<[Value<'_>; 9]> = charges
            .iter()
            .map(|c| {
                [
                    c.id.0.into(),
                    c.body_id.0.into(),
                    c.household_id.0.into(),
                    c.kind.code().into(),
                    c.period.as_deref().into(),
                    c.levy_id.into(),
                    c.fine_id.into(),
                    c.due_on.into(),
                    c.amount.0.into(),
                ]
            })
            .collect();
        // The entry is bound once, first; each row's own values follow.
        self.insert_rows(
            "INSERT INTO charges (entry_id, id, body_id, household_id, kind, period, levy_id, fine_id, due_on, \
             amount) VALUES ",
            &[entry.into()],
            &rows,
        )?;
        self.keep_arrears_after_charges(entry, charges)
    }

    fn family_charges(&mut self, household: HouseholdId) -> Result<Vec<ChargeRecord>> {
        // What each still owes in one grouped read of the family's lines (a line naming a charge
        // names the charge's family too), from ledger_lines_household_charge alone, instead of a
        // sum per charge.
        self.conn.query_vec(
            "SELECT c.id, c.body_id, c.household_id, c.kind, c.period, c.levy_id, c.fine_id, c.due_on, c.amount, \
             c.entry_id, CAST(COALESCE(s.owed, 0) AS BIGINT) FROM charges c LEFT JOIN (SELECT l.charge_id, \
             SUM(l.amount_centavos) AS owed FROM ledger_lines l WHERE l.household_id = $1 AND l.charge_id IS NOT NULL \
             GROUP BY l.charge_id) s ON s.charge_id = c.id WHERE c.household_id = $1 ORDER BY c.due_on, c.id",
            &[household.0.into()],
            charge_from_row,
        )
    }

    fn charges_of_entry(&mut self, entry: i64) -> Result<Vec<ChargeRecord>> {
        // Every charge has a line in its own entry naming it: found through the entry's lines
        // (ledger_lines_entry), without an index of charges by entry to write at every charge.
        self.conn.query_vec(
            &format!(
                "{CHARGE} WHERE c.id IN (SELECT charge_id FROM ledger_lines WHERE entry_id = $1 AND charge_id IS NOT NULL) \
                 AND c.entry_id = $1 ORDER BY c.id"
            ),
            &[entry.into()],
            charge_from_row,
        )
    }

    fn dues_charged(&mut self, body: BodyId, period: &str) -> Result<Vec<HouseholdId>> {
        self.conn.query_vec(
            "SELECT household_id FROM charges WHERE body_id = $1 AND kind = 'dues' AND period = $2",
            &[body.0.into(), period.into()],
            |row| Ok(HouseholdId(row.i64(0)?)),
        )
    }

    fn family_lines(&mut self, household: HouseholdId) -> Result<Vec<StatementLine>> {
        self.conn.query_vec(
            "SELECT e.id, e.number, e.occurred_on, e.kind, e.memo, l.account, l.charge_id, l.amount_centavos \
             FROM ledger_lines l JOIN ledger_entries e ON e.id = l.entry_id WHERE l.household_id = $1 \
             ORDER BY e.occurred_on, e.id, l.id",
            &[household.0.into()],
            |row| {
                Ok(StatementLine {
                    entry_id: row.i64(0)?,
                    entry_number: row.i64(1)?,
                    occurred_on: row.date(2)?,
                    kind: row.text(3)?,
                    memo: row.text(4)?,
                    account: coded("ledger_lines.account", row.text(5)?)?,
                    charge_id: row.opt_i64(6)?.map(ChargeId),
                    amount: Centavos(row.i64(7)?),
                })
            },
        )
    }

    fn family_credit(&mut self, household: HouseholdId) -> Result<Centavos> {
        let credit = self.conn.query_opt(
            "SELECT CAST(COALESCE(-SUM(amount_centavos), 0) AS BIGINT) FROM ledger_lines \
             WHERE household_id = $1 AND account = 'family_credit'",
            &[household.0.into()],
            |row| row.i64(0),
        )?;
        Ok(Centavos(credit.unwrap_or(0).max(0)))
    }

    fn family_credits(&mut self, body: BodyId) -> Result<Vec<(HouseholdId, Centavos)>> {
        self.conn.query_vec(
            "SELECT household_id, -CAST(SUM(amount_centavos) AS BIGINT) FROM ledger_lines \
             WHERE body_id = $1 AND account = 'family_credit' GROUP BY household_id \
             HAVING SUM(amount_centavos) < 0",
            &[body.0.into()],
            |row| Ok((HouseholdId(row.i64(0)?), Centavos(row.i64(1)?))),
        )
    }

    fn insert_dues_rule(&mut self, r: &DuesRuleRecord) -> Result<()> {
        self.conn.execute(
            "INSERT INTO dues_rules (body_id, amount, cadence, basis, share_bp, set_at, set_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[
                r.body_id.0.into(),
                r.amount.0.into(),
                r.cadence.as_str().into(),
                r.basis.as_str().into(),
                r.share_bp.into(),
                r.set_at.into(),
                r.set_by.as_str().into(),
            ],
        )?;
        Ok(())
    }

    fn dues_rule(&mut self, body: BodyId) -> Result<Option<DuesRuleRecord>> {
        self.conn.query_opt(
            "SELECT body_id, amount, cadence, basis, share_bp, set_at, set_by FROM dues_rules WHERE body_id = $1 \
             ORDER BY id DESC LIMIT 1",
            &[body.0.into()],
            |row| {
                Ok(DuesRuleRecord {
                    body_id: BodyId(row.i64(0)?),
                    amount: Centavos(row.i64(1)?),
                    cadence: row.text(2)?,
                    basis: row.text(3)?,
                    share_bp: row.i64(4)?,
                    set_at: row.i64(5)?,
                    set_by: row.text(6)?,
                })
            },
        )
    }

    fn insert_exemption(
        &mut self,
        body: BodyId,
        household: HouseholdId,
        resolution: Option<i64>,
        at: i64,
        by: &str,
    ) -> Result<()> {
        self.conn.execute(
            "INSERT INTO dues_exemptions (body_id, household_id, resolution_id, granted_at, granted_by) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (body_id, household_id) DO NOTHING",
            &[body.0.into(), household.0.into(), resolution.into(), at.into(), by.into()],
        )?;
        Ok(())
    }

    fn exemptions(&mut self, body: BodyId) -> Result<Vec<HouseholdId>> {
        self.conn.query_vec(
            "SELECT household_id FROM dues_exemptions WHERE body_id = $1 ORDER BY household_id",
            &[body.0.into()],
            |row| Ok(HouseholdId(row.i64(0)?)),
        )
    }

    fn insert_levy(&mut self, l: &LevyRecord) -> Result<i64> {
        self.conn.insert_returning_id(
            "INSERT INTO levies (public_id, body_id, resolution_id, purpose, description, basis, amount, due_on, \
             entry_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            &[
                l.public_id.into(),
                l.body_id.0.into(),
                l.resolution_id.into(),
                l.purpose.as_str().into(),
                l.description.as_str().into(),
                l.basis.as_str().into(),
                l.amount.0.into(),
                l.due_on.into(),
                l.entry_id.into(),
                l.created_at.into(),
            ],
        )
    }

    fn levy(&mut self, id: i64) -> Result<Option<LevyRecord>> {
        self.conn.query_opt(&format!("{LEVY} WHERE id = $1"), &[id.into()], levy_from_row)
    }

    fn levies(&mut self, body: BodyId) -> Result<Vec<LevyRecord>> {
        self.conn.query_vec(&format!("{LEVY} WHERE body_id = $1 ORDER BY id"), &[body.0.into()], levy_from_row)
    }

    fn family_areas(&mut self, body: BodyId) -> Result<Vec<(HouseholdId, i64)>> {
        self.conn.query_vec(
            "SELECT h.id, CAST(COALESCE((SELECT SUM(p.area_m2) FROM parcels p WHERE p.household_id = h.id), 0) AS BIGINT) \
             FROM households h WHERE h.body_id = $1 AND h.ended_on IS NULL ORDER BY h.id",
            &[body.0.into()],
            |row| Ok((HouseholdId(row.i64(0)?), row.i64(1)?)),
        )
    }

    fn open_fines(&mut self, body: BodyId) -> Result<Vec<OpenFine>> {
        self.conn.query_vec(
            "SELECT f.id, f.household_id, f.amount, a.scheduled_for FROM fines f JOIN assemblies a ON a.id = f.assembly_id \
             WHERE f.body_id = $1 AND a.status = 'closed' AND f.household_id IS NOT NULL AND f.amount > 0 \
             AND NOT EXISTS (SELECT 1 FROM charges c WHERE c.fine_id = f.id) ORDER BY f.id",
            &[body.0.into()],
            |row| {
                Ok(OpenFine {
                    fine_id: row.i64(0)?,
                    household_id: HouseholdId(row.i64(1)?),
                    amount: Centavos(row.i64(2)?),
                    assembly_day: {
                        let when = row.text(3)?;
                        when.get(..10)
                            .and_then(|day| Date::parse_from_str(day, "%Y-%m-%d").ok())
                            .ok_or_else(|| StoreError::corrupt("assemblies.scheduled_for", &when))?
                    },
                })
            },
        )
    }

    fn next_receipt_number(&mut self, body: BodyId, year: i64) -> Result<i64> {
        // One statement that both dialects run atomically: PostgreSQL locks the counter's row
        // until the transaction ends, so two payments never take the same number.
        self.conn
            .query_opt(
                "INSERT INTO receipt_counters (body_id, year, last) VALUES ($1, $2, 1) \
                 ON CONFLICT (body_id, year) DO UPDATE SET last = receipt_counters.last + 1 RETURNING last",
                &[body.0.into(), year.into()],
                |row| row.i64(0),
            )?
            .ok_or_else(|| StoreError::Internal("the receipt counter returned nothing".into()))
    }

    fn insert_receipt(&mut self, r: &ReceiptRecord) -> Result<i64> {
        self.conn.insert_returning_id(
            "INSERT INTO receipts (body_id, year, number, code, entry_id, household_id, amount, issued_on, treasurer) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            &[
                r.body_id.0.into(),
                r.year.into(),
                r.number.into(),
                r.code.as_str().into(),
                r.entry_id.into(),
                r.household_id.0.into(),
                r.amount.0.into(),
                r.issued_on.into(),
                r.treasurer.as_str().into(),
            ],
        )
    }

    fn receipt_by_code(&mut self, code: &str) -> Result<Option<ReceiptRecord>> {
        self.conn.query_opt(&format!("{RECEIPT} WHERE code = $1"), &[code.into()], receipt_from_row)
    }

    fn receipt_by_number(&mut self, body: BodyId, year: i64, number: i64) -> Result<Option<ReceiptRecord>> {
        self.conn.query_opt(
            &format!("{RECEIPT} WHERE body_id = $1 AND year = $2 AND number = $3"),
            &[body.0.into(), year.into(), number.into()],
            receipt_from_row,
        )
    }

    fn receipt_of_entry(&mut self, entry: i64) -> Result<Option<ReceiptRecord>> {
        self.conn.query_opt(&format!("{RECEIPT} WHERE entry_id = $1"), &[entry.into()], receipt_from_row)
    }

    fn family_receipts(&mut self, household: HouseholdId) -> Result<Vec<ReceiptRecord>> {
        self.conn.query_vec(
            &format!("{RECEIPT} WHERE household_id = $1 ORDER BY id"),
            &[household.0.into()],
            receipt_from_row,
        )
    }

    fn receipts(&mut self, body: BodyId, year: i64) -> Result<Vec<ReceiptRecord>> {
        self.conn.query_vec(
            &format!("{RECEIPT} WHERE body_id = $1 AND year = $2 ORDER BY number"),
            &[body.0.into(), year.into()],
            receipt_from_row,
        )
    }

    fn insert_closed_period(&mut self, c: &ClosedPeriod) -> Result<()> {
        self.conn.execute(
            "INSERT INTO ledger_closed_periods (body_id, start_on, end_on, closed_at, closed_by) \
             VALUES ($1, $2, $3, $4, $5)",
            &[c.body_id.0.into(), c.start_on.into(), c.end_on.into(), c.closed_at.into(), c.closed_by.as_str().into()],
        )?;
        Ok(())
    }

    fn closed_periods(&mut self, body: BodyId) -> Result<Vec<ClosedPeriod>> {
        self.conn.query_vec(
            "SELECT body_id, start_on, end_on, closed_at, closed_by FROM ledger_closed_periods WHERE body_id = $1 \
             ORDER BY start_on",
            &[body.0.into()],
            |row| {
                Ok(ClosedPeriod {
                    body_id: BodyId(row.i64(0)?),
                    start_on: row.date(1)?,
                    end_on: row.date(2)?,
                    closed_at: row.i64(3)?,
                    closed_by: row.text(4)?,
                })
            },
        )
    }

    fn account_totals(&mut self, body: BodyId, from: Option<Date>, to: Date) -> Result<Vec<AccountTotal>> {
        // The entries named by the body too (a line's body is its entry's): PostgreSQL's generic
        // plan then reads the body's entries of the period by ledger_entries_body_day instead of
        // every entry of the period (344 ms instead of 2.4 ms for a sindicato's year, 36,000
        // families; BENCHMARKS.md).
        let (condition, params): (&str, Vec<Value<'_>>) = match from {
            Some(from) => (
                "e.body_id = $1 AND e.occurred_on >= $2 AND e.occurred_on <= $3",
                vec![body.0.into(), from.into(), to.into()],
            ),
            None => ("e.body_id = $1 AND e.occurred_on <= $2", vec![body.0.into(), to.into()]),
        };
        let sql = format!(
            "SELECT l.account, l.counterpart_body_id, CAST(SUM(l.amount_centavos) AS BIGINT) FROM ledger_lines l \
             JOIN ledger_entries e ON e.id = l.entry_id WHERE l.body_id = $1 AND {condition} \
             GROUP BY l.account, l.counterpart_body_id ORDER BY l.account, l.counterpart_body_id"
        );
        self.conn.query_vec(&sql, &params, |row| {
            Ok(AccountTotal {
                account: coded("ledger_lines.account", row.text(0)?)?,
                counterpart: row.opt_i64(1)?.map(BodyId),
                amount: Centavos(row.i64(2)?),
            })
        })
    }

    fn arrears(&mut self, body: BodyId, day: Date) -> Result<Vec<(HouseholdId, Centavos)>> {
        self.conn.query_vec(
            "SELECT c.household_id, CAST(SUM(l.amount_centavos) AS BIGINT) AS owed FROM charges c \
             JOIN ledger_lines l ON l.charge_id = c.id WHERE c.body_id = $1 AND c.due_on <= $2 \
             GROUP BY c.household_id HAVING SUM(l.amount_centavos) > 0 ORDER BY owed DESC, c.household_id",
            &[body.0.into(), day.into()],
            |row| Ok((HouseholdId(row.i64(0)?), Centavos(row.i64(1)?))),
        )
    }

    fn insert_transfer(&mut self, t: &TransferRecord) -> Result<i64> {
        self.conn.insert_returning_id(
            "INSERT INTO ledger_transfers (public_id, from_body_id, to_body_id, kind, period, levy_id, amount, memo, \
             sent_on, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            &[
                t.public_id.into(),
                t.from_body_id.0.into(),
                t.to_body_id.0.into(),
                t.kind.as_str().into(),
                t.period.as_deref().into(),
                t.levy_id.into(),
                t.amount.0.into(),
                t.memo.as_str().into(),
                t.sent_on.into(),
                t.created_at.into(),
            ],
        )
    }

    fn transfer(&mut self, id: i64) -> Result<Option<TransferRecord>> {
        self.conn.query_opt(&format!("{TRANSFER} WHERE t.id = $1"), &[id.into()], transfer_from_row)
    }

    fn transfers_of(&mut self, body: BodyId) -> Result<Vec<TransferRecord>> {
        self.conn.query_vec(
            &format!("{TRANSFER} WHERE t.from_body_id = $1 OR t.to_body_id = $1 ORDER BY t.id DESC"),
            &[body.0.into()],
            transfer_from_row,
        )
    }
}
