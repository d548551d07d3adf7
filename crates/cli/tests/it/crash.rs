//! Durability, on SQLite: a vote that was acknowledged is counted. Phones vote through the real
//! server from several threads; the server is killed (SIGKILL) while votes are in flight; after a
//! restart every acknowledged vote is there, with its option, and none twice. The same for secret
//! ballots, which the server writes only in mixed batches: every ballot answered `recorded` is
//! counted after the kill (its code used, the counters at least as high as the acknowledged
//! choices, no code counted twice), and a ballot that was only `in_the_box` can be cast again.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use cabildo_domain::BodyKind;
use cabildo_domain::assembly::{DecisionRule, VoteMethod};
use cabildo_services::assembly::{self, ConveneForm, MotionForm};
use cabildo_services::registry::{self, BodyForm};
use cabildo_store::Store;

use crate::support::{op, wait_until};

const TICKETS: u64 = 3000;
/// Acknowledged votes before the server is killed.
const ACKNOWLEDGED_BEFORE_KILL: usize = 1000;
const THREADS: usize = 8;
const LIMIT: Duration = Duration::from_secs(120);

/// The server, killed (SIGKILL) when the guard goes.
struct Server {
    child: Child,
    address: SocketAddr,
}

impl Server {
    fn start(db: &str) -> Server {
        let child = Command::new(env!("CARGO_BIN_EXE_cabildo"))
            .args(["--db", db, "--lang", "es", "serve", "--listen", "127.0.0.1:0"])
            .env_remove("DATABASE_URL")
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start `cabildo serve`");
        // In the guard at once: killed whatever happens next.
        let mut server = Server { child, address: SocketAddr::from(([127, 0, 0, 1], 0)) };
        let stdout = server.child.stdout.take().unwrap();
        let (lines, incoming) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                drop(lines.send(line));
            }
        });
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let line = incoming
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("`cabildo serve` says where it listens");
            if let Some(at) = line.find("http://") {
                let url = line[at + "http://".len()..].split_whitespace().next().unwrap_or_default();
                server.address = url.trim_end_matches('/').parse().expect("an address");
                return server;
            }
        }
    }

    fn kill(&mut self) {
        drop(self.child.kill());
        drop(self.child.wait());
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A plain HTTP/1.1 POST of JSON, one connection per request: the status and the body.
fn post_json(address: SocketAddr, path: &str, body: &str) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect_timeout(&address, Duration::from_secs(5))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nAccept: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes())?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("not an HTTP response: {response:?}")))?;
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    Ok((status, body))
}

fn vote(address: SocketAddr, motion: i64, ticket: &str, option: &str) -> std::io::Result<(u16, String)> {
    let body = serde_json::json!({ "ticket": ticket, "option": option }).to_string();
    post_json(address, &format!("/api/v1/motions/{motion}/phone-votes"), &body)
}

/// A cabildo abierto in session, its tickets, and a motion open to phone votes.
fn cabildo_abierto(path: &str) -> (i64, Vec<String>) {
    let store = Store::open(path).unwrap();
    store.migrate().unwrap();
    let form = BodyForm {
        parent: None,
        kind: BodyKind::Central,
        composition: None,
        name: "Central Villa Tunari".into(),
        code: Some("VT".into()),
    };
    registry::create_body(&store, &op(), &form).unwrap();
    let convene = ConveneForm {
        kind: "cabildo_abierto".into(),
        title: "Cabildo abierto por el camino".into(),
        scheduled_for: "2026-11-30 09:00".into(),
        place: "Plaza principal".into(),
        agenda: "Bloqueo de caminos".into(),
    };
    let id = assembly::convene(&store, &op(), "VT", &convene).unwrap().id;
    assembly::open(&store, &op(), id).unwrap();
    let tickets = assembly::issue_tickets(&store, &op(), id, TICKETS).unwrap().codes;
    let motion = MotionForm {
        title: "Bloqueo de caminos".into(),
        text: "El cabildo resuelve ir al bloqueo.".into(),
        proposer: "Base".into(),
        origin: None,
        amends: None,
    };
    let m = assembly::add_motion(&store, &op(), id, &motion).unwrap().id;
    assembly::open_vote(&store, &op(), m, VoteMethod::Phone, DecisionRule::MajorityOfVotesCast).unwrap();
    (m.0, tickets)
}

#[test]
fn a_vote_that_was_acknowledged_is_counted_even_if_the_server_is_killed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cabildo.db").display().to_string();
    let (motion, tickets) = cabildo_abierto(&db);
    let tickets = Arc::new(tickets);

    let mut server = Server::start(&db);
    let address = server.address;
    let next = Arc::new(AtomicUsize::new(0));
    let acknowledged: Arc<Mutex<Vec<(String, &'static str)>>> = Arc::default();
    let killed = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let workers: Vec<_> = (0..THREADS)
        .map(|_| {
            let (tickets, next, acknowledged, killed) =
                (Arc::clone(&tickets), Arc::clone(&next), Arc::clone(&acknowledged), Arc::clone(&killed));
            std::thread::spawn(move || {
                let mut refused = Vec::new();
                while started.elapsed() < LIMIT {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(ticket) = tickets.get(i) else { break };
                    let option = if i % 3 == 0 { "against" } else { "for" };
                    match vote(address, motion, ticket, option) {
                        Ok((200, body)) => {
                            assert!(body.contains("recorded"), "{body}");
                            acknowledged.lock().unwrap().push((ticket.clone(), option));
                        }
                        Ok((status, body)) => refused.push(format!("{status} {body}")),
                        // Once the server is gone, requests fail: that is the point.
                        Err(_) if killed.load(Ordering::SeqCst) => break,
                        Err(e) => refused.push(e.to_string()),
                    }
                    if killed.load(Ordering::SeqCst) {
                        break;
                    }
                }
                refused
            })
        })
        .collect();

    // Kill the server mid-stream, once enough votes were acknowledged (or the tickets ran out).
    let enough = || acknowledged.lock().unwrap().len() >= ACKNOWLEDGED_BEFORE_KILL;
    let ran_out = || next.load(Ordering::SeqCst) >= tickets.len();
    let waited = wait_until(LIMIT.saturating_sub(started.elapsed()), || enough() || ran_out());
    assert!(waited, "only {} votes acknowledged", acknowledged.lock().unwrap().len());
    assert!(enough(), "tickets ran out before the kill");
    // Marked first, so any request failing from here on failed because of the kill.
    killed.store(true, Ordering::SeqCst);
    server.kill();
    let mut refused = Vec::new();
    for worker in workers {
        refused.extend(worker.join().unwrap());
    }
    assert!(refused.is_empty(), "votes refused before the kill: {:?}", &refused[..refused.len().min(5)]);
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(acknowledged.len() >= ACKNOWLEDGED_BEFORE_KILL);
    assert!(next.load(Ordering::SeqCst) < tickets.len(), "requests were still in flight at the kill");

    // After a restart (which recovers the database), every acknowledged vote is there.
    let server = Server::start(&db);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (rows, distinct): (i64, i64) = conn
        .query_row(
            "SELECT COUNT(*), COUNT(DISTINCT ticket_hash) FROM phone_votes WHERE motion_id = ?1",
            [motion],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(rows, distinct, "no ticket counted twice");
    assert!(rows as usize >= acknowledged.len(), "{rows} votes stored, {} acknowledged", acknowledged.len());
    let mut lookup = conn.prepare("SELECT option FROM phone_votes WHERE motion_id = ?1 AND ticket_hash = ?2").unwrap();
    for (ticket, option) in &acknowledged {
        let hash = assembly::code_hash(ticket).unwrap();
        let stored: Vec<String> =
            lookup.query_map(rusqlite::params![motion, hash], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
        assert_eq!(stored, [option.to_string()], "acknowledged vote of ticket {ticket} lost");
    }
    // A phone that sends an acknowledged vote again hears it was already recorded.
    for (ticket, option) in acknowledged.iter().take(3) {
        let (status, body) = vote(server.address, motion, ticket, option).unwrap();
        assert_eq!(status, 200, "{body}");
        assert!(body.contains("already_recorded"), "{body}");
    }
}

fn ballot(address: SocketAddr, motion: i64, code: &str, option: &str) -> std::io::Result<(u16, String)> {
    let body = serde_json::json!({ "code": code, "option": option }).to_string();
    post_json(address, &format!("/api/v1/motions/{motion}/ballots"), &body)
}

const BALLOTS: usize = 400;
const BALLOTS_ACKNOWLEDGED_BEFORE_KILL: usize = 120;
const BALLOT_THREADS: usize = 16;

#[test]
fn a_secret_ballot_that_was_acknowledged_is_counted_even_if_the_server_is_killed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cabildo.db").display().to_string();
    let (motion, codes) = {
        let store = Store::open(&db).unwrap();
        store.migrate().unwrap();
        let (_, m, codes) = crate::ballots::secret_vote(&store, "SK", BALLOTS);
        (m.0, codes)
    };
    let codes = Arc::new(codes);
    let option_of = |i: usize| ["for", "against", "abstain", "for"][i % 4];

    let mut server = Server::start(&db);
    let address = server.address;
    let next = Arc::new(AtomicUsize::new(0));
    let acknowledged: Arc<Mutex<Vec<(usize, &'static str)>>> = Arc::default();
    let in_the_box: Arc<Mutex<Vec<usize>>> = Arc::default();
    let killed = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let workers: Vec<_> = (0..BALLOT_THREADS)
        .map(|_| {
            let (codes, next, acknowledged, in_the_box, killed) = (
                Arc::clone(&codes),
                Arc::clone(&next),
                Arc::clone(&acknowledged),
                Arc::clone(&in_the_box),
                Arc::clone(&killed),
            );
            std::thread::spawn(move || {
                let mut refused = Vec::new();
                while started.elapsed() < LIMIT && !killed.load(Ordering::SeqCst) {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(code) = codes.get(i) else { break };
                    match ballot(address, motion, code, option_of(i)) {
                        Ok((200, body)) => {
                            assert!(body.contains("\"recorded\""), "{body}");
                            acknowledged.lock().unwrap().push((i, option_of(i)));
                        }
                        Ok((202, body)) => {
                            assert!(body.contains("in_the_box"), "{body}");
                            in_the_box.lock().unwrap().push(i);
                        }
                        Ok((status, body)) => refused.push(format!("{status} {body}")),
                        Err(_) if killed.load(Ordering::SeqCst) => break,
                        Err(e) => refused.push(e.to_string()),
                    }
                }
                refused
            })
        })
        .collect();

    let enough = || acknowledged.lock().unwrap().len() >= BALLOTS_ACKNOWLEDGED_BEFORE_KILL;
    let ran_out = || next.load(Ordering::SeqCst) >= codes.len();
    let waited = wait_until(LIMIT.saturating_sub(started.elapsed()), || enough() || ran_out());
    assert!(waited, "only {} ballots acknowledged", acknowledged.lock().unwrap().len());
    assert!(enough(), "codes ran out before the kill");
    killed.store(true, Ordering::SeqCst);
    server.kill();
    let mut refused = Vec::new();
    for worker in workers {
        refused.extend(worker.join().unwrap());
    }
    assert!(refused.is_empty(), "ballots refused before the kill: {:?}", &refused[..refused.len().min(5)]);
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(next.load(Ordering::SeqCst) < codes.len(), "ballots were still being cast at the kill");

    // After a restart: every acknowledged code is used, and the counters hold at least the
    // acknowledged choices; as many votes as used codes (none counted twice).
    let server = Server::start(&db);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let used: std::collections::BTreeSet<String> = conn
        .prepare("SELECT code_hash FROM ballot_codes WHERE motion_id = ?1 AND used = 1")
        .unwrap()
        .query_map([motion], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let counts: std::collections::BTreeMap<String, i64> = conn
        .prepare("SELECT option, count FROM vote_counts WHERE motion_id = ?1")
        .unwrap()
        .query_map([motion], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (i, _) in &acknowledged {
        assert!(used.contains(&assembly::code_hash(&codes[*i]).unwrap()), "acknowledged ballot {i} lost");
    }
    for option in ["for", "against", "abstain"] {
        let acked = acknowledged.iter().filter(|(_, o)| *o == option).count() as i64;
        let counted = counts.get(option).copied().unwrap_or(0);
        assert!(counted >= acked, "{option}: {counted} counted, {acked} acknowledged");
    }
    assert_eq!(counts.values().sum::<i64>(), used.len() as i64, "as many votes as used codes");
    assert!(used.len() >= acknowledged.len());

    // A ballot that was only in the box when the server died left its code unused: it is cast
    // again.
    let in_the_box = in_the_box.lock().unwrap().clone();
    let unused: Vec<usize> =
        in_the_box.iter().copied().filter(|i| !used.contains(&assembly::code_hash(&codes[*i]).unwrap())).collect();
    for i in unused.iter().take(3) {
        let (status, body) = ballot(server.address, motion, &codes[*i], option_of(*i)).unwrap();
        assert!(status == 200 || status == 202, "{status} {body}");
    }
    // An acknowledged code cannot vote again.
    let (i, option) = acknowledged[0];
    let (status, body) = ballot(server.address, motion, &codes[i], option).unwrap();
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("ballot_code_used"), "{body}");
}
