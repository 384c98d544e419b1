-- usage_log (nhật ký sử dụng): logins, failures, lockouts, logouts, password and second-factor
-- changes, session revocations — one row per event, per person, newest first.
CREATE TABLE entries (
    global_position bigint PRIMARY KEY,
    recorded_at     timestamptz NOT NULL,
    person_id       uuid,
    username        text,
    event_type      text NOT NULL,
    ip              text,
    user_agent      text,
    detail          jsonb NOT NULL
);
CREATE INDEX entries_person ON entries (person_id, global_position DESC);
CREATE INDEX entries_time ON entries (recorded_at DESC, global_position DESC);
