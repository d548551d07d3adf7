//! Accounts after their creation: one's own account (sessions, API tokens), and the
//! administration of accounts (disable, enable, end sessions, revoke tokens).

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use cabildo_domain::access::{Action, Role};
use cabildo_services::accounts::{self, AccountDetail, AccountSummary, Linkable, LinkablePerson};
use cabildo_services::{Actor, ServiceError, access};
use serde::Deserialize;

use crate::http::csrf::{CsrfForm, NoFields};
use crate::http::status::{not_about_the_form, status_of, text_of};
use crate::http::urls::urlencode;
use crate::http::{ClientAddr, Fields, Page, PageResult, Path, Viewer, WebError, page_error};
use crate::state::AppState;
use crate::ui::text::{moment, name};
use crate::ui::{Chrome, render};

/// `/account`: one's own account page.
pub(super) async fn own_account(viewer: Viewer) -> Result<Response, WebError> {
    match &viewer.account {
        Some(account) => Ok(Redirect::to(&account_path(&account.username)).into_response()),
        None => Err(page_error(viewer.lang, "/account", ServiceError::SignInRequired)),
    }
}

fn account_path(username: &str) -> String {
    format!("/accounts/{}", urlencode(username))
}

#[derive(Template)]
#[template(path = "accounts/list.html")]
struct ListPage {
    page: Chrome,
    accounts: Vec<AccountSummary>,
}

impl ListPage {
    fn role(&self, role: &Role) -> String {
        name(&self.page.lang, "asm-role", role.code())
    }

    fn path(&self, username: &str) -> String {
        account_path(username)
    }
}

/// `/accounts`: the accounts the viewer administers.
pub(super) async fn list(State(state): State<AppState>, viewer: Viewer) -> Result<Response, WebError> {
    let ctx = viewer.ctx.clone();
    let accounts = state.run(move |store| accounts::list_accounts(store, &ctx)).await.page(&viewer, "/accounts")?;
    Ok(render(&ListPage { page: viewer.chrome("/accounts"), accounts }))
}

#[derive(Template)]
#[template(path = "accounts/account.html")]
struct AccountPage {
    page: Chrome,
    d: AccountDetail,
    path: String,
    /// The viewer administers accounts (a link to the list).
    administers: bool,
    /// A token just created: shown this once.
    new_token: Option<String>,
    /// The form to create a token, with its errors.
    form: Fields,
    /// Whom an administrator may link the account to (empty for its owner).
    people: Vec<LinkablePerson>,
}

impl AccountPage {
    fn role(&self, role: &Role) -> String {
        name(&self.page.lang, "asm-role", role.code())
    }

    fn when(&self, at: &i64) -> String {
        moment(at)
    }

    /// "Juana Mamani — Secretario de Actas, Sindicato X" or "… — familia N° 12, Sindicato X".
    fn person_option(&self, p: &LinkablePerson) -> String {
        let what = match &p.link {
            Linkable::Office { title } => title.clone(),
            Linkable::Household { register_number: Some(n) } => {
                cabildo_i18n::tr(self.page.lang, "acc-family-numbered", &[("number", n.clone())])
            }
            Linkable::Household { register_number: None } => self.page.t("acc-family"),
        };
        format!("{} — {what}, {}", p.name, p.body)
    }

    fn linked_to(&self, p: &LinkablePerson) -> bool {
        self.d.account.person.as_ref().is_some_and(|(id, _)| *id == p.id)
    }
}

fn administers(viewer: &Viewer) -> bool {
    match &viewer.ctx.actor {
        Actor::Operator => true,
        Actor::Account { grants, .. } => grants.iter().any(|g| g.role.allows(Action::ManageAccounts)),
        Actor::Anonymous => false,
    }
}

async fn render_account(
    state: &AppState,
    viewer: &Viewer,
    username: String,
    new_token: Option<String>,
    form: Option<Fields>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let path = account_path(&username);
    let (ctx, current) = (viewer.ctx.clone(), viewer.session.clone());
    let (d, people) = state
        .run(move |store| {
            let d = accounts::account_detail(store, &ctx, &username, current.as_deref())?;
            let people = if d.manageable { accounts::linkable_people(store, &ctx, &username)? } else { Vec::new() };
            Ok::<_, ServiceError>((d, people))
        })
        .await
        .page(viewer, &path)?;
    let form = form.unwrap_or_else(|| Fields::blank(viewer.lang));
    let page =
        AccountPage { page: viewer.chrome(&path), d, path, administers: administers(viewer), new_token, form, people };
    Ok((status, render(&page)).into_response())
}

/// `/accounts/{username}`: an account, to its owner or an administrator.
pub(super) async fn show(Page { state, viewer }: Page, Path(username): Path<String>) -> Result<Response, WebError> {
    render_account(&state, &viewer, username, None, None, StatusCode::OK).await
}

/// After a change: back to the account's page, or the error page.
async fn done(viewer: &Viewer, username: &str, result: Result<(), ServiceError>) -> Result<Response, WebError> {
    let path = account_path(username);
    match result {
        Ok(()) => Ok(Redirect::to(&path).into_response()),
        Err(e) => Err(page_error(viewer.lang, &path, e)),
    }
}

pub(super) async fn disable(
    State(state): State<AppState>,
    Path(username): Path<String>,
    CsrfForm(viewer, NoFields {}): CsrfForm<NoFields>,
) -> Result<Response, WebError> {
    let (ctx, who) = (viewer.ctx.clone(), username.clone());
    let result = state.run(move |store| accounts::disable_account(store, &ctx, &who).map(drop)).await;
    done(&viewer, &username, result).await
}

pub(super) async fn enable(
    State(state): State<AppState>,
    Path(username): Path<String>,
    CsrfForm(viewer, NoFields {}): CsrfForm<NoFields>,
) -> Result<Response, WebError> {
    let (ctx, who) = (viewer.ctx.clone(), username.clone());
    let result = state.run(move |store| accounts::enable_account(store, &ctx, &who)).await;
    done(&viewer, &username, result).await
}

/// Ends the account's sessions: the owner's others (the one in use is kept), or all of another's.
pub(super) async fn end_sessions(
    State(state): State<AppState>,
    Path(username): Path<String>,
    CsrfForm(viewer, NoFields {}): CsrfForm<NoFields>,
) -> Result<Response, WebError> {
    let (ctx, who, current) = (viewer.ctx.clone(), username.clone(), viewer.session.clone());
    let result = state.run(move |store| accounts::end_sessions(store, &ctx, &who, current.as_deref()).map(drop)).await;
    done(&viewer, &username, result).await
}

pub(super) async fn revoke_token(
    State(state): State<AppState>,
    Path((username, id)): Path<(String, i64)>,
    CsrfForm(viewer, NoFields {}): CsrfForm<NoFields>,
) -> Result<Response, WebError> {
    let (ctx, who) = (viewer.ctx.clone(), username.clone());
    let result = state.run(move |store| accounts::revoke_token(store, &ctx, &who, id)).await;
    done(&viewer, &username, result).await
}

#[derive(Deserialize)]
pub(super) struct PersonForm {
    /// The person's id, or empty to unlink.
    #[serde(default)]
    person: String,
}

/// Links the account to a person of the register (or unlinks it, with an empty choice).
pub(super) async fn link_person(
    State(state): State<AppState>,
    Path(username): Path<String>,
    CsrfForm(viewer, form): CsrfForm<PersonForm>,
) -> Result<Response, WebError> {
    let person = match form.person.trim() {
        "" => None,
        id => match id.parse::<i64>() {
            Ok(id) => Some(cabildo_domain::PersonId(id)),
            Err(_) => {
                let error = cabildo_services::Refusal::UnknownPerson { id: 0 };
                return Err(page_error(viewer.lang, &account_path(&username), error.into()));
            }
        },
    };
    let (ctx, who) = (viewer.ctx.clone(), username.clone());
    let result = state.run(move |store| accounts::link_person(store, &ctx, &who, person)).await;
    done(&viewer, &username, result).await
}

#[derive(Deserialize)]
pub(super) struct TokenForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
}

/// A new API token for one's own account, confirmed with the password (through the limiter);
/// the page shows it this once.
pub(super) async fn create_token(
    State(state): State<AppState>,
    Path(username): Path<String>,
    addr: ClientAddr,
    CsrfForm(viewer, form): CsrfForm<TokenForm>,
) -> Result<Response, WebError> {
    let path = account_path(&username);
    let own = viewer.account.as_ref().is_some_and(|a| a.username == username);
    if !own {
        let error = if viewer.signed_in() {
            ServiceError::Forbidden { body: String::new() }
        } else {
            ServiceError::SignInRequired
        };
        return Err(page_error(viewer.lang, &path, error));
    }
    let (ctx, limiter, address, name, password) =
        (viewer.ctx.clone(), state.limiter.clone(), addr.key(), form.name.clone(), form.password);
    let created = state
        .run(move |store| {
            let attempt = access::Attempt { limiter: &limiter, address: &address };
            access::create_own_api_token(store, &ctx, attempt, &name, &password)
        })
        .await;
    match created {
        Ok(secret) => render_account(&state, &viewer, username, Some(secret), None, StatusCode::OK).await,
        Err(e) if not_about_the_form(&e) => Err(page_error(viewer.lang, &path, e)),
        Err(e) => {
            let mut fields = Fields::new(viewer.lang, [("name".to_string(), form.name)].into_iter().collect());
            match &e {
                ServiceError::BadCredentials | ServiceError::TooManyAttempts { .. } => {
                    fields.note("password", e.message().id, text_of(viewer.lang, &e));
                }
                ServiceError::Domain(d) if d.field().is_some() => {
                    fields.note("name", e.message().id, text_of(viewer.lang, &e))
                }
                _ => fields.general = Some(text_of(viewer.lang, &e)),
            }
            render_account(&state, &viewer, username, None, Some(fields), status_of(&e)).await
        }
    }
}
