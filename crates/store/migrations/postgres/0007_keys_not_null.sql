-- Nothing to do here: PostgreSQL's primary keys always refuse NULL. SQLite's 0007 makes its
-- sessions and schema_migrations tables refuse it too, so that both dialects keep one schema.
SELECT 1;
