-- Consultas a las bases: a body asks every base below it a question; each base answers from one
-- of its own assemblies (a motion linked to the consulta). Results are never stored: they are
-- added up from the answers each time they are read (domain::consulta::roll_up).

CREATE TABLE consultas (
    id          INTEGER PRIMARY KEY,
    public_id   BLOB NOT NULL UNIQUE,
    -- The body that asks.
    body_id     INTEGER NOT NULL REFERENCES bodies(id),
    -- yes_no, choice or nomination (domain::consulta::ConsultaKind).
    kind        TEXT NOT NULL,
    -- sum_of_votes, one_voice_per_base or weighted_by_members.
    rule        TEXT NOT NULL,
    -- The kind of body that answers (sindicato unless chosen otherwise at launch).
    base_kind   TEXT NOT NULL,
    question    TEXT NOT NULL,
    text        TEXT NOT NULL,
    -- A date: answers recorded after it are kept and marked late. The launcher can extend it.
    deadline    TEXT NOT NULL,
    launched_at INTEGER NOT NULL,
    launched_by TEXT NOT NULL,
    -- When the launcher closed it: no answer is taken after (NULL while open).
    closed_at   INTEGER
);
CREATE INDEX consultas_body ON consultas(body_id);

-- The options. A yes/no consulta has two (yes, no); a nomination gains one per name proposed.
CREATE TABLE consulta_options (
    id          INTEGER PRIMARY KEY,
    consulta_id INTEGER NOT NULL REFERENCES consultas(id),
    number      INTEGER NOT NULL,
    label       TEXT NOT NULL,
    -- A nomination's nominee.
    person_id   INTEGER REFERENCES persons(id),
    UNIQUE (consulta_id, number)
);

-- The bases asked, fixed at launch: a body created later was not asked.
CREATE TABLE consulta_bases (
    consulta_id INTEGER NOT NULL REFERENCES consultas(id),
    body_id     INTEGER NOT NULL REFERENCES bodies(id),
    PRIMARY KEY (consulta_id, body_id)
);
CREATE INDEX consulta_bases_body ON consulta_bases(body_id);

-- One answer per body: a base's answer, or an intermediate body's own vote (a body that is not
-- among the bases), shown beside the roll-up of its bases and never counted in it.
CREATE TABLE consulta_answers (
    consulta_id INTEGER NOT NULL REFERENCES consultas(id),
    body_id     INTEGER NOT NULL REFERENCES bodies(id),
    motion_id   INTEGER NOT NULL UNIQUE REFERENCES motions(id),
    -- The option the assembly adopted; NULL when it adopted none (a tie).
    adopted_id  INTEGER REFERENCES consulta_options(id),
    -- The body's member count when it answered.
    members     INTEGER NOT NULL,
    late        INTEGER NOT NULL,
    answered_at INTEGER NOT NULL,
    PRIMARY KEY (consulta_id, body_id)
);

-- The votes per option in the answering assembly.
CREATE TABLE consulta_answer_votes (
    consulta_id INTEGER NOT NULL,
    body_id     INTEGER NOT NULL,
    option_id   INTEGER NOT NULL REFERENCES consulta_options(id),
    votes       INTEGER NOT NULL,
    PRIMARY KEY (consulta_id, body_id, option_id),
    FOREIGN KEY (consulta_id, body_id) REFERENCES consulta_answers(consulta_id, body_id)
);

-- A motion put on an assembly's agenda to answer a consulta.
ALTER TABLE motions ADD COLUMN consulta_id INTEGER REFERENCES consultas(id);
