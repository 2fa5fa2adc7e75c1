-- Operator sessions: one per login. Access tokens name their session, so logging out ends them
-- at once; the refresh token is kept only as a hash.
CREATE TABLE sessions (
    id {{PK}},
    operator_id BIGINT NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
    refresh_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    last_used_at BIGINT NOT NULL,
    revoked_at BIGINT NOT NULL DEFAULT 0,
    client TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX sessions_refresh ON sessions (refresh_hash);
CREATE INDEX sessions_operator ON sessions (operator_id);
