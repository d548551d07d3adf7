//! Mandates from the command line (as the operator): put a mandate to a base's assembly in
//! session, place a congress's motion under an item, and list a base's mandates with how they
//! were kept. Whether a mandate was kept is never typed in: it comes from the roll calls.

use cabildo_domain::assembly::{AssemblyId, MotionId};
use cabildo_services::mandates::{self, Check, MandateForm};
use cabildo_services::{Ctx, ServiceError};
use cabildo_store::Store;
use clap::Subcommand;

use crate::output::Out;

type Outcome = Result<(), ServiceError>;

#[derive(Debug, Subcommand)]
pub enum MandateCommand {
    /// Put a mandate on an item of a congress or ampliado of a body above to a base's assembly in
    /// session: adopting the motion gives it.
    Give {
        /// The base's assembly, in session.
        #[arg(long)]
        assembly: i64,
        /// The congress or ampliado.
        #[arg(long)]
        higher: i64,
        /// The item's number on its agenda.
        #[arg(long)]
        item: i64,
        /// for, against, abstain or option.
        #[arg(long)]
        position: String,
        /// The option's or candidate's name, for `option`.
        #[arg(long, default_value = "")]
        option: String,
    },
    /// Place a pending motion of a congress or ampliado under one of its items.
    Place {
        #[arg(long)]
        assembly: i64,
        #[arg(long)]
        motion: i64,
        #[arg(long)]
        item: i64,
    },
    /// A base's mandates, each vote under their items and how its delegates kept them.
    List {
        #[arg(long)]
        body: String,
    },
}

pub fn mandate(out: Out, store: &Store, command: MandateCommand, ctx: &Ctx) -> Outcome {
    match command {
        MandateCommand::Give { assembly, higher, item, position, option } => {
            // The motion's text as the assembly reads it, in the operator's language.
            let targets = mandates::targets(store, ctx, AssemblyId(assembly))?;
            let target = targets.iter().find(|t| t.assembly.id.0 == higher);
            let on = target.and_then(|t| t.items.iter().find(|i| i.position == item).map(|i| (t, i)));
            let text = match (on, cabildo_domain::mandate::Mandate::read(&position, &option)) {
                (Some((t, i)), Ok(m)) => {
                    let what = match &m.option {
                        Some(name) => out.text("mandate-asks-option", &[("option", name.clone())]),
                        None => out.text(&format!("mandate-position-{}", m.position.code()), &[]),
                    };
                    let base = cabildo_services::assembly::view(store, ctx, AssemblyId(assembly))?.body.name;
                    out.text(
                        "mandate-motion-text",
                        &[
                            ("body", base),
                            ("item", i.title.clone()),
                            ("assembly", t.assembly.title.clone()),
                            ("what", what),
                        ],
                    )
                }
                _ => String::new(),
            };
            let form = MandateForm { assembly: higher.to_string(), item: item.to_string(), position, option, text };
            let m = mandates::put_on_agenda(store, ctx, AssemblyId(assembly), &form)?;
            out.say("cli-mandate-on-agenda", &[("number", m.number.to_string()), ("assembly", assembly.to_string())]);
            Ok(())
        }
        MandateCommand::Place { assembly, motion, item } => {
            let m = mandates::place_motion(store, ctx, AssemblyId(assembly), MotionId(motion), &item.to_string())?;
            out.say("cli-mandate-placed", &[("number", m.number.to_string()), ("item", item.to_string())]);
            Ok(())
        }
        MandateCommand::List { body } => {
            let found = mandates::for_base(store, ctx, &body)?;
            for r in &found.mandates {
                out.say(
                    "mandate-item",
                    &[
                        ("position", r.record.item.position.to_string()),
                        ("item", r.record.item.title.clone()),
                        ("assembly", r.higher.title.clone()),
                        ("body", r.higher_body.name.clone()),
                    ],
                );
                for v in &r.votes {
                    let state = match &v.check {
                        Check::Pending => out.text("mandate-pending", &[]),
                        Check::NotComparable(m) => {
                            let method = out.text(&format!("vote-method-{}", m.code()), &[]);
                            out.text("mandate-not-comparable", &[("method", method)])
                        }
                        Check::Compared(_) => {
                            let keeping = v.keeping().map_or("absent", |k| k.code());
                            out.text(&format!("mandate-keeping-{keeping}"), &[])
                        }
                    };
                    out.say("cli-mandate-vote", &[("motion", v.motion.title.clone()), ("state", state)]);
                    if let Check::Compared(delegates) = &v.check {
                        for d in delegates {
                            let keeping = out.text(&format!("mandate-keeping-{}", d.keeping.code()), &[]);
                            out.say("cli-mandate-delegate", &[("delegate", d.name.display()), ("keeping", keeping)]);
                        }
                    }
                }
            }
            Ok(())
        }
    }
}
