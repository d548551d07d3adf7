-- Fewer index entries written per charge (`cabildo bench --ledger`, BENCHMARKS.md): a contribution
-- levied on every family wrote eleven B-tree entries per family between its charge and its line.

-- An entry's charges are read only to reverse a charge run: every charge has a line in its own
-- entry naming it, so they are found through ledger_lines_entry.
DROP INDEX charges_entry;

-- A family's charges sum their lines in one grouped read of the family's lines: with the amount in
-- the index (the same number of entries as before) that read touches no line itself.
DROP INDEX ledger_lines_household;
CREATE INDEX ledger_lines_household_charge ON ledger_lines(household_id, charge_id, amount_centavos);
