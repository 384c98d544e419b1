-- `chancery_append` (see 0001_events.sql for its contract, and 0002_plain_insert.sql for the
-- plain insert first) inserts a batch's events in stream order. Two group commits in flight
-- may carry appends to the same streams; inserting each batch in the order its appends were
-- queued, one could insert stream A and wait on the other's uncommitted row of stream B while
-- the other inserted B and waits on A: a deadlock, one batch failed with 40P01. In stream
-- order, two colliding batches wait for one another in one direction only.

CREATE OR REPLACE FUNCTION chancery_append(
    p_streams  text[],
    p_expected bigint[],
    p_counts   integer[],
    p_ids      uuid[],
    p_types    text[],
    p_versions integer[],
    p_payloads json[],
    p_metadata json[],
    p_recorded timestamptz[],
    p_content  bytea[]
) RETURNS TABLE (idx integer, outcome text, last_revision bigint, first_position bigint,
                 last_position bigint)
LANGUAGE plpgsql
-- The statements inside are the same for every call: plan them once per connection.
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    v_appends   integer := cardinality(p_streams);
    v_total     integer := cardinality(p_ids);
    -- Local copies are expanded arrays: O(1) element access in the loop below.
    v_content   bytea[] := p_content;
    v_counts    integer[] := p_counts;
    v_expected  bigint[] := p_expected;
    v_streams   text[] := p_streams;
    v_positions bigint[];
    v_last      bigint[];
    v_head      bytea[];
    v_outcome   text[];
    v_ev_stream text[];
    v_ev_rev    bigint[];
    v_ev_hash   bytea[];
    v_ev_ok     boolean[];
    v_inserted  integer[];
    v_prev      bytea;
    v_offset    integer := 0;
    v_ok        boolean;
    v_found     integer;
    v_mine      integer;
    v_ids       uuid[];
    v_rev       bigint;
    v_first     bigint;
    v_lastpos   bigint;
    v_fast      boolean := true;
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
    -- Only this critical section takes positions, so a block can be reserved in two calls.
    v_first := nextval('events_global_position_seq');
    IF v_total > 1 THEN
        PERFORM setval('events_global_position_seq', v_first + v_total - 1);
    END IF;
    PERFORM pg_advisory_unlock(4848211049629896772);
    SELECT array_agg(v_first + g - 1 ORDER BY g) INTO v_positions
      FROM generate_series(1, v_total) AS g;

    -- Every stream's head, in one statement.
    SELECT array_agg(coalesce(h.stream_revision, -1) ORDER BY s.a),
           array_agg(coalesce(h.hash, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea) ORDER BY s.a)
      INTO v_last, v_head
      FROM unnest(p_streams) WITH ORDINALITY AS s(stream, a)
      LEFT JOIN LATERAL (
          SELECT e.stream_revision, e.hash FROM events e
           WHERE e.stream_id = s.stream ORDER BY e.stream_revision DESC LIMIT 1
      ) h ON true;

    -- Expectations, per append.
    SELECT array_agg(CASE
               WHEN (x.e = -2 AND x.l <> -1) OR (x.e >= 0 AND x.l <> x.e) THEN 'conflict'
               WHEN x.e = -3 AND x.l = -1 THEN 'no-stream'
               ELSE 'appended' END ORDER BY x.a)
      INTO v_outcome
      FROM unnest(v_expected, v_last) WITH ORDINALITY AS x(e, l, a);

    -- Stream, revision and whether to write, per event.
    SELECT array_agg(s.stream ORDER BY s.a, i), array_agg(s.l + i ORDER BY s.a, i),
           array_agg(v_outcome[s.a] = 'appended' ORDER BY s.a, i)
      INTO v_ev_stream, v_ev_rev, v_ev_ok
      FROM unnest(v_streams, v_counts, v_last) WITH ORDINALITY AS s(stream, n, l, a),
           generate_series(1, s.n) AS i;

    -- Hash chains: sequential within an append.
    v_ev_hash := array_fill(NULL::bytea, ARRAY[v_total]);
    FOR a IN 1 .. v_appends LOOP
        IF v_outcome[a] = 'appended' THEN
            v_prev := v_head[a];
            FOR k IN v_offset + 1 .. v_offset + v_counts[a] LOOP
                v_prev := sha256(v_prev || int8send(v_ev_rev[k]) || v_content[k]);
                v_ev_hash[k] := v_prev;
            END LOOP;
        END IF;
        v_offset := v_offset + v_counts[a];
    END LOOP;

    -- Every event of every append whose expectation holds, in one statement. The usual case
    -- first: a plain INSERT (no speculative insertion, which costs every row a probe of each
    -- unique index and a second WAL record). A collision with a concurrent append or a reused
    -- event id undoes just this block, and the batch is inserted again row by row with
    -- ON CONFLICT DO NOTHING, to tell which appends collided.
    BEGIN
        INSERT INTO events (global_position, event_id, stream_id, stream_revision, event_type,
                            schema_version, payload, metadata, recorded_at, hash)
        OVERRIDING SYSTEM VALUE
        SELECT u.pos, u.id, u.stream, u.rev, u.t, u.v, u.p, u.m, u.r, u.h
          FROM unnest(v_positions, p_ids, v_ev_stream, v_ev_rev, p_types, p_versions,
                      p_payloads, p_metadata, p_recorded, v_ev_hash, v_ev_ok)
               AS u(pos, id, stream, rev, t, v, p, m, r, h, ok)
         WHERE u.ok
         ORDER BY u.stream, u.rev;
    EXCEPTION WHEN unique_violation THEN
        v_fast := false;
    END;
    IF v_fast THEN
        SELECT array_agg(CASE WHEN o = 'appended' THEN n ELSE 0 END ORDER BY a) INTO v_inserted
          FROM unnest(v_outcome, v_counts) WITH ORDINALITY AS x(o, n, a);
    ELSE
        WITH inserted AS (
            INSERT INTO events (global_position, event_id, stream_id, stream_revision, event_type,
                                schema_version, payload, metadata, recorded_at, hash)
            OVERRIDING SYSTEM VALUE
            SELECT u.pos, u.id, u.stream, u.rev, u.t, u.v, u.p, u.m, u.r, u.h
              FROM unnest(v_positions, p_ids, v_ev_stream, v_ev_rev, p_types, p_versions,
                          p_payloads, p_metadata, p_recorded, v_ev_hash, v_ev_ok)
                   AS u(pos, id, stream, rev, t, v, p, m, r, h, ok)
             WHERE u.ok
             ORDER BY u.stream, u.rev
            ON CONFLICT DO NOTHING
            RETURNING stream_id
        )
        SELECT array_agg(coalesce(c.n, 0) ORDER BY s.a) INTO v_inserted
          FROM unnest(p_streams) WITH ORDINALITY AS s(stream, a)
          LEFT JOIN (SELECT stream_id, count(*)::integer AS n FROM inserted GROUP BY stream_id) c
            ON c.stream_id = s.stream;
    END IF;

    v_offset := 0;
    FOR a IN 1 .. v_appends LOOP
        idx := a;
        outcome := v_outcome[a];
        last_revision := v_last[a];
        first_position := NULL;
        last_position := NULL;
        IF outcome = 'appended' THEN
            IF v_inserted[a] = v_counts[a] THEN
                last_revision := v_last[a] + v_counts[a];
                first_position := v_positions[v_offset + 1];
                last_position := v_positions[v_offset + v_counts[a]];
            ELSE
                -- Collided with a concurrent append to the same stream: withdraw what this
                -- append wrote (only this transaction ever saw it).
                IF v_inserted[a] > 0 THEN
                    DELETE FROM events e
                     WHERE e.stream_id = p_streams[a]
                       AND e.transaction_id = pg_current_xact_id();
                END IF;
                outcome := 'moved';
            END IF;
        END IF;
        IF outcome IN ('conflict', 'moved') THEN
            -- Not where the writer expected: a retried command whose first attempt
            -- succeeded, ids reused by other events, or a genuine conflict.
            v_ids := p_ids[v_offset + 1 : v_offset + v_counts[a]];
            SELECT count(*), count(*) FILTER (WHERE e.stream_id = p_streams[a]),
                   max(e.stream_revision), min(e.global_position), max(e.global_position)
              INTO v_found, v_mine, v_rev, v_first, v_lastpos
              FROM events e WHERE e.event_id = ANY (v_ids);
            IF v_found > 0 AND v_mine = v_counts[a] THEN
                outcome := 'duplicate';
                last_revision := v_rev;
                first_position := v_first;
                last_position := v_lastpos;
            ELSIF v_found > 0 THEN
                outcome := 'id-conflict';
            END IF;
        END IF;
        RETURN NEXT;
        v_offset := v_offset + v_counts[a];
    END LOOP;
END $$;
