//! The forms that edit the register from the web pages, in process, on both backends: a family's
//! data, the end of an office, moving and closing a body; who may open and post them.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use cabildo_demo::DemoConfig;
use cabildo_domain::{BodyId, HouseholdId};
use cabildo_services::access::PasswordCost;
use cabildo_services::demo;
use cabildo_web::AppState;

use crate::support::{Db, app_state, call, get, mismatches, on_both_backends, op, runtime, today};

on_both_backends!(
    the_edit_forms_answer_every_role_as_the_table_says,
    a_household_is_edited_with_problems_next_to_their_fields,
    an_office_is_ended_from_the_body_page,
    a_body_moves_under_another_but_never_under_itself,
    a_body_closes_only_without_open_sub_bodies,
    who_may_only_look_cannot_post_any_edit_form,
);

struct App {
    state: AppState,
    /// Session cookie per demo account, in the order of `demo::DEMO_ACCOUNTS`.
    cookies: Vec<(&'static str, String)>,
    sindicato: i64,
    other_sindicato: i64,
    household: i64,
    office: i64,
}

impl App {
    fn cookie(&self, username: &str) -> &str {
        &self.cookies.iter().find(|(u, _)| *u == username).unwrap().1
    }
}

fn post(path: &str, cookie: &str, form: &str) -> Request<Body> {
    Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie)
        .body(Body::from(form.to_string()))
        .unwrap()
}

fn body_id(db: &Db, code: &str) -> i64 {
    db.store.read(|r| r.body_by_code(code)).unwrap().unwrap().id.0
}

/// The demo with its accounts, and a signed-in session for each. The synchronous store is used
/// outside the async runtime only.
fn app(db: &Db, runtime: &tokio::runtime::Runtime) -> App {
    let config = DemoConfig { seed: 7, families: Some(600) };
    demo::seed(&db.store, &config, &op(), &|_| {}, true).unwrap();
    demo::ensure_demo_accounts(&db.store, &op(), PasswordCost::TESTS_ONLY).unwrap();
    let state = app_state(db);
    let sindicato = body_id(db, "F1-C01-S01");
    let other_sindicato = body_id(db, "F2-C01-S01");
    let page = cabildo_services::registry::padron_page(&db.store, &op(), "F1-C01-S01", None, 0, 1).unwrap();
    let offices = db.store.read(|r| r.offices(BodyId(sindicato))).unwrap();
    let office = offices.iter().find(|o| o.is_current(today())).expect("a current office in the demo").id.0;
    let cookies = runtime.block_on(async {
        let mut cookies = Vec::new();
        for (username, _, _) in demo::DEMO_ACCOUNTS {
            cookies.push((username, crate::support::sign_in(&state, username, demo::DEMO_PASSWORD).await));
        }
        cookies
    });
    App { state, cookies, sindicato, other_sindicato, household: page[0].id.0, office }
}

/// The CSRF token of a signed-in session.
async fn csrf(state: &AppState, cookie: &str) -> String {
    let (_, _, page) = call(state, get("/bodies", Some(cookie))).await;
    page.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string()
}

/// The text shown next to a field, up to the end of its paragraph.
fn error_next_to<'a>(page: &'a str, field: &str) -> &'a str {
    let marker = format!("id=\"error-{field}\">");
    let shown = page.split(&marker).nth(1).unwrap_or_else(|| panic!("no error next to {field}: {page}"));
    shown.split("</p>").next().unwrap_or_default()
}

fn crumbs(page: &str) -> &str {
    page.split("<p class=\"crumbs\">").nth(1).unwrap().split("</p>").next().unwrap()
}

/// Columns: anonymous, admin (root), dirigente (F1), actas, hacienda and afiliado (sindicato
/// F1-C01-S01), observador (root). 303 is the way to the sign-in page.
fn the_edit_forms_answer_every_role_as_the_table_says(db: &Db) {
    let runtime = runtime();
    let app = app(db, &runtime);
    let (s, o, h, office) = (app.sindicato, app.other_sindicato, app.household, app.office);
    let table: Vec<(String, [u16; 7])> = vec![
        (format!("/households/{h}/edit"), [303, 200, 403, 200, 403, 403, 403]),
        (format!("/offices/{office}/end"), [303, 200, 403, 200, 403, 403, 403]),
        (format!("/bodies/{s}/move"), [303, 200, 403, 200, 403, 403, 403]),
        (format!("/bodies/{s}/close"), [303, 200, 403, 200, 403, 403, 403]),
        (format!("/bodies/{o}/move"), [303, 200, 403, 403, 403, 403, 403]),
        (format!("/bodies/{o}/close"), [303, 200, 403, 403, 403, 403, 403]),
        ("/households/999999/edit".into(), [404, 404, 404, 404, 404, 404, 404]),
        ("/offices/999999/end".into(), [404, 404, 404, 404, 404, 404, 404]),
        ("/bodies/999999/move".into(), [404, 404, 404, 404, 404, 404, 404]),
    ];
    runtime.block_on(async {
        let wrong = mismatches(&app.state, &app.cookies, &table).await;
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        // The pages link to the forms for editors only.
        let (_, _, page) = call(&app.state, get(&format!("/households/{h}"), Some(app.cookie("actas")))).await;
        assert!(page.contains(&format!("href=\"/households/{h}/edit\"")), "{page}");
        let (_, _, page) = call(&app.state, get(&format!("/households/{h}"), Some(app.cookie("afiliado")))).await;
        assert!(!page.contains("/edit\"") && !page.contains("/parcels/new"), "{page}");
        let (_, _, page) = call(&app.state, get(&format!("/bodies/{s}"), Some(app.cookie("actas")))).await;
        for form in [format!("/bodies/{s}/move"), format!("/bodies/{s}/close"), format!("/offices/{office}/end")] {
            assert!(page.contains(&form), "{form}: {page}");
        }
        let (_, _, page) = call(&app.state, get(&format!("/bodies/{s}"), Some(app.cookie("afiliado")))).await;
        assert!(!page.contains("/move\"") && !page.contains("/close\"") && !page.contains("/end\""), "{page}");
        // In English too.
        let english = format!("{}; cabildo_lang=en", app.cookie("admin"));
        let (_, _, page) = call(&app.state, get(&format!("/bodies/{s}/move"), Some(&english))).await;
        assert!(page.contains("Move under another body"), "{page}");
        let (_, _, page) = call(&app.state, get(&format!("/bodies/{s}"), Some(&english))).await;
        assert!(page.contains("Resignation") && page.contains("Close the body"), "{page}");
    });
}

fn a_household_is_edited_with_problems_next_to_their_fields(db: &Db) {
    let runtime = runtime();
    let app = app(db, &runtime);
    let h = app.household;
    let audit_before = db.raw_count("audit_events");
    runtime.block_on(async {
        let cookie = app.cookie("actas");
        let path = format!("/households/{h}/edit");
        let (status, _, page) = call(&app.state, get(&path, Some(cookie))).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("name=\"given_names\" value=\"") && page.contains("name=\"phone\""), "{page}");
        let token = csrf(&app.state, cookie).await;
        let bad = format!(
            "csrf={token}&given_names=Rosa+Elena&first_surname=Quispe&second_surname=&id_number=4455667\
             &phone=llamar%21&register_number=77&affiliated_on=05/03/2019"
        );
        let (status, _, page) = call(&app.state, post(&path, cookie, &bad)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(error_next_to(&page, "phone").contains("llamar!"), "{page}");
        assert!(!page.contains("id=\"error-given_names\""), "{page}");
        for kept in
            ["value=\"Rosa Elena\"", "value=\"Quispe\"", "value=\"4455667\"", "value=\"llamar!\"", "value=\"77\""]
        {
            assert!(page.contains(kept), "{kept} is kept: {page}");
        }
        let good = bad.replace("llamar%21", "71234567");
        let (status, headers, _) = call(&app.state, post(&path, cookie, &good)).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(headers.get(header::LOCATION).unwrap().to_str().unwrap(), format!("/households/{h}"));
        let (_, _, page) = call(&app.state, get(&format!("/households/{h}"), Some(cookie))).await;
        for shown in ["Rosa Elena Quispe", "71234567", "4455667", "05/03/2019", ">77<"] {
            assert!(page.contains(shown), "{shown}: {page}");
        }
    });
    let household = db.store.read(|r| r.household(HouseholdId(h))).unwrap().unwrap();
    assert_eq!(household.representative.phone.as_deref(), Some("71234567"));
    assert_eq!(household.register_number.as_deref(), Some("77"));
    assert_eq!(db.raw_count("audit_events"), audit_before + 1, "one audit line: household.update");
}

fn an_office_is_ended_from_the_body_page(db: &Db) {
    let runtime = runtime();
    let app = app(db, &runtime);
    let office = db.store.read(|r| r.office(cabildo_domain::OfficeId(app.office))).unwrap().unwrap();
    let too_early = (office.term_start - chrono::Days::new(1)).format("%d/%m/%Y").to_string();
    runtime.block_on(async {
        let cookie = app.cookie("actas");
        let token = csrf(&app.state, cookie).await;
        let path = format!("/offices/{}/end", app.office);
        let form = format!("csrf={token}&reason=resignation&on={too_early}");
        let (status, _, page) = call(&app.state, post(&path, cookie, &form)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(error_next_to(&page, "on").contains("es anterior a la fecha de inicio"), "{page}");
        assert!(page.contains(&format!("value=\"{too_early}\"")), "the date is kept: {page}");
        assert!(page.contains("<option value=\"resignation\" selected>"), "the reason is kept: {page}");
        let form = format!("csrf={token}&reason=resignation&on=23/11/2026");
        let (status, headers, _) = call(&app.state, post(&path, cookie, &form)).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let body = format!("/bodies/{}", app.sindicato);
        assert_eq!(headers.get(header::LOCATION).unwrap().to_str().unwrap(), body);
        let (_, _, page) = call(&app.state, get(&body, Some(cookie))).await;
        assert!(!page.contains(&format!("action=\"{path}\"")), "no longer current: {page}");
        // Twice is refused, on the form page.
        let (status, _, page) = call(&app.state, post(&path, cookie, &form)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("ya terminó"), "{page}");
    });
    let ended = db.store.read(|r| r.office(office.id)).unwrap().unwrap();
    assert_eq!(ended.ended_on, Some(today()));
    assert_eq!(ended.end_reason, Some(cabildo_domain::OfficeEnd::Resignation));
}

fn a_body_moves_under_another_but_never_under_itself(db: &Db) {
    let runtime = runtime();
    let app = app(db, &runtime);
    // The small demo has one central of one sindicato per federation.
    let (c1, c2) = (body_id(db, "F1-C01"), body_id(db, "F2-C01"));
    let moving = app.other_sindicato;
    runtime.block_on(async {
        let admin = app.cookie("admin");
        let token = csrf(&app.state, admin).await;
        let (_, _, page) = call(&app.state, get(&format!("/bodies/{moving}"), Some(admin))).await;
        assert!(crumbs(&page).contains(&format!("/bodies/{c2}\"")), "{page}");
        let (_, _, form) = call(&app.state, get(&format!("/bodies/{c1}/move"), Some(admin))).await;
        assert!(form.contains(&format!("<option value=\"{c2}\"")), "{form}");
        for own in [c1, app.sindicato] {
            assert!(!form.contains(&format!("<option value=\"{own}\"")), "no body of its own sub-tree: {form}");
        }
        let (status, headers, _) =
            call(&app.state, post(&format!("/bodies/{moving}/move"), admin, &format!("csrf={token}&parent={c1}")))
                .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(headers.get(header::LOCATION).unwrap().to_str().unwrap(), format!("/bodies/{moving}"));
        let (_, _, page) = call(&app.state, get(&format!("/bodies/{moving}"), Some(admin))).await;
        let shown = crumbs(&page);
        assert!(shown.contains(&format!("/bodies/{c1}\"")) && !shown.contains(&format!("/bodies/{c2}\"")), "{page}");
        // A central under its own sindicato would make a cycle.
        let own = app.sindicato;
        let (status, _, page) =
            call(&app.state, post(&format!("/bodies/{c1}/move"), admin, &format!("csrf={token}&parent={own}"))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(error_next_to(&page, "parent").contains("No se puede mover"), "{page}");
        // Secretario de actas of a sindicato may not put it under a central it does not keep.
        let actas = app.cookie("actas");
        let token = csrf(&app.state, actas).await;
        let (status, _, page) =
            call(&app.state, post(&format!("/bodies/{own}/move"), actas, &format!("csrf={token}&parent={c2}"))).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(error_next_to(&page, "parent").contains("No tiene permiso"), "{page}");
    });
    let parent = |id: i64| db.store.read(|r| r.body(BodyId(id))).unwrap().unwrap().parent_id;
    assert_eq!(parent(moving), Some(BodyId(c1)));
    assert_eq!(parent(app.sindicato), Some(BodyId(c1)), "nothing else changed");
    assert_eq!(parent(c1), Some(BodyId(body_id(db, "F1"))), "nothing else changed");
}

fn a_body_closes_only_without_open_sub_bodies(db: &Db) {
    let runtime = runtime();
    let app = app(db, &runtime);
    let central = body_id(db, "F2-C01");
    let sindicato = app.other_sindicato;
    runtime.block_on(async {
        let admin = app.cookie("admin");
        let token = csrf(&app.state, admin).await;
        let (status, _, page) =
            call(&app.state, post(&format!("/bodies/{central}/close"), admin, &format!("csrf={token}"))).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(page.contains("todavía tiene") && page.contains("ciérrelas o muévalas primero"), "{page}");
        // In English, the refusal is in English.
        let english = format!("{admin}; cabildo_lang=en");
        let (_, _, page) =
            call(&app.state, post(&format!("/bodies/{central}/close"), &english, &format!("csrf={token}"))).await;
        assert!(page.contains("open bodies below it"), "{page}");
        let (status, _, _) =
            call(&app.state, post(&format!("/bodies/{sindicato}/close"), admin, &format!("csrf={token}"))).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, _, page) = call(&app.state, get(&format!("/bodies/{sindicato}"), Some(admin))).await;
        assert!(page.contains("cerrada"), "{page}");
        assert!(!page.contains("/close\""), "a closed body offers no edit forms: {page}");
    });
    let closed = |id: i64| db.store.read(|r| r.body(BodyId(id))).unwrap().unwrap().closed_on;
    assert_eq!(closed(central), None);
    assert_eq!(closed(sindicato), Some(today()));
}

fn who_may_only_look_cannot_post_any_edit_form(db: &Db) {
    let runtime = runtime();
    let app = app(db, &runtime);
    let (s, h, office) = (app.sindicato, app.household, app.office);
    let other_central = body_id(db, "F2-C01");
    let audit_before = db.raw_count("audit_events");
    runtime.block_on(async {
        let afiliado = app.cookie("afiliado");
        let token = csrf(&app.state, afiliado).await;
        for (path, form) in [
            (format!("/households/{h}/edit"), format!("csrf={token}&given_names=Ana&first_surname=Rojas")),
            (format!("/households/{h}/edit"), format!("csrf={token}&given_names=&first_surname=")),
            (format!("/offices/{office}/end"), format!("csrf={token}&reason=recall&on=23/11/2026")),
            (format!("/bodies/{s}/move"), format!("csrf={token}&parent={other_central}")),
            (format!("/bodies/{s}/close"), format!("csrf={token}")),
        ] {
            let (status, _, page) = call(&app.state, post(&path, afiliado, &form)).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{path}: {page}");
            assert!(!page.contains("name=\"given_names\""), "no form for whoever may not edit: {page}");
        }
        // Nor may anyone without the session's token.
        let actas = app.cookie("actas");
        let (status, _, _) = call(&app.state, post(&format!("/bodies/{s}/close"), actas, "csrf=wrong")).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    });
    assert_eq!(db.raw_count("audit_events"), audit_before, "nothing changed");
    assert_eq!(db.store.read(|r| r.body(BodyId(s))).unwrap().unwrap().closed_on, None);
}
