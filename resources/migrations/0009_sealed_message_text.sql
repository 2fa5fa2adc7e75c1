-- Message texts are personal data (customers type their policy numbers, phones and dates of
-- birth): they are sealed like the other personal fields. text_enc holds the sealed text and
-- search_terms what the search index may know of it: ordinary words in clear, every token with a
-- digit or an "@" (numbers, dates, phones, e-mails, policy numbers) only as a keyed hash, the
-- whole as a sorted set of words rather than the text. Rows written before this version keep
-- their clear text until the start-up sealer (LegacyTextSealer) has sealed and emptied them.
ALTER TABLE messages ADD COLUMN text_enc {{BLOB}};
ALTER TABLE messages ADD COLUMN search_terms TEXT;
ALTER TABLE message_edits ADD COLUMN previous_text_enc {{BLOB}};
-- @sqlite
DROP TRIGGER messages_fts_insert;
DROP TRIGGER messages_fts_delete;
DROP TRIGGER messages_fts_update;
DROP TABLE messages_fts;
CREATE VIRTUAL TABLE messages_fts USING fts5 (search_terms, content = 'messages', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.search_terms IS NOT NULL AND new.search_terms <> '' BEGIN
    INSERT INTO messages_fts (rowid, search_terms) VALUES (new.id, new.search_terms);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.search_terms IS NOT NULL AND old.search_terms <> '' BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, search_terms) VALUES ('delete', old.id, old.search_terms);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF search_terms ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, search_terms) SELECT 'delete', old.id, old.search_terms WHERE old.search_terms IS NOT NULL AND old.search_terms <> '';
    INSERT INTO messages_fts (rowid, search_terms) SELECT new.id, new.search_terms WHERE new.search_terms IS NOT NULL AND new.search_terms <> '';
END;
-- @end
-- @postgres
DROP INDEX messages_search;
ALTER TABLE messages DROP COLUMN search;
ALTER TABLE messages ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(search_terms, ''))) STORED;
CREATE INDEX messages_search ON messages USING GIN (search);
-- @end
-- The sealer walks what is still clear.
CREATE INDEX messages_clear_text ON messages (id) WHERE text IS NOT NULL;
CREATE INDEX message_edits_clear_text ON message_edits (id) WHERE previous_text IS NOT NULL;
-- What is queued to go out carries the same texts: sealed too (payload stays '' for new rows).
ALTER TABLE outbox ADD COLUMN payload_enc {{BLOB}};
CREATE INDEX outbox_clear_payload ON outbox (id) WHERE payload <> '';
