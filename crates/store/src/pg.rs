//! PostgreSQL backend: one connection with a cache of prepared statements (a later issue pools
//! connections for the web server). Batch inserts go through `UNNEST` in one round trip.

use std::collections::HashMap;
use std::error::Error;
use std::sync::Mutex;
use std::time::Duration;

use bytes::BytesMut;
use cabildo_domain::{Date, PublicId};
use postgres::error::SqlState;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};
use postgres::{Client, Config, NoTls, Statement};

use crate::conn::{ArrayColumn, Conn, Row, Value};
use crate::migrate::{self, MigrationReport};
use crate::repo::SqlRepo;
use crate::{Backend, Repo, Result, StoreError};

struct Inner {
    client: Client,
    statements: HashMap<String, Statement>,
}

pub struct PgStore {
    url_redacted: String,
    /// How to connect again (the vote box opens its own connection).
    config: Config,
    inner: Mutex<Inner>,
}

/// Hides the password of a connection URL: `postgres://user:***@host/db`.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    match rest.split_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

pub(crate) fn map_error(error: postgres::Error) -> StoreError {
    if let Some(db) = error.as_db_error() {
        let code = db.code();
        if *code == SqlState::UNIQUE_VIOLATION
            || *code == SqlState::FOREIGN_KEY_VIOLATION
            || *code == SqlState::CHECK_VIOLATION
            || *code == SqlState::NOT_NULL_VIOLATION
        {
            return StoreError::Conflict(db.message().to_string());
        }
        return StoreError::Internal(format!("{}: {}", code.code(), db.message()));
    }
    if error.is_closed() || error.source().is_some_and(|s| s.is::<std::io::Error>()) {
        return StoreError::Unavailable(error.to_string());
    }
    StoreError::Internal(error.to_string())
}

impl PgStore {
    pub fn open(url: &str) -> Result<Self> {
        let url_redacted = redact_url(url);
        let mut config: Config = url.parse().map_err(|e| StoreError::Unavailable(format!("{url_redacted}: {e}")))?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(5));
        }
        config.application_name("cabildo");
        let client = Self::connect(&config, &url_redacted)?;
        Ok(PgStore { url_redacted, config, inner: Mutex::new(Inner { client, statements: HashMap::new() }) })
    }

    /// A new connection with the store's settings. Blocks: never call it inside an async runtime.
    pub(crate) fn connect(config: &Config, url_redacted: &str) -> Result<Client> {
        config.connect(NoTls).map_err(|e| StoreError::Unavailable(format!("{url_redacted}: {e}")))
    }

    pub(crate) fn config(&self) -> &Config {
        &self.config
    }

    pub fn url_redacted(&self) -> &str {
        &self.url_redacted
    }

    fn with_conn<T, E: From<StoreError>>(
        &self,
        write: bool,
        f: impl FnOnce(&mut PgConn<'_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let mut guard = self.inner.lock().map_err(|_| StoreError::Internal("connection lock poisoned".into()))?;
        let inner = &mut *guard;
        let tx = inner.client.transaction().map_err(map_error)?;
        let mut conn = PgConn { tx, statements: &mut inner.statements };
        let out = f(&mut conn);
        let PgConn { tx, .. } = conn;
        match out {
            Ok(out) if write => {
                tx.commit().map_err(map_error)?;
                Ok(out)
            }
            Ok(out) => {
                tx.rollback().map_err(map_error)?;
                Ok(out)
            }
            Err(e) => {
                // Dropping the transaction rolls it back; a failed rollback changes nothing more.
                drop(tx.rollback());
                Err(e)
            }
        }
    }

    pub fn transaction<T, E: From<StoreError>>(
        &self,
        write: bool,
        f: impl FnOnce(&mut dyn Repo) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        self.with_conn(write, |conn| f(&mut SqlRepo { conn }))
    }

    pub fn migrate(&self) -> Result<MigrationReport> {
        let report = self.with_conn(true, |conn| migrate::run(conn))?;
        // New tables: statements prepared before may describe an older schema.
        if let Ok(mut inner) = self.inner.lock() {
            inner.statements.clear();
        }
        Ok(report)
    }

    pub fn schema_version(&self) -> Result<i64> {
        self.with_conn(false, |conn| migrate::current_version(conn))
    }
}

struct PgConn<'a> {
    tx: postgres::Transaction<'a>,
    statements: &'a mut HashMap<String, Statement>,
}

impl PgConn<'_> {
    fn statement(&mut self, sql: &str) -> Result<Statement> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.tx.prepare(sql).map_err(map_error)?;
        if self.statements.len() > 256 {
            self.statements.clear();
        }
        self.statements.insert(sql.to_string(), statement.clone());
        Ok(statement)
    }
}

#[derive(Debug)]
struct PgValue<'a>(Value<'a>);

impl ToSql for PgValue<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> std::result::Result<IsNull, Box<dyn Error + Sync + Send>> {
        match self.0 {
            Value::Null => Ok(IsNull::Yes),
            Value::I64(v) if *ty == Type::INT4 => i32::try_from(v)?.to_sql(ty, out),
            Value::I64(v) if *ty == Type::INT2 => i16::try_from(v)?.to_sql(ty, out),
            Value::I64(v) => v.to_sql(ty, out),
            Value::F64(v) => v.to_sql(ty, out),
            Value::Text(v) => v.to_sql(ty, out),
            Value::Date(v) => v.to_sql(ty, out),
            Value::PublicId(v) => PgUuid(v).to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// A public id as PostgreSQL's `uuid`, whose binary form is the 16 bytes themselves (so the
/// driver's `uuid` feature is not needed).
#[derive(Debug, Clone, Copy)]
struct PgUuid(PublicId);

impl ToSql for PgUuid {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> std::result::Result<IsNull, Box<dyn Error + Sync + Send>> {
        out.extend_from_slice(self.0.as_bytes());
        Ok(IsNull::No)
    }

    fn accepts(ty: &Type) -> bool {
        *ty == Type::UUID
    }

    to_sql_checked!();
}

impl<'a> FromSql<'a> for PgUuid {
    fn from_sql(_: &Type, raw: &'a [u8]) -> std::result::Result<Self, Box<dyn Error + Sync + Send>> {
        let bytes = <[u8; 16]>::try_from(raw)?;
        PublicId::from_bytes(bytes).map(PgUuid).ok_or_else(|| "not a version 7 UUID".into())
    }

    fn accepts(ty: &Type) -> bool {
        *ty == Type::UUID
    }
}

impl Conn for PgConn<'_> {
    fn backend(&self) -> Backend {
        Backend::Postgres
    }

    fn execute_batch(&mut self, sql: &str) -> Result<()> {
        self.tx.batch_execute(sql).map_err(map_error)
    }

    fn execute(&mut self, sql: &str, params: &[Value<'_>]) -> Result<u64> {
        let statement = self.statement(sql)?;
        let values: Vec<PgValue<'_>> = params.iter().map(|v| PgValue(*v)).collect();
        let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        self.tx.execute(&statement, &refs).map_err(map_error)
    }

    fn query(&mut self, sql: &str, params: &[Value<'_>], each: &mut dyn FnMut(&dyn Row) -> Result<()>) -> Result<()> {
        let statement = self.statement(sql)?;
        let values: Vec<PgValue<'_>> = params.iter().map(|v| PgValue(*v)).collect();
        let refs = values.iter().map(|v| v as &dyn ToSql);
        let mut rows = self.tx.query_raw(&statement, refs).map_err(map_error)?;
        while let Some(row) = rows.next().map_err(map_error)? {
            each(&PgRow(row))?;
        }
        Ok(())
    }

    fn execute_arrays(&mut self, sql: &str, columns: &[ArrayColumn]) -> Option<Result<u64>> {
        let statement = match self.statement(sql) {
            Ok(statement) => statement,
            Err(e) => return Some(Err(e)),
        };
        let uuids: Vec<Vec<PgUuid>> = columns
            .iter()
            .filter_map(|c| match c {
                ArrayColumn::PublicId(v) => Some(v.iter().copied().map(PgUuid).collect()),
                _ => None,
            })
            .collect();
        let mut uuids = uuids.iter();
        let mut refs: Vec<&(dyn ToSql + Sync)> = Vec::with_capacity(columns.len());
        for column in columns {
            refs.push(match column {
                ArrayColumn::I64(v) => v as &(dyn ToSql + Sync),
                ArrayColumn::F64(v) => v as &(dyn ToSql + Sync),
                ArrayColumn::Text(v) => v as &(dyn ToSql + Sync),
                ArrayColumn::Date(v) => v as &(dyn ToSql + Sync),
                ArrayColumn::PublicId(_) => match uuids.next() {
                    Some(v) => v as &(dyn ToSql + Sync),
                    None => return Some(Err(StoreError::Internal("public id column lost".into()))),
                },
            });
        }
        Some(self.tx.execute(&statement, &refs).map_err(map_error))
    }
}

struct PgRow(postgres::Row);

impl PgRow {
    fn get<'a, T: postgres::types::FromSql<'a>>(&'a self, i: usize) -> Result<T> {
        self.0.try_get(i).map_err(|e| {
            let column = self.0.columns().get(i).map_or("?", |c| c.name());
            StoreError::Corrupt(format!("column {column}: {e}"))
        })
    }
}

impl Row for PgRow {
    fn i64(&self, i: usize) -> Result<i64> {
        self.get(i)
    }
    fn opt_i64(&self, i: usize) -> Result<Option<i64>> {
        self.get(i)
    }
    fn text(&self, i: usize) -> Result<String> {
        self.get(i)
    }
    fn opt_text(&self, i: usize) -> Result<Option<String>> {
        self.get(i)
    }
    fn date(&self, i: usize) -> Result<Date> {
        self.get(i)
    }
    fn opt_date(&self, i: usize) -> Result<Option<Date>> {
        self.get(i)
    }
    fn opt_f64(&self, i: usize) -> Result<Option<f64>> {
        self.get(i)
    }
    fn public_id(&self, i: usize) -> Result<PublicId> {
        self.get::<PgUuid>(i).map(|id| id.0)
    }
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn passwords_never_show_in_urls() {
        assert_eq!(redact_url("postgres://cabildo:s3cret@db:5432/x"), "postgres://cabildo:***@db:5432/x");
        assert_eq!(redact_url("postgres://cabildo@db/x"), "postgres://cabildo@db/x");
    }
}
