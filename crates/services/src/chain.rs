//! The heads of the chains of sealed actas: recorded for the body above when an acta is sealed,
//! checked by verification (against heads kept by the body above and heads given by hand), and
//! the rules that keep a legitimate rename apart from tampering; and closed assemblies whose acta
//! is overdue.

use cabildo_domain::acta::{ChainProblem, FieldChange, SealedActa};
use cabildo_domain::chain::{self, ChainHead, HeadCheck, HeadSource, HeadWitness, Rename};
use cabildo_domain::{Body, BodyEventKind, BodyId, Date, PublicId};
use cabildo_store::{ChainHeadRecord, Repo, UnsealedAssembly};

use crate::registry::Registry;
use crate::{Ctx, Result};

/// A head given by whoever verifies, for one body (`cabildo verify --head CODE=COUNT:HASH`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GivenHead {
    /// The body, by number, public id or code.
    pub body: String,
    pub head: ChainHead,
}

impl std::str::FromStr for GivenHead {
    type Err = cabildo_domain::DomainError;

    /// `BODY=COUNT:HASH`.
    fn from_str(value: &str) -> std::result::Result<Self, Self::Err> {
        let bad = || cabildo_domain::DomainError::BadChainHead { value: value.to_string() };
        let (body, head) = value.split_once('=').ok_or_else(bad)?;
        let body = body.trim();
        if body.is_empty() {
            return Err(bad());
        }
        let head = head.parse::<ChainHead>().map_err(|_| bad())?;
        Ok(GivenHead { body: body.to_string(), head })
    }
}

/// A difference between a sealed acta and the register now that the register explains: a name
/// corrected or a body renamed after sealing. Shown, never counted as tampering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaterChange {
    /// The acta's label.
    pub acta: String,
    /// The acta's key (`body.name`, `attendance.00000012.name`, …).
    pub key: String,
    pub sealed: String,
    pub now: String,
}

impl LaterChange {
    pub(crate) fn from_field(acta: &str, change: FieldChange) -> LaterChange {
        LaterChange {
            acta: acta.to_string(),
            key: change.key,
            sealed: change.sealed.unwrap_or_default(),
            now: change.now.unwrap_or_default(),
        }
    }
}

/// Records, for the body above `body` (its keeper), the head a seal has just made: in the
/// seal's own transaction, so no acta is sealed without its head kept. A body at the top of the
/// tree has no keeper in this database: its head is kept on paper and on its public page.
pub(crate) fn record_head(
    repo: &mut dyn Repo,
    ctx: &Ctx,
    body: &Body,
    head: ChainHead,
    acta_public_id: PublicId,
) -> Result<()> {
    let Some(keeper) = body.parent_id else { return Ok(()) };
    repo.insert_chain_head(&ChainHeadRecord {
        keeper_id: keeper,
        body_id: body.id,
        head,
        acta_public_id,
        source: HeadSource::Seal,
        recorded_by: ctx.actor_name(),
        recorded_at: ctx.now,
    })?;
    Ok(())
}

fn day_of(at: i64) -> Date {
    chrono::DateTime::from_timestamp(at, 0).map_or(Date::MIN, |t| t.date_naive())
}

/// Checks a body's chain against the heads kept by the bodies above and those given by hand.
/// Of the kept heads that the chain no longer holds, the one with the highest count is reported
/// (one finding says the chain is not what its keeper saw; the lower ones add nothing); every
/// given head is checked on its own.
pub(crate) fn head_problems(
    repo: &mut dyn Repo,
    registry: &Registry,
    body: BodyId,
    chain: &[SealedActa],
    given: &[ChainHead],
) -> Result<Vec<ChainProblem>> {
    let label = registry.label(body);
    let problem = |head: &ChainHead, witness: HeadWitness| match chain::check_head(chain, head) {
        HeadCheck::Holds => None,
        HeadCheck::Shorter { found } => {
            Some(ChainProblem::ShorterThanHead { acta: label.clone(), found, head: head.text(), witness })
        }
        HeadCheck::Diverges => Some(ChainProblem::DivergesFromHead { acta: label.clone(), head: head.text(), witness }),
    };
    let mut problems = Vec::new();
    let kept = repo.chain_heads_of(body)?;
    let failing_kept = kept.iter().rev().find_map(|record| {
        let witness = HeadWitness::Kept { keeper: registry.label(record.keeper_id), on: day_of(record.recorded_at) };
        problem(&record.head, witness)
    });
    problems.extend(failing_kept);
    problems.extend(given.iter().filter_map(|head| problem(head, HeadWitness::Given)));
    Ok(problems)
}

/// What the body's history says of the name a sealed acta gives it.
pub(crate) enum NameThen {
    /// The body bore that name when the acta was sealed (and may have been renamed since).
    Borne,
    /// The history records no name change that leads from that name to the name now.
    Unexplained,
}

/// Whether `body` bore `sealed_name` when the acta was sealed at `sealed_at`, by its history of
/// renames. History is kept by day, in the server's local date while `sealed_at` is UTC: the days
/// either side count too.
pub(crate) fn body_name_then(repo: &mut dyn Repo, body: &Body, sealed_name: &str, sealed_at: i64) -> Result<NameThen> {
    if body.name == sealed_name {
        return Ok(NameThen::Borne);
    }
    let renames: Vec<Rename> = repo
        .body_events(body.id)?
        .into_iter()
        .filter_map(|event| match event.kind {
            BodyEventKind::Renamed { from, to } => Some(Rename { on: event.on, from, to }),
            _ => None,
        })
        .collect();
    let day = day_of(sealed_at);
    let days = [day.pred_opt().unwrap_or(day), day, day.succ_opt().unwrap_or(day)];
    let borne = days
        .iter()
        .filter_map(|d| chain::names_on(&body.name, &renames, *d))
        .any(|names| names.iter().any(|n| n == sealed_name));
    Ok(if borne { NameThen::Borne } else { NameThen::Unexplained })
}

/// Closed assemblies of `body` (or of every body) whose acta is overdue at `now`, with the days
/// since each closed.
pub(crate) fn overdue(repo: &mut dyn Repo, body: Option<BodyId>, now: i64) -> Result<Vec<(UnsealedAssembly, i64)>> {
    Ok(repo
        .unsealed_closed_assemblies(body)?
        .into_iter()
        .filter_map(|a| chain::acta_overdue(a.closed_at, now).map(|days| (a, days)))
        .collect())
}
