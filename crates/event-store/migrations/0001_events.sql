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

-- Appends a batch of appends, each to one stream, atomically per append, in one transaction
-- (group commit: the adapter gathers concurrent callers' appends into one call).
--
-- Append a (1-based) targets p_streams[a] with expectation p_expected[a] (-1 any, -2 no
-- stream, -3 stream exists, n >= 0 exactly revision n) and owns the next p_counts[a] entries
-- of the event arrays. p_content holds each event's content hash (computed by the caller, see
-- hash.rs); the chain hash(n) = sha256(hash(n-1) || int8send(n) || content(n)) is computed here
-- where the previous hash is known. Appends to the same stream within a batch apply in order.
--
-- One row per append: outcome
--   'appended'    last_revision, first_position, last_position of the new events;
--   'duplicate'   the events were already stored in this stream (a retried command): the
--                 stored revision and positions;
--   'conflict'    the stream is at last_revision (-1: no stream), not where expected;
--   'no-stream'   StreamExists expected, the stream has no events;
--   'moved'       another transaction appended to the stream meanwhile: decide again (or,
--                 expecting `any`, just retry);
--   'id-conflict' the event ids belong to other events.
-- A failing append never affects the others of the batch (each runs in a subtransaction).
CREATE FUNCTION chancery_append(
    p_streams  text[],
    p_expected bigint[],
    p_counts   integer[],
    p_ids      uuid[],
    p_types    text[],
    p_versions integer[],
    p_payloads jsonb[],
    p_metadata jsonb[],
    p_recorded timestamptz[],
    p_content  bytea[]
) RETURNS TABLE (idx integer, outcome text, last_revision bigint, first_position bigint,
                 last_position bigint)
LANGUAGE plpgsql AS $$
DECLARE
    v_total     integer := cardinality(p_ids);
    v_positions bigint[];
    v_offset    integer := 0;
    v_n         integer;
    v_stream    text;
    v_last      bigint;
    v_prev      bytea;
    v_hashes    bytea[];
    v_inserted  integer;
    v_found     integer;
    v_mine      integer;
BEGIN
    IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
        RAISE EXCEPTION 'an append must be the first write of its transaction'
            USING ERRCODE = 'CH003';
    END IF;
    -- The ordering critical section: take the transaction id and every position together, so
    -- that across transactions xid order equals position order. It holds no index or heap
    -- work: inserts, commits and fsyncs run concurrently with other batches.
    PERFORM pg_advisory_lock(4848211049629896772);
    PERFORM pg_current_xact_id();
    IF v_total = 1 THEN
        v_positions := ARRAY[nextval('events_global_position_seq')];
    ELSE
        SELECT array_agg(nextval('events_global_position_seq') ORDER BY g)
          INTO v_positions FROM generate_series(1, v_total) AS g;
    END IF;
    PERFORM pg_advisory_unlock(4848211049629896772);

    FOR a IN 1 .. cardinality(p_streams) LOOP
        v_n := p_counts[a];
        v_stream := p_streams[a];
        idx := a;
        first_position := NULL;
        last_position := NULL;
        BEGIN
            SELECT e.stream_revision, e.hash INTO v_last, v_prev
              FROM events e WHERE e.stream_id = v_stream
             ORDER BY e.stream_revision DESC LIMIT 1;
            IF NOT FOUND THEN
                v_last := -1;
                v_prev := '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
            END IF;
            last_revision := v_last;
            IF (p_expected[a] = -2 AND v_last <> -1)
               OR (p_expected[a] >= 0 AND v_last <> p_expected[a]) THEN
                outcome := 'conflict';
            ELSIF p_expected[a] = -3 AND v_last = -1 THEN
                outcome := 'no-stream';
            ELSE
                v_hashes := '{}';
                FOR i IN 1 .. v_n LOOP
                    v_prev := sha256(v_prev || int8send(v_last + i) || p_content[v_offset + i]);
                    v_hashes := v_hashes || v_prev;
                END LOOP;
                INSERT INTO events (global_position, event_id, stream_id, stream_revision,
                                    event_type, schema_version, payload, metadata, recorded_at,
                                    hash)
                OVERRIDING SYSTEM VALUE
                SELECT u.pos, u.id, v_stream, v_last + u.ord, u.t, u.v, u.p, u.m, u.r, u.h
                  FROM unnest(v_positions[v_offset + 1 : v_offset + v_n],
                              p_ids[v_offset + 1 : v_offset + v_n],
                              p_types[v_offset + 1 : v_offset + v_n],
                              p_versions[v_offset + 1 : v_offset + v_n],
                              p_payloads[v_offset + 1 : v_offset + v_n],
                              p_metadata[v_offset + 1 : v_offset + v_n],
                              p_recorded[v_offset + 1 : v_offset + v_n],
                              v_hashes)
                       WITH ORDINALITY AS u(pos, id, t, v, p, m, r, h, ord)
                ON CONFLICT DO NOTHING;
                GET DIAGNOSTICS v_inserted = ROW_COUNT;
                IF v_inserted = v_n THEN
                    outcome := 'appended';
                    last_revision := v_last + v_n;
                    first_position := v_positions[v_offset + 1];
                    last_position := v_positions[v_offset + v_n];
                ELSIF v_inserted = 0 THEN
                    outcome := 'moved';
                ELSE
                    -- Part of it collided with a concurrent append: undo this append only.
                    RAISE EXCEPTION 'stream % moved during the append', v_stream
                        USING ERRCODE = 'CH001';
                END IF;
            END IF;
            IF outcome IN ('conflict', 'moved') THEN
                -- Not where the writer expected: a retried command whose first attempt
                -- succeeded, ids reused by other events, or a genuine conflict.
                SELECT count(*), count(*) FILTER (WHERE e.stream_id = v_stream)
                  INTO v_found, v_mine
                  FROM events e WHERE e.event_id = ANY (p_ids[v_offset + 1 : v_offset + v_n]);
                IF v_found > 0 AND v_mine = v_n THEN
                    outcome := 'duplicate';
                    SELECT max(e.stream_revision), min(e.global_position), max(e.global_position)
                      INTO last_revision, first_position, last_position
                      FROM events e WHERE e.event_id = ANY (p_ids[v_offset + 1 : v_offset + v_n]);
                ELSIF v_found > 0 THEN
                    outcome := 'id-conflict';
                END IF;
            END IF;
        EXCEPTION
            WHEN SQLSTATE 'CH001' OR deadlock_detected THEN
                outcome := 'moved';
        END;
        RETURN NEXT;
        v_offset := v_offset + v_n;
    END LOOP;
END $$;
