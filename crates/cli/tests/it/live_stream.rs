//! The live view's server-sent events, on both backends: one open stream per watcher that
//! receives the current tally at once, each new tally after phone votes, the outcome after the
//! vote closes, and the final state as an `end` event when the assembly closes, after which the
//! stream ends; every watcher of an assembly shares one channel, dropped when the last one goes;
//! a viewer who may not see the assembly is refused the stream as the page refuses them, and a
//! stream is never compressed (a proxy or the compression layer would hold events back). Over a
//! real socket, event streams are answered beside hyper (without its per-connection buffers) and
//! closed when the client leaves; every other request is hyper's, however its bytes came.

use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::http::{StatusCode, header};
use http_body_util::BodyExt;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::ServiceExt;

use cabildo_domain::assembly::AssemblyId;

use crate::support::{Db, TestApp, Who, on_both_backends, wait_until};

on_both_backends!(
    a_stream_pushes_each_new_tally_and_ends_with_the_final_one,
    a_crowd_voting_refreshes_the_screens_at_most_once_a_second,
    watchers_of_an_assembly_share_one_channel_dropped_when_the_last_leaves,
    screens_queued_behind_the_first_join_its_channel_without_reading_the_view,
    a_viewer_who_may_not_see_the_assembly_is_refused_the_stream,
    stopping_the_server_ends_the_open_streams,
    streams_are_served_beside_hyper_and_everything_else_by_it,
);

/// The state line of a decided motion (whatever the outcome: the rule is the statute's).
const OUTCOME: &str = "data-k=\"state\">";

/// How long a test waits for an event before it fails.
const PATIENCE: Duration = Duration::from_secs(10);

/// An open event stream as a browser reads it: event by event, as they come.
pub(crate) struct Events {
    body: Body,
    pending: String,
}

impl Events {
    /// Opens `/assemblies/{a}/events` as `who`, asking for gzip as browsers do; the stream must
    /// be accepted, as `text/event-stream`, uncompressed and not cached.
    pub(crate) async fn open(app: &TestApp, a: i64, who: Who<'_>) -> Events {
        let request = app
            .request("GET", &format!("/assemblies/{a}/events"))
            .by(who)
            .header(header::ACCEPT_ENCODING, "gzip")
            .build();
        let response = cabildo_web::router(app.state.clone()).oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let headers = response.headers();
        assert_eq!(headers.get(header::CONTENT_TYPE).unwrap(), "text/event-stream");
        assert!(headers.get(header::CONTENT_ENCODING).is_none(), "a stream must not be compressed");
        assert_eq!(headers.get(header::CACHE_CONTROL).unwrap(), "no-store");
        Events { body: response.into_body(), pending: String::new() }
    }

    /// The next event, its name (`message` when unnamed) and data; `None` when the stream ended.
    /// Keep-alive comments are skipped. Fails after [`PATIENCE`] without an event.
    pub(crate) async fn next(&mut self) -> Option<(String, String)> {
        loop {
            if let Some(end) = self.pending.find("\n\n") {
                let block: String = self.pending.drain(..end + 2).collect();
                let mut name = "message".to_string();
                let mut data = Vec::new();
                for line in block.lines() {
                    if let Some(value) = line.strip_prefix("event:") {
                        name = value.trim().to_string();
                    } else if let Some(value) = line.strip_prefix("data:") {
                        data.push(value.strip_prefix(' ').unwrap_or(value).to_string());
                    }
                }
                if data.is_empty() {
                    continue; // a comment
                }
                return Some((name, data.join("\n")));
            }
            let frame = tokio::time::timeout(PATIENCE, self.body.frame()).await.expect("an event in time");
            match frame {
                None => return None,
                Some(frame) => {
                    let data = frame.unwrap().into_data().unwrap_or_else(|_| Bytes::new());
                    self.pending.push_str(&String::from_utf8_lossy(&data));
                }
            }
        }
    }

    /// Events until one whose data contains `wanted` (the tally may come in several steps).
    async fn until(&mut self, wanted: &str) -> (String, String) {
        self.until_that(wanted, |data| data.contains(wanted)).await
    }

    /// Events until one whose data is `wanted` (described as `what`).
    async fn until_that(&mut self, what: &str, wanted: impl Fn(&str) -> bool) -> (String, String) {
        let mut seen = Vec::new();
        while let Some((name, data)) = self.next().await {
            if wanted(&data) {
                return (name, data);
            }
            seen.push(data);
        }
        panic!("the stream ended without {what:?}; it sent {seen:#?}");
    }
}

async fn phone_vote(app: &TestApp, m: i64, ticket: &str, option: &str) {
    let (status, answer) = app
        .request("POST", &format!("/api/v1/motions/{m}/phone-votes"))
        .json(&json!({"ticket": ticket, "option": option}))
        .api()
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
}

fn a_stream_pushes_each_new_tally_and_ends_with_the_final_one(db: &Db) {
    let app = TestApp::assembly_sindicato(db);
    app.block_on(async {
        let a = app.convene_kind("cabildo_abierto").await;
        let codes = app.issue(a, 10).await;
        let m = app.phone_motion(a, "Bloqueo del camino").await;
        // The crowd watches without signing in; the organiser signed in.
        let mut crowd = Events::open(&app, a, Who::Anonymous).await;
        let mut organiser = Events::open(&app, a, Who::User("actas")).await;
        let (name, first) = crowd.next().await.unwrap();
        assert_eq!(name, "message");
        assert!(first.contains("Bloqueo del camino") && first.contains("0 votos en total"), "{first}");
        assert!(organiser.next().await.unwrap().1.contains("0 votos en total"));

        // Votes come to every open stream, without a new request.
        phone_vote(&app, m, &codes[0], "for").await;
        phone_vote(&app, m, &codes[1], "for").await;
        phone_vote(&app, m, &codes[2], "against").await;
        let (_, tally) = crowd.until("3 votos en total").await;
        assert!(tally.contains(">2</td><td class=\"pct\">67 %<"), "{tally}");
        assert!(tally.contains(">1</td><td class=\"pct\">33 %<"), "{tally}");
        organiser.until("3 votos en total").await;

        // The vote closes: its outcome comes; the assembly closes: its final state, then the end.
        app.api_ok("POST", &format!("/api/v1/motions/{m}/close"), "actas", None, StatusCode::OK).await;
        let decided = |data: &str| !data.contains("En votación") && data.contains(OUTCOME);
        let (_, closed) = crowd.until_that("the outcome", decided).await;
        assert!(closed.contains("3 votos en total"), "{closed}");
        app.api_ok("POST", &format!("/api/v1/assemblies/{a}/close"), "actas", None, StatusCode::OK).await;
        let (mut name, mut last) = crowd.next().await.unwrap();
        while name == "message" {
            (name, last) = crowd.next().await.expect("an end event before the stream ends");
        }
        assert_eq!(name, "end");
        assert!(decided(&last) && last.contains("3 votos en total"), "{last}");
        assert!(crowd.next().await.is_none(), "the stream ends after the final state");
        assert_eq!(organiser.until_that("the final state", |d| d == last).await.0, "end");

        // A screen that opens the stream of an ended assembly gets the final state and the end.
        let mut late = Events::open(&app, a, Who::Anonymous).await;
        assert_eq!(late.next().await.unwrap(), ("end".to_string(), last));
        assert!(late.next().await.is_none());
    });
}

/// While phone votes flow, a screen gets a new tally at most once a second (each refresh is one
/// event to every screen), the first vote after a quiet spell at once, and the last vote counted.
fn a_crowd_voting_refreshes_the_screens_at_most_once_a_second(db: &Db) {
    let app = TestApp::assembly_sindicato(db);
    app.block_on(async {
        let a = app.convene_kind("cabildo_abierto").await;
        let codes = app.issue(a, 10).await;
        let m = app.phone_motion(a, "Bloqueo del camino").await;
        let mut screen = Events::open(&app, a, Who::Anonymous).await;
        assert!(screen.next().await.unwrap().1.contains("0 votos en total"));
        // Let the first refresh age, so that the first vote is shown at once.
        tokio::time::sleep(cabildo_services::assembly::VOTE_GAP).await;
        let started = Instant::now();
        phone_vote(&app, m, &codes[0], "for").await;
        screen.until("1 voto en total").await;
        assert!(
            started.elapsed() < cabildo_services::assembly::VOTE_GAP,
            "the first vote waited {:?}",
            started.elapsed()
        );
        // Eight more votes, one every 150 ms: five a second, as a crowd would.
        for code in &codes[1..9] {
            tokio::time::sleep(Duration::from_millis(150)).await;
            phone_vote(&app, m, code, "against").await;
        }
        let mut events = 0;
        while let Some((_, data)) = screen.next().await {
            events += 1;
            if data.contains("9 votos en total") {
                break;
            }
        }
        let seconds = started.elapsed().as_secs_f64();
        let most = seconds.ceil() as usize + 1;
        assert!(events <= most, "{events} events in {seconds:.1} s: at most one a second, and the last");
    });
}

fn watchers_of_an_assembly_share_one_channel_dropped_when_the_last_leaves(db: &Db) {
    let app = TestApp::assembly_sindicato(db);
    app.block_on(async {
        let a = app.convene_kind("cabildo_abierto").await;
        let codes = app.issue(a, 3).await;
        let m = app.phone_motion(a, "Cuota").await;
        let mut watchers = Vec::new();
        for _ in 0..40 {
            let mut events = Events::open(&app, a, Who::Anonymous).await;
            assert!(events.next().await.unwrap().1.contains("0 votos en total"));
            watchers.push(events);
        }
        assert_eq!(app.state.live.watched(), 1, "one channel for one assembly, whatever the watchers");
        phone_vote(&app, m, &codes[0], "abstain").await;
        for events in &mut watchers {
            events.until("1 voto en total").await;
        }
        drop(watchers);
        let gone = tokio::task::block_in_place(|| wait_until(PATIENCE, || app.state.live.watched() == 0));
        assert!(gone, "the channel is dropped once nobody watches");
        // A vote with nobody watching reaches nobody, and a new watcher sees it at once.
        phone_vote(&app, m, &codes[1], "for").await;
        let mut again = Events::open(&app, a, Who::Anonymous).await;
        assert!(again.next().await.unwrap().1.contains("2 votos en total"));
    });
}

/// A crowd's screens arrive together: those that found no channel yet wait for a thread to
/// subscribe, and by the time they get one the first has opened it. They join it without reading
/// the assembly's view again (at 10,000 screens, 860 such reads took 8 s of a core). Shown by
/// making the view unreadable once the channel is open: a subscription still succeeds.
fn screens_queued_behind_the_first_join_its_channel_without_reading_the_view(db: &Db) {
    let app = TestApp::assembly_sindicato(db);
    app.block_on(async {
        let a = app.convene_kind("cabildo_abierto").await;
        app.issue(a, 1).await;
        app.phone_motion(a, "Cuota").await;
        let mut first = Events::open(&app, a, Who::Anonymous).await;
        assert!(first.next().await.unwrap().1.contains("0 votos en total"));
        let (hub, store) = (app.state.live.clone(), app.state.store.clone());
        let ctx = app.state.ctx(cabildo_services::Actor::Anonymous);
        // Behind the application's back (the PostgreSQL client is synchronous: off the runtime).
        let queued = tokio::task::block_in_place(|| {
            db.raw_execute("ALTER TABLE crowd_estimates RENAME TO crowd_estimates_away");
            let queued = hub.subscribe(&store, &ctx, AssemblyId(a));
            db.raw_execute("ALTER TABLE crowd_estimates_away RENAME TO crowd_estimates");
            queued
        });
        let feed = queued.expect("a screen joins an open public channel without reading the view");
        assert!(feed.borrow().view.phone_voting);
        assert_eq!(app.state.live.watched(), 1, "the same channel as the first screen's");
    });
}

fn a_viewer_who_may_not_see_the_assembly_is_refused_the_stream(db: &Db) {
    let app = TestApp::assembly_sindicato(db);
    app.block_on(async {
        // An ordinaria keeps a register: its live view is for those who may see the sindicato.
        let o = app.convene_kind("ordinaria").await;
        app.api_ok("POST", &format!("/api/v1/assemblies/{o}/open"), "actas", None, StatusCode::OK).await;
        let path = format!("/assemblies/{o}/events");
        let page = format!("/assemblies/{o}/live");
        // Nobody signed in: told to sign in (the page redirects to the sign-in form; a stream
        // cannot follow a redirect). Signed in elsewhere: forbidden, as the page.
        for (who, refusal) in
            [(Who::Anonymous, StatusCode::UNAUTHORIZED), (Who::User("afiliado"), StatusCode::FORBIDDEN)]
        {
            let stream = app.request("GET", &path).by(who).header(header::ACCEPT, "text/event-stream").send().await;
            assert_eq!(stream.status, refusal, "{who:?}: {}", stream.body);
            let live = app.get(&page, who).await;
            assert_ne!(live.status, StatusCode::OK, "{who:?}");
            assert!(!stream.body.contains("Asamblea de noviembre") && !stream.body.contains("data:"), "{who:?}");
        }
        assert_eq!(app.state.live.watched(), 0, "a refused viewer opens no channel");
        // A forged session is nobody; an assembly that does not exist is not found.
        let forged = app.request("GET", &path).cookie("cabildo_session=forged").send().await;
        assert!(forged.status.is_client_error(), "{}", forged.status);
        let missing = app.get("/assemblies/999999/events", "actas").await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND, "{}", missing.body);
        // Those who may see the sindicato watch it.
        let mut events = Events::open(&app, o, Who::User("actas")).await;
        assert!(events.next().await.unwrap().1.contains("presentes de 150"));
    });
}

fn stopping_the_server_ends_the_open_streams(db: &Db) {
    let app = TestApp::assembly_sindicato(db);
    app.block_on(async {
        let a = app.convene_kind("cabildo_abierto").await;
        app.issue(a, 1).await;
        app.phone_motion(a, "Cuota").await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let limits = cabildo_web::Limits { header_read_timeout: Duration::from_secs(10), max_connections: 64 };
        let server = tokio::spawn(cabildo_web::serve_on(listener, app.state.clone(), limits, async move {
            drop(stopped.await);
        }));
        let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
        let request = format!("GET /assemblies/{a}/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n");
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut seen = Vec::new();
        while !String::from_utf8_lossy(&seen).contains("0 votos en total") {
            let mut chunk = [0_u8; 4096];
            let n = tokio::time::timeout(PATIENCE, stream.read(&mut chunk)).await.unwrap().unwrap();
            assert!(n > 0, "the stream closed early: {}", String::from_utf8_lossy(&seen));
            seen.extend_from_slice(&chunk[..n]);
        }
        // The server stops: the open stream ends and the server finishes, in time.
        let started = Instant::now();
        stop.send(()).unwrap();
        tokio::time::timeout(PATIENCE, server).await.expect("the server stops with a stream open").unwrap().unwrap();
        let mut rest = Vec::new();
        tokio::time::timeout(PATIENCE, stream.read_to_end(&mut rest)).await.unwrap().unwrap();
        assert!(started.elapsed() < PATIENCE);
    });
}

/// Starts the server on a free port of 127.0.0.1, as `cabildo serve` does.
async fn listening(app: &TestApp) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let limits = cabildo_web::Limits { header_read_timeout: Duration::from_secs(10), max_connections: 64 };
    tokio::spawn(cabildo_web::serve_on(listener, app.state.clone(), limits, std::future::pending::<()>()));
    address
}

/// Reads from `stream` until what came contains `wanted` (or the stream ends), within [`PATIENCE`].
async fn read_until(stream: &mut tokio::net::TcpStream, wanted: &str) -> String {
    let mut seen = Vec::new();
    while !String::from_utf8_lossy(&seen).contains(wanted) {
        let mut chunk = [0_u8; 4096];
        let n = tokio::time::timeout(PATIENCE, stream.read(&mut chunk)).await.expect("bytes in time").unwrap();
        if n == 0 {
            break;
        }
        seen.extend_from_slice(&chunk[..n]);
    }
    String::from_utf8_lossy(&seen).into_owned()
}

fn streams_are_served_beside_hyper_and_everything_else_by_it(db: &Db) {
    let app = TestApp::assembly_sindicato(db);
    app.block_on(async {
        let a = app.convene_kind("cabildo_abierto").await;
        let codes = app.issue(a, 1).await;
        let m = app.phone_motion(a, "Cuota").await;
        let address = listening(&app).await;

        // What a browser's EventSource sends, arriving a few bytes at a time.
        let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
        let request = format!(
            "GET /assemblies/{a}/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n"
        );
        for piece in request.as_bytes().chunks(7) {
            stream.write_all(piece).await.unwrap();
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        let seen = read_until(&mut stream, "0 votos en total").await;
        let (head, events) = seen.split_once("\r\n\r\n").expect("a head");
        let head = head.to_ascii_lowercase();
        assert!(head.starts_with("http/1.1 200 ok\r\n"), "{head}");
        for line in ["content-type: text/event-stream", "cache-control: no-store", "connection: close"] {
            assert!(head.contains(line), "{line} missing: {head}");
        }
        // Served beside hyper: no chunked framing (a stream ends with its connection), and the
        // layers' headers all there.
        assert!(!head.contains("transfer-encoding") && !head.contains("content-length"), "{head}");
        assert!(head.contains("content-security-policy") && head.contains("x-frame-options: deny"), "{head}");
        assert!(events.starts_with("retry: 2000\n\n"), "{events}");
        // A vote reaches it; the client leaves and the channel goes with it.
        phone_vote(&app, m, &codes[0], "for").await;
        read_until(&mut stream, "1 voto en total").await;
        assert_eq!(app.state.live.watched(), 1);
        drop(stream);
        let gone = tokio::task::block_in_place(|| wait_until(PATIENCE, || app.state.live.watched() == 0));
        assert!(gone, "a client that leaves is noticed at once, not at the next keep-alive");

        // Everything else is hyper's: two requests on one kept-alive connection, the first sent
        // in pieces (the bytes read to look at it are given back).
        let mut kept = tokio::net::TcpStream::connect(address).await.unwrap();
        for piece in b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n".chunks(5) {
            kept.write_all(piece).await.unwrap();
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        assert!(read_until(&mut kept, "\r\n\r\n").await.starts_with("HTTP/1.1 200"));
        kept.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await.unwrap();
        let mut rest = Vec::new();
        tokio::time::timeout(PATIENCE, kept.read_to_end(&mut rest)).await.unwrap().unwrap();
        assert!(String::from_utf8_lossy(&rest).contains("HTTP/1.1 200"), "{}", String::from_utf8_lossy(&rest));

        // A stream request with a body is not one a browser sends: hyper frames its answer.
        let mut odd = tokio::net::TcpStream::connect(address).await.unwrap();
        let request = format!(
            "GET /assemblies/{a}/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\nContent-Length: 2\r\n\r\nhi"
        );
        odd.write_all(request.as_bytes()).await.unwrap();
        let seen = read_until(&mut odd, "en total").await.to_ascii_lowercase();
        assert!(seen.starts_with("http/1.1 200") && seen.contains("transfer-encoding: chunked"), "{seen}");
        drop(odd);

        // A refusal on the streams' path keeps its length, and the connection closes after it.
        let o = app.convene_kind("ordinaria").await;
        let mut refused = tokio::net::TcpStream::connect(address).await.unwrap();
        let request = format!("GET /assemblies/{o}/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n");
        refused.write_all(request.as_bytes()).await.unwrap();
        let mut answer = Vec::new();
        tokio::time::timeout(PATIENCE, refused.read_to_end(&mut answer)).await.unwrap().unwrap();
        let answer = String::from_utf8_lossy(&answer).to_ascii_lowercase();
        assert!(answer.starts_with("http/1.1 401") && answer.contains("content-length:"), "{answer}");
        assert!(!answer.contains("data:"), "{answer}");
        let gone = tokio::task::block_in_place(|| wait_until(PATIENCE, || app.state.live.watched() == 0));
        assert!(gone, "a refused viewer opens no channel");
    });
}
