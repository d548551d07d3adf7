-- Instructions down the tree (instructivos): a body sends one of its resolutions to bodies below
-- it; each recipient acknowledges it once, by an officer or by its assembly. Who has and who has
-- not is never stored: it is counted from the acknowledgements each time it is read.

CREATE TABLE instructions (
    id            INTEGER PRIMARY KEY,
    public_id     BLOB NOT NULL UNIQUE,
    -- The body that sends, and the resolution of its own it sends down.
    body_id       INTEGER NOT NULL REFERENCES bodies(id),
    resolution_id INTEGER NOT NULL REFERENCES resolutions(id),
    -- What the sender chose: a sub-body whose subtree receives it (NULL: every body below the
    -- sender), and a kind of body (NULL: every kind). The recipients are fixed below.
    scope_body_id INTEGER REFERENCES bodies(id),
    scope_kind    TEXT,
    note          TEXT NOT NULL,
    -- The date by which to acknowledge, if the sender gave one.
    ack_by        TEXT,
    sent_at       INTEGER NOT NULL,
    sent_by       TEXT NOT NULL
);
CREATE INDEX instructions_body ON instructions(body_id);

-- The bodies that receive an instruction, fixed when it is sent: a body created later does not.
CREATE TABLE instruction_recipients (
    instruction_id INTEGER NOT NULL REFERENCES instructions(id),
    body_id        INTEGER NOT NULL REFERENCES bodies(id),
    PRIMARY KEY (instruction_id, body_id)
);
CREATE INDEX instruction_recipients_body ON instruction_recipients(body_id);

-- One acknowledgement per recipient: by an officer (the account, and where it is linked the
-- person and the office they hold), or by the body's assembly (the motion and its resolution).
CREATE TABLE instruction_acks (
    instruction_id  INTEGER NOT NULL,
    body_id         INTEGER NOT NULL,
    acknowledged_at INTEGER NOT NULL,
    actor           TEXT NOT NULL,
    account_id      INTEGER REFERENCES accounts(id),
    person_id       INTEGER REFERENCES persons(id),
    office          TEXT,
    motion_id       INTEGER REFERENCES motions(id),
    resolution_id   INTEGER REFERENCES resolutions(id),
    PRIMARY KEY (instruction_id, body_id),
    FOREIGN KEY (instruction_id, body_id) REFERENCES instruction_recipients(instruction_id, body_id)
);

-- A motion put on a recipient's assembly to acknowledge an instruction: adopting it does.
CREATE TABLE instruction_motions (
    motion_id      INTEGER NOT NULL PRIMARY KEY REFERENCES motions(id),
    instruction_id INTEGER NOT NULL REFERENCES instructions(id),
    body_id        INTEGER NOT NULL REFERENCES bodies(id)
);
CREATE INDEX instruction_motions_instruction ON instruction_motions(instruction_id, body_id);
