//! The afiliado and the dirigente in a real browser at 360 px (chromium driven by chromedriver,
//! against `cabildo demo` started as a real process): the afiliado reaches what was decided in
//! their sindicato and its acta in two taps from the sindicato's page, and sees it on "my family";
//! the federation's dirigente searches the leader's view and opens a sindicato.
//!
//! Same needs and rules as `browser.rs` (skips without chromium unless
//! `CABILDO_REQUIRE_BROWSER=1`), whose harness and steps it uses.

use fantoccini::{Client, Locator};
use serde_json::json;

use super::browser::{
    click, fill, open_own_sindicato, run, sign_in, target_dir, text, wait_for, wait_for_all, wait_for_path_where,
    wait_for_text,
};

/// The page is no wider than the 360-px screen; its screenshot is left in the target folder.
async fn fits(c: &Client, what: &str) {
    let width = c.execute("return [window.innerWidth, document.documentElement.scrollWidth]", vec![]).await.unwrap();
    assert_eq!(width[0], 360, "{what}: the screen is a 360-px phone's: {width}");
    assert!(width[1].as_u64().is_some_and(|w| w <= 360), "{what} is wider than the screen: {width}");
    let file = target_dir().join(format!("browser-leader-{}.png", what.replace(['\'', ' '], "-")));
    std::fs::write(&file, c.screenshot().await.unwrap()).unwrap();
    eprintln!("screenshot of {what} at 360 px: {}", file.display());
}

/// The secretario de actas holds an assembly of the sindicato through the JSON API, with the
/// session of the pages and its form token: everyone present, one motion adopted by show of hands,
/// the assembly closed (its acta pending). Returns the assembly's number.
async fn hold_an_assembly(c: &Client, base: &str) -> i64 {
    sign_in(c, base, "actas").await;
    open_own_sindicato(c).await;
    let path = c.current_url().await.unwrap().path().to_string();
    let body: i64 = path.trim_start_matches("/bodies/").parse().unwrap();
    let csrf = c.find(Locator::Css("input[name='csrf']")).await.unwrap().attr("value").await.unwrap().unwrap();
    let script = r#"
const [body, csrf, done] = arguments;
const call = async (method, path, payload) => {
  const r = await fetch(path, {method, headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf},
    body: payload === undefined ? undefined : JSON.stringify(payload)});
  const t = await r.text();
  if (!r.ok) throw new Error(method + ' ' + path + ' ' + r.status + ' ' + t);
  return t ? JSON.parse(t) : null;
};
(async () => {
  const a = await call('POST', `/api/v1/bodies/${body}/assemblies`,
    {kind: 'ordinaria', title: 'Asamblea del puente', scheduled_for: '2026-11-20T09:00', place: 'Sede'});
  const door = await call('GET', `/api/v1/assemblies/${a.id}/attendance?limit=1000`);
  for (const line of door.lines) {
    await call('POST', `/api/v1/assemblies/${a.id}/attendance`, {household_id: line.household_id});
  }
  await call('POST', `/api/v1/assemblies/${a.id}/open`);
  const m = await call('POST', `/api/v1/assemblies/${a.id}/motions`,
    {title: 'Construir el puente', text: 'Con el aporte de todas las familias.', proposer: 'Base'});
  await call('POST', `/api/v1/motions/${m.id}/vote`, {method: 'show_of_hands', rule: 'majority'});
  await call('PUT', `/api/v1/motions/${m.id}/hands`, {counts: {for: door.lines.length, against: 0, abstain: 0}});
  await call('POST', `/api/v1/motions/${m.id}/close`);
  await call('POST', `/api/v1/assemblies/${a.id}/close`);
  done('ok ' + a.id);
})().catch(e => done('error ' + e.message));
"#;
    let outcome = c.execute_async(script, vec![json!(body), json!(csrf)]).await.unwrap();
    let outcome = outcome.as_str().unwrap_or_default().to_string();
    assert!(outcome.starts_with("ok "), "holding the assembly: {outcome}");
    click(c, "header nav form button").await;
    wait_for_path_where(c, "signed out", |p| p == "/" || p == "/login" || p == "/bodies").await;
    outcome.trim_start_matches("ok ").parse().unwrap()
}

#[test]
fn the_afiliado_reaches_the_resolutions_and_an_acta_of_their_sindicato() {
    run(|c, base| async move {
        let assembly = hold_an_assembly(&c, &base).await;
        sign_in(&c, &base, "afiliado").await;
        open_own_sindicato(&c).await;
        // First tap: the sindicato's resolutions.
        click(&c, "#body-resolutions").await;
        wait_for_text(&c, "h1", "Resoluciones").await;
        let item = text(&c, "ol.resolutions li").await;
        assert!(
            item.contains("Construir el puente") && item.contains("Con el aporte de todas las familias."),
            "{item}"
        );
        assert!(item.contains("Acta pendiente") && item.contains("Asamblea del puente"), "{item}");
        fits(&c, "the resolutions").await;
        // Second tap: its acta.
        click(&c, "ol.resolutions a.acta-link").await;
        wait_for_path_where(&c, "the acta", |p| p == format!("/assemblies/{assembly}/acta")).await;
        let acta = text(&c, "main").await;
        assert!(acta.contains("Construir el puente"), "{acta}");
        assert!(c.find(Locator::Css("#sign-form")).await.is_err(), "the afiliado is offered no signing form");
        // The assembly list says the acta is pending, and offers the afiliado no convene form.
        c.goto(&format!("{base}/assemblies/{assembly}")).await.unwrap();
        click(&c, ".crumbs a[href$='/assemblies']").await;
        wait_for_text(&c, "h1", "Asambleas").await;
        assert!(text(&c, "table.assemblies").await.contains("Acta pendiente"));
        assert!(c.find(Locator::Css("form[action$='/assemblies']")).await.is_err(), "no convene form");
        // "My family", from the header: present, and what was decided.
        click(&c, "#my-family-link").await;
        wait_for_text(&c, "h1", "Mi familia").await;
        let family = text(&c, "main").await;
        assert!(family.contains("Presente") && family.contains("Construir el puente"), "{family}");
        fits(&c, "my family").await;
    });
}

#[test]
fn the_dirigente_searches_the_overview_and_opens_a_sindicato() {
    run(|c, base| async move {
        sign_in(&c, &base, "dirigente").await;
        // The tree starts at the dirigente's federation.
        let federation = wait_for(&c, "ul.tree a").await;
        let name = federation.text().await.unwrap();
        federation.click().await.unwrap();
        wait_for_text(&c, "h1", &name).await;
        click(&c, "#body-overview").await;
        wait_for_text(&c, "h1", "Vista del dirigente").await;
        let total = text(&c, "#total").await;
        assert!(total.contains("sindicato") && total.contains("Padrón"), "{total}");
        assert!(!text(&c, "details.groups").await.is_empty(), "the centrales, added up");
        fits(&c, "the leader's view").await;
        // Paged: a federation's sindicatos never make one long page (the 600-family demo has few).
        let cards = wait_for_all(&c, "#base-units li.unit").await;
        assert!(!cards.is_empty() && cards.len() <= 15, "{} cards", cards.len());
        let code = cards.last().unwrap().find(Locator::Css("h3 .muted")).await.unwrap().text().await.unwrap();
        // Search by code, in lower case.
        fill(&c, "q", &code.to_lowercase()).await;
        click(&c, "form.search button.primary").await;
        wait_for_text(&c, "#matched", "1 coincid").await;
        let found = wait_for_all(&c, "#base-units li.unit").await;
        assert_eq!(found.len(), 1);
        // Filter: no assembly in 3 months (the demo held none): the search still applies.
        c.find(Locator::Css("select[name='filter'] option[value='quiet']")).await.unwrap().click().await.unwrap();
        click(&c, "form.search button.primary").await;
        wait_for_text(&c, "#base-units", &code).await;
        assert!(text(&c, "#base-units").await.contains("Sin asamblea en 3 meses"));
        fits(&c, "the filtered view").await;
        // Open the sindicato.
        click(&c, "#base-units h3 a").await;
        wait_for_text(&c, "h1 + p.muted", &code).await;
        fits(&c, "the sindicato").await;
    });
}
