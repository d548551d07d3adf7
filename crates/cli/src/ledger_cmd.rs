//! `cabildo ledger`: the union's money from the command line — the statute's dues, charging them
//! for a period, a levy voted by a resolution, the fines of closed assemblies, a payment with its
//! receipt, a reversal, a family's statement, a receipt, closing a period, the treasurer's report;
//! transfers between bodies, their confirmation, the share of dues owed upward and what the bodies
//! below owe; publishing the body's totals on its public page.

use cabildo_domain::spoken::Speech;
use cabildo_services::import::ImportError;
use cabildo_services::ledger::{self, DuesForm, ExemptForm, ExpenseForm, LevyForm, PayForm};
use cabildo_services::{Ctx, ServiceError, Store};
use clap::Subcommand;
use std::process::ExitCode;

use crate::output::Out;

type Outcome = Result<(), ServiceError>;

#[derive(Debug, Subcommand)]
pub enum LedgerCommand {
    /// Set the statute's dues (and the share of the dues below owed to this body), or charge them
    /// for a period (`--period 2026`: every month of the year for monthly dues).
    Dues {
        /// The body (number or code).
        body: String,
        /// The amount per family ("20", "Bs 12,50"): sets the statute's dues.
        #[arg(long)]
        amount: Option<String>,
        /// monthly, quarterly or yearly (mensual, trimestral, anual).
        #[arg(long, default_value = "monthly")]
        cadence: String,
        /// The share of the dues of the bodies below owed to this one ("10 %").
        #[arg(long, default_value = "")]
        share: String,
        /// Charge the dues of this period ("2026", "2026-03", "2026-Q2").
        #[arg(long)]
        period: Option<String>,
        /// Exempt this family from dues, as the assembly granted.
        #[arg(long)]
        exempt: Option<String>,
    },
    /// Levy a contribution voted by one of the body's resolutions on every family.
    Levy {
        body: String,
        /// The resolution (its number, or "3/2026").
        #[arg(long)]
        resolution: String,
        /// projects, travel, administration, campaign, solidarity or other.
        #[arg(long)]
        purpose: String,
        #[arg(long)]
        description: String,
        /// household (per family) or hectare (per hectare of its parcels).
        #[arg(long, default_value = "household")]
        basis: String,
        #[arg(long)]
        amount: String,
        /// The due date (15/12/2026 or 2026-12-15).
        #[arg(long)]
        due_on: String,
    },
    /// Take over the absence fines of the body's closed assemblies (each once).
    Fines { body: String },
    /// Import payments from a spreadsheet (CSV as Excel saves it): all or nothing, every bad row
    /// named; each row a payment with its own receipt.
    Import {
        body: String,
        /// The CSV file: a column for the family (Carnet, N°, Lote or Nombre), Monto, Fecha, Nota.
        file: std::path::PathBuf,
        /// Show every problem (by default the first 200).
        #[arg(long)]
        all: bool,
    },
    /// Record a payment of a family and give its receipt.
    Pay {
        body: String,
        /// The family: number, register number, parcel code or member card.
        #[arg(long)]
        family: String,
        #[arg(long)]
        amount: String,
        /// The day paid (today by default).
        #[arg(long, default_value = "")]
        day: String,
        /// Charges to pay first (their numbers, separated by commas).
        #[arg(long, default_value = "")]
        charges: String,
    },
    /// Record an expense paid from the body's cash.
    Spend {
        body: String,
        #[arg(long)]
        amount: String,
        #[arg(long)]
        purpose: String,
        /// What was paid, and its document ("Factura 123").
        #[arg(long)]
        memo: String,
    },
    /// Attach a document (a photo or PDF of the invoice) to an expense of the body's book.
    Attach {
        body: String,
        /// The expense's number in the book.
        entry: String,
        /// The file: JPEG, PNG or PDF, at most 5 MB.
        file: std::path::PathBuf,
    },
    /// Present the treasurer's report of a period to an assembly in session: a motion under one of
    /// its agenda items, with the report's totals frozen in its text, for the assembly to vote.
    Present {
        body: String,
        /// The assembly's number.
        #[arg(long)]
        assembly: i64,
        /// The agenda item's position.
        #[arg(long)]
        item: String,
        /// The period ("2026", "2026-Q2").
        #[arg(long)]
        period: String,
    },
    /// Reverse an entry of the body's book, saying why.
    Reverse {
        body: String,
        /// The entry's number in the book.
        entry: String,
        #[arg(long)]
        reason: String,
    },
    /// A family's statement.
    Statement { body: String, family: String },
    /// A receipt, by its code or "year/number".
    Receipt { body: String, receipt: String },
    /// Close a period of the body's book: nothing dated inside it is accepted afterwards.
    ClosePeriod { body: String, period: String },
    /// The treasurer's report for a period.
    Report { body: String, period: String },
    /// Send money to another body (above or below, a sister, or through an affiliation): one
    /// transfer, written in both books, pending until the receiver confirms it.
    Transfer {
        /// The sending body.
        body: String,
        /// The receiving body (number or code).
        #[arg(long)]
        to: String,
        /// dues_share or contribution.
        #[arg(long, default_value = "contribution")]
        kind: String,
        /// A dues share's period ("2026").
        #[arg(long, default_value = "")]
        period: String,
        /// A contribution's levy (its public id or number).
        #[arg(long, default_value = "")]
        levy: String,
        /// The amount; left out for a dues share: what is still owed for the period.
        #[arg(long, default_value = "")]
        amount: String,
        #[arg(long, default_value = "")]
        memo: String,
    },
    /// Confirm that a transfer to the body arrived.
    Confirm {
        body: String,
        /// The transfer's public id.
        transfer: String,
    },
    /// Set the share of dues the bodies below owe this one ("10 %").
    Share { body: String, share: String },
    /// What every body below owes this one for a period: dues collected, share, sent, owed.
    Owed { body: String, period: String },
    /// Publish the body's totals on its public page (income, expenses, transfers, cash, what is
    /// owed in arrears and by how many families; never a family), as its assembly decided.
    Publish {
        body: String,
        /// The resolution that decided it (its number, or "3/2026").
        #[arg(long, default_value = "")]
        resolution: String,
    },
    /// Withdraw the body's totals from its public page.
    Unpublish {
        body: String,
        /// The resolution that decided it (its number, or "3/2026").
        #[arg(long, default_value = "")]
        resolution: String,
    },
    /// The arrears of every family below the body on a day, summed per body (counts and amounts,
    /// no names), indented in tree order, with the total.
    Arrears {
        body: String,
        /// The day ("30/11/2026"); today when left out.
        #[arg(long, default_value = "")]
        day: String,
    },
    /// Compare the stored arrears aggregates with the live sums of every charge's lines (the
    /// operator's check; it reads every charge). Exits with an error when they disagree.
    Check,
}

pub fn ledger(out: Out, store: &Store, command: LedgerCommand, ctx: &Ctx) -> Outcome {
    match command {
        LedgerCommand::Dues { body, amount, cadence, share, period, exempt } => {
            if let Some(amount) = amount {
                let rule = ledger::set_dues(store, ctx, &body, &DuesForm { amount, cadence, share })?;
                out.say("ledger-cli-dues-set", &[("amount", rule.amount.to_string())]);
            }
            if let Some(family) = exempt {
                ledger::exempt(store, ctx, &body, &ExemptForm { family: family.clone(), resolution: String::new() })?;
                out.say("ledger-cli-exempt", &[("family", family)]);
            }
            if let Some(period) = period {
                let run = ledger::charge_dues(store, ctx, &body, &period)?;
                say_run(&out, &run);
            }
        }
        LedgerCommand::Levy { body, resolution, purpose, description, basis, amount, due_on } => {
            let form = LevyForm { resolution, purpose, description, basis, amount, due_on };
            let (_, run) = ledger::levy(store, ctx, &body, &form)?;
            say_run(&out, &run);
        }
        LedgerCommand::Fines { body } => say_run(&out, &ledger::take_over_fines(store, ctx, &body)?),
        // Dispatched to `import` before (its refusal names rows and sets the exit code).
        LedgerCommand::Import { body, file, all } => {
            let _ = (body, file, all);
        }
        LedgerCommand::Pay { body, family, amount, day, charges } => {
            let p = ledger::pay(store, ctx, &body, &PayForm { family, amount, day, charges })?;
            out.say(
                "ledger-cli-paid",
                &[
                    ("number", format!("{}/{}", p.receipt.number, p.receipt.year)),
                    ("code", p.receipt.code.clone()),
                    ("amount", p.receipt.amount.to_string()),
                    ("credit", p.credit.to_string()),
                ],
            );
        }
        LedgerCommand::Spend { body, amount, purpose, memo } => {
            let e = ledger::spend(store, ctx, &body, &ExpenseForm { amount, purpose, memo, day: String::new() })?;
            out.say("ledger-cli-entry", &[("number", e.number.to_string())]);
        }
        LedgerCommand::Attach { body, entry, file } => {
            let unreadable = |e: std::io::Error| ServiceError::Unreadable {
                path: file.display().to_string(),
                reason: e.to_string(),
            };
            let size = std::fs::metadata(&file).map_err(unreadable)?.len();
            // A file larger than a document may be is refused by its size, unread.
            let bytes = if size > ledger::MAX_DOCUMENT_BYTES as u64 {
                vec![0; ledger::MAX_DOCUMENT_BYTES + 1]
            } else {
                std::fs::read(&file).map_err(unreadable)?
            };
            let name = file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            let d = ledger::attach_document(store, ctx, &body, &entry, &name, &bytes)?;
            out.say("books-cli-attached", &[("name", d.file_name), ("entry", entry), ("sha256", d.sha256)]);
        }
        LedgerCommand::Present { body, assembly, item, period } => {
            let form = ledger::PresentForm { period, item: item.clone() };
            let translate = |id: &str, args: &[(&str, String)]| out.text(id, args);
            let assembly = cabildo_domain::assembly::AssemblyId(assembly);
            let (report, motion) = ledger::present_report(store, ctx, &body, assembly, &form, &translate)?;
            out.say(
                "books-cli-presented",
                &[("period", report.period.label()), ("motion", motion.number.to_string()), ("item", item)],
            );
        }
        LedgerCommand::Reverse { body, entry, reason } => {
            let e = ledger::reverse(store, ctx, &body, &entry, &reason)?;
            out.say("ledger-cli-entry", &[("number", e.number.to_string())]);
        }
        LedgerCommand::Statement { body, family } => {
            let s = ledger::statement(store, ctx, &body, &family)?;
            out.say(
                "ledger-cli-statement",
                &[
                    ("name", s.household.representative.name.display()),
                    ("owed", s.owed.to_string()),
                    ("credit", s.credit.to_string()),
                ],
            );
            for c in &s.charges {
                println!(
                    "#{}\t{}\t{}\t{}\t{}",
                    c.id,
                    out.text(&format!("ledger-charge-{}", c.kind.code()), &[]),
                    c.period.clone().unwrap_or_else(|| out.date(c.due_on)),
                    c.amount,
                    c.owed
                );
            }
            for r in &s.receipts {
                println!("{}/{}\t{}\t{}\t{}", r.number, r.year, r.code, out.date(r.issued_on), r.amount);
            }
        }
        LedgerCommand::Receipt { body, receipt } => {
            let r = ledger::receipt(store, ctx, &body, &receipt)?;
            out.say(
                "ledger-cli-receipt",
                &[
                    ("body", r.body.name.clone()),
                    ("number", format!("{}/{}", r.receipt.number, r.receipt.year)),
                    ("code", r.receipt.code.clone()),
                    ("family", r.family.clone()),
                    ("amount", r.receipt.amount.to_string()),
                    ("words", r.receipt.amount.in_words(Speech::Spanish)),
                    ("treasurer", r.receipt.treasurer.clone()),
                ],
            );
        }
        LedgerCommand::ClosePeriod { body, period } => {
            let closed = ledger::close_period(store, ctx, &body, &period)?;
            out.say("ledger-cli-closed", &[("from", out.date(closed.start_on)), ("to", out.date(closed.end_on))]);
        }
        LedgerCommand::Report { body, period } => {
            let r = ledger::report(store, ctx, &body, &period)?;
            out.say(
                "ledger-cli-report",
                &[
                    ("period", r.period.label()),
                    ("opening", r.opening_cash.to_string()),
                    ("income", r.total_income().to_string()),
                    ("expenses", r.total_expenses().to_string()),
                    ("closing", r.closing_cash.to_string()),
                    ("arrears", out.count(r.arrears.len() as u64)),
                    ("owed", r.total_arrears().to_string()),
                ],
            );
        }
        LedgerCommand::Transfer { body, to, kind, period, levy, amount, memo } => {
            let form = ledger::TransferForm { to, kind, period, levy, amount, memo, day: String::new() };
            let t = ledger::send_transfer(store, ctx, &body, &form)?;
            let number = |n: Option<i64>| n.map_or_else(String::new, |n| n.to_string());
            out.say(
                "transfers-cli-sent",
                &[
                    ("reference", t.record.public_id.to_string()),
                    ("from", t.from.clone()),
                    ("to", t.to.clone()),
                    ("amount", t.record.amount.to_string()),
                    ("out", number(t.sent_entry)),
                    ("in", number(t.received_entry)),
                ],
            );
        }
        LedgerCommand::Confirm { body, transfer } => {
            let t = ledger::confirm_transfer(store, ctx, &body, &transfer)?;
            out.say(
                "transfers-cli-confirmed",
                &[
                    ("reference", t.record.public_id.to_string()),
                    ("body", t.to.clone()),
                    ("entry", t.confirm_entry.map_or_else(String::new, |n| n.to_string())),
                ],
            );
        }
        LedgerCommand::Share { body, share } => {
            let s = ledger::set_share(store, ctx, &body, &share)?;
            out.say("transfers-cli-share", &[("share", ledger::share_text(s.share_bp))]);
        }
        LedgerCommand::Owed { body, period } => {
            let summary = ledger::owed(store, ctx, &body, &period)?;
            for r in &summary.rows {
                out.say(
                    "transfers-cli-owed",
                    &[
                        ("body", r.label.clone()),
                        ("collected", r.owed.collected.to_string()),
                        ("owed", r.owed.owed.to_string()),
                        ("sent", r.owed.sent.to_string()),
                        ("outstanding", r.owed.outstanding.to_string()),
                    ],
                );
            }
            let total = summary.total();
            out.say(
                "transfers-cli-owed-total",
                &[
                    ("period", summary.period.label()),
                    ("owed", total.owed.to_string()),
                    ("sent", total.sent.to_string()),
                    ("outstanding", total.outstanding.to_string()),
                ],
            );
        }
        LedgerCommand::Publish { body, resolution } => publish(&out, store, ctx, &body, true, &resolution)?,
        LedgerCommand::Unpublish { body, resolution } => publish(&out, store, ctx, &body, false, &resolution)?,
        LedgerCommand::Arrears { body, day } => {
            let summary = ledger::arrears_below(store, ctx, &body, &day)?;
            for r in &summary.rows {
                out.say(
                    "arrears-cli-row",
                    &[
                        ("indent", "  ".repeat(r.depth)),
                        ("body", r.body.label()),
                        ("count", out.count(r.families)),
                        ("owed", r.owed.to_string()),
                    ],
                );
            }
            out.say(
                "arrears-cli-total",
                &[
                    ("day", out.date(summary.day)),
                    ("count", out.count(summary.total_families())),
                    ("owed", summary.total_owed().to_string()),
                ],
            );
        }
        LedgerCommand::Check => {
            let drift = ledger::check_arrears(store, ctx)?;
            if drift.is_empty() {
                out.say("arrears-cli-check-ok", &[]);
                return Ok(());
            }
            for d in &drift {
                match d {
                    ledger::ArrearsDrift::Owed { body_id, due_on, stored, live } => out.say(
                        "arrears-cli-drift-owed",
                        &[
                            ("body", body_id.0.to_string()),
                            ("day", out.date(*due_on)),
                            ("stored", stored.to_string()),
                            ("live", live.to_string()),
                        ],
                    ),
                    ledger::ArrearsDrift::Oldest { body_id, household_id, stored, live } => {
                        let day = |d: &Option<cabildo_domain::Date>| d.map_or_else(|| "—".to_string(), |d| out.date(d));
                        out.say(
                            "arrears-cli-drift-oldest",
                            &[
                                ("body", body_id.0.to_string()),
                                ("family", household_id.0.to_string()),
                                ("stored", day(stored)),
                                ("live", day(live)),
                            ],
                        )
                    }
                }
            }
            return Err(cabildo_services::ServiceError::Internal(
                out.text("arrears-cli-check-failed", &[("count", out.count(drift.len() as u64))]),
            ));
        }
    }
    Ok(())
}

/// Publishes the body's totals on its public page, or withdraws them, and says which is in force.
fn publish(out: &Out, store: &Store, ctx: &Ctx, body: &str, published: bool, resolution: &str) -> Outcome {
    let (body, decision) = ledger::set_publication(store, ctx, body, published, resolution)?;
    let key = if decision.is_some_and(|d| d.published()) { "ledger-cli-published" } else { "ledger-cli-unpublished" };
    out.say(key, &[("body", body.label())]);
    Ok(())
}

fn say_run(out: &Out, run: &ledger::ChargeRun) {
    out.say(
        "ledger-cli-charged",
        &[("count", out.count(run.count)), ("total", run.total.to_string()), ("entry", run.entry.number.to_string())],
    );
}

/// `cabildo ledger import BODY FILE`: the payments of a spreadsheet, all or nothing.
pub fn import(out: Out, store: &Store, body: &str, file: &std::path::Path, all: bool, ctx: &Ctx) -> ExitCode {
    let unreadable =
        |e: std::io::Error| ServiceError::Unreadable { path: file.display().to_string(), reason: e.to_string() };
    let bytes = match std::fs::metadata(file).map_err(unreadable) {
        // Not read at all when larger than an import takes: the service refuses it by its size.
        Ok(meta) if meta.len() > ledger::MAX_IMPORT_BYTES as u64 => Ok(vec![0; ledger::MAX_IMPORT_BYTES + 1]),
        Ok(_) => std::fs::read(file).map_err(unreadable),
        Err(e) => Err(e),
    };
    let result = match bytes {
        Ok(bytes) => ledger::import_payments(store, ctx, body, &file.display().to_string(), &bytes),
        Err(e) => Err(ImportError::Service(e)),
    };
    match result {
        Ok(report) => {
            let first = report.receipts.first().map(|r| format!("{}/{}", r.number, r.year)).unwrap_or_default();
            let last = report.receipts.last().map(|r| format!("{}/{}", r.number, r.year)).unwrap_or_default();
            out.say(
                "books-cli-imported",
                &[
                    ("count", out.count(report.receipts.len() as u64)),
                    ("total", report.total.to_string()),
                    ("first", first),
                    ("last", last),
                ],
            );
            ExitCode::SUCCESS
        }
        Err(e) => crate::commands::import_failed(out, e, all),
    }
}
