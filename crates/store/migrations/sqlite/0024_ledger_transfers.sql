-- Transfers between bodies (issue 15, part 4): the share of its sub-bodies' dues a higher body's
-- statute asks of them, set on its own (a central or a federation keeps no families' dues of its
-- own, so it has no dues rule to carry the share). The latest row of a body is in force. A
-- transfer's confirmation needs no table: it is the receiver's `transfer_confirm` entry, which
-- says who recorded it and when.

CREATE TABLE ledger_shares (
    id        INTEGER PRIMARY KEY,
    body_id   INTEGER NOT NULL REFERENCES bodies(id),
    -- Basis points of the dues the bodies below collected (1000 = 10 %); 0 for none.
    share_bp  INTEGER NOT NULL CHECK (share_bp >= 0 AND share_bp <= 10000),
    set_at    INTEGER NOT NULL,
    set_by    TEXT NOT NULL
);
CREATE INDEX ledger_shares_body ON ledger_shares(body_id);

-- The shares the statutes' dues already set.
INSERT INTO ledger_shares (body_id, share_bp, set_at, set_by)
    SELECT body_id, share_bp, set_at, set_by FROM dues_rules WHERE share_bp > 0 ORDER BY id;

-- A dues share sent for a period, by receiver: the arrears summary reads it in one statement.
CREATE INDEX ledger_transfers_to_kind ON ledger_transfers(to_body_id, kind);
