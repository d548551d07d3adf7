//! The JSON shapes of consultas: what the API answers and what its writes take.

use cabildo_services::assembly::MotionRecord;
use cabildo_services::consulta::{AnswerLine, ConsultaOptionRecord, ConsultaRecord, ConsultaView};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, IntoResponses, ToSchema};

use crate::http::dto::Body;
use crate::http::problem::Problem;

/// The consulta in a path such as `/api/v1/consultas/{id}`.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ConsultaRef {
    /// The consulta's number or public id.
    #[expect(dead_code, reason = "it only documents the path in the OpenAPI document")]
    pub id: String,
}

/// 404: no consulta by that number or public id.
#[derive(IntoResponses)]
#[response(
    status = 404,
    description = "There is no such consulta (`unknown_consulta`).",
    content_type = "application/problem+json"
)]
pub struct UnknownConsulta(
    #[expect(dead_code, reason = "it only describes the answer in the OpenAPI document")] pub Problem,
);

/// 403: the viewer may not run the launching body's assemblies.
#[derive(IntoResponses)]
#[response(
    status = 403,
    description = "The viewer may not act for the body that launched it (`forbidden`).",
    content_type = "application/problem+json"
)]
pub struct MayNotManage(
    #[expect(dead_code, reason = "it only describes the answer in the OpenAPI document")] pub Problem,
);

/// A consulta as launched.
#[derive(Serialize, ToSchema)]
pub struct Consulta {
    pub(super) id: i64,
    /// The record's id on every instance (a UUIDv7): how another instance names it.
    #[schema(format = "uuid", example = "0192f0c1-7a3e-7c4d-9a51-3f0e6b2d8c11")]
    pub(super) public_id: String,
    /// The body that asks.
    pub(super) body_id: i64,
    /// `yes_no`, `choice` or `nomination`.
    pub(super) kind: &'static str,
    /// `sum_of_votes`, `one_voice_per_base` or `weighted_by_members`.
    pub(super) rule: &'static str,
    /// The kind of body that answers (a body kind: `sindicato`, …).
    pub(super) base_kind: &'static str,
    pub(super) question: String,
    pub(super) text: String,
    /// Answers after this day are kept and marked late.
    #[schema(format = Date)]
    pub(super) deadline: String,
    /// `open` (taking answers) or `closed`.
    pub(super) status: &'static str,
    /// Unix seconds.
    pub(super) launched_at: i64,
    pub(super) launched_by: String,
    /// Unix seconds; `null` while open.
    #[schema(required = true)]
    pub(super) closed_at: Option<i64>,
}

pub(super) fn consulta_dto(c: &ConsultaRecord) -> Consulta {
    Consulta {
        id: c.id.0,
        public_id: c.public_id.to_string(),
        body_id: c.body_id.0,
        kind: c.kind.code(),
        rule: c.rule.code(),
        base_kind: c.base_kind.code(),
        question: c.question.clone(),
        text: c.text.clone(),
        deadline: c.deadline.to_string(),
        status: if c.is_open() { "open" } else { "closed" },
        launched_at: c.launched_at,
        launched_by: c.launched_by.clone(),
        closed_at: c.closed_at,
    }
}

/// An option of a consulta. A yes/no consulta's are `yes` (number 1) and `no` (2); a
/// nomination's are its nominees, one per person, added as bases nominate them.
#[derive(Serialize, ToSchema)]
pub struct ConsultaOption {
    pub(super) id: i64,
    pub(super) number: i64,
    /// A nominee's name (`#3`, its number, to a viewer who may not see the members of the body
    /// that asked).
    pub(super) label: String,
}

pub(super) fn option_dto(o: &ConsultaOptionRecord) -> ConsultaOption {
    ConsultaOption { id: o.id.0, number: o.number, label: o.label.clone() }
}

/// The votes one option got in an answering assembly.
#[derive(Serialize, ToSchema)]
pub struct OptionVotes {
    pub(super) option_id: i64,
    pub(super) votes: u64,
}

/// A body's answer, as its assembly's vote recorded it.
#[derive(Serialize, ToSchema)]
pub struct ConsultaAnswer {
    pub(super) body: Body,
    /// The motion (or election) that answered.
    pub(super) motion_id: i64,
    pub(super) assembly_id: i64,
    pub(super) assembly_title: String,
    /// The assembly's local date and time, `yyyy-mm-ddThh:mm`.
    pub(super) scheduled_for: String,
    /// The option the assembly adopted; `null` when it adopted none (a tie).
    #[schema(required = true)]
    pub(super) adopted_option_id: Option<i64>,
    pub(super) votes: Vec<OptionVotes>,
    /// The body's members when it answered.
    pub(super) members: u64,
    /// Answered after the deadline.
    pub(super) late: bool,
    /// Unix seconds.
    pub(super) answered_at: i64,
}

fn answer_dto(line: &AnswerLine) -> ConsultaAnswer {
    let a = &line.answer;
    ConsultaAnswer {
        body: Body::from(&line.body),
        motion_id: a.motion_id.0,
        assembly_id: a.assembly_id.0,
        assembly_title: a.assembly_title.clone(),
        scheduled_for: a.scheduled_for.format("%Y-%m-%dT%H:%M").to_string(),
        adopted_option_id: a.adopted.map(|o| o.0),
        votes: a.votes.iter().map(|(o, n)| OptionVotes { option_id: o.0, votes: *n }).collect(),
        members: a.members,
        late: a.late,
        answered_at: a.answered_at,
    }
}

/// A consulta with its options and the answers so far. The roll-up per body is at
/// `/api/v1/consultas/{id}/results`.
#[derive(Serialize, ToSchema)]
pub struct ConsultaDetail {
    pub(super) consulta: Consulta,
    pub(super) body: Body,
    pub(super) options: Vec<ConsultaOption>,
    /// The bases asked, fixed at launch.
    pub(super) bases_total: u64,
    pub(super) bases_answered: u64,
    pub(super) bases_late: u64,
    /// The bases' answers, newest first (at most 200).
    pub(super) answers: Vec<ConsultaAnswer>,
    /// The own votes of bodies between the launcher and its bases: shown beside their bases'
    /// roll-up, never counted in it.
    pub(super) intermediate: Vec<ConsultaAnswer>,
}

pub(super) fn detail_dto(v: &ConsultaView) -> ConsultaDetail {
    ConsultaDetail {
        consulta: consulta_dto(&v.consulta),
        body: Body::from(&v.launcher),
        options: v.options.iter().map(option_dto).collect(),
        bases_total: v.bases_total,
        bases_answered: v.bases_answered,
        bases_late: v.bases_late,
        answers: v.answers.iter().map(answer_dto).collect(),
        intermediate: v.intermediate.iter().map(answer_dto).collect(),
    }
}

/// A body's consultas.
#[derive(Serialize, ToSchema)]
pub struct ConsultaList {
    pub(super) body: Body,
    pub(super) consultas: Vec<Consulta>,
}

/// A motion or election put on an assembly's agenda by a consulta's step.
#[derive(Serialize, ToSchema)]
pub struct ConsultaMotion {
    pub(super) id: i64,
    #[schema(format = "uuid", example = "0192f0c1-7a3e-7c4d-9a51-3f0e6b2d8c11")]
    pub(super) public_id: String,
    pub(super) assembly_id: i64,
    /// Its number within the assembly.
    pub(super) number: i64,
    /// `motion` or `election`.
    pub(super) kind: &'static str,
    pub(super) title: String,
}

pub(super) fn motion_dto(m: &MotionRecord) -> ConsultaMotion {
    ConsultaMotion {
        id: m.id.0,
        public_id: m.public_id.to_string(),
        assembly_id: m.assembly_id.0,
        number: m.number,
        kind: m.kind.code(),
        title: m.title.clone(),
    }
}

// --- Requests --------------------------------------------------------------------------------

/// A consulta to launch over the bases below a body.
#[derive(Deserialize, ToSchema)]
pub struct NewConsulta {
    pub(super) question: String,
    #[serde(default)]
    pub(super) text: String,
    /// `yes_no`, `choice` or `nomination`.
    pub(super) kind: String,
    /// A choice's options (2 to 12); ignored for the other kinds.
    #[serde(default)]
    pub(super) options: Vec<String>,
    /// `yyyy-mm-dd` (or `dd/mm/yyyy`), today or later.
    pub(super) deadline: String,
    /// The kind of body that answers; left out: `sindicato`.
    #[serde(default)]
    pub(super) base_kind: String,
    /// `sum_of_votes` (left out), `one_voice_per_base` or `weighted_by_members`.
    #[serde(default)]
    pub(super) rule: String,
}

/// A later deadline.
#[derive(Deserialize, ToSchema)]
pub struct NewDeadline {
    /// `yyyy-mm-dd` (or `dd/mm/yyyy`), later than the present one.
    pub(super) deadline: String,
}

/// A consulta to put on an assembly's agenda.
#[derive(Deserialize, ToSchema)]
pub struct AgendaConsulta {
    /// The consulta's number or public id.
    pub(super) consulta_id: String,
    /// A nomination's election rule: `plurality` (left out) or `absolute_majority`.
    #[serde(default)]
    pub(super) rule: String,
    /// A nomination's candidates: persons entitled to attend the assembly.
    #[serde(default)]
    pub(super) candidates: Vec<i64>,
}

/// The leading names of a nomination, made the candidates of an election.
#[derive(Deserialize, ToSchema)]
pub struct NomineesElection {
    /// An assembly of the launching body, in session.
    pub(super) assembly_id: i64,
    pub(super) office_title: String,
    /// `yyyy-mm-dd`; left out: the statute's gestión.
    #[serde(default)]
    pub(super) term_end: Option<String>,
    /// `plurality` (left out) or `absolute_majority`.
    #[serde(default)]
    pub(super) rule: String,
    /// How many of the leading names (1 to 20; left out: 3).
    #[serde(default)]
    pub(super) count: Option<u64>,
}
