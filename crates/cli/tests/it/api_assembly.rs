//! The assemblies API in process, on both backends, through the API only: a sindicato of 150
//! households convenes, checks everyone in, opens with quorum, votes motions by show of hands,
//! roll call and secret ballot, elects an officer, closes, signs and seals its acta and verifies
//! it; and a cabildo abierto votes by phone with tickets. Refusals are problem documents, in
//! Spanish by default and in English when asked.

use std::collections::BTreeMap;

use axum::http::{StatusCode, header};
use cabildo_services::demo;
use serde_json::json;

use crate::support::{ASSEMBLY_SINDICATO, Db, TestApp, Who, join_all, on_both_backends};

on_both_backends!(
    a_sindicato_runs_an_assembly_from_convocatoria_to_sealed_acta,
    a_cabildo_abierto_votes_by_phone_with_tickets,
);

impl TestApp {
    /// Moves a motion and opens its vote by show of hands.
    async fn hands_motion(&self, assembly: i64, title: &str) -> i64 {
        let motion = json!({"title": title, "text": format!("{title}: texto"), "proposer": "Socio 1 Mamani"});
        let created = self
            .api_ok(
                "POST",
                &format!("/api/v1/assemblies/{assembly}/motions"),
                "actas",
                Some(motion),
                StatusCode::CREATED,
            )
            .await;
        let id = created["id"].as_i64().unwrap();
        let opening = json!({"method": "show_of_hands", "rule": "majority"});
        let opened =
            self.api_ok("POST", &format!("/api/v1/motions/{id}/vote"), "actas", Some(opening), StatusCode::OK).await;
        assert_eq!(opened["present"], 150, "{opened}");
        assert_eq!(opened["codes"], json!([]));
        id
    }
}

fn a_sindicato_runs_an_assembly_from_convocatoria_to_sealed_acta(db: &Db) {
    let app = TestApp::assembly_sindicato(db);
    app.block_on(async {
        let s = app.body(ASSEMBLY_SINDICATO);
        // The statute: the sindicato's own secretario de actas adopts one (an afiliado may not).
        let statute = json!({"quorum": "half_plus_one", "absence_fine": "20,50", "signers": ["secretario_actas"]});
        let path = format!("/api/v1/bodies/{s}/statute");
        let (status, problem) = app.api("PUT", &path, "afiliado", Some(&statute)).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")), "{problem}");
        let (status, version) = app.api("PUT", &path, "actas", Some(&statute)).await;
        assert_eq!(status, StatusCode::OK, "{version}");
        assert_eq!(version["terms"]["absence_fine"], "20.50");
        assert_eq!(version["terms"]["signers"], json!(["Secretario de Actas"]), "a role code names its office");
        assert_eq!(version["terms"]["term_years"], 2);
        let read = app.api_ok("GET", &path, "actas", None, StatusCode::OK).await;
        assert_eq!(read["current"]["version"], 1);
        assert_eq!(read["current"]["signers"], json!(["Secretario de Actas"]));

        // Convene.
        let convocatoria = json!({
            "kind": "ordinaria",
            "title": "Asamblea ordinaria de noviembre",
            "scheduled_for": "2026-11-30T09:00",
            "place": "Sede",
            "agenda": ["Informe", "Aporte para el camino", "Elección"]
        });
        let path = format!("/api/v1/bodies/{s}/assemblies");
        let (status, problem) = app.api("POST", &path, "actas", Some(&json!({"kind": "fiesta", "title": "X", "scheduled_for": "mañana", "place": "Sede"}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        let assembly = app.api_ok("POST", &path, "actas", Some(convocatoria), StatusCode::CREATED).await;
        let a = assembly["id"].as_i64().unwrap();
        assert_eq!((assembly["status"].as_str(), assembly["scheduled_for"].as_str()), (Some("convened"), Some("2026-11-30T09:00")));
        let list = app.api_ok("GET", &path, "actas", None, StatusCode::OK).await;
        assert_eq!(list["assemblies"][0]["id"], a);

        // The door list, and everyone checked in: one in three by member card.
        let door = app.api_ok("GET", &format!("/api/v1/assemblies/{a}/attendance?limit=1000"), "actas", None, StatusCode::OK).await;
        let lines = door["lines"].as_array().unwrap();
        assert_eq!(lines.len(), 150);
        let found = app.api_ok("GET", &format!("/api/v1/assemblies/{a}/attendance?q=Socio%2017%20"), "actas", None, StatusCode::OK).await;
        assert!(found["lines"].as_array().unwrap().iter().any(|l| l["name"] == "Socio 17 Mamani"), "{found}");
        let attendance = format!("/api/v1/assemblies/{a}/attendance");
        for (i, line) in lines.iter().enumerate() {
            let who = if i % 3 == 0 {
                json!({"card_code": line["card_code"]})
            } else {
                json!({"household_id": line["household_id"]})
            };
            let checked = app.api_ok("POST", &attendance, "actas", Some(who), StatusCode::OK).await;
            assert_eq!(checked["status"], "present", "{checked}");
        }
        let (status, problem) = app.api("POST", &attendance, "actas", Some(&json!({"card_code": "NO-SUCH-CARD"}))).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("unknown_card")), "{problem}");
        let (status, problem) = app.api("POST", &attendance, "actas", Some(&json!({"excused": true}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");

        // Open: the quorum is shown.
        let opened = app.api_ok("POST", &format!("/api/v1/assemblies/{a}/open"), "actas", None, StatusCode::OK).await;
        assert_eq!((opened["eligible"].as_u64(), opened["quorum_required"].as_u64()), (Some(150), Some(76)));
        let view = app.api_ok("GET", &format!("/api/v1/assemblies/{a}"), "actas", None, StatusCode::OK).await;
        assert_eq!(view["assembly"]["status"], "open");
        assert_eq!((view["eligible"].as_u64(), view["present"].as_u64()), (Some(150), Some(150)));
        assert_eq!((view["quorum_required"].as_u64(), view["has_quorum"].as_bool()), (Some(76), Some(true)));
        assert_eq!(view["agenda"], json!(["Informe", "Aporte para el camino", "Elección"]));
        assert_eq!(view["statute"]["quorum"], "half_plus_one");

        // Three motions by show of hands; counts larger than attendance are refused.
        let m1 = app.hands_motion(a, "Aporte para el camino").await;
        let (status, problem) = app.api("PUT", &format!("/api/v1/motions/{m1}/hands"), "actas", Some(&json!({"counts": {"for": 120, "against": 40}}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(problem["code"], "counts_exceed_present");
        assert!(problem["title"].as_str().unwrap().contains("vuelva a contar"), "Spanish by default: {problem}");
        let english = app.request("PUT", &format!("/api/v1/motions/{m1}/hands")).token("actas").header(header::ACCEPT_LANGUAGE, "en");
        let (status, problem) = english.json(&json!({"counts": {"for": 151}})).api().await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(problem["title"].as_str().unwrap().contains("count again"), "{problem}");
        let tally = app.api_ok("PUT", &format!("/api/v1/motions/{m1}/hands"), "actas", Some(json!({"counts": {"for": 100, "against": 30, "abstain": 20}})), StatusCode::OK).await;
        assert_eq!(tally, json!({"for": 100, "against": 30, "abstain": 20}));
        let result = app.api_ok("POST", &format!("/api/v1/motions/{m1}/close"), "actas", None, StatusCode::OK).await;
        assert_eq!((result["outcome"].as_str(), result["resolution"].as_str()), (Some("adopted"), Some("1/2026")), "{result}");
        assert_eq!(result["counts"], json!({"for": 100, "against": 30, "abstain": 20}));
        // A vote after closing is refused.
        let (status, problem) = app.api("PUT", &format!("/api/v1/motions/{m1}/hands"), "actas", Some(&json!({"counts": {"for": 1}}))).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("vote_not_open")), "{problem}");

        let m2 = app.hands_motion(a, "Cambiar la sede").await;
        app.api_ok("PUT", &format!("/api/v1/motions/{m2}/hands"), "actas", Some(json!({"counts": {"for": 40, "against": 90}})), StatusCode::OK).await;
        let result = app.api_ok("POST", &format!("/api/v1/motions/{m2}/close"), "actas", None, StatusCode::OK).await;
        assert_eq!((result["outcome"].as_str(), result["resolution"].as_str()), (Some("rejected"), None), "{result}");

        let m3 = app.hands_motion(a, "Arreglar la escuela").await;
        app.api_ok("PUT", &format!("/api/v1/motions/{m3}/hands"), "actas", Some(json!({"counts": {"for": 80, "against": 70}})), StatusCode::OK).await;
        let result = app.api_ok("POST", &format!("/api/v1/motions/{m3}/close"), "actas", None, StatusCode::OK).await;
        assert_eq!(result["resolution"], "2/2026", "{result}");

        // A roll call: three voters by name; nobody votes twice.
        let motion = json!({"title": "Comprar un tractor", "text": "Con el aporte.", "proposer": "Socio 2 Mamani"});
        let m4 = app.api_ok("POST", &format!("/api/v1/assemblies/{a}/motions"), "actas", Some(motion), StatusCode::CREATED).await["id"].as_i64().unwrap();
        app.api_ok("POST", &format!("/api/v1/motions/{m4}/vote"), "actas", Some(json!({"method": "roll_call"})), StatusCode::OK).await;
        let roll = format!("/api/v1/motions/{m4}/roll-call");
        for (line, option) in lines.iter().zip(["for", "for", "against"]) {
            let vote = json!({"person_id": line["person_id"], "option": option});
            let recorded = app.api_ok("POST", &roll, "actas", Some(vote), StatusCode::OK).await;
            assert_eq!(recorded["status"], "recorded");
        }
        let (status, problem) = app.api("POST", &roll, "actas", Some(&json!({"person_id": lines[0]["person_id"], "option": "against"}))).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("already_voted")), "{problem}");
        let result = app.api_ok("POST", &format!("/api/v1/motions/{m4}/close"), "actas", None, StatusCode::OK).await;
        assert_eq!((result["outcome"].as_str(), result["resolution"].as_str()), (Some("adopted"), Some("3/2026")), "{result}");
        assert_eq!(result["motion"]["roll_call"].as_array().map(Vec::len), Some(0), "the close answer carries no names");

        // A secret ballot: one code per person present, each used once, anonymously.
        let motion = json!({"title": "Revocar al tesorero", "text": "Por no rendir cuentas.", "proposer": "Socio 3 Mamani"});
        let m5 = app.api_ok("POST", &format!("/api/v1/assemblies/{a}/motions"), "actas", Some(motion), StatusCode::CREATED).await["id"].as_i64().unwrap();
        let opened = app.api_ok("POST", &format!("/api/v1/motions/{m5}/vote"), "actas", Some(json!({"method": "secret", "rule": "absolute_majority"})), StatusCode::OK).await;
        let codes: Vec<String> = opened["codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_string()).collect();
        assert_eq!(codes.len(), 150);
        let during = app.api_ok("GET", &format!("/api/v1/assemblies/{a}"), "actas", None, StatusCode::OK).await;
        let live = during["motions"].as_array().unwrap().iter().find(|m| m["id"] == m5).unwrap().clone();
        assert_eq!(live["counts"], json!({}), "a secret ballot's count stays hidden while voting");
        let ballots = format!("/api/v1/motions/{m5}/ballots");
        // A hall votes at once: ballots are written in mixed batches, and each voter hears
        // `recorded` once theirs was written, or `in_the_box` (202) after a short wait.
        let app = &app;
        let cast: Vec<_> = codes
            .iter()
            .take(100)
            .enumerate()
            .map(|(i, code)| {
                let ballot = json!({"code": code, "option": if i < 80 { "for" } else { "against" }});
                let ballots = ballots.clone();
                async move { app.api("POST", &ballots, Who::Anonymous, Some(&ballot)).await }
            })
            .collect();
        let answers = join_all(cast).await;
        let mut counted = None;
        for (i, (status, answer)) in answers.iter().enumerate() {
            match *status {
                StatusCode::OK => {
                    assert_eq!(answer["status"], "recorded", "{answer}");
                    counted = Some(i);
                }
                StatusCode::ACCEPTED => assert_eq!(answer["status"], "in_the_box", "{answer}"),
                _ => panic!("{status} {answer}"),
            }
        }
        let counted = counted.expect("most ballots are written while their voters wait");
        let again = json!({"code": codes[counted], "option": "against"});
        let (status, problem) = app.api("POST", &ballots, Who::Anonymous, Some(&again)).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("ballot_code_used")), "{problem}");
        assert!(problem["title"].as_str().unwrap().contains("papeleta"), "Spanish by default: {problem}");
        let (_, problem) = app.request("POST", &ballots).header(header::ACCEPT_LANGUAGE, "en").json(&again).api().await;
        assert!(problem["title"].as_str().unwrap().contains("ballot code"), "{problem}");
        let result = app.api_ok("POST", &format!("/api/v1/motions/{m5}/close"), "actas", None, StatusCode::OK).await;
        assert_eq!(result["tally"], json!({"for": 80, "against": 20, "abstain": 0}), "{result}");
        assert_eq!((result["outcome"].as_str(), result["resolution"].as_str()), (Some("adopted"), Some("4/2026")), "{result}");
        let late = json!({"code": codes[149], "option": "for"});
        let (status, problem) = app.api("POST", &ballots, Who::Anonymous, Some(&late)).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("vote_not_open")), "{problem}");

        // An election by show of hands between two of those present.
        let (c1, c2) = (lines[10]["person_id"].clone(), lines[11]["person_id"].clone());
        let election = json!({"office_title": "Secretario General", "term_end": "2028-11-30", "rule": "plurality", "candidates": [c1, c2]});
        let e = app.api_ok("POST", &format!("/api/v1/assemblies/{a}/elections"), "actas", Some(election), StatusCode::CREATED).await["id"].as_i64().unwrap();
        let opened = app.api_ok("POST", &format!("/api/v1/motions/{e}/vote"), "actas", Some(json!({"method": "show_of_hands"})), StatusCode::OK).await;
        assert_eq!(opened["motion"]["kind"], "election");
        let view = app.api_ok("GET", &format!("/api/v1/assemblies/{a}"), "actas", None, StatusCode::OK).await;
        let candidates = view["motions"].as_array().unwrap().iter().find(|m| m["id"] == e).unwrap()["candidates"].clone();
        let options: Vec<String> = candidates.as_array().unwrap().iter().map(|c| c["option"].as_str().unwrap().to_string()).collect();
        let counts: BTreeMap<String, u64> = [(options[0].clone(), 90), (options[1].clone(), 50)].into_iter().collect();
        app.api_ok("PUT", &format!("/api/v1/motions/{e}/hands"), "actas", Some(json!({"counts": counts})), StatusCode::OK).await;
        let result = app.api_ok("POST", &format!("/api/v1/motions/{e}/close"), "actas", None, StatusCode::OK).await;
        assert_eq!(result["outcome"], "elected", "{result}");
        assert_eq!(result["elected"], candidates[0]["name"], "{result}");

        // Close the assembly: the acta's draft starts.
        let closed = app.api_ok("POST", &format!("/api/v1/assemblies/{a}/close"), "actas", None, StatusCode::OK).await;
        assert_eq!(closed["status"], "closed");
        let acta_path = format!("/api/v1/assemblies/{a}/acta");
        let acta = app.api_ok("GET", &acta_path, "actas", None, StatusCode::OK).await;
        assert_eq!((acta["status"].as_str(), acta["missing"].clone()), (Some("draft"), json!(["Secretario de Actas"])));
        assert!(acta["content"].as_array().unwrap().iter().any(|l| l["key"] == "motion.01.resolution" && l["value"] == "1/2026"), "{acta}");
        app.api_ok("PUT", &format!("{acta_path}/notes"), "actas", Some(json!({"notes": "Se levantó la sesión a las 13:00."})), StatusCode::OK).await;

        // Sealing without signatures is refused; the secretario de actas signs; then it seals.
        let (status, problem) = app.api("POST", &format!("{acta_path}/seal"), "actas", None).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("missing_signatures")), "{problem}");
        let (status, problem) = app.api("POST", &format!("{acta_path}/signatures"), "actas", Some(&json!({"role": "secretario_actas", "password": "equivocada-123"}))).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{problem}");
        let signed = app.api_ok("POST", &format!("{acta_path}/signatures"), "actas", Some(json!({"role": "secretario_actas", "password": demo::DEMO_PASSWORD})), StatusCode::CREATED).await;
        assert_eq!(signed["missing"], json!([]), "{signed}");
        assert_eq!(signed["signatures"][0]["role"], "Secretario de Actas");
        assert_eq!(signed["signatures"][0]["person"], "Jhonny Yupanqui de actas", "the holder of the office signs");
        let sealed = app.api_ok("POST", &format!("{acta_path}/seal"), "actas", None, StatusCode::OK).await;
        assert_eq!((sealed["status"].as_str(), sealed["seq"].as_u64()), (Some("sealed"), Some(1)), "{sealed}");
        assert_eq!(sealed["content_hash"], signed["content_hash"]);
        let (status, problem) = app.api("PUT", &format!("{acta_path}/notes"), "actas", Some(&json!({"notes": "Otra cosa."}))).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("acta_sealed")), "{problem}");
        assert!(problem["title"].as_str().unwrap().contains("sellada"), "{problem}");

        // Verified clean; the resolutions are listed.
        let verification = app.api_ok("GET", &format!("/api/v1/bodies/{s}/verification"), "actas", None, StatusCode::OK).await;
        assert_eq!(verification["clean"], true, "{verification}");
        assert_eq!(verification["bodies"][0]["sealed_actas"], 1);
        let resolutions = app.api_ok("GET", &format!("/api/v1/bodies/{s}/resolutions"), "actas", None, StatusCode::OK).await;
        let numbers: Vec<&str> = resolutions["resolutions"].as_array().unwrap().iter().map(|r| r["number"].as_str().unwrap()).collect();
        assert_eq!(numbers.len(), 4, "{resolutions}");
        assert!(numbers.contains(&"1/2026") && numbers.contains(&"4/2026"), "{numbers:?}");

        // Anonymous viewers see nothing; unknown assemblies are 404.
        let (status, _) = app.api("GET", &format!("/api/v1/assemblies/{a}"), Who::Anonymous, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let (status, problem) = app.api("GET", "/api/v1/assemblies/999999999", "actas", None).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::NOT_FOUND, Some("unknown_assembly")));
    });
}

fn a_cabildo_abierto_votes_by_phone_with_tickets(db: &Db) {
    let app = TestApp::assembly_sindicato(db);
    app.block_on(async {
        let s = app.body(ASSEMBLY_SINDICATO);
        let convocatoria = json!({
            "kind": "cabildo_abierto",
            "title": "Cabildo abierto por el camino",
            "scheduled_for": "2026-11-30 10:00",
            "place": "Plaza"
        });
        let a = app
            .api_ok("POST", &format!("/api/v1/bodies/{s}/assemblies"), "actas", Some(convocatoria), StatusCode::CREATED)
            .await["id"]
            .as_i64()
            .unwrap();
        let tickets = app
            .api_ok(
                "POST",
                &format!("/api/v1/assemblies/{a}/tickets"),
                "actas",
                Some(json!({"count": 30})),
                StatusCode::CREATED,
            )
            .await;
        let tickets: Vec<String> =
            tickets["codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_string()).collect();
        assert_eq!(tickets.len(), 30);
        let (status, _) =
            app.api("POST", &format!("/api/v1/assemblies/{a}/tickets"), "actas", Some(&json!({"count": 0}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        app.api_ok("POST", &format!("/api/v1/assemblies/{a}/open"), "actas", None, StatusCode::OK).await;
        let motion = json!({"title": "Bloqueo del camino", "text": "Si no lo arreglan.", "proposer": "Vecinos"});
        let m = app
            .api_ok("POST", &format!("/api/v1/assemblies/{a}/motions"), "actas", Some(motion), StatusCode::CREATED)
            .await["id"]
            .as_i64()
            .unwrap();
        let phone = format!("/api/v1/motions/{m}/phone-votes");
        let vote = |ticket: &str, option: &str, lang: Option<&str>| {
            let request = app.request("POST", &phone).json(&json!({"ticket": ticket, "option": option}));
            match lang {
                Some(lang) => request.header(header::ACCEPT_LANGUAGE, lang),
                None => request,
            }
        };
        // Before the vote opens: refused, naming the motion by its number on the agenda.
        let (status, problem) = vote(&tickets[0], "for", None).api().await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("vote_not_open")), "{problem}");
        assert!(problem["title"].as_str().unwrap().contains("moción 1 "), "{problem}");
        // A motion that does not exist is named as such.
        let nowhere = app.request("POST", "/api/v1/motions/999999999/phone-votes");
        let (status, problem) = nowhere.json(&json!({"ticket": tickets[0], "option": "for"})).api().await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::NOT_FOUND, Some("unknown_motion")), "{problem}");
        assert!(problem["title"].as_str().unwrap().contains("999999999"), "{problem}");
        app.api_ok(
            "POST",
            &format!("/api/v1/motions/{m}/vote"),
            "actas",
            Some(json!({"method": "phone"})),
            StatusCode::OK,
        )
        .await;

        let mut acknowledged = BTreeMap::<&str, u64>::new();
        for (i, ticket) in tickets.iter().take(25).enumerate() {
            let option = ["for", "for", "against", "abstain", "for"][i % 5];
            let (status, answer) = vote(ticket, option, None).api().await;
            assert_eq!((status, answer.clone()), (StatusCode::OK, json!({"status": "recorded"})), "{answer}");
            *acknowledged.entry(option).or_default() += 1;
        }
        // A phone that lost its connection sends again: counted once.
        let (status, answer) = vote(&tickets[0], "for", None).api().await;
        assert_eq!((status, answer), (StatusCode::OK, json!({"status": "already_recorded"})));
        // Another option with the same ticket: refused, in Spanish or English.
        let (status, problem) = vote(&tickets[0], "against", None).api().await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (StatusCode::CONFLICT, Some("ticket_already_voted")),
            "{problem}"
        );
        assert!(problem["title"].as_str().unwrap().contains("boleto"), "{problem}");
        let (_, problem) = vote(&tickets[0], "against", Some("en")).api().await;
        assert!(problem["title"].as_str().unwrap().contains("ticket"), "{problem}");
        let (status, problem) = vote("AAAAAAAAAA", "for", None).api().await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("unknown_ticket")), "{problem}");
        let (status, problem) = vote(&tickets[29], "c999", None).api().await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("unknown_option")), "{problem}");
        assert!(problem["title"].as_str().unwrap().to_lowercase().starts_with("c999 "), "{problem}");
        let (status, problem) = app.request("POST", &phone).body("application/json", "{").api().await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::BAD_REQUEST, Some("bad_request")));

        // The tally on close is what was acknowledged.
        let result = app.api_ok("POST", &format!("/api/v1/motions/{m}/close"), "actas", None, StatusCode::OK).await;
        let expected = json!({
            "for": acknowledged["for"],
            "against": acknowledged["against"],
            "abstain": acknowledged["abstain"]
        });
        assert_eq!(result["tally"], expected, "{result}");
        assert_eq!(result["counts"], expected, "{result}");
        assert_eq!(result["outcome"], "adopted");
        let (status, problem) = vote(&tickets[29], "for", None).api().await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("vote_not_open")), "{problem}");
        assert!(problem["title"].as_str().unwrap().contains("moción 1 "), "{problem}");
    });
    // The vote box's thread is joined when its last handle goes, outside the runtime.
    drop(app);
}
