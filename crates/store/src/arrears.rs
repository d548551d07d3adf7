//! The arrears aggregates in the store contract (a supertrait of [`crate::Repo`], migration 27):
//! what the charges of each body due on each day still owe (`ledger_owed_by_due`) and the due day
//! of each family's oldest charge still owing (`ledger_family_oldest`), so that the arrears of
//! every family below a federation read a few thousand rows instead of millions of charges.
//!
//! **Derived data.** Both tables are kept here, in the store, in the transaction that writes lines
//! or charges: [`crate::LedgerRepo::insert_entry`] and [`crate::LedgerRepo::insert_charges`] call
//! the `keep_arrears_*` methods below, so no use-case (payment, import, reversal, charge run, levy,
//! fines, credit applied) can forget them. [`ArrearsRepo::arrears_drift`] compares them to the
//! live sums of the lines (`cabildo ledger check`).

use std::collections::{BTreeMap, BTreeSet};

use cabildo_domain::ledger::{Centavos, Line};
use cabildo_domain::{BodyId, Date, HouseholdId};

use crate::Result;
use crate::repo::SqlRepo;

/// The arrears of one body on a day: its families owing on charges due by then, and how much.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyArrears {
    pub body_id: BodyId,
    pub families: u64,
    pub owed: Centavos,
}

/// A place where the aggregates disagree with the live sums of the lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArrearsDrift {
    /// What a body's charges due on a day owe: stored, live.
    Owed { body_id: BodyId, due_on: Date, stored: Centavos, live: Centavos },
    /// A family's oldest charge still owing: stored, live (`None`: owing nothing).
    Oldest { body_id: BodyId, household_id: HouseholdId, stored: Option<Date>, live: Option<Date> },
}

/// The arrears aggregates in the store contract.
pub trait ArrearsRepo {
    /// The arrears as of `day` of `root` and of every body below it, at any depth, read from the
    /// aggregates; bodies whose families owe nothing are left out.
    fn arrears_below(&mut self, root: BodyId, day: Date) -> Result<Vec<BodyArrears>>;
    /// Every disagreement between the aggregates and the live sums of the charges' lines (none
    /// when they are right). Reads every charge: a check, not a use-case.
    fn arrears_drift(&mut self) -> Result<Vec<ArrearsDrift>>;
}

impl SqlRepo<'_> {
    /// After an entry's lines are written: adds what its lines naming charges already written
    /// (payments, reversals, credit applied to old charges) to their body's day, and recomputes
    /// the oldest charge owing of the families they belong to. Lines naming charges not yet
    /// written (a charge run's own lines) count when [`Self::keep_arrears_after_charges`] writes
    /// them.
    pub(crate) fn keep_arrears_after_entry(&mut self, entry: i64, lines: &[Line]) -> Result<()> {
        if !lines.iter().any(|l| l.charge.is_some()) {
            return Ok(());
        }
        self.conn.execute(
            "INSERT INTO ledger_owed_by_due (body_id, due_on, owed) \
             SELECT c.body_id, c.due_on, CAST(SUM(l.amount_centavos) AS BIGINT) FROM ledger_lines l \
             JOIN charges c ON c.id = l.charge_id WHERE l.entry_id = $1 GROUP BY c.body_id, c.due_on \
             ON CONFLICT (body_id, due_on) DO UPDATE SET owed = ledger_owed_by_due.owed + excluded.owed",
            &[entry.into()],
        )?;
        let families = self.conn.query_vec(
            "SELECT DISTINCT c.body_id, c.household_id FROM ledger_lines l JOIN charges c ON c.id = l.charge_id \
             WHERE l.entry_id = $1",
            &[entry.into()],
            |row| Ok((BodyId(row.i64(0)?), HouseholdId(row.i64(1)?))),
        )?;
        for (body, household) in families {
            let oldest = self
                .conn
                .query_opt(
                    "SELECT MIN(c.due_on) FROM charges c WHERE c.household_id = $1 AND c.body_id = $2 \
                     AND (SELECT SUM(l.amount_centavos) FROM ledger_lines l WHERE l.charge_id = c.id) > 0",
                    &[household.0.into(), body.0.into()],
                    |row| row.opt_date(0),
                )?
                .flatten();
            match oldest {
                Some(day) => {
                    self.conn.execute(
                        "INSERT INTO ledger_family_oldest (body_id, household_id, oldest_due_on) VALUES ($1, $2, $3) \
                         ON CONFLICT (body_id, household_id) DO UPDATE SET oldest_due_on = excluded.oldest_due_on",
                        &[body.0.into(), household.0.into(), day.into()],
                    )?;
                }
                None => {
                    self.conn.execute(
                        "DELETE FROM ledger_family_oldest WHERE body_id = $1 AND household_id = $2",
                        &[body.0.into(), household.0.into()],
                    )?;
                }
            }
        }
        Ok(())
    }

    /// After an entry's new charges are written: adds what the lines naming them owe (the
    /// charge less any credit applied) to their body's day, and lowers each family's oldest
    /// charge owing to the new ones that still owe — set-based, one statement each.
    pub(crate) fn keep_arrears_after_charges(&mut self, entry: i64, charges: &[crate::NewCharge]) -> Result<()> {
        let (Some(first), Some(last)) = (charges.iter().map(|c| c.id.0).min(), charges.iter().map(|c| c.id.0).max())
        else {
            return Ok(());
        };
        // The ids bound this call's charges: an entry's charges written in one call.
        self.conn.execute(
            "INSERT INTO ledger_owed_by_due (body_id, due_on, owed) \
             SELECT c.body_id, c.due_on, CAST(SUM(l.amount_centavos) AS BIGINT) FROM charges c \
             JOIN ledger_lines l ON l.charge_id = c.id WHERE c.entry_id = $1 AND c.id >= $2 AND c.id <= $3 \
             GROUP BY c.body_id, c.due_on \
             ON CONFLICT (body_id, due_on) DO UPDATE SET owed = ledger_owed_by_due.owed + excluded.owed",
            &[entry.into(), first.into(), last.into()],
        )?;
        self.conn.execute(
            "INSERT INTO ledger_family_oldest (body_id, household_id, oldest_due_on) \
             SELECT c.body_id, c.household_id, MIN(c.due_on) FROM charges c \
             WHERE c.entry_id = $1 AND c.id >= $2 AND c.id <= $3 \
             AND (SELECT SUM(l.amount_centavos) FROM ledger_lines l WHERE l.charge_id = c.id) > 0 \
             GROUP BY c.body_id, c.household_id \
             ON CONFLICT (body_id, household_id) DO UPDATE SET oldest_due_on = CASE \
             WHEN excluded.oldest_due_on < ledger_family_oldest.oldest_due_on THEN excluded.oldest_due_on \
             ELSE ledger_family_oldest.oldest_due_on END",
            &[entry.into(), first.into(), last.into()],
        )?;
        Ok(())
    }
}

impl ArrearsRepo for SqlRepo<'_> {
    fn arrears_below(&mut self, root: BodyId, day: Date) -> Result<Vec<BodyArrears>> {
        const SUBTREE: &str = "WITH RECURSIVE sub(id) AS (SELECT CAST($1 AS BIGINT) UNION ALL \
             SELECT b.id FROM bodies b JOIN sub ON b.parent_id = sub.id) ";
        let owed = self.conn.query_vec(
            &format!(
                "{SUBTREE}SELECT o.body_id, CAST(SUM(o.owed) AS BIGINT) FROM ledger_owed_by_due o \
                 WHERE o.body_id IN (SELECT id FROM sub) AND o.due_on <= $2 GROUP BY o.body_id"
            ),
            &[root.0.into(), day.into()],
            |row| Ok((BodyId(row.i64(0)?), row.i64(1)?)),
        )?;
        let families = self.conn.query_vec(
            &format!(
                "{SUBTREE}SELECT f.body_id, COUNT(*) FROM ledger_family_oldest f \
                 WHERE f.body_id IN (SELECT id FROM sub) AND f.oldest_due_on <= $2 GROUP BY f.body_id"
            ),
            &[root.0.into(), day.into()],
            |row| Ok((BodyId(row.i64(0)?), row.i64(1)?)),
        )?;
        let mut by_body: BTreeMap<BodyId, (u64, i64)> = BTreeMap::new();
        for (body, amount) in owed {
            by_body.entry(body).or_default().1 = amount;
        }
        for (body, count) in families {
            by_body.entry(body).or_default().0 = u64::try_from(count).unwrap_or(0);
        }
        Ok(by_body
            .into_iter()
            .filter(|(_, (families, owed))| *families > 0 || *owed != 0)
            .map(|(body_id, (families, owed))| BodyArrears { body_id, families, owed: Centavos(owed) })
            .collect())
    }

    fn arrears_drift(&mut self) -> Result<Vec<ArrearsDrift>> {
        let mut drift = Vec::new();
        let stored: BTreeMap<(BodyId, Date), i64> = self
            .conn
            .query_vec("SELECT body_id, due_on, owed FROM ledger_owed_by_due WHERE owed <> 0", &[], |row| {
                Ok(((BodyId(row.i64(0)?), row.date(1)?), row.i64(2)?))
            })?
            .into_iter()
            .collect();
        let live: BTreeMap<(BodyId, Date), i64> = self
            .conn
            .query_vec(
                "SELECT c.body_id, c.due_on, CAST(SUM(l.amount_centavos) AS BIGINT) FROM charges c \
                 JOIN ledger_lines l ON l.charge_id = c.id GROUP BY c.body_id, c.due_on \
                 HAVING SUM(l.amount_centavos) <> 0",
                &[],
                |row| Ok(((BodyId(row.i64(0)?), row.date(1)?), row.i64(2)?)),
            )?
            .into_iter()
            .collect();
        let keys: BTreeSet<_> = stored.keys().chain(live.keys()).copied().collect();
        for key in keys {
            let (s, l) = (stored.get(&key).copied().unwrap_or(0), live.get(&key).copied().unwrap_or(0));
            if s != l {
                drift.push(ArrearsDrift::Owed {
                    body_id: key.0,
                    due_on: key.1,
                    stored: Centavos(s),
                    live: Centavos(l),
                });
            }
        }
        let stored: BTreeMap<(BodyId, HouseholdId), Date> = self
            .conn
            .query_vec("SELECT body_id, household_id, oldest_due_on FROM ledger_family_oldest", &[], |row| {
                Ok(((BodyId(row.i64(0)?), HouseholdId(row.i64(1)?)), row.date(2)?))
            })?
            .into_iter()
            .collect();
        let live: BTreeMap<(BodyId, HouseholdId), Date> = self
            .conn
            .query_vec(
                "SELECT o.body_id, o.household_id, MIN(o.due_on) FROM (SELECT c.body_id, c.household_id, c.due_on \
                 FROM charges c JOIN ledger_lines l ON l.charge_id = c.id \
                 GROUP BY c.id, c.body_id, c.household_id, c.due_on HAVING SUM(l.amount_centavos) > 0) o \
                 GROUP BY o.body_id, o.household_id",
                &[],
                |row| Ok(((BodyId(row.i64(0)?), HouseholdId(row.i64(1)?)), row.date(2)?)),
            )?
            .into_iter()
            .collect();
        let keys: BTreeSet<_> = stored.keys().chain(live.keys()).copied().collect();
        for key in keys {
            let (s, l) = (stored.get(&key).copied(), live.get(&key).copied());
            if s != l {
                drift.push(ArrearsDrift::Oldest { body_id: key.0, household_id: key.1, stored: s, live: l });
            }
        }
        Ok(drift)
    }
}
