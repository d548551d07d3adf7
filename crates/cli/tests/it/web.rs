//! The web layer in process (no sockets), on both backends: who may open which page, sign-in,
//! CSRF, languages, error pages and page weight.

use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use cabildo_demo::DemoConfig;
use cabildo_services::access::PasswordCost;
use cabildo_services::demo;
use cabildo_web::{AppState, router};
use tower::ServiceExt;

use crate::support::{Db, app_state, call, get, mismatches, on_both_backends, op, runtime, visitor_post};

on_both_backends!(
    every_route_answers_every_role_as_the_table_says,
    every_form_answers_every_role_as_the_table_says,
    signing_in_sets_a_safe_cookie_and_wrong_passwords_are_refused_in_the_users_language,
    sign_in_attempts_are_rate_limited,
    forms_from_other_sites_and_without_the_token_are_refused,
    pages_come_in_spanish_by_default_and_in_english_when_asked,
    main_pages_weigh_less_than_30_kb_gzipped,
    the_api_answers_json_and_problem_documents,
    the_first_run_creates_the_first_administrator,
    a_form_with_bad_input_comes_back_with_values_kept_and_problems_named,
    an_uploaded_padron_is_imported_or_refused_with_every_bad_row,
    bodies_and_offices_are_created_and_renamed_from_forms,
    a_published_page_shows_the_directiva_to_anyone_and_no_personal_data,
    an_address_or_form_that_cannot_be_read_is_answered_in_the_users_language,
);

struct App {
    state: AppState,
    /// Session cookie per demo account.
    cookies: Vec<(&'static str, String)>,
    sindicato: i64,
    other_sindicato: i64,
    household: i64,
}

fn post(path: &str, cookie: Option<&str>, form: &str) -> Request<Body> {
    let mut request = Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.body(Body::from(form.to_string())).unwrap()
}

async fn sign_in(state: &AppState, username: &str) -> String {
    crate::support::sign_in(state, username, demo::DEMO_PASSWORD).await
}

/// The demo with its accounts, and a signed-in session for each. The synchronous store is set
/// up outside the async runtime (the server itself reaches it through `spawn_blocking`).
fn app(db: &Db, runtime: &tokio::runtime::Runtime) -> App {
    let config = DemoConfig { seed: 7, families: Some(600) };
    demo::seed(&db.store, &config, &op(), &|_| {}, true).unwrap();
    demo::ensure_demo_accounts(&db.store, &op(), PasswordCost::TESTS_ONLY).unwrap();
    let state = app_state(db);
    let body_id = |code: &str| db.store.read(|r| r.body_by_code(code)).unwrap().unwrap().id.0;
    let sindicato = body_id("F1-C01-S01");
    let other_sindicato = body_id("F2-C01-S01");
    let page = cabildo_services::registry::padron_page(&db.store, &op(), "F1-C01-S01", None, 0, 1).unwrap();
    let cookies = runtime.block_on(async {
        let mut cookies = Vec::new();
        for (username, _, _) in demo::DEMO_ACCOUNTS {
            cookies.push((username, sign_in(&state, username).await));
        }
        cookies
    });
    App { state, cookies, sindicato, other_sindicato, household: page[0].id.0 }
}

/// Who may open what. Columns: anonymous, admin (root), dirigente (F1), actas, hacienda and
/// afiliado (sindicato F1-C01-S01), observador (root). 303 is the way to the sign-in page.
fn expected_table(app: &App) -> Vec<(String, [u16; 7])> {
    let (s, o, h) = (app.sindicato, app.other_sindicato, app.household);
    vec![
        ("/".into(), [303, 303, 303, 303, 303, 303, 303]),
        ("/health".into(), [200, 200, 200, 200, 200, 200, 200]),
        ("/static/style.css".into(), [200, 200, 200, 200, 200, 200, 200]),
        ("/login".into(), [200, 200, 200, 200, 200, 200, 200]),
        ("/setup".into(), [303, 303, 303, 303, 303, 303, 303]),
        ("/lang?to=en&back=/bodies".into(), [303, 303, 303, 303, 303, 303, 303]),
        ("/bodies".into(), [303, 200, 200, 200, 200, 200, 200]),
        (format!("/bodies/{s}"), [303, 200, 200, 200, 200, 200, 200]),
        (format!("/bodies/{o}"), [303, 200, 403, 403, 403, 403, 200]),
        (format!("/bodies/{s}/padron"), [303, 200, 200, 200, 200, 200, 403]),
        (format!("/bodies/{s}/padron?q=a&page=2"), [303, 200, 200, 200, 200, 200, 403]),
        (format!("/bodies/{o}/padron"), [303, 200, 403, 403, 403, 403, 403]),
        (format!("/households/{h}"), [303, 200, 200, 200, 200, 200, 403]),
        ("/households/999999".into(), [404, 404, 404, 404, 404, 404, 404]),
        (format!("/bodies/{s}/households/new"), [303, 200, 403, 200, 403, 403, 403]),
        (format!("/bodies/{s}/import"), [303, 200, 403, 200, 403, 403, 403]),
        (format!("/bodies/{s}/bodies/new"), [303, 200, 403, 200, 403, 403, 403]),
        (format!("/bodies/{s}/edit"), [303, 200, 403, 200, 403, 403, 403]),
        (format!("/bodies/{s}/offices/new"), [303, 200, 403, 200, 403, 403, 403]),
        (format!("/bodies/{o}/households/new"), [303, 200, 403, 403, 403, 403, 403]),
        (format!("/households/{h}/parcels/new"), [303, 200, 200, 200, 200, 200, 200]),
        (format!("/bodies/{s}/audit"), [303, 200, 200, 200, 200, 403, 403]),
        ("/p/F1-C01-S01".into(), [404, 404, 404, 404, 404, 404, 404]),
        ("/bodies/999999".into(), [404, 404, 404, 404, 404, 404, 404]),
        ("/no/such/page".into(), [404, 404, 404, 404, 404, 404, 404]),
        ("/api/v1/bodies".into(), [200, 200, 200, 200, 200, 200, 200]),
        (format!("/api/v1/bodies/{s}"), [401, 200, 200, 200, 200, 200, 200]),
        (format!("/api/v1/bodies/{o}"), [401, 200, 403, 403, 403, 403, 200]),
        (format!("/api/v1/bodies/{s}/padron"), [401, 200, 200, 200, 200, 200, 403]),
        (format!("/api/v1/households/{h}"), [401, 200, 200, 200, 200, 200, 403]),
        ("/api/v1/nothing".into(), [404, 404, 404, 404, 404, 404, 404]),
    ]
}

fn every_route_answers_every_role_as_the_table_says(db: &Db) {
    let runtime = runtime();
    let app = app(db, &runtime);
    runtime.block_on(async {
        let wrong = mismatches(&app.state, &app.cookies, &expected_table(&app)).await;
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    });
}

fn signing_in_sets_a_safe_cookie_and_wrong_passwords_are_refused_in_the_users_language(db: &Db) {
    let runtime = runtime();
    let app = app(db, &runtime);
    runtime.block_on(async {
        let (status, headers, _) = call(
            &app.state,
            visitor_post(&app.state, "/login", "username=actas&password=cabildo-demo&next=/bodies/1").await,
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(headers.get(header::LOCATION).unwrap(), "/bodies/1");
        let cookie = headers.get(header::SET_COOKIE).unwrap().to_str().unwrap();
        for part in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=43200"] {
            assert!(cookie.contains(part), "{cookie}");
        }
        let (status, _, body) =
            call(&app.state, visitor_post(&app.state, "/login", "username=actas&password=equivocada").await).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(body.contains("Usuario o contraseña incorrectos."), "{body}");
        assert!(body.contains("value=\"actas\""), "the username is kept: {body}");
        // An outside link after sign-in goes nowhere but home.
        let (_, headers, _) = call(
            &app.state,
            visitor_post(&app.state, "/login", "username=actas&password=cabildo-demo&next=//evil.example").await,
        )
        .await;
        assert_eq!(headers.get(header::LOCATION).unwrap(), "/bodies");
    });
}

fn sign_in_attempts_are_rate_limited(db: &Db) {
    let runtime = runtime();
    let app = app(db, &runtime);
    runtime.block_on(async {
        let mut last = StatusCode::OK;
        for _ in 0..11 {
            (last, _, _) =
                call(&app.state, visitor_post(&app.state, "/login", "username=afiliado&password=mal-mal-mal").await)
                    .await;
        }
        assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
        let (status, _, body) =
            call(&app.state, visitor_post(&app.state, "/login", "username=afiliado&password=cabildo-demo").await).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "even the right password waits: {body}");
        assert!(body.contains("Demasiados intentos"), "{body}");
    });
}

fn forms_from_other_sites_and_without_the_token_are_refused(db: &Db) {
    let runtime = runtime();
    let app = app(db, &runtime);
    runtime.block_on(async {
        let cross = Request::post("/login")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "cross-site")
            .body(Body::from("username=admin&password=cabildo-demo"))
            .unwrap();
        assert_eq!(call(&app.state, cross).await.0, StatusCode::FORBIDDEN);
        let (_, cookie) = &app.cookies[0];
        assert_eq!(call(&app.state, post("/logout", Some(cookie), "csrf=forged")).await.0, StatusCode::FORBIDDEN);
        // The page's own token signs out, and the session is gone.
        let (_, _, page) = call(&app.state, get("/bodies", Some(cookie))).await;
        let token = page.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap();
        assert_eq!(
            call(&app.state, post("/logout", Some(cookie), &format!("csrf={token}"))).await.0,
            StatusCode::SEE_OTHER
        );
        assert_eq!(call(&app.state, get("/bodies", Some(cookie))).await.0, StatusCode::SEE_OTHER);
    });
}

fn pages_come_in_spanish_by_default_and_in_english_when_asked(db: &Db) {
    let runtime = runtime();
    let app = app(db, &runtime);
    runtime.block_on(async {
        let (_, cookie) = &app.cookies[0];
        let (_, _, spanish) = call(&app.state, get("/bodies", Some(cookie))).await;
        assert!(spanish.contains("<html lang=\"es\">") && spanish.contains("Organizaciones"), "{spanish}");
        let english = Request::get("/bodies")
            .header(header::COOKIE, cookie)
            .header(header::ACCEPT_LANGUAGE, "en-US,en;q=0.9")
            .body(Body::empty())
            .unwrap();
        let (_, _, english) = call(&app.state, english).await;
        assert!(english.contains("<html lang=\"en\">") && english.contains("Bodies"), "{english}");
        let (status, headers, _) = call(&app.state, get("/lang?to=en&back=/bodies", None)).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(headers.get(header::SET_COOKIE).unwrap().to_str().unwrap().starts_with("cabildo_lang=en"));
        let remembered = format!("{cookie}; cabildo_lang=en");
        let (_, _, page) = call(&app.state, get(&format!("/bodies/{}", app.sindicato), Some(&remembered))).await;
        assert!(page.contains("Directiva (officers)"), "{page}");
        let (status, _, missing) = call(&app.state, get("/no/such/page", Some(&remembered))).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(missing.contains("The page /no/such/page does not exist."), "{missing}");
        let (_, _, forbidden) =
            call(&app.state, get(&format!("/bodies/{}", app.other_sindicato), Some(&app.cookies[4].1))).await;
        assert!(forbidden.contains("No tiene permiso para esto en"), "{forbidden}");
    });
}

fn main_pages_weigh_less_than_30_kb_gzipped(db: &Db) {
    let runtime = runtime();
    let app = app(db, &runtime);
    runtime.block_on(async {
        let (_, cookie) = &app.cookies[0];
        let pages = [
            "/login".to_string(),
            "/bodies".to_string(),
            format!("/bodies/{}", app.sindicato),
            format!("/bodies/{}/padron", app.sindicato),
            format!("/households/{}", app.household),
            "/static/style.css".to_string(),
        ];
        for path in pages {
            let request = Request::get(&path)
                .header(header::COOKIE, cookie)
                .header(header::ACCEPT_ENCODING, "gzip")
                .body(Body::empty())
                .unwrap();
            let response = router(app.state.clone()).oneshot(request).await.unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            let gzipped = response.headers().get(header::CONTENT_ENCODING).is_some_and(|v| v == "gzip");
            let bytes = to_bytes(response.into_body(), 10 << 20).await.unwrap().len();
            assert!(bytes < 30 * 1024, "{path} weighs {bytes} bytes");
            assert!(gzipped || bytes < 1024, "{path} is not compressed");
        }
    });
}

fn the_api_answers_json_and_problem_documents(db: &Db) {
    let runtime = runtime();
    let app = app(db, &runtime);
    let token = cabildo_services::access::create_api_token(&db.store, &op(), "dirigente", "radio").unwrap();
    runtime.block_on(async {
        let bearer = |path: &str| {
            Request::get(path).header(header::AUTHORIZATION, format!("Bearer {token}")).body(Body::empty()).unwrap()
        };
        let (status, headers, body) =
            call(&app.state, bearer(&format!("/api/v1/bodies/{}/padron?per_page=5", app.sindicato))).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(headers.get(header::CONTENT_TYPE).unwrap().to_str().unwrap().starts_with("application/json"));
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(json["households"].as_array().unwrap().len(), 5);
        assert_eq!(json["has_next"], true);
        let (status, headers, body) =
            call(&app.state, bearer(&format!("/api/v1/bodies/{}", app.other_sindicato))).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(headers.get(header::CONTENT_TYPE).unwrap(), "application/problem+json");
        let problem: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(problem["status"], 403);
        assert_eq!(problem["code"], "forbidden");
        let forged =
            Request::get("/api/v1/bodies").header(header::AUTHORIZATION, "Bearer forged").body(Body::empty()).unwrap();
        assert_eq!(call(&app.state, forged).await.0, StatusCode::UNAUTHORIZED);
    });
}

fn the_first_run_creates_the_first_administrator(db: &Db) {
    demo::seed(&db.store, &DemoConfig { seed: 1, families: Some(300) }, &op(), &|_| {}, true).unwrap();
    let state = app_state(db);
    runtime().block_on(async {
        assert_eq!(call(&state, get("/", None)).await.2, "");
        let (status, headers, _) = call(&state, get("/", None)).await;
        assert_eq!(
            (status, headers.get(header::LOCATION).unwrap().to_str().unwrap()),
            (StatusCode::SEE_OTHER, "/setup")
        );
        let (status, _, body) =
            call(&state, visitor_post(&state, "/setup", "username=ju&display_name=Juana&password=corta").await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("value=\"Juana\""), "values are kept: {body}");
        let (status, _, _) = call(
            &state,
            visitor_post(&state, "/setup", "username=juana&display_name=Juana+Mamani&password=una+frase+larga").await,
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        // The first administrator sees everything; nobody else can use the first-run page again.
        let form = "username=juana&password=una+frase+larga";
        let (_, headers, _) = call(&state, visitor_post(&state, "/login", form).await).await;
        let cookie = headers.get(header::SET_COOKIE).unwrap().to_str().unwrap().split(';').next().unwrap().to_string();
        assert_eq!(call(&state, get("/bodies/1", Some(&cookie))).await.0, StatusCode::OK);
        let (status, _, _) = call(
            &state,
            visitor_post(&state, "/setup", "username=otro&display_name=Otro&password=una+frase+larga").await,
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    });
}

/// The CSRF token of a signed-in page.
async fn csrf(state: &AppState, cookie: &str) -> String {
    let (_, _, page) = call(state, get("/bodies", Some(cookie))).await;
    page.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string()
}

fn actas(app: &App) -> &str {
    &app.cookies.iter().find(|(u, _)| *u == "actas").unwrap().1
}

fn a_form_with_bad_input_comes_back_with_values_kept_and_problems_named(db: &Db) {
    let runtime = runtime();
    let app = app(db, &runtime);
    let households_before = db.raw_count("households");
    runtime.block_on(async {
        let cookie = actas(&app);
        let token = csrf(&app.state, cookie).await;
        let path = format!("/bodies/{}/households", app.sindicato);
        let bad =
            format!("csrf={token}&given_names=Rosa&first_surname=&parcel_code=Z-1&area=dos&affiliated_on=31/02/2020");
        let (status, _, page) = call(&app.state, post(&path, Some(cookie), &bad)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        for (field, text) in [
            ("first_surname", "Falta apellido paterno"),
            ("area", "«dos» no es un número"),
            ("affiliated_on", "«31/02/2020» no es una fecha"),
        ] {
            let marker = format!("id=\"error-{field}\">");
            let shown = page.split(&marker).nth(1).unwrap_or_else(|| panic!("no error next to {field}: {page}"));
            assert!(shown.starts_with(text) || shown.contains(text), "{field}: {shown}");
        }
        assert!(page.contains("value=\"Rosa\"") && page.contains("value=\"Z-1\""), "values are kept");
        let good = format!("csrf={token}&given_names=Rosa&first_surname=Flores&parcel_code=Z-1&area=2%2C5");
        let (status, headers, _) = call(&app.state, post(&path, Some(cookie), &good)).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let household = headers.get(header::LOCATION).unwrap().to_str().unwrap().to_string();
        let (_, _, page) = call(&app.state, get(&household, Some(cookie))).await;
        assert!(page.contains("Rosa Flores") && page.contains("2,5 ha"), "{page}");
        // The same parcel again: refused next to the parcel field.
        let (status, _, page) = call(&app.state, post(&path, Some(cookie), &good)).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(page.contains("id=\"error-parcel_code\">El lote Z-1 ya existe"), "{page}");
        // Someone who may only look cannot post, even with a valid token.
        let afiliado = &app.cookies.iter().find(|(u, _)| *u == "afiliado").unwrap().1;
        let token = csrf(&app.state, afiliado).await;
        let other = format!("csrf={token}&given_names=Ana&first_surname=Rojas&parcel_code=Z-9");
        assert_eq!(call(&app.state, post(&path, Some(afiliado), &other)).await.0, StatusCode::FORBIDDEN);
    });
    assert_eq!(db.raw_count("households"), households_before + 1);
}

fn multipart(token: &str, file: &str) -> (String, String) {
    let boundary = "cabildo-test-boundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{token}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"mappings\"\r\n\r\nSocio=full_name\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"padron.csv\"\r\nContent-Type: text/csv\r\n\r\n{file}\r\n\
         --{boundary}--\r\n"
    );
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn an_uploaded_padron_is_imported_or_refused_with_every_bad_row(db: &Db) {
    let runtime = runtime();
    let app = app(db, &runtime);
    let before = db.raw_count("households");
    runtime.block_on(async {
        let cookie = actas(&app);
        let token = csrf(&app.state, cookie).await;
        let upload = |file: &str| {
            let (content_type, body) = multipart(&token, file);
            Request::post(format!("/bodies/{}/import", app.sindicato))
                .header(header::COOKIE, cookie)
                .header(header::CONTENT_TYPE, content_type)
                .body(Body::from(body))
                .unwrap()
        };
        let (status, _, page) = call(&app.state, upload("Socio;Lote\nJuana Mamani;Q-1\nPedro;Q-2\n")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("<tr class=\"problem\"><td>3</td><td>Socio</td><td>Pedro</td>"), "{page}");
        assert!(page.contains("no se importó nada"), "{page}");
        let (status, _, page) = call(&app.state, upload("Socio;Lote\nJuana Mamani;Q-1\nPedro Choque;Q-2\n")).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(page.contains("2 familias nuevas"), "{page}");
    });
    assert_eq!(db.raw_count("households"), before + 2);
}

fn bodies_and_offices_are_created_and_renamed_from_forms(db: &Db) {
    let runtime = runtime();
    let app = app(db, &runtime);
    let central = db.store.read(|r| r.body_by_code("F1-C01")).unwrap().unwrap().id.0;
    runtime.block_on(async {
        let admin = &app.cookies[0].1;
        let token = csrf(&app.state, admin).await;
        let form = format!("csrf={token}&body_name=Sindicato+Nueva+Esperanza&body_code=&body_kind=sindicato&composition=");
        let (status, headers, _) = call(&app.state, post(&format!("/bodies/{central}/bodies/new"), Some(admin), &form)).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let created = headers.get(header::LOCATION).unwrap().to_str().unwrap().to_string();
        let duplicate = format!("csrf={token}&body_name=Otro&body_code=F1-C01&body_kind=sindicato&composition=");
        let (status, _, page) = call(&app.state, post(&format!("/bodies/{central}/bodies/new"), Some(admin), &duplicate)).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(page.contains("id=\"error-body_code\">Ya existe una organización con el código F1-C01"), "{page}");
        let rename = format!("csrf={token}&body_name=Sindicato+Nueva+Esperanza+Alta");
        assert_eq!(call(&app.state, post(&format!("{created}/edit"), Some(admin), &rename)).await.0, StatusCode::SEE_OTHER);
        let office = format!("csrf={token}&office_title=Secretario+General&given_names=Inti&first_surname=Choque&second_surname=&term_start=01/01/2026&term_end=31/12/2025");
        let (status, _, page) = call(&app.state, post(&format!("{created}/offices/new"), Some(admin), &office)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("id=\"error-term_end\">"), "{page}");
        let office = office.replace("31/12/2025", "31/12/2027");
        assert_eq!(call(&app.state, post(&format!("{created}/offices/new"), Some(admin), &office)).await.0, StatusCode::SEE_OTHER);
        let (_, _, page) = call(&app.state, get(&created, Some(admin))).await;
        assert!(page.contains("Sindicato Nueva Esperanza Alta") && page.contains("Inti Choque"), "{page}");
    });
}

fn a_published_page_shows_the_directiva_to_anyone_and_no_personal_data(db: &Db) {
    let runtime = runtime();
    let app = app(db, &runtime);
    let officer = db.store.read(|r| r.offices(cabildo_domain::BodyId(app.sindicato))).unwrap()[0].holder.display();
    let (_, parcels) =
        cabildo_services::registry::household_detail(&db.store, &op(), cabildo_domain::HouseholdId(app.household))
            .unwrap();
    runtime.block_on(async {
        let cookie = actas(&app);
        let token = csrf(&app.state, cookie).await;
        let path = format!("/bodies/{}/publish", app.sindicato);
        assert_eq!(
            call(&app.state, post(&path, Some(cookie), &format!("csrf={token}&published=1"))).await.0,
            StatusCode::SEE_OTHER
        );
        let (status, _, page) = call(&app.state, get("/p/F1-C01-S01", None)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains(&officer), "the directiva is public: {page}");
        assert!(
            !page.contains(parcels[0].code.as_str()) && !page.contains("/households/"),
            "no padrón on a public page: {page}"
        );
        // Someone who may only look cannot publish or withdraw.
        let afiliado = &app.cookies.iter().find(|(u, _)| *u == "afiliado").unwrap().1;
        let token = csrf(&app.state, afiliado).await;
        assert_eq!(
            call(&app.state, post(&path, Some(afiliado), &format!("csrf={token}&published=0"))).await.0,
            StatusCode::FORBIDDEN
        );
        // Its officers see in the history who published it.
        let (_, _, history) = call(&app.state, get(&format!("/bodies/{}/audit", app.sindicato), Some(cookie))).await;
        assert!(history.contains("body.publish"), "{history}");
    });
}

/// Who may send which form. Columns as in `expected_table`. Every viewer posts with its own CSRF
/// token (anonymous has none: refused before anything else). 303 is success (the form redirects);
/// the values are valid, so a refusal can only be a permission.
fn expected_forms(app: &App) -> Vec<(String, String, [u16; 7])> {
    let (s, o, h) = (app.sindicato, app.other_sindicato, app.household);
    vec![
        (
            format!("/bodies/{s}/households"),
            "given_names=Ana&first_surname=Rojas&parcel_code=T-{n}".into(),
            [403, 303, 403, 303, 403, 403, 403],
        ),
        (
            format!("/bodies/{o}/households"),
            "given_names=Ana&first_surname=Rojas&parcel_code=T-{n}".into(),
            [403, 303, 403, 403, 403, 403, 403],
        ),
        (format!("/households/{h}/parcels/new"), "parcel_code=U-{n}".into(), [403, 303, 403, 303, 403, 403, 403]),
        (format!("/bodies/{s}/edit"), "body_name=Sindicato+{n}".into(), [403, 303, 403, 303, 403, 403, 403]),
        (
            format!("/bodies/{s}/offices/new"),
            "office_title=Vocal&given_names=Inti&first_surname=Colque&term_start=01/01/2026".into(),
            [403, 303, 403, 303, 403, 403, 403],
        ),
        (
            format!("/bodies/{s}/bodies/new"),
            "body_name=Comision+{n}&body_code=COM-{n}&body_kind=comision&composition=".into(),
            [403, 303, 403, 303, 403, 403, 403],
        ),
        (format!("/bodies/{s}/publish"), "published=1".into(), [403, 303, 403, 303, 403, 403, 403]),
    ]
}

fn every_form_answers_every_role_as_the_table_says(db: &Db) {
    let runtime = runtime();
    let app = app(db, &runtime);
    runtime.block_on(async {
        let mut tokens = vec![String::new()];
        for (_, cookie) in &app.cookies {
            tokens.push(csrf(&app.state, cookie).await);
        }
        let mut wrong = Vec::new();
        for (path, form, expected) in expected_forms(&app) {
            let viewers: Vec<Option<&str>> =
                std::iter::once(None).chain(app.cookies.iter().map(|(_, c)| Some(c.as_str()))).collect();
            for (n, ((viewer, token), want)) in viewers.iter().zip(&tokens).zip(expected).enumerate() {
                let body = format!("csrf={token}&{}", form.replace("{n}", &n.to_string()));
                let (status, _, page) = call(&app.state, post(&path, *viewer, &body)).await;
                if status.as_u16() != want {
                    let who = if n == 0 { "anonymous" } else { app.cookies[n - 1].0 };
                    wrong.push(format!("POST {path} as {who}: {status}, expected {want}"));
                }
                assert!(!page.contains("panicked"), "{path}: {page}");
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    });
}

/// A word where a number goes, a query value or a form that cannot be read: never axum's English
/// plain text, always the user's language, naming what to correct, and nothing changed.
fn an_address_or_form_that_cannot_be_read_is_answered_in_the_users_language(db: &Db) {
    let runtime = runtime();
    let app = app(db, &runtime);
    // The synchronous store is read outside the async runtime.
    let name = || db.store.read(|repo| repo.body(cabildo_domain::BodyId(app.sindicato))).unwrap().unwrap().name;
    let before = name();
    runtime.block_on(async {
        let (_, cookie) = &app.cookies[0];
        let english = format!("{cookie}; cabildo_lang=en");
        // An address that leads nowhere is the 404 page, or a problem document under /api/.
        let (status, headers, page) = call(&app.state, get("/bodies/abc", Some(cookie))).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(headers.get(header::CONTENT_TYPE).unwrap().to_str().unwrap().starts_with("text/html"));
        assert!(page.contains("La página /bodies/abc no existe."), "{page}");
        let (status, headers, body) = call(&app.state, get("/api/v1/bodies/abc/padron", Some(cookie))).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(headers.get(header::CONTENT_TYPE).unwrap(), "application/problem+json", "{body}");
        // A query value that cannot be read is named, in the page's language.
        let padron = format!("/bodies/{}/padron?page=x", app.sindicato);
        let (status, _, page) = call(&app.state, get(&padron, Some(cookie))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(page.contains("«page» no tiene un valor válido"), "{page}");
        let (status, _, page) = call(&app.state, get(&padron, Some(&english))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(page.contains("“page” does not have a valid value"), "{page}");
        let api = format!("/api/v1/bodies/{}/padron?per_page=-1", app.sindicato);
        let (status, headers, body) = call(&app.state, get(&api, Some(cookie))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(headers.get(header::CONTENT_TYPE).unwrap(), "application/problem+json");
        let problem: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(problem["code"], "bad_request");
        assert!(problem["title"].as_str().unwrap().contains("«per_page»"), "{problem}");
        // A form sent as something else than a form: refused, nothing renamed.
        let rename = format!("/bodies/{}/edit", app.sindicato);
        let not_a_form = Request::post(&rename)
            .header(header::COOKIE, cookie)
            .header(header::CONTENT_TYPE, "text/plain")
            .body(Body::from("body_name=Otro"))
            .unwrap();
        let (status, _, page) = call(&app.state, not_a_form).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(page.contains("El formulario llegó incompleto o en un formato desconocido"), "{page}");
    });
    assert_eq!(name(), before);
}
