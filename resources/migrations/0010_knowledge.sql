-- Knowledge: the documents the bot answers from, in the shared base or one customer's own, and
-- their passages. The tables of 0001 were never used; they are replaced by this shape.
-- Customer documents are personal data, and the shared ones are kept the same way so one path
-- serves both: the original file and each passage are sealed; the keyword index holds a
-- passage's terms (words sorted with their repeats, numbers and e-mails only as keyed hashes,
-- and a scope token first: "zscopeshared" or "zscopec<contact id>").
-- @sqlite
DROP TRIGGER chunks_fts_insert;
DROP TRIGGER chunks_fts_delete;
DROP TABLE chunks_fts;
-- @end
DROP TABLE chunks;
DROP TABLE documents;
CREATE TABLE documents (
    id {{PK}},
    namespace TEXT NOT NULL,
    contact_id BIGINT REFERENCES contacts (id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    mime_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    status TEXT NOT NULL,
    error TEXT,
    pages INTEGER NOT NULL DEFAULT 0,
    chunk_count INTEGER NOT NULL DEFAULT 0,
    content_enc {{BLOB}},
    created_by BIGINT REFERENCES operators (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
-- The same file twice is one document; a file of the same name replaces the older one.
CREATE UNIQUE INDEX documents_content ON documents (namespace, sha256);
CREATE UNIQUE INDEX documents_name ON documents (namespace, file_name);
CREATE INDEX documents_list ON documents (namespace, updated_at DESC, id DESC);
CREATE INDEX documents_recent ON documents (updated_at DESC, id DESC);
CREATE TABLE chunks (
    id {{PK}},
    document_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    namespace TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    page INTEGER NOT NULL DEFAULT 0,
    heading_enc {{BLOB}},
    text_enc {{BLOB}} NOT NULL,
    terms TEXT NOT NULL,
    word_count INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    superseded INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX chunks_document ON chunks (document_id, ordinal);
CREATE INDEX chunks_namespace ON chunks (namespace);
-- @sqlite
CREATE VIRTUAL TABLE chunks_fts USING fts5 (terms, content = 'chunks', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER chunks_fts_insert AFTER INSERT ON chunks BEGIN
    INSERT INTO chunks_fts (rowid, terms) VALUES (new.id, new.terms);
END;
CREATE TRIGGER chunks_fts_delete AFTER DELETE ON chunks BEGIN
    INSERT INTO chunks_fts (chunks_fts, rowid, terms) VALUES ('delete', old.id, old.terms);
END;
-- How many passages hold a term: the IDF of the retriever's own BM25 (FTS5's clamps to zero in a
-- small scope, where most terms occur in most passages).
CREATE VIRTUAL TABLE chunks_vocab USING fts5vocab (chunks_fts, 'row');
CREATE TRIGGER chunks_fts_update AFTER UPDATE OF terms ON chunks BEGIN
    INSERT INTO chunks_fts (chunks_fts, rowid, terms) VALUES ('delete', old.id, old.terms);
    INSERT INTO chunks_fts (rowid, terms) VALUES (new.id, new.terms);
END;
-- @end
-- @postgres
ALTER TABLE chunks ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('simple', terms)) STORED;
CREATE INDEX chunks_search ON chunks USING GIN (search);
-- @end
