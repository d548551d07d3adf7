-- Assemblies: statutes, convocatorias, attendance, motions and votes, elections, resolutions,
-- fines, and sealed actas with their signatures.
-- Times are Unix seconds (UTC); `scheduled_for` is the local date and time of the meeting
-- ('YYYY-MM-DDTHH:MM'). Amounts are in centavos.

-- A body's statute, versioned: the newest version is in force; an assembly keeps the one it
-- opened under.
CREATE TABLE statutes (
    id           INTEGER PRIMARY KEY,
    body_id      INTEGER NOT NULL REFERENCES bodies(id),
    version      INTEGER NOT NULL,
    quorum_rule  TEXT NOT NULL,
    absence_fine INTEGER NOT NULL,
    signer_roles TEXT NOT NULL,
    adopted_at   INTEGER NOT NULL,
    adopted_by   TEXT NOT NULL,
    UNIQUE (body_id, version)
);

CREATE TABLE assemblies (
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
    closed_at       INTEGER
);
CREATE INDEX assemblies_body ON assemblies(body_id, scheduled_for);

CREATE TABLE agenda_items (
    id          INTEGER PRIMARY KEY,
    assembly_id INTEGER NOT NULL REFERENCES assemblies(id),
    position    INTEGER NOT NULL,
    title       TEXT NOT NULL,
    UNIQUE (assembly_id, position)
);

-- Who came: one row per person checked in (present, late) or excused. Absent = entitled and
-- not here. `represents_id` is the sub-body an officer speaks for in an ampliado.
CREATE TABLE attendance (
    id            INTEGER PRIMARY KEY,
    assembly_id   INTEGER NOT NULL REFERENCES assemblies(id),
    person_id     INTEGER NOT NULL REFERENCES persons(id),
    household_id  INTEGER REFERENCES households(id),
    represents_id INTEGER REFERENCES bodies(id),
    status        TEXT NOT NULL,
    at            INTEGER NOT NULL,
    UNIQUE (assembly_id, person_id)
);

-- Amounts owed for unexcused absence, written when an assembly closes (a later ledger takes
-- them over).
CREATE TABLE fines (
    id           INTEGER PRIMARY KEY,
    assembly_id  INTEGER NOT NULL REFERENCES assemblies(id),
    body_id      INTEGER NOT NULL REFERENCES bodies(id),
    person_id    INTEGER NOT NULL REFERENCES persons(id),
    household_id INTEGER REFERENCES households(id),
    amount       INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    UNIQUE (assembly_id, person_id)
);

-- Resolutions, numbered per body and year.
CREATE TABLE resolutions (
    id         INTEGER PRIMARY KEY,
    body_id    INTEGER NOT NULL REFERENCES bodies(id),
    year       INTEGER NOT NULL,
    number     INTEGER NOT NULL,
    motion_id  INTEGER,
    title      TEXT NOT NULL,
    text       TEXT NOT NULL,
    adopted_on TEXT NOT NULL,
    UNIQUE (body_id, year, number)
);
CREATE INDEX resolutions_motion ON resolutions(motion_id);

-- Motions and elections. `kind` is motion or election; an election elects `office_title`.
-- Method and rule are fixed when the vote opens; counts are written when it closes.
CREATE TABLE motions (
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
    UNIQUE (assembly_id, number)
);

CREATE TABLE candidates (
    id        INTEGER PRIMARY KEY,
    motion_id INTEGER NOT NULL REFERENCES motions(id),
    person_id INTEGER NOT NULL REFERENCES persons(id),
    UNIQUE (motion_id, person_id)
);

-- Counted results per option ('for', 'against', 'abstain', or 'c<candidate id>'): a show of
-- hands as the chair counted it, a secret ballot as counters (no row per ballot, so nothing
-- links a ballot to a voter or to a moment), and every closed vote's final tally.
CREATE TABLE vote_counts (
    motion_id INTEGER NOT NULL REFERENCES motions(id),
    option    TEXT NOT NULL,
    count     INTEGER NOT NULL,
    PRIMARY KEY (motion_id, option)
) WITHOUT ROWID;

CREATE TABLE roll_call_votes (
    motion_id INTEGER NOT NULL REFERENCES motions(id),
    person_id INTEGER NOT NULL REFERENCES persons(id),
    option    TEXT NOT NULL,
    PRIMARY KEY (motion_id, person_id)
) WITHOUT ROWID;

-- One-time codes of a secret ballot, handed out on paper to those present: only their hashes,
-- never who got which.
CREATE TABLE ballot_codes (
    code_hash TEXT PRIMARY KEY,
    motion_id INTEGER NOT NULL REFERENCES motions(id),
    used      INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- Tickets of a cabildo abierto (hashes of the codes given to participants) and their votes.
CREATE TABLE tickets (
    ticket_hash TEXT PRIMARY KEY,
    assembly_id INTEGER NOT NULL REFERENCES assemblies(id),
    issued_at   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX tickets_assembly ON tickets(assembly_id);

CREATE TABLE phone_votes (
    motion_id   INTEGER NOT NULL REFERENCES motions(id),
    ticket_hash TEXT NOT NULL,
    option      TEXT NOT NULL,
    at          INTEGER NOT NULL,
    PRIMARY KEY (motion_id, ticket_hash)
) WITHOUT ROWID;
CREATE INDEX phone_votes_tally ON phone_votes(motion_id, option);

-- Ed25519 public keys of accounts; the private key is derived from the password when signing
-- and never stored. A new password makes a new key; old keys stay to verify old signatures.
CREATE TABLE account_keys (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    public_key TEXT NOT NULL UNIQUE,
    salt       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX account_keys_account ON account_keys(account_id);

-- The acta of an assembly: a draft (notes editable) until sealed; then its canonical content,
-- the content hash and the hash chained to the body's previous sealed acta.
CREATE TABLE actas (
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
    UNIQUE (body_id, seq)
);

CREATE TABLE acta_signatures (
    id         INTEGER PRIMARY KEY,
    acta_id    INTEGER NOT NULL REFERENCES actas(id),
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    role       TEXT NOT NULL,
    public_key TEXT NOT NULL,
    signature  TEXT NOT NULL,
    signed_at  INTEGER NOT NULL,
    UNIQUE (acta_id, account_id)
);
