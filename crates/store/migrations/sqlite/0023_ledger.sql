-- The union's money (issue 15): a double-entry book per body. Entries and their lines are never
-- changed or deleted (triggers refuse it): a mistake is corrected by a reversal entry naming the
-- one it reverses. Amounts are integer centavos of bolivianos; a line's amount is signed
-- (positive: debit, negative: credit) and the lines of an entry sum to zero.

CREATE TABLE ledger_entries (
    id               INTEGER PRIMARY KEY,
    public_id        BLOB NOT NULL UNIQUE,
    body_id          INTEGER NOT NULL REFERENCES bodies(id),
    -- Numbered per body, 1, 2, 3… in the order recorded.
    number           INTEGER NOT NULL,
    occurred_on      TEXT NOT NULL,
    recorded_at      INTEGER NOT NULL,
    recorded_by      TEXT NOT NULL,
    -- charges | payment | reversal | expense | income | transfer_out | transfer_in | transfer_confirm
    kind             TEXT NOT NULL,
    memo             TEXT NOT NULL,
    -- A reversal names the entry it reverses (at most one reversal per entry) and why.
    reverses_entry_id INTEGER UNIQUE REFERENCES ledger_entries(id),
    reason           TEXT,
    -- The transfer between bodies the entry belongs to (sent, pending, confirmed).
    transfer_id      INTEGER,
    UNIQUE (body_id, number)
);
CREATE INDEX ledger_entries_body_day ON ledger_entries(body_id, occurred_on);
CREATE INDEX ledger_entries_transfer ON ledger_entries(transfer_id);

CREATE TABLE ledger_lines (
    id                  INTEGER PRIMARY KEY,
    entry_id            INTEGER NOT NULL REFERENCES ledger_entries(id),
    -- The entry's body, repeated so that a body's balances read one index.
    body_id             INTEGER NOT NULL REFERENCES bodies(id),
    -- cash | dues_receivable | contributions_receivable | fines_receivable | family_credit |
    -- income:dues | income:contributions | income:fines | income:other | income:transfers |
    -- expense:<purpose> | payable | receivable
    account             TEXT NOT NULL,
    household_id        INTEGER REFERENCES households(id),
    counterpart_body_id INTEGER REFERENCES bodies(id),
    charge_id           INTEGER,
    amount_centavos     INTEGER NOT NULL
);
CREATE INDEX ledger_lines_entry ON ledger_lines(entry_id);
CREATE INDEX ledger_lines_household ON ledger_lines(household_id, charge_id);
CREATE INDEX ledger_lines_charge ON ledger_lines(charge_id);
CREATE INDEX ledger_lines_body_account ON ledger_lines(body_id, account);

-- What a family is charged: dues for a period, a contribution levied by a resolution, a fine.
CREATE TABLE charges (
    id           INTEGER PRIMARY KEY,
    body_id      INTEGER NOT NULL REFERENCES bodies(id),
    household_id INTEGER NOT NULL REFERENCES households(id),
    -- dues | contribution | fine
    kind         TEXT NOT NULL,
    -- Dues: the period's label ("2026-03"); otherwise NULL.
    period       TEXT,
    levy_id      INTEGER,
    -- A fine taken over from an assembly: once only.
    fine_id      INTEGER UNIQUE REFERENCES fines(id),
    due_on       TEXT NOT NULL,
    amount       INTEGER NOT NULL,
    entry_id     INTEGER NOT NULL REFERENCES ledger_entries(id),
    UNIQUE (household_id, kind, period),
    UNIQUE (levy_id, household_id)
);
CREATE INDEX charges_body_due ON charges(body_id, due_on);
CREATE INDEX charges_entry ON charges(entry_id);

-- The statute's dues: the latest row of a body is in force.
CREATE TABLE dues_rules (
    id        INTEGER PRIMARY KEY,
    body_id   INTEGER NOT NULL REFERENCES bodies(id),
    amount    INTEGER NOT NULL,
    -- monthly | quarterly | yearly
    cadence   TEXT NOT NULL,
    -- household | member
    basis     TEXT NOT NULL,
    -- The share of its members' dues a body above asks of the bodies below it, in basis points
    -- (1000 = 10 %); 0 for none.
    share_bp  INTEGER NOT NULL,
    set_at    INTEGER NOT NULL,
    set_by    TEXT NOT NULL
);
CREATE INDEX dues_rules_body ON dues_rules(body_id);

-- Exemptions from dues the assembly grants (the elderly).
CREATE TABLE dues_exemptions (
    id            INTEGER PRIMARY KEY,
    body_id       INTEGER NOT NULL REFERENCES bodies(id),
    household_id  INTEGER NOT NULL REFERENCES households(id),
    resolution_id INTEGER REFERENCES resolutions(id),
    granted_at    INTEGER NOT NULL,
    granted_by    TEXT NOT NULL,
    UNIQUE (body_id, household_id)
);

-- Contributions levied by an assembly's resolution.
CREATE TABLE levies (
    id            INTEGER PRIMARY KEY,
    public_id     BLOB NOT NULL UNIQUE,
    body_id       INTEGER NOT NULL REFERENCES bodies(id),
    resolution_id INTEGER REFERENCES resolutions(id),
    -- projects | travel | administration | campaign | solidarity | other
    purpose       TEXT NOT NULL,
    description   TEXT NOT NULL,
    -- household | hectare
    basis         TEXT NOT NULL,
    amount        INTEGER NOT NULL,
    due_on        TEXT NOT NULL,
    entry_id      INTEGER NOT NULL REFERENCES ledger_entries(id),
    created_at    INTEGER NOT NULL
);
CREATE INDEX levies_body ON levies(body_id);

-- Receipts, numbered per body and year without gaps (the number is taken from the counter in the
-- payment's transaction).
CREATE TABLE receipts (
    id           INTEGER PRIMARY KEY,
    body_id      INTEGER NOT NULL REFERENCES bodies(id),
    year         INTEGER NOT NULL,
    number       INTEGER NOT NULL,
    code         TEXT NOT NULL UNIQUE,
    entry_id     INTEGER NOT NULL UNIQUE REFERENCES ledger_entries(id),
    household_id INTEGER NOT NULL REFERENCES households(id),
    amount       INTEGER NOT NULL,
    issued_on    TEXT NOT NULL,
    treasurer    TEXT NOT NULL,
    UNIQUE (body_id, year, number)
);
CREATE INDEX receipts_household ON receipts(household_id);

CREATE TABLE receipt_counters (
    body_id INTEGER NOT NULL REFERENCES bodies(id),
    year    INTEGER NOT NULL,
    last    INTEGER NOT NULL,
    PRIMARY KEY (body_id, year)
);

-- Periods a body closed: no charge or entry dated inside one is accepted.
CREATE TABLE ledger_closed_periods (
    id        INTEGER PRIMARY KEY,
    body_id   INTEGER NOT NULL REFERENCES bodies(id),
    start_on  TEXT NOT NULL,
    end_on    TEXT NOT NULL,
    closed_at INTEGER NOT NULL,
    closed_by TEXT NOT NULL
);
CREATE INDEX ledger_closed_periods_body ON ledger_closed_periods(body_id);

-- Transfers between bodies: recorded once, as an outgoing entry of the sender and a pending
-- incoming one of the receiver, which the receiver confirms with an entry of its own.
CREATE TABLE ledger_transfers (
    id           INTEGER PRIMARY KEY,
    public_id    BLOB NOT NULL UNIQUE,
    from_body_id INTEGER NOT NULL REFERENCES bodies(id),
    to_body_id   INTEGER NOT NULL REFERENCES bodies(id),
    -- dues_share | contribution
    kind         TEXT NOT NULL,
    -- The dues share's period, the contribution's levy.
    period       TEXT,
    levy_id      INTEGER REFERENCES levies(id),
    amount       INTEGER NOT NULL,
    memo         TEXT NOT NULL,
    sent_on      TEXT NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX ledger_transfers_to ON ledger_transfers(to_body_id);
CREATE INDEX ledger_transfers_from ON ledger_transfers(from_body_id);

-- Entries and lines are written once.
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger entries are never changed: record a reversal'); END;
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger entries are never deleted: record a reversal'); END;
CREATE TRIGGER ledger_lines_no_update BEFORE UPDATE ON ledger_lines
BEGIN SELECT RAISE(ABORT, 'ledger lines are never changed: record a reversal'); END;
CREATE TRIGGER ledger_lines_no_delete BEFORE DELETE ON ledger_lines
BEGIN SELECT RAISE(ABORT, 'ledger lines are never deleted: record a reversal'); END;
CREATE TRIGGER charges_no_update BEFORE UPDATE ON charges
BEGIN SELECT RAISE(ABORT, 'charges are never changed: record a reversal'); END;
CREATE TRIGGER charges_no_delete BEFORE DELETE ON charges
BEGIN SELECT RAISE(ABORT, 'charges are never deleted: record a reversal'); END;
