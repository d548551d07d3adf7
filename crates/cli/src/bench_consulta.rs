//! `cabildo bench --consulta`: the consultas' figures (issue 13), rerunnable. On an empty
//! database, writes with SQL a national confederation of `--bases` sindicatos (departmental
//! federations of 10 regional federations of 30 centrales of 10 sindicatos: no body with more than
//! 30 below it, as in the Trópico) and their members, a consulta to all of them that all but 100 have
//! answered, and a second one nobody has answered yet; then times:
//!
//! - the full roll-up from the database (the consulta's rows read, every level added up), with
//!   the tree's member counts from the shared snapshot and, apart, the snapshot itself;
//! - a results page from memory between writes;
//! - one more base answering: a write, then each ancestor's results read again, checked to show
//!   the new answer;
//! - answering every base of the second consulta, one transaction per answer, in answers/s.
//!
//! Timing is measured here, never asserted in tests. The page latency under load is
//! `scripts/consulta-bench.sh`.

use std::time::{Duration, Instant};

use cabildo_domain::BodyId;
use cabildo_domain::consulta::{AggregationRule, ConsultaId, ConsultaOptionId};
use cabildo_services::consulta::results;
use cabildo_services::{Ctx, ServiceError, registry};
use cabildo_store::{BENCH_FIRST_SINDICATO, BenchAnswer, BenchConsulta, Minter, Store};

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 0.1 { format!("{ms:.4} ms") } else { format!("{ms:.2} ms") }
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

fn timed<T>(repeat: usize, mut f: impl FnMut() -> Result<T, ServiceError>) -> Result<Duration, ServiceError> {
    f()?;
    let mut samples = Vec::with_capacity(repeat);
    for _ in 0..repeat.max(1) {
        let start = Instant::now();
        f()?;
        samples.push(start.elapsed());
    }
    Ok(median(samples))
}

/// The sizes of the run.
pub struct ConsultaBench {
    pub bases: u64,
    pub members_per_base: u64,
    pub rule: AggregationRule,
    pub repeat: usize,
    /// Skip answering every base of the second consulta.
    pub no_stress: bool,
}

fn answer(
    minter: &mut Minter,
    consulta: ConsultaId,
    base: i64,
    n: u64,
    members: u64,
    now: i64,
) -> Result<BenchAnswer, ServiceError> {
    let (yes_option, no_option) = if consulta.0 == 1 { (1, 2) } else { (3, 4) };
    let yes = 40 + n % 50;
    let no = 30 + n % 40;
    Ok(BenchAnswer {
        consulta,
        body: BodyId(base),
        adopted: Some(ConsultaOptionId(if yes > no { yes_option } else { no_option })),
        votes: vec![(ConsultaOptionId(yes_option), yes), (ConsultaOptionId(no_option), no)],
        members,
        late: n.is_multiple_of(10),
        at: now,
        assembly_public_id: minter.mint()?,
        motion_public_id: minter.mint()?,
    })
}

pub fn run(db: &str, ctx: &Ctx, bench: &ConsultaBench) -> Result<(), ServiceError> {
    let store = Store::open(db)?;
    store.migrate()?;
    let backend = store.backend();
    let (sindicatos_per_central, centrales_per_federation, federations_per_departamental) = (10, 30, 10);
    let departamentales =
        bench.bases.div_ceil(federations_per_departamental * centrales_per_federation * sindicatos_per_central).max(1);
    let spec = BenchConsulta {
        departamentales,
        federations_per_departamental,
        centrales_per_federation,
        sindicatos_per_central,
        members_per_sindicato: bench.members_per_base,
        rule: bench.rule,
        answered: 0,
        late_every: 7,
    };
    let bases = departamentales * federations_per_departamental * centrales_per_federation * sindicatos_per_central;
    let spec = BenchConsulta { answered: bases.saturating_sub(100), ..spec };
    let start = Instant::now();
    let consulta = store.write(|repo| Ok::<_, ServiceError>(repo.bench_generate_consulta(&spec)?))?;
    let members = bases * bench.members_per_base;
    eprintln!(
        "generated {bases} bases, {members} members, {} answers in {:.1} s",
        spec.answered,
        start.elapsed().as_secs_f64()
    );
    println!("Consulta benchmark on {backend}: {bases} bases, {members} members, rule {}.", bench.rule.code());
    println!();
    println!("| measure | {backend} |");
    println!("|---|---|");
    let snapshot_cold = timed(bench.repeat.min(5), || registry::compute_snapshot(&store))?;
    println!(
        "| tree with member counts from the database (the shared snapshot, once per write) | {} |",
        ms(snapshot_cold)
    );
    let snapshot = registry::snapshot(&store)?;
    let rows = timed(bench.repeat, || store.read(|repo| Ok::<_, ServiceError>(repo.consulta_results_rows(consulta)?)))?;
    let roll_up = timed(bench.repeat, || results::compute(&store, &snapshot, consulta))?;
    let computed = results::compute(&store, &snapshot, consulta)?;
    println!(
        "| full roll-up from the database: {} answers and {bases} bases read, {} levels added up | **{}** |",
        spec.answered,
        computed.levels.len(),
        ms(roll_up)
    );
    println!("| of which reading the consulta's rows (five statements) | {} |", ms(rows));
    let cold = timed(bench.repeat.min(5), || {
        let snapshot = registry::compute_snapshot(&store)?;
        results::compute(&store, &snapshot, consulta)
    })?;
    println!(
        "| the same with the snapshot computed too (the first read after a change of the register) | {} |",
        ms(cold)
    );
    let id = consulta.0;
    let page = timed(bench.repeat, || results::body_results(&store, ctx, id, None, results::Pages::FIRST))?;
    println!("| results of the confederation, from memory (every read until the next write) | {} |", ms(page));
    let page = timed(bench.repeat, || results::body_results(&store, ctx, id, Some("C1"), results::Pages::FIRST))?;
    println!("| results of a central, from memory | {} |", ms(page));

    // One more base answers: every ancestor's results must show it at the next read.
    let base = BENCH_FIRST_SINDICATO + i64::try_from(spec.answered).unwrap_or(0) + 1;
    let ancestors = {
        let tree = &snapshot.registry.tree;
        tree.ancestors(BodyId(base))
    };
    let before: Vec<u64> = ancestors
        .iter()
        .map(|a| {
            results::body_results(&store, ctx, id, Some(&a.0.to_string()), results::Pages::FIRST)
                .map(|r| r.level.bases_answered)
        })
        .collect::<Result<_, _>>()?;
    let mut minter = ctx.minter()?;
    let one = answer(&mut minter, consulta, base, 1, bench.members_per_base, ctx.now)?;
    let start = Instant::now();
    store.write(|repo| Ok::<_, ServiceError>(repo.bench_answer(&one)?))?;
    let write = start.elapsed();
    let start = Instant::now();
    let mut reflected = true;
    for (ancestor, before) in ancestors.iter().zip(&before) {
        let after = results::body_results(&store, ctx, id, Some(&ancestor.0.to_string()), results::Pages::FIRST)?;
        reflected &= after.level.bases_answered == before + 1 && !after.level.missing.contains(&BodyId(base));
    }
    let reread = start.elapsed();
    println!("| one more base answers (one write transaction) | {} |", ms(write));
    println!(
        "| then the results of its {} ancestors read again (roll-up recomputed, snapshot included) | {} — every one shows it: **{}** |",
        ancestors.len(),
        ms(reread),
        if reflected { "yes" } else { "NO" }
    );
    if !reflected {
        return Err(ServiceError::Internal("an ancestor's results did not show the new answer".into()));
    }

    if !bench.no_stress {
        let second = ConsultaId(2);
        let start = Instant::now();
        for n in 0..bases {
            let base = BENCH_FIRST_SINDICATO + i64::try_from(n).unwrap_or(0) + 1;
            let a = answer(&mut minter, second, base, n, bench.members_per_base, ctx.now)?;
            store.write(|repo| Ok::<_, ServiceError>(repo.bench_answer(&a)?))?;
        }
        let elapsed = start.elapsed();
        let per_second = bases as f64 / elapsed.as_secs_f64();
        println!(
            "| answering all {bases} bases of a second consulta, one transaction each (assembly, motion, answer, votes) | {:.1} s: **{per_second:.0} answers/s** |",
            elapsed.as_secs_f64()
        );
        let snapshot = registry::snapshot(&store)?;
        let all = results::compute(&store, &snapshot, second)?;
        let top = all.levels.first().map_or(0, |l| l.bases_answered);
        println!(
            "| then its roll-up: {top} of {bases} answered | {} |",
            ms(timed(bench.repeat, || results::compute(&store, &snapshot, second))?)
        );
        if top != bases {
            return Err(ServiceError::Internal(format!("{top} of {bases} answers counted")));
        }
    }
    Ok(())
}
