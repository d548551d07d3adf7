//! `cabildo delegates`: declare a congress's seats, list them, print a delegation's credentials
//! with their codes, admit a delegate by code at the door, and set the statute's weighting flag
//! (as the operator).

use cabildo_domain::assembly::AssemblyId;
use cabildo_services::delegates::{self, SeatForm};
use cabildo_services::{Ctx, ServiceError, Store};
use clap::Subcommand;

use crate::output::Out;

type Outcome = Result<(), ServiceError>;

#[derive(Debug, Subcommand)]
pub enum DelegatesCommand {
    /// Declare the seats of a convened congress (or ampliado): a fixed number per sub-body, or one
    /// per so many members of the register on a date.
    Seats {
        /// The assembly's number.
        assembly: i64,
        /// `fixed` or `per_members`.
        #[arg(long)]
        rule: String,
        /// Seats per sub-body, or members per seat.
        #[arg(long)]
        number: String,
        /// One alternate (suplente) per seat.
        #[arg(long)]
        alternates: bool,
        /// The register date members are counted on (2026-11-01 or 01/11/2026); today if left out.
        #[arg(long)]
        register_on: Option<String>,
    },
    /// The seats of an assembly: each delegation with its seats and credentials issued.
    List {
        /// The assembly's number.
        assembly: i64,
    },
    /// A delegation's credentials with their codes, to print or hand out.
    Credentials {
        /// The delegation's number.
        delegation: i64,
    },
    /// Admit a delegate at an assembly's door by the code of their credential.
    CheckIn {
        /// The assembly's number.
        assembly: i64,
        /// The credential's code (K7Q2M-9APXR-C).
        code: String,
    },
    /// Say whether a body's statute weighs each delegation's votes by the members it represents.
    Weighting {
        /// The body (number or code).
        body: String,
        /// `yes` or `no`.
        #[arg(value_parser = ["yes", "no"])]
        weigh: String,
    },
}

pub fn delegates(out: Out, store: &Store, command: DelegatesCommand, ctx: &Ctx) -> Outcome {
    match command {
        DelegatesCommand::Seats { assembly, rule, number, alternates, register_on } => {
            let form = SeatForm { rule, number, alternates, register_on: register_on.unwrap_or_default() };
            let seats = delegates::declare_seats(store, ctx, AssemblyId(assembly), &form)?;
            out.say(
                "dlg-cli-declared",
                &[("count", seats.voting_seats().to_string()), ("delegations", seats.delegations.len().to_string())],
            );
            Ok(())
        }
        DelegatesCommand::List { assembly } => {
            let seats = delegates::seats(store, ctx, AssemblyId(assembly))?;
            if seats.plan.is_none() {
                out.say("dlg-no-plan", &[]);
            }
            for d in &seats.delegations {
                let mut line = format!(
                    "{:>5}  {} ({}): {}",
                    d.delegation.id,
                    d.delegation.body_name,
                    d.delegation.body_code,
                    out.text(
                        "dlg-issued",
                        &[("issued", d.issued.to_string()), ("seats", d.delegation.seats.to_string())]
                    )
                );
                if d.delegation.observer {
                    line.push_str(&format!(" · {}", out.text("dlg-observer", &[])));
                }
                if let Some(on) = d.delegation.ended_on {
                    line.push_str(&format!(
                        " · {}",
                        out.text("dlg-revoked-on", &[("date", on.format("%d/%m/%Y").to_string())])
                    ));
                }
                println!("{line}");
            }
            out.say("dlg-voting-seats", &[("count", seats.voting_seats().to_string())]);
            Ok(())
        }
        DelegatesCommand::Credentials { delegation } => {
            let sheet = delegates::credential_sheet(store, ctx, delegation)?;
            for p in &sheet.credentials {
                let role = out.text(&format!("seat-role-{}", p.credential.role.code()), &[]);
                let seat = out.text("dlg-seat-role", &[("seat", p.credential.seat.to_string()), ("role", role)]);
                println!("{}  {}  {}", p.code, seat, p.credential.name.display());
            }
            Ok(())
        }
        DelegatesCommand::CheckIn { assembly, code } => {
            let a = delegates::check_in_credential(store, ctx, AssemblyId(assembly), &code)?;
            let role = out.text(&format!("seat-role-{}", a.role.code()), &[]);
            let seat = out.text("dlg-seat-role", &[("seat", a.seat.to_string()), ("role", role)]);
            out.say("dlg-cli-admitted", &[("name", a.name.display()), ("body", a.body_name), ("seat", seat)]);
            if a.observer {
                out.say("dlg-observer-help", &[]);
            }
            Ok(())
        }
        DelegatesCommand::Weighting { body, weigh } => {
            let set = delegates::set_weighting(store, ctx, &body, weigh == "yes")?;
            out.say(if set { "weighted-true" } else { "weighted-false" }, &[]);
            Ok(())
        }
    }
}
