//! What was decided in the afiliado's name and what a leader answers for (issue 12, items 5 and
//! 6), on both backends: a body's resolutions with their actas, sealed and pending marks, the
//! "my family" page and its privacy, the leader's view checked against a hand-made tree, the
//! verification of a sub-tree catching a tampered sindicato acta, the change history in words —
//! and the attacks: ids outside the subtree, an afiliado asking for the federation's view.

use axum::http::StatusCode;
use cabildo_domain::access::Role;
use cabildo_domain::assembly::{AssemblyId, BallotOption, DecisionRule, VoteMethod};
use cabildo_domain::{BodyKind, HouseholdData, HouseholdId, PersonData, PersonName};
use cabildo_services::assembly::{self, Attendee, ConveneForm, MotionForm};
use cabildo_services::leader::{self, ActaMark, FamilyAttendance, MyFamily, OverviewFilter, OverviewQuery};
use cabildo_services::registry::{self, BodyForm};
use cabildo_services::{Ctx, ServiceError, Store, accounts, acta, history};

use crate::assembly::{PASSWORD, signer, statute};
use crate::support::{Db, NOW, TestApp, Who, local, on_both_backends, op, today};

on_both_backends!(
    the_leader_view_adds_up_a_hand_made_tree,
    resolutions_list_their_assembly_vote_and_acta,
    my_family_shows_only_the_accounts_own_family,
    verifying_a_federation_covers_its_sindicatos,
    the_history_speaks_in_words_naming_the_body,
    the_pages_show_the_record_to_the_afiliado_and_the_controls_to_the_officers,
);

const DAY: i64 = 86_400;

fn body(s: &Store, parent: Option<&str>, kind: BodyKind, code: &str, name: &str) {
    let form = BodyForm {
        parent: parent.map(str::to_string),
        kind,
        composition: None,
        name: name.into(),
        code: Some(code.into()),
    };
    registry::create_body(s, &op(), &form).unwrap();
}

/// `n` families in sindicato `code`, represented by "Socia <code> <letter>".
fn families(s: &Store, code: &str, n: usize) -> Vec<HouseholdId> {
    (0..n)
        .map(|i| {
            let letter = char::from(b'A' + i as u8);
            let person = PersonData {
                name: PersonName::new(
                    &format!("Socia {letter}"),
                    &format!("Familia{}", code.replace('-', "")),
                    "Quispe",
                )
                .unwrap(),
                id_number: None,
                phone: None,
            };
            let household = HouseholdData { register_number: Some((i + 1).to_string()), affiliated_on: None };
            let parcel = crate::support::parcel(&format!("{code}-L{i}"));
            registry::add_household(s, &op(), code, &person, &household, &[parcel]).unwrap()
        })
        .collect()
}

/// Convenes, checks in `present`, opens, and returns the assembly.
fn held(s: &Store, code: &str, title: &str, day: &str, present: &[HouseholdId]) -> AssemblyId {
    let form = ConveneForm {
        kind: "ordinaria".into(),
        title: title.into(),
        scheduled_for: format!("{day} 09:00"),
        place: "Sede".into(),
        agenda: "Informe".into(),
    };
    let id = assembly::convene(s, &op(), code, &form).unwrap().id;
    for h in present {
        assembly::check_in(s, &op(), id, &Attendee::Household(*h), false).unwrap();
    }
    assembly::open(s, &op(), id).unwrap();
    id
}

/// A motion adopted by show of hands: a resolution.
fn adopted(s: &Store, id: AssemblyId, title: &str, yes: u64, no: u64) {
    let form = MotionForm {
        title: title.into(),
        text: format!("Se resuelve: {title}."),
        proposer: "Base".into(),
        origin: None,
        amends: None,
    };
    let m = assembly::add_motion(s, &op(), id, &form).unwrap().id;
    assembly::open_vote(s, &op(), m, VoteMethod::ShowOfHands, DecisionRule::MajorityOfVotesCast).unwrap();
    assembly::record_hands(s, &op(), m, &[(BallotOption::For, yes), (BallotOption::Against, no)]).unwrap();
    assembly::close_vote(s, &op(), m).unwrap();
}

/// The hand-made tree:
///
/// ```text
/// FX Federación Equis
/// ├── CX1 Central Uno: SX1 (3 families; a sealed acta and a pending one, 1 fine of Bs 20,
/// │                         2 resolutions), SX2 Sindicato Ñandú (2 families, nothing held)
/// └── CX2 Central Dos: SX3 (1 family; one assembly in January, acta pending)
/// ```
struct Tree {
    sx1: Vec<HouseholdId>,
    sx3: Vec<HouseholdId>,
    first: AssemblyId,
    second: AssemblyId,
}

fn tree(s: &Store) -> Tree {
    body(s, None, BodyKind::Federacion, "FX", "Federación Equis");
    body(s, Some("FX"), BodyKind::Central, "CX1", "Central Uno");
    body(s, Some("FX"), BodyKind::Central, "CX2", "Central Dos");
    body(s, Some("CX1"), BodyKind::Sindicato, "SX1", "Sindicato Uno");
    body(s, Some("CX1"), BodyKind::Sindicato, "SX2", "Sindicato Ñandú");
    body(s, Some("CX2"), BodyKind::Sindicato, "SX3", "Sindicato Tres");
    let sx1 = families(s, "SX1", 3);
    families(s, "SX2", 2);
    let sx3 = families(s, "SX3", 1);
    statute(s, "SX1");
    let rosa = signer(s, "rosa", "SX1", Role::SecretarioActas);
    // First: two of three present (the third is fined), one resolution, acta sealed.
    let first = held(s, "SX1", "Asamblea de octubre", "2026-10-15", &sx1[..2]);
    adopted(s, first, "Arreglo del camino", 2, 0);
    assembly::close(s, &op(), first).unwrap();
    acta::sign(
        s,
        &rosa,
        cabildo_services::access::PasswordCost::TESTS_ONLY,
        local(),
        first,
        "Secretario de Actas",
        PASSWORD,
    )
    .unwrap();
    acta::seal(s, &op(), first).unwrap();
    // Second: all present, one resolution, acta pending.
    let second = held(s, "SX1", "Asamblea de noviembre", "2026-11-01", &sx1);
    adopted(s, second, "Aporte para la escuela", 2, 1);
    assembly::close(s, &op(), second).unwrap();
    // SX3: an assembly in January, closed, acta pending.
    let january = held(s, "SX3", "Asamblea de enero", "2026-01-15", &sx3);
    assembly::close(s, &op(), january).unwrap();
    Tree { sx1, sx3, first, second }
}

/// The operator 40 days later: every pending acta is overdue by then.
fn later() -> Ctx {
    Ctx::operator(NOW + 40 * DAY, today())
}

fn query(search: Option<&str>, filter: OverviewFilter) -> OverviewQuery {
    OverviewQuery { search: search.map(str::to_string), filter, page: 1, per_page: 25 }
}

fn codes(o: &leader::Overview) -> Vec<String> {
    o.rows.iter().map(|r| r.body.code.clone()).collect()
}

fn the_leader_view_adds_up_a_hand_made_tree(db: &Db) {
    let s = &db.store;
    tree(s);
    let o = leader::overview(s, &later(), "FX", &query(None, OverviewFilter::All)).unwrap();
    let t = &o.total;
    assert_eq!((t.bases, t.quiet, t.members), (3, 2, 6), "three sindicatos, two quiet, six families");
    let a = &t.activity;
    assert_eq!((a.held, a.held_recently), (3, 2));
    assert_eq!((a.actas_sealed, a.actas_pending, a.actas_overdue), (1, 2, 2));
    assert_eq!((a.resolutions, a.fines, a.fines_amount), (2, 1, 2000));
    assert!(a.last_activity.is_some());
    // The centrales, each added up.
    let group = |code: &str| o.groups.iter().find(|g| g.body.code == code).unwrap();
    let (uno, dos) = (group("CX1"), group("CX2"));
    assert_eq!(
        (uno.bases, uno.quiet, uno.activity.held, uno.activity.actas_sealed, uno.activity.actas_pending),
        (2, 1, 2, 1, 1)
    );
    assert_eq!((uno.activity.resolutions, uno.activity.fines, uno.members), (2, 1, 5));
    assert_eq!(
        (dos.bases, dos.quiet, dos.activity.held, dos.activity.held_recently, dos.activity.actas_overdue),
        (1, 1, 1, 0, 1)
    );
    // Base bodies: those that need attention first (overdue, then quiet), then by name.
    assert_eq!(codes(&o), ["SX3", "SX1", "SX2"]);
    assert_eq!(o.matched, 3);
    let sx1 = o.rows.iter().find(|r| r.body.code == "SX1").unwrap();
    assert_eq!(sx1.parent.as_ref().map(|p| p.code.as_str()), Some("CX1"));
    assert_eq!((sx1.activity.held_recently, sx1.activity.actas_overdue, sx1.quiet), (2, 1, 0));
    // Filters and search (case and accents ignored).
    let filtered = |f| codes(&leader::overview(s, &later(), "FX", &query(None, f)).unwrap());
    assert_eq!(filtered(OverviewFilter::Quiet), ["SX3", "SX2"]);
    assert_eq!(filtered(OverviewFilter::Pending), ["SX3", "SX1"]);
    assert_eq!(filtered(OverviewFilter::Overdue), ["SX3", "SX1"]);
    assert_eq!(filtered(OverviewFilter::Fines), ["SX1"]);
    let searched = |q| codes(&leader::overview(s, &later(), "FX", &query(Some(q), OverviewFilter::All)).unwrap());
    assert_eq!(searched("nandu"), ["SX2"]);
    assert_eq!(searched("sx3"), ["SX3"]);
    assert!(searched("ninguno").is_empty());
    // Ten days after closing, the pending acta is not overdue yet.
    let soon = Ctx::operator(NOW + 10 * DAY, today());
    let o = leader::overview(s, &soon, "CX1", &query(None, OverviewFilter::All)).unwrap();
    assert_eq!((o.total.activity.actas_pending, o.total.activity.actas_overdue), (1, 0));
    // Paged: one per page.
    let paged = leader::overview(
        s,
        &later(),
        "FX",
        &OverviewQuery { page: 2, per_page: 1, ..query(None, OverviewFilter::All) },
    )
    .unwrap();
    assert_eq!((codes(&paged), paged.has_next), (vec!["SX1".to_string()], true));

    // The same on the command line, for whoever holds the database.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_cabildo"))
        .args(["--db", &db.location, "--lang", "es", "body", "overview", "FX", "--filter", "quiet"])
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&output.stdout).to_string();
    assert!(output.status.success(), "{printed}{}", String::from_utf8_lossy(&output.stderr));
    let lines: Vec<&str> = printed.lines().collect();
    assert!(lines[0].starts_with("Federación Equis (FX): sindicatos 3 (sin asamblea en 3 meses: 2)"), "{printed}");
    assert!(lines[0].contains("multas: 1 (Bs 20,00)") && lines[0].contains("padrón: 6"), "{printed}");
    assert!(lines.iter().any(|l| l.starts_with("Central Uno (CX1)")), "{printed}");
    assert!(lines.contains(&"Organismos de base que coinciden: 2"), "{printed}");
    assert!(lines.iter().any(|l| l.starts_with("Sindicato Ñandú (SX2): asambleas en 3 meses: 0")), "{printed}");
    assert!(!lines.iter().any(|l| l.starts_with("Sindicato Uno (SX1)")), "SX1 held assemblies: {printed}");

    // Who may look: the federation's officers, not an afiliado, an observador, or a central's
    // dirigente asking for the whole federation.
    let dirigente = signer(s, "dirigente_fx", "FX", Role::Dirigente);
    assert!(leader::overview(s, &dirigente, "FX", &query(None, OverviewFilter::All)).is_ok());
    for (user, role, on) in
        [("socio", Role::Afiliado, "SX1"), ("mira", Role::Observador, "FX"), ("central_dos", Role::Dirigente, "CX2")]
    {
        let ctx = signer(s, user, on, role);
        let refused = leader::overview(s, &ctx, "FX", &query(None, OverviewFilter::All));
        assert!(matches!(refused, Err(ServiceError::Forbidden { .. })), "{user}: {:?}", refused.err());
    }
}

fn resolutions_list_their_assembly_vote_and_acta(db: &Db) {
    let s = &db.store;
    let t = tree(s);
    let own = leader::resolutions(s, &op(), "FX", false, 1, 20).unwrap();
    assert!(own.items.is_empty(), "the federation adopted none itself");
    let below = leader::resolutions(s, &op(), "FX", true, 1, 20).unwrap();
    let titles: Vec<&str> = below.items.iter().map(|i| i.line.resolution.title.as_str()).collect();
    assert_eq!(titles, ["Aporte para la escuela", "Arreglo del camino"], "newest first");
    let (newest, oldest) = (&below.items[0], &below.items[1]);
    assert_eq!(newest.body.code, "SX1");
    assert_eq!(newest.line.assembly.as_ref().map(|a| a.id), Some(t.second));
    assert_eq!(oldest.line.assembly.as_ref().map(|a| a.id), Some(t.first));
    assert_eq!(newest.line.acta, Some(cabildo_services::leader::ActaStatus::Draft), "the second acta is a draft");
    assert_eq!(oldest.line.acta, Some(cabildo_services::leader::ActaStatus::Sealed));
    let count = |option: &str| newest.line.counts.iter().find(|(o, _)| o == option).map(|(_, n)| *n);
    assert_eq!((count("for"), count("against")), (Some(2), Some(1)));
    assert_eq!(newest.line.counts.first().map(|(o, _)| o.as_str()), Some("for"), "for first, as people read a tally");
    // Paged.
    let first_page = leader::resolutions(s, &op(), "SX1", false, 1, 1).unwrap();
    let second_page = leader::resolutions(s, &op(), "SX1", false, 2, 1).unwrap();
    assert!(first_page.has_next && !second_page.has_next);
    assert_eq!(second_page.items[0].line.resolution.title, "Arreglo del camino");
    // The assembly list marks the actas.
    let listing = leader::assembly_listing(s, &later(), "SX1").unwrap();
    let marks: Vec<(String, ActaMark)> = listing.assemblies.iter().map(|(a, m)| (a.title.clone(), *m)).collect();
    assert_eq!(
        marks,
        [
            ("Asamblea de noviembre".to_string(), ActaMark::Overdue),
            ("Asamblea de octubre".to_string(), ActaMark::Sealed)
        ]
    );
    assert!(listing.may_convene);
    // An afiliado of SX1 reads them, may not convene, and gets nothing of another federation.
    let socio = signer(s, "socio", "SX1", Role::Afiliado);
    assert!(!leader::assembly_listing(s, &socio, "SX1").unwrap().may_convene);
    assert_eq!(leader::resolutions(s, &socio, "SX1", false, 1, 20).unwrap().items.len(), 2);
    body(s, None, BodyKind::Federacion, "FY", "Federación Ye");
    for reference in ["FY", "CX2", "SX3", "FX"] {
        let refused = leader::resolutions(s, &socio, reference, true, 1, 20);
        assert!(matches!(refused, Err(ServiceError::Forbidden { .. })), "{reference}: {:?}", refused.err());
    }
}

fn my_family_shows_only_the_accounts_own_family(db: &Db) {
    let s = &db.store;
    let t = tree(s);
    // The third family of SX1: absent (and fined) at the first assembly, present at the second.
    let person = s.read(|r| r.household(t.sx1[2])).unwrap().unwrap().representative.id;
    let socio = signer(s, "socio", "SX1", Role::Afiliado);
    assert!(matches!(leader::my_family(s, &socio).unwrap(), MyFamily::NotLinked));
    accounts::link_person(s, &op(), "socio", Some(person)).unwrap();
    let MyFamily::Families { families, .. } = leader::my_family(s, &socio).unwrap() else { panic!("linked") };
    assert_eq!(families.len(), 1);
    let f = &families[0];
    assert_eq!((f.household.id, f.body.code.as_str()), (t.sx1[2], "SX1"));
    assert_eq!(f.parcels.iter().map(|p| p.code.to_string()).collect::<Vec<_>>(), ["SX1-L2"]);
    let lines: Vec<(AssemblyId, FamilyAttendance, Option<i64>)> =
        f.lines.iter().map(|l| (l.assembly.id, l.attendance, l.fine)).collect();
    assert_eq!(lines, [(t.second, FamilyAttendance::Present, None), (t.first, FamilyAttendance::Absent, Some(2000))]);
    assert_eq!((f.fines_count, f.fines_total), (1, 2000));
    assert_eq!((f.count("present"), f.count("absent")), (1, 1));
    // Only the resolutions of the assembly it attended.
    let titles: Vec<&str> = f.resolutions.iter().map(|r| r.resolution.title.as_str()).collect();
    assert_eq!(titles, ["Aporte para la escuela"]);
    // The family of SX3, through an account of that sindicato: its own record, nothing of SX1.
    let other = s.read(|r| r.household(t.sx3[0])).unwrap().unwrap().representative.id;
    let tres = signer(s, "tres", "SX3", Role::Afiliado);
    accounts::link_person(s, &op(), "tres", Some(other)).unwrap();
    let MyFamily::Families { families, .. } = leader::my_family(s, &tres).unwrap() else { panic!("linked") };
    assert_eq!(families.len(), 1);
    assert_eq!(families[0].household.id, t.sx3[0]);
    assert!(families[0].lines.iter().all(|l| l.assembly.body_id == families[0].body.id));
    assert!(families[0].resolutions.is_empty());
    // Nobody signed in has no family.
    let anonymous = Ctx { actor: cabildo_services::Actor::Anonymous, ..op() };
    assert!(matches!(leader::my_family(s, &anonymous), Err(ServiceError::SignInRequired)));
}

fn verifying_a_federation_covers_its_sindicatos(db: &Db) {
    let s = &db.store;
    let t = tree(s);
    let found = acta::verify(s, &later(), Some("FX")).unwrap();
    let labels: Vec<&str> = found.bodies.iter().map(|(l, _)| l.as_str()).collect();
    assert!(labels.iter().any(|l| l.contains("SX1")), "{labels:?}");
    assert_eq!(found.bodies.iter().map(|(_, n)| n).sum::<usize>(), 1, "one sealed acta below FX");
    assert!(found.is_clean() && found.with_findings.is_empty(), "{:?}", found.problems);
    assert_eq!(found.warnings.len(), 2, "two overdue actas, SX1's and SX3's");
    assert_eq!(found.scope.as_deref().map(|l| l.contains("FX")), Some(true));
    // Someone changes the sealed assembly's motion behind Cabildo's back.
    db.raw_execute(&format!("UPDATE motions SET title = 'Otra cosa' WHERE assembly_id = {}", t.first.0));
    let found = acta::verify(s, &later(), Some("FX")).unwrap();
    assert!(!found.is_clean());
    assert_eq!(found.with_findings.len(), 1, "{:?}", found.with_findings);
    assert!(found.with_findings[0].0.contains("SX1"));
    // The other central's sub-tree is intact, and does not see SX1's chain.
    let dos = acta::verify(s, &later(), Some("CX2")).unwrap();
    assert!(dos.is_clean() && !dos.bodies.iter().any(|(l, _)| l.contains("SX1")));
    // An account of SX3 cannot verify the federation.
    let tres = signer(s, "tres", "SX3", Role::SecretarioActas);
    assert!(matches!(acta::verify(s, &tres, Some("FX")), Err(ServiceError::Forbidden { .. })));
}

fn the_history_speaks_in_words_naming_the_body(db: &Db) {
    let s = &db.store;
    tree(s);
    let page = history::history(s, &op(), "FX", 1, 200).unwrap();
    let words: Vec<String> = page
        .lines
        .iter()
        .map(|l| {
            let args: Vec<(&str, String)> = l
                .args
                .iter()
                .map(|(k, v)| {
                    let v = match v {
                        history::Arg::Text(t) => t.clone(),
                        history::Arg::Count(n) => n.to_string(),
                        history::Arg::Code(prefix, code) => {
                            cabildo_i18n::tr(cabildo_i18n::Lang::Es, &format!("{prefix}-{code}"), &[])
                        }
                    };
                    (*k, v)
                })
                .collect();
            cabildo_i18n::tr(cabildo_i18n::Lang::Es, l.id, &args)
        })
        .collect();
    let close = words.iter().find(|w| w.contains("«Asamblea de octubre»") && w.contains("cerrada")).unwrap();
    assert!(close.contains("Sindicato Uno") && close.contains("multa"), "{close}");
    assert!(words.iter().any(|w| w.contains("selló el acta de «Asamblea de octubre»")), "{words:?}");
    assert!(words.iter().any(|w| w.contains("convocó «Asamblea de enero» de Sindicato Tres")), "{words:?}");
    for w in &words {
        assert!(!w.contains("assembly.") && !w.contains(" fined") && !w.contains("audit-"), "a raw code: {w}");
    }
    assert!(page.lines.iter().all(|l| l.id != history::UNKNOWN_ACTION));
    // Paged: the second page starts where the first ended.
    let one = history::history(s, &op(), "FX", 1, 3).unwrap();
    let two = history::history(s, &op(), "FX", 2, 3).unwrap();
    assert!(one.has_next);
    assert_eq!(two.lines.first(), page.lines.get(3));
    // An afiliado does not read the history.
    let socio = signer(s, "socio", "SX1", Role::Afiliado);
    assert!(matches!(history::history(s, &socio, "SX1", 1, 10), Err(ServiceError::Forbidden { .. })));
}

/// Every action code the services write to the audit trail has a message in both languages.
#[test]
fn history_speaks_every_audit_action() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../services/src");
    let mut files = vec![std::path::PathBuf::from(root)];
    let mut actions = std::collections::BTreeSet::new();
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (at, _) in text.match_indices("ctx.audit(") {
            // The action is the string literal that looks like `word.word` in the call's first lines.
            let call: String = text[at..].chars().take(260).collect();
            for literal in call.split('"').skip(1).step_by(2) {
                let is_code = literal.split_once('.').is_some_and(|(a, b)| {
                    !a.is_empty()
                        && !b.is_empty()
                        && literal.chars().all(|c| c.is_ascii_lowercase() || c == '.' || c == '_')
                });
                if is_code {
                    actions.insert(literal.to_string());
                }
            }
        }
    }
    assert!(actions.len() > 30, "found {actions:?}");
    for action in &actions {
        let id = history::message_id(action);
        assert_ne!(id, history::UNKNOWN_ACTION, "{action} has no message in history::AUDIT_ACTIONS");
        for lang in cabildo_i18n::Lang::ALL {
            assert!(cabildo_i18n::has(lang, id), "{action}: no message {id} in {lang:?}");
        }
    }
    for (action, id) in history::AUDIT_ACTIONS {
        assert!(actions.contains(*action), "{action} is listed but no service writes it");
        assert_eq!(format!("audit-{}", action.replace(['.', '_'], "-")), *id);
    }
}

fn the_pages_show_the_record_to_the_afiliado_and_the_controls_to_the_officers(db: &Db) {
    let app = TestApp::demo(db).families(200).build();
    let s = &app.state.store;
    let sindicato = app.sindicato();
    let code = "F1-C01-S01";
    statute(s, code);
    // The afiliado is linked to the representative of a family: present; another family absent.
    let person = s.read(|r| r.account_by_username("afiliado")).unwrap().unwrap().person_id.unwrap();
    let mine_id = s.read(|r| r.households_of_person(person)).unwrap()[0];
    let mine = s.read(|r| r.household(mine_id)).unwrap().unwrap().representative.name;
    let padron = registry::padron_page(s, &op(), code, None, 0, 1000).unwrap();
    let theirs = padron.iter().find(|h| h.id != mine_id).unwrap().clone();
    let mut present: Vec<HouseholdId> = padron.iter().filter(|h| h.id != theirs.id).map(|h| h.id).collect();
    if !present.contains(&mine_id) {
        present.push(mine_id);
    }
    let id = held(s, code, "Asamblea del camino", "2026-11-10", &present);
    adopted(s, id, "Cuota para el puente", 2, 0);
    assembly::close(s, &op(), id).unwrap();
    let f1 = app.body("F1");
    let f2 = app.body("F2");

    app.block_on(async {
        // Two taps from the sindicato's page: resolutions, then the acta.
        let body_page = app.get(&format!("/bodies/{sindicato}"), "afiliado").await;
        assert!(body_page.body.contains(&format!("href=\"/bodies/{sindicato}/resolutions\"")), "{}", body_page.body);
        let list = app.get(&format!("/bodies/{sindicato}/resolutions"), "afiliado").await;
        assert_eq!(list.status, StatusCode::OK);
        assert!(list.body.contains("Cuota para el puente") && list.body.contains("Acta pendiente"), "{}", list.body);
        assert!(list.body.contains(&format!("href=\"/assemblies/{}/acta\"", id.0)));
        // An observador reads the resolutions, not the actas (they name people).
        let observed = app.get(&format!("/bodies/{sindicato}/resolutions"), "observador").await;
        assert!(observed.body.contains("Cuota para el puente") && observed.body.contains("Acta pendiente"));
        assert!(!observed.body.contains(&format!("/assemblies/{}/acta", id.0)), "{}", observed.body);
        // The assembly list marks the acta and shows no convene form to the afiliado.
        let assemblies = app.get(&format!("/bodies/{sindicato}/assemblies"), "afiliado").await;
        assert!(assemblies.body.contains("Acta pendiente"));
        assert!(!assemblies.body.contains(&format!("action=\"/bodies/{sindicato}/assemblies")));
        let as_actas = app.get(&format!("/bodies/{sindicato}/assemblies"), "actas").await;
        assert!(as_actas.body.contains(&format!("action=\"/bodies/{sindicato}/assemblies")));
        // No door buttons, statute form or sign form for the afiliado.
        let door = app.get(&format!("/assemblies/{}/door", id.0), "afiliado").await;
        assert_eq!(door.status, StatusCode::OK);
        assert!(!door.body.contains(&format!("method=\"post\" action=\"/assemblies/{}/door\"", id.0)), "{}", door.body);
        let door_actas = app.get(&format!("/assemblies/{}/door", id.0), "actas").await;
        assert!(door_actas.body.contains(&format!("method=\"post\" action=\"/assemblies/{}/door\"", id.0)));
        let view = app.get(&format!("/assemblies/{}", id.0), "afiliado").await;
        assert!(!view.body.contains("/door\"") && !view.body.contains("method=\"post\" action=\"/assemblies"));
        let statute_page = app.get(&format!("/bodies/{sindicato}/statute"), "afiliado").await;
        assert!(!statute_page.body.contains("action=\"/bodies/"), "{}", statute_page.body);
        let acta_page = app.get(&format!("/assemblies/{}/acta", id.0), "afiliado").await;
        assert!(!acta_page.body.contains("id=\"sign-form\""));
        let acta_actas = app.get(&format!("/assemblies/{}/acta", id.0), "actas").await;
        assert!(acta_actas.body.contains("id=\"sign-form\""));

        // My family: the afiliado's own, present, with the resolution; never another family.
        let family = app.get("/my-family", "afiliado").await;
        assert_eq!(family.status, StatusCode::OK);
        assert!(family.body.contains(&mine.display()), "{}", family.body);
        assert!(!family.body.contains(&theirs.name.display()), "another family's name");
        assert!(family.body.contains("Presente") && family.body.contains("Cuota para el puente"));
        let (status, json) = app.api("GET", "/api/v1/account/family", "afiliado", None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(json["linked"], true);
        assert_eq!(json["families"][0]["household_id"], mine_id.0);
        assert_eq!(json["families"][0]["assemblies"][0]["attendance"], "present");
        assert!(!json.to_string().contains(&theirs.name.display()));
        // The observador is not linked: it is told how to get linked.
        let unlinked = app.get("/my-family", "observador").await;
        assert!(unlinked.body.contains("id=\"not-linked\"") && unlinked.body.contains("administrador"));
        // Nobody signed in is sent to sign in.
        let (status, _) = app.api("GET", "/api/v1/account/family", Who::Anonymous, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);

        // The leader's view: the dirigente of F1 finds the sindicato; the afiliado, the
        // observador and F1's dirigente asking for F2 are refused.
        let overview = app.get(&format!("/bodies/{f1}/overview?q=c01-s01"), "dirigente").await;
        assert_eq!(overview.status, StatusCode::OK);
        assert!(overview.body.contains(&format!("href=\"/bodies/{sindicato}\"")), "{}", overview.body);
        assert!(overview.body.contains("Acta pendiente") || overview.body.contains("pendiente"));
        for (who, body) in [("afiliado", f1), ("observador", f1), ("dirigente", f2)] {
            let refused = app.get(&format!("/bodies/{body}/overview"), who).await;
            assert_eq!(refused.status, StatusCode::FORBIDDEN, "{who} on {body}");
            let (status, _) = app.api("GET", &format!("/api/v1/bodies/{body}/overview"), who, None).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{who} on {body} (API)");
        }
        let (status, json) =
            app.api("GET", &format!("/api/v1/bodies/{f1}/overview?q=F1-C01-S01"), "dirigente", None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(json["bases"][0]["body"]["code"], code);
        assert_eq!(json["bases"][0]["actas_pending"], 1);
        assert!(json["bases"][0]["fines"].as_u64().unwrap() >= 1, "{json}");
        // Decisions in JSON, with the sub-tree.
        let (status, json) =
            app.api("GET", &format!("/api/v1/bodies/{f1}/decisions?below=true"), "dirigente", None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(json["decisions"][0]["title"], "Cuota para el puente");
        assert_eq!(json["decisions"][0]["acta"], "pending");
        let (status, _) = app.api("GET", &format!("/api/v1/bodies/{f2}/decisions"), "afiliado", None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        // The history in words, and the verification of the federation.
        let audit = app.get(&format!("/bodies/{f1}/audit"), "dirigente").await;
        assert!(audit.body.contains("«Asamblea del camino»") && audit.body.contains("cerrada por"), "{}", audit.body);
        assert!(!audit.body.contains("assembly.close") && !audit.body.contains("padron.import"));
        let verify = app.get(&format!("/bodies/{f1}/verify"), "dirigente").await;
        assert!(verify.body.contains("id=\"verify-summary\"") && verify.body.contains("intactas"), "{}", verify.body);
    });
}
