//! The two dialects' migrations build the same logical schema, and the migrations a database
//! applied are the ones this binary carries (checksums), on both backends.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use cabildo_store::{Backend, MIGRATIONS_KNOWN, StoreError};
use sha2::{Digest, Sha256};

use crate::support::{Db, on_both_backends};

on_both_backends!(
    every_applied_migration_has_the_checksum_of_its_file,
    a_migration_edited_after_it_was_applied_is_refused_at_start,
    a_database_from_before_checksums_gets_them_recorded,
);

/// A column's type, coarsely: what a value of it is, whatever the dialect calls it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    Integer,
    Text,
    DateTime,
    Boolean,
    Real,
    Bytes,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Column {
    class: Class,
    nullable: bool,
}

/// An index made with `CREATE INDEX`, by name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Index {
    columns: Vec<String>,
    unique: bool,
    partial: bool,
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Table {
    columns: BTreeMap<String, Column>,
    primary_key: Vec<String>,
    /// `UNIQUE` constraints, by their columns (each dialect names their indexes its own way).
    unique: BTreeSet<Vec<String>>,
    indexes: BTreeMap<String, Index>,
}

type Schema = BTreeMap<String, Table>;

fn sqlite_class(declared: &str) -> Class {
    // SQLite's own affinity rules (datatype3.html, 3.1), then the names that mean more.
    let t = declared.to_ascii_uppercase();
    if t.contains("INT") {
        Class::Integer
    } else if t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") {
        Class::Text
    } else if t.is_empty() || t.contains("BLOB") {
        Class::Bytes
    } else if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") {
        Class::Real
    } else if t.contains("BOOL") {
        Class::Boolean
    } else if t.contains("DATE") || t.contains("TIME") {
        Class::DateTime
    } else {
        panic!("a column of type {declared} has numeric affinity: say what it holds")
    }
}

fn postgres_class(data_type: &str) -> Class {
    match data_type {
        "bigint" | "integer" | "smallint" => Class::Integer,
        "text" | "character varying" | "character" => Class::Text,
        "date" | "timestamp with time zone" | "timestamp without time zone" | "time without time zone" => {
            Class::DateTime
        }
        "boolean" => Class::Boolean,
        "double precision" | "real" | "numeric" => Class::Real,
        // A UUID is its 16 bytes (public ids: a BLOB of 16 bytes in SQLite).
        "bytea" | "uuid" => Class::Bytes,
        other => panic!("no class for the PostgreSQL type {other}"),
    }
}

fn sqlite_schema(path: &str) -> Schema {
    let conn = rusqlite::Connection::open(path).unwrap();
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut schema = Schema::new();
    for name in names {
        let without_rowid: bool =
            conn.query_row("SELECT wr FROM pragma_table_list WHERE name = ?1", [&name], |row| row.get(0)).unwrap();
        let mut table = Table::default();
        let mut key: Vec<(i64, String, String)> = Vec::new();
        let mut columns = conn.prepare("SELECT name, type, \"notnull\", pk FROM pragma_table_info(?1)").unwrap();
        let rows = columns
            .query_map([&name], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get::<_, bool>(2)?, row.get::<_, i64>(3)?))
            })
            .unwrap();
        for row in rows {
            let (column, declared, not_null, pk) = row.unwrap();
            if pk > 0 {
                key.push((pk, column.clone(), declared.clone()));
            }
            table.columns.insert(column, Column { class: sqlite_class(&declared), nullable: !not_null });
        }
        key.sort();
        // A primary key refuses NULL in a WITHOUT ROWID table and as the rowid (`INTEGER
        // PRIMARY KEY`); elsewhere, for historical reasons, SQLite lets it be NULL.
        let rowid_alias = key.len() == 1 && key[0].2.eq_ignore_ascii_case("INTEGER");
        if without_rowid || rowid_alias {
            for (_, column, _) in &key {
                if let Some(c) = table.columns.get_mut(column) {
                    c.nullable = false;
                }
            }
        }
        table.primary_key = key.into_iter().map(|(_, column, _)| column).collect();
        let indexes: Vec<(String, bool, String, bool)> = conn
            .prepare("SELECT name, \"unique\", origin, partial FROM pragma_index_list(?1)")
            .unwrap()
            .query_map([&name], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for (index, unique, origin, partial) in indexes {
            let columns: Vec<String> = conn
                .prepare("SELECT name FROM pragma_index_info(?1) ORDER BY seqno")
                .unwrap()
                .query_map([&index], |row| row.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            match origin.as_str() {
                "pk" => {}
                "u" => {
                    table.unique.insert(columns);
                }
                _ => {
                    table.indexes.insert(index, Index { columns, unique, partial });
                }
            }
        }
        schema.insert(name, table);
    }
    schema
}

fn postgres_schema(url: &str) -> Schema {
    let mut client = ::postgres::Client::connect(url, ::postgres::NoTls).unwrap();
    let mut schema = Schema::new();
    for row in client
        .query(
            "SELECT table_name::text, column_name::text, data_type::text, is_nullable = 'YES' \
             FROM information_schema.columns WHERE table_schema = current_schema()",
            &[],
        )
        .unwrap()
    {
        let (table, column, data_type, nullable): (String, String, String, bool) =
            (row.get(0), row.get(1), row.get(2), row.get(3));
        schema.entry(table).or_default().columns.insert(column, Column { class: postgres_class(&data_type), nullable });
    }
    let indexes = client
        .query(
            "SELECT t.relname::text, i.relname::text, x.indisprimary, x.indisunique, x.indpred IS NOT NULL, \
                    EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.contype = 'u'), \
                    ARRAY(SELECT a.attname::text FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, n) \
                          JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n) \
             FROM pg_index x \
             JOIN pg_class t ON t.oid = x.indrelid \
             JOIN pg_class i ON i.oid = x.indexrelid \
             JOIN pg_namespace s ON s.oid = t.relnamespace \
             WHERE s.nspname = current_schema()",
            &[],
        )
        .unwrap();
    for row in indexes {
        let (table, index): (String, String) = (row.get(0), row.get(1));
        let (primary, unique, partial, constraint): (bool, bool, bool, bool) =
            (row.get(2), row.get(3), row.get(4), row.get(5));
        let columns: Vec<String> = row.get(6);
        let table = schema.entry(table).or_default();
        if primary {
            table.primary_key = columns;
        } else if constraint {
            table.unique.insert(columns);
        } else {
            table.indexes.insert(index, Index { columns, unique, partial });
        }
    }
    schema
}

/// Differences between the dialects that are by design, each with its reason. A difference the
/// comparison finds that is not here fails the test: fix it with a migration, or add it here
/// with an honest reason.
///
/// 1. Dates are ISO-8601 `TEXT` in SQLite, `DATE` in PostgreSQL: SQLite has no date type, and text
///    in that form sorts and compares as dates do (ARCHITECTURE.md, "dates as dates").
fn known_exception(sqlite: &Column, postgres: &Column) -> bool {
    sqlite.nullable == postgres.nullable && sqlite.class == Class::Text && postgres.class == Class::DateTime
}

#[test]
fn both_dialects_migrate_to_the_same_logical_schema() {
    let Some(pg) = Db::postgres() else { return };
    let lite = Db::sqlite();
    let sqlite = sqlite_schema(&lite.location);
    let postgres = postgres_schema(&pg.location);
    assert!(sqlite.len() > 20, "{:?}", sqlite.keys());

    let mut differences = Vec::new();
    let tables: BTreeSet<&String> = sqlite.keys().chain(postgres.keys()).collect();
    for name in tables {
        let (Some(s), Some(p)) = (sqlite.get(name), postgres.get(name)) else {
            differences.push(format!(
                "table {name}: only on {}",
                if sqlite.contains_key(name) { "SQLite" } else { "PostgreSQL" }
            ));
            continue;
        };
        let columns: BTreeSet<&String> = s.columns.keys().chain(p.columns.keys()).collect();
        for column in columns {
            match (s.columns.get(column), p.columns.get(column)) {
                (Some(a), Some(b)) if a == b || known_exception(a, b) => {}
                (a, b) => differences.push(format!("{name}.{column}: SQLite {a:?}, PostgreSQL {b:?}")),
            }
        }
        if s.primary_key != p.primary_key {
            differences.push(format!("{name} primary key: SQLite {:?}, PostgreSQL {:?}", s.primary_key, p.primary_key));
        }
        if s.unique != p.unique {
            differences.push(format!("{name} unique: SQLite {:?}, PostgreSQL {:?}", s.unique, p.unique));
        }
        if s.indexes != p.indexes {
            differences.push(format!("{name} indexes: SQLite {:?}, PostgreSQL {:?}", s.indexes, p.indexes));
        }
    }
    assert!(differences.is_empty(), "the dialects' schemas differ:\n{}", differences.join("\n"));

    // The comparison sees what it should: a partial index, a composite key, a unique constraint.
    let households = &sqlite["households"];
    assert_eq!(
        households.indexes["households_current_body"],
        Index { columns: vec!["body_id".into()], unique: false, partial: true }
    );
    assert_eq!(sqlite["phone_votes"].primary_key, ["motion_id", "ticket_hash"]);
    assert!(sqlite["parcels"].unique.contains(&vec!["body_id".to_string(), "code".to_string()]));
    // Keys that SQLite let be NULL until migration 7.
    assert_eq!(sqlite["sessions"].columns["token_hash"], Column { class: Class::Text, nullable: false });
    assert_eq!(sqlite["schema_migrations"].columns["version"], Column { class: Class::Integer, nullable: false });
}

/// `(version, checksum)` of every migration the database recorded.
fn recorded(db: &Db) -> Vec<(i64, Option<String>)> {
    let sql = "SELECT version, checksum FROM schema_migrations ORDER BY version";
    match db.store.backend() {
        Backend::Sqlite => {
            let conn = rusqlite::Connection::open(&db.location).unwrap();
            let mut statement = conn.prepare(sql).unwrap();
            statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap()
        }
        Backend::Postgres => {
            let mut client = ::postgres::Client::connect(&db.location, ::postgres::NoTls).unwrap();
            client.query(sql, &[]).unwrap().iter().map(|row| (row.get(0), row.get(1))).collect()
        }
    }
}

/// The SHA-256 of each migration file of the database's dialect, read from the source tree.
fn file_checksums(backend: Backend) -> Vec<(i64, Option<String>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../store/migrations").join(backend.to_string());
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|entry| entry.unwrap().path()).collect();
    files.sort();
    files
        .iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let version: i64 = name[..4].parse().unwrap();
            let text = std::fs::read_to_string(path).unwrap().replace('\r', "");
            let hex: String = Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
            (version, Some(hex))
        })
        .collect()
}

fn every_applied_migration_has_the_checksum_of_its_file(db: &Db) {
    let files = file_checksums(db.store.backend());
    // Numbers are handed out ahead of merging: the newest file is the newest migration known.
    assert_eq!(files.last().map(|(version, _)| *version), Some(MIGRATIONS_KNOWN));
    assert_eq!(recorded(db), files);
}

fn a_migration_edited_after_it_was_applied_is_refused_at_start(db: &Db) {
    // As if this binary's 0002 differed from the one the database applied.
    db.raw_execute("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 2");
    match db.store.migrate() {
        Err(StoreError::MigrationChanged { version, name, found, expected }) => {
            assert_eq!((version, name.as_str(), found.as_str()), (2, "accounts", "edited"));
            assert_eq!(Some(expected), file_checksums(db.store.backend())[1].1);
        }
        other => panic!("an edited migration was accepted: {other:?}"),
    }
    // The command line refuses to start on it, and says why in the user's language.
    for (lang, says) in
        [("es", "La migración 0002_accounts fue modificada"), ("en", "Migration 0002_accounts was changed")]
    {
        let out = Command::new(env!("CARGO_BIN_EXE_cabildo"))
            .args(["--db", &db.location, "--lang", lang, "body", "list"])
            .env_remove("DATABASE_URL")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && stderr.contains(says), "{lang}: {stderr}");
    }
}

fn a_database_from_before_checksums_gets_them_recorded(db: &Db) {
    // The state a database of the previous release is in: migrations 1 to 5, no checksums, none
    // of the tables later migrations make.
    db.raw_execute(
        "DELETE FROM schema_migrations WHERE version > 5; ALTER TABLE schema_migrations DROP COLUMN checksum; \
         ALTER TABLE phone_votes ADD COLUMN at BIGINT; DROP TABLE chain_heads; DROP TABLE instance_secrets; \
         DROP TABLE account_persons; DROP TABLE signature_offices; DROP TABLE statute_terms; \
         DROP TABLE assembly_conveners;",
    );
    // Migration 13's tables, column and indexes (migration 30 only makes those tables unlogged on
    // PostgreSQL: dropping them undoes it too).
    db.raw_execute(
        "DROP TABLE import_households; DROP TABLE import_parcels; DROP TABLE import_person_updates; \
         DROP TABLE import_household_updates; DROP TABLE import_parcel_updates; DROP TABLE padron_imports; \
         ALTER TABLE api_tokens DROP COLUMN last_used_at; DROP INDEX households_current_person; \
         DROP INDEX memberships_current_person; DROP INDEX offices_current_person; \
         DROP TABLE ticket_batches; DROP TABLE crowd_estimates; \
         DROP TABLE consulta_answer_votes; DROP TABLE consulta_answers; DROP TABLE consulta_bases; \
         DROP TABLE consulta_options; ALTER TABLE motions DROP COLUMN consulta_id; DROP TABLE consultas; \
         DROP TABLE recall_resolutions; DROP TABLE recall_motions; DROP TABLE recall_bases; \
         DROP TABLE recalls; DROP TABLE statute_recall;",
    );
    // Migration 18's tables (instructions down the tree).
    db.raw_execute(
        "DROP TABLE instruction_motions; DROP TABLE instruction_acks; DROP TABLE instruction_recipients; \
         DROP TABLE instructions;",
    );
    // Migration 19's tables (delegates, seats and credentials).
    db.raw_execute(
        "DROP TABLE credentials; DROP TABLE delegate_elections; DROP TABLE delegations; DROP TABLE seat_plans; \
         DROP TABLE statute_delegates;",
    );
    // Migration 20's tables (mandates).
    db.raw_execute("DROP TABLE mandates; DROP TABLE mandate_motions; DROP TABLE motion_items;");
    // Migration 21's tables (attendance obligations, demands for explanation, informes).
    db.raw_execute("DROP TABLE informes; DROP TABLE demands; DROP TABLE assembly_visitors; DROP TABLE obligations;");
    // Migration 22's tables (petitions up the tree).
    db.raw_execute(
        "DROP TABLE petition_motion_items; DROP TABLE petition_motions; DROP TABLE petition_replies; \
         DROP TABLE petition_steps; DROP TABLE petitions; DROP TABLE authorities;",
    );
    // Migration 24's table (transfers between bodies: the shares of dues owed upward).
    db.raw_execute("DROP TABLE ledger_shares;");
    // Migration 25's tables (documents on expenses).
    db.raw_execute("DROP TABLE ledger_documents;");
    // Migration 27's tables (the arrears aggregates, derived from the ledger's charges and lines).
    db.raw_execute("DROP TABLE ledger_family_oldest; DROP TABLE ledger_owed_by_due;");
    // Migration 23's tables (the ledger).
    db.raw_execute(
        "DROP TABLE ledger_transfers; DROP TABLE ledger_closed_periods; DROP TABLE receipt_counters; \
         DROP TABLE receipts; DROP TABLE levies; DROP TABLE dues_exemptions; DROP TABLE dues_rules; \
         DROP TABLE charges; DROP TABLE ledger_lines; DROP TABLE ledger_entries;",
    );
    // Migration 26's indexes (found missing by the ledger's benchmark); migration 29's are on the
    // ledger's tables, dropped above.
    db.raw_execute("DROP INDEX households_body;");
    // Migration 28's table (a body's decisions to publish its book's totals).
    db.raw_execute("DROP TABLE ledger_publications;");
    // Migration 31's table (the register's version) and, on PostgreSQL, its function and triggers.
    db.raw_execute("DROP TABLE register_version;");
    if db.is_postgres() {
        db.raw_execute("DROP FUNCTION register_version_bump() CASCADE;");
    }
    let report = db.store.migrate().unwrap();
    assert_eq!(
        (report.from_version, report.applied.first().map(String::as_str)),
        (5, Some("0006_migration_checksums"))
    );
    assert_eq!(recorded(db), file_checksums(db.store.backend()));
    assert!(db.store.migrate().unwrap().applied.is_empty());
}
