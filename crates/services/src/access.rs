//! Who acts, and when: every use-case takes a [`Ctx`]. Accounts, sign-in, sessions, API tokens,
//! roles by body, and the audit trail.
//!
//! Secrets (session cookies, API tokens) are random 256-bit values; the database keeps only their
//! SHA-256, so whoever reads it cannot act with them. Passwords are hashed with Argon2id.
//!
//! Who someone is is always read from the primary database (`Store::read_primary`), never from a
//! read replica that may lag: a session signed out, a token revoked or a password changed stops
//! working at once.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cabildo_domain::access::{self, AccountId, Action, Grant, Role, validate_password, validate_username};
use cabildo_domain::{BodyId, Date, Field, Tree, text};
pub use cabildo_store::{Account, AuditEvent};
use cabildo_store::{Minter, Repo, Session, Store, StoreError};
use sha2::{Digest, Sha256};

pub use crate::limiter::{Attempt, Limit, Limits, RateLimiter};
use crate::registry::resolve_body;
use crate::{Result, ServiceError};

/// Who is acting.
#[derive(Debug, Clone, PartialEq)]
pub enum Actor {
    /// Whoever holds the database itself (the command line on the server): may do everything.
    Operator,
    /// A signed-in account, with its roles.
    Account { id: AccountId, username: String, grants: Vec<Grant> },
    /// Someone not signed in: sees public pages only.
    Anonymous,
}

/// The context of one use-case: who acts, and the time (read from the clock by the caller).
#[derive(Debug, Clone, PartialEq)]
pub struct Ctx {
    pub actor: Actor,
    /// Unix seconds, UTC.
    pub now: i64,
    /// The calendar day where the organisation is.
    pub today: Date,
}

impl Ctx {
    pub fn operator(now: i64, today: Date) -> Ctx {
        Ctx { actor: Actor::Operator, now, today }
    }

    /// Mints the public ids of the records this use-case creates, stamped with the context's
    /// time (to the second: `now` has no finer grain) and random bits from the operating system.
    pub fn minter(&self) -> Result<Minter> {
        let millis = u64::try_from(self.now).unwrap_or(0).saturating_mul(1000);
        Ok(Minter::new(millis)?)
    }

    pub fn account_id(&self) -> Option<AccountId> {
        match &self.actor {
            Actor::Account { id, .. } => Some(*id),
            _ => None,
        }
    }

    /// The name that goes in the audit trail.
    pub fn actor_name(&self) -> String {
        match &self.actor {
            Actor::Operator => "operador".to_string(),
            Actor::Account { username, .. } => username.clone(),
            Actor::Anonymous => "anónimo".to_string(),
        }
    }

    /// Whether the actor may do `action` on `body`, given the tree.
    pub fn may(&self, tree: &Tree, action: Action, body: BodyId) -> bool {
        match &self.actor {
            Actor::Operator => true,
            Actor::Account { grants, .. } => access::allows(grants, tree, action, body),
            Actor::Anonymous => false,
        }
    }

    /// Refuses unless the actor may do `action` on `body`.
    pub fn require(&self, repo: &mut dyn Repo, action: Action, body: BodyId) -> Result<()> {
        if self.actor == Actor::Operator {
            return Ok(());
        }
        // Whether `body` lies within a granted body needs only the bodies above it: reading the
        // whole register here cost 40-70 ms a check at 23,000 bodies, several per page.
        let bodies = repo.body_with_ancestors(body)?;
        let tree = Tree::new(bodies.iter().map(|b| (b.id, b.parent_id)));
        if self.may(&tree, action, body) {
            return Ok(());
        }
        let label = bodies.iter().find(|b| b.id == body).map_or_else(|| body.to_string(), |b| b.label());
        Err(if self.actor == Actor::Anonymous {
            ServiceError::SignInRequired
        } else {
            ServiceError::Forbidden { body: label }
        })
    }

    /// Records a change in the audit trail, in the caller's transaction.
    pub fn audit(
        &self,
        repo: &mut dyn Repo,
        body: Option<BodyId>,
        action: &str,
        detail: impl Into<String>,
    ) -> Result<()> {
        repo.insert_audit(&AuditEvent {
            at: self.now,
            account_id: self.account_id(),
            actor: self.actor_name(),
            body_id: body,
            action: action.to_string(),
            detail: detail.into(),
        })?;
        Ok(())
    }
}

/// How passwords are hashed. Production uses Argon2id's recommended cost; tests a cheap one.
#[derive(Debug, Clone, Copy)]
pub struct PasswordCost {
    memory_kib: u32,
    iterations: u32,
}

impl PasswordCost {
    /// Argon2id with 19 MiB and 2 passes (OWASP's baseline).
    pub const STANDARD: PasswordCost = PasswordCost { memory_kib: 19 * 1024, iterations: 2 };
    /// Only for tests: fast, not safe.
    pub const TESTS_ONLY: PasswordCost = PasswordCost { memory_kib: 64, iterations: 1 };

    fn hasher(self) -> Result<Argon2<'static>> {
        let params = Params::new(self.memory_kib, self.iterations, 1, None)
            .map_err(|e| ServiceError::Internal(e.to_string()))?;
        Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
    }

    pub fn hash(self, password: &str) -> Result<String> {
        let salt = SaltString::generate(&mut OsRng);
        Ok(self
            .hasher()?
            .hash_password(password.as_bytes(), &salt)
            .map_err(|e| ServiceError::Internal(e.to_string()))?
            .to_string())
    }

    /// 32 bytes derived from a password and a salt: the seed of an account's signing key, so the
    /// private key is never stored.
    pub fn derive_key(self, password: &str, salt: &[u8]) -> Result<[u8; 32]> {
        let mut out = [0u8; 32];
        self.hasher()?
            .hash_password_into(password.as_bytes(), salt, &mut out)
            .map_err(|e| ServiceError::Internal(e.to_string()))?;
        Ok(out)
    }

    /// How the salt of a signing key is stored: with the cost the key is derived with
    /// (`argon2id:m=19456,t=2:<hex salt>`), so that the key can be derived again whatever the
    /// cost of new keys becomes.
    pub fn key_salt(self, salt: &[u8]) -> String {
        format!("argon2id:m={},t={}:{}", self.memory_kib, self.iterations, cabildo_domain::acta::to_hex(salt))
    }

    /// The cost and salt of a stored key salt; a bare hex salt (keys made before the cost was
    /// stored) was derived with `self`. `None` if it cannot be read.
    pub fn read_key_salt(self, stored: &str) -> Option<(PasswordCost, Vec<u8>)> {
        let (cost, hex) = match stored.strip_prefix("argon2id:") {
            Some(rest) => {
                let (params, hex) = rest.split_once(':')?;
                let (m, t) = params.split_once(',')?;
                let memory_kib: u32 = m.strip_prefix("m=")?.parse().ok()?;
                let iterations: u32 = t.strip_prefix("t=")?.parse().ok()?;
                // Argon2's own bounds are wider; these keep a tampered value from costing hours.
                if !(8..=(1 << 21)).contains(&memory_kib) || !(1..=16).contains(&iterations) {
                    return None;
                }
                (PasswordCost { memory_kib, iterations }, hex)
            }
            None => (self, stored),
        };
        let salt = cabildo_domain::acta::from_hex(hex).filter(|salt| salt.len() >= 8)?;
        Some((cost, salt))
    }

    /// Checks a password against a stored hash (whatever cost it was made with). A stored value
    /// that is not an Argon2 hash is corrupt data, an error: not a wrong password.
    pub fn verify(self, password: &str, stored: &str) -> Result<bool> {
        let hash = PasswordHash::new(stored)
            .map_err(|_| StoreError::Corrupt("accounts.password_hash: not a password hash".into()))?;
        Ok(Argon2::default().verify_password(password.as_bytes(), &hash).is_ok())
    }
}

/// A fresh random secret, URL-safe.
pub fn new_secret() -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| ServiceError::Internal(e.to_string()))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// What the database keeps of a secret.
pub fn secret_hash(secret: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(secret.as_bytes()))
}

/// Creates an account. The first account of a database may be created by anyone (first run);
/// after that, only by someone who may manage accounts somewhere (or the operator).
pub fn create_account(
    store: &Store,
    ctx: &Ctx,
    cost: PasswordCost,
    username: &str,
    display_name: &str,
    password: &str,
) -> Result<Account> {
    let (username, display_name, hash) = account_input(cost, username, display_name, password)?;
    store.write(|repo| insert_account(repo, ctx, &username, &display_name, &hash))
}

/// [`create_account`], with the account's signing key made now and entered in the key log
/// endorsed by the key of `admin` (an account administrator, who confirms with their password,
/// checked through `attempt`'s limiter): a key a pin taken before need not cover. One
/// transaction: a wrong administrator's password makes no account.
#[allow(clippy::too_many_arguments)]
pub fn create_account_endorsed(
    store: &Store,
    ctx: &Ctx,
    cost: PasswordCost,
    attempt: Attempt<'_>,
    username: &str,
    display_name: &str,
    password: &str,
    (admin, admin_password): (&str, &str),
) -> Result<(Account, u64)> {
    let (username, display_name, hash) = account_input(cost, username, display_name, password)?;
    store.write(|repo| {
        let account = insert_account(repo, ctx, &username, &display_name, &hash)?;
        let check = crate::keys::PasswordCheck { cost, attempt };
        let seq = crate::keys::issue_key(repo, ctx, check, (admin, admin_password), &account, password)?;
        Ok((account, seq))
    })
}

fn insert_account(repo: &mut dyn Repo, ctx: &Ctx, username: &str, display_name: &str, hash: &str) -> Result<Account> {
    let first = repo.count_accounts()? == 0;
    let may_manage = match &ctx.actor {
        Actor::Operator => true,
        Actor::Account { grants, .. } => grants.iter().any(|g| g.role.allows(Action::ManageAccounts)),
        Actor::Anonymous => first,
    };
    if !may_manage {
        return Err(ServiceError::Forbidden { body: String::new() });
    }
    if repo.account_by_username(username)?.is_some() {
        return Err(ServiceError::DuplicateUsername { username: username.to_string() });
    }
    let id = repo.insert_account(username, display_name, hash, ctx.now)?;
    ctx.audit(repo, None, "account.create", format!("{username} ({display_name})"))?;
    repo.account(id)?.ok_or_else(|| ServiceError::Internal("new account not found".into()))
}

/// A new account's username and display name checked, and its password's hash (the slow part,
/// done before any transaction opens).
fn account_input(
    cost: PasswordCost,
    username: &str,
    display_name: &str,
    password: &str,
) -> Result<(String, String, String)> {
    let username = validate_username(username)?;
    let display_name = text::required(Field::GivenNames, display_name, 100)?;
    validate_password(password)?;
    Ok((username, display_name, cost.hash(password)?))
}

/// The first run: whoever reaches a database without accounts creates its first administrator,
/// who gets the administrador role on every root body and a signing key, the key log's root — in
/// one transaction, so that a failure leaves no account without its roles, and a second visitor
/// racing the first is refused.
pub fn create_first_administrator(
    store: &Store,
    ctx: &Ctx,
    cost: PasswordCost,
    username: &str,
    display_name: &str,
    password: &str,
) -> Result<Account> {
    let (username, display_name, hash) = account_input(cost, username, display_name, password)?;
    let now = ctx.now;
    store.write(|repo| {
        if repo.count_accounts()? != 0 {
            return Err(ServiceError::Forbidden { body: String::new() });
        }
        let id = repo.insert_account(&username, &display_name, &hash, now)?;
        ctx.audit(repo, None, "account.create", format!("{username} ({display_name})"))?;
        for root in repo.bodies()?.into_iter().filter(|b| b.parent_id.is_none()) {
            repo.insert_grant(id, root.id, Role::Administrador, now)?;
            ctx.audit(repo, Some(root.id), "account.grant", format!("{username} {}", Role::Administrador.code()))?;
        }
        let account = repo.account(id)?.ok_or_else(|| ServiceError::Internal("new account not found".into()))?;
        // The first administrator's first key is the key log's root (when the log is empty).
        crate::keys::first_administrator_key(repo, cost, &account, password, now)?;
        Ok(account)
    })
}

/// Whether the database has no account yet (the first-run page offers to create one).
pub fn needs_first_account(store: &Store) -> Result<bool> {
    store.read_primary(|repo| Ok(repo.count_accounts()? == 0))
}

/// Grants a role on a body (and so on its sub-tree). Granting the same role twice is harmless.
pub fn grant(store: &Store, ctx: &Ctx, username: &str, body: &str, role: Role) -> Result<()> {
    store.write(|repo| {
        let body = resolve_body(repo, body)?;
        ctx.require(repo, Action::ManageAccounts, body.id)?;
        let account = repo
            .account_by_username(&username.trim().to_lowercase())?
            .ok_or_else(|| ServiceError::UnknownAccount { username: username.to_string() })?;
        if repo.grants(account.id)?.contains(&Grant { body: body.id, role }) {
            return Ok(());
        }
        repo.insert_grant(account.id, body.id, role, ctx.now)?;
        ctx.audit(repo, Some(body.id), "account.grant", format!("{} {}", account.username, role.code()))
    })
}

/// The actor behind an account id (its roles loaded), in a read transaction.
fn actor_of(repo: &mut dyn Repo, account: &Account) -> Result<Actor> {
    Ok(Actor::Account { id: account.id, username: account.username.clone(), grants: repo.grants(account.id)? })
}

/// How long a session lasts without signing in again.
pub const SESSION_SECONDS: i64 = 12 * 3600;

/// A new session: the secret goes in the cookie, its hash in the database.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSession {
    pub secret: String,
    pub csrf_token: String,
    pub expires_at: i64,
    pub account: Account,
}

/// What a sign-in without an account checks the password against, to take as long as with one.
const NO_ACCOUNT_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/// Signs in with a username and password, through the rate limiter. A wrong username and a
/// wrong password give the same answer, so that nobody can learn which accounts exist; a
/// disabled account says so only to whoever gave its right password.
pub fn sign_in(store: &Store, attempt: Attempt<'_>, now: i64, username: &str, password: &str) -> Result<NewSession> {
    let username = username.trim().to_lowercase();
    let account = store.read_primary(|repo| repo.account_by_username(&username).map_err(ServiceError::from))?;
    attempt.limiter.check(now, &username, attempt.address, || match &account {
        Some(account) => PasswordCost::STANDARD.verify(password, &account.password_hash),
        // Spend the same time as a real check.
        None => PasswordCost::STANDARD.verify(password, NO_ACCOUNT_HASH).map(|_| false),
    })?;
    let Some(account) = account else { return Err(ServiceError::BadCredentials) };
    if account.disabled_at.is_some() {
        return Err(ServiceError::AccountDisabled);
    }
    let secret = new_secret()?;
    let csrf_token = new_secret()?;
    let session = Session {
        account_id: account.id,
        csrf_token: csrf_token.clone(),
        created_at: now,
        expires_at: now + SESSION_SECONDS,
    };
    store.write(|repo| {
        repo.delete_expired_sessions(now)?;
        repo.insert_session(&secret_hash(&secret), &session)?;
        Ok::<(), ServiceError>(())
    })?;
    Ok(NewSession { secret, csrf_token, expires_at: session.expires_at, account })
}

/// The actor and CSRF token of a session cookie, if it is valid and not expired.
pub fn session_actor(store: &Store, now: i64, secret: &str) -> Result<Option<SessionActor>> {
    Ok(session_until(store, now, secret)?.map(|(found, _)| found))
}

/// Who a session is (actor, CSRF token, account), as [`session_actor`] answers it.
pub type SessionActor = (Actor, String, Account);

/// [`session_actor`] and when the session stops being valid, read in one transaction (a page
/// view that must look its session up again costs the primary one transaction, not two).
pub fn session_until(store: &Store, now: i64, secret: &str) -> Result<Option<(SessionActor, i64)>> {
    store.read_primary(|repo| {
        let Some(session) = repo.session(&secret_hash(secret))? else { return Ok(None) };
        if session.expires_at < now {
            return Ok(None);
        }
        let Some(account) = repo.account(session.account_id)?.filter(|a| a.disabled_at.is_none()) else {
            return Ok(None);
        };
        Ok(Some(((actor_of(repo, &account)?, session.csrf_token, account), session.expires_at)))
    })
}

pub fn sign_out(store: &Store, secret: &str) -> Result<()> {
    store.write(|repo| Ok(repo.delete_session(&secret_hash(secret))?))
}

/// Creates an API token for an account; the token is shown once and only its hash is kept.
pub fn create_api_token(store: &Store, ctx: &Ctx, username: &str, name: &str) -> Result<String> {
    let secret = new_secret()?;
    store.write(|repo| {
        let account = repo
            .account_by_username(&username.trim().to_lowercase())?
            .ok_or_else(|| ServiceError::UnknownAccount { username: username.to_string() })?;
        if ctx.actor != Actor::Operator && ctx.account_id() != Some(account.id) {
            return Err(ServiceError::Forbidden { body: String::new() });
        }
        let name = text::required(Field::TokenName, name, 100)?;
        repo.insert_api_token(account.id, &name, &secret_hash(&secret), ctx.now)?;
        ctx.audit(repo, None, "token.create", format!("{} {name}", account.username))
    })?;
    Ok(secret)
}

/// A token's use is recorded at most this often (seconds): the last use shown is to the minute,
/// and an API call costs a write only once a minute per token.
pub const TOKEN_USE_EVERY: i64 = 60;

/// The actor behind a bearer token, used at `now`: the use is recorded (to the minute) in a
/// short write of its own when the last one recorded is a minute old or more.
pub fn token_actor(store: &Store, now: i64, token: &str) -> Result<Option<Actor>> {
    let hash = secret_hash(token);
    let found = store.read_primary(|repo| -> Result<Option<(Actor, Option<i64>)>> {
        let Some((id, last_used)) = repo.api_token_use(&hash)? else { return Ok(None) };
        match repo.account(id)?.filter(|a| a.disabled_at.is_none()) {
            Some(account) => Ok(Some((actor_of(repo, &account)?, last_used))),
            None => Ok(None),
        }
    })?;
    let Some((actor, last_used)) = found else { return Ok(None) };
    if last_used.is_none_or(|at| at <= now - TOKEN_USE_EVERY) {
        store.write(|repo| repo.record_api_token_use(&hash, now, TOKEN_USE_EVERY).map_err(ServiceError::from))?;
    }
    Ok(Some(actor))
}

/// Creates an API token for the signed-in account, who confirms with their password (through
/// the rate limiter): a stolen session alone cannot mint a lasting credential. The token is
/// shown once; only its hash is kept.
pub fn create_own_api_token(
    store: &Store,
    ctx: &Ctx,
    attempt: Attempt<'_>,
    name: &str,
    password: &str,
) -> Result<String> {
    let Some(id) = ctx.account_id() else { return Err(ServiceError::SignInRequired) };
    let name = text::required(Field::TokenName, name, 100)?;
    let account = store
        .read(|repo| repo.account(id).map_err(ServiceError::from))?
        .filter(|a| a.disabled_at.is_none())
        .ok_or(ServiceError::SignInRequired)?;
    attempt.limiter.check(ctx.now, &account.username, attempt.address, || {
        PasswordCost::STANDARD.verify(password, &account.password_hash)
    })?;
    let secret = new_secret()?;
    store.write(|repo| {
        repo.insert_api_token(account.id, &name, &secret_hash(&secret), ctx.now)?;
        ctx.audit(repo, None, "token.create", format!("{} {name}", account.username))
    })?;
    Ok(secret)
}

/// The latest audit lines about a body and everything below it.
pub fn audit_trail(store: &Store, ctx: &Ctx, body: &str, limit: u64) -> Result<Vec<AuditEvent>> {
    store.read(|repo| {
        let body = resolve_body(repo, body)?;
        ctx.require(repo, Action::ViewAudit, body.id)?;
        let bodies = repo.bodies()?;
        let tree = Tree::new(bodies.iter().map(|b| (b.id, b.parent_id)));
        Ok(repo.audit(&tree.subtree(body.id), limit.clamp(1, 1000))?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_against_their_own_hash() {
        let hash = PasswordCost::TESTS_ONLY.hash("una frase larga").unwrap_or_default();
        assert!(hash.starts_with("$argon2id$"));
        assert_eq!(PasswordCost::TESTS_ONLY.verify("una frase larga", &hash), Ok(true));
        assert_eq!(PasswordCost::TESTS_ONLY.verify("otra frase larga", &hash), Ok(false));
        // A stored value that is not a hash is corrupt data, not a wrong password.
        let corrupt = PasswordCost::TESTS_ONLY.verify("una frase larga", "not a hash");
        assert!(
            matches!(&corrupt, Err(ServiceError::Internal(m)) if m.contains("accounts.password_hash")),
            "{corrupt:?}"
        );
        // Signing in as nobody checks against a real hash (same time, no error).
        assert_eq!(PasswordCost::TESTS_ONLY.verify("una frase larga", NO_ACCOUNT_HASH), Ok(false));
    }

    #[test]
    fn key_salts_keep_the_cost_their_key_was_derived_with() {
        let stored = PasswordCost::TESTS_ONLY.key_salt(&[1, 2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(stored, "argon2id:m=64,t=1:0102030405060708");
        let (cost, salt) = PasswordCost::STANDARD.read_key_salt(&stored).unwrap_or((PasswordCost::STANDARD, vec![]));
        assert_eq!((cost.memory_kib, cost.iterations, salt.len()), (64, 1, 8));
        let (cost, _) =
            PasswordCost::STANDARD.read_key_salt("0102030405060708").unwrap_or((PasswordCost::TESTS_ONLY, vec![]));
        assert_eq!(cost.memory_kib, PasswordCost::STANDARD.memory_kib, "a bare salt: the caller's cost");
        for bad in ["", "zz", "0102", "argon2id:m=64:0102030405060708", "argon2id:m=99999999,t=1:0102030405060708"] {
            assert!(PasswordCost::STANDARD.read_key_salt(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn secrets_are_random_and_only_their_hash_is_kept() {
        let (a, b) = (new_secret().unwrap_or_default(), new_secret().unwrap_or_default());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_ne!(secret_hash(&a), a);
        assert_eq!(secret_hash(&a), secret_hash(&a));
    }
}
