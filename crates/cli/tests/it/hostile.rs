//! What one hostile or careless user tries, refused (issue 11, "denial of service" and "clean
//! input"): control characters in names, a UTF-8 file with a few bad bytes, redirects to other
//! sites, guessable member cards, missing security headers, a second import at once, slow
//! connections held open by the thousand.

use std::io::Write as _;
use std::time::{Duration, Instant};

use axum::http::{StatusCode, header};
use cabildo_domain::assembly::AssemblyId;
use cabildo_services::ServiceError;
use cabildo_services::assembly::{self, Attendee, ConveneForm};
use cabildo_services::import::{ImportError, import_file};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::{ASSEMBLY_SINDICATO, Db, Reply, TestApp, Who, on_both_backends, op};

on_both_backends!(
    control_characters_are_refused_in_forms_the_api_and_padron_files,
    a_utf8_file_with_a_few_bad_bytes_is_refused_naming_the_lines_and_windows_1252_still_reads,
    a_bad_file_is_refused_without_waiting_for_the_write_lock,
    member_cards_cannot_be_worked_out_from_household_numbers,
);

fn write_file(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::File::create(&path).unwrap().write_all(bytes).unwrap();
    path
}

fn control_characters_are_refused_in_forms_the_api_and_padron_files(db: &Db) {
    let app = TestApp::demo(db).families(100).build();
    let households = db.raw_count("households");
    let path = format!("/api/v1/bodies/{}/households", app.sindicato());
    app.block_on(async {
        // The API: a NUL in the given names, an escape sequence in the place.
        let bad = json!({
            "given_names": "Ju\u{0}an",
            "first_surname": "Mamani",
            "parcel": {"code": "Z-1", "place": "Pampa\u{1b}[2J"}
        });
        let (status, problem) = app.api("POST", &path, "actas", Some(&bad)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(problem["code"], "control_character", "{problem}");
        let errors = problem["errors"].as_array().unwrap();
        let named: Vec<&str> = errors.iter().map(|e| e["field"].as_str().unwrap()).collect();
        assert_eq!(named, ["given_names", "place"], "{problem}");
        assert!(errors[0]["message"].as_str().unwrap().contains("U+0000"), "{problem}");

        // A page form: a bidirectional override that would show the name reversed.
        let form = "given_names=%E2%80%AEnauJ&first_surname=Mamani&parcel_code=Z-2";
        let Reply { status, body, .. } =
            app.post_form(&format!("/bodies/{}/households", app.sindicato()), "actas", form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body.contains("id=\"error-given_names\""), "{body}");
        assert!(body.contains("carácter de control"), "{body}");
    });
    assert_eq!(db.raw_count("households"), households, "nothing was written");

    // A padrón file: the line and the column are named; nothing is written. (A NUL byte near the
    // top of a file is refused as "not a text file": spreadsheets saved as CSV never hold one.)
    let dir = tempfile::tempdir().unwrap();
    let file = write_file(&dir, "p.csv", b"Nombres;Apellido Paterno;Lote\nJuana;Mamani;Q-1\nPe\x01dro;Choque;Q-2\n");
    match import_file(&app.state.store, &op(), &file, "F1-C01-S01", &[], &|_| {}) {
        Err(ImportError::Rejected { problems, bad_rows, .. }) => {
            assert_eq!(bad_rows, 1);
            assert_eq!(problems[0].line, 3);
            assert_eq!(problems[0].column.as_deref(), Some("Nombres"));
            assert_eq!(problems[0].error.message().id, "control_character");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    let nul = write_file(&dir, "nul.csv", b"Nombres;Apellido Paterno;Lote\nJu\0ana;Mamani;Q-1\n");
    let refused = import_file(&app.state.store, &op(), &nul, "F1-C01-S01", &[], &|_| {});
    assert!(matches!(refused, Err(ImportError::Service(ServiceError::NotText { .. }))), "{refused:?}");
    assert_eq!(db.raw_count("households"), households, "nothing was written");
}

fn a_utf8_file_with_a_few_bad_bytes_is_refused_naming_the_lines_and_windows_1252_still_reads(db: &Db) {
    let app = TestApp::demo(db).families(100).build();
    let households = db.raw_count("households");
    let dir = tempfile::tempdir().unwrap();
    // UTF-8 with accents on every line, and two lines pasted from a Windows-1252 sheet.
    let mut bytes = "Nombres;Apellido Paterno;Lote\nMaría;Ñuflo;Q-1\nJosé;Pérez;Q-2\n".as_bytes().to_vec();
    bytes.extend_from_slice(b"Ra\xfal;Mamani;Q-3\n");
    bytes.extend_from_slice("Inés;Condori;Q-4\nÁngel;Quispe;Q-5\n".as_bytes());
    bytes.extend_from_slice(b"Sim\xf3n;Choque;Q-6\n");
    let file = write_file(&dir, "mixed.csv", &bytes);
    match import_file(&app.state.store, &op(), &file, "F1-C01-S01", &[], &|_| {}) {
        Err(ImportError::Rejected { problems, bad_rows, .. }) => {
            assert_eq!(bad_rows, 2);
            let lines: Vec<u64> = problems.iter().map(|p| p.line).collect();
            assert_eq!(lines, [4, 7]);
            assert!(problems.iter().all(|p| p.error == ServiceError::NotUtf8Line));
        }
        other => panic!("expected a refusal naming lines 4 and 7, got {other:?}"),
    }
    assert_eq!(db.raw_count("households"), households, "nothing was written, nothing garbled");

    // A real Windows-1252 file (Excel's CSV in Bolivia) still reads, accents intact.
    let latin = write_file(
        &dir,
        "latin.csv",
        b"Nombres;Apellido Paterno;Lote\nMar\xeda;\xd1uflo;Q-1\nJos\xe9 \xc1ngel;P\xe9rez;Q-2\n",
    );
    let report = import_file(&app.state.store, &op(), &latin, "F1-C01-S01", &[], &|_| {}).unwrap();
    assert_eq!(report.encoding.map(|e| e.label()), Some("Windows-1252"));
    assert_eq!(report.households_created, 2);
    let names = db.raw_texts(
        "SELECT given_names || ' ' || first_surname FROM persons \
         WHERE first_surname = 'Ñuflo' OR given_names = 'José Ángel' ORDER BY 1",
    );
    assert_eq!(names, ["José Ángel Pérez", "María Ñuflo"]);
}

/// A file with bad lines is checked before the import takes the write lock: while another writer
/// holds it, the refusal comes at once instead of after the lock's timeout.
fn a_bad_file_is_refused_without_waiting_for_the_write_lock(db: &Db) {
    let app = TestApp::demo(db).families(100).build();
    let dir = tempfile::tempdir().unwrap();
    let bad = write_file(&dir, "bad.csv", b"Nombres;Apellido Paterno;Lote\nJuana;Mamani;Q-1\nPedro;;Q-2\n");
    // Another writer holds the lock (SQLite: a write transaction; PostgreSQL: a lock on the
    // households that lets readers read but no one insert).
    let (held_sqlite, held_pg);
    if db.is_postgres() {
        let url = std::env::var("CABILDO_TEST_POSTGRES_URL").unwrap();
        let schema = db.location.split("search_path%3D").nth(1).unwrap().to_string();
        let mut tx_client = ::postgres::Client::connect(&url, ::postgres::NoTls).unwrap();
        tx_client
            .batch_execute(&format!("SET search_path TO {schema}; BEGIN; LOCK TABLE households IN SHARE MODE"))
            .unwrap();
        held_pg = Some(tx_client);
        held_sqlite = None;
    } else {
        let conn = rusqlite::Connection::open(&db.location).unwrap();
        conn.execute_batch("BEGIN IMMEDIATE").unwrap();
        held_sqlite = Some(conn);
        held_pg = None;
    }
    let started = Instant::now();
    let refused = import_file(&app.state.store, &op(), &bad, "F1-C01-S01", &[], &|_| {});
    assert!(matches!(refused, Err(ImportError::Rejected { bad_rows: 1, .. })), "{refused:?}");
    assert!(started.elapsed() < Duration::from_secs(3), "took {:?}", started.elapsed());
    drop(held_sqlite);
    drop(held_pg);
}

fn convene(app: &TestApp) -> AssemblyId {
    let form = ConveneForm {
        kind: "ordinaria".into(),
        title: "Asamblea".into(),
        scheduled_for: "2026-12-01 09:00".into(),
        place: "Cancha".into(),
        agenda: "Informe".into(),
    };
    assembly::convene(&app.state.store, &op(), ASSEMBLY_SINDICATO, &form).unwrap().id
}

/// The code issue 11 found printed on member cards: the household number in base 32 and a check
/// character.
fn old_card(household: i64) -> String {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let (mut digits, mut n) = (Vec::new(), household);
    loop {
        digits.push(ALPHABET[(n % 32) as usize]);
        n /= 32;
        if n == 0 {
            break;
        }
    }
    digits.reverse();
    format!("{}-{}", String::from_utf8(digits).unwrap(), char::from(ALPHABET[(household % 31) as usize]))
}

fn member_cards_cannot_be_worked_out_from_household_numbers(db: &Db) {
    let app = TestApp::assembly_sindicato(db);
    let store = &app.state.store;
    let id = convene(&app);
    let lines = assembly::door(store, &op(), id, None, 1_000).unwrap();
    let cards: Vec<(i64, String)> =
        lines.iter().map(|l| (l.eligible.household_id.unwrap().0, l.eligible.card_code.clone().unwrap())).collect();
    assert_eq!(cards.len(), 150);
    let distinct: std::collections::BTreeSet<&String> = cards.iter().map(|(_, c)| c).collect();
    assert_eq!(distinct.len(), 150);
    for (household, card) in &cards {
        assert_eq!(card.len(), 11, "{card}");
        // Not the old code, nor built around it. (A three- or four-character old code may still
        // turn up inside a random 9-character card by chance, about once in thirty runs of 150
        // cards: that is no pattern, so only a card that starts with it counts as one.)
        let old = old_card(*household).replace('-', "");
        let card_chars = card.replace('-', "");
        assert!(card_chars != old && !(old.len() >= 4 && card_chars.starts_with(&old)), "{household}: {card}");
    }
    let check_in = |code: &str| assembly::check_in(store, &op(), id, &Attendee::Card(code.to_string()), false);
    let refused = |code: &str| match check_in(code) {
        Err(e) => e.message().id,
        Ok(found) => panic!("{code} checked in {found:?}"),
    };
    // What an attacker would type: the old code of every household, a real code with one
    // character changed, the code the same household has on another instance.
    for (household, _) in &cards {
        assert_eq!(refused(&old_card(*household)), "unknown_card");
    }
    let (household, card) = &cards[0];
    let mut typo: Vec<char> = card.chars().collect();
    typo[0] = if typo[0] == 'A' { 'B' } else { 'A' };
    assert_eq!(refused(&typo.iter().collect::<String>()), "unknown_card");
    let elsewhere = cabildo_domain::assembly::member_card_code(b"another instance's secret", *household);
    assert_eq!(refused(&elsewhere), "unknown_card");
    // The real card opens the door, typed in any case and spacing.
    let (name, _) = check_in(&card.to_lowercase().replace('-', " ")).unwrap();
    assert_eq!(
        Some(&name),
        lines.iter().find(|l| l.eligible.card_code.as_ref() == Some(card)).map(|l| &l.eligible.name)
    );
    // The door's search finds the household by its card too.
    let found = assembly::door(store, &op(), id, Some(card), 10).unwrap();
    assert_eq!(found.len(), 1);

    // The key is this instance's own: 32 random bytes, another database has another.
    let secret = db.raw_texts("SELECT secret FROM instance_secrets WHERE name = 'member_cards'");
    assert_eq!(secret.len(), 1);
    assert_eq!(secret[0].len(), 64);
    let other = Db::sqlite();
    assert_ne!(other.raw_texts("SELECT secret FROM instance_secrets WHERE name = 'member_cards'"), secret);
}

/// Redirect targets stay on this site, whatever the query says; none of these is a 500.
#[test]
fn redirects_go_only_to_paths_of_this_site() {
    let db = Db::sqlite();
    let app = TestApp::demo(&db).families(50).build();
    app.block_on(async {
        for (back, expected) in [
            ("/bodies/3", "/bodies/3"),
            ("/%5Cevil.example/", "/"),
            ("/%5C%5Cevil.example/", "/"),
            ("//evil.example/", "/"),
            ("https://evil.example/", "/"),
            ("/a%0D%0ASet-Cookie:%20x=1", "/"),
            ("/a%0Ab", "/"),
            ("/%09/evil.example", "/"),
        ] {
            let reply = app.get(&format!("/lang?to=en&back={back}"), "actas").await;
            assert_eq!(reply.status, StatusCode::SEE_OTHER, "{back}: {}", reply.body);
            let location = reply.headers.get(header::LOCATION).unwrap().to_str().unwrap();
            assert_eq!(location, expected, "{back}");
        }
        for next in ["/%5Cevil.example/", "//evil.example", "/x%0D%0Ay"] {
            let form = format!("username=actas&password={}&next={next}", cabildo_services::demo::DEMO_PASSWORD);
            let reply = app.visitor_post("/login", &form).await;
            assert_eq!(reply.status, StatusCode::SEE_OTHER, "{next}: {}", reply.body);
            let location = reply.headers.get(header::LOCATION).unwrap().to_str().unwrap();
            assert_eq!(location, "/bodies", "{next}");
        }
    });
}

/// Every answer — page, API, static file, refusal, unknown address — carries the security
/// headers; HSTS only when cookies are `Secure`. The live page's script is a file, not inline,
/// so that the policy can refuse inline scripts.
#[test]
fn every_answer_carries_the_security_headers() {
    let db = Db::sqlite();
    let mut app = TestApp::demo(&db).families(50).build();
    app.block_on(async {
        for path in ["/login", "/bodies", "/api/v1/bodies", "/static/style.css", "/static/live.js", "/no/such/page"] {
            for who in [None, Some("actas")] {
                let request = app.request("GET", path);
                let reply = match who {
                    Some(user) => request.by(user).send().await,
                    None => request.send().await,
                };
                let h = &reply.headers;
                let csp = h.get(header::CONTENT_SECURITY_POLICY).unwrap().to_str().unwrap();
                assert!(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"), "{path}: {csp}");
                assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
                assert_eq!(h.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(), "nosniff", "{path}");
                assert_eq!(h.get(header::REFERRER_POLICY).unwrap(), "same-origin", "{path}");
                assert!(h.get(header::STRICT_TRANSPORT_SECURITY).is_none(), "{path}: HSTS over plain HTTP");
            }
        }
        let script = app.get("/static/live.js", Who::Anonymous).await;
        assert_eq!(script.content_type(), "text/javascript; charset=utf-8");
        assert!(script.body.contains("EventSource"));
    });
    // No template holds an inline script or an inline style the policy would refuse.
    let templates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../web/templates");
    let mut stack = vec![templates];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(!text.contains("<script>") && !text.contains("<style"), "{}", path.display());
            assert!(!text.contains(" style=\"") && !text.contains(" onclick="), "{}", path.display());
        }
    }
    app.state.configure().expect("no request yet").secure_cookies = true;
    app.block_on(async {
        let reply = app.get("/login", Who::Anonymous).await;
        assert_eq!(reply.headers.get(header::STRICT_TRANSPORT_SECURITY).unwrap(), "max-age=31536000");
    });
}

/// One import at a time on a server: a second one meanwhile is refused with a clear message, in
/// the API and on the page.
#[test]
fn a_second_import_while_one_runs_is_refused() {
    let db = Db::sqlite();
    let app = TestApp::demo(&db).families(50).build();
    let running = app.state.imports.clone().try_acquire_owned().unwrap();
    app.block_on(async {
        let csv = "Nombres;Apellido Paterno;Lote\nJuana;Mamani;Q-1\n";
        let path = format!("/api/v1/bodies/{}/import", app.sindicato());
        let reply = app.request("POST", &path).token("actas").body("text/csv", csv).lang("en").send().await;
        assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
        let problem = reply.json();
        assert_eq!(problem["code"], "import_running");
        assert!(problem["title"].as_str().unwrap().contains("Another padrón import is running"), "{problem}");
    });
    drop(running);
    app.block_on(async {
        let csv = "Nombres;Apellido Paterno;Lote\nJuana;Mamani;Q-1\n";
        let path = format!("/api/v1/bodies/{}/import", app.sindicato());
        let reply = app.request("POST", &path).token("actas").body("text/csv", csv).send().await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    });
}

/// The web form takes a file as large as the API does (a 3 MB padrón, past axum's 2 MB default).
#[test]
fn the_import_form_takes_files_over_two_megabytes() {
    let db = Db::sqlite();
    let app = TestApp::demo(&db).families(50).build();
    let mut file = String::from("Nombres;Apellido Paterno;Lote;Observaciones\n");
    let filler = "x".repeat(60_000);
    for i in 0..50 {
        file.push_str(&format!("Juana{i};Mamani;Q-{i};{filler}\n"));
    }
    assert!(file.len() > 3_000_000);
    app.block_on(async {
        let boundary = "cabildo-test-boundary";
        let body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"padron.csv\"\r\nContent-Type: text/csv\r\n\r\n{file}\r\n\
             --{boundary}--\r\n",
            app.csrf("actas")
        );
        let content_type = format!("multipart/form-data; boundary={boundary}");
        let reply = app
            .request("POST", &format!("/bodies/{}/import", app.sindicato()))
            .by("actas")
            .body(&content_type, body)
            .send()
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", &reply.body[..reply.body.len().min(2_000)]);
        assert!(reply.body.contains("50 familias nuevas"), "{}", &reply.body[..reply.body.len().min(2_000)]);
        assert!(!reply.body.contains(&std::env::temp_dir().display().to_string()));
    });
}

/// 2,000 connections that send half a request and stall do not stop `/health` from answering,
/// and each is closed once its headers are late. With a cap of 8 connections, 8 idle ones hold
/// the server only until the deadline closes them.
#[test]
fn slow_connections_by_the_thousand_do_not_stop_the_server() {
    let files = cabildo_web::raise_open_files_limit();
    let slow = 2_000usize.min(usize::try_from(files / 3).unwrap_or(0));
    assert!(slow >= 1_000, "the limit of open files ({files}) leaves no room for the test");
    // What `cabildo serve` uses: a cap below the limit of open files, with room left for the rest.
    let limits = cabildo_web::Limits::for_this_process();
    assert!(limits.max_connections as u64 + cabildo_web::http::server::RESERVED_FILES <= files.max(272), "{limits:?}");
    assert!(limits.header_read_timeout <= Duration::from_secs(10));
    let db = Db::sqlite();
    let app = TestApp::empty(&db).build();
    app.block_on(async {
        let limits = cabildo_web::Limits { header_read_timeout: Duration::from_secs(2), max_connections: 4 * slow };
        let (address, stop) = start(&app, limits).await;
        let mut held = Vec::with_capacity(slow);
        for _ in 0..slow {
            let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
            stream.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n").await.unwrap();
            held.push(stream);
        }
        let started = Instant::now();
        assert_eq!(health(address).await, 200);
        assert!(started.elapsed() < Duration::from_secs(1), "/health took {:?}", started.elapsed());
        // Late headers: the server closes every slow connection (read gives end of file).
        let deadline = Instant::now() + Duration::from_secs(10);
        for stream in held.iter_mut().step_by(50) {
            let mut buffer = [0u8; 256];
            let left = deadline.saturating_duration_since(Instant::now());
            let read = tokio::time::timeout(left, stream.read(&mut buffer)).await;
            assert!(matches!(read, Ok(Ok(_)) | Ok(Err(_))), "a slow connection was not closed in time");
        }
        drop(held);
        stop.send(()).unwrap();

        let limits = cabildo_web::Limits { header_read_timeout: Duration::from_secs(1), max_connections: 8 };
        let (address, stop) = start(&app, limits).await;
        let mut idle = Vec::new();
        for _ in 0..8 {
            idle.push(tokio::net::TcpStream::connect(address).await.unwrap());
        }
        let started = Instant::now();
        assert_eq!(health(address).await, 200);
        assert!(started.elapsed() < Duration::from_secs(5), "/health took {:?}", started.elapsed());
        drop(idle);
        stop.send(()).unwrap();
    });
}

async fn start(app: &TestApp, limits: cabildo_web::Limits) -> (std::net::SocketAddr, tokio::sync::oneshot::Sender<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let shutdown = async move {
        drop(stopped.await);
    };
    tokio::spawn(cabildo_web::serve_on(listener, app.state.clone(), limits, shutdown));
    (address, stop)
}

/// The status of `GET /health` on a new connection, within 10 s.
async fn health(address: std::net::SocketAddr) -> u16 {
    let ask = async {
        let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
        stream.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await.unwrap();
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await.unwrap();
        let answer = String::from_utf8_lossy(&answer).to_string();
        answer.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
    };
    tokio::time::timeout(Duration::from_secs(10), ask).await.unwrap_or(0)
}

/// Under the content security policy, in a real browser against `cabildo demo`, the live page's
/// script (now a file of this site) still runs and its event stream still connects: the page's
/// content, overwritten here, is replaced by the next change the server pushes (one family
/// checked in: the quorum line counts one present).
#[test]
fn the_live_page_still_updates_under_the_content_security_policy() {
    use super::browser::{
        absolute, click, fill, open_own_sindicato, poll, run, sign_in, wait_for, wait_for_path_where,
    };
    run(|c, base| async move {
        sign_in(&c, &base, "actas").await;
        open_own_sindicato(&c).await;
        click(&c, "a[href$='/assemblies']").await;
        fill(&c, "assembly_title", "Asamblea bajo la política de contenido").await;
        fill(&c, "place", "Sede").await;
        fill(&c, "agenda", "Informe").await;
        c.execute("document.querySelector(\"[name='scheduled_for']\").type='text'", vec![]).await.unwrap();
        fill(&c, "scheduled_for", "2026-11-28 09:00").await;
        click(&c, "main form button.primary").await;
        let path = wait_for_path_where(&c, "/assemblies/N", |p| p.starts_with("/assemblies/")).await;
        c.goto(&format!("{}/live", absolute(&base, &path))).await.unwrap();
        let live = c.window().await.unwrap();
        // The stream's first event (the state when it connected) may come before or after the
        // mark: what must reach this page is a change made after it — one family checked in at
        // the door, in another window, which changes the quorum line the screen shows.
        wait_for(&c, "#live [data-k='quorum']").await;
        c.execute("document.getElementById('live').textContent = 'MARK'", vec![]).await.unwrap();
        let door = c.new_window(true).await.unwrap().handle;
        c.switch_to_window(door).await.unwrap();
        c.goto(&format!("{}/door", absolute(&base, &path))).await.unwrap();
        click(&c, "li.door-line button.primary").await;
        wait_for(&c, "#done").await;
        c.switch_to_window(live).await.unwrap();
        poll(&c, "the live page's script to bring the content back", || {
            let c = c.clone();
            async move {
                let shown = c.execute("return document.getElementById('live').textContent", vec![]).await.ok()?;
                let shown = shown.as_str()?.to_string();
                shown.contains(" 1 presente").then_some(())
            }
        })
        .await;
    });
}

/// A server on PostgreSQL stopped by SIGTERM or Ctrl-C lets go of its database without a panic:
/// the store's synchronous PostgreSQL clients, dropped with the router on the runtime's threads,
/// panicked ("cannot start a runtime from within a runtime") and the process aborted.
#[test]
fn a_server_on_postgres_stops_without_a_panic() {
    let Some(db) = Db::postgres() else { return };
    let store = cabildo_services::Store::open(&db.location).unwrap();
    // A pooled connection is open, as on any server that answered a page.
    assert!(store.read(|repo| repo.bodies()).unwrap().is_empty());
    let state = cabildo_web::AppState::new(store);
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let served = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        // The server holds the only reference to the store.
        let server =
            tokio::spawn(cabildo_web::serve_on(listener, state, cabildo_web::Limits::for_this_process(), async {
                drop(stopped.await);
            }));
        assert_eq!(health(address).await, 200);
        stop.send(()).unwrap();
        server.await
    });
    assert!(served.expect("the server's task must not panic").is_ok());
}
