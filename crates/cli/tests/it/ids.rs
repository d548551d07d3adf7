//! Public ids (UUIDv7) on both backends: every record another instance may refer to gets one when
//! it is created, keeps it through reads, re-imports and the migration of an older database, and
//! the database refuses a record without one.

use std::collections::BTreeSet;
use std::path::Path;

use cabildo_domain::assembly::{BallotOption, DecisionRule, VoteMethod};
use cabildo_domain::{BodyKind, HouseholdData, HouseholdId, NewOffice, PersonData, PublicId};
use cabildo_services::assembly::{self, Attendee, ConveneForm, MotionForm, StatuteForm};
use cabildo_services::export::{ExportFormat, export_file};
use cabildo_services::import::import_file;
use cabildo_services::registry::{self, BodyForm};
use cabildo_store::{PUBLIC_ID_TABLES, Store, StoreError};

use crate::support::{Db, date, on_both_backends, op, parcel};

on_both_backends!(
    every_record_gets_its_own_public_id_and_keeps_it,
    a_database_from_before_public_ids_gets_one_for_every_row,
    the_database_refuses_a_missing_or_repeated_id_and_a_bad_one_reads_as_corrupt,
    public_ids_survive_importing_an_export_again,
);

fn body(store: &Store, parent: Option<&str>, kind: BodyKind, code: &str) -> cabildo_domain::Body {
    let form = BodyForm {
        parent: parent.map(Into::into),
        kind,
        composition: None,
        name: format!("Organización {code}"),
        code: Some(code.into()),
    };
    registry::create_body(store, &op(), &form).unwrap()
}

fn person(given: &str) -> PersonData {
    crate::support::person(given, "Mamani", "Quispe")
}

fn household(store: &Store, sindicato: &str, n: usize) -> HouseholdId {
    let data = HouseholdData { register_number: Some(n.to_string()), affiliated_on: None };
    let given = format!("Juana {}", char::from(b'A' + n as u8));
    registry::add_household(store, &op(), sindicato, &person(&given), &data, &[parcel(&format!("L-{n}"))]).unwrap()
}

/// Every public id of a table, as text, behind the application's back.
fn stored_ids(db: &Db, table: &str) -> Vec<String> {
    let sql = if db.is_postgres() {
        format!("SELECT public_id::text FROM {table} ORDER BY id")
    } else {
        format!("SELECT lower(hex(public_id)) FROM {table} ORDER BY id")
    };
    db.raw_texts(&sql)
}

/// Each table's ids are present, well formed and all different, and no id appears in two tables.
fn assert_every_row_has_its_own_id(db: &Db) -> BTreeSet<String> {
    let mut all = BTreeSet::new();
    for table in PUBLIC_ID_TABLES {
        let ids = stored_ids(db, table);
        assert_eq!(ids.len() as i64, db.raw_count(table), "{table}");
        for id in ids {
            let hex = id.replace('-', "");
            assert_eq!(hex.len(), 32, "{table}: {id}");
            assert_eq!(&hex[12..13], "7", "{table}: version 7: {id}");
            assert!(all.insert(hex), "{table}: {id} appears twice");
        }
    }
    all
}

const PADRON: &str = "N°;Apellido Paterno;Apellido Materno;Nombres;Nro. Lote;Superficie (Ha.)
1;Choque;Flores;Rosa;P-1;2,5
2;Fernández;;José Luis;P-2;1
2;Fernández;;José Luis;P-3;1
3;Ñuflo;Ayma;Evo;P-4;0,5
";

fn import(db: &Db, dir: &Path, target: &str, text: &str) -> cabildo_services::import::ImportReport {
    let path = dir.join("padron.csv");
    std::fs::write(&path, text).unwrap();
    import_file(&db.store, &op(), &path, target, &[], &|_| {}).unwrap()
}

fn every_record_gets_its_own_public_id_and_keeps_it(db: &Db) {
    let s = &db.store;
    let federation = body(s, None, BodyKind::Federacion, "F1");
    let sindicato = body(s, Some("F1"), BodyKind::Sindicato, "S1");
    let parliament = body(s, Some("F1"), BodyKind::Parlamento, "P1");
    let households: Vec<HouseholdId> = (0..3).map(|n| household(s, "S1", n)).collect();
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(import(db, dir.path(), "S1", PADRON).households_created, 3);
    let office = NewOffice::new("Secretaria General", date(2026, 1, 1), None).unwrap();
    let office = registry::add_office(s, &op(), "F1", &person("Leonilda"), &office).unwrap();
    let member = registry::add_member(s, &op(), "P1", &person("Segundina"), date(2026, 1, 1)).unwrap();

    // An assembly with a resolution and an acta.
    let statute = StatuteForm {
        quorum: "none".into(),
        absence_fine: "0".into(),
        signers: "secretario_actas".into(),
        ..StatuteForm::default()
    };
    assembly::update_statute(s, &op(), "S1", &statute).unwrap();
    let convened = assembly::convene(
        s,
        &op(),
        "S1",
        &ConveneForm {
            kind: "ordinaria".into(),
            title: "Asamblea de noviembre".into(),
            scheduled_for: "2026-11-23 09:00".into(),
            place: "Sede".into(),
            agenda: "Caminos".into(),
        },
    )
    .unwrap();
    for h in &households {
        assembly::check_in(s, &op(), convened.id, &Attendee::Household(*h), false).unwrap();
    }
    assembly::open(s, &op(), convened.id).unwrap();
    let form = MotionForm {
        title: "Arreglo del camino".into(),
        text: "Se arregla el camino.".into(),
        proposer: "Base".into(),
        origin: None,
        amends: None,
    };
    let motion = assembly::add_motion(s, &op(), convened.id, &form).unwrap();
    assembly::open_vote(s, &op(), motion.id, VoteMethod::ShowOfHands, DecisionRule::MajorityOfVotesCast).unwrap();
    assembly::record_hands(s, &op(), motion.id, &[(BallotOption::For, 3)]).unwrap();
    let vote = assembly::close_vote(s, &op(), motion.id).unwrap();
    let resolution = vote.resolution.unwrap();
    assembly::close(s, &op(), convened.id).unwrap();

    // Stamped with the context's time.
    let now_millis = u64::try_from(op().now).unwrap() * 1000;
    for id in
        [federation.public_id, office.public_id, member.person_public_id, convened.public_id, resolution.public_id]
    {
        assert!((now_millis..now_millis + 2).contains(&id.unix_millis()), "{id}");
    }
    let all = assert_every_row_has_its_own_id(db);
    // 3 bodies, 8 persons (6 families, an officer, a member), 6 families, 7 parcels, an office,
    // an assembly, a motion, a resolution, an acta.
    assert_eq!(all.len(), 3 + 8 + 6 + 7 + 1 + 1 + 1 + 1 + 1);

    // What the use-cases returned is what is stored, read after read, and found by the id.
    s.read(|repo| {
        for b in [&federation, &sindicato, &parliament] {
            assert_eq!(repo.body(b.id)?.map(|b| b.public_id), Some(b.public_id));
            assert_eq!(repo.body_by_public_id(b.public_id)?.as_ref(), Some(b));
        }
        for h in &households {
            let first = repo.household(*h)?.unwrap();
            assert_eq!(repo.household(*h)?.as_ref(), Some(&first));
            assert_eq!(repo.household_by_public_id(first.public_id)?.as_ref(), Some(&first));
            assert_ne!(first.public_id, first.representative.public_id);
            let parcels = repo.parcels_of(*h)?;
            assert_eq!(repo.parcels_of(*h)?, parcels);
        }
        let roster = repo.roster(sindicato.id)?;
        assert_eq!(roster.len(), 6);
        assert_eq!(roster.iter().map(|h| h.public_id).collect::<BTreeSet<_>>().len(), 6);
        assert_eq!(repo.offices(federation.id)?, vec![office.clone()]);
        assert_eq!(repo.memberships(parliament.id)?.first().map(|m| m.person_public_id), Some(member.person_public_id));
        let stored = repo.assembly_by_public_id(convened.public_id)?.unwrap();
        assert_eq!((stored.id, stored.public_id), (convened.id, convened.public_id));
        assert_eq!(repo.motion_by_public_id(motion.public_id)?.map(|m| m.id), Some(motion.id));
        assert_eq!(repo.motion(motion.id)?.map(|m| m.public_id), Some(motion.public_id));
        assert_eq!(repo.resolution_by_public_id(resolution.public_id)?.as_ref(), Some(&resolution));
        let acta = repo.acta_of(convened.id)?.unwrap();
        assert_eq!(repo.acta_by_public_id(acta.public_id)?.map(|a| a.id), Some(acta.id));
        assert_eq!(repo.body_by_public_id(acta.public_id)?, None, "ids of one table are not found in another");
        Ok::<_, StoreError>(())
    })
    .unwrap();
    // A body is found by its public id wherever a number or a code is accepted.
    let found = registry::resolve_body_in(s, &sindicato.public_id.to_string()).unwrap();
    assert_eq!(found.id, sindicato.id);
    let snapshot = registry::snapshot(s).unwrap();
    assert_eq!(snapshot.registry.resolve(&federation.public_id.to_string()).unwrap().id, federation.id);
    // The families one import created (after the three added one by one) got ids in the order
    // they were created: one minter, one millisecond, a counter going up. (Ids of two use-cases
    // within one second of each other need not sort: `Ctx::now` has no finer grain.)
    let ids = stored_ids(db, "households");
    assert_eq!(ids.len(), 6);
    assert!(ids[3..].windows(2).all(|w| w[0] < w[1]), "{ids:?}");
}

/// Rows of every kind that gets a public id, written as Cabildo wrote them before it had them.
const OLD_ROWS: &str = "
INSERT INTO bodies (parent_id, kind, composition, name, code, created_on) VALUES
    (NULL, 'federacion', 'delegates', 'Federación Antigua', 'F0', '2020-01-01');
INSERT INTO bodies (parent_id, kind, composition, name, code, created_on, published)
    SELECT id, 'sindicato', 'households', 'Sindicato Antiguo', 'S0', '2020-02-01', 1 FROM bodies WHERE code = 'F0';
INSERT INTO persons (given_names, first_surname, second_surname, search_key) VALUES
    ('Juana', 'Mamani', 'Quispe', 'juana mamani quispe'),
    ('José', 'Choque', NULL, 'jose choque'),
    ('Rosa', 'Ñuflo', NULL, 'rosa nuflo');
INSERT INTO households (body_id, person_id, register_number, affiliated_on)
    SELECT b.id, p.id, p.given_names, '1998-03-05' FROM bodies b, persons p
    WHERE b.code = 'S0' AND p.given_names IN ('Juana', 'José');
INSERT INTO parcels (body_id, household_id, code, area_m2)
    SELECT h.body_id, h.id, 'L-' || h.register_number, 25000 FROM households h;
INSERT INTO parcels (body_id, household_id, code)
    SELECT h.body_id, h.id, 'L-extra' FROM households h WHERE h.register_number = 'Juana';
INSERT INTO offices (body_id, person_id, title, term_start)
    SELECT b.id, p.id, 'Secretaria General', '2024-01-01' FROM bodies b, persons p
    WHERE b.code = 'F0' AND p.given_names = 'Rosa';
INSERT INTO assemblies (body_id, kind, title, scheduled_for, place, status, convened_at)
    SELECT id, 'ordinaria', 'Asamblea antigua', '2025-10-10T09:00', 'Sede', 'closed', 1760000000
    FROM bodies WHERE code = 'S0';
INSERT INTO motions (assembly_id, number, kind, title, text, proposer, status, outcome)
    SELECT id, 1, 'motion', 'Camino', 'Se arregla el camino.', 'Base', 'decided', 'adopted' FROM assemblies;
INSERT INTO motions (assembly_id, number, kind, title, text, proposer, status)
    SELECT id, 2, 'motion', 'Puente', 'Se hace un puente.', 'Base', 'pending' FROM assemblies;
INSERT INTO resolutions (body_id, year, number, motion_id, title, text, adopted_on)
    SELECT a.body_id, 2025, 1, m.id, m.title, m.text, '2025-10-10' FROM motions m
    JOIN assemblies a ON a.id = m.assembly_id WHERE m.number = 1;
INSERT INTO actas (assembly_id, body_id, notes, status) SELECT id, body_id, 'Sin novedad.', 'draft' FROM assemblies;
";

fn a_database_from_before_public_ids_gets_one_for_every_row(db: &Db) {
    let old = db.unmigrated_sibling();
    old.raw_execute(&old.schema_4());
    old.raw_execute(OLD_ROWS);
    assert_eq!(old.store.schema_version().unwrap(), 4);
    let before: Vec<i64> = PUBLIC_ID_TABLES.iter().map(|t| old.raw_count(t)).collect();
    assert_eq!(before, [2, 3, 2, 3, 1, 1, 2, 1, 1]);

    let report = old.store.migrate().unwrap();
    // (The migrations after 5 follow it.)
    assert_eq!((report.from_version, report.applied.first().map(String::as_str)), (4, Some("0005_public_ids")));
    let after: Vec<i64> = PUBLIC_ID_TABLES.iter().map(|t| old.raw_count(t)).collect();
    assert_eq!(after, before, "no row lost or added");
    assert_every_row_has_its_own_id(&old);
    for table in PUBLIC_ID_TABLES {
        // Backfilled ids follow the local keys: they sort as the rows were created.
        let ids = stored_ids(&old, table);
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "{table}: {ids:?}");
    }

    // Every record reads back whole, with its id, and is found by it.
    let s = &old.store;
    let sindicato = registry::resolve_body_in(s, "S0").unwrap();
    assert!(sindicato.published);
    s.read(|repo| {
        assert_eq!(repo.body_by_public_id(sindicato.public_id)?.as_ref(), Some(&sindicato));
        let roster = repo.roster(sindicato.id)?;
        assert_eq!(roster.len(), 2);
        for family in &roster {
            let household = repo.household(family.id)?.unwrap();
            assert_eq!(household.public_id, family.public_id);
            assert_eq!(repo.household_by_public_id(family.public_id)?.map(|h| h.id), Some(family.id));
            assert!(repo.parcels_of(family.id)?.iter().all(|p| p.public_id != family.public_id));
        }
        let federation = repo.body_by_code("F0")?.unwrap();
        assert_eq!(repo.offices(federation.id)?.len(), 1);
        let meeting = repo.assemblies(sindicato.id, 10)?.pop().unwrap();
        assert_eq!(repo.assembly_by_public_id(meeting.public_id)?.map(|a| a.id), Some(meeting.id));
        let motions = repo.motions(meeting.id)?;
        assert_eq!(motions.len(), 2);
        for m in &motions {
            assert_eq!(repo.motion_by_public_id(m.public_id)?.as_ref(), Some(m));
        }
        let resolution = repo.resolutions(sindicato.id, 10)?.pop().unwrap();
        assert_eq!(repo.resolution_by_public_id(resolution.public_id)?.as_ref(), Some(&resolution));
        let acta = repo.acta_of(meeting.id)?.unwrap();
        assert_eq!(repo.acta_by_public_id(acta.public_id)?.as_ref(), Some(&acta));
        Ok::<_, StoreError>(())
    })
    .unwrap();

    // The migrated database takes new records beside the old ones, and a second start changes
    // nothing.
    household(s, "S0", 3);
    body(s, Some("F0"), BodyKind::Sindicato, "S9");
    assert_every_row_has_its_own_id(&old);
    let ids_before = stored_ids(&old, "bodies");
    assert!(old.store.migrate().unwrap().applied.is_empty());
    assert_eq!(stored_ids(&old, "bodies"), ids_before);
}

fn the_database_refuses_a_missing_or_repeated_id_and_a_bad_one_reads_as_corrupt(db: &Db) {
    let s = &db.store;
    body(s, None, BodyKind::Federacion, "F1");
    let sindicato = body(s, Some("F1"), BodyKind::Sindicato, "S1");
    household(s, "S1", 1);
    // Written behind Cabildo's back without an id: refused.
    let missing = db.raw_try(
        "INSERT INTO bodies (kind, composition, name, code, created_on) \
         VALUES ('sindicato', 'households', 'Sin id', 'X1', '2026-01-01')",
    );
    assert!(missing.is_err(), "a body without a public id was stored");
    for table in ["persons", "households", "parcels"] {
        let nulled = db.raw_try(&format!("UPDATE {table} SET public_id = NULL"));
        assert!(nulled.is_err(), "{table}: a public id was taken away");
    }
    // Two records with one id: refused.
    let copied = db.raw_try(
        "UPDATE bodies SET public_id = (SELECT public_id FROM bodies WHERE code = 'F1') \
                             WHERE code = 'S1'",
    );
    assert!(copied.is_err(), "two bodies got one public id");
    // Something that is not a UUIDv7 reads as corrupt data, never as some default.
    let bad = if db.is_postgres() {
        "UPDATE bodies SET public_id = '550e8400-e29b-41d4-a716-446655440000' WHERE code = 'S1'"
    } else {
        "UPDATE bodies SET public_id = x'00' WHERE code = 'S1'"
    };
    db.raw_execute(bad);
    let read = s.read(|repo| repo.body(sindicato.id));
    assert!(matches!(read, Err(StoreError::Corrupt(_))), "{read:?}");
    let fresh = Store::open(&db.location).unwrap();
    assert!(matches!(fresh.read(|repo| repo.bodies()), Err(StoreError::Corrupt(_))));
    assert!(PublicId::parse("550e8400-e29b-41d4-a716-446655440000").is_err());
}

/// The padrón file carries no public ids (it is a spreadsheet for people; see ARCHITECTURE.md):
/// importing an export again into the same database finds every family by its parcels and keeps
/// its ids; a new database gives the same families new ones.
fn public_ids_survive_importing_an_export_again(db: &Db) {
    let s = &db.store;
    body(s, None, BodyKind::Federacion, "F1");
    let sindicato = body(s, Some("F1"), BodyKind::Sindicato, "S1");
    let dir = tempfile::tempdir().unwrap();
    import(db, dir.path(), "S1", PADRON);
    let ids = |store: &Store| -> Vec<(String, PublicId)> {
        store
            .read(|repo| repo.roster(sindicato.id))
            .unwrap()
            .into_iter()
            .map(|h| (h.name.display(), h.public_id))
            .collect()
    };
    let before = ids(s);
    let parcels_before = stored_ids(db, "parcels");
    let exported = dir.path().join("export.csv");
    export_file(s, &op(), "F1", &exported, ExportFormat::Spreadsheet, true).unwrap();
    let report = import_file(s, &op(), &exported, "F1", &[], &|_| {}).unwrap();
    assert_eq!((report.households_created, report.parcels_created), (0, 0));
    assert_eq!(ids(s), before);
    assert_eq!(stored_ids(db, "parcels"), parcels_before);

    let elsewhere = Db::sqlite();
    body(&elsewhere.store, None, BodyKind::Federacion, "F1");
    body(&elsewhere.store, Some("F1"), BodyKind::Sindicato, "S1");
    import_file(&elsewhere.store, &op(), &exported, "F1", &[], &|_| {}).unwrap();
    let there = ids(&elsewhere.store);
    assert_eq!(
        there.iter().map(|(name, _)| name).collect::<Vec<_>>(),
        before.iter().map(|(n, _)| n).collect::<Vec<_>>()
    );
    assert!(there.iter().zip(&before).all(|(a, b)| a.1 != b.1));
}
