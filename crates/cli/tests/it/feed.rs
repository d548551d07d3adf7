//! A body's Atom feed of convocatorias, read back by an Atom parser (`atom_syndication`) as a
//! feed reader would: it parses, says where it lives (`rel="self"`), every link is absolute, and
//! every entry links to a page that names it.

use atom_syndication::Feed;
use axum::http::{StatusCode, header};

use crate::support::pages::Places;
use crate::support::{Db, TestApp, Who, on_both_backends};

on_both_backends!(the_atom_feed_is_valid_atom_with_absolute_links_and_a_link_per_entry);

fn the_atom_feed_is_valid_atom_with_absolute_links_and_a_link_per_entry(db: &Db) {
    let mut app = TestApp::demo(db).families(100).build();
    // The test app has a public URL; this test starts without one.
    app.state.configure().expect("no request yet").public_url = None;
    let places = Places::make(&app);
    let path = format!("/bodies/{}/assemblies.atom", places.code);
    app.block_on(async {
        // Without --public-url: the scheme and the Host the request came to.
        let reply = app.request("GET", &path).header(header::HOST, "cabildo.example:8080").send().await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert!(reply.content_type().starts_with("application/atom+xml"), "{}", reply.content_type());
        let feed: Feed = reply.body.parse().unwrap_or_else(|e| panic!("not Atom ({e}): {}", reply.body));
        let base = "http://cabildo.example:8080";
        let this = feed.links().iter().find(|l| l.rel() == "self").expect("a rel=self link");
        assert_eq!(this.href(), format!("{base}{path}"));
        assert_eq!(this.mime_type(), Some("application/atom+xml"));
        let public = format!("{base}/p/{}", places.code);
        assert!(feed.links().iter().any(|l| l.rel() == "alternate" && l.href() == public), "{:?}", feed.links());
        assert_eq!(feed.entries().len(), 4, "both convocatorias, the open consulta, the petition: {}", reply.body);
        for entry in feed.entries() {
            let link = entry.links().first().unwrap_or_else(|| panic!("entry {} has no link", entry.id()));
            let anchors = ["assembly", "consulta", "petition"].map(|what| format!("{public}#{what}-"));
            assert!(anchors.iter().any(|a| link.href().starts_with(a)), "{}", link.href());
            // The link leads to the public page, and the page holds the entry it points at.
            let anchor = link.href().rsplit('#').next().unwrap().to_string();
            let page = app.get(&format!("/p/{}", places.code), Who::Anonymous).await;
            assert!(page.body.contains(&format!("id=\"{anchor}\"")), "{anchor} on the public page");
            assert!(page.body.contains(entry.title().as_str()), "{} on the public page", entry.title().as_str());
        }
        // Every href and the id of each entry: absolute or a URN, never a bare path.
        for href in reply.body.split("href=\"").skip(1).map(|s| s.split('"').next().unwrap_or("")) {
            assert!(href.starts_with(base), "{href} is absolute");
        }
        // A hostile Host header cannot inject markup: the links fall back to a plain host.
        let reply = app.request("GET", &path).header(header::HOST, "x\"><script>").send().await;
        let feed: Feed = reply.body.parse().unwrap_or_else(|e| panic!("not Atom ({e}): {}", reply.body));
        assert!(feed.links().iter().all(|l| l.href().starts_with("http://localhost/")), "{:?}", feed.links());
    });
    // With --public-url, that address, whatever the Host.
    let state = app.state.with(|s| s.public_url = Some("https://cabildo.ejemplo.bo".into()));
    let router = cabildo_web::router(state);
    app.block_on(async {
        use tower::ServiceExt;
        let request = axum::http::Request::get(&path)
            .header(header::HOST, "elsewhere.example")
            .body(axum::body::Body::empty())
            .unwrap();
        let response = router.oneshot(request).await.unwrap();
        let body = axum::body::to_bytes(response.into_body(), 1 << 20).await.unwrap();
        let feed: Feed = std::str::from_utf8(&body).unwrap().parse().unwrap();
        let this = feed.links().iter().find(|l| l.rel() == "self").unwrap();
        assert_eq!(this.href(), format!("https://cabildo.ejemplo.bo{path}"));
    });
}
