//! Accounts and permissions by body, on both backends: roles reach the sub-tree they are granted
//! on, and nothing else; personal data stays inside the body and above; every change is audited.

use cabildo_domain::access::{Action, Role};
use cabildo_domain::{BodyId, BodyKind, HouseholdData, ParcelData, PersonData, PersonName};
use cabildo_services::access::{self, PasswordCost};
use cabildo_services::registry::{self, BodyForm};
use cabildo_services::{Actor, Ctx, ServiceError};
use cabildo_store::Store;

use crate::support::{Db, add_body, local, on_both_backends, op, today};

on_both_backends!(
    the_first_account_needs_no_one_and_later_ones_need_an_administrator,
    the_first_administrator_is_created_with_every_root_role_in_one_step,
    a_role_reaches_its_subtree_and_nothing_beside_it,
    members_see_names_and_only_officers_see_contact_data,
    visitors_who_are_not_signed_in_see_nothing_private,
    sessions_and_tokens_are_kept_only_as_hashes,
    every_change_is_audited_and_shown_to_officers,
);

const NOW: i64 = 1_795_000_000;
const PASSWORD: &str = "una frase bastante larga";

fn tree(store: &Store) {
    let add = |parent, kind, name, code| {
        add_body(store, parent, kind, name, code);
    };
    add(None, BodyKind::Federacion, "Federación Especial", "F1");
    add(Some("F1"), BodyKind::Central, "Central Ichoa", "C1");
    add(Some("F1"), BodyKind::Central, "Central Chimoré", "C2");
    add(Some("C1"), BodyKind::Sindicato, "Sindicato San Gabriel", "S1");
    add(Some("C2"), BodyKind::Sindicato, "Sindicato Nueva Canaán", "S3");
}

fn account(store: &Store, username: &str, grants: &[(&str, Role)]) -> Ctx {
    access::create_account(store, &op(), PasswordCost::TESTS_ONLY, username, username, PASSWORD).unwrap();
    for (body, role) in grants {
        access::grant(store, &op(), username, body, *role).unwrap();
    }
    let session = access::sign_in(store, local(), NOW, username, PASSWORD).unwrap();
    let (actor, _, _) = access::session_actor(store, NOW, &session.secret).unwrap().unwrap();
    Ctx { actor, now: NOW, today: today() }
}

fn family(name: &str, parcel: &str) -> (PersonData, Vec<ParcelData>) {
    let person = PersonData {
        name: PersonName::new(name, "Mamani", "").unwrap(),
        id_number: Some("4567890".into()),
        phone: Some("71234567".into()),
    };
    (person, vec![crate::support::parcel(parcel)])
}

fn the_first_account_needs_no_one_and_later_ones_need_an_administrator(db: &Db) {
    tree(&db.store);
    let anonymous = Ctx { actor: Actor::Anonymous, now: NOW, today: today() };
    assert!(access::needs_first_account(&db.store).unwrap());
    access::create_account(&db.store, &anonymous, PasswordCost::TESTS_ONLY, "admin", "Administración", PASSWORD)
        .unwrap();
    assert!(!access::needs_first_account(&db.store).unwrap());
    let second = access::create_account(&db.store, &anonymous, PasswordCost::TESTS_ONLY, "intruso", "X", PASSWORD);
    assert!(matches!(second, Err(ServiceError::Forbidden { .. })), "{second:?}");
    let short = access::create_account(&db.store, &op(), PasswordCost::TESTS_ONLY, "juana", "Juana", "corta");
    assert!(matches!(short, Err(ServiceError::Domain(_))));
    let again = access::create_account(&db.store, &op(), PasswordCost::TESTS_ONLY, "ADMIN", "Otra", PASSWORD);
    assert_eq!(again.map(|a| a.id), Err(ServiceError::DuplicateUsername { username: "admin".into() }));
    assert_eq!(db.raw_count("accounts"), 1);
}

fn the_first_administrator_is_created_with_every_root_role_in_one_step(db: &Db) {
    tree(&db.store);
    registry::create_body(
        &db.store,
        &op(),
        &BodyForm {
            parent: None,
            kind: BodyKind::Instrumento,
            composition: None,
            name: "Instrumento Político".into(),
            code: Some("IPSP".into()),
        },
    )
    .unwrap();
    let anonymous = Ctx { actor: Actor::Anonymous, now: NOW, today: today() };
    let cost = PasswordCost::TESTS_ONLY;
    // A bad password creates nothing at all.
    let short = access::create_first_administrator(&db.store, &anonymous, cost, "admin", "Administración", "corta");
    assert!(matches!(short, Err(ServiceError::Domain(_))), "{short:?}");
    assert_eq!((db.raw_count("accounts"), db.raw_count("grants")), (0, 0));
    let admin =
        access::create_first_administrator(&db.store, &anonymous, cost, "admin", "Administración", PASSWORD).unwrap();
    let grants = db.store.read(|r| r.grants(admin.id)).unwrap();
    let roots: Vec<i64> = grants.iter().map(|g| g.body.0).collect();
    assert_eq!(roots.len(), 2, "one role on each root body: {grants:?}");
    assert!(grants.iter().all(|g| g.role == Role::Administrador), "{grants:?}");
    // The second visitor is refused, and nothing changes.
    let second = access::create_first_administrator(&db.store, &anonymous, cost, "otro", "Otro", PASSWORD);
    assert!(matches!(second, Err(ServiceError::Forbidden { .. })), "{second:?}");
    assert_eq!((db.raw_count("accounts"), db.raw_count("grants")), (1, 2));
}

fn a_role_reaches_its_subtree_and_nothing_beside_it(db: &Db) {
    tree(&db.store);
    let actas = account(&db.store, "actas.c1", &[("C1", Role::SecretarioActas)]);
    let (person, parcels) = family("Juana", "L-1");
    registry::add_household(&db.store, &actas, "S1", &person, &HouseholdData::default(), &parcels).unwrap();
    let refused = registry::add_household(&db.store, &actas, "S3", &person, &HouseholdData::default(), &parcels);
    assert_eq!(refused, Err(ServiceError::Forbidden { body: "Sindicato Nueva Canaán (S3)".into() }));
    let refused = registry::rename_body(&db.store, &actas, "F1", "Otra");
    assert!(matches!(refused, Err(ServiceError::Forbidden { .. })));
    assert!(matches!(registry::move_body(&db.store, &actas, "S1", Some("C2")), Err(ServiceError::Forbidden { .. })));
    assert!(matches!(
        access::grant(&db.store, &actas, "actas.c1", "F1", Role::Administrador),
        Err(ServiceError::Forbidden { .. })
    ));
    assert_eq!(db.raw_count("households"), 1);
    // The tree an account sees starts at its grants.
    let lines = registry::tree_report(&db.store, &actas, None).unwrap();
    assert_eq!(lines.iter().map(|l| l.body.code.as_str()).collect::<Vec<_>>(), ["C1", "S1"]);
    // A check reads the body's own line up to the root, as the register stands at that moment:
    // moved under the granted central, the other sindicato is within reach at once.
    let s3 = registry::resolve_body_in(&db.store, "S3").unwrap();
    let chain = db.store.read(|repo| repo.body_with_ancestors(s3.id)).unwrap();
    assert_eq!(chain.iter().map(|b| b.code.as_str()).collect::<Vec<_>>(), ["F1", "C2", "S3"]);
    assert!(db.store.read(|repo| repo.body_with_ancestors(BodyId(999_999))).unwrap().is_empty());
    registry::move_body(&db.store, &op(), "S3", Some("C1")).unwrap();
    registry::add_household(&db.store, &actas, "S3", &person, &HouseholdData::default(), &parcels).unwrap();
    // A body that does not exist is nobody's to touch.
    let unknown = db.store.read(|repo| actas.require(repo, Action::EditRegister, BodyId(999_999)));
    assert_eq!(unknown, Err(ServiceError::Forbidden { body: "999999".into() }));
}

fn members_see_names_and_only_officers_see_contact_data(db: &Db) {
    tree(&db.store);
    let (person, parcels) = family("Juana", "L-1");
    let id = registry::add_household(&db.store, &op(), "S1", &person, &HouseholdData::default(), &parcels).unwrap();
    let afiliado = account(&db.store, "afiliado", &[("S1", Role::Afiliado)]);
    let dirigente = account(&db.store, "dirigente", &[("F1", Role::Dirigente)]);
    let observador = account(&db.store, "observador", &[("F1", Role::Observador)]);
    assert_eq!(registry::padron_page(&db.store, &afiliado, "S1", None, 0, 50).unwrap().len(), 1);
    let (seen_by_member, _) = registry::household_detail(&db.store, &afiliado, id).unwrap();
    assert_eq!((seen_by_member.representative.id_number, seen_by_member.representative.phone), (None, None));
    let (seen_by_officer, _) = registry::household_detail(&db.store, &dirigente, id).unwrap();
    assert_eq!(seen_by_officer.representative.id_number.as_deref(), Some("4567890"));
    assert!(registry::body_overview(&db.store, &observador, "S1").is_ok());
    assert!(matches!(
        registry::padron_page(&db.store, &observador, "S1", None, 0, 50),
        Err(ServiceError::Forbidden { .. })
    ));
    assert!(matches!(
        registry::padron_page(&db.store, &afiliado, "S3", None, 0, 50),
        Err(ServiceError::Forbidden { .. })
    ));
}

fn visitors_who_are_not_signed_in_see_nothing_private(db: &Db) {
    tree(&db.store);
    let anonymous = Ctx { actor: Actor::Anonymous, now: NOW, today: today() };
    assert_eq!(
        registry::body_overview(&db.store, &anonymous, "S1").map(|o| o.members),
        Err(ServiceError::SignInRequired)
    );
    assert_eq!(
        registry::padron_page(&db.store, &anonymous, "S1", None, 0, 50).map(|p| p.len()),
        Err(ServiceError::SignInRequired)
    );
    assert!(registry::tree_report(&db.store, &anonymous, None).unwrap().is_empty());
}

fn sessions_and_tokens_are_kept_only_as_hashes(db: &Db) {
    tree(&db.store);
    access::create_account(&db.store, &op(), PasswordCost::TESTS_ONLY, "juana", "Juana Mamani", PASSWORD).unwrap();
    assert_eq!(
        access::sign_in(&db.store, local(), NOW, "juana", "equivocada!!").map(|s| s.expires_at),
        Err(ServiceError::BadCredentials)
    );
    assert_eq!(
        access::sign_in(&db.store, local(), NOW, "nadie", PASSWORD).map(|s| s.expires_at),
        Err(ServiceError::BadCredentials)
    );
    let session = access::sign_in(&db.store, local(), NOW, " Juana ", PASSWORD).unwrap();
    let found = access::session_actor(&db.store, NOW + 60, &session.secret).unwrap();
    assert!(matches!(found, Some((Actor::Account { .. }, _, _))));
    assert_eq!(access::session_actor(&db.store, session.expires_at + 1, &session.secret).unwrap(), None, "expired");
    assert_eq!(access::session_actor(&db.store, NOW, "forged").unwrap(), None);
    let token = access::create_api_token(&db.store, &op(), "juana", "radio").unwrap();
    assert!(matches!(access::token_actor(&db.store, 0, &token).unwrap(), Some(Actor::Account { .. })));
    assert_eq!(access::token_actor(&db.store, 0, "forged").unwrap(), None);
    // Nobody reading the database finds a usable secret.
    db.raw_execute(&format!(
        "CREATE TABLE leak AS SELECT token_hash AS v FROM sessions WHERE token_hash = '{}' \
         UNION ALL SELECT token_hash FROM api_tokens WHERE token_hash = '{}'",
        session.secret, token
    ));
    assert_eq!(db.raw_count("leak"), 0);
    access::sign_out(&db.store, &session.secret).unwrap();
    assert_eq!(access::session_actor(&db.store, NOW, &session.secret).unwrap(), None);
}

fn every_change_is_audited_and_shown_to_officers(db: &Db) {
    tree(&db.store);
    let actas = account(&db.store, "actas", &[("S1", Role::SecretarioActas)]);
    let (person, parcels) = family("Juana", "L-1");
    registry::add_household(&db.store, &actas, "S1", &person, &HouseholdData::default(), &parcels).unwrap();
    registry::rename_body(&db.store, &actas, "S1", "Sindicato San Gabriel Alto").unwrap();
    let trail = access::audit_trail(&db.store, &actas, "S1", 10).unwrap();
    let lines: Vec<(&str, &str)> = trail.iter().map(|e| (e.actor.as_str(), e.action.as_str())).collect();
    assert_eq!(lines[..3], [("actas", "body.rename"), ("actas", "household.create"), ("operador", "account.grant")]);
    assert_eq!(trail[0].at, NOW);
    // The federation's officers see what happened below them; a member does not.
    let above = access::audit_trail(&db.store, &op(), "F1", 100).unwrap();
    assert!(above.iter().any(|e| e.action == "household.create"));
    let afiliado = account(&db.store, "afiliado", &[("S1", Role::Afiliado)]);
    assert!(matches!(access::audit_trail(&db.store, &afiliado, "S1", 10), Err(ServiceError::Forbidden { .. })));
}
