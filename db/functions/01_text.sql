-- Text and time as the API and search see them. Repeatable: re-applied whenever this file changes
-- (see db/README.md).
--
-- Careful: search_form (through immutable_unaccent) computes the stored column search_text of people,
-- missions and records and the trigram indexes over it, and search_words_of (03_people.sql) the
-- postings in person_words. Replacing them recomputes nothing already stored: a change to what they
-- return also needs a numbered migration that recomputes what was stored from them (db/README.md).

-- unaccent() is only STABLE (it depends on the search path); a fixed-dictionary wrapper is
-- IMMUTABLE so generated columns and indexes can use it.
CREATE OR REPLACE FUNCTION immutable_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN public.unaccent('public.unaccent'::regdictionary, $1);

-- Text as search sees it: lower case, no accents, Cyrillic and Latin left as they are.
CREATE OR REPLACE FUNCTION search_form(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN lower(immutable_unaccent($1));

-- Instants as the API writes them: RFC 3339 in UTC, to the second, never a fraction (cut, as to_char
-- does: no instant is shown later than it was), so every instant has the same length.
CREATE OR REPLACE FUNCTION rfc3339(timestamptz) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN to_char($1 AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"');
