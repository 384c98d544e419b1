-- One row per reaction (process manager): how far into $all it has reacted, and the last
-- position it wrote (what the read models must reach to show its effects). Created at the
-- head of $all when the reaction first runs; a projection rebuild never touches it.
CREATE TABLE reaction_checkpoints (
    name        text PRIMARY KEY,
    position    bigint      NOT NULL CHECK (position >= 0),
    written     bigint      NOT NULL DEFAULT 0 CHECK (written >= 0),
    last_error  text,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Effects the domain refused for good: the event, and why. The reaction passed them.
CREATE TABLE reaction_failures (
    name        text        NOT NULL,
    position    bigint      NOT NULL,
    event_id    uuid        NOT NULL,
    event_type  text        NOT NULL,
    reason      text        NOT NULL,
    at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (name, position)
);
