-- Petitions up the tree (solicitudes): a base's resolution raised to its parent body, which in its
-- own assembly endorses it one level further, returns it with reasons, merges it with others into
-- a list of demands (pliego), or addresses it to an outside authority with a letter (oficio);
-- the authority's replies are recorded. Whether a petition is overdue is computed, never stored.

-- Outside authorities a body keeps as contacts: an institution, the office addressed, an address.
-- Least personal data: the office, not the person who holds it.
CREATE TABLE authorities (
    id         INTEGER PRIMARY KEY,
    public_id  BLOB NOT NULL UNIQUE,
    body_id    INTEGER NOT NULL REFERENCES bodies(id),
    name       TEXT NOT NULL,
    office     TEXT NOT NULL,
    address    TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX authorities_body ON authorities(body_id);

CREATE TABLE petitions (
    id             INTEGER PRIMARY KEY,
    public_id      BLOB NOT NULL UNIQUE,
    -- `petition` (a base's resolution) or `pliego` (petitions merged by a body).
    kind           TEXT NOT NULL,
    -- The body that raised it (a pliego's: the body that merged) and its resolution.
    origin_body_id INTEGER NOT NULL REFERENCES bodies(id),
    resolution_id  INTEGER NOT NULL REFERENCES resolutions(id),
    title          TEXT NOT NULL,
    -- The body whose inbox holds it now, and how it stands there:
    -- waiting | returned | merged | addressed.
    holder_body_id INTEGER NOT NULL REFERENCES bodies(id),
    status         TEXT NOT NULL,
    -- The pliego it was merged into.
    merged_into    INTEGER REFERENCES petitions(id),
    -- The date by which the holder is asked to decide, if the body that sent it up set one.
    answer_by      TEXT,
    raised_at      INTEGER NOT NULL,
    -- Once addressed: to whom, the oficio's number per addressing body and year, the deadline
    -- for a reply the body set.
    authority_id   INTEGER REFERENCES authorities(id),
    oficio_year    INTEGER,
    oficio_number  INTEGER,
    reply_by       TEXT,
    addressed_at   INTEGER,
    UNIQUE (holder_body_id, oficio_year, oficio_number)
);
-- The inbox: a page newest first (every petition, or those waiting), and the overdue counted.
CREATE INDEX petitions_inbox ON petitions(holder_body_id, status, raised_at);
CREATE INDEX petitions_holder ON petitions(holder_body_id, raised_at);
CREATE INDEX petitions_deadline ON petitions(holder_body_id, status, answer_by);
CREATE INDEX petitions_origin ON petitions(origin_body_id);
CREATE INDEX petitions_merged ON petitions(merged_into);

-- Every step of a petition's path, with the resolution of the body that acted:
-- raised | endorsed | returned | merged | addressed.
CREATE TABLE petition_steps (
    id            INTEGER PRIMARY KEY,
    petition_id   INTEGER NOT NULL REFERENCES petitions(id),
    action        TEXT NOT NULL,
    body_id       INTEGER NOT NULL REFERENCES bodies(id),
    to_body_id    INTEGER REFERENCES bodies(id),
    resolution_id INTEGER REFERENCES resolutions(id),
    reasons       TEXT NOT NULL,
    at            INTEGER NOT NULL,
    actor         TEXT NOT NULL
);
CREATE INDEX petition_steps_petition ON petition_steps(petition_id);

-- The authority's replies: meeting | partial | full | refusal, with the day received, the text,
-- a meeting's date, time and place, and the delegation's assembly convened for it.
CREATE TABLE petition_replies (
    id            INTEGER PRIMARY KEY,
    petition_id   INTEGER NOT NULL REFERENCES petitions(id),
    kind          TEXT NOT NULL,
    received_on   TEXT NOT NULL,
    text          TEXT NOT NULL,
    meeting_at    TEXT,
    meeting_place TEXT,
    assembly_id   INTEGER REFERENCES assemblies(id),
    recorded_at   INTEGER NOT NULL,
    recorded_by   TEXT NOT NULL
);
CREATE INDEX petition_replies_petition ON petition_replies(petition_id);

-- A motion put on the holder's assembly to decide on a petition: adopting it acts
-- (endorse | return | merge | address).
CREATE TABLE petition_motions (
    motion_id    INTEGER NOT NULL PRIMARY KEY REFERENCES motions(id),
    petition_id  INTEGER NOT NULL REFERENCES petitions(id),
    body_id      INTEGER NOT NULL REFERENCES bodies(id),
    action       TEXT NOT NULL,
    reasons      TEXT NOT NULL,
    authority_id INTEGER REFERENCES authorities(id),
    reply_by     TEXT
);
CREATE INDEX petition_motions_petition ON petition_motions(petition_id);

-- The other petitions a merging motion takes into its pliego.
CREATE TABLE petition_motion_items (
    motion_id   INTEGER NOT NULL REFERENCES petition_motions(motion_id),
    petition_id INTEGER NOT NULL REFERENCES petitions(id),
    PRIMARY KEY (motion_id, petition_id)
);
