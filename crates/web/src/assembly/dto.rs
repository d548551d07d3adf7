//! The JSON shapes of assemblies: what the API answers and what its writes take. Each derives
//! `ToSchema`, so the OpenAPI document says exactly this.

use std::collections::BTreeMap;

use cabildo_domain::assembly::{BallotOption, Statute, Tally, format_amount};
use cabildo_domain::{DomainError, Field};
use cabildo_services::assembly::{
    AssemblyRecord, AssemblyView, MotionRecord, MotionView, ResolutionRecord, StatuteRecord,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::http::dto::Body;

// --- Answers ---------------------------------------------------------------------------------

pub(super) const DATETIME: &str = "%Y-%m-%dT%H:%M";

/// An assembly as convened, with what was fixed when it opened.
#[derive(Serialize, ToSchema)]
pub struct Assembly {
    pub(super) id: i64,
    /// The record's id on every instance (a UUIDv7): how another instance names it.
    #[schema(format = "uuid", example = "0192f0c1-7a3e-7c4d-9a51-3f0e6b2d8c11")]
    pub(super) public_id: String,
    pub(super) body_id: i64,
    /// `ordinaria`, `extraordinaria`, `ampliado`, `congreso` or `cabildo_abierto`.
    pub(super) kind: &'static str,
    pub(super) title: String,
    /// Local date and time, `yyyy-mm-ddThh:mm`.
    pub(super) scheduled_for: String,
    pub(super) place: String,
    /// `convened`, `open`, `closed` or `cancelled`.
    pub(super) status: &'static str,
    /// How many were entitled to attend, fixed when it opened; `null` before.
    #[schema(required = true)]
    pub(super) eligible: Option<u64>,
    /// How many must be present to vote, fixed when it opened; `null` before.
    #[schema(required = true)]
    pub(super) quorum_required: Option<u64>,
    /// Unix seconds.
    pub(super) convened_at: i64,
    #[schema(required = true)]
    pub(super) opened_at: Option<i64>,
    #[schema(required = true)]
    pub(super) closed_at: Option<i64>,
}

pub(super) fn assembly_dto(a: &AssemblyRecord) -> Assembly {
    Assembly {
        id: a.id.0,
        public_id: a.public_id.to_string(),
        body_id: a.body_id.0,
        kind: a.kind.code(),
        title: a.title.clone(),
        scheduled_for: a.scheduled_for.format(DATETIME).to_string(),
        place: a.place.clone(),
        status: a.status.code(),
        eligible: a.eligible,
        quorum_required: a.quorum_required,
        convened_at: a.convened_at,
        opened_at: a.opened_at,
        closed_at: a.closed_at,
    }
}

/// A body's assemblies, newest first.
#[derive(Serialize, ToSchema)]
pub struct AssemblyList {
    pub(super) body: Body,
    pub(super) assemblies: Vec<Assembly>,
}

/// A statute: quorum, fine for an unexcused absence, who signs actas.
#[derive(Serialize, ToSchema)]
pub struct StatuteTerms {
    /// 0 for the default a body has before its officers write one.
    pub(super) version: i64,
    /// `half_plus_one`, `percent:60`, `count:40` or `none`.
    pub(super) quorum: String,
    /// Bolivianos, `"12.50"`.
    pub(super) absence_fine: String,
    /// The offices of the directiva whose holders sign an acta before it is sealed.
    pub(super) signers: Vec<String>,
    /// The gestión: years an elected office is held unless the assembly sets another end.
    pub(super) term_years: u32,
}

pub(super) fn statute_dto(s: &Statute) -> StatuteTerms {
    StatuteTerms {
        version: s.version,
        quorum: s.quorum.code(),
        absence_fine: format_amount(s.absence_fine),
        signers: s.signer_offices.clone(),
        term_years: s.term_years,
    }
}

/// A version of a statute, as adopted.
#[derive(Serialize, ToSchema)]
pub struct StatuteVersion {
    pub(super) id: i64,
    pub(super) terms: StatuteTerms,
    /// Unix seconds.
    pub(super) adopted_at: i64,
    pub(super) adopted_by: String,
    /// The id of the body's resolution that adopted this version, when one was recorded.
    #[schema(required = true)]
    pub(super) resolution_id: Option<i64>,
}

pub(super) fn statute_version(r: &StatuteRecord) -> StatuteVersion {
    StatuteVersion {
        id: r.id,
        terms: statute_dto(&r.statute),
        adopted_at: r.adopted_at,
        adopted_by: r.adopted_by.clone(),
        resolution_id: r.resolution.as_ref().map(|res| res.id),
    }
}

/// A body's statute: the version in force and every version adopted.
#[derive(Serialize, ToSchema)]
pub struct StatuteOverview {
    pub(super) body: Body,
    pub(super) current: StatuteTerms,
    /// What the statute in force says of recalls.
    pub(super) recall: RecallTerms,
    pub(super) versions: Vec<StatuteVersion>,
}

/// What a statute says of recalls (revocatorias).
#[derive(Serialize, ToSchema)]
pub struct RecallTerms {
    /// The decision rule of a recall of the body's own officers by its assembly (`two_thirds`…).
    pub(super) rule: &'static str,
    /// The share of the bases below that recalls an officer of the body, as a fraction ("1/3");
    /// `null` when the statute sets none.
    #[schema(required = true)]
    pub(super) share: Option<String>,
    /// The days the bases have from the first recall resolution.
    pub(super) window_days: u32,
}

pub(super) fn recall_terms_dto(t: &cabildo_domain::recall::RecallTerms) -> RecallTerms {
    RecallTerms { rule: t.rule.code(), share: t.share.map(|s| s.to_string()), window_days: t.window_days }
}

/// The counts for, against and abstaining.
#[derive(Serialize, ToSchema)]
pub struct TallyCounts {
    #[serde(rename = "for")]
    pub(super) for_: u64,
    pub(super) against: u64,
    pub(super) abstain: u64,
}

pub(super) fn tally_dto(t: Tally) -> TallyCounts {
    TallyCounts { for_: t.for_, against: t.against, abstain: t.abstain }
}

/// A candidate of an election; `option` is what a ballot marks to vote for them.
#[derive(Serialize, ToSchema)]
pub struct Candidate {
    pub(super) id: i64,
    pub(super) person_id: i64,
    pub(super) name: String,
    /// `c<id>`.
    pub(super) option: String,
}

/// A vote called by name.
#[derive(Serialize, ToSchema)]
pub struct RollCallVote {
    pub(super) person_id: i64,
    pub(super) name: String,
    pub(super) option: String,
}

/// A motion or an election, with its counts and result.
#[derive(Serialize, ToSchema)]
pub struct Motion {
    pub(super) id: i64,
    /// The record's id on every instance (a UUIDv7): how another instance names it.
    #[schema(format = "uuid", example = "0192f0c1-7a3e-7c4d-9a51-3f0e6b2d8c11")]
    pub(super) public_id: String,
    pub(super) assembly_id: i64,
    /// Its number within the assembly, from 1.
    pub(super) number: i64,
    /// `motion` or `election`.
    pub(super) kind: &'static str,
    pub(super) title: String,
    pub(super) text: String,
    /// Who moved it. Absent when the viewer may not see the body's members (see
    /// `AssemblyDetail.sees_members`): it is often a person's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub(super) proposer: Option<String>,
    /// The sub-body's resolution it brings up.
    #[schema(required = true)]
    pub(super) origin_id: Option<i64>,
    /// The motion (by id) it amends.
    #[schema(required = true)]
    pub(super) amends_id: Option<i64>,
    /// The election (by id) it is the second round of.
    #[schema(required = true)]
    pub(super) runoff_of: Option<i64>,
    #[schema(required = true)]
    pub(super) office_title: Option<String>,
    #[schema(format = Date, required = true)]
    pub(super) term_end: Option<String>,
    /// `plurality` or `absolute_majority`, for an election.
    #[schema(required = true)]
    pub(super) election_rule: Option<&'static str>,
    /// `pending`, `voting` or `decided`.
    pub(super) status: &'static str,
    /// `show_of_hands`, `roll_call`, `secret`, `phone` or `paper_ballot`, once the vote opened.
    #[schema(required = true)]
    pub(super) method: Option<&'static str>,
    /// `majority`, `absolute_majority`, `two_thirds` or `unanimity`, once the vote opened.
    #[schema(required = true)]
    pub(super) rule: Option<&'static str>,
    /// Those present when the vote opened.
    #[schema(required = true)]
    pub(super) present_at_open: Option<u64>,
    /// `adopted`, `rejected`, `tie`, `no_quorum`, `withdrawn`, `elected` or `runoff`, once decided.
    #[schema(required = true)]
    pub(super) outcome: Option<&'static str>,
    /// Counts per option (`for`, `against`, `abstain`, `c<candidate>`): live while voting (hidden
    /// for a secret ballot), final once decided.
    pub(super) counts: BTreeMap<String, u64>,
    pub(super) tally: TallyCounts,
    /// An election's candidates with their names. Absent when the viewer may not see the body's
    /// members: `counts` still has each candidate's votes under `c<id>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub(super) candidates: Option<Vec<Candidate>>,
    /// A roll call's votes by name. Absent when the viewer may not see the body's members:
    /// `counts` still has the totals.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub(super) roll_call: Option<Vec<RollCallVote>>,
    /// The resolution an adopted motion became: `"12/2026"`.
    #[schema(required = true)]
    pub(super) resolution: Option<String>,
    /// While a secret ballot is open: how many of its codes have voted ("12 of 67"), and how
    /// many were issued. Absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub(super) ballots: Option<BallotsCast>,
    /// A roll call where the statute weighs delegations by their members: per option, the members
    /// the votes represent. Absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub(super) weighted: Option<BTreeMap<String, u64>>,
}

/// How many of a secret ballot's codes have voted.
#[derive(Serialize, ToSchema)]
pub struct BallotsCast {
    /// Ballots cast: written, or waiting in the ballot box.
    pub(super) cast: u64,
    /// Codes issued: one per person present when the vote opened.
    pub(super) issued: u64,
}

/// A motion as the API shows it; with its view (counts, candidates, votes) when there is one.
/// What the service withheld from a viewer who may not see members is absent, not empty.
pub(super) fn motion_dto(m: &MotionRecord, view: Option<&MotionView>) -> Motion {
    let counts: BTreeMap<String, u64> = view.map(|v| v.counts.iter().cloned().collect()).unwrap_or_default();
    let withheld = view.is_some_and(|v| v.names_withheld);
    Motion {
        id: m.id.0,
        public_id: m.public_id.to_string(),
        assembly_id: m.assembly_id.0,
        number: m.number,
        kind: m.kind.code(),
        title: m.title.clone(),
        text: m.text.clone(),
        proposer: (!withheld).then(|| m.proposer.clone()),
        origin_id: m.origin_id,
        amends_id: m.amends_id.map(|a| a.0),
        runoff_of: m.runoff_of.map(|r| r.0),
        office_title: m.office_title.clone(),
        term_end: m.term_end.map(|d| d.to_string()),
        election_rule: m.election_rule.map(|r| r.code()),
        status: m.status.code(),
        method: m.method.map(|v| v.code()),
        rule: m.rule.map(|r| r.code()),
        present_at_open: m.present_at_open,
        outcome: m.outcome.map(|o| o.code()),
        tally: tally_dto(view.map(|v| v.tally).unwrap_or_default()),
        counts,
        candidates: (!withheld).then(|| {
            view.map(|v| {
                v.candidates
                    .iter()
                    .map(|c| Candidate {
                        id: c.id,
                        person_id: c.person_id.0,
                        name: c.name.display(),
                        option: BallotOption::Candidate(c.id).code(),
                    })
                    .collect()
            })
            .unwrap_or_default()
        }),
        roll_call: (!withheld).then(|| {
            view.map(|v| {
                v.roll_call
                    .iter()
                    .map(|r| RollCallVote {
                        person_id: r.person_id.0,
                        name: r.name.display(),
                        option: r.option.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default()
        }),
        resolution: view.and_then(|v| v.resolution.as_ref()).map(resolution_number),
        ballots: view.and_then(|v| v.ballots).map(|b| BallotsCast { cast: b.cast, issued: b.issued }),
        weighted: view.and_then(|v| v.weighted.as_ref()).map(|w| w.iter().cloned().collect()),
    }
}

pub(super) fn resolution_number(r: &ResolutionRecord) -> String {
    format!("{}/{}", r.number, r.year)
}

/// Where an assembly's acta stands.
#[derive(Serialize, ToSchema)]
pub struct ActaSummary {
    pub(super) id: i64,
    /// `draft` or `sealed`.
    pub(super) status: &'static str,
    /// Its place in the body's chain of sealed actas.
    #[schema(required = true)]
    pub(super) seq: Option<u64>,
}

/// An assembly with its agenda, statute, attendance, quorum and motions.
#[derive(Serialize, ToSchema)]
pub struct AssemblyDetail {
    pub(super) assembly: Assembly,
    pub(super) body: Body,
    /// The orden del día.
    pub(super) agenda: Vec<String>,
    pub(super) statute: StatuteTerms,
    /// Who may attend: `households`, `members`, `officers`, `delegates` or `anyone`.
    pub(super) eligibility: &'static str,
    pub(super) eligible: u64,
    pub(super) present: u64,
    pub(super) excused: u64,
    pub(super) quorum_required: u64,
    pub(super) has_quorum: bool,
    /// Phone-voting tickets issued.
    pub(super) tickets: u64,
    pub(super) motions: Vec<Motion>,
    /// `null` until the assembly closes.
    #[schema(required = true)]
    pub(super) acta: Option<ActaSummary>,
    /// Whether the viewer may run it (check in, move motions, open and close votes).
    pub(super) may_run: bool,
    /// Whether the viewer may see the body's members. Without it (an observador, a viewer outside
    /// the body) the document has no personal name: the motions' `proposer`, `candidates` and
    /// `roll_call` are absent, and only counts remain.
    pub(super) sees_members: bool,
}

pub(super) fn detail_dto(v: &AssemblyView) -> AssemblyDetail {
    AssemblyDetail {
        assembly: assembly_dto(&v.assembly),
        body: Body::from(&v.body),
        agenda: v.agenda.clone(),
        statute: statute_dto(&v.statute),
        eligibility: v.eligibility.code(),
        eligible: v.eligible,
        present: v.present,
        excused: v.excused,
        quorum_required: v.quorum_required,
        has_quorum: v.has_quorum(),
        tickets: v.tickets,
        motions: v.motions.iter().map(|m| motion_dto(&m.motion, Some(m))).collect(),
        acta: v.acta.as_ref().map(|a| ActaSummary { id: a.id, status: a.status.code(), seq: a.seq }),
        may_run: v.may_run,
        sees_members: v.sees_members,
    }
}

/// Someone entitled to attend, and how they are recorded so far.
#[derive(Serialize, ToSchema)]
pub struct DoorLine {
    pub(super) person_id: i64,
    #[schema(required = true)]
    pub(super) household_id: Option<i64>,
    /// The sub-body an officer speaks for.
    #[schema(required = true)]
    pub(super) represents_id: Option<i64>,
    pub(super) name: String,
    /// The register number, or the office and body of an officer.
    pub(super) label: String,
    /// The code on a household's member card.
    #[schema(required = true)]
    pub(super) card_code: Option<String>,
    /// `present`, `late` or `excused`; `null` if not recorded.
    #[schema(required = true)]
    pub(super) status: Option<&'static str>,
}

/// The check-in list.
#[derive(Serialize, ToSchema)]
pub struct DoorList {
    /// Present or late: those who count for quorum.
    pub(super) present: u64,
    pub(super) excused: u64,
    /// Entitled to attend (fixed when the assembly opened).
    pub(super) eligible: u64,
    /// How many make quorum (0 for an assembly anyone may attend: it has none).
    pub(super) quorum_required: u64,
    /// How many more must come for quorum (0 once reached).
    pub(super) missing: u64,
    pub(super) lines: Vec<DoorLine>,
}

/// Someone recorded at the door.
#[derive(Serialize, ToSchema)]
pub struct CheckedIn {
    pub(super) name: String,
    /// `present`, `late` (after the assembly opened) or `excused`.
    pub(super) status: &'static str,
}

/// A vote just opened. `codes` (secret ballot only) are the one-time codes to print and hand out,
/// one per person present: they are shown only in this answer.
#[derive(Serialize, ToSchema)]
pub struct OpenedVote {
    pub(super) motion: Motion,
    pub(super) present: u64,
    pub(super) codes: Vec<String>,
}

/// A vote or ballot taken.
#[derive(Serialize, ToSchema)]
pub struct Recorded {
    /// `recorded`, or `already_recorded` when a phone sent the same vote again (it counts once), or
    /// `in_the_box` for a secret ballot waiting to be written with others.
    pub(super) status: &'static str,
}

/// The result of a closed vote.
#[derive(Serialize, ToSchema)]
pub struct VoteResult {
    pub(super) motion: Motion,
    pub(super) tally: TallyCounts,
    pub(super) counts: BTreeMap<String, u64>,
    /// `adopted`, `rejected`, `tie`, `elected` or `runoff`.
    pub(super) outcome: &'static str,
    /// The resolution an adopted motion became: `"12/2026"`.
    #[schema(required = true)]
    pub(super) resolution: Option<String>,
    /// Who was elected.
    #[schema(required = true)]
    pub(super) elected: Option<String>,
    /// The second round moved when an election had no winner.
    #[schema(required = true)]
    pub(super) runoff_motion_id: Option<i64>,
}

/// Codes to print: ballot codes or phone-voting tickets. Shown once: only their hashes are kept.
#[derive(Serialize, ToSchema)]
pub struct Codes {
    pub(super) codes: Vec<String>,
}

/// A resolution.
#[derive(Serialize, ToSchema)]
pub struct Resolution {
    pub(super) id: i64,
    /// The record's id on every instance (a UUIDv7): how another instance names it.
    #[schema(format = "uuid", example = "0192f0c1-7a3e-7c4d-9a51-3f0e6b2d8c11")]
    pub(super) public_id: String,
    /// `"12/2026"`.
    pub(super) number: String,
    pub(super) title: String,
    pub(super) text: String,
    #[schema(format = Date)]
    pub(super) adopted_on: String,
    #[schema(required = true)]
    pub(super) motion_id: Option<i64>,
}

/// A body's resolutions, newest first.
#[derive(Serialize, ToSchema)]
pub struct ResolutionList {
    pub(super) body: Body,
    pub(super) resolutions: Vec<Resolution>,
}

// --- Requests --------------------------------------------------------------------------------

/// An assembly to convene.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "kind": "ordinaria",
    "title": "Asamblea ordinaria de noviembre",
    "scheduled_for": "2026-11-30T09:00",
    "place": "Sede del sindicato",
    "agenda": ["Informe del dirigente", "Aporte para el camino"]
}))]
pub struct NewAssembly {
    /// `ordinaria`, `extraordinaria`, `ampliado`, `congreso` or `cabildo_abierto`.
    pub(super) kind: String,
    pub(super) title: String,
    /// `yyyy-mm-ddThh:mm`, `yyyy-mm-dd hh:mm` or `dd/mm/yyyy hh:mm`.
    pub(super) scheduled_for: String,
    pub(super) place: String,
    /// The orden del día, one item each.
    #[serde(default)]
    pub(super) agenda: Vec<String>,
}

/// A new version of a statute.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"quorum": "half_plus_one", "absence_fine": "50", "signers": ["Secretario General", "Secretario de Actas"], "term_years": 2, "resolution_id": 7}))]
pub struct StatuteChange {
    /// `half_plus_one`, `60%`, `count:40` or `none`.
    pub(super) quorum: String,
    /// Bolivianos (`"12,50"`, `"50"` or a number); left out: no fine.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub(super) absence_fine: Option<serde_json::Value>,
    /// Offices of the directiva whose holders sign actas ("Secretario de Actas"); role codes of
    /// earlier statutes (`secretario_actas`) are read as their office.
    pub(super) signers: Vec<String>,
    /// The gestión in years (1 to 10); left out: the one in force.
    #[serde(default)]
    pub(super) term_years: Option<u32>,
    /// The id of the body's own resolution that adopted the change.
    #[serde(default)]
    pub(super) resolution_id: Option<i64>,
    /// The decision rule of a recall of the body's own officers (`two_thirds`, `absolute_majority`…);
    /// left out: the one in force.
    #[serde(default)]
    pub(super) recall_rule: Option<String>,
    /// The share of the bases below that recalls an officer of the body ("1/3", "33%"); "none"
    /// removes it; left out: the one in force.
    #[serde(default)]
    pub(super) recall_share: Option<String>,
    /// The days the bases have from the first recall resolution (1 to 365); left out: the one in
    /// force.
    #[serde(default)]
    pub(super) recall_window_days: Option<u32>,
}

/// Someone at the door: exactly one of `household_id`, `person_id` or `card_code`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"card_code": "K7Q2-0193"}))]
pub struct CheckIn {
    #[serde(default)]
    pub(super) household_id: Option<i64>,
    #[serde(default)]
    pub(super) person_id: Option<i64>,
    /// The code on a household's member card.
    #[serde(default)]
    pub(super) card_code: Option<String>,
    /// Excused in advance (not present, not fined).
    #[serde(default)]
    pub(super) excused: bool,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct DoorQuery {
    /// Search by name, parcel code, register number or member card code (empty: everyone).
    #[serde(default)]
    pub(super) q: String,
    /// Lines at most, 1 to 1000.
    #[serde(default)]
    #[param(minimum = 1, maximum = 1000, default = 100)]
    pub(super) limit: Option<usize>,
}

/// A motion to move.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"title": "Aporte para el camino", "text": "Cada familia aporta 20 Bs.", "proposer": "Rosa Flores"}))]
pub struct NewMotion {
    pub(super) title: String,
    pub(super) text: String,
    /// Who moves it; may be left empty when `origin` names a sub-body's resolution.
    #[serde(default)]
    pub(super) proposer: String,
    /// The id of a sub-body's resolution this motion brings up.
    #[serde(default)]
    pub(super) origin: Option<i64>,
    /// The number (within the assembly) of the pending motion this one amends.
    #[serde(default)]
    pub(super) amends: Option<i64>,
}

/// An office to elect.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"office_title": "Secretario General", "term_end": "2028-11-30", "rule": "plurality", "candidates": [12, 15]}))]
pub struct NewElection {
    pub(super) office_title: String,
    /// `yyyy-mm-dd` or `dd/mm/yyyy`.
    #[serde(default)]
    pub(super) term_end: Option<String>,
    /// `plurality` or `absolute_majority`.
    pub(super) rule: String,
    /// Person ids, from among those entitled to attend.
    pub(super) candidates: Vec<i64>,
}

/// How a vote is taken.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"method": "show_of_hands", "rule": "majority"}))]
pub struct VoteOpening {
    /// `show_of_hands`, `roll_call`, `secret`, `phone` or `paper_ballot`.
    pub(super) method: String,
    /// `majority` (the default), `absolute_majority`, `two_thirds` or `unanimity`.
    #[serde(default)]
    pub(super) rule: Option<String>,
}

/// The hands counted, per option: `for`, `against`, `abstain`, or `c<candidate>` in an election.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"counts": {"for": 80, "against": 12, "abstain": 3}}))]
pub struct HandCounts {
    pub(super) counts: BTreeMap<String, u64>,
}

/// One voter's vote in a roll call.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"person_id": 12, "option": "for"}))]
pub struct RollCallChoice {
    pub(super) person_id: i64,
    /// `for`, `against`, `abstain`, or `c<candidate>`.
    pub(super) option: String,
}

/// A secret ballot: a one-time code handed out on paper, and the choice.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"code": "K7Q2M9X4TA", "option": "for"}))]
pub struct Ballot {
    pub(super) code: String,
    /// `for`, `against`, `abstain`, or `c<candidate>`.
    pub(super) option: String,
}

/// A phone vote: the ticket handed to the participant, and the choice.
#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"ticket": "K7Q2M9X4TA", "option": "for"}))]
pub struct PhoneVoteRequest {
    pub(super) ticket: String,
    /// `for`, `against`, `abstain`, or `c<candidate>`.
    pub(super) option: String,
}

/// How many phone-voting tickets to issue.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"count": 500}))]
pub struct TicketRequest {
    /// 1 to 200,000.
    pub(super) count: u64,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct LimitQuery {
    /// At most this many, 1 to 1000.
    #[serde(default)]
    #[param(minimum = 1, maximum = 1000, default = 100)]
    pub(super) limit: Option<u64>,
}

// --- Helpers ---------------------------------------------------------------------------------

/// A bolivianos amount given as text or number.
pub(super) fn amount_text(value: &Option<serde_json::Value>) -> Result<String, DomainError> {
    match value {
        None | Some(serde_json::Value::Null) => Ok(String::new()),
        Some(serde_json::Value::String(s)) => Ok(s.clone()),
        Some(serde_json::Value::Number(n)) => Ok(n.to_string()),
        Some(other) => Err(DomainError::BadNumber { field: Field::AbsenceFine, value: other.to_string() }),
    }
}
