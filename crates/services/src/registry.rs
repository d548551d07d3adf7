//! The register of bodies, households, parcels, memberships and offices.

use std::collections::HashMap;

use cabildo_domain::body::{validate_code, validate_name};
use cabildo_domain::{
    Affiliation, AffiliationKind, Body, BodyEvent, BodyEventKind, BodyId, BodyKind, Composition, Date, DomainError,
    Household, HouseholdData, HouseholdId, NewBody, NewOffice, Office, OfficeEnd, OfficeId, Parcel, ParcelData,
    PersonData, PublicId, Tree,
};
pub use cabildo_store::HouseholdSummary;
use cabildo_store::{Membership, Repo, Store, StoreError};

use crate::{Ctx, Result, ServiceError};
use cabildo_domain::access::Action;
use cabildo_domain::padron;

/// Finds a body by its number, its public id or its code.
pub fn resolve_body(repo: &mut dyn Repo, reference: &str) -> Result<Body> {
    let reference = reference.trim();
    let found = match (reference.parse::<i64>(), PublicId::parse(reference)) {
        (Ok(id), _) => repo.body(BodyId(id))?,
        (_, Ok(public_id)) => match repo.body_by_public_id(public_id)? {
            Some(body) => Some(body),
            None => repo.body_by_code(reference)?,
        },
        _ => repo.body_by_code(reference)?,
    };
    found.ok_or_else(|| ServiceError::UnknownBody { reference: reference.to_string() })
}

/// A body the actor may edit (for the pages of edit forms), or why not.
pub fn body_for_edit(store: &Store, ctx: &Ctx, reference: &str) -> Result<Body> {
    store.read(|repo| {
        let body = resolve_body(repo, reference)?;
        ctx.require(repo, Action::EditRegister, body.id)?;
        Ok(body)
    })
}

/// Finds a body by its number or its code, in its own read transaction.
pub fn resolve_body_in(store: &Store, reference: &str) -> Result<Body> {
    store.read(|repo| resolve_body(repo, reference))
}

fn open_body(repo: &mut dyn Repo, reference: &str) -> Result<Body> {
    let body = resolve_body(repo, reference)?;
    if !body.is_open() {
        return Err(ServiceError::BodyClosed { body: body.label() });
    }
    Ok(body)
}

/// The whole tree of bodies, with each body by id and by code.
pub struct Registry {
    pub bodies: HashMap<BodyId, Body>,
    pub by_code: HashMap<String, BodyId>,
    pub tree: Tree,
}

impl Registry {
    pub fn load(repo: &mut dyn Repo) -> Result<Registry> {
        Ok(Registry::of(repo.bodies()?))
    }

    /// The part of the tree made of `bodies`: given each body with every body above it
    /// ([`Repo::bodies_with_ancestors`]), permissions over them are decided as in the whole tree.
    pub fn of(bodies: Vec<Body>) -> Registry {
        let tree = Tree::new(bodies.iter().map(|b| (b.id, b.parent_id)));
        let by_code = bodies.iter().map(|b| (b.code.clone(), b.id)).collect();
        Registry { bodies: bodies.into_iter().map(|b| (b.id, b)).collect(), by_code, tree }
    }

    /// A body by number, public id or code, as [`resolve_body`] finds it in the database.
    pub fn resolve(&self, reference: &str) -> Result<&Body> {
        let reference = reference.trim();
        let by_code = || self.by_code.get(&reference.to_ascii_uppercase()).copied();
        let id = match (reference.parse::<i64>(), PublicId::parse(reference)) {
            (Ok(id), _) => Some(BodyId(id)),
            (_, Ok(public_id)) => {
                self.bodies.values().find(|b| b.public_id == public_id).map(|b| b.id).or_else(by_code)
            }
            _ => by_code(),
        };
        id.and_then(|id| self.bodies.get(&id))
            .ok_or_else(|| ServiceError::UnknownBody { reference: reference.to_string() })
    }

    pub fn label(&self, id: BodyId) -> String {
        self.bodies.get(&id).map_or_else(|| id.to_string(), Body::label)
    }

    /// Refuses unless the actor may do `action` on `body` (the tree is already loaded).
    pub fn require(&self, ctx: &Ctx, action: Action, body: BodyId) -> Result<()> {
        if ctx.may(&self.tree, action, body) {
            return Ok(());
        }
        Err(match ctx.actor {
            crate::Actor::Anonymous => ServiceError::SignInRequired,
            _ => ServiceError::Forbidden { body: self.label(body) },
        })
    }

    /// Bodies of the sub-tree of `root` (itself included), parents first.
    pub fn subtree(&self, root: BodyId) -> Vec<&Body> {
        self.tree.subtree(root).iter().filter_map(|id| self.bodies.get(id)).collect()
    }
}

/// The tree with every body's rolled-up member count, shared by reads until the next write
/// (see `Store::cached`): pages and the API read it instead of loading the tree each time.
pub struct Snapshot {
    pub registry: Registry,
    pub totals: HashMap<BodyId, u64>,
}

impl Snapshot {
    pub fn members(&self, body: BodyId) -> u64 {
        self.totals.get(&body).copied().unwrap_or(0)
    }
}

/// The snapshot, from the store's cache: read from the register only, so on PostgreSQL it is read
/// again only when the register's version moved (`Store::cached_register`), whoever wrote.
pub fn snapshot(store: &Store) -> Result<std::sync::Arc<Snapshot>> {
    store.cached_register(snapshot_in)
}

/// The snapshot computed from the database, bypassing the cache (what every write costs the next
/// read, and what the benchmarks time).
pub fn compute_snapshot(store: &Store) -> Result<Snapshot> {
    store.read(snapshot_in)
}

fn snapshot_in(repo: &mut dyn Repo) -> Result<Snapshot> {
    let registry = Registry::load(repo)?;
    let totals = registry.tree.roll_up(&repo.member_counts()?);
    Ok(Snapshot { registry, totals })
}

fn conflict_to(error: ServiceError, on_conflict: impl FnOnce() -> ServiceError) -> ServiceError {
    match error {
        ServiceError::Conflict(_) => on_conflict(),
        other => other,
    }
}

/// What a new body is to be.
#[derive(Debug, Clone)]
pub struct BodyForm {
    pub parent: Option<String>,
    pub kind: BodyKind,
    pub composition: Option<Composition>,
    pub name: String,
    pub code: Option<String>,
}

impl BodyForm {
    /// A body below `parent` (its number or code), with the fields a form or a request read.
    pub fn below(parent: String, read: cabildo_domain::input::BodyFields) -> BodyForm {
        BodyForm {
            parent: Some(parent),
            kind: read.kind,
            composition: read.composition,
            name: read.name,
            code: read.code,
        }
    }
}

/// Creates a body under an open parent (or a new root).
/// A new root needs the operator (or an administrator of another body, for its own root).
pub fn create_body(store: &Store, ctx: &Ctx, form: &BodyForm) -> Result<Body> {
    let today = ctx.today;
    store.write(|repo| {
        let parent_id = match &form.parent {
            Some(parent) => {
                let parent = open_body(repo, parent)?;
                ctx.require(repo, Action::EditRegister, parent.id)?;
                Some(parent.id)
            }
            None if ctx.actor == crate::Actor::Operator => None,
            None => return Err(ServiceError::Forbidden { body: String::new() }),
        };
        let new = NewBody::new(parent_id, form.kind, form.composition, &form.name, form.code.as_deref(), today)?;
        let id = repo
            .insert_body(&new, ctx.minter()?.mint()?)
            .map_err(ServiceError::from)
            .map_err(|e| conflict_to(e, || ServiceError::DuplicateBodyCode { code: new.code.clone() }))?;
        repo.insert_body_event(&BodyEvent { body_id: id, on: today, kind: BodyEventKind::Created })?;
        ctx.audit(repo, Some(id), "body.create", format!("{} ({}, {})", new.name, new.code, new.kind))?;
        repo.body(id)?.ok_or_else(|| ServiceError::Internal("new body not found".into()))
    })
}

pub fn rename_body(store: &Store, ctx: &Ctx, reference: &str, name: &str) -> Result<Body> {
    let today = ctx.today;
    store.write(|repo| {
        let body = open_body(repo, reference)?;
        ctx.require(repo, Action::EditRegister, body.id)?;
        let name = validate_name(name)?;
        if name != body.name {
            repo.rename_body(body.id, &name)?;
            repo.insert_body_event(&BodyEvent {
                body_id: body.id,
                on: today,
                kind: BodyEventKind::Renamed { from: body.name.clone(), to: name.clone() },
            })?;
            ctx.audit(repo, Some(body.id), "body.rename", format!("{} → {name}", body.name))?;
        }
        Ok(Body { name, ..body })
    })
}

/// Moves a body and its whole sub-tree under another parent (`None`: make it a root).
/// Needs the right to edit both the body and its new parent.
pub fn move_body(store: &Store, ctx: &Ctx, reference: &str, new_parent: Option<&str>) -> Result<Body> {
    let today = ctx.today;
    store.write(|repo| {
        let body = open_body(repo, reference)?;
        let parent = match new_parent {
            Some(parent) => Some(open_body(repo, parent)?.id),
            None => None,
        };
        let registry = Registry::load(repo)?;
        registry.require(ctx, Action::EditRegister, body.id)?;
        match parent {
            Some(parent) => registry.require(ctx, Action::EditRegister, parent)?,
            None if ctx.actor != crate::Actor::Operator => return Err(ServiceError::Forbidden { body: String::new() }),
            None => {}
        }
        registry.tree.check_move(body.id, parent, |id| registry.label(id))?;
        if parent != body.parent_id {
            repo.set_body_parent(body.id, parent)?;
            repo.insert_body_event(&BodyEvent {
                body_id: body.id,
                on: today,
                kind: BodyEventKind::Moved { from: body.parent_id, to: parent },
            })?;
            let to = parent.map_or_else(|| "-".to_string(), |p| registry.label(p));
            ctx.audit(repo, Some(body.id), "body.move", format!("{} → {to}", body.label()))?;
        }
        Ok(Body { parent_id: parent, ..body })
    })
}

/// Closes a body. Its history, members and records are kept; it takes no new ones.
pub fn close_body(store: &Store, ctx: &Ctx, reference: &str) -> Result<Body> {
    let today = ctx.today;
    store.write(|repo| {
        let body = open_body(repo, reference)?;
        let registry = Registry::load(repo)?;
        registry.require(ctx, Action::EditRegister, body.id)?;
        let open_children = registry
            .tree
            .children(body.id)
            .iter()
            .filter(|id| registry.bodies.get(id).is_some_and(Body::is_open))
            .count();
        if open_children > 0 {
            return Err(ServiceError::HasOpenChildren { body: body.label(), count: open_children });
        }
        repo.set_body_closed(body.id, Some(today))?;
        repo.insert_body_event(&BodyEvent { body_id: body.id, on: today, kind: BodyEventKind::Closed })?;
        ctx.audit(repo, Some(body.id), "body.close", body.label())?;
        Ok(Body { closed_on: Some(today), ..body })
    })
}

pub fn reopen_body(store: &Store, ctx: &Ctx, reference: &str) -> Result<Body> {
    let today = ctx.today;
    store.write(|repo| {
        let body = resolve_body(repo, reference)?;
        ctx.require(repo, Action::EditRegister, body.id)?;
        if body.is_open() {
            return Ok(body);
        }
        let parent = match body.parent_id {
            Some(p) => repo.body(p)?,
            None => None,
        };
        if let Some(parent) = parent
            && !parent.is_open()
        {
            return Err(ServiceError::BodyClosed { body: parent.label() });
        }
        repo.set_body_closed(body.id, None)?;
        repo.insert_body_event(&BodyEvent { body_id: body.id, on: today, kind: BodyEventKind::Reopened })?;
        ctx.audit(repo, Some(body.id), "body.reopen", body.label())?;
        Ok(Body { closed_on: None, ..body })
    })
}

/// Affiliates an organisation to another outside the tree (e.g. to a political instrument).
/// Needs the right to edit the host's register (the host accepts the member).
pub fn affiliate(
    store: &Store,
    ctx: &Ctx,
    member: &str,
    host: &str,
    kind: AffiliationKind,
    since: Date,
) -> Result<Affiliation> {
    store.write(|repo| {
        let member = open_body(repo, member)?;
        let host = open_body(repo, host)?;
        let registry = Registry::load(repo)?;
        registry.require(ctx, Action::EditRegister, host.id)?;
        if registry.tree.is_within(member.id, host.id) || registry.tree.is_within(host.id, member.id) {
            return Err(DomainError::AffiliationInTree.into());
        }
        let id = repo.insert_affiliation(member.id, host.id, kind, since)?;
        ctx.audit(
            repo,
            Some(host.id),
            "affiliation.create",
            format!("{} → {} ({})", member.label(), host.label(), kind.code()),
        )?;
        repo.affiliation(id)?.ok_or(ServiceError::UnknownAffiliation { id })
    })
}

pub fn end_affiliation(store: &Store, ctx: &Ctx, id: i64, until: Date) -> Result<Affiliation> {
    store.write(|repo| {
        let affiliation = repo.affiliation(id)?.ok_or(ServiceError::UnknownAffiliation { id })?;
        ctx.require(repo, Action::EditRegister, affiliation.host_id)?;
        if until < affiliation.since {
            return Err(
                DomainError::EndBeforeStart { start: affiliation.since.to_string(), end: until.to_string() }.into()
            );
        }
        repo.end_affiliation(id, until)?;
        ctx.audit(repo, Some(affiliation.host_id), "affiliation.end", format!("{id} {until}"))?;
        // Its seats and credentials in assemblies still to meet end with it.
        crate::delegates::on_affiliation_end(repo, ctx, affiliation.host_id, id, until)?;
        Ok(Affiliation { until: Some(until), ..affiliation })
    })
}

/// One line of the tree report.
#[derive(Debug, Clone, PartialEq)]
pub struct TreeLine {
    pub body: Body,
    pub depth: usize,
    /// Members in the body's whole sub-tree.
    pub members: u64,
}

/// The tree under `root` (or every root), with member counts rolled up at every level.
/// Without `root`, the tree from every body the actor may see the top of.
pub fn tree_report(store: &Store, ctx: &Ctx, root: Option<&str>) -> Result<Vec<TreeLine>> {
    let snapshot = snapshot(store)?;
    let registry = &snapshot.registry;
    let totals = &snapshot.totals;
    {
        let roots: Vec<BodyId> = match root {
            Some(reference) => {
                let root = registry.resolve(reference)?.id;
                registry.require(ctx, Action::ViewBody, root)?;
                vec![root]
            }
            None => visible_roots(registry, ctx),
        };
        let mut lines = Vec::new();
        for root in roots {
            let base = registry.tree.depth(root);
            for body in registry.subtree(root) {
                lines.push(TreeLine {
                    body: body.clone(),
                    depth: registry.tree.depth(body.id) - base,
                    members: totals.get(&body.id).copied().unwrap_or(0),
                });
            }
        }
        Ok(lines)
    }
}

/// The highest bodies the actor may see: the roots for the operator, the bodies of its grants
/// (without those inside another granted body) for an account.
pub fn visible_roots(registry: &Registry, ctx: &Ctx) -> Vec<BodyId> {
    match &ctx.actor {
        crate::Actor::Operator => registry.tree.roots().to_vec(),
        crate::Actor::Anonymous => Vec::new(),
        crate::Actor::Account { grants, .. } => {
            let granted: Vec<BodyId> = grants
                .iter()
                .filter(|g| g.role.allows(Action::ViewBody) && registry.tree.contains(g.body))
                .map(|g| g.body)
                .collect();
            let mut roots: Vec<BodyId> = granted
                .iter()
                .copied()
                .filter(|b| !granted.iter().any(|other| other != b && registry.tree.is_within(*b, *other)))
                .collect();
            roots.sort();
            roots.dedup();
            roots
        }
    }
}

/// Members under one body (its whole sub-tree).
pub fn count_members(store: &Store, ctx: &Ctx, reference: &str) -> Result<u64> {
    let snapshot = snapshot(store)?;
    let body = snapshot.registry.resolve(reference)?;
    snapshot.registry.require(ctx, Action::ViewBody, body.id)?;
    Ok(snapshot.members(body.id))
}

/// Bodies per level below a body, and the members under the bodies of each level:
/// "6 federaciones with 360,000 members, 104 centrales with 360,000 members, …".
#[derive(Debug, Clone, PartialEq)]
pub struct LevelCount {
    pub depth: usize,
    pub kind: BodyKind,
    pub bodies: u64,
    pub members: u64,
}

pub fn counts_per_level(store: &Store, ctx: &Ctx, reference: &str) -> Result<Vec<LevelCount>> {
    let snapshot = snapshot(store)?;
    let (registry, totals) = (&snapshot.registry, &snapshot.totals);
    {
        let root = registry.resolve(reference)?;
        registry.require(ctx, Action::ViewBody, root.id)?;
        let base = registry.tree.depth(root.id);
        let mut levels: Vec<LevelCount> = Vec::new();
        for body in registry.subtree(root.id) {
            let depth = registry.tree.depth(body.id) - base;
            let members = totals.get(&body.id).copied().unwrap_or(0);
            match levels.iter_mut().find(|l| l.depth == depth && l.kind == body.kind) {
                Some(level) => {
                    level.bodies += 1;
                    level.members += members;
                }
                None => levels.push(LevelCount { depth, kind: body.kind, bodies: 1, members }),
            }
        }
        levels.sort_by_key(|l| (l.depth, l.kind.code()));
        Ok(levels)
    }
}

/// Everything a body's page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyOverview {
    pub body: Body,
    pub ancestors: Vec<Body>,
    pub children: Vec<(Body, u64)>,
    pub members: u64,
    pub offices: Vec<Office>,
    pub affiliations: Vec<(Affiliation, Body)>,
    pub history: Vec<BodyEvent>,
    /// Whether the viewer may open the body's padrón.
    pub may_see_members: bool,
    /// Whether the viewer may change the body's register (forms, import).
    pub may_edit: bool,
    /// Whether the viewer may read the body's audit trail.
    pub may_audit: bool,
    /// The day of the overview: forms on the page (ending an office) offer it as their date.
    pub today: Date,
    /// Closed assemblies whose acta is overdue, with the days since each closed: shown to the
    /// body's officers (those who may read its audit trail), empty for anyone else.
    pub overdue_actas: Vec<(cabildo_store::UnsealedAssembly, i64)>,
}

/// What a body's page shows that the tree does not: its offices, affiliations and history.
/// Read once per body and shared until the next write (see [`Store::cached_by`]).
#[derive(Debug)]
pub struct BodyRecords {
    offices: Vec<Office>,
    affiliations: Vec<Affiliation>,
    history: Vec<BodyEvent>,
    /// Closed assemblies whose acta is not sealed (overdue or not: that depends on the moment).
    unsealed: Vec<cabildo_store::UnsealedAssembly>,
}

/// Where a read takes the data derived from the database: it may load what is missing (on a
/// blocking thread), or it uses only what is already cached and gives up (`Ok(None)`) when
/// something is missing, without touching the database.
#[derive(Clone, Copy)]
struct Derived<'a> {
    store: &'a Store,
    load: bool,
}

impl<'a> Derived<'a> {
    fn loading(store: &'a Store) -> Self {
        Derived { store, load: true }
    }

    fn cached_only(store: &'a Store) -> Self {
        Derived { store, load: false }
    }

    fn snapshot(self) -> Result<Option<std::sync::Arc<Snapshot>>> {
        if self.load { snapshot(self.store).map(Some) } else { Ok(self.store.peek_cached()) }
    }

    fn records(self, body: BodyId) -> Result<Option<std::sync::Arc<BodyRecords>>> {
        if !self.load {
            return Ok(self.store.peek_cached_by(body.0));
        }
        let weight = |r: &BodyRecords| r.offices.len() + r.affiliations.len() + r.history.len() + r.unsealed.len();
        let records = self.store.cached_by(body.0, weight, |store| {
            store.read(|repo| {
                Ok::<_, ServiceError>(BodyRecords {
                    offices: repo.offices(body)?,
                    affiliations: repo.affiliations(body)?,
                    history: repo.body_events(body)?,
                    unsealed: repo.unsealed_closed_assemblies(Some(body))?,
                })
            })
        })?;
        Ok(Some(records))
    }

    fn roster(self, body: BodyId) -> Result<Option<std::sync::Arc<Roster>>> {
        if self.load { roster(self.store, body).map(Some) } else { Ok(self.store.peek_cached_by(body.0)) }
    }
}

/// A read that may load found nothing loaded: cannot happen, but is an error rather than a panic.
fn nothing_loaded() -> ServiceError {
    ServiceError::Internal("a read that loads what it needs found it missing".into())
}

pub fn body_overview(store: &Store, ctx: &Ctx, reference: &str) -> Result<BodyOverview> {
    body_overview_from(Derived::loading(store), ctx, reference)?.ok_or_else(nothing_loaded)
}

/// [`body_overview`] from what is already cached, without touching the database (so that a
/// server may answer on its async threads): `Ok(None)` when something would have to be read.
pub fn body_overview_cached(store: &Store, ctx: &Ctx, reference: &str) -> Result<Option<BodyOverview>> {
    body_overview_from(Derived::cached_only(store), ctx, reference)
}

fn body_overview_from(derived: Derived<'_>, ctx: &Ctx, reference: &str) -> Result<Option<BodyOverview>> {
    let Some(snapshot) = derived.snapshot()? else { return Ok(None) };
    let (registry, totals) = (&snapshot.registry, &snapshot.totals);
    let body = registry.resolve(reference)?.clone();
    registry.require(ctx, Action::ViewBody, body.id)?;
    let Some(records) = derived.records(body.id)? else { return Ok(None) };
    let get = |id: &BodyId| registry.bodies.get(id).cloned();
    let affiliations = records
        .affiliations
        .iter()
        .filter_map(|affiliation| {
            let other = if affiliation.member_id == body.id { affiliation.host_id } else { affiliation.member_id };
            get(&other).map(|other| (affiliation.clone(), other))
        })
        .collect();
    Ok(Some(BodyOverview {
        ancestors: registry.tree.ancestors(body.id).iter().rev().filter_map(get).collect(),
        children: registry
            .tree
            .children(body.id)
            .iter()
            .filter_map(|id| get(id).map(|b| (b, totals.get(id).copied().unwrap_or(0))))
            .collect(),
        members: totals.get(&body.id).copied().unwrap_or(0),
        offices: records.offices.clone(),
        affiliations,
        history: records.history.clone(),
        may_see_members: ctx.may(&registry.tree, Action::ViewMembers, body.id),
        may_edit: ctx.may(&registry.tree, Action::EditRegister, body.id) && body.is_open(),
        may_audit: ctx.may(&registry.tree, Action::ViewAudit, body.id),
        today: ctx.today,
        overdue_actas: if ctx.may(&registry.tree, Action::ViewAudit, body.id) {
            records
                .unsealed
                .iter()
                .filter_map(|a| cabildo_domain::chain::acta_overdue(a.closed_at, ctx.now).map(|days| (a.clone(), days)))
                .collect()
        } else {
            Vec::new()
        },
        body,
    }))
}

fn household_body(repo: &mut dyn Repo, reference: &str) -> Result<Body> {
    let body = open_body(repo, reference)?;
    if body.composition != Composition::Households {
        return Err(ServiceError::NotHouseholdBody { body: body.label() });
    }
    Ok(body)
}

fn parcel_conflict(body: &Body, code: &str) -> impl FnOnce(ServiceError) -> ServiceError {
    let (label, code) = (body.label(), code.to_string());
    move |e| conflict_to(e, || ServiceError::DuplicateParcelCode { code, body: label })
}

/// Adds a family to a sindicato with its representative and its parcels.
pub fn add_household(
    store: &Store,
    ctx: &Ctx,
    body: &str,
    person: &PersonData,
    household: &HouseholdData,
    parcels: &[ParcelData],
) -> Result<HouseholdId> {
    store.write(|repo| {
        let body = household_body(repo, body)?;
        ctx.require(repo, Action::EditRegister, body.id)?;
        let mut minter = ctx.minter()?;
        let person_id = repo.insert_person(person, minter.mint()?)?;
        let id = repo.insert_household(body.id, person_id, household, minter.mint()?)?;
        for parcel in parcels {
            repo.insert_parcel(body.id, id, parcel, minter.mint()?)
                .map_err(ServiceError::from)
                .map_err(parcel_conflict(&body, parcel.code.as_str()))?;
        }
        ctx.audit(repo, Some(body.id), "household.create", format!("{id}: {}", person.name.display()))?;
        Ok(id)
    })
}

/// Adds a parcel to a household, in the household's sindicato.
pub fn add_parcel(store: &Store, ctx: &Ctx, household: HouseholdId, parcel: &ParcelData) -> Result<Parcel> {
    store.write(|repo| {
        let found = repo.household(household)?.ok_or(ServiceError::UnknownHousehold { id: household.0 })?;
        let body = household_body(repo, &found.body_id.to_string())?;
        ctx.require(repo, Action::EditRegister, body.id)?;
        let public_id = ctx.minter()?.mint()?;
        let id = repo
            .insert_parcel(body.id, household, parcel, public_id)
            .map_err(ServiceError::from)
            .map_err(parcel_conflict(&body, parcel.code.as_str()))?;
        ctx.audit(repo, Some(body.id), "parcel.create", format!("{}: {}", household, parcel.code))?;
        Ok(Parcel {
            id,
            public_id,
            body_id: body.id,
            household_id: household,
            code: parcel.code.clone(),
            area: parcel.area,
            place: parcel.place.clone(),
            coordinates: parcel.coordinates,
        })
    })
}

/// A household with its parcels, for its page. Names and parcels need a role inside the body or
/// above; the ID number and phone are left out unless the actor may see contact data.
pub fn household_detail(store: &Store, ctx: &Ctx, id: HouseholdId) -> Result<(Household, Vec<Parcel>)> {
    let snapshot = snapshot(store)?;
    let registry = &snapshot.registry;
    store.read(|repo| {
        let mut household = repo.household(id)?.ok_or(ServiceError::UnknownHousehold { id: id.0 })?;
        registry.require(ctx, Action::ViewMembers, household.body_id)?;
        if !ctx.may(&registry.tree, Action::ViewContact, household.body_id) {
            household.representative.id_number = None;
            household.representative.phone = None;
        }
        let parcels = repo.parcels_of(id)?;
        Ok((household, parcels))
    })
}

/// One page of a body's padrón, and whether another follows.
#[derive(Debug, Clone, PartialEq)]
pub struct PadronPage {
    pub body: Body,
    /// Shared with the cached padrón: a page costs no copy of its families.
    pub households: Vec<std::sync::Arc<HouseholdSummary>>,
    pub has_next: bool,
    /// How many families the search found (all the body's, without one).
    pub total: u64,
}

/// A body's current families in register order, with what a search looks at (see
/// [`padron::SearchIndex`]): read once per body and shared until the next write, so that paging
/// and searching a padrón need no query.
#[derive(Debug)]
pub struct Roster {
    families: Vec<std::sync::Arc<HouseholdSummary>>,
    index: padron::SearchIndex,
}

impl Roster {
    /// The families a search finds (all of them for `None` or a blank search), in register order.
    pub fn find(&self, search: Option<&str>) -> impl Iterator<Item = &std::sync::Arc<HouseholdSummary>> + '_ {
        let found = match search.and_then(padron::search_query) {
            Some(query) => self.index.matching(&query),
            None => (0..self.families.len()).collect(),
        };
        found.into_iter().filter_map(|i| self.families.get(i))
    }
}

/// The padrón of a body as [`Roster`], from the cache or the database: read from the register
/// only (households, persons, parcels), so on PostgreSQL it is read again only when the register's
/// version moved (`Store::cached_register_by`).
pub fn roster(store: &Store, body: BodyId) -> Result<std::sync::Arc<Roster>> {
    store.cached_register_by(body.0, |roster: &Roster| roster.families.len(), |repo| roster_in(repo, body))
}

/// The padrón of a body read from the database, bypassing the cache (what the first view after a
/// write costs, and what the benchmarks time).
pub fn load_roster(store: &Store, body: BodyId) -> Result<Roster> {
    store.read(|repo| roster_in(repo, body))
}

fn roster_in(repo: &mut dyn Repo, body: BodyId) -> Result<Roster> {
    let families = repo.roster(body)?;
    let mut index = padron::SearchIndex::default();
    for family in &families {
        index.push(&padron::search_text(&family.name, &family.parcel_codes));
    }
    Ok(Roster { families: families.into_iter().map(std::sync::Arc::new).collect(), index })
}

/// Page `page` (from 0) of a sindicato's padrón, searched by name or parcel code.
pub fn padron(
    store: &Store,
    ctx: &Ctx,
    body: &str,
    search: Option<&str>,
    page: u64,
    per_page: u64,
) -> Result<PadronPage> {
    padron_from(Derived::loading(store), ctx, body, search, page, per_page)?.ok_or_else(nothing_loaded)
}

/// [`padron`] from what is already cached, without touching the database: `Ok(None)` when
/// something would have to be read.
pub fn padron_cached(
    store: &Store,
    ctx: &Ctx,
    body: &str,
    search: Option<&str>,
    page: u64,
    per_page: u64,
) -> Result<Option<PadronPage>> {
    padron_from(Derived::cached_only(store), ctx, body, search, page, per_page)
}

fn padron_from(
    derived: Derived<'_>,
    ctx: &Ctx,
    body: &str,
    search: Option<&str>,
    page: u64,
    per_page: u64,
) -> Result<Option<PadronPage>> {
    let Some(snapshot) = derived.snapshot()? else { return Ok(None) };
    let body = snapshot.registry.resolve(body)?.clone();
    snapshot.registry.require(ctx, Action::ViewMembers, body.id)?;
    let Some(roster) = derived.roster(body.id)? else { return Ok(None) };
    let found: Vec<&std::sync::Arc<HouseholdSummary>> = roster.find(search).collect();
    let total = found.len() as u64;
    let (households, has_next) = padron::page_of(found.into_iter(), page, per_page.clamp(1, 500));
    Ok(Some(PadronPage { body, households: households.into_iter().cloned().collect(), has_next, total }))
}

/// A body's whole padrón in register order, to print: those who may see its members only.
pub fn padron_all(store: &Store, ctx: &Ctx, body: &str) -> Result<(Body, Vec<std::sync::Arc<HouseholdSummary>>)> {
    let derived = Derived::loading(store);
    let snapshot = derived.snapshot()?.ok_or_else(nothing_loaded)?;
    let body = snapshot.registry.resolve(body)?.clone();
    snapshot.registry.require(ctx, Action::ViewMembers, body.id)?;
    let roster = derived.roster(body.id)?.ok_or_else(nothing_loaded)?;
    let families = roster.find(None).cloned().collect();
    Ok((body, families))
}

/// The households of one padrón page.
pub fn padron_page(
    store: &Store,
    ctx: &Ctx,
    body: &str,
    search: Option<&str>,
    page: u64,
    per_page: u64,
) -> Result<Vec<HouseholdSummary>> {
    Ok(padron(store, ctx, body, search, page, per_page)?
        .households
        .iter()
        .map(|h| HouseholdSummary::clone(h))
        .collect())
}

/// Adds a person to a body of individuals (a women's parliament, a commission).
pub fn add_member(store: &Store, ctx: &Ctx, body: &str, person: &PersonData, since: Date) -> Result<Membership> {
    store.write(|repo| {
        let body = open_body(repo, body)?;
        ctx.require(repo, Action::EditRegister, body.id)?;
        if body.composition != Composition::Individuals {
            return Err(ServiceError::NotIndividualBody { body: body.label() });
        }
        let person_public_id = ctx.minter()?.mint()?;
        let person_id = repo.insert_person(person, person_public_id)?;
        let id = repo.insert_membership(body.id, person_id, since)?;
        ctx.audit(repo, Some(body.id), "member.create", format!("{id}: {}", person.name.display()))?;
        Ok(Membership {
            id,
            body_id: body.id,
            person_id,
            person_public_id,
            name: person.name.clone(),
            since,
            until: None,
        })
    })
}

pub fn members(store: &Store, ctx: &Ctx, body: &str) -> Result<Vec<Membership>> {
    store.read(|repo| {
        let body = resolve_body(repo, body)?;
        ctx.require(repo, Action::ViewMembers, body.id)?;
        Ok(repo.memberships(body.id)?)
    })
}

/// Gives an office of a body's directiva to a person for a term.
pub fn add_office(store: &Store, ctx: &Ctx, body: &str, holder: &PersonData, office: &NewOffice) -> Result<Office> {
    store.write(|repo| {
        let body = open_body(repo, body)?;
        ctx.require(repo, Action::EditRegister, body.id)?;
        let mut minter = ctx.minter()?;
        let person_id = repo.insert_person(holder, minter.mint()?)?;
        let id = repo.insert_office(body.id, person_id, office, minter.mint()?)?;
        ctx.audit(repo, Some(body.id), "office.create", format!("{id}: {} {}", office.title, holder.name.display()))?;
        repo.office(id)?.ok_or(ServiceError::UnknownOffice { id: id.0 })
    })
}

/// Ends an office before or at its term: by term, resignation or recall. History is kept.
pub fn end_office(store: &Store, ctx: &Ctx, id: OfficeId, on: Date, reason: OfficeEnd) -> Result<Office> {
    store.write(|repo| {
        let office = repo.office(id)?.ok_or(ServiceError::UnknownOffice { id: id.0 })?;
        ctx.require(repo, Action::EditRegister, office.body_id)?;
        if office.ended_on.is_some() {
            return Err(DomainError::OfficeAlreadyEnded { title: office.title }.into());
        }
        if on < office.term_start {
            return Err(
                DomainError::EndBeforeStart { start: office.term_start.to_string(), end: on.to_string() }.into()
            );
        }
        repo.end_office(id, on, reason)?;
        ctx.audit(repo, Some(office.body_id), "office.end", format!("{id}: {} {}", office.title, reason.code()))?;
        Ok(Office { ended_on: Some(on), end_reason: Some(reason), ..office })
    })
}

/// Changes a body's code (used by files and the command line).
pub fn validate_body_code(code: &str) -> Result<String> {
    Ok(validate_code(code)?)
}

impl From<ServiceError> for StoreError {
    fn from(error: ServiceError) -> Self {
        StoreError::Internal(error.to_string())
    }
}

/// Publishes or withdraws a body's public page.
pub fn set_published(store: &Store, ctx: &Ctx, reference: &str, published: bool) -> Result<Body> {
    store.write(|repo| {
        let body = resolve_body(repo, reference)?;
        ctx.require(repo, Action::EditRegister, body.id)?;
        if body.published != published {
            repo.set_body_published(body.id, published)?;
            ctx.audit(repo, Some(body.id), if published { "body.publish" } else { "body.unpublish" }, body.label())?;
        }
        Ok(Body { published, ..body })
    })
}

/// What anyone may see of a body that published its page: no personal data beyond the names of
/// its current officers, which are public by their office.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicPage {
    pub body: Body,
    pub parent: Option<Body>,
    pub members: u64,
    pub directiva: Vec<Office>,
    /// Sub-bodies that published their page too.
    pub published_children: Vec<Body>,
    /// The head of the body's chain of sealed actas, published so that anyone can keep it.
    pub chain_head: cabildo_store::ChainHead,
}

/// The public page of a body, by code; a body that did not publish is not found.
pub fn public_page(store: &Store, code: &str, today: Date) -> Result<PublicPage> {
    let snapshot = snapshot(store)?;
    let (registry, totals) = (&snapshot.registry, &snapshot.totals);
    store.read(|repo| {
        let not_found = || ServiceError::UnknownBody { reference: code.to_string() };
        let body = repo.body_by_code(code)?.filter(|b| b.published).ok_or_else(not_found)?;
        let directiva = repo.offices(body.id)?.into_iter().filter(|o| o.is_current(today)).collect();
        let published_children = registry
            .tree
            .children(body.id)
            .iter()
            .filter_map(|id| registry.bodies.get(id))
            .filter(|b| b.published)
            .cloned()
            .collect();
        Ok(PublicPage {
            chain_head: repo.chain_head(body.id)?,
            parent: body.parent_id.and_then(|p| registry.bodies.get(&p).cloned()),
            members: totals.get(&body.id).copied().unwrap_or(0),
            directiva,
            published_children,
            body,
        })
    })
}

/// A household with its representative's full data, for the form that edits it, if the actor
/// may edit its body's register.
pub fn household_for_edit(store: &Store, ctx: &Ctx, id: HouseholdId) -> Result<Household> {
    store.read(|repo| {
        let found = repo.household(id)?.ok_or(ServiceError::UnknownHousehold { id: id.0 })?;
        ctx.require(repo, Action::EditRegister, found.body_id)?;
        Ok(found)
    })
}

/// Whether the actor may edit a household (its body's register, the body open): pages show
/// their edit links only then.
pub fn may_edit_household(store: &Store, ctx: &Ctx, id: HouseholdId) -> bool {
    let Ok(snapshot) = snapshot(store) else { return false };
    let registry = &snapshot.registry;
    store
        .read(|repo| -> Result<bool> {
            let Some(found) = repo.household(id)? else { return Ok(false) };
            Ok(ctx.may(&registry.tree, Action::EditRegister, found.body_id)
                && registry.bodies.get(&found.body_id).is_some_and(Body::is_open))
        })
        .unwrap_or(false)
}

/// Changes a family's representative (names, ID number, phone) and its register data (N°,
/// affiliation date). The family stays in its sindicato with its parcels.
pub fn update_household(
    store: &Store,
    ctx: &Ctx,
    id: HouseholdId,
    person: &PersonData,
    household: &HouseholdData,
) -> Result<Household> {
    store.write(|repo| {
        let found = repo.household(id)?.ok_or(ServiceError::UnknownHousehold { id: id.0 })?;
        ctx.require(repo, Action::EditRegister, found.body_id)?;
        household_body(repo, &found.body_id.to_string())?;
        repo.update_person(found.representative.id, person)?;
        repo.update_household(id, household)?;
        ctx.audit(repo, Some(found.body_id), "household.update", format!("{id}: {}", person.name.display()))?;
        repo.household(id)?.ok_or(ServiceError::UnknownHousehold { id: id.0 })
    })
}

/// An office with its body, for the form that ends it, if the actor may edit the body.
pub fn office_for_edit(store: &Store, ctx: &Ctx, id: OfficeId) -> Result<(Office, Body)> {
    store.read(|repo| {
        let office = repo.office(id)?.ok_or(ServiceError::UnknownOffice { id: id.0 })?;
        ctx.require(repo, Action::EditRegister, office.body_id)?;
        let body = resolve_body(repo, &office.body_id.to_string())?;
        Ok((office, body))
    })
}

/// A body and where it may be moved, for the form that moves it.
#[derive(Debug, Clone, PartialEq)]
pub struct MoveTargets {
    pub body: Body,
    /// Open bodies the actor may edit, outside the body's own sub-tree, in tree order, each with
    /// its depth in the tree.
    pub targets: Vec<(Body, usize)>,
}

/// Where the actor may move a body: under any open body whose register it may edit, except the
/// body itself and the bodies below it (that would make a cycle).
pub fn move_targets(store: &Store, ctx: &Ctx, reference: &str) -> Result<MoveTargets> {
    let snapshot = snapshot(store)?;
    let registry = &snapshot.registry;
    let body = registry.resolve(reference)?.clone();
    registry.require(ctx, Action::EditRegister, body.id)?;
    let own: std::collections::HashSet<BodyId> = registry.tree.subtree(body.id).into_iter().collect();
    let mut targets = Vec::new();
    for root in registry.tree.roots() {
        for candidate in registry.subtree(*root) {
            if own.contains(&candidate.id)
                || !candidate.is_open()
                || !ctx.may(&registry.tree, Action::EditRegister, candidate.id)
            {
                continue;
            }
            targets.push((candidate.clone(), registry.tree.depth(candidate.id)));
        }
    }
    Ok(MoveTargets { body, targets })
}
