//! The consultas' part of the repository contract (a supertrait of [`crate::Repo`]): a consulta,
//! its options and the bases it asked (fixed at launch), the motions that answer it, and each
//! body's one answer with its votes per option. Results are never stored: they are added up from
//! the answers when read (`cabildo_domain::consulta::roll_up`).

use cabildo_domain::assembly::{AssemblyId, MotionId};
use cabildo_domain::consulta::{AggregationRule, BaseAnswer, ConsultaId, ConsultaKind, ConsultaOptionId};
use cabildo_domain::{BodyId, BodyKind, Date, PersonId, PublicId};

use crate::assembly::{DATETIME_FORMAT, DateTime};
use crate::conn::{Row, Value};
use crate::repo::SqlRepo;
use crate::{Result, StoreError};

pub mod results;

/// A consulta as launched.
#[derive(Debug, Clone, PartialEq)]
pub struct NewConsulta {
    pub body_id: BodyId,
    pub kind: ConsultaKind,
    pub rule: AggregationRule,
    pub base_kind: BodyKind,
    pub question: String,
    pub text: String,
    pub deadline: Date,
    pub launched_at: i64,
    pub launched_by: String,
}

/// A consulta as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsultaRecord {
    pub id: ConsultaId,
    pub public_id: PublicId,
    /// The body that asks.
    pub body_id: BodyId,
    pub kind: ConsultaKind,
    pub rule: AggregationRule,
    /// The kind of body that answers.
    pub base_kind: BodyKind,
    pub question: String,
    pub text: String,
    pub deadline: Date,
    pub launched_at: i64,
    pub launched_by: String,
    /// When the launcher closed it; `None` while answers are taken.
    pub closed_at: Option<i64>,
}

impl ConsultaRecord {
    pub fn is_open(&self) -> bool {
        self.closed_at.is_none()
    }
}

/// One option of a consulta (yes and no are options too; a nomination's are its nominees).
#[derive(Debug, Clone, PartialEq)]
pub struct ConsultaOptionRecord {
    pub id: ConsultaOptionId,
    pub consulta_id: ConsultaId,
    pub number: i64,
    pub label: String,
    /// A nomination's nominee.
    pub person_id: Option<PersonId>,
}

/// A body's answer, as its assembly's vote recorded it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewConsultaAnswer {
    pub consulta_id: ConsultaId,
    pub body_id: BodyId,
    pub motion_id: MotionId,
    pub adopted: Option<ConsultaOptionId>,
    pub members: u64,
    pub late: bool,
    pub answered_at: i64,
    pub votes: Vec<(ConsultaOptionId, u64)>,
}

/// A body's answer as stored, with the assembly that voted it.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsultaAnswerRecord {
    pub consulta_id: ConsultaId,
    pub body_id: BodyId,
    pub motion_id: MotionId,
    pub adopted: Option<ConsultaOptionId>,
    pub members: u64,
    pub late: bool,
    pub answered_at: i64,
    pub votes: Vec<(ConsultaOptionId, u64)>,
    pub assembly_id: AssemblyId,
    pub assembly_title: String,
    pub scheduled_for: DateTime,
}

impl ConsultaAnswerRecord {
    /// The answer as the roll-up counts it.
    pub fn base_answer(&self) -> BaseAnswer {
        BaseAnswer::new(self.body_id, self.adopted, self.votes.clone(), self.members, self.late)
    }
}

/// The consultas' part of the repository contract.
pub trait ConsultaRepo {
    fn insert_consulta(&mut self, consulta: &NewConsulta, public_id: PublicId) -> Result<ConsultaId>;
    fn consulta(&mut self, id: ConsultaId) -> Result<Option<ConsultaRecord>>;
    fn consulta_by_public_id(&mut self, public_id: PublicId) -> Result<Option<ConsultaRecord>>;
    /// The consultas launched by any of `bodies`, newest first (`open_only`: not closed).
    fn consultas_of(&mut self, bodies: &[BodyId], open_only: bool) -> Result<Vec<ConsultaRecord>>;
    fn insert_consulta_option(
        &mut self,
        consulta: ConsultaId,
        number: i64,
        label: &str,
        person: Option<PersonId>,
    ) -> Result<ConsultaOptionId>;
    /// The options, by number.
    fn consulta_options(&mut self, consulta: ConsultaId) -> Result<Vec<ConsultaOptionRecord>>;
    /// Fixes the bases of a consulta: every open body of `kind` below `root` (not `root` itself),
    /// in one statement. Returns how many.
    fn insert_consulta_bases(&mut self, consulta: ConsultaId, root: BodyId, kind: BodyKind) -> Result<u64>;
    fn consulta_bases(&mut self, consulta: ConsultaId) -> Result<Vec<BodyId>>;
    fn is_consulta_base(&mut self, consulta: ConsultaId, body: BodyId) -> Result<bool>;
    /// How many of the consulta's bases are `body` or below it.
    fn consulta_bases_within(&mut self, consulta: ConsultaId, body: BodyId) -> Result<u64>;
    fn insert_consulta_answer(&mut self, answer: &NewConsultaAnswer) -> Result<()>;
    fn consulta_answer(&mut self, consulta: ConsultaId, body: BodyId) -> Result<Option<ConsultaAnswerRecord>>;
    /// Every answer, in the order given.
    fn consulta_answers(&mut self, consulta: ConsultaId) -> Result<Vec<ConsultaAnswerRecord>>;
    fn set_consulta_deadline(&mut self, consulta: ConsultaId, deadline: Date) -> Result<()>;
    fn close_consulta(&mut self, consulta: ConsultaId, at: i64) -> Result<()>;
    /// Links a motion to the consulta it answers.
    fn set_motion_consulta(&mut self, motion: MotionId, consulta: ConsultaId) -> Result<()>;
    fn motion_consulta(&mut self, motion: MotionId) -> Result<Option<ConsultaId>>;
    /// A motion answering the consulta whose vote is open, in an assembly of `body` (of any body
    /// when `None`): its number and the assembly's title.
    fn consulta_vote_open(&mut self, consulta: ConsultaId, body: Option<BodyId>) -> Result<Option<(i64, String)>>;
    /// Current members (households and individual memberships) of a body and every body below it.
    fn members_within(&mut self, body: BodyId) -> Result<u64>;
}

const CONSULTA_SELECT: &str = "SELECT id, public_id, body_id, kind, rule, base_kind, question, text, deadline, \
     launched_at, launched_by, closed_at FROM consultas";

const ANSWER_SELECT: &str = "SELECT ca.consulta_id, ca.body_id, ca.motion_id, ca.adopted_id, ca.members, ca.late, \
     ca.answered_at, a.id, a.title, a.scheduled_for FROM consulta_answers ca \
     JOIN motions m ON m.id = ca.motion_id JOIN assemblies a ON a.id = m.assembly_id";

fn corrupt(column: &str, value: &str) -> StoreError {
    StoreError::corrupt(column, value)
}

fn parsed<T: std::str::FromStr>(column: &str, value: String) -> Result<T> {
    value.parse().map_err(|_| corrupt(column, &value))
}

fn count(column: &str, v: i64) -> Result<u64> {
    u64::try_from(v).map_err(|_| corrupt(column, &v.to_string()))
}

fn consulta_from_row(row: &dyn Row) -> Result<ConsultaRecord> {
    let deadline = row.text(8)?;
    Ok(ConsultaRecord {
        id: ConsultaId(row.i64(0)?),
        public_id: row.public_id(1)?,
        body_id: BodyId(row.i64(2)?),
        kind: parsed("consultas.kind", row.text(3)?)?,
        rule: parsed("consultas.rule", row.text(4)?)?,
        base_kind: parsed("consultas.base_kind", row.text(5)?)?,
        question: row.text(6)?,
        text: row.text(7)?,
        deadline: Date::parse_from_str(&deadline, "%Y-%m-%d").map_err(|_| corrupt("consultas.deadline", &deadline))?,
        launched_at: row.i64(9)?,
        launched_by: row.text(10)?,
        closed_at: row.opt_i64(11)?,
    })
}

fn answer_from_row(row: &dyn Row) -> Result<ConsultaAnswerRecord> {
    let when = row.text(9)?;
    let late = row.i64(5)?;
    Ok(ConsultaAnswerRecord {
        consulta_id: ConsultaId(row.i64(0)?),
        body_id: BodyId(row.i64(1)?),
        motion_id: MotionId(row.i64(2)?),
        adopted: row.opt_i64(3)?.map(ConsultaOptionId),
        members: count("consulta_answers.members", row.i64(4)?)?,
        late: match late {
            0 => false,
            1 => true,
            other => return Err(corrupt("consulta_answers.late", &other.to_string())),
        },
        answered_at: row.i64(6)?,
        votes: Vec::new(),
        assembly_id: AssemblyId(row.i64(7)?),
        assembly_title: row.text(8)?,
        scheduled_for: DateTime::parse_from_str(&when, DATETIME_FORMAT)
            .map_err(|_| corrupt("assemblies.scheduled_for", &when))?,
    })
}

impl SqlRepo<'_> {
    fn answer_votes(
        &mut self,
        consulta: ConsultaId,
        body: Option<BodyId>,
    ) -> Result<Vec<(BodyId, ConsultaOptionId, u64)>> {
        let (sql, params): (&str, Vec<Value<'_>>) = match body {
            Some(body) => (
                "SELECT body_id, option_id, votes FROM consulta_answer_votes WHERE consulta_id = $1 AND body_id = $2 \
                 ORDER BY option_id",
                vec![consulta.0.into(), body.0.into()],
            ),
            None => (
                "SELECT body_id, option_id, votes FROM consulta_answer_votes WHERE consulta_id = $1 \
                 ORDER BY body_id, option_id",
                vec![consulta.0.into()],
            ),
        };
        self.conn.query_vec(sql, &params, |row| {
            Ok((BodyId(row.i64(0)?), ConsultaOptionId(row.i64(1)?), count("consulta_answer_votes.votes", row.i64(2)?)?))
        })
    }
}

impl ConsultaRepo for SqlRepo<'_> {
    fn insert_consulta(&mut self, c: &NewConsulta, public_id: PublicId) -> Result<ConsultaId> {
        let deadline = c.deadline.format("%Y-%m-%d").to_string();
        let id = self.conn.insert_returning_id(
            "INSERT INTO consultas (public_id, body_id, kind, rule, base_kind, question, text, deadline, \
             launched_at, launched_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            &[
                public_id.into(),
                c.body_id.0.into(),
                c.kind.code().into(),
                c.rule.code().into(),
                c.base_kind.code().into(),
                c.question.as_str().into(),
                c.text.as_str().into(),
                deadline.as_str().into(),
                c.launched_at.into(),
                c.launched_by.as_str().into(),
            ],
        )?;
        Ok(ConsultaId(id))
    }

    fn consulta(&mut self, id: ConsultaId) -> Result<Option<ConsultaRecord>> {
        self.conn.query_opt(&format!("{CONSULTA_SELECT} WHERE id = $1"), &[id.0.into()], consulta_from_row)
    }

    fn consulta_by_public_id(&mut self, public_id: PublicId) -> Result<Option<ConsultaRecord>> {
        self.conn.query_opt(&format!("{CONSULTA_SELECT} WHERE public_id = $1"), &[public_id.into()], consulta_from_row)
    }

    fn consultas_of(&mut self, bodies: &[BodyId], open_only: bool) -> Result<Vec<ConsultaRecord>> {
        let mut out = Vec::new();
        let open = if open_only { " AND closed_at IS NULL" } else { "" };
        let sql = format!("{CONSULTA_SELECT} WHERE body_id = $1{open} ORDER BY launched_at DESC, id DESC");
        for body in bodies {
            out.extend(self.conn.query_vec(&sql, &[body.0.into()], consulta_from_row)?);
        }
        out.sort_by(|a, b| b.launched_at.cmp(&a.launched_at).then(b.id.cmp(&a.id)));
        Ok(out)
    }

    fn insert_consulta_option(
        &mut self,
        consulta: ConsultaId,
        number: i64,
        label: &str,
        person: Option<PersonId>,
    ) -> Result<ConsultaOptionId> {
        let id = self.conn.insert_returning_id(
            "INSERT INTO consulta_options (consulta_id, number, label, person_id) VALUES ($1, $2, $3, $4) \
             RETURNING id",
            &[consulta.0.into(), number.into(), label.into(), person.map(|p| p.0).into()],
        )?;
        Ok(ConsultaOptionId(id))
    }

    fn consulta_options(&mut self, consulta: ConsultaId) -> Result<Vec<ConsultaOptionRecord>> {
        self.conn.query_vec(
            "SELECT id, consulta_id, number, label, person_id FROM consulta_options WHERE consulta_id = $1 \
             ORDER BY number",
            &[consulta.0.into()],
            |row| {
                Ok(ConsultaOptionRecord {
                    id: ConsultaOptionId(row.i64(0)?),
                    consulta_id: ConsultaId(row.i64(1)?),
                    number: row.i64(2)?,
                    label: row.text(3)?,
                    person_id: row.opt_i64(4)?.map(PersonId),
                })
            },
        )
    }

    fn insert_consulta_bases(&mut self, consulta: ConsultaId, root: BodyId, kind: BodyKind) -> Result<u64> {
        self.conn.execute(
            "WITH RECURSIVE sub(id) AS (SELECT CAST($2 AS BIGINT) UNION ALL \
             SELECT b.id FROM bodies b JOIN sub ON b.parent_id = sub.id) \
             INSERT INTO consulta_bases (consulta_id, body_id) \
             SELECT CAST($1 AS BIGINT), b.id FROM bodies b JOIN sub ON sub.id = b.id \
             WHERE b.id <> $2 AND b.kind = $3 AND b.closed_on IS NULL",
            &[consulta.0.into(), root.0.into(), kind.code().into()],
        )
    }

    fn consulta_bases(&mut self, consulta: ConsultaId) -> Result<Vec<BodyId>> {
        self.conn.query_vec(
            "SELECT body_id FROM consulta_bases WHERE consulta_id = $1 ORDER BY body_id",
            &[consulta.0.into()],
            |row| Ok(BodyId(row.i64(0)?)),
        )
    }

    fn is_consulta_base(&mut self, consulta: ConsultaId, body: BodyId) -> Result<bool> {
        Ok(self
            .conn
            .query_opt(
                "SELECT body_id FROM consulta_bases WHERE consulta_id = $1 AND body_id = $2",
                &[consulta.0.into(), body.0.into()],
                |row| row.i64(0),
            )?
            .is_some())
    }

    fn consulta_bases_within(&mut self, consulta: ConsultaId, body: BodyId) -> Result<u64> {
        let n = self
            .conn
            .query_opt(
                "WITH RECURSIVE sub(id) AS (SELECT CAST($2 AS BIGINT) UNION ALL \
                 SELECT b.id FROM bodies b JOIN sub ON b.parent_id = sub.id) \
                 SELECT COUNT(*) FROM consulta_bases cb JOIN sub ON sub.id = cb.body_id WHERE cb.consulta_id = $1",
                &[consulta.0.into(), body.0.into()],
                |row| row.i64(0),
            )?
            .unwrap_or(0);
        count("consulta_bases", n)
    }

    fn insert_consulta_answer(&mut self, a: &NewConsultaAnswer) -> Result<()> {
        let members = i64::try_from(a.members).map_err(|_| StoreError::Internal("member count too large".into()))?;
        self.conn.execute(
            "INSERT INTO consulta_answers (consulta_id, body_id, motion_id, adopted_id, members, late, answered_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[
                a.consulta_id.0.into(),
                a.body_id.0.into(),
                a.motion_id.0.into(),
                a.adopted.map(|o| o.0).into(),
                members.into(),
                i64::from(a.late).into(),
                a.answered_at.into(),
            ],
        )?;
        for (option, votes) in &a.votes {
            let votes = i64::try_from(*votes).map_err(|_| StoreError::Internal("vote count too large".into()))?;
            self.conn.execute(
                "INSERT INTO consulta_answer_votes (consulta_id, body_id, option_id, votes) VALUES ($1, $2, $3, $4)",
                &[a.consulta_id.0.into(), a.body_id.0.into(), option.0.into(), votes.into()],
            )?;
        }
        Ok(())
    }

    fn consulta_answer(&mut self, consulta: ConsultaId, body: BodyId) -> Result<Option<ConsultaAnswerRecord>> {
        let found = self.conn.query_opt(
            &format!("{ANSWER_SELECT} WHERE ca.consulta_id = $1 AND ca.body_id = $2"),
            &[consulta.0.into(), body.0.into()],
            answer_from_row,
        )?;
        let Some(mut answer) = found else { return Ok(None) };
        answer.votes = self.answer_votes(consulta, Some(body))?.into_iter().map(|(_, o, n)| (o, n)).collect();
        Ok(Some(answer))
    }

    fn consulta_answers(&mut self, consulta: ConsultaId) -> Result<Vec<ConsultaAnswerRecord>> {
        let mut answers = self.conn.query_vec(
            &format!("{ANSWER_SELECT} WHERE ca.consulta_id = $1 ORDER BY ca.answered_at, ca.body_id"),
            &[consulta.0.into()],
            answer_from_row,
        )?;
        let votes = self.answer_votes(consulta, None)?;
        let mut by_body: std::collections::HashMap<BodyId, Vec<(ConsultaOptionId, u64)>> =
            std::collections::HashMap::new();
        for (body, option, n) in votes {
            by_body.entry(body).or_default().push((option, n));
        }
        for answer in &mut answers {
            answer.votes = by_body.remove(&answer.body_id).unwrap_or_default();
        }
        Ok(answers)
    }

    fn set_consulta_deadline(&mut self, consulta: ConsultaId, deadline: Date) -> Result<()> {
        let deadline = deadline.format("%Y-%m-%d").to_string();
        self.conn.update_one(
            "UPDATE consultas SET deadline = $2 WHERE id = $1",
            &[consulta.0.into(), deadline.as_str().into()],
        )
    }

    fn close_consulta(&mut self, consulta: ConsultaId, at: i64) -> Result<()> {
        self.conn.update_one("UPDATE consultas SET closed_at = $2 WHERE id = $1", &[consulta.0.into(), at.into()])
    }

    fn set_motion_consulta(&mut self, motion: MotionId, consulta: ConsultaId) -> Result<()> {
        self.conn.update_one("UPDATE motions SET consulta_id = $2 WHERE id = $1", &[motion.0.into(), consulta.0.into()])
    }

    fn motion_consulta(&mut self, motion: MotionId) -> Result<Option<ConsultaId>> {
        Ok(self
            .conn
            .query_opt("SELECT consulta_id FROM motions WHERE id = $1", &[motion.0.into()], |row| row.opt_i64(0))?
            .flatten()
            .map(ConsultaId))
    }

    fn consulta_vote_open(&mut self, consulta: ConsultaId, body: Option<BodyId>) -> Result<Option<(i64, String)>> {
        self.conn.query_opt(
            "SELECT m.number, a.title FROM motions m JOIN assemblies a ON a.id = m.assembly_id \
             WHERE m.consulta_id = $1 AND (CAST($2 AS BIGINT) IS NULL OR a.body_id = CAST($2 AS BIGINT)) AND m.status = 'voting' ORDER BY m.id",
            &[consulta.0.into(), body.map(|b| b.0).into()],
            |row| Ok((row.i64(0)?, row.text(1)?)),
        )
    }

    fn members_within(&mut self, body: BodyId) -> Result<u64> {
        let n = self
            .conn
            .query_opt(
                "WITH RECURSIVE sub(id) AS (SELECT CAST($1 AS BIGINT) UNION ALL \
                 SELECT b.id FROM bodies b JOIN sub ON b.parent_id = sub.id) \
                 SELECT (SELECT COUNT(*) FROM households h JOIN sub ON sub.id = h.body_id WHERE h.ended_on IS NULL) \
                 + (SELECT COUNT(*) FROM memberships m JOIN sub ON sub.id = m.body_id WHERE m.until IS NULL)",
                &[body.0.into()],
                |row| row.i64(0),
            )?
            .unwrap_or(0);
        count("members", n)
    }
}
