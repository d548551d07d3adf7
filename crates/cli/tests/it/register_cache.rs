//! The store's cache of values derived from the register: loaded once for everyone who asks at
//! the same moment, and — on PostgreSQL — reloaded only when the register's version moved
//! (migration 31), whoever moved it: this process, another instance on the same database, or
//! someone at psql behind the application's back.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use cabildo_domain::BodyKind;
use cabildo_services::registry;
use cabildo_services::{SHARED_CACHE_MAX_AGE, ServiceError};
use cabildo_store::{AuditEvent, Store, StoreError};

use crate::support::{Db, add_body, on_both_backends, op, wait_until};

on_both_backends!(
    a_first_load_is_made_once_while_the_others_wait_for_it,
    a_load_that_fails_lets_the_next_request_load,
    a_write_of_this_process_shows_at_once,
);

/// What a test caches: the bodies' names, and which load read them.
struct Names {
    names: Vec<String>,
    load: usize,
}

fn names(store: &Store, loads: &AtomicUsize) -> Arc<Names> {
    store
        .cached_register(|repo| {
            let load = loads.fetch_add(1, Ordering::SeqCst) + 1;
            Ok::<_, StoreError>(Names { names: repo.bodies()?.into_iter().map(|b| b.name).collect(), load })
        })
        .unwrap()
}

fn tree(store: &Store) {
    add_body(store, None, BodyKind::Confederacion, "Seis Federaciones", "TROPICO");
    add_body(store, Some("TROPICO"), BodyKind::Federacion, "Federación Especial", "F1");
    add_body(store, Some("F1"), BodyKind::Central, "Central Ichoa", "C1");
    add_body(store, Some("C1"), BodyKind::Sindicato, "Sindicato San Gabriel", "S1");
}

fn name_of(store: &Store, code: &str) -> String {
    let snapshot = registry::snapshot(store).unwrap();
    snapshot.registry.resolve(code).map(|b| b.name.clone()).unwrap_or_default()
}

/// A write that is not the register's (an audit line): it must not cost a reload.
fn audit_line(store: &Store) {
    let event = AuditEvent {
        at: 0,
        account_id: None,
        actor: "test".into(),
        body_id: None,
        action: "test".into(),
        detail: String::new(),
    };
    store.write(|repo| repo.insert_audit(&event)).unwrap();
}

fn a_first_load_is_made_once_while_the_others_wait_for_it(db: &Db) {
    tree(&db.store);
    let crowd = 16;
    // Each cache of the store: one value per type (plain and register), one per key.
    let plain = AtomicUsize::new(0);
    let register = AtomicUsize::new(0);
    let keyed = AtomicUsize::new(0);
    let start = Barrier::new(crowd);
    let slow = || std::thread::sleep(Duration::from_millis(300));
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..crowd)
            .map(|_| {
                s.spawn(|| {
                    start.wait();
                    let a = db
                        .store
                        .cached(|_| {
                            slow();
                            Ok::<_, StoreError>(plain.fetch_add(1, Ordering::SeqCst) as u64)
                        })
                        .unwrap();
                    let b = db
                        .store
                        .cached_register(|repo| {
                            slow();
                            register.fetch_add(1, Ordering::SeqCst);
                            Ok::<_, StoreError>(Names { names: vec![format!("{}", repo.bodies()?.len())], load: 1 })
                        })
                        .unwrap();
                    let c = db
                        .store
                        .cached_by(
                            7,
                            |_| 1,
                            |_| {
                                slow();
                                Ok::<_, StoreError>(keyed.fetch_add(1, Ordering::SeqCst) as i32)
                            },
                        )
                        .unwrap();
                    (*a, b.names.clone(), *c)
                })
            })
            .collect();
        let got: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        assert!(got.iter().all(|g| *g == (0, vec!["4".to_string()], 0)), "{got:?}");
    });
    assert_eq!(plain.load(Ordering::SeqCst), 1, "16 first requests, one load");
    assert_eq!(register.load(Ordering::SeqCst), 1);
    assert_eq!(keyed.load(Ordering::SeqCst), 1);
    // The real snapshot likewise: 16 requests at a fresh store's start, one read of the register.
    let other = Store::open(&db.location).unwrap();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..crowd).map(|_| s.spawn(|| registry::snapshot(&other).unwrap())).collect();
        let snapshots: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        assert!(snapshots.iter().all(|x| Arc::ptr_eq(x, &snapshots[0])), "one snapshot shared by all");
    });
}

fn a_load_that_fails_lets_the_next_request_load(db: &Db) {
    // The first load fails: its error is the first request's, and the next one loads at once
    // (not after the patience), while a crowd waiting on it gets one answer each.
    let failed: Result<Arc<u8>, ServiceError> =
        db.store.cached(|_| Err(ServiceError::Internal("the database went away".into())));
    assert!(matches!(failed, Err(ServiceError::Internal(_))));
    let started = Instant::now();
    let value = db.store.cached(|_| Ok::<_, ServiceError>(5_u8)).unwrap();
    assert_eq!(*value, 5);
    assert!(started.elapsed() < Duration::from_secs(1));
}

fn a_write_of_this_process_shows_at_once(db: &Db) {
    tree(&db.store);
    assert_eq!(name_of(&db.store, "S1"), "Sindicato San Gabriel");
    registry::rename_body(&db.store, &op(), "S1", "Sindicato Nuevo Amanecer").unwrap();
    assert_eq!(name_of(&db.store, "S1"), "Sindicato Nuevo Amanecer");
    add_body(&db.store, Some("C1"), BodyKind::Sindicato, "Sindicato Villa Rosa", "S2");
    assert_eq!(name_of(&db.store, "S2"), "Sindicato Villa Rosa");
}

/// The register's version moves with every statement on the register's tables — one step per
/// transaction, however many statements — and with nothing else.
#[test]
fn postgres_the_register_version_moves_with_register_writes_only() {
    let Some(db) = Db::postgres() else { return };
    tree(&db.store);
    let version = || db.raw_texts("SELECT CAST(version AS TEXT) FROM register_version")[0].parse::<i64>().unwrap();
    for table in ["bodies", "households", "memberships", "parcels", "persons"] {
        let before = version();
        // A statement-level trigger fires even when no row changes.
        db.raw_execute(&format!("UPDATE {table} SET id = id WHERE id < 0"));
        assert_eq!(version(), before + 1, "{table}");
    }
    let before = version();
    db.raw_execute(
        "BEGIN; UPDATE bodies SET name = name; UPDATE households SET id = id WHERE id < 0; \
         UPDATE persons SET id = id WHERE id < 0; COMMIT;",
    );
    assert_eq!(version(), before + 1, "one step per transaction");
    db.raw_execute("BEGIN; UPDATE bodies SET name = name; ROLLBACK;");
    assert_eq!(version(), before + 1, "a rolled back write moves nothing");
    audit_line(&db.store);
    db.raw_execute("UPDATE sessions SET expires_at = expires_at; UPDATE audit_events SET detail = detail;");
    assert_eq!(version(), before + 1, "audit lines and sessions are not the register");
}

#[test]
fn postgres_an_aged_value_is_kept_while_the_register_has_not_moved() {
    let Some(db) = Db::postgres() else { return };
    tree(&db.store);
    let other = Store::open(&db.location).unwrap();
    let loads = AtomicUsize::new(0);
    assert_eq!(names(&db.store, &loads).load, 1);
    // Aged, nothing changed: one small read of the version, no reload.
    db.store.age_cache();
    assert_eq!(names(&db.store, &loads).load, 1);
    // Writes that are not the register's, here and by another instance: no reload either.
    audit_line(&db.store);
    assert_eq!(names(&db.store, &loads).load, 1, "a write of this process that is not the register's");
    audit_line(&other);
    db.store.age_cache();
    assert_eq!(names(&db.store, &loads).load, 1, "another instance's write that is not the register's");
    // Another instance renames a body: read again once the value ages.
    registry::rename_body(&other, &op(), "S1", "Sindicato Nuevo Amanecer").unwrap();
    db.store.age_cache();
    let seen = names(&db.store, &loads);
    assert_eq!(seen.load, 2);
    assert!(seen.names.contains(&"Sindicato Nuevo Amanecer".to_string()), "{:?}", seen.names);
    // A write of this process to the register: read again at once.
    registry::rename_body(&db.store, &op(), "S1", "Sindicato San Gabriel").unwrap();
    let seen = names(&db.store, &loads);
    assert_eq!(seen.load, 3);
    assert!(seen.names.contains(&"Sindicato San Gabriel".to_string()));
}

#[test]
fn postgres_another_instance_write_shows_within_the_bound() {
    let Some(db) = Db::postgres() else { return };
    tree(&db.store);
    let other = Store::open(&db.location).unwrap();
    assert_eq!(name_of(&db.store, "S1"), "Sindicato San Gabriel");
    assert_eq!(name_of(&other, "S1"), "Sindicato San Gabriel");
    let bound = SHARED_CACHE_MAX_AGE + Duration::from_millis(500);
    // Another instance (a second store on the same database) renames and adds a body.
    registry::rename_body(&other, &op(), "S1", "Sindicato Nuevo Amanecer").unwrap();
    add_body(&other, Some("C1"), BodyKind::Sindicato, "Sindicato Villa Rosa", "S2");
    let started = Instant::now();
    assert!(wait_until(bound, || name_of(&db.store, "S1") == "Sindicato Nuevo Amanecer"));
    assert_eq!(name_of(&db.store, "S2"), "Sindicato Villa Rosa");
    assert!(started.elapsed() <= bound, "{:?}", started.elapsed());
    // Its members too: a family added there counts here within the bound.
    let s2 = registry::snapshot(&db.store).unwrap().registry.resolve("S2").unwrap().id;
    let before = registry::snapshot(&db.store).unwrap().members(s2);
    other.write(|repo| add_family(repo, s2)).unwrap();
    assert!(wait_until(bound, || registry::snapshot(&db.store).unwrap().members(s2) == before + 1));
}

fn add_family(repo: &mut dyn cabildo_store::Repo, body: cabildo_domain::BodyId) -> Result<(), StoreError> {
    let mut minter = cabildo_store::Minter::new(1_795_000_000_000)?;
    let person = repo.insert_person(&crate::support::person("Ana", "Mamani", "Quispe"), minter.mint()?)?;
    let household = cabildo_domain::HouseholdData { register_number: None, affiliated_on: None };
    repo.insert_household(body, person, &household, minter.mint()?)?;
    Ok(())
}

/// An attack: the register edited behind the application's back, at psql — even with the
/// version's row deleted — still shows within the bound.
#[test]
fn postgres_an_edit_at_psql_shows_within_the_bound() {
    let Some(db) = Db::postgres() else { return };
    tree(&db.store);
    assert_eq!(name_of(&db.store, "S1"), "Sindicato San Gabriel");
    let bound = SHARED_CACHE_MAX_AGE + Duration::from_millis(500);
    db.raw_execute("UPDATE bodies SET name = 'Sindicato Editado' WHERE code = 'S1'");
    assert!(wait_until(bound, || name_of(&db.store, "S1") == "Sindicato Editado"));
    // Without the version's row (deleted, or a database half migrated), values age as before.
    db.raw_execute("DELETE FROM register_version");
    db.raw_execute("UPDATE bodies SET name = 'Sindicato Sin Versión' WHERE code = 'S1'");
    assert!(wait_until(bound, || name_of(&db.store, "S1") == "Sindicato Sin Versión"));
    let loads = AtomicUsize::new(0);
    names(&db.store, &loads);
    db.store.age_cache();
    assert_eq!(names(&db.store, &loads).load, 2, "no version: every aged value is read again");
}
