//! The head of a body's chain of sealed actas, the places it is kept, and what a chain must hold
//! against a head kept elsewhere (pure).
//!
//! A chain is only as good as the place its head is kept: whoever can rewrite the database can
//! rewrite every acta and recompute every hash. The head — how many actas the body has sealed and
//! the chain hash of the last — is printed on the acta and on the next convocatoria, published on
//! the body's public page and feed, and kept by the body above (see `chain_heads` in the store).
//! [`check_head`] tells whether a chain still holds a head recorded earlier: a chain cut short
//! (the last acta deleted or un-sealed, every acta deleted) does not reach it, and a chain
//! rewritten or reordered does not pass through it.
//!
//! This module also holds the rules that keep legitimate changes apart from tampering: which keys
//! of an acta are names taken from the register ([`is_register_name`]), the names a body bore on
//! a day according to its history ([`names_on`]), and when a closed assembly's acta is overdue
//! ([`acta_overdue`]).

use std::fmt;
use std::str::FromStr;

use crate::Date;
use crate::acta::SealedActa;
use crate::error::DomainError;

/// The fewest hexadecimal digits of a chain hash a head given by hand may carry (64 bits): enough
/// that no one can make another chain ending in the same digits, short enough to read off paper.
pub const MIN_HEAD_DIGITS: usize = 16;

/// Days after an assembly closes within which its acta should be sealed; past them, verification
/// and the body's page report the assembly (not as tampering: as an acta owed).
pub const ACTA_DUE_DAYS: i64 = 30;

/// The head of a body's chain: how many actas it has sealed and the chain hash of the last (all
/// 64 digits, or at least [`MIN_HEAD_DIGITS`] of its beginning when given by hand).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ChainHead {
    pub count: u64,
    /// Lowercase hexadecimal; empty for a body that has sealed nothing (count 0).
    pub hash: String,
}

impl ChainHead {
    /// The head of a chain: its length and the chain hash of the acta with the highest number.
    pub fn of(chain: &[SealedActa]) -> ChainHead {
        let last = chain.iter().max_by_key(|a| a.seq);
        ChainHead { count: chain.len() as u64, hash: last.map(|a| a.chain_hash.clone()).unwrap_or_default() }
    }

    /// The head as written on paper and given to `cabildo verify --head`: `count:hash`.
    pub fn text(&self) -> String {
        format!("{}:{}", self.count, self.hash)
    }

    /// The first 16 digits, for where the whole hash does not fit (still a valid `--head`).
    pub fn short(&self) -> String {
        format!("{}:{}", self.count, self.hash.get(..MIN_HEAD_DIGITS).unwrap_or(&self.hash))
    }
}

impl fmt::Display for ChainHead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

impl FromStr for ChainHead {
    type Err = DomainError;

    /// `count:hash`, the hash in either case, all 64 digits or at least [`MIN_HEAD_DIGITS`];
    /// `0:` (nothing sealed) too. Spaces around are ignored.
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let bad = || DomainError::BadChainHead { value: value.to_string() };
        let (count, hash) = value.trim().split_once(':').ok_or_else(bad)?;
        let count: u64 = count.trim().parse().map_err(|_| bad())?;
        let hash = hash.trim().to_ascii_lowercase();
        let hex = hash.bytes().all(|b| b.is_ascii_hexdigit());
        let long_enough = (MIN_HEAD_DIGITS..=64).contains(&hash.len());
        match (count, hash.is_empty()) {
            (0, true) => Ok(ChainHead { count, hash }),
            (0, false) | (_, true) => Err(bad()),
            _ if hex && long_enough => Ok(ChainHead { count, hash }),
            _ => Err(bad()),
        }
    }
}

/// What a chain is, measured against a head recorded earlier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeadCheck {
    /// The chain has an acta with the head's number whose chain hash is the head's.
    Holds,
    /// The chain has fewer sealed actas than the head counted: some were deleted or un-sealed.
    Shorter { found: u64 },
    /// The acta with the head's number has another chain hash (or is missing while later ones
    /// exist): the chain was rewritten, renumbered or reordered since.
    Diverges,
}

/// Whether `chain` (one body's sealed actas, in any order) still holds `head`. A chain may have
/// grown since; it must not be shorter, and its acta number `head.count` must have the head's
/// chain hash (or, for a head given by hand, a chain hash that begins with it).
pub fn check_head(chain: &[SealedActa], head: &ChainHead) -> HeadCheck {
    let found = chain.len() as u64;
    if found < head.count {
        return HeadCheck::Shorter { found };
    }
    if head.count == 0 {
        return HeadCheck::Holds;
    }
    let at = chain.iter().filter(|a| a.seq == head.count).collect::<Vec<_>>();
    match at.as_slice() {
        [one] if one.chain_hash.to_ascii_lowercase().starts_with(&head.hash) => HeadCheck::Holds,
        _ => HeadCheck::Diverges,
    }
}

/// Where a head that a chain is checked against comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeadWitness {
    /// Given by whoever verifies (`cabildo verify --head`), read off paper or a public page.
    Given,
    /// Kept by a body above (`keeper`, its label) since `on`.
    Kept { keeper: String, on: Date },
}

impl fmt::Display for HeadWitness {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeadWitness::Given => f.write_str("given on the command line"),
            HeadWitness::Kept { keeper, on } => write!(f, "kept by {keeper} since {on}"),
        }
    }
}

/// How a kept head reached its keeper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HeadSource {
    /// Recorded when the acta was sealed, in the same transaction (the keeper shares the
    /// database).
    Seal,
    /// Recorded by the migration that introduced kept heads, for actas sealed before it.
    Migration,
    /// Delivered in a bundle from the body's own instance (a hall that syncs later).
    Bundle,
}

impl HeadSource {
    pub const ALL: [HeadSource; 3] = [HeadSource::Seal, HeadSource::Migration, HeadSource::Bundle];

    pub fn code(self) -> &'static str {
        match self {
            HeadSource::Seal => "seal",
            HeadSource::Migration => "migration",
            HeadSource::Bundle => "bundle",
        }
    }
}

impl FromStr for HeadSource {
    type Err = ();

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        HeadSource::ALL.into_iter().find(|s| s.code() == value).ok_or(())
    }
}

/// Whether a key of an acta's canonical content holds a person's name as the register had it
/// (`attendance.00000012.name`, `motion.03.candidate.c7`). People's names may be corrected in the
/// register after sealing (a household's form, a padrón import) without the register keeping
/// the old spelling: a difference there is a later change, not tampering. The person is
/// identified by the number in the key, which is compared with everything else.
pub fn is_register_name(key: &str) -> bool {
    let parts: Vec<&str> = key.split('.').collect();
    match parts.as_slice() {
        ["attendance", person, "name"] => person.bytes().all(|b| b.is_ascii_digit()),
        ["motion", number, "candidate", candidate] => {
            number.bytes().all(|b| b.is_ascii_digit()) && candidate.starts_with('c')
        }
        ["motion", number, "elected"] => number.bytes().all(|b| b.is_ascii_digit()),
        _ => false,
    }
}

/// A rename in a body's history: on `on`, from `from` to `to`. Given oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rename {
    pub on: Date,
    pub from: String,
    pub to: String,
}

/// Every name the body bore on `day`, according to its history: the name it has now, taken back
/// through each later rename, and the names it left that day. `None` when the history does not
/// lead back from the name now (a rename recorded to a name the body did not then bear, or a
/// name changed without a rename recorded): the history does not explain the name.
pub fn names_on(current: &str, renames: &[Rename], day: Date) -> Option<Vec<String>> {
    let mut name = current.to_string();
    let mut names = Vec::new();
    for rename in renames.iter().rev() {
        if rename.on < day {
            break;
        }
        if rename.to != name {
            return None;
        }
        if rename.on == day {
            names.push(name.clone());
        }
        name = rename.from.clone();
    }
    names.push(name);
    Some(names)
}

/// Whether the acta of an assembly that closed at `closed_at` (seconds since the epoch) and is not
/// sealed by `now` is overdue: more than [`ACTA_DUE_DAYS`] days have passed. Returns the days since
/// closing when it is.
pub fn acta_overdue(closed_at: i64, now: i64) -> Option<i64> {
    let days = now.saturating_sub(closed_at) / 86_400;
    (days > ACTA_DUE_DAYS).then_some(days)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::acta::{Rebuilt, chain_hash, content_hash};

    fn chain(n: u64) -> Vec<SealedActa> {
        let mut prev: Option<String> = None;
        (1..=n)
            .map(|seq| {
                let content = format!("cabildo-acta v1\nassembly.title=Asamblea {seq}\n");
                let hash = content_hash(&content);
                let link = chain_hash(prev.as_deref(), &hash, seq);
                let acta = SealedActa {
                    id: seq as i64,
                    label: format!("Acta {seq}"),
                    seq,
                    content: content.clone(),
                    content_hash: hash,
                    prev_hash: prev.clone(),
                    chain_hash: link.clone(),
                    signatures: Vec::new(),
                    rebuilt: Rebuilt::Content(content),
                };
                prev = Some(link);
                acta
            })
            .collect()
    }

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn heads_are_read_and_written_as_count_colon_hash() {
        let actas = chain(3);
        let head = ChainHead::of(&actas);
        assert_eq!(head.count, 3);
        assert_eq!(head.hash, actas[2].chain_hash);
        assert_eq!(head.text().parse::<ChainHead>().unwrap(), head);
        assert_eq!(head.short().len(), 2 + MIN_HEAD_DIGITS);
        assert_eq!(head.short().parse::<ChainHead>().unwrap().hash, &head.hash[..16]);
        assert_eq!(format!(" 3:{} ", head.hash.to_uppercase()).parse::<ChainHead>().unwrap(), head);
        assert_eq!(ChainHead::of(&[]), ChainHead { count: 0, hash: String::new() });
        assert_eq!("0:".parse::<ChainHead>().unwrap(), ChainHead::of(&[]));
        let too_short = format!("3:{}", &head.hash[..15]);
        let too_long = format!("3:{}0", head.hash);
        for bad in ["", "3", "3:", ":abc", "x:0123456789abcdef", "-1:0123456789abcdef", "0:0123456789abcdef"] {
            assert_eq!(bad.parse::<ChainHead>(), Err(DomainError::BadChainHead { value: bad.into() }), "{bad:?}");
        }
        for bad in [too_short, too_long, "3:0123456789abcdeg".to_string()] {
            assert!(bad.parse::<ChainHead>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_chain_holds_every_head_it_passed_through() {
        let actas = chain(5);
        for n in 0..=5 {
            let head = ChainHead::of(&actas[..n]);
            assert_eq!(check_head(&actas, &head), HeadCheck::Holds, "head {n}");
            let short = head.short().parse().unwrap();
            assert_eq!(check_head(&actas, &short), HeadCheck::Holds, "short head {n}");
        }
    }

    #[test]
    fn deleting_unsealing_or_truncating_leaves_the_chain_short_of_the_head() {
        let actas = chain(5);
        let head = ChainHead::of(&actas);
        // The last acta deleted (or un-sealed: no longer among the sealed ones).
        assert_eq!(check_head(&actas[..4], &head), HeadCheck::Shorter { found: 4 });
        // Truncated to two.
        assert_eq!(check_head(&actas[..2], &head), HeadCheck::Shorter { found: 2 });
        // Every acta deleted.
        assert_eq!(check_head(&[], &head), HeadCheck::Shorter { found: 0 });
    }

    #[test]
    fn a_rewritten_or_reordered_chain_diverges_from_the_head() {
        let actas = chain(5);
        let head = ChainHead::of(&actas[..3]);
        // Another chain of the same length (rewritten and every hash recomputed).
        let other: Vec<SealedActa> = chain(5)
            .into_iter()
            .map(|mut a| {
                a.chain_hash = content_hash(&format!("other {}", a.seq));
                a
            })
            .collect();
        assert_eq!(check_head(&other, &head), HeadCheck::Diverges);
        // Two actas swapped their numbers.
        let mut swapped = actas.clone();
        swapped[2].seq = 2;
        swapped[1].seq = 3;
        assert_eq!(check_head(&swapped, &head), HeadCheck::Diverges);
        // Acta 3 deleted and acta 4 renumbered 3: still five? no, four — and a different hash.
        let mut renumbered: Vec<SealedActa> = actas.iter().filter(|a| a.seq != 3).cloned().collect();
        for a in &mut renumbered {
            if a.seq > 3 {
                a.seq -= 1;
            }
        }
        assert_eq!(check_head(&renumbered, &head), HeadCheck::Diverges);
        // Two actas numbered 3.
        let mut twice = actas.clone();
        twice[3].seq = 3;
        assert_eq!(check_head(&twice, &head), HeadCheck::Diverges);
    }

    #[test]
    fn names_of_a_body_on_a_day_follow_its_renames_back() {
        let renames = [
            Rename { on: date("2026-03-01"), from: "Sindicato A".into(), to: "Sindicato B".into() },
            Rename { on: date("2026-05-10"), from: "Sindicato B".into(), to: "Sindicato C".into() },
            Rename { on: date("2026-05-10"), from: "Sindicato C".into(), to: "Sindicato D".into() },
        ];
        let on = |day: &str| names_on("Sindicato D", &renames, date(day));
        assert_eq!(on("2026-01-01"), Some(vec!["Sindicato A".to_string()]));
        assert_eq!(on("2026-03-01"), Some(vec!["Sindicato B".to_string(), "Sindicato A".to_string()]));
        assert_eq!(on("2026-04-01"), Some(vec!["Sindicato B".to_string()]));
        assert_eq!(
            on("2026-05-10"),
            Some(vec!["Sindicato D".to_string(), "Sindicato C".to_string(), "Sindicato B".to_string()])
        );
        assert_eq!(on("2026-06-01"), Some(vec!["Sindicato D".to_string()]));
        assert_eq!(names_on("Sindicato A", &[], date("2026-01-01")), Some(vec!["Sindicato A".to_string()]));
        // A name changed behind the history's back: the history does not lead to it.
        assert_eq!(names_on("Sindicato Z", &renames, date("2026-01-01")), None);
        // ... unless nothing was renamed since the day asked about: then the name now is all it says.
        assert_eq!(names_on("Sindicato Z", &renames, date("2026-06-01")), Some(vec!["Sindicato Z".to_string()]));
    }

    #[test]
    fn register_names_are_people_s_names_only() {
        for key in ["attendance.00000012.name", "motion.03.candidate.c7"] {
            assert!(is_register_name(key), "{key}");
        }
        for key in [
            "body.name",
            "body.code",
            "attendance.00000012.status",
            "attendance.present",
            "motion.03.title",
            "motion.03.count.for",
            "motion.03.candidate",
            "attendance.x.name",
            "notes",
        ] {
            assert!(!is_register_name(key), "{key}");
        }
    }

    #[test]
    fn an_acta_is_overdue_after_the_days_allowed() {
        let day = 86_400;
        assert_eq!(acta_overdue(0, ACTA_DUE_DAYS * day), None);
        assert_eq!(acta_overdue(0, (ACTA_DUE_DAYS + 1) * day - 1), None);
        assert_eq!(acta_overdue(0, (ACTA_DUE_DAYS + 1) * day), Some(ACTA_DUE_DAYS + 1));
        assert_eq!(acta_overdue(100 * day, 0), None);
        assert_eq!(HeadSource::ALL.map(|s| s.code().parse::<HeadSource>()), HeadSource::ALL.map(Ok));
        assert!("other".parse::<HeadSource>().is_err());
    }
}
