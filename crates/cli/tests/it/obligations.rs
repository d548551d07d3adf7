//! Attendance obligations and accountability (issue 14, item 4, its error in item 6 and the
//! "done when"), on both backends, on the demo Trópico: the federation's secretario general owes
//! an assembly of each of its centrales every quarter; two years of assemblies are generated with
//! his visits recorded at their doors, one quarter of one central missed and one excused; what the
//! pages and the API say is checked against counts made here from what was generated. A base of the
//! central he missed demands an explanation; the demand stays open, visibly, until he is recorded
//! present at the base's next assembly and the item is dealt with. Then every attack: ids outside
//! the viewer's subtree, an office that does not exist or is another body's, compliance declared
//! by hand (there is no such route), a visitor nothing binds, an informe by someone else.

use axum::http::StatusCode;
use cabildo_domain::access::Role;
use cabildo_domain::assembly::{AssemblyId, BallotOption, DecisionRule, MotionId, VoteMethod};
use cabildo_domain::{Body, BodyKind, Date, Office};
use cabildo_services::assembly::{self, Attendee, ConveneForm};
use cabildo_services::{obligations, registry};
use serde_json::{Value, json};

use crate::support::{Db, TestApp, Who, at, date, on_both_backends, op, today};

on_both_backends!(
    the_federation_leaders_quarterly_obligation_is_computed_and_a_demand_closes_when_he_attends,
    every_attack_on_obligations_is_refused_and_changes_nothing,
    the_command_line_states_and_shows_an_obligation,
    an_obligation_that_ends_is_counted_no_further,
);

/// A sindicato of ten families under F1-C01: the base that demands an explanation.
const HALL: &str = "F1-C01-S99";
/// The quarter of F1-C01 the leader missed, and the one of the second central he was excused at.
const MISSED: (i32, u32) = (2026, 2);
const EXCUSED: (i32, u32) = (2025, 3);

fn body(db: &Db, code: &str) -> Body {
    db.store.read(|r| r.body_by_code(code)).unwrap().unwrap()
}

/// The latest office of `title` in the body `code` (held today or not).
fn office(db: &Db, code: &str, title: &str) -> Office {
    let b = body(db, code);
    db.store
        .read(|r| r.offices(b.id))
        .unwrap()
        .into_iter()
        .find(|o| o.title == title)
        .unwrap_or_else(|| panic!("{code} has no {title}"))
}

/// The federation's secretario general the tests follow: the office `fedsg`'s person holds.
fn leader(db: &Db) -> Office {
    let b = body(db, "F1");
    let person = db.store.read(|r| r.account_by_username("fedsg")).unwrap().unwrap().person_id.unwrap();
    db.store.read(|r| r.offices(b.id)).unwrap().into_iter().find(|o| o.person_id == person).unwrap()
}

/// The demo with three more centrales under F1, the base sindicato, an officer of it (`hall`), an account linked to the
/// federation's secretario general (`fedsg`, in office since 2020: the demo's directiva may have
/// ended its term), and a viewer of another federation (`otro`).
fn app(db: &Db) -> TestApp {
    TestApp::demo(db)
        .families(300)
        .with_body("F1", BodyKind::Central, "F1-X1", "Central Nueva Esperanza")
        .with_body("F1", BodyKind::Central, "F1-X2", "Central Primero de Mayo")
        .with_body("F1", BodyKind::Central, "F1-X3", "Central Villa Fátima")
        .with_sindicato("F1-C01", HALL, "Sindicato Asamblea", 10)
        .with_user("hall", Role::SecretarioActas, HALL)
        .with_user("fedsg", Role::Dirigente, "F1")
        .with_user("otro", Role::Afiliado, "F2-C01-S01")
        .with_office("fedsg", "F1", "Secretario General")
        .build()
}

/// F1's centrales, by code.
fn centrales(db: &Db) -> Vec<Body> {
    let f1 = body(db, "F1");
    let mut out: Vec<Body> = db
        .store
        .read(|r| r.bodies())
        .unwrap()
        .into_iter()
        .filter(|b| b.parent_id == Some(f1.id) && b.kind == BodyKind::Central && b.is_open())
        .collect();
    out.sort_by(|a, b| a.code.cmp(&b.code));
    out
}

/// The eight quarters from October 2024 to September 2026, and a day in the middle of each.
fn quarters() -> Vec<(i32, u32, Date)> {
    let mut out = Vec::new();
    for (year, q) in [(2024, 4), (2025, 1), (2025, 2), (2025, 3), (2025, 4), (2026, 1), (2026, 2), (2026, 3)] {
        out.push((year, q, date(year, (q - 1) * 3 + 2, 14)));
    }
    out
}

/// Two years of assemblies of every central of F1, one a quarter, each convened, the leader
/// recorded at the door (except the missed quarter; excused at one), opened and closed, as each
/// quarter's day's operator. Answers how many centrales there are.
fn generate(db: &Db, sg: &Office) -> usize {
    let all = centrales(db);
    for (i, central) in all.iter().enumerate() {
        for (year, q, day) in quarters() {
            let ctx = at(day);
            let form = ConveneForm {
                kind: "ordinaria".into(),
                title: format!("Ordinaria T{q} {year}"),
                scheduled_for: format!("{day} 09:00"),
                place: "Sede".into(),
                agenda: "Informe de la federación".into(),
            };
            let id = assembly::convene(&db.store, &ctx, &central.code, &form).unwrap().id;
            let missed = i == 0 && (year, q) == MISSED;
            let excused = i == 1 && (year, q) == EXCUSED;
            if !missed {
                obligations::record_visit(&db.store, &ctx, id, sg.id.0, excused).unwrap();
            }
            assembly::open(&db.store, &ctx, id).unwrap();
            assembly::close(&db.store, &ctx, id).unwrap();
        }
    }
    all.len()
}

/// Convenes, checks in every family and opens an assembly of `code` on `day`.
fn assembly_in_session(db: &Db, code: &str, day: Date) -> i64 {
    let s = &db.store;
    let form = ConveneForm {
        kind: "ordinaria".into(),
        title: format!("Asamblea del {day}"),
        scheduled_for: format!("{day} 09:00"),
        place: "Sede".into(),
        agenda: "Informe de la directiva".into(),
    };
    let id = assembly::convene(s, &op(), code, &form).unwrap().id;
    for h in registry::padron_page(s, &op(), code, None, 0, 50).unwrap() {
        assembly::check_in(s, &op(), id, &Attendee::Household(h.id), false).unwrap();
    }
    assembly::open(s, &op(), id).unwrap();
    id.0
}

fn summary(v: &Value) -> [u64; 5] {
    ["required", "attended", "excused", "overdue", "pending"].map(|k| v[k].as_u64().unwrap())
}

fn the_federation_leaders_quarterly_obligation_is_computed_and_a_demand_closes_when_he_attends(db: &Db) {
    let app = app(db);
    let sg = leader(db);
    let f1 = app.body("F1");
    // The federation's statute: the secretario general attends an assembly of each central every
    // quarter. Stated through the API by the federation's dirigente.
    let stated = app.block_on(app.api_ok(
        "POST",
        &format!("/api/v1/bodies/{f1}/obligations"),
        "dirigente",
        Some(json!({"office": "secretario general", "child_kind": "central", "cadence": "quarter", "since": "2024-10-01"})),
        StatusCode::CREATED,
    ));
    assert_eq!(stated["office"], "Secretario General", "{stated}");
    let obligation = stated["id"].as_i64().unwrap();
    let n = generate(db, &sg);
    assert!(n >= 4, "F1 has {n} centrales");
    let n = n as u64;

    // Counted here from what was generated: nine quarters up to today's (the ninth, 2026 Q4, has
    // no assembly yet and is pending), one missed, one excused.
    let expected = [9 * n, 8 * n - 2, 1, 1, n];
    let read = app.block_on(app.api_ok(
        "GET",
        &format!("/api/v1/obligations/{obligation}"),
        "dirigente",
        None,
        StatusCode::OK,
    ));
    assert_eq!(summary(&read["summary"]), expected, "{}", read["summary"]);
    assert_eq!(read["holders"][0]["office_id"], sg.id.0);
    let first = centrales(db)[0].clone();
    let missed: Vec<&Value> = read["lines"].as_array().unwrap().iter().filter(|l| l["standing"] == "overdue").collect();
    assert_eq!(missed.len(), 1);
    assert_eq!(
        (missed[0]["body_id"].as_i64(), missed[0]["period_start"].as_str()),
        (Some(first.id.0), Some("2026-04-01"))
    );
    // Each attended line names the assembly whose door recorded him, within its quarter.
    for l in read["lines"].as_array().unwrap().iter().filter(|l| l["standing"] == "attended") {
        let day = l["assembly_date"].as_str().unwrap();
        assert!(l["period_start"].as_str().unwrap() <= day && day <= l["period_end"].as_str().unwrap(), "{l}");
    }

    // Visible to the bases below: the afiliado of F1-C01-S01 reads the federation's page and,
    // on his central's page, the leader's record towards that central only.
    let fed =
        app.block_on(app.api_ok("GET", &format!("/api/v1/bodies/{f1}/obligations"), "afiliado", None, StatusCode::OK));
    assert_eq!(summary(&fed["summary"]), expected);
    let c01 = app.body("F1-C01");
    let central =
        app.block_on(app.api_ok("GET", &format!("/api/v1/bodies/{c01}/obligations"), "afiliado", None, StatusCode::OK));
    let towards = &central["towards"][0];
    assert_eq!(summary(&towards["summary"]), [9, 7, 0, 1, 1], "{towards}");
    assert!(towards["lines"].as_array().unwrap().iter().all(|l| l["body_id"] == c01));
    // The officer's record says the same over his term.
    let record = app.block_on(app.api_ok(
        "GET",
        &format!("/api/v1/offices/{}/obligations", sg.id.0),
        "afiliado",
        None,
        StatusCode::OK,
    ));
    assert_eq!(summary(&record["summary"]), expected);
    // The pages: the grid names the missed quarter, at 360 px and in print the same table.
    let page = app.block_on(app.get(&format!("/bodies/{f1}/obligations"), "afiliado"));
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("T2 2026") && page.body.contains("class=\"overdue\">Faltó"), "{}", page.body);
    assert!(page.body.contains(&format!("{} exigidas", 9 * n)), "{}", page.body);
    let page = app.block_on(app.get(&format!("/offices/{}/obligations", sg.id.0), "afiliado"));
    assert!(page.body.contains("1 vencida sin asistir"), "{}", page.body);

    // The base of the central he missed demands an explanation, at its next assembly.
    let hall = app.body(HALL);
    let first_meeting = assembly_in_session(db, HALL, today());
    let moved = app.block_on(app.api_ok(
        "POST",
        &format!("/api/v1/assemblies/{first_meeting}/demands"),
        "hall",
        Some(json!({"office_id": sg.id.0, "venue": "base", "title": "Que el Secretario General explique su ausencia"})),
        StatusCode::CREATED,
    ));
    assert_eq!(moved["status"], "moved", "{moved}");
    let demand = moved["id"].as_i64().unwrap();
    let m = MotionId(moved["motion_id"].as_i64().unwrap());
    assembly::open_vote(&db.store, &op(), m, VoteMethod::ShowOfHands, DecisionRule::MajorityOfVotesCast).unwrap();
    assembly::record_hands(&db.store, &op(), m, &[(BallotOption::For, 8), (BallotOption::Against, 1)]).unwrap();
    assembly::close_vote(&db.store, &op(), m).unwrap();
    assembly::close(&db.store, &op(), AssemblyId(first_meeting)).unwrap();
    let open = app.block_on(app.api_ok("GET", &format!("/api/v1/demands/{demand}"), "afiliado", None, StatusCode::OK));
    assert_eq!((open["status"].as_str(), open["venue_assembly_id"].as_i64()), (Some("open"), None), "{open}");
    assert_eq!(open["resolution"].as_str().map(|r| r.ends_with("/2026")), Some(true));
    // Visibly open on the base's page and on the officer's.
    let base_page = app.block_on(app.get(&format!("/bodies/{hall}/obligations"), "hall"));
    assert!(base_page.body.contains(&format!("id=\"demand-{demand}\"")) && base_page.body.contains("Abierta"));
    let officer = app.block_on(app.api_ok(
        "GET",
        &format!("/api/v1/offices/{}/obligations", sg.id.0),
        "fedsg",
        None,
        StatusCode::OK,
    ));
    assert_eq!(officer["demands"][0]["status"], "open");

    // The next assembly of the base is convened: the informe goes on its agenda.
    let next = date(2026, 11, 30);
    let form = ConveneForm {
        kind: "ordinaria".into(),
        title: "Ordinaria de fin de mes".into(),
        scheduled_for: format!("{next} 09:00"),
        place: "Sede".into(),
        agenda: "Lectura del acta\nInforme de la directiva".into(),
    };
    let second = assembly::convene(&db.store, &op(), HALL, &form).unwrap().id.0;
    let placed = app.block_on(app.api_ok("GET", &format!("/api/v1/demands/{demand}"), "hall", None, StatusCode::OK));
    assert_eq!(
        (placed["venue_assembly_id"].as_i64(), placed["agenda_item"].as_i64()),
        (Some(second), Some(3)),
        "{placed}"
    );
    // Dealt with before he is recorded there: refused, still open.
    let (got, refused) = app.block_on(app.api("POST", &format!("/api/v1/demands/{demand}/close"), "hall", None));
    assert_eq!((got, refused["code"].as_str()), (StatusCode::CONFLICT, Some("demand_officer_absent")), "{refused}");
    // He comes: recorded at the door, his informe under the item; then the item is dealt with.
    app.block_on(app.api_ok(
        "POST",
        &format!("/api/v1/assemblies/{second}/visitors"),
        "hall",
        Some(json!({"office_id": sg.id.0})),
        StatusCode::CREATED,
    ));
    app.block_on(app.api_ok(
        "POST",
        &format!("/api/v1/assemblies/{second}/informes"),
        "fedsg",
        Some(
            json!({"office_id": sg.id.0, "item": 3, "text": "En el segundo trimestre estuve en La Paz por el pliego."}),
        ),
        StatusCode::CREATED,
    ));
    let closed =
        app.block_on(app.api_ok("POST", &format!("/api/v1/demands/{demand}/close"), "hall", None, StatusCode::OK));
    assert_eq!(
        (closed["status"].as_str(), closed["officer_present"].as_bool(), closed["informes"].as_u64()),
        (Some("closed"), Some(true), Some(1))
    );
    let demand_page = app.block_on(app.get(&format!("/demands/{demand}"), "afiliado"));
    assert!(
        demand_page.body.contains("Cerrada") && demand_page.body.contains("La Paz por el pliego"),
        "{}",
        demand_page.body
    );
    // On the record: the audit trail of the base says so.
    assert!(db.raw_count_where("audit_events", "action = 'demand.close'") >= 1);
}

fn every_attack_on_obligations_is_refused_and_changes_nothing(db: &Db) {
    let app = app(db);
    let (f1, f2) = (app.body("F1"), app.body("F2"));
    let sg2 = office(db, "F2", "Secretario General");
    let sg = leader(db);
    let post = |who: &'static str, body: i64, v: Value| {
        app.block_on(app.api("POST", &format!("/api/v1/bodies/{body}/obligations"), who, Some(&v)))
    };
    let code = |r: &(StatusCode, Value)| (r.0, r.1["code"].as_str().map(str::to_string).unwrap_or_default());
    // An office that does not exist: refused clearly, in either language.
    let r = post("dirigente", f1, json!({"office": "Tesorero Mayor", "cadence": "quarter"}));
    assert_eq!(code(&r), (StatusCode::UNPROCESSABLE_ENTITY, "obligation_no_such_office".into()), "{}", r.1);
    assert!(r.1["title"].as_str().unwrap().contains("Tesorero Mayor"));
    // An office of another body, by its number: unknown to whoever may not see it, named to who may.
    let r = post("dirigente", f1, json!({"office": sg2.id.0.to_string(), "cadence": "quarter"}));
    assert_eq!(code(&r), (StatusCode::NOT_FOUND, "unknown_office".into()), "{}", r.1);
    let r = post("admin", f1, json!({"office": sg2.id.0.to_string(), "cadence": "quarter"}));
    assert_eq!(code(&r), (StatusCode::UNPROCESSABLE_ENTITY, "obligation_office_of_another_body".into()), "{}", r.1);
    // A target neither above nor below.
    let r = post("admin", f1, json!({"office": "Secretario General", "target": "F2", "cadence": "every_assembly"}));
    assert_eq!(code(&r), (StatusCode::UNPROCESSABLE_ENTITY, "obligation_target_unrelated".into()), "{}", r.1);
    // Another federation's statute: not the dirigente's.
    let r = post("dirigente", f2, json!({"office": "Secretario General", "cadence": "quarter"}));
    assert_eq!(code(&r), (StatusCode::FORBIDDEN, "forbidden".into()), "{}", r.1);
    // A field that is not one (declaring compliance along): not JSON of the shape.
    let r = post("dirigente", f1, json!({"office": "Secretario General", "cadence": "quarter", "attended": 8}));
    assert_eq!(r.0, StatusCode::BAD_REQUEST, "{}", r.1);
    assert_eq!(db.raw_count("obligations"), 0, "a refused statement wrote something");

    // One that stands, and one of F2 (by the administrator).
    let mine = post(
        "dirigente",
        f1,
        json!({"office": "Secretario General", "child_kind": "central", "cadence": "quarter", "since": "2026-01-01"}),
    );
    assert_eq!(mine.0, StatusCode::CREATED, "{}", mine.1);
    let theirs = post("admin", f2, json!({"cadence": "year"}));
    assert_eq!(theirs.0, StatusCode::CREATED, "{}", theirs.1);
    let (mine, theirs) = (mine.1["id"].as_i64().unwrap(), theirs.1["id"].as_i64().unwrap());
    // Ids outside the viewer's subtree: F2's obligations are not the F1 afiliado's to read.
    let r = app.block_on(app.api("GET", &format!("/api/v1/obligations/{theirs}"), "afiliado", None));
    assert_eq!(code(&r), (StatusCode::FORBIDDEN, "forbidden".into()));
    let r = app.block_on(app.api("GET", &format!("/api/v1/bodies/{f2}/obligations"), "afiliado", None));
    assert_eq!(r.0, StatusCode::FORBIDDEN);
    let r = app.block_on(app.api("GET", &format!("/api/v1/bodies/{f1}/obligations"), "otro", None));
    assert_eq!(r.0, StatusCode::FORBIDDEN);
    let r = app.block_on(app.api("GET", &format!("/api/v1/offices/{}/obligations", sg.id.0), "otro", None));
    assert_eq!(code(&r), (StatusCode::FORBIDDEN, "forbidden".into()));
    let r = app.block_on(app.api("GET", "/api/v1/obligations/999999", "afiliado", None));
    assert_eq!(code(&r), (StatusCode::NOT_FOUND, "unknown_obligation".into()));
    let r = app.block_on(app.api("GET", &format!("/api/v1/bodies/{f1}/obligations"), Who::Anonymous, None));
    assert_eq!(r.0, StatusCode::UNAUTHORIZED);

    // Compliance cannot be declared: there is no route that writes it, whatever the method.
    let before =
        app.block_on(app.api_ok("GET", &format!("/api/v1/obligations/{mine}"), "dirigente", None, StatusCode::OK));
    let claim = json!({"standing": "attended", "body_id": app.body("F1-C01"), "period_start": "2026-01-01"});
    for (method, path) in [
        ("PUT", format!("/api/v1/obligations/{mine}")),
        ("PATCH", format!("/api/v1/obligations/{mine}")),
        ("POST", format!("/api/v1/obligations/{mine}")),
        ("POST", format!("/api/v1/obligations/{mine}/compliance")),
        ("POST", format!("/api/v1/obligations/{mine}/lines")),
        ("PUT", format!("/api/v1/offices/{}/obligations", sg.id.0)),
    ] {
        let got = app.block_on(app.request(method, &path).token("admin").json(&claim).send()).status;
        assert!(matches!(got, StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED), "{method} {path}: {got}");
    }
    let after =
        app.block_on(app.api_ok("GET", &format!("/api/v1/obligations/{mine}"), "dirigente", None, StatusCode::OK));
    assert_eq!(before["summary"], after["summary"]);
    assert_eq!(summary(&after["summary"])[1], 0, "nothing attended without an assembly");

    // A visitor nothing binds: F2's leader at a central of F1 — refused, nothing recorded.
    let c01 = "F1-C01";
    let form = ConveneForm {
        kind: "ordinaria".into(),
        title: "Ordinaria".into(),
        scheduled_for: format!("{} 09:00", today()),
        place: "Sede".into(),
        agenda: "Informe".into(),
    };
    let meeting = assembly::convene(&db.store, &op(), c01, &form).unwrap().id.0;
    let r = app.block_on(app.api(
        "POST",
        &format!("/api/v1/assemblies/{meeting}/visitors"),
        "admin",
        Some(&json!({"office_id": sg2.id.0})),
    ));
    assert_eq!(code(&r), (StatusCode::CONFLICT, "visitor_not_obliged".into()), "{}", r.1);
    // Recording a visitor at another federation's assembly: not the dirigente's to run.
    let f2_meeting = assembly::convene(&db.store, &op(), "F2-C01", &form).unwrap().id.0;
    let r = app.block_on(app.api(
        "POST",
        &format!("/api/v1/assemblies/{f2_meeting}/visitors"),
        "dirigente",
        Some(&json!({"office_id": sg.id.0})),
    ));
    assert_eq!(r.0, StatusCode::FORBIDDEN, "{}", r.1);
    // The right one, twice: the second is refused.
    let ok = json!({"office_id": sg.id.0});
    app.block_on(app.api_ok(
        "POST",
        &format!("/api/v1/assemblies/{meeting}/visitors"),
        "dirigente",
        Some(ok.clone()),
        StatusCode::CREATED,
    ));
    let r = app.block_on(app.api("POST", &format!("/api/v1/assemblies/{meeting}/visitors"), "dirigente", Some(&ok)));
    assert_eq!(code(&r), (StatusCode::CONFLICT, "visitor_already_recorded".into()));
    assert_eq!(db.raw_count("assembly_visitors"), 1);
    // An informe by someone who does not hold the office.
    let r = app.block_on(app.api(
        "POST",
        &format!("/api/v1/assemblies/{meeting}/informes"),
        "dirigente",
        Some(&json!({"office_id": sg.id.0, "item": 1, "text": "No soy él."})),
    ));
    assert_eq!(code(&r), (StatusCode::FORBIDDEN, "informe_not_holder".into()), "{}", r.1);
    assert_eq!(db.raw_count("informes"), 0);
    // A demand on an office neither of the base nor above it.
    let session = assembly_in_session(db, HALL, today());
    let r = app.block_on(app.api(
        "POST",
        &format!("/api/v1/assemblies/{session}/demands"),
        "admin",
        Some(&json!({"office_id": sg2.id.0, "title": "Que explique"})),
    ));
    assert_eq!(code(&r), (StatusCode::UNPROCESSABLE_ENTITY, "demand_office_outside".into()), "{}", r.1);
    let r = app.block_on(app.api(
        "POST",
        &format!("/api/v1/assemblies/{session}/demands"),
        "hall",
        Some(&json!({"office_id": sg2.id.0, "title": "Que explique"})),
    ));
    assert_eq!(code(&r), (StatusCode::NOT_FOUND, "unknown_office".into()), "{}", r.1);
    assert_eq!(db.raw_count("demands"), 0);
    // Heard at the higher body's next ampliado: not for an office of the base itself; for the
    // federation's leader, the informe waits for F1's next ampliado, not for its ordinaria.
    let term = cabildo_domain::NewOffice::new("Secretario General", date(2020, 1, 1), None).unwrap();
    let own =
        registry::add_office(&db.store, &op(), HALL, &crate::support::person("Rosa", "Quispe", "Base"), &term).unwrap();
    let r = app.block_on(app.api(
        "POST",
        &format!("/api/v1/assemblies/{session}/demands"),
        "hall",
        Some(&json!({"office_id": own.id.0, "venue": "higher", "title": "Que explique"})),
    ));
    assert_eq!(code(&r), (StatusCode::UNPROCESSABLE_ENTITY, "demand_no_higher_body".into()), "{}", r.1);
    let higher = app.block_on(app.api_ok(
        "POST",
        &format!("/api/v1/assemblies/{session}/demands"),
        "hall",
        Some(json!({"office_id": sg.id.0, "venue": "higher", "title": "Que explique ante el ampliado"})),
        StatusCode::CREATED,
    ));
    assert_eq!((higher["venue"]["code"].as_str(), higher["venue_kind"].as_str()), (Some("F1"), Some("ampliado")));
    let m = MotionId(higher["motion_id"].as_i64().unwrap());
    assembly::open_vote(&db.store, &op(), m, VoteMethod::ShowOfHands, DecisionRule::MajorityOfVotesCast).unwrap();
    assembly::record_hands(&db.store, &op(), m, &[(BallotOption::For, 9)]).unwrap();
    assembly::close_vote(&db.store, &op(), m).unwrap();
    let at_f1 = |kind: &str| {
        let form = ConveneForm { kind: kind.into(), title: format!("{kind} de la federación"), ..form.clone() };
        assembly::convene(&db.store, &op(), "F1", &form).unwrap().id.0
    };
    let ordinaria = at_f1("ordinaria");
    let ampliado = at_f1("ampliado");
    let d = higher["id"].as_i64().unwrap();
    let placed = app.block_on(app.api_ok("GET", &format!("/api/v1/demands/{d}"), "hall", None, StatusCode::OK));
    assert_eq!(placed["venue_assembly_id"].as_i64(), Some(ampliado), "not at {ordinaria}: {placed}");
    // A forged form: the page's POST without the session's token is refused.
    let forged = app.block_on(
        app.request("POST", &format!("/bodies/{f1}/obligations"))
            .cookie(app.cookie("dirigente"))
            .form("csrf=forged&cadence=quarter&office=")
            .send(),
    );
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(db.raw_count("obligations"), 2);
}

fn the_command_line_states_and_shows_an_obligation(db: &Db) {
    let _app = app(db);
    let cli = |args: &[&str]| crate::support::cabildo_cli(&db.location, args);
    let (code, said) = cli(&[
        "obligation",
        "state",
        "F1",
        "--office",
        "Secretario General",
        "--child-kind",
        "central",
        "--cadence",
        "trimestral",
        "--since",
        "01/07/2026",
    ]);
    assert_eq!(code, Some(0), "{said}");
    assert!(said.starts_with("Obligación 1 establecida"), "{said}");
    let (code, said) = cli(&["obligation", "show", "F1"]);
    assert_eq!(code, Some(0), "{said}");
    assert!(
        said.contains("Secretario General de") && said.contains("F1-C01") && said.contains("Faltó · Pendiente"),
        "{said}"
    );
    let (code, said) = cli(&["obligation", "state", "F1", "--office", "Vocal de Deportes", "--cadence", "year"]);
    assert_ne!(code, Some(0));
    assert!(said.contains("no tiene el cargo «Vocal de Deportes»"), "{said}");
    // Ended from the command line; a second end is refused with its date.
    let (code, said) = cli(&["obligation", "end", "1", "--on", "30/09/2026"]);
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains("Terminó el 30/09/2026"), "{said}");
    let (code, said) = cli(&["obligation", "end", "1"]);
    assert_ne!(code, Some(0));
    assert!(said.contains("ya terminó el 30/09/2026"), "{said}");
}

fn an_obligation_that_ends_is_counted_no_further(db: &Db) {
    let app = app(db);
    let sg = leader(db);
    let f1 = app.body("F1");
    let state =
        json!({"office": "secretario general", "child_kind": "central", "cadence": "quarter", "since": "2024-10-01"});
    let path = format!("/api/v1/bodies/{f1}/obligations");
    let stated = app.block_on(app.api_ok("POST", &path, "dirigente", Some(state), StatusCode::CREATED));
    let obligation = stated["id"].as_i64().unwrap();
    assert_eq!(stated["ended_on"], Value::Null);
    let n = generate(db, &sg) as u64;
    let one = format!("/api/v1/obligations/{obligation}");
    let read = |who: &'static str| app.api_ok("GET", &one, who, None, StatusCode::OK);
    let before = app.block_on(read("dirigente"));

    app.block_on(async {
        // Refused, changing nothing: a day before it began, a day that is no date, an afiliado of
        // the federation, a viewer of another federation.
        let end = format!("/api/v1/obligations/{obligation}/end");
        let (status, p) = app.api("POST", &end, "dirigente", Some(&json!({"on": "2024-09-30"}))).await;
        assert_eq!(
            (status, p["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("obligation_ends_before_it_begins")),
            "{p}"
        );
        let (status, p) = app.api("POST", &end, "dirigente", Some(&json!({"on": "el lunes"}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
        let (status, p) = app.api("POST", &end, "afiliado", Some(&json!({}))).await;
        assert_eq!((status, p["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")), "{p}");
        let (status, p) = app.api("POST", &end, "otro", Some(&json!({}))).await;
        assert_eq!((status, p["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")), "{p}");
        assert_eq!(read("dirigente").await, before);

        // The federation's dirigente ends it from the page, on the last day of 2026's second
        // quarter: the quarters after are counted no more, what was kept before stays.
        let page = app.get(&format!("/bodies/{f1}/obligations"), "dirigente").await;
        assert!(page.body.contains(&format!("id=\"end-{obligation}\"")), "the page offers to end it");
        let ended = app.post_form(&format!("/obligations/{obligation}/end"), "dirigente", "on=30%2F06%2F2026").await;
        assert_eq!(ended.status, StatusCode::SEE_OTHER, "{}", ended.body);
        let after = read("afiliado").await;
        assert_eq!(after["ended_on"], "2026-06-30");
        // Counted here: seven quarters (2024 Q4 to 2026 Q2), the missed and the excused among them.
        assert_eq!(summary(&after["summary"]), [7 * n, 7 * n - 2, 1, 1, 0], "{}", after["summary"]);
        let page = app.get(&format!("/bodies/{f1}/obligations"), "dirigente").await;
        assert!(page.body.contains("Terminó el 30/06/2026"), "{}", page.body);
        assert!(!page.body.contains(&format!("id=\"end-{obligation}\"")), "no form to end it twice");

        // A second end is refused on the page, with the message where the eye is.
        let again = app.post_form(&format!("/obligations/{obligation}/end"), "dirigente", "on=").await;
        assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
        assert!(again.body.contains("La obligación ya terminó el 30/06/2026"), "{}", again.body);
        assert_eq!(read("dirigente").await["ended_on"], "2026-06-30");
    });
}
