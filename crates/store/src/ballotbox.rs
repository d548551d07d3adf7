//! The ballot box of secret ballots: ballots are held in memory and written to the database only
//! in mixed batches, so that no copy of the database files links a ballot code to a choice.
//!
//! **The attack.** SQLite's WAL is a log of page images in commit order, and PostgreSQL's heap
//! keeps old row versions stamped with the transaction that wrote them. A transaction that marks
//! *one* code used and adds *one* to a counter says, to whoever copies the files and knows who got
//! which printed code, how that person voted — and writing the two halves in separate
//! transactions only moves the link from "same transaction" to "next transaction".
//!
//! **What is written instead.** A deposited ballot waits in this box (memory only). A batch is
//! written in one transaction that marks every code of the batch used — in the order of their
//! hashes, not of arrival — and then adds to each option's counter the number of the batch's
//! ballots that chose it. Between two states of the database (consecutive WAL commits, row
//! versions of two transactions) an observer sees a set of codes and a set of counter increments,
//! never which code went with which increment. A batch is never smaller than [`MIX`] ballots:
//!
//! - when [`MIX`]` * 2` ballots wait, all but the newest [`MIX`] are sealed (at least [`MIX`]);
//! - closing the vote seals the rest in the closing transaction: the [`MIX`] or more held back.
//!
//! So every batch has at least [`MIX`] ballots, and a batch smaller than that happens only when
//! fewer than [`MIX`] ballots were cast in the whole vote, in the close, where the published
//! tally tells as much anyway.
//!
//! **Acknowledgement and crashes.** A ballot counts once its batch committed (the caller's reply
//! is called then, or [`Deposit::Sealed`] is returned). A ballot still in the box is lost if the
//! process stops: its code was not marked used, so the voter may vote again with it. Voters are
//! told which of the two happened (counted, or in the box waiting for others).
//!
//! **One box per process.** The box lives in the [`Store`] of one process; the vote must be
//! closed through the same process that took its ballots (the web server: the pages and API both
//! go through it).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, MutexGuard};

use cabildo_domain::assembly::{MotionId, VoteMethod};

use crate::{MotionStatus, Repo, Result, Store, StoreError};

/// The fewest ballots written in one batch.
pub const MIX: usize = 5;

/// Called once with the fate of a ballot that waited in the box: `Ok` when its batch committed
/// (it counts), `Err` when the batch failed (it does not; the code stays unused).
pub type BallotReply = Box<dyn FnOnce(Result<()>) + Send>;

/// Where a ballot is after [`Store::deposit_ballot`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deposit {
    /// Written in a batch that committed: it counts, and survives a crash.
    Sealed,
    /// In the box, waiting for more ballots (or the close) to be written with them.
    Waiting,
}

struct Pending {
    code_hash: String,
    option: String,
    reply: Option<BallotReply>,
}

/// The ballots waiting, per motion. One lock for every motion: deposits, batches and closes of
/// secret votes are few (people at a hall), and one lock keeps a code from being deposited twice
/// while its first ballot is being written.
#[derive(Default)]
pub(crate) struct BallotBox {
    motions: Mutex<HashMap<i64, Vec<Pending>>>,
    /// The printed sheet of each secret vote's codes, in memory only, until its first ballot is
    /// deposited (or the vote closes): the database keeps only the codes' hashes, so no copy of
    /// its files holds a code anyone could vote with. Locked after `motions`, never before.
    sheets: Mutex<HashMap<i64, Vec<String>>>,
}

impl BallotBox {
    fn lock(&self) -> Result<MutexGuard<'_, HashMap<i64, Vec<Pending>>>> {
        self.motions.lock().map_err(|_| StoreError::Internal("the ballot box lock is poisoned".into()))
    }

    fn sheets(&self) -> Result<MutexGuard<'_, HashMap<i64, Vec<String>>>> {
        self.sheets.lock().map_err(|_| StoreError::Internal("the ballot sheets lock is poisoned".into()))
    }
}

/// Writes a batch: marks the codes used in hash order, then adds the counts per option. Returns,
/// per ballot of `batch` (in its order), whether it counted (`false`: its code had been used).
/// `check_open`: refuse unless the motion is being voted by secret ballot (the close checks that
/// itself, with its own refusals, after the batch).
fn write_batch(repo: &mut dyn Repo, motion: MotionId, batch: &[Pending], check_open: bool) -> Result<Vec<bool>> {
    if batch.is_empty() {
        return Ok(Vec::new());
    }
    if check_open {
        let record = repo.motion(motion)?.ok_or(StoreError::NotFound)?;
        if record.status != MotionStatus::Voting || record.method != Some(VoteMethod::Secret) {
            return Err(StoreError::Conflict(format!("the secret vote on motion {} is not open", motion.0)));
        }
    }
    let mut order: Vec<usize> = (0..batch.len()).collect();
    order.sort_unstable_by(|a, b| batch[*a].code_hash.cmp(&batch[*b].code_hash));
    let mut counted = vec![false; batch.len()];
    let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
    for i in order {
        if repo.use_ballot_code(motion, &batch[i].code_hash)? {
            counted[i] = true;
            *counts.entry(batch[i].option.as_str()).or_default() += 1;
        }
    }
    for (option, n) in counts {
        repo.add_votes(motion, option, n)?;
    }
    Ok(counted)
}

/// Answers the ballots of a batch that committed.
fn answer(batch: Vec<Pending>, counted: &[bool]) {
    for (pending, counted) in batch.into_iter().zip(counted) {
        if let Some(reply) = pending.reply {
            reply(if *counted { Ok(()) } else { Err(StoreError::Conflict("the ballot code was already used".into())) });
        }
    }
}

/// Answers the ballots of a batch that failed: none of them counts.
fn fail(batch: Vec<Pending>, error: &StoreError) {
    for pending in batch {
        if let Some(reply) = pending.reply {
            reply(Err(error.clone()));
        }
    }
}

impl Store {
    /// Puts a secret ballot in the box of its motion. `check` runs first, in a read transaction,
    /// told whether a ballot of this code is already waiting; it decides whether the ballot may
    /// be cast (the vote is open, the option is of the vote, the code is unused). When enough
    /// ballots wait, a batch is written (see the module docs) before this returns. `reply`, if
    /// any, is called once the ballot's batch committed or failed — immediately, before this
    /// returns, when the ballot was sealed at once.
    pub fn deposit_ballot<E: From<StoreError>>(
        &self,
        motion: MotionId,
        code_hash: String,
        option: String,
        check: impl FnOnce(&mut dyn Repo, bool) -> std::result::Result<(), E>,
        reply: Option<BallotReply>,
    ) -> std::result::Result<Deposit, E> {
        let mut motions = self.ballots.lock()?;
        let waiting = motions.get(&motion.0).is_some_and(|p| p.iter().any(|b| b.code_hash == code_hash));
        self.read(|repo| check(repo, waiting))?;
        // The first ballot ends the printing of the sheet: from now on, no copy of the codes.
        self.ballots.sheets()?.remove(&motion.0);
        let pending = motions.entry(motion.0).or_default();
        pending.push(Pending { code_hash: code_hash.clone(), option, reply });
        if pending.len() < 2 * MIX {
            return Ok(Deposit::Waiting);
        }
        // Seal all but the newest MIX: they stay to mix with later ballots or the close.
        let keep = pending.split_off(pending.len() - MIX);
        let batch = std::mem::replace(pending, keep);
        let mine = batch.iter().any(|b| b.code_hash == code_hash);
        match self.write(|repo| write_batch(repo, motion, &batch, true)) {
            Ok(counted) => {
                let counted_mine = batch.iter().zip(&counted).any(|(b, c)| *c && b.code_hash == code_hash);
                answer(batch, &counted);
                match (mine, counted_mine) {
                    (false, _) => Ok(Deposit::Waiting),
                    (true, true) => Ok(Deposit::Sealed),
                    (true, false) => Err(StoreError::Conflict("the ballot code was already used".into()).into()),
                }
            }
            Err(e) => {
                fail(batch, &e);
                Err(e.into())
            }
        }
    }

    /// Keeps the sheet of a secret vote's codes, to print, until its first ballot (in this
    /// process's memory only; see [`BallotBox`]).
    pub fn keep_ballot_sheet(&self, motion: MotionId, codes: Vec<String>) -> Result<()> {
        self.ballots.sheets()?.insert(motion.0, codes);
        Ok(())
    }

    /// The sheet of a secret vote's codes, while no ballot was deposited and the vote is open
    /// through this process; `None` otherwise.
    pub fn ballot_sheet(&self, motion: MotionId) -> Result<Option<Vec<String>>> {
        Ok(self.ballots.sheets()?.get(&motion.0).cloned())
    }

    /// Runs `f` in one write transaction, told how many ballots of `motion` wait in the box,
    /// with the box locked throughout: no ballot of the motion is deposited meanwhile.
    pub fn write_with_ballots_waiting<T, E: From<StoreError>>(
        &self,
        motion: MotionId,
        f: impl FnOnce(&mut dyn Repo, usize) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let motions = self.ballots.lock()?;
        let waiting = motions.get(&motion.0).map_or(0, Vec::len);
        let result = self.write(|repo| f(repo, waiting));
        drop(motions);
        result
    }

    /// How many ballots of a motion wait in the box (not yet written).
    pub fn ballots_waiting(&self, motion: MotionId) -> Result<usize> {
        Ok(self.ballots.lock()?.get(&motion.0).map_or(0, Vec::len))
    }

    /// Runs `f` in one write transaction that first writes every ballot of `motion` still in the
    /// box (closing a secret vote). If `f` or the commit fails, the ballots stay in the box.
    pub fn write_sealing_ballots<T, E: From<StoreError>>(
        &self,
        motion: MotionId,
        f: impl FnOnce(&mut dyn Repo) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let mut motions = self.ballots.lock()?;
        let batch = motions.remove(&motion.0).unwrap_or_default();
        let result = self.write(|repo| {
            let counted = write_batch(repo, motion, &batch, false)?;
            f(repo).map(|value| (value, counted))
        });
        match result {
            Ok((value, counted)) => {
                answer(batch, &counted);
                // The close committed: its answer must say so, even if the sheet could not go.
                if let Ok(mut sheets) = self.ballots.sheets() {
                    sheets.remove(&motion.0);
                }
                Ok(value)
            }
            Err(e) => {
                if !batch.is_empty() {
                    motions.insert(motion.0, batch);
                }
                Err(e)
            }
        }
    }
}
