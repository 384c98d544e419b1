-- The event store: one append-only table, one append function.
--
-- Global order. `global_position` comes from an identity sequence, whose values are taken at
-- insert but become visible at commit, so a reader asking for "position > checkpoint" could see
-- position 101 commit before 100 and skip 100 for ever. Two rules close that hole:
--   1. Writers: an append takes its transaction id (xid8) and its positions together under a
--      short session-level advisory lock, before any other write of its transaction, so
--      transaction ids are assigned in the same order as positions. The lock covers just those
--      two steps — not the INSERT, not the commit: inserts, commits and fsyncs still run
--      concurrently and group.
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
    stream_id       text        COLLATE "C" NOT NULL,
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

-- When an append finds the stream elsewhere than expected: if its events are already stored
-- in this stream (a retried command), answer 'duplicate' with what was stored; if the ids
-- belong to other events, raise CH002; otherwise answer p_outcome.
CREATE FUNCTION chancery_replayed_or(p_stream text, p_ids uuid[], p_outcome text, p_last bigint)
RETURNS TABLE (outcome text, last_revision bigint, first_position bigint, last_position bigint)
LANGUAGE plpgsql AS $$
DECLARE
    v_found integer;
    v_mine  integer;
BEGIN
    SELECT count(*), count(*) FILTER (WHERE e.stream_id = p_stream)
      INTO v_found, v_mine
      FROM events e WHERE e.event_id = ANY (p_ids);
    IF v_found = 0 THEN
        IF p_outcome = 'moved' THEN
            RAISE EXCEPTION 'stream % moved during the append', p_stream USING ERRCODE = 'CH001';
        END IF;
        RETURN QUERY SELECT p_outcome, p_last, NULL::bigint, NULL::bigint;
        RETURN;
    END IF;
    IF v_mine <> cardinality(p_ids) THEN
        RAISE EXCEPTION 'event ids already used by other events' USING ERRCODE = 'CH002';
    END IF;
    RETURN QUERY
        SELECT 'duplicate'::text, max(e.stream_revision), min(e.global_position), max(e.global_position)
          FROM events e WHERE e.event_id = ANY (p_ids);
END $$;

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
    v_positions bigint[];
BEGIN
    SELECT e.stream_revision, e.hash INTO v_last, v_prev
      FROM events e WHERE e.stream_id = p_stream
     ORDER BY e.stream_revision DESC LIMIT 1;
    IF NOT FOUND THEN
        v_last := -1;
        v_prev := '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
    END IF;

    IF (p_expected = -2 AND v_last <> -1)
       OR (p_expected >= 0 AND v_last <> p_expected) THEN
        -- Not where the writer expected: a retried command whose first attempt succeeded,
        -- or a genuine conflict.
        RETURN QUERY SELECT * FROM chancery_replayed_or(p_stream, p_ids, 'conflict', v_last);
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

    -- The ordering critical section: take the transaction id and the positions together, so
    -- that across appends xid order equals position order. It holds no index or heap work;
    -- the INSERT below and the commit run concurrently with other appends.
    PERFORM pg_advisory_lock(4848211049629896772);
    PERFORM pg_current_xact_id();
    IF v_count = 1 THEN
        v_positions := ARRAY[nextval('events_global_position_seq')];
    ELSE
        SELECT array_agg(nextval('events_global_position_seq') ORDER BY g)
          INTO v_positions FROM generate_series(1, v_count) AS g;
    END IF;
    PERFORM pg_advisory_unlock(4848211049629896772);

    INSERT INTO events (global_position, event_id, stream_id, stream_revision, event_type,
                        schema_version, payload, metadata, recorded_at, hash)
    OVERRIDING SYSTEM VALUE
    SELECT u.pos, u.id, p_stream, v_last + u.ord, u.t, u.v, u.p, u.m, u.r, u.h
      FROM unnest(v_positions, p_ids, p_types, p_versions, p_payloads, p_metadata,
                  p_recorded, v_hashes)
           WITH ORDINALITY AS u(pos, id, t, v, p, m, r, h, ord)
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS v_inserted = ROW_COUNT;
    v_first := v_positions[1];
    v_lastpos := v_positions[v_count];

    IF v_inserted = 0 THEN
        -- Every id already stored (a retry with `any`): report what was stored.
        RETURN QUERY SELECT * FROM chancery_replayed_or(p_stream, p_ids, 'moved', v_last);
        RETURN;
    END IF;
    IF v_inserted <> v_count THEN
        RAISE EXCEPTION 'stream % moved during the append', p_stream USING ERRCODE = 'CH001';
    END IF;
    RETURN QUERY SELECT 'appended'::text, v_last + v_count, v_first, v_lastpos;
END $$;
