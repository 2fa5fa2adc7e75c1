-- A number that changes with every change to the passages (an upload, a re-index, a deletion, a
-- customer's documents moving in a merge), in the same transaction. The retriever keeps how many
-- passages hold each word between questions and takes the counts afresh when it changes.
CREATE TABLE knowledge_state (
    id INTEGER PRIMARY KEY,
    generation BIGINT NOT NULL
);
INSERT INTO knowledge_state (id, generation) VALUES (1, 0);
