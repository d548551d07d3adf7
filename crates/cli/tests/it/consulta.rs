//! Consultas a las bases, on both backends: the confederation of the demo Trópico asks every
//! sindicato; each answers from an assembly of its own, voted by show of hands, roll call, secret
//! ballot or paper ballots — one late, one not at all — and the answers recorded are the votes
//! cast, added up under each rule as an independent sum in the test says. A central's ampliado
//! votes too, kept beside its bases and never counted as one. A choice among options, a
//! nomination whose leading name becomes an election's candidate, the deadline extended, and
//! every refusal through the JSON API with nothing changed.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use cabildo_domain::assembly::{AssemblyId, BallotOption, DecisionRule, MotionId, Outcome, VoteMethod};
use cabildo_domain::consulta::{self, AggregationRule, Base, BaseAnswer, ConsultaId, ConsultaOptionId};
use cabildo_domain::{BodyId, PersonId};
use cabildo_services::assembly::{self, ConveneForm};
use cabildo_services::consulta::{self as consultas, AgendaForm, LaunchForm, NomineesForm};
use cabildo_services::{Ctx, ServiceError, Store};
use serde_json::{Value, json};

use crate::support::{ASSEMBLY_SINDICATO, Db, TestApp, date, hold_assembly, on_both_backends, op_on, today};

on_both_backends!(
    the_notice_reaches_the_bases_pages_feed_and_radio,
    the_bases_answer_the_confederation_from_their_assemblies,
    a_choice_and_a_nomination_are_answered_and_the_leading_name_becomes_a_candidate,
    every_consulta_refusal_answers_its_code_and_changes_nothing,
);

/// When the assemblies of these tests meet.
const ON: &str = "2026-11-30 09:00";

#[derive(Clone, Copy, Debug)]
enum Method {
    Hands,
    Paper,
    RollCall,
    Secret,
}

/// Votes a motion by `method` with these counts per option (at most those present), and closes it.
fn vote(
    store: &Store,
    ctx: &Ctx,
    motion: MotionId,
    method: Method,
    present: &[PersonId],
    counts: &[(BallotOption, u64)],
) {
    let vote_method = match method {
        Method::Hands => VoteMethod::ShowOfHands,
        Method::Paper => VoteMethod::PaperBallot,
        Method::RollCall => VoteMethod::RollCall,
        Method::Secret => VoteMethod::Secret,
    };
    let opened = assembly::open_vote(store, ctx, motion, vote_method, DecisionRule::MajorityOfVotesCast).unwrap();
    let ballots: Vec<BallotOption> = counts.iter().flat_map(|(o, n)| std::iter::repeat_n(*o, *n as usize)).collect();
    assert!(ballots.len() <= present.len());
    match method {
        Method::Hands => drop(assembly::record_hands(store, ctx, motion, counts).unwrap()),
        Method::Paper => drop(assembly::record_paper_tally(store, ctx, motion, counts).unwrap()),
        Method::RollCall => {
            for (person, option) in present.iter().zip(&ballots) {
                assembly::roll_call_vote(store, ctx, motion, *person, *option).unwrap();
            }
        }
        Method::Secret => {
            for (code, option) in opened.codes.iter().zip(&ballots) {
                assembly::cast_secret_ballot(store, motion, code, *option).unwrap();
            }
        }
    }
    assembly::close_vote(store, ctx, motion).unwrap();
}

fn launch(store: &Store, ctx: &Ctx, body: &str, kind: &str, rule: &str, options: &str, deadline: &str) -> ConsultaId {
    let form = LaunchForm {
        question: format!("¿Consulta {kind} de {body}?"),
        text: "Lo que la directiva explica.".into(),
        kind: kind.into(),
        options: options.into(),
        deadline: deadline.into(),
        base_kind: String::new(),
        rule: rule.into(),
    };
    consultas::launch(store, ctx, body, &form).unwrap().id
}

fn agenda(store: &Store, ctx: &Ctx, a: AssemblyId, c: ConsultaId) -> MotionId {
    let form = AgendaForm { consulta: c.0.to_string(), ..AgendaForm::default() };
    consultas::put_on_agenda(store, ctx, a, &form).unwrap().id
}

fn code_of(store: &Store, id: BodyId) -> String {
    store.read(|r| r.body(id)).unwrap().unwrap().code
}

/// Every sindicato of the Trópico answers the confederation's yes/no consulta (one late, one
/// never), by four methods; the answers are the votes cast, a second answer is refused naming the
/// first, the central's ampliado is kept apart, and every rule adds up as the test does by hand.
fn the_bases_answer_the_confederation_from_their_assemblies(db: &Db) {
    let _app = TestApp::assembly_sindicato(db);
    let store = &db.store;
    let ctx = op_on(today());
    let c = launch(store, &ctx, "TROPICO", "yes_no", "one_voice_per_base", "", "2026-12-01");
    let bases = store.read(|r| r.consulta_bases(c)).unwrap();
    let sindicatos: Vec<BodyId> = store
        .read(|r| r.bodies())
        .unwrap()
        .into_iter()
        .filter(|b| b.kind == cabildo_domain::BodyKind::Sindicato && b.is_open())
        .map(|b| b.id)
        .collect();
    assert_eq!(bases, sindicatos, "every open sindicato is a base, fixed at launch");
    assert!(bases.len() >= 5, "{bases:?}");
    let options = store.read(|r| r.consulta_options(c)).unwrap();
    let (yes, no) = (options[0].id, options[1].id);
    assert_eq!((options[0].label.as_str(), options[1].label.as_str()), ("yes", "no"));

    // The notice reaches every base: on its body page (the service the page calls).
    let code0 = code_of(store, bases[0]);
    let notices = consultas::notices(store, &ctx, &code0).unwrap();
    assert_eq!(notices.len(), 1);
    assert_eq!(
        (notices[0].consulta.id, notices[0].standing, notices[0].answer.is_none()),
        (c, consultas::Standing::Base, true)
    );

    // Each base answers, but the last one; the one before it after the deadline (extended first).
    let methods = [Method::Hands, Method::RollCall, Method::Secret, Method::Paper];
    let mut expected: BTreeMap<BodyId, (Option<ConsultaOptionId>, u64, u64, bool, u64)> = BTreeMap::new();
    let answering = bases.len() - 1;
    for (i, base) in bases.iter().take(answering).enumerate() {
        let late = i == answering - 1;
        let day = if late { date(2026, 12, 10) } else { today() };
        if late {
            // Past the deadline the answer is still taken, and marked late. The launcher's
            // extension first moves it, so that this one only is late.
            let extended = consultas::extend(store, &ctx, &c.0.to_string(), "2026-12-05").unwrap();
            assert_eq!(extended.deadline, date(2026, 12, 5));
        }
        let ctx = op_on(day);
        let code = code_of(store, *base);
        let (a, present) = hold_assembly(store, &ctx, &code, "ordinaria", ON);
        let motion = agenda(store, &ctx, a, c);
        let n = present.len() as u64;
        // Most vote yes; every third base no; the second a tie.
        let (f, against) = match i {
            1 => (n / 2, n / 2),
            i if i % 3 == 2 => (n / 4, n - n / 4),
            _ => (n - n / 3, n / 3),
        };
        let method = methods[i % methods.len()];
        vote(store, &ctx, motion, method, &present, &[(BallotOption::For, f), (BallotOption::Against, against)]);
        let adopted = match f.cmp(&against) {
            std::cmp::Ordering::Greater => Some(yes),
            std::cmp::Ordering::Less => Some(no),
            std::cmp::Ordering::Equal => None,
        };
        expected.insert(*base, (adopted, f, against, late, n));
        let m = store.read(|r| r.motion(motion)).unwrap().unwrap();
        let outcome = if adopted == Some(yes) {
            Outcome::Adopted
        } else if adopted.is_none() {
            Outcome::Tie
        } else {
            Outcome::Rejected
        };
        assert_eq!(m.outcome, Some(outcome), "{method:?} at {code}");
    }

    // What was recorded is what was voted: adopted option, votes per option, members, lateness.
    let answers = store.read(|r| r.consulta_answers(c)).unwrap();
    assert_eq!(answers.len(), answering);
    for answer in &answers {
        let (adopted, f, against, late, members) = expected[&answer.body_id];
        assert_eq!(answer.adopted, adopted, "{:?}", answer.body_id);
        assert_eq!(answer.votes, vec![(yes, f), (no, against)]);
        assert_eq!((answer.late, answer.members), (late, members), "{:?}", answer.body_id);
    }

    // Two assemblies of one base may not vote the consulta at once: the second vote is refused
    // while the first is open (it could not record its answer, nor close).
    let racing = code_of(store, *bases.last().unwrap());
    let (r1, _) = hold_assembly(store, &ctx, &racing, "ordinaria", ON);
    let (r2, _) = hold_assembly(store, &ctx, &racing, "extraordinaria", ON);
    let (m1, m2) = (agenda(store, &ctx, r1, c), agenda(store, &ctx, r2, c));
    assembly::open_vote(store, &ctx, m1, VoteMethod::ShowOfHands, DecisionRule::MajorityOfVotesCast).unwrap();
    let refused = assembly::open_vote(store, &ctx, m2, VoteMethod::ShowOfHands, DecisionRule::MajorityOfVotesCast);
    assert!(
        matches!(&refused, Err(ServiceError::Consulta(r)) if matches!(**r, consultas::ConsultaRefusal::VoteUnderWay { number: 1, .. })),
        "{refused:?}"
    );
    assembly::withdraw(store, &ctx, m2).unwrap();

    // A second assembly of a base that answered is refused, naming the first one and its day.
    let first = code_of(store, bases[0]);
    let (a2, _) = hold_assembly(store, &ctx, &first, "extraordinaria", ON);
    let form = AgendaForm { consulta: c.0.to_string(), ..AgendaForm::default() };
    match consultas::put_on_agenda(store, &ctx, a2, &form).map_err(|e| match e {
        ServiceError::Consulta(r) => *r,
        other => panic!("{other:?}"),
    }) {
        Err(consultas::ConsultaRefusal::AlreadyAnswered { assembly, date, .. }) => {
            assert_eq!(
                (assembly.as_str(), date.as_str()),
                (format!("Asamblea ordinaria de {first}").as_str(), "30/11/2026")
            );
        }
        other => panic!("a second answer must be refused: {other:?}"),
    }

    // The central above the first base holds its ampliado and votes its own answer: kept beside
    // the roll-up of its bases, never counted as a base.
    let central = store.read(|r| r.body(bases[0])).unwrap().unwrap().parent_id.unwrap();
    let central_code = code_of(store, central);
    let (amp, officers) = hold_assembly(store, &ctx, &central_code, "ampliado", ON);
    let motion = agenda(store, &ctx, amp, c);
    vote(store, &ctx, motion, Method::Hands, &officers, &[(BallotOption::Against, officers.len() as u64)]);
    let view = consultas::view(store, &ctx, &c.0.to_string()).unwrap();
    assert_eq!((view.bases_total, view.bases_answered, view.bases_late), (bases.len() as u64, answering as u64, 1));
    assert_eq!(view.intermediate.len(), 1);
    assert_eq!((view.intermediate[0].body.id, view.intermediate[0].answer.adopted), (central, Some(no)));
    assert!(view.answers.iter().all(|l| l.body.id != central));

    // Every rule adds up the recorded answers as the test does by hand, and the missing base is
    // listed as missing (the central's own vote counts nowhere).
    let tree = store.read(|r| Ok::<_, ServiceError>(cabildo_services::registry::Registry::load(r)?.tree)).unwrap();
    let root = store.read(|r| r.body_by_code("TROPICO")).unwrap().unwrap().id;
    let recorded: Vec<BaseAnswer> = answers
        .iter()
        .chain(store.read(|r| r.consulta_answer(c, central)).unwrap().iter())
        .map(|a| a.base_answer())
        .collect();
    let asked: Vec<Base> = bases.iter().map(|b| Base { body: *b, members: 1 }).collect();
    for rule in [AggregationRule::SumOfVotes, AggregationRule::OneVoicePerBase, AggregationRule::WeightedByMembers] {
        let levels = consulta::roll_up(&tree, root, &asked, &[yes, no], &recorded, rule);
        let top = levels.iter().find(|l| l.body == root).unwrap();
        let mut by_hand = BTreeMap::from([(yes, 0u64), (no, 0u64)]);
        for (adopted, f, against, _, members) in expected.values() {
            match rule {
                AggregationRule::SumOfVotes => {
                    *by_hand.get_mut(&yes).unwrap() += f;
                    *by_hand.get_mut(&no).unwrap() += against;
                }
                AggregationRule::OneVoicePerBase => {
                    if let Some(o) = adopted {
                        *by_hand.get_mut(o).unwrap() += 1;
                    }
                }
                AggregationRule::WeightedByMembers => {
                    if let Some(o) = adopted {
                        *by_hand.get_mut(o).unwrap() += members;
                    }
                }
            }
        }
        assert_eq!(top.tally, by_hand, "{rule:?}");
        assert_eq!(top.bases_answered, answering as u64, "the central's own vote is not a base's");
        assert_eq!(top.missing, vec![*bases.last().unwrap()]);
    }

    // The audit trail has the launch, the extension and every answer.
    let launched = db.raw_count_where("audit_events", "action = 'consulta.launch'");
    let extended = db.raw_count_where("audit_events", "action = 'consulta.extend'");
    let answered = db.raw_count_where("audit_events", "action = 'consulta.answer'");
    assert_eq!((launched, extended, answered), (1, 1, answering as i64 + 1));

    // Not closed while a base votes it; closed once that vote closed, it takes no more answers.
    let refused = consultas::close(store, &ctx, &c.0.to_string());
    assert!(
        matches!(&refused, Err(ServiceError::Consulta(r)) if matches!(**r, consultas::ConsultaRefusal::VoteUnderWay { .. })),
        "{refused:?}"
    );
    assembly::record_hands(store, &ctx, m1, &[(BallotOption::For, 3)]).unwrap();
    assembly::close_vote(store, &ctx, m1).unwrap();
    consultas::close(store, &ctx, &c.0.to_string()).unwrap();
    let last = code_of(store, *bases.last().unwrap());
    let (a3, _) = hold_assembly(store, &ctx, &last, "ordinaria", ON);
    let refused =
        consultas::put_on_agenda(store, &ctx, a3, &AgendaForm { consulta: c.0.to_string(), ..Default::default() });
    assert!(
        matches!(&refused, Err(ServiceError::Consulta(r)) if matches!(**r, consultas::ConsultaRefusal::ConsultaClosed { .. })),
        "{refused:?}"
    );
}

/// A federation asks its sindicatos to choose among three options (by secret ballot and by
/// hands, a tie adopting none; its central's cabildo abierto by phone) and to nominate a name (by election, roll call); the leading name
/// becomes the candidate of an election in the federation's ampliado.
fn a_choice_and_a_nomination_are_answered_and_the_leading_name_becomes_a_candidate(db: &Db) {
    let _app = TestApp::assembly_sindicato(db);
    let store = &db.store;
    let ctx = op_on(today());
    let c = launch(store, &ctx, "F1", "choice", "sum_of_votes", "Marcha\nBloqueo\nEsperar", "2026-12-15");
    let options = store.read(|r| r.consulta_options(c)).unwrap();
    let labels: Vec<&str> = options.iter().map(|o| o.label.as_str()).collect();
    assert_eq!(labels, ["Marcha", "Bloqueo", "Esperar"]);
    let o = |i: usize| BallotOption::ConsultaOption(options[i].id.0);

    // The big sindicato by secret ballot: Bloqueo wins.
    let (a, present) = hold_assembly(store, &ctx, ASSEMBLY_SINDICATO, "ordinaria", ON);
    let motion = agenda(store, &ctx, a, c);
    // The ballot offers the consulta's options and abstain, never for or against.
    let form =
        { assembly::open_vote(store, &ctx, motion, VoteMethod::Secret, DecisionRule::MajorityOfVotesCast).unwrap() };
    let ballot = assembly::ballot_form(store, motion, VoteMethod::Secret).unwrap();
    let offered: Vec<BallotOption> = ballot.options.iter().map(|(o, _)| *o).collect();
    assert_eq!(offered, vec![o(0), o(1), o(2), BallotOption::Abstain]);
    assert_eq!(ballot.labels.iter().map(|(_, l)| l.as_str()).collect::<Vec<_>>(), labels);
    let refused = assembly::cast_secret_ballot(store, motion, &form.codes[0], BallotOption::For);
    assert!(matches!(refused, Err(ServiceError::Assembly(cabildo_services::Refusal::UnknownOption { .. }))));
    let plan = [(o(0), 30u64), (o(1), 90), (o(2), 10), (BallotOption::Abstain, 5)];
    let ballots: Vec<BallotOption> = plan.iter().flat_map(|(o, n)| std::iter::repeat_n(*o, *n as usize)).collect();
    for (code, option) in form.codes.iter().zip(&ballots) {
        assembly::cast_secret_ballot(store, motion, code, *option).unwrap();
    }
    let closed = assembly::close_vote(store, &ctx, motion).unwrap();
    assert_eq!(closed.motion.outcome, Some(Outcome::Adopted));
    assert!(closed.resolution.unwrap().title.ends_with(": Bloqueo"), "the resolution names the option adopted");
    let big = store.read(|r| r.body_by_code(ASSEMBLY_SINDICATO)).unwrap().unwrap().id;
    let answer = store.read(|r| r.consulta_answer(c, big)).unwrap().unwrap();
    assert_eq!(answer.adopted, Some(options[1].id));
    assert_eq!(answer.votes, vec![(options[0].id, 30), (options[1].id, 90), (options[2].id, 10)]);
    assert_eq!(present.len(), 150);

    // The demo's sindicato by hands: a tie between two options adopts none.
    let (a, present) = hold_assembly(store, &ctx, "F1-C01-S01", "ordinaria", ON);
    let motion = agenda(store, &ctx, a, c);
    let half = present.len() as u64 / 2;
    vote(store, &ctx, motion, Method::Hands, &present, &[(o(0), half), (o(2), half)]);
    let s1 = store.read(|r| r.body_by_code("F1-C01-S01")).unwrap().unwrap().id;
    let answer = store.read(|r| r.consulta_answer(c, s1)).unwrap().unwrap();
    assert_eq!(answer.adopted, None, "a tie adopts none");
    assert_eq!(store.read(|r| r.motion(motion)).unwrap().unwrap().outcome, Some(Outcome::Tie));

    // The central above holds a cabildo abierto and votes its own answer by phone: tickets, each
    // choosing an option of the consulta (for is no option of it).
    let form = ConveneForm {
        kind: "cabildo_abierto".into(),
        title: "Cabildo de la central".into(),
        scheduled_for: "2026-11-30 09:00".into(),
        place: "Plaza".into(),
        agenda: "Consulta".into(),
    };
    let cabildo = assembly::convene(store, &ctx, "F1-C01", &form).unwrap().id;
    assembly::open(store, &ctx, cabildo).unwrap();
    let tickets = assembly::issue_tickets(store, &ctx, cabildo, 12).unwrap().codes;
    let motion = agenda(store, &ctx, cabildo, c);
    assembly::open_vote(store, &ctx, motion, VoteMethod::Phone, DecisionRule::MajorityOfVotesCast).unwrap();
    let votebox = store.vote_box().unwrap();
    let refused = assembly::cast_phone_vote(&votebox, motion, &tickets[0], "for");
    assert!(
        matches!(refused, Err(ServiceError::Assembly(cabildo_services::Refusal::UnknownOption { .. }))),
        "{refused:?}"
    );
    for (i, ticket) in tickets.iter().enumerate() {
        let option = if i < 8 { o(0) } else { o(2) };
        assembly::cast_phone_vote(&votebox, motion, ticket, &option.code()).unwrap();
    }
    assembly::close_vote(store, &ctx, motion).unwrap();
    let central = store.read(|r| r.body_by_code("F1-C01")).unwrap().unwrap().id;
    let answer = store.read(|r| r.consulta_answer(c, central)).unwrap().unwrap();
    assert_eq!(answer.adopted, Some(options[0].id), "Marcha, by phone");
    assert_eq!(answer.votes, vec![(options[0].id, 8), (options[1].id, 0), (options[2].id, 4)]);
    let view = consultas::view(store, &ctx, &c.0.to_string()).unwrap();
    assert_eq!((view.bases_answered, view.intermediate.len()), (2, 1), "the central's own vote is apart");

    // A nomination: the big sindicato elects its nominee among two of its own, by roll call.
    let n = launch(store, &ctx, "F1", "nomination", "sum_of_votes", "", "2026-12-15");
    let (a, present) = hold_assembly(store, &ctx, ASSEMBLY_SINDICATO, "extraordinaria", ON);
    let refused =
        consultas::put_on_agenda(store, &ctx, a, &AgendaForm { consulta: n.0.to_string(), ..Default::default() });
    assert!(
        matches!(&refused, Err(ServiceError::Consulta(r)) if **r == consultas::ConsultaRefusal::NominationNeedsCandidates)
    );
    let form = AgendaForm { consulta: n.0.to_string(), rule: String::new(), candidates: vec![present[0], present[1]] };
    let election = consultas::put_on_agenda(store, &ctx, a, &form).unwrap();
    let candidates = store.read(|r| r.candidates(election.id)).unwrap();
    let offices_before = store.read(|r| r.offices(big)).unwrap().len();
    vote(
        store,
        &ctx,
        election.id,
        Method::RollCall,
        &present,
        &[(BallotOption::Candidate(candidates[0].id), 100), (BallotOption::Candidate(candidates[1].id), 40)],
    );
    assert_eq!(store.read(|r| r.offices(big)).unwrap().len(), offices_before, "a nomination gives no office");
    let nominees = store.read(|r| r.consulta_options(n)).unwrap();
    assert_eq!(nominees.len(), 2, "one option per person nominated or voted");
    let answer = store.read(|r| r.consulta_answer(n, big)).unwrap().unwrap();
    let winner = nominees.iter().find(|o| o.person_id == Some(present[0])).unwrap();
    assert_eq!(answer.adopted, Some(winner.id));
    assert_eq!(answer.votes.iter().map(|(_, v)| *v).sum::<u64>(), 140);

    // The federation makes the leading name the candidate of an election in its ampliado.
    let (amp, _) = hold_assembly(store, &ctx, "F1", "ampliado", ON);
    let form = NomineesForm {
        assembly: amp.0.to_string(),
        office_title: "Candidato a la Asamblea Legislativa".into(),
        term_end: None,
        rule: String::new(),
        count: "1".into(),
    };
    let made = consultas::nominees_to_election(store, &ctx, &n.0.to_string(), &form).unwrap();
    let candidates = store.read(|r| r.candidates(made.id)).unwrap();
    assert_eq!(candidates.iter().map(|c| c.person_id).collect::<Vec<_>>(), vec![present[0]]);
    assert_eq!(made.assembly_id, amp);
}

/// An open consulta is told to each base as a convocatoria is: on its page and its assembly's page
/// (with the step that puts it on the agenda), in its Atom feed (a published body), and as a
/// radio text with the deadline in words; a base of another federation is told nothing.
fn the_notice_reaches_the_bases_pages_feed_and_radio(db: &Db) {
    let app = TestApp::assembly_sindicato(db);
    let store = &db.store;
    let ctx = op_on(today());
    let c = launch(store, &ctx, "F1", "yes_no", "", "", "2026-12-15");
    cabildo_services::registry::set_published(store, &ctx, "F1-C01-S01", true).unwrap();
    let (a, _) = hold_assembly(store, &ctx, "F1-C01-S01", "ordinaria", ON);
    let question = "¿Consulta yes_no de F1?";
    let s1 = app.sindicato();
    let other = app.other_sindicato();
    app.block_on(async {
        let page = app.get(&format!("/bodies/{s1}"), "actas").await;
        assert!(
            page.body.contains(question) && page.body.contains("Sin responder todavía; plazo: 15/12/2026"),
            "{}",
            page.body
        );
        let page = app.get(&format!("/assemblies/{}", a.0), "actas").await;
        assert!(page.body.contains(&format!("id=\"agenda-consulta-{}\"", c.0)), "the agenda step: {}", page.body);
        let feed = app.get("/bodies/F1-C01-S01/assemblies.atom", crate::support::Who::Anonymous).await;
        assert!(feed.body.contains(&format!("Consulta a las bases: {question}")), "{}", feed.body);
        let radio = app.get(&format!("/consultas/{}/notice.txt", c.0), "actas").await;
        assert!(radio.body.contains("Responder hasta el martes 15 de diciembre"), "{}", radio.body);
        let elsewhere = app.get(&format!("/bodies/{other}"), "admin").await;
        assert!(!elsewhere.body.contains(question), "another federation's sindicato was not asked");
        let (status, _) =
            app.api("GET", &format!("/api/v1/consultas/{}", c.0), crate::support::Who::Anonymous, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    });
}

struct Api<'a> {
    db: &'a Db,
    app: TestApp,
}

impl Api<'_> {
    fn ok(&self, method: &str, path: &str, who: &str, body: Option<Value>, status: StatusCode) -> Value {
        self.app.block_on(self.app.api_ok(method, path, who, body, status))
    }

    /// A request that must be refused with `status` and `code`, changing nothing.
    fn refused(
        &self,
        method: &str,
        path: &str,
        who: &str,
        body: Option<Value>,
        status: StatusCode,
        code: &str,
    ) -> Value {
        let before = self.db.raw_tables();
        let (got, problem) = self.app.block_on(self.app.api(method, path, who, body.as_ref()));
        assert_eq!((got, problem["code"].as_str()), (status, Some(code)), "{method} {path}: {problem}");
        let title = problem["title"].as_str().unwrap_or_default();
        assert!(!title.is_empty() && title != code, "{code} has no message: {problem}");
        let after = self.db.raw_tables();
        let changed: Vec<&String> = after.keys().filter(|t| after.get(*t) != before.get(*t)).collect();
        assert!(changed.is_empty(), "{method} {path} was refused ({code}) but changed {changed:?}");
        problem
    }

    /// An assembly of `body` (a number) in session, by the API: convened and opened.
    fn open_assembly(&self, body: i64, who: &str) -> i64 {
        let convocatoria =
            json!({"kind": "ordinaria", "title": "Asamblea", "scheduled_for": "2026-11-30T09:00", "place": "Sede"});
        let a =
            self.ok("POST", &format!("/api/v1/bodies/{body}/assemblies"), who, Some(convocatoria), StatusCode::CREATED);
        let a = a["id"].as_i64().unwrap();
        self.ok("POST", &format!("/api/v1/assemblies/{a}/open"), who, None, StatusCode::OK);
        a
    }
}

/// Each refusal of a consulta, provoked through the API: its status and code, a message, and not
/// a row changed.
fn every_consulta_refusal_answers_its_code_and_changes_nothing(db: &Db) {
    let api = Api { db, app: TestApp::assembly_sindicato(db) };
    let f1 = api.app.body("F1-C01-S01");
    let f1 = db.store.read(|r| r.body(BodyId(f1))).unwrap().unwrap().parent_id.unwrap();
    let f1 = db.store.read(|r| r.body(f1)).unwrap().unwrap().parent_id.unwrap().0;
    let big = api.app.body(ASSEMBLY_SINDICATO);
    let launch = |body: Value| {
        api.ok("POST", &format!("/api/v1/bodies/{f1}/consultas"), "admin", Some(body), StatusCode::CREATED)
    };
    let path = format!("/api/v1/bodies/{f1}/consultas");

    // Launching: bad fields, all named at once; no bases of the kind; no right to.
    let problem = api.refused(
        "POST",
        &path,
        "admin",
        Some(json!({"question": " ", "kind": "quizás", "deadline": "2020-01-01"})),
        StatusCode::UNPROCESSABLE_ENTITY,
        "required",
    );
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["question", "consulta_kind", "deadline"], "{problem}");
    api.refused(
        "POST",
        &path,
        "admin",
        Some(json!({"question": "¿Sí?", "kind": "choice", "options": ["Una"], "deadline": "2026-12-15"})),
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid",
    );
    api.refused(
        "POST",
        &path,
        "admin",
        Some(json!({"question": "¿Sí?", "kind": "yes_no", "deadline": "2026-12-15", "base_kind": "parlamento"})),
        StatusCode::CONFLICT,
        "consulta_no_bases",
    );
    api.refused(
        "POST",
        &path,
        "afiliado",
        Some(json!({"question": "¿Sí?", "kind": "yes_no", "deadline": "2026-12-15"})),
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    api.refused("GET", "/api/v1/consultas/999999", "admin", None, StatusCode::NOT_FOUND, "unknown_consulta");

    let c = launch(
        json!({"question": "¿Marchamos?", "kind": "yes_no", "deadline": "2026-12-15", "rule": "weighted_by_members"}),
    );
    let id = c["consulta"]["id"].as_i64().unwrap();
    assert_eq!(
        (c["consulta"]["rule"].as_str(), c["consulta"]["status"].as_str()),
        (Some("weighted_by_members"), Some("open"))
    );
    assert!(c["bases_total"].as_u64().unwrap() >= 2, "{c}");
    let read = api.ok("GET", &format!("/api/v1/consultas/{id}"), "actas", None, StatusCode::OK);
    assert_eq!(read["consulta"]["question"], "¿Marchamos?", "a base reads what it is asked");
    let list = api.ok("GET", &path, "admin", None, StatusCode::OK);
    assert_eq!(list["consultas"][0]["id"], id);

    // The deadline: only later, only by the launcher.
    let deadline = format!("/api/v1/consultas/{id}/deadline");
    api.refused(
        "POST",
        &deadline,
        "admin",
        Some(json!({"deadline": "2026-12-01"})),
        StatusCode::CONFLICT,
        "consulta_deadline_not_later",
    );
    api.refused(
        "POST",
        &deadline,
        "actas",
        Some(json!({"deadline": "2026-12-20"})),
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    let extended = api.ok("POST", &deadline, "admin", Some(json!({"deadline": "2026-12-20"})), StatusCode::OK);
    assert_eq!(extended["deadline"], "2026-12-20");

    // Answering: from a body not asked (another federation's sindicato), twice on one agenda.
    let other = api.app.other_sindicato();
    let a_other = api.open_assembly(other, "admin");
    let agenda = |a: i64| format!("/api/v1/assemblies/{a}/consultas");
    api.refused(
        "POST",
        &agenda(a_other),
        "admin",
        Some(json!({"consulta_id": id.to_string()})),
        StatusCode::CONFLICT,
        "consulta_not_asked",
    );
    api.refused(
        "POST",
        &agenda(a_other),
        "admin",
        Some(json!({"consulta_id": "424242"})),
        StatusCode::NOT_FOUND,
        "unknown_consulta",
    );
    let a = api.open_assembly(big, "actas");
    let motion = api.ok("POST", &agenda(a), "actas", Some(json!({"consulta_id": id.to_string()})), StatusCode::CREATED);
    assert_eq!(motion["kind"], "motion");
    api.refused(
        "POST",
        &agenda(a),
        "actas",
        Some(json!({"consulta_id": id.to_string()})),
        StatusCode::CONFLICT,
        "consulta_already_on_agenda",
    );

    // A nomination's refusals.
    let n = launch(json!({"question": "¿A quién proponemos?", "kind": "nomination", "deadline": "2026-12-15"}));
    let n = n["consulta"]["id"].as_i64().unwrap();
    api.refused(
        "POST",
        &agenda(a),
        "actas",
        Some(json!({"consulta_id": n.to_string()})),
        StatusCode::CONFLICT,
        "consulta_nomination_needs_candidates",
    );
    let election = |c: i64| format!("/api/v1/consultas/{c}/election");
    let f1_assembly = api.open_assembly(f1, "admin");
    let body = |assembly: i64| json!({"assembly_id": assembly, "office_title": "Candidato"});
    api.refused(
        "POST",
        &election(id),
        "admin",
        Some(body(f1_assembly)),
        StatusCode::CONFLICT,
        "consulta_not_nomination",
    );
    api.refused("POST", &election(n), "admin", Some(body(f1_assembly)), StatusCode::CONFLICT, "consulta_no_nominees");
    api.refused("POST", &election(n), "admin", Some(body(a)), StatusCode::CONFLICT, "consulta_not_launchers_assembly");

    // A base that answered (from an assembly voted by hands) cannot answer from another.
    let ctx = op_on(today());
    let (answered, _) = hold_assembly(&db.store, &ctx, "F1-C01-S01", "ordinaria", ON);
    let (second, _) = hold_assembly(&db.store, &ctx, "F1-C01-S01", "extraordinaria", ON);
    let motion = self::agenda(&db.store, &ctx, answered, ConsultaId(id));
    let racing = self::agenda(&db.store, &ctx, second, ConsultaId(id));
    // While the first assembly votes it, the second may not, nor may the consulta be closed.
    assembly::open_vote(&db.store, &ctx, motion, VoteMethod::ShowOfHands, DecisionRule::MajorityOfVotesCast).unwrap();
    let vote_path = format!("/api/v1/motions/{}/vote", racing.0);
    let hands = json!({"method": "show_of_hands", "rule": "majority"});
    api.refused("POST", &vote_path, "admin", Some(hands), StatusCode::CONFLICT, "consulta_vote_under_way");
    let close = format!("/api/v1/consultas/{id}/close");
    api.refused("POST", &close, "admin", None, StatusCode::CONFLICT, "consulta_vote_under_way");
    assembly::record_hands(&db.store, &ctx, motion, &[(BallotOption::For, 1)]).unwrap();
    assembly::close_vote(&db.store, &ctx, motion).unwrap();
    let a2 = api.open_assembly(api.app.body("F1-C01-S01"), "admin");
    let problem = api.refused(
        "POST",
        &agenda(a2),
        "admin",
        Some(json!({"consulta_id": id.to_string()})),
        StatusCode::CONFLICT,
        "consulta_already_answered",
    );
    assert!(problem["title"].as_str().unwrap().contains("30/11/2026"), "names the first assembly's day: {problem}");

    // Closed: no more answers, no second close.
    let closed = api.ok("POST", &close, "admin", None, StatusCode::OK);
    assert_eq!(closed["status"], "closed");
    api.refused("POST", &close, "admin", None, StatusCode::CONFLICT, "consulta_closed");
    api.refused(
        "POST",
        &agenda(a2),
        "admin",
        Some(json!({"consulta_id": id.to_string()})),
        StatusCode::CONFLICT,
        "consulta_closed",
    );
}
