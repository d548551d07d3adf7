//! Instructions down the tree (issue 13, item 6, and its errors in item 7), on both backends: a
//! federation's resolution sent to every body below it and acknowledged by some (an officer
//! named by the office he holds, the operator, a sindicato's assembly through an adopted motion)
//! and not by others, checked at every level against a count made here from the tree and the
//! acknowledgements the test gave; the CSV of the missing, the body page, the feed — and every
//! refusal provoked through the API with nothing changed.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use axum::http::StatusCode;
use cabildo_domain::access::Role;
use cabildo_domain::assembly::{BallotOption, DecisionRule, MotionId, VoteMethod};
use cabildo_domain::{Body, BodyId};
use cabildo_services::assembly::{self, Attendee, ConveneForm};
use cabildo_services::instructions::{self, InstructionRefusal};
use cabildo_services::{ServiceError, registry};
use cabildo_store::{Minter, NewResolution, StoreError};
use serde_json::{Value, json};

use crate::support::{Db, TestApp, Who, on_both_backends, op, today};

on_both_backends!(
    an_instruction_acknowledged_by_some_and_not_others_adds_up_at_every_level,
    every_refusal_is_clear_and_changes_nothing,
    the_command_line_sends_counts_and_acknowledges,
);

/// The sindicato of ten families the assembly tests convene, under F1-C01.
const HALL: &str = "F1-C01-S99";

fn body(db: &Db, code: &str) -> Body {
    db.store.read(|r| r.body_by_code(code)).unwrap().unwrap()
}

/// A resolution of `code` (recorded as its assembly would have adopted it).
fn resolution(db: &Db, code: &str, title: &str) -> i64 {
    let body = body(db, code);
    db.store
        .write(|r| -> Result<_, StoreError> {
            let public_id = Minter::new(1_795_000_000_000)?.mint()?;
            let new = NewResolution {
                body_id: body.id,
                year: 2026,
                motion_id: None,
                title: title.into(),
                text: format!("Se instruye a las bases: {title}."),
                adopted_on: today(),
            };
            r.insert_resolution(&new, public_id)
        })
        .unwrap()
        .id
}

/// The demo with a sindicato of ten families under F1-C01, whose secretario de actas (`actas`,
/// also of F1-C01-S01) holds the office of Secretario General of F1-C01-S01.
fn app(db: &Db) -> TestApp {
    let app = TestApp::demo(db)
        .families(300)
        .with_sindicato("F1-C01", HALL, "Sindicato Asamblea", 10)
        .with_office("actas", "F1-C01-S01", "Secretario General")
        .with_user("hall", Role::SecretarioActas, HALL)
        .build();
    grow(db);
    app
}

/// More of F1 than a small demo has: three centrales, one with a subcentral (four levels below
/// the federation), and a closed sindicato, which receives nothing.
fn grow(db: &Db) {
    use cabildo_domain::BodyKind::{Central, Sindicato, Subcentral};
    let add = |parent: &str, kind, code: &str| {
        crate::support::add_body(&db.store, Some(parent), kind, &format!("Org {code}"), code);
    };
    for (parent, kind, code) in [
        ("F1", Central, "F1-X1"),
        ("F1-X1", Sindicato, "F1-X1-S1"),
        ("F1-X1", Sindicato, "F1-X1-S2"),
        ("F1-X1", Sindicato, "F1-X1-S3"),
        ("F1", Central, "F1-X2"),
        ("F1-X2", Subcentral, "F1-X2-SC"),
        ("F1-X2-SC", Sindicato, "F1-X2-SC-S1"),
        ("F1-X2-SC", Sindicato, "F1-X2-SC-S2"),
        ("F1-X2", Sindicato, "F1-X2-S3"),
        ("F1", Central, "F1-X3"),
        ("F1-X3", Sindicato, "F1-X3-S1"),
        ("F1-X3", Sindicato, "F1-X3-S2"),
    ] {
        add(parent, kind, code);
    }
    registry::close_body(&db.store, &op(), "F1-X3-S2").unwrap();
}

/// The rows of every table instructions write: what a refusal must leave as it was.
fn rows(db: &Db) -> [i64; 5] {
    ["instructions", "instruction_recipients", "instruction_acks", "instruction_motions", "motions"]
        .map(|t| db.raw_count(t))
}

/// Convenes, checks in every family and opens an assembly of `code`.
fn assembly_in_session(db: &Db, code: &str) -> i64 {
    let s = &db.store;
    let form = ConveneForm {
        kind: "ordinaria".into(),
        title: "Asamblea ordinaria de noviembre".into(),
        scheduled_for: format!("{} 09:00", today()),
        place: "Sede".into(),
        agenda: "Instructivo de la federación".into(),
    };
    let id = assembly::convene(s, &op(), code, &form).unwrap().id;
    for h in registry::padron_page(s, &op(), code, None, 0, 50).unwrap() {
        assembly::check_in(s, &op(), id, &Attendee::Household(h.id), false).unwrap();
    }
    assembly::open(s, &op(), id).unwrap();
    id.0
}

/// Counts made here, without the services' roll-up: for every body, the recipients in its
/// subtree and how many of them acknowledged, by walking each recipient's parents.
fn independent_counts(
    bodies: &[Body],
    root: BodyId,
    recipients: &BTreeSet<BodyId>,
    acked: &BTreeSet<BodyId>,
) -> BTreeMap<BodyId, (u64, u64)> {
    let parent: HashMap<BodyId, Option<BodyId>> = bodies.iter().map(|b| (b.id, b.parent_id)).collect();
    let mut counts: BTreeMap<BodyId, (u64, u64)> = BTreeMap::new();
    for r in recipients {
        let mut at = Some(*r);
        while let Some(b) = at {
            let c = counts.entry(b).or_default();
            c.0 += 1;
            c.1 += u64::from(acked.contains(r));
            if b == root {
                break;
            }
            at = parent[&b];
        }
    }
    counts
}

fn code_of(v: &Value) -> String {
    v["code"].as_str().unwrap_or_default().to_string()
}

fn an_instruction_acknowledged_by_some_and_not_others_adds_up_at_every_level(db: &Db) {
    let app = app(db);
    let f1 = body(db, "F1");
    let res = resolution(db, "F1", "Movilización del 5 de diciembre");
    // Sent by the federation's dirigente, through the API, to every body below the federation.
    let sent = app.block_on(app.api_ok(
        "POST",
        &format!("/api/v1/bodies/{}/instructions", f1.id.0),
        "dirigente",
        Some(json!({"resolution": res.to_string(), "note": "Leer en la próxima asamblea.", "ack_by": "15/12/2026"})),
        StatusCode::CREATED,
    ));
    let id = sent["id"].as_i64().unwrap();
    assert_eq!(sent["ack_by"], "2026-12-15");
    assert!(sent["public_id"].as_str().unwrap().len() == 36, "{sent}");
    let bodies: Vec<Body> = db.store.read(|r| r.bodies()).unwrap();
    let tree = cabildo_domain::Tree::new(bodies.iter().map(|b| (b.id, b.parent_id)));
    // Every open body below F1, fixed now.
    let recipients: BTreeSet<BodyId> =
        bodies.iter().filter(|b| b.id != f1.id && b.is_open() && tree.is_within(b.id, f1.id)).map(|b| b.id).collect();
    assert_eq!(
        db.raw_count_where("instruction_recipients", &format!("instruction_id = {id}")),
        recipients.len() as i64
    );
    assert!(recipients.len() > 12, "a tree worth counting: {}", recipients.len());
    assert!(!recipients.contains(&body(db, "F1-X3-S2").id), "a closed body receives nothing");

    // A body created after the sending does not receive it.
    let late =
        crate::support::add_body(&db.store, Some("F1-C01"), cabildo_domain::BodyKind::Sindicato, "Nuevo", "F1-C01-S98");

    // Acknowledged by: the Secretario General of F1-C01-S01 (an account linked to him), the
    // operator for F1-C02 and the sindicatos of F1-C03, and the assembly of F1-C01-S99.
    let s01 = body(db, "F1-C01-S01");
    let ack = app.block_on(app.api_ok(
        "POST",
        &format!("/api/v1/instructions/{id}/acknowledgements"),
        "actas",
        Some(json!({"body": "F1-C01-S01"})),
        StatusCode::CREATED,
    ));
    assert_eq!((ack["by"].as_str(), ack["office"].as_str()), (Some("officer"), Some("Secretario General")));
    assert!(ack["officer"].as_str().unwrap().contains("Yupanqui"), "{ack}");
    let mut acked: BTreeSet<BodyId> = [s01.id].into_iter().collect();
    let by_operator: Vec<Body> = bodies
        .iter()
        .filter(|b| recipients.contains(&b.id))
        .filter(|b| ["F1-X1", "F1-X1-S1", "F1-X1-S2", "F1-X2-SC-S1", "F1-X3-S1"].contains(&b.code.as_str()))
        .cloned()
        .collect();
    assert_eq!(by_operator.len(), 5);
    for b in &by_operator {
        instructions::acknowledge(&db.store, &op(), &id.to_string(), &b.code).unwrap();
        acked.insert(b.id);
    }
    let hall = body(db, HALL);
    let meeting = assembly_in_session(db, HALL);
    let motion = app.block_on(app.api_ok(
        "POST",
        &format!("/api/v1/instructions/{id}/motions"),
        "hall",
        Some(json!({"assembly_id": meeting})),
        StatusCode::CREATED,
    ));
    let m = MotionId(motion["id"].as_i64().unwrap());
    assert_eq!(motion["title"], "Movilización del 5 de diciembre");
    let s = &db.store;
    assembly::open_vote(s, &op(), m, VoteMethod::ShowOfHands, DecisionRule::MajorityOfVotesCast).unwrap();
    assembly::record_hands(s, &op(), m, &[(BallotOption::For, 8), (BallotOption::Against, 1)]).unwrap();
    let closed = assembly::close_vote(s, &op(), m).unwrap();
    let adopted = closed.resolution.expect("the motion was adopted").id;
    acked.insert(hall.id);

    // Every level of F1's subtree against the independent count: its own figures, each body right
    // below it, and the missing, body by body.
    let expected = independent_counts(&bodies, f1.id, &recipients, &acked);
    assert_eq!(expected[&f1.id], (recipients.len() as u64, acked.len() as u64));
    assert!(expected[&f1.id].1 > 1 && expected[&f1.id].1 < expected[&f1.id].0, "some, not all: {:?}", expected[&f1.id]);
    let levels: Vec<BodyId> = expected.keys().copied().collect();
    app.block_on(async {
        for level in &levels {
            let v = app
                .api_ok(
                    "GET",
                    &format!("/api/v1/instructions/{id}?body={}", level.0),
                    "dirigente",
                    None,
                    StatusCode::OK,
                )
                .await;
            let (n, a) = expected[level];
            assert_eq!(
                (
                    v["counts"]["recipients"].as_u64(),
                    v["counts"]["acknowledged"].as_u64(),
                    v["counts"]["missing"].as_u64()
                ),
                (Some(n), Some(a), Some(n - a)),
                "at {level}"
            );
            let own = if !recipients.contains(level) {
                Value::Null
            } else if acked.contains(level) {
                json!("acknowledged")
            } else {
                json!("pending")
            };
            assert_eq!(v["own"], own, "at {level}");
            for child in v["below"].as_array().unwrap() {
                let c = BodyId(child["body"]["id"].as_i64().unwrap());
                assert_eq!(
                    (child["counts"]["recipients"].as_u64(), child["counts"]["acknowledged"].as_u64()),
                    (Some(expected[&c].0), Some(expected[&c].1)),
                    "below {level}: {c}"
                );
            }
            let below: BTreeSet<BodyId> =
                v["below"].as_array().unwrap().iter().map(|c| BodyId(c["body"]["id"].as_i64().unwrap())).collect();
            let with_recipients: BTreeSet<BodyId> =
                tree.children(*level).iter().filter(|c| expected.contains_key(c)).copied().collect();
            assert_eq!(below, with_recipients, "the bodies below {level}");
            let missing: BTreeSet<BodyId> =
                v["missing"].as_array().unwrap().iter().map(|m| BodyId(m["body"]["id"].as_i64().unwrap())).collect();
            let expected_missing: BTreeSet<BodyId> =
                recipients.iter().filter(|r| !acked.contains(r) && tree.is_within(**r, *level)).copied().collect();
            assert_eq!(missing, expected_missing, "missing at {level}");
        }
        // The late body is neither counted nor missing.
        let top = app.api_ok("GET", &format!("/api/v1/instructions/{id}"), "dirigente", None, StatusCode::OK).await;
        assert_eq!(top["level"]["id"], f1.id.0);
        assert!(!top["missing"].as_array().unwrap().iter().any(|m| m["body"]["id"] == late.id.0));
        // The hall's acknowledgement links the resolution its assembly adopted.
        let at_hall =
            app.api_ok("GET", &format!("/api/v1/instructions/{id}?body={HALL}"), "hall", None, StatusCode::OK).await;
        let first = &at_hall["acknowledgements"][0];
        assert_eq!(
            (first["by"].as_str(), first["resolution_id"].as_i64()),
            (Some("assembly"), Some(adopted)),
            "{at_hall}"
        );
        // The CSV of the missing at F1: a header and one line per missing body, codes as text.
        let csv = app.get(&format!("/instructions/{id}/missing.csv?body={}", f1.id.0), "dirigente").await;
        assert_eq!(csv.status, StatusCode::OK);
        assert!(csv.content_type().starts_with("text/csv"), "{}", csv.content_type());
        let lines: Vec<&str> = csv.body.trim_end().split("\r\n").collect();
        assert_eq!(lines.len() - 1, expected[&f1.id].0 as usize - expected[&f1.id].1 as usize);
        assert!(lines[0].contains("Código") && !csv.body.contains("F1-C01-S01;"), "{}", lines[0]);
        // The page at F1, and a recipient's page: what it still has to do.
        let page = app.get(&format!("/instructions/{id}"), "dirigente").await;
        assert_eq!(page.status, StatusCode::OK);
        let (n, a) = expected[&f1.id];
        assert!(page.body.contains(&format!("Acusaron recibo: {a} de {n} organismos")), "{}", page.body);
        assert!(page.body.contains("id=\"missing-csv\"") && !page.body.contains("acknowledge-form"));
        // An officer of a sindicato still pending sees it on the body page.
        let s02 = bodies.iter().find(|b| b.code == "F1-X2-S3").unwrap();
        let body_page = app.get(&format!("/bodies/{}", s02.id.0), "dirigente").await;
        assert!(body_page.body.contains("id=\"pending-instructions\""), "{}", body_page.body);
        let s01_page = app.get(&format!("/bodies/{}", s01.id.0), "actas").await;
        assert!(!s01_page.body.contains("id=\"pending-instructions\""), "acknowledged: not pending any more");
        // The hall's officer sees the list of the body, pending first, and the English page.
        let list = app
            .api_ok("GET", &format!("/api/v1/bodies/{}/instructions", hall.id.0), "hall", None, StatusCode::OK)
            .await;
        assert_eq!(list["received"][0]["own"], "acknowledged");
        let en = app.request("GET", &format!("/instructions/{id}")).by("dirigente").lang("en").send().await;
        assert!(en.body.contains(&format!("Acknowledged: {a} of {n} bodies")), "{}", en.body);
    });
    // A pending recipient that publishes its page carries the instruction in its Atom feed; one
    // that acknowledged does not.
    for code in ["F1-X2-S3", "F1-C01-S01"] {
        registry::set_published(&db.store, &op(), code, true).unwrap();
    }
    app.block_on(async {
        let feed = app.get("/bodies/F1-X2-S3/assemblies.atom", Who::Anonymous).await;
        assert_eq!(feed.status, StatusCode::OK);
        assert!(feed.body.contains("urn:cabildo:instruction:"), "{}", feed.body);
        assert!(feed.body.contains("Movilización del 5 de diciembre"), "{}", feed.body);
        let done = app.get("/bodies/F1-C01-S01/assemblies.atom", Who::Anonymous).await;
        assert!(!done.body.contains("urn:cabildo:instruction:"), "{}", done.body);
    });
    // The history says it in words.
    let history = cabildo_services::history::history(&db.store, &op(), "F1", 1, 50).unwrap();
    let ids: Vec<&str> = history.lines.iter().map(|l| l.id).collect();
    assert!(ids.contains(&"audit-instruction-send") && ids.contains(&"audit-instruction-acknowledge"), "{ids:?}");
}

fn every_refusal_is_clear_and_changes_nothing(db: &Db) {
    let app = app(db);
    let f1 = body(db, "F1");
    let own = resolution(db, "F1", "Paro cívico");
    let central = resolution(db, "F1-C01", "Resolución de la central");
    let elsewhere = resolution(db, "F2", "Resolución de otra federación");
    let base = resolution(db, "F1-C01-S01", "Resolución del sindicato");
    let send = |form: Value| {
        let path = format!("/api/v1/bodies/{}/instructions", f1.id.0);
        app.block_on(app.api("POST", &path, "dirigente", Some(&form)))
    };
    // One instruction to F1-C01's subtree, one to the sindicatos of F1-X2's only.
    let (status, first) = send(json!({"resolution": own.to_string(), "under": "F1-C01"}));
    assert_eq!(status, StatusCode::CREATED, "{first}");
    let first = first["id"].as_i64().unwrap();
    let (status, second) = send(json!({"resolution": "1/2026", "under": "F1-X2", "kind": "sindicato"}));
    assert_eq!(status, StatusCode::CREATED, "{second}");
    let second = second["id"].as_i64().unwrap();
    app.block_on(app.api_ok(
        "POST",
        &format!("/api/v1/instructions/{first}/acknowledgements"),
        "actas",
        Some(json!({"body": "F1-C01-S01"})),
        StatusCode::CREATED,
    ));

    // (what, method, path, who, body, status, code, words the message must hold)
    let ack = |i: i64| format!("/api/v1/instructions/{i}/acknowledgements");
    let from = |b: &str| format!("/api/v1/bodies/{}/instructions", body(db, b).id.0);
    let cases: Vec<(&str, String, &str, Value, StatusCode, &str, &str)> = vec![
        (
            "to a body outside the sender's subtree",
            from("F1"),
            "dirigente",
            json!({"resolution": own.to_string(), "under": "F2"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "instruction_outside_subtree",
            "no está debajo de",
        ),
        (
            "to the sender itself as its own sub-body",
            from("F1"),
            "dirigente",
            json!({"resolution": own.to_string(), "under": "F1"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "instruction_outside_subtree",
            "no está debajo de",
        ),
        (
            "from a body the sender does not run",
            from("F2"),
            "dirigente",
            json!({"resolution": elsewhere.to_string()}),
            StatusCode::FORBIDDEN,
            "forbidden",
            "",
        ),
        (
            "of a resolution that is not the sender body's",
            from("F1"),
            "dirigente",
            json!({"resolution": central.to_string()}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "instruction_not_own_resolution",
            "no de",
        ),
        (
            "of a resolution of a body the sender cannot see",
            from("F1"),
            "dirigente",
            json!({"resolution": elsewhere.to_string()}),
            StatusCode::NOT_FOUND,
            "unknown_resolution",
            "",
        ),
        (
            "to nobody (no body below a sindicato)",
            from("F1-C01-S01"),
            "actas",
            json!({"resolution": base.to_string(), "kind": "central"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "instruction_no_recipients",
            "nadie",
        ),
        (
            "acknowledged by a body that is not a recipient",
            ack(second),
            "actas",
            json!({"body": "F1-C01-S01"}),
            StatusCode::CONFLICT,
            "instruction_not_recipient",
            "no está entre",
        ),
        (
            "a second acknowledgement",
            ack(first),
            "actas",
            json!({"body": "F1-C01-S01"}),
            StatusCode::CONFLICT,
            "instruction_already_acknowledged",
            "Secretario General",
        ),
        (
            "by an account without office in that body (an officer of the federation above)",
            ack(first),
            "dirigente",
            json!({"body": HALL}),
            StatusCode::FORBIDDEN,
            "instruction_no_office",
            "no tiene cargo",
        ),
        (
            "by an account without office in that body (an afiliado of it)",
            ack(first),
            "afiliado",
            json!({"body": "F1-C01-S01"}),
            StatusCode::FORBIDDEN,
            "instruction_no_office",
            "no tiene cargo",
        ),
        (
            "by an officer of a sindicato beside it",
            ack(first),
            "hall",
            json!({"body": "F1-C01-S01"}),
            StatusCode::FORBIDDEN,
            "forbidden",
            "",
        ),
        (
            "an unknown instruction",
            ack(999_999),
            "actas",
            json!({"body": "F1-C01-S01"}),
            StatusCode::NOT_FOUND,
            "unknown_instruction",
            "999999",
        ),
    ];
    for (what, path, who, request, status, code, words) in cases {
        let before = rows(db);
        let (got, problem) = app.block_on(app.api("POST", &path, who, Some(&request)));
        assert_eq!((got, code_of(&problem).as_str()), (status, code), "{what}: {problem}");
        assert!(problem["title"].as_str().unwrap_or_default().contains(words), "{what}: {problem}");
        assert_eq!(rows(db), before, "{what} changed something");
    }

    // The send form refused: the page again, with the reason, and nothing sent.
    let before = rows(db);
    let page = app.block_on(app.post_form(
        &format!("/bodies/{}/instructions", f1.id.0),
        "dirigente",
        &format!("resolution={own}&under=F2&note=Leer"),
    ));
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("no está debajo de") && page.body.contains(">Leer</textarea>"), "{}", page.body);
    assert_eq!(rows(db), before);
    let sent = app.block_on(app.post_form(
        &format!("/bodies/{}/instructions", f1.id.0),
        "dirigente",
        &format!("resolution={own}&kind=central"),
    ));
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(db.raw_count("instructions"), before[0] + 1);

    // An assembly cannot acknowledge what its body already acknowledged: neither put on the
    // agenda, nor voted when an officer acknowledged meanwhile.
    let meeting = assembly_in_session(db, HALL);
    let before = rows(db);
    let (got, problem) = app.block_on(app.api(
        "POST",
        &format!("/api/v1/instructions/{second}/motions"),
        "hall",
        Some(&json!({"assembly_id": meeting})),
    ));
    assert_eq!((got, code_of(&problem).as_str()), (StatusCode::CONFLICT, "instruction_not_recipient"), "{problem}");
    assert_eq!(rows(db), before);
    let motion = app.block_on(app.api_ok(
        "POST",
        &format!("/api/v1/instructions/{first}/motions"),
        "hall",
        Some(json!({"assembly_id": meeting})),
        StatusCode::CREATED,
    ));
    let m = MotionId(motion["id"].as_i64().unwrap());
    // Its secretario de actas acknowledges from the instruction's page meanwhile.
    let hall = body(db, HALL);
    let page = app.block_on(app.get(&format!("/instructions/{first}?body={}", hall.id.0), "hall"));
    assert!(page.body.contains("id=\"acknowledge-form\"") && page.body.contains("id=\"agenda-form\""), "{}", page.body);
    let done = app.block_on(app.post_form(
        &format!("/instructions/{first}/acknowledge"),
        "hall",
        &format!("body={}", hall.id.0),
    ));
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let before = rows(db);
    match assembly::open_vote(&db.store, &op(), m, VoteMethod::ShowOfHands, DecisionRule::MajorityOfVotesCast) {
        Err(ServiceError::Instruction(InstructionRefusal::AlreadyAcknowledged { by, .. })) => {
            assert_eq!(by, "hall")
        }
        other => panic!("a vote acknowledging twice was opened: {other:?}"),
    }
    assert_eq!(rows(db), before);
    let (got, problem) = app.block_on(app.api(
        "POST",
        &format!("/api/v1/instructions/{first}/motions"),
        "hall",
        Some(&json!({"assembly_id": meeting})),
    ));
    assert_eq!((got, code_of(&problem).as_str()), (StatusCode::CONFLICT, "instruction_already_acknowledged"));
    // The same refusals in English.
    let (_, problem) = app.block_on(
        app.request("POST", &ack(first)).token("actas").lang("en").json(&json!({"body": "F1-C01-S01"})).api(),
    );
    assert!(problem["title"].as_str().unwrap().contains("already acknowledged"), "{problem}");
    // Counting at a body outside the sender's subtree, or one the viewer may not see, is refused.
    let (got, problem) = app.block_on(app.api("GET", &format!("/api/v1/instructions/{first}?body=F2"), "admin", None));
    assert_eq!((got, code_of(&problem).as_str()), (StatusCode::NOT_FOUND, "unknown_body"));
    let (got, _) = app.block_on(app.api("GET", &format!("/api/v1/instructions/{first}?body=F1"), "hall", None));
    assert_eq!(got, StatusCode::FORBIDDEN);
    let (got, _) = app.block_on(app.api("GET", &format!("/api/v1/instructions/{first}"), "observador", None));
    assert_eq!(got, StatusCode::OK, "whoever may see the sender reads it");
    // Nobody signed in reads nothing.
    let (got, _) = app.block_on(app.api("GET", &format!("/api/v1/instructions/{first}"), Who::Anonymous, None));
    assert_eq!(got, StatusCode::UNAUTHORIZED);
}

/// `cabildo instruction …` on the database: output and exit code.
fn cli(db: &Db, args: &[&str]) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cabildo"))
        .args(["--db", &db.location, "--lang", "es", "instruction"])
        .args(args)
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn the_command_line_sends_counts_and_acknowledges(db: &Db) {
    let _app = app(db);
    resolution(db, "F1", "Bloqueo de caminos");
    let (ok, sent, err) = cli(db, &["send", "F1", "--resolution", "1/2026", "--under", "F1-X1", "--kind", "sindicato"]);
    assert!(ok, "{err}");
    assert!(sent.starts_with("Instructivo 1 enviado a 3 organismos"), "{sent}");
    let (ok, said, err) = cli(db, &["ack", "1", "--body", "F1-X1-S2"]);
    assert!(ok && said.contains("F1-X1-S2 acusó recibo"), "{said}{err}");
    let (ok, status, err) = cli(db, &["status", "1", "--body", "F1-X1"]);
    assert!(ok, "{err}");
    assert!(status.contains("Acusaron recibo: 1 de 3 organismos"), "{status}");
    assert!(status.contains("F1-X1-S1") && status.contains("F1-X1-S3"), "{status}");
    // A second acknowledgement is refused, naming the first, with a failing exit code.
    let (ok, _, err) = cli(db, &["ack", "1", "--body", "F1-X1-S2"]);
    assert!(!ok && err.contains("ya acusó recibo") && err.contains("operador"), "{err}");
    // Outside the sender's subtree: refused, nothing sent.
    let (ok, _, err) = cli(db, &["send", "F1", "--resolution", "1/2026", "--under", "F2"]);
    assert!(!ok && err.contains("no está debajo de"), "{err}");
    assert_eq!(db.raw_count("instructions"), 1);
}
