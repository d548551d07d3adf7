-- The register's version (PostgreSQL only). On SQLite one process writes the database it serves,
-- and its cache follows its own writes (`Store::generation`); statement-level triggers do not
-- exist here, and row-level ones would cost an import of 300,000 families a write per row. A
-- no-op, so that both dialects count the same migrations.
SELECT 1;
