//! What every handler shares: the database, the clock, the password limiter, the trusted proxies,
//! the session cache and the phone-vote box. The one module of the web layer that holds the store.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use cabildo_domain::Date;
use cabildo_services::access::{PasswordCost, RateLimiter};
use cabildo_services::assembly::{LiveHub, PhoneBox};
use cabildo_services::keys::KeyPin;
use cabildo_services::{Ctx, ServiceError, Store};

use crate::http::kept::PageCache;
use crate::http::proxies::TrustedProxies;
use crate::http::sessions::SessionCache;

/// The time, as the services want it: Unix seconds and the local calendar day.
pub type Clock = Arc<dyn Fn() -> (i64, Date) + Send + Sync>;

/// The wall clock of this machine.
pub fn system_clock() -> Clock {
    Arc::new(|| {
        let now = chrono::Local::now();
        (now.timestamp(), now.date_naive())
    })
}

/// What every handler shares, behind one `Arc`: axum clones the state for every extractor and
/// middleware of every request, and one reference count is far cheaper to touch from two cores
/// than ten (a profile of a cached page showed the clones and drops of a ten-`Arc` state at 5 %).
/// Read its fields directly (`state.store`); set them up as a [`Shared`] before serving.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl From<Shared> for AppState {
    fn from(shared: Shared) -> AppState {
        AppState(Arc::new(shared))
    }
}

/// The fields of the [`AppState`].
#[derive(Clone)]
pub struct Shared {
    pub store: Arc<Store>,
    pub clock: Clock,
    /// The one rate limiter of every password check (failures only; see `services::limiter`).
    pub limiter: Arc<RateLimiter>,
    /// Reverse proxies whose `X-Forwarded-For` names the client (none by default).
    pub trusted_proxies: Arc<TrustedProxies>,
    pub password_cost: PasswordCost,
    /// Mark cookies `Secure` (when served behind TLS).
    pub secure_cookies: bool,
    /// The address people reach this server at (`--public-url`, e.g. `https://cabildo.example`),
    /// for absolute links (the Atom feed), tickets and the live screen; without it, the request's
    /// `Host` (see `http::urls::public_base`).
    pub public_url: Option<Arc<str>>,
    /// Signed-in sessions already looked up, so that a page view needs no query to know who asks.
    pub sessions: Arc<SessionCache>,
    /// Use-cases running at once on blocking threads: more only make threads fight over the
    /// database connections and the two cores; the rest wait, cheaply, as async tasks.
    pub workers: Arc<tokio::sync::Semaphore>,
    /// The phone-vote box (one writer committing many votes per transaction), opened on first use.
    pub phones: Arc<PhoneBox>,
    /// The live tallies of the assemblies being watched (server-sent events), told of phone votes
    /// by the phone-vote box.
    pub live: Arc<LiveHub>,
    /// Pages kept rendered and gzipped until the next write (`http::remember`).
    pub pages: Arc<PageCache>,
    /// One padrón import at a time: a second is refused (`import_running`) while one runs.
    pub imports: Arc<tokio::sync::Semaphore>,
    /// The key log's pin (`serve --key-pin`): verification trusts signing keys only through it.
    pub key_pin: Option<KeyPin>,
}

/// Use-cases run side by side: the store has one writer and four reader connections.
pub const WORKERS: usize = 6;

/// Request bodies larger than this are refused (a padrón file of 360,000 families is ~30 MB).
pub const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

impl AppState {
    pub fn new(store: Store) -> AppState {
        Shared::new(store).into()
    }

    /// The fields, to change before the state is shared (`None` once it is: a test that changes
    /// the configuration does it before its requests).
    pub fn configure(&mut self) -> Option<&mut Shared> {
        Arc::get_mut(&mut self.0)
    }

    /// Another state sharing this one's database, caches and limiter, with some settings changed
    /// (a test serving the same data under another configuration).
    pub fn with(&self, change: impl FnOnce(&mut Shared)) -> AppState {
        let mut shared = Shared::clone(&self.0);
        change(&mut shared);
        shared.into()
    }
}

impl Shared {
    /// The defaults: the system clock, standard password cost, no trusted proxies.
    pub fn new(store: Store) -> Shared {
        let live = Arc::new(LiveHub::default());
        Shared {
            store: Arc::new(store),
            clock: system_clock(),
            limiter: Arc::new(RateLimiter::default()),
            trusted_proxies: Arc::default(),
            password_cost: PasswordCost::STANDARD,
            secure_cookies: false,
            public_url: None,
            sessions: Arc::new(SessionCache::default()),
            workers: Arc::new(tokio::sync::Semaphore::new(WORKERS)),
            phones: Arc::new(PhoneBox::new(Arc::clone(&live))),
            live,
            pages: Arc::default(),
            imports: Arc::new(tokio::sync::Semaphore::new(1)),
            key_pin: None,
        }
    }

    /// Runs a use-case on a blocking thread (the store is synchronous).
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Store) -> Result<T, ServiceError> + Send + 'static,
    ) -> Result<T, ServiceError> {
        let store = self.store.clone();
        let _permit = self
            .workers
            .acquire()
            .await
            .map_err(|e| ServiceError::Internal(format!("the server is shutting down: {e}")))?;
        // With read replicas, the use-case reads where its client's writes are (`http::floor`).
        let floor = crate::http::floor::current();
        tokio::task::spawn_blocking(move || match floor {
            None => f(&store),
            Some(floor) => {
                let (out, after) = store.with_read_floor(floor.load(Ordering::Acquire), || f(&store));
                floor.fetch_max(after, Ordering::AcqRel);
                out
            }
        })
        .await
        .map_err(|e| ServiceError::Internal(format!("a request task failed: {e}")))?
    }

    /// A read answered right here from what the store has cached (`cached` never touches the
    /// database: see `registry::body_overview_cached`), or else `load` on a blocking thread. A
    /// page view that needs no query then costs no thread hand-off either.
    pub async fn read<T: Send + 'static>(
        &self,
        cached: impl FnOnce(&Store) -> Result<Option<T>, ServiceError>,
        load: impl FnOnce(&Store) -> Result<T, ServiceError> + Send + 'static,
    ) -> Result<T, ServiceError> {
        match cached(&self.store)? {
            Some(found) => Ok(found),
            None => self.run(load).await,
        }
    }

    pub fn now(&self) -> (i64, Date) {
        (self.clock)()
    }

    pub fn ctx(&self, actor: cabildo_services::Actor) -> Ctx {
        let (now, today) = self.now();
        Ctx { actor, now, today }
    }
}
