//! The live tally of the assemblies being watched, pushed to every watcher at once.
//!
//! One channel per watched assembly ([`LiveHub::subscribe`]), holding the assembly's public live
//! view ([`LiveTally`]); one thread reads the database **once per change per assembly**, not once
//! per watcher, and publishes the new tally to all of them. It is woken at once by a committed
//! phone vote ([`LiveHub::poke`], which the phone-vote box calls) and notices every other
//! committed write of this process (attendance, a vote opened or closed, the assembly closed)
//! by the store's write generation, an atomic read ten times a second — no query. On PostgreSQL,
//! where other processes may write, a watched tally is also read again every
//! [`crate::SHARED_CACHE_MAX_AGE`]. Refreshes are at most [`MIN_GAP`] apart; while phone votes
//! flow they come at most every [`VOTE_GAP`] (the first vote after a quiet spell at once), so a
//! crowd voting costs one read and one event per screen a second, whatever the number of phones
//! and watchers — and every other change (a vote closed, the assembly closed) still reaches the
//! screens within [`MIN_GAP`] plus a [`TICK`].
//!
//! A channel is dropped once nobody watches it, and the thread ends when no channel is left.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use cabildo_domain::Date;
use cabildo_domain::assembly::{AssemblyId, AssemblyStatus};
use cabildo_store::{Backend, Store};
use tokio::sync::watch;

use super::{AssemblyView, live_view, public_view, view_in};
use crate::{Actor, Ctx, Result, ServiceError};

/// How often the thread looks at the store's write generation while someone watches.
pub const TICK: Duration = Duration::from_millis(100);

/// The least time between two refreshes of the watched tallies.
pub const MIN_GAP: Duration = Duration::from_millis(200);

/// The least time between two refreshes brought by phone votes alone: a projector need not change
/// five times a second, and each refresh is one event to every screen (10,000 screens at five a
/// second were 50,000 writes a second, on the cores that count the votes).
pub const VOTE_GAP: Duration = Duration::from_secs(1);

/// An assembly's live view as the public screen shows it (no personal name: see
/// [`live_view`]), shared by every watcher of the assembly.
pub struct LiveTally {
    pub view: AssemblyView,
    /// The assembly is closed or cancelled: this is the last tally it will have.
    pub ended: bool,
    /// Texts made from this tally once and then shared by every watcher (the web layer keeps the
    /// rendered fragment per language here), by key.
    shown: Mutex<Vec<(&'static str, Arc<str>)>>,
}

impl LiveTally {
    fn of(view: AssemblyView) -> LiveTally {
        let ended = matches!(view.assembly.status, AssemblyStatus::Closed | AssemblyStatus::Cancelled);
        LiveTally { view, ended, shown: Mutex::new(Vec::new()) }
    }

    /// The text `make` makes from this tally, made on the first call for `key` only.
    pub fn shown(&self, key: &'static str, make: impl FnOnce(&AssemblyView) -> String) -> Arc<str> {
        let mut shown = self.shown.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, text)) = shown.iter().find(|(k, _)| *k == key) {
            return Arc::clone(text);
        }
        let text: Arc<str> = make(&self.view).into();
        shown.push((key, Arc::clone(&text)));
        text
    }
}

/// What a watcher holds: the latest tally, and a way to wait for the next one.
pub type LiveFeed = watch::Receiver<Arc<LiveTally>>;

/// The channels of the watched assemblies (one per server, in the web layer's state).
#[derive(Default)]
pub struct LiveHub {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    channels: Mutex<Channels>,
    wake: Condvar,
    /// How many assemblies are watched now: without any, a phone vote costs one atomic read here.
    watched: AtomicUsize,
    /// A phone vote committed since the last refresh.
    poked: AtomicBool,
}

#[derive(Default)]
struct Channels {
    by_assembly: HashMap<AssemblyId, Channel>,
    /// The refreshing thread runs.
    running: bool,
    /// The server is stopping: no more watching.
    closed: bool,
}

struct Channel {
    sender: watch::Sender<Arc<LiveTally>>,
    /// The time of the latest subscription, for the view's reads (the thread has no clock).
    at: (i64, Date),
}

impl Inner {
    fn channels(&self) -> MutexGuard<'_, Channels> {
        self.channels.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl LiveHub {
    /// Watches an assembly's live tally. Refused exactly as [`live_view`] refuses the viewer;
    /// the feed holds the current tally at once.
    pub fn subscribe(&self, store: &Arc<Store>, ctx: &Ctx, id: AssemblyId) -> Result<LiveFeed> {
        // A crowd's screens that arrived before the first of them had opened the channel waited
        // here for a thread; by now it is open: they join it without reading the view again (at
        // 10,000 screens, 860 of them each read the whole view, about 8 s of a core).
        if let Some(feed) = self.subscribe_public(id) {
            return Ok(feed);
        }
        // Who may watch is decided as for the live page (the public view where phone voting fits).
        live_view(store, ctx, id)?;
        let at = (ctx.now, ctx.today);
        if self.inner.channels().closed {
            return Err(ServiceError::Internal("the server is shutting down".into()));
        }
        if let Some(channel) = self.inner.channels().by_assembly.get_mut(&id) {
            channel.at = at;
            return Ok(channel.sender.subscribe());
        }
        let first = Arc::new(tally(store, id, at)?);
        let mut channels = self.inner.channels();
        if channels.closed {
            return Err(ServiceError::Internal("the server is shutting down".into()));
        }
        let feed = match channels.by_assembly.get_mut(&id) {
            Some(channel) => channel.sender.subscribe(),
            None => {
                let (sender, feed) = watch::channel(first);
                channels.by_assembly.insert(id, Channel { sender, at });
                feed
            }
        };
        self.inner.watched.store(channels.by_assembly.len(), Ordering::Release);
        if !channels.running {
            let inner = Arc::clone(&self.inner);
            let store = Arc::clone(store);
            std::thread::Builder::new()
                .name("live-tally".into())
                .spawn(move || refresh_while_watched(&inner, &store))
                .map_err(|e| ServiceError::Internal(format!("cannot start the live tally: {e}")))?;
            channels.running = true;
        }
        Ok(feed)
    }

    /// Ends every watcher's feed (their streams end) and refuses new ones: the server is
    /// stopping, and it waits for the answers under way, which a stream never finishes alone.
    pub fn close(&self) {
        let mut channels = self.inner.channels();
        channels.closed = true;
        channels.by_assembly.clear();
        self.inner.watched.store(0, Ordering::Release);
        self.inner.wake.notify_one();
    }

    /// Watches, without a query, an assembly already watched whose live screen is public (where
    /// phone voting fits, anyone may watch, as [`live_view`] decides): the common case of a crowd
    /// opening the screen at once. `None`: ask [`LiveHub::subscribe`].
    pub fn subscribe_public(&self, id: AssemblyId) -> Option<LiveFeed> {
        let channels = self.inner.channels();
        let channel = channels.by_assembly.get(&id)?;
        let public = channel.sender.borrow().view.phone_voting;
        public.then(|| channel.sender.subscribe())
    }

    /// Something an assembly's watchers see changed (a phone vote committed): refresh within
    /// [`VOTE_GAP`].
    pub fn poke(&self) {
        if self.is_watched() && !self.inner.poked.swap(true, Ordering::AcqRel) {
            self.inner.wake.notify_one();
        }
    }

    /// Whether any assembly is watched now.
    pub fn is_watched(&self) -> bool {
        self.inner.watched.load(Ordering::Acquire) > 0
    }

    /// How many assemblies are watched now (their channels are open).
    pub fn watched(&self) -> usize {
        self.inner.watched.load(Ordering::Acquire)
    }
}

/// An assembly's public live view, read in one transaction.
fn tally(store: &Store, id: AssemblyId, (now, today): (i64, Date)) -> Result<LiveTally> {
    let system = Ctx { actor: Actor::Operator, now, today };
    store.read(|repo| Ok(LiveTally::of(public_view(view_in(repo, &system, id)?))))
}

/// The refreshing thread: waits for a change, reads every watched tally once, publishes it; ends
/// when nobody watches any more.
fn refresh_while_watched(inner: &Inner, store: &Store) {
    let mut seen = store.generation();
    let mut refreshed = Instant::now();
    loop {
        let due: Vec<(AssemblyId, (i64, Date))> = {
            let mut channels = inner.channels();
            // Votes waiting are refreshed once VOTE_GAP has passed since the last refresh; until
            // then further votes do not wake this thread (`poke` wakes it only when none wait).
            let wait = match inner.poked.load(Ordering::Acquire) {
                true => VOTE_GAP.saturating_sub(refreshed.elapsed()).min(TICK),
                false => TICK,
            };
            if !wait.is_zero() {
                channels = inner.wake.wait_timeout(channels, wait).unwrap_or_else(PoisonError::into_inner).0;
            }
            channels.by_assembly.retain(|_, c| c.sender.receiver_count() > 0);
            inner.watched.store(channels.by_assembly.len(), Ordering::Release);
            if channels.by_assembly.is_empty() {
                channels.running = false;
                return;
            }
            let votes_due = inner.poked.load(Ordering::Acquire) && refreshed.elapsed() >= VOTE_GAP;
            let generation = store.generation();
            let aged = store.backend() == Backend::Postgres && refreshed.elapsed() >= crate::SHARED_CACHE_MAX_AGE;
            if !(votes_due || generation != seen || aged) {
                continue;
            }
            // This refresh reads every vote committed so far.
            inner.poked.store(false, Ordering::Release);
            seen = generation;
            channels.by_assembly.iter().map(|(id, c)| (*id, c.at)).collect()
        };
        let started = Instant::now();
        for (id, at) in due {
            // A tally that cannot be read now (the database restarting) is read at the next change.
            if let Ok(fresh) = tally(store, id, at)
                && let Some(channel) = inner.channels().by_assembly.get(&id)
            {
                channel.sender.send_replace(Arc::new(fresh));
            }
        }
        refreshed = Instant::now();
        if let Some(rest) = MIN_GAP.checked_sub(started.elapsed()) {
            std::thread::sleep(rest);
        }
    }
}
