//! HTML pages. Each handler: viewer → one service call on a blocking thread → template.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, FromRequestParts, State};

use crate::extract::{Form, Path, Query};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use cabildo_domain::access::Role;
use cabildo_domain::{Area, Body, Date, Household, HouseholdId, Office, Parcel};
use cabildo_i18n::{Lang, tr};
use cabildo_services::registry::{self, BodyOverview, TreeLine};
use cabildo_services::{Actor, ServiceError, access};
use cabildo_store::HouseholdSummary;
use chrono::Datelike;
use serde::Deserialize;

use crate::AppState;
use crate::error::{WebError, render, text_of, urlencode};
use crate::viewer::{LANG_COOKIE, SESSION_COOKIE, Viewer, language};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/health", get(health))
        .route("/static/style.css", get(style))
        .route("/lang", get(switch_language))
        .route("/login", get(login_form).post(login))
        .route("/logout", post(logout))
        .route("/setup", get(setup_form).post(setup))
        .route("/bodies", get(tree))
        .route("/bodies/{id}", get(body))
        .route("/bodies/{id}/padron", get(padron))
        .route("/households/{id}", get(household))
        .route("/bodies/{id}/audit", get(audit))
        .route("/bodies/{id}/publish", post(publish))
        .route("/p/{code}", get(public))
}

/// A value a template hands over as `T`, `&T` or `&&T` (askama passes arguments by reference).
pub trait Val<T: Copy> {
    fn val(&self) -> T;
}

impl<T: Copy> Val<T> for T {
    fn val(&self) -> T {
        *self
    }
}

impl<T: Copy> Val<T> for &T {
    fn val(&self) -> T {
        **self
    }
}

impl<T: Copy> Val<T> for &&T {
    fn val(&self) -> T {
        ***self
    }
}

/// What every page shows around its content: language, who is signed in, the CSRF token.
pub struct Chrome {
    pub lang: Lang,
    pub user: Option<String>,
    pub csrf: Option<String>,
    pub path: String,
}

impl Chrome {
    pub fn bare(lang: Lang) -> Chrome {
        Chrome { lang, user: None, csrf: None, path: "/bodies".into() }
    }

    pub(crate) fn of(viewer: &Viewer, path: impl Into<String>) -> Chrome {
        Chrome {
            lang: viewer.lang,
            user: viewer.account.as_ref().map(|a| a.display_name.clone()),
            csrf: viewer.csrf.clone(),
            path: path.into(),
        }
    }

    pub fn t(&self, id: &str) -> String {
        tr(self.lang, id, &[])
    }

    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    pub fn other_lang(&self) -> &'static str {
        match self.lang {
            Lang::Es => "en",
            Lang::En => "es",
        }
    }

    pub fn back(&self) -> String {
        urlencode(&self.path)
    }

    pub fn csrf_value(&self) -> &str {
        self.csrf.as_deref().unwrap_or("")
    }

    pub fn members(&self, n: impl Val<u64>) -> String {
        tr(self.lang, "web-members", &[("count", self.lang.count(n.val()))])
    }

    pub fn date(&self, d: impl Val<Date>) -> String {
        let d = d.val();
        self.lang.date(d.year(), d.month(), d.day())
    }

    pub fn opt_date(&self, d: impl Val<Option<Date>>) -> String {
        d.val().map_or_else(String::new, |d| self.date(d))
    }

    pub fn area(&self, area: impl Val<Option<Area>>) -> String {
        let decimal = if self.lang == Lang::Es { ',' } else { '.' };
        area.val().map_or_else(String::new, |a| format!("{} ha", a.hectares_text(decimal)))
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub page: Chrome,
    pub status: u16,
    pub title_id: &'static str,
    pub text: String,
}

/// The client's address, when the server knows it (not in in-process tests).
pub struct ClientAddr(pub Option<SocketAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0)))
    }
}

/// A form posted from another site is refused: browsers say where a request comes from.
pub(crate) fn same_origin(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    match (
        headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
        headers.get(header::HOST).and_then(|v| v.to_str().ok()),
    ) {
        (Some(origin), Some(host)) => origin.split("://").nth(1) == Some(host),
        _ => true,
    }
}

fn forbidden_cross_site(lang: Lang) -> Response {
    WebError::new(lang, ServiceError::Forbidden { body: String::new() }).into_response()
}

fn page_error(viewer: &Viewer, path: &str, error: ServiceError) -> Response {
    let mut e = WebError::new(viewer.lang, error);
    e.return_to = Some(path.to_string());
    e.into_response()
}

async fn home(State(state): State<AppState>, viewer: Viewer) -> Response {
    let first_run = state.run(access::needs_first_account).await.unwrap_or(false);
    if first_run {
        return Redirect::to("/setup").into_response();
    }
    Redirect::to(if viewer.signed_in() { "/bodies" } else { "/login" }).into_response()
}

async fn health(State(state): State<AppState>) -> Response {
    match state.run(|store| Ok(store.schema_version()?)).await {
        Ok(version) => Json(serde_json::json!({"status": "ok", "schema_version": version})).into_response(),
        Err(e) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({"status": "unavailable", "error": e.to_string()})),
        )
            .into_response(),
    }
}

async fn style() -> Response {
    let mut response = include_str!("../static/style.css").into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/css; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"));
    response
}

#[derive(Deserialize)]
struct LangQuery {
    to: String,
    #[serde(default)]
    back: String,
}

/// Remembers the chosen language in a cookie and goes back to the page.
async fn switch_language(Query(q): Query<LangQuery>) -> Response {
    let lang = Lang::from_tag(&q.to);
    let back = if q.back.starts_with('/') && !q.back.starts_with("//") { q.back } else { "/".into() };
    let mut response = Redirect::to(&back).into_response();
    let cookie = format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", lang.code());
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    page: Chrome,
    error: Option<String>,
    username: String,
    next: String,
}

#[derive(Deserialize, Default)]
struct NextQuery {
    #[serde(default)]
    next: String,
}

async fn login_form(viewer: Viewer, Query(q): Query<NextQuery>) -> Response {
    render(&LoginPage { page: Chrome::of(&viewer, "/login"), error: None, username: String::new(), next: q.next })
}

#[derive(Deserialize)]
struct LoginForm {
    username: String,
    password: String,
    #[serde(default)]
    next: String,
}

fn session_cookie(state: &AppState, value: &str, max_age: i64) -> Option<HeaderValue> {
    let secure = if state.secure_cookies { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .ok()
}

async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    ClientAddr(addr): ClientAddr,
    Form(form): Form<LoginForm>,
) -> Response {
    let lang = language(&headers);
    if !same_origin(&headers) {
        return forbidden_cross_site(lang);
    }
    let (now, _) = state.now();
    let user_key = format!("user:{}", form.username.trim().to_lowercase());
    let ip_key = format!("ip:{}", addr.map(|a| a.ip().to_string()).unwrap_or_default());
    let again = |error: ServiceError, status: StatusCode| {
        let page = LoginPage {
            page: Chrome::bare(lang),
            error: Some(text_of(lang, &error)),
            username: form.username.clone(),
            next: form.next.clone(),
        };
        (status, render(&page)).into_response()
    };
    if let Err(seconds) = state.limiter.attempt(now, &[&user_key, &ip_key]) {
        return again(ServiceError::TooManyAttempts { seconds }, StatusCode::TOO_MANY_REQUESTS);
    }
    let (username, password) = (form.username.clone(), form.password.clone());
    match state.run(move |store| access::sign_in(store, now, &username, &password)).await {
        Ok(session) => {
            state.limiter.reset(&user_key);
            let next =
                if form.next.starts_with('/') && !form.next.starts_with("//") { form.next.as_str() } else { "/bodies" };
            let mut response = Redirect::to(next).into_response();
            if let Some(cookie) = session_cookie(&state, &session.secret, access::SESSION_SECONDS) {
                response.headers_mut().append(header::SET_COOKIE, cookie);
            }
            response
        }
        Err(e) => again(e, StatusCode::UNAUTHORIZED),
    }
}

#[derive(Deserialize)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Form(form): Form<CsrfForm>,
) -> Response {
    if let Some(refused) = crate::forms::refuse_cross_site(&viewer, &headers, &form.csrf) {
        return refused;
    }
    if let Some(secret) = viewer.session.clone() {
        drop(state.run(move |store| access::sign_out(store, &secret)).await);
    }
    let mut response = Redirect::to("/login").into_response();
    if let Some(cookie) = session_cookie(&state, "", 0) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

#[derive(Template)]
#[template(path = "setup.html")]
struct SetupPage {
    page: Chrome,
    error: Option<String>,
    username: String,
    display_name: String,
}

async fn setup_form(State(state): State<AppState>, viewer: Viewer) -> Response {
    if !state.run(access::needs_first_account).await.unwrap_or(false) {
        return Redirect::to("/login").into_response();
    }
    render(&SetupPage {
        page: Chrome::of(&viewer, "/setup"),
        error: None,
        username: String::new(),
        display_name: String::new(),
    })
}

#[derive(Deserialize)]
struct SetupForm {
    username: String,
    display_name: String,
    password: String,
}

/// The first run: whoever reaches the server first creates the first administrator, who gets
/// the administrador role on every root body. Only while the database has no account.
async fn setup(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Form(form): Form<SetupForm>,
) -> Response {
    if !same_origin(&headers) {
        return forbidden_cross_site(viewer.lang);
    }
    let ctx = state.ctx(Actor::Anonymous);
    let operator = state.ctx(Actor::Operator);
    let cost = state.password_cost;
    let (username, display_name, password) = (form.username.clone(), form.display_name.clone(), form.password.clone());
    let created = state
        .run(move |store| {
            let account = access::create_account(store, &ctx, cost, &username, &display_name, &password)?;
            let roots = registry::tree_report(store, &operator, None)?.into_iter().filter(|l| l.depth == 0);
            for root in roots {
                access::grant(store, &operator, &account.username, &root.body.code, Role::Administrador)?;
            }
            Ok(account)
        })
        .await;
    match created {
        Ok(_) => Redirect::to("/login").into_response(),
        Err(e) => {
            let status = crate::error::status_of(&e);
            let page = SetupPage {
                page: Chrome::of(&viewer, "/setup"),
                error: Some(text_of(viewer.lang, &e)),
                username: form.username,
                display_name: form.display_name,
            };
            (status, render(&page)).into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "tree.html")]
struct TreePage {
    page: Chrome,
    lines: Vec<TreeLine>,
    truncated: bool,
}

/// Levels shown under each top body: the rest is one click away, and the page stays small.
const TREE_DEPTH: usize = 2;

async fn tree(State(state): State<AppState>, viewer: Viewer) -> Response {
    if !viewer.signed_in() {
        return page_error(&viewer, "/bodies", ServiceError::SignInRequired);
    }
    let ctx = viewer.ctx.clone();
    match state.run(move |store| registry::tree_report(store, &ctx, None)).await {
        Ok(lines) => {
            let truncated = lines.iter().any(|l| l.depth > TREE_DEPTH);
            let lines = lines.into_iter().filter(|l| l.depth <= TREE_DEPTH).collect();
            render(&TreePage { page: Chrome::of(&viewer, "/bodies"), lines, truncated })
        }
        Err(e) => page_error(&viewer, "/bodies", e),
    }
}

#[derive(Template)]
#[template(path = "body.html")]
struct BodyPage {
    page: Chrome,
    o: BodyOverview,
    kind_id: String,
    current_offices: Vec<Office>,
    may_see_members: bool,
}

async fn body(State(state): State<AppState>, viewer: Viewer, Path(id): Path<i64>) -> Response {
    let path = format!("/bodies/{id}");
    let ctx = viewer.ctx.clone();
    match state.body_overview(&ctx, id).await {
        Ok(o) => {
            let may_see_members = o.may_see_members;
            let today = viewer.ctx.today;
            let current_offices = o.offices.iter().filter(|office| office.is_current(today)).cloned().collect();
            let kind_id = format!("kind-{}", o.body.kind.code());
            render(&BodyPage { page: Chrome::of(&viewer, path), o, kind_id, current_offices, may_see_members })
        }
        Err(e) => page_error(&viewer, &path, e),
    }
}

#[derive(Template)]
#[template(path = "padron.html")]
struct PadronPage {
    page: Chrome,
    body: Body,
    households: Vec<std::sync::Arc<HouseholdSummary>>,
    q: String,
    q_encoded: String,
    page_number: u64,
    has_next: bool,
}

#[derive(Deserialize)]
struct PadronQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: Option<u64>,
}

/// Families shown per padrón page.
pub const PADRON_PAGE: u64 = 50;

async fn padron(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(query): Query<PadronQuery>,
) -> Response {
    let path = format!("/bodies/{id}/padron");
    let ctx = viewer.ctx.clone();
    let page_number = query.page.unwrap_or(1).max(1);
    let q = query.q.trim().to_string();
    let search = Some(q.clone()).filter(|s| !s.is_empty());
    let result = state.padron(&ctx, id, search, page_number - 1, PADRON_PAGE).await;
    match result {
        Ok(found) => render(&PadronPage {
            page: Chrome::of(&viewer, path),
            body: found.body,
            households: found.households,
            q_encoded: urlencode(&q),
            q,
            page_number,
            has_next: found.has_next,
        }),
        Err(e) => page_error(&viewer, &path, e),
    }
}

#[derive(Template)]
#[template(path = "household.html")]
struct HouseholdPage {
    page: Chrome,
    h: Household,
    parcels: Vec<Parcel>,
    /// Whether the viewer may edit the family (the page links to its forms).
    may_edit: bool,
}

async fn household(State(state): State<AppState>, viewer: Viewer, Path(id): Path<i64>) -> Response {
    let path = format!("/households/{id}");
    let ctx = viewer.ctx.clone();
    let found = state
        .run(move |store| {
            let detail = registry::household_detail(store, &ctx, HouseholdId(id))?;
            Ok((detail, registry::may_edit_household(store, &ctx, HouseholdId(id))))
        })
        .await;
    match found {
        Ok(((h, parcels), may_edit)) => {
            render(&HouseholdPage { page: Chrome::of(&viewer, path), h, parcels, may_edit })
        }
        Err(e) => page_error(&viewer, &path, e),
    }
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    page: Chrome,
    body: Body,
    /// When (local time), who, what, detail.
    events: Vec<(String, String, String, String)>,
}

/// Who changed what in a body and below it: for its officers.
async fn audit(State(state): State<AppState>, viewer: Viewer, Path(id): Path<i64>) -> Response {
    let path = format!("/bodies/{id}/audit");
    let ctx = viewer.ctx.clone();
    let result = state
        .run(move |store| {
            let events = access::audit_trail(store, &ctx, &id.to_string(), 200)?;
            let body = registry::resolve_body_in(store, &id.to_string())?;
            Ok((body, events))
        })
        .await;
    match result {
        Ok((body, events)) => {
            let events = events
                .into_iter()
                .map(|e| {
                    let at = chrono::DateTime::from_timestamp(e.at, 0)
                        .map(|t| t.with_timezone(&chrono::Local).format("%d/%m/%Y %H:%M").to_string())
                        .unwrap_or_default();
                    (at, e.actor, e.action, e.detail)
                })
                .collect();
            render(&AuditPage { page: Chrome::of(&viewer, path), body, events })
        }
        Err(e) => page_error(&viewer, &path, e),
    }
}

#[derive(Deserialize)]
struct PublishForm {
    #[serde(default)]
    csrf: String,
    published: String,
}

async fn publish(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<PublishForm>,
) -> Response {
    if let Some(refused) = crate::forms::refuse_cross_site(&viewer, &headers, &form.csrf) {
        return refused;
    }
    let ctx = viewer.ctx.clone();
    let published = form.published == "1";
    match state.run(move |store| registry::set_published(store, &ctx, &id.to_string(), published)).await {
        Ok(_) => Redirect::to(&format!("/bodies/{id}")).into_response(),
        Err(e) => page_error(&viewer, &format!("/bodies/{id}"), e),
    }
}

#[derive(Template)]
#[template(path = "public.html")]
struct PublicPageView {
    page: Chrome,
    p: registry::PublicPage,
    kind_id: String,
}

/// A body's public page: anyone may read it, signed in or not. No personal data.
async fn public(State(state): State<AppState>, viewer: Viewer, Path(code): Path<String>) -> Response {
    let today = viewer.ctx.today;
    let lookup = code.clone();
    match state.run(move |store| registry::public_page(store, &lookup, today)).await {
        Ok(p) => {
            let kind_id = format!("kind-{}", p.body.kind.code());
            render(&PublicPageView { page: Chrome::of(&viewer, format!("/p/{code}")), p, kind_id })
        }
        Err(e) => page_error(&viewer, &format!("/p/{code}"), e),
    }
}

/// Unknown pages answer 404 in the viewer's language.
pub async fn not_found(headers: HeaderMap, uri: axum::http::Uri) -> Response {
    let lang = language(&headers);
    let error = ServiceError::UnknownBody { reference: uri.path().to_string() };
    let json = uri.path().starts_with("/api/");
    let page = ErrorPage {
        page: Chrome::bare(lang),
        status: 404,
        title_id: "web-error-not-found",
        text: tr(lang, "web-page-not-found", &[("path", uri.path().to_string())]),
    };
    if json {
        return WebError::api(lang, error).into_response();
    }
    (StatusCode::NOT_FOUND, render(&page)).into_response()
}
