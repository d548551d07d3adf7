-- A body may publish a public page: its name, directiva and counts, never personal data.
ALTER TABLE bodies ADD COLUMN published BIGINT NOT NULL DEFAULT 0;
