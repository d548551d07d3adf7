//! A crowd that votes by phone (a cabildo abierto): tickets issued in numbered batches that the
//! organisers can print again, the organisers' estimate of the crowd, the motion a ticket votes
//! on now, and the public live screen.
//!
//! Phone voting is offered only where it fits ([`assembly::phone_voting_fits`]): refused here,
//! not only hidden on the pages.

use cabildo_domain::access::Action;
use cabildo_domain::assembly::{self, AssemblyId, AssemblyStatus, MotionId, VoteMethod};
use cabildo_domain::{Body, DomainError, Field};
pub use cabildo_store::TicketBatch;
use cabildo_store::{ActaStatus, MotionStatus, Repo, Store};

use super::{AssemblyRecord, AssemblyView, assembly_record, body_of, code_hash, load, require_status, view_in};
use crate::error::Refusal;
use crate::{Actor, Ctx, Result, ServiceError};

/// Tickets issued in one request. A cabildo of 100,000 takes ten batches; a mistyped count (the
/// "20" typed after a prefilled "100" that made 20,100) stays within a day's printing.
pub const MAX_TICKETS: u64 = 10_000;

/// Above this many tickets in one request, the pages ask for a confirmation first.
pub const CONFIRM_TICKETS_ABOVE: u64 = 500;

/// Tickets on one page of the ticket sheet (8 per printed A4 or letter page: 25 sheets of paper).
pub const SHEET_TICKETS: u64 = 200;

/// The largest crowd the organisers may estimate (more than any country's population).
pub const MAX_CROWD_ESTIMATE: u64 = 100_000_000;

/// Tickets just issued: the serial of the first and the codes, in order.
#[derive(Debug, Clone)]
pub struct IssuedTickets {
    pub first: u64,
    pub codes: Vec<String>,
}

/// A page of an assembly's ticket sheet, for its organisers.
#[derive(Debug, Clone)]
pub struct TicketSheet {
    pub assembly: AssemblyRecord,
    pub body: Body,
    /// Every batch issued (since tickets were numbered), oldest first.
    pub batches: Vec<TicketBatch>,
    /// Tickets issued in all (including any issued before batches were numbered).
    pub issued: u64,
    /// Tickets that voted on at least one motion.
    pub used: u64,
    /// Serial and code of each ticket on this page (empty when no range was asked for).
    pub tickets: Vec<(u64, String)>,
    /// Whether the assembly still accepts new tickets.
    pub may_issue: bool,
}

/// Refused where phone voting does not fit the assembly.
pub(super) fn require_phone_voting(assembly: &AssemblyRecord, body: &Body) -> Result<()> {
    if assembly::phone_voting_fits(assembly.kind, body.composition) {
        Ok(())
    } else {
        Err(Refusal::PhoneVotingNotOffered.into())
    }
}

fn next_serial(batches: &[TicketBatch]) -> u64 {
    batches.iter().map(|b| b.first + b.count).max().unwrap_or(0)
}

/// Issues `n` phone-voting tickets for an assembly as one numbered batch: returns their codes
/// (the database keeps their hashes, and the batch's serials so that the organisers can print them
/// again). Refused where phone voting does not fit, above [`MAX_TICKETS`], and once the assembly
/// is over.
pub fn issue_tickets(store: &Store, ctx: &Ctx, id: AssemblyId, n: u64) -> Result<IssuedTickets> {
    if n == 0 || n > MAX_TICKETS {
        return Err(DomainError::OutOfRange {
            field: Field::Count,
            value: n.to_string(),
            min: "1".into(),
            max: MAX_TICKETS.to_string(),
        }
        .into());
    }
    store.write(|repo| {
        let (assembly, body) = load(repo, ctx, id, Action::RunAssembly)?;
        require_phone_voting(&assembly, &body)?;
        require_status(&assembly, &[AssemblyStatus::Convened, AssemblyStatus::Open])?;
        let key = repo.member_cards_key()?;
        let first = next_serial(&repo.ticket_batches(id)?);
        let codes: Vec<String> = (first..first + n).map(|serial| assembly::ticket_code(&key, id, serial)).collect();
        let hashes = codes
            .iter()
            .map(|c| {
                code_hash(c).ok_or_else(|| ServiceError::Internal(format!("a ticket does not read as a code: {c}")))
            })
            .collect::<Result<Vec<_>>>()?;
        repo.insert_ticket_batch(id, &TicketBatch { first, count: n, issued_at: ctx.now })?;
        repo.insert_tickets(id, &hashes, ctx.now)?;
        ctx.audit(repo, Some(body.id), "assembly.tickets", format!("{id}: {n} from {}", first + 1))?;
        Ok(IssuedTickets { first, codes })
    })
}

/// The ticket sheet of an assembly, for those who run it: the batches issued and, when `from`
/// names a serial, the codes of up to [`SHEET_TICKETS`] tickets from there (tickets are secrets:
/// nobody else sees them).
pub fn ticket_sheet(store: &Store, ctx: &Ctx, id: AssemblyId, from: Option<u64>) -> Result<TicketSheet> {
    store.read(|repo| {
        let (assembly, body) = load(repo, ctx, id, Action::RunAssembly)?;
        require_phone_voting(&assembly, &body)?;
        let batches = repo.ticket_batches(id)?;
        let mut tickets = Vec::new();
        if let Some(from) = from {
            let end = from.saturating_add(SHEET_TICKETS);
            let key = repo.member_cards_key()?;
            for batch in &batches {
                let lo = batch.first.max(from);
                let hi = (batch.first + batch.count).min(end);
                tickets.extend((lo..hi).map(|serial| (serial, assembly::ticket_code(&key, id, serial))));
            }
        }
        let may_issue = matches!(assembly.status, AssemblyStatus::Convened | AssemblyStatus::Open);
        Ok(TicketSheet {
            issued: repo.count_tickets(id)?,
            used: repo.tickets_used(id)?,
            assembly,
            body,
            batches,
            tickets,
            may_issue,
        })
    })
}

/// Records the organisers' estimate of the crowd (`None` removes it), until the acta is sealed.
pub fn set_crowd_estimate(store: &Store, ctx: &Ctx, id: AssemblyId, estimate: Option<u64>) -> Result<()> {
    if let Some(n) = estimate.filter(|n| *n > MAX_CROWD_ESTIMATE) {
        return Err(DomainError::OutOfRange {
            field: Field::CrowdEstimate,
            value: n.to_string(),
            min: "0".into(),
            max: MAX_CROWD_ESTIMATE.to_string(),
        }
        .into());
    }
    store.write(|repo| {
        let (assembly, body) = load(repo, ctx, id, Action::RunAssembly)?;
        require_phone_voting(&assembly, &body)?;
        if assembly.status == AssemblyStatus::Cancelled {
            return Err(Refusal::AssemblyFinished { status: assembly.status.code().into() }.into());
        }
        if repo.acta_of(id)?.is_some_and(|a| a.status == ActaStatus::Sealed) {
            return Err(Refusal::ActaSealed.into());
        }
        repo.set_crowd_estimate(id, estimate)?;
        let said = estimate.map_or_else(|| "none".to_string(), |n| n.to_string());
        ctx.audit(repo, Some(body.id), "assembly.crowd_estimate", format!("{id}: {said}"))?;
        Ok(())
    })
}

/// Where a ticket's address leads: the assembly, and the motion voted by phone now, if any.
#[derive(Debug, Clone)]
pub struct PhoneTarget {
    pub assembly: String,
    pub body: String,
    pub motion: Option<MotionId>,
}

/// The motion of the assembly being voted by phone now, if any: what a ticket's address leads to.
/// Anonymous, like the phone page itself (it shows nothing more than that page does).
pub fn phone_motion(store: &Store, id: AssemblyId) -> Result<PhoneTarget> {
    store.read(|repo| {
        let assembly = assembly_record(repo, id)?;
        let body = body_of(repo, assembly.body_id)?;
        let motion = repo
            .motions(id)?
            .into_iter()
            .find(|m| m.status == MotionStatus::Voting && m.method == Some(VoteMethod::Phone))
            .map(|m| m.id);
        Ok(PhoneTarget { assembly: assembly.title, body: body.name, motion })
    })
}

/// The live view of an assembly. Whoever may see the body gets its usual view; anyone else,
/// signed in or not, gets the public one where phone voting fits (a crowd with tickets watches
/// the projector and its phones): titles and totals, with no attendance, no fines, no acta, no
/// proposer and no roll call. Elsewhere the usual refusal stands.
pub fn live_view(store: &Store, ctx: &Ctx, id: AssemblyId) -> Result<AssemblyView> {
    store.read(|repo| match view_in(repo, ctx, id) {
        Ok(v) => Ok(v),
        Err(e @ (ServiceError::Forbidden { .. } | ServiceError::SignInRequired)) => {
            let assembly = assembly_record(repo, id)?;
            let body = body_of(repo, assembly.body_id)?;
            if !assembly::phone_voting_fits(assembly.kind, body.composition) {
                return Err(e);
            }
            let system = Ctx { actor: Actor::Operator, now: ctx.now, today: ctx.today };
            Ok(public_view(view_in(repo, &system, id)?))
        }
        Err(e) => Err(e),
    })
}

/// What the public live screen may show of a view: titles, counts and the names of the candidates
/// on the ballot (which the phone page shows anyone holding a ticket); nobody else's name.
pub(super) fn public_view(mut v: AssemblyView) -> AssemblyView {
    v.attendance = None;
    v.fines = None;
    v.acta = None;
    v.may_run = false;
    v.sees_members = false;
    for m in &mut v.motions {
        m.roll_call.clear();
        m.motion.proposer.clear();
    }
    v
}

/// Participation where nobody keeps a register: tickets used and the organisers' estimate.
pub(super) fn participation(repo: &mut dyn Repo, id: AssemblyId) -> Result<(u64, Option<u64>)> {
    Ok((repo.tickets_used(id)?, repo.crowd_estimate(id)?))
}
