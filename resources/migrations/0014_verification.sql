-- Verification per chat identity: failed attempts (5 lock it for 30 minutes, across restarts),
-- the personal question asked before it was verified (answered right after), and a policy number
-- given without the date of birth (sealed) until the date follows.
ALTER TABLE contact_identities ADD COLUMN verify_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contact_identities ADD COLUMN verify_locked_until BIGINT NOT NULL DEFAULT 0;
ALTER TABLE contact_identities ADD COLUMN verify_pending_message BIGINT;
ALTER TABLE contact_identities ADD COLUMN verify_policy_enc {{BLOB}};
