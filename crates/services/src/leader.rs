//! What was decided in the afiliado's name and what a leader answers for: a body's resolutions
//! (and those of the bodies below it), the "my family" record of a linked account, and the
//! leader's view of the tree — every body below with its assemblies, actas, resolutions, fines,
//! padrón and last activity, added up from a few aggregate statements for the whole sub-tree.

use std::collections::HashMap;

use cabildo_domain::access::Action;
use cabildo_domain::assembly::{AssemblyStatus, AttendanceStatus, Eligibility};
use cabildo_domain::chain::ACTA_DUE_DAYS;
use cabildo_domain::text::fold;
use cabildo_domain::{Body, BodyId, Household, Parcel, PersonId};
use cabildo_store::AssemblyRecord;
/// The records these reads answer with.
pub use cabildo_store::{ActaStatus, AssemblyRef, BodyActivity, ResolutionLine};
use chrono::Months;

use crate::registry::Registry;
use crate::{Ctx, Result, ServiceError, Store};

/// The most lines one page of resolutions may ask for.
pub const MAX_PER_PAGE: u64 = 100;

/// A resolution with the body that adopted it.
pub struct ResolutionItem {
    pub body: Body,
    pub line: ResolutionLine,
}

/// One page of a body's resolutions, newest first.
pub struct ResolutionPage {
    pub body: Body,
    /// Whether the bodies below are included.
    pub below: bool,
    pub page: u64,
    pub per_page: u64,
    pub has_next: bool,
    pub items: Vec<ResolutionItem>,
    /// Whether the viewer may open the actas (they name people: an observador reads the
    /// resolutions, not the actas).
    pub sees_actas: bool,
}

/// A body's resolutions (with `below`, also those of every body under it), newest first, each
/// with its assembly, its vote and whether that assembly's acta is sealed.
pub fn resolutions(
    store: &Store,
    ctx: &Ctx,
    body: &str,
    below: bool,
    page: u64,
    per_page: u64,
) -> Result<ResolutionPage> {
    let page = page.max(1);
    let per_page = per_page.clamp(1, MAX_PER_PAGE);
    store.read(|repo| {
        let registry = Registry::load(repo)?;
        let body = registry.resolve(body)?.clone();
        registry.require(ctx, Action::ViewBody, body.id)?;
        let offset = (page - 1).saturating_mul(per_page);
        let mut lines = repo.resolution_lines(body.id, below, offset, per_page + 1)?;
        let has_next = lines.len() as u64 > per_page;
        lines.truncate(per_page as usize);
        let items = lines
            .into_iter()
            .filter_map(|line| {
                registry.bodies.get(&line.resolution.body_id).cloned().map(|b| ResolutionItem { body: b, line })
            })
            .collect();
        let sees_actas = ctx.may(&registry.tree, Action::ViewMembers, body.id);
        Ok(ResolutionPage { body, below, page, per_page, has_next, items, sees_actas })
    })
}

/// A body's assemblies for its list: each with whether its acta is sealed, and whether the viewer
/// may convene one (the form is shown only then).
pub struct AssemblyListing {
    pub body: Body,
    pub assemblies: Vec<(AssemblyRecord, ActaMark)>,
    pub may_convene: bool,
}

/// Where an assembly's acta stands, as its list shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActaMark {
    /// Not closed yet: no acta is due.
    NotDue,
    Sealed,
    /// Closed, acta not sealed yet.
    Pending,
    /// Closed more than [`ACTA_DUE_DAYS`] days ago, acta not sealed.
    Overdue,
}

impl ActaMark {
    pub fn code(self) -> &'static str {
        match self {
            ActaMark::NotDue => "not_due",
            ActaMark::Sealed => "sealed",
            ActaMark::Pending => "pending",
            ActaMark::Overdue => "overdue",
        }
    }

    fn of(status: AssemblyStatus, closed_at: Option<i64>, acta: Option<ActaStatus>, now: i64) -> ActaMark {
        match (status, acta) {
            (_, Some(ActaStatus::Sealed)) => ActaMark::Sealed,
            (AssemblyStatus::Closed, _) => {
                match closed_at.and_then(|at| cabildo_domain::chain::acta_overdue(at, now)) {
                    Some(_) => ActaMark::Overdue,
                    None => ActaMark::Pending,
                }
            }
            _ => ActaMark::NotDue,
        }
    }
}

/// [`crate::assembly::list`] with each assembly's acta marked and whether the viewer may convene.
pub fn assembly_listing(store: &Store, ctx: &Ctx, body: &str) -> Result<AssemblyListing> {
    store.read(|repo| {
        let registry = Registry::load(repo)?;
        let body = registry.resolve(body)?.clone();
        registry.require(ctx, Action::ViewBody, body.id)?;
        let marks = repo.acta_statuses(body.id)?;
        let assemblies = repo
            .assemblies(body.id, 200)?
            .into_iter()
            .map(|a| {
                let mark = ActaMark::of(a.status, a.closed_at, marks.get(&a.id).copied(), ctx.now);
                (a, mark)
            })
            .collect();
        let may_convene = ctx.may(&registry.tree, Action::RunAssembly, body.id);
        Ok(AssemblyListing { body, assemblies, may_convene })
    })
}

/// How a family stood at one assembly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FamilyAttendance {
    Present,
    Late,
    Excused,
    /// Entitled, closed, and not recorded.
    Absent,
    /// The assembly is still open and the family is not recorded yet.
    NotYet,
}

impl FamilyAttendance {
    pub fn code(self) -> &'static str {
        match self {
            FamilyAttendance::Present => "present",
            FamilyAttendance::Late => "late",
            FamilyAttendance::Excused => "excused",
            FamilyAttendance::Absent => "absent",
            FamilyAttendance::NotYet => "not_yet",
        }
    }
}

/// One assembly in a family's record.
pub struct FamilyLine {
    pub assembly: AssemblyRef,
    pub attendance: FamilyAttendance,
    /// Centavos owed for this assembly, as it recorded them when it closed.
    pub fine: Option<i64>,
    pub acta: ActaMark,
}

/// A family as the register holds it, and its record at the assemblies of its sindicato.
pub struct FamilyRecord {
    pub household: Household,
    pub body: Body,
    /// The body's place in the tree, root first ("Federación … › Central …").
    pub path: Vec<Body>,
    pub parcels: Vec<Parcel>,
    pub lines: Vec<FamilyLine>,
    /// Centavos owed in fines, all assemblies together.
    pub fines_total: i64,
    pub fines_count: u64,
    /// Resolutions of the assemblies the family attended (present or late), newest first.
    pub resolutions: Vec<ResolutionLine>,
}

impl FamilyRecord {
    /// How many assemblies the family attended with this status.
    pub fn count(&self, code: &str) -> u64 {
        self.lines.iter().filter(|l| l.attendance.code() == code).count() as u64
    }
}

/// What the "my family" page shows the signed-in account.
pub enum MyFamily {
    /// The account is not linked to a person of the register.
    NotLinked,
    /// Linked to a person who represents no family (an officer, a member of a body of persons).
    NoFamily {
        person: PersonId,
        name: String,
    },
    Families {
        person: PersonId,
        name: String,
        families: Vec<FamilyRecord>,
    },
}

/// The most assemblies one family's record shows.
const FAMILY_ASSEMBLIES: u64 = 200;

/// The family of the person the signed-in account is linked to: the household, its parcels,
/// its attendance at the assemblies of its sindicato, the fines recorded, and the resolutions of
/// the assemblies it attended. Only the account's own family: no id is taken from the request.
pub fn my_family(store: &Store, ctx: &Ctx) -> Result<MyFamily> {
    let Some(account) = ctx.account_id() else { return Err(ServiceError::SignInRequired) };
    store.read(|repo| {
        let Some(person) = repo.account(account)?.and_then(|a| a.person_id) else { return Ok(MyFamily::NotLinked) };
        let name = repo.person_name(person)?.map(|n| n.display()).unwrap_or_default();
        let registry = Registry::load(repo)?;
        let mut families = Vec::new();
        for id in repo.households_of_person(person)? {
            let Some(household) = repo.household(id)? else { continue };
            let Some(body) = registry.bodies.get(&household.body_id).cloned() else { continue };
            let parcels = repo.parcels_of(household.id)?;
            let mut lines = Vec::new();
            for f in repo.family_assemblies(body.id, household.id, person, FAMILY_ASSEMBLIES)? {
                let entitled = Eligibility::of(f.assembly.kind, body.composition) == Eligibility::Households;
                let attendance = match (f.attendance, f.assembly.status) {
                    (Some(AttendanceStatus::Present), _) => FamilyAttendance::Present,
                    (Some(AttendanceStatus::Late), _) => FamilyAttendance::Late,
                    (Some(AttendanceStatus::Excused), _) => FamilyAttendance::Excused,
                    (Some(AttendanceStatus::Absent), _) => FamilyAttendance::Absent,
                    // An assembly the family was not called to is not its record.
                    (None, _) if !entitled => continue,
                    (None, AssemblyStatus::Closed) => FamilyAttendance::Absent,
                    (None, _) => FamilyAttendance::NotYet,
                };
                let acta = ActaMark::of(f.assembly.status, f.assembly.closed_at, f.acta, ctx.now);
                lines.push(FamilyLine { assembly: f.assembly, attendance, fine: f.fine, acta });
            }
            let attended: Vec<_> = lines
                .iter()
                .filter(|l| matches!(l.attendance, FamilyAttendance::Present | FamilyAttendance::Late))
                .map(|l| l.assembly.id)
                .collect();
            let resolutions = repo.resolutions_of_assemblies(&attended)?;
            let fines: Vec<i64> = lines.iter().filter_map(|l| l.fine).collect();
            let path =
                registry.tree.ancestors(body.id).iter().rev().filter_map(|a| registry.bodies.get(a).cloned()).collect();
            families.push(FamilyRecord {
                fines_total: fines.iter().sum(),
                fines_count: fines.len() as u64,
                household,
                body,
                path,
                parcels,
                lines,
                resolutions,
            });
        }
        Ok(if families.is_empty() {
            MyFamily::NoFamily { person, name }
        } else {
            MyFamily::Families { person, name, families }
        })
    })
}

/// The filters of the leader's view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OverviewFilter {
    #[default]
    All,
    /// No assembly held in the last [`QUIET_MONTHS`] months.
    Quiet,
    /// Actas pending (closed assemblies whose acta is not sealed).
    Pending,
    /// Actas overdue.
    Overdue,
    /// Fines recorded.
    Fines,
}

impl OverviewFilter {
    pub const ALL: [OverviewFilter; 5] = [
        OverviewFilter::All,
        OverviewFilter::Quiet,
        OverviewFilter::Pending,
        OverviewFilter::Overdue,
        OverviewFilter::Fines,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OverviewFilter::All => "all",
            OverviewFilter::Quiet => "quiet",
            OverviewFilter::Pending => "pending",
            OverviewFilter::Overdue => "overdue",
            OverviewFilter::Fines => "fines",
        }
    }

    /// Reads a filter's code; anything else is every body.
    pub fn parse(code: &str) -> OverviewFilter {
        OverviewFilter::ALL.into_iter().find(|f| f.code() == code).unwrap_or_default()
    }

    fn keeps(self, row: &OverviewRow) -> bool {
        match self {
            OverviewFilter::All => true,
            OverviewFilter::Quiet => row.quiet > 0,
            OverviewFilter::Pending => row.activity.actas_pending > 0,
            OverviewFilter::Overdue => row.activity.actas_overdue > 0,
            OverviewFilter::Fines => row.activity.fines > 0,
        }
    }
}

/// "No assembly in 3 months": the window of "held recently".
pub const QUIET_MONTHS: u32 = 3;

/// What the leader's view asks for.
#[derive(Debug, Clone, Default)]
pub struct OverviewQuery {
    /// Part of a name or a code (case and accents ignored).
    pub search: Option<String>,
    pub filter: OverviewFilter,
    pub page: u64,
    pub per_page: u64,
}

/// A body in the leader's view, with the activity of its whole sub-tree added up.
#[derive(Debug, Clone)]
pub struct OverviewRow {
    pub body: Body,
    /// The body it hangs from (for a base body in a flat list: its central).
    pub parent: Option<Body>,
    /// Base bodies (those with none below) in its sub-tree; 1 for a base body.
    pub bases: u64,
    /// Of those, how many held no assembly in the last [`QUIET_MONTHS`] months.
    pub quiet: u64,
    /// Households on the padrón (rolled up).
    pub members: u64,
    /// Whether bodies hang from it.
    pub has_below: bool,
    pub activity: BodyActivity,
}

/// The leader's view of a body's sub-tree.
pub struct Overview {
    /// The body and its whole sub-tree added up.
    pub total: OverviewRow,
    /// The bodies right below that have bodies of their own, each added up (centrales of a
    /// federation, federations of a confederation; none for a central).
    pub groups: Vec<OverviewRow>,
    /// The base bodies (sindicatos) that match the search and the filter, one page of them.
    pub rows: Vec<OverviewRow>,
    /// How many base bodies match.
    pub matched: u64,
    pub page: u64,
    pub per_page: u64,
    pub has_next: bool,
}

fn add(into: &mut BodyActivity, from: &BodyActivity) {
    into.held_recently += from.held_recently;
    into.held += from.held;
    into.last_held = into.last_held.max(from.last_held);
    into.actas_sealed += from.actas_sealed;
    into.actas_pending += from.actas_pending;
    into.actas_overdue += from.actas_overdue;
    into.resolutions += from.resolutions;
    into.fines += from.fines;
    into.fines_amount += from.fines_amount;
    into.last_activity = into.last_activity.max(from.last_activity);
}

/// The leader's view of `body` (a federation, a central, the confederation): for officers of the
/// body or above it (not an afiliado or an observador). Four aggregate statements read the whole
/// sub-tree's activity; the padrón sizes come from the shared snapshot.
pub fn overview(store: &Store, ctx: &Ctx, body: &str, query: &OverviewQuery) -> Result<Overview> {
    let snapshot = crate::registry::snapshot(store)?;
    let registry = &snapshot.registry;
    let root = registry.resolve(body)?.clone();
    let recent_since = ctx
        .today
        .checked_sub_months(Months::new(QUIET_MONTHS))
        .unwrap_or(ctx.today)
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default();
    let overdue_before = ctx.now - ACTA_DUE_DAYS * 86_400;
    let own = store.read(|repo| -> Result<_> {
        // Permission against the tree as it is now, not as the snapshot last saw it.
        let tree = Registry::load(repo)?;
        tree.require(ctx, Action::ViewAudit, root.id)?;
        Ok(repo.subtree_activity(root.id, recent_since, overdue_before)?)
    })?;
    let subtree: Vec<BodyId> = registry.tree.subtree(root.id);
    // Rolled up: each body's activity added to itself and every ancestor within the sub-tree.
    let mut rolled: HashMap<BodyId, OverviewRow> = HashMap::new();
    for id in &subtree {
        let Some(b) = registry.bodies.get(id) else { continue };
        let parent = b.parent_id.and_then(|p| registry.bodies.get(&p)).cloned();
        rolled.insert(
            *id,
            OverviewRow {
                body: b.clone(),
                parent,
                bases: 0,
                quiet: 0,
                members: snapshot.members(*id),
                has_below: !registry.tree.children(*id).is_empty(),
                activity: BodyActivity::default(),
            },
        );
    }
    for id in &subtree {
        let is_base = registry.tree.children(*id).is_empty();
        let open = registry.bodies.get(id).is_some_and(|b| b.closed_on.is_none());
        let activity = own.get(id).cloned().unwrap_or_default();
        let quiet = is_base && open && activity.held_recently == 0;
        let mut at = Some(*id);
        while let Some(current) = at {
            if let Some(row) = rolled.get_mut(&current) {
                add(&mut row.activity, &activity);
                if is_base && open {
                    row.bases += 1;
                    row.quiet += u64::from(quiet);
                }
            }
            if current == root.id {
                break;
            }
            at = registry.tree.parent(current);
        }
    }
    let total =
        rolled.get(&root.id).cloned().ok_or_else(|| ServiceError::UnknownBody { reference: body.to_string() })?;
    // The bodies right below that have bodies of their own (a central's sindicatos are its base
    // bodies, listed once, below).
    let mut groups: Vec<OverviewRow> = registry
        .tree
        .children(root.id)
        .iter()
        .filter_map(|c| rolled.get(c).cloned())
        .filter(|row| row.has_below)
        .collect();
    groups.sort_by(|a, b| a.body.name.cmp(&b.body.name));
    let needle = query.search.as_deref().map(fold).filter(|s| !s.is_empty());
    let mut bases: Vec<OverviewRow> = subtree
        .iter()
        .filter(|id| **id != root.id && registry.tree.children(**id).is_empty())
        .filter_map(|id| rolled.get(id))
        .filter(|row| row.body.closed_on.is_none())
        .filter(|row| {
            needle
                .as_ref()
                .is_none_or(|n| fold(&row.body.name).contains(n.as_str()) || fold(&row.body.code).contains(n.as_str()))
        })
        .filter(|row| query.filter.keeps(row))
        .cloned()
        .collect();
    // Those that need attention first: overdue actas, then quiet, then by name.
    bases.sort_by(|a, b| {
        (b.activity.actas_overdue, b.quiet, &a.body.name).cmp(&(a.activity.actas_overdue, a.quiet, &b.body.name))
    });
    let per_page = query.per_page.clamp(1, MAX_PER_PAGE);
    let page = query.page.max(1);
    let matched = bases.len() as u64;
    let start = ((page - 1).saturating_mul(per_page)).min(matched) as usize;
    let end = (start + per_page as usize).min(bases.len());
    let has_next = (end as u64) < matched;
    let rows = bases.drain(start..end).collect();
    Ok(Overview { total, groups, rows, matched, page, per_page, has_next })
}

/// Whether the viewer may run an assembly (check in, open and close, vote): pages show their
/// controls only then, and the record otherwise.
pub fn may_run(store: &Store, ctx: &Ctx, id: cabildo_domain::assembly::AssemblyId) -> Result<bool> {
    store.read(|repo| {
        let Some(assembly) = repo.assembly(id)? else { return Ok(false) };
        match ctx.require(repo, Action::RunAssembly, assembly.body_id) {
            Ok(()) => Ok(true),
            Err(ServiceError::Forbidden { .. } | ServiceError::SignInRequired) => Ok(false),
            Err(e) => Err(e),
        }
    })
}
