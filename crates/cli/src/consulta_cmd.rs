//! Consultas a las bases from the command line (as the operator): launch, list, show, extend the
//! deadline, close, put on an assembly's agenda, and turn a nomination's leading names into an
//! election's candidates. Answers are never typed in: they come from closing an assembly's vote.

use cabildo_domain::assembly::AssemblyId;
use cabildo_domain::consulta::ConsultaKind;
use cabildo_domain::{Field, PersonId};
use cabildo_services::consulta::{self, AgendaForm, LaunchForm, NomineesForm};
use cabildo_services::{Ctx, ServiceError};
use cabildo_store::Store;
use clap::Subcommand;

use crate::output::Out;

type Outcome = Result<(), ServiceError>;

#[derive(Debug, Subcommand)]
pub enum ConsultaCommand {
    /// Ask every base below a body (sindicatos unless --base-kind says otherwise).
    Launch {
        /// The body that asks (number or code).
        #[arg(long)]
        body: String,
        #[arg(long)]
        question: String,
        /// What the directiva explains besides the question.
        #[arg(long, default_value = "")]
        text: String,
        /// yes_no, choice or nomination.
        #[arg(long)]
        kind: String,
        /// An option of a choice. Repeatable (2 to 12).
        #[arg(long = "option")]
        options: Vec<String>,
        /// The last day for answers on time: 2026-12-15 or 15/12/2026.
        #[arg(long)]
        deadline: String,
        /// The kind of body that answers (sindicato, central, consejo, …).
        #[arg(long, default_value = "")]
        base_kind: String,
        /// sum_of_votes, one_voice_per_base or weighted_by_members.
        #[arg(long, default_value = "")]
        rule: String,
    },
    /// The consultas a body launched.
    List {
        #[arg(long)]
        body: String,
    },
    /// A consulta with its answers.
    Show { id: String },
    /// Move the deadline later.
    Extend {
        id: String,
        #[arg(long)]
        deadline: String,
    },
    /// Take no more answers.
    Close { id: String },
    /// Put a consulta on the agenda of an assembly in session (for a nomination, with the
    /// candidates the assembly proposes).
    Agenda {
        #[arg(long)]
        assembly: i64,
        #[arg(long)]
        consulta: String,
        /// A candidate's person number (nominations). Repeatable.
        #[arg(long = "candidate")]
        candidates: Vec<i64>,
        /// plurality or absolute_majority (nominations).
        #[arg(long, default_value = "")]
        rule: String,
    },
    /// Make a nomination's leading names the candidates of an election in an assembly in session
    /// of the body that asked.
    Election {
        id: String,
        #[arg(long)]
        assembly: i64,
        /// The office (or seat) the election fills.
        #[arg(long)]
        office: String,
        /// yyyy-mm-dd; left out: the statute's gestión.
        #[arg(long)]
        term_end: Option<String>,
        #[arg(long, default_value = "")]
        rule: String,
        /// How many of the leading names (default 3).
        #[arg(long, default_value = "")]
        count: String,
    },
}

fn day(d: cabildo_domain::Date) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn label(out: Out, kind: ConsultaKind, label: &str) -> String {
    match kind {
        ConsultaKind::YesNo => out.text(&format!("consulta-option-{label}"), &[]),
        _ => label.to_string(),
    }
}

pub fn consulta(out: Out, store: &Store, command: ConsultaCommand, ctx: &Ctx) -> Outcome {
    match command {
        ConsultaCommand::Launch { body, question, text, kind, options, deadline, base_kind, rule } => {
            let form = LaunchForm { question, text, kind, options: options.join("\n"), deadline, base_kind, rule };
            let c = consulta::launch(store, ctx, &body, &form)?;
            let v = consulta::view(store, ctx, &c.id.to_string())?;
            out.say(
                "cli-consulta-launched",
                &[
                    ("id", c.id.to_string()),
                    ("question", c.question.clone()),
                    ("bases", v.bases_total.to_string()),
                    ("deadline", day(c.deadline)),
                ],
            );
            Ok(())
        }
        ConsultaCommand::List { body } => {
            let (_, list, _) = consulta::list(store, ctx, &body)?;
            for c in list {
                let status = if c.is_open() { "consulta-status-open" } else { "consulta-status-closed" };
                out.say(
                    "cli-consulta-line",
                    &[
                        ("id", c.id.to_string()),
                        ("question", c.question.clone()),
                        ("kind", out.text(&format!("consulta-kind-{}", c.kind.code()), &[])),
                        ("deadline", day(c.deadline)),
                        ("status", out.text(status, &[])),
                    ],
                );
            }
            Ok(())
        }
        ConsultaCommand::Show { id } => {
            let v = consulta::view(store, ctx, &id)?;
            let c = &v.consulta;
            let status = if c.is_open() { "consulta-status-open" } else { "consulta-status-closed" };
            out.say(
                "cli-consulta-line",
                &[
                    ("id", c.id.to_string()),
                    ("question", c.question.clone()),
                    ("kind", out.text(&format!("consulta-kind-{}", c.kind.code()), &[])),
                    ("deadline", day(c.deadline)),
                    ("status", out.text(status, &[])),
                ],
            );
            let counts = [
                ("answered", v.bases_answered.to_string()),
                ("total", v.bases_total.to_string()),
                ("late", v.bases_late.to_string()),
            ];
            out.say("consulta-answered-count", &counts);
            for line in v.answers.iter().chain(&v.intermediate) {
                let adopted = match &line.adopted {
                    Some(l) => label(out, c.kind, l),
                    None => out.text("consulta-none-adopted", &[]),
                };
                let late =
                    if line.answer.late { format!(" — {}", out.text("consulta-late", &[])) } else { String::new() };
                out.say(
                    "cli-consulta-answer-line",
                    &[
                        ("body", line.body.label()),
                        ("adopted", adopted),
                        ("assembly", line.answer.assembly_title.clone()),
                        ("date", line.answer.scheduled_for.format("%Y-%m-%d").to_string()),
                        ("late", late),
                    ],
                );
            }
            Ok(())
        }
        ConsultaCommand::Extend { id, deadline } => {
            let c = consulta::extend(store, ctx, &id, &deadline)?;
            out.say("cli-consulta-extended", &[("id", c.id.to_string()), ("deadline", day(c.deadline))]);
            Ok(())
        }
        ConsultaCommand::Close { id } => {
            let c = consulta::close(store, ctx, &id)?;
            out.say("cli-consulta-closed", &[("id", c.id.to_string())]);
            Ok(())
        }
        ConsultaCommand::Agenda { assembly, consulta: reference, candidates, rule } => {
            let form = AgendaForm {
                consulta: reference.clone(),
                rule,
                candidates: candidates.into_iter().map(PersonId).collect(),
            };
            let m = consulta::put_on_agenda(store, ctx, AssemblyId(assembly), &form)?;
            out.say(
                "cli-consulta-on-agenda",
                &[("number", m.number.to_string()), ("assembly", assembly.to_string()), ("id", reference)],
            );
            Ok(())
        }
        ConsultaCommand::Election { id, assembly, office, term_end, rule, count } => {
            let term_end = match term_end.as_deref() {
                Some(t) => cabildo_domain::padron::parse_optional_date(Field::TermEnd, t)?,
                None => None,
            };
            let form = NomineesForm { assembly: assembly.to_string(), office_title: office, term_end, rule, count };
            let m = consulta::nominees_to_election(store, ctx, &id, &form)?;
            let candidates = store.read(|r| r.candidates(m.id))?.len();
            out.say(
                "cli-consulta-election",
                &[
                    ("number", m.number.to_string()),
                    ("assembly", assembly.to_string()),
                    ("count", candidates.to_string()),
                ],
            );
            Ok(())
        }
    }
}
