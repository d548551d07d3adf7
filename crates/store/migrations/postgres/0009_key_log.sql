-- The key log: every public key an account signs actas with, appended once and never changed.
-- Each entry's statement is hashed with the previous entry's hash (entry_hash, prev_hash) and
-- endorsed (a signature of the hash) by the account's previous key, an administrator's key, or
-- (root, enrolled) the new key itself; see crates/domain/src/keylog.rs. The keys that existed
-- before are entered as `legacy` entries, endorsed by nobody: trusted only once a pin kept
-- outside the database covers them (`cabildo keys pin`). Written to run again harmlessly (the
-- schema test re-applies migrations from 6 on).
CREATE TABLE IF NOT EXISTS key_log (
    seq         BIGINT PRIMARY KEY,
    account_id  BIGINT NOT NULL REFERENCES accounts(id),
    username    TEXT NOT NULL,
    public_key  TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    admin       BIGINT NOT NULL,
    endorser    TEXT,
    endorsement TEXT,
    created_at  BIGINT NOT NULL,
    prev_hash   TEXT,
    entry_hash  TEXT NOT NULL UNIQUE
);
CREATE INDEX IF NOT EXISTS key_log_account ON key_log(account_id);

-- Append-only: the database refuses to change or remove an entry (whoever can drop these
-- triggers can also rewrite the tables; the hashes and the pin are what detect that).
CREATE OR REPLACE FUNCTION key_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'key_log is append-only';
END;
$$;
DROP TRIGGER IF EXISTS key_log_no_change ON key_log;
CREATE TRIGGER key_log_no_change BEFORE UPDATE OR DELETE ON key_log
    FOR EACH ROW EXECUTE FUNCTION key_log_append_only();

-- [rust step]
