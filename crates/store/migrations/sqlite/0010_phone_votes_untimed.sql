-- Phone votes keep no time per vote: the moment of a vote, next to its ticket, could link the
-- ticket to the person seen holding a phone at that moment. A vote counts if it was committed
-- before the vote closed; when, exactly, is nobody's business.
ALTER TABLE phone_votes DROP COLUMN at;
