//! The store contract, on both backends: what the services may rely on.

use cabildo_domain::{
    AffiliationKind, Area, BodyEventKind, BodyKind, Composition, Coordinates, DomainError, HouseholdData, NewBody,
    NewOffice, OfficeEnd, ParcelCode, ParcelData, PersonData, PersonName,
};
use cabildo_services::ServiceError;
use cabildo_services::registry::{self, BodyForm};
use cabildo_store::{KEYED_CACHE_BUDGET, MIGRATIONS_KNOWN, Store, StoreError};

use crate::support::{Db, add_body, at, date, on_both_backends, op, today};

on_both_backends!(
    migrations_are_recorded_and_run_once,
    a_database_from_a_newer_cabildo_is_refused,
    bodies_form_a_tree_with_unique_codes,
    moves_renames_and_closings_keep_history,
    a_move_into_its_own_subtree_is_refused_and_changes_nothing,
    closing_needs_the_sub_bodies_closed_first,
    affiliations_join_organisations_outside_the_tree,
    households_belong_through_parcels_with_codes_unique_per_sindicato,
    the_padron_pages_and_searches_without_private_data,
    pages_read_from_the_cache_never_show_less_than_the_last_write,
    the_cache_by_key_stays_within_its_budget,
    members_are_counted_at_every_level,
    offices_keep_their_history,
    individual_members_join_bodies_of_individuals,
    a_failed_write_changes_nothing,
);

fn person(given: &str, first: &str, second: &str) -> PersonData {
    PersonData { name: PersonName::new(given, first, second).unwrap(), id_number: None, phone: None }
}

fn parcel(code: &str, hectares_m2: i64) -> ParcelData {
    ParcelData {
        code: ParcelCode::new(code).unwrap(),
        area: Some(Area::from_square_metres(hectares_m2).unwrap()),
        place: Some("Villa Tunari".into()),
        coordinates: Some(Coordinates::new(-16.9755, -65.4201).unwrap()),
    }
}

fn body(store: &Store, parent: Option<&str>, kind: BodyKind, name: &str, code: &str) -> cabildo_domain::Body {
    add_body(store, parent, kind, name, code)
}

/// TROPICO → F1 → C1 → (S1, S2), F1 → C2 → S3
fn sample_tree(store: &Store) {
    body(store, None, BodyKind::Confederacion, "Seis Federaciones", "TROPICO");
    body(store, Some("TROPICO"), BodyKind::Federacion, "Federación Especial", "F1");
    body(store, Some("F1"), BodyKind::Central, "Central Ichoa", "C1");
    body(store, Some("F1"), BodyKind::Central, "Central Chimoré", "C2");
    body(store, Some("C1"), BodyKind::Sindicato, "Sindicato San Gabriel", "S1");
    body(store, Some("C1"), BodyKind::Sindicato, "Sindicato 12 de Octubre", "S2");
    body(store, Some("C2"), BodyKind::Sindicato, "Sindicato Nueva Canaán", "S3");
}

fn migrations_are_recorded_and_run_once(db: &Db) {
    assert_eq!(db.store.schema_version(), Ok(MIGRATIONS_KNOWN));
    let again = db.store.migrate().unwrap();
    assert!(again.applied.is_empty(), "{again:?}");
    assert_eq!(again.to_version, MIGRATIONS_KNOWN);
}

fn a_database_from_a_newer_cabildo_is_refused(db: &Db) {
    db.raw_execute("INSERT INTO schema_migrations (version, name) VALUES (999, 'from_the_future')");
    assert_eq!(db.store.migrate(), Err(StoreError::MigrationAhead { found: 999, known: MIGRATIONS_KNOWN }));
}

fn bodies_form_a_tree_with_unique_codes(db: &Db) {
    sample_tree(&db.store);
    let s1 = db.store.read(|repo| repo.body_by_code("s1")).unwrap().unwrap();
    assert_eq!(s1.kind, BodyKind::Sindicato);
    assert_eq!(s1.composition, Composition::Households);
    let lines = registry::tree_report(&db.store, &op(), None).unwrap();
    let codes: Vec<(&str, usize)> = lines.iter().map(|l| (l.body.code.as_str(), l.depth)).collect();
    assert_eq!(codes, vec![("TROPICO", 0), ("F1", 1), ("C1", 2), ("S1", 3), ("S2", 3), ("C2", 2), ("S3", 3)]);
    let duplicate = BodyForm {
        parent: None,
        kind: BodyKind::Federacion,
        composition: None,
        name: "Otra".into(),
        code: Some("f1".into()),
    };
    assert_eq!(
        registry::create_body(&db.store, &at(today()), &duplicate),
        Err(ServiceError::DuplicateBodyCode { code: "F1".into() })
    );
    let orphan = BodyForm { parent: Some("NOPE".into()), ..duplicate };
    assert_eq!(
        registry::create_body(&db.store, &at(today()), &orphan),
        Err(ServiceError::UnknownBody { reference: "NOPE".into() })
    );
    assert_eq!(db.raw_count("bodies"), 7);
}

fn moves_renames_and_closings_keep_history(db: &Db) {
    sample_tree(&db.store);
    let later = date(2027, 2, 1);
    registry::rename_body(&db.store, &at(later), "S2", "Sindicato Doce de Octubre").unwrap();
    registry::move_body(&db.store, &at(later), "S2", Some("C2")).unwrap();
    registry::close_body(&db.store, &at(later), "S2").unwrap();
    let overview = registry::body_overview(&db.store, &op(), "S2").unwrap();
    assert_eq!(overview.body.name, "Sindicato Doce de Octubre");
    assert_eq!(overview.body.closed_on, Some(later));
    assert_eq!(overview.ancestors.iter().map(|b| b.code.as_str()).collect::<Vec<_>>(), ["TROPICO", "F1", "C2"]);
    let kinds: Vec<&str> = overview.history.iter().map(|e| e.kind.code()).collect();
    assert_eq!(kinds, ["created", "renamed", "moved", "closed"]);
    let c1 = db.store.read(|r| r.body_by_code("C1")).unwrap().unwrap();
    let c2 = db.store.read(|r| r.body_by_code("C2")).unwrap().unwrap();
    assert_eq!(overview.history[2].kind, BodyEventKind::Moved { from: Some(c1.id), to: Some(c2.id) });
    // A closed body takes no new members and cannot be renamed; reopening brings it back.
    assert!(matches!(registry::rename_body(&db.store, &at(later), "S2", "X"), Err(ServiceError::BodyClosed { .. })));
    registry::reopen_body(&db.store, &at(later), "S2").unwrap();
    assert_eq!(registry::body_overview(&db.store, &op(), "S2").unwrap().history.len(), 5);
}

fn a_move_into_its_own_subtree_is_refused_and_changes_nothing(db: &Db) {
    sample_tree(&db.store);
    let before = registry::tree_report(&db.store, &op(), None).unwrap();
    let refused = registry::move_body(&db.store, &at(today()), "F1", Some("S1"));
    assert!(matches!(refused, Err(ServiceError::Domain(DomainError::Cycle { .. }))), "{refused:?}");
    let refused = registry::move_body(&db.store, &at(today()), "C1", Some("C1"));
    assert!(matches!(refused, Err(ServiceError::Domain(DomainError::Cycle { .. }))), "{refused:?}");
    assert_eq!(registry::tree_report(&db.store, &op(), None).unwrap(), before);
    assert_eq!(db.raw_count("body_events"), 7);
}

fn closing_needs_the_sub_bodies_closed_first(db: &Db) {
    sample_tree(&db.store);
    assert_eq!(
        registry::close_body(&db.store, &at(today()), "C1").map(|b| b.code),
        Err(ServiceError::HasOpenChildren { body: "Central Ichoa (C1)".into(), count: 2 })
    );
    registry::close_body(&db.store, &at(today()), "S1").unwrap();
    registry::close_body(&db.store, &at(today()), "S2").unwrap();
    registry::close_body(&db.store, &at(today()), "C1").unwrap();
    // A closed body's children cannot reopen under it.
    assert!(matches!(registry::reopen_body(&db.store, &at(today()), "S1"), Err(ServiceError::BodyClosed { .. })));
}

fn affiliations_join_organisations_outside_the_tree(db: &Db) {
    sample_tree(&db.store);
    body(&db.store, None, BodyKind::Instrumento, "Instrumento Político", "IPSP");
    let full = registry::affiliate(&db.store, &op(), "F1", "IPSP", AffiliationKind::Full, date(1995, 3, 27)).unwrap();
    let observer =
        registry::affiliate(&db.store, &op(), "S3", "IPSP", AffiliationKind::Observer, date(2020, 1, 1)).unwrap();
    assert_eq!(full.kind, AffiliationKind::Full);
    let host = registry::body_overview(&db.store, &op(), "IPSP").unwrap();
    assert_eq!(host.affiliations.len(), 2);
    assert_eq!(host.affiliations[1].0.kind, AffiliationKind::Observer);
    registry::end_affiliation(&db.store, &op(), observer.id, date(2026, 1, 1)).unwrap();
    assert_eq!(
        registry::body_overview(&db.store, &op(), "S3").unwrap().affiliations[0].0.until,
        Some(date(2026, 1, 1))
    );
    // Within one branch of the tree an affiliation means nothing: refused.
    assert_eq!(
        registry::affiliate(&db.store, &op(), "S1", "F1", AffiliationKind::Full, today()).map(|a| a.id),
        Err(ServiceError::Domain(DomainError::AffiliationInTree))
    );
    assert!(matches!(
        registry::end_affiliation(&db.store, &op(), full.id, date(1990, 1, 1)),
        Err(ServiceError::Domain(DomainError::EndBeforeStart { .. }))
    ));
}

fn households_belong_through_parcels_with_codes_unique_per_sindicato(db: &Db) {
    sample_tree(&db.store);
    let mut juana = person("Juana", "Mamani", "Quispe");
    juana.id_number = Some("4567890".into());
    let household = HouseholdData { register_number: Some("1".into()), affiliated_on: Some(date(1998, 5, 3)) };
    let id = registry::add_household(&db.store, &op(), "S1", &juana, &household, &[parcel("L-1", 25_000)]).unwrap();
    registry::add_parcel(&db.store, &op(), id, &parcel("L-2", 12_500)).unwrap();
    let (stored, parcels) = registry::household_detail(&db.store, &op(), id).unwrap();
    assert_eq!(stored.representative.name, juana.name);
    assert_eq!(stored.representative.id_number.as_deref(), Some("4567890"));
    assert_eq!(stored.affiliated_on, Some(date(1998, 5, 3)));
    assert_eq!(parcels.iter().map(|p| p.code.as_str()).collect::<Vec<_>>(), ["L-1", "L-2"]);
    assert_eq!(parcels[0].area, Some(Area { square_metres: 25_000 }));
    assert_eq!(parcels[0].coordinates, Some(Coordinates { latitude: -16.9755, longitude: -65.4201 }));
    // The same code in the same sindicato is refused, and nothing of the family is written.
    let refused = registry::add_household(
        &db.store,
        &op(),
        "S1",
        &person("Pedro", "Choque", ""),
        &HouseholdData::default(),
        &[parcel("L-1", 1)],
    );
    assert_eq!(
        refused,
        Err(ServiceError::DuplicateParcelCode { code: "L-1".into(), body: "Sindicato San Gabriel (S1)".into() })
    );
    assert_eq!(db.raw_count("households"), 1);
    assert_eq!(db.raw_count("persons"), 1);
    // Another sindicato may use the same code.
    registry::add_household(
        &db.store,
        &op(),
        "S2",
        &person("Pedro", "Choque", ""),
        &HouseholdData::default(),
        &[parcel("L-1", 1)],
    )
    .unwrap();
    // Families join sindicatos of households only.
    assert!(matches!(
        registry::add_household(&db.store, &op(), "C1", &juana, &household, &[parcel("X", 1)]),
        Err(ServiceError::NotHouseholdBody { .. })
    ));
}

fn the_padron_pages_and_searches_without_private_data(db: &Db) {
    sample_tree(&db.store);
    for n in 1..=12 {
        let mut p =
            person(if n % 2 == 0 { "María" } else { "Juan" }, if n % 3 == 0 { "Ñuflo" } else { "Mamani" }, "Quispe");
        p.id_number = Some(format!("{n}000000"));
        let household = HouseholdData { register_number: Some(n.to_string()), affiliated_on: None };
        registry::add_household(&db.store, &op(), "S1", &p, &household, &[parcel(&format!("L-{n:03}"), 10_000)])
            .unwrap();
    }
    let first = registry::padron_page(&db.store, &op(), "S1", None, 0, 5).unwrap();
    let numbers: Vec<&str> = first.iter().filter_map(|h| h.register_number.as_deref()).collect();
    assert_eq!(numbers, ["1", "2", "3", "4", "5"], "2 comes before 10");
    let last = registry::padron_page(&db.store, &op(), "S1", None, 2, 5).unwrap();
    assert_eq!(last.iter().filter_map(|h| h.register_number.as_deref()).collect::<Vec<_>>(), ["11", "12"]);
    // Search ignores accents and case, by name or by parcel code.
    let nuflo = registry::padron_page(&db.store, &op(), "S1", Some("NUFLO"), 0, 50).unwrap();
    assert_eq!(nuflo.len(), 4);
    let by_parcel = registry::padron_page(&db.store, &op(), "S1", Some("l-007"), 0, 50).unwrap();
    assert_eq!(by_parcel.len(), 1);
    assert_eq!(by_parcel[0].parcel_codes, ["L-007"]);
    // A listing carries names and parcels, no ID numbers: the type has no field for them.
    assert!(!format!("{first:?}").contains("000000"));
}

/// The padrón and a body's page are served from memory between writes (no query, no thread
/// hand-off): every write, of any kind, makes the next view read again.
fn pages_read_from_the_cache_never_show_less_than_the_last_write(db: &Db) {
    sample_tree(&db.store);
    let s = &db.store;
    let names = |search: Option<&str>| -> Vec<String> {
        registry::padron_page(s, &op(), "S1", search, 0, 50).unwrap().iter().map(|h| h.name.display()).collect()
    };
    let cached_padron = || registry::padron_cached(s, &op(), "S1", None, 0, 50).unwrap();
    let cached_overview = || registry::body_overview_cached(s, &op(), "S1").unwrap();
    // Nothing is cached before the first view; the first view loads, the next comes from memory.
    assert_eq!(cached_padron(), None);
    assert_eq!(cached_overview(), None);
    let household = registry::add_household(
        s,
        &op(),
        "S1",
        &person("Juana", "Mamani", "Quispe"),
        &HouseholdData::default(),
        &[parcel("L-001", 10_000)],
    )
    .unwrap();
    assert_eq!(names(None), ["Juana Mamani Quispe"]);
    let overview = registry::body_overview(s, &op(), "S1").unwrap();
    assert_eq!(cached_padron().map(|p| p.households.len()), Some(1));
    assert_eq!(cached_overview(), Some(overview));
    // A new family.
    registry::add_household(s, &op(), "S1", &person("Pedro", "Choque", ""), &HouseholdData::default(), &[]).unwrap();
    assert_eq!(cached_padron(), None, "a write makes the cached padrón out of date");
    assert_eq!(names(None), ["Pedro Choque", "Juana Mamani Quispe"]);
    // A parcel is found by its code at once.
    assert!(names(Some("l-077")).is_empty());
    registry::add_parcel(s, &op(), household, &parcel("L-077", 5_000)).unwrap();
    assert_eq!(names(Some("l-077")), ["Juana Mamani Quispe"]);
    // A corrected name is searched by its new spelling, not its old one.
    let corrected = person("Juana", "Mamani", "Quispé");
    registry::update_household(s, &op(), household, &corrected, &HouseholdData::default()).unwrap();
    assert_eq!(names(Some("mamani")), ["Juana Mamani Quispé"]);
    // The body's page: offices, affiliations and history as soon as they are written.
    assert!(registry::body_overview(s, &op(), "S1").unwrap().offices.is_empty());
    let term = NewOffice::new("Secretario General", date(2026, 1, 10), None).unwrap();
    registry::add_office(s, &op(), "S1", &person("Rosa", "Apaza", ""), &term).unwrap();
    assert_eq!(cached_overview(), None);
    assert_eq!(registry::body_overview(s, &op(), "S1").unwrap().offices.len(), 1);
    body(s, None, BodyKind::Instrumento, "Instrumento Político", "IPSP");
    registry::affiliate(s, &op(), "S1", "IPSP", AffiliationKind::Full, date(2026, 2, 1)).unwrap();
    registry::rename_body(s, &op(), "S1", "Sindicato San Gabriel Alto").unwrap();
    let overview = registry::body_overview(s, &op(), "S1").unwrap();
    assert_eq!(overview.affiliations.len(), 1);
    assert_eq!(overview.body.name, "Sindicato San Gabriel Alto");
    assert!(overview.history.iter().any(|e| matches!(e.kind, BodyEventKind::Renamed { .. })));
    // Permissions are checked on every view, cached or not.
    let stranger = at(today());
    let stranger = cabildo_services::Ctx { actor: cabildo_services::Actor::Anonymous, ..stranger };
    assert!(registry::padron_cached(s, &stranger, "S1", None, 0, 50).is_err());
}

fn the_cache_by_key_stays_within_its_budget(db: &Db) {
    struct Rows(usize);
    let s = &db.store;
    let put = |key: i64, rows: usize| s.cached_by(key, |r: &Rows| r.0, |_| Ok::<_, StoreError>(Rows(rows))).unwrap();
    let kept = |key: i64| s.peek_cached_by::<Rows>(key).is_some();
    let half = KEYED_CACHE_BUDGET / 2;
    put(1, half);
    put(2, half);
    assert!(kept(1) && kept(2));
    // A third does not fit: nothing is out of date, so the cache starts over with it.
    put(3, half);
    assert!(!kept(1) && !kept(2) && kept(3));
    // Out-of-date values make room first.
    body(s, None, BodyKind::Confederacion, "Seis Federaciones", "TROPICO");
    assert!(!kept(3), "a write makes every value out of date");
    put(4, half);
    put(5, half);
    assert!(kept(4) && kept(5));
    // Heavier than the whole budget: answered, never kept.
    assert_eq!(put(6, KEYED_CACHE_BUDGET + 1).0, KEYED_CACHE_BUDGET + 1);
    assert!(!kept(6) && kept(4) && kept(5));
}

fn members_are_counted_at_every_level(db: &Db) {
    sample_tree(&db.store);
    for (sindicato, n) in [("S1", 3), ("S2", 2), ("S3", 4)] {
        for i in 0..n {
            registry::add_household(
                &db.store,
                &op(),
                sindicato,
                &person("Ana", "Flores", ""),
                &HouseholdData::default(),
                &[parcel(&format!("P{i}"), 1)],
            )
            .unwrap();
        }
    }
    assert_eq!(registry::count_members(&db.store, &op(), "TROPICO"), Ok(9));
    assert_eq!(registry::count_members(&db.store, &op(), "C1"), Ok(5));
    assert_eq!(registry::count_members(&db.store, &op(), "S3"), Ok(4));
    let levels = registry::counts_per_level(&db.store, &op(), "TROPICO").unwrap();
    let summary: Vec<(usize, &str, u64, u64)> =
        levels.iter().map(|l| (l.depth, l.kind.code(), l.bodies, l.members)).collect();
    assert_eq!(
        summary,
        [(0, "confederacion", 1, 9), (1, "federacion", 1, 9), (2, "central", 2, 9), (3, "sindicato", 3, 9)]
    );
}

fn offices_keep_their_history(db: &Db) {
    sample_tree(&db.store);
    let term = NewOffice::new("Secretario General", date(2025, 1, 10), Some(date(2027, 1, 10))).unwrap();
    let first = registry::add_office(&db.store, &op(), "F1", &person("Leonardo", "Loza", ""), &term).unwrap();
    registry::end_office(&db.store, &op(), first.id, date(2026, 3, 1), OfficeEnd::Recall).unwrap();
    let next = NewOffice::new("Secretario General", date(2026, 3, 1), Some(date(2027, 1, 10))).unwrap();
    registry::add_office(&db.store, &op(), "F1", &person("Rufina", "Apaza", "Villca"), &next).unwrap();
    let offices = registry::body_overview(&db.store, &op(), "F1").unwrap().offices;
    assert_eq!(offices.len(), 2);
    assert_eq!(offices[0].holder.display(), "Rufina Apaza Villca");
    assert!(offices[0].is_current(date(2026, 6, 1)));
    assert_eq!(offices[1].end_reason, Some(OfficeEnd::Recall));
    assert!(!offices[1].is_current(date(2026, 6, 1)));
    assert!(matches!(
        registry::end_office(&db.store, &op(), first.id, date(2026, 4, 1), OfficeEnd::Resignation),
        Err(ServiceError::Domain(DomainError::OfficeAlreadyEnded { .. }))
    ));
}

fn individual_members_join_bodies_of_individuals(db: &Db) {
    sample_tree(&db.store);
    body(&db.store, None, BodyKind::Parlamento, "Parlamento de Mujeres", "PARLAMENTO");
    registry::add_member(&db.store, &op(), "PARLAMENTO", &person("Wara", "Condori", ""), date(2024, 3, 8)).unwrap();
    registry::add_member(&db.store, &op(), "PARLAMENTO", &person("Sisa", "Colque", ""), date(2024, 3, 8)).unwrap();
    assert_eq!(registry::members(&db.store, &op(), "PARLAMENTO").unwrap().len(), 2);
    assert_eq!(registry::count_members(&db.store, &op(), "PARLAMENTO"), Ok(2));
    assert!(matches!(
        registry::add_member(&db.store, &op(), "S1", &person("Wara", "Condori", ""), today()),
        Err(ServiceError::NotIndividualBody { .. })
    ));
}

fn a_failed_write_changes_nothing(db: &Db) {
    let result: Result<(), StoreError> = db.store.write(|repo| {
        let new = NewBody::new(None, BodyKind::Central, None, "Efímera", Some("TEMP"), today()).unwrap();
        repo.insert_body(&new, cabildo_store::Minter::new(1_795_000_000_000)?.mint()?)?;
        Err(StoreError::Conflict("the use-case changed its mind".into()))
    });
    assert!(result.is_err());
    assert_eq!(db.raw_count("bodies"), 0);
    assert_eq!(db.store.read(|repo| repo.body_by_code("TEMP")), Ok(None));
}
