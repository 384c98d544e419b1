-- Authentication state that must not live in the immutable event log: password hashes, TOTP
-- secrets, lockout counters and sessions. The facts (login failed, account locked, password
-- changed…) are events; these rows are the secrets and counters behind them.
CREATE SCHEMA IF NOT EXISTS identity;

-- One row per account that can log in. `password_hash` is an argon2id PHC string;
-- `totp_secret` is the enrolled TOTP secret, `totp_pending` one shown to the user but not yet
-- confirmed with a code; `totp_last_step` the last time step whose code was accepted (RFC 6238
-- §5.2: a code is accepted only once).
CREATE TABLE identity.credentials (
    account_id     uuid        PRIMARY KEY,
    username       text        NOT NULL CHECK (username <> ''),
    password_hash  text        NOT NULL,
    must_change    boolean     NOT NULL DEFAULT false,
    failed_count   integer     NOT NULL DEFAULT 0 CHECK (failed_count >= 0),
    locked_until   timestamptz NULL,
    totp_secret    bytea       NULL,
    totp_pending   bytea       NULL,
    totp_last_step bigint      NULL,
    disabled       boolean     NOT NULL DEFAULT false,
    updated_at     timestamptz NOT NULL
);

-- Usernames are unique whatever their case ("NguyenVanA" and "nguyenvana" are one user).
CREATE UNIQUE INDEX credentials_username_key ON identity.credentials (lower(username));

-- Browser sessions and API bearer tokens. Only the SHA-256 of the token text is stored.
CREATE TABLE identity.sessions (
    session_id   uuid        PRIMARY KEY,
    account_id   uuid        NOT NULL REFERENCES identity.credentials (account_id) ON DELETE CASCADE,
    token_hash   bytea       NOT NULL CHECK (length(token_hash) = 32),
    kind         text        NOT NULL CHECK (kind IN ('browser', 'bearer')),
    label        text        NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    revoked_at   timestamptz NULL,
    ip           text        NULL,
    user_agent   text        NULL,
    CONSTRAINT sessions_token_hash_key UNIQUE (token_hash)
);

CREATE INDEX sessions_account_id_idx ON identity.sessions (account_id);
