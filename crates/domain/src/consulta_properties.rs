//! Property tests of the consulta roll-up: whatever the tree's shape, the bases asked and the
//! answers given, no base is lost or counted twice on the way up.

#![allow(
    clippy::unwrap_used,
    clippy::type_complexity,
    clippy::cast_possible_truncation,
    reason = "tests fail loudly; a generated case is a plain tuple"
)]

use std::collections::{BTreeMap, BTreeSet, HashMap};

use proptest::prelude::*;

use crate::body::BodyId;
use crate::consulta::{AggregationRule, Base, BaseAnswer, ConsultaOptionId, LevelResult, roll_up};
use crate::tree::Tree;

/// A generated case: a forest (each body's parent is an earlier body, or none), the body that
/// asks, the bases (some outside the subtree, some repeated), and answers (some from bodies that
/// are not bases, some repeated).
#[derive(Debug, Clone)]
struct Case {
    parents: Vec<Option<usize>>,
    root: usize,
    bases: Vec<(usize, u64)>,
    options: usize,
    answers: Vec<(usize, Option<usize>, Vec<u64>, u64, bool)>,
}

fn case() -> impl Strategy<Value = Case> {
    (2usize..40).prop_flat_map(|n| {
        let parents = (0..n)
            .map(|i| if i == 0 { Just(None).boxed() } else { proptest::option::weighted(0.9, 0..i).boxed() })
            .collect::<Vec<_>>();
        let options = 2usize..5;
        (parents, 0..n, proptest::collection::vec((0..n, 0u64..500), 0..30), options).prop_flat_map(
            move |(parents, root, bases, options)| {
                let answer = (
                    0..n,
                    proptest::option::weighted(0.85, 0..options),
                    proptest::collection::vec(0u64..300, options),
                    0u64..500,
                    any::<bool>(),
                );
                proptest::collection::vec(answer, 0..30).prop_map(move |answers| Case {
                    parents: parents.clone(),
                    root,
                    bases: bases.clone(),
                    options,
                    answers,
                })
            },
        )
    })
}

fn id(i: usize) -> BodyId {
    BodyId(i64::try_from(i).unwrap() + 1)
}

fn option(i: usize) -> ConsultaOptionId {
    ConsultaOptionId(i64::try_from(i).unwrap() + 100)
}

struct Built {
    tree: Tree,
    root: BodyId,
    bases: Vec<Base>,
    options: Vec<ConsultaOptionId>,
    answers: Vec<BaseAnswer>,
}

fn build(case: &Case) -> Built {
    let tree = Tree::new(case.parents.iter().enumerate().map(|(i, p)| (id(i), p.map(id))));
    let bases = case.bases.iter().map(|(b, members)| Base { body: id(*b), members: *members }).collect();
    let options = (0..case.options).map(option).collect();
    let answers = case
        .answers
        .iter()
        .map(|(body, adopted, votes, members, late)| BaseAnswer {
            base: id(*body),
            adopted: adopted.map(option),
            votes: votes.iter().enumerate().map(|(i, v)| (option(i), *v)).collect(),
            members: *members,
            late: *late,
        })
        .collect();
    Built { tree, root: id(case.root), bases, options, answers }
}

/// The distinct bases of the subtree of `top`, each with its member count as first given.
fn bases_within(built: &Built, top: BodyId) -> BTreeMap<BodyId, u64> {
    let mut out = BTreeMap::new();
    let mut seen = BTreeSet::new();
    for base in &built.bases {
        if !seen.insert(base.body) {
            continue;
        }
        if built.tree.is_within(base.body, built.root) && built.tree.is_within(base.body, top) {
            out.insert(base.body, base.members);
        }
    }
    out
}

/// The first answer of each body.
fn first_answers(built: &Built) -> HashMap<BodyId, &BaseAnswer> {
    let mut out = HashMap::new();
    for a in &built.answers {
        out.entry(a.base).or_insert(a);
    }
    out
}

/// The tally at `top` computed independently: straight from the bases and answers.
fn expected_tally(built: &Built, top: BodyId, rule: AggregationRule) -> BTreeMap<ConsultaOptionId, u64> {
    let answers = first_answers(built);
    let mut tally: BTreeMap<ConsultaOptionId, u64> = built.options.iter().map(|o| (*o, 0)).collect();
    for base in bases_within(built, top).keys() {
        let Some(answer) = answers.get(base) else { continue };
        match rule {
            AggregationRule::SumOfVotes => {
                for (o, v) in &answer.votes {
                    *tally.get_mut(o).unwrap() += v;
                }
            }
            AggregationRule::OneVoicePerBase => {
                if let Some(o) = answer.adopted {
                    *tally.get_mut(&o).unwrap() += 1;
                }
            }
            AggregationRule::WeightedByMembers => {
                if let Some(o) = answer.adopted {
                    *tally.get_mut(&o).unwrap() += answer.members;
                }
            }
        }
    }
    tally
}

const RULES: [AggregationRule; 3] =
    [AggregationRule::SumOfVotes, AggregationRule::OneVoicePerBase, AggregationRule::WeightedByMembers];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn no_base_is_lost_or_counted_twice_on_the_way_up(case in case()) {
        let built = build(&case);
        let answers = first_answers(&built);
        for rule in RULES {
            let results = roll_up(&built.tree, built.root, &built.bases, &built.options, &built.answers, rule);
            let at: HashMap<BodyId, &LevelResult> = results.iter().map(|l| (l.body, l)).collect();
            prop_assert_eq!(at.len(), results.len(), "a body appears twice");
            let root = at.get(&built.root).copied();
            prop_assert!(root.is_some(), "the root always has a result");
            let root = root.unwrap();
            // The root counts every distinct base of its subtree, once.
            let all = bases_within(&built, built.root);
            prop_assert_eq!(root.bases_total, all.len() as u64);
            for level in &results {
                let within = bases_within(&built, level.body);
                let answered: Vec<&BodyId> = within.keys().filter(|b| answers.contains_key(b)).collect();
                // Answered plus missing is the total, and the missing are exactly the others.
                prop_assert_eq!(level.bases_answered + level.missing.len() as u64, level.bases_total);
                prop_assert_eq!(level.bases_total, within.len() as u64);
                prop_assert_eq!(level.bases_answered, answered.len() as u64);
                let missing: BTreeSet<BodyId> = level.missing.iter().copied().collect();
                prop_assert_eq!(missing.len(), level.missing.len(), "a base missing twice");
                let expected_missing: BTreeSet<BodyId> =
                    within.keys().filter(|b| !answers.contains_key(b)).copied().collect();
                prop_assert_eq!(&missing, &expected_missing);
                prop_assert_eq!(
                    level.bases_late,
                    answered.iter().filter(|b| answers[**b].late).count() as u64
                );
                prop_assert_eq!(
                    level.members_represented,
                    answered.iter().map(|b| answers[*b].members).sum::<u64>()
                );
                // Each level's tally, computed straight from the answers.
                prop_assert_eq!(&level.tally, &expected_tally(&built, level.body, rule));
                // A parent's totals are its children's plus its own, if it is a base.
                let children: Vec<&LevelResult> =
                    built.tree.children(level.body).iter().filter_map(|c| at.get(c).copied()).collect();
                let own = u64::from(within.contains_key(&level.body));
                let own_answered = u64::from(own == 1 && answers.contains_key(&level.body));
                prop_assert_eq!(level.bases_total, own + children.iter().map(|c| c.bases_total).sum::<u64>());
                prop_assert_eq!(
                    level.bases_answered,
                    own_answered + children.iter().map(|c| c.bases_answered).sum::<u64>()
                );
                let own_members = if own_answered == 1 {
                    answers[&level.body].members
                } else {
                    within.get(&level.body).copied().unwrap_or(0)
                };
                prop_assert_eq!(
                    level.members_total,
                    own_members * own + children.iter().map(|c| c.members_total).sum::<u64>()
                );
                for option in &built.options {
                    let own_weight = if own == 1 {
                        expected_tally_of_one(&built, level.body, *option, rule)
                    } else {
                        0
                    };
                    prop_assert_eq!(
                        level.tally[option],
                        own_weight + children.iter().map(|c| c.tally[option]).sum::<u64>()
                    );
                }
                // Every level below the root hangs from its parent's level.
                if level.body != built.root {
                    let parent = level.parent;
                    prop_assert!(parent.is_some_and(|p| at.contains_key(&p)), "a level without its parent");
                }
            }
        }
    }
}

/// What one base alone adds to an option under a rule.
fn expected_tally_of_one(built: &Built, base: BodyId, option: ConsultaOptionId, rule: AggregationRule) -> u64 {
    let answers = first_answers(built);
    let Some(answer) = answers.get(&base) else { return 0 };
    match rule {
        AggregationRule::SumOfVotes => answer.votes.iter().filter(|(o, _)| *o == option).map(|(_, v)| v).sum(),
        AggregationRule::OneVoicePerBase => u64::from(answer.adopted == Some(option)),
        AggregationRule::WeightedByMembers => {
            if answer.adopted == Some(option) {
                answer.members
            } else {
                0
            }
        }
    }
}
