//! The union's money (issue 15), on both backends. On the demo Trópico, a sindicato's statute sets
//! monthly dues, a resolution levies a contribution for a campaign, the absence fines of a closed
//! assembly are taken over once; payments are recorded (one partial, one in advance, one
//! reversed), receipts are numbered without gaps, and the treasurer's report is recomputed from
//! the rows behind the application's back. Every error of the issue is refused with nothing
//! changed, entries cannot be changed even behind the application's back, and a family's debts
//! are seen by its officers and the family, not by other members.

use axum::http::StatusCode;
use cabildo_domain::access::{Action, Role};
use cabildo_domain::assembly::{BallotOption, DecisionRule, VoteMethod};
use cabildo_domain::ledger::{Account, Centavos, ChargeKind};
use cabildo_domain::{DomainError, HouseholdId};
use cabildo_services::assembly::{self, Attendee, ConveneForm, MotionForm, StatuteForm};
use cabildo_services::ledger::{self, DuesForm, ExemptForm, ExpenseForm, LedgerRefusal, LevyForm, PayForm};
use cabildo_services::{Actor, Ctx, ServiceError, Store, registry};

use serde_json::json;

use crate::support::{Db, NOW, TestApp, cabildo_cli, on_both_backends, op, today};

on_both_backends!(
    a_year_of_dues_a_levy_and_fines_are_charged_paid_and_reported,
    every_error_of_the_ledger_is_refused_and_changes_nothing,
    a_familys_debts_are_seen_by_its_officers_and_itself_only,
    the_treasurer_records_a_payment_at_the_desk_and_prints_its_receipt,
    the_command_line_charges_pays_reverses_and_reports,
    a_treasurer_above_keeps_the_books_below_and_no_sibling_does,
    the_statutes_dues_and_a_levy_are_set_from_the_books_page,
);

const SINDICATO: &str = "F1-C01-S01";

/// The rows of every table the ledger writes: what a refusal must leave as it was.
fn rows(db: &Db) -> [i64; 8] {
    [
        "ledger_entries",
        "ledger_lines",
        "charges",
        "receipts",
        "receipt_counters",
        "levies",
        "ledger_closed_periods",
        "audit_events",
    ]
    .map(|t| db.raw_count(t))
}

pub(crate) fn refusal(e: ServiceError) -> LedgerRefusal {
    match e {
        ServiceError::Ledger(r) => *r,
        other => panic!("not a ledger refusal: {other:?}"),
    }
}

/// The sindicato's current families, in register order.
fn families(store: &Store) -> Vec<HouseholdId> {
    registry::padron_page(store, &op(), SINDICATO, None, 0, 10_000).unwrap().iter().map(|h| h.id).collect()
}

/// A resolution of the sindicato's assembly, adopted by everyone present: its id.
pub(crate) fn resolution(store: &Store, title: &str) -> i64 {
    let (a, present) = crate::support::hold_assembly(store, &op(), SINDICATO, "ordinaria", "2026-11-20 09:00");
    let form = MotionForm {
        title: title.into(),
        text: format!("La asamblea resuelve: {title}."),
        proposer: "Base".into(),
        ..MotionForm::default()
    };
    let m = assembly::add_motion(store, &op(), a, &form).unwrap().id;
    assembly::open_vote(store, &op(), m, VoteMethod::ShowOfHands, DecisionRule::MajorityOfVotesCast).unwrap();
    assembly::record_hands(store, &op(), m, &[(BallotOption::For, present.len() as u64)]).unwrap();
    let id = assembly::close_vote(store, &op(), m).unwrap().resolution.unwrap().id;
    assembly::close(store, &op(), a).unwrap();
    id
}

/// An assembly the last two families miss, closed under a statute fining absence Bs 10: the two
/// absent families.
pub(crate) fn assembly_with_two_absent(store: &Store) -> Vec<HouseholdId> {
    let statute = StatuteForm {
        quorum: "half_plus_one".into(),
        absence_fine: "10".into(),
        signers: "Secretario de Actas".into(),
        ..StatuteForm::default()
    };
    assembly::update_statute(store, &op(), SINDICATO, &statute).unwrap();
    let form = ConveneForm {
        kind: "ordinaria".into(),
        title: "Asamblea de noviembre".into(),
        scheduled_for: "2026-11-21 09:00".into(),
        place: "Sede".into(),
        agenda: "Informe".into(),
    };
    let a = assembly::convene(store, &op(), SINDICATO, &form).unwrap();
    let body = store.read(|r| r.body_by_code(SINDICATO)).unwrap().unwrap();
    let people = store.read(|r| assembly::eligible(r, &body, a.kind, a.scheduled_for.date())).unwrap();
    for p in &people[..people.len() - 2] {
        assembly::check_in(store, &op(), a.id, &Attendee::Person(p.person_id), false).unwrap();
    }
    assembly::open(store, &op(), a.id).unwrap();
    assembly::close(store, &op(), a.id).unwrap();
    people[people.len() - 2..].iter().filter_map(|p| p.household_id).collect()
}

fn pay(store: &Store, family: HouseholdId, amount: &str) -> ledger::Payment {
    let form = PayForm { family: family.0.to_string(), amount: amount.into(), ..PayForm::default() };
    ledger::pay(store, &op(), SINDICATO, &form).unwrap()
}

fn sum(db: &Db, sql: &str) -> i64 {
    db.raw_texts(sql).first().and_then(|v| v.parse().ok()).unwrap_or(0)
}

fn a_year_of_dues_a_levy_and_fines_are_charged_paid_and_reported(db: &Db) {
    let _app = TestApp::demo(db).families(300).build();
    let s = &db.store;
    let all = families(s);
    let n = all.len() as u64;
    assert!(n >= 6, "too few families in {SINDICATO}: {n}");

    // The statute: Bs 20 a month, 10 % of it owed to the central; the assembly exempts a family.
    let dues = DuesForm { amount: "20".into(), cadence: "mensual".into(), share: "10 %".into() };
    ledger::set_dues(s, &op(), SINDICATO, &dues).unwrap();
    let exempt = ExemptForm { family: all[5].0.to_string(), resolution: String::new() };
    ledger::exempt(s, &op(), SINDICATO, &exempt).unwrap();
    let run = ledger::charge_dues(s, &op(), SINDICATO, "2026").unwrap();
    assert_eq!((run.count, run.total), ((n - 1) * 12, Centavos(2000 * 12 * (n as i64 - 1))));
    // Charging a month again charges nobody twice.
    let again = ledger::charge_dues(s, &op(), SINDICATO, "2026-03").unwrap_err();
    assert!(matches!(refusal(again), LedgerRefusal::NothingToCharge { .. }));

    // A contribution for a campaign, levied by the assembly's resolution.
    let res = resolution(s, "Aporte para la campaña en Pando");
    let form = LevyForm {
        resolution: res.to_string(),
        purpose: "campaign".into(),
        description: "Campaña en Pando".into(),
        basis: "household".into(),
        amount: "Bs 20".into(),
        due_on: "15/12/2026".into(),
    };
    let (levy, run) = ledger::levy(s, &op(), SINDICATO, &form).unwrap();
    assert_eq!((run.count, run.total, levy.resolution_id), (n, Centavos(2000 * n as i64), Some(res)));

    // Absence fines of a closed assembly, taken over once.
    assembly_with_two_absent(s);
    let fines = ledger::take_over_fines(s, &op(), SINDICATO).unwrap();
    assert_eq!((fines.count, fines.total), (2, Centavos(2000)));
    assert!(matches!(
        refusal(ledger::take_over_fines(s, &op(), SINDICATO).unwrap_err()),
        LedgerRefusal::NothingToCharge { .. }
    ));

    // Payments: partial, in advance, and one reversed.
    let partial = pay(s, all[0], "15");
    assert_eq!((partial.paid.len(), partial.credit), (1, Centavos::ZERO));
    let owed_b: i64 = 12 * 2000 + 2000;
    let advance = pay(s, all[1], "300");
    assert_eq!(advance.credit, Centavos(30_000 - owed_b));
    let wrong = pay(s, all[2], "1.000");
    let reversal =
        ledger::reverse(s, &op(), SINDICATO, &wrong.entry.number.to_string(), "Se anotó a otra familia").unwrap();
    assert_eq!(reversal.reverses, Some(wrong.entry.id));
    let numbers: Vec<i64> = [&partial, &advance, &wrong].iter().map(|p| p.receipt.number).collect();
    assert_eq!(numbers, [1, 2, 3]);

    // The family that paid in advance: nothing owed, its credit used by the next charge.
    let statement = ledger::statement(s, &op(), SINDICATO, &all[1].0.to_string()).unwrap();
    assert_eq!((statement.owed, statement.credit), (Centavos::ZERO, Centavos(30_000 - owed_b)));
    let partial_statement = ledger::statement(s, &op(), SINDICATO, &all[0].0.to_string()).unwrap();
    let charged_a: i64 = partial_statement.charges.iter().map(|c| c.amount.0).sum();
    assert_eq!(partial_statement.owed, Centavos(charged_a - 1500));
    assert_eq!(partial_statement.charges[0].owed, Centavos(500), "the oldest charge is paid first");

    // An expense with its document.
    let expense = ExpenseForm {
        amount: "50".into(),
        purpose: "travel".into(),
        memo: "Pasajes de la delegación, factura 123".into(),
        day: String::new(),
    };
    ledger::spend(s, &op(), SINDICATO, &expense).unwrap();

    // Every entry balances, and so the whole book, behind the application's back.
    assert_eq!(sum(db, "SELECT CAST(COALESCE(SUM(amount_centavos), 0) AS TEXT) FROM ledger_lines"), 0);
    let unbalanced = db.raw_texts(
        "SELECT CAST(entry_id AS TEXT) FROM ledger_lines GROUP BY entry_id HAVING SUM(amount_centavos) <> 0",
    );
    assert!(unbalanced.is_empty(), "entries that do not balance: {unbalanced:?}");

    // The report, recomputed from the rows.
    let report = ledger::report(s, &op(), SINDICATO, "2026").unwrap();
    let charged = |kind: &str| {
        sum(db, &format!("SELECT CAST(COALESCE(SUM(amount), 0) AS TEXT) FROM charges WHERE kind = '{kind}'"))
    };
    let income = |account: Account| report.income.iter().find(|(a, _)| *a == account).map_or(0, |(_, c)| c.0);
    assert_eq!(income(Account::IncomeDues), charged(ChargeKind::Dues.code()));
    assert_eq!(income(Account::IncomeContributions), charged("contribution"));
    assert_eq!(income(Account::IncomeFines), charged("fine"));
    let receipts = sum(db, "SELECT CAST(SUM(amount) AS TEXT) FROM receipts");
    assert_eq!(receipts, 1500 + 30_000 + 100_000);
    assert_eq!(report.closing_cash, Centavos(receipts - 100_000 - 5000), "reversed payment and expense taken off");
    assert_eq!(report.total_expenses(), Centavos(5000));
    let receivable = sum(
        db,
        "SELECT CAST(SUM(amount_centavos) AS TEXT) FROM ledger_lines WHERE account IN \
         ('dues_receivable', 'contributions_receivable', 'fines_receivable')",
    );
    assert_eq!(report.total_arrears().0, receivable);
    assert_eq!(receivable, charged("dues") + charged("contribution") + charged("fine") - 1500 - owed_b);
    assert!(!report.arrears.iter().any(|a| a.household == all[1]), "the family that paid is not in arrears");

    // Each entry is in the audit trail.
    let audited = db.raw_count_where("audit_events", "action LIKE 'ledger.%'");
    assert!(audited >= db.raw_count("ledger_entries"), "{audited} audit lines");
}

fn every_error_of_the_ledger_is_refused_and_changes_nothing(db: &Db) {
    let _app = TestApp::demo(db).families(300).build();
    let s = &db.store;
    let all = families(s);
    // Before any rule: no dues to charge.
    assert!(matches!(
        refusal(ledger::charge_dues(s, &op(), SINDICATO, "2026").unwrap_err()),
        LedgerRefusal::NoDuesRule { .. }
    ));
    let dues = DuesForm { amount: "20".into(), cadence: "monthly".into(), share: String::new() };
    ledger::set_dues(s, &op(), SINDICATO, &dues).unwrap();
    ledger::charge_dues(s, &op(), SINDICATO, "2026-Q1").unwrap();
    let paid = pay(s, all[0], "20");
    let reversal = ledger::reverse(s, &op(), SINDICATO, &paid.entry.number.to_string(), "Duplicado").unwrap();
    ledger::close_period(s, &op(), SINDICATO, "2026-01").unwrap();
    let before = rows(db);

    let attempt = |form: PayForm| ledger::pay(s, &op(), SINDICATO, &form).unwrap_err();
    // A payment to an unknown family, or to a family of another sindicato.
    let unknown = attempt(PayForm { family: "Lote que no existe".into(), amount: "20".into(), ..PayForm::default() });
    assert!(matches!(refusal(unknown), LedgerRefusal::UnknownFamily { .. }));
    let elsewhere = registry::padron_page(s, &op(), "F2-C01-S01", None, 0, 1).unwrap()[0].id;
    let foreign = attempt(PayForm { family: elsewhere.0.to_string(), amount: "20".into(), ..PayForm::default() });
    assert!(matches!(refusal(foreign), LedgerRefusal::UnknownFamily { .. }));
    // Zero and negative amounts, and amounts that are not amounts.
    for amount in ["0", "-20", "Bs 0,00"] {
        let e = attempt(PayForm { family: all[1].0.to_string(), amount: amount.into(), ..PayForm::default() });
        assert!(matches!(refusal(e), LedgerRefusal::AmountNotPositive { .. }), "{amount}");
    }
    let e = attempt(PayForm { family: all[1].0.to_string(), amount: "veinte".into(), ..PayForm::default() });
    assert!(matches!(e, ServiceError::Domain(DomainError::BadNumber { .. })));
    // A payment dated in the closed period.
    let e = attempt(PayForm {
        family: all[1].0.to_string(),
        amount: "20".into(),
        day: "15/01/2026".into(),
        ..PayForm::default()
    });
    assert!(matches!(refusal(e), LedgerRefusal::PeriodClosed { .. }));
    // A reversal of a reversal, a second reversal, one without reasons, an unknown entry.
    let e = ledger::reverse(s, &op(), SINDICATO, &reversal.number.to_string(), "Otra vez").unwrap_err();
    assert!(matches!(refusal(e), LedgerRefusal::ReverseReversal { .. }));
    let e = ledger::reverse(s, &op(), SINDICATO, &paid.entry.number.to_string(), "Otra vez").unwrap_err();
    assert!(matches!(refusal(e), LedgerRefusal::AlreadyReversed { .. }));
    let e = ledger::reverse(s, &op(), SINDICATO, &paid.entry.number.to_string(), "  ").unwrap_err();
    assert!(matches!(refusal(e), LedgerRefusal::ReasonRequired));
    let e = ledger::reverse(s, &op(), SINDICATO, "9999", "Error").unwrap_err();
    assert!(matches!(refusal(e), LedgerRefusal::UnknownEntry { .. }));
    assert_eq!(rows(db), before, "a refusal changed something");
    // A charge run whose charges were paid is not reversed.
    pay(s, all[2], "20");
    let before = rows(db);
    let e = ledger::reverse(s, &op(), SINDICATO, "1", "Cuotas mal cobradas").unwrap_err();
    assert!(matches!(refusal(e), LedgerRefusal::ChargePaid { .. }));
    // A charge on a closed period.
    let e = ledger::charge_dues(s, &op(), SINDICATO, "2026-01").unwrap_err();
    assert!(matches!(refusal(e), LedgerRefusal::PeriodClosed { .. }));
    // A report for a period that does not parse.
    for period in ["marzo", "2026-13", "31/05/2026–01/03/2026"] {
        let e = ledger::report(s, &op(), SINDICATO, period).unwrap_err();
        assert!(matches!(e, ServiceError::Domain(DomainError::BadPeriod { .. })), "{period}");
    }
    assert_eq!(rows(db), before, "a refusal changed something");

    // Behind the application's back, entries and lines can be neither changed nor deleted.
    for sql in [
        "UPDATE ledger_lines SET amount_centavos = 1",
        "DELETE FROM ledger_lines",
        "UPDATE ledger_entries SET memo = 'x'",
        "DELETE FROM ledger_entries",
        "UPDATE charges SET amount = 1",
    ] {
        assert!(db.raw_try(sql).is_err(), "{sql} was accepted");
    }
    // And the store's SQL never tries.
    let source = include_str!("../../../store/src/ledger.rs").to_ascii_uppercase();
    for table in ["LEDGER_ENTRIES", "LEDGER_LINES", "CHARGES"] {
        assert!(!source.contains(&format!("UPDATE {table}")), "the store updates {table}");
        assert!(!source.contains(&format!("DELETE FROM {table}")), "the store deletes from {table}");
    }
}

/// The context of a demo account, as the web gives it.
pub(crate) fn account(store: &Store, username: &str) -> Ctx {
    let (id, grants) = store
        .read(|r| {
            let a = r.account_by_username(username)?.unwrap();
            let grants = r.grants(a.id)?;
            Ok::<_, cabildo_store::StoreError>((a.id, grants))
        })
        .unwrap();
    Ctx { actor: Actor::Account { id, username: username.into(), grants }, now: NOW, today: today() }
}

fn a_familys_debts_are_seen_by_its_officers_and_itself_only(db: &Db) {
    let app = TestApp::demo(db).families(300).with_user("vecino", Role::Afiliado, SINDICATO).build();
    let s = &db.store;
    let all = families(s);
    let dues = DuesForm { amount: "20".into(), cadence: "yearly".into(), share: String::new() };
    ledger::set_dues(s, &op(), SINDICATO, &dues).unwrap();
    ledger::charge_dues(s, &op(), SINDICATO, "2026").unwrap();
    // The afiliado's own family is the first of the sindicato (the demo links it).
    let own = s.read(|r| r.account_by_username("afiliado")).unwrap().unwrap().person_id.unwrap();
    let own_family =
        all.iter().find(|h| s.read(|r| r.household(**h)).unwrap().unwrap().representative.id == own).copied().unwrap();
    let other = *all.iter().find(|h| **h != own_family).unwrap();

    let hacienda = account(s, "hacienda");
    assert!(ledger::statement(s, &hacienda, SINDICATO, &other.0.to_string()).is_ok());
    let afiliado = account(s, "afiliado");
    let mine = ledger::statement(s, &afiliado, SINDICATO, &own_family.0.to_string()).unwrap();
    assert_eq!(mine.owed, Centavos(2000));
    assert!(!mine.may_pay);
    let e = ledger::statement(s, &afiliado, SINDICATO, &other.0.to_string()).unwrap_err();
    assert!(matches!(e, ServiceError::Forbidden { .. }), "{e:?}");
    let e = ledger::statement(s, &account(s, "vecino"), SINDICATO, &own_family.0.to_string()).unwrap_err();
    assert!(matches!(e, ServiceError::Forbidden { .. }), "{e:?}");
    // Totals are for every member; the entries only for officers.
    let totals = ledger::overview(s, &afiliado, SINDICATO).unwrap();
    assert_eq!(totals.receivable, Centavos(2000 * all.len() as i64));
    assert!(totals.entries.is_empty() && !totals.may_view_books);
    assert!(!ledger::overview(s, &hacienda, SINDICATO).unwrap().entries.is_empty());
    // Only the treasurer records: the afiliado cannot pay, nor the secretary of another federation.
    let form = PayForm { family: own_family.0.to_string(), amount: "20".into(), ..PayForm::default() };
    assert!(matches!(ledger::pay(s, &afiliado, SINDICATO, &form).unwrap_err(), ServiceError::Forbidden { .. }));
    assert!(Role::SecretarioHacienda.allows(Action::KeepBooks) && !Role::Afiliado.allows(Action::ViewBooks));
    let receipt = ledger::pay(s, &hacienda, SINDICATO, &form).unwrap().receipt;
    // The family reads its receipt; another member is refused.
    assert!(ledger::receipt(s, &afiliado, SINDICATO, &receipt.code).is_ok());
    let e = ledger::receipt(s, &account(s, "vecino"), SINDICATO, &receipt.code).unwrap_err();
    assert!(matches!(e, ServiceError::Forbidden { .. }), "{e:?}");
    let e = ledger::receipt(s, &hacienda, SINDICATO, "ZZZZ-ZZZZ").unwrap_err();
    assert!(matches!(refusal(e), LedgerRefusal::UnknownReceipt { .. }));
    drop(app);
}

fn the_treasurer_records_a_payment_at_the_desk_and_prints_its_receipt(db: &Db) {
    let app = TestApp::demo(db).families(300).build();
    let s = &db.store;
    let all = families(s);
    let sindicato = app.sindicato();
    // The statute's dues through the API, charged for a quarter.
    let base = format!("/api/v1/bodies/{sindicato}/ledger");
    let set = json!({"operation": "set_dues", "amount": "Bs 20", "cadence": "monthly"});
    app.block_on(app.api_ok("POST", &base, "admin", Some(set), StatusCode::CREATED));
    let dues = json!({"operation": "dues", "period": "2026-Q4"});
    let run = app.block_on(app.api_ok("POST", &base, "hacienda", Some(dues), StatusCode::CREATED));
    assert_eq!(run["charges"]["count"].as_u64(), Some(3 * all.len() as u64));
    // The afiliado may not charge.
    let (status, problem) = app.block_on(app.api("POST", &base, "afiliado", Some(&json!({"operation": "fines"}))));
    assert_eq!((status, problem["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")));

    // At the desk: the family found by its name, its statement, the payment form.
    let family = s.read(|r| r.household(all[0])).unwrap().unwrap();
    let surname = family.representative.name.display().split_whitespace().last().unwrap().to_string();
    let desk = app.block_on(app.get(&format!("/bodies/{sindicato}/ledger/desk?q={surname}"), "hacienda"));
    assert_eq!(desk.status, StatusCode::OK);
    assert!(desk.body.contains(&format!("id=\"family-{}\"", all[0].0)), "{}", desk.body);
    let page = format!("/bodies/{sindicato}/ledger/families/{}", all[0].0);
    let statement = app.block_on(app.get(&page, "hacienda"));
    assert!(statement.body.contains("id=\"pay-form\"") && statement.body.contains("Bs 60,00"));
    // A zero amount is refused on the page, with nothing written.
    let before = rows(db);
    let refused = app.block_on(app.post_form(&page, "hacienda", "amount=0"));
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("mayor que cero"), "{}", refused.body);
    assert_eq!(rows(db), before);
    // Two months paid, the latest charge ticked first.
    let last = ledger::statement(s, &op(), SINDICATO, &all[0].0.to_string()).unwrap().charges[2].id.0;
    let paid = app.block_on(app.post_form(&page, "hacienda", &format!("amount=Bs+40&charge={last}")));
    assert_eq!(paid.status, StatusCode::SEE_OTHER);
    let receipt_path = paid.headers["location"].to_str().unwrap().to_string();
    let receipt = app.block_on(app.get(&receipt_path, "hacienda"));
    assert_eq!(receipt.status, StatusCode::OK);
    for expected in ["Recibo N° 1/2026", "Bs 40,00", "cuarenta 00/100 bolivianos", "2026-12", "Sindicato"] {
        assert!(receipt.body.contains(expected), "{expected} not on the receipt: {}", receipt.body);
    }
    let after = ledger::statement(s, &op(), SINDICATO, &all[0].0.to_string()).unwrap();
    assert_eq!(after.charges.iter().map(|c| c.owed.0).collect::<Vec<_>>(), [0, 2000, 0], "the ticked one first");
    // Its statement for the family through the API, not for another member.
    let api_statement = format!("/api/v1/bodies/{sindicato}/ledger/families/{}", all[1].0);
    let (status, _) = app.block_on(app.api("GET", &api_statement, "afiliado", None));
    assert_eq!(status, StatusCode::FORBIDDEN);
    let statement = app.block_on(app.api_ok("GET", &api_statement, "hacienda", None, StatusCode::OK));
    assert_eq!(statement["owed_centavos"].as_i64(), Some(6000));
    // A payment through the API: the next receipt number.
    let payment = json!({"family": all[1].0.to_string(), "amount": "100"});
    let paid =
        app.block_on(app.api_ok("POST", &format!("{base}/payments"), "hacienda", Some(payment), StatusCode::CREATED));
    assert_eq!((paid["receipt"]["number"].as_i64(), paid["credit_centavos"].as_i64()), (Some(2), Some(4000)));

    // The report and its CSV, which Excel in Bolivia opens.
    let report =
        app.block_on(app.api_ok("GET", &format!("{base}/report?period=2026-Q4"), "hacienda", None, StatusCode::OK));
    assert_eq!(report["closing_cash_centavos"].as_i64(), Some(14_000));
    let (status, problem) = app.block_on(app.api("GET", &format!("{base}/report?period=marzo"), "hacienda", None));
    assert_eq!((status, problem["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("bad_period")), "{problem}");
    let page = app.block_on(app.get(&format!("/bodies/{sindicato}/ledger/report?period=2026-Q4"), "hacienda"));
    assert!(page.body.contains("<svg") && page.body.contains("Bs 140,00"), "{}", page.body);
    let csv = app.block_on(app.get(&format!("/bodies/{sindicato}/ledger/report.csv?period=2026-Q4"), "hacienda"));
    assert!(csv.bytes.starts_with(b"\xEF\xBB\xBF"), "no BOM");
    assert!(csv.body.contains("Caja al cierre;2026-Q4;140,00\r\n"), "{}", csv.body);
    // The treasurer's totals page for a member: totals only.
    let book = app.block_on(app.get(&format!("/bodies/{sindicato}/ledger"), "afiliado"));
    assert!(book.body.contains("id=\"totals\"") && !book.body.contains("id=\"entries\""));
}

fn the_command_line_charges_pays_reverses_and_reports(db: &Db) {
    let _app = TestApp::demo(db).families(300).build();
    let all = families(&db.store);
    let run = |args: &[&str]| cabildo_cli(&db.location, args);
    let (code, said) =
        run(&["ledger", "dues", SINDICATO, "--amount", "20", "--cadence", "mensual", "--period", "2026-Q1"]);
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains(&format!("{} cobros", 3 * all.len())), "{said}");
    let family = all[0].0.to_string();
    let (code, said) = run(&["ledger", "pay", SINDICATO, "--family", &family, "--amount", "Bs 70"]);
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains("Recibo 1/2026") && said.contains("a favor: Bs 10,00"), "{said}");
    let code_of = said.split("código ").nth(1).unwrap().split(')').next().unwrap().to_string();
    let (_, said) = run(&["ledger", "receipt", SINDICATO, &code_of]);
    assert!(said.contains("setenta 00/100 bolivianos"), "{said}");
    // Refusals in words, with a failing exit code.
    let (code, said) = run(&["ledger", "pay", SINDICATO, "--family", "Lote que no existe", "--amount", "5"]);
    assert_ne!(code, Some(0));
    assert!(said.contains("No hay una familia"), "{said}");
    let (code, said) = run(&["ledger", "reverse", SINDICATO, "2", "--reason", "Error de monto"]);
    assert_eq!(code, Some(0), "{said}");
    let (code, said) = run(&["ledger", "reverse", SINDICATO, "3", "--reason", "Otra vez"]);
    assert_ne!(code, Some(0));
    assert!(said.contains("ya es una anulación"), "{said}");
    let (code, said) = run(&["ledger", "report", SINDICATO, "marzo"]);
    assert_ne!(code, Some(0));
    assert!(said.contains("no es un periodo"), "{said}");
    let (code, said) = run(&["ledger", "report", SINDICATO, "2026-Q1"]);
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains("caja al cierre Bs 0,00"), "{said}");
    let (_, said) = run(&["ledger", "statement", SINDICATO, &family]);
    assert!(said.contains("debe Bs 60,00"), "{said}");
}

/// The ledger's frequent use-cases read only the body and the bodies above it (not the whole
/// tree): a role on the central or the federation above still reaches the sindicato's book, and a
/// role on a sibling sindicato, another federation's central or another federation still does not.
fn a_treasurer_above_keeps_the_books_below_and_no_sibling_does(db: &Db) {
    // 3,000 families: F1-C01 holds two sindicatos.
    let app = TestApp::demo(db)
        .families(3000)
        .with_user("central", Role::SecretarioHacienda, "F1-C01")
        .with_user("federacion", Role::SecretarioHacienda, "F1")
        .with_user("hermano", Role::SecretarioHacienda, "F1-C01-S02")
        .with_user("prima", Role::SecretarioHacienda, "F2-C01")
        .with_user("lejana", Role::SecretarioHacienda, "F2")
        .build();
    let s = &db.store;
    let family = families(s)[0];
    let dues = DuesForm { amount: "20".into(), cadence: "yearly".into(), share: String::new() };
    ledger::set_dues(s, &op(), SINDICATO, &dues).unwrap();
    let form = PayForm { family: family.0.to_string(), amount: "5".into(), ..PayForm::default() };
    for above in ["central", "federacion"] {
        let ctx = account(s, above);
        ledger::charge_dues(s, &ctx, SINDICATO, if above == "central" { "2025" } else { "2026" }).unwrap();
        assert!(ledger::pay(s, &ctx, SINDICATO, &form).is_ok(), "{above}");
        let statement = ledger::statement(s, &ctx, SINDICATO, &family.0.to_string()).unwrap();
        assert!(statement.may_pay, "{above}");
        assert!(ledger::report(s, &ctx, SINDICATO, "2026").is_ok(), "{above}");
    }
    let before = rows(db);
    for outside in ["hermano", "prima", "lejana"] {
        let ctx = account(s, outside);
        for e in [
            ledger::pay(s, &ctx, SINDICATO, &form).unwrap_err(),
            ledger::charge_dues(s, &ctx, SINDICATO, "2027").unwrap_err(),
            ledger::statement(s, &ctx, SINDICATO, &family.0.to_string()).unwrap_err(),
            ledger::report(s, &ctx, SINDICATO, "2026").unwrap_err(),
            ledger::desk(s, &ctx, SINDICATO, "a", 10).unwrap_err(),
        ] {
            assert!(matches!(e, ServiceError::Forbidden { .. }), "{outside}: {e:?}");
        }
    }
    assert_eq!(rows(db), before, "a refused treasurer changed nothing");
    drop(app);
}

/// From the book's page: whoever may change the statute sets its dues (the treasurer may not:
/// refused on the page, nothing written); the treasurer levies a contribution voted by a
/// resolution on every family, and a bad due date is refused with what was typed kept.
fn the_statutes_dues_and_a_levy_are_set_from_the_books_page(db: &Db) {
    let app = TestApp::demo(db).families(300).build();
    let s = &db.store;
    let all = families(s);
    let page = format!("/bodies/{}/ledger", app.sindicato());
    let shown = app.block_on(app.get(&page, "hacienda"));
    assert!(shown.body.contains("id=\"dues-rule-form\"") && shown.body.contains("id=\"levy-form\""));
    assert!(!shown.body.contains("monthly</option>") && shown.body.contains(">Mes</option>"), "no raw codes");

    let before = rows(db);
    let refused = app.block_on(app.post_form(&page, "hacienda", "operation=set_dues&amount=Bs+10&cadence=monthly"));
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert_eq!(rows(db), before);
    let set = app.block_on(app.post_form(&page, "admin", "operation=set_dues&amount=Bs+10&cadence=monthly"));
    assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.body);
    let charged = app.block_on(app.post_form(&page, "hacienda", "operation=dues&period=2026-12"));
    assert_eq!(charged.status, StatusCode::SEE_OTHER, "{}", charged.body);
    let statement = ledger::statement(s, &op(), SINDICATO, &all[0].0.to_string()).unwrap();
    assert_eq!(statement.charges.iter().map(|c| c.amount.0).collect::<Vec<_>>(), [1000]);

    let res = resolution(s, "Aporte para el puente");
    let levy = format!(
        "operation=levy&resolution={res}&purpose=projects&description=Puente&basis=household&amount=Bs+25&due_on="
    );
    let before = rows(db);
    let refused = app.block_on(app.post_form(&page, "hacienda", &format!("{levy}31%2F02%2F2026")));
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(refused.body.contains("value=\"Puente\""), "what was typed is kept");
    assert_eq!(rows(db), before);
    let levied = app.block_on(app.post_form(&page, "hacienda", &format!("{levy}2026-12-20")));
    assert_eq!(levied.status, StatusCode::SEE_OTHER, "{}", levied.body);
    let statement = ledger::statement(s, &op(), SINDICATO, &all[0].0.to_string()).unwrap();
    assert_eq!(statement.charges.iter().map(|c| c.amount.0).sum::<i64>(), 1000 + 2500);
}
