-- A cabildo abierto's tickets in numbered batches, and the organisers' estimate of the crowd.
-- A ticket's code is worked out from the assembly, its serial and an instance secret (see
-- domain::assembly::ticket_code); `tickets` still keeps only the hashes. A batch records which
-- serials were issued, so that the organisers can print a sheet again; tickets issued before this
-- migration belong to no batch and cannot be printed again.
CREATE TABLE ticket_batches (
    assembly_id  INTEGER NOT NULL REFERENCES assemblies(id),
    first_serial INTEGER NOT NULL,
    count        INTEGER NOT NULL,
    issued_at    INTEGER NOT NULL,
    PRIMARY KEY (assembly_id, first_serial)
);

-- An open assembly keeps no register of those present: the organisers may record how many they
-- think came (optional), printed in the acta beside the tickets used.
CREATE TABLE crowd_estimates (
    assembly_id INTEGER NOT NULL PRIMARY KEY REFERENCES assemblies(id),
    estimate    INTEGER NOT NULL
);
