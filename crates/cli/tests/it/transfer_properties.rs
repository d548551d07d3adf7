//! A property of the whole ledger, through the services on SQLite (a fresh database per case, a
//! few cases so it stays fast): whatever the sequence of dues charged, payments, reversals,
//! transfers between bodies (related or not) and confirmations (by the receiver or not), every
//! body's book balances, both sides of every transfer agree, each body's cash is what the test's
//! own model says it is, and an operation refused changes nothing.

use std::collections::HashMap;

use cabildo_domain::{BodyKind, HouseholdData, HouseholdId};
use cabildo_services::ledger::{self, DuesForm, PayForm, TransferForm};
use cabildo_services::{Store, registry};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use crate::support::{Db, add_body, op, person};
use crate::transfers::books_agree;

/// The federation F > centrals C, D; C > sindicatos S1, S2; D > S3; the instrument I, a root
/// S1 is affiliated to. Index into this list in the operations.
const BODIES: [&str; 7] = ["F", "C", "S1", "S2", "S3", "D", "I"];
/// The sindicatos that keep families' dues.
const SINDICATOS: [&str; 3] = ["S1", "S2", "S3"];

#[derive(Debug, Clone)]
enum Op {
    /// Charge a sindicato's dues for its next month.
    Charge {
        sindicato: usize,
    },
    Pay {
        sindicato: usize,
        family: usize,
        amount: i64,
    },
    /// Reverse an entry of a body's book (some are refused: reversals, transfers, paid charges).
    Reverse {
        body: usize,
        pick: i64,
    },
    /// A contribution or a dues share between any two bodies (some are refused).
    Send {
        from: usize,
        to: usize,
        share: bool,
        amount: i64,
    },
    /// The receiver (`None`) or another body confirms a transfer (some are refused: not its
    /// own, confirmed already).
    Confirm {
        body: Option<usize>,
        pick: usize,
    },
}

fn op_strategy() -> impl Strategy<Value = Op> {
    // Mostly from the sindicatos, which have cash; to any body, related or not.
    let from = prop_oneof![3 => 2usize..5, 1 => 0usize..7];
    prop_oneof![
        2 => (0usize..3).prop_map(|sindicato| Op::Charge { sindicato }),
        4 => (0usize..3, 0usize..2, 1i64..6_000).prop_map(|(sindicato, family, amount)| Op::Pay {
            sindicato,
            family,
            amount
        }),
        1 => (0usize..7, 1i64..12).prop_map(|(body, pick)| Op::Reverse { body, pick }),
        4 => (from, 0usize..7, any::<bool>(), 0i64..2_000).prop_map(|(from, to, share, amount)| Op::Send {
            from,
            to,
            share,
            amount
        }),
        3 => (any::<bool>(), 0usize..7, 0usize..6).prop_map(|(receiver, body, pick)| Op::Confirm {
            body: if receiver { None } else { Some(body) },
            pick
        }),
    ]
}

pub(crate) fn setup(db: &Db) -> HashMap<&'static str, Vec<HouseholdId>> {
    let s = &db.store;
    add_body(s, None, BodyKind::Federacion, "Federación", "F");
    add_body(s, Some("F"), BodyKind::Central, "Central C", "C");
    add_body(s, Some("F"), BodyKind::Central, "Central D", "D");
    add_body(s, Some("C"), BodyKind::Sindicato, "Sindicato Uno", "S1");
    add_body(s, Some("C"), BodyKind::Sindicato, "Sindicato Dos", "S2");
    add_body(s, Some("D"), BodyKind::Sindicato, "Sindicato Tres", "S3");
    add_body(s, None, BodyKind::Instrumento, "Instrumento", "I");
    let since = cabildo_domain::Date::from_ymd_opt(2026, 1, 1).unwrap();
    registry::affiliate(s, &op(), "S1", "I", cabildo_domain::AffiliationKind::Full, since).unwrap();
    ledger::set_share(s, &op(), "C", "10 %").unwrap();
    ledger::set_share(s, &op(), "F", "2,5 %").unwrap();
    let mut families = HashMap::new();
    for (i, code) in SINDICATOS.iter().enumerate() {
        let dues = DuesForm { amount: "20".into(), cadence: "mensual".into(), share: String::new() };
        ledger::set_dues(s, &op(), code, &dues).unwrap();
        let ids = (0..2)
            .map(|j| {
                let who = person("Socia", &format!("Quispe{i}{j}"), "Mamani");
                registry::add_household(s, &op(), code, &who, &HouseholdData::default(), &[]).unwrap()
            })
            .collect();
        families.insert(*code, ids);
    }
    families
}

fn rows(db: &Db) -> [i64; 5] {
    ["ledger_entries", "ledger_lines", "ledger_transfers", "charges", "receipts"].map(|t| db.raw_count(t))
}

fn cash(store: &Store, body: &str) -> i64 {
    ledger::overview(store, &op(), body).unwrap().cash.0
}

fn run(ops: Vec<Op>) -> Result<(), TestCaseError> {
    let db = Db::sqlite();
    let s = &db.store;
    let families = setup(&db);
    // The test's own model: each body's cash, each payment's entry and amount, each transfer.
    let mut model: HashMap<&str, i64> = BODIES.iter().map(|b| (*b, 0)).collect();
    let mut payments: HashMap<(&str, i64), i64> = HashMap::new();
    let mut months: HashMap<&str, u32> = HashMap::new();
    let mut transfers: Vec<(String, &str, &str, i64)> = Vec::new();
    for op_ in ops {
        let before = rows(&db);
        let done: Result<(), cabildo_services::ServiceError> = match op_ {
            Op::Charge { sindicato } => {
                let code = SINDICATOS[sindicato];
                let month = months.entry(code).or_insert(0);
                *month += 1;
                if *month > 12 {
                    continue;
                }
                ledger::charge_dues(s, &op(), code, &format!("2026-{month:02}")).map(drop)
            }
            Op::Pay { sindicato, family, amount } => {
                let code = SINDICATOS[sindicato];
                let form = PayForm {
                    family: families[code][family].0.to_string(),
                    amount: cabildo_domain::ledger::Centavos(amount).plain(),
                    ..PayForm::default()
                };
                ledger::pay(s, &op(), code, &form).map(|p| {
                    *model.get_mut(code).unwrap() += amount;
                    payments.insert((code, p.entry.number), amount);
                })
            }
            Op::Reverse { body, pick } => {
                let code = BODIES[body];
                ledger::reverse(s, &op(), code, &pick.to_string(), "Error").map(|_| {
                    if let Some(amount) = payments.get(&(code, pick)) {
                        *model.get_mut(code).unwrap() -= amount;
                    }
                })
            }
            Op::Send { from, to, share, amount } => {
                let (from, to) = (BODIES[from], BODIES[to]);
                let form = TransferForm {
                    to: to.into(),
                    kind: if share { "dues_share" } else { "contribution" }.into(),
                    period: if share { "2026".into() } else { String::new() },
                    amount: if share && amount < 100 {
                        String::new()
                    } else {
                        cabildo_domain::ledger::Centavos(amount).plain()
                    },
                    ..TransferForm::default()
                };
                let cash_before = cash(s, from);
                match ledger::send_transfer(s, &op(), from, &form) {
                    Ok(t) => {
                        prop_assert!(t.record.amount.0 > 0 && t.record.amount.0 <= cash_before, "{:?}", t);
                        *model.get_mut(from).unwrap() -= t.record.amount.0;
                        transfers.push((t.record.public_id.to_string(), from, to, t.record.amount.0));
                        Ok(())
                    }
                    Err(e) => Err(e),
                }
            }
            Op::Confirm { body, pick } => {
                if transfers.is_empty() {
                    continue;
                }
                let (reference, _, to, amount) = transfers[pick % transfers.len()].clone();
                let code = body.map_or(to, |b| BODIES[b]);
                ledger::confirm_transfer(s, &op(), code, &reference).map(|_| {
                    assert_eq!(code, to, "only the receiver confirms");
                    *model.get_mut(to).unwrap() += amount;
                })
            }
        };
        if done.is_err() {
            prop_assert_eq!(rows(&db), before, "a refused {:?} changed something", op_);
        }
    }
    books_agree(&db);
    for body in BODIES {
        prop_assert_eq!(cash(s, body), model[body], "cash of {}", body);
    }
    Ok(())
}

#[test]
fn whatever_the_operations_every_book_balances_and_both_sides_of_every_transfer_agree() {
    let config = Config { cases: 10, failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new(config);
    let result = runner.run(&prop::collection::vec(op_strategy(), 10..50), run);
    if let Err(e) = result {
        panic!("{e}");
    }
}
