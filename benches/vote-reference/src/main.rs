//! The yardstick of `scripts/vote-bench.sh`: the smallest honest phone-vote server, bench-only
//! (never part of `cabildo`).
//!
//! One route with the request and answer shape of Cabildo's phone-vote API —
//! `POST /api/v1/motions/{id}/phone-votes` with `{"ticket": "…", "option": "for"}`, answered
//! `200 {"status":"recorded"}` — and nothing around it. The ticket is normalised and hashed
//! (SHA-256, as Cabildo keeps only hashes); the vote goes to a queue; **one writer thread** takes
//! everything queued (up to 1,000), and in one `BEGIN IMMEDIATE` transaction marks each ticket
//! used (`UPDATE … WHERE used = 0`) and inserts its vote, commits (SQLite in WAL,
//! `synchronous = FULL`: one fsync per batch), and only then answers each request (group commit).
//! A ticket that is unknown or already used is refused (409); nothing is acknowledged before its
//! commit, and a failed commit answers 503 for every vote of its batch.
//!
//! ```text
//! vote-reference serve --db votes.db --tickets tickets.txt --motion 7 --listen 127.0.0.1:18090
//! vote-reference check --db votes.db --acknowledged 100000
//! ```
//!
//! `serve` starts from an empty database holding the tickets of `--tickets` (one code a line);
//! `check` prints the tally's table rows and fails when fewer votes were stored than acknowledged
//! or a ticket voted twice.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use axum::Json;
use axum::Router;
use axum::extract::{Path as UrlPath, State};
use axum::http::StatusCode;
use axum::routing::post;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tokio::sync::oneshot;

/// The same allocator as the `cabildo` binary, so that the comparison is like for like.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The most votes committed in one transaction (as Cabildo's vote box).
const MAX_BATCH: usize = 1000;

type Failure = Box<dyn std::error::Error + Send + Sync>;

#[derive(Deserialize)]
struct VoteRequest {
    ticket: String,
    option: String,
}

#[derive(Serialize)]
struct Answer {
    status: &'static str,
}

/// What the writer made of a vote.
#[derive(Clone, Copy)]
enum Outcome {
    Recorded,
    TicketRefused,
    Failed,
}

struct Job {
    ticket_hash: String,
    option: &'static str,
    reply: oneshot::Sender<Outcome>,
}

#[derive(Clone)]
struct App {
    motion: i64,
    queue: mpsc::Sender<Job>,
}

fn main() -> Result<(), Failure> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| -> Result<String, Failure> {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
            .ok_or_else(|| format!("missing {name}").into())
    };
    match args.first().map(String::as_str) {
        Some("serve") => serve(
            &PathBuf::from(flag("--db")?),
            &PathBuf::from(flag("--tickets")?),
            flag("--motion")?.parse()?,
            &flag("--listen")?,
        ),
        Some("check") => check(&PathBuf::from(flag("--db")?), flag("--acknowledged")?.parse()?),
        _ => Err(
            "usage: vote-reference serve --db F --tickets F --motion N --listen ADDR | check --db F --acknowledged N"
                .into(),
        ),
    }
}

/// The stored form of a ticket: its code without separators, upper case, hashed.
fn ticket_hash(code: &str) -> String {
    let normal: String = code.chars().filter(|c| !matches!(c, '-' | ' ')).map(|c| c.to_ascii_uppercase()).collect();
    URL_SAFE_NO_PAD.encode(Sha256::digest(normal.as_bytes()))
}

fn open(db: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(db)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    Ok(conn)
}

fn serve(db: &Path, tickets: &Path, motion: i64, listen: &str) -> Result<(), Failure> {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        match std::fs::remove_file(&name) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
            _ => {}
        }
    }
    let mut conn = open(db)?;
    conn.execute_batch(
        "CREATE TABLE tickets (hash TEXT PRIMARY KEY, used INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
         CREATE TABLE votes (ticket_hash TEXT PRIMARY KEY REFERENCES tickets(hash), option TEXT NOT NULL) WITHOUT ROWID;",
    )?;
    let codes = std::fs::read_to_string(tickets)?;
    let tx = conn.transaction()?;
    {
        let mut insert = tx.prepare("INSERT INTO tickets (hash) VALUES (?1)")?;
        for code in codes.lines().filter(|l| !l.trim().is_empty()) {
            insert.execute([ticket_hash(code)])?;
        }
    }
    tx.commit()?;

    let (queue, jobs) = mpsc::channel::<Job>();
    std::thread::Builder::new().name("writer".into()).spawn(move || writer(conn, &jobs))?;
    let app = Router::new().route("/api/v1/motions/{id}/phone-votes", post(vote)).with_state(App { motion, queue });
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(listen).await?;
        eprintln!("vote-reference listening on {}", listener.local_addr()?);
        axum::serve(listener, app).await
    })?;
    Ok(())
}

async fn vote(
    State(app): State<App>,
    UrlPath(id): UrlPath<i64>,
    Json(request): Json<VoteRequest>,
) -> (StatusCode, Json<Answer>) {
    let option = match request.option.as_str() {
        "for" => "for",
        "against" => "against",
        "abstain" => "abstain",
        _ => return (StatusCode::UNPROCESSABLE_ENTITY, Json(Answer { status: "unknown_option" })),
    };
    if id != app.motion {
        return (StatusCode::CONFLICT, Json(Answer { status: "vote_not_open" }));
    }
    let (reply, answer) = oneshot::channel();
    if app.queue.send(Job { ticket_hash: ticket_hash(&request.ticket), option, reply }).is_err() {
        return (StatusCode::SERVICE_UNAVAILABLE, Json(Answer { status: "unavailable" }));
    }
    match answer.await.unwrap_or(Outcome::Failed) {
        Outcome::Recorded => (StatusCode::OK, Json(Answer { status: "recorded" })),
        Outcome::TicketRefused => (StatusCode::CONFLICT, Json(Answer { status: "ticket_refused" })),
        Outcome::Failed => (StatusCode::SERVICE_UNAVAILABLE, Json(Answer { status: "unavailable" })),
    }
}

/// The one writer: a batch of whatever is queued, one transaction, then the answers.
fn writer(mut conn: Connection, jobs: &mpsc::Receiver<Job>) {
    while let Ok(first) = jobs.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            let Ok(job) = jobs.try_recv() else { break };
            batch.push(job);
        }
        let outcomes = commit(&mut conn, &batch).unwrap_or_else(|e| {
            eprintln!("batch of {} failed: {e}", batch.len());
            vec![Outcome::Failed; batch.len()]
        });
        for (job, outcome) in batch.into_iter().zip(outcomes) {
            // A request that went away no longer waits for its answer.
            _ = job.reply.send(outcome);
        }
    }
}

fn commit(conn: &mut Connection, batch: &[Job]) -> rusqlite::Result<Vec<Outcome>> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut outcomes = Vec::with_capacity(batch.len());
    {
        let mut mark = tx.prepare_cached("UPDATE tickets SET used = 1 WHERE hash = ?1 AND used = 0")?;
        let mut store = tx.prepare_cached("INSERT INTO votes (ticket_hash, option) VALUES (?1, ?2)")?;
        for job in batch {
            if mark.execute([&job.ticket_hash])? == 1 {
                store.execute(params![job.ticket_hash, job.option])?;
                outcomes.push(Outcome::Recorded);
            } else {
                outcomes.push(Outcome::TicketRefused);
            }
        }
    }
    tx.commit()?;
    Ok(outcomes)
}

fn check(db: &Path, acknowledged: i64) -> Result<(), Failure> {
    let conn = open(db)?;
    let (counted, used): (i64, i64) = conn.query_row(
        "SELECT (SELECT count(*) FROM votes), (SELECT count(*) FROM tickets WHERE used = 1)",
        [],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    println!("| acknowledged votes | {acknowledged} |");
    println!("| votes stored | {counted} |");
    println!("| tickets used | {used} |");
    if counted < acknowledged {
        return Err(format!("{acknowledged} acknowledged but only {counted} stored").into());
    }
    if counted != used {
        return Err(format!("{counted} votes from {used} used tickets").into());
    }
    println!("| every acknowledged vote stored, none twice | yes |");
    Ok(())
}
