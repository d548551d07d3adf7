//! Mandates in the store contract (a supertrait of [`crate::Repo`]): the agenda items of an
//! assembly and the motions voted under each, the motions that put a mandate to a base's
//! assembly, and the mandates given (one per base and item). Whether a delegation kept a mandate
//! is computed by the layers above from the roll-call votes, never stored.

use cabildo_domain::BodyId;
use cabildo_domain::assembly::{AssemblyId, MotionId};
use cabildo_domain::mandate::{Mandate, Position};

use crate::conn::Row;
use crate::repo::SqlRepo;
use crate::{Result, StoreError};

/// An item of an assembly's agenda.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaItemRecord {
    pub id: i64,
    pub assembly_id: AssemblyId,
    /// Its number on the agenda, from 1.
    pub position: i64,
    pub title: String,
}

/// A motion put on a base's assembly to give its delegates a mandate on an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MandateMotion {
    pub motion_id: MotionId,
    /// The base whose delegates receive it: the body of the assembly the motion is in.
    pub body_id: BodyId,
    pub agenda_item_id: i64,
    pub mandate: Mandate,
}

/// A mandate given by a base's assembly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMandate {
    pub body_id: BodyId,
    pub agenda_item_id: i64,
    pub mandate: Mandate,
    pub motion_id: MotionId,
    pub resolution_id: i64,
    pub given_at: i64,
}

/// A mandate as stored, with its item and the resolution that gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MandateRecord {
    pub id: i64,
    pub body_id: BodyId,
    pub item: AgendaItemRecord,
    pub mandate: Mandate,
    pub motion_id: MotionId,
    pub resolution_id: i64,
    pub resolution_year: i64,
    pub resolution_number: i64,
    /// The base's assembly that adopted it.
    pub base_assembly_id: AssemblyId,
    pub given_at: i64,
}

/// Mandates in the store contract.
pub trait MandateRepo {
    /// An assembly's agenda items, in order.
    fn agenda_items(&mut self, assembly: AssemblyId) -> Result<Vec<AgendaItemRecord>>;
    fn agenda_item(&mut self, id: i64) -> Result<Option<AgendaItemRecord>>;
    /// Records the item a motion is voted under (once: a second is a conflict).
    fn insert_motion_item(&mut self, motion: MotionId, item: i64) -> Result<()>;
    /// The item a motion is voted under, if it was placed under one.
    fn motion_item(&mut self, motion: MotionId) -> Result<Option<i64>>;
    /// The motions voted under an item, in the order they were made.
    fn item_motions(&mut self, item: i64) -> Result<Vec<MotionId>>;
    fn insert_mandate_motion(&mut self, link: &MandateMotion) -> Result<()>;
    /// The mandate a motion of a base's assembly would give, if it is one.
    fn mandate_motion(&mut self, motion: MotionId) -> Result<Option<MandateMotion>>;
    /// Records a mandate; a second of the same base on the same item is a conflict.
    fn insert_mandate(&mut self, new: &NewMandate) -> Result<i64>;
    /// The mandate a base gave on an item, if any.
    fn mandate_of(&mut self, body: BodyId, item: i64) -> Result<Option<MandateRecord>>;
    /// The mandates a base gave, newest first.
    fn body_mandates(&mut self, body: BodyId) -> Result<Vec<MandateRecord>>;
    /// The mandates given on the items of an assembly, by item and base.
    fn assembly_mandates(&mut self, assembly: AssemblyId) -> Result<Vec<MandateRecord>>;
}

const ITEM: &str = "SELECT id, assembly_id, position, title FROM agenda_items";

fn item_from_row(row: &dyn Row) -> Result<AgendaItemRecord> {
    Ok(AgendaItemRecord {
        id: row.i64(0)?,
        assembly_id: AssemblyId(row.i64(1)?),
        position: row.i64(2)?,
        title: row.text(3)?,
    })
}

fn mandate_at(row: &dyn Row, table: &'static str, at: usize) -> Result<Mandate> {
    let code = row.text(at)?;
    let position = code.parse::<Position>().map_err(|_| StoreError::corrupt(table, &code))?;
    let option = row.opt_text(at + 1)?;
    if (position == Position::Option) != option.is_some() {
        return Err(StoreError::corrupt(table, &code));
    }
    Ok(Mandate { position, option })
}

const MANDATE: &str = "SELECT m.id, m.body_id, i.id, i.assembly_id, i.position, i.title, m.position, m.option_label, \
     m.motion_id, m.resolution_id, r.year, r.number, mo.assembly_id, m.given_at \
     FROM mandates m JOIN agenda_items i ON i.id = m.agenda_item_id \
     JOIN resolutions r ON r.id = m.resolution_id JOIN motions mo ON mo.id = m.motion_id";

fn mandate_from_row(row: &dyn Row) -> Result<MandateRecord> {
    Ok(MandateRecord {
        id: row.i64(0)?,
        body_id: BodyId(row.i64(1)?),
        item: AgendaItemRecord {
            id: row.i64(2)?,
            assembly_id: AssemblyId(row.i64(3)?),
            position: row.i64(4)?,
            title: row.text(5)?,
        },
        mandate: mandate_at(row, "mandates.position", 6)?,
        motion_id: MotionId(row.i64(8)?),
        resolution_id: row.i64(9)?,
        resolution_year: row.i64(10)?,
        resolution_number: row.i64(11)?,
        base_assembly_id: AssemblyId(row.i64(12)?),
        given_at: row.i64(13)?,
    })
}

impl MandateRepo for SqlRepo<'_> {
    fn agenda_items(&mut self, assembly: AssemblyId) -> Result<Vec<AgendaItemRecord>> {
        self.conn.query_vec(
            &format!("{ITEM} WHERE assembly_id = $1 ORDER BY position"),
            &[assembly.0.into()],
            item_from_row,
        )
    }

    fn agenda_item(&mut self, id: i64) -> Result<Option<AgendaItemRecord>> {
        self.conn.query_opt(&format!("{ITEM} WHERE id = $1"), &[id.into()], item_from_row)
    }

    fn insert_motion_item(&mut self, motion: MotionId, item: i64) -> Result<()> {
        self.conn.execute(
            "INSERT INTO motion_items (motion_id, agenda_item_id) VALUES ($1, $2)",
            &[motion.0.into(), item.into()],
        )?;
        Ok(())
    }

    fn motion_item(&mut self, motion: MotionId) -> Result<Option<i64>> {
        self.conn.query_opt("SELECT agenda_item_id FROM motion_items WHERE motion_id = $1", &[motion.0.into()], |row| {
            row.i64(0)
        })
    }

    fn item_motions(&mut self, item: i64) -> Result<Vec<MotionId>> {
        self.conn.query_vec(
            "SELECT motion_id FROM motion_items WHERE agenda_item_id = $1 ORDER BY motion_id",
            &[item.into()],
            |row| Ok(MotionId(row.i64(0)?)),
        )
    }

    fn insert_mandate_motion(&mut self, link: &MandateMotion) -> Result<()> {
        self.conn.execute(
            "INSERT INTO mandate_motions (motion_id, body_id, agenda_item_id, position, option_label) \
             VALUES ($1, $2, $3, $4, $5)",
            &[
                link.motion_id.0.into(),
                link.body_id.0.into(),
                link.agenda_item_id.into(),
                link.mandate.position.code().into(),
                link.mandate.option.as_deref().into(),
            ],
        )?;
        Ok(())
    }

    fn mandate_motion(&mut self, motion: MotionId) -> Result<Option<MandateMotion>> {
        self.conn.query_opt(
            "SELECT motion_id, body_id, agenda_item_id, position, option_label FROM mandate_motions \
             WHERE motion_id = $1",
            &[motion.0.into()],
            |row| {
                Ok(MandateMotion {
                    motion_id: MotionId(row.i64(0)?),
                    body_id: BodyId(row.i64(1)?),
                    agenda_item_id: row.i64(2)?,
                    mandate: mandate_at(row, "mandate_motions.position", 3)?,
                })
            },
        )
    }

    fn insert_mandate(&mut self, new: &NewMandate) -> Result<i64> {
        self.conn.insert_returning_id(
            "INSERT INTO mandates (body_id, agenda_item_id, position, option_label, motion_id, resolution_id, \
             given_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            &[
                new.body_id.0.into(),
                new.agenda_item_id.into(),
                new.mandate.position.code().into(),
                new.mandate.option.as_deref().into(),
                new.motion_id.0.into(),
                new.resolution_id.into(),
                new.given_at.into(),
            ],
        )
    }

    fn mandate_of(&mut self, body: BodyId, item: i64) -> Result<Option<MandateRecord>> {
        self.conn.query_opt(
            &format!("{MANDATE} WHERE m.body_id = $1 AND m.agenda_item_id = $2"),
            &[body.0.into(), item.into()],
            mandate_from_row,
        )
    }

    fn body_mandates(&mut self, body: BodyId) -> Result<Vec<MandateRecord>> {
        self.conn.query_vec(
            &format!("{MANDATE} WHERE m.body_id = $1 ORDER BY m.given_at DESC, m.id DESC"),
            &[body.0.into()],
            mandate_from_row,
        )
    }

    fn assembly_mandates(&mut self, assembly: AssemblyId) -> Result<Vec<MandateRecord>> {
        self.conn.query_vec(
            &format!("{MANDATE} WHERE i.assembly_id = $1 ORDER BY i.position, m.body_id"),
            &[assembly.0.into()],
            mandate_from_row,
        )
    }
}
