//! Signing in and out, the first run's administrator, and accounts after their creation
//! (`manage.rs`: one's own sessions and API tokens; disabling, enabling, ending sessions and
//! revoking tokens as an administrator; `password.rs`: changing and resetting passwords).

mod manage;
mod password;

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use cabildo_services::access::Attempt;
use cabildo_services::{Actor, access};
use serde::Deserialize;

use crate::http::cookies::SESSION_COOKIE;
use crate::http::csrf::{CsrfForm, NoFields};
use crate::http::status::{status_of, text_of};
use crate::http::urls::local_path;
use crate::http::{ClientAddr, Query, Viewer};
use crate::state::AppState;
use crate::ui::{Chrome, render};
use utoipa_axum::router::OpenApiRouter;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/login", get(login_form).post(login))
        .route("/logout", post(logout))
        .route("/setup", get(setup_form).post(setup))
        .route("/account", get(manage::own_account))
        .route("/accounts", get(manage::list))
        .route("/accounts/{username}", get(manage::show))
        .route("/accounts/{username}/disable", post(manage::disable))
        .route("/accounts/{username}/enable", post(manage::enable))
        .route("/accounts/{username}/person", post(manage::link_person))
        .route("/accounts/{username}/sessions/end", post(manage::end_sessions))
        .route("/accounts/{username}/tokens", post(manage::create_token))
        .route("/accounts/{username}/tokens/{id}/revoke", post(manage::revoke_token))
        .route("/account/password", get(password::change_form).post(password::change))
        .route("/accounts/reset", get(password::reset_form).post(password::reset))
}

#[derive(Template)]
#[template(path = "accounts/login.html")]
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
    render(&LoginPage { page: viewer.chrome("/login"), error: None, username: String::new(), next: q.next })
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
    addr: ClientAddr,
    CsrfForm(viewer, form): CsrfForm<LoginForm>,
) -> Response {
    let lang = viewer.lang;
    let (now, _) = state.now();
    let (username, password) = (form.username.clone(), form.password.clone());
    let (limiter, address) = (state.limiter.clone(), addr.key());
    let attempt = move |store: &_| {
        let attempt = Attempt { limiter: &limiter, address: &address };
        access::sign_in(store, attempt, now, &username, &password)
    };
    match state.run(attempt).await {
        Ok(session) => {
            let mut response = Redirect::to(local_path(&form.next, "/bodies")).into_response();
            if let Some(cookie) = session_cookie(&state, &session.secret, access::SESSION_SECONDS) {
                response.headers_mut().append(header::SET_COOKIE, cookie);
            }
            response
        }
        Err(error) => {
            let page = LoginPage {
                page: viewer.chrome("/login"),
                error: Some(text_of(lang, &error)),
                username: form.username.clone(),
                next: form.next.clone(),
            };
            (status_of(&error), render(&page)).into_response()
        }
    }
}

async fn logout(State(state): State<AppState>, CsrfForm(viewer, NoFields {}): CsrfForm<NoFields>) -> Response {
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
#[template(path = "accounts/setup.html")]
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
        page: viewer.chrome("/setup"),
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
async fn setup(State(state): State<AppState>, CsrfForm(viewer, form): CsrfForm<SetupForm>) -> Response {
    let ctx = state.ctx(Actor::Anonymous);
    let cost = state.password_cost;
    let (username, display_name, password) = (form.username.clone(), form.display_name.clone(), form.password.clone());
    let created = state
        .run(move |store| access::create_first_administrator(store, &ctx, cost, &username, &display_name, &password))
        .await;
    match created {
        Ok(_) => Redirect::to("/login").into_response(),
        Err(e) => {
            let page = SetupPage {
                page: viewer.chrome("/setup"),
                error: Some(text_of(viewer.lang, &e)),
                username: form.username,
                display_name: form.display_name,
            };
            (status_of(&e), render(&page)).into_response()
        }
    }
}
