//! Read replicas: PostgreSQL hot standbys fed by the primary's streaming replication. Each has a
//! pool of its own; a watcher thread samples, every [`CHECK_EVERY`], the primary's WAL position
//! (`pg_current_wal_insert_lsn()`) and each standby's replayed position (`pg_last_wal_replay_lsn()`).
//!
//! A replica's **lag** is the age of the newest primary sample it has replayed: a standby that
//! has replayed everything the primary had 300 ms ago lags 300 ms, whether the primary is busy or
//! idle. A replica serves reads while it answers, is still in recovery (a promoted standby
//! diverges and is left out) and lags at most `max_lag`. A read goes to a serving replica whose
//! replayed position is at least the client's floor (see `floor.rs`), else to the primary.
//!
//! Because every serving replica has replayed all the primary had `max_lag` ago, a client's floor
//! is needed for `max_lag` at most: the web layer keeps it that long.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use postgres::Client;

use super::pool::{Connector, Pool};
use super::settings::Settings;
use crate::{Result, StoreError};

/// How often the watcher samples the primary and the replicas.
pub const CHECK_EVERY: Duration = Duration::from_millis(100);

/// How long the watcher waits for a replica to accept a connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);

/// The primary's WAL position as a number of bytes, comparable with the standbys' replay
/// positions. The insert position, not `pg_current_wal_lsn()` (what has been written out): with
/// `synchronous_commit = off` a commit returns before its record is written, and a standby that
/// has replayed up to the written position may not have it yet.
const PRIMARY_LSN: &str = "SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::int8";
/// A standby's replayed position, NULL once it is no longer in recovery.
const REPLAY_LSN: &str =
    "SELECT CASE WHEN pg_is_in_recovery() THEN (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::int8 END";

/// The position the primary's WAL has reached (after a commit: at least that commit's end).
pub fn primary_lsn(client: &mut Client) -> Result<u64> {
    let row = client.query_one(PRIMARY_LSN, &[]).map_err(super::map_error)?;
    let lsn: i64 = row.try_get(0).map_err(|e| StoreError::Internal(format!("pg_current_wal_insert_lsn: {e}")))?;
    Ok(u64::try_from(lsn).unwrap_or(0))
}

/// One read replica.
pub struct Replica {
    pub pool: Pool,
    /// The position it had replayed at the last check.
    replayed: AtomicU64,
    serving: AtomicBool,
    /// Milliseconds of lag at the last check (`u64::MAX`: unknown, not answering).
    lag_ms: AtomicU64,
    /// Read transactions it ran.
    reads: AtomicU64,
}

/// A replica as the watcher last saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplicaStatus {
    /// Its URL without password.
    pub url: String,
    /// Whether reads go to it now.
    pub serving: bool,
    /// Its lag at the last check, `None` when it did not answer.
    pub lag: Option<Duration>,
    /// Read transactions it ran.
    pub reads: u64,
}

/// The replicas of a store, and the counts of where reads went.
pub struct Replicas {
    list: Vec<Replica>,
    max_lag: Duration,
    /// The primary's position at the last check.
    primary: AtomicU64,
    /// Read transactions the primary ran while replicas were configured.
    primary_reads: AtomicU64,
    /// Round-robin among serving replicas.
    next: AtomicUsize,
}

impl Replicas {
    /// Replicas at `urls` (pools opened lazily: a replica down at start is left out until it
    /// answers), watched by a thread that samples them and the primary through `primary`.
    pub fn open(urls: &[String], max_lag: Duration, primary: &Connector) -> Result<Arc<Replicas>> {
        let mut list = Vec::with_capacity(urls.len());
        for url in urls {
            list.push(Replica {
                pool: Pool::lazy(Settings::parse(url)?)?,
                replayed: AtomicU64::new(0),
                serving: AtomicBool::new(false),
                lag_ms: AtomicU64::new(u64::MAX),
                reads: AtomicU64::new(0),
            });
        }
        let replicas = Arc::new(Replicas {
            list,
            max_lag,
            primary: AtomicU64::new(0),
            primary_reads: AtomicU64::new(0),
            next: AtomicUsize::new(0),
        });
        let mut watcher = Watcher::new(&replicas, primary);
        // The first check before any read, so that reads go to replicas from the start.
        watcher.check(&replicas);
        let weak = Arc::downgrade(&replicas);
        std::thread::Builder::new()
            .name("cabildo-replicas".into())
            .spawn(move || watcher.run(weak))
            .map_err(|e| StoreError::Internal(format!("cannot start the replica watcher: {e}")))?;
        Ok(replicas)
    }

    /// A replica to read from for a client whose floor is `floor`: one serving and replayed past
    /// it, taken in turn; `None` sends the read to the primary.
    pub fn pick(&self, floor: u64) -> Option<&Replica> {
        let n = self.list.len();
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        (0..n).map(|i| &self.list[(start + i) % n]).find(|replica| {
            replica.serving.load(Ordering::Acquire) && replica.replayed.load(Ordering::Acquire) >= floor
        })
    }

    /// A read that the primary ran instead.
    pub fn read_on_primary(&self) {
        self.primary_reads.fetch_add(1, Ordering::Relaxed);
    }

    /// The floor to read at for a client that claims `floor` (from a cookie), when this process
    /// has written up to `written`: a floor past everything known of the primary (a write another
    /// instance made in the last moments, or a forged value) sends the reads to the primary
    /// (`u64::MAX`). Never lower: that could send a read to a replica without the client's write.
    pub fn admit(&self, floor: u64, written: u64) -> u64 {
        if floor <= self.primary.load(Ordering::Acquire).max(written) { floor } else { u64::MAX }
    }

    pub fn max_lag(&self) -> Duration {
        self.max_lag
    }

    /// Where reads went, and how each replica stands.
    pub fn status(&self) -> (u64, Vec<ReplicaStatus>) {
        let replicas = self
            .list
            .iter()
            .map(|replica| {
                let lag = replica.lag_ms.load(Ordering::Acquire);
                ReplicaStatus {
                    url: replica.pool.connector().url_redacted().to_string(),
                    serving: replica.serving.load(Ordering::Acquire),
                    lag: (lag != u64::MAX).then(|| Duration::from_millis(lag)),
                    reads: replica.reads.load(Ordering::Relaxed),
                }
            })
            .collect();
        (self.primary_reads.load(Ordering::Relaxed), replicas)
    }
}

impl Replica {
    /// A read it ran.
    pub fn read_here(&self) {
        self.reads.fetch_add(1, Ordering::Relaxed);
    }

    /// It failed to begin a read: left out until the watcher sees it answer again.
    pub fn down(&self) {
        self.serving.store(false, Ordering::Release);
        self.lag_ms.store(u64::MAX, Ordering::Release);
        self.pool.close_idle();
    }
}

/// The watcher's own connections and the primary's recent positions.
struct Watcher {
    primary: Connector,
    primary_client: Option<Client>,
    connectors: Vec<Connector>,
    clients: Vec<Option<Client>>,
    /// (when, primary position), oldest first, covering a little more than `max_lag`.
    samples: VecDeque<(Instant, u64)>,
}

impl Watcher {
    fn new(replicas: &Replicas, primary: &Connector) -> Watcher {
        Watcher {
            primary: primary.with_connect_timeout(CONNECT_TIMEOUT),
            primary_client: None,
            connectors: replicas
                .list
                .iter()
                .map(|r| r.pool.connector().with_connect_timeout(CONNECT_TIMEOUT))
                .collect(),
            clients: replicas.list.iter().map(|_| None).collect(),
            samples: VecDeque::new(),
        }
    }

    /// Checks every [`CHECK_EVERY`] until the store is gone.
    fn run(mut self, replicas: Weak<Replicas>) {
        loop {
            std::thread::sleep(CHECK_EVERY);
            let Some(replicas) = replicas.upgrade() else { return };
            self.check(&replicas);
        }
    }

    fn check(&mut self, replicas: &Replicas) {
        let now = Instant::now();
        if let Some(lsn) = ask(&self.primary, &mut self.primary_client, |c| primary_lsn(c).map(Some)) {
            replicas.primary.fetch_max(lsn, Ordering::AcqRel);
            self.samples.push_back((now, lsn));
        }
        let keep = replicas.max_lag + CHECK_EVERY * 10;
        while self.samples.len() > 1 && self.samples.front().is_some_and(|(at, _)| now.duration_since(*at) > keep) {
            self.samples.pop_front();
        }
        for (i, replica) in replicas.list.iter().enumerate() {
            let replayed = ask(&self.connectors[i], &mut self.clients[i], replay_lsn);
            let Some(replayed) = replayed else {
                replica.down();
                continue;
            };
            replica.replayed.store(replayed, Ordering::Release);
            // The newest sample it has replayed tells its lag; none replayed: older than them all.
            let lag = match self.samples.iter().rev().find(|(_, lsn)| *lsn <= replayed) {
                Some((at, _)) => now.duration_since(*at),
                None => self.samples.front().map_or(Duration::MAX, |(at, _)| now.duration_since(*at) + CHECK_EVERY),
            };
            let lag_ms = u64::try_from(lag.as_millis()).unwrap_or(u64::MAX - 1).min(u64::MAX - 1);
            replica.lag_ms.store(lag_ms, Ordering::Release);
            replica.serving.store(lag <= replicas.max_lag, Ordering::Release);
        }
    }
}

/// A standby's replayed position; `None` when it is no longer a standby.
fn replay_lsn(client: &mut Client) -> Result<Option<u64>> {
    let row = client.query_one(REPLAY_LSN, &[]).map_err(super::map_error)?;
    let lsn: Option<i64> = row.try_get(0).map_err(|e| StoreError::Internal(format!("pg_last_wal_replay_lsn: {e}")))?;
    Ok(lsn.map(|lsn| u64::try_from(lsn).unwrap_or(0)))
}

/// Runs `query` on the watcher's connection through `connector`, connecting when it has none;
/// `None` when the server does not answer (the connection is dropped, to be opened again).
fn ask(
    connector: &Connector,
    client: &mut Option<Client>,
    query: impl Fn(&mut Client) -> Result<Option<u64>>,
) -> Option<u64> {
    if client.as_ref().is_none_or(Client::is_closed) {
        *client = connector.connect().ok();
    }
    let answer = query(client.as_mut()?);
    match answer {
        Ok(answer) => answer,
        Err(_) => {
            *client = None;
            None
        }
    }
}
