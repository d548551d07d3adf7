//! Mandates (issue 14, item 2): a base's assembly gives its delegates a mandate on an agenda item
//! of a congress or ampliado of a body above it — for, against, abstain, or for a named option or
//! candidate — by adopting a motion linked to the item, like a consulta's answer: adopting it
//! records the mandate with its resolution in the same transaction (`close_vote` calls
//! [`after_adoption`]). Whoever runs the higher assembly places its motions under their items
//! ([`place_motion`]); when a roll call on such a motion closes, each delegation's votes
//! (attendance `represents_id`) are compared with its base's mandate in [`report`], computed from
//! the records each time, never stored.
//!
//! One mandate per base and item: a second is refused (`mandate_already_given`) whether it comes
//! from the same assembly or a later one. A base that changes its mind does so before the mandate
//! is adopted; once adopted it stands, and the base's page shows how it was kept.

mod refusal;
pub mod report;

use cabildo_domain::access::Action;
use cabildo_domain::assembly::{AssemblyId, AssemblyKind, AssemblyStatus, BallotOption, MotionId, MotionKind, Outcome};
use cabildo_domain::mandate::{Ballot, Mandate, Position};
use cabildo_domain::{Body, BodyId};
use cabildo_store::{
    AgendaItemRecord, AssemblyRecord, MandateMotion, MotionRecord, MotionStatus, NewMandate, NewMotion, Repo,
    ResolutionRecord, Store, StoreError,
};

pub use refusal::{MandateRefusal, MandateRefusalKind};
pub use report::{
    AssemblyMandates, BaseMandates, Check, DelegateVote, Deviation, MandateReport, VoteCheck, for_assembly, for_base,
    public_deviations,
};

use crate::assembly::{body_and_ancestors, load, motion_record, require_status};
use crate::{Ctx, Result, ServiceError};

/// What a base's secretary chooses to put a mandate to the base's assembly.
#[derive(Debug, Clone, Default)]
pub struct MandateForm {
    /// The higher assembly's number.
    pub assembly: String,
    /// The item's number on its agenda (from 1).
    pub item: String,
    /// `for`, `against`, `abstain` or `option`.
    pub position: String,
    /// The option's or candidate's name, for `option`.
    pub option: String,
    /// The motion's text as the assembly reads it, in the secretary's language (empty: the
    /// item's title).
    pub text: String,
}

/// A congress or ampliado of a body above a base, with its items: where the base may give
/// mandates.
#[derive(Debug, Clone)]
pub struct Target {
    pub assembly: AssemblyRecord,
    pub body: Body,
    pub items: Vec<AgendaItemRecord>,
}

/// The higher assemblies a base's assembly may give mandates on: the congresses and ampliados of
/// every body above it, convened or in session. For the form; the actor runs the base's assembly.
pub fn targets(store: &Store, ctx: &Ctx, base_assembly: AssemblyId) -> Result<Vec<Target>> {
    store.read(|repo| {
        let (_, base) = load(repo, ctx, base_assembly, Action::RunAssembly)?;
        let mut out = Vec::new();
        for body in body_and_ancestors(repo, &base)?.into_iter().skip(1) {
            for assembly in repo.assemblies(body.id, 50)? {
                let takes = matches!(assembly.kind, AssemblyKind::Congreso | AssemblyKind::Ampliado)
                    && matches!(assembly.status, AssemblyStatus::Convened | AssemblyStatus::Open);
                if takes {
                    let items = repo.agenda_items(assembly.id)?;
                    out.push(Target { assembly, body: body.clone(), items });
                }
            }
        }
        Ok(out)
    })
}

/// The higher assembly and item a form names, checked for the base `body`: the assembly exists,
/// is of a body above the base, is a congress or ampliado, has not finished, and has the item.
fn target(repo: &mut dyn Repo, body: &Body, assembly: &str, item: &str) -> Result<(AssemblyRecord, AgendaItemRecord)> {
    let unknown =
        || MandateRefusal::UnknownItem { assembly: assembly.trim().to_string(), item: item.trim().to_string() };
    let id = assembly.trim().parse::<i64>().map_err(|_| unknown())?;
    let position = item.trim().parse::<i64>().map_err(|_| unknown())?;
    let higher = repo.assembly(AssemblyId(id))?.ok_or_else(unknown)?;
    let above: Vec<BodyId> = body_and_ancestors(repo, body)?.iter().skip(1).map(|b| b.id).collect();
    if !above.contains(&higher.body_id) {
        // Said without the other assembly's title: an id outside the base's line tells nothing.
        return Err(MandateRefusal::NotAncestor { assembly: id.to_string(), body: body.label() }.into());
    }
    if !matches!(higher.kind, AssemblyKind::Congreso | AssemblyKind::Ampliado) {
        return Err(MandateRefusal::NotDelegatesAssembly { kind: higher.kind.code().into() }.into());
    }
    if matches!(higher.status, AssemblyStatus::Closed | AssemblyStatus::Cancelled) {
        return Err(MandateRefusal::HigherFinished { assembly: higher.title.clone() }.into());
    }
    let item = repo.agenda_items(higher.id)?.into_iter().find(|i| i.position == position).ok_or_else(unknown)?;
    Ok((higher, item))
}

/// Whether a base may still be given a mandate on an item: the higher assembly has not finished,
/// the base has none on the item yet, and no vote under the item has opened.
fn check_open(repo: &mut dyn Repo, body: &Body, higher: &AssemblyRecord, item: &AgendaItemRecord) -> Result<()> {
    if matches!(higher.status, AssemblyStatus::Closed | AssemblyStatus::Cancelled) {
        return Err(MandateRefusal::HigherFinished { assembly: higher.title.clone() }.into());
    }
    if let Some(given) = repo.mandate_of(body.id, item.id)? {
        return Err(MandateRefusal::AlreadyGiven {
            body: body.label(),
            item: item.title.clone(),
            resolution: format!("{}/{}", given.resolution_number, given.resolution_year),
        }
        .into());
    }
    for motion in repo.item_motions(item.id)? {
        let motion = motion_record(repo, motion)?;
        if motion.status != MotionStatus::Pending && !never_voted(&motion) {
            return Err(MandateRefusal::ItemVoted { item: item.title.clone() }.into());
        }
    }
    Ok(())
}

/// Whether a motion was settled without a vote (withdrawn, or no quorum to vote it): it tells
/// nothing of a mandate.
pub(crate) fn never_voted(motion: &MotionRecord) -> bool {
    matches!(motion.outcome, Some(Outcome::Withdrawn | Outcome::NoQuorum))
}

/// What a motion offers its voters, for the comparison: a choice's options (an election's
/// candidates, a consulta's options) with their codes, or a plain motion.
pub(crate) fn ballot(repo: &mut dyn Repo, motion: &MotionRecord) -> Result<Ballot> {
    if motion.kind == MotionKind::Election {
        let candidates = repo.candidates(motion.id)?;
        return Ok(Ballot::Choice(
            candidates.into_iter().map(|c| (BallotOption::Candidate(c.id).code(), c.name.display())).collect(),
        ));
    }
    match crate::consulta::answering(repo, motion.id)?.filter(|a| a.is_choice()) {
        Some(a) => Ok(Ballot::Choice(
            a.options.into_iter().map(|o| (BallotOption::ConsultaOption(o.id.0).code(), o.label)).collect(),
        )),
        None => Ok(Ballot::Motion),
    }
}

/// A mandate for an option must name one the item offers: an option of a choice or a candidate
/// of an election placed under it. An item with none yet offers none.
fn check_option(repo: &mut dyn Repo, mandate: &Mandate, item: &AgendaItemRecord) -> Result<()> {
    let Some(name) = mandate.option.as_deref().filter(|_| mandate.position == Position::Option) else {
        return Ok(());
    };
    let mut offered = Vec::new();
    for id in repo.item_motions(item.id)? {
        let motion = motion_record(repo, id)?;
        if let Ballot::Choice(options) = ballot(repo, &motion)? {
            offered.extend(options.into_iter().map(|(_, label)| label));
        }
    }
    if cabildo_domain::mandate::offers(&offered, name) {
        return Ok(());
    }
    Err(MandateRefusal::OptionNotOnItem {
        option: name.to_string(),
        item: item.title.clone(),
        options: offered.join(", "),
    }
    .into())
}

/// Puts a mandate to a base's assembly in session, as a motion linked to an item of a congress
/// or ampliado of a body above it: adopting the motion gives the mandate. Refused when the item
/// does not exist or is not an ancestor's, the higher assembly finished, the base already gave a
/// mandate on the item or has one on this agenda, the item was voted, or the option is not on it.
pub fn put_on_agenda(store: &Store, ctx: &Ctx, base_assembly: AssemblyId, form: &MandateForm) -> Result<MotionRecord> {
    let mandate = Mandate::read(&form.position, &form.option)?;
    store.write(|repo| {
        let (assembly, body) = load(repo, ctx, base_assembly, Action::RunAssembly)?;
        require_status(&assembly, &[AssemblyStatus::Open])?;
        let (higher, item) = target(repo, &body, &form.assembly, &form.item)?;
        check_open(repo, &body, &higher, &item)?;
        check_option(repo, &mandate, &item)?;
        for m in repo.motions(assembly.id)? {
            let pending = m.status != MotionStatus::Decided;
            if pending && repo.mandate_motion(m.id)?.is_some_and(|l| l.agenda_item_id == item.id) {
                return Err(MandateRefusal::AlreadyOnAgenda { number: m.number }.into());
            }
        }
        let higher_body = repo
            .body(higher.body_id)?
            .ok_or_else(|| ServiceError::UnknownBody { reference: higher.body_id.to_string() })?;
        let title: String = format!("{} — {}", higher.title, item.title).chars().take(200).collect();
        let text = if form.text.trim().is_empty() { item.title.clone() } else { form.text.trim().to_string() };
        let new = NewMotion::motion(assembly.id, title, text, higher_body.label());
        let motion = repo.insert_motion(&new, ctx.minter()?.mint()?)?;
        repo.insert_mandate_motion(&MandateMotion {
            motion_id: motion,
            body_id: body.id,
            agenda_item_id: item.id,
            mandate: mandate.clone(),
        })?;
        let created = motion_record(repo, motion)?;
        ctx.audit(repo, Some(body.id), "motion.create", format!("{motion}: {}", created.title))?;
        ctx.audit(repo, Some(body.id), "mandate.agenda", format!("{motion}: {}", item.title))?;
        motion_record(repo, motion)
    })
}

/// Checks again, when a mandate's motion is put to the vote, that the mandate may still be
/// given. Called by `open_vote`.
pub(crate) fn before_vote(repo: &mut dyn Repo, motion: &MotionRecord) -> Result<()> {
    let Some(link) = repo.mandate_motion(motion.id)? else { return Ok(()) };
    let (body, higher, item) = linked(repo, &link)?;
    check_open(repo, &body, &higher, &item)
}

fn linked(repo: &mut dyn Repo, link: &MandateMotion) -> Result<(Body, AssemblyRecord, AgendaItemRecord)> {
    let body =
        repo.body(link.body_id)?.ok_or_else(|| StoreError::missing("mandate_motions.body_id", link.motion_id.0))?;
    let item = repo
        .agenda_item(link.agenda_item_id)?
        .ok_or_else(|| StoreError::missing("mandate_motions.agenda_item_id", link.motion_id.0))?;
    let higher =
        repo.assembly(item.assembly_id)?.ok_or_else(|| StoreError::missing("agenda_items.assembly_id", item.id))?;
    Ok((body, higher, item))
}

/// Records the mandate of an adopted motion with the resolution it became, in the closing
/// transaction (`close_vote`). If meanwhile the higher assembly finished, the item was voted or
/// another assembly of the base gave a mandate on it, the close is refused and nothing changes.
pub(crate) fn after_adoption(
    repo: &mut dyn Repo,
    ctx: &Ctx,
    motion: &MotionRecord,
    resolution: &ResolutionRecord,
) -> Result<()> {
    let Some(link) = repo.mandate_motion(motion.id)? else { return Ok(()) };
    let (body, higher, item) = linked(repo, &link)?;
    check_open(repo, &body, &higher, &item)?;
    repo.insert_mandate(&NewMandate {
        body_id: body.id,
        agenda_item_id: item.id,
        mandate: link.mandate.clone(),
        motion_id: motion.id,
        resolution_id: resolution.id,
        given_at: ctx.now,
    })?;
    ctx.audit(repo, Some(body.id), "mandate.give", format!("{}: {}", motion.id, item.title))
}

/// Places a motion of a congress or ampliado under one of its agenda items, before its vote
/// opens: the mandates given on the item then apply to it. Once only.
pub fn place_motion(
    store: &Store,
    ctx: &Ctx,
    assembly: AssemblyId,
    motion: MotionId,
    item: &str,
) -> Result<MotionRecord> {
    store.write(|repo| {
        let motion = motion_record(repo, motion)?;
        if motion.assembly_id != assembly {
            return Err(crate::Refusal::UnknownMotion { id: motion.id.0 }.into());
        }
        let (assembly, body) = load(repo, ctx, motion.assembly_id, Action::RunAssembly)?;
        require_status(&assembly, &[AssemblyStatus::Open])?;
        if motion.status != MotionStatus::Pending {
            return Err(MandateRefusal::MotionNotPending { number: motion.number }.into());
        }
        let unknown = || MandateRefusal::UnknownItem { assembly: assembly.id.0.to_string(), item: item.trim().into() };
        let position = item.trim().parse::<i64>().map_err(|_| unknown())?;
        let found = repo.agenda_items(assembly.id)?.into_iter().find(|i| i.position == position).ok_or_else(unknown)?;
        if let Some(placed) = repo.motion_item(motion.id)? {
            let title = repo.agenda_item(placed)?.map_or_else(|| placed.to_string(), |i| i.title);
            return Err(MandateRefusal::MotionPlaced { number: motion.number, item: title }.into());
        }
        repo.insert_motion_item(motion.id, found.id)?;
        ctx.audit(repo, Some(body.id), "mandate.place", format!("{}: {}", motion.id, found.title))?;
        Ok(motion)
    })
}

/// The agenda items of an assembly with the motions placed under each: for the assembly's page.
pub fn items(store: &Store, ctx: &Ctx, assembly: AssemblyId) -> Result<Vec<(AgendaItemRecord, Vec<MotionId>)>> {
    store.read(|repo| {
        let (assembly, _) = load(repo, ctx, assembly, Action::ViewBody)?;
        let mut out = Vec::new();
        for item in repo.agenda_items(assembly.id)? {
            let motions = repo.item_motions(item.id)?;
            out.push((item, motions));
        }
        Ok(out)
    })
}

/// The mandate a motion of a base's assembly would give, if it is one: for the motion's page.
pub fn motion_mandate(
    store: &Store,
    ctx: &Ctx,
    motion: MotionId,
) -> Result<Option<(MandateMotion, AssemblyRecord, AgendaItemRecord)>> {
    store.read(|repo| {
        let record = motion_record(repo, motion)?;
        load(repo, ctx, record.assembly_id, Action::ViewBody)?;
        let Some(link) = repo.mandate_motion(motion)? else { return Ok(None) };
        let (_, higher, item) = linked(repo, &link)?;
        Ok(Some((link, higher, item)))
    })
}
