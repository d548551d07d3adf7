-- PostgreSQL's migration 32 drops the foreign key of the padrón import's two big staging tables to
-- padron_imports. SQLite's tables lost it in migration 30: nothing to do here, and both dialects
-- keep the same numbering.
SELECT 1;
