//! `cabildo bench`: the register's benchmarks, rerunnable with one command. Generates the demo
//! padrón as a spreadsheet file, imports it into an empty database, and times the tree queries.
//! Prints Markdown table rows for BENCHMARKS.md. Timing is measured here, never asserted in tests.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use cabildo_demo::DemoConfig;
use cabildo_services::export::ExportFormat;
use cabildo_services::import::ImportError;
use cabildo_services::{Ctx, ServiceError, demo, export, import, registry};
use cabildo_store::Store;
use clap::Args;

use crate::output::Out;

#[path = "bench_assembly.rs"]
mod assembly;
#[path = "bench_checkin.rs"]
mod checkin;
#[path = "bench_consulta.rs"]
mod consulta;
#[path = "bench_ledger.rs"]
mod ledger;
#[path = "bench_live.rs"]
mod live;
#[path = "bench_obligations.rs"]
mod obligations;
#[path = "bench_petitions.rs"]
mod petitions;

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Families in the generated padrón (360,000 is the Trópico; 3,000,000 the stress case).
    #[arg(long, default_value_t = 360_000)]
    pub families: u64,
    /// Folder for the generated file and the SQLite database (kept for inspection).
    #[arg(long, default_value = "bench-out")]
    pub dir: PathBuf,
    /// Repetitions of each query; the median is reported.
    #[arg(long, default_value_t = 21)]
    pub repeat: usize,
    /// Also time a second import of the same file (which must change nothing).
    #[arg(long)]
    pub reimport: bool,
    /// Also time an export of the whole padrón.
    #[arg(long)]
    pub export: bool,
    /// Instead of the register: the assemblies benchmarks (tally, seal and verify, chain of actas)
    /// on the database given with --db (use a new, empty one).
    #[arg(long)]
    pub assemblies: bool,
    /// Load test, step 1: a cabildo abierto with this many tickets and a phone vote open, in the
    /// --db database; tickets go to DIR/tickets.txt.
    #[arg(long, value_name = "TICKETS")]
    pub phone_setup: Option<u64>,
    /// Load test, step 2: one vote per ticket to a running `cabildo serve` at this address
    /// (http://127.0.0.1:PORT), from --clients connections.
    #[arg(long, value_name = "URL")]
    pub phone_load: Option<String>,
    /// Concurrent clients of the load test.
    #[arg(long, default_value_t = 1000)]
    pub clients: usize,
    /// Live view benchmark, step 1: like --phone-setup, plus an organiser's API token to close
    /// the vote and the assembly (scripts/sse-bench.sh).
    #[arg(long, value_name = "TICKETS")]
    pub live_setup: Option<u64>,
    /// Live view benchmark, step 2: --watchers event streams and --clients phones against a
    /// running `cabildo serve` at this address (http://127.0.0.1:PORT); see `bench_live.rs`.
    #[arg(long, value_name = "URL")]
    pub live_load: Option<String>,
    /// Event streams (screens) watching the live view in the live benchmark.
    #[arg(long, default_value_t = 10_000)]
    pub watchers: usize,
    /// The server's process id, to read its memory before and after the watchers connect.
    #[arg(long)]
    pub server_pid: Option<u32>,
    /// The reference of the page benchmark (scripts/load-bench.sh): serves a minimal axum GET
    /// (a fixed short answer at every path) at this address until stopped, on the same runtime
    /// the server uses (as many worker threads as cores).
    #[arg(long, value_name = "ADDRESS")]
    pub minimal_get: Option<std::net::SocketAddr>,
    /// Load test, step 3: checks that every acknowledged vote is in the tally of --db.
    #[arg(long)]
    pub phone_check: bool,
    /// Instead of the register: the consultas benchmarks (roll-up, one more answer, answering
    /// every base) on the database given with --db (use a new, empty one).
    #[arg(long)]
    pub consulta: bool,
    /// Bases of the consulta benchmark (sindicatos, in centrales of 10 under 6 federations).
    #[arg(long, default_value_t = 30_000)]
    pub bases: u64,
    /// Members of each base in the consulta benchmark (100 × 30,000 = 3,000,000).
    #[arg(long, default_value_t = 100)]
    pub members_per_base: u64,
    /// How the consulta benchmark's answers add up: sum_of_votes, one_voice_per_base or
    /// weighted_by_members.
    #[arg(long, default_value = "sum_of_votes")]
    pub rule: String,
    /// Skip answering every base in the consulta benchmark (the stress part).
    #[arg(long)]
    pub no_stress: bool,
    /// Instead of the register: the congress's door, check-in by credential code from several
    /// doors at once, on the database given with --db (use a new, empty one).
    #[arg(long)]
    pub checkin: bool,
    /// Delegates of the check-in benchmark.
    #[arg(long, default_value_t = 2_000)]
    pub delegates: u64,
    /// Delegations (centrales) the check-in benchmark's delegates come from.
    #[arg(long, default_value_t = 100)]
    pub sub_bodies: u64,
    /// Doors checking in at once.
    #[arg(long, default_value_t = 20)]
    pub doors: usize,
    /// Instead of the register: the obligations page of a federation with --centrales centrales
    /// and two years of assemblies, on the database given with --db (use a new, empty one).
    #[arg(long)]
    pub obligations: bool,
    /// Centrales of the obligations benchmark.
    #[arg(long, default_value_t = 30)]
    pub centrales: u64,
    /// Instead of the register: the petition inbox benchmark with this many petitions in the
    /// confederation's inbox, on the database given with --db (use a new, empty one).
    #[arg(long, value_name = "PETITIONS")]
    pub petitions: Option<u64>,
    /// Instead of the register: the ledger's benchmarks (issue 15) on the Trópico of --families
    /// families with two years of monthly dues and four contributions, on the database given
    /// with --db (use a new, empty one).
    #[arg(long)]
    pub ledger: bool,
    /// Samples of each timed read and payment in the ledger benchmark (median and p99).
    #[arg(long, default_value_t = 201)]
    pub samples: usize,
    /// The ledger benchmark on the data set an earlier run left in --db (a database of a
    /// `--ledger` run): measure again without building it (the contribution is levied once more).
    #[arg(long)]
    pub reuse: bool,
}

/// Peak resident memory of this process so far, in MiB (Linux).
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

fn time_query<T>(repeat: usize, mut f: impl FnMut() -> Result<T, ServiceError>) -> Result<Duration, ServiceError> {
    f()?; // warm-up: caches, prepared statements
    let mut samples = Vec::with_capacity(repeat);
    for _ in 0..repeat.max(1) {
        let start = Instant::now();
        f()?;
        samples.push(start.elapsed());
    }
    Ok(median(samples))
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    // Reads from memory take microseconds: keep them visible.
    if ms < 0.1 { format!("{ms:.4} ms") } else { format!("{ms:.2} ms") }
}

fn import_error(e: ImportError) -> ServiceError {
    match e {
        ImportError::Service(e) => e,
        ImportError::Rejected { bad_rows: total, .. } => {
            ServiceError::Internal(format!("the benchmark padrón had {total} bad rows"))
        }
    }
}

pub fn run(out: Out, args: &BenchArgs, db: &str, ctx: &Ctx) -> Result<(), ServiceError> {
    if args.assemblies {
        return assembly::run_assemblies(db, ctx, args.repeat);
    }
    if let Some(n) = args.phone_setup {
        std::fs::create_dir_all(&args.dir)
            .map_err(|e| ServiceError::Unwritable { path: args.dir.display().to_string(), reason: e.to_string() })?;
        return assembly::phone_setup(db, ctx, &args.dir, n);
    }
    if let Some(url) = &args.phone_load {
        return assembly::phone_load(url, &args.dir, args.clients);
    }
    if let Some(address) = args.minimal_get {
        return live::minimal_get(address);
    }
    if let Some(n) = args.live_setup {
        std::fs::create_dir_all(&args.dir)
            .map_err(|e| ServiceError::Unwritable { path: args.dir.display().to_string(), reason: e.to_string() })?;
        return live::live_setup(db, ctx, &args.dir, n);
    }
    if let Some(url) = &args.live_load {
        let load = live::LiveLoad {
            url,
            dir: &args.dir,
            watchers: args.watchers,
            clients: args.clients,
            server_pid: args.server_pid,
        };
        return live::live_load(&load);
    }
    if args.phone_check {
        return assembly::phone_check(db, &args.dir);
    }
    if args.checkin {
        let bench = checkin::CheckinBench { delegates: args.delegates, sub_bodies: args.sub_bodies, doors: args.doors };
        return checkin::run(db, ctx, &bench);
    }
    if args.obligations {
        return obligations::run(db, ctx, args.centrales, args.repeat);
    }
    if let Some(n) = args.petitions {
        return petitions::run(db, ctx, n, args.repeat);
    }
    if args.ledger {
        return ledger::run(
            db,
            ctx,
            &ledger::LedgerBench { families: args.families, samples: args.samples, reuse: args.reuse },
        );
    }
    if args.consulta {
        let bench = consulta::ConsultaBench {
            bases: args.bases,
            members_per_base: args.members_per_base,
            rule: args.rule.parse()?,
            repeat: args.repeat,
            no_stress: args.no_stress,
        };
        return consulta::run(db, ctx, &bench);
    }
    let unwritable =
        |e: std::io::Error| ServiceError::Unwritable { path: args.dir.display().to_string(), reason: e.to_string() };
    std::fs::create_dir_all(&args.dir).map_err(unwritable)?;
    let config = DemoConfig { seed: 2026, families: Some(args.families) };
    let csv = args.dir.join(format!("padron-{}.csv", args.families));
    if !csv.exists() {
        let start = Instant::now();
        let lines = demo::write_padron_file(&config, &csv, ExportFormat::Spreadsheet)?;
        eprintln!("generated {} ({lines} lines) in {:.1} s", csv.display(), start.elapsed().as_secs_f64());
    }
    let postgres = db.starts_with("postgres://") || db.starts_with("postgresql://");
    let location = if postgres {
        db.to_string()
    } else {
        let path = args.dir.join(format!("bench-{}.db", args.families));
        for suffix in ["", "-wal", "-shm"] {
            let file = PathBuf::from(format!("{}{suffix}", path.display()));
            if file.exists() {
                std::fs::remove_file(&file).map_err(unwritable)?;
            }
        }
        path.display().to_string()
    };
    let store = Store::open(&location)?;
    store.migrate()?;
    let seeded = demo::seed(&store, &config, ctx, &|_| {}, false).map_err(import_error)?;
    let root = seeded.root_code.clone();

    let start = Instant::now();
    let report = import::import_file(&store, ctx, &csv, &root, &[], &|_| {}).map_err(import_error)?;
    let import_time = start.elapsed();
    let peak_after_import = peak_rss_mib();

    let mut rows: Vec<(String, String)> = vec![
        ("backend".into(), store.backend().to_string()),
        ("families".into(), out.count(report.households_created)),
        ("padrón lines (parcels)".into(), out.count(report.parcels_created)),
        ("import".into(), format!("{:.2} s", import_time.as_secs_f64())),
        (
            "import rate".into(),
            format!("{} lines/s", out.count((report.rows as f64 / import_time.as_secs_f64().max(1e-9)) as u64)),
        ),
        ("peak memory after import".into(), peak_after_import.map_or("n/a".into(), |m| format!("{m:.0} MiB"))),
    ];
    if let Some(t) = report.timings {
        rows.push((
            "import: reading, checking and staging in chunks".into(),
            format!("{:.2} s", t.read_and_staged.as_secs_f64()),
        ));
        rows.push(("import: the swap (one transaction)".into(), format!("{:.2} s", t.swap.as_secs_f64())));
        rows.push((
            "import: longest write transaction (what another writer waits at most)".into(),
            format!("{:.2} s", t.longest_lock.as_secs_f64()),
        ));
    }

    if args.reimport {
        let start = Instant::now();
        let again = import::import_file(&store, ctx, &csv, &root, &[], &|_| {}).map_err(import_error)?;
        rows.push(("re-import of the same file".into(), format!("{:.2} s", start.elapsed().as_secs_f64())));
        rows.push((
            "re-import changes".into(),
            format!(
                "{} created, {} updated, {} unchanged",
                again.households_created + again.parcels_created,
                again.households_updated + again.parcels_updated,
                out.count(again.rows_unchanged)
            ),
        ));
    }

    let federation = "F1";
    let first_sindicato = registry::tree_report(&store, ctx, Some(federation))?
        .into_iter()
        .find(|line| line.body.kind == cabildo_domain::BodyKind::Sindicato)
        .map(|line| line.body.code)
        .unwrap_or_default();
    let repeat = args.repeat;
    // What a read costs when the tree and its counts must be computed from the database (the
    // first read after any write), then when they come from the snapshot.
    rows.push((
        "count members under the root, computed from the database".into(),
        ms(time_query(repeat, || {
            registry::compute_snapshot(&store).and_then(|s| Ok(s.members(s.registry.resolve(&root)?.id)))
        })?),
    ));
    rows.push((
        "whole tree with rolled-up counts, computed from the database".into(),
        ms(time_query(repeat, || {
            registry::compute_snapshot(&store)?;
            registry::tree_report(&store, ctx, None)
        })?),
    ));
    rows.push((
        "count members under the root, from the snapshot".into(),
        ms(time_query(repeat, || registry::count_members(&store, ctx, &root))?),
    ));
    rows.push((
        "count members under a federation, from the snapshot".into(),
        ms(time_query(repeat, || registry::count_members(&store, ctx, federation))?),
    ));
    rows.push((
        "bodies and members per level, from the snapshot".into(),
        ms(time_query(repeat, || registry::counts_per_level(&store, ctx, &root))?),
    ));
    // The padrón: read from the database by the first view after a write, then from memory.
    let sindicato_id = registry::resolve_body_in(&store, &first_sindicato)?.id;
    rows.push((
        "padrón of a sindicato, read from the database".into(),
        ms(time_query(repeat, || registry::load_roster(&store, sindicato_id))?),
    ));
    rows.push((
        "padrón page of a sindicato (50), from memory".into(),
        ms(time_query(repeat, || registry::padron_page(&store, ctx, &first_sindicato, None, 0, 50))?),
    ));
    rows.push((
        "padrón search by name in a sindicato, from memory".into(),
        ms(time_query(repeat, || registry::padron_page(&store, ctx, &first_sindicato, Some("mamani"), 0, 50))?),
    ));
    // The leader's view: one assembly held and closed in every sindicato of the federation, under
    // a statute with a fine of Bs 20 (every family absent, so every family gets a fine), then the page's reads timed for the
    // federation and for the whole tree: four aggregate statements each, whatever the number of
    // bodies.
    let start = Instant::now();
    let sindicatos: Vec<String> = registry::tree_report(&store, ctx, Some(federation))?
        .into_iter()
        .filter(|line| line.body.kind == cabildo_domain::BodyKind::Sindicato)
        .map(|line| line.body.code)
        .collect();
    for code in &sindicatos {
        let statute = cabildo_services::assembly::StatuteForm {
            quorum: "half_plus_one".into(),
            absence_fine: "20".into(),
            signers: "Secretario de Actas".into(),
            term_years: String::new(),
            resolution: None,
            ..Default::default()
        };
        cabildo_services::assembly::update_statute(&store, ctx, code, &statute)?;
        let form = cabildo_services::assembly::ConveneForm {
            kind: "ordinaria".into(),
            title: "Asamblea ordinaria".into(),
            scheduled_for: format!("{} 09:00", ctx.today),
            place: "Sede".into(),
            agenda: String::new(),
        };
        let id = cabildo_services::assembly::convene(&store, ctx, code, &form)?.id;
        cabildo_services::assembly::open(&store, ctx, id)?;
        cabildo_services::assembly::close(&store, ctx, id)?;
    }
    rows.push((
        format!("an assembly held and closed in each of {} sindicatos of {federation}", sindicatos.len()),
        format!("{:.2} s", start.elapsed().as_secs_f64()),
    ));
    let view = cabildo_services::leader::OverviewQuery { page: 1, per_page: 25, ..Default::default() };
    rows.push((
        format!("leader's view of {federation} (every body below, rolled up)"),
        ms(time_query(repeat, || cabildo_services::leader::overview(&store, ctx, federation, &view))?),
    ));
    rows.push((
        "leader's view of the whole tree".into(),
        ms(time_query(repeat, || cabildo_services::leader::overview(&store, ctx, &root, &view))?),
    ));
    let search = cabildo_services::leader::OverviewQuery { search: Some("S01".into()), ..view.clone() };
    rows.push((
        "leader's view of the whole tree, searched".into(),
        ms(time_query(repeat, || cabildo_services::leader::overview(&store, ctx, &root, &search))?),
    ));
    if args.export {
        let path = args.dir.join(format!("export-{}.csv", args.families));
        let start = Instant::now();
        let lines = export::export_file(&store, ctx, &root, &path, ExportFormat::Spreadsheet, true)?;
        rows.push((
            "export of the whole padrón".into(),
            format!("{:.2} s ({} lines)", start.elapsed().as_secs_f64(), out.count(lines)),
        ));
    }
    rows.push(("peak memory, whole run".into(), peak_rss_mib().map_or("n/a".into(), |m| format!("{m:.0} MiB"))));

    println!("| measure | {} |", store.backend());
    println!("|---|---|");
    for (name, value) in rows {
        println!("| {name} | {value} |");
    }
    Ok(())
}
