//! Delegates, seats and credentials: how many seats a sub-body has in a congress, the short code
//! printed on a delegate's credential, who of a seat's holder and alternate the door admits, and
//! the weighted tally of a roll call where the statute weighs delegations by their members.
//!
//! Pure rules over plain values, as the rest of the domain: the services load what was recorded
//! and ask these functions what it means.

use std::fmt;
use std::str::FromStr;

use crate::assembly::{Amount, DecisionRule, Outcome, decide_amounts};
use crate::error::{DomainError, Field};
use num_bigint::BigInt;
use num_rational::BigRational;

/// How an assembly gives seats to its sub-bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeatRule {
    /// The same number of seats for every sub-body.
    Fixed(u32),
    /// One seat per so many members of the sub-body's register on the stated date, and one more
    /// for a remainder ("uno por cada 50 afiliados o fracción"); a sub-body with no members has none.
    PerMembers(u32),
}

/// The most seats one sub-body may get, and the largest number a rule may state: a congress
/// has tens of delegates per delegation at most, never thousands.
pub const MAX_SEATS: u32 = 500;

impl SeatRule {
    /// Reads the rule's code (`fixed`, `per_members`) and its number.
    pub fn read(code: &str, number: &str) -> Result<SeatRule, Vec<(Field, DomainError)>> {
        let mut problems = Vec::new();
        let kind = match crate::text::fold(code).as_str() {
            "fixed" | "fijo" => Some(true),
            "per_members" | "por_afiliados" | "por_miembros" => Some(false),
            "" => {
                problems.push((Field::SeatRule, DomainError::Required { field: Field::SeatRule }));
                None
            }
            _ => {
                problems
                    .push((Field::SeatRule, DomainError::Invalid { field: Field::SeatRule, value: code.to_string() }));
                None
            }
        };
        let n = match number.trim() {
            "" => {
                problems.push((Field::SeatNumber, DomainError::Required { field: Field::SeatNumber }));
                None
            }
            typed => match typed.parse::<u32>() {
                Ok(n) if (1..=MAX_SEATS.max(100_000)).contains(&n) => Some(n),
                _ => {
                    problems.push((
                        Field::SeatNumber,
                        DomainError::Invalid { field: Field::SeatNumber, value: typed.to_string() },
                    ));
                    None
                }
            },
        };
        match (kind, n) {
            (Some(true), Some(n)) if n <= MAX_SEATS => Ok(SeatRule::Fixed(n)),
            (Some(true), Some(n)) => {
                Err(vec![(Field::SeatNumber, DomainError::Invalid { field: Field::SeatNumber, value: n.to_string() })])
            }
            (Some(false), Some(n)) => Ok(SeatRule::PerMembers(n)),
            _ => Err(problems),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            SeatRule::Fixed(_) => "fixed",
            SeatRule::PerMembers(_) => "per_members",
        }
    }

    /// The number the rule states: seats per sub-body, or members per seat.
    pub fn number(self) -> u32 {
        match self {
            SeatRule::Fixed(n) | SeatRule::PerMembers(n) => n,
        }
    }

    /// The rule as stored: its code and number.
    pub fn from_stored(code: &str, number: u32) -> Option<SeatRule> {
        match code {
            "fixed" => Some(SeatRule::Fixed(number)),
            "per_members" if number > 0 => Some(SeatRule::PerMembers(number)),
            _ => None,
        }
    }

    /// The seats of a sub-body with `members` on the register date, at most [`MAX_SEATS`].
    pub fn seats(self, members: u64) -> u32 {
        let seats = match self {
            SeatRule::Fixed(n) => u64::from(n),
            SeatRule::PerMembers(n) => members.div_ceil(u64::from(n.max(1))),
        };
        u32::try_from(seats.min(u64::from(MAX_SEATS))).unwrap_or(MAX_SEATS)
    }
}

/// Whether a credential is for a seat's holder (titular) or its alternate (suplente).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SeatRole {
    Holder,
    Alternate,
}

impl SeatRole {
    pub fn code(self) -> &'static str {
        match self {
            SeatRole::Holder => "holder",
            SeatRole::Alternate => "alternate",
        }
    }

    pub fn is_alternate(self) -> bool {
        self == SeatRole::Alternate
    }
}

impl fmt::Display for SeatRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for SeatRole {
    type Err = DomainError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match crate::text::fold(value).as_str() {
            "holder" | "titular" => Ok(SeatRole::Holder),
            "alternate" | "suplente" => Ok(SeatRole::Alternate),
            _ => Err(DomainError::Invalid { field: Field::Role, value: value.to_string() }),
        }
    }
}

/// What the door decides for a credential of a seat, given who of that seat is already in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    Admit,
    /// This very credential was admitted already: a code is used once.
    AlreadyUsed,
    /// An alternate, while the seat's holder is in.
    HolderPresent,
    /// The holder, after the seat's alternate took the seat.
    AlternateSeated,
}

/// Who of a seat the door admits: the holder while the alternate has not taken the seat; the
/// alternate only while the holder is absent. A credential already admitted is not admitted again.
pub fn admit(role: SeatRole, used: bool, holder_in: bool, alternate_in: bool) -> Admission {
    if used {
        return Admission::AlreadyUsed;
    }
    match role {
        SeatRole::Holder if alternate_in => Admission::AlternateSeated,
        SeatRole::Alternate if holder_in => Admission::HolderPresent,
        _ => Admission::Admit,
    }
}

/// Characters of a credential code before its check character: 50 bits.
pub const CREDENTIAL_DATA: usize = 10;

/// The code printed on a credential, `K7Q2M-9APXR-C`: ten characters of an HMAC-SHA256 of the
/// delegation, the seat and the role under this instance's secret `key`, and a check character
/// (Luhn mod 32, as member cards). The database keeps only the code's hash; the code is worked
/// out again to print it. A guessed code names one of a congress's 2,000 credentials about once
/// in 500 billion tries, and a mistyped one fails its check before anything is looked up.
pub fn credential_code(key: &[u8], delegation: i64, seat: u32, role: SeatRole) -> String {
    use hmac::Mac;
    let mut data = String::with_capacity(CREDENTIAL_DATA + 3);
    // An HMAC accepts a key of any length: `new_from_slice` cannot fail for it.
    if let Ok(mut mac) = hmac::Hmac::<sha2::Sha256>::new_from_slice(key) {
        mac.update(b"cabildo credential\0");
        mac.update(&delegation.to_be_bytes());
        mac.update(&seat.to_be_bytes());
        mac.update(&[u8::from(role.is_alternate())]);
        let tag = mac.finalize().into_bytes();
        let bits = tag.iter().take(7).fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        for i in (0..CREDENTIAL_DATA).rev() {
            data.push(crate::assembly::code_char(((bits >> (5 * i)) & 31) as usize));
        }
    }
    let check = crate::assembly::check_char(&data);
    format!("{}-{}-{}", &data[..5], &data[5..], check)
}

/// A credential code as typed, in its printed form, if it is one: the right length and the check
/// character agreeing (case, spaces and hyphens ignored; I/L read as 1, O as 0).
pub fn read_credential_code(value: &str) -> Option<String> {
    let code = crate::assembly::normalize_code(value)?;
    if code.len() != CREDENTIAL_DATA + 1 {
        return None;
    }
    let (data, check) = code.split_at(CREDENTIAL_DATA);
    check.starts_with(crate::assembly::check_char(data)).then(|| format!("{}-{}-{}", &data[..5], &data[5..], check))
}

/// What one delegate's vote weighs where a statute weighs delegations: the members its
/// delegation represents shared among its seats, kept as an exact fraction (no member is lost to
/// rounding, however many delegations and seat counts a congress has).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Weight(BigRational);

impl Weight {
    /// A delegate of a delegation of `members` with `seats` seats (at least one).
    pub fn of_delegate(members: u64, seats: u32) -> Weight {
        Weight(BigRational::new(BigInt::from(members), BigInt::from(seats.max(1))))
    }

    /// The weight in whole members, rounded to the nearest (halves up): for showing only.
    pub fn members(&self) -> u64 {
        let two = BigInt::from(2);
        let rounded = (self.0.numer() * &two + self.0.denom()) / (self.0.denom() * &two);
        u64::try_from(rounded).unwrap_or(u64::MAX)
    }
}

impl Amount for Weight {
    fn zero() -> Self {
        Weight(BigRational::from_integer(BigInt::from(0)))
    }
    fn plus(&self, other: &Self) -> Self {
        Weight(&self.0 + &other.0)
    }
    fn times(&self, k: u8) -> Self {
        Weight(&self.0 * BigRational::from_integer(BigInt::from(k)))
    }
}

/// Sums weights per option: `votes` as (option, members of the delegation, its seats), in the
/// order options first appear.
pub fn weighed_options<'a>(votes: impl IntoIterator<Item = (&'a str, u64, u32)>) -> Vec<(String, Weight)> {
    let mut sums: Vec<(String, Weight)> = Vec::new();
    for (option, members, seats) in votes {
        let w = Weight::of_delegate(members, seats);
        match sums.iter_mut().find(|(o, _)| o == option) {
            Some((_, sum)) => *sum = sum.plus(&w),
            None => sums.push((option.to_string(), w)),
        }
    }
    sums
}

/// A roll call's tally where each delegation's votes are weighed by the members it represents
/// (see [`Weight`]), per option in whole members, rounded only at the end: for showing.
pub fn weighted_tally<'a>(votes: impl IntoIterator<Item = (&'a str, u64, u32)>) -> Vec<(String, u64)> {
    weighed_options(votes).into_iter().map(|(o, w)| (o, w.members())).collect()
}

/// Decides a weighed roll call on a motion: the decision rule applied to the members represented
/// for and against, with `present` the weights of every voting delegate present (as
/// (members, seats) of their delegations).
pub fn decide_weighed<'a>(
    rule: DecisionRule,
    votes: impl IntoIterator<Item = (&'a str, u64, u32)>,
    present: impl IntoIterator<Item = (u64, u32)>,
) -> Outcome {
    let sums = weighed_options(votes);
    let of = |option: &str| sums.iter().find(|(o, _)| o == option).map_or_else(Weight::zero, |(_, w)| w.clone());
    let present = present.into_iter().fold(Weight::zero(), |sum, (m, s)| sum.plus(&Weight::of_delegate(m, s)));
    decide_amounts(rule, &of("for"), &of("against"), &present)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assembly::{ElectionResult, ElectionRule, Tally, decide, elect_amounts};

    #[test]
    fn seats_per_members_count_a_remainder_as_one_more() {
        assert_eq!(SeatRule::PerMembers(50).seats(0), 0);
        assert_eq!(SeatRule::PerMembers(50).seats(1), 1);
        assert_eq!(SeatRule::PerMembers(50).seats(50), 1);
        assert_eq!(SeatRule::PerMembers(50).seats(51), 2);
        assert_eq!(SeatRule::Fixed(3).seats(0), 3);
        assert_eq!(SeatRule::PerMembers(1).seats(1_000_000), MAX_SEATS);
    }

    #[test]
    fn a_rule_is_read_with_every_problem_named() {
        assert_eq!(SeatRule::read("fijo", "2"), Ok(SeatRule::Fixed(2)));
        assert_eq!(SeatRule::read("per_members", "40"), Ok(SeatRule::PerMembers(40)));
        assert_eq!(SeatRule::read("", "").map_err(|p| p.len()), Err(2));
        assert!(SeatRule::read("fixed", "0").is_err());
        assert!(SeatRule::read("fixed", "501").is_err());
        assert!(SeatRule::read("lottery", "3").is_err());
    }

    #[test]
    fn the_door_admits_an_alternate_only_while_the_holder_is_absent() {
        use Admission::*;
        assert_eq!(admit(SeatRole::Holder, false, false, false), Admit);
        assert_eq!(admit(SeatRole::Alternate, false, true, false), HolderPresent);
        assert_eq!(admit(SeatRole::Alternate, false, false, false), Admit);
        assert_eq!(admit(SeatRole::Holder, false, false, true), AlternateSeated);
        assert_eq!(admit(SeatRole::Holder, true, true, false), AlreadyUsed);
    }

    #[test]
    fn credential_codes_check_their_last_character() {
        let code = credential_code(b"key", 7, 1, SeatRole::Holder);
        assert_eq!(code.len(), CREDENTIAL_DATA + 3);
        assert_eq!(read_credential_code(&code), Some(code.clone()));
        assert_eq!(read_credential_code(&code.to_lowercase().replace('-', " ")), Some(code.clone()));
        assert_ne!(code, credential_code(b"key", 7, 1, SeatRole::Alternate));
        assert_ne!(code, credential_code(b"key", 7, 2, SeatRole::Holder));
        assert_ne!(code, credential_code(b"other", 7, 1, SeatRole::Holder));
        // Every single mistyped character is caught by the check character.
        for (i, c) in code.char_indices().filter(|(_, c)| *c != '-') {
            for other in "0123456789ABCDEFGHJKMNPQRSTVWXYZ".chars().filter(|o| *o != c) {
                let mut typo = code.clone();
                typo.replace_range(i..i + 1, &other.to_string());
                assert_eq!(read_credential_code(&typo), None, "{typo}");
            }
        }
        assert_eq!(read_credential_code("K7Q2-M9AP-X"), None);
    }

    #[test]
    fn weighted_tallies_lose_no_member_to_rounding() {
        // A delegation of 100 members with 3 seats: two vote for, one against.
        let t = weighted_tally([("for", 100, 3), ("for", 100, 3), ("against", 100, 3), ("for", 40, 1)]);
        assert_eq!(t, vec![("for".to_string(), 107), ("against".to_string(), 33)]);
    }

    #[test]
    fn a_weighed_roll_call_is_decided_by_the_members_represented_not_by_the_delegates() {
        // Five delegates of a sindicato of 100 vote for; two of a central of 1,000 vote against.
        let votes = [("for", 100, 5); 5].into_iter().chain([("against", 1000, 2); 2]);
        let present = [(100, 5); 5].into_iter().chain([(1000, 2); 2]);
        assert_eq!(decide_weighed(DecisionRule::MajorityOfVotesCast, votes, present), Outcome::Rejected);
        // Counted one per delegate, the same roll call adopts.
        let counted = Tally { for_: 5, against: 2, abstain: 0 };
        assert_eq!(decide(DecisionRule::MajorityOfVotesCast, counted, 7), Outcome::Adopted);
    }

    #[test]
    fn weighed_decisions_use_exact_fractions_not_rounded_members() {
        // A third of a delegation of 100 (33.33 members) against a delegation of 33: rounded, a tie;
        // exactly, adopted.
        let votes = [("for", 100, 3), ("against", 33, 1)];
        assert_eq!(weighted_tally(votes), vec![("for".to_string(), 33), ("against".to_string(), 33)]);
        assert_eq!(decide_weighed(DecisionRule::MajorityOfVotesCast, votes, [(100, 3), (33, 1)]), Outcome::Adopted);
        // Two thirds of a delegation of 100 and one seat of 200/6 — both exactly 100/3 — tie.
        let tie = [("for", 100, 3), ("against", 200, 6)];
        assert_eq!(decide_weighed(DecisionRule::MajorityOfVotesCast, tie, [(100, 3), (200, 6)]), Outcome::Tie);
    }

    #[test]
    fn an_absolute_majority_is_of_the_members_represented_by_those_present() {
        // 60 of 100 members present vote for, but the delegation of 120 present abstains.
        let votes = [("for", 60, 1), ("abstain", 120, 1)];
        assert_eq!(decide_weighed(DecisionRule::AbsoluteMajority, votes, [(60, 1), (120, 1)]), Outcome::Rejected);
        let votes = [("for", 130, 1), ("abstain", 120, 1)];
        assert_eq!(decide_weighed(DecisionRule::AbsoluteMajority, votes, [(130, 1), (120, 1)]), Outcome::Adopted);
    }

    #[test]
    fn a_weighed_election_elects_by_members_represented() {
        let w = |m, s| Weight::of_delegate(m, s);
        // Candidate 1: three small delegations; candidate 2: one large one.
        let votes = [(1, w(50, 1).plus(&w(50, 1)).plus(&w(50, 1))), (2, w(400, 1))];
        assert_eq!(elect_amounts(ElectionRule::Plurality, &votes), ElectionResult::Elected(2));
        let tie = [(1, w(100, 3).times(2)), (2, w(200, 3))];
        assert_eq!(elect_amounts(ElectionRule::Plurality, &tie), ElectionResult::Runoff(vec![1, 2]));
    }

    proptest::proptest! {
        /// Where every delegation has one member per seat, weighing changes nothing: the weighed
        /// decision is the counted one, under every rule.
        #[test]
        fn weighing_one_member_per_seat_is_counting(
            votes in proptest::collection::vec((0usize..3, 1u32..6), 0..40),
            absent in 0u64..5,
            rule in proptest::sample::select(vec![
                DecisionRule::MajorityOfVotesCast, DecisionRule::AbsoluteMajority,
                DecisionRule::TwoThirds, DecisionRule::Unanimity,
            ]),
        ) {
            let options = ["for", "against", "abstain"];
            let weighed: Vec<(&str, u64, u32)> = votes.iter().map(|(o, s)| (options[*o], u64::from(*s), *s)).collect();
            let mut present: Vec<(u64, u32)> = weighed.iter().map(|(_, m, s)| (*m, *s)).collect();
            present.extend((0..absent).map(|_| (1, 1)));
            let counted = Tally::from_options(weighed.iter().map(|(o, _, _)| (*o, 1)));
            let present_count = votes.len() as u64 + absent;
            proptest::prop_assert_eq!(
                decide_weighed(rule, weighed.iter().copied(), present),
                decide(rule, counted, present_count)
            );
        }
    }
}
