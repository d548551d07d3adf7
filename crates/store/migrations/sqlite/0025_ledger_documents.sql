-- Documents that back an expense (issue 15, part 5): a photo or PDF of the invoice or receipt,
-- kept in the database as its bytes, with the media type read from those bytes, its size and
-- SHA-256. One per expense entry; written once, like the entries (triggers refuse a change).

CREATE TABLE ledger_documents (
    id          INTEGER PRIMARY KEY,
    entry_id    INTEGER NOT NULL UNIQUE REFERENCES ledger_entries(id),
    body_id     INTEGER NOT NULL REFERENCES bodies(id),
    -- image/jpeg | image/png | application/pdf
    media_type  TEXT NOT NULL,
    -- The name the file had when uploaded, cleaned (shown and offered on download).
    file_name   TEXT NOT NULL,
    size_bytes  INTEGER NOT NULL,
    -- Lowercase hexadecimal SHA-256 of `content`.
    sha256      TEXT NOT NULL,
    content     BLOB NOT NULL,
    added_at    INTEGER NOT NULL,
    added_by    TEXT NOT NULL
);
CREATE INDEX ledger_documents_body ON ledger_documents(body_id);

CREATE TRIGGER ledger_documents_no_update BEFORE UPDATE ON ledger_documents
BEGIN SELECT RAISE(ABORT, 'ledger documents are never changed'); END;
CREATE TRIGGER ledger_documents_no_delete BEFORE DELETE ON ledger_documents
BEGIN SELECT RAISE(ABORT, 'ledger documents are never deleted'); END;
