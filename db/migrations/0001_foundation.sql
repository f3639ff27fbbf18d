-- History: this file stays as it ran (a fresh database still runs it). The current definitions of the
-- functions and views it defines live in db/functions, applied after every migration (db/README.md);
-- change them there. immutable_unaccent, search_form and rfc3339: db/functions/01_text.sql;
-- append_revision: db/functions/02_revisions.sql.
--
-- Extensions and the mechanisms every resource shares: the revision log and the change sequence.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS citext;

-- unaccent() is only STABLE (it depends on the search path); a fixed-dictionary wrapper is
-- IMMUTABLE so generated columns and indexes can use it.
CREATE FUNCTION immutable_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN public.unaccent('public.unaccent'::regdictionary, $1);

-- Text as search sees it: lower case, no accents, Cyrillic and Latin left as they are.
CREATE FUNCTION search_form(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN lower(immutable_unaccent($1));

-- Instants as the API writes them: RFC 3339 in UTC, fractions of a second only when present.
CREATE FUNCTION rfc3339(timestamptz) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN CASE WHEN date_trunc('second', $1) = $1
        THEN to_char($1 AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
        ELSE rtrim(to_char($1 AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), '0') || 'Z' END;

-- One row holding the last change sequence number handed out. Taking it with UPDATE locks the
-- row until commit, so sequence numbers become visible in commit order and without gaps.
CREATE TABLE change_sequence (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    last_sequence bigint NOT NULL
);
INSERT INTO change_sequence (last_sequence) VALUES (0);

-- Every write to every resource leaves one revision: who, when, what, and the full document.
CREATE TABLE revisions (
    sequence bigint PRIMARY KEY,
    resource text NOT NULL,
    resource_id bigint NOT NULL,
    version integer NOT NULL,
    operation text NOT NULL CHECK (operation IN ('create', 'update', 'delete')),
    changed_at timestamptz NOT NULL DEFAULT now(),
    changed_by text NOT NULL,
    data jsonb NOT NULL
);
CREATE INDEX revisions_resource ON revisions (resource, resource_id, sequence);

CREATE FUNCTION append_revision(
    p_resource text, p_resource_id bigint, p_version integer, p_operation text,
    p_changed_by text, p_data jsonb) RETURNS bigint
    LANGUAGE sql AS $$
    WITH next AS (
        UPDATE change_sequence SET last_sequence = last_sequence + 1 RETURNING last_sequence
    )
    INSERT INTO revisions (sequence, resource, resource_id, version, operation, changed_by, data)
    SELECT next.last_sequence, p_resource, p_resource_id, p_version, p_operation, p_changed_by, p_data
    FROM next
    RETURNING sequence
$$;

-- Secrets the service generates once and every instance shares (the cursor signing key).
CREATE TABLE service_secrets (
    name text PRIMARY KEY,
    value bytea NOT NULL
);
