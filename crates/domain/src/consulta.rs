//! Consultas a las bases: a question a body asks every base below it. Each base answers from
//! one of its own assemblies; the answers are added up body by body, up to the body that asked,
//! under the rule chosen at launch.
//!
//! Nothing here is stored as a conclusion: [`roll_up`] computes every level's result from the
//! recorded answers each time, so a result can never drift from the answers it is made of.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::str::FromStr;

use crate::assembly::coded_enum;
use crate::body::BodyId;
use crate::error::{DomainError, Field};
use crate::text;
use crate::tree::Tree;

/// Identifier of a consulta.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConsultaId(pub i64);

impl fmt::Display for ConsultaId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Identifier of one option of a consulta (for a yes/no consulta, "yes" and "no" are options
/// too, so that every kind adds up the same way).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConsultaOptionId(pub i64);

impl fmt::Display for ConsultaOptionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// What is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConsultaKind {
    /// Yes or no: a base's assembly votes a motion; adopted is yes, rejected is no.
    YesNo,
    /// A choice among options fixed at launch.
    Choice,
    /// The options are not fixed: each base's assembly proposes names and elects among them.
    Nomination,
}

coded_enum!(ConsultaKind, Field::ConsultaKind, {
    YesNo => "yes_no" | "si_no" | "yesno",
    Choice => "choice" | "opciones" | "eleccion_de_opcion",
    Nomination => "nomination" | "nominacion" | "candidatos",
});

/// How the bases' answers are added up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AggregationRule {
    /// Every base's votes added up: the bases' assemblies together as one great assembly.
    SumOfVotes,
    /// Each base counts once, for the option its assembly adopted.
    OneVoicePerBase,
    /// Each base's adopted option, weighted by the base's member count when it answered.
    WeightedByMembers,
}

coded_enum!(AggregationRule, Field::AggregationRule, {
    SumOfVotes => "sum_of_votes" | "suma_de_votos" | "votes",
    OneVoicePerBase => "one_voice_per_base" | "un_voto_por_base" | "one_voice",
    WeightedByMembers => "weighted_by_members" | "ponderado_por_afiliados" | "weighted",
});

/// A base's recorded answer, as its assembly voted it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseAnswer {
    pub base: BodyId,
    /// The option the base's assembly adopted; `None` when its vote adopted none (a tie).
    pub adopted: Option<ConsultaOptionId>,
    /// The votes per option in the base's assembly.
    pub votes: Vec<(ConsultaOptionId, u64)>,
    /// The base's member count when it answered.
    pub members: u64,
    /// Answered after the deadline: kept, counted, and marked.
    pub late: bool,
}

impl BaseAnswer {
    pub fn new(
        base: BodyId,
        adopted: Option<ConsultaOptionId>,
        votes: Vec<(ConsultaOptionId, u64)>,
        members: u64,
        late: bool,
    ) -> BaseAnswer {
        BaseAnswer { base, adopted, votes, members, late }
    }
}

/// A base that was asked: its body and its member count in the register now (what it would
/// weigh, or how many votes it could add, if it answered).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Base {
    pub body: BodyId,
    pub members: u64,
}

/// The result of a consulta at one body of the consulted subtree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelResult {
    pub body: BodyId,
    /// The parent within the consulted subtree (`None` for the body that asked).
    pub parent: Option<BodyId>,
    pub bases_total: u64,
    pub bases_answered: u64,
    /// Of those answered, how many after the deadline.
    pub bases_late: u64,
    /// Members of all the bases at this level (the register now; answered bases as they answered).
    pub members_total: u64,
    /// Members of the bases that answered, as they answered.
    pub members_represented: u64,
    /// Every option of the consulta with its weight under the rule (zero included).
    pub tally: BTreeMap<ConsultaOptionId, u64>,
    /// The option with the most weight, if exactly one has the most and it has any.
    pub leading: Option<ConsultaOptionId>,
    /// Whether the missing bases could no longer change the leading option, even if all of them
    /// answered for the option in second place.
    pub decided: bool,
    /// The bases below this body (or this body itself, if it is a base) that have not answered.
    pub missing: Vec<BodyId>,
}

/// Adds up a consulta's answers at every body of the subtree of `root` that has bases below it
/// (and at `root` always). `bases` are the bodies asked; answers from bodies that are not among
/// them are ignored, as is a second answer of the same base (the store refuses both; this keeps
/// the sum honest whatever it is given). Results come parent before child, in tree order.
pub fn roll_up(
    tree: &Tree,
    root: BodyId,
    bases: &[Base],
    options: &[ConsultaOptionId],
    answers: &[BaseAnswer],
    rule: AggregationRule,
) -> Vec<LevelResult> {
    // Linear in bases × depth: each base's contribution is worked out once, then added to each
    // body on its way up, in vectors indexed by option (30,000 bases in a few milliseconds).
    let mut by_base: HashMap<BodyId, &BaseAnswer> = HashMap::with_capacity(answers.len());
    for answer in answers {
        by_base.entry(answer.base).or_insert(answer);
    }
    let mut option_ids: Vec<ConsultaOptionId> = options.to_vec();
    option_ids.sort();
    option_ids.dedup();
    let position: HashMap<ConsultaOptionId, usize> = option_ids.iter().enumerate().map(|(i, o)| (*o, i)).collect();
    let mut slot: HashMap<BodyId, usize> = HashMap::new();
    let mut levels: Vec<Level> = Vec::new();
    let mut seen: std::collections::HashSet<BodyId> = std::collections::HashSet::with_capacity(bases.len());
    let mut chain: Vec<BodyId> = Vec::with_capacity(8);
    let mut delta: Vec<u64> = vec![0; option_ids.len()];
    for base in bases {
        if !seen.insert(base.body) {
            continue;
        }
        // The base and the bodies above it up to `root`; a base outside the subtree is ignored.
        chain.clear();
        chain.push(base.body);
        if base.body != root {
            let mut reached = false;
            let mut current = tree.parent(base.body);
            while let Some(ancestor) = current {
                if chain.contains(&ancestor) {
                    break;
                }
                chain.push(ancestor);
                if ancestor == root {
                    reached = true;
                    break;
                }
                current = tree.parent(ancestor);
            }
            if !reached {
                continue;
            }
        }
        let answer = by_base.get(&base.body).copied();
        delta.iter_mut().for_each(|d| *d = 0);
        let outstanding = match answer {
            Some(answer) => {
                add_answer(&mut delta, &position, answer, rule);
                0
            }
            None => match rule {
                AggregationRule::OneVoicePerBase => 1,
                AggregationRule::SumOfVotes | AggregationRule::WeightedByMembers => base.members,
            },
        };
        for body in &chain {
            let i = *slot.entry(*body).or_insert_with(|| {
                levels.push(Level::new(*body, option_ids.len()));
                levels.len() - 1
            });
            let Some(level) = levels.get_mut(i) else { continue };
            level.bases_total += 1;
            match answer {
                Some(answer) => {
                    level.bases_answered += 1;
                    level.bases_late += u64::from(answer.late);
                    level.members_total += answer.members;
                    level.members_represented += answer.members;
                    for (total, d) in level.tally.iter_mut().zip(&delta) {
                        *total += d;
                    }
                }
                None => {
                    level.members_total += base.members;
                    level.missing.push(base.body);
                    level.outstanding += outstanding;
                }
            }
        }
    }
    if let std::collections::hash_map::Entry::Vacant(entry) = slot.entry(root) {
        entry.insert(levels.len());
        levels.push(Level::new(root, option_ids.len()));
    }
    let mut levels: Vec<Option<Level>> = levels.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(levels.len());
    let mut stack = vec![root];
    while let Some(body) = stack.pop() {
        let Some(level) = slot.get(&body).and_then(|i| levels.get_mut(*i)).and_then(Option::take) else { continue };
        let tally: BTreeMap<ConsultaOptionId, u64> = option_ids.iter().copied().zip(level.tally).collect();
        let (leading, decided) = standing(&tally, level.outstanding);
        out.push(LevelResult {
            body,
            parent: if body == root { None } else { tree.parent(body) },
            bases_total: level.bases_total,
            bases_answered: level.bases_answered,
            bases_late: level.bases_late,
            members_total: level.members_total,
            members_represented: level.members_represented,
            tally,
            leading,
            decided,
            missing: level.missing,
        });
        for child in tree.children(body).iter().rev() {
            stack.push(*child);
        }
    }
    out
}

/// What one level accumulates while [`roll_up`] walks the bases.
struct Level {
    bases_total: u64,
    bases_answered: u64,
    bases_late: u64,
    members_total: u64,
    members_represented: u64,
    /// Weight per option, in the order of the sorted option ids.
    tally: Vec<u64>,
    /// The missing bases' greatest weight.
    outstanding: u64,
    missing: Vec<BodyId>,
}

impl Level {
    fn new(_body: BodyId, options: usize) -> Level {
        Level {
            bases_total: 0,
            bases_answered: 0,
            bases_late: 0,
            members_total: 0,
            members_represented: 0,
            tally: vec![0; options],
            outstanding: 0,
            missing: Vec::new(),
        }
    }
}

/// What one answer adds to each option under the rule.
fn add_answer(
    delta: &mut [u64],
    position: &HashMap<ConsultaOptionId, usize>,
    answer: &BaseAnswer,
    rule: AggregationRule,
) {
    let mut add = |option: ConsultaOptionId, weight: u64| {
        if let Some(d) = position.get(&option).and_then(|i| delta.get_mut(*i)) {
            *d += weight;
        }
    };
    match rule {
        AggregationRule::SumOfVotes => {
            for (option, votes) in &answer.votes {
                add(*option, *votes);
            }
        }
        AggregationRule::OneVoicePerBase | AggregationRule::WeightedByMembers => {
            let weight = if rule == AggregationRule::OneVoicePerBase { 1 } else { answer.members };
            if let Some(option) = answer.adopted {
                add(option, weight);
            }
        }
    }
}

/// The leading option (a single highest weight above zero) and whether `outstanding` more weight
/// for the runner-up could still overtake or tie it.
pub fn standing(tally: &BTreeMap<ConsultaOptionId, u64>, outstanding: u64) -> (Option<ConsultaOptionId>, bool) {
    let mut ranked: Vec<(ConsultaOptionId, u64)> = tally.iter().map(|(o, w)| (*o, *w)).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let first = ranked.first().copied();
    let second = ranked.get(1).map(|(_, w)| *w).unwrap_or(0);
    match first {
        Some((option, weight)) if weight > 0 && weight > second => {
            (Some(option), weight > second.saturating_add(outstanding))
        }
        _ => (None, false),
    }
}

/// The question of a consulta: trimmed, required, bounded.
pub fn question(value: &str) -> Result<String, DomainError> {
    text::required(Field::Question, value, QUESTION_MAX)
}

/// The longest question, in characters.
pub const QUESTION_MAX: usize = 300;
/// The longest option label, in characters.
pub const OPTION_MAX: usize = 120;
/// A choice consulta offers at least two options and at most this many.
pub const OPTIONS_MAX: usize = 12;

/// The options of a choice consulta, one per line or entry: trimmed, blank entries dropped,
/// at least two, at most [`OPTIONS_MAX`], no two alike (ignoring case and accents).
pub fn choice_options<'a>(values: impl IntoIterator<Item = &'a str>) -> Result<Vec<String>, DomainError> {
    let mut out: Vec<String> = Vec::new();
    let mut folded: Vec<String> = Vec::new();
    for value in values {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let label = text::required(Field::ConsultaOption, value, OPTION_MAX)?;
        let key = text::fold(&label);
        if folded.contains(&key) {
            return Err(DomainError::Invalid { field: Field::ConsultaOption, value: label });
        }
        folded.push(key);
        out.push(label);
    }
    if out.len() < 2 || out.len() > OPTIONS_MAX {
        return Err(DomainError::Invalid { field: Field::ConsultaOption, value: out.len().to_string() });
    }
    Ok(out)
}

/// The number of a yes/no consulta's "yes" option; "no" is [`NO`]. A motion answering a yes/no
/// consulta is voted for or against: adopted is yes, rejected is no, a tie adopts neither.
pub const YES: i64 = 1;
/// The number of a yes/no consulta's "no" option.
pub const NO: i64 = 2;

/// The option an assembly adopted among a consulta's options: the one with the most votes, if
/// exactly one has the most and it has any (a tie adopts none).
pub fn adopted_option(votes: &[(ConsultaOptionId, u64)]) -> Option<ConsultaOptionId> {
    let top = votes.iter().map(|(_, n)| *n).max().filter(|n| *n > 0)?;
    let mut leaders = votes.iter().filter(|(_, n)| *n == top);
    let first = leaders.next().map(|(o, _)| *o);
    if leaders.next().is_some() { None } else { first }
}

/// The deadline of a consulta, as typed: a date (`2026-12-15` or `15/12/2026`), not before
/// `today`.
pub fn deadline(value: &str, today: crate::Date) -> Result<crate::Date, DomainError> {
    if value.trim().is_empty() {
        return Err(DomainError::Required { field: Field::Deadline });
    }
    let day = crate::padron::parse_date(Field::Deadline, value)?;
    if day < today {
        return Err(DomainError::EndBeforeStart { start: today.to_string(), end: day.to_string() });
    }
    Ok(day)
}

/// Whether an answer given on `day` is late for a consulta due on `deadline` (the deadline day
/// itself is on time).
pub fn is_late(day: crate::Date, deadline: crate::Date) -> bool {
    day > deadline
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn o(n: i64) -> ConsultaOptionId {
        ConsultaOptionId(n)
    }

    /// Confederation 1 > federations 2, 3 > centrales 4 (under 2), 5 (under 3) > sindicatos 6, 7
    /// (under 4) and 8 (under 5).
    fn tree() -> Tree {
        Tree::new([
            (BodyId(1), None),
            (BodyId(2), Some(BodyId(1))),
            (BodyId(3), Some(BodyId(1))),
            (BodyId(4), Some(BodyId(2))),
            (BodyId(5), Some(BodyId(3))),
            (BodyId(6), Some(BodyId(4))),
            (BodyId(7), Some(BodyId(4))),
            (BodyId(8), Some(BodyId(5))),
        ])
    }

    fn bases() -> Vec<Base> {
        vec![
            Base { body: BodyId(6), members: 100 },
            Base { body: BodyId(7), members: 300 },
            Base { body: BodyId(8), members: 150 },
        ]
    }

    fn answer(base: i64, adopted: i64, yes: u64, no: u64, members: u64) -> BaseAnswer {
        BaseAnswer {
            base: BodyId(base),
            adopted: Some(o(adopted)),
            votes: vec![(o(1), yes), (o(2), no)],
            members,
            late: false,
        }
    }

    fn at(results: &[LevelResult], body: i64) -> &LevelResult {
        results.iter().find(|r| r.body == BodyId(body)).expect("level present")
    }

    #[test]
    fn each_rule_adds_up_the_same_answers_differently() {
        // Sindicato 6 says yes 60 to 30; sindicato 7 says no 100 to 150; 8 has not answered.
        let answers = [answer(6, 1, 60, 30, 100), answer(7, 2, 100, 150, 300)];
        let options = [o(1), o(2)];
        let sum = roll_up(&tree(), BodyId(1), &bases(), &options, &answers, AggregationRule::SumOfVotes);
        assert_eq!(at(&sum, 1).tally, BTreeMap::from([(o(1), 160), (o(2), 180)]));
        let voices = roll_up(&tree(), BodyId(1), &bases(), &options, &answers, AggregationRule::OneVoicePerBase);
        assert_eq!(at(&voices, 1).tally, BTreeMap::from([(o(1), 1), (o(2), 1)]));
        assert_eq!(at(&voices, 1).leading, None);
        let weighted = roll_up(&tree(), BodyId(1), &bases(), &options, &answers, AggregationRule::WeightedByMembers);
        assert_eq!(at(&weighted, 1).tally, BTreeMap::from([(o(1), 100), (o(2), 300)]));
        assert_eq!(at(&weighted, 1).leading, Some(o(2)));
        // 300 against 100 with 150 members outstanding: decided.
        assert!(at(&weighted, 1).decided);
        // Under the sum of votes, 180 against 160 with 150 outstanding is not.
        assert!(!at(&sum, 1).decided);
    }

    #[test]
    fn every_level_counts_its_own_bases_and_lists_the_missing() {
        let answers = [answer(6, 1, 60, 30, 100)];
        let results = roll_up(&tree(), BodyId(1), &bases(), &[o(1), o(2)], &answers, AggregationRule::OneVoicePerBase);
        let bodies: Vec<i64> = results.iter().map(|r| r.body.0).collect();
        assert_eq!(bodies, vec![1, 2, 4, 6, 7, 3, 5, 8], "parent before child, in tree order");
        assert_eq!((at(&results, 1).bases_total, at(&results, 1).bases_answered), (3, 1));
        assert_eq!(at(&results, 1).missing, vec![BodyId(7), BodyId(8)]);
        assert_eq!((at(&results, 4).bases_total, at(&results, 4).members_represented), (2, 100));
        assert_eq!(at(&results, 5).missing, vec![BodyId(8)]);
        assert_eq!(at(&results, 6).parent, Some(BodyId(4)));
        assert_eq!(at(&results, 1).parent, None);
        assert!(at(&results, 6).decided, "a base that answered is decided at its own level");
    }

    #[test]
    fn a_subtree_consulta_ignores_bases_outside_it_and_second_answers() {
        let answers = [answer(6, 1, 60, 30, 100), answer(6, 2, 0, 90, 100), answer(8, 1, 10, 0, 150)];
        let results = roll_up(&tree(), BodyId(2), &bases(), &[o(1), o(2)], &answers, AggregationRule::OneVoicePerBase);
        assert_eq!(at(&results, 2).parent, None, "the asking body is the top of its results");
        assert_eq!(at(&results, 2).bases_total, 2);
        assert_eq!(at(&results, 2).tally, BTreeMap::from([(o(1), 1), (o(2), 0)]));
        assert!(results.iter().all(|r| r.body != BodyId(8) && r.body != BodyId(1)));
    }

    #[test]
    fn a_consulta_with_no_bases_still_has_its_root() {
        let results = roll_up(&tree(), BodyId(1), &[], &[o(1)], &[], AggregationRule::SumOfVotes);
        assert_eq!(results.len(), 1);
        assert_eq!((results[0].bases_total, results[0].leading, results[0].decided), (0, None, false));
    }

    #[test]
    fn choice_options_are_trimmed_distinct_and_bounded() {
        assert_eq!(choice_options(["  Bloqueo ", "", "Marcha"]).unwrap(), vec!["Bloqueo", "Marcha"]);
        assert!(choice_options(["Bloqueo"]).is_err(), "one option is no choice");
        assert!(choice_options(["Marcha", "MARCHA"]).is_err(), "two alike");
        let many: Vec<String> = (0..=OPTIONS_MAX).map(|n| format!("opción {n}")).collect();
        assert!(choice_options(many.iter().map(String::as_str)).is_err());
    }

    #[test]
    fn the_adopted_option_is_the_single_most_voted() {
        assert_eq!(adopted_option(&[(o(1), 5), (o(2), 9), (o(3), 0)]), Some(o(2)));
        assert_eq!(adopted_option(&[(o(1), 9), (o(2), 9)]), None, "a tie adopts none");
        assert_eq!(adopted_option(&[(o(1), 0), (o(2), 0)]), None, "nobody voted");
        assert_eq!(adopted_option(&[]), None);
    }

    #[test]
    fn deadlines_are_dates_not_in_the_past_and_the_day_itself_is_on_time() {
        let today = crate::Date::from_ymd_opt(2026, 11, 30).unwrap();
        assert_eq!(deadline("15/12/2026", today).unwrap(), crate::Date::from_ymd_opt(2026, 12, 15).unwrap());
        assert!(deadline("2026-11-29", today).is_err());
        assert!(deadline("", today).is_err());
        assert!(deadline("mañana", today).is_err());
        let due = crate::Date::from_ymd_opt(2026, 12, 15).unwrap();
        assert!(!is_late(due, due));
        assert!(is_late(due.succ_opt().unwrap(), due));
    }

    #[test]
    fn codes_read_back_in_spanish_and_english() {
        assert_eq!("suma de votos".parse::<AggregationRule>().unwrap(), AggregationRule::SumOfVotes);
        assert_eq!("one_voice_per_base".parse::<AggregationRule>().unwrap(), AggregationRule::OneVoicePerBase);
        assert_eq!("sí/no".replace('/', "_").parse::<ConsultaKind>().unwrap(), ConsultaKind::YesNo);
        assert!("mayoría".parse::<AggregationRule>().is_err());
    }
}
