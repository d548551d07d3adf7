//! The JSON API's writes in process, on both backends: each mirrors a form (same checks, same
//! service, same permissions), answers 201/200 with what it wrote, 422 with every bad field named
//! and nothing written, 409 on a taken code, 403 outside the viewer's bodies or without the CSRF
//! header when only the session cookie authenticates, and 400 on malformed JSON.

use axum::http::{HeaderMap, StatusCode, header};
use serde_json::{Value, json};

use crate::support::{Db, Req, TestApp, on_both_backends, op};

on_both_backends!(
    a_household_is_registered_with_a_token_and_bad_fields_are_all_named,
    parcels_bodies_and_offices_are_written_as_the_forms_write_them,
    a_padron_file_is_imported_or_refused_with_every_bad_row,
    a_write_with_only_the_session_cookie_needs_the_csrf_header,
);

/// Status, headers and body (as JSON; `null` when empty or not JSON).
async fn call(request: Req<'_>) -> (StatusCode, HeaderMap, Value) {
    let reply = request.send().await;
    let json = reply.json();
    (reply.status, reply.headers, json)
}

/// A JSON request with a user's bearer token.
fn send<'a>(app: &'a TestApp, method: &str, path: &str, user: &str, body: &Value) -> Req<'a> {
    app.request(method, path).token(user).json(body)
}

fn get<'a>(app: &'a TestApp, path: &str, user: &str) -> Req<'a> {
    app.request("GET", path).token(user)
}

fn content_type(headers: &axum::http::HeaderMap) -> &str {
    headers.get(header::CONTENT_TYPE).map_or("", |v| v.to_str().unwrap())
}

/// The fields an `errors` array names.
fn fields(problem: &Value) -> Vec<&str> {
    problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect()
}

fn a_household_is_registered_with_a_token_and_bad_fields_are_all_named(db: &Db) {
    let app = TestApp::demo(db).families(300).build();
    let households_before = db.raw_count("households");
    let parcels_before = db.raw_count("parcels");
    let path = format!("/api/v1/bodies/{}/households", app.sindicato());
    app.block_on(async {
        // Bad fields: every one is named, in the request's language, and nothing is written.
        let bad = json!({
            "given_names": "Rosa",
            "first_surname": "",
            "affiliated_on": "31/02/2020",
            "parcel": {"code": "Z-1", "area_ha": "dos"}
        });
        let (status, headers, problem) = call(send(&app, "POST", &path, "actas", &bad)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(content_type(&headers), "application/problem+json");
        assert_eq!(problem["status"], 422);
        assert_eq!(problem["code"], "required", "the first error's code: {problem}");
        assert_eq!(fields(&problem), ["first_surname", "affiliated_on", "area"], "{problem}");
        let area = &problem["errors"][2];
        assert_eq!(area["code"], "bad_number");
        assert!(area["message"].as_str().unwrap().contains("«dos» no es un número"), "Spanish by default: {area}");
        let english = send(&app, "POST", &path, "actas", &bad).header(header::ACCEPT_LANGUAGE, "en");
        let (_, _, problem) = call(english).await;
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
        let (status, headers, household) = call(send(&app, "POST", &path, "actas", &good)).await;
        assert_eq!(status, StatusCode::CREATED, "{household}");
        let location = headers.get(header::LOCATION).unwrap().to_str().unwrap().to_string();
        assert_eq!(location, format!("/api/v1/households/{}", household["id"]));
        assert_eq!(household["body_id"], app.sindicato());
        assert_eq!(household["affiliated_on"], "2024-03-15");
        assert_eq!(household["parcels"][0]["code"], "Z-1");
        assert_eq!(household["parcels"][0]["area_m2"], 25_000);
        let (status, _, read) = call(get(&app, &location, "actas")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(read, household, "what was answered is what is read back");
        assert_eq!(read["representative"]["first_surname"], "Flores");

        // A number is an area too.
        let numeric =
            json!({"given_names": "Ana", "first_surname": "Rojas", "parcel": {"code": "Z-2", "area_ha": 1.25}});
        let (status, _, household) = call(send(&app, "POST", &path, "actas", &numeric)).await;
        assert_eq!(status, StatusCode::CREATED, "{household}");
        assert_eq!(household["parcels"][0]["area_m2"], 12_500);

        // The same parcel again: 409, and the problem says which.
        let (status, headers, problem) = call(send(&app, "POST", &path, "actas", &good)).await;
        assert_eq!(status, StatusCode::CONFLICT, "{problem}");
        assert_eq!(content_type(&headers), "application/problem+json");
        assert_eq!(problem["code"], "duplicate_parcel_code");

        // Another sindicato: the service refuses, whatever the fields.
        let other = format!("/api/v1/bodies/{}/households", app.other_sindicato());
        let elsewhere = json!({"given_names": "Ana", "first_surname": "Rojas", "parcel": {"code": "Z-9"}});
        let (status, _, problem) = call(send(&app, "POST", &other, "actas", &elsewhere)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{problem}");
        assert_eq!(problem["code"], "forbidden");

        // Malformed JSON, a field of the wrong type, a missing field: 400 problem documents.
        let malformed =
            app.request("POST", &path).token("actas").body("application/json", "{\"given_names\": \"Rosa\", ");
        for (request, what) in [
            (malformed, "malformed"),
            (
                send(
                    &app,
                    "POST",
                    &path,
                    "actas",
                    &json!({"given_names": 7, "first_surname": "X", "parcel": {"code": "Z-8"}}),
                ),
                "wrong type",
            ),
            (send(&app, "POST", &path, "actas", &json!({"given_names": "Rosa"})), "missing"),
        ] {
            let (status, headers, problem) = call(request).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{what}: {problem}");
            assert_eq!(content_type(&headers), "application/problem+json", "{what}");
            assert_eq!(problem["code"], "bad_request", "{what}");
            assert_eq!(problem["status"], 400, "{what}");
        }

        // Without credentials: 401 before anything is read.
        let anonymous = app.request("POST", &path).json(&elsewhere);
        let (status, _, problem) = call(anonymous).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{problem}");
        assert_eq!(problem["code"], "sign_in_required");
    });
    assert_eq!(db.raw_count("households"), households_before + 2);
    assert_eq!(db.raw_count("parcels"), parcels_before + 2);
}

fn parcels_bodies_and_offices_are_written_as_the_forms_write_them(db: &Db) {
    let app = TestApp::demo(db).families(300).build();
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
    app.block_on(async {
        // A parcel for a household of the actas' sindicato.
        let parcels = format!("/api/v1/households/{household}/parcels");
        let parcel = json!({"code": "N-77", "area_ha": "0,75", "place": "Loma"});
        let (status, _, created) = call(send(&app, "POST", &parcels, "actas", &parcel)).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        assert_eq!((created["code"].as_str(), created["area_m2"].as_i64()), (Some("N-77"), Some(7_500)));
        let (status, _, problem) = call(send(&app, "POST", &parcels, "actas", &json!({"code": taken}))).await;
        assert_eq!(status, StatusCode::CONFLICT, "{problem}");
        assert_eq!(problem["code"], "duplicate_parcel_code");
        let bad = json!({"code": "", "area_ha": "-3", "latitude": -16.9});
        let (status, _, problem) = call(send(&app, "POST", &parcels, "actas", &bad)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(fields(&problem), ["parcel_code", "area", "longitude"], "{problem}");

        // A sub-body, as admin; a taken code; bad fields.
        let bodies = format!("/api/v1/bodies/{central}/bodies");
        let new = json!({"name": "Sindicato Nueva Esperanza", "kind": "sindicato"});
        let (status, headers, body) = call(send(&app, "POST", &bodies, "admin", &new)).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        assert_eq!(body["parent_id"], central);
        assert_eq!(body["composition"], "households");
        let location = headers.get(header::LOCATION).unwrap().to_str().unwrap().to_string();
        assert_eq!(location, format!("/api/v1/bodies/{}", body["id"]));
        let duplicate = json!({"name": "Otro", "code": "F1-C01", "kind": "sindicato"});
        let (status, _, problem) = call(send(&app, "POST", &bodies, "admin", &duplicate)).await;
        assert_eq!(status, StatusCode::CONFLICT, "{problem}");
        assert_eq!(problem["code"], "duplicate_body_code");
        let bad = json!({"name": " ", "kind": "castle", "composition": "robots"});
        let (status, _, problem) = call(send(&app, "POST", &bodies, "admin", &bad)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(fields(&problem), ["body_name", "body_kind", "composition"], "{problem}");
        // The actas of a sindicato may not create bodies under the central.
        let (status, _, _) = call(send(&app, "POST", &bodies, "actas", &new)).await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        // Rename it.
        let rename = json!({"name": "Sindicato Nueva Esperanza Alta"});
        let (status, _, renamed) = call(send(&app, "PATCH", &location, "admin", &rename)).await;
        assert_eq!(status, StatusCode::OK, "{renamed}");
        assert_eq!(renamed["name"], "Sindicato Nueva Esperanza Alta");
        assert_eq!(renamed["id"], body["id"]);
        let (status, _, problem) = call(send(&app, "PATCH", &location, "admin", &json!({"name": ""}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(fields(&problem), ["body_name"]);
        let (status, _, _) = call(send(&app, "PATCH", "/api/v1/bodies/999999999", "admin", &rename)).await;
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
        let (status, _, problem) = call(send(&app, "POST", &offices, "admin", &office)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(fields(&problem), ["term_end"]);
        assert_eq!(problem["code"], "end_before_start");
        let mut office = office;
        office["term_end"] = json!("2027-12-31");
        let (status, _, created) = call(send(&app, "POST", &offices, "admin", &office)).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        assert_eq!(created["holder"], "Inti Choque");
        assert_eq!(
            (created["term_start"].as_str(), created["term_end"].as_str()),
            (Some("2026-01-01"), Some("2027-12-31"))
        );

        let (_, _, overview) = call(get(&app, &location, "admin")).await;
        assert_eq!(overview["body"]["name"], "Sindicato Nueva Esperanza Alta");
        assert_eq!(overview["offices"][0]["holder"], "Inti Choque");
    });
    // Parcel, body, rename, office: the services wrote the audit trail.
    assert_eq!(db.raw_count("audit_events"), audit_before + 4);
}

fn a_padron_file_is_imported_or_refused_with_every_bad_row(db: &Db) {
    let app = TestApp::demo(db).families(300).build();
    let before = db.raw_count("households");
    let path = format!("/api/v1/bodies/{}/import?map=Socio%3Dfull_name", app.sindicato());
    let upload = |user: &str, file: &str| app.request("POST", &path).token(user).body("text/csv", file);
    app.block_on(async {
        let (status, headers, problem) = call(upload("actas", "Socio;Lote\nJuana Mamani;Q-1\nPedro;Q-2\n")).await;
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
            call(upload("actas", "Socio;Lote;Color\nJuana Mamani;Q-1;rojo\nPedro Choque;Q-2;azul\n")).await;
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
            call(upload("actas", "Socio;Lote;Color\nJuana Mamani;Q-1;rojo\nPedro Choque;Q-2;azul\n")).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!((report["households_created"].as_u64(), report["rows_unchanged"].as_u64()), (Some(0), Some(2)));
        let elsewhere = app
            .request("POST", &format!("/api/v1/bodies/{}/import?map=Socio%3Dfull_name", app.other_sindicato()))
            .token("actas")
            .body("text/csv", "Socio;Lote\nAna Rojas;Q-5\n");
        assert_eq!(call(elsewhere).await.0, StatusCode::FORBIDDEN);
    });
    assert_eq!(db.raw_count("households"), before + 2);
}

fn a_write_with_only_the_session_cookie_needs_the_csrf_header(db: &Db) {
    let app = TestApp::demo(db).families(300).build();
    let before = db.raw_count("households");
    let path = format!("/api/v1/bodies/{}/households", app.sindicato());
    app.block_on(async {
        // The session of a signed-in page, and the CSRF token the page carries.
        let token = app.csrf("actas");
        let household = json!({"given_names": "Rosa", "first_surname": "Flores", "parcel": {"code": "Z-1"}});
        let with_cookie = |csrf: Option<&str>| {
            let request = app.request("POST", &path).by("actas").json(&household);
            match csrf {
                Some(csrf) => request.header("X-CSRF-Token", csrf),
                None => request,
            }
        };
        for csrf in [None, Some("forged")] {
            let (status, headers, problem) = call(with_cookie(csrf)).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{csrf:?}: {problem}");
            assert_eq!(content_type(&headers), "application/problem+json");
            assert_eq!(problem["status"], 403);
        }
        let (status, _, created) = call(with_cookie(Some(token))).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        assert_eq!(created["representative"]["given_names"], "Rosa");
        // The CSV import is a write too.
        let import = app
            .request("POST", &format!("/api/v1/bodies/{}/import?map=Socio%3Dfull_name", app.sindicato()))
            .by("actas")
            .body("text/csv", "Socio;Lote\nAna Rojas;Q-5\n");
        assert_eq!(call(import).await.0, StatusCode::FORBIDDEN);
    });
    assert_eq!(db.raw_count("households"), before + 1);
}
