-- inbox: each person's work on documents, per position they hold — pending (chờ xử lý),
-- processed (đã xử lý) and for information (xem để biết).
-- Unqualified names: the projection engine sets search_path to this projection's schema.

-- Accent-insensitive search, as in the directory: a trigram index over the unaccented
-- lower-cased text serves LIKE '%…%'.
CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
CREATE FUNCTION fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN lower(public.unaccent('public.unaccent'::regdictionary, $1));

-- One row per document (per unit: a fanned-out child is its own document).
CREATE TABLE documents (
    document_id      uuid        PRIMARY KEY,
    unit_id          uuid        NOT NULL,
    parent_id        uuid,
    issuing_body     text        NOT NULL,
    number_notation  text        NOT NULL,
    summary          text        NOT NULL,
    document_type    text        NOT NULL,
    urgency          text        NOT NULL,
    -- 0 flash, 1 very_urgent, 2 urgent, 3 normal: inboxes sort on it.
    urgency_rank     smallint    NOT NULL,
    confidentiality  text        NOT NULL,
    document_date    date        NOT NULL,
    notes            text,
    register_id      uuid,
    register_year    integer,
    arrival_number   bigint,
    received_at      timestamptz NOT NULL,
    -- The current step, the roles acting at it, its deadline, who sent the document into it
    -- (at which event) and to whom.
    step             text        NOT NULL,
    step_roles       text[]      NOT NULL,
    step_deadline    date,
    step_sender      uuid,
    step_main        uuid,
    step_co          uuid[]      NOT NULL DEFAULT '{}',
    step_info        uuid[]      NOT NULL DEFAULT '{}',
    step_entered_at  bigint      NOT NULL,
    -- Someone acted in place (or corrected the metadata) since the step was entered.
    acted_here       boolean     NOT NULL DEFAULT false,
    finished         boolean     NOT NULL DEFAULT false,
    updated_at       timestamptz NOT NULL,
    -- fold(summary, number/notation, issuing body, notes).
    search           text        NOT NULL,
    -- The last event of this document applied (handlers skip anything at or before it).
    applied_position bigint      NOT NULL
);
CREATE INDEX documents_search ON documents USING gin (search public.gin_trgm_ops);
CREATE INDEX documents_unit ON documents (unit_id, finished);

-- Work items: one per document and target. A target is a position (kind main, co or info)
-- or a pool — every holder of `pool_role` in `pool_unit_id` (kind pool), used while the
-- current step has no named handler.
CREATE TABLE items (
    document_id      uuid        NOT NULL,
    position_id      uuid,
    pool_unit_id     uuid,
    pool_role        text,
    target           text        GENERATED ALWAYS AS (
                         coalesce(position_id::text, 'pool:' || pool_unit_id::text || ':' || pool_role)
                     ) STORED,
    kind             text        NOT NULL CHECK (kind IN ('main', 'co', 'info', 'pool')),
    state            text        NOT NULL CHECK (state IN ('pending', 'processed', 'info')),
    deadline         date,
    sent_by          uuid,
    sent_at          timestamptz,
    read             boolean     NOT NULL DEFAULT false,
    -- The holder acted in place (filed it, corrected it) without moving the document.
    acted            boolean     NOT NULL DEFAULT false,
    -- The event that last set kind and state, and the item as it was before it (a recall
    -- of that event puts it back; NULL: the item did not exist).
    moved_position   bigint      NOT NULL,
    prev             jsonb,
    -- The event that last changed the row.
    updated_position bigint      NOT NULL,
    PRIMARY KEY (document_id, target),
    CHECK (CASE WHEN kind = 'pool'
                THEN position_id IS NULL AND pool_unit_id IS NOT NULL AND pool_role IS NOT NULL
                ELSE position_id IS NOT NULL AND pool_unit_id IS NULL AND pool_role IS NULL END)
);
CREATE INDEX items_position ON items (position_id, state) WHERE position_id IS NOT NULL;
CREATE INDEX items_pool ON items (pool_unit_id, pool_role, state) WHERE position_id IS NULL;

-- The last event at which a position opened (or acted on) a document: a pool item is read
-- for a caller who did so since the item was set.
CREATE TABLE reads (
    document_id   uuid   NOT NULL,
    position_id   uuid   NOT NULL,
    last_position bigint NOT NULL,
    PRIMARY KEY (document_id, position_id)
);
