//! A petition's path in a real browser at 360 px (chromium driven by chromedriver, against
//! `cabildo demo` started as a real process): the sindicato raises its resolution with the
//! inbox's form, the central's assembly endorses it and the federation's addresses it to a
//! ministry — each chosen on the petition's page, the votes held through the JSON API — the
//! ministry's meeting date is recorded with the reply form, the oficio prints, and the afiliado
//! of the sindicato sees the meeting on the sindicato's page.
//!
//! Same needs and rules as `browser.rs` (skips without chromium unless
//! `CABILDO_REQUIRE_BROWSER=1`), whose harness and steps it uses.

use fantoccini::Client;
use serde_json::{Value, json};

use super::browser::{
    click, fill, open_own_sindicato, run, sign_in, target_dir, text, wait_for, wait_for_path_where, wait_for_text,
};

/// The page is no wider than the 360-px screen; its screenshot is left in the target folder.
async fn fits(c: &Client, what: &str) {
    let width = c.execute("return [window.innerWidth, document.documentElement.scrollWidth]", vec![]).await.unwrap();
    assert!(width[1].as_u64().is_some_and(|w| w <= 360), "{what} is wider than the screen: {width}");
    let file = target_dir().join(format!("browser-petition-{}.png", what.replace(['\'', ' '], "-")));
    std::fs::write(&file, c.screenshot().await.unwrap()).unwrap();
    eprintln!("screenshot of {what} at 360 px: {}", file.display());
}

/// Runs `steps` (the body of an async function given `call(method, path, payload)`, `args` and
/// `done`) in the page, with the session and its form token; its result.
async fn script(c: &Client, steps: &str, args: Value) -> Value {
    let csrf = c
        .execute("return document.querySelector(\"input[name='csrf']\").value", vec![])
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_string();
    let script = format!(
        r#"
const [csrf, args, done] = arguments;
const call = async (method, path, payload) => {{
  const r = await fetch(path, {{method, headers: {{'Content-Type': 'application/json', 'X-CSRF-Token': csrf}},
    body: payload === undefined ? undefined : JSON.stringify(payload)}});
  const t = await r.text();
  if (!r.ok) throw new Error(method + ' ' + path + ' ' + r.status + ' ' + t);
  return t ? JSON.parse(t) : null;
}};
const hold = async (body, kind) => {{
  const a = await call('POST', `/api/v1/bodies/${{body}}/assemblies`,
    {{kind, title: 'Asamblea ' + kind, scheduled_for: '2026-11-20T09:00', place: 'Sede'}});
  const door = await call('GET', `/api/v1/assemblies/${{a.id}}/attendance?limit=1000`);
  for (const line of door.lines) {{
    await call('POST', `/api/v1/assemblies/${{a.id}}/attendance`, {{person_id: line.person_id}});
  }}
  await call('POST', `/api/v1/assemblies/${{a.id}}/open`);
  return [a.id, door.lines.length];
}};
const adopt = async (motion, present) => {{
  await call('POST', `/api/v1/motions/${{motion}}/vote`, {{method: 'show_of_hands', rule: 'majority'}});
  await call('PUT', `/api/v1/motions/${{motion}}/hands`, {{counts: {{for: present, against: 0, abstain: 0}}}});
  await call('POST', `/api/v1/motions/${{motion}}/close`);
}};
(async () => {{ {steps} }})().then(v => done({{ok: v}})).catch(e => done({{error: e.message}}));
"#
    );
    let outcome = c.execute_async(&script, vec![json!(csrf), args]).await.unwrap();
    assert!(outcome.get("error").is_none(), "the script failed: {outcome}");
    outcome["ok"].clone()
}

/// A body's number by its code, from the API's tree.
async fn body_number(c: &Client, code: &str) -> i64 {
    let found = script(
        c,
        "const t = await call('GET', '/api/v1/bodies'); return t.bodies.find(l => l.code === args).id;",
        json!(code),
    )
    .await;
    found.as_i64().unwrap()
}

/// Sets a form field by name (selects, radios, date inputs).
async fn set(c: &Client, css: &str, value: &str) {
    c.execute(
        "const e = document.querySelector(arguments[0]); if (e.type === 'radio') { e.checked = true } else { e.value = arguments[1] }",
        vec![json!(css), json!(value)],
    )
    .await
    .unwrap();
}

/// The motion a propose form led to (`/assemblies/A#motion-M`): voted for by everyone present.
async fn adopt_the_motion(c: &Client, present: i64) {
    let url = c.current_url().await.unwrap();
    let motion: i64 = url.fragment().unwrap_or_default().trim_start_matches("motion-").parse().unwrap();
    script(c, "await adopt(args[0], args[1]); return true;", json!([motion, present])).await;
}

#[test]
fn a_petition_rises_from_the_sindicato_to_a_ministry_and_its_meeting_reaches_the_afiliado() {
    run(|c, base| async move {
        sign_in(&c, &base, "admin").await;
        let sindicato = body_number(&c, "F1-C01-S01").await;
        let central = body_number(&c, "F1-C01").await;
        let federation = body_number(&c, "F1").await;
        // The sindicato's assembly adopts what it will ask for.
        script(
            &c,
            "const [a, n] = await hold(args, 'ordinaria');
             const m = await call('POST', `/api/v1/assemblies/${a}/motions`,
               {title: 'Puente sobre el río Ichilo', text: 'Que el Estado construya el puente.', proposer: 'Base'});
             await adopt(m.id, n); return a;",
            json!(sindicato),
        )
        .await;

        // The inbox's form raises it to the central.
        c.goto(&format!("{base}/bodies/{sindicato}/petitions")).await.unwrap();
        wait_for_text(&c, "h1", "Solicitudes").await;
        let option = wait_for(&c, "#raise-form select[name='resolution'] option:nth-child(2)").await;
        let value = option.attr("value").await.unwrap().unwrap();
        set(&c, "#raise-form select[name='resolution']", &value).await;
        fits(&c, "the sindicato's inbox").await;
        click(&c, "#raise-form button").await;
        let path = wait_for_path_where(&c, "the petition", |p| p.starts_with("/petitions/")).await;
        let petition: i64 = path.trim_start_matches("/petitions/").parse().unwrap();
        assert!(text(&c, "#standing").await.contains("En espera de decisión"));

        // The central's ampliado endorses it, chosen on the petition's page.
        let held = script(&c, "return await hold(args, 'ampliado');", json!(central)).await;
        c.goto(&format!("{base}/petitions/{petition}")).await.unwrap();
        wait_for(&c, "#propose-form").await;
        fits(&c, "the petition at the central").await;
        set(&c, "#propose-form input[value='endorse']", "").await;
        click(&c, "#propose-form button.primary").await;
        wait_for_path_where(&c, "the central's assembly", |p| p.starts_with("/assemblies/")).await;
        adopt_the_motion(&c, held[1].as_i64().unwrap()).await;

        // The federation keeps the ministry and its ampliado addresses the petition to it.
        c.goto(&format!("{base}/bodies/{federation}/authorities")).await.unwrap();
        fill(&c, "name", "Ministerio de Obras Públicas").await;
        fill(&c, "office", "Ministro").await;
        fill(&c, "address", "Av. Mariscal Santa Cruz, La Paz").await;
        click(&c, "#authority-form button").await;
        wait_for_text(&c, "#authorities", "Ministerio de Obras Públicas").await;
        let held = script(&c, "return await hold(args, 'ampliado');", json!(federation)).await;
        c.goto(&format!("{base}/petitions/{petition}")).await.unwrap();
        wait_for(&c, "#propose-form").await;
        set(&c, "#propose-form input[value='address']", "").await;
        let authority = wait_for(&c, "#propose-form select[name='authority'] option:nth-child(2)").await;
        let authority = authority.attr("value").await.unwrap().unwrap();
        set(&c, "#propose-form select[name='authority']", &authority).await;
        set(&c, "#propose-form input[name='reply_by']", "2026-12-31").await;
        click(&c, "#propose-form button.primary").await;
        wait_for_path_where(&c, "the federation's assembly", |p| p.starts_with("/assemblies/")).await;
        adopt_the_motion(&c, held[1].as_i64().unwrap()).await;

        // The ministry answers with a meeting date, recorded with the reply form.
        c.goto(&format!("{base}/petitions/{petition}")).await.unwrap();
        wait_for_text(&c, "#addressed", "F1-OF-1/").await;
        set(&c, "#reply-form select[name='kind']", "meeting").await;
        set(&c, "#reply-form input[name='meeting_at']", "2026-12-10T10:00").await;
        fill(&c, "meeting_place", "Despacho del Ministro").await;
        fill(&c, "text", "El Ministro recibirá a la delegación.").await;
        click(&c, "#reply-form button").await;
        wait_for_text(&c, "#standing", "La autoridad dio fecha de reunión").await;
        assert!(text(&c, "#replies + ul").await.contains("2026-12-10 10:00"));
        fits(&c, "the petition answered").await;
        click(&c, "#oficio-link").await;
        wait_for_text(&c, "#reference", "F1-OF-1/").await;
        let citations = text(&c, "#citations").await;
        assert_eq!(citations.lines().count(), 3, "every level's resolution: {citations}");
        fits(&c, "the oficio").await;

        // The afiliado of the sindicato sees the meeting on the sindicato's page.
        click(&c, "header nav form button").await;
        wait_for_path_where(&c, "signed out", |p| p == "/" || p == "/login" || p == "/bodies").await;
        sign_in(&c, &base, "afiliado").await;
        open_own_sindicato(&c).await;
        let notice = text(&c, "#petitions").await;
        assert!(notice.contains("Puente sobre el río Ichilo"), "{notice}");
        assert!(notice.contains("La autoridad dio fecha de reunión") && notice.contains("Despacho del Ministro"));
        fits(&c, "the sindicato's page").await;
    });
}
