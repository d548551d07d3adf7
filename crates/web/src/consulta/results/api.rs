//! A consulta's results in JSON: every body of the consulted subtree that has bases below it,
//! with its parent, its tally and its counts.

use axum::Json;
use axum::response::{IntoResponse, Response};
use cabildo_services::consulta::results::{self, AllResults, AnswerRow};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::consulta::dto::UnknownConsulta;
use crate::http::dto::Body;
use crate::http::responses::{MayNotSeeBody, SignInRequired, UnknownBody};
use crate::http::{Api, Path, Query, WebError};

/// The consulta the results are of.
#[derive(Serialize, ToSchema)]
pub struct ResultConsulta {
    id: i64,
    #[schema(format = "uuid")]
    public_id: String,
    question: String,
    /// `yes_no`, `choice` or `nomination`.
    kind: &'static str,
    /// How answers add up: `sum_of_votes`, `one_voice_per_base` or `weighted_by_members`.
    rule: &'static str,
    #[schema(format = Date)]
    deadline: String,
    /// Whether the deadline has passed (answers still count, marked late).
    past_deadline: bool,
    /// The body that asked.
    body: Body,
}

/// An option of the consulta.
#[derive(Serialize, ToSchema)]
pub struct ResultOption {
    id: i64,
    number: i64,
    label: String,
}

/// The weight of one option at one level under the consulta's rule: votes, bases or members.
#[derive(Serialize, ToSchema)]
pub struct ResultWeight {
    option_id: i64,
    weight: u64,
}

/// The votes for one option in an answering assembly.
#[derive(Serialize, ToSchema)]
pub struct ResultVotes {
    option_id: i64,
    votes: u64,
}

/// A body's answer: a base's, or an intermediate body's own vote.
#[derive(Serialize, ToSchema)]
pub struct ResultAnswer {
    /// The option its assembly adopted; `null` when it adopted none (a tie).
    #[schema(required = true)]
    adopted_option_id: Option<i64>,
    votes: Vec<ResultVotes>,
    /// The body's member count when it answered.
    members: u64,
    /// Answered after the deadline.
    late: bool,
    /// Unix seconds.
    answered_at: i64,
    /// The motion of the assembly that answered.
    motion_id: i64,
}

/// The result at one body of the consulted subtree.
#[derive(Serialize, ToSchema)]
pub struct ResultLevel {
    body: Body,
    /// The parent within the consulted subtree; `null` for the body that asked.
    #[schema(required = true)]
    parent_id: Option<i64>,
    #[schema(format = "uuid", required = true)]
    parent_public_id: Option<String>,
    /// Whether the body is itself one of the bases asked.
    is_base: bool,
    bases_total: u64,
    bases_answered: u64,
    /// Of those answered, how many after the deadline.
    bases_late: u64,
    /// Bases below (or this base) that have not answered.
    bases_missing: u64,
    /// Members of all its bases: answered ones as they answered, the others as the register says now.
    members_total: u64,
    /// Members of the bases that answered, as they answered.
    members_represented: u64,
    /// Every option with its weight under the rule, zeros included.
    tally: Vec<ResultWeight>,
    /// The option with the most weight, if exactly one has the most.
    #[schema(required = true)]
    leading_option_id: Option<i64>,
    /// Whether the missing bases could no longer change the leading option.
    decided: bool,
    /// The base's answer (`null` for a body that is not a base, or a base that has not answered).
    #[schema(required = true)]
    answer: Option<ResultAnswer>,
    /// The body's own vote when it is not a base: shown beside its roll-up, never counted in it.
    #[schema(required = true)]
    own_vote: Option<ResultAnswer>,
}

/// A consulta's results at every level.
#[derive(Serialize, ToSchema)]
pub struct ConsultaResults {
    consulta: ResultConsulta,
    options: Vec<ResultOption>,
    /// Parent before child, in tree order; the first is the body that asked.
    levels: Vec<ResultLevel>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct ResultsParams {
    /// Only the part of the subtree under this body (its number or code), itself included.
    #[serde(default)]
    below: Option<String>,
}

fn answer(a: &AnswerRow) -> ResultAnswer {
    ResultAnswer {
        adopted_option_id: a.adopted.map(|o| o.0),
        votes: a.votes.iter().map(|(o, v)| ResultVotes { option_id: o.0, votes: *v }).collect(),
        members: a.members,
        late: a.late,
        answered_at: a.answered_at,
        motion_id: a.motion_id,
    }
}

fn document(all: &AllResults) -> ConsultaResults {
    let c = &all.consulta;
    ConsultaResults {
        consulta: ResultConsulta {
            id: c.id.0,
            public_id: c.public_id.to_string(),
            question: c.question.clone(),
            kind: c.kind.code(),
            rule: c.rule.code(),
            deadline: c.deadline.to_string(),
            past_deadline: all.past_deadline,
            body: Body::from(&all.launcher),
        },
        options: all
            .options
            .iter()
            .map(|o| ResultOption { id: o.id.0, number: o.number, label: o.label.clone() })
            .collect(),
        levels: all
            .lines
            .iter()
            .map(|line| {
                let l = &line.level;
                ResultLevel {
                    body: Body::from(&line.body),
                    parent_id: line.parent.as_ref().map(|p| p.id.0),
                    parent_public_id: line.parent.as_ref().map(|p| p.public_id.to_string()),
                    is_base: line.is_base,
                    bases_total: l.bases_total,
                    bases_answered: l.bases_answered,
                    bases_late: l.bases_late,
                    bases_missing: u64::try_from(l.missing.len()).unwrap_or(u64::MAX),
                    members_total: l.members_total,
                    members_represented: l.members_represented,
                    tally: l.tally.iter().map(|(o, w)| ResultWeight { option_id: o.0, weight: *w }).collect(),
                    leading_option_id: l.leading.map(|o| o.0),
                    decided: l.decided,
                    answer: line.answer.as_ref().map(answer),
                    own_vote: line.own_vote.as_ref().map(answer),
                }
            })
            .collect(),
    }
}

/// A consulta's results
///
/// Every body of the consulted subtree that has bases below it (or is one), parent before child,
/// with its parent, its tally under the consulta's rule, its counts and whether it is decided
/// there; a base's own answer and an intermediate body's own vote (never counted in the roll-up).
/// Computed from the recorded answers. Any account whose roles reach a body of the consulted
/// subtree, or the body that asked, may read it: it names no person.
#[utoipa::path(
    get,
    path = "/api/v1/consultas/{id}/results",
    operation_id = "consulta_results",
    tag = "consultas",
    params(("id" = i64, Path, description = "The consulta's number."), ResultsParams),
    responses(
        (status = 200, description = "The results at every level.", body = ConsultaResults),
        SignInRequired,
        MayNotSeeBody,
        UnknownConsulta,
        UnknownBody,
    ),
)]
pub(super) async fn results(
    api: Api,
    Path(id): Path<i64>,
    Query(params): Query<ResultsParams>,
) -> Result<Response, WebError> {
    let below = params.below.filter(|b| !b.trim().is_empty());
    let all = api.run(move |store, ctx| results::all_levels(store, ctx, id, below.as_deref())).await?;
    Ok(Json(document(&all)).into_response())
}
