//! Attendance obligations and accountability (issue 14, item 4). A body states what its officers
//! owe: "the holder of office O attends an assembly of each body below (of kind K) every
//! quarter", "the directiva attends every ampliado of the federation". Whether they kept it is
//! computed on every read from the assemblies held and what their doors recorded — attendance,
//! or a visiting officer (`demand::record_visit`) — by [`cabildo_domain::obligation::assess`];
//! nobody declares it and nothing of it is stored. `demand.rs` holds demands for explanation,
//! visiting officers and informes.

use std::collections::HashMap;

use cabildo_domain::access::Action;
use cabildo_domain::assembly::AssemblyKind;
use cabildo_domain::obligation::{self, Cadence, Held, ObligationId, Seen, Standing, Summary};
use cabildo_domain::{Body, BodyId, BodyKind, Date, Field, Office, OfficeId, PersonId, PublicId, text};
pub use cabildo_store::{DemandRecord, DemandStatus, InformeRecord, ObligationRecord, OwedAssembly, VisitorRecord};
use cabildo_store::{Repo, Store, StoreError};

use crate::registry::Registry;
use crate::{Actor, Ctx, Result, ServiceError};

mod demand;
mod refusal;

pub use demand::{
    AssemblyAccountability, DemandForm, DemandView, InformeForm, InformeView, VisitorView, assembly_accountability,
    close_demand, demand_of_motion, demand_view, move_demand, record_visit, submit_informe,
};
pub(crate) use demand::{on_close, place_demands};
pub use refusal::{ObligationRefusal, ObligationRefusalKind};

/// What an officer types to state an obligation.
#[derive(Debug, Clone, Default)]
pub struct ObligationForm {
    /// The office bound: its title in the body's directiva, or its number; empty or
    /// "directiva": the whole directiva.
    pub office: String,
    /// The body whose assemblies are owed (number, public id or code); empty: each body right
    /// below the stating body.
    pub target: String,
    /// With no target: only the bodies below of this kind (`central`); empty: every kind.
    pub child_kind: String,
    /// Only assemblies of this kind (`ampliado`); empty: any.
    pub assembly_kind: String,
    /// `month`, `quarter`, `year` or `every_assembly`.
    pub cadence: String,
    /// From when it binds (`2025-01-01` or `01/01/2025`); empty: today.
    pub since: String,
}

/// Whether the viewer may read a body's obligations: whoever may see the body, and whoever holds
/// a role anywhere below it (the afiliado of a sindicato reads its federation's leaders' record).
pub(crate) fn may_read(ctx: &Ctx, registry: &Registry, body: BodyId) -> bool {
    match &ctx.actor {
        Actor::Operator => true,
        Actor::Anonymous => false,
        Actor::Account { grants, .. } => {
            ctx.may(&registry.tree, Action::ViewBody, body)
                || grants.iter().any(|g| registry.tree.is_within(g.body, body))
        }
    }
}

pub(crate) fn require_read(ctx: &Ctx, registry: &Registry, body: BodyId) -> Result<()> {
    if may_read(ctx, registry, body) {
        return Ok(());
    }
    registry.require(ctx, Action::ViewBody, body)
}

/// The office an obligation form names in `body`: `None` for the whole directiva.
fn bound_office(
    repo: &mut dyn Repo,
    ctx: &Ctx,
    registry: &Registry,
    body: &Body,
    typed: &str,
) -> Result<Option<String>> {
    let typed = typed.trim();
    if typed.is_empty() || text::fold(typed) == "directiva" {
        return Ok(None);
    }
    if let Ok(number) = typed.parse::<i64>() {
        let office = repo.office(OfficeId(number))?.ok_or(ServiceError::UnknownOffice { id: number })?;
        if office.body_id != body.id {
            if !may_read(ctx, registry, office.body_id) {
                return Err(ServiceError::UnknownOffice { id: number });
            }
            return Err(ObligationRefusal::OfficeOfAnotherBody {
                office: office.title,
                owner: registry.label(office.body_id),
                body: body.label(),
            }
            .into());
        }
        return Ok(Some(office.title));
    }
    let key = text::fold(typed);
    repo.offices(body.id)?
        .into_iter()
        .find(|o| o.is_current(ctx.today) && text::fold(&o.title) == key)
        .map(|o| Some(o.title))
        .ok_or_else(|| ObligationRefusal::NoSuchOffice { office: typed.to_string(), body: body.label() }.into())
}

/// The open bodies right below `body` (of `kind`), by code.
fn bodies_below(registry: &Registry, body: BodyId, kind: Option<BodyKind>) -> Vec<Body> {
    let mut below: Vec<Body> = registry
        .tree
        .children(body)
        .iter()
        .filter_map(|id| registry.bodies.get(id))
        .filter(|b| b.is_open() && kind.is_none_or(|k| b.kind == k))
        .cloned()
        .collect();
    below.sort_by(|a, b| a.code.cmp(&b.code));
    below
}

/// States an obligation of `body`: refused when the office does not exist in its directiva (or is
/// another body's), when the target is neither above nor below it, and when nothing is owed.
/// Whoever may change the body's statute states it.
pub fn state(store: &Store, ctx: &Ctx, body: &str, form: &ObligationForm) -> Result<ObligationRecord> {
    let cadence: Cadence = match form.cadence.trim() {
        "" => return Err(cabildo_domain::DomainError::Required { field: Field::Cadence }.into()),
        value => value.parse()?,
    };
    let child_kind: Option<BodyKind> = match form.child_kind.trim() {
        "" => None,
        value => Some(value.parse()?),
    };
    let assembly_kind: Option<AssemblyKind> = match form.assembly_kind.trim() {
        "" => None,
        value => Some(value.parse()?),
    };
    let since: Date = match form.since.trim() {
        "" => ctx.today,
        value => cabildo_domain::padron::parse_date(Field::Date, value)?,
    };
    store.write(|repo| {
        let registry = Registry::load(repo)?;
        let body = registry.resolve(body)?.clone();
        registry.require(ctx, Action::EditStatute, body.id)?;
        if !body.is_open() {
            return Err(ServiceError::BodyClosed { body: body.label() });
        }
        let office_title = bound_office(repo, ctx, &registry, &body, &form.office)?;
        let target = match form.target.trim() {
            "" => None,
            reference => {
                let target = registry.resolve(reference)?.clone();
                let related =
                    registry.tree.is_within(body.id, target.id) || registry.tree.is_within(target.id, body.id);
                if !related {
                    if !ctx.may(&registry.tree, Action::ViewBody, target.id) {
                        return Err(ServiceError::UnknownBody { reference: reference.to_string() });
                    }
                    return Err(
                        ObligationRefusal::TargetUnrelated { target: target.label(), body: body.label() }.into()
                    );
                }
                Some(target.id)
            }
        };
        if target.is_none() && bodies_below(&registry, body.id, child_kind).is_empty() {
            return Err(ObligationRefusal::NothingOwed { body: body.label() }.into());
        }
        let new = ObligationRecord {
            id: ObligationId(0),
            public_id: ctx.minter()?.mint()?,
            body_id: body.id,
            office_title: office_title.clone(),
            target_body_id: target,
            child_kind: if target.is_none() { child_kind } else { None },
            assembly_kind,
            cadence,
            since,
            ended_on: None,
            stated_at: ctx.now,
            stated_by: ctx.actor_name(),
        };
        let id = repo.insert_obligation(&new, new.public_id)?;
        let office = office_title.unwrap_or_else(|| "directiva".into());
        ctx.audit(repo, Some(body.id), "obligation.state", format!("{id}: {office} ({})", cadence.code()))?;
        repo.obligation(id)?.ok_or_else(|| ServiceError::Internal("a new obligation was not found".into()))
    })
}

/// Ends an obligation (the statute no longer asks it): it binds up to and including `on` (today
/// when left out) and is counted no further. Refused when it already ended or `on` is before it
/// began. Whoever may change the stating body's statute ends it.
pub fn end(store: &Store, ctx: &Ctx, obligation: &str, on: &str) -> Result<ObligationRecord> {
    let on: Date = match on.trim() {
        "" => ctx.today,
        value => cabildo_domain::padron::parse_date(Field::Date, value)?,
    };
    store.write(|repo| {
        let record = resolve_obligation(repo, obligation)?;
        let registry = Registry::load(repo)?;
        require_read(ctx, &registry, record.body_id)?;
        registry.require(ctx, Action::EditStatute, record.body_id)?;
        let day = |d: Date| d.format("%d/%m/%Y").to_string();
        if let Some(ended) = record.ended_on {
            return Err(ObligationRefusal::ObligationEnded { on: day(ended) }.into());
        }
        if on < record.since {
            return Err(ObligationRefusal::EndsBeforeItBegins { since: day(record.since), on: day(on) }.into());
        }
        if !repo.end_obligation(record.id, on)? {
            return Err(ObligationRefusal::ObligationEnded { on: day(on) }.into());
        }
        let office = record.office_title.clone().unwrap_or_else(|| "directiva".into());
        let detail = format!("{}: {office}, {}", record.id.0, day(on));
        ctx.audit(repo, Some(record.body_id), "obligation.end", detail)?;
        repo.obligation(record.id)?.ok_or_else(|| ServiceError::Internal("an ended obligation was not found".into()))
    })
}

/// The arguments of the message that says an obligation's counts (`oblig-summary`), as the pages
/// and the command line say them.
pub fn summary_args(s: &Summary) -> [(&'static str, String); 5] {
    [
        ("required", s.required.to_string()),
        ("attended", s.attended.to_string()),
        ("excused", s.excused.to_string()),
        ("overdue", s.overdue.to_string()),
        ("pending", s.pending.to_string()),
    ]
}

/// One thing owed, as a page shows it.
#[derive(Debug, Clone)]
pub struct LedgerLine {
    /// The body owed.
    pub body: BodyId,
    pub period: Option<obligation::Period>,
    pub standing: Standing,
    /// The assembly that decided it (attended, excused), or the one owed (every assembly).
    pub assembly: Option<OwedAssembly>,
}

/// An obligation with what was kept of it.
#[derive(Debug, Clone)]
pub struct Ledger {
    pub record: ObligationRecord,
    /// The stating body.
    pub body: Body,
    /// The target body, when it names one.
    pub target: Option<Body>,
    /// The bodies owed.
    pub owed: Vec<Body>,
    /// Who holds the office bound today.
    pub holders: Vec<Office>,
    pub lines: Vec<LedgerLine>,
    pub summary: Summary,
}

impl Ledger {
    /// The bodies owed with the lines of each, in order.
    pub fn by_body(&self) -> Vec<(&Body, Vec<&LedgerLine>)> {
        self.owed.iter().map(|b| (b, self.lines.iter().filter(|l| l.body == b.id).collect())).collect()
    }
}

/// Whose attendance counts: every holder of the office, or one office's holder during its term.
#[derive(Clone, Copy)]
struct Holder<'a> {
    office: Option<&'a Office>,
}

fn office_matches(ob: &ObligationRecord, office: &Office) -> bool {
    office.body_id == ob.body_id && ob.office_title.as_ref().is_none_or(|t| *t == office.title)
}

/// Computes an obligation's ledger on `ctx.today`, restricted to `only` (bodies owed) when given.
fn ledger(
    repo: &mut dyn Repo,
    ctx: &Ctx,
    registry: &Registry,
    record: ObligationRecord,
    holder: Holder<'_>,
    only: Option<BodyId>,
) -> Result<Ledger> {
    let body = registry
        .bodies
        .get(&record.body_id)
        .cloned()
        .ok_or_else(|| StoreError::missing("obligations.body_id", record.id.0))?;
    let target = record.target_body_id.and_then(|t| registry.bodies.get(&t).cloned());
    let mut owed: Vec<Body> = match &target {
        Some(t) => vec![t.clone()],
        None => bodies_below(registry, record.body_id, record.child_kind),
    };
    if let Some(only) = only {
        owed.retain(|b| b.id == only);
    }
    let offices: Vec<Office> =
        repo.offices(record.body_id)?.into_iter().filter(|o| office_matches(&record, o)).collect();
    let assemblies = repo.obligation_assemblies(&record)?;
    let sightings = repo.obligation_sightings(&record)?;
    let day_of: HashMap<_, Date> = assemblies.iter().map(|a| (a.id, a.day)).collect();
    let bound = |person: PersonId, day: Date| match holder.office {
        Some(o) => o.person_id == person && o.is_current(day),
        None => offices.iter().any(|o| o.person_id == person && o.is_current(day)),
    };
    let mut seen: HashMap<_, Seen> = HashMap::new();
    for s in &sightings {
        let Some(day) = day_of.get(&s.assembly_id) else { continue };
        if !bound(s.person_id, *day) {
            continue;
        }
        let now = if s.status.is_here() {
            Seen::Present
        } else if s.status == cabildo_domain::assembly::AttendanceStatus::Excused {
            Seen::Excused
        } else {
            continue;
        };
        let entry = seen.entry(s.assembly_id).or_insert(now);
        if now == Seen::Present {
            *entry = Seen::Present;
        }
    }
    let held: Vec<Held> =
        assemblies.iter().map(|a| Held { id: a.id, body: a.body_id, day: a.day, closed: a.closed }).collect();
    let (mut since, mut until) = (record.since, record.ended_on.map_or(ctx.today, |e| e.min(ctx.today)));
    if let Some(o) = holder.office {
        since = since.max(o.term_start);
        until = o.ended_on.or(o.term_end).map_or(until, |e| e.min(until));
    }
    let owed_ids: Vec<BodyId> = owed.iter().map(|b| b.id).collect();
    let cells = obligation::assess(record.cadence, since, until, ctx.today, &owed_ids, &held, &seen);
    let by_id: HashMap<_, &OwedAssembly> = assemblies.iter().map(|a| (a.id, a)).collect();
    let lines: Vec<LedgerLine> = cells
        .iter()
        .map(|c| LedgerLine {
            body: c.body,
            period: c.period,
            standing: c.standing,
            assembly: c.standing.assembly().or(c.owed).and_then(|a| by_id.get(&a)).map(|a| (*a).clone()),
        })
        .collect();
    let summary = obligation::Summary::of(&cells);
    let holders = match holder.office {
        Some(o) => vec![o.clone()],
        None => offices.into_iter().filter(|o| o.is_current(ctx.today)).collect(),
    };
    Ok(Ledger { record, body, target, owed, holders, lines, summary })
}

/// A body's obligations page: what its officers owe, what officers of other bodies owe it, the
/// demands for explanation it made or hears, and what the statement form offers.
pub struct BodyObligations {
    pub body: Body,
    pub stated: Vec<Ledger>,
    /// Obligations of officers of other bodies towards this one (only its lines).
    pub towards: Vec<Ledger>,
    pub summary: Summary,
    pub demands: Vec<DemandView>,
    /// Whether the viewer may state an obligation of this body.
    pub may_state: bool,
    /// The body's current offices (for the form).
    pub offices: Vec<Office>,
    /// The kinds of the bodies right below (for the form).
    pub kinds: Vec<BodyKind>,
}

/// Finds an obligation by its number or public id.
fn resolve_obligation(repo: &mut dyn Repo, reference: &str) -> Result<ObligationRecord> {
    let reference = reference.trim();
    let found = match (reference.parse::<i64>(), PublicId::parse(reference)) {
        (Ok(id), _) => repo.obligation(ObligationId(id))?,
        (_, Ok(public_id)) => repo.obligation_by_public_id(public_id)?,
        _ => None,
    };
    found.ok_or_else(|| ObligationRefusal::UnknownObligation { reference: reference.to_string() }.into())
}

/// The obligations of `body`, with what was kept of each, for whoever may see it or holds a role
/// below it.
pub fn for_body(store: &Store, ctx: &Ctx, body: &str) -> Result<BodyObligations> {
    // The tree from the shared snapshot (kept until the next write), the rest from the database.
    let snapshot = crate::registry::snapshot(store)?;
    let registry = &snapshot.registry;
    store.read(|repo| {
        let body = registry.resolve(body)?.clone();
        require_read(ctx, registry, body.id)?;
        let mut stated = Vec::new();
        for record in repo.obligations_of(body.id)? {
            stated.push(ledger(repo, ctx, registry, record, Holder { office: None }, None)?);
        }
        let mut towards = Vec::new();
        for record in repo.obligations_towards(body.id)? {
            if record.body_id != body.id {
                towards.push(ledger(repo, ctx, registry, record, Holder { office: None }, Some(body.id))?);
            }
        }
        let summary = stated.iter().chain(&towards).fold(Summary::default(), |s, l| s.plus(l.summary));
        let demands = demand::for_body(repo, ctx, registry, &body)?;
        let may_state = body.is_open() && ctx.may(&registry.tree, Action::EditStatute, body.id);
        let offices = if may_state {
            let mut current: Vec<Office> =
                repo.offices(body.id)?.into_iter().filter(|o| o.is_current(ctx.today)).collect();
            current.sort_by(|a, b| a.title.cmp(&b.title));
            current.dedup_by(|a, b| a.title == b.title);
            current
        } else {
            Vec::new()
        };
        let mut kinds: Vec<BodyKind> = bodies_below(registry, body.id, None).iter().map(|b| b.kind).collect();
        kinds.sort_by_key(|k| BodyKind::ALL.iter().position(|x| x == k));
        kinds.dedup();
        Ok(BodyObligations { body, stated, towards, summary, demands, may_state, offices, kinds })
    })
}

/// One obligation with what was kept of it, for whoever may read its body's obligations (others
/// are refused as for the body: obligations are no secret from who may see it).
pub fn view(store: &Store, ctx: &Ctx, obligation: &str) -> Result<Ledger> {
    // The tree from the shared snapshot (kept until the next write), the rest from the database.
    let snapshot = crate::registry::snapshot(store)?;
    let registry = &snapshot.registry;
    store.read(|repo| {
        let record = resolve_obligation(repo, obligation)?;
        require_read(ctx, registry, record.body_id)?;
        ledger(repo, ctx, registry, record, Holder { office: None }, None)
    })
}

/// An officer's record: each obligation binding the office, counted over the holder's term only,
/// and the demands for explanation made of them.
pub struct OfficerRecord {
    pub office: Office,
    pub body: Body,
    pub ledgers: Vec<Ledger>,
    pub summary: Summary,
    pub demands: Vec<DemandView>,
}

/// The record of the holder of office `office`, for whoever may read its body's obligations.
pub fn for_office(store: &Store, ctx: &Ctx, office: i64) -> Result<OfficerRecord> {
    // The tree from the shared snapshot (kept until the next write), the rest from the database.
    let snapshot = crate::registry::snapshot(store)?;
    let registry = &snapshot.registry;
    store.read(|repo| {
        let office = repo.office(OfficeId(office))?.ok_or(ServiceError::UnknownOffice { id: office })?;
        require_read(ctx, registry, office.body_id)?;
        let body = registry
            .bodies
            .get(&office.body_id)
            .cloned()
            .ok_or_else(|| StoreError::missing("offices.body_id", office.id.0))?;
        let mut ledgers = Vec::new();
        for record in repo.obligations_of(body.id)? {
            if office_matches(&record, &office) {
                ledgers.push(ledger(repo, ctx, registry, record, Holder { office: Some(&office) }, None)?);
            }
        }
        let summary = ledgers.iter().fold(Summary::default(), |s, l| s.plus(l.summary));
        let demands = demand::on_office(repo, ctx, registry, &office)?;
        Ok(OfficerRecord { office, body, ledgers, summary, demands })
    })
}
