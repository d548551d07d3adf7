//! Assemblies: convocatoria, who may attend, statute, attendance and quorum, motions, votes by
//! four methods, elections, resolutions and fines. Each public function is one use-case in one
//! transaction, with its permission check and audit line. The acta is in [`crate::acta`].

use cabildo_domain::access::Action;
use cabildo_domain::assembly::{
    self, AssemblyId, AssemblyKind, AssemblyStatus, AttendanceStatus, ElectionRule, Eligibility, MotionId, QuorumRule,
    Statute, Tally, VoteMethod,
};
use cabildo_domain::{Body, BodyId, Date, DomainError, Field, HouseholdId, NewOffice, PersonId, PersonName};
/// The fewest secret ballots written together (see [`cast_secret_ballot`]).
pub use cabildo_store::MIX;
/// The records the assemblies' use-cases answer with.
pub use cabildo_store::{
    AssemblyRecord, AttendanceRecord, CandidateRecord, Convener, FineRecord, MotionRecord, ResolutionRecord,
    RollCallRecord, StatuteRecord, StatuteResolution,
};
use cabildo_store::{DateTime, MotionKind, MotionStatus, NewAssembly, NewMotion, Repo, Store, StoreError};

use crate::error::Refusal;
use crate::registry::resolve_body;
use crate::{Ctx, Result, ServiceError};
use cabildo_domain::input::{Checker, Problems};

mod abierto;
mod eligible;
mod hall;
mod live;
mod people;
mod recall;
mod records;
mod statute;
mod votes;

pub use abierto::*;
pub use eligible::*;
pub use hall::*;
pub use live::*;
pub use people::*;
pub use recall::*;
pub use records::*;
pub use statute::*;
pub use votes::*;

const MAX_TITLE: usize = 200;
const MAX_TEXT: usize = 20_000;
const MAX_AGENDA_ITEMS: usize = 50;
/// Codes printed for secret ballots and tickets: 10 characters of base 32 (50 bits).
const CODE_LENGTH: usize = 10;

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
    // A day that does not exist ("31/02/2026 10:00") is called that, not "not a date".
    if let Some(day) = v.split_whitespace().next()
        && let Err(e @ DomainError::NoSuchDate { .. }) = cabildo_domain::padron::parse_date(Field::ScheduledFor, day)
    {
        return Err(e.into());
    }
    Err(DomainError::BadDate { field: Field::ScheduledFor, value: value.trim().to_string() }.into())
}

/// The first of a form's problems, as a service's refusal.
pub(crate) fn first_problem(problems: Problems) -> ServiceError {
    match problems.0.into_iter().next() {
        Some((_, e)) => e.into(),
        None => ServiceError::Internal("a form refused without a problem".into()),
    }
}

fn parse<T: std::str::FromStr<Err = DomainError>>(value: &str, field: Field) -> Result<T> {
    if value.trim().is_empty() {
        return Err(DomainError::Required { field }.into());
    }
    Ok(value.parse()?)
}

/// A convocatoria as read from what was typed.
#[derive(Debug, Clone)]
pub struct Convening {
    pub kind: AssemblyKind,
    pub title: String,
    pub scheduled_for: DateTime,
    pub place: String,
    pub agenda: Vec<String>,
}

impl ConveneForm {
    /// Reads every field and keeps **every** problem, each under its field (a form shows them
    /// all at once: an empty place and a bad date are both named).
    pub fn read(&self) -> std::result::Result<Convening, Problems> {
        let mut c = Checker::new();
        let kind = c.check(Field::AssemblyKind, &self.kind, |v| {
            if v.trim().is_empty() { Err(DomainError::Required { field: Field::AssemblyKind }) } else { v.parse() }
        });
        let title =
            c.check(Field::AssemblyTitle, &self.title, |v| assembly::required_text(Field::AssemblyTitle, v, MAX_TITLE));
        let scheduled_for = c.check(Field::ScheduledFor, &self.scheduled_for, |v| match parse_datetime(v) {
            Ok(when) => Ok(when),
            Err(ServiceError::Domain(e)) => Err(e),
            Err(_) => Err(DomainError::BadDate { field: Field::ScheduledFor, value: v.trim().to_string() }),
        });
        let place = c.check(Field::Place, &self.place, |v| assembly::required_text(Field::Place, v, MAX_TITLE));
        let agenda = c.check(Field::Agenda, &self.agenda, read_agenda);
        let value = (|| {
            Some(Convening {
                kind: kind?,
                title: title?,
                scheduled_for: scheduled_for?,
                place: place?,
                agenda: agenda?,
            })
        })();
        c.finish(value)
    }
}

/// The orden del día, one item per line (numbers people type in front are dropped).
fn read_agenda(text: &str) -> std::result::Result<Vec<String>, DomainError> {
    cabildo_domain::text::clean(Field::Agenda, text)?;
    let agenda: Vec<String> = text
        .lines()
        .map(|l| l.trim().trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ')').trim())
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    if agenda.len() > MAX_AGENDA_ITEMS {
        return Err(DomainError::TooLong { field: Field::Agenda, max: MAX_AGENDA_ITEMS });
    }
    if let Some(long) = agenda.iter().find(|item| item.chars().count() > MAX_TITLE) {
        return Err(DomainError::Invalid { field: Field::Agenda, value: long.chars().take(40).collect() });
    }
    Ok(agenda)
}

/// Convenes an assembly of a body: kind, date, place and agenda. A form with problems is refused
/// with the first; [`ConveneForm::read`] names them all.
pub fn convene(store: &Store, ctx: &Ctx, body: &str, form: &ConveneForm) -> Result<AssemblyRecord> {
    let convening = form.read().map_err(first_problem)?;
    store.write(|repo| {
        let body = resolve_body(repo, body)?;
        convene_in(repo, ctx, &body, convening)
    })
}

/// [`convene`] inside a transaction another use-case opened (a petition's delegation).
pub(crate) fn convene_in(repo: &mut dyn Repo, ctx: &Ctx, body: &Body, convening: Convening) -> Result<AssemblyRecord> {
    let Convening { kind, title, scheduled_for, place, agenda } = convening;
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
    crate::obligations::place_demands(repo, ctx, body, id)?;
    // Who convenes, as the convocatoria prints it: the office the account's person holds.
    if let Some((person, office)) = people::actor_office(repo, ctx, body, ctx.today)? {
        repo.set_convener(id, person, &office)?;
    }
    ctx.audit(repo, Some(body.id), "assembly.convene", format!("{id}: {} {title}", kind.code()))?;
    assembly_record(repo, id)
}

fn assembly_record(repo: &mut dyn Repo, id: AssemblyId) -> Result<AssemblyRecord> {
    repo.assembly(id)?.ok_or_else(|| Refusal::UnknownAssembly { id: id.0 }.into())
}

pub(crate) fn motion_record(repo: &mut dyn Repo, id: MotionId) -> Result<MotionRecord> {
    repo.motion(id)?.ok_or_else(|| Refusal::UnknownMotion { id: id.0 }.into())
}

fn body_of(repo: &mut dyn Repo, id: BodyId) -> Result<Body> {
    repo.body(id)?.ok_or_else(|| ServiceError::UnknownBody { reference: id.to_string() })
}

/// Loads an assembly and checks the actor may do `action` in its body.
pub(crate) fn load(repo: &mut dyn Repo, ctx: &Ctx, id: AssemblyId, action: Action) -> Result<(AssemblyRecord, Body)> {
    let assembly = assembly_record(repo, id)?;
    ctx.require(repo, action, assembly.body_id)?;
    let body = body_of(repo, assembly.body_id)?;
    Ok((assembly, body))
}

/// Loads an assembly for a step that names people (check-in, candidates, a roll call): the actor
/// must run the assembly and may see the body's members. Whoever names someone in an assembly
/// may see who they name.
pub(crate) fn load_naming(repo: &mut dyn Repo, ctx: &Ctx, id: AssemblyId) -> Result<(AssemblyRecord, Body)> {
    let (assembly, body) = load(repo, ctx, id, Action::RunAssembly)?;
    ctx.require(repo, Action::ViewMembers, body.id)?;
    Ok((assembly, body))
}

/// Checks people named in an assembly of `body` (the candidates of an election): each must be
/// someone the actor may see — on the register (household, membership or office) of a body where
/// the actor may see members — and someone the assembly may include: one of those entitled to
/// attend (`everyone`) or, where anyone may attend, on the register of the body's
/// [`assembly::candidate_register_root`] or a body below it. A person the actor may not see is
/// not found, whether or not they exist elsewhere: an id from another federation reveals nothing.
pub(crate) fn check_people(
    repo: &mut dyn Repo,
    ctx: &Ctx,
    body: &Body,
    eligibility: Eligibility,
    everyone: &[Eligible],
    persons: &[PersonId],
) -> Result<()> {
    let registry = crate::registry::Registry::load(repo)?;
    let registered = repo.registered_in(persons)?;
    let root = assembly::candidate_register_root(body);
    for person in persons {
        let bodies: Vec<BodyId> = registered.iter().filter(|(p, _)| p == person).map(|(_, b)| *b).collect();
        if !bodies.iter().any(|b| ctx.may(&registry.tree, Action::ViewMembers, *b)) {
            return Err(Refusal::UnknownPerson { id: person.0 }.into());
        }
        let included = match eligibility {
            Eligibility::Anyone => bodies.iter().any(|b| registry.tree.is_within(*b, root)),
            _ => everyone.iter().any(|e| e.person_id == *person),
        };
        if !included {
            let name = format!("#{}", person.0);
            return Err(match eligibility {
                Eligibility::Anyone => Refusal::CandidateOutsideRegister { name, body: registry.label(root) },
                _ => Refusal::NotEligible { name },
            }
            .into());
        }
    }
    Ok(())
}

pub(crate) fn require_status(assembly: &AssemblyRecord, allowed: &[AssemblyStatus]) -> Result<()> {
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

/// The statute an assembly runs under: the one it opened with, or the one in force.
pub(crate) fn statute_of(repo: &mut dyn Repo, assembly: &AssemblyRecord, body: &Body) -> Result<Statute> {
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
    /// The candidate an election elected (its outcome is `elected`), as the counts say.
    pub elected: Option<CandidateRecord>,
    /// Set when the viewer may not see the body's members (an observador, a viewer outside the
    /// body): `candidates` and `roll_call` are then empty and the motion's `proposer` blank —
    /// the counts stay, names never leave the service.
    pub names_withheld: bool,
    /// While a secret ballot is open: how many of the codes issued have voted.
    pub ballots: Option<BallotProgress>,
    /// The consulta the motion answers, if it answers one.
    pub consulta: Option<MotionConsulta>,
    /// A roll call where the statute weighs delegations by their members: per option, the
    /// members the votes represent (shown beside the count).
    pub weighted: Option<Vec<(String, u64)>>,
}

/// The consulta a motion answers, as its page shows it.
#[derive(Debug, Clone)]
pub struct MotionConsulta {
    pub id: cabildo_domain::consulta::ConsultaId,
    pub question: String,
    pub kind: cabildo_domain::consulta::ConsultaKind,
    /// A choice's options: the ballot option's code (`o<id>`) and its label.
    pub options: Vec<(String, String)>,
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
    /// Where phone voting fits (see [`assembly::phone_voting_fits`]): tickets used, on any motion.
    pub tickets_used: u64,
    /// The organisers' estimate of the crowd, where phone voting fits and they gave one.
    pub crowd_estimate: Option<u64>,
    /// Whether the assembly may vote by phone with tickets.
    pub phone_voting: bool,
    pub motions: Vec<MotionView>,
    /// Names of those recorded, when the viewer may see members.
    pub attendance: Option<Vec<AttendanceRecord>>,
    pub fines: Option<Vec<FineRecord>>,
    pub acta: Option<cabildo_store::ActaRecord>,
    pub may_run: bool,
    /// Whether the viewer may see the body's members: without it, no personal name is in the
    /// view (attendance, fines, candidates, roll-call votes, proposers).
    pub sees_members: bool,
    /// The head of the body's chain of sealed actas now, printed on the convocatoria so that
    /// those who keep it can later check the chain against it.
    pub chain_head: cabildo_store::ChainHead,
    /// Entitled and recorded absent at the close.
    pub absent: u64,
    /// The bodies above this one, nearest first (its central, its federation…): the convocatoria
    /// names them.
    pub above: Vec<Body>,
    /// Who convened, with their office, when the convening account was linked to an office holder.
    pub convener: Option<cabildo_store::Convener>,
    /// The open consultas that reach the assembly's body: what may be put on its agenda.
    pub consultas: Vec<crate::consulta::ConsultaNotice>,
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
    let weighted = if roll_call.is_empty() {
        None
    } else {
        crate::delegates::weighted_roll_call(repo, motion.assembly_id, &roll_call)?
    };
    let elected = elected_of(&motion, &candidates, &counts);
    let ballots = if motion.status == MotionStatus::Voting && motion.method == Some(VoteMethod::Secret) {
        let (issued, used) = repo.ballot_code_counts(motion.id)?;
        Some(BallotProgress { cast: used, issued })
    } else {
        None
    };
    let consulta = crate::consulta::answering(repo, motion.id)?.map(|a| MotionConsulta {
        id: a.consulta.id,
        question: a.consulta.question.clone(),
        kind: a.consulta.kind,
        options: match a.consulta.kind {
            cabildo_domain::consulta::ConsultaKind::Choice => a
                .options
                .iter()
                .map(|o| (assembly::BallotOption::ConsultaOption(o.id.0).code(), o.label.clone()))
                .collect(),
            _ => Vec::new(),
        },
    });
    Ok(MotionView {
        motion,
        counts,
        tally,
        candidates,
        roll_call,
        resolution,
        elected,
        names_withheld: false,
        ballots,
        consulta,
        weighted,
    })
}

/// Who a closed election elected: the candidate its rule chose from the final counts.
fn elected_of(
    motion: &MotionRecord,
    candidates: &[CandidateRecord],
    counts: &[(String, u64)],
) -> Option<CandidateRecord> {
    if motion.outcome != Some(assembly::Outcome::Elected) {
        return None;
    }
    let votes: Vec<(i64, u64)> = candidates
        .iter()
        .map(|c| (c.id, counts.iter().find(|(o, _)| *o == format!("c{}", c.id)).map_or(0, |(_, n)| *n)))
        .collect();
    match assembly::elect(motion.election_rule?, &votes) {
        assembly::ElectionResult::Elected(id) => candidates.iter().find(|c| c.id == id).cloned(),
        _ => None,
    }
}

/// What a viewer who may not see members is shown of a motion: its counts, never a name.
fn withhold_names(view: &mut MotionView) {
    view.candidates.clear();
    view.roll_call.clear();
    view.elected = None;
    view.motion.proposer.clear();
    view.names_withheld = true;
}

pub(crate) fn view_in(repo: &mut dyn Repo, ctx: &Ctx, id: AssemblyId) -> Result<AssemblyView> {
    let (assembly, body) = load(repo, ctx, id, Action::ViewBody)?;
    let agenda = repo.agenda(id)?;
    let statute = statute_of(repo, &assembly, &body)?;
    let eligibility = Eligibility::of(assembly.kind, body.composition);
    let (eligible, quorum_required) = match fixed_at_opening(&assembly)? {
        Some(fixed) => fixed,
        None => {
            let eligible = entitled(repo, &assembly, &body)?;
            (eligible, statute.quorum.required(eligible))
        }
    };
    let records = repo.attendance(id)?;
    let present = records.iter().filter(|r| r.status.is_here()).count() as u64;
    let excused = records.iter().filter(|r| r.status == AttendanceStatus::Excused).count() as u64;
    let absent = records.iter().filter(|r| r.status == AttendanceStatus::Absent).count() as u64;
    let tickets = repo.count_tickets(id)?;
    let phone_voting = assembly::phone_voting_fits(assembly.kind, body.composition);
    let (tickets_used, crowd_estimate) = if phone_voting { abierto::participation(repo, id)? } else { (0, None) };
    let mut motions = repo.motions(id)?.into_iter().map(|m| motion_view(repo, m)).collect::<Result<Vec<_>>>()?;
    let (sees_members, may_run) = match ctx.actor {
        crate::Actor::Operator => (true, true),
        _ => {
            let tree = crate::registry::Registry::load(repo)?.tree;
            (ctx.may(&tree, Action::ViewMembers, body.id), ctx.may(&tree, Action::RunAssembly, body.id))
        }
    };
    if !sees_members {
        motions.iter_mut().for_each(withhold_names);
    }
    let fines = if sees_members { Some(repo.fines(id)?) } else { None };
    let acta = repo.acta_of(id)?;
    let chain_head = repo.chain_head(body.id)?;
    let above = people::body_and_ancestors(repo, &body)?.into_iter().skip(1).collect();
    let convener = repo.convener(id)?;
    let consultas = crate::consulta::notices_in(repo, &body, ctx.today)?;
    Ok(AssemblyView {
        consultas,
        chain_head,
        absent,
        above,
        convener,
        agenda,
        statute,
        eligibility,
        eligible,
        present,
        excused,
        quorum_required,
        tickets,
        tickets_used,
        crowd_estimate,
        phone_voting,
        motions,
        attendance: sees_members.then_some(records),
        fines,
        acta,
        may_run,
        sees_members,
        assembly,
        body,
    })
}

/// An assembly with its agenda, attendance, quorum, motions and results.
pub fn view(store: &Store, ctx: &Ctx, id: AssemblyId) -> Result<AssemblyView> {
    let mut view = store.read(|repo| view_in(repo, ctx, id))?;
    for m in &mut view.motions {
        if let Some(progress) = m.ballots.as_mut() {
            // Ballots waiting in the box were cast too, though not yet written.
            progress.cast += store.ballots_waiting(m.motion.id)? as u64;
        }
    }
    Ok(view)
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

/// Records someone at the door: present (late once the assembly is in session), or excused.
pub fn check_in(
    store: &Store,
    ctx: &Ctx,
    id: AssemblyId,
    who: &Attendee,
    excused: bool,
) -> Result<(PersonName, AttendanceStatus)> {
    store.write(|repo| {
        // Only those entitled to attend are found: all of them are on the register of the body
        // or of a body below it, which whoever runs the assembly may see.
        let (assembly, body) = load_naming(repo, ctx, id)?;
        require_status(&assembly, &[AssemblyStatus::Convened, AssemblyStatus::Open])?;
        // A code at the door of an assembly that uses delegates is a credential's.
        if let Attendee::Card(code) = who
            && !excused
            && crate::delegates::uses_delegates(repo, &assembly, &body)?
        {
            let admitted = crate::delegates::admit_in(repo, ctx, &assembly, code)?;
            return Ok((admitted.name, admitted.status));
        }
        let everyone = eligible_in(repo, &assembly, &body)?;
        let found = match who {
            Attendee::Household(h) => everyone.iter().find(|e| e.household_id == Some(*h)),
            Attendee::Person(p) => everyone.iter().find(|e| e.person_id == *p),
            Attendee::Card(code) => {
                let card = assembly::read_member_card_code(code)
                    .ok_or_else(|| Refusal::UnknownCard { code: code.trim().to_string() })?;
                everyone.iter().find(|e| e.card_code.as_ref() == Some(&card))
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
        // Where the assembly uses delegates, only a credential admits (see
        // `delegates::check_in_credential`); a delegate may still be recorded as excused.
        if !excused && crate::delegates::uses_delegates(repo, &assembly, &body)? {
            return Err(crate::delegates::DelegateRefusal::CredentialRequired { name: found.name.display() }.into());
        }
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
        let eligible = entitled(repo, &assembly, &body)?;
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
            for e in eligible_in(repo, &assembly, &body)? {
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
        // The absent are written down as they are now, so that the acta names them whatever the
        // register says later.
        let recorded = repo.attendance(id)?;
        for e in eligible_in(repo, &assembly, &body)? {
            if !recorded.iter().any(|r| r.person_id == e.person_id) {
                repo.upsert_attendance(
                    id,
                    &AttendanceRecord {
                        person_id: e.person_id,
                        household_id: e.household_id,
                        represents_id: e.represents,
                        name: e.name,
                        status: AttendanceStatus::Absent,
                        at: ctx.now,
                    },
                )?;
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

impl MotionForm {
    /// Every problem of what was typed, each under its field, or none (a form names them all at
    /// once; `add_motion` refuses with the first).
    pub fn problems(&self) -> Option<Problems> {
        let mut c = Checker::new();
        c.check(Field::MotionTitle, &self.title, |v| assembly::required_text(Field::MotionTitle, v, MAX_TITLE));
        c.check(Field::MotionText, &self.text, |v| assembly::required_text(Field::MotionText, v, MAX_TEXT));
        if self.origin.is_none() && self.proposer.trim().is_empty() {
            c.add(Field::Proposer, DomainError::Required { field: Field::Proposer });
        }
        c.finish(Some(())).err()
    }
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

impl ElectionForm {
    /// Every problem of the office and the rule typed, each under its field, or none.
    pub fn problems(&self) -> Option<Problems> {
        let mut c = Checker::new();
        c.check(Field::OfficeTitle, &self.office_title, |v| NewOffice::new(v, Date::MIN, self.term_end).map(|_| ()));
        c.check(Field::ElectionRule, &self.rule, |v| {
            if v.trim().is_empty() {
                Err(DomainError::Required { field: Field::ElectionRule })
            } else {
                v.parse::<ElectionRule>().map(|_| ())
            }
        });
        c.finish(Some(())).err()
    }
}

/// Puts an office to election, with at most [`assembly::MAX_CANDIDATES`] candidates from among
/// those entitled to attend — or, where anyone may attend, from the register of the body (of the
/// body that convened it, for a body of open composition) and the bodies below; each one someone
/// the actor may see (see `check_people`).
pub fn add_election(store: &Store, ctx: &Ctx, id: AssemblyId, form: &ElectionForm) -> Result<MotionRecord> {
    let office = NewOffice::new(&form.office_title, Date::MIN, form.term_end)?;
    let rule: ElectionRule = parse(&form.rule, Field::ElectionRule)?;
    if form.candidates.is_empty() {
        return Err(Refusal::NoCandidates.into());
    }
    if form.candidates.len() > assembly::MAX_CANDIDATES {
        return Err(Refusal::TooManyCandidates { count: form.candidates.len(), max: assembly::MAX_CANDIDATES }.into());
    }
    let mut candidates: Vec<PersonId> = Vec::with_capacity(form.candidates.len());
    for person in &form.candidates {
        if !candidates.contains(person) {
            candidates.push(*person);
        }
    }
    store.write(|repo| add_election_in(repo, ctx, id, &office, rule, form.term_end, &candidates))
}

/// [`add_election`] inside the caller's transaction, with the office, rule and candidates read.
pub(crate) fn add_election_in(
    repo: &mut dyn Repo,
    ctx: &Ctx,
    id: AssemblyId,
    office: &NewOffice,
    rule: ElectionRule,
    typed_end: Option<Date>,
    candidates: &[PersonId],
) -> Result<MotionRecord> {
    {
        let (assembly, body) = load_naming(repo, ctx, id)?;
        require_status(&assembly, &[AssemblyStatus::Open])?;
        let day = assembly.scheduled_for.date();
        if let Some(end) = typed_end.filter(|end| *end <= day) {
            return Err(DomainError::EndBeforeStart { start: day.to_string(), end: end.to_string() }.into());
        }
        // Unless the assembly sets another end, the office is held for the statute's gestión.
        let term_end = match typed_end {
            Some(end) => Some(end),
            None => statute_of(repo, &assembly, &body)?.term_end(day),
        };
        let proposer = people::actor_as_proposer(repo, ctx, &body, day)?;
        let everyone = eligible_in(repo, &assembly, &body)?;
        check_people(repo, ctx, &body, Eligibility::of(assembly.kind, body.composition), &everyone, candidates)?;
        let motion_id = repo.insert_motion(
            &NewMotion {
                assembly_id: id,
                kind: MotionKind::Election,
                title: office.title.clone(),
                text: String::new(),
                proposer,
                origin_id: None,
                amends_id: None,
                runoff_of: None,
                office_title: Some(office.title.clone()),
                term_end,
                election_rule: Some(rule),
            },
            ctx.minter()?.mint()?,
        )?;
        for person in candidates {
            repo.insert_candidate(motion_id, *person)?;
        }
        ctx.audit(repo, Some(body.id), "election.create", format!("{motion_id}: {}", office.title))?;
        motion_record(repo, motion_id)
    }
}
