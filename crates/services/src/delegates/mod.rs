//! Delegates, seats and credentials (issue 14): a congress — or an ampliado that uses delegates —
//! declares its seats per sub-body (its open child bodies, and for a body of organisations the
//! organisations affiliated to it on the register date, observers marked); each sub-body elects
//! the holder and alternate of each seat with an ordinary election in one of its own assemblies,
//! whose close issues the credential; the congress's door admits only by a credential's code.
//! This replaces, for congresses, the seam where the officers of the bodies below stood in as
//! delegates (ampliados without seats keep their officers).
//!
//! Each public function is one use-case in one transaction, with its permission check and audit
//! line; the hooks (`on_elected`, `after_runoff`, `on_affiliation_end`, `check_vote`) run inside
//! the caller's transaction.

use cabildo_domain::access::Action;
use cabildo_domain::assembly::{AssemblyId, AssemblyKind, AssemblyStatus, AttendanceStatus, ElectionRule, Eligibility};
use cabildo_domain::delegates::{self as rules, Admission, SeatRole, SeatRule};
use cabildo_domain::input::Problems;
use cabildo_domain::{AffiliationKind, Body, BodyId, Date, DomainError, Field, NewOffice, PersonId, PersonName};
use cabildo_store::{AssemblyRecord, AttendanceRecord, CandidateRecord, MotionRecord, NewCredential, Repo, Store};
pub use cabildo_store::{CredentialRecord, DelegateElection, DelegationRecord, SeatPlanRecord};

use crate::assembly::{Eligible, load, load_naming, require_status};
use crate::{Ctx, Result, ServiceError};

mod refusal;
pub use refusal::{DelegateRefusal, DelegateRefusalKind};

/// What an officer of the higher body types to declare the seats.
#[derive(Debug, Clone, Default)]
pub struct SeatForm {
    /// `fixed` or `per_members`.
    pub rule: String,
    /// Seats per sub-body, or members per seat.
    pub number: String,
    /// One alternate (suplente) per seat.
    pub alternates: bool,
    /// The register date members are counted on (`yyyy-mm-dd` or `dd/mm/yyyy`); empty: today.
    pub register_on: String,
}

/// The seats as read from the form.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SeatTerms {
    pub rule: SeatRule,
    pub alternates: bool,
    pub register_on: Date,
}

impl SeatForm {
    /// Reads every field, keeping every problem under its field.
    pub fn read(&self, today: Date) -> std::result::Result<SeatTerms, Problems> {
        let mut problems = Vec::new();
        let rule = SeatRule::read(&self.rule, &self.number).map_err(|p| problems.extend(p)).ok();
        let register_on = match self.register_on.trim() {
            "" => Some(today),
            typed => {
                cabildo_domain::padron::parse_date(Field::Date, typed).map_err(|e| problems.push((Field::Date, e))).ok()
            }
        };
        match (rule, register_on) {
            (Some(rule), Some(register_on)) if problems.is_empty() => {
                Ok(SeatTerms { rule, alternates: self.alternates, register_on })
            }
            _ => Err(Problems(problems)),
        }
    }
}

/// A delegation with its credentials, as the seats page shows it.
#[derive(Debug, Clone)]
pub struct DelegationView {
    pub delegation: DelegationRecord,
    /// Issued credentials, by seat and role. Empty for a viewer who may not see the members.
    pub credentials: Vec<CredentialRecord>,
    /// How many of its seats have a holder's credential.
    pub issued: u32,
}

/// An assembly's seats: the plan, if declared, and each delegation.
#[derive(Debug, Clone)]
pub struct Seats {
    pub assembly: AssemblyRecord,
    pub body: Body,
    pub plan: Option<SeatPlanRecord>,
    pub delegations: Vec<DelegationView>,
    /// Whether the viewer may declare the seats (runs the assembly and it is still convened).
    pub may_declare: bool,
    /// Whether names are shown (the viewer may see the body's members).
    pub sees_members: bool,
}

impl Seats {
    /// Seats of voting delegations still standing.
    pub fn voting_seats(&self) -> u64 {
        self.delegations
            .iter()
            .filter(|d| !d.delegation.observer && d.delegation.ended_on.is_none())
            .map(|d| u64::from(d.delegation.seats))
            .sum()
    }
}

/// Whether an assembly's door and quorum go by delegates' credentials: a congress always (with no
/// seats declared, nobody is entitled yet), and an ampliado that declared seats.
pub(crate) fn uses_delegates(repo: &mut dyn Repo, assembly: &AssemblyRecord, body: &Body) -> Result<bool> {
    Ok(match Eligibility::of(assembly.kind, body.composition) {
        Eligibility::Delegates => true,
        Eligibility::Officers if assembly.kind == AssemblyKind::Ampliado => repo.seat_plan(assembly.id)?.is_some(),
        _ => false,
    })
}

/// Those entitled to attend an assembly that uses delegates: the holders of its credentials, and
/// each alternate whose holder has not been admitted (the seat's other person) — never a revoked
/// credential.
pub(crate) fn eligible(repo: &mut dyn Repo, assembly: AssemblyId) -> Result<Vec<Eligible>> {
    let credentials = repo.credentials(assembly)?;
    let holder_in = |c: &CredentialRecord| {
        credentials.iter().any(|h| {
            h.delegation_id == c.delegation_id && h.seat == c.seat && h.role == SeatRole::Holder && h.used_at.is_some()
        })
    };
    let mut out: Vec<Eligible> = Vec::with_capacity(credentials.len());
    for c in &credentials {
        if c.revoked_on.is_some() || (c.role == SeatRole::Alternate && holder_in(c)) {
            continue;
        }
        if out.iter().any(|e| e.person_id == c.person_id) {
            continue;
        }
        out.push(Eligible {
            person_id: c.person_id,
            household_id: None,
            represents: Some(c.body_id),
            name: c.name.clone(),
            label: c.body_name.clone(),
            card_code: None,
        });
    }
    Ok(out)
}

/// The voting seats of an assembly: those of delegations that are not observers and still stand.
pub(crate) fn voting_seats(repo: &mut dyn Repo, assembly: AssemblyId) -> Result<u64> {
    Ok(repo
        .delegations(assembly)?
        .iter()
        .filter(|d| !d.observer && d.ended_on.is_none())
        .map(|d| u64::from(d.seats))
        .sum())
}

/// How many of those here vote: observers' delegates are present but do not vote.
pub(crate) fn voters_present(repo: &mut dyn Repo, assembly: &AssemblyRecord, present: u64) -> Result<u64> {
    if repo.seat_plan(assembly.id)?.is_none() {
        return Ok(present);
    }
    Ok(present.saturating_sub(repo.observers_present(assembly.id)?))
}

/// Refuses the vote of a delegate who sits for an observer organisation (a roll call names the
/// voter; secret ballots are issued only to voters, see [`voters_present`]).
pub(crate) fn check_vote(repo: &mut dyn Repo, assembly: AssemblyId, person: PersonId) -> Result<()> {
    match repo.seated_credential(assembly, person)? {
        Some(c) if c.observer => {
            Err(DelegateRefusal::ObserverCannotVote { name: c.name.display(), body: c.body_name }.into())
        }
        _ => Ok(()),
    }
}

/// The sub-bodies that get seats in an assembly of `body`, on `day`: its open child bodies, and
/// the organisations affiliated to it on that day (observers marked, with the affiliation).
fn sub_bodies(repo: &mut dyn Repo, body: &Body, day: Date) -> Result<Vec<(Body, bool, Option<i64>)>> {
    let mut out: Vec<(Body, bool, Option<i64>)> = repo
        .bodies()?
        .into_iter()
        .filter(|b| b.parent_id == Some(body.id) && b.is_open())
        .map(|b| (b, false, None))
        .collect();
    for a in repo.affiliations(body.id)? {
        let current = a.host_id == body.id && a.since <= day && a.until.is_none_or(|u| u > day);
        if !current || out.iter().any(|(b, _, _)| b.id == a.member_id) {
            continue;
        }
        if let Some(member) = repo.body(a.member_id)?.filter(Body::is_open) {
            out.push((member, a.kind == AffiliationKind::Observer, Some(a.id)));
        }
    }
    Ok(out)
}

/// Declares an assembly's seats: once, while it is convened, by whoever runs it. Each sub-body's
/// members are counted on the register date; the statute's weighting flag is copied.
pub fn declare_seats(store: &Store, ctx: &Ctx, id: AssemblyId, form: &SeatForm) -> Result<Seats> {
    let terms = form.read(ctx.today).map_err(first_problem)?;
    store.write(|repo| {
        let (assembly, body) = load(repo, ctx, id, Action::RunAssembly)?;
        if !matches!(assembly.kind, AssemblyKind::Congreso | AssemblyKind::Ampliado) {
            return Err(DelegateRefusal::SeatsNotForKind { kind: assembly.kind.code().to_string() }.into());
        }
        require_status(&assembly, &[AssemblyStatus::Convened])?;
        if repo.seat_plan(id)?.is_some() {
            return Err(DelegateRefusal::SeatsAlreadyDeclared.into());
        }
        let subs = sub_bodies(repo, &body, terms.register_on)?;
        if subs.is_empty() {
            return Err(DelegateRefusal::NoSubBodies { body: body.label() }.into());
        }
        let (statute_id, _) = crate::assembly::statute_in_force(repo, &body, assembly.kind)?;
        let weighted = match statute_id {
            Some(s) => repo.statute_weighs_delegations(s)?.unwrap_or(false),
            None => false,
        };
        repo.insert_seat_plan(&SeatPlanRecord {
            assembly_id: id,
            rule: terms.rule,
            alternates: terms.alternates,
            register_on: terms.register_on,
            weighted,
            declared_at: ctx.now,
            declared_by: ctx.actor_name(),
        })?;
        let mut total = 0u64;
        for (sub, observer, affiliation) in subs {
            let members = repo.members_on(sub.id, terms.register_on)?;
            let seats = terms.rule.seats(members);
            total += u64::from(seats);
            repo.insert_delegation(&DelegationRecord {
                id: 0,
                assembly_id: id,
                body_id: sub.id,
                body_name: sub.name.clone(),
                body_code: sub.code.clone(),
                members,
                seats,
                observer,
                affiliation_id: affiliation,
                ended_on: None,
            })?;
        }
        ctx.audit(
            repo,
            Some(body.id),
            "delegates.seats",
            format!(
                "{id}: {} {} ({total} seats, register {})",
                terms.rule.code(),
                terms.rule.number(),
                terms.register_on
            ),
        )?;
        seats_in(repo, ctx, id)
    })
}

fn first_problem(problems: Problems) -> ServiceError {
    match problems.0.into_iter().next() {
        Some((_, e)) => e.into(),
        None => ServiceError::Internal("a form refused without a problem".into()),
    }
}

fn seats_in(repo: &mut dyn Repo, ctx: &Ctx, id: AssemblyId) -> Result<Seats> {
    let (assembly, body) = load(repo, ctx, id, Action::ViewBody)?;
    let plan = repo.seat_plan(id)?;
    let (sees_members, may_run) = match ctx.actor {
        crate::Actor::Operator => (true, true),
        _ => {
            let tree = crate::registry::Registry::load(repo)?.tree;
            (ctx.may(&tree, Action::ViewMembers, body.id), ctx.may(&tree, Action::RunAssembly, body.id))
        }
    };
    let credentials = if sees_members { repo.credentials(id)? } else { Vec::new() };
    let mut delegations = Vec::new();
    for d in repo.delegations(id)? {
        let issued =
            repo.credentials(id)?.iter().filter(|c| c.delegation_id == d.id && c.role == SeatRole::Holder).count();
        let mine: Vec<CredentialRecord> = credentials.iter().filter(|c| c.delegation_id == d.id).cloned().collect();
        delegations.push(DelegationView { delegation: d, credentials: mine, issued: issued as u32 });
    }
    let may_declare = may_run && plan.is_none() && assembly.status == AssemblyStatus::Convened;
    Ok(Seats { assembly, body, plan, delegations, may_declare, sees_members })
}

/// An assembly's seats, delegations and credentials (names to those who may see the members).
pub fn seats(store: &Store, ctx: &Ctx, id: AssemblyId) -> Result<Seats> {
    store.read(|repo| seats_in(repo, ctx, id))
}

/// A delegation, with the assembly it sits in and the elections of its seats so far.
#[derive(Debug, Clone)]
pub struct Delegation {
    pub delegation: DelegationRecord,
    pub plan: SeatPlanRecord,
    /// The higher body's assembly (the congress).
    pub congress: AssemblyRecord,
    pub congress_body: Body,
    /// The sub-body the delegation is of.
    pub body: Body,
    pub credentials: Vec<CredentialRecord>,
    /// The elections of its seats, with their motions.
    pub elections: Vec<(DelegateElection, MotionRecord)>,
    /// The sub-body's assemblies in session where its seats may be elected, each with those
    /// present (the candidates), newest first — for whoever runs them and sees their members.
    pub assemblies: Vec<(AssemblyRecord, Vec<AttendanceRecord>)>,
}

impl Delegation {
    /// The seats and roles still without a credential, in order.
    pub fn open_seats(&self) -> Vec<(u32, SeatRole)> {
        if self.delegation.ended_on.is_some() {
            return Vec::new();
        }
        let mut out = Vec::new();
        for seat in 1..=self.delegation.seats {
            let mut roles = vec![SeatRole::Holder];
            if self.plan.alternates {
                roles.push(SeatRole::Alternate);
            }
            for role in roles {
                if !self.credentials.iter().any(|c| c.seat == seat && c.role == role) {
                    out.push((seat, role));
                }
            }
        }
        out
    }
}

/// Loads a delegation for someone who may act for its sub-body or for the higher body.
fn delegation_record(repo: &mut dyn Repo, id: i64) -> Result<DelegationRecord> {
    repo.delegation(id)?.ok_or_else(|| DelegateRefusal::UnknownDelegation { id }.into())
}

/// The actor must run assemblies of the delegation's sub-body or of the higher body (for a
/// council's member organisation, outside its tree); anyone else is refused as for any record
/// outside their subtree (`forbidden`).
fn require_either(repo: &mut dyn Repo, ctx: &Ctx, d: &DelegationRecord, congress: &AssemblyRecord) -> Result<()> {
    match ctx.require(repo, Action::RunAssembly, d.body_id) {
        Ok(()) => Ok(()),
        Err(e) => ctx.require(repo, Action::RunAssembly, congress.body_id).map_err(|_| e),
    }
}

fn delegation_in(repo: &mut dyn Repo, ctx: &Ctx, id: i64) -> Result<Delegation> {
    let delegation = delegation_record(repo, id)?;
    let congress = repo
        .assembly(delegation.assembly_id)?
        .ok_or_else(|| ServiceError::Internal(format!("delegation {id} without its assembly")))?;
    require_either(repo, ctx, &delegation, &congress)?;
    let plan = repo
        .seat_plan(congress.id)?
        .ok_or_else(|| cabildo_store::StoreError::missing("seat_plans.assembly_id", congress.id.0))?;
    let congress_body = body(repo, congress.body_id)?;
    let sub = body(repo, delegation.body_id)?;
    let credentials: Vec<CredentialRecord> =
        repo.credentials(congress.id)?.into_iter().filter(|c| c.delegation_id == id).collect();
    let mut elections = Vec::new();
    let mut assemblies = Vec::new();
    let may_elect = ctx.require(repo, Action::RunAssembly, sub.id).is_ok()
        && ctx.require(repo, Action::ViewMembers, sub.id).is_ok();
    for a in repo.assemblies(sub.id, 200)? {
        for m in repo.motions(a.id)? {
            if let Some(e) = repo.delegate_election(m.id)?.filter(|e| e.delegation_id == id) {
                elections.push((e, m));
            }
        }
        if a.status == AssemblyStatus::Open && may_elect {
            let present = repo.attendance(a.id)?.into_iter().filter(|r| r.status.is_here()).collect();
            assemblies.push((a, present));
        }
    }
    Ok(Delegation { delegation, plan, congress, congress_body, body: sub, credentials, elections, assemblies })
}

fn body(repo: &mut dyn Repo, id: BodyId) -> Result<Body> {
    repo.body(id)?.ok_or_else(|| ServiceError::UnknownBody { reference: id.to_string() })
}

/// A delegation's page: its seats, credentials and elections, for whoever runs the sub-body's
/// assemblies or the higher body's.
pub fn delegation(store: &Store, ctx: &Ctx, id: i64) -> Result<Delegation> {
    store.read(|repo| delegation_in(repo, ctx, id))
}

/// The delegations a body sends, with their congress, for its officers.
pub fn delegations_of(store: &Store, ctx: &Ctx, body: &str) -> Result<BodyDelegations> {
    store.read(|repo| {
        let body = crate::registry::resolve_body(repo, body)?;
        ctx.require(repo, Action::RunAssembly, body.id)?;
        let mut list = Vec::new();
        for d in repo.delegations_of(body.id)? {
            if let Some(a) = repo.assembly(d.assembly_id)? {
                list.push((d, a));
            }
        }
        let statute = repo.current_statute(body.id)?;
        let weighted = match &statute {
            Some(s) => repo.statute_weighs_delegations(s.id)?.unwrap_or(false),
            None => false,
        };
        let may_edit = match ctx.actor {
            crate::Actor::Operator => true,
            _ => ctx.may(&crate::registry::Registry::load(repo)?.tree, Action::EditStatute, body.id),
        };
        let weighting = Weighting { weighted, statute: statute.is_some(), may_edit };
        Ok(BodyDelegations { body, list, weighting })
    })
}

/// A body's delegations to the assemblies above it, and how its own congresses weigh theirs.
#[derive(Debug, Clone)]
pub struct BodyDelegations {
    pub body: Body,
    pub list: Vec<(DelegationRecord, AssemblyRecord)>,
    pub weighting: Weighting,
}

/// Whether a body's statute weighs the delegations at its own congresses and ampliados.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Weighting {
    pub weighted: bool,
    /// Whether the body has a statute in force (the flag belongs to it).
    pub statute: bool,
    /// Whether the viewer may change it (who may edit the statute).
    pub may_edit: bool,
}

/// What the sub-body's assembly elects: the holder or the alternate of one seat.
#[derive(Debug, Clone)]
pub struct DelegateElectionForm {
    pub delegation: i64,
    pub seat: u32,
    pub role: SeatRole,
    /// The election's title as the page or command line words it ("Delegado al Congreso — asiento 1").
    pub title: String,
    pub rule: String,
    pub candidates: Vec<PersonId>,
}

/// Puts one seat of a delegation to election in an assembly (in session) of the delegation's own
/// sub-body, with candidates from those entitled to attend it. Closing the vote issues the
/// credential (see [`on_elected`]).
pub fn add_delegate_election(
    store: &Store,
    ctx: &Ctx,
    assembly: AssemblyId,
    form: &DelegateElectionForm,
) -> Result<MotionRecord> {
    let office = NewOffice::new(&form.title, Date::MIN, None)?;
    let rule: ElectionRule = match form.rule.trim() {
        "" => return Err(DomainError::Required { field: Field::ElectionRule }.into()),
        typed => typed.parse()?,
    };
    if form.candidates.is_empty() {
        return Err(crate::error::Refusal::NoCandidates.into());
    }
    store.write(|repo| {
        let (base, base_body) = load_naming(repo, ctx, assembly)?;
        let d = delegation_record(repo, form.delegation)?;
        if d.body_id != base_body.id {
            // Another body's delegation: named only to whoever may see it.
            let congress = repo.assembly(d.assembly_id)?.ok_or(DelegateRefusal::UnknownDelegation { id: d.id })?;
            require_either(repo, ctx, &d, &congress)?;
            return Err(
                DelegateRefusal::DelegationNotOfBody { delegation: d.body_name, body: base_body.label() }.into()
            );
        }
        check_seat_open(repo, &d, form.seat, form.role)?;
        let _ = base;
        let motion = crate::assembly::add_election_in(repo, ctx, assembly, &office, rule, None, &form.candidates)?;
        repo.insert_delegate_election(&DelegateElection {
            motion_id: motion.id,
            delegation_id: d.id,
            seat: form.seat,
            role: form.role,
        })?;
        ctx.audit(
            repo,
            Some(base_body.id),
            "delegates.election",
            format!("{}: delegation {}, {} seat {}", motion.id, d.id, form.seat, form.role.code()),
        )?;
        Ok(motion)
    })
}

/// Refuses a seat that cannot be given a credential now: no such seat, no alternates, the
/// delegation ended, the congress met, or a credential issued already.
fn check_seat_open(repo: &mut dyn Repo, d: &DelegationRecord, seat: u32, role: SeatRole) -> Result<()> {
    if let Some(on) = d.ended_on {
        return Err(DelegateRefusal::DelegationEnded { body: d.body_name.clone(), on: on.to_string() }.into());
    }
    if seat == 0 || seat > d.seats {
        return Err(DelegateRefusal::NoSuchSeat { seat, seats: d.seats }.into());
    }
    let plan = repo
        .seat_plan(d.assembly_id)?
        .ok_or_else(|| cabildo_store::StoreError::missing("seat_plans.assembly_id", d.assembly_id.0))?;
    if role == SeatRole::Alternate && !plan.alternates {
        return Err(DelegateRefusal::NoAlternates.into());
    }
    let congress = repo
        .assembly(d.assembly_id)?
        .ok_or_else(|| ServiceError::Internal(format!("delegation {} without its assembly", d.id)))?;
    if matches!(congress.status, AssemblyStatus::Closed | AssemblyStatus::Cancelled) {
        return Err(DelegateRefusal::CongressFinished { assembly: congress.title }.into());
    }
    if let Some(c) = repo.seat_credential(d.id, seat, role)? {
        return Err(DelegateRefusal::SecondCredential {
            body: d.body_name.clone(),
            seat,
            role: role.code().to_string(),
            holder: c.name.display(),
        }
        .into());
    }
    Ok(())
}

/// Called when an election is won, in the closing transaction: if it elects a delegate's seat,
/// issues the credential (refused whole if the seat has one already, or can no longer be given)
/// and answers `true`, so that no office is installed.
pub(crate) fn on_elected(
    repo: &mut dyn Repo,
    ctx: &Ctx,
    motion: &MotionRecord,
    winner: &CandidateRecord,
) -> Result<bool> {
    let Some(election) = repo.delegate_election(motion.id)? else {
        return Ok(false);
    };
    let d = delegation_record(repo, election.delegation_id)?;
    check_seat_open(repo, &d, election.seat, election.role)?;
    let key = repo.member_cards_key()?;
    let code = rules::credential_code(&key, d.id, election.seat, election.role);
    let hash = crate::assembly::code_hash(&code)
        .ok_or_else(|| ServiceError::Internal("a credential code does not read as a code".into()))?;
    let id = repo.insert_credential(&NewCredential {
        delegation_id: d.id,
        seat: election.seat,
        role: election.role,
        person_id: winner.person_id,
        motion_id: Some(motion.id),
        code_hash: hash,
        issued_at: ctx.now,
    })?;
    ctx.audit(
        repo,
        Some(d.body_id),
        "delegates.credential",
        format!(
            "{id}: delegation {}, person {}, {} seat {}",
            d.id,
            winner.person_id.0,
            election.seat,
            election.role.code()
        ),
    )?;
    Ok(true)
}

/// A second round elects the same seat as the first.
pub(crate) fn after_runoff(repo: &mut dyn Repo, first: &MotionRecord, second: &MotionRecord) -> Result<()> {
    if let Some(e) = repo.delegate_election(first.id)? {
        repo.insert_delegate_election(&DelegateElection { motion_id: second.id, ..e })?;
    }
    Ok(())
}

/// When an affiliation ends, the delegations that sat by it in assemblies not yet closed end on
/// the same day, and their credentials are revoked — in the caller's transaction.
pub(crate) fn on_affiliation_end(
    repo: &mut dyn Repo,
    ctx: &Ctx,
    host: BodyId,
    affiliation: i64,
    on: Date,
) -> Result<()> {
    let revoked = repo.end_delegations_of_affiliation(affiliation, on)?;
    if revoked > 0 {
        ctx.audit(
            repo,
            Some(host),
            "delegates.revoked",
            format!("affiliation {affiliation}: {revoked} credentials, {on}"),
        )?;
    }
    Ok(())
}

/// A credential with its printed code.
#[derive(Debug, Clone)]
pub struct PrintedCredential {
    pub credential: CredentialRecord,
    pub code: String,
}

/// A delegation's credentials to print, with their codes, for whoever runs the sub-body's
/// assemblies or the higher body's.
#[derive(Debug, Clone)]
pub struct CredentialSheet {
    pub delegation: Delegation,
    pub credentials: Vec<PrintedCredential>,
}

pub fn credential_sheet(store: &Store, ctx: &Ctx, id: i64) -> Result<CredentialSheet> {
    store.read(|repo| {
        let delegation = delegation_in(repo, ctx, id)?;
        let key = repo.member_cards_key()?;
        let credentials = delegation
            .credentials
            .iter()
            .filter(|c| c.revoked_on.is_none())
            .map(|c| PrintedCredential {
                code: rules::credential_code(&key, c.delegation_id, c.seat, c.role),
                credential: c.clone(),
            })
            .collect();
        Ok(CredentialSheet { delegation, credentials })
    })
}

/// Someone admitted at the door by credential.
#[derive(Debug, Clone, PartialEq)]
pub struct Admitted {
    pub name: PersonName,
    pub body_name: String,
    pub seat: u32,
    pub role: SeatRole,
    pub observer: bool,
    pub status: AttendanceStatus,
}

/// Admits a delegate at the door of an assembly by the code of their credential: a mistyped code,
/// an unknown (forged) one, one of another assembly, a revoked one, one used already, an
/// alternate while the seat's holder is in, and the holder once the alternate took the seat are
/// each refused with their reason. The attendance records the delegation's body as the body the
/// person represents.
pub fn check_in_credential(store: &Store, ctx: &Ctx, id: AssemblyId, typed: &str) -> Result<Admitted> {
    store.write(|repo| {
        let (assembly, _body) = load_naming(repo, ctx, id)?;
        require_status(&assembly, &[AssemblyStatus::Convened, AssemblyStatus::Open])?;
        admit_in(repo, ctx, &assembly, typed)
    })
}

/// [`check_in_credential`] in the caller's transaction, for an assembly loaded with its checks
/// (the door's code field comes here when the assembly uses delegates).
pub(crate) fn admit_in(repo: &mut dyn Repo, ctx: &Ctx, assembly: &AssemblyRecord, typed: &str) -> Result<Admitted> {
    let id = assembly.id;
    let shown = typed.trim().chars().take(40).collect::<String>();
    let code =
        rules::read_credential_code(typed).ok_or(DelegateRefusal::CredentialMalformed { code: shown.clone() })?;
    let hash = crate::assembly::code_hash(&code).ok_or(DelegateRefusal::CredentialMalformed { code: shown })?;
    {
        let c =
            repo.credential_by_hash(&hash)?.ok_or_else(|| DelegateRefusal::UnknownCredential { code: code.clone() })?;
        if c.assembly_id != id {
            return Err(DelegateRefusal::CredentialOtherAssembly { code }.into());
        }
        if let Some(on) = c.revoked_on {
            return Err(DelegateRefusal::CredentialRevoked {
                name: c.name.display(),
                body: c.body_name,
                on: on.to_string(),
            }
            .into());
        }
        let other_role = if c.role == SeatRole::Holder { SeatRole::Alternate } else { SeatRole::Holder };
        let other = repo.seat_credential(c.delegation_id, c.seat, other_role)?;
        let other_in = other.as_ref().is_some_and(|o| o.used_at.is_some());
        let (holder_in, alternate_in) = match c.role {
            SeatRole::Holder => (c.used_at.is_some(), other_in),
            SeatRole::Alternate => (other_in, c.used_at.is_some()),
        };
        let other_name = other.map(|o| o.name.display()).unwrap_or_default();
        match rules::admit(c.role, c.used_at.is_some(), holder_in, alternate_in) {
            Admission::Admit => {}
            Admission::AlreadyUsed => {
                return Err(DelegateRefusal::CredentialUsed { name: c.name.display(), body: c.body_name }.into());
            }
            Admission::HolderPresent => {
                return Err(DelegateRefusal::HolderPresent {
                    name: c.name.display(),
                    seat: c.seat,
                    body: c.body_name,
                    holder: other_name,
                }
                .into());
            }
            Admission::AlternateSeated => {
                return Err(DelegateRefusal::AlternateSeated {
                    name: c.name.display(),
                    seat: c.seat,
                    body: c.body_name,
                    alternate: other_name,
                }
                .into());
            }
        }
        let status =
            if assembly.status == AssemblyStatus::Open { AttendanceStatus::Late } else { AttendanceStatus::Present };
        repo.upsert_attendance(
            id,
            &AttendanceRecord {
                person_id: c.person_id,
                household_id: None,
                represents_id: Some(c.body_id),
                name: c.name.clone(),
                status,
                at: ctx.now,
            },
        )?;
        repo.mark_credential_used(c.id, ctx.now)?;
        ctx.audit(
            repo,
            Some(assembly.body_id),
            "assembly.attendance",
            format!("{id}: {} {} credential {}", c.person_id.0, status.code(), c.id),
        )?;
        Ok(Admitted { name: c.name, body_name: c.body_name, seat: c.seat, role: c.role, observer: c.observer, status })
    }
}

/// A roll call where the seats weigh delegations: each vote and each voting delegate present,
/// with the members and seats of the delegation they sit for.
pub(crate) struct WeighedRollCall {
    /// (option, members, seats) per vote.
    pub votes: Vec<(String, u64, u32)>,
    /// (members, seats) per voting delegate present (observers do not vote).
    pub present: Vec<(u64, u32)>,
}

impl WeighedRollCall {
    fn votes(&self) -> impl Iterator<Item = (&str, u64, u32)> {
        self.votes.iter().map(|(o, m, s)| (o.as_str(), *m, *s))
    }

    /// Per option, the members represented (rounded only for showing).
    pub fn tally(&self) -> Vec<(String, u64)> {
        rules::weighted_tally(self.votes())
    }

    /// A motion's outcome under its rule, decided by exact shares of members.
    pub fn decide(&self, rule: cabildo_domain::assembly::DecisionRule) -> cabildo_domain::assembly::Outcome {
        rules::decide_weighed(rule, self.votes(), self.present.iter().copied())
    }

    /// Per option, the exact weight: for elections.
    pub fn weights(&self) -> Vec<(String, rules::Weight)> {
        rules::weighed_options(self.votes())
    }
}

/// A roll call's votes weighed by the members of each voter's delegation, where the seats say
/// so. `None` where the assembly does not weigh.
pub(crate) fn weighed_roll_call(
    repo: &mut dyn Repo,
    assembly: AssemblyId,
    votes: &[cabildo_store::RollCallRecord],
) -> Result<Option<WeighedRollCall>> {
    if !repo.seat_plan(assembly)?.is_some_and(|p| p.weighted) {
        return Ok(None);
    }
    let seated: Vec<CredentialRecord> = repo
        .credentials(assembly)?
        .into_iter()
        .filter(|c| c.used_at.is_some() && c.revoked_on.is_none() && !c.observer)
        .collect();
    let seat_of = |person: PersonId| seated.iter().find(|c| c.person_id == person);
    let votes =
        votes.iter().filter_map(|v| seat_of(v.person_id).map(|c| (v.option.clone(), c.members, c.seats))).collect();
    let present = repo
        .attendance(assembly)?
        .iter()
        .filter(|a| a.status.is_here())
        .filter_map(|a| seat_of(a.person_id).map(|c| (c.members, c.seats)))
        .collect();
    Ok(Some(WeighedRollCall { votes, present }))
}

/// A roll call's votes weighed by the members of each voter's delegation, per option, for
/// showing. `None` where the assembly does not weigh.
pub(crate) fn weighted_roll_call(
    repo: &mut dyn Repo,
    assembly: AssemblyId,
    votes: &[cabildo_store::RollCallRecord],
) -> Result<Option<Vec<(String, u64)>>> {
    Ok(weighed_roll_call(repo, assembly, votes)?.map(|w| w.tally()))
}

/// Sets whether a body's statute in force weighs delegations by their members (a new flag on
/// the version in force), for whoever may edit its statute.
pub fn set_weighting(store: &Store, ctx: &Ctx, body: &str, weighted: bool) -> Result<bool> {
    store.write(|repo| {
        let body = crate::registry::resolve_body(repo, body)?;
        ctx.require(repo, Action::EditStatute, body.id)?;
        let statute = repo.current_statute(body.id)?.ok_or(DelegateRefusal::StatuteFirst { body: body.label() })?;
        repo.set_statute_weighs_delegations(statute.id, weighted)?;
        ctx.audit(repo, Some(body.id), "delegates.weighting", format!("statute {}: {weighted}", statute.id))?;
        Ok(weighted)
    })
}

/// Whether a body's statute in force weighs delegations by their members.
pub fn weighting(store: &Store, ctx: &Ctx, body: &str) -> Result<bool> {
    store.read(|repo| {
        let body = crate::registry::resolve_body(repo, body)?;
        ctx.require(repo, Action::ViewBody, body.id)?;
        Ok(match repo.current_statute(body.id)? {
            Some(statute) => repo.statute_weighs_delegations(statute.id)?.unwrap_or(false),
            None => false,
        })
    })
}
