//! Assemblies as a sindicato holds them, on both backends: attendance and quorum, the four ways
//! of voting, elections, resolutions, fines, signed and sealed actas — and what a sealed acta
//! and a secret ballot must withstand.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;

use cabildo_domain::access::{Grant, Role};
use cabildo_domain::assembly::{
    AssemblyId, AttendanceStatus, BallotOption, DecisionRule, MotionId, Outcome, VoteMethod,
};
use cabildo_domain::{BodyKind, HouseholdData, HouseholdId, NewOffice, PersonData, PersonId};
use cabildo_services::access::{self, PasswordCost};
use cabildo_services::assembly::{self, Attendee, ConveneForm, ElectionForm, MotionForm, StatuteForm};
use cabildo_services::registry::{self};
use cabildo_services::{Actor, Ctx, ServiceError, acta};
use cabildo_store::{MotionStatus, Store};

use crate::support::{Db, RawRow, add_body, date, local, on_both_backends, op, parcel, today};

on_both_backends!(
    a_whole_sindicato_assembly_from_convocatoria_to_sealed_acta,
    a_vote_without_quorum_is_refused_and_recorded_as_such,
    a_secret_ballot_leaves_nothing_that_links_a_voter_to_a_choice,
    any_change_behind_a_sealed_acta_is_detected,
    rows_changed_behind_cabildos_back_are_errors_not_defaults,
);

pub(crate) const PASSWORD: &str = "contraseña de prueba 2026";

/// The code of a refusal (its message id).
fn refused<T: Debug>(result: Result<T, ServiceError>) -> &'static str {
    match result {
        Ok(v) => panic!("expected a refusal, got {v:?}"),
        Err(e) => e.message().id,
    }
}

/// Two letters from a number: names of test people have no digits.
fn letters(i: usize) -> String {
    let a = char::from(b'A' + (i / 26 % 26) as u8);
    let b = char::from(b'a' + (i % 26) as u8);
    format!("{a}{b}")
}

fn person(i: usize) -> PersonData {
    crate::support::person(&format!("Juana {}", letters(i)), "Mamani", "Quispe")
}

/// A central with a sindicato `code` of `n` families; returns their household ids in order.
pub(crate) fn sindicato(store: &Store, code: &str, n: usize) -> Vec<HouseholdId> {
    add_body(store, None, BodyKind::Central, &format!("Central de {code}"), &format!("C{code}"));
    add_body(store, Some(&format!("C{code}")), BodyKind::Sindicato, &format!("Sindicato {code}"), code);
    (0..n)
        .map(|i| {
            let household = HouseholdData { register_number: Some((i + 1).to_string()), affiliated_on: None };
            let parcel = parcel(&format!("L-{i}"));
            registry::add_household(store, &op(), code, &person(i), &household, &[parcel]).unwrap()
        })
        .collect()
}

pub(crate) fn statute(store: &Store, body: &str) {
    let form = StatuteForm {
        quorum: "half_plus_one".into(),
        absence_fine: "20".into(),
        signers: "secretario_actas".into(),
        ..StatuteForm::default()
    };
    let record = assembly::update_statute(store, &op(), body, &form).unwrap();
    assert_eq!(record.statute.absence_fine, 2000);
}

pub(crate) fn convene(store: &Store, body: &str, title: &str, day: &str) -> AssemblyId {
    let form = ConveneForm {
        kind: "ordinaria".into(),
        title: title.into(),
        scheduled_for: format!("{day} 09:00"),
        place: "Cancha del sindicato".into(),
        agenda: "1. Informe del dirigente\n2. Cuotas\n3. Elección".into(),
    };
    assembly::convene(store, &op(), body, &form).unwrap().id
}

/// The person who represents each household at the assembly.
pub(crate) fn persons(store: &Store, id: AssemblyId) -> BTreeMap<HouseholdId, PersonId> {
    assembly::door(store, &op(), id, None, 10_000)
        .unwrap()
        .into_iter()
        .map(|line| (line.eligible.household_id.unwrap(), line.eligible.person_id))
        .collect()
}

/// The member card code of each household entitled to attend, as the cards page prints it.
fn cards(store: &Store, id: AssemblyId) -> BTreeMap<HouseholdId, String> {
    assembly::door(store, &op(), id, None, 10_000)
        .unwrap()
        .into_iter()
        .map(|line| (line.eligible.household_id.unwrap(), line.eligible.card_code.unwrap()))
        .collect()
}

fn motion(store: &Store, id: AssemblyId, title: &str, amends: Option<i64>) -> MotionId {
    let form = MotionForm {
        title: title.into(),
        text: format!("La asamblea resuelve: {title}."),
        proposer: "Base".into(),
        origin: None,
        amends,
    };
    assembly::add_motion(store, &op(), id, &form).unwrap().id
}

fn hands(store: &Store, m: MotionId, rule: DecisionRule, counts: &[(BallotOption, u64)]) -> assembly::VoteResult {
    assembly::open_vote(store, &op(), m, VoteMethod::ShowOfHands, rule).unwrap();
    assembly::record_hands(store, &op(), m, counts).unwrap();
    assembly::close_vote(store, &op(), m).unwrap()
}

fn motion_view(store: &Store, id: AssemblyId, m: MotionId) -> assembly::MotionView {
    assembly::view(store, &op(), id).unwrap().motions.into_iter().find(|v| v.motion.id == m).unwrap()
}

/// An account holding `role` on `body`, linked to the holder of the office the role stands for
/// there, and the context it acts in.
pub(crate) fn signer(store: &Store, username: &str, body: &str, role: Role) -> Ctx {
    let account =
        access::create_account(store, &op(), PasswordCost::TESTS_ONLY, username, "Rosa Secretaria", PASSWORD).unwrap();
    access::grant(store, &op(), username, body, role).unwrap();
    // The account belongs to the holder of the office the role stands for: actas are signed by
    // office holders.
    if let Some(office) = cabildo_domain::assembly::Statute::office_of_role(role) {
        crate::support::hold_office(store, username, body, office);
    }
    let body = store.read(|repo| repo.body_by_code(body)).unwrap().unwrap();
    Ctx {
        actor: Actor::Account {
            id: account.id,
            username: username.into(),
            grants: vec![Grant { body: body.id, role }],
        },
        now: op().now,
        today: today(),
    }
}

fn a_whole_sindicato_assembly_from_convocatoria_to_sealed_acta(db: &Db) {
    let s = &db.store;
    let households = sindicato(s, "S1", 150);
    statute(s, "S1");
    registry::add_office(
        s,
        &op(),
        "S1",
        &person(149),
        &NewOffice::new("Secretario General", date(2024, 1, 10), None).unwrap(),
    )
    .unwrap();
    let id = convene(s, "S1", "Asamblea ordinaria de noviembre", "2026-11-30");
    let person_of = persons(s, id);
    assert_eq!(person_of.len(), 150);

    // 100 at the door (30 by the code on their member card), 5 excused, 45 absent.
    let card_of = cards(s, id);
    for (i, h) in households.iter().take(100).enumerate() {
        let who = if i < 30 { Attendee::Card(card_of[h].clone()) } else { Attendee::Household(*h) };
        let (_, status) = assembly::check_in(s, &op(), id, &who, false).unwrap();
        assert_eq!(status, AttendanceStatus::Present);
    }
    for h in &households[100..105] {
        assert_eq!(
            assembly::check_in(s, &op(), id, &Attendee::Household(*h), true).unwrap().1,
            AttendanceStatus::Excused
        );
    }
    // A second scan at the door changes nothing.
    let again = assembly::check_in(s, &op(), id, &Attendee::Card(card_of[&households[0]].clone()), false).unwrap();
    assert_eq!(again.1, AttendanceStatus::Present);
    assert_eq!(refused(assembly::check_in(s, &op(), id, &Attendee::Card("ZZZZ-9".into()), false)), "unknown_card");

    let opened = assembly::open(s, &op(), id).unwrap();
    assert_eq!((opened.eligible, opened.quorum_required), (Some(150), Some(76)));
    let view = assembly::view(s, &op(), id).unwrap();
    assert_eq!((view.present, view.excused), (100, 5));
    assert!(view.has_quorum());

    // 1. Show of hands: more hands than people present is refused, and changes nothing.
    let m1 = motion(s, id, "Arreglo del camino vecinal", None);
    assembly::open_vote(s, &op(), m1, VoteMethod::ShowOfHands, DecisionRule::MajorityOfVotesCast).unwrap();
    let too_many = assembly::record_hands(s, &op(), m1, &[(BallotOption::For, 90), (BallotOption::Against, 20)]);
    assert_eq!(refused(too_many), "counts_exceed_present");
    assert!(motion_view(s, id, m1).counts.is_empty(), "nothing was recorded");
    let counts = [(BallotOption::For, 60), (BallotOption::Against, 30), (BallotOption::Abstain, 10)];
    assembly::record_hands(s, &op(), m1, &counts).unwrap();
    let result = assembly::close_vote(s, &op(), m1).unwrap();
    assert_eq!(result.motion.outcome, Some(Outcome::Adopted));
    let first = result.resolution.unwrap();
    assert_eq!((first.number, first.year), (1, 2026));

    // 2. Roll call: only those present, once each.
    let m2 = motion(s, id, "Aporte para la escuela", None);
    assembly::open_vote(s, &op(), m2, VoteMethod::RollCall, DecisionRule::AbsoluteMajority).unwrap();
    let absent = person_of[&households[140]];
    assert_eq!(refused(assembly::roll_call_vote(s, &op(), m2, absent, BallotOption::For)), "not_present");
    let excused = person_of[&households[101]];
    assert_eq!(refused(assembly::roll_call_vote(s, &op(), m2, excused, BallotOption::For)), "not_present");
    for (i, h) in households.iter().take(100).enumerate() {
        let option = if i < 60 { BallotOption::For } else { BallotOption::Against };
        assembly::roll_call_vote(s, &op(), m2, person_of[h], option).unwrap();
    }
    let twice = assembly::roll_call_vote(s, &op(), m2, person_of[&households[0]], BallotOption::Against);
    assert_eq!(refused(twice), "already_voted");
    let result = assembly::close_vote(s, &op(), m2).unwrap();
    assert_eq!((result.tally.for_, result.tally.against), (60, 40));
    assert_eq!(result.motion.outcome, Some(Outcome::Adopted));
    let second = result.resolution.unwrap();
    assert_eq!((second.number, second.year), (2, 2026));

    // 3. Secret ballot under two thirds: 60 of 100 is a majority, not two thirds.
    let m3 = motion(s, id, "Cambio de la directiva antes de término", None);
    let opened = assembly::open_vote(s, &op(), m3, VoteMethod::Secret, DecisionRule::TwoThirds).unwrap();
    assert_eq!(opened.codes.len(), 100);
    assert_eq!(opened.codes.iter().collect::<BTreeSet<_>>().len(), 100, "codes are unique");
    for (i, code) in opened.codes.iter().enumerate() {
        let option = if i < 60 { BallotOption::For } else { BallotOption::Against };
        assembly::cast_secret_ballot(s, m3, code, option).unwrap();
    }
    assert_eq!(
        refused(assembly::cast_secret_ballot(s, m3, &opened.codes[0], BallotOption::Against)),
        "ballot_code_used"
    );
    assert_eq!(refused(assembly::cast_secret_ballot(s, m3, "ABCDE-FGHJK", BallotOption::For)), "ballot_code_unknown");
    assert!(motion_view(s, id, m3).counts.is_empty(), "the running count of a secret ballot stays hidden");
    let result = assembly::close_vote(s, &op(), m3).unwrap();
    assert_eq!((result.tally.for_, result.tally.against), (60, 40));
    assert_eq!(result.motion.outcome, Some(Outcome::Rejected));
    assert!(result.resolution.is_none());
    assert_eq!(refused(assembly::cast_secret_ballot(s, m3, &opened.codes[99], BallotOption::For)), "vote_not_open");

    // 4. A motion withdrawn by its proposer is never voted.
    let m4 = motion(s, id, "Fiesta del aniversario", None);
    assert_eq!(assembly::withdraw(s, &op(), m4).unwrap().outcome, Some(Outcome::Withdrawn));
    assert_eq!(
        refused(assembly::open_vote(s, &op(), m4, VoteMethod::ShowOfHands, DecisionRule::MajorityOfVotesCast)),
        "motion_decided"
    );

    // 5. An amendment, once adopted, becomes the text of the motion it amends.
    let m5 = motion(s, id, "Cuota mensual de 10 Bs", None);
    let number5 = motion_view(s, id, m5).motion.number;
    let m6 = motion(s, id, "Cuota mensual de 15 Bs", Some(number5));
    let result =
        hands(s, m6, DecisionRule::MajorityOfVotesCast, &[(BallotOption::For, 70), (BallotOption::Against, 20)]);
    assert_eq!(result.resolution.as_ref().map(|r| r.number), Some(3));
    assert_eq!(motion_view(s, id, m5).motion.text, "La asamblea resuelve: Cuota mensual de 15 Bs.");
    assert_eq!(motion_view(s, id, m6).motion.amends_id, Some(m5));

    // 6. An election by absolute majority: nobody has it, so the first two go to a runoff.
    let candidates: Vec<PersonId> = households[..3].iter().map(|h| person_of[h]).collect();
    let form = ElectionForm {
        office_title: "Secretario General".into(),
        term_end: Some(date(2028, 11, 30)),
        rule: "absolute_majority".into(),
        candidates: candidates.clone(),
    };
    let election = assembly::add_election(s, &op(), id, &form).unwrap().id;
    let ids: Vec<i64> = motion_view(s, id, election).candidates.iter().map(|c| c.id).collect();
    assert_eq!(ids.len(), 3);
    let first_round = [
        (BallotOption::Candidate(ids[0]), 40),
        (BallotOption::Candidate(ids[1]), 35),
        (BallotOption::Candidate(ids[2]), 25),
    ];
    let result = hands(s, election, DecisionRule::MajorityOfVotesCast, &first_round);
    assert_eq!(result.motion.outcome, Some(Outcome::Runoff));
    assert!(result.elected.is_none());
    let runoff = result.runoff.unwrap();
    let finalists = motion_view(s, id, runoff.id).candidates;
    let finalist_persons: Vec<PersonId> = finalists.iter().map(|c| c.person_id).collect();
    assert_eq!(finalist_persons, candidates[..2]);
    let second_round = [(BallotOption::Candidate(finalists[1].id), 55), (BallotOption::Candidate(finalists[0].id), 45)];
    let result = hands(s, runoff.id, DecisionRule::MajorityOfVotesCast, &second_round);
    assert_eq!(result.motion.outcome, Some(Outcome::Elected));
    assert_eq!(result.elected.as_ref(), Some(&finalists[1].name));
    let offices = registry::body_overview(s, &op(), "S1").unwrap().offices;
    let general: Vec<_> = offices.iter().filter(|o| o.title == "Secretario General").collect();
    assert_eq!(general.len(), 2, "{offices:?}");
    let new = general.iter().find(|o| o.ended_on.is_none()).unwrap();
    assert_eq!(new.holder, finalists[1].name);
    assert_eq!((new.term_start, new.term_end), (date(2026, 11, 30), Some(date(2028, 11, 30))));
    let old = general.iter().find(|o| o.ended_on.is_some()).unwrap();
    assert_eq!(old.holder, person(149).name);
    assert_eq!(old.ended_on, Some(date(2026, 11, 30)));

    let (_, resolutions) = assembly::resolutions(s, &op(), "S1", 10).unwrap();
    let mut numbers: Vec<String> = resolutions.iter().map(|r| format!("{}/{}", r.number, r.year)).collect();
    numbers.sort();
    assert_eq!(numbers, ["1/2026", "2/2026", "3/2026"]);

    // Closing: the 45 absent without excuse owe 20 Bs each.
    assembly::close(s, &op(), id).unwrap();
    let fines = assembly::view(s, &op(), id).unwrap().fines.unwrap();
    assert_eq!(fines.len(), 45);
    assert!(fines.iter().all(|f| f.amount == 2000));
    let fined: BTreeSet<PersonId> = fines.iter().map(|f| f.person_id).collect();
    let expected: BTreeSet<PersonId> = households[105..].iter().map(|h| person_of[h]).collect();
    assert_eq!(fined, expected);

    // The acta: not sealed without the secretario de actas' signature; sealed, it cannot change.
    assert_eq!(refused(acta::seal(s, &op(), id)), "missing_signatures");
    assert_eq!(
        refused(acta::sign(s, &op(), PasswordCost::TESTS_ONLY, local(), id, "Secretario de Actas", PASSWORD)),
        "account_required"
    );
    let rosa = signer(s, "rosa", "S1", Role::SecretarioActas);
    let wrong =
        acta::sign(s, &rosa, PasswordCost::TESTS_ONLY, local(), id, "Secretario de Actas", "otra contraseña larga");
    assert!(matches!(wrong, Err(ServiceError::BadCredentials)), "{:?}", wrong.err());
    assert_eq!(
        refused(acta::sign(s, &rosa, PasswordCost::TESTS_ONLY, local(), id, "Secretario General", PASSWORD)),
        "not_signer"
    );
    acta::sign(s, &rosa, PasswordCost::TESTS_ONLY, local(), id, "Secretario de Actas", PASSWORD).unwrap();
    let sealed = acta::seal(s, &op(), id).unwrap();
    assert_eq!(sealed.seq, Some(1));
    assert_eq!(refused(acta::edit_notes(s, &op(), id, "Se agrega algo después")), "acta_sealed");
    assert_eq!(refused(acta::seal(s, &op(), id)), "acta_sealed");
    let verification = acta::verify(s, &op(), None).unwrap();
    assert_eq!(verification.bodies, [("Sindicato S1 (S1)".to_string(), 1)]);
    assert!(verification.is_clean(), "{:?}", verification.problems);
}

fn a_vote_without_quorum_is_refused_and_recorded_as_such(db: &Db) {
    let s = &db.store;
    let households = sindicato(s, "S2", 10);
    statute(s, "S2");
    let id = convene(s, "S2", "Asamblea con poca gente", "2026-11-30");
    for h in &households[..3] {
        assembly::check_in(s, &op(), id, &Attendee::Household(*h), false).unwrap();
    }
    assert_eq!(assembly::open(s, &op(), id).unwrap().quorum_required, Some(6));
    let m = motion(s, id, "Compra de un tractor", None);
    for method in [VoteMethod::ShowOfHands, VoteMethod::RollCall, VoteMethod::Secret] {
        assert_eq!(refused(assembly::open_vote(s, &op(), m, method, DecisionRule::MajorityOfVotesCast)), "no_quorum");
    }
    assert_eq!(assembly::fail_quorum(s, &op(), m).unwrap().outcome, Some(Outcome::NoQuorum));
    // With quorum, "no quorum" is not an answer: the motion goes to the vote.
    for h in &households[3..6] {
        assert_eq!(
            assembly::check_in(s, &op(), id, &Attendee::Household(*h), false).unwrap().1,
            AttendanceStatus::Late
        );
    }
    let other = motion(s, id, "Compra de semillas", None);
    assert_eq!(refused(assembly::fail_quorum(s, &op(), other)), "has_quorum");
    assembly::open_vote(s, &op(), other, VoteMethod::ShowOfHands, DecisionRule::MajorityOfVotesCast).unwrap();
}

type Row = RawRow;

fn dump(db: &Db) -> BTreeMap<String, Vec<Row>> {
    db.raw_tables()
}

fn columns(rows: &[Row]) -> Vec<&str> {
    rows.first().map(|r| r.keys().map(String::as_str).collect()).unwrap_or_default()
}

fn a_secret_ballot_leaves_nothing_that_links_a_voter_to_a_choice(db: &Db) {
    let s = &db.store;
    let households = sindicato(s, "S3", 12);
    let id = convene(s, "S3", "Asamblea de la votación secreta", "2026-11-30");
    for h in &households[..10] {
        assembly::check_in(s, &op(), id, &Attendee::Household(*h), false).unwrap();
    }
    assembly::open(s, &op(), id).unwrap();
    let m = motion(s, id, "Revocatoria del delegado", None);
    let opened = assembly::open_vote(s, &op(), m, VoteMethod::Secret, DecisionRule::MajorityOfVotesCast).unwrap();
    assert_eq!(opened.codes.len(), 10);
    let before = dump(db);
    let choices = ["for", "for", "against", "for", "abstain", "against", "for", "for", "against", "for"];
    for (code, choice) in opened.codes.iter().zip(choices) {
        assembly::cast_secret_ballot(s, m, code, BallotOption::parse(choice).unwrap()).unwrap();
    }
    let during = dump(db);
    let result = assembly::close_vote(s, &op(), m).unwrap();
    assert_eq!((result.tally.for_, result.tally.against, result.tally.abstain), (6, 3, 1));
    let after = dump(db);

    let motion_id = m.0.to_string();
    let voters: BTreeSet<String> = persons(s, id)
        .into_iter()
        .filter(|(h, _)| households[..10].contains(h))
        .flat_map(|(h, p)| [h.0.to_string(), p.0.to_string()])
        .collect();

    // Casting the ballots changed only the counters and the codes' `used` mark: no table, no
    // column, no audit line per ballot.
    let changed: Vec<&String> = before.keys().filter(|t| before.get(*t) != during.get(*t)).collect();
    assert_eq!(changed, ["ballot_codes", "vote_counts"], "casting secret ballots wrote elsewhere");
    assert_eq!(before.keys().collect::<Vec<_>>(), during.keys().collect::<Vec<_>>(), "no table appeared");
    assert_eq!(columns(&during["ballot_codes"]), ["code_hash", "motion_id", "used"]);
    assert_eq!(columns(&during["vote_counts"]), ["count", "motion_id", "option"]);
    assert_eq!(before["ballot_codes"].len(), during["ballot_codes"].len());
    let strip = |rows: &[Row]| {
        let mut rows: Vec<Row> = rows
            .iter()
            .map(|r| r.iter().filter(|(k, _)| *k != "used").map(|(k, v)| (k.clone(), v.clone())).collect())
            .collect();
        rows.sort();
        rows
    };
    assert_eq!(
        strip(&before["ballot_codes"]),
        strip(&during["ballot_codes"]),
        "only the `used` mark of a code changes"
    );
    let counts: Vec<&Row> = during["vote_counts"].iter().filter(|r| r["motion_id"] == motion_id).collect();
    assert_eq!(counts.len(), 3, "one counter per option, not one row per ballot");

    // Nowhere, at the end, is a row holding both someone who attended and a choice of this
    // motion; the choices of this motion live only in its counters.
    for (table, rows) in &after {
        for row in rows {
            let about_motion =
                row.iter().any(|(k, v)| (k == "motion_id" || (table == "motions" && k == "id")) && *v == motion_id);
            let has_choice = row.values().any(|v| ["for", "against", "abstain"].contains(&v.as_str()));
            if about_motion && has_choice {
                assert_eq!(table, "vote_counts", "{table} holds a choice of the secret ballot: {row:?}");
            }
            if about_motion && table != "motions" {
                let names_voter = row
                    .iter()
                    .any(|(k, v)| (k.ends_with("person_id") || k.ends_with("household_id")) && voters.contains(v));
                assert!(!names_voter, "{table} links the secret ballot to an attendee: {row:?}");
            }
        }
    }
    assert_eq!(columns(&after["ballot_codes"]), ["code_hash", "motion_id", "used"]);
    // The audit trail says the motion was moved, its vote opened and closed: nothing per ballot.
    let lines = after["audit_events"]
        .iter()
        .filter(|r| {
            (r["action"].starts_with("vote.") || r["action"].starts_with("motion."))
                && r["detail"].starts_with(&format!("{motion_id}:"))
        })
        .count();
    assert_eq!(lines, 3, "create, open, close: {:?}", after["audit_events"]);
}

/// Runs one assembly of S4 with its four present, one motion by show of hands, and seals its
/// acta signed by `signer`. Returns the assembly and its motion.
pub(crate) fn sealed_assembly(s: &Store, households: &[HouseholdId], n: usize, signer: &Ctx) -> (AssemblyId, MotionId) {
    let id = convene(s, "S4", &format!("Asamblea {n}"), &format!("2026-0{n}-15"));
    for h in &households[..4] {
        assembly::check_in(s, &op(), id, &Attendee::Household(*h), false).unwrap();
    }
    assembly::open(s, &op(), id).unwrap();
    let m = motion(s, id, &format!("Moción de la asamblea {n}"), None);
    hands(s, m, DecisionRule::MajorityOfVotesCast, &[(BallotOption::For, 3), (BallotOption::Against, 1)]);
    assembly::close(s, &op(), id).unwrap();
    acta::sign(s, signer, PasswordCost::TESTS_ONLY, local(), id, "Secretario de Actas", PASSWORD).unwrap();
    assert_eq!(acta::seal(s, &op(), id).unwrap().seq, Some(n as u64));
    (id, m)
}

fn problems(db: &Db) -> Vec<(String, String, String)> {
    let verification = acta::verify(&db.store, &op(), Some("S4")).unwrap();
    verification
        .problems
        .iter()
        .map(|p| {
            let field = p.args().into_iter().find(|(k, _)| *k == "key").map(|(_, v)| v).unwrap_or_default();
            (p.code().to_string(), p.acta().to_string(), field)
        })
        .collect()
}

fn has(found: &[(String, String, String)], code: &str, acta: &str, field: &str) -> bool {
    found.iter().any(|(c, a, f)| c == code && a.starts_with(&format!("{acta} ")) && f == field)
}

fn any_change_behind_a_sealed_acta_is_detected(db: &Db) {
    let s = &db.store;
    let households = sindicato(s, "S4", 6);
    statute(s, "S4");
    let rosa = signer(s, "rosa", "S4", Role::SecretarioActas);
    let (a1, _) = sealed_assembly(s, &households, 1, &rosa);
    let (a2, m2) = sealed_assembly(s, &households, 2, &rosa);
    let (a3, _) = sealed_assembly(s, &households, 3, &rosa);
    assert!(problems(db).is_empty(), "three sealed actas, untouched: {:?}", problems(db));
    let acta_id = |a: AssemblyId| acta::view(s, &op(), a).unwrap().acta.id;

    // (a) A vote count of a motion recorded in acta 2.
    db.raw_execute(&format!("UPDATE vote_counts SET count = 4 WHERE motion_id = {} AND option = 'for'", m2.0));
    let found = problems(db);
    assert!(has(&found, "acta_field_changed", "2", "motion.01.count.for"), "{found:?}");
    let change = acta::verify(s, &op(), Some("S4"))
        .unwrap()
        .problems
        .into_iter()
        .find(|p| p.code() == "acta_field_changed")
        .unwrap();
    let args: BTreeMap<_, _> = change.args().into_iter().collect();
    assert_eq!((args["sealed"].as_str(), args["now"].as_str()), ("3", "4"));

    // (b) The stored content of acta 1.
    db.raw_execute(&format!(
        "UPDATE actas SET content = replace(content, 'Asamblea 1', 'Asamblea uno') WHERE id = {}",
        acta_id(a1)
    ));
    assert!(has(&problems(db), "acta_content_hash", "1", ""), "{:?}", problems(db));

    // (c) A signature removed from acta 3, and a public key swapped on acta 2.
    db.raw_execute(&format!("DELETE FROM acta_signatures WHERE acta_id = {}", acta_id(a3)));
    let found = problems(db);
    assert!(has(&found, "acta_missing_signature", "3", ""), "{found:?}");
    let forged = "ab".repeat(32);
    db.raw_execute(&format!("UPDATE acta_signatures SET public_key = '{forged}' WHERE acta_id = {}", acta_id(a2)));
    let found = problems(db);
    assert!(has(&found, "acta_bad_signature", "2", ""), "{found:?}");

    // (d) Someone present at the third assembly recorded as excused.
    let someone = persons(s, a3)[&households[0]];
    db.raw_execute(&format!(
        "UPDATE attendance SET status = 'excused' WHERE assembly_id = {} AND person_id = {}",
        a3.0, someone.0
    ));
    let found = problems(db);
    assert!(has(&found, "acta_field_changed", "3", &format!("attendance.{:08}.status", someone.0)), "{found:?}");
    assert!(has(&found, "acta_field_changed", "3", "attendance.present"), "{found:?}");

    // The command line says so, and fails.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_cabildo"))
        .args(["--db", &db.location, "--lang", "es", "verify"])
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(stdout.contains("Sindicato S4 (S4): 3 actas selladas"), "{stdout}");
    assert!(stdout.contains("2 Sindicato S4 (S4) (Asamblea 2, 2026-02-15)"), "{stdout}");
    assert!(stdout.contains("motion.01.count.for"), "{stdout}");
    assert!(!stdout.contains("íntegra"), "{stdout}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// The command line runs an assembly too, and `verify` passes on an untouched chain.
#[test]
fn the_command_line_convenes_checks_in_opens_closes_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db").display().to_string();
    let run = |args: &[&str]| crate::support::cabildo_cli(&db, args);
    let ok = |args: &[&str]| {
        let (code, text) = run(args);
        assert_eq!(code, Some(0), "{args:?}: {text}");
        text
    };
    {
        let store = Store::open(&db).unwrap();
        store.migrate().unwrap();
        sindicato(&store, "S5", 4);
    }
    ok(&[
        "statute",
        "set",
        "--body",
        "S5",
        "--quorum",
        "half_plus_one",
        "--fine",
        "20",
        "--signers",
        "secretario_actas",
    ]);
    let out = ok(&[
        "assembly",
        "convene",
        "--body",
        "S5",
        "--kind",
        "ordinaria",
        "--title",
        "Asamblea de diciembre",
        "--at",
        "2026-12-01 09:00",
        "--place",
        "Cancha",
        "--agenda",
        "Informe",
        "--agenda",
        "Cuotas",
    ]);
    assert!(out.contains("Asamblea 1 convocada"), "{out}");
    assert!(ok(&["assembly", "list", "--body", "S5"]).contains("Asamblea de diciembre — Convocada"));
    let card = {
        let store = Store::open(&db).unwrap();
        let lines = assembly::door(&store, &op(), AssemblyId(1), None, 10).unwrap();
        lines.into_iter().find(|l| l.eligible.household_id == Some(HouseholdId(1))).unwrap().eligible.card_code.unwrap()
    };
    let out = ok(&["assembly", "checkin", "1", "--card", &card]);
    assert!(out.contains("Presente"), "{out}");
    assert!(out.contains("1 presente · quórum 3 · faltan 2"), "the door's counter: {out}");
    ok(&["assembly", "checkin", "1", "--household", "2"]);
    let out = ok(&["assembly", "checkin", "1", "--household", "3"]);
    assert!(out.contains("3 presentes · quórum 3 · hay quórum"), "the door's counter: {out}");
    let (code, text) = run(&["assembly", "checkin", "1", "--card", "ZZZZ-9"]);
    assert_eq!(code, Some(1), "{text}");
    assert!(ok(&["assembly", "open", "1"]).contains("4 habilitados, quórum 3"));
    // Tickets are for a crowd without a register: refused in an ordinaria, saying why; issued
    // for a cabildo abierto of the same sindicato.
    let tickets = dir.path().join("boletos.txt");
    let (code, text) = run(&["assembly", "tickets", "1", "--count", "5", "--out", tickets.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("cabildo abierto") && !tickets.exists(), "{text}");
    let cabildo = ok(&[
        "assembly",
        "convene",
        "--body",
        "S5",
        "--kind",
        "cabildo_abierto",
        "--title",
        "Cabildo del camino",
        "--at",
        "2026-12-01 15:00",
        "--place",
        "Plaza",
    ]);
    assert!(cabildo.contains("Asamblea 2 convocada"), "{cabildo}");
    let out = ok(&["assembly", "tickets", "2", "--count", "5", "--out", tickets.to_str().unwrap()]);
    assert!(out.contains("5 boletos"), "{out}");
    assert_eq!(std::fs::read_to_string(&tickets).unwrap().lines().count(), 5);
    assert!(ok(&["assembly", "close", "1"]).contains("1 multas"));
    let show = ok(&["assembly", "show", "1"]);
    assert!(show.contains("1. Informe") && show.contains("presentes 3"), "{show}");
    assert!(ok(&["verify"]).contains("Cadena íntegra"));
    let (code, text) = run(&["verify", "--body", "NOPE"]);
    assert_eq!(code, Some(1), "{text}");
}

/// `result` is the error for corrupt data that names `column` (table.column).
fn corrupt<T>(result: Result<T, ServiceError>, column: &str) {
    match result {
        Err(ServiceError::Internal(message)) if message.contains(column) => {}
        Err(other) => panic!("expected corrupt data naming {column}, got {other:?}"),
        Ok(_) => panic!("expected corrupt data naming {column}, got a value"),
    }
}

/// Values a step needs, changed by raw SQL: each is an error naming its table and column, and
/// the step changes nothing — never a quorum of 0, a default decision rule, an empty salt or a
/// password hash read as a wrong password.
fn rows_changed_behind_cabildos_back_are_errors_not_defaults(db: &Db) {
    let s = &db.store;
    let households = sindicato(s, "S5", 10);
    statute(s, "S5");
    let rosa = signer(s, "rosa", "S5", Role::SecretarioActas);
    let id = convene(s, "S5", "Asamblea de los datos cambiados", "2026-11-30");
    for h in &households[..3] {
        assembly::check_in(s, &op(), id, &Attendee::Household(*h), false).unwrap();
    }
    assert_eq!(assembly::open(s, &op(), id).unwrap().quorum_required, Some(6));
    let m = motion(s, id, "Arreglo del puente", None);
    let majority = DecisionRule::AbsoluteMajority;

    // The quorum: missing or negative, it was read as 0 and the vote opened with 3 of 6 present.
    for bad in ["NULL", "-6"] {
        db.raw_execute(&format!("UPDATE assemblies SET quorum_required = {bad} WHERE id = {}", id.0));
        corrupt(assembly::open_vote(s, &op(), m, VoteMethod::ShowOfHands, majority), "assemblies.quorum_required");
        corrupt(assembly::fail_quorum(s, &op(), m), "assemblies.quorum_required");
        corrupt(assembly::view(s, &op(), id), "assemblies.quorum_required");
    }
    db.raw_execute(&format!("UPDATE assemblies SET quorum_required = 6 WHERE id = {}", id.0));
    assert_eq!(motion_view(s, id, m).motion.status, MotionStatus::Pending, "nothing was opened");
    for h in &households[3..8] {
        assembly::check_in(s, &op(), id, &Attendee::Household(*h), false).unwrap();
    }

    // The decision rule, those present and the counts of an open vote: missing, the rule was
    // "majority of votes cast" and those present 0; a negative count was 0.
    assembly::open_vote(s, &op(), m, VoteMethod::ShowOfHands, majority).unwrap();
    assembly::record_hands(s, &op(), m, &[(BallotOption::For, 4), (BallotOption::Against, 1)]).unwrap();
    let motion_row = format!("WHERE id = {}", m.0);
    for (change, column) in [
        ("rule = NULL", "motions.rule"),
        ("rule = 'by_lottery'", "motions.rule"),
        ("rule = 'absolute_majority', present_at_open = NULL", "motions.present_at_open"),
        ("present_at_open = -8", "motions.present_at_open"),
    ] {
        db.raw_execute(&format!("UPDATE motions SET {change} {motion_row}"));
        corrupt(assembly::close_vote(s, &op(), m), column);
    }
    db.raw_execute(&format!("UPDATE motions SET present_at_open = 8 {motion_row}"));
    db.raw_execute(&format!("UPDATE vote_counts SET count = -1 WHERE motion_id = {} AND option = 'against'", m.0));
    corrupt(assembly::close_vote(s, &op(), m), "vote_counts.count");
    db.raw_execute(&format!("UPDATE vote_counts SET count = 1 WHERE motion_id = {} AND option = 'against'", m.0));
    assert_eq!(motion_view(s, id, m).motion.status, MotionStatus::Voting, "nothing was decided");
    // 4 for of 8 present is not an absolute majority (the default rule would have adopted it).
    assert_eq!(assembly::close_vote(s, &op(), m).unwrap().motion.outcome, Some(Outcome::Rejected));
    assembly::close(s, &op(), id).unwrap();

    // The salt of a signing key: empty, it derived another key and registered a new one.
    let sign = || acta::sign(s, &rosa, PasswordCost::TESTS_ONLY, local(), id, "Secretario de Actas", PASSWORD);
    sign().unwrap();
    acta::edit_notes(s, &op(), id, "Se levantó la sesión.").unwrap();
    let salt = db.raw_tables()["account_keys"][0]["salt"].clone();
    db.raw_execute("UPDATE account_keys SET salt = ''");
    corrupt(sign(), "account_keys.salt");
    assert_eq!(db.raw_count("account_keys"), 1, "no new key was registered");
    assert_eq!(db.raw_count("acta_signatures"), 0);
    db.raw_execute(&format!("UPDATE account_keys SET salt = '{salt}'"));
    sign().unwrap();
    acta::seal(s, &op(), id).unwrap();

    // A sealed acta without its content or hashes: they were read as empty text.
    let acta_id = acta::view(s, &op(), id).unwrap().acta.id;
    // (Each stays missing: the next one is read first, so each check names its own column.)
    for column in ["chain_hash", "content_hash", "content", "seq"] {
        db.raw_execute(&format!("UPDATE actas SET {column} = NULL WHERE id = {acta_id}"));
        corrupt(acta::verify(s, &op(), Some("S5")), &format!("actas.{column}"));
    }
    corrupt(acta::view(s, &op(), id), "actas.content");

    // A password hash that is not a hash is corrupt data, not a wrong password.
    db.raw_execute("UPDATE accounts SET password_hash = 'not a hash' WHERE username = 'rosa'");
    corrupt(access::sign_in(s, local(), op().now, "rosa", PASSWORD), "accounts.password_hash");
}
