//! Changing one's password, and an administrator's reset of someone's password. The signing key
//! changes with the password (see `cabildo_services::keys`): these forms never echo a password.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use cabildo_i18n::tr;
use cabildo_services::access::Attempt;
use cabildo_services::keys::PasswordCheck;
use cabildo_services::{Actor, ServiceError, keys};

use crate::http::csrf::CsrfForm;
use crate::http::fields::Fields;
use crate::http::status::status_of;
use crate::http::{ClientAddr, Viewer, WebError};
use crate::state::AppState;
use crate::ui::form::{FieldKind, FormPage, FormPlace};
use crate::ui::render;

type Values = HashMap<String, String>;

const CHANGE_PATH: &str = "/account/password";
const RESET_PATH: &str = "/accounts/reset";

/// A form page whose password fields come back empty.
fn page(viewer: &Viewer, path: &str, title: &str, fields: &Fields, names: &[(&'static str, &'static str)]) -> FormPage {
    let inputs = names
        .iter()
        .map(|(name, kind)| {
            let mut field = fields.field(name, FieldKind::Input(kind), true);
            if *kind == "password" {
                field.value.clear();
            }
            field
        })
        .collect();
    let place = FormPlace {
        path: path.to_string(),
        title: tr(viewer.lang, title, &[]),
        back_href: "/bodies".into(),
        back_label: tr(viewer.lang, "web-back-to-bodies", &[]),
    };
    let submit = tr(viewer.lang, &format!("{title}-submit"), &[]);
    FormPage { general_error: fields.general.clone(), submit, ..FormPage::new(viewer, place, inputs) }
}

const CHANGE_FIELDS: [(&str, &str); 3] =
    [("current_password", "password"), ("new_password", "password"), ("new_password_again", "password")];
const RESET_FIELDS: [(&str, &str); 4] = [
    ("username", "text"),
    ("new_password", "password"),
    ("new_password_again", "password"),
    ("admin_password", "password"),
];

fn change_page(viewer: &Viewer, fields: &Fields) -> FormPage {
    page(viewer, CHANGE_PATH, "web-change-password", fields, &CHANGE_FIELDS)
}

fn reset_page(viewer: &Viewer, fields: &Fields) -> FormPage {
    page(viewer, RESET_PATH, "web-reset-password", fields, &RESET_FIELDS)
}

fn signed_in(viewer: &Viewer, path: &str) -> Result<String, WebError> {
    match &viewer.ctx.actor {
        Actor::Account { username, .. } => Ok(username.clone()),
        _ => Err(WebError::new(viewer.lang, ServiceError::SignInRequired).at(path)),
    }
}

/// The two new-password fields must say the same.
fn same_new_password(viewer: &Viewer, fields: &mut Fields) -> bool {
    if fields.v("new_password") == fields.v("new_password_again") {
        return true;
    }
    fields.note("new_password_again", "passwords_differ", tr(viewer.lang, "web-passwords-differ", &[]));
    false
}

/// A service's refusal next to its field: a password rule under the new password, wrong
/// credentials under the password that was checked.
fn refused(fields: &mut Fields, error: &ServiceError, checked: &'static str) {
    match error {
        ServiceError::Domain(e) if e.field() == Some(cabildo_domain::Field::Password) => {
            fields.put("new_password", e.clone());
        }
        _ => fields.refused(error, |e| match e {
            ServiceError::BadCredentials => Some(checked),
            ServiceError::UnknownAccount { .. } => Some("username"),
            _ => None,
        }),
    }
}

fn again(status: StatusCode, page: FormPage) -> Response {
    (status, render(&page)).into_response()
}

pub(super) async fn change_form(viewer: Viewer) -> Result<Response, WebError> {
    signed_in(&viewer, CHANGE_PATH)?;
    Ok(render(&change_page(&viewer, &Fields::blank(viewer.lang))))
}

/// Changes the viewer's password: the old one is checked, the new key is endorsed by the old,
/// and the viewer's other sessions end (this one stays).
pub(super) async fn change(
    State(state): State<AppState>,
    addr: ClientAddr,
    CsrfForm(viewer, values): CsrfForm<Values>,
) -> Result<Response, WebError> {
    let username = signed_in(&viewer, CHANGE_PATH)?;
    let mut fields = Fields::new(viewer.lang, values);
    if !same_new_password(&viewer, &mut fields) {
        return Ok(again(StatusCode::UNPROCESSABLE_ENTITY, change_page(&viewer, &fields)));
    }
    let (ctx, cost, session) = (viewer.ctx.clone(), state.password_cost, viewer.session.clone());
    let (limiter, address) = (state.limiter.clone(), addr.key());
    let (old, new) = (fields.v("current_password").to_string(), fields.v("new_password").to_string());
    let name = username.clone();
    let done = state
        .run(move |store| {
            let attempt = Attempt { limiter: &limiter, address: &address };
            keys::change_password(store, &ctx, PasswordCheck { cost, attempt }, &name, &old, &new, session.as_deref())
        })
        .await;
    match done {
        Ok(()) => {
            let mut page = change_page(&viewer, &Fields::blank(viewer.lang));
            page.success = Some(tr(viewer.lang, "web-password-changed", &[]));
            Ok(render(&page))
        }
        Err(e) => {
            refused(&mut fields, &e, "current_password");
            Ok(again(status_of(&e), change_page(&viewer, &fields)))
        }
    }
}

pub(super) async fn reset_form(viewer: Viewer) -> Result<Response, WebError> {
    signed_in(&viewer, RESET_PATH)?;
    keys::may_reset_passwords(&viewer.ctx).map_err(|e| WebError::new(viewer.lang, e))?;
    Ok(render(&reset_page(&viewer, &Fields::blank(viewer.lang))))
}

/// An administrator resets someone's password, confirming with their own: the account's new
/// key is endorsed by the administrator's and its sessions end.
pub(super) async fn reset(
    State(state): State<AppState>,
    addr: ClientAddr,
    CsrfForm(viewer, values): CsrfForm<Values>,
) -> Result<Response, WebError> {
    let admin = signed_in(&viewer, RESET_PATH)?;
    let mut fields = Fields::new(viewer.lang, values);
    if !same_new_password(&viewer, &mut fields) {
        return Ok(again(StatusCode::UNPROCESSABLE_ENTITY, reset_page(&viewer, &fields)));
    }
    let (ctx, cost) = (viewer.ctx.clone(), state.password_cost);
    let (limiter, address) = (state.limiter.clone(), addr.key());
    let (admin_password, username, new) =
        (fields.v("admin_password").to_string(), fields.trimmed("username"), fields.v("new_password").to_string());
    let target = username.clone();
    let done = state
        .run(move |store| {
            let attempt = Attempt { limiter: &limiter, address: &address };
            keys::reset_password(store, &ctx, PasswordCheck { cost, attempt }, &admin, &admin_password, &target, &new)
        })
        .await;
    match done {
        Ok(()) => {
            let mut page = reset_page(&viewer, &Fields::blank(viewer.lang));
            page.success = Some(tr(viewer.lang, "web-password-reset", &[("username", username)]));
            Ok(render(&page))
        }
        Err(e) => {
            refused(&mut fields, &e, "admin_password");
            Ok(again(status_of(&e), reset_page(&viewer, &fields)))
        }
    }
}
