//! The chain of sealed actas against the heads kept of it, on both backends: each way an attacker
//! with the database in hand cut, un-sealed, reordered or damaged the chain — by raw SQL, behind
//! Cabildo's back — is found by `verify` (and `cabildo verify` exits 1); a legitimate rename or a
//! corrected name is not, and shows as a later change instead (exit 0).

use cabildo_domain::access::Role;
use cabildo_domain::assembly::AssemblyId;
use cabildo_domain::chain::ChainHead;
use cabildo_domain::{HouseholdData, PersonData, PersonName};
use cabildo_services::access::PasswordCost;
use cabildo_services::acta::{self, GivenHead, Verification};
use cabildo_services::assembly::{self, Attendee};
use cabildo_services::registry;
use cabildo_services::{Ctx, Store};

use crate::assembly::{PASSWORD, persons, sealed_assembly, signer, sindicato, statute};
use crate::support::{Db, local, on_both_backends, op};

on_both_backends!(
    sealing_records_the_head_for_the_body_above_and_the_record_is_append_only,
    deleting_the_last_sealed_acta_and_its_signatures_is_detected,
    unsealing_the_last_acta_is_detected,
    deleting_every_acta_is_detected,
    truncating_the_chain_is_detected,
    reordering_the_chain_is_detected,
    an_acta_that_cannot_be_rebuilt_is_a_finding_even_with_a_changed_count,
    a_head_given_by_hand_catches_what_the_database_alone_cannot,
    a_rename_and_a_corrected_name_are_later_changes_not_tampering,
    an_assembly_closed_long_ago_without_a_sealed_acta_is_a_warning,
);

/// Sindicato S4 (under central CS4) with six families and three sealed actas. Returns the
/// assemblies in order.
fn three_sealed(db: &Db) -> Vec<AssemblyId> {
    let s = &db.store;
    let households = sindicato(s, "S4", 6);
    statute(s, "S4");
    let rosa = signer(s, "rosa", "S4", Role::SecretarioActas);
    let ids: Vec<AssemblyId> = (1..=3).map(|n| sealed_assembly(s, &households, n, &rosa).0).collect();
    let found = acta::verify(s, &op(), Some("S4")).unwrap();
    assert!(found.problems.is_empty() && found.warnings.is_empty(), "untouched: {:?}", found.problems);
    ids
}

fn acta_id(s: &Store, a: AssemblyId) -> i64 {
    acta::view(s, &op(), a).unwrap().acta.id
}

fn verify(db: &Db) -> Verification {
    acta::verify(&db.store, &op(), None).unwrap()
}

/// The codes of what was found, in order.
fn codes(v: &Verification) -> Vec<&'static str> {
    v.problems.iter().map(|p| p.code()).collect()
}

/// `cabildo verify` on the database, with extra arguments: exit code and what it printed.
fn cli(db: &Db, args: &[&str]) -> (Option<i32>, String) {
    crate::support::cabildo_cli(&db.location, &[&["verify"], args].concat())
}

/// Deletes an acta and its signatures, as an attacker with the database would.
fn delete_acta(db: &Db, id: i64) {
    db.raw_execute(&format!("DELETE FROM acta_signatures WHERE acta_id = {id}; DELETE FROM actas WHERE id = {id}"));
}

fn sealing_records_the_head_for_the_body_above_and_the_record_is_append_only(db: &Db) {
    let ids = three_sealed(db);
    let s = &db.store;
    let heads = db.raw_tables()["chain_heads"].clone();
    assert_eq!(heads.len(), 3, "one head per seal: {heads:?}");
    let chain: Vec<String> = db.raw_texts("SELECT chain_hash FROM actas WHERE status = 'sealed' ORDER BY seq");
    let central = s.read(|r| r.body_by_code("CS4")).unwrap().unwrap();
    let sindicato = s.read(|r| r.body_by_code("S4")).unwrap().unwrap();
    for (n, head) in heads.iter().enumerate() {
        assert_eq!(head["acta_count"], (n + 1).to_string());
        assert_eq!(head["chain_hash"], chain[n]);
        assert_eq!(head["keeper_id"], central.id.0.to_string());
        assert_eq!(head["body_id"], sindicato.id.0.to_string());
        assert_eq!(head["source"], "seal");
        assert_eq!(head["recorded_by"], "operador");
    }
    // The head now is what the verification prints, and what the convocatoria shows.
    let found = verify(db);
    let head = ChainHead { count: 3, hash: chain[2].clone() };
    assert!(found.heads.iter().any(|(_, code, h)| code == "S4" && *h == head), "{:?}", found.heads);
    assert_eq!(assembly::view(s, &op(), ids[0]).unwrap().chain_head, head);
    // The keeper's record cannot be changed or deleted, even by hand (short of dropping the
    // database's own guard, which the next tests do).
    assert!(db.raw_try("UPDATE chain_heads SET acta_count = 2").is_err());
    assert!(db.raw_try("DELETE FROM chain_heads").is_err());
    assert_eq!(db.raw_count("chain_heads"), 3);
}

fn deleting_the_last_sealed_acta_and_its_signatures_is_detected(db: &Db) {
    let ids = three_sealed(db);
    delete_acta(db, acta_id(&db.store, ids[2]));
    let found = verify(db);
    assert_eq!(codes(&found), ["acta_chain_shorter_than_head"], "{:?}", found.problems);
    let args = found.problems[0].args();
    assert!(args.contains(&("found", "2".into())) && args.contains(&("witness", "kept".into())), "{args:?}");
    assert!(args.contains(&("keeper", "Central de S4 (CS4)".into())), "{args:?}");
    let (code, text) = cli(db, &[]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("menos que las de la cabeza 3:"), "{text}");
    assert!(text.contains("que guarda Central de S4 (CS4)"), "{text}");
}

fn unsealing_the_last_acta_is_detected(db: &Db) {
    let ids = three_sealed(db);
    let id = acta_id(&db.store, ids[2]);
    // Put back to draft, the sealed fields left in place: both the draft and the short chain show.
    db.raw_execute(&format!("UPDATE actas SET status = 'draft' WHERE id = {id}"));
    assert_eq!(codes(&verify(db)), ["acta_unsealed", "acta_chain_shorter_than_head"]);
    // The sealed fields wiped too: the head the central keeps still says three.
    db.raw_execute(&format!(
        "UPDATE actas SET seq = NULL, content = NULL, content_hash = NULL, prev_hash = NULL, chain_hash = NULL, \
         sealed_at = NULL WHERE id = {id}"
    ));
    assert_eq!(codes(&verify(db)), ["acta_chain_shorter_than_head"]);
    let (code, text) = cli(db, &["--body", "S4"]);
    assert_eq!(code, Some(1), "{text}");
    // Signing and sealing it again makes a chain that holds every head: it is the same acta.
    let rosa = Ctx { now: op().now, ..signer(&db.store, "ana", "S4", Role::SecretarioActas) };
    acta::sign(&db.store, &rosa, PasswordCost::TESTS_ONLY, local(), ids[2], "Secretario de Actas", PASSWORD).unwrap();
    acta::seal(&db.store, &op(), ids[2]).unwrap();
    assert_eq!(codes(&verify(db)), Vec::<&str>::new());
}

fn deleting_every_acta_is_detected(db: &Db) {
    three_sealed(db);
    db.raw_execute("DELETE FROM acta_signatures; DELETE FROM actas");
    // No sealed acta is left, yet the body is checked: the central keeps its head.
    let found = verify(db);
    assert_eq!(codes(&found), ["acta_chain_shorter_than_head"], "{:?}", found.problems);
    assert!(found.problems[0].args().contains(&("found", "0".into())));
    let (code, text) = cli(db, &[]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("Sindicato S4 (S4): 0 actas selladas"), "{text}");
    let (code, text) = cli(db, &["--body", "S4"]);
    assert_eq!(code, Some(1), "{text}");
}

fn truncating_the_chain_is_detected(db: &Db) {
    let ids = three_sealed(db);
    for a in &ids[1..] {
        delete_acta(db, acta_id(&db.store, *a));
    }
    let found = verify(db);
    assert_eq!(codes(&found), ["acta_chain_shorter_than_head"], "{:?}", found.problems);
    assert!(found.problems[0].args().contains(&("found", "1".into())));
    // Acta 2 deleted from the middle instead: a gap, and a chain that no longer passes through
    // its heads.
    let db2 = if db.is_postgres() { Db::postgres().unwrap() } else { Db::sqlite() };
    let ids = three_sealed(&db2);
    delete_acta(&db2, acta_id(&db2.store, ids[1]));
    let found = verify(&db2);
    let found = codes(&found);
    assert!(found.contains(&"acta_sequence_gap") && found.contains(&"acta_chain_shorter_than_head"), "{found:?}");
    assert_eq!(cli(&db2, &[]).0, Some(1));
}

fn reordering_the_chain_is_detected(db: &Db) {
    let ids = three_sealed(db);
    let (first, second) = (acta_id(&db.store, ids[0]), acta_id(&db.store, ids[1]));
    db.raw_execute(&format!(
        "UPDATE actas SET seq = 1000 WHERE id = {first}; UPDATE actas SET seq = 1 WHERE id = {second}; \
         UPDATE actas SET seq = 2 WHERE id = {first}"
    ));
    let found = verify(db);
    let found = codes(&found);
    assert!(found.contains(&"acta_chain_broken"), "{found:?}");
    assert!(found.contains(&"acta_chain_diverges_from_head"), "{found:?}");
    assert_eq!(cli(db, &[]).0, Some(1));
}

fn an_acta_that_cannot_be_rebuilt_is_a_finding_even_with_a_changed_count(db: &Db) {
    let ids = three_sealed(db);
    let s = &db.store;
    let motion = assembly::view(s, &op(), ids[1]).unwrap().motions[0].motion.id;
    // A vote count changed, and the assembly's record damaged so the acta cannot be rebuilt.
    db.raw_execute(&format!("UPDATE vote_counts SET count = 4 WHERE motion_id = {} AND option = 'for'", motion.0));
    db.raw_execute(&format!("UPDATE assemblies SET kind = 'tampered' WHERE id = {}", ids[1].0));
    let found = verify(db);
    assert_eq!(codes(&found), ["acta_not_rebuilt"], "{:?}", found.problems);
    assert!(found.problems[0].acta().starts_with("2 Sindicato S4 (S4)"), "{}", found.problems[0].acta());
    let (code, text) = cli(db, &[]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("no se puede reconstruir"), "{text}");
    assert!(!text.contains("íntegra"), "{text}");
    // The whole assembly gone (its acta pointing at nothing): the same finding.
    db.raw_execute(&format!("UPDATE assemblies SET kind = 'ordinaria' WHERE id = {}", ids[1].0));
    assert_eq!(codes(&verify(db)), ["acta_field_changed"]);
    let hidden = db.raw_try(&format!(
        "UPDATE actas SET assembly_id = {} WHERE id = {}",
        i64::from(i32::MAX),
        acta_id(s, ids[2])
    ));
    if hidden.is_ok() {
        // SQLite without foreign keys lets the acta point at an assembly that does not exist.
        let found = verify(db);
        assert!(codes(&found).contains(&"acta_not_rebuilt"), "{:?}", found.problems);
    }
}

fn a_head_given_by_hand_catches_what_the_database_alone_cannot(db: &Db) {
    let ids = three_sealed(db);
    let head = verify(db).heads.into_iter().find(|(_, code, _)| code == "S4").unwrap().2;
    let written = format!("S4={}", head.short());
    // An attacker who also controls the keeper's record drops its guard and erases the heads.
    let drop_guard = if db.is_postgres() {
        "DROP TRIGGER chain_heads_no_change ON chain_heads"
    } else {
        "DROP TRIGGER chain_heads_no_delete"
    };
    db.raw_execute(drop_guard);
    db.raw_execute("DELETE FROM chain_heads");
    delete_acta(db, acta_id(&db.store, ids[2]));
    // The database alone now tells a consistent story of two actas...
    assert_eq!(codes(&verify(db)), Vec::<&str>::new());
    assert_eq!(cli(db, &[]).0, Some(0));
    // ...which the head written down from the third acta's page does not.
    let given = [written.parse::<GivenHead>().unwrap()];
    let found = acta::verify_against(&db.store, &op(), None, &given).unwrap();
    assert_eq!(codes(&found), ["acta_chain_shorter_than_head"]);
    assert!(found.problems[0].args().contains(&("witness", "given".into())));
    let (code, text) = cli(db, &["--head", &written]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("dada al verificar"), "{text}");
    // A head of the chain as it still is passes; a made-up one of the same length does not.
    let now = verify(db).heads.into_iter().find(|(_, code, _)| code == "S4").unwrap().2;
    assert_eq!(cli(db, &["--head", &format!("S4={now}")]).0, Some(0));
    let (code, text) = cli(db, &["--head", "S4=2:0123456789abcdef"]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("no pasa por la cabeza 2:0123456789abcdef"), "{text}");
    // A head that is not one is refused with the form it must take.
    let (code, text) = cli(db, &["--head", "S4=2:xyz"]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("no es una cabeza de cadena"), "{text}");
    let (code, text) = cli(db, &["--head", "NOPE=2:0123456789abcdef"]);
    assert_eq!(code, Some(1), "{text}");
}

fn a_rename_and_a_corrected_name_are_later_changes_not_tampering(db: &Db) {
    let ids = three_sealed(db);
    let s = &db.store;
    registry::rename_body(s, &op(), "S4", "Sindicato Agrario Cuatro").unwrap();
    // A representative's name corrected after the third assembly.
    let first = assembly::view(s, &op(), ids[2]).unwrap();
    let someone = first.attendance.as_ref().unwrap()[0].person_id;
    let household = persons(s, ids[2]).into_iter().find(|(_, p)| *p == someone).unwrap().0;
    let person = PersonData {
        name: PersonName::new("Juana Corregida", "Mamani", "Quispe").unwrap(),
        id_number: None,
        phone: None,
    };
    let found = registry::household_for_edit(s, &op(), household).unwrap();
    let data = HouseholdData { register_number: found.register_number, affiliated_on: found.affiliated_on };
    registry::update_household(s, &op(), household, &person, &data).unwrap();
    let found = verify(db);
    assert!(found.is_clean(), "{:?}", found.problems);
    let renamed: Vec<_> = found.later.iter().filter(|c| c.key == "body.name").collect();
    assert_eq!(renamed.len(), 3, "{:?}", found.later);
    assert_eq!((renamed[0].sealed.as_str(), renamed[0].now.as_str()), ("Sindicato S4", "Sindicato Agrario Cuatro"));
    let key = format!("attendance.{:08}.name", someone.0);
    assert!(found.later.iter().any(|c| c.key == key && c.now.contains("Corregida")), "{:?}", found.later);
    let (code, text) = cli(db, &[]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("Cadena íntegra"), "{text}");
    assert!(text.contains("cambio posterior anotado en el registro"), "{text}");
    // Renamed back and forth: still explained by the history.
    registry::rename_body(s, &op(), "S4", "Sindicato S4").unwrap();
    registry::rename_body(s, &op(), "S4", "Sindicato de Cuatro Esquinas").unwrap();
    assert!(verify(db).is_clean());
    // A name changed behind the register's back is not a rename.
    db.raw_execute("UPDATE bodies SET name = 'Sindicato Falso' WHERE code = 'S4'");
    let found = verify(db);
    assert_eq!(codes(&found), ["acta_name_changed", "acta_name_changed", "acta_name_changed"]);
    assert_eq!(cli(db, &[]).0, Some(1));
}

fn an_assembly_closed_long_ago_without_a_sealed_acta_is_a_warning(db: &Db) {
    let _ = three_sealed(db);
    let s = &db.store;
    let id = crate::assembly::convene(s, "S4", "Asamblea sin acta", "2026-05-15");
    let households: Vec<_> = persons(s, id).into_keys().collect();
    for h in &households[..4] {
        assembly::check_in(s, &op(), id, &Attendee::Household(*h), false).unwrap();
    }
    assembly::open(s, &op(), id).unwrap();
    assembly::close(s, &op(), id).unwrap();
    let later = |days: i64| Ctx { now: op().now + days * 86_400, ..op() };
    assert!(acta::verify(s, &later(30), None).unwrap().warnings.is_empty());
    let found = acta::verify(s, &later(31), None).unwrap();
    assert!(found.is_clean(), "a warning, not tampering: {:?}", found.problems);
    assert_eq!(found.warnings.iter().map(|w| w.code()).collect::<Vec<_>>(), ["acta_overdue"]);
    assert!(found.warnings[0].acta().contains("Asamblea sin acta"));
    // The body's page shows it to officers, not to a member.
    let overview = |ctx: &Ctx| registry::body_overview(s, ctx, "S4").unwrap().overdue_actas;
    assert_eq!(overview(&later(31)).len(), 1);
    assert!(overview(&op()).is_empty(), "not overdue yet");
    let member = Ctx { now: later(31).now, ..signer(s, "socio", "S4", Role::Afiliado) };
    assert!(overview(&member).is_empty());
    let officer = Ctx { now: later(31).now, ..signer(s, "hacienda", "S4", Role::SecretarioHacienda) };
    assert_eq!(overview(&officer)[0].1, 31);
}
