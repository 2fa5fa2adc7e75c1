-- Follow-up tasks (the tasks table of the first schema, unused until now): an operator or an
-- automation rule leaves one on a conversation; someone does it and ticks it off.
ALTER TABLE tasks ADD COLUMN completed_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN completed_by BIGINT REFERENCES operators (id) ON DELETE SET NULL;
-- Who asked for it when no operator did ("automation rule 7").
ALTER TABLE tasks ADD COLUMN source TEXT NOT NULL DEFAULT '';
CREATE INDEX tasks_conversation ON tasks (conversation_id, status);
CREATE INDEX tasks_open_due ON tasks (status, due_at);
