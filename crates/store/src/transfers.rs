//! Transfers between bodies in the store contract (a supertrait of [`crate::Repo`], migration
//! 24): the share of dues a higher body's statute asks of the bodies below it, a transfer by its
//! public id with the entries of both books that belong to it, and the two readings of the
//! arrears summary — the dues every body below a body collected in a period, and the dues shares
//! sent to it — each one statement whatever the number of bodies.

use cabildo_domain::ledger::Centavos;
use cabildo_domain::{BodyId, Date, PublicId};

use crate::Result;
use crate::ledger::{ENTRY, EntryRecord, TRANSFER, TransferRecord, entry_from_row, transfer_from_row};
use crate::repo::SqlRepo;

/// The share of dues a body's statute asks of the bodies below it.
#[derive(Debug, Clone, PartialEq)]
pub struct ShareRecord {
    pub body_id: BodyId,
    /// Basis points (1000 = 10 %).
    pub share_bp: i64,
    pub set_at: i64,
    pub set_by: String,
}

/// Transfers between bodies in the store contract.
pub trait TransferRepo {
    fn insert_share(&mut self, share: &ShareRecord) -> Result<()>;
    /// The share in force (the latest set), if the body's statute ever set one.
    fn share(&mut self, body: BodyId) -> Result<Option<ShareRecord>>;
    fn transfer_by_public_id(&mut self, public_id: PublicId) -> Result<Option<TransferRecord>>;
    /// The entries of both books that belong to a transfer, in the order recorded.
    fn transfer_entries(&mut self, transfer: i64) -> Result<Vec<EntryRecord>>;
    /// The dues each body below `root` (at any depth, `root` left out) collected from its
    /// families in entries dated in `[from, to]`: payments and credit applied to dues, less their
    /// reversals. Bodies that collected nothing are left out.
    fn dues_collected_below(&mut self, root: BodyId, from: Date, to: Date) -> Result<Vec<(BodyId, Centavos)>>;
    /// Every dues share sent to `body`, oldest first.
    fn dues_shares_to(&mut self, body: BodyId) -> Result<Vec<TransferRecord>>;
}

impl TransferRepo for SqlRepo<'_> {
    fn insert_share(&mut self, s: &ShareRecord) -> Result<()> {
        self.conn.execute(
            "INSERT INTO ledger_shares (body_id, share_bp, set_at, set_by) VALUES ($1, $2, $3, $4)",
            &[s.body_id.0.into(), s.share_bp.into(), s.set_at.into(), s.set_by.as_str().into()],
        )?;
        Ok(())
    }

    fn share(&mut self, body: BodyId) -> Result<Option<ShareRecord>> {
        self.conn.query_opt(
            "SELECT body_id, share_bp, set_at, set_by FROM ledger_shares WHERE body_id = $1 ORDER BY id DESC LIMIT 1",
            &[body.0.into()],
            |row| {
                Ok(ShareRecord {
                    body_id: BodyId(row.i64(0)?),
                    share_bp: row.i64(1)?,
                    set_at: row.i64(2)?,
                    set_by: row.text(3)?,
                })
            },
        )
    }

    fn transfer_by_public_id(&mut self, public_id: PublicId) -> Result<Option<TransferRecord>> {
        self.conn.query_opt(&format!("{TRANSFER} WHERE t.public_id = $1"), &[public_id.into()], transfer_from_row)
    }

    fn transfer_entries(&mut self, transfer: i64) -> Result<Vec<EntryRecord>> {
        self.conn.query_vec(&format!("{ENTRY} WHERE transfer_id = $1 ORDER BY id"), &[transfer.into()], entry_from_row)
    }

    fn dues_collected_below(&mut self, root: BodyId, from: Date, to: Date) -> Result<Vec<(BodyId, Centavos)>> {
        // A collection line is a payment's (or a charge run's credit applied: a negative line of
        // a `charges` entry), or the reversal of one.
        self.conn.query_vec(
            "WITH RECURSIVE sub(id) AS (SELECT CAST($1 AS BIGINT) UNION ALL \
             SELECT b.id FROM bodies b JOIN sub ON b.parent_id = sub.id) \
             SELECT l.body_id, CAST(-SUM(l.amount_centavos) AS BIGINT) FROM ledger_lines l \
             JOIN ledger_entries e ON e.id = l.entry_id LEFT JOIN ledger_entries r ON r.id = e.reverses_entry_id \
             WHERE l.body_id IN (SELECT id FROM sub) AND l.body_id <> $1 AND l.account = 'dues_receivable' \
             AND e.occurred_on >= $2 AND e.occurred_on <= $3 \
             AND (e.kind = 'payment' OR r.kind = 'payment' OR (e.kind = 'charges' AND l.amount_centavos < 0) \
             OR (r.kind = 'charges' AND l.amount_centavos > 0)) \
             GROUP BY l.body_id HAVING SUM(l.amount_centavos) <> 0 ORDER BY l.body_id",
            &[root.0.into(), from.into(), to.into()],
            |row| Ok((BodyId(row.i64(0)?), Centavos(row.i64(1)?))),
        )
    }

    fn dues_shares_to(&mut self, body: BodyId) -> Result<Vec<TransferRecord>> {
        self.conn.query_vec(
            &format!("{TRANSFER} WHERE t.to_body_id = $1 AND t.kind = 'dues_share' ORDER BY t.id"),
            &[body.0.into()],
            transfer_from_row,
        )
    }
}
