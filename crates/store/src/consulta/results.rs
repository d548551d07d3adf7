//! What a consulta's results are computed from, read in a handful of statements whatever the
//! number of bases: the consulta, its options, the bases asked, and every answer with its votes.
//! Nothing here adds anything up: the services hand these rows to `domain::consulta::roll_up`.
//! Every statement reads by the consulta's key (the tables' primary keys start with it), so the
//! cost grows with the consulta's own rows, never with the register.

use std::collections::HashMap;

use cabildo_domain::consulta::{AggregationRule, BaseAnswer, ConsultaId, ConsultaKind, ConsultaOptionId};
use cabildo_domain::{BodyId, Date, PublicId};

use crate::Backend;
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

impl AnswerRow {
    /// The answer as the roll-up counts it.
    pub fn base_answer(&self) -> BaseAnswer {
        BaseAnswer::new(self.body_id, self.adopted, self.votes.clone(), self.members, self.late)
    }
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

    /// **For the benchmark only** (`cabildo bench --consulta`), on an empty database: writes a
    /// tree of bodies, its members, a consulta with answers (1) and one without (2) straight with
    /// SQL, set-based, bypassing every use-case (no permission, no audit line). Returns the first.
    fn bench_generate_consulta(&mut self, spec: &BenchConsulta) -> Result<ConsultaId>;

    /// **For the benchmark only**: records one base's answer (an assembly, its motion, the answer
    /// and its votes) as the answer flow will, without its checks.
    fn bench_answer(&mut self, answer: &BenchAnswer) -> Result<()>;
}

/// The shape of the benchmark's consulta: a national confederation (id 1) of departmental
/// federations (`D1`…), each of regional federations (`F1`…), each of centrales (`C1`…), each of
/// sindicatos (`S1`…), every sindicato a base with the same number of members.
#[derive(Debug, Clone)]
pub struct BenchConsulta {
    pub departamentales: u64,
    pub federations_per_departamental: u64,
    pub centrales_per_federation: u64,
    pub sindicatos_per_central: u64,
    pub members_per_sindicato: u64,
    pub rule: AggregationRule,
    /// The first this many sindicatos (in id order) have answered; one in `late_every` late.
    pub answered: u64,
    pub late_every: u64,
}

/// One answer written by [`ConsultaResultsRepo::bench_answer`].
#[derive(Debug, Clone)]
pub struct BenchAnswer {
    pub consulta: ConsultaId,
    pub body: BodyId,
    pub adopted: Option<ConsultaOptionId>,
    pub votes: Vec<(ConsultaOptionId, u64)>,
    pub members: u64,
    pub late: bool,
    pub at: i64,
    pub assembly_public_id: PublicId,
    pub motion_public_id: PublicId,
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

/// The first sindicato's id in the benchmark's tree (departmental federations from 10, regional
/// ones from 100, centrales from 1,000).
pub const BENCH_FIRST_SINDICATO: i64 = 100_000;

/// A valid UUIDv7 made by SQL from a table tag and a row number (benchmark rows only).
fn bench_uuid(backend: Backend, tag: u32, n: &str) -> String {
    match backend {
        Backend::Sqlite => format!("unhex(printf('0192f0c17a3e7%03x8000%012x', {tag}, {n}))"),
        Backend::Postgres => format!(
            "CAST('0192f0c17a3e7' || lpad(to_hex({tag}), 3, '0') || '8000' || lpad(to_hex({n}), 12, '0') AS uuid)"
        ),
    }
}

/// The numbers 1 to `n` as `seq(n)`.
fn series(n: u64) -> String {
    format!("WITH RECURSIVE seq(n) AS (SELECT CAST(1 AS BIGINT) UNION ALL SELECT n + 1 FROM seq WHERE n < {n})")
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
                votes
                    .entry(BodyId(row.i64(0)?))
                    .or_default()
                    .push((ConsultaOptionId(row.i64(1)?), non_negative("consulta_answer_votes.votes", row.i64(2)?)?));
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

    fn bench_generate_consulta(&mut self, spec: &BenchConsulta) -> Result<ConsultaId> {
        let backend = self.conn.backend();
        let existing = self.conn.query_opt("SELECT COUNT(*) FROM bodies", &[], |row| row.i64(0))?.unwrap_or(0);
        if existing > 0 {
            return Err(StoreError::Conflict("the consulta benchmark needs an empty database".into()));
        }
        let date = match backend {
            Backend::Sqlite => "'2026-01-01'",
            Backend::Postgres => "CAST('2026-01-01' AS DATE)",
        };
        let departamentales = spec.departamentales;
        let federations = departamentales * spec.federations_per_departamental;
        let centrales = federations * spec.centrales_per_federation;
        let sindicatos = centrales * spec.sindicatos_per_central;
        let members = sindicatos * spec.members_per_sindicato;
        let first = BENCH_FIRST_SINDICATO;
        let mut sql = format!(
            "INSERT INTO bodies (id, parent_id, kind, composition, name, code, created_on, published, public_id) \
             VALUES (1, NULL, 'confederacion', 'delegates', 'Confederación del Trópico', 'BENCH', {date}, 0, {});",
            bench_uuid(backend, 1, "1")
        );
        // Each level's ids from an offset, and its parent by division.
        let levels = [
            ("federacion", "delegates", "Federación departamental", "D", 10, departamentales, "1".to_string()),
            (
                "federacion",
                "delegates",
                "Federación",
                "F",
                100,
                federations,
                format!("10 + (n - 1) / {} + 1", spec.federations_per_departamental),
            ),
            (
                "central",
                "delegates",
                "Central",
                "C",
                1000,
                centrales,
                format!("100 + (n - 1) / {} + 1", spec.centrales_per_federation),
            ),
            (
                "sindicato",
                "households",
                "Sindicato",
                "S",
                first,
                sindicatos,
                format!("1000 + (n - 1) / {} + 1", spec.sindicatos_per_central),
            ),
        ];
        for (kind, composition, name, code, offset, count, parent) in levels {
            sql.push_str(&format!(
                "{} INSERT INTO bodies (id, parent_id, kind, composition, name, code, created_on, published, public_id) \
                 SELECT {offset} + n, {parent}, '{kind}', '{composition}', '{name} ' || CAST(n AS TEXT), \
                 '{code}' || CAST(n AS TEXT), {date}, 0, {} FROM seq;",
                series(count),
                bench_uuid(backend, 1, &format!("{offset} + n"))
            ));
        }
        sql.push_str(&format!(
            "{} INSERT INTO persons (id, given_names, first_surname, second_surname, search_key, public_id) \
             SELECT n, 'Afiliado', 'Bench', NULL, 'afiliado bench', {} FROM seq;",
            series(members),
            bench_uuid(backend, 2, "n")
        ));
        sql.push_str(&format!(
            "{} INSERT INTO households (id, body_id, person_id, register_number, public_id) \
             SELECT n, {first} + (n - 1) / {} + 1, n, CAST(n AS TEXT), {} FROM seq;",
            series(members),
            spec.members_per_sindicato,
            bench_uuid(backend, 3, "n")
        ));
        sql.push_str(&format!(
            "INSERT INTO consultas (id, public_id, body_id, kind, rule, base_kind, question, text, deadline, \
             launched_at, launched_by) VALUES (1, {}, 1, 'yes_no', '{}', 'sindicato', \
             '¿Aceptamos la ley?', 'Consulta de la confederación a todos sus sindicatos.', '2026-12-31', 1795000000, 'bench');\
             INSERT INTO consulta_options (id, consulta_id, number, label) VALUES (1, 1, 1, 'yes');\
             INSERT INTO consulta_options (id, consulta_id, number, label) VALUES (2, 1, 2, 'no');\
             INSERT INTO consulta_bases (consulta_id, body_id) SELECT 1, id FROM bodies WHERE kind = 'sindicato';\
             INSERT INTO consultas (id, public_id, body_id, kind, rule, base_kind, question, text, deadline, \
             launched_at, launched_by) VALUES (2, {}, 1, 'yes_no', 'one_voice_per_base', 'sindicato', \
             '¿Marchamos?', 'Consulta sin respuestas todavía (la del banco de carga).', '2026-12-31', 1795000000, 'bench');\
             INSERT INTO consulta_options (id, consulta_id, number, label) VALUES (3, 2, 1, 'yes');\
             INSERT INTO consulta_options (id, consulta_id, number, label) VALUES (4, 2, 2, 'no');\
             INSERT INTO consulta_bases (consulta_id, body_id) SELECT 2, id FROM bodies WHERE kind = 'sindicato';",
            bench_uuid(backend, 4, "1"),
            spec.rule.code(),
            bench_uuid(backend, 4, "2"),
        ));
        let answered = spec.answered.min(sindicatos);
        if answered > 0 {
            let late_every = spec.late_every.max(1);
            sql.push_str(&format!(
                "{s} INSERT INTO assemblies (id, public_id, body_id, kind, title, scheduled_for, place, status, convened_at, closed_at) \
                 SELECT n, {}, {first} + n, 'ordinaria', 'Asamblea ordinaria', '2026-12-01T09:00', 'Sede', 'closed', 1795000000, 1795010000 FROM seq;\
                 {s} INSERT INTO motions (id, public_id, assembly_id, number, kind, title, text, proposer, status, method, outcome, consulta_id) \
                 SELECT n, {}, n, 1, 'motion', 'Consulta de la confederación', 'Respuesta a la consulta', 'Directiva', 'decided', 'hands', 'adopted', 1 FROM seq;\
                 {s} INSERT INTO consulta_answers (consulta_id, body_id, motion_id, adopted_id, members, late, answered_at) \
                 SELECT 1, {first} + n, n, CASE WHEN n % 3 = 0 THEN 2 ELSE 1 END, {per}, CASE WHEN n % {late_every} = 0 THEN 1 ELSE 0 END, 1795010000 FROM seq;\
                 {s} INSERT INTO consulta_answer_votes (consulta_id, body_id, option_id, votes) \
                 SELECT 1, {first} + n, 1, CASE WHEN n % 3 = 0 THEN 20 + n % 20 ELSE 50 + n % 30 END FROM seq;\
                 {s} INSERT INTO consulta_answer_votes (consulta_id, body_id, option_id, votes) \
                 SELECT 1, {first} + n, 2, CASE WHEN n % 3 = 0 THEN 60 + n % 20 ELSE 10 + n % 30 END FROM seq;",
                bench_uuid(backend, 5, "n"),
                bench_uuid(backend, 6, "n"),
                s = series(answered),
                per = spec.members_per_sindicato,
            ));
        }
        if backend == Backend::Postgres {
            // Rows written with their ids: the identity sequences must start after them.
            for table in ["bodies", "persons", "households", "assemblies", "motions", "consultas", "consulta_options"] {
                sql.push_str(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false);"
                ));
            }
            sql.push_str("ANALYZE;");
        }
        self.conn.execute_batch(&sql)?;
        Ok(ConsultaId(1))
    }

    fn bench_answer(&mut self, answer: &BenchAnswer) -> Result<()> {
        let assembly = self.conn.insert_returning_id(
            "INSERT INTO assemblies (public_id, body_id, kind, title, scheduled_for, place, status, convened_at, closed_at) \
             VALUES ($1, $2, 'ordinaria', 'Asamblea ordinaria', '2026-12-01T09:00', 'Sede', 'closed', $3, $3) RETURNING id",
            &[answer.assembly_public_id.into(), answer.body.0.into(), answer.at.into()],
        )?;
        let motion = self.conn.insert_returning_id(
            "INSERT INTO motions (public_id, assembly_id, number, kind, title, text, proposer, status, method, outcome, consulta_id) \
             VALUES ($1, $2, 1, 'motion', 'Consulta', 'Respuesta a la consulta', 'Directiva', 'decided', 'hands', 'adopted', $3) \
             RETURNING id",
            &[answer.motion_public_id.into(), assembly.into(), answer.consulta.0.into()],
        )?;
        let members = i64::try_from(answer.members).unwrap_or(i64::MAX);
        self.conn.execute(
            "INSERT INTO consulta_answers (consulta_id, body_id, motion_id, adopted_id, members, late, answered_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[
                answer.consulta.0.into(),
                answer.body.0.into(),
                motion.into(),
                answer.adopted.map(|o| o.0).into(),
                members.into(),
                i64::from(answer.late).into(),
                answer.at.into(),
            ],
        )?;
        for (option, votes) in &answer.votes {
            self.conn.execute(
                "INSERT INTO consulta_answer_votes (consulta_id, body_id, option_id, votes) VALUES ($1, $2, $3, $4)",
                &[
                    answer.consulta.0.into(),
                    answer.body.0.into(),
                    option.0.into(),
                    i64::try_from(*votes).unwrap_or(i64::MAX).into(),
                ],
            )?;
        }
        Ok(())
    }
}
