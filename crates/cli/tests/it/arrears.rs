//! The arrears of every family below a body, summed per body (issue 15, item 8), on both
//! backends: the summary equals what every sindicato's own report says after charges, a levy,
//! fines, partial, advance and reversed payments and an import, on days before and after charges
//! fall due; the stored aggregates equal the live sums after every operation of random sequences;
//! lines written behind the application's back are detected; an actor of another federation finds
//! no such body, and a malformed day is refused.

use axum::http::StatusCode;
use cabildo_domain::access::Role;
use cabildo_domain::ledger::Centavos;
use cabildo_domain::{Date, HouseholdId};
use cabildo_services::ledger::{self, ArrearsDrift, DuesForm, LevyForm, PayForm};
use cabildo_services::{Backend, ServiceError, Store, registry};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use crate::ledger::{account, assembly_with_two_absent, resolution};
use crate::support::{Db, TestApp, cabildo_cli, on_both_backends, op};

on_both_backends!(
    the_summary_equals_every_sindicatos_report_whatever_was_recorded,
    lines_written_behind_the_applications_back_are_detected,
    another_federation_finds_nothing_and_a_bad_day_is_refused,
    whatever_the_operations_the_aggregates_equal_the_live_sums,
    migration_27_fills_the_aggregates_from_the_charges_already_written,
    the_page_the_csv_the_api_and_the_command_line_show_the_same_figures,
);

const SINDICATO: &str = "F1-C01-S01";
const SISTER: &str = "F1-C01-S02";

fn day(y: i32, m: u32, d: u32) -> Date {
    Date::from_ymd_opt(y, m, d).unwrap()
}

fn families(store: &Store, body: &str) -> Vec<registry::HouseholdSummary> {
    registry::padron_page(store, &op(), body, None, 0, 10_000).unwrap().iter().map(|h| (*h).clone()).collect()
}

fn pay(store: &Store, body: &str, family: HouseholdId, amount: &str) -> ledger::Payment {
    let form = PayForm { family: family.0.to_string(), amount: amount.into(), ..PayForm::default() };
    ledger::pay(store, &op(), body, &form).unwrap()
}

/// Every sindicato's own report as of `on` (families in arrears, what they owe) against the
/// summary's rows, and the totals rolled up.
fn summary_matches_reports(store: &Store, root: &str, on: Date) {
    let summary = ledger::arrears_below(store, &op(), root, &on.format("%d/%m/%Y").to_string()).unwrap();
    assert_eq!(summary.day, on);
    let period = format!("01/01/2020–{}", on.format("%d/%m/%Y"));
    let (mut families, mut owed) = (0u64, 0i64);
    for row in &summary.rows {
        let report = ledger::report(store, &op(), &row.body.code, &period).unwrap();
        let expected = (report.arrears.len() as u64, report.total_arrears());
        assert_eq!((row.own_families, row.own_owed), expected, "{} on {on}", row.body.code);
        families += expected.0;
        owed += expected.1.0;
    }
    assert_eq!((summary.total_families(), summary.total_owed()), (families, Centavos(owed)), "{root} on {on}");
    // Each body's figures include those of every body below it.
    for row in &summary.rows {
        let below: Vec<_> = summary
            .rows
            .iter()
            .filter(|r| r.body.parent_id == Some(row.body.id))
            .map(|r| (r.families, r.owed.0))
            .collect();
        let sum = below.iter().fold((row.own_families, row.own_owed.0), |acc, r| (acc.0 + r.0, acc.1 + r.1));
        assert_eq!((row.families, row.owed.0), sum, "{}", row.body.code);
    }
}

fn no_drift(store: &Store) {
    let drift = ledger::check_arrears(store, &op()).unwrap();
    assert!(drift.is_empty(), "the aggregates drifted: {drift:?}");
}

fn the_summary_equals_every_sindicatos_report_whatever_was_recorded(db: &Db) {
    // 3,000 families: F1-C01 holds two sindicatos.
    let _app = TestApp::demo(db).families(3000).build();
    let s = &db.store;
    let ours = families(s, SINDICATO);
    let sisters = families(s, SISTER);
    for code in [SINDICATO, SISTER] {
        let dues = DuesForm { amount: "20".into(), cadence: "mensual".into(), share: String::new() };
        ledger::set_dues(s, &op(), code, &dues).unwrap();
        ledger::charge_dues(s, &op(), code, "2026").unwrap();
    }
    no_drift(s);
    // A levy due after the last day looked at below, and fines.
    let form = LevyForm {
        resolution: resolution(s, "Aporte para la campaña").to_string(),
        purpose: "campaign".into(),
        description: "Campaña".into(),
        basis: "household".into(),
        amount: "Bs 20".into(),
        due_on: "15/12/2026".into(),
    };
    ledger::levy(s, &op(), SINDICATO, &form).unwrap();
    assembly_with_two_absent(s);
    ledger::take_over_fines(s, &op(), SINDICATO).unwrap();
    no_drift(s);
    // Partial, advance (credit used by the next charges) and reversed payments.
    pay(s, SINDICATO, ours[0].id, "15");
    pay(s, SINDICATO, ours[1].id, "1.000");
    let wrong = pay(s, SISTER, sisters[0].id, "300");
    ledger::reverse(s, &op(), SISTER, &wrong.entry.number.to_string(), "Otra familia").unwrap();
    pay(s, SISTER, sisters[1].id, "240");
    no_drift(s);
    // An import of payments.
    let file = format!(
        "N°;Monto;Fecha\r\n{};20,00;15/11/2026\r\n{};\"500,00\";16/11/2026\r\n",
        ours[2].register_number.clone().unwrap(),
        ours[3].register_number.clone().unwrap(),
    );
    ledger::import_payments(s, &op(), SINDICATO, "pagos.csv", file.as_bytes()).unwrap();
    no_drift(s);
    // The next year's dues take the advance's credit.
    ledger::charge_dues(s, &op(), SINDICATO, "2027-01").unwrap();
    no_drift(s);
    for on in [day(2025, 12, 31), day(2026, 1, 1), day(2026, 3, 15), day(2026, 11, 30), day(2027, 2, 1)] {
        for root in ["F1", "F1-C01", SINDICATO] {
            summary_matches_reports(s, root, on);
        }
    }
    // The day before any charge is due: nothing; after: families of both sindicatos.
    let before = ledger::arrears_below(s, &op(), "F1", "31/12/2025").unwrap();
    assert_eq!((before.total_families(), before.total_owed()), (0, Centavos::ZERO));
    // After: counted family by family from their statements.
    let on = day(2027, 2, 1);
    let owing = |body: &str, list: &[registry::HouseholdSummary]| {
        list.iter()
            .filter(|h| {
                let statement = ledger::statement(s, &op(), body, &h.id.0.to_string()).unwrap();
                statement.charges.iter().any(|c| c.due_on <= on && c.owed.is_positive())
            })
            .count() as u64
    };
    let after = ledger::arrears_below(s, &op(), "F1", "2027-02-01").unwrap();
    assert_eq!(after.total_families(), owing(SINDICATO, &ours) + owing(SISTER, &sisters));
    assert!(after.total_families() < (ours.len() + sisters.len()) as u64, "the advance paid it all");
    // Today when no day is given; the rows in tree order, the body first.
    let today = ledger::arrears_below(s, &op(), "F1", "").unwrap();
    assert_eq!(today.day, crate::support::today());
    assert_eq!(today.rows[0].body.code, "F1");
    assert!(today.rows.iter().skip(1).all(|r| r.depth >= 1));
}

fn lines_written_behind_the_applications_back_are_detected(db: &Db) {
    let _app = TestApp::demo(db).families(300).build();
    let s = &db.store;
    let dues = DuesForm { amount: "20".into(), cadence: "yearly".into(), share: String::new() };
    ledger::set_dues(s, &op(), SINDICATO, &dues).unwrap();
    ledger::charge_dues(s, &op(), SINDICATO, "2026").unwrap();
    no_drift(s);
    // A balanced pair of lines paying a charge, written directly: the aggregates do not know it.
    let row = db.raw_texts(
        "SELECT CAST(c.id AS TEXT) || ' ' || CAST(c.entry_id AS TEXT) || ' ' || CAST(c.household_id AS TEXT) || ' ' \
         || CAST(c.body_id AS TEXT) FROM charges c ORDER BY c.id LIMIT 1",
    );
    let parts: Vec<&str> = row[0].split(' ').collect();
    let (charge, entry, household, body) = (parts[0], parts[1], parts[2], parts[3]);
    db.raw_execute(&format!(
        "INSERT INTO ledger_lines (entry_id, body_id, household_id, account, charge_id, amount_centavos) VALUES \
         ({entry}, {body}, {household}, 'dues_receivable', {charge}, -2000); \
         INSERT INTO ledger_lines (entry_id, body_id, account, amount_centavos) VALUES ({entry}, {body}, 'cash', 2000);"
    ));
    let drift = ledger::check_arrears(s, &op()).unwrap();
    assert!(
        drift.iter().any(|d| matches!(d, ArrearsDrift::Owed { stored, live, .. } if stored.0 - live.0 == 2000)),
        "{drift:?}"
    );
    assert!(
        drift.iter().any(|d| matches!(d, ArrearsDrift::Oldest { household_id, live: None, .. }
            if household_id.0.to_string() == household)),
        "{drift:?}"
    );
    // An aggregate edited directly is detected too.
    db.raw_execute("UPDATE ledger_owed_by_due SET owed = owed + 1");
    let edited = ledger::check_arrears(s, &op()).unwrap();
    assert!(
        edited.iter().any(|d| matches!(d, ArrearsDrift::Owed { stored, live, .. } if stored.0 - live.0 == 2001)),
        "{edited:?}"
    );
    // The check is the operator's.
    let officer = account(s, "hacienda");
    assert!(matches!(ledger::check_arrears(s, &officer).unwrap_err(), ServiceError::Forbidden { .. }));
}

/// The page (a table per central, its sindicatos indented, totals, plurals), the CSV Excel opens,
/// the JSON and the command line: all the use-case's figures; a bad day refused on each.
fn the_page_the_csv_the_api_and_the_command_line_show_the_same_figures(db: &Db) {
    let app = TestApp::demo(db).families(3000).with_user("lejana", Role::Dirigente, "F2").build();
    let s = &db.store;
    let ours = families(s, SINDICATO);
    let dues = DuesForm { amount: "20".into(), cadence: "yearly".into(), share: String::new() };
    ledger::set_dues(s, &op(), SINDICATO, &dues).unwrap();
    ledger::charge_dues(s, &op(), SINDICATO, "2026").unwrap();
    pay(s, SINDICATO, ours[0].id, "20");
    let summary = ledger::arrears_below(s, &op(), "F1", "31/12/2026").unwrap();
    let n = summary.total_families();
    assert_eq!(n, ours.len() as u64 - 1);
    let (f1, c01, s01) = (app.body("F1"), app.body("F1-C01"), app.body(SINDICATO));

    let page = app.block_on(app.get(&format!("/bodies/{f1}/ledger/arrears?day=31/12/2026"), "admin"));
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains(&format!("id=\"arrears-{c01}\"")), "a table for the central");
    assert!(page.body.contains(&format!("id=\"arrears-row-{s01}\"")), "its sindicato's row");
    let amount = Centavos(2000 * n as i64).to_string();
    assert!(page.body.contains(&format!("{n} familias bajo")) && page.body.contains(&amount), "{}", page.body);
    let families_of = |h: &registry::HouseholdSummary| h.name.display();
    assert!(!page.body.contains(&families_of(&ours[1])), "no family's name");
    let bad = app.block_on(app.get(&format!("/bodies/{f1}/ledger/arrears?day=ayer"), "admin"));
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("id=\"errors\"") && bad.body.contains("ayer"), "{}", bad.body);
    let book = app.block_on(app.get(&format!("/bodies/{f1}/ledger"), "admin"));
    assert!(book.body.contains(&format!("/bodies/{f1}/ledger/arrears")), "linked from the book");
    // Another federation's secretary: not found.
    let hidden = app.block_on(app.get(&format!("/bodies/{f1}/ledger/arrears"), "lejana"));
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);

    let csv = app.block_on(app.get(&format!("/bodies/{f1}/ledger/arrears.csv?day=31/12/2026"), "admin"));
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.starts_with('\u{feff}') && csv.body.contains("\r\n"), "BOM and CRLF for Excel");
    let sindicato_line = csv
        .body
        .lines()
        .find(|l| l.contains(&summary.rows.iter().find(|r| r.body.code == SINDICATO).unwrap().body.name))
        .unwrap();
    assert!(sindicato_line.ends_with(&format!(";{n};{}", Centavos(2000 * n as i64).plain())), "{sindicato_line}");

    let (status, json) =
        app.block_on(app.api("GET", &format!("/api/v1/bodies/{f1}/ledger/arrears?day=2026-12-31"), "admin", None));
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!((json["families"].as_u64(), json["owed_centavos"].as_i64()), (Some(n), Some(2000 * n as i64)));
    assert_eq!(json["bodies"][0]["code"], "F1");
    let (status, _) =
        app.block_on(app.api("GET", &format!("/api/v1/bodies/{f1}/ledger/arrears?day=ayer"), "admin", None));
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    let run = |args: &[&str]| cabildo_cli(&db.location, args);
    let (code, said) = run(&["ledger", "arrears", "F1", "--day", "31/12/2026"]);
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains(&format!("{n} familias deben {amount} en total")), "{said}");
    let (code, said) = run(&["ledger", "check"]);
    assert_eq!(code, Some(0), "{said}");
    db.raw_execute("UPDATE ledger_owed_by_due SET owed = owed + 1");
    let (code, said) = run(&["ledger", "check"]);
    assert_ne!(code, Some(0));
    assert!(said.contains("1 diferencia"), "{said}");
}

/// A database with charges and payments from before migration 27: the migration itself fills both
/// aggregates, and the summary equals the reports.
fn migration_27_fills_the_aggregates_from_the_charges_already_written(db: &Db) {
    let _app = TestApp::demo(db).families(300).build();
    let s = &db.store;
    let ours = families(s, SINDICATO);
    let dues = DuesForm { amount: "20".into(), cadence: "mensual".into(), share: String::new() };
    ledger::set_dues(s, &op(), SINDICATO, &dues).unwrap();
    ledger::charge_dues(s, &op(), SINDICATO, "2026").unwrap();
    pay(s, SINDICATO, ours[0].id, "35");
    pay(s, SINDICATO, ours[1].id, "500");
    db.raw_execute("DROP TABLE ledger_family_oldest; DROP TABLE ledger_owed_by_due; DELETE FROM schema_migrations WHERE version = 27;");
    // Migrations after 27 undone too (the runner applies those above the latest recorded): 28's
    // table, 29's indexes as they were before it (30 to 32 below; on SQLite, 30 rebuilds two
    // staging tables it finds already rebuilt, which it may).
    db.raw_execute(
        "DELETE FROM schema_migrations WHERE version > 27; DROP TABLE ledger_publications; \
         DROP INDEX ledger_lines_household_charge; CREATE INDEX ledger_lines_household ON ledger_lines(household_id, charge_id); \
         CREATE INDEX charges_entry ON charges(entry_id);",
    );
    // 31's table and (PostgreSQL) its function, whose triggers go with it; 30's unlogged staging;
    // 32's dropped keys (PostgreSQL).
    db.raw_execute("DROP TABLE register_version;");
    if s.backend() == Backend::Postgres {
        db.raw_execute("DROP FUNCTION register_version_bump() CASCADE;");
        db.raw_execute(
            "ALTER TABLE import_households ADD CONSTRAINT import_households_import_id_fkey FOREIGN KEY (import_id) \
             REFERENCES padron_imports(id) ON DELETE CASCADE; \
             ALTER TABLE import_parcels ADD CONSTRAINT import_parcels_import_id_fkey FOREIGN KEY (import_id) \
             REFERENCES padron_imports(id) ON DELETE CASCADE;",
        );
        db.raw_execute(
            "ALTER TABLE import_households SET LOGGED; ALTER TABLE import_parcels SET LOGGED; \
             ALTER TABLE import_person_updates SET LOGGED; ALTER TABLE import_household_updates SET LOGGED; \
             ALTER TABLE import_parcel_updates SET LOGGED;",
        );
    }
    let report = s.migrate().unwrap();
    assert_eq!(report.applied.first().map(String::as_str), Some("0027_ledger_arrears"));
    assert_eq!(
        report.applied,
        [
            "0027_ledger_arrears",
            "0028_ledger_publication",
            "0029_ledger_write_indexes",
            "0030_import_staging_speed",
            "0031_register_version",
            "0032_import_staging_unchecked"
        ]
    );
    no_drift(s);
    assert!(db.raw_count("ledger_family_oldest") > 0);
    summary_matches_reports(s, "F1", day(2026, 6, 30));
}

fn another_federation_finds_nothing_and_a_bad_day_is_refused(db: &Db) {
    let _app = TestApp::demo(db)
        .families(3000)
        .with_user("federacion", Role::Dirigente, "F1")
        .with_user("central", Role::SecretarioHacienda, "F1-C01")
        .with_user("lejana", Role::Dirigente, "F2")
        .with_user("socio", Role::Afiliado, SINDICATO)
        .build();
    let s = &db.store;
    let dues = DuesForm { amount: "20".into(), cadence: "yearly".into(), share: String::new() };
    ledger::set_dues(s, &op(), SINDICATO, &dues).unwrap();
    ledger::charge_dues(s, &op(), SINDICATO, "2026").unwrap();
    // The federation's and the central's officers see it; the central's only below itself.
    let federation = ledger::arrears_below(s, &account(s, "federacion"), "F1", "").unwrap();
    assert!(federation.total_families() > 0);
    let central = ledger::arrears_below(s, &account(s, "central"), "F1-C01", "").unwrap();
    assert_eq!(central.total_owed(), federation.total_owed());
    // Another federation's secretary, and the central's officer above its own central: no such body.
    for (who, body) in [("central", "F1"), ("lejana", "F1"), ("lejana", SINDICATO)] {
        let e = ledger::arrears_below(s, &account(s, who), body, "").unwrap_err();
        assert!(matches!(e, ServiceError::UnknownBody { .. }), "{who} on {body}: {e:?}");
    }
    // A member of the sindicato is no officer: refused, not told it does not exist.
    let e = ledger::arrears_below(s, &account(s, "socio"), SINDICATO, "").unwrap_err();
    assert!(matches!(e, ServiceError::Forbidden { .. }), "{e:?}");
    // Days that do not parse, in the user's language.
    for bad in ["31/02/2026", "mañana", "2026-13-01"] {
        let e = ledger::arrears_below(s, &op(), "F1", bad).unwrap_err();
        assert!(matches!(e, ServiceError::Domain(_)), "{bad}: {e:?}");
        assert!(!cabildo_i18n::message(cabildo_i18n::Lang::Es, e.message().id, &e.message().args).is_empty());
    }
}

/// The sindicatos of the property test's federation (`transfer_properties::setup`): F > centrals
/// C, D; C > sindicatos S1, S2; D > S3, two families each.
const SINDICATOS: [&str; 3] = ["S1", "S2", "S3"];

#[derive(Debug, Clone)]
enum Op {
    /// A sindicato's dues for a month of 2026 (already charged: refused).
    Charge {
        sindicato: usize,
        month: u32,
    },
    Pay {
        sindicato: usize,
        family: usize,
        amount: i64,
    },
    /// Reverse an entry of a sindicato's book (some are refused).
    Reverse {
        sindicato: usize,
        pick: i64,
    },
}

fn op_strategy() -> impl Strategy<Value = Op> {
    prop_oneof![
        2 => (0usize..3, 1u32..13).prop_map(|(sindicato, month)| Op::Charge { sindicato, month }),
        4 => (0usize..3, 0usize..2, 1i64..8_000).prop_map(|(sindicato, family, amount)| Op::Pay {
            sindicato,
            family,
            amount
        }),
        1 => (0usize..3, 1i64..15).prop_map(|(sindicato, pick)| Op::Reverse { sindicato, pick }),
    ]
}

/// The aggregates against the live sums, and the summary against the store's per-body arrears
/// (what each sindicato's report reads), on a few days.
fn aggregates_hold(store: &Store) -> Result<(), TestCaseError> {
    let drift = ledger::check_arrears(store, &op()).unwrap();
    prop_assert!(drift.is_empty(), "{:?}", drift);
    for on in [day(2026, 1, 1), day(2026, 4, 30), day(2026, 12, 31)] {
        let summary = ledger::arrears_below(store, &op(), "F", &on.to_string()).unwrap();
        for row in &summary.rows {
            let live = store.read(|r| r.arrears(row.body.id, on)).unwrap();
            let expected = (live.len() as u64, Centavos(live.iter().map(|(_, c)| c.0).sum()));
            prop_assert_eq!((row.own_families, row.own_owed), expected, "{} on {}", row.body.code, on);
        }
    }
    Ok(())
}

fn run(db: &Db, ops: Vec<Op>) -> Result<(), TestCaseError> {
    let s = &db.store;
    let families = crate::transfer_properties::setup(db);
    for op_ in ops {
        let _ = match op_ {
            Op::Charge { sindicato, month } => {
                ledger::charge_dues(s, &op(), SINDICATOS[sindicato], &format!("2026-{month:02}")).map(drop)
            }
            Op::Pay { sindicato, family, amount } => {
                let code = SINDICATOS[sindicato];
                let form = PayForm {
                    family: families[code][family].0.to_string(),
                    amount: Centavos(amount).plain(),
                    ..PayForm::default()
                };
                ledger::pay(s, &op(), code, &form).map(drop)
            }
            Op::Reverse { sindicato, pick } => {
                ledger::reverse(s, &op(), SINDICATOS[sindicato], &pick.to_string(), "Error").map(drop)
            }
        };
        aggregates_hold(s)?;
    }
    Ok(())
}

fn whatever_the_operations_the_aggregates_equal_the_live_sums(db: &Db) {
    // A fresh database per case on SQLite; on PostgreSQL the test's own schema, so one case there
    // (not shrunk: a second run would find its bodies written).
    let pg = db.is_postgres();
    let config = Config {
        cases: if pg { 1 } else { 8 },
        max_shrink_iters: if pg { 0 } else { 1024 },
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let result = runner.run(&prop::collection::vec(op_strategy(), 20..60), |ops| {
        if db.is_postgres() { run(db, ops) } else { run(&Db::sqlite(), ops) }
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}
