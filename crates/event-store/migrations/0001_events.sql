-- The event store: one append-only table, one append function.
--
-- Global order. `global_position` comes from an identity sequence, whose values are taken at
-- insert but become visible at commit, so a reader asking for "position > checkpoint" could see
-- position 101 commit before 100 and skip 100 for ever. Two rules close that hole:
--   1. Writers: the INSERT of an append is the first write of its transaction and runs under a
--      short session-level advisory lock, so transaction ids (xid8, taken by that first write)
--      are assigned in the same order as positions. The lock covers the INSERT only, not the
--      commit: commits (and their fsyncs) still run concurrently and group.
--   2. Readers: only rows whose transaction id is below the snapshot's xmin are returned
--      (every transaction below xmin has finished). An event still in flight has a lower xid
--      than every later-positioned event, so those later events stay hidden until it commits
--      or rolls back: nothing is ever skipped and events arrive in position order.
-- The price: a transaction left open anywhere in the cluster holds readers back (never loses
-- anything); the `chancery_readers_held_back` metric and /readyz show it.

CREATE TABLE events (
    global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
    event_id        uuid        NOT NULL,
    stream_id       text        NOT NULL,
    stream_revision bigint      NOT NULL CHECK (stream_revision >= 0),
    event_type      text        NOT NULL,
    schema_version  integer     NOT NULL CHECK (schema_version > 0),
    payload         jsonb       NOT NULL,
    metadata        jsonb       NOT NULL,
    recorded_at     timestamptz NOT NULL,
    hash            bytea       NOT NULL CHECK (length(hash) = 32),
    CONSTRAINT events_event_id_key UNIQUE (event_id),
    CONSTRAINT events_stream_revision_key UNIQUE (stream_id, stream_revision)
);

-- History is immutable: no UPDATE, DELETE or TRUNCATE through ordinary statements.
CREATE FUNCTION chancery_events_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'events are immutable (% refused)', TG_OP USING ERRCODE = 'CH004';
END $$;

CREATE TRIGGER events_no_update_delete BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION chancery_events_immutable();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION chancery_events_immutable();

-- Appends events to one stream atomically, checking the expected revision.
--   p_expected: -1 any, -2 no stream, -3 stream exists, n >= 0 exactly revision n.
--   p_content:  each event's content hash (computed by the caller, see hash.rs); the chain
--               hash(n) = sha256(hash(n-1) || int8send(n) || content(n)) is computed here,
--               where the previous hash is known.
-- Returns outcome 'appended' | 'duplicate' | 'conflict' | 'no-stream' with the revisions and
-- positions; raises CH001 when another writer took the revision in between (retry), CH002
-- when the event ids belong to other events, CH003 when called after another write.
CREATE FUNCTION chancery_append_events(
    p_stream   text,
    p_expected bigint,
    p_ids      uuid[],
    p_types    text[],
    p_versions integer[],
    p_payloads jsonb[],
    p_metadata jsonb[],
    p_recorded timestamptz[],
    p_content  bytea[]
) RETURNS TABLE (outcome text, last_revision bigint, first_position bigint, last_position bigint)
LANGUAGE plpgsql AS $$
DECLARE
    v_count    integer := cardinality(p_ids);
    v_last     bigint;
    v_prev     bytea;
    v_hashes   bytea[] := '{}';
    v_inserted integer;
    v_first    bigint;
    v_lastpos  bigint;
    v_found    integer;
BEGIN
    -- A retried command: its first event is already stored. Return what was stored.
    IF EXISTS (SELECT 1 FROM events e WHERE e.event_id = p_ids[1]) THEN
        SELECT count(*), min(e.global_position), max(e.global_position), max(e.stream_revision)
          INTO v_found, v_first, v_lastpos, v_last
          FROM events e
         WHERE e.event_id = ANY (p_ids) AND e.stream_id = p_stream;
        IF v_found <> v_count THEN
            RAISE EXCEPTION 'event ids already used by other events' USING ERRCODE = 'CH002';
        END IF;
        RETURN QUERY SELECT 'duplicate'::text, v_last, v_first, v_lastpos;
        RETURN;
    END IF;

    SELECT e.stream_revision, e.hash INTO v_last, v_prev
      FROM events e WHERE e.stream_id = p_stream
     ORDER BY e.stream_revision DESC LIMIT 1;
    IF NOT FOUND THEN
        v_last := -1;
        v_prev := '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
    END IF;

    IF (p_expected = -2 AND v_last <> -1)
       OR (p_expected >= 0 AND v_last <> p_expected) THEN
        RETURN QUERY SELECT 'conflict'::text, v_last, NULL::bigint, NULL::bigint;
        RETURN;
    END IF;
    IF p_expected = -3 AND v_last = -1 THEN
        RETURN QUERY SELECT 'no-stream'::text, v_last, NULL::bigint, NULL::bigint;
        RETURN;
    END IF;

    FOR i IN 1 .. v_count LOOP
        v_prev := sha256(v_prev || int8send(v_last + i) || p_content[i]);
        v_hashes := v_hashes || v_prev;
    END LOOP;

    IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
        RAISE EXCEPTION 'an append must be the first write of its transaction'
            USING ERRCODE = 'CH003';
    END IF;

    PERFORM pg_advisory_lock(4848211049629896772);
    WITH inserted AS (
        INSERT INTO events (event_id, stream_id, stream_revision, event_type, schema_version,
                            payload, metadata, recorded_at, hash)
        SELECT u.id, p_stream, v_last + u.ord, u.t, u.v, u.p, u.m, u.r, u.h
          FROM unnest(p_ids, p_types, p_versions, p_payloads, p_metadata, p_recorded, v_hashes)
               WITH ORDINALITY AS u(id, t, v, p, m, r, h, ord)
        ON CONFLICT DO NOTHING
        RETURNING global_position
    )
    SELECT count(*), min(global_position), max(global_position)
      INTO v_inserted, v_first, v_lastpos FROM inserted;
    PERFORM pg_advisory_unlock(4848211049629896772);

    IF v_inserted <> v_count THEN
        RAISE EXCEPTION 'stream % moved during the append', p_stream USING ERRCODE = 'CH001';
    END IF;
    RETURN QUERY SELECT 'appended'::text, v_last + v_count, v_first, v_lastpos;
END $$;
