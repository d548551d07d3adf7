-- An account may be linked to the person it belongs to: the officer who signs actas as the holder
-- of an office, the afiliado who looks at their family's record. At most one person per account
-- and one account per person.
CREATE TABLE account_persons (
    account_id BIGINT NOT NULL PRIMARY KEY REFERENCES accounts(id),
    person_id  BIGINT NOT NULL UNIQUE REFERENCES persons(id)
);
