-- audit_log: one row per event — when, who (in which position and unit, on whose behalf),
-- which stream, what type, and a short summary. Auditors filter by stream, actor or time.
-- Unqualified names: the projection engine sets search_path to this projection's schema.
CREATE TABLE entries (
    global_position      bigint      PRIMARY KEY,
    recorded_at          timestamptz NOT NULL,
    event_id             uuid        NOT NULL,
    stream_id            text        NOT NULL,
    stream_revision      bigint      NOT NULL,
    event_type           text        NOT NULL,
    schema_version       integer     NOT NULL,
    actor_user_id        uuid,
    actor_position_id    uuid,
    actor_unit_id        uuid,
    on_behalf_of_user_id uuid,
    authority            text,
    correlation_id       uuid        NOT NULL,
    command_id           uuid        NOT NULL,
    summary              text        NOT NULL
);
CREATE INDEX entries_stream ON entries (stream_id, stream_revision);
CREATE INDEX entries_actor ON entries (actor_user_id, global_position);
CREATE INDEX entries_unit ON entries (actor_unit_id, global_position);
CREATE INDEX entries_time ON entries (recorded_at, global_position);
CREATE INDEX entries_correlation ON entries (correlation_id);
