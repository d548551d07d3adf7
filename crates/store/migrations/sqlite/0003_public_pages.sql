-- A body may publish a public page: its name, directiva and counts, never personal data.
ALTER TABLE bodies ADD COLUMN published INTEGER NOT NULL DEFAULT 0;
