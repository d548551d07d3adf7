//! Mandates on both backends: the federation F1 of the demo Trópico holds a congress; two
//! sindicatos of it give their delegates mandates on its second item from their own assemblies
//! (one by the page's form, one by the JSON API); at the congress a roll call under that item is
//! compared with them — one delegation keeps its mandate, the other breaks it — and the broken
//! one is shown on the sindicato's page, its public page and its Atom feed, naming the delegate,
//! the item, the mandate and the vote. A show of hands under the same item cannot be compared, and
//! the pages say so. Then every attack: another body's delegation, a non-ancestor's item, a
//! finished assembly, an item that does not exist, a second mandate, an option not on the item, ids
//! from outside the actor's subtree, a forged form token — each refused, and nothing changed.

use axum::http::StatusCode;
use cabildo_domain::access::Role;
use cabildo_domain::assembly::{AssemblyId, BallotOption, DecisionRule, MotionId, VoteMethod};
use cabildo_domain::{BodyId, PersonId};
use cabildo_services::assembly::{self, Attendee, ConveneForm, ElectionForm, MotionForm};
use cabildo_services::mandates::{self, Check, MandateForm};
use cabildo_services::{Ctx, Store, registry};
use serde_json::{Value, json};

use crate::support::{Db, TestApp, on_both_backends, op};

on_both_backends!(
    one_mandate_kept_one_broken_and_the_broken_one_shown_to_its_base,
    every_attack_is_refused_and_changes_nothing
);

/// Two sindicatos right below the federation F1 (their officers are its ampliado's delegates
/// today, `represents_id` their sindicato), each with a secretary whose account holds an office
/// there (so that person is the delegation), and one of F2.
fn app(db: &Db) -> TestApp {
    TestApp::demo(db)
        .families(200)
        .with_sindicato("F1", "F1-S91", "Sindicato Río Ichilo", 12)
        .with_sindicato("F1", "F1-S92", "Sindicato Puerto Villarroel", 12)
        .with_sindicato("F2", "F2-S93", "Sindicato Chimoré Bajo", 12)
        .with_user("s91", Role::SecretarioActas, "F1-S91")
        .with_office("s91", "F1-S91", "Secretario General")
        .with_user("s92", Role::SecretarioActas, "F1-S92")
        .with_office("s92", "F1-S92", "Secretario General")
        .with_user("s93", Role::SecretarioActas, "F2-S93")
        .with_office("s93", "F2-S93", "Secretario General")
        .build()
}

fn convene(store: &Store, body: &str, kind: &str, agenda: &str) -> AssemblyId {
    let form = ConveneForm {
        kind: kind.into(),
        title: format!("{kind} de {body}"),
        scheduled_for: "2026-12-05 09:00".into(),
        place: "Sede".into(),
        agenda: agenda.into(),
    };
    assembly::convene(store, &op(), body, &form).unwrap().id
}

/// Checks in everyone entitled and opens the assembly: who is present.
fn hold(store: &Store, id: AssemblyId, body: &str) -> Vec<PersonId> {
    let found = store.read(|r| r.body_by_code(body)).unwrap().unwrap();
    let a = store.read(|r| r.assembly(id)).unwrap().unwrap();
    let people = store.read(|r| assembly::eligible(r, &found, a.kind, a.scheduled_for.date())).unwrap();
    for p in &people {
        assembly::check_in(store, &op(), id, &Attendee::Person(p.person_id), false).unwrap();
    }
    assembly::open(store, &op(), id).unwrap();
    people.iter().map(|p| p.person_id).collect()
}

fn motion(store: &Store, id: AssemblyId, title: &str) -> MotionId {
    let form = MotionForm {
        title: title.into(),
        text: "Texto.".into(),
        proposer: "La directiva".into(),
        ..Default::default()
    };
    assembly::add_motion(store, &op(), id, &form).unwrap().id
}

/// Adopts a motion by show of hands, everyone for.
fn adopt(store: &Store, m: MotionId, present: usize) {
    assembly::open_vote(store, &op(), m, VoteMethod::ShowOfHands, DecisionRule::MajorityOfVotesCast).unwrap();
    assembly::record_hands(store, &op(), m, &[(BallotOption::For, present as u64)]).unwrap();
    assembly::close_vote(store, &op(), m).unwrap();
}

/// The congress of F1 with its three items, and each base's ordinary assembly in session.
struct Scene {
    congress: AssemblyId,
    a91: AssemblyId,
    a92: AssemblyId,
    p91: usize,
    p92: usize,
}

fn scene(app: &TestApp) -> Scene {
    let store = &app.state.store;
    let congress = convene(store, "F1", "ampliado", "Informe de la directiva\nPliego petitorio\nElección del comité");
    let a91 = convene(store, "F1-S91", "ordinaria", "Mandato al congreso");
    let a92 = convene(store, "F1-S92", "ordinaria", "Mandato al congreso");
    let p91 = hold(store, a91, "F1-S91").len();
    let p92 = hold(store, a92, "F1-S92").len();
    Scene { congress, a91, a92, p91, p92 }
}

fn mandate_rows(db: &Db) -> (i64, i64, i64) {
    (db.raw_count("mandates"), db.raw_count("mandate_motions"), db.raw_count("motion_items"))
}

fn one_mandate_kept_one_broken_and_the_broken_one_shown_to_its_base(db: &Db) {
    let app = app(db);
    let store = &app.state.store;
    let s = scene(&app);
    let (s91, s92) = (app.body("F1-S91"), app.body("F1-S92"));

    // S91 by the page: its assembly's mandates page offers the congress's items; the form puts
    // the mandate to the assembly as a motion.
    let (m91, m92) = app.block_on(async {
        let page = app.get(&format!("/assemblies/{}/mandates", s.a91.0), "s91").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(page.body.contains("Pliego petitorio") && page.body.contains("give-form"), "{}", page.body);
        let form = format!("target={}%3A2&mandate_position=for&mandate_option=", s.congress.0);
        let given = app.post_form(&format!("/assemblies/{}/mandates", s.a91.0), "s91", &form).await;
        assert_eq!(given.status, StatusCode::SEE_OTHER, "{}", given.body);
        let location = given.headers[axum::http::header::LOCATION].to_str().unwrap().to_string();
        let m91 = location.rsplit('/').next().unwrap().parse::<i64>().unwrap();
        // S92 by the API: against.
        let body = json!({ "assembly": s.congress.0, "item": 2, "position": "against" });
        let made = app
            .api_ok("POST", &format!("/api/v1/assemblies/{}/mandates", s.a92.0), "s92", Some(body), StatusCode::CREATED)
            .await;
        (MotionId(m91), MotionId(made["motion"].as_i64().unwrap()))
    });
    let text = store.read(|r| r.motion(m91)).unwrap().unwrap().text;
    assert!(text.contains("Pliego petitorio") && text.contains("votar a favor"), "the motion says the mandate: {text}");
    assert_eq!(db.raw_count("mandates"), 0, "a mandate is given only by adopting its motion");
    adopt(store, m91, s.p91);
    adopt(store, m92, s.p92);
    let given = store.read(|r| r.body_mandates(BodyId(s92))).unwrap();
    assert_eq!(given.len(), 1);
    let resolution = store.read(|r| r.resolution(given[0].resolution_id)).unwrap().unwrap();
    assert_eq!((resolution.body_id, resolution.motion_id), (BodyId(s92), Some(m92)), "with its own resolution");

    // The congress: every delegate present; the motion under item 2 is voted by roll call, all for.
    let present = hold(store, s.congress, "F1");
    let pliego = motion(store, s.congress, "Aprobar el pliego petitorio");
    let hands = motion(store, s.congress, "Enviar el pliego al ministerio");
    app.block_on(async {
        for m in [pliego, hands] {
            let placed = app
                .post_form(
                    &format!("/assemblies/{}/mandates/place", s.congress.0),
                    "dirigente",
                    &format!("motion={}&agenda_item=2", m.0),
                )
                .await;
            assert_eq!(placed.status, StatusCode::SEE_OTHER, "{}", placed.body);
        }
    });
    assembly::open_vote(store, &op(), pliego, VoteMethod::RollCall, DecisionRule::MajorityOfVotesCast).unwrap();
    for p in &present {
        assembly::roll_call_vote(store, &op(), pliego, *p, BallotOption::For).unwrap();
    }
    assembly::close_vote(store, &op(), pliego).unwrap();
    adopt(store, hands, present.len());

    // An election under item 3: S91's assembly mandates a candidate by her name (accents and case
    // aside), and its delegate votes for her by roll call.
    let election = assembly::add_election(
        store,
        &op(),
        s.congress,
        &ElectionForm {
            office_title: "Secretario de Conflictos".into(),
            term_end: None,
            rule: "plurality".into(),
            candidates: vec![present[0], present[1]],
        },
    )
    .unwrap()
    .id;
    mandates::place_motion(store, &op(), s.congress, election, "3").unwrap();
    let candidates = store.read(|r| r.candidates(election)).unwrap();
    let chosen = candidates[0].name.display();
    let by_name = MandateForm {
        assembly: s.congress.0.to_string(),
        item: "3".into(),
        position: "option".into(),
        option: chosen.to_uppercase(),
        text: "Mandato.".into(),
    };
    let nobody = MandateForm { option: "Nadie Conocido".into(), ..by_name.clone() };
    let refused = mandates::put_on_agenda(store, &op(), s.a91, &nobody).unwrap_err();
    assert_eq!(refused.message().id, "mandate_option_not_on_item");
    let m = mandates::put_on_agenda(store, &op(), s.a91, &by_name).unwrap();
    adopt(store, m.id, s.p91);
    assembly::open_vote(store, &op(), election, VoteMethod::RollCall, DecisionRule::MajorityOfVotesCast).unwrap();
    for p in &present {
        assembly::roll_call_vote(store, &op(), election, *p, BallotOption::Candidate(candidates[0].id)).unwrap();
    }
    assembly::close_vote(store, &op(), election).unwrap();

    // Computed from the records: S91's delegate kept it, S92's broke it; the show of hands says nothing.
    let ctx = Ctx::operator(crate::support::NOW, crate::support::today());
    let kept = mandates::for_base(store, &ctx, "F1-S91").unwrap();
    let broken = mandates::for_base(store, &ctx, "F1-S92").unwrap();
    assert!(kept.deviations().is_empty());
    let on_election = kept.mandates.iter().find(|m| m.record.item.position == 3).unwrap();
    assert_eq!(on_election.votes[0].asked_label.as_deref(), Some(chosen.as_str()));
    assert!(matches!(&on_election.votes[0].check, Check::Compared(d) if d.len() == 1 && d[0].keeping.code() == "kept"));
    let kept = BaseMandatesOf { mandates: kept.mandates.into_iter().filter(|m| m.record.item.position == 2).collect() };
    let deviations = broken.deviations();
    assert_eq!(deviations.len(), 1, "{deviations:?}");
    assert_eq!(deviations[0].delegate.name.display(), "Jhonny Yupanqui de s92");
    assert_eq!(deviations[0].delegate.vote.as_deref(), Some("for"));
    let votes = &kept.mandates[0].votes;
    assert_eq!(votes.len(), 2);
    assert!(matches!(&votes[0].check, Check::Compared(d) if d.len() == 1 && d[0].keeping.code() == "kept"));
    assert!(matches!(votes[1].check, Check::NotComparable(VoteMethod::ShowOfHands)));

    // Shown to the base: its mandates page, its public page and its feed, naming the delegate,
    // the item, the mandate and the vote.
    registry::set_published(store, &op(), "F1-S92", true).unwrap();
    registry::set_published(store, &op(), "F1-S91", true).unwrap();
    app.block_on(async {
        let page = app.get(&format!("/bodies/{s92}/mandates"), "s92").await;
        assert_eq!(page.status, StatusCode::OK);
        for says in
            ["Jhonny Yupanqui de s92", "Pliego petitorio", "votar en contra", "A favor", "Incumplido", "mano alzada"]
        {
            assert!(
                page.body.to_lowercase().contains(&says.to_lowercase()),
                "the base's page says {says}: {}",
                page.body
            );
        }
        let public = app.get("/p/F1-S92", crate::support::Who::Anonymous).await;
        assert_eq!(public.status, StatusCode::OK);
        assert!(
            public.body.contains("id=\"deviations\"") && public.body.contains("Jhonny Yupanqui de s92"),
            "{}",
            public.body
        );
        let feed = app.get("/bodies/F1-S92/assemblies.atom", crate::support::Who::Anonymous).await;
        assert!(
            feed.body.contains("urn:cabildo:mandate:")
                && feed.body.contains("Mandato incumplido: Jhonny Yupanqui de s92"),
            "{}",
            feed.body
        );
        assert!(feed.body.contains("el mandato de Sindicato Puerto Villarroel era votar en contra"), "{}", feed.body);
        let english = app.request("GET", "/bodies/F1-S92/assemblies.atom").lang("en").send().await;
        assert!(english.body.contains("Mandate broken: Jhonny Yupanqui de s92"), "{}", english.body);
        let kept_public = app.get("/p/F1-S91", crate::support::Who::Anonymous).await;
        assert!(!kept_public.body.contains("id=\"deviations\""), "a kept mandate is no deviation");
        let kept_page = app.get(&format!("/bodies/{s91}/mandates"), crate::support::Who::Anonymous).await;
        assert!(kept_page.body.contains("Cumplido"), "{}", kept_page.body);

        // The congress's officers see every base's mandates per item; a delegate only their own.
        let all = app
            .api_ok("GET", &format!("/api/v1/assemblies/{}/mandates", s.congress.0), "dirigente", None, StatusCode::OK)
            .await;
        assert_eq!(
            (all["sees_all"].as_bool(), all["mandates"].as_array().map(Vec::len)),
            (Some(true), Some(3)),
            "{all}"
        );
        let items: Vec<i64> = all["mandates"].as_array().unwrap().iter().map(|m| m["item"].as_i64().unwrap()).collect();
        assert_eq!(items, [2, 2, 3], "by item");
        let own = app
            .api_ok("GET", &format!("/api/v1/assemblies/{}/mandates", s.congress.0), "s91", None, StatusCode::OK)
            .await;
        assert_eq!(own["sees_all"], Value::Bool(false));
        let listed: Vec<&str> =
            own["mandates"].as_array().unwrap().iter().map(|m| m["base"]["code"].as_str().unwrap()).collect();
        assert_eq!(listed, ["F1-S91", "F1-S91"]);
        assert_eq!(own["mandates"][0]["votes"][0]["keeping"], "kept");
        let page = app.get(&format!("/assemblies/{}/mandates", s.congress.0), "s92").await;
        assert!(page.body.contains("own-only") && page.body.contains("Incumplido"), "{}", page.body);
        let base = app.api_ok("GET", &format!("/api/v1/bodies/{s92}/mandates"), "s92", None, StatusCode::OK).await;
        assert_eq!(base["mandates"][0]["votes"][0]["delegates"][0]["keeping"], "broken", "{base}");
        assert_eq!(base["mandates"][0]["votes"][1]["status"], "not_comparable");
    });

    // The command line lists the same, from the same records.
    let (code, text) = crate::support::cabildo_cli(&db.location, &["mandate", "list", "--body", "F1-S92"]);
    assert_eq!(code, Some(0), "{text}");
    for says in ["Pliego petitorio", "Aprobar el pliego petitorio: Incumplido", "Jhonny Yupanqui de s92: Incumplido"] {
        assert!(text.contains(says), "the command line says {says}: {text}");
    }
}

fn every_attack_is_refused_and_changes_nothing(db: &Db) {
    let app = app(db);
    let store = &app.state.store;
    let s = scene(&app);
    let f2_congress = convene(store, "F2", "ampliado", "Pliego");
    let f1_ordinary = convene(store, "F1", "ordinaria", "Informe");
    let finished = convene(store, "F1", "ampliado", "Informe");
    assembly::cancel(store, &op(), finished).unwrap();
    // Every account's token used once, so that its first use is not the change seen below.
    app.block_on(async {
        for (who, body) in [("s91", "F1-S91"), ("s93", "F2-S93"), ("dirigente", "F1-S92")] {
            app.api_ok("GET", &format!("/api/v1/bodies/{}/mandates", app.body(body)), who, None, StatusCode::OK).await;
        }
    });
    let before = db.raw_tables();
    let refused = |who: &str, assembly: AssemblyId, body: Value| {
        app.block_on(async {
            let (status, problem) =
                app.api("POST", &format!("/api/v1/assemblies/{}/mandates", assembly.0), who, Some(&body)).await;
            (status, problem["code"].as_str().unwrap_or_default().to_string())
        })
    };
    let item2 = |a: AssemblyId| json!({ "assembly": a.0, "item": 2, "position": "against" });
    // A mandate for another body's delegation: S91's secretary on S92's assembly.
    assert_eq!(refused("s91", s.a92, item2(s.congress)), (StatusCode::FORBIDDEN, "forbidden".into()));
    // An item of a non-ancestor's assembly (another federation), and of a body below.
    assert_eq!(refused("s91", s.a91, item2(f2_congress)), (StatusCode::CONFLICT, "mandate_not_ancestor".into()));
    assert_eq!(
        refused("s91", s.a91, json!({"assembly": s.a92.0, "item": 1, "position": "for"})).1,
        "mandate_not_ancestor"
    );
    // An item that does not exist, an assembly that does not exist.
    assert_eq!(
        refused("s91", s.a91, json!({"assembly": s.congress.0, "item": 9, "position": "for"})),
        (StatusCode::NOT_FOUND, "mandate_unknown_item".into())
    );
    assert_eq!(
        refused("s91", s.a91, json!({"assembly": 999_999, "item": 1, "position": "for"})).1,
        "mandate_unknown_item"
    );
    // A finished assembly, and an assembly that takes no delegates.
    assert_eq!(refused("s91", s.a91, item2(finished)), (StatusCode::CONFLICT, "mandate_assembly_finished".into()));
    assert_eq!(refused("s91", s.a91, item2(f1_ordinary)).1, "mandate_not_delegates_assembly");
    // An option where the item offers none; a position that is none; an option with a position.
    let option = json!({"assembly": s.congress.0, "item": 3, "position": "option", "option": "Juana Mamani"});
    assert_eq!(refused("s91", s.a91, option), (StatusCode::CONFLICT, "mandate_option_not_on_item".into()));
    assert_eq!(
        refused("s91", s.a91, json!({"assembly": s.congress.0, "item": 2, "position": "maybe"})).0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        refused("s91", s.a91, json!({"assembly": s.congress.0, "item": 2, "position": "for", "option": "x"})).0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // Ids from outside the actor's subtree: F2's secretary reading or placing at F1's congress.
    app.block_on(async {
        let (status, _) = app.api("GET", &format!("/api/v1/assemblies/{}/mandates", s.congress.0), "s93", None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let page = app.get(&format!("/assemblies/{}/mandates", s.congress.0), "s93").await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        // A forged form token.
        let forged = app
            .request("POST", &format!("/assemblies/{}/mandates", s.a91.0))
            .by("s91")
            .form(&format!("csrf=forged&target={}%3A2&mandate_position=for", s.congress.0))
            .send()
            .await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
    });
    assert_eq!(db.raw_tables(), before, "nothing changed");

    // A second mandate from one base on one item: refused on the same agenda; from another
    // assembly of the base, refused when its vote would open once the first was given, and then on
    // the agenda too.
    let first = mandates::put_on_agenda(store, &op(), s.a91, &form(s.congress, "against")).unwrap();
    let again = mandates::put_on_agenda(store, &op(), s.a91, &form(s.congress, "for")).unwrap_err();
    assert_eq!(again.message().id, "mandate_already_on_agenda");
    let other = convene(store, "F1-S91", "extraordinaria", "Mandato");
    hold(store, other, "F1-S91");
    let second = mandates::put_on_agenda(store, &op(), other, &form(s.congress, "for")).unwrap();
    adopt(store, first.id, s.p91);
    let rows = mandate_rows(db);
    let late = assembly::open_vote(store, &op(), second.id, VoteMethod::ShowOfHands, DecisionRule::MajorityOfVotesCast)
        .map(|_| ())
        .unwrap_err();
    assert_eq!(late.message().id, "mandate_already_given", "{late:?}");
    let refused = mandates::put_on_agenda(store, &op(), other, &form(s.congress, "for")).unwrap_err();
    assert_eq!(refused.message().id, "mandate_already_given", "{refused:?}");
    assert_eq!(mandate_rows(db), rows, "nothing changed");

    // A motion placed under an item once, before its vote, and only by whoever runs the congress.
    hold(store, s.congress, "F1");
    let m = motion(store, s.congress, "Pliego");
    let nobody =
        Ctx { actor: cabildo_services::Actor::Anonymous, now: crate::support::NOW, today: crate::support::today() };
    let outsider = mandates::place_motion(store, &nobody, s.congress, m, "2");
    assert!(outsider.is_err());
    app.block_on(async {
        let (status, _) = app
            .api(
                "POST",
                &format!("/api/v1/assemblies/{}/motions/{}/item", s.congress.0, m.0),
                "s91",
                Some(&json!({"item": 2})),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "a base's secretary does not run the congress");
        let (status, _) = app
            .api(
                "POST",
                &format!("/api/v1/assemblies/{}/motions/{}/item", s.a91.0, m.0),
                "s91",
                Some(&json!({"item": 1})),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "a motion of another assembly is not found there");
        app.api_ok(
            "POST",
            &format!("/api/v1/assemblies/{}/motions/{}/item", s.congress.0, m.0),
            "dirigente",
            Some(json!({"item": 2})),
            StatusCode::OK,
        )
        .await;
        let (status, problem) = app
            .api(
                "POST",
                &format!("/api/v1/assemblies/{}/motions/{}/item", s.congress.0, m.0),
                "dirigente",
                Some(&json!({"item": 1})),
            )
            .await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("mandate_motion_placed")));
    });
    // Once a vote under the item opened, no base may give a mandate on it.
    assembly::open_vote(store, &op(), m, VoteMethod::RollCall, DecisionRule::MajorityOfVotesCast).unwrap();
    let late = mandates::put_on_agenda(store, &op(), s.a92, &form(s.congress, "for")).unwrap_err();
    assert_eq!(late.message().id, "mandate_item_voted");
    let (code, text) = crate::support::cabildo_cli(
        &db.location,
        &[
            "mandate",
            "give",
            "--assembly",
            &s.a92.0.to_string(),
            "--higher",
            &s.congress.0.to_string(),
            "--item",
            "2",
            "--position",
            "for",
        ],
    );
    assert!(code != Some(0) && text.contains("ya se votó"), "{text}");
    // A motion withdrawn under an item was never voted: the item still takes mandates.
    let withdrawn = motion(store, s.congress, "Elegir por aclamación");
    mandates::place_motion(store, &op(), s.congress, withdrawn, "3").unwrap();
    assembly::withdraw(store, &op(), withdrawn).unwrap();
    let (code, text) = crate::support::cabildo_cli(
        &db.location,
        &[
            "mandate",
            "give",
            "--assembly",
            &s.a92.0.to_string(),
            "--higher",
            &s.congress.0.to_string(),
            "--item",
            "3",
            "--position",
            "abstain",
        ],
    );
    assert_eq!(code, Some(0), "{text}");
    let motion = store.read(|r| r.motions(s.a92)).unwrap().into_iter().last().unwrap();
    assert!(motion.text.contains("Elección del comité") && motion.text.contains("abstenerse"), "{}", motion.text);
}

/// A base's mandates on one item, as the assertions below read them.
struct BaseMandatesOf {
    mandates: Vec<mandates::MandateReport>,
}

fn form(congress: AssemblyId, position: &str) -> MandateForm {
    MandateForm {
        assembly: congress.0.to_string(),
        item: "2".into(),
        position: position.into(),
        option: String::new(),
        text: "Mandato.".into(),
    }
}
