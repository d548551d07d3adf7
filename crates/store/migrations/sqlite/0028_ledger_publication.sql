-- Whether a body publishes its book's totals on its public page (issue 15, part 6): every decision
-- is kept, the latest of a body is in force; who decided and when, and the assembly's resolution
-- that decided it when one is named.
CREATE TABLE ledger_publications (
    id            INTEGER PRIMARY KEY,
    body_id       INTEGER NOT NULL REFERENCES bodies(id),
    -- 1: published; 0: withdrawn.
    published     INTEGER NOT NULL,
    resolution_id INTEGER REFERENCES resolutions(id),
    set_at        INTEGER NOT NULL,
    set_by        TEXT NOT NULL
);
CREATE INDEX ledger_publications_body ON ledger_publications(body_id, id);
