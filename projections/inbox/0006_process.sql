-- inbox: the process (and version) each document runs, so a list can title its step from the
-- document's own definition (a step id means different things in different processes).
ALTER TABLE documents ADD COLUMN process text NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN process_version integer NOT NULL DEFAULT 0;
