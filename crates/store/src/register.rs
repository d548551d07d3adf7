//! What reading the register in parts needs: bodies with those above them (permissions decided
//! without the whole tree), and the register's version (migration 31: the cache's cheap check).

use cabildo_domain::{Body, BodyId};

use crate::conn::Value;
use crate::repo::{BODY_COLUMNS, SqlRepo, body_from_row};
use crate::{Backend, Repo, Result};

pub trait RegisterRepo {
    /// The given bodies and every body above each, ordered by id, each once (unknown ids are left
    /// out): a partial tree in which permissions over those bodies are decided exactly as in the
    /// whole one, read without reading the whole register.
    fn bodies_with_ancestors(&mut self, ids: &[BodyId]) -> Result<Vec<Body>>;
    /// The register's version (PostgreSQL: moved by every committed write to the register's
    /// tables, whoever made it; migration 31). `None` on SQLite, and where the row is missing.
    fn register_version(&mut self) -> Result<Option<i64>>;
}

impl RegisterRepo for SqlRepo<'_> {
    fn bodies_with_ancestors(&mut self, ids: &[BodyId]) -> Result<Vec<Body>> {
        let mut ids: Vec<i64> = ids.iter().map(|b| b.0).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut found: Vec<Body> = Vec::new();
        // A bounded number of parameters per statement (SQLite's limit is far above).
        for chunk in ids.chunks(500) {
            let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "WITH RECURSIVE chain(id, depth) AS (SELECT id, 0 FROM bodies WHERE id IN ({}) UNION \
                 SELECT b.parent_id, chain.depth + 1 FROM bodies b JOIN chain ON b.id = chain.id \
                 WHERE b.parent_id IS NOT NULL AND chain.depth < 64) \
                 SELECT {BODY_COLUMNS} FROM bodies WHERE id IN (SELECT id FROM chain) ORDER BY id",
                placeholders.join(", ")
            );
            let params: Vec<Value<'_>> = chunk.iter().map(|id| Value::I64(*id)).collect();
            found.extend(self.conn.query_vec(&sql, &params, body_from_row)?);
        }
        found.sort_by_key(|b| b.id);
        found.dedup_by_key(|b| b.id);
        Ok(found)
    }

    fn register_version(&mut self) -> Result<Option<i64>> {
        if self.backend() == Backend::Sqlite {
            return Ok(None);
        }
        let found = self.conn.query_vec("SELECT version FROM register_version WHERE id = 1", &[], |row| row.i64(0))?;
        Ok(found.first().copied())
    }
}
