-- One row per projection: how far into $all its read model is, and the fingerprint of the
-- read-model schema and handler version it was built with (a change triggers a rebuild).
-- The row is locked (SELECT … FOR UPDATE) by every transaction that applies events, so two
-- runners can never apply the same event twice, whatever the leases say.
CREATE TABLE projection_checkpoints (
    name        text PRIMARY KEY,
    position    bigint      NOT NULL CHECK (position >= 0),
    fingerprint text        NOT NULL,
    last_error  text,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
