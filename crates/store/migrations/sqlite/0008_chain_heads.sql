-- The heads of the chains of sealed actas, as the body above keeps them (issue 11). A head is
-- the count of a body's sealed actas and the chain hash of the last; whoever keeps one can later
-- tell whether the chain was cut short, rewritten or reordered. Today the parent and the body
-- below share one database, so the head is recorded when an acta is sealed, in the same
-- transaction (source 'seal'); bundles from halls will deliver heads the same way (source
-- 'bundle'), naming the acta by its public id since it may not exist on the keeper's instance.
-- Append-only: every head received stays (the history), none is changed or removed; two heads
-- of the same count with different hashes are both kept, being the evidence of a fork.
CREATE TABLE chain_heads (
    id             INTEGER PRIMARY KEY,
    keeper_id      INTEGER NOT NULL REFERENCES bodies(id),
    body_id        INTEGER NOT NULL REFERENCES bodies(id),
    acta_count     INTEGER NOT NULL,
    chain_hash     TEXT NOT NULL,
    acta_public_id BLOB NOT NULL,
    source         TEXT NOT NULL,
    recorded_by    TEXT NOT NULL,
    recorded_at    INTEGER NOT NULL,
    UNIQUE (keeper_id, body_id, acta_count, chain_hash)
);
CREATE INDEX chain_heads_body ON chain_heads(body_id, acta_count);

CREATE TRIGGER chain_heads_no_update BEFORE UPDATE ON chain_heads
BEGIN
    SELECT RAISE(ABORT, 'chain_heads is append-only');
END;
CREATE TRIGGER chain_heads_no_delete BEFORE DELETE ON chain_heads
BEGIN
    SELECT RAISE(ABORT, 'chain_heads is append-only');
END;

-- The heads of the actas sealed before this migration, as their parents would have recorded
-- them: one per sealed acta of a body that has a parent.
INSERT INTO chain_heads (keeper_id, body_id, acta_count, chain_hash, acta_public_id, source, recorded_by,
        recorded_at)
    SELECT b.parent_id, a.body_id, a.seq, a.chain_hash, a.public_id, 'migration', 'migration 8', a.sealed_at
    FROM actas a JOIN bodies b ON b.id = a.body_id
    WHERE a.status = 'sealed' AND b.parent_id IS NOT NULL AND a.seq IS NOT NULL AND a.chain_hash IS NOT NULL
        AND a.sealed_at IS NOT NULL
    ORDER BY a.body_id, a.seq;
