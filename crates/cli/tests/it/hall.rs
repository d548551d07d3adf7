//! The door and the vote as they happen in a hall, on both backends: the door's counter and who
//! is at it (never a household whose membership ended), the paper-ballot tally entered by the
//! secretary (refused above those present, replaced and never added by a recount), the sheet of
//! secret-ballot codes (printable until the first ballot, issued again only while nobody voted),
//! distinct messages for a mistyped and a used code, and closing a vote only once confirmed.
//! Then what an attacker tries: another body's motion, forged form tokens, negative and huge
//! counts.

use axum::http::StatusCode;
use cabildo_domain::HouseholdId;
use cabildo_domain::assembly::{AssemblyId, BallotOption, DecisionRule, MotionId, Outcome, VoteMethod};
use cabildo_services::assembly::{self, Attendee, BallotReceipt, MotionForm};
use cabildo_services::{ServiceError, acta};
use cabildo_store::Store;
use serde_json::json;

use crate::assembly::{convene, sindicato, statute};
use crate::support::{ASSEMBLY_SINDICATO, Db, TestApp, on_both_backends, op};

on_both_backends!(
    the_door_counts_those_present_and_leaves_out_ended_memberships,
    a_paper_ballot_tally_is_refused_above_those_present_and_replaced_by_a_recount,
    the_code_sheet_is_printable_until_the_first_ballot_and_codes_are_refused_distinctly,
    the_door_and_the_vote_through_the_pages_and_the_api,
);

/// The code of a refusal (its message id).
fn refused<T: std::fmt::Debug>(result: Result<T, ServiceError>) -> &'static str {
    match result {
        Ok(v) => panic!("expected a refusal, got {v:?}"),
        Err(e) => e.message().id,
    }
}

/// A sindicato of `n` families with a statute, an assembly convened on 2026-11-30, and its
/// households in register order.
fn hall(store: &Store, code: &str, n: usize) -> (AssemblyId, Vec<HouseholdId>) {
    let households = sindicato(store, code, n);
    statute(store, code);
    (convene(store, code, "Asamblea ordinaria", "2026-11-30"), households)
}

fn check_in(store: &Store, id: AssemblyId, households: &[HouseholdId]) {
    for h in households {
        assembly::check_in(store, &op(), id, &Attendee::Household(*h), false).unwrap();
    }
}

fn motion(store: &Store, id: AssemblyId, title: &str) -> MotionId {
    let form = MotionForm {
        title: title.into(),
        text: format!("La asamblea resuelve: {title}."),
        proposer: "Wara Condori".into(),
        origin: None,
        amends: None,
    };
    assembly::add_motion(store, &op(), id, &form).unwrap().id
}

fn the_door_counts_those_present_and_leaves_out_ended_memberships(db: &Db) {
    let s = &db.store;
    let (a, households) = hall(s, "HD", 10);
    let door = assembly::door_view(s, &op(), a, None, 100).unwrap();
    assert_eq!((door.count.present, door.count.eligible, door.count.quorum_required), (0, 10, 6));
    assert_eq!((door.count.missing(), door.count.reached()), (6, false));
    assert_eq!(door.bodies.iter().map(|b| b.name.as_str()).collect::<Vec<_>>(), ["Sindicato HD", "Central de HD"]);

    check_in(s, a, &households[..3]);
    assembly::check_in(s, &op(), a, &Attendee::Household(households[3]), true).unwrap();
    // A second scan of someone already here changes nothing, and counts once.
    check_in(s, a, &households[..1]);
    let door = assembly::door_view(s, &op(), a, None, 100).unwrap();
    assert_eq!((door.count.present, door.count.excused, door.count.missing()), (3, 1, 3));
    let here: Vec<bool> = door.lines.iter().map(|l| l.status.is_some_and(|s| s.is_here())).collect();
    assert_eq!(here, [true, true, true, false, false, false, false, false, false, false]);

    // A household whose membership ended before the assembly's day is not at the door (nor
    // counted among those entitled); one that ends after it still is.
    let (gone, later) = (households[8], households[9]);
    db.raw_execute(&format!("UPDATE households SET ended_on = '2026-11-01' WHERE id = {}", gone.0));
    db.raw_execute(&format!("UPDATE households SET ended_on = '2027-01-31' WHERE id = {}", later.0));
    let door = assembly::door_view(s, &op(), a, None, 100).unwrap();
    assert_eq!(door.lines.len(), 9);
    assert!(door.lines.iter().all(|l| l.eligible.household_id != Some(gone)));
    assert!(door.lines.iter().any(|l| l.eligible.household_id == Some(later)));
    assert_eq!((door.count.eligible, door.count.quorum_required), (9, 5));
    let result = assembly::check_in(s, &op(), a, &Attendee::Household(gone), false);
    assert_eq!(refused(result), "not_eligible");

    // Opening fixes the numbers; the counter keeps them.
    check_in(s, a, &households[4..6]);
    let opened = assembly::open(s, &op(), a).unwrap();
    assert_eq!((opened.eligible, opened.quorum_required), (Some(9), Some(5)));
    let door = assembly::door_view(s, &op(), a, None, 100).unwrap();
    assert_eq!((door.count.present, door.count.quorum_required, door.count.missing()), (5, 5, 0));
    assert!(door.count.reached());
}

fn a_paper_ballot_tally_is_refused_above_those_present_and_replaced_by_a_recount(db: &Db) {
    let s = &db.store;
    let (a, households) = hall(s, "PB", 9);
    check_in(s, a, &households[..7]);
    assembly::open(s, &op(), a).unwrap();
    let m = motion(s, a, "Aporte para el camino");
    let hands = motion(s, a, "Fecha de la feria");

    // Not open yet, then open by paper ballot.
    let counts = [(BallotOption::For, 4), (BallotOption::Against, 2)];
    assert_eq!(refused(assembly::record_paper_tally(s, &op(), m, &counts)), "vote_not_open");
    let opened = assembly::open_vote(s, &op(), m, VoteMethod::PaperBallot, DecisionRule::MajorityOfVotesCast).unwrap();
    assert!(opened.codes.is_empty(), "paper ballots need no codes");
    assert_eq!(opened.motion.method, Some(VoteMethod::PaperBallot));

    // More ballots than people present: refused with both numbers, nothing recorded.
    let over = assembly::record_paper_tally(s, &op(), m, &[(BallotOption::For, 5), (BallotOption::Against, 3)]);
    match over {
        Err(ServiceError::Domain(e)) => {
            assert_eq!(e.message().id, "counts_exceed_present");
            let text = cabildo_i18n::message(cabildo_i18n::Lang::Es, "counts_exceed_present", &e.message().args);
            assert!(text.contains('8') && text.contains('7'), "{text}");
        }
        other => panic!("expected counts_exceed_present, got {other:?}"),
    }
    // Huge numbers neither wrap around nor pass.
    let huge = [(BallotOption::For, u64::MAX), (BallotOption::Against, u64::MAX)];
    assert_eq!(refused(assembly::record_paper_tally(s, &op(), m, &huge)), "counts_exceed_present");
    // An option given twice, or not of the vote.
    let twice = [(BallotOption::For, 2), (BallotOption::For, 2)];
    assert_eq!(refused(assembly::record_paper_tally(s, &op(), m, &twice)), "unknown_option");
    let candidate = [(BallotOption::Candidate(1), 2)];
    assert_eq!(refused(assembly::record_paper_tally(s, &op(), m, &candidate)), "unknown_option");
    assert_eq!(db.raw_count_where("vote_counts", &format!("motion_id = {}", m.0)), 0);

    // Entered, then entered again: the recount replaces, never adds.
    let tally = assembly::record_paper_tally(
        s,
        &op(),
        m,
        &[(BallotOption::For, 4), (BallotOption::Against, 2), (BallotOption::Abstain, 1)],
    )
    .unwrap();
    assert_eq!((tally.for_, tally.against, tally.abstain), (4, 2, 1));
    let tally =
        assembly::record_paper_tally(s, &op(), m, &[(BallotOption::For, 5), (BallotOption::Against, 1)]).unwrap();
    assert_eq!((tally.for_, tally.against, tally.abstain), (5, 1, 0));
    // A show of hands is not a paper count, and the other way round.
    assert_eq!(refused(assembly::record_hands(s, &op(), m, &counts)), "wrong_method");

    let result = assembly::close_vote(s, &op(), m).unwrap();
    assert_eq!(result.motion.outcome, Some(Outcome::Adopted));
    assert_eq!((result.tally.for_, result.tally.against, result.tally.abstain), (5, 1, 0));
    assert!(result.resolution.is_some());
    assert_eq!(refused(assembly::record_paper_tally(s, &op(), m, &counts)), "vote_not_open");
    // Once closed, a tally twice is refused: the vote is decided.

    assembly::open_vote(s, &op(), hands, VoteMethod::ShowOfHands, DecisionRule::MajorityOfVotesCast).unwrap();
    assert_eq!(refused(assembly::record_paper_tally(s, &op(), hands, &counts)), "wrong_method");
    assembly::record_hands(s, &op(), hands, &counts).unwrap();
    assembly::close_vote(s, &op(), hands).unwrap();

    // The acta records the method and the counts as it does for the other methods; the audit
    // trail keeps both entries of the paper count.
    assembly::close(s, &op(), a).unwrap();
    let view = assembly::view(s, &op(), a).unwrap();
    let content = acta::content(&view, "");
    let entries: Vec<(String, String)> = content.entries().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    assert!(entries.iter().any(|(k, v)| k.ends_with(".method") && v == "paper_ballot"), "{entries:?}");
    assert!(entries.iter().any(|(k, v)| k.ends_with(".method") && v == "show_of_hands"), "{entries:?}");
    let paper_lines = db.raw_texts("SELECT detail FROM audit_events WHERE action = 'vote.paper' ORDER BY id");
    assert_eq!(paper_lines.len(), 2, "{paper_lines:?}");
}

fn the_code_sheet_is_printable_until_the_first_ballot_and_codes_are_refused_distinctly(db: &Db) {
    let s = &db.store;
    let (a, households) = hall(s, "SH", 14);
    check_in(s, a, &households[..12]);
    assembly::open(s, &op(), a).unwrap();
    let m = motion(s, a, "Cambio de la fecha de la feria");
    let opened = assembly::open_vote(s, &op(), m, VoteMethod::Secret, DecisionRule::MajorityOfVotesCast).unwrap();
    let codes = opened.codes;
    assert_eq!(codes.len(), 12);

    // Printable, again and again, with the codes made when the vote opened.
    for _ in 0..2 {
        let sheet = assembly::ballot_sheet(s, &op(), m).unwrap();
        assert_eq!(sheet.codes, codes);
        assert_eq!(
            (sheet.motion.title.as_str(), sheet.body.name.as_str()),
            ("Cambio de la fecha de la feria", "Sindicato SH")
        );
    }
    // Nobody voted: 0 of 12.
    let progress = |s: &Store| assembly::view(s, &op(), a).unwrap().motions[0].ballots.unwrap();
    assert_eq!((progress(s).cast, progress(s).issued), (0, 12));

    // A mistyped code is not a code of this vote; the sheet stays printable.
    let mut typo = codes[0].clone().into_bytes();
    typo[0] = if typo[0] == b'A' { b'B' } else { b'A' };
    let typo = String::from_utf8(typo).unwrap();
    assert_eq!(refused(assembly::cast_secret_ballot(s, m, &typo, BallotOption::For)), "ballot_code_unknown");
    assert_eq!(refused(assembly::cast_secret_ballot(s, m, "!!", BallotOption::For)), "ballot_code_unknown");
    assert!(assembly::ballot_sheet(s, &op(), m).is_ok());

    // The first ballot ends the sheet: neither printed nor issued again.
    assert_eq!(assembly::cast_secret_ballot(s, m, &codes[0], BallotOption::For).unwrap(), BallotReceipt::InTheBox);
    assert_eq!(refused(assembly::ballot_sheet(s, &op(), m)), "ballot_sheet_closed");
    assert_eq!(refused(assembly::reissue_ballot_codes(s, &op(), m)), "ballot_sheet_closed");
    assert_eq!((progress(s).cast, progress(s).issued), (1, 12));

    // Ten ballots: a batch is written; a code of it used again is "already voted", distinct.
    for (i, code) in codes.iter().enumerate().skip(1).take(9) {
        let option = if i % 3 == 0 { BallotOption::Against } else { BallotOption::For };
        assembly::cast_secret_ballot(s, m, code, option).unwrap();
    }
    assert_eq!(progress(s).cast, 10, "written and waiting alike");
    let used = db.raw_count_where("ballot_codes", &format!("motion_id = {} AND used = 1", m.0));
    assert!(used >= 5, "a batch was written: {used}");
    assert_eq!(refused(assembly::cast_secret_ballot(s, m, &codes[0], BallotOption::For)), "ballot_code_used");
    assert_eq!(refused(assembly::cast_secret_ballot(s, m, &codes[9], BallotOption::For)), "ballot_in_the_box");
    assert_eq!(refused(assembly::cast_secret_ballot(s, m, &typo, BallotOption::For)), "ballot_code_unknown");
    assembly::close_vote(s, &op(), m).unwrap();
    assert_eq!(refused(assembly::ballot_sheet(s, &op(), m)), "vote_not_open");

    // A server that restarted holds no sheet: it says so, and while nobody has voted the codes
    // are issued again — the old ones stop working.
    let m2 = motion(s, a, "Compra de una motosierra");
    let first = assembly::open_vote(s, &op(), m2, VoteMethod::Secret, DecisionRule::MajorityOfVotesCast).unwrap().codes;
    let restarted = Store::open(&db.location).unwrap();
    assert_eq!(refused(assembly::ballot_sheet(&restarted, &op(), m2)), "ballot_sheet_lost");
    let again = assembly::reissue_ballot_codes(&restarted, &op(), m2).unwrap();
    assert_eq!(again.codes.len(), 12);
    assert!(again.codes.iter().all(|c| !first.contains(c)));
    assert_eq!(assembly::ballot_sheet(&restarted, &op(), m2).unwrap().codes, again.codes);
    assert_eq!(
        refused(assembly::cast_secret_ballot(&restarted, m2, &first[0], BallotOption::For)),
        "ballot_code_unknown"
    );
    assembly::cast_secret_ballot(&restarted, m2, &again.codes[0], BallotOption::For).unwrap();
    assert_eq!(refused(assembly::reissue_ballot_codes(&restarted, &op(), m2)), "ballot_sheet_closed");
    assert_eq!(db.raw_count_where("ballot_codes", &format!("motion_id = {}", m2.0)), 12);
    // Issuing codes again is for whoever runs the assembly; the sheet too.
    let afiliado = cabildo_services::Ctx { actor: cabildo_services::Actor::Anonymous, ..op() };
    assert_eq!(refused(assembly::ballot_sheet(s, &afiliado, m)), "sign_in_required");
    assembly::close_vote(&restarted, &op(), m2).unwrap();
}

fn the_door_and_the_vote_through_the_pages_and_the_api(db: &Db) {
    let app = TestApp::assembly_sindicato(db);
    let s = app.body(ASSEMBLY_SINDICATO);
    // Another body's motion (of the demo's F2-C01-S01), in session, voted by paper ballot.
    let store = &app.state.store;
    let foreign = {
        let a = convene(store, "F2-C01-S01", "Asamblea de otro sindicato", "2026-11-30");
        let everyone = assembly::door(store, &op(), a, None, 1000).unwrap();
        for line in &everyone {
            assembly::check_in(store, &op(), a, &Attendee::Person(line.eligible.person_id), false).unwrap();
        }
        assembly::open(store, &op(), a).unwrap();
        let m = motion(store, a, "Moción ajena");
        assembly::open_vote(store, &op(), m, VoteMethod::PaperBallot, DecisionRule::MajorityOfVotesCast).unwrap();
        m
    };
    app.block_on(async {
        let convocatoria = json!({"kind": "ordinaria", "title": "Asamblea de la sala", "scheduled_for": "2026-11-30T09:00", "place": "Sede"});
        let created = app.api_ok("POST", &format!("/api/v1/bodies/{s}/assemblies"), "actas", Some(convocatoria), StatusCode::CREATED).await;
        let a = created["id"].as_i64().unwrap();
        let door = format!("/assemblies/{a}/door");

        // The counter: nobody yet.
        let page = app.get(&door, "actas").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("0 presentes · quórum 76 · faltan 76"), "{}", page.body);
        assert!(page.body.contains("150 habilitados · 0 justificados"), "{}", page.body);
        // Every button names whom it acts on.
        let list = app.api_ok("GET", &format!("/api/v1/assemblies/{a}/attendance?limit=1000"), "actas", None, StatusCode::OK).await;
        let lines = list["lines"].as_array().unwrap();
        let first_name = lines[0]["name"].as_str().unwrap().to_string();
        assert!(page.body.contains(&format!("Presente<span class=\"vh\">: {first_name}</span>")), "{}", page.body);
        assert!(page.body.contains(&format!("Justificado<span class=\"vh\">: {first_name}</span>")), "{}", page.body);

        // One checked in through the page: the counter moves, the line is marked and offers a
        // correction instead of the two buttons.
        let person = lines[0]["person_id"].as_i64().unwrap();
        let reply = app.post_form(&door, "actas", &format!("person={person}&excused=0")).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        let page = app.get(&door, "actas").await;
        assert!(page.body.contains("1 presente · quórum 76 · faltan 75"), "{}", page.body);
        assert!(page.body.contains(&format!("Cambiar a justificado<span class=\"vh\">: {first_name}</span>")), "{}", page.body);
        assert!(!page.body.contains(&format!("Presente<span class=\"vh\">: {first_name}</span>")), "{}", page.body);
        // The rest through the API, which answers the counter too.
        for line in &lines[1..80] {
            let who = json!({"person_id": line["person_id"]});
            app.api_ok("POST", &format!("/api/v1/assemblies/{a}/attendance"), "actas", Some(who), StatusCode::OK).await;
        }
        let list = app.api_ok("GET", &format!("/api/v1/assemblies/{a}/attendance?limit=1"), "actas", None, StatusCode::OK).await;
        assert_eq!((list["present"].as_u64(), list["quorum_required"].as_u64(), list["missing"].as_u64()), (Some(80), Some(76), Some(0)));
        let page = app.get(&door, "actas").await;
        assert!(page.body.contains("80 presentes · quórum 76 · hay quórum"), "{}", page.body);
        app.api_ok("POST", &format!("/api/v1/assemblies/{a}/open"), "actas", None, StatusCode::OK).await;

        // The cards name the sindicato with its central.
        let cards = app.get(&format!("/assemblies/{a}/cards"), "actas").await;
        assert!(cards.body.contains("Sindicato Asamblea Grande · "), "{}", cards.body);

        // A paper-ballot vote through the pages.
        let motion = json!({"title": "Compra de un generador", "text": "Con fondos de la caja.", "proposer": "Wara Condori"});
        let created = app.api_ok("POST", &format!("/api/v1/assemblies/{a}/motions"), "actas", Some(motion), StatusCode::CREATED).await;
        let m = created["id"].as_i64().unwrap();
        let base = format!("/assemblies/{a}/motions/{m}");
        let reply = app.post_form(&format!("{base}/open"), "actas", "vote_method=paper_ballot&decision_rule=majority").await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        let reply = app.post_form(&format!("{base}/paper"), "actas", "votes_for=60&votes_against=20&abstentions=1").await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(reply.body.contains("Se contaron 81 votos, pero solo hay 80 presentes"), "{}", reply.body);
        let reply = app.post_form(&format!("{base}/paper"), "actas", "votes_for=60&votes_against=19&abstentions=1").await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        let page = app.get(&base, "actas").await;
        assert!(page.body.contains("80 papeletas contadas · 80 presentes"), "{}", page.body);
        // A forged form changes nothing.
        let forged = app.request("POST", &format!("{base}/paper")).by("actas").form("csrf=forged&votes_for=1").send().await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        // Through the API: twice is a recount, negative and huge numbers are refused.
        let path = format!("/api/v1/motions/{m}/paper-tally");
        let tally = app.api_ok("PUT", &path, "actas", Some(json!({"counts": {"for": 50, "against": 30}})), StatusCode::OK).await;
        assert_eq!(tally, json!({"for": 50, "against": 30, "abstain": 0}));
        let (status, _) = app.api("PUT", &path, "actas", Some(&json!({"counts": {"for": -3}}))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let (status, problem) = app.api("PUT", &path, "actas", Some(&json!({"counts": {"for": u64::MAX, "against": u64::MAX}}))).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("counts_exceed_present")));
        let (status, problem) = app.api("PUT", &format!("/api/v1/motions/{m}/hands"), "actas", Some(&json!({"counts": {"for": 1}}))).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("wrong_method")));
        // Another body's motion: the secretary of this sindicato may not enter its count.
        let (status, problem) = app.api("PUT", &format!("/api/v1/motions/{}/paper-tally", foreign.0), "actas", Some(&json!({"counts": {"for": 1}}))).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")));
        let other_page = app.post_form(&format!("/assemblies/1/motions/{}/paper", foreign.0), "actas", "votes_for=1").await;
        assert_eq!(other_page.status, StatusCode::FORBIDDEN);

        // Closing asks first: the motion's button leads to the confirmation, which says what
        // will happen; only its own button closes.
        let asked = app.post_form(&format!("{base}/close"), "actas", "").await;
        assert_eq!(asked.status, StatusCode::OK);
        assert!(asked.body.contains("id=\"confirm-close\"") && asked.body.contains("No se puede deshacer"), "{}", asked.body);
        let view = app.api_ok("GET", &format!("/api/v1/assemblies/{a}"), "actas", None, StatusCode::OK).await;
        assert_eq!(view["motions"][0]["status"], "voting");
        let page = app.get(&format!("{base}/close"), "actas").await;
        assert!(page.body.contains("id=\"confirm-close\""), "{}", page.body);
        let closed = app.post_form(&format!("{base}/close"), "actas", "confirm=1").await;
        assert_eq!(closed.status, StatusCode::SEE_OTHER);
        let view = app.api_ok("GET", &format!("/api/v1/assemblies/{a}"), "actas", None, StatusCode::OK).await;
        assert_eq!((view["motions"][0]["outcome"].as_str(), view["motions"][0]["method"].as_str()), (Some("adopted"), Some("paper_ballot")));

        // A secret ballot: opening leads to the sheet; the ballot page names the assembly and the
        // motion; a mistyped code and a used one get their own messages; "N de M han votado".
        let motion = json!({"title": "Fecha de la feria", "text": "La feria pasa al sábado.", "proposer": "Wara Condori"});
        let created = app.api_ok("POST", &format!("/api/v1/assemblies/{a}/motions"), "actas", Some(motion), StatusCode::CREATED).await;
        let m = created["id"].as_i64().unwrap();
        let base = format!("/assemblies/{a}/motions/{m}");
        let reply = app.post_form(&format!("{base}/open"), "actas", "vote_method=secret&decision_rule=majority").await;
        assert_eq!((reply.status, reply.headers.get("location").map(|l| l.to_str().unwrap())), (StatusCode::SEE_OTHER, Some(format!("{base}/codes").as_str())));
        let sheet = app.get(&format!("{base}/codes"), "actas").await;
        assert_eq!(sheet.status, StatusCode::OK);
        let codes: Vec<String> = sheet.body.split("slip-code ballot-code\">").skip(1).map(|c| c.split('<').next().unwrap().to_string()).collect();
        assert_eq!(codes.len(), 80);
        assert!(sheet.body.contains("80 códigos, uno por persona presente"), "{}", sheet.body);
        let api_codes = app.api_ok("GET", &format!("/api/v1/motions/{m}/ballot-codes"), "actas", None, StatusCode::OK).await;
        assert_eq!(api_codes["codes"].as_array().unwrap().len(), 80);
        // The sheet is for whoever runs the assembly.
        let (status, _) = app.api("GET", &format!("/api/v1/motions/{m}/ballot-codes"), "afiliado", None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        let ballot = app.get(&format!("/ballot?motion={m}"), crate::support::Who::Anonymous).await;
        assert!(ballot.body.contains("Asamblea de la sala · Sindicato Asamblea Grande · 30/11/2026 09:00"), "{}", ballot.body);
        assert!(ballot.body.contains("Fecha de la feria"), "{}", ballot.body);
        let mistyped = app.visitor_post(&format!("/ballot?motion={m}"), &format!("motion={m}&code=ZZZZ-ZZZZ-ZZ&choice=for")).await;
        assert!(mistyped.body.contains("Ninguna papeleta de esta votación tiene ese código"), "{}", mistyped.body);
        let cast = app.visitor_post(&format!("/ballot?motion={m}"), &format!("motion={m}&code={}&choice=for", codes[0])).await;
        assert_eq!(cast.status, StatusCode::ACCEPTED, "{}", cast.body);
        let again = app.visitor_post(&format!("/ballot?motion={m}"), &format!("motion={m}&code={}&choice=against", codes[0])).await;
        assert!(again.body.contains("ya está en la urna"), "{}", again.body);
        let page = app.get(&base, "actas").await;
        assert!(page.body.contains("1 de 80 ha votado"), "{}", page.body);
        // After the first ballot, the sheet is refused with a clear message.
        let sheet = app.get(&format!("{base}/codes"), "actas").await;
        assert_eq!(sheet.status, StatusCode::CONFLICT);
        assert!(sheet.body.contains("Ya se emitió el primer voto"), "{}", sheet.body);
        let (status, problem) = app.api("GET", &format!("/api/v1/motions/{m}/ballot-codes"), "actas", None).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("ballot_sheet_closed")));
        for code in &codes[1..10] {
            app.visitor_post(&format!("/ballot?motion={m}"), &format!("motion={m}&code={code}&choice=for")).await;
        }
        let used = app.visitor_post(&format!("/ballot?motion={m}"), &format!("motion={m}&code={}&choice=for", codes[0])).await;
        assert!(used.body.contains("Ese código de papeleta ya votó"), "{}", used.body);
        let page = app.get(&base, "actas").await;
        assert!(page.body.contains("10 de 80 han votado"), "{}", page.body);
        let closed = app.post_form(&format!("{base}/close"), "actas", "confirm=1").await;
        assert_eq!(closed.status, StatusCode::SEE_OTHER);
    });
}
