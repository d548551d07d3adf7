//! Whether a body publishes its book's totals on its public page (issue 15, part 6; migration 28):
//! every decision is written once and kept, the latest of a body is in force.

use cabildo_domain::BodyId;

use crate::Result;
use crate::conn::Row;
use crate::repo::SqlRepo;

/// A body's decision to publish its totals, or to withdraw them.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicationRecord {
    pub body_id: BodyId,
    pub published: bool,
    /// The resolution of the assembly that decided it, when one was named.
    pub resolution_id: Option<i64>,
    pub set_at: i64,
    pub set_by: String,
}

/// The decisions of bodies to publish their totals.
pub trait PublicationRepo {
    /// Writes a decision (never changing an earlier one).
    fn insert_publication(&mut self, decision: &PublicationRecord) -> Result<()>;
    /// The decision in force (the latest written); none: the body never published.
    fn publication(&mut self, body: BodyId) -> Result<Option<PublicationRecord>>;
}

impl PublicationRepo for SqlRepo<'_> {
    fn insert_publication(&mut self, d: &PublicationRecord) -> Result<()> {
        self.conn.execute(
            "INSERT INTO ledger_publications (body_id, published, resolution_id, set_at, set_by) \
             VALUES ($1, $2, $3, $4, $5)",
            &[
                d.body_id.0.into(),
                i64::from(d.published).into(),
                d.resolution_id.into(),
                d.set_at.into(),
                d.set_by.as_str().into(),
            ],
        )?;
        Ok(())
    }

    fn publication(&mut self, body: BodyId) -> Result<Option<PublicationRecord>> {
        self.conn.query_opt(
            "SELECT body_id, published, resolution_id, set_at, set_by FROM ledger_publications WHERE body_id = $1 \
             ORDER BY id DESC LIMIT 1",
            &[body.0.into()],
            |row: &dyn Row| {
                Ok(PublicationRecord {
                    body_id: BodyId(row.i64(0)?),
                    published: row.i64(1)? != 0,
                    resolution_id: row.opt_i64(2)?,
                    set_at: row.i64(3)?,
                    set_by: row.text(4)?,
                })
            },
        )
    }
}
