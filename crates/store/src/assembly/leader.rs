//! What the afiliado and the leaders read across assemblies (a supertrait of [`crate::Repo`]):
//! a body's resolutions with their assembly, vote and acta; a sub-tree's activity added up per
//! body in a few aggregate statements (never one per body); a family's assemblies, attendance
//! and fines.

use std::collections::HashMap;

use cabildo_domain::assembly::{AssemblyId, AssemblyKind, AssemblyStatus, AttendanceStatus, MotionId, Outcome};
use cabildo_domain::{BodyId, HouseholdId, PersonId};

use super::{ActaStatus, DATETIME_FORMAT, DateTime, ResolutionRecord, corrupt, count, parsed};
use crate::Result;
use crate::conn::{Row, Value};
use crate::repo::SqlRepo;

/// The bodies of a sub-tree, as a recursive common table expression over `bodies` (both
/// dialects): `sub(id)`, rooted at the statement's first parameter.
const SUBTREE: &str = "WITH RECURSIVE sub(id) AS (SELECT CAST($1 AS BIGINT) UNION ALL \
     SELECT b.id FROM bodies b JOIN sub ON b.parent_id = sub.id)";

/// A resolution as a list shows it: with the assembly that adopted it, the vote, and whether
/// that assembly's acta is sealed.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolutionLine {
    pub resolution: ResolutionRecord,
    /// The assembly whose motion became this resolution (none for one recorded without a motion).
    pub assembly: Option<AssemblyRef>,
    /// The acta of that assembly: `None` when it has none yet.
    pub acta: Option<ActaStatus>,
    pub outcome: Option<Outcome>,
    /// The final tally per option (`for`, `against`, `abstain`).
    pub counts: Vec<(String, u64)>,
}

/// An assembly named in a list.
#[derive(Debug, Clone, PartialEq)]
pub struct AssemblyRef {
    pub id: AssemblyId,
    pub body_id: BodyId,
    pub kind: AssemblyKind,
    pub title: String,
    pub scheduled_for: DateTime,
    pub status: AssemblyStatus,
    pub closed_at: Option<i64>,
}

/// One body's activity, as recorded (not rolled up: the services add bodies up the tree).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BodyActivity {
    /// Closed assemblies scheduled on or after the "recent" moment asked for.
    pub held_recently: u64,
    /// Closed assemblies, ever.
    pub held: u64,
    /// When the last closed assembly was scheduled.
    pub last_held: Option<DateTime>,
    pub actas_sealed: u64,
    /// Closed assemblies whose acta is not sealed.
    pub actas_pending: u64,
    /// Of those, the ones that closed before the "overdue" moment asked for.
    pub actas_overdue: u64,
    pub resolutions: u64,
    pub fines: u64,
    /// Centavos.
    pub fines_amount: i64,
    /// The last audit line about the body (Unix seconds).
    pub last_activity: Option<i64>,
}

/// An assembly of a family's body, with the family's record in it.
#[derive(Debug, Clone, PartialEq)]
pub struct FamilyAssembly {
    pub assembly: AssemblyRef,
    /// How the family was recorded; `None`: not checked in (absent, if entitled and closed).
    pub attendance: Option<AttendanceStatus>,
    /// The fine written for the family at this assembly (centavos).
    pub fine: Option<i64>,
    pub acta: Option<ActaStatus>,
}

/// The leader's and the afiliado's reads in the store contract.
pub trait LeaderRepo {
    /// Resolutions of `root` (and, with `below`, of every body under it), newest first.
    fn resolution_lines(&mut self, root: BodyId, below: bool, offset: u64, limit: u64) -> Result<Vec<ResolutionLine>>;
    /// Resolutions adopted at any of these assemblies, newest first.
    fn resolutions_of_assemblies(&mut self, assemblies: &[AssemblyId]) -> Result<Vec<ResolutionLine>>;
    /// Every body of the sub-tree under `root` (itself included) that has any activity, with it.
    /// `recent_since` bounds "held recently" (a meeting's local date and time); `overdue_before`
    /// (Unix seconds) makes a pending acta overdue when its assembly closed before it.
    fn subtree_activity(
        &mut self,
        root: BodyId,
        recent_since: DateTime,
        overdue_before: i64,
    ) -> Result<HashMap<BodyId, BodyActivity>>;
    /// The status of each acta of a body's assemblies, by assembly.
    fn acta_statuses(&mut self, body: BodyId) -> Result<HashMap<AssemblyId, ActaStatus>>;
    /// The assembly an acta (by its number) records.
    fn acta_assembly(&mut self, acta: i64) -> Result<Option<AssemblyId>>;
    /// The households a person represents (current and past), newest first.
    fn households_of_person(&mut self, person: PersonId) -> Result<Vec<HouseholdId>>;
    /// The opened or closed assemblies of `body`, newest first, with what was recorded of the
    /// household (or of the person, checked in by name) at each.
    fn family_assemblies(
        &mut self,
        body: BodyId,
        household: HouseholdId,
        person: PersonId,
        limit: u64,
    ) -> Result<Vec<FamilyAssembly>>;
}

fn n(v: u64) -> Value<'static> {
    Value::I64(i64::try_from(v).unwrap_or(i64::MAX))
}

fn acta_status(value: Option<String>) -> Result<Option<ActaStatus>> {
    match value.as_deref() {
        None => Ok(None),
        Some("draft") => Ok(Some(ActaStatus::Draft)),
        Some("sealed") => Ok(Some(ActaStatus::Sealed)),
        Some(other) => Err(corrupt("actas.status", other)),
    }
}

fn when(column: &str, text: &str) -> Result<DateTime> {
    DateTime::parse_from_str(text, DATETIME_FORMAT).map_err(|_| corrupt(column, text))
}

/// The columns of an assembly reference, from `a` (7 columns).
const ASSEMBLY_REF: &str = "a.id, a.body_id, a.kind, a.title, a.scheduled_for, a.status, a.closed_at";

fn assembly_ref_at(row: &dyn Row, i: usize) -> Result<Option<AssemblyRef>> {
    let Some(id) = row.opt_i64(i)? else { return Ok(None) };
    Ok(Some(AssemblyRef {
        id: AssemblyId(id),
        body_id: BodyId(row.i64(i + 1)?),
        kind: parsed("assemblies.kind", row.text(i + 2)?)?,
        title: row.text(i + 3)?,
        scheduled_for: when("assemblies.scheduled_for", &row.text(i + 4)?)?,
        status: parsed("assemblies.status", row.text(i + 5)?)?,
        closed_at: row.opt_i64(i + 6)?,
    }))
}

const LINE_SELECT: &str = "SELECT r.id, r.body_id, r.year, r.number, r.motion_id, r.title, r.text, r.adopted_on, \
     r.public_id, t.status, m.outcome, a.id, a.body_id, a.kind, a.title, a.scheduled_for, a.status, a.closed_at \
     FROM resolutions r LEFT JOIN motions m ON m.id = r.motion_id \
     LEFT JOIN assemblies a ON a.id = m.assembly_id LEFT JOIN actas t ON t.assembly_id = a.id";

fn line_from_row(row: &dyn Row) -> Result<ResolutionLine> {
    let year = row.i64(2)?;
    let outcome = row.opt_text(10)?;
    Ok(ResolutionLine {
        resolution: ResolutionRecord {
            id: row.i64(0)?,
            public_id: row.public_id(8)?,
            body_id: BodyId(row.i64(1)?),
            year: i32::try_from(year).map_err(|_| corrupt("resolutions.year", &year.to_string()))?,
            number: row.i64(3)?,
            motion_id: row.opt_i64(4)?.map(MotionId),
            title: row.text(5)?,
            text: row.text(6)?,
            adopted_on: row.date(7)?,
        },
        acta: acta_status(row.opt_text(9)?)?,
        outcome: outcome.map(|o| parsed("motions.outcome", o)).transpose()?,
        assembly: assembly_ref_at(row, 11)?,
        counts: Vec::new(),
    })
}

impl SqlRepo<'_> {
    /// Fills each line's tally in one statement.
    fn with_counts(&mut self, mut lines: Vec<ResolutionLine>) -> Result<Vec<ResolutionLine>> {
        let motions: Vec<i64> = lines.iter().filter_map(|l| l.resolution.motion_id.map(|m| m.0)).collect();
        if motions.is_empty() {
            return Ok(lines);
        }
        let placeholders: Vec<String> = (1..=motions.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT motion_id, option, count FROM vote_counts WHERE motion_id IN ({}) ORDER BY motion_id, option",
            placeholders.join(", ")
        );
        let params: Vec<Value<'_>> = motions.iter().map(|m| Value::I64(*m)).collect();
        let mut by_motion: HashMap<i64, Vec<(String, u64)>> = HashMap::new();
        for (motion, option, n) in self
            .conn
            .query_vec(&sql, &params, |row| Ok((row.i64(0)?, row.text(1)?, count("vote_counts.count", row.i64(2)?)?)))?
        {
            by_motion.entry(motion).or_default().push((option, n));
        }
        for line in &mut lines {
            if let Some(m) = line.resolution.motion_id {
                let mut counts = by_motion.remove(&m.0).unwrap_or_default();
                // For, against, abstain: in the order people read a tally.
                counts.sort_by_key(|(o, _)| match o.as_str() {
                    "for" => 0,
                    "against" => 1,
                    "abstain" => 2,
                    _ => 3,
                });
                line.counts = counts;
            }
        }
        Ok(lines)
    }
}

impl LeaderRepo for SqlRepo<'_> {
    fn resolution_lines(&mut self, root: BodyId, below: bool, offset: u64, limit: u64) -> Result<Vec<ResolutionLine>> {
        let sql = if below {
            format!(
                "{SUBTREE} {LINE_SELECT} WHERE r.body_id IN (SELECT id FROM sub) \
                 ORDER BY r.adopted_on DESC, r.id DESC LIMIT $2 OFFSET $3"
            )
        } else {
            format!("{LINE_SELECT} WHERE r.body_id = $1 ORDER BY r.adopted_on DESC, r.id DESC LIMIT $2 OFFSET $3")
        };
        let lines = self.conn.query_vec(&sql, &[root.0.into(), n(limit), n(offset)], line_from_row)?;
        self.with_counts(lines)
    }

    fn resolutions_of_assemblies(&mut self, assemblies: &[AssemblyId]) -> Result<Vec<ResolutionLine>> {
        if assemblies.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (1..=assemblies.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "{LINE_SELECT} WHERE m.assembly_id IN ({}) ORDER BY r.adopted_on DESC, r.id DESC",
            placeholders.join(", ")
        );
        let params: Vec<Value<'_>> = assemblies.iter().map(|a| Value::I64(a.0)).collect();
        let lines = self.conn.query_vec(&sql, &params, line_from_row)?;
        self.with_counts(lines)
    }

    fn subtree_activity(
        &mut self,
        root: BodyId,
        recent_since: DateTime,
        overdue_before: i64,
    ) -> Result<HashMap<BodyId, BodyActivity>> {
        let mut out: HashMap<BodyId, BodyActivity> = HashMap::new();
        let since = recent_since.format(DATETIME_FORMAT).to_string();
        // Assemblies and their actas, per body: one statement.
        let sql = format!(
            "{SUBTREE} SELECT a.body_id, \
             SUM(CASE WHEN a.status = 'closed' AND a.scheduled_for >= $2 THEN 1 ELSE 0 END), \
             SUM(CASE WHEN a.status = 'closed' THEN 1 ELSE 0 END), \
             MAX(CASE WHEN a.status = 'closed' THEN a.scheduled_for END), \
             SUM(CASE WHEN t.status = 'sealed' THEN 1 ELSE 0 END), \
             SUM(CASE WHEN a.status = 'closed' AND (t.status IS NULL OR t.status <> 'sealed') THEN 1 ELSE 0 END), \
             SUM(CASE WHEN a.status = 'closed' AND (t.status IS NULL OR t.status <> 'sealed') \
                 AND a.closed_at < $3 THEN 1 ELSE 0 END) \
             FROM sub JOIN assemblies a ON a.body_id = sub.id LEFT JOIN actas t ON t.assembly_id = a.id \
             GROUP BY a.body_id"
        );
        let rows =
            self.conn.query_vec(&sql, &[root.0.into(), since.as_str().into(), overdue_before.into()], |row| {
                let last = row.opt_text(3)?.map(|t| when("assemblies.scheduled_for", &t)).transpose()?;
                Ok((
                    BodyId(row.i64(0)?),
                    count("assemblies", row.i64(1)?)?,
                    count("assemblies", row.i64(2)?)?,
                    last,
                    count("actas", row.i64(4)?)?,
                    count("actas", row.i64(5)?)?,
                    count("actas", row.i64(6)?)?,
                ))
            })?;
        for (body, recent, held, last, sealed, pending, overdue) in rows {
            let a = out.entry(body).or_default();
            a.held_recently = recent;
            a.held = held;
            a.last_held = last;
            a.actas_sealed = sealed;
            a.actas_pending = pending;
            a.actas_overdue = overdue;
        }
        let sql = format!(
            "{SUBTREE} SELECT r.body_id, COUNT(*) FROM sub JOIN resolutions r ON r.body_id = sub.id GROUP BY r.body_id"
        );
        for (body, n) in self
            .conn
            .query_vec(&sql, &[root.0.into()], |row| Ok((BodyId(row.i64(0)?), count("resolutions", row.i64(1)?)?)))?
        {
            out.entry(body).or_default().resolutions = n;
        }
        // `fines` has no index by body: one pass over it, each row looked up in the sub-tree (a
        // join from the sub-tree would scan it once per body on SQLite).
        let sql = format!(
            "{SUBTREE} SELECT f.body_id, COUNT(*), CAST(SUM(f.amount) AS BIGINT) \
             FROM fines f WHERE f.body_id IN (SELECT id FROM sub) GROUP BY f.body_id"
        );
        for (body, n, amount) in self.conn.query_vec(&sql, &[root.0.into()], |row| {
            Ok((BodyId(row.i64(0)?), count("fines", row.i64(1)?)?, row.opt_i64(2)?.unwrap_or(0)))
        })? {
            let a = out.entry(body).or_default();
            a.fines = n;
            a.fines_amount = amount;
        }
        let sql = format!(
            "{SUBTREE} SELECT e.body_id, MAX(e.at) FROM sub JOIN audit_events e ON e.body_id = sub.id \
             GROUP BY e.body_id"
        );
        for (body, at) in
            self.conn.query_vec(&sql, &[root.0.into()], |row| Ok((BodyId(row.i64(0)?), row.opt_i64(1)?)))?
        {
            out.entry(body).or_default().last_activity = at;
        }
        Ok(out)
    }

    fn acta_statuses(&mut self, body: BodyId) -> Result<HashMap<AssemblyId, ActaStatus>> {
        let rows = self.conn.query_vec(
            "SELECT assembly_id, status FROM actas WHERE body_id = $1",
            &[body.0.into()],
            |row| Ok((AssemblyId(row.i64(0)?), acta_status(Some(row.text(1)?))?)),
        )?;
        Ok(rows.into_iter().filter_map(|(a, s)| s.map(|s| (a, s))).collect())
    }

    fn acta_assembly(&mut self, acta: i64) -> Result<Option<AssemblyId>> {
        self.conn
            .query_opt("SELECT assembly_id FROM actas WHERE id = $1", &[acta.into()], |row| Ok(AssemblyId(row.i64(0)?)))
    }

    fn households_of_person(&mut self, person: PersonId) -> Result<Vec<HouseholdId>> {
        self.conn.query_vec(
            "SELECT id FROM households WHERE person_id = $1 ORDER BY ended_on IS NOT NULL, id DESC",
            &[person.0.into()],
            |row| Ok(HouseholdId(row.i64(0)?)),
        )
    }

    fn family_assemblies(
        &mut self,
        body: BodyId,
        household: HouseholdId,
        person: PersonId,
        limit: u64,
    ) -> Result<Vec<FamilyAssembly>> {
        let sql = format!(
            "SELECT {ASSEMBLY_REF}, \
             (SELECT MIN(d.status) FROM attendance d WHERE d.assembly_id = a.id \
              AND (d.household_id = $2 OR d.person_id = $3)), \
             (SELECT CAST(SUM(f.amount) AS BIGINT) FROM fines f WHERE f.assembly_id = a.id \
              AND (f.household_id = $2 OR f.person_id = $3)), \
             t.status \
             FROM assemblies a LEFT JOIN actas t ON t.assembly_id = a.id \
             WHERE a.body_id = $1 AND a.status IN ('open', 'closed') \
             ORDER BY a.scheduled_for DESC, a.id DESC LIMIT $4"
        );
        self.conn.query_vec(&sql, &[body.0.into(), household.0.into(), person.0.into(), n(limit)], |row| {
            let assembly = assembly_ref_at(row, 0)?.ok_or_else(|| corrupt("assemblies.id", "NULL"))?;
            Ok(FamilyAssembly {
                assembly,
                attendance: row.opt_text(7)?.map(|s| parsed("attendance.status", s)).transpose()?,
                fine: row.opt_i64(8)?,
                acta: acta_status(row.opt_text(9)?)?,
            })
        })
    }
}
