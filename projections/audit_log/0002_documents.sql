-- audit_log: which document each row is about (the payload's `document_id`, for the
-- auditor's filter by document) and the confidentiality of every document as last
-- classified, so a query withholds the summaries of rows about documents the reader is not
-- cleared for. Unqualified names: the engine sets search_path to this projection's schema.
ALTER TABLE entries ADD COLUMN document_id uuid;
CREATE INDEX entries_document ON entries (document_id, global_position) WHERE document_id IS NOT NULL;
CREATE INDEX entries_type ON entries (event_type, global_position);
CREATE TABLE classified (
    document_id     uuid PRIMARY KEY,
    confidentiality text NOT NULL
);
