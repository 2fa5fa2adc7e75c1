-- A long text goes out in several parts, each with its own platform id and delivery status; the
-- message is as delivered as its least-delivered part (a failed part fails the message).
CREATE TABLE message_parts (
    platform_message_id TEXT PRIMARY KEY,
    message_id BIGINT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    part INTEGER NOT NULL,
    status TEXT NOT NULL,
    error TEXT
);
CREATE INDEX message_parts_message ON message_parts (message_id);
-- Parked delivery reports are pruned by age.
CREATE INDEX delivery_reports_pending_received ON delivery_reports_pending (received_at);
