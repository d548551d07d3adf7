//! The cookies Cabildo sets (session, language, form token) and reading them back, with the
//! viewer's language.

use axum::http::HeaderMap;
use cabildo_i18n::Lang;

/// The language the switcher chose.
pub const LANG_COOKIE: &str = "cabildo_lang";

/// The session of a signed-in viewer.
pub const SESSION_COOKIE: &str = "cabildo_session";

/// The form token of a visitor without a session.
pub const FORM_COOKIE: &str = "cabildo_form";

/// Room for a form token made on this very request, for a visitor who has none: filled by the
/// viewer extractor only when the request turns out to have no session (signed-in pages make
/// none), and sent as the cookie with the answer; the page's forms need the token now.
#[derive(Clone, Default)]
pub struct FreshFormToken(pub std::sync::Arc<std::sync::OnceLock<String>>);

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
