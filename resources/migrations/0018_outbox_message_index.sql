-- Queueing a message reads its outbox row back by message id (and retries, discards and delivery
-- reports look rows up the same way): without this index each of those scanned the whole outbox,
-- which grows with every message sent.
CREATE INDEX outbox_message ON outbox (message_id);
