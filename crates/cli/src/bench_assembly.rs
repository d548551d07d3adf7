//! `cabildo bench --assemblies` and the phone-vote load benchmark: the figures of the assemblies
//! issue, rerunnable. Timing is measured here, never asserted in tests.
//!
//! - `--assemblies`: tally of 100,000 phone ballots; sealing and verifying an acta of 200
//!   attendees and 30 votes; verifying a chain of 1,000 sealed actas.
//! - `--phone-setup N`: a cabildo abierto with N tickets and a phone vote open, for the load test
//!   (tickets written to `DIR/tickets.txt`, the motion to `DIR/phone-motion.txt`).
//! - `--phone-load URL`: sends one vote per ticket from `--clients` keep-alive connections to a
//!   running server, then prints votes/s and latency percentiles (`DIR/acknowledged.txt` gets
//!   the count of acknowledged votes); `--phone-check` checks the tally against it: every
//!   acknowledged vote counted (counted >= acknowledged: a vote may commit after its phone was
//!   cut off) and no ticket counted twice.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use cabildo_domain::access::{AccountId, Grant, Role};
use cabildo_domain::assembly::{AssemblyId, BallotOption, DecisionRule, MotionId, VoteMethod};
use cabildo_domain::{BodyKind, HouseholdData, ParcelCode, ParcelData, PersonData, PersonName};
use cabildo_services::access::{Attempt, PasswordCost, RateLimiter, create_account};
use cabildo_services::assembly::{self, Attendee, ConveneForm, MotionForm, MotionRecord, StatuteForm};
use cabildo_services::registry::{self, BodyForm};
use cabildo_services::{Actor, Ctx, ServiceError, acta};
use cabildo_store::Store;

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

fn internal(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::Internal(e.to_string())
}

fn new_body(store: &Store, ctx: &Ctx, kind: BodyKind, code: &str, name: &str) -> Result<(), ServiceError> {
    registry::create_body(
        store,
        ctx,
        &BodyForm { parent: None, kind, composition: None, name: name.into(), code: Some(code.into()) },
    )?;
    Ok(())
}

fn convene(store: &Store, ctx: &Ctx, body: &str, kind: &str, title: &str) -> Result<AssemblyId, ServiceError> {
    let form = ConveneForm {
        kind: kind.into(),
        title: title.into(),
        scheduled_for: "2026-11-23 09:00".into(),
        place: "Sede".into(),
        agenda: "Informe\nVarios".into(),
    };
    Ok(assembly::convene(store, ctx, body, &form)?.id)
}

/// A sindicato of `n` households, its statute (the secretario de actas signs) and an account
/// holding that role, returned as the context that signs.
fn sindicato(store: &Store, ctx: &Ctx, code: &str, n: u64) -> Result<Ctx, ServiceError> {
    new_body(store, ctx, BodyKind::Sindicato, code, &format!("Sindicato {code}"))?;
    for i in 1..=n {
        let person = PersonData {
            name: PersonName::new(&format!("Afiliado {i}"), "Mamani", "Quispe")?,
            id_number: None,
            phone: None,
        };
        let household = HouseholdData { register_number: Some(i.to_string()), affiliated_on: None };
        let parcel =
            ParcelData { code: ParcelCode::new(&format!("L-{i}"))?, area: None, place: None, coordinates: None };
        registry::add_household(store, ctx, code, &person, &household, &[parcel])?;
    }
    assembly::update_statute(
        store,
        ctx,
        code,
        &StatuteForm {
            quorum: "half_plus_one".into(),
            absence_fine: "20".into(),
            signers: "Secretario de Actas".into(),
            ..StatuteForm::default()
        },
    )?;
    let username = format!("actas-{}", code.to_lowercase());
    let account = create_account(store, ctx, PasswordCost::TESTS_ONLY, &username, "Secretaria de Actas", PASSWORD)?;
    let body = registry::resolve_body_in(store, code)?;
    cabildo_services::access::grant(store, ctx, &username, code, Role::SecretarioActas)?;
    // The account belongs to the sindicato's Secretaria de Actas, who signs its actas.
    let holder =
        PersonData { name: PersonName::new("Secretaria", "de Actas", "Quispe")?, id_number: None, phone: None };
    let since = cabildo_domain::Date::from_ymd_opt(2020, 1, 1).unwrap_or(cabildo_domain::Date::MIN);
    let office = registry::add_office(
        store,
        ctx,
        code,
        &holder,
        &cabildo_domain::NewOffice::new("Secretario de Actas", since, None)?,
    )?;
    cabildo_services::accounts::link_person(store, ctx, &username, Some(office.person_id))?;
    Ok(Ctx {
        actor: Actor::Account {
            id: AccountId(account.id.0),
            username,
            grants: vec![Grant { body: body.id, role: Role::SecretarioActas }],
        },
        now: ctx.now,
        today: ctx.today,
    })
}

const PASSWORD: &str = "benchmark-password";

/// One assembly of a sindicato with everyone checked in, `motions` show-of-hands votes, closed,
/// signed and sealed. Returns the assembly.
fn sealed_assembly(
    store: &Store,
    ctx: &Ctx,
    signer: &Ctx,
    body: &str,
    motions: u64,
    seal: bool,
) -> Result<AssemblyId, ServiceError> {
    let id = convene(store, ctx, body, "ordinaria", "Asamblea ordinaria")?;
    for line in assembly::door(store, ctx, id, None, usize::MAX)? {
        assembly::check_in(store, ctx, id, &Attendee::Person(line.eligible.person_id), false)?;
    }
    assembly::open(store, ctx, id)?;
    let present = assembly::view(store, ctx, id)?.present;
    for i in 0..motions {
        let motion = assembly::add_motion(
            store,
            ctx,
            id,
            &MotionForm {
                title: format!("Moción {}", i + 1),
                text: "Texto de la moción".into(),
                proposer: "Base".into(),
                ..MotionForm::default()
            },
        )?;
        assembly::open_vote(store, ctx, motion.id, VoteMethod::ShowOfHands, DecisionRule::MajorityOfVotesCast)?;
        let f = present / 2 + i % 3;
        let a = (present - f) / 2;
        assembly::record_hands(
            store,
            ctx,
            motion.id,
            &[(BallotOption::For, f), (BallotOption::Against, a), (BallotOption::Abstain, present - f - a)],
        )?;
        assembly::close_vote(store, ctx, motion.id)?;
    }
    assembly::close(store, ctx, id)?;
    let limiter = RateLimiter::default();
    let attempt = Attempt { limiter: &limiter, address: "" };
    acta::sign(store, signer, PasswordCost::TESTS_ONLY, attempt, id, "Secretario de Actas", PASSWORD)?;
    if seal {
        acta::seal(store, signer, id)?;
    }
    Ok(id)
}

pub fn run_assemblies(db: &str, ctx: &Ctx, repeat: usize) -> Result<(), ServiceError> {
    let store = Store::open(db)?;
    store.migrate()?;
    let mut rows: Vec<(String, String)> = vec![("backend".into(), store.backend().to_string())];

    // Tally of 100,000 phone ballots.
    let (_, motion, tickets) = phone_vote_open(&store, ctx, "CAB-T", "Cabildo del Trópico", 100_000)?;
    let votebox = store.vote_box()?;
    let start = Instant::now();
    let (tx, rx) = std::sync::mpsc::channel();
    for (i, ticket) in tickets.iter().enumerate() {
        let vote = assembly::phone_vote(motion.id, ticket, if i % 3 == 0 { "against" } else { "for" })?;
        let tx = tx.clone();
        votebox.submit(
            vote,
            Box::new(move |r| {
                let _ = tx.send(r.is_ok());
            }),
        );
    }
    drop(tx);
    let accepted = rx.iter().filter(|ok| *ok).count();
    rows.push((
        "100,000 phone votes through the vote box (no HTTP)".into(),
        format!("{:.2} s ({accepted} accepted)", start.elapsed().as_secs_f64()),
    ));
    let mut samples = Vec::new();
    for _ in 0..repeat.max(1) {
        let start = Instant::now();
        let tally = store.read(|repo| repo.phone_tally(motion.id))?;
        samples.push(start.elapsed());
        if tally.iter().map(|(_, n)| n).sum::<u64>() != accepted as u64 {
            return Err(internal("the tally does not add up to the accepted votes"));
        }
    }
    rows.push(("tally of 100,000 phone ballots".into(), ms(median(samples))));
    let start = Instant::now();
    let result = assembly::close_vote(&store, ctx, motion.id)?;
    rows.push((
        "closing that vote (tally, rule, resolution)".into(),
        format!("{} ({})", ms(start.elapsed()), result.motion.outcome.map_or("", |o| o.code())),
    ));

    // Sealing and verifying an acta of 200 attendees and 30 votes.
    let signer = sindicato(&store, ctx, "SIN-200", 200)?;
    let id = sealed_assembly(&store, ctx, &signer, "SIN-200", 30, false)?;
    let start = Instant::now();
    acta::seal(&store, &signer, id)?;
    let seal_time = start.elapsed();
    let start = Instant::now();
    let report = acta::verify(&store, ctx, Some("SIN-200"))?;
    let verify_time = start.elapsed();
    if !report.is_clean() {
        return Err(internal("the sealed acta did not verify"));
    }
    rows.push(("seal an acta (200 attendees, 30 votes)".into(), ms(seal_time)));
    rows.push(("verify it against the records".into(), ms(verify_time)));
    rows.push(("seal + verify".into(), ms(seal_time + verify_time)));

    // A chain of 1,000 sealed actas.
    let signer = sindicato(&store, ctx, "SIN-CHAIN", 10)?;
    let start = Instant::now();
    for _ in 0..1000 {
        sealed_assembly(&store, ctx, &signer, "SIN-CHAIN", 1, true)?;
    }
    rows.push(("set-up: 1,000 assemblies held and sealed".into(), format!("{:.1} s", start.elapsed().as_secs_f64())));
    let mut samples = Vec::new();
    for _ in 0..3 {
        let start = Instant::now();
        let report = acta::verify(&store, ctx, Some("SIN-CHAIN"))?;
        samples.push(start.elapsed());
        if !report.is_clean() || report.bodies.first().map(|b| b.1) != Some(1000) {
            return Err(internal("the chain of 1,000 actas did not verify"));
        }
    }
    rows.push(("verify a chain of 1,000 actas (hashes, links, signatures, records)".into(), ms(median(samples))));

    println!("| measure | {} |", store.backend());
    println!("|---|---|");
    for (name, value) in rows {
        println!("| {name} | {value} |");
    }
    Ok(())
}

/// `n` tickets for an assembly, in as many batches as one request allows.
fn issue_many(store: &Store, ctx: &Ctx, id: AssemblyId, n: u64) -> Result<Vec<String>, ServiceError> {
    let mut codes = Vec::with_capacity(usize::try_from(n).unwrap_or(0));
    let mut left = n;
    while left > 0 {
        let batch = left.min(assembly::MAX_TICKETS);
        codes.extend(assembly::issue_tickets(store, ctx, id, batch)?.codes);
        left -= batch;
    }
    Ok(codes)
}

/// A new body `code` (a central named `name`) holding a cabildo abierto with `n` tickets, open,
/// and a motion open to a phone vote: the assembly, the motion and the tickets.
fn phone_vote_open(
    store: &Store,
    ctx: &Ctx,
    code: &str,
    name: &str,
    n: u64,
) -> Result<(AssemblyId, MotionRecord, Vec<String>), ServiceError> {
    new_body(store, ctx, BodyKind::Central, code, name)?;
    let id = convene(store, ctx, code, "cabildo_abierto", "Cabildo abierto")?;
    let started = Instant::now();
    let tickets = issue_many(store, ctx, id, n)?;
    eprintln!("{n} tickets issued in {:.2} s", started.elapsed().as_secs_f64());
    assembly::open(store, ctx, id)?;
    let form = MotionForm {
        title: "Pliego".into(),
        text: "¿Aprobamos?".into(),
        proposer: "Base".into(),
        ..Default::default()
    };
    let motion = assembly::add_motion(store, ctx, id, &form)?;
    assembly::open_vote(store, ctx, motion.id, VoteMethod::Phone, DecisionRule::MajorityOfVotesCast)?;
    Ok((id, motion, tickets))
}

/// A cabildo abierto with `n` tickets and a phone vote open; tickets and motion go to `dir`.
pub fn phone_setup(db: &str, ctx: &Ctx, dir: &Path, n: u64) -> Result<(), ServiceError> {
    let store = Store::open(db)?;
    store.migrate()?;
    let code = format!("CAB-{}", ctx.now % 100_000);
    let (id, motion, tickets) = phone_vote_open(&store, ctx, &code, "Cabildo de prueba de carga", n)?;
    let write = |name: &str, text: String| {
        std::fs::write(dir.join(name), text)
            .map_err(|e| ServiceError::Unwritable { path: dir.join(name).display().to_string(), reason: e.to_string() })
    };
    write("tickets.txt", tickets.join("\n"))?;
    write("phone-motion.txt", motion.id.0.to_string())?;
    eprintln!("cabildo abierto {} with {n} tickets; phone vote open on motion {}", id.0, motion.id.0);
    Ok(())
}

/// One keep-alive connection sending its share of votes, one after the other.
fn client(addr: &str, motion: i64, tickets: &[String], accepted: &AtomicU64) -> std::io::Result<Vec<Duration>> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_nodelay(true)?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut latencies = Vec::with_capacity(tickets.len());
    for (i, ticket) in tickets.iter().enumerate() {
        let option = if i % 3 == 0 { "against" } else { "for" };
        let body = format!("{{\"ticket\":\"{ticket}\",\"option\":\"{option}\"}}");
        let request = format!(
            "POST /api/v1/motions/{motion}/phone-votes HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n\r\n{body}",
            body.len()
        );
        let start = Instant::now();
        stream.write_all(request.as_bytes())?;
        let mut status = String::new();
        reader.read_line(&mut status)?;
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line)? == 0 {
                return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "connection closed"));
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        let mut answer = vec![0u8; length];
        reader.read_exact(&mut answer)?;
        latencies.push(start.elapsed());
        if status.contains(" 200 ") && String::from_utf8_lossy(&answer).contains("\"recorded\"") {
            accepted.fetch_add(1, Ordering::Relaxed);
        }
    }
    Ok(latencies)
}

/// Sends every ticket's vote once, from `clients` connections, and reports.
pub fn phone_load(url: &str, dir: &Path, clients: usize) -> Result<(), ServiceError> {
    let unreadable =
        |e: std::io::Error| ServiceError::Unreadable { path: dir.display().to_string(), reason: e.to_string() };
    let tickets: Vec<String> =
        std::fs::read_to_string(dir.join("tickets.txt")).map_err(unreadable)?.lines().map(str::to_string).collect();
    let motion: i64 =
        std::fs::read_to_string(dir.join("phone-motion.txt")).map_err(unreadable)?.trim().parse().map_err(internal)?;
    let addr = url.trim_start_matches("http://").trim_end_matches('/').to_string();
    let accepted = Arc::new(AtomicU64::new(0));
    let tickets = Arc::new(tickets);
    let clients = clients.clamp(1, 4000);
    let per = tickets.len().div_ceil(clients);
    let start = Instant::now();
    let mut handles = Vec::new();
    for c in 0..clients {
        let (tickets, accepted, addr) = (tickets.clone(), accepted.clone(), addr.clone());
        let handle = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let slice = tickets.get(c * per..((c + 1) * per).min(tickets.len())).unwrap_or(&[]);
                client(&addr, motion, slice, &accepted)
            })
            .map_err(internal)?;
        handles.push(handle);
    }
    let mut latencies = Vec::with_capacity(tickets.len());
    let mut failed_clients = 0;
    for handle in handles {
        match handle.join() {
            Ok(Ok(l)) => latencies.extend(l),
            _ => failed_clients += 1,
        }
    }
    let elapsed = start.elapsed();
    latencies.sort();
    let pct = |p: f64| latencies.get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)));
    let accepted = accepted.load(Ordering::Relaxed);
    std::fs::write(dir.join("acknowledged.txt"), accepted.to_string())
        .map_err(|e| ServiceError::Unwritable { path: dir.display().to_string(), reason: e.to_string() })?;
    println!("| measure | phone votes over HTTP |");
    println!("|---|---|");
    println!("| concurrent clients (keep-alive connections) | {clients} |");
    println!("| votes sent | {} |", latencies.len());
    println!("| accepted (200 recorded) | {accepted} |");
    println!("| clients that failed | {failed_clients} |");
    println!("| elapsed | {:.2} s |", elapsed.as_secs_f64());
    println!("| accepted votes per second | {:.0} |", accepted as f64 / elapsed.as_secs_f64().max(1e-9));
    for (name, p) in [("p50", 0.50), ("p90", 0.90), ("p99", 0.99), ("max", 1.0)] {
        println!("| latency {name} | {} |", pct(p).map_or("n/a".into(), |d| ms(*d)));
    }
    Ok(())
}

/// Checks the tally in the database against the votes the load test saw acknowledged: at least
/// as many counted (a vote whose answer was lost, say in a kill, may still have committed), and
/// no ticket counted twice.
pub fn phone_check(db: &str, dir: &Path) -> Result<(), ServiceError> {
    let unreadable =
        |e: std::io::Error| ServiceError::Unreadable { path: dir.display().to_string(), reason: e.to_string() };
    let motion: i64 =
        std::fs::read_to_string(dir.join("phone-motion.txt")).map_err(unreadable)?.trim().parse().map_err(internal)?;
    let acknowledged: u64 =
        std::fs::read_to_string(dir.join("acknowledged.txt")).map_err(unreadable)?.trim().parse().map_err(internal)?;
    let store = Store::open(db)?;
    let (tally, tickets) = store.read(|repo| {
        Ok::<_, ServiceError>((repo.phone_tally(MotionId(motion))?, repo.phone_voters(MotionId(motion))?))
    })?;
    let counted: u64 = tally.iter().map(|(_, n)| n).sum();
    println!("| acknowledged votes | {acknowledged} |");
    println!("| votes in the final tally | {counted} |");
    println!("| tickets that voted | {tickets} |");
    if counted < acknowledged {
        return Err(internal(format!("{acknowledged} acknowledged but only {counted} counted")));
    }
    if counted != tickets {
        return Err(internal(format!("{counted} votes counted from {tickets} tickets: a ticket counted twice")));
    }
    println!("| every acknowledged vote counted, none twice | yes |");
    Ok(())
}
