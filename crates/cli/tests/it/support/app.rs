//! The web application in process over a test database: [`TestApp`], made by a builder.
//!
//! ```text
//! let app = TestApp::demo(&db).families(600).with_user("juana", Role::SecretarioActas, "F1-C01-S01").build();
//! app.block_on(async {
//!     let page = app.get("/bodies", "juana").await;
//!     let saved = app.post_form(&format!("/bodies/{}/edit", app.sindicato()), "actas", "body_name=Otro").await;
//!     let (status, json) = app.api("GET", "/api/v1/bodies", "dirigente", None).await;
//! });
//! ```
//!
//! The store is synchronous: the builder sets everything up outside any async runtime, then
//! signs every account in through the sign-in form on the app's own runtime. Tests run their
//! requests with [`TestApp::block_on`] and read the database between two `block_on`s (the
//! PostgreSQL client cannot run inside a runtime).

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use cabildo_demo::DemoConfig;
use cabildo_domain::access::Role;
use cabildo_domain::{BodyId, BodyKind, Date, HouseholdData, PersonData, PersonName};
use cabildo_services::access::{PasswordCost, RateLimiter, create_account, create_api_token, grant};
use cabildo_services::registry::{self, BodyForm};
use cabildo_services::{Ctx, demo};
use cabildo_store::Store;
use cabildo_web::AppState;
use serde_json::Value;

/// The address the test application says it is reached at (`--public-url`).
pub const PUBLIC_URL: &str = "https://cabildo.example";

use super::http::{Reply, Req, Who};
use super::{Db, NOW, today};

/// The password of every account of a test app (the demo's).
pub const PASSWORD: &str = demo::DEMO_PASSWORD;

/// The demo's well-known places.
const SINDICATO: &str = "F1-C01-S01";
const OTHER_SINDICATO: &str = "F2-C01-S01";

/// A signed-in account: its session cookie (`cabildo_session=…`) and the CSRF token its pages
/// carry.
struct Session {
    cookie: String,
    csrf: String,
}

/// The application over a test database, with a clock the test sets and cheap password hashing;
/// every account signed in and holding an API token.
pub struct TestApp {
    pub state: AppState,
    clock: Arc<Mutex<(i64, Date)>>,
    /// Signed-in accounts, in the order they were made: the demo's (`demo::DEMO_ACCOUNTS`), then
    /// those of `with_user`.
    sessions: Vec<(String, Session)>,
    tokens: BTreeMap<String, String>,
    /// Body ids by code: the demo's sindicatos, and those the builder made.
    bodies: BTreeMap<String, i64>,
    household: Option<i64>,
    office: Option<i64>,
    // Last: the runtime goes after the state (whose vote box joins its thread on drop).
    runtime: tokio::runtime::Runtime,
}

/// The sindicato the assembly tests convene (see [`TestApp::assembly_sindicato`]).
pub const ASSEMBLY_SINDICATO: &str = "F1-C01-S99";

/// What a [`TestApp`] starts with.
pub struct Builder<'a> {
    db: &'a Db,
    demo: Option<DemoConfig>,
    demo_accounts: bool,
    /// Bodies made before the sindicatos: parent code, kind, code, name.
    bodies: Vec<(String, BodyKind, String, String)>,
    sindicatos: Vec<(String, String, String, u32)>,
    users: Vec<(String, Role, String)>,
    /// Accounts made the holders of an office: username, body code, office.
    offices: Vec<(String, String, String)>,
    clock: (i64, Date),
    /// Read replicas of the app's store (PostgreSQL) and their allowed lag.
    replicas: Option<(Vec<String>, std::time::Duration)>,
}

impl TestApp {
    /// The demo (seed 7, 600 families) with its accounts.
    pub fn demo(db: &Db) -> Builder<'_> {
        Builder {
            db,
            demo: Some(DemoConfig { seed: 7, families: Some(600) }),
            demo_accounts: true,
            bodies: Vec::new(),
            sindicatos: Vec::new(),
            users: Vec::new(),
            offices: Vec::new(),
            clock: (NOW, today()),
            replicas: None,
        }
    }

    /// The demo (200 families) with its accounts, and a new sindicato [`ASSEMBLY_SINDICATO`] of 150
    /// households under F1-C01 whose secretario de actas is `actas`: an assembly whose numbers the
    /// tests know.
    pub fn assembly_sindicato(db: &Db) -> TestApp {
        TestApp::demo(db)
            .families(200)
            .with_sindicato("F1-C01", ASSEMBLY_SINDICATO, "Sindicato Asamblea Grande", 150)
            .with_user("actas", Role::SecretarioActas, ASSEMBLY_SINDICATO)
            .with_office("actas", ASSEMBLY_SINDICATO, "Secretario de Actas")
            .build()
    }

    /// An empty register without accounts.
    pub fn empty(db: &Db) -> Builder<'_> {
        Builder { demo: None, demo_accounts: false, ..TestApp::demo(db) }
    }

    /// Runs `future` on the app's runtime.
    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// Sets the app's clock: Unix seconds and the calendar day.
    pub fn set_clock(&self, now: i64, today: Date) {
        *self.clock.lock().unwrap() = (now, today);
    }

    /// The demo's sindicato F1-C01-S01, where `actas`, `hacienda` and `afiliado` hold their roles.
    pub fn sindicato(&self) -> i64 {
        self.body(SINDICATO)
    }

    /// A sindicato of another federation (F2-C01-S01), out of reach of those of F1.
    pub fn other_sindicato(&self) -> i64 {
        self.body(OTHER_SINDICATO)
    }

    /// The first household of the padrón of F1-C01-S01.
    pub fn household(&self) -> i64 {
        self.household.expect("a demo household")
    }

    /// A current office of F1-C01-S01's directiva.
    pub fn office(&self) -> i64 {
        self.office.expect("a current office in the demo")
    }

    /// The id of a body by code. Those of the demo's sindicatos and of `with_sindicato` are known
    /// already; any other is read from the store, outside the runtime only.
    pub fn body(&self, code: &str) -> i64 {
        if let Some(id) = self.bodies.get(code) {
            return *id;
        }
        assert!(tokio::runtime::Handle::try_current().is_err(), "body {code} is not known: read it outside `block_on`");
        self.state.store.read(|r| r.body_by_code(code)).unwrap().unwrap_or_else(|| panic!("no body {code}")).id.0
    }

    /// The session cookie of a signed-in account.
    pub fn cookie(&self, username: &str) -> &str {
        &self.session(username).cookie
    }

    /// The CSRF token of a signed-in account's session, as its pages carry it.
    pub fn csrf(&self, username: &str) -> &str {
        &self.session(username).csrf
    }

    /// The API bearer token of an account.
    pub fn token(&self, username: &str) -> &str {
        self.tokens.get(username).unwrap_or_else(|| panic!("{username} has no token"))
    }

    fn session(&self, username: &str) -> &Session {
        let found = self.sessions.iter().find(|(u, _)| u == username);
        &found.unwrap_or_else(|| panic!("{username} is not signed in")).1
    }

    /// A request to make; see [`Req`].
    pub fn request(&self, method: &str, path: &str) -> Req<'_> {
        Req::new(self, method, path)
    }

    /// A page, as `who` opens it in a browser.
    pub async fn get<'w>(&self, path: &str, who: impl Into<Who<'w>>) -> Reply {
        self.request("GET", path).by(who).send().await
    }

    /// A form posted from a page by a signed-in user, with the session's CSRF token.
    pub async fn post_form(&self, path: &str, username: &str, form: &str) -> Reply {
        let csrf = format!("csrf={}", self.csrf(username));
        let form = if form.is_empty() { csrf } else { format!("{csrf}&{form}") };
        self.request("POST", path).by(username).form(&form).send().await
    }

    /// A form posted by a visitor without a session, as a browser would send it: the visitor
    /// first opens `path` (which gives them a form token in a cookie), then posts `form` with it.
    pub async fn visitor_post(&self, path: &str, form: &str) -> Reply {
        let page = self.get(path, Who::Anonymous).await;
        let cookie = page.set_cookie("cabildo_form").expect("the page gives a form token");
        let token = cookie.trim_start_matches("cabildo_form=").to_string();
        self.request("POST", path).cookie(&cookie).form(&format!("{form}&csrf={token}")).send().await
    }

    /// Signs in through the sign-in form; the session cookie (`cabildo_session=…`).
    pub async fn sign_in(&self, username: &str, password: &str) -> String {
        let reply = self.visitor_post("/login", &format!("username={username}&password={password}")).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{username} could not sign in: {}", reply.body);
        reply.set_cookie("cabildo_session").expect("a session cookie")
    }

    /// An API request by `who` (a user's bearer token), with a JSON body when given: the status
    /// and the answer as JSON. Every refusal must be a problem document.
    pub async fn api<'w>(
        &self,
        method: &str,
        path: &str,
        who: impl Into<Who<'w>>,
        body: Option<&Value>,
    ) -> (StatusCode, Value) {
        let request = self.request(method, path).token(who);
        match body {
            Some(body) => request.json(body).api().await,
            None => request.api().await,
        }
    }

    /// An API request that must answer `status`; the answer.
    pub async fn api_ok<'w>(
        &self,
        method: &str,
        path: &str,
        who: impl Into<Who<'w>>,
        body: Option<Value>,
        status: StatusCode,
    ) -> Value {
        let (got, value) = self.api(method, path, who, body.as_ref()).await;
        assert_eq!(got, status, "{method} {path}: {value}");
        value
    }

    /// Opens the vote on motion `m` by show of hands as `who` (`rule` a decision rule, or `None`
    /// for the default) and records `counts` (`{"for": 3}`), both through the API.
    pub async fn show_of_hands(&self, m: i64, who: &str, rule: Option<&str>, counts: Value) {
        let mut opening = serde_json::json!({"method": "show_of_hands"});
        if let Some(rule) = rule {
            opening["rule"] = rule.into();
        }
        self.api_ok("POST", &format!("/api/v1/motions/{m}/vote"), who, Some(opening), StatusCode::OK).await;
        let counts = serde_json::json!({ "counts": counts });
        self.api_ok("PUT", &format!("/api/v1/motions/{m}/hands"), who, Some(counts), StatusCode::OK).await;
    }

    /// Opens every path of `table` as every viewer — anonymous first, then each demo account in
    /// the order of `demo::DEMO_ACCOUNTS` — and returns each answer that differs from the table's
    /// status.
    pub async fn mismatches(&self, table: &[(String, [u16; 7])]) -> Vec<String> {
        let viewers: Vec<Who> = std::iter::once(Who::Anonymous)
            .chain(demo::DEMO_ACCOUNTS.iter().map(|(username, _, _)| Who::User(username)))
            .collect();
        let mut wrong = Vec::new();
        for (path, expected) in table {
            for (who, want) in viewers.iter().zip(expected) {
                let reply = self.get(path, *who).await;
                if reply.status.as_u16() != *want {
                    let who = match who {
                        Who::User(username) => *username,
                        _ => "anonymous",
                    };
                    wrong.push(format!("{path} as {who}: {}, expected {want}", reply.status));
                }
                assert!(!reply.body.contains("panicked"), "{path}: {}", reply.body);
            }
        }
        wrong
    }
}

impl<'a> Builder<'a> {
    /// The demo's seed (same seed, same Trópico).
    pub fn seed(mut self, seed: u64) -> Self {
        if let Some(demo) = &mut self.demo {
            demo.seed = seed;
        }
        self
    }

    /// How many families the demo's padrón has.
    pub fn families(mut self, families: u64) -> Self {
        if let Some(demo) = &mut self.demo {
            demo.families = Some(families);
        }
        self
    }

    /// The demo without its accounts (as before the first run).
    pub fn without_accounts(mut self) -> Self {
        self.demo_accounts = false;
        self
    }

    /// A new body of `kind` (a federation, a central…) `code` under `parent`, named `name`, made
    /// before the sindicatos of [`Builder::with_sindicato`] (which may hang from it).
    pub fn with_body(mut self, parent: &str, kind: BodyKind, code: &str, name: &str) -> Self {
        self.bodies.push((parent.into(), kind, code.into(), name.into()));
        self
    }

    /// A new sindicato `code` under `parent`, named `name`, of `households` households: the
    /// representative of the i-th is "Socio i Mamani", register number i, parcel `AG-i`.
    pub fn with_sindicato(mut self, parent: &str, code: &str, name: &str, households: u32) -> Self {
        self.sindicatos.push((parent.into(), code.into(), name.into(), households));
        self
    }

    /// An account with `role` on the body `body` (a code), made when missing, signed in (password
    /// [`PASSWORD`]) and holding an API token.
    pub fn with_user(mut self, username: &str, role: Role, body: &str) -> Self {
        self.users.push((username.into(), role, body.into()));
        self
    }

    /// Makes the account `username` (made by [`Builder::with_user`] or the demo) the holder of
    /// `office` in `body`: a new person takes the office and the account is linked to them, in
    /// place of any person it was linked to. Actas are signed by office holders.
    pub fn with_office(mut self, username: &str, body: &str, office: &str) -> Self {
        self.offices.push((username.into(), body.into(), office.into()));
        self
    }

    /// The app's clock at the start: Unix seconds and the calendar day (also the time of
    /// everything the builder writes). [`TestApp::set_clock`] moves it later.
    /// The app's store sends its reads to these read replicas (`Store::add_replicas`).
    pub fn with_replicas(mut self, urls: Vec<String>, max_lag: std::time::Duration) -> Self {
        self.replicas = Some((urls, max_lag));
        self
    }

    pub fn with_clock(mut self, now: i64, today: Date) -> Self {
        self.clock = (now, today);
        self
    }

    pub fn build(self) -> TestApp {
        let store = &self.db.store;
        let ctx = Ctx::operator(self.clock.0, self.clock.1);
        if let Some(config) = &self.demo {
            demo::seed(store, config, &ctx, &|_| {}, true).unwrap();
        }
        if self.demo_accounts {
            demo::ensure_demo_accounts(store, &ctx, PasswordCost::TESTS_ONLY).unwrap();
        }
        let mut bodies = BTreeMap::new();
        for (parent, kind, code, name) in &self.bodies {
            let form = BodyForm {
                parent: Some(parent.clone()),
                kind: *kind,
                composition: None,
                name: name.clone(),
                code: Some(code.clone()),
            };
            bodies.insert(code.clone(), registry::create_body(store, &ctx, &form).unwrap().id.0);
        }
        for (parent, code, name, households) in &self.sindicatos {
            let id = add_sindicato(store, &ctx, parent, code, name, *households);
            bodies.insert(code.clone(), id);
        }
        let mut usernames: Vec<String> = Vec::new();
        if self.demo_accounts {
            usernames.extend(demo::DEMO_ACCOUNTS.iter().map(|(username, _, _)| username.to_string()));
        }
        for (username, role, body) in &self.users {
            let exists = store.read(|r| r.account_by_username(username)).unwrap().is_some();
            if !exists {
                create_account(store, &ctx, PasswordCost::TESTS_ONLY, username, username, PASSWORD).unwrap();
            }
            grant(store, &ctx, username, body, *role).unwrap();
            if !usernames.contains(username) {
                usernames.push(username.clone());
            }
        }
        for (username, body, office) in &self.offices {
            crate::support::hold_office(store, username, body, office);
        }
        let tokens = usernames.iter().map(|u| (u.clone(), create_api_token(store, &ctx, u, "test").unwrap())).collect();

        let (mut household, mut office) = (None, None);
        if self.demo.is_some() {
            for code in [SINDICATO, OTHER_SINDICATO] {
                bodies.insert(code.into(), store.read(|r| r.body_by_code(code)).unwrap().unwrap().id.0);
            }
            let page = registry::padron_page(store, &ctx, SINDICATO, None, 0, 1).unwrap();
            household = page.first().map(|h| h.id.0);
            let offices = store.read(|r| r.offices(BodyId(bodies[SINDICATO]))).unwrap();
            office = offices.iter().find(|o| o.is_current(self.clock.1)).map(|o| o.id.0);
        }

        let clock = Arc::new(Mutex::new(self.clock));
        let reading = Arc::clone(&clock);
        let mut store = Store::open(&self.db.location).expect("open the test database");
        if let Some((urls, max_lag)) = &self.replicas {
            store.add_replicas(urls, *max_lag).expect("open the read replicas");
        }
        let live = Arc::new(cabildo_services::assembly::LiveHub::default());
        let state = AppState::from(cabildo_web::Shared {
            store: Arc::new(store),
            clock: Arc::new(move || *reading.lock().unwrap()),
            limiter: Arc::new(RateLimiter::default()),
            trusted_proxies: Arc::default(),
            password_cost: PasswordCost::TESTS_ONLY,
            secure_cookies: false,
            public_url: Some(PUBLIC_URL.into()),
            sessions: Arc::default(),
            workers: Arc::new(tokio::sync::Semaphore::new(cabildo_web::WORKERS)),
            phones: Arc::new(cabildo_services::assembly::PhoneBox::new(Arc::clone(&live))),
            live,
            pages: Arc::default(),
            imports: Arc::new(tokio::sync::Semaphore::new(1)),
            key_pin: None,
        });
        let runtime =
            tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("a runtime");
        let mut app = TestApp { state, clock, sessions: Vec::new(), tokens, bodies, household, office, runtime };
        let sessions = app.block_on(async {
            let mut sessions = Vec::new();
            for username in usernames {
                let cookie = app.sign_in(&username, PASSWORD).await;
                let csrf = app.request("GET", "/bodies").cookie(&cookie).send().await.csrf();
                sessions.push((username, Session { cookie, csrf }));
            }
            sessions
        });
        app.sessions = sessions;
        app
    }
}

/// A sindicato of `households` households made through the services, as the command line would.
fn add_sindicato(store: &Store, ctx: &Ctx, parent: &str, code: &str, name: &str, households: u32) -> i64 {
    let form = BodyForm {
        parent: Some(parent.into()),
        kind: BodyKind::Sindicato,
        composition: None,
        name: name.into(),
        code: Some(code.into()),
    };
    let id = registry::create_body(store, ctx, &form).unwrap().id.0;
    for i in 1..=households {
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
        registry::add_household(store, ctx, code, &person, &household, &[super::parcel(&format!("AG-{i}"))]).unwrap();
    }
    id
}
