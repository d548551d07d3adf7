//! Sessions already looked up, so that a page view needs no query to know who asks.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use cabildo_services::access::Account;
use cabildo_services::{Actor, Backend, SHARED_CACHE_MAX_AGE, Store};

/// Sessions already looked up, by cookie. An entry is used only while the store has committed no
/// write since it was read (a sign-out, a new role or any other change clears them all), and on
/// PostgreSQL — where other processes write too — for at most `SHARED_CACHE_MAX_AGE`.
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
}

impl SessionCache {
    /// Entries kept at most; past this the cache starts over (sessions are cheap to look up again).
    const MAX: usize = 10_000;

    pub fn get(&self, store: &Store, secret: &str, now: i64) -> Option<(Actor, String, Account)> {
        let entries = self.entries.lock().ok()?;
        let entry = entries.get(secret)?;
        let fresh = entry.generation == store.generation()
            && entry.expires_at >= now
            && (store.backend() == Backend::Sqlite || entry.read_at.elapsed() < SHARED_CACHE_MAX_AGE);
        fresh.then(|| (entry.actor.clone(), entry.csrf.clone(), entry.account.clone()))
    }

    pub fn put(&self, generation: u64, secret: String, found: &(Actor, String, Account), expires_at: i64) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= Self::MAX {
                entries.clear();
            }
            let (actor, csrf, account) = found.clone();
            entries.insert(
                secret,
                CachedSession { generation, read_at: Instant::now(), actor, csrf, account, expires_at },
            );
        }
    }
}
