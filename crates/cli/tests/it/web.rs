//! The web layer in process (no sockets), on both backends: who may open which page, sign-in,
//! CSRF, languages, error pages and page weight.

use axum::http::{StatusCode, header};
use cabildo_domain::access::Role;
use cabildo_domain::{BodyId, HouseholdId};
use cabildo_services::demo;

use crate::support::{Db, Reply, TestApp, Who, date, on_both_backends, op};

on_both_backends!(
    every_route_answers_every_role_as_the_table_says,
    every_form_answers_every_role_as_the_table_says,
    signing_in_sets_a_safe_cookie_and_wrong_passwords_are_refused_in_the_users_language,
    sign_in_attempts_are_rate_limited,
    a_session_ends_twelve_hours_after_signing_in,
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

/// Who may open what. Columns: anonymous, admin (root), dirigente (F1), actas, hacienda and
/// afiliado (sindicato F1-C01-S01), observador (root). 303 is the way to the sign-in page.
fn expected_table(app: &TestApp) -> Vec<(String, [u16; 7])> {
    let (s, o, h) = (app.sindicato(), app.other_sindicato(), app.household());
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
    let app = TestApp::demo(db).build();
    app.block_on(async {
        let wrong = app.mismatches(&expected_table(&app)).await;
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    });
}

fn signing_in_sets_a_safe_cookie_and_wrong_passwords_are_refused_in_the_users_language(db: &Db) {
    let app = TestApp::demo(db).build();
    app.block_on(async {
        let Reply { status, headers, .. } =
            app.visitor_post("/login", "username=actas&password=cabildo-demo&next=/bodies/1").await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(headers.get(header::LOCATION).unwrap(), "/bodies/1");
        let cookie = headers.get(header::SET_COOKIE).unwrap().to_str().unwrap();
        for part in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=43200"] {
            assert!(cookie.contains(part), "{cookie}");
        }
        let Reply { status, body, .. } = app.visitor_post("/login", "username=actas&password=equivocada").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(body.contains("Usuario o contraseña incorrectos."), "{body}");
        assert!(body.contains("value=\"actas\""), "the username is kept: {body}");
        // An outside link after sign-in goes nowhere but home.
        let Reply { headers, .. } =
            app.visitor_post("/login", "username=actas&password=cabildo-demo&next=//evil.example").await;
        assert_eq!(headers.get(header::LOCATION).unwrap(), "/bodies");
    });
}

fn sign_in_attempts_are_rate_limited(db: &Db) {
    let app = TestApp::demo(db).build();
    app.block_on(async {
        let mut last = StatusCode::OK;
        for _ in 0..11 {
            last = app.visitor_post("/login", "username=afiliado&password=mal-mal-mal").await.status;
        }
        assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
        let Reply { status, body, .. } = app.visitor_post("/login", "username=afiliado&password=cabildo-demo").await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "even the right password waits: {body}");
        assert!(body.contains("Demasiados intentos"), "{body}");
    });
}

/// A session lasts twelve hours of the server's clock from signing in, then leads back to the
/// sign-in page; signing in again gives a new one.
fn a_session_ends_twelve_hours_after_signing_in(db: &Db) {
    // Signed in at 15/01/2027 08:00 UTC.
    let (start, day) = (1_800_000_000, date(2027, 1, 15));
    let app = TestApp::demo(db)
        .families(100)
        .with_clock(start, day)
        .with_user("juana", Role::SecretarioActas, "F1-C01-S01")
        .build();
    let twelve_hours = 12 * 3600;
    app.block_on(async {
        let page = format!("/bodies/{}", app.sindicato());
        assert_eq!(app.get(&page, "juana").await.status, StatusCode::OK);
        app.set_clock(start + twelve_hours, day);
        assert_eq!(app.get(&page, "juana").await.status, StatusCode::OK, "the last second of the session");
        app.set_clock(start + twelve_hours + 1, day);
        let Reply { status, headers, .. } = app.get(&page, "juana").await;
        assert_eq!(status, StatusCode::SEE_OTHER, "an expired session");
        assert!(headers.get(header::LOCATION).unwrap().to_str().unwrap().starts_with("/login"), "{headers:?}");
        let cookie = app.sign_in("juana", demo::DEMO_PASSWORD).await;
        assert_eq!(app.request("GET", &page).cookie(&cookie).send().await.status, StatusCode::OK);
    });
}

fn forms_from_other_sites_and_without_the_token_are_refused(db: &Db) {
    let app = TestApp::demo(db).build();
    app.block_on(async {
        let cross = app
            .request("POST", "/login")
            .header("sec-fetch-site", "cross-site")
            .form("username=admin&password=cabildo-demo")
            .send()
            .await;
        assert_eq!(cross.status, StatusCode::FORBIDDEN);
        let forged = app.request("POST", "/logout").by("admin").form("csrf=forged").send().await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        // The page's own token signs out, and the session is gone.
        let token = app.get("/bodies", "admin").await.csrf();
        let out = app.request("POST", "/logout").by("admin").form(&format!("csrf={token}")).send().await;
        assert_eq!(out.status, StatusCode::SEE_OTHER);
        assert_eq!(app.get("/bodies", "admin").await.status, StatusCode::SEE_OTHER);
    });
}

fn pages_come_in_spanish_by_default_and_in_english_when_asked(db: &Db) {
    let app = TestApp::demo(db).build();
    app.block_on(async {
        let Reply { body: spanish, .. } = app.get("/bodies", "admin").await;
        assert!(spanish.contains("<html lang=\"es\">") && spanish.contains("Organizaciones"), "{spanish}");
        let english = app.request("GET", "/bodies").by("admin").header(header::ACCEPT_LANGUAGE, "en-US,en;q=0.9");
        let Reply { body: english, .. } = english.send().await;
        assert!(english.contains("<html lang=\"en\">") && english.contains("Bodies"), "{english}");
        let Reply { status, headers, .. } = app.get("/lang?to=en&back=/bodies", Who::Anonymous).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(headers.get(header::SET_COOKIE).unwrap().to_str().unwrap().starts_with("cabildo_lang=en"));
        let remembered = |path: &str| app.request("GET", path).by("admin").lang("en");
        let Reply { body: page, .. } = remembered(&format!("/bodies/{}", app.sindicato())).send().await;
        assert!(page.contains("Directiva (officers)"), "{page}");
        let Reply { status, body: missing, .. } = remembered("/no/such/page").send().await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(missing.contains("The page /no/such/page does not exist."), "{missing}");
        let Reply { body: forbidden, .. } = app.get(&format!("/bodies/{}", app.other_sindicato()), "afiliado").await;
        assert!(forbidden.contains("No tiene permiso para esto en"), "{forbidden}");
    });
}

fn main_pages_weigh_less_than_30_kb_gzipped(db: &Db) {
    let app = TestApp::demo(db).build();
    app.block_on(async {
        let pages = [
            "/login".to_string(),
            "/bodies".to_string(),
            format!("/bodies/{}", app.sindicato()),
            format!("/bodies/{}/padron", app.sindicato()),
            format!("/households/{}", app.household()),
            "/static/style.css".to_string(),
        ];
        for path in pages {
            let reply = app.request("GET", &path).by("admin").header(header::ACCEPT_ENCODING, "gzip").send().await;
            assert_eq!(reply.status, StatusCode::OK, "{path}");
            let gzipped = reply.headers.get(header::CONTENT_ENCODING).is_some_and(|v| v == "gzip");
            // The bytes as sent (compressed), not as text.
            let bytes = reply.bytes.len();
            assert!(bytes < 30 * 1024, "{path} weighs {bytes} bytes");
            assert!(gzipped || bytes < 1024, "{path} is not compressed");
        }
    });
}

fn the_api_answers_json_and_problem_documents(db: &Db) {
    let app = TestApp::demo(db).build();
    app.block_on(async {
        let bearer = |path: &str| app.request("GET", path).token("dirigente");
        let Reply { status, headers, body, .. } =
            bearer(&format!("/api/v1/bodies/{}/padron?per_page=5", app.sindicato())).send().await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(headers.get(header::CONTENT_TYPE).unwrap().to_str().unwrap().starts_with("application/json"));
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(json["households"].as_array().unwrap().len(), 5);
        assert_eq!(json["has_next"], true);
        let Reply { status, headers, body, .. } =
            bearer(&format!("/api/v1/bodies/{}", app.other_sindicato())).send().await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(headers.get(header::CONTENT_TYPE).unwrap(), "application/problem+json");
        let problem: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(problem["status"], 403);
        assert_eq!(problem["code"], "forbidden");
        let forged = app.request("GET", "/api/v1/bodies").token(Who::Token("forged")).send().await;
        assert_eq!(forged.status, StatusCode::UNAUTHORIZED);
    });
}

fn the_first_run_creates_the_first_administrator(db: &Db) {
    let app = TestApp::demo(db).seed(1).families(300).without_accounts().build();
    app.block_on(async {
        assert_eq!(app.get("/", Who::Anonymous).await.body, "");
        let Reply { status, headers, .. } = app.get("/", Who::Anonymous).await;
        assert_eq!(
            (status, headers.get(header::LOCATION).unwrap().to_str().unwrap()),
            (StatusCode::SEE_OTHER, "/setup")
        );
        let Reply { status, body, .. } =
            app.visitor_post("/setup", "username=ju&display_name=Juana&password=corta").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("value=\"Juana\""), "values are kept: {body}");
        let Reply { status, .. } =
            app.visitor_post("/setup", "username=juana&display_name=Juana+Mamani&password=una+frase+larga").await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        // The first administrator sees everything; nobody else can use the first-run page again.
        let form = "username=juana&password=una+frase+larga";
        let Reply { headers, .. } = app.visitor_post("/login", form).await;
        let cookie = headers.get(header::SET_COOKIE).unwrap().to_str().unwrap().split(';').next().unwrap().to_string();
        assert_eq!(app.request("GET", "/bodies/1").cookie(&cookie).send().await.status, StatusCode::OK);
        let Reply { status, .. } =
            app.visitor_post("/setup", "username=otro&display_name=Otro&password=una+frase+larga").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    });
}

fn a_form_with_bad_input_comes_back_with_values_kept_and_problems_named(db: &Db) {
    let app = TestApp::demo(db).build();
    let households_before = db.raw_count("households");
    app.block_on(async {
        let path = format!("/bodies/{}/households", app.sindicato());
        let bad = "given_names=Rosa&first_surname=&parcel_code=Z-1&area=dos&affiliated_on=31/02/2020";
        let Reply { status, body: page, .. } = app.post_form(&path, "actas", bad).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        for (field, text) in [
            ("first_surname", "Falta apellido paterno"),
            ("area", "«dos» no es un número"),
            ("affiliated_on", "el 31/02/2020 no existe"),
        ] {
            let marker = format!("id=\"error-{field}\">");
            let shown = page.split(&marker).nth(1).unwrap_or_else(|| panic!("no error next to {field}: {page}"));
            assert!(shown.starts_with(text) || shown.contains(text), "{field}: {shown}");
        }
        assert!(page.contains("value=\"Rosa\"") && page.contains("value=\"Z-1\""), "values are kept");
        let good = "given_names=Rosa&first_surname=Flores&parcel_code=Z-1&area=2%2C5";
        let Reply { status, headers, .. } = app.post_form(&path, "actas", good).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let household = headers.get(header::LOCATION).unwrap().to_str().unwrap().to_string();
        let Reply { body: page, .. } = app.get(&household, "actas").await;
        assert!(page.contains("Rosa Flores") && page.contains("2,5 ha"), "{page}");
        // The same parcel again: refused next to the parcel field.
        let Reply { status, body: page, .. } = app.post_form(&path, "actas", good).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(page.contains("id=\"error-parcel_code\">El lote Z-1 ya existe"), "{page}");
        // Someone who may only look cannot post, even with a valid token.
        let other = "given_names=Ana&first_surname=Rojas&parcel_code=Z-9";
        assert_eq!(app.post_form(&path, "afiliado", other).await.status, StatusCode::FORBIDDEN);
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
    let app = TestApp::demo(db).build();
    let before = db.raw_count("households");
    app.block_on(async {
        let upload = |file: &str| {
            let (content_type, body) = multipart(app.csrf("actas"), file);
            app.request("POST", &format!("/bodies/{}/import", app.sindicato())).by("actas").body(&content_type, body)
        };
        let Reply { status, body: page, .. } = upload("Socio;Lote\nJuana Mamani;Q-1\nPedro;Q-2\n").send().await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("<tr class=\"problem\"><td>3</td><td>Socio</td><td>Pedro</td>"), "{page}");
        assert!(page.contains("no se importó nada"), "{page}");
        let Reply { status, body: page, .. } = upload("Socio;Lote\nJuana Mamani;Q-1\nPedro Choque;Q-2\n").send().await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(page.contains("2 familias nuevas"), "{page}");
    });
    assert_eq!(db.raw_count("households"), before + 2);
}

fn bodies_and_offices_are_created_and_renamed_from_forms(db: &Db) {
    let app = TestApp::demo(db).build();
    let central = app.body("F1-C01");
    app.block_on(async {
        let new = format!("/bodies/{central}/bodies/new");
        let form = "body_name=Sindicato+Nueva+Esperanza&body_code=&body_kind=sindicato&composition=";
        let Reply { status, headers, .. } = app.post_form(&new, "admin", form).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let created = headers.get(header::LOCATION).unwrap().to_str().unwrap().to_string();
        let duplicate = "body_name=Otro&body_code=F1-C01&body_kind=sindicato&composition=";
        let Reply { status, body: page, .. } = app.post_form(&new, "admin", duplicate).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(page.contains("id=\"error-body_code\">Ya existe una organización con el código F1-C01"), "{page}");
        let rename = "body_name=Sindicato+Nueva+Esperanza+Alta";
        assert_eq!(app.post_form(&format!("{created}/edit"), "admin", rename).await.status, StatusCode::SEE_OTHER);
        let office = "office_title=Secretario+General&given_names=Inti&first_surname=Choque&second_surname=&term_start=01/01/2026&term_end=31/12/2025";
        let Reply { status, body: page, .. } = app.post_form(&format!("{created}/offices/new"), "admin", office).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("id=\"error-term_end\">"), "{page}");
        let office = office.replace("31/12/2025", "31/12/2027");
        let Reply { status, .. } = app.post_form(&format!("{created}/offices/new"), "admin", &office).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let Reply { body: page, .. } = app.get(&created, "admin").await;
        assert!(page.contains("Sindicato Nueva Esperanza Alta") && page.contains("Inti Choque"), "{page}");
    });
}

fn a_published_page_shows_the_directiva_to_anyone_and_no_personal_data(db: &Db) {
    let app = TestApp::demo(db).build();
    let officer = db.store.read(|r| r.offices(BodyId(app.sindicato()))).unwrap()[0].holder.display();
    let (_, parcels) =
        cabildo_services::registry::household_detail(&db.store, &op(), HouseholdId(app.household())).unwrap();
    app.block_on(async {
        let path = format!("/bodies/{}/publish", app.sindicato());
        assert_eq!(app.post_form(&path, "actas", "published=1").await.status, StatusCode::SEE_OTHER);
        let Reply { status, body: page, .. } = app.get("/p/F1-C01-S01", Who::Anonymous).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains(&officer), "the directiva is public: {page}");
        assert!(
            !page.contains(parcels[0].code.as_str()) && !page.contains("/households/"),
            "no padrón on a public page: {page}"
        );
        // Someone who may only look cannot publish or withdraw.
        assert_eq!(app.post_form(&path, "afiliado", "published=0").await.status, StatusCode::FORBIDDEN);
        // Its officers see in the history who published it.
        let Reply { body: history, .. } = app.get(&format!("/bodies/{}/audit", app.sindicato()), "actas").await;
        assert!(history.contains("publicó la página pública de"), "{history}");
        assert!(!history.contains("body.publish"), "the history is in words, not codes: {history}");
    });
}

/// Who may send which form. Columns as in `expected_table`. Every viewer posts with its own CSRF
/// token (anonymous has none: refused before anything else). 303 is success (the form redirects);
/// the values are valid, so a refusal can only be a permission.
fn expected_forms(app: &TestApp) -> Vec<(String, String, [u16; 7])> {
    let (s, o, h) = (app.sindicato(), app.other_sindicato(), app.household());
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
    let app = TestApp::demo(db).build();
    app.block_on(async {
        let viewers: Vec<Option<&str>> =
            std::iter::once(None).chain(demo::DEMO_ACCOUNTS.iter().map(|(username, _, _)| Some(*username))).collect();
        let mut wrong = Vec::new();
        for (path, form, expected) in expected_forms(&app) {
            for (n, (viewer, want)) in viewers.iter().zip(expected).enumerate() {
                let form = form.replace("{n}", &n.to_string());
                let reply = match viewer {
                    Some(username) => app.post_form(&path, username, &form).await,
                    None => app.request("POST", &path).form(&format!("csrf=&{form}")).send().await,
                };
                if reply.status.as_u16() != want {
                    let who = viewer.unwrap_or("anonymous");
                    wrong.push(format!("POST {path} as {who}: {}, expected {want}", reply.status));
                }
                assert!(!reply.body.contains("panicked"), "{path}: {}", reply.body);
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    });
}

/// A word where a number goes, a query value or a form that cannot be read: never axum's English
/// plain text, always the user's language, naming what to correct, and nothing changed.
fn an_address_or_form_that_cannot_be_read_is_answered_in_the_users_language(db: &Db) {
    let app = TestApp::demo(db).build();
    // The synchronous store is read outside the async runtime.
    let name = || db.store.read(|repo| repo.body(BodyId(app.sindicato()))).unwrap().unwrap().name;
    let before = name();
    app.block_on(async {
        // An address that leads nowhere is the 404 page, or a problem document under /api/.
        let Reply { status, headers, body: page, .. } = app.get("/bodies/abc", "admin").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(headers.get(header::CONTENT_TYPE).unwrap().to_str().unwrap().starts_with("text/html"));
        assert!(page.contains("La página /bodies/abc no existe."), "{page}");
        let Reply { status, headers, body, .. } = app.get("/api/v1/bodies/abc/padron", "admin").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(headers.get(header::CONTENT_TYPE).unwrap(), "application/problem+json", "{body}");
        // A query value that cannot be read is named, in the page's language.
        let padron = format!("/bodies/{}/padron?page=x", app.sindicato());
        let Reply { status, body: page, .. } = app.get(&padron, "admin").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(page.contains("«page» no tiene un valor válido"), "{page}");
        let Reply { status, body: page, .. } = app.request("GET", &padron).by("admin").lang("en").send().await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(page.contains("“page” does not have a valid value"), "{page}");
        let api = format!("/api/v1/bodies/{}/padron?per_page=-1", app.sindicato());
        let Reply { status, headers, body, .. } = app.get(&api, "admin").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(headers.get(header::CONTENT_TYPE).unwrap(), "application/problem+json");
        let problem: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(problem["code"], "bad_request");
        assert!(problem["title"].as_str().unwrap().contains("«per_page»"), "{problem}");
        // A form sent as something else than a form: refused, nothing renamed.
        let rename = format!("/bodies/{}/edit", app.sindicato());
        let not_a_form = app.request("POST", &rename).by("admin").body("text/plain", "body_name=Otro");
        let Reply { status, body: page, .. } = not_a_form.send().await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(page.contains("El formulario llegó incompleto o en un formato desconocido"), "{page}");
    });
    assert_eq!(name(), before);
}
