//! Transfers between bodies (issue 15, part 4): which bodies may send money to which, the share
//! of dues a higher body's statute asks of the bodies below it, and the lines of the entries a
//! transfer writes in both books.
//!
//! A transfer is recorded once, as three entries that name it: the sender's (`TransfersOut` of
//! the receiver debited, cash credited), the receiver's pending one (`Receivable` from the sender
//! debited, `IncomeTransfers` from the sender credited) and, when the receiver's treasurer
//! confirms that the money arrived, the receiver's confirmation (cash debited, the `Receivable`
//! settled). What the sender sent is what the receiver earned, line for line.

use std::fmt;
use std::str::FromStr;

use crate::Date;
use crate::body::{Affiliation, BodyId};
use crate::error::{DomainError, Field};
use crate::ledger::{Account, Centavos, Line};
use crate::tree::Tree;

/// What a transfer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::EnumIter)]
pub enum TransferKind {
    /// The share of a period's dues owed to a body above, as its statute sets it.
    DuesShare,
    /// A contribution: a levy's money sent on (a campaign fund through an affiliation), help to a
    /// sister sindicato after a flood.
    Contribution,
}

impl TransferKind {
    pub fn code(self) -> &'static str {
        match self {
            TransferKind::DuesShare => "dues_share",
            TransferKind::Contribution => "contribution",
        }
    }
}

impl fmt::Display for TransferKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for TransferKind {
    type Err = DomainError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match crate::text::fold(value).trim().replace([' ', '-'], "_").as_str() {
            "dues_share" | "share" | "cuota_parte" | "parte_de_cuotas" => Ok(TransferKind::DuesShare),
            "contribution" | "aporte" | "contribucion" | "" => Ok(TransferKind::Contribution),
            _ => Err(DomainError::Invalid { field: Field::Status, value: value.to_string() }),
        }
    }
}

/// How two bodies are related, when money may pass between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Relation {
    /// The receiver is above the sender in the tree (its parent, or further up).
    Above,
    /// The receiver is below the sender.
    Below,
    /// Both have the same parent (a sister sindicato).
    Sister,
    /// An affiliation in force on the day joins them (either way).
    Affiliated,
}

/// How `to` is related to `from` on `day`: above or below it in the tree, a sister under the same
/// parent, or joined by an affiliation in force that day (`affiliations` may hold any; those of
/// other bodies are ignored). `None`: unrelated, or the same body — no transfer between them.
pub fn relation(tree: &Tree, affiliations: &[Affiliation], from: BodyId, to: BodyId, day: Date) -> Option<Relation> {
    if from == to {
        return None;
    }
    if tree.is_within(from, to) {
        return Some(Relation::Above);
    }
    if tree.is_within(to, from) {
        return Some(Relation::Below);
    }
    if tree.parent(from).is_some() && tree.parent(from) == tree.parent(to) {
        return Some(Relation::Sister);
    }
    let joined = affiliations.iter().any(|a| {
        ((a.member_id == from && a.host_id == to) || (a.member_id == to && a.host_id == from))
            && a.since <= day
            && a.until.is_none_or(|until| until > day)
    });
    joined.then_some(Relation::Affiliated)
}

/// The share of `collected` dues owed at `basis_points` (1000 = 10 %): rounded down to the
/// centavo, so that the body above never gets more than its share, and never less than zero (a
/// period whose reversals exceed its payments owes nothing; it takes nothing back either).
pub fn dues_share(collected: Centavos, basis_points: i64) -> Centavos {
    if collected.0 <= 0 || basis_points <= 0 {
        return Centavos::ZERO;
    }
    let product = i128::from(collected.0) * i128::from(basis_points.min(10_000));
    Centavos(i64::try_from(product / 10_000).unwrap_or(i64::MAX))
}

/// What a body below owes a body above for a period: the dues it collected, the share of them
/// owed, what it sent as that share, and what is still owed (never less than zero).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShareOwed {
    pub collected: Centavos,
    pub owed: Centavos,
    pub sent: Centavos,
    pub outstanding: Centavos,
}

impl ShareOwed {
    pub fn new(collected: Centavos, basis_points: i64, sent: Centavos) -> ShareOwed {
        let owed = dues_share(collected, basis_points);
        ShareOwed { collected, owed, sent, outstanding: Centavos((owed.0 - sent.0).max(0)) }
    }
}

/// The sender's entry: what it sent to `to`, out of its cash.
pub fn sent_lines(to: BodyId, amount: Centavos) -> Vec<Line> {
    vec![Line::with_body(Account::TransfersOut, to, amount), Line::new(Account::Cash, Centavos(-amount.0))]
}

/// The receiver's pending entry: what `from` sent it, owed to it until it arrives.
pub fn pending_lines(from: BodyId, amount: Centavos) -> Vec<Line> {
    vec![
        Line::with_body(Account::Receivable, from, amount),
        Line::with_body(Account::IncomeTransfers, from, Centavos(-amount.0)),
    ]
}

/// The receiver's confirmation: the money is in its cash, nothing more is owed by `from`.
pub fn confirmed_lines(from: BodyId, amount: Centavos) -> Vec<Line> {
    vec![Line::new(Account::Cash, amount), Line::with_body(Account::Receivable, from, Centavos(-amount.0))]
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::body::AffiliationKind;

    fn day(y: i32, m: u32, d: u32) -> Date {
        Date::from_ymd_opt(y, m, d).unwrap()
    }

    /// Federation 1 > centrals 2, 3 > sindicatos 4, 5 (under 2) and 6 (under 3); 7, the political
    /// instrument, stands outside the tree, 4 affiliated to it for 2026.
    fn tree() -> Tree {
        Tree::new([
            (BodyId(1), None),
            (BodyId(2), Some(BodyId(1))),
            (BodyId(3), Some(BodyId(1))),
            (BodyId(4), Some(BodyId(2))),
            (BodyId(5), Some(BodyId(2))),
            (BodyId(6), Some(BodyId(3))),
            (BodyId(7), None),
        ])
    }

    fn affiliation() -> Affiliation {
        Affiliation {
            id: 1,
            member_id: BodyId(4),
            host_id: BodyId(7),
            kind: AffiliationKind::Full,
            since: day(2026, 1, 1),
            until: Some(day(2027, 1, 1)),
        }
    }

    #[test]
    fn money_passes_up_down_between_sisters_and_through_affiliations_only() {
        let (t, a) = (tree(), [affiliation()]);
        let on = day(2026, 6, 1);
        let r = |from: i64, to: i64| relation(&t, &a, BodyId(from), BodyId(to), on);
        assert_eq!(r(4, 2), Some(Relation::Above));
        assert_eq!(r(4, 1), Some(Relation::Above));
        assert_eq!(r(2, 4), Some(Relation::Below));
        assert_eq!(r(4, 5), Some(Relation::Sister));
        assert_eq!(r(4, 7), Some(Relation::Affiliated));
        assert_eq!(r(7, 4), Some(Relation::Affiliated));
        // A cousin in another central, an outsider, itself.
        assert_eq!(r(4, 6), None);
        assert_eq!(r(5, 7), None);
        assert_eq!(r(4, 4), None);
        // Two roots are not sisters; an affiliation that ended, or has not begun, joins nothing.
        assert_eq!(r(1, 7), None);
        assert_eq!(relation(&t, &a, BodyId(4), BodyId(7), day(2027, 1, 1)), None);
        assert_eq!(relation(&t, &a, BodyId(4), BodyId(7), day(2025, 12, 31)), None);
    }

    #[test]
    fn kinds_read_back() {
        for k in [TransferKind::DuesShare, TransferKind::Contribution] {
            assert_eq!(k.code().parse::<TransferKind>(), Ok(k));
        }
        assert_eq!("Aporte".parse::<TransferKind>(), Ok(TransferKind::Contribution));
        assert!("regalo".parse::<TransferKind>().is_err());
    }

    #[test]
    fn a_share_is_rounded_down_to_the_centavo() {
        assert_eq!(dues_share(Centavos(2005), 1000), Centavos(200));
        assert_eq!(dues_share(Centavos(1999), 500), Centavos(99));
        assert_eq!(dues_share(Centavos(-500), 1000), Centavos::ZERO);
        assert_eq!(dues_share(Centavos(500), 0), Centavos::ZERO);
        assert_eq!(
            ShareOwed::new(Centavos(10_000), 1000, Centavos(400)),
            ShareOwed {
                collected: Centavos(10_000),
                owed: Centavos(1000),
                sent: Centavos(400),
                outstanding: Centavos(600)
            }
        );
        assert_eq!(ShareOwed::new(Centavos(10_000), 1000, Centavos(1500)).outstanding, Centavos::ZERO);
    }

    proptest! {
        /// The share is the exact product rounded down: never more than the statute's share,
        /// less by under one centavo, and splitting a period into months never asks for more
        /// than the whole period would.
        #[test]
        fn shares_are_exact_rounded_down_and_never_grow_by_splitting(
            parts in prop::collection::vec(0i64..5_000_000_000, 1..12),
            bp in 0i64..=10_000,
        ) {
            let whole: i64 = parts.iter().sum();
            let share = dues_share(Centavos(whole), bp);
            let exact = i128::from(whole) * i128::from(bp);
            prop_assert!(i128::from(share.0) * 10_000 <= exact);
            prop_assert!(exact < (i128::from(share.0) + 1) * 10_000);
            prop_assert!(share.0 <= whole);
            let split: i64 = parts.iter().map(|p| dues_share(Centavos(*p), bp).0).sum();
            prop_assert!(split <= share.0);
            prop_assert!(share.0 - split < parts.len() as i64);
        }
    }
}
