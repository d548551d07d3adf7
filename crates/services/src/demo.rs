//! Fills an empty database with the synthetic Trópico of `cabildo-demo`, through the same import
//! engine as a padrón file.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use cabildo_demo::{DemoConfig, DemoPlan};
use cabildo_domain::{BodyId, HouseholdData, NewBody, NewOffice, ParcelData, PersonData};
use cabildo_store::Store;

use crate::export::{ExportFormat, PadronWriter};
use crate::import::{ImportError, ImportReport, Present, import_rows};
use crate::{Result, ServiceError};

/// What the demo created.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoReport {
    pub bodies: u64,
    pub offices: u64,
    pub import: ImportReport,
    pub root_code: String,
}

/// Seeds an empty database with the demo's bodies and directivas, and its padrón when
/// `with_padron`. Refuses a database that already has bodies.
pub fn seed(
    store: &Store,
    config: &DemoConfig,
    ctx: &crate::Ctx,
    progress: &dyn Fn(u64),
    with_padron: bool,
) -> std::result::Result<DemoReport, ImportError> {
    let plan = DemoPlan::new(config);
    let today = ctx.today;
    store.write(|repo| {
        let mut minter = ctx.minter()?;
        if !repo.bodies()?.is_empty() {
            return Err(ServiceError::DatabaseNotEmpty.into());
        }
        let mut ids: HashMap<&str, BodyId> = HashMap::new();
        for body in &plan.bodies {
            let parent = body.parent_code.as_deref().and_then(|code| ids.get(code).copied());
            let new = NewBody::new(parent, body.kind, None, &body.name, Some(&body.code), today)
                .map_err(ServiceError::from)?;
            let id = repo.insert_body(&new, minter.mint()?)?;
            repo.insert_body_event(&cabildo_domain::BodyEvent {
                body_id: id,
                on: today,
                kind: cabildo_domain::BodyEventKind::Created,
            })?;
            ids.insert(&body.code, id);
        }
        for office in &plan.offices {
            let body = ids
                .get(office.body_code.as_str())
                .copied()
                .ok_or_else(|| ServiceError::UnknownBody { reference: office.body_code.clone() })?;
            let person_data = PersonData { name: office.name.clone(), id_number: None, phone: None };
            let person = repo.insert_person(&person_data, minter.mint()?)?;
            let new =
                NewOffice::new(&office.title, office.term_start, Some(office.term_end)).map_err(ServiceError::from)?;
            repo.insert_office(body, person, &new, minter.mint()?)?;
        }
        let root_code = plan.bodies.first().map(|b| b.code.clone()).unwrap_or_default();
        let import = if with_padron {
            let rows = plan.padron().enumerate().map(|(i, row)| (i as u64 + 1, Ok(Some(row))));
            import_rows(repo, ctx, &root_code, Present::ALL, Some("sindicato"), rows, progress)?
        } else {
            ImportReport::default()
        };
        Ok(DemoReport { bodies: plan.bodies.len() as u64, offices: plan.offices.len() as u64, import, root_code })
    })
}

/// Writes the demo's padrón as a spreadsheet file, and returns its number of lines: the input of
/// the import benchmark.
pub fn write_padron_file(config: &DemoConfig, path: &Path, format: ExportFormat) -> Result<u64> {
    let unwritable =
        |e: std::io::Error| ServiceError::Unwritable { path: path.display().to_string(), reason: e.to_string() };
    let plan = DemoPlan::new(config);
    let names: HashMap<&str, &str> = plan.bodies.iter().map(|b| (b.code.as_str(), b.name.as_str())).collect();
    let file = BufWriter::with_capacity(1 << 20, File::create(path).map_err(unwritable)?);
    let mut writer = PadronWriter::new(file, format, true).map_err(unwritable)?;
    for row in plan.padron() {
        let code = match &row.sindicato {
            Some(cabildo_domain::padron::SindicatoRef::Code(code)) => code.as_str(),
            _ => "",
        };
        let person = PersonData { name: row.name, id_number: row.id_number, phone: row.phone };
        let household = HouseholdData { register_number: row.register_number, affiliated_on: row.affiliated_on };
        let parcel =
            ParcelData { code: row.parcel_code, area: row.area, place: row.place, coordinates: row.coordinates };
        writer.write(code, names.get(code).copied().unwrap_or(""), &person, &household, &parcel).map_err(unwritable)?;
    }
    let lines = writer.lines;
    writer.finish().and_then(|mut w| w.flush()).map_err(unwritable)?;
    Ok(lines)
}

/// The demo's accounts: one per role, on bodies that show what the role sees.
pub const DEMO_ACCOUNTS: [(&str, cabildo_domain::access::Role, &str); 6] = [
    ("admin", cabildo_domain::access::Role::Administrador, "TROPICO"),
    ("dirigente", cabildo_domain::access::Role::Dirigente, "F1"),
    ("actas", cabildo_domain::access::Role::SecretarioActas, "F1-C01-S01"),
    ("hacienda", cabildo_domain::access::Role::SecretarioHacienda, "F1-C01-S01"),
    ("afiliado", cabildo_domain::access::Role::Afiliado, "F1-C01-S01"),
    ("observador", cabildo_domain::access::Role::Observador, "TROPICO"),
];

/// The password of every demo account. A demo is for trying Cabildo, never for real data.
pub const DEMO_PASSWORD: &str = "cabildo-demo";

/// The body a demo account's role is granted on, as the demo's tree names it at this size: a
/// large Trópico pads its centrales' numbers (`F1-C001-S01` from a hundred centrales on), so the
/// first sindicato of the first central is looked up, not assumed.
fn demo_body(store: &Store, code: &str) -> Result<String> {
    let Some((federation, _)) = code.split_once("-C") else {
        return Ok(code.to_string());
    };
    let prefix = format!("{federation}-C");
    let bodies = store.read(|repo| Ok::<_, ServiceError>(repo.bodies()?))?;
    let first = bodies
        .iter()
        .filter(|b| b.kind == cabildo_domain::BodyKind::Sindicato && b.code.starts_with(&prefix))
        .map(|b| b.code.as_str())
        .min();
    Ok(first.unwrap_or(code).to_string())
}

/// Creates the demo accounts that do not exist yet, each with its role; answers each account
/// with the code of the body it was granted its role on.
pub fn ensure_demo_accounts(
    store: &Store,
    ctx: &crate::Ctx,
    cost: crate::access::PasswordCost,
) -> Result<Vec<(&'static str, cabildo_domain::access::Role, String)>> {
    let mut granted = Vec::with_capacity(DEMO_ACCOUNTS.len());
    for (username, role, body) in DEMO_ACCOUNTS {
        let body = demo_body(store, body)?;
        let exists = store.read(|repo| Ok::<_, ServiceError>(repo.account_by_username(username)?.is_some()))?;
        if !exists {
            crate::access::create_account(
                store,
                ctx,
                cost,
                username,
                &format!("Demo {}", role.code().replace('_', " ")),
                DEMO_PASSWORD,
            )?;
        }
        crate::access::grant(store, ctx, username, &body, role)?;
        link_demo_account(store, ctx, username)?;
        granted.push((username, role, body));
    }
    Ok(granted)
}

/// Links a demo account to the person it stands for: the officers to the holder of their office
/// in their body's directiva, the afiliado to the first family of the sindicato. Where the demo
/// has no such body (a database without the demo's tree), the account stays unlinked.
fn link_demo_account(store: &Store, ctx: &crate::Ctx, username: &str) -> Result<()> {
    use crate::accounts::{Linkable, link_person, linkable_people};
    let office = match username {
        "dirigente" => Some("Secretario General"),
        "actas" => Some("Secretario de Actas"),
        "hacienda" => Some("Secretario de Hacienda"),
        "afiliado" => None,
        _ => return Ok(()),
    };
    let people = linkable_people(store, ctx, username)?;
    let chosen = people.iter().find(|p| match (&p.link, office) {
        (Linkable::Office { title }, Some(office)) => title == office,
        (Linkable::Household { .. }, None) => true,
        _ => false,
    });
    match chosen {
        Some(person) => link_person(store, ctx, username, Some(person.id)),
        None => Ok(()),
    }
}

/// What [`seed_delegates`] made: a federation's congress with seats and some credentials, and a
/// council of fifteen organisations (one an observer) with its session's seats.
#[derive(Debug, Clone, PartialEq)]
pub struct DelegatesDemo {
    pub congress: cabildo_domain::assembly::AssemblyId,
    pub council: cabildo_domain::assembly::AssemblyId,
    pub credentials: u64,
}

/// Adds to a seeded demo the delegates of issue 14: a congress of the first federation with one
/// seat per 500 families (and alternates), whose first central elects its delegates in an
/// assembly of its own (credentials issued); and a departmental council joined by fifteen
/// sindicatos, the last as an observer, with a session whose seats are declared.
pub fn seed_delegates(store: &Store, ctx: &crate::Ctx) -> Result<DelegatesDemo> {
    use crate::assembly::{self, Attendee, ConveneForm};
    use crate::delegates::{self, DelegateElectionForm, SeatForm};
    use cabildo_domain::assembly::{BallotOption, DecisionRule, VoteMethod};
    use cabildo_domain::delegates::SeatRole;
    use cabildo_domain::{AffiliationKind, BodyKind};

    let bodies = store.read(|repo| Ok::<_, ServiceError>(repo.bodies()?))?;
    let root = bodies.iter().find(|b| b.parent_id.is_none()).ok_or(ServiceError::DatabaseNotEmpty)?.clone();
    let federation = bodies.iter().filter(|b| b.parent_id == Some(root.id)).min_by(|a, b| a.code.cmp(&b.code));
    let federation = federation.ok_or_else(|| ServiceError::UnknownBody { reference: root.code.clone() })?.clone();
    let when = |days: i64| format!("{} 09:00", ctx.today + chrono::Days::new(days.unsigned_abs()));
    let convene = |body: &str, kind: &str, title: &str, days: i64| {
        let form = ConveneForm {
            kind: kind.into(),
            title: title.into(),
            scheduled_for: when(days),
            place: "Coliseo".into(),
            agenda: "Informe de la directiva\nPliego de demandas".into(),
        };
        assembly::convene(store, ctx, body, &form).map(|a| a.id)
    };

    // The federation's congress, its seats by members.
    let congress = convene(&federation.code, "congreso", "Congreso Orgánico de la Federación", 14)?;
    let plan =
        SeatForm { rule: "per_members".into(), number: "500".into(), alternates: true, register_on: String::new() };
    let seats = delegates::declare_seats(store, ctx, congress, &plan)?;
    // The first central elects its delegates in an assembly of its own, with its officers present.
    let mut credentials = 0;
    if let Some(first) = seats.delegations.first() {
        let d = first.delegation.clone();
        let base = convene(&d.body_code, "ordinaria", "Asamblea de elección de delegados", 0)?;
        let people: Vec<_> =
            assembly::door(store, ctx, base, None, 10_000)?.into_iter().map(|l| l.eligible.person_id).collect();
        for p in &people {
            assembly::check_in(store, ctx, base, &Attendee::Person(*p), false)?;
        }
        assembly::open(store, ctx, base)?;
        let mut seats_to_fill = Vec::new();
        for seat in 1..=d.seats.min(3) {
            seats_to_fill.push((seat, SeatRole::Holder));
        }
        seats_to_fill.push((1, SeatRole::Alternate));
        for (i, (seat, role)) in seats_to_fill.into_iter().enumerate() {
            let candidates: Vec<_> = people.iter().skip(2 * i).take(2).copied().collect();
            if candidates.is_empty() {
                break;
            }
            let title = format!("Delegado al congreso, asiento {seat}");
            let form = DelegateElectionForm {
                delegation: d.id,
                seat,
                role,
                title,
                rule: "plurality".into(),
                candidates: candidates.clone(),
            };
            let m = delegates::add_delegate_election(store, ctx, base, &form)?.id;
            assembly::open_vote(store, ctx, m, VoteMethod::ShowOfHands, DecisionRule::MajorityOfVotesCast)?;
            let winner = store.read(|repo| Ok::<_, ServiceError>(repo.candidates(m)?))?;
            let winner = winner.first().map(|c| c.id).ok_or(crate::error::Refusal::NoCandidates)?;
            assembly::record_hands(store, ctx, m, &[(BallotOption::Candidate(winner), people.len() as u64)])?;
            assembly::close_vote(store, ctx, m)?;
            credentials += 1;
        }
        assembly::close(store, ctx, base)?;
    }

    // A departmental council of fifteen organisations; the last sits as an observer.
    let form = crate::registry::BodyForm {
        parent: Some(root.code.clone()),
        kind: BodyKind::Consejo,
        composition: None,
        name: "Consejo Departamental del Trópico".into(),
        code: Some("CDT".into()),
    };
    let council = crate::registry::create_body(store, ctx, &form)?;
    let mut sindicatos: Vec<_> = bodies.iter().filter(|b| b.kind == BodyKind::Sindicato).collect();
    sindicatos.sort_by(|a, b| a.code.cmp(&b.code));
    let since = ctx.today - chrono::Days::new(365);
    for (i, s) in sindicatos.iter().take(15).enumerate() {
        let kind = if i == 14 { AffiliationKind::Observer } else { AffiliationKind::Full };
        crate::registry::affiliate(store, ctx, &s.code, &council.code, kind, since)?;
    }
    let session = convene(&council.code, "congreso", "Sesión del Consejo Departamental", 21)?;
    let plan = SeatForm { rule: "fixed".into(), number: "1".into(), alternates: false, register_on: String::new() };
    delegates::declare_seats(store, ctx, session, &plan)?;
    Ok(DelegatesDemo { congress, council: session, credentials })
}
