//! Accounts after their creation, from the command line (as the operator): list, disable,
//! enable, end sessions, list and revoke API tokens.

use cabildo_services::{Ctx, ServiceError, accounts};
use cabildo_store::Store;

use crate::UserCommand;
use crate::output::Out;

type Outcome = Result<(), ServiceError>;

fn moment(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0).map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string()).unwrap_or_default()
}

pub fn user(out: Out, store: &Store, ctx: &Ctx, command: UserCommand) -> Outcome {
    match command {
        // Handled with the passwords they read: `commands::add_user`, `keys_cmd::change_password`
        // and `keys_cmd::reset_password`.
        UserCommand::Add { .. } | UserCommand::Password { .. } | UserCommand::Reset { .. } => Ok(()),
        UserCommand::List => {
            for a in accounts::list_accounts(store, ctx)? {
                let state = match a.disabled_at {
                    Some(at) => out.text("cli-account-disabled", &[("at", moment(at))]),
                    None => out.text("cli-account-active", &[]),
                };
                let roles: Vec<String> =
                    a.roles.iter().map(|(role, body)| format!("{} @ {body}", role.code())).collect();
                out.say(
                    "cli-account-line",
                    &[
                        ("username", a.username),
                        ("name", a.display_name),
                        ("state", state),
                        ("roles", roles.join(", ")),
                        ("sessions", a.sessions.to_string()),
                        ("tokens", a.tokens.to_string()),
                        ("person", a.person.map(|(_, name)| name).unwrap_or_else(|| "-".into())),
                    ],
                );
            }
            Ok(())
        }
        UserCommand::Disable { username } => {
            let ended = accounts::disable_account(store, ctx, &username)?;
            out.say(
                "cli-account-disabled-now",
                &[
                    ("username", username),
                    ("sessions", ended.sessions.to_string()),
                    ("tokens", ended.tokens.to_string()),
                ],
            );
            Ok(())
        }
        UserCommand::Enable { username } => {
            accounts::enable_account(store, ctx, &username)?;
            out.say("cli-account-enabled", &[("username", username)]);
            Ok(())
        }
        UserCommand::EndSessions { username } => {
            let ended = accounts::end_sessions(store, ctx, &username, None)?;
            out.say("cli-sessions-ended", &[("username", username), ("count", ended.to_string())]);
            Ok(())
        }
        UserCommand::Tokens { username } => {
            let detail = accounts::account_detail(store, ctx, &username, None)?;
            for t in detail.tokens {
                let state = match t.revoked_at {
                    Some(at) => out.text("cli-token-revoked-at", &[("at", moment(at))]),
                    None => out.text("cli-account-active", &[]),
                };
                let used = match t.last_used_at {
                    Some(at) => out.text("cli-token-last-used", &[("at", moment(at))]),
                    None => out.text("trust-token-never-used", &[]),
                };
                out.say(
                    "cli-token-line",
                    &[
                        ("id", t.id.to_string()),
                        ("name", t.name),
                        ("created", moment(t.created_at)),
                        ("state", format!("{state} · {used}")),
                    ],
                );
            }
            Ok(())
        }
        UserCommand::People { username } => {
            for p in accounts::linkable_people(store, ctx, &username)? {
                let what = match p.link {
                    accounts::Linkable::Office { title } => title,
                    accounts::Linkable::Household { register_number: Some(n) } => {
                        out.text("acc-family-numbered", &[("number", n)])
                    }
                    accounts::Linkable::Household { register_number: None } => out.text("acc-family", &[]),
                };
                out.say(
                    "cli-person-line",
                    &[("id", p.id.0.to_string()), ("name", p.name), ("what", what), ("body", p.body)],
                );
            }
            Ok(())
        }
        UserCommand::Link { username, person } => {
            accounts::link_person(store, ctx, &username, person.map(cabildo_domain::PersonId))?;
            match person {
                Some(_) => out.say("cli-account-linked", &[("username", username)]),
                None => out.say("cli-account-unlinked", &[("username", username)]),
            }
            Ok(())
        }
        UserCommand::RevokeToken { username, id } => {
            accounts::revoke_token(store, ctx, &username, id)?;
            out.say("cli-token-revoked", &[("username", username), ("id", id.to_string())]);
            Ok(())
        }
    }
}
