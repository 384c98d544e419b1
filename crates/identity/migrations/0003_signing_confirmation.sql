-- What a person confirms the use of their server-held signing key with, and the count of
-- wrong confirmations. `pin_hash` is an argon2id PHC string of the signing PIN (a secret
-- distinct from the password); the TOTP secret and its last accepted step stay in
-- `identity.credentials` (one authenticator, one replay guard for logins and signatures).
-- Wrong PINs and TOTP codes given to sign are counted here, apart from failed logins, with the
-- same back-off as logins (`identity::lockout`).
CREATE TABLE identity.signing_confirmation (
    account_id   uuid        PRIMARY KEY REFERENCES identity.credentials (account_id) ON DELETE CASCADE,
    pin_hash     text        NULL,
    failed_count integer     NOT NULL DEFAULT 0 CHECK (failed_count >= 0),
    locked_until timestamptz NULL,
    updated_at   timestamptz NOT NULL
);
