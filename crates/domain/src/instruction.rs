//! Instructions down the tree (instructivos): a body sends one of its resolutions to bodies below
//! it, and each of those acknowledges it once. Which bodies receive it is decided here, from the
//! tree and the sender's choice; who has acknowledged and who has not is counted here, at every
//! level, from the acknowledgements recorded — never stored as a conclusion.

use std::collections::{HashMap, HashSet};
use std::fmt;

use crate::body::{BodyId, BodyKind};
use crate::tree::Tree;

/// Identifier of an instruction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct InstructionId(pub i64);

impl fmt::Display for InstructionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Which bodies below the sender an instruction goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Scope {
    /// A body below the sender: it and every body under it receive the instruction. `None`: every
    /// body below the sender.
    pub under: Option<BodyId>,
    /// Only bodies of this kind (the sindicatos, say). `None`: every kind.
    pub kind: Option<BodyKind>,
}

/// Why a scope cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeProblem {
    /// The chosen body is not below the sender (the sender itself, a body beside it or above).
    OutsideSubtree,
    /// No open body matches.
    NoRecipients,
}

/// The bodies that receive an instruction `sender` sends with `scope`: every open body of the
/// chosen kind in the chosen part of the sender's subtree, the sender itself never. `open_kind`
/// gives a body's kind, or `None` for a closed (or unknown) body. Parents come before children.
pub fn recipients(
    tree: &Tree,
    sender: BodyId,
    scope: Scope,
    open_kind: impl Fn(BodyId) -> Option<BodyKind>,
) -> Result<Vec<BodyId>, ScopeProblem> {
    let root = match scope.under {
        Some(under) if under != sender && tree.is_within(under, sender) => under,
        Some(_) => return Err(ScopeProblem::OutsideSubtree),
        None => sender,
    };
    let found: Vec<BodyId> = tree
        .subtree(root)
        .into_iter()
        .filter(|id| *id != sender)
        .filter(|id| open_kind(*id).is_some_and(|kind| scope.kind.is_none_or(|k| k == kind)))
        .collect();
    if found.is_empty() {
        return Err(ScopeProblem::NoRecipients);
    }
    Ok(found)
}

/// How an instruction stands at one body of the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Standing {
    /// Recipients in the body's subtree, the body itself included.
    pub recipients: u64,
    /// Of those, how many have acknowledged.
    pub acknowledged: u64,
}

impl Standing {
    /// Recipients that have not acknowledged yet.
    pub fn missing(&self) -> u64 {
        self.recipients - self.acknowledged
    }
}

/// Every body from `root` down (those with recipients below them), with how many recipients
/// of its subtree there are and how many have acknowledged: each recipient is counted once at
/// itself and once at each body above it up to `root`. Recipients outside `root`'s subtree and
/// acknowledgements of bodies that are not recipients count nowhere.
pub fn roll_up(
    tree: &Tree,
    root: BodyId,
    recipients: &[BodyId],
    acknowledged: &HashSet<BodyId>,
) -> HashMap<BodyId, Standing> {
    let mut out: HashMap<BodyId, Standing> = HashMap::new();
    let mut seen = HashSet::new();
    for &recipient in recipients {
        if !seen.insert(recipient) || !tree.is_within(recipient, root) {
            continue;
        }
        let acked = acknowledged.contains(&recipient);
        let mut at = Some(recipient);
        while let Some(current) = at {
            let standing = out.entry(current).or_default();
            standing.recipients += 1;
            standing.acknowledged += u64::from(acked);
            if current == root {
                break;
            }
            at = tree.parent(current);
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn b(n: i64) -> BodyId {
        BodyId(n)
    }

    /// 1 (confederación) → 2, 3 (federaciones); 2 → 4, 5 (centrales); 4 → 6, 7; 5 → 8; 3 → 9 → 10.
    fn tree() -> Tree {
        Tree::new([
            (b(1), None),
            (b(2), Some(b(1))),
            (b(3), Some(b(1))),
            (b(4), Some(b(2))),
            (b(5), Some(b(2))),
            (b(6), Some(b(4))),
            (b(7), Some(b(4))),
            (b(8), Some(b(5))),
            (b(9), Some(b(3))),
            (b(10), Some(b(9))),
        ])
    }

    fn kind(id: BodyId) -> Option<BodyKind> {
        match id.0 {
            1 => Some(BodyKind::Confederacion),
            2 | 3 => Some(BodyKind::Federacion),
            4 | 5 | 9 => Some(BodyKind::Central),
            // 8 is closed.
            8 => None,
            _ => Some(BodyKind::Sindicato),
        }
    }

    #[test]
    fn recipients_are_below_the_sender_of_the_kind_chosen_and_open() {
        let t = tree();
        let all = recipients(&t, b(2), Scope::default(), kind).unwrap();
        // Parents come before their children.
        assert!(all.iter().position(|x| *x == b(4)) < all.iter().position(|x| *x == b(6)));
        let mut sorted = all;
        sorted.sort();
        assert_eq!(sorted, vec![b(4), b(5), b(6), b(7)]);
        let sindicatos = recipients(&t, b(1), Scope { under: None, kind: Some(BodyKind::Sindicato) }, kind).unwrap();
        let mut sorted = sindicatos;
        sorted.sort();
        assert_eq!(sorted, vec![b(6), b(7), b(10)]);
        let under = recipients(&t, b(1), Scope { under: Some(b(4)), kind: None }, kind).unwrap();
        let mut sorted = under;
        sorted.sort();
        assert_eq!(sorted, vec![b(4), b(6), b(7)]);
    }

    #[test]
    fn a_scope_outside_the_senders_subtree_or_empty_is_refused() {
        let t = tree();
        for under in [b(2), b(3), b(9), b(1)] {
            assert_eq!(
                recipients(&t, b(2), Scope { under: Some(under), kind: None }, kind),
                Err(ScopeProblem::OutsideSubtree),
                "{under}"
            );
        }
        assert_eq!(
            recipients(&t, b(5), Scope { under: None, kind: Some(BodyKind::Sindicato) }, kind),
            Err(ScopeProblem::NoRecipients)
        );
        assert_eq!(recipients(&t, b(6), Scope::default(), kind), Err(ScopeProblem::NoRecipients));
    }

    #[test]
    fn the_roll_up_counts_each_recipient_once_at_every_level() {
        let t = tree();
        let recipients = [b(4), b(6), b(7), b(10), b(6)];
        let acked: HashSet<BodyId> = [b(6), b(10), b(5)].into_iter().collect();
        let standing = roll_up(&t, b(1), &recipients, &acked);
        assert_eq!(standing[&b(1)], Standing { recipients: 4, acknowledged: 2 });
        assert_eq!(standing[&b(2)], Standing { recipients: 3, acknowledged: 1 });
        assert_eq!(standing[&b(4)], Standing { recipients: 3, acknowledged: 1 });
        assert_eq!(standing[&b(3)], Standing { recipients: 1, acknowledged: 1 });
        assert_eq!(standing[&b(7)].missing(), 1);
        // A body with no recipient below has no line; 5's acknowledgement counts nowhere.
        assert!(!standing.contains_key(&b(5)));
        // Rolled up from a lower root, what lies outside it is not counted.
        let from_two = roll_up(&t, b(2), &recipients, &acked);
        assert_eq!(from_two[&b(2)], Standing { recipients: 3, acknowledged: 1 });
        assert!(!from_two.contains_key(&b(1)) && !from_two.contains_key(&b(10)));
    }

    proptest::proptest! {
        /// Whatever the tree's shape and whoever acknowledged, no recipient is lost or counted
        /// twice on the way up: every body's figures are those of the recipients in its subtree.
        #[test]
        fn no_recipient_is_lost_or_counted_twice(
            parents in proptest::collection::vec(0usize..1000, 1..60),
            picks in proptest::collection::vec((0usize..1000, proptest::bool::ANY), 0..80),
        ) {
            // Body i+1 hangs from one of the bodies before it: any tree rooted at body 0.
            let mut edges = vec![(b(0), None)];
            for (i, p) in parents.iter().enumerate() {
                edges.push((b(i as i64 + 1), Some(b((p % (i + 1)) as i64))));
            }
            let t = Tree::new(edges.clone());
            let n = edges.len();
            let recipients: Vec<BodyId> = picks.iter().map(|(r, _)| b((r % n) as i64)).collect();
            let acked: HashSet<BodyId> = picks.iter().filter(|(_, a)| *a).map(|(r, _)| b((r % n) as i64)).collect();
            let distinct: HashSet<BodyId> = recipients.iter().copied().collect();
            let standing = roll_up(&t, b(0), &recipients, &acked);
            for (id, _) in &edges {
                let below: Vec<&BodyId> = distinct.iter().filter(|r| t.is_within(**r, *id)).collect();
                let expected = Standing {
                    recipients: below.len() as u64,
                    acknowledged: below.iter().filter(|r| acked.contains(r)).count() as u64,
                };
                proptest::prop_assert_eq!(standing.get(id).copied().unwrap_or_default(), expected);
            }
        }
    }
}
