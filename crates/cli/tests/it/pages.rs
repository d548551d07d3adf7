//! Rendered pages against committed snapshots, on both backends (the same snapshot for both): the
//! sign-in page, a sindicato's page, its padrón and an assembly's page, each as its users see it,
//! with what differs from one run to the next replaced by a placeholder (the CSRF tokens of the
//! forms, and today's date).
//!
//! The snapshots are `tests/it/snapshots/it__pages__*.snap` (insta). A page that differs fails
//! its test with a line diff (and, outside CI, leaves the new page beside the old as
//! `….snap.new`). When a page changes on purpose, rewrite them with
//! `INSTA_UPDATE=always cargo test -p cabildo --test it pages` (or `cargo insta review`), read the
//! diff and commit them.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::{Db, TestApp, Who, on_both_backends, today};

on_both_backends!(the_main_pages_render_as_their_snapshots);

/// The page with its volatile parts replaced: every form's CSRF token (a session's, or a
/// visitor's double-submit token), and today's date.
fn redact(page: &str) -> String {
    let field = "name=\"csrf\" value=\"";
    let mut out = String::with_capacity(page.len());
    let mut rest = page;
    while let Some(at) = rest.find(field) {
        let (before, after) = rest.split_at(at + field.len());
        out.push_str(before);
        out.push_str("[csrf]");
        rest = &after[after.find('"').unwrap()..];
    }
    out.push_str(rest);
    out.replace(&today().format("%d/%m/%Y").to_string(), "[today]")
        .replace(&today().format("%Y-%m-%d").to_string(), "[today]")
}

fn the_main_pages_render_as_their_snapshots(db: &Db) {
    let app = TestApp::demo(db).families(300).build();
    let s = app.sindicato();
    app.block_on(async {
        let convocatoria = json!({
            "kind": "ordinaria",
            "title": "Asamblea ordinaria de noviembre",
            "scheduled_for": "2026-11-30T09:00",
            "place": "Sede del sindicato",
            "agenda": ["Informe del dirigente", "Camino vecinal"]
        });
        let path = format!("/api/v1/bodies/{s}/assemblies");
        let assembly = app.api_ok("POST", &path, "actas", Some(convocatoria), StatusCode::CREATED).await;
        let a = assembly["id"].as_i64().unwrap();

        for (name, path, who) in [
            ("login", "/login".to_string(), Who::Anonymous),
            ("sindicato", format!("/bodies/{s}"), Who::User("actas")),
            ("padron", format!("/bodies/{s}/padron"), Who::User("actas")),
            ("assembly", format!("/assemblies/{a}"), Who::User("actas")),
        ] {
            let page = app.get(&path, who).await;
            assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
            assert!(page.body.contains("name=\"csrf\""), "{path} has a form whose token is redacted");
            insta::assert_snapshot!(name, redact(&page.body));
        }
    });
}
