//! The seam between the one SQL implementation of the repository and the two drivers.
//! SQL is written once with PostgreSQL's `$1` placeholders; the SQLite side rewrites them to its
//! equivalent `?1`.

use cabildo_domain::{Date, PublicId};

use crate::{Backend, Result};

/// A parameter value, converted by each driver.
#[derive(Debug, Clone, Copy)]
pub enum Value<'a> {
    Null,
    I64(i64),
    F64(f64),
    Text(&'a str),
    Date(Date),
    /// PostgreSQL `uuid`; SQLite a 16-byte BLOB.
    PublicId(PublicId),
    /// PostgreSQL `bytea`; SQLite a BLOB.
    Bytes(&'a [u8]),
}

impl<'a> From<i64> for Value<'a> {
    fn from(v: i64) -> Self {
        Value::I64(v)
    }
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(v: &'a str) -> Self {
        Value::Text(v)
    }
}

impl<'a> From<&'a String> for Value<'a> {
    fn from(v: &'a String) -> Self {
        Value::Text(v)
    }
}

impl<'a> From<Date> for Value<'a> {
    fn from(v: Date) -> Self {
        Value::Date(v)
    }
}

impl<'a> From<PublicId> for Value<'a> {
    fn from(v: PublicId) -> Self {
        Value::PublicId(v)
    }
}

impl<'a> From<f64> for Value<'a> {
    fn from(v: f64) -> Self {
        Value::F64(v)
    }
}

impl<'a, T: Into<Value<'a>>> From<Option<T>> for Value<'a> {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// A result row, read by column index.
pub trait Row {
    fn i64(&self, i: usize) -> Result<i64>;
    fn opt_i64(&self, i: usize) -> Result<Option<i64>>;
    fn text(&self, i: usize) -> Result<String>;
    fn opt_text(&self, i: usize) -> Result<Option<String>>;
    fn date(&self, i: usize) -> Result<Date>;
    fn opt_date(&self, i: usize) -> Result<Option<Date>>;
    fn opt_f64(&self, i: usize) -> Result<Option<f64>>;
    /// A public id; a NULL or anything but a version 7 UUID is [`crate::StoreError::Corrupt`].
    fn public_id(&self, i: usize) -> Result<PublicId>;
    /// A `bytea` / BLOB column.
    fn bytes(&self, i: usize) -> Result<Vec<u8>>;
}

/// A connection inside a transaction.
pub trait Conn {
    fn backend(&self) -> Backend;
    /// Runs several statements separated by semicolons, without parameters (migrations).
    fn execute_batch(&mut self, sql: &str) -> Result<()>;
    /// Runs a statement; returns the number of rows changed.
    fn execute(&mut self, sql: &str, params: &[Value<'_>]) -> Result<u64>;
    /// Runs a query and hands each row to `each`, streaming.
    fn query(&mut self, sql: &str, params: &[Value<'_>], each: &mut dyn FnMut(&dyn Row) -> Result<()>) -> Result<()>;
    /// Runs a batch statement whose parameters are arrays (PostgreSQL's `UNNEST`); `None` where
    /// the backend prefers row-by-row statements (SQLite, in process, is faster that way).
    fn execute_arrays(&mut self, _sql: &str, _columns: &[ArrayColumn]) -> Option<Result<u64>> {
        None
    }
    /// Runs an `INSERT … RETURNING id` of one row the backend's cheaper way, if it has one
    /// (SQLite: the row id of the last insert, without the temporary table `RETURNING` fills).
    fn insert_one(&mut self, _sql: &str, _params: &[Value<'_>]) -> Option<Result<i64>> {
        None
    }
}

/// A column of values for a batch insert through `UNNEST`.
#[derive(Debug, Clone)]
pub enum ArrayColumn {
    I64(Vec<Option<i64>>),
    F64(Vec<Option<f64>>),
    Text(Vec<Option<String>>),
    Date(Vec<Option<Date>>),
    PublicId(Vec<PublicId>),
}

impl dyn Conn + '_ {
    /// The first row mapped by `map`, if any.
    pub fn query_opt<T>(
        &mut self,
        sql: &str,
        params: &[Value<'_>],
        map: impl Fn(&dyn Row) -> Result<T>,
    ) -> Result<Option<T>> {
        let mut out = None;
        self.query(sql, params, &mut |row| {
            if out.is_none() {
                out = Some(map(row)?);
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// Every row mapped by `map`.
    pub fn query_vec<T>(
        &mut self,
        sql: &str,
        params: &[Value<'_>],
        map: impl Fn(&dyn Row) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        self.query(sql, params, &mut |row| {
            out.push(map(row)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// The id returned by an `INSERT … RETURNING id`.
    pub fn insert_returning_id(&mut self, sql: &str, params: &[Value<'_>]) -> Result<i64> {
        if let Some(id) = self.insert_one(sql, params) {
            return id;
        }
        self.query_opt(sql, params, |row| row.i64(0))?
            .ok_or_else(|| crate::StoreError::Internal("insert returned no id".into()))
    }

    /// Runs an `UPDATE` that must change exactly one row.
    pub fn update_one(&mut self, sql: &str, params: &[Value<'_>]) -> Result<()> {
        match self.execute(sql, params)? {
            0 => Err(crate::StoreError::NotFound),
            _ => Ok(()),
        }
    }
}
