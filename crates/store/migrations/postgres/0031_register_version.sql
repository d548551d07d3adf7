-- The register's version: one row that every write to the tables the register's snapshot (and
-- the padrón's rosters) are read from moves forward, whoever makes it — this process, another web
-- instance, the CLI, or someone at psql. A cached value derived from the register is reloaded
-- only when the version moved (`Store::cached_register`), not in full every 2 s.
--
-- Statement-level triggers: an import of 300,000 families bumps it once per statement, not per
-- row, and a transaction bumps it at most once (a transaction-local setting remembers it did), so
-- one register write leaves one dead row version. Only register writes bump it: votes, sessions,
-- tickets and the ledger never touch these tables, so they never wait on this row. Two register
-- writers do wait on it, from the first register statement of the one to its commit: register
-- writes are few (edits, imports), and they already contend on the same bodies and padrones.
CREATE TABLE register_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO register_version (id, version) VALUES (1, 1);

CREATE OR REPLACE FUNCTION register_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('cabildo.register_bumped', true) IS DISTINCT FROM txid_current()::text THEN
        UPDATE register_version SET version = version + 1 WHERE id = 1;
        PERFORM set_config('cabildo.register_bumped', txid_current()::text, true);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER bodies_register_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON bodies
    FOR EACH STATEMENT EXECUTE FUNCTION register_version_bump();
CREATE TRIGGER households_register_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON households
    FOR EACH STATEMENT EXECUTE FUNCTION register_version_bump();
CREATE TRIGGER memberships_register_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON memberships
    FOR EACH STATEMENT EXECUTE FUNCTION register_version_bump();
CREATE TRIGGER parcels_register_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON parcels
    FOR EACH STATEMENT EXECUTE FUNCTION register_version_bump();
CREATE TRIGGER persons_register_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON persons
    FOR EACH STATEMENT EXECUTE FUNCTION register_version_bump();
