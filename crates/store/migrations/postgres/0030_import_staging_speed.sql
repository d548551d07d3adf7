-- A padrón import's staging tables (migration 13) written without WAL: their rows are read only
-- by the import that stages them and are dropped by its swap, so logging them cost a second write
-- of every staged row for nothing (BENCHMARKS.md, "Padrón import at speed"). A crash of the server
-- empties unlogged tables; the swap compares the rows it finds with the rows the import staged and
-- refuses an import whose staged rows were lost, so a crash never swaps half a file. The imports
-- themselves (padron_imports) stay logged. Replicas do not see unlogged tables: nobody reads
-- these there.
ALTER TABLE import_households SET UNLOGGED;
ALTER TABLE import_parcels SET UNLOGGED;
ALTER TABLE import_person_updates SET UNLOGGED;
ALTER TABLE import_household_updates SET UNLOGGED;
ALTER TABLE import_parcel_updates SET UNLOGGED;
