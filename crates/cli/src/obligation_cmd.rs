//! `cabildo obligation`: state an attendance obligation of a body's officers, read what was kept
//! of each (computed from recorded attendance), end one, an officer's record, and record a visiting
//! officer at an assembly's door (as the operator).

use cabildo_domain::assembly::AssemblyId;
use cabildo_services::obligations::{self, Ledger, ObligationForm};
use cabildo_services::{Ctx, ServiceError, Store};
use clap::Subcommand;

use crate::output::Out;

type Outcome = Result<(), ServiceError>;

#[derive(Debug, Subcommand)]
pub enum ObligationCommand {
    /// State an obligation of a body's officers.
    State {
        /// The stating body, whose officer it binds (number or code).
        body: String,
        /// The office bound (its title, or its number); left out: the whole directiva.
        #[arg(long)]
        office: Option<String>,
        /// The body whose assemblies are owed (number or code); left out: each body below.
        #[arg(long)]
        target: Option<String>,
        /// Only bodies below of this kind (central, sindicato, …).
        #[arg(long)]
        child_kind: Option<String>,
        /// Only assemblies of this kind (ordinaria, ampliado, …).
        #[arg(long)]
        assembly_kind: Option<String>,
        /// month, quarter, year or every_assembly.
        #[arg(long)]
        cadence: String,
        /// From when it binds (2025-01-01 or 01/01/2025); left out: today.
        #[arg(long)]
        since: Option<String>,
    },
    /// End an obligation the statute no longer asks: it binds up to and including the day given.
    End {
        /// The obligation's number or public id.
        obligation: String,
        /// The last day it binds (2026-12-31 or 31/12/2026); left out: today.
        #[arg(long)]
        on: Option<String>,
    },
    /// A body's obligations with what was kept of each.
    Show {
        /// The body (number or code).
        body: String,
    },
    /// An officer's record over their term.
    Officer {
        /// The office's number.
        office: i64,
    },
    /// Record a visiting officer, brought by an obligation or a demand, at an assembly's door.
    Visit {
        /// The assembly's number.
        assembly: i64,
        /// The office's number.
        #[arg(long)]
        office: i64,
        /// Recorded excused rather than present.
        #[arg(long)]
        excused: bool,
    },
}

fn print_ledger(out: Out, l: &Ledger) {
    let office = l.record.office_title.clone().unwrap_or_else(|| out.text("oblig-directiva", &[]));
    println!("#{} {}", l.record.id.0, out.text("oblig-heading", &[("office", office), ("body", l.body.label())]));
    println!("  {}", summary(out, &l.summary));
    for (body, lines) in l.by_body() {
        let cells: Vec<String> =
            lines.iter().map(|x| out.text(&format!("oblig-standing-{}", x.standing.code()), &[])).collect();
        println!("  {}: {}", body.label(), cells.join(" · "));
    }
}

fn summary(out: Out, s: &cabildo_domain::obligation::Summary) -> String {
    out.text("oblig-summary", &obligations::summary_args(s))
}

pub fn obligation(out: Out, store: &Store, command: ObligationCommand, ctx: &Ctx) -> Outcome {
    match command {
        ObligationCommand::State { body, office, target, child_kind, assembly_kind, cadence, since } => {
            let form = ObligationForm {
                office: office.unwrap_or_default(),
                target: target.unwrap_or_default(),
                child_kind: child_kind.unwrap_or_default(),
                assembly_kind: assembly_kind.unwrap_or_default(),
                cadence,
                since: since.unwrap_or_default(),
            };
            let record = obligations::state(store, ctx, &body, &form)?;
            out.say(
                "oblig-cli-stated",
                &[("id", record.id.0.to_string()), ("public_id", record.public_id.to_string())],
            );
            Ok(())
        }
        ObligationCommand::End { obligation, on } => {
            let record = obligations::end(store, ctx, &obligation, &on.unwrap_or_default())?;
            let on = record.ended_on.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default();
            out.say("oblig-ended", &[("on", on)]);
            Ok(())
        }
        ObligationCommand::Show { body } => {
            let found = obligations::for_body(store, ctx, &body)?;
            println!("{} — {}", found.body.label(), summary(out, &found.summary));
            for l in found.stated.iter().chain(&found.towards) {
                print_ledger(out, l);
            }
            Ok(())
        }
        ObligationCommand::Officer { office } => {
            let found = obligations::for_office(store, ctx, office)?;
            println!("{} ({}) — {}", found.office.holder.display(), found.office.title, summary(out, &found.summary));
            for l in &found.ledgers {
                print_ledger(out, l);
            }
            Ok(())
        }
        ObligationCommand::Visit { assembly, office, excused } => {
            let v = obligations::record_visit(store, ctx, AssemblyId(assembly), office, excused)?;
            out.say(
                "oblig-cli-visitor",
                &[
                    ("name", v.name.map(|n| n.display()).unwrap_or_default()),
                    ("status", out.text(&format!("attendance-{}", v.status.code()), &[])),
                ],
            );
            Ok(())
        }
    }
}
