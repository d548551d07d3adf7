//! `cabildo bench --checkin`: the congress's door (issue 14), rerunnable. On an empty database,
//! makes a federation of `--sub-bodies` centrales with a congress whose seats give each
//! `--delegates / --sub-bodies` seats, and a credential for every seat (written straight through
//! the store: the elections are not what is measured); then admits every delegate by the code of
//! their credential from `--doors` threads at once, each a door working through its own queue, and
//! reports the latency of each check-in (p50, p95, p99, max) and the throughput. Timing is
//! measured here, never asserted in tests.

use std::time::{Duration, Instant};

use cabildo_domain::assembly::AssemblyId;
use cabildo_domain::delegates::{SeatRole, credential_code};
use cabildo_domain::{BodyKind, PersonData, PersonName};
use cabildo_services::assembly::{ConveneForm, code_hash, convene};
use cabildo_services::delegates::{self, SeatForm};
use cabildo_services::registry::{self, BodyForm};
use cabildo_services::{Ctx, ServiceError};
use cabildo_store::{NewCredential, Store};

/// The sizes of the run.
pub struct CheckinBench {
    pub delegates: u64,
    pub sub_bodies: u64,
    pub doors: usize,
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((sorted.len() as f64) * p).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Makes the federation, its congress, its seats and a credential per seat: the codes to admit.
fn setup(store: &Store, ctx: &Ctx, bench: &CheckinBench) -> Result<(AssemblyId, Vec<String>), ServiceError> {
    let root = BodyForm {
        parent: None,
        kind: BodyKind::Federacion,
        composition: None,
        name: "Federación del banco de pruebas".into(),
        code: Some("BENCH".into()),
    };
    registry::create_body(store, ctx, &root)?;
    for i in 1..=bench.sub_bodies {
        let form = BodyForm {
            parent: Some("BENCH".into()),
            kind: BodyKind::Central,
            composition: None,
            name: format!("Central {i}"),
            code: Some(format!("BENCH-C{i:03}")),
        };
        registry::create_body(store, ctx, &form)?;
    }
    let form = ConveneForm {
        kind: "congreso".into(),
        title: "Congreso del banco de pruebas".into(),
        scheduled_for: format!("{} 09:00", ctx.today),
        place: "Coliseo".into(),
        agenda: "Informe".into(),
    };
    let congress = convene(store, ctx, "BENCH", &form)?.id;
    let per_body = bench.delegates.div_ceil(bench.sub_bodies.max(1));
    let plan =
        SeatForm { rule: "fixed".into(), number: per_body.to_string(), alternates: false, register_on: String::new() };
    let seats = delegates::declare_seats(store, ctx, congress, &plan)?;
    let codes = store.write(|repo| {
        let key = repo.member_cards_key()?;
        let mut minter = ctx.minter()?;
        let mut codes = Vec::with_capacity(bench.delegates as usize);
        'all: for d in &seats.delegations {
            for seat in 1..=d.delegation.seats {
                if codes.len() as u64 >= bench.delegates {
                    break 'all;
                }
                let n = codes.len() + 1;
                let name = PersonName::new(&format!("Delegado {n}"), "Banco", "Pruebas")?;
                let person = repo.insert_person(&PersonData { name, id_number: None, phone: None }, minter.mint()?)?;
                let code = credential_code(&key, d.delegation.id, seat, SeatRole::Holder);
                let hash = code_hash(&code).ok_or_else(|| ServiceError::Internal("a code that is none".into()))?;
                repo.insert_credential(&NewCredential {
                    delegation_id: d.delegation.id,
                    seat,
                    role: SeatRole::Holder,
                    person_id: person,
                    motion_id: None,
                    code_hash: hash,
                    issued_at: ctx.now,
                })?;
                codes.push(code);
            }
        }
        Ok::<_, ServiceError>(codes)
    })?;
    Ok((congress, codes))
}

pub fn run(db: &str, ctx: &Ctx, bench: &CheckinBench) -> Result<(), ServiceError> {
    let store = Store::open(db)?;
    store.migrate()?;
    if store.read(|repo| Ok::<_, ServiceError>(!repo.bodies()?.is_empty()))? {
        return Err(ServiceError::DatabaseNotEmpty);
    }
    let start = Instant::now();
    let (congress, codes) = setup(&store, ctx, bench)?;
    eprintln!("{} credentials in {:.1} s", codes.len(), start.elapsed().as_secs_f64());
    let doors = bench.doors.max(1);
    let queues: Vec<Vec<String>> =
        (0..doors).map(|door| codes.iter().skip(door).step_by(doors).cloned().collect()).collect();
    let started = Instant::now();
    let results: Vec<Result<Vec<Duration>, ServiceError>> = std::thread::scope(|s| {
        let handles: Vec<_> = queues
            .iter()
            .map(|queue| {
                let store = &store;
                s.spawn(move || {
                    let mut times = Vec::with_capacity(queue.len());
                    for code in queue {
                        let start = Instant::now();
                        delegates::check_in_credential(store, ctx, congress, code)?;
                        times.push(start.elapsed());
                    }
                    Ok(times)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err(ServiceError::Internal("a door thread panicked".into()))))
            .collect()
    });
    let wall = started.elapsed();
    let mut all = Vec::with_capacity(codes.len());
    for r in results {
        all.extend(r?);
    }
    all.sort();
    let present = store.read(|repo| Ok::<_, ServiceError>(repo.count_present(congress)?))?;
    if present != codes.len() as u64 {
        return Err(ServiceError::Internal(format!("{present} present of {} admitted", codes.len())));
    }
    let backend = if db.starts_with("postgres") { "PostgreSQL" } else { "SQLite" };
    println!(
        "| check-in by credential, {} delegates, {doors} doors ({backend}) | p50 {} | p95 {} | p99 {} | max {} | {:.0} check-ins/s |",
        all.len(),
        ms(percentile(&all, 0.50)),
        ms(percentile(&all, 0.95)),
        ms(percentile(&all, 0.99)),
        ms(percentile(&all, 1.0)),
        all.len() as f64 / wall.as_secs_f64().max(1e-9),
    );
    Ok(())
}
