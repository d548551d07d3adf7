//! A consulta's results at every level, through the API, the pages, the radio text and the CSV,
//! checked against a computation of the test's own. End to end: the demo Trópico's confederation
//! launches a consulta under each rule and the sindicatos answer from their own assemblies (some
//! late, some never), through the use-cases. The other tests write consultas and answers behind
//! the application's back, as rows (`Fixture`), to shape cases the flow would take long to build.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use axum::http::StatusCode;
use cabildo_domain::access::Role;
use serde_json::Value;

use cabildo_domain::assembly::{AssemblyId, BallotOption, DecisionRule, VoteMethod};
use cabildo_services::assembly;
use cabildo_services::consulta::{self as consultas, AgendaForm, LaunchForm};
use cabildo_services::{Ctx, Store};

use crate::support::{Db, TestApp, date, hold_assembly, on_both_backends, op_on, today};

on_both_backends!(
    the_trópico_answers_from_its_assemblies_and_every_level_adds_up,
    every_level_adds_up_under_each_rule,
    the_pages_show_every_level_with_bars_words_and_a_file,
    only_accounts_that_reach_the_consulted_subtree_see_the_results,
);

/// A public id for a row written by hand: a UUIDv7 literal of the backend.
fn uid(db: &Db, n: u64) -> String {
    let hex = format!("0192f0c17a3e70008000{n:012x}");
    if db.is_postgres() { format!("'{hex}'::uuid") } else { format!("X'{hex}'") }
}

/// The tree as stored: body → (parent, code).
struct TreeRows {
    parent: HashMap<i64, Option<i64>>,
    code: HashMap<i64, String>,
    kind: HashMap<i64, String>,
    members: HashMap<i64, u64>,
}

impl TreeRows {
    fn read(db: &Db) -> TreeRows {
        let mut parent = HashMap::new();
        let mut code = HashMap::new();
        let mut kind = HashMap::new();
        for line in db.raw_texts(
            "SELECT CAST(id AS TEXT) || ',' || COALESCE(CAST(parent_id AS TEXT), '') || ',' || code || ',' || kind \
             FROM bodies",
        ) {
            let parts: Vec<&str> = line.split(',').collect();
            let id: i64 = parts[0].parse().unwrap();
            parent.insert(id, parts[1].parse().ok());
            code.insert(id, parts[2].to_string());
            kind.insert(id, parts[3].to_string());
        }
        let mut members = HashMap::new();
        for line in db.raw_texts(
            "SELECT CAST(body_id AS TEXT) || ',' || CAST(COUNT(*) AS TEXT) FROM households \
             WHERE ended_on IS NULL GROUP BY body_id",
        ) {
            let (id, n) = line.split_once(',').unwrap();
            members.insert(id.parse().unwrap(), n.parse().unwrap());
        }
        TreeRows { parent, code, kind, members }
    }

    fn id(&self, code: &str) -> i64 {
        *self.code.iter().find(|(_, c)| c.as_str() == code).unwrap().0
    }

    /// Whether `body` is `top` or below it.
    fn within(&self, body: i64, top: i64) -> bool {
        let mut at = Some(body);
        while let Some(b) = at {
            if b == top {
                return true;
            }
            at = self.parent[&b];
        }
        false
    }

    fn below(&self, top: i64, kind: &str) -> Vec<i64> {
        let mut out: Vec<i64> = self
            .kind
            .iter()
            .filter(|(id, k)| k.as_str() == kind && self.within(**id, top))
            .map(|(id, _)| *id)
            .collect();
        out.sort_unstable();
        out
    }
}

/// One answer written by hand.
#[derive(Clone, Debug)]
struct Answer {
    body: i64,
    /// Index of the adopted option; `None`: a tie.
    adopted: Option<usize>,
    votes: Vec<u64>,
    members: u64,
    late: bool,
}

/// A consulta written as rows, with its answers.
struct Fixture {
    id: i64,
    root: i64,
    rule: &'static str,
    options: Vec<i64>,
    bases: Vec<i64>,
    answers: Vec<Answer>,
    /// Votes of bodies that are not bases: never counted.
    own: Vec<Answer>,
}

/// A small deterministic generator (the test must give the same case on every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

impl Fixture {
    /// A yes/no consulta of `root` to every sindicato below it: about three in four answer (one
    /// in four of those late), one answers a tie, and each central with an answering base holds
    /// its own vote too.
    fn write(db: &Db, tree: &TreeRows, n: i64, root: i64, rule: &'static str, seed: u64) -> Fixture {
        let id = 100 + n;
        let options = vec![id * 10 + 1, id * 10 + 2];
        let bases = tree.below(root, "sindicato");
        let mut rng = Lcg(seed);
        let mut answers = Vec::new();
        for (i, base) in bases.iter().enumerate() {
            if rng.next(4) == 0 && i != 0 {
                continue;
            }
            let present = tree.members.get(base).copied().unwrap_or(0);
            let yes = rng.next(present.max(1));
            let no = rng.next(present.saturating_sub(yes).max(1));
            let adopted = if i == 1 { None } else { Some(usize::from(no > yes)) };
            let votes = if adopted.is_none() { vec![yes, yes] } else { vec![yes, no] };
            answers.push(Answer {
                body: *base,
                adopted,
                votes,
                members: present + rng.next(3),
                late: rng.next(4) == 0,
            });
        }
        let centrales: BTreeSet<i64> = answers.iter().filter_map(|a| tree.parent[&a.body]).collect();
        let own = centrales
            .iter()
            .map(|c| Answer { body: *c, adopted: Some(1), votes: vec![0, 40], members: 999, late: false })
            .collect();
        let fixture = Fixture { id, root, rule, options, bases, answers, own };
        fixture.insert(db, n);
        fixture
    }

    fn insert(&self, db: &Db, n: i64) {
        let id = self.id;
        let mut sql = format!(
            "INSERT INTO consultas (id, public_id, body_id, kind, rule, base_kind, question, text, deadline, \
             launched_at, launched_by) VALUES ({id}, {}, {}, 'yes_no', '{}', 'sindicato', \
             '¿Marchamos el lunes? ({n})', 'Consulta de prueba', '2026-11-20', 1794000000, 'admin');",
            uid(db, u64::try_from(id).unwrap()),
            self.root,
            self.rule
        );
        for (i, (option, label)) in self.options.iter().zip(["yes", "no"]).enumerate() {
            sql.push_str(&format!(
                "INSERT INTO consulta_options (id, consulta_id, number, label) VALUES ({option}, {id}, {}, '{label}');",
                i + 1
            ));
        }
        for base in &self.bases {
            sql.push_str(&format!("INSERT INTO consulta_bases (consulta_id, body_id) VALUES ({id}, {base});"));
        }
        for (k, answer) in self.answers.iter().chain(&self.own).enumerate() {
            let row = id * 1000 + i64::try_from(k).unwrap();
            let row_uid = u64::try_from(row).unwrap();
            sql.push_str(&format!(
                "INSERT INTO assemblies (id, public_id, body_id, kind, title, scheduled_for, place, status, convened_at) \
                 VALUES ({row}, {}, {}, 'ordinaria', 'Asamblea', '2026-11-15T09:00', 'Sede', 'closed', 1794000000);",
                uid(db, 1_000_000 + row_uid),
                answer.body
            ));
            sql.push_str(&format!(
                "INSERT INTO motions (id, public_id, assembly_id, number, kind, title, text, proposer, status, consulta_id) \
                 VALUES ({row}, {}, {row}, 1, 'motion', 'Consulta', 'Consulta', 'Directiva', 'decided', {id});",
                uid(db, 2_000_000 + row_uid)
            ));
            let adopted = answer.adopted.map_or("NULL".to_string(), |i| self.options[i].to_string());
            sql.push_str(&format!(
                "INSERT INTO consulta_answers (consulta_id, body_id, motion_id, adopted_id, members, late, answered_at) \
                 VALUES ({id}, {}, {row}, {adopted}, {}, {}, {});",
                answer.body,
                answer.members,
                i64::from(answer.late),
                1_794_500_000 + row
            ));
            for (option, votes) in self.options.iter().zip(&answer.votes) {
                sql.push_str(&format!(
                    "INSERT INTO consulta_answer_votes (consulta_id, body_id, option_id, votes) \
                     VALUES ({id}, {}, {option}, {votes});",
                    answer.body
                ));
            }
        }
        db.raw_execute(&sql);
    }

    /// What the results at `top` must be, computed here from the rows written.
    fn expected(&self, tree: &TreeRows, top: i64) -> Expected {
        let answers: HashMap<i64, &Answer> = self.answers.iter().map(|a| (a.body, a)).collect();
        let mut e = Expected { tally: vec![0; self.options.len()], ..Expected::default() };
        let mut outstanding = 0;
        for base in self.bases.iter().filter(|b| tree.within(**b, top)) {
            e.total += 1;
            match answers.get(base) {
                Some(a) => {
                    e.answered += 1;
                    e.late += u64::from(a.late);
                    e.represented += a.members;
                    e.members_total += a.members;
                    match (self.rule, a.adopted) {
                        ("sum_of_votes", _) => {
                            for (t, v) in e.tally.iter_mut().zip(&a.votes) {
                                *t += v;
                            }
                        }
                        ("one_voice_per_base", Some(i)) => e.tally[i] += 1,
                        ("weighted_by_members", Some(i)) => e.tally[i] += a.members,
                        _ => {}
                    }
                }
                None => {
                    let members = tree.members.get(base).copied().unwrap_or(0);
                    e.missing += 1;
                    e.members_total += members;
                    outstanding += if self.rule == "one_voice_per_base" { 1 } else { members };
                }
            }
        }
        let mut ranked: Vec<(usize, u64)> = e.tally.iter().copied().enumerate().collect();
        ranked.sort_by_key(|r| std::cmp::Reverse(r.1));
        let (first, second) = (ranked[0], ranked.get(1).map_or(0, |r| r.1));
        if first.1 > 0 && first.1 > second {
            e.leading = Some(self.options[first.0]);
            e.decided = first.1 > second + outstanding;
        }
        e
    }
}

#[derive(Debug, Default, PartialEq)]
struct Expected {
    total: u64,
    answered: u64,
    late: u64,
    missing: u64,
    members_total: u64,
    represented: u64,
    tally: Vec<u64>,
    leading: Option<i64>,
    decided: bool,
}

fn got(level: &Value, options: &[i64]) -> Expected {
    let n = |k: &str| level[k].as_u64().unwrap();
    let tally: BTreeMap<i64, u64> = level["tally"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["option_id"].as_i64().unwrap(), t["weight"].as_u64().unwrap()))
        .collect();
    Expected {
        total: n("bases_total"),
        answered: n("bases_answered"),
        late: n("bases_late"),
        missing: n("bases_missing"),
        members_total: n("members_total"),
        represented: n("members_represented"),
        tally: options.iter().map(|o| tally[o]).collect(),
        leading: level["leading_option_id"].as_i64(),
        decided: level["decided"].as_bool().unwrap(),
    }
}

/// Reads the results of `f` through the API and checks every level against the test's own sums:
/// the bodies listed (every body with a base below it, once, parent before child), the counts, the
/// tally under the rule, the leading option, whether decided, and each own vote kept apart.
fn check_every_level(app: &TestApp, tree: &TreeRows, f: &Fixture) {
    let root = f.root;
    let doc =
        app.block_on(app.api_ok("GET", &format!("/api/v1/consultas/{}/results", f.id), "admin", None, StatusCode::OK));
    assert_eq!(doc["consulta"]["rule"], f.rule);
    let levels = doc["levels"].as_array().unwrap();
    // Every body with a base below it appears once, parent before child, the asking body first.
    let mut expected_bodies: BTreeSet<i64> = BTreeSet::from([root]);
    for base in &f.bases {
        let mut at = Some(*base);
        while let Some(b) = at {
            expected_bodies.insert(b);
            at = if b == root { None } else { tree.parent[&b] };
        }
    }
    let bodies: Vec<i64> = levels.iter().map(|l| l["body"]["id"].as_i64().unwrap()).collect();
    assert_eq!(bodies.iter().copied().collect::<BTreeSet<_>>(), expected_bodies);
    assert_eq!(bodies.len(), expected_bodies.len(), "a body listed twice");
    assert_eq!(bodies[0], root);
    let mut seen = BTreeSet::new();
    for level in levels {
        let body = level["body"]["id"].as_i64().unwrap();
        if let Some(parent) = level["parent_id"].as_i64() {
            assert!(seen.contains(&parent), "{body} before its parent {parent}");
            assert_eq!(tree.parent[&body], Some(parent));
        }
        seen.insert(body);
        assert_eq!(got(level, &f.options), f.expected(tree, body), "{} at {}", f.rule, tree.code[&body]);
        // A central's own vote is beside its roll-up, never in it.
        let own = f.own.iter().find(|o| o.body == body);
        assert_eq!(level["own_vote"].is_null(), own.is_none(), "{}", tree.code[&body]);
        if let Some(own) = own {
            let votes: Vec<u64> =
                level["own_vote"]["votes"].as_array().unwrap().iter().map(|v| v["votes"].as_u64().unwrap()).collect();
            assert_eq!(votes, own.votes, "{}", tree.code[&body]);
        }
    }
}

fn demo(db: &Db) -> TestApp {
    TestApp::demo(db)
        .families(2400)
        .with_user("base", Role::Afiliado, "F1-C01-S01")
        .with_user("otra", Role::Dirigente, "F2")
        .build()
}

fn every_level_adds_up_under_each_rule(db: &Db) {
    let app = demo(db);
    let tree = TreeRows::read(db);
    let root = tree.id("TROPICO");
    let rules = ["sum_of_votes", "one_voice_per_base", "weighted_by_members"];
    let fixtures: Vec<Fixture> = rules
        .iter()
        .enumerate()
        .map(|(n, rule)| Fixture::write(db, &tree, i64::try_from(n).unwrap(), root, rule, 7 + n as u64))
        .collect();
    for f in &fixtures {
        assert!(f.bases.len() >= 10, "a tree worth adding up: {} bases", f.bases.len());
        assert!(f.answers.len() < f.bases.len(), "some bases are missing");
        check_every_level(&app, &tree, f);
        // The rules give different tallies for the same kind of answers.
        let top = f.expected(&tree, root);
        assert!(top.tally.iter().sum::<u64>() > 0, "{}: {top:?}", f.rule);
        // Part of the subtree only.
        let f1 = tree.id("F1");
        let part = app.block_on(app.api_ok(
            "GET",
            &format!("/api/v1/consultas/{}/results?below=F1", f.id),
            "admin",
            None,
            StatusCode::OK,
        ));
        let part_levels = part["levels"].as_array().unwrap();
        assert_eq!(part_levels[0]["body"]["id"], f1);
        assert!(part_levels.iter().all(|l| tree.within(l["body"]["id"].as_i64().unwrap(), f1)));
        assert_eq!(got(&part_levels[0], &f.options), f.expected(&tree, f1));
    }
    // An unknown consulta is named as such.
    let (status, problem) = app.block_on(app.api("GET", "/api/v1/consultas/999999/results", "admin", None));
    assert_eq!((status, problem["code"].as_str()), (StatusCode::NOT_FOUND, Some("unknown_consulta")));
}

fn the_pages_show_every_level_with_bars_words_and_a_file(db: &Db) {
    let app = demo(db);
    let tree = TreeRows::read(db);
    let root = tree.id("TROPICO");
    let f = Fixture::write(db, &tree, 0, root, "one_voice_per_base", 11);
    let top = f.expected(&tree, root);
    let page = app.block_on(app.get(&format!("/consultas/{}/results", f.id), "dirigente"));
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let html = &page.body;
    assert!(html.contains("¿Marchamos el lunes? (0)"), "the question");
    assert!(html.contains(&format!("{} de {} bases respondieron", top.answered, top.total)), "{html}");
    // The bars: one SVG per option, its length the share, with the numbers beside it as text.
    assert!(html.matches("<svg class=\"bar\"").count() >= 2);
    assert!(html.contains("aria-labelledby=\"chart-title chart-desc\""), "the chart is described");
    assert!(html.contains(&format!("{} bases", top.tally[0])) || html.contains(&format!("{} base ", top.tally[0])));
    assert!(html.contains(">Sí<") && html.contains(">No<"), "the options in words, not codes");
    // The federations one level down, each a link to its own results.
    for federation in tree.below(root, "federacion") {
        if f.bases.iter().any(|b| tree.within(*b, federation)) {
            assert!(html.contains(&format!("results?body={federation}")), "a link to {}", tree.code[&federation]);
        }
    }
    // Missing bases named with their central.
    let missing: Vec<i64> = f.bases.iter().copied().filter(|b| !f.answers.iter().any(|a| a.body == *b)).collect();
    assert!(!missing.is_empty());
    assert!(html.contains(&format!("Faltan {} bases.", missing.len())) || html.contains("Falta 1 base."));
    // Drill down to a central: its own vote beside its bases' roll-up.
    let central = f.own[0].body;
    let page = app.block_on(app.get(&format!("/consultas/{}/results?body={central}", f.id), "dirigente"));
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"own-vote\""), "the central's own vote is shown");
    assert!(page.body.contains("no se suma"));
    // A base's page says what it answered.
    let answered = f.answers.iter().find(|a| a.adopted.is_some()).unwrap();
    let page = app.block_on(app.get(&format!("/consultas/{}/results?body={}", f.id, answered.body), "dirigente"));
    assert!(page.body.contains("Respuesta de esta base"), "{}", page.body);
    // A body outside the consulted subtree, or unknown, is not found.
    let page = app.block_on(app.get(&format!("/consultas/{}/results?body=99999", f.id), "dirigente"));
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    // The printable version, in English.
    let print =
        app.block_on(app.request("GET", &format!("/consultas/{}/results/print", f.id)).by("admin").lang("en").send());
    assert_eq!(print.status, StatusCode::OK);
    assert!(print.body.contains("results-print") && print.body.contains("Printed on"));
    assert!(print.body.contains(&format!("{} of {} bases answered", top.answered, top.total)));
    // The radio says the numbers in words.
    let radio = app.block_on(app.get(&format!("/consultas/{}/results/radio.txt", f.id), "admin"));
    assert!(radio.headers["content-type"].to_str().unwrap().starts_with("text/plain"));
    let words = cabildo_domain::numbers::in_words(
        cabildo_domain::spoken::Speech::Spanish,
        top.answered,
        cabildo_domain::numbers::Form::Feminine,
    );
    assert!(radio.body.contains(&format!("respondieron {words}")), "{}", radio.body);
    assert!(!radio.body.contains("results-"), "no untranslated id: {}", radio.body);
    // The CSV: a header, then one line per level, the tallies in their columns.
    let csv = app.block_on(app.get(&format!("/consultas/{}/results/export.csv", f.id), "admin"));
    assert_eq!(csv.status, StatusCode::OK);
    let doc =
        app.block_on(app.api_ok("GET", &format!("/api/v1/consultas/{}/results", f.id), "admin", None, StatusCode::OK));
    let lines: Vec<&str> = csv.body.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 1 + doc["levels"].as_array().unwrap().len());
    assert!(lines[0].starts_with("organismo;código;tipo;"), "{}", lines[0]);
    assert!(lines[0].ends_with(";Sí;No"), "{}", lines[0]);
    let root_line: Vec<&str> = lines[1].split(';').collect();
    assert_eq!(root_line[1], "TROPICO");
    assert_eq!(
        root_line[5..9],
        [top.total.to_string(), top.answered.to_string(), top.late.to_string(), top.missing.to_string()]
    );
    assert_eq!(root_line[14..], [top.tally[0].to_string(), top.tally[1].to_string()]);
}

fn only_accounts_that_reach_the_consulted_subtree_see_the_results(db: &Db) {
    let app = demo(db);
    let tree = TreeRows::read(db);
    // A consulta of federation F1: its officers, a base's afiliado, and the confederation's
    // accounts above it see it; an officer of F2 does not, nor does anyone signed out.
    let f1 = tree.id("F1");
    let f = Fixture::write(db, &tree, 0, f1, "sum_of_votes", 3);
    let api = format!("/api/v1/consultas/{}/results", f.id);
    let page = format!("/consultas/{}/results", f.id);
    for who in ["admin", "dirigente", "base", "observador"] {
        let (status, _) = app.block_on(app.api("GET", &api, who, None));
        assert_eq!(status, StatusCode::OK, "{who}");
        assert_eq!(app.block_on(app.get(&page, who)).status, StatusCode::OK, "{who}");
    }
    let (status, problem) = app.block_on(app.api("GET", &api, "otra", None));
    assert_eq!((status, problem["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")));
    let refused = app.block_on(app.get(&page, "otra"));
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(!refused.body.contains("Marchamos"), "nothing of the consulta shows");
    for path in [format!("{page}/radio.txt"), format!("{page}/export.csv"), format!("{page}/print")] {
        let reply = app.block_on(app.get(&path, "otra"));
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}");
        assert!(!reply.body.contains("Marchamos") && !reply.body.contains("F1-C01"), "{path}");
    }
    let (status, _) = app.block_on(app.api("GET", &api, crate::support::Who::Anonymous, None));
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // A body of another federation cannot be named to read past the subtree.
    let f2 = tree.id("F2");
    let (status, _) = app.block_on(app.api("GET", &format!("{api}?below={f2}"), "admin", None));
    assert_eq!(status, StatusCode::NOT_FOUND);
    let other = app.block_on(app.get(&format!("{page}?body=F2"), "dirigente"));
    assert_eq!(other.status, StatusCode::NOT_FOUND);
}

// --- end to end: answers from assemblies ------------------------------------------------------

/// Puts consulta `c` on the agenda of assembly `a` and votes it by show of hands, `yes` for and
/// `no` against; the close records the answer.
fn answer_by_hands(store: &Store, ctx: &Ctx, a: AssemblyId, c: i64, yes: u64, no: u64) {
    let form = AgendaForm { consulta: c.to_string(), ..AgendaForm::default() };
    let motion = consultas::put_on_agenda(store, ctx, a, &form).unwrap().id;
    assembly::open_vote(store, ctx, motion, VoteMethod::ShowOfHands, DecisionRule::MajorityOfVotesCast).unwrap();
    let counts = [(BallotOption::For, yes), (BallotOption::Against, no)];
    assembly::record_hands(store, ctx, motion, &counts).unwrap();
    assembly::close_vote(store, ctx, motion).unwrap();
}

/// The demo Trópico's confederation launches a yes/no consulta under each rule; every sindicato
/// but one in five answers all three from one assembly of its own (one in four of them after the
/// deadline), a central's ampliado votes the first too; every level of each consulta is then
/// checked against the test's sums. Then one more sindicato answers and every ancestor's page,
/// already viewed, shows it at once.
fn the_trópico_answers_from_its_assemblies_and_every_level_adds_up(db: &Db) {
    let app = TestApp::demo(db).families(1500).build();
    // The application's own handle: its writes are what make its shared results out of date.
    let store: &Store = &app.state.store;
    let tree = TreeRows::read(db);
    let root = tree.id("TROPICO");
    let ctx = op_on(today());
    let rules = ["sum_of_votes", "one_voice_per_base", "weighted_by_members"];
    let mut fixtures: Vec<Fixture> = rules
        .iter()
        .map(|rule| {
            let form = LaunchForm {
                question: format!("¿Aceptamos la ley? ({rule})"),
                text: "La confederación pregunta a todos sus sindicatos.".into(),
                kind: "yes_no".into(),
                options: String::new(),
                deadline: "2026-11-25".into(),
                base_kind: String::new(),
                rule: (*rule).into(),
            };
            let c = consultas::launch(store, &ctx, "TROPICO", &form).unwrap();
            let options = store.read(|r| r.consulta_options(c.id)).unwrap().iter().map(|o| o.id.0).collect();
            let bases = store.read(|r| r.consulta_bases(c.id)).unwrap().iter().map(|b| b.0).collect();
            Fixture { id: c.id.0, root, rule, options, bases, answers: Vec::new(), own: Vec::new() }
        })
        .collect();
    let bases = fixtures[0].bases.clone();
    assert!(bases.len() >= 8, "{bases:?}");
    let mut rng = Lcg(2026);
    let mut missing = Vec::new();
    for (i, base) in bases.iter().enumerate() {
        if i % 5 == 3 {
            missing.push(*base);
            continue;
        }
        let late = i % 4 == 1;
        let ctx = op_on(if late { date(2026, 11, 27) } else { today() });
        let (a, present) = hold_assembly(store, &ctx, &tree.code[base], "ordinaria", "2026-11-24 09:00");
        let present = present.len();
        let members = tree.members[base];
        for f in &mut fixtures {
            let yes = rng.next(present as u64 / 2 + 1);
            let mut no = rng.next(present as u64 - yes + 1);
            if no == yes {
                no = yes.saturating_sub(1);
            }
            answer_by_hands(store, &ctx, a, f.id, yes, no);
            let adopted = Some(usize::from(no >= yes));
            f.answers.push(Answer { body: *base, adopted, votes: vec![yes, no], members, late });
        }
    }
    assert!(fixtures[0].answers.iter().any(|a| a.late) && fixtures[0].answers.iter().any(|a| !a.late));
    // A central's ampliado votes the first consulta too: shown beside its bases, never counted.
    let central = tree.parent[&fixtures[0].answers[0].body].unwrap();
    let (a, present) = hold_assembly(store, &ctx, &tree.code[&central], "ampliado", "2026-11-24 09:00");
    let present = present.len();
    let present = present as u64;
    answer_by_hands(store, &ctx, a, fixtures[0].id, present, 0);
    fixtures[0].own.push(Answer { body: central, adopted: Some(0), votes: vec![present, 0], members: 0, late: false });
    for f in &fixtures {
        check_every_level(&app, &tree, f);
    }

    // One more sindicato answers: every ancestor's page, viewed before, shows it at the next view.
    let last = missing[0];
    let mut ancestors = vec![last];
    while let Some(parent) = tree.parent[ancestors.last().unwrap()] {
        ancestors.push(parent);
    }
    let second = fixtures[1].id;
    let page = |body: i64| app.block_on(app.get(&format!("/consultas/{second}/results?body={body}"), "admin"));
    let before: Vec<String> = ancestors.iter().map(|b| page(*b).body).collect();
    let (a, _) = hold_assembly(store, &ctx, &tree.code[&last], "ordinaria", "2026-11-24 09:00");
    answer_by_hands(store, &ctx, a, second, 3, 1);
    fixtures[1].answers.push(Answer {
        body: last,
        adopted: Some(0),
        votes: vec![3, 1],
        members: tree.members[&last],
        late: false,
    });
    assert_eq!(db.raw_count_where("consulta_answers", &format!("consulta_id = {second} AND body_id = {last}")), 1);
    for (body, before) in ancestors.iter().zip(&before) {
        let e = fixtures[1].expected(&tree, *body);
        let after = page(*body).body;
        let line = if e.total == 1 {
            "1 de 1 base respondió".to_string()
        } else {
            format!("{} de {} bases respondieron", e.answered, e.total)
        };
        let shown = after.split("id=\"answered\">").nth(1).and_then(|t| t.split("</dd>").next()).unwrap_or(&after);
        assert!(after.contains(&line), "{} shows the new answer: {line}, not {shown}", tree.code[body]);
        assert!(!before.contains(&line), "{} did not show it before", tree.code[body]);
    }
    check_every_level(&app, &tree, &fixtures[1]);
}
