-- A customer's document added from a file they sent in a chat remembers that message.
ALTER TABLE documents ADD COLUMN source_message_id BIGINT;
