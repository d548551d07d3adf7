//! The main pages of Cabildo, in ONE table that every checker walks: the scan for raw codes in
//! both languages (`checkers.rs`), the Nu HTML checker (`checkers.rs`) and axe-core with the width
//! check in Chromium at 360 px (`browser_checks.rs`). A new page is one line here, and all three
//! check it.
//!
//! Paths name their records with placeholders that [`Places::path`] fills in: `{s}` the demo's
//! sindicato F1-C01-S01 (published), `{code}` its code, `{h}` a household of it, `{o}` a current
//! office, `{a}` an assembly in session with `{m}` a pending motion and `{v}` a motion being voted
//! by show of hands, `{b}` a closed assembly with its acta in draft. [`Places::make`] builds them.
//!
//! `{f}` is the federation F1, for the leader's pages; `{c}` a consulta of F1 open to its bases;
//! `{r}` the code of a receipt of `{h}` (which owes a year of dues and paid part of it);
//! `{d}` a demand for explanation of the office `{o}` moved in `{a}`.

use cabildo_domain::assembly::{AssemblyId, BallotOption, DecisionRule, MotionId, VoteMethod};
use cabildo_services::assembly::{self, Attendee, ConveneForm, MotionForm};

use super::{TestApp, op};

/// Who looks at a page: a demo account, or a visitor not signed in.
pub type Viewer = Option<&'static str>;

const ADMIN: Viewer = Some("admin");
const ACTAS: Viewer = Some("actas");
const AFILIADO: Viewer = Some("afiliado");
const VISITOR: Viewer = None;

/// A main page: a name for messages, its path with placeholders, and who looks at it (each
/// sees a different page: forms shown or not, names withheld or not).
pub struct MainPage {
    pub name: &'static str,
    pub path: &'static str,
    pub viewers: &'static [Viewer],
}

const fn page(name: &'static str, path: &'static str, viewers: &'static [Viewer]) -> MainPage {
    MainPage { name, path, viewers }
}

/// Every main page of the application.
pub const MAIN_PAGES: &[MainPage] = &[
    page("login", "/login", &[VISITOR]),
    page("not found", "/no-such-page", &[VISITOR]),
    page("tree", "/bodies", &[ADMIN, AFILIADO]),
    page("sindicato", "/bodies/{s}", &[ADMIN, ACTAS, AFILIADO]),
    page("public page", "/p/{code}", &[VISITOR]),
    page("padrón", "/bodies/{s}/padron", &[ACTAS]),
    page("padrón search", "/bodies/{s}/padron?q=mamani", &[ACTAS]),
    page("household", "/households/{h}", &[ACTAS, AFILIADO]),
    page("new household", "/bodies/{s}/households/new", &[ACTAS]),
    page("edit household", "/households/{h}/edit", &[ACTAS]),
    page("new parcel", "/households/{h}/parcels/new", &[ACTAS]),
    page("new body", "/bodies/{s}/bodies/new", &[ADMIN]),
    page("rename body", "/bodies/{s}/edit", &[ADMIN]),
    page("new office", "/bodies/{s}/offices/new", &[ADMIN]),
    page("end an office", "/offices/{o}/end", &[ADMIN]),
    page("move body", "/bodies/{s}/move", &[ADMIN]),
    page("close body", "/bodies/{s}/close", &[ADMIN]),
    page("padrón import", "/bodies/{s}/import", &[ACTAS]),
    page("account", "/accounts/actas", &[ACTAS, ADMIN]),
    page("password", "/account/password", &[ACTAS]),
    page("accounts", "/accounts", &[ADMIN]),
    page("password reset", "/accounts/reset", &[ADMIN]),
    page("assemblies", "/bodies/{s}/assemblies", &[ACTAS, AFILIADO]),
    page("verification", "/bodies/{s}/verify", &[ACTAS]),
    page("assembly", "/assemblies/{a}", &[ACTAS, AFILIADO]),
    page("door", "/assemblies/{a}/door", &[ACTAS]),
    page("member cards", "/assemblies/{a}/cards", &[ACTAS]),
    page("pending motion", "/assemblies/{a}/motions/{m}", &[ACTAS, AFILIADO]),
    page("show of hands", "/assemblies/{a}/motions/{v}", &[ACTAS]),
    page("ballot", "/ballot", &[VISITOR]),
    page("change history", "/bodies/{s}/audit", &[ADMIN]),
    page("statute", "/bodies/{s}/statute", &[ACTAS, AFILIADO]),
    page("acta", "/assemblies/{b}/acta", &[ACTAS, AFILIADO]),
    page("live screen", "/assemblies/{a}/live", &[ACTAS]),
    page("resolutions", "/bodies/{s}/resolutions", &[AFILIADO]),
    page("my family", "/my-family", &[AFILIADO]),
    page("padrón print", "/bodies/{s}/padron/print", &[ACTAS]),
    page("leader's view", "/bodies/{f}/overview", &[ADMIN]),
    page("federation verification", "/bodies/{f}/verify", &[ADMIN]),
    page("recalls", "/bodies/{s}/recalls", &[ACTAS, AFILIADO]),
    page("move a recall", "/assemblies/{a}/recall", &[ACTAS]),
    page("federation recalls", "/bodies/{f}/recalls", &[ADMIN]),
    page("instructions", "/bodies/{s}/instructions", &[ACTAS, AFILIADO]),
    page("send an instruction", "/bodies/{f}/instructions", &[ADMIN]),
    page("consultas", "/bodies/{f}/consultas", &[ADMIN]),
    page("consulta", "/consultas/{c}", &[ADMIN, ACTAS]),
    page("consulta results", "/consultas/{c}/results", &[ADMIN, ACTAS]),
    page("consulta results, print", "/consultas/{c}/results/print", &[ADMIN]),
    page("congress seats", "/assemblies/{g}/seats", &[ADMIN]),
    page("delegation", "/delegations/{d}", &[ADMIN]),
    page("credentials", "/delegations/{d}/credentials", &[ADMIN]),
    page("delegations", "/bodies/{s}/delegations", &[ADMIN]),
    page("mandates of a base", "/bodies/{s}/mandates", &[ACTAS, VISITOR]),
    page("mandates of an assembly", "/assemblies/{a}/mandates", &[ACTAS]),
    page("obligations", "/bodies/{f}/obligations", &[ADMIN, AFILIADO]),
    page("sindicato obligations", "/bodies/{s}/obligations", &[ACTAS]),
    page("officer's record", "/offices/{o}/obligations", &[ACTAS, AFILIADO]),
    page("demand for explanation", "/demands/{e}", &[ACTAS, AFILIADO]),
    page("accountability", "/assemblies/{a}/accountability", &[ACTAS, AFILIADO]),
    page("petitions", "/bodies/{s}/petitions", &[ACTAS, AFILIADO]),
    page("petition inbox", "/bodies/{f}/petitions", &[ADMIN]),
    page("authorities", "/bodies/{f}/authorities", &[ADMIN]),
    page("petition", "/petitions/{p}", &[ACTAS, ADMIN]),
    page("oficio", "/petitions/{p}/oficio", &[ADMIN]),
    page("treasury book", "/bodies/{s}/ledger", &[ADMIN, AFILIADO]),
    page("payment desk", "/bodies/{s}/ledger/desk?q=mamani", &[ADMIN]),
    page("payments import", "/bodies/{s}/ledger/import", &[ADMIN]),
    page("family statement", "/bodies/{s}/ledger/families/{h}", &[ADMIN, AFILIADO]),
    page("receipt", "/bodies/{s}/ledger/receipts/{r}", &[ADMIN]),
    // The expense `dues_paid_in_part` records is the book's second entry.
    page("expense document", "/bodies/{s}/ledger/entries/2/document", &[ADMIN]),
    page("treasurer's report", "/bodies/{s}/ledger/report?period=2026", &[ADMIN]),
    page("transfers", "/bodies/{s}/ledger/transfers", &[ADMIN]),
    page("what the bodies below owe", "/bodies/{f}/ledger/owed?period=2026", &[ADMIN]),
    page("families' arrears below", "/bodies/{f}/ledger/arrears?day=31/12/2026", &[ADMIN]),
];

/// The sindicato's adopted resolution raised to its central, endorsed by the central's ampliado
/// and addressed by the federation's to a ministry that answered with a meeting date.
fn addressed_petition(store: &cabildo_services::Store, sindicato: &str) -> i64 {
    use cabildo_services::petitions;
    let resolution = store.read(|r| r.body_by_code(sindicato)).unwrap().unwrap();
    let resolution = store.read(|r| r.resolutions(resolution.id, 1)).unwrap()[0].id;
    let raise = petitions::RaiseForm { resolution: resolution.to_string(), ..Default::default() };
    let id = petitions::raise(store, &op(), sindicato, &raise).unwrap().id.0;
    let ministry = petitions::AuthorityForm {
        name: "Ministerio de Obras Públicas".into(),
        office: "Ministro".into(),
        address: "Av. Mariscal Santa Cruz, La Paz".into(),
    };
    let ministry = petitions::add_authority(store, &op(), "F1", &ministry).unwrap().id.0;
    for (code, action) in [("F1-C01", "endorse"), ("F1", "address")] {
        let body = store.read(|r| r.body_by_code(code)).unwrap().unwrap();
        let form = ConveneForm {
            kind: "ampliado".into(),
            title: format!("Ampliado de {}", body.name),
            scheduled_for: "2026-11-30 09:00".into(),
            place: "Sede".into(),
            agenda: "Solicitudes de las bases".into(),
        };
        let a = assembly::convene(store, &op(), code, &form).unwrap().id;
        let people = assembly::door(store, &op(), a, None, 10_000).unwrap();
        for line in &people {
            assembly::check_in(store, &op(), a, &Attendee::Person(line.eligible.person_id), false).unwrap();
        }
        assembly::open(store, &op(), a).unwrap();
        let form = petitions::ProposeForm {
            action: action.into(),
            authority: ministry.to_string(),
            reply_by: "2026-12-31".into(),
            ..Default::default()
        };
        let m = petitions::propose(store, &op(), &id.to_string(), a, &form).unwrap().id;
        assembly::open_vote(store, &op(), m, VoteMethod::ShowOfHands, DecisionRule::MajorityOfVotesCast).unwrap();
        assembly::record_hands(store, &op(), m, &[(BallotOption::For, people.len() as u64)]).unwrap();
        assembly::close_vote(store, &op(), m).unwrap();
    }
    let reply = petitions::ReplyForm {
        kind: "meeting".into(),
        received_on: "2026-11-30".into(),
        text: "El Ministro recibirá a la delegación.".into(),
        meeting_at: "2026-12-10 10:00".into(),
        meeting_place: "Despacho del Ministro".into(),
    };
    petitions::reply(store, &op(), &id.to_string(), &reply).unwrap();
    id
}

/// A year of monthly dues charged to the sindicato's families, an expense, and a payment of
/// `household` covering three months and a half: the receipt's code.
fn dues_paid_in_part(store: &cabildo_services::Store, code: &str, household: i64) -> String {
    use cabildo_services::ledger;
    let dues = ledger::DuesForm { amount: "20".into(), cadence: "monthly".into(), share: String::new() };
    ledger::set_dues(store, &op(), code, &dues).unwrap();
    ledger::charge_dues(store, &op(), code, "2026").unwrap();
    let expense = ledger::ExpenseForm {
        amount: "150".into(),
        purpose: "travel".into(),
        memo: "Pasajes a Cochabamba".into(),
        day: String::new(),
    };
    ledger::spend(store, &op(), code, &expense).unwrap();
    // The federation's statute asks 5 % of the dues collected below it.
    ledger::set_share(store, &op(), "F1", "5 %").unwrap();
    let pay = ledger::PayForm { family: household.to_string(), amount: "70".into(), ..Default::default() };
    ledger::pay(store, &op(), code, &pay).unwrap().receipt.code
}

/// The records the paths name.
pub struct Places {
    pub sindicato: i64,
    pub code: String,
    pub household: i64,
    pub office: i64,
    pub assembly: AssemblyId,
    pub pending: MotionId,
    pub voting: MotionId,
    pub closed: AssemblyId,
    pub federation: i64,
    pub consulta: i64,
    /// A congress of the central above the sindicato, with seats declared.
    pub congress: AssemblyId,
    /// The sindicato's delegation to it, with its holder elected.
    pub delegation: i64,
    pub demand: i64,
    /// A petition of the sindicato, addressed by the federation to a ministry.
    pub petition: i64,
    /// The code of a receipt of the household `{h}`, which owes a year of dues and paid part.
    pub receipt: String,
}

impl Places {
    /// Makes the assemblies and motions the pages show, as the operator, and publishes the
    /// sindicato's page. Outside the app's runtime (the PostgreSQL client cannot run inside).
    pub fn make(app: &TestApp) -> Places {
        let store = &app.state.store;
        let code = "F1-C01-S01".to_string();
        cabildo_services::registry::set_published(store, &op(), &code, true).unwrap();
        let convene = |title: &str| {
            let form = ConveneForm {
                kind: "ordinaria".into(),
                title: title.into(),
                scheduled_for: "2026-11-30 09:00".into(),
                place: "Cancha del sindicato".into(),
                agenda: "1. Informe del dirigente\n2. Camino vecinal".into(),
            };
            let id = assembly::convene(store, &op(), &code, &form).unwrap().id;
            // Everyone comes: the assembly has its quorum.
            for line in assembly::door(store, &op(), id, None, 10_000).unwrap() {
                assembly::check_in(store, &op(), id, &Attendee::Person(line.eligible.person_id), false).unwrap();
            }
            assembly::open(store, &op(), id).unwrap();
            id
        };
        let motion = |id: AssemblyId, title: &str| {
            let form = MotionForm {
                title: title.into(),
                text: format!("La asamblea resuelve: {title}."),
                proposer: "Juana Mamani".into(),
                origin: None,
                amends: None,
            };
            assembly::add_motion(store, &op(), id, &form).unwrap().id
        };
        let closed = convene("Asamblea de octubre");
        let adopted = motion(closed, "Arreglo del camino vecinal");
        assembly::open_vote(store, &op(), adopted, VoteMethod::ShowOfHands, DecisionRule::MajorityOfVotesCast).unwrap();
        assembly::record_hands(store, &op(), adopted, &[(BallotOption::For, 3), (BallotOption::Against, 1)]).unwrap();
        assembly::close_vote(store, &op(), adopted).unwrap();
        let (congress, delegation) = congress_with_a_delegate(store, &code, closed);
        assembly::close(store, &op(), closed).unwrap();
        let id = convene("Asamblea ordinaria de noviembre");
        let pending = motion(id, "Aporte para la escuela");
        let voting = motion(id, "Cuota para la fiesta patronal");
        assembly::open_vote(store, &op(), voting, VoteMethod::ShowOfHands, DecisionRule::MajorityOfVotesCast).unwrap();
        let federation = store.read(|r| r.body_by_code("F1")).unwrap().expect("the demo's F1").id.0;
        let consulta = cabildo_services::consulta::LaunchForm {
            question: "¿Marchamos a la capital en diciembre?".into(),
            text: "La federación propone marchar con todas las bases.".into(),
            kind: "yes_no".into(),
            deadline: "2026-12-15".into(),
            ..Default::default()
        };
        let consulta = cabildo_services::consulta::launch(store, &op(), "F1", &consulta).unwrap().id.0;
        let duty = cabildo_services::obligations::ObligationForm {
            child_kind: "central".into(),
            cadence: "quarter".into(),
            since: "2026-01-01".into(),
            ..Default::default()
        };
        cabildo_services::obligations::state(store, &op(), "F1", &duty).unwrap();
        let demand = cabildo_services::obligations::DemandForm {
            office: app.office().to_string(),
            title: "Que el dirigente explique el gasto del aniversario".into(),
            ..Default::default()
        };
        let demand = cabildo_services::obligations::move_demand(store, &op(), id, &demand).unwrap().record.id;
        let petition = addressed_petition(store, &code);
        let receipt = dues_paid_in_part(store, &code, app.household());
        // The public page shows the book's totals, as the body decided.
        cabildo_services::ledger::set_publication(store, &op(), &code, true, "").unwrap();
        Places {
            receipt,
            congress,
            delegation,
            demand,
            petition,
            consulta,
            federation,
            sindicato: app.sindicato(),
            code,
            household: app.household(),
            office: app.office(),
            assembly: id,
            pending,
            voting,
            closed,
        }
    }

    /// A page's path with its placeholders filled in.
    pub fn path(&self, page: &MainPage) -> String {
        page.path
            .replace("{s}", &self.sindicato.to_string())
            .replace("{code}", &self.code)
            .replace("{h}", &self.household.to_string())
            .replace("{o}", &self.office.to_string())
            .replace("{a}", &self.assembly.0.to_string())
            .replace("{m}", &self.pending.0.to_string())
            .replace("{v}", &self.voting.0.to_string())
            .replace("{b}", &self.closed.0.to_string())
            .replace("{f}", &self.federation.to_string())
            .replace("{c}", &self.consulta.to_string())
            .replace("{g}", &self.congress.0.to_string())
            .replace("{d}", &self.delegation.to_string())
            .replace("{e}", &self.demand.to_string())
            .replace("{p}", &self.petition.to_string())
            .replace("{r}", &self.receipt)
    }

    /// Every (page, path, viewer) to check.
    pub fn visits(&self) -> Vec<(&'static str, String, Viewer)> {
        MAIN_PAGES
            .iter()
            .flat_map(|page| page.viewers.iter().map(move |viewer| (page.name, self.path(page), *viewer)))
            .collect()
    }
}

/// A congress of the central above `code` with one seat (and an alternate) per sindicato, and the
/// holder of `code`'s seat elected in `base`, an assembly of its own in session (which issues the
/// credential).
fn congress_with_a_delegate(store: &cabildo_services::Store, code: &str, base: AssemblyId) -> (AssemblyId, i64) {
    use cabildo_services::delegates::{self, DelegateElectionForm, SeatForm};
    let central = code.rsplit_once('-').map_or(code, |(c, _)| c);
    let form = ConveneForm {
        kind: "congreso".into(),
        title: "Congreso orgánico de la central".into(),
        scheduled_for: "2026-12-12 09:00".into(),
        place: "Coliseo de la central".into(),
        agenda: "1. Informe\n2. Pliego".into(),
    };
    let congress = assembly::convene(store, &op(), central, &form).unwrap().id;
    let plan = SeatForm { rule: "fixed".into(), number: "1".into(), alternates: true, register_on: String::new() };
    let seats = delegates::declare_seats(store, &op(), congress, &plan).unwrap();
    let sindicato = store.read(|r| r.body_by_code(code)).unwrap().unwrap().id;
    let delegation = seats.delegations.iter().find(|d| d.delegation.body_id == sindicato).unwrap().delegation.id;
    let people: Vec<_> =
        assembly::door(store, &op(), base, None, 2).unwrap().iter().map(|l| l.eligible.person_id).collect();
    let election = DelegateElectionForm {
        delegation,
        seat: 1,
        role: cabildo_domain::delegates::SeatRole::Holder,
        title: "Delegado al congreso orgánico".into(),
        rule: "plurality".into(),
        candidates: people,
    };
    let m = delegates::add_delegate_election(store, &op(), base, &election).unwrap().id;
    assembly::open_vote(store, &op(), m, VoteMethod::ShowOfHands, DecisionRule::MajorityOfVotesCast).unwrap();
    let first = store.read(|r| r.candidates(m)).unwrap()[0].id;
    assembly::record_hands(store, &op(), m, &[(BallotOption::Candidate(first), 3)]).unwrap();
    assembly::close_vote(store, &op(), m).unwrap();
    (congress, delegation)
}
