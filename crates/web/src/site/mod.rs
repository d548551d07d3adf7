//! The site itself: the home page, the health check, the style sheet, the live page's script and
//! the language switch.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use cabildo_i18n::Lang;
use cabildo_services::access;
use serde::Deserialize;

use crate::http::cookies::LANG_COOKIE;
use crate::http::urls::local_path;
use crate::http::{Query, Viewer};
use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/", get(home))
        .route("/health", get(health))
        .route("/static/style.css", get(style))
        .route("/static/phone.css", get(phone_style))
        .route("/static/live.js", get(live_script))
        .route("/lang", get(switch_language))
}

async fn home(State(state): State<AppState>, viewer: Viewer) -> Response {
    let first_run = state.run(access::needs_first_account).await.unwrap_or(false);
    if first_run {
        return Redirect::to("/setup").into_response();
    }
    Redirect::to(if viewer.signed_in() { "/bodies" } else { "/login" }).into_response()
}

async fn health(State(state): State<AppState>) -> Response {
    match state.run(cabildo_services::schema_version).await {
        Ok(version) => Json(serde_json::json!({"status": "ok", "schema_version": version})).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, Json(serde_json::json!({"status": "unavailable"}))).into_response()
        }
    }
}

async fn style() -> Response {
    style_sheet(include_str!("../../static/style.css"))
}

/// The phone-vote and ballot pages' own small style sheet: what a phone in a cabildo abierto
/// downloads on its first visit stays under 3 KB with the page.
async fn phone_style() -> Response {
    style_sheet(include_str!("../../static/phone.css"))
}

fn style_sheet(css: &'static str) -> Response {
    let mut response = css.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/css; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"));
    response
}

/// The live page's script, a file of its own so that the content security policy allows no
/// inline script.
async fn live_script() -> Response {
    let mut response = include_str!("../../static/live.js").into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/javascript; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"));
    response
}

#[derive(Deserialize)]
struct LangQuery {
    to: String,
    #[serde(default)]
    back: String,
}

/// Remembers the chosen language in a cookie and goes back to the page (of this site only).
async fn switch_language(Query(q): Query<LangQuery>) -> Response {
    let lang = Lang::from_tag(&q.to);
    let mut response = Redirect::to(local_path(&q.back, "/")).into_response();
    let cookie = format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", lang.code());
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}
