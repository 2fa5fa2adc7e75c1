-- On SQLite a customer's file is kept as a sealed file beside the database (<database>-media/),
-- written off the writer thread: a 20 MB value in the single write connection would hold up every
-- webhook acknowledgement queued behind it. Such a row keeps an empty data_enc. PostgreSQL keeps
-- the bytes in the table, so that several instances share them.
ALTER TABLE media_blobs ADD COLUMN stored_in TEXT NOT NULL DEFAULT 'database';
