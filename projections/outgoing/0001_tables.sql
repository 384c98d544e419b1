-- outgoing: outgoing documents and submissions in progress and issued (work lists per
-- person and step pool, each recipient's copy), their opinion requests, and the outgoing
-- register book (sổ đăng ký văn bản đi, Decree 30 Appendix IV).
-- Unqualified names: the projection engine sets search_path to this projection's schema.

CREATE TABLE documents (
    document_id      uuid        PRIMARY KEY,
    unit_id          uuid        NOT NULL,   -- drafting unit
    office_id        uuid        NOT NULL,   -- unit whose clerk numbers and issues it
    definition       text        NOT NULL,
    step             text        NOT NULL,
    start_step       text        NOT NULL,   -- the drafter's step (returns go back to them)
    step_roles       text[]      NOT NULL,
    scope_id         uuid,                   -- where the step's pool is (no named holders)
    holder_main      uuid,
    holders          uuid[]      NOT NULL,   -- main and co-handlers
    sender_position  uuid,
    creator_position uuid        NOT NULL,
    creator_person   uuid        NOT NULL,
    document_type    text        NOT NULL,
    summary          text        NOT NULL,
    urgency          text        NOT NULL,
    confidentiality  text        NOT NULL,
    deadline         date,
    versions         integer     NOT NULL,
    signed           boolean     NOT NULL DEFAULT false,
    number_notation  text,
    issued_at        timestamptz,
    recalled         boolean     NOT NULL DEFAULT false,
    finished         boolean     NOT NULL DEFAULT false,
    routed           uuid[]      NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    applied_position bigint      NOT NULL
);
CREATE INDEX documents_holders ON documents USING gin (holders) WHERE NOT finished;
CREATE INDEX documents_pool ON documents (scope_id) WHERE NOT finished;
CREATE INDEX documents_creator ON documents (creator_position, updated_at DESC);
CREATE INDEX documents_office ON documents (office_id, issued_at DESC) WHERE issued_at IS NOT NULL;

-- Each recipient's copy of an issued document (the latest issuance).
CREATE TABLE deliveries (
    document_id    uuid NOT NULL,
    recipient_kind text NOT NULL,   -- unit | agency
    recipient_id   uuid NOT NULL,
    delivery       text NOT NULL,   -- electronic_only | electronic_and_paper
    copy_id        uuid,
    withdrawn      boolean NOT NULL DEFAULT false,
    PRIMARY KEY (document_id, recipient_id)
);
CREATE INDEX deliveries_copy ON deliveries (copy_id);

-- Opinion requests: one row per person asked.
CREATE TABLE opinions (
    document_id  uuid        NOT NULL,
    request_id   uuid        NOT NULL,
    position_id  uuid        NOT NULL,
    asked_by     uuid        NOT NULL,
    question     text        NOT NULL,
    deadline     date        NOT NULL,
    asked_at     timestamptz NOT NULL,
    answered_at  timestamptz,
    opinion      text,
    PRIMARY KEY (request_id, position_id)
);
CREATE INDEX opinions_position ON opinions (position_id) WHERE answered_at IS NULL;
CREATE INDEX opinions_document ON opinions (document_id);

-- The outgoing register book: (1) number and notation, (2) date, (3) type and summary,
-- (4) signer, (5) recipients, (6) unit keeping the file copy, (7) copies, (8) date sent,
-- (9) receipt, (10) notes.
CREATE TABLE book (
    register_id       uuid        NOT NULL,
    year              integer     NOT NULL,
    number            bigint      NOT NULL,
    document_id       uuid        NOT NULL,
    number_notation   text        NOT NULL,
    issue_date        date        NOT NULL,
    document_type     text        NOT NULL,
    summary           text        NOT NULL,
    signer_name       text        NOT NULL,
    drafting_unit_id  uuid        NOT NULL,
    urgency           text        NOT NULL,
    confidentiality   text        NOT NULL,
    recipients        integer,
    sent_at           timestamptz,
    global_position   bigint      NOT NULL,
    PRIMARY KEY (register_id, year, number)
);
CREATE INDEX book_document ON book (document_id);
