//! Access by subtree for every API route that takes or gives a person (issue 11), on both
//! backends.
//!
//! The routes are read from the OpenAPI document: every operation whose request or answer
//! mentions a person (a field of [`person_fields`]) must have a line in [`routes`], so a new one
//! cannot be forgotten. Each is sent, with ids from inside and from outside the actor's subtree,
//! by every kind of viewer: administrator, federation officer (dirigente), the sindicato's
//! secretario de actas, secretario de hacienda, afiliado, observador, a secretario de actas of
//! another federation, and nobody signed in. What each may do is the domain's rule
//! (`access::allows`); the test checks that the API keeps to it: a refused request is 401 or 403
//! and changes nothing, an allowed one gets through, and an answer to a viewer who may not see the
//! body's members carries no personal field and no member's name.
//!
//! Then the attacks of the issue: person ids from other federations named as candidates, checked
//! in, or called in a roll call; 2,000 candidates; an open-composition comisión below a sindicato
//! electing someone of another federation by phone; an observador reading roll-call names.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use cabildo_domain::access::{Action, Grant, Role};
use cabildo_domain::assembly::{BallotOption, DecisionRule, MotionId, VoteMethod};
use cabildo_domain::{BodyId, Date, NewOffice, PersonData, PersonId, PersonName};
use cabildo_services::assembly::{self, Attendee, ConveneForm, ElectionForm, MotionForm};
use cabildo_services::{demo, registry};
use serde_json::{Value, json};

use crate::support::{Db, TestApp, Who, on_both_backends, op};

on_both_backends!(every_route_with_a_person_keeps_to_the_actors_subtree, people_from_elsewhere_are_refused_everywhere);

/// Fields a viewer who may not see the body's members must never receive.
const PRIVATE_FIELDS: [&str; 9] = [
    "person_id",
    "household_id",
    "candidates",
    "roll_call",
    "proposer",
    "elected",
    "given_names",
    "first_surname",
    "representative",
];

/// Fields through which a person travels that are not private: the holder of an office (the
/// directiva is public by its office: a body's public page shows it) and the signer of an acta.
const PUBLIC_PERSON_FIELDS: [&str; 2] = ["holder", "signer"];

/// Fields through which a person travels: an id that names one, or a personal name.
fn person_fields() -> impl Iterator<Item = &'static str> {
    PRIVATE_FIELDS.into_iter().chain(PUBLIC_PERSON_FIELDS)
}

/// Routes about the signed-in account itself, not about a body: no id in the request, the answer
/// is the caller's own record. They are walked in `leader.rs` (each account gets its own family,
/// never another's; nobody signed in gets 401).
const OWN_ROUTES: [(&str, &str); 1] = [("get", "/api/v1/account/family")];

/// The accounts of the walk, with their grants; `fuera` is the secretario de actas of a
/// sindicato of another federation.
const FUERA: (&str, Role, &str) = ("fuera", Role::SecretarioActas, "F2-C01-S01");

/// A sindicato the attack test adds beside F1-C01-S01.
const SIBLING: &str = "F1-C01-S98";

/// The places of the walk: a sindicato inside (F1-C01-S01, where `actas` works) and one outside
/// every F1 role (F2-C01-S01), each with an assembly in session, a roll call under way, an
/// election, and motions to act on.
struct Place {
    body: i64,
    household: i64,
    assembly: i64,
    /// Motions still pending, one per route that settles one.
    pending: Vec<i64>,
    /// A roll call with one vote cast.
    roll_call: i64,
    /// People entitled to attend, all checked in.
    people: Vec<(i64, String)>,
    /// A nomination consulta of the central above, which the assembly may answer.
    consulta: i64,
    /// A current office of the sindicato itself, which its assembly may recall.
    own_office: i64,
    /// A recall by the bases of an officer of the central above, opened by this sindicato.
    recall: i64,
    /// The sindicato's delegation to a congress of the central above.
    delegation: i64,
    /// An attendance obligation of `own_office` at every assembly of the sindicato, and a demand
    /// for explanation of it moved in the assembly.
    obligation: i64,
    demand: i64,
    /// The second family of the padrón (not the afiliado's own), which paid Bs 20 of its dues, and
    /// the code of its receipt.
    family: i64,
    receipt: String,
}

fn setup_place(app: &TestApp, code: &str) -> Place {
    let store = &app.state.store;
    let ctx = op();
    let form = ConveneForm {
        kind: "ordinaria".into(),
        title: format!("Asamblea de {code}"),
        scheduled_for: "2026-11-30 09:00".into(),
        place: "Sede".into(),
        agenda: "Informe".into(),
    };
    let a = assembly::convene(store, &ctx, code, &form).unwrap().id;
    let door = assembly::door(store, &ctx, a, None, 10_000).unwrap();
    assert!(door.len() >= 2, "{code} has too few families for the test: {}", door.len());
    let people: Vec<(i64, String)> = door.iter().map(|l| (l.eligible.person_id.0, l.eligible.name.display())).collect();
    for (p, _) in &people {
        assembly::check_in(store, &ctx, a, &Attendee::Person(PersonId(*p)), false).unwrap();
    }
    assembly::open(store, &ctx, a).unwrap();
    let central = code.rsplit_once('-').unwrap().0;
    // A congress of the central above with a seat for each sindicato.
    let congress = ConveneForm {
        kind: "congreso".into(),
        title: format!("Congreso de {central}"),
        scheduled_for: "2026-12-10 09:00".into(),
        place: "Sede".into(),
        agenda: "Informe".into(),
    };
    let congress = assembly::convene(store, &ctx, central, &congress).unwrap().id;
    let seats = cabildo_services::delegates::SeatForm {
        rule: "fixed".into(),
        number: "1".into(),
        alternates: true,
        register_on: String::new(),
    };
    let seats = cabildo_services::delegates::declare_seats(store, &ctx, congress, &seats).unwrap();
    let delegation = seats.delegations.iter().find(|d| d.delegation.body_id.0 == app.body(code)).unwrap().delegation.id;
    let officer = |body: &str, title: &str| {
        let person =
            PersonData { name: PersonName::new("Juana", "Quispe", "Walk").unwrap(), id_number: None, phone: None };
        let term = NewOffice::new(title, Date::from_ymd_opt(2020, 1, 1).unwrap(), None).unwrap();
        registry::add_office(store, &ctx, body, &person, &term).unwrap().id.0
    };
    let own_office = officer(code, "Vocal de Conflictos");
    let leader = officer(central, "Secretario de Relaciones");
    // This sindicato's assembly adopts a recall of the central's officer: that opens the recall.
    let central_id = app.body(central);
    let recall = app.block_on(async {
        let statute = json!({"quorum": "half_plus_one", "signers": ["Secretario de Actas"], "recall_share": "un tercio"});
        let path = format!("/api/v1/bodies/{central_id}/statute");
        app.api_ok("PUT", &path, "admin", Some(statute), StatusCode::OK).await;
        let motion = json!({"office_id": leader, "title": "Revocatoria", "text": "Por no rendir cuentas.", "proposer": people[0].1});
        let path = format!("/api/v1/assemblies/{}/recalls", a.0);
        let m = app.api_ok("POST", &path, "admin", Some(motion), StatusCode::CREATED).await["id"].as_i64().unwrap();
        app.show_of_hands(m, "admin", Some("majority"), json!({"for": people.len()})).await;
        app.api_ok("POST", &format!("/api/v1/motions/{m}/close"), "admin", None, StatusCode::OK).await;
        let path = format!("/api/v1/bodies/{central_id}/recalls");
        app.api_ok("GET", &path, "admin", None, StatusCode::OK).await["recalls"][0]["id"].as_i64().unwrap()
    });
    let motion = |title: &str| {
        let form = MotionForm {
            title: title.into(),
            text: format!("{title}: texto"),
            proposer: people[0].1.clone(),
            origin: None,
            amends: None,
        };
        assembly::add_motion(store, &ctx, a, &form).unwrap().id.0
    };
    let pending = (0..4).map(|i| motion(&format!("Pendiente {i}"))).collect();
    let roll_call = motion("Votación nominal");
    let election = ElectionForm {
        office_title: "Vocal".into(),
        term_end: None,
        rule: "plurality".into(),
        candidates: vec![PersonId(people[0].0), PersonId(people[1].0)],
    };
    assembly::add_election(store, &ctx, a, &election).unwrap();
    assembly::open_vote(store, &ctx, MotionId(roll_call), VoteMethod::RollCall, DecisionRule::MajorityOfVotesCast)
        .unwrap();
    assembly::roll_call_vote(store, &ctx, MotionId(roll_call), PersonId(people[1].0), BallotOption::For).unwrap();
    let household = registry::padron_page(store, &ctx, code, None, 0, 1).unwrap()[0].id.0;
    let nomination = cabildo_services::consulta::LaunchForm {
        question: "¿A quién proponemos?".into(),
        kind: "nomination".into(),
        deadline: "2026-12-15".into(),
        ..Default::default()
    };
    let consulta = cabildo_services::consulta::launch(store, &ctx, central, &nomination).unwrap().id.0;
    let obligation = cabildo_services::obligations::ObligationForm {
        office: own_office.to_string(),
        target: code.into(),
        cadence: "every_assembly".into(),
        ..Default::default()
    };
    let obligation = cabildo_services::obligations::state(store, &ctx, code, &obligation).unwrap().id.0;
    let demand = cabildo_services::obligations::DemandForm {
        office: own_office.to_string(),
        title: "Que explique".into(),
        ..Default::default()
    };
    let demand = cabildo_services::obligations::move_demand(store, &ctx, a, &demand).unwrap().record.id;
    let family = registry::padron_page(store, &ctx, code, None, 1, 1).unwrap()[0].id.0;
    let dues =
        cabildo_services::ledger::DuesForm { amount: "20".into(), cadence: "yearly".into(), share: String::new() };
    cabildo_services::ledger::set_dues(store, &ctx, code, &dues).unwrap();
    cabildo_services::ledger::charge_dues(store, &ctx, code, "2026").unwrap();
    let pay =
        cabildo_services::ledger::PayForm { family: family.to_string(), amount: "20".into(), ..Default::default() };
    let receipt = cabildo_services::ledger::pay(store, &ctx, code, &pay).unwrap().receipt.code;
    Place {
        family,
        receipt,
        body: app.body(code),
        household,
        assembly: a.0,
        pending,
        roll_call,
        people,
        consulta,
        own_office,
        recall,
        delegation,
        obligation,
        demand,
    }
}

/// One route of the walk: the permission it needs on the body it touches, and the request for a
/// place (path and JSON body), given a counter that makes each request's new records unique.
struct Route {
    method: &'static str,
    template: &'static str,
    action: Action,
    request: fn(&Place, u32) -> (String, Option<Value>),
}

fn routes() -> Vec<Route> {
    fn r(
        method: &'static str,
        template: &'static str,
        action: Action,
        request: fn(&Place, u32) -> (String, Option<Value>),
    ) -> Route {
        Route { method, template, action, request }
    }
    vec![
        r("get", "/api/v1/assemblies/{id}", Action::ViewBody, |p, _| {
            (format!("/api/v1/assemblies/{}", p.assembly), None)
        }),
        r("get", "/api/v1/assemblies/{id}/attendance", Action::ViewMembers, |p, _| {
            (format!("/api/v1/assemblies/{}/attendance?limit=1000", p.assembly), None)
        }),
        r("get", "/api/v1/assemblies/{id}/acta", Action::ViewMembers, |p, _| {
            (format!("/api/v1/assemblies/{}/acta", p.assembly), None)
        }),
        r("get", "/api/v1/bodies/{id}", Action::ViewBody, |p, _| (format!("/api/v1/bodies/{}", p.body), None)),
        r("get", "/api/v1/bodies/{id}/ledger/families/{family}", Action::ViewBooks, |p, _| {
            (format!("/api/v1/bodies/{}/ledger/families/{}", p.body, p.family), None)
        }),
        r("get", "/api/v1/bodies/{id}/ledger/receipts/{receipt}", Action::ViewBooks, |p, _| {
            (format!("/api/v1/bodies/{}/ledger/receipts/{}", p.body, p.receipt), None)
        }),
        r("get", "/api/v1/bodies/{id}/ledger/report", Action::ViewBooks, |p, _| {
            (format!("/api/v1/bodies/{}/ledger/report?period=2026", p.body), None)
        }),
        r("get", "/api/v1/bodies/{id}/ledger/publication", Action::ViewMembers, |p, _| {
            (format!("/api/v1/bodies/{}/ledger/publication", p.body), None)
        }),
        r("put", "/api/v1/bodies/{id}/ledger/publication", Action::EditStatute, |p, _| {
            (format!("/api/v1/bodies/{}/ledger/publication", p.body), Some(json!({})))
        }),
        r("delete", "/api/v1/bodies/{id}/ledger/publication", Action::EditStatute, |p, _| {
            (format!("/api/v1/bodies/{}/ledger/publication", p.body), None)
        }),
        r("get", "/api/v1/bodies/{id}/ledger/arrears", Action::ViewBooks, |p, _| {
            (format!("/api/v1/bodies/{}/ledger/arrears?day=2026-12-31", p.body), None)
        }),
        r("post", "/api/v1/bodies/{id}/ledger/payments", Action::KeepBooks, |p, _| {
            (
                format!("/api/v1/bodies/{}/ledger/payments", p.body),
                Some(json!({"family": p.family.to_string(), "amount": "5"})),
            )
        }),
        // An empty file: refused by its header once the permission is granted.
        r("post", "/api/v1/bodies/{id}/ledger/import", Action::KeepBooks, |p, _| {
            (format!("/api/v1/bodies/{}/ledger/import", p.body), None)
        }),
        r("get", "/api/v1/bodies/{id}/padron", Action::ViewMembers, |p, _| {
            (format!("/api/v1/bodies/{}/padron?per_page=500", p.body), None)
        }),
        r("get", "/api/v1/households/{id}", Action::ViewMembers, |p, _| {
            (format!("/api/v1/households/{}", p.household), None)
        }),
        r("post", "/api/v1/assemblies/{id}/attendance", Action::RunAssembly, |p, _| {
            (format!("/api/v1/assemblies/{}/attendance", p.assembly), Some(json!({"person_id": p.people[0].0})))
        }),
        r("post", "/api/v1/assemblies/{id}/elections", Action::RunAssembly, |p, _| {
            let candidates = [p.people[0].0, p.people[1].0];
            let election = json!({"office_title": "Vocal", "rule": "plurality", "candidates": candidates});
            (format!("/api/v1/assemblies/{}/elections", p.assembly), Some(election))
        }),
        r("post", "/api/v1/assemblies/{id}/motions", Action::RunAssembly, |p, n| {
            let motion = json!({"title": format!("Moción {n}"), "text": "Texto", "proposer": p.people[0].1});
            (format!("/api/v1/assemblies/{}/motions", p.assembly), Some(motion))
        }),
        r("post", "/api/v1/assemblies/{id}/consultas", Action::RunAssembly, |p, _| {
            let nomination = json!({"consulta_id": p.consulta.to_string(), "candidates": [p.people[0].0]});
            (format!("/api/v1/assemblies/{}/consultas", p.assembly), Some(nomination))
        }),
        r("get", "/api/v1/delegations/{id}", Action::RunAssembly, |p, _| {
            (format!("/api/v1/delegations/{}", p.delegation), None)
        }),
        r("get", "/api/v1/delegations/{id}/credentials", Action::RunAssembly, |p, _| {
            (format!("/api/v1/delegations/{}/credentials", p.delegation), None)
        }),
        r("post", "/api/v1/delegations/{id}/elections", Action::RunAssembly, |p, n| {
            let election = json!({"assembly_id": p.assembly, "seat": 1, "role": "holder", "rule": "plurality",
                "candidates": [p.people[0].0, p.people[1].0], "title": format!("Delegado {n}")});
            (format!("/api/v1/delegations/{}/elections", p.delegation), Some(election))
        }),
        r("get", "/api/v1/bodies/{id}/recalls", Action::ViewBody, |p, _| {
            (format!("/api/v1/bodies/{}/recalls", p.body), None)
        }),
        r("get", "/api/v1/recalls/{id}", Action::ViewBody, |p, _| (format!("/api/v1/recalls/{}", p.recall), None)),
        r("post", "/api/v1/assemblies/{id}/recalls", Action::RunAssembly, |p, n| {
            let motion = json!({"office_id": p.own_office, "title": format!("Revocatoria {n}"), "text": "Texto", "proposer": p.people[0].1});
            (format!("/api/v1/assemblies/{}/recalls", p.assembly), Some(motion))
        }),
        r("post", "/api/v1/motions/{id}/roll-call", Action::RunAssembly, |p, _| {
            (
                format!("/api/v1/motions/{}/roll-call", p.roll_call),
                Some(json!({"person_id": p.people[0].0, "option": "for"})),
            )
        }),
        r("post", "/api/v1/motions/{id}/vote", Action::RunAssembly, |p, _| {
            (format!("/api/v1/motions/{}/vote", p.pending[0]), Some(json!({"method": "show_of_hands"})))
        }),
        r("post", "/api/v1/motions/{id}/withdraw", Action::RunAssembly, |p, _| {
            (format!("/api/v1/motions/{}/withdraw", p.pending[1]), None)
        }),
        r("post", "/api/v1/motions/{id}/no-quorum", Action::RunAssembly, |p, _| {
            (format!("/api/v1/motions/{}/no-quorum", p.pending[2]), None)
        }),
        r("post", "/api/v1/motions/{id}/close", Action::RunAssembly, |p, _| {
            (format!("/api/v1/motions/{}/close", p.roll_call), None)
        }),
        r("put", "/api/v1/assemblies/{id}/acta/notes", Action::RunAssembly, |p, _| {
            (format!("/api/v1/assemblies/{}/acta/notes", p.assembly), Some(json!({"notes": "Sin observaciones."})))
        }),
        r("post", "/api/v1/assemblies/{id}/acta/seal", Action::RunAssembly, |p, _| {
            (format!("/api/v1/assemblies/{}/acta/seal", p.assembly), None)
        }),
        r("post", "/api/v1/assemblies/{id}/acta/signatures", Action::ViewMembers, |p, _| {
            let signature = json!({"role": "secretario_actas", "password": demo::DEMO_PASSWORD});
            (format!("/api/v1/assemblies/{}/acta/signatures", p.assembly), Some(signature))
        }),
        r("post", "/api/v1/bodies/{id}/offices", Action::EditRegister, |p, n| {
            let office = json!({"title": format!("Vocal {n}"), "given_names": "Inti", "first_surname": "Choque", "term_start": "2026-01-01"});
            (format!("/api/v1/bodies/{}/offices", p.body), Some(office))
        }),
        r("get", "/api/v1/bodies/{id}/obligations", Action::ViewBody, |p, _| {
            (format!("/api/v1/bodies/{}/obligations", p.body), None)
        }),
        r("post", "/api/v1/bodies/{id}/obligations", Action::EditStatute, |p, _| {
            let obligation =
                json!({"office": p.own_office.to_string(), "target": p.body.to_string(), "cadence": "year"});
            (format!("/api/v1/bodies/{}/obligations", p.body), Some(obligation))
        }),
        r("get", "/api/v1/obligations/{id}", Action::ViewBody, |p, _| {
            (format!("/api/v1/obligations/{}", p.obligation), None)
        }),
        r("post", "/api/v1/obligations/{id}/end", Action::EditStatute, |p, _| {
            (format!("/api/v1/obligations/{}/end", p.obligation), Some(json!({})))
        }),
        r("get", "/api/v1/offices/{id}/obligations", Action::ViewBody, |p, _| {
            (format!("/api/v1/offices/{}/obligations", p.own_office), None)
        }),
        r("get", "/api/v1/demands/{id}", Action::ViewBody, |p, _| (format!("/api/v1/demands/{}", p.demand), None)),
        r("post", "/api/v1/demands/{id}/close", Action::RunAssembly, |p, _| {
            (format!("/api/v1/demands/{}/close", p.demand), None)
        }),
        r("get", "/api/v1/assemblies/{id}/accountability", Action::ViewBody, |p, _| {
            (format!("/api/v1/assemblies/{}/accountability", p.assembly), None)
        }),
        r("post", "/api/v1/assemblies/{id}/visitors", Action::RunAssembly, |p, _| {
            (format!("/api/v1/assemblies/{}/visitors", p.assembly), Some(json!({"office_id": p.own_office})))
        }),
        r("post", "/api/v1/assemblies/{id}/demands", Action::RunAssembly, |p, n| {
            let demand = json!({"office_id": p.own_office, "title": format!("Demanda {n}")});
            (format!("/api/v1/assemblies/{}/demands", p.assembly), Some(demand))
        }),
        r("post", "/api/v1/bodies/{id}/households", Action::EditRegister, |p, n| {
            let household =
                json!({"given_names": "Rosa", "first_surname": "Flores", "parcel": {"code": format!("WALK-{n}")}});
            (format!("/api/v1/bodies/{}/households", p.body), Some(household))
        }),
    ]
}

/// Signed-in viewers: the demo's accounts and `fuera`; then nobody.
fn viewers() -> Vec<(Who<'static>, Vec<(Role, &'static str)>)> {
    let mut out: Vec<(Who<'static>, Vec<(Role, &'static str)>)> =
        demo::DEMO_ACCOUNTS.iter().map(|(u, role, body)| (Who::User(u), vec![(*role, *body)])).collect();
    out.push((Who::User(FUERA.0), vec![(FUERA.1, FUERA.2)]));
    out.push((Who::Anonymous, Vec::new()));
    out
}

fn name_of(who: Who<'_>) -> String {
    match who {
        Who::User(u) | Who::Token(u) => u.to_string(),
        Who::Anonymous => "nobody".into(),
    }
}

/// The fields named anywhere in a schema (following `$ref`, `allOf`/`oneOf`/`anyOf`, `items`
/// and `additionalProperties`).
fn fields_of(doc: &Value, schema: &Value, seen: &mut BTreeSet<String>, out: &mut BTreeSet<String>) {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.trim_start_matches("#/components/schemas/").to_string();
        if seen.insert(name.clone()) {
            fields_of(doc, &doc["components"]["schemas"][&name], seen, out);
        }
        return;
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        for part in schema[key].as_array().into_iter().flatten() {
            fields_of(doc, part, seen, out);
        }
    }
    for key in ["items", "additionalProperties"] {
        if schema[key].is_object() {
            fields_of(doc, &schema[key], seen, out);
        }
    }
    for (name, property) in schema["properties"].as_object().into_iter().flatten() {
        out.insert(name.clone());
        fields_of(doc, property, seen, out);
    }
}

/// Every operation of the document whose request or successful answer mentions a person.
fn person_routes(doc: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let mut schemas: Vec<&Value> = Vec::new();
            for content in operation["requestBody"]["content"].as_object().into_iter().flatten() {
                schemas.push(&content.1["schema"]);
            }
            for (status, response) in operation["responses"].as_object().into_iter().flatten() {
                if status.starts_with('2') {
                    for content in response["content"].as_object().into_iter().flatten() {
                        schemas.push(&content.1["schema"]);
                    }
                }
            }
            let mut fields = BTreeSet::new();
            for schema in schemas {
                fields_of(doc, schema, &mut BTreeSet::new(), &mut fields);
            }
            if person_fields().any(|f| fields.contains(f)) {
                out.insert((method.clone(), path.clone()));
            }
        }
    }
    out
}

/// The names of office holders in an answer.
fn holders_in(value: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    match value {
        Value::Object(fields) => {
            for (name, field) in fields {
                match (name.as_str(), field) {
                    ("holder", Value::String(holder)) => {
                        out.insert(holder.clone());
                    }
                    _ => out.extend(holders_in(field)),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| out.extend(holders_in(i))),
        _ => {}
    }
    out
}

/// The private fields present anywhere in an answer.
fn private_fields(value: &Value, found: &mut BTreeSet<String>) {
    match value {
        Value::Object(fields) => {
            for (name, field) in fields {
                if PRIVATE_FIELDS.contains(&name.as_str()) {
                    found.insert(name.clone());
                }
                private_fields(field, found);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| private_fields(i, found)),
        _ => {}
    }
}

fn every_route_with_a_person_keeps_to_the_actors_subtree(db: &Db) {
    let app = TestApp::demo(db).families(200).with_user(FUERA.0, FUERA.1, FUERA.2).build();
    let inside = setup_place(&app, "F1-C01-S01");
    let outside = setup_place(&app, "F2-C01-S01");
    let tree = registry::snapshot(&app.state.store).unwrap().registry.tree.clone();
    let doc = app.block_on(app.api_ok("GET", "/api/v1/openapi.json", Who::Anonymous, None, StatusCode::OK));

    // Every route with a person is walked; every route walked is in the document.
    let walked: BTreeSet<(String, String)> =
        routes().iter().map(|r| (r.method.to_string(), r.template.to_string())).collect();
    let found = person_routes(&doc);
    let forgotten: Vec<_> =
        found.difference(&walked).filter(|(m, p)| !OWN_ROUTES.contains(&(m.as_str(), p.as_str()))).collect();
    assert!(forgotten.is_empty(), "routes with a person the walk does not cover: {forgotten:?}");
    for (method, path) in &walked {
        assert!(!doc["paths"][path][method].is_null(), "{method} {path} is not in the OpenAPI document");
    }

    let names: Vec<&String> = inside.people.iter().chain(&outside.people).map(|(_, n)| n).collect();
    let mut counter = 0;
    let mut wrong = Vec::new();
    for route in routes() {
        for place in [&inside, &outside] {
            for (who, roles) in viewers() {
                counter += 1;
                let grants: Vec<Grant> =
                    roles.iter().map(|(role, code)| Grant { role: *role, body: BodyId(app.body(code)) }).collect();
                let body = BodyId(place.body);
                let allowed = cabildo_domain::access::allows(&grants, &tree, route.action, body);
                let sees_members = cabildo_domain::access::allows(&grants, &tree, Action::ViewMembers, body);
                let (path, json) = (route.request)(place, counter);
                // Reads cannot write; a refused write must change nothing.
                let before = (!allowed && route.method != "get").then(|| db.raw_tables());
                let (status, answer) = app.block_on(app.api(&route.method.to_uppercase(), &path, who, json.as_ref()));
                let label = format!("{} {path} as {}", route.method, name_of(who));
                if !allowed {
                    // Refused: signed out 401 (signing needs an account: 409), signed in 403.
                    let expected: &[u16] = match who {
                        Who::Anonymous if route.template.ends_with("/signatures") => &[401, 409],
                        Who::Anonymous => &[401],
                        // The arrears summary does not tell who is not of the body that it exists.
                        _ if route.template.ends_with("/ledger/arrears") && !sees_members => &[404],
                        _ => &[403],
                    };
                    if !expected.contains(&status.as_u16()) {
                        wrong.push(format!("{label}: {status}, expected {expected:?}: {answer}"));
                    }
                    if before.as_ref().is_some_and(|before| *before != db.raw_tables()) {
                        wrong.push(format!("{label} was refused but changed the database"));
                    }
                    continue;
                }
                if matches!(status.as_u16(), 401 | 403) || status.is_server_error() {
                    wrong.push(format!("{label}: {status}, but the role allows it: {answer}"));
                    continue;
                }
                if status.is_success() && !sees_members {
                    let mut private = BTreeSet::new();
                    private_fields(&answer, &mut private);
                    // Officers' names are public by their office: one may be a namesake of a member.
                    let text = answer.to_string();
                    let holders = holders_in(&answer);
                    let leaked: Vec<&&String> =
                        names.iter().filter(|n| text.contains(n.as_str()) && !holders.contains(**n)).collect();
                    if !private.is_empty() || !leaked.is_empty() {
                        wrong.push(format!("{label} shows {private:?} and the names {leaked:?}"));
                    }
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{} wrong answers:\n{}", wrong.len(), wrong.join("\n"));
}

/// A request that must be refused with `status` and `code`, titled in words, changing nothing.
fn refused(app: &TestApp, db: &Db, who: &str, method: &str, path: &str, body: Value, (status, code): (u16, &str)) {
    let before = db.raw_tables();
    let (got, problem) = app.block_on(app.api(method, path, who, Some(&body)));
    assert_eq!((got.as_u16(), problem["code"].as_str()), (status, Some(code)), "{method} {path} as {who}: {problem}");
    let title = problem["title"].as_str().unwrap_or_default();
    assert!(!title.is_empty() && title != code, "{code} has no message: {problem}");
    let after = db.raw_tables();
    let changed: Vec<&String> = after.keys().filter(|t| after.get(*t) != before.get(*t)).collect();
    assert!(changed.is_empty(), "{method} {path} as {who} was refused ({code}) but changed {changed:?}");
}

/// Those entitled to attend an assembly convened (by the operator) in `code`: person id, name,
/// household id and member card code.
fn people_of(app: &TestApp, code: &str) -> Vec<(i64, String, i64, String)> {
    let (store, ctx) = (&app.state.store, op());
    let form = ConveneForm {
        kind: "ordinaria".into(),
        title: "Lista".into(),
        scheduled_for: "2026-11-30 09:00".into(),
        place: "Sede".into(),
        agenda: String::new(),
    };
    let a = assembly::convene(store, &ctx, code, &form).unwrap().id;
    let people: Vec<_> = assembly::door(store, &ctx, a, None, 10_000)
        .unwrap()
        .into_iter()
        .map(|l| {
            let e = l.eligible;
            (e.person_id.0, e.name.display(), e.household_id.unwrap().0, e.card_code.unwrap())
        })
        .collect();
    assembly::cancel(store, &ctx, a).unwrap();
    assert!(!people.is_empty(), "{code} has no families");
    people
}

fn people_from_elsewhere_are_refused_everywhere(db: &Db) {
    let app = TestApp::demo(db)
        .families(200)
        .with_sindicato("F1-C01", SIBLING, "Sindicato Vecino", 3)
        .with_user(FUERA.0, FUERA.1, FUERA.2)
        .build();
    let inside = setup_place(&app, "F1-C01-S01");
    let f2 = people_of(&app, "F2-C01-S01");
    // A sindicato beside F1-C01-S01 in the same central: out of reach of its secretario de
    // actas, within reach of the federation's dirigente.
    let sibling = people_of(&app, SIBLING);
    let (a, s) = (inside.assembly, inside.body);
    let (f2_person, sibling_person) = (f2[0].0, sibling[0].0);
    let elections = format!("/api/v1/assemblies/{a}/elections");
    let election =
        |candidates: Vec<i64>| json!({"office_title": "Vocal", "rule": "plurality", "candidates": candidates});

    // Candidates from another federation, from a sibling sindicato, or 2,000 of them: refused
    // whole. Whoever may not see the person is told there is no such person.
    for who in ["actas", "dirigente"] {
        refused(&app, db, who, "POST", &elections, election(vec![f2_person]), (404, "unknown_person"));
        let mixed = election(vec![inside.people[0].0, f2_person]);
        refused(&app, db, who, "POST", &elections, mixed, (404, "unknown_person"));
    }
    refused(&app, db, "actas", "POST", &elections, election(vec![sibling_person]), (404, "unknown_person"));
    refused(&app, db, "dirigente", "POST", &elections, election(vec![sibling_person]), (409, "not_eligible"));
    refused(&app, db, "admin", "POST", &elections, election(vec![f2_person]), (409, "not_eligible"));
    let many: Vec<i64> = (1..=2_000).collect();
    for who in ["actas", "dirigente", "admin"] {
        refused(&app, db, who, "POST", &elections, election(many.clone()), (409, "too_many_candidates"));
    }
    let fifty: Vec<i64> = inside.people.iter().map(|p| p.0).cycle().take(51).collect();
    refused(&app, db, "actas", "POST", &elections, election(fifty), (409, "too_many_candidates"));

    // Someone of another federation at the door, by person, household or member card; in a roll
    // call.
    let attendance = format!("/api/v1/assemblies/{a}/attendance");
    for who in ["actas", "dirigente", "admin"] {
        refused(&app, db, who, "POST", &attendance, json!({"person_id": f2_person}), (409, "not_eligible"));
        refused(&app, db, who, "POST", &attendance, json!({"household_id": f2[0].2}), (409, "not_eligible"));
        refused(&app, db, who, "POST", &attendance, json!({"card_code": f2[0].3}), (409, "unknown_card"));
        refused(&app, db, who, "POST", &attendance, json!({"person_id": sibling_person}), (409, "not_eligible"));
        let roll_call = format!("/api/v1/motions/{}/roll-call", inside.roll_call);
        refused(
            &app,
            db,
            who,
            "POST",
            &roll_call,
            json!({"person_id": f2_person, "option": "for"}),
            (409, "not_present"),
        );
    }

    // An observador reads the assembly: the counts, no name, no roll call by name.
    app.block_on(async {
        let path = format!("/api/v1/assemblies/{a}");
        let seen = app.api_ok("GET", &path, "observador", None, StatusCode::OK).await;
        assert_eq!(seen["sees_members"], false, "{seen}");
        let roll_call = seen["motions"].as_array().unwrap().iter().find(|m| m["id"] == inside.roll_call).unwrap();
        assert_eq!(roll_call["counts"]["for"], 1, "{roll_call}");
        let election = seen["motions"].as_array().unwrap().iter().find(|m| m["kind"] == "election").unwrap();
        assert_eq!(election["status"], "pending");
        for m in seen["motions"].as_array().unwrap() {
            for field in ["proposer", "candidates", "roll_call"] {
                assert!(m.get(field).is_none(), "an observador sees {field}: {m}");
            }
        }
        let text = seen.to_string();
        for (_, name) in &inside.people {
            assert!(!text.contains(name.as_str()), "an observador reads {name}: {text}");
        }
        // The afiliado of the sindicato sees the names.
        let seen = app.api_ok("GET", &path, "afiliado", None, StatusCode::OK).await;
        assert_eq!(seen["sees_members"], true);
        let roll_call = seen["motions"].as_array().unwrap().iter().find(|m| m["id"] == inside.roll_call).unwrap();
        assert_eq!(roll_call["roll_call"][0]["name"], inside.people[1].1.as_str(), "{roll_call}");
        assert_eq!(roll_call["proposer"], inside.people[0].1.as_str());
        let election = seen["motions"].as_array().unwrap().iter().find(|m| m["kind"] == "election").unwrap();
        assert_eq!(election["candidates"][0]["name"], inside.people[0].1.as_str(), "{election}");
        // The motion's page, as the observador opens it: counts by option, no name.
        let page = app.get(&format!("/assemblies/{a}/motions/{}", inside.roll_call), "observador").await;
        assert_eq!(page.status, StatusCode::OK);
        for (_, name) in &inside.people {
            assert!(!page.body.contains(name.as_str()), "the motion page shows an observador {name}");
        }
        assert!(page.body.contains("id=\"names-withheld\""), "{}", page.body);
    });

    // The attack: the secretario de actas makes an open-composition comisión below the
    // sindicato, convenes it, and names people of another federation as candidates.
    let comision = app.block_on(async {
        let body = json!({"name": "Comisión del agua", "kind": "comision", "composition": "open"});
        let made =
            app.api_ok("POST", &format!("/api/v1/bodies/{s}/bodies"), "actas", Some(body), StatusCode::CREATED).await;
        let c = made["id"].as_i64().unwrap();
        let convocatoria =
            json!({"kind": "ordinaria", "title": "Comisión", "scheduled_for": "2026-11-30T10:00", "place": "Sede"});
        let path = format!("/api/v1/bodies/{c}/assemblies");
        let assembly = app.api_ok("POST", &path, "actas", Some(convocatoria), StatusCode::CREATED).await;
        let id = assembly["id"].as_i64().unwrap();
        app.api_ok("POST", &format!("/api/v1/assemblies/{id}/open"), "actas", None, StatusCode::OK).await;
        (c, id)
    });
    let (c, ca) = comision;
    let elections = format!("/api/v1/assemblies/{ca}/elections");
    refused(&app, db, "actas", "POST", &elections, election(vec![f2_person]), (404, "unknown_person"));
    refused(&app, db, "actas", "POST", &elections, election(many.clone()), (409, "too_many_candidates"));
    refused(&app, db, "admin", "POST", &elections, election(vec![f2_person]), (409, "candidate_outside_register"));
    refused(
        &app,
        db,
        "dirigente",
        "POST",
        &elections,
        election(vec![sibling_person]),
        (409, "candidate_outside_register"),
    );

    // People of the sindicato that convened it may stand, and the one elected by phone is one
    // of them.
    app.block_on(async {
        let (p0, p1) = (&inside.people[0], &inside.people[1]);
        let made = app.api_ok("POST", &elections, "actas", Some(election(vec![p0.0, p1.0])), StatusCode::CREATED).await;
        let e = made["id"].as_i64().unwrap();
        let tickets = app
            .api_ok(
                "POST",
                &format!("/api/v1/assemblies/{ca}/tickets"),
                "actas",
                Some(json!({"count": 3})),
                StatusCode::CREATED,
            )
            .await;
        let opening = json!({"method": "phone"});
        app.api_ok("POST", &format!("/api/v1/motions/{e}/vote"), "actas", Some(opening), StatusCode::OK).await;
        let view = app.api_ok("GET", &format!("/api/v1/assemblies/{ca}"), "actas", None, StatusCode::OK).await;
        let motion = view["motions"].as_array().unwrap().iter().find(|m| m["id"] == e).unwrap().clone();
        let first = motion["candidates"][0]["option"].as_str().unwrap().to_string();
        assert_eq!(motion["candidates"][0]["person_id"], p0.0);
        for ticket in tickets["codes"].as_array().unwrap() {
            let vote = json!({"ticket": ticket, "option": first});
            let (status, answer) =
                app.request("POST", &format!("/api/v1/motions/{e}/phone-votes")).json(&vote).api().await;
            assert_eq!(status, StatusCode::OK, "{answer}");
        }
        let result = app.api_ok("POST", &format!("/api/v1/motions/{e}/close"), "actas", None, StatusCode::OK).await;
        assert_eq!(result["elected"], p0.1.as_str(), "{result}");
        let body = app.api_ok("GET", &format!("/api/v1/bodies/{c}"), "actas", None, StatusCode::OK).await;
        assert!(body.to_string().contains(p0.1.as_str()), "{body}");
    });
    let offices = app.state.store.read(|r| r.offices(BodyId(c))).unwrap();
    assert_eq!(offices.iter().map(|o| o.person_id.0).collect::<Vec<_>>(), vec![inside.people[0].0]);
}
