-- Public ids: a UUIDv7 per record that other instances refer to, beside the local integer key.
-- Stored as a 16-byte BLOB: half the size of its text in the table and in the unique index, and
-- compared byte by byte, which for a UUIDv7 is time order (read it as text with
-- lower(hex(public_id)), or through Cabildo).
--
-- The columns are added empty and filled in Rust (SQLite cannot make a UUID). SQLite cannot add
-- NOT NULL to an existing column, so each table is then rebuilt as SQLite's documentation says
-- (new table, copy, drop, rename, indexes again) with the migration's foreign keys off; the
-- runner checks every reference before it commits.

ALTER TABLE bodies ADD COLUMN public_id BLOB;
ALTER TABLE persons ADD COLUMN public_id BLOB;
ALTER TABLE households ADD COLUMN public_id BLOB;
ALTER TABLE parcels ADD COLUMN public_id BLOB;
ALTER TABLE offices ADD COLUMN public_id BLOB;
ALTER TABLE assemblies ADD COLUMN public_id BLOB;
ALTER TABLE motions ADD COLUMN public_id BLOB;
ALTER TABLE resolutions ADD COLUMN public_id BLOB;
ALTER TABLE actas ADD COLUMN public_id BLOB;

-- [rust step] every row gets its id here.

CREATE TABLE bodies_new (
    id          INTEGER PRIMARY KEY,
    parent_id   INTEGER REFERENCES bodies(id),
    kind        TEXT NOT NULL,
    composition TEXT NOT NULL,
    name        TEXT NOT NULL,
    code        TEXT NOT NULL UNIQUE,
    created_on  TEXT NOT NULL,
    closed_on   TEXT,
    published   INTEGER NOT NULL DEFAULT 0,
    public_id   BLOB NOT NULL UNIQUE,
    CHECK (parent_id IS NULL OR parent_id <> id)
);
INSERT INTO bodies_new (id, parent_id, kind, composition, name, code, created_on, closed_on, published, public_id)
    SELECT id, parent_id, kind, composition, name, code, created_on, closed_on, published, public_id FROM bodies;
DROP TABLE bodies;
ALTER TABLE bodies_new RENAME TO bodies;
CREATE INDEX bodies_parent ON bodies(parent_id);

CREATE TABLE persons_new (
    id             INTEGER PRIMARY KEY,
    given_names    TEXT NOT NULL,
    first_surname  TEXT NOT NULL,
    second_surname TEXT,
    id_number      TEXT,
    phone          TEXT,
    search_key     TEXT NOT NULL,
    public_id      BLOB NOT NULL UNIQUE
);
INSERT INTO persons_new (id, given_names, first_surname, second_surname, id_number, phone, search_key, public_id)
    SELECT id, given_names, first_surname, second_surname, id_number, phone, search_key, public_id FROM persons;
DROP TABLE persons;
ALTER TABLE persons_new RENAME TO persons;

CREATE TABLE households_new (
    id              INTEGER PRIMARY KEY,
    body_id         INTEGER NOT NULL REFERENCES bodies(id),
    person_id       INTEGER NOT NULL REFERENCES persons(id),
    register_number TEXT,
    affiliated_on   TEXT,
    ended_on        TEXT,
    public_id       BLOB NOT NULL UNIQUE
);
INSERT INTO households_new (id, body_id, person_id, register_number, affiliated_on, ended_on, public_id)
    SELECT id, body_id, person_id, register_number, affiliated_on, ended_on, public_id FROM households;
DROP TABLE households;
ALTER TABLE households_new RENAME TO households;
CREATE INDEX households_current_body ON households(body_id) WHERE ended_on IS NULL;

CREATE TABLE parcels_new (
    id           INTEGER PRIMARY KEY,
    body_id      INTEGER NOT NULL REFERENCES bodies(id),
    household_id INTEGER NOT NULL REFERENCES households(id),
    code         TEXT NOT NULL,
    area_m2      INTEGER,
    place        TEXT,
    latitude     REAL,
    longitude    REAL,
    public_id    BLOB NOT NULL UNIQUE,
    UNIQUE (body_id, code)
);
INSERT INTO parcels_new (id, body_id, household_id, code, area_m2, place, latitude, longitude, public_id)
    SELECT id, body_id, household_id, code, area_m2, place, latitude, longitude, public_id FROM parcels;
DROP TABLE parcels;
ALTER TABLE parcels_new RENAME TO parcels;
CREATE INDEX parcels_household ON parcels(household_id);

CREATE TABLE offices_new (
    id         INTEGER PRIMARY KEY,
    body_id    INTEGER NOT NULL REFERENCES bodies(id),
    person_id  INTEGER NOT NULL REFERENCES persons(id),
    title      TEXT NOT NULL,
    term_start TEXT NOT NULL,
    term_end   TEXT,
    ended_on   TEXT,
    end_reason TEXT,
    public_id  BLOB NOT NULL UNIQUE
);
INSERT INTO offices_new (id, body_id, person_id, title, term_start, term_end, ended_on, end_reason, public_id)
    SELECT id, body_id, person_id, title, term_start, term_end, ended_on, end_reason, public_id FROM offices;
DROP TABLE offices;
ALTER TABLE offices_new RENAME TO offices;
CREATE INDEX offices_body ON offices(body_id);

CREATE TABLE assemblies_new (
    id              INTEGER PRIMARY KEY,
    body_id         INTEGER NOT NULL REFERENCES bodies(id),
    kind            TEXT NOT NULL,
    title           TEXT NOT NULL,
    scheduled_for   TEXT NOT NULL,
    place           TEXT NOT NULL,
    status          TEXT NOT NULL,
    statute_id      INTEGER REFERENCES statutes(id),
    eligible        INTEGER,
    quorum_required INTEGER,
    convened_at     INTEGER NOT NULL,
    opened_at       INTEGER,
    closed_at       INTEGER,
    public_id       BLOB NOT NULL UNIQUE
);
INSERT INTO assemblies_new (id, body_id, kind, title, scheduled_for, place, status, statute_id, eligible,
        quorum_required, convened_at, opened_at, closed_at, public_id)
    SELECT id, body_id, kind, title, scheduled_for, place, status, statute_id, eligible, quorum_required,
        convened_at, opened_at, closed_at, public_id FROM assemblies;
DROP TABLE assemblies;
ALTER TABLE assemblies_new RENAME TO assemblies;
CREATE INDEX assemblies_body ON assemblies(body_id, scheduled_for);

CREATE TABLE resolutions_new (
    id         INTEGER PRIMARY KEY,
    body_id    INTEGER NOT NULL REFERENCES bodies(id),
    year       INTEGER NOT NULL,
    number     INTEGER NOT NULL,
    motion_id  INTEGER,
    title      TEXT NOT NULL,
    text       TEXT NOT NULL,
    adopted_on TEXT NOT NULL,
    public_id  BLOB NOT NULL UNIQUE,
    UNIQUE (body_id, year, number)
);
INSERT INTO resolutions_new (id, body_id, year, number, motion_id, title, text, adopted_on, public_id)
    SELECT id, body_id, year, number, motion_id, title, text, adopted_on, public_id FROM resolutions;
DROP TABLE resolutions;
ALTER TABLE resolutions_new RENAME TO resolutions;
CREATE INDEX resolutions_motion ON resolutions(motion_id);

CREATE TABLE motions_new (
    id              INTEGER PRIMARY KEY,
    assembly_id     INTEGER NOT NULL REFERENCES assemblies(id),
    number          INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    title           TEXT NOT NULL,
    text            TEXT NOT NULL,
    proposer        TEXT NOT NULL,
    origin_id       INTEGER REFERENCES resolutions(id),
    amends_id       INTEGER REFERENCES motions(id),
    runoff_of       INTEGER REFERENCES motions(id),
    office_title    TEXT,
    term_end        TEXT,
    election_rule   TEXT,
    status          TEXT NOT NULL,
    method          TEXT,
    rule            TEXT,
    present_at_open INTEGER,
    opened_at       INTEGER,
    closed_at       INTEGER,
    outcome         TEXT,
    public_id       BLOB NOT NULL UNIQUE,
    UNIQUE (assembly_id, number)
);
INSERT INTO motions_new (id, assembly_id, number, kind, title, text, proposer, origin_id, amends_id, runoff_of,
        office_title, term_end, election_rule, status, method, rule, present_at_open, opened_at, closed_at,
        outcome, public_id)
    SELECT id, assembly_id, number, kind, title, text, proposer, origin_id, amends_id, runoff_of, office_title,
        term_end, election_rule, status, method, rule, present_at_open, opened_at, closed_at, outcome, public_id
    FROM motions;
DROP TABLE motions;
ALTER TABLE motions_new RENAME TO motions;

CREATE TABLE actas_new (
    id           INTEGER PRIMARY KEY,
    assembly_id  INTEGER NOT NULL UNIQUE REFERENCES assemblies(id),
    body_id      INTEGER NOT NULL REFERENCES bodies(id),
    notes        TEXT NOT NULL,
    status       TEXT NOT NULL,
    seq          INTEGER,
    content      TEXT,
    content_hash TEXT,
    prev_hash    TEXT,
    chain_hash   TEXT,
    sealed_at    INTEGER,
    public_id    BLOB NOT NULL UNIQUE,
    UNIQUE (body_id, seq)
);
INSERT INTO actas_new (id, assembly_id, body_id, notes, status, seq, content, content_hash, prev_hash, chain_hash,
        sealed_at, public_id)
    SELECT id, assembly_id, body_id, notes, status, seq, content, content_hash, prev_hash, chain_hash, sealed_at,
        public_id FROM actas;
DROP TABLE actas;
ALTER TABLE actas_new RENAME TO actas;
