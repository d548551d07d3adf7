//! The checkers people use, on every main page of `support::pages::MAIN_PAGES` as each of its
//! viewers sees it:
//!
//! - **No raw codes, no untranslated ids**, in Spanish and in English: the visible text (and what a
//!   screen reader reads: `aria-label`, `title`, `placeholder`, `alt`) has no snake_case word
//!   (`secretario_actas`, `half_plus_one`), no message id of the catalogues (`asm-quorum`), no
//!   Fluent variable left unresolved (`{ $count }`).
//! - **The Nu HTML checker** (`vnu.jar`, the W3C's validator, npm package `vnu-jar`), when
//!   `CABILDO_VNU_JAR` names it (`.ci/run` fetches it and sets it): every error fails, warnings are
//!   listed. Without it the check is skipped with a note, unless `CABILDO_REQUIRE_BROWSER=1` (CI),
//!   where it fails.
//!
//! axe-core and the width at 360 px run in Chromium: `browser_checks.rs`.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

use axum::http::StatusCode;
use cabildo_i18n::Lang;

use crate::support::pages::Places;
use crate::support::{Db, TestApp, Who, on_both_backends};

on_both_backends!(no_page_shows_a_raw_code_or_an_untranslated_id_in_either_language);

/// The text a person sees or hears on a page: text outside tags (not in `<script>`, `<style>`,
/// `<code>`, which holds hashes and codes shown as codes on purpose), and the attributes read
/// aloud.
pub fn visible_text(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    let mut skip_until: Option<&str> = None;
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        if skip_until.is_none() && !text.trim().is_empty() {
            out.push(decode(text));
        }
        let Some(close) = rest[open..].find('>') else { break };
        let tag = &rest[open + 1..open + close];
        rest = &rest[open + close + 1..];
        let name: String = tag.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        let name = name.to_ascii_lowercase();
        if let Some(end) = skip_until {
            if tag.starts_with('/') && name == end {
                skip_until = None;
            }
            continue;
        }
        if !tag.starts_with('/') && matches!(name.as_str(), "script" | "style" | "code" | "title") {
            // The <title> is read too, but it repeats the h1 with " · Cabildo"; it is checked below.
            if name == "title"
                && let Some(end) = rest.find("</title>")
            {
                out.push(decode(&rest[..end]));
            }
            skip_until = Some(match name.as_str() {
                "script" => "script",
                "style" => "style",
                "code" => "code",
                _ => "title",
            });
            continue;
        }
        for attribute in ["aria-label", "title", "placeholder", "alt"] {
            let marker = format!("{attribute}=\"");
            if let Some(at) = tag.find(&marker) {
                let value = &tag[at + marker.len()..];
                out.push(decode(value.split('"').next().unwrap_or("")));
            }
        }
    }
    if skip_until.is_none() && !rest.trim().is_empty() {
        out.push(decode(rest));
    }
    out
}

fn decode(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// What is wrong with a page's visible text: raw snake_case codes, message ids, Fluent variables.
pub fn raw_codes(html: &str, ids: &BTreeSet<String>) -> Vec<String> {
    let mut found = Vec::new();
    for text in visible_text(html) {
        if text.contains("{ $") || text.contains("{$") {
            found.push(format!("unresolved variable in {text:?}"));
        }
        for word in
            text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '«' | '»' | '"' | ':' | '·'))
        {
            let word = word.trim_matches(|c: char| matches!(c, '.' | '!' | '?' | '¿' | '¡' | '\''));
            let snake = word.contains('_')
                && word.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                && word.chars().any(|c| c.is_ascii_lowercase());
            if snake {
                found.push(format!("raw code {word:?} in {text:?}"));
            } else if ids.contains(word) {
                found.push(format!("message id {word:?} in {text:?}"));
            }
        }
    }
    found
}

fn no_page_shows_a_raw_code_or_an_untranslated_id_in_either_language(db: &Db) {
    let app = TestApp::demo(db).families(300).build();
    let places = Places::make(&app);
    // Ids with a hyphen: one-word ids ("required", "cycle") are also words of English.
    let ids: BTreeSet<String> =
        Lang::ALL.into_iter().flat_map(cabildo_i18n::message_ids).filter(|id| id.contains('-')).collect();
    let mut problems = Vec::new();
    app.block_on(async {
        for (name, path, viewer) in places.visits() {
            for lang in ["es", "en"] {
                let who = viewer.map_or(Who::Anonymous, Who::User);
                let reply = app.request("GET", &path).by(who).lang(lang).send().await;
                let expected = if name == "not found" { StatusCode::NOT_FOUND } else { StatusCode::OK };
                assert_eq!(reply.status, expected, "{name} ({path}) as {viewer:?}: {}", reply.body);
                assert!(reply.body.contains(&format!("<html lang=\"{lang}\"")), "{name} is in {lang}");
                for problem in raw_codes(&reply.body, &ids) {
                    problems.push(format!("{name} ({path}) as {viewer:?} in {lang}: {problem}"));
                }
            }
        }
    });
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn the_scanner_finds_raw_codes_ids_and_variables_but_not_codes_shown_as_code() {
    let ids: BTreeSet<String> = ["asm-quorum".to_string()].into();
    let page = "<p>Firma: secretario_actas</p><p title=\"half_plus_one\">x</p><p>asm-quorum</p>\
                <p>{ $count } filas</p><code>a_b_c</code><script>let a_b = 1;</script><p>F1-C01-S01 · Juana</p>";
    let found = raw_codes(page, &ids);
    assert_eq!(found.len(), 4, "{found:?}");
    assert!(found[0].contains("secretario_actas") && found[1].contains("half_plus_one"), "{found:?}");
    assert!(found[2].contains("asm-quorum") && found[3].contains("unresolved"), "{found:?}");
}

// --- the Nu HTML checker -------------------------------------------------------------------------

/// Where vnu.jar is, if the checkers were fetched (`.ci/run`: `CABILDO_VNU_JAR`).
fn vnu_jar() -> Option<PathBuf> {
    let jar = std::env::var_os("CABILDO_VNU_JAR").map(PathBuf::from).filter(|p| p.exists());
    if jar.is_none() {
        let required = std::env::var("CABILDO_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
        assert!(
            !required,
            "CABILDO_REQUIRE_BROWSER=1 but CABILDO_VNU_JAR does not name vnu.jar: the Nu HTML checker must run \
             (.ci/run fetches it with npm into target/checkers)"
        );
        eprintln!("skipping the Nu HTML checker: set CABILDO_VNU_JAR to vnu.jar (npm package vnu-jar; see .ci/run)");
    }
    jar
}

#[test]
fn every_main_page_passes_the_nu_html_checker() {
    let Some(jar) = vnu_jar() else { return };
    let db = Db::sqlite();
    let app = TestApp::demo(&db).families(300).build();
    let places = Places::make(&app);
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    app.block_on(async {
        for (i, (name, path, viewer)) in places.visits().into_iter().enumerate() {
            let who = viewer.map_or(Who::Anonymous, Who::User);
            let reply = app.request("GET", &path).by(who).send().await;
            let file = dir.path().join(format!("{i:02}.html"));
            std::fs::write(&file, &reply.body).unwrap();
            files.push((file, format!("{name} ({path}) as {viewer:?}")));
        }
    });
    let output = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--format", "json", "--exit-zero-always"])
        .args(files.iter().map(|(file, _)| file))
        .output()
        .expect("run java -jar vnu.jar");
    let report: serde_json::Value = serde_json::from_slice(&output.stderr)
        .unwrap_or_else(|e| panic!("vnu.jar said no JSON ({e}): {}", String::from_utf8_lossy(&output.stderr)));
    let page_of = |url: &str| {
        files
            .iter()
            .find(|(file, _)| url.ends_with(&*file.to_string_lossy()))
            .map_or(url.to_string(), |(_, n)| n.clone())
    };
    let mut errors = Vec::new();
    for message in report["messages"].as_array().into_iter().flatten() {
        let url = message["url"].as_str().unwrap_or("");
        let text = format!(
            "{}: line {}: {} «{}»",
            page_of(url),
            message["lastLine"],
            message["message"].as_str().unwrap_or(""),
            message["extract"].as_str().unwrap_or("").trim()
        );
        match message["type"].as_str() {
            Some("error") | Some("non-document-error") => errors.push(text),
            _ => eprintln!("Nu HTML checker warning: {text}"),
        }
    }
    assert!(errors.is_empty(), "the Nu HTML checker found {} errors:\n{}", errors.len(), errors.join("\n"));
    eprintln!("Nu HTML checker: {} pages without errors", files.len());
}
