-- The global hash chain over `$all` (see src/chain.rs): one row per stored event, in position
-- order, written after the event by the chain runner, never inside an append. It lives in the
-- PostgreSQL database whatever the event store is (for KurrentDB: the read-model database).
--
-- A row records the event's place (stream and revision) as well as its link, so verification
-- names a chained event that later disappeared. Positions are not dense (a rolled-back append
-- leaves a gap): the chain covers what was stored when it was chained, and a gap that existed
-- then has no row.
CREATE TABLE IF NOT EXISTS event_chain (
    position        bigint      PRIMARY KEY,
    stream_id       text        COLLATE "C" NOT NULL,
    stream_revision bigint      NOT NULL,
    global_hash     bytea       NOT NULL CHECK (length(global_hash) = 32),
    chained_at      timestamptz NOT NULL DEFAULT now()
);

-- Like events: rows are never changed or removed through ordinary statements.
CREATE OR REPLACE FUNCTION chancery_event_chain_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the event chain is immutable (% refused)', TG_OP USING ERRCODE = 'CH004';
END $$;

DROP TRIGGER IF EXISTS event_chain_no_update_delete ON event_chain;
CREATE TRIGGER event_chain_no_update_delete BEFORE UPDATE OR DELETE ON event_chain
    FOR EACH ROW EXECUTE FUNCTION chancery_event_chain_immutable();
DROP TRIGGER IF EXISTS event_chain_no_truncate ON event_chain;
CREATE TRIGGER event_chain_no_truncate BEFORE TRUNCATE ON event_chain
    FOR EACH STATEMENT EXECUTE FUNCTION chancery_event_chain_immutable();
