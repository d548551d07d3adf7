//! Test databases on both backends, and helpers.

use std::sync::atomic::{AtomicU64, Ordering};

use cabildo_domain::Date;
use cabildo_store::Store;

/// A fresh, migrated database that disappears with the test.
pub struct Db {
    pub store: Store,
    /// What `--db` takes to reach the same database.
    pub location: String,
    raw: Raw,
    _dir: Option<tempfile::TempDir>,
}

enum Raw {
    Sqlite(String),
    Postgres { admin_url: String, schema: String },
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

pub fn today() -> Date {
    Date::from_ymd_opt(2026, 11, 23).unwrap_or_default()
}

/// The operator (the command line's actor) acting today.
pub fn op() -> cabildo_services::Ctx {
    cabildo_services::Ctx::operator(1_795_000_000, today())
}

/// The operator acting on `day`.
pub fn at(day: Date) -> cabildo_services::Ctx {
    cabildo_services::Ctx::operator(1_795_000_000, day)
}

pub fn date(y: i32, m: u32, d: u32) -> Date {
    Date::from_ymd_opt(y, m, d).unwrap_or_default()
}

impl Db {
    pub fn sqlite() -> Db {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("cabildo.db").display().to_string();
        let store = Store::open(&path).expect("open sqlite");
        store.migrate().expect("migrate sqlite");
        Db { store, location: path.clone(), raw: Raw::Sqlite(path), _dir: Some(dir) }
    }

    /// A fresh schema in the test server; `None` (skip) when no server is configured and CI
    /// does not require one.
    pub fn postgres() -> Option<Db> {
        let Ok(url) = std::env::var("CABILDO_TEST_POSTGRES_URL") else {
            if std::env::var("CABILDO_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
                panic!(
                    "CABILDO_REQUIRE_POSTGRES=1 but CABILDO_TEST_POSTGRES_URL is not set: the PostgreSQL suite must run"
                );
            }
            eprintln!("skipping: set CABILDO_TEST_POSTGRES_URL to run the PostgreSQL store tests");
            return None;
        };
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
        let schema = format!("t_{}_{}_{}", std::process::id(), n, nanos);
        let mut admin = postgres::Client::connect(&url, postgres::NoTls).expect("connect to the test PostgreSQL");
        admin.batch_execute(&format!("CREATE SCHEMA {schema}")).expect("create schema");
        let separator = if url.contains('?') { '&' } else { '?' };
        let location = format!("{url}{separator}options=-c%20search_path%3D{schema}");
        let store = Store::open(&location).expect("open postgres");
        store.migrate().expect("migrate postgres");
        Some(Db { store, location, raw: Raw::Postgres { admin_url: url, schema }, _dir: None })
    }

    /// Runs SQL behind the application's back (as someone with access to the database would).
    pub fn raw_execute(&self, sql: &str) {
        match &self.raw {
            Raw::Sqlite(path) => {
                let conn = rusqlite::Connection::open(path).expect("raw sqlite");
                conn.execute_batch(sql).expect("raw sql");
            }
            Raw::Postgres { admin_url, schema } => {
                let mut client = postgres::Client::connect(admin_url, postgres::NoTls).expect("raw postgres");
                client.batch_execute(&format!("SET search_path TO {schema}; {sql}")).expect("raw sql");
            }
        }
    }

    /// Counts rows of a table behind the application's back.
    pub fn raw_count(&self, table: &str) -> i64 {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        match &self.raw {
            Raw::Sqlite(path) => {
                let conn = rusqlite::Connection::open(path).expect("raw sqlite");
                conn.query_row(&sql, [], |row| row.get(0)).expect("count")
            }
            Raw::Postgres { admin_url, schema } => {
                let mut client = postgres::Client::connect(admin_url, postgres::NoTls).expect("raw postgres");
                client.batch_execute(&format!("SET search_path TO {schema}")).expect("search path");
                client.query_one(&sql, &[]).expect("count").get(0)
            }
        }
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        if let Raw::Postgres { admin_url, schema } = &self.raw
            && let Ok(mut client) = postgres::Client::connect(admin_url, postgres::NoTls)
        {
            drop(client.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE")));
        }
    }
}

/// Declares each listed test function (taking `&Db`) twice: `sqlite::name` and `postgres::name`.
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $name() {
                    let db = $crate::support::Db::sqlite();
                    super::$name(&db);
                }
            )*
        }
        mod postgres {
            $(
                #[test]
                fn $name() {
                    if let Some(db) = $crate::support::Db::postgres() {
                        super::$name(&db);
                    }
                }
            )*
        }
    };
}
pub(crate) use on_both_backends;

/// The web application over a test database, with a fixed clock and cheap password hashing.
pub fn app_state(db: &Db) -> cabildo_web::AppState {
    use std::sync::Arc;
    cabildo_web::AppState {
        store: Arc::new(Store::open(&db.location).expect("open the test database")),
        clock: Arc::new(|| (1_795_000_000, today())),
        limiter: Arc::new(cabildo_services::access::RateLimiter::new(10, 300)),
        password_cost: cabildo_services::access::PasswordCost::TESTS_ONLY,
        secure_cookies: false,
        sessions: Arc::default(),
        workers: Arc::new(tokio::sync::Semaphore::new(cabildo_web::WORKERS)),
        phones: Arc::default(),
    }
}

/// A runtime for one test. The synchronous store must be used outside it (as the server does,
/// through `spawn_blocking`).
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("a tokio runtime")
}

/// Sends a request to the application in process: status, headers and body as text.
pub async fn call(
    state: &cabildo_web::AppState,
    request: axum::http::Request<axum::body::Body>,
) -> (axum::http::StatusCode, axum::http::HeaderMap, String) {
    use tower::ServiceExt;
    let response = cabildo_web::router(state.clone()).oneshot(request).await.expect("the router answers");
    let status = response.status();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), 10 << 20).await.expect("a body");
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

/// A GET request, with a cookie when given.
pub fn get(path: &str, cookie: Option<&str>) -> axum::http::Request<axum::body::Body> {
    let mut request = axum::http::Request::get(path);
    if let Some(cookie) = cookie {
        request = request.header(axum::http::header::COOKIE, cookie);
    }
    request.body(axum::body::Body::empty()).expect("a request")
}

/// Opens every path of `table` as every viewer — anonymous first, then each signed-in `cookies`
/// entry in order — and returns each answer that differs from the table's status.
pub async fn mismatches(
    state: &cabildo_web::AppState,
    cookies: &[(&str, String)],
    table: &[(String, [u16; 7])],
) -> Vec<String> {
    let viewers: Vec<(&str, Option<&str>)> =
        std::iter::once(("anonymous", None)).chain(cookies.iter().map(|(u, c)| (*u, Some(c.as_str())))).collect();
    let mut wrong = Vec::new();
    for (path, expected) in table {
        for ((who, cookie), want) in viewers.iter().zip(expected) {
            let (status, _, body) = call(state, get(path, *cookie)).await;
            if status.as_u16() != *want {
                wrong.push(format!("{path} as {who}: {status}, expected {want}"));
            }
            assert!(!body.contains("panicked"), "{path}: {body}");
        }
    }
    wrong
}

/// A form posted by a visitor without a session, as a browser would send it: the visitor first
/// opens `path` (which gives them a form token in a cookie), then posts `form` with that token.
pub async fn visitor_post(
    state: &cabildo_web::AppState,
    path: &str,
    form: &str,
) -> axum::http::Request<axum::body::Body> {
    use axum::http::header;
    let (_, headers, _) = call(state, get(path, None)).await;
    let cookie = headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("cabildo_form="))
        .map(|v| v.split(';').next().unwrap_or_default().to_string())
        .expect("the page gives a form token");
    let token = cookie.trim_start_matches("cabildo_form=").to_string();
    axum::http::Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie)
        .body(axum::body::Body::from(format!("{form}&csrf={token}")))
        .expect("a request")
}

/// Signs in through the sign-in form; the session cookie (`cabildo_session=…`).
pub async fn sign_in(state: &cabildo_web::AppState, username: &str, password: &str) -> String {
    let request = visitor_post(state, "/login", &format!("username={username}&password={password}")).await;
    let (status, headers, body) = call(state, request).await;
    assert_eq!(status, axum::http::StatusCode::SEE_OTHER, "{username} could not sign in: {body}");
    let cookie = headers
        .get_all(axum::http::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("cabildo_session="))
        .expect("a session cookie");
    cookie.split(';').next().unwrap_or_default().to_string()
}
