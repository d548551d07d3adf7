//! Petitions up the tree in the store contract (a supertrait of [`crate::Repo`]): outside
//! authorities kept as a body's contacts, petitions and pliegos with the body that holds each
//! now, every step of their path, the authority's replies, and the motions that put a petition
//! before the holder's assembly. Whether a petition is overdue is computed above, never stored.

use cabildo_domain::assembly::{AssemblyId, MotionId};
use cabildo_domain::petition::{
    AuthorityId, PetitionAction, PetitionId, PetitionKind, PetitionStatus, ReplyKind, StepAction,
};
use cabildo_domain::{BodyId, Date, PublicId};

use crate::conn::{Row, Value};
use crate::repo::SqlRepo;
use crate::{Result, StoreError};

/// An outside authority (a ministry, a governor, a mayor) as a body keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthorityRecord {
    pub id: AuthorityId,
    pub public_id: PublicId,
    /// The body whose contact it is.
    pub body_id: BodyId,
    /// The institution: "Ministerio de Desarrollo Rural y Tierras".
    pub name: String,
    /// The office addressed: "Ministro". Not the person who holds it.
    pub office: String,
    pub address: String,
    pub created_at: i64,
}

/// A new petition (or pliego), as raised.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPetition {
    pub kind: PetitionKind,
    pub origin_body_id: BodyId,
    pub resolution_id: i64,
    pub title: String,
    pub holder_body_id: BodyId,
    pub answer_by: Option<Date>,
    pub raised_at: i64,
}

/// A petition as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct PetitionRecord {
    pub id: PetitionId,
    pub public_id: PublicId,
    pub kind: PetitionKind,
    /// The body that raised it (a pliego's: the body that merged it).
    pub origin_body_id: BodyId,
    /// The origin's resolution.
    pub resolution_id: i64,
    pub title: String,
    /// The body whose inbox holds it now.
    pub holder_body_id: BodyId,
    pub status: PetitionStatus,
    /// The pliego it went into.
    pub merged_into: Option<PetitionId>,
    /// The date by which the holder is asked to decide.
    pub answer_by: Option<Date>,
    pub raised_at: i64,
    /// Once addressed: the authority, the oficio's number and year, the deadline for a reply.
    pub authority_id: Option<AuthorityId>,
    pub oficio_year: Option<i64>,
    pub oficio_number: Option<i64>,
    pub reply_by: Option<Date>,
    pub addressed_at: Option<i64>,
}

/// A step of a petition's path.
#[derive(Debug, Clone, PartialEq)]
pub struct StepRecord {
    pub petition_id: PetitionId,
    pub action: StepAction,
    /// The body that acted.
    pub body_id: BodyId,
    /// Where the petition went: the next holder (raised, endorsed), the origin (returned), the
    /// pliego's holder (merged).
    pub to_body_id: Option<BodyId>,
    /// The acting body's resolution (its assembly's decision; the origin's, when raised).
    pub resolution_id: Option<i64>,
    pub reasons: String,
    pub at: i64,
    pub actor: String,
}

/// An authority's reply, as recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplyRecord {
    /// Ignored when written.
    pub id: i64,
    pub petition_id: PetitionId,
    pub kind: ReplyKind,
    pub received_on: Date,
    pub text: String,
    /// A meeting's date and time ("2026-12-10 10:00") and place.
    pub meeting_at: Option<String>,
    pub meeting_place: Option<String>,
    /// The delegation's assembly convened for the meeting.
    pub assembly_id: Option<AssemblyId>,
    pub recorded_at: i64,
    pub recorded_by: String,
}

/// A motion put on the holder's assembly to decide on a petition.
#[derive(Debug, Clone, PartialEq)]
pub struct PetitionMotion {
    pub motion_id: MotionId,
    pub petition_id: PetitionId,
    pub body_id: BodyId,
    pub action: PetitionAction,
    /// Why it is returned (the base sees them); the pliego's title when merged.
    pub reasons: String,
    pub authority_id: Option<AuthorityId>,
    pub reply_by: Option<Date>,
    /// For a merge: the other petitions taken into the pliego.
    pub items: Vec<PetitionId>,
}

/// Which petitions of an inbox to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InboxFilter {
    /// Every petition the body holds or has held (waiting, addressed, merged; returned ones are
    /// held by the origin again and listed there).
    All,
    /// Those waiting for the body's assembly.
    Waiting,
    /// Those waiting past the date the sender asked for a decision by (`today` is after it).
    Overdue(Date),
}

/// How many petitions an inbox holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct InboxCounts {
    pub all: u64,
    pub waiting: u64,
    pub overdue: u64,
}

impl InboxCounts {
    /// How many `filter` lists.
    pub fn of(&self, filter: InboxFilter) -> u64 {
        match filter {
            InboxFilter::All => self.all,
            InboxFilter::Waiting => self.waiting,
            InboxFilter::Overdue(_) => self.overdue,
        }
    }
}

/// Petitions in the store contract.
pub trait PetitionRepo {
    fn insert_authority(&mut self, a: &AuthorityRecord) -> Result<AuthorityId>;
    fn authority(&mut self, id: AuthorityId) -> Result<Option<AuthorityRecord>>;
    /// A body's authorities, by name.
    fn authorities(&mut self, body: BodyId) -> Result<Vec<AuthorityRecord>>;

    fn insert_petition(&mut self, new: &NewPetition, public_id: PublicId) -> Result<PetitionId>;
    fn petition(&mut self, id: PetitionId) -> Result<Option<PetitionRecord>>;
    fn petition_by_public_id(&mut self, public_id: PublicId) -> Result<Option<PetitionRecord>>;
    /// Moves a petition to `holder`'s inbox in `status`, with the date asked for a decision.
    fn move_petition(
        &mut self,
        id: PetitionId,
        holder: BodyId,
        status: PetitionStatus,
        answer_by: Option<Date>,
    ) -> Result<()>;
    fn merge_petition(&mut self, id: PetitionId, pliego: PetitionId) -> Result<()>;
    /// Records a petition addressed: to whom, the oficio's number and year, the reply deadline.
    fn address_petition(
        &mut self,
        id: PetitionId,
        authority: AuthorityId,
        year: i64,
        number: i64,
        reply_by: Option<Date>,
        at: i64,
    ) -> Result<()>;
    /// The next oficio number of `body` in `year` (1 for its first).
    fn next_oficio_number(&mut self, body: BodyId, year: i64) -> Result<i64>;
    /// A page of a body's inbox, newest first.
    fn petition_inbox(
        &mut self,
        holder: BodyId,
        filter: InboxFilter,
        offset: u64,
        limit: u64,
    ) -> Result<Vec<PetitionRecord>>;
    /// How many petitions an inbox holds: in all, waiting, and waiting past the date asked for a
    /// decision (`today` is after it) — one statement.
    fn count_petition_inbox(&mut self, holder: BodyId, today: Date) -> Result<InboxCounts>;
    /// The petitions a body raised, or held, or acted on at some step, newest first: what it
    /// sees on its page.
    fn petitions_touching(&mut self, body: BodyId, limit: u64) -> Result<Vec<PetitionRecord>>;
    /// The petitions merged into a pliego.
    fn petitions_merged_into(&mut self, pliego: PetitionId) -> Result<Vec<PetitionRecord>>;

    fn insert_petition_step(&mut self, step: &StepRecord) -> Result<()>;
    /// A petition's steps, oldest first.
    fn petition_steps(&mut self, id: PetitionId) -> Result<Vec<StepRecord>>;

    fn insert_petition_reply(&mut self, reply: &ReplyRecord) -> Result<i64>;
    /// A petition's replies, in the order received.
    fn petition_replies(&mut self, id: PetitionId) -> Result<Vec<ReplyRecord>>;
    fn set_reply_assembly(&mut self, reply: i64, assembly: AssemblyId) -> Result<()>;

    fn insert_petition_motion(&mut self, link: &PetitionMotion) -> Result<()>;
    /// The petition a motion decides on, if it is one.
    fn petition_motion(&mut self, motion: MotionId) -> Result<Option<PetitionMotion>>;
    /// The motions put on assemblies about a petition.
    fn petition_motions(&mut self, id: PetitionId) -> Result<Vec<PetitionMotion>>;
}

const AUTHORITY: &str = "SELECT id, public_id, body_id, name, office, address, created_at FROM authorities";

fn authority_from_row(row: &dyn Row) -> Result<AuthorityRecord> {
    Ok(AuthorityRecord {
        id: AuthorityId(row.i64(0)?),
        public_id: row.public_id(1)?,
        body_id: BodyId(row.i64(2)?),
        name: row.text(3)?,
        office: row.text(4)?,
        address: row.text(5)?,
        created_at: row.i64(6)?,
    })
}

const PETITION: &str = "SELECT p.id, p.public_id, p.kind, p.origin_body_id, p.resolution_id, p.title, p.holder_body_id, \
     p.status, p.merged_into, p.answer_by, p.raised_at, p.authority_id, p.oficio_year, p.oficio_number, p.reply_by, \
     p.addressed_at FROM petitions p";

fn coded<T: std::str::FromStr>(column: &str, value: String) -> Result<T> {
    value.parse::<T>().map_err(|_| StoreError::corrupt(column, &value))
}

fn petition_from_row(row: &dyn Row) -> Result<PetitionRecord> {
    Ok(PetitionRecord {
        id: PetitionId(row.i64(0)?),
        public_id: row.public_id(1)?,
        kind: coded("petitions.kind", row.text(2)?)?,
        origin_body_id: BodyId(row.i64(3)?),
        resolution_id: row.i64(4)?,
        title: row.text(5)?,
        holder_body_id: BodyId(row.i64(6)?),
        status: coded("petitions.status", row.text(7)?)?,
        merged_into: row.opt_i64(8)?.map(PetitionId),
        answer_by: row.opt_date(9)?,
        raised_at: row.i64(10)?,
        authority_id: row.opt_i64(11)?.map(AuthorityId),
        oficio_year: row.opt_i64(12)?,
        oficio_number: row.opt_i64(13)?,
        reply_by: row.opt_date(14)?,
        addressed_at: row.opt_i64(15)?,
    })
}

fn step_from_row(row: &dyn Row) -> Result<StepRecord> {
    Ok(StepRecord {
        petition_id: PetitionId(row.i64(0)?),
        action: coded("petition_steps.action", row.text(1)?)?,
        body_id: BodyId(row.i64(2)?),
        to_body_id: row.opt_i64(3)?.map(BodyId),
        resolution_id: row.opt_i64(4)?,
        reasons: row.text(5)?,
        at: row.i64(6)?,
        actor: row.text(7)?,
    })
}

fn reply_from_row(row: &dyn Row) -> Result<ReplyRecord> {
    Ok(ReplyRecord {
        id: row.i64(0)?,
        petition_id: PetitionId(row.i64(1)?),
        kind: coded("petition_replies.kind", row.text(2)?)?,
        received_on: row.date(3)?,
        text: row.text(4)?,
        meeting_at: row.opt_text(5)?,
        meeting_place: row.opt_text(6)?,
        assembly_id: row.opt_i64(7)?.map(AssemblyId),
        recorded_at: row.i64(8)?,
        recorded_by: row.text(9)?,
    })
}

const MOTION: &str =
    "SELECT motion_id, petition_id, body_id, action, reasons, authority_id, reply_by FROM petition_motions";

fn motion_from_row(row: &dyn Row) -> Result<PetitionMotion> {
    Ok(PetitionMotion {
        motion_id: MotionId(row.i64(0)?),
        petition_id: PetitionId(row.i64(1)?),
        body_id: BodyId(row.i64(2)?),
        action: coded("petition_motions.action", row.text(3)?)?,
        reasons: row.text(4)?,
        authority_id: row.opt_i64(5)?.map(AuthorityId),
        reply_by: row.opt_date(6)?,
        items: Vec::new(),
    })
}

fn n(v: u64) -> Value<'static> {
    Value::I64(i64::try_from(v).unwrap_or(i64::MAX))
}

/// The `WHERE` of an inbox and its parameters after the holder (`$1`).
fn inbox_where(filter: InboxFilter) -> (&'static str, Option<Date>) {
    match filter {
        InboxFilter::All => ("p.holder_body_id = $1 AND p.status <> 'returned'", None),
        InboxFilter::Waiting => ("p.holder_body_id = $1 AND p.status = 'waiting'", None),
        InboxFilter::Overdue(today) => (
            "p.holder_body_id = $1 AND p.status = 'waiting' AND p.answer_by IS NOT NULL AND p.answer_by < $2",
            Some(today),
        ),
    }
}

impl SqlRepo<'_> {
    fn petition_motion_items(&mut self, motion: MotionId) -> Result<Vec<PetitionId>> {
        self.conn.query_vec(
            "SELECT petition_id FROM petition_motion_items WHERE motion_id = $1 ORDER BY petition_id",
            &[motion.0.into()],
            |row| Ok(PetitionId(row.i64(0)?)),
        )
    }
}

impl PetitionRepo for SqlRepo<'_> {
    fn insert_authority(&mut self, a: &AuthorityRecord) -> Result<AuthorityId> {
        let id = self.conn.insert_returning_id(
            "INSERT INTO authorities (public_id, body_id, name, office, address, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            &[
                a.public_id.into(),
                a.body_id.0.into(),
                a.name.as_str().into(),
                a.office.as_str().into(),
                a.address.as_str().into(),
                a.created_at.into(),
            ],
        )?;
        Ok(AuthorityId(id))
    }

    fn authority(&mut self, id: AuthorityId) -> Result<Option<AuthorityRecord>> {
        self.conn.query_opt(&format!("{AUTHORITY} WHERE id = $1"), &[id.0.into()], authority_from_row)
    }

    fn authorities(&mut self, body: BodyId) -> Result<Vec<AuthorityRecord>> {
        self.conn.query_vec(
            &format!("{AUTHORITY} WHERE body_id = $1 ORDER BY name, id"),
            &[body.0.into()],
            authority_from_row,
        )
    }

    fn insert_petition(&mut self, new: &NewPetition, public_id: PublicId) -> Result<PetitionId> {
        let id = self.conn.insert_returning_id(
            "INSERT INTO petitions (public_id, kind, origin_body_id, resolution_id, title, holder_body_id, status, \
             answer_by, raised_at) VALUES ($1, $2, $3, $4, $5, $6, 'waiting', $7, $8) RETURNING id",
            &[
                public_id.into(),
                new.kind.code().into(),
                new.origin_body_id.0.into(),
                new.resolution_id.into(),
                new.title.as_str().into(),
                new.holder_body_id.0.into(),
                new.answer_by.into(),
                new.raised_at.into(),
            ],
        )?;
        Ok(PetitionId(id))
    }

    fn petition(&mut self, id: PetitionId) -> Result<Option<PetitionRecord>> {
        self.conn.query_opt(&format!("{PETITION} WHERE p.id = $1"), &[id.0.into()], petition_from_row)
    }

    fn petition_by_public_id(&mut self, public_id: PublicId) -> Result<Option<PetitionRecord>> {
        self.conn.query_opt(&format!("{PETITION} WHERE p.public_id = $1"), &[public_id.into()], petition_from_row)
    }

    fn move_petition(
        &mut self,
        id: PetitionId,
        holder: BodyId,
        status: PetitionStatus,
        answer_by: Option<Date>,
    ) -> Result<()> {
        self.conn.execute(
            "UPDATE petitions SET holder_body_id = $2, status = $3, answer_by = $4 WHERE id = $1",
            &[id.0.into(), holder.0.into(), status.code().into(), answer_by.into()],
        )?;
        Ok(())
    }

    fn merge_petition(&mut self, id: PetitionId, pliego: PetitionId) -> Result<()> {
        self.conn.execute(
            "UPDATE petitions SET status = 'merged', merged_into = $2 WHERE id = $1",
            &[id.0.into(), pliego.0.into()],
        )?;
        Ok(())
    }

    fn address_petition(
        &mut self,
        id: PetitionId,
        authority: AuthorityId,
        year: i64,
        number: i64,
        reply_by: Option<Date>,
        at: i64,
    ) -> Result<()> {
        self.conn.execute(
            "UPDATE petitions SET status = 'addressed', authority_id = $2, oficio_year = $3, oficio_number = $4, \
             reply_by = $5, addressed_at = $6 WHERE id = $1",
            &[id.0.into(), authority.0.into(), year.into(), number.into(), reply_by.into(), at.into()],
        )?;
        Ok(())
    }

    fn next_oficio_number(&mut self, body: BodyId, year: i64) -> Result<i64> {
        let last = self.conn.query_opt(
            "SELECT MAX(oficio_number) FROM petitions WHERE holder_body_id = $1 AND oficio_year = $2",
            &[body.0.into(), year.into()],
            |row| row.opt_i64(0),
        )?;
        Ok(last.flatten().unwrap_or(0) + 1)
    }

    fn petition_inbox(
        &mut self,
        holder: BodyId,
        filter: InboxFilter,
        offset: u64,
        limit: u64,
    ) -> Result<Vec<PetitionRecord>> {
        let (condition, today) = inbox_where(filter);
        let mut params = vec![holder.0.into()];
        if let Some(today) = today {
            params.push(today.into());
        }
        let at = params.len();
        params.push(n(limit));
        params.push(n(offset));
        let sql = format!(
            "{PETITION} WHERE {condition} ORDER BY p.raised_at DESC, p.id DESC LIMIT ${} OFFSET ${}",
            at + 1,
            at + 2
        );
        self.conn.query_vec(&sql, &params, petition_from_row)
    }

    fn count_petition_inbox(&mut self, holder: BodyId, today: Date) -> Result<InboxCounts> {
        let counts = self.conn.query_opt(
            "SELECT COALESCE(SUM(CASE WHEN status <> 'returned' THEN 1 ELSE 0 END), 0), \
             COALESCE(SUM(CASE WHEN status = 'waiting' THEN 1 ELSE 0 END), 0), \
             COALESCE(SUM(CASE WHEN status = 'waiting' AND answer_by < $2 THEN 1 ELSE 0 END), 0) \
             FROM petitions WHERE holder_body_id = $1",
            &[holder.0.into(), today.into()],
            |row| Ok([row.i64(0)?, row.i64(1)?, row.i64(2)?]),
        )?;
        let [all, waiting, overdue] = counts.unwrap_or_default().map(|n| u64::try_from(n).unwrap_or(0));
        Ok(InboxCounts { all, waiting, overdue })
    }

    fn petitions_touching(&mut self, body: BodyId, limit: u64) -> Result<Vec<PetitionRecord>> {
        let sql = format!(
            "{PETITION} WHERE p.origin_body_id = $1 OR p.holder_body_id = $1 OR EXISTS (SELECT 1 FROM petition_steps s \
             WHERE s.petition_id = p.id AND (s.body_id = $1 OR s.to_body_id = $1)) \
             ORDER BY p.raised_at DESC, p.id DESC LIMIT $2"
        );
        self.conn.query_vec(&sql, &[body.0.into(), n(limit)], petition_from_row)
    }

    fn petitions_merged_into(&mut self, pliego: PetitionId) -> Result<Vec<PetitionRecord>> {
        self.conn.query_vec(
            &format!("{PETITION} WHERE p.merged_into = $1 ORDER BY p.id"),
            &[pliego.0.into()],
            petition_from_row,
        )
    }

    fn insert_petition_step(&mut self, s: &StepRecord) -> Result<()> {
        self.conn.execute(
            "INSERT INTO petition_steps (petition_id, action, body_id, to_body_id, resolution_id, reasons, at, actor) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            &[
                s.petition_id.0.into(),
                s.action.code().into(),
                s.body_id.0.into(),
                s.to_body_id.map(|b| b.0).into(),
                s.resolution_id.into(),
                s.reasons.as_str().into(),
                s.at.into(),
                s.actor.as_str().into(),
            ],
        )?;
        Ok(())
    }

    fn petition_steps(&mut self, id: PetitionId) -> Result<Vec<StepRecord>> {
        self.conn.query_vec(
            "SELECT petition_id, action, body_id, to_body_id, resolution_id, reasons, at, actor FROM petition_steps \
             WHERE petition_id = $1 ORDER BY id",
            &[id.0.into()],
            step_from_row,
        )
    }

    fn insert_petition_reply(&mut self, r: &ReplyRecord) -> Result<i64> {
        self.conn.insert_returning_id(
            "INSERT INTO petition_replies (petition_id, kind, received_on, text, meeting_at, meeting_place, \
             assembly_id, recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            &[
                r.petition_id.0.into(),
                r.kind.code().into(),
                r.received_on.into(),
                r.text.as_str().into(),
                r.meeting_at.as_deref().into(),
                r.meeting_place.as_deref().into(),
                r.assembly_id.map(|a| a.0).into(),
                r.recorded_at.into(),
                r.recorded_by.as_str().into(),
            ],
        )
    }

    fn petition_replies(&mut self, id: PetitionId) -> Result<Vec<ReplyRecord>> {
        self.conn.query_vec(
            "SELECT id, petition_id, kind, received_on, text, meeting_at, meeting_place, assembly_id, recorded_at, \
             recorded_by FROM petition_replies WHERE petition_id = $1 ORDER BY received_on, id",
            &[id.0.into()],
            reply_from_row,
        )
    }

    fn set_reply_assembly(&mut self, reply: i64, assembly: AssemblyId) -> Result<()> {
        self.conn.execute(
            "UPDATE petition_replies SET assembly_id = $2 WHERE id = $1",
            &[reply.into(), assembly.0.into()],
        )?;
        Ok(())
    }

    fn insert_petition_motion(&mut self, link: &PetitionMotion) -> Result<()> {
        self.conn.execute(
            "INSERT INTO petition_motions (motion_id, petition_id, body_id, action, reasons, authority_id, reply_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[
                link.motion_id.0.into(),
                link.petition_id.0.into(),
                link.body_id.0.into(),
                link.action.code().into(),
                link.reasons.as_str().into(),
                link.authority_id.map(|a| a.0).into(),
                link.reply_by.into(),
            ],
        )?;
        for item in &link.items {
            self.conn.execute(
                "INSERT INTO petition_motion_items (motion_id, petition_id) VALUES ($1, $2)",
                &[link.motion_id.0.into(), item.0.into()],
            )?;
        }
        Ok(())
    }

    fn petition_motion(&mut self, motion: MotionId) -> Result<Option<PetitionMotion>> {
        let found =
            self.conn.query_opt(&format!("{MOTION} WHERE motion_id = $1"), &[motion.0.into()], motion_from_row)?;
        match found {
            Some(mut link) => {
                link.items = self.petition_motion_items(link.motion_id)?;
                Ok(Some(link))
            }
            None => Ok(None),
        }
    }

    fn petition_motions(&mut self, id: PetitionId) -> Result<Vec<PetitionMotion>> {
        let mut links = self.conn.query_vec(
            &format!("{MOTION} WHERE petition_id = $1 ORDER BY motion_id"),
            &[id.0.into()],
            motion_from_row,
        )?;
        for link in &mut links {
            link.items = self.petition_motion_items(link.motion_id)?;
        }
        Ok(links)
    }
}
