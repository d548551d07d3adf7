//! The arrears of every family below a body, summed per body in tree order (issue 15, item 8): for
//! a secretario general of a federation or a central's officers, on any day. Counts and amounts
//! per body only — no family's name (families' debts are for their sindicato's officers and the
//! family). Read from the store's arrears aggregates (migration 27), not from the charges; a
//! check compares those aggregates to the live sums.

use cabildo_domain::access::Action;
use cabildo_domain::ledger::Centavos;
use cabildo_domain::{Body, BodyId, Date, Field};
use cabildo_store::{ArrearsDrift, Store};

use super::optional_day;
use crate::registry::Registry;
use crate::{Actor, Ctx, Result, ServiceError};

/// One body of the summary: its own families' arrears and those of its whole sub-tree.
#[derive(Debug, Clone, PartialEq)]
pub struct ArrearsRow {
    pub body: Body,
    /// Levels below the summary's body (0: the body itself).
    pub depth: usize,
    /// Families of this body owing on charges due by the day, and how much.
    pub own_families: u64,
    pub own_owed: Centavos,
    /// The same, summed over the body and every body below it.
    pub families: u64,
    pub owed: Centavos,
}

/// The arrears summary of a body on a day.
#[derive(Debug, Clone, PartialEq)]
pub struct ArrearsBelow {
    pub body: Body,
    pub day: Date,
    /// The body first, then every body below it, parents before children (the tree's order).
    pub rows: Vec<ArrearsRow>,
}

impl ArrearsBelow {
    /// Families in arrears under the body (a family owing two bodies counts in each).
    pub fn total_families(&self) -> u64 {
        self.rows.first().map_or(0, |r| r.families)
    }

    pub fn total_owed(&self) -> Centavos {
        self.rows.first().map_or(Centavos::ZERO, |r| r.owed)
    }
}

/// The arrears of every family below `body` as of `day` ("" for today; "30/11/2026",
/// "2026-11-30"), summed per body. For the body's officers and those above (the right to see its
/// books); a body outside the actor's reach is not found; a day that does not parse is refused.
pub fn arrears_below(store: &Store, ctx: &Ctx, body: &str, day: &str) -> Result<ArrearsBelow> {
    let day = optional_day(Field::Date, day, ctx.today)?;
    store.read(|repo| {
        let registry = Registry::load(repo)?;
        let body = registry.resolve(body)?.clone();
        require_books(&registry, ctx, &body)?;
        let figures = repo.arrears_below(body.id, day)?;
        let own = |id: BodyId| figures.iter().find(|f| f.body_id == id);
        let base = registry.tree.depth(body.id);
        let bodies = registry.subtree(body.id);
        let mut rows: Vec<ArrearsRow> = bodies
            .iter()
            .map(|b| {
                let (families, owed) = own(b.id).map_or((0, Centavos::ZERO), |f| (f.families, f.owed));
                ArrearsRow {
                    body: (*b).clone(),
                    depth: registry.tree.depth(b.id).saturating_sub(base),
                    own_families: families,
                    own_owed: owed,
                    families,
                    owed,
                }
            })
            .collect();
        // Parents come before children: summing from the last row up adds every body to its parent
        // once its own sub-tree is complete.
        let index: std::collections::HashMap<BodyId, usize> =
            rows.iter().enumerate().map(|(i, r)| (r.body.id, i)).collect();
        for i in (1..rows.len()).rev() {
            let Some(&parent) = rows[i].body.parent_id.as_ref().and_then(|p| index.get(p)) else { continue };
            let (families, owed) = (rows[i].families, rows[i].owed);
            rows[parent].families += families;
            rows[parent].owed = Centavos(rows[parent].owed.0 + owed.0);
        }
        Ok(ArrearsBelow { body, day, rows })
    })
}

/// The right to see a body's books; an actor who is not a member of the body (nor above it) is
/// told it is not found, as the ledger's other readings of another federation are.
fn require_books(registry: &Registry, ctx: &Ctx, body: &Body) -> Result<()> {
    if ctx.may(&registry.tree, Action::ViewBooks, body.id) {
        return Ok(());
    }
    if matches!(ctx.actor, Actor::Anonymous) {
        return Err(ServiceError::SignInRequired);
    }
    if ctx.may(&registry.tree, Action::ViewMembers, body.id) {
        return Err(ServiceError::Forbidden { body: body.label() });
    }
    Err(ServiceError::UnknownBody { reference: body.code.clone() })
}

/// Compares the store's arrears aggregates with the live sums of every charge's lines: the
/// disagreements (none when the aggregates are right). A check for the operator (`cabildo ledger
/// check`): it reads every charge.
pub fn check_arrears(store: &Store, ctx: &Ctx) -> Result<Vec<ArrearsDrift>> {
    if !matches!(ctx.actor, Actor::Operator) {
        return Err(ServiceError::Forbidden { body: String::new() });
    }
    store.read(|repo| Ok(repo.arrears_drift()?))
}
