-- The key log: every public key an account signs actas with, appended once and never changed.
-- Each entry's statement is hashed with the previous entry's hash (entry_hash, prev_hash) and
-- endorsed (a signature of the hash) by the account's previous key, an administrator's key, or
-- (root, enrolled) the new key itself; see crates/domain/src/keylog.rs. The keys that existed
-- before are entered as `legacy` entries, endorsed by nobody: trusted only once a pin kept
-- outside the database covers them (`cabildo keys pin`). Written to run again harmlessly (the
-- schema test re-applies migrations from 6 on).
CREATE TABLE IF NOT EXISTS key_log (
    seq         INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    username    TEXT NOT NULL,
    public_key  TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    admin       INTEGER NOT NULL,
    endorser    TEXT,
    endorsement TEXT,
    created_at  INTEGER NOT NULL,
    prev_hash   TEXT,
    entry_hash  TEXT NOT NULL UNIQUE
);
CREATE INDEX IF NOT EXISTS key_log_account ON key_log(account_id);

-- Append-only: the database refuses to change or remove an entry (whoever can drop these
-- triggers can also rewrite the file; the hashes and the pin are what detect that).
CREATE TRIGGER IF NOT EXISTS key_log_no_update BEFORE UPDATE ON key_log
BEGIN
    SELECT RAISE(ABORT, 'key_log is append-only');
END;
CREATE TRIGGER IF NOT EXISTS key_log_no_delete BEFORE DELETE ON key_log
BEGIN
    SELECT RAISE(ABORT, 'key_log is append-only');
END;

-- [rust step]
