//! Delegates, seats and credentials (issue 14), through the JSON API on both backends: a
//! federation's congress declares seats by members; every sindicato elects its delegates (and an
//! alternate) in its own assembly, whose elections issue credentials; the congress's door admits
//! only valid credentials — a forged code, a mistyped one, a used one, one of another congress, an
//! alternate while the holder is in, and the holder once the alternate took the seat are refused —
//! and writes the delegation's body as the body each delegate represents. A council of 15
//! organisations with one observer: the observer's delegate is admitted but their vote refused;
//! an affiliation that ends takes its seats and credentials with it. Attacks: ids from outside
//! the actor's subtree, a second credential for a seat, guessed codes, replays. And the scene
//! end to end: delegates in by credential, each held to the mandate its own assembly gave.

use axum::http::StatusCode;
use cabildo_domain::access::Role;
use cabildo_domain::delegates::{SeatRole, credential_code};
use cabildo_domain::{AffiliationKind, BodyKind};
use cabildo_services::registry;
use serde_json::{Value, json};

use crate::support::{Db, TestApp, on_both_backends, op, today};

on_both_backends!(
    a_federation_congress_admits_only_valid_credentials,
    a_council_refuses_its_observers_vote_and_ends_seats_with_their_affiliation,
    delegates_outside_the_actors_subtree_are_not_found,
    a_congress_by_credential_holds_each_delegation_to_its_mandate,
    the_statute_weighting_is_set_on_the_delegations_page,
);

const FED: &str = "FD";
/// Sindicatos of the federation, with their families: 3 families give 2 seats at one per 2.
const SINDICATOS: [(&str, u32); 3] = [("FD-S1", 3), ("FD-S2", 2), ("FD-S3", 1)];

fn federation(db: &Db) -> TestApp {
    let mut b = TestApp::demo(db).families(200).with_body("TROPICO", BodyKind::Federacion, FED, "Federación Delegada");
    for (code, families) in SINDICATOS {
        b = b.with_sindicato(FED, code, &format!("Sindicato {code}"), families);
    }
    b.with_user("fedleader", Role::Dirigente, FED).with_user("sindleader", Role::Dirigente, "FD-S2").build()
}

/// Convenes an assembly of `body` of `kind` for today: its id.
async fn convene(app: &TestApp, who: &str, body: &str, kind: &str, title: &str) -> i64 {
    let convocatoria = json!({
        "kind": kind,
        "title": title,
        "scheduled_for": format!("{}T09:00", today()),
        "place": "Sede",
        "agenda": ["Delegados"]
    });
    let path = format!("/api/v1/bodies/{}/assemblies", app.body(body));
    app.api_ok("POST", &path, who, Some(convocatoria), StatusCode::CREATED).await["id"].as_i64().unwrap()
}

/// An assembly of `body` in session with every family present: its id and those present.
async fn base_assembly(app: &TestApp, body: &str) -> (i64, Vec<i64>) {
    let a = convene(app, "admin", body, "ordinaria", &format!("Asamblea de {body}")).await;
    let door =
        app.api_ok("GET", &format!("/api/v1/assemblies/{a}/attendance?limit=100"), "admin", None, StatusCode::OK).await;
    let mut people = Vec::new();
    for line in door["lines"].as_array().unwrap() {
        let who = json!({"household_id": line["household_id"]});
        app.api_ok("POST", &format!("/api/v1/assemblies/{a}/attendance"), "admin", Some(who), StatusCode::OK).await;
        people.push(line["person_id"].as_i64().unwrap());
    }
    app.api_ok("POST", &format!("/api/v1/assemblies/{a}/open"), "admin", None, StatusCode::OK).await;
    (a, people)
}

/// Elects `winner` to a seat of a delegation in assembly `a` (a show of hands, all for the
/// winner): the motion's id and the close's answer.
async fn elect(
    app: &TestApp,
    delegation: i64,
    a: i64,
    seat: u32,
    role: &str,
    candidates: &[i64],
    winner: i64,
) -> Value {
    let form = json!({"assembly_id": a, "seat": seat, "role": role, "rule": "plurality",
        "candidates": candidates, "title": format!("Delegado, asiento {seat}")});
    let path = format!("/api/v1/delegations/{delegation}/elections");
    let m = app.api_ok("POST", &path, "admin", Some(form), StatusCode::CREATED).await["motion_id"].as_i64().unwrap();
    let opening = json!({"method": "show_of_hands", "rule": "majority"});
    app.api_ok("POST", &format!("/api/v1/motions/{m}/vote"), "admin", Some(opening), StatusCode::OK).await;
    let view = app.api_ok("GET", &format!("/api/v1/assemblies/{a}"), "admin", None, StatusCode::OK).await;
    let motion = view["motions"].as_array().unwrap().iter().find(|x| x["id"] == m).unwrap().clone();
    let option = motion["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["person_id"] == winner)
        .map(|c| c["option"].as_str().unwrap().to_string())
        .unwrap();
    let counts = json!({"counts": {option: 1}});
    app.api_ok("PUT", &format!("/api/v1/motions/{m}/hands"), "admin", Some(counts), StatusCode::OK).await;
    app.api_ok("POST", &format!("/api/v1/motions/{m}/close"), "admin", None, StatusCode::OK).await
}

async fn admit(app: &TestApp, congress: i64, code: &str) -> (StatusCode, Value) {
    app.api("POST", &format!("/api/v1/assemblies/{congress}/attendance"), "admin", Some(&json!({"card_code": code})))
        .await
}

fn refused(answer: &(StatusCode, Value), code: &str) {
    assert_eq!(answer.0, StatusCode::CONFLICT, "{}", answer.1);
    assert_eq!(answer.1["code"], code, "{}", answer.1);
}

/// Puts a motion to a roll call at the congress (majority of votes cast) and records each
/// delegate's answer: the motion's id, still open.
async fn roll_call(app: &TestApp, congress: i64, title: &str, votes: &[(i64, &str)]) -> i64 {
    let motion = json!({"title": title, "text": format!("{title}."), "proposer": "Presidencia"});
    let path = format!("/api/v1/assemblies/{congress}/motions");
    let m = app.api_ok("POST", &path, "admin", Some(motion), StatusCode::CREATED).await["id"].as_i64().unwrap();
    let opening = json!({"method": "roll_call", "rule": "majority"});
    app.api_ok("POST", &format!("/api/v1/motions/{m}/vote"), "admin", Some(opening), StatusCode::OK).await;
    for (person, option) in votes {
        let vote = json!({"person_id": person, "option": option});
        app.api_ok("POST", &format!("/api/v1/motions/{m}/roll-call"), "admin", Some(vote), StatusCode::OK).await;
    }
    m
}

fn delegation_of(seats: &Value, body_code: &str) -> i64 {
    seats["delegations"].as_array().unwrap().iter().find(|d| d["body_code"] == body_code).unwrap()["id"]
        .as_i64()
        .unwrap()
}

/// Runs a raw read of the database off the app's runtime.
fn sync<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| s.spawn(f).join().unwrap())
}

fn a_federation_congress_admits_only_valid_credentials(db: &Db) {
    let app = federation(db);
    let congress = app.block_on(async {
        let congress = convene(&app, "fedleader", FED, "congreso", "Congreso Ordinario").await;
        // Without seats, nobody is entitled: the officers no longer stand in as delegates.
        let door = app
            .api_ok("GET", &format!("/api/v1/assemblies/{congress}/attendance"), "admin", None, StatusCode::OK)
            .await;
        assert_eq!(door["lines"].as_array().unwrap().len(), 0, "{door}");
        // The federation's statute weighs each delegation by the members it represents.
        let fd = app.body(FED);
        let weigh = json!({"weigh_by_members": true});
        let path = format!("/api/v1/bodies/{fd}/statute/delegates");
        let (status, first) = app.api("PUT", &path, "admin", Some(&weigh)).await;
        assert_eq!((status, first["code"].as_str()), (StatusCode::CONFLICT, Some("delegates_statute_first")));
        let statute = json!({"quorum": "half_plus_one", "signers": ["Secretario de Actas"]});
        app.api_ok("PUT", &format!("/api/v1/bodies/{fd}/statute"), "admin", Some(statute), StatusCode::OK).await;
        app.api_ok("PUT", &path, "admin", Some(weigh), StatusCode::OK).await;
        assert_eq!(app.api_ok("GET", &path, "admin", None, StatusCode::OK).await["weigh_by_members"], true);
        // Seats by members: one per 2 families or fraction, with alternates.
        let plan = json!({"rule": "per_members", "number": 2, "alternates": true});
        let path = format!("/api/v1/assemblies/{congress}/seats");
        let seats = app.api_ok("POST", &path, "fedleader", Some(plan.clone()), StatusCode::CREATED).await;
        let by_code: Vec<(String, u64, u64)> = seats["delegations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["body_code"].as_str().unwrap().to_string(),
                    d["members"].as_u64().unwrap(),
                    d["seats"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(by_code, vec![("FD-S1".into(), 3, 2), ("FD-S2".into(), 2, 1), ("FD-S3".into(), 1, 1)], "{seats}");
        assert_eq!(seats["voting_seats"], 4);
        // Declared once.
        refused(&app.api("POST", &path, "fedleader", Some(&plan)).await, "seats_already_declared");
        // A bad rule is named with its field.
        let (status, bad) = app
            .api(
                "POST",
                &format!("/api/v1/assemblies/{congress}/seats"),
                "fedleader",
                Some(&json!({"rule": "lottery", "number": 0})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");

        // Every sindicato elects its delegates in its own assembly.
        let mut holders = Vec::new();
        let mut alternate = None;
        for (code, _) in SINDICATOS {
            let d = delegation_of(&seats, code);
            let (a, people) = base_assembly(&app, code).await;
            let seats_here = if code == "FD-S1" { 2 } else { 1 };
            for seat in 1..=seats_here {
                let winner = people[seat as usize - 1];
                let closed = elect(&app, d, a, seat, "holder", &people, winner).await;
                assert_eq!(closed["motion"]["outcome"], "elected", "{closed}");
                holders.push((code, d, seat, winner));
            }
            if code == "FD-S2" {
                // FD-S2's alternate for its one seat.
                elect(&app, d, a, 1, "alternate", &people, people[1]).await;
                alternate = Some((d, people[1]));
                // A second credential for one seat is refused, before any vote.
                let form = json!({"assembly_id": a, "seat": 1, "role": "holder", "rule": "plurality",
                    "candidates": people, "title": "Otra vez"});
                let again = app.api("POST", &format!("/api/v1/delegations/{d}/elections"), "admin", Some(&form)).await;
                refused(&again, "second_credential");
                // No seat 2 in a delegation of one.
                let form = json!({"assembly_id": a, "seat": 2, "role": "holder", "rule": "plurality",
                    "candidates": people, "title": "Asiento 2"});
                let none = app.api("POST", &format!("/api/v1/delegations/{d}/elections"), "admin", Some(&form)).await;
                refused(&none, "no_such_seat");
                // Another sindicato's delegation cannot be elected in this assembly.
                let other = delegation_of(&seats, "FD-S1");
                let form = json!({"assembly_id": a, "seat": 1, "role": "alternate", "rule": "plurality",
                    "candidates": people, "title": "Ajena"});
                let foreign =
                    app.api("POST", &format!("/api/v1/delegations/{other}/elections"), "admin", Some(&form)).await;
                refused(&foreign, "delegation_not_of_body");
            }
        }
        // Each delegation lists its credentials; the codes are on the credentials' list.
        let mut issued = 0;
        for (code, _) in SINDICATOS {
            let d = delegation_of(&seats, code);
            let seen = app.api_ok("GET", &format!("/api/v1/delegations/{d}"), "fedleader", None, StatusCode::OK).await;
            issued += seen["credentials"].as_array().unwrap().len();
        }
        assert_eq!(issued, 5);

        let code_of = |list: &Value, person: i64, role: &str| -> String {
            list["credentials"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["person_id"] == person && c["role"] == role)
                .map(|c| c["code"].as_str().unwrap().to_string())
                .unwrap()
        };
        let list_of = |d: i64| {
            let app = &app;
            async move {
                app.api_ok("GET", &format!("/api/v1/delegations/{d}/credentials"), "fedleader", None, StatusCode::OK)
                    .await
            }
        };
        let (_, d1, _, first) = holders[0];
        let first_code = code_of(&list_of(d1).await, first, "holder");

        // The door admits a valid credential once.
        let (status, ok) = admit(&app, congress, &first_code).await;
        assert_eq!(status, StatusCode::OK, "{ok}");
        refused(&admit(&app, congress, &first_code).await, "credential_used");
        // Typed in lower case with spaces, still the same used code.
        refused(&admit(&app, congress, &first_code.to_lowercase().replace('-', " ")).await, "credential_used");
        // A forged code with a good check character: unknown. A typo: not a code at all.
        let forged = credential_code(b"a guess", 1, 1, SeatRole::Holder);
        refused(&admit(&app, congress, &forged).await, "unknown_credential");
        let mut typo = first_code.clone();
        let last = typo.pop().unwrap();
        typo.push(if last == 'A' { 'B' } else { 'A' });
        refused(&admit(&app, congress, &typo).await, "credential_malformed");
        // Nobody comes in without a credential, not even a delegate named by the door's list.
        let by_person = app
            .api(
                "POST",
                &format!("/api/v1/assemblies/{congress}/attendance"),
                "admin",
                Some(&json!({"person_id": holders[1].3})),
            )
            .await;
        refused(&by_person, "credential_required");

        // FD-S2: the alternate comes in while the holder is absent; then the holder is refused.
        let (d2, alt) = alternate.unwrap();
        let s2 = list_of(d2).await;
        let holder2 = holders.iter().find(|h| h.0 == "FD-S2").unwrap().3;
        let (status, ok) = admit(&app, congress, &code_of(&s2, alt, "alternate")).await;
        assert_eq!(status, StatusCode::OK, "{ok}");
        refused(&admit(&app, congress, &code_of(&s2, holder2, "holder")).await, "credential_alternate_seated");

        // FD-S1 seat 2's holder in; FD-S3's too.
        for (code, d, seat, person) in &holders[1..] {
            if *code == "FD-S2" {
                continue;
            }
            let (status, ok) = admit(&app, congress, &code_of(&list_of(*d).await, *person, "holder")).await;
            assert_eq!(status, StatusCode::OK, "{code} {seat}: {ok}");
        }

        // A code of this congress at another congress's door.
        let other = convene(&app, "fedleader", FED, "congreso", "Congreso Extraordinario").await;
        let plan = json!({"rule": "fixed", "number": 1});
        app.api_ok("POST", &format!("/api/v1/assemblies/{other}/seats"), "fedleader", Some(plan), StatusCode::CREATED)
            .await;
        refused(&admit(&app, other, &first_code).await, "credential_other_assembly");

        // Quorum counts delegates: 4 voting seats, 4 in.
        let counter = app
            .api_ok("GET", &format!("/api/v1/assemblies/{congress}/attendance"), "admin", None, StatusCode::OK)
            .await;
        assert_eq!((counter["present"].as_u64(), counter["eligible"].as_u64()), (Some(4), Some(4)), "{counter}");

        // A roll call, weighed by members: FD-S1's two delegates (3 members) and FD-S3's (1) for,
        // FD-S2's alternate (2 members) against.
        app.api_ok("POST", &format!("/api/v1/assemblies/{congress}/open"), "admin", None, StatusCode::OK).await;
        let mut votes: Vec<(i64, &str)> = holders.iter().filter(|h| h.0 != "FD-S2").map(|h| (h.3, "for")).collect();
        votes.push((alt, "against"));
        let m = roll_call(&app, congress, "Pliego", &votes).await;
        let view = app.api_ok("GET", &format!("/api/v1/assemblies/{congress}"), "admin", None, StatusCode::OK).await;
        let motion = view["motions"].as_array().unwrap().iter().find(|x| x["id"] == m).unwrap().clone();
        assert_eq!(motion["counts"], json!({"for": 3, "against": 1}), "{motion}");
        assert_eq!(motion["weighted"], json!({"for": 4, "against": 2}), "{motion}");
        let page = app.get(&format!("/assemblies/{congress}/motions/{m}"), "admin").await;
        assert!(page.body.contains("id=\"weighted\""), "{}", page.body);
        let closed = app.api_ok("POST", &format!("/api/v1/motions/{m}/close"), "admin", None, StatusCode::OK).await;
        assert_eq!(closed["outcome"], "adopted", "{closed}");

        // The weighing decides, not only shows: FD-S1's first delegate (half of 3 members) against,
        // FD-S3's (1 member) for, the others abstain. Counted, one each: a tie. Weighed, 1½ against
        // 1: rejected — on exact halves, not on members rounded.
        let by_seat = |code: &str, seat| holders.iter().find(|h| h.0 == code && h.2 == seat).unwrap().3;
        let votes = [
            (by_seat("FD-S1", 1), "against"),
            (by_seat("FD-S1", 2), "abstain"),
            (by_seat("FD-S3", 1), "for"),
            (alt, "abstain"),
        ];
        let m2 = roll_call(&app, congress, "Marcha", &votes).await;
        let closed = app.api_ok("POST", &format!("/api/v1/motions/{m2}/close"), "admin", None, StatusCode::OK).await;
        assert_eq!(closed["outcome"], "rejected", "{closed}");
        congress
    });
    // Each delegate is recorded as representing their sindicato.
    let represented = sync(|| {
        db.raw_texts(&format!(
            "SELECT b.code FROM attendance t JOIN bodies b ON b.id = t.represents_id WHERE t.assembly_id = {congress} \
             ORDER BY b.code"
        ))
    });
    assert_eq!(represented, vec!["FD-S1", "FD-S1", "FD-S2", "FD-S3"]);
    // A used code is used once, whatever the door: the database says so.
    let used = sync(|| db.raw_texts("SELECT CAST(COUNT(*) AS TEXT) FROM credentials WHERE used_at IS NOT NULL"));
    assert_eq!(used, vec!["4"]);
}

const COUNCIL: &str = "CD";

fn council(db: &Db) -> TestApp {
    let mut b = TestApp::demo(db)
        .families(200)
        .with_body("TROPICO", BodyKind::Consejo, COUNCIL, "Consejo Departamental")
        .with_body("TROPICO", BodyKind::Federacion, "FO", "Federación de Organizaciones");
    for i in 1..=15 {
        b = b.with_sindicato("FO", &format!("FO-S{i:02}"), &format!("Organización {i}"), 2);
    }
    b.build()
}

fn a_council_refuses_its_observers_vote_and_ends_seats_with_their_affiliation(db: &Db) {
    let app = council(db);
    // Fifteen organisations affiliated; the last one as an observer.
    let mut affiliations = Vec::new();
    for i in 1..=15 {
        let kind = if i == 15 { AffiliationKind::Observer } else { AffiliationKind::Full };
        let since = cabildo_domain::Date::from_ymd_opt(2025, 1, 1).unwrap();
        let a = registry::affiliate(&app.state.store, &op(), &format!("FO-S{i:02}"), COUNCIL, kind, since).unwrap();
        affiliations.push(a.id);
    }
    app.block_on(async {
        let congress = convene(&app, "admin", COUNCIL, "congreso", "Sesión del Consejo").await;
        let plan = json!({"rule": "fixed", "number": 1});
        let path = format!("/api/v1/assemblies/{congress}/seats");
        let seats = app.api_ok("POST", &path, "admin", Some(plan), StatusCode::CREATED).await;
        let delegations = seats["delegations"].as_array().unwrap();
        assert_eq!(delegations.len(), 15, "{seats}");
        assert_eq!(delegations.iter().filter(|d| d["observer"] == true).count(), 1);
        assert_eq!(seats["voting_seats"], 14);
        // Each organisation names its delegate in its own assembly.
        let mut codes = Vec::new();
        for i in 1..=15 {
            let code = format!("FO-S{i:02}");
            let d = delegation_of(&seats, &code);
            let (a, people) = base_assembly(&app, &code).await;
            elect(&app, d, a, 1, "holder", &people, people[0]).await;
            let list =
                app.api_ok("GET", &format!("/api/v1/delegations/{d}/credentials"), "admin", None, StatusCode::OK).await;
            codes.push((people[0], list["credentials"][0]["code"].as_str().unwrap().to_string()));
        }
        // Organisation 14's affiliation ends before the session: its credential ends with it.
        let ended = cabildo_domain::Date::from_ymd_opt(2026, 11, 20).unwrap();
        let gone = affiliations[13];
        app.state.run(move |s| registry::end_affiliation(s, &op(), gone, ended)).await.unwrap();
        refused(&admit(&app, congress, &codes[13].1).await, "credential_revoked");
        let seats = app.api_ok("GET", &path, "admin", None, StatusCode::OK).await;
        assert_eq!(seats["voting_seats"], 13, "{seats}");
        let d14 = seats["delegations"].as_array().unwrap().iter().find(|d| d["body_code"] == "FO-S14").unwrap().clone();
        assert_eq!(d14["ended_on"], "2026-11-20", "{d14}");

        // Everyone else comes in, the observer too.
        for (i, (_, code)) in codes.iter().enumerate() {
            if i == 13 {
                continue;
            }
            let (status, ok) = admit(&app, congress, code).await;
            assert_eq!(status, StatusCode::OK, "{ok}");
            if i == 14 {
                assert_eq!(ok["status"], "present", "{ok}");
            }
        }
        app.api_ok("POST", &format!("/api/v1/assemblies/{congress}/open"), "admin", None, StatusCode::OK).await;
        // The quorum's base is the voting seats still standing.
        let view = app.api_ok("GET", &format!("/api/v1/assemblies/{congress}"), "admin", None, StatusCode::OK).await;
        assert_eq!(view["eligible"], 13, "{view}");
        // A motion by roll call: the observer's vote is refused, the others recorded.
        let motion = json!({"title": "Pliego departamental", "text": "Aprobar el pliego.", "proposer": "Presidencia"});
        let m = app
            .api_ok(
                "POST",
                &format!("/api/v1/assemblies/{congress}/motions"),
                "admin",
                Some(motion),
                StatusCode::CREATED,
            )
            .await["id"]
            .as_i64()
            .unwrap();
        let opening = json!({"method": "roll_call", "rule": "majority"});
        let opened =
            app.api_ok("POST", &format!("/api/v1/motions/{m}/vote"), "admin", Some(opening), StatusCode::OK).await;
        // Thirteen voters: the observer is present but does not count as one.
        assert_eq!(opened["present"], 13, "{opened}");
        let vote = |person: i64| json!({"person_id": person, "option": "for"});
        let observer = codes[14].0;
        let (status, no) =
            app.api("POST", &format!("/api/v1/motions/{m}/roll-call"), "admin", Some(&vote(observer))).await;
        assert_eq!(status, StatusCode::CONFLICT, "{no}");
        assert_eq!(no["code"], "observer_cannot_vote");
        assert!(no["title"].as_str().unwrap().contains("observadora"), "{no}");
        for (person, _) in codes.iter().take(13) {
            app.api_ok("POST", &format!("/api/v1/motions/{m}/roll-call"), "admin", Some(vote(*person)), StatusCode::OK)
                .await;
        }
        let closed = app.api_ok("POST", &format!("/api/v1/motions/{m}/close"), "admin", None, StatusCode::OK).await;
        assert_eq!(closed["motion"]["outcome"], "adopted", "{closed}");
    });
}

fn delegates_outside_the_actors_subtree_are_not_found(db: &Db) {
    let app = federation(db);
    app.block_on(async {
        let congress = convene(&app, "fedleader", FED, "congreso", "Congreso").await;
        let plan = json!({"rule": "fixed", "number": 1});
        let seats = app
            .api_ok(
                "POST",
                &format!("/api/v1/assemblies/{congress}/seats"),
                "fedleader",
                Some(plan.clone()),
                StatusCode::CREATED,
            )
            .await;
        let d1 = delegation_of(&seats, "FD-S1");
        let d2 = delegation_of(&seats, "FD-S2");
        // The leader of F1 (another federation) knows nothing of these delegations.
        for path in [format!("/api/v1/delegations/{d1}"), format!("/api/v1/delegations/{d1}/credentials")] {
            let (status, answer) = app.api("GET", &path, "dirigente", None).await;
            assert_eq!((status, answer["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")), "{path}");
        }
        // FD-S2's leader sees its own delegation, not FD-S1's.
        app.api_ok("GET", &format!("/api/v1/delegations/{d2}"), "sindleader", None, StatusCode::OK).await;
        let (status, _) = app.api("GET", &format!("/api/v1/delegations/{d1}"), "sindleader", None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        // A delegation that does not exist.
        let (status, answer) = app.api("GET", "/api/v1/delegations/999999", "admin", None).await;
        assert_eq!((status, answer["code"].as_str()), (StatusCode::NOT_FOUND, Some("unknown_delegation")));
        // Nor may it declare the federation's seats or admit at its door.
        let (status, _) =
            app.api("POST", &format!("/api/v1/assemblies/{congress}/seats"), "sindleader", Some(&plan)).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = app
            .api(
                "POST",
                &format!("/api/v1/assemblies/{congress}/credentials"),
                "dirigente",
                Some(&json!({"code": "X"})),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        // Seats only for a congress or an ampliado.
        let ordinary = convene(&app, "fedleader", FED, "ordinaria", "Ordinaria").await;
        refused(
            &app.api("POST", &format!("/api/v1/assemblies/{ordinary}/seats"), "fedleader", Some(&plan)).await,
            "seats_not_for_kind",
        );
    });
}

/// Adopts a motion in a base assembly by a show of hands, all present for it.
async fn adopt(app: &TestApp, motion: i64, present: usize) {
    app.show_of_hands(motion, "admin", Some("majority"), json!({"for": present})).await;
    let closed = app.api_ok("POST", &format!("/api/v1/motions/{motion}/close"), "admin", None, StatusCode::OK).await;
    assert_eq!(closed["motion"]["outcome"], "adopted", "{closed}");
}

/// The scene end to end: a federation congress whose delegates were elected in their
/// sindicatos' assemblies and came in by credential; the same assemblies gave them mandates on the
/// congress's item (FD-S1 "for", FD-S2 "against"); both delegates vote for by roll call: FD-S1's
/// mandate is kept, FD-S2's broken, and FD-S2's mandates say so, naming the delegate.
fn a_congress_by_credential_holds_each_delegation_to_its_mandate(db: &Db) {
    let app = federation(db);
    app.block_on(async {
        let congress = convene(&app, "fedleader", FED, "congreso", "Congreso Ordinario").await;
        let plan = json!({"rule": "fixed", "number": 1});
        let seats = app
            .api_ok(
                "POST",
                &format!("/api/v1/assemblies/{congress}/seats"),
                "fedleader",
                Some(plan),
                StatusCode::CREATED,
            )
            .await;
        let mut delegates = Vec::new();
        for (code, position) in [("FD-S1", "for"), ("FD-S2", "against")] {
            let d = delegation_of(&seats, code);
            let (a, people) = base_assembly(&app, code).await;
            elect(&app, d, a, 1, "holder", &people, people[0]).await;
            // The same assembly mandates its delegate on the congress's first item.
            let mandate = json!({"assembly": congress, "item": 1, "position": position});
            let path = format!("/api/v1/assemblies/{a}/mandates");
            let motion = app.api_ok("POST", &path, "admin", Some(mandate), StatusCode::CREATED).await;
            adopt(&app, motion["motion"].as_i64().unwrap(), people.len()).await;
            let list = app
                .api_ok("GET", &format!("/api/v1/delegations/{d}/credentials"), "fedleader", None, StatusCode::OK)
                .await;
            let credential = list["credentials"].as_array().unwrap()[0].clone();
            assert_eq!(credential["person_id"], people[0], "{list}");
            let (status, admitted) = admit(&app, congress, credential["code"].as_str().unwrap()).await;
            assert_eq!(status, StatusCode::OK, "{admitted}");
            delegates.push((code, people[0]));
        }
        app.api_ok("POST", &format!("/api/v1/assemblies/{congress}/open"), "admin", None, StatusCode::OK).await;
        // The congress's motion, placed under item 1 and voted by roll call: both delegates for.
        let form = json!({"title": "Aprobar el informe", "text": "El congreso aprueba el informe.", "proposer": "FD"});
        let path = format!("/api/v1/assemblies/{congress}/motions");
        let m = app.api_ok("POST", &path, "admin", Some(form), StatusCode::CREATED).await["id"].as_i64().unwrap();
        let path = format!("/api/v1/assemblies/{congress}/motions/{m}/item");
        app.api_ok("POST", &path, "fedleader", Some(json!({"item": 1})), StatusCode::OK).await;
        let opening = json!({"method": "roll_call", "rule": "majority"});
        app.api_ok("POST", &format!("/api/v1/motions/{m}/vote"), "admin", Some(opening), StatusCode::OK).await;
        for (_, person) in &delegates {
            let vote = json!({"person_id": person, "option": "for"});
            app.api_ok("POST", &format!("/api/v1/motions/{m}/roll-call"), "admin", Some(vote), StatusCode::OK).await;
        }
        app.api_ok("POST", &format!("/api/v1/motions/{m}/close"), "admin", None, StatusCode::OK).await;

        for ((code, person), keeping) in delegates.iter().zip(["kept", "broken"]) {
            let path = format!("/api/v1/bodies/{}/mandates", app.body(code));
            let base = app.api_ok("GET", &path, "admin", None, StatusCode::OK).await;
            let mandates = base["mandates"].as_array().unwrap();
            assert_eq!(mandates.len(), 1, "{base}");
            let vote = &mandates[0]["votes"][0];
            assert_eq!(
                (vote["status"].as_str(), vote["keeping"].as_str()),
                (Some("compared"), Some(keeping)),
                "{base}"
            );
            assert_eq!(vote["delegates"][0]["person"], *person, "the delegate is named: {base}");
            assert_eq!(vote["delegates"][0]["keeping"], keeping, "{base}");
        }
    });
}

fn the_statute_weighting_is_set_on_the_delegations_page(db: &Db) {
    let app = federation(db);
    let fd = app.body(FED);
    let page = format!("/bodies/{fd}/delegations");
    let api = format!("/api/v1/bodies/{fd}/statute/delegates");
    app.block_on(async {
        // Without a statute, the page says what to do first, and offers no form.
        let before = app.get(&page, "fedleader").await;
        assert!(
            before.body.contains("id=\"weighting-none\"") && !before.body.contains("weighting-form"),
            "{}",
            before.body
        );
        let statute = json!({"quorum": "half_plus_one", "signers": ["Secretario de Actas"]});
        app.api_ok("PUT", &format!("/api/v1/bodies/{fd}/statute"), "admin", Some(statute), StatusCode::OK).await;
        let shown = app.get(&page, "fedleader").await;
        assert!(shown.body.contains("cuenta un voto por delegado") && shown.body.contains("id=\"weighting-form\""));
        let title = shown.body.split("<title>").nth(1).and_then(|t| t.split("</title>").next()).unwrap();
        assert!(title.starts_with("Delegaciones · Federación Delegada") && !title.contains('<'), "{title}");

        // The federation's leader weighs delegations from the page; the statute says so after.
        let set = app.post_form(&format!("/bodies/{fd}/weighting"), "fedleader", "weighted=1").await;
        assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.body);
        assert_eq!(app.api_ok("GET", &api, "admin", None, StatusCode::OK).await["weigh_by_members"], true);
        let shown = app.get(&page, "fedleader").await;
        assert!(shown.body.contains("pondera cada delegación por sus afiliados"), "{}", shown.body);

        // A value that is not one of the two, and a sindicato's leader on the federation's
        // statute: refused, and the statute unchanged.
        let bad = app.post_form(&format!("/bodies/{fd}/weighting"), "fedleader", "weighted=2").await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
        let foreign = app.post_form(&format!("/bodies/{fd}/weighting"), "sindleader", "weighted=0").await;
        assert_eq!(foreign.status, StatusCode::FORBIDDEN, "{}", foreign.body);
        assert_eq!(app.api_ok("GET", &api, "admin", None, StatusCode::OK).await["weigh_by_members"], true);

        // And back to one vote per delegate.
        app.post_form(&format!("/bodies/{fd}/weighting"), "fedleader", "weighted=0").await;
        assert_eq!(app.api_ok("GET", &api, "admin", None, StatusCode::OK).await["weigh_by_members"], false);
    });
}
