-- The Metrics page counts messages per hour or day over a time range; without this index that
-- is a scan of every message ever stored. Covering: the count never touches the table rows.
CREATE INDEX messages_time ON messages (created_at, direction, conversation_id);
