//! The OpenAPI document at `/api/v1/openapi.json`, in process, on SQLite (the document does not
//! depend on the backend): it is OpenAPI 3, public, lists every route of the API, matches the
//! committed snapshot, and the API's real answers match the schemas it documents.
//!
//! The snapshot is the insta snapshot `tests/it/snapshots/it__openapi__openapi.snap`: the document
//! pretty-printed with sorted keys, with `info.version` replaced by a placeholder (a release is not
//! an API change). A difference fails the test with a line diff (and, outside CI, leaves the new
//! document beside it as `….snap.new`). When the API changes on purpose, rewrite it with
//! `INSTA_UPDATE=always cargo test -p cabildo --test it openapi` (or `cargo insta review`) and
//! commit it.

use axum::http::{StatusCode, header};
use serde_json::Value;

use crate::support::{Db, TestApp};

/// Every route the API router serves (method, path as OpenAPI writes it). Keep in step with
/// `crates/web/src/api.rs`: a route missing from the document, or documented but not served,
/// fails here.
const ROUTES: [(&str, &str); 11] = [
    ("get", "/api/v1/bodies"),
    ("get", "/api/v1/bodies/{id}"),
    ("patch", "/api/v1/bodies/{id}"),
    ("post", "/api/v1/bodies/{id}/bodies"),
    ("post", "/api/v1/bodies/{id}/households"),
    ("post", "/api/v1/bodies/{id}/import"),
    ("post", "/api/v1/bodies/{id}/offices"),
    ("get", "/api/v1/bodies/{id}/padron"),
    ("get", "/api/v1/households/{id}"),
    ("post", "/api/v1/households/{id}/parcels"),
    ("get", "/api/v1/openapi.json"),
];

/// The assemblies API (`crates/web/src/assembly_api.rs`): documented and served like the routes
/// above; their answers follow their own contracts (actions answer 200, anonymous ballots and
/// phone votes need no token), checked in `api_assembly.rs`.
/// The reads of the afiliado and the leaders (`leader.rs`).
const LEADER_ROUTES: [(&str, &str); 3] = [
    ("get", "/api/v1/bodies/{id}/decisions"),
    ("get", "/api/v1/bodies/{id}/overview"),
    ("get", "/api/v1/account/family"),
];

/// The recall's routes (revocatoria).
const RECALL_ROUTES: [(&str, &str); 3] = [
    ("post", "/api/v1/assemblies/{id}/recalls"),
    ("get", "/api/v1/recalls/{id}"),
    ("get", "/api/v1/bodies/{id}/recalls"),
];

/// Instructions down the tree (`instructions.rs`).
const INSTRUCTION_ROUTES: [(&str, &str); 5] = [
    ("get", "/api/v1/bodies/{id}/instructions"),
    ("post", "/api/v1/bodies/{id}/instructions"),
    ("get", "/api/v1/instructions/{id}"),
    ("post", "/api/v1/instructions/{id}/acknowledgements"),
    ("post", "/api/v1/instructions/{id}/motions"),
];

/// Delegates, seats and credentials (`delegates.rs`).
const DELEGATE_ROUTES: [(&str, &str); 8] = [
    ("get", "/api/v1/assemblies/{id}/seats"),
    ("post", "/api/v1/assemblies/{id}/seats"),
    ("get", "/api/v1/delegations/{id}"),
    ("post", "/api/v1/delegations/{id}/elections"),
    ("get", "/api/v1/delegations/{id}/credentials"),
    ("post", "/api/v1/assemblies/{id}/credentials"),
    ("put", "/api/v1/bodies/{id}/statute/delegates"),
    ("get", "/api/v1/bodies/{id}/statute/delegates"),
];

/// Consultas a las bases (`consulta.rs`).
const CONSULTA_ROUTES: [(&str, &str); 7] = [
    ("get", "/api/v1/bodies/{id}/consultas"),
    ("post", "/api/v1/bodies/{id}/consultas"),
    ("get", "/api/v1/consultas/{id}"),
    ("post", "/api/v1/consultas/{id}/deadline"),
    ("post", "/api/v1/consultas/{id}/close"),
    ("post", "/api/v1/consultas/{id}/election"),
    ("post", "/api/v1/assemblies/{id}/consultas"),
];

/// A consulta's results at every level (`consulta_results.rs`).
const CONSULTA_RESULTS_ROUTES: [(&str, &str); 1] = [("get", "/api/v1/consultas/{id}/results")];
/// Attendance obligations, demands for explanation, visitors and informes (`obligations.rs`).
const OBLIGATION_ROUTES: [(&str, &str); 11] = [
    ("get", "/api/v1/bodies/{id}/obligations"),
    ("post", "/api/v1/bodies/{id}/obligations"),
    ("get", "/api/v1/obligations/{id}"),
    ("post", "/api/v1/obligations/{id}/end"),
    ("get", "/api/v1/offices/{id}/obligations"),
    ("get", "/api/v1/demands/{id}"),
    ("post", "/api/v1/demands/{id}/close"),
    ("get", "/api/v1/assemblies/{id}/accountability"),
    ("post", "/api/v1/assemblies/{id}/visitors"),
    ("post", "/api/v1/assemblies/{id}/demands"),
    ("post", "/api/v1/assemblies/{id}/informes"),
];

const MANDATE_ROUTES: [(&str, &str); 4] = [
    ("get", "/api/v1/bodies/{id}/mandates"),
    ("get", "/api/v1/assemblies/{id}/mandates"),
    ("post", "/api/v1/assemblies/{id}/mandates"),
    ("post", "/api/v1/assemblies/{id}/motions/{motion}/item"),
];

/// Petitions up the tree (`petitions.rs`).
const PETITION_ROUTES: [(&str, &str); 8] = [
    ("get", "/api/v1/bodies/{id}/petitions"),
    ("post", "/api/v1/bodies/{id}/petitions"),
    ("get", "/api/v1/bodies/{id}/authorities"),
    ("post", "/api/v1/bodies/{id}/authorities"),
    ("get", "/api/v1/petitions/{id}"),
    ("post", "/api/v1/petitions/{id}/motions"),
    ("post", "/api/v1/petitions/{id}/replies"),
    ("post", "/api/v1/petitions/{id}/delegation"),
];

/// The ledger (`ledger.rs`).
const LEDGER_ROUTES: [(&str, &str); 18] = [
    ("get", "/api/v1/bodies/{id}/ledger"),
    ("post", "/api/v1/bodies/{id}/ledger"),
    ("get", "/api/v1/bodies/{id}/ledger/families/{family}"),
    ("post", "/api/v1/bodies/{id}/ledger/payments"),
    ("post", "/api/v1/bodies/{id}/ledger/import"),
    ("post", "/api/v1/bodies/{id}/ledger/entries/{number}/document"),
    ("get", "/api/v1/bodies/{id}/ledger/documents/{document}"),
    ("get", "/api/v1/bodies/{id}/ledger/receipts/{receipt}"),
    ("get", "/api/v1/bodies/{id}/ledger/report"),
    ("get", "/api/v1/bodies/{id}/ledger/arrears"),
    // Transfers between bodies (`transfers.rs`).
    ("get", "/api/v1/bodies/{id}/ledger/transfers"),
    ("post", "/api/v1/bodies/{id}/ledger/transfers"),
    ("post", "/api/v1/bodies/{id}/ledger/transfers/{transfer}/confirm"),
    ("post", "/api/v1/bodies/{id}/ledger/share"),
    ("get", "/api/v1/bodies/{id}/ledger/owed"),
    // The totals on the public page (`ledger_public.rs`).
    ("get", "/api/v1/bodies/{id}/ledger/publication"),
    ("put", "/api/v1/bodies/{id}/ledger/publication"),
    ("delete", "/api/v1/bodies/{id}/ledger/publication"),
];

const ASSEMBLY_ROUTES: [(&str, &str); 30] = [
    ("get", "/api/v1/assemblies/{id}"),
    ("get", "/api/v1/assemblies/{id}/acta"),
    ("put", "/api/v1/assemblies/{id}/acta/notes"),
    ("post", "/api/v1/assemblies/{id}/acta/seal"),
    ("post", "/api/v1/assemblies/{id}/acta/signatures"),
    ("get", "/api/v1/assemblies/{id}/attendance"),
    ("post", "/api/v1/assemblies/{id}/attendance"),
    ("post", "/api/v1/assemblies/{id}/cancel"),
    ("post", "/api/v1/assemblies/{id}/close"),
    ("post", "/api/v1/assemblies/{id}/elections"),
    ("post", "/api/v1/assemblies/{id}/motions"),
    ("post", "/api/v1/assemblies/{id}/open"),
    ("post", "/api/v1/assemblies/{id}/tickets"),
    ("get", "/api/v1/bodies/{id}/assemblies"),
    ("post", "/api/v1/bodies/{id}/assemblies"),
    ("get", "/api/v1/bodies/{id}/resolutions"),
    ("get", "/api/v1/bodies/{id}/statute"),
    ("put", "/api/v1/bodies/{id}/statute"),
    ("get", "/api/v1/bodies/{id}/verification"),
    ("get", "/api/v1/motions/{id}/ballot-codes"),
    ("post", "/api/v1/motions/{id}/ballot-codes"),
    ("post", "/api/v1/motions/{id}/ballots"),
    ("post", "/api/v1/motions/{id}/close"),
    ("put", "/api/v1/motions/{id}/hands"),
    ("post", "/api/v1/motions/{id}/no-quorum"),
    ("put", "/api/v1/motions/{id}/paper-tally"),
    ("post", "/api/v1/motions/{id}/phone-votes"),
    ("post", "/api/v1/motions/{id}/roll-call"),
    ("post", "/api/v1/motions/{id}/vote"),
    ("post", "/api/v1/motions/{id}/withdraw"),
];

const VERSION_PLACEHOLDER: &str = "<CARGO_PKG_VERSION>";

/// Status, content type (without parameters) and body of one GET.
async fn get(app: &TestApp, path: &str, token: Option<&str>) -> (StatusCode, String, String) {
    send(app, "get", path, token, None).await
}

/// Status, content type (without parameters) and body of one request; a body given is JSON, or
/// CSV for an import.
async fn send(
    app: &TestApp,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> (StatusCode, String, String) {
    let mut request = app.request(&method.to_uppercase(), path);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    if let Some(body) = body {
        let content_type = if path.contains("/import") { "text/csv" } else { "application/json" };
        request = request.body(content_type, body);
    }
    let reply = request.send().await;
    let content_type = reply.content_type().split(';').next().unwrap_or_default().trim().to_string();
    (reply.status, content_type, String::from_utf8(reply.bytes.to_vec()).unwrap())
}

/// The document as served, without credentials.
fn fetch_document(app: &TestApp) -> (String, Value) {
    let (status, content_type, body) = app.block_on(get(app, "/api/v1/openapi.json", None));
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(content_type, "application/json");
    let document = serde_json::from_str(&body).unwrap();
    (body, document)
}

#[test]
fn the_openapi_document_is_public_openapi_3_and_lists_every_route() {
    let db = Db::sqlite();
    let app = TestApp::empty(&db).build();
    let (_, doc) = fetch_document(&app);

    let version = doc["openapi"].as_str().unwrap();
    assert!(version.starts_with("3."), "not OpenAPI 3: {version}");
    assert_eq!(doc["info"]["title"], "Cabildo API");
    assert_eq!(doc["info"]["version"], env!("CARGO_PKG_VERSION"));

    let paths = doc["paths"].as_object().unwrap();
    let all_routes: Vec<(&str, &str)> = ROUTES
        .into_iter()
        .chain(ASSEMBLY_ROUTES)
        .chain(LEADER_ROUTES)
        .chain(RECALL_ROUTES)
        .chain(INSTRUCTION_ROUTES)
        .chain(DELEGATE_ROUTES)
        .chain(CONSULTA_ROUTES)
        .chain(CONSULTA_RESULTS_ROUTES)
        .chain(MANDATE_ROUTES)
        .chain(OBLIGATION_ROUTES)
        .chain(PETITION_ROUTES)
        .chain(LEDGER_ROUTES)
        .collect();
    for &(method, path) in &all_routes {
        assert!(paths.get(path).and_then(|p| p.get(method)).is_some(), "{method} {path} is not documented");
    }
    let documented: Vec<(String, String)> = paths
        .iter()
        .flat_map(|(path, item)| item.as_object().unwrap().keys().map(move |m| (m.clone(), path.clone())))
        .filter(|(method, _)| {
            ["get", "put", "post", "delete", "options", "head", "patch", "trace"].contains(&&**method)
        })
        .collect();
    for (method, path) in &documented {
        assert!(
            all_routes.contains(&(method.as_str(), path.as_str())),
            "{method} {path} is documented but not in one of the route lists above"
        );
    }

    // Every listed route is served by the API (not by the site's HTML "not found" page): on an
    // empty database an id answers a problem document, the rest answer JSON.
    app.block_on(async {
        for &(method, path) in &all_routes {
            let (status, content_type, body) = send(&app, method, &path.replace("{id}", "1"), None, None).await;
            assert!(
                content_type == "application/json" || content_type == "application/problem+json",
                "{path} is not served by the API: {status} {content_type} {body}"
            );
        }
    });

    // The bearer token, and the problem documents every refusal is.
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["bearer_token"]["type"], "http");
    assert_eq!(schemes["bearer_token"]["scheme"], "bearer");
    assert!(schemes["bearer_token"]["description"].as_str().unwrap().contains("cabildo token"));
    let problem = &doc["components"]["schemas"]["Problem"];
    for field in ["type", "title", "status", "code"] {
        assert!(problem["properties"].get(field).is_some(), "Problem has no {field}");
        assert!(problem["required"].as_array().unwrap().contains(&Value::from(field)), "{field} is not required");
    }
    for (method, path) in ROUTES.into_iter().filter(|(_, p)| !p.ends_with("openapi.json")) {
        let operation = &doc["paths"][path][method];
        assert!(operation["summary"].is_string(), "{method} {path} has no summary");
        let write = method != "get";
        let import = path.ends_with("/import");
        let success = if method == "post" && !import { "201" } else { "200" };
        let mut statuses = vec![success, "401"];
        if path.contains("{id}") {
            statuses.extend(["403", "404"]);
        }
        if write {
            statuses.extend(["409", "422"]);
            assert!(!operation["requestBody"]["content"].is_null(), "{method} {path} documents no request body");
        }
        if write && !import {
            statuses.push("400");
        }
        for status in statuses {
            let content = operation["responses"][status]["content"].as_object();
            let content = content.unwrap_or_else(|| panic!("{method} {path} does not document {status}"));
            if status == success {
                assert!(content.contains_key("application/json"), "{method} {path} {status}");
            } else {
                let schema = &content["application/problem+json"]["schema"]["$ref"];
                let expected = match status {
                    "422" if import => "#/components/schemas/ImportRejected",
                    "422" => "#/components/schemas/ValidationProblem",
                    _ => "#/components/schemas/Problem",
                };
                assert_eq!(schema, expected, "{method} {path} {status}");
            }
        }
    }
    assert_eq!(doc["paths"]["/api/v1/openapi.json"]["get"]["security"], serde_json::json!([{}]), "must be public");
}

#[test]
fn the_openapi_document_is_stable_and_matches_its_snapshot() {
    let db = Db::sqlite();
    let app = TestApp::empty(&db).build();
    let (first, mut doc) = fetch_document(&app);
    let (second, _) = fetch_document(&app);
    assert_eq!(first, second, "the document differs from one request to the next");

    doc["info"]["version"] = Value::from(VERSION_PLACEHOLDER);
    // serde_json without `preserve_order` sorts keys: the snapshot is stable whatever utoipa's order.
    let document = serde_json::to_string_pretty(&doc).unwrap();
    insta::assert_snapshot!("openapi", document);
}

/// A write to check: method, path template, request path, credentials, body, expected status.
type Write<'a> = (&'a str, &'a str, String, Option<&'a str>, &'a str, u16);

/// Real answers, successes and refusals, have the shape the document gives for their path,
/// status and content type.
#[test]
fn the_api_answers_as_its_openapi_document_says() {
    let db = Db::sqlite();
    let app = TestApp::demo(&db).build();
    let (s, o, h) = (app.sindicato(), app.other_sindicato(), app.household());
    let (_, doc) = fetch_document(&app);

    let token = Some(app.token("dirigente"));
    let (actas, admin) = (Some(app.token("actas")), Some(app.token("admin")));
    // (method, template, request, credentials, body, expected status)
    let household = r#"{"given_names": "Rosa", "first_surname": "Flores", "parcel": {"code": "Z-1", "area_ha": 2.5}}"#;
    let office = r#"{"title": "Vocal", "given_names": "Inti", "first_surname": "Choque", "term_start": "2026-01-01"}"#;
    let writes: Vec<Write> = vec![
        ("post", "/api/v1/bodies/{id}/households", format!("/api/v1/bodies/{s}/households"), actas, household, 201),
        ("post", "/api/v1/bodies/{id}/households", format!("/api/v1/bodies/{s}/households"), actas, household, 409),
        ("post", "/api/v1/bodies/{id}/households", format!("/api/v1/bodies/{s}/households"), None, household, 401),
        ("post", "/api/v1/bodies/{id}/households", format!("/api/v1/bodies/{o}/households"), actas, household, 403),
        ("post", "/api/v1/bodies/{id}/households", format!("/api/v1/bodies/{s}/households"), actas, "{", 400),
        (
            "post",
            "/api/v1/bodies/{id}/households",
            format!("/api/v1/bodies/{s}/households"),
            actas,
            r#"{"given_names": "", "first_surname": "", "parcel": {"code": ""}}"#,
            422,
        ),
        (
            "post",
            "/api/v1/households/{id}/parcels",
            format!("/api/v1/households/{h}/parcels"),
            actas,
            r#"{"code": "Z-2"}"#,
            201,
        ),
        (
            "post",
            "/api/v1/households/{id}/parcels",
            "/api/v1/households/999999999/parcels".into(),
            actas,
            r#"{"code": "Z-3"}"#,
            404,
        ),
        (
            "post",
            "/api/v1/bodies/{id}/bodies",
            format!("/api/v1/bodies/{s}/bodies"),
            admin,
            r#"{"name": "Comité", "kind": "comision"}"#,
            201,
        ),
        (
            "patch",
            "/api/v1/bodies/{id}",
            format!("/api/v1/bodies/{s}"),
            actas,
            r#"{"name": "Sindicato Renombrado"}"#,
            200,
        ),
        ("post", "/api/v1/bodies/{id}/offices", format!("/api/v1/bodies/{s}/offices"), actas, office, 201),
        (
            "post",
            "/api/v1/bodies/{id}/import",
            format!("/api/v1/bodies/{s}/import?map=Socio%3Dfull_name"),
            actas,
            "Socio;Lote\nPedro;Q-2\n",
            422,
        ),
        ("post", "/api/v1/bodies/{id}/import", format!("/api/v1/bodies/{s}/import"), actas, "Nada\n", 422),
        (
            "post",
            "/api/v1/bodies/{id}/import",
            format!("/api/v1/bodies/{s}/import?map=Socio%3Dfull_name"),
            actas,
            "Socio;Lote\nPedro Choque;Q-2\n",
            200,
        ),
    ];
    // (template, request, credentials, expected status)
    let cases: Vec<(&str, String, Option<&str>, u16)> = vec![
        ("/api/v1/bodies", "/api/v1/bodies".into(), token, 200),
        ("/api/v1/bodies", "/api/v1/bodies".into(), Some("forged"), 401),
        ("/api/v1/bodies/{id}", format!("/api/v1/bodies/{s}"), token, 200),
        ("/api/v1/bodies/{id}", format!("/api/v1/bodies/{s}"), None, 401),
        ("/api/v1/bodies/{id}", format!("/api/v1/bodies/{o}"), token, 403),
        ("/api/v1/bodies/{id}", "/api/v1/bodies/999999999".into(), token, 404),
        ("/api/v1/bodies/{id}/padron", format!("/api/v1/bodies/{s}/padron?q=a&page=1&per_page=3"), token, 200),
        ("/api/v1/bodies/{id}/padron", format!("/api/v1/bodies/{s}/padron"), None, 401),
        ("/api/v1/bodies/{id}/padron", format!("/api/v1/bodies/{o}/padron"), token, 403),
        ("/api/v1/bodies/{id}/padron", "/api/v1/bodies/999999999/padron".into(), token, 404),
        ("/api/v1/households/{id}", format!("/api/v1/households/{h}"), token, 200),
        ("/api/v1/households/{id}", format!("/api/v1/households/{h}"), None, 401),
        ("/api/v1/households/{id}", "/api/v1/households/999999999".into(), token, 404),
        ("/api/v1/openapi.json", "/api/v1/openapi.json".into(), None, 200),
    ];
    app.block_on(async {
        for (template, path, credentials, expected) in cases {
            let (status, content_type, body) = get(&app, &path, credentials).await;
            assert_eq!(status.as_u16(), expected, "GET {path}: {body}");
            let response = &doc["paths"][template]["get"]["responses"][status.as_str()];
            let schema = &response["content"][content_type.as_str()]["schema"];
            assert!(!schema.is_null(), "GET {path}: {status} {content_type} is not documented");
            let value: Value = serde_json::from_str(&body).unwrap();
            let mut problems = Vec::new();
            conforms(&doc, schema, &value, "$", &mut problems);
            assert!(problems.is_empty(), "GET {path} ({status}) does not match its schema:\n{}", problems.join("\n"));
        }
        for (method, template, path, credentials, body, expected) in writes {
            let (status, content_type, answer) = send(&app, method, &path, credentials, Some(body)).await;
            assert_eq!(status.as_u16(), expected, "{method} {path}: {answer}");
            let response = &doc["paths"][template][method]["responses"][status.as_str()];
            let schema = &response["content"][content_type.as_str()]["schema"];
            assert!(!schema.is_null(), "{method} {path}: {status} {content_type} is not documented");
            let value: Value = serde_json::from_str(&answer).unwrap();
            let mut problems = Vec::new();
            conforms(&doc, schema, &value, "$", &mut problems);
            assert!(
                problems.is_empty(),
                "{method} {path} ({status}) does not match its schema:\n{}",
                problems.join("\n")
            );
        }
    });
}

/// A schema with `$ref` followed and `allOf` merged into one object schema.
fn resolve(doc: &Value, schema: &Value) -> Value {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.strip_prefix("#/components/schemas/").unwrap();
        return resolve(doc, &doc["components"]["schemas"][name]);
    }
    let Some(parts) = schema["allOf"].as_array() else { return schema.clone() };
    let (mut properties, mut required) = (serde_json::Map::new(), Vec::new());
    for part in parts.iter().map(|p| resolve(doc, p)) {
        properties.extend(part["properties"].as_object().cloned().unwrap_or_default());
        required.extend(part["required"].as_array().cloned().unwrap_or_default());
    }
    serde_json::json!({ "type": "object", "properties": properties, "required": required })
}

/// The little of JSON Schema the document uses: types (with `null`), enums, required and known
/// properties (no field may be undocumented), array items.
fn conforms(doc: &Value, schema: &Value, value: &Value, at: &str, problems: &mut Vec<String>) {
    let schema = resolve(doc, schema);
    let kind = match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let documented = types.is_empty() || types.contains(&kind) || (kind == "integer" && types.contains(&"number"));
    if !documented {
        problems.push(format!("{at}: {kind}, documented as {types:?}"));
        return;
    }
    if let Some(values) = schema["enum"].as_array()
        && !values.contains(value)
    {
        problems.push(format!("{at}: {value} is not one of {values:?}"));
    }
    match value {
        Value::Object(fields) if types.contains(&"object") => {
            let properties = schema["properties"].as_object().cloned().unwrap_or_default();
            for name in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
                if !fields.contains_key(name) {
                    problems.push(format!("{at}: required field {name} is missing"));
                }
            }
            if properties.is_empty() {
                return; // a free-form object
            }
            for (name, field) in fields {
                match properties.get(name) {
                    Some(property) => conforms(doc, property, field, &format!("{at}.{name}"), problems),
                    None => problems.push(format!("{at}: field {name} is not documented")),
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                conforms(doc, &schema["items"], item, &format!("{at}[{i}]"), problems);
            }
        }
        _ => {}
    }
}
