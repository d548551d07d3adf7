//! Embedded, append-only migrations, one set per dialect. Never edit a migration that shipped:
//! add the next one. The SHA-256 of each migration's text is recorded when it is applied (from
//! migration 6 on, which adds the column; earlier ones are recorded then), and every start
//! compares the recorded checksums with the texts this binary carries: a database whose
//! migrations were edited after it applied them is refused ([`StoreError::MigrationChanged`]).

use sha2::{Digest, Sha256};

use crate::conn::{ArrayColumn, Conn, Value};
use crate::{Backend, Minter, Result, StoreError};

struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
    /// A step in Rust, for what SQL cannot do on both dialects; it runs where the SQL has the
    /// line [`RUST_STEP_MARKER`], inside the same transaction.
    rust_step: Option<fn(&mut dyn Conn) -> Result<()>>,
}

/// The line of a migration's SQL where its Rust step runs.
const RUST_STEP_MARKER: &str = "-- [rust step]";

/// One migration: its version, name and file stem (the same in both dialects' folders).
macro_rules! migration {
    ($version:literal, $name:literal, $file:literal, $step:expr) => {
        Migration {
            version: $version,
            name: $name,
            sqlite: include_str!(concat!("../migrations/sqlite/", $file, ".sql")),
            postgres: include_str!(concat!("../migrations/postgres/", $file, ".sql")),
            rust_step: $step,
        }
    };
}

const MIGRATIONS: &[Migration] = &[
    migration!(1, "registry", "0001_registry", None),
    migration!(2, "accounts", "0002_accounts", None),
    migration!(3, "public_pages", "0003_public_pages", None),
    migration!(4, "assemblies", "0004_assemblies", None),
    migration!(5, "public_ids", "0005_public_ids", Some(backfill_public_ids)),
    migration!(6, "migration_checksums", "0006_migration_checksums", None),
    migration!(7, "keys_not_null", "0007_keys_not_null", None),
    migration!(8, "chain_heads", "0008_chain_heads", None),
    migration!(9, "key_log", "0009_key_log", Some(crate::keylog::backfill_legacy_keys)),
    migration!(10, "phone_votes_untimed", "0010_phone_votes_untimed", None),
    migration!(11, "instance_secrets", "0011_instance_secrets", Some(make_instance_secrets)),
    migration!(12, "account_persons", "0012_account_persons", None),
    migration!(13, "import_staging", "0013_import_staging", None),
    migration!(14, "acta_offices", "0014_acta_offices", Some(statute_terms_from_roles)),
    migration!(15, "abierto", "0015_abierto", None),
    migration!(16, "consultas", "0016_consultas", None),
    migration!(17, "recall", "0017_recall", None),
    migration!(18, "instructions", "0018_instructions", None),
    migration!(19, "delegates", "0019_delegates", None),
    migration!(20, "mandates", "0020_mandates", None),
    migration!(21, "obligations", "0021_obligations", None),
    migration!(22, "petitions", "0022_petitions", None),
    migration!(23, "ledger", "0023_ledger", None),
    migration!(24, "ledger_transfers", "0024_ledger_transfers", None),
    migration!(25, "ledger_documents", "0025_ledger_documents", None),
    migration!(26, "ledger_indexes", "0026_ledger_indexes", None),
    migration!(27, "ledger_arrears", "0027_ledger_arrears", None),
    migration!(28, "ledger_publication", "0028_ledger_publication", None),
    migration!(29, "ledger_write_indexes", "0029_ledger_write_indexes", None),
    migration!(30, "import_staging_speed", "0030_import_staging_speed", None),
    migration!(31, "register_version", "0031_register_version", None),
    migration!(32, "import_staging_unchecked", "0032_import_staging_unchecked", None),
];

/// The newest migration this binary knows.
pub const MIGRATIONS_KNOWN: i64 = 32;

/// Gives every statute version adopted before migration 14 its `statute_terms`: a gestión of
/// [`cabildo_domain::assembly::DEFAULT_TERM_YEARS`] and, as signers, the offices its signer roles
/// stood for (`Statute::office_of_role`; a role that stands for no office is left out, and a
/// version left with none is signed by the Secretario de Actas, as the default statute is).
fn statute_terms_from_roles(conn: &mut dyn Conn) -> Result<()> {
    use cabildo_domain::assembly::{DEFAULT_TERM_YEARS, Statute};
    let rows = conn
        .query_vec("SELECT id, signer_roles FROM statutes ORDER BY id", &[], |row| Ok((row.i64(0)?, row.text(1)?)))?;
    for (id, roles) in rows {
        let roles = Statute::parse_signers(&roles).unwrap_or_default();
        let mut offices: Vec<&str> = Vec::new();
        for office in roles.into_iter().filter_map(Statute::office_of_role) {
            if !offices.contains(&office) {
                offices.push(office);
            }
        }
        if offices.is_empty() {
            offices.extend(Statute::office_of_role(cabildo_domain::access::Role::SecretarioActas));
        }
        let offices = offices.join("\n");
        conn.execute(
            "INSERT INTO statute_terms (statute_id, term_years, signer_offices, resolution_id) VALUES ($1, $2, $3, NULL)",
            &[Value::I64(id), Value::I64(i64::from(DEFAULT_TERM_YEARS)), Value::Text(&offices)],
        )?;
    }
    Ok(())
}

/// The secrets an instance keeps (`instance_secrets.name`).
pub const INSTANCE_SECRETS: [&str; 1] = [crate::MEMBER_CARDS_SECRET];

/// Makes each of [`INSTANCE_SECRETS`] from 32 bytes of the operating system's randomness.
fn make_instance_secrets(conn: &mut dyn Conn) -> Result<()> {
    for name in INSTANCE_SECRETS {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| StoreError::Internal(format!("no randomness: {e}")))?;
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        conn.execute(
            "INSERT INTO instance_secrets (name, secret) VALUES ($1, $2)",
            &[Value::Text(name), Value::Text(&hex)],
        )?;
    }
    Ok(())
}

/// The tables whose records carry a public id (migration 5 gives one to every existing row).
pub const PUBLIC_ID_TABLES: [&str; 9] =
    ["bodies", "persons", "households", "parcels", "offices", "assemblies", "motions", "resolutions", "actas"];

/// Rows updated per statement by the PostgreSQL backfill.
const BACKFILL_CHUNK: usize = 10_000;

/// Gives every row that has none a public id (UUIDv7). Ids are stamped with the database's
/// clock at migration time (the store reads no clock of its own) and a counter that follows the
/// local key, so that they sort as the rows were created.
fn backfill_public_ids(conn: &mut dyn Conn) -> Result<()> {
    let now_sql = match conn.backend() {
        Backend::Sqlite => "SELECT CAST(unixepoch('subsec') * 1000 AS INTEGER)",
        Backend::Postgres => "SELECT CAST(extract(epoch FROM clock_timestamp()) * 1000 AS BIGINT)",
    };
    let now = conn.query_opt(now_sql, &[], |row| row.i64(0))?.unwrap_or(0);
    let mut minter = Minter::new(u64::try_from(now).unwrap_or(0))?;
    for table in PUBLIC_ID_TABLES {
        let sql = format!("SELECT id FROM {table} WHERE public_id IS NULL ORDER BY id");
        let ids = conn.query_vec(&sql, &[], |row| row.i64(0))?;
        for chunk in ids.chunks(BACKFILL_CHUNK) {
            let public_ids = chunk.iter().map(|_| minter.mint()).collect::<Result<Vec<_>>>()?;
            let batch = format!(
                "UPDATE {table} SET public_id = v.public_id \
                 FROM UNNEST($1::bigint[], $2::uuid[]) AS v(id, public_id) WHERE {table}.id = v.id"
            );
            let columns = [
                ArrayColumn::I64(chunk.iter().map(|id| Some(*id)).collect()),
                ArrayColumn::PublicId(public_ids.clone()),
            ];
            if let Some(done) = conn.execute_arrays(&batch, &columns) {
                done?;
                continue;
            }
            let one = format!("UPDATE {table} SET public_id = $1 WHERE id = $2");
            for (id, public_id) in chunk.iter().zip(public_ids) {
                conn.execute(&one, &[public_id.into(), Value::I64(*id)])?;
            }
        }
    }
    Ok(())
}

/// The migration that adds `schema_migrations.checksum`.
const CHECKSUMS_SINCE: i64 = 6;

impl Migration {
    fn sql(&self, backend: Backend) -> &'static str {
        match backend {
            Backend::Sqlite => self.sqlite,
            Backend::Postgres => self.postgres,
        }
    }

    fn checksum(&self, backend: Backend) -> String {
        checksum(self.sql(backend))
    }
}

/// The SHA-256 of a migration's text, in hex, carriage returns left out (a checkout with
/// Windows line endings ships the same migrations).
pub fn checksum(sql: &str) -> String {
    let mut hasher = Sha256::new();
    for part in sql.split('\r') {
        hasher.update(part.as_bytes());
    }
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

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
    if from_version >= CHECKSUMS_SINCE {
        verify_checksums(conn)?;
    }
    let mut applied = Vec::new();
    for migration in MIGRATIONS.iter().filter(|m| m.version > from_version) {
        let sql = migration.sql(conn.backend());
        match migration.rust_step {
            Some(step) => {
                let (before, after) = sql.split_once(RUST_STEP_MARKER).ok_or_else(|| {
                    StoreError::Internal(format!("migration {} has no {RUST_STEP_MARKER} line", migration.name))
                })?;
                // The rest of the marker's line is a comment.
                let after = after.split_once('\n').map_or("", |(_, rest)| rest);
                conn.execute_batch(before)?;
                step(conn)?;
                conn.execute_batch(after)?;
            }
            None => conn.execute_batch(sql)?,
        }
        conn.execute(
            "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
            &[Value::I64(migration.version), Value::Text(migration.name)],
        )?;
        applied.push(format!("{:04}_{}", migration.version, migration.name));
    }
    if !applied.is_empty() {
        // Those applied now, and those applied before the column existed (trusted as they are).
        for migration in MIGRATIONS {
            let checksum = migration.checksum(conn.backend());
            conn.execute(
                "UPDATE schema_migrations SET checksum = $1 WHERE version = $2 AND checksum IS NULL",
                &[Value::Text(&checksum), Value::I64(migration.version)],
            )?;
        }
    }
    Ok(MigrationReport { from_version, to_version: from_version.max(MIGRATIONS_KNOWN), applied })
}

/// Refuses a database that applied a migration whose text differs from this binary's.
fn verify_checksums(conn: &mut dyn Conn) -> Result<()> {
    let recorded = conn.query_vec(
        "SELECT version, checksum FROM schema_migrations WHERE checksum IS NOT NULL ORDER BY version",
        &[],
        |row| Ok((row.i64(0)?, row.text(1)?)),
    )?;
    for (version, found) in recorded {
        let Some(migration) = MIGRATIONS.iter().find(|m| m.version == version) else { continue };
        let expected = migration.checksum(conn.backend());
        if found != expected {
            return Err(StoreError::MigrationChanged { version, name: migration.name.to_string(), found, expected });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_follow_each_other_and_the_last_is_known() {
        for (i, migration) in MIGRATIONS.iter().enumerate() {
            assert_eq!(migration.version, i as i64 + 1, "{}", migration.name);
        }
        assert_eq!(MIGRATIONS.last().map(|m| m.version), Some(MIGRATIONS_KNOWN));
    }

    #[test]
    fn checksums_ignore_carriage_returns_only() {
        assert_eq!(checksum(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assert_eq!(checksum("CREATE TABLE t (x INTEGER);\r\n"), checksum("CREATE TABLE t (x INTEGER);\n"));
        assert_ne!(checksum("CREATE TABLE t (x INTEGER);\n"), checksum("CREATE TABLE t (x BIGINT);\n"));
    }
}
