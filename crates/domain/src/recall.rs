//! Recall (revocatoria) of officers by the base.
//!
//! A body's own assembly recalls one of its officers by the decision rule its statute sets for
//! recalls (two thirds unless set). An officer of a body with bases below it (a central, a
//! federation, the confederation) is recalled when a share of those bases — a fraction the body's
//! statute sets, kept exact — adopt a recall resolution within a window of days that opens with
//! the first one. The bases are the bodies of the base kind (sindicatos) in the body's sub-tree,
//! as for a consulta. Whether a recall succeeded is decided from the counted resolutions; whether
//! its window closed, from the calendar day handed in: nothing here reads the clock.

use std::fmt;
use std::str::FromStr;

use crate::assembly::DecisionRule;
use crate::{Body, BodyId, BodyKind, Date, DomainError, Field, Tree, text};

/// The decision rule of a recall when the statute sets none.
pub const DEFAULT_RULE: DecisionRule = DecisionRule::TwoThirds;
/// The window of a recall by the bases when the statute sets a share but no window.
pub const DEFAULT_WINDOW_DAYS: u32 = 30;
/// The longest window a statute may set.
pub const MAX_WINDOW_DAYS: u32 = 365;
/// The largest denominator of a share ("1/3", "51/100").
pub const MAX_DENOMINATOR: u32 = 1000;
/// The kind of body that counts as a base of a recall (as a consulta's default bases).
pub const BASE_KIND: BodyKind = BodyKind::Sindicato;

/// A share of the bases, as an exact fraction in lowest terms: 1/3, 1/2, 51/100. Never a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Share {
    num: u32,
    den: u32,
}

impl Share {
    /// A share of `num` out of `den` (0 < num ≤ den ≤ [`MAX_DENOMINATOR`]), reduced.
    pub fn new(num: u32, den: u32) -> Option<Share> {
        if num == 0 || den == 0 || num > den || den > MAX_DENOMINATOR {
            return None;
        }
        let g = gcd(num, den);
        Some(Share { num: num / g, den: den / g })
    }

    pub fn num(self) -> u32 {
        self.num
    }

    pub fn den(self) -> u32 {
        self.den
    }

    /// Whether `adopted` of `bases` reach the share. No bases, no recall.
    pub fn reached(self, adopted: u64, bases: u64) -> bool {
        bases > 0 && u128::from(adopted) * u128::from(self.den) >= u128::from(self.num) * u128::from(bases)
    }

    /// How many of `bases` must adopt a recall resolution for the share (at least one).
    pub fn needed(self, bases: u64) -> u64 {
        let needed = (u128::from(self.num) * u128::from(bases)).div_ceil(u128::from(self.den));
        u64::try_from(needed).unwrap_or(u64::MAX).max(1)
    }
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 { a } else { gcd(b, a % b) }
}

impl fmt::Display for Share {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.num, self.den)
    }
}

impl FromStr for Share {
    type Err = DomainError;

    /// "1/3", "1 / 3", "33%" (33/100), or the words "un tercio", "la mitad", "dos tercios".
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let bad = || DomainError::Invalid { field: Field::RecallShare, value: value.trim().to_string() };
        let folded = text::fold(value);
        let folded = folded.trim();
        if folded.is_empty() {
            return Err(DomainError::Required { field: Field::RecallShare });
        }
        let words = [
            ("un tercio", (1, 3)),
            ("one third", (1, 3)),
            ("la mitad", (1, 2)),
            ("half", (1, 2)),
            ("dos tercios", (2, 3)),
            ("two thirds", (2, 3)),
            ("un cuarto", (1, 4)),
            ("one quarter", (1, 4)),
        ];
        if let Some((_, (n, d))) = words.iter().find(|(w, _)| *w == folded) {
            return Share::new(*n, *d).ok_or_else(bad);
        }
        if let Some(p) = folded.strip_suffix('%') {
            let p: u32 = p.trim().parse().map_err(|_| bad())?;
            return Share::new(p, 100).ok_or_else(bad);
        }
        let (n, d) = folded.split_once('/').ok_or_else(bad)?;
        let n: u32 = n.trim().parse().map_err(|_| bad())?;
        let d: u32 = d.trim().parse().map_err(|_| bad())?;
        Share::new(n, d).ok_or_else(bad)
    }
}

/// What a statute says of recalls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecallTerms {
    /// The decision rule of a recall motion in the body's own assembly.
    pub rule: DecisionRule,
    /// The share of the bases below that recalls an officer of the body; `None`: its officers
    /// cannot be recalled from below.
    pub share: Option<Share>,
    /// How many days the bases have, from the first recall resolution.
    pub window_days: u32,
}

impl Default for RecallTerms {
    fn default() -> Self {
        RecallTerms { rule: DEFAULT_RULE, share: None, window_days: DEFAULT_WINDOW_DAYS }
    }
}

/// Reads a window in days ("30", "30 días"): 1 to [`MAX_WINDOW_DAYS`].
pub fn parse_window_days(value: &str) -> Result<u32, DomainError> {
    let cleaned = text::fold(value);
    let digits = cleaned.trim_end_matches(|c: char| c.is_alphabetic() || c.is_whitespace()).trim();
    if digits.is_empty() {
        return Err(DomainError::Required { field: Field::RecallWindow });
    }
    match digits.parse::<u32>() {
        Ok(n) if (1..=MAX_WINDOW_DAYS).contains(&n) => Ok(n),
        _ => Err(DomainError::Invalid { field: Field::RecallWindow, value: value.trim().to_string() }),
    }
}

/// The last day on which a base's recall resolution still counts: `window_days` after the day
/// the recall opened (opened on 1 March with 30 days: 31 March).
pub fn closes_on(opened_on: Date, window_days: u32) -> Date {
    opened_on.checked_add_days(chrono::Days::new(u64::from(window_days))).unwrap_or(Date::MAX)
}

/// Where a recall by the bases stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecallStatus {
    /// The window is open and the share not reached.
    UnderWay,
    /// The share was reached: the office ended.
    Recalled,
    /// The window closed short of the share.
    Failed,
}

impl RecallStatus {
    pub fn code(self) -> &'static str {
        match self {
            RecallStatus::UnderWay => "under_way",
            RecallStatus::Recalled => "recalled",
            RecallStatus::Failed => "failed",
        }
    }

    /// A stored outcome: `recalled` or `failed` (a recall under way stores none).
    pub fn parse_outcome(value: &str) -> Option<RecallStatus> {
        match value {
            "recalled" => Some(RecallStatus::Recalled),
            "failed" => Some(RecallStatus::Failed),
            _ => None,
        }
    }
}

/// A recall's status on `today`: the stored outcome, else failed once the window closed, else
/// under way.
pub fn status(outcome: Option<RecallStatus>, closes_on: Date, today: Date) -> RecallStatus {
    match outcome {
        Some(outcome) => outcome,
        None if today > closes_on => RecallStatus::Failed,
        None => RecallStatus::UnderWay,
    }
}

/// Who may move a recall of an officer of `office_body`, from an assembly of `mover`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Say {
    /// The body's own assembly: decided by its recall rule, the office ends when adopted.
    Own,
    /// A base below the body: its resolution counts towards the share.
    Base,
}

/// Whether `mover`'s assembly has a say over the offices of `office_body`: the body itself, or a
/// body of the base kind below it; `None` otherwise.
pub fn say(tree: &Tree, mover: &Body, office_body: BodyId) -> Option<Say> {
    if mover.id == office_body {
        Some(Say::Own)
    } else if mover.kind == BASE_KIND && tree.is_within(mover.id, office_body) {
        Some(Say::Base)
    } else {
        None
    }
}

/// The bases of a recall of an officer of `root`: the open bodies of the base kind below it, in
/// the order given.
pub fn bases<'a>(bodies: impl IntoIterator<Item = &'a Body>, tree: &Tree, root: BodyId) -> Vec<BodyId> {
    bodies
        .into_iter()
        .filter(|b| b.id != root && b.kind == BASE_KIND && b.is_open() && tree.is_within(b.id, root))
        .map(|b| b.id)
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Date {
        Date::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn shares_are_exact_fractions_in_lowest_terms() {
        let third: Share = "1/3".parse().unwrap();
        assert_eq!((third.num(), third.den()), (1, 3));
        assert_eq!("2/6".parse::<Share>().unwrap(), third);
        assert_eq!("un tercio".parse::<Share>().unwrap(), third);
        assert_eq!("50%".parse::<Share>().unwrap(), Share::new(1, 2).unwrap());
        assert_eq!("33%".parse::<Share>().unwrap().to_string(), "33/100");
        for bad in ["0/3", "4/3", "1/0", "0,33", "1/1001", "abc", "-1/3"] {
            assert!(bad.parse::<Share>().is_err(), "{bad}");
        }
        assert!(matches!("".parse::<Share>(), Err(DomainError::Required { .. })));
    }

    #[test]
    fn a_third_of_six_bases_is_two_and_of_seven_is_three() {
        let third = Share::new(1, 3).unwrap();
        assert!(!third.reached(1, 6));
        assert!(third.reached(2, 6));
        assert_eq!(third.needed(6), 2);
        assert!(!third.reached(2, 7));
        assert!(third.reached(3, 7));
        assert_eq!(third.needed(7), 3);
        assert!(!third.reached(0, 0), "no bases, no recall");
        assert_eq!(third.needed(1), 1);
        // No overflow at the largest counts.
        assert!(third.reached(u64::MAX, u64::MAX));
    }

    #[test]
    fn the_window_closes_after_its_days_and_a_recall_fails_only_then() {
        let closes = closes_on(day(2026, 3, 1), 30);
        assert_eq!(closes, day(2026, 3, 31));
        assert_eq!(status(None, closes, day(2026, 3, 31)), RecallStatus::UnderWay);
        assert_eq!(status(None, closes, day(2026, 4, 1)), RecallStatus::Failed);
        assert_eq!(status(Some(RecallStatus::Recalled), closes, day(2027, 1, 1)), RecallStatus::Recalled);
        assert_eq!(parse_window_days("30 días").unwrap(), 30);
        assert!(parse_window_days("0").is_err());
        assert!(parse_window_days("366").is_err());
    }
}
