//! End-to-end tests in a real browser: Debian's chromium, driven by chromedriver (WebDriver over
//! plain HTTP on 127.0.0.1), against `cabildo demo` started as a real process. People sign in,
//! browse the tree, search the padrón, import a file and fix a form error on a 360-px screen.
//!
//! They need `/usr/bin/chromium` and `/usr/bin/chromedriver` (Debian's `chromium` and
//! `chromium-driver`, which `.ci/run` installs). Without them they print "skipping browser tests"
//! and pass, unless `CABILDO_REQUIRE_BROWSER=1` (as in CI), where they fail instead.
//!
//! Each test has its own server, chromedriver and browser profile, stopped when it ends, passed
//! or failed. Every wait is bounded.

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

use crate::support::wait_until;

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";
const PASSWORD: &str = "cabildo-demo";
const SINDICATO: &str = "F1-C01-S01";

/// The longest any one thing may take to appear in the browser.
const WAIT: Duration = Duration::from_secs(20);
/// How often a wait looks again.
const POLL: Duration = Duration::from_millis(50);
/// The longest the demo server may take to start serving.
const SERVER_START: Duration = Duration::from_secs(60);
/// The longest a whole scenario may take once the browser is up.
const SCENARIO: Duration = Duration::from_secs(240);

// --- the scenarios -----------------------------------------------------------------------------

#[test]
fn signs_in_switches_language_and_refuses_a_wrong_password() {
    run(|c, base| async move {
        c.goto(&format!("{base}/login")).await.unwrap();
        assert_eq!(text(&c, "h1").await, "Iniciar sesión");

        // A wrong password: the form comes back with the error and the username kept.
        fill(&c, "username", "admin").await;
        fill(&c, "password", "no-es-la-clave").await;
        click(&c, "main button.primary").await;
        let error = wait_for(&c, "p.error").await.text().await.unwrap();
        assert_eq!(error, "Usuario o contraseña incorrectos.");
        assert_eq!(value(&c, "username").await, "admin");
        assert_eq!(value(&c, "password").await, "", "a password is never sent back");

        // The right one lands on the tree.
        fill(&c, "password", PASSWORD).await;
        click(&c, "main button.primary").await;
        wait_for_path(&c, "/bodies").await;
        assert_eq!(text(&c, "h1").await, "Organizaciones");
        assert_eq!(text(&c, "header nav span").await, "Demo administrador");

        // The language switch comes back to the same page, in English, and is remembered on the
        // next one.
        let switch = wait_for(&c, "a[hreflang]").await;
        assert_eq!(switch.attr("hreflang").await.unwrap().as_deref(), Some("en"));
        assert_eq!(switch.text().await.unwrap(), "English");
        switch.click().await.unwrap();
        wait_for_text(&c, "h1", "Bodies").await;
        wait_for_path(&c, "/bodies").await;
        assert_eq!(attr(&c, "html", "lang").await, "en");
        click(&c, "ul.tree a").await;
        wait_for_text(&c, "h1 + p.muted", "members").await;
        // And back.
        click(&c, "a[hreflang]").await;
        wait_for_text(&c, "h1 + p.muted", "miembros").await;
    });
}

#[test]
fn browses_the_tree_down_to_a_sindicato_and_its_padron() {
    run(|c, base| async move {
        sign_in(&c, &base, "admin").await;
        let names = walk_to_sindicato(&c).await;
        let [federation, central, sindicato] = names.as_slice() else {
            panic!("three clicks from the tree to the sindicato, not {names:?}");
        };
        assert!(federation.starts_with("Federación"), "{names:?}");
        assert!(central.starts_with("Central"), "{names:?}");
        assert!(sindicato.starts_with("Sindicato"), "{names:?}");
        // The breadcrumbs name the way back up.
        let crumbs = text(&c, "p.crumbs").await;
        assert!(crumbs.contains(federation.as_str()) && crumbs.contains(central.as_str()), "{crumbs}");

        let padron = wait_for(&c, "a[href$='/padron']").await;
        assert_eq!(padron.text().await.unwrap(), "Padrón");
        padron.click().await.unwrap();
        wait_for(&c, "form.search input[name='q']").await;
        assert_eq!(text(&c, "h1").await, "Padrón");
        assert_eq!(text(&c, "p.crumbs").await, *sindicato);
        let rows = rows(&c).await;
        assert_eq!(rows.len(), 50, "a full first page of 50 families: {rows:?}");
        assert!(wait_for(&c, "a[rel='next']").await.text().await.unwrap().contains("Siguiente"));

        // On a 360-px phone: nothing wider than the screen.
        let script = "return [window.innerWidth, document.documentElement.scrollWidth]";
        let width = c.execute(script, vec![]).await.unwrap();
        assert_eq!(width[0], 360, "the screen is a 360-px phone's: {width}");
        assert!(width[1].as_u64().is_some_and(|w| w <= 360), "the padrón is wider than the screen: {width}");
        let png = c.screenshot().await.unwrap();
        let file = target_dir().join("browser-padron.png");
        std::fs::write(&file, &png).unwrap();
        eprintln!("screenshot of the padrón at 360 px: {}", file.display());

        // A household from the padrón.
        let first = wait_for(&c, "table a[href^='/households/']").await;
        let name = first.text().await.unwrap();
        first.click().await.unwrap();
        wait_for(&c, "p.crumbs a[href$='/padron']").await;
        let (surnames, given) = name.split_once(", ").unwrap_or((name.as_str(), ""));
        let h1 = text(&c, "h1").await;
        assert!(h1.contains(surnames) && h1.contains(given), "{name} → {h1}");
    });
}

#[test]
fn searches_the_padron_by_surname() {
    run(|c, base| async move {
        sign_in(&c, &base, "admin").await;
        walk_to_sindicato(&c).await;
        click(&c, "a[href$='/padron']").await;
        let all = rows(&c).await;
        // The first surname on the first page ("Mamani Cruz, Eusebio" → "Mamani").
        let name = text(&c, "main table a[href^='/households/']").await;
        let surname = name.split([' ', ',']).next().unwrap().to_string();
        assert!(surname.chars().count() >= 3, "{all:?}");

        let q = wait_for(&c, "form.search input[name='q']").await;
        q.send_keys(&surname).await.unwrap();
        click(&c, "form.search button").await;
        wait_for_query(&c, &format!("q={}", encode(&surname))).await;
        let found = rows(&c).await;
        assert!(!found.is_empty(), "searching {surname} finds the family it was read from");
        assert!(found.iter().any(|row| *row == all[0]), "{surname}: {found:?}");
        for row in &found {
            assert!(fold(row).contains(&fold(&surname)), "{row:?} does not contain {surname}");
        }
        assert_eq!(value(&c, "q").await, surname, "the search box keeps the words");

        // A name nobody has: an empty result, said in words.
        let q = wait_for(&c, "form.search input[name='q']").await;
        q.clear().await.unwrap();
        q.send_keys("Zzyzx").await.unwrap();
        click(&c, "form.search button").await;
        wait_for_query(&c, "q=Zzyzx").await;
        assert!(rows(&c).await.is_empty());
        assert!(text(&c, "main").await.contains("Ninguna familia."));
    });
}

#[test]
fn imports_a_file_after_fixing_a_bad_row() {
    run(|c, base| async move {
        let dir = tempfile::tempdir().unwrap();
        let header = "N°;Nombres;Apellido Paterno;Apellido Materno;Nro. Lote;Superficie (Ha.);Lugar";
        let good = "901;Wara;Condori;Quispe;L-901;1,5;Villa Tunari";
        let bad = format!("{header}\r\n{good}\r\n902;Simón;Mamani;Choque;L-902;dos;Villa Tunari\r\n");
        let fixed = bad.replace(";dos;", ";2,25;");
        let bad_file = dir.path().join("padron-con-error.csv");
        let fixed_file = dir.path().join("padron-corregido.csv");
        std::fs::write(&bad_file, bad).unwrap();
        std::fs::write(&fixed_file, fixed).unwrap();

        sign_in(&c, &base, "actas").await;
        open_own_sindicato(&c).await;
        let import = wait_for(&c, "a[href$='/import']").await;
        let import_url = absolute(&base, &import.attr("href").await.unwrap().unwrap());
        c.goto(&import_url).await.unwrap();

        // The bad file: nothing imported, the bad row named by its line, column and value.
        upload(&c, &bad_file).await;
        let problems = wait_for_all(&c, "tr.problem").await;
        assert_eq!(problems.len(), 1, "one bad row");
        let mut cells = Vec::new();
        for cell in problems[0].find_all(Locator::Css("td")).await.unwrap() {
            cells.push(cell.text().await.unwrap());
        }
        let [line, column, value, reason] = cells.as_slice() else { panic!("line, column, value, reason: {cells:?}") };
        assert_eq!(line, "3", "the header is line 1: {cells:?}");
        assert!(column.contains("Superficie"), "{cells:?}");
        assert_eq!(value, "dos", "{cells:?}");
        assert!(reason.contains("no es un número"), "{cells:?}");
        let page = text(&c, "main").await;
        assert!(page.contains("no se importó nada"), "{page}");
        assert!(page.to_lowercase().contains("línea"), "{page}");
        assert!(c.find(Locator::Css("p.ok")).await.is_err(), "no success message: {page}");

        // The corrected file: both families are new.
        c.goto(&import_url).await.unwrap();
        upload(&c, &fixed_file).await;
        let ok = wait_for(&c, "p.ok").await.text().await.unwrap();
        assert!(ok.contains("2 familias nuevas"), "{ok}");
        assert!(c.find(Locator::Css("tr.problem")).await.is_err());

        // They are in the padrón.
        let sindicato = import_url.trim_end_matches("/import");
        c.goto(&format!("{sindicato}/padron?q=L-902")).await.unwrap();
        let found = rows(&c).await;
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("Mamani Choque, Simón") && found[0].contains("L-902"), "{found:?}");
    });
}

#[test]
fn fixes_a_form_error_and_registers_a_family() {
    run(|c, base| async move {
        sign_in(&c, &base, "actas").await;
        open_own_sindicato(&c).await;
        click(&c, "a[href$='/households/new']").await;
        wait_for(&c, "input[name='csrf']").await;

        let values = [
            ("given_names", "Wara Luz"),
            ("first_surname", "Condori"),
            ("second_surname", "Quispe"),
            ("id_number", "7654321"),
            ("phone", "71234567"),
            ("register_number", "950"),
            ("affiliated_on", "05/03/1998"),
            ("parcel_code", "L-950"),
            ("area", "dos"),
            ("place", "Villa Tunari"),
        ];
        let mut kept = Vec::new();
        for (name, v) in values {
            kept.push((name, fill(&c, name, v).await));
        }
        click(&c, "main form button.primary").await;

        // The form comes back with the problem next to the area, and everything else kept.
        let error = wait_for(&c, "#error-area").await;
        let message = error.text().await.unwrap();
        assert!(message.contains("no es un número"), "{message}");
        assert!(
            c.find(Locator::Css("p.field-error#error-area")).await.is_ok(),
            "the message is a p.field-error: {}",
            error.html(false).await.unwrap()
        );
        let errors = c.find_all(Locator::Css(".field-error")).await.unwrap();
        assert_eq!(errors.len(), 1, "only the area is wrong: {}", text(&c, "main").await);
        for (name, expected) in &kept {
            assert_eq!(value(&c, name).await, *expected, "{name} is kept");
        }
        // The message sits next to its field: the nearest field before it is the area.
        let next_to = c
            .execute(
                "const e = document.getElementById('error-area');
                 const fields = [...document.querySelectorAll('main input, main textarea, main select')]
                     .filter(f => f.type !== 'hidden'
                         && (f.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING));
                 return fields.length ? fields[fields.length - 1].name : null;",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(next_to, "area", "the area's error follows the area field");

        // Fixed: the family is registered and shown.
        fill(&c, "area", "2,5").await;
        click(&c, "main form button.primary").await;
        let path = wait_for_path_where(&c, "/households/N", |p| {
            p.strip_prefix("/households/").is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
        })
        .await;
        let h1 = text(&c, "h1").await;
        assert!(h1.contains("Wara Luz") && h1.contains("Condori") && h1.contains("Quispe"), "{path}: {h1}");
        let page = text(&c, "main").await;
        for shown in ["950", "7654321", "71234567", "L-950", "2,5 ha", "Villa Tunari"] {
            assert!(page.contains(shown), "{shown} on {path}: {page}");
        }
    });
}

// --- steps shared by the scenarios ---------------------------------------------------------

/// Signs in through the form and waits for the tree.
pub(crate) async fn sign_in(c: &Client, base: &str, username: &str) {
    c.goto(&format!("{base}/login")).await.unwrap();
    fill(c, "username", username).await;
    fill(c, "password", PASSWORD).await;
    click(c, "main button.primary").await;
    wait_for_path(c, "/bodies").await;
}

/// From the tree, follows `ul.tree` links (a federation, then a central, then a sindicato)
/// until the page is sindicato F1-C01-S01's. Returns the names clicked.
pub(crate) async fn walk_to_sindicato(c: &Client) -> Vec<String> {
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
pub(crate) async fn open_own_sindicato(c: &Client) {
    let links = wait_for_all(c, "ul.tree a").await;
    assert_eq!(links.len(), 1, "actas sees one body: {}", text(c, "main").await);
    links[0].click().await.unwrap();
    wait_for_text(c, "h1 + p.muted", SINDICATO).await;
}

/// Chooses a file in the import form and sends it.
async fn upload(c: &Client, file: &Path) {
    let input = wait_for(c, "input[type='file'][name='file']").await;
    input.send_keys(&file.display().to_string()).await.unwrap();
    wait_for(c, "textarea[name='mappings']").await;
    click(c, "main form button.primary").await;
}

// --- waiting and reading -------------------------------------------------------------------

pub(crate) async fn page_state(c: &Client) -> String {
    let url = c.current_url().await.map(|u| u.to_string()).unwrap_or_default();
    let body = match c.find(Locator::Css("body")).await {
        Ok(body) => body.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    };
    format!("page {url}:\n{body}")
}

/// Polls `check` until it gives a value, for at most `WAIT`.
pub(crate) async fn poll<T, F, Fut>(c: &Client, what: &str, mut check: F) -> T
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
        // This is the bounded poll of a condition (the async twin of `support::wait_until`): the
        // pause between two looks.
        tokio::time::sleep(POLL).await;
    }
}

pub(crate) async fn wait_for(c: &Client, css: &str) -> Element {
    poll(c, &format!("`{css}`"), || async { c.find(Locator::Css(css)).await.ok() }).await
}

/// At least one element matching `css`: all of them.
pub(crate) async fn wait_for_all(c: &Client, css: &str) -> Vec<Element> {
    poll(c, &format!("`{css}`"), || async {
        c.find_all(Locator::Css(css)).await.ok().filter(|found| !found.is_empty())
    })
    .await
}

pub(crate) async fn wait_for_text(c: &Client, css: &str, wanted: &str) {
    poll(c, &format!("`{css}` containing {wanted:?}"), || async {
        let element = c.find(Locator::Css(css)).await.ok()?;
        element.text().await.ok().filter(|t| t.contains(wanted)).map(drop)
    })
    .await;
}

pub(crate) async fn wait_for_path(c: &Client, wanted: &str) -> String {
    wait_for_path_where(c, wanted, |path| path == wanted).await
}

pub(crate) async fn wait_for_path_where(c: &Client, what: &str, ok: impl Fn(&str) -> bool) -> String {
    let ok = &ok;
    poll(c, &format!("the path {what}"), || async move {
        let url = c.current_url().await.ok()?;
        ok(url.path()).then(|| url.path().to_string())
    })
    .await
}

pub(crate) async fn wait_for_query(c: &Client, wanted: &str) {
    poll(c, &format!("the query {wanted}"), || async {
        let url = c.current_url().await.ok()?;
        url.query().is_some_and(|q| q.split('&').any(|part| part == wanted)).then_some(())
    })
    .await;
}

pub(crate) async fn text(c: &Client, css: &str) -> String {
    wait_for(c, css).await.text().await.unwrap()
}

pub(crate) async fn attr(c: &Client, css: &str, name: &str) -> String {
    wait_for(c, css).await.attr(name).await.unwrap().unwrap_or_default()
}

pub(crate) async fn click(c: &Client, css: &str) {
    wait_for(c, css).await.click().await.unwrap();
}

/// The current value of the form field named `name`.
pub(crate) async fn value(c: &Client, name: &str) -> String {
    let field = wait_for(c, &format!("main [name='{name}']")).await;
    field.prop("value").await.unwrap().unwrap_or_default()
}

/// Types `value` into the field named `name`, instead of what it held. Returns the value the
/// field then holds.
pub(crate) async fn fill(c: &Client, name: &str, value: &str) -> String {
    let field = wait_for(c, &format!("main [name='{name}']")).await;
    field.clear().await.unwrap();
    field.send_keys(value).await.unwrap();
    field.prop("value").await.unwrap().unwrap_or_default()
}

/// The padrón's rows (without the header), as text.
pub(crate) async fn rows(c: &Client) -> Vec<String> {
    wait_for(c, "form.search").await;
    let mut found = Vec::new();
    for row in c.find_all(Locator::Css("main table tr")).await.unwrap() {
        if row.find(Locator::Css("td")).await.is_ok() {
            found.push(row.text().await.unwrap());
        }
    }
    found
}

pub(crate) fn absolute(base: &str, href: &str) -> String {
    if href.starts_with('/') { format!("{base}{href}") } else { href.to_string() }
}

/// Lower case without accents, to compare what a search matched.
pub(crate) fn fold(s: &str) -> String {
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
pub(crate) fn encode(s: &str) -> String {
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
pub(crate) fn target_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).to_path_buf()
}

// --- the machinery: server, chromedriver, browser ------------------------------------------

/// Runs one scenario with a demo server, chromedriver and chromium of its own, and stops them
/// all at the end whatever happens. Skips when there is no browser (see the module's docs).
pub(crate) fn run<F, Fut>(scenario: F)
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

pub(crate) fn browser_installed() -> bool {
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
pub(crate) struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        drop(self.0.kill());
        drop(self.0.wait());
    }
}

/// `cabildo demo` serving a fresh 600-family demo on a free port.
pub(crate) struct App {
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
pub(crate) struct Driver {
    port: u16,
    profile: tempfile::TempDir,
    process: Option<Process>,
}

impl Driver {
    pub(super) fn start() -> Driver {
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
        let ready = wait_until(WAIT, || {
            http_get(port, "/status").is_some_and(|r| r.starts_with("HTTP/1.1 200") && r.contains("\"ready\":true"))
        });
        assert!(ready, "chromedriver did not answer on port {port} within {WAIT:?}");
        driver
    }

    /// A new session: headless chromium with a 360 × 800 phone screen, in Spanish.
    pub(super) async fn session(&self) -> Client {
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
            wait_until(Duration::from_secs(5), || !matches!(process.0.try_wait(), Ok(None)));
            drop(process);
        }
    }
}

/// A port nobody listens on right now.
pub(crate) fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    listener.local_addr().unwrap().port()
}

/// A plain HTTP GET to 127.0.0.1:`port`, bounded in time: the whole response, or `None`.
/// (chromedriver keeps connections open: the body ends where its `Content-Length` says.)
pub(crate) fn http_get(port: u16, path: &str) -> Option<String> {
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
