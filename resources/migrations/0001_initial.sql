-- AIO-CHAT schema, step 1: everything the product needs as far as it is known.
-- Conventions: timestamps are BIGINT milliseconds since the Unix epoch (UTC); booleans are
-- INTEGER 0/1; *_enc columns hold AES-256-GCM ciphertext and *_bidx the HMAC blind index used
-- for equality lookups (see core/security/personaldatacipher.h); JSON is stored as TEXT.

CREATE TABLE operators (
    id {{PK}},
    email TEXT NOT NULL,
    display_name TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL DEFAULT 'agent',
    password_hash TEXT,
    disabled INTEGER NOT NULL DEFAULT 0,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until BIGINT NOT NULL DEFAULT 0,
    token_generation INTEGER NOT NULL DEFAULT 0,
    password_changed_at BIGINT NOT NULL DEFAULT 0,
    last_login_at BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX operators_email ON operators (email);

CREATE TABLE contacts (
    id {{PK}},
    display_name TEXT NOT NULL DEFAULT '',
    phone_enc {{BLOB}},
    phone_bidx {{BLOB}},
    email_enc {{BLOB}},
    email_bidx {{BLOB}},
    policy_enc {{BLOB}},
    policy_bidx {{BLOB}},
    dob_enc {{BLOB}},
    dob_bidx {{BLOB}},
    attributes TEXT NOT NULL DEFAULT '{}',
    merged_into BIGINT REFERENCES contacts (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX contacts_phone ON contacts (phone_bidx);
CREATE INDEX contacts_email ON contacts (email_bidx);
CREATE INDEX contacts_policy ON contacts (policy_bidx);
CREATE INDEX contacts_name ON contacts (display_name);

CREATE TABLE contact_identities (
    id {{PK}},
    contact_id BIGINT REFERENCES contacts (id) ON DELETE SET NULL,
    platform TEXT NOT NULL,
    platform_user_enc {{BLOB}} NOT NULL,
    platform_user_bidx {{BLOB}} NOT NULL,
    display_name TEXT NOT NULL DEFAULT '',
    username TEXT NOT NULL DEFAULT '',
    is_group INTEGER NOT NULL DEFAULT 0,
    blocked INTEGER NOT NULL DEFAULT 0,
    verified_at BIGINT NOT NULL DEFAULT 0,
    verification_expires_at BIGINT NOT NULL DEFAULT 0,
    verification_failures INTEGER NOT NULL DEFAULT 0,
    verification_locked_until BIGINT NOT NULL DEFAULT 0,
    phone_evidence_enc {{BLOB}},
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);
-- The seed's "identities by platform + id": one row per platform user, found by blind index.
CREATE UNIQUE INDEX identities_platform_user ON contact_identities (platform, platform_user_bidx);
CREATE INDEX identities_contact ON contact_identities (contact_id);

CREATE TABLE conversations (
    id {{PK}},
    contact_id BIGINT REFERENCES contacts (id) ON DELETE SET NULL,
    identity_id BIGINT NOT NULL REFERENCES contact_identities (id),
    platform TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open',
    handler TEXT NOT NULL DEFAULT 'bot',
    assignee_id BIGINT REFERENCES operators (id) ON DELETE SET NULL,
    is_group INTEGER NOT NULL DEFAULT 0,
    unread_count INTEGER NOT NULL DEFAULT 0,
    last_message_at BIGINT NOT NULL,
    last_inbound_at BIGINT NOT NULL DEFAULT 0,
    first_response_at BIGINT NOT NULL DEFAULT 0,
    resolved_at BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
-- The seed's "conversations by contact + status".
CREATE INDEX conversations_contact_status ON conversations (contact_id, status);
CREATE INDEX conversations_identity_status ON conversations (identity_id, status);
-- The inbox order: needs-attention first, then newest activity; the keyset pages walk it.
CREATE INDEX conversations_inbox ON conversations ((CASE WHEN status = 'needs_attention' THEN 1 ELSE 0 END) DESC, last_message_at DESC, id DESC);
CREATE INDEX conversations_status_time ON conversations (status, last_message_at DESC, id DESC);
CREATE INDEX conversations_time ON conversations (last_message_at DESC, id DESC);

CREATE TABLE messages (
    id {{PK}},
    conversation_id BIGINT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    identity_id BIGINT NOT NULL REFERENCES contact_identities (id),
    direction TEXT NOT NULL,
    sender TEXT NOT NULL,
    sender_operator_id BIGINT REFERENCES operators (id) ON DELETE SET NULL,
    sender_name TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT 'text',
    text TEXT,
    attachments TEXT,
    platform_message_id TEXT,
    status TEXT NOT NULL,
    error TEXT,
    journal_id BIGINT,
    created_at BIGINT NOT NULL,
    edited_at BIGINT NOT NULL DEFAULT 0,
    updated_at BIGINT NOT NULL
);
-- The seed's "messages by conversation + time"; pages walk it newest first.
CREATE INDEX messages_conversation_time ON messages (conversation_id, created_at, id);
-- A platform retry of the same message is stored once (NULL ids of queued sends never clash).
CREATE UNIQUE INDEX messages_platform_id ON messages (identity_id, direction, platform_message_id);

-- Earlier texts of edited messages.
CREATE TABLE message_edits (
    id {{PK}},
    message_id BIGINT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    previous_text TEXT,
    edited_at BIGINT NOT NULL
);
CREATE INDEX message_edits_message ON message_edits (message_id);

-- Full-text search over message texts.
-- @sqlite
CREATE VIRTUAL TABLE messages_fts USING fts5 (text, content = 'messages', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.text IS NOT NULL AND new.text <> '' BEGIN
    INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.text IS NOT NULL AND old.text <> '' BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) SELECT 'delete', old.id, old.text WHERE old.text IS NOT NULL AND old.text <> '';
    INSERT INTO messages_fts (rowid, text) SELECT new.id, new.text WHERE new.text IS NOT NULL AND new.text <> '';
END;
-- @end
-- @postgres
ALTER TABLE messages ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(text, ''))) STORED;
CREATE INDEX messages_search ON messages USING GIN (search);
-- @end

-- Every accepted webhook request / polled update, stored before it is acknowledged.
CREATE TABLE inbound_journal (
    id {{PK}},
    platform TEXT NOT NULL,
    event_key TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    headers TEXT NOT NULL DEFAULT '{}',
    body {{BLOB}} NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    processed_at BIGINT NOT NULL DEFAULT 0,
    error TEXT
);
CREATE UNIQUE INDEX inbound_journal_event ON inbound_journal (platform, event_key);
CREATE INDEX inbound_journal_pending ON inbound_journal (id) WHERE state = 'pending';

-- Every message to send, stored before anything goes on the wire.
CREATE TABLE outbox (
    id {{PK}},
    message_id BIGINT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    conversation_id BIGINT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    platform TEXT NOT NULL,
    chat_key TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    payload TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 3,
    next_attempt_at BIGINT NOT NULL,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX outbox_idempotency ON outbox (idempotency_key);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);

-- Knowledge: documents per customer namespace ("contact:<id>") or the shared base ("shared").
CREATE TABLE documents (
    id {{PK}},
    namespace TEXT NOT NULL,
    contact_id BIGINT REFERENCES contacts (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    source_name TEXT NOT NULL DEFAULT '',
    mime_type TEXT NOT NULL DEFAULT '',
    size_bytes BIGINT NOT NULL DEFAULT 0,
    sha256 TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'pending',
    error TEXT,
    created_by BIGINT REFERENCES operators (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX documents_namespace ON documents (namespace);

CREATE TABLE chunks (
    id {{PK}},
    document_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    namespace TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    text TEXT NOT NULL,
    token_count INTEGER NOT NULL DEFAULT 0,
    embedding {{BLOB}},
    embedding_model TEXT
);
CREATE INDEX chunks_document ON chunks (document_id, ordinal);
CREATE INDEX chunks_namespace ON chunks (namespace);
-- @sqlite
CREATE VIRTUAL TABLE chunks_fts USING fts5 (text, content = 'chunks', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER chunks_fts_insert AFTER INSERT ON chunks BEGIN
    INSERT INTO chunks_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER chunks_fts_delete AFTER DELETE ON chunks BEGIN
    INSERT INTO chunks_fts (chunks_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
-- @end
-- @postgres
ALTER TABLE chunks ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED;
CREATE INDEX chunks_search ON chunks USING GIN (search);
-- @end

-- Every bot answer: the question, the passages used, the model, latency and tokens.
CREATE TABLE rag_interactions (
    id {{PK}},
    conversation_id BIGINT REFERENCES conversations (id) ON DELETE CASCADE,
    message_id BIGINT REFERENCES messages (id) ON DELETE SET NULL,
    query TEXT NOT NULL,
    chunk_ids TEXT NOT NULL DEFAULT '[]',
    model TEXT NOT NULL DEFAULT '',
    answer TEXT,
    outcome TEXT NOT NULL DEFAULT 'answered',
    latency_ms INTEGER NOT NULL DEFAULT 0,
    prompt_tokens INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX rag_interactions_conversation ON rag_interactions (conversation_id, created_at);

CREATE TABLE automation_rules (
    id {{PK}},
    name TEXT NOT NULL,
    enabled INTEGER NOT NULL DEFAULT 1,
    trigger_kind TEXT NOT NULL,
    conditions TEXT NOT NULL DEFAULT '{}',
    actions TEXT NOT NULL DEFAULT '[]',
    schedule_cron TEXT,
    time_zone TEXT,
    jitter_seconds INTEGER NOT NULL DEFAULT 0,
    throttle_seconds INTEGER NOT NULL DEFAULT 0,
    created_by BIGINT REFERENCES operators (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX automation_rules_trigger ON automation_rules (trigger_kind, enabled);

-- One row per rule firing for a target; dedupe_key makes "same reminder, same due date" unique.
CREATE TABLE rule_runs (
    id {{PK}},
    rule_id BIGINT NOT NULL REFERENCES automation_rules (id) ON DELETE CASCADE,
    target_type TEXT NOT NULL DEFAULT '',
    target_id BIGINT NOT NULL DEFAULT 0,
    dedupe_key TEXT NOT NULL,
    status TEXT NOT NULL,
    detail TEXT,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX rule_runs_dedupe ON rule_runs (rule_id, dedupe_key);

-- The durable job queue (automation actions, scheduled work).
CREATE TABLE jobs (
    id {{PK}},
    queue TEXT NOT NULL DEFAULT 'default',
    kind TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}',
    state TEXT NOT NULL DEFAULT 'queued',
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 3,
    run_at BIGINT NOT NULL,
    locked_by TEXT,
    locked_at BIGINT NOT NULL DEFAULT 0,
    last_error TEXT,
    dedupe_key TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX jobs_due ON jobs (queue, state, run_at);
CREATE UNIQUE INDEX jobs_dedupe ON jobs (dedupe_key);

CREATE TABLE tasks (
    id {{PK}},
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    contact_id BIGINT REFERENCES contacts (id) ON DELETE CASCADE,
    conversation_id BIGINT REFERENCES conversations (id) ON DELETE SET NULL,
    assignee_id BIGINT REFERENCES operators (id) ON DELETE SET NULL,
    status TEXT NOT NULL DEFAULT 'open',
    due_at BIGINT NOT NULL DEFAULT 0,
    created_by BIGINT REFERENCES operators (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX tasks_assignee_status ON tasks (assignee_id, status);

CREATE TABLE tags (
    id {{PK}},
    name TEXT NOT NULL,
    color TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX tags_name ON tags (name);

CREATE TABLE contact_tags (
    contact_id BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    tag_id BIGINT NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (contact_id, tag_id)
);

CREATE TABLE conversation_tags (
    conversation_id BIGINT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    tag_id BIGINT NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (conversation_id, tag_id)
);

-- Private notes (never sent to the customer), on a contact or a conversation.
CREATE TABLE notes (
    id {{PK}},
    contact_id BIGINT REFERENCES contacts (id) ON DELETE CASCADE,
    conversation_id BIGINT REFERENCES conversations (id) ON DELETE CASCADE,
    author_id BIGINT REFERENCES operators (id) ON DELETE SET NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX notes_contact ON notes (contact_id, created_at);
CREATE INDEX notes_conversation ON notes (conversation_id, created_at);

-- Tamper-evident: each entry's hash covers the previous entry's hash.
CREATE TABLE audit_log (
    id {{PK}},
    at BIGINT NOT NULL,
    operator_id BIGINT,
    operator_email TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    target_type TEXT NOT NULL DEFAULT '',
    target_id TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '{}',
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_target ON audit_log (target_type, target_id);

-- Settings that several instances sharing one database must agree on.
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
