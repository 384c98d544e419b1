-- Who uploaded which bytes, and which bytes are attached to something: what decides whether a
-- person may attach a file by its hash (only bytes they uploaded, or bytes of a document they
-- may read) and which stored bytes the cleanup of unattached uploads may remove. Not events:
-- an upload that is never attached is forgotten after the retention period.
CREATE SCHEMA IF NOT EXISTS files;

-- One row per person and file: the last time they uploaded it, and whether one of their
-- uploads brought the bytes into the store (they were not stored before: only such bytes are
-- ever removed, so bytes the server stored itself, a signed PDF, are never).
CREATE TABLE files.uploads (
    person_id     uuid        NOT NULL,
    sha256        text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    uploaded_at   timestamptz NOT NULL,
    brought_bytes boolean     NOT NULL,
    PRIMARY KEY (person_id, sha256)
);
CREATE INDEX uploads_by_hash ON files.uploads (sha256, uploaded_at);

-- Bytes attached to a document, a version, an opinion or a signing key: never removed. A row
-- is written before the event that attaches them is appended (a failed append leaves bytes
-- kept, never bytes missing).
CREATE TABLE files.attached (
    sha256      text        PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    attached_at timestamptz NOT NULL
);
