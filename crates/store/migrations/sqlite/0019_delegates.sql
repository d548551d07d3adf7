-- Delegates, seats and credentials (issue 14): a congress (or an ampliado that uses delegates)
-- declares its seats per sub-body; each sub-body elects the holders and alternates of its seats
-- in its own assembly, whose elections issue credentials; the door admits by credential code.

-- Whether a statute weighs each delegation's votes by the members it represents.
CREATE TABLE statute_delegates (
    statute_id       INTEGER PRIMARY KEY REFERENCES statutes(id),
    weigh_by_members INTEGER NOT NULL CHECK (weigh_by_members IN (0, 1))
);

-- The seats an assembly declared: a fixed number per sub-body (`fixed`), or one per `number`
-- members of the sub-body's register on `register_on` (`per_members`), with or without one
-- alternate (suplente) per seat. `weighted` is the statute's flag at the time of declaring.
CREATE TABLE seat_plans (
    assembly_id INTEGER PRIMARY KEY REFERENCES assemblies(id),
    rule        TEXT NOT NULL,
    number      INTEGER NOT NULL CHECK (number > 0),
    alternates  INTEGER NOT NULL CHECK (alternates IN (0, 1)),
    register_on TEXT NOT NULL,
    weighted    INTEGER NOT NULL CHECK (weighted IN (0, 1)),
    declared_at INTEGER NOT NULL,
    declared_by TEXT NOT NULL
);

-- A sub-body's delegation to an assembly: its members on the register date, its seats, whether it
-- sits as an observer, and the affiliation it sits by (a council's member organisation). When
-- the affiliation ends, `ended_on` is written in the same transaction.
CREATE TABLE delegations (
    id             INTEGER PRIMARY KEY,
    assembly_id    INTEGER NOT NULL REFERENCES seat_plans(assembly_id),
    body_id        INTEGER NOT NULL REFERENCES bodies(id),
    members        INTEGER NOT NULL CHECK (members >= 0),
    seats          INTEGER NOT NULL CHECK (seats >= 0),
    observer       INTEGER NOT NULL CHECK (observer IN (0, 1)),
    affiliation_id INTEGER REFERENCES affiliations(id),
    ended_on       TEXT,
    UNIQUE (assembly_id, body_id)
);
CREATE INDEX delegations_body ON delegations(body_id);
CREATE INDEX delegations_affiliation ON delegations(affiliation_id);

-- An election, in the sub-body's own assembly, of the holder or the alternate of one seat.
CREATE TABLE delegate_elections (
    motion_id     INTEGER PRIMARY KEY REFERENCES motions(id),
    delegation_id INTEGER NOT NULL REFERENCES delegations(id),
    seat          INTEGER NOT NULL CHECK (seat > 0),
    alternate     INTEGER NOT NULL CHECK (alternate IN (0, 1))
);
CREATE INDEX delegate_elections_delegation ON delegate_elections(delegation_id);

-- A credential: one per seat and role (the unique key refuses a second). Only the hash of its
-- code is kept, for the door to find it; the code is worked out again from the instance's key to
-- print it. `used_at` is written when it is admitted at the door.
CREATE TABLE credentials (
    id            INTEGER PRIMARY KEY,
    delegation_id INTEGER NOT NULL REFERENCES delegations(id),
    seat          INTEGER NOT NULL CHECK (seat > 0),
    alternate     INTEGER NOT NULL CHECK (alternate IN (0, 1)),
    person_id     INTEGER NOT NULL REFERENCES persons(id),
    motion_id     INTEGER REFERENCES motions(id),
    code_hash     TEXT NOT NULL UNIQUE,
    issued_at     INTEGER NOT NULL,
    revoked_on    TEXT,
    used_at       INTEGER,
    UNIQUE (delegation_id, seat, alternate)
);
CREATE INDEX credentials_person ON credentials(person_id);
