-- Secrets of this instance, made at random when the migration runs and never shown:
-- `member_cards` keys the codes printed on member cards (HMAC-SHA256 of the household's number),
-- so that a code cannot be worked out from a household number. Hex text of 32 random bytes.
CREATE TABLE instance_secrets (
    name   TEXT NOT NULL PRIMARY KEY,
    secret TEXT NOT NULL
);
-- [rust step] inserts the random secrets.
