//! The live view's benchmark (`scripts/sse-bench.sh`): many screens watching one cabildo abierto
//! through server-sent events while a crowd votes by phone, against a running `cabildo serve` on
//! this machine.
//!
//! - `--live-setup N`: a cabildo abierto with N tickets and a phone vote open (as
//!   `--phone-setup`), and an account `bench-actas`, secretario de actas of its body, with an API
//!   token to close the vote and the assembly; all written to `--dir`.
//! - `--live-load URL --watchers W --clients C --server-pid PID`: first half of the tickets voted
//!   from C keep-alive connections with nobody watching; then W watchers open the event stream
//!   (the server's resident memory read before and after, from `/proc/PID/status`); the second
//!   half voted with them watching; then the vote is closed, and the assembly, and the time until
//!   each watcher has the outcome, and then the final `end` event, is measured from when each
//!   close was sent. Every loop is bounded: one vote per ticket, each wait with a deadline.
//! - `--minimal-get ADDRESS`: the page benchmark's reference, a minimal axum GET.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use cabildo_domain::access::Role;
use cabildo_services::access::{self, PasswordCost};
use cabildo_services::{Ctx, ServiceError};
use cabildo_store::Store;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::watch;

/// The longest any step may wait (connecting, a vote, an event).
const DEADLINE: Duration = Duration::from_secs(60);

fn internal(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::Internal(e.to_string())
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// Step 1: the assembly, its tickets and an organiser's API token, in `dir`.
pub fn live_setup(db: &str, ctx: &Ctx, dir: &Path, n: u64) -> Result<(), ServiceError> {
    super::assembly::phone_setup(db, ctx, dir, n)?;
    let store = Store::open(db)?;
    let motion: i64 = read(dir, "phone-motion.txt")?.trim().parse().map_err(internal)?;
    let (assembly, body) = store.read(|repo| {
        let motion = repo
            .motion(cabildo_domain::assembly::MotionId(motion))?
            .ok_or_else(|| internal("the motion just made is gone"))?;
        let assembly = repo.assembly(motion.assembly_id)?.ok_or_else(|| internal("the assembly just made is gone"))?;
        let body = repo.body(assembly.body_id)?.ok_or_else(|| internal("the body just made is gone"))?;
        Ok::<_, ServiceError>((assembly.id.0, body.code.to_string()))
    })?;
    let password = format!("bench-{}", ctx.now);
    access::create_account(&store, ctx, PasswordCost::STANDARD, "bench-actas", "Bench actas", &password)?;
    access::grant(&store, ctx, "bench-actas", &body, Role::SecretarioActas)?;
    let token = access::create_api_token(&store, ctx, "bench-actas", "sse bench")?;
    write(dir, "live-assembly.txt", assembly.to_string())?;
    write(dir, "live-token.txt", token)?;
    Ok(())
}

fn read(dir: &Path, name: &str) -> Result<String, ServiceError> {
    std::fs::read_to_string(dir.join(name))
        .map_err(|e| ServiceError::Unreadable { path: dir.join(name).display().to_string(), reason: e.to_string() })
}

fn write(dir: &Path, name: &str, text: String) -> Result<(), ServiceError> {
    std::fs::write(dir.join(name), text)
        .map_err(|e| ServiceError::Unwritable { path: dir.join(name).display().to_string(), reason: e.to_string() })
}

/// What step 2 is given.
pub struct LiveLoad<'a> {
    pub url: &'a str,
    pub dir: &'a Path,
    pub watchers: usize,
    pub clients: usize,
    pub server_pid: Option<u32>,
}

/// Step 2: the measurement, printed as a table.
pub fn live_load(load: &LiveLoad<'_>) -> Result<(), ServiceError> {
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().map_err(internal)?;
    runtime.block_on(measure(load))
}

/// The server's resident memory in KiB.
fn rss_kib(pid: Option<u32>) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{}/status", pid?)).ok()?;
    status.lines().find(|l| l.starts_with("VmRSS:"))?.split_whitespace().nth(1)?.parse().ok()
}

async fn measure(load: &LiveLoad<'_>) -> Result<(), ServiceError> {
    let tickets: Vec<String> = read(load.dir, "tickets.txt")?.lines().map(str::to_string).collect();
    let motion: i64 = read(load.dir, "phone-motion.txt")?.trim().parse().map_err(internal)?;
    let assembly: i64 = read(load.dir, "live-assembly.txt")?.trim().parse().map_err(internal)?;
    let token = read(load.dir, "live-token.txt")?.trim().to_string();
    let addr = load.url.trim_start_matches("http://").trim_end_matches('/').to_string();
    let (first, second) = tickets.split_at(tickets.len() / 2);

    // 1. Votes with nobody watching.
    let alone = vote(&addr, motion, first, load.clients).await;

    // 2. The watchers connect; the server's memory before and after.
    let before = rss_kib(load.server_pid);
    let (closing, closed) = watch::channel(None::<(Phase, Instant)>);
    let connected = Arc::new(AtomicU64::new(0));
    let mut watchers = Vec::with_capacity(load.watchers);
    let opening = Instant::now();
    for _ in 0..load.watchers {
        let (addr, closed, connected) = (addr.clone(), closed.clone(), connected.clone());
        watchers.push(tokio::spawn(async move { watcher(&addr, assembly, closed, &connected).await }));
    }
    let all = load.watchers as u64;
    while connected.load(Ordering::Relaxed) < all && opening.elapsed() < DEADLINE {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let open_time = opening.elapsed();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let after = rss_kib(load.server_pid);
    let watching = connected.load(Ordering::Relaxed);

    // 3. Votes with them watching.
    let watched = vote(&addr, motion, second, load.clients).await;
    tokio::time::sleep(Duration::from_secs(1)).await;

    // 4. The vote closes, then the assembly: how long until every watcher has it.
    closing.send_replace(Some((Phase::Decided, Instant::now())));
    let vote_closed = api_post(&addr, &format!("/api/v1/motions/{motion}/close"), &token).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    closing.send_replace(Some((Phase::Ended, Instant::now())));
    let assembly_closed = api_post(&addr, &format!("/api/v1/assemblies/{assembly}/close"), &token).await;
    let mut decided = Vec::new();
    let mut ended = Vec::new();
    let mut events = 0u64;
    let mut failed = 0u64;
    for w in watchers {
        match w.await {
            Ok(Ok(seen)) => {
                events += seen.events;
                decided.extend(seen.decided);
                ended.extend(seen.ended);
            }
            _ => failed += 1,
        }
    }
    decided.sort();
    ended.sort();
    let pct = |v: &[Duration], p: f64| {
        v.get(((v.len() as f64 * p) as usize).min(v.len().saturating_sub(1))).map_or("n/a".to_string(), |d| ms(*d))
    };
    let within = |v: &[Duration]| v.iter().filter(|d| **d <= Duration::from_secs(1)).count();

    println!("| measure | value |");
    println!("|---|---|");
    println!("| watchers asked for / streams open | {} / {watching} (in {}) |", load.watchers, ms(open_time));
    println!("| watchers that failed | {failed} |");
    if let (Some(b), Some(a)) = (before, after) {
        let per = (a.saturating_sub(b) as f64) * 1024.0 / (watching.max(1) as f64);
        println!("| server VmRSS before / after the watchers | {} / {} MiB |", b / 1024, a / 1024);
        println!("| extra server memory per watcher | {:.1} KB |", per / 1000.0);
    }
    println!("| phone clients (keep-alive connections) | {} |", load.clients);
    println!("| votes/s, nobody watching ({} tickets) | {:.0} (p99 {}) |", first.len(), alone.rate(), ms(alone.p99));
    println!(
        "| votes/s, {watching} watching ({} tickets) | {:.0} (p99 {}) |",
        second.len(),
        watched.rate(),
        ms(watched.p99)
    );
    println!("| rate watched / alone | {:.0} % |", 100.0 * watched.rate() / alone.rate().max(1e-9));
    println!("| votes refused or lost | {} / {} |", alone.refused + watched.refused, alone.lost + watched.lost);
    println!("| events received by all watchers | {events} |");
    println!("| close of the vote answered | {vote_closed} |");
    println!(
        "| outcome on every screen after the close: p50 / p99 / max | {} / {} / {} ({} of {watching} within 1 s) |",
        pct(&decided, 0.5),
        pct(&decided, 0.99),
        pct(&decided, 1.0),
        within(&decided)
    );
    println!("| close of the assembly answered | {assembly_closed} |");
    println!(
        "| final `end` event after the assembly's close: p50 / p99 / max | {} / {} / {} ({} of {watching} within 1 s) |",
        pct(&ended, 0.5),
        pct(&ended, 0.99),
        pct(&ended, 1.0),
        within(&ended)
    );
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Decided,
    Ended,
}

/// What one watcher saw.
struct Seen {
    events: u64,
    /// From the close of the vote to the first event with its outcome.
    decided: Option<Duration>,
    /// From the close of the assembly to the `end` event.
    ended: Option<Duration>,
}

/// One screen: opens the stream, counts events, and times the outcome and the end against the
/// closes announced on `closed`.
async fn watcher(
    addr: &str,
    assembly: i64,
    closed: watch::Receiver<Option<(Phase, Instant)>>,
    connected: &AtomicU64,
) -> std::io::Result<Seen> {
    let mut stream = tokio::time::timeout(DEADLINE, TcpStream::connect(addr)).await??;
    let request =
        format!("GET /assemblies/{assembly}/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n");
    stream.write_all(request.as_bytes()).await?;
    let mut seen = Seen { events: 0, decided: None, ended: None };
    let mut pending = Vec::<u8>::with_capacity(2048);
    let mut chunk = [0_u8; 4096];
    let mut first = true;
    loop {
        let n = tokio::time::timeout(DEADLINE * 3, stream.read(&mut chunk)).await??;
        if n == 0 {
            return Ok(seen);
        }
        pending.extend_from_slice(&chunk[..n]);
        // One event per "\n\n" (the chunked encoding's size lines end in "\r\n").
        while let Some(end) = pending.windows(2).position(|w| w == b"\n\n") {
            let event: Vec<u8> = pending.drain(..end + 2).collect();
            let text = String::from_utf8_lossy(&event);
            if !text.contains("data:") {
                continue;
            }
            seen.events += 1;
            if first {
                first = false;
                connected.fetch_add(1, Ordering::Relaxed);
            }
            let now = Instant::now();
            let decided = text.contains("data-k=\"state\">") && !text.contains("data-k=\"state\">En votación");
            if let Some((phase, at)) = *closed.borrow() {
                if seen.decided.is_none() && decided {
                    seen.decided = Some(now.duration_since(at));
                }
                if phase == Phase::Ended && text.contains("event: end") {
                    seen.ended = Some(now.duration_since(at));
                }
            }
        }
    }
}

/// The votes of a phase: accepted, refused, lost, the time taken and the 99th percentile.
struct Votes {
    accepted: u64,
    refused: u64,
    lost: u64,
    elapsed: Duration,
    p99: Duration,
}

impl Votes {
    fn rate(&self) -> f64 {
        self.accepted as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// Every ticket of `tickets` votes once, from `clients` keep-alive connections.
async fn vote(addr: &str, motion: i64, tickets: &[String], clients: usize) -> Votes {
    let clients = clients.clamp(1, 4000);
    let per = tickets.len().div_ceil(clients).max(1);
    let accepted = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let mut phones = Vec::new();
    for share in tickets.chunks(per) {
        let (addr, share, accepted) = (addr.to_string(), share.to_vec(), accepted.clone());
        phones.push(tokio::spawn(async move { phone(&addr, motion, &share, &accepted).await }));
    }
    let mut latencies = Vec::with_capacity(tickets.len());
    let mut lost = 0u64;
    for p in phones {
        match p.await {
            Ok(Ok(l)) => latencies.extend(l),
            _ => lost += 1,
        }
    }
    let elapsed = start.elapsed();
    latencies.sort();
    let p99 = latencies.get((latencies.len() * 99 / 100).min(latencies.len().saturating_sub(1))).copied();
    let accepted = accepted.load(Ordering::Relaxed);
    Votes {
        accepted,
        refused: (latencies.len() as u64).saturating_sub(accepted),
        lost,
        elapsed,
        p99: p99.unwrap_or_default(),
    }
}

/// One phone's connection sending its tickets' votes one after the other.
async fn phone(addr: &str, motion: i64, tickets: &[String], accepted: &AtomicU64) -> std::io::Result<Vec<Duration>> {
    let stream = tokio::time::timeout(DEADLINE, TcpStream::connect(addr)).await??;
    stream.set_nodelay(true)?;
    let mut stream = BufReader::new(stream);
    let mut latencies = Vec::with_capacity(tickets.len());
    for (i, ticket) in tickets.iter().enumerate() {
        let option = if i % 3 == 0 { "against" } else { "for" };
        let body = format!("{{\"ticket\":\"{ticket}\",\"option\":\"{option}\"}}");
        let request = format!(
            "POST /api/v1/motions/{motion}/phone-votes HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n\r\n{body}",
            body.len()
        );
        let start = Instant::now();
        let (status, answer) = tokio::time::timeout(DEADLINE, exchange(&mut stream, &request)).await??;
        latencies.push(start.elapsed());
        if status == 200 && answer.contains("\"recorded\"") {
            accepted.fetch_add(1, Ordering::Relaxed);
        }
    }
    Ok(latencies)
}

/// Sends one request on a kept-alive connection and reads its answer (`Content-Length` bodies).
async fn exchange(stream: &mut BufReader<TcpStream>, request: &str) -> std::io::Result<(u16, String)> {
    stream.get_mut().write_all(request.as_bytes()).await?;
    let mut line = String::new();
    stream.read_line(&mut line).await?;
    let status = line.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let mut length = 0usize;
    loop {
        line.clear();
        if stream.read_line(&mut line).await? == 0 {
            return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "connection closed"));
        }
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut answer = vec![0u8; length];
    stream.read_exact(&mut answer).await?;
    Ok((status, String::from_utf8_lossy(&answer).into_owned()))
}

/// An API POST as the organiser, on a new connection: its status.
async fn api_post(addr: &str, path: &str, token: &str) -> u16 {
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\n\
         Content-Length: 2\r\nConnection: close\r\n\r\n{{}}"
    );
    let ask = async {
        let mut stream = BufReader::new(TcpStream::connect(addr).await?);
        exchange(&mut stream, &request).await
    };
    match tokio::time::timeout(DEADLINE, ask).await {
        Ok(Ok((status, _))) => status,
        _ => 0,
    }
}

/// The smallest axum server answering a GET: the reference the page benchmark compares with.
pub fn minimal_get(address: std::net::SocketAddr) -> Result<(), ServiceError> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(internal)?;
    runtime.block_on(async {
        let app = axum::Router::new().fallback(axum::routing::get(|| async { "Hello, world!" }));
        let listener = tokio::net::TcpListener::bind(address).await.map_err(internal)?;
        axum::serve(listener, app).await.map_err(internal)
    })
}
