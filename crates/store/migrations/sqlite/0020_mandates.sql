-- Mandates (issue 14, item 2): a base's assembly instructs its delegates how to vote on an
-- agenda item of a higher assembly (a congress or ampliado of a body above it). Whether the
-- delegation kept it is never stored: it is computed from the roll-call votes each time it is read.

-- The agenda item of its assembly a motion is voted under, set by whoever runs that assembly
-- before the motion's vote opens (a mandate on the item applies to its motions).
CREATE TABLE motion_items (
    motion_id      INTEGER NOT NULL PRIMARY KEY REFERENCES motions(id),
    agenda_item_id INTEGER NOT NULL REFERENCES agenda_items(id)
);
CREATE INDEX motion_items_item ON motion_items(agenda_item_id);

-- A motion put on a base's assembly to give its delegates a mandate: adopting it gives it.
-- `position` is for, against, abstain or option; `option_label` names the option or candidate.
CREATE TABLE mandate_motions (
    motion_id      INTEGER NOT NULL PRIMARY KEY REFERENCES motions(id),
    body_id        INTEGER NOT NULL REFERENCES bodies(id),
    agenda_item_id INTEGER NOT NULL REFERENCES agenda_items(id),
    position       TEXT NOT NULL,
    option_label   TEXT
);

-- The mandates given, with the motion adopted and the resolution it became: one per base and
-- item (a second is refused; the base's own assembly gives it once).
CREATE TABLE mandates (
    id             INTEGER PRIMARY KEY,
    body_id        INTEGER NOT NULL REFERENCES bodies(id),
    agenda_item_id INTEGER NOT NULL REFERENCES agenda_items(id),
    position       TEXT NOT NULL,
    option_label   TEXT,
    motion_id      INTEGER NOT NULL REFERENCES motions(id),
    resolution_id  INTEGER NOT NULL REFERENCES resolutions(id),
    given_at       INTEGER NOT NULL,
    UNIQUE (body_id, agenda_item_id)
);
CREATE INDEX mandates_item ON mandates(agenda_item_id);
