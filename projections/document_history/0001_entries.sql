-- document_history: every event of every document, as its history (quá trình xử lý) shows it.
-- Unqualified names: the projection engine sets search_path to this projection's schema.
CREATE TABLE entries (
    global_position      bigint      PRIMARY KEY,
    document_id          uuid        NOT NULL,
    recorded_at          timestamptz NOT NULL,
    event_type           text        NOT NULL,
    action               text,
    from_step            text,
    to_step              text,
    actor_person_id      uuid,
    actor_position_id    uuid,
    on_behalf_of_user_id uuid,
    authority            text,
    note                 text,
    deadline             date,
    recipients           jsonb,
    -- What else the event says (register number, units, files, the refusing child…).
    detail               jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX entries_document ON entries (document_id, global_position);
