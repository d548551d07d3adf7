//! Consultas a las bases: an officer of a body asks every base below it a question (yes or no, a
//! choice among options, or a nomination), with a deadline and a rule to add the answers up; the
//! bases asked are fixed at launch. Each base answers from one of its own assemblies, never typed
//! in: the secretary puts the consulta on the agenda as a motion linked to it (`agenda.rs`), the
//! assembly votes it by any method, and closing the vote records the answer in the same
//! transaction. Each public function is one use-case in one transaction, with its permission
//! check and audit line.

use cabildo_domain::access::Action;
use cabildo_domain::consulta::{self, AggregationRule, ConsultaId, ConsultaKind};
use cabildo_domain::input::{Checker, Problems};
use cabildo_domain::{Body, BodyId, BodyKind, Date, DomainError, Field, PublicId, text};
use cabildo_store::consulta::NewConsulta;
pub use cabildo_store::consulta::{ConsultaAnswerRecord, ConsultaOptionRecord, ConsultaRecord};
use cabildo_store::{Repo, Store};

use crate::registry::{Registry, resolve_body};
use crate::{Actor, Ctx, Result, ServiceError};

mod agenda;
mod refusal;
pub mod results;

pub use agenda::{AgendaForm, NOMINEES_MAX, NomineesForm, nominees, nominees_to_election, put_on_agenda};
pub(crate) use agenda::{answering, check_can_answer, choice_outcome, record_answer};
pub use refusal::{ConsultaRefusal, ConsultaRefusalKind};

/// The longest text of a consulta (what is explained besides the question), in characters.
const TEXT_MAX: usize = 20_000;
/// Answers a consulta's page lists (the results pages show every base).
pub const ANSWERS_LISTED: usize = 200;

/// What an officer fills in to launch a consulta.
#[derive(Debug, Clone, Default)]
pub struct LaunchForm {
    pub question: String,
    pub text: String,
    /// `yes_no`, `choice` or `nomination`.
    pub kind: String,
    /// A choice's options, one per line.
    pub options: String,
    /// `2026-12-15` or `15/12/2026`.
    pub deadline: String,
    /// The kind of body that answers; empty: sindicato.
    pub base_kind: String,
    /// `sum_of_votes`, `one_voice_per_base` or `weighted_by_members`.
    pub rule: String,
}

/// A consulta as read from what was typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Launch {
    pub question: String,
    pub text: String,
    pub kind: ConsultaKind,
    pub options: Vec<String>,
    pub deadline: Date,
    pub base_kind: BodyKind,
    pub rule: AggregationRule,
}

fn required<T: std::str::FromStr<Err = DomainError>>(field: Field, value: &str) -> Result<T, DomainError> {
    if value.trim().is_empty() { Err(DomainError::Required { field }) } else { value.trim().parse() }
}

impl LaunchForm {
    /// Reads every field and keeps **every** problem, each under its field.
    pub fn read(&self, today: Date) -> std::result::Result<Launch, Problems> {
        let mut c = Checker::new();
        let question = c.check(Field::Question, &self.question, consulta::question);
        let text = c.check(Field::ConsultaText, &self.text, |v| {
            text::clean(Field::ConsultaText, v)?;
            let v = v.trim().to_string();
            if v.chars().count() > TEXT_MAX {
                return Err(DomainError::TooLong { field: Field::ConsultaText, max: TEXT_MAX });
            }
            Ok(v)
        });
        let kind = c.check(Field::ConsultaKind, &self.kind, |v| required::<ConsultaKind>(Field::ConsultaKind, v));
        let options = match kind {
            Some(ConsultaKind::Choice) => {
                c.check(Field::ConsultaOption, &self.options, |v| consulta::choice_options(v.lines()))
            }
            _ => Some(Vec::new()),
        };
        let deadline = c.check(Field::Deadline, &self.deadline, |v| consulta::deadline(v, today));
        let base_kind = c.check(Field::BaseKind, &self.base_kind, |v| {
            if v.trim().is_empty() {
                Ok(BodyKind::Sindicato)
            } else {
                v.trim()
                    .parse::<BodyKind>()
                    .map_err(|_| DomainError::Invalid { field: Field::BaseKind, value: v.into() })
            }
        });
        let rule = c.check(Field::AggregationRule, &self.rule, |v| {
            if v.trim().is_empty() { Ok(AggregationRule::SumOfVotes) } else { v.trim().parse() }
        });
        let value = (|| {
            Some(Launch {
                question: question?,
                text: text?,
                kind: kind?,
                options: options?,
                deadline: deadline?,
                base_kind: base_kind?,
                rule: rule?,
            })
        })();
        c.finish(value)
    }
}

/// The first of a form's problems, as a service's refusal.
fn first_problem(problems: Problems) -> ServiceError {
    match problems.0.into_iter().next() {
        Some((_, e)) => e.into(),
        None => ServiceError::Internal("a form refused without a problem".into()),
    }
}

/// A consulta by its number or public id.
pub(crate) fn resolve(repo: &mut dyn Repo, reference: &str) -> Result<ConsultaRecord> {
    let reference = reference.trim();
    let found = match (reference.parse::<i64>(), PublicId::parse(reference)) {
        (Ok(id), _) => repo.consulta(ConsultaId(id))?,
        (_, Ok(public_id)) => repo.consulta_by_public_id(public_id)?,
        _ => None,
    };
    found.ok_or_else(|| ConsultaRefusal::UnknownConsulta { reference: reference.to_string() }.into())
}

/// Launches a consulta of `body` over the bases below it. A form with problems is refused with the
/// first; [`LaunchForm::read`] names them all.
pub fn launch(store: &Store, ctx: &Ctx, body: &str, form: &LaunchForm) -> Result<ConsultaRecord> {
    let launch = form.read(ctx.today).map_err(first_problem)?;
    store.write(|repo| {
        let body = resolve_body(repo, body)?;
        if !body.is_open() {
            return Err(ServiceError::BodyClosed { body: body.label() });
        }
        ctx.require(repo, Action::RunAssembly, body.id)?;
        let id = repo.insert_consulta(
            &NewConsulta {
                body_id: body.id,
                kind: launch.kind,
                rule: launch.rule,
                base_kind: launch.base_kind,
                question: launch.question.clone(),
                text: launch.text.clone(),
                deadline: launch.deadline,
                launched_at: ctx.now,
                launched_by: ctx.actor_name(),
            },
            ctx.minter()?.mint()?,
        )?;
        let bases = repo.insert_consulta_bases(id, body.id, launch.base_kind)?;
        if bases == 0 {
            return Err(ConsultaRefusal::NoBases { body: body.label(), kind: launch.base_kind.code().into() }.into());
        }
        let labels: Vec<String> = match launch.kind {
            ConsultaKind::YesNo => vec!["yes".into(), "no".into()],
            ConsultaKind::Choice => launch.options.clone(),
            ConsultaKind::Nomination => Vec::new(),
        };
        for (i, label) in labels.iter().enumerate() {
            repo.insert_consulta_option(id, i as i64 + 1, label, None)?;
        }
        ctx.audit(
            repo,
            Some(body.id),
            "consulta.launch",
            format!("{id}: {} {} {} bases ({})", launch.kind.code(), launch.rule.code(), bases, launch.question),
        )?;
        load(repo, id)
    })
}

fn load(repo: &mut dyn Repo, id: ConsultaId) -> Result<ConsultaRecord> {
    repo.consulta(id)?.ok_or_else(|| ConsultaRefusal::UnknownConsulta { reference: id.to_string() }.into())
}

/// Whether the actor may read a consulta: someone who may see the launching body, or anyone with
/// a role on a body of the subtree asked (a base reads what it is asked).
fn may_read(ctx: &Ctx, registry: &Registry, consulta: &ConsultaRecord) -> bool {
    if ctx.may(&registry.tree, Action::ViewBody, consulta.body_id) {
        return true;
    }
    match &ctx.actor {
        Actor::Account { grants, .. } => grants.iter().any(|g| registry.tree.is_within(g.body, consulta.body_id)),
        _ => false,
    }
}

fn require_read(ctx: &Ctx, registry: &Registry, consulta: &ConsultaRecord) -> Result<()> {
    if may_read(ctx, registry, consulta) {
        return Ok(());
    }
    Err(match ctx.actor {
        Actor::Anonymous => ServiceError::SignInRequired,
        _ => ServiceError::Forbidden { body: registry.label(consulta.body_id) },
    })
}

/// A body's answer as a page lists it.
#[derive(Debug, Clone)]
pub struct AnswerLine {
    pub body: Body,
    pub answer: ConsultaAnswerRecord,
    /// The adopted option's label (`yes`/`no` for a yes/no consulta: the page translates them).
    pub adopted: Option<String>,
}

/// Everything a consulta's page shows.
#[derive(Debug, Clone)]
pub struct ConsultaView {
    pub consulta: ConsultaRecord,
    /// The body that asks.
    pub launcher: Body,
    pub options: Vec<ConsultaOptionRecord>,
    pub bases_total: u64,
    pub bases_answered: u64,
    pub bases_late: u64,
    /// The bases' answers, newest first, at most [`ANSWERS_LISTED`].
    pub answers: Vec<AnswerLine>,
    /// The own votes of bodies between the launcher and the bases (never counted as a base's).
    pub intermediate: Vec<AnswerLine>,
    /// Whether the viewer may extend the deadline, close it, and turn nominations into candidates.
    pub may_manage: bool,
}

impl ConsultaView {
    /// The label of an option by id.
    pub fn option_label(&self, id: consulta::ConsultaOptionId) -> Option<&str> {
        self.options.iter().find(|o| o.id == id).map(|o| o.label.as_str())
    }
}

/// What a viewer who may not see the members of the consulted bodies is shown of a nomination's
/// nominees: their number, never a name or a person's id.
pub(crate) fn withhold_nominees(options: &mut [ConsultaOptionRecord]) {
    for option in options.iter_mut().filter(|o| o.person_id.is_some()) {
        option.person_id = None;
        option.label = format!("#{}", option.number);
    }
}

/// A consulta with its options and answers.
pub fn view(store: &Store, ctx: &Ctx, reference: &str) -> Result<ConsultaView> {
    store.read(|repo| {
        let consulta = resolve(repo, reference)?;
        let registry = Registry::load(repo)?;
        require_read(ctx, &registry, &consulta)?;
        let launcher = registry
            .bodies
            .get(&consulta.body_id)
            .cloned()
            .ok_or_else(|| ServiceError::UnknownBody { reference: consulta.body_id.to_string() })?;
        let mut options = repo.consulta_options(consulta.id)?;
        if !ctx.may(&registry.tree, Action::ViewMembers, consulta.body_id) {
            withhold_nominees(&mut options);
        }
        let bases = repo.consulta_bases(consulta.id)?;
        let bases_set: std::collections::HashSet<BodyId> = bases.iter().copied().collect();
        let mut answers = Vec::new();
        let mut intermediate = Vec::new();
        let (mut answered, mut late) = (0, 0);
        let mut all = repo.consulta_answers(consulta.id)?;
        all.reverse();
        for answer in all {
            let Some(body) = registry.bodies.get(&answer.body_id).cloned() else { continue };
            let adopted = answer.adopted.and_then(|a| options.iter().find(|o| o.id == a)).map(|o| o.label.clone());
            if bases_set.contains(&answer.body_id) {
                answered += 1;
                late += u64::from(answer.late);
                if answers.len() < ANSWERS_LISTED {
                    answers.push(AnswerLine { body, answer, adopted });
                }
            } else {
                intermediate.push(AnswerLine { body, answer, adopted });
            }
        }
        let may_manage = ctx.may(&registry.tree, Action::RunAssembly, consulta.body_id);
        Ok(ConsultaView {
            bases_total: bases.len() as u64,
            bases_answered: answered,
            bases_late: late,
            consulta,
            launcher,
            options,
            answers,
            intermediate,
            may_manage,
        })
    })
}

/// The consultas a body launched, newest first.
pub fn list(store: &Store, ctx: &Ctx, body: &str) -> Result<(Body, Vec<ConsultaRecord>, bool)> {
    store.read(|repo| {
        let body = resolve_body(repo, body)?;
        ctx.require(repo, Action::ViewBody, body.id)?;
        let consultas = repo.consultas_of(&[body.id], false)?;
        let registry = Registry::load(repo)?;
        let may_launch = body.is_open() && ctx.may(&registry.tree, Action::RunAssembly, body.id);
        Ok((body, consultas, may_launch))
    })
}

/// How a body stands to an open consulta that reaches it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// One of the bases asked: its answer counts.
    Base,
    /// A body between the launcher and bases (or the launcher itself): its own vote is shown
    /// beside its bases' roll-up, never counted as a base.
    Intermediate,
}

/// An open consulta as a base (or a body above bases) is told of it.
#[derive(Debug, Clone)]
pub struct ConsultaNotice {
    pub consulta: ConsultaRecord,
    /// The body that asks.
    pub launcher: Body,
    pub standing: Standing,
    /// The body's answer, once given.
    pub answer: Option<ConsultaAnswerRecord>,
    /// Past the deadline (answers are still taken, and marked late).
    pub overdue: bool,
}

/// The open consultas that reach `body`, in a transaction already open: launched by it or a body
/// above it, where it is a base or has bases below it.
pub(crate) fn notices_in(repo: &mut dyn Repo, body: &Body, today: Date) -> Result<Vec<ConsultaNotice>> {
    let mut chain = vec![body.clone()];
    chain.extend(crate::assembly::body_and_ancestors(repo, body)?.into_iter().skip(1));
    let ids: Vec<BodyId> = chain.iter().map(|b| b.id).collect();
    let mut out = Vec::new();
    for consulta in repo.consultas_of(&ids, true)? {
        // The asking body always has bases below it (a launch without any is refused).
        let standing = if consulta.body_id == body.id {
            Standing::Intermediate
        } else if repo.is_consulta_base(consulta.id, body.id)? {
            Standing::Base
        } else if repo.consulta_bases_within(consulta.id, body.id)? > 0 {
            Standing::Intermediate
        } else {
            continue;
        };
        let Some(launcher) = chain.iter().find(|b| b.id == consulta.body_id).cloned() else { continue };
        let answer = repo.consulta_answer(consulta.id, body.id)?;
        let overdue = consulta::is_late(today, consulta.deadline);
        out.push(ConsultaNotice { consulta, launcher, standing, answer, overdue });
    }
    Ok(out)
}

/// The open consultas that reach a body (its page, its feed): what is asked, by whom, by when, and
/// whether the body answered. Anyone who may see the body is told.
pub fn notices(store: &Store, ctx: &Ctx, body: &str) -> Result<Vec<ConsultaNotice>> {
    store.read(|repo| {
        let body = resolve_body(repo, body)?;
        ctx.require(repo, Action::ViewBody, body.id)?;
        notices_in(repo, &body, ctx.today)
    })
}

/// The open consultas that reach a body that publishes its page (its Atom feed): as a
/// convocatoria, what is asked is public there; a body that does not publish is not found.
pub fn public_notices(store: &Store, code: &str, today: Date) -> Result<Vec<ConsultaNotice>> {
    store.read(|repo| {
        let body = resolve_body(repo, code)?;
        if !body.published {
            return Err(ServiceError::UnknownBody { reference: code.to_string() });
        }
        notices_in(repo, &body, today)
    })
}

/// Moves a consulta's deadline later (its launcher's officers): answers given until then are on
/// time. Audited.
pub fn extend(store: &Store, ctx: &Ctx, reference: &str, deadline: &str) -> Result<ConsultaRecord> {
    let mut c = Checker::new();
    let read = c.check(Field::Deadline, deadline, |v| consulta::deadline(v, ctx.today));
    let deadline = c.finish(read).map_err(first_problem)?;
    store.write(|repo| {
        let consulta = resolve(repo, reference)?;
        ctx.require(repo, Action::RunAssembly, consulta.body_id)?;
        if !consulta.is_open() {
            return Err(ConsultaRefusal::ConsultaClosed { question: consulta.question.clone() }.into());
        }
        if deadline <= consulta.deadline {
            return Err(ConsultaRefusal::DeadlineNotLater {
                deadline: deadline.to_string(),
                current: consulta.deadline.to_string(),
            }
            .into());
        }
        repo.set_consulta_deadline(consulta.id, deadline)?;
        ctx.audit(
            repo,
            Some(consulta.body_id),
            "consulta.extend",
            format!("{}: {} -> {deadline}", consulta.id, consulta.deadline),
        )?;
        load(repo, consulta.id)
    })
}

/// Closes a consulta (its launcher's officers): it takes no more answers; its results stay.
/// Refused while an assembly votes it (that vote could then neither record its answer nor
/// close). Audited.
pub fn close(store: &Store, ctx: &Ctx, reference: &str) -> Result<ConsultaRecord> {
    store.write(|repo| {
        let consulta = resolve(repo, reference)?;
        ctx.require(repo, Action::RunAssembly, consulta.body_id)?;
        if !consulta.is_open() {
            return Err(ConsultaRefusal::ConsultaClosed { question: consulta.question.clone() }.into());
        }
        if let Some((number, assembly)) = repo.consulta_vote_open(consulta.id, None)? {
            return Err(ConsultaRefusal::VoteUnderWay { assembly, number }.into());
        }
        repo.close_consulta(consulta.id, ctx.now)?;
        ctx.audit(repo, Some(consulta.body_id), "consulta.close", consulta.id.to_string())?;
        load(repo, consulta.id)
    })
}
