-- Indexes the ledger's benchmark (`cabildo bench --ledger`, BENCHMARKS.md) showed missing at the
-- Trópico's size (360,000 families, about 10 million charges).

-- The families of a body on a day, current or ended after it (an assembly's eligible list, and so
-- every assembly whose fines the ledger takes over): the partial index households_current_body
-- serves only `ended_on IS NULL`, so `ended_on IS NULL OR ended_on > day` read every household.
CREATE INDEX households_body ON households(body_id);

-- What a charge still owes (a family's statement, a payment at the table, a report's arrears)
-- sums its lines: with the amount in the index the sum reads no line itself.
DROP INDEX ledger_lines_charge;
CREATE INDEX ledger_lines_charge_amount ON ledger_lines(charge_id, amount_centavos);

-- A report's arrears: a body's charges due by a day, by family, read from the index alone.
DROP INDEX charges_body_due;
CREATE INDEX charges_body_due_household ON charges(body_id, due_on, household_id);
