-- The federation's arrears summary (issue 15, item 8): what the families below a body owe, summed
-- per body, read from two small aggregates instead of the ~1.7 million charges under a federation.
-- Both are DERIVED data, kept by the store in the transaction that writes the lines or charges
-- (store/src/ledger.rs, `keep_arrears_*`); `cabildo ledger check` compares them to the live sums.

-- What a body's charges due on a day still owe: the sum of the lines naming them. A body's
-- arrears as of D is the sum of `owed` over `due_on <= D`.
CREATE TABLE ledger_owed_by_due (
    body_id BIGINT NOT NULL REFERENCES bodies(id),
    due_on  DATE NOT NULL,
    owed    BIGINT NOT NULL,
    PRIMARY KEY (body_id, due_on)
);

-- The due day of each family's oldest charge of a body that still owes something (families
-- owing nothing have no row). Families in arrears as of D: `oldest_due_on <= D`.
CREATE TABLE ledger_family_oldest (
    body_id       BIGINT NOT NULL REFERENCES bodies(id),
    household_id  BIGINT NOT NULL REFERENCES households(id),
    oldest_due_on DATE NOT NULL,
    PRIMARY KEY (body_id, household_id)
);
CREATE INDEX ledger_family_oldest_body_due ON ledger_family_oldest(body_id, oldest_due_on);

-- The backfill from the charges and lines already written.
INSERT INTO ledger_owed_by_due (body_id, due_on, owed)
SELECT c.body_id, c.due_on, CAST(SUM(l.amount_centavos) AS BIGINT)
FROM charges c JOIN ledger_lines l ON l.charge_id = c.id
GROUP BY c.body_id, c.due_on;

INSERT INTO ledger_family_oldest (body_id, household_id, oldest_due_on)
SELECT o.body_id, o.household_id, MIN(o.due_on)
FROM (SELECT c.body_id, c.household_id, c.due_on FROM charges c JOIN ledger_lines l ON l.charge_id = c.id
      GROUP BY c.id, c.body_id, c.household_id, c.due_on HAVING SUM(l.amount_centavos) > 0) o
GROUP BY o.body_id, o.household_id;
