-- Failed logins for usernames that name no account, counted like an account's (same
-- back-off, same lock), so that lockout answers do not tell which usernames exist. Keyed by
-- the SHA-256 of the lower-cased name: the table never holds what someone typed. Rows are
-- forgotten a day after their last failure once unlocked (see `record_unknown_failure`).
CREATE TABLE identity.unknown_logins (
    name_hash    bytea       PRIMARY KEY CHECK (length(name_hash) = 32),
    failed_count integer     NOT NULL DEFAULT 0 CHECK (failed_count >= 0),
    locked_until timestamptz NULL,
    updated_at   timestamptz NOT NULL
);

CREATE INDEX unknown_logins_updated_at_idx ON identity.unknown_logins (updated_at);
