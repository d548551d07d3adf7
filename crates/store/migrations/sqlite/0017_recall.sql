-- Recall (revocatoria) of officers by the base.
--
-- `statute_recall`: per statute version, how its officers are recalled: the decision rule of the
-- body's own assembly for a recall of one of its own officers (two thirds unless set), and, for a
-- body with bases below it, the share of its bases that must adopt a recall resolution (a
-- fraction, kept exact) within a window of days. A version without a row recalls by two thirds
-- and sets no share (its officers cannot be recalled from below until one is set).
CREATE TABLE statute_recall (
    statute_id  INTEGER NOT NULL PRIMARY KEY REFERENCES statutes(id),
    rule        TEXT NOT NULL,
    share_num   INTEGER,
    share_den   INTEGER,
    window_days INTEGER
);

-- A recall of an officer of a body by its bases, opened by the first base's recall resolution.
-- The share and the bases are fixed when it opens; the window runs from that resolution's day
-- to `closes_on` inclusive. `outcome` is written when the share is reached (recalled) or, once
-- the window closed short of it, at the next event about the office (failed); until then a
-- reader computes the failure from the dates (domain::recall::status).
CREATE TABLE recalls (
    id          INTEGER PRIMARY KEY,
    public_id   BLOB NOT NULL UNIQUE,
    office_id   INTEGER NOT NULL REFERENCES offices(id),
    -- The office's body.
    body_id     INTEGER NOT NULL REFERENCES bodies(id),
    -- The kind of body that counts as a base (sindicato).
    base_kind   TEXT NOT NULL,
    share_num   INTEGER NOT NULL,
    share_den   INTEGER NOT NULL,
    opened_on   TEXT NOT NULL,
    closes_on   TEXT NOT NULL,
    opened_at   INTEGER NOT NULL,
    outcome     TEXT,
    decided_on  TEXT
);
CREATE INDEX recalls_office ON recalls(office_id);
-- At most one recall of an office without an outcome: two bases closing their votes at once
-- cannot open two (the one whose window closed is written failed before another opens).
CREATE UNIQUE INDEX recalls_one_open ON recalls(office_id) WHERE outcome IS NULL;
CREATE INDEX recalls_body ON recalls(body_id);

-- The bases of a recall, fixed when it opens: a body created later was not counted.
CREATE TABLE recall_bases (
    recall_id INTEGER NOT NULL REFERENCES recalls(id),
    body_id   INTEGER NOT NULL REFERENCES bodies(id),
    PRIMARY KEY (recall_id, body_id)
);
CREATE INDEX recall_bases_body ON recall_bases(body_id);

-- A motion that recalls an office: of the assembly's own body, or of a body above it (then linked
-- to the recall under way, or opening one when adopted).
CREATE TABLE recall_motions (
    motion_id INTEGER NOT NULL PRIMARY KEY REFERENCES motions(id),
    office_id INTEGER NOT NULL REFERENCES offices(id),
    recall_id INTEGER REFERENCES recalls(id)
);
CREATE INDEX recall_motions_office ON recall_motions(office_id);

-- Each base's adopted recall resolution, counted once per recall (the primary key).
CREATE TABLE recall_resolutions (
    recall_id     INTEGER NOT NULL REFERENCES recalls(id),
    body_id       INTEGER NOT NULL REFERENCES bodies(id),
    resolution_id INTEGER NOT NULL UNIQUE REFERENCES resolutions(id),
    adopted_on    TEXT NOT NULL,
    PRIMARY KEY (recall_id, body_id)
);
