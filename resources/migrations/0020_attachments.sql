-- Attachments customers send (issue 15): each file a message carries is fetched from its
-- platform in the background and kept sealed. One row per file of a message; the bytes live once
-- per content in media_blobs, keyed by a keyed hash of the content (equal files are stored once,
-- and the key reveals nothing about the content to someone holding only the database).
CREATE TABLE attachments (
    id {{PK}},
    message_id BIGINT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    conversation_id BIGINT NOT NULL,
    position INTEGER NOT NULL,
    platform TEXT NOT NULL,
    kind TEXT NOT NULL,
    source_ref TEXT NOT NULL,
    file_name TEXT NOT NULL DEFAULT '',
    declared_mime TEXT NOT NULL DEFAULT '',
    mime TEXT NOT NULL DEFAULT '',
    size BIGINT NOT NULL DEFAULT 0,
    duration INTEGER NOT NULL DEFAULT 0,
    width INTEGER NOT NULL DEFAULT 0,
    height INTEGER NOT NULL DEFAULT 0,
    blob_key TEXT,
    state TEXT NOT NULL DEFAULT 'pending',
    error TEXT NOT NULL DEFAULT '',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX attachments_message ON attachments (message_id, position);
CREATE INDEX attachments_due ON attachments (state, next_attempt_at);
-- (an id as well: key rotation walks every sealed table by id)
CREATE TABLE media_blobs (
    id {{PK}},
    blob_key TEXT NOT NULL,
    size BIGINT NOT NULL,
    mime TEXT NOT NULL,
    data_enc {{BLOB}} NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX media_blobs_key ON media_blobs (blob_key);
