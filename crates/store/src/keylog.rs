//! The key log's part of the store contract (a supertrait of [`crate::Repo`]): entries are
//! appended, read back whole, never changed (migration 9 also has the database refuse it).

use cabildo_domain::access::AccountId;
use cabildo_domain::keylog::{KeyEntry, KeyKind};

use crate::conn::{Conn, Row};
use crate::repo::SqlRepo;
use crate::{Result, StoreError};

/// The key log in the store contract.
pub trait KeyLogRepo {
    /// Appends an entry; refused ([`StoreError::Conflict`]) if its number or key is taken.
    fn append_key_entry(&mut self, entry: &KeyEntry) -> Result<()>;
    /// The whole log, in order.
    fn key_log(&mut self) -> Result<Vec<KeyEntry>>;
    /// The log's last entry.
    fn key_log_head(&mut self) -> Result<Option<KeyEntry>>;
    /// An account's entries, in order.
    fn key_entries_of(&mut self, account: AccountId) -> Result<Vec<KeyEntry>>;
}

const SELECT: &str = "SELECT seq, account_id, username, public_key, kind, admin, endorser, endorsement, created_at, \
     prev_hash, entry_hash FROM key_log";

fn entry_from_row(row: &dyn Row) -> Result<KeyEntry> {
    let seq = row.i64(0)?;
    let kind = row.text(4)?;
    Ok(KeyEntry {
        seq: u64::try_from(seq).map_err(|_| StoreError::corrupt("key_log.seq", &seq.to_string()))?,
        account_id: row.i64(1)?,
        username: row.text(2)?,
        public_key: row.text(3)?,
        kind: KeyKind::parse(&kind).ok_or_else(|| StoreError::corrupt("key_log.kind", &kind))?,
        admin: row.i64(5)? != 0,
        endorser: row.opt_text(6)?,
        endorsement: row.opt_text(7)?,
        created_at: row.i64(8)?,
        prev_hash: row.opt_text(9)?,
        entry_hash: row.text(10)?,
    })
}

fn insert(conn: &mut dyn Conn, e: &KeyEntry) -> Result<()> {
    let seq = i64::try_from(e.seq).map_err(|_| StoreError::Internal(format!("key log entry {} too far", e.seq)))?;
    conn.execute(
        "INSERT INTO key_log (seq, account_id, username, public_key, kind, admin, endorser, endorsement, created_at, \
         prev_hash, entry_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        &[
            seq.into(),
            e.account_id.into(),
            e.username.as_str().into(),
            e.public_key.as_str().into(),
            e.kind.code().into(),
            i64::from(e.admin).into(),
            e.endorser.as_deref().into(),
            e.endorsement.as_deref().into(),
            e.created_at.into(),
            e.prev_hash.as_deref().into(),
            e.entry_hash.as_str().into(),
        ],
    )?;
    Ok(())
}

impl KeyLogRepo for SqlRepo<'_> {
    fn append_key_entry(&mut self, entry: &KeyEntry) -> Result<()> {
        insert(self.conn, entry)
    }

    fn key_log(&mut self) -> Result<Vec<KeyEntry>> {
        self.conn.query_vec(&format!("{SELECT} ORDER BY seq"), &[], entry_from_row)
    }

    fn key_log_head(&mut self) -> Result<Option<KeyEntry>> {
        self.conn.query_opt(&format!("{SELECT} ORDER BY seq DESC LIMIT 1"), &[], entry_from_row)
    }

    fn key_entries_of(&mut self, account: AccountId) -> Result<Vec<KeyEntry>> {
        self.conn.query_vec(
            &format!("{SELECT} WHERE account_id = $1 ORDER BY seq"),
            &[account.0.into()],
            entry_from_row,
        )
    }
}

/// Migration 9's step: the keys that existed before the log become its first entries, kind
/// `legacy`, endorsed by nobody, in the order they were registered; `admin` says whether the
/// account held the administrador role at the upgrade. They are trusted only when a pin covers
/// them (see ARCHITECTURE.md, "The key log").
pub(crate) fn backfill_legacy_keys(conn: &mut dyn Conn) -> Result<()> {
    if conn.query_opt("SELECT COUNT(*) FROM key_log", &[], |row| row.i64(0))?.unwrap_or(0) > 0 {
        // Applied again over a log that exists: it stays as it is.
        return Ok(());
    }
    let keys = conn.query_vec(
        "SELECT k.account_id, a.username, k.public_key, k.created_at, \
         (SELECT COUNT(*) FROM grants g WHERE g.account_id = k.account_id AND g.role = 'administrador') \
         FROM account_keys k JOIN accounts a ON a.id = k.account_id ORDER BY k.id",
        &[],
        |row| Ok((row.i64(0)?, row.text(1)?, row.text(2)?, row.i64(3)?, row.i64(4)? > 0)),
    )?;
    let mut previous: Option<KeyEntry> = None;
    for (account_id, username, public_key, created_at, admin) in keys {
        let new = cabildo_domain::keylog::NewKeyEntry {
            account_id,
            username,
            public_key,
            kind: KeyKind::Legacy,
            admin,
            created_at,
        };
        let entry = KeyEntry::next(previous.as_ref(), new, None);
        insert(conn, &entry)?;
        previous = Some(entry);
    }
    Ok(())
}
