//! Recall (revocatoria) of officers by the base.
//!
//! A recall is a motion of an assembly naming an office (`recall_motions`). In the office's own
//! body it is voted by the statute's recall rule (whatever rule the vote was opened with) and,
//! adopted, ends the office at once on the assembly's day with reason recall. In a base below the
//! office's body (a sindicato below a central, a federation, the confederation) its adoption is a
//! recall resolution: the first one opens a recall by the bases with the share and window of the
//! office's body's statute and its bases fixed then; each base counts once; when the share is
//! reached the office ends at once. A recall whose window closed short of it has failed: readers
//! compute that from the dates, and the next event about the office writes it (no background job).

use cabildo_domain::access::Action;
use cabildo_domain::assembly::{self, AssemblyId, AssemblyStatus, DecisionRule, Outcome};
use cabildo_domain::recall::{self as rule, RecallStatus, RecallTerms, Say};
use cabildo_domain::{Body, BodyId, Date, Field, Office, OfficeEnd, OfficeId};
use cabildo_store::{MotionRecord, NewMotion, NewRecall, RecallMotion, Repo, ResolutionRecord, Store, StoreError};

pub use cabildo_store::{RecallRecord, RecallResolution};

use super::{MAX_TEXT, MAX_TITLE, load, motion_record, require_status};
use crate::error::RecallRefusal;
use crate::registry::{Registry, resolve_body};
use crate::{Ctx, Result, ServiceError};

/// What an assembly's officers fill in to move a recall.
#[derive(Debug, Clone, Default)]
pub struct RecallForm {
    /// The office recalled.
    pub office: i64,
    /// The recall by the bases under way this motion is put on the agenda for (optional: a
    /// motion against an office with a recall under way joins it anyway).
    pub recall: Option<i64>,
    pub title: String,
    pub text: String,
    pub proposer: String,
}

/// What the statute in force of `body` says of recalls (the defaults if it says nothing).
pub fn recall_terms_of(repo: &mut dyn Repo, body: BodyId) -> Result<RecallTerms> {
    Ok(match repo.current_statute(body)? {
        Some(statute) => repo.statute_recall(statute.id)?.unwrap_or_default(),
        None => RecallTerms::default(),
    })
}

fn office_of(repo: &mut dyn Repo, id: OfficeId) -> Result<Office> {
    repo.office(id)?.ok_or(ServiceError::UnknownOffice { id: id.0 })
}

/// Whether `mover`'s assembly may recall `office` on `day`: its say, or the refusal.
fn check_recallable(repo: &mut dyn Repo, registry: &Registry, mover: &Body, office: &Office, day: Date) -> Result<Say> {
    let body = registry.label(office.body_id);
    let Some(say) = rule::say(&registry.tree, mover, office.body_id) else {
        return Err(RecallRefusal::NoSay { mover: mover.label(), office: office.title.clone(), body }.into());
    };
    if office.ended_on.is_some() || !office.is_current(day) {
        return Err(
            RecallRefusal::OfficeEnded { office: office.title.clone(), body, holder: office.holder.display() }.into()
        );
    }
    if say == Say::Base && recall_terms_of(repo, office.body_id)?.share.is_none() {
        return Err(RecallRefusal::NoShare { body }.into());
    }
    Ok(say)
}

/// Writes the failure of a recall whose window closed short of its share (once).
fn settle(repo: &mut dyn Repo, ctx: &Ctx, recall: RecallRecord) -> Result<RecallRecord> {
    if recall.outcome.is_none() && rule::status(None, recall.closes_on, ctx.today) == RecallStatus::Failed {
        let failed_on = recall.closes_on.succ_opt().unwrap_or(recall.closes_on);
        repo.set_recall_outcome(recall.id, RecallStatus::Failed, failed_on)?;
        let office = office_of(repo, recall.office_id)?;
        ctx.audit(
            repo,
            Some(recall.body_id),
            "recall.failed",
            format!("{}: {}, {}", recall.id, office.holder.display(), office.title),
        )?;
        return repo.recall(recall.id)?.ok_or_else(|| StoreError::missing("recalls", recall.id).into());
    }
    Ok(recall)
}

/// The recall by the bases under way against an office, after writing the failure of any whose
/// window closed.
fn under_way(repo: &mut dyn Repo, ctx: &Ctx, office: OfficeId) -> Result<Option<RecallRecord>> {
    let mut current = None;
    for recall in repo.recalls_of_office(office)? {
        let recall = settle(repo, ctx, recall)?;
        if recall.outcome.is_none() && current.is_none() {
            current = Some(recall);
        }
    }
    Ok(current)
}

fn resolution_label(r: &RecallResolution) -> String {
    format!("{}/{}", r.number, r.year)
}

/// Refuses a second resolution of `base` in `recall`.
fn not_counted_yet(repo: &mut dyn Repo, registry: &Registry, recall: &RecallRecord, base: &Body) -> Result<()> {
    if let Some(counted) = repo.recall_resolutions(recall.id)?.into_iter().find(|r| r.body_id == base.id) {
        let office = office_of(repo, recall.office_id)?;
        return Err(RecallRefusal::AlreadyCounted {
            base: base.label(),
            office: office.title,
            body: registry.label(recall.body_id),
            resolution: resolution_label(&counted),
        }
        .into());
    }
    Ok(())
}

fn window_closed(repo: &mut dyn Repo, registry: &Registry, recall: &RecallRecord) -> Result<ServiceError> {
    let office = office_of(repo, recall.office_id)?;
    Ok(RecallRefusal::WindowClosed {
        office: office.title,
        body: registry.label(recall.body_id),
        closed: recall.closes_on.format("%d/%m/%Y").to_string(),
    }
    .into())
}

/// Moves a recall of an office in an assembly in session: of the assembly's own body, or (from a
/// base) of a body above it whose statute sets a share of bases.
pub fn move_recall(store: &Store, ctx: &Ctx, id: AssemblyId, form: &RecallForm) -> Result<MotionRecord> {
    let title = assembly::required_text(Field::MotionTitle, &form.title, MAX_TITLE)?;
    let text = assembly::required_text(Field::MotionText, &form.text, MAX_TEXT)?;
    let proposer = assembly::required_text(Field::Proposer, &form.proposer, MAX_TITLE)?;
    store.write(|repo| {
        let (assembly, body) = load(repo, ctx, id, Action::RunAssembly)?;
        require_status(&assembly, &[AssemblyStatus::Open])?;
        let office = office_of(repo, OfficeId(form.office))?;
        let registry = Registry::load(repo)?;
        let day = assembly.scheduled_for.date();
        let say = check_recallable(repo, &registry, &body, &office, day)?;
        let recall = match say {
            Say::Own => match form.recall {
                Some(recall) => return Err(RecallRefusal::UnknownRecall { id: recall }.into()),
                None => None,
            },
            Say::Base => {
                let current = under_way(repo, ctx, office.id)?;
                let recall = match form.recall {
                    None => current,
                    Some(rid) => {
                        let recall = repo
                            .recall(rid)?
                            .filter(|r| r.office_id == office.id)
                            .ok_or(RecallRefusal::UnknownRecall { id: rid })?;
                        let recall = settle(repo, ctx, recall)?;
                        if recall.outcome.is_some() {
                            return Err(window_closed(repo, &registry, &recall)?);
                        }
                        Some(recall)
                    }
                };
                if let Some(recall) = &recall {
                    not_counted_yet(repo, &registry, recall, &body)?;
                }
                recall
            }
        };
        let motion_id = repo.insert_motion(
            &NewMotion::motion(id, title.clone(), text.clone(), proposer.clone()),
            ctx.minter()?.mint()?,
        )?;
        repo.insert_recall_motion(&RecallMotion {
            motion_id,
            office_id: office.id,
            recall_id: recall.as_ref().map(|r| r.id),
        })?;
        ctx.audit(repo, Some(body.id), "recall.move", format!("{motion_id}: {title}"))?;
        motion_record(repo, motion_id)
    })
}

/// The rule a recall motion is voted by: the recall rule of the statute of the assembly's body
/// (`None` for any other motion).
pub(super) fn recall_rule(repo: &mut dyn Repo, motion: &MotionRecord, body: &Body) -> Result<Option<DecisionRule>> {
    if repo.recall_motion(motion.id)?.is_none() {
        return Ok(None);
    }
    Ok(Some(recall_terms_of(repo, body.id)?.rule))
}

/// What the close of a recall motion did.
#[derive(Debug, Clone, PartialEq)]
pub enum RecallEffect {
    /// The office ended (the body's own recall, or the share of the bases reached).
    Recalled { office: OfficeId, recall: Option<i64> },
    /// The base's resolution was counted in a recall by the bases still under way.
    Counted { recall: i64, adopted: u64, needed: u64 },
}

/// Applies the close of a vote on a recall motion, in the closing transaction: refuses when the
/// office ended meanwhile, the base has already counted, or the window closed; counts the base's
/// resolution and ends the office when it is due. A motion that is not a recall, or that was not
/// adopted, changes nothing here.
pub(super) fn on_close(
    repo: &mut dyn Repo,
    ctx: &Ctx,
    motion: &MotionRecord,
    body: &Body,
    day: Date,
    outcome: Outcome,
    resolution: Option<&ResolutionRecord>,
) -> Result<Option<RecallEffect>> {
    let Some(link) = repo.recall_motion(motion.id)? else { return Ok(None) };
    if outcome != Outcome::Adopted {
        return Ok(None);
    }
    let resolution = resolution.ok_or_else(|| ServiceError::Internal("an adopted recall has no resolution".into()))?;
    let office = office_of(repo, link.office_id)?;
    let registry = Registry::load(repo)?;
    let say = check_recallable(repo, &registry, body, &office, day)?;
    let what = format!("{}, {}", office.holder.display(), office.title);
    if say == Say::Own {
        end_office(repo, &office, day)?;
        ctx.audit(repo, Some(office.body_id), "recall.recalled", format!("{}: {what}", office.id))?;
        return Ok(Some(RecallEffect::Recalled { office: office.id, recall: None }));
    }
    let recall = match link.recall_id {
        Some(rid) => {
            let recall = repo.recall(rid)?.ok_or_else(|| StoreError::missing("recalls", rid))?;
            let recall = settle(repo, ctx, recall)?;
            if recall.outcome.is_some() {
                return Err(window_closed(repo, &registry, &recall)?);
            }
            recall
        }
        None => match under_way(repo, ctx, office.id)? {
            Some(recall) => recall,
            None => open_recall(repo, ctx, &registry, &office, day, &what)?,
        },
    };
    not_counted_yet(repo, &registry, &recall, body)?;
    let bases = repo.recall_bases(recall.id)?;
    if !bases.contains(&body.id) {
        return Err(RecallRefusal::NoSay {
            mover: body.label(),
            office: office.title.clone(),
            body: registry.label(office.body_id),
        }
        .into());
    }
    if link.recall_id.is_none() {
        repo.link_recall_motion(motion.id, recall.id)?;
    }
    repo.insert_recall_resolution(recall.id, body.id, resolution.id, day)?;
    ctx.audit(repo, Some(body.id), "recall.count", format!("{}: {what}", recall.id))?;
    let adopted = repo.recall_resolutions(recall.id)?.len() as u64;
    let total = bases.len() as u64;
    if recall.share.reached(adopted, total) {
        end_office(repo, &office, day)?;
        repo.set_recall_outcome(recall.id, RecallStatus::Recalled, day)?;
        ctx.audit(repo, Some(office.body_id), "recall.recalled", format!("{}: {what}", recall.id))?;
        return Ok(Some(RecallEffect::Recalled { office: office.id, recall: Some(recall.id) }));
    }
    Ok(Some(RecallEffect::Counted { recall: recall.id, adopted, needed: recall.share.needed(total) }))
}

/// Opens a recall by the bases of the office's body, with its statute's share and window and
/// the bases below it now.
fn open_recall(
    repo: &mut dyn Repo,
    ctx: &Ctx,
    registry: &Registry,
    office: &Office,
    day: Date,
    what: &str,
) -> Result<RecallRecord> {
    let terms = recall_terms_of(repo, office.body_id)?;
    let share = terms.share.ok_or_else(|| RecallRefusal::NoShare { body: registry.label(office.body_id) })?;
    // The window runs from the day the recall is recorded (an assembly's vote may be closed
    // after its day).
    let opened_on = day.max(ctx.today);
    let mut bodies: Vec<&Body> = registry.bodies.values().collect();
    bodies.sort_by_key(|b| b.id);
    let bases = rule::bases(bodies, &registry.tree, office.body_id);
    let id = repo.insert_recall(
        &NewRecall {
            office_id: office.id,
            body_id: office.body_id,
            base_kind: rule::BASE_KIND,
            share,
            opened_on,
            closes_on: rule::closes_on(opened_on, terms.window_days),
            opened_at: ctx.now,
        },
        &bases,
        ctx.minter()?.mint()?,
    )?;
    ctx.audit(repo, Some(office.body_id), "recall.open", format!("{id}: {what}"))?;
    repo.recall(id)?.ok_or_else(|| StoreError::missing("recalls", id).into())
}

/// The office ends on `day` with reason recall (never before it began).
fn end_office(repo: &mut dyn Repo, office: &Office, day: Date) -> Result<()> {
    let on = if office.term_start > day { office.term_start } else { day };
    repo.end_office(office.id, on, OfficeEnd::Recall)?;
    Ok(())
}

// --- reads ------------------------------------------------------------------------------------

/// A recall by the bases as its page shows it.
#[derive(Debug, Clone)]
pub struct RecallView {
    pub recall: RecallRecord,
    /// As of the viewer's day: a failure is computed from the dates before it is written.
    pub status: RecallStatus,
    pub office: Office,
    pub body: Body,
    pub bases: u64,
    pub needed: u64,
    /// Each counted resolution with its base.
    pub adopted: Vec<(Body, RecallResolution)>,
    /// The bases that have not adopted one.
    pub missing: Vec<Body>,
}

/// Whether the viewer may see a recall: the office's body and those above it, the bases that
/// took part and, while it is under way, every base of it.
fn may_see(
    ctx: &Ctx,
    registry: &Registry,
    recall: &RecallRecord,
    status: RecallStatus,
    bases: &[BodyId],
    took_part: &[BodyId],
) -> bool {
    let may = |b: BodyId| ctx.may(&registry.tree, Action::ViewBody, b);
    may(recall.body_id)
        || took_part.iter().any(|b| may(*b))
        || (status == RecallStatus::UnderWay && bases.iter().any(|b| may(*b)))
}

fn body_in(registry: &Registry, id: BodyId) -> Result<Body> {
    registry.bodies.get(&id).cloned().ok_or_else(|| StoreError::missing("bodies", id.0).into())
}

/// A recall's page: who is recalled, by which bases' resolutions, when.
pub fn recall_view(store: &Store, ctx: &Ctx, id: i64) -> Result<RecallView> {
    store.read(|repo| {
        let recall = repo.recall(id)?.ok_or(RecallRefusal::UnknownRecall { id })?;
        let registry = Registry::load(repo)?;
        let status = rule::status(recall.outcome, recall.closes_on, ctx.today);
        let bases = repo.recall_bases(recall.id)?;
        let resolutions = repo.recall_resolutions(recall.id)?;
        let took_part: Vec<BodyId> = resolutions.iter().map(|r| r.body_id).collect();
        if !may_see(ctx, &registry, &recall, status, &bases, &took_part) {
            // The refusal a body's page would give: sign in, or no right over the office's body.
            ctx.require(repo, Action::ViewBody, recall.body_id)?;
        }
        let office = office_of(repo, recall.office_id)?;
        let body = body_in(&registry, recall.body_id)?;
        let mut adopted = Vec::with_capacity(resolutions.len());
        for r in resolutions {
            adopted.push((body_in(&registry, r.body_id)?, r));
        }
        let mut missing = Vec::new();
        for b in &bases {
            if !took_part.contains(b) {
                missing.push(body_in(&registry, *b)?);
            }
        }
        let total = bases.len() as u64;
        Ok(RecallView {
            needed: recall.share.needed(total),
            bases: total,
            recall,
            status,
            office,
            body,
            adopted,
            missing,
        })
    })
}

/// A recall in a list: a body's page, its feed.
#[derive(Debug, Clone)]
pub struct RecallLine {
    pub recall: RecallRecord,
    pub status: RecallStatus,
    pub office: Office,
    /// The office's body, named ("Federación Norte (F1)").
    pub body: String,
    pub adopted: u64,
    pub bases: u64,
    pub needed: u64,
    /// Whether the body the list is about has counted a resolution in it.
    pub counted_here: bool,
    /// Whether the body the list is about is one of its bases.
    pub base_here: bool,
}

/// A body's recalls as its page lists them. The bodies they involve are read with those above
/// them (for the permissions and the names), not the whole register: a body's page at 23,000
/// bodies read every one here.
fn lines_about(repo: &mut dyn Repo, ctx: Option<&Ctx>, today: Date, body: &Body) -> Result<Vec<RecallLine>> {
    let mut found = Vec::new();
    for recall in repo.recalls_about(&[body.id])? {
        let bases = repo.recall_bases(recall.id)?;
        let resolutions = repo.recall_resolutions(recall.id)?;
        let took_part: Vec<BodyId> = resolutions.iter().map(|r| r.body_id).collect();
        found.push((recall, bases, took_part));
    }
    if found.is_empty() {
        return Ok(Vec::new());
    }
    let involved: Vec<BodyId> = found
        .iter()
        .flat_map(|(recall, bases, took_part)| {
            std::iter::once(recall.body_id).chain(bases.iter().copied()).chain(took_part.iter().copied())
        })
        .collect();
    let registry = Registry::of(repo.bodies_with_ancestors(&involved)?);
    let mut out = Vec::new();
    for (recall, bases, took_part) in found {
        let status = rule::status(recall.outcome, recall.closes_on, today);
        if let Some(ctx) = ctx
            && !may_see(ctx, &registry, &recall, status, &bases, &took_part)
        {
            continue;
        }
        let office = office_of(repo, recall.office_id)?;
        let total = bases.len() as u64;
        out.push(RecallLine {
            status,
            body: registry.label(recall.body_id),
            adopted: took_part.len() as u64,
            bases: total,
            needed: recall.share.needed(total),
            counted_here: took_part.contains(&body.id),
            base_here: bases.contains(&body.id),
            office,
            recall,
        });
    }
    Ok(out)
}

/// The recalls a body's page shows: of its own offices, and those it is a base of (under way,
/// or that it took part in), as the viewer may see them.
pub fn body_recalls(store: &Store, ctx: &Ctx, body: &str) -> Result<(Body, Vec<RecallLine>)> {
    store.read(|repo| {
        let body = resolve_body(repo, body)?;
        ctx.require(repo, Action::ViewBody, body.id)?;
        let lines = lines_about(repo, Some(ctx), ctx.today, &body)?;
        Ok((body, lines))
    })
}

/// The recalls a published body's feed announces (its own offices', and those it is a base of):
/// the office, its holder and the counts, as its public page shows its directiva.
pub fn public_recalls(store: &Store, code: &str, today: Date) -> Result<Vec<RecallLine>> {
    store.read(|repo| {
        let body = resolve_body(repo, code)?;
        if !body.published {
            return Err(ServiceError::UnknownBody { reference: code.to_string() });
        }
        lines_about(repo, None, today, &body)
    })
}

/// An office an assembly may recall, with the recall by the bases under way against it.
#[derive(Debug, Clone)]
pub struct RecallChoice {
    pub office: Office,
    /// The office's body, named.
    pub body: String,
    /// Whether it is an office of the assembly's own body.
    pub own: bool,
    pub under_way: Option<RecallRecord>,
    /// Whether the assembly's body has already counted in the recall under way.
    pub counted: bool,
}

/// The offices an assembly may move a recall of: the current offices of its own body and, for a
/// base, those of the bodies above it whose statute sets a share of bases.
pub fn recall_choices(
    store: &Store,
    ctx: &Ctx,
    id: AssemblyId,
) -> Result<(cabildo_store::AssemblyRecord, Vec<RecallChoice>)> {
    store.read(|repo| {
        let (assembly, body) = load(repo, ctx, id, Action::RunAssembly)?;
        let registry = Registry::load(repo)?;
        let day = assembly.scheduled_for.date();
        let mut choices = Vec::new();
        let mut holders = vec![body.id];
        if body.kind == rule::BASE_KIND {
            holders.extend(registry.tree.ancestors(body.id));
        }
        for holder in holders {
            let own = holder == body.id;
            if !own && recall_terms_of(repo, holder)?.share.is_none() {
                continue;
            }
            for office in repo.offices(holder)? {
                if office.ended_on.is_some() || !office.is_current(day) {
                    continue;
                }
                let mut under_way = None;
                let mut counted = false;
                if !own {
                    for recall in repo.recalls_of_office(office.id)? {
                        if rule::status(recall.outcome, recall.closes_on, ctx.today) == RecallStatus::UnderWay {
                            counted = repo.recall_resolutions(recall.id)?.iter().any(|r| r.body_id == body.id);
                            under_way = Some(recall);
                            break;
                        }
                    }
                }
                choices.push(RecallChoice { body: registry.label(holder), own, under_way, counted, office });
            }
        }
        Ok((assembly, choices))
    })
}

/// What the statute an assembly opened under says of recalls (before it opens: the statute in
/// force), for the statute facts its acta prints.
pub fn assembly_recall_terms(store: &Store, ctx: &Ctx, id: AssemblyId) -> Result<RecallTerms> {
    store.read(|repo| {
        let (assembly, body) = load(repo, ctx, id, Action::ViewBody)?;
        match assembly.statute_id {
            Some(statute) => Ok(repo.statute_recall(statute)?.unwrap_or_default()),
            None => recall_terms_of(repo, body.id),
        }
    })
}

/// What a recall motion recalls, for its page: the office (and its body, named), the recall by the
/// bases it counts in, and the rule it is voted by.
#[derive(Debug, Clone)]
pub struct MotionRecall {
    pub office: Office,
    pub body: String,
    pub recall: Option<i64>,
    pub rule: DecisionRule,
}

/// The recall a motion moves, if it is one (`None` for any other motion).
pub fn motion_recall(store: &Store, ctx: &Ctx, motion: assembly::MotionId) -> Result<Option<MotionRecall>> {
    store.read(|repo| {
        let Some(link) = repo.recall_motion(motion)? else { return Ok(None) };
        let record = motion_record(repo, motion)?;
        let (_, body) = load(repo, ctx, record.assembly_id, Action::ViewBody)?;
        let office = office_of(repo, link.office_id)?;
        let label = Registry::load(repo)?.label(office.body_id);
        let rule = recall_terms_of(repo, body.id)?.rule;
        Ok(Some(MotionRecall { office, body: label, recall: link.recall_id, rule }))
    })
}
