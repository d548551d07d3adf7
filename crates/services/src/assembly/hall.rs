//! The assembly as it happens in a hall: the door with its present/quorum counter, member cards
//! that name the body, the printable sheet of a secret ballot's codes (until its first ballot),
//! and how many of those codes have voted.

use cabildo_domain::access::Action;
use cabildo_domain::assembly::{self, AssemblyId, AssemblyStatus, AttendanceStatus, Eligibility, MotionId, VoteMethod};
use cabildo_domain::{Body, PersonId};
use cabildo_store::{AssemblyRecord, MotionRecord, Repo, Store};

use super::votes::{new_code_hash, shuffle, voting};
use super::{
    DoorLine, eligible_in, entitled, fixed_at_opening, load, motion_record, new_code, require_status, statute_of,
};
use crate::error::Refusal;
use crate::{Ctx, Result, ServiceError};

/// Where the door stands against the quorum: what the counter above the check-in list says
/// ("43 presentes · quórum 76 · faltan 33").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DoorCount {
    /// Present or late: those who count for quorum.
    pub present: u64,
    pub excused: u64,
    /// Entitled to attend (fixed when the assembly opened; today's register before).
    pub eligible: u64,
    /// How many make quorum (0 where anyone may attend: a cabildo abierto has none).
    pub quorum_required: u64,
    /// Whether the assembly has a quorum at all.
    pub has_quorum_rule: bool,
}

impl DoorCount {
    /// How many more must come for quorum (0 once it is reached).
    pub fn missing(&self) -> u64 {
        self.quorum_required.saturating_sub(self.present)
    }

    pub fn reached(&self) -> bool {
        assembly::has_quorum(self.present, self.quorum_required)
    }
}

/// The door of an assembly: the check-in lines searched for, the counter, and what the member
/// cards print (the body with the bodies above it).
#[derive(Debug, Clone)]
pub struct Door {
    pub assembly: AssemblyRecord,
    /// The body, then the body above it, up to the top ("Sindicato X", "Central Y", …).
    pub bodies: Vec<Body>,
    pub count: DoorCount,
    pub lines: Vec<DoorLine>,
    /// Whether the door admits by credential (the assembly uses delegates): its code field takes
    /// a credential's code, and each line's label is the delegation's body.
    pub by_credential: bool,
}

/// The body and every body above it, nearest first.
fn lineage(repo: &mut dyn Repo, body: &Body) -> Result<Vec<Body>> {
    let mut out = vec![body.clone()];
    let mut next = body.parent_id;
    // A tree has no cycle (the registry refuses one); the bound only guards a damaged database.
    while let Some(id) = next.filter(|_| out.len() < 16) {
        let Some(parent) = repo.body(id)? else { break };
        next = parent.parent_id;
        out.push(parent);
    }
    Ok(out)
}

/// The check-in list of an assembly, optionally narrowed by a search (name, parcel code,
/// register number or member card code).
pub fn door(store: &Store, ctx: &Ctx, id: AssemblyId, search: Option<&str>, limit: usize) -> Result<Vec<DoorLine>> {
    door_view(store, ctx, id, search, limit).map(|door| door.lines)
}

/// The door: its counter, and the check-in list narrowed by a search (name, parcel code,
/// register number or member card code). Only those entitled on the assembly's day are listed:
/// a household whose membership ended before it is not at the door.
pub fn door_view(store: &Store, ctx: &Ctx, id: AssemblyId, search: Option<&str>, limit: usize) -> Result<Door> {
    let (assembly, bodies, everyone, recorded, count, by_credential) = store.read(|repo| {
        let (assembly, body) = load(repo, ctx, id, Action::ViewMembers)?;
        let everyone = eligible_in(repo, &assembly, &body)?;
        let recorded = repo.attendance(id)?;
        let has_quorum_rule = Eligibility::of(assembly.kind, body.composition) != Eligibility::Anyone;
        let (eligible, quorum_required) = match fixed_at_opening(&assembly)? {
            Some(fixed) => fixed,
            None => {
                let statute = statute_of(repo, &assembly, &body)?;
                let n = entitled(repo, &assembly, &body)?;
                (n, statute.quorum.required(n))
            }
        };
        let count = DoorCount {
            present: recorded.iter().filter(|r| r.status.is_here()).count() as u64,
            excused: recorded.iter().filter(|r| r.status == AttendanceStatus::Excused).count() as u64,
            eligible,
            quorum_required: if has_quorum_rule { quorum_required } else { 0 },
            has_quorum_rule,
        };
        let bodies = lineage(repo, &body)?;
        let by_credential = crate::delegates::uses_delegates(repo, &assembly, &body)?;
        Ok::<_, ServiceError>((assembly, bodies, everyone, recorded, count, by_credential))
    })?;
    let body = bodies.first().cloned().ok_or_else(|| ServiceError::Internal("an assembly without its body".into()))?;
    let search = search.map(str::trim).filter(|s| !s.is_empty());
    let matching: Option<std::collections::HashSet<PersonId>> = match search {
        None => None,
        Some(typed) => {
            let mut found = std::collections::HashSet::new();
            if let Some(card) = assembly::read_member_card_code(typed) {
                found.extend(everyone.iter().filter(|e| e.card_code.as_ref() == Some(&card)).map(|e| e.person_id));
            }
            let query = cabildo_domain::padron::search_query(typed);
            for e in &everyone {
                let named = query.as_deref().is_some_and(|q| e.name.search_key().contains(q));
                if named || e.label.eq_ignore_ascii_case(typed) {
                    found.insert(e.person_id);
                }
            }
            if body.composition == cabildo_domain::Composition::Households {
                // Parcel codes: the sindicato's padrón knows them.
                let roster = crate::registry::roster(store, body.id)?;
                for h in roster.find(Some(typed)).take(limit) {
                    if let Some(e) = everyone.iter().find(|e| e.household_id == Some(h.id)) {
                        found.insert(e.person_id);
                    }
                }
            }
            Some(found)
        }
    };
    let lines = everyone
        .into_iter()
        .filter(|e| matching.as_ref().is_none_or(|m| m.contains(&e.person_id)))
        .take(limit)
        .map(|e| {
            let status = recorded.iter().find(|r| r.person_id == e.person_id).map(|r| r.status);
            DoorLine { eligible: e, status }
        })
        .collect();
    Ok(Door { assembly, bodies, count, lines, by_credential })
}

/// How many of a secret ballot's codes have voted, while it is open ("12 de 67 han votado"):
/// the codes written as used and the ballots waiting in the box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BallotProgress {
    pub cast: u64,
    pub issued: u64,
}

/// The printable sheet of a secret ballot's codes, with what each cut-out slip names.
#[derive(Debug, Clone)]
pub struct BallotSheet {
    pub assembly: AssemblyRecord,
    pub body: Body,
    pub motion: MotionRecord,
    /// In the order they were made (the database keeps their hashes in another, random order).
    pub codes: Vec<String>,
}

/// The sheet of a secret ballot's codes, to print and cut out, for whoever runs the assembly —
/// until the first ballot is cast (`ballot_sheet_closed`). The codes live only in this server's
/// memory: after a restart they are gone (`ballot_sheet_lost`), and may be issued again while
/// nobody has voted ([`reissue_ballot_codes`]).
pub fn ballot_sheet(store: &Store, ctx: &Ctx, motion: MotionId) -> Result<BallotSheet> {
    // Read before the transaction: the ballot box is never locked inside one (a deposit locks
    // the box, then reads).
    let waiting = store.ballots_waiting(motion)?;
    let (motion, assembly, body, used) = store.read(|repo| {
        let motion = motion_record(repo, motion)?;
        let (assembly, body) = load(repo, ctx, motion.assembly_id, Action::RunAssembly)?;
        voting(&motion, VoteMethod::Secret)?;
        let (_, used) = repo.ballot_code_counts(motion.id)?;
        Ok::<_, ServiceError>((motion, assembly, body, used))
    })?;
    if used > 0 || waiting > 0 {
        return Err(Refusal::BallotSheetClosed.into());
    }
    let codes = store.ballot_sheet(motion.id)?.ok_or(Refusal::BallotSheetLost)?;
    // A ballot deposited since the count above took the sheet away: asked again, it is refused.
    if store.ballots_waiting(motion.id)? > 0 {
        return Err(Refusal::BallotSheetClosed.into());
    }
    Ok(BallotSheet { assembly, body, motion, codes })
}

/// Issues a secret ballot's codes again, one per person present when the vote opened, while
/// nobody has voted: the codes of the first sheet stop working (a server that restarted before
/// the sheet was printed no longer holds them).
pub fn reissue_ballot_codes(store: &Store, ctx: &Ctx, motion: MotionId) -> Result<BallotSheet> {
    // With the ballot box locked: no ballot with an old code slips in while the codes change.
    let sheet = store.write_with_ballots_waiting(motion, |repo, waiting| {
        let motion = motion_record(repo, motion)?;
        let (assembly, body) = load(repo, ctx, motion.assembly_id, Action::RunAssembly)?;
        require_status(&assembly, &[AssemblyStatus::Open])?;
        voting(&motion, VoteMethod::Secret)?;
        let (_, used) = repo.ballot_code_counts(motion.id)?;
        if used > 0 || waiting > 0 {
            return Err(Refusal::BallotSheetClosed.into());
        }
        let present = motion
            .present_at_open
            .ok_or_else(|| cabildo_store::StoreError::missing("motions.present_at_open", motion.id))?;
        let mut codes = Vec::with_capacity(present as usize);
        let mut hashes = Vec::with_capacity(present as usize);
        for _ in 0..present {
            let code = new_code()?;
            hashes.push(new_code_hash(&code)?);
            codes.push(code);
        }
        shuffle(&mut hashes)?;
        repo.delete_ballot_codes(motion.id)?;
        repo.insert_ballot_codes(motion.id, &hashes)?;
        ctx.audit(repo, Some(body.id), "vote.codes_reissued", format!("{}: {present}", motion.id))?;
        Ok::<_, ServiceError>(BallotSheet { assembly, body, motion, codes })
    })?;
    store.keep_ballot_sheet(sheet.motion.id, sheet.codes.clone())?;
    Ok(sheet)
}
