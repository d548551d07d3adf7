//! What a consulta's results are computed from, read in a handful of statements whatever the
//! number of bases: the consulta, its options, the bases asked, and every answer with its votes.
//! Nothing here adds anything up: the services hand these rows to `domain::consulta::roll_up`.
//! Every statement reads by the consulta's key (the tables' primary keys start with it), so the
//! cost grows with the consulta's own rows, never with the register.

use std::collections::HashMap;

use cabildo_domain::consulta::{AggregationRule, ConsultaId, ConsultaKind, ConsultaOptionId};
use cabildo_domain::{BodyId, Date, PublicId};

use crate::conn::Row;
use crate::repo::SqlRepo;
use crate::{Result, StoreError};

/// A consulta as launched.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsultaHeader {
    pub id: ConsultaId,
    pub public_id: PublicId,
    /// The body that asks.
    pub body_id: BodyId,
    pub kind: ConsultaKind,
    pub rule: AggregationRule,
    /// The kind of body that answers (`sindicato` unless chosen otherwise).
    pub base_kind: String,
    pub question: String,
    pub text: String,
    pub deadline: Date,
    pub launched_at: i64,
}

/// One option of a consulta.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsultaOptionRow {
    pub id: ConsultaOptionId,
    pub number: i64,
    pub label: String,
}

/// A body's recorded answer: a base's, or an intermediate body's own vote.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerRow {
    pub body_id: BodyId,
    pub motion_id: i64,
    pub adopted: Option<ConsultaOptionId>,
    /// The body's member count when it answered.
    pub members: u64,
    pub late: bool,
    pub answered_at: i64,
    /// Votes per option in the answering assembly, in option order.
    pub votes: Vec<(ConsultaOptionId, u64)>,
}

/// Everything a consulta's results are computed from.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultsRows {
    pub consulta: ConsultaHeader,
    /// In the order of their numbers.
    pub options: Vec<ConsultaOptionRow>,
    /// The bodies asked, fixed at launch, by id.
    pub bases: Vec<BodyId>,
    /// Every answer recorded, bases and others alike, by body id.
    pub answers: Vec<AnswerRow>,
}

/// The results' reads in the store contract.
pub trait ConsultaResultsRepo {
    /// The consulta and every row its results are computed from; `None` when there is no such
    /// consulta. Four statements plus one for the votes, whatever the number of bases.
    fn consulta_results_rows(&mut self, consulta: ConsultaId) -> Result<Option<ResultsRows>>;
}

fn non_negative(column: &str, value: i64) -> Result<u64> {
    u64::try_from(value).map_err(|_| StoreError::corrupt(column, &value.to_string()))
}

fn header(row: &dyn Row) -> Result<ConsultaHeader> {
    let kind = row.text(3)?;
    let rule = row.text(4)?;
    let deadline = row.text(8)?;
    Ok(ConsultaHeader {
        id: ConsultaId(row.i64(0)?),
        public_id: row.public_id(1)?,
        body_id: BodyId(row.i64(2)?),
        kind: kind.parse().map_err(|_| StoreError::corrupt("consultas.kind", &kind))?,
        rule: rule.parse().map_err(|_| StoreError::corrupt("consultas.rule", &rule))?,
        base_kind: row.text(5)?,
        question: row.text(6)?,
        text: row.text(7)?,
        deadline: Date::parse_from_str(&deadline, "%Y-%m-%d")
            .map_err(|_| StoreError::corrupt("consultas.deadline", &deadline))?,
        launched_at: row.i64(9)?,
    })
}

impl ConsultaResultsRepo for SqlRepo<'_> {
    fn consulta_results_rows(&mut self, consulta: ConsultaId) -> Result<Option<ResultsRows>> {
        let Some(header) = self.conn.query_opt(
            "SELECT id, public_id, body_id, kind, rule, base_kind, question, text, deadline, launched_at \
             FROM consultas WHERE id = $1",
            &[consulta.0.into()],
            header,
        )?
        else {
            return Ok(None);
        };
        let options = self.conn.query_vec(
            "SELECT id, number, label FROM consulta_options WHERE consulta_id = $1 ORDER BY number",
            &[consulta.0.into()],
            |row| Ok(ConsultaOptionRow { id: ConsultaOptionId(row.i64(0)?), number: row.i64(1)?, label: row.text(2)? }),
        )?;
        let bases = self.conn.query_vec(
            "SELECT body_id FROM consulta_bases WHERE consulta_id = $1 ORDER BY body_id",
            &[consulta.0.into()],
            |row| Ok(BodyId(row.i64(0)?)),
        )?;
        let mut answers = self.conn.query_vec(
            "SELECT body_id, motion_id, adopted_id, members, late, answered_at \
             FROM consulta_answers WHERE consulta_id = $1 ORDER BY body_id",
            &[consulta.0.into()],
            |row| {
                Ok(AnswerRow {
                    body_id: BodyId(row.i64(0)?),
                    motion_id: row.i64(1)?,
                    adopted: row.opt_i64(2)?.map(ConsultaOptionId),
                    members: non_negative("consulta_answers.members", row.i64(3)?)?,
                    late: match row.i64(4)? {
                        0 => false,
                        1 => true,
                        other => return Err(StoreError::corrupt("consulta_answers.late", &other.to_string())),
                    },
                    answered_at: row.i64(5)?,
                    votes: Vec::new(),
                })
            },
        )?;
        let mut votes: HashMap<BodyId, Vec<(ConsultaOptionId, u64)>> = HashMap::with_capacity(answers.len());
        self.conn.query(
            "SELECT body_id, option_id, votes FROM consulta_answer_votes WHERE consulta_id = $1 \
             ORDER BY body_id, option_id",
            &[consulta.0.into()],
            &mut |row| {
                votes.entry(BodyId(row.i64(0)?)).or_default().push((
                    ConsultaOptionId(row.i64(1)?),
                    non_negative("consulta_answer_votes.votes", row.i64(2)?)?,
                ));
                Ok(())
            },
        )?;
        for answer in &mut answers {
            if let Some(v) = votes.remove(&answer.body_id) {
                answer.votes = v;
            }
        }
        Ok(Some(ResultsRows { consulta: header, options, bases, answers }))
    }
}
