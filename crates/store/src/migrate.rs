//! Embedded, append-only migrations, one set per dialect. Never edit a migration that shipped:
//! add the next one.

use crate::conn::{Conn, Value};
use crate::{Backend, Result, StoreError};

struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "registry",
        sqlite: include_str!("../migrations/sqlite/0001_registry.sql"),
        postgres: include_str!("../migrations/postgres/0001_registry.sql"),
    },
    Migration {
        version: 2,
        name: "accounts",
        sqlite: include_str!("../migrations/sqlite/0002_accounts.sql"),
        postgres: include_str!("../migrations/postgres/0002_accounts.sql"),
    },
    Migration {
        version: 3,
        name: "public_pages",
        sqlite: include_str!("../migrations/sqlite/0003_public_pages.sql"),
        postgres: include_str!("../migrations/postgres/0003_public_pages.sql"),
    },
    Migration {
        version: 4,
        name: "assemblies",
        sqlite: include_str!("../migrations/sqlite/0004_assemblies.sql"),
        postgres: include_str!("../migrations/postgres/0004_assemblies.sql"),
    },
];

/// The newest migration this binary knows.
pub const MIGRATIONS_KNOWN: i64 = 4;

/// What a migration run did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationReport {
    pub from_version: i64,
    pub to_version: i64,
    pub applied: Vec<String>,
}

/// The version recorded in the database; 0 for a new database.
pub fn current_version(conn: &mut dyn Conn) -> Result<i64> {
    let exists_sql = match conn.backend() {
        Backend::Sqlite => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
        Backend::Postgres => {
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() \
             AND table_name = 'schema_migrations'"
        }
    };
    let exists = conn.query_opt(exists_sql, &[], |row| row.i64(0))?.unwrap_or(0) > 0;
    if !exists {
        return Ok(0);
    }
    Ok(conn.query_opt("SELECT MAX(version) FROM schema_migrations", &[], |row| row.opt_i64(0))?.flatten().unwrap_or(0))
}

/// Refuses a database written by a newer Cabildo.
pub fn check_not_ahead(version: i64) -> Result<()> {
    if version > MIGRATIONS_KNOWN {
        return Err(StoreError::MigrationAhead { found: version, known: MIGRATIONS_KNOWN });
    }
    Ok(())
}

/// Applies the pending migrations inside the caller's transaction.
pub fn run(conn: &mut dyn Conn) -> Result<MigrationReport> {
    if conn.backend() == Backend::Postgres {
        // Two servers starting at once must not both migrate.
        conn.execute("SELECT pg_advisory_xact_lock(7357001)", &[])?;
    }
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL)",
    )?;
    let from_version = current_version(conn)?;
    check_not_ahead(from_version)?;
    let mut applied = Vec::new();
    for migration in MIGRATIONS.iter().filter(|m| m.version > from_version) {
        let sql = match conn.backend() {
            Backend::Sqlite => migration.sqlite,
            Backend::Postgres => migration.postgres,
        };
        conn.execute_batch(sql)?;
        conn.execute(
            "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
            &[Value::I64(migration.version), Value::Text(migration.name)],
        )?;
        applied.push(format!("{:04}_{}", migration.version, migration.name));
    }
    Ok(MigrationReport { from_version, to_version: from_version.max(MIGRATIONS_KNOWN), applied })
}
