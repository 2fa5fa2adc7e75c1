-- Embedding vectors of knowledge passages, per model, sealed like the passages they come from
-- (float32, little endian, inside the seal). The cache keeps vectors by passage content and
-- model, so re-uploading or re-indexing a file does not embed its unchanged passages again.
CREATE TABLE chunk_vectors (
    id {{PK}},
    chunk_id BIGINT NOT NULL REFERENCES chunks (id) ON DELETE CASCADE,
    model TEXT NOT NULL,
    dims INTEGER NOT NULL,
    vector_enc {{BLOB}} NOT NULL
);
CREATE UNIQUE INDEX chunk_vectors_chunk ON chunk_vectors (chunk_id, model);
CREATE TABLE embedding_cache (
    id {{PK}},
    content_hash TEXT NOT NULL,
    model TEXT NOT NULL,
    dims INTEGER NOT NULL,
    vector_enc {{BLOB}} NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX embedding_cache_key ON embedding_cache (content_hash, model);
