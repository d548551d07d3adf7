//! `cabildo instruction`: send a body's resolution down as an instruction, see who has and who has
//! not acknowledged it at any level, acknowledge it for a body (as the operator).

use cabildo_services::instructions::{self, SendForm};
use cabildo_services::{Ctx, ServiceError, Store};
use clap::Subcommand;

use crate::output::Out;

type Outcome = Result<(), ServiceError>;

#[derive(Debug, Subcommand)]
pub enum InstructionCommand {
    /// Send one of a body's resolutions down to the bodies below it.
    Send {
        /// The sending body (number or code).
        body: String,
        /// The resolution: its number on this instance, its public id, or "3/2026".
        #[arg(long)]
        resolution: String,
        /// Only this body below the sender and the bodies below it (number or code).
        #[arg(long)]
        under: Option<String>,
        /// Only bodies of this kind (sindicato, central, …).
        #[arg(long)]
        kind: Option<String>,
        #[arg(long, default_value = "")]
        note: String,
        /// The date by which to acknowledge (2026-12-15 or 15/12/2026).
        #[arg(long)]
        ack_by: Option<String>,
    },
    /// Who has acknowledged and who has not, at a body of the sender's subtree.
    Status {
        /// The instruction (number or public id).
        instruction: String,
        /// The body to count at (number or code); by default the sender.
        #[arg(long)]
        body: Option<String>,
    },
    /// Acknowledge an instruction for a recipient body.
    Ack {
        /// The instruction (number or public id).
        instruction: String,
        /// The recipient body (number or code).
        #[arg(long)]
        body: String,
    },
}

pub fn instruction(out: Out, store: &Store, command: InstructionCommand, ctx: &Ctx) -> Outcome {
    match command {
        InstructionCommand::Send { body, resolution, under, kind, note, ack_by } => {
            let form = SendForm {
                resolution,
                under: under.unwrap_or_default(),
                kind: kind.unwrap_or_default(),
                note,
                ack_by: ack_by.unwrap_or_default(),
            };
            let record = instructions::send(store, ctx, &body, &form)?;
            let view = instructions::view(store, ctx, &record.id.0.to_string(), None)?;
            out.say(
                "instr-cli-sent",
                &[
                    ("id", record.id.0.to_string()),
                    ("public_id", record.public_id.to_string()),
                    ("count", view.total.recipients.to_string()),
                ],
            );
            Ok(())
        }
        InstructionCommand::Status { instruction, body } => {
            let v = instructions::view(store, ctx, &instruction, body.as_deref())?;
            let number = instructions::resolution_number(&v.resolution);
            println!("{} — {}", out.text("instr-heading", &[("number", number)]), v.resolution.title);
            let standing = |s: &instructions::Standing| {
                out.text(
                    "instr-standing",
                    &[("acknowledged", out.count(s.acknowledged)), ("recipients", s.recipients.to_string())],
                )
            };
            println!("{}: {}", out.text("instr-at-level", &[("body", v.level.label())]), standing(&v.total));
            for c in &v.children {
                println!("  {}: {}", c.body.label(), standing(&c.standing));
            }
            if !v.missing.is_empty() {
                println!("{}:", out.text("instr-missing", &[]));
                for (b, _) in &v.missing {
                    println!("  {}", b.label());
                }
            }
            Ok(())
        }
        InstructionCommand::Ack { instruction, body } => {
            let ack = instructions::acknowledge(store, ctx, &instruction, &body)?;
            out.say("instr-cli-acknowledged", &[("body", body), ("id", ack.instruction_id.0.to_string())]);
            Ok(())
        }
    }
}
