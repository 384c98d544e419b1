-- inbox: indexes for the supervision (overdue) and document search queries.
-- Unqualified names: the projection engine sets search_path to this projection's schema.

-- Overdue and due-soon work: pending items that someone must act on (not for information),
-- by deadline — the counts take the items up to a date from it, and the drill-down pages
-- by (deadline, document, target).
CREATE INDEX items_pending_deadline ON items (deadline, document_id, target)
    WHERE state = 'pending' AND kind <> 'info' AND deadline IS NOT NULL;

-- Search, newest received first. The scope's unit conditions are served by documents_unit
-- (a bitmap scan then a top-N sort when the scope is small); with a large scope, or none
-- (auditors), the newest documents are read in this order and filtered.
CREATE INDEX documents_received ON documents (received_at DESC, document_id DESC);
