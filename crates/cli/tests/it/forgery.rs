//! Cross-site request forgery, attempted on every route that changes something: each form the
//! pages post, and each write of the API. The routes are read from the web crate itself (its
//! source for the pages, its OpenAPI document for the API), so a route added later is attacked
//! too.

use axum::http::{StatusCode, header};

use crate::support::{Db, Reply, Req, TestApp, Who};

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
        .replace("{number}", "1")
        .replace("{username}", "juana")
        .replace("{family}", "1")
        .replace("{transfer}", "0190f2a4-7b3c-7d2e-8f00-1a2b3c4d5e6f")
}

fn form_post<'a>(app: &'a TestApp, path: &str, cookie: &str, form: &str) -> Req<'a> {
    app.request("POST", path).cookie(cookie).form(form)
}

fn multipart_post<'a>(app: &'a TestApp, path: &str, cookie: &str, csrf: Option<&str>) -> Req<'a> {
    let boundary = "cabildo-forgery";
    let mut body = String::new();
    if let Some(csrf) = csrf {
        body.push_str(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n"));
    }
    body.push_str(&format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.csv\"\r\n\r\nSocio;Lote\r\nAna Rojas;Q-5\r\n--{boundary}--\r\n"
    ));
    app.request("POST", path).cookie(cookie).body(&format!("multipart/form-data; boundary={boundary}"), body)
}

#[test]
fn every_form_refuses_a_missing_or_forged_token_and_other_sites() {
    let db = Db::sqlite();
    let app = TestApp::demo(&db).seed(3).families(60).build();
    let routes = page_post_routes();
    assert!(routes.len() >= 25, "the route reader found too few routes: {routes:?}");
    app.block_on(async {
        let (cookie, token) = (app.cookie("admin"), app.csrf("admin"));
        // A visitor without a session has a form token of their own.
        let headers = app.get("/login", Who::Anonymous).await.headers;
        let visitor = headers.get(header::SET_COOKIE).unwrap().to_str().unwrap().split(';').next().unwrap().to_string();
        let mut accepted = Vec::new();
        for route in &routes {
            let path = concrete(route);
            // Uploads (a padrón, payments, an expense's document) are multipart forms.
            let attempts: Vec<(&str, Req)> = if route.ends_with("/import") || route.ends_with("/document") {
                vec![
                    ("no token", multipart_post(&app, &path, cookie, None)),
                    ("a forged token", multipart_post(&app, &path, cookie, Some("forged"))),
                    ("a visitor's token", multipart_post(&app, &path, &visitor, Some("forged"))),
                ]
            } else {
                let cross = app
                    .request("POST", &path)
                    .cookie(cookie)
                    .header("sec-fetch-site", "cross-site")
                    .form(&format!("csrf={token}"));
                vec![
                    ("no token", form_post(&app, &path, cookie, "x=1")),
                    ("a forged token", form_post(&app, &path, cookie, "csrf=forged")),
                    ("an empty token", form_post(&app, &path, cookie, "csrf=")),
                    ("another site", cross),
                    ("a visitor without a token", form_post(&app, &path, &visitor, "x=1")),
                    ("a visitor's forged token", form_post(&app, &path, &visitor, "csrf=forged")),
                ]
            };
            for (what, request) in attempts {
                let Reply { status, body, .. } = request.send().await;
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
    let app = TestApp::demo(&db).seed(3).families(60).build();
    app.block_on(async {
        let cookie = app.cookie("admin");
        let document = app.get("/api/v1/openapi.json", Who::Anonymous).await.body;
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
                    let mut request = app.request(&method.to_uppercase(), &concrete(path)).cookie(cookie);
                    if let Some(token) = token {
                        request = request.header("x-csrf-token", token);
                    }
                    let status = request.body("application/json", "{}").send().await.status;
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
