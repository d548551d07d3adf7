//! What petitions show: a petition with its whole path, a body's inbox (paged, waiting or
//! overdue), the petitions on a body's page and feed, and the oficio a body prints.

use cabildo_domain::access::Action;
use cabildo_domain::assembly::AssemblyStatus;
use cabildo_domain::petition::{self, ReplyKind, StepAction};
use cabildo_domain::{Body, BodyId, Date, PersonName};
use cabildo_store::{AssemblyRecord, MotionRecord, Repo, ResolutionRecord, Store, StoreError};

use super::{
    AuthorityRecord, InboxFilter, PetitionKind, PetitionMotion, PetitionRecord, PetitionStatus, ReplyRecord, Standing,
    StepRecord, resolve_petition,
};
use crate::registry::Registry;
use crate::{Ctx, Result, ServiceError};

/// How many petitions an inbox page lists.
pub const PAGE_SIZE: u64 = 25;
/// How many petitions a body's page and feed list at most.
pub const BODY_LIMIT: u64 = 20;

/// A resolution a petition cites: the body that adopted it, its number and day.
#[derive(Debug, Clone)]
pub struct Citation {
    pub body: Body,
    pub resolution: ResolutionRecord,
}

/// A step of the path with its bodies and resolution.
#[derive(Debug, Clone)]
pub struct StepLine {
    pub step: StepRecord,
    pub body: Body,
    pub to: Option<Body>,
    pub resolution: Option<ResolutionRecord>,
}

/// How a petition stands today, from what is stored.
fn standing_of(repo: &mut dyn Repo, record: &PetitionRecord, today: Date) -> Result<(Standing, Vec<ReplyRecord>)> {
    let replies = repo.petition_replies(record.id)?;
    let kinds: Vec<ReplyKind> = replies.iter().map(|r| r.kind).collect();
    Ok((Standing::of(record.status, record.answer_by, record.reply_by, &kinds, today), replies))
}

fn body_of(registry: &Registry, id: BodyId, column: &str, row: i64) -> Result<Body> {
    registry.bodies.get(&id).cloned().ok_or_else(|| StoreError::missing(column, row).into())
}

fn steps(repo: &mut dyn Repo, registry: &Registry, id: super::PetitionId) -> Result<Vec<StepLine>> {
    let mut out = Vec::new();
    for step in repo.petition_steps(id)? {
        let body = body_of(registry, step.body_id, "petition_steps.body_id", id.0)?;
        let to = step.to_body_id.and_then(|b| registry.bodies.get(&b).cloned());
        let resolution = step.resolution_id.map(|r| repo.resolution(r)).transpose()?.flatten();
        out.push(StepLine { step, body, to, resolution });
    }
    Ok(out)
}

/// The resolutions of every level on a petition's path, lowest first: for a pliego, those of the
/// petitions merged into it, then its own. Each resolution once.
fn citations(repo: &mut dyn Repo, registry: &Registry, record: &PetitionRecord) -> Result<Vec<Citation>> {
    let mut lines = Vec::new();
    if record.kind == PetitionKind::Pliego {
        for member in repo.petitions_merged_into(record.id)? {
            lines.extend(steps(repo, registry, member.id)?);
        }
    }
    lines.extend(steps(repo, registry, record.id)?);
    let mut out: Vec<Citation> = Vec::new();
    for line in lines {
        if let Some(resolution) = line.resolution
            && !out.iter().any(|c| c.resolution.id == resolution.id)
        {
            out.push(Citation { body: line.body, resolution });
        }
    }
    Ok(out)
}

/// A petition with everything its page shows.
pub struct PetitionView {
    pub record: PetitionRecord,
    pub origin: Body,
    pub holder: Body,
    pub resolution: ResolutionRecord,
    pub standing: Standing,
    pub steps: Vec<StepLine>,
    pub replies: Vec<ReplyRecord>,
    pub citations: Vec<Citation>,
    pub authority: Option<AuthorityRecord>,
    /// "F1-OF-3/2026", once addressed.
    pub oficio: Option<String>,
    /// For a pliego: the petitions merged into it, with their origins.
    pub members: Vec<(PetitionRecord, Body)>,
    /// For a merged petition: the pliego it went into, and how it stands.
    pub pliego: Option<(PetitionRecord, Standing, Vec<ReplyRecord>)>,
    /// The motions put on assemblies about it, with their links.
    pub motions: Vec<(PetitionMotion, MotionRecord)>,
    /// Whether the viewer runs the holder's assemblies (may put it before one, record replies).
    pub may_run: bool,
    /// The holder's assemblies in session, while it waits and the viewer runs them.
    pub assemblies: Vec<AssemblyRecord>,
    /// The holder's authorities (to address it to), and the other petitions waiting in the same
    /// inbox (to merge with), while it waits and the viewer runs the holder's assemblies.
    pub authorities: Vec<AuthorityRecord>,
    pub mergeable: Vec<PetitionRecord>,
}

/// A petition, for whoever may see a body on its path.
pub fn view(store: &Store, ctx: &Ctx, petition: &str) -> Result<PetitionView> {
    store.read(|repo| {
        let registry = Registry::load(repo)?;
        let record = resolve_petition(repo, ctx, &registry, petition)?;
        let origin = body_of(&registry, record.origin_body_id, "petitions.origin_body_id", record.id.0)?;
        let holder = body_of(&registry, record.holder_body_id, "petitions.holder_body_id", record.id.0)?;
        let resolution = repo
            .resolution(record.resolution_id)?
            .ok_or_else(|| StoreError::missing("petitions.resolution_id", record.id.0))?;
        let (standing, replies) = standing_of(repo, &record, ctx.today)?;
        let steps = steps(repo, &registry, record.id)?;
        let citations = citations(repo, &registry, &record)?;
        let authority = record.authority_id.map(|a| repo.authority(a)).transpose()?.flatten();
        let oficio = record
            .oficio_number
            .zip(record.oficio_year)
            .map(|(n, y)| petition::oficio_reference(&holder.code, n, i32::try_from(y).unwrap_or_default()));
        let mut members = Vec::new();
        for member in repo.petitions_merged_into(record.id)? {
            let origin = body_of(&registry, member.origin_body_id, "petitions.origin_body_id", member.id.0)?;
            members.push((member, origin));
        }
        let pliego = match record.merged_into.map(|p| repo.petition(p)).transpose()?.flatten() {
            Some(p) => {
                let (standing, replies) = standing_of(repo, &p, ctx.today)?;
                Some((p, standing, replies))
            }
            None => None,
        };
        let mut motions = Vec::new();
        for link in repo.petition_motions(record.id)? {
            if let Some(m) = repo.motion(link.motion_id)? {
                motions.push((link, m));
            }
        }
        let may_run = ctx.may(&registry.tree, Action::RunAssembly, holder.id);
        let waiting = record.status == PetitionStatus::Waiting;
        let (assemblies, authorities, mergeable) = if waiting && may_run {
            let assemblies =
                repo.assemblies(holder.id, 50)?.into_iter().filter(|a| a.status == AssemblyStatus::Open).collect();
            let mergeable = repo
                .petition_inbox(holder.id, InboxFilter::Waiting, 0, 200)?
                .into_iter()
                .filter(|p| p.id != record.id)
                .collect();
            (assemblies, repo.authorities(holder.id)?, mergeable)
        } else {
            (Vec::new(), Vec::new(), Vec::new())
        };
        Ok(PetitionView {
            record,
            origin,
            holder,
            resolution,
            standing,
            steps,
            replies,
            citations,
            authority,
            oficio,
            members,
            pliego,
            motions,
            may_run,
            assemblies,
            authorities,
            mergeable,
        })
    })
}

/// A petition in a list, with its origin and how it stands.
#[derive(Debug, Clone)]
pub struct PetitionLine {
    pub record: PetitionRecord,
    pub origin: Body,
    pub holder: Body,
    pub standing: Standing,
    /// The last reply received, if any.
    pub last_reply: Option<ReplyRecord>,
}

fn line(repo: &mut dyn Repo, registry: &Registry, record: PetitionRecord, today: Date) -> Result<PetitionLine> {
    let origin = body_of(registry, record.origin_body_id, "petitions.origin_body_id", record.id.0)?;
    let holder = body_of(registry, record.holder_body_id, "petitions.holder_body_id", record.id.0)?;
    // Only an addressed petition has replies: the others need no second statement.
    let (standing, replies) = if record.status == PetitionStatus::Addressed {
        standing_of(repo, &record, today)?
    } else {
        (Standing::of(record.status, record.answer_by, record.reply_by, &[], today), Vec::new())
    };
    Ok(PetitionLine { record, origin, holder, standing, last_reply: replies.into_iter().last() })
}

/// A page of a body's inbox.
pub struct Inbox {
    pub body: Body,
    pub filter: InboxFilter,
    pub lines: Vec<PetitionLine>,
    /// How many match the filter, and how many wait / are overdue (for the filters' labels).
    pub total: u64,
    pub waiting: u64,
    pub overdue: u64,
    /// The page shown (0 first) and how many there are.
    pub page: u64,
    pub pages: u64,
    /// Whether the viewer runs the body's assemblies (and may raise its resolutions).
    pub may_run: bool,
    /// The body's resolutions it may raise, the parent they go to, and its authorities.
    pub resolutions: Vec<ResolutionRecord>,
    pub parent: Option<Body>,
    pub authorities: Vec<AuthorityRecord>,
}

/// A page of `body`'s inbox (`page` from 0) with `filter`, for whoever may see the body. Two
/// statements whatever the inbox's size (the page and the counts), and one more per line
/// addressed (its replies).
pub fn inbox(store: &Store, ctx: &Ctx, body: &str, filter: InboxFilter, page: u64) -> Result<Inbox> {
    // The tree from the store's cache (kept until the next write), as a body's page reads it.
    let snapshot = crate::registry::snapshot(store)?;
    let registry = &snapshot.registry;
    let body = registry.resolve(body)?.clone();
    registry.require(ctx, Action::ViewBody, body.id)?;
    store.read(|repo| {
        let counts = repo.count_petition_inbox(body.id, ctx.today)?;
        let (total, waiting, overdue) = (counts.of(filter), counts.waiting, counts.overdue);
        let pages = total.div_ceil(PAGE_SIZE).max(1);
        let page = page.min(pages - 1);
        let mut lines = Vec::new();
        for record in repo.petition_inbox(body.id, filter, page * PAGE_SIZE, PAGE_SIZE)? {
            lines.push(line(repo, registry, record, ctx.today)?);
        }
        let may_run = body.is_open() && ctx.may(&registry.tree, Action::RunAssembly, body.id);
        let parent = body.parent_id.and_then(|p| registry.bodies.get(&p).cloned());
        let (resolutions, authorities) = if may_run {
            (repo.resolutions(body.id, 50)?, repo.authorities(body.id)?)
        } else {
            (Vec::new(), Vec::new())
        };
        Ok(Inbox {
            body: body.clone(),
            filter,
            lines,
            total,
            waiting,
            overdue,
            page,
            pages,
            may_run,
            resolutions,
            parent,
            authorities,
        })
    })
}

/// The petitions on a body's page: those it raised or that passed through it, and the pliegos
/// they went into (whose replies are theirs too), newest first.
pub fn for_body(store: &Store, ctx: &Ctx, body: BodyId) -> Result<Vec<PetitionLine>> {
    store.read(|repo| {
        ctx.require(repo, Action::ViewBody, body)?;
        touching(repo, body, ctx.today)
    })
}

/// The petitions a body raised or that passed through it, each followed by the pliego it went
/// into. Only the bodies they name are read (with those above them), not the whole register: a
/// body's page at 23,000 bodies read every one here.
fn touching(repo: &mut dyn Repo, body: BodyId, today: Date) -> Result<Vec<PetitionLine>> {
    let mut records: Vec<PetitionRecord> = Vec::new();
    for record in repo.petitions_touching(body, BODY_LIMIT)? {
        let pliego = record.merged_into;
        records.push(record);
        if let Some(p) = pliego.map(|p| repo.petition(p)).transpose()?.flatten()
            && !records.iter().any(|r| r.id == p.id)
        {
            records.push(p);
        }
    }
    if records.is_empty() {
        return Ok(Vec::new());
    }
    let named: Vec<BodyId> = records.iter().flat_map(|r| [r.origin_body_id, r.holder_body_id]).collect();
    let registry = Registry::of(repo.bodies_with_ancestors(&named)?);
    let mut out: Vec<PetitionLine> = Vec::new();
    for record in records {
        out.push(line(repo, &registry, record, today)?);
    }
    Ok(out)
}

/// The petitions of a body that publishes its page, for its public feed: titles, bodies,
/// standing and replies; no personal data. A body that does not publish is not found.
pub fn public_for_body(store: &Store, code: &str, today: Date) -> Result<Vec<PetitionLine>> {
    store.read(|repo| {
        let body = crate::registry::resolve_body(repo, code)?;
        if !body.published {
            return Err(ServiceError::UnknownBody { reference: code.to_string() });
        }
        touching(repo, body.id, today)
    })
}

/// A signature line of an oficio: the office and whoever holds it today (none: a blank line).
pub struct Signer {
    pub office: String,
    pub holder: Option<PersonName>,
}

/// The letter a body sends an authority: its reference, the authority, what is asked, the
/// resolutions of every level, and the officers who sign (the statute's signing offices).
pub struct Oficio {
    pub view: PetitionView,
    pub reference: String,
    pub authority: AuthorityRecord,
    /// The day it was addressed.
    pub dated: i64,
    pub signers: Vec<Signer>,
}

/// The oficio of an addressed petition, for whoever may see a body on its path. A petition not
/// addressed has none.
pub fn oficio(store: &Store, ctx: &Ctx, petition: &str) -> Result<Oficio> {
    let view = view(store, ctx, petition)?;
    let (Some(reference), Some(authority), Some(dated)) =
        (view.oficio.clone(), view.authority.clone(), view.record.addressed_at)
    else {
        return Err(super::PetitionRefusal::NotSent.into());
    };
    let signers = store.read(|repo| {
        let (_, statute) =
            crate::assembly::statute_in_force(repo, &view.holder, cabildo_domain::assembly::AssemblyKind::Ordinaria)?;
        let offices = repo.offices(view.holder.id)?;
        Ok::<_, ServiceError>(
            statute
                .signer_offices
                .iter()
                .map(|office| Signer {
                    office: office.clone(),
                    holder: offices
                        .iter()
                        .find(|o| o.title.eq_ignore_ascii_case(office) && o.is_current(ctx.today))
                        .map(|o| o.holder.clone()),
                })
                .collect::<Vec<_>>(),
        )
    })?;
    Ok(Oficio { view, reference, authority, dated, signers })
}

/// Whether a step is one the base must read (reasons given by a body above).
pub fn has_reasons(step: &StepRecord) -> bool {
    step.action == StepAction::Returned && !step.reasons.is_empty()
}
