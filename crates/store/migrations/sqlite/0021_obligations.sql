-- Attendance obligations and accountability (issue 14, item 4). A body states that the holder of
-- one of its offices (NULL: its whole directiva) attends an assembly of each body right below it
-- (of `child_kind`, if given) every month, quarter or year, or every assembly of `target_body_id`
-- (of `assembly_kind`, if given). Whether it was kept is never stored: it is computed from the
-- assemblies held and the attendance recorded at them each time it is read.
CREATE TABLE obligations (
    id             INTEGER PRIMARY KEY,
    public_id      BLOB NOT NULL UNIQUE,
    body_id        INTEGER NOT NULL REFERENCES bodies(id),
    office_title   TEXT,
    target_body_id INTEGER REFERENCES bodies(id),
    child_kind     TEXT,
    assembly_kind  TEXT,
    cadence        TEXT NOT NULL,
    since          TEXT NOT NULL,
    ended_on       TEXT,
    stated_at      INTEGER NOT NULL,
    stated_by      TEXT NOT NULL
);
CREATE INDEX obligations_body ON obligations(body_id);
CREATE INDEX obligations_target ON obligations(target_body_id);

-- An officer of another body recorded at an assembly's door because an obligation brings them
-- there (a federation's leader at a central's assembly). Not entitled to attend, so not in
-- `attendance`: a visitor counts for no quorum and casts no vote.
CREATE TABLE assembly_visitors (
    assembly_id INTEGER NOT NULL REFERENCES assemblies(id),
    person_id   INTEGER NOT NULL REFERENCES persons(id),
    office_id   INTEGER NOT NULL REFERENCES offices(id),
    status      TEXT NOT NULL,
    at          INTEGER NOT NULL,
    recorded_by TEXT NOT NULL,
    PRIMARY KEY (assembly_id, person_id)
);
CREATE INDEX assembly_visitors_person ON assembly_visitors(person_id);

-- A demand for explanation: a base's assembly adopts a motion (`motion_id`) demanding that the
-- holder of an office explain; the informe goes on the agenda of the next assembly of
-- `venue_body_id` (of `venue_kind`, if given) and the demand stays open until the officer was
-- recorded present there and the item was dealt with.
CREATE TABLE demands (
    id                INTEGER PRIMARY KEY,
    public_id         BLOB NOT NULL UNIQUE,
    body_id           INTEGER NOT NULL REFERENCES bodies(id),
    motion_id         INTEGER NOT NULL UNIQUE REFERENCES motions(id),
    office_id         INTEGER NOT NULL REFERENCES offices(id),
    venue_body_id     INTEGER NOT NULL REFERENCES bodies(id),
    venue_kind        TEXT,
    status            TEXT NOT NULL,
    resolution_id     INTEGER REFERENCES resolutions(id),
    opened_at         INTEGER,
    venue_assembly_id INTEGER REFERENCES assemblies(id),
    agenda_item_id    INTEGER REFERENCES agenda_items(id),
    closed_at         INTEGER,
    closed_by         TEXT,
    created_at        INTEGER NOT NULL
);
CREATE INDEX demands_body ON demands(body_id);
CREATE INDEX demands_office ON demands(office_id);
CREATE INDEX demands_venue ON demands(venue_body_id, status);

-- An officer's report (informe), attached to an agenda item of an assembly.
CREATE TABLE informes (
    id             INTEGER PRIMARY KEY,
    public_id      BLOB NOT NULL UNIQUE,
    assembly_id    INTEGER NOT NULL REFERENCES assemblies(id),
    agenda_item_id INTEGER NOT NULL REFERENCES agenda_items(id),
    office_id      INTEGER NOT NULL REFERENCES offices(id),
    text           TEXT NOT NULL,
    submitted_at   INTEGER NOT NULL,
    submitted_by   TEXT NOT NULL
);
CREATE INDEX informes_assembly ON informes(assembly_id);
