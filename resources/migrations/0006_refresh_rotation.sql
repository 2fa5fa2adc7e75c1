-- Refresh tokens rotate on every use (RFC 9700, 4.14.2). The hashes of used ones stay with their
-- session: a used token presented again was copied, and the whole session is ended.
CREATE TABLE retired_refresh_tokens (
    refresh_hash TEXT PRIMARY KEY,
    session_id BIGINT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    retired_at BIGINT NOT NULL
);
CREATE INDEX retired_refresh_tokens_session ON retired_refresh_tokens (session_id);
