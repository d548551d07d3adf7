-- Accounts, roles granted on bodies, sessions, API tokens and the audit trail.
-- Times are Unix seconds (UTC). Session and token secrets are stored only as SHA-256 hashes:
-- whoever reads the database cannot sign in with them.

CREATE TABLE accounts (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    disabled_at   INTEGER
);

CREATE TABLE grants (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    body_id    INTEGER NOT NULL REFERENCES bodies(id),
    role       TEXT NOT NULL,
    granted_at INTEGER NOT NULL,
    UNIQUE (account_id, body_id, role)
);
CREATE INDEX grants_body ON grants(body_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_account ON sessions(account_id);

CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    name       TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);

CREATE TABLE audit_events (
    id         INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    account_id INTEGER REFERENCES accounts(id),
    actor      TEXT NOT NULL,
    body_id    INTEGER REFERENCES bodies(id),
    action     TEXT NOT NULL,
    detail     TEXT NOT NULL
);
CREATE INDEX audit_events_body ON audit_events(body_id, id);
