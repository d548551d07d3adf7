//! Instructions down the tree in the store contract (a supertrait of [`crate::Repo`]): the
//! instruction, its recipients fixed when it is sent, one acknowledgement per recipient, and the
//! motions put on recipients' assemblies to acknowledge it. What is counted from these (who has
//! and who has not, at every level) is computed by the layers above, never stored.

use cabildo_domain::access::AccountId;
use cabildo_domain::assembly::MotionId;
use cabildo_domain::instruction::InstructionId;
use cabildo_domain::{BodyId, BodyKind, Date, PersonId, PersonName, PublicId};

use crate::conn::{ArrayColumn, Row, Value};
use crate::repo::SqlRepo;
use crate::{Result, StoreError};

/// A new instruction, as sent.
#[derive(Debug, Clone, PartialEq)]
pub struct NewInstruction {
    pub body_id: BodyId,
    pub resolution_id: i64,
    pub scope_body_id: Option<BodyId>,
    pub scope_kind: Option<BodyKind>,
    pub note: String,
    pub ack_by: Option<Date>,
    pub sent_at: i64,
    pub sent_by: String,
}

/// An instruction as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct InstructionRecord {
    pub id: InstructionId,
    pub public_id: PublicId,
    /// The body that sent it.
    pub body_id: BodyId,
    /// The sender's resolution it sends down.
    pub resolution_id: i64,
    pub scope_body_id: Option<BodyId>,
    pub scope_kind: Option<BodyKind>,
    pub note: String,
    pub ack_by: Option<Date>,
    pub sent_at: i64,
    pub sent_by: String,
}

/// How a recipient acknowledged an instruction: by an officer, or by its assembly.
#[derive(Debug, Clone, PartialEq)]
pub struct AckRecord {
    pub instruction_id: InstructionId,
    pub body_id: BodyId,
    pub acknowledged_at: i64,
    /// Who acted, as the audit trail names them (an account's username, `operador`).
    pub actor: String,
    pub account_id: Option<AccountId>,
    /// The person the account is linked to, when they hold an office in the body.
    pub person_id: Option<PersonId>,
    /// Their name (read back; ignored when written).
    pub person_name: Option<PersonName>,
    /// The office they hold in the body.
    pub office: Option<String>,
    /// By the assembly: the motion adopted and the resolution it became.
    pub motion_id: Option<MotionId>,
    pub resolution_id: Option<i64>,
}

/// A motion put on a recipient's assembly to acknowledge an instruction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InstructionMotion {
    pub motion_id: MotionId,
    pub instruction_id: InstructionId,
    pub body_id: BodyId,
}

/// Instructions in the store contract.
pub trait InstructionRepo {
    fn insert_instruction(&mut self, new: &NewInstruction, public_id: PublicId) -> Result<InstructionId>;
    /// Records the recipients (in one statement on PostgreSQL).
    fn insert_instruction_recipients(&mut self, id: InstructionId, bodies: &[BodyId]) -> Result<()>;
    fn instruction(&mut self, id: InstructionId) -> Result<Option<InstructionRecord>>;
    fn instruction_by_public_id(&mut self, public_id: PublicId) -> Result<Option<InstructionRecord>>;
    /// Instructions a body sent, newest first.
    fn instructions_sent(&mut self, body: BodyId, limit: u64) -> Result<Vec<InstructionRecord>>;
    /// Instructions with a recipient in the sub-tree of `root` (itself included), sent by another
    /// body, newest first.
    fn instructions_reaching(&mut self, root: BodyId, limit: u64) -> Result<Vec<InstructionRecord>>;
    /// Instructions `body` received and has not acknowledged yet, newest first.
    fn instructions_pending(&mut self, body: BodyId, limit: u64) -> Result<Vec<InstructionRecord>>;
    /// An instruction's recipients.
    fn instruction_recipients(&mut self, id: InstructionId) -> Result<Vec<BodyId>>;
    /// Whether a body is a recipient of an instruction.
    fn is_instruction_recipient(&mut self, id: InstructionId, body: BodyId) -> Result<bool>;
    /// An instruction's acknowledgements, oldest first.
    fn instruction_acks(&mut self, id: InstructionId) -> Result<Vec<AckRecord>>;
    /// A recipient's acknowledgement, if it has given one.
    fn instruction_ack(&mut self, id: InstructionId, body: BodyId) -> Result<Option<AckRecord>>;
    /// Records an acknowledgement; a second one of the same recipient is a conflict.
    fn insert_instruction_ack(&mut self, ack: &AckRecord) -> Result<()>;
    fn insert_instruction_motion(&mut self, link: &InstructionMotion) -> Result<()>;
    /// The instruction a motion acknowledges, if it is one.
    fn instruction_motion(&mut self, motion: MotionId) -> Result<Option<InstructionMotion>>;
    /// The motions put on assemblies to acknowledge an instruction.
    fn instruction_motions(&mut self, id: InstructionId) -> Result<Vec<InstructionMotion>>;
}

const SELECT: &str = "SELECT i.id, i.public_id, i.body_id, i.resolution_id, i.scope_body_id, i.scope_kind, i.note, \
     i.ack_by, i.sent_at, i.sent_by FROM instructions i";

fn instruction_from_row(row: &dyn Row) -> Result<InstructionRecord> {
    let scope_kind = row
        .opt_text(5)?
        .map(|k| k.parse::<BodyKind>().map_err(|_| StoreError::corrupt("instructions.scope_kind", &k)))
        .transpose()?;
    Ok(InstructionRecord {
        id: InstructionId(row.i64(0)?),
        public_id: row.public_id(1)?,
        body_id: BodyId(row.i64(2)?),
        resolution_id: row.i64(3)?,
        scope_body_id: row.opt_i64(4)?.map(BodyId),
        scope_kind,
        note: row.text(6)?,
        ack_by: row.opt_date(7)?,
        sent_at: row.i64(8)?,
        sent_by: row.text(9)?,
    })
}

const ACK_SELECT: &str = "SELECT a.instruction_id, a.body_id, a.acknowledged_at, a.actor, a.account_id, a.person_id, \
     p.given_names, p.first_surname, p.second_surname, a.office, a.motion_id, a.resolution_id \
     FROM instruction_acks a LEFT JOIN persons p ON p.id = a.person_id";

fn ack_from_row(row: &dyn Row) -> Result<AckRecord> {
    let person_name = match row.opt_text(6)? {
        Some(given_names) => {
            Some(PersonName { given_names, first_surname: row.text(7)?, second_surname: row.opt_text(8)? })
        }
        None => None,
    };
    Ok(AckRecord {
        instruction_id: InstructionId(row.i64(0)?),
        body_id: BodyId(row.i64(1)?),
        acknowledged_at: row.i64(2)?,
        actor: row.text(3)?,
        account_id: row.opt_i64(4)?.map(AccountId),
        person_id: row.opt_i64(5)?.map(PersonId),
        person_name,
        office: row.opt_text(9)?,
        motion_id: row.opt_i64(10)?.map(MotionId),
        resolution_id: row.opt_i64(11)?,
    })
}

fn limit(n: u64) -> Value<'static> {
    Value::I64(i64::try_from(n).unwrap_or(i64::MAX))
}

fn motion_link(row: &dyn Row) -> Result<InstructionMotion> {
    Ok(InstructionMotion {
        motion_id: MotionId(row.i64(0)?),
        instruction_id: InstructionId(row.i64(1)?),
        body_id: BodyId(row.i64(2)?),
    })
}

impl InstructionRepo for SqlRepo<'_> {
    fn insert_instruction(&mut self, new: &NewInstruction, public_id: PublicId) -> Result<InstructionId> {
        let id = self.conn.insert_returning_id(
            "INSERT INTO instructions (public_id, body_id, resolution_id, scope_body_id, scope_kind, note, ack_by, \
             sent_at, sent_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            &[
                public_id.into(),
                new.body_id.0.into(),
                new.resolution_id.into(),
                new.scope_body_id.map(|b| b.0).into(),
                new.scope_kind.map(BodyKind::code).into(),
                new.note.as_str().into(),
                new.ack_by.into(),
                new.sent_at.into(),
                new.sent_by.as_str().into(),
            ],
        )?;
        Ok(InstructionId(id))
    }

    fn insert_instruction_recipients(&mut self, id: InstructionId, bodies: &[BodyId]) -> Result<()> {
        if bodies.is_empty() {
            return Ok(());
        }
        let columns = [
            ArrayColumn::I64(bodies.iter().map(|_| Some(id.0)).collect()),
            ArrayColumn::I64(bodies.iter().map(|b| Some(b.0)).collect()),
        ];
        if let Some(done) = self.conn.execute_arrays(
            "INSERT INTO instruction_recipients (instruction_id, body_id) SELECT * FROM UNNEST($1::bigint[], $2::bigint[])",
            &columns,
        ) {
            return done.map(drop);
        }
        for body in bodies {
            self.conn.execute(
                "INSERT INTO instruction_recipients (instruction_id, body_id) VALUES ($1, $2)",
                &[id.0.into(), body.0.into()],
            )?;
        }
        Ok(())
    }

    fn instruction(&mut self, id: InstructionId) -> Result<Option<InstructionRecord>> {
        self.conn.query_opt(&format!("{SELECT} WHERE i.id = $1"), &[id.0.into()], instruction_from_row)
    }

    fn instruction_by_public_id(&mut self, public_id: PublicId) -> Result<Option<InstructionRecord>> {
        self.conn.query_opt(&format!("{SELECT} WHERE i.public_id = $1"), &[public_id.into()], instruction_from_row)
    }

    fn instructions_sent(&mut self, body: BodyId, n: u64) -> Result<Vec<InstructionRecord>> {
        self.conn.query_vec(
            &format!("{SELECT} WHERE i.body_id = $1 ORDER BY i.sent_at DESC, i.id DESC LIMIT $2"),
            &[body.0.into(), limit(n)],
            instruction_from_row,
        )
    }

    fn instructions_reaching(&mut self, root: BodyId, n: u64) -> Result<Vec<InstructionRecord>> {
        // The sub-tree as a recursive common table expression (both dialects).
        let sql = format!(
            "WITH RECURSIVE sub(id) AS (SELECT CAST($1 AS BIGINT) UNION ALL \
             SELECT b.id FROM bodies b JOIN sub ON b.parent_id = sub.id) \
             {SELECT} WHERE i.body_id <> $1 AND EXISTS (SELECT 1 FROM instruction_recipients r \
             JOIN sub ON sub.id = r.body_id WHERE r.instruction_id = i.id) \
             ORDER BY i.sent_at DESC, i.id DESC LIMIT $2"
        );
        self.conn.query_vec(&sql, &[root.0.into(), limit(n)], instruction_from_row)
    }

    fn instructions_pending(&mut self, body: BodyId, n: u64) -> Result<Vec<InstructionRecord>> {
        let sql = format!(
            "{SELECT} JOIN instruction_recipients r ON r.instruction_id = i.id AND r.body_id = $1 \
             WHERE NOT EXISTS (SELECT 1 FROM instruction_acks a WHERE a.instruction_id = i.id AND a.body_id = $1) \
             ORDER BY i.sent_at DESC, i.id DESC LIMIT $2"
        );
        self.conn.query_vec(&sql, &[body.0.into(), limit(n)], instruction_from_row)
    }

    fn instruction_recipients(&mut self, id: InstructionId) -> Result<Vec<BodyId>> {
        self.conn.query_vec(
            "SELECT body_id FROM instruction_recipients WHERE instruction_id = $1 ORDER BY body_id",
            &[id.0.into()],
            |row| Ok(BodyId(row.i64(0)?)),
        )
    }

    fn is_instruction_recipient(&mut self, id: InstructionId, body: BodyId) -> Result<bool> {
        Ok(self
            .conn
            .query_opt(
                "SELECT body_id FROM instruction_recipients WHERE instruction_id = $1 AND body_id = $2",
                &[id.0.into(), body.0.into()],
                |row| row.i64(0),
            )?
            .is_some())
    }

    fn instruction_acks(&mut self, id: InstructionId) -> Result<Vec<AckRecord>> {
        self.conn.query_vec(
            &format!("{ACK_SELECT} WHERE a.instruction_id = $1 ORDER BY a.acknowledged_at, a.body_id"),
            &[id.0.into()],
            ack_from_row,
        )
    }

    fn instruction_ack(&mut self, id: InstructionId, body: BodyId) -> Result<Option<AckRecord>> {
        self.conn.query_opt(
            &format!("{ACK_SELECT} WHERE a.instruction_id = $1 AND a.body_id = $2"),
            &[id.0.into(), body.0.into()],
            ack_from_row,
        )
    }

    fn insert_instruction_ack(&mut self, a: &AckRecord) -> Result<()> {
        self.conn.execute(
            "INSERT INTO instruction_acks (instruction_id, body_id, acknowledged_at, actor, account_id, person_id, \
             office, motion_id, resolution_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            &[
                a.instruction_id.0.into(),
                a.body_id.0.into(),
                a.acknowledged_at.into(),
                a.actor.as_str().into(),
                a.account_id.map(|x| x.0).into(),
                a.person_id.map(|x| x.0).into(),
                a.office.as_deref().into(),
                a.motion_id.map(|x| x.0).into(),
                a.resolution_id.into(),
            ],
        )?;
        Ok(())
    }

    fn insert_instruction_motion(&mut self, link: &InstructionMotion) -> Result<()> {
        self.conn.execute(
            "INSERT INTO instruction_motions (motion_id, instruction_id, body_id) VALUES ($1, $2, $3)",
            &[link.motion_id.0.into(), link.instruction_id.0.into(), link.body_id.0.into()],
        )?;
        Ok(())
    }

    fn instruction_motion(&mut self, motion: MotionId) -> Result<Option<InstructionMotion>> {
        self.conn.query_opt(
            "SELECT motion_id, instruction_id, body_id FROM instruction_motions WHERE motion_id = $1",
            &[motion.0.into()],
            motion_link,
        )
    }

    fn instruction_motions(&mut self, id: InstructionId) -> Result<Vec<InstructionMotion>> {
        self.conn.query_vec(
            "SELECT motion_id, instruction_id, body_id FROM instruction_motions WHERE instruction_id = $1 \
             ORDER BY motion_id",
            &[id.0.into()],
            motion_link,
        )
    }
}
