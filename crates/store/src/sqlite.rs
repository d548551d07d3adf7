//! SQLite backend: one file, WAL, foreign keys on. One writer connection (SQLite has a single
//! writer anyway) and a few reader connections, so that reads run side by side and never wait
//! for a write (WAL readers see the last commit).

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::Mutex;

use parking_lot::FairMutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use cabildo_domain::{Date, PublicId};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, ErrorCode, OpenFlags, ToSql, TransactionBehavior};

use crate::conn::{Conn, Row, Value};
use crate::migrate::{self, MigrationReport};
use crate::repo::SqlRepo;
use crate::{Backend, Repo, Result, StoreError};

pub struct SqliteStore {
    path: PathBuf,
    /// The one writer. SQLite has one writer at a time; the doors, tables and phones that write
    /// at once queue here, and are served in the order they came (a fair lock: one that barges
    /// would let a few writers through again and again while another waits tens of ms).
    conn: FairMutex<Connection>,
    readers: Vec<Mutex<Connection>>,
    next_reader: AtomicUsize,
    /// Bulk writes under way ([`SqliteStore::hold_checkpoints`]); changed with the writer held.
    bulk_writes: AtomicUsize,
}

/// SQLite's own number of WAL pages after which a commit copies the WAL into the database.
const AUTOCHECKPOINT_PAGES: u32 = 1000;

/// Reader connections: enough for two cores to never wait on each other.
const READERS: usize = 4;

pub(crate) fn map_error(error: rusqlite::Error) -> StoreError {
    match &error {
        rusqlite::Error::SqliteFailure(e, message) => {
            let message = message.clone().unwrap_or_else(|| e.to_string());
            match e.code {
                ErrorCode::ConstraintViolation => StoreError::Conflict(message),
                ErrorCode::CannotOpen
                | ErrorCode::NotADatabase
                | ErrorCode::DatabaseBusy
                | ErrorCode::DatabaseLocked
                | ErrorCode::ReadOnly
                | ErrorCode::PermissionDenied
                | ErrorCode::DiskFull
                | ErrorCode::SystemIoFailure => StoreError::Unavailable(message),
                _ => StoreError::Internal(message),
            }
        }
        rusqlite::Error::QueryReturnedNoRows => StoreError::NotFound,
        rusqlite::Error::FromSqlConversionFailure(..) | rusqlite::Error::InvalidColumnType(..) => {
            StoreError::Corrupt(error.to_string())
        }
        _ => StoreError::Internal(error.to_string()),
    }
}

impl SqliteStore {
    pub fn open(path: &str) -> Result<Self> {
        let path = PathBuf::from(path);
        let conn = Self::connect(&path)?;
        // `journal_mode` answers with a row; the others are plain settings.
        conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))
            .map_err(|e| StoreError::Unavailable(format!("{}: {e}", path.display())))?;
        // The writer keeps its statement journals in memory. Each insert of an import is one
        // statement inside one long transaction, and SQLite journals the pages it changes that
        // the full page cache had already spilled: on disk that was a write call per page
        // (4 million for the Trópico's import once public ids added three unique indexes).
        // Inserts skip `RETURNING` here (`insert_one`), whose temporary table would otherwise
        // cost an in-memory database per statement.
        conn.execute_batch("PRAGMA temp_store = MEMORY;").map_err(map_error)?;
        let mut readers = Vec::with_capacity(READERS);
        for _ in 0..READERS {
            let reader = Self::connect(&path)?;
            reader.execute_batch("PRAGMA query_only = ON;").map_err(map_error)?;
            readers.push(Mutex::new(reader));
        }
        Ok(SqliteStore {
            path,
            conn: FairMutex::new(conn),
            readers,
            next_reader: AtomicUsize::new(0),
            bulk_writes: AtomicUsize::new(0),
        })
    }

    /// A connection with the store's settings (foreign keys, busy timeout, …); the vote box opens
    /// its own this way.
    pub(crate) fn connect(path: &std::path::Path) -> Result<Connection> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)
            .map_err(|e| StoreError::Unavailable(format!("{}: {e}", path.display())))?;
        conn.execute_batch(
            "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL; \
             PRAGMA cache_size = -32000; PRAGMA temp_store = FILE;",
        )
        .map_err(|e| StoreError::Unavailable(format!("{}: {e}", path.display())))?;
        // Plans that do not depend on the values bound: without this, SQLite (built with STAT4)
        // marks many cached statements to be compiled again at every new binding, and a page
        // view spent most of its time in the SQL parser.
        conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)
            .map_err(|e| StoreError::Unavailable(format!("{}: {e}", path.display())))?;
        conn.set_prepared_statement_cache_capacity(64);
        Ok(conn)
    }

    /// A free reader connection, or the next one in turn when all are busy.
    fn reader(&self) -> Result<std::sync::MutexGuard<'_, Connection>> {
        for reader in &self.readers {
            if let Ok(guard) = reader.try_lock() {
                return Ok(guard);
            }
        }
        let n = self.next_reader.fetch_add(1, Ordering::Relaxed) % self.readers.len().max(1);
        match self.readers.get(n) {
            Some(reader) => reader.lock().map_err(|_| StoreError::Internal("connection lock poisoned".into())),
            None => Err(StoreError::Internal("no reader connection".into())),
        }
    }

    /// Holds back the writer's automatic checkpoints while a bulk write (many transactions, such
    /// as an import's chunks) runs: each commit past 1,000 WAL pages would otherwise copy them into
    /// the database, and the pages the next chunk changes again were copied again and again (0.7 s
    /// of the Trópico's 4.8 s import).
    pub(crate) fn hold_checkpoints(&self) -> Result<()> {
        let writer = self.conn.lock();
        if self.bulk_writes.fetch_add(1, Ordering::AcqRel) == 0 {
            writer.execute_batch("PRAGMA wal_autocheckpoint = 0;").map_err(map_error)?;
        }
        Ok(())
    }

    /// Ends what [`SqliteStore::hold_checkpoints`] began: when no other bulk write is under way,
    /// the writer checkpoints on its own again, and the WAL is copied into the database once, in
    /// the background on a connection of its own (0.6 s after the Trópico's import), so that
    /// neither the bulk write nor the next writer waits for it. `PASSIVE`: it waits for no reader
    /// and no writer, and what it cannot copy now, a later checkpoint does; a writer's own
    /// checkpoint meanwhile finds it under way and skips.
    pub(crate) fn release_checkpoints(&self) -> Result<()> {
        {
            let writer = self.conn.lock();
            if self.bulk_writes.fetch_sub(1, Ordering::AcqRel) != 1 {
                return Ok(());
            }
            writer.execute_batch(&format!("PRAGMA wal_autocheckpoint = {AUTOCHECKPOINT_PAGES};")).map_err(map_error)?;
        }
        let path = self.path.clone();
        std::thread::Builder::new()
            .name("checkpoint".into())
            .spawn(move || {
                // Best effort: a checkpoint that fails now is made by the next one.
                if let Ok(checkpointer) = Self::connect(&path) {
                    checkpointer.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())).ok();
                }
            })
            .map(drop)
            .map_err(|e| StoreError::Internal(format!("checkpoint thread: {e}")))
    }

    pub(crate) fn path(&self) -> &std::path::Path {
        &self.path
    }

    pub fn path_display(&self) -> String {
        self.path.display().to_string()
    }

    fn with_conn<T, E: From<StoreError>>(
        &self,
        write: bool,
        f: impl FnOnce(&mut SqliteConn<'_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let mut writer;
        let mut reader;
        let connection: &mut Connection = if write {
            writer = self.conn.lock();
            &mut writer
        } else {
            reader = self.reader()?;
            &mut reader
        };
        let behavior = if write { TransactionBehavior::Immediate } else { TransactionBehavior::Deferred };
        let tx = connection.transaction_with_behavior(behavior).map_err(map_error)?;
        let mut conn = SqliteConn { tx: &tx };
        let out = f(&mut conn)?;
        if write {
            tx.commit().map_err(map_error)?;
        } else {
            tx.rollback().map_err(map_error)?;
        }
        Ok(out)
    }

    pub fn transaction<T, E: From<StoreError>>(
        &self,
        write: bool,
        f: impl FnOnce(&mut dyn Repo) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        self.with_conn(write, |conn| f(&mut SqlRepo { conn }))
    }

    /// Applies pending migrations in one transaction. Foreign keys are off meanwhile, as SQLite's
    /// procedure for rebuilding a table asks (a migration that adds a `NOT NULL` column copies the
    /// table into a new one); they are checked whole before the commit, and on again after it.
    pub fn migrate(&self) -> Result<MigrationReport> {
        let mut guard = self.conn.lock();
        guard.execute_batch("PRAGMA foreign_keys = OFF").map_err(map_error)?;
        let result = (|| {
            let tx = guard.transaction_with_behavior(TransactionBehavior::Immediate).map_err(map_error)?;
            let mut conn = SqliteConn { tx: &tx };
            let report = migrate::run(&mut conn)?;
            let broken = (&mut conn as &mut dyn Conn).query_opt("PRAGMA foreign_key_check", &[], |row| row.text(0))?;
            if let Some(table) = broken {
                return Err(StoreError::Corrupt(format!("a reference in table {table} points nowhere")));
            }
            tx.commit().map_err(map_error)?;
            Ok(report)
        })();
        guard.execute_batch("PRAGMA foreign_keys = ON").map_err(map_error)?;
        result
    }

    pub fn schema_version(&self) -> Result<i64> {
        self.with_conn(false, |conn| migrate::current_version(conn))
    }
}

struct SqliteConn<'a> {
    tx: &'a rusqlite::Transaction<'a>,
}

/// PostgreSQL's `$1` placeholders are SQLite's `?1`.
fn dialect(sql: &str) -> Cow<'_, str> {
    if sql.contains('$') { Cow::Owned(sql.replace('$', "?")) } else { Cow::Borrowed(sql) }
}

struct SqliteValue<'a>(Value<'a>);

impl ToSql for SqliteValue<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self.0 {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::I64(v) => ToSqlOutput::from(v),
            Value::F64(v) => ToSqlOutput::from(v),
            Value::Text(v) => ToSqlOutput::Borrowed(ValueRef::Text(v.as_bytes())),
            // `NaiveDate`'s `Display` is `%Y-%m-%d` without parsing a format string per value.
            Value::Date(d) => ToSqlOutput::from(d.to_string()),
            Value::PublicId(ref id) => ToSqlOutput::Borrowed(ValueRef::Blob(id.as_bytes())),
            Value::Bytes(bytes) => ToSqlOutput::Borrowed(ValueRef::Blob(bytes)),
        })
    }
}

fn bind<'a>(params: &[Value<'a>]) -> Vec<SqliteValue<'a>> {
    params.iter().map(|v| SqliteValue(*v)).collect()
}

impl Conn for SqliteConn<'_> {
    fn backend(&self) -> Backend {
        Backend::Sqlite
    }

    fn execute_batch(&mut self, sql: &str) -> Result<()> {
        self.tx.execute_batch(sql).map_err(map_error)
    }

    fn execute(&mut self, sql: &str, params: &[Value<'_>]) -> Result<u64> {
        let mut statement = self.tx.prepare_cached(&dialect(sql)).map_err(map_error)?;
        let values = bind(params);
        let changed = statement.execute(rusqlite::params_from_iter(values.iter())).map_err(map_error)?;
        Ok(changed as u64)
    }

    fn insert_one(&mut self, sql: &str, params: &[Value<'_>]) -> Option<Result<i64>> {
        let insert = sql.strip_suffix(" RETURNING id")?;
        Some(self.execute(insert, params).map(|_| self.tx.last_insert_rowid()))
    }

    fn query(&mut self, sql: &str, params: &[Value<'_>], each: &mut dyn FnMut(&dyn Row) -> Result<()>) -> Result<()> {
        let mut statement = self.tx.prepare_cached(&dialect(sql)).map_err(map_error)?;
        let values = bind(params);
        let mut rows = statement.query(rusqlite::params_from_iter(values.iter())).map_err(map_error)?;
        while let Some(row) = rows.next().map_err(map_error)? {
            each(&SqliteRow(row))?;
        }
        Ok(())
    }
}

struct SqliteRow<'a, 'b>(&'a rusqlite::Row<'b>);

impl Row for SqliteRow<'_, '_> {
    fn i64(&self, i: usize) -> Result<i64> {
        self.0.get(i).map_err(map_error)
    }
    fn opt_i64(&self, i: usize) -> Result<Option<i64>> {
        self.0.get(i).map_err(map_error)
    }
    fn text(&self, i: usize) -> Result<String> {
        self.0.get(i).map_err(map_error)
    }
    fn opt_text(&self, i: usize) -> Result<Option<String>> {
        self.0.get(i).map_err(map_error)
    }
    fn date(&self, i: usize) -> Result<Date> {
        self.0.get(i).map_err(map_error)
    }
    fn opt_date(&self, i: usize) -> Result<Option<Date>> {
        self.0.get(i).map_err(map_error)
    }
    fn opt_f64(&self, i: usize) -> Result<Option<f64>> {
        self.0.get(i).map_err(map_error)
    }
    fn bytes(&self, i: usize) -> Result<Vec<u8>> {
        self.0.get(i).map_err(map_error)
    }
    fn public_id(&self, i: usize) -> Result<PublicId> {
        match self.0.get_ref(i).map_err(map_error)? {
            ValueRef::Blob(bytes) => <[u8; 16]>::try_from(bytes).ok().and_then(PublicId::from_bytes),
            _ => None,
        }
        .ok_or_else(|| StoreError::Corrupt(format!("public id in column {i}: not a version 7 UUID")))
    }
}
