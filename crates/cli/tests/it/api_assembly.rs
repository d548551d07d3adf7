//! The assemblies API in process, on both backends, through the API only: a sindicato of 150
//! households convenes, checks everyone in, opens with quorum, votes motions by show of hands,
//! roll call and secret ballot, elects an officer, closes, signs and seals its acta and verifies
//! it; and a cabildo abierto votes by phone with tickets. Refusals are problem documents, in
//! Spanish by default and in English when asked.

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use cabildo_services::demo;
use serde_json::json;

use crate::support::api::{App, app, call, request};
use crate::support::{Db, on_both_backends, runtime};

on_both_backends!(
    a_sindicato_runs_an_assembly_from_convocatoria_to_sealed_acta,
    a_cabildo_abierto_votes_by_phone_with_tickets,
);

impl App {
    /// Moves a motion and opens its vote by show of hands.
    async fn hands_motion(&self, assembly: i64, title: &str) -> i64 {
        let motion = json!({"title": title, "text": format!("{title}: texto"), "proposer": "Socio 1 Mamani"});
        let created =
            self.ok("POST", &format!("/api/v1/assemblies/{assembly}/motions"), Some(motion), StatusCode::CREATED).await;
        let id = created["id"].as_i64().unwrap();
        let opening = json!({"method": "show_of_hands", "rule": "majority"});
        let opened = self.ok("POST", &format!("/api/v1/motions/{id}/vote"), Some(opening), StatusCode::OK).await;
        assert_eq!(opened["present"], 150, "{opened}");
        assert_eq!(opened["codes"], json!([]));
        id
    }
}

fn a_sindicato_runs_an_assembly_from_convocatoria_to_sealed_acta(db: &Db) {
    let runtime = runtime();
    let app = app(db);
    runtime.block_on(async {
        let s = app.sindicato;
        // The statute: a dirigente adopts one (the secretario de actas may not).
        let statute = json!({"quorum": "half_plus_one", "absence_fine": "20,50", "signers": ["secretario_actas"]});
        let path = format!("/api/v1/bodies/{s}/statute");
        let (status, problem) = app.send("PUT", &path, statute.clone()).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")), "{problem}");
        let put = request("PUT", &path, Some(&app.dirigente), None, Some(&statute));
        let (status, version) = call(&app.state, put).await;
        assert_eq!(status, StatusCode::OK, "{version}");
        assert_eq!(version["terms"]["absence_fine"], "20.50");
        let read = app.ok("GET", &path, None, StatusCode::OK).await;
        assert_eq!(read["current"]["version"], 1);
        assert_eq!(read["current"]["signers"], json!(["secretario_actas"]));

        // Convene.
        let convocatoria = json!({
            "kind": "ordinaria",
            "title": "Asamblea ordinaria de noviembre",
            "scheduled_for": "2026-11-30T09:00",
            "place": "Sede",
            "agenda": ["Informe", "Aporte para el camino", "Elección"]
        });
        let path = format!("/api/v1/bodies/{s}/assemblies");
        let (status, problem) = app.send("POST", &path, json!({"kind": "fiesta", "title": "X", "scheduled_for": "mañana", "place": "Sede"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        let assembly = app.ok("POST", &path, Some(convocatoria), StatusCode::CREATED).await;
        let a = assembly["id"].as_i64().unwrap();
        assert_eq!((assembly["status"].as_str(), assembly["scheduled_for"].as_str()), (Some("convened"), Some("2026-11-30T09:00")));
        let list = app.ok("GET", &path, None, StatusCode::OK).await;
        assert_eq!(list["assemblies"][0]["id"], a);

        // The door list, and everyone checked in: one in three by member card.
        let door = app.ok("GET", &format!("/api/v1/assemblies/{a}/attendance?limit=1000"), None, StatusCode::OK).await;
        let lines = door["lines"].as_array().unwrap();
        assert_eq!(lines.len(), 150);
        let found = app.ok("GET", &format!("/api/v1/assemblies/{a}/attendance?q=Socio%2017%20"), None, StatusCode::OK).await;
        assert!(found["lines"].as_array().unwrap().iter().any(|l| l["name"] == "Socio 17 Mamani"), "{found}");
        let attendance = format!("/api/v1/assemblies/{a}/attendance");
        for (i, line) in lines.iter().enumerate() {
            let who = if i % 3 == 0 {
                json!({"card_code": line["card_code"]})
            } else {
                json!({"household_id": line["household_id"]})
            };
            let checked = app.ok("POST", &attendance, Some(who), StatusCode::OK).await;
            assert_eq!(checked["status"], "present", "{checked}");
        }
        let (status, problem) = app.send("POST", &attendance, json!({"card_code": "NO-SUCH-CARD"})).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("unknown_card")), "{problem}");
        let (status, problem) = app.send("POST", &attendance, json!({"excused": true})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");

        // Open: the quorum is shown.
        let opened = app.ok("POST", &format!("/api/v1/assemblies/{a}/open"), None, StatusCode::OK).await;
        assert_eq!((opened["eligible"].as_u64(), opened["quorum_required"].as_u64()), (Some(150), Some(76)));
        let view = app.ok("GET", &format!("/api/v1/assemblies/{a}"), None, StatusCode::OK).await;
        assert_eq!(view["assembly"]["status"], "open");
        assert_eq!((view["eligible"].as_u64(), view["present"].as_u64()), (Some(150), Some(150)));
        assert_eq!((view["quorum_required"].as_u64(), view["has_quorum"].as_bool()), (Some(76), Some(true)));
        assert_eq!(view["agenda"], json!(["Informe", "Aporte para el camino", "Elección"]));
        assert_eq!(view["statute"]["quorum"], "half_plus_one");

        // Three motions by show of hands; counts larger than attendance are refused.
        let m1 = app.hands_motion(a, "Aporte para el camino").await;
        let (status, problem) = app.send("PUT", &format!("/api/v1/motions/{m1}/hands"), json!({"counts": {"for": 120, "against": 40}})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(problem["code"], "counts_exceed_present");
        assert!(problem["title"].as_str().unwrap().contains("vuelva a contar"), "Spanish by default: {problem}");
        let english = request("PUT", &format!("/api/v1/motions/{m1}/hands"), Some(&app.actas), Some("en"), Some(&json!({"counts": {"for": 151}})));
        let (status, problem) = call(&app.state, english).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(problem["title"].as_str().unwrap().contains("count again"), "{problem}");
        let tally = app.ok("PUT", &format!("/api/v1/motions/{m1}/hands"), Some(json!({"counts": {"for": 100, "against": 30, "abstain": 20}})), StatusCode::OK).await;
        assert_eq!(tally, json!({"for": 100, "against": 30, "abstain": 20}));
        let result = app.ok("POST", &format!("/api/v1/motions/{m1}/close"), None, StatusCode::OK).await;
        assert_eq!((result["outcome"].as_str(), result["resolution"].as_str()), (Some("adopted"), Some("1/2026")), "{result}");
        assert_eq!(result["counts"], json!({"for": 100, "against": 30, "abstain": 20}));
        // A vote after closing is refused.
        let (status, problem) = app.send("PUT", &format!("/api/v1/motions/{m1}/hands"), json!({"counts": {"for": 1}})).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("vote_not_open")), "{problem}");

        let m2 = app.hands_motion(a, "Cambiar la sede").await;
        app.ok("PUT", &format!("/api/v1/motions/{m2}/hands"), Some(json!({"counts": {"for": 40, "against": 90}})), StatusCode::OK).await;
        let result = app.ok("POST", &format!("/api/v1/motions/{m2}/close"), None, StatusCode::OK).await;
        assert_eq!((result["outcome"].as_str(), result["resolution"].as_str()), (Some("rejected"), None), "{result}");

        let m3 = app.hands_motion(a, "Arreglar la escuela").await;
        app.ok("PUT", &format!("/api/v1/motions/{m3}/hands"), Some(json!({"counts": {"for": 80, "against": 70}})), StatusCode::OK).await;
        let result = app.ok("POST", &format!("/api/v1/motions/{m3}/close"), None, StatusCode::OK).await;
        assert_eq!(result["resolution"], "2/2026", "{result}");

        // A roll call: three voters by name; nobody votes twice.
        let motion = json!({"title": "Comprar un tractor", "text": "Con el aporte.", "proposer": "Socio 2 Mamani"});
        let m4 = app.ok("POST", &format!("/api/v1/assemblies/{a}/motions"), Some(motion), StatusCode::CREATED).await["id"].as_i64().unwrap();
        app.ok("POST", &format!("/api/v1/motions/{m4}/vote"), Some(json!({"method": "roll_call"})), StatusCode::OK).await;
        let roll = format!("/api/v1/motions/{m4}/roll-call");
        for (line, option) in lines.iter().zip(["for", "for", "against"]) {
            let vote = json!({"person_id": line["person_id"], "option": option});
            let recorded = app.ok("POST", &roll, Some(vote), StatusCode::OK).await;
            assert_eq!(recorded["status"], "recorded");
        }
        let (status, problem) = app.send("POST", &roll, json!({"person_id": lines[0]["person_id"], "option": "against"})).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("already_voted")), "{problem}");
        let result = app.ok("POST", &format!("/api/v1/motions/{m4}/close"), None, StatusCode::OK).await;
        assert_eq!((result["outcome"].as_str(), result["resolution"].as_str()), (Some("adopted"), Some("3/2026")), "{result}");
        assert_eq!(result["motion"]["roll_call"].as_array().map(Vec::len), Some(0), "the close answer carries no names");

        // A secret ballot: one code per person present, each used once, anonymously.
        let motion = json!({"title": "Revocar al tesorero", "text": "Por no rendir cuentas.", "proposer": "Socio 3 Mamani"});
        let m5 = app.ok("POST", &format!("/api/v1/assemblies/{a}/motions"), Some(motion), StatusCode::CREATED).await["id"].as_i64().unwrap();
        let opened = app.ok("POST", &format!("/api/v1/motions/{m5}/vote"), Some(json!({"method": "secret", "rule": "absolute_majority"})), StatusCode::OK).await;
        let codes: Vec<String> = opened["codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_string()).collect();
        assert_eq!(codes.len(), 150);
        let during = app.ok("GET", &format!("/api/v1/assemblies/{a}"), None, StatusCode::OK).await;
        let live = during["motions"].as_array().unwrap().iter().find(|m| m["id"] == m5).unwrap().clone();
        assert_eq!(live["counts"], json!({}), "a secret ballot's count stays hidden while voting");
        let ballots = format!("/api/v1/motions/{m5}/ballots");
        for (i, code) in codes.iter().take(100).enumerate() {
            let option = if i < 80 { "for" } else { "against" };
            let ballot = json!({"code": code, "option": option});
            let (status, answer) = call(&app.state, request("POST", &ballots, None, None, Some(&ballot))).await;
            assert_eq!(status, StatusCode::OK, "{answer}");
        }
        let again = json!({"code": codes[0], "option": "against"});
        let (status, problem) = call(&app.state, request("POST", &ballots, None, None, Some(&again))).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("ballot_code_refused")), "{problem}");
        assert!(problem["title"].as_str().unwrap().contains("papeleta"), "Spanish by default: {problem}");
        let (_, problem) = call(&app.state, request("POST", &ballots, None, Some("en"), Some(&again))).await;
        assert!(problem["title"].as_str().unwrap().contains("ballot code"), "{problem}");
        let result = app.ok("POST", &format!("/api/v1/motions/{m5}/close"), None, StatusCode::OK).await;
        assert_eq!(result["tally"], json!({"for": 80, "against": 20, "abstain": 0}), "{result}");
        assert_eq!((result["outcome"].as_str(), result["resolution"].as_str()), (Some("adopted"), Some("4/2026")), "{result}");
        let late = json!({"code": codes[149], "option": "for"});
        let (status, problem) = call(&app.state, request("POST", &ballots, None, None, Some(&late))).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("vote_not_open")), "{problem}");

        // An election by show of hands between two of those present.
        let (c1, c2) = (lines[10]["person_id"].clone(), lines[11]["person_id"].clone());
        let election = json!({"office_title": "Secretario General", "term_end": "2028-11-30", "rule": "plurality", "candidates": [c1, c2]});
        let e = app.ok("POST", &format!("/api/v1/assemblies/{a}/elections"), Some(election), StatusCode::CREATED).await["id"].as_i64().unwrap();
        let opened = app.ok("POST", &format!("/api/v1/motions/{e}/vote"), Some(json!({"method": "show_of_hands"})), StatusCode::OK).await;
        assert_eq!(opened["motion"]["kind"], "election");
        let view = app.ok("GET", &format!("/api/v1/assemblies/{a}"), None, StatusCode::OK).await;
        let candidates = view["motions"].as_array().unwrap().iter().find(|m| m["id"] == e).unwrap()["candidates"].clone();
        let options: Vec<String> = candidates.as_array().unwrap().iter().map(|c| c["option"].as_str().unwrap().to_string()).collect();
        let counts: BTreeMap<String, u64> = [(options[0].clone(), 90), (options[1].clone(), 50)].into_iter().collect();
        app.ok("PUT", &format!("/api/v1/motions/{e}/hands"), Some(json!({"counts": counts})), StatusCode::OK).await;
        let result = app.ok("POST", &format!("/api/v1/motions/{e}/close"), None, StatusCode::OK).await;
        assert_eq!(result["outcome"], "elected", "{result}");
        assert_eq!(result["elected"], candidates[0]["name"], "{result}");

        // Close the assembly: the acta's draft starts.
        let closed = app.ok("POST", &format!("/api/v1/assemblies/{a}/close"), None, StatusCode::OK).await;
        assert_eq!(closed["status"], "closed");
        let acta_path = format!("/api/v1/assemblies/{a}/acta");
        let acta = app.ok("GET", &acta_path, None, StatusCode::OK).await;
        assert_eq!((acta["status"].as_str(), acta["missing"].clone()), (Some("draft"), json!(["secretario_actas"])));
        assert!(acta["content"].as_array().unwrap().iter().any(|l| l["key"] == "motion.01.resolution" && l["value"] == "1/2026"), "{acta}");
        app.ok("PUT", &format!("{acta_path}/notes"), Some(json!({"notes": "Se levantó la sesión a las 13:00."})), StatusCode::OK).await;

        // Sealing without signatures is refused; the secretario de actas signs; then it seals.
        let (status, problem) = app.post(&format!("{acta_path}/seal")).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("missing_signatures")), "{problem}");
        let (status, problem) = app.send("POST", &format!("{acta_path}/signatures"), json!({"role": "secretario_actas", "password": "equivocada-123"})).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{problem}");
        let signed = app.ok("POST", &format!("{acta_path}/signatures"), Some(json!({"role": "secretario_actas", "password": demo::DEMO_PASSWORD})), StatusCode::CREATED).await;
        assert_eq!(signed["missing"], json!([]), "{signed}");
        assert_eq!(signed["signatures"][0]["role"], "secretario_actas");
        let sealed = app.ok("POST", &format!("{acta_path}/seal"), None, StatusCode::OK).await;
        assert_eq!((sealed["status"].as_str(), sealed["seq"].as_u64()), (Some("sealed"), Some(1)), "{sealed}");
        assert_eq!(sealed["content_hash"], signed["content_hash"]);
        let (status, problem) = app.send("PUT", &format!("{acta_path}/notes"), json!({"notes": "Otra cosa."})).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("acta_sealed")), "{problem}");
        assert!(problem["title"].as_str().unwrap().contains("sellada"), "{problem}");

        // Verified clean; the resolutions are listed.
        let verification = app.ok("GET", &format!("/api/v1/bodies/{s}/verification"), None, StatusCode::OK).await;
        assert_eq!(verification["clean"], true, "{verification}");
        assert_eq!(verification["bodies"][0]["sealed_actas"], 1);
        let resolutions = app.ok("GET", &format!("/api/v1/bodies/{s}/resolutions"), None, StatusCode::OK).await;
        let numbers: Vec<&str> = resolutions["resolutions"].as_array().unwrap().iter().map(|r| r["number"].as_str().unwrap()).collect();
        assert_eq!(numbers.len(), 4, "{resolutions}");
        assert!(numbers.contains(&"1/2026") && numbers.contains(&"4/2026"), "{numbers:?}");

        // Anonymous viewers see nothing; unknown assemblies are 404.
        let (status, _) = call(&app.state, request("GET", &format!("/api/v1/assemblies/{a}"), None, None, None)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let (status, problem) = app.get("/api/v1/assemblies/999999999").await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::NOT_FOUND, Some("unknown_assembly")));
    });
}

fn a_cabildo_abierto_votes_by_phone_with_tickets(db: &Db) {
    let runtime = runtime();
    let app = app(db);
    runtime.block_on(async {
        let s = app.sindicato;
        let convocatoria = json!({
            "kind": "cabildo_abierto",
            "title": "Cabildo abierto por el camino",
            "scheduled_for": "2026-11-30 10:00",
            "place": "Plaza"
        });
        let a = app
            .ok("POST", &format!("/api/v1/bodies/{s}/assemblies"), Some(convocatoria), StatusCode::CREATED)
            .await["id"]
            .as_i64()
            .unwrap();
        let tickets = app
            .ok("POST", &format!("/api/v1/assemblies/{a}/tickets"), Some(json!({"count": 30})), StatusCode::CREATED)
            .await;
        let tickets: Vec<String> =
            tickets["codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_string()).collect();
        assert_eq!(tickets.len(), 30);
        let (status, _) = app.send("POST", &format!("/api/v1/assemblies/{a}/tickets"), json!({"count": 0})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        app.ok("POST", &format!("/api/v1/assemblies/{a}/open"), None, StatusCode::OK).await;
        let motion = json!({"title": "Bloqueo del camino", "text": "Si no lo arreglan.", "proposer": "Vecinos"});
        let m =
            app.ok("POST", &format!("/api/v1/assemblies/{a}/motions"), Some(motion), StatusCode::CREATED).await["id"]
                .as_i64()
                .unwrap();
        let phone = format!("/api/v1/motions/{m}/phone-votes");
        let vote = |ticket: &str, option: &str, lang: Option<&str>| {
            request("POST", &phone, None, lang, Some(&json!({"ticket": ticket, "option": option})))
        };
        // Before the vote opens: refused, naming the motion by its number on the agenda.
        let (status, problem) = call(&app.state, vote(&tickets[0], "for", None)).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("vote_not_open")), "{problem}");
        assert!(problem["title"].as_str().unwrap().contains("moción 1 "), "{problem}");
        // A motion that does not exist is named as such.
        let nowhere = request(
            "POST",
            "/api/v1/motions/999999999/phone-votes",
            None,
            None,
            Some(&json!({"ticket": tickets[0], "option": "for"})),
        );
        let (status, problem) = call(&app.state, nowhere).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::NOT_FOUND, Some("unknown_motion")), "{problem}");
        assert!(problem["title"].as_str().unwrap().contains("999999999"), "{problem}");
        app.ok("POST", &format!("/api/v1/motions/{m}/vote"), Some(json!({"method": "phone"})), StatusCode::OK).await;

        let mut acknowledged = BTreeMap::<&str, u64>::new();
        for (i, ticket) in tickets.iter().take(25).enumerate() {
            let option = ["for", "for", "against", "abstain", "for"][i % 5];
            let (status, answer) = call(&app.state, vote(ticket, option, None)).await;
            assert_eq!((status, answer.clone()), (StatusCode::OK, json!({"status": "recorded"})), "{answer}");
            *acknowledged.entry(option).or_default() += 1;
        }
        // A phone that lost its connection sends again: counted once.
        let (status, answer) = call(&app.state, vote(&tickets[0], "for", None)).await;
        assert_eq!((status, answer), (StatusCode::OK, json!({"status": "already_recorded"})));
        // Another option with the same ticket: refused, in Spanish or English.
        let (status, problem) = call(&app.state, vote(&tickets[0], "against", None)).await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (StatusCode::CONFLICT, Some("ticket_already_voted")),
            "{problem}"
        );
        assert!(problem["title"].as_str().unwrap().contains("boleto"), "{problem}");
        let (_, problem) = call(&app.state, vote(&tickets[0], "against", Some("en"))).await;
        assert!(problem["title"].as_str().unwrap().contains("ticket"), "{problem}");
        let (status, problem) = call(&app.state, vote("AAAAAAAAAA", "for", None)).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("unknown_ticket")), "{problem}");
        let (status, problem) = call(&app.state, vote(&tickets[29], "c999", None)).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("unknown_option")), "{problem}");
        assert!(problem["title"].as_str().unwrap().to_lowercase().starts_with("c999 "), "{problem}");
        let malformed =
            Request::post(&phone).header(header::CONTENT_TYPE, "application/json").body(Body::from("{")).unwrap();
        let (status, problem) = call(&app.state, malformed).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::BAD_REQUEST, Some("bad_request")));

        // The tally on close is what was acknowledged.
        let result = app.ok("POST", &format!("/api/v1/motions/{m}/close"), None, StatusCode::OK).await;
        let expected = json!({
            "for": acknowledged["for"],
            "against": acknowledged["against"],
            "abstain": acknowledged["abstain"]
        });
        assert_eq!(result["tally"], expected, "{result}");
        assert_eq!(result["counts"], expected, "{result}");
        assert_eq!(result["outcome"], "adopted");
        let (status, problem) = call(&app.state, vote(&tickets[29], "for", None)).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("vote_not_open")), "{problem}");
        assert!(problem["title"].as_str().unwrap().contains("moción 1 "), "{problem}");
    });
    // The vote box's thread is joined when its last handle goes, outside the runtime.
    drop(app);
}
