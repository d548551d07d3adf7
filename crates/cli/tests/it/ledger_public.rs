//! A body publishes its book's totals on its public page (issue 15, item 6), on both backends:
//! nothing of the ledger shows until whoever may change the statute publishes it; a member without
//! that right, a forged form and a visitor are refused with nothing changed; the totals shown are
//! the report's, never a family; a withdrawal hides them at once; the audit says who did it.

use axum::http::StatusCode;
use cabildo_domain::ledger::{Account, Centavos};
use cabildo_services::ledger::{self, DuesForm, ExpenseForm, PayForm, TransferForm};
use cabildo_services::{Store, registry};
use serde_json::json;

use crate::support::{Db, TestApp, Who, cabildo_cli, on_both_backends, op, today};

on_both_backends!(
    the_public_page_shows_the_totals_only_while_the_body_publishes_them,
    the_published_totals_are_the_reports_for_this_year_and_the_last,
    publishing_is_refused_to_members_forged_forms_and_visitors,
);

const SINDICATO: &str = "F1-C01-S01";

/// Two years of dues (Bs 20 a year), one family paying both, one paying the first; an expense
/// and a contribution sent to the central: a book with income, expenses, transfers and arrears.
fn book(store: &Store) {
    let dues = DuesForm { amount: "20".into(), cadence: "yearly".into(), share: String::new() };
    ledger::set_dues(store, &op(), SINDICATO, &dues).unwrap();
    ledger::charge_dues(store, &op(), SINDICATO, "2025").unwrap();
    ledger::charge_dues(store, &op(), SINDICATO, "2026").unwrap();
    let families: Vec<_> =
        registry::padron_page(store, &op(), SINDICATO, None, 0, 10_000).unwrap().iter().map(|h| h.id).collect();
    for (family, amount) in [(families[0], "40"), (families[1], "20")] {
        let form = PayForm { family: family.0.to_string(), amount: amount.into(), ..PayForm::default() };
        ledger::pay(store, &op(), SINDICATO, &form).unwrap();
    }
    let expense =
        ExpenseForm { amount: "15,50".into(), purpose: "projects".into(), memo: "Cemento".into(), day: String::new() };
    ledger::spend(store, &op(), SINDICATO, &expense).unwrap();
    let transfer = TransferForm {
        to: "F1-C01".into(),
        kind: "contribution".into(),
        amount: "10".into(),
        memo: "Aniversario de la central".into(),
        ..TransferForm::default()
    };
    ledger::send_transfer(store, &op(), SINDICATO, &transfer).unwrap();
    registry::set_published(store, &op(), SINDICATO, true).unwrap();
}

/// The treasurer's report of this year so far, as the public totals count it.
fn this_years_report(store: &Store) -> ledger::Report {
    let period = format!("01/01/2026–{}", today().format("%d/%m/%Y"));
    ledger::report(store, &op(), SINDICATO, &period).unwrap()
}

/// Whether a public answer shows anything of the ledger: a heading, an amount in bolivianos, or
/// any of the book's figures.
fn shows_ledger(text: &str, figures: &[Centavos]) -> Vec<String> {
    let mut found = Vec::new();
    for marker in ["public-ledger", "Bs ", "Cuentas de la organización"] {
        if text.contains(marker) {
            found.push(marker.to_string());
        }
    }
    for f in figures.iter().filter(|f| f.0 != 0) {
        let shown = f.to_string();
        let digits = shown.trim_start_matches("Bs ").to_string();
        if text.contains(&digits) {
            found.push(digits);
        }
    }
    found
}

fn the_public_page_shows_the_totals_only_while_the_body_publishes_them(db: &Db) {
    let app = TestApp::demo(db).families(120).build();
    let s = &db.store;
    book(s);
    let report = this_years_report(s);
    let figures = [report.closing_cash, report.total_income(), report.total_expenses(), report.total_arrears()];
    let public = format!("/p/{SINDICATO}");
    let api = format!("/api/v1/bodies/{}/ledger/publication", app.sindicato());

    // Not published: the public page shows nothing of the ledger, not even a heading.
    let page = app.block_on(app.get(&public, Who::Anonymous));
    assert_eq!(page.status, StatusCode::OK);
    assert!(shows_ledger(&page.body, &figures).is_empty(), "{:?}", shows_ledger(&page.body, &figures));
    let feed = app.block_on(app.get(&format!("/bodies/{SINDICATO}/assemblies.atom"), Who::Anonymous));
    assert!(!feed.body.contains("Bs "), "the feed shows money: {}", feed.body);
    let state = app.block_on(app.api_ok("GET", &api, "afiliado", None, StatusCode::OK));
    assert_eq!((state["published"].as_bool(), state["years"].as_array().map(Vec::len)), (Some(false), Some(0)));
    assert_eq!(ledger::public_totals(s, SINDICATO, today()).unwrap(), None);

    // Published from the book's page by whoever may change the statute.
    let book_page = format!("/bodies/{}/ledger", app.sindicato());
    let shown = app.block_on(app.get(&book_page, "admin"));
    assert!(shown.body.contains("id=\"publish-form\"") && shown.body.contains("Publicar los totales"));
    assert!(!app.block_on(app.get(&book_page, "hacienda")).body.contains("id=\"publish-form\""));
    let published = app.block_on(app.post_form(&book_page, "admin", "operation=publish&resolution="));
    assert_eq!(published.status, StatusCode::SEE_OTHER, "{}", published.body);
    let page = app.block_on(app.get(&public, Who::Anonymous));
    let expected = [
        "id=\"public-ledger-2026\"",
        "id=\"public-ledger-2025\"",
        &report.closing_cash.to_string(),
        &report.total_expenses().to_string(),
        &report.total_arrears().to_string(),
        "Bs 15,50",
        "Obras y proyectos",
        "Enviado a otras organizaciones",
    ];
    for e in expected {
        assert!(page.body.contains(e), "{e} not on the public page: {}", page.body);
    }
    let in_arrears = report.arrears.iter().filter(|a| a.owed.is_positive()).count();
    assert!(page.body.contains(&format!("{in_arrears} familias en mora")), "{}", page.body);

    // Never a family: no name of a family in arrears (but an officer's, public by office), no
    // household's number or public id, no link to a family.
    let holders: Vec<String> =
        registry::public_page(s, SINDICATO, today()).unwrap().directiva.iter().map(|o| o.holder.display()).collect();
    let private = |text: &str| -> Vec<String> {
        let mut leaks = Vec::new();
        for a in &report.arrears {
            let h = s.read(|r| r.household(a.household)).unwrap().unwrap();
            if text.contains(&a.name) && !holders.contains(&a.name) {
                leaks.push(a.name.clone());
            }
            for needle in [h.public_id.to_string(), format!("/households/{}", h.id.0), format!("families/{}", h.id.0)] {
                if text.contains(&needle) {
                    leaks.push(needle);
                }
            }
        }
        leaks
    };
    assert!(in_arrears > 0 && private(&page.body).is_empty(), "{:?}", private(&page.body));
    let state = app.block_on(app.api_ok("GET", &api, "afiliado", None, StatusCode::OK));
    assert_eq!(state["published"].as_bool(), Some(true));
    assert_eq!(state["years"][0]["cash_centavos"].as_i64(), Some(report.closing_cash.0));
    assert_eq!(state["years"][0]["families_in_arrears"].as_u64(), Some(in_arrears as u64));
    assert!(private(&state.to_string()).is_empty(), "{:?}", private(&state.to_string()));
    // The book's page says since when and who decided it; the form now withdraws.
    let shown = app.block_on(app.get(&book_page, "admin"));
    assert!(shown.body.contains("Se publican desde el") && shown.body.contains("Retirar los totales"));

    // Withdrawn through the API: gone from the public page at once.
    let withdrawn = app.block_on(app.api_ok("DELETE", &api, "admin", None, StatusCode::OK));
    assert_eq!((withdrawn["published"].as_bool(), withdrawn["years"].as_array().map(Vec::len)), (Some(false), Some(0)));
    let page = app.block_on(app.get(&public, Who::Anonymous));
    assert!(shows_ledger(&page.body, &figures).is_empty(), "{:?}", shows_ledger(&page.body, &figures));
    let shown = app.block_on(app.get(&book_page, "admin"));
    assert!(shown.body.contains("Retirados el") && shown.body.contains("Publicar los totales"));

    // Published again through the API, naming the resolution; the page shows them again.
    let resolution = crate::ledger::resolution(s, "Publicar las cuentas en la página pública");
    let body = json!({"resolution": resolution.to_string()});
    let again = app.block_on(app.api_ok("PUT", &api, "admin", Some(body), StatusCode::OK));
    assert_eq!(again["published"].as_bool(), Some(true));
    assert!(again["resolution"].as_str().is_some_and(|r| r.ends_with("/2026")), "{again}");
    assert!(app.block_on(app.get(&public, Who::Anonymous)).body.contains("id=\"public-ledger\""));
    // A body that takes its public page down shows nothing, totals or not.
    registry::set_published(s, &op(), SINDICATO, false).unwrap();
    assert_eq!(ledger::public_totals(s, SINDICATO, today()).unwrap(), None);
    registry::set_published(s, &op(), SINDICATO, true).unwrap();

    // The command line withdraws and publishes too.
    let (code, said) = cabildo_cli(&db.location, &["ledger", "unpublish", SINDICATO]);
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains("no se publican"), "{said}");
    assert!(!app.block_on(app.get(&public, Who::Anonymous)).body.contains("public-ledger"));
    let (code, said) = cabildo_cli(&db.location, &["ledger", "publish", SINDICATO]);
    assert_eq!(code, Some(0), "{said}");
    assert!(app.block_on(app.get(&public, Who::Anonymous)).body.contains("public-ledger"));

    // Every decision is kept, with who took it; the audit says it in words.
    assert_eq!(db.raw_count("ledger_publications"), 5);
    assert_eq!(db.raw_count_where("audit_events", "action = 'ledger.publish'"), 3);
    assert_eq!(db.raw_count_where("audit_events", "action = 'ledger.unpublish'"), 2);
    let audit = app.block_on(app.get(&format!("/bodies/{}/audit", app.sindicato()), "admin"));
    assert!(audit.body.contains("publicó los totales del libro de"), "{}", audit.body);
    assert!(audit.body.contains("retiró los totales del libro de"), "{}", audit.body);
    assert!(audit.body.contains(", por la resolución "), "{}", audit.body);
    let audit =
        app.block_on(app.request("GET", &format!("/bodies/{}/audit", app.sindicato())).by("admin").lang("en").send());
    assert!(audit.body.contains("published the book"), "{}", audit.body);
}

fn the_published_totals_are_the_reports_for_this_year_and_the_last(db: &Db) {
    let _app = TestApp::demo(db).families(120).build();
    let s = &db.store;
    book(s);
    ledger::set_publication(s, &op(), SINDICATO, true, "").unwrap();
    let totals = ledger::public_totals(s, SINDICATO, today()).unwrap().unwrap();
    assert_eq!(totals.since, crate::support::NOW);
    let years: Vec<i32> = totals.years.iter().map(|y| y.year).collect();
    assert_eq!(years, [2026, 2025]);
    let last = ledger::report(s, &op(), SINDICATO, "2025").unwrap();
    for (shown, report) in [(&totals.years[0], this_years_report(s)), (&totals.years[1], last)] {
        assert_eq!(shown.until, report.period.end);
        let income: Vec<_> = report.income.iter().filter(|(a, _)| *a != Account::IncomeTransfers).copied().collect();
        assert_eq!(shown.income, income);
        assert_eq!(shown.expenses, report.expenses);
        assert_eq!(shown.cash, report.closing_cash);
        assert_eq!(shown.arrears, report.total_arrears());
        assert_eq!(shown.families_in_arrears, report.arrears.len() as u64);
        let sent: i64 = report.transfers.iter().map(|(_, _, a)| a.0).filter(|a| *a > 0).sum();
        assert_eq!(shown.transfers_out, Centavos(sent));
    }
    // Recomputed from the rows: this year's dues, the expense and the transfer sent.
    let y = &totals.years[0];
    let families = registry::padron_page(s, &op(), SINDICATO, None, 0, 10_000).unwrap().len() as i64;
    assert_eq!(y.total_income(), Centavos(2000 * families));
    assert_eq!((y.total_expenses(), y.transfers_out), (Centavos(1550), Centavos(1000)));
    assert_eq!(y.cash, Centavos(6000 - 1550 - 1000));
    // Every family but the first owes: the second this year's dues, the others both years'.
    let owed = Centavos(4000 * (families - 2) + 2000);
    assert_eq!((y.arrears, y.families_in_arrears), (owed, (families - 1) as u64));
    // Last year: its dues, nothing collected yet (paid this year), one family less in arrears.
    let l = &totals.years[1];
    assert_eq!(
        (l.total_income(), l.cash, l.transfers_out),
        (Centavos(2000 * families), Centavos::ZERO, Centavos::ZERO)
    );
    // A year without anything is not shown: in a body that never kept its book, only this year.
    registry::set_published(s, &op(), "F2-C01-S01", true).unwrap();
    ledger::set_publication(s, &op(), "F2-C01-S01", true, "").unwrap();
    let empty = ledger::public_totals(s, "F2-C01-S01", today()).unwrap().unwrap();
    assert_eq!(empty.years.iter().map(|y| y.year).collect::<Vec<_>>(), [2026]);
    // Publishing what is published writes nothing more.
    let before = db.raw_count("ledger_publications");
    ledger::set_publication(s, &op(), SINDICATO, true, "").unwrap();
    assert_eq!(db.raw_count("ledger_publications"), before);
}

fn publishing_is_refused_to_members_forged_forms_and_visitors(db: &Db) {
    let app = TestApp::demo(db).families(120).build();
    let s = &db.store;
    book(s);
    let book_page = format!("/bodies/{}/ledger", app.sindicato());
    let api = format!("/api/v1/bodies/{}/ledger/publication", app.sindicato());
    let rows = || (db.raw_count("ledger_publications"), db.raw_count("audit_events"));
    let before = rows();

    // The treasurer keeps the book but may not change the statute: refused, in their language.
    let refused = app.block_on(app.post_form(&book_page, "hacienda", "operation=publish"));
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert!(refused.body.contains("lang=\"es\""), "{}", refused.body);
    let csrf = format!("csrf={}&operation=publish", app.csrf("hacienda"));
    let english = app.block_on(app.request("POST", &book_page).by("hacienda").lang("en").form(&csrf).send());
    assert_eq!(english.status, StatusCode::FORBIDDEN);
    assert!(english.body.contains("lang=\"en\""), "{}", english.body);
    let (status, problem) = app.block_on(app.api("PUT", &api, "afiliado", Some(&json!({}))));
    assert_eq!((status, problem["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")), "{problem}");
    let (status, _) = app.block_on(app.api("DELETE", &api, "hacienda", None));
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Forged, empty or missing form tokens, even from an account with the right.
    for form in ["csrf=forged&operation=publish", "csrf=&operation=publish", "operation=publish"] {
        let reply = app.block_on(app.request("POST", &book_page).by("admin").form(form).send());
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{form}: {}", reply.body);
    }
    // A visitor: the form and the API.
    let visitor = app.block_on(app.request("POST", &book_page).form("operation=publish").send());
    assert_eq!(visitor.status, StatusCode::FORBIDDEN, "{}", visitor.body);
    let (status, _) = app.block_on(app.api("PUT", &api, Who::Anonymous, Some(&json!({}))));
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = app.block_on(app.api("GET", &api, Who::Anonymous, None));
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // A resolution of another body is not this body's decision.
    let other = {
        let (a, present) = crate::support::hold_assembly(s, &op(), "F2-C01-S01", "ordinaria", "2026-11-20 09:00");
        let form = cabildo_services::assembly::MotionForm {
            title: "Otra".into(),
            text: "Otra".into(),
            proposer: "Base".into(),
            ..Default::default()
        };
        let m = cabildo_services::assembly::add_motion(s, &op(), a, &form).unwrap().id;
        use cabildo_domain::assembly::{BallotOption, DecisionRule, VoteMethod};
        cabildo_services::assembly::open_vote(s, &op(), m, VoteMethod::ShowOfHands, DecisionRule::MajorityOfVotesCast)
            .unwrap();
        cabildo_services::assembly::record_hands(s, &op(), m, &[(BallotOption::For, present.len() as u64)]).unwrap();
        cabildo_services::assembly::close_vote(s, &op(), m).unwrap().resolution.unwrap().id
    };
    let before_other = rows();
    let (status, _) = app.block_on(app.api("PUT", &api, "admin", Some(&json!({"resolution": other.to_string()}))));
    assert!(status.is_client_error(), "{status}");
    assert_eq!(rows(), before_other);
    assert_eq!(before.0, db.raw_count("ledger_publications"), "nothing was published");
    assert!(!app.block_on(app.get(&format!("/p/{SINDICATO}"), Who::Anonymous)).body.contains("public-ledger"));
}
