//! The chrome of every page and the error page.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use cabildo_domain::{Area, Date};
use cabildo_i18n::{Lang, tr};
use chrono::Datelike;

use crate::http::urls::urlencode;

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
#[derive(Clone)]
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
#[template(path = "ui/error.html")]
pub struct ErrorPage {
    pub page: Chrome,
    pub status: u16,
    pub title_id: &'static str,
    pub text: String,
}

/// Renders a template; a template that cannot render is a bug, answered as a plain 500.
pub fn render(template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "error").into_response()
        }
    }
}
