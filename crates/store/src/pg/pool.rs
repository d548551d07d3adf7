//! A small pool of PostgreSQL connections, each with its own cache of prepared statements.
//!
//! A use-case checks a connection out for one transaction and gives it back when the transaction
//! ends. At most `size` connections are open; they are opened when needed (the first at
//! [`Pool::open`], to report an unreachable server at start) and kept while they work. A
//! connection that failed (the server went away, a transaction did not end cleanly) is closed, not
//! given back: the next use-case opens a new one. Why not `r2d2`: see ARCHITECTURE.md.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use postgres::{Client, Statement};
use tokio_postgres_rustls::MakeRustlsConnect;

use super::settings::Settings;
use super::tls;
use crate::{Result, StoreError};

/// How long a use-case waits for a connection when all are busy before it gives up.
const CHECKOUT_TIMEOUT: Duration = Duration::from_secs(30);

/// Opens connections with a store's settings and TLS. Cheap to clone (the vote box keeps one).
#[derive(Clone)]
pub struct Connector {
    settings: Settings,
    tls: MakeRustlsConnect,
}

impl Connector {
    pub fn new(settings: Settings) -> Result<Connector> {
        let tls = tls::connector(&settings)?;
        Ok(Connector { settings, tls })
    }

    /// A new connection. Blocks: never call it inside an async runtime (the synchronous client
    /// runs its own).
    pub fn connect(&self) -> Result<Client> {
        self.settings.config.connect(self.tls.clone()).map_err(|e| {
            // The driver's message for a refused TLS handshake hides the reason one level down.
            let reason = match std::error::Error::source(&e) {
                Some(source) if !e.to_string().contains(&source.to_string()) => format!("{e}: {source}"),
                _ => e.to_string(),
            };
            StoreError::Unavailable(format!("{}: {reason}", self.settings.url_redacted))
        })
    }

    pub fn url_redacted(&self) -> &str {
        &self.settings.url_redacted
    }

    /// The same connector giving up on a connection after `timeout` (or the URL's own
    /// `connect_timeout`, if shorter): the replica watcher must not hang on a host that is gone.
    pub fn with_connect_timeout(&self, timeout: Duration) -> Connector {
        let mut settings = self.settings.clone();
        let shorter = settings.config.get_connect_timeout().map_or(timeout, |t| (*t).min(timeout));
        settings.config.connect_timeout(shorter);
        Connector { settings, tls: self.tls.clone() }
    }
}

/// A connection and the statements prepared on it.
pub struct Session {
    pub client: Client,
    pub statements: HashMap<String, Statement>,
    /// The pool's schema generation when `statements` were prepared.
    schema: u64,
}

struct State {
    idle: Vec<Session>,
    /// Connections open: idle, checked out, or being opened.
    open: usize,
}

pub struct Pool {
    connector: Connector,
    size: usize,
    state: Mutex<State>,
    returned: Condvar,
    /// Bumped when the schema changes (migrations): statements prepared before are dropped.
    schema: AtomicU64,
}

impl Pool {
    /// A pool of at most `settings.pool_size` connections, with one opened now.
    pub fn open(settings: Settings) -> Result<Pool> {
        let size = settings.pool_size.max(1);
        let connector = Connector::new(settings)?;
        let first = connector.connect()?;
        let session = Session { client: first, statements: HashMap::new(), schema: 0 };
        Ok(Pool {
            connector,
            size,
            state: Mutex::new(State { idle: vec![session], open: 1 }),
            returned: Condvar::new(),
            schema: AtomicU64::new(0),
        })
    }

    /// A pool that opens no connection until the first checkout: a read replica may be down when
    /// the server starts, and is then left out until it answers.
    pub fn lazy(settings: Settings) -> Result<Pool> {
        let size = settings.pool_size.max(1);
        Ok(Pool {
            connector: Connector::new(settings)?,
            size,
            state: Mutex::new(State { idle: Vec::new(), open: 0 }),
            returned: Condvar::new(),
            schema: AtomicU64::new(0),
        })
    }

    pub fn connector(&self) -> &Connector {
        &self.connector
    }

    /// Closes the idle connections (a replica found down: they are dead).
    pub fn close_idle(&self) {
        let idle = match self.state.lock() {
            Ok(mut state) => {
                let idle = std::mem::take(&mut state.idle);
                state.open = state.open.saturating_sub(idle.len());
                idle
            }
            Err(_) => return,
        };
        drop(idle);
        self.returned.notify_all();
    }

    pub fn size(&self) -> usize {
        self.size
    }

    /// How many connections are open now (idle or in use).
    pub fn open_connections(&self) -> usize {
        self.lock().map(|state| state.open).unwrap_or(0)
    }

    /// Drops, at their next checkout, every statement prepared before now.
    pub fn schema_changed(&self) {
        self.schema.fetch_add(1, Ordering::AcqRel);
    }

    fn lock(&self) -> Result<MutexGuard<'_, State>> {
        self.state.lock().map_err(|_| StoreError::Internal("connection pool lock poisoned".into()))
    }

    /// An idle connection, or a new one when none is idle and the pool is not full; waits for one
    /// to come back otherwise. The lease gives it back when dropped.
    pub fn checkout(&self) -> Result<Lease<'_>> {
        let deadline = Instant::now() + CHECKOUT_TIMEOUT;
        let mut state = self.lock()?;
        loop {
            if let Some(mut session) = state.idle.pop() {
                drop(state);
                let schema = self.schema.load(Ordering::Acquire);
                if session.schema != schema {
                    session.statements.clear();
                    session.schema = schema;
                }
                return Ok(Lease { pool: self, session: Some(session), fresh: false, clean: true });
            }
            if state.open < self.size {
                state.open += 1;
                drop(state);
                let schema = self.schema.load(Ordering::Acquire);
                return match self.connector.connect() {
                    Ok(client) => Ok(Lease {
                        pool: self,
                        session: Some(Session { client, statements: HashMap::new(), schema }),
                        fresh: true,
                        clean: true,
                    }),
                    Err(e) => {
                        self.closed();
                        Err(e)
                    }
                };
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(StoreError::Unavailable(format!(
                    "all {} connections to {} stayed busy for {} s",
                    self.size,
                    self.connector.url_redacted(),
                    CHECKOUT_TIMEOUT.as_secs()
                )));
            }
            state = self
                .returned
                .wait_timeout(state, deadline - now)
                .map_err(|_| StoreError::Internal("connection pool lock poisoned".into()))?
                .0;
        }
    }

    /// One connection fewer: someone waiting may open one.
    fn closed(&self) {
        if let Ok(mut state) = self.state.lock() {
            state.open = state.open.saturating_sub(1);
        }
        self.returned.notify_one();
    }
}

/// A connection checked out of the pool. Dropping it gives the connection back, unless it was
/// marked broken (or is closed): then it is closed, and the pool may open another in its place.
pub struct Lease<'a> {
    pool: &'a Pool,
    session: Option<Session>,
    /// Opened by this checkout (not taken from the idle ones).
    fresh: bool,
    /// Whether the connection may be reused: false while a transaction is open on it, and after
    /// an error that may have left it unusable.
    clean: bool,
}

impl Lease<'_> {
    pub fn session(&mut self) -> Result<&mut Session> {
        self.session.as_mut().ok_or_else(|| StoreError::Internal("connection already given back".into()))
    }

    /// Whether the connection was opened for this checkout (so it is not stale).
    pub fn fresh(&self) -> bool {
        self.fresh
    }

    /// Marks the connection as not reusable (inside a transaction, or after a failure) or
    /// reusable again.
    pub fn set_clean(&mut self, clean: bool) {
        self.clean = clean;
    }
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        let Some(session) = self.session.take() else { return };
        if self.clean
            && !session.client.is_closed()
            && let Ok(mut state) = self.pool.state.lock()
        {
            state.idle.push(session);
            drop(state);
            self.pool.returned.notify_one();
            return;
        }
        // Closing a connection here, on the thread that used it (never an async runtime's).
        drop(session);
        self.pool.closed();
    }
}
