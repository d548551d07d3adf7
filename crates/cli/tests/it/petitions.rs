//! Petitions up the tree (issue 14, item 5, and its errors in item 6), on both backends. On the
//! demo Trópico, a sindicato's resolution rises through its central and its federation — each
//! level deciding in its own assembly — to a ministry, which answers with a meeting date: the
//! reply is on the sindicato's page and feed, the oficio cites every level's resolution, and the
//! meeting becomes the delegation's assembly. Returns with reasons, a pliego, the overdue filter,
//! and every attack — a skipped level, a reply to a petition never sent, endorsing a petition
//! held by another body, ids outside the actor's subtree — refused with nothing changed.

use axum::http::StatusCode;
use cabildo_domain::PersonId;
use cabildo_domain::access::Role;
use cabildo_domain::assembly::{AssemblyId, BallotOption, DecisionRule, MotionId, VoteMethod};
use cabildo_domain::petition::PetitionId;
use cabildo_services::assembly::{self, Attendee, ConveneForm, MotionForm};
use cabildo_services::petitions::{self, PetitionRefusal, PetitionStatus, ProposeForm, RaiseForm, ReplyForm};
use cabildo_services::{ServiceError, Store, registry};
use serde_json::json;

use crate::support::{Db, TestApp, on_both_backends, op, today};

on_both_backends!(
    a_petition_rises_from_a_sindicato_to_a_ministry_and_the_meeting_reaches_the_base,
    returns_pliegos_and_the_overdue_filter_work_as_the_bases_expect,
    every_attack_on_a_petition_is_refused_and_changes_nothing,
    the_command_line_raises_lists_decides_and_records_a_reply,
);

const SINDICATO: &str = "F1-C01-S01";
const CENTRAL: &str = "F1-C01";
const FEDERATION: &str = "F1";

fn body_id(store: &Store, code: &str) -> i64 {
    store.read(|r| r.body_by_code(code)).unwrap().unwrap().id.0
}

/// Convenes an assembly of `code`, checks in everyone entitled and opens it: its number and who
/// is present. A central or a federation holds an ampliado (its officers and those below).
fn in_session(store: &Store, code: &str) -> (AssemblyId, Vec<PersonId>) {
    let body = store.read(|r| r.body_by_code(code)).unwrap().unwrap();
    let kind = if body.kind == cabildo_domain::BodyKind::Sindicato { "ordinaria" } else { "ampliado" };
    let form = ConveneForm {
        kind: kind.into(),
        title: format!("Asamblea de {code}"),
        scheduled_for: format!("{} 09:00", today()),
        place: "Sede".into(),
        agenda: "Solicitudes".into(),
    };
    let a = assembly::convene(store, &op(), code, &form).unwrap();
    let people = store.read(|r| assembly::eligible(r, &body, a.kind, a.scheduled_for.date())).unwrap();
    assert!(!people.is_empty(), "{code} has nobody to hold a {kind}");
    for p in &people {
        assembly::check_in(store, &op(), a.id, &Attendee::Person(p.person_id), false).unwrap();
    }
    assembly::open(store, &op(), a.id).unwrap();
    (a.id, people.iter().map(|p| p.person_id).collect())
}

/// Votes a motion by show of hands, everyone present for, and closes it: the resolution's id.
fn adopt(store: &Store, motion: MotionId, present: usize) -> i64 {
    assembly::open_vote(store, &op(), motion, VoteMethod::ShowOfHands, DecisionRule::MajorityOfVotesCast).unwrap();
    assembly::record_hands(store, &op(), motion, &[(BallotOption::For, present as u64)]).unwrap();
    assembly::close_vote(store, &op(), motion).unwrap().resolution.unwrap().id
}

/// A resolution `code`'s assembly adopts.
fn resolution(store: &Store, code: &str, title: &str) -> i64 {
    let (a, present) = in_session(store, code);
    let form = MotionForm {
        title: title.into(),
        text: format!("La asamblea resuelve: {title}."),
        proposer: "Base".into(),
        ..MotionForm::default()
    };
    let m = assembly::add_motion(store, &op(), a, &form).unwrap().id;
    adopt(store, m, present.len())
}

/// The holder's assembly adopts `action` on a petition: the resolution's id.
fn decide(store: &Store, code: &str, petition: PetitionId, form: ProposeForm) -> i64 {
    let (a, present) = in_session(store, code);
    let motion = petitions::propose(store, &op(), &petition.0.to_string(), a, &form).unwrap();
    adopt(store, motion.id, present.len())
}

fn action(action: &str) -> ProposeForm {
    ProposeForm { action: action.into(), ..ProposeForm::default() }
}

fn raise(store: &Store, code: &str, resolution: i64, answer_by: &str) -> PetitionId {
    let form = RaiseForm { resolution: resolution.to_string(), to: String::new(), answer_by: answer_by.into() };
    petitions::raise(store, &op(), code, &form).unwrap().id
}

/// The rows of every table petitions write: what a refusal must leave as it was.
fn rows(db: &Db) -> [i64; 7] {
    [
        "petitions",
        "petition_steps",
        "petition_replies",
        "petition_motions",
        "petition_motion_items",
        "authorities",
        "motions",
    ]
    .map(|t| db.raw_count(t))
}

fn refusal(e: ServiceError) -> PetitionRefusal {
    match e {
        ServiceError::Petition(r) => r,
        other => panic!("not a petition refusal: {other:?}"),
    }
}

fn a_petition_rises_from_a_sindicato_to_a_ministry_and_the_meeting_reaches_the_base(db: &Db) {
    let app = TestApp::demo(db).families(300).build();
    let s = &db.store;
    let (sindicato, central, federation) = (body_id(s, SINDICATO), body_id(s, CENTRAL), body_id(s, FEDERATION));
    let base = resolution(s, SINDICATO, "Asfaltado del camino a Villa Tunari");

    // The sindicato's secretary raises it to the central through the API.
    let raised = app.block_on(app.api_ok(
        "POST",
        &format!("/api/v1/bodies/{sindicato}/petitions"),
        "actas",
        Some(json!({"resolution": base.to_string(), "answer_by": "2026-12-20"})),
        StatusCode::CREATED,
    ));
    let id = PetitionId(raised["id"].as_i64().unwrap());
    assert_eq!((raised["holder_id"].as_i64(), raised["standing"].as_str()), (Some(central), Some("waiting")));

    // The central sees it in its inbox, and its assembly endorses it: it rises to the federation.
    let inbox = app.block_on(app.api_ok(
        "GET",
        &format!("/api/v1/bodies/{central}/petitions?filter=waiting"),
        "dirigente",
        None,
        StatusCode::OK,
    ));
    assert_eq!(inbox["waiting"], 1);
    assert_eq!(inbox["petitions"][0]["petition"]["id"].as_i64(), Some(id.0));
    let endorsed = decide(s, CENTRAL, id, action("endorse"));
    let record = s.read(|r| r.petition(id)).unwrap().unwrap();
    assert_eq!((record.holder_body_id.0, record.status), (federation, PetitionStatus::Waiting));

    // The federation keeps the ministry as a contact and addresses the petition to it.
    let ministry = app.block_on(app.api_ok(
        "POST",
        &format!("/api/v1/bodies/{federation}/authorities"),
        "dirigente",
        Some(json!({"name": "Ministerio de Obras Públicas", "office": "Ministro", "address": "Av. Mariscal Santa Cruz, La Paz"})),
        StatusCode::CREATED,
    ));
    let form = ProposeForm {
        authority: ministry["id"].as_i64().unwrap().to_string(),
        reply_by: "2026-12-31".into(),
        ..action("address")
    };
    let addressed = decide(s, FEDERATION, id, form);
    let detail = app.block_on(app.api_ok("GET", &format!("/api/v1/petitions/{id}"), "actas", None, StatusCode::OK));
    assert_eq!(detail["petition"]["status"], "addressed");
    assert_eq!(detail["petition"]["oficio"], "F1-OF-1/2026");
    // The path cites the resolution of every level, lowest first.
    let cited: Vec<i64> =
        detail["citations"].as_array().unwrap().iter().map(|c| c["resolution_id"].as_i64().unwrap()).collect();
    assert_eq!(cited, vec![base, endorsed, addressed]);
    let steps: Vec<&str> = detail["steps"].as_array().unwrap().iter().map(|s| s["action"].as_str().unwrap()).collect();
    assert_eq!(steps, ["raised", "endorsed", "addressed"]);

    // The oficio: reference, authority, the three resolutions, the signature lines.
    let oficio = app.block_on(app.get(&format!("/petitions/{id}/oficio"), "dirigente"));
    assert_eq!(oficio.status, StatusCode::OK);
    for wanted in ["F1-OF-1/2026", "Ministerio de Obras Públicas", "Av. Mariscal Santa Cruz", "sign-line"] {
        assert!(oficio.body.contains(wanted), "the oficio lacks {wanted}");
    }
    for r in [base, endorsed, addressed] {
        let number = s.read(|repo| repo.resolution(r)).unwrap().unwrap();
        assert!(oficio.body.contains(&format!("{}/{}", number.number, number.year)), "the oficio does not cite {r}");
    }

    // The ministry answers with a meeting date; the federation convenes the delegation.
    let reply = app.block_on(app.api_ok(
        "POST",
        &format!("/api/v1/petitions/{id}/replies"),
        "dirigente",
        Some(json!({"kind": "meeting", "received_on": "2026-12-05", "text": "El Ministro recibirá a la delegación.",
            "meeting_at": "2026-12-10 10:00", "meeting_place": "Despacho del Ministro"})),
        StatusCode::CREATED,
    ));
    let delegation = app.block_on(app.api_ok(
        "POST",
        &format!("/api/v1/petitions/{id}/delegation"),
        "dirigente",
        Some(json!({"reply_id": reply["id"], "title": "Delegación ante el Ministerio de Obras Públicas"})),
        StatusCode::CREATED,
    ));
    assert_eq!(delegation["scheduled_for"], "2026-12-10 10:00");
    let convened = s.read(|r| r.assembly(AssemblyId(delegation["assembly_id"].as_i64().unwrap()))).unwrap().unwrap();
    assert_eq!((convened.body_id.0, convened.place.as_str()), (federation, "Despacho del Ministro"));
    // A second delegation for the same meeting is refused.
    let (status, problem) = app.block_on(app.api(
        "POST",
        &format!("/api/v1/petitions/{id}/delegation"),
        "dirigente",
        Some(&json!({"reply_id": reply["id"], "title": "Otra"})),
    ));
    assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("petition_no_meeting_to_convene")));

    // The sindicato that started it sees the meeting on its page, its petition's page and feed.
    let page = app.block_on(app.get(&format!("/bodies/{sindicato}"), "actas"));
    assert!(page.body.contains("La autoridad dio fecha de reunión"), "{}", page.body);
    assert!(page.body.contains("2026-12-10 10:00") && page.body.contains("Despacho del Ministro"));
    let view = app.block_on(app.get(&format!("/petitions/{id}"), "afiliado"));
    assert_eq!(view.status, StatusCode::OK);
    assert!(view.body.contains("El Ministro recibirá a la delegación."));
    assert!(view.body.contains("Federación") || view.body.contains(&registry_name(s, FEDERATION)));
    registry::set_published(s, &op(), SINDICATO, true).unwrap();
    let feed = app.block_on(app.get(&format!("/bodies/{SINDICATO}/assemblies.atom"), crate::support::Who::Anonymous));
    assert_eq!(feed.status, StatusCode::OK);
    assert!(feed.body.contains("Solicitud: Asfaltado del camino a Villa Tunari"), "{}", feed.body);
    assert!(feed.body.contains("2026-12-10 10:00"));
    let public = app.block_on(app.get(&format!("/p/{SINDICATO}"), crate::support::Who::Anonymous));
    assert!(public.body.contains(&format!("id=\"petition-{id}\"")), "{}", public.body);
    assert!(public.body.contains("Despacho del Ministro"));
    // The history says it in words.
    let history = app.block_on(app.get(&format!("/bodies/{federation}/audit"), "dirigente"));
    assert!(history.body.contains("dirigió la solicitud"), "{}", history.body);
}

fn registry_name(store: &Store, code: &str) -> String {
    store.read(|r| r.body_by_code(code)).unwrap().unwrap().name
}

fn returns_pliegos_and_the_overdue_filter_work_as_the_bases_expect(db: &Db) {
    let _app = TestApp::demo(db).families(300).with_sindicato(CENTRAL, "F1-C01-S98", "Sindicato Chapare", 12).build();
    let s = &db.store;
    let central = body_id(s, CENTRAL);
    let siblings: Vec<String> = s
        .read(|r| r.bodies())
        .unwrap()
        .into_iter()
        .filter(|b| b.parent_id.map(|p| p.0) == Some(central))
        .map(|b| b.code)
        .collect();
    assert!(siblings.len() >= 2, "the central needs two sindicatos");
    let yesterday = (today() - chrono::Duration::days(1)).to_string();
    let first = raise(s, &siblings[0], resolution(s, &siblings[0], "Posta de salud"), &yesterday);
    let second = raise(s, &siblings[1], resolution(s, &siblings[1], "Puente sobre el río Chapare"), "");
    let third = raise(s, &siblings[0], resolution(s, &siblings[0], "Electrificación rural"), &yesterday);

    // Two wait past the date their bases asked for a decision: the overdue filter has them.
    let inbox = |filter| petitions::inbox(s, &op(), CENTRAL, filter, 0).unwrap();
    let overdue = inbox(petitions::InboxFilter::Overdue(today()));
    assert_eq!((overdue.total, overdue.waiting, overdue.overdue), (2, 3, 2));
    let mut ids: Vec<PetitionId> = overdue.lines.iter().map(|l| l.record.id).collect();
    ids.sort();
    assert_eq!(ids, vec![first, third]);

    // A return needs reasons; with them, the base reads them on the petition's page.
    let (a, _) = in_session(s, CENTRAL);
    let no_reasons = petitions::propose(s, &op(), &first.0.to_string(), a, &action("return")).unwrap_err();
    assert_eq!(refusal(no_reasons), PetitionRefusal::ReasonsRequired);
    let form = ProposeForm { reasons: "Falta el costo estimado de la obra.".into(), ..action("return") };
    decide(s, CENTRAL, first, form);
    let back = petitions::view(s, &op(), &first.0.to_string()).unwrap();
    assert_eq!((back.record.status, back.record.holder_body_id), (PetitionStatus::Returned, back.origin.id));
    assert!(back.steps.iter().any(|st| st.step.reasons == "Falta el costo estimado de la obra."));
    assert_eq!(back.standing.code(), "returned");

    // Two others become one pliego, which rises to the federation as one.
    let form = ProposeForm { reasons: "Pliego de la Central".into(), others: third.0.to_string(), ..action("merge") };
    decide(s, CENTRAL, second, form);
    let merged = petitions::view(s, &op(), &second.0.to_string()).unwrap();
    let (pliego, _, _) = merged.pliego.clone().unwrap();
    assert_eq!(pliego.holder_body_id.0, body_id(s, FEDERATION));
    assert_eq!(pliego.title, "Pliego de la Central");
    let whole = petitions::view(s, &op(), &pliego.id.0.to_string()).unwrap();
    let mut members: Vec<PetitionId> = whole.members.iter().map(|(m, _)| m.id).collect();
    members.sort();
    assert_eq!(members, vec![second, third]);
    // The pliego cites both bases' resolutions and the central's.
    assert_eq!(whole.citations.len(), 3);
    assert_eq!(inbox(petitions::InboxFilter::Waiting).total, 0);
    // The bases see the pliego on their pages.
    let lines = petitions::for_body(s, &op(), cabildo_domain::BodyId(body_id(s, &siblings[1]))).unwrap();
    assert!(lines.iter().any(|l| l.record.id == pliego.id));

    // Two motions on one petition: once the first is adopted, the second cannot be voted.
    let fourth = raise(s, &siblings[1], resolution(s, &siblings[1], "Cancha polifuncional"), "");
    let (a, present) = in_session(s, CENTRAL);
    let m1 = petitions::propose(s, &op(), &fourth.0.to_string(), a, &action("endorse")).unwrap();
    let m2 = petitions::propose(s, &op(), &fourth.0.to_string(), a, &action("endorse")).unwrap();
    adopt(s, m1.id, present.len());
    let e =
        assembly::open_vote(s, &op(), m2.id, VoteMethod::ShowOfHands, DecisionRule::MajorityOfVotesCast).unwrap_err();
    assert!(matches!(refusal(e), PetitionRefusal::NotWaiting { .. }));
}

fn every_attack_on_a_petition_is_refused_and_changes_nothing(db: &Db) {
    let app = TestApp::demo(db).families(300).with_user("lider_f2", Role::Dirigente, "F2").build();
    let s = &db.store;
    let (sindicato, federation) = (body_id(s, SINDICATO), body_id(s, FEDERATION));
    let base = resolution(s, SINDICATO, "Riego tecnificado");
    let before = rows(db);

    // Skipping a level: to the federation, to the confederation, to another central.
    for target in [FEDERATION, "TROPICO", "F2-C01"] {
        let form = RaiseForm { resolution: base.to_string(), to: target.into(), answer_by: String::new() };
        let e = petitions::raise(s, &op(), SINDICATO, &form).unwrap_err();
        assert!(matches!(refusal(e), PetitionRefusal::SkipsLevel { .. }), "{target}");
    }
    let (status, problem) = app.block_on(app.api(
        "POST",
        &format!("/api/v1/bodies/{sindicato}/petitions"),
        "actas",
        Some(&json!({"resolution": base.to_string(), "to": FEDERATION})),
    ));
    assert_eq!((status, problem["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("petition_skips_level")));
    // A resolution of another body, and the top of the tree.
    let form = RaiseForm { resolution: base.to_string(), ..RaiseForm::default() };
    assert!(matches!(
        refusal(petitions::raise(s, &op(), "F2-C01-S01", &form).unwrap_err()),
        PetitionRefusal::NotOwnResolution { .. }
    ));
    let top = resolution(s, "TROPICO", "Ley de tierras");
    let form = RaiseForm { resolution: top.to_string(), ..RaiseForm::default() };
    assert!(matches!(
        refusal(petitions::raise(s, &op(), "TROPICO", &form).unwrap_err()),
        PetitionRefusal::NoParent { .. }
    ));
    let before = {
        let mut b = before;
        b[6] = db.raw_count("motions");
        b
    };
    assert_eq!(rows(db), before, "a refused raise changed something");

    let id = raise(s, SINDICATO, base, "");
    let before = rows(db);

    // A reply to a petition never sent to an authority.
    let e = petitions::reply(s, &op(), &id.0.to_string(), &ReplyForm { kind: "full".into(), ..ReplyForm::default() })
        .unwrap_err();
    assert_eq!(refusal(e), PetitionRefusal::NotSent);
    let (status, problem) = app.block_on(app.api(
        "POST",
        &format!("/api/v1/petitions/{id}/replies"),
        "dirigente",
        Some(&json!({"kind": "meeting", "meeting_at": "2026-12-10 10:00"})),
    ));
    assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("petition_not_sent")));
    // The same resolution raised twice.
    let form = RaiseForm { resolution: base.to_string(), ..RaiseForm::default() };
    assert!(matches!(
        refusal(petitions::raise(s, &op(), SINDICATO, &form).unwrap_err()),
        PetitionRefusal::AlreadyRaised { .. }
    ));

    // Endorsing, in the federation's assembly, a petition the central holds.
    let (fed_assembly, _) = in_session(s, FEDERATION);
    let e = petitions::propose(s, &op(), &id.0.to_string(), fed_assembly, &action("endorse")).unwrap_err();
    assert!(matches!(refusal(e), PetitionRefusal::NotHolder { .. }));
    let (status, problem) = app.block_on(app.api(
        "POST",
        &format!("/api/v1/petitions/{id}/motions"),
        "dirigente",
        Some(&json!({"assembly_id": fed_assembly.0, "action": "endorse"})),
    ));
    assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("petition_not_holder")));
    // Addressing it to an authority of another body.
    let other = petitions::add_authority(
        s,
        &op(),
        "F2",
        &petitions::AuthorityForm { name: "Gobernación".into(), office: "Gobernador".into(), address: "Plaza".into() },
    )
    .unwrap();
    let (c_assembly, _) = in_session(s, CENTRAL);
    let form = ProposeForm { authority: other.id.0.to_string(), ..action("address") };
    let e = petitions::propose(s, &op(), &id.0.to_string(), c_assembly, &form).unwrap_err();
    assert!(matches!(refusal(e), PetitionRefusal::UnknownAuthority { .. }));
    let mut expected = before;
    expected[5] += 1; // the authority of F2
    expected[6] = db.raw_count("motions");
    assert_eq!(rows(db), expected, "a refused step changed something");

    // Ids outside the actor's subtree: F2's leader sees no petition of F1, nor its inbox.
    let (status, problem) = app.block_on(app.api("GET", &format!("/api/v1/petitions/{id}"), "lider_f2", None));
    assert_eq!((status, problem["code"].as_str()), (StatusCode::NOT_FOUND, Some("unknown_petition")));
    assert_eq!(app.block_on(app.get(&format!("/petitions/{id}"), "lider_f2")).status, StatusCode::NOT_FOUND);
    assert_eq!(app.block_on(app.get(&format!("/petitions/{id}/oficio"), "lider_f2")).status, StatusCode::NOT_FOUND);
    let (status, _) = app.block_on(app.api("GET", &format!("/api/v1/bodies/{federation}/petitions"), "lider_f2", None));
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.block_on(app.api(
        "POST",
        &format!("/api/v1/petitions/{id}/replies"),
        "lider_f2",
        Some(&json!({"kind": "full"})),
    ));
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.block_on(app.api(
        "POST",
        &format!("/api/v1/bodies/{sindicato}/petitions"),
        "lider_f2",
        Some(&json!({"resolution": base.to_string()})),
    ));
    assert_eq!(status, StatusCode::FORBIDDEN);
    // The sindicato's secretary may see its petition, but not decide on it for the central.
    assert_eq!(app.block_on(app.get(&format!("/petitions/{id}"), "actas")).status, StatusCode::OK);
    let (status, _) = app.block_on(app.api(
        "POST",
        &format!("/api/v1/petitions/{id}/motions"),
        "actas",
        Some(&json!({"assembly_id": c_assembly.0, "action": "endorse"})),
    ));
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(rows(db), expected, "a refused request changed something");
}

/// `cabildo petition …` on the test's database, in Spanish: success, and what it printed.
fn cli(db: &Db, args: &[&str]) -> (bool, String, String) {
    let args: Vec<&str> = std::iter::once("petition").chain(args.iter().copied()).collect();
    let (code, said) = crate::support::cabildo_cli(&db.location, &args);
    (code == Some(0), said.clone(), said)
}

fn the_command_line_raises_lists_decides_and_records_a_reply(db: &Db) {
    let _app = TestApp::demo(db).families(300).build();
    let s = &db.store;
    let base = resolution(s, SINDICATO, "Agua potable").to_string();
    // Past the central, to the federation: refused in Spanish, with a failing exit code.
    let (ok, _, err) = cli(db, &["raise", SINDICATO, "--resolution", &base, "--to", FEDERATION]);
    assert!(!ok && err.contains("no es el organismo inmediato superior"), "{err}");
    assert_eq!(db.raw_count("petitions"), 0);
    let (ok, said, err) = cli(db, &["raise", SINDICATO, "--resolution", &base]);
    assert!(ok && said.starts_with("Solicitud 1 elevada"), "{said}{err}");
    let (ok, inbox, err) = cli(db, &["inbox", CENTRAL, "--filter", "waiting"]);
    assert!(ok && inbox.contains("1 solicitud") && inbox.contains("Agua potable"), "{inbox}{err}");
    // A reply before it was sent is refused.
    let (ok, _, err) = cli(db, &["reply", "1", "--kind", "full"]);
    assert!(!ok && err.contains("nunca fue enviada"), "{err}");
    // The central's ampliado endorses it.
    let (a, present) = in_session(s, CENTRAL);
    let (ok, said, err) = cli(db, &["propose", "1", "--assembly", &a.0.to_string(), "--action", "respaldar"]);
    assert!(ok && said.contains("presentada"), "{said}{err}");
    let motion = s.read(|r| r.petition_motions(PetitionId(1))).unwrap()[0].motion_id;
    adopt(s, motion, present.len());
    let (ok, shown, err) = cli(db, &["show", "1"]);
    assert!(ok && shown.contains("la respaldó y la elevó"), "{shown}{err}");
    let (ok, said, err) =
        cli(db, &["authority", FEDERATION, "--name", "Gobernación", "--office", "Gobernador", "--address", "Plaza"]);
    assert!(ok && said.contains("Gobernación"), "{said}{err}");
}
