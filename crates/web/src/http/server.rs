//! Serving connections without letting one client exhaust the process: an accept loop over
//! hyper's HTTP/1 with a deadline for each request's headers (which is also how long a kept-alive
//! connection may sit idle), and a cap on the connections open at once, kept below the process's
//! limit of open files (raised to the hard limit at start where the system allows).
//!
//! A client that opens connections and sends nothing, or sends its headers a byte at a time
//! (slowloris), holds each for at most [`Limits::header_read_timeout`]; past
//! [`Limits::max_connections`] new connections wait in the kernel's backlog instead of taking the
//! file descriptors the database, the uploads and `/health` need.
//!
//! Event streams are served beside hyper, not through it. A stream lasts as long as a screen
//! watches (an assembly's live view: 10,000 projectors and phones at a cabildo), and hyper's
//! HTTP/1 connection holds a read buffer and a head buffer of 8 KB each for as long as it lives.
//! So the head of each connection's first request is read here: a `GET` that asks for
//! `text/event-stream` only and carries no body is answered by the same router, and its answer
//! written to the socket as it comes, then the connection closes (a stream's end is the
//! connection's). Any other request goes to hyper with the bytes already read put back in front.
//!
//! The streams run on a runtime of their own, one thread ([`Streams`]). Each change of
//! a tally wakes every screen's stream at once: 10,000 tasks in the queue of the threads that also
//! answer the phones would put each vote behind all of them. On their own thread, the system's
//! scheduler shares the cores between the screens and the phones instead.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use axum::extract::Request;
use futures_util::StreamExt;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
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
    let mut streams = Streams::start()?;
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
        let (app, builder, watcher) = (app.clone(), builder.clone(), graceful.watcher());
        let header_read_timeout = limits.header_read_timeout;
        let streams = streams.handle.clone();
        tokio::spawn(async move {
            let mut stream = stream;
            match read_opening(&mut stream, header_read_timeout).await {
                // Nothing came in time, or the client left: hyper would close it too.
                Opening::Gone => {}
                // The socket moves to the streams' runtime (its own I/O driver), with the permit.
                Opening::EventStream(request) => {
                    if let Ok(socket) = stream.into_std() {
                        streams.spawn(async move {
                            if let Ok(stream) = TcpStream::from_std(socket) {
                                serve_event_stream(stream, *request, app, address).await;
                            }
                            drop(permit);
                        });
                    }
                    return;
                }
                Opening::Other(read) => {
                    let service = app.map_request(move |mut request: Request<Incoming>| {
                        request.extensions_mut().insert(ConnectInfo(address));
                        request
                    });
                    let io = TokioIo::new(Prefixed { read, at: 0, stream });
                    let connection = builder.serve_connection(io, TowerToHyperService::new(service));
                    // A connection's errors (a client gone, a deadline missed) are the client's affair.
                    drop(watcher.watch(connection).await);
                }
            }
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    // The live tallies were closed first: the streams write their last bytes and end, or wait
    // for their client to close first; those still waiting after a second are cut.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(1);
    while streams.handle.metrics().num_alive_tasks() > 0 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Stopped on a blocking thread, waiting for its thread to have dropped the streams left: the
    // store must not lose its last reference there, on a runtime's thread (see `serve_on`).
    if let Some(runtime) = streams.runtime.take() {
        drop(tokio::task::spawn_blocking(move || runtime.shutdown_timeout(Duration::from_secs(1))).await);
    }
    Ok(())
}

/// The runtime the event streams run on: one worker thread, with timers and I/O of its own.
/// Dropped with its runtime still in (the server's task cancelled), it stops at once, which is
/// allowed inside an async context, and closes the streams' sockets.
struct Streams {
    runtime: Option<tokio::runtime::Runtime>,
    handle: tokio::runtime::Handle,
}

impl Streams {
    fn start() -> io::Result<Streams> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("event-streams")
            .enable_all()
            .build()?;
        let handle = runtime.handle().clone();
        Ok(Streams { runtime: Some(runtime), handle })
    }
}

impl Drop for Streams {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// The most of a first request's head read before hyper takes over (a head longer than this —
/// cookies of other sites, say — goes to hyper, which reads the rest).
const OPENING_BYTES: usize = 16 * 1024;

/// How long a stream that ended waits for the client to close the connection first.
const LINGER: Duration = Duration::from_secs(3);

/// How long a stream's bytes may wait for a client that does not read them before it is closed.
const STREAM_WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// What a connection opened with.
enum Opening {
    /// Nothing within the deadline for headers, or the client closed first.
    Gone,
    /// A request for an event stream, as the router takes it.
    EventStream(Box<Request>),
    /// Anything else, with the bytes read so far (for hyper).
    Other(Vec<u8>),
}

/// Reads the head of a connection's first request, within `deadline`.
async fn read_opening(stream: &mut TcpStream, deadline: Duration) -> Opening {
    let mut read = Vec::with_capacity(2048);
    let reading = async {
        loop {
            let mut chunk = [0_u8; 2048];
            let n = match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return !read.is_empty(),
                Ok(n) => n,
            };
            read.extend_from_slice(&chunk[..n]);
            // Only the new bytes (and the three before them) are searched: a head sent a byte at
            // a time costs no more than one sent at once.
            let from = read.len().saturating_sub(n + 3);
            if read.len() >= OPENING_BYTES || read[from..].windows(4).any(|w| w == b"\r\n\r\n") {
                return true;
            }
        }
    };
    match tokio::time::timeout(deadline, reading).await {
        Ok(true) => {}
        Ok(false) | Err(_) => return Opening::Gone,
    }
    match event_stream_request(&read) {
        Some(request) => Opening::EventStream(Box::new(request)),
        None => Opening::Other(read),
    }
}

/// The request in `head` when it is a complete `GET` without a body that accepts only event
/// streams (what a browser's `EventSource` sends); `None` for anything else, left to hyper.
fn event_stream_request(head: &[u8]) -> Option<Request> {
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut parsed = httparse::Request::new(&mut headers);
    let length = match parsed.parse(head) {
        Ok(httparse::Status::Complete(length)) => length,
        _ => return None,
    };
    // Pipelined bytes after the head, or a body: hyper's affair.
    if length != head.len() || parsed.method != Some("GET") {
        return None;
    }
    let mut accepts_stream = false;
    let mut request = Request::builder().method(axum::http::Method::GET).uri(parsed.path?);
    for header in parsed.headers.iter() {
        let name = header.name;
        if name.eq_ignore_ascii_case("content-length")
            || name.eq_ignore_ascii_case("transfer-encoding")
            || name.eq_ignore_ascii_case("upgrade")
        {
            return None;
        }
        if name.eq_ignore_ascii_case("accept") {
            accepts_stream = header.value.trim_ascii().eq_ignore_ascii_case(b"text/event-stream");
        }
        request = request.header(name, header.value);
    }
    if !accepts_stream {
        return None;
    }
    request.body(axum::body::Body::empty()).ok()
}

/// Answers an event-stream request on `stream` and closes it when the client leaves, stops
/// reading for [`STREAM_WRITE_TIMEOUT`], or the answer ends (a stream that ended waits up to
/// [`LINGER`] for the client to close first). The answer is HTTP/1.1 delimited by the
/// connection's end, as a stream's is; what the router answers otherwise (a refusal) keeps its
/// length and closes at once.
async fn serve_event_stream(mut stream: TcpStream, mut request: Request, app: Router, address: SocketAddr) {
    request.extensions_mut().insert(ConnectInfo(address));
    let Ok(response) = app.oneshot(request).await;
    let (parts, body) = response.into_parts();
    let streaming = parts.headers.get(axum::http::header::CONTENT_TYPE).is_some_and(|t| t == "text/event-stream");
    let mut head = Vec::with_capacity(512);
    head.extend_from_slice(b"HTTP/1.1 ");
    head.extend_from_slice(parts.status.as_str().as_bytes());
    head.push(b' ');
    head.extend_from_slice(parts.status.canonical_reason().unwrap_or("").as_bytes());
    head.extend_from_slice(b"\r\n");
    for (name, value) in &parts.headers {
        if name == axum::http::header::CONNECTION || name == axum::http::header::TRANSFER_ENCODING {
            continue;
        }
        head.extend_from_slice(name.as_str().as_bytes());
        head.extend_from_slice(b": ");
        head.extend_from_slice(value.as_bytes());
        head.extend_from_slice(b"\r\n");
    }
    head.extend_from_slice(b"connection: close\r\n\r\n");
    if !write_within(&mut stream, &head).await {
        return;
    }
    drop((head, parts));
    let mut data = body.into_data_stream();
    loop {
        let mut ignored = [0_u8; 32];
        tokio::select! {
            next = data.next() => match next {
                Some(Ok(bytes)) => {
                    if !write_within(&mut stream, &bytes).await {
                        return;
                    }
                }
                Some(Err(_)) | None => break,
            },
            // A client sends nothing more on a stream: end of file (or an error) means it left.
            read = stream.read(&mut ignored) => if matches!(read, Ok(0) | Err(_)) {
                return;
            },
        }
    }
    // The browser closes its side on the final event: let it close first, so that the
    // connections of a whole cabildo's screens do not end in one burst of closes from the server
    // (each leaving a socket in TIME_WAIT here).
    if streaming {
        let mut ignored = [0_u8; 32];
        drop(tokio::time::timeout(LINGER, stream.read(&mut ignored)).await);
    }
}

/// Writes `bytes` within [`STREAM_WRITE_TIMEOUT`]; false when the client is gone or too slow.
async fn write_within(stream: &mut TcpStream, bytes: &[u8]) -> bool {
    // An event fits in the socket's buffer at once, nearly always: no timer for 10,000 screens.
    let rest = match stream.try_write(bytes) {
        Ok(n) => &bytes[n..],
        Err(e) if e.kind() == io::ErrorKind::WouldBlock => bytes,
        Err(_) => return false,
    };
    rest.is_empty() || matches!(tokio::time::timeout(STREAM_WRITE_TIMEOUT, stream.write_all(rest)).await, Ok(Ok(())))
}

/// A connection with the bytes already read from it put back in front, for hyper.
struct Prefixed {
    read: Vec<u8>,
    at: usize,
    stream: TcpStream,
}

impl AsyncRead for Prefixed {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        if this.at < this.read.len() {
            let n = buf.remaining().min(this.read.len() - this.at);
            buf.put_slice(&this.read[this.at..this.at + n]);
            this.at += n;
            if this.at == this.read.len() {
                // Given back: free it for the connection's lifetime.
                this.read = Vec::new();
                this.at = 0;
            }
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut this.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Prefixed {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}
