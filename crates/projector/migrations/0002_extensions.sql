-- Extensions read models share (accent-insensitive search: unaccent folds Vietnamese, pg_trgm
-- indexes ILIKE '%…%' for Vietnamese, Lao and English alike). Installed once here, before any
-- projection's DDL runs, so two read models installing at once never race to create them.
CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
