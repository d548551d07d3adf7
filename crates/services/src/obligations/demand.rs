//! Demands for explanation, visiting officers and informes. A base's assembly moves a motion
//! demanding that the holder of an office (of the base or of a body above it) explain; adopting
//! it (`close_vote` calls [`on_close`] in its transaction) opens the demand and puts the
//! officer's informe on the agenda of the next assembly of the base (or the higher body's next
//! ampliado) — or of the first one convened later ([`place_demands`], called by `convene`). The
//! demand closes, on the record, when whoever runs that assembly marks the item dealt with and
//! the officer was recorded present there ([`close_demand`]); an assembly that ends without it
//! leaves the demand open for the next one.

use cabildo_domain::access::Action;
use cabildo_domain::assembly::{AssemblyId, AssemblyKind, AssemblyStatus, AttendanceStatus, MotionId, Outcome};
use cabildo_domain::{Body, BodyId, Field, Office, OfficeId, PersonId, PublicId, text};
use cabildo_store::{
    AgendaItemRecord, AssemblyRecord, DemandRecord, DemandStatus, InformeRecord, MotionKind, MotionRecord, NewMotion,
    Repo, ResolutionRecord, Store, StoreError, VisitorRecord,
};

use super::{ObligationRefusal, may_read, require_read};
use crate::error::Refusal;
use crate::registry::Registry;
use crate::{Ctx, Result, ServiceError};

/// The longest informe.
pub const MAX_INFORME: usize = 20_000;
/// The longest title and text of a demand's motion (the assemblies' own limits).
const MAX_TITLE: usize = 200;
const MAX_TEXT: usize = 5_000;

/// What a base's officer types to move a demand for explanation.
#[derive(Debug, Clone, Default)]
pub struct DemandForm {
    /// The office whose holder must explain (its number).
    pub office: String,
    /// `base`: at the base's next assembly; `higher`: at the next ampliado of the office's body.
    pub venue: String,
    pub title: String,
    pub text: String,
}

/// What an officer types to submit an informe.
#[derive(Debug, Clone, Default)]
pub struct InformeForm {
    /// The office reported on (its number); the account must be linked to its holder.
    pub office: String,
    /// The agenda item's number in the assembly.
    pub item: String,
    pub text: String,
}

/// A demand with what it names.
#[derive(Debug, Clone)]
pub struct DemandView {
    pub record: DemandRecord,
    pub base: Body,
    pub venue: Body,
    pub office: Office,
    /// The resolution that opened it ("4/2026").
    pub resolution: Option<String>,
    /// The assembly where the informe is heard, and the item.
    pub venue_assembly: Option<AssemblyRecord>,
    pub item: Option<AgendaItemRecord>,
    /// Whether the officer was recorded present at the venue assembly.
    pub officer_present: bool,
    pub informes: Vec<InformeRecord>,
    /// Whether the viewer may mark the item dealt with (runs the venue's assemblies).
    pub may_close: bool,
}

impl DemandView {
    pub fn is_open(&self) -> bool {
        self.record.status == DemandStatus::Open
    }
}

fn office_of(repo: &mut dyn Repo, id: OfficeId) -> Result<Office> {
    repo.office(id)?.ok_or(ServiceError::UnknownOffice { id: id.0 })
}

fn present_at(repo: &mut dyn Repo, assembly: AssemblyId, person: PersonId) -> Result<bool> {
    let here = repo.attendance(assembly)?.iter().any(|a| a.person_id == person && a.status.is_here());
    Ok(here || repo.visitors(assembly)?.iter().any(|v| v.person_id == person && v.status.is_here()))
}

fn view_of(repo: &mut dyn Repo, ctx: &Ctx, registry: &Registry, record: DemandRecord) -> Result<DemandView> {
    let get =
        |id: BodyId| registry.bodies.get(&id).cloned().ok_or_else(|| StoreError::missing("demands.body_id", record.id));
    let base = get(record.body_id)?;
    let venue = get(record.venue_body_id)?;
    let office = office_of(repo, record.office_id)?;
    let resolution = match record.resolution_id {
        Some(id) => repo.resolution(id)?.map(|r| format!("{}/{}", r.number, r.year)),
        None => None,
    };
    let (venue_assembly, item, officer_present, informes) = match record.venue_assembly_id {
        Some(a) => {
            let assembly = repo.assembly(a)?;
            let item = match record.agenda_item_id {
                Some(i) => repo.agenda_items(a)?.into_iter().find(|x| x.id == i),
                None => None,
            };
            let present = present_at(repo, a, office.person_id)?;
            let informes: Vec<InformeRecord> =
                repo.informes(a)?.into_iter().filter(|i| Some(i.agenda_item_id) == record.agenda_item_id).collect();
            (assembly, item, present, informes)
        }
        None => (None, None, false, Vec::new()),
    };
    let may_close =
        record.status == DemandStatus::Open && ctx.may(&registry.tree, Action::RunAssembly, record.venue_body_id);
    Ok(DemandView {
        record,
        base,
        venue,
        office,
        resolution,
        venue_assembly,
        item,
        officer_present,
        informes,
        may_close,
    })
}

/// The demands a body made or hears, newest first.
pub(super) fn for_body(repo: &mut dyn Repo, ctx: &Ctx, registry: &Registry, body: &Body) -> Result<Vec<DemandView>> {
    let mut out = Vec::new();
    for record in repo.demands_of_body(body.id)? {
        if record.status != DemandStatus::NotAdopted {
            out.push(view_of(repo, ctx, registry, record)?);
        }
    }
    Ok(out)
}

/// The demands made of an office's holder while holding it, newest first.
pub(super) fn on_office(
    repo: &mut dyn Repo,
    ctx: &Ctx,
    registry: &Registry,
    office: &Office,
) -> Result<Vec<DemandView>> {
    let mut out = Vec::new();
    for record in repo.demands_on_person(office.person_id)? {
        if record.office_id == office.id && record.status != DemandStatus::NotAdopted {
            out.push(view_of(repo, ctx, registry, record)?);
        }
    }
    Ok(out)
}

fn resolve_demand(repo: &mut dyn Repo, reference: &str) -> Result<DemandRecord> {
    let reference = reference.trim();
    let found = match (reference.parse::<i64>(), PublicId::parse(reference)) {
        (Ok(id), _) => repo.demand(id)?,
        (_, Ok(public_id)) => repo.demand_by_public_id(public_id)?,
        _ => None,
    };
    found.ok_or_else(|| ObligationRefusal::UnknownDemand { reference: reference.to_string() }.into())
}

/// Whether the viewer may read a demand: the obligations of its base, of its venue or of the
/// office's body (whose record lists it).
fn may_read_demand(repo: &mut dyn Repo, ctx: &Ctx, registry: &Registry, d: &DemandRecord) -> Result<bool> {
    if may_read(ctx, registry, d.body_id) || may_read(ctx, registry, d.venue_body_id) {
        return Ok(true);
    }
    Ok(may_read(ctx, registry, office_of(repo, d.office_id)?.body_id))
}

/// A demand for whoever may read the obligations of its base, its venue or the office's body.
pub fn demand_view(store: &Store, ctx: &Ctx, demand: &str) -> Result<DemandView> {
    // The tree from the shared snapshot (kept until the next write), the rest from the database.
    let snapshot = crate::registry::snapshot(store)?;
    let registry = &snapshot.registry;
    store.read(|repo| {
        let record = resolve_demand(repo, demand)?;
        if !may_read_demand(repo, ctx, registry, &record)? {
            require_read(ctx, registry, record.body_id)?;
        }
        view_of(repo, ctx, registry, record)
    })
}

/// Moves a demand for explanation in an assembly in session of the base: a motion, which the
/// assembly votes like any other; adopting it opens the demand. The office must be of the base or
/// of a body above it, and held now.
pub fn move_demand(store: &Store, ctx: &Ctx, assembly: AssemblyId, form: &DemandForm) -> Result<DemandView> {
    let title = text::required(Field::MotionTitle, &form.title, MAX_TITLE)?;
    let motion_text = text::multiline(Field::MotionText, &form.text, MAX_TEXT)?;
    let office_number: i64 = match form.office.trim().parse() {
        Ok(n) => n,
        Err(_) if form.office.trim().is_empty() => {
            return Err(cabildo_domain::DomainError::Required { field: Field::OfficeTitle }.into());
        }
        Err(_) => {
            return Err(cabildo_domain::DomainError::Invalid {
                field: Field::OfficeTitle,
                value: form.office.trim().into(),
            }
            .into());
        }
    };
    store.write(|repo| {
        let meeting = repo.assembly(assembly)?.ok_or(Refusal::UnknownAssembly { id: assembly.0 })?;
        ctx.require(repo, Action::RunAssembly, meeting.body_id)?;
        let registry = Registry::load(repo)?;
        let base = registry.resolve(&meeting.body_id.0.to_string())?.clone();
        crate::assembly::require_status(&meeting, &[AssemblyStatus::Open])?;
        let office = office_of(repo, OfficeId(office_number))?;
        if !registry.tree.is_within(base.id, office.body_id) {
            if !may_read(ctx, &registry, office.body_id) {
                return Err(ServiceError::UnknownOffice { id: office_number });
            }
            return Err(ObligationRefusal::DemandOfficeOutside {
                office: office.title,
                owner: registry.label(office.body_id),
                body: base.label(),
            }
            .into());
        }
        if !office.is_current(ctx.today) {
            let on = office.ended_on.or(office.term_end).map(|d| d.to_string()).unwrap_or_default();
            return Err(ObligationRefusal::OfficeEnded { office: office.title, on }.into());
        }
        let (venue, venue_kind) = match text::fold(form.venue.trim()).as_str() {
            "" | "base" => (base.id, None),
            "higher" | "superior" | "ampliado" => {
                if office.body_id == base.id {
                    return Err(ObligationRefusal::DemandNoHigherBody { body: base.label() }.into());
                }
                (office.body_id, Some(AssemblyKind::Ampliado))
            }
            other => {
                return Err(
                    cabildo_domain::DomainError::Invalid { field: Field::Place, value: other.to_string() }.into()
                );
            }
        };
        let motion = repo.insert_motion(
            &NewMotion {
                assembly_id: meeting.id,
                kind: MotionKind::Motion,
                title: title.clone(),
                text: motion_text.clone(),
                proposer: base.label(),
                origin_id: None,
                amends_id: None,
                runoff_of: None,
                office_title: None,
                term_end: None,
                election_rule: None,
            },
            ctx.minter()?.mint()?,
        )?;
        let record = DemandRecord {
            id: 0,
            public_id: ctx.minter()?.mint()?,
            body_id: base.id,
            motion_id: motion,
            office_id: office.id,
            venue_body_id: venue,
            venue_kind,
            status: DemandStatus::Moved,
            resolution_id: None,
            opened_at: None,
            venue_assembly_id: None,
            agenda_item_id: None,
            closed_at: None,
            closed_by: None,
            created_at: ctx.now,
        };
        let id = repo.insert_demand(&record, record.public_id)?;
        ctx.audit(repo, Some(base.id), "motion.create", format!("{motion}: {title}"))?;
        ctx.audit(repo, Some(base.id), "demand.move", format!("{id}: {} ({})", office.title, office.holder.display()))?;
        let record = repo.demand(id)?.ok_or_else(|| ServiceError::Internal("a new demand was not found".into()))?;
        view_of(repo, ctx, &registry, record)
    })
}

/// The agenda item an informe is heard under.
fn item_title(office: &Office, base: &str, resolution: Option<&ResolutionRecord>) -> String {
    let number = resolution.map(|r| format!(", Res. {}/{}", r.number, r.year)).unwrap_or_default();
    format!("Informe — {} {} ({base}{number})", office.title, office.holder.display())
}

/// Puts an open demand's informe on `assembly`'s agenda.
fn place(repo: &mut dyn Repo, ctx: &Ctx, demand: &mut DemandRecord, assembly: AssemblyId) -> Result<()> {
    let office = office_of(repo, demand.office_id)?;
    let base = repo.body(demand.body_id)?.ok_or_else(|| StoreError::missing("demands.body_id", demand.id))?;
    let resolution = match demand.resolution_id {
        Some(id) => repo.resolution(id)?,
        None => None,
    };
    let item = repo.append_agenda_item(assembly, &item_title(&office, &base.label(), resolution.as_ref()))?;
    demand.venue_assembly_id = Some(assembly);
    demand.agenda_item_id = Some(item);
    repo.update_demand(demand)?;
    ctx.audit(repo, Some(demand.venue_body_id), "demand.place", format!("{}: {assembly}", demand.id))
}

/// Whether an assembly of the venue hears a demand: its kind, and not the one that adopted it.
fn hears(demand: &DemandRecord, assembly: &AssemblyRecord, adopted_in: Option<AssemblyId>) -> bool {
    assembly.body_id == demand.venue_body_id
        && demand.venue_kind.is_none_or(|k| k == assembly.kind)
        && Some(assembly.id) != adopted_in
        && matches!(assembly.status, AssemblyStatus::Convened | AssemblyStatus::Open)
}

/// Opens the demand an adopted motion made (or records that it was not adopted), and places its
/// informe on the venue's next assembly already convened. Called by `close_vote`.
pub(crate) fn on_close(
    repo: &mut dyn Repo,
    ctx: &Ctx,
    motion: &MotionRecord,
    outcome: Outcome,
    resolution: Option<&ResolutionRecord>,
) -> Result<()> {
    let Some(mut demand) = repo.demand_by_motion(motion.id)? else { return Ok(()) };
    if demand.status != DemandStatus::Moved {
        return Ok(());
    }
    let Some(resolution) = resolution.filter(|_| outcome == Outcome::Adopted) else {
        demand.status = DemandStatus::NotAdopted;
        repo.update_demand(&demand)?;
        return Ok(());
    };
    demand.status = DemandStatus::Open;
    demand.resolution_id = Some(resolution.id);
    demand.opened_at = Some(ctx.now);
    repo.update_demand(&demand)?;
    ctx.audit(repo, Some(demand.body_id), "demand.open", format!("{}: {}", demand.id, resolution.title))?;
    let next = repo
        .assemblies(demand.venue_body_id, 200)?
        .into_iter()
        .filter(|a| hears(&demand, a, Some(motion.assembly_id)) && a.scheduled_for.date() >= ctx.today)
        .min_by_key(|a| (a.scheduled_for, a.id));
    if let Some(next) = next {
        place(repo, ctx, &mut demand, next.id)?;
    }
    Ok(())
}

/// Places the open demands heard at `body` and waiting for an assembly on the one just convened.
/// Called by `convene`.
pub(crate) fn place_demands(repo: &mut dyn Repo, ctx: &Ctx, body: &Body, assembly: AssemblyId) -> Result<()> {
    let waiting = repo.demands_to_place(body.id)?;
    if waiting.is_empty() {
        return Ok(());
    }
    let Some(convened) = repo.assembly(assembly)? else { return Ok(()) };
    for mut demand in waiting {
        if hears(&demand, &convened, None) {
            place(repo, ctx, &mut demand, assembly)?;
        }
    }
    Ok(())
}

/// Marks a demand's item dealt with at its venue assembly and closes the demand, on the record:
/// refused until the officer was recorded present there. Whoever runs the venue's assemblies.
pub fn close_demand(store: &Store, ctx: &Ctx, demand: &str) -> Result<DemandView> {
    store.write(|repo| {
        let registry = Registry::load(repo)?;
        let mut record = resolve_demand(repo, demand)?;
        if !may_read_demand(repo, ctx, &registry, &record)? {
            require_read(ctx, &registry, record.body_id)?;
        }
        registry.require(ctx, Action::RunAssembly, record.venue_body_id)?;
        if record.status != DemandStatus::Open {
            return Err(ObligationRefusal::DemandNotOpen { status: record.status.code().into() }.into());
        }
        let Some(venue) = record.venue_assembly_id else { return Err(ObligationRefusal::DemandNotPlaced.into()) };
        let assembly =
            repo.assembly(venue)?.ok_or_else(|| StoreError::missing("demands.venue_assembly_id", record.id))?;
        let office = office_of(repo, record.office_id)?;
        if !present_at(repo, venue, office.person_id)? {
            return Err(ObligationRefusal::DemandOfficerAbsent {
                name: office.holder.display(),
                assembly: assembly.title,
            }
            .into());
        }
        record.status = DemandStatus::Closed;
        record.closed_at = Some(ctx.now);
        record.closed_by = Some(ctx.actor_name());
        repo.update_demand(&record)?;
        ctx.audit(repo, Some(record.venue_body_id), "demand.close", format!("{}: {}", record.id, assembly.title))?;
        if record.venue_body_id != record.body_id {
            ctx.audit(repo, Some(record.body_id), "demand.close", format!("{}: {}", record.id, assembly.title))?;
        }
        view_of(repo, ctx, &registry, record)
    })
}

/// A visiting officer as the assembly's page lists them.
#[derive(Debug, Clone)]
pub struct VisitorView {
    pub record: VisitorRecord,
    pub office: Office,
    pub body: Body,
}

/// Whether the holder of `office` owes `assembly`'s body attendance (an obligation of the
/// office's body towards it, of the assembly's kind), or a demand brings them to this assembly.
fn obliged(repo: &mut dyn Repo, office: &Office, assembly: &AssemblyRecord) -> Result<bool> {
    let bound = repo.obligations_towards(assembly.body_id)?.into_iter().any(|ob| {
        ob.body_id == office.body_id
            && ob.office_title.as_ref().is_none_or(|t| *t == office.title)
            && ob.assembly_kind.is_none_or(|k| k == assembly.kind)
    });
    if bound {
        return Ok(true);
    }
    Ok(repo
        .demands_on_person(office.person_id)?
        .iter()
        .any(|d| d.office_id == office.id && d.venue_assembly_id == Some(assembly.id)))
}

/// Records at the door of `assembly` an officer of another body whom an obligation (or a demand)
/// brings there: present, or excused. Not entitled to attend, a visitor counts for no quorum and
/// votes nothing. Whoever runs the assembly records it; refused for an officer nothing binds.
pub fn record_visit(
    store: &Store,
    ctx: &Ctx,
    assembly: AssemblyId,
    office: i64,
    excused: bool,
) -> Result<VisitorRecord> {
    store.write(|repo| {
        let meeting = repo.assembly(assembly)?.ok_or(Refusal::UnknownAssembly { id: assembly.0 })?;
        ctx.require(repo, Action::RunAssembly, meeting.body_id)?;
        crate::assembly::require_status(&meeting, &[AssemblyStatus::Convened, AssemblyStatus::Open])?;
        let registry = Registry::load(repo)?;
        let office = office_of(repo, OfficeId(office))?;
        let day = meeting.scheduled_for.date();
        let name = office.holder.display();
        if !office.is_current(day) || !obliged(repo, &office, &meeting)? {
            return Err(ObligationRefusal::VisitorNotObliged { name, body: registry.label(meeting.body_id) }.into());
        }
        let recorded = repo.attendance(assembly)?.iter().any(|a| a.person_id == office.person_id)
            || repo.visitors(assembly)?.iter().any(|v| v.person_id == office.person_id);
        if recorded {
            return Err(ObligationRefusal::VisitorAlreadyRecorded { name }.into());
        }
        let record = VisitorRecord {
            assembly_id: assembly,
            person_id: office.person_id,
            office_id: office.id,
            status: if excused { AttendanceStatus::Excused } else { AttendanceStatus::Present },
            at: ctx.now,
            recorded_by: ctx.actor_name(),
            name: Some(office.holder.clone()),
        };
        repo.insert_visitor(&record)?;
        ctx.audit(
            repo,
            Some(meeting.body_id),
            "assembly.visitor",
            format!("{assembly}: {} ({}, {})", name, office.title, record.status.code()),
        )?;
        Ok(record)
    })
}

/// An informe as an assembly's page shows it.
#[derive(Debug, Clone)]
pub struct InformeView {
    pub record: InformeRecord,
    pub office: Office,
    pub body: Body,
    pub item: Option<AgendaItemRecord>,
}

/// Attaches the informe of the holder of an office to an agenda item of an assembly. Only the
/// holder (the account linked to them) or the operator submits it.
pub fn submit_informe(store: &Store, ctx: &Ctx, assembly: AssemblyId, form: &InformeForm) -> Result<InformeRecord> {
    let informe = text::multiline(Field::Notes, &form.text, MAX_INFORME)?;
    if informe.is_empty() {
        return Err(cabildo_domain::DomainError::Required { field: Field::Notes }.into());
    }
    let office_number: i64 = form.office.trim().parse().map_err(|_| {
        ServiceError::from(cabildo_domain::DomainError::Invalid {
            field: Field::OfficeTitle,
            value: form.office.trim().into(),
        })
    })?;
    store.write(|repo| {
        let meeting = repo.assembly(assembly)?.ok_or(Refusal::UnknownAssembly { id: assembly.0 })?;
        let registry = Registry::load(repo)?;
        require_read(ctx, &registry, meeting.body_id)?;
        let office = office_of(repo, OfficeId(office_number))?;
        let holder = match &ctx.actor {
            crate::Actor::Operator => true,
            _ => crate::assembly::linked_person(repo, ctx)? == Some(office.person_id),
        };
        if !holder || !office.is_current(ctx.today) {
            return Err(ObligationRefusal::InformeNotHolder { office: office.title }.into());
        }
        let item = repo
            .agenda_items(assembly)?
            .into_iter()
            .find(|i| Some(i.position) == form.item.trim().parse::<i64>().ok())
            .ok_or_else(|| ObligationRefusal::UnknownAgendaItem { item: form.item.trim().to_string() })?;
        let record = InformeRecord {
            id: 0,
            public_id: ctx.minter()?.mint()?,
            assembly_id: assembly,
            agenda_item_id: item.id,
            office_id: office.id,
            text: informe.clone(),
            submitted_at: ctx.now,
            submitted_by: ctx.actor_name(),
        };
        let id = repo.insert_informe(&record, record.public_id)?;
        ctx.audit(
            repo,
            Some(meeting.body_id),
            "informe.submit",
            format!("{assembly}: {} — {}", office.title, item.title),
        )?;
        Ok(InformeRecord { id, ..record })
    })
}

/// An assembly's accountability: its agenda, the visiting officers, the informes, the demands
/// heard there, who may be recorded as a visitor and the offices the viewer may report for.
pub struct AssemblyAccountability {
    pub assembly: AssemblyRecord,
    pub body: Body,
    pub items: Vec<AgendaItemRecord>,
    pub visitors: Vec<VisitorView>,
    pub informes: Vec<InformeView>,
    pub demands: Vec<DemandView>,
    /// Officers of other bodies an obligation or a demand brings here, not recorded yet (for
    /// whoever runs the assembly).
    pub expected: Vec<(Office, Body)>,
    pub may_run: bool,
    /// The current offices of the body and of the bodies above it, with their body: whom a
    /// demand for explanation may name (for whoever runs the assembly, while it is in session).
    pub demandable: Vec<(Office, Body)>,
    /// The current offices of the person the viewer's account is linked to (to submit informes).
    pub my_offices: Vec<Office>,
}

/// The accountability part of an assembly, for whoever may read its body's obligations.
pub fn assembly_accountability(store: &Store, ctx: &Ctx, assembly: AssemblyId) -> Result<AssemblyAccountability> {
    // The tree from the shared snapshot (kept until the next write), the rest from the database.
    let snapshot = crate::registry::snapshot(store)?;
    let registry = &snapshot.registry;
    store.read(|repo| {
        let meeting = repo.assembly(assembly)?.ok_or(Refusal::UnknownAssembly { id: assembly.0 })?;
        require_read(ctx, registry, meeting.body_id)?;
        let body = registry
            .bodies
            .get(&meeting.body_id)
            .cloned()
            .ok_or_else(|| StoreError::missing("assemblies.body_id", assembly.0))?;
        let items = repo.agenda_items(assembly)?;
        let body_of = |id: BodyId| registry.bodies.get(&id).cloned();
        let mut visitors = Vec::new();
        for record in repo.visitors(assembly)? {
            let office = office_of(repo, record.office_id)?;
            if let Some(b) = body_of(office.body_id) {
                visitors.push(VisitorView { record, office, body: b });
            }
        }
        let mut informes = Vec::new();
        for record in repo.informes(assembly)? {
            let office = office_of(repo, record.office_id)?;
            let item = items.iter().find(|i| i.id == record.agenda_item_id).cloned();
            if let Some(b) = body_of(office.body_id) {
                informes.push(InformeView { record, office, body: b, item });
            }
        }
        let mut demands = Vec::new();
        for record in repo.demands_of_body(meeting.body_id)? {
            if record.venue_assembly_id == Some(assembly) {
                demands.push(view_of(repo, ctx, registry, record)?);
            }
        }
        let may_run = ctx.may(&registry.tree, Action::RunAssembly, meeting.body_id);
        let mut expected = Vec::new();
        if may_run && matches!(meeting.status, AssemblyStatus::Convened | AssemblyStatus::Open) {
            let day = meeting.scheduled_for.date();
            let attending = repo.attendance(assembly)?;
            let mut candidates: Vec<Office> = Vec::new();
            for ob in repo.obligations_towards(meeting.body_id)? {
                if ob.assembly_kind.is_some_and(|k| k != meeting.kind) {
                    continue;
                }
                for o in repo.offices(ob.body_id)? {
                    if o.is_current(day) && ob.office_title.as_ref().is_none_or(|t| *t == o.title) {
                        candidates.push(o);
                    }
                }
            }
            for d in &demands {
                if d.office.is_current(day) {
                    candidates.push(d.office.clone());
                }
            }
            candidates.sort_by_key(|o| o.id);
            candidates.dedup_by_key(|o| o.id);
            for o in candidates {
                let here = attending.iter().any(|a| a.person_id == o.person_id)
                    || visitors.iter().any(|v| v.record.person_id == o.person_id);
                if !here && let Some(b) = body_of(o.body_id) {
                    expected.push((o, b));
                }
            }
        }
        let mut demandable = Vec::new();
        if may_run && meeting.status == AssemblyStatus::Open {
            for b in crate::assembly::body_and_ancestors(repo, &body)? {
                for o in repo.offices(b.id)?.into_iter().filter(|o| o.is_current(ctx.today)) {
                    demandable.push((o, b.clone()));
                }
            }
        }
        let my_offices = match crate::assembly::linked_person(repo, ctx)? {
            Some(person) => {
                let mut mine = Vec::new();
                for b in crate::assembly::body_and_ancestors(repo, &body)? {
                    mine.extend(
                        repo.offices(b.id)?.into_iter().filter(|o| o.person_id == person && o.is_current(ctx.today)),
                    );
                }
                mine
            }
            None => Vec::new(),
        };
        Ok(AssemblyAccountability {
            assembly: meeting,
            body,
            items,
            visitors,
            informes,
            demands,
            expected,
            may_run,
            demandable,
            my_offices,
        })
    })
}

/// Whether an id is a motion that demands an explanation (its page links to the demand).
pub fn demand_of_motion(store: &Store, motion: MotionId) -> Result<Option<i64>> {
    store.read(|repo| Ok(repo.demand_by_motion(motion)?.map(|d| d.id)))
}
