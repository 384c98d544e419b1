-- The interface language each person chose for their account (identity.language-chosen):
-- the latest choice, applied at every login.
CREATE TABLE languages (
    person_id       uuid PRIMARY KEY,
    language        text NOT NULL,
    global_position bigint NOT NULL
);
