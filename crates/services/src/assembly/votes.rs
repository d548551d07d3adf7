//! Votes on motions and elections: opening a vote with quorum, the four methods (hands counted,
//! roll call, secret ballot, phone), closing a vote into an outcome, a numbered resolution or a
//! new officer, and settling a motion without a vote.

use cabildo_domain::access::Action;
use cabildo_domain::assembly::Amount as _;
use cabildo_domain::assembly::{
    self, AssemblyStatus, BallotOption, DecisionRule, ElectionResult, ElectionRule, Eligibility, MotionId, Outcome,
    Tally, VoteMethod,
};
use cabildo_domain::delegates::Weight;
use cabildo_domain::{Body, Date, DomainError, NewOffice, OfficeEnd, PersonId, PersonName, PublicId};
use cabildo_store::{AssemblyRecord, CandidateRecord, MotionRecord, ResolutionRecord};
use cabildo_store::{
    CastOutcome, Deposit, MotionKind, MotionStatus, NewMotion, NewResolution, PhoneVote, Repo, Store, StoreError,
    VoteBox,
};

use crate::error::Refusal;
use crate::{Ctx, Result, ServiceError};

use super::{CODE_LENGTH, load, motion_record, outcome_code, quorum_required, require_status, roll_call_counts};

/// Loads a motion with its assembly, for a step of its vote.
fn load_motion(
    repo: &mut dyn Repo,
    ctx: &Ctx,
    motion: MotionId,
    action: Action,
) -> Result<(MotionRecord, AssemblyRecord, Body)> {
    let motion = motion_record(repo, motion)?;
    let (assembly, body) = load(repo, ctx, motion.assembly_id, action)?;
    Ok((motion, assembly, body))
}

/// A vote just opened; for a secret ballot, the one-time codes to print and hand out, one per
/// person present (the database keeps only their hashes; the sheet stays printable until the
/// first ballot, see [`super::ballot_sheet`]).
#[derive(Debug, Clone)]
pub struct OpenedVote {
    pub motion: MotionRecord,
    pub present: u64,
    pub codes: Vec<String>,
}

/// A random code of `CODE_LENGTH` characters.
pub fn new_code() -> Result<String> {
    let mut bytes = [0u8; CODE_LENGTH];
    getrandom::fill(&mut bytes).map_err(|e| ServiceError::Internal(e.to_string()))?;
    Ok(assembly::code_from_bytes(&bytes, CODE_LENGTH))
}

/// What the database keeps of a ballot code or ticket: the hash of its normalised form.
pub fn code_hash(code: &str) -> Option<String> {
    assembly::normalize_code(code).map(|c| crate::access::secret_hash(&c))
}

/// The hash of a code just made: an error, never an empty hash, if it does not read as a code.
pub(super) fn new_code_hash(code: &str) -> Result<String> {
    code_hash(code).ok_or_else(|| ServiceError::Internal(format!("a new code does not read as a code: {code:?}")))
}

fn quorum_check(repo: &mut dyn Repo, assembly: &AssemblyRecord, body: &Body) -> Result<u64> {
    // Observers' delegates are here but do not vote: they count neither for quorum nor as voters.
    let present = repo.count_present(assembly.id)?;
    let present = crate::delegates::voters_present(repo, assembly, present)?;
    if Eligibility::of(assembly.kind, body.composition) == Eligibility::Anyone {
        return Ok(present);
    }
    let required = quorum_required(assembly)?;
    if !assembly::has_quorum(present, required) {
        return Err(Refusal::NoQuorum { present, required }.into());
    }
    Ok(present)
}

/// Opens the vote on a motion or election: checks the quorum, fixes method and rule.
pub fn open_vote(
    store: &Store,
    ctx: &Ctx,
    motion: MotionId,
    method: VoteMethod,
    rule: DecisionRule,
) -> Result<OpenedVote> {
    let opened = store.write(|repo| {
        let (motion, assembly, body) = load_motion(repo, ctx, motion, Action::RunAssembly)?;
        require_status(&assembly, &[AssemblyStatus::Open])?;
        if motion.status != MotionStatus::Pending {
            return Err(Refusal::MotionDecided { number: motion.number, outcome: outcome_code(&motion) }.into());
        }
        // A recall is voted by the statute's recall rule, whatever rule was asked for.
        let rule = super::recall::recall_rule(repo, &motion, &body)?.unwrap_or(rule);
        if let Some(open) = repo.motions(assembly.id)?.into_iter().find(|m| m.status == MotionStatus::Voting) {
            return Err(Refusal::VoteStillOpen { number: open.number }.into());
        }
        crate::instructions::before_vote(repo, &motion)?;
        crate::mandates::before_vote(repo, &motion)?;
        crate::petitions::before_vote(repo, &motion)?;
        if method == VoteMethod::Phone {
            super::abierto::require_phone_voting(&assembly, &body)?;
        }
        // A motion that answers a consulta is voted only while the body may still answer it.
        if let Some(answering) = crate::consulta::answering(repo, motion.id)? {
            crate::consulta::check_can_answer(repo, &answering.consulta, &body)?;
            // One vote at a time per body: two open at once would leave the second unable to
            // record its answer, and so to close.
            if let Some((number, assembly)) = repo.consulta_vote_open(answering.consulta.id, Some(body.id))? {
                return Err(crate::consulta::ConsultaRefusal::VoteUnderWay { assembly, number }.into());
            }
        }
        let present = quorum_check(repo, &assembly, &body)?;
        if method == VoteMethod::Phone && repo.count_tickets(assembly.id)? == 0 {
            return Err(Refusal::NoTickets.into());
        }
        repo.open_vote(motion.id, method, rule, present, ctx.now)?;
        let mut codes = Vec::new();
        if method == VoteMethod::Secret {
            let mut hashes = Vec::with_capacity(present as usize);
            for _ in 0..present {
                let code = new_code()?;
                hashes.push(new_code_hash(&code)?);
                codes.push(code);
            }
            // Stored in random order: where a code's row lies in the table's pages (SQLite fills a
            // page in insertion order) must not tell its place on the printed sheet.
            shuffle(&mut hashes)?;
            repo.insert_ballot_codes(motion.id, &hashes)?;
        }
        ctx.audit(
            repo,
            Some(body.id),
            "vote.open",
            format!("{}: {} {} ({present} present)", motion.id, method.code(), rule.code()),
        )?;
        Ok::<_, ServiceError>(OpenedVote { motion: motion_record(repo, motion.id)?, present, codes })
    })?;
    if opened.motion.method == Some(VoteMethod::Secret) {
        // Printable from the motion's page until the first ballot (in memory only: see
        // `hall::ballot_sheet`).
        store.keep_ballot_sheet(opened.motion.id, opened.codes.clone())?;
    }
    Ok(opened)
}

/// Puts `items` in a uniformly random order (Fisher–Yates, with the system's randomness).
pub(super) fn shuffle<T>(items: &mut [T]) -> Result<()> {
    for i in (1..items.len()).rev() {
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes).map_err(|e| ServiceError::Internal(e.to_string()))?;
        // 64 random bits reduced modulo at most a few thousand: the bias is below 2^-50.
        let j = (u64::from_le_bytes(bytes) % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
    Ok(())
}

pub(super) fn voting(motion: &MotionRecord, method: VoteMethod) -> Result<()> {
    if motion.status != MotionStatus::Voting {
        return Err(Refusal::VoteNotOpen { number: motion.number }.into());
    }
    let Some(opened_with) = motion.method else {
        return Err(StoreError::missing("motions.method", motion.id).into());
    };
    if opened_with != method {
        return Err(Refusal::WrongMethod { number: motion.number, method: opened_with.code().to_string() }.into());
    }
    Ok(())
}

/// Checks an option belongs to the vote: for/against/abstain on a motion; a candidate or
/// abstain in an election.
/// A motion that answers a choice consulta offers the consulta's options (and abstain) instead.
fn check_option(repo: &mut dyn Repo, motion: &MotionRecord, option: BallotOption) -> Result<()> {
    let choice = match motion.kind {
        MotionKind::Motion => crate::consulta::answering(repo, motion.id)?.filter(|a| a.is_choice()),
        MotionKind::Election => None,
    };
    let valid = match (motion.kind, option) {
        (MotionKind::Motion, BallotOption::ConsultaOption(o)) => {
            choice.is_some_and(|a| a.options.iter().any(|k| k.id.0 == o))
        }
        (MotionKind::Motion, BallotOption::For | BallotOption::Against) => choice.is_none(),
        (MotionKind::Motion, BallotOption::Candidate(_)) => false,
        (MotionKind::Motion, BallotOption::Abstain) => true,
        (MotionKind::Election, BallotOption::Abstain) => true,
        (MotionKind::Election, BallotOption::Candidate(c)) => repo.candidates(motion.id)?.iter().any(|k| k.id == c),
        (MotionKind::Election, _) => false,
    };
    if valid { Ok(()) } else { Err(Refusal::UnknownOption { option: option.code() }.into()) }
}

/// Records the counts of a show of hands (they may be recounted until the vote closes). Refused
/// when more hands were counted than people present.
pub fn record_hands(store: &Store, ctx: &Ctx, motion: MotionId, counts: &[(BallotOption, u64)]) -> Result<Tally> {
    record_counts(store, ctx, motion, VoteMethod::ShowOfHands, counts)
}

/// Records the counts of a paper-ballot vote, counted by hand in the hall: per option (blank
/// ballots as abstentions). A recount replaces the counts, never adds to them, until the vote
/// closes; each entry is in the audit trail. Refused when more ballots were counted than people
/// present when the tally is entered.
pub fn record_paper_tally(store: &Store, ctx: &Ctx, motion: MotionId, counts: &[(BallotOption, u64)]) -> Result<Tally> {
    record_counts(store, ctx, motion, VoteMethod::PaperBallot, counts)
}

/// The counts of a vote counted in the hall (`method`: hands or paper ballots).
fn record_counts(
    store: &Store,
    ctx: &Ctx,
    motion: MotionId,
    method: VoteMethod,
    counts: &[(BallotOption, u64)],
) -> Result<Tally> {
    store.write(|repo| {
        let (motion, assembly, body) = load_motion(repo, ctx, motion, Action::RunAssembly)?;
        require_status(&assembly, &[AssemblyStatus::Open])?;
        voting(&motion, method)?;
        let present = repo.count_present(assembly.id)?;
        // In 128 bits: counts typed as huge numbers must be refused, not wrap around.
        let total: u128 = counts.iter().map(|(_, n)| u128::from(*n)).sum();
        if total > u128::from(present) {
            let total = u64::try_from(total).unwrap_or(u64::MAX);
            return Err(DomainError::CountsExceedPresent { total, present }.into());
        }
        let mut seen: Vec<BallotOption> = Vec::with_capacity(counts.len());
        for (option, _) in counts {
            check_option(repo, &motion, *option)?;
            if seen.contains(option) {
                return Err(Refusal::UnknownOption { option: option.code() }.into());
            }
            seen.push(*option);
        }
        if method == VoteMethod::PaperBallot {
            // A tally entered again is a recount: options it leaves out count nothing.
            for (option, _) in repo.vote_counts(motion.id)? {
                repo.set_vote_count(motion.id, &option, 0)?;
            }
        }
        for (option, n) in counts {
            repo.set_vote_count(motion.id, &option.code(), *n)?;
        }
        let summary: Vec<String> = counts.iter().map(|(o, n)| format!("{}={n}", o.code())).collect();
        let detail = format!("{}: {}", motion.id, summary.join(" "));
        ctx.audit(
            repo,
            Some(body.id),
            if method == VoteMethod::PaperBallot { "vote.paper" } else { "vote.hands" },
            detail,
        )?;
        let counts = repo.vote_counts(motion.id)?;
        Ok(Tally::from_options(counts.iter().map(|(o, n)| (o.as_str(), *n))))
    })
}

/// Records one voter's vote in a roll call: only those present, once each.
pub fn roll_call_vote(
    store: &Store,
    ctx: &Ctx,
    motion: MotionId,
    person: PersonId,
    option: BallotOption,
) -> Result<()> {
    store.write(|repo| {
        let (motion, assembly, body) = load_motion(repo, ctx, motion, Action::RunAssembly)?;
        // A voter is one of those present, all of them on the register the actor may see.
        ctx.require(repo, Action::ViewMembers, body.id)?;
        require_status(&assembly, &[AssemblyStatus::Open])?;
        voting(&motion, VoteMethod::RollCall)?;
        check_option(repo, &motion, option)?;
        let here = repo.attendance(assembly.id)?.into_iter().find(|r| r.person_id == person);
        let Some(voter) = here.filter(|r| r.status.is_here()) else {
            return Err(Refusal::NotPresent { name: format!("#{}", person.0) }.into());
        };
        crate::delegates::check_vote(repo, assembly.id, person)?;
        if repo.roll_call(motion.id)?.iter().any(|v| v.person_id == person) {
            return Err(Refusal::AlreadyVoted { name: voter.name.display() }.into());
        }
        repo.insert_roll_call(motion.id, person, &option.code())?;
        ctx.audit(repo, Some(body.id), "vote.roll_call", format!("{}: {} {}", motion.id, person.0, option.code()))?;
        Ok(())
    })
}

/// Where a secret ballot is once cast.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BallotReceipt {
    /// Written with others in a mixed batch: it counts, even if the server stops now.
    Counted,
    /// In the ballot box, waiting to be written with the next ballots or when the vote closes.
    /// Until then its code stays unused: if the server stops, the voter votes again with it.
    InTheBox,
}

/// Called once with the fate of a ballot that waited in the box (see [`deposit_secret_ballot`]).
pub type BallotReply = Box<dyn FnOnce(Result<()>) + Send>;

/// Casts a secret ballot with a one-time code. Nothing records who voted: the code was handed
/// out on paper, and the ballot waits in the store's ballot box until it is written in a batch of
/// at least [`cabildo_store::MIX`] ballots, whose transaction marks the batch's codes used and adds
/// the batch's choices to the counters, so that no copy of the database tells which code chose
/// what (see `cabildo_store`'s `ballotbox.rs`). No audit line either (its time would link a
/// ballot to the person seen voting).
pub fn cast_secret_ballot(store: &Store, motion: MotionId, code: &str, option: BallotOption) -> Result<BallotReceipt> {
    deposit_secret_ballot(store, motion, code, option, None)
}

/// [`cast_secret_ballot`], with `reply` called once the ballot's batch committed (`Ok`: it
/// counts) or failed — at once, before this returns, when it was written at once.
pub fn deposit_secret_ballot(
    store: &Store,
    motion: MotionId,
    code: &str,
    option: BallotOption,
    reply: Option<BallotReply>,
) -> Result<BallotReceipt> {
    let hash = code_hash(code).ok_or(Refusal::BallotCodeUnknown)?;
    let reply: Option<cabildo_store::BallotReply> =
        reply.map(|reply| -> cabildo_store::BallotReply { Box::new(move |r| reply(r.map_err(ServiceError::from))) });
    let deposit = store.deposit_ballot(
        motion,
        hash.clone(),
        option.code(),
        |repo, waiting| -> Result<()> {
            let motion = motion_record(repo, motion)?;
            voting(&motion, VoteMethod::Secret)?;
            check_option(repo, &motion, option)?;
            if waiting {
                return Err(Refusal::BallotInTheBox.into());
            }
            match repo.ballot_code_used(motion.id, &hash)? {
                Some(false) => {}
                Some(true) => return Err(Refusal::BallotCodeUsed.into()),
                None => return Err(Refusal::BallotCodeUnknown.into()),
            }
            Ok(())
        },
        reply,
    )?;
    Ok(match deposit {
        Deposit::Sealed => BallotReceipt::Counted,
        Deposit::Waiting => BallotReceipt::InTheBox,
    })
}

/// What a ballot or phone page shows: the motion's number and title and its choices, every label
/// read from the database (never from the link).
#[derive(Debug, Clone)]
pub struct BallotForm {
    /// The assembly's title, its body's name and its day: what the voter checks first.
    pub assembly_title: String,
    pub body_name: String,
    pub scheduled_for: cabildo_store::DateTime,
    pub number: i64,
    pub title: String,
    /// The options in the order shown: each candidate (with the name), then for/against/abstain
    /// or, in an election, abstain.
    pub options: Vec<(BallotOption, Option<PersonName>)>,
    /// The labels of a consulta's options, when the motion answers a choice consulta (its
    /// options are then those, and abstain).
    pub labels: Vec<(BallotOption, String)>,
}

/// The choices of a vote open by `method` (secret ballot or phone): anyone holding a code or a
/// ticket may see them, and only while the vote is open that way — no permission needed, nothing
/// more shown (no counts, nobody but the candidates).
pub fn ballot_form(store: &Store, motion: MotionId, method: VoteMethod) -> Result<BallotForm> {
    store.read(|repo| {
        let motion = motion_record(repo, motion)?;
        voting(&motion, method)?;
        let mut options: Vec<(BallotOption, Option<PersonName>)> = Vec::new();
        let mut labels: Vec<(BallotOption, String)> = Vec::new();
        match motion.kind {
            MotionKind::Election => {
                for c in repo.candidates(motion.id)? {
                    options.push((BallotOption::Candidate(c.id), Some(c.name)));
                }
                options.push((BallotOption::Abstain, None));
            }
            MotionKind::Motion => match crate::consulta::answering(repo, motion.id)?.filter(|a| a.is_choice()) {
                Some(answering) => {
                    for o in answering.options {
                        let option = BallotOption::ConsultaOption(o.id.0);
                        options.push((option, None));
                        labels.push((option, o.label));
                    }
                    options.push((BallotOption::Abstain, None));
                }
                None => {
                    options
                        .extend([BallotOption::For, BallotOption::Against, BallotOption::Abstain].map(|o| (o, None)));
                }
            },
        }
        let assembly = motion_assembly(repo, &motion)?;
        let body =
            repo.body(assembly.body_id)?.ok_or_else(|| StoreError::missing("assemblies.body_id", assembly.id.0))?;
        Ok(BallotForm {
            assembly_title: assembly.title,
            body_name: body.name,
            scheduled_for: assembly.scheduled_for,
            number: motion.number,
            title: motion.title,
            options,
            labels,
        })
    })
}

/// A motion's phone form as [`ballot_form`] reads it, or the refusal it reads (the vote is not
/// open by phone, no such motion), kept in the store's cache until this process commits a write
/// (on PostgreSQL for at most two seconds): the phone page of a crowd voting at once reads the
/// database once, not once per phone. Opening or closing the vote through this server is a
/// write, so the page follows at once; on SQLite, a close by another process (the command line)
/// shows with this server's next write, as every cached page does — and a vote sent meanwhile is
/// refused by the vote box, which reads the motion in its own transaction. Failures of the
/// database are not kept. A secret ballot's form (a hall, not a crowd) is read every time.
pub type CachedBallotForm = std::sync::Arc<Result<BallotForm>>;

/// The cached value: the form or its refusal.
struct KeptForm(CachedBallotForm);

/// [`ballot_form`] through the store's cache for a phone vote (see [`CachedBallotForm`]), read
/// afresh for a secret ballot. Blocks on a miss.
pub fn cached_ballot_form(store: &Store, motion: MotionId, method: VoteMethod) -> Result<CachedBallotForm> {
    if method != VoteMethod::Phone {
        return Ok(std::sync::Arc::new(ballot_form(store, motion, method)));
    }
    let kept = store.cached_by(
        motion.0,
        |_: &KeptForm| 1,
        |store| match ballot_form(store, motion, method) {
            Ok(form) => Ok(KeptForm(std::sync::Arc::new(Ok(form)))),
            Err(refusal @ (ServiceError::Assembly(_) | ServiceError::Domain(_))) => {
                Ok(KeptForm(std::sync::Arc::new(Err(refusal))))
            }
            Err(e) => Err(e),
        },
    )?;
    Ok(kept.0.clone())
}

/// The form [`cached_ballot_form`] would answer, if the cache holds it (a phone vote's only):
/// never touches the database.
pub fn peek_ballot_form(store: &Store, motion: MotionId, method: VoteMethod) -> Option<CachedBallotForm> {
    if method != VoteMethod::Phone {
        return None;
    }
    store.peek_cached_by::<KeptForm>(motion.0).map(|kept| kept.0.clone())
}

/// The assembly a motion belongs to (there is always one).
fn motion_assembly(repo: &mut dyn Repo, motion: &MotionRecord) -> Result<AssemblyRecord> {
    repo.assembly(motion.assembly_id)?.ok_or_else(|| StoreError::missing("motions.assembly_id", motion.id.0).into())
}

/// A phone vote, checked and ready for the vote box.
pub fn phone_vote(motion: MotionId, ticket: &str, option: &str) -> Result<PhoneVote> {
    let ticket_hash = code_hash(ticket).ok_or(Refusal::UnknownTicket)?;
    let option = BallotOption::parse(option)?;
    Ok(PhoneVote { motion_id: motion.0, ticket_hash, option: option.code() })
}

/// What a phone is told after its vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneAnswer {
    Recorded,
    /// The same vote again (a phone that lost its connection): it was counted once.
    AlreadyRecorded,
}

/// The vote box's answer to `vote`, as the phone hears it.
pub fn phone_answer(outcome: CastOutcome, vote: &PhoneVote) -> Result<PhoneAnswer> {
    match outcome {
        CastOutcome::Recorded => Ok(PhoneAnswer::Recorded),
        CastOutcome::AlreadyRecorded => Ok(PhoneAnswer::AlreadyRecorded),
        CastOutcome::AlreadyVoted => Err(Refusal::TicketAlreadyVoted.into()),
        CastOutcome::UnknownTicket => Err(Refusal::UnknownTicket.into()),
        CastOutcome::NotOpen { number: Some(number) } => Err(Refusal::VoteNotOpen { number }.into()),
        CastOutcome::NotOpen { number: None } => Err(Refusal::UnknownMotion { id: vote.motion_id }.into()),
        CastOutcome::UnknownOption => Err(Refusal::UnknownOption { option: vote.option.clone() }.into()),
    }
}

/// The phone-vote box of a server's database, opened on first use and shared by every request.
/// Once open it is reached without a lock (every phone vote asks for it).
#[derive(Default)]
pub struct PhoneBox {
    votebox: std::sync::OnceLock<VoteBox>,
    /// Held while the box opens, so that two first votes do not open two.
    opening: std::sync::Mutex<()>,
    /// The live tallies, told of every vote recorded while someone watches.
    live: std::sync::Arc<super::LiveHub>,
}

impl PhoneBox {
    /// A vote box that tells `live` of each vote it records.
    pub fn new(live: std::sync::Arc<super::LiveHub>) -> PhoneBox {
        PhoneBox { votebox: std::sync::OnceLock::new(), opening: std::sync::Mutex::default(), live }
    }

    fn votebox(&self, store: &Store) -> Result<&VoteBox> {
        if let Some(votebox) = self.votebox.get() {
            return Ok(votebox);
        }
        let _opening = self.opening.lock().map_err(|_| ServiceError::Internal("vote box lock poisoned".into()))?;
        if let Some(votebox) = self.votebox.get() {
            return Ok(votebox);
        }
        let votebox = store.vote_box()?;
        Ok(self.votebox.get_or_init(|| votebox))
    }

    /// Checks a phone vote and hands it to the vote box without waiting: `reply` is called with
    /// the phone's answer once the vote's batch has committed (or was refused). Refusals found
    /// before the vote box (a malformed ticket, an unknown option) are answered at once.
    pub fn submit(
        &self,
        store: &Store,
        motion: MotionId,
        ticket: &str,
        option: &str,
        reply: impl FnOnce(Result<PhoneAnswer>) + Send + 'static,
    ) {
        let vote = match phone_vote(motion, ticket, option) {
            Ok(vote) => vote,
            Err(e) => return reply(Err(e)),
        };
        let votebox = match self.votebox(store) {
            Ok(votebox) => votebox,
            Err(e) => return reply(Err(e)),
        };
        let answered = vote.clone();
        // Only while someone watches a live tally is it told of the vote (no cost otherwise).
        let live = self.live.is_watched().then(|| std::sync::Arc::clone(&self.live));
        votebox.submit(
            vote,
            Box::new(move |outcome| {
                let answer = outcome.map_err(ServiceError::from).and_then(|outcome| phone_answer(outcome, &answered));
                if let (Some(live), Ok(PhoneAnswer::Recorded)) = (&live, &answer) {
                    live.poke();
                }
                reply(answer);
            }),
        );
    }
}

/// Casts a phone vote and waits for the vote box to commit it (command line and tests; the web
/// server uses the vote box asynchronously).
pub fn cast_phone_vote(
    votebox: &cabildo_store::VoteBox,
    motion: MotionId,
    ticket: &str,
    option: &str,
) -> Result<PhoneAnswer> {
    let vote = phone_vote(motion, ticket, option)?;
    phone_answer(votebox.cast(vote.clone())?, &vote)
}

/// The result of a closed vote.
#[derive(Debug, Clone)]
pub struct VoteResult {
    pub motion: MotionRecord,
    pub tally: Tally,
    pub counts: Vec<(String, u64)>,
    pub resolution: Option<ResolutionRecord>,
    /// For an election: who was elected, or the second round that was moved.
    pub elected: Option<PersonName>,
    pub runoff: Option<MotionRecord>,
}

/// Closes a vote: counts it, applies the rule, and records the result — a numbered resolution
/// for an adopted motion, the new officer for an election (or its second round).
pub fn close_vote(store: &Store, ctx: &Ctx, motion: MotionId) -> Result<VoteResult> {
    // The secret ballots still in the box are written first, in the closing transaction: if the
    // close is refused, they stay in the box.
    store.write_sealing_ballots(motion, |repo| {
        // No phone vote may commit between the count below and the close.
        repo.lock_motion(motion)?;
        let (motion, assembly, body) = load_motion(repo, ctx, motion, Action::RunAssembly)?;
        require_status(&assembly, &[AssemblyStatus::Open])?;
        if motion.status != MotionStatus::Voting {
            return Err(Refusal::VoteNotOpen { number: motion.number }.into());
        }
        let roll_call =
            if motion.method == Some(VoteMethod::RollCall) { repo.roll_call(motion.id)? } else { Vec::new() };
        let counts = match motion.method {
            Some(VoteMethod::Phone) => repo.phone_tally(motion.id)?,
            Some(VoteMethod::RollCall) => roll_call_counts(&roll_call),
            _ => repo.vote_counts(motion.id)?,
        };
        // Where the congress's seats weigh delegations, a roll call is decided by the members
        // each delegate represents, not by the number of delegates.
        let weighed = if roll_call.is_empty() {
            None
        } else {
            crate::delegates::weighed_roll_call(repo, assembly.id, &roll_call)?
        };
        // The final tally is kept with the motion, whatever the method.
        for (option, n) in &counts {
            repo.set_vote_count(motion.id, option, *n)?;
        }
        let tally = Tally::from_options(counts.iter().map(|(o, n)| (o.as_str(), *n)));
        let present =
            motion.present_at_open.ok_or_else(|| StoreError::missing("motions.present_at_open", motion.id))?;
        let day = assembly.scheduled_for.date();
        let mut resolution = None;
        let mut elected = None;
        let mut runoff = None;
        // The consulta the motion answers, if any: its answer is recorded below, in this transaction.
        let answering = crate::consulta::answering(repo, motion.id)?;
        let mut nominee: Option<CandidateRecord> = None;
        let mut candidates_voted: Vec<CandidateRecord> = Vec::new();
        let outcome = match motion.kind {
            MotionKind::Motion => {
                let rule = motion.rule.ok_or_else(|| StoreError::missing("motions.rule", motion.id))?;
                // A choice consulta's motion adopts the option with the most votes (a tie, none).
                let (outcome, chosen) = match answering.as_ref().filter(|a| a.is_choice()) {
                    Some(a) => crate::consulta::choice_outcome(a, &counts),
                    None => match &weighed {
                        Some(w) => (w.decide(rule), None),
                        None => (cabildo_domain::assembly::decide(rule, tally, present), None),
                    },
                };
                if outcome == Outcome::Adopted {
                    if let Some(target) = motion.amends_id {
                        repo.set_motion_text(target, &motion.text)?;
                    }
                    let title = match &chosen {
                        Some(label) => format!("{}: {label}", motion.title),
                        None => motion.title.clone(),
                    };
                    resolution = Some(repo.insert_resolution(
                        &NewResolution {
                            body_id: body.id,
                            year: chrono::Datelike::year(&day),
                            motion_id: Some(motion.id),
                            title,
                            text: motion.text.clone(),
                            adopted_on: day,
                        },
                        ctx.minter()?.mint()?,
                    )?);
                    if let Some(adopted) = &resolution {
                        crate::instructions::after_adoption(repo, ctx, &motion, adopted)?;
                        crate::mandates::after_adoption(repo, ctx, &motion, adopted)?;
                        crate::petitions::after_adoption(repo, ctx, &motion, adopted)?;
                    }
                }
                outcome
            }
            MotionKind::Election => {
                let candidates = repo.candidates(motion.id)?;
                let votes: Vec<(i64, u64)> = candidates
                    .iter()
                    .map(|c| (c.id, counts.iter().find(|(o, _)| *o == format!("c{}", c.id)).map_or(0, |(_, n)| *n)))
                    .collect();
                let rule =
                    motion.election_rule.ok_or_else(|| StoreError::missing("motions.election_rule", motion.id))?;
                candidates_voted = candidates.clone();
                let result = match &weighed {
                    Some(w) => {
                        let weights = w.weights();
                        let weighed_votes: Vec<(i64, Weight)> = candidates
                            .iter()
                            .map(|c| {
                                let code = BallotOption::Candidate(c.id).code();
                                let weight = weights.iter().find(|(o, _)| *o == code).map(|(_, w)| w.clone());
                                (c.id, weight.unwrap_or_else(Weight::zero))
                            })
                            .collect();
                        cabildo_domain::assembly::elect_amounts(rule, &weighed_votes)
                    }
                    None => cabildo_domain::assembly::elect(rule, &votes),
                };
                match result {
                    ElectionResult::Elected(id) => {
                        let winner = candidates.iter().find(|c| c.id == id).cloned();
                        if let Some(winner) = winner {
                            still_registered(repo, &body, &winner)?;
                            // A nomination's election names the base's nominee: no office is given.
                            // A delegate's seat is given a credential, not an office.
                            if answering.is_none() && !crate::delegates::on_elected(repo, ctx, &motion, &winner)? {
                                install_officer(repo, &body, &motion, &winner, day, ctx.minter()?.mint()?)?;
                            }
                            elected = Some(winner.name.clone());
                            nominee = Some(winner);
                        }
                        Outcome::Elected
                    }
                    ElectionResult::Runoff(ids) => {
                        let title = office_title(&motion)?;
                        let second = repo.insert_motion(
                            &NewMotion {
                                runoff_of: Some(motion.id),
                                ..NewMotion::election(
                                    assembly.id,
                                    title,
                                    motion.proposer.clone(),
                                    motion.term_end,
                                    ElectionRule::Plurality,
                                )
                            },
                            ctx.minter()?.mint()?,
                        )?;
                        for id in ids {
                            if let Some(c) = candidates.iter().find(|c| c.id == id) {
                                repo.insert_candidate(second, c.person_id)?;
                            }
                        }
                        // The second round answers the same consulta.
                        if let Some(a) = &answering {
                            repo.set_motion_consulta(second, a.consulta.id)?;
                        }
                        let second = motion_record(repo, second)?;
                        crate::delegates::after_runoff(repo, &motion, &second)?;
                        runoff = Some(second);
                        Outcome::Runoff
                    }
                    ElectionResult::NoVotes => Outcome::Rejected,
                }
            }
        };
        super::recall::on_close(repo, ctx, &motion, &body, day, outcome, resolution.as_ref())?;
        repo.decide_motion(motion.id, outcome, ctx.now)?;
        crate::obligations::on_close(repo, ctx, &motion, outcome, resolution.as_ref())?;
        if let Some(a) = answering.as_ref().filter(|_| outcome != Outcome::Runoff) {
            crate::consulta::record_answer(
                repo,
                ctx,
                a,
                &motion,
                &body,
                outcome,
                &counts,
                &candidates_voted,
                nominee.as_ref(),
            )?;
        }
        ctx.audit(
            repo,
            Some(body.id),
            "vote.close",
            format!(
                "{}: {} ({} for, {} against, {} abstain)",
                motion.id,
                outcome.code(),
                tally.for_,
                tally.against,
                tally.abstain
            ),
        )?;
        Ok(VoteResult { motion: motion_record(repo, motion.id)?, tally, counts, resolution, elected, runoff })
    })
}

/// Refuses the close of an election whose winner is no longer on the register the candidates
/// came from (the body's, or for an open comisión the body it hangs from, and the bodies below):
/// checked when the candidates were named, and again now, since the register may have changed
/// while the vote was open.
fn still_registered(repo: &mut dyn Repo, body: &Body, winner: &CandidateRecord) -> Result<()> {
    let root = cabildo_domain::assembly::candidate_register_root(body);
    let tree = crate::registry::Registry::load(repo)?.tree;
    let registered = repo.registered_in(&[winner.person_id])?;
    if registered.iter().any(|(_, b)| tree.is_within(*b, root)) {
        return Ok(());
    }
    let label = repo.body(root)?.map_or_else(|| body.label(), |b| b.label());
    Err(Refusal::ElectedNotRegistered { name: winner.name.display(), body: label }.into())
}

/// The office an election fills (every election has one).
fn office_title(motion: &MotionRecord) -> Result<String> {
    motion.office_title.clone().ok_or_else(|| StoreError::missing("motions.office_title", motion.id).into())
}

/// The elected person takes the office from the assembly's day; whoever held it leaves it then.
fn install_officer(
    repo: &mut dyn Repo,
    body: &Body,
    motion: &MotionRecord,
    winner: &CandidateRecord,
    day: Date,
    public_id: PublicId,
) -> Result<()> {
    let title = office_title(motion)?;
    for office in repo.offices(body.id)? {
        if office.ended_on.is_none() && cabildo_domain::text::fold(&office.title) == cabildo_domain::text::fold(&title)
        {
            let on = if office.term_start > day { office.term_start } else { day };
            repo.end_office(office.id, on, OfficeEnd::Term)?;
        }
    }
    let office = NewOffice::new(&title, day, motion.term_end)?;
    repo.insert_office(body.id, winner.person_id, &office, public_id)?;
    Ok(())
}

/// Records that a motion was withdrawn by its proposer before its vote.
pub fn withdraw(store: &Store, ctx: &Ctx, motion: MotionId) -> Result<MotionRecord> {
    settle_without_vote(store, ctx, motion, Outcome::Withdrawn)
}

/// Records that a motion could not be voted for lack of quorum (refused when there is quorum).
pub fn fail_quorum(store: &Store, ctx: &Ctx, motion: MotionId) -> Result<MotionRecord> {
    settle_without_vote(store, ctx, motion, Outcome::NoQuorum)
}

fn settle_without_vote(store: &Store, ctx: &Ctx, motion: MotionId, outcome: Outcome) -> Result<MotionRecord> {
    store.write(|repo| {
        let (motion, assembly, body) = load_motion(repo, ctx, motion, Action::RunAssembly)?;
        require_status(&assembly, &[AssemblyStatus::Open])?;
        if motion.status != MotionStatus::Pending {
            return Err(Refusal::MotionDecided { number: motion.number, outcome: outcome_code(&motion) }.into());
        }
        if outcome == Outcome::NoQuorum {
            let present = repo.count_present(assembly.id)?;
            let required = quorum_required(&assembly)?;
            if assembly::has_quorum(present, required) {
                return Err(Refusal::HasQuorum { present, required }.into());
            }
        }
        repo.decide_motion(motion.id, outcome, ctx.now)?;
        crate::obligations::on_close(repo, ctx, &motion, outcome, None)?;
        ctx.audit(repo, Some(body.id), "motion.settle", format!("{}: {}", motion.id, outcome.code()))?;
        motion_record(repo, motion.id)
    })
}
