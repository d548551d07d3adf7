//! The one rate limiter of every password check: signing in, signing an acta, creating an API
//! token, changing a password. It counts **failures only**, under three keys:
//!
//! - **(account, address)**: 10 failures in 15 minutes lock that account *from that address*. This
//!   is what stops someone guessing one account's password, and it does not lock the account's
//!   owner out when they sign in from somewhere else.
//! - **account**, from any address: 50 failures in an hour lock the account everywhere. A guesser
//!   spread over many addresses is stopped too, only later; this is the price the owner pays when
//!   someone tries that hard, and the hour is why it is worth the attacker's while so little.
//! - **address**, for any account: 100 failures in 15 minutes lock the address. It stops one
//!   machine trying one password on many accounts, and is high enough that a hall full of people
//!   behind one router (one address) can mistype their passwords without locking each other out.
//!   Successful checks never count, so a hall signing in all at once is never limited.
//!
//! A successful check forgets the failures of its (account, address) pair, never those of the
//! address (else whoever has an account of their own could clear the address between guesses) nor
//! of the account from elsewhere. A refusal tells when the lock ends.
//!
//! A failure is counted *before* the password is checked and taken back if the password was right,
//! so that many checks sent at once cannot all slip under the limit while the slow hash runs.
//! Counts live in memory: a restart forgets them (Argon2 still makes each guess slow).

use std::collections::HashMap;
use std::sync::Mutex;

use crate::{Result, ServiceError};

/// How many failures a key may have in a window before it is locked until the window ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub max_failures: u32,
    pub window_seconds: i64,
}

/// The limits of the three keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// One account from one address.
    pub pair: Limit,
    /// One account from anywhere.
    pub account: Limit,
    /// One address, whatever the account.
    pub address: Limit,
}

impl Limits {
    pub const STANDARD: Limits = Limits {
        pair: Limit { max_failures: 10, window_seconds: 15 * 60 },
        account: Limit { max_failures: 50, window_seconds: 3600 },
        address: Limit { max_failures: 100, window_seconds: 15 * 60 },
    };
}

/// Failures of one key since the start of its window.
#[derive(Debug, Clone, Copy)]
struct Window {
    start: i64,
    failures: u32,
    window_seconds: i64,
}

/// Where a password check comes from: the limiter and the client's address (empty when unknown,
/// as on the command line, where every check shares one address).
#[derive(Debug, Clone, Copy)]
pub struct Attempt<'a> {
    pub limiter: &'a RateLimiter,
    pub address: &'a str,
}

/// The limiter. One per server, shared by every request.
#[derive(Debug)]
pub struct RateLimiter {
    limits: Limits,
    failures: Mutex<HashMap<String, Window>>,
}

impl Default for RateLimiter {
    fn default() -> Self {
        RateLimiter::new(Limits::STANDARD)
    }
}

impl RateLimiter {
    pub fn new(limits: Limits) -> RateLimiter {
        RateLimiter { limits, failures: Mutex::new(HashMap::new()) }
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Checks a password through the limiter: refused at once (without running `verify`) while
    /// any of the three keys is locked; otherwise `verify` runs, a wrong password counts as a
    /// failure (and answers `TooManyAttempts` when it is the one that locks) and a right one
    /// forgets the pair's failures. `account` is the username as typed or stored (lowercase).
    pub fn check(&self, now: i64, account: &str, address: &str, verify: impl FnOnce() -> Result<bool>) -> Result<()> {
        let keys = self.keys(account, address);
        self.count_failure(now, &keys)?;
        match verify() {
            Ok(true) => {
                self.take_back(now, &keys);
                Ok(())
            }
            Ok(false) => match self.locked_until(now, &keys) {
                Some(until) => Err(ServiceError::TooManyAttempts { until, seconds: until - now }),
                None => Err(ServiceError::BadCredentials),
            },
            Err(e) => {
                // Not a wrong password (a corrupt hash, a database that failed): not a failure.
                self.take_back(now, &keys);
                Err(e)
            }
        }
    }

    fn keys(&self, account: &str, address: &str) -> [(String, Limit); 3] {
        [
            (format!("pair:{account}\u{0}{address}"), self.limits.pair),
            (format!("account:{account}"), self.limits.account),
            (format!("address:{address}"), self.limits.address),
        ]
    }

    /// Refuses if a key is locked; else counts one failure under each key.
    fn count_failure(&self, now: i64, keys: &[(String, Limit); 3]) -> Result<()> {
        // A poisoned lock (a thread panicked holding it) refuses every check rather than let
        // them all through: the limiter fails closed.
        let Ok(mut failures) = self.failures.lock() else {
            let until = now + self.limits.pair.window_seconds;
            return Err(ServiceError::TooManyAttempts { until, seconds: until - now });
        };
        if failures.len() > 100_000 {
            failures.retain(|_, w| now - w.start < w.window_seconds);
        }
        let mut until = None;
        for (key, limit) in keys {
            if let Some(w) = failures.get(key)
                && now - w.start < limit.window_seconds
                && w.failures >= limit.max_failures
            {
                until = until.max(Some(w.start + limit.window_seconds));
            }
        }
        if let Some(until) = until {
            return Err(ServiceError::TooManyAttempts { until, seconds: until - now });
        }
        for (key, limit) in keys {
            let w = failures.entry(key.clone()).or_insert(Window {
                start: now,
                failures: 0,
                window_seconds: limit.window_seconds,
            });
            if now - w.start >= limit.window_seconds {
                *w = Window { start: now, failures: 0, window_seconds: limit.window_seconds };
            }
            w.failures += 1;
        }
        Ok(())
    }

    /// Takes back the failure counted before a right password, and forgets the pair's failures.
    fn take_back(&self, now: i64, keys: &[(String, Limit); 3]) {
        let Ok(mut failures) = self.failures.lock() else { return };
        let [(pair, _), rest @ ..] = keys;
        failures.remove(pair);
        for (key, _) in rest {
            if let Some(w) = failures.get_mut(key)
                && now - w.start < w.window_seconds
            {
                w.failures = w.failures.saturating_sub(1);
            }
        }
    }

    /// When the latest lock among the keys ends, if one is locked now.
    fn locked_until(&self, now: i64, keys: &[(String, Limit); 3]) -> Option<i64> {
        let Ok(failures) = self.failures.lock() else { return Some(now + self.limits.pair.window_seconds) };
        keys.iter()
            .filter_map(|(key, limit)| {
                let w = failures.get(key)?;
                (now - w.start < limit.window_seconds && w.failures >= limit.max_failures)
                    .then_some(w.start + limit.window_seconds)
            })
            .max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> RateLimiter {
        RateLimiter::new(Limits {
            pair: Limit { max_failures: 3, window_seconds: 60 },
            account: Limit { max_failures: 5, window_seconds: 600 },
            address: Limit { max_failures: 8, window_seconds: 60 },
        })
    }

    fn wrong() -> Result<bool> {
        Ok(false)
    }

    fn right() -> Result<bool> {
        Ok(true)
    }

    fn code(r: Result<()>) -> String {
        match r {
            Ok(()) => "ok".into(),
            Err(ServiceError::TooManyAttempts { until, seconds }) => format!("locked until {until} ({seconds} s)"),
            Err(e) => e.message().id.to_string(),
        }
    }

    #[test]
    fn failures_lock_the_pair_and_tell_when_it_unlocks() {
        let l = small();
        assert_eq!(code(l.check(1000, "juana", "10.0.0.1", wrong)), "bad_credentials");
        assert_eq!(code(l.check(1001, "juana", "10.0.0.1", wrong)), "bad_credentials");
        // The third failure locks, and says until when.
        assert_eq!(code(l.check(1002, "juana", "10.0.0.1", wrong)), "locked until 1060 (58 s)");
        // Now even the right password is refused without being checked.
        let mut checked = false;
        let r = l.check(1010, "juana", "10.0.0.1", || {
            checked = true;
            Ok(true)
        });
        assert_eq!(code(r), "locked until 1060 (50 s)");
        assert!(!checked, "a locked pair does not spend a hash");
        // Juana from elsewhere is not locked out.
        assert_eq!(code(l.check(1010, "juana", "10.0.0.2", right)), "ok");
        // The window ends.
        assert_eq!(code(l.check(1060, "juana", "10.0.0.1", right)), "ok");
    }

    #[test]
    fn successes_never_count_so_one_address_signs_in_a_whole_hall() {
        let l = small();
        for i in 0..1000 {
            assert_eq!(code(l.check(1000, &format!("socio{i}"), "200.87.1.1", right)), "ok");
        }
        assert_eq!(code(l.check(1000, "juana", "200.87.1.1", right)), "ok");
    }

    #[test]
    fn the_account_is_locked_everywhere_after_many_failures_from_many_addresses() {
        let l = small();
        for i in 0..5 {
            drop(l.check(1000, "juana", &format!("10.0.0.{i}"), wrong));
        }
        assert_eq!(code(l.check(1001, "juana", "10.9.9.9", right)), "locked until 1600 (599 s)");
        assert_eq!(code(l.check(1001, "pedro", "10.9.9.9", right)), "ok");
    }

    #[test]
    fn the_address_is_locked_after_failures_on_many_accounts_and_a_success_does_not_clear_it() {
        let l = small();
        for i in 0..7 {
            drop(l.check(1000, &format!("cuenta{i}"), "6.6.6.6", wrong));
        }
        // The attacker's own account signs in: the address keeps its failures.
        assert_eq!(code(l.check(1000, "mia", "6.6.6.6", right)), "ok");
        assert_eq!(code(l.check(1000, "cuenta9", "6.6.6.6", wrong)), "locked until 1060 (60 s)");
        assert_eq!(code(l.check(1000, "mia", "6.6.6.6", right)), "locked until 1060 (60 s)");
    }

    #[test]
    fn a_success_forgets_the_pairs_failures() {
        let l = small();
        drop(l.check(1000, "juana", "10.0.0.1", wrong));
        drop(l.check(1000, "juana", "10.0.0.1", wrong));
        assert_eq!(code(l.check(1000, "juana", "10.0.0.1", right)), "ok");
        assert_eq!(code(l.check(1000, "juana", "10.0.0.1", wrong)), "bad_credentials");
        assert_eq!(code(l.check(1000, "juana", "10.0.0.1", wrong)), "bad_credentials");
    }

    #[test]
    #[expect(clippy::panic, reason = "poisoning a lock takes a thread that panics holding it")]
    fn a_limiter_whose_lock_is_poisoned_refuses_every_check() {
        let limiter = std::sync::Arc::new(small());
        let poisoner = limiter.clone();
        let crashed = std::thread::spawn(move || {
            let _held = poisoner.failures.lock();
            panic!("a thread dies holding the limiter's lock");
        })
        .join();
        assert!(crashed.is_err());
        assert_eq!(code(limiter.check(1000, "juana", "10.0.0.1", right)), "locked until 1060 (60 s)", "fails closed");
    }
}
