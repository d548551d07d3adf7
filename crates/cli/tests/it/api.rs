//! The JSON API's writes in process, on both backends: each mirrors a form (same checks, same
//! service, same permissions), answers 201/200 with what it wrote, 422 with every bad field named
//! and nothing written, 409 on a taken code, 403 outside the viewer's bodies or without the CSRF
//! header when only the session cookie authenticates, and 400 on malformed JSON.

use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use cabildo_demo::DemoConfig;
use cabildo_services::access::{PasswordCost, create_api_token};
use cabildo_services::demo;
use cabildo_web::{AppState, router};
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::support::{Db, app_state, on_both_backends, op, runtime};

on_both_backends!(
    a_household_is_registered_with_a_token_and_bad_fields_are_all_named,
    parcels_bodies_and_offices_are_written_as_the_forms_write_them,
    a_padron_file_is_imported_or_refused_with_every_bad_row,
    a_write_with_only_the_session_cookie_needs_the_csrf_header,
);

struct App {
    state: AppState,
    sindicato: i64,
    other_sindicato: i64,
    /// Bearer tokens of `actas` (secretario de actas of F1-C01-S01) and `admin` (the roots).
    actas: String,
    admin: String,
}

/// The demo with its accounts. The synchronous store is set up outside the async runtime.
fn app(db: &Db) -> App {
    demo::seed(&db.store, &DemoConfig { seed: 7, families: Some(300) }, &op(), &|_| {}, true).unwrap();
    demo::ensure_demo_accounts(&db.store, &op(), PasswordCost::TESTS_ONLY).unwrap();
    let body_id = |code: &str| db.store.read(|r| r.body_by_code(code)).unwrap().unwrap().id.0;
    App {
        state: app_state(db),
        sindicato: body_id("F1-C01-S01"),
        other_sindicato: body_id("F2-C01-S01"),
        actas: create_api_token(&db.store, &op(), "actas", "test").unwrap(),
        admin: create_api_token(&db.store, &op(), "admin", "test").unwrap(),
    }
}

/// Status, headers and body (as JSON; `null` when empty or not JSON).
async fn call(state: &AppState, request: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Value) {
    let response = router(state.clone()).oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = to_bytes(response.into_body(), 10 << 20).await.unwrap();
    (status, headers, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

fn send(method: &str, path: &str, token: &str, body: &Value) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

fn get(path: &str, token: &str) -> Request<Body> {
    Request::get(path).header(header::AUTHORIZATION, format!("Bearer {token}")).body(Body::empty()).unwrap()
}

fn content_type(headers: &axum::http::HeaderMap) -> &str {
    headers.get(header::CONTENT_TYPE).map_or("", |v| v.to_str().unwrap())
}

/// The fields an `errors` array names.
fn fields(problem: &Value) -> Vec<&str> {
    problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect()
}

fn a_household_is_registered_with_a_token_and_bad_fields_are_all_named(db: &Db) {
    let runtime = runtime();
    let app = app(db);
    let households_before = db.raw_count("households");
    let parcels_before = db.raw_count("parcels");
    let path = format!("/api/v1/bodies/{}/households", app.sindicato);
    runtime.block_on(async {
        // Bad fields: every one is named, in the request's language, and nothing is written.
        let bad = json!({
            "given_names": "Rosa",
            "first_surname": "",
            "affiliated_on": "31/02/2020",
            "parcel": {"code": "Z-1", "area_ha": "dos"}
        });
        let (status, headers, problem) = call(&app.state, send("POST", &path, &app.actas, &bad)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(content_type(&headers), "application/problem+json");
        assert_eq!(problem["status"], 422);
        assert_eq!(problem["code"], "required", "the first error's code: {problem}");
        assert_eq!(fields(&problem), ["first_surname", "affiliated_on", "area"], "{problem}");
        let area = &problem["errors"][2];
        assert_eq!(area["code"], "bad_number");
        assert!(area["message"].as_str().unwrap().contains("«dos» no es un número"), "Spanish by default: {area}");
        let english = Request::post(&path)
            .header(header::AUTHORIZATION, format!("Bearer {}", app.actas))
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT_LANGUAGE, "en")
            .body(Body::from(bad.to_string()))
            .unwrap();
        let (_, _, problem) = call(&app.state, english).await;
        assert!(problem["errors"][2]["message"].as_str().unwrap().contains("not a number"), "{problem}");

        // Good fields: 201, the household as the API shows it, and where to find it.
        let good = json!({
            "given_names": "Rosa",
            "first_surname": "Flores",
            "second_surname": "Quispe",
            "phone": "71234567",
            "affiliated_on": "2024-03-15",
            "parcel": {"code": "Z-1", "area_ha": "2,5", "place": "Pampa", "latitude": -16.95, "longitude": -65.4}
        });
        let (status, headers, household) = call(&app.state, send("POST", &path, &app.actas, &good)).await;
        assert_eq!(status, StatusCode::CREATED, "{household}");
        let location = headers.get(header::LOCATION).unwrap().to_str().unwrap().to_string();
        assert_eq!(location, format!("/api/v1/households/{}", household["id"]));
        assert_eq!(household["body_id"], app.sindicato);
        assert_eq!(household["affiliated_on"], "2024-03-15");
        assert_eq!(household["parcels"][0]["code"], "Z-1");
        assert_eq!(household["parcels"][0]["area_m2"], 25_000);
        let (status, _, read) = call(&app.state, get(&location, &app.actas)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(read, household, "what was answered is what is read back");
        assert_eq!(read["representative"]["first_surname"], "Flores");

        // A number is an area too.
        let numeric =
            json!({"given_names": "Ana", "first_surname": "Rojas", "parcel": {"code": "Z-2", "area_ha": 1.25}});
        let (status, _, household) = call(&app.state, send("POST", &path, &app.actas, &numeric)).await;
        assert_eq!(status, StatusCode::CREATED, "{household}");
        assert_eq!(household["parcels"][0]["area_m2"], 12_500);

        // The same parcel again: 409, and the problem says which.
        let (status, headers, problem) = call(&app.state, send("POST", &path, &app.actas, &good)).await;
        assert_eq!(status, StatusCode::CONFLICT, "{problem}");
        assert_eq!(content_type(&headers), "application/problem+json");
        assert_eq!(problem["code"], "duplicate_parcel_code");

        // Another sindicato: the service refuses, whatever the fields.
        let other = format!("/api/v1/bodies/{}/households", app.other_sindicato);
        let elsewhere = json!({"given_names": "Ana", "first_surname": "Rojas", "parcel": {"code": "Z-9"}});
        let (status, _, problem) = call(&app.state, send("POST", &other, &app.actas, &elsewhere)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{problem}");
        assert_eq!(problem["code"], "forbidden");

        // Malformed JSON, a field of the wrong type, a missing field: 400 problem documents.
        let malformed = Request::post(&path)
            .header(header::AUTHORIZATION, format!("Bearer {}", app.actas))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from("{\"given_names\": \"Rosa\", "))
            .unwrap();
        for (request, what) in [
            (malformed, "malformed"),
            (
                send(
                    "POST",
                    &path,
                    &app.actas,
                    &json!({"given_names": 7, "first_surname": "X", "parcel": {"code": "Z-8"}}),
                ),
                "wrong type",
            ),
            (send("POST", &path, &app.actas, &json!({"given_names": "Rosa"})), "missing"),
        ] {
            let (status, headers, problem) = call(&app.state, request).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{what}: {problem}");
            assert_eq!(content_type(&headers), "application/problem+json", "{what}");
            assert_eq!(problem["code"], "bad_request", "{what}");
            assert_eq!(problem["status"], 400, "{what}");
        }

        // Without credentials: 401 before anything is read.
        let anonymous = Request::post(&path)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(elsewhere.to_string()))
            .unwrap();
        let (status, _, problem) = call(&app.state, anonymous).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{problem}");
        assert_eq!(problem["code"], "sign_in_required");
    });
    assert_eq!(db.raw_count("households"), households_before + 2);
    assert_eq!(db.raw_count("parcels"), parcels_before + 2);
}

fn parcels_bodies_and_offices_are_written_as_the_forms_write_them(db: &Db) {
    let runtime = runtime();
    let app = app(db);
    let central = db.store.read(|r| r.body_by_code("F1-C01")).unwrap().unwrap().id.0;
    let household =
        cabildo_services::registry::padron_page(&db.store, &op(), "F1-C01-S01", None, 0, 1).unwrap()[0].id.0;
    let taken = cabildo_services::registry::household_detail(&db.store, &op(), cabildo_domain::HouseholdId(household))
        .unwrap()
        .1[0]
        .code
        .as_str()
        .to_string();
    let audit_before = db.raw_count("audit_events");
    runtime.block_on(async {
        // A parcel for a household of the actas' sindicato.
        let parcels = format!("/api/v1/households/{household}/parcels");
        let parcel = json!({"code": "N-77", "area_ha": "0,75", "place": "Loma"});
        let (status, _, created) = call(&app.state, send("POST", &parcels, &app.actas, &parcel)).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        assert_eq!((created["code"].as_str(), created["area_m2"].as_i64()), (Some("N-77"), Some(7_500)));
        let (status, _, problem) = call(&app.state, send("POST", &parcels, &app.actas, &json!({"code": taken}))).await;
        assert_eq!(status, StatusCode::CONFLICT, "{problem}");
        assert_eq!(problem["code"], "duplicate_parcel_code");
        let bad = json!({"code": "", "area_ha": "-3", "latitude": -16.9});
        let (status, _, problem) = call(&app.state, send("POST", &parcels, &app.actas, &bad)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(fields(&problem), ["parcel_code", "area", "longitude"], "{problem}");

        // A sub-body, as admin; a taken code; bad fields.
        let bodies = format!("/api/v1/bodies/{central}/bodies");
        let new = json!({"name": "Sindicato Nueva Esperanza", "kind": "sindicato"});
        let (status, headers, body) = call(&app.state, send("POST", &bodies, &app.admin, &new)).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        assert_eq!(body["parent_id"], central);
        assert_eq!(body["composition"], "households");
        let location = headers.get(header::LOCATION).unwrap().to_str().unwrap().to_string();
        assert_eq!(location, format!("/api/v1/bodies/{}", body["id"]));
        let duplicate = json!({"name": "Otro", "code": "F1-C01", "kind": "sindicato"});
        let (status, _, problem) = call(&app.state, send("POST", &bodies, &app.admin, &duplicate)).await;
        assert_eq!(status, StatusCode::CONFLICT, "{problem}");
        assert_eq!(problem["code"], "duplicate_body_code");
        let bad = json!({"name": " ", "kind": "castle", "composition": "robots"});
        let (status, _, problem) = call(&app.state, send("POST", &bodies, &app.admin, &bad)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(fields(&problem), ["body_name", "body_kind", "composition"], "{problem}");
        // The actas of a sindicato may not create bodies under the central.
        let (status, _, _) = call(&app.state, send("POST", &bodies, &app.actas, &new)).await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        // Rename it.
        let rename = json!({"name": "Sindicato Nueva Esperanza Alta"});
        let (status, _, renamed) = call(&app.state, send("PATCH", &location, &app.admin, &rename)).await;
        assert_eq!(status, StatusCode::OK, "{renamed}");
        assert_eq!(renamed["name"], "Sindicato Nueva Esperanza Alta");
        assert_eq!(renamed["id"], body["id"]);
        let (status, _, problem) = call(&app.state, send("PATCH", &location, &app.admin, &json!({"name": ""}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(fields(&problem), ["body_name"]);
        let (status, _, _) = call(&app.state, send("PATCH", "/api/v1/bodies/999999999", &app.admin, &rename)).await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // An office: a term that ends before it starts is a bad end; then a good one.
        let offices = format!("{location}/offices");
        let office = json!({
            "title": "Secretario General",
            "given_names": "Inti",
            "first_surname": "Choque",
            "term_start": "01/01/2026",
            "term_end": "2025-12-31"
        });
        let (status, _, problem) = call(&app.state, send("POST", &offices, &app.admin, &office)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(fields(&problem), ["term_end"]);
        assert_eq!(problem["code"], "end_before_start");
        let mut office = office;
        office["term_end"] = json!("2027-12-31");
        let (status, _, created) = call(&app.state, send("POST", &offices, &app.admin, &office)).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        assert_eq!(created["holder"], "Inti Choque");
        assert_eq!(
            (created["term_start"].as_str(), created["term_end"].as_str()),
            (Some("2026-01-01"), Some("2027-12-31"))
        );

        let (_, _, overview) = call(&app.state, get(&location, &app.admin)).await;
        assert_eq!(overview["body"]["name"], "Sindicato Nueva Esperanza Alta");
        assert_eq!(overview["offices"][0]["holder"], "Inti Choque");
    });
    // Parcel, body, rename, office: the services wrote the audit trail.
    assert_eq!(db.raw_count("audit_events"), audit_before + 4);
}

fn a_padron_file_is_imported_or_refused_with_every_bad_row(db: &Db) {
    let runtime = runtime();
    let app = app(db);
    let before = db.raw_count("households");
    let path = format!("/api/v1/bodies/{}/import?map=Socio%3Dfull_name", app.sindicato);
    let upload = |token: &str, file: &str| {
        Request::post(&path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "text/csv")
            .body(Body::from(file.to_string()))
            .unwrap()
    };
    runtime.block_on(async {
        let (status, headers, problem) =
            call(&app.state, upload(&app.actas, "Socio;Lote\nJuana Mamani;Q-1\nPedro;Q-2\n")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(content_type(&headers), "application/problem+json");
        assert_eq!(problem["code"], "import_rejected");
        assert!(problem["title"].as_str().unwrap().contains("no se importó nada"), "{problem}");
        let problems = problem["problems"].as_array().unwrap();
        assert_eq!(problems.len(), 1, "{problem}");
        assert_eq!((problems[0]["line"].as_u64(), problems[0]["column"].as_str()), (Some(3), Some("Socio")));
        assert_eq!(problems[0]["value"], "Pedro");
        assert!(problems[0]["code"].is_string() && problems[0]["message"].is_string(), "{problem}");

        let (status, _, report) =
            call(&app.state, upload(&app.actas, "Socio;Lote;Color\nJuana Mamani;Q-1;rojo\nPedro Choque;Q-2;azul\n"))
                .await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(report["rows"], 2);
        assert_eq!(report["households_created"], 2);
        assert_eq!(report["parcels_created"], 2);
        assert_eq!(report["rows_unchanged"], 0);
        assert_eq!(report["delimiter"], ";");
        assert_eq!(report["ignored_columns"], json!(["Color"]));
        assert!(report["encoding"].is_string(), "{report}");

        // The same file again changes nothing; another sindicato's register is not the actas'.
        let (status, _, report) =
            call(&app.state, upload(&app.actas, "Socio;Lote;Color\nJuana Mamani;Q-1;rojo\nPedro Choque;Q-2;azul\n"))
                .await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!((report["households_created"].as_u64(), report["rows_unchanged"].as_u64()), (Some(0), Some(2)));
        let elsewhere = Request::post(format!("/api/v1/bodies/{}/import?map=Socio%3Dfull_name", app.other_sindicato))
            .header(header::AUTHORIZATION, format!("Bearer {}", app.actas))
            .header(header::CONTENT_TYPE, "text/csv")
            .body(Body::from("Socio;Lote\nAna Rojas;Q-5\n"))
            .unwrap();
        assert_eq!(call(&app.state, elsewhere).await.0, StatusCode::FORBIDDEN);
    });
    assert_eq!(db.raw_count("households"), before + 2);
}

async fn sign_in(state: &AppState, username: &str) -> String {
    crate::support::sign_in(state, username, demo::DEMO_PASSWORD).await
}

/// The CSRF token of a session, as a signed-in page carries it.
async fn csrf(state: &AppState, cookie: &str) -> String {
    let request = Request::get("/bodies").header(header::COOKIE, cookie).body(Body::empty()).unwrap();
    let response = router(state.clone()).oneshot(request).await.unwrap();
    let page = to_bytes(response.into_body(), 10 << 20).await.unwrap();
    let page = String::from_utf8_lossy(&page);
    page.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string()
}

fn a_write_with_only_the_session_cookie_needs_the_csrf_header(db: &Db) {
    let runtime = runtime();
    let app = app(db);
    let before = db.raw_count("households");
    let path = format!("/api/v1/bodies/{}/households", app.sindicato);
    runtime.block_on(async {
        let cookie = sign_in(&app.state, "actas").await;
        let token = csrf(&app.state, &cookie).await;
        let household = json!({"given_names": "Rosa", "first_surname": "Flores", "parcel": {"code": "Z-1"}});
        let with_cookie = |csrf: Option<&str>| {
            let mut request =
                Request::post(&path).header(header::COOKIE, &cookie).header(header::CONTENT_TYPE, "application/json");
            if let Some(csrf) = csrf {
                request = request.header("X-CSRF-Token", csrf);
            }
            request.body(Body::from(household.to_string())).unwrap()
        };
        for csrf in [None, Some("forged")] {
            let (status, headers, problem) = call(&app.state, with_cookie(csrf)).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{csrf:?}: {problem}");
            assert_eq!(content_type(&headers), "application/problem+json");
            assert_eq!(problem["status"], 403);
        }
        let (status, _, created) = call(&app.state, with_cookie(Some(&token))).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        assert_eq!(created["representative"]["given_names"], "Rosa");
        // The CSV import is a write too.
        let import = Request::post(format!("/api/v1/bodies/{}/import?map=Socio%3Dfull_name", app.sindicato))
            .header(header::COOKIE, &cookie)
            .header(header::CONTENT_TYPE, "text/csv")
            .body(Body::from("Socio;Lote\nAna Rojas;Q-5\n"))
            .unwrap();
        assert_eq!(call(&app.state, import).await.0, StatusCode::FORBIDDEN);
    });
    assert_eq!(db.raw_count("households"), before + 1);
}
