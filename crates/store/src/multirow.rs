//! Multi-row `INSERT … VALUES (…), (…)` for SQLite, shared by the ledger's lines and charges, the
//! padrón import's staging and the tickets: SQLite spent about a quarter of an insert's time
//! running one statement per row.

use crate::Result;
use crate::conn::Value;
use crate::repo::SqlRepo;

impl SqlRepo<'_> {
    /// Writes `rows` with multi-row `INSERT … VALUES (…), (…)` statements, each row preceded by
    /// the values `shared` (bound once per statement, as `$1`, `$2`, …): SQLite spent about a
    /// quarter of an insert's time running one statement per row. The rows go in chunks of powers
    /// of two up to [`ROWS_PER_INSERT`], so that a few statements, prepared once and kept in the
    /// connection's cache, serve every size of batch.
    pub(crate) fn insert_rows<const N: usize>(
        &mut self,
        head: &str,
        shared: &[Value<'_>],
        rows: &[[Value<'_>; N]],
    ) -> Result<()> {
        let mut rest = rows;
        // The text of each size of statement, written once per call (formatting it for every
        // statement was 4 % of a padrón import's time).
        let mut texts: Vec<(usize, String)> = Vec::new();
        while !rest.is_empty() {
            let size = chunk_size(rest.len());
            let (chunk, after) = rest.split_at(size);
            let mut params: Vec<Value<'_>> = Vec::with_capacity(shared.len() + size * N);
            params.extend_from_slice(shared);
            for row in chunk {
                params.extend_from_slice(row);
            }
            let at = match texts.iter().position(|(s, _)| *s == size) {
                Some(at) => at,
                None => {
                    texts.push((size, multi_row_sql(head, shared.len(), N, size)));
                    texts.len() - 1
                }
            };
            let sql = texts.get(at).map_or("", |(_, sql)| sql.as_str());
            self.conn.execute(sql, &params)?;
            rest = after;
        }
        Ok(())
    }
}

/// The most rows one `INSERT` statement writes (SQLite allows 32,766 bound values; a charge has 9).
const ROWS_PER_INSERT: usize = 128;

/// The largest power of two not above `left` nor [`ROWS_PER_INSERT`].
fn chunk_size(left: usize) -> usize {
    let mut size = ROWS_PER_INSERT;
    while size > left.max(1) {
        size /= 2;
    }
    size
}

/// `head` followed by `rows` tuples, each of the `shared` first placeholders, then `per_row` of
/// its own.
fn multi_row_sql(head: &str, shared: usize, per_row: usize, rows: usize) -> String {
    use std::fmt::Write;
    let mut sql = String::with_capacity(head.len() + rows * (per_row + shared) * 6);
    sql.push_str(head);
    for r in 0..rows {
        sql.push_str(if r == 0 { "(" } else { ", (" });
        for i in 1..=shared {
            let _ = write!(sql, "${i}, ");
        }
        for c in 0..per_row {
            let at = shared + r * per_row + c + 1;
            let _ = write!(sql, "{}${at}", if c == 0 { "" } else { ", " });
        }
        sql.push(')');
    }
    sql
}
