-- What an acta a union can file needs besides what migration 4 kept.
--
-- `statute_terms`: per statute version, the gestión in years that an elected office is held, the
-- offices of the directiva whose holders sign actas (one per line: "Secretario General"), which
-- replace the account roles of `statutes.signer_roles`, and the resolution of the body's assembly
-- that adopted the version (none for versions adopted before, or by the operator). Versions from
-- before get a gestión of 2 years and the offices their roles stood for (the Rust step).
CREATE TABLE statute_terms (
    statute_id     INTEGER NOT NULL PRIMARY KEY REFERENCES statutes(id),
    term_years     INTEGER NOT NULL,
    signer_offices TEXT NOT NULL,
    resolution_id  INTEGER REFERENCES resolutions(id)
);
-- [rust step] fills statute_terms for the statute versions already adopted.

-- `signature_offices`: a signature given as the holder of an office: the person the signing
-- account is linked to and the office as the statute names it, removed with its signature.
-- Signatures from before (by role) have none.
CREATE TABLE signature_offices (
    signature_id INTEGER NOT NULL PRIMARY KEY REFERENCES acta_signatures(id) ON DELETE CASCADE,
    person_id    INTEGER NOT NULL REFERENCES persons(id),
    office       TEXT NOT NULL
);

-- `assembly_conveners`: who convened an assembly, as printed on the convocatoria: the person the
-- convening account is linked to and the office they held. None when the account was not linked
-- to an office holder.
CREATE TABLE assembly_conveners (
    assembly_id INTEGER NOT NULL PRIMARY KEY REFERENCES assemblies(id),
    person_id   INTEGER NOT NULL REFERENCES persons(id),
    office      TEXT NOT NULL
);
