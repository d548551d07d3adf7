//! Cross-site request forgery, attempted on every route that changes something: each form the
//! pages post, and each write of the API. The routes are read from the web crate itself (its
//! source for the pages, its OpenAPI document for the API), so a route added later is attacked
//! too.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use cabildo_demo::DemoConfig;
use cabildo_services::access::PasswordCost;
use cabildo_services::demo;

use crate::support::{Db, app_state, call, get, op, runtime, sign_in};

/// Every page route that takes a POST, as written in `crates/web/src` (`.route("/path", …post(…))`).
fn page_post_routes() -> Vec<String> {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../web/src");
    let mut stack = vec![src];
    let mut routes = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let mut rest = text.as_str();
            while let Some(at) = rest.find(".route(") {
                let call = &rest[at + ".route(".len()..];
                // The route's arguments, up to the parenthesis that closes `.route(`.
                let mut depth = 1;
                let end = call
                    .char_indices()
                    .find(|&(_, c)| {
                        depth += match c {
                            '(' => 1,
                            ')' => -1,
                            _ => 0,
                        };
                        depth == 0
                    })
                    .map_or(call.len(), |(i, _)| i);
                let arguments = &call[..end];
                if let Some(path) = arguments.split('"').nth(1)
                    && arguments.contains("post(")
                {
                    routes.push(path.to_string());
                }
                rest = &call[end..];
            }
        }
    }
    routes.sort();
    routes
}

/// A path with its parameters filled in (any number will do: the check comes first).
fn concrete(path: &str) -> String {
    path.replace("{id}", "1")
        .replace("{m}", "1")
        .replace("{motion}", "1")
        .replace("{action}", "close")
        .replace("{code}", "X")
}

fn form_post(path: &str, cookie: &str, form: &str) -> Request<Body> {
    Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie)
        .body(Body::from(form.to_string()))
        .unwrap()
}

fn multipart_post(path: &str, cookie: &str, csrf: Option<&str>) -> Request<Body> {
    let boundary = "cabildo-forgery";
    let mut body = String::new();
    if let Some(csrf) = csrf {
        body.push_str(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n"));
    }
    body.push_str(&format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.csv\"\r\n\r\nSocio;Lote\r\nAna Rojas;Q-5\r\n--{boundary}--\r\n"
    ));
    Request::post(path)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .unwrap()
}

#[test]
fn every_form_refuses_a_missing_or_forged_token_and_other_sites() {
    let db = Db::sqlite();
    demo::seed(&db.store, &DemoConfig { seed: 3, families: Some(60) }, &op(), &|_| {}, true).unwrap();
    demo::ensure_demo_accounts(&db.store, &op(), PasswordCost::TESTS_ONLY).unwrap();
    let state = app_state(&db);
    let routes = page_post_routes();
    assert!(routes.len() >= 25, "the route reader found too few routes: {routes:?}");
    let runtime = runtime();
    runtime.block_on(async {
        let cookie = sign_in(&state, "admin", demo::DEMO_PASSWORD).await;
        let (_, _, page) = call(&state, get("/bodies", Some(&cookie))).await;
        let token = page.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
        // A visitor without a session has a form token of their own.
        let (_, headers, _) = call(&state, get("/login", None)).await;
        let visitor = headers.get(header::SET_COOKIE).unwrap().to_str().unwrap().split(';').next().unwrap().to_string();
        let mut accepted = Vec::new();
        for route in &routes {
            let path = concrete(route);
            let attempts: Vec<(&str, Request<Body>)> = if route.ends_with("/import") {
                vec![
                    ("no token", multipart_post(&path, &cookie, None)),
                    ("a forged token", multipart_post(&path, &cookie, Some("forged"))),
                    ("a visitor's token", multipart_post(&path, &visitor, Some("forged"))),
                ]
            } else {
                let cross = Request::post(path.as_str())
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header(header::COOKIE, &cookie)
                    .header("sec-fetch-site", "cross-site")
                    .body(Body::from(format!("csrf={token}")))
                    .unwrap();
                vec![
                    ("no token", form_post(&path, &cookie, "x=1")),
                    ("a forged token", form_post(&path, &cookie, "csrf=forged")),
                    ("an empty token", form_post(&path, &cookie, "csrf=")),
                    ("another site", cross),
                    ("a visitor without a token", form_post(&path, &visitor, "x=1")),
                    ("a visitor's forged token", form_post(&path, &visitor, "csrf=forged")),
                ]
            };
            for (what, request) in attempts {
                let (status, _, body) = call(&state, request).await;
                if status != StatusCode::FORBIDDEN {
                    accepted.push(format!("POST {path} with {what}: {status}"));
                }
                assert!(!body.contains("panicked"), "{path}: {body}");
            }
        }
        assert!(accepted.is_empty(), "not refused:\n{}", accepted.join("\n"));
    });
}

#[test]
fn every_api_write_with_the_session_cookie_needs_the_token_header() {
    let db = Db::sqlite();
    demo::seed(&db.store, &DemoConfig { seed: 3, families: Some(60) }, &op(), &|_| {}, true).unwrap();
    demo::ensure_demo_accounts(&db.store, &op(), PasswordCost::TESTS_ONLY).unwrap();
    let state = app_state(&db);
    let runtime = runtime();
    runtime.block_on(async {
        let cookie = sign_in(&state, "admin", demo::DEMO_PASSWORD).await;
        let (_, _, document) = call(&state, get("/api/v1/openapi.json", None)).await;
        let document: serde_json::Value = serde_json::from_str(&document).unwrap();
        let mut writes = 0;
        let mut accepted = Vec::new();
        for (path, item) in document["paths"].as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                if method == "get" {
                    continue;
                }
                // Anonymous writes (a secret ballot, a phone vote) carry their own credential, a
                // one-time code; a session adds nothing an attacker could borrow.
                let public =
                    operation["security"].as_array().is_some_and(|s| s.iter().all(|r| r == &serde_json::json!({})));
                if public {
                    continue;
                }
                writes += 1;
                for token in [None, Some("forged")] {
                    let mut request = Request::builder()
                        .method(method.to_uppercase().as_str())
                        .uri(concrete(path))
                        .header(header::CONTENT_TYPE, "application/json")
                        .header(header::COOKIE, &cookie);
                    if let Some(token) = token {
                        request = request.header("x-csrf-token", token);
                    }
                    let (status, _, _) = call(&state, request.body(Body::from("{}")).unwrap()).await;
                    if status != StatusCode::FORBIDDEN {
                        accepted.push(format!("{method} {path} with token {token:?}: {status}"));
                    }
                }
            }
        }
        assert!(writes >= 20, "the OpenAPI document lists only {writes} writes");
        assert!(accepted.is_empty(), "not refused:\n{}", accepted.join("\n"));
    });
}
