-- outgoing: every work list served in its own order (updated_at, document_id) DESC, so a
-- first page reads about 50 index entries however long the list is.
--
-- routed_to: one row per position a document was ever sent to (a copy of `routed`, the
-- drafter's own row marked `own`), with the document's updated_at kept equal to the
-- document's on every change: the "processed" list and the search over all of a person's
-- documents read it in order (a GIN index on `routed` finds the rows but cannot give
-- their order, so every page sorted the whole list).
CREATE TABLE routed_to (
    position_id uuid        NOT NULL,
    document_id uuid        NOT NULL,
    own         boolean     NOT NULL,   -- the position drafted the document
    updated_at  timestamptz NOT NULL,   -- = documents.updated_at
    PRIMARY KEY (document_id, position_id)
);
CREATE INDEX routed_to_list ON routed_to (position_id, own, updated_at DESC, document_id DESC);

-- My drafts in progress.
CREATE INDEX documents_drafts ON documents (creator_position, updated_at DESC, document_id DESC)
    WHERE NOT finished;
-- Issued by the office, and issued documents one drafted.
CREATE INDEX documents_office_issued ON documents (office_id, updated_at DESC, document_id DESC)
    WHERE issued_at IS NOT NULL;
CREATE INDEX documents_creator_issued ON documents (creator_position, updated_at DESC, document_id DESC)
    WHERE issued_at IS NOT NULL;
-- Signed and waiting in the office to be numbered and issued.
CREATE INDEX documents_awaiting ON documents (office_id, updated_at DESC, document_id DESC)
    WHERE signed AND NOT finished;
-- The to-do list's named holders (`holders @> ARRAY[position]`; holder_main is always
-- among them) and the step pools (documents_pool) are small bitmap scans, sorted.
-- Superseded by the ordered indexes above.
DROP INDEX documents_creator;
DROP INDEX documents_office;
