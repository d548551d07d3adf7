//! Petitions up the tree (solicitudes) to an outside authority. An officer of a base raises one
//! of its resolutions to its parent body — never past it ([`cabildo_domain::petition::next_level`]);
//! the parent sees it in its inbox and decides in its own assembly, by a motion linked to the
//! petition whose adoption acts in the same transaction: it endorses it (the petition rises one
//! level further), returns it with reasons (the base sees them), merges it with others of its
//! inbox into a list of demands (pliego) that rises as one, or addresses it to an authority it
//! keeps as a contact, with a numbered letter (oficio). The authority's replies — a meeting date,
//! a partial or full answer, a refusal — are recorded by the addressing body; silence past the
//! deadline it set is computed ("overdue"), never stored. A meeting can be turned into the
//! convocatoria of the delegation's assembly. Everything is visible to every body on the path,
//! down to the base that started it.

mod view;

pub use view::*;

use cabildo_domain::access::Action;
use cabildo_domain::assembly::{AssemblyId, AssemblyStatus};
use cabildo_domain::petition::{self, LevelProblem, PetitionAction, ReplyKind, StepAction};
pub use cabildo_domain::petition::{AuthorityId, PetitionId, PetitionKind, PetitionStatus, Standing};
use cabildo_domain::{Body, BodyId, Date, Field, Message, PublicId, text};
use cabildo_store::{
    AssemblyRecord, MotionKind, MotionRecord, NewMotion, NewPetition, Repo, ResolutionRecord, Store, StoreError,
};
pub use cabildo_store::{AuthorityRecord, InboxFilter, PetitionMotion, PetitionRecord, ReplyRecord, StepRecord};

use crate::error::Refusal;
use crate::registry::Registry;
use crate::{Ctx, Result, ServiceError};

/// The longest reasons, reply or pliego title a petition takes.
pub const MAX_TEXT: usize = 4000;
/// The longest title a motion takes (the assemblies' own limit).
const MOTION_TITLE_MAX: usize = 200;

/// What petitions refuse. [`PetitionRefusalKind`] lists the variants.
#[derive(Debug, Clone, PartialEq, thiserror::Error, strum::EnumDiscriminants)]
#[strum_discriminants(name(PetitionRefusalKind), derive(strum::EnumIter))]
pub enum PetitionRefusal {
    #[error("no petition {reference}")]
    UnknownPetition { reference: String },
    #[error("no authority {reference} among the contacts of {body}")]
    UnknownAuthority { reference: String, body: String },
    #[error(
        "{target} is not the body right above {body}: a petition goes to its parent, {parent}, without skipping a level"
    )]
    SkipsLevel { target: String, body: String, parent: String },
    #[error("{body} has no body above it to raise a petition to")]
    NoParent { body: String },
    #[error("resolution {resolution} is of {owner}, not of {body}: a body raises only its own resolutions")]
    NotOwnResolution { resolution: String, owner: String, body: String },
    #[error("resolution {resolution} was already raised as petition {petition}")]
    AlreadyRaised { resolution: String, petition: String },
    #[error("the petition is in the inbox of {holder}, not of {body}: only its holder decides on it")]
    NotHolder { holder: String, body: String },
    #[error("the petition is no longer waiting (it is {status}): nothing more to decide")]
    NotWaiting { status: String },
    #[error("the petition was never sent to an authority: there is no reply to record")]
    NotSent,
    #[error("a returned petition needs the reasons its base will read")]
    ReasonsRequired,
    #[error("a pliego merges this petition with at least one other of the same inbox")]
    NothingToMerge,
    #[error("a meeting reply needs the meeting's date and time")]
    MeetingRequired,
    #[error("this reply is not a meeting date, or its delegation was already convened")]
    NoMeetingToConvene,
}

impl PetitionRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            PetitionRefusal::UnknownPetition { .. } => "unknown_petition",
            PetitionRefusal::UnknownAuthority { .. } => "unknown_authority",
            PetitionRefusal::SkipsLevel { .. } => "petition_skips_level",
            PetitionRefusal::NoParent { .. } => "petition_no_parent",
            PetitionRefusal::NotOwnResolution { .. } => "petition_not_own_resolution",
            PetitionRefusal::AlreadyRaised { .. } => "petition_already_raised",
            PetitionRefusal::NotHolder { .. } => "petition_not_holder",
            PetitionRefusal::NotWaiting { .. } => "petition_not_waiting",
            PetitionRefusal::NotSent => "petition_not_sent",
            PetitionRefusal::ReasonsRequired => "petition_reasons_required",
            PetitionRefusal::NothingToMerge => "petition_nothing_to_merge",
            PetitionRefusal::MeetingRequired => "petition_meeting_required",
            PetitionRefusal::NoMeetingToConvene => "petition_no_meeting_to_convene",
        }
    }

    /// Whether the refusal means "there is no such thing" (HTTP 404) rather than "not so".
    pub fn is_not_found(&self) -> bool {
        matches!(self, PetitionRefusal::UnknownPetition { .. } | PetitionRefusal::UnknownAuthority { .. })
    }

    pub fn message(&self) -> Message {
        let m = Message::new(self.code());
        match self {
            PetitionRefusal::UnknownPetition { reference } => m.arg("reference", reference),
            PetitionRefusal::UnknownAuthority { reference, body } => m.arg("reference", reference).arg("body", body),
            PetitionRefusal::SkipsLevel { target, body, parent } => {
                m.arg("target", target).arg("body", body).arg("parent", parent)
            }
            PetitionRefusal::NoParent { body } => m.arg("body", body),
            PetitionRefusal::NotOwnResolution { resolution, owner, body } => {
                m.arg("resolution", resolution).arg("owner", owner).arg("body", body)
            }
            PetitionRefusal::AlreadyRaised { resolution, petition } => {
                m.arg("resolution", resolution).arg("petition", petition)
            }
            PetitionRefusal::NotHolder { holder, body } => m.arg("holder", holder).arg("body", body),
            PetitionRefusal::NotWaiting { status } => m.arg("status", status),
            PetitionRefusal::NotSent
            | PetitionRefusal::ReasonsRequired
            | PetitionRefusal::NothingToMerge
            | PetitionRefusal::MeetingRequired
            | PetitionRefusal::NoMeetingToConvene => m,
        }
    }
}

/// "3/2026".
pub fn resolution_number(r: &ResolutionRecord) -> String {
    format!("{}/{}", r.number, r.year)
}

fn optional_date(field: Field, value: &str) -> Result<Option<Date>> {
    match value.trim() {
        "" => Ok(None),
        value => Ok(Some(cabildo_domain::padron::parse_date(field, value)?)),
    }
}

/// Finds a petition by its number or public id. A petition the actor may not see — none of the
/// bodies on its path is within their reach — is not found, as one that does not exist.
pub(crate) fn resolve_petition(
    repo: &mut dyn Repo,
    ctx: &Ctx,
    registry: &Registry,
    reference: &str,
) -> Result<PetitionRecord> {
    let reference = reference.trim();
    let found = match (reference.parse::<i64>(), PublicId::parse(reference)) {
        (Ok(id), _) => repo.petition(PetitionId(id))?,
        (_, Ok(public_id)) => repo.petition_by_public_id(public_id)?,
        _ => None,
    };
    let unknown = || ServiceError::from(PetitionRefusal::UnknownPetition { reference: reference.to_string() });
    let record = found.ok_or_else(unknown)?;
    let bodies = path_bodies(repo, &record)?;
    if !bodies.iter().any(|b| ctx.may(&registry.tree, Action::ViewBody, *b)) {
        return Err(unknown());
    }
    Ok(record)
}

/// Every body on a petition's path: its origin, its holder, every body that acted or received it
/// — and for a pliego those of the petitions merged into it; for a merged petition, its pliego's.
pub(crate) fn path_bodies(repo: &mut dyn Repo, record: &PetitionRecord) -> Result<Vec<BodyId>> {
    let mut out = vec![record.origin_body_id, record.holder_body_id];
    let add_steps = |repo: &mut dyn Repo, id: PetitionId, out: &mut Vec<BodyId>| -> Result<()> {
        for s in repo.petition_steps(id)? {
            out.push(s.body_id);
            out.extend(s.to_body_id);
        }
        Ok(())
    };
    add_steps(repo, record.id, &mut out)?;
    if record.kind == PetitionKind::Pliego {
        for member in repo.petitions_merged_into(record.id)? {
            out.push(member.origin_body_id);
            add_steps(repo, member.id, &mut out)?;
        }
    }
    if let Some(pliego) = record.merged_into.map(|p| repo.petition(p)).transpose()?.flatten() {
        out.push(pliego.holder_body_id);
        add_steps(repo, pliego.id, &mut out)?;
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// What an officer types to raise a petition.
#[derive(Debug, Clone, Default)]
pub struct RaiseForm {
    /// The body's resolution: its number on this instance, its public id, or "3/2026".
    pub resolution: String,
    /// The body it goes to (number, public id or code); empty: the parent. Anything but the
    /// parent is refused.
    pub to: String,
    /// The date by which the parent is asked to decide (`2026-12-15` or `15/12/2026`); empty: none.
    pub answer_by: String,
}

/// The body's own resolution a petition raises (see [`crate::instructions::own_resolution`]).
fn own_resolution(
    repo: &mut dyn Repo,
    ctx: &Ctx,
    registry: &Registry,
    body: &Body,
    reference: &str,
) -> Result<ResolutionRecord> {
    crate::instructions::own_resolution(repo, ctx, registry, body, reference)?.map_err(|other| {
        PetitionRefusal::NotOwnResolution {
            resolution: resolution_number(&other),
            owner: registry.label(other.body_id),
            body: body.label(),
        }
        .into()
    })
}

/// Raises one of `body`'s resolutions as a petition to its parent body. The actor must run the
/// body's assemblies; a petition to any body but the parent is refused (it would skip a level).
/// One transaction: refused, nothing is raised.
pub fn raise(store: &Store, ctx: &Ctx, body: &str, form: &RaiseForm) -> Result<PetitionRecord> {
    let answer_by = optional_date(Field::Deadline, &form.answer_by)?;
    store.write(|repo| {
        let registry = Registry::load(repo)?;
        let origin = registry.resolve(body)?.clone();
        registry.require(ctx, Action::RunAssembly, origin.id)?;
        if !origin.is_open() {
            return Err(ServiceError::BodyClosed { body: origin.label() });
        }
        let resolution = own_resolution(repo, ctx, &registry, &origin, &form.resolution)?;
        let to = match form.to.trim() {
            "" => None,
            reference => Some(registry.resolve(reference)?.id),
        };
        let parent = petition::next_level(&registry.tree, origin.id, to).map_err(|problem| match problem {
            LevelProblem::NoParent => PetitionRefusal::NoParent { body: origin.label() },
            LevelProblem::SkipsLevel => PetitionRefusal::SkipsLevel {
                target: to.map(|t| registry.label(t)).unwrap_or_default(),
                body: origin.label(),
                parent: origin.parent_id.map(|p| registry.label(p)).unwrap_or_default(),
            },
        })?;
        if let Some(first) = repo
            .petitions_touching(origin.id, 10_000)?
            .into_iter()
            .find(|p| p.resolution_id == resolution.id && p.kind == PetitionKind::Petition)
        {
            return Err(PetitionRefusal::AlreadyRaised {
                resolution: resolution_number(&resolution),
                petition: first.id.to_string(),
            }
            .into());
        }
        let id = repo.insert_petition(
            &NewPetition {
                kind: PetitionKind::Petition,
                origin_body_id: origin.id,
                resolution_id: resolution.id,
                title: resolution.title.clone(),
                holder_body_id: parent,
                answer_by,
                raised_at: ctx.now,
            },
            ctx.minter()?.mint()?,
        )?;
        repo.insert_petition_step(&StepRecord {
            petition_id: id,
            action: StepAction::Raised,
            body_id: origin.id,
            to_body_id: Some(parent),
            resolution_id: Some(resolution.id),
            reasons: String::new(),
            at: ctx.now,
            actor: ctx.actor_name(),
        })?;
        ctx.audit(
            repo,
            Some(origin.id),
            "petition.raise",
            format!("{id}: {} → {}", resolution.title, registry.label(parent)),
        )?;
        repo.petition(id)?.ok_or_else(|| ServiceError::Internal("a new petition was not found".into()))
    })
}

/// What an officer types to keep an authority as a contact: the institution, the office
/// addressed (not the person), an address.
#[derive(Debug, Clone, Default)]
pub struct AuthorityForm {
    pub name: String,
    pub office: String,
    pub address: String,
}

/// Adds an outside authority to `body`'s contacts. The actor must run the body's assemblies.
pub fn add_authority(store: &Store, ctx: &Ctx, body: &str, form: &AuthorityForm) -> Result<AuthorityRecord> {
    let name = petition::read_contact(Field::AuthorityName, &form.name)?;
    let office = petition::read_contact(Field::OfficeTitle, &form.office)?;
    let address = petition::read_contact(Field::Address, &form.address)?;
    store.write(|repo| {
        let registry = Registry::load(repo)?;
        let body = registry.resolve(body)?.clone();
        registry.require(ctx, Action::RunAssembly, body.id)?;
        let mut record = AuthorityRecord {
            id: AuthorityId(0),
            public_id: ctx.minter()?.mint()?,
            body_id: body.id,
            name,
            office,
            address,
            created_at: ctx.now,
        };
        record.id = repo.insert_authority(&record)?;
        ctx.audit(repo, Some(body.id), "petition.authority", format!("{}: {}", record.id, record.name))?;
        Ok(record)
    })
}

/// A body's authorities, and whether the viewer may add one.
pub struct Authorities {
    pub body: Body,
    pub list: Vec<AuthorityRecord>,
    pub may_add: bool,
}

/// A body's authorities, for whoever may see the body.
pub fn authorities(store: &Store, ctx: &Ctx, body: &str) -> Result<Authorities> {
    store.read(|repo| {
        let registry = Registry::load(repo)?;
        let body = registry.resolve(body)?.clone();
        registry.require(ctx, Action::ViewBody, body.id)?;
        let list = repo.authorities(body.id)?;
        let may_add = ctx.may(&registry.tree, Action::RunAssembly, body.id);
        Ok(Authorities { body, list, may_add })
    })
}

/// What an officer of the holder chooses to put before its assembly.
#[derive(Debug, Clone, Default)]
pub struct ProposeForm {
    /// `endorse`, `return`, `merge` or `address`.
    pub action: String,
    /// The motion's title as the assembly reads it; empty: the petition's title.
    pub title: String,
    /// Why it is returned (required then); for a merge, the pliego's title (required then).
    pub reasons: String,
    /// For a merge: the other petitions of the inbox (numbers or public ids, separated by commas
    /// or spaces).
    pub others: String,
    /// For an address: the authority (its number among the body's contacts).
    pub authority: String,
    /// For an address: the last day for a reply; empty: no deadline.
    pub reply_by: String,
}

/// Refuses unless `record` waits in the inbox of `body`.
fn require_waiting_at(registry: &Registry, record: &PetitionRecord, body: &Body) -> Result<()> {
    if record.holder_body_id != body.id {
        return Err(
            PetitionRefusal::NotHolder { holder: registry.label(record.holder_body_id), body: body.label() }.into()
        );
    }
    if record.status != PetitionStatus::Waiting {
        return Err(PetitionRefusal::NotWaiting { status: record.status.code().into() }.into());
    }
    Ok(())
}

/// Puts a petition before an assembly in session of the body that holds it, as a motion whose
/// adoption endorses, returns, merges or addresses it. Refused for a petition held by another
/// body, no longer waiting, a return without reasons, a merge with nothing else, an address to
/// an authority that is not the body's contact.
pub fn propose(
    store: &Store,
    ctx: &Ctx,
    petition: &str,
    assembly: AssemblyId,
    form: &ProposeForm,
) -> Result<MotionRecord> {
    let action = petition::read_action(&form.action)?;
    let reasons = text::multiline(Field::Notes, &form.reasons, MAX_TEXT)?;
    let reply_by = optional_date(Field::Deadline, &form.reply_by)?;
    let title = text::multiline(Field::MotionTitle, &form.title, MOTION_TITLE_MAX)?;
    store.write(|repo| {
        let registry = Registry::load(repo)?;
        let record = resolve_petition(repo, ctx, &registry, petition)?;
        let meeting = repo.assembly(assembly)?.ok_or(Refusal::UnknownAssembly { id: assembly.0 })?;
        ctx.require(repo, Action::RunAssembly, meeting.body_id)?;
        let body = registry.resolve(&meeting.body_id.0.to_string())?.clone();
        require_waiting_at(&registry, &record, &body)?;
        match meeting.status {
            AssemblyStatus::Open => {}
            AssemblyStatus::Closed | AssemblyStatus::Cancelled => {
                return Err(Refusal::AssemblyFinished { status: meeting.status.code().into() }.into());
            }
            AssemblyStatus::Convened => {
                return Err(Refusal::AssemblyNotOpen { status: meeting.status.code().into() }.into());
            }
        }
        let mut items = Vec::new();
        let mut authority_id = None;
        match action {
            PetitionAction::Endorse => {
                if registry.tree.parent(body.id).is_none() {
                    return Err(PetitionRefusal::NoParent { body: body.label() }.into());
                }
            }
            PetitionAction::Return | PetitionAction::Merge if reasons.trim().is_empty() => {
                return Err(PetitionRefusal::ReasonsRequired.into());
            }
            PetitionAction::Return => {}
            PetitionAction::Merge => {
                for reference in form.others.split([',', ' ', ';']).filter(|s| !s.trim().is_empty()) {
                    let other = resolve_petition(repo, ctx, &registry, reference)?;
                    require_waiting_at(&registry, &other, &body)?;
                    if other.id != record.id && !items.contains(&other.id) {
                        items.push(other.id);
                    }
                }
                if items.is_empty() {
                    return Err(PetitionRefusal::NothingToMerge.into());
                }
            }
            PetitionAction::Address => {
                let reference = form.authority.trim();
                let unknown = || PetitionRefusal::UnknownAuthority { reference: reference.into(), body: body.label() };
                let id = reference.parse::<i64>().map_err(|_| unknown())?;
                let found = repo.authority(AuthorityId(id))?.filter(|a| a.body_id == body.id).ok_or_else(unknown)?;
                authority_id = Some(found.id);
            }
        }
        let resolution = repo
            .resolution(record.resolution_id)?
            .ok_or_else(|| StoreError::missing("petitions.resolution_id", record.id))?;
        let mut motion_text = resolution.text.clone();
        if !reasons.is_empty() {
            motion_text.push_str("\n\n");
            motion_text.push_str(&reasons);
        }
        let title = if title.trim().is_empty() { record.title.clone() } else { title };
        let title: String = title.chars().take(MOTION_TITLE_MAX).collect();
        let motion = repo.insert_motion(
            &NewMotion {
                assembly_id: meeting.id,
                kind: MotionKind::Motion,
                title: title.clone(),
                text: motion_text,
                proposer: format!(
                    "{} — Res. {}",
                    registry.label(record.origin_body_id),
                    resolution_number(&resolution)
                ),
                origin_id: None,
                amends_id: None,
                runoff_of: None,
                office_title: None,
                term_end: None,
                election_rule: None,
            },
            ctx.minter()?.mint()?,
        )?;
        repo.insert_petition_motion(&PetitionMotion {
            motion_id: motion,
            petition_id: record.id,
            body_id: body.id,
            action,
            reasons,
            authority_id,
            reply_by,
            items,
        })?;
        ctx.audit(repo, Some(body.id), "motion.create", format!("{motion}: {title}"))?;
        ctx.audit(repo, Some(body.id), "petition.agenda", format!("{}: {} {title}", record.id, action.code()))?;
        repo.motion(motion)?.ok_or_else(|| ServiceError::Internal("a new motion was not found".into()))
    })
}

/// Refuses to open the vote of a motion about a petition that is no longer waiting in its body's
/// inbox (another motion decided it first; the assembly may withdraw this one). Called by
/// `open_vote`.
pub(crate) fn before_vote(repo: &mut dyn Repo, motion: &MotionRecord) -> Result<()> {
    let Some(link) = repo.petition_motion(motion.id)? else { return Ok(()) };
    for id in std::iter::once(link.petition_id).chain(link.items.iter().copied()) {
        let record = repo.petition(id)?.ok_or_else(|| StoreError::missing("petition_motions.petition_id", id))?;
        if record.holder_body_id != link.body_id || record.status != PetitionStatus::Waiting {
            return Err(PetitionRefusal::NotWaiting { status: record.status.code().into() }.into());
        }
    }
    Ok(())
}

fn step(ctx: &Ctx, id: PetitionId, action: StepAction, body: BodyId, to: Option<BodyId>) -> StepRecord {
    StepRecord {
        petition_id: id,
        action,
        body_id: body,
        to_body_id: to,
        resolution_id: None,
        reasons: String::new(),
        at: ctx.now,
        actor: ctx.actor_name(),
    }
}

/// Acts on an adopted motion's petition, citing the resolution it became. Called by `close_vote`
/// in its transaction: the petition rises, goes back, is merged or addressed with the motion's
/// adoption, or neither happens.
pub(crate) fn after_adoption(
    repo: &mut dyn Repo,
    ctx: &Ctx,
    motion: &MotionRecord,
    resolution: &ResolutionRecord,
) -> Result<()> {
    let Some(link) = repo.petition_motion(motion.id)? else { return Ok(()) };
    before_vote(repo, motion)?;
    let record = repo
        .petition(link.petition_id)?
        .ok_or_else(|| StoreError::missing("petition_motions.petition_id", motion.id))?;
    let body = link.body_id;
    let parent = repo.body(body)?.and_then(|b| b.parent_id);
    let cited = |mut s: StepRecord| {
        s.resolution_id = Some(resolution.id);
        s.reasons = link.reasons.clone();
        s
    };
    let detail = format!("{}: {}", record.id, resolution.title);
    match link.action {
        PetitionAction::Endorse => {
            let parent = parent.ok_or_else(|| StoreError::missing("bodies.parent_id", body.0))?;
            repo.move_petition(record.id, parent, PetitionStatus::Waiting, None)?;
            repo.insert_petition_step(&cited(step(ctx, record.id, StepAction::Endorsed, body, Some(parent))))?;
            ctx.audit(repo, Some(body), "petition.endorse", detail)?;
        }
        PetitionAction::Return => {
            repo.move_petition(record.id, record.origin_body_id, PetitionStatus::Returned, None)?;
            let back = step(ctx, record.id, StepAction::Returned, body, Some(record.origin_body_id));
            repo.insert_petition_step(&cited(back))?;
            ctx.audit(repo, Some(body), "petition.return", detail)?;
        }
        PetitionAction::Merge => {
            // The pliego is the body's own petition: it rises to the parent at once, or, at the
            // top of the tree, waits in the body's inbox to be addressed.
            let holder = parent.unwrap_or(body);
            let pliego = repo.insert_petition(
                &NewPetition {
                    kind: PetitionKind::Pliego,
                    origin_body_id: body,
                    resolution_id: resolution.id,
                    title: link.reasons.lines().next().unwrap_or_default().chars().take(MOTION_TITLE_MAX).collect(),
                    holder_body_id: holder,
                    answer_by: None,
                    raised_at: ctx.now,
                },
                ctx.minter()?.mint()?,
            )?;
            for id in std::iter::once(record.id).chain(link.items.iter().copied()) {
                repo.merge_petition(id, pliego)?;
                repo.insert_petition_step(&cited(step(ctx, id, StepAction::Merged, body, Some(body))))?;
            }
            let mut raised = step(ctx, pliego, StepAction::Raised, body, Some(holder));
            raised.resolution_id = Some(resolution.id);
            repo.insert_petition_step(&raised)?;
            ctx.audit(repo, Some(body), "petition.merge", detail)?;
        }
        PetitionAction::Address => {
            let authority = authority_of(&link)?;
            let year = i64::from(resolution.year);
            let number = repo.next_oficio_number(body, year)?;
            repo.address_petition(record.id, authority, year, number, link.reply_by, ctx.now)?;
            repo.insert_petition_step(&cited(step(ctx, record.id, StepAction::Addressed, body, None)))?;
            ctx.audit(repo, Some(body), "petition.address", detail)?;
        }
    }
    Ok(())
}

/// The authority an addressing motion names (every such motion names one).
fn authority_of(link: &PetitionMotion) -> Result<AuthorityId> {
    link.authority_id.ok_or_else(|| StoreError::missing("petition_motions.authority_id", link.motion_id).into())
}

/// What an officer of the addressing body records of a reply.
#[derive(Debug, Clone, Default)]
pub struct ReplyForm {
    /// `meeting`, `partial`, `full` or `refusal`.
    pub kind: String,
    /// The day it was received; empty: today.
    pub received_on: String,
    pub text: String,
    /// For a meeting: its date and time ("2026-12-10 10:00") and place.
    pub meeting_at: String,
    pub meeting_place: String,
}

/// Records an authority's reply to a petition the body addressed. Refused for a petition never
/// sent to an authority, and for an actor who does not run the addressing body's assemblies.
pub fn reply(store: &Store, ctx: &Ctx, petition: &str, form: &ReplyForm) -> Result<ReplyRecord> {
    let kind = petition::read_reply_kind(&form.kind)?;
    let received_on = optional_date(Field::Date, &form.received_on)?.unwrap_or(ctx.today);
    let text = text::multiline(Field::Notes, &form.text, MAX_TEXT)?;
    let meeting_at = match (kind, form.meeting_at.trim()) {
        (ReplyKind::Meeting, "") => return Err(PetitionRefusal::MeetingRequired.into()),
        (_, "") => None,
        (_, value) => Some(petition::read_meeting_at(value)?),
    };
    let meeting_place = text::optional(Field::Place, &form.meeting_place, petition::MAX_CONTACT)?;
    store.write(|repo| {
        let registry = Registry::load(repo)?;
        let record = resolve_petition(repo, ctx, &registry, petition)?;
        registry.require(ctx, Action::RunAssembly, record.holder_body_id)?;
        if record.status != PetitionStatus::Addressed {
            return Err(PetitionRefusal::NotSent.into());
        }
        let mut reply = ReplyRecord {
            id: 0,
            petition_id: record.id,
            kind,
            received_on,
            text,
            meeting_at,
            meeting_place,
            assembly_id: None,
            recorded_at: ctx.now,
            recorded_by: ctx.actor_name(),
        };
        reply.id = repo.insert_petition_reply(&reply)?;
        ctx.audit(repo, Some(record.holder_body_id), "petition.reply", format!("{}: {}", record.id, kind.code()))?;
        Ok(reply)
    })
}

/// Convenes the delegation's assembly for a meeting an authority gave: an extraordinaria of the
/// addressing body at the meeting's date, time and place, linked from the reply. One transaction.
pub fn convene_delegation(store: &Store, ctx: &Ctx, petition: &str, reply: i64, title: &str) -> Result<AssemblyRecord> {
    store.write(|repo| {
        let registry = Registry::load(repo)?;
        let record = resolve_petition(repo, ctx, &registry, petition)?;
        registry.require(ctx, Action::RunAssembly, record.holder_body_id)?;
        let found = repo.petition_replies(record.id)?.into_iter().find(|r| r.id == reply);
        let Some(found) = found.filter(|r| r.kind == ReplyKind::Meeting && r.assembly_id.is_none()) else {
            return Err(PetitionRefusal::NoMeetingToConvene.into());
        };
        let holder = registry.resolve(&record.holder_body_id.0.to_string())?.clone();
        let form = crate::assembly::ConveneForm {
            kind: "extraordinaria".into(),
            title: title.to_string(),
            scheduled_for: found.meeting_at.clone().unwrap_or_default(),
            place: found.meeting_place.clone().unwrap_or_default(),
            agenda: record.title.clone(),
        };
        let convening = form.read().map_err(crate::assembly::first_problem)?;
        let assembly = crate::assembly::convene_in(repo, ctx, &holder, convening)?;
        repo.set_reply_assembly(found.id, assembly.id)?;
        ctx.audit(repo, Some(holder.id), "petition.delegation", format!("{}: {}", record.id, assembly.id))?;
        Ok(assembly)
    })
}
