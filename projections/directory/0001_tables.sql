-- directory: the organisation and the catalogues as screens look them up — the unit tree,
-- people and their positions (the danh bạ), roles, delegations, document types, fields,
-- external agencies, registers and working calendars.
-- Unqualified names: the projection engine sets search_path to this projection's schema.

-- Accent-insensitive search for Vietnamese, Lao and English alike: a trigram index over
-- the unaccented lower-cased text serves ILIKE '%…%' (Lao has no spaces between words).
CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
CREATE FUNCTION fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN lower(public.unaccent('public.unaccent'::regdictionary, $1));

CREATE TABLE units (
    unit_id         uuid PRIMARY KEY,
    parent_id       uuid,
    kind            text NOT NULL,
    code            text NOT NULL,
    abbreviation    text NOT NULL,
    name            text NOT NULL,
    identifier_code text,
    dissolved       boolean NOT NULL DEFAULT false,
    created_at      bigint NOT NULL
);
CREATE INDEX units_parent ON units (parent_id, name);

CREATE TABLE roles (
    code          text PRIMARY KEY,
    name_vi       text NOT NULL,
    name_en       text NOT NULL,
    name_lo       text NOT NULL,
    permissions   text[] NOT NULL,
    serves_leader boolean NOT NULL
);

CREATE TABLE people (
    person_id  uuid PRIMARY KEY,
    username   text NOT NULL,
    full_name  text NOT NULL,
    email      text,
    phone      text,
    clearance  text NOT NULL,
    active     boolean NOT NULL DEFAULT true,
    -- Everything the directory search matches: name, username, e-mail, phone, and the
    -- units and roles of the person's positions (kept up to date by the handler).
    search     text NOT NULL DEFAULT ''
);
CREATE INDEX people_search ON people USING gin (search public.gin_trgm_ops);
CREATE INDEX people_name ON people (full_name, person_id);

CREATE TABLE positions (
    position_id uuid PRIMARY KEY,
    person_id   uuid NOT NULL,
    unit_id     uuid NOT NULL,
    role        text NOT NULL,
    title       text,
    serves      uuid,
    active      boolean NOT NULL DEFAULT true
);
CREATE INDEX positions_person ON positions (person_id);
CREATE INDEX positions_unit ON positions (unit_id);

CREATE TABLE delegations (
    delegation_id uuid PRIMARY KEY,
    position_id   uuid NOT NULL,
    delegate_id   uuid NOT NULL,
    scope         text NOT NULL,
    authority     text NOT NULL,
    starts_at     timestamptz NOT NULL,
    ends_at       timestamptz NOT NULL,
    note          text,
    revoked       boolean NOT NULL DEFAULT false
);
CREATE INDEX delegations_delegate ON delegations (delegate_id);
CREATE INDEX delegations_position ON delegations (position_id);

CREATE TABLE document_types (
    code         text PRIMARY KEY,
    abbreviation text,
    name_vi      text NOT NULL,
    name_en      text NOT NULL,
    name_lo      text NOT NULL,
    active       boolean NOT NULL
);

CREATE TABLE fields (
    code    text PRIMARY KEY,
    name_vi text NOT NULL,
    name_en text NOT NULL,
    name_lo text NOT NULL,
    active  boolean NOT NULL
);

CREATE TABLE external_agencies (
    agency_id       uuid PRIMARY KEY,
    name            text NOT NULL,
    identifier_code text,
    address         text,
    email           text,
    active          boolean NOT NULL
);
CREATE INDEX external_agencies_search ON external_agencies
    USING gin (fold(name || ' ' || coalesce(identifier_code, '')) public.gin_trgm_ops);

CREATE TABLE registers (
    register_id         uuid PRIMARY KEY,
    kind                text NOT NULL,
    owner_unit_id       uuid NOT NULL,
    code                text NOT NULL,
    name                text NOT NULL,
    document_types      text[] NOT NULL,
    max_confidentiality text NOT NULL,
    active              boolean NOT NULL
);
CREATE INDEX registers_owner ON registers (owner_unit_id);

CREATE TABLE calendars (
    country              text NOT NULL,
    year                 integer NOT NULL,
    holidays             jsonb NOT NULL,
    working_weekend_days date[] NOT NULL,
    PRIMARY KEY (country, year)
);

-- Recomputes one person's search text from their details and active positions.
CREATE FUNCTION refresh_search(p uuid) RETURNS void LANGUAGE sql AS $$
    UPDATE people pe
       SET search = fold(concat_ws(' ', pe.full_name, pe.username, pe.email, pe.phone,
               (SELECT string_agg(concat_ws(' ', u.name, u.abbreviation, u.code, r.name_vi,
                                            r.name_en, r.name_lo, po.title), ' ')
                  FROM positions po
                  JOIN units u ON u.unit_id = po.unit_id
                  LEFT JOIN roles r ON r.code = po.role
                 WHERE po.person_id = pe.person_id AND po.active)))
     WHERE pe.person_id = p;
$$;
