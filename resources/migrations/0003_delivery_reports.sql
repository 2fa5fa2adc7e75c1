-- Delivery statuses (WhatsApp statuses[]) find their outbound message by the platform's id.
CREATE INDEX messages_outbound_platform_id ON messages (platform_message_id) WHERE direction = 'out';

-- A status can arrive before the send's answer told us the platform id (the webhook races the
-- HTTP response). Such reports wait here and are applied when the id is stored.
CREATE TABLE delivery_reports_pending (
    id {{PK}},
    platform TEXT NOT NULL,
    platform_message_id TEXT NOT NULL,
    status TEXT NOT NULL,
    error TEXT,
    reported_at BIGINT NOT NULL,
    received_at BIGINT NOT NULL
);
CREATE INDEX delivery_reports_pending_id ON delivery_reports_pending (platform, platform_message_id);
