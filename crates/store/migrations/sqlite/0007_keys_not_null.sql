-- Primary keys refuse NULL, as in PostgreSQL. In a table with rowids, SQLite lets a primary key
-- that is not `INTEGER PRIMARY KEY` be NULL (a historical quirk): sessions.token_hash and
-- schema_migrations.version were such keys. SQLite cannot add NOT NULL to a column, so both
-- tables are made again. No foreign key points at either.
CREATE TABLE sessions_new (
    token_hash TEXT NOT NULL PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
INSERT INTO sessions_new (token_hash, account_id, csrf_token, created_at, expires_at)
    SELECT token_hash, account_id, csrf_token, created_at, expires_at FROM sessions WHERE token_hash IS NOT NULL;
DROP TABLE sessions;
ALTER TABLE sessions_new RENAME TO sessions;
CREATE INDEX sessions_account ON sessions(account_id);

CREATE TABLE schema_migrations_new (
    version  BIGINT NOT NULL PRIMARY KEY,
    name     TEXT NOT NULL,
    checksum TEXT
);
INSERT INTO schema_migrations_new (version, name, checksum)
    SELECT version, name, checksum FROM schema_migrations WHERE version IS NOT NULL;
DROP TABLE schema_migrations;
ALTER TABLE schema_migrations_new RENAME TO schema_migrations;
