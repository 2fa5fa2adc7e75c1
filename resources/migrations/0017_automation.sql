-- Automation (issue 14). The contact's language becomes a field of its own ("en", "id" or
-- unknown); attributes an admin marks personal are sealed together in attributes_enc, the others
-- stay readable in attributes (JSON) so rules can filter on them without opening anything.
ALTER TABLE contacts ADD COLUMN language TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN attributes_enc {{BLOB}};
CREATE TABLE attribute_definitions (
    key TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    type TEXT NOT NULL,
    currency TEXT NOT NULL DEFAULT '',
    options TEXT NOT NULL DEFAULT '[]',
    personal INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
-- 0001's placeholders for automation were never used: replaced by the tables below.
DROP TABLE rule_runs;
DROP TABLE jobs;
DROP TABLE automation_rules;
-- A rule is its definition (trigger, conditions, actions as JSON, checked when saved) plus the
-- scheduler's state: the next slot it runs at.
CREATE TABLE automation_rules (
    id {{PK}},
    name TEXT NOT NULL,
    enabled INTEGER NOT NULL DEFAULT 0,
    builtin TEXT NOT NULL DEFAULT '',
    definition TEXT NOT NULL,
    next_run_at BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
-- One row per scheduled slot, "run now" or broadcast. (rule_id, scheduled_for) is unique: a slot
-- runs once, however often the scheduler wakes or the clock jumps.
CREATE TABLE automation_runs (
    id {{PK}},
    rule_id BIGINT REFERENCES automation_rules (id) ON DELETE CASCADE,
    broadcast_id BIGINT,
    reason TEXT NOT NULL,
    scheduled_for BIGINT NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'running',
    matched INTEGER NOT NULL DEFAULT 0,
    queued INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    started_at BIGINT NOT NULL,
    finished_at BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX automation_runs_slot ON automation_runs (rule_id, scheduled_for);
CREATE INDEX automation_runs_broadcast ON automation_runs (broadcast_id);
-- The durable queue every action goes through. The payload (rendered text, recipient) is sealed.
-- idempotency_key makes the same reminder for the same contact and due date one job, whatever
-- runs it twice; the send then carries the same key into the outbox.
CREATE TABLE jobs (
    id {{PK}},
    queue TEXT NOT NULL DEFAULT 'automation',
    kind TEXT NOT NULL,
    payload_enc {{BLOB}},
    idempotency_key TEXT,
    rule_id BIGINT,
    run_id BIGINT,
    contact_id BIGINT,
    conversation_id BIGINT,
    state TEXT NOT NULL DEFAULT 'pending',
    run_at BIGINT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 3,
    last_error TEXT NOT NULL DEFAULT '',
    locked_by TEXT NOT NULL DEFAULT '',
    locked_until BIGINT NOT NULL DEFAULT 0,
    message_id BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX jobs_idempotency ON jobs (idempotency_key);
CREATE INDEX jobs_due ON jobs (state, run_at, id);
CREATE INDEX jobs_run ON jobs (run_id, state);
CREATE TABLE broadcasts (
    id {{PK}},
    name TEXT NOT NULL,
    definition TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'running',
    created_by BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
