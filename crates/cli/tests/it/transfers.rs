//! Transfers between bodies (issue 15, part 4), on both backends: the share of dues the central's
//! and the federation's statutes ask, computed from what a sindicato collected; a transfer written
//! once in both books and confirmed once by the receiver; every refusal (an unrelated body, itself,
//! nothing or more than the cash, a share to a body that asks none, someone else's or a second
//! confirmation) leaves every table as it was.

use cabildo_domain::BodyKind;
use cabildo_domain::access::Role;
use cabildo_domain::ledger::Centavos;
use cabildo_services::ledger::{self, DuesForm, LedgerRefusal, PayForm, TransferForm};
use cabildo_services::{Ctx, ServiceError, Store, registry};

use axum::http::StatusCode;
use serde_json::json;

use crate::ledger::{account, refusal};
use crate::support::{Db, TestApp, add_body, cabildo_cli, on_both_backends, op, today};

on_both_backends!(
    transfers_go_between_related_bodies_once_and_are_confirmed_once,
    the_api_the_pages_and_the_command_line_send_confirm_and_sum_up_transfers,
    done_when_a_year_of_money_on_the_demo_adds_up_in_every_book,
);

const SINDICATO: &str = "F1-C01-S01";
const SISTER: &str = "F1-C01-SH";
const CENTRAL: &str = "F1-C01";
const FEDERATION: &str = "F1";
const UNRELATED: &str = "F2-C01-S01";
const INSTRUMENT: &str = "IPSP";

/// The rows of every table a transfer writes.
fn rows(db: &Db) -> [i64; 5] {
    ["ledger_entries", "ledger_lines", "ledger_transfers", "ledger_shares", "audit_events"].map(|t| db.raw_count(t))
}

fn sum(db: &Db, sql: &str) -> i64 {
    db.raw_texts(sql).first().and_then(|v| v.parse().ok()).unwrap_or(0)
}

fn send(store: &Store, ctx: &Ctx, from: &str, to: &str, kind: &str, period: &str, amount: &str) -> ServiceResult {
    let form = TransferForm {
        to: to.into(),
        kind: kind.into(),
        period: period.into(),
        amount: amount.into(),
        ..TransferForm::default()
    };
    ledger::send_transfer(store, ctx, from, &form)
}

type ServiceResult = cabildo_services::Result<ledger::TransferView>;

/// The demo with a sister sindicato under the central, the treasurers of the central and of the
/// sister, and a dirigente of the central.
fn with_sister(db: &Db) -> TestApp {
    TestApp::demo(db)
        .families(300)
        .with_sindicato(CENTRAL, SISTER, "Sindicato Hermano", 12)
        .with_user("hacienda_central", Role::SecretarioHacienda, CENTRAL)
        .with_user("hacienda_hermano", Role::SecretarioHacienda, SISTER)
        .with_user("dirigente_central", Role::Dirigente, CENTRAL)
        .build()
}

/// Every body's book balances, and both sides of every transfer agree: what the sender sent is
/// what the receiver earned, and a confirmed transfer is in the receiver's cash.
pub(crate) fn books_agree(db: &Db) {
    let off = db
        .raw_texts("SELECT CAST(body_id AS TEXT) FROM ledger_lines GROUP BY body_id HAVING SUM(amount_centavos) <> 0");
    assert!(off.is_empty(), "books that do not balance: {off:?}");
    for row in db.raw_texts(
        "SELECT CAST(t.id AS TEXT) || ' ' || CAST(t.amount AS TEXT) || ' ' || \
         CAST(COALESCE((SELECT SUM(l.amount_centavos) FROM ledger_lines l JOIN ledger_entries e ON e.id = l.entry_id \
           WHERE e.transfer_id = t.id AND l.account = 'transfers_out' AND e.body_id = t.from_body_id \
           AND l.counterpart_body_id = t.to_body_id), 0) AS TEXT) || ' ' || \
         CAST(COALESCE((SELECT -SUM(l.amount_centavos) FROM ledger_lines l JOIN ledger_entries e ON e.id = l.entry_id \
           WHERE e.transfer_id = t.id AND l.account = 'income:transfers' AND e.body_id = t.to_body_id \
           AND l.counterpart_body_id = t.from_body_id), 0) AS TEXT) || ' ' || \
         CAST(COALESCE((SELECT SUM(l.amount_centavos) FROM ledger_lines l JOIN ledger_entries e ON e.id = l.entry_id \
           WHERE e.transfer_id = t.id AND l.account = 'receivable'), 0) AS TEXT) || ' ' || \
         CAST((SELECT COUNT(*) FROM ledger_entries e WHERE e.transfer_id = t.id AND e.kind = 'transfer_confirm') AS TEXT) \
         FROM ledger_transfers t",
    ) {
        let v: Vec<i64> = row.split(' ').map(|x| x.parse().unwrap()).collect();
        let (amount, sent, earned, pending, confirmed) = (v[1], v[2], v[3], v[4], v[5]);
        assert_eq!((sent, earned), (amount, amount), "transfer {row}: the two sides disagree");
        assert_eq!(pending, if confirmed == 1 { 0 } else { amount }, "transfer {row}");
        assert!(confirmed <= 1, "transfer {row} confirmed twice");
    }
}

fn transfers_go_between_related_bodies_once_and_are_confirmed_once(db: &Db) {
    let _app = with_sister(db);
    let s = &db.store;
    let all: Vec<_> = registry::padron_page(s, &op(), SINDICATO, None, 0, 10).unwrap().iter().map(|h| h.id).collect();

    // The sindicato's dues; the central's statute asks 10 % of them, the federation's 5 %. The
    // central's dirigente may set the central's share, not the federation's.
    let dues = DuesForm { amount: "20".into(), cadence: "mensual".into(), share: String::new() };
    ledger::set_dues(s, &op(), SINDICATO, &dues).unwrap();
    ledger::charge_dues(s, &op(), SINDICATO, "2026").unwrap();
    let dirigente = account(s, "dirigente_central");
    assert_eq!(ledger::set_share(s, &dirigente, CENTRAL, "10 %").unwrap().share_bp, 1000);
    let e = ledger::set_share(s, &dirigente, FEDERATION, "5 %").unwrap_err();
    assert!(matches!(e, ServiceError::Forbidden { .. }), "{e:?}");
    ledger::set_share(s, &op(), FEDERATION, "5").unwrap();
    // Payments: Bs 240 (a year), Bs 35 (a partial one), Bs 100 reversed: Bs 275 collected.
    let pay = |family: usize, amount: &str| {
        let form = PayForm { family: all[family].0.to_string(), amount: amount.into(), ..PayForm::default() };
        ledger::pay(s, &op(), SINDICATO, &form).unwrap()
    };
    pay(0, "240");
    pay(1, "35,55");
    let wrong = pay(2, "100");
    ledger::reverse(s, &op(), SINDICATO, &wrong.entry.number.to_string(), "Otra familia").unwrap();
    let collected = 24_000 + 3555;

    // What the sindicato owes the central for 2026, and the federation: rounded down.
    let owed = ledger::owed(s, &op(), CENTRAL, "2026").unwrap();
    let row = owed.rows.iter().find(|r| r.label.contains("S01")).unwrap();
    assert_eq!((row.owed.collected, row.owed.owed, row.owed.sent), (Centavos(collected), Centavos(2755), Centavos(0)));
    let fed = ledger::owed(s, &op(), FEDERATION, "2026").unwrap();
    let row = fed.rows.iter().find(|r| r.label.contains("S01")).unwrap();
    assert_eq!((row.owed.owed, row.depth), (Centavos(collected * 5 / 100), 2));

    // The sindicato's treasurer sends the central's share: the amount left empty is what is owed.
    let hacienda = account(s, "hacienda");
    let sent = send(s, &hacienda, SINDICATO, CENTRAL, "dues_share", "2026", "").unwrap();
    assert_eq!((sent.record.amount, sent.record.confirmed), (Centavos(2755), false));
    assert!(sent.sent_entry.is_some() && sent.received_entry.is_some() && sent.confirm_entry.is_none());
    let owed = ledger::owed(s, &op(), CENTRAL, "2026").unwrap();
    assert_eq!(owed.total().outstanding, Centavos(0));
    assert_eq!(owed.total().sent, Centavos(2755));
    books_agree(db);

    // Refusals, with nothing changed.
    let before = rows(db);
    let e = send(s, &hacienda, SINDICATO, UNRELATED, "contribution", "", "10").unwrap_err();
    assert!(matches!(refusal(e), LedgerRefusal::UnrelatedBody { .. }));
    let e = send(s, &op(), SINDICATO, UNRELATED, "contribution", "", "10").unwrap_err();
    assert!(matches!(refusal(e), LedgerRefusal::UnrelatedBody { .. }), "not even the operator");
    let e = send(s, &hacienda, SINDICATO, SINDICATO, "contribution", "", "10").unwrap_err();
    assert!(matches!(refusal(e), LedgerRefusal::TransferToItself { .. }));
    for amount in ["0", "-5"] {
        let e = send(s, &hacienda, SINDICATO, SISTER, "contribution", "", amount).unwrap_err();
        assert!(matches!(refusal(e), LedgerRefusal::AmountNotPositive { .. }), "{amount}");
    }
    let e = send(s, &hacienda, SINDICATO, SISTER, "contribution", "", "1.000").unwrap_err();
    match refusal(e) {
        LedgerRefusal::TransferExceedsCash { cash, .. } => assert_eq!(cash, Centavos(collected - 2755).to_string()),
        other => panic!("{other:?}"),
    }
    let e = send(s, &hacienda, SINDICATO, SISTER, "dues_share", "2026", "5").unwrap_err();
    assert!(matches!(refusal(e), LedgerRefusal::ShareNotOwed { .. }), "a sister asks no share");
    let e = send(s, &hacienda, SINDICATO, CENTRAL, "dues_share", "2026", "").unwrap_err();
    assert!(matches!(refusal(e), LedgerRefusal::AmountNotPositive { .. }), "nothing left to send");
    let e = send(s, &account(s, "hacienda_hermano"), SINDICATO, SISTER, "contribution", "", "5").unwrap_err();
    assert!(matches!(e, ServiceError::Forbidden { .. }), "another sindicato's treasurer sends nothing of ours");
    assert_eq!(rows(db), before, "a refusal changed something");

    // Confirmation: not by the sender, not by another body's treasurer, once by the central's.
    let reference = sent.record.public_id.to_string();
    let e = ledger::confirm_transfer(s, &hacienda, CENTRAL, &reference).unwrap_err();
    assert!(matches!(e, ServiceError::Forbidden { .. }), "{e:?}");
    let e = ledger::confirm_transfer(s, &account(s, "hacienda_hermano"), SISTER, &reference).unwrap_err();
    assert!(matches!(refusal(e), LedgerRefusal::TransferNotPending { .. }));
    let e = ledger::confirm_transfer(s, &hacienda, SINDICATO, &reference).unwrap_err();
    assert!(matches!(refusal(e), LedgerRefusal::TransferNotPending { .. }), "the sender does not confirm");
    let e = ledger::confirm_transfer(s, &op(), CENTRAL, "not-a-transfer").unwrap_err();
    assert!(matches!(refusal(e), LedgerRefusal::UnknownTransfer { .. }));
    assert_eq!(rows(db), before, "a refusal changed something");
    let central = account(s, "hacienda_central");
    let done = ledger::confirm_transfer(s, &central, CENTRAL, &reference).unwrap();
    assert!(done.record.confirmed && done.confirm_entry.is_some());
    assert_eq!(done.confirmed_by.as_deref(), Some("hacienda_central"));
    let before = rows(db);
    let e = ledger::confirm_transfer(s, &central, CENTRAL, &reference).unwrap_err();
    assert!(matches!(refusal(e), LedgerRefusal::TransferAlreadyConfirmed { .. }));
    assert_eq!(rows(db), before, "a second confirmation changed something");
    // A transfer's entry is not reversed in one book: the refusal says what to do instead.
    let entry = sent.sent_entry.unwrap().to_string();
    let e = ledger::reverse(s, &hacienda, SINDICATO, &entry, "Se envió de más").unwrap_err();
    assert!(matches!(refusal(e), LedgerRefusal::TransferNotReversible { .. }));
    assert_eq!(rows(db), before, "the refused reversal changed something");

    // Help to a sister sindicato, and a contribution to the instrument through an affiliation
    // (refused before the affiliation, accepted while it is in force).
    send(s, &hacienda, SINDICATO, SISTER, "aporte", "", "50").unwrap();
    add_body(s, None, BodyKind::Instrumento, "Instrumento Político", INSTRUMENT);
    let e = send(s, &hacienda, SINDICATO, INSTRUMENT, "contribution", "", "20").unwrap_err();
    assert!(matches!(refusal(e), LedgerRefusal::UnrelatedBody { .. }));
    let since = today().pred_opt().unwrap();
    registry::affiliate(s, &op(), SINDICATO, INSTRUMENT, cabildo_domain::AffiliationKind::Full, since).unwrap();
    let to_instrument = send(s, &hacienda, SINDICATO, INSTRUMENT, "contribution", "", "20").unwrap();
    assert_eq!(to_instrument.to, registry::resolve_body_in(s, INSTRUMENT).unwrap().label());

    // The central's treasurer sees what it sent and received; the books agree.
    let seen = ledger::transfers(s, &central, CENTRAL).unwrap();
    assert_eq!((seen.transfers.len(), seen.share_bp, seen.may_keep_books), (1, 1000, true));
    let seen = ledger::transfers(s, &hacienda, SINDICATO).unwrap();
    assert_eq!(seen.transfers.len(), 3);
    assert!(seen.transfers.iter().all(|t| t.is_sent_by(seen.body.id)));
    books_agree(db);
    let cash = sum(
        db,
        &format!(
            "SELECT CAST(SUM(l.amount_centavos) AS TEXT) FROM ledger_lines l JOIN bodies b ON b.id = l.body_id \
             WHERE b.code = '{SINDICATO}' AND l.account = 'cash'"
        ),
    );
    assert_eq!(cash, collected - 2755 - 5000 - 2000);
    // Each step is in the audit trail of the book it touched.
    assert_eq!(db.raw_count_where("audit_events", "action = 'ledger.transfer'"), 6);
    assert_eq!(db.raw_count_where("audit_events", "action = 'ledger.transfer_confirm'"), 1);
    assert_eq!(db.raw_count_where("audit_events", "action = 'ledger.share'"), 2);
}

fn the_api_the_pages_and_the_command_line_send_confirm_and_sum_up_transfers(db: &Db) {
    let app = with_sister(db);
    let s = &db.store;
    let all: Vec<_> = registry::padron_page(s, &op(), SINDICATO, None, 0, 3).unwrap().iter().map(|h| h.id).collect();
    let dues = DuesForm { amount: "20".into(), cadence: "yearly".into(), share: String::new() };
    ledger::set_dues(s, &op(), SINDICATO, &dues).unwrap();
    ledger::charge_dues(s, &op(), SINDICATO, "2026").unwrap();
    for h in &all {
        let form = PayForm { family: h.0.to_string(), amount: "20".into(), ..PayForm::default() };
        ledger::pay(s, &op(), SINDICATO, &form).unwrap();
    }
    let (sindicato, central) = (app.sindicato(), app.body(CENTRAL));

    // The API: the central's share set by the operator, refused to the sindicato's treasurer.
    let share = json!({"share": "10 %"});
    let (status, _) =
        app.block_on(app.api("POST", &format!("/api/v1/bodies/{central}/ledger/share"), "hacienda", Some(&share)));
    assert_eq!(status, StatusCode::FORBIDDEN);
    let set = app.block_on(app.api_ok(
        "POST",
        &format!("/api/v1/bodies/{central}/ledger/share"),
        "admin",
        Some(share),
        StatusCode::CREATED,
    ));
    assert_eq!(set["share_basis_points"].as_i64(), Some(1000));
    // An unrelated body through the API: refused, nothing written.
    let base = format!("/api/v1/bodies/{sindicato}/ledger/transfers");
    let before = rows(db);
    let unrelated = json!({"to": UNRELATED, "amount": "10"});
    let (status, problem) = app.block_on(app.api("POST", &base, "hacienda", Some(&unrelated)));
    assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("ledger_unrelated_body")), "{problem}");
    assert_eq!(rows(db), before);
    // The share owed, sent by the API: 10 % of Bs 60.
    let owed = app.block_on(app.api_ok(
        "GET",
        &format!("/api/v1/bodies/{central}/ledger/owed?period=2026"),
        "hacienda_central",
        None,
        StatusCode::OK,
    ));
    assert_eq!((owed["owed_centavos"].as_i64(), owed["outstanding_centavos"].as_i64()), (Some(600), Some(600)));
    let sent = app.block_on(app.api_ok(
        "POST",
        &base,
        "hacienda",
        Some(json!({"to": CENTRAL, "kind": "dues_share", "period": "2026"})),
        StatusCode::CREATED,
    ));
    assert_eq!((sent["amount_centavos"].as_i64(), sent["confirmed"].as_bool()), (Some(600), Some(false)));
    let reference = sent["public_id"].as_str().unwrap().to_string();
    // Another body's treasurer cannot confirm it, nor the sender; the central's does, once.
    let confirm = format!("/api/v1/bodies/{central}/ledger/transfers/{reference}/confirm");
    let (status, _) = app.block_on(app.api("POST", &confirm, "hacienda_hermano", None));
    assert_eq!(status, StatusCode::FORBIDDEN);
    let sister_confirm = format!("/api/v1/bodies/{}/ledger/transfers/{reference}/confirm", app.body(SISTER));
    let (status, problem) = app.block_on(app.api("POST", &sister_confirm, "hacienda_hermano", None));
    assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("ledger_transfer_not_pending")));
    let done = app.block_on(app.api_ok("POST", &confirm, "hacienda_central", None, StatusCode::OK));
    assert_eq!(done["confirmed_by"].as_str(), Some("hacienda_central"));
    let (status, problem) = app.block_on(app.api("POST", &confirm, "hacienda_central", None));
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::CONFLICT, Some("ledger_transfer_already_confirmed")),
        "{problem}"
    );
    let listed = app.block_on(app.api_ok(
        "GET",
        &format!("/api/v1/bodies/{central}/ledger/transfers"),
        "hacienda_central",
        None,
        StatusCode::OK,
    ));
    assert_eq!(listed["transfers"].as_array().map(Vec::len), Some(1));
    // The afiliado does not read the sindicato's transfers.
    let (status, _) = app.block_on(app.api("GET", &base, "afiliado", None));
    assert_eq!(status, StatusCode::FORBIDDEN);

    // The pages: the book links to the transfers; an unrelated body refused with the reason.
    let book = app.block_on(app.get(&format!("/bodies/{sindicato}/ledger"), "hacienda"));
    assert!(book.body.contains("id=\"transfers-link\""), "{}", book.body);
    let page = format!("/bodies/{sindicato}/ledger/transfers");
    let before = rows(db);
    let refused = app.block_on(app.post_form(
        &page,
        "hacienda",
        &format!("operation=send&to={UNRELATED}&kind=contribution&amount=5"),
    ));
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.body.contains("no tiene relación"), "{}", refused.body);
    assert!(refused.body.contains(&format!("value=\"{UNRELATED}\"")), "what was typed is kept");
    assert_eq!(rows(db), before);
    // Help to the sister, sent from the page and confirmed from the sister's page.
    let helped = app.block_on(app.post_form(
        &page,
        "hacienda",
        &format!("operation=send&to={SISTER}&amount=Bs+15&memo=Inundaci%C3%B3n"),
    ));
    assert_eq!(helped.status, StatusCode::SEE_OTHER);
    let sister_page = format!("/bodies/{}/ledger/transfers", app.body(SISTER));
    let seen = app.block_on(app.get(&sister_page, "hacienda_hermano"));
    assert!(seen.body.contains("Inundación") && seen.body.contains("Bs 15,00"), "{}", seen.body);
    let pending = ledger::transfers(s, &op(), SISTER).unwrap().transfers[0].record.public_id.to_string();
    assert!(seen.body.contains(&format!("value=\"{pending}\"")), "no confirm button: {}", seen.body);
    let confirmed =
        app.block_on(app.post_form(&sister_page, "hacienda_hermano", &format!("operation=confirm&transfer={pending}")));
    assert_eq!(confirmed.status, StatusCode::SEE_OTHER);
    let seen = app.block_on(app.get(&sister_page, "hacienda_hermano"));
    assert!(seen.body.contains("Confirmada por hacienda_hermano"), "{}", seen.body);
    // The sender's book shows its latest transfers and how each stands.
    let book = app.block_on(app.get(&format!("/bodies/{sindicato}/ledger"), "hacienda"));
    assert!(book.body.contains("id=\"transfers\"") && book.body.contains("Inundación"), "{}", book.body);
    assert!(book.body.contains("Confirmada por hacienda_hermano"), "{}", book.body);
    // What the bodies below owe, as the central sees it.
    let owed = app.block_on(app.get(&format!("/bodies/{central}/ledger/owed?period=2026"), "hacienda_central"));
    assert_eq!(owed.status, StatusCode::OK);
    assert!(owed.body.contains(&format!("id=\"owed-{sindicato}\"")) && owed.body.contains("Bs 6,00"), "{}", owed.body);
    let bad = app.block_on(app.get(&format!("/bodies/{central}/ledger/owed?period=marzo"), "hacienda_central"));
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("no es un periodo"), "{}", bad.body);
    books_agree(db);

    // The command line.
    let run = |args: &[&str]| cabildo_cli(&db.location, args);
    let (code, said) = run(&["ledger", "transfer", SINDICATO, "--to", UNRELATED, "--amount", "5"]);
    assert_ne!(code, Some(0));
    assert!(said.contains("no tiene relación"), "{said}");
    let (code, said) = run(&["ledger", "transfer", SINDICATO, "--to", SISTER, "--amount", "5", "--memo", "Semillas"]);
    assert_eq!(code, Some(0), "{said}");
    let reference = said.split_whitespace().nth(1).unwrap().to_string();
    let (code, said) = run(&["ledger", "confirm", SISTER, &reference]);
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains("recibida"), "{said}");
    let (code, said) = run(&["ledger", "confirm", SISTER, &reference]);
    assert_ne!(code, Some(0));
    assert!(said.contains("ya fue confirmada"), "{said}");
    let (code, said) = run(&["ledger", "owed", CENTRAL, "2026"]);
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains("parte Bs 6,00, envió Bs 6,00, debe Bs 0,00"), "{said}");
    books_agree(db);
}

/// The "done when", on the demo: a statute's dues for a year, a contribution levied by a
/// resolution for a campaign and sent through the affiliation to the instrument, the absence fines
/// of a closed assembly, payments (one partial, one in advance, one reversed), receipts numbered
/// without gaps, the central's share computed, sent and confirmed, and the treasurer's reports of
/// the three books — whose totals the test recomputes from its own record of what it did.
fn done_when_a_year_of_money_on_the_demo_adds_up_in_every_book(db: &Db) {
    use cabildo_domain::ledger::Account;
    use cabildo_services::ledger::LevyForm;

    let _app = TestApp::demo(db).families(300).with_user("hacienda_central", Role::SecretarioHacienda, CENTRAL).build();
    let s = &db.store;
    let all: Vec<_> =
        registry::padron_page(s, &op(), SINDICATO, None, 0, 10_000).unwrap().iter().map(|h| h.id).collect();
    let n = all.len() as i64;
    assert!(n >= 6);

    // What the test did, in its own record (centavos).
    let dues_each = 12 * 2000;
    let levy_each = 2000;
    let fine_each = 1000;

    // The statute's dues for a year; the central's statute asks 10 %.
    let dues = DuesForm { amount: "20".into(), cadence: "mensual".into(), share: String::new() };
    ledger::set_dues(s, &op(), SINDICATO, &dues).unwrap();
    ledger::charge_dues(s, &op(), SINDICATO, "2026").unwrap();
    ledger::set_share(s, &op(), CENTRAL, "10 %").unwrap();
    // A contribution for the campaign, levied by the assembly's resolution.
    let res = crate::ledger::resolution(s, "Aporte para la campaña del instrumento");
    let form = LevyForm {
        resolution: res.to_string(),
        purpose: "campaign".into(),
        description: "Campaña en Pando".into(),
        basis: "household".into(),
        amount: "20".into(),
        due_on: "15/12/2026".into(),
    };
    let (levy, _) = ledger::levy(s, &op(), SINDICATO, &form).unwrap();
    // An assembly two families miss, closed under a statute fining Bs 10.
    let absent = crate::ledger::assembly_with_two_absent(s);
    let fines = ledger::take_over_fines(s, &op(), SINDICATO).unwrap();
    assert_eq!((fines.count, fines.total), (2, Centavos(2 * fine_each)));
    // The families that pay are not the two fined.
    let mut paying = all.iter().filter(|h| !absent.contains(h));
    let (a, b, c) = (*paying.next().unwrap(), *paying.next().unwrap(), *paying.next().unwrap());

    // Payments: A pays Bs 15 (partial: January's dues), B Bs 300 in advance (its year of dues and
    // the contribution, Bs 40 of credit), C's Bs 1.000 is reversed.
    let pay = |family: cabildo_domain::HouseholdId, amount: &str| {
        let form = PayForm { family: family.0.to_string(), amount: amount.into(), ..PayForm::default() };
        ledger::pay(s, &op(), SINDICATO, &form).unwrap()
    };
    let partial = pay(a, "15");
    let advance = pay(b, "300");
    let wrong = pay(c, "1.000");
    ledger::reverse(s, &op(), SINDICATO, &wrong.entry.number.to_string(), "Se anotó a otra familia").unwrap();
    let receipts: Vec<i64> = [&partial, &advance, &wrong].iter().map(|p| p.receipt.number).collect();
    assert_eq!(receipts, [1, 2, 3], "receipts without gaps");
    assert_eq!(advance.credit, Centavos(30_000 - dues_each - levy_each));
    let paid_cash = 1500 + 30_000;
    let dues_collected = 1500 + dues_each;
    let levy_collected = levy_each;

    // The central's share of the dues collected, computed, sent and confirmed.
    let share = dues_collected / 10;
    let owed = ledger::owed(s, &op(), CENTRAL, "2026").unwrap();
    let body = registry::resolve_body_in(s, SINDICATO).unwrap();
    let row = owed.rows.iter().find(|r| r.body == body.id).unwrap();
    assert_eq!((row.owed.collected.0, row.owed.owed.0), (dues_collected, share));
    let hacienda = account(s, "hacienda");
    let sent = send(s, &hacienda, SINDICATO, CENTRAL, "dues_share", "2026", "").unwrap();
    assert_eq!(sent.record.amount.0, share);
    ledger::confirm_transfer(s, &account(s, "hacienda_central"), CENTRAL, &sent.record.public_id.to_string()).unwrap();
    // The campaign's money, through the affiliation, to the instrument.
    add_body(s, None, BodyKind::Instrumento, "Instrumento Político", INSTRUMENT);
    let since = cabildo_domain::Date::from_ymd_opt(2026, 1, 1).unwrap();
    registry::affiliate(s, &op(), SINDICATO, INSTRUMENT, cabildo_domain::AffiliationKind::Full, since).unwrap();
    let campaign = TransferForm {
        to: INSTRUMENT.into(),
        kind: "contribution".into(),
        levy: levy.public_id.to_string(),
        amount: Centavos(levy_collected).plain(),
        ..TransferForm::default()
    };
    let to_instrument = ledger::send_transfer(s, &hacienda, SINDICATO, &campaign).unwrap();
    assert_eq!((to_instrument.record.levy_id, to_instrument.record.memo.as_str()), (Some(levy.id), "Campaña en Pando"));

    // The sindicato's report, against the test's own record.
    let report = ledger::report(s, &op(), SINDICATO, "2026").unwrap();
    let income = |account: Account| report.income.iter().find(|(a, _)| *a == account).map_or(0, |(_, c)| c.0);
    assert_eq!(income(Account::IncomeDues), dues_each * n);
    assert_eq!(income(Account::IncomeContributions), levy_each * n);
    assert_eq!(income(Account::IncomeFines), 2 * fine_each);
    assert_eq!(income(Account::IncomeTransfers), 0);
    assert_eq!((report.opening_cash.0, report.total_expenses().0), (0, 0));
    assert_eq!(report.collected.0, paid_cash);
    assert_eq!(report.closing_cash.0, paid_cash - share - levy_collected);
    let sent_to = |code: &str| {
        let id = registry::resolve_body_in(s, code).unwrap().id;
        report.transfers.iter().filter(|(b, _, _)| *b == id).map(|(_, _, c)| c.0).sum::<i64>()
    };
    assert_eq!((sent_to(CENTRAL), sent_to(INSTRUMENT)), (share, levy_collected));
    let charged = (dues_each + levy_each) * n + 2 * fine_each;
    let applied = 1500 + dues_each + levy_each;
    assert_eq!(report.total_arrears().0, charged - applied);
    assert!(!report.arrears.iter().any(|x| x.household == b), "the family that paid ahead owes nothing");
    // The central's book: the share received, confirmed, in its cash; the instrument's: pending.
    let central = ledger::report(s, &op(), CENTRAL, "2026").unwrap();
    assert_eq!((central.total_income().0, central.closing_cash.0), (share, share));
    let instrument = ledger::overview(s, &op(), INSTRUMENT).unwrap();
    assert_eq!(instrument.cash.0, 0, "not confirmed yet");
    ledger::confirm_transfer(s, &op(), INSTRUMENT, &to_instrument.record.public_id.to_string()).unwrap();
    assert_eq!(ledger::overview(s, &op(), INSTRUMENT).unwrap().cash.0, levy_collected);
    books_agree(db);
}
