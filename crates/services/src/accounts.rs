//! An account's lifecycle after its creation: disabling and enabling it, its API tokens listed and
//! revoked, its sessions listed and ended.
//!
//! Who may do what: an account sees and ends its own sessions and tokens. An administrator (a role
//! that manages accounts) manages an account whose every role lies within the sub-trees where the
//! administrator holds that right — so the administrador of a sindicato cannot disable the
//! federation's administrador — and accounts with no role at all. The operator (the command line
//! on the server) manages every account. Nobody disables their own account (it would lock out the
//! last administrator by a slip of the finger).

use cabildo_domain::access::Action::ViewMembers;
use cabildo_domain::access::{self, Action, Grant, Role};
use cabildo_domain::{PersonId, Tree};
pub use cabildo_store::ApiToken;
use cabildo_store::Repo;
use cabildo_store::{Account, Store};

use crate::access::{Actor, Ctx, secret_hash};
use crate::{Result, ServiceError};

/// An account as an administrator sees it in the list.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountSummary {
    pub username: String,
    pub display_name: String,
    pub created_at: i64,
    pub disabled_at: Option<i64>,
    /// Each role with the label of the body it is granted on.
    pub roles: Vec<(Role, String)>,
    /// Sessions not yet expired.
    pub sessions: usize,
    /// Tokens not revoked.
    pub tokens: usize,
    /// The person the account belongs to, with their name, when it is linked.
    pub person: Option<(PersonId, String)>,
}

/// One signed-in session of an account (the cookie itself is never shown).
#[derive(Debug, Clone, PartialEq)]
pub struct SessionSummary {
    pub created_at: i64,
    pub expires_at: i64,
    /// The session the request came with.
    pub current: bool,
}

/// An account with its sessions and tokens, as its owner or an administrator sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountDetail {
    pub account: AccountSummary,
    pub sessions: Vec<SessionSummary>,
    pub tokens: Vec<ApiToken>,
    /// The viewer is the account's owner.
    pub own: bool,
    /// The viewer may disable or enable it, and end all its sessions.
    pub manageable: bool,
}

/// Whether the actor may manage `account` (see the module's rule), given the tree.
fn may_manage(ctx: &Ctx, tree: &Tree, target_grants: &[Grant]) -> bool {
    match &ctx.actor {
        Actor::Operator => true,
        Actor::Account { grants, .. } => {
            grants.iter().any(|g| g.role.allows(Action::ManageAccounts))
                && target_grants.iter().all(|t| access::allows(grants, tree, Action::ManageAccounts, t.body))
        }
        Actor::Anonymous => false,
    }
}

fn tree_of(repo: &mut dyn Repo) -> Result<(Tree, Vec<cabildo_domain::Body>)> {
    let bodies = repo.bodies()?;
    Ok((Tree::new(bodies.iter().map(|b| (b.id, b.parent_id))), bodies))
}

fn find(repo: &mut dyn Repo, username: &str) -> Result<Account> {
    repo.account_by_username(&username.trim().to_lowercase())?
        .ok_or_else(|| ServiceError::UnknownAccount { username: username.to_string() })
}

/// Refuses unless the actor is the account's owner or may manage it; answers whether it may manage.
fn require_owner_or_manager(repo: &mut dyn Repo, ctx: &Ctx, account: &Account) -> Result<bool> {
    if ctx.actor == Actor::Anonymous {
        return Err(ServiceError::SignInRequired);
    }
    let (tree, _) = tree_of(repo)?;
    let manageable = ctx.account_id() != Some(account.id) && may_manage(ctx, &tree, &repo.grants(account.id)?);
    if manageable || ctx.account_id() == Some(account.id) {
        Ok(manageable)
    } else {
        Err(ServiceError::Forbidden { body: String::new() })
    }
}

fn require_manager(repo: &mut dyn Repo, ctx: &Ctx, account: &Account) -> Result<()> {
    if ctx.actor == Actor::Anonymous {
        return Err(ServiceError::SignInRequired);
    }
    let (tree, _) = tree_of(repo)?;
    if may_manage(ctx, &tree, &repo.grants(account.id)?) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden { body: String::new() })
    }
}

fn summary(
    repo: &mut dyn Repo,
    bodies: &[cabildo_domain::Body],
    account: &Account,
    now: i64,
) -> Result<AccountSummary> {
    let roles = repo
        .grants(account.id)?
        .into_iter()
        .map(|g| {
            let label = bodies.iter().find(|b| b.id == g.body).map_or_else(|| g.body.to_string(), |b| b.label());
            (g.role, label)
        })
        .collect();
    let sessions = repo.sessions_of(account.id)?.iter().filter(|(_, s)| s.expires_at >= now).count();
    let tokens = repo.api_tokens(account.id)?.iter().filter(|t| t.revoked_at.is_none()).count();
    let person = match account.person_id {
        Some(id) => Some((id, person_name(repo, id)?)),
        None => None,
    };
    Ok(AccountSummary {
        username: account.username.clone(),
        display_name: account.display_name.clone(),
        created_at: account.created_at,
        disabled_at: account.disabled_at,
        roles,
        sessions,
        tokens,
        person,
    })
}

/// The accounts the actor may manage, by username. Refused to whoever manages none.
pub fn list_accounts(store: &Store, ctx: &Ctx) -> Result<Vec<AccountSummary>> {
    store.read(|repo| {
        match &ctx.actor {
            Actor::Anonymous => return Err(ServiceError::SignInRequired),
            Actor::Account { grants, .. } if !grants.iter().any(|g| g.role.allows(Action::ManageAccounts)) => {
                return Err(ServiceError::Forbidden { body: String::new() });
            }
            _ => {}
        }
        let (tree, bodies) = tree_of(repo)?;
        let mut found = Vec::new();
        for account in repo.accounts()? {
            if may_manage(ctx, &tree, &repo.grants(account.id)?) {
                found.push(summary(repo, &bodies, &account, ctx.now)?);
            }
        }
        Ok(found)
    })
}

/// One account with its sessions and tokens; `current` is the viewer's session cookie, to mark it.
pub fn account_detail(store: &Store, ctx: &Ctx, username: &str, current: Option<&str>) -> Result<AccountDetail> {
    let current = current.map(secret_hash);
    store.read(|repo| {
        let account = find(repo, username)?;
        let manageable = require_owner_or_manager(repo, ctx, &account)?;
        let (_, bodies) = tree_of(repo)?;
        let sessions = repo
            .sessions_of(account.id)?
            .into_iter()
            .filter(|(_, s)| s.expires_at >= ctx.now)
            .map(|(hash, s)| SessionSummary {
                created_at: s.created_at,
                expires_at: s.expires_at,
                current: current.as_deref() == Some(hash.as_str()),
            })
            .collect();
        Ok(AccountDetail {
            account: summary(repo, &bodies, &account, ctx.now)?,
            sessions,
            tokens: repo.api_tokens(account.id)?,
            own: ctx.account_id() == Some(account.id),
            manageable,
        })
    })
}

/// What disabling an account ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Disabled {
    pub sessions: u64,
    pub tokens: u64,
}

/// Disables an account: it cannot sign in, and its sessions and API tokens end in the same
/// transaction (the next request with them is refused as signed out). Enabling it again does not
/// bring them back.
pub fn disable_account(store: &Store, ctx: &Ctx, username: &str) -> Result<Disabled> {
    store.write(|repo| {
        let account = find(repo, username)?;
        if ctx.account_id() == Some(account.id) {
            return Err(ServiceError::CannotDisableSelf);
        }
        require_manager(repo, ctx, &account)?;
        repo.set_account_disabled(account.id, Some(account.disabled_at.unwrap_or(ctx.now)))?;
        let ended = Disabled {
            sessions: repo.delete_sessions_of(account.id, None)?,
            tokens: repo.revoke_api_tokens_of(account.id, ctx.now)?,
        };
        ctx.audit(
            repo,
            None,
            "account.disable",
            format!("{}: {} sessions ended, {} tokens revoked", account.username, ended.sessions, ended.tokens),
        )?;
        Ok(ended)
    })
}

/// Enables a disabled account again: its owner can sign in (tokens revoked stay revoked).
pub fn enable_account(store: &Store, ctx: &Ctx, username: &str) -> Result<()> {
    store.write(|repo| {
        let account = find(repo, username)?;
        require_manager(repo, ctx, &account)?;
        if account.disabled_at.is_none() {
            return Ok(());
        }
        repo.set_account_disabled(account.id, None)?;
        ctx.audit(repo, None, "account.enable", account.username.clone())
    })
}

/// Revokes one API token of an account (by its number in the account's list). Revoking a revoked
/// token changes nothing.
pub fn revoke_token(store: &Store, ctx: &Ctx, username: &str, token: i64) -> Result<()> {
    store.write(|repo| {
        let account = find(repo, username)?;
        require_owner_or_manager(repo, ctx, &account)?;
        if !repo.api_tokens(account.id)?.iter().any(|t| t.id == token) {
            return Err(ServiceError::UnknownToken { id: token });
        }
        if repo.revoke_api_token(account.id, token, ctx.now)? {
            ctx.audit(repo, None, "token.revoke", format!("{} {token}", account.username))?;
        }
        Ok(())
    })
}

/// Ends an account's sessions. The owner ends their *other* sessions (`current` is the cookie of
/// the one they are using, kept); an administrator ends every session of another's account.
/// Returns how many ended.
pub fn end_sessions(store: &Store, ctx: &Ctx, username: &str, current: Option<&str>) -> Result<u64> {
    store.write(|repo| {
        let account = find(repo, username)?;
        require_owner_or_manager(repo, ctx, &account)?;
        let keep = if ctx.account_id() == Some(account.id) { current.map(secret_hash) } else { None };
        let ended = repo.delete_sessions_of(account.id, keep.as_deref())?;
        ctx.audit(repo, None, "account.sessions_end", format!("{}: {ended}", account.username))?;
        Ok(ended)
    })
}

/// Someone an account may be linked to: a person holding an office today in a body where the
/// account has a role (the officer who signs actas), or the representative of a family registered
/// in such a body (the afiliado who looks at their family's record).
#[derive(Debug, Clone, PartialEq)]
pub struct LinkablePerson {
    pub id: PersonId,
    pub name: String,
    /// The body's label.
    pub body: String,
    pub link: Linkable,
}

/// Why a person may be linked to an account.
#[derive(Debug, Clone, PartialEq)]
pub enum Linkable {
    /// Holds this office today.
    Office { title: String },
    /// Represents a family of the body, with its register number when it has one.
    Household { register_number: Option<String> },
}

fn person_name(repo: &mut dyn Repo, id: PersonId) -> Result<String> {
    repo.person_name(id)?
        .map(|name| name.display())
        .ok_or_else(|| ServiceError::Internal(format!("account linked to missing person {}", id.0)))
}

/// The people `account` may be linked to (see [`LinkablePerson`]), officers first, among the
/// bodies where the actor may also see members.
fn linkable(repo: &mut dyn Repo, ctx: &Ctx, account: &Account) -> Result<Vec<LinkablePerson>> {
    let (tree, bodies) = tree_of(repo)?;
    let mut grants: Vec<_> = repo.grants(account.id)?.into_iter().map(|g| g.body).collect();
    grants.sort();
    grants.dedup();
    let (mut officers, mut families) = (Vec::new(), Vec::new());
    for body_id in grants {
        if !ctx.may(&tree, ViewMembers, body_id) {
            continue;
        }
        let Some(body) = bodies.iter().find(|b| b.id == body_id) else { continue };
        let offices = repo.offices(body_id)?;
        // Officers past their term serve until a successor takes office (prorrogado).
        for office in crate::assembly::serving(&offices, ctx.today).into_iter().cloned() {
            officers.push(LinkablePerson {
                id: office.person_id,
                name: office.holder.display(),
                body: body.label(),
                link: Linkable::Office { title: office.title },
            });
        }
        for (id, name, register_number) in repo.representatives(body_id)? {
            families.push(LinkablePerson {
                id,
                name: name.display(),
                body: body.label(),
                link: Linkable::Household { register_number },
            });
        }
    }
    officers.extend(families);
    Ok(officers)
}

/// The people an administrator may link `username` to. Refused to whoever may not manage it.
pub fn linkable_people(store: &Store, ctx: &Ctx, username: &str) -> Result<Vec<LinkablePerson>> {
    store.read(|repo| {
        let account = find(repo, username)?;
        require_manager(repo, ctx, &account)?;
        linkable(repo, ctx, &account)
    })
}

/// Links an account to the person it belongs to (`Some`), or unlinks it (`None`). The person must
/// be one of [`linkable_people`]; a person linked to another account is refused naming it. Only an
/// administrator who may manage the account does it (an account cannot link itself: whoever holds
/// it would otherwise sign as anyone).
pub fn link_person(store: &Store, ctx: &Ctx, username: &str, person: Option<PersonId>) -> Result<()> {
    store.write(|repo| {
        let account = find(repo, username)?;
        if ctx.account_id() == Some(account.id) && ctx.actor != Actor::Operator {
            return Err(ServiceError::Forbidden { body: String::new() });
        }
        require_manager(repo, ctx, &account)?;
        let Some(person) = person else {
            if account.person_id.is_some() {
                repo.set_account_person(account.id, None)?;
                ctx.audit(repo, None, "account.unlink_person", account.username.clone())?;
            }
            return Ok(());
        };
        let candidates = linkable(repo, ctx, &account)?;
        let Some(chosen) = candidates.iter().find(|c| c.id == person) else {
            return Err(crate::Refusal::UnknownPerson { id: person.0 }.into());
        };
        if let Some(other) = repo.account_of_person(person)?.filter(|other| other.id != account.id) {
            return Err(ServiceError::PersonHasAccount { name: chosen.name.clone(), username: other.username });
        }
        if account.person_id != Some(person) {
            repo.set_account_person(account.id, Some(person))?;
            ctx.audit(repo, None, "account.link_person", format!("{}: {}", account.username, chosen.name))?;
        }
        Ok(())
    })
}

/// The person linked to the signed-in account, if any: whom its holder is in the register.
pub fn linked_person(store: &Store, ctx: &Ctx) -> Result<Option<PersonId>> {
    let Some(id) = ctx.account_id() else { return Ok(None) };
    store.read(|repo| Ok(repo.account(id)?.and_then(|a| a.person_id)))
}
