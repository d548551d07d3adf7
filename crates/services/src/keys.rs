//! Signing keys and the key log: an account's key, changing one's password (a new key endorsed
//! by the old one) and an administrator's reset of someone's password (a new key endorsed by the
//! administrator's key), and what the verifier trusts (see `cabildo_domain::keylog`).

use cabildo_domain::Tree;
use cabildo_domain::access::{AccountId, Action, Grant, validate_password};
use cabildo_domain::acta::{self, SigningKey};
pub use cabildo_domain::keylog::{KeyEntry, KeyKind, KeyPin, KeyProblem, KeyProblemKind, KeyTrust};
use cabildo_domain::keylog::{NewKeyEntry, check_log};
use cabildo_store::{Account, AccountKey, Repo, Store, StoreError};

use crate::access::{Attempt, PasswordCost, secret_hash};
use crate::error::Refusal;
use crate::{Actor, Ctx, Result, ServiceError};

fn may_manage_accounts(grants: &[Grant]) -> bool {
    grants.iter().any(|g| g.role.allows(Action::ManageAccounts))
}

fn new_salt() -> Result<[u8; 16]> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| ServiceError::Internal(e.to_string()))?;
    Ok(salt)
}

/// Enters a new key in the log after its last entry, with its salt beside it.
fn append(
    repo: &mut dyn Repo,
    cost: PasswordCost,
    new: NewKeyEntry,
    salt: &[u8],
    endorser: &SigningKey,
) -> Result<KeyEntry> {
    let head = repo.key_log_head()?;
    repo.insert_account_key(&AccountKey {
        account_id: AccountId(new.account_id),
        public_key: new.public_key.clone(),
        salt: cost.key_salt(salt),
        created_at: new.created_at,
    })?;
    let entry = KeyEntry::next(head.as_ref(), new, Some(endorser));
    repo.append_key_entry(&entry)?;
    Ok(entry)
}

/// The account's current key, derived from `password`: its last entry in the key log. The first
/// time, a key is made and entered, signed by itself: the log's root if it is the first entry
/// and the account administers accounts, an enrolled key otherwise.
pub fn signing_key(
    repo: &mut dyn Repo,
    cost: PasswordCost,
    account: &Account,
    password: &str,
    now: i64,
) -> Result<SigningKey> {
    key_of(repo, cost, account, password, now, false)
}

/// The first administrator's key, made at the first run: the key log's root if the log is empty.
pub(crate) fn first_administrator_key(
    repo: &mut dyn Repo,
    cost: PasswordCost,
    account: &Account,
    password: &str,
    now: i64,
) -> Result<SigningKey> {
    key_of(repo, cost, account, password, now, true)
}

fn key_of(
    repo: &mut dyn Repo,
    cost: PasswordCost,
    account: &Account,
    password: &str,
    now: i64,
    first_administrator: bool,
) -> Result<SigningKey> {
    if let Some(current) = repo.key_entries_of(account.id)?.pop() {
        let stored = repo.account_keys(account.id)?.into_iter().find(|k| k.public_key == current.public_key);
        let stored = stored.ok_or_else(|| StoreError::missing("account_keys.salt", &current.public_key))?;
        let (derived_with, salt) =
            cost.read_key_salt(&stored.salt).ok_or_else(|| StoreError::corrupt("account_keys.salt", &stored.salt))?;
        let key = SigningKey::from_seed(&derived_with.derive_key(password, &salt)?);
        if key.public_key_hex() != current.public_key {
            return Err(Refusal::KeyNotDerived.into());
        }
        return Ok(key);
    }
    let salt = new_salt()?;
    let key = SigningKey::from_seed(&cost.derive_key(password, &salt)?);
    let admin = first_administrator || may_manage_accounts(&repo.grants(account.id)?);
    let root = admin && repo.key_log_head()?.is_none();
    let new = NewKeyEntry {
        account_id: account.id.0,
        username: account.username.clone(),
        public_key: key.public_key_hex(),
        kind: if root { KeyKind::Root } else { KeyKind::Enrolled },
        admin,
        created_at: now,
    };
    append(repo, cost, new, &salt, &key)?;
    Ok(key)
}

fn account_named(repo: &mut dyn Repo, username: &str) -> Result<Account> {
    repo.account_by_username(&username.trim().to_lowercase())?
        .ok_or_else(|| ServiceError::UnknownAccount { username: username.trim().to_string() })
}

/// The new password checked and hashed (the slow part, before any transaction opens).
fn new_password_hash(cost: PasswordCost, password: &str) -> Result<String> {
    validate_password(password)?;
    cost.hash(password)
}

/// Whether the actor may act as `account` with its password: the account itself, or the operator
/// (the command line, which is given the password).
fn acting_as(ctx: &Ctx, account: &Account) -> Result<()> {
    match &ctx.actor {
        Actor::Operator => Ok(()),
        Actor::Account { id, .. } if *id == account.id => Ok(()),
        Actor::Account { .. } => Err(ServiceError::Forbidden { body: String::new() }),
        Actor::Anonymous => Err(ServiceError::SignInRequired),
    }
}

/// How a password given to confirm a change is checked: at what cost, and through which limiter
/// from which address.
#[derive(Debug, Clone, Copy)]
pub struct PasswordCheck<'a> {
    pub cost: PasswordCost,
    pub attempt: Attempt<'a>,
}

/// Changes one's own password, given the old one: the password's hash and the signing key change
/// together, the new key endorsed by the old one in the key log, and every other session of the
/// account ends (`keep_session`: the secret of the session that asked, which stays). In one
/// transaction: a wrong old password changes nothing. A signed-in account changes only its own
/// password; the operator (command line) any whose old password it is given.
pub fn change_password(
    store: &Store,
    ctx: &Ctx,
    check: PasswordCheck<'_>,
    username: &str,
    old_password: &str,
    new_password: &str,
    keep_session: Option<&str>,
) -> Result<()> {
    let PasswordCheck { cost, attempt } = check;
    let hash = new_password_hash(cost, new_password)?;
    store.write(|repo| {
        let account = account_named(repo, username)?;
        acting_as(ctx, &account)?;
        if account.disabled_at.is_some() {
            return Err(ServiceError::BadCredentials);
        }
        attempt
            .limiter
            .check(ctx.now, &account.username, attempt.address, || cost.verify(old_password, &account.password_hash))?;
        let old_key = signing_key(repo, cost, &account, old_password, ctx.now)?;
        let endorsed = Endorsed { kind: KeyKind::Rotation, by: &old_key };
        let keep = keep_session.map(secret_hash);
        let (entry, ended) = set_password(repo, ctx, cost, &account, (&hash, new_password), endorsed, keep.as_deref())?;
        ctx.audit(
            repo,
            None,
            "account.password",
            format!("{}: key #{} (rotation), {ended} other sessions ended", account.username, entry.seq),
        )
    })
}

/// How a new signing key enters the key log: as what, endorsed by which key.
struct Endorsed<'a> {
    kind: KeyKind,
    by: &'a SigningKey,
}

/// Sets an account's new password (`hash` of `password`) with the signing key derived from it,
/// entered in the key log as `endorsed` says, and ends the account's sessions but the one whose
/// hash is `keep`: what a change of password and a reset share. Returns the log's new entry and
/// how many sessions ended.
fn set_password(
    repo: &mut dyn Repo,
    ctx: &Ctx,
    cost: PasswordCost,
    account: &Account,
    (hash, password): (&str, &str),
    endorsed: Endorsed<'_>,
    keep: Option<&str>,
) -> Result<(KeyEntry, u64)> {
    let salt = new_salt()?;
    let key = SigningKey::from_seed(&cost.derive_key(password, &salt)?);
    let new = NewKeyEntry {
        account_id: account.id.0,
        username: account.username.clone(),
        public_key: key.public_key_hex(),
        kind: endorsed.kind,
        admin: may_manage_accounts(&repo.grants(account.id)?),
        created_at: ctx.now,
    };
    let entry = append(repo, cost, new, &salt, endorsed.by)?;
    repo.set_password_hash(account.id, hash)?;
    let ended = repo.delete_sessions_of(account.id, keep)?;
    Ok((entry, ended))
}

/// Refuses unless the actor may reset passwords (manages accounts somewhere, or is the operator):
/// the reset form is shown only to them.
pub fn may_reset_passwords(ctx: &Ctx) -> Result<()> {
    match &ctx.actor {
        Actor::Operator => Ok(()),
        Actor::Account { grants, .. } if may_manage_accounts(grants) => Ok(()),
        Actor::Account { .. } => Err(ServiceError::Forbidden { body: String::new() }),
        Actor::Anonymous => Err(ServiceError::SignInRequired),
    }
}

/// An administrator resets someone's password: the administrator confirms with their own
/// password, the account gets the new password and a new signing key endorsed by the
/// administrator's key in the key log, and every session of the account ends. The administrator
/// must manage accounts on every body where the account holds a role. The operator names the
/// administrator (`admin`); a signed-in account is the administrator itself.
pub fn reset_password(
    store: &Store,
    ctx: &Ctx,
    check: PasswordCheck<'_>,
    admin: &str,
    admin_password: &str,
    username: &str,
    new_password: &str,
) -> Result<()> {
    let PasswordCheck { cost, attempt } = check;
    let hash = new_password_hash(cost, new_password)?;
    store.write(|repo| {
        let administrator = account_named(repo, admin)?;
        acting_as(ctx, &administrator)?;
        let admin_grants = repo.grants(administrator.id)?;
        if administrator.disabled_at.is_some() || !may_manage_accounts(&admin_grants) {
            return Err(ServiceError::Forbidden { body: String::new() });
        }
        let account = account_named(repo, username)?;
        let target_grants = repo.grants(account.id)?;
        let bodies = repo.bodies()?;
        let tree = Tree::new(bodies.iter().map(|b| (b.id, b.parent_id)));
        if let Some(g) = target_grants
            .iter()
            .find(|g| !cabildo_domain::access::allows(&admin_grants, &tree, Action::ManageAccounts, g.body))
        {
            let label = bodies.iter().find(|b| b.id == g.body).map_or_else(|| g.body.to_string(), |b| b.label());
            return Err(ServiceError::Forbidden { body: label });
        }
        attempt.limiter.check(ctx.now, &administrator.username, attempt.address, || {
            cost.verify(admin_password, &administrator.password_hash)
        })?;
        let admin_key = signing_key(repo, cost, &administrator, admin_password, ctx.now)?;
        let endorsed = Endorsed { kind: KeyKind::Reset, by: &admin_key };
        let (entry, ended) = set_password(repo, ctx, cost, &account, (&hash, new_password), endorsed, None)?;
        ctx.audit(
            repo,
            None,
            "account.password_reset",
            format!(
                "{} by {}: key #{} (reset), {ended} sessions ended",
                account.username, administrator.username, entry.seq
            ),
        )
    })
}

/// Makes a new account's first signing key from its `password` and enters it in the key log as
/// `issued`, endorsed by the key of the administrator `admin`, who confirms with their password
/// (through the limiter) and must manage accounts. Returns the entry's number. Inside the
/// caller's transaction (the account's creation).
pub(crate) fn issue_key(
    repo: &mut dyn Repo,
    ctx: &Ctx,
    check: PasswordCheck<'_>,
    (admin, admin_password): (&str, &str),
    account: &Account,
    password: &str,
) -> Result<u64> {
    let PasswordCheck { cost, attempt } = check;
    let administrator = account_named(repo, admin)?;
    if administrator.disabled_at.is_some() || !may_manage_accounts(&repo.grants(administrator.id)?) {
        return Err(ServiceError::Forbidden { body: String::new() });
    }
    attempt.limiter.check(ctx.now, &administrator.username, attempt.address, || {
        cost.verify(admin_password, &administrator.password_hash)
    })?;
    let admin_key = signing_key(repo, cost, &administrator, admin_password, ctx.now)?;
    let salt = new_salt()?;
    let key = SigningKey::from_seed(&cost.derive_key(password, &salt)?);
    let new = NewKeyEntry {
        account_id: account.id.0,
        username: account.username.clone(),
        public_key: key.public_key_hex(),
        kind: KeyKind::Issued,
        admin: may_manage_accounts(&repo.grants(account.id)?),
        created_at: ctx.now,
    };
    let entry = append(repo, cost, new, &salt, &admin_key)?;
    ctx.audit(
        repo,
        None,
        "account.key_issued",
        format!("{}: key #{} (issued) endorsed by {}", account.username, entry.seq, administrator.username),
    )?;
    Ok(entry.seq)
}

/// The key log checked against `pin` (or as found, without one).
pub fn trust(repo: &mut dyn Repo, pin: Option<&KeyPin>) -> Result<KeyTrust> {
    Ok(check_log(&repo.key_log()?, pin))
}

/// The key log as it stands: its entries and what checking it found (for `cabildo keys`). Only
/// the operator and those who manage accounts see it.
pub fn key_log(store: &Store, ctx: &Ctx, pin: Option<&KeyPin>) -> Result<(Vec<KeyEntry>, KeyTrust)> {
    store.read(|repo| {
        let allowed = match &ctx.actor {
            Actor::Operator => true,
            Actor::Account { grants, .. } => may_manage_accounts(grants),
            Actor::Anonymous => false,
        };
        if !allowed {
            return Err(ServiceError::Forbidden { body: String::new() });
        }
        let entries = repo.key_log()?;
        let trust = check_log(&entries, pin);
        Ok((entries, trust))
    })
}

/// The key log's own problems, as the actor may see them: the usernames only for the operator
/// and those who manage accounts.
pub(crate) fn log_problems(ctx: &Ctx, trust: &KeyTrust) -> Vec<KeyProblem> {
    let sees_names = match &ctx.actor {
        Actor::Operator => true,
        Actor::Account { grants, .. } => may_manage_accounts(grants),
        Actor::Anonymous => false,
    };
    trust
        .problems
        .iter()
        .cloned()
        .map(|mut p| {
            if let KeyProblem::BadEndorsement { username, .. } | KeyProblem::Unendorsed { username, .. } = &mut p
                && !sees_names
            {
                *username = "…".to_string();
            }
            p
        })
        .collect()
}

/// Every signature of the sealed actas of `chain` whose key the key log does not vouch for: not
/// a trusted key of the signer's account, or one replaced before it signed.
pub(crate) fn signature_problems(
    repo: &mut dyn Repo,
    trust: &KeyTrust,
    chain: &[acta::SealedActa],
) -> Result<Vec<KeyProblem>> {
    let mut problems = Vec::new();
    for sealed in chain {
        for s in repo.signatures(sealed.id)? {
            problems.extend(trust.check_signature(
                &sealed.label,
                &s.signer,
                s.account_id.0,
                &s.public_key,
                s.signed_at,
            ));
        }
    }
    Ok(problems)
}
