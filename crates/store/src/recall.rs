//! Recalls (revocatorias) in the repository contract (a supertrait of [`crate::Repo`], migration
//! 17): what each statute version says of recalls, the motions that recall an office, the recalls
//! by the bases with the bases fixed when each opened, and each base's counted resolution.

use cabildo_domain::assembly::{DecisionRule, MotionId};
use cabildo_domain::recall::{RecallStatus, RecallTerms, Share};
use cabildo_domain::{BodyId, BodyKind, Date, OfficeId, PublicId};

use crate::conn::Row;
use crate::repo::SqlRepo;
use crate::{Result, StoreError};

/// A motion that recalls an office; `recall` is the recall by the bases it is counted in (set
/// when it was moved while one was under way, or when its adoption opened one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecallMotion {
    pub motion_id: MotionId,
    pub office_id: OfficeId,
    pub recall_id: Option<i64>,
}

/// A new recall by the bases.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRecall {
    pub office_id: OfficeId,
    pub body_id: BodyId,
    pub base_kind: BodyKind,
    pub share: Share,
    pub opened_on: Date,
    pub closes_on: Date,
    pub opened_at: i64,
}

/// A recall by the bases as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct RecallRecord {
    pub id: i64,
    pub public_id: PublicId,
    pub office_id: OfficeId,
    /// The office's body.
    pub body_id: BodyId,
    pub base_kind: BodyKind,
    pub share: Share,
    pub opened_on: Date,
    /// The last day a base's resolution counts.
    pub closes_on: Date,
    pub opened_at: i64,
    /// Written when the share was reached, or when an event found the window closed short.
    pub outcome: Option<RecallStatus>,
    pub decided_on: Option<Date>,
}

/// A base's resolution counted in a recall.
#[derive(Debug, Clone, PartialEq)]
pub struct RecallResolution {
    pub body_id: BodyId,
    pub resolution_id: i64,
    pub number: i64,
    pub year: i32,
    pub title: String,
    pub adopted_on: Date,
    /// The motion and its assembly the resolution came from.
    pub motion_id: Option<MotionId>,
    pub assembly_id: Option<i64>,
}

pub trait RecallRepo {
    /// What a statute version says of recalls; `None` for a version that says nothing.
    fn statute_recall(&mut self, statute: i64) -> Result<Option<RecallTerms>>;
    fn insert_statute_recall(&mut self, statute: i64, terms: &RecallTerms) -> Result<()>;

    fn insert_recall_motion(&mut self, motion: &RecallMotion) -> Result<()>;
    fn recall_motion(&mut self, motion: MotionId) -> Result<Option<RecallMotion>>;
    fn link_recall_motion(&mut self, motion: MotionId, recall: i64) -> Result<()>;

    /// Opens a recall with its bases.
    fn insert_recall(&mut self, recall: &NewRecall, bases: &[BodyId], public_id: PublicId) -> Result<i64>;
    fn recall(&mut self, id: i64) -> Result<Option<RecallRecord>>;
    fn recall_by_public_id(&mut self, public_id: PublicId) -> Result<Option<RecallRecord>>;
    /// The recalls of an office, newest first.
    fn recalls_of_office(&mut self, office: OfficeId) -> Result<Vec<RecallRecord>>;
    /// The recalls of the offices of any of `bodies`, or with one of them among their bases,
    /// newest first.
    fn recalls_about(&mut self, bodies: &[BodyId]) -> Result<Vec<RecallRecord>>;
    fn recall_bases(&mut self, recall: i64) -> Result<Vec<BodyId>>;
    fn set_recall_outcome(&mut self, recall: i64, outcome: RecallStatus, on: Date) -> Result<()>;

    /// Counts a base's resolution; a second one of the same base in the same recall is a
    /// conflict.
    fn insert_recall_resolution(&mut self, recall: i64, body: BodyId, resolution: i64, on: Date) -> Result<()>;
    /// The counted resolutions, in the order they were adopted.
    fn recall_resolutions(&mut self, recall: i64) -> Result<Vec<RecallResolution>>;
}

const RECALL_SELECT: &str = "SELECT id, public_id, office_id, body_id, base_kind, share_num, share_den, opened_on, \
     closes_on, opened_at, outcome, decided_on FROM recalls";

fn u32_of(column: &str, v: i64) -> Result<u32> {
    u32::try_from(v).map_err(|_| StoreError::corrupt(column, &v.to_string()))
}

fn recall_from_row(row: &dyn Row) -> Result<RecallRecord> {
    let kind = row.text(4)?;
    let (num, den) = (u32_of("recalls.share_num", row.i64(5)?)?, u32_of("recalls.share_den", row.i64(6)?)?);
    let outcome = match row.opt_text(10)? {
        None => None,
        Some(v) => Some(RecallStatus::parse_outcome(&v).ok_or_else(|| StoreError::corrupt("recalls.outcome", &v))?),
    };
    Ok(RecallRecord {
        id: row.i64(0)?,
        public_id: row.public_id(1)?,
        office_id: OfficeId(row.i64(2)?),
        body_id: BodyId(row.i64(3)?),
        base_kind: kind.parse().map_err(|_| StoreError::corrupt("recalls.base_kind", &kind))?,
        share: Share::new(num, den).ok_or_else(|| StoreError::corrupt("recalls.share_num", &format!("{num}/{den}")))?,
        opened_on: row.date(7)?,
        closes_on: row.date(8)?,
        opened_at: row.i64(9)?,
        outcome,
        decided_on: row.opt_date(11)?,
    })
}

impl RecallRepo for SqlRepo<'_> {
    fn statute_recall(&mut self, statute: i64) -> Result<Option<RecallTerms>> {
        let row = self.conn.query_opt(
            "SELECT rule, share_num, share_den, window_days FROM statute_recall WHERE statute_id = $1",
            &[statute.into()],
            |row| Ok((row.text(0)?, row.opt_i64(1)?, row.opt_i64(2)?, row.opt_i64(3)?)),
        )?;
        let Some((rule, num, den, window)) = row else { return Ok(None) };
        let rule: DecisionRule = rule.parse().map_err(|_| StoreError::corrupt("statute_recall.rule", &rule))?;
        let share = match (num, den) {
            (None, None) => None,
            (Some(n), Some(d)) => Some(
                Share::new(u32_of("statute_recall.share_num", n)?, u32_of("statute_recall.share_den", d)?)
                    .ok_or_else(|| StoreError::corrupt("statute_recall.share_num", &format!("{n}/{d}")))?,
            ),
            _ => return Err(StoreError::corrupt("statute_recall.share_den", &format!("{num:?}/{den:?}"))),
        };
        let window_days = match window {
            Some(w) => u32_of("statute_recall.window_days", w)?,
            None => cabildo_domain::recall::DEFAULT_WINDOW_DAYS,
        };
        Ok(Some(RecallTerms { rule, share, window_days }))
    }

    fn insert_statute_recall(&mut self, statute: i64, terms: &RecallTerms) -> Result<()> {
        self.conn.execute(
            "INSERT INTO statute_recall (statute_id, rule, share_num, share_den, window_days) \
             VALUES ($1, $2, $3, $4, $5)",
            &[
                statute.into(),
                terms.rule.code().into(),
                terms.share.map(|s| i64::from(s.num())).into(),
                terms.share.map(|s| i64::from(s.den())).into(),
                i64::from(terms.window_days).into(),
            ],
        )?;
        Ok(())
    }

    fn insert_recall_motion(&mut self, m: &RecallMotion) -> Result<()> {
        self.conn.execute(
            "INSERT INTO recall_motions (motion_id, office_id, recall_id) VALUES ($1, $2, $3)",
            &[m.motion_id.0.into(), m.office_id.0.into(), m.recall_id.into()],
        )?;
        Ok(())
    }

    fn recall_motion(&mut self, motion: MotionId) -> Result<Option<RecallMotion>> {
        self.conn.query_opt(
            "SELECT motion_id, office_id, recall_id FROM recall_motions WHERE motion_id = $1",
            &[motion.0.into()],
            |row| {
                Ok(RecallMotion {
                    motion_id: MotionId(row.i64(0)?),
                    office_id: OfficeId(row.i64(1)?),
                    recall_id: row.opt_i64(2)?,
                })
            },
        )
    }

    fn link_recall_motion(&mut self, motion: MotionId, recall: i64) -> Result<()> {
        self.conn.update_one(
            "UPDATE recall_motions SET recall_id = $1 WHERE motion_id = $2",
            &[recall.into(), motion.0.into()],
        )
    }

    fn insert_recall(&mut self, r: &NewRecall, bases: &[BodyId], public_id: PublicId) -> Result<i64> {
        let id = self.conn.insert_returning_id(
            "INSERT INTO recalls (public_id, office_id, body_id, base_kind, share_num, share_den, opened_on, \
             closes_on, opened_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            &[
                public_id.into(),
                r.office_id.0.into(),
                r.body_id.0.into(),
                r.base_kind.code().into(),
                i64::from(r.share.num()).into(),
                i64::from(r.share.den()).into(),
                r.opened_on.into(),
                r.closes_on.into(),
                r.opened_at.into(),
            ],
        )?;
        for base in bases {
            self.conn.execute(
                "INSERT INTO recall_bases (recall_id, body_id) VALUES ($1, $2)",
                &[id.into(), base.0.into()],
            )?;
        }
        Ok(id)
    }

    fn recall(&mut self, id: i64) -> Result<Option<RecallRecord>> {
        self.conn.query_opt(&format!("{RECALL_SELECT} WHERE id = $1"), &[id.into()], recall_from_row)
    }

    fn recall_by_public_id(&mut self, public_id: PublicId) -> Result<Option<RecallRecord>> {
        self.conn.query_opt(&format!("{RECALL_SELECT} WHERE public_id = $1"), &[public_id.into()], recall_from_row)
    }

    fn recalls_of_office(&mut self, office: OfficeId) -> Result<Vec<RecallRecord>> {
        self.conn.query_vec(
            &format!("{RECALL_SELECT} WHERE office_id = $1 ORDER BY id DESC"),
            &[office.0.into()],
            recall_from_row,
        )
    }

    fn recalls_about(&mut self, bodies: &[BodyId]) -> Result<Vec<RecallRecord>> {
        let mut out: Vec<RecallRecord> = Vec::new();
        for body in bodies {
            let found = self.conn.query_vec(
                &format!(
                    "{RECALL_SELECT} WHERE body_id = $1 OR id IN (SELECT recall_id FROM recall_bases WHERE body_id = $1)"
                ),
                &[body.0.into()],
                recall_from_row,
            )?;
            for r in found {
                if !out.iter().any(|o| o.id == r.id) {
                    out.push(r);
                }
            }
        }
        out.sort_by_key(|r| std::cmp::Reverse(r.id));
        Ok(out)
    }

    fn recall_bases(&mut self, recall: i64) -> Result<Vec<BodyId>> {
        self.conn.query_vec(
            "SELECT body_id FROM recall_bases WHERE recall_id = $1 ORDER BY body_id",
            &[recall.into()],
            |row| Ok(BodyId(row.i64(0)?)),
        )
    }

    fn set_recall_outcome(&mut self, recall: i64, outcome: RecallStatus, on: Date) -> Result<()> {
        self.conn.update_one(
            "UPDATE recalls SET outcome = $1, decided_on = $2 WHERE id = $3 AND outcome IS NULL",
            &[outcome.code().into(), on.into(), recall.into()],
        )
    }

    fn insert_recall_resolution(&mut self, recall: i64, body: BodyId, resolution: i64, on: Date) -> Result<()> {
        self.conn.execute(
            "INSERT INTO recall_resolutions (recall_id, body_id, resolution_id, adopted_on) VALUES ($1, $2, $3, $4)",
            &[recall.into(), body.0.into(), resolution.into(), on.into()],
        )?;
        Ok(())
    }

    fn recall_resolutions(&mut self, recall: i64) -> Result<Vec<RecallResolution>> {
        self.conn.query_vec(
            "SELECT rr.body_id, r.id, r.number, r.year, r.title, rr.adopted_on, r.motion_id, m.assembly_id \
             FROM recall_resolutions rr JOIN resolutions r ON r.id = rr.resolution_id \
             LEFT JOIN motions m ON m.id = r.motion_id WHERE rr.recall_id = $1 ORDER BY rr.adopted_on, r.id",
            &[recall.into()],
            |row| {
                Ok(RecallResolution {
                    body_id: BodyId(row.i64(0)?),
                    resolution_id: row.i64(1)?,
                    number: row.i64(2)?,
                    year: i32::try_from(row.i64(3)?).map_err(|_| StoreError::corrupt("resolutions.year", "?"))?,
                    title: row.text(4)?,
                    adopted_on: row.date(5)?,
                    motion_id: row.opt_i64(6)?.map(MotionId),
                    assembly_id: row.opt_i64(7)?,
                })
            },
        )
    }
}
