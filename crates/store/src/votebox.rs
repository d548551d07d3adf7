//! The phone-vote box: one writer thread committing many votes per transaction.
//!
//! A cabildo abierto can have 100,000 people voting from their phones within a minute or two. One
//! transaction per vote tops out near 7,000 votes/s on SQLite (each commit is a trip through the
//! write lock and, durable, an fsync); so callers [`VoteBox::submit`] votes to a queue and one
//! dedicated thread, on its own connection, takes everything queued (up to [`MAX_BATCH`]), checks
//! and inserts the whole batch in **one** transaction, commits, and only then answers each vote
//! (group commit). While one batch commits, the next one gathers. Nothing is acknowledged that is
//! not durable: if the commit fails, every vote of the batch gets `Err`. A transient "busy" or
//! "locked" (the main store connection writing) or a PostgreSQL deadlock is retried a few times.
//!
//! Inside the transaction, each distinct motion of the batch is read once (status, method, kind,
//! assembly, candidates), tickets are looked up, the votes that pass are inserted with
//! `ON CONFLICT DO NOTHING`, and the standing option is read back for those that were not
//! inserted, to tell a resend ([`CastOutcome::AlreadyRecorded`]) from a change of mind
//! ([`CastOutcome::AlreadyVoted`], refused: the first vote stands). Votes of one ticket inside one
//! batch are answered as if they had come one after the other. The SQL is the same set of steps on
//! both backends: row by row with cached statements on SQLite (in process, that is the fastest),
//! a handful of round trips with `= ANY` and `UNNEST` on PostgreSQL.
//!
//! **Closing a vote.** The services layer closes a vote with `UPDATE motions SET status =
//! 'decided' …` (and counts it) in its own transaction. The vote box re-reads the motion's status
//! inside every batch transaction, so a vote is counted if and only if it was committed before
//! the close:
//! - SQLite: a batch runs in `BEGIN IMMEDIATE`, holding the database's single write lock from its
//!   read of the motion to its commit, and [`Store::write`] transactions are immediate too. Either
//!   the close committed first (the batch reads `decided` and answers [`CastOutcome::NotOpen`]), or
//!   it starts after the batch committed and its count sees the batch's votes.
//! - PostgreSQL: a batch reads the motion rows `FOR SHARE`, which conflicts with the closing
//!   `UPDATE`'s row lock (the foreign key check alone takes `FOR KEY SHARE`, which does not). A
//!   batch that locked the row first makes the `UPDATE` wait until it commits; a batch that comes
//!   second waits for the close to commit, then reads the new row version (`READ COMMITTED`
//!   re-reads a locked row) and answers `NotOpen`. The closing transaction must therefore update
//!   the status *before* it counts the votes: its counting statement, taken after the `UPDATE`
//!   returned, sees every batch that held the row.
//!
//! **Durability.** On SQLite the vote box's connection runs with `PRAGMA synchronous = FULL` in
//! WAL mode: every commit fsyncs the WAL, so an acknowledged vote survives a power cut (the rest of
//! the store keeps `NORMAL`, which in WAL mode may lose the last commits on a power cut but never
//! corrupts). It costs one fsync per batch, not per vote: that is the point of batching.
//!
//! Votes do not bump [`Store::generation`]: they must not invalidate the page caches.

use std::collections::{HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use postgres::error::SqlState;
use postgres::{Client, Statement};
use rusqlite::{Connection, ErrorCode, OptionalExtension};

use crate::pg::Connector;
use crate::sqlite::SqliteStore;
use crate::{Db, Result, Store, StoreError};

/// The most votes committed in one transaction.
pub const MAX_BATCH: usize = 1000;

/// How many times a batch is tried when the database is busy or a deadlock was broken.
const ATTEMPTS: u32 = 5;

/// A vote from a phone: a ticket (the hash of the code handed to a participant) choosing an
/// option of a motion. No time is kept with it (migration 10): a vote counts if it was committed
/// before the vote closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneVote {
    pub motion_id: i64,
    pub ticket_hash: String,
    pub option: String,
}

/// What became of a phone vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CastOutcome {
    /// Counted.
    Recorded,
    /// The same ticket already chose the same option: a phone resending after losing its
    /// connection. The vote is counted (once).
    AlreadyRecorded,
    /// The same ticket already chose a different option: refused, the first vote stands.
    AlreadyVoted,
    /// No such ticket, or a ticket of another assembly.
    UnknownTicket,
    /// The motion is not being voted, or not by phone (`number`: its number on the agenda), or
    /// there is no such motion (`number` is `None`).
    NotOpen { number: Option<i64> },
    /// Not an option of this motion: `for`, `against`, `abstain` for a motion (`abstain` or
    /// `o<option id>` of its consulta's options for a motion that answers a choice consulta);
    /// `abstain` or `c<candidate id>` of one of its candidates for an election.
    UnknownOption,
}

/// Called once with the outcome of a submitted vote, on the vote box's thread, after the commit:
/// keep it short (hand the outcome to a channel).
pub type Reply = Box<dyn FnOnce(Result<CastOutcome>) + Send>;

/// The phone-vote box: a queue and the one thread that commits it in batches. Cheap to clone;
/// the thread stops when the last clone is dropped, after committing and answering everything
/// queued (that drop waits for it, so drop it outside an async runtime's worker threads, or accept
/// the short wait).
#[derive(Clone)]
pub struct VoteBox {
    shared: Arc<Shared>,
}

struct Shared {
    sender: Option<Sender<Job>>,
    writer: Option<JoinHandle<()>>,
}

struct Job {
    vote: PhoneVote,
    reply: Reply,
}

impl std::fmt::Debug for VoteBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("VoteBox")
    }
}

impl Drop for Shared {
    fn drop(&mut self) {
        // Closing the queue lets the writer drain what is queued and stop.
        self.sender = None;
        if let Some(writer) = self.writer.take()
            && writer.thread().id() != thread::current().id()
        {
            // The writer catches panics of replies; a join error leaves nothing to clean up.
            drop(writer.join());
        }
    }
}

fn stopped() -> StoreError {
    StoreError::Unavailable("the vote box has stopped".into())
}

impl Store {
    /// Starts a vote box on its own connection to this store's database. Blocks while it
    /// connects: call it once at start-up (outside an async runtime, or in `spawn_blocking`),
    /// after [`Store::migrate`], and share clones.
    pub fn vote_box(&self) -> Result<VoteBox> {
        let opener = match &self.backend {
            Db::Sqlite(s) => Opener::Sqlite(s.path().to_path_buf()),
            Db::Postgres(p) => Opener::Postgres(Box::new(p.connector().clone())),
        };
        VoteBox::start(opener)
    }
}

impl VoteBox {
    fn start(opener: Opener) -> Result<VoteBox> {
        let (sender, receiver) = mpsc::channel::<Job>();
        let (ready, opened) = mpsc::sync_channel::<Result<()>>(1);
        // The connection is opened on the writer thread: the synchronous PostgreSQL client runs
        // its own runtime and must not be created (or dropped) inside the caller's.
        let writer = thread::Builder::new()
            .name("cabildo-votebox".into())
            .spawn(move || match Writer::open(opener) {
                Ok(writer) => {
                    drop(ready.send(Ok(())));
                    run(writer, &receiver);
                }
                Err(e) => drop(ready.send(Err(e))),
            })
            .map_err(|e| StoreError::Internal(format!("cannot start the vote box: {e}")))?;
        match opened.recv() {
            Ok(Ok(())) => Ok(VoteBox { shared: Arc::new(Shared { sender: Some(sender), writer: Some(writer) }) }),
            Ok(Err(e)) => {
                drop(writer.join());
                Err(e)
            }
            Err(_) => {
                drop(writer.join());
                Err(stopped())
            }
        }
    }

    /// Queues a vote and returns at once; `reply` is called with its outcome after the batch
    /// holding it is committed (or with `Err` if that commit failed: the vote was not counted).
    pub fn submit(&self, vote: PhoneVote, reply: Reply) {
        let job = Job { vote, reply };
        let refused = match &self.shared.sender {
            Some(sender) => sender.send(job).err().map(|e| e.0),
            None => Some(job),
        };
        if let Some(job) = refused {
            (job.reply)(Err(stopped()));
        }
    }

    /// Submits a vote and waits for its outcome. Blocks: not for async code (use
    /// [`VoteBox::submit`] with a oneshot channel there).
    pub fn cast(&self, vote: PhoneVote) -> Result<CastOutcome> {
        let (sender, receiver) = mpsc::sync_channel(1);
        self.submit(
            vote,
            Box::new(move |outcome| {
                drop(sender.send(outcome));
            }),
        );
        receiver.recv().unwrap_or_else(|_| Err(stopped()))
    }
}

/// The writer thread: takes what is queued, commits it as one batch, answers, again.
fn run(mut writer: Writer, receiver: &Receiver<Job>) {
    // `recv` still hands out what was queued after the last sender was dropped: the drain.
    while let Ok(first) = receiver.recv() {
        let mut votes = Vec::with_capacity(64);
        let mut replies = Vec::with_capacity(64);
        votes.push(first.vote);
        replies.push(first.reply);
        while votes.len() < MAX_BATCH {
            let Ok(job) = receiver.try_recv() else { break };
            votes.push(job.vote);
            replies.push(job.reply);
        }
        let outcomes = catch_unwind(AssertUnwindSafe(|| writer.commit(&votes))).unwrap_or_else(|_| {
            vec![Err(StoreError::Internal("the vote box failed on this batch".into())); votes.len()]
        });
        for (reply, outcome) in replies.into_iter().zip(outcomes) {
            // A panicking reply must not stop the box for everyone else.
            drop(catch_unwind(AssertUnwindSafe(move || reply(outcome))));
        }
    }
}

/// A failed attempt at a batch: the error, and whether trying again may succeed.
struct Failure {
    error: StoreError,
    transient: bool,
}

impl From<StoreError> for Failure {
    fn from(error: StoreError) -> Self {
        Failure { error, transient: false }
    }
}

impl From<rusqlite::Error> for Failure {
    fn from(error: rusqlite::Error) -> Self {
        let transient = error
            .sqlite_error_code()
            .is_some_and(|code| matches!(code, ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked));
        Failure { error: crate::sqlite::map_error(error), transient }
    }
}

impl From<postgres::Error> for Failure {
    fn from(error: postgres::Error) -> Self {
        let transient = error.code().is_some_and(|code| {
            *code == SqlState::T_R_DEADLOCK_DETECTED
                || *code == SqlState::T_R_SERIALIZATION_FAILURE
                || *code == SqlState::LOCK_NOT_AVAILABLE
        });
        Failure { error: crate::pg::map_error(error), transient }
    }
}

enum Opener {
    Sqlite(PathBuf),
    Postgres(Box<Connector>),
}

enum Writer {
    Sqlite(Connection),
    Postgres(Box<PgWriter>),
}

impl Writer {
    fn open(opener: Opener) -> Result<Writer> {
        match opener {
            Opener::Sqlite(path) => {
                let conn = SqliteStore::connect(&path)?;
                // Durable acknowledgements: with WAL (set by the store on the database file),
                // FULL fsyncs the WAL at every commit, i.e. once per batch. See the module docs.
                conn.execute_batch("PRAGMA synchronous = FULL").map_err(crate::sqlite::map_error)?;
                Ok(Writer::Sqlite(conn))
            }
            Opener::Postgres(connector) => {
                let mut writer = PgWriter { connector: *connector, session: None };
                writer.session().map_err(|f| f.error)?;
                Ok(Writer::Postgres(Box::new(writer)))
            }
        }
    }

    /// Commits a batch, trying again while the database is busy; one outcome per vote.
    fn commit(&mut self, votes: &[PhoneVote]) -> Vec<Result<CastOutcome>> {
        let mut attempt = 1;
        loop {
            let result = match self {
                Writer::Sqlite(conn) => sqlite_batch(conn, votes),
                Writer::Postgres(writer) => writer.batch(votes),
            };
            match result {
                Ok(outcomes) => return outcomes,
                Err(failure) if failure.transient && attempt < ATTEMPTS => {
                    thread::sleep(Duration::from_millis(5 << attempt));
                    attempt += 1;
                }
                Err(failure) => return vec![Err(failure.error); votes.len()],
            }
        }
    }
}

fn sqlite_batch(conn: &mut Connection, votes: &[PhoneVote]) -> Result<Vec<Result<CastOutcome>>, Failure> {
    if !conn.is_autocommit() {
        // Left open by a batch that failed halfway: start clean.
        conn.execute_batch("ROLLBACK")?;
    }
    // IMMEDIATE: the write lock from the first read on (see the module docs on closing a vote).
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let result = decide(&mut SqliteTx { conn }, votes).and_then(|outcomes| {
        conn.execute_batch("COMMIT")?;
        Ok(outcomes)
    });
    if result.is_err() && !conn.is_autocommit() {
        // The attempt failed anyway; a failed rollback is retried before the next batch.
        drop(conn.execute_batch("ROLLBACK"));
    }
    result
}

struct PgWriter {
    connector: Connector,
    /// `None` after the connection was lost: the next batch connects again.
    session: Option<PgSession>,
}

struct PgSession {
    client: Client,
    motions: Statement,
    candidates: Statement,
    tickets: Statement,
    insert: Statement,
    existing: Statement,
}

impl PgWriter {
    fn session(&mut self) -> Result<&mut PgSession, Failure> {
        if self.session.as_ref().is_some_and(|s| s.client.is_closed()) {
            self.session = None;
        }
        if self.session.is_none() {
            let mut client = self.connector.connect()?;
            let session = PgSession {
                motions: client.prepare(
                    "SELECT id, status, method, kind, assembly_id, number FROM motions WHERE id = ANY($1) ORDER BY id FOR SHARE",
                )?,
                candidates: client.prepare(CHOICES_PG)?,
                tickets: client.prepare("SELECT ticket_hash, assembly_id FROM tickets WHERE ticket_hash = ANY($1)")?,
                insert: client.prepare(
                    "INSERT INTO phone_votes (motion_id, ticket_hash, option) \
                     SELECT * FROM UNNEST($1::bigint[], $2::text[], $3::text[]) \
                     ON CONFLICT DO NOTHING RETURNING motion_id, ticket_hash",
                )?,
                existing: client.prepare(
                    "SELECT p.motion_id, p.ticket_hash, p.option FROM phone_votes p \
                     JOIN UNNEST($1::bigint[], $2::text[]) AS k(motion_id, ticket_hash) \
                     ON p.motion_id = k.motion_id AND p.ticket_hash = k.ticket_hash",
                )?,
                client,
            };
            self.session = Some(session);
        }
        self.session.as_mut().ok_or_else(|| Failure::from(stopped()))
    }

    fn batch(&mut self, votes: &[PhoneVote]) -> Result<Vec<Result<CastOutcome>>, Failure> {
        let result = self.try_batch(votes);
        if result.as_ref().is_err_and(|f| !f.transient || matches!(f.error, StoreError::Unavailable(_))) {
            // Lost connection, or statements prepared for an older schema: start afresh next time.
            self.session = None;
        }
        result
    }

    fn try_batch(&mut self, votes: &[PhoneVote]) -> Result<Vec<Result<CastOutcome>>, Failure> {
        let session = self.session()?;
        let PgSession { client, motions, candidates, tickets, insert, existing } = session;
        let mut tx = match client.transaction() {
            Ok(tx) => tx,
            Err(e) if crate::pg::connection_lost(&e) => {
                // The connection died while idle (the server restarted). Only `BEGIN` was sent:
                // the batch may be tried again, on a new connection (see `batch`).
                return Err(Failure { error: crate::pg::map_error(e), transient: true });
            }
            Err(e) => return Err(e.into()),
        };
        // On an error the transaction is dropped, which rolls it back.
        let outcomes = decide(&mut PgTx { tx: &mut tx, motions, candidates, tickets, insert, existing }, votes)?;
        tx.commit()?;
        Ok(outcomes)
    }
}

/// The choices other than for, against and abstain of open motions: an election's candidates
/// (`c<id>`) and the options of the choice consulta a motion answers (`o<id>`).
const CHOICES_PG: &str = "SELECT motion_id, 'c' || id FROM candidates WHERE motion_id = ANY($1) \
     UNION ALL SELECT m.id, 'o' || o.id FROM motions m JOIN consultas c ON c.id = m.consulta_id \
     JOIN consulta_options o ON o.consulta_id = c.id WHERE m.id = ANY($1) AND c.kind = 'choice'";

/// [`CHOICES_PG`] for one motion, on SQLite.
const CHOICES_SQLITE: &str = "SELECT 'c' || id FROM candidates WHERE motion_id = ?1 \
     UNION ALL SELECT 'o' || o.id FROM motions m JOIN consultas c ON c.id = m.consulta_id \
     JOIN consulta_options o ON o.consulta_id = c.id WHERE m.id = ?1 AND c.kind = 'choice'";

/// A motion's row as a batch reads it.
struct MotionRow {
    id: i64,
    status: String,
    method: Option<String>,
    kind: String,
    assembly_id: i64,
    /// Its number on the assembly's agenda (what voters are told).
    number: i64,
}

/// The steps of a batch inside its transaction, per backend.
trait VoteTx {
    /// The rows of these motions (sorted, distinct ids), locked against a concurrent close where
    /// the database needs it.
    fn motions(&mut self, ids: &[i64]) -> Result<Vec<MotionRow>, Failure>;
    /// `(motion id, choice)` of these motions: candidates (`c<id>`) and consulta options (`o<id>`).
    fn candidates(&mut self, motion_ids: &[i64]) -> Result<Vec<(i64, String)>, Failure>;
    /// The assembly of each of these tickets that exists.
    fn tickets(&mut self, hashes: &[&str]) -> Result<HashMap<String, i64>, Failure>;
    /// Inserts these votes (distinct keys) where their key is free; returns the keys inserted.
    fn insert(&mut self, votes: &[&PhoneVote]) -> Result<HashSet<(i64, String)>, Failure>;
    /// The standing option of each of these keys that has a vote.
    fn existing(&mut self, keys: &[(i64, &str)]) -> Result<HashMap<(i64, String), String>, Failure>;
}

/// What the checks before the insert said of a vote.
enum Check {
    Refused(CastOutcome),
    Valid,
}

/// Checks and inserts a batch; the outcomes are those of the votes applied one after the other.
fn decide(tx: &mut impl VoteTx, votes: &[PhoneVote]) -> Result<Vec<Result<CastOutcome>>, Failure> {
    let mut motion_ids: Vec<i64> = votes.iter().map(|v| v.motion_id).collect();
    motion_ids.sort_unstable();
    motion_ids.dedup();
    let found = tx.motions(&motion_ids)?;
    let numbers: HashMap<i64, i64> = found.iter().map(|m| (m.id, m.number)).collect();
    let open: Vec<MotionRow> =
        found.into_iter().filter(|m| m.status == "voting" && m.method.as_deref() == Some("phone")).collect();
    let open_ids: Vec<i64> = open.iter().map(|m| m.id).collect();
    let candidates = if open_ids.is_empty() { Vec::new() } else { tx.candidates(&open_ids)? };
    // Open motions: their assembly and their options.
    let mut motions: HashMap<i64, (i64, HashSet<String>)> = HashMap::with_capacity(open.len());
    for m in &open {
        let choices: Vec<String> =
            candidates.iter().filter(|(motion, _)| *motion == m.id).map(|(_, code)| code.clone()).collect();
        let options: HashSet<String> = match m.kind.as_str() {
            "motion" if choices.is_empty() => ["for", "against", "abstain"].into_iter().map(String::from).collect(),
            "motion" | "election" => std::iter::once("abstain".to_string()).chain(choices).collect(),
            _ => HashSet::new(),
        };
        motions.insert(m.id, (m.assembly_id, options));
    }

    let mut hashes: Vec<&str> =
        votes.iter().filter(|v| motions.contains_key(&v.motion_id)).map(|v| v.ticket_hash.as_str()).collect();
    hashes.sort_unstable();
    hashes.dedup();
    let tickets = if hashes.is_empty() { HashMap::new() } else { tx.tickets(&hashes)? };

    let mut checks = Vec::with_capacity(votes.len());
    let mut keys: HashSet<(i64, &str)> = HashSet::with_capacity(votes.len());
    let mut to_insert: Vec<&PhoneVote> = Vec::with_capacity(votes.len());
    for vote in votes {
        let check = match motions.get(&vote.motion_id) {
            None => Check::Refused(CastOutcome::NotOpen { number: numbers.get(&vote.motion_id).copied() }),
            Some((assembly, _)) if tickets.get(&vote.ticket_hash) != Some(assembly) => {
                Check::Refused(CastOutcome::UnknownTicket)
            }
            Some((_, options)) if !options.contains(&vote.option) => Check::Refused(CastOutcome::UnknownOption),
            Some(_) => {
                // Only the first valid vote of a key can be inserted; the others compare with it.
                if keys.insert((vote.motion_id, vote.ticket_hash.as_str())) {
                    to_insert.push(vote);
                }
                Check::Valid
            }
        };
        checks.push(check);
    }
    // One order for every writer, so that two processes never wait on each other in a circle.
    to_insert.sort_unstable_by(|a, b| (a.motion_id, &a.ticket_hash).cmp(&(b.motion_id, &b.ticket_hash)));
    let inserted = if to_insert.is_empty() { HashSet::new() } else { tx.insert(&to_insert)? };
    let taken: Vec<(i64, &str)> = to_insert
        .iter()
        .filter(|v| !inserted.contains(&(v.motion_id, v.ticket_hash.clone())))
        .map(|v| (v.motion_id, v.ticket_hash.as_str()))
        .collect();
    let existing = if taken.is_empty() { HashMap::new() } else { tx.existing(&taken)? };

    // The option standing for each key so far, as the votes are answered in order.
    let mut standing: HashMap<(i64, &str), &str> = HashMap::with_capacity(keys.len());
    let mut outcomes = Vec::with_capacity(votes.len());
    for (vote, check) in votes.iter().zip(checks) {
        let outcome = match check {
            Check::Refused(outcome) => Ok(outcome),
            Check::Valid => {
                let key = (vote.motion_id, vote.ticket_hash.as_str());
                let owned = || (vote.motion_id, vote.ticket_hash.clone());
                let before = match standing.get(&key) {
                    Some(option) => Some(*option),
                    None if inserted.contains(&owned()) => None,
                    None => match existing.get(&owned()) {
                        Some(option) => Some(option.as_str()),
                        None => {
                            outcomes
                                .push(Err(StoreError::Internal("a phone vote was neither inserted nor found".into())));
                            continue;
                        }
                    },
                };
                match before {
                    None => {
                        standing.insert(key, vote.option.as_str());
                        Ok(CastOutcome::Recorded)
                    }
                    Some(option) => {
                        standing.insert(key, option);
                        Ok(if option == vote.option { CastOutcome::AlreadyRecorded } else { CastOutcome::AlreadyVoted })
                    }
                }
            }
        };
        outcomes.push(outcome);
    }
    Ok(outcomes)
}

struct SqliteTx<'c> {
    conn: &'c Connection,
}

impl VoteTx for SqliteTx<'_> {
    fn motions(&mut self, ids: &[i64]) -> Result<Vec<MotionRow>, Failure> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT id, status, method, kind, assembly_id, number FROM motions WHERE id = ?1")?;
        let mut rows = Vec::with_capacity(ids.len());
        for id in ids {
            let row = statement
                .query_row([id], |row| {
                    Ok(MotionRow {
                        id: row.get(0)?,
                        status: row.get(1)?,
                        method: row.get(2)?,
                        kind: row.get(3)?,
                        assembly_id: row.get(4)?,
                        number: row.get(5)?,
                    })
                })
                .optional()?;
            rows.extend(row);
        }
        Ok(rows)
    }

    fn candidates(&mut self, motion_ids: &[i64]) -> Result<Vec<(i64, String)>, Failure> {
        let mut statement = self.conn.prepare_cached(CHOICES_SQLITE)?;
        let mut out = Vec::new();
        for motion in motion_ids {
            let codes = statement.query_map([motion], |row| row.get::<_, String>(0))?;
            for code in codes {
                out.push((*motion, code?));
            }
        }
        Ok(out)
    }

    fn tickets(&mut self, hashes: &[&str]) -> Result<HashMap<String, i64>, Failure> {
        let mut statement = self.conn.prepare_cached("SELECT assembly_id FROM tickets WHERE ticket_hash = ?1")?;
        let mut out = HashMap::with_capacity(hashes.len());
        for hash in hashes {
            if let Some(assembly) = statement.query_row([hash], |row| row.get::<_, i64>(0)).optional()? {
                out.insert((*hash).to_string(), assembly);
            }
        }
        Ok(out)
    }

    fn insert(&mut self, votes: &[&PhoneVote]) -> Result<HashSet<(i64, String)>, Failure> {
        let mut statement = self.conn.prepare_cached(
            "INSERT INTO phone_votes (motion_id, ticket_hash, option) VALUES (?1, ?2, ?3) \
             ON CONFLICT DO NOTHING",
        )?;
        let mut inserted = HashSet::with_capacity(votes.len());
        for vote in votes {
            if statement.execute(rusqlite::params![vote.motion_id, vote.ticket_hash, vote.option])? == 1 {
                inserted.insert((vote.motion_id, vote.ticket_hash.clone()));
            }
        }
        Ok(inserted)
    }

    fn existing(&mut self, keys: &[(i64, &str)]) -> Result<HashMap<(i64, String), String>, Failure> {
        let mut statement =
            self.conn.prepare_cached("SELECT option FROM phone_votes WHERE motion_id = ?1 AND ticket_hash = ?2")?;
        let mut out = HashMap::with_capacity(keys.len());
        for (motion, hash) in keys {
            if let Some(option) =
                statement.query_row(rusqlite::params![motion, hash], |row| row.get::<_, String>(0)).optional()?
            {
                out.insert((*motion, (*hash).to_string()), option);
            }
        }
        Ok(out)
    }
}

struct PgTx<'a, 't> {
    tx: &'a mut postgres::Transaction<'t>,
    motions: &'a Statement,
    candidates: &'a Statement,
    tickets: &'a Statement,
    insert: &'a Statement,
    existing: &'a Statement,
}

impl VoteTx for PgTx<'_, '_> {
    fn motions(&mut self, ids: &[i64]) -> Result<Vec<MotionRow>, Failure> {
        let rows = self.tx.query(self.motions, &[&ids])?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            out.push(MotionRow {
                id: row.try_get(0)?,
                status: row.try_get(1)?,
                method: row.try_get(2)?,
                kind: row.try_get(3)?,
                assembly_id: row.try_get(4)?,
                number: row.try_get(5)?,
            });
        }
        Ok(out)
    }

    fn candidates(&mut self, motion_ids: &[i64]) -> Result<Vec<(i64, String)>, Failure> {
        let rows = self.tx.query(self.candidates, &[&motion_ids])?;
        rows.iter().map(|row| Ok((row.try_get(0)?, row.try_get(1)?))).collect()
    }

    fn tickets(&mut self, hashes: &[&str]) -> Result<HashMap<String, i64>, Failure> {
        let rows = self.tx.query(self.tickets, &[&hashes])?;
        rows.iter().map(|row| Ok((row.try_get(0)?, row.try_get(1)?))).collect()
    }

    fn insert(&mut self, votes: &[&PhoneVote]) -> Result<HashSet<(i64, String)>, Failure> {
        let motions: Vec<i64> = votes.iter().map(|v| v.motion_id).collect();
        let tickets: Vec<&str> = votes.iter().map(|v| v.ticket_hash.as_str()).collect();
        let options: Vec<&str> = votes.iter().map(|v| v.option.as_str()).collect();
        let rows = self.tx.query(self.insert, &[&motions, &tickets, &options])?;
        rows.iter().map(|row| Ok((row.try_get(0)?, row.try_get(1)?))).collect()
    }

    fn existing(&mut self, keys: &[(i64, &str)]) -> Result<HashMap<(i64, String), String>, Failure> {
        let motions: Vec<i64> = keys.iter().map(|k| k.0).collect();
        let tickets: Vec<&str> = keys.iter().map(|k| k.1).collect();
        let rows = self.tx.query(self.existing, &[&motions, &tickets])?;
        rows.iter().map(|row| Ok(((row.try_get(0)?, row.try_get(1)?), row.try_get(2)?))).collect()
    }
}
