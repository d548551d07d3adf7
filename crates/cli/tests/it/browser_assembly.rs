//! An assembly of a sindicato run end to end in a real browser (chromium driven by chromedriver,
//! against `cabildo demo` started as a real process): the secretario de actas convenes it,
//! checks people in at the door (by search and by member card) until there is quorum, opens it,
//! moves motions voted by show of hands, by roll call and by secret ballot (cast anonymously on
//! /ballot with the printed codes), holds an election, closes it, signs the acta and seals it.
//!
//! Same needs and rules as `browser.rs` (skips without chromium unless
//! `CABILDO_REQUIRE_BROWSER=1`); its machinery is repeated here, as that module keeps it private.

#![allow(dead_code, reason = "the machinery is shared with browser.rs, not every helper is used")]

use std::fs::File;
use std::future::Future;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";
const PASSWORD: &str = "cabildo-demo";
const SINDICATO: &str = "F1-C01-S01";

const WAIT: Duration = Duration::from_secs(20);
const POLL: Duration = Duration::from_millis(50);
const SERVER_START: Duration = Duration::from_secs(60);
const SCENARIO: Duration = Duration::from_secs(240);

#[test]
fn runs_an_assembly_from_convocatoria_to_sealed_acta() {
    run(|c, base| async move {
        sign_in(&c, &base, "actas").await;
        open_own_sindicato(&c).await;
        click(&c, "a[href$='/assemblies']").await;
        wait_for_text(&c, "h1", "Asambleas").await;

        // Convene: a bad date comes back next to its field, the rest kept.
        fill(&c, "assembly_title", "Asamblea ordinaria de noviembre").await;
        fill(&c, "place", "Sede del sindicato").await;
        fill(&c, "agenda", "Informe del dirigente\nCamino vecinal\nElección del secretario de deportes").await;
        c.execute("document.querySelector(\"[name='scheduled_for']\").type='text'", vec![]).await.unwrap();
        fill(&c, "scheduled_for", "31/02/2026 09:00").await;
        click(&c, "main form button.primary").await;
        wait_for(&c, "#error-scheduled_for").await;
        assert_eq!(value(&c, "assembly_title").await, "Asamblea ordinaria de noviembre");
        c.execute("document.querySelector(\"[name='scheduled_for']\").type='text'", vec![]).await.unwrap();
        fill(&c, "scheduled_for", "2026-11-28 09:00").await;
        click(&c, "main form button.primary").await;
        let path = wait_for_path_where(&c, "/assemblies/N", |p| p.starts_with("/assemblies/")).await;
        let assembly = absolute(&base, &path);
        wait_for_text(&c, "h1", "Convocatoria: Asamblea ordinaria de noviembre").await;
        assert_eq!(text(&c, "#assembly-status").await, "Convocada");
        assert!(text(&c, "ol.agenda").await.contains("Camino vecinal"));
        let quorum = text(&c, "#quorum").await;
        assert!(quorum.starts_with("Sin quórum: 0 presentes de"), "{quorum}");
        let numbers: Vec<u64> = quorum.split(|ch: char| !ch.is_ascii_digit()).filter_map(|n| n.parse().ok()).collect();
        let (eligible, required) = (numbers[1], numbers[2]);
        assert_eq!(required, eligible / 2 + 1, "{quorum}");

        // The notice for the radio is plain text.
        c.goto(&format!("{assembly}/notice.txt")).await.unwrap();
        let notice = text(&c, "body").await;
        assert!(notice.contains("28/11/2026 09:00") && notice.contains("2. Camino vecinal"), "{notice}");

        // At the door: one by name search, one by member card code.
        c.goto(&format!("{assembly}/door")).await.unwrap();
        let first = text(&c, "li.door-line .who").await;
        let surname = first.split([' ', ',']).next().unwrap().to_string();
        let search = wait_for(&c, "#door-search input[name='q']").await;
        search.send_keys(&surname).await.unwrap();
        click(&c, "#door-search button").await;
        wait_for_query(&c, &format!("q={}", encode(&surname))).await;
        click(&c, "li.door-line button.primary").await;
        wait_for(&c, "#done").await;
        assert!(text(&c, "#done").await.contains("Presente"));
        assert_eq!(value(&c, "q").await, surname, "back on the same search");

        c.goto(&format!("{assembly}/cards")).await.unwrap();
        let cards = wait_for_all(&c, ".card-code").await;
        let code = cards[1].text().await.unwrap();
        c.goto(&format!("{assembly}/door")).await.unwrap();
        fill(&c, "code", &code).await;
        click(&c, "#card-form button").await;
        wait_for_text(&c, "#done", "Presente").await;

        // The rest of those who came, through the same door form (ten stay away).
        c.goto(&format!("{assembly}/cards")).await.unwrap();
        let id = path.trim_start_matches("/assemblies/").to_string();
        let script = r#"
            const [id, skip, done] = arguments;
            const csrf = document.querySelector("input[name='csrf']").value;
            const codes = [...document.querySelectorAll('.card-code')].map(e => e.textContent.trim());
            (async () => {
                let n = 0;
                for (const code of codes.slice(2, codes.length - skip)) {
                    const body = 'csrf=' + encodeURIComponent(csrf) + '&code=' + encodeURIComponent(code);
                    const r = await fetch('/assemblies/' + id + '/door', {method: 'POST', body,
                        headers: {'content-type': 'application/x-www-form-urlencoded'}});
                    if (r.ok) n++;
                }
                done(n);
            })();"#;
        let checked = c.execute_async(script, vec![json!(id), json!(10)]).await.unwrap();
        assert!(checked.as_u64().unwrap() + 12 >= eligible - 1, "everyone but ten came: {checked}");

        c.goto(&assembly).await.unwrap();
        let quorum = text(&c, "#quorum").await;
        assert!(quorum.starts_with("Hay quórum: "), "{quorum}");
        let present: u64 = quorum.split(|ch: char| !ch.is_ascii_digit()).find_map(|n| n.parse().ok()).unwrap();
        assert!(present >= required && present <= eligible - 10, "{quorum}");
        click(&c, "#open-assembly").await;
        wait_for_text(&c, "#assembly-status", "En sesión").await;

        // Motion 1: show of hands.
        let m1 = move_motion(&c, "Arreglo del camino vecinal", "Cada familia aporta un jornal.").await;
        open_vote(&c, "show_of_hands").await;
        fill(&c, "votes_for", &(present - 10).to_string()).await;
        fill(&c, "votes_against", "6").await;
        fill(&c, "abstentions", "4").await;
        click(&c, "#hands button").await;
        wait_for(&c, "#tally").await;
        click(&c, "#close-vote button").await;
        wait_for_text(&c, "#outcome", "Aprobada").await;
        assert_eq!(text(&c, "#resolution").await, "Resolución 1/2026");

        // Motion 2: roll call, three for and one against.
        let _m2 = move_motion(&c, "Compra de una motosierra", "Con fondos de la caja.").await;
        open_vote(&c, "roll_call").await;
        for option in ["for", "for", "against", "for"] {
            let before = c.find_all(Locator::Css("li.roll-line")).await.unwrap().len();
            click(&c, &format!("li.roll-line button[value='{option}']")).await;
            poll(&c, "one voter fewer", || async {
                let now = c.find_all(Locator::Css("li.roll-line")).await.ok()?.len();
                (now == before - 1).then_some(())
            })
            .await;
        }
        click(&c, "#close-vote button").await;
        wait_for_text(&c, "#outcome", "Aprobada").await;
        assert_eq!(text(&c, "#resolution").await, "Resolución 2/2026");
        let tally = text(&c, "#tally").await;
        assert!(tally.contains("A favor 3") && tally.contains("En contra 1"), "{tally}");

        // Motion 3: secret ballot; the codes are printed once, votes are cast anonymously.
        let m3 = move_motion(&c, "Cambio de la fecha de la feria", "La feria pasa al sábado.").await;
        let motion_page = c.current_url().await.unwrap().to_string();
        open_vote(&c, "secret").await;
        let codes = wait_for_all(&c, "li.ballot-code").await;
        assert_eq!(codes.len() as u64, present, "one code per person present");
        let mut printed = Vec::new();
        for code in codes.iter().take(4) {
            printed.push(code.text().await.unwrap());
        }
        c.goto(&format!("{base}/ballot?motion={m3}")).await.unwrap();
        for (code, choice) in printed.iter().zip(["for", "for", "for", "against"]) {
            fill(&c, "code", code).await;
            click(&c, &format!("#ballot button[value='{choice}']")).await;
            wait_for_text(&c, "#ballot-ok", "Voto registrado").await;
        }
        fill(&c, "code", &printed[0]).await;
        click(&c, "#ballot button[value='against']").await;
        wait_for_text(&c, "p.error", "ya fue usado").await;
        c.goto(&motion_page).await.unwrap();
        click(&c, "#close-vote button").await;
        wait_for_text(&c, "#outcome", "Aprobada").await;
        assert_eq!(text(&c, "#resolution").await, "Resolución 3/2026");

        // An election between two of those present, by show of hands.
        c.goto(&assembly).await.unwrap();
        fill(&c, "office_title", "Secretario de deportes").await;
        let boxes = wait_for_all(&c, "#election-form input[name='candidate']").await;
        boxes[0].click().await.unwrap();
        boxes[1].click().await.unwrap();
        click(&c, "#election-form button.primary").await;
        wait_for_text(&c, "h1", "Secretario de deportes").await;
        open_vote(&c, "show_of_hands").await;
        let inputs = wait_for_all(&c, "#hands input[type='number']").await;
        inputs[0].send_keys(&(present / 2).to_string()).await.unwrap();
        inputs[1].send_keys(&(present / 4).to_string()).await.unwrap();
        click(&c, "#hands button").await;
        wait_for(&c, "#tally").await;
        click(&c, "#close-vote button").await;
        wait_for_text(&c, "#outcome", "Elegido").await;

        // The assembly page shows every result.
        c.goto(&assembly).await.unwrap();
        let motions = text(&c, "ol.motions").await;
        for shown in ["Resolución 1/2026", "Resolución 2/2026", "Resolución 3/2026", "Elegido", "Mano alzada"] {
            assert!(motions.contains(shown), "{shown}: {motions}");
        }
        assert!(m1 != m3);
        click(&c, "#close-assembly").await;
        wait_for_text(&c, "#assembly-status", "Clausurada").await;

        // The acta: signed by the secretario de actas, then sealed.
        click(&c, "a[href$='/acta']").await;
        wait_for_text(&c, "#acta-status", "Borrador").await;
        assert!(text(&c, "#missing").await.contains("Secretario de actas"));
        let acta = text(&c, "article.acta").await;
        assert!(acta.contains("Arreglo del camino vecinal") && acta.contains("Votación nominal"), "{acta}");
        fill(&c, "password", "no-es-la-clave").await;
        click(&c, "#sign-form button").await;
        wait_for(&c, "#error-password").await;
        fill(&c, "password", PASSWORD).await;
        click(&c, "#sign-form button").await;
        wait_for_text(&c, "#signatures", "Secretario de actas").await;
        assert!(c.find(Locator::Css("#missing")).await.is_err());
        click(&c, "#seal-form button").await;
        wait_for_text(&c, "#acta-status", "Acta sellada").await;
        assert!(c.find(Locator::Css("#sign-form")).await.is_err(), "a sealed acta cannot be signed");

        click(&c, "a[href$='/verify']").await;
        wait_for_text(&c, "#chain-ok", "intacta").await;
    });
}

/// Moves a motion from the assembly page; returns its id, on its page.
async fn move_motion(c: &Client, title: &str, text_: &str) -> String {
    let assembly = c.current_url().await.unwrap();
    let path = assembly.path().to_string();
    let base = path.split("/motions/").next().unwrap().to_string();
    if path != base {
        let url = assembly.join(&base).unwrap();
        c.goto(url.as_str()).await.unwrap();
    }
    fill(c, "motion_title", title).await;
    fill(c, "motion_text", text_).await;
    fill(c, "proposer", "Wara Condori").await;
    click(c, "#motion-form button.primary").await;
    wait_for_text(c, "h1", title).await;
    let url = c.current_url().await.unwrap();
    url.path().rsplit('/').next().unwrap().to_string()
}

/// Opens the vote of the motion on screen by `method`.
async fn open_vote(c: &Client, method: &str) {
    let select = wait_for(c, "#open-vote select[name='vote_method']").await;
    select.select_by_value(method).await.unwrap();
    click(c, "#open-vote button.primary").await;
    wait_for_text(c, "#motion-status", "En votación").await;
}

/// Signs in through the form and waits for the tree.
async fn sign_in(c: &Client, base: &str, username: &str) {
    c.goto(&format!("{base}/login")).await.unwrap();
    fill(c, "username", username).await;
    fill(c, "password", PASSWORD).await;
    click(c, "main button.primary").await;
    wait_for_path(c, "/bodies").await;
}

/// From the tree, follows `ul.tree` links (a federation, then a central, then a sindicato)
/// until the page is sindicato F1-C01-S01's. Returns the names clicked.
async fn walk_to_sindicato(c: &Client) -> Vec<String> {
    let mut names = Vec::new();
    // On the tree, the first federation (depth 1); then the first sub-body on each page.
    let mut link = wait_for(c, "ul.tree li.d1 a").await;
    loop {
        let name = link.text().await.unwrap();
        link.click().await.unwrap();
        wait_for_text(c, "h1", &name).await;
        names.push(name);
        if text(c, "h1 + p.muted").await.contains(SINDICATO) {
            return names;
        }
        assert!(names.len() < 3, "{SINDICATO} not found following {names:?}");
        link = wait_for(c, "ul.tree a").await;
    }
}

/// `actas` sees only their own sindicato in the tree.
async fn open_own_sindicato(c: &Client) {
    let links = wait_for_all(c, "ul.tree a").await;
    assert_eq!(links.len(), 1, "actas sees one body: {}", text(c, "main").await);
    links[0].click().await.unwrap();
    wait_for_text(c, "h1 + p.muted", SINDICATO).await;
}

// --- waiting and reading -------------------------------------------------------------------

async fn page_state(c: &Client) -> String {
    let url = c.current_url().await.map(|u| u.to_string()).unwrap_or_default();
    let body = match c.find(Locator::Css("body")).await {
        Ok(body) => body.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    };
    format!("page {url}:\n{body}")
}

/// Polls `check` until it gives a value, for at most `WAIT`.
async fn poll<T, F, Fut>(c: &Client, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let start = Instant::now();
    loop {
        if let Some(found) = check().await {
            return found;
        }
        if start.elapsed() > WAIT {
            panic!("waited {WAIT:?} for {what}; {}", page_state(c).await);
        }
        tokio::time::sleep(POLL).await;
    }
}

async fn wait_for(c: &Client, css: &str) -> Element {
    poll(c, &format!("`{css}`"), || async { c.find(Locator::Css(css)).await.ok() }).await
}

/// At least one element matching `css`: all of them.
async fn wait_for_all(c: &Client, css: &str) -> Vec<Element> {
    poll(c, &format!("`{css}`"), || async {
        c.find_all(Locator::Css(css)).await.ok().filter(|found| !found.is_empty())
    })
    .await
}

async fn wait_for_text(c: &Client, css: &str, wanted: &str) {
    poll(c, &format!("`{css}` containing {wanted:?}"), || async {
        let element = c.find(Locator::Css(css)).await.ok()?;
        element.text().await.ok().filter(|t| t.contains(wanted)).map(drop)
    })
    .await;
}

async fn wait_for_path(c: &Client, wanted: &str) -> String {
    wait_for_path_where(c, wanted, |path| path == wanted).await
}

async fn wait_for_path_where(c: &Client, what: &str, ok: impl Fn(&str) -> bool) -> String {
    let ok = &ok;
    poll(c, &format!("the path {what}"), || async move {
        let url = c.current_url().await.ok()?;
        ok(url.path()).then(|| url.path().to_string())
    })
    .await
}

async fn wait_for_query(c: &Client, wanted: &str) {
    poll(c, &format!("the query {wanted}"), || async {
        let url = c.current_url().await.ok()?;
        url.query().is_some_and(|q| q.split('&').any(|part| part == wanted)).then_some(())
    })
    .await;
}

async fn text(c: &Client, css: &str) -> String {
    wait_for(c, css).await.text().await.unwrap()
}

async fn attr(c: &Client, css: &str, name: &str) -> String {
    wait_for(c, css).await.attr(name).await.unwrap().unwrap_or_default()
}

async fn click(c: &Client, css: &str) {
    wait_for(c, css).await.click().await.unwrap();
}

/// The current value of the form field named `name`.
async fn value(c: &Client, name: &str) -> String {
    let field = wait_for(c, &format!("main [name='{name}']")).await;
    field.prop("value").await.unwrap().unwrap_or_default()
}

/// Types `value` into the field named `name`, instead of what it held. Returns the value the
/// field then holds.
async fn fill(c: &Client, name: &str, value: &str) -> String {
    let field = wait_for(c, &format!("main [name='{name}']")).await;
    field.clear().await.unwrap();
    field.send_keys(value).await.unwrap();
    field.prop("value").await.unwrap().unwrap_or_default()
}

/// The padrón's rows (without the header), as text.
async fn rows(c: &Client) -> Vec<String> {
    wait_for(c, "form.search").await;
    let mut found = Vec::new();
    for row in c.find_all(Locator::Css("main table tr")).await.unwrap() {
        if row.find(Locator::Css("td")).await.is_ok() {
            found.push(row.text().await.unwrap());
        }
    }
    found
}

fn absolute(base: &str, href: &str) -> String {
    if href.starts_with('/') { format!("{base}{href}") } else { href.to_string() }
}

/// Lower case without accents, to compare what a search matched.
fn fold(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|ch| match ch {
            'á' | 'à' | 'ä' | 'â' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' => 'o',
            'ú' | 'ù' | 'ü' | 'û' => 'u',
            'ñ' => 'n',
            other => other,
        })
        .collect()
}

/// Percent-encodes what a form sends in a query string.
fn encode(s: &str) -> String {
    let mut out = String::new();
    for byte in s.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => out.push(char::from(byte)),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// The cargo target directory (`target/` unless `CARGO_TARGET_DIR` says otherwise).
fn target_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).to_path_buf()
}

// --- the machinery: server, chromedriver, browser ------------------------------------------

/// Runs one scenario with a demo server, chromedriver and chromium of its own, and stops them
/// all at the end whatever happens. Skips when there is no browser (see the module's docs).
fn run<F, Fut>(scenario: F)
where
    F: FnOnce(Client, String) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    if !browser_installed() {
        return;
    }
    let start = Instant::now();
    // The server and chromedriver start side by side.
    let (app, driver) = std::thread::scope(|s| {
        let app = s.spawn(App::start);
        let driver = Driver::start();
        match app.join() {
            Ok(app) => (app, driver),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    runtime.block_on(async {
        let client = driver.session().await;
        let ready = start.elapsed();
        let outcome = tokio::spawn(tokio::time::timeout(SCENARIO, scenario(client.clone(), app.base.clone()))).await;
        // The browser quits whether the scenario passed or not.
        drop(client.close().await);
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(_)) => panic!("the scenario took more than {SCENARIO:?}"),
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(e) => panic!("the scenario did not finish: {e}"),
        }
        eprintln!("browser scenario: ready in {ready:.1?}, done in {:.1?}", start.elapsed());
    });
}

fn browser_installed() -> bool {
    let missing: Vec<&str> = [CHROMEDRIVER, CHROMIUM].into_iter().filter(|p| !Path::new(p).exists()).collect();
    if missing.is_empty() {
        return true;
    }
    let missing = missing.join(" and ");
    if std::env::var("CABILDO_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
        panic!(
            "CABILDO_REQUIRE_BROWSER=1 but {missing} is missing: the browser tests must run \
             (apt-get install chromium chromium-driver, as .ci/run does)"
        );
    }
    eprintln!("skipping browser tests: {missing} not found (apt-get install chromium chromium-driver)");
    false
}

/// A child process, killed when the guard goes (SIGKILL; the demo server keeps nothing open).
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        drop(self.0.kill());
        drop(self.0.wait());
    }
}

/// `cabildo demo` serving a fresh 600-family demo on a free port.
struct App {
    base: String,
    _server: Process,
    _dir: tempfile::TempDir,
}

impl App {
    fn start() -> App {
        let dir = tempfile::tempdir().unwrap();
        let log_path = dir.path().join("server.log");
        let mut child = Command::new(env!("CARGO_BIN_EXE_cabildo"))
            .arg("--db")
            .arg(dir.path().join("demo.db"))
            .args(["--lang", "es", "demo", "--families", "600", "--listen", "127.0.0.1:0"])
            .env_remove("DATABASE_URL")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(File::create(&log_path).unwrap())
            .spawn()
            .expect("start `cabildo demo`");
        let stdout = child.stdout.take().unwrap();
        let server = Process(child);
        // The demo prints its accounts, then the address; the rest of its output is drained.
        let (lines, incoming) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                drop(lines.send(line));
            }
        });
        let deadline = Instant::now() + SERVER_START;
        let mut seen = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match incoming.recv_timeout(left) {
                Ok(line) => {
                    if let Some(at) = line.find("http://127.0.0.1:") {
                        let url = line[at..].split_whitespace().next().unwrap_or_default();
                        let base = url.trim_end_matches('/').to_string();
                        return App { base, _server: server, _dir: dir };
                    }
                    seen.push(line);
                }
                Err(e) => panic!(
                    "`cabildo demo` did not say where it serves within {SERVER_START:?} ({e}); it printed:\n{}\n{}",
                    seen.join("\n"),
                    std::fs::read_to_string(&log_path).unwrap_or_default()
                ),
            }
        }
    }
}

/// chromedriver on a free port of 127.0.0.1, with a fresh browser profile.
struct Driver {
    port: u16,
    profile: tempfile::TempDir,
    process: Option<Process>,
}

impl Driver {
    fn start() -> Driver {
        let profile = tempfile::tempdir().unwrap();
        let port = free_port();
        let log = File::create(profile.path().join("chromedriver.log")).unwrap();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start chromedriver");
        let driver = Driver { port, profile, process: Some(Process(child)) };
        let start = Instant::now();
        loop {
            if http_get(port, "/status").is_some_and(|r| r.starts_with("HTTP/1.1 200") && r.contains("\"ready\":true"))
            {
                return driver;
            }
            assert!(start.elapsed() < WAIT, "chromedriver did not answer on port {port} within {WAIT:?}");
            std::thread::sleep(POLL);
        }
    }

    /// A new session: headless chromium with a 360 × 800 phone screen, in Spanish.
    async fn session(&self) -> Client {
        let user_data = self.profile.path().join("chromium");
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
            "--window-size=360,800",
            "--lang=es-BO",
            "--accept-lang=es-BO,es",
        ]
        .map(String::from);
        let args: Vec<String> = args.into_iter().chain([format!("--user-data-dir={}", user_data.display())]).collect();
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), json!("chrome"));
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": CHROMIUM,
                "args": args,
                "prefs": {"intl.accept_languages": "es-BO,es"},
                // Headless windows are at least 500 px wide: the phone's screen is emulated.
                "mobileEmulation": {"deviceMetrics": {"width": 360, "height": 800, "pixelRatio": 1.0}},
            }),
        );
        capabilities.insert("timeouts".into(), json!({"pageLoad": 20_000, "script": 20_000, "implicit": 0}));
        let url = format!("http://127.0.0.1:{}", self.port);
        let mut builder = ClientBuilder::new(HttpConnector::new());
        let connecting = builder.capabilities(capabilities).connect(&url);
        match tokio::time::timeout(WAIT, connecting).await {
            Ok(Ok(client)) => client,
            Ok(Err(e)) => panic!("no WebDriver session with {CHROMIUM}: {e}\n{}", self.log()),
            Err(_) => panic!("chromium did not start within {WAIT:?}\n{}", self.log()),
        }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.profile.path().join("chromedriver.log")).unwrap_or_default()
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // chromedriver quits its browsers on /shutdown; then it is killed in any case.
        drop(http_get(self.port, "/shutdown"));
        if let Some(mut process) = self.process.take() {
            let start = Instant::now();
            while start.elapsed() < Duration::from_secs(5) && matches!(process.0.try_wait(), Ok(None)) {
                std::thread::sleep(POLL);
            }
            drop(process);
        }
    }
}

/// A port nobody listens on right now.
fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    listener.local_addr().unwrap().port()
}

/// A plain HTTP GET to 127.0.0.1:`port`, bounded in time: the whole response, or `None`.
/// (chromedriver keeps connections open: the body ends where its `Content-Length` says.)
fn http_get(port: u16, path: &str) -> Option<String> {
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let mut stream = TcpStream::connect_timeout(&address, Duration::from_secs(1)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    stream.set_write_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n").ok()?;
    let mut response = Vec::new();
    let mut chunk = [0; 4096];
    loop {
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            break;
        }
        response.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&response);
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head.lines().find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.eq_ignore_ascii_case("content-length").then(|| value.trim().parse::<usize>().ok())?
            });
            if length.is_some_and(|length| body.len() >= length) {
                break;
            }
        }
    }
    Some(String::from_utf8_lossy(&response).into_owned())
}
