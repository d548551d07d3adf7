//! Sessions already looked up, so that a page view needs no query to know who asks.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use cabildo_services::access::Account;
use cabildo_services::{Actor, Backend, SHARED_CACHE_MAX_AGE, Store};

/// Sessions already looked up, by cookie. An entry is used only while the store has committed no
/// write since it was read (a sign-out, a new role or any other change clears them all), and on
/// PostgreSQL — where other processes write too — for at most `SHARED_CACHE_MAX_AGE`.
///
/// When an entry has aged, ONE request reads the session again (from the primary: who is signed
/// in is never read on a replica) while the others keep using the entry, for [`REREAD_PATIENCE`]
/// at most. Without that, every request of a busy session that arrived before the first reread
/// ended read it again: with 1,000 connections on one session, a burst of hundreds of reads on
/// the primary every two seconds — the primary's share of reads that replicas could not take
/// (BENCHMARKS.md, "The replica benchmark at 3,000,000 families").
#[derive(Default)]
pub struct SessionCache {
    entries: Mutex<HashMap<String, CachedSession>>,
}

struct CachedSession {
    generation: u64,
    read_at: Instant,
    actor: Actor,
    csrf: String,
    account: Account,
    expires_at: i64,
    /// Since when one request has been reading the session again (PostgreSQL, aged entry).
    rereading: Option<Instant>,
}

/// How long the other requests keep using an aged entry while one reads it again: an entry is
/// used at most `SHARED_CACHE_MAX_AGE` plus this after it was read. A reread that takes longer
/// (failed, or stuck) is claimed again by the next request.
pub const REREAD_PATIENCE: Duration = Duration::from_secs(1);

impl SessionCache {
    /// Entries kept at most; past this the cache starts over (sessions are cheap to look up again).
    const MAX: usize = 10_000;

    /// The session of cookie `secret` if it may be used without reading it: `None` tells the
    /// caller to read it (and [`SessionCache::put`] or [`SessionCache::forget`] it). An aged entry
    /// is handed to one caller to read again and, meanwhile, used by the others.
    pub fn get(&self, store: &Store, secret: &str, now: i64) -> Option<(Actor, String, Account)> {
        let mut entries = self.entries.lock().ok()?;
        let entry = entries.get_mut(secret)?;
        if entry.generation != store.generation() || entry.expires_at < now {
            return None;
        }
        let usable = if store.backend() == Backend::Sqlite || entry.read_at.elapsed() < SHARED_CACHE_MAX_AGE {
            true
        } else {
            match entry.rereading {
                Some(since) if since.elapsed() < REREAD_PATIENCE => true,
                _ => {
                    entry.rereading = Some(Instant::now());
                    false
                }
            }
        };
        usable.then(|| (entry.actor.clone(), entry.csrf.clone(), entry.account.clone()))
    }

    pub fn put(&self, generation: u64, secret: String, found: &(Actor, String, Account), expires_at: i64) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= Self::MAX {
                entries.clear();
            }
            let (actor, csrf, account) = found.clone();
            entries.insert(
                secret,
                CachedSession {
                    generation,
                    read_at: Instant::now(),
                    actor,
                    csrf,
                    account,
                    expires_at,
                    rereading: None,
                },
            );
        }
    }

    /// The session of cookie `secret` was read again and is no longer valid (signed out on
    /// another server, expired, its account disabled): nobody uses its entry any more.
    pub fn forget(&self, secret: &str) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.remove(secret);
        }
    }
}
