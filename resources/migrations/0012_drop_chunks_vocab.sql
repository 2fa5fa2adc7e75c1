-- The retriever counts term frequencies with capped index lookups (a word in every passage is not
-- worth walking all its postings); the fts5vocab table of 0010 is no longer read.
-- @sqlite
DROP TABLE chunks_vocab;
-- @end
