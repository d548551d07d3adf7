//! Signing keys trusted only through the key log, on both backends: a planted key and a
//! re-signed forgery are found, a password change or an administrator's reset gives a new key
//! without breaking old signatures, wrong passwords change nothing, and keys from before the log
//! are trusted only when pinned.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};

use cabildo_domain::access::{Grant, Role};
use cabildo_domain::acta::{self as acta_rules, SigningKey};
use cabildo_domain::assembly::{AssemblyId, BallotOption, DecisionRule, VoteMethod};
use cabildo_domain::keylog::{KeyEntry, KeyKind, NewKeyEntry};
use cabildo_domain::{BodyKind, HouseholdData, HouseholdId};
use cabildo_services::access::{self, Account, PasswordCost};
use cabildo_services::assembly::{self, Attendee, ConveneForm, MotionForm, StatuteForm};
use cabildo_services::keys::{self, KeyPin, PasswordCheck};
use cabildo_services::registry::{self, BodyForm};
use cabildo_services::{Actor, Ctx, ServiceError, acta};
use cabildo_store::Store;

use axum::http::StatusCode;

use crate::support::{Db, RawRow, TestApp, local, on_both_backends, op, parcel, person, today};

on_both_backends!(
    a_planted_key_or_a_re_signed_forgery_is_found,
    a_password_change_keeps_old_signatures_and_endorses_the_new_key,
    an_administrator_resets_a_password_with_a_key_endorsed_by_theirs,
    tampering_with_the_key_log_itself_is_found,
    keys_from_before_the_log_are_legacy_entries_trusted_when_pinned,
    the_password_pages_change_and_reset_passwords,
);

pub(crate) const PASSWORD: &str = "contraseña de prueba 2026";
const NEW_PASSWORD: &str = "otra contraseña, más larga";
pub(crate) const ADMIN_PASSWORD: &str = "la del administrador 2026";
pub(crate) const COST: PasswordCost = PasswordCost::TESTS_ONLY;

/// A central (a root, whose administrador is `ana`, the first account: the key log's root) with
/// a sindicato S7 of six families, whose actas the secretario de actas `rosa` signs.
pub(crate) fn federation(s: &Store) -> Vec<HouseholdId> {
    for (parent, kind, code) in [(None, BodyKind::Central, "C7"), (Some("C7"), BodyKind::Sindicato, "S7")] {
        let form = BodyForm {
            parent: parent.map(str::to_string),
            kind,
            composition: None,
            name: format!("Organización {code}"),
            code: Some(code.into()),
        };
        registry::create_body(s, &op(), &form).unwrap();
    }
    access::create_first_administrator(s, &anonymous(), COST, "ana", "Ana Administradora", ADMIN_PASSWORD).unwrap();
    access::create_account(s, &op(), COST, "rosa", "Rosa Secretaria", PASSWORD).unwrap();
    access::grant(s, &op(), "rosa", "S7", Role::SecretarioActas).unwrap();
    crate::support::hold_office(s, "rosa", "S7", "Secretario de Actas");
    let form = StatuteForm {
        quorum: "half_plus_one".into(),
        absence_fine: "0".into(),
        signers: "secretario_actas".into(),
        ..StatuteForm::default()
    };
    assembly::update_statute(s, &op(), "S7", &form).unwrap();
    (0..6)
        .map(|i| {
            let person = person(&format!("Juana {}", char::from(b'A' + i as u8)), "Mamani", "Quispe");
            let data = HouseholdData { register_number: None, affiliated_on: None };
            registry::add_household(s, &op(), "S7", &person, &data, &[parcel(&format!("L-{i}"))]).unwrap()
        })
        .collect()
}

/// What an attacker with write access to the database would append to the key log: a
/// well-formed entry for `account`'s key `planted`, right after the log's head, signed by itself.
pub(crate) fn plant_key(s: &Store, account: &Account, planted: &SigningKey) {
    let previous = s.read(|repo| repo.key_log_head()).unwrap();
    let new = NewKeyEntry {
        account_id: account.id.0,
        username: account.username.clone(),
        public_key: planted.public_key_hex(),
        kind: KeyKind::Enrolled,
        admin: false,
        created_at: 1500,
    };
    let entry = KeyEntry::next(previous.as_ref(), new, Some(planted));
    s.write(|repo| repo.append_key_entry(&entry)).unwrap();
}

/// `by` changes `username`'s password from `old` to `new`, ending every session of the account.
fn change_password(s: &Store, by: &Ctx, username: &str, old: &str, new: &str) -> Result<(), ServiceError> {
    keys::change_password(s, by, PasswordCheck { cost: COST, attempt: local() }, username, old, new, None)
}

fn anonymous() -> Ctx {
    Ctx { actor: Actor::Anonymous, ..op() }
}

/// `username` acting at `now`, with its roles.
fn as_account(s: &Store, username: &str, now: i64) -> Ctx {
    let account = s.read(|repo| repo.account_by_username(username)).unwrap().unwrap();
    let grants: Vec<Grant> = s.read(|repo| repo.grants(account.id)).unwrap();
    Ctx { actor: Actor::Account { id: account.id, username: username.into(), grants }, now, today: today() }
}

/// Holds assembly `n` of S7 with four present and one motion (3 for, 1 against), and seals its
/// acta signed by rosa with `password` at `now`.
pub(crate) fn sealed_assembly(s: &Store, households: &[HouseholdId], n: u64, password: &str, now: i64) -> AssemblyId {
    let form = ConveneForm {
        kind: "ordinaria".into(),
        title: format!("Asamblea {n}"),
        scheduled_for: format!("2026-0{n}-15 09:00"),
        place: "Cancha".into(),
        agenda: "Informe".into(),
    };
    let id = assembly::convene(s, &op(), "S7", &form).unwrap().id;
    for h in &households[..4] {
        assembly::check_in(s, &op(), id, &Attendee::Household(*h), false).unwrap();
    }
    assembly::open(s, &op(), id).unwrap();
    let motion = MotionForm {
        title: format!("Moción {n}"),
        text: "La asamblea resuelve.".into(),
        proposer: "Base".into(),
        origin: None,
        amends: None,
    };
    let m = assembly::add_motion(s, &op(), id, &motion).unwrap().id;
    assembly::open_vote(s, &op(), m, VoteMethod::ShowOfHands, DecisionRule::MajorityOfVotesCast).unwrap();
    assembly::record_hands(s, &op(), m, &[(BallotOption::For, 3), (BallotOption::Against, 1)]).unwrap();
    assembly::close_vote(s, &op(), m).unwrap();
    assembly::close(s, &op(), id).unwrap();
    acta::sign(s, &as_account(s, "rosa", now), COST, local(), id, "Secretario de Actas", password).unwrap();
    assert_eq!(acta::seal(s, &op(), id).unwrap().seq, Some(n));
    id
}

/// The codes of every problem `verify` finds in S7, with `pin`.
pub(crate) fn findings(s: &Store, pin: Option<&KeyPin>) -> Vec<String> {
    let v = acta::verify_pinned(s, &op(), Some("S7"), pin).unwrap();
    v.problems.iter().map(|p| p.code().to_string()).chain(v.key_problems.iter().map(|p| p.code().to_string())).collect()
}

pub(crate) fn head(s: &Store) -> KeyPin {
    let (_, trust) = keys::key_log(s, &op(), None).unwrap();
    assert_eq!(trust.problems, vec![]);
    trust.head.unwrap()
}

/// `cabildo verify` on the test's database: exit code and output.
pub(crate) fn cli(db: &Db, args: &[&str], stdin: &str) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cabildo"))
        .args(["--db", &db.location, "--lang", "es"])
        .args(args)
        .env_remove("DATABASE_URL")
        .env_remove("CABILDO_KEY_PIN")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(!text.contains("panicked"), "{text}");
    (output.status.code(), text)
}

/// Rewrites the vote count of acta `id`'s sealed content and every hash after it, and signs the
/// new content with `key` in place of every signature, as someone holding the database would.
fn forge(db: &Db, acta_id: i64, key: &SigningKey) {
    let content = db.raw_texts(&format!("SELECT content FROM actas WHERE id = {acta_id}")).pop().unwrap();
    let forged = content.replace("motion.01.count.for=3", "motion.01.count.for=4");
    assert_ne!(forged, content);
    let hash = acta_rules::content_hash(&forged);
    let seq: u64 = db
        .raw_texts(&format!("SELECT CAST(seq AS TEXT) FROM actas WHERE id = {acta_id}"))
        .pop()
        .unwrap()
        .parse()
        .unwrap();
    let prev = db.raw_texts(&format!("SELECT COALESCE(prev_hash, '') FROM actas WHERE id = {acta_id}")).pop().unwrap();
    let chain = acta_rules::chain_hash(Some(prev.as_str()).filter(|p| !p.is_empty()), &hash, seq);
    let signature = key.sign(&acta_rules::signing_message(&hash));
    db.raw_execute(&format!(
        "UPDATE actas SET content = '{}', content_hash = '{hash}', chain_hash = '{chain}' WHERE id = {acta_id};
         UPDATE acta_signatures SET public_key = '{}', signature = '{signature}' WHERE acta_id = {acta_id};
         UPDATE vote_counts SET count = 4 WHERE option = 'for' AND motion_id IN
             (SELECT m.id FROM motions m JOIN actas a ON a.assembly_id = m.assembly_id WHERE a.id = {acta_id});",
        forged.replace('\'', "''"),
        key.public_key_hex()
    ));
}

fn acta_id(s: &Store, id: AssemblyId) -> i64 {
    acta::view(s, &op(), id).unwrap().acta.id
}

fn rosa_id(s: &Store) -> i64 {
    s.read(|repo| repo.account_by_username("rosa")).unwrap().unwrap().id.0
}

fn a_planted_key_or_a_re_signed_forgery_is_found(db: &Db) {
    let s = &db.store;
    let households = federation(s);
    let a1 = sealed_assembly(s, &households, 1, PASSWORD, 1000);
    let pin = head(s);
    assert_eq!(findings(s, Some(&pin)), Vec::<String>::new());
    let (code, text) = cli(db, &["verify", "--pin", &pin.to_string()], "");
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("Cadena íntegra") && text.contains(&pin.to_string()), "{text}");
    let (code, text) = cli(db, &["keys", "pin"], "");
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains(&pin.to_string()), "{text}");

    // The attack of the issue: a key planted in account_keys for rosa, the count rewritten, every
    // hash recomputed and the acta re-signed with the planted key.
    let planted = SigningKey::from_seed(&[7; 32]);
    db.raw_execute(&format!(
        "INSERT INTO account_keys (account_id, public_key, salt, created_at) VALUES ({}, '{}', '00ff', 1500)",
        rosa_id(s),
        planted.public_key_hex()
    ));
    forge(db, acta_id(s, a1), &planted);
    let found = findings(s, None);
    assert!(found.contains(&"acta_untrusted_key".to_string()), "{found:?}");
    assert!(!found.iter().any(|c| c == "acta_content_hash" || c == "acta_chain_broken"), "{found:?}");
    let (code, text) = cli(db, &["verify"], "");
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("Rosa Secretaria firmó con una clave que el registro de claves no avala"), "{text}");

    // Planted in the key log too, as the key of a new account the signature is moved to: a
    // well-formed entry appended after the log's head, signed by itself. Only the pin kept
    // outside the database tells it from a key enrolled on the command line.
    let mallory = access::create_account(s, &op(), COST, "mallory", "Mallory", PASSWORD).unwrap();
    plant_key(s, &mallory, &planted);
    db.raw_execute(&format!(
        "UPDATE acta_signatures SET account_id = {} WHERE acta_id = {}",
        mallory.id.0,
        acta_id(s, a1)
    ));
    let found = findings(s, Some(&pin));
    assert!(found.contains(&"key_unendorsed".to_string()), "{found:?}");
    assert!(found.contains(&"acta_untrusted_key".to_string()), "{found:?}");
    let (code, text) = cli(db, &["verify", "--pin", &pin.to_string()], "");
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("entrada 3 (mallory): ninguna clave de confianza la avala"), "{text}");
    // The pin may also come from a file.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pin.txt");
    std::fs::write(&file, format!("{pin}\n")).unwrap();
    let (code, _) = cli(db, &["verify", "--pin-file", file.to_str().unwrap()], "");
    assert_eq!(code, Some(1));
    let (code, text) = cli(db, &["verify", "--pin", "cabildo-keys:1:nope"], "");
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("no es una referencia del registro de claves"), "{text}");
}

/// The rows a password change or reset touches.
fn account_rows(db: &Db) -> BTreeMap<String, Vec<RawRow>> {
    let mut tables = db.raw_tables();
    tables.retain(|t, _| ["accounts", "account_keys", "key_log", "sessions", "audit_events"].contains(&t.as_str()));
    tables
}

fn refused<T: std::fmt::Debug>(result: Result<T, ServiceError>) -> &'static str {
    match result {
        Ok(v) => panic!("expected a refusal, got {v:?}"),
        Err(e) => e.message().id,
    }
}

fn a_password_change_keeps_old_signatures_and_endorses_the_new_key(db: &Db) {
    let s = &db.store;
    let households = federation(s);
    sealed_assembly(s, &households, 1, PASSWORD, 1000);
    let pin = head(s);
    let keep = access::sign_in(s, local(), 1100, "rosa", PASSWORD).unwrap();
    let other = access::sign_in(s, local(), 1100, "rosa", PASSWORD).unwrap();
    let rosa = as_account(s, "rosa", 2000);

    // A wrong old password, a too short new one, someone else's account: refused, nothing changes.
    let before = account_rows(db);
    assert_eq!(refused(change_password(s, &rosa, "rosa", "no es la contraseña", NEW_PASSWORD)), "bad_credentials");
    assert_eq!(refused(change_password(s, &rosa, "rosa", PASSWORD, "corta")), "too_short");
    assert_eq!(refused(change_password(s, &rosa, "ana", ADMIN_PASSWORD, NEW_PASSWORD)), "forbidden_anywhere");
    assert_eq!(account_rows(db), before);

    let check = PasswordCheck { cost: COST, attempt: local() };
    keys::change_password(s, &rosa, check, "rosa", PASSWORD, NEW_PASSWORD, Some(&keep.secret)).unwrap();
    // This session stays, the others end.
    assert!(access::session_actor(s, 2100, &keep.secret).unwrap().is_some());
    assert!(access::session_actor(s, 2100, &other.secret).unwrap().is_none());
    assert_eq!(refused(access::sign_in(s, local(), 2100, "rosa", PASSWORD)), "bad_credentials");
    access::sign_in(s, local(), 2100, "rosa", NEW_PASSWORD).unwrap();

    // The new key is endorsed by the old one.
    let (entries, trust) = keys::key_log(s, &op(), Some(&pin)).unwrap();
    assert_eq!(trust.problems, vec![]);
    let kinds: Vec<(KeyKind, &str)> = entries.iter().map(|e| (e.kind, e.username.as_str())).collect();
    assert_eq!(kinds, [(KeyKind::Root, "ana"), (KeyKind::Enrolled, "rosa"), (KeyKind::Rotation, "rosa")]);
    assert_eq!(entries[2].endorser.as_deref(), Some(entries[1].public_key.as_str()));

    // The old acta still verifies, a new one is signed with the new key, and the pin taken before
    // the change vouches for both.
    sealed_assembly(s, &households, 2, NEW_PASSWORD, 3000);
    assert_eq!(findings(s, Some(&pin)), Vec::<String>::new());
    let (code, text) = cli(db, &["verify", "--pin", &pin.to_string()], "");
    assert_eq!(code, Some(0), "{text}");

    // A signature made with the replaced key (by someone who learnt the old password) after the
    // change does not count.
    let stored = s.read(|repo| repo.account_keys(cabildo_domain::access::AccountId(rosa_id(s)))).unwrap();
    let (cost, salt) = COST.read_key_salt(&stored[0].salt).unwrap();
    let old_key = SigningKey::from_seed(&cost.derive_key(PASSWORD, &salt).unwrap());
    assert_eq!(old_key.public_key_hex(), entries[1].public_key);
    let hash = db.raw_texts("SELECT content_hash FROM actas WHERE seq = 2").pop().unwrap();
    let signature = old_key.sign(&acta_rules::signing_message(&hash));
    db.raw_execute(&format!(
        "UPDATE acta_signatures SET public_key = '{}', signature = '{signature}' WHERE signed_at = 3000",
        old_key.public_key_hex()
    ));
    let found = findings(s, Some(&pin));
    assert_eq!(found, ["acta_key_superseded"]);

    // The command line changes it again, reading both passwords from standard input.
    let (code, text) = cli(db, &["user", "password", "rosa"], &format!("{NEW_PASSWORD}\n{PASSWORD}\n"));
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("Contraseña de rosa cambiada"), "{text}");
    let (code, text) = cli(db, &["user", "password", "rosa"], &format!("{NEW_PASSWORD}\n{PASSWORD}\n"));
    assert_eq!(code, Some(1), "{text}");
    let (code, text) = cli(db, &["user", "password", "rosa"], PASSWORD);
    assert_eq!(code, Some(1), "{text}");
}

fn an_administrator_resets_a_password_with_a_key_endorsed_by_theirs(db: &Db) {
    let s = &db.store;
    let households = federation(s);
    sealed_assembly(s, &households, 1, PASSWORD, 1000);
    let pin = head(s);
    let session = access::sign_in(s, local(), 1100, "rosa", PASSWORD).unwrap();
    let ana = as_account(s, "ana", 2000);
    let rosa = as_account(s, "rosa", 2000);

    // Refused, and nothing changes: a wrong administrator's password, someone who does not manage
    // accounts, an administrator acting in another's name.
    let before = account_rows(db);
    // `by` acting, confirming as `admin` with `password`, resets `target`'s password.
    let reset = |by: &Ctx, admin: &str, password: &str, target: &str| {
        let check = PasswordCheck { cost: COST, attempt: local() };
        keys::reset_password(s, by, check, admin, password, target, NEW_PASSWORD)
    };
    assert_eq!(refused(reset(&ana, "ana", "no es la contraseña", "rosa")), "bad_credentials");
    assert_eq!(refused(reset(&rosa, "rosa", PASSWORD, "ana")), "forbidden_anywhere");
    assert_eq!(refused(reset(&rosa, "ana", ADMIN_PASSWORD, "rosa")), "forbidden_anywhere");
    assert_eq!(refused(reset(&ana, "ana", ADMIN_PASSWORD, "nadie")), "unknown_account");
    assert_eq!(account_rows(db), before);

    reset(&ana, "ana", ADMIN_PASSWORD, "rosa").unwrap();
    assert!(access::session_actor(s, 2100, &session.secret).unwrap().is_none(), "rosa's sessions end");
    let (entries, trust) = keys::key_log(s, &op(), Some(&pin)).unwrap();
    assert_eq!(trust.problems, vec![]);
    let reset = entries.last().unwrap();
    assert_eq!((reset.kind, reset.username.as_str()), (KeyKind::Reset, "rosa"));
    assert_eq!(reset.endorser.as_deref(), Some(entries[0].public_key.as_str()), "endorsed by ana's root key");

    // Rosa signs with the new password; the old acta and the new verify against the old pin.
    sealed_assembly(s, &households, 2, NEW_PASSWORD, 3000);
    assert_eq!(findings(s, Some(&pin)), Vec::<String>::new());

    // The command line: the administrator's password, then the new one.
    let (code, text) =
        cli(db, &["user", "reset", "rosa", "--admin", "ana"], &format!("{ADMIN_PASSWORD}\n{PASSWORD}\n"));
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("restablecida por ana"), "{text}");
    let (code, text) = cli(db, &["user", "reset", "ana", "--admin", "rosa"], &format!("{PASSWORD}\n{NEW_PASSWORD}\n"));
    assert_eq!(code, Some(1), "{text}");
    let (code, text) = cli(db, &["verify", "--pin", &pin.to_string()], "");
    assert_eq!(code, Some(0), "{text}");
    let (code, text) = cli(db, &["keys", "list", "--pin", &pin.to_string()], "");
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("restablecida rosa") && text.contains("aval: ana #1"), "{text}");
}

fn tampering_with_the_key_log_itself_is_found(db: &Db) {
    let s = &db.store;
    let households = federation(s);
    sealed_assembly(s, &households, 1, PASSWORD, 1000);
    change_password(s, &as_account(s, "rosa", 2000), "rosa", PASSWORD, NEW_PASSWORD).unwrap();
    let pin = head(s);

    // The database itself refuses to change or remove an entry.
    assert!(db.raw_try("UPDATE key_log SET admin = 1 WHERE seq = 2").is_err());
    assert!(db.raw_try("DELETE FROM key_log WHERE seq = 3").is_err());
    // Someone who drops the guard and rewrites an endorsement, or removes an entry, is found.
    let unguard = if db.is_postgres() {
        "DROP TRIGGER key_log_no_change ON key_log;"
    } else {
        "DROP TRIGGER key_log_no_update; DROP TRIGGER key_log_no_delete;"
    };
    db.raw_execute(unguard);
    let other = SigningKey::from_seed(&[9; 32]);
    let hash = db.raw_texts("SELECT entry_hash FROM key_log WHERE seq = 3").pop().unwrap();
    let signature = other.sign(&cabildo_domain::keylog::endorsement_message(&hash));
    db.raw_execute(&format!("UPDATE key_log SET endorsement = '{signature}' WHERE seq = 3"));
    let found = findings(s, Some(&pin));
    assert!(found.contains(&"key_bad_endorsement".to_string()), "{found:?}");
    db.raw_execute("DELETE FROM key_log WHERE seq = 2");
    let found = findings(s, Some(&pin));
    assert!(found.contains(&"key_log_broken".to_string()), "{found:?}");
    assert!(found.contains(&"key_pin_mismatch".to_string()), "{found:?}");
    assert!(found.contains(&"acta_untrusted_key".to_string()), "rosa's first key is gone: {found:?}");
    let (code, text) = cli(db, &["keys", "pin"], "");
    assert_eq!(code, Some(1), "no pin for a broken log: {text}");
}

fn keys_from_before_the_log_are_legacy_entries_trusted_when_pinned(db: &Db) {
    let old = db.unmigrated_sibling();
    old.raw_execute(&old.schema_4());
    let hash = COST.hash(PASSWORD).unwrap();
    let salt = [5u8; 16];
    let key = SigningKey::from_seed(&COST.derive_key(PASSWORD, &salt).unwrap());
    old.raw_execute(&format!(
        "INSERT INTO accounts (username, display_name, password_hash, created_at) VALUES ('rosa', 'Rosa', '{hash}', 10);
         INSERT INTO account_keys (account_id, public_key, salt, created_at)
             SELECT id, '{}', '{}', 20 FROM accounts WHERE username = 'rosa';",
        key.public_key_hex(),
        acta_rules::to_hex(&salt)
    ));
    old.store.migrate().unwrap();
    let s = &old.store;
    let (entries, trust) = keys::key_log(s, &op(), None).unwrap();
    assert_eq!(trust.problems, vec![]);
    assert_eq!(entries.len(), 1);
    assert_eq!(
        (entries[0].kind, entries[0].username.as_str(), entries[0].endorser.as_deref()),
        (KeyKind::Legacy, "rosa", None)
    );
    assert_eq!(entries[0].public_key, key.public_key_hex());
    let pin = trust.head.unwrap();

    // The legacy key endorses rosa's next key, and the pin taken at the upgrade vouches for it.
    change_password(s, &as_account(s, "rosa", 100), "rosa", PASSWORD, NEW_PASSWORD).unwrap();
    let (entries, trust) = keys::key_log(s, &op(), Some(&pin)).unwrap();
    assert_eq!(trust.problems, vec![]);
    assert!(trust.pinned);
    assert_eq!(
        entries.last().map(|e| (e.kind, e.endorser.clone())),
        Some((KeyKind::Rotation, Some(key.public_key_hex())))
    );
    // A legacy entry appended later is endorsed by nobody.
    let late = SigningKey::from_seed(&[3; 32]);
    let previous = entries.last().cloned();
    let account = s.read(|repo| repo.account_by_username("rosa")).unwrap().unwrap();
    let new = NewKeyEntry {
        account_id: account.id.0,
        username: "rosa".into(),
        public_key: late.public_key_hex(),
        kind: KeyKind::Legacy,
        admin: true,
        created_at: 200,
    };
    s.write(|repo| repo.append_key_entry(&KeyEntry::next(previous.as_ref(), new, None))).unwrap();
    let (_, trust) = keys::key_log(s, &op(), Some(&pin)).unwrap();
    assert_eq!(trust.problems.iter().map(|p| p.code()).collect::<Vec<_>>(), ["key_unendorsed"]);
}

/// The web pages: change one's password (the old one asked, the other sessions ended) and an
/// administrator's reset (confirmed with their password); no password is ever shown back.
fn the_password_pages_change_and_reset_passwords(db: &Db) {
    let app = TestApp::demo(db).families(20).build();
    let old = cabildo_services::demo::DEMO_PASSWORD;
    let new = "nueva-clave-2026";
    app.block_on(async {
        let reply = app.get("/account/password", crate::support::Who::Anonymous).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        let reply = app.get("/account/password", "afiliado").await;
        assert_eq!(reply.status, StatusCode::OK);
        for field in ["current_password", "new_password", "new_password_again"] {
            assert!(reply.body.contains(&format!("name=\"{field}\" value=\"\" required")), "{}", reply.body);
        }
        let second = app.sign_in("afiliado", old).await;

        // A wrong current password, two new ones that differ: refused next to their fields.
        let form = |current: &str, again: &str| {
            format!("current_password={current}&new_password={new}&new_password_again={again}")
        };
        let reply = app.post_form("/account/password", "afiliado", &form("no-es-la-clave", new)).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{}", reply.body);
        assert!(reply.body.contains("id=\"error-current_password\""), "{}", reply.body);
        assert!(!reply.body.contains("no-es-la-clave") && !reply.body.contains(new), "a password was shown back");
        let reply = app.post_form("/account/password", "afiliado", &form(old, "otra-clave-2026")).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
        assert!(reply.body.contains("id=\"error-new_password_again\""), "{}", reply.body);
        let reply = app
            .post_form(
                "/account/password",
                "afiliado",
                &format!("current_password={old}&new_password=corta&new_password_again=corta"),
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
        assert!(reply.body.contains("id=\"error-new_password\""), "{}", reply.body);

        let reply = app.post_form("/account/password", "afiliado", &form(old, new)).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert!(reply.body.contains("Contraseña cambiada"), "{}", reply.body);
        assert_eq!(app.get("/account/password", "afiliado").await.status, StatusCode::OK, "this session stays");
        let ended = app.request("GET", "/account/password").cookie(&second).send().await;
        assert_eq!(ended.status, StatusCode::SEE_OTHER, "the other session ended");
        app.sign_in("afiliado", new).await;

        // The reset: only an administrator, who confirms with their own password.
        let reset = |username: &str, confirm: &str| {
            format!("username={username}&new_password={new}&new_password_again={new}&admin_password={confirm}")
        };
        assert_eq!(app.get("/accounts/reset", "observador").await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.get("/accounts/reset", "admin").await.status, StatusCode::OK);
        let reply = app.post_form("/accounts/reset", "observador", &reset("hacienda", old)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
        let reply = app.post_form("/accounts/reset", "admin", &reset("hacienda", "no-es-la-clave")).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{}", reply.body);
        assert!(reply.body.contains("id=\"error-admin_password\""), "{}", reply.body);
        let reply = app.post_form("/accounts/reset", "admin", &reset("nadie", old)).await;
        assert!(reply.body.contains("id=\"error-username\""), "{}", reply.body);
        let reply = app.post_form("/accounts/reset", "admin", &reset("hacienda", old)).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert!(reply.body.contains("Contraseña de hacienda restablecida"), "{}", reply.body);
        assert_eq!(
            app.get("/account/password", "hacienda").await.status,
            StatusCode::SEE_OTHER,
            "hacienda's sessions ended"
        );
        app.sign_in("hacienda", new).await;
    });
    // The key log shows both: a rotation endorsed by afiliado's first key, a reset by admin's.
    let (entries, trust) = keys::key_log(&app.state.store, &op(), None).unwrap();
    assert_eq!(trust.problems, vec![]);
    let kinds: Vec<(KeyKind, &str)> = entries.iter().map(|e| (e.kind, e.username.as_str())).collect();
    assert!(
        kinds.contains(&(KeyKind::Rotation, "afiliado")) && kinds.contains(&(KeyKind::Reset, "hacienda")),
        "{kinds:?}"
    );
}
