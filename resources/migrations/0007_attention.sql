-- Why and since when a conversation waits for a person. Set when a customer waits for a human
-- (asked for one, the bot could not answer, wrote into a conversation an operator owns, a send
-- failed); cleared by an operator's reply or by resolving. Waiting conversations are listed
-- longest wait first, the others newest first.
ALTER TABLE conversations ADD COLUMN attention_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN waiting_since BIGINT NOT NULL DEFAULT 0;
UPDATE conversations SET attention_reason = 'customer_waiting', waiting_since = CASE WHEN last_inbound_at > 0 THEN last_inbound_at ELSE last_message_at END WHERE status = 'needs_attention';
DROP INDEX conversations_inbox;
CREATE INDEX conversations_inbox ON conversations ((CASE WHEN status = 'needs_attention' THEN 1 ELSE 0 END) DESC, (CASE WHEN status = 'needs_attention' THEN -waiting_since ELSE last_message_at END) DESC, id DESC);
