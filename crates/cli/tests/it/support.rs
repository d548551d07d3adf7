//! Test databases on both backends, and helpers.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

use cabildo_domain::Date;
use cabildo_store::Store;

/// A row read behind the application's back: column name to value as text.
pub type RawRow = BTreeMap<String, String>;

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

    /// Another empty database on the same backend, not migrated at all: for building by hand a
    /// database as an older Cabildo left it.
    pub fn unmigrated_sibling(&self) -> Db {
        match &self.raw {
            Raw::Sqlite(_) => {
                let dir = tempfile::tempdir().expect("temporary directory");
                let path = dir.path().join("old.db").display().to_string();
                let store = Store::open(&path).expect("open sqlite");
                Db { store, location: path.clone(), raw: Raw::Sqlite(path), _dir: Some(dir) }
            }
            Raw::Postgres { admin_url, schema } => {
                let schema = format!("{schema}_old");
                let mut admin = postgres::Client::connect(admin_url, postgres::NoTls).expect("connect");
                admin.batch_execute(&format!("CREATE SCHEMA {schema}")).expect("create schema");
                let separator = if admin_url.contains('?') { '&' } else { '?' };
                let location = format!("{admin_url}{separator}options=-c%20search_path%3D{schema}");
                let store = Store::open(&location).expect("open postgres");
                Db { store, location, raw: Raw::Postgres { admin_url: admin_url.clone(), schema }, _dir: None }
            }
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.raw, Raw::Postgres { .. })
    }

    /// Like [`Db::raw_execute`], but answers the database's refusal instead of failing the test.
    pub fn raw_try(&self, sql: &str) -> Result<(), String> {
        match &self.raw {
            Raw::Sqlite(path) => {
                let conn = rusqlite::Connection::open(path).expect("raw sqlite");
                conn.execute_batch(sql).map_err(|e| e.to_string())
            }
            Raw::Postgres { admin_url, schema } => {
                let mut client = postgres::Client::connect(admin_url, postgres::NoTls).expect("raw postgres");
                client.batch_execute(&format!("SET search_path TO {schema}; {sql}")).map_err(|e| e.to_string())
            }
        }
    }

    /// The first column of every row of a query, as text, behind the application's back.
    pub fn raw_texts(&self, sql: &str) -> Vec<String> {
        match &self.raw {
            Raw::Sqlite(path) => {
                let conn = rusqlite::Connection::open(path).expect("raw sqlite");
                let mut statement = conn.prepare(sql).expect("prepare");
                statement
                    .query_map([], |row| row.get::<_, String>(0))
                    .expect("query")
                    .map(|r| r.expect("row"))
                    .collect()
            }
            Raw::Postgres { admin_url, schema } => {
                let mut client = postgres::Client::connect(admin_url, postgres::NoTls).expect("raw postgres");
                client.batch_execute(&format!("SET search_path TO {schema}")).expect("search path");
                client.query(sql, &[]).expect("query").iter().map(|row| row.get::<_, String>(0)).collect()
            }
        }
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

    /// Every table of the test's database with all its rows (sorted), each value as text, read
    /// behind the application's back, as someone holding the database would. Two readings are
    /// equal when nothing was written in between. Not inside an async runtime (the PostgreSQL
    /// client is synchronous).
    pub fn raw_tables(&self) -> BTreeMap<String, Vec<RawRow>> {
        let mut out = BTreeMap::new();
        if self.location.starts_with("postgres") {
            let mut client = ::postgres::Client::connect(&self.location, ::postgres::NoTls).unwrap();
            let tables: Vec<String> = client
                .query(
                    "SELECT table_name::text FROM information_schema.tables \
                     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
                    &[],
                )
                .unwrap()
                .iter()
                .map(|r| r.get(0))
                .collect();
            assert!(tables.len() > 10, "the test schema is visible: {tables:?}");
            for table in tables {
                let rows = client.query(&format!("SELECT row_to_json(t)::text FROM {table} t"), &[]).unwrap();
                let rows = rows
                    .iter()
                    .map(|r| {
                        let json: serde_json::Value = serde_json::from_str(&r.get::<_, String>(0)).unwrap();
                        json.as_object()
                            .unwrap()
                            .iter()
                            .map(|(k, v)| (k.clone(), v.as_str().map_or_else(|| v.to_string(), str::to_string)))
                            .collect()
                    })
                    .collect();
                let mut rows: Vec<RawRow> = rows;
                rows.sort();
                out.insert(table, rows);
            }
        } else {
            let conn = rusqlite::Connection::open(&self.location).unwrap();
            let mut statement = conn
                .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                .unwrap();
            let tables: Vec<String> = statement.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
            for table in tables {
                let mut statement = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
                let columns: Vec<String> = statement.column_names().map(str::to_string).collect();
                let rows = statement
                    .query_map([], |r| {
                        Ok(columns
                            .iter()
                            .enumerate()
                            .map(|(i, c)| {
                                let value = match r.get::<_, rusqlite::types::Value>(i).unwrap() {
                                    rusqlite::types::Value::Null => "null".to_string(),
                                    rusqlite::types::Value::Integer(n) => n.to_string(),
                                    rusqlite::types::Value::Real(x) => x.to_string(),
                                    rusqlite::types::Value::Text(t) => t,
                                    rusqlite::types::Value::Blob(b) => format!("{b:?}"),
                                };
                                (c.clone(), value)
                            })
                            .collect::<RawRow>())
                    })
                    .unwrap()
                    .map(Result::unwrap)
                    .collect();
                let mut rows: Vec<RawRow> = rows;
                rows.sort();
                out.insert(table, rows);
            }
        }
        out
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

/// The JSON API in process over a test database, as the API tests use it: the demo's tree and
/// accounts plus a sindicato of 150 households, bearer tokens, and calls that check every refusal
/// is served as a problem document.
pub mod api {
    use std::sync::Arc;

    use axum::body::{Body, to_bytes};
    use axum::http::{Request, StatusCode, header};
    use cabildo_demo::DemoConfig;
    use cabildo_domain::access::Role;
    use cabildo_domain::{BodyKind, HouseholdData, ParcelCode, ParcelData, PersonData, PersonName};
    use cabildo_services::access::{PasswordCost, create_api_token, grant};
    use cabildo_services::demo;
    use cabildo_services::registry::{self, BodyForm};
    use cabildo_store::Store;
    use cabildo_web::{AppState, router};
    use serde_json::Value;
    use tower::ServiceExt;

    use super::{Db, op, today};

    pub const SINDICATO: &str = "F1-C01-S99";

    pub struct App {
        pub state: AppState,
        pub sindicato: i64,
        /// Bearer tokens: the secretario de actas of the sindicato, and a dirigente of the federation.
        pub actas: String,
        pub dirigente: String,
    }

    /// The demo's accounts and tree, and a new sindicato of 150 households whose secretario de actas
    /// is `actas`. The synchronous store is set up outside the async runtime.
    pub fn app(db: &Db) -> App {
        demo::seed(&db.store, &DemoConfig { seed: 7, families: Some(200) }, &op(), &|_| {}, true).unwrap();
        demo::ensure_demo_accounts(&db.store, &op(), PasswordCost::TESTS_ONLY).unwrap();
        let form = BodyForm {
            parent: Some("F1-C01".into()),
            kind: BodyKind::Sindicato,
            composition: None,
            name: "Sindicato Asamblea Grande".into(),
            code: Some(SINDICATO.into()),
        };
        let sindicato = registry::create_body(&db.store, &op(), &form).unwrap().id.0;
        for i in 1..=150 {
            let person = PersonData {
                name: PersonName {
                    given_names: format!("Socio {i}"),
                    first_surname: "Mamani".into(),
                    second_surname: None,
                },
                id_number: None,
                phone: None,
            };
            let household = HouseholdData { register_number: Some(i.to_string()), affiliated_on: None };
            let parcel = ParcelData {
                code: ParcelCode::new(&format!("AG-{i}")).unwrap(),
                area: None,
                place: None,
                coordinates: None,
            };
            registry::add_household(&db.store, &op(), SINDICATO, &person, &household, &[parcel]).unwrap();
        }
        grant(&db.store, &op(), "actas", SINDICATO, Role::SecretarioActas).unwrap();
        let mut state = AppState::new(Store::open(&db.location).unwrap());
        state.clock = Arc::new(|| (1_795_000_000, today()));
        state.password_cost = PasswordCost::TESTS_ONLY;
        App {
            state,
            sindicato,
            actas: create_api_token(&db.store, &op(), "actas", "test").unwrap(),
            dirigente: create_api_token(&db.store, &op(), "dirigente", "test").unwrap(),
        }
    }

    /// Status and body (as JSON; `null` when empty or not JSON); problem documents are checked to be
    /// served as such.
    pub async fn call(state: &AppState, request: Request<Body>) -> (StatusCode, Value) {
        let response = router(state.clone()).oneshot(request).await.unwrap();
        let status = response.status();
        let content_type = response.headers().get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap().to_string());
        let body = to_bytes(response.into_body(), 10 << 20).await.unwrap();
        let value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        if status.is_client_error() || status.is_server_error() {
            assert_eq!(content_type.as_deref(), Some("application/problem+json"), "{status}: {value}");
            assert_eq!(value["status"], status.as_u16(), "{value}");
        }
        (status, value)
    }

    pub fn request(
        method: &str,
        path: &str,
        token: Option<&str>,
        lang: Option<&str>,
        body: Option<&Value>,
    ) -> Request<Body> {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        if let Some(lang) = lang {
            request = request.header(header::ACCEPT_LANGUAGE, lang);
        }
        match body {
            Some(body) => {
                request.header(header::CONTENT_TYPE, "application/json").body(Body::from(body.to_string())).unwrap()
            }
            None => request.body(Body::empty()).unwrap(),
        }
    }

    impl App {
        pub async fn get(&self, path: &str) -> (StatusCode, Value) {
            call(&self.state, request("GET", path, Some(&self.actas), None, None)).await
        }

        pub async fn send(&self, method: &str, path: &str, body: Value) -> (StatusCode, Value) {
            call(&self.state, request(method, path, Some(&self.actas), None, Some(&body))).await
        }

        pub async fn post(&self, path: &str) -> (StatusCode, Value) {
            call(&self.state, request("POST", path, Some(&self.actas), None, None)).await
        }

        /// Sends and expects `status`; returns the answer.
        pub async fn ok(&self, method: &str, path: &str, body: Option<Value>, status: StatusCode) -> Value {
            let (got, value) = match body {
                Some(body) => self.send(method, path, body).await,
                None => call(&self.state, request(method, path, Some(&self.actas), None, None)).await,
            };
            assert_eq!(got, status, "{method} {path}: {value}");
            value
        }
    }
}
