//! `cabildo petition`: raise a body's resolution to its parent, list a body's inbox, show a
//! petition's path, put it before an assembly, record an authority's reply, keep authorities.

use cabildo_domain::assembly::AssemblyId;
use cabildo_services::petitions::{self, AuthorityForm, ProposeForm, RaiseForm, ReplyForm};
use cabildo_services::{Ctx, ServiceError, Store};
use clap::Subcommand;

use crate::output::Out;

type Outcome = Result<(), ServiceError>;

#[derive(Debug, Subcommand)]
pub enum PetitionCommand {
    /// Raise one of a body's resolutions as a petition to its parent body.
    Raise {
        /// The raising body (number or code).
        body: String,
        /// The resolution: its number on this instance, its public id, or "3/2026".
        #[arg(long)]
        resolution: String,
        /// The body it goes to; anything but the parent is refused.
        #[arg(long)]
        to: Option<String>,
        /// The date by which the parent is asked to decide (2026-12-15 or 15/12/2026).
        #[arg(long)]
        answer_by: Option<String>,
    },
    /// A body's inbox: the petitions it holds.
    Inbox {
        /// The body (number or code).
        body: String,
        /// waiting or overdue; by default every petition the body holds.
        #[arg(long)]
        filter: Option<String>,
        /// The page, 0 first (25 a page).
        #[arg(long, default_value_t = 0)]
        page: u64,
    },
    /// A petition's path, replies and standing.
    Show {
        /// The petition (number or public id).
        petition: String,
    },
    /// Put a petition before an assembly in session of the body that holds it.
    Propose {
        /// The petition (number or public id).
        petition: String,
        /// The assembly's number.
        #[arg(long)]
        assembly: i64,
        /// endorse, return, merge or address.
        #[arg(long)]
        action: String,
        #[arg(long, default_value = "")]
        title: String,
        /// Reasons to return it, or the pliego's title.
        #[arg(long, default_value = "")]
        reasons: String,
        /// Other petitions to merge (numbers, separated by commas).
        #[arg(long, default_value = "")]
        others: String,
        /// The authority (its number) to address it to.
        #[arg(long, default_value = "")]
        authority: String,
        /// The last day for the authority's reply.
        #[arg(long, default_value = "")]
        reply_by: String,
    },
    /// Record an authority's reply to a petition the body addressed.
    Reply {
        /// The petition (number or public id).
        petition: String,
        /// meeting, partial, full or refusal.
        #[arg(long)]
        kind: String,
        #[arg(long, default_value = "")]
        received_on: String,
        #[arg(long, default_value = "")]
        text: String,
        /// For a meeting: "2026-12-10 10:00".
        #[arg(long, default_value = "")]
        meeting_at: String,
        #[arg(long, default_value = "")]
        meeting_place: String,
    },
    /// Keep an outside authority as a contact of a body.
    Authority {
        /// The body (number or code).
        body: String,
        /// The institution.
        #[arg(long)]
        name: String,
        /// The office addressed.
        #[arg(long)]
        office: String,
        #[arg(long)]
        address: String,
    },
}

pub fn petition(out: Out, store: &Store, command: PetitionCommand, ctx: &Ctx) -> Outcome {
    match command {
        PetitionCommand::Raise { body, resolution, to, answer_by } => {
            let form = RaiseForm { resolution, to: to.unwrap_or_default(), answer_by: answer_by.unwrap_or_default() };
            let r = petitions::raise(store, ctx, &body, &form)?;
            out.say("petition-cli-raised", &[("id", r.id.0.to_string()), ("public_id", r.public_id.to_string())]);
            Ok(())
        }
        PetitionCommand::Inbox { body, filter, page } => {
            let filter = match filter.as_deref() {
                Some("waiting") => petitions::InboxFilter::Waiting,
                Some("overdue") => petitions::InboxFilter::Overdue(ctx.today),
                _ => petitions::InboxFilter::All,
            };
            let i = petitions::inbox(store, ctx, &body, filter, page)?;
            println!(
                "{}",
                out.text(
                    "petition-showing",
                    &[
                        ("count", out.count(i.total)),
                        ("page", (i.page + 1).to_string()),
                        ("pages", i.pages.to_string())
                    ]
                )
            );
            for l in &i.lines {
                let standing = out.text(&format!("petition-standing-{}", l.standing.code()), &[]);
                println!("{}\t{}\t{}\t{standing}", l.record.id.0, l.origin.label(), l.record.title);
            }
            Ok(())
        }
        PetitionCommand::Show { petition } => {
            let v = petitions::view(store, ctx, &petition)?;
            println!("{} — {}", out.text("petition-heading", &[("number", v.record.id.0.to_string())]), v.record.title);
            println!("{}", out.text(&format!("petition-standing-{}", v.standing.code()), &[]));
            for s in &v.steps {
                let on = chrono::DateTime::from_timestamp(s.step.at, 0).map(|t| t.date_naive().to_string());
                let what = out.text(
                    &format!("petition-step-{}", s.step.action.code()),
                    &[
                        ("body", s.body.label()),
                        ("to", s.to.as_ref().map(|b| b.label()).unwrap_or_default()),
                        ("on", on.unwrap_or_default()),
                    ],
                );
                let cited = s.resolution.as_ref().map(petitions::resolution_number).unwrap_or_default();
                println!("  {what} {cited}");
                if !s.step.reasons.is_empty() {
                    println!("    {}", s.step.reasons);
                }
            }
            for r in &v.replies {
                let kind = out.text(&format!("petition-reply-{}", r.kind.code()), &[]);
                println!("  {kind} {} {} {}", r.received_on, r.meeting_at.clone().unwrap_or_default(), r.text);
            }
            Ok(())
        }
        PetitionCommand::Propose { petition, assembly, action, title, reasons, others, authority, reply_by } => {
            let form = ProposeForm { action, title, reasons, others, authority, reply_by };
            let m = petitions::propose(store, ctx, &petition, AssemblyId(assembly), &form)?;
            out.say("petition-cli-proposed", &[("motion", m.number.to_string()), ("assembly", assembly.to_string())]);
            Ok(())
        }
        PetitionCommand::Reply { petition, kind, received_on, text, meeting_at, meeting_place } => {
            let form = ReplyForm { kind, received_on, text, meeting_at, meeting_place };
            let r = petitions::reply(store, ctx, &petition, &form)?;
            out.say("petition-cli-replied", &[("id", r.id.to_string()), ("petition", petition)]);
            Ok(())
        }
        PetitionCommand::Authority { body, name, office, address } => {
            let a = petitions::add_authority(store, ctx, &body, &AuthorityForm { name, office, address })?;
            out.say("petition-cli-authority", &[("id", a.id.0.to_string()), ("name", a.name)]);
            Ok(())
        }
    }
}
