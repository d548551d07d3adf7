//! Who is looking, in which language: from the session cookie (pages) or a bearer token (API),
//! the language cookie, or `Accept-Language`.

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use cabildo_i18n::Lang;
use cabildo_services::{Actor, Ctx, access};

use cabildo_services::access::Account;

pub use crate::http::cookies::{FORM_COOKIE, FreshFormToken, LANG_COOKIE, SESSION_COOKIE, cookie, language};
use crate::http::error::WebError;
use crate::state::AppState;
use crate::ui::chrome::Chrome;

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

    /// The chrome of a page at `path` for this viewer.
    pub fn chrome(&self, path: impl Into<String>) -> Chrome {
        Chrome {
            lang: self.lang,
            user: self.account.as_ref().map(|a| a.display_name.clone()),
            csrf: self.csrf.clone(),
            path: path.into(),
        }
    }
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
            let actor = state.run(move |store| access::token_actor(store, now, &token)).await.map_err(refuse)?;
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
                    let found =
                        state.run(move |store| access::session_until(store, now, &lookup)).await.map_err(refuse)?;
                    match found {
                        Some((found, expires_at)) => {
                            state.sessions.put(generation, secret.clone(), &found, expires_at);
                            Some(found)
                        }
                        None => {
                            state.sessions.forget(&secret);
                            None
                        }
                    }
                }
            };
            if let Some((actor, csrf, account)) = found {
                let viewer = Viewer {
                    ctx: state.ctx(actor),
                    lang,
                    account: Some(account),
                    csrf: Some(csrf),
                    session: Some(secret),
                };
                crate::http::signed_in::remember(viewer.chrome(path));
                return Ok(viewer);
            }
        }
        // A visitor without a session posts forms with the token of the form cookie.
        let csrf = cookie(&parts.headers, FORM_COOKIE).or_else(|| {
            let slot = parts.extensions.get::<FreshFormToken>()?;
            if let Some(token) = slot.0.get() {
                return Some(token.clone());
            }
            let token = access::new_secret().ok()?;
            Some(slot.0.get_or_init(|| token).clone())
        });
        Ok(Viewer { ctx: state.ctx(Actor::Anonymous), lang, account: None, csrf, session: None })
    }
}

impl OptionalFromRequestParts<AppState> for Viewer {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Option<Self>, Self::Rejection> {
        <Viewer as FromRequestParts<AppState>>::from_request_parts(parts, state).await.map(Some)
    }
}
