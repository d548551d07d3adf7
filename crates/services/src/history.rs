//! The change history in words: each audit line as a message of the catalogues (its id is
//! `audit-` and the action's code with dots and underscores as dashes), naming the body, the
//! assembly or the motion it was about, and the numbers its detail holds — never the raw code.

use std::collections::HashMap;

use cabildo_domain::access::Action;
use cabildo_domain::assembly::{AssemblyId, MotionId};
use cabildo_store::AuditEvent;

use crate::registry::Registry;
use crate::{Ctx, Result, Store};

/// Every action code the services write to the audit trail, with its message id. The test
/// `history_speaks_every_audit_action` reads the services' sources for `ctx.audit(` and fails on a
/// code missing here or a message missing in a catalogue.
pub const AUDIT_ACTIONS: &[(&str, &str)] = &[
    ("account.create", "audit-account-create"),
    ("account.disable", "audit-account-disable"),
    ("account.enable", "audit-account-enable"),
    ("account.grant", "audit-account-grant"),
    ("account.key_issued", "audit-account-key-issued"),
    ("account.link_person", "audit-account-link-person"),
    ("account.password", "audit-account-password"),
    ("account.password_reset", "audit-account-password-reset"),
    ("account.sessions_end", "audit-account-sessions-end"),
    ("account.unlink_person", "audit-account-unlink-person"),
    ("acta.notes", "audit-acta-notes"),
    ("acta.seal", "audit-acta-seal"),
    ("acta.sign", "audit-acta-sign"),
    ("affiliation.create", "audit-affiliation-create"),
    ("affiliation.end", "audit-affiliation-end"),
    ("assembly.attendance", "audit-assembly-attendance"),
    ("assembly.cancel", "audit-assembly-cancel"),
    ("assembly.close", "audit-assembly-close"),
    ("assembly.convene", "audit-assembly-convene"),
    ("assembly.crowd_estimate", "audit-assembly-crowd-estimate"),
    ("assembly.open", "audit-assembly-open"),
    ("assembly.tickets", "audit-assembly-tickets"),
    ("assembly.visitor", "audit-assembly-visitor"),
    ("body.close", "audit-body-close"),
    ("body.create", "audit-body-create"),
    ("body.move", "audit-body-move"),
    ("body.publish", "audit-body-publish"),
    ("body.rename", "audit-body-rename"),
    ("body.reopen", "audit-body-reopen"),
    ("body.unpublish", "audit-body-unpublish"),
    ("consulta.agenda", "audit-consulta-agenda"),
    ("consulta.answer", "audit-consulta-answer"),
    ("consulta.close", "audit-consulta-close"),
    ("consulta.election", "audit-consulta-election"),
    ("consulta.extend", "audit-consulta-extend"),
    ("consulta.launch", "audit-consulta-launch"),
    ("delegates.credential", "audit-delegates-credential"),
    ("delegates.election", "audit-delegates-election"),
    ("delegates.revoked", "audit-delegates-revoked"),
    ("delegates.seats", "audit-delegates-seats"),
    ("delegates.weighting", "audit-delegates-weighting"),
    ("demand.close", "audit-demand-close"),
    ("demand.move", "audit-demand-move"),
    ("demand.open", "audit-demand-open"),
    ("demand.place", "audit-demand-place"),
    ("election.create", "audit-election-create"),
    ("household.create", "audit-household-create"),
    ("household.update", "audit-household-update"),
    ("informe.submit", "audit-informe-submit"),
    ("instruction.acknowledge", "audit-instruction-acknowledge"),
    ("instruction.agenda", "audit-instruction-agenda"),
    ("instruction.send", "audit-instruction-send"),
    ("ledger.close", "audit-ledger-close"),
    ("ledger.dues", "audit-ledger-dues"),
    ("ledger.document", "audit-ledger-document"),
    ("ledger.dues_rule", "audit-ledger-dues-rule"),
    ("ledger.exempt", "audit-ledger-exempt"),
    ("ledger.expense", "audit-ledger-expense"),
    ("ledger.fines", "audit-ledger-fines"),
    ("ledger.import", "audit-ledger-import"),
    ("ledger.levy", "audit-ledger-levy"),
    ("ledger.pay", "audit-ledger-pay"),
    ("ledger.publish", "audit-ledger-publish"),
    ("ledger.unpublish", "audit-ledger-unpublish"),
    ("ledger.reverse", "audit-ledger-reverse"),
    ("ledger.share", "audit-ledger-share"),
    ("ledger.transfer", "audit-ledger-transfer"),
    ("ledger.transfer_confirm", "audit-ledger-transfer-confirm"),
    ("mandate.agenda", "audit-mandate-agenda"),
    ("mandate.give", "audit-mandate-give"),
    ("mandate.place", "audit-mandate-place"),
    ("member.create", "audit-member-create"),
    ("motion.create", "audit-motion-create"),
    ("motion.settle", "audit-motion-settle"),
    ("obligation.state", "audit-obligation-state"),
    ("obligation.end", "audit-obligation-end"),
    ("office.create", "audit-office-create"),
    ("office.end", "audit-office-end"),
    ("padron.import", "audit-padron-import"),
    ("parcel.create", "audit-parcel-create"),
    ("petition.address", "audit-petition-address"),
    ("petition.agenda", "audit-petition-agenda"),
    ("petition.authority", "audit-petition-authority"),
    ("petition.delegation", "audit-petition-delegation"),
    ("petition.endorse", "audit-petition-endorse"),
    ("petition.merge", "audit-petition-merge"),
    ("petition.raise", "audit-petition-raise"),
    ("petition.reply", "audit-petition-reply"),
    ("petition.return", "audit-petition-return"),
    ("recall.count", "audit-recall-count"),
    ("recall.failed", "audit-recall-failed"),
    ("recall.move", "audit-recall-move"),
    ("recall.open", "audit-recall-open"),
    ("recall.recalled", "audit-recall-recalled"),
    ("statute.update", "audit-statute-update"),
    ("token.create", "audit-token-create"),
    ("token.revoke", "audit-token-revoke"),
    ("vote.close", "audit-vote-close"),
    ("vote.codes_reissued", "audit-vote-codes-reissued"),
    ("vote.hands", "audit-vote-hands"),
    ("vote.open", "audit-vote-open"),
    ("vote.paper", "audit-vote-paper"),
    ("vote.roll_call", "audit-vote-roll-call"),
];

/// The message of an action this binary does not know (a line written by a newer version).
pub const UNKNOWN_ACTION: &str = "audit-unknown";

/// A value of a history message: text as it is, a number (for plurals), or a code the reader
/// translates with a catalogue prefix (`assembly-kind`, `vote-method`, `outcome`, …).
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Text(String),
    Count(u64),
    Code(&'static str, String),
}

/// One line of the history, ready to be said in the reader's language.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryLine {
    pub at: i64,
    pub actor: String,
    pub body_id: Option<cabildo_domain::BodyId>,
    /// The message id and its arguments; every message takes `body` and `actor`.
    pub id: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

/// The message id of an action code.
pub fn message_id(action: &str) -> &'static str {
    AUDIT_ACTIONS.iter().find(|(a, _)| *a == action).map_or(UNKNOWN_ACTION, |(_, id)| id)
}

/// The first number of a text ("12: 3 fined" → 12).
fn leading_number(text: &str) -> Option<i64> {
    let digits: String = text.trim_start().chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// The number right before `word` ("3 fined" with "fined" → 3).
fn number_before(text: &str, word: &str) -> Option<u64> {
    let words: Vec<&str> = text.split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')').collect();
    words.windows(2).find(|w| w[1] == word).and_then(|w| w[0].parse().ok())
}

/// What follows the reference at the start of a detail ("12: Aprobar" → "Aprobar").
fn after_colon(detail: &str) -> &str {
    detail.split_once(": ").map_or(detail, |(_, rest)| rest)
}

/// The names the history needs beside the bodies: assemblies and motions by id.
#[derive(Default)]
pub struct Titles {
    pub assemblies: HashMap<i64, String>,
    /// Actas by number, with the title of the assembly each records.
    pub actas: HashMap<i64, String>,
    pub motions: HashMap<i64, String>,
}

/// Says one audit event: the message id and its arguments (`body` is the body's name and code).
pub fn describe(event: &AuditEvent, body: &str, titles: &Titles) -> (&'static str, Vec<(&'static str, Arg)>) {
    let id = message_id(&event.action);
    let d = event.detail.as_str();
    let text = |s: &str| Arg::Text(s.trim().to_string());
    let assembly = || {
        leading_number(d).and_then(|n| titles.assemblies.get(&n)).map_or_else(|| Arg::Text(String::new()), |t| text(t))
    };
    let acta =
        || leading_number(d).and_then(|n| titles.actas.get(&n)).map_or_else(|| Arg::Text(String::new()), |t| text(t));
    let motion =
        || leading_number(d).and_then(|n| titles.motions.get(&n)).map_or_else(|| Arg::Text(String::new()), |t| text(t));
    let count = |word: &str| Arg::Count(number_before(d, word).unwrap_or(0));
    let mut args: Vec<(&'static str, Arg)> = vec![("body", text(body)), ("actor", text(&event.actor))];
    match event.action.as_str() {
        "assembly.convene" => {
            let rest = after_colon(d);
            let (kind, title) = rest.split_once(' ').unwrap_or((rest, ""));
            args.push(("kind", Arg::Code("assembly-kind", kind.to_string())));
            args.push(("assembly", text(title)));
        }
        "assembly.open" => {
            args.push(("assembly", assembly()));
            args.push(("eligible", count("eligible")));
            args.push(("quorum", Arg::Count(d.rsplit(' ').next().and_then(|n| n.parse().ok()).unwrap_or(0))));
        }
        "assembly.close" => {
            args.push(("assembly", assembly()));
            args.push(("fined", count("fined")));
        }
        "assembly.cancel" => args.push(("assembly", assembly())),
        "assembly.crowd_estimate" => {
            args.push(("assembly", assembly()));
            args.push(("count", Arg::Count(after_colon(d).trim().parse().unwrap_or(0))));
        }
        "acta.notes" => args.push(("assembly", acta())),
        "assembly.tickets" => {
            args.push(("assembly", assembly()));
            args.push(("count", Arg::Count(after_colon(d).trim().parse().unwrap_or(0))));
        }
        "assembly.attendance" => {
            args.push(("assembly", assembly()));
            let status = after_colon(d).rsplit(' ').next().unwrap_or("");
            args.push(("status", Arg::Code("attendance", status.to_string())));
        }
        "acta.sign" => {
            args.push(("assembly", acta()));
            // Signed as an office ("Secretario de Actas"); actas signed before signers were offices
            // named a role code.
            let signer = after_colon(d).trim();
            let role = cabildo_domain::access::Role::ALL.iter().find(|r| r.code() == signer);
            args.push(("role", role.map_or_else(|| text(signer), |r| Arg::Code("asm-role", r.code().to_string()))));
        }
        "acta.seal" => {
            args.push(("assembly", acta()));
            let seq = after_colon(d).trim_start_matches('#').split(' ').next().and_then(|n| n.parse().ok());
            args.push(("seq", Arg::Count(seq.unwrap_or(0))));
        }
        "motion.create" | "election.create" => args.push(("title", text(after_colon(d)))),
        "recall.move" | "recall.open" | "recall.count" | "recall.recalled" | "recall.failed" => {
            args.push(("what", text(after_colon(d))))
        }
        "instruction.acknowledge" | "instruction.agenda" => args.push(("title", text(after_colon(d)))),
        "delegates.seats" => {
            args.push(("assembly", assembly()));
            args.push(("count", count("seats")));
        }
        "delegates.election" | "delegates.credential" => {
            if event.action == "delegates.election" {
                args.push(("motion", motion()));
            }
            args.push(("seat", count("seat")));
            args.push(("role", Arg::Code("seat-role", d.rsplit(' ').next().unwrap_or("").to_string())));
        }
        "delegates.revoked" => args.push(("count", count("credentials"))),
        "delegates.weighting" => {
            args.push(("weighted", Arg::Code("weighted", d.rsplit(' ').next().unwrap_or("").to_string())))
        }
        "mandate.agenda" | "mandate.give" | "mandate.place" => {
            args.push(("motion", motion()));
            args.push(("item", text(after_colon(d))));
        }
        "obligation.state" | "obligation.end" | "demand.move" | "demand.open" | "demand.place" | "demand.close"
        | "assembly.visitor" | "informe.submit" => args.push(("what", text(after_colon(d)))),
        "instruction.send" => {
            // "12: Title (40 recipients)".
            let rest = after_colon(d);
            args.push(("title", text(rest.rsplit_once(" (").map_or(rest, |(title, _)| title))));
            args.push(("count", count("recipients")));
        }
        "petition.raise"
        | "petition.endorse"
        | "petition.return"
        | "petition.merge"
        | "petition.address"
        | "petition.authority"
        | "petition.delegation" => {
            args.push(("petition", text(&leading_number(d).map_or_else(String::new, |n| n.to_string()))));
            args.push(("what", text(after_colon(d))));
        }
        // "12: payment 1.234,50 memo": the entry's number, kind, amount and memo.
        "ledger.dues"
        | "ledger.levy"
        | "ledger.fines"
        | "ledger.pay"
        | "ledger.reverse"
        | "ledger.expense"
        | "ledger.transfer"
        | "ledger.transfer_confirm" => {
            args.push(("entry", text(&leading_number(d).map_or_else(String::new, |n| n.to_string()))));
            let mut words = after_colon(d).splitn(3, ' ');
            let _kind = words.next();
            args.push(("amount", text(words.next().unwrap_or(""))));
            args.push(("what", text(words.next().unwrap_or(""))));
        }
        "ledger.dues_rule" | "ledger.exempt" | "ledger.close" | "ledger.share" => args.push(("what", text(d))),
        // The resolution that decided it ("3/2026"), or `none`.
        "ledger.publish" | "ledger.unpublish" => args.push(("resolution", text(d))),
        // "12: factura.pdf 3f2a…": the expense's entry, the file's name and SHA-256.
        "ledger.document" => {
            args.push(("entry", text(&leading_number(d).map_or_else(String::new, |n| n.to_string()))));
            args.push(("what", text(after_colon(d))));
        }
        // "12 payments, 1.234,50".
        "ledger.import" => {
            args.push(("count", count("payments")));
            args.push(("amount", text(d.rsplit(' ').next().unwrap_or(""))));
        }
        "petition.agenda" => {
            // "12: endorse Title".
            args.push(("petition", text(&leading_number(d).map_or_else(String::new, |n| n.to_string()))));
            let (action, title) = after_colon(d).trim().split_once(' ').unwrap_or((after_colon(d).trim(), ""));
            args.push(("action", Arg::Code("petition-action", action.to_string())));
            args.push(("what", text(title)));
        }
        "petition.reply" => {
            args.push(("petition", text(&leading_number(d).map_or_else(String::new, |n| n.to_string()))));
            args.push(("kind", Arg::Code("petition-reply", after_colon(d).trim().to_string())));
        }
        "consulta.launch" | "consulta.extend" | "consulta.close" | "consulta.agenda" | "consulta.answer"
        | "consulta.election" => {
            args.push(("consulta", text(&leading_number(d).map_or_else(String::new, |n| n.to_string()))));
            if event.action == "consulta.launch" {
                args.push(("bases", count("bases")));
            }
            if event.action == "consulta.extend" {
                args.push(("deadline", text(d.rsplit("-> ").next().unwrap_or(""))));
            }
        }
        "motion.settle" => {
            args.push(("motion", motion()));
            args.push(("outcome", Arg::Code("outcome", after_colon(d).trim().to_string())));
        }
        "vote.open" => {
            args.push(("motion", motion()));
            let method = after_colon(d).split(' ').next().unwrap_or("");
            args.push(("method", Arg::Code("vote-method", method.to_string())));
            args.push(("present", count("present")));
        }
        "vote.close" => {
            args.push(("motion", motion()));
            args.push(("for", count("for")));
            args.push(("against", count("against")));
            args.push(("abstain", count("abstain")));
        }
        "vote.hands" | "vote.roll_call" | "vote.paper" | "vote.codes_reissued" => args.push(("motion", motion())),
        "statute.update" => {
            let version = d.trim_start_matches('v').split(':').next().and_then(|n| n.parse().ok()).unwrap_or(0);
            args.push(("version", Arg::Count(version)));
        }
        "body.rename" => {
            let (old, new) = d.split_once(" → ").unwrap_or(("", d));
            args.push(("old", text(old)));
            args.push(("new", text(new)));
        }
        "body.move" => args.push(("to", text(d.split_once(" → ").map_or("", |(_, to)| to)))),
        "affiliation.create" => {
            let (member, _) = d.split_once(" → ").unwrap_or((d, ""));
            args.push(("member", text(member)));
        }
        "household.create" | "household.update" | "member.create" => args.push(("name", text(after_colon(d)))),
        "parcel.create" => args.push(("code", text(after_colon(d)))),
        "office.create" | "office.end" => args.push(("office", text(after_colon(d)))),
        "padron.import" => {
            args.push(("rows", count("rows:")));
            args.push(("created", count("households")));
        }
        "account.grant" => {
            let (user, role) = d.rsplit_once(' ').unwrap_or((d, ""));
            args.push(("user", text(user)));
            args.push(("role", Arg::Code("asm-role", role.to_string())));
        }
        _ => {}
    }
    (id, args)
}

/// One page of the history of a body and every body below it, newest first, in words.
pub struct HistoryPage {
    pub body: cabildo_domain::Body,
    pub lines: Vec<HistoryLine>,
    pub page: u64,
    pub has_next: bool,
}

/// How far back the history pages go (the audit trail keeps everything; the pages show the last
/// lines).
pub const MAX_LINES: u64 = 1000;

/// The history of `body` and its sub-tree, for those who may read the audit trail.
pub fn history(store: &Store, ctx: &Ctx, body: &str, page: u64, per_page: u64) -> Result<HistoryPage> {
    let page = page.max(1);
    let per_page = per_page.clamp(1, 200);
    store.read(|repo| {
        let registry = Registry::load(repo)?;
        let root = registry.resolve(body)?.clone();
        registry.require(ctx, Action::ViewAudit, root.id)?;
        let want = (page.saturating_mul(per_page) + 1).min(MAX_LINES);
        let events = repo.audit(&registry.tree.subtree(root.id), want)?;
        let start = ((page - 1) * per_page) as usize;
        let has_next = events.len() as u64 > page * per_page && page * per_page < MAX_LINES;
        let events: Vec<AuditEvent> = events.into_iter().skip(start).take(per_page as usize).collect();
        let mut titles = Titles::default();
        for e in &events {
            let Some(n) = leading_number(&e.detail) else { continue };
            let action = e.action.as_str();
            if action.starts_with("assembly.") && !titles.assemblies.contains_key(&n) {
                let title = repo.assembly(AssemblyId(n))?.map(|a| a.title).unwrap_or_default();
                titles.assemblies.insert(n, title);
            } else if action.starts_with("acta.") && !titles.actas.contains_key(&n) {
                // An acta's line names the acta; its assembly is found through it.
                titles.actas.insert(n, acta_assembly_title(repo, n)?.unwrap_or_default());
            } else if (action.starts_with("vote.") || action == "motion.settle") && !titles.motions.contains_key(&n) {
                titles.motions.insert(n, repo.motion(MotionId(n))?.map(|m| m.title).unwrap_or_default());
            }
        }
        let lines = events
            .iter()
            .map(|e| {
                let label = e.body_id.map_or_else(String::new, |b| registry.label(b));
                let (id, args) = describe(e, &label, &titles);
                HistoryLine { at: e.at, actor: e.actor.clone(), body_id: e.body_id, id, args }
            })
            .collect();
        Ok(HistoryPage { body: root, lines, page, has_next })
    })
}

/// The title of the assembly an acta (by its number) records.
fn acta_assembly_title(repo: &mut dyn cabildo_store::Repo, acta: i64) -> Result<Option<String>> {
    let Some(assembly) = repo.acta_assembly(acta)? else { return Ok(None) };
    Ok(repo.assembly(assembly)?.map(|a| a.title))
}
