//! Padrón import: all or nothing. The file is read once: every row is checked and, while none is
//! bad, written in chunks into a staging area that nobody else reads, each chunk a short
//! transaction; if any row is bad, every bad row is reported, the staged rows are dropped and the
//! register is left as it was. A good file is moved into the register in one short transaction
//! (`swap`): the register shows all of the file or none of it, and other writers wait at most for
//! one chunk or the swap. Importing the same file twice changes nothing:
//! a row whose parcel already exists updates that family only where the file says something
//! different.

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::path::Path;

use cabildo_domain::padron::{Column, ColumnMap, PadronRow, SindicatoRef};
use cabildo_domain::{
    Body, BodyId, Composition, HouseholdData, HouseholdId, ParcelData, ParcelId, PersonData, PersonId, PersonName,
    PublicId, text,
};
use cabildo_store::{
    HouseholdLink, Minter, NewHousehold, NewParcel, PadronEntry, Repo, StagedParcel, Store, StoreError, SwapCounts,
};

use crate::decode::TextEncoding;
use crate::registry::{Registry, resolve_body};
use crate::{Ctx, Result, ServiceError};
use cabildo_domain::access::Action;

mod file;
use file::with_file_rows;

/// Rows checked and written together; bounds memory and, on PostgreSQL, round trips.
const CHUNK: usize = 2_000;
/// An import creating more rows than this refreshes the planner's statistics.
const BULK_ROWS: u64 = 10_000;
/// Problems kept for the report; past this only the count grows.
const MAX_PROBLEMS_KEPT: usize = 100_000;
/// Staged rows of an import started this long ago (seconds) are dropped by the next import: the
/// process that staged them stopped before its swap.
const ABANDONED_AFTER: i64 = 24 * 3600;

/// What is wrong with one line of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct RowProblem {
    pub line: u64,
    /// The column's header as the file writes it, when the problem is in one cell.
    pub column: Option<String>,
    pub value: String,
    pub error: ServiceError,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportReport {
    pub encoding: Option<TextEncoding>,
    pub delimiter: Option<char>,
    pub ignored_columns: Vec<String>,
    pub rows: u64,
    pub households_created: u64,
    pub households_updated: u64,
    pub parcels_created: u64,
    pub parcels_updated: u64,
    pub rows_unchanged: u64,
    /// Rows of changes staged (persons, households and parcels: one per row changed), which the
    /// swap must find.
    pub(crate) staged_changes: u64,
    /// How long the pass over the file (reading, checking, staging) and the swap took.
    pub timings: Option<Timings>,
}

/// Where an import's time went.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Timings {
    /// The pass over the file: reading, parsing and checking every line, and writing the staging
    /// area chunk by chunk (each chunk holds the write lock briefly).
    pub read_and_staged: std::time::Duration,
    /// The whole import: the pass over the file and the swap.
    pub written: std::time::Duration,
    /// The swap: the one transaction that moves the staged rows into the register.
    pub swap: std::time::Duration,
    /// The longest transaction of the write: what another writer may have waited at most.
    pub longest_lock: std::time::Duration,
}

/// Why an import wrote nothing.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    Service(#[from] ServiceError),
    /// `bad_rows` lines had problems (a line may have several); `problems` names each one.
    #[error("{bad_rows} bad rows; nothing was imported")]
    Rejected { problems: Vec<RowProblem>, bad_rows: u64, rows: u64 },
}

impl From<cabildo_store::StoreError> for ImportError {
    fn from(error: cabildo_store::StoreError) -> Self {
        ImportError::Service(error.into())
    }
}

/// Which optional columns the source has: a column the file lacks never erases stored data.
#[derive(Debug, Clone, Copy)]
pub struct Present {
    pub register_number: bool,
    pub id_number: bool,
    pub phone: bool,
    pub area: bool,
    pub place: bool,
    pub coordinates: bool,
    pub affiliated_on: bool,
}

impl Present {
    pub const ALL: Present = Present {
        register_number: true,
        id_number: true,
        phone: true,
        area: true,
        place: true,
        coordinates: true,
        affiliated_on: true,
    };

    fn from_map(map: &ColumnMap) -> Present {
        Present {
            register_number: map.has(Column::RegisterNumber),
            id_number: map.has(Column::IdNumber),
            phone: map.has(Column::Phone),
            area: map.has(Column::AreaHectares) || map.has(Column::AreaSquareMetres),
            place: map.has(Column::Place),
            coordinates: map.has(Column::Latitude) && map.has(Column::Longitude),
            affiliated_on: map.has(Column::AffiliatedOn),
        }
    }
}

/// A source line: its number and either a row (`None` for a blank line) or its problems.
pub type SourceRow = (u64, std::result::Result<Option<PadronRow>, Vec<RowProblem>>);

/// Imports a padrón file into the sindicato `target` (or, when the file has a Sindicato
/// column, into the sindicatos it names under `target`).
///
/// Two passes over the file, and a large file never holds the database's write lock for long: the
/// first checks every line in a read transaction (a bad file is refused, every bad line named,
/// without waiting for the write lock); the second reads the encoding and header again, checks the
/// actor's permission, and then parses, checks and writes every line into the staging area, a
/// transaction per chunk (`CHUNK` rows), looking up the families that already exist. Should a line
/// turn bad meanwhile, the writing stops there and the staged rows are dropped. Then one transaction checks again what a change made
/// meanwhile could break (permission, sindicatos still open) and moves the
/// staged rows into the register with a few `INSERT … SELECT` and `UPDATE … FROM` statements
/// (`ImportRepo::swap_import`), which refuse the whole swap if a family to change vanished or a
/// parcel code was taken meanwhile. Until that commits nothing of the file is in the register;
/// a refusal or a failure drops the staged rows, and a process that stopped mid-import leaves
/// rows that nobody reads, dropped by an import a day later.
pub fn import_file(
    store: &Store,
    ctx: &Ctx,
    path: &Path,
    target: &str,
    mappings: &[String],
    progress: &dyn Fn(u64),
) -> std::result::Result<ImportReport, ImportError> {
    let started = std::time::Instant::now();
    // The whole file is checked first, in a read transaction: a bad file is refused with every
    // bad line named, without waiting for the write lock (SQLite's is the database's) and
    // without writing anything.
    store.read(|repo| {
        with_file_rows(
            path,
            mappings,
            || Ok(()),
            |(), present, sindicato_column, rows| {
                run_engine(
                    &mut Db::Within(repo),
                    ctx,
                    target,
                    present,
                    sindicato_column,
                    rows,
                    progress,
                    Sink::Checking,
                )
            },
        )
    })?;
    // Staging and swap hold back SQLite's checkpoints: the WAL is copied into the database once,
    // after the swap, in the background.
    let mut report = store.bulk_write(|| stage_and_swap(store, ctx, path, target, mappings, progress, started))??;
    if let Some(timings) = report.timings.as_mut() {
        timings.written = started.elapsed();
    }
    Ok(report)
}

/// The second pass of [`import_file`] and the swap.
fn stage_and_swap(
    store: &Store,
    ctx: &Ctx,
    path: &Path,
    target: &str,
    mappings: &[String],
    progress: &dyn Fn(u64),
    started: std::time::Instant,
) -> std::result::Result<ImportReport, ImportError> {
    // Then the file's text and header are read again: a file that is not a padrón, or an actor
    // who may not edit the register, is refused before anything is written.
    let begin = || {
        store
            .write(|repo| {
                let body = resolve_body(repo, target)?;
                Registry::load(repo)?.require(ctx, Action::EditRegister, body.id)?;
                repo.begin_import(body.id, ctx.now, ctx.now - ABANDONED_AFTER).map_err(ServiceError::from)
            })
            .map_err(ImportError::from)
    };
    let mut db = Db::PerChunk { store, longest: std::time::Duration::ZERO };
    let mut import = None;
    let staged = with_file_rows(path, mappings, begin, |started, present, sindicato_column, rows| {
        import = Some(started);
        run_engine(&mut db, ctx, target, present, sindicato_column, rows, progress, Sink::Staged(started))
    });
    let Some(import) = import else {
        // Refused before the import began: nothing was written.
        return staged;
    };
    let longest = match db {
        Db::PerChunk { longest, .. } => longest,
        Db::Within(_) => std::time::Duration::ZERO,
    };
    let read_in = started.elapsed();
    let swap_started = std::time::Instant::now();
    let swapped = staged.and_then(|report| {
        store.write(|repo| swap(repo, ctx, target, import, &report)).map_err(ImportError::from)?;
        Ok(report)
    });
    let mut report = match swapped {
        Ok(report) => report,
        Err(error) => {
            // Best effort: rows left behind are read by nobody and dropped a day later.
            store.write(|repo| repo.drop_import(import)).ok();
            return Err(error);
        }
    };
    let swap_took = swap_started.elapsed();
    report.timings = Some(Timings {
        read_and_staged: read_in,
        written: started.elapsed(),
        swap: swap_took,
        longest_lock: longest.max(swap_took),
    });
    Ok(report)
}

/// The last transaction of a staged import: checks again what may have changed since the file
/// was checked, moves the staged rows into the register and writes the audit line.
fn swap(repo: &mut dyn Repo, ctx: &Ctx, target: &str, import: i64, report: &ImportReport) -> Result<()> {
    let target = resolve_body(repo, target)?;
    let registry = Registry::load(repo)?;
    registry.require(ctx, Action::EditRegister, target.id)?;
    let within: HashSet<BodyId> = registry.tree.subtree(target.id).into_iter().collect();
    for id in repo.staged_bodies(import)? {
        let body = registry.bodies.get(&id).ok_or(ServiceError::ImportChangedMeanwhile)?;
        if !within.contains(&id) {
            return Err(ServiceError::SindicatoOutsideTarget { reference: body.label(), target: target.label() });
        }
        if !body.is_open() {
            return Err(ServiceError::BodyClosed { body: body.label() });
        }
    }
    let expected = SwapCounts {
        households: report.households_created,
        parcels: report.parcels_created,
        updates: report.staged_changes,
    };
    match repo.swap_import(import, expected) {
        Ok(_) => {}
        Err(StoreError::NotFound | StoreError::Conflict(_)) => return Err(ServiceError::ImportChangedMeanwhile),
        Err(other) => return Err(other.into()),
    }
    audit_import(repo, ctx, target.id, report)
}

fn audit_import(repo: &mut dyn Repo, ctx: &Ctx, target: BodyId, r: &ImportReport) -> Result<()> {
    let detail = format!(
        "{} rows: {} households and {} parcels created, {} households and {} parcels updated",
        r.rows, r.households_created, r.parcels_created, r.households_updated, r.parcels_updated
    );
    ctx.audit(repo, Some(target), "padron.import", detail)?;
    if r.households_created + r.parcels_created > BULK_ROWS {
        // A planner without statistics scans millions of rows for a padrón page.
        repo.analyze()?;
    }
    Ok(())
}

/// How the engine reaches the database.
enum Db<'r> {
    /// Inside the caller's transaction (a check in a read transaction; the demo's seeding).
    Within(&'r mut dyn Repo),
    /// A write transaction per chunk (staging), timing the longest.
    PerChunk { store: &'r Store, longest: std::time::Duration },
}

impl Db<'_> {
    /// Runs `f`, which only reads, outside the write lock: on the primary (it reads what earlier
    /// chunks staged), in a read transaction.
    fn read<T>(&mut self, f: impl FnOnce(&mut dyn Repo) -> Result<T>) -> Result<T> {
        match self {
            Db::Within(repo) => f(&mut **repo),
            Db::PerChunk { store, .. } => store.read_primary(f),
        }
    }

    fn run<T>(&mut self, f: impl FnOnce(&mut dyn Repo) -> Result<T>) -> Result<T> {
        match self {
            Db::Within(repo) => f(&mut **repo),
            Db::PerChunk { store, longest } => {
                let started = std::time::Instant::now();
                let out = store.write(f);
                *longest = (*longest).max(started.elapsed());
                out
            }
        }
    }
}

/// Where the engine's writes go.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Sink {
    /// Nowhere: only checking (the first pass of a file); nothing is looked up per line.
    Checking,
    /// Into the register, in the caller's transaction.
    Direct,
    /// Into the staging area of this import.
    Staged(i64),
}

/// Hashes for keys already unique as 64-bit values: no need to hash them again.
#[derive(Default)]
struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*byte);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<IdentityHasher>>;

fn key(parts: impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    parts.hash(&mut hasher);
    hasher.finish()
}

/// Which household a line of the file means: the sindicato's N° when the file has one,
/// otherwise the person (name and ID number).
fn household_key(body: BodyId, register_number: Option<&str>, search_key: &str, id_number: Option<&str>) -> u64 {
    match register_number {
        Some(number) => key((body.0, 0u8, number)),
        None => key((body.0, 1u8, search_key, id_number)),
    }
}

fn person_key(search_key: &str, id_number: Option<&str>) -> u64 {
    key((search_key, id_number))
}

fn row_keys(body: BodyId, row: &PadronRow) -> (u64, u64) {
    let search_key = row.name.search_key();
    let id_number = row.id_number.as_deref();
    (household_key(body, row.register_number.as_deref(), &search_key, id_number), person_key(&search_key, id_number))
}

/// Finds the sindicato each row belongs to.
struct Sindicatos {
    target: Body,
    by_code: HashMap<String, BodyId>,
    by_name: HashMap<String, Vec<BodyId>>,
    within: HashSet<BodyId>,
    bodies: HashMap<BodyId, Body>,
}

impl Sindicatos {
    fn new(registry: Registry, target: Body) -> Sindicatos {
        let within: HashSet<BodyId> = registry.tree.subtree(target.id).into_iter().collect();
        let mut by_name: HashMap<String, Vec<BodyId>> = HashMap::new();
        let mut by_code = HashMap::new();
        for body in registry.bodies.values() {
            by_code.insert(body.code.clone(), body.id);
            if body.composition == Composition::Households {
                by_name.entry(text::fold(&body.name)).or_default().push(body.id);
            }
        }
        Sindicatos { target, by_code, by_name, within, bodies: registry.bodies }
    }

    fn resolve(&self, reference: Option<&SindicatoRef>) -> Result<&Body> {
        let id = match reference {
            None => self.target.id,
            Some(SindicatoRef::Code(code)) => {
                *self.by_code.get(code).ok_or_else(|| ServiceError::UnknownBody { reference: code.clone() })?
            }
            Some(SindicatoRef::Name(name)) => {
                let all = self.by_name.get(&text::fold(name)).map(Vec::as_slice).unwrap_or(&[]);
                let inside: Vec<BodyId> = all.iter().copied().filter(|id| self.within.contains(id)).collect();
                match (inside.as_slice(), all.first()) {
                    ([one], _) => *one,
                    ([], None) => return Err(ServiceError::UnknownBody { reference: name.clone() }),
                    // Only outside the target: refused just below, naming both.
                    ([], Some(outside)) => *outside,
                    (many, _) => {
                        return Err(ServiceError::AmbiguousSindicato {
                            name: name.clone(),
                            count: many.len(),
                            target: self.target.label(),
                        });
                    }
                }
            }
        };
        let body = self.bodies.get(&id).ok_or_else(|| ServiceError::Internal("body vanished".into()))?;
        if !self.within.contains(&id) {
            return Err(ServiceError::SindicatoOutsideTarget { reference: body.label(), target: self.target.label() });
        }
        if body.composition != Composition::Households {
            return Err(ServiceError::NotHouseholdBody { body: body.label() });
        }
        if !body.is_open() {
            return Err(ServiceError::BodyClosed { body: body.label() });
        }
        Ok(body)
    }
}

/// A household as the file refers to it: stored already, created earlier in this chunk, or
/// staged by this import.
#[derive(Debug, Clone, Copy, PartialEq)]
enum HouseholdRef {
    Stored(HouseholdId),
    Pending(usize),
    Staged(PublicId),
}

/// The import's memory is per sindicato: chunks end where the sindicato changes, and the keys
/// below belong to the current sindicato only, so a 3,000,000-family file needs no more memory
/// than its largest sindicato. If a sindicato comes back later in the file, its keys are rebuilt
/// from what this import already wrote (same transaction).
struct Engine<'a> {
    present: Present,
    sindicato_column: Option<&'a str>,
    /// Bodies that had households before the import began: only their parcels need looking up.
    had_data: HashSet<BodyId>,
    /// The last household and parcel ids before the import: later ones are the import's own.
    started_after: (HouseholdId, ParcelId),
    /// The sindicato whose keys are held, and those already left behind.
    current: Option<BodyId>,
    visited: HashSet<BodyId>,
    /// Parcel keys of the current sindicato seen in the file, with the first line (0: a line of an
    /// earlier part of the file).
    seen_parcels: KeyMap<u32>,
    /// Household keys of the current sindicato: which household, whose person, first line.
    households: KeyMap<(HouseholdRef, u64, u32)>,
    updated_households: HashSet<HouseholdId>,
    /// Rows of changes staged, each once (a person, household or parcel staged twice is one row).
    staged_changes: HashSet<(u8, i64)>,
    problems: Vec<RowProblem>,
    bad_rows: u64,
    report: ImportReport,
    /// Public ids of the families, representatives and parcels the import creates.
    minter: Minter,
    /// Where the writes go.
    sink: Sink,
    /// New families and parcels staged by the transaction under way, not yet written.
    pending_households: Vec<NewHousehold>,
    pending_parcels: Vec<StagedParcel>,
    /// Changes to registered families staged by the chunk under way, not yet written.
    pending_updates: Vec<StagedUpdate>,
}

/// A change to a registered family, to be staged.
enum StagedUpdate {
    Person(PersonId, PersonData),
    Household(HouseholdId, HouseholdData),
    Parcel(ParcelId, HouseholdId, ParcelData),
}

impl Engine<'_> {
    /// Records the problems of one bad line.
    fn bad_row(&mut self, problems: impl IntoIterator<Item = RowProblem>) {
        self.bad_rows += 1;
        for problem in problems {
            if self.problems.len() < MAX_PROBLEMS_KEPT {
                self.problems.push(problem);
            }
        }
    }

    fn writing(&self) -> bool {
        self.bad_rows == 0 && self.sink != Sink::Checking
    }

    /// Holds the keys of `body`, dropping those of the sindicato before.
    fn enter(&mut self, repo: &mut dyn Repo, body: BodyId) -> Result<()> {
        if self.current == Some(body) {
            return Ok(());
        }
        if let Some(previous) = self.current.replace(body) {
            self.visited.insert(previous);
        }
        self.seen_parcels.clear();
        self.households.clear();
        self.updated_households.clear();
        if let (true, true, Sink::Staged(import)) = (self.visited.contains(&body), self.writing(), self.sink) {
            // What earlier chunks staged, and what this one holds to stage.
            let mut codes = repo.staged_parcel_codes(import, body)?;
            codes.extend(
                self.pending_parcels.iter().filter(|p| p.body_id == body).map(|p| p.parcel.code.as_str().to_string()),
            );
            let pending: Vec<_> = self
                .pending_households
                .iter()
                .filter(|h| h.body_id == body)
                .map(|h| {
                    let name = h.person.name.clone();
                    (
                        HouseholdRef::Staged(h.public_id),
                        name,
                        h.household.register_number.clone(),
                        h.person.id_number.clone(),
                    )
                })
                .collect();
            let households = repo
                .staged_households(import, body)?
                .into_iter()
                .map(|h| (HouseholdRef::Staged(h.public_id), h.name, h.register_number, h.id_number))
                .chain(pending);
            self.remember(body, codes, households);
        } else if self.visited.contains(&body) && self.writing() {
            let (households_before, parcels_before) = self.started_after;
            let codes = repo.parcel_codes_since(body, parcels_before)?;
            let households = repo
                .households_since(body, households_before)?
                .into_iter()
                .map(|h| (HouseholdRef::Stored(h.id), h.name, h.register_number, h.id_number));
            self.remember(body, codes, households);
        }
        Ok(())
    }

    /// Holds the keys of what an earlier part of this import wrote in `body` (the file came back
    /// to a sindicato it had left): its parcel codes, and its households with their name, register
    /// number and ID number.
    fn remember(
        &mut self,
        body: BodyId,
        parcel_codes: Vec<String>,
        households: impl Iterator<Item = (HouseholdRef, PersonName, Option<String>, Option<String>)>,
    ) {
        for code in parcel_codes {
            self.seen_parcels.insert(key((body.0, code.as_str())), 0);
        }
        for (reference, name, register_number, id_number) in households {
            let search_key = name.search_key();
            let id_number = id_number.as_deref();
            let household = household_key(body, register_number.as_deref(), &search_key, id_number);
            let person = person_key(&search_key, id_number);
            self.households.insert(household, (reference, person, 0));
        }
    }

    /// Checks the runs of one transaction, each of one sindicato. What they stage is held for
    /// [`Engine::flush`]; only writing straight into the register (`Sink::Direct`) writes here.
    fn chunks(&mut self, repo: &mut dyn Repo, group: &mut Vec<Vec<(u64, &Body, PadronRow)>>) -> Result<()> {
        for mut run in group.drain(..) {
            self.chunk(repo, &mut run)?;
        }
        Ok(())
    }

    /// Checks the runs of one transaction outside the write lock, then writes what they staged in
    /// a short write transaction: the lock is held only to write (SQLite's is the database's,
    /// and a writer on another connection, such as the vote box, gets it while the next chunk is
    /// checked). Writing straight into the register, both happen in the caller's transaction.
    fn write_chunks(&mut self, db: &mut Db<'_>, group: &mut Vec<Vec<(u64, &Body, PadronRow)>>) -> Result<()> {
        db.read(|repo| self.chunks(repo, group))?;
        if self.has_pending() { db.run(|repo| self.flush(repo)) } else { Ok(()) }
    }

    /// Holds a change to a registered family for [`Engine::flush`], counting each row changed once.
    fn stage_update(&mut self, update: StagedUpdate) {
        let row = match &update {
            StagedUpdate::Person(id, _) => (0, id.0),
            StagedUpdate::Household(id, _) => (1, id.0),
            StagedUpdate::Parcel(id, _, _) => (2, id.0),
        };
        self.staged_changes.insert(row);
        self.pending_updates.push(update);
    }

    /// Whether [`Engine::flush`] has anything to write.
    fn has_pending(&self) -> bool {
        !(self.pending_households.is_empty() && self.pending_parcels.is_empty() && self.pending_updates.is_empty())
    }

    /// Writes what the chunks staged since the last flush: the changes to registered families in
    /// the order they were found, then the new families and parcels (one multi-row insert or
    /// `UNNEST` each, not one per sindicato).
    fn flush(&mut self, repo: &mut dyn Repo) -> Result<()> {
        if let Sink::Staged(import) = self.sink {
            for update in &self.pending_updates {
                match update {
                    StagedUpdate::Person(id, person) => repo.stage_person_update(import, *id, person)?,
                    StagedUpdate::Household(id, household) => repo.stage_household_update(import, *id, household)?,
                    StagedUpdate::Parcel(id, household, parcel) => {
                        repo.stage_parcel_update(import, *id, *household, parcel)?
                    }
                }
            }
            repo.stage_households(import, &self.pending_households)?;
            repo.stage_parcels(import, &self.pending_parcels)?;
        }
        self.pending_updates.clear();
        self.pending_households.clear();
        self.pending_parcels.clear();
        Ok(())
    }

    /// Checks and writes one chunk of rows, all of one sindicato.
    fn chunk(&mut self, repo: &mut dyn Repo, chunk: &mut Vec<(u64, &Body, PadronRow)>) -> Result<()> {
        let Some(body) = chunk.first().map(|(_, body, _)| body.id) else { return Ok(()) };
        self.enter(repo, body)?;
        let lookups: Vec<(BodyId, &str)> = chunk
            .iter()
            .filter(|(_, body, _)| self.had_data.contains(&body.id))
            .map(|(_, body, row)| (body.id, row.parcel_code.as_str()))
            .collect();
        let mut found = if self.writing() { repo.find_parcels(&lookups)?.into_iter() } else { Vec::new().into_iter() };
        let mut new_households: Vec<NewHousehold> = Vec::new();
        let mut new_household_keys: Vec<u64> = Vec::new();
        let mut new_parcels: Vec<(HouseholdRef, BodyId, ParcelData)> = Vec::new();
        for (line, body, row) in chunk.drain(..) {
            let existing =
                if self.had_data.contains(&body.id) && self.writing() { found.next().flatten() } else { None };
            let line32 = u32::try_from(line).unwrap_or(u32::MAX);
            let parcel_key = key((body.id.0, row.parcel_code.as_str()));
            if let Some(first) = self.seen_parcels.get(&parcel_key) {
                let error = ServiceError::DuplicateParcelInFile {
                    code: row.parcel_code.to_string(),
                    body: body.label(),
                    first_line: u64::from(*first),
                };
                self.bad_row([RowProblem { line, column: None, value: row.parcel_code.to_string(), error }]);
                continue;
            }
            self.seen_parcels.insert(parcel_key, line32);
            let (household_key, person) = row_keys(body.id, &row);
            let known = self.households.get(&household_key).copied();
            if let Some((_, known_person, first)) = known
                && known_person != person
            {
                let error = ServiceError::RegisterNumberConflict {
                    number: row.register_number.clone().unwrap_or_default(),
                    body: body.label(),
                    first_line: u64::from(first),
                };
                self.bad_row([RowProblem { line, column: None, value: row.name.display(), error }]);
                continue;
            }
            self.report.rows += 1;
            if !self.writing() {
                continue;
            }
            if let Some(entry) = existing {
                known.is_none().then(|| {
                    self.households.insert(household_key, (HouseholdRef::Stored(entry.household_id), person, line32))
                });
                self.update(repo, &entry, &row)?;
                continue;
            }
            let household = match known {
                Some((household, _, _)) => household,
                None => {
                    let pending = HouseholdRef::Pending(new_households.len());
                    new_households.push(NewHousehold {
                        public_id: self.minter.mint()?,
                        person_public_id: self.minter.mint()?,
                        body_id: body.id,
                        person: PersonData {
                            name: row.name.clone(),
                            id_number: row.id_number.clone(),
                            phone: row.phone.clone(),
                        },
                        household: HouseholdData {
                            register_number: row.register_number.clone(),
                            affiliated_on: row.affiliated_on,
                        },
                    });
                    new_household_keys.push(household_key);
                    self.households.insert(household_key, (pending, person, line32));
                    pending
                }
            };
            let parcel =
                ParcelData { code: row.parcel_code, area: row.area, place: row.place, coordinates: row.coordinates };
            new_parcels.push((household, body.id, parcel));
        }
        if !self.writing() {
            return Ok(());
        }
        if let Sink::Staged(_) = self.sink {
            return self.stage(new_households, &new_household_keys, new_parcels);
        }
        let ids = repo.insert_households(&new_households)?;
        self.report.households_created += ids.len() as u64;
        for (household_key, id) in new_household_keys.iter().zip(&ids) {
            if let Some(entry) = self.households.get_mut(household_key) {
                entry.0 = HouseholdRef::Stored(*id);
            }
        }
        let mut parcels: Vec<NewParcel> = Vec::with_capacity(new_parcels.len());
        for (household, body_id, parcel) in new_parcels {
            let household_id = match household {
                HouseholdRef::Stored(id) => id,
                HouseholdRef::Pending(index) => match ids.get(index) {
                    Some(id) => *id,
                    None => continue,
                },
                HouseholdRef::Staged(_) => continue,
            };
            parcels.push(NewParcel { public_id: self.minter.mint()?, body_id, household_id, parcel });
        }
        self.report.parcels_created += parcels.len() as u64;
        repo.insert_parcels(&parcels)?;
        Ok(())
    }

    /// Stages a chunk's new families and parcels: kept until [`Engine::flush`] writes them with
    /// the rest of the transaction's.
    fn stage(
        &mut self,
        new_households: Vec<NewHousehold>,
        new_household_keys: &[u64],
        new_parcels: Vec<(HouseholdRef, BodyId, ParcelData)>,
    ) -> Result<()> {
        self.report.households_created += new_households.len() as u64;
        for (household_key, household) in new_household_keys.iter().zip(&new_households) {
            if let Some(entry) = self.households.get_mut(household_key) {
                entry.0 = HouseholdRef::Staged(household.public_id);
            }
        }
        let mut parcels: Vec<StagedParcel> = Vec::with_capacity(new_parcels.len());
        for (household, body_id, parcel) in new_parcels {
            let household = match household {
                HouseholdRef::Stored(id) => HouseholdLink::Stored(id),
                HouseholdRef::Staged(id) => HouseholdLink::Staged(id),
                HouseholdRef::Pending(index) => match new_households.get(index) {
                    Some(h) => HouseholdLink::Staged(h.public_id),
                    None => continue,
                },
            };
            parcels.push(StagedParcel { public_id: self.minter.mint()?, body_id, household, parcel });
        }
        self.report.parcels_created += parcels.len() as u64;
        self.pending_households.extend(new_households);
        self.pending_parcels.extend(parcels);
        Ok(())
    }

    /// Brings a stored family up to date with its line in the file, where the file says
    /// something (columns the file lacks keep their stored values).
    fn update(&mut self, repo: &mut dyn Repo, entry: &PadronEntry, row: &PadronRow) -> Result<()> {
        let p = self.present;
        let keep = |present: bool, new: &Option<String>, old: &Option<String>| {
            if present { new.clone() } else { old.clone() }
        };
        let person = PersonData {
            name: row.name.clone(),
            id_number: keep(p.id_number, &row.id_number, &entry.person.id_number),
            phone: keep(p.phone, &row.phone, &entry.person.phone),
        };
        let household = HouseholdData {
            register_number: keep(p.register_number, &row.register_number, &entry.household.register_number),
            affiliated_on: if p.affiliated_on { row.affiliated_on } else { entry.household.affiliated_on },
        };
        let parcel = ParcelData {
            code: row.parcel_code.clone(),
            area: if p.area { row.area } else { entry.parcel.area },
            place: keep(p.place, &row.place, &entry.parcel.place),
            coordinates: if p.coordinates { row.coordinates } else { entry.parcel.coordinates },
        };
        let staged = matches!(self.sink, Sink::Staged(_));
        let mut changed = false;
        if person != entry.person {
            if staged {
                self.stage_update(StagedUpdate::Person(entry.person_id, person));
            } else {
                repo.update_person(entry.person_id, &person)?;
            }
            changed = true;
        }
        if household != entry.household {
            if staged {
                self.stage_update(StagedUpdate::Household(entry.household_id, household));
            } else {
                repo.update_household(entry.household_id, &household)?;
            }
            changed = true;
        }
        if changed && self.updated_households.insert(entry.household_id) {
            self.report.households_updated += 1;
        }
        if parcel != entry.parcel {
            if staged {
                self.stage_update(StagedUpdate::Parcel(entry.parcel_id, entry.household_id, parcel));
            } else {
                repo.update_parcel(entry.parcel_id, entry.household_id, &parcel)?;
            }
            self.report.parcels_updated += 1;
            changed = true;
        }
        if !changed {
            self.report.rows_unchanged += 1;
        }
        Ok(())
    }
}

/// The import engine, for any source of rows (the demo generator), writing straight into the
/// register. Runs inside the caller's transaction; on any bad row it returns every problem, and
/// the caller rolls back.
pub fn import_rows(
    repo: &mut dyn Repo,
    ctx: &Ctx,
    target: &str,
    present: Present,
    sindicato_column: Option<&str>,
    rows: impl Iterator<Item = SourceRow>,
    progress: &dyn Fn(u64),
) -> std::result::Result<ImportReport, ImportError> {
    let report = {
        let mut db = Db::Within(&mut *repo);
        run_engine(&mut db, ctx, target, present, sindicato_column, rows, progress, Sink::Direct)?
    };
    let target = resolve_body(repo, target)?;
    audit_import(repo, ctx, target.id, &report)?;
    Ok(report)
}

/// The engine's checks without its writes: every line parsed and checked (cells, sindicatos,
/// permissions, parcels twice in the file, one N° for two people), nothing looked up per line and
/// nothing written, so it runs in a read transaction. Returns every problem, or a report with
/// only `rows` counted.
pub fn check_rows(
    repo: &mut dyn Repo,
    ctx: &Ctx,
    target: &str,
    present: Present,
    sindicato_column: Option<&str>,
    rows: impl Iterator<Item = SourceRow>,
    progress: &dyn Fn(u64),
) -> std::result::Result<ImportReport, ImportError> {
    run_engine(&mut Db::Within(repo), ctx, target, present, sindicato_column, rows, progress, Sink::Checking)
}

#[allow(clippy::too_many_arguments)]
fn run_engine(
    db: &mut Db<'_>,
    ctx: &Ctx,
    target: &str,
    present: Present,
    sindicato_column: Option<&str>,
    rows: impl Iterator<Item = SourceRow>,
    progress: &dyn Fn(u64),
    sink: Sink,
) -> std::result::Result<ImportReport, ImportError> {
    let (target, registry, had_data, started_after) = db.run(|repo| {
        let target = resolve_body(repo, target)?;
        if sindicato_column.is_none() && target.composition != Composition::Households {
            return Err(ServiceError::NotHouseholdBody { body: target.label() });
        }
        if !target.is_open() {
            return Err(ServiceError::BodyClosed { body: target.label() });
        }
        let registry = Registry::load(repo)?;
        registry.require(ctx, Action::EditRegister, target.id)?;
        let had_data: HashSet<BodyId> =
            repo.member_counts()?.into_iter().filter(|(_, n)| *n > 0).map(|(id, _)| id).collect();
        Ok((target, registry, had_data, repo.max_ids()?))
    })?;
    let sindicatos = Sindicatos::new(registry, target);
    let mut engine = Engine {
        present,
        sindicato_column,
        had_data,
        started_after,
        current: None,
        visited: HashSet::new(),
        seen_parcels: KeyMap::default(),
        households: KeyMap::default(),
        updated_households: HashSet::new(),
        staged_changes: HashSet::new(),
        problems: Vec::new(),
        bad_rows: 0,
        report: ImportReport::default(),
        minter: ctx.minter()?,
        sink,
        pending_households: Vec::new(),
        pending_parcels: Vec::new(),
        pending_updates: Vec::new(),
    };
    // The lines of one transaction: up to `CHUNK`, in runs of one sindicato each (a padrón of
    // small sindicatos wrote a transaction per sindicato: 2,400 for the Trópico).
    let mut group: Vec<Vec<(u64, &Body, PadronRow)>> = Vec::new();
    let mut in_group = 0usize;
    let mut n_lines = 0u64;
    for (line, parsed) in rows {
        n_lines += 1;
        if n_lines.is_multiple_of(10_000) {
            progress(n_lines);
        }
        let row = match parsed {
            Ok(Some(row)) => row,
            Ok(None) => continue,
            Err(problems) => {
                engine.bad_row(problems);
                continue;
            }
        };
        match sindicatos.resolve(row.sindicato.as_ref()) {
            Ok(body) => {
                // A run holds one sindicato: the next one begins a run of its own.
                match group.last_mut() {
                    Some(run) if run.first().is_some_and(|(_, first, _)| first.id == body.id) => {
                        run.push((line, body, row));
                    }
                    _ => group.push(vec![(line, body, row)]),
                }
                in_group += 1;
            }
            Err(error) => {
                let value = match &row.sindicato {
                    Some(SindicatoRef::Code(v) | SindicatoRef::Name(v)) => v.clone(),
                    None => String::new(),
                };
                let column = engine.sindicato_column.map(str::to_string);
                engine.bad_row([RowProblem { line, column, value, error }]);
            }
        }
        if in_group >= CHUNK {
            engine.write_chunks(db, &mut group)?;
            in_group = 0;
        }
    }
    engine.write_chunks(db, &mut group)?;
    progress(n_lines);
    if engine.bad_rows > 0 {
        let mut problems = engine.problems;
        problems.sort_by_key(|p| p.line);
        return Err(ImportError::Rejected { problems, bad_rows: engine.bad_rows, rows: n_lines });
    }
    let mut report = engine.report;
    report.staged_changes = engine.staged_changes.len() as u64;
    Ok(report)
}
