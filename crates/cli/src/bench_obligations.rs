//! `cabildo bench --obligations`: the obligations page's figures (issue 14, item 7), rerunnable.
//! On an empty database, through the use-cases as a user would: a federation of `--centrales`
//! centrales (each with a sindicato below), its secretario general bound to attend an assembly of
//! each central every quarter, and two years of monthly assemblies of every central, each with
//! its delegates checked in and, at about two of three, the secretario general recorded at the
//! door (some excused). Then times, from the database (median of `--repeat`):
//!
//! - the federation's obligations page (every central × every quarter, computed from attendance);
//! - one central's page (the obligations owed to it);
//! - the secretario general's record.
//!
//! Timing is measured here, never asserted in tests.

use std::time::{Duration, Instant};

use cabildo_domain::{BodyKind, Date, NewOffice, PersonData, PersonName};
use cabildo_services::assembly::{self, Attendee, ConveneForm};
use cabildo_services::obligations::{self, ObligationForm};
use cabildo_services::registry::{self, BodyForm};
use cabildo_services::{Ctx, ServiceError};
use cabildo_store::Store;

use super::{ms, time_query as timed};

/// Time this thread has spent on a CPU (Linux's schedstat, in nanoseconds): on a busy machine
/// the wall clock also counts the time spent waiting for a core.
fn on_cpu() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok().map(Duration::from_nanos)
}

/// The mean time on a CPU of `repeat` calls (this process only: PostgreSQL's work is its own).
fn cpu_per_call<T>(repeat: usize, mut f: impl FnMut() -> Result<T, ServiceError>) -> Result<String, ServiceError> {
    let Some(before) = on_cpu() else { return Ok("–".into()) };
    for _ in 0..repeat.max(1) {
        f()?;
    }
    let spent = on_cpu().unwrap_or(before).saturating_sub(before);
    Ok(ms(spent / u32::try_from(repeat.max(1)).unwrap_or(1)))
}

fn person(given: &str, surname: &str, n: u64) -> Result<PersonData, ServiceError> {
    Ok(PersonData { name: PersonName::new(given, surname, &format!("N{n}"))?, id_number: None, phone: None })
}

fn body(
    store: &Store,
    ctx: &Ctx,
    parent: Option<&str>,
    kind: BodyKind,
    code: &str,
    name: &str,
) -> Result<(), ServiceError> {
    let form = BodyForm {
        parent: parent.map(str::to_string),
        kind,
        composition: None,
        name: name.into(),
        code: Some(code.into()),
    };
    registry::create_body(store, ctx, &form).map(drop)
}

pub fn run(db: &str, ctx: &Ctx, centrales: u64, repeat: usize) -> Result<(), ServiceError> {
    let store = Store::open(db)?;
    store.migrate()?;
    let backend = store.backend();
    let start = Instant::now();
    let since = Date::from_ymd_opt(2024, 12, 1).unwrap_or_default();
    let term = NewOffice::new("Secretario General", Date::from_ymd_opt(2020, 1, 1).unwrap_or_default(), None)?;
    body(&store, ctx, None, BodyKind::Federacion, "BF", "Federación del banco de pruebas")?;
    let leader = registry::add_office(&store, ctx, "BF", &person("Evo", "Condori", 0)?, &term)?;
    for c in 1..=centrales {
        let code = format!("BF-C{c:02}");
        body(&store, ctx, Some("BF"), BodyKind::Central, &code, &format!("Central {c}"))?;
        body(&store, ctx, Some(&code), BodyKind::Sindicato, &format!("{code}-S1"), &format!("Sindicato {c}"))?;
        // The central's directiva and the sindicato's: the delegates at the central's assemblies.
        for (i, title) in
            ["Secretario General", "Secretario de Actas", "Secretario de Hacienda"].into_iter().enumerate()
        {
            let term = NewOffice::new(title, Date::from_ymd_opt(2020, 1, 1).unwrap_or_default(), None)?;
            registry::add_office(&store, ctx, &code, &person("Delegado", "Central", c * 10 + i as u64)?, &term)?;
            registry::add_office(
                &store,
                ctx,
                &format!("{code}-S1"),
                &person("Delegado", "Base", c * 10 + i as u64)?,
                &term,
            )?;
        }
    }
    let form = ObligationForm {
        office: "Secretario General".into(),
        child_kind: "central".into(),
        cadence: "quarter".into(),
        since: since.to_string(),
        ..Default::default()
    };
    obligations::state(&store, ctx, "BF", &form)?;
    let mut assemblies = 0u64;
    let mut visits = 0u64;
    for c in 1..=centrales {
        let code = format!("BF-C{c:02}");
        for month in 0..24u32 {
            let months = 2024 * 12 + 11 + month; // from December 2024
            let (year, m) = ((months / 12) as i32, months % 12 + 1);
            let day = Date::from_ymd_opt(year, m, 10 + (c % 15) as u32).unwrap_or_default();
            let convene = ConveneForm {
                kind: "ordinaria".into(),
                title: format!("Ordinaria {m}/{year}"),
                scheduled_for: format!("{day} 09:00"),
                place: "Sede".into(),
                agenda: "Informe".into(),
            };
            let id = assembly::convene(&store, ctx, &code, &convene)?.id;
            for line in assembly::door(&store, ctx, id, None, 100)? {
                assembly::check_in(&store, ctx, id, &Attendee::Person(line.eligible.person_id), false)?;
            }
            let n = c * 24 + u64::from(month);
            if n % 3 != 0 {
                obligations::record_visit(&store, ctx, id, leader.id.0, n % 17 == 0)?;
                visits += 1;
            }
            assemblies += 1;
        }
    }
    eprintln!(
        "generated {centrales} centrales, {assemblies} assemblies, {visits} visits in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    let page = obligations::for_body(&store, ctx, "BF")?;
    let s = page.summary;
    println!(
        "Obligations benchmark on {backend}: {centrales} centrales, {assemblies} assemblies over two years, \
         {} periods owed ({} attended, {} excused, {} overdue, {} pending).",
        s.required, s.attended, s.excused, s.overdue, s.pending
    );
    println!();
    println!("| measure | {backend} |");
    println!("|---|---|");
    let federation = timed(repeat, || obligations::for_body(&store, ctx, "BF"))?;
    println!("| the federation's obligations page, from the database | **{}** |", ms(federation));
    let cpu = cpu_per_call(repeat, || obligations::for_body(&store, ctx, "BF"))?;
    println!("| of which on a CPU in this process (the wall time also waits for a core) | {cpu} |");
    let record = page.stated.first().map(|l| l.record.clone());
    if let Some(ob) = record {
        let rows = timed(repeat, || {
            store.read(|repo| {
                let a = repo.obligation_assemblies(&ob)?;
                let s = repo.obligation_sightings(&ob)?;
                Ok::<_, ServiceError>((a.len(), s.len()))
            })
        })?;
        println!("| of which reading its assemblies and what their doors recorded (two statements) | {} |", ms(rows));
    }
    let central = timed(repeat, || obligations::for_body(&store, ctx, "BF-C01"))?;
    println!("| a central's obligations page (what is owed to it) | {} |", ms(central));
    let record = timed(repeat, || obligations::for_office(&store, ctx, leader.id.0))?;
    println!("| the secretario general's record | {} |", ms(record));
    Ok(())
}
