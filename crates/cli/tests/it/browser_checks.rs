//! axe-core and the width of the page, in Chromium at 360 px, on every main page of
//! `support::pages::MAIN_PAGES` as each of its viewers sees it (the demo's administrator, its
//! secretario de actas, an afiliado, a visitor). Any axe violation fails, with the rule, its
//! impact and the elements; so does a page wider than the 360-px screen.
//!
//! axe-core is not part of the machine: `.ci/run` fetches it with npm (pinned) into
//! `target/checkers` and sets `CABILDO_AXE_JS` to its `axe.min.js`; locally, the same (see
//! README). Without it the test is skipped with a note, unless `CABILDO_REQUIRE_BROWSER=1` (CI),
//! where it fails, as a missing browser does.

use std::net::{Ipv4Addr, TcpListener};
use std::path::PathBuf;
use std::time::Instant;

use fantoccini::Client;
use serde_json::{Value, json};

use super::browser::{Driver, browser_installed, sign_in, target_dir};
use crate::support::pages::{Places, Viewer};
use crate::support::{Db, TestApp};

/// The viewers, in the order the walk signs in as them.
const VIEWERS: [Viewer; 4] = [None, Some("admin"), Some("actas"), Some("afiliado")];

/// axe-core's source, if the checkers were fetched.
fn axe_source() -> Option<String> {
    let path = std::env::var_os("CABILDO_AXE_JS").map(PathBuf::from).filter(|p| p.exists());
    let Some(path) = path else {
        let required = std::env::var("CABILDO_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
        assert!(
            !required,
            "CABILDO_REQUIRE_BROWSER=1 but CABILDO_AXE_JS does not name axe.min.js: axe-core must run \
             (.ci/run fetches it with npm into target/checkers)"
        );
        eprintln!("skipping axe-core: set CABILDO_AXE_JS to axe.min.js (npm package axe-core; see .ci/run)");
        return None;
    };
    Some(std::fs::read_to_string(path).unwrap())
}

/// Runs axe-core on the page loaded: every rule of its default set, and the WCAG 2.2 target size.
async fn axe(c: &Client, source: &str) -> Vec<String> {
    c.execute(&format!("{source}\n;return 1;"), vec![]).await.unwrap();
    let script = r#"
        const done = arguments[arguments.length - 1];
        axe.run(document, {rules: {'target-size': {enabled: true}}})
            .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' — ' + n.failureSummary.replace(/\s+/g, ' '))}))))
            .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));
    "#;
    let found = c.execute_async(script, vec![]).await.unwrap();
    found
        .as_array()
        .into_iter()
        .flatten()
        .map(|v: &Value| format!("{} ({}): {} — {}", v["id"], v["impact"], v["help"], v["nodes"]))
        .collect()
}

/// The convene form sent with three problems, as a person on the phone sees it come back: the
/// page opens at the summary (in view, the target of `#errors`), which lists the three problems;
/// following a link puts the focus in its field; and the page still passes axe and fits.
async fn a_form_with_problems(c: &Client, base: &str, sindicato: i64, axe_js: &str) -> Vec<String> {
    c.goto(&format!("{base}/bodies/{sindicato}/assemblies")).await.unwrap();
    // What a browser would not let through by itself: the required marks are taken away, and a
    // day that does not exist is typed where a picker would not allow it.
    let script = r#"
        document.querySelectorAll('[required]').forEach(e => e.removeAttribute('required'));
        const when = document.getElementById('field-scheduled_for');
        when.type = 'text';
        when.value = '31/02/2026 09:00';
        document.getElementById('field-assembly_title').value = '';
        document.getElementById('field-place').value = '';
        when.form.submit();
        return 1;
    "#;
    c.execute(script, vec![]).await.unwrap();
    let mut problems = Vec::new();
    let mut seen = Value::Null;
    for _ in 0..200 {
        let state = c
            .execute(
                "const s = document.getElementById('errors');
                 if (!s) return null;
                 const r = s.getBoundingClientRect();
                 return {url: location.href, top: r.top, bottom: r.bottom, height: innerHeight,
                         target: document.querySelector(':target') === s, role: s.getAttribute('role'),
                         links: [...s.querySelectorAll('a')].map(a => a.getAttribute('href'))};",
                vec![],
            )
            .await
            .unwrap();
        if !state.is_null() {
            seen = state;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let what = "convene form with problems";
    if !seen["url"].as_str().is_some_and(|u| u.ends_with("#errors")) || seen["target"] != json!(true) {
        problems.push(format!("{what}: the page does not open at the summary: {seen}"));
    }
    // Within a pixel of the top: a fragment scroll may leave a sub-pixel offset.
    let in_view = seen["top"].as_f64().is_some_and(|t| t >= -1.0) && seen["top"].as_f64() < seen["height"].as_f64();
    if !in_view {
        problems.push(format!("{what}: the summary is not in view: {seen}"));
    }
    if seen["role"] != json!("alert")
        || seen["links"] != json!(["#field-assembly_title", "#field-scheduled_for", "#field-place"])
    {
        problems.push(format!("{what}: the summary does not list the three problems as an alert: {seen}"));
    }
    let file = target_dir().join("browser-form-errors.png");
    std::fs::write(&file, c.screenshot().await.unwrap()).unwrap();
    eprintln!("screenshot of a form with problems at 360 px: {}", file.display());
    // Following a link of the summary puts the focus in the field.
    c.execute("document.querySelector('#errors a[href=\"#field-place\"]').click(); return 1;", vec![]).await.unwrap();
    let focused = c.execute("return document.activeElement && document.activeElement.id", vec![]).await.unwrap();
    if focused != json!("field-place") {
        problems.push(format!("{what}: the summary's link does not lead into the field: focus on {focused}"));
    }
    let width = c.execute("return document.documentElement.scrollWidth", vec![]).await.unwrap();
    if width.as_u64().is_none_or(|w| w > 360) {
        problems.push(format!("{what}: wider than the screen: {width}"));
    }
    for violation in axe(c, axe_js).await {
        problems.push(format!("{what}: {violation}"));
    }
    problems
}

#[test]
fn every_main_page_passes_axe_and_fits_a_360_px_screen() {
    if !browser_installed() {
        return;
    }
    let Some(axe_js) = axe_source() else { return };
    let start = Instant::now();
    let db = Db::sqlite();
    let app = TestApp::demo(&db).families(300).build();
    let places = Places::make(&app);
    let visits = places.visits();

    // The app, served on a port of its own for the browser.
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    listener.set_nonblocking(true).unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = app.state.clone();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            let limits = cabildo_web::http::server::Limits::for_this_process();
            let shutdown = async {
                drop(stopped.await);
            };
            cabildo_web::serve_on(listener, state, limits, shutdown).await.unwrap();
        });
    });

    let driver = Driver::start();
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let problems = runtime.block_on(async {
        let c = driver.session().await;
        let mut problems = Vec::new();
        let mut checked = 0;
        for viewer in VIEWERS {
            c.delete_all_cookies().await.unwrap();
            if let Some(username) = viewer {
                sign_in(&c, &base, username).await;
            }
            for (name, path, _) in visits.iter().filter(|(_, _, v)| *v == viewer) {
                c.goto(&format!("{base}{path}")).await.unwrap();
                let what = format!("{name} ({path}) as {}", viewer.unwrap_or("a visitor"));
                let width = c.execute("return [window.innerWidth, document.documentElement.scrollWidth]", vec![]).await;
                let width = width.unwrap();
                if width[0] != json!(360) || width[1].as_u64().is_none_or(|w| w > 360) {
                    problems.push(format!("{what}: wider than the 360-px screen: [screen, page] = {width}"));
                }
                for violation in axe(&c, &axe_js).await {
                    problems.push(format!("{what}: {violation}"));
                }
                checked += 1;
            }
            if viewer == Some("actas") {
                problems.extend(a_form_with_problems(&c, &base, places.sindicato, &axe_js).await);
            }
        }
        drop(c.close().await);
        eprintln!("axe-core and width: {checked} pages in {:.1?}", start.elapsed());
        problems
    });
    stop.send(()).ok();
    drop(server.join());
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}
