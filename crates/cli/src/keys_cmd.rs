//! Passwords and the key log from the command line: `cabildo user password`, `cabildo user
//! reset`, `cabildo keys pin`, `cabildo keys list`, and reading the pin `cabildo verify` is given.

use std::io::BufRead;
use std::path::Path;
use std::process::ExitCode;

use cabildo_services::access::{Attempt, PasswordCost, RateLimiter};
use cabildo_services::keys::{self, KeyPin, PasswordCheck};
use cabildo_services::{Ctx, ServiceError};
use cabildo_store::Store;

use crate::KeysCommand;
use crate::output::Out;

type Outcome = Result<(), ServiceError>;

/// `count` lines of standard input, without their line ends; refused if fewer arrive.
fn stdin_lines(out: Out, count: usize, which: &str) -> Result<Vec<String>, ServiceError> {
    let mut lines = Vec::with_capacity(count);
    let stdin = std::io::stdin();
    for line in stdin.lock().lines().take(count) {
        let line = line.map_err(|e| ServiceError::Unreadable { path: "stdin".into(), reason: e.to_string() })?;
        lines.push(line.trim_end_matches('\r').to_string());
    }
    if lines.len() < count {
        let text = out.text("cli-passwords-missing", &[("count", count.to_string()), ("which", out.text(which, &[]))]);
        return Err(ServiceError::Unreadable { path: "stdin".into(), reason: text });
    }
    Ok(lines)
}

/// `cabildo user add USERNAME --endorse-by ADMIN`: standard input gives the administrator's
/// password, then (with `--password-stdin`) the new account's; otherwise `CABILDO_PASSWORD`.
pub fn add_user_endorsed(
    out: Out,
    store: &Store,
    ctx: &Ctx,
    (username, name): (&str, &str),
    password_stdin: bool,
    admin: &str,
) -> Outcome {
    let lines = stdin_lines(out, if password_stdin { 2 } else { 1 }, "cli-passwords-admin-new")?;
    let password = match lines.get(1) {
        Some(line) => line.clone(),
        None => std::env::var("CABILDO_PASSWORD")
            .map_err(|_| cabildo_domain::DomainError::Required { field: cabildo_domain::Field::Password })?,
    };
    let limiter = RateLimiter::default();
    let (account, seq) = cabildo_services::access::create_account_endorsed(
        store,
        ctx,
        PasswordCost::STANDARD,
        Attempt { limiter: &limiter, address: "" },
        username,
        name,
        &password,
        (admin, &lines[0]),
    )?;
    out.say("cli-user-created", &[("username", account.username.clone()), ("id", account.id.to_string())]);
    out.say(
        "cli-user-key-endorsed",
        &[("username", account.username), ("admin", admin.trim().to_lowercase()), ("seq", seq.to_string())],
    );
    Ok(())
}

/// `cabildo user password USERNAME`: standard input gives the current password, then the new.
pub fn change_password(out: Out, store: &Store, ctx: &Ctx, username: &str) -> Outcome {
    let lines = stdin_lines(out, 2, "cli-passwords-old-new")?;
    let (old, new) = (&lines[0], &lines[1]);
    keys::change_password(store, ctx, one_try(&RateLimiter::default()), username, old, new, None)?;
    out.say("cli-password-changed", &[("username", username.trim().to_lowercase())]);
    Ok(())
}

/// `cabildo user reset USERNAME --admin ADMIN`: standard input gives the administrator's
/// password, then the account's new one.
pub fn reset_password(out: Out, store: &Store, ctx: &Ctx, username: &str, admin: &str) -> Outcome {
    let lines = stdin_lines(out, 2, "cli-passwords-admin-new")?;
    let (admin_password, new) = (&lines[0], &lines[1]);
    keys::reset_password(store, ctx, one_try(&RateLimiter::default()), admin, admin_password, username, new)?;
    let args = [("username", username.trim().to_lowercase()), ("admin", admin.trim().to_lowercase())];
    out.say("cli-password-reset", &args);
    Ok(())
}

/// The pin given with `--pin` (or `CABILDO_KEY_PIN`) or in the first line of `--pin-file`.
pub fn pin_arg(out: Out, pin: Option<&str>, file: Option<&Path>) -> Result<Option<KeyPin>, ServiceError> {
    let text = match (pin, file) {
        (Some(pin), _) => pin.to_string(),
        (None, Some(path)) => std::fs::read_to_string(path)
            .map_err(|e| ServiceError::Unreadable { path: path.display().to_string(), reason: e.to_string() })?
            .lines()
            .find(|line| !line.trim().is_empty())
            .unwrap_or_default()
            .to_string(),
        (None, None) => return Ok(None),
    };
    text.parse::<KeyPin>().map(Some).map_err(|()| ServiceError::Unreadable {
        path: "--pin".into(),
        reason: out.text("cli-key-pin-invalid", &[("pin", text.clone())]),
    })
}

/// `cabildo keys …`.
pub fn run(out: Out, store: &Store, ctx: &Ctx, command: KeysCommand) -> ExitCode {
    let result = match command {
        KeysCommand::Pin => pin(out, store, ctx),
        KeysCommand::List { pin, pin_file } => return list(out, store, ctx, pin.as_deref(), pin_file.as_deref()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            out.error(&e);
            ExitCode::FAILURE
        }
    }
}

/// Prints the pin of the log as it stands (its last entry) after checking the log as found;
/// a log with problems gets no pin (the problems are printed, the exit code is 1).
fn pin(out: Out, store: &Store, ctx: &Ctx) -> Outcome {
    let (_, trust) = keys::key_log(store, ctx, None)?;
    if let Some(problem) = trust.problems.first() {
        for p in &trust.problems {
            eprintln!("  {}", cabildo_i18n::message(out.lang, p.code(), &p.args()));
        }
        return Err(ServiceError::Conflict(cabildo_i18n::message(out.lang, problem.code(), &problem.args())));
    }
    match trust.head {
        Some(head) => {
            eprintln!("{}", out.text("cli-key-pin", &[]));
            println!("{head}");
        }
        None => out.say("cli-key-pin-empty", &[]),
    }
    Ok(())
}

/// Every entry of the log, and what checking it (against a pin, if given) found.
fn list(out: Out, store: &Store, ctx: &Ctx, pin: Option<&str>, file: Option<&Path>) -> ExitCode {
    let listed = pin_arg(out, pin, file).and_then(|pin| keys::key_log(store, ctx, pin.as_ref()));
    let (entries, trust) = match listed {
        Ok(found) => found,
        Err(e) => {
            out.error(&e);
            return ExitCode::FAILURE;
        }
    };
    for e in &entries {
        let endorser = match &e.endorser {
            None => out.text("cli-key-nobody", &[]),
            Some(key) if *key == e.public_key => out.text("cli-key-self", &[]),
            Some(key) => entries
                .iter()
                .find(|other| other.public_key == *key)
                .map_or_else(|| key.clone(), |other| format!("{} #{}", other.username, other.seq)),
        };
        let admin = if e.admin { format!(" {}", out.text("cli-key-admin", &[])) } else { String::new() };
        let args = [
            ("seq", e.seq.to_string()),
            ("kind", out.text(&format!("cli-key-kind-{}", e.kind.code()), &[])),
            ("username", e.username.clone()),
            ("admin", admin),
            ("key", e.public_key.chars().take(16).collect()),
            ("endorser", endorser),
        ];
        out.say("cli-key-entry", &args);
    }
    if trust.problems.is_empty() {
        out.say("cli-keys-intact", &[("count", out.count(entries.len() as u64))]);
        return ExitCode::SUCCESS;
    }
    for p in &trust.problems {
        println!("  {}", cabildo_i18n::message(out.lang, p.code(), &p.args()));
    }
    let count = out.count(trust.problems.len() as u64);
    eprintln!("{}: {}", out.text("cli-error", &[]), out.text("cli-verify-problems", &[("count", count)]));
    ExitCode::FAILURE
}

/// A password check on the command line: no address, and a limiter of its own (the process
/// checks one password and ends).
fn one_try(limiter: &RateLimiter) -> PasswordCheck<'_> {
    PasswordCheck { cost: PasswordCost::STANDARD, attempt: Attempt { limiter, address: "" } }
}
