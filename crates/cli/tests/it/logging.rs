//! The request log: every refused request leaves one line with its method, path, status and code
//! (LOGGING.md), and none carries the query string, where a search may hold a person's name.

use std::sync::{Arc, Mutex};

use axum::http::StatusCode;

use crate::support::{Db, TestApp, Who};

/// A writer that keeps what the log writes, for the test to read.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn every_refused_request_is_logged_with_its_fields_and_without_its_query() {
    let db = Db::sqlite();
    let app = TestApp::empty(&db).build();
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .finish();
    // One thread: the middleware that logs runs on the thread that holds the subscriber (not on the
    // app's own runtime, whose workers do not hold it).
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    tracing::subscriber::with_default(subscriber, || {
        // Other tests, on other threads, may have hit the log's callsites before this subscriber
        // existed, and tracing caches each callsite's interest process-wide: a callsite first seen
        // with no subscriber anywhere is cached as never logged. Ask again, now that this one is in.
        tracing_core::callsite::rebuild_interest_cache();
        runtime.block_on(async {
            let status = app.get("/no/such/page?q=Juana+Mamani", Who::Anonymous).await.status;
            assert_eq!(status, StatusCode::NOT_FOUND);
            let status = app.get("/api/v1/bodies/1", Who::Anonymous).await.status;
            assert!(status.is_client_error(), "{status}");
            // The phone vote, routed ahead of the layers, logs its refusals itself.
            let vote = serde_json::json!({"ticket": "K7QX-3M9A-PT2C", "option": "for"});
            let status = app.request("POST", "/api/v1/motions/999999999/phone-votes").json(&vote).send().await.status;
            assert_eq!(status, StatusCode::NOT_FOUND);
        });
    });
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<&str> = log.lines().filter(|l| l.contains("request refused")).collect();
    assert_eq!(lines.len(), 3, "{log}");
    for field in ["http.method=GET", "http.path=/no/such/page", "http.status=404", "error.code=\"not_found\""] {
        assert!(lines[0].contains(field), "{field} in {}", lines[0]);
    }
    assert!(lines[1].contains("http.path=/api/v1/bodies/1"), "{}", lines[1]);
    for field in
        ["http.method=POST", "http.path=/api/v1/motions/999999999/phone-votes", "error.code=\"unknown_motion\""]
    {
        assert!(lines[2].contains(field), "{field} in {}", lines[2]);
    }
    assert!(!log.contains("Juana") && !log.contains("Mamani"), "the query string stays out of the log: {log}");
}
