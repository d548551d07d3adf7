//! Instructions down the tree (instructivos): an officer of a body sends one of its resolutions
//! to the bodies below it — all of them, those of one kind, or a chosen sub-body's subtree — and
//! each recipient acknowledges it once, by an officer (a button) or by its assembly (a motion
//! linked to the instruction: adopting it acknowledges, with the resolution it became). The
//! sender, and every body between, sees at every level how many recipients below have
//! acknowledged and which have not: counted from the acknowledgements each time
//! ([`cabildo_domain::instruction::roll_up`]), never stored.

use std::collections::{HashMap, HashSet};

use cabildo_domain::access::Action;
use cabildo_domain::assembly::{AssemblyId, AssemblyStatus};
use cabildo_domain::instruction::{self, Scope, ScopeProblem};
pub use cabildo_domain::instruction::{InstructionId, Standing};
use cabildo_domain::{Body, BodyId, BodyKind, Date, Field, Message, PersonId, PublicId, text};
pub use cabildo_store::{AckRecord, InstructionMotion, InstructionRecord};
use cabildo_store::{
    AssemblyRecord, MotionRecord, NewInstruction, NewMotion, Repo, ResolutionRecord, Store, StoreError,
};

use crate::error::Refusal;
use crate::registry::Registry;
use crate::{Actor, Ctx, Result, ServiceError};

/// The longest note an instruction carries.
pub const MAX_NOTE: usize = 2000;
/// The longest title a motion takes (the assemblies' own limit).
const MOTION_TITLE_MAX: usize = 200;
/// The most instructions a body's list shows.
pub const LIST_LIMIT: u64 = 100;

/// What instructions refuse. [`InstructionRefusalKind`] lists the variants.
#[derive(Debug, Clone, PartialEq, thiserror::Error, strum::EnumDiscriminants)]
#[strum_discriminants(name(InstructionRefusalKind), derive(strum::EnumIter))]
pub enum InstructionRefusal {
    #[error("no instruction {reference}")]
    UnknownInstruction { reference: String },
    #[error("{target} is not below {body}: an instruction goes only to bodies below the one that sends it")]
    OutsideSubtree { target: String, body: String },
    #[error("resolution {resolution} is of {owner}, not of {body}: a body sends down only its own resolutions")]
    NotOwnResolution { resolution: String, owner: String, body: String },
    #[error("no open body below {body} matches: nobody would receive the instruction")]
    NoRecipients { body: String },
    #[error("{body} is not among the recipients of this instruction")]
    NotRecipient { body: String },
    #[error("{body} already acknowledged this instruction on {on}, by {by}")]
    AlreadyAcknowledged { body: String, by: String, on: String },
    #[error("{body} already acknowledged this instruction on {on}, by its assembly (resolution {resolution})")]
    AlreadyAcknowledgedByAssembly { body: String, resolution: String, on: String },
    #[error("you hold no office in {body}: only its officers, or its assembly, acknowledge for it")]
    NoOffice { body: String },
}

impl InstructionRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            InstructionRefusal::UnknownInstruction { .. } => "unknown_instruction",
            InstructionRefusal::OutsideSubtree { .. } => "instruction_outside_subtree",
            InstructionRefusal::NotOwnResolution { .. } => "instruction_not_own_resolution",
            InstructionRefusal::NoRecipients { .. } => "instruction_no_recipients",
            InstructionRefusal::NotRecipient { .. } => "instruction_not_recipient",
            InstructionRefusal::AlreadyAcknowledged { .. } => "instruction_already_acknowledged",
            InstructionRefusal::AlreadyAcknowledgedByAssembly { .. } => "instruction_already_acknowledged_by_assembly",
            InstructionRefusal::NoOffice { .. } => "instruction_no_office",
        }
    }

    /// Whether the refusal means "there is no such thing" (HTTP 404) rather than "not so".
    pub fn is_not_found(&self) -> bool {
        matches!(self, InstructionRefusal::UnknownInstruction { .. })
    }

    pub fn message(&self) -> Message {
        let m = Message::new(self.code());
        match self {
            InstructionRefusal::UnknownInstruction { reference } => m.arg("reference", reference),
            InstructionRefusal::OutsideSubtree { target, body } => m.arg("target", target).arg("body", body),
            InstructionRefusal::NotOwnResolution { resolution, owner, body } => {
                m.arg("resolution", resolution).arg("owner", owner).arg("body", body)
            }
            InstructionRefusal::NoRecipients { body }
            | InstructionRefusal::NotRecipient { body }
            | InstructionRefusal::NoOffice { body } => m.arg("body", body),
            InstructionRefusal::AlreadyAcknowledged { body, by, on } => m.arg("body", body).arg("by", by).arg("on", on),
            InstructionRefusal::AlreadyAcknowledgedByAssembly { body, resolution, on } => {
                m.arg("body", body).arg("resolution", resolution).arg("on", on)
            }
        }
    }
}

/// The day of a moment (Unix seconds, UTC), as ISO text.
fn day_of(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0).map(|t| t.date_naive().to_string()).unwrap_or_default()
}

/// "3/2026".
pub fn resolution_number(r: &ResolutionRecord) -> String {
    format!("{}/{}", r.number, r.year)
}

/// What an officer types to send an instruction.
#[derive(Debug, Clone, Default)]
pub struct SendForm {
    /// The resolution: its number on this instance, its public id, or "3/2026".
    pub resolution: String,
    /// A body below the sender whose subtree receives it (number, public id or code); empty:
    /// every body below the sender.
    pub under: String,
    /// A kind of body (`sindicato`); empty: every kind.
    pub kind: String,
    pub note: String,
    /// The date by which to acknowledge (`2026-12-15` or `15/12/2026`); empty: none.
    pub ack_by: String,
}

/// Finds an instruction by its number or public id.
fn resolve_instruction(repo: &mut dyn Repo, reference: &str) -> Result<InstructionRecord> {
    let reference = reference.trim();
    let found = match (reference.parse::<i64>(), PublicId::parse(reference)) {
        (Ok(id), _) => repo.instruction(InstructionId(id))?,
        (_, Ok(public_id)) => repo.instruction_by_public_id(public_id)?,
        _ => None,
    };
    found.ok_or_else(|| InstructionRefusal::UnknownInstruction { reference: reference.to_string() }.into())
}

/// A resolution `body` names as its own: by number, public id, or "3/2026" of the body's own.
/// `Ok(Err(found))` when it is another body's the actor may see (the caller says why it may not
/// use it); a resolution of a body the actor may not see is not found. Instructions and petitions
/// read their resolution with it.
pub(crate) fn own_resolution(
    repo: &mut dyn Repo,
    ctx: &Ctx,
    registry: &Registry,
    body: &Body,
    reference: &str,
) -> Result<std::result::Result<ResolutionRecord, ResolutionRecord>> {
    let reference = reference.trim();
    let unknown = || ServiceError::from(Refusal::UnknownResolution { reference: reference.to_string() });
    if reference.is_empty() {
        return Err(cabildo_domain::DomainError::Required { field: Field::Resolution }.into());
    }
    let found = if let Some((number, year)) = reference.split_once('/') {
        let (Ok(number), Ok(year)) = (number.trim().parse::<i64>(), year.trim().parse::<i32>()) else {
            return Err(unknown());
        };
        repo.resolutions(body.id, 10_000)?.into_iter().find(|r| r.number == number && r.year == year)
    } else {
        match (reference.parse::<i64>(), PublicId::parse(reference)) {
            (Ok(id), _) => repo.resolution(id)?,
            (_, Ok(public_id)) => repo.resolution_by_public_id(public_id)?,
            _ => None,
        }
    };
    let resolution = found.ok_or_else(unknown)?;
    if resolution.body_id == body.id {
        return Ok(Ok(resolution));
    }
    if !ctx.may(&registry.tree, Action::ViewBody, resolution.body_id) {
        return Err(unknown());
    }
    Ok(Err(resolution))
}

/// The sender's resolution an instruction sends down (see [`own_resolution`]).
fn sender_resolution(
    repo: &mut dyn Repo,
    ctx: &Ctx,
    registry: &Registry,
    sender: &Body,
    reference: &str,
) -> Result<ResolutionRecord> {
    own_resolution(repo, ctx, registry, sender, reference)?.map_err(|other| {
        InstructionRefusal::NotOwnResolution {
            resolution: resolution_number(&other),
            owner: registry.label(other.body_id),
            body: sender.label(),
        }
        .into()
    })
}

/// Sends one of `body`'s resolutions down as an instruction. The actor must run the body's
/// assemblies (an officer of it or of a body above, or an administrator); the recipients are
/// fixed now. One transaction: refused, nothing is sent.
pub fn send(store: &Store, ctx: &Ctx, body: &str, form: &SendForm) -> Result<InstructionRecord> {
    let note = text::multiline(Field::Notes, &form.note, MAX_NOTE)?;
    let ack_by: Option<Date> = match form.ack_by.trim() {
        "" => None,
        value => Some(cabildo_domain::padron::parse_date(Field::Date, value)?),
    };
    let kind: Option<BodyKind> = match form.kind.trim() {
        "" => None,
        value => Some(value.parse()?),
    };
    store.write(|repo| {
        let registry = Registry::load(repo)?;
        let sender = registry.resolve(body)?.clone();
        registry.require(ctx, Action::RunAssembly, sender.id)?;
        if !sender.is_open() {
            return Err(ServiceError::BodyClosed { body: sender.label() });
        }
        let resolution = sender_resolution(repo, ctx, &registry, &sender, &form.resolution)?;
        let under = match form.under.trim() {
            "" => None,
            reference => Some(registry.resolve(reference)?.id),
        };
        let open_kind = |id: BodyId| registry.bodies.get(&id).filter(|b| b.is_open()).map(|b| b.kind);
        let recipients = instruction::recipients(&registry.tree, sender.id, Scope { under, kind }, open_kind).map_err(
            |problem| match problem {
                ScopeProblem::OutsideSubtree => InstructionRefusal::OutsideSubtree {
                    target: under.map(|u| registry.label(u)).unwrap_or_default(),
                    body: sender.label(),
                },
                ScopeProblem::NoRecipients => InstructionRefusal::NoRecipients { body: sender.label() },
            },
        )?;
        let new = NewInstruction {
            body_id: sender.id,
            resolution_id: resolution.id,
            scope_body_id: under,
            scope_kind: kind,
            note: note.clone(),
            ack_by,
            sent_at: ctx.now,
            sent_by: ctx.actor_name(),
        };
        let id = repo.insert_instruction(&new, ctx.minter()?.mint()?)?;
        repo.insert_instruction_recipients(id, &recipients)?;
        ctx.audit(
            repo,
            Some(sender.id),
            "instruction.send",
            format!("{id}: {} ({} recipients)", resolution.title, recipients.len()),
        )?;
        repo.instruction(id)?.ok_or_else(|| ServiceError::Internal("a new instruction was not found".into()))
    })
}

/// Who acknowledges for a body: the person the account is linked to and the office they hold
/// there, when they hold one.
struct Officer {
    person_id: Option<PersonId>,
    office: Option<String>,
}

/// Whether the actor holds office in `body` (not above it: a federation does not acknowledge for
/// its sindicato): an officer's role (one that runs assemblies) granted on the body itself, or a
/// current office of its directiva held by the person the account is linked to.
fn officer_of(repo: &mut dyn Repo, ctx: &Ctx, body: &Body) -> Result<Option<Officer>> {
    match &ctx.actor {
        Actor::Operator => Ok(Some(Officer { person_id: None, office: None })),
        Actor::Anonymous => Ok(None),
        Actor::Account { id, grants, .. } => {
            let linked = repo.account(*id)?.and_then(|a| a.person_id);
            let held = match linked {
                Some(person) => {
                    repo.offices(body.id)?.into_iter().find(|o| o.person_id == person && o.is_current(ctx.today))
                }
                None => None,
            };
            let granted = grants.iter().any(|g| g.body == body.id && g.role.allows(Action::RunAssembly));
            Ok((granted || held.is_some())
                .then(|| Officer { person_id: held.as_ref().map(|o| o.person_id), office: held.map(|o| o.title) }))
        }
    }
}

/// The refusal of a second acknowledgement, naming the first.
fn already(repo: &mut dyn Repo, body: &Body, first: &AckRecord) -> Result<ServiceError> {
    let on = day_of(first.acknowledged_at);
    if let Some(resolution) = first.resolution_id {
        let number = repo.resolution(resolution)?.map_or_else(|| resolution.to_string(), |r| resolution_number(&r));
        return Ok(
            InstructionRefusal::AlreadyAcknowledgedByAssembly { body: body.label(), resolution: number, on }.into()
        );
    }
    Ok(InstructionRefusal::AlreadyAcknowledged { body: body.label(), by: who_acknowledged(first), on }.into())
}

/// "Jhonny Yupanqui (Secretario General)", or the account's name where it is not linked.
pub fn who_acknowledged(ack: &AckRecord) -> String {
    match (&ack.person_name, &ack.office) {
        (Some(name), Some(office)) => format!("{} ({office})", name.display()),
        (Some(name), None) => name.display(),
        _ => ack.actor.clone(),
    }
}

/// An officer of `body` acknowledges the instruction for it. Refused for a body that is not a
/// recipient, by an account without office in that body, and a second time (naming the first).
pub fn acknowledge(store: &Store, ctx: &Ctx, instruction: &str, body: &str) -> Result<AckRecord> {
    store.write(|repo| {
        let registry = Registry::load(repo)?;
        let record = resolve_instruction(repo, instruction)?;
        let target = registry.resolve(body)?.clone();
        registry.require(ctx, Action::ViewBody, target.id)?;
        if !repo.is_instruction_recipient(record.id, target.id)? {
            return Err(InstructionRefusal::NotRecipient { body: target.label() }.into());
        }
        let Some(officer) = officer_of(repo, ctx, &target)? else {
            return Err(InstructionRefusal::NoOffice { body: target.label() }.into());
        };
        if let Some(first) = repo.instruction_ack(record.id, target.id)? {
            return Err(already(repo, &target, &first)?);
        }
        let ack = AckRecord {
            instruction_id: record.id,
            body_id: target.id,
            acknowledged_at: ctx.now,
            actor: ctx.actor_name(),
            account_id: ctx.account_id(),
            person_id: officer.person_id,
            person_name: None,
            office: officer.office,
            motion_id: None,
            resolution_id: None,
        };
        repo.insert_instruction_ack(&ack)?;
        let title = repo.resolution(record.resolution_id)?.map(|r| r.title).unwrap_or_default();
        ctx.audit(repo, Some(target.id), "instruction.acknowledge", format!("{}: {title}", record.id))?;
        repo.instruction_ack(record.id, target.id)?
            .ok_or_else(|| ServiceError::Internal("an acknowledgement just written was not found".into()))
    })
}

/// Puts the instruction on the agenda of an assembly in session of a recipient body, as a motion
/// with the resolution's title and text: adopting it acknowledges the instruction for the body.
pub fn put_on_agenda(store: &Store, ctx: &Ctx, instruction: &str, assembly: AssemblyId) -> Result<MotionRecord> {
    store.write(|repo| {
        let record = resolve_instruction(repo, instruction)?;
        let meeting = repo.assembly(assembly)?.ok_or(Refusal::UnknownAssembly { id: assembly.0 })?;
        ctx.require(repo, Action::RunAssembly, meeting.body_id)?;
        let registry = Registry::load(repo)?;
        let body = registry.resolve(&meeting.body_id.0.to_string())?.clone();
        if !repo.is_instruction_recipient(record.id, body.id)? {
            return Err(InstructionRefusal::NotRecipient { body: body.label() }.into());
        }
        if let Some(first) = repo.instruction_ack(record.id, body.id)? {
            return Err(already(repo, &body, &first)?);
        }
        match meeting.status {
            AssemblyStatus::Open => {}
            AssemblyStatus::Closed | AssemblyStatus::Cancelled => {
                return Err(Refusal::AssemblyFinished { status: meeting.status.code().into() }.into());
            }
            AssemblyStatus::Convened => {
                return Err(Refusal::AssemblyNotOpen { status: meeting.status.code().into() }.into());
            }
        }
        let resolution = repo
            .resolution(record.resolution_id)?
            .ok_or_else(|| StoreError::missing("instructions.resolution_id", record.id))?;
        let mut motion_text = resolution.text.clone();
        if !record.note.is_empty() {
            motion_text.push_str("\n\n");
            motion_text.push_str(&record.note);
        }
        let title: String = resolution.title.chars().take(MOTION_TITLE_MAX).collect();
        let motion = repo.insert_motion(
            &NewMotion::motion(
                meeting.id,
                title.clone(),
                motion_text,
                format!("{} — Res. {}", registry.label(record.body_id), resolution_number(&resolution)),
            ),
            ctx.minter()?.mint()?,
        )?;
        repo.insert_instruction_motion(&InstructionMotion {
            motion_id: motion,
            instruction_id: record.id,
            body_id: body.id,
        })?;
        ctx.audit(repo, Some(body.id), "motion.create", format!("{motion}: {title}"))?;
        ctx.audit(repo, Some(body.id), "instruction.agenda", format!("{}: {title}", record.id))?;
        repo.motion(motion)?.ok_or_else(|| ServiceError::Internal("a new motion was not found".into()))
    })
}

/// Refuses to open the vote of a motion that would acknowledge an instruction its body has
/// already acknowledged (the assembly may withdraw it instead). Called by `open_vote`.
pub(crate) fn before_vote(repo: &mut dyn Repo, motion: &MotionRecord) -> Result<()> {
    let Some(link) = repo.instruction_motion(motion.id)? else { return Ok(()) };
    if let Some(first) = repo.instruction_ack(link.instruction_id, link.body_id)? {
        let body =
            repo.body(link.body_id)?.ok_or_else(|| StoreError::missing("instruction_motions.body_id", motion.id))?;
        return Err(already(repo, &body, &first)?);
    }
    Ok(())
}

/// Records the acknowledgement of an adopted motion's instruction, with the resolution it
/// became. Called by `close_vote` in its transaction. Should an officer have acknowledged while
/// the vote was open, the first acknowledgement stands and the resolution is still adopted.
pub(crate) fn after_adoption(
    repo: &mut dyn Repo,
    ctx: &Ctx,
    motion: &MotionRecord,
    resolution: &ResolutionRecord,
) -> Result<()> {
    let Some(link) = repo.instruction_motion(motion.id)? else { return Ok(()) };
    if repo.instruction_ack(link.instruction_id, link.body_id)?.is_some() {
        return Ok(());
    }
    repo.insert_instruction_ack(&AckRecord {
        instruction_id: link.instruction_id,
        body_id: link.body_id,
        acknowledged_at: ctx.now,
        actor: ctx.actor_name(),
        account_id: ctx.account_id(),
        person_id: None,
        person_name: None,
        office: None,
        motion_id: Some(motion.id),
        resolution_id: Some(resolution.id),
    })?;
    ctx.audit(
        repo,
        Some(link.body_id),
        "instruction.acknowledge",
        format!("{}: {}", link.instruction_id, resolution.title),
    )
}

/// How a recipient stands: not acknowledged yet, or with its acknowledgement.
pub type Own = Option<AckRecord>;

/// A body right below the level of an instruction's page, with how its subtree stands.
pub struct ChildStanding {
    pub body: Body,
    pub standing: Standing,
    /// Whether it is a recipient itself, and if so its acknowledgement.
    pub own: Option<Own>,
    /// Whether bodies below it are recipients too (a link to drill down).
    pub has_below: bool,
}

/// An instruction at one level of the tree.
pub struct InstructionView {
    pub record: InstructionRecord,
    pub sender: Body,
    pub resolution: ResolutionRecord,
    /// The sub-body whose subtree was chosen, if one was.
    pub scope_body: Option<Body>,
    /// The body this view is at.
    pub level: Body,
    /// From the sender down to the level's parent, those the viewer may see: the way back up.
    pub path: Vec<Body>,
    /// Whether the viewer may see the sender's pages.
    pub sees_sender: bool,
    /// Recipients in the level's subtree, and how many acknowledged.
    pub total: Standing,
    /// The level itself, if it is a recipient.
    pub own: Option<Own>,
    pub children: Vec<ChildStanding>,
    /// Recipients of the level's subtree that have not acknowledged, parents first, each with the
    /// body it hangs from.
    pub missing: Vec<(Body, Option<Body>)>,
    /// The acknowledgements within the level's subtree, oldest first.
    pub acknowledged: Vec<(Body, AckRecord)>,
    /// Whether the viewer may acknowledge for the level (an officer of it, not yet acknowledged).
    pub may_acknowledge: bool,
    /// The level's assemblies in session, where the viewer may put the instruction on the agenda.
    pub assemblies: Vec<AssemblyRecord>,
    /// The motions put on the level's assemblies to acknowledge it.
    pub motions: Vec<MotionRecord>,
    /// Whether the viewer runs the level's assemblies.
    pub may_run: bool,
    /// The number ("4/2026") of the resolution each acknowledgement by an assembly became.
    pub ack_numbers: HashMap<BodyId, String>,
}

/// Loads an instruction with its sender and resolution.
fn loaded(repo: &mut dyn Repo, record: &InstructionRecord, registry: &Registry) -> Result<(Body, ResolutionRecord)> {
    let sender = registry
        .bodies
        .get(&record.body_id)
        .cloned()
        .ok_or_else(|| StoreError::missing("instructions.body_id", record.id))?;
    let resolution = repo
        .resolution(record.resolution_id)?
        .ok_or_else(|| StoreError::missing("instructions.resolution_id", record.id))?;
    Ok((sender, resolution))
}

/// An instruction at `level` (a body of the sender's subtree; by default the highest the viewer
/// may see): how many recipients below have acknowledged, each body right below with its own
/// count, and which have not. For whoever may see the level's body.
pub fn view(store: &Store, ctx: &Ctx, instruction: &str, level: Option<&str>) -> Result<InstructionView> {
    store.read(|repo| {
        let registry = Registry::load(repo)?;
        let record = resolve_instruction(repo, instruction)?;
        let (sender, resolution) = loaded(repo, &record, &registry)?;
        let recipients = repo.instruction_recipients(record.id)?;
        let acks = repo.instruction_acks(record.id)?;
        let acked: HashSet<BodyId> = acks.iter().map(|a| a.body_id).collect();
        let standing = instruction::roll_up(&registry.tree, sender.id, &recipients, &acked);
        let level = match level.map(str::trim).filter(|l| !l.is_empty()) {
            Some(reference) => {
                let body = registry.resolve(reference)?.clone();
                if !registry.tree.is_within(body.id, sender.id) {
                    return Err(ServiceError::UnknownBody { reference: reference.to_string() });
                }
                registry.require(ctx, Action::ViewBody, body.id)?;
                body
            }
            None => {
                let visible = registry.tree.subtree(sender.id).into_iter().find(|id| {
                    (*id == sender.id || standing.contains_key(id)) && ctx.may(&registry.tree, Action::ViewBody, *id)
                });
                match visible.and_then(|id| registry.bodies.get(&id)) {
                    Some(body) => body.clone(),
                    None => {
                        registry.require(ctx, Action::ViewBody, sender.id)?;
                        sender.clone()
                    }
                }
            }
        };
        let recipient_set: HashSet<BodyId> = recipients.iter().copied().collect();
        let ack_of: HashMap<BodyId, &AckRecord> = acks.iter().map(|a| (a.body_id, a)).collect();
        let own_of = |id: BodyId| recipient_set.contains(&id).then(|| ack_of.get(&id).map(|a| (*a).clone()));
        let mut path: Vec<Body> = registry
            .tree
            .ancestors(level.id)
            .into_iter()
            .take_while(|id| registry.tree.is_within(*id, sender.id))
            .filter(|id| ctx.may(&registry.tree, Action::ViewBody, *id))
            .filter_map(|id| registry.bodies.get(&id).cloned())
            .collect();
        path.reverse();
        let mut children: Vec<ChildStanding> = registry
            .tree
            .children(level.id)
            .iter()
            .filter_map(|id| {
                let standing = *standing.get(id)?;
                let body = registry.bodies.get(id)?.clone();
                let own = own_of(*id);
                let below = standing.recipients - u64::from(own.is_some());
                Some(ChildStanding { body, standing, own, has_below: below > 0 })
            })
            .collect();
        children.sort_by(|a, b| a.body.name.cmp(&b.body.name));
        let subtree = registry.tree.subtree(level.id);
        let missing: Vec<(Body, Option<Body>)> = subtree
            .iter()
            .filter(|id| recipient_set.contains(id) && !acked.contains(id))
            .filter_map(|id| registry.bodies.get(id))
            .map(|b| (b.clone(), b.parent_id.and_then(|p| registry.bodies.get(&p)).cloned()))
            .collect();
        let in_level: HashSet<BodyId> = subtree.iter().copied().collect();
        let acknowledged: Vec<(Body, AckRecord)> = acks
            .iter()
            .filter(|a| in_level.contains(&a.body_id))
            .filter_map(|a| registry.bodies.get(&a.body_id).map(|b| (b.clone(), a.clone())))
            .collect();
        let own = own_of(level.id);
        let pending = matches!(own, Some(None));
        let may_acknowledge = pending && officer_of(repo, ctx, &level)?.is_some();
        let may_run = ctx.may(&registry.tree, Action::RunAssembly, level.id);
        let assemblies = if pending && may_run {
            repo.assemblies(level.id, 50)?.into_iter().filter(|a| a.status == AssemblyStatus::Open).collect()
        } else {
            Vec::new()
        };
        let mut motions = Vec::new();
        for link in repo.instruction_motions(record.id)?.into_iter().filter(|l| l.body_id == level.id) {
            if let Some(m) = repo.motion(link.motion_id)? {
                motions.push(m);
            }
        }
        let mut ack_numbers = HashMap::new();
        for (body, ack) in &acknowledged {
            if let Some(resolution) = ack.resolution_id.map(|r| repo.resolution(r)).transpose()?.flatten() {
                ack_numbers.insert(body.id, resolution_number(&resolution));
            }
        }
        let total = standing.get(&level.id).copied().unwrap_or_default();
        let scope_body = record.scope_body_id.and_then(|id| registry.bodies.get(&id).cloned());
        let sees_sender = ctx.may(&registry.tree, Action::ViewBody, sender.id);
        Ok(InstructionView {
            record,
            sender,
            resolution,
            scope_body,
            level,
            path,
            sees_sender,
            total,
            own,
            children,
            missing,
            acknowledged,
            may_acknowledge,
            assemblies,
            motions,
            may_run,
            ack_numbers,
        })
    })
}

/// An instruction in a body's list: how it stands in the body's subtree, and for the body itself.
pub struct InstructionLine {
    pub record: InstructionRecord,
    pub sender: Body,
    pub resolution: ResolutionRecord,
    /// Recipients in the body's subtree (the body included) and how many acknowledged.
    pub standing: Standing,
    /// The body itself, if it is a recipient.
    pub own: Option<Own>,
}

impl InstructionLine {
    /// Whether the body itself still has to acknowledge it.
    pub fn pending_here(&self) -> bool {
        matches!(self.own, Some(None))
    }
}

fn line(repo: &mut dyn Repo, registry: &Registry, record: InstructionRecord, at: BodyId) -> Result<InstructionLine> {
    let (sender, resolution) = loaded(repo, &record, registry)?;
    let recipients = repo.instruction_recipients(record.id)?;
    let acks = repo.instruction_acks(record.id)?;
    let acked: HashSet<BodyId> = acks.iter().map(|a| a.body_id).collect();
    let standing = instruction::roll_up(&registry.tree, at, &recipients, &acked).get(&at).copied().unwrap_or_default();
    let own = recipients.contains(&at).then(|| acks.into_iter().find(|a| a.body_id == at));
    Ok(InstructionLine { record, sender, resolution, standing, own })
}

/// A body's instructions: those it sent, those that reached it or bodies below it, and what its
/// send form offers (its resolutions, the bodies right below it, the kinds below it).
pub struct BodyInstructions {
    pub body: Body,
    pub sent: Vec<InstructionLine>,
    pub received: Vec<InstructionLine>,
    /// Whether the viewer may send an instruction from this body.
    pub may_send: bool,
    pub resolutions: Vec<ResolutionRecord>,
    pub below: Vec<Body>,
    pub kinds: Vec<BodyKind>,
}

/// The instructions of `body`, for whoever may see it.
pub fn for_body(store: &Store, ctx: &Ctx, body: &str) -> Result<BodyInstructions> {
    store.read(|repo| {
        let registry = Registry::load(repo)?;
        let body = registry.resolve(body)?.clone();
        registry.require(ctx, Action::ViewBody, body.id)?;
        let mut sent = Vec::new();
        for record in repo.instructions_sent(body.id, LIST_LIMIT)? {
            sent.push(line(repo, &registry, record, body.id)?);
        }
        let mut received = Vec::new();
        for record in repo.instructions_reaching(body.id, LIST_LIMIT)? {
            received.push(line(repo, &registry, record, body.id)?);
        }
        // Those the body itself still has to acknowledge first.
        received.sort_by_key(|l| !l.pending_here());
        let may_send = body.is_open() && ctx.may(&registry.tree, Action::RunAssembly, body.id);
        let (resolutions, below, kinds) = if may_send {
            let mut below: Vec<Body> = registry
                .tree
                .children(body.id)
                .iter()
                .filter_map(|id| registry.bodies.get(id))
                .filter(|b| b.is_open())
                .cloned()
                .collect();
            below.sort_by(|a, b| a.name.cmp(&b.name));
            let present: HashSet<BodyKind> = registry
                .tree
                .subtree(body.id)
                .iter()
                .filter(|id| **id != body.id)
                .filter_map(|id| registry.bodies.get(id))
                .map(|b| b.kind)
                .collect();
            let kinds = BodyKind::ALL.into_iter().filter(|k| present.contains(k)).collect();
            (repo.resolutions(body.id, 50)?, below, kinds)
        } else {
            (Vec::new(), Vec::new(), Vec::new())
        };
        Ok(BodyInstructions { body, sent, received, may_send, resolutions, below, kinds })
    })
}

/// An instruction a body has received and not acknowledged yet.
pub struct Pending {
    pub record: InstructionRecord,
    pub sender: Body,
    pub resolution: ResolutionRecord,
}

/// How many pending instructions a body's page and feed list at most.
const PENDING_LIMIT: u64 = 20;

/// The instructions a body has not acknowledged yet, as the store's cache keeps them.
pub struct PendingList(pub Vec<Pending>);

/// The instructions `body` itself has not acknowledged yet (for its page), newest first: one
/// statement, then kept in the store's cache until the next write (as the rest of a body's page).
pub fn pending_for(store: &Store, ctx: &Ctx, body: BodyId) -> Result<std::sync::Arc<PendingList>> {
    let snapshot = crate::registry::snapshot(store)?;
    snapshot.registry.require(ctx, Action::ViewBody, body)?;
    store.cached_by(
        body.0,
        |list: &PendingList| list.0.len(),
        |store| store.read(|repo| pending_records(repo, body)).map(PendingList),
    )
}

/// [`pending_for`] if the store has it cached (never touches the database): `None` otherwise.
pub fn pending_cached(store: &Store, ctx: &Ctx, body: BodyId) -> Result<Option<std::sync::Arc<PendingList>>> {
    let Some(snapshot) = store.peek_cached::<crate::registry::Snapshot>() else { return Ok(None) };
    snapshot.registry.require(ctx, Action::ViewBody, body)?;
    Ok(store.peek_cached_by::<PendingList>(body.0))
}

fn pending_records(repo: &mut dyn Repo, body: BodyId) -> Result<Vec<Pending>> {
    let mut out = Vec::new();
    for record in repo.instructions_pending(body, PENDING_LIMIT)? {
        let sender =
            repo.body(record.body_id)?.ok_or_else(|| StoreError::missing("instructions.body_id", record.id))?;
        let resolution = repo
            .resolution(record.resolution_id)?
            .ok_or_else(|| StoreError::missing("instructions.resolution_id", record.id))?;
        out.push(Pending { record, sender, resolution });
    }
    Ok(out)
}

/// The instructions a body that publishes its page has not acknowledged yet, for its public feed:
/// a resolution and its sender, no personal data. A body that does not publish is not found.
pub fn public_pending(store: &Store, code: &str) -> Result<Vec<Pending>> {
    store.read(|repo| {
        let body = crate::registry::resolve_body(repo, code)?;
        if !body.published {
            return Err(ServiceError::UnknownBody { reference: code.to_string() });
        }
        pending_records(repo, body.id)
    })
}

/// The missing recipients of a view as CSV for a spreadsheet (`;`, CRLF, a byte-order mark for
/// Excel): code, name, kind and the body each hangs from, under the `headers` given (in the
/// reader's language). Cells are guarded against formula injection.
pub fn missing_csv(
    view: &InstructionView,
    headers: [&str; 4],
    kind_name: impl Fn(BodyKind) -> String,
) -> Result<Vec<u8>> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut writer =
            csv::WriterBuilder::new().delimiter(b';').terminator(csv::Terminator::CRLF).from_writer(&mut out);
        let guard = cabildo_domain::padron::guard_cell;
        let failed = |e: csv::Error| ServiceError::Internal(e.to_string());
        writer.write_record(headers).map_err(failed)?;
        for (body, parent) in &view.missing {
            let parent = parent.as_ref().map(|b| b.name.clone()).unwrap_or_default();
            writer
                .write_record([guard(&body.code), guard(&body.name), kind_name(body.kind), guard(&parent)])
                .map_err(failed)?;
        }
        writer.flush().map_err(|e| ServiceError::Internal(e.to_string()))?;
    }
    Ok(out)
}
