-- register_book: the incoming register book (sổ đăng ký văn bản đến, Decree 30 App. IV §VI),
-- one row per arrival number of a register and year.
-- Unqualified names: the projection engine sets search_path to this projection's schema.

-- What register.number-taken records: (1) arrival date, (2) arrival number, (3) issuing body,
-- (4) number and notation, (5) document date, (6) type and summary, plus urgency and
-- confidentiality.
CREATE TABLE entries (
    register_id     uuid        NOT NULL,
    year            integer     NOT NULL,
    number          bigint      NOT NULL,
    document_id     uuid        NOT NULL,
    unit_id         uuid        NOT NULL,
    clerk_id        uuid        NOT NULL,
    arrived_at      timestamptz NOT NULL,
    issuing_body    text        NOT NULL,
    number_notation text        NOT NULL,
    document_date   date        NOT NULL,
    document_type   text        NOT NULL,
    summary         text        NOT NULL,
    urgency         text        NOT NULL,
    confidentiality text        NOT NULL,
    global_position bigint      NOT NULL,
    PRIMARY KEY (register_id, year, number)
);
CREATE INDEX entries_document ON entries (document_id);

-- What the document's own events add, whichever arrives first: (7) the receiving unit or
-- person and (8) the date first forwarded after registration, (10) notes, and the metadata
-- as the clerk corrected it after registration.
CREATE TABLE documents (
    document_id        uuid    PRIMARY KEY,
    registered         boolean NOT NULL DEFAULT false,
    notes              text,
    -- Set by document.metadata-updated: the book shows the corrected values.
    corrected          boolean NOT NULL DEFAULT false,
    issuing_body       text,
    number_notation    text,
    document_date      date,
    document_type      text,
    summary            text,
    urgency            text,
    confidentiality    text,
    forwarded_to       uuid,
    forwarded_at       timestamptz,
    -- The event that forwarded it (cleared when that forward is recalled).
    forwarded_position bigint,
    -- The event of the last move (what a recall takes back).
    last_move_position bigint,
    applied_position   bigint  NOT NULL
);
