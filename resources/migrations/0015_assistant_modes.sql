-- The bot answers several conversations at once, each in order: the oldest pending turn of a
-- conversation is found by (conversation_id, state, id).
CREATE INDEX assistant_turns_conversation ON assistant_turns (conversation_id, state, id);
-- What operators need to trust a turn: why the model was not used ("the endpoint answered HTTP
-- 503 (after 3 attempts)"), why a reply was blocked. Never a personal value.
ALTER TABLE assistant_interactions ADD COLUMN note TEXT NOT NULL DEFAULT '';
-- How a chat identity was verified: "customer" (policy number and date of birth),
-- "customer+phone" (and the chat's phone is the customer's), "operator" (by hand, audited).
ALTER TABLE contact_identities ADD COLUMN verified_by TEXT NOT NULL DEFAULT '';
