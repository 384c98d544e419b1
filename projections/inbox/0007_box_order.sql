-- inbox: every box's first page read from an index, in the box's order, however large the
-- box (a clerk's processed box holds tens of thousands of documents after a year).
--
-- A box lists one state of the caller's items: pending by urgency, then deadline (none last),
-- then document; processed and for information newest move first. `sort_a, sort_b` is that
-- order as two numbers, so one index per kind of target (a position, a pool) serves every
-- box: the query reads each of the caller's targets in index order and stops after a page.
-- The document's urgency is copied onto its items (kept in step by the projection).
ALTER TABLE items ADD COLUMN urgency_rank smallint NOT NULL DEFAULT 3;
UPDATE items i SET urgency_rank = d.urgency_rank FROM documents d
WHERE d.document_id = i.document_id AND i.urgency_rank IS DISTINCT FROM d.urgency_rank;
ALTER TABLE items ADD COLUMN sort_a smallint GENERATED ALWAYS AS (
    CASE WHEN state = 'pending' THEN urgency_rank ELSE 0 END) STORED;
ALTER TABLE items ADD COLUMN sort_b bigint GENERATED ALWAYS AS (
    CASE WHEN state = 'pending' THEN coalesce((deadline - DATE '2000-01-01')::bigint, 9223372036854775807)
         ELSE -moved_position END) STORED;
DROP INDEX items_position;
DROP INDEX items_pool;
CREATE INDEX items_position ON items (position_id, state, sort_a, sort_b, document_id)
    WHERE position_id IS NOT NULL;
CREATE INDEX items_pool ON items (pool_unit_id, pool_role, state, sort_a, sort_b, document_id)
    WHERE position_id IS NULL;
