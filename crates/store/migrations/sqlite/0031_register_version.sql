-- The register's version. On PostgreSQL statement-level triggers move it with every write to the
-- register's tables, whoever writes (see that dialect's migration), and the cache of values derived
-- from the register reloads only when it moved. SQLite has no statement-level triggers (row-level
-- ones would cost an import of 300,000 families a write per row), and one process writes the file
-- it serves: its cache follows its own writes (`Store::generation`), and `register_version()`
-- answers nothing here. The table exists so that both dialects keep the same schema.
CREATE TABLE register_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO register_version (id, version) VALUES (1, 1);
