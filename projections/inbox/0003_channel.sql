-- How each document arrived (paper, electronic, routed) and, for an electronic one, the agency
-- that sent it: the clerk's "electronic documents awaiting registration" is the office's
-- electronic documents at the start of their process, neither registered nor refused.
ALTER TABLE documents
    ADD COLUMN channel       text NOT NULL DEFAULT 'routed' CHECK (channel IN ('paper', 'electronic', 'routed')),
    ADD COLUMN sender_agency uuid;
CREATE INDEX documents_awaiting ON documents (unit_id, received_at DESC, document_id DESC)
    WHERE channel = 'electronic' AND register_id IS NULL AND NOT finished;
