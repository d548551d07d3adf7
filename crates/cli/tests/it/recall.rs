//! Recall (revocatoria) of leaders by the base, through the JSON API and the pages, on both
//! backends: a sindicato recalls one of its own officers by its statute's recall rule (adopted,
//! and rejected); the sindicatos below a federation recall one of its officers when a third of
//! them adopt a recall resolution within the window (and the recall fails when the window closes
//! short of it); every refusal leaves the database as it was, row for row.

use axum::http::StatusCode;
use cabildo_domain::access::Role;
use cabildo_domain::{BodyKind, Date, NewOffice, PersonData, PersonName};
use cabildo_services::registry;
use serde_json::{Value, json};

use crate::support::{Db, NOW, TestApp, on_both_backends, op, today};

on_both_backends!(
    a_sindicato_recalls_its_own_officer_by_its_statute_rule,
    a_third_of_the_bases_recall_a_federation_officer,
    a_recall_by_the_bases_fails_when_its_window_closes,
    recalls_out_of_place_are_refused_and_nothing_changes,
);

/// The federation the tests recall from: two centrales of three sindicatos each (three families
/// each); and a sindicato of six families, in another federation, whose own officers are
/// recalled.
const FED: &str = "FR";
const BASES: [&str; 6] = ["FR-C1-S1", "FR-C1-S2", "FR-C1-S3", "FR-C2-S1", "FR-C2-S2", "FR-C2-S3"];
const OWN: &str = "F1-C01-S98";

fn app(db: &Db) -> TestApp {
    let mut b = TestApp::demo(db)
        .families(200)
        .with_body("TROPICO", BodyKind::Federacion, FED, "Federación Revocatoria")
        .with_body(FED, BodyKind::Central, "FR-C1", "Central Uno")
        .with_body(FED, BodyKind::Central, "FR-C2", "Central Dos");
    for code in BASES {
        b = b.with_sindicato(&code[..5], code, &format!("Sindicato {code}"), 3);
    }
    // A leader of one base only: sees a recall while it is under way, not once it is decided
    // without that base.
    b.with_sindicato("F1-C01", OWN, "Sindicato Propio", 6).with_user("base6", Role::Dirigente, BASES[5]).build()
}

/// An officer of `body` from 2020 on: the office's id.
fn officer(app: &TestApp, body: &str, title: &str, given: &str) -> i64 {
    let person =
        PersonData { name: PersonName::new(given, "Quispe", "Revocado").unwrap(), id_number: None, phone: None };
    let term = NewOffice::new(title, Date::from_ymd_opt(2020, 1, 1).unwrap(), None).unwrap();
    registry::add_office(&app.state.store, &op(), body, &person, &term).unwrap().id.0
}

/// Runs a raw read of the database off the app's runtime (the PostgreSQL client is synchronous
/// and starts a runtime of its own).
fn sync<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| s.spawn(f).join().unwrap())
}

/// The office as stored: (ended_on, end_reason).
fn office_end(db: &Db, office: i64) -> (Option<String>, Option<String>) {
    sync(|| office_end_now(db, office))
}

fn office_end_now(db: &Db, office: i64) -> (Option<String>, Option<String>) {
    let ended = db.raw_texts(&format!("SELECT COALESCE(CAST(ended_on AS TEXT), '-') FROM offices WHERE id = {office}"));
    let reason = db.raw_texts(&format!("SELECT COALESCE(end_reason, '-') FROM offices WHERE id = {office}"));
    let some = |v: &str| (v != "-").then(|| v.to_string());
    (some(&ended[0]), some(&reason[0]))
}

/// An assembly of `body` in session with every family present: its id.
async fn assembly_in_session(app: &TestApp, body: &str) -> i64 {
    let convocatoria = json!({
        "kind": "extraordinaria",
        "title": format!("Asamblea de {body}"),
        "scheduled_for": format!("{}T09:00", today()),
        "place": "Sede",
        "agenda": ["Revocatoria"]
    });
    let path = format!("/api/v1/bodies/{}/assemblies", app.body(body));
    let a = app.api_ok("POST", &path, "admin", Some(convocatoria), StatusCode::CREATED).await["id"].as_i64().unwrap();
    let door =
        app.api_ok("GET", &format!("/api/v1/assemblies/{a}/attendance?limit=100"), "admin", None, StatusCode::OK).await;
    for line in door["lines"].as_array().unwrap() {
        let who = if line["household_id"].is_i64() {
            json!({"household_id": line["household_id"]})
        } else {
            json!({"person_id": line["person_id"]})
        };
        app.api_ok("POST", &format!("/api/v1/assemblies/{a}/attendance"), "admin", Some(who), StatusCode::OK).await;
    }
    app.api_ok("POST", &format!("/api/v1/assemblies/{a}/open"), "admin", None, StatusCode::OK).await;
    a
}

fn recall_motion(office: i64, recall: Option<i64>) -> Value {
    let mut m = json!({
        "office_id": office,
        "title": "Revocatoria del dirigente",
        "text": "Por no rendir cuentas a las bases.",
        "proposer": "Socio 1 Mamani"
    });
    if let Some(r) = recall {
        m["recall_id"] = json!(r);
    }
    m
}

/// Moves a recall in a new assembly of `body`, votes it by show of hands (opened asking for a
/// simple majority: the statute's recall rule is what counts) and closes the vote.
async fn vote_recall(app: &TestApp, body: &str, office: i64, counts: Value) -> (i64, Value) {
    let a = assembly_in_session(app, body).await;
    let path = format!("/api/v1/assemblies/{a}/recalls");
    let moved = app.api_ok("POST", &path, "admin", Some(recall_motion(office, None)), StatusCode::CREATED).await;
    let m = moved["id"].as_i64().unwrap();
    app.show_of_hands(m, "admin", Some("majority"), counts).await;
    let closed = app.api_ok("POST", &format!("/api/v1/motions/{m}/close"), "admin", None, StatusCode::OK).await;
    (a, closed)
}

async fn set_statute(app: &TestApp, body: &str, change: Value) -> Value {
    let mut statute = json!({"quorum": "half_plus_one", "signers": ["Secretario de Actas"]});
    for (k, v) in change.as_object().unwrap() {
        statute[k] = v.clone();
    }
    let path = format!("/api/v1/bodies/{}/statute", app.body(body));
    app.api_ok("PUT", &path, "admin", Some(statute), StatusCode::OK).await;
    app.api_ok("GET", &path, "admin", None, StatusCode::OK).await
}

fn audit_count(db: &Db, action: &str) -> i64 {
    sync(|| db.raw_count_where("audit_events", &format!("action = '{action}'")))
}

fn a_sindicato_recalls_its_own_officer_by_its_statute_rule(db: &Db) {
    let app = app(db);
    let treasurer = officer(&app, OWN, "Secretario de Hacienda", "Rosa");
    let delegate = officer(&app, OWN, "Delegado", "Mario");
    app.block_on(async {
        // The default statute recalls by two thirds, and says so in words.
        let statute = app.get(&format!("/bodies/{}/statute", app.body(OWN)), "admin").await;
        assert!(statute.body.contains("id=\"recall-rule\">Dos tercios<"), "{}", statute.body);
        // The form offers the sindicato's own current offices.
        let a = assembly_in_session(&app, OWN).await;
        let form = app.get(&format!("/assemblies/{a}/recall"), "admin").await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.body.contains(&format!("value=\"{treasurer}\"")), "{}", form.body);
        assert!(form.body.contains("Rosa Quispe Revocado"), "{}", form.body);

        // 3 for, 2 against, 1 abstains: a simple majority, not two thirds of the votes cast.
        let (a, closed) = vote_recall(&app, OWN, delegate, json!({"for": 3, "against": 2, "abstain": 1})).await;
        assert_eq!(closed["outcome"], "rejected", "{closed}");
        // The motion's page says what it recalls and by which rule it is voted.
        let page = app.get(&format!("/assemblies/{a}/motions/{}", closed["motion"]["id"]), "admin").await;
        assert!(page.body.contains("id=\"recall-note\"") && page.body.contains("(Dos tercios)"), "{}", page.body);
        assert_eq!(closed["motion"]["rule"], "two_thirds", "the statute's recall rule: {closed}");
        assert_eq!(office_end(db, delegate), (None, None), "rejected: nothing changes but the record");

        // 4 for, 2 against: two thirds. The office ends at once, on the assembly's day.
        let (_, closed) = vote_recall(&app, OWN, treasurer, json!({"for": 4, "against": 2})).await;
        assert_eq!(closed["outcome"], "adopted", "{closed}");
        assert!(closed["resolution"].as_str().is_some_and(|r| r.ends_with("/2026")), "{closed}");
        assert_eq!(office_end(db, treasurer), (Some(today().to_string()), Some("recall".into())));
        assert_eq!(audit_count(db, "recall.recalled"), 1);
        // The history keeps the office, ended with its reason.
        let page = app.get(&format!("/bodies/{}", app.body(OWN)), "admin").await;
        assert!(!page.body.contains("Rosa Quispe Revocado</span>"), "no longer in the directiva");
    });
}

fn a_third_of_the_bases_recall_a_federation_officer(db: &Db) {
    let app = app(db);
    let general = officer(&app, FED, "Secretario General", "Juana");
    app.block_on(async {
        let statute = set_statute(&app, FED, json!({"recall_share": "un tercio", "recall_window_days": 30})).await;
        assert_eq!(statute["recall"], json!({"rule": "two_thirds", "share": "1/3", "window_days": 30}));
        let page = app.get(&format!("/bodies/{}/statute", app.body(FED)), "admin").await;
        assert!(page.body.contains("1 de cada 3 sindicatos de abajo, en 30 días"), "{}", page.body);

        // The first base's resolution opens the recall: 1 of the 2 needed of 6 bases.
        let (_, closed) = vote_recall(&app, BASES[0], general, json!({"for": 3})).await;
        assert_eq!(closed["outcome"], "adopted", "{closed}");
        let list = app
            .api_ok("GET", &format!("/api/v1/bodies/{}/recalls", app.body(FED)), "admin", None, StatusCode::OK)
            .await;
        let recall = list["recalls"][0]["id"].as_i64().unwrap();
        let doc = app.api_ok("GET", &format!("/api/v1/recalls/{recall}"), "admin", None, StatusCode::OK).await;
        assert_eq!(
            (doc["status"].as_str(), doc["bases"].as_u64(), doc["needed"].as_u64()),
            (Some("under_way"), Some(6), Some(2)),
            "{doc}"
        );
        assert_eq!(doc["share"], "1/3");
        assert_eq!(doc["closes_on"], (today() + chrono::Days::new(30)).to_string());
        assert_eq!(doc["missing"].as_array().map(Vec::len), Some(5));
        assert_eq!(office_end(db, general), (None, None));

        // Every base below sees it under way: its page, its list, the recall's page.
        let other = app.body(BASES[4]);
        let page = app.get(&format!("/bodies/{other}"), "admin").await;
        assert!(
            page.body.contains("id=\"recalls-under-way\"") && page.body.contains("Juana Quispe Revocado"),
            "{}",
            page.body
        );
        let bases_list =
            app.api_ok("GET", &format!("/api/v1/bodies/{other}/recalls"), "admin", None, StatusCode::OK).await;
        assert_eq!(
            (bases_list["recalls"][0]["base_here"].as_bool(), bases_list["recalls"][0]["counted_here"].as_bool()),
            (Some(true), Some(false))
        );
        let page = app.get(&format!("/recalls/{recall}"), "admin").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("En curso"), "{}", page.body);
        let (status, _) = app.api("GET", &format!("/api/v1/recalls/{recall}"), "base6", None).await;
        assert_eq!(status, StatusCode::OK, "every base sees it while it is under way");
        // Someone of another federation does not see it.
        let (status, _) = app.api("GET", &format!("/api/v1/recalls/{recall}"), "dirigente", None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        // The form of another base offers the office with the recall under way.
        let a = assembly_in_session(&app, BASES[4]).await;
        let form = app.get(&format!("/assemblies/{a}/recall"), "admin").await;
        assert!(form.body.contains(&format!("value=\"{general}\"")) && form.body.contains("en curso"), "{}", form.body);

        // A second base of the other central, by its own vote: the share is reached.
        let (a, closed) = vote_recall(&app, BASES[3], general, json!({"for": 2, "against": 1})).await;
        let page = app.get(&format!("/assemblies/{a}/motions/{}", closed["motion"]["id"]), "admin").await;
        assert!(page.body.contains(&format!("href=\"/recalls/{recall}\"")), "{}", page.body);
        assert_eq!(closed["outcome"], "adopted", "{closed}");
        assert_eq!(office_end(db, general), (Some(today().to_string()), Some("recall".into())));
        let doc = app.api_ok("GET", &format!("/api/v1/recalls/{recall}"), "admin", None, StatusCode::OK).await;
        assert_eq!(doc["status"], "recalled", "{doc}");
        assert_eq!(doc["decided_on"], today().to_string());
        assert_eq!(doc["office"]["end_reason"], "recall");
        let (status, _) = app.api("GET", &format!("/api/v1/recalls/{recall}"), "base6", None).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "decided, it is for the body, those above and the bases that took part"
        );
        let bases: Vec<&str> =
            doc["adopted"].as_array().unwrap().iter().map(|r| r["base"]["code"].as_str().unwrap()).collect();
        assert_eq!(bases, [BASES[0], BASES[3]]);
        // Each with the resolution its assembly adopted.
        assert!(doc["adopted"].as_array().unwrap().iter().all(|r| r["number"].as_str().unwrap().ends_with("/2026")));
        // The body is told: its history and its feed.
        assert_eq!(
            (audit_count(db, "recall.open"), audit_count(db, "recall.count"), audit_count(db, "recall.recalled")),
            (1, 2, 1)
        );
        let fed = app.body(FED);
        let history = app.get(&format!("/bodies/{fed}/audit"), "admin").await;
        assert!(history.body.contains("fue revocado"), "{}", history.body);
        app.post_form(&format!("/bodies/{fed}/publish"), "admin", "published=1").await;
        let feed = app.get(&format!("/bodies/{FED}/assemblies.atom"), crate::support::Who::Anonymous).await;
        assert!(feed.body.contains("urn:cabildo:recall:") && feed.body.contains("Revocado"), "{}", feed.body);
    });
}

fn a_recall_by_the_bases_fails_when_its_window_closes(db: &Db) {
    let app = app(db);
    let general = officer(&app, FED, "Secretario General", "Juana");
    app.block_on(async {
        set_statute(&app, FED, json!({"recall_share": "1/2", "recall_window_days": 10})).await;
        vote_recall(&app, BASES[0], general, json!({"for": 3})).await;
        let list = app
            .api_ok("GET", &format!("/api/v1/bodies/{}/recalls", app.body(FED)), "admin", None, StatusCode::OK)
            .await;
        let recall = list["recalls"][0]["id"].as_i64().unwrap();
        assert_eq!(list["recalls"][0]["status"], "under_way");
        // A base puts it on its agenda while it is under way.
        let a = assembly_in_session(&app, BASES[1]).await;
        let moved = app
            .api_ok(
                "POST",
                &format!("/api/v1/assemblies/{a}/recalls"),
                "admin",
                Some(recall_motion(general, Some(recall))),
                StatusCode::CREATED,
            )
            .await;
        assert!(moved["id"].is_i64());

        // Eleven days later the window has closed with 1 of the 3 needed: the recall failed, as
        // any reader computes it — no job ran.
        let later = today() + chrono::Days::new(11);
        app.set_clock(NOW + 11 * 86_400, later);
        let doc = app.api_ok("GET", &format!("/api/v1/recalls/{recall}"), "admin", None, StatusCode::OK).await;
        assert_eq!((doc["status"].as_str(), doc["needed"].as_u64()), (Some("failed"), Some(3)), "{doc}");
        assert_eq!(doc["decided_on"], (today() + chrono::Days::new(11)).to_string());
        assert_eq!(office_end(db, general), (None, None), "the officer stays");
        // (Sessions have expired by then: the page is read with the account's token.)
        let page = app.request("GET", &format!("/recalls/{recall}")).token("admin").send().await;
        assert!(page.body.contains("Fracasó"), "{}", page.body);
        // The motion moved in time, voted after the window: its close is refused, nothing counts.
        let m = moved["id"].as_i64().unwrap();
        app.show_of_hands(m, "admin", Some("majority"), json!({"for": 3})).await;
        let before = sync(|| db.raw_tables());
        let (status, problem) = app.api("POST", &format!("/api/v1/motions/{m}/close"), "admin", None).await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (StatusCode::CONFLICT, Some("recall_window_closed")),
            "{problem}"
        );
        assert_eq!(sync(|| db.raw_tables()), before);
        // The next base's motion without naming a recall opens a new one; the failure of the
        // first is then on the record.
        let (_, closed) = vote_recall(&app, BASES[2], general, json!({"for": 3})).await;
        assert_eq!(closed["outcome"], "adopted");
        assert_eq!(audit_count(db, "recall.failed"), 1);
        assert_eq!(sync(|| db.raw_count_where("recalls", "outcome = 'failed'")), 1);
        assert_eq!(sync(|| db.raw_count("recalls")), 2);
    });
}

/// Sends a write that must be refused with `status` and `code`; checks the message and that the
/// database did not change.
async fn refused(app: &TestApp, db: &Db, who: &str, path: &str, body: Value, status: StatusCode, code: &str) -> Value {
    let before = sync(|| db.raw_tables());
    let (got, problem) = app.api("POST", path, who, Some(&body)).await;
    assert_eq!((got, problem["code"].as_str()), (status, Some(code)), "{path}: {problem}");
    let title = problem["title"].as_str().unwrap_or_default();
    assert!(!title.is_empty() && title != code, "{code} has no message: {problem}");
    let after = sync(|| db.raw_tables());
    let changed: Vec<&String> = after.keys().filter(|t| after.get(*t) != before.get(*t)).collect();
    assert!(changed.is_empty(), "{path} was refused ({code}) but changed {changed:?}");
    problem
}

fn recalls_out_of_place_are_refused_and_nothing_changes(db: &Db) {
    let app = app(db);
    let general = officer(&app, FED, "Secretario General", "Juana");
    let treasurer = officer(&app, OWN, "Secretario de Hacienda", "Rosa");
    app.block_on(async {
        // No share in the federation's statute: say what to set.
        let a = assembly_in_session(&app, BASES[0]).await;
        let path = format!("/api/v1/assemblies/{a}/recalls");
        let problem =
            refused(&app, db, "admin", &path, recall_motion(general, None), StatusCode::CONFLICT, "recall_no_share")
                .await;
        assert!(problem["title"].as_str().unwrap().contains("1/3"), "{problem}");
        set_statute(&app, FED, json!({"recall_share": "1/3", "recall_window_days": 5})).await;

        // No say: a central below (not a base), a sindicato of another federation, a sindicato
        // recalling a sister sindicato's officer.
        let central = assembly_in_session(&app, "FR-C1").await;
        let path_c = format!("/api/v1/assemblies/{central}/recalls");
        refused(&app, db, "admin", &path_c, recall_motion(general, None), StatusCode::CONFLICT, "recall_no_say").await;
        let foreign = assembly_in_session(&app, "F1-C01-S01").await;
        let path_f = format!("/api/v1/assemblies/{foreign}/recalls");
        let problem =
            refused(&app, db, "admin", &path_f, recall_motion(general, None), StatusCode::CONFLICT, "recall_no_say")
                .await;
        assert!(problem["title"].as_str().unwrap().contains("Federación Revocatoria"), "{problem}");
        refused(&app, db, "admin", &path, recall_motion(treasurer, None), StatusCode::CONFLICT, "recall_no_say").await;
        // An office or a recall that does not exist.
        refused(&app, db, "admin", &path, recall_motion(999_999, None), StatusCode::NOT_FOUND, "unknown_office").await;
        refused(
            &app,
            db,
            "admin",
            &path,
            recall_motion(general, Some(999_999)),
            StatusCode::NOT_FOUND,
            "unknown_recall",
        )
        .await;

        // The first base adopts; a second resolution of the same base in the same recall.
        let m = app.api_ok("POST", &path, "admin", Some(recall_motion(general, None)), StatusCode::CREATED).await["id"]
            .as_i64()
            .unwrap();
        app.show_of_hands(m, "admin", None, json!({"for": 3})).await;
        app.api_ok("POST", &format!("/api/v1/motions/{m}/close"), "admin", None, StatusCode::OK).await;
        let problem = refused(
            &app,
            db,
            "admin",
            &path,
            recall_motion(general, None),
            StatusCode::CONFLICT,
            "recall_already_counted",
        )
        .await;
        assert!(problem["title"].as_str().unwrap().contains("Sindicato FR-C1-S1"), "{problem}");
        let recall = sync(|| db.raw_texts("SELECT CAST(id AS TEXT) FROM recalls"))[0].parse::<i64>().unwrap();

        // The window closes: naming that recall is refused.
        app.set_clock(NOW + 6 * 86_400, today() + chrono::Days::new(6));
        let other = assembly_in_session(&app, BASES[1]).await;
        let path_o = format!("/api/v1/assemblies/{other}/recalls");
        let problem = refused(
            &app,
            db,
            "admin",
            &path_o,
            recall_motion(general, Some(recall)),
            StatusCode::CONFLICT,
            "recall_window_closed",
        )
        .await;
        assert!(
            problem["title"]
                .as_str()
                .unwrap()
                .contains(&(today() + chrono::Days::new(5)).format("%d/%m/%Y").to_string()),
            "{problem}"
        );
        app.set_clock(NOW, today());

        // An office already ended: the sindicato's own treasurer recalled, then recalled again.
        vote_recall(&app, OWN, treasurer, json!({"for": 6})).await;
        let own = assembly_in_session(&app, OWN).await;
        let path_own = format!("/api/v1/assemblies/{own}/recalls");
        refused(
            &app,
            db,
            "admin",
            &path_own,
            recall_motion(treasurer, None),
            StatusCode::CONFLICT,
            "recall_office_ended",
        )
        .await;

        // Moving a recall needs the right to run the assembly.
        let (status, _) = app.api("POST", &path_own, "observador", Some(&recall_motion(treasurer, None))).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        // A bad share in a statute is refused under its field.
        let (status, problem) = app
            .api(
                "PUT",
                &format!("/api/v1/bodies/{}/statute", app.body(FED)),
                "admin",
                Some(&json!({"quorum": "half_plus_one", "signers": ["Secretario de Actas"], "recall_share": "0,33"})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert!(problem.to_string().contains("recall_share"), "{problem}");
    });
}

/// The command line sets and shows what a statute says of recalls, in the user's language; a share
/// that is not a fraction is refused.
#[test]
fn the_command_line_sets_the_recall_terms_of_a_statute() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cabildo.db");
    let db = db.to_str().unwrap();
    let run = |lang: &str, args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_cabildo"))
            .args(["--db", db, "--lang", lang])
            .args(args)
            .env_remove("DATABASE_URL")
            .output()
            .unwrap()
    };
    assert!(
        run("es", &["body", "add", "--kind", "federacion", "--name", "Federación Uno", "--code", "F1"])
            .status
            .success()
    );
    let set = [
        "statute",
        "set",
        "--body",
        "F1",
        "--quorum",
        "half_plus_one",
        "--fine",
        "0",
        "--signers",
        "Secretario de Actas",
    ];
    let out = run("es", &set);
    assert!(String::from_utf8_lossy(&out.stdout).contains("no fijada (fíjela con --recall-share 1/3)"), "{out:?}");
    let out = run("en", &[&set[..], &["--recall-share", "un tercio", "--recall-window", "45"]].concat());
    assert!(out.status.success(), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("by the bases, 1/3 of its sindicatos within 45 days"),
        "{out:?}"
    );
    let out = run("es", &["statute", "show", "F1"]);
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("en su asamblea por dos tercios; por las bases, 1/3 de sus sindicatos en 45 días"),
        "{out:?}"
    );
    let out = run("es", &[&set[..], &["--recall-share", "0,33"]].concat());
    assert!(!out.status.success(), "{out:?}");
}
