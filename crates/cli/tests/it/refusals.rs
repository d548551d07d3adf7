//! Every refusal of an assembly that no other test provoked, provoked through the JSON API on
//! both backends: each answer is a problem document with its status and `code`, titled in the
//! user's language (not the bare code), and the database is exactly as before, row for row.
//!
//! The requests run one at a time on the runtime, so that the database can be read behind the
//! application's back between them (the PostgreSQL client is synchronous).

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::support::{ASSEMBLY_SINDICATO, Db, TestApp, on_both_backends};

on_both_backends!(
    an_assembly_out_of_order_is_refused_and_nothing_changes,
    votes_and_actas_out_of_turn_are_refused_and_nothing_changes,
);

struct Api<'a> {
    db: &'a Db,
    app: TestApp,
}

impl Api<'_> {
    /// Sends a write as the sindicato's secretario de actas and expects `status`; returns the
    /// answer. It must have changed the database (so the check in `refused` sees writes).
    fn ok(&self, method: &str, path: &str, body: Option<Value>, status: StatusCode) -> Value {
        let before = self.db.raw_tables();
        let answer = self.app.block_on(self.app.api_ok(method, path, "actas", body, status));
        assert_ne!(self.db.raw_tables(), before, "{method} {path} was accepted but changed nothing");
        answer
    }

    /// Sends a request that must be refused with `status` and `code`, and checks that the
    /// database did not change.
    fn refused(&self, method: &str, path: &str, body: Option<Value>, status: StatusCode, code: &str) -> Value {
        let before = self.db.raw_tables();
        let (got, problem) = self.app.block_on(self.app.api(method, path, "actas", body.as_ref()));
        assert_eq!((got, problem["code"].as_str()), (status, Some(code)), "{method} {path}: {problem}");
        let title = problem["title"].as_str().unwrap_or_default();
        assert!(!title.is_empty() && title != code, "{code} has no message: {problem}");
        let after = self.db.raw_tables();
        let changed: Vec<&String> = after.keys().filter(|table| after.get(*table) != before.get(*table)).collect();
        assert!(changed.is_empty(), "{method} {path} was refused ({code}) but changed {changed:?}");
        problem
    }

    fn convene(&self, kind: &str) -> i64 {
        let convocatoria = json!({
            "kind": kind,
            "title": format!("Asamblea {kind}"),
            "scheduled_for": "2026-11-30T09:00",
            "place": "Sede",
            "agenda": ["Informe"]
        });
        let path = format!("/api/v1/bodies/{}/assemblies", self.app.body(ASSEMBLY_SINDICATO));
        self.ok("POST", &path, Some(convocatoria), StatusCode::CREATED)["id"].as_i64().unwrap()
    }

    fn motion(&self, assembly: i64, title: &str) -> i64 {
        let motion = json!({"title": title, "text": format!("{title}: texto"), "proposer": "Vecinos"});
        let path = format!("/api/v1/assemblies/{assembly}/motions");
        self.ok("POST", &path, Some(motion), StatusCode::CREATED)["id"].as_i64().unwrap()
    }
}

fn api(db: &Db) -> Api<'_> {
    Api { db, app: TestApp::assembly_sindicato(db) }
}

/// An assembly not yet in session, in session twice, with a stranger at the door, an election
/// without candidates, a motion from an unknown resolution, and an acta before there is one.
fn an_assembly_out_of_order_is_refused_and_nothing_changes(db: &Db) {
    let api = api(db);
    let a = api.convene("ordinaria");
    let motion = json!({"title": "Arreglar el camino", "text": "Con faena.", "proposer": "Socio 1 Mamani"});
    let problem = api.refused(
        "POST",
        &format!("/api/v1/assemblies/{a}/motions"),
        Some(motion.clone()),
        StatusCode::CONFLICT,
        "assembly_not_open",
    );
    assert!(problem["title"].as_str().unwrap().contains("convened"), "names the status: {problem}");
    // Person 1 is a member of a demo sindicato, not of this one.
    let problem = api.refused(
        "POST",
        &format!("/api/v1/assemblies/{a}/attendance"),
        Some(json!({"person_id": 1})),
        StatusCode::CONFLICT,
        "not_eligible",
    );
    assert!(problem["title"].as_str().unwrap().contains("#1"), "{problem}");
    let signature = json!({"role": "secretario_actas", "password": cabildo_services::demo::DEMO_PASSWORD});
    api.refused(
        "POST",
        &format!("/api/v1/assemblies/{a}/acta/signatures"),
        Some(signature),
        StatusCode::CONFLICT,
        "no_acta",
    );

    api.ok("POST", &format!("/api/v1/assemblies/{a}/open"), None, StatusCode::OK);
    api.refused("POST", &format!("/api/v1/assemblies/{a}/open"), None, StatusCode::CONFLICT, "assembly_already_open");
    let election = json!({"office_title": "Secretario General", "rule": "plurality", "candidates": []});
    api.refused(
        "POST",
        &format!("/api/v1/assemblies/{a}/elections"),
        Some(election),
        StatusCode::CONFLICT,
        "no_candidates",
    );
    let from_nowhere = json!({"title": "Traer una resolución", "text": "De abajo.", "origin": 999_999_999});
    let problem = api.refused(
        "POST",
        &format!("/api/v1/assemblies/{a}/motions"),
        Some(from_nowhere),
        StatusCode::NOT_FOUND,
        "unknown_resolution",
    );
    assert!(problem["title"].as_str().unwrap().contains("999999999"), "{problem}");
    // The same motion is accepted once the assembly is in session.
    api.ok("POST", &format!("/api/v1/assemblies/{a}/motions"), Some(motion), StatusCode::CREATED);
}

/// A phone vote without tickets, a show of hands on a roll call, a second vote while one is open,
/// closing the assembly during a vote, checking in after it closed, and signing the acta twice.
fn votes_and_actas_out_of_turn_are_refused_and_nothing_changes(db: &Db) {
    let api = api(db);
    // A cabildo abierto: anyone may attend, so votes open without a quorum.
    let a = api.convene("cabildo_abierto");
    api.ok("POST", &format!("/api/v1/assemblies/{a}/open"), None, StatusCode::OK);
    let m1 = api.motion(a, "Bloqueo del camino");
    let m2 = api.motion(a, "Cambiar la sede");
    let vote = |m: i64| format!("/api/v1/motions/{m}/vote");
    api.refused("POST", &vote(m1), Some(json!({"method": "phone"})), StatusCode::CONFLICT, "no_tickets");
    api.ok("POST", &vote(m1), Some(json!({"method": "roll_call"})), StatusCode::OK);
    let problem = api.refused(
        "PUT",
        &format!("/api/v1/motions/{m1}/hands"),
        Some(json!({"counts": {"for": 1}})),
        StatusCode::CONFLICT,
        "wrong_method",
    );
    // Names the method in words, not as its code.
    assert!(problem["title"].as_str().unwrap().contains("votación nominal"), "names the method: {problem}");
    assert!(!problem["title"].as_str().unwrap().contains("roll_call"), "no raw code: {problem}");
    let problem = api.refused(
        "POST",
        &vote(m2),
        Some(json!({"method": "show_of_hands"})),
        StatusCode::CONFLICT,
        "vote_still_open",
    );
    assert!(problem["title"].as_str().unwrap().contains(" 1 "), "names the open motion: {problem}");
    api.refused("POST", &format!("/api/v1/assemblies/{a}/close"), None, StatusCode::CONFLICT, "vote_still_open");
    api.ok("POST", &format!("/api/v1/motions/{m1}/close"), None, StatusCode::OK);
    api.ok("POST", &format!("/api/v1/assemblies/{a}/close"), None, StatusCode::OK);

    let problem = api.refused(
        "POST",
        &format!("/api/v1/assemblies/{a}/attendance"),
        Some(json!({"person_id": 1})),
        StatusCode::CONFLICT,
        "assembly_finished",
    );
    assert!(problem["title"].as_str().unwrap().contains("closed"), "names the status: {problem}");
    let signatures = format!("/api/v1/assemblies/{a}/acta/signatures");
    let signature = json!({"role": "secretario_actas", "password": cabildo_services::demo::DEMO_PASSWORD});
    api.ok("POST", &signatures, Some(signature.clone()), StatusCode::CREATED);
    api.refused("POST", &signatures, Some(signature), StatusCode::CONFLICT, "already_signed");
}
