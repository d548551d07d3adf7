//! The structural tree of bodies: moves without cycles, sub-trees, and roll-ups of counts.
//!
//! The tree of a whole confederation has a few thousand bodies, so it is loaded whole and walked
//! in memory; members (hundreds of thousands) are counted per body by the store and rolled up here.

use std::collections::HashMap;

use crate::body::BodyId;
use crate::error::DomainError;

/// The shape of the body tree: who is whose parent.
#[derive(Debug, Clone, Default)]
pub struct Tree {
    parent: HashMap<BodyId, Option<BodyId>>,
    children: HashMap<BodyId, Vec<BodyId>>,
    roots: Vec<BodyId>,
}

impl Tree {
    /// Builds the tree from `(body, parent)` pairs. Children keep the order given.
    pub fn new(edges: impl IntoIterator<Item = (BodyId, Option<BodyId>)>) -> Self {
        let mut tree = Tree::default();
        for (id, parent) in edges {
            tree.parent.insert(id, parent);
            match parent {
                Some(parent) => tree.children.entry(parent).or_default().push(id),
                None => tree.roots.push(id),
            }
        }
        tree
    }

    pub fn contains(&self, id: BodyId) -> bool {
        self.parent.contains_key(&id)
    }

    pub fn len(&self) -> usize {
        self.parent.len()
    }

    pub fn is_empty(&self) -> bool {
        self.parent.is_empty()
    }

    pub fn roots(&self) -> &[BodyId] {
        &self.roots
    }

    pub fn parent(&self, id: BodyId) -> Option<BodyId> {
        self.parent.get(&id).copied().flatten()
    }

    pub fn children(&self, id: BodyId) -> &[BodyId] {
        self.children.get(&id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The chain from `id`'s parent up to its root. Stops if the stored data ever had a loop.
    pub fn ancestors(&self, id: BodyId) -> Vec<BodyId> {
        let mut out = Vec::new();
        let mut current = self.parent(id);
        while let Some(ancestor) = current {
            if out.contains(&ancestor) || ancestor == id {
                break;
            }
            out.push(ancestor);
            current = self.parent(ancestor);
        }
        out
    }

    /// Depth from the root: a root is 0.
    pub fn depth(&self, id: BodyId) -> usize {
        self.ancestors(id).len()
    }

    /// Whether `id` is `ancestor` itself or lies somewhere below it.
    pub fn is_within(&self, id: BodyId, ancestor: BodyId) -> bool {
        id == ancestor || self.ancestors(id).contains(&ancestor)
    }

    /// `root` and every body below it, parents before children.
    pub fn subtree(&self, root: BodyId) -> Vec<BodyId> {
        let mut out = Vec::new();
        if !self.contains(root) {
            return out;
        }
        let mut stack = vec![root];
        while let Some(id) = stack.pop() {
            out.push(id);
            for child in self.children(id).iter().rev() {
                stack.push(*child);
            }
        }
        out
    }

    /// Refuses a move of `body` under `new_parent` that would put a body inside itself.
    /// `label` names bodies in the error message.
    pub fn check_move(
        &self,
        body: BodyId,
        new_parent: Option<BodyId>,
        label: impl Fn(BodyId) -> String,
    ) -> Result<(), DomainError> {
        match new_parent {
            Some(parent) if self.is_within(parent, body) => {
                Err(DomainError::Cycle { body: label(body), new_parent: label(parent) })
            }
            _ => Ok(()),
        }
    }

    /// Adds each body's own count to all its ancestors: the result holds, for every body of the
    /// tree, the total in its sub-tree. Counts for bodies not in the tree are ignored.
    pub fn roll_up(&self, own: &HashMap<BodyId, u64>) -> HashMap<BodyId, u64> {
        let mut total: HashMap<BodyId, u64> = self.parent.keys().map(|id| (*id, 0)).collect();
        for (id, count) in own {
            if !self.contains(*id) {
                continue;
            }
            if let Some(t) = total.get_mut(id) {
                *t += count;
            }
            for ancestor in self.ancestors(*id) {
                if let Some(t) = total.get_mut(&ancestor) {
                    *t += count;
                }
            }
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn b(n: i64) -> BodyId {
        BodyId(n)
    }

    /// 1 → (2 → (4, 5), 3 → 6)
    fn sample() -> Tree {
        Tree::new([
            (b(1), None),
            (b(2), Some(b(1))),
            (b(3), Some(b(1))),
            (b(4), Some(b(2))),
            (b(5), Some(b(2))),
            (b(6), Some(b(3))),
        ])
    }

    #[test]
    fn subtree_lists_parents_before_children() {
        assert_eq!(sample().subtree(b(2)), vec![b(2), b(4), b(5)]);
        assert_eq!(sample().subtree(b(1)).len(), 6);
        assert!(sample().subtree(b(99)).is_empty());
    }

    #[test]
    fn a_body_cannot_move_under_itself_or_its_descendants() {
        let tree = sample();
        let label = |id: BodyId| format!("#{id}");
        assert!(tree.check_move(b(2), Some(b(3)), label).is_ok());
        assert!(tree.check_move(b(2), None, label).is_ok());
        assert_eq!(
            tree.check_move(b(2), Some(b(4)), label),
            Err(DomainError::Cycle { body: "#2".into(), new_parent: "#4".into() })
        );
        assert!(tree.check_move(b(2), Some(b(2)), label).is_err());
    }

    #[test]
    fn roll_up_adds_every_count_to_each_ancestor() {
        let own = HashMap::from([(b(4), 10), (b(5), 20), (b(6), 5), (b(2), 1)]);
        let total = sample().roll_up(&own);
        assert_eq!(total[&b(1)], 36);
        assert_eq!(total[&b(2)], 31);
        assert_eq!(total[&b(3)], 5);
        assert_eq!(total[&b(6)], 5);
    }

    /// A random tree: body i (i ≥ 1) has a parent among bodies 0..i, so it has no cycle.
    fn random_tree() -> impl Strategy<Value = (Vec<(BodyId, Option<BodyId>)>, Vec<u64>)> {
        (1usize..60).prop_flat_map(|n| {
            let parents = proptest::collection::vec(any::<prop::sample::Index>(), n);
            let counts = proptest::collection::vec(0u64..500, n + 1);
            (parents, counts).prop_map(move |(parents, counts)| {
                let mut edges = vec![(b(0), None)];
                for (i, index) in parents.iter().enumerate() {
                    let child = i + 1;
                    edges.push((b(child as i64), Some(b(index.index(child) as i64))));
                }
                (edges, counts)
            })
        })
    }

    proptest! {
        /// No member is lost or counted twice on the way up: the root's total is the sum of all
        /// own counts, and every body's total is its own count plus its children's totals.
        #[test]
        fn roll_up_loses_nothing_and_counts_nothing_twice((edges, counts) in random_tree()) {
            let tree = Tree::new(edges.clone());
            let own: HashMap<BodyId, u64> =
                edges.iter().zip(&counts).map(|((id, _), c)| (*id, *c)).collect();
            let total = tree.roll_up(&own);
            prop_assert_eq!(total[&b(0)], counts.iter().sum::<u64>());
            for (id, _) in &edges {
                let children: u64 = tree.children(*id).iter().map(|c| total[c]).sum();
                prop_assert_eq!(total[id], own[id] + children);
            }
        }

        /// Whatever move is asked, an accepted one leaves a tree without cycles.
        #[test]
        fn accepted_moves_never_make_cycles((edges, _) in random_tree(), pick in any::<(prop::sample::Index, prop::sample::Index)>()) {
            let tree = Tree::new(edges.clone());
            let body = b(pick.0.index(edges.len()) as i64);
            let new_parent = b(pick.1.index(edges.len()) as i64);
            if tree.check_move(body, Some(new_parent), |id| id.to_string()).is_ok() {
                let moved = Tree::new(edges.iter().map(|(id, p)| if *id == body { (*id, Some(new_parent)) } else { (*id, *p) }));
                for (id, _) in &edges {
                    prop_assert!(!moved.ancestors(*id).contains(id));
                }
                prop_assert_eq!(moved.subtree(b(0)).len(), edges.len());
            }
        }
    }
}
