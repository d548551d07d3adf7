//! Pages kept rendered and gzipped (`http::remember`), on both backends: a kept page served
//! gzipped decodes to the same bytes as the plain one, with `Vary: Accept-Encoding` and the right
//! `Content-Length`; after a write, both the plain and the compressed bytes are fresh, never
//! stale; one viewer's kept page is never served to another viewer, in another language, or to a
//! session that signed out.

use std::io::Read;

use axum::http::{StatusCode, header};
use serde_json::json;

use crate::support::{Db, Reply, TestApp, on_both_backends};

on_both_backends!(
    a_kept_page_served_gzipped_decodes_to_the_plain_page,
    after_a_write_the_kept_bytes_are_fresh,
    a_kept_page_is_the_viewers_alone,
);

/// `path` as `who`, asking for gzip or not.
async fn view(app: &TestApp, path: &str, who: &str, gzip: bool) -> Reply {
    let request = app.request("GET", path).by(who);
    let request = if gzip { request.header(header::ACCEPT_ENCODING, "gzip, deflate, br") } else { request };
    let reply = request.send().await;
    assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
    let length: usize = reply.headers[header::CONTENT_LENGTH].to_str().unwrap().parse().unwrap();
    assert_eq!(length, reply.bytes.len(), "{path}: Content-Length is the bytes sent");
    let vary =
        reply.headers.get_all(header::VARY).iter().map(|v| v.to_str().unwrap().to_lowercase()).collect::<Vec<_>>();
    assert!(vary.iter().any(|v| v.contains("accept-encoding")), "{path}: Vary {vary:?}");
    let encoded = reply.headers.get(header::CONTENT_ENCODING).map(|v| v.to_str().unwrap().to_string());
    assert_eq!(encoded.as_deref(), gzip.then_some("gzip"), "{path}");
    reply
}

/// The page as the browser shows it: gunzipped when it came gzipped.
fn text(reply: &Reply) -> String {
    if reply.headers.get(header::CONTENT_ENCODING).is_none() {
        return reply.body.clone();
    }
    let mut plain = String::new();
    flate2::read::GzDecoder::new(&reply.bytes[..]).read_to_string(&mut plain).unwrap();
    plain
}

fn a_kept_page_served_gzipped_decodes_to_the_plain_page(db: &Db) {
    let app = TestApp::demo(db).build();
    app.block_on(async {
        let s = app.sindicato();
        for path in [format!("/bodies/{s}"), format!("/bodies/{s}/padron?q=a"), format!("/bodies/{s}/padron?page=2")] {
            // The first view renders and keeps the page; the next ones come from memory.
            let plain = view(&app, &path, "dirigente", false).await;
            let zipped = view(&app, &path, "dirigente", true).await;
            let again = view(&app, &path, "dirigente", true).await;
            assert!(
                zipped.bytes.len() * 2 < plain.bytes.len(),
                "{path}: compressed, {} of {} bytes",
                zipped.bytes.len(),
                plain.bytes.len()
            );
            assert_eq!(text(&zipped), plain.body, "{path}");
            assert_eq!(zipped.bytes, again.bytes, "{path}: compressed once, served as kept");
            assert_eq!(view(&app, &path, "dirigente", false).await.body, plain.body, "{path}");
        }
        assert!(app.state.pages.len() >= 3, "the pages were kept");
    });
}

fn after_a_write_the_kept_bytes_are_fresh(db: &Db) {
    let app = TestApp::demo(db).build();
    app.block_on(async {
        let s = app.sindicato();
        let path = format!("/bodies/{s}");
        let before = text(&view(&app, &path, "admin", true).await);
        assert_eq!(text(&view(&app, &path, "admin", true).await), before);
        assert!(!before.contains("Sindicato Renombrado"));
        let renamed = json!({"name": "Sindicato Renombrado"});
        app.api_ok("PATCH", &format!("/api/v1/bodies/{s}"), "admin", Some(renamed), StatusCode::OK).await;
        // Both encodings show the write at once, though the page was kept just before it.
        let zipped = text(&view(&app, &path, "admin", true).await);
        let plain = view(&app, &path, "admin", false).await.body;
        assert!(zipped.contains("Sindicato Renombrado"), "the gzipped page is stale");
        assert_eq!(zipped, plain);
        // A write that the page does not show also drops it (the rule is the data caches': any
        // write), and the page comes back the same.
        let renamed = json!({"name": "Sindicato Renombrado Otra Vez"});
        app.api_ok("PATCH", &format!("/api/v1/bodies/{s}"), "admin", Some(renamed), StatusCode::OK).await;
        assert!(text(&view(&app, &path, "admin", true).await).contains("Sindicato Renombrado Otra Vez"));
    });
}

fn a_kept_page_is_the_viewers_alone(db: &Db) {
    let app = TestApp::demo(db).build();
    app.block_on(async {
        let s = app.sindicato();
        let path = format!("/bodies/{s}");
        let officer = text(&view(&app, &path, "dirigente", true).await);
        let admin = text(&view(&app, &path, "admin", true).await);
        assert_ne!(officer, admin, "each viewer's chrome (name, form token) is theirs");
        assert!(!admin.contains(app.csrf("dirigente")), "another session's form token is never served");
        assert_eq!(text(&view(&app, &path, "dirigente", true).await), officer);
        // Another language is another page.
        let english =
            app.request("GET", &path).by("dirigente").lang("en").header(header::ACCEPT_ENCODING, "gzip").send().await;
        assert_eq!(english.status, StatusCode::OK);
        assert_ne!(text(&english), officer);
        assert!(text(&english).contains("lang=\"en\""));
        // A session that signs out gets no kept page with its old cookie.
        let session = app.sign_in("hacienda", "cabildo-demo").await;
        let kept = app.request("GET", &path).cookie(&session).header(header::ACCEPT_ENCODING, "gzip").send().await;
        assert_eq!(kept.status, StatusCode::OK);
        let token = text(&kept).split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
        let out = app.request("POST", "/logout").cookie(&session).form(&format!("csrf={token}")).send().await;
        assert_eq!(out.status, StatusCode::SEE_OTHER);
        let after = app.request("GET", &path).cookie(&session).header(header::ACCEPT_ENCODING, "gzip").send().await;
        assert_ne!(after.status, StatusCode::OK, "a signed-out session sees nothing: {}", text(&after));
        assert!(!text(&after).contains(&token));
    });
}
