//! A consulta's results at every level of the consulted subtree: computed from the recorded
//! answers with `domain::consulta::roll_up` every time the answers or the register change, never
//! stored as conclusions. Between writes the computed results are shared from memory (one value
//! per consulta, `Store::cached_by`), as the tree's member counts are: a write of this process
//! (an answer recorded, a member added) drops them, and on PostgreSQL they live at most
//! `SHARED_CACHE_MAX_AGE`.
//!
//! Who may see them: any signed-in account whose roles reach a body of the consulted subtree or
//! the body that asked (roles reach down the tree). They are aggregates: no person is named.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use cabildo_domain::access::Action;
use cabildo_domain::consulta::{self, AggregationRule, Base, BaseAnswer, ConsultaId, LevelResult};
use cabildo_domain::{Body, BodyId, Tree};
pub use cabildo_store::{AnswerRow, ConsultaHeader, ConsultaOptionRow};
use cabildo_store::{ResultsRows, Store};

use super::ConsultaRefusal;
use crate::registry::{Snapshot, snapshot};
use crate::{Actor, Ctx, Result, ServiceError};

/// A consulta's results, computed for every body of the consulted subtree that has bases below
/// it. The same for every viewer (who may see them is checked when they are read).
#[derive(Debug)]
pub struct ConsultaResults {
    pub consulta: ConsultaHeader,
    pub options: Vec<ConsultaOptionRow>,
    /// Parent before child, in tree order; the first is the body that asked.
    pub levels: Vec<LevelResult>,
    index: HashMap<BodyId, usize>,
    bases: HashSet<BodyId>,
    /// The bases' answers, by base.
    answers: HashMap<BodyId, AnswerRow>,
    /// Votes of bodies that are not bases (a central's ampliado): shown beside their level's
    /// roll-up, never counted in it.
    own_votes: HashMap<BodyId, AnswerRow>,
}

impl ConsultaResults {
    /// Adds up `rows` over the tree and current member counts of `snapshot`.
    pub fn compute(rows: ResultsRows, snapshot: &Snapshot) -> ConsultaResults {
        let ResultsRows { consulta, options, bases, answers } = rows;
        let tree = &snapshot.registry.tree;
        let root = consulta.body_id;
        let domain_bases: Vec<Base> =
            bases.iter().map(|body| Base { body: *body, members: snapshot.members(*body) }).collect();
        let base_set: HashSet<BodyId> = bases.iter().copied().collect();
        let (base_answers, own): (Vec<AnswerRow>, Vec<AnswerRow>) =
            answers.into_iter().partition(|a| base_set.contains(&a.body_id));
        let domain_answers: Vec<BaseAnswer> = base_answers.iter().map(AnswerRow::base_answer).collect();
        let option_ids: Vec<_> = options.iter().map(|o| o.id).collect();
        let levels = consulta::roll_up(tree, root, &domain_bases, &option_ids, &domain_answers, consulta.rule);
        let index = levels.iter().enumerate().map(|(i, l)| (l.body, i)).collect();
        ConsultaResults {
            consulta,
            options,
            levels,
            index,
            bases: base_set,
            answers: base_answers.into_iter().map(|a| (a.body_id, a)).collect(),
            own_votes: own.into_iter().filter(|a| tree.is_within(a.body_id, root)).map(|a| (a.body_id, a)).collect(),
        }
    }

    /// The result at a body, if the body has bases below it (or is one).
    pub fn level(&self, body: BodyId) -> Option<&LevelResult> {
        self.index.get(&body).and_then(|i| self.levels.get(*i))
    }

    pub fn is_base(&self, body: BodyId) -> bool {
        self.bases.contains(&body)
    }

    /// A base's answer.
    pub fn answer(&self, body: BodyId) -> Option<&AnswerRow> {
        self.answers.get(&body)
    }

    /// A body's own vote, when it is not a base.
    pub fn own_vote(&self, body: BodyId) -> Option<&AnswerRow> {
        self.own_votes.get(&body)
    }

    /// Roughly how many rows it holds, for the cache's budget.
    fn weight(&self) -> usize {
        self.levels.iter().map(|l| 1 + l.missing.len()).sum::<usize>() + self.answers.len() + self.own_votes.len()
    }
}

/// Reads the rows of a consulta and adds them up over the given snapshot (what the benchmarks
/// time: the rows from the database and the roll-up, the member counts from the snapshot).
pub fn compute(store: &Store, snapshot: &Snapshot, consulta: ConsultaId) -> Result<ConsultaResults> {
    let rows = store
        .read(|repo| Ok::<_, ServiceError>(repo.consulta_results_rows(consulta)?))?
        .ok_or_else(|| ServiceError::from(ConsultaRefusal::UnknownConsulta { reference: consulta.0.to_string() }))?;
    Ok(ConsultaResults::compute(rows, snapshot))
}

/// Whether the actor may see the results of a consulta asked by `root`: the operator, or an
/// account with a role on a body of the consulted subtree or on a body above it.
pub fn may_see(ctx: &Ctx, tree: &Tree, root: BodyId) -> bool {
    match &ctx.actor {
        Actor::Operator => true,
        Actor::Anonymous => false,
        Actor::Account { grants, .. } => grants
            .iter()
            .any(|g| g.role.allows(Action::ViewBody) && (tree.is_within(g.body, root) || tree.is_within(root, g.body))),
    }
}

fn require_see(ctx: &Ctx, snapshot: &Snapshot, root: BodyId) -> Result<()> {
    if may_see(ctx, &snapshot.registry.tree, root) {
        return Ok(());
    }
    Err(match ctx.actor {
        Actor::Anonymous => ServiceError::SignInRequired,
        _ => ServiceError::Forbidden { body: snapshot.registry.label(root) },
    })
}

/// Where the results come from: loaded when missing, or only what memory holds.
#[derive(Clone, Copy)]
struct Source<'a> {
    store: &'a Store,
    load: bool,
}

impl Source<'_> {
    fn get(self, consulta: ConsultaId) -> Result<Option<(Arc<Snapshot>, Arc<ConsultaResults>)>> {
        if !self.load {
            let (Some(snapshot), Some(results)) =
                (self.store.peek_cached::<Snapshot>(), self.store.peek_cached_by::<ConsultaResults>(consulta.0))
            else {
                return Ok(None);
            };
            return Ok(Some((snapshot, results)));
        }
        let snapshot = snapshot(self.store)?;
        let results =
            self.store.cached_by(consulta.0, ConsultaResults::weight, |store| compute(store, &snapshot, consulta))?;
        Ok(Some((snapshot, results)))
    }
}

/// A missing base, with the body it hangs from.
#[derive(Debug, Clone)]
pub struct MissingBase {
    pub body: Body,
    pub parent: Option<Body>,
}

/// A body below, with its result.
#[derive(Debug, Clone)]
pub struct ChildResult {
    pub body: Body,
    /// Its result, without the list of its missing bases (see `missing`).
    pub level: LevelResult,
    /// How many of its bases are missing.
    pub missing: usize,
    pub is_base: bool,
    /// The base's own answer, when the child is a base that answered.
    pub answer: Option<AnswerRow>,
}

/// The results as one body's page shows them.
#[derive(Debug, Clone)]
pub struct BodyResults {
    pub consulta: ConsultaHeader,
    pub options: Vec<ConsultaOptionRow>,
    /// The body that asked.
    pub launcher: Body,
    pub body: Body,
    /// From the body that asked down to the body's parent (empty at the top).
    pub path: Vec<Body>,
    pub level: LevelResult,
    /// Whether the body is itself a base, and its answer if it gave one.
    pub is_base: bool,
    pub answer: Option<AnswerRow>,
    /// The body's own vote, when it is not a base (never counted in the roll-up).
    pub own_vote: Option<AnswerRow>,
    /// One page of the bodies one level down that have bases, with their results.
    pub children: Vec<ChildResult>,
    pub below_page: u64,
    pub below_has_next: bool,
    /// One page of the bases still missing, in tree order, and how many there are in all.
    pub missing: Vec<MissingBase>,
    pub missing_page: u64,
    pub missing_has_next: bool,
    /// Whether the deadline has passed (answers still come, marked late).
    pub past_deadline: bool,
}

/// Missing bases per page of a results page.
pub const MISSING_PAGE: u64 = 50;
/// Bodies below per page of a results page (a federation has up to 30 centrales: one page).
pub const BELOW_PAGE: u64 = 30;

/// Which page of each list a results page shows, from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pages {
    pub missing: u64,
    pub below: u64,
}

impl Pages {
    pub const FIRST: Pages = Pages { missing: 1, below: 1 };
}

/// The slice of `0..len` a page (from 1) of `per_page` shows, and whether there is another.
fn page_range(page: u64, per_page: u64, len: usize) -> (usize, usize, bool) {
    let start = usize::try_from(page.max(1).saturating_sub(1).saturating_mul(per_page)).unwrap_or(usize::MAX);
    let per_page = usize::try_from(per_page).unwrap_or(usize::MAX);
    let end = start.saturating_add(per_page).min(len);
    (start.min(len), end, len > start.saturating_add(per_page))
}

/// The results of consulta `id` at `body` (the body that asked when `None`), with the given
/// pages of its bodies below and of its missing bases.
pub fn body_results(store: &Store, ctx: &Ctx, id: i64, body: Option<&str>, pages: Pages) -> Result<BodyResults> {
    body_results_from(Source { store, load: true }, ctx, id, body, pages)?
        .ok_or_else(|| ServiceError::Internal("results that load what they need found them missing".into()))
}

/// [`body_results`] from memory only, without touching the database: `Ok(None)` when something
/// would have to be read (so that a server may answer on its async threads).
pub fn body_results_cached(
    store: &Store,
    ctx: &Ctx,
    id: i64,
    body: Option<&str>,
    pages: Pages,
) -> Result<Option<BodyResults>> {
    body_results_from(Source { store, load: false }, ctx, id, body, pages)
}

fn body_results_from(
    source: Source<'_>,
    ctx: &Ctx,
    id: i64,
    body: Option<&str>,
    pages: Pages,
) -> Result<Option<BodyResults>> {
    let Some((snapshot, results)) = source.get(ConsultaId(id))? else { return Ok(None) };
    let registry = &snapshot.registry;
    let root = results.consulta.body_id;
    require_see(ctx, &snapshot, root)?;
    let body_id = match body {
        Some(reference) => {
            let found = registry.resolve(reference)?;
            if !registry.tree.is_within(found.id, root) {
                return Err(ServiceError::UnknownBody { reference: reference.to_string() });
            }
            found.id
        }
        None => root,
    };
    let get = |id: BodyId| registry.bodies.get(&id).cloned();
    let unknown = || ServiceError::UnknownBody { reference: body.unwrap_or_default().to_string() };
    let launcher = get(root).ok_or_else(unknown)?;
    let this = get(body_id).ok_or_else(unknown)?;
    // A body of the subtree with no base below it has an empty result of its own.
    let level = results.level(body_id).cloned().unwrap_or_else(|| empty_level(&results, body_id, root, &registry.tree));
    let mut path: Vec<Body> = Vec::new();
    if body_id != root {
        for ancestor in registry.tree.ancestors(body_id) {
            if let Some(b) = get(ancestor) {
                path.push(b);
            }
            if ancestor == root {
                break;
            }
        }
        path.reverse();
    }
    let with_bases: Vec<BodyId> =
        registry.tree.children(body_id).iter().copied().filter(|c| results.level(*c).is_some()).collect();
    let (from, to, below_has_next) = page_range(pages.below, BELOW_PAGE, with_bases.len());
    let children = with_bases[from..to]
        .iter()
        .filter_map(|child| {
            let level = results.level(*child)?;
            // The children's lists of missing bases are not shown (each child's page has its own):
            // only their number is kept, so a page at the top does not copy every base.
            let missing = level.missing.len();
            let level = LevelResult { missing: Vec::new(), ..level.clone() };
            Some(ChildResult {
                body: get(*child)?,
                level,
                missing,
                is_base: results.is_base(*child),
                answer: results.answer(*child).cloned(),
            })
        })
        .collect();
    let (from, to, missing_has_next) = page_range(pages.missing, MISSING_PAGE, level.missing.len());
    let missing = level.missing[from..to]
        .iter()
        .filter_map(|m| Some(MissingBase { body: get(*m)?, parent: registry.tree.parent(*m).and_then(get) }))
        .collect();
    Ok(Some(BodyResults {
        consulta: results.consulta.clone(),
        options: results.options.clone(),
        launcher,
        path,
        is_base: results.is_base(body_id),
        answer: results.answer(body_id).cloned(),
        own_vote: results.own_vote(body_id).cloned(),
        children,
        below_page: pages.below.max(1),
        below_has_next,
        missing,
        missing_page: pages.missing.max(1),
        missing_has_next,
        past_deadline: ctx.today > results.consulta.deadline,
        level,
        body: this,
    }))
}

fn empty_level(results: &ConsultaResults, body: BodyId, root: BodyId, tree: &Tree) -> LevelResult {
    LevelResult {
        body,
        parent: if body == root { None } else { tree.parent(body) },
        bases_total: 0,
        bases_answered: 0,
        bases_late: 0,
        members_total: 0,
        members_represented: 0,
        tally: results.options.iter().map(|o| (o.id, 0)).collect(),
        leading: None,
        decided: false,
        missing: Vec::new(),
    }
}

/// One body of the consulted subtree in the full results.
#[derive(Debug, Clone)]
pub struct LevelLine {
    pub body: Body,
    /// The parent within the consulted subtree (`None` for the body that asked).
    pub parent: Option<Body>,
    pub level: LevelResult,
    pub is_base: bool,
    pub answer: Option<AnswerRow>,
    pub own_vote: Option<AnswerRow>,
}

/// Every level of a consulta's results (or of the part under `below`), parent before child.
#[derive(Debug, Clone)]
pub struct AllResults {
    pub consulta: ConsultaHeader,
    pub options: Vec<ConsultaOptionRow>,
    pub launcher: Body,
    pub lines: Vec<LevelLine>,
    pub past_deadline: bool,
}

/// Every body of the consulted subtree that has bases below it, with its result; with `below`,
/// only the part of the subtree under that body (itself included).
pub fn all_levels(store: &Store, ctx: &Ctx, id: i64, below: Option<&str>) -> Result<AllResults> {
    let Some((snapshot, results)) = (Source { store, load: true }).get(ConsultaId(id))? else {
        return Err(ServiceError::Internal("results that load what they need found them missing".into()));
    };
    let registry = &snapshot.registry;
    let root = results.consulta.body_id;
    require_see(ctx, &snapshot, root)?;
    let top = match below {
        Some(reference) => {
            let found = registry.resolve(reference)?;
            if !registry.tree.is_within(found.id, root) {
                return Err(ServiceError::UnknownBody { reference: reference.to_string() });
            }
            found.id
        }
        None => root,
    };
    let get = |id: BodyId| registry.bodies.get(&id).cloned();
    let launcher = get(root).ok_or(ServiceError::UnknownBody { reference: root.to_string() })?;
    let lines = results
        .levels
        .iter()
        .filter(|l| top == root || registry.tree.is_within(l.body, top))
        .filter_map(|l| {
            Some(LevelLine {
                body: get(l.body)?,
                parent: l.parent.and_then(get),
                level: l.clone(),
                is_base: results.is_base(l.body),
                answer: results.answer(l.body).cloned(),
                own_vote: results.own_vote(l.body).cloned(),
            })
        })
        .collect();
    Ok(AllResults {
        consulta: results.consulta.clone(),
        options: results.options.clone(),
        launcher,
        lines,
        past_deadline: ctx.today > results.consulta.deadline,
    })
}

/// The share of `part` in `whole`, in tenths of a percent (rounded half up): 1 in 3 is 333.
pub fn per_mille(part: u64, whole: u64) -> u64 {
    if whole == 0 {
        return 0;
    }
    let scaled = u128::from(part) * 1000 * 2 + u128::from(whole);
    u64::try_from(scaled / (u128::from(whole) * 2)).unwrap_or(1000)
}

/// The sum of a level's tally: what its shares are shares of.
pub fn tally_total(level: &LevelResult) -> u64 {
    level.tally.values().sum()
}

/// What a rule counts, for the words on the page: votes, bases or members.
pub fn rule_unit(rule: AggregationRule) -> &'static str {
    match rule {
        AggregationRule::SumOfVotes => "votes",
        AggregationRule::OneVoicePerBase => "bases",
        AggregationRule::WeightedByMembers => "members",
    }
}

/// What the CSV export's words are in the reader's language: the column headers (body, code,
/// kind, parent, is a base, bases, answered, late, missing, members, members represented,
/// leading, decided, own vote: 14), then one header per option, and the words for yes and no.
pub struct CsvWords {
    pub headers: Vec<String>,
    pub option_labels: Vec<String>,
    pub kind_names: HashMap<&'static str, String>,
    pub yes: String,
    pub no: String,
}

/// Every level of `all` as a spreadsheet file: `;`, UTF-8 with BOM, CRLF (what Excel in Bolivia
/// opens without questions), one line per body, the tally per option in its own column, cells
/// guarded against formula injection.
pub fn results_csv(all: &AllResults, words: &CsvWords) -> Result<Vec<u8>> {
    let option_label = |id| {
        all.options
            .iter()
            .position(|o| o.id == id)
            .and_then(|i| words.option_labels.get(i).cloned())
            .unwrap_or_default()
    };
    let mut out: Vec<u8> = "\u{feff}".as_bytes().to_vec();
    {
        let mut csv = csv::WriterBuilder::new().delimiter(b';').terminator(csv::Terminator::CRLF).from_writer(&mut out);
        let fail = |e: csv::Error| ServiceError::Internal(format!("writing the results file: {e}"));
        let mut header: Vec<String> = words.headers.clone();
        header.extend(words.option_labels.iter().cloned());
        csv.write_record(header.iter().map(|h| cabildo_domain::padron::guard_cell(h))).map_err(fail)?;
        for line in &all.lines {
            let l = &line.level;
            let yes_no = |b: bool| if b { words.yes.clone() } else { words.no.clone() };
            let own_vote = line
                .own_vote
                .as_ref()
                .map_or_else(String::new, |v| v.adopted.map_or_else(|| "-".to_string(), option_label));
            let mut record: Vec<String> = vec![
                line.body.name.clone(),
                line.body.code.clone(),
                words.kind_names.get(line.body.kind.code()).cloned().unwrap_or_default(),
                line.parent.as_ref().map_or_else(String::new, |p| p.code.clone()),
                yes_no(line.is_base),
                l.bases_total.to_string(),
                l.bases_answered.to_string(),
                l.bases_late.to_string(),
                l.missing.len().to_string(),
                l.members_total.to_string(),
                l.members_represented.to_string(),
                l.leading.map_or_else(String::new, option_label),
                yes_no(l.decided),
                own_vote,
            ];
            record.extend(all.options.iter().map(|o| l.tally.get(&o.id).copied().unwrap_or(0).to_string()));
            csv.write_record(record.iter().map(|c| cabildo_domain::padron::guard_cell(c))).map_err(fail)?;
        }
        csv.flush().map_err(|e| ServiceError::Internal(format!("writing the results file: {e}")))?;
    }
    Ok(out)
}
