-- outgoing: the version of its process each document runs, so a list titles its step and
-- stage from the document's own definition.
ALTER TABLE documents ADD COLUMN definition_version integer NOT NULL DEFAULT 0;
