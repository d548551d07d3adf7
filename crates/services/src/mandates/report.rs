//! How mandates were kept, computed from the records each time it is read: for every mandate,
//! the motions placed under its item, and for each closed roll call the votes of the base's
//! delegation (those recorded at the higher assembly with `represents_id` the base) against the
//! vote the mandate asks. Secret, phone, paper and show-of-hands votes record no one's vote and
//! cannot be compared: the reports say so rather than guess.

use cabildo_domain::access::Action;
use cabildo_domain::assembly::{AssemblyId, VoteMethod};
use cabildo_domain::mandate::{self, Keeping};
use cabildo_domain::{Body, PersonId, PersonName};
use cabildo_store::{AssemblyRecord, MandateRecord, MotionRecord, MotionStatus, Repo, Store, StoreError};

use super::ballot;
use crate::assembly::motion_record;
use crate::registry::{Registry, resolve_body};
use crate::{Ctx, Result, ServiceError};

/// One delegate's vote against the mandate.
#[derive(Debug, Clone, PartialEq)]
pub struct DelegateVote {
    pub person_id: PersonId,
    pub name: PersonName,
    /// The option code voted (`for`, `c12`…), `None` if the delegate did not vote.
    pub vote: Option<String>,
    /// The name of the option voted, for an election or a choice.
    pub vote_label: Option<String>,
    pub keeping: Keeping,
}

/// What a motion under the mandate's item tells of it.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// Not voted yet (or being voted).
    Pending,
    /// Voted by a method that records no one's vote.
    NotComparable(VoteMethod),
    /// A roll call: each delegate of the base present, with their vote. Empty: the base had no
    /// delegate there, and the delegation counts as absent.
    Compared(Vec<DelegateVote>),
}

/// A motion placed under the item, with the vote the mandate asks on it and what it tells.
#[derive(Debug, Clone, PartialEq)]
pub struct VoteCheck {
    pub motion: MotionRecord,
    /// The option code the mandate asks for on this motion.
    pub asked: String,
    /// Its name, for an election or a choice.
    pub asked_label: Option<String>,
    pub check: Check,
}

impl VoteCheck {
    /// How the delegation as a whole stood: broken if any delegate broke it, absent if nobody
    /// voted, else kept. `None` while not comparable or not voted.
    pub fn keeping(&self) -> Option<Keeping> {
        match &self.check {
            Check::Compared(votes) => {
                if votes.iter().any(|v| v.keeping == Keeping::Broken) {
                    Some(Keeping::Broken)
                } else if votes.iter().any(|v| v.keeping == Keeping::Kept) {
                    Some(Keeping::Kept)
                } else {
                    Some(Keeping::Absent)
                }
            }
            _ => None,
        }
    }
}

/// A mandate with where it applies and how it was kept.
#[derive(Debug, Clone, PartialEq)]
pub struct MandateReport {
    pub record: MandateRecord,
    /// The base that gave it.
    pub base: Body,
    /// The congress or ampliado, and its body.
    pub higher: AssemblyRecord,
    pub higher_body: Body,
    /// The motions under the item the mandate speaks to (an option mandate says nothing of a
    /// plain motion, a position nothing of an election).
    pub votes: Vec<VoteCheck>,
}

fn report_of(repo: &mut dyn Repo, record: MandateRecord) -> Result<MandateReport> {
    let base = repo.body(record.body_id)?.ok_or_else(|| StoreError::missing("mandates.body_id", record.id))?;
    let higher = repo
        .assembly(record.item.assembly_id)?
        .ok_or_else(|| StoreError::missing("agenda_items.assembly_id", record.item.id))?;
    let higher_body =
        repo.body(higher.body_id)?.ok_or_else(|| StoreError::missing("assemblies.body_id", higher.id.0))?;
    let delegation: Vec<_> = repo
        .attendance(higher.id)?
        .into_iter()
        .filter(|a| a.represents_id == Some(base.id) && a.status.is_here())
        .collect();
    let mut votes = Vec::new();
    for id in repo.item_motions(record.item.id)? {
        let motion = motion_record(repo, id)?;
        if super::never_voted(&motion) {
            continue;
        }
        let ballot = ballot(repo, &motion)?;
        let Some(asked) = mandate::asked(&record.mandate, &ballot) else { continue };
        let label_of = |code: &str| match &ballot {
            mandate::Ballot::Choice(options) => options.iter().find(|(c, _)| c == code).map(|(_, l)| l.clone()),
            mandate::Ballot::Motion => None,
        };
        let check = match (motion.status, motion.method) {
            (MotionStatus::Decided, Some(method)) if !mandate::comparable(method) => Check::NotComparable(method),
            (MotionStatus::Decided, Some(_)) => {
                let cast = repo.roll_call(motion.id)?;
                Check::Compared(
                    delegation
                        .iter()
                        .map(|d| {
                            let vote = cast.iter().find(|v| v.person_id == d.person_id).map(|v| v.option.clone());
                            DelegateVote {
                                person_id: d.person_id,
                                name: d.name.clone(),
                                vote_label: vote.as_deref().and_then(label_of),
                                keeping: mandate::keeping(&asked, vote.as_deref()),
                                vote,
                            }
                        })
                        .collect(),
                )
            }
            _ => Check::Pending,
        };
        let asked_label = label_of(&asked);
        votes.push(VoteCheck { motion, asked, asked_label, check });
    }
    Ok(MandateReport { record, base, higher, higher_body, votes })
}

/// A base's mandates and how they were kept.
#[derive(Debug, Clone)]
pub struct BaseMandates {
    pub body: Body,
    pub mandates: Vec<MandateReport>,
}

/// Every mandate a base gave, newest first, with how its delegation kept it. Public for a body
/// that publishes its page (its members are to see how their delegates voted, as its page and feed
/// show); otherwise for whoever may see the body, and not found for anyone else.
pub fn for_base(store: &Store, ctx: &Ctx, reference: &str) -> Result<BaseMandates> {
    store.read(|repo| {
        let body = resolve_body(repo, reference)?;
        if !body.published {
            let tree = Registry::load(repo)?.tree;
            if !ctx.may(&tree, Action::ViewBody, body.id) {
                return Err(ServiceError::UnknownBody { reference: reference.to_string() });
            }
        }
        let mut mandates = Vec::new();
        for record in repo.body_mandates(body.id)? {
            mandates.push(report_of(repo, record)?);
        }
        Ok(BaseMandates { body, mandates })
    })
}

/// A delegate who voted against the base's mandate: what the base's page and feed show.
#[derive(Debug, Clone, PartialEq)]
pub struct Deviation {
    pub report: MandateReport,
    pub vote: VoteCheck,
    pub delegate: DelegateVote,
}

impl BaseMandates {
    /// Every deviation: each delegate who broke a mandate, in each vote.
    pub fn deviations(&self) -> Vec<Deviation> {
        let mut out = Vec::new();
        for report in &self.mandates {
            for vote in &report.votes {
                if let Check::Compared(delegates) = &vote.check {
                    for d in delegates.iter().filter(|d| d.keeping == Keeping::Broken) {
                        out.push(Deviation { report: report.clone(), vote: vote.clone(), delegate: d.clone() });
                    }
                }
            }
        }
        out
    }
}

/// The deviations of a base that publishes its page, for that page and its Atom feed.
pub fn public_deviations(store: &Store, code: &str) -> Result<Vec<Deviation>> {
    let nobody = Ctx { actor: crate::Actor::Anonymous, now: 0, today: cabildo_domain::Date::MIN };
    Ok(for_base(store, &nobody, code)?.deviations())
}

/// The mandates given on a congress's or ampliado's items.
#[derive(Debug, Clone)]
pub struct AssemblyMandates {
    pub assembly: AssemblyRecord,
    pub body: Body,
    /// Whether the viewer sees every base's (an officer of the higher body) or only those of
    /// the bases they belong to (a delegate).
    pub sees_all: bool,
    pub mandates: Vec<MandateReport>,
}

/// The mandates on an assembly's items, by item and base: all of them for whoever may see the
/// higher body, a delegate's own base's for an account of that base; refused to anyone else.
pub fn for_assembly(store: &Store, ctx: &Ctx, assembly: AssemblyId) -> Result<AssemblyMandates> {
    store.read(|repo| {
        let record = repo.assembly(assembly)?.ok_or(crate::Refusal::UnknownAssembly { id: assembly.0 })?;
        let body = repo
            .body(record.body_id)?
            .ok_or_else(|| ServiceError::UnknownBody { reference: record.body_id.to_string() })?;
        let tree = Registry::load(repo)?.tree;
        let sees_all = ctx.may(&tree, Action::ViewBody, body.id);
        let mut mandates = Vec::new();
        for m in repo.assembly_mandates(record.id)? {
            if sees_all || ctx.may(&tree, Action::ViewBody, m.body_id) {
                mandates.push(report_of(repo, m)?);
            }
        }
        if !sees_all && mandates.is_empty() {
            // Neither an officer above nor a base with a mandate here: as any refused read.
            ctx.require(repo, Action::ViewBody, body.id)?;
        }
        Ok(AssemblyMandates { assembly: record, body, sees_all, mandates })
    })
}
