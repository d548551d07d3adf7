//! Serving connections without letting one client exhaust the process: an accept loop over
//! hyper's HTTP/1 with a deadline for each request's headers (which is also how long a kept-alive
//! connection may sit idle), and a cap on the connections open at once, kept below the process's
//! limit of open files (raised to the hard limit at start where the system allows).
//!
//! A client that opens connections and sends nothing, or sends its headers a byte at a time
//! (slowloris), holds each for at most [`Limits::header_read_timeout`]; past
//! [`Limits::max_connections`] new connections wait in the kernel's backlog instead of taking the
//! file descriptors the database, the uploads and `/health` need.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use axum::extract::Request;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// File descriptors kept out of the connection cap: the database (SQLite's file, WAL and
/// shared memory per connection, or PostgreSQL's pool), uploaded files, the log, the listener.
pub const RESERVED_FILES: u64 = 256;

/// How the server guards itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// A request's headers must have arrived this long after the connection became ready for
    /// them: after it opened, or after the previous answer on a kept-alive connection (so this is
    /// also the idle timeout). A connection that is late is closed.
    pub header_read_timeout: Duration,
    /// Connections open at once; more wait in the kernel's backlog until one closes.
    pub max_connections: usize,
}

impl Limits {
    /// 10 s for headers (a phone on a bad connection sends a request's headers in one packet or
    /// two), and as many connections as the limit of open files leaves room for.
    pub fn for_this_process() -> Limits {
        let files = raise_open_files_limit();
        // An unlimited limit still gets a cap (a semaphore holds at most `usize::MAX >> 3` permits).
        let max_connections =
            usize::try_from(files.saturating_sub(RESERVED_FILES).clamp(16, 1 << 20)).unwrap_or(1 << 20);
        Limits { header_read_timeout: Duration::from_secs(10), max_connections }
    }
}

/// Raises this process's soft limit of open files to its hard limit, where the system allows,
/// and returns the soft limit in force afterwards. (On Linux the soft limit is commonly 1,024,
/// while the hard one is far higher: a server must ask.)
#[cfg(unix)]
pub fn raise_open_files_limit() -> u64 {
    use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
    let limit = getrlimit(Resource::Nofile);
    let current = limit.current.unwrap_or(u64::MAX);
    if let Some(maximum) = limit.maximum
        && maximum > current
        && setrlimit(Resource::Nofile, Rlimit { current: Some(maximum), maximum: Some(maximum) }).is_ok()
    {
        return maximum;
    }
    if limit.maximum.is_none() {
        // An unlimited hard limit: some systems refuse an unlimited soft one; ask for plenty.
        let plenty = 1 << 20;
        if current < plenty && setrlimit(Resource::Nofile, Rlimit { current: Some(plenty), maximum: None }).is_ok() {
            return plenty;
        }
    }
    current
}

/// Systems without `setrlimit`: a conservative guess.
#[cfg(not(unix))]
pub fn raise_open_files_limit() -> u64 {
    2_048
}

/// Serves `app` on `listener` until `shutdown` completes, then lets the connections under way
/// finish their requests. Each request carries the client's address (`ConnectInfo`).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(limits.header_read_timeout).keep_alive(true);
    tokio::pin!(shutdown);
    loop {
        // Wait for room before accepting: past the cap, connections queue in the kernel.
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, address) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of files or a connection reset before it was accepted: wait a little
                    // rather than spin.
                    tracing::warn!(error = %e, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        drop(stream.set_nodelay(true));
        let service = app.clone().map_request(move |mut request: Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(address));
            request
        });
        let connection = builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A connection's errors (a client gone, a deadline missed) are the client's affair.
            drop(connection.await);
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}
