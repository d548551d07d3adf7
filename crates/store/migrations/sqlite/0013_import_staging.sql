-- Issue 11's open ends. A padrón import writes its rows in chunks into staging tables, each chunk
-- a short transaction of its own; one short transaction then moves them into the register and
-- drops them (ARCHITECTURE.md, "Walkthrough: a padrón line"). Staged rows are read by nobody else,
-- so a refused or interrupted import leaves nothing in the register.
CREATE TABLE padron_imports (
    id         INTEGER PRIMARY KEY,
    body_id    INTEGER NOT NULL REFERENCES bodies(id),
    started_at INTEGER NOT NULL
);

-- New families: the person and the household, linked to the register by their public ids.
CREATE TABLE import_households (
    id               INTEGER PRIMARY KEY,
    import_id        INTEGER NOT NULL REFERENCES padron_imports(id) ON DELETE CASCADE,
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
CREATE INDEX import_households_import ON import_households(import_id, body_id);

-- New parcels, of a family already registered (household_id) or staged (household_public_id).
CREATE TABLE import_parcels (
    id                  INTEGER PRIMARY KEY,
    import_id           INTEGER NOT NULL REFERENCES padron_imports(id) ON DELETE CASCADE,
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
CREATE INDEX import_parcels_import ON import_parcels(import_id, body_id);

-- Changes to registered families, the whole new value of each row changed.
CREATE TABLE import_person_updates (
    import_id      INTEGER NOT NULL REFERENCES padron_imports(id) ON DELETE CASCADE,
    person_id      INTEGER NOT NULL,
    given_names    TEXT NOT NULL,
    first_surname  TEXT NOT NULL,
    second_surname TEXT,
    id_number      TEXT,
    phone          TEXT,
    search_key     TEXT NOT NULL,
    PRIMARY KEY (import_id, person_id)
);

CREATE TABLE import_household_updates (
    import_id       INTEGER NOT NULL REFERENCES padron_imports(id) ON DELETE CASCADE,
    household_id    INTEGER NOT NULL,
    register_number TEXT,
    affiliated_on   TEXT,
    PRIMARY KEY (import_id, household_id)
);

CREATE TABLE import_parcel_updates (
    import_id    INTEGER NOT NULL REFERENCES padron_imports(id) ON DELETE CASCADE,
    parcel_id    INTEGER NOT NULL,
    household_id INTEGER NOT NULL,
    code         TEXT NOT NULL,
    area_m2      INTEGER,
    place        TEXT,
    latitude     REAL,
    longitude    REAL,
    PRIMARY KEY (import_id, parcel_id)
);

-- When an API token was last used, to the minute (written at most once a minute per token).
ALTER TABLE api_tokens ADD COLUMN last_used_at INTEGER;

-- Who is on a register, by person (`registered_in`): current rows only, as the query reads them.
CREATE INDEX households_current_person ON households(person_id) WHERE ended_on IS NULL;
CREATE INDEX memberships_current_person ON memberships(person_id) WHERE until IS NULL;
CREATE INDEX offices_current_person ON offices(person_id) WHERE ended_on IS NULL;
