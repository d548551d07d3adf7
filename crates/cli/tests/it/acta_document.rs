//! The acta a union can file and the statute behind it, on both backends: an election names its
//! winner and the term the statute gives, the acta lists everyone by attendance, signers are the
//! offices of the directiva (an account linked to the person who holds the office), the statute
//! is changed by the body's own officers and recorded with the resolution that adopted it, and
//! actas sealed in the first format still verify.

use cabildo_domain::access::Role;
use cabildo_domain::acta::{self as canonical, Canonical};
use cabildo_domain::assembly::{AssemblyId, AttendanceStatus, BallotOption, DecisionRule, VoteMethod};
use cabildo_services::access::{self, PasswordCost};
use cabildo_services::acta::{self, SignatureRecord, SignedAs};
use cabildo_services::assembly::{self, Attendee, ElectionForm, MotionForm, StatuteForm};
use cabildo_services::{Ctx, ServiceError, Store};
use cabildo_store::ActaSeal;

use crate::assembly::{PASSWORD, convene, persons, signer, sindicato, statute};
use axum::http::StatusCode;

use crate::support::{ASSEMBLY_SINDICATO, Db, TestApp, date, hold_office, local, on_both_backends, op};

on_both_backends!(
    an_election_names_its_winner_with_the_statute_s_term_and_the_acta_lists_everyone,
    signers_are_the_holders_of_the_offices_the_statute_names,
    the_body_s_own_secretary_changes_the_statute_with_the_resolution_that_adopted_it,
    an_acta_sealed_in_the_first_format_still_verifies,
    the_statute_page_takes_the_secretary_s_change_and_a_refusal_keeps_the_signed_in_header,
);

fn refused<T: std::fmt::Debug>(result: Result<T, ServiceError>) -> &'static str {
    match result {
        Ok(v) => panic!("expected a refusal, got {v:?}"),
        Err(e) => e.message().id,
    }
}

/// An assembly of `body` held on `day` with the first `here` households present; returns it.
fn held(s: &Store, body: &str, households: &[cabildo_domain::HouseholdId], here: usize, day: &str) -> AssemblyId {
    let id = convene(s, body, &format!("Asamblea del {day}"), day);
    for h in &households[..here] {
        assembly::check_in(s, &op(), id, &Attendee::Household(*h), false).unwrap();
    }
    assembly::open(s, &op(), id).unwrap();
    id
}

/// A motion adopted by show of hands; returns its resolution's id.
fn adopted(s: &Store, id: AssemblyId, title: &str, present: u64) -> i64 {
    let form = MotionForm {
        title: title.into(),
        text: "La asamblea resuelve.".into(),
        proposer: "Base".into(),
        ..MotionForm::default()
    };
    let m = assembly::add_motion(s, &op(), id, &form).unwrap().id;
    assembly::open_vote(s, &op(), m, VoteMethod::ShowOfHands, DecisionRule::MajorityOfVotesCast).unwrap();
    assembly::record_hands(s, &op(), m, &[(BallotOption::For, present)]).unwrap();
    assembly::close_vote(s, &op(), m).unwrap().resolution.unwrap().id
}

fn an_election_names_its_winner_with_the_statute_s_term_and_the_acta_lists_everyone(db: &Db) {
    let s = &db.store;
    let households = sindicato(s, "S5", 8);
    statute(s, "S5");
    let rosa = signer(s, "rosa", "S5", Role::SecretarioActas);
    // Rosa convenes: the convocatoria names her office.
    let form = assembly::ConveneForm {
        kind: "ordinaria".into(),
        title: "Asamblea de elección".into(),
        scheduled_for: "2026-11-28 10:00".into(),
        place: "Sede".into(),
        agenda: "Elección del secretario general".into(),
    };
    let id = assembly::convene(s, &rosa, "S5", &form).unwrap().id;
    let convener = assembly::view(s, &op(), id).unwrap().convener.unwrap();
    assert_eq!(
        (convener.name.display(), convener.office.as_str()),
        ("Jhonny Yupanqui de rosa".into(), "Secretario de Actas")
    );
    let person_of = persons(s, id);
    for h in &households[..4] {
        assembly::check_in(s, &op(), id, &Attendee::Household(*h), false).unwrap();
    }
    assembly::check_in(s, &op(), id, &Attendee::Household(households[4]), true).unwrap();
    assembly::open(s, &op(), id).unwrap();
    assembly::check_in(s, &op(), id, &Attendee::Household(households[5]), false).unwrap();
    // No term end typed: the statute's gestión (two years) gives it.
    let candidates = vec![person_of[&households[0]], person_of[&households[1]]];
    let election = ElectionForm {
        office_title: "Secretario General".into(),
        term_end: None,
        rule: "plurality".into(),
        candidates: candidates.clone(),
    };
    let e = assembly::add_election(s, &rosa, id, &election).unwrap();
    assert_eq!(e.term_end, Some(date(2028, 11, 27)));
    assert_eq!(e.proposer, "Jhonny Yupanqui de rosa, Secretario de Actas", "the proposer is a person with an office");
    assembly::open_vote(s, &op(), e.id, VoteMethod::ShowOfHands, DecisionRule::MajorityOfVotesCast).unwrap();
    let view = assembly::view(s, &op(), id).unwrap();
    let cands = &view.motions[0].candidates;
    let winner = cands.iter().find(|c| c.person_id == candidates[1]).unwrap().clone();
    let loser = cands.iter().find(|c| c.person_id == candidates[0]).unwrap().clone();
    assembly::record_hands(
        s,
        &op(),
        e.id,
        &[(BallotOption::Candidate(winner.id), 4), (BallotOption::Candidate(loser.id), 1)],
    )
    .unwrap();
    assembly::close_vote(s, &op(), e.id).unwrap();
    // The installed office has the term, not an open end.
    let offices = cabildo_services::registry::body_overview(s, &op(), "S5").unwrap().offices;
    let general = offices.iter().find(|o| o.title == "Secretario General").unwrap();
    assert_eq!(
        (general.person_id, general.term_start, general.term_end),
        (winner.person_id, date(2026, 11, 28), Some(date(2028, 11, 27)))
    );
    assembly::close(s, &op(), id).unwrap();

    let a = acta::view(s, &op(), id).unwrap();
    assert_eq!(a.content.version(), canonical::CURRENT_VERSION);
    assert_eq!(a.content.get("motion.01.elected"), Some(winner.name.display().as_str()));
    assert_eq!(a.content.get("motion.01.elected.person"), Some(winner.person_id.0.to_string().as_str()));
    assert_eq!(a.content.get("motion.01.term_end"), Some("2028-11-27"));
    assert_eq!(a.content.get("statute.term_years"), Some("2"));
    assert_eq!(a.content.get("statute.signer.1"), Some("Secretario de Actas"));
    assert_eq!(a.content.get("statute.signers"), None, "roles are gone from the current format");
    // Everyone entitled is in the acta by name: 4 present, 1 late, 1 excused, 2 absent.
    let attendance = a.view.attendance.clone().unwrap();
    let count = |status| attendance.iter().filter(|r| r.status == status).count();
    assert_eq!(
        [
            count(AttendanceStatus::Present),
            count(AttendanceStatus::Late),
            count(AttendanceStatus::Excused),
            count(AttendanceStatus::Absent)
        ],
        [4, 1, 1, 2]
    );
    for h in &households {
        let person = person_of[h];
        let key = format!("attendance.{:08}.status", person.0);
        assert!(a.content.get(&key).is_some(), "{key} missing from the acta");
    }
    let absent_key = format!("attendance.{:08}.status", person_of[&households[7]].0);
    assert_eq!(a.content.get(&absent_key), Some("absent"));
    assert_eq!(a.content.get("attendance.absent"), Some("2"));
    // The absent stay in the acta as they were even if the register changes later.
    let fines = a.view.fines.clone().unwrap();
    assert_eq!(fines.len(), 2, "the two absent without excuse are fined");
}

fn signers_are_the_holders_of_the_offices_the_statute_names(db: &Db) {
    let s = &db.store;
    let households = sindicato(s, "S2", 6);
    let other = sindicato(s, "S3", 2);
    assert_eq!(other.len(), 2);
    let form = StatuteForm {
        quorum: "half_plus_one".into(),
        absence_fine: "0".into(),
        signers: "Secretario General\nsecretario_actas".into(),
        ..StatuteForm::default()
    };
    let statute = assembly::update_statute(s, &op(), "S2", &form).unwrap().statute;
    assert_eq!(statute.signer_offices, ["Secretario General", "Secretario de Actas"]);
    let rosa = signer(s, "rosa", "S2", Role::SecretarioActas);
    let general = signer(s, "gral", "S2", Role::Dirigente);
    // An account that holds the role but is linked to nobody.
    let unlinked = account(s, "nadie", "S2", Role::SecretarioActas, None);
    // An account linked to someone who holds another office in S2.
    let hacienda = account(s, "tesoro", "S2", Role::SecretarioActas, Some(("S2", "Secretario de Hacienda")));
    // An attacker: linked to the Secretario de Actas of another sindicato, with a role on S2.
    let foreign = account(s, "ajeno", "S2", Role::SecretarioActas, Some(("S3", "Secretario de Actas")));

    let id = held(s, "S2", &households, 4, "2026-11-14");
    assembly::close(s, &op(), id).unwrap();
    let sign = |ctx: &Ctx, office: &str| acta::sign(s, ctx, PasswordCost::TESTS_ONLY, local(), id, office, PASSWORD);
    assert_eq!(refused(sign(&unlinked, "Secretario de Actas")), "not_linked");
    assert_eq!(refused(sign(&hacienda, "Secretario de Actas")), "not_office_holder");
    assert_eq!(refused(sign(&foreign, "Secretario de Actas")), "not_office_holder");
    assert_eq!(refused(sign(&rosa, "Presidente")), "not_signer");
    assert_eq!(refused(sign(&rosa, "Secretario General")), "not_office_holder", "she holds another office");
    assert_eq!(db.raw_count("acta_signatures"), 0, "nothing was signed");
    sign(&rosa, "secretario de actas").unwrap();
    assert_eq!(refused(sign(&rosa, "Secretario de Actas")), "already_signed");
    let missing = acta::seal(s, &op(), id).unwrap_err();
    assert_eq!(missing.message().id, "missing_signatures");
    assert!(missing.to_string().contains("Secretario General"), "{missing}");
    sign(&general, "Secretario General").unwrap();
    acta::seal(s, &op(), id).unwrap();

    let a = acta::view(s, &op(), id).unwrap();
    let signed: Vec<(String, String)> = a
        .signatures
        .iter()
        .map(|sig| match &sig.signed_as {
            SignedAs::Office { office, name, .. } => (name.display(), office.clone()),
            SignedAs::Role(role) => panic!("signed as a role: {role}"),
        })
        .collect();
    assert_eq!(
        signed,
        [
            ("Jhonny Yupanqui de rosa".to_string(), "Secretario de Actas".to_string()),
            ("Jhonny Yupanqui de gral".to_string(), "Secretario General".to_string())
        ]
    );
    assert!(a.missing.is_empty());
    let verification = acta::verify(s, &op(), Some("S2")).unwrap();
    assert!(verification.is_clean(), "{:?} {:?}", verification.problems, verification.key_problems);
    // A signature whose office is changed behind Cabildo's back no longer counts for the office.
    db.raw_execute("UPDATE signature_offices SET office = 'Vocal' WHERE office = 'Secretario General'");
    let codes: Vec<&str> = acta::verify(s, &op(), Some("S2")).unwrap().problems.iter().map(|p| p.code()).collect();
    assert_eq!(codes, ["acta_missing_signature"]);
}

/// An account with `role` on `body`, linked (when `office` says where and which) to a new holder
/// of that office; the context it acts in.
fn account(s: &Store, username: &str, body: &str, role: Role, office: Option<(&str, &str)>) -> Ctx {
    let made = access::create_account(s, &op(), PasswordCost::TESTS_ONLY, username, username, PASSWORD).unwrap();
    access::grant(s, &op(), username, body, role).unwrap();
    if let Some((at, title)) = office {
        if at != body {
            // Linked only to someone of a body the account has a role on.
            access::grant(s, &op(), username, at, role).unwrap();
        }
        hold_office(s, username, at, title);
    }
    let body = s.read(|repo| repo.body_by_code(body)).unwrap().unwrap();
    Ctx {
        actor: cabildo_services::Actor::Account {
            id: made.id,
            username: username.into(),
            grants: vec![cabildo_domain::access::Grant { body: body.id, role }],
        },
        now: op().now,
        today: op().today,
    }
}

fn the_body_s_own_secretary_changes_the_statute_with_the_resolution_that_adopted_it(db: &Db) {
    let s = &db.store;
    let households = sindicato(s, "S6", 4);
    let elsewhere = sindicato(s, "S9", 4);
    let rosa = signer(s, "rosa", "S6", Role::SecretarioActas);
    let id = held(s, "S6", &households, 3, "2026-10-10");
    let reform = adopted(s, id, "Reforma del estatuto", 3);
    let other_id = held(s, "S9", &elsewhere, 3, "2026-10-11");
    let foreign = adopted(s, other_id, "Resolución de otro sindicato", 3);
    let form = |resolution| StatuteForm {
        quorum: "60%".into(),
        absence_fine: "25,50".into(),
        signers: "Secretario General, Secretario de Actas".into(),
        term_years: "1".into(),
        resolution,
        ..Default::default()
    };
    // Another body's resolution, or one that does not exist, did not adopt this statute.
    assert_eq!(refused(assembly::update_statute(s, &rosa, "S6", &form(Some(foreign)))), "unknown_resolution");
    assert_eq!(refused(assembly::update_statute(s, &rosa, "S6", &form(Some(999_999)))), "unknown_resolution");
    // Outside her subtree she may not change a statute at all.
    assert_eq!(refused(assembly::update_statute(s, &rosa, "S9", &form(None))), "forbidden");
    assert_eq!(db.raw_count("statute_terms"), 0, "nothing was adopted");

    let record = assembly::update_statute(s, &rosa, "S6", &form(Some(reform))).unwrap();
    assert_eq!(record.statute.term_years, 1);
    assert_eq!(record.statute.absence_fine, 2550);
    assert_eq!(record.statute.signer_offices, ["Secretario General", "Secretario de Actas"]);
    let view = assembly::statute(s, &rosa, "S6").unwrap();
    assert!(view.may_edit);
    assert_eq!(view.resolutions.iter().map(|r| r.id).collect::<Vec<_>>(), [reform], "only the body's own are offered");
    let adopted_by = view.versions[0].resolution.clone().unwrap();
    assert_eq!((adopted_by.id, adopted_by.number, adopted_by.year), (reform, 1, 2026));
    assert_eq!(adopted_by.title, "Reforma del estatuto");
    // Empty gestión keeps the one in force.
    let again = StatuteForm { term_years: String::new(), ..form(None) };
    assert_eq!(assembly::update_statute(s, &rosa, "S6", &again).unwrap().statute.term_years, 1);
    // An afiliado sees the statute but not the form.
    let afiliado = account(s, "socio", "S6", Role::Afiliado, None);
    assert!(!assembly::statute(s, &afiliado, "S6").unwrap().may_edit);
    assert_eq!(refused(assembly::update_statute(s, &afiliado, "S6", &form(None))), "forbidden");
}

fn an_acta_sealed_in_the_first_format_still_verifies(db: &Db) {
    let s = &db.store;
    let households = sindicato(s, "S8", 6);
    statute(s, "S8");
    let rosa = signer(s, "rosa", "S8", Role::SecretarioActas);
    let first = held(s, "S8", &households, 4, "2026-03-15");
    adopted(s, first, "Cuotas del año", 4);
    assembly::close(s, &op(), first).unwrap();
    // As before signers were offices: no absent were written at the close, the acta was drafted
    // in the first format and signed by the role.
    db.raw_execute(&format!("DELETE FROM attendance WHERE status = 'absent' AND assembly_id = {}", first.0));
    db.raw_execute("UPDATE statutes SET signer_roles = 'secretario_actas'");
    let view = assembly::view(s, &op(), first).unwrap();
    let text = acta::content_in(&view, "", 1).text();
    assert!(text.starts_with("cabildo-acta v1\n") && text.contains("statute.signers=secretario_actas\n"), "{text}");
    let hash = canonical::content_hash(&text);
    let chain_hash = canonical::chain_hash(None, &hash, 1);
    s.write(|repo| {
        let account = repo.account_by_username("rosa")?.unwrap();
        let acta = repo.acta_of(first)?.unwrap();
        let key = cabildo_services::keys::signing_key(repo, PasswordCost::TESTS_ONLY, &account, PASSWORD, op().now)
            .map_err(|e| cabildo_store::StoreError::Internal(e.to_string()))?;
        repo.insert_signature(&SignatureRecord {
            acta_id: acta.id,
            account_id: account.id,
            signer: account.display_name.clone(),
            signed_as: SignedAs::Role(Role::SecretarioActas),
            public_key: key.public_key_hex(),
            signature: key.sign(&canonical::signing_message(&hash)),
            signed_at: op().now,
        })?;
        repo.seal_acta(
            acta.id,
            &ActaSeal {
                seq: 1,
                content: text.clone(),
                content_hash: hash.clone(),
                prev_hash: None,
                chain_hash,
                sealed_at: op().now,
            },
        )
    })
    .unwrap();
    // The next acta is sealed now, in the current format, chained to the old one.
    let second = held(s, "S8", &households, 4, "2026-04-15");
    assembly::close(s, &op(), second).unwrap();
    acta::sign(s, &rosa, PasswordCost::TESTS_ONLY, local(), second, "Secretario de Actas", PASSWORD).unwrap();
    assert_eq!(acta::seal(s, &op(), second).unwrap().seq, Some(2));

    let old = acta::view(s, &op(), first).unwrap();
    assert_eq!((old.content.version(), old.required.as_slice()), (1, ["secretario_actas".to_string()].as_slice()));
    assert!(old.missing.is_empty(), "the role's signature counts for the first format");
    let new = acta::view(s, &op(), second).unwrap();
    assert_eq!(new.content.version(), 2);
    let verification = acta::verify(s, &op(), Some("S8")).unwrap();
    assert!(verification.is_clean(), "{:?} {:?}", verification.problems, verification.key_problems);
    assert_eq!(verification.bodies[0].1, 2);
    // The old acta is still compared field by field with the records, in its own format.
    db.raw_execute(&format!("UPDATE motions SET title = 'Otra cosa' WHERE assembly_id = {}", first.0));
    let findings: Vec<String> = acta::verify(s, &op(), Some("S8"))
        .unwrap()
        .problems
        .iter()
        .map(|p| format!("{}:{}", p.code(), p.args().iter().find(|(k, _)| *k == "key").map_or("", |(_, v)| v.as_str())))
        .collect();
    assert_eq!(findings, ["acta_field_changed:motion.01.title"]);
    // Content that claims a format that does not exist cannot be read.
    assert!(Canonical::parse(&text.replacen("cabildo-acta v1", "cabildo-acta v9", 1)).is_err());
}

fn the_statute_page_takes_the_secretary_s_change_and_a_refusal_keeps_the_signed_in_header(db: &Db) {
    let app = TestApp::assembly_sindicato(db);
    let (own, demo) = (app.body(ASSEMBLY_SINDICATO), app.sindicato());
    app.block_on(async {
        let form =
            "quorum_rule=60%25&absence_fine=20&signer_offices=Secretario+General%0ASecretario+de+Actas&term_years=1";
        // The afiliado may read the statute, not change it: the refusal says so under a header
        // that still shows who is signed in.
        let page = app.get(&format!("/bodies/{demo}/statute"), "afiliado").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.body.contains("id=\"statute-form\""), "no form for whom may not use it");
        let refused = app.post_form(&format!("/bodies/{demo}/statute"), "afiliado", form).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
        assert!(refused.body.contains("action=\"/logout\""), "{}", refused.body);
        assert!(!refused.body.contains("href=\"/login\""), "the header must not look signed out: {}", refused.body);
        // The sindicato's own secretary changes it.
        let saved = app.post_form(&format!("/bodies/{own}/statute"), "actas", form).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let page = app.get(&format!("/bodies/{own}/statute"), "actas").await;
        assert!(
            page.body.contains("60 % de los habilitados") || page.body.contains("el 60 % de los habilitados"),
            "{}",
            page.body
        );
        assert!(page.body.contains("Secretario General, Secretario de Actas"), "{}", page.body);
        assert!(page.body.contains("un año") && page.body.contains("Bs 20,00"), "{}", page.body);
        assert!(page.body.contains("sin resolución registrada"), "{}", page.body);
    });
}
