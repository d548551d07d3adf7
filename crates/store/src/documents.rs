//! Documents that back an expense (issue 15, part 5; migration 25): the bytes of a photo or PDF
//! of an invoice, written once with the expense's entry, read back for its download.

use cabildo_domain::{BodyId, Date};

use crate::Result;
use crate::conn::{Row, Value};
use crate::repo::SqlRepo;

/// A document as listed (its bytes are read only to be downloaded).
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentRecord {
    pub id: i64,
    pub entry_id: i64,
    pub body_id: BodyId,
    /// `image/jpeg`, `image/png` or `application/pdf`, read from the bytes.
    pub media_type: String,
    pub file_name: String,
    pub size_bytes: i64,
    /// Lowercase hexadecimal SHA-256 of the bytes.
    pub sha256: String,
    pub added_at: i64,
    pub added_by: String,
}

/// A document to write.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDocument<'a> {
    pub entry_id: i64,
    pub body_id: BodyId,
    pub media_type: &'a str,
    pub file_name: &'a str,
    pub sha256: &'a str,
    pub content: &'a [u8],
    pub added_at: i64,
    pub added_by: &'a str,
}

/// The documents of a body's book.
pub trait DocumentRepo {
    fn insert_document(&mut self, document: &NewDocument<'_>) -> Result<i64>;
    /// The document of an entry, if it has one.
    fn document_of_entry(&mut self, entry: i64) -> Result<Option<DocumentRecord>>;
    /// A document and its bytes.
    fn document(&mut self, id: i64) -> Result<Option<(DocumentRecord, Vec<u8>)>>;
    /// The documents of a body's entries dated from `from` (inclusive) to `to`, by entry.
    fn documents_between(&mut self, body: BodyId, from: Date, to: Date) -> Result<Vec<DocumentRecord>>;
}

const DOCUMENT: &str = "SELECT d.id, d.entry_id, d.body_id, d.media_type, d.file_name, d.size_bytes, d.sha256, \
     d.added_at, d.added_by FROM ledger_documents d";

fn document_from_row(row: &dyn Row) -> Result<DocumentRecord> {
    Ok(DocumentRecord {
        id: row.i64(0)?,
        entry_id: row.i64(1)?,
        body_id: BodyId(row.i64(2)?),
        media_type: row.text(3)?,
        file_name: row.text(4)?,
        size_bytes: row.i64(5)?,
        sha256: row.text(6)?,
        added_at: row.i64(7)?,
        added_by: row.text(8)?,
    })
}

impl DocumentRepo for SqlRepo<'_> {
    fn insert_document(&mut self, d: &NewDocument<'_>) -> Result<i64> {
        self.conn.insert_returning_id(
            "INSERT INTO ledger_documents (entry_id, body_id, media_type, file_name, size_bytes, sha256, content, \
             added_at, added_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            &[
                d.entry_id.into(),
                d.body_id.0.into(),
                d.media_type.into(),
                d.file_name.into(),
                i64::try_from(d.content.len()).unwrap_or(i64::MAX).into(),
                d.sha256.into(),
                Value::Bytes(d.content),
                d.added_at.into(),
                d.added_by.into(),
            ],
        )
    }

    fn document_of_entry(&mut self, entry: i64) -> Result<Option<DocumentRecord>> {
        self.conn.query_opt(&format!("{DOCUMENT} WHERE d.entry_id = $1"), &[entry.into()], document_from_row)
    }

    fn document(&mut self, id: i64) -> Result<Option<(DocumentRecord, Vec<u8>)>> {
        self.conn.query_opt(
            "SELECT d.id, d.entry_id, d.body_id, d.media_type, d.file_name, d.size_bytes, d.sha256, d.added_at, \
             d.added_by, d.content FROM ledger_documents d WHERE d.id = $1",
            &[id.into()],
            |row| Ok((document_from_row(row)?, row.bytes(9)?)),
        )
    }

    fn documents_between(&mut self, body: BodyId, from: Date, to: Date) -> Result<Vec<DocumentRecord>> {
        self.conn.query_vec(
            &format!(
                "{DOCUMENT} JOIN ledger_entries e ON e.id = d.entry_id WHERE d.body_id = $1 AND e.occurred_on >= $2 \
                 AND e.occurred_on <= $3 ORDER BY e.number"
            ),
            &[body.0.into(), from.into(), to.into()],
            document_from_row,
        )
    }
}
