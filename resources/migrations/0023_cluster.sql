-- Several instances on one PostgreSQL. Each instance announces itself and renews a lease
-- (cluster_instances); what it queued to send or journaled from a webhook carries its name
-- (owner, filled from the connection's aiochat.instance setting), so another instance takes over
-- only what an instance whose lease ran out left behind. cluster_events carries events and cache
-- invalidations from one instance to the others (sealed: events name customers), announced with
-- NOTIFY and kept a few minutes so an instance that lost its connection catches up.
CREATE TABLE cluster_instances (
    id TEXT PRIMARY KEY,
    started_at BIGINT NOT NULL,
    heartbeat_at BIGINT NOT NULL
);
CREATE TABLE cluster_events (
    id {{PK}},
    origin TEXT NOT NULL,
    name TEXT NOT NULL,
    payload_enc {{BLOB}} NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX cluster_events_created ON cluster_events (created_at);
ALTER TABLE outbox ADD COLUMN owner TEXT;
ALTER TABLE inbound_journal ADD COLUMN owner TEXT;
-- @postgres
ALTER TABLE outbox ALTER COLUMN owner SET DEFAULT current_setting('aiochat.instance', true);
ALTER TABLE inbound_journal ALTER COLUMN owner SET DEFAULT current_setting('aiochat.instance', true);
-- @end
