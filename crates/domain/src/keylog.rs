//! The key log: which signing keys are trusted to have signed actas, and why (pure).
//!
//! Every public key an account signs with is an entry of one append-only log. An entry states
//! the account, the key, what kind of entry it is, whether the account administers accounts,
//! and the key that endorses it; the statement is hashed together with the previous entry's
//! hash ([`KeyEntry::statement`], [`entry_hash`]), so removing or changing an entry breaks every
//! hash after it. The endorser signs the entry's hash ([`endorsement_message`]):
//!
//! - [`KeyKind::Root`]: the log's first entry, the first administrator's first key, signed by
//!   itself;
//! - [`KeyKind::Enrolled`]: an account's first key made without an administrator's key at hand
//!   (the account was created on the server's command line), signed by itself;
//! - [`KeyKind::Rotation`]: a new key after a change of password, endorsed by the account's
//!   previous key;
//! - [`KeyKind::Reset`]: a new key after an administrator reset the password, endorsed by that
//!   administrator's key;
//! - [`KeyKind::Issued`]: a new account's first key, endorsed by an administrator's key when the
//!   account is made (`cabildo user add --endorse-by`): trusted like a reset, without a new pin.
//! - [`KeyKind::Legacy`]: a key that existed before the log (migration 9), endorsed by nobody.
//!
//! Trust starts outside the database: a [`KeyPin`] (`cabildo-keys:N:HASH`) names the N-th entry
//! and its hash. Entries up to the pin are vouched for by whoever kept it (that is how root,
//! enrolled and legacy keys become trusted); every entry after it must be endorsed by a trusted
//! key that may endorse it. [`check_log`] walks the log once and gives a [`KeyTrust`] that says
//! whether a signature's key was trusted for its account when it signed.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};

use crate::acta::{SigningKey, to_hex, verify_signature};
use crate::error::Message;

/// First line of every entry's statement.
const STATEMENT_HEADER: &str = "cabildo-key v1";
/// Prefix of what an endorser signs: keeps endorsements apart from acta signatures.
const ENDORSEMENT_PREFIX: &[u8] = b"cabildo-key-endorsement v1\n";
/// How a pin starts.
const PIN_PREFIX: &str = "cabildo-keys";

/// Why a key is in the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumIter)]
pub enum KeyKind {
    Root,
    Enrolled,
    Rotation,
    Reset,
    Legacy,
    Issued,
}

impl KeyKind {
    pub fn code(self) -> &'static str {
        match self {
            KeyKind::Root => "root",
            KeyKind::Enrolled => "enrolled",
            KeyKind::Rotation => "rotation",
            KeyKind::Reset => "reset",
            KeyKind::Legacy => "legacy",
            KeyKind::Issued => "issued",
        }
    }

    pub fn parse(code: &str) -> Option<KeyKind> {
        <KeyKind as strum::IntoEnumIterator>::iter().find(|k| k.code() == code)
    }
}

/// One entry of the key log, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyEntry {
    /// 1, 2, 3… over the whole log.
    pub seq: u64,
    pub account_id: i64,
    pub username: String,
    /// Hex Ed25519 public key.
    pub public_key: String,
    pub kind: KeyKind,
    /// Whether the account administered accounts when the entry was made.
    pub admin: bool,
    /// Hex public key that endorses this entry (`None` only for legacy entries).
    pub endorser: Option<String>,
    /// Hex signature of [`endorsement_message`] of `entry_hash` by `endorser`.
    pub endorsement: Option<String>,
    /// Unix seconds.
    pub created_at: i64,
    /// The previous entry's hash; `None` for the first.
    pub prev_hash: Option<String>,
    pub entry_hash: String,
}

/// What a new entry says, before it is placed in the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewKeyEntry {
    pub account_id: i64,
    pub username: String,
    pub public_key: String,
    pub kind: KeyKind,
    pub admin: bool,
    pub created_at: i64,
}

impl KeyEntry {
    /// The entry that follows `previous` (the log's last entry, `None` for an empty log), its
    /// hash computed and, unless `endorser` is `None` (legacy), endorsed.
    pub fn next(previous: Option<&KeyEntry>, new: NewKeyEntry, endorser: Option<&SigningKey>) -> KeyEntry {
        let mut entry = KeyEntry {
            seq: previous.map_or(1, |p| p.seq.saturating_add(1)),
            account_id: new.account_id,
            username: new.username,
            public_key: new.public_key,
            kind: new.kind,
            admin: new.admin,
            endorser: endorser.map(SigningKey::public_key_hex),
            endorsement: None,
            created_at: new.created_at,
            prev_hash: previous.map(|p| p.entry_hash.clone()),
            entry_hash: String::new(),
        };
        entry.entry_hash = entry_hash(&entry.statement());
        entry.endorsement = endorser.map(|key| key.sign(&endorsement_message(&entry.entry_hash)));
        entry
    }

    /// The canonical statement of the entry: every field but the endorsement and the hash, one
    /// `key=value` line each (values escaped as in actas: `\\`, `\n`, `\r`).
    pub fn statement(&self) -> String {
        let lines: [(&str, String); 9] = [
            ("seq", self.seq.to_string()),
            ("prev", self.prev_hash.clone().unwrap_or_default()),
            ("account", self.account_id.to_string()),
            ("username", self.username.clone()),
            ("public_key", self.public_key.clone()),
            ("kind", self.kind.code().to_string()),
            ("admin", if self.admin { "1" } else { "0" }.to_string()),
            ("endorser", self.endorser.clone().unwrap_or_default()),
            ("created_at", self.created_at.to_string()),
        ];
        let mut out = String::from(STATEMENT_HEADER);
        out.push('\n');
        for (key, value) in lines {
            out.push_str(key);
            out.push('=');
            for c in value.chars() {
                match c {
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    c => out.push(c),
                }
            }
            out.push('\n');
        }
        out
    }

    /// The pin that names this entry.
    pub fn pin(&self) -> KeyPin {
        KeyPin { seq: self.seq, hash: self.entry_hash.clone() }
    }
}

/// Lowercase hex SHA-256 of a statement.
pub fn entry_hash(statement: &str) -> String {
    to_hex(&Sha256::digest(statement.as_bytes()))
}

/// What an endorser signs: `b"cabildo-key-endorsement v1\n"` followed by the (hex) entry hash.
pub fn endorsement_message(entry_hash: &str) -> Vec<u8> {
    let mut message = Vec::with_capacity(ENDORSEMENT_PREFIX.len() + entry_hash.len());
    message.extend_from_slice(ENDORSEMENT_PREFIX);
    message.extend_from_slice(entry_hash.as_bytes());
    message
}

/// A pin: the number and hash of one entry of the key log, kept outside the database. Written
/// `cabildo-keys:N:HASH` (HASH: 64 lowercase hex digits).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPin {
    pub seq: u64,
    pub hash: String,
}

impl fmt::Display for KeyPin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{PIN_PREFIX}:{}:{}", self.seq, self.hash)
    }
}

impl FromStr for KeyPin {
    type Err = ();

    /// Reads `cabildo-keys:N:HASH`, surrounding blanks ignored, the hash in either case.
    fn from_str(text: &str) -> Result<KeyPin, ()> {
        let mut parts = text.trim().split(':');
        let (Some(PIN_PREFIX), Some(seq), Some(hash), None) = (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(());
        };
        let seq: u64 = seq.parse().map_err(|_| ())?;
        let hash = hash.to_ascii_lowercase();
        if seq == 0 || hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(());
        }
        Ok(KeyPin { seq, hash })
    }
}

/// Something wrong with the key log, or with the key of a signature.
#[derive(Debug, Clone, PartialEq, Eq, strum::EnumDiscriminants)]
#[strum_discriminants(name(KeyProblemKind), derive(strum::EnumIter))]
pub enum KeyProblem {
    /// The entry does not hash to its stored hash, is not numbered after the previous one, or
    /// does not link to it: it was changed, or an entry before it was removed.
    LogBroken { seq: u64 },
    /// The log does not hold the pinned entry with the pinned hash (rewritten or truncated), or
    /// an entry up to it is broken: nothing is trusted by the pin.
    PinMismatch { seq: u64 },
    /// The endorsement is missing or is not a valid signature by the stated endorser.
    BadEndorsement { seq: u64, username: String },
    /// A validly signed entry that no trusted key may endorse: after the pin, not endorsed by
    /// the account's previous key nor by an administrator's.
    Unendorsed { seq: u64, username: String },
    /// An acta signed with a key that is not a trusted key of the signer's account.
    UntrustedKey { acta: String, signer: String },
    /// An acta signed with a key after it was replaced (password changed or reset).
    KeySuperseded { acta: String, signer: String },
}

impl KeyProblem {
    /// Stable code: the message id in the catalogues.
    pub fn code(&self) -> &'static str {
        match self {
            KeyProblem::LogBroken { .. } => "key_log_broken",
            KeyProblem::PinMismatch { .. } => "key_pin_mismatch",
            KeyProblem::BadEndorsement { .. } => "key_bad_endorsement",
            KeyProblem::Unendorsed { .. } => "key_unendorsed",
            KeyProblem::UntrustedKey { .. } => "acta_untrusted_key",
            KeyProblem::KeySuperseded { .. } => "acta_key_superseded",
        }
    }

    /// What the problem is about: an acta's label, or the entry's number (`#N`) in the key log.
    pub fn subject(&self) -> String {
        match self {
            KeyProblem::LogBroken { seq }
            | KeyProblem::PinMismatch { seq }
            | KeyProblem::BadEndorsement { seq, .. }
            | KeyProblem::Unendorsed { seq, .. } => format!("#{seq}"),
            KeyProblem::UntrustedKey { acta, .. } | KeyProblem::KeySuperseded { acta, .. } => acta.clone(),
        }
    }

    /// Named arguments of the message: `seq` (and `username`) for the log's problems, `acta` and
    /// `signer` for a signature's.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            KeyProblem::LogBroken { seq } | KeyProblem::PinMismatch { seq } => vec![("seq", seq.to_string())],
            KeyProblem::BadEndorsement { seq, username } | KeyProblem::Unendorsed { seq, username } => {
                vec![("seq", seq.to_string()), ("username", username.clone())]
            }
            KeyProblem::UntrustedKey { acta, signer } | KeyProblem::KeySuperseded { acta, signer } => {
                vec![("acta", acta.clone()), ("signer", signer.clone())]
            }
        }
    }

    pub fn message(&self) -> Message {
        Message { id: self.code(), args: self.args() }
    }
}

impl fmt::Display for KeyProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyProblem::LogBroken { seq } => write!(f, "key log entry {seq} was changed or one before it removed"),
            KeyProblem::PinMismatch { seq } => write!(f, "the key log does not hold the pinned entry {seq}"),
            KeyProblem::BadEndorsement { seq, username } => {
                write!(f, "key log entry {seq} ({username}) has no valid endorsement")
            }
            KeyProblem::Unendorsed { seq, username } => {
                write!(f, "key log entry {seq} ({username}) is endorsed by no trusted key")
            }
            KeyProblem::UntrustedKey { acta, signer } => write!(f, "{acta}: {signer} signed with an untrusted key"),
            KeyProblem::KeySuperseded { acta, signer } => {
                write!(f, "{acta}: {signer} signed with a key replaced before")
            }
        }
    }
}

/// A trusted key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedKey {
    pub account_id: i64,
    pub seq: u64,
    pub admin: bool,
    pub created_at: i64,
    /// When the account's next trusted key replaced it.
    pub superseded_at: Option<i64>,
}

/// What [`check_log`] found: the trusted keys and the log's problems.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyTrust {
    keys: HashMap<String, TrustedKey>,
    pub problems: Vec<KeyProblem>,
    /// The log's last entry, as a pin (`None` for an empty log).
    pub head: Option<KeyPin>,
    /// Whether a pin was given and matched.
    pub pinned: bool,
}

impl KeyTrust {
    pub fn key(&self, public_key: &str) -> Option<&TrustedKey> {
        self.keys.get(public_key)
    }

    /// The problem with a signature of `acta` by `signer` (account `account_id`) made with
    /// `public_key` at `signed_at`, if any: the key must be trusted, belong to that account, and
    /// not have been replaced before the signature (a signature made in the same second as the
    /// replacement still counts).
    pub fn check_signature(
        &self,
        acta: &str,
        signer: &str,
        account_id: i64,
        public_key: &str,
        signed_at: i64,
    ) -> Option<KeyProblem> {
        match self.keys.get(public_key) {
            Some(key) if key.account_id == account_id => key
                .superseded_at
                .filter(|replaced| signed_at > *replaced)
                .map(|_| KeyProblem::KeySuperseded { acta: acta.to_string(), signer: signer.to_string() }),
            _ => Some(KeyProblem::UntrustedKey { acta: acta.to_string(), signer: signer.to_string() }),
        }
    }
}

/// Checks the key log against a pin and says which keys are trusted.
///
/// - Numbered 1, 2, 3…, each entry must hash to its stored hash and link to the previous one
///   ([`KeyProblem::LogBroken`]); a changed entry is never trusted.
/// - With a pin, the pinned entry must be there with the pinned hash and the log intact up to it
///   ([`KeyProblem::PinMismatch`]; then nothing is trusted by the pin). Without one, the log is
///   taken as found: every entry counts as pinned (its endorsements are still checked).
/// - Every entry but a legacy one carries a valid endorsement by its stated endorser
///   ([`KeyProblem::BadEndorsement`]).
/// - A root entry (only the first, signed by itself), an enrolled one (signed by itself, an
///   account's first key) and a legacy one (only before any other kind) are trusted when pinned;
///   a rotation when endorsed by the account's current key; a reset when endorsed by a trusted,
///   not yet replaced key of an administrator. Anything else is [`KeyProblem::Unendorsed`].
///   A rotation keeps administrator rights only if the key it replaces had them.
pub fn check_log(entries: &[KeyEntry], pin: Option<&KeyPin>) -> KeyTrust {
    let mut order: Vec<&KeyEntry> = entries.iter().collect();
    order.sort_by_key(|e| e.seq);
    let mut trust = KeyTrust { head: order.last().map(|e| e.pin()), ..KeyTrust::default() };

    // The chain of hashes.
    let mut altered: HashSet<u64> = HashSet::new();
    let mut intact_upto: u64 = 0;
    let mut intact = true;
    let mut previous: Option<&KeyEntry> = None;
    for (i, entry) in order.iter().enumerate() {
        let expected = u64::try_from(i).unwrap_or(u64::MAX).saturating_add(1);
        let own = entry_hash(&entry.statement()) == entry.entry_hash;
        let linked = entry.seq == expected && entry.prev_hash.as_deref() == previous.map(|p| p.entry_hash.as_str());
        if !own {
            altered.insert(entry.seq);
        }
        if !own || !linked {
            trust.problems.push(KeyProblem::LogBroken { seq: entry.seq });
            intact = false;
        }
        if intact {
            intact_upto = entry.seq;
        }
        previous = Some(entry);
    }

    // How far the pin vouches.
    let horizon = match pin {
        None => u64::MAX,
        Some(pin) => {
            let found = order.iter().any(|e| e.seq == pin.seq && e.entry_hash == pin.hash);
            if found && pin.seq <= intact_upto {
                trust.pinned = true;
                pin.seq
            } else {
                trust.problems.push(KeyProblem::PinMismatch { seq: pin.seq });
                0
            }
        }
    };

    // Endorsements, in log order.
    let mut current: HashMap<i64, String> = HashMap::new();
    let mut only_legacy_so_far = true;
    for entry in order {
        let legacy = entry.kind == KeyKind::Legacy;
        let legacy_here = legacy && only_legacy_so_far;
        only_legacy_so_far &= legacy;
        if altered.contains(&entry.seq) {
            continue;
        }
        let endorser = match (&entry.endorser, &entry.endorsement) {
            (Some(key), Some(signature))
                if verify_signature(key, &endorsement_message(&entry.entry_hash), signature) =>
            {
                Some(key.as_str())
            }
            (None, None) if legacy => None,
            _ => {
                trust.problems.push(KeyProblem::BadEndorsement { seq: entry.seq, username: entry.username.clone() });
                continue;
            }
        };
        let pinned = entry.seq <= horizon;
        let by_itself = endorser == Some(entry.public_key.as_str());
        let first_of_account = !current.contains_key(&entry.account_id);
        let admin_at = |key: &str| {
            trust.keys.get(key).is_some_and(|k| k.admin && k.superseded_at.is_none_or(|t| entry.created_at <= t))
        };
        let verdict = match entry.kind {
            KeyKind::Root => (pinned && entry.seq == 1 && by_itself).then_some(true),
            KeyKind::Enrolled => (pinned && by_itself && first_of_account).then_some(entry.admin),
            // An account may have had several keys before the log (a password changed by hand).
            KeyKind::Legacy => (pinned && legacy_here).then_some(entry.admin),
            KeyKind::Rotation => match current.get(&entry.account_id) {
                Some(previous) if endorser == Some(previous.as_str()) => {
                    Some(entry.admin && trust.keys.get(previous).is_some_and(|k| k.admin))
                }
                _ => None,
            },
            KeyKind::Reset => endorser.filter(|key| admin_at(key)).map(|_| entry.admin),
            // A new account's first key, vouched for by an administrator at its making.
            KeyKind::Issued => endorser.filter(|key| admin_at(key) && first_of_account).map(|_| entry.admin),
        };
        let Some(admin) = verdict else {
            trust.problems.push(KeyProblem::Unendorsed { seq: entry.seq, username: entry.username.clone() });
            continue;
        };
        if trust.keys.contains_key(&entry.public_key) {
            // A key is entered once; a second entry of it is someone else's doing.
            trust.problems.push(KeyProblem::Unendorsed { seq: entry.seq, username: entry.username.clone() });
            continue;
        }
        if let Some(replaced) = current.insert(entry.account_id, entry.public_key.clone())
            && let Some(old) = trust.keys.get_mut(&replaced)
        {
            old.superseded_at = Some(entry.created_at);
        }
        trust.keys.insert(
            entry.public_key.clone(),
            TrustedKey {
                account_id: entry.account_id,
                seq: entry.seq,
                admin,
                created_at: entry.created_at,
                superseded_at: None,
            },
        );
    }
    trust
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: u8) -> SigningKey {
        SigningKey::from_seed(&[n; 32])
    }

    fn new(account: i64, key: &SigningKey, kind: KeyKind, admin: bool, at: i64) -> NewKeyEntry {
        NewKeyEntry {
            account_id: account,
            username: format!("u{account}"),
            public_key: key.public_key_hex(),
            kind,
            admin,
            created_at: at,
        }
    }

    /// Root admin (account 1, key 1), account 2 enrolled (key 2), rotated to key 3, then reset
    /// by the admin to key 4.
    fn log() -> Vec<KeyEntry> {
        let mut log: Vec<KeyEntry> = Vec::new();
        let mut push = |n: NewKeyEntry, by: &SigningKey| {
            let e = KeyEntry::next(log.last(), n, Some(by));
            log.push(e);
        };
        push(new(1, &key(1), KeyKind::Root, true, 10), &key(1));
        push(new(2, &key(2), KeyKind::Enrolled, false, 20), &key(2));
        push(new(2, &key(3), KeyKind::Rotation, false, 30), &key(2));
        push(new(2, &key(4), KeyKind::Reset, false, 40), &key(1));
        log
    }

    #[test]
    fn a_well_made_log_trusts_every_key_and_old_keys_for_what_they_signed_before() {
        let log = log();
        let pin = log.get(1).map(KeyEntry::pin);
        let trust = check_log(&log, pin.as_ref());
        assert_eq!(trust.problems, vec![]);
        assert!(trust.pinned);
        assert_eq!(trust.head, log.last().map(KeyEntry::pin));
        let k2 = key(2).public_key_hex();
        assert_eq!(trust.check_signature("A", "u2", 2, &k2, 25), None);
        assert_eq!(trust.check_signature("A", "u2", 2, &k2, 30), None, "same second as the rotation");
        assert!(matches!(trust.check_signature("A", "u2", 2, &k2, 31), Some(KeyProblem::KeySuperseded { .. })));
        assert_eq!(trust.check_signature("A", "u2", 2, &key(4).public_key_hex(), 50), None);
        // A trusted key of another account does not sign for this one.
        assert!(matches!(
            trust.check_signature("A", "u2", 2, &key(1).public_key_hex(), 50),
            Some(KeyProblem::UntrustedKey { .. })
        ));
        assert!(matches!(
            trust.check_signature("A", "u9", 9, &key(9).public_key_hex(), 50),
            Some(KeyProblem::UntrustedKey { .. })
        ));
    }

    #[test]
    fn pins_are_written_and_read_back() {
        let pin = KeyPin { seq: 7, hash: "ab".repeat(32) };
        assert_eq!(pin.to_string().parse::<KeyPin>(), Ok(pin.clone()));
        assert_eq!(
            format!(" {} \n", pin.to_string().to_uppercase().replace("CABILDO-KEYS", "cabildo-keys")).parse(),
            Ok(pin)
        );
        for bad in ["", "cabildo-keys:0:ab", "cabildo-keys:1:xyz", "keys:1:", "cabildo-keys:1:ab:cd"] {
            assert_eq!(bad.parse::<KeyPin>(), Err(()), "{bad}");
        }
    }

    #[test]
    fn an_appended_key_endorsed_by_nobody_is_found_after_the_pin_but_not_before() {
        let mut log = log();
        let pin = log.last().map(KeyEntry::pin);
        let planted = KeyEntry::next(log.last(), new(2, &key(9), KeyKind::Enrolled, false, 50), Some(&key(9)));
        log.push(planted.clone());
        let trust = check_log(&log, pin.as_ref());
        assert_eq!(trust.problems, vec![KeyProblem::Unendorsed { seq: 5, username: "u2".into() }]);
        assert!(trust.key(&key(9).public_key_hex()).is_none());
        // An enrolled key for an account that already has one is refused even without a pin.
        let trust = check_log(&log, None);
        assert_eq!(trust.problems, vec![KeyProblem::Unendorsed { seq: 5, username: "u2".into() }]);
    }

    #[test]
    fn a_reset_by_someone_who_is_not_an_administrator_is_not_trusted() {
        let mut log = log();
        // Account 2 (not an administrator) "resets" account 1's key with its own current key.
        let forged = KeyEntry::next(log.last(), new(1, &key(8), KeyKind::Reset, true, 60), Some(&key(4)));
        log.push(forged);
        // And a rotation cannot make an administrator out of an account that was not one.
        let escalated = KeyEntry::next(log.last(), new(2, &key(7), KeyKind::Rotation, true, 70), Some(&key(4)));
        log.push(escalated);
        let reset = KeyEntry::next(log.last(), new(3, &key(6), KeyKind::Reset, false, 80), Some(&key(7)));
        log.push(reset);
        let trust = check_log(&log, None);
        assert_eq!(
            trust.problems,
            vec![
                KeyProblem::Unendorsed { seq: 5, username: "u1".into() },
                KeyProblem::Unendorsed { seq: 7, username: "u3".into() }
            ]
        );
        assert_eq!(trust.key(&key(7).public_key_hex()).map(|k| k.admin), Some(false));
    }

    #[test]
    fn tampering_with_the_log_is_found() {
        // A changed entry.
        let mut log = log();
        if let Some(e) = log.get_mut(2) {
            e.public_key = key(9).public_key_hex();
        }
        let trust = check_log(&log, None);
        assert!(trust.problems.contains(&KeyProblem::LogBroken { seq: 3 }), "{:?}", trust.problems);
        assert!(trust.key(&key(9).public_key_hex()).is_none());

        // A removed entry.
        let mut log = self::log();
        log.remove(2);
        let trust = check_log(&log, None);
        assert!(trust.problems.contains(&KeyProblem::LogBroken { seq: 4 }), "{:?}", trust.problems);

        // A rewritten endorsement.
        let mut log = self::log();
        if let Some(e) = log.get_mut(3) {
            e.endorsement = Some(key(5).sign(&endorsement_message(&e.entry_hash)));
        }
        let trust = check_log(&log, None);
        assert_eq!(trust.problems, vec![KeyProblem::BadEndorsement { seq: 4, username: "u2".into() }]);

        // A whole new log with its own root does not match the pin kept of the old one.
        let pin = self::log().first().map(KeyEntry::pin);
        let mut forged: Vec<KeyEntry> = Vec::new();
        let root = KeyEntry::next(None, new(1, &key(11), KeyKind::Root, true, 10), Some(&key(11)));
        forged.push(root);
        let trust = check_log(&forged, pin.as_ref());
        assert_eq!(
            trust.problems,
            vec![KeyProblem::PinMismatch { seq: 1 }, KeyProblem::Unendorsed { seq: 1, username: "u1".into() }]
        );
        assert!(!trust.pinned);

        // A log truncated below the pin.
        let log = self::log();
        let pin = log.last().map(KeyEntry::pin);
        let trust = check_log(log.get(..2).unwrap_or_default(), pin.as_ref());
        assert!(trust.problems.contains(&KeyProblem::PinMismatch { seq: 4 }));
    }

    #[test]
    fn legacy_keys_are_trusted_only_when_pinned_and_only_at_the_start() {
        let mut log: Vec<KeyEntry> = Vec::new();
        for (account, n, at) in [(1, 1u8, 5), (2, 2, 5), (1, 4, 8)] {
            let e = KeyEntry::next(log.last(), new(account, &key(n), KeyKind::Legacy, account == 1, at), None);
            log.push(e);
        }
        let pin = log.last().map(KeyEntry::pin);
        let late = KeyEntry::next(log.last(), new(3, &key(3), KeyKind::Legacy, false, 6), None);
        log.push(late);
        let trust = check_log(&log, pin.as_ref());
        assert_eq!(trust.problems, vec![KeyProblem::Unendorsed { seq: 4, username: "u3".into() }]);
        assert_eq!(trust.key(&key(1).public_key_hex()).map(|k| k.admin), Some(true));
        // An account with two keys from before: the older one stands for what it signed first.
        let k1 = key(1).public_key_hex();
        assert_eq!(trust.check_signature("A", "u1", 1, &k1, 7), None);
        assert!(matches!(trust.check_signature("A", "u1", 1, &k1, 9), Some(KeyProblem::KeySuperseded { .. })));
    }
}
