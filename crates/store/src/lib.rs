//! Cabildo's persistence: one repository contract ([`Repo`]), implemented once in SQL over a thin
//! connection abstraction, and run on two backends: embedded SQLite (the default) and PostgreSQL.
//!
//! **Architecture invariant:** the store knows the domain types but no use-case: it never decides
//! whether an operation is allowed; the services layer does, inside one [`Store::write`]
//! transaction. Driver errors never leave this crate: they become [`StoreError`].

mod arrears;
mod assembly;
mod ballotbox;
mod cache;
mod conn;
pub mod consulta;
mod delegates;
mod documents;
mod floor;
mod instruction;
mod keylog;
mod ledger;
pub mod mandates;
mod migrate;
mod multirow;
mod obligation;
mod petitions;
mod pg;
mod publication;
mod recall;
mod register;
mod repo;
mod sqlite;
mod staging;
mod transfers;
mod votebox;

use std::any::TypeId;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use cabildo_domain::access::{AccountId, Grant, Role};
use cabildo_domain::{
    Affiliation, AffiliationKind, Body, BodyEvent, BodyId, Date, Household, HouseholdData, HouseholdId, IdSequence,
    NewBody, NewOffice, Office, OfficeEnd, OfficeId, Parcel, ParcelData, ParcelId, PersonData, PersonId, PersonName,
    PublicId,
};

pub use arrears::{ArrearsDrift, ArrearsRepo, BodyArrears};
pub use assembly::*;
pub use ballotbox::{BallotReply, Deposit, MIX};
pub use consulta::ConsultaRepo;
pub use consulta::results::{
    AnswerRow, BENCH_FIRST_SINDICATO, BenchAnswer, BenchConsulta, ConsultaHeader, ConsultaOptionRow,
    ConsultaResultsRepo, ResultsRows,
};
pub use delegates::{
    CredentialRecord, DelegateElection, DelegateRepo, DelegationRecord, NewCredential, SeatPlanRecord,
};
pub use documents::{DocumentRecord, DocumentRepo, NewDocument};
pub use instruction::{AckRecord, InstructionMotion, InstructionRecord, InstructionRepo, NewInstruction};
pub use keylog::KeyLogRepo;
pub use ledger::{
    AccountTotal, ChargeRecord, ClosedPeriod, DuesRuleRecord, EntryRecord, LedgerRepo, LevyRecord, NewCharge, NewEntry,
    OpenFine, ReceiptRecord, StatementLine, TransferRecord,
};
pub use mandates::{AgendaItemRecord, MandateMotion, MandateRecord, MandateRepo, NewMandate};
pub use migrate::{INSTANCE_SECRETS, MIGRATIONS_KNOWN, MigrationReport, PUBLIC_ID_TABLES};
pub use obligation::{
    DemandRecord, DemandStatus, InformeRecord, ObligationRecord, ObligationRepo, OwedAssembly, Sighting, VisitorRecord,
};
pub use petitions::{
    AuthorityRecord, InboxCounts, InboxFilter, NewPetition, PetitionMotion, PetitionRecord, PetitionRepo, ReplyRecord,
    StepRecord,
};
pub use pg::ReplicaStatus;
pub use publication::{PublicationRecord, PublicationRepo};
pub use recall::{NewRecall, RecallMotion, RecallRecord, RecallRepo, RecallResolution};
pub use register::RegisterRepo;
pub use staging::{HouseholdLink, ImportRepo, StagedHouseholdKey, StagedParcel, SwapCounts};
pub use transfers::{ShareRecord, TransferRepo};

/// The name of the secret that keys member card codes (`instance_secrets`).
pub const MEMBER_CARDS_SECRET: &str = "member_cards";
pub use votebox::{CastOutcome, MAX_BATCH, PhoneVote, Reply, VoteBox};

/// Mints public ids (UUIDv7) for records about to be written: the caller gives the time, the
/// operating system the randomness, drawn 4 KiB at a time (256 ids per system call) so that an
/// import of a million rows does not make a million calls. Ids from one minter sort in the order
/// they were minted ([`IdSequence`]).
#[derive(Debug)]
pub struct Minter {
    sequence: IdSequence,
    pool: Vec<u8>,
}

/// Random bytes drawn per refill of a [`Minter`].
const MINTER_POOL: usize = 4096;

impl Minter {
    /// A minter for ids made at `unix_millis` (milliseconds since 1970, UTC).
    pub fn new(unix_millis: u64) -> Result<Minter> {
        let mut minter = Minter { sequence: IdSequence::new(unix_millis, 0), pool: Vec::new() };
        let start = minter.random()?;
        minter.sequence = IdSequence::new(unix_millis, u32::from_be_bytes([0, start[0], start[1], start[2]]));
        Ok(minter)
    }

    fn random(&mut self) -> Result<[u8; 16]> {
        if self.pool.len() < 16 {
            self.pool.resize(MINTER_POOL, 0);
            getrandom::fill(&mut self.pool).map_err(|e| StoreError::Internal(format!("no randomness: {e}")))?;
        }
        let mut random = [0u8; 16];
        random.copy_from_slice(&self.pool[self.pool.len() - 16..]);
        self.pool.truncate(self.pool.len() - 16);
        Ok(random)
    }

    /// The next public id.
    pub fn mint(&mut self) -> Result<PublicId> {
        let random = self.random()?;
        Ok(self.sequence.next_id(random))
    }
}

/// What can go wrong in storage, in terms the layers above can act on. [`StoreErrorKind`] lists
/// the variants (the catalogue test checks each reaches users with a message).
#[derive(Debug, Clone, PartialEq, thiserror::Error, strum::EnumDiscriminants)]
#[strum_discriminants(name(StoreErrorKind), derive(strum::EnumIter))]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A uniqueness or reference rule of the database refused the change.
    #[error("conflict: {0}")]
    Conflict(String),
    /// The database could not be reached or opened.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// The database was written by a newer Cabildo.
    #[error("the database is at migration {found}, newer than this cabildo knows ({known})")]
    MigrationAhead { found: i64, known: i64 },
    /// A migration this database applied was changed afterwards: its text in this binary is not
    /// the one recorded (checksums, SHA-256 hex). Never edit a shipped migration: add one.
    #[error(
        "migration {version:04}_{name} was changed after this database applied it (checksum {found} recorded, {expected} in this cabildo)"
    )]
    MigrationChanged { version: i64, name: String, found: String, expected: String },
    /// Stored data that does not read back as a domain value.
    #[error("corrupt data: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Internal(String),
}

impl StoreError {
    /// A stored value that does not read back as what it must be: names the table and column
    /// (`"motions.rule"`) and what was found there. Never replaced by a default.
    pub fn corrupt(column: &str, found: &str) -> StoreError {
        StoreError::Corrupt(format!("{column}: {found:?} cannot be read"))
    }

    /// A value a row must have at its stage (an open assembly's quorum, a sealed acta's hash) but
    /// does not: names the table and column and the row.
    pub fn missing(column: &str, row: impl std::fmt::Display) -> StoreError {
        StoreError::Corrupt(format!("{column} is missing in row {row}"))
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Which database a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        })
    }
}

/// A line of the padrón as stored: a parcel with its household and representative.
#[derive(Debug, Clone, PartialEq)]
pub struct PadronEntry {
    pub body_id: BodyId,
    pub household_id: HouseholdId,
    pub person_id: PersonId,
    pub parcel_id: ParcelId,
    pub person: PersonData,
    pub household: HouseholdData,
    pub parcel: ParcelData,
}

/// A household as listed in a padrón page: no ID number, no phone.
#[derive(Debug, Clone, PartialEq)]
pub struct HouseholdSummary {
    pub id: HouseholdId,
    pub public_id: PublicId,
    pub body_id: BodyId,
    pub register_number: Option<String>,
    pub name: PersonName,
    pub parcel_codes: Vec<String>,
}

/// A new household with its representative, for batch creation.
#[derive(Debug, Clone, PartialEq)]
pub struct NewHousehold {
    pub public_id: PublicId,
    /// The representative's public id.
    pub person_public_id: PublicId,
    pub body_id: BodyId,
    pub person: PersonData,
    pub household: HouseholdData,
}

/// A new parcel, for batch creation.
#[derive(Debug, Clone, PartialEq)]
pub struct NewParcel {
    pub public_id: PublicId,
    pub body_id: BodyId,
    pub household_id: HouseholdId,
    pub parcel: ParcelData,
}

/// What identifies a household in a padrón file: for rebuilding an import's state.
#[derive(Debug, Clone, PartialEq)]
pub struct HouseholdKey {
    pub id: HouseholdId,
    pub register_number: Option<String>,
    pub name: PersonName,
    pub id_number: Option<String>,
}

/// An account as stored. The password hash is an Argon2id PHC string.
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    pub id: AccountId,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub created_at: i64,
    pub disabled_at: Option<i64>,
    /// The person the account belongs to, when an administrator linked it: the officer who signs
    /// as the holder of an office, the afiliado who sees their family's record.
    pub person_id: Option<PersonId>,
}

/// A signed-in session, found by the hash of its cookie.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub account_id: AccountId,
    pub csrf_token: String,
    pub created_at: i64,
    pub expires_at: i64,
}

/// An API token as listed: never its secret (not kept) nor its hash.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiToken {
    pub id: i64,
    pub account_id: AccountId,
    pub name: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
    /// When it was last used, to the minute ([`Repo::record_api_token_use`]).
    pub last_used_at: Option<i64>,
}

/// One line of the audit trail: who did what, when, on which body.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEvent {
    pub at: i64,
    pub account_id: Option<AccountId>,
    pub actor: String,
    pub body_id: Option<BodyId>,
    pub action: String,
    pub detail: String,
}

/// A person's membership of a body of individuals.
#[derive(Debug, Clone, PartialEq)]
pub struct Membership {
    pub id: i64,
    pub body_id: BodyId,
    pub person_id: PersonId,
    pub person_public_id: PublicId,
    pub name: PersonName,
    pub since: Date,
    pub until: Option<Date>,
}

/// The repository contract: everything the services may ask of storage, inside one transaction.
/// Implemented once over SQL; the same contract tests run against SQLite and PostgreSQL.
pub trait Repo:
    AssemblyRepo
    + KeyLogRepo
    + ImportRepo
    + LeaderRepo
    + RecallRepo
    + InstructionRepo
    + ConsultaRepo
    + ConsultaResultsRepo
    + DelegateRepo
    + MandateRepo
    + ObligationRepo
    + PetitionRepo
    + LedgerRepo
    + TransferRepo
    + DocumentRepo
    + PublicationRepo
    + ArrearsRepo
    + RegisterRepo
{
    fn backend(&self) -> Backend;

    // Bodies.
    fn insert_body(&mut self, body: &NewBody, public_id: PublicId) -> Result<BodyId>;
    fn body(&mut self, id: BodyId) -> Result<Option<Body>>;
    fn body_by_public_id(&mut self, public_id: PublicId) -> Result<Option<Body>>;
    fn body_by_code(&mut self, code: &str) -> Result<Option<Body>>;
    /// Every body, open or closed, ordered by id.
    fn bodies(&mut self) -> Result<Vec<Body>>;
    /// A body and every body above it up to the root, ordered by id (empty when it does not
    /// exist): what a permission check needs, in one query however many bodies there are.
    fn body_with_ancestors(&mut self, id: BodyId) -> Result<Vec<Body>>;
    fn rename_body(&mut self, id: BodyId, name: &str) -> Result<()>;
    fn set_body_parent(&mut self, id: BodyId, parent: Option<BodyId>) -> Result<()>;
    fn set_body_closed(&mut self, id: BodyId, closed_on: Option<Date>) -> Result<()>;
    /// Whether the body shows a public page (no personal data on it).
    fn set_body_published(&mut self, id: BodyId, published: bool) -> Result<()>;
    fn insert_body_event(&mut self, event: &BodyEvent) -> Result<()>;
    /// A body's history, oldest first.
    fn body_events(&mut self, id: BodyId) -> Result<Vec<BodyEvent>>;

    // Affiliations outside the tree.
    fn insert_affiliation(&mut self, member: BodyId, host: BodyId, kind: AffiliationKind, since: Date) -> Result<i64>;
    fn end_affiliation(&mut self, id: i64, until: Date) -> Result<()>;
    fn affiliation(&mut self, id: i64) -> Result<Option<Affiliation>>;
    /// Affiliations where the body is the member or the host, oldest first.
    fn affiliations(&mut self, body: BodyId) -> Result<Vec<Affiliation>>;

    // People, households and parcels.
    fn insert_person(&mut self, person: &PersonData, public_id: PublicId) -> Result<PersonId>;
    fn update_person(&mut self, id: PersonId, person: &PersonData) -> Result<()>;
    fn insert_household(
        &mut self,
        body: BodyId,
        person: PersonId,
        household: &HouseholdData,
        public_id: PublicId,
    ) -> Result<HouseholdId>;
    fn update_household(&mut self, id: HouseholdId, household: &HouseholdData) -> Result<()>;
    fn household(&mut self, id: HouseholdId) -> Result<Option<Household>>;
    fn household_by_public_id(&mut self, public_id: PublicId) -> Result<Option<Household>>;
    fn insert_parcel(
        &mut self,
        body: BodyId,
        household: HouseholdId,
        parcel: &ParcelData,
        public_id: PublicId,
    ) -> Result<ParcelId>;
    fn update_parcel(&mut self, id: ParcelId, household: HouseholdId, parcel: &ParcelData) -> Result<()>;
    fn parcels_of(&mut self, household: HouseholdId) -> Result<Vec<Parcel>>;
    /// Looks parcels up by `(sindicato, code)`; the answer has one entry per key, in order.
    fn find_parcels(&mut self, keys: &[(BodyId, &str)]) -> Result<Vec<Option<PadronEntry>>>;
    /// Creates households with their representatives; returns their ids in order.
    fn insert_households(&mut self, batch: &[NewHousehold]) -> Result<Vec<HouseholdId>>;
    fn insert_parcels(&mut self, batch: &[NewParcel]) -> Result<()>;
    /// The current households of a body with their parcel codes, in register order (register
    /// number, then name): the whole list a padrón page shows a slice of.
    fn roster(&mut self, body: BodyId) -> Result<Vec<HouseholdSummary>>;
    /// Streams the padrón of the given bodies, body by body, in register order.
    fn padron(&mut self, bodies: &[BodyId], each: &mut dyn FnMut(PadronEntry) -> Result<()>) -> Result<()>;
    /// The highest household and parcel ids so far (0 when none): marks where an import began.
    fn max_ids(&mut self) -> Result<(HouseholdId, ParcelId)>;
    /// Households of a body created after `after`, with what identifies them in a file.
    fn households_since(&mut self, body: BodyId, after: HouseholdId) -> Result<Vec<HouseholdKey>>;
    /// A person's name.
    fn person_name(&mut self, id: PersonId) -> Result<Option<PersonName>>;
    /// The representatives of a body's current households: person, name and register number.
    fn representatives(&mut self, body: BodyId) -> Result<Vec<(PersonId, PersonName, Option<String>)>>;
    /// Codes of a body's parcels created after `after`.
    fn parcel_codes_since(&mut self, body: BodyId, after: ParcelId) -> Result<Vec<String>>;
    /// Refreshes the query planner's statistics after a bulk change (PostgreSQL; SQLite plans
    /// well enough without them).
    fn analyze(&mut self) -> Result<()>;
    /// Current members of each body that has any: households still affiliated plus current
    /// individual memberships. Roll them up the tree with `cabildo_domain::Tree::roll_up`.
    fn member_counts(&mut self) -> Result<HashMap<BodyId, u64>>;

    // Individual memberships.
    fn insert_membership(&mut self, body: BodyId, person: PersonId, since: Date) -> Result<i64>;
    fn end_membership(&mut self, id: i64, until: Date) -> Result<()>;
    fn memberships(&mut self, body: BodyId) -> Result<Vec<Membership>>;

    // Accounts, grants, sessions, API tokens and the audit trail.
    fn insert_account(
        &mut self,
        username: &str,
        display_name: &str,
        password_hash: &str,
        now: i64,
    ) -> Result<AccountId>;
    fn account(&mut self, id: AccountId) -> Result<Option<Account>>;
    fn account_by_username(&mut self, username: &str) -> Result<Option<Account>>;
    fn count_accounts(&mut self) -> Result<u64>;
    fn set_password_hash(&mut self, id: AccountId, password_hash: &str) -> Result<()>;
    fn insert_grant(&mut self, account: AccountId, body: BodyId, role: Role, now: i64) -> Result<()>;
    fn grants(&mut self, account: AccountId) -> Result<Vec<Grant>>;
    fn insert_session(&mut self, token_hash: &str, session: &Session) -> Result<()>;
    fn session(&mut self, token_hash: &str) -> Result<Option<Session>>;
    fn delete_session(&mut self, token_hash: &str) -> Result<()>;
    /// Removes sessions that expired before `now`; returns how many.
    fn delete_expired_sessions(&mut self, now: i64) -> Result<u64>;
    fn insert_api_token(&mut self, account: AccountId, name: &str, token_hash: &str, now: i64) -> Result<i64>;
    /// The account of a token that was not revoked.
    fn api_token_account(&mut self, token_hash: &str) -> Result<Option<AccountId>>;
    /// The account of a live token and when the token was last used.
    fn api_token_use(&mut self, token_hash: &str) -> Result<Option<(AccountId, Option<i64>)>>;
    /// Records a use of a live token at `now`, unless one was recorded less than `every` seconds
    /// before; whether it wrote.
    fn record_api_token_use(&mut self, token_hash: &str, now: i64, every: i64) -> Result<bool>;
    /// Every account, by username.
    fn accounts(&mut self) -> Result<Vec<Account>>;
    /// Disables an account (`Some(time)`) or enables it again (`None`).
    fn set_account_disabled(&mut self, id: AccountId, disabled_at: Option<i64>) -> Result<()>;
    /// Links the account to a person (or unlinks it). A person has at most one account: linking a
    /// second one is a [`StoreError::Conflict`]-like unique violation.
    fn set_account_person(&mut self, id: AccountId, person: Option<PersonId>) -> Result<()>;
    /// The account linked to a person, if any.
    fn account_of_person(&mut self, person: PersonId) -> Result<Option<Account>>;
    /// An account's sessions with the hash of each cookie, newest first.
    fn sessions_of(&mut self, account: AccountId) -> Result<Vec<(String, Session)>>;
    /// Ends an account's sessions but the one whose cookie hashes to `keep`; returns how many.
    fn delete_sessions_of(&mut self, account: AccountId, keep: Option<&str>) -> Result<u64>;
    /// An account's API tokens, revoked ones too, newest first.
    fn api_tokens(&mut self, account: AccountId) -> Result<Vec<ApiToken>>;
    /// Revokes a token of an account if it is live; whether it was.
    fn revoke_api_token(&mut self, account: AccountId, id: i64, now: i64) -> Result<bool>;
    /// Revokes every live token of an account; returns how many.
    fn revoke_api_tokens_of(&mut self, account: AccountId, now: i64) -> Result<u64>;
    fn insert_audit(&mut self, event: &AuditEvent) -> Result<()>;
    /// The newest `limit` audit lines about the given bodies, newest first.
    fn audit(&mut self, bodies: &[BodyId], limit: u64) -> Result<Vec<AuditEvent>>;

    // Offices.
    fn insert_office(
        &mut self,
        body: BodyId,
        person: PersonId,
        office: &NewOffice,
        public_id: PublicId,
    ) -> Result<OfficeId>;
    fn end_office(&mut self, id: OfficeId, on: Date, reason: OfficeEnd) -> Result<()>;
    fn office(&mut self, id: OfficeId) -> Result<Option<Office>>;
    /// A body's offices, current and past, newest term first.
    fn offices(&mut self, body: BodyId) -> Result<Vec<Office>>;
}

/// The state of a PostgreSQL store's connection pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStatus {
    /// The most connections open at once.
    pub size: usize,
    /// Connections open now, idle or in use.
    pub open: usize,
}

/// Where the reads of a PostgreSQL store with read replicas went, and how each replica stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadRoutes {
    /// Read transactions the primary ran.
    pub primary: u64,
    pub replicas: Vec<ReplicaStatus>,
}

/// An open database: SQLite file or PostgreSQL server, with a read-through cache for data the
/// layers above derive from it (see [`Store::cached`]).
pub struct Store {
    backend: Db,
    /// Bumped by every committed write of this process.
    generation: AtomicU64,
    /// The read floor after this process's latest write (with read replicas: what values cached
    /// for everyone must have seen).
    written: AtomicU64,
    /// Values derived from the database, one per type (see [`Store::cached`]).
    cache: cache::Cache,
    /// Values derived per key (a body's padrón, say), within a budget of [`KEYED_CACHE_BUDGET`].
    keyed: cache::Cache,
    /// Secret ballots waiting to be written in a mixed batch (`ballotbox.rs`).
    ballots: ballotbox::BallotBox,
}

/// Releases SQLite's checkpoints held by [`Store::bulk_write`] should its work panic.
struct CheckpointHold<'a>(Option<&'a sqlite::SqliteStore>);

impl Drop for CheckpointHold<'_> {
    fn drop(&mut self) {
        if let Some(sqlite) = self.0.take() {
            sqlite.release_checkpoints().ok();
        }
    }
}

enum Db {
    Sqlite(sqlite::SqliteStore),
    Postgres(Box<pg::PgStore>),
}

/// How much the keyed cache holds at most, in the weights its values declare (about one per
/// row): the padrón of the largest federation of a nation (≈ 510,000 families under F1 in the
/// demo of 3,000,000) with room to spare. Measured: a padrón's roster costs ≈ 600 bytes of the
/// server's memory per family (BENCHMARKS.md, "The body page at 3,000,000 families"), so a full
/// cache is ≈ 600 MB; a server only fills it with the padrones it is asked for.
pub const KEYED_CACHE_BUDGET: usize = 1_000_000;

pub use cache::SHARED_CACHE_MAX_AGE;

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.backend {
            Db::Sqlite(s) => write!(f, "Store::Sqlite({})", s.path_display()),
            Db::Postgres(p) => write!(f, "Store::Postgres({})", p.url_redacted()),
        }
    }
}

impl Store {
    /// Opens `location`: a `postgres://` or `postgresql://` URL, or a SQLite file path (optionally
    /// prefixed `sqlite:`). Does not migrate: call [`Store::migrate`].
    pub fn open(location: &str) -> Result<Store> {
        let backend = if location.starts_with("postgres://") || location.starts_with("postgresql://") {
            Db::Postgres(Box::new(pg::PgStore::open(location)?))
        } else {
            let path =
                location.strip_prefix("sqlite://").or_else(|| location.strip_prefix("sqlite:")).unwrap_or(location);
            Db::Sqlite(sqlite::SqliteStore::open(path)?)
        };
        Ok(Store {
            backend,
            generation: AtomicU64::new(0),
            written: AtomicU64::new(0),
            cache: cache::Cache::new(None),
            keyed: cache::Cache::new(Some(KEYED_CACHE_BUDGET)),
            ballots: ballotbox::BallotBox::default(),
        })
    }

    /// Runs `f`, a bulk write of many short transactions (a padrón import), with SQLite's automatic
    /// checkpoints held back until it ends, then copies the WAL into the database once. Other
    /// writers still get the lock between `f`'s transactions. On PostgreSQL, runs `f`.
    pub fn bulk_write<T>(&self, f: impl FnOnce() -> T) -> Result<T> {
        let Db::Sqlite(sqlite) = &self.backend else {
            return Ok(f());
        };
        sqlite.hold_checkpoints()?;
        let mut hold = CheckpointHold(Some(sqlite));
        let out = f();
        hold.0.take().map_or(Ok(()), sqlite::SqliteStore::release_checkpoints)?;
        Ok(out)
    }

    pub fn backend(&self) -> Backend {
        match &self.backend {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// The PostgreSQL connection pool: how many connections it opens at most (the URL's
    /// `pool_size`) and how many are open now. `None` on SQLite.
    pub fn pool_status(&self) -> Option<PoolStatus> {
        match &self.backend {
            Db::Sqlite(_) => None,
            Db::Postgres(p) => {
                let (size, open) = p.pool_status();
                Some(PoolStatus { size, open })
            }
        }
    }

    /// Sends the reads to PostgreSQL hot standbys at `urls` (see `pg/replicas.rs`): a replica
    /// lagging more than `max_lag` behind the primary, or not answering, is left out until it
    /// catches up. Reads of a client that just wrote go where its write is (see
    /// [`Store::with_read_floor`]). Refused on SQLite.
    pub fn add_replicas(&mut self, urls: &[String], max_lag: Duration) -> Result<()> {
        match &mut self.backend {
            Db::Postgres(p) => p.add_replicas(urls, max_lag),
            Db::Sqlite(_) if urls.is_empty() => Ok(()),
            Db::Sqlite(_) => Err(StoreError::Internal("read replicas need PostgreSQL".into())),
        }
    }

    /// How long a client's read floor matters: the replicas' allowed lag (every replica that
    /// serves has replayed what the primary had that long ago). `None` without replicas.
    pub fn read_floor_lifetime(&self) -> Option<Duration> {
        match &self.backend {
            Db::Postgres(p) => p.replicas().map(|r| r.max_lag()),
            Db::Sqlite(_) => None,
        }
    }

    /// Runs `f` as one client's request that has written up to `floor` (0: nothing lately): its
    /// reads go only to a replica that has replayed that far, else to the primary — always to the
    /// primary if `floor` is past all this process knows the primary has written (another
    /// instance's write of the last moments, or a forged value). Answers the floor after `f`,
    /// higher if it wrote, for the client to send with its next request.
    pub fn with_read_floor<T>(&self, floor: u64, f: impl FnOnce() -> T) -> (T, u64) {
        let written = self.written.load(Ordering::Acquire);
        let admitted = match &self.backend {
            Db::Postgres(p) => p.replicas().map_or(0, |r| r.admit(floor, written)),
            Db::Sqlite(_) => 0,
        };
        let (out, wrote) = floor::scope(admitted, f);
        // A floor sent to the primary for being past what is known is not handed back.
        let kept = if admitted == floor { floor } else { 0 };
        (out, kept.max(wrote))
    }

    /// Where reads went and how the replicas stand; `None` without replicas.
    pub fn read_routes(&self) -> Option<ReadRoutes> {
        match &self.backend {
            Db::Postgres(p) => p.replicas().map(|r| {
                let (primary, replicas) = r.status();
                ReadRoutes { primary, replicas }
            }),
            Db::Sqlite(_) => None,
        }
    }

    /// Loads a value to cache for everyone: it must see every write this process committed, so
    /// it reads where they are.
    fn load_shared<T>(&self, load: impl FnOnce() -> T) -> T {
        let written = self.written.load(Ordering::Acquire);
        floor::scope(floor::current().max(written), load).0
    }

    /// How many writes this process has committed: derived data older than this is stale.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// A value derived from the database, computed by `load` and reused until this process
    /// commits a write, or — on PostgreSQL, where other processes may write — for at most
    /// [`SHARED_CACHE_MAX_AGE`]. One value per type. Loaded by one request at a time: the others
    /// serve the aged value meanwhile, or wait for the first value (see `cache.rs`).
    pub fn cached<T: Send + Sync + 'static, E>(
        &self,
        load: impl FnOnce(&Store) -> std::result::Result<T, E>,
    ) -> std::result::Result<Arc<T>, E> {
        let load = |store: &Store| load(store).map(|value| (None, value));
        self.through(&self.cache, 0, |_| 0, load, |_| Ok(None))
    }

    /// Like [`Store::cached`], for a value read from the register's tables only (bodies,
    /// households, parcels, persons, memberships), in one read transaction: on PostgreSQL it is
    /// read again only when the register's version moved (migration 31: every writer, other
    /// processes and psql included, moves it), checked in one small read when the value ages or
    /// this process writes.
    pub fn cached_register<T: Send + Sync + 'static, E: From<StoreError>>(
        &self,
        load: impl FnOnce(&mut dyn Repo) -> std::result::Result<T, E>,
    ) -> std::result::Result<Arc<T>, E> {
        self.through(&self.cache, 0, |_| 0, |store| store.read_register(load), Store::register_version_now)
    }

    /// [`Store::cached_register`] per key, within the keyed cache's budget (see
    /// [`Store::cached_by`]).
    pub fn cached_register_by<T: Send + Sync + 'static, E: From<StoreError>>(
        &self,
        key: i64,
        weight: impl FnOnce(&T) -> usize,
        load: impl FnOnce(&mut dyn Repo) -> std::result::Result<T, E>,
    ) -> std::result::Result<Arc<T>, E> {
        self.through(&self.keyed, key, weight, |store| store.read_register(load), Store::register_version_now)
    }

    /// The register's version and `load`'s value, read in one transaction (the version first:
    /// a value newer than its version is only reloaded once more, never kept stale).
    fn read_register<T, E: From<StoreError>>(
        &self,
        load: impl FnOnce(&mut dyn Repo) -> std::result::Result<T, E>,
    ) -> std::result::Result<(Option<i64>, T), E> {
        self.read(|repo| {
            let version = repo.register_version()?;
            Ok((version, load(repo)?))
        })
    }

    fn register_version_now<E: From<StoreError>>(&self) -> std::result::Result<Option<i64>, E> {
        self.read(|repo| Ok(repo.register_version()?))
    }

    /// The cache's one path: serve, or load (once for everyone), or keep a value whose
    /// register version did not move (`check`).
    fn through<T: Send + Sync + 'static, E>(
        &self,
        cache: &cache::Cache,
        key: i64,
        weight: impl FnOnce(&T) -> usize,
        load: impl FnOnce(&Store) -> std::result::Result<(Option<i64>, T), E>,
        check: impl FnOnce(&Store) -> std::result::Result<Option<i64>, E>,
    ) -> std::result::Result<Arc<T>, E> {
        let key = (TypeId::of::<T>(), key);
        let shared = self.backend() == Backend::Postgres;
        let (generation, known) = match cache.acquire(key, &self.generation, shared) {
            cache::Acquired::Serve(value) => match value.downcast::<T>() {
                Ok(value) => return Ok(value),
                Err(_) => (self.generation(), None),
            },
            cache::Acquired::Load { generation, known } => (generation, known),
        };
        if let Some((version, value)) = known {
            match self.load_shared(|| check(self)) {
                Ok(Some(now)) if now == version => {
                    if let Ok(value) = value.downcast::<T>() {
                        cache.renew(key, generation);
                        return Ok(value);
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    cache.give_up(key);
                    return Err(e);
                }
            }
        }
        match self.load_shared(|| load(self)) {
            Ok((version, value)) => {
                let value = Arc::new(value);
                cache.store(key, generation, shared, weight(&value), version, Arc::clone(&value) as cache::Value);
                Ok(value)
            }
            Err(e) => {
                cache.give_up(key);
                Err(e)
            }
        }
    }

    /// The value [`Store::cached`] (or [`Store::cached_register`]) would answer, if it needs no
    /// loading: never touches the database nor waits, so it may be called where blocking is not
    /// allowed.
    pub fn peek_cached<T: Send + Sync + 'static>(&self) -> Option<Arc<T>> {
        self.cache.peek((TypeId::of::<T>(), 0), self.generation(), self.backend() == Backend::Postgres)?.downcast().ok()
    }

    /// Like [`Store::cached`], one value per type and `key` (a body's id, say). `weight` tells
    /// what a value costs against [`KEYED_CACHE_BUDGET`]: a value heavier than the whole budget
    /// is loaded every time; otherwise out-of-date values, then all, make room for it.
    pub fn cached_by<T: Send + Sync + 'static, E>(
        &self,
        key: i64,
        weight: impl FnOnce(&T) -> usize,
        load: impl FnOnce(&Store) -> std::result::Result<T, E>,
    ) -> std::result::Result<Arc<T>, E> {
        let load = |store: &Store| load(store).map(|value| (None, value));
        self.through(&self.keyed, key, weight, load, |_| Ok(None))
    }

    /// The value [`Store::cached_by`] would answer for `key`, if it needs no loading.
    pub fn peek_cached_by<T: Send + Sync + 'static>(&self, key: i64) -> Option<Arc<T>> {
        self.keyed
            .peek((TypeId::of::<T>(), key), self.generation(), self.backend() == Backend::Postgres)?
            .downcast()
            .ok()
    }

    /// Makes every cached value look older than [`SHARED_CACHE_MAX_AGE`], as if that long had
    /// passed (tests of what happens when values age, without sleeping).
    pub fn age_cache(&self) {
        self.cache.age_all();
        self.keyed.age_all();
    }

    /// Applies the migrations this binary knows and the database lacks. Refuses a database that
    /// is ahead of this binary.
    pub fn migrate(&self) -> Result<MigrationReport> {
        let report = match &self.backend {
            Db::Sqlite(s) => s.migrate(),
            Db::Postgres(p) => p.migrate(),
        };
        self.generation.fetch_add(1, Ordering::AcqRel);
        report
    }

    /// The migration version the database is at, without changing it.
    pub fn schema_version(&self) -> Result<i64> {
        match &self.backend {
            Db::Sqlite(s) => s.schema_version(),
            Db::Postgres(p) => p.schema_version(),
        }
    }

    /// Runs `f` in one transaction: committed when `f` returns `Ok`, rolled back otherwise.
    pub fn write<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&mut dyn Repo) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let result = match &self.backend {
            Db::Sqlite(s) => s.transaction(true, f),
            Db::Postgres(p) => p.transaction(true, f),
        };
        if result.is_ok() {
            // Whatever was derived from the database before this commit is out of date.
            self.written.fetch_max(floor::wrote(), Ordering::AcqRel);
            self.generation.fetch_add(1, Ordering::AcqRel);
        }
        result
    }

    /// Like [`Store::read`], but never on a read replica: for reads that must see every committed
    /// write, whoever made it — who is signed in, with which password, session or token (a
    /// revoked session or a changed password must not work a moment longer on a lagging replica).
    pub fn read_primary<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&mut dyn Repo) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        floor::scope(u64::MAX, || self.read(f)).0
    }

    /// Runs `f` in a transaction that is always rolled back: a consistent read.
    pub fn read<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&mut dyn Repo) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        match &self.backend {
            Db::Sqlite(s) => s.transaction(false, f),
            Db::Postgres(p) => p.transaction(false, f),
        }
    }
}
