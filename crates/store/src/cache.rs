//! The store's read-through cache of values derived from the database (see `Store::cached`):
//! one value per type, or per type and key, each loaded by ONE request at a time.
//!
//! - A value is served until this process commits a write (its generation moves) or — on
//!   PostgreSQL, where other processes write too — until it is [`SHARED_CACHE_MAX_AGE`] old.
//! - An aged value is reloaded by the first request that finds it so, while the others keep
//!   serving it ([`RELOAD_PATIENCE`] at most).
//! - A value that cannot be served (none yet, or one from before this process's latest write) is
//!   loaded by the first request; the others wait for it (bounded by the same patience) instead of
//!   each loading it: at a server's start under load, 1,000 requests computed the register's
//!   snapshot 1,000 times.
//! - A value derived from the register only (`Store::cached_register`) carries the register's
//!   version it was read at (PostgreSQL, migration 31): when it ages or this process writes, one
//!   cheap read of the version decides, and it is read again in full only if the version moved.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How long a cached value may be used on PostgreSQL, where other processes may write too.
pub const SHARED_CACHE_MAX_AGE: Duration = Duration::from_secs(2);

/// How long the other requests keep serving an aged value while one reloads it, or wait for the
/// one loading a value they cannot serve; past it, the load is claimed again (it failed, or its
/// thread died).
pub(crate) const RELOAD_PATIENCE: Duration = Duration::from_secs(10);

pub(crate) type Value = Arc<dyn Any + Send + Sync>;

/// A value's slot: its type, and its key (0 for values kept one per type).
pub(crate) type Key = (TypeId, i64);

pub(crate) struct Cache {
    slots: Mutex<Slots>,
    /// Notified whenever a load ends (stored, kept or given up): wakes the requests waiting.
    ended: Condvar,
    /// What the values may weigh together at most (`None`: no bound).
    budget: Option<usize>,
}

#[derive(Default)]
struct Slots {
    entries: HashMap<Key, Entry>,
    /// The slots one request is loading while their value cannot be served, and since when.
    loading: HashMap<Key, Instant>,
    /// The sum of the entries' weights.
    weight: usize,
}

pub(crate) struct Entry {
    generation: u64,
    loaded: Instant,
    /// What the value counts against the budget (rows, roughly).
    weight: usize,
    /// The register's version the value was read at (values of `Store::cached_register` on
    /// PostgreSQL), to keep it after one cheap read when the register has not changed.
    version: Option<i64>,
    value: Value,
    /// Since when one request has been reloading this aged value; meanwhile the others serve it.
    reloading: Option<Instant>,
}

/// What a request does about a slot.
pub(crate) enum Acquired {
    /// Serve this value.
    Serve(Value),
    /// Load it (this request claimed the load), stamping it with `generation`. `known`: the value
    /// there was and the register's version it was read at, to keep if the version did not move.
    Load { generation: u64, known: Option<(i64, Value)> },
}

enum Decision {
    Serve(Value),
    Load(Option<(i64, Value)>),
    /// Another request is loading it: wait at most this long.
    Wait(Duration),
    /// Nothing to serve and not claiming (a peek).
    Miss,
}

impl Slots {
    fn decide(&mut self, key: Key, generation: u64, shared: bool, claim: bool) -> Decision {
        let now = Instant::now();
        let mut known = None;
        if let Some(entry) = self.entries.get_mut(&key) {
            if entry.generation == generation {
                if !shared || entry.loaded.elapsed() < SHARED_CACHE_MAX_AGE {
                    return Decision::Serve(Arc::clone(&entry.value));
                }
                // Aged: one request reloads it, the others serve it meanwhile.
                return match entry.reloading {
                    Some(since) if since.elapsed() < RELOAD_PATIENCE => Decision::Serve(Arc::clone(&entry.value)),
                    _ if claim => {
                        entry.reloading = Some(now);
                        Decision::Load(entry.version.map(|v| (v, Arc::clone(&entry.value))))
                    }
                    _ => Decision::Miss,
                };
            }
            // From before a write of this process: never served again, perhaps kept (version).
            known = entry.version.map(|v| (v, Arc::clone(&entry.value)));
        }
        if !claim {
            return Decision::Miss;
        }
        match self.loading.get(&key) {
            Some(since) if since.elapsed() < RELOAD_PATIENCE => {
                Decision::Wait(RELOAD_PATIENCE.saturating_sub(since.elapsed()).max(Duration::from_millis(1)))
            }
            _ => {
                self.loading.insert(key, now);
                Decision::Load(known)
            }
        }
    }

    /// The load of `key` is over: nobody is loading it any more.
    fn end_load(&mut self, key: Key) {
        self.loading.remove(&key);
        if let Some(entry) = self.entries.get_mut(&key) {
            entry.reloading = None;
        }
    }
}

impl Cache {
    pub(crate) fn new(budget: Option<usize>) -> Cache {
        Cache { slots: Mutex::new(Slots::default()), ended: Condvar::new(), budget }
    }

    fn lock(&self) -> Option<MutexGuard<'_, Slots>> {
        self.slots.lock().ok()
    }

    /// What the request is to do about `key`: serve, load (it claimed the load), or — when another
    /// request is loading a value it cannot serve — wait for that one, then decide again.
    pub(crate) fn acquire(&self, key: Key, generation: &AtomicU64, shared: bool) -> Acquired {
        let Some(mut slots) = self.lock() else {
            // A poisoned cache (a panic under its lock): load, as without a cache.
            return Acquired::Load { generation: generation.load(Ordering::Acquire), known: None };
        };
        loop {
            let now = generation.load(Ordering::Acquire);
            match slots.decide(key, now, shared, true) {
                Decision::Serve(value) => return Acquired::Serve(value),
                Decision::Load(known) => return Acquired::Load { generation: now, known },
                Decision::Miss => return Acquired::Load { generation: now, known: None },
                Decision::Wait(left) => match self.ended.wait_timeout(slots, left) {
                    Ok((guard, _)) => slots = guard,
                    Err(_) => return Acquired::Load { generation: now, known: None },
                },
            }
        }
    }

    /// The value to serve for `key` if it needs no loading (never waits, claims nothing).
    pub(crate) fn peek(&self, key: Key, generation: u64, shared: bool) -> Option<Value> {
        match self.lock()?.decide(key, generation, shared, false) {
            Decision::Serve(value) => Some(value),
            _ => None,
        }
    }

    /// Stores what a load read, stamped with the generation it was claimed at. A value heavier
    /// than the whole budget is not kept; otherwise out-of-date values (and on PostgreSQL aged
    /// ones: those not asked for lately), then all, make room.
    pub(crate) fn store(
        &self,
        key: Key,
        generation: u64,
        shared: bool,
        weight: usize,
        version: Option<i64>,
        value: Value,
    ) {
        let Some(mut slots) = self.lock() else { return };
        slots.end_load(key);
        if let Some(old) = slots.entries.remove(&key) {
            slots.weight -= old.weight;
        }
        let weight = if self.budget.is_some() { weight.max(1) } else { 0 };
        let fits = self.budget.is_none_or(|budget| weight <= budget);
        if fits {
            if let Some(budget) = self.budget {
                if slots.weight + weight > budget {
                    slots.entries.retain(|_, entry| {
                        entry.generation == generation && (!shared || entry.loaded.elapsed() < SHARED_CACHE_MAX_AGE)
                    });
                    slots.weight = slots.entries.values().map(|entry| entry.weight).sum();
                }
                if slots.weight + weight > budget {
                    slots.entries.clear();
                    slots.weight = 0;
                }
            }
            let entry = Entry { generation, loaded: Instant::now(), weight, version, value, reloading: None };
            slots.entries.insert(key, entry);
            slots.weight += weight;
        }
        drop(slots);
        self.ended.notify_all();
    }

    /// The register's version did not move since `key`'s value was read: it is as good as new
    /// for everyone that claimed at `generation` or before.
    pub(crate) fn renew(&self, key: Key, generation: u64) {
        let Some(mut slots) = self.lock() else { return };
        slots.end_load(key);
        if let Some(entry) = slots.entries.get_mut(&key) {
            entry.generation = entry.generation.max(generation);
            entry.loaded = Instant::now();
        }
        drop(slots);
        self.ended.notify_all();
    }

    /// The load failed: the next request tries again, rather than wait out the patience.
    pub(crate) fn give_up(&self, key: Key) {
        if let Some(mut slots) = self.lock() {
            slots.end_load(key);
        }
        self.ended.notify_all();
    }

    /// Makes every value look older than the age bound (tests).
    pub(crate) fn age_all(&self) {
        if let Some(mut slots) = self.lock() {
            for entry in slots.entries.values_mut() {
                entry.loaded = Instant::now().checked_sub(SHARED_CACHE_MAX_AGE * 2).unwrap_or(entry.loaded);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: Key = (TypeId::of::<u32>(), 0);

    fn aged(generation: u64, version: Option<i64>) -> Cache {
        let cache = Cache::new(None);
        cache.store(KEY, generation, true, 1, version, Arc::new(7_u32));
        cache.age_all();
        cache
    }

    fn served(cache: &Cache, generation: u64, shared: bool) -> Option<u32> {
        let slots = &mut *cache.lock()?;
        match slots.decide(KEY, generation, shared, true) {
            Decision::Serve(value) => value.downcast::<u32>().ok().map(|v| *v),
            _ => None,
        }
    }

    #[test]
    fn an_aged_shared_value_is_reloaded_by_one_request_while_the_others_serve_it() {
        let cache = aged(3, None);
        // A peek (which never loads) does not claim the reload and gets nothing to serve.
        assert!(cache.peek(KEY, 3, true).is_none());
        // The first request that may load claims it...
        let g = AtomicU64::new(3);
        assert!(matches!(cache.acquire(KEY, &g, true), Acquired::Load { generation: 3, known: None }));
        // ...and every other one, peeking or not, keeps serving the aged value meanwhile.
        assert_eq!(served(&cache, 3, true), Some(7));
        assert!(cache.peek(KEY, 3, true).is_some());
        // A reload that never finished is claimed again after the patience.
        if let Some(mut slots) = cache.lock()
            && let Some(entry) = slots.entries.get_mut(&KEY)
        {
            entry.reloading = Instant::now().checked_sub(RELOAD_PATIENCE * 2);
        }
        assert!(matches!(cache.acquire(KEY, &g, true), Acquired::Load { .. }));
        assert_eq!(served(&cache, 3, true), Some(7));
    }

    #[test]
    fn a_write_of_this_process_or_a_fresh_value_decide_alone() {
        let cache = aged(3, None);
        // Any write of this process makes it unusable, claimed or not.
        assert!(cache.peek(KEY, 4, true).is_none());
        assert!(cache.peek(KEY, 4, false).is_none());
        // SQLite (not shared): age does not matter, only writes.
        assert!(cache.peek(KEY, 3, false).is_some());
        // A fresh value is served and claims nothing.
        cache.store(KEY, 3, true, 1, None, Arc::new(1_u32));
        assert_eq!(served(&cache, 3, true), Some(1));
        assert!(cache.lock().is_some_and(|s| s.loading.is_empty()));
    }

    #[test]
    fn a_value_from_before_a_write_is_loaded_once_and_the_others_wait() {
        let cache = aged(3, Some(41));
        let g = AtomicU64::new(4);
        // The first claims the load, with the version it may keep the value by.
        let first = cache.acquire(KEY, &g, true);
        assert!(matches!(first, Acquired::Load { generation: 4, known: Some((41, _)) }), "the first request loads");
        // The next would wait (it must not serve what was before the write).
        assert!(matches!(cache.lock().map(|mut s| s.decide(KEY, 4, true, true)), Some(Decision::Wait(_))));
        // The version did not move: kept, renewed, served to all at generation 4.
        cache.renew(KEY, 4);
        assert_eq!(served(&cache, 4, true), Some(7));
        // A failed load lets the next claim at once.
        g.store(5, Ordering::Release);
        assert!(matches!(cache.acquire(KEY, &g, true), Acquired::Load { .. }));
        cache.give_up(KEY);
        assert!(matches!(cache.acquire(KEY, &g, true), Acquired::Load { .. }));
    }

    #[test]
    fn the_budget_keeps_what_fits() {
        let cache = Cache::new(Some(10));
        let key = |k: i64| (TypeId::of::<u32>(), k);
        cache.store(key(1), 1, false, 6, None, Arc::new(1_u32));
        cache.store(key(2), 1, false, 4, None, Arc::new(2_u32));
        assert!(cache.peek(key(2), 1, false).is_some());
        // Too heavy for the whole budget: not kept, the others stay.
        cache.store(key(3), 1, false, 11, None, Arc::new(3_u32));
        assert!(cache.peek(key(3), 1, false).is_none());
        assert!(cache.peek(key(1), 1, false).is_some());
        // Out-of-date values make room first; then everything.
        cache.store(key(4), 2, false, 5, None, Arc::new(4_u32));
        assert!(cache.peek(key(1), 2, false).is_none());
        assert!(cache.peek(key(4), 2, false).is_some());
        assert!(cache.lock().is_some_and(|s| s.weight == 5));
    }
}
