//! The assemblies part of the repository contract: statutes, assemblies and their agenda,
//! attendance, fines, motions and elections, votes, ballot codes and tickets, resolutions, actas,
//! signatures and signing keys. Implemented once in SQL over both backends, like [`crate::Repo`].

use cabildo_domain::access::{AccountId, Role};
use cabildo_domain::assembly::{
    AssemblyId, AssemblyKind, AssemblyStatus, AttendanceStatus, DecisionRule, ElectionRule, MotionId, Outcome, Statute,
    VoteMethod,
};
use cabildo_domain::{BodyId, Date, HouseholdId, PersonId, PersonName, PublicId};

use crate::{Result, StoreError};

mod leader;
mod rows;
mod sql;

pub use leader::{AssemblyRef, BodyActivity, FamilyAssembly, LeaderRepo, ResolutionLine};

/// The local date and time of a meeting.
pub type DateTime = chrono::NaiveDateTime;

pub use cabildo_domain::assembly::{ActaStatus, MotionKind, MotionStatus};
pub use cabildo_domain::chain::{ChainHead, HeadSource};

pub(crate) const DATETIME_FORMAT: &str = "%Y-%m-%dT%H:%M";

fn corrupt(column: &str, value: &str) -> StoreError {
    StoreError::corrupt(column, value)
}

fn parsed<T: std::str::FromStr>(column: &str, value: String) -> Result<T> {
    value.parse().map_err(|_| corrupt(column, &value))
}

fn opt_parsed<T: std::str::FromStr>(column: &str, value: Option<String>) -> Result<Option<T>> {
    value.map(|v| parsed(column, v)).transpose()
}

/// A batch of phone-voting tickets: serials `first .. first + count` of the assembly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TicketBatch {
    pub first: u64,
    pub count: u64,
    pub issued_at: i64,
}

/// A stored count or number of people: a negative one is corrupt, never read as 0.
fn count(column: &str, v: i64) -> Result<u64> {
    u64::try_from(v).map_err(|_| corrupt(column, &v.to_string()))
}

fn opt_count(column: &str, v: Option<i64>) -> Result<Option<u64>> {
    v.map(|v| count(column, v)).transpose()
}

/// A statute version as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StatuteRecord {
    pub id: i64,
    pub body_id: BodyId,
    pub statute: Statute,
    pub adopted_at: i64,
    pub adopted_by: String,
    /// The resolution of the body's assembly that adopted this version, if one was recorded.
    pub resolution: Option<StatuteResolution>,
}

/// The resolution that adopted a statute version: its id, number, year and title.
#[derive(Debug, Clone, PartialEq)]
pub struct StatuteResolution {
    pub id: i64,
    pub number: i64,
    pub year: i32,
    pub title: String,
}

/// Who convened an assembly: the person the convening account is linked to and their office.
#[derive(Debug, Clone, PartialEq)]
pub struct Convener {
    pub person_id: PersonId,
    pub name: PersonName,
    pub office: String,
}

/// A new assembly, as convened.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAssembly {
    pub body_id: BodyId,
    pub kind: AssemblyKind,
    pub title: String,
    pub scheduled_for: DateTime,
    pub place: String,
    pub convened_at: i64,
}

/// An assembly as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct AssemblyRecord {
    pub id: AssemblyId,
    pub public_id: PublicId,
    pub body_id: BodyId,
    pub kind: AssemblyKind,
    pub title: String,
    pub scheduled_for: DateTime,
    pub place: String,
    pub status: AssemblyStatus,
    /// The statute the assembly opened under.
    pub statute_id: Option<i64>,
    /// How many were entitled to attend, fixed when it opened.
    pub eligible: Option<u64>,
    /// How many must be present to vote, fixed when it opened.
    pub quorum_required: Option<u64>,
    pub convened_at: i64,
    pub opened_at: Option<i64>,
    pub closed_at: Option<i64>,
}

/// A person recorded at an assembly.
#[derive(Debug, Clone, PartialEq)]
pub struct AttendanceRecord {
    pub person_id: PersonId,
    pub household_id: Option<HouseholdId>,
    pub represents_id: Option<BodyId>,
    pub name: PersonName,
    pub status: AttendanceStatus,
    pub at: i64,
}

/// A household and the person who represents it at assemblies.
#[derive(Debug, Clone, PartialEq)]
pub struct Representative {
    pub household_id: HouseholdId,
    pub person_id: PersonId,
    pub name: PersonName,
    pub register_number: Option<String>,
}

/// A fine for an unexcused absence.
#[derive(Debug, Clone, PartialEq)]
pub struct FineRecord {
    pub assembly_id: AssemblyId,
    pub body_id: BodyId,
    pub person_id: PersonId,
    pub household_id: Option<HouseholdId>,
    pub name: PersonName,
    pub amount: i64,
    pub created_at: i64,
}

/// A new motion or election.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMotion {
    pub assembly_id: AssemblyId,
    pub kind: MotionKind,
    pub title: String,
    pub text: String,
    pub proposer: String,
    /// A sub-body's resolution this motion brings up.
    pub origin_id: Option<i64>,
    /// The motion this one amends.
    pub amends_id: Option<MotionId>,
    /// The election this one is the second round of.
    pub runoff_of: Option<MotionId>,
    pub office_title: Option<String>,
    pub term_end: Option<Date>,
    pub election_rule: Option<ElectionRule>,
}

impl NewMotion {
    /// A motion moved in an assembly: no sub-body's resolution brought up, no amendment.
    pub fn motion(assembly_id: AssemblyId, title: String, text: String, proposer: String) -> NewMotion {
        NewMotion {
            assembly_id,
            kind: MotionKind::Motion,
            title,
            text,
            proposer,
            origin_id: None,
            amends_id: None,
            runoff_of: None,
            office_title: None,
            term_end: None,
            election_rule: None,
        }
    }

    /// An election to `office` (its title is the office's), for a term that ends on `term_end`.
    pub fn election(
        assembly_id: AssemblyId,
        office: String,
        proposer: String,
        term_end: Option<Date>,
        rule: ElectionRule,
    ) -> NewMotion {
        NewMotion {
            kind: MotionKind::Election,
            text: String::new(),
            office_title: Some(office.clone()),
            term_end,
            election_rule: Some(rule),
            ..NewMotion::motion(assembly_id, office, String::new(), proposer)
        }
    }
}

/// A motion or election as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct MotionRecord {
    pub id: MotionId,
    pub public_id: PublicId,
    pub assembly_id: AssemblyId,
    pub number: i64,
    pub kind: MotionKind,
    pub title: String,
    pub text: String,
    pub proposer: String,
    pub origin_id: Option<i64>,
    pub amends_id: Option<MotionId>,
    pub runoff_of: Option<MotionId>,
    pub office_title: Option<String>,
    pub term_end: Option<Date>,
    pub election_rule: Option<ElectionRule>,
    pub status: MotionStatus,
    pub method: Option<VoteMethod>,
    pub rule: Option<DecisionRule>,
    pub present_at_open: Option<u64>,
    pub opened_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub outcome: Option<Outcome>,
}

/// A candidate in an election.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateRecord {
    pub id: i64,
    pub motion_id: MotionId,
    pub person_id: PersonId,
    pub name: PersonName,
}

/// A vote called by name.
#[derive(Debug, Clone, PartialEq)]
pub struct RollCallRecord {
    pub person_id: PersonId,
    pub name: PersonName,
    pub option: String,
}

/// A new resolution; its number is the next of the body's year.
#[derive(Debug, Clone, PartialEq)]
pub struct NewResolution {
    pub body_id: BodyId,
    pub year: i32,
    pub motion_id: Option<MotionId>,
    pub title: String,
    pub text: String,
    pub adopted_on: Date,
}

/// A resolution: "Resolución 12/2026".
#[derive(Debug, Clone, PartialEq)]
pub struct ResolutionRecord {
    pub id: i64,
    pub public_id: PublicId,
    pub body_id: BodyId,
    pub year: i32,
    pub number: i64,
    pub motion_id: Option<MotionId>,
    pub title: String,
    pub text: String,
    pub adopted_on: Date,
}

/// An acta as stored. The sealed fields are set once, when sealed.
#[derive(Debug, Clone, PartialEq)]
pub struct ActaRecord {
    pub id: i64,
    pub public_id: PublicId,
    pub assembly_id: AssemblyId,
    pub body_id: BodyId,
    pub notes: String,
    pub status: ActaStatus,
    pub seq: Option<u64>,
    pub content: Option<String>,
    pub content_hash: Option<String>,
    pub prev_hash: Option<String>,
    pub chain_hash: Option<String>,
    pub sealed_at: Option<i64>,
}

/// What an acta's sealing writes.
#[derive(Debug, Clone, PartialEq)]
pub struct ActaSeal {
    pub seq: u64,
    pub content: String,
    pub content_hash: String,
    pub prev_hash: Option<String>,
    pub chain_hash: String,
    pub sealed_at: i64,
}

/// A signature on an acta.
#[derive(Debug, Clone, PartialEq)]
pub struct SignatureRecord {
    pub acta_id: i64,
    pub account_id: AccountId,
    /// The account's display name.
    pub signer: String,
    /// What the signature was given as: an office of the directiva held by the person the account
    /// is linked to, or (signatures from before offices) an account role.
    pub signed_as: SignedAs,
    pub public_key: String,
    pub signature: String,
    pub signed_at: i64,
}

/// What a signature on an acta was given as.
#[derive(Debug, Clone, PartialEq)]
pub enum SignedAs {
    /// An account role (actas of the first format).
    Role(Role),
    /// The holder of an office, as the statute names it: the person and their name.
    Office { office: String, person_id: PersonId, name: PersonName },
}

impl SignedAs {
    /// The role code or the office: what the acta's signers are matched against.
    pub fn key(&self) -> &str {
        match self {
            SignedAs::Role(role) => role.code(),
            SignedAs::Office { office, .. } => office,
        }
    }
}

/// An account's signing key (public part) and the salt its private part is derived with.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountKey {
    pub account_id: AccountId,
    pub public_key: String,
    pub salt: String,
    pub created_at: i64,
}

/// A head of a body's chain of sealed actas as a body above keeps it (`chain_heads`, append-only).
#[derive(Debug, Clone, PartialEq)]
pub struct ChainHeadRecord {
    /// The body that keeps the head (today: the parent of `body_id` when the acta was sealed).
    pub keeper_id: BodyId,
    pub body_id: BodyId,
    pub head: ChainHead,
    /// The acta at the head, by public id (a bundle names an acta the keeper may not have).
    pub acta_public_id: PublicId,
    pub source: HeadSource,
    /// Who recorded it: the account that sealed, `operator`, or a bundle's sender.
    pub recorded_by: String,
    pub recorded_at: i64,
}

/// A closed assembly whose acta is not sealed.
#[derive(Debug, Clone, PartialEq)]
pub struct UnsealedAssembly {
    pub id: AssemblyId,
    pub body_id: BodyId,
    pub title: String,
    pub scheduled_for: DateTime,
    pub closed_at: i64,
}

/// The assemblies part of the repository contract (a supertrait of [`crate::Repo`]).
pub trait AssemblyRepo {
    // Statutes.
    /// Adds a statute version, with the resolution that adopted it (when one was recorded).
    fn insert_statute(
        &mut self,
        body: BodyId,
        statute: &Statute,
        resolution: Option<i64>,
        at: i64,
        by: &str,
    ) -> Result<i64>;
    /// The newest version of the body's statute, if it has one.
    fn current_statute(&mut self, body: BodyId) -> Result<Option<StatuteRecord>>;
    fn statute(&mut self, id: i64) -> Result<Option<StatuteRecord>>;
    /// Every version, newest first.
    fn statutes(&mut self, body: BodyId) -> Result<Vec<StatuteRecord>>;

    // Assemblies and their agenda.
    fn insert_assembly(&mut self, assembly: &NewAssembly, public_id: PublicId) -> Result<AssemblyId>;
    fn assembly(&mut self, id: AssemblyId) -> Result<Option<AssemblyRecord>>;
    fn assembly_by_public_id(&mut self, public_id: PublicId) -> Result<Option<AssemblyRecord>>;
    /// A body's assemblies, newest date first.
    fn assemblies(&mut self, body: BodyId, limit: u64) -> Result<Vec<AssemblyRecord>>;
    fn open_assembly(
        &mut self,
        id: AssemblyId,
        statute_id: Option<i64>,
        eligible: u64,
        quorum: u64,
        at: i64,
    ) -> Result<()>;
    /// Each household of a body with its representative, in register order: those whose
    /// membership had not ended on `day` (an assembly's day).
    fn household_representatives(&mut self, body: BodyId, day: Date) -> Result<Vec<Representative>>;
    /// The key of this instance's member card codes (32 bytes, made by migration 11).
    fn member_cards_key(&mut self) -> Result<Vec<u8>>;
    fn set_assembly_status(&mut self, id: AssemblyId, status: AssemblyStatus, at: i64) -> Result<()>;
    fn insert_agenda_item(&mut self, assembly: AssemblyId, position: i64, title: &str) -> Result<()>;
    fn agenda(&mut self, assembly: AssemblyId) -> Result<Vec<String>>;

    // Attendance and fines.
    /// Records a person's attendance, or changes it (a late arrival, an excuse).
    fn upsert_attendance(&mut self, assembly: AssemblyId, record: &AttendanceRecord) -> Result<()>;
    /// Everyone recorded, in order of arrival.
    fn attendance(&mut self, assembly: AssemblyId) -> Result<Vec<AttendanceRecord>>;
    /// How many are here (present or late).
    fn count_present(&mut self, assembly: AssemblyId) -> Result<u64>;
    fn insert_fine(&mut self, fine: &FineRecord) -> Result<()>;
    fn fines(&mut self, assembly: AssemblyId) -> Result<Vec<FineRecord>>;

    // Motions, elections and votes.
    fn insert_motion(&mut self, motion: &NewMotion, public_id: PublicId) -> Result<MotionId>;
    fn motion(&mut self, id: MotionId) -> Result<Option<MotionRecord>>;
    fn motion_by_public_id(&mut self, public_id: PublicId) -> Result<Option<MotionRecord>>;
    fn motions(&mut self, assembly: AssemblyId) -> Result<Vec<MotionRecord>>;
    fn open_vote(&mut self, id: MotionId, method: VoteMethod, rule: DecisionRule, present: u64, at: i64) -> Result<()>;
    fn decide_motion(&mut self, id: MotionId, outcome: Outcome, at: i64) -> Result<()>;
    /// Locks a motion's row until the transaction ends, so that no phone-vote batch commits
    /// between counting and closing (PostgreSQL; SQLite's write transactions already exclude it).
    fn lock_motion(&mut self, id: MotionId) -> Result<()>;
    /// An adopted amendment's text replaces the text of the motion it amends.
    fn set_motion_text(&mut self, id: MotionId, text: &str) -> Result<()>;
    fn insert_candidate(&mut self, motion: MotionId, person: PersonId) -> Result<i64>;
    fn candidates(&mut self, motion: MotionId) -> Result<Vec<CandidateRecord>>;
    /// The bodies on whose register each of `persons` stands today: representative of a current
    /// household, current member, or holder of an office not ended. A person on no register
    /// (or no such person) has no line.
    fn registered_in(&mut self, persons: &[PersonId]) -> Result<Vec<(PersonId, BodyId)>>;
    /// Sets an option's count (a show of hands, a final tally).
    fn set_vote_count(&mut self, motion: MotionId, option: &str, count: u64) -> Result<()>;
    /// Adds `n` to an option's count (a batch of secret ballots: no row per ballot).
    fn add_votes(&mut self, motion: MotionId, option: &str, n: u64) -> Result<()>;
    fn vote_counts(&mut self, motion: MotionId) -> Result<Vec<(String, u64)>>;
    /// Records a roll-call vote; a second vote of the same person is a conflict.
    fn insert_roll_call(&mut self, motion: MotionId, person: PersonId, option: &str) -> Result<()>;
    fn roll_call(&mut self, motion: MotionId) -> Result<Vec<RollCallRecord>>;
    /// Stores a secret ballot's code hashes, in the order given (the caller shuffles them).
    fn insert_ballot_codes(&mut self, motion: MotionId, hashes: &[String]) -> Result<()>;
    /// Marks an unused code of the motion as used; `false` when it is unknown or was used.
    fn use_ballot_code(&mut self, motion: MotionId, hash: &str) -> Result<bool>;
    /// How many codes a secret ballot issued, and how many of them were used (written ballots).
    fn ballot_code_counts(&mut self, motion: MotionId) -> Result<(u64, u64)>;
    /// Forgets every code of a motion (codes issued again before anyone voted).
    fn delete_ballot_codes(&mut self, motion: MotionId) -> Result<()>;
    /// Whether a code of the motion was used; `None` when it is not a code of the motion.
    fn ballot_code_used(&mut self, motion: MotionId, hash: &str) -> Result<Option<bool>>;
    fn insert_tickets(&mut self, assembly: AssemblyId, hashes: &[String], at: i64) -> Result<()>;
    fn count_tickets(&mut self, assembly: AssemblyId) -> Result<u64>;
    /// Phone votes per option.
    fn phone_tally(&mut self, motion: MotionId) -> Result<Vec<(String, u64)>>;
    /// How many distinct tickets voted by phone on the motion.
    fn phone_voters(&mut self, motion: MotionId) -> Result<u64>;
    /// The batches of tickets issued for an assembly, oldest first (migration 15 on).
    fn ticket_batches(&mut self, assembly: AssemblyId) -> Result<Vec<TicketBatch>>;
    /// Records a batch of serials issued; a batch already starting there is a conflict.
    fn insert_ticket_batch(&mut self, assembly: AssemblyId, batch: &TicketBatch) -> Result<()>;
    /// How many distinct tickets voted by phone on any motion of the assembly.
    fn tickets_used(&mut self, assembly: AssemblyId) -> Result<u64>;
    /// The organisers' estimate of how many people came, if they gave one.
    fn crowd_estimate(&mut self, assembly: AssemblyId) -> Result<Option<u64>>;
    /// Records the organisers' estimate, or removes it (`None`).
    fn set_crowd_estimate(&mut self, assembly: AssemblyId, estimate: Option<u64>) -> Result<()>;

    // Resolutions.
    fn insert_resolution(&mut self, resolution: &NewResolution, public_id: PublicId) -> Result<ResolutionRecord>;
    fn resolution(&mut self, id: i64) -> Result<Option<ResolutionRecord>>;
    fn resolution_by_public_id(&mut self, public_id: PublicId) -> Result<Option<ResolutionRecord>>;
    fn resolution_of_motion(&mut self, motion: MotionId) -> Result<Option<ResolutionRecord>>;
    /// A body's resolutions, newest first.
    fn resolutions(&mut self, body: BodyId, limit: u64) -> Result<Vec<ResolutionRecord>>;

    // Actas, signatures and keys.
    fn insert_acta(&mut self, assembly: AssemblyId, body: BodyId, notes: &str, public_id: PublicId) -> Result<i64>;
    fn acta_of(&mut self, assembly: AssemblyId) -> Result<Option<ActaRecord>>;
    fn acta_by_public_id(&mut self, public_id: PublicId) -> Result<Option<ActaRecord>>;
    fn set_acta_notes(&mut self, id: i64, notes: &str) -> Result<()>;
    fn seal_acta(&mut self, id: i64, seal: &ActaSeal) -> Result<()>;
    /// The body's sealed actas in chain order.
    fn sealed_actas(&mut self, body: BodyId) -> Result<Vec<ActaRecord>>;
    /// Bodies that have sealed actas.
    fn bodies_with_sealed_actas(&mut self) -> Result<Vec<BodyId>>;
    /// The body's head now: how many actas are sealed and the chain hash of the highest number.
    fn chain_head(&mut self, body: BodyId) -> Result<ChainHead>;
    /// The body's actas not sealed that carry what only sealing writes (number, hashes, date).
    fn unsealed_with_seal(&mut self, body: BodyId) -> Result<Vec<ActaRecord>>;
    /// Closed assemblies whose acta is not sealed, of one body or of all, oldest closing first.
    fn unsealed_closed_assemblies(&mut self, body: Option<BodyId>) -> Result<Vec<UnsealedAssembly>>;

    // Heads of the chains of bodies below, kept by the body above (append-only).
    /// Records a head; the same head from the same keeper recorded again changes nothing.
    fn insert_chain_head(&mut self, head: &ChainHeadRecord) -> Result<()>;
    /// Every head recorded of the body's chain, by any keeper, by count then as recorded.
    fn chain_heads_of(&mut self, body: BodyId) -> Result<Vec<ChainHeadRecord>>;
    /// Bodies whose heads someone keeps.
    fn bodies_with_chain_heads(&mut self) -> Result<Vec<BodyId>>;
    fn insert_signature(&mut self, signature: &SignatureRecord) -> Result<()>;
    /// Records who convened an assembly (see [`Convener`]).
    fn set_convener(&mut self, assembly: AssemblyId, person: PersonId, office: &str) -> Result<()>;
    fn convener(&mut self, assembly: AssemblyId) -> Result<Option<Convener>>;
    fn signatures(&mut self, acta: i64) -> Result<Vec<SignatureRecord>>;
    fn delete_signatures(&mut self, acta: i64) -> Result<()>;
    fn insert_account_key(&mut self, key: &AccountKey) -> Result<()>;
    /// An account's keys, newest last.
    fn account_keys(&mut self, account: AccountId) -> Result<Vec<AccountKey>>;
}

const STATUTE_SELECT: &str = "SELECT s.id, s.body_id, s.version, s.quorum_rule, s.absence_fine, s.signer_roles, \
     s.adopted_at, s.adopted_by, t.term_years, t.signer_offices, t.resolution_id, r.number, r.year, r.title \
     FROM statutes s LEFT JOIN statute_terms t ON t.statute_id = s.id LEFT JOIN resolutions r ON r.id = t.resolution_id";
