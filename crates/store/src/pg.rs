//! PostgreSQL backend: a pool of connections (`pool.rs`), each with its own cache of prepared
//! statements, TLS as the URL's `sslmode` asks (`tls.rs`, `settings.rs`). Reads run as
//! `REPEATABLE READ READ ONLY` snapshots; writes as `READ COMMITTED`. Batch inserts go through
//! `UNNEST` in one round trip. Read replicas (`replicas.rs`) take the reads when configured.

mod pool;
mod replicas;
mod settings;
mod tls;

use std::collections::HashMap;
use std::error::Error;
use std::sync::Arc;
use std::time::Duration;

use bytes::BytesMut;
use cabildo_domain::{Date, PublicId};
use postgres::error::SqlState;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};
use postgres::{Client, Statement};

pub(crate) use pool::Connector;
use pool::{Lease, Pool};
pub use replicas::ReplicaStatus;
use replicas::Replicas;
use settings::Settings;

use crate::conn::{ArrayColumn, Conn, Row, Value};
use crate::migrate::{self, MigrationReport};
use crate::repo::SqlRepo;
use crate::{Backend, Repo, Result, StoreError};

pub struct PgStore {
    pool: Pool,
    /// Hot standbys that take the reads (none by default).
    replicas: Option<Arc<Replicas>>,
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
        if server_gone(code) {
            return StoreError::Unavailable(format!("{}: {}", code.code(), db.message()));
        }
        return StoreError::Internal(format!("{}: {}", code.code(), db.message()));
    }
    if error.is_closed() || error.source().is_some_and(|s| s.is::<std::io::Error>()) {
        return StoreError::Unavailable(error.to_string());
    }
    StoreError::Internal(error.to_string())
}

/// The server is shutting down, restarting or not reachable (SQLSTATE class 08, 57P01-57P03).
fn server_gone(code: &SqlState) -> bool {
    code.code().starts_with("08")
        || *code == SqlState::ADMIN_SHUTDOWN
        || *code == SqlState::CRASH_SHUTDOWN
        || *code == SqlState::CANNOT_CONNECT_NOW
}

/// Whether `error` means the connection it came from is finished: it cannot run anything more.
pub(crate) fn connection_lost(error: &postgres::Error) -> bool {
    error.is_closed()
        || error.source().is_some_and(|s| s.is::<std::io::Error>())
        || error.code().is_some_and(server_gone)
}

/// How a transaction starts: reads see one snapshot of every table and cannot write.
fn begin_sql(write: bool) -> &'static str {
    if write { "BEGIN" } else { "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY" }
}

impl PgStore {
    pub fn open(url: &str) -> Result<Self> {
        let settings = Settings::parse(url)?;
        Ok(PgStore { pool: Pool::open(settings)?, replicas: None })
    }

    /// Sends reads to the hot standbys at `urls` from now on, leaving out one that lags more than
    /// `max_lag` or does not answer.
    pub fn add_replicas(&mut self, urls: &[String], max_lag: Duration) -> Result<()> {
        if !urls.is_empty() {
            self.replicas = Some(Replicas::open(urls, max_lag, self.pool.connector())?);
        }
        Ok(())
    }

    pub(crate) fn replicas(&self) -> Option<&Replicas> {
        self.replicas.as_deref()
    }

    /// Opens connections as this store does (the vote box keeps its own).
    pub(crate) fn connector(&self) -> &Connector {
        self.pool.connector()
    }

    pub fn url_redacted(&self) -> &str {
        self.pool.connector().url_redacted()
    }

    /// The most connections this store opens at once, and how many are open now.
    pub fn pool_status(&self) -> (usize, usize) {
        (self.pool.size(), self.pool.open_connections())
    }

    /// A connection of the primary with a transaction begun on it (see [`begin_on`]).
    fn begin(&self, write: bool) -> Result<Lease<'_>> {
        begin_on(&self.pool, write)
    }

    fn with_conn<T, E: From<StoreError>>(
        &self,
        write: bool,
        f: impl FnOnce(&mut PgConn<'_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        if !write && let Some(replicas) = &self.replicas {
            if let Some(replica) = replicas.pick(crate::floor::current()) {
                match begin_on(&replica.pool, false) {
                    Ok(lease) => {
                        replica.read_here();
                        return run_on(lease, false, false, f);
                    }
                    // Nothing ran yet: the read goes to the primary instead.
                    Err(_) => replica.down(),
                }
            }
            replicas.read_on_primary();
        }
        let lease = self.begin(write)?;
        run_on(lease, write, self.replicas.is_some(), f)
    }
}

/// A connection of `pool` with a transaction begun on it. A pooled connection found dead at
/// `BEGIN` (the server restarted since it was last used) is closed and the next one tried: nothing
/// was sent but `BEGIN`, so that is safe for writes too. A new connection failing is the answer.
fn begin_on(pool: &Pool, write: bool) -> Result<Lease<'_>> {
    let mut stale = 0;
    loop {
        let mut lease = pool.checkout()?;
        lease.set_clean(false);
        let fresh = lease.fresh();
        match lease.session()?.client.batch_execute(begin_sql(write)) {
            Ok(()) => return Ok(lease),
            Err(e) if !fresh && connection_lost(&e) && stale < pool.size() => stale += 1,
            Err(e) => return Err(map_error(e)),
        }
    }
}

/// Runs `f` in the transaction begun on `lease` and ends it. With replicas (`track`), a write's
/// commit raises this thread's read floor to the primary's WAL position after it (`floor.rs`).
fn run_on<T, E: From<StoreError>>(
    mut lease: Lease<'_>,
    write: bool,
    track: bool,
    f: impl FnOnce(&mut PgConn<'_>) -> std::result::Result<T, E>,
) -> std::result::Result<T, E> {
    let session = lease.session()?;
    let mut conn = PgConn { client: &mut session.client, statements: &mut session.statements };
    let out = f(&mut conn);
    let end = match &out {
        Ok(_) if write => "COMMIT",
        _ => "ROLLBACK",
    };
    // A failed COMMIT is not tried again: whether it took effect is unknown. Either way the
    // connection is closed rather than reused.
    let ended = session.client.batch_execute(end);
    if track && write && out.is_ok() && ended.is_ok() {
        // The client's next reads must see this commit. Should the question fail, the rest of
        // this use-case reads on the primary.
        match replicas::primary_lsn(&mut session.client) {
            Ok(lsn) => crate::floor::raise(lsn),
            Err(_) => crate::floor::primary_from_now(),
        }
    }
    lease.set_clean(ended.is_ok());
    match (out, ended) {
        (Ok(out), Ok(())) => Ok(out),
        (Ok(_), Err(e)) => Err(map_error(e).into()),
        (Err(e), _) => Err(e),
    }
}

impl PgStore {
    pub fn transaction<T, E: From<StoreError>>(
        &self,
        write: bool,
        f: impl FnOnce(&mut dyn Repo) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        self.with_conn(write, |conn| f(&mut SqlRepo { conn }))
    }

    pub fn migrate(&self) -> Result<MigrationReport> {
        let report = self.with_conn(true, |conn| migrate::run(conn));
        // New tables: statements prepared before may describe an older schema.
        self.pool.schema_changed();
        report
    }

    pub fn schema_version(&self) -> Result<i64> {
        self.with_conn(false, |conn| migrate::current_version(conn))
    }
}

struct PgConn<'a> {
    /// Inside a transaction begun by [`PgStore::begin`].
    client: &'a mut Client,
    statements: &'a mut HashMap<String, Statement>,
}

impl PgConn<'_> {
    fn statement(&mut self, sql: &str) -> Result<Statement> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client.prepare(sql).map_err(map_error)?;
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
            Value::Bytes(v) => v.to_sql(ty, out),
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
        self.client.batch_execute(sql).map_err(map_error)
    }

    fn execute(&mut self, sql: &str, params: &[Value<'_>]) -> Result<u64> {
        let statement = self.statement(sql)?;
        let values: Vec<PgValue<'_>> = params.iter().map(|v| PgValue(*v)).collect();
        let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        self.client.execute(&statement, &refs).map_err(map_error)
    }

    fn query(&mut self, sql: &str, params: &[Value<'_>], each: &mut dyn FnMut(&dyn Row) -> Result<()>) -> Result<()> {
        let statement = self.statement(sql)?;
        let values: Vec<PgValue<'_>> = params.iter().map(|v| PgValue(*v)).collect();
        let refs = values.iter().map(|v| v as &dyn ToSql);
        let mut rows = self.client.query_raw(&statement, refs).map_err(map_error)?;
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
        Some(self.client.execute(&statement, &refs).map_err(map_error))
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
    fn bytes(&self, i: usize) -> Result<Vec<u8>> {
        self.get(i)
    }
    fn public_id(&self, i: usize) -> Result<PublicId> {
        self.get::<PgUuid>(i).map(|id| id.0)
    }
}
