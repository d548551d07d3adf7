-- The SHA-256 of each migration's text as this dialect ran it (carriage returns left out), so
-- that a migration edited after it shipped is noticed at start instead of silently differing.
-- Filled in by the migration runner for every migration applied, including those before this one.
ALTER TABLE schema_migrations ADD COLUMN checksum TEXT;
