//! Who is looking, in which language: from the session cookie (pages) or a bearer token (API),
//! the language cookie, or `Accept-Language`.

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use cabildo_i18n::Lang;
use cabildo_services::{Actor, Ctx, access};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use cabildo_store::{Account, Backend, SHARED_CACHE_MAX_AGE, Store};

use crate::AppState;
use crate::error::WebError;

pub const SESSION_COOKIE: &str = "cabildo_session";

/// Sessions already looked up, by cookie. An entry is used only while the store has committed no
/// write since it was read (a sign-out, a new role or any other change clears them all), and on
/// PostgreSQL — where other processes write too — for at most `SHARED_CACHE_MAX_AGE`.
#[derive(Default)]
pub struct SessionCache {
    entries: Mutex<HashMap<String, CachedSession>>,
}

struct CachedSession {
    generation: u64,
    read_at: Instant,
    actor: Actor,
    csrf: String,
    account: Account,
    expires_at: i64,
}

impl SessionCache {
    /// Entries kept at most; past this the cache starts over (sessions are cheap to look up again).
    const MAX: usize = 10_000;

    fn get(&self, store: &Store, secret: &str, now: i64) -> Option<(Actor, String, Account)> {
        let entries = self.entries.lock().ok()?;
        let entry = entries.get(secret)?;
        let fresh = entry.generation == store.generation()
            && entry.expires_at >= now
            && (store.backend() == Backend::Sqlite || entry.read_at.elapsed() < SHARED_CACHE_MAX_AGE);
        fresh.then(|| (entry.actor.clone(), entry.csrf.clone(), entry.account.clone()))
    }

    fn put(&self, generation: u64, secret: String, found: &(Actor, String, Account), expires_at: i64) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= Self::MAX {
                entries.clear();
            }
            let (actor, csrf, account) = found.clone();
            entries.insert(
                secret,
                CachedSession { generation, read_at: Instant::now(), actor, csrf, account, expires_at },
            );
        }
    }
}
pub const LANG_COOKIE: &str = "cabildo_lang";

/// The person behind a request.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub ctx: Ctx,
    pub lang: Lang,
    pub account: Option<Account>,
    /// The session's CSRF token, for forms.
    pub csrf: Option<String>,
    /// The session cookie's value, to sign out.
    pub session: Option<String>,
}

impl Viewer {
    pub fn signed_in(&self) -> bool {
        self.account.is_some()
    }
}

/// A cookie's value from the request headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
}

/// The language: the cookie the switcher sets, else the browser's preference, else Spanish.
pub fn language(headers: &HeaderMap) -> Lang {
    if let Some(lang) = cookie(headers, LANG_COOKIE) {
        return Lang::from_tag(&lang);
    }
    headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map_or(Lang::Es, Lang::from_accept_language)
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_string())
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let lang = language(&parts.headers);
        // Inside the nested API router the path has lost its prefix: ask for the original.
        let path =
            parts.extensions.get::<axum::extract::OriginalUri>().map_or_else(|| parts.uri.path(), |o| o.0.path());
        let json = path.starts_with("/api/");
        let refuse = move |e| if json { WebError::api(lang, e) } else { WebError::new(lang, e) };
        let (now, _) = state.now();
        if let Some(token) = bearer(&parts.headers) {
            let actor = state.run(move |store| access::token_actor(store, &token)).await.map_err(refuse)?;
            let Some(actor) = actor else {
                return Err(refuse(cabildo_services::ServiceError::SignInRequired));
            };
            return Ok(Viewer { ctx: state.ctx(actor), lang, account: None, csrf: None, session: None });
        }
        if let Some(secret) = cookie(&parts.headers, SESSION_COOKIE) {
            let cached = state.sessions.get(&state.store, &secret, now);
            let found = match cached {
                Some(found) => Some(found),
                None => {
                    let lookup = secret.clone();
                    let generation = state.store.generation();
                    let found = state
                        .run(move |store| {
                            let found = access::session_actor(store, now, &lookup)?;
                            let expires = access::session_expiry(store, &lookup)?;
                            Ok(found.zip(expires))
                        })
                        .await
                        .map_err(refuse)?;
                    found.map(|(found, expires_at)| {
                        state.sessions.put(generation, secret.clone(), &found, expires_at);
                        found
                    })
                }
            };
            if let Some((actor, csrf, account)) = found {
                return Ok(Viewer {
                    ctx: state.ctx(actor),
                    lang,
                    account: Some(account),
                    csrf: Some(csrf),
                    session: Some(secret),
                });
            }
        }
        Ok(Viewer { ctx: state.ctx(Actor::Anonymous), lang, account: None, csrf: None, session: None })
    }
}

impl OptionalFromRequestParts<AppState> for Viewer {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Option<Self>, Self::Rejection> {
        <Viewer as FromRequestParts<AppState>>::from_request_parts(parts, state).await.map(Some)
    }
}
