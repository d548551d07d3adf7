-- The organisation registry: bodies, affiliations, people, households, parcels, offices.
-- Dates are ISO text (YYYY-MM-DD). Areas are exact square metres.

CREATE TABLE bodies (
    id          INTEGER PRIMARY KEY,
    parent_id   INTEGER REFERENCES bodies(id),
    kind        TEXT NOT NULL,
    composition TEXT NOT NULL,
    name        TEXT NOT NULL,
    code        TEXT NOT NULL UNIQUE,
    created_on  TEXT NOT NULL,
    closed_on   TEXT,
    CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX bodies_parent ON bodies(parent_id);

CREATE TABLE body_events (
    id         INTEGER PRIMARY KEY,
    body_id    INTEGER NOT NULL REFERENCES bodies(id),
    on_date    TEXT NOT NULL,
    kind       TEXT NOT NULL,
    from_value TEXT,
    to_value   TEXT
);
CREATE INDEX body_events_body ON body_events(body_id);

CREATE TABLE affiliations (
    id        INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES bodies(id),
    host_id   INTEGER NOT NULL REFERENCES bodies(id),
    kind      TEXT NOT NULL,
    since     TEXT NOT NULL,
    until     TEXT,
    CHECK (member_id <> host_id)
);
CREATE INDEX affiliations_member ON affiliations(member_id);
CREATE INDEX affiliations_host ON affiliations(host_id);

CREATE TABLE persons (
    id             INTEGER PRIMARY KEY,
    given_names    TEXT NOT NULL,
    first_surname  TEXT NOT NULL,
    second_surname TEXT,
    id_number      TEXT,
    phone          TEXT,
    search_key     TEXT NOT NULL
);

CREATE TABLE households (
    id              INTEGER PRIMARY KEY,
    body_id         INTEGER NOT NULL REFERENCES bodies(id),
    person_id       INTEGER NOT NULL REFERENCES persons(id),
    register_number TEXT,
    affiliated_on   TEXT,
    ended_on        TEXT
);
-- Current members per body, read from the index alone (member counts roll up from it).
CREATE INDEX households_current_body ON households(body_id) WHERE ended_on IS NULL;

CREATE TABLE parcels (
    id           INTEGER PRIMARY KEY,
    body_id      INTEGER NOT NULL REFERENCES bodies(id),
    household_id INTEGER NOT NULL REFERENCES households(id),
    code         TEXT NOT NULL,
    area_m2      INTEGER,
    place        TEXT,
    latitude     REAL,
    longitude    REAL,
    UNIQUE (body_id, code)
);
CREATE INDEX parcels_household ON parcels(household_id);

CREATE TABLE memberships (
    id        INTEGER PRIMARY KEY,
    body_id   INTEGER NOT NULL REFERENCES bodies(id),
    person_id INTEGER NOT NULL REFERENCES persons(id),
    since     TEXT NOT NULL,
    until     TEXT
);
CREATE INDEX memberships_body ON memberships(body_id);
CREATE INDEX memberships_current_body ON memberships(body_id) WHERE until IS NULL;

CREATE TABLE offices (
    id         INTEGER PRIMARY KEY,
    body_id    INTEGER NOT NULL REFERENCES bodies(id),
    person_id  INTEGER NOT NULL REFERENCES persons(id),
    title      TEXT NOT NULL,
    term_start TEXT NOT NULL,
    term_end   TEXT,
    ended_on   TEXT,
    end_reason TEXT
);
CREATE INDEX offices_body ON offices(body_id);
