//! Assemblies: convocatoria, who may attend, statute, attendance and quorum, motions, votes by
//! four methods, elections, resolutions and fines. Each public function is one use-case in one
//! transaction, with its permission check and audit line. The acta is in [`crate::acta`].

use cabildo_domain::access::Action;
use cabildo_domain::assembly::{
    self, AssemblyId, AssemblyKind, AssemblyStatus, AttendanceStatus, BallotOption, DecisionRule, ElectionResult,
    ElectionRule, Eligibility, MotionId, Outcome, QuorumRule, Statute, Tally, VoteMethod,
};
use cabildo_domain::{
    Body, BodyId, Date, DomainError, Field, HouseholdId, NewOffice, OfficeEnd, PersonId, PersonName, PublicId,
};
/// The records the assemblies' use-cases answer with.
pub use cabildo_store::{
    AssemblyRecord, AttendanceRecord, CandidateRecord, FineRecord, MotionRecord, ResolutionRecord, RollCallRecord,
    StatuteRecord,
};
use cabildo_store::{
    CastOutcome, DateTime, MotionKind, MotionStatus, NewAssembly, NewMotion, NewResolution, PhoneVote, Repo, Store,
    StoreError, VoteBox,
};

use crate::error::Refusal;
use crate::registry::resolve_body;
use crate::{Ctx, Result, ServiceError};

const MAX_TITLE: usize = 200;
const MAX_TEXT: usize = 20_000;
const MAX_AGENDA_ITEMS: usize = 50;
/// Codes printed for secret ballots and tickets: 10 characters of base 32 (50 bits).
const CODE_LENGTH: usize = 10;
/// Tickets issued in one go (a cabildo of 100,000 takes a few batches).
pub const MAX_TICKETS: u64 = 200_000;

/// What an officer fills in to convene an assembly.
#[derive(Debug, Clone, Default)]
pub struct ConveneForm {
    pub kind: String,
    pub title: String,
    /// "2026-11-30 09:00", "2026-11-30T09:00" or "30/11/2026 09:00".
    pub scheduled_for: String,
    pub place: String,
    /// The orden del día, one item per line.
    pub agenda: String,
}

/// Reads the local date and time of a meeting.
pub fn parse_datetime(value: &str) -> Result<DateTime> {
    let v = value.trim().replace('T', " ");
    for format in ["%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S"] {
        if let Ok(when) = DateTime::parse_from_str(&v, format) {
            return Ok(when);
        }
    }
    if v.is_empty() {
        return Err(DomainError::Required { field: Field::ScheduledFor }.into());
    }
    Err(DomainError::BadDate { field: Field::ScheduledFor, value: value.trim().to_string() }.into())
}

fn parse<T: std::str::FromStr<Err = DomainError>>(value: &str, field: Field) -> Result<T> {
    if value.trim().is_empty() {
        return Err(DomainError::Required { field }.into());
    }
    Ok(value.parse()?)
}

/// Convenes an assembly of a body: kind, date, place and agenda.
pub fn convene(store: &Store, ctx: &Ctx, body: &str, form: &ConveneForm) -> Result<AssemblyRecord> {
    let kind: AssemblyKind = parse(&form.kind, Field::AssemblyKind)?;
    let title = assembly::required_text(Field::AssemblyTitle, &form.title, MAX_TITLE)?;
    let scheduled_for = parse_datetime(&form.scheduled_for)?;
    let place = assembly::required_text(Field::Place, &form.place, MAX_TITLE)?;
    let agenda: Vec<String> = form
        .agenda
        .lines()
        .map(|l| l.trim().trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ')').trim())
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    if agenda.len() > MAX_AGENDA_ITEMS {
        return Err(DomainError::TooLong { field: Field::Agenda, max: MAX_AGENDA_ITEMS }.into());
    }
    if let Some(long) = agenda.iter().find(|item| item.chars().count() > MAX_TITLE) {
        return Err(DomainError::Invalid { field: Field::Agenda, value: long.chars().take(40).collect() }.into());
    }
    store.write(|repo| {
        let body = resolve_body(repo, body)?;
        if !body.is_open() {
            return Err(ServiceError::BodyClosed { body: body.label() });
        }
        ctx.require(repo, Action::RunAssembly, body.id)?;
        let id = repo.insert_assembly(
            &NewAssembly { body_id: body.id, kind, title: title.clone(), scheduled_for, place, convened_at: ctx.now },
            ctx.minter()?.mint()?,
        )?;
        for (i, item) in agenda.iter().enumerate() {
            repo.insert_agenda_item(id, i as i64 + 1, item)?;
        }
        ctx.audit(repo, Some(body.id), "assembly.convene", format!("{id}: {} {title}", kind.code()))?;
        assembly_record(repo, id)
    })
}

fn assembly_record(repo: &mut dyn Repo, id: AssemblyId) -> Result<AssemblyRecord> {
    repo.assembly(id)?.ok_or_else(|| Refusal::UnknownAssembly { id: id.0 }.into())
}

fn motion_record(repo: &mut dyn Repo, id: MotionId) -> Result<MotionRecord> {
    repo.motion(id)?.ok_or_else(|| Refusal::UnknownMotion { id: id.0 }.into())
}

fn body_of(repo: &mut dyn Repo, id: BodyId) -> Result<Body> {
    repo.body(id)?.ok_or_else(|| ServiceError::UnknownBody { reference: id.to_string() })
}

/// Loads an assembly and checks the actor may do `action` in its body.
fn load(repo: &mut dyn Repo, ctx: &Ctx, id: AssemblyId, action: Action) -> Result<(AssemblyRecord, Body)> {
    let assembly = assembly_record(repo, id)?;
    ctx.require(repo, action, assembly.body_id)?;
    let body = body_of(repo, assembly.body_id)?;
    Ok((assembly, body))
}

fn require_status(assembly: &AssemblyRecord, allowed: &[AssemblyStatus]) -> Result<()> {
    if allowed.contains(&assembly.status) {
        return Ok(());
    }
    Err(match assembly.status {
        AssemblyStatus::Closed | AssemblyStatus::Cancelled => {
            Refusal::AssemblyFinished { status: assembly.status.code().into() }
        }
        AssemblyStatus::Open => Refusal::AssemblyAlreadyOpen,
        AssemblyStatus::Convened => Refusal::AssemblyNotOpen { status: assembly.status.code().into() },
    }
    .into())
}

/// How many were entitled and how many make quorum, as fixed when the assembly opened. An
/// assembly that opened has both; one that has not yet opened (`None`) counts them from today's
/// register and statute. An opened assembly without them was changed behind Cabildo's back: that
/// is an error naming the column, never a quorum of 0.
fn fixed_at_opening(assembly: &AssemblyRecord) -> Result<Option<(u64, u64)>> {
    let opened = matches!(assembly.status, AssemblyStatus::Open | AssemblyStatus::Closed);
    match (assembly.eligible, assembly.quorum_required) {
        (Some(eligible), Some(quorum)) => Ok(Some((eligible, quorum))),
        _ if !opened => Ok(None),
        (None, _) => Err(StoreError::missing("assemblies.eligible", assembly.id).into()),
        (Some(_), None) => Err(StoreError::missing("assemblies.quorum_required", assembly.id).into()),
    }
}

/// The quorum of an assembly in session.
fn quorum_required(assembly: &AssemblyRecord) -> Result<u64> {
    assembly.quorum_required.ok_or_else(|| StoreError::missing("assemblies.quorum_required", assembly.id).into())
}

/// Someone entitled to attend.
#[derive(Debug, Clone, PartialEq)]
pub struct Eligible {
    pub person_id: PersonId,
    pub household_id: Option<HouseholdId>,
    /// The sub-body an officer speaks for (ampliado, congress).
    pub represents: Option<BodyId>,
    pub name: PersonName,
    /// Register number, or the office and body of an officer.
    pub label: String,
    /// The short code on a household's member card.
    pub card_code: Option<String>,
}

/// Who may attend an assembly of `body` of this kind, on `day`.
pub fn eligible(repo: &mut dyn Repo, body: &Body, kind: AssemblyKind, day: Date) -> Result<Vec<Eligible>> {
    Ok(match Eligibility::of(kind, body.composition) {
        Eligibility::Households => repo
            .household_representatives(body.id)?
            .into_iter()
            .map(|r| Eligible {
                person_id: r.person_id,
                household_id: Some(r.household_id),
                represents: None,
                name: r.name,
                label: r.register_number.unwrap_or_default(),
                card_code: Some(assembly::member_card_code(r.household_id.0)),
            })
            .collect(),
        Eligibility::Members => repo
            .memberships(body.id)?
            .into_iter()
            .filter(|m| m.until.is_none_or(|u| u >= day))
            .map(|m| Eligible {
                person_id: m.person_id,
                household_id: None,
                represents: None,
                name: m.name,
                label: String::new(),
                card_code: None,
            })
            .collect(),
        Eligibility::Officers | Eligibility::Delegates => {
            let mut out: Vec<Eligible> = Vec::new();
            let mut bodies = vec![body.clone()];
            bodies.extend(repo.bodies()?.into_iter().filter(|b| b.parent_id == Some(body.id) && b.is_open()));
            for b in bodies {
                for office in repo.offices(b.id)? {
                    let current = office.ended_on.is_none() && office.term_end.is_none_or(|end| end >= day);
                    if current && !out.iter().any(|e| e.person_id == office.person_id) {
                        out.push(Eligible {
                            person_id: office.person_id,
                            household_id: None,
                            represents: (b.id != body.id).then_some(b.id),
                            name: office.holder,
                            label: format!("{} — {}", office.title, b.name),
                            card_code: None,
                        });
                    }
                }
            }
            out
        }
        Eligibility::Anyone => Vec::new(),
    })
}

/// The statute in force for a body (the default one if its officers never wrote one).
pub fn statute_in_force(repo: &mut dyn Repo, body: &Body, kind: AssemblyKind) -> Result<(Option<i64>, Statute)> {
    let eligibility = Eligibility::of(kind, body.composition);
    Ok(match repo.current_statute(body.id)? {
        Some(record) if eligibility != Eligibility::Anyone => (Some(record.id), record.statute),
        Some(record) => (Some(record.id), Statute { quorum: QuorumRule::None, ..record.statute }),
        None => (None, Statute::default_for(eligibility)),
    })
}

/// The statute an assembly runs under: the one it opened with, or the one in force.
fn statute_of(repo: &mut dyn Repo, assembly: &AssemblyRecord, body: &Body) -> Result<Statute> {
    match assembly.statute_id {
        Some(id) => {
            let statute = repo.statute(id)?.map(|r| r.statute);
            match statute {
                Some(s) if Eligibility::of(assembly.kind, body.composition) == Eligibility::Anyone => {
                    Ok(Statute { quorum: QuorumRule::None, ..s })
                }
                Some(s) => Ok(s),
                None => Ok(statute_in_force(repo, body, assembly.kind)?.1),
            }
        }
        None if assembly.status == AssemblyStatus::Convened => Ok(statute_in_force(repo, body, assembly.kind)?.1),
        None => Ok(Statute::default_for(Eligibility::of(assembly.kind, body.composition))),
    }
}

/// What officers fill in to change a statute.
#[derive(Debug, Clone, Default)]
pub struct StatuteForm {
    pub quorum: String,
    /// Bolivianos: "50", "12,50".
    pub absence_fine: String,
    /// Roles whose holders sign actas: "secretario_actas, dirigente".
    pub signers: String,
}

/// A body's statute: the version in force and the earlier ones.
pub struct StatuteView {
    pub body: Body,
    pub current: Statute,
    pub versions: Vec<StatuteRecord>,
}

pub fn statute(store: &Store, ctx: &Ctx, body: &str) -> Result<StatuteView> {
    store.read(|repo| {
        let body = resolve_body(repo, body)?;
        ctx.require(repo, Action::ViewBody, body.id)?;
        let (_, current) = statute_in_force(repo, &body, AssemblyKind::Ordinaria)?;
        let versions = repo.statutes(body.id)?;
        Ok(StatuteView { body, current, versions })
    })
}

/// Adopts a new version of a body's statute. Assemblies already open keep the version they
/// opened with.
pub fn update_statute(store: &Store, ctx: &Ctx, body: &str, form: &StatuteForm) -> Result<StatuteRecord> {
    let quorum: QuorumRule = parse(&form.quorum, Field::QuorumRule)?;
    let absence_fine = assembly::parse_amount(Field::AbsenceFine, &form.absence_fine)?;
    let signer_roles = Statute::parse_signers(&form.signers)?;
    store.write(|repo| {
        let body = resolve_body(repo, body)?;
        ctx.require(repo, Action::EditStatute, body.id)?;
        let version = repo.current_statute(body.id)?.map_or(1, |s| s.statute.version + 1);
        let statute = Statute { version, quorum, absence_fine, signer_roles };
        let id = repo.insert_statute(body.id, &statute, ctx.now, &ctx.actor_name())?;
        ctx.audit(
            repo,
            Some(body.id),
            "statute.update",
            format!("v{version}: {} {} {}", quorum.code(), absence_fine, statute.signers_code()),
        )?;
        repo.statute(id)?.ok_or_else(|| ServiceError::Internal("statute vanished".into()))
    })
}

/// A motion with its counts, candidates and resolution.
#[derive(Debug, Clone)]
pub struct MotionView {
    pub motion: MotionRecord,
    /// Counts per option (live while voting, final once decided).
    pub counts: Vec<(String, u64)>,
    pub tally: Tally,
    pub candidates: Vec<CandidateRecord>,
    pub roll_call: Vec<RollCallRecord>,
    pub resolution: Option<ResolutionRecord>,
}

impl MotionView {
    /// The count of one option.
    pub fn count(&self, option: &str) -> u64 {
        self.counts.iter().find(|(o, _)| o == option).map_or(0, |(_, n)| *n)
    }
}

/// Everything about an assembly a page shows.
pub struct AssemblyView {
    pub assembly: AssemblyRecord,
    pub body: Body,
    pub agenda: Vec<String>,
    pub statute: Statute,
    pub eligibility: Eligibility,
    pub eligible: u64,
    pub present: u64,
    pub excused: u64,
    pub quorum_required: u64,
    pub tickets: u64,
    pub motions: Vec<MotionView>,
    /// Names of those recorded, when the viewer may see members.
    pub attendance: Option<Vec<AttendanceRecord>>,
    pub fines: Option<Vec<FineRecord>>,
    pub acta: Option<cabildo_store::ActaRecord>,
    pub may_run: bool,
}

impl AssemblyView {
    pub fn has_quorum(&self) -> bool {
        assembly::has_quorum(self.present, self.quorum_required)
    }

    /// The motion being voted, or else the last one moved: what a projector shows.
    pub fn current_motion(&self) -> Option<&MotionView> {
        self.motions
            .iter()
            .find(|m| m.motion.status == MotionStatus::Voting)
            .or_else(|| self.motions.iter().rev().find(|m| m.motion.status == MotionStatus::Pending))
            .or_else(|| self.motions.last())
    }
}

fn counts_of(repo: &mut dyn Repo, motion: &MotionRecord) -> Result<Vec<(String, u64)>> {
    if motion.status == MotionStatus::Voting {
        match motion.method {
            Some(VoteMethod::Phone) => return Ok(repo.phone_tally(motion.id)?),
            Some(VoteMethod::RollCall) => return Ok(roll_call_counts(&repo.roll_call(motion.id)?)),
            // A secret ballot's running count stays hidden until the vote closes.
            Some(VoteMethod::Secret) => return Ok(Vec::new()),
            _ => {}
        }
    }
    Ok(repo.vote_counts(motion.id)?)
}

fn roll_call_counts(votes: &[RollCallRecord]) -> Vec<(String, u64)> {
    let mut counts: Vec<(String, u64)> = Vec::new();
    for vote in votes {
        match counts.iter_mut().find(|(o, _)| *o == vote.option) {
            Some((_, n)) => *n += 1,
            None => counts.push((vote.option.clone(), 1)),
        }
    }
    counts.sort();
    counts
}

fn motion_view(repo: &mut dyn Repo, motion: MotionRecord) -> Result<MotionView> {
    let counts = counts_of(repo, &motion)?;
    let tally = Tally::from_options(counts.iter().map(|(o, n)| (o.as_str(), *n)));
    let candidates = if motion.kind == MotionKind::Election { repo.candidates(motion.id)? } else { Vec::new() };
    let roll_call = if motion.method == Some(VoteMethod::RollCall) { repo.roll_call(motion.id)? } else { Vec::new() };
    let resolution = repo.resolution_of_motion(motion.id)?;
    Ok(MotionView { motion, counts, tally, candidates, roll_call, resolution })
}

pub(crate) fn view_in(repo: &mut dyn Repo, ctx: &Ctx, id: AssemblyId) -> Result<AssemblyView> {
    let (assembly, body) = load(repo, ctx, id, Action::ViewBody)?;
    let agenda = repo.agenda(id)?;
    let statute = statute_of(repo, &assembly, &body)?;
    let eligibility = Eligibility::of(assembly.kind, body.composition);
    let (eligible, quorum_required) = match fixed_at_opening(&assembly)? {
        Some(fixed) => fixed,
        None => {
            let eligible = self::eligible(repo, &body, assembly.kind, assembly.scheduled_for.date())?.len() as u64;
            (eligible, statute.quorum.required(eligible))
        }
    };
    let records = repo.attendance(id)?;
    let present = records.iter().filter(|r| r.status.is_here()).count() as u64;
    let excused = records.iter().filter(|r| r.status == AttendanceStatus::Excused).count() as u64;
    let tickets = repo.count_tickets(id)?;
    let motions = repo.motions(id)?.into_iter().map(|m| motion_view(repo, m)).collect::<Result<Vec<_>>>()?;
    let (sees_members, may_run) = match ctx.actor {
        crate::Actor::Operator => (true, true),
        _ => {
            let tree = crate::registry::Registry::load(repo)?.tree;
            (ctx.may(&tree, Action::ViewMembers, body.id), ctx.may(&tree, Action::RunAssembly, body.id))
        }
    };
    let fines = if sees_members { Some(repo.fines(id)?) } else { None };
    let acta = repo.acta_of(id)?;
    Ok(AssemblyView {
        agenda,
        statute,
        eligibility,
        eligible,
        present,
        excused,
        quorum_required,
        tickets,
        motions,
        attendance: sees_members.then_some(records),
        fines,
        acta,
        may_run,
        assembly,
        body,
    })
}

/// An assembly with its agenda, attendance, quorum, motions and results.
pub fn view(store: &Store, ctx: &Ctx, id: AssemblyId) -> Result<AssemblyView> {
    store.read(|repo| view_in(repo, ctx, id))
}

/// A body's assemblies, newest first.
pub fn list(store: &Store, ctx: &Ctx, body: &str) -> Result<(Body, Vec<AssemblyRecord>)> {
    store.read(|repo| {
        let body = resolve_body(repo, body)?;
        ctx.require(repo, Action::ViewBody, body.id)?;
        let assemblies = repo.assemblies(body.id, 200)?;
        Ok((body, assemblies))
    })
}

/// A convocatoria as the public sees it: the assembly and its agenda.
pub type PublicAssembly = (AssemblyRecord, Vec<String>);

/// The convocatorias of a body that publishes its page (for its Atom feed): no personal data.
pub fn public_assemblies(store: &Store, code: &str) -> Result<(Body, Vec<PublicAssembly>)> {
    store.read(|repo| {
        let body = resolve_body(repo, code)?;
        if !body.published {
            return Err(ServiceError::UnknownBody { reference: code.to_string() });
        }
        let mut out = Vec::new();
        for a in repo.assemblies(body.id, 30)? {
            if a.status != AssemblyStatus::Cancelled {
                let agenda = repo.agenda(a.id)?;
                out.push((a, agenda));
            }
        }
        Ok((body, out))
    })
}

/// Someone at the door: found by household, person, or member card code.
#[derive(Debug, Clone, PartialEq)]
pub enum Attendee {
    Household(HouseholdId),
    Person(PersonId),
    Card(String),
}

/// A line of the check-in list: someone entitled and how they are recorded so far.
#[derive(Debug, Clone, PartialEq)]
pub struct DoorLine {
    pub eligible: Eligible,
    pub status: Option<AttendanceStatus>,
}

/// The check-in list of an assembly, optionally narrowed by a search (name, parcel code,
/// register number or member card code).
pub fn door(store: &Store, ctx: &Ctx, id: AssemblyId, search: Option<&str>, limit: usize) -> Result<Vec<DoorLine>> {
    let (body, everyone, recorded) = store.read(|repo| {
        let (assembly, body) = load(repo, ctx, id, Action::ViewMembers)?;
        let everyone = eligible(repo, &body, assembly.kind, assembly.scheduled_for.date())?;
        Ok::<_, ServiceError>((body, everyone, repo.attendance(id)?))
    })?;
    let search = search.map(str::trim).filter(|s| !s.is_empty());
    let matching: Option<std::collections::HashSet<PersonId>> = match search {
        None => None,
        Some(typed) => {
            let mut found = std::collections::HashSet::new();
            if let Some(household) = assembly::parse_member_card_code(typed) {
                found.extend(
                    everyone.iter().filter(|e| e.household_id == Some(HouseholdId(household))).map(|e| e.person_id),
                );
            }
            let query = cabildo_domain::padron::search_query(typed);
            for e in &everyone {
                let named = query.as_deref().is_some_and(|q| e.name.search_key().contains(q));
                if named || e.label.eq_ignore_ascii_case(typed) {
                    found.insert(e.person_id);
                }
            }
            if body.composition == cabildo_domain::Composition::Households {
                // Parcel codes: the sindicato's padrón knows them.
                let roster = crate::registry::roster(store, body.id)?;
                for h in roster.find(Some(typed)).take(limit) {
                    if let Some(e) = everyone.iter().find(|e| e.household_id == Some(h.id)) {
                        found.insert(e.person_id);
                    }
                }
            }
            Some(found)
        }
    };
    Ok(everyone
        .into_iter()
        .filter(|e| matching.as_ref().is_none_or(|m| m.contains(&e.person_id)))
        .take(limit)
        .map(|e| {
            let status = recorded.iter().find(|r| r.person_id == e.person_id).map(|r| r.status);
            DoorLine { eligible: e, status }
        })
        .collect())
}

/// Records someone at the door: present (late once the assembly is in session), or excused.
pub fn check_in(
    store: &Store,
    ctx: &Ctx,
    id: AssemblyId,
    who: &Attendee,
    excused: bool,
) -> Result<(PersonName, AttendanceStatus)> {
    store.write(|repo| {
        let (assembly, body) = load(repo, ctx, id, Action::RunAssembly)?;
        require_status(&assembly, &[AssemblyStatus::Convened, AssemblyStatus::Open])?;
        let everyone = eligible(repo, &body, assembly.kind, assembly.scheduled_for.date())?;
        let found = match who {
            Attendee::Household(h) => everyone.iter().find(|e| e.household_id == Some(*h)),
            Attendee::Person(p) => everyone.iter().find(|e| e.person_id == *p),
            Attendee::Card(code) => {
                let household = assembly::parse_member_card_code(code)
                    .ok_or_else(|| Refusal::UnknownCard { code: code.trim().to_string() })?;
                everyone.iter().find(|e| e.household_id == Some(HouseholdId(household)))
            }
        };
        let Some(found) = found.cloned() else {
            return Err(match who {
                Attendee::Card(code) => Refusal::UnknownCard { code: code.trim().to_string() },
                Attendee::Household(h) => Refusal::NotEligible { name: format!("#{}", h.0) },
                Attendee::Person(p) => Refusal::NotEligible { name: format!("#{}", p.0) },
            }
            .into());
        };
        let status = if excused {
            AttendanceStatus::Excused
        } else if assembly.status == AssemblyStatus::Open {
            AttendanceStatus::Late
        } else {
            AttendanceStatus::Present
        };
        let previous = repo.attendance(id)?.into_iter().find(|r| r.person_id == found.person_id);
        // Someone already here stays as first recorded (a second scan at the door changes nothing).
        if let Some(previous) = previous.filter(|p| p.status.is_here() && !excused) {
            return Ok((found.name, previous.status));
        }
        repo.upsert_attendance(
            id,
            &AttendanceRecord {
                person_id: found.person_id,
                household_id: found.household_id,
                represents_id: found.represents,
                name: found.name.clone(),
                status,
                at: ctx.now,
            },
        )?;
        ctx.audit(
            repo,
            Some(body.id),
            "assembly.attendance",
            format!("{id}: {} {}", found.person_id.0, status.code()),
        )?;
        Ok((found.name, status))
    })
}

/// Opens the session: fixes who is entitled, the statute and the quorum.
pub fn open(store: &Store, ctx: &Ctx, id: AssemblyId) -> Result<AssemblyRecord> {
    store.write(|repo| {
        let (assembly, body) = load(repo, ctx, id, Action::RunAssembly)?;
        require_status(&assembly, &[AssemblyStatus::Convened])?;
        let (statute_id, statute) = statute_in_force(repo, &body, assembly.kind)?;
        let eligible = eligible(repo, &body, assembly.kind, assembly.scheduled_for.date())?.len() as u64;
        let quorum = statute.quorum.required(eligible);
        repo.open_assembly(id, statute_id, eligible, quorum, ctx.now)?;
        ctx.audit(repo, Some(body.id), "assembly.open", format!("{id}: {eligible} eligible, quorum {quorum}"))?;
        assembly_record(repo, id)
    })
}

/// Cancels an assembly that has not met.
pub fn cancel(store: &Store, ctx: &Ctx, id: AssemblyId) -> Result<AssemblyRecord> {
    store.write(|repo| {
        let (assembly, body) = load(repo, ctx, id, Action::RunAssembly)?;
        require_status(&assembly, &[AssemblyStatus::Convened])?;
        repo.set_assembly_status(id, AssemblyStatus::Cancelled, ctx.now)?;
        ctx.audit(repo, Some(body.id), "assembly.cancel", id.to_string())?;
        assembly_record(repo, id)
    })
}

/// Closes the session: refused while a vote is open. Unexcused absences become fines (when the
/// statute sets one), and the acta's draft is started.
pub fn close(store: &Store, ctx: &Ctx, id: AssemblyId) -> Result<AssemblyRecord> {
    store.write(|repo| {
        let (assembly, body) = load(repo, ctx, id, Action::RunAssembly)?;
        require_status(&assembly, &[AssemblyStatus::Open])?;
        if let Some(m) = repo.motions(id)?.into_iter().find(|m| m.status == MotionStatus::Voting) {
            return Err(Refusal::VoteStillOpen { number: m.number }.into());
        }
        let statute = statute_of(repo, &assembly, &body)?;
        let mut fined = 0;
        if statute.absence_fine > 0 {
            let recorded = repo.attendance(id)?;
            for e in eligible(repo, &body, assembly.kind, assembly.scheduled_for.date())? {
                if !recorded.iter().any(|r| r.person_id == e.person_id) {
                    repo.insert_fine(&FineRecord {
                        assembly_id: id,
                        body_id: body.id,
                        person_id: e.person_id,
                        household_id: e.household_id,
                        name: e.name,
                        amount: statute.absence_fine,
                        created_at: ctx.now,
                    })?;
                    fined += 1;
                }
            }
        }
        repo.set_assembly_status(id, AssemblyStatus::Closed, ctx.now)?;
        if repo.acta_of(id)?.is_none() {
            repo.insert_acta(id, body.id, "", ctx.minter()?.mint()?)?;
        }
        ctx.audit(repo, Some(body.id), "assembly.close", format!("{id}: {fined} fined"))?;
        assembly_record(repo, id)
    })
}

/// What a member or a sub-body moves.
#[derive(Debug, Clone, Default)]
pub struct MotionForm {
    pub title: String,
    pub text: String,
    pub proposer: String,
    /// The id of a sub-body's resolution this motion brings up.
    pub origin: Option<i64>,
    /// The number (within the assembly) of the motion this one amends.
    pub amends: Option<i64>,
}

/// Moves a motion (or an amendment to a pending motion) in an assembly in session.
pub fn add_motion(store: &Store, ctx: &Ctx, id: AssemblyId, form: &MotionForm) -> Result<MotionRecord> {
    let title = assembly::required_text(Field::MotionTitle, &form.title, MAX_TITLE)?;
    let text = assembly::required_text(Field::MotionText, &form.text, MAX_TEXT)?;
    store.write(|repo| {
        let (assembly, body) = load(repo, ctx, id, Action::RunAssembly)?;
        require_status(&assembly, &[AssemblyStatus::Open])?;
        let mut proposer = form.proposer.trim().to_string();
        let origin = match form.origin {
            None => None,
            Some(resolution) => {
                let r = repo
                    .resolution(resolution)?
                    .ok_or(Refusal::UnknownResolution { reference: resolution.to_string() })?;
                let registry = crate::registry::Registry::load(repo)?;
                if r.body_id == body.id || !registry.tree.is_within(r.body_id, body.id) {
                    return Err(Refusal::UnknownResolution { reference: format!("{}/{}", r.number, r.year) }.into());
                }
                if proposer.is_empty() {
                    proposer = format!("{} — Res. {}/{}", registry.label(r.body_id), r.number, r.year);
                }
                Some(r.id)
            }
        };
        if proposer.is_empty() {
            return Err(DomainError::Required { field: Field::Proposer }.into());
        }
        let amends = match form.amends {
            None => None,
            Some(number) => {
                let target = repo
                    .motions(id)?
                    .into_iter()
                    .find(|m| m.number == number && m.kind == MotionKind::Motion)
                    .ok_or(Refusal::UnknownMotion { id: number })?;
                if target.status != MotionStatus::Pending {
                    return Err(Refusal::MotionDecided { number, outcome: outcome_code(&target) }.into());
                }
                Some(target.id)
            }
        };
        let motion_id = repo.insert_motion(
            &NewMotion {
                assembly_id: id,
                kind: MotionKind::Motion,
                title: title.clone(),
                text: text.clone(),
                proposer,
                origin_id: origin,
                amends_id: amends,
                runoff_of: None,
                office_title: None,
                term_end: None,
                election_rule: None,
            },
            ctx.minter()?.mint()?,
        )?;
        ctx.audit(repo, Some(body.id), "motion.create", format!("{motion_id}: {title}"))?;
        motion_record(repo, motion_id)
    })
}

fn outcome_code(m: &MotionRecord) -> String {
    m.outcome.map_or_else(|| m.status.code().to_string(), |o| o.code().to_string())
}

/// An election of an office (or a delegate seat).
#[derive(Debug, Clone, Default)]
pub struct ElectionForm {
    pub office_title: String,
    pub term_end: Option<Date>,
    pub rule: String,
    pub candidates: Vec<PersonId>,
}

/// Puts an office to election, with candidates from among those entitled to attend.
pub fn add_election(store: &Store, ctx: &Ctx, id: AssemblyId, form: &ElectionForm) -> Result<MotionRecord> {
    let office = NewOffice::new(&form.office_title, Date::MIN, form.term_end)?;
    let rule: ElectionRule = parse(&form.rule, Field::ElectionRule)?;
    if form.candidates.is_empty() {
        return Err(Refusal::NoCandidates.into());
    }
    store.write(|repo| {
        let (assembly, body) = load(repo, ctx, id, Action::RunAssembly)?;
        require_status(&assembly, &[AssemblyStatus::Open])?;
        let day = assembly.scheduled_for.date();
        if let Some(end) = form.term_end.filter(|end| *end <= day) {
            return Err(DomainError::EndBeforeStart { start: day.to_string(), end: end.to_string() }.into());
        }
        let everyone = eligible(repo, &body, assembly.kind, day)?;
        let motion_id = repo.insert_motion(
            &NewMotion {
                assembly_id: id,
                kind: MotionKind::Election,
                title: office.title.clone(),
                text: String::new(),
                proposer: ctx.actor_name(),
                origin_id: None,
                amends_id: None,
                runoff_of: None,
                office_title: Some(office.title.clone()),
                term_end: form.term_end,
                election_rule: Some(rule),
            },
            ctx.minter()?.mint()?,
        )?;
        let mut seen = Vec::new();
        for person in &form.candidates {
            if seen.contains(person) {
                continue;
            }
            seen.push(*person);
            if everyone.iter().all(|e| e.person_id != *person) && body.composition != cabildo_domain::Composition::Open
            {
                return Err(Refusal::NotEligible { name: format!("#{}", person.0) }.into());
            }
            repo.insert_candidate(motion_id, *person)?;
        }
        ctx.audit(repo, Some(body.id), "election.create", format!("{motion_id}: {}", office.title))?;
        motion_record(repo, motion_id)
    })
}

/// Loads a motion with its assembly, for a step of its vote.
fn load_motion(
    repo: &mut dyn Repo,
    ctx: &Ctx,
    motion: MotionId,
    action: Action,
) -> Result<(MotionRecord, AssemblyRecord, Body)> {
    let motion = motion_record(repo, motion)?;
    let (assembly, body) = load(repo, ctx, motion.assembly_id, action)?;
    Ok((motion, assembly, body))
}

/// A vote just opened; for a secret ballot, the one-time codes to print and hand out, one per
/// person present (shown once: only their hashes are kept).
#[derive(Debug, Clone)]
pub struct OpenedVote {
    pub motion: MotionRecord,
    pub present: u64,
    pub codes: Vec<String>,
}

/// A random code of `CODE_LENGTH` characters.
pub fn new_code() -> Result<String> {
    let mut bytes = [0u8; CODE_LENGTH];
    getrandom::fill(&mut bytes).map_err(|e| ServiceError::Internal(e.to_string()))?;
    Ok(assembly::code_from_bytes(&bytes, CODE_LENGTH))
}

/// What the database keeps of a ballot code or ticket: the hash of its normalised form.
pub fn code_hash(code: &str) -> Option<String> {
    assembly::normalize_code(code).map(|c| crate::access::secret_hash(&c))
}

/// The hash of a code just made: an error, never an empty hash, if it does not read as a code.
fn new_code_hash(code: &str) -> Result<String> {
    code_hash(code).ok_or_else(|| ServiceError::Internal(format!("a new code does not read as a code: {code:?}")))
}

fn quorum_check(repo: &mut dyn Repo, assembly: &AssemblyRecord, body: &Body) -> Result<u64> {
    let present = repo.count_present(assembly.id)?;
    if Eligibility::of(assembly.kind, body.composition) == Eligibility::Anyone {
        return Ok(present);
    }
    let required = quorum_required(assembly)?;
    if !assembly::has_quorum(present, required) {
        return Err(Refusal::NoQuorum { present, required }.into());
    }
    Ok(present)
}

/// Opens the vote on a motion or election: checks the quorum, fixes method and rule.
pub fn open_vote(
    store: &Store,
    ctx: &Ctx,
    motion: MotionId,
    method: VoteMethod,
    rule: DecisionRule,
) -> Result<OpenedVote> {
    store.write(|repo| {
        let (motion, assembly, body) = load_motion(repo, ctx, motion, Action::RunAssembly)?;
        require_status(&assembly, &[AssemblyStatus::Open])?;
        if motion.status != MotionStatus::Pending {
            return Err(Refusal::MotionDecided { number: motion.number, outcome: outcome_code(&motion) }.into());
        }
        if let Some(open) = repo.motions(assembly.id)?.into_iter().find(|m| m.status == MotionStatus::Voting) {
            return Err(Refusal::VoteStillOpen { number: open.number }.into());
        }
        let present = quorum_check(repo, &assembly, &body)?;
        if method == VoteMethod::Phone && repo.count_tickets(assembly.id)? == 0 {
            return Err(Refusal::NoTickets.into());
        }
        repo.open_vote(motion.id, method, rule, present, ctx.now)?;
        let mut codes = Vec::new();
        if method == VoteMethod::Secret {
            let mut hashes = Vec::with_capacity(present as usize);
            for _ in 0..present {
                let code = new_code()?;
                hashes.push(new_code_hash(&code)?);
                codes.push(code);
            }
            repo.insert_ballot_codes(motion.id, &hashes)?;
        }
        ctx.audit(
            repo,
            Some(body.id),
            "vote.open",
            format!("{}: {} {} ({present} present)", motion.id, method.code(), rule.code()),
        )?;
        Ok(OpenedVote { motion: motion_record(repo, motion.id)?, present, codes })
    })
}

fn voting(motion: &MotionRecord, method: VoteMethod) -> Result<()> {
    if motion.status != MotionStatus::Voting {
        return Err(Refusal::VoteNotOpen { number: motion.number }.into());
    }
    let Some(opened_with) = motion.method else {
        return Err(StoreError::missing("motions.method", motion.id).into());
    };
    if opened_with != method {
        return Err(Refusal::WrongMethod { number: motion.number, method: opened_with.code().to_string() }.into());
    }
    Ok(())
}

/// Checks an option belongs to the vote: for/against/abstain on a motion; a candidate or
/// abstain in an election.
fn check_option(repo: &mut dyn Repo, motion: &MotionRecord, option: BallotOption) -> Result<()> {
    let valid = match (motion.kind, option) {
        (MotionKind::Motion, BallotOption::Candidate(_)) => false,
        (MotionKind::Motion, _) => true,
        (MotionKind::Election, BallotOption::Abstain) => true,
        (MotionKind::Election, BallotOption::Candidate(c)) => repo.candidates(motion.id)?.iter().any(|k| k.id == c),
        (MotionKind::Election, _) => false,
    };
    if valid { Ok(()) } else { Err(Refusal::UnknownOption { option: option.code() }.into()) }
}

/// Records the counts of a show of hands (they may be recounted until the vote closes). Refused
/// when more hands were counted than people present.
pub fn record_hands(store: &Store, ctx: &Ctx, motion: MotionId, counts: &[(BallotOption, u64)]) -> Result<Tally> {
    store.write(|repo| {
        let (motion, assembly, body) = load_motion(repo, ctx, motion, Action::RunAssembly)?;
        require_status(&assembly, &[AssemblyStatus::Open])?;
        voting(&motion, VoteMethod::ShowOfHands)?;
        let present = repo.count_present(assembly.id)?;
        let total: u64 = counts.iter().map(|(_, n)| n).sum();
        if total > present {
            return Err(DomainError::CountsExceedPresent { total, present }.into());
        }
        for (option, n) in counts {
            check_option(repo, &motion, *option)?;
            repo.set_vote_count(motion.id, &option.code(), *n)?;
        }
        let summary: Vec<String> = counts.iter().map(|(o, n)| format!("{}={n}", o.code())).collect();
        ctx.audit(repo, Some(body.id), "vote.hands", format!("{}: {}", motion.id, summary.join(" ")))?;
        let counts = repo.vote_counts(motion.id)?;
        Ok(Tally::from_options(counts.iter().map(|(o, n)| (o.as_str(), *n))))
    })
}

/// Records one voter's vote in a roll call: only those present, once each.
pub fn roll_call_vote(
    store: &Store,
    ctx: &Ctx,
    motion: MotionId,
    person: PersonId,
    option: BallotOption,
) -> Result<()> {
    store.write(|repo| {
        let (motion, assembly, body) = load_motion(repo, ctx, motion, Action::RunAssembly)?;
        require_status(&assembly, &[AssemblyStatus::Open])?;
        voting(&motion, VoteMethod::RollCall)?;
        check_option(repo, &motion, option)?;
        let here = repo.attendance(assembly.id)?.into_iter().find(|r| r.person_id == person);
        let Some(voter) = here.filter(|r| r.status.is_here()) else {
            return Err(Refusal::NotPresent { name: format!("#{}", person.0) }.into());
        };
        if repo.roll_call(motion.id)?.iter().any(|v| v.person_id == person) {
            return Err(Refusal::AlreadyVoted { name: voter.name.display() }.into());
        }
        repo.insert_roll_call(motion.id, person, &option.code())?;
        ctx.audit(repo, Some(body.id), "vote.roll_call", format!("{}: {} {}", motion.id, person.0, option.code()))?;
        Ok(())
    })
}

/// Casts a secret ballot with a one-time code. Nothing records who voted: the code was handed
/// out on paper, its hash is only marked used, and the choice only adds one to a counter. No
/// audit line either (its time would link a ballot to the person seen voting).
pub fn cast_secret_ballot(store: &Store, motion: MotionId, code: &str, option: BallotOption) -> Result<()> {
    let hash = code_hash(code).ok_or(Refusal::BallotCodeRefused)?;
    store.write(|repo| {
        let motion = motion_record(repo, motion)?;
        voting(&motion, VoteMethod::Secret)?;
        check_option(repo, &motion, option)?;
        if !repo.use_ballot_code(motion.id, &hash)? {
            return Err(Refusal::BallotCodeRefused.into());
        }
        repo.add_vote(motion.id, &option.code())?;
        Ok(())
    })
}

/// Issues `n` phone-voting tickets for an assembly: returns the codes to print (only their
/// hashes are kept).
pub fn issue_tickets(store: &Store, ctx: &Ctx, id: AssemblyId, n: u64) -> Result<Vec<String>> {
    if n == 0 || n > MAX_TICKETS {
        return Err(DomainError::OutOfRange {
            field: Field::Count,
            value: n.to_string(),
            min: "1".into(),
            max: MAX_TICKETS.to_string(),
        }
        .into());
    }
    let codes: Vec<String> = (0..n).map(|_| new_code()).collect::<Result<_>>()?;
    let hashes: Vec<String> = codes.iter().map(|c| new_code_hash(c)).collect::<Result<_>>()?;
    store.write(|repo| {
        let (assembly, body) = load(repo, ctx, id, Action::RunAssembly)?;
        require_status(&assembly, &[AssemblyStatus::Convened, AssemblyStatus::Open])?;
        repo.insert_tickets(id, &hashes, ctx.now)?;
        ctx.audit(repo, Some(body.id), "assembly.tickets", format!("{id}: {n}"))?;
        Ok::<(), ServiceError>(())
    })?;
    Ok(codes)
}

/// A phone vote, checked and ready for the vote box.
pub fn phone_vote(motion: MotionId, ticket: &str, option: &str, now: i64) -> Result<PhoneVote> {
    let ticket_hash = code_hash(ticket).ok_or(Refusal::UnknownTicket)?;
    let option = BallotOption::parse(option)?;
    Ok(PhoneVote { motion_id: motion.0, ticket_hash, option: option.code(), at: now })
}

/// What a phone is told after its vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneAnswer {
    Recorded,
    /// The same vote again (a phone that lost its connection): it was counted once.
    AlreadyRecorded,
}

/// The vote box's answer to `vote`, as the phone hears it.
pub fn phone_answer(outcome: CastOutcome, vote: &PhoneVote) -> Result<PhoneAnswer> {
    match outcome {
        CastOutcome::Recorded => Ok(PhoneAnswer::Recorded),
        CastOutcome::AlreadyRecorded => Ok(PhoneAnswer::AlreadyRecorded),
        CastOutcome::AlreadyVoted => Err(Refusal::TicketAlreadyVoted.into()),
        CastOutcome::UnknownTicket => Err(Refusal::UnknownTicket.into()),
        CastOutcome::NotOpen { number: Some(number) } => Err(Refusal::VoteNotOpen { number }.into()),
        CastOutcome::NotOpen { number: None } => Err(Refusal::UnknownMotion { id: vote.motion_id }.into()),
        CastOutcome::UnknownOption => Err(Refusal::UnknownOption { option: vote.option.clone() }.into()),
    }
}

/// The phone-vote box of a server's database, opened on first use and shared by every request.
#[derive(Default)]
pub struct PhoneBox {
    votebox: std::sync::Mutex<Option<VoteBox>>,
}

impl PhoneBox {
    fn votebox(&self, store: &Store) -> Result<VoteBox> {
        let mut slot = self.votebox.lock().map_err(|_| ServiceError::Internal("vote box lock poisoned".into()))?;
        if let Some(votebox) = slot.as_ref() {
            return Ok(votebox.clone());
        }
        let votebox = store.vote_box()?;
        *slot = Some(votebox.clone());
        Ok(votebox)
    }

    /// Checks a phone vote and hands it to the vote box without waiting: `reply` is called with
    /// the phone's answer once the vote's batch has committed (or was refused). Refusals found
    /// before the vote box (a malformed ticket, an unknown option) are answered at once.
    pub fn submit(
        &self,
        store: &Store,
        motion: MotionId,
        ticket: &str,
        option: &str,
        now: i64,
        reply: impl FnOnce(Result<PhoneAnswer>) + Send + 'static,
    ) {
        let vote = match phone_vote(motion, ticket, option, now) {
            Ok(vote) => vote,
            Err(e) => return reply(Err(e)),
        };
        let votebox = match self.votebox(store) {
            Ok(votebox) => votebox,
            Err(e) => return reply(Err(e)),
        };
        let answered = vote.clone();
        votebox.submit(
            vote,
            Box::new(move |outcome| {
                reply(outcome.map_err(ServiceError::from).and_then(|outcome| phone_answer(outcome, &answered)));
            }),
        );
    }
}

/// Casts a phone vote and waits for the vote box to commit it (command line and tests; the web
/// server uses the vote box asynchronously).
pub fn cast_phone_vote(
    votebox: &cabildo_store::VoteBox,
    motion: MotionId,
    ticket: &str,
    option: &str,
    now: i64,
) -> Result<PhoneAnswer> {
    let vote = phone_vote(motion, ticket, option, now)?;
    phone_answer(votebox.cast(vote.clone())?, &vote)
}

/// The result of a closed vote.
#[derive(Debug, Clone)]
pub struct VoteResult {
    pub motion: MotionRecord,
    pub tally: Tally,
    pub counts: Vec<(String, u64)>,
    pub resolution: Option<ResolutionRecord>,
    /// For an election: who was elected, or the second round that was moved.
    pub elected: Option<PersonName>,
    pub runoff: Option<MotionRecord>,
}

/// Closes a vote: counts it, applies the rule, and records the result — a numbered resolution
/// for an adopted motion, the new officer for an election (or its second round).
pub fn close_vote(store: &Store, ctx: &Ctx, motion: MotionId) -> Result<VoteResult> {
    store.write(|repo| {
        // No phone vote may commit between the count below and the close.
        repo.lock_motion(motion)?;
        let (motion, assembly, body) = load_motion(repo, ctx, motion, Action::RunAssembly)?;
        require_status(&assembly, &[AssemblyStatus::Open])?;
        if motion.status != MotionStatus::Voting {
            return Err(Refusal::VoteNotOpen { number: motion.number }.into());
        }
        let counts = match motion.method {
            Some(VoteMethod::Phone) => repo.phone_tally(motion.id)?,
            Some(VoteMethod::RollCall) => roll_call_counts(&repo.roll_call(motion.id)?),
            _ => repo.vote_counts(motion.id)?,
        };
        // The final tally is kept with the motion, whatever the method.
        for (option, n) in &counts {
            repo.set_vote_count(motion.id, option, *n)?;
        }
        let tally = Tally::from_options(counts.iter().map(|(o, n)| (o.as_str(), *n)));
        let present =
            motion.present_at_open.ok_or_else(|| StoreError::missing("motions.present_at_open", motion.id))?;
        let day = assembly.scheduled_for.date();
        let mut resolution = None;
        let mut elected = None;
        let mut runoff = None;
        let outcome = match motion.kind {
            MotionKind::Motion => {
                let rule = motion.rule.ok_or_else(|| StoreError::missing("motions.rule", motion.id))?;
                let outcome = cabildo_domain::assembly::decide(rule, tally, present);
                if outcome == Outcome::Adopted {
                    if let Some(target) = motion.amends_id {
                        repo.set_motion_text(target, &motion.text)?;
                    }
                    resolution = Some(repo.insert_resolution(
                        &NewResolution {
                            body_id: body.id,
                            year: chrono::Datelike::year(&day),
                            motion_id: Some(motion.id),
                            title: motion.title.clone(),
                            text: motion.text.clone(),
                            adopted_on: day,
                        },
                        ctx.minter()?.mint()?,
                    )?);
                }
                outcome
            }
            MotionKind::Election => {
                let candidates = repo.candidates(motion.id)?;
                let votes: Vec<(i64, u64)> = candidates
                    .iter()
                    .map(|c| (c.id, counts.iter().find(|(o, _)| *o == format!("c{}", c.id)).map_or(0, |(_, n)| *n)))
                    .collect();
                let rule =
                    motion.election_rule.ok_or_else(|| StoreError::missing("motions.election_rule", motion.id))?;
                match cabildo_domain::assembly::elect(rule, &votes) {
                    ElectionResult::Elected(id) => {
                        let winner = candidates.iter().find(|c| c.id == id).cloned();
                        if let Some(winner) = winner {
                            install_officer(repo, &body, &motion, &winner, day, ctx.minter()?.mint()?)?;
                            elected = Some(winner.name);
                        }
                        Outcome::Elected
                    }
                    ElectionResult::Runoff(ids) => {
                        let title = office_title(&motion)?;
                        let second = repo.insert_motion(
                            &NewMotion {
                                assembly_id: assembly.id,
                                kind: MotionKind::Election,
                                title: title.clone(),
                                text: String::new(),
                                proposer: motion.proposer.clone(),
                                origin_id: None,
                                amends_id: None,
                                runoff_of: Some(motion.id),
                                office_title: Some(title),
                                term_end: motion.term_end,
                                election_rule: Some(ElectionRule::Plurality),
                            },
                            ctx.minter()?.mint()?,
                        )?;
                        for id in ids {
                            if let Some(c) = candidates.iter().find(|c| c.id == id) {
                                repo.insert_candidate(second, c.person_id)?;
                            }
                        }
                        runoff = Some(motion_record(repo, second)?);
                        Outcome::Runoff
                    }
                    ElectionResult::NoVotes => Outcome::Rejected,
                }
            }
        };
        repo.decide_motion(motion.id, outcome, ctx.now)?;
        ctx.audit(
            repo,
            Some(body.id),
            "vote.close",
            format!(
                "{}: {} ({} for, {} against, {} abstain)",
                motion.id,
                outcome.code(),
                tally.for_,
                tally.against,
                tally.abstain
            ),
        )?;
        Ok(VoteResult { motion: motion_record(repo, motion.id)?, tally, counts, resolution, elected, runoff })
    })
}

/// The office an election fills (every election has one).
fn office_title(motion: &MotionRecord) -> Result<String> {
    motion.office_title.clone().ok_or_else(|| StoreError::missing("motions.office_title", motion.id).into())
}

/// The elected person takes the office from the assembly's day; whoever held it leaves it then.
fn install_officer(
    repo: &mut dyn Repo,
    body: &Body,
    motion: &MotionRecord,
    winner: &CandidateRecord,
    day: Date,
    public_id: PublicId,
) -> Result<()> {
    let title = office_title(motion)?;
    for office in repo.offices(body.id)? {
        if office.ended_on.is_none() && cabildo_domain::text::fold(&office.title) == cabildo_domain::text::fold(&title)
        {
            let on = if office.term_start > day { office.term_start } else { day };
            repo.end_office(office.id, on, OfficeEnd::Term)?;
        }
    }
    let office = NewOffice::new(&title, day, motion.term_end)?;
    repo.insert_office(body.id, winner.person_id, &office, public_id)?;
    Ok(())
}

/// Records that a motion was withdrawn by its proposer before its vote.
pub fn withdraw(store: &Store, ctx: &Ctx, motion: MotionId) -> Result<MotionRecord> {
    settle_without_vote(store, ctx, motion, Outcome::Withdrawn)
}

/// Records that a motion could not be voted for lack of quorum (refused when there is quorum).
pub fn fail_quorum(store: &Store, ctx: &Ctx, motion: MotionId) -> Result<MotionRecord> {
    settle_without_vote(store, ctx, motion, Outcome::NoQuorum)
}

fn settle_without_vote(store: &Store, ctx: &Ctx, motion: MotionId, outcome: Outcome) -> Result<MotionRecord> {
    store.write(|repo| {
        let (motion, assembly, body) = load_motion(repo, ctx, motion, Action::RunAssembly)?;
        require_status(&assembly, &[AssemblyStatus::Open])?;
        if motion.status != MotionStatus::Pending {
            return Err(Refusal::MotionDecided { number: motion.number, outcome: outcome_code(&motion) }.into());
        }
        if outcome == Outcome::NoQuorum {
            let present = repo.count_present(assembly.id)?;
            let required = quorum_required(&assembly)?;
            if assembly::has_quorum(present, required) {
                return Err(Refusal::HasQuorum { present, required }.into());
            }
        }
        repo.decide_motion(motion.id, outcome, ctx.now)?;
        ctx.audit(repo, Some(body.id), "motion.settle", format!("{}: {}", motion.id, outcome.code()))?;
        motion_record(repo, motion.id)
    })
}

/// A body's resolutions, newest first ("Resolución 12/2026").
pub fn resolutions(store: &Store, ctx: &Ctx, body: &str, limit: u64) -> Result<(Body, Vec<ResolutionRecord>)> {
    store.read(|repo| {
        let body = resolve_body(repo, body)?;
        ctx.require(repo, Action::ViewBody, body.id)?;
        let list = repo.resolutions(body.id, limit)?;
        Ok((body, list))
    })
}

/// Resolutions of the bodies below `body` that may be brought up as motions.
pub fn sub_body_resolutions(store: &Store, ctx: &Ctx, body: BodyId) -> Result<Vec<(Body, ResolutionRecord)>> {
    store.read(|repo| {
        ctx.require(repo, Action::ViewBody, body)?;
        let children: Vec<Body> = repo.bodies()?.into_iter().filter(|b| b.parent_id == Some(body)).collect();
        let mut out = Vec::new();
        for child in children {
            for r in repo.resolutions(child.id, 20)? {
                out.push((child.clone(), r));
            }
        }
        Ok(out)
    })
}
