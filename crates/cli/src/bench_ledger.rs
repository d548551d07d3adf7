//! `cabildo bench --ledger`: the union's money at the Trópico's size (issue 15, item 8),
//! rerunnable. On an empty database (`--db`), through the use-cases as a treasurer would:
//!
//! - the demo Trópico with `--families` families (360,000: 2,400 sindicatos under 6 federations);
//! - every sindicato's statute sets monthly dues of Bs 10, charged for 2025 and 2026 (one charge
//!   run per sindicato and year, one transaction each: 24 charges per family);
//! - every sindicato's assembly adopts four resolutions, each levying a contribution (two per
//!   family, two per hectare of the family's parcels); three are levied while building;
//! - one family in 50 pays at the table (partial payments, full ones, advances that become credit);
//!
//! then times, each over bounded repetitions (median and p99):
//!
//! - the fourth contribution levied on every family (one transaction per sindicato), in all;
//! - a family's statement; a sindicato's report for a year; a central's report for a year; the
//!   federation's arrears put together from the report of every sindicato below it (the
//!   reference) and the federation's arrears summary (`ledger::arrears_below`, from the stored
//!   aggregates), which must agree;
//! - recording a payment at the table.
//!
//! Timing is measured here, never asserted in tests.

use std::time::{Duration, Instant};

use cabildo_demo::DemoConfig;
use cabildo_domain::assembly::{BallotOption, DecisionRule, VoteMethod};
use cabildo_domain::{BodyKind, HouseholdId};
use cabildo_services::assembly::{self, Attendee, ConveneForm, MotionForm, StatuteForm};
use cabildo_services::ledger::{self, DuesForm, LevyForm, PayForm};
use cabildo_services::{Ctx, ServiceError, demo, registry};
use cabildo_store::Store;

use super::{import_error, ms};

/// The sizes of the run.
pub struct LedgerBench {
    pub families: u64,
    /// Samples of each read (statements, reports); payments timed at the table.
    pub samples: usize,
    /// Measure on the data set an earlier run left in the database instead of building it.
    pub reuse: bool,
}

/// Median and 99th percentile of `samples`.
fn spread(mut samples: Vec<Duration>) -> (Duration, Duration) {
    samples.sort();
    let at = |q: f64| {
        let i = ((samples.len() as f64 * q).ceil() as usize).saturating_sub(1);
        samples.get(i.min(samples.len().saturating_sub(1))).copied().unwrap_or_default()
    };
    (at(0.5), at(0.99))
}

/// Times `f` once per item after one untimed warm-up call on the first.
fn sample<I: Clone, T>(
    items: &[I],
    mut f: impl FnMut(&I) -> Result<T, ServiceError>,
) -> Result<(Duration, Duration), ServiceError> {
    if let Some(first) = items.first() {
        f(first)?;
    }
    let mut samples = Vec::with_capacity(items.len());
    for item in items {
        let start = Instant::now();
        f(item)?;
        samples.push(start.elapsed());
    }
    Ok(spread(samples))
}

/// `n` items of `all`, spread evenly over it.
fn spread_pick<T: Clone>(all: &[T], n: usize) -> Vec<T> {
    if all.is_empty() || n == 0 {
        return Vec::new();
    }
    let step = (all.len() / n).max(1);
    all.iter().step_by(step).take(n).cloned().collect()
}

fn row(name: &str, (median, p99): (Duration, Duration), target: &str, n: usize) -> String {
    let met = match target.strip_prefix("< ").and_then(|t| t.strip_suffix(" ms")).and_then(|t| t.parse::<f64>().ok()) {
        Some(limit) if median.as_secs_f64() * 1000.0 < limit => "met",
        Some(_) => "**missed**",
        None => "",
    };
    format!("| {name} ({n} samples) | **{}** | {} | {target} {met} |", ms(median), ms(p99))
}

/// The four contributions each sindicato's assembly levies: purpose, description, basis, amount
/// (per family or per hectare), due day.
const LEVIES: [(&str, &str, &str, &str, &str); 4] = [
    ("campaign", "Aporte para la campaña en Pando", "household", "20", "2025-04-30"),
    ("projects", "Puente sobre el río Ichilo", "hectare", "5", "2025-09-30"),
    ("travel", "Viaje de la delegación al congreso", "household", "15", "2026-03-31"),
    ("solidarity", "Ayuda a los damnificados de la riada", "hectare", "3", "2026-10-31"),
];

/// An assembly of `sindicato` (quorum none, one family present) adopting one resolution per
/// contribution: their ids.
fn resolutions(store: &Store, ctx: &Ctx, sindicato: &str) -> Result<Vec<i64>, ServiceError> {
    let statute = StatuteForm {
        quorum: "none".into(),
        absence_fine: "0".into(),
        signers: "Secretario de Actas".into(),
        ..Default::default()
    };
    assembly::update_statute(store, ctx, sindicato, &statute)?;
    let form = ConveneForm {
        kind: "ordinaria".into(),
        title: "Asamblea de aportes".into(),
        scheduled_for: format!("{} 09:00", ctx.today),
        place: "Sede".into(),
        agenda: "Aportes".into(),
    };
    let id = assembly::convene(store, ctx, sindicato, &form)?.id;
    for line in assembly::door(store, ctx, id, None, 1)? {
        assembly::check_in(store, ctx, id, &Attendee::Person(line.eligible.person_id), false)?;
    }
    assembly::open(store, ctx, id)?;
    let mut out = Vec::new();
    for (_, title, _, _, _) in LEVIES {
        let form = MotionForm {
            title: title.into(),
            text: format!("La asamblea resuelve: {title}."),
            proposer: "Base".into(),
            ..Default::default()
        };
        let m = assembly::add_motion(store, ctx, id, &form)?.id;
        assembly::open_vote(store, ctx, m, VoteMethod::ShowOfHands, DecisionRule::MajorityOfVotesCast)?;
        assembly::record_hands(store, ctx, m, &[(BallotOption::For, 1)])?;
        let resolution = assembly::close_vote(store, ctx, m)?.resolution;
        out.push(resolution.ok_or_else(|| ServiceError::Internal("a motion was not adopted".into()))?.id);
    }
    assembly::close(store, ctx, id)?;
    Ok(out)
}

fn levy(store: &Store, ctx: &Ctx, sindicato: &str, resolution: i64, which: usize) -> Result<u64, ServiceError> {
    let (purpose, description, basis, amount, due_on) = LEVIES[which];
    let form = LevyForm {
        resolution: resolution.to_string(),
        purpose: purpose.into(),
        description: description.into(),
        basis: basis.into(),
        amount: amount.into(),
        due_on: due_on.into(),
    };
    Ok(ledger::levy(store, ctx, sindicato, &form)?.1.count)
}

/// A payment at the table by family number: amounts that pay part, all, or more (credit).
fn pay(store: &Store, ctx: &Ctx, sindicato: &str, family: HouseholdId, n: usize) -> Result<(), ServiceError> {
    let amount = ["150", "400", "900", "35,50"][n % 4];
    let form = PayForm { family: family.0.to_string(), amount: amount.into(), ..Default::default() };
    ledger::pay(store, ctx, sindicato, &form).map(drop)
}

/// What building the data set took, for the table.
struct Built {
    dues: u64,
    dues_time: Duration,
    assemblies_time: Duration,
    levied: u64,
    levies_time: Duration,
    paid: usize,
    payments_time: Duration,
}

/// Builds the ledger: two years of dues, four resolutions and three contributions in every
/// sindicato, one family in 50 paying. Returns the resolutions of each sindicato.
fn build(
    store: &Store,
    ctx: &Ctx,
    sindicatos: &[String],
    families: &[(String, Vec<HouseholdId>)],
) -> Result<(Built, Vec<Vec<i64>>), ServiceError> {
    // Two years of monthly dues.
    let start = Instant::now();
    let mut dues = 0u64;
    for code in sindicatos {
        let form = DuesForm { amount: "10".into(), cadence: "monthly".into(), share: String::new() };
        ledger::set_dues(store, ctx, code, &form)?;
        for year in ["2025", "2026"] {
            dues += ledger::charge_dues(store, ctx, code, year)?.count;
        }
    }
    let dues_time = start.elapsed();
    eprintln!("{dues} dues charged in {:.1} s", dues_time.as_secs_f64());

    // Four resolutions in every sindicato, three contributions levied.
    let start = Instant::now();
    let mut voted = Vec::with_capacity(sindicatos.len());
    for code in sindicatos {
        voted.push(resolutions(store, ctx, code)?);
    }
    let assemblies_time = start.elapsed();
    let start = Instant::now();
    let mut levied = 0u64;
    for (code, ids) in sindicatos.iter().zip(&voted) {
        for (which, id) in ids.iter().enumerate().take(3) {
            levied += levy(store, ctx, code, *id, which)?;
        }
    }
    let levies_time = start.elapsed();
    eprintln!(
        "assemblies in {:.1} s, {levied} contribution charges in {:.1} s",
        assemblies_time.as_secs_f64(),
        levies_time.as_secs_f64()
    );

    // One family in 50 pays at the table.
    let start = Instant::now();
    let mut paid = 0usize;
    for (code, members) in families {
        for family in members.iter().step_by(50) {
            pay(store, ctx, code, *family, paid)?;
            paid += 1;
        }
    }
    let payments_time = start.elapsed();
    Ok((Built { dues, dues_time, assemblies_time, levied, levies_time, paid, payments_time }, voted))
}

pub fn run(db: &str, ctx: &Ctx, bench: &LedgerBench) -> Result<(), ServiceError> {
    let store = Store::open(db)?;
    store.migrate()?;
    let backend = store.backend();
    let all_start = Instant::now();
    let reuse = bench.reuse && !store.read(|repo| Ok::<_, ServiceError>(repo.bodies()?))?.is_empty();
    if !reuse {
        let config = DemoConfig { seed: 2026, families: Some(bench.families) };
        let seeded = demo::seed(&store, &config, ctx, &|_| {}, true).map_err(import_error)?;
        eprintln!("the Trópico: {} bodies in {:.1} s", seeded.bodies, all_start.elapsed().as_secs_f64());
    }
    let bodies = store.read(|repo| Ok::<_, ServiceError>(repo.bodies()?))?;
    let sindicatos: Vec<String> =
        bodies.iter().filter(|b| b.kind == BodyKind::Sindicato).map(|b| b.code.clone()).collect();
    let families: Vec<(String, Vec<HouseholdId>)> = sindicatos
        .iter()
        .map(|code| {
            let page = registry::padron_page(&store, ctx, code, None, 0, 100_000)?;
            Ok((code.clone(), page.iter().map(|h| h.id).collect()))
        })
        .collect::<Result<_, ServiceError>>()?;
    let family_count: usize = families.iter().map(|(_, f)| f.len()).sum();
    let (built, voted) = if reuse {
        // The data set of an earlier run: the measured contribution is levied again under each
        // sindicato's latest resolution (one more contribution than the four).
        let voted = bodies
            .iter()
            .filter(|b| b.kind == BodyKind::Sindicato)
            .map(|b| {
                let latest = store.read(|repo| Ok::<_, ServiceError>(repo.resolutions(b.id, 1)?))?;
                let id = latest.first().map(|r| r.id).ok_or_else(|| {
                    ServiceError::Internal(format!("{} has no resolution: not a ledger benchmark database", b.code))
                })?;
                Ok(vec![id; 4])
            })
            .collect::<Result<Vec<_>, ServiceError>>()?;
        (None, voted)
    } else {
        let (built, voted) = build(&store, ctx, &sindicatos, &families)?;
        (Some(built), voted)
    };

    // The measured contribution: every family of the Trópico, one transaction per sindicato.
    let start = Instant::now();
    let mut per_sindicato = Vec::with_capacity(sindicatos.len());
    let mut fourth = 0u64;
    for (code, ids) in sindicatos.iter().zip(&voted) {
        let one = Instant::now();
        fourth += levy(&store, ctx, code, ids[3], 3)?;
        per_sindicato.push(one.elapsed());
    }
    let fourth_time = start.elapsed();
    eprintln!("built in {:.1} s", all_start.elapsed().as_secs_f64());

    match &built {
        Some(b) => println!(
            "Ledger benchmark on {backend}: {family_count} families in {} sindicatos; {} charges, {} payments \
             before the timed reads.",
            sindicatos.len(),
            b.dues + b.levied + fourth,
            b.paid
        ),
        None => println!(
            "Ledger benchmark on {backend}: {family_count} families in {} sindicatos, on the data set of an \
             earlier run (--reuse): its contribution levied once more.",
            sindicatos.len()
        ),
    }
    println!();
    println!("| measure | median | p99 | target |");
    println!("|---|---|---|---|");
    if let Some(b) = &built {
        println!(
            "| building: two years of monthly dues, {} charges in {} runs | {:.1} s | | |",
            b.dues,
            sindicatos.len() * 2,
            b.dues_time.as_secs_f64()
        );
        println!(
            "| building: an assembly adopting four resolutions in each sindicato | {:.1} s | | |",
            b.assemblies_time.as_secs_f64()
        );
        println!(
            "| building: three contributions, {} charges in {} runs | {:.1} s | | |",
            b.levied,
            sindicatos.len() * 3,
            b.levies_time.as_secs_f64()
        );
        println!(
            "| building: {} payments at the table (one family in 50) | {:.1} s | | |",
            b.paid,
            b.payments_time.as_secs_f64()
        );
    }
    let secs = fourth_time.as_secs_f64();
    println!(
        "| **one contribution's charges for all families**: {fourth} charges, one run per sindicato | **{secs:.2} s** | | < 10 s {} |",
        if secs < 10.0 { "met" } else { "**missed**" }
    );
    let (median, p99) = spread(per_sindicato);
    println!("| of which one sindicato's run ({} runs) | {} | {} | |", sindicatos.len(), ms(median), ms(p99));

    let n = bench.samples;
    let picked: Vec<(String, HouseholdId)> =
        spread_pick(&families.iter().flat_map(|(code, f)| f.iter().map(|h| (code.clone(), *h))).collect::<Vec<_>>(), n);
    let statement = sample(&picked, |(code, h)| ledger::statement(&store, ctx, code, &h.0.to_string()))?;
    println!("{}", row("a family's statement", statement, "< 2 ms", picked.len()));

    let some = spread_pick(&sindicatos, n.min(sindicatos.len()));
    let report = sample(&some, |code| ledger::report(&store, ctx, code, "2026"))?;
    println!("{}", row("a sindicato's report for 2026", report, "< 20 ms", some.len()));

    let federation = bodies
        .iter()
        .filter(|b| b.kind == BodyKind::Federacion)
        .min_by(|a, b| a.code.cmp(&b.code))
        .ok_or_else(|| ServiceError::Internal("the Trópico has no federation".into()))?;
    let centrales: Vec<String> = bodies
        .iter()
        .filter(|b| b.kind == BodyKind::Central && b.parent_id == Some(federation.id))
        .map(|b| b.code.clone())
        .collect();
    let central = sample(&centrales, |code| ledger::report(&store, ctx, code, "2026"))?;
    println!(
        "{}",
        row(
            "a central's report for 2026 (closest use-case to the federation's arrears summary)",
            central,
            "< 200 ms",
            centrales.len()
        )
    );
    let under: Vec<String> = bodies
        .iter()
        .filter(|b| b.kind == BodyKind::Sindicato)
        .filter(|b| bodies.iter().any(|c| Some(c.id) == b.parent_id && c.parent_id == Some(federation.id)))
        .map(|b| b.code.clone())
        .collect();
    let rounds = vec![(); (n / 20).clamp(3, 11)];
    let mut owed = 0i64;
    let summary = sample(&rounds, |()| {
        owed = 0;
        for code in &under {
            owed += ledger::report(&store, ctx, code, "2026")?.total_arrears().0;
        }
        Ok(())
    })?;
    println!(
        "{}",
        row(
            &format!(
                "{}'s arrears put together from the reports of its {} sindicatos (Bs {})",
                federation.code,
                under.len(),
                owed / 100
            ),
            summary,
            "< 200 ms",
            rounds.len()
        )
    );

    // The real use-case, from the stored aggregates (migration 27), beside the row above: the
    // same figure, or the benchmark fails.
    let rounds = vec![(); n];
    let mut total = 0i64;
    let real = sample(&rounds, |()| {
        total = ledger::arrears_below(&store, ctx, &federation.code, "31/12/2026")?.total_owed().0;
        Ok(())
    })?;
    if total != owed {
        return Err(ServiceError::Internal(format!(
            "the arrears summary says {total} centavos, the reports of the sindicatos {owed}"
        )));
    }
    println!(
        "{}",
        row(&format!("{}'s arrears summary (ledger::arrears_below)", federation.code), real, "< 200 ms", rounds.len())
    );

    // The reference, side by side: what each of these use-cases read first before the ledger
    // stopped loading the whole tree (every body, in a transaction of its own here).
    let rounds = vec![(); n];
    let whole = sample(&rounds, |()| store.read(|repo| registry::Registry::load(repo).map(|r| r.bodies.len())))?;
    println!("{}", row("reference: the whole tree of bodies read, as every ledger use-case did before", whole, "", n));

    let table: Vec<(String, HouseholdId)> = spread_pick(
        &families.iter().flat_map(|(code, f)| f.iter().skip(1).map(|h| (code.clone(), *h))).collect::<Vec<_>>(),
        n,
    );
    let mut k = 0;
    let payment = sample(&table, |(code, h)| {
        k += 1;
        pay(&store, ctx, code, *h, k)
    })?;
    println!("{}", row("recording a payment at the table", payment, "< 5 ms", table.len()));
    Ok(())
}
