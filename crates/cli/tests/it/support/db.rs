//! Test databases on both backends, fresh for each test, and raw access behind the application's
//! back.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

use cabildo_store::Store;

/// A row read behind the application's back: column name to value as text.
pub type RawRow = BTreeMap<String, String>;

/// A fresh, migrated database that disappears with the test.
pub struct Db {
    pub store: Store,
    /// What `--db` takes to reach the same database.
    pub location: String,
    raw: Raw,
    _dir: Option<tempfile::TempDir>,
}

enum Raw {
    Sqlite(String),
    Postgres { admin_url: String, schema: String },
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

impl Db {
    pub fn sqlite() -> Db {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("cabildo.db").display().to_string();
        let store = Store::open(&path).expect("open sqlite");
        store.migrate().expect("migrate sqlite");
        Db { store, location: path.clone(), raw: Raw::Sqlite(path), _dir: Some(dir) }
    }

    /// A fresh schema in the test server; `None` (skip) when no server is configured and CI
    /// does not require one.
    pub fn postgres() -> Option<Db> {
        let Ok(url) = std::env::var("CABILDO_TEST_POSTGRES_URL") else {
            if std::env::var("CABILDO_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
                panic!(
                    "CABILDO_REQUIRE_POSTGRES=1 but CABILDO_TEST_POSTGRES_URL is not set: the PostgreSQL suite must run"
                );
            }
            eprintln!("skipping: set CABILDO_TEST_POSTGRES_URL to run the PostgreSQL store tests");
            return None;
        };
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
        let schema = format!("t_{}_{}_{}", std::process::id(), n, nanos);
        let mut admin = postgres::Client::connect(&url, postgres::NoTls).expect("connect to the test PostgreSQL");
        admin.batch_execute(&format!("CREATE SCHEMA {schema}")).expect("create schema");
        let separator = if url.contains('?') { '&' } else { '?' };
        let location = format!("{url}{separator}options=-c%20search_path%3D{schema}");
        let store = Store::open(&location).expect("open postgres");
        store.migrate().expect("migrate postgres");
        Some(Db { store, location, raw: Raw::Postgres { admin_url: url, schema }, _dir: None })
    }

    /// Another empty database on the same backend, not migrated at all: for building by hand a
    /// database as an older Cabildo left it.
    pub fn unmigrated_sibling(&self) -> Db {
        match &self.raw {
            Raw::Sqlite(_) => {
                let dir = tempfile::tempdir().expect("temporary directory");
                let path = dir.path().join("old.db").display().to_string();
                let store = Store::open(&path).expect("open sqlite");
                Db { store, location: path.clone(), raw: Raw::Sqlite(path), _dir: Some(dir) }
            }
            Raw::Postgres { admin_url, schema } => {
                let schema = format!("{schema}_old");
                let mut admin = postgres::Client::connect(admin_url, postgres::NoTls).expect("connect");
                admin.batch_execute(&format!("CREATE SCHEMA {schema}")).expect("create schema");
                let separator = if admin_url.contains('?') { '&' } else { '?' };
                let location = format!("{admin_url}{separator}options=-c%20search_path%3D{schema}");
                let store = Store::open(&location).expect("open postgres");
                Db { store, location, raw: Raw::Postgres { admin_url: admin_url.clone(), schema }, _dir: None }
            }
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.raw, Raw::Postgres { .. })
    }

    /// The first four migrations, as a database of an older Cabildo has them (to run on an
    /// [`Db::unmigrated_sibling`]).
    pub fn schema_4(&self) -> String {
        let files: [&str; 4] = if self.is_postgres() {
            [
                include_str!("../../../../store/migrations/postgres/0001_registry.sql"),
                include_str!("../../../../store/migrations/postgres/0002_accounts.sql"),
                include_str!("../../../../store/migrations/postgres/0003_public_pages.sql"),
                include_str!("../../../../store/migrations/postgres/0004_assemblies.sql"),
            ]
        } else {
            [
                include_str!("../../../../store/migrations/sqlite/0001_registry.sql"),
                include_str!("../../../../store/migrations/sqlite/0002_accounts.sql"),
                include_str!("../../../../store/migrations/sqlite/0003_public_pages.sql"),
                include_str!("../../../../store/migrations/sqlite/0004_assemblies.sql"),
            ]
        };
        format!(
            "{}\nCREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL);\n\
         INSERT INTO schema_migrations (version, name) VALUES (1, 'registry'), (2, 'accounts'), \
         (3, 'public_pages'), (4, 'assemblies');",
            files.join("\n")
        )
    }

    /// Like [`Db::raw_execute`], but answers the database's refusal instead of failing the test.
    pub fn raw_try(&self, sql: &str) -> Result<(), String> {
        match &self.raw {
            Raw::Sqlite(path) => {
                let conn = rusqlite::Connection::open(path).expect("raw sqlite");
                conn.execute_batch(sql).map_err(|e| e.to_string())
            }
            Raw::Postgres { admin_url, schema } => {
                let mut client = postgres::Client::connect(admin_url, postgres::NoTls).expect("raw postgres");
                client.batch_execute(&format!("SET search_path TO {schema}; {sql}")).map_err(|e| e.to_string())
            }
        }
    }

    /// The first column of every row of a query, as text, behind the application's back.
    pub fn raw_texts(&self, sql: &str) -> Vec<String> {
        match &self.raw {
            Raw::Sqlite(path) => {
                let conn = rusqlite::Connection::open(path).expect("raw sqlite");
                let mut statement = conn.prepare(sql).expect("prepare");
                statement
                    .query_map([], |row| row.get::<_, String>(0))
                    .expect("query")
                    .map(|r| r.expect("row"))
                    .collect()
            }
            Raw::Postgres { admin_url, schema } => {
                let mut client = postgres::Client::connect(admin_url, postgres::NoTls).expect("raw postgres");
                client.batch_execute(&format!("SET search_path TO {schema}")).expect("search path");
                client.query(sql, &[]).expect("query").iter().map(|row| row.get::<_, String>(0)).collect()
            }
        }
    }

    /// Runs SQL behind the application's back (as someone with access to the database would).
    pub fn raw_execute(&self, sql: &str) {
        match &self.raw {
            Raw::Sqlite(path) => {
                let conn = rusqlite::Connection::open(path).expect("raw sqlite");
                conn.execute_batch(sql).expect("raw sql");
            }
            Raw::Postgres { admin_url, schema } => {
                let mut client = postgres::Client::connect(admin_url, postgres::NoTls).expect("raw postgres");
                client.batch_execute(&format!("SET search_path TO {schema}; {sql}")).expect("raw sql");
            }
        }
    }

    /// Every table of the test's database with all its rows (sorted), each value as text, read
    /// behind the application's back, as someone holding the database would. Two readings are
    /// equal when nothing was written in between. Not inside an async runtime (the PostgreSQL
    /// client is synchronous).
    pub fn raw_tables(&self) -> BTreeMap<String, Vec<RawRow>> {
        let mut out = BTreeMap::new();
        if self.location.starts_with("postgres") {
            let mut client = ::postgres::Client::connect(&self.location, ::postgres::NoTls).unwrap();
            let tables: Vec<String> = client
                .query(
                    "SELECT table_name::text FROM information_schema.tables \
                     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
                    &[],
                )
                .unwrap()
                .iter()
                .map(|r| r.get(0))
                .collect();
            assert!(tables.len() > 10, "the test schema is visible: {tables:?}");
            for table in tables {
                let rows = client.query(&format!("SELECT row_to_json(t)::text FROM {table} t"), &[]).unwrap();
                let rows = rows
                    .iter()
                    .map(|r| {
                        let json: serde_json::Value = serde_json::from_str(&r.get::<_, String>(0)).unwrap();
                        json.as_object()
                            .unwrap()
                            .iter()
                            .map(|(k, v)| (k.clone(), v.as_str().map_or_else(|| v.to_string(), str::to_string)))
                            .collect()
                    })
                    .collect();
                let mut rows: Vec<RawRow> = rows;
                rows.sort();
                out.insert(table, rows);
            }
        } else {
            let conn = rusqlite::Connection::open(&self.location).unwrap();
            let mut statement = conn
                .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                .unwrap();
            let tables: Vec<String> = statement.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
            for table in tables {
                let mut statement = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
                let columns: Vec<String> = statement.column_names().map(str::to_string).collect();
                let rows = statement
                    .query_map([], |r| {
                        Ok(columns
                            .iter()
                            .enumerate()
                            .map(|(i, c)| {
                                let value = match r.get::<_, rusqlite::types::Value>(i).unwrap() {
                                    rusqlite::types::Value::Null => "null".to_string(),
                                    rusqlite::types::Value::Integer(n) => n.to_string(),
                                    rusqlite::types::Value::Real(x) => x.to_string(),
                                    rusqlite::types::Value::Text(t) => t,
                                    rusqlite::types::Value::Blob(b) => format!("{b:?}"),
                                };
                                (c.clone(), value)
                            })
                            .collect::<RawRow>())
                    })
                    .unwrap()
                    .map(Result::unwrap)
                    .collect();
                let mut rows: Vec<RawRow> = rows;
                rows.sort();
                out.insert(table, rows);
            }
        }
        // A token's last use, recorded (at most once a minute) on any request made with it, refused
        // or not, is the credential's bookkeeping, not something the request changed.
        if let Some(rows) = out.get_mut("api_tokens") {
            for row in rows {
                row.remove("last_used_at");
            }
        }
        out
    }

    /// Counts rows of a table behind the application's back.
    pub fn raw_count(&self, table: &str) -> i64 {
        self.raw_count_where(table, "TRUE")
    }

    /// The names of a table's columns, sorted, read from the database's catalogue.
    pub fn raw_columns(&self, table: &str) -> Vec<String> {
        let sql = if self.is_postgres() {
            format!(
                "SELECT column_name::text FROM information_schema.columns WHERE table_schema = current_schema() \
                 AND table_name = '{table}' ORDER BY column_name"
            )
        } else {
            format!("SELECT name FROM pragma_table_info('{table}') ORDER BY name")
        };
        self.raw_texts(&sql)
    }

    /// Counts the rows of a table that match a condition, behind the application's back.
    pub fn raw_count_where(&self, table: &str, condition: &str) -> i64 {
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE {condition}");
        match &self.raw {
            Raw::Sqlite(path) => {
                let conn = rusqlite::Connection::open(path).expect("raw sqlite");
                conn.query_row(&sql, [], |row| row.get(0)).expect("count")
            }
            Raw::Postgres { admin_url, schema } => {
                let mut client = postgres::Client::connect(admin_url, postgres::NoTls).expect("raw postgres");
                client.batch_execute(&format!("SET search_path TO {schema}")).expect("search path");
                client.query_one(&sql, &[]).expect("count").get(0)
            }
        }
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        if let Raw::Postgres { admin_url, schema } = &self.raw
            && let Ok(mut client) = postgres::Client::connect(admin_url, postgres::NoTls)
        {
            drop(client.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE")));
        }
    }
}
