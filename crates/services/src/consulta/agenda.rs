//! A consulta answered from an assembly: put on the agenda as a motion linked to it (an election
//! among the base's own people, for a nomination), voted by any method, and answered when the
//! vote closes, in the closing transaction (`assembly::close_vote` calls [`record_answer`]). And
//! the launcher's step after a nomination: the leading names become the candidates of an
//! election in an assembly of its own body.

use cabildo_domain::access::Action;
use cabildo_domain::assembly::{
    self, AssemblyId, AssemblyStatus, BallotOption, ElectionRule, Eligibility, MotionId, Outcome,
};
use cabildo_domain::consulta::{self, Base, BaseAnswer, ConsultaKind, ConsultaOptionId};
use cabildo_domain::{Body, Date, DomainError, Field, NewOffice, PersonId};
use cabildo_store::consulta::NewConsultaAnswer;
use cabildo_store::{AssemblyRecord, CandidateRecord, MotionRecord, MotionStatus, NewMotion, Repo, Store};

use super::{ConsultaOptionRecord, ConsultaRecord, ConsultaRefusal, Standing, resolve};
use crate::assembly::{check_people, eligible_in, load, load_naming, motion_record, require_status};
use crate::error::Refusal;
use crate::registry::Registry;
use crate::{Ctx, Result, ServiceError};

/// What the secretary chooses to put a consulta on an assembly's agenda. For a nomination, the
/// candidates the assembly proposes (people entitled to attend it) and the election's rule.
#[derive(Debug, Clone, Default)]
pub struct AgendaForm {
    /// The consulta's number or public id.
    pub consulta: String,
    /// A nomination's election rule (`plurality` when empty).
    pub rule: String,
    pub candidates: Vec<PersonId>,
}

/// A date as the pages write it.
fn day_text(day: Date) -> String {
    day.format("%d/%m/%Y").to_string()
}

/// Whether `body` may answer `consulta` now, and as what: the consulta must be open, the body one
/// of its bases or a body between the launcher and bases (the launcher included), and the body
/// must not have answered yet (the refusal names the assembly that did, and its date).
pub(crate) fn check_can_answer(repo: &mut dyn Repo, consulta: &ConsultaRecord, body: &Body) -> Result<Standing> {
    if !consulta.is_open() {
        return Err(ConsultaRefusal::ConsultaClosed { question: consulta.question.clone() }.into());
    }
    let standing = if repo.is_consulta_base(consulta.id, body.id)? {
        Standing::Base
    } else {
        let within = crate::assembly::body_and_ancestors(repo, body)?.iter().any(|b| b.id == consulta.body_id);
        if within && repo.consulta_bases_within(consulta.id, body.id)? > 0 {
            Standing::Intermediate
        } else {
            return Err(ConsultaRefusal::NotAsked { body: body.label(), question: consulta.question.clone() }.into());
        }
    };
    if let Some(first) = repo.consulta_answer(consulta.id, body.id)? {
        return Err(ConsultaRefusal::AlreadyAnswered {
            body: body.label(),
            question: consulta.question.clone(),
            assembly: first.assembly_title,
            date: day_text(first.scheduled_for.date()),
        }
        .into());
    }
    Ok(standing)
}

/// Puts an open consulta on the agenda of an assembly in session, as a motion linked to it: a
/// plain motion for a yes/no consulta (for is yes, against is no), a motion whose ballot offers the
/// consulta's options for a choice, an election among the candidates proposed for a nomination.
pub fn put_on_agenda(store: &Store, ctx: &Ctx, assembly: AssemblyId, form: &AgendaForm) -> Result<MotionRecord> {
    store.write(|repo| {
        let consulta = resolve(repo, &form.consulta)?;
        let (assembly, body) = if consulta.kind == ConsultaKind::Nomination {
            load_naming(repo, ctx, assembly)?
        } else {
            load(repo, ctx, assembly, Action::RunAssembly)?
        };
        require_status(&assembly, &[AssemblyStatus::Open])?;
        check_can_answer(repo, &consulta, &body)?;
        for m in repo.motions(assembly.id)? {
            if m.status != MotionStatus::Decided && repo.motion_consulta(m.id)? == Some(consulta.id) {
                return Err(ConsultaRefusal::AlreadyOnAgenda { number: m.number }.into());
            }
        }
        let launcher = repo
            .body(consulta.body_id)?
            .ok_or_else(|| ServiceError::UnknownBody { reference: consulta.body_id.to_string() })?;
        let text = if consulta.text.is_empty() { consulta.question.clone() } else { consulta.text.clone() };
        let mut new = NewMotion::motion(assembly.id, consulta.question.clone(), text, launcher.label());
        let mut candidates = Vec::new();
        if consulta.kind == ConsultaKind::Nomination {
            for person in &form.candidates {
                if !candidates.contains(person) {
                    candidates.push(*person);
                }
            }
            if candidates.is_empty() {
                return Err(ConsultaRefusal::NominationNeedsCandidates.into());
            }
            if candidates.len() > assembly::MAX_CANDIDATES {
                let (count, max) = (candidates.len(), assembly::MAX_CANDIDATES);
                return Err(Refusal::TooManyCandidates { count, max }.into());
            }
            let rule = if form.rule.trim().is_empty() { ElectionRule::Plurality } else { form.rule.trim().parse()? };
            let everyone = eligible_in(repo, &assembly, &body)?;
            let eligibility = Eligibility::of(assembly.kind, body.composition);
            check_people(repo, ctx, &body, eligibility, &everyone, &candidates)?;
            new = NewMotion::election(assembly.id, consulta.question.clone(), new.proposer, None, rule);
        }
        let motion = repo.insert_motion(&new, ctx.minter()?.mint()?)?;
        for person in &candidates {
            repo.insert_candidate(motion, *person)?;
        }
        repo.set_motion_consulta(motion, consulta.id)?;
        ctx.audit(repo, Some(body.id), "consulta.agenda", format!("{}: motion {motion}", consulta.id))?;
        motion_record(repo, motion)
    })
}

/// The consulta a motion answers, with its options.
#[derive(Debug, Clone)]
pub(crate) struct Answering {
    pub consulta: ConsultaRecord,
    pub options: Vec<ConsultaOptionRecord>,
}

impl Answering {
    pub fn is_choice(&self) -> bool {
        self.consulta.kind == ConsultaKind::Choice
    }

    fn option_numbered(&self, number: i64) -> Option<ConsultaOptionId> {
        self.options.iter().find(|o| o.number == number).map(|o| o.id)
    }
}

pub(crate) fn answering(repo: &mut dyn Repo, motion: MotionId) -> Result<Option<Answering>> {
    let Some(id) = repo.motion_consulta(motion)? else { return Ok(None) };
    let consulta =
        repo.consulta(id)?.ok_or_else(|| cabildo_store::StoreError::missing("motions.consulta_id", motion.0))?;
    let options = repo.consulta_options(id)?;
    Ok(Some(Answering { consulta, options }))
}

/// The votes per option of a choice motion, from its counts (`o<id>`).
fn choice_votes(answering: &Answering, counts: &[(String, u64)]) -> Vec<(ConsultaOptionId, u64)> {
    answering
        .options
        .iter()
        .map(|o| {
            let code = BallotOption::ConsultaOption(o.id.0).code();
            (o.id, counts.iter().find(|(c, _)| *c == code).map_or(0, |(_, n)| *n))
        })
        .collect()
}

/// What a vote on a choice motion decided: adopted when one option has the most votes, a tie when
/// two or more share the most, rejected when nobody chose an option.
pub(crate) fn choice_outcome(answering: &Answering, counts: &[(String, u64)]) -> (Outcome, Option<String>) {
    let votes = choice_votes(answering, counts);
    match consulta::adopted_option(&votes) {
        Some(id) => (Outcome::Adopted, answering.options.iter().find(|o| o.id == id).map(|o| o.label.clone())),
        None if votes.iter().any(|(_, n)| *n > 0) => (Outcome::Tie, None),
        None => (Outcome::Rejected, None),
    }
}

/// Records the answer a closed vote gave, in the closing transaction: the adopted option, the
/// votes per option, the body's member count now, and whether it came after the deadline. Refused
/// (and the close with it) when the consulta closed meanwhile or the body answered in another
/// assembly meanwhile. `nominee`: the person a nomination's election chose (`None`: none).
#[allow(clippy::too_many_arguments)]
pub(crate) fn record_answer(
    repo: &mut dyn Repo,
    ctx: &Ctx,
    answering: &Answering,
    motion: &MotionRecord,
    body: &Body,
    outcome: Outcome,
    counts: &[(String, u64)],
    candidates: &[CandidateRecord],
    nominee: Option<&CandidateRecord>,
) -> Result<()> {
    let consulta = &answering.consulta;
    check_can_answer(repo, consulta, body)?;
    let (adopted, votes) = match consulta.kind {
        ConsultaKind::YesNo => {
            let yes = answering.option_numbered(consulta::YES);
            let no = answering.option_numbered(consulta::NO);
            let (Some(yes), Some(no)) = (yes, no) else {
                return Err(cabildo_store::StoreError::missing("consulta_options.number", consulta.id.0).into());
            };
            let count = |o: &str| counts.iter().find(|(c, _)| c == o).map_or(0, |(_, n)| *n);
            let adopted = match outcome {
                Outcome::Adopted => Some(yes),
                Outcome::Rejected => Some(no),
                _ => None,
            };
            (adopted, vec![(yes, count("for")), (no, count("against"))])
        }
        ConsultaKind::Choice => {
            let votes = choice_votes(answering, counts);
            (consulta::adopted_option(&votes), votes)
        }
        ConsultaKind::Nomination => {
            let mut votes = Vec::new();
            let mut adopted = None;
            let mut options = answering.options.clone();
            for c in candidates {
                let n = counts.iter().find(|(o, _)| *o == format!("c{}", c.id)).map_or(0, |(_, n)| *n);
                let chosen = nominee.is_some_and(|w| w.id == c.id);
                if n == 0 && !chosen {
                    continue;
                }
                // One option per distinct person, made on their first nomination.
                let id = match options.iter().find(|o| o.person_id == Some(c.person_id)) {
                    Some(o) => o.id,
                    None => {
                        let number = options.iter().map(|o| o.number).max().unwrap_or(0) + 1;
                        let label = c.name.display();
                        let id = repo.insert_consulta_option(consulta.id, number, &label, Some(c.person_id))?;
                        options.push(ConsultaOptionRecord {
                            id,
                            consulta_id: consulta.id,
                            number,
                            label,
                            person_id: Some(c.person_id),
                        });
                        id
                    }
                };
                if chosen {
                    adopted = Some(id);
                }
                votes.push((id, n));
            }
            (adopted, votes)
        }
    };
    let members = repo.members_within(body.id)?;
    let late = consulta::is_late(ctx.today, consulta.deadline);
    repo.insert_consulta_answer(&NewConsultaAnswer {
        consulta_id: consulta.id,
        body_id: body.id,
        motion_id: motion.id,
        adopted,
        members,
        late,
        answered_at: ctx.now,
        votes,
    })?;
    let adopted = adopted.map_or_else(|| "none".to_string(), |o| o.to_string());
    ctx.audit(
        repo,
        Some(body.id),
        "consulta.answer",
        format!("{}: motion {} adopted {adopted}{}", consulta.id, motion.id, if late { " (late)" } else { "" }),
    )?;
    Ok(())
}

/// The nominees of a nomination consulta with their weight at the launcher under its rule, most
/// first (those with none left out).
pub(crate) fn leading_nominees(
    repo: &mut dyn Repo,
    consulta: &ConsultaRecord,
) -> Result<Vec<(ConsultaOptionRecord, u64)>> {
    let registry = Registry::load(repo)?;
    let options = repo.consulta_options(consulta.id)?;
    let bases: Vec<Base> =
        repo.consulta_bases(consulta.id)?.into_iter().map(|body| Base { body, members: 0 }).collect();
    let answers: Vec<BaseAnswer> = repo.consulta_answers(consulta.id)?.into_iter().map(|a| a.base_answer()).collect();
    let ids: Vec<ConsultaOptionId> = options.iter().map(|o| o.id).collect();
    let levels = consulta::roll_up(&registry.tree, consulta.body_id, &bases, &ids, &answers, consulta.rule);
    let Some(top) = levels.into_iter().find(|l| l.body == consulta.body_id) else { return Ok(Vec::new()) };
    let mut ranked: Vec<(ConsultaOptionRecord, u64)> = options
        .into_iter()
        .filter(|o| o.person_id.is_some())
        .map(|o| {
            let weight = top.tally.get(&o.id).copied().unwrap_or(0);
            (o, weight)
        })
        .filter(|(_, w)| *w > 0)
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.number.cmp(&b.0.number)));
    Ok(ranked)
}

/// The leading names of a nomination, as its page shows them.
pub fn nominees(store: &Store, ctx: &Ctx, reference: &str) -> Result<Vec<(ConsultaOptionRecord, u64)>> {
    store.read(|repo| {
        let consulta = resolve(repo, reference)?;
        let registry = Registry::load(repo)?;
        super::require_read(ctx, &registry, &consulta)?;
        if consulta.kind != ConsultaKind::Nomination {
            return Err(ConsultaRefusal::NotNomination { question: consulta.question.clone() }.into());
        }
        let mut leading = leading_nominees(repo, &consulta)?;
        if !ctx.may(&registry.tree, Action::ViewMembers, consulta.body_id) {
            let mut options: Vec<ConsultaOptionRecord> = leading.iter().map(|(o, _)| o.clone()).collect();
            super::withhold_nominees(&mut options);
            for ((o, _), hidden) in leading.iter_mut().zip(options) {
                *o = hidden;
            }
        }
        Ok(leading)
    })
}

/// The most names a launcher turns into candidates at once.
pub const NOMINEES_MAX: usize = 20;

/// What the launcher chooses to turn the leading names into an election's candidates.
#[derive(Debug, Clone, Default)]
pub struct NomineesForm {
    /// An assembly of the launching body, in session.
    pub assembly: String,
    pub office_title: String,
    pub term_end: Option<Date>,
    /// `plurality` when empty.
    pub rule: String,
    /// How many of the leading names (1 to [`NOMINEES_MAX`]; empty: 3).
    pub count: String,
}

/// Turns the leading names of a nomination into the candidates of an election in an assembly of
/// the launching body (its congress or ampliado), in session. Each must still be on the register
/// of a body of the consulted subtree. Audited.
pub fn nominees_to_election(store: &Store, ctx: &Ctx, reference: &str, form: &NomineesForm) -> Result<MotionRecord> {
    let office = NewOffice::new(&form.office_title, Date::MIN, form.term_end)?;
    let rule = if form.rule.trim().is_empty() { ElectionRule::Plurality } else { form.rule.trim().parse()? };
    let count = match form.count.trim() {
        "" => 3,
        n => n.parse::<usize>().ok().filter(|n| (1..=NOMINEES_MAX).contains(n)).ok_or_else(|| {
            DomainError::OutOfRange {
                field: Field::Count,
                value: n.to_string(),
                min: "1".into(),
                max: NOMINEES_MAX.to_string(),
            }
        })?,
    };
    let assembly_id =
        form.assembly.trim().parse::<i64>().map(AssemblyId).map_err(|_| Refusal::UnknownAssembly { id: 0 })?;
    store.write(|repo| {
        let consulta = resolve(repo, reference)?;
        ctx.require(repo, Action::RunAssembly, consulta.body_id)?;
        if consulta.kind != ConsultaKind::Nomination {
            return Err(ConsultaRefusal::NotNomination { question: consulta.question.clone() }.into());
        }
        let (assembly, body): (AssemblyRecord, Body) = load_naming(repo, ctx, assembly_id)?;
        if assembly.body_id != consulta.body_id {
            let launcher = repo.body(consulta.body_id)?.map_or_else(|| consulta.body_id.to_string(), |b| b.label());
            return Err(ConsultaRefusal::NotLaunchersAssembly { body: launcher }.into());
        }
        require_status(&assembly, &[AssemblyStatus::Open])?;
        let leading: Vec<ConsultaOptionRecord> =
            leading_nominees(repo, &consulta)?.into_iter().take(count).map(|(o, _)| o).collect();
        if leading.is_empty() {
            return Err(ConsultaRefusal::NoNominees.into());
        }
        let registry = Registry::load(repo)?;
        let persons: Vec<PersonId> = leading.iter().filter_map(|o| o.person_id).collect();
        let registered = repo.registered_in(&persons)?;
        for option in &leading {
            let Some(person) = option.person_id else { continue };
            let still = registered.iter().any(|(p, b)| *p == person && registry.tree.is_within(*b, consulta.body_id));
            if !still {
                return Err(Refusal::CandidateOutsideRegister { name: option.label.clone(), body: body.label() }.into());
            }
        }
        let day = assembly.scheduled_for.date();
        if let Some(end) = form.term_end.filter(|end| *end <= day) {
            return Err(DomainError::EndBeforeStart { start: day.to_string(), end: end.to_string() }.into());
        }
        let term_end = match form.term_end {
            Some(end) => Some(end),
            None => crate::assembly::statute_of(repo, &assembly, &body)?.term_end(day),
        };
        let proposer = crate::assembly::actor_as_proposer(repo, ctx, &body, day)?;
        let motion = repo.insert_motion(
            &NewMotion::election(assembly.id, office.title.clone(), proposer, term_end, rule),
            ctx.minter()?.mint()?,
        )?;
        for person in &persons {
            repo.insert_candidate(motion, *person)?;
        }
        ctx.audit(
            repo,
            Some(body.id),
            "consulta.election",
            format!("{}: motion {motion}, {} candidates for {}", consulta.id, persons.len(), office.title),
        )?;
        motion_record(repo, motion)
    })
}
