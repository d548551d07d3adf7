-- The padrón import's two big staging tables without their foreign key to padron_imports, as on
-- SQLite since migration 30 (BENCHMARKS.md, "The import parsed once and on its own thread"). Each
-- staged row cost PostgreSQL a query of its own to check that key and a lock on the import's row:
-- about 3 of the 7.5 seconds the Trópico's 738,000 staged rows took. The import drops its staged
-- rows itself (`ImportRepo::drop_import`), and the next import drops the rows of imports that are
-- gone (`ImportRepo::begin_import`), as on SQLite. The small tables of changes keep their key.
ALTER TABLE import_households DROP CONSTRAINT IF EXISTS import_households_import_id_fkey;
ALTER TABLE import_parcels DROP CONSTRAINT IF EXISTS import_parcels_import_id_fkey;
