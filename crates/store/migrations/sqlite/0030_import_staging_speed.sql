-- The padrón import's two big staging tables without their foreign key to padron_imports
-- (BENCHMARKS.md, "Padrón import at speed"). SQLite empties a table at once (without visiting its
-- rows) only when no foreign key involves it: the swap's `ON DELETE CASCADE` deleted the 738,000
-- staged rows of the Trópico one by one, index entries and all, inside the swap. The import now
-- drops its staged rows itself (`ImportRepo::drop_import`: the whole tables when no other import
-- is staged, else its rows), and the next import drops rows whose import is gone. PostgreSQL's
-- migration 30 makes the same tables unlogged instead.
CREATE TABLE import_households_new (
    id               INTEGER PRIMARY KEY,
    import_id        INTEGER NOT NULL,
    body_id          INTEGER NOT NULL,
    public_id        BLOB NOT NULL,
    person_public_id BLOB NOT NULL,
    given_names      TEXT NOT NULL,
    first_surname    TEXT NOT NULL,
    second_surname   TEXT,
    id_number        TEXT,
    phone            TEXT,
    search_key       TEXT NOT NULL,
    register_number  TEXT,
    affiliated_on    TEXT
);
INSERT INTO import_households_new SELECT id, import_id, body_id, public_id, person_public_id, given_names,
    first_surname, second_surname, id_number, phone, search_key, register_number, affiliated_on
    FROM import_households WHERE import_id IN (SELECT id FROM padron_imports);
DROP TABLE import_households;
ALTER TABLE import_households_new RENAME TO import_households;
CREATE INDEX import_households_import ON import_households(import_id, body_id);

CREATE TABLE import_parcels_new (
    id                  INTEGER PRIMARY KEY,
    import_id           INTEGER NOT NULL,
    body_id             INTEGER NOT NULL,
    household_id        INTEGER,
    household_public_id BLOB,
    public_id           BLOB NOT NULL,
    code                TEXT NOT NULL,
    area_m2             INTEGER,
    place               TEXT,
    latitude            REAL,
    longitude           REAL
);
INSERT INTO import_parcels_new SELECT id, import_id, body_id, household_id, household_public_id, public_id, code,
    area_m2, place, latitude, longitude
    FROM import_parcels WHERE import_id IN (SELECT id FROM padron_imports);
DROP TABLE import_parcels;
ALTER TABLE import_parcels_new RENAME TO import_parcels;
CREATE INDEX import_parcels_import ON import_parcels(import_id, body_id);
