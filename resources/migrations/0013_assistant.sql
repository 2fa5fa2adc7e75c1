-- The bot's work. A turn is written with the inbound message it answers (same transaction), so
-- a crash between "message stored" and "answer queued" leaves a pending turn that is answered
-- after the restart; the answer's outbox idempotency key ("assistant:<message id>") makes a turn
-- processed twice send once.
CREATE TABLE assistant_turns (
    id {{PK}},
    message_id BIGINT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    conversation_id BIGINT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    state TEXT NOT NULL DEFAULT 'pending',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX assistant_turns_message ON assistant_turns (message_id);
CREATE INDEX assistant_turns_pending ON assistant_turns (state, id);
-- Every bot turn as operators inspect it: the outcome, what was retrieved (ids, files, scores),
-- what was cited, the mode, timings. The question and the answer are messages (sealed there);
-- nothing personal is kept here in clear. Replaces 0001's unused rag_interactions.
DROP TABLE rag_interactions;
CREATE TABLE assistant_interactions (
    id {{PK}},
    conversation_id BIGINT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    message_id BIGINT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    reply_message_id BIGINT REFERENCES messages (id) ON DELETE SET NULL,
    outcome TEXT NOT NULL,
    mode TEXT NOT NULL,
    model TEXT NOT NULL DEFAULT '',
    retrieved TEXT NOT NULL DEFAULT '[]',
    citations TEXT NOT NULL DEFAULT '[]',
    retrieval_ms INTEGER NOT NULL DEFAULT 0,
    llm_ms INTEGER NOT NULL DEFAULT 0,
    prompt_tokens INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX assistant_interactions_message ON assistant_interactions (message_id);
CREATE INDEX assistant_interactions_conversation ON assistant_interactions (conversation_id, id);
