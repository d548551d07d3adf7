//! Assemblies, statutes and the verification of sealed actas, from the command line.

use std::process::ExitCode;

use cabildo_domain::assembly::{AssemblyId, BallotOption};
use cabildo_domain::{DomainError, Field, HouseholdId};
use cabildo_services::assembly::{self, Attendee, ConveneForm, StatuteForm};
use cabildo_services::keys::KeyPin;
use cabildo_services::{Ctx, ServiceError, acta};
use cabildo_store::Store;

use crate::output::Out;
use crate::{AssemblyCommand, StatuteCommand};

type Outcome = Result<(), ServiceError>;

/// `cabildo verify`: every chain of sealed actas against the records, the heads the bodies above
/// keep and the heads given with `--head`, with signing keys trusted through the key log (checked
/// against `--pin` when given). Prints each body's head (to write down or publish), the later
/// changes the register explains and the overdue actas; exits with 1 when any sign of tampering is
/// found, as any other refusal does (warnings alone leave it at 0).
pub fn verify(
    out: Out,
    store: &Store,
    ctx: &Ctx,
    body: Option<&str>,
    heads: &[String],
    pin: Option<&KeyPin>,
) -> ExitCode {
    let given = match heads.iter().map(|h| h.parse::<acta::GivenHead>()).collect::<Result<Vec<_>, _>>() {
        Ok(given) => given,
        Err(e) => {
            out.error(&ServiceError::Domain(e));
            return ExitCode::FAILURE;
        }
    };
    let verification = match acta::verify_with(store, ctx, body, &given, pin) {
        Ok(v) => v,
        Err(e) => {
            out.error(&e);
            return ExitCode::FAILURE;
        }
    };
    for ((body, actas), (_, code, head)) in verification.bodies.iter().zip(&verification.heads) {
        out.say("cli-verify-body", &[("body", body.clone()), ("actas", out.count(*actas as u64))]);
        if head.count > 0 {
            out.say("cli-verify-head", &[("head", format!("{code}={head}"))]);
        }
    }
    for change in &verification.later {
        let args = [
            ("acta", change.acta.clone()),
            ("key", change.key.clone()),
            ("sealed", change.sealed.clone()),
            ("now", change.now.clone()),
        ];
        println!("  {}", out.text("acta-later-change", &args));
    }
    for warning in &verification.warnings {
        println!("  {}", cabildo_i18n::message(out.lang, warning.code(), &warning.args()));
    }
    match pin.filter(|_| verification.keys_pinned) {
        Some(pin) => out.say("cli-verify-keys-pinned", &[("pin", pin.to_string())]),
        None => eprintln!("{}", out.text("cli-verify-keys-unpinned", &[])),
    }
    if verification.is_clean() {
        out.say("cli-verify-intact", &[]);
        return ExitCode::SUCCESS;
    }
    for problem in &verification.problems {
        println!("  {}", cabildo_i18n::message(out.lang, problem.code(), &problem.args()));
    }
    for problem in &verification.key_problems {
        println!("  {}", cabildo_i18n::message(out.lang, problem.code(), &problem.args()));
    }
    let count = out.count((verification.problems.len() + verification.key_problems.len()) as u64);
    eprintln!("{}: {}", out.text("cli-error", &[]), out.text("cli-verify-problems", &[("count", count)]));
    ExitCode::FAILURE
}

pub fn statute(out: Out, store: &Store, command: StatuteCommand, ctx: &Ctx) -> Outcome {
    match command {
        StatuteCommand::Set { body, quorum, fine, signers, term_years, recall_rule, recall_share, recall_window } => {
            let form = StatuteForm {
                quorum,
                absence_fine: fine,
                signers,
                term_years: term_years.unwrap_or_default(),
                resolution: None,
                recall_rule: recall_rule.unwrap_or_default(),
                recall_share: recall_share.unwrap_or_default(),
                recall_window: recall_window.unwrap_or_default(),
            };
            let record = assembly::update_statute(store, ctx, &body, &form)?;
            let recall = assembly::statute(store, ctx, &body)?.recall;
            let s = &record.statute;
            out.say(
                "cli-statute-set",
                &[
                    ("body", body),
                    ("version", s.version.to_string()),
                    ("quorum", quorum_words(out, s.quorum)),
                    ("fine", cabildo_domain::ledger::Centavos(s.absence_fine).plain()),
                    ("signers", s.signer_offices.join(", ")),
                ],
            );
            say_recall(out, &recall);
        }
        StatuteCommand::Show { body } => {
            let view = assembly::statute(store, ctx, &body)?;
            let s = &view.current;
            out.say(
                "cli-statute-set",
                &[
                    ("body", view.body.label()),
                    ("version", s.version.to_string()),
                    ("quorum", quorum_words(out, s.quorum)),
                    ("fine", cabildo_domain::ledger::Centavos(s.absence_fine).plain()),
                    ("signers", s.signer_offices.join(", ")),
                ],
            );
            say_recall(out, &view.recall);
        }
    }
    Ok(())
}

/// A quorum rule in words: "mitad más uno de los habilitados".
fn quorum_words(out: Out, rule: cabildo_domain::assembly::QuorumRule) -> String {
    out.text("acta-quorum-rule", &rule.message_args())
}

/// A decision rule in words, inside a sentence: "dos tercios".
fn rule_words(out: Out, rule: cabildo_domain::assembly::DecisionRule) -> String {
    let words = out.text(&format!("decision-rule-{}", rule.code()), &[]);
    let mut chars = words.chars();
    chars.next().map(|first| first.to_lowercase().chain(chars).collect()).unwrap_or_default()
}

/// What the statute says of recalls: the rule of the body's own assembly, and the share of its
/// bases with the window (or that it sets none).
fn say_recall(out: Out, terms: &cabildo_domain::recall::RecallTerms) {
    match terms.share {
        Some(share) => out.say(
            "cli-statute-recall",
            &[
                ("rule", rule_words(out, terms.rule)),
                ("share", share.to_string()),
                ("days", terms.window_days.to_string()),
            ],
        ),
        None => out.say("cli-statute-recall-no-share", &[("rule", rule_words(out, terms.rule))]),
    }
}

fn when(at: &cabildo_store::DateTime) -> String {
    at.format("%Y-%m-%d %H:%M").to_string()
}

pub fn assembly(out: Out, store: &Store, command: AssemblyCommand, ctx: &Ctx) -> Outcome {
    match command {
        AssemblyCommand::Convene { body, kind, title, at, place, agenda } => {
            let form = ConveneForm { kind, title, scheduled_for: at, place, agenda: agenda.join("\n") };
            let a = assembly::convene(store, ctx, &body, &form)?;
            out.say(
                "cli-assembly-convened",
                &[
                    ("id", a.id.to_string()),
                    ("kind", out.text(&format!("assembly-kind-{}", a.kind.code()), &[])),
                    ("title", a.title),
                    ("at", when(&a.scheduled_for)),
                    ("place", a.place),
                ],
            );
        }
        AssemblyCommand::List { body } => {
            let (_, assemblies) = assembly::list(store, ctx, &body)?;
            if assemblies.is_empty() {
                out.say("cli-assembly-none", &[]);
            }
            for a in assemblies {
                out.say(
                    "cli-assembly-line",
                    &[
                        ("id", a.id.to_string()),
                        ("at", when(&a.scheduled_for)),
                        ("kind", out.text(&format!("assembly-kind-{}", a.kind.code()), &[])),
                        ("title", a.title),
                        ("status", out.text(&format!("assembly-status-{}", a.status.code()), &[])),
                    ],
                );
            }
        }
        AssemblyCommand::Show { id } => show(out, store, ctx, AssemblyId(id))?,
        AssemblyCommand::Open { id } => {
            let a = assembly::open(store, ctx, AssemblyId(id))?;
            out.say(
                "cli-assembly-opened",
                &[
                    ("id", a.id.to_string()),
                    ("eligible", out.count(a.eligible.unwrap_or(0))),
                    ("quorum", out.count(a.quorum_required.unwrap_or(0))),
                ],
            );
        }
        AssemblyCommand::Close { id } => {
            let a = assembly::close(store, ctx, AssemblyId(id))?;
            let fines = assembly::view(store, ctx, a.id)?.fines.map_or(0, |f| f.len() as u64);
            out.say("cli-assembly-closed", &[("id", a.id.to_string()), ("fines", out.count(fines))]);
        }
        AssemblyCommand::Tickets { id, count, out: file } => {
            let codes = assembly::issue_tickets(store, ctx, AssemblyId(id), count)?.codes;
            match file {
                Some(path) => {
                    let mut text = codes.join("\n");
                    text.push('\n');
                    std::fs::write(&path, text).map_err(|e| ServiceError::Unwritable {
                        path: path.display().to_string(),
                        reason: e.to_string(),
                    })?;
                    out.say(
                        "cli-tickets-written",
                        &[("count", out.count(codes.len() as u64)), ("path", path.display().to_string())],
                    );
                }
                None => {
                    eprintln!("{}", out.text("cli-tickets-issued", &[("count", out.count(codes.len() as u64))]));
                    for code in codes {
                        println!("{code}");
                    }
                }
            }
        }
        AssemblyCommand::Checkin { id, card, household, excused } => {
            let who = match (card, household) {
                (Some(code), _) => Attendee::Card(code),
                (None, Some(h)) => Attendee::Household(HouseholdId(h)),
                (None, None) => return Err(DomainError::Required { field: Field::Code }.into()),
            };
            let (name, status) = assembly::check_in(store, ctx, AssemblyId(id), &who, excused)?;
            out.say(
                "cli-checked-in",
                &[("name", name.display()), ("status", out.text(&format!("attendance-{}", status.code()), &[]))],
            );
            // The door's counter, as the door page shows it.
            let c = assembly::door_view(store, ctx, AssemblyId(id), None, 0)?.count;
            if c.has_quorum_rule {
                let args = [
                    ("present", c.present.to_string()),
                    ("required", c.quorum_required.to_string()),
                    ("missing", c.missing().to_string()),
                ];
                out.say("hall-door-count", &args);
            } else {
                out.say("hall-door-count-open", &[("present", c.present.to_string())]);
            }
        }
    }
    Ok(())
}

fn show(out: Out, store: &Store, ctx: &Ctx, id: AssemblyId) -> Outcome {
    let view = assembly::view(store, ctx, id)?;
    let a = &view.assembly;
    out.say(
        "cli-assembly-show-title",
        &[
            ("id", a.id.to_string()),
            ("kind", out.text(&format!("assembly-kind-{}", a.kind.code()), &[])),
            ("title", a.title.clone()),
            ("body", view.body.label()),
            ("status", out.text(&format!("assembly-status-{}", a.status.code()), &[])),
        ],
    );
    out.say("cli-assembly-show-when", &[("at", when(&a.scheduled_for)), ("place", a.place.clone())]);
    for (i, item) in view.agenda.iter().enumerate() {
        out.say("cli-assembly-show-agenda", &[("n", (i + 1).to_string()), ("item", item.clone())]);
    }
    out.say(
        "cli-assembly-show-quorum",
        &[
            ("eligible", out.count(view.eligible)),
            ("present", out.count(view.present)),
            ("excused", out.count(view.excused)),
            ("quorum", out.count(view.quorum_required)),
        ],
    );
    if view.tickets > 0 {
        out.say("cli-assembly-show-tickets", &[("count", out.count(view.tickets))]);
    }
    for m in &view.motions {
        let r = &m.motion;
        let outcome =
            r.outcome.map_or_else(|| r.status.code().to_string(), |o| out.text(&format!("outcome-{}", o.code()), &[]));
        let counts: Vec<String> = m
            .counts
            .iter()
            .map(|(option, n)| {
                let label = m
                    .candidates
                    .iter()
                    .find(|c| BallotOption::parse(option).ok() == Some(BallotOption::Candidate(c.id)))
                    .map(|c| c.name.display())
                    .unwrap_or_else(|| {
                        let id = format!("choice-{option}");
                        if cabildo_i18n::has(out.lang, &id) { out.text(&id, &[]) } else { option.clone() }
                    });
                format!("{label} {n}")
            })
            .collect();
        let resolution = m
            .resolution
            .as_ref()
            .map(|res| {
                out.text("resolution-number", &[("number", res.number.to_string()), ("year", res.year.to_string())])
            })
            .unwrap_or_default();
        out.say(
            "cli-assembly-show-motion",
            &[
                ("number", r.number.to_string()),
                ("title", r.title.clone()),
                ("outcome", outcome),
                ("counts", counts.join(", ")),
                ("resolution", resolution),
            ],
        );
    }
    if let Some(fines) = &view.fines
        && !fines.is_empty()
    {
        let total: i64 = fines.iter().map(|f| f.amount).sum();
        out.say(
            "cli-assembly-show-fines",
            &[("count", out.count(fines.len() as u64)), ("total", cabildo_domain::ledger::Centavos(total).plain())],
        );
    }
    Ok(())
}
