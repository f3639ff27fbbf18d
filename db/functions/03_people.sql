-- People: the revision document and the word postings of the people search (tables: 0002_people.sql,
-- 0041_people_search_words.sql; the triggers people_words_inserted and people_words_updated on people
-- are declared in 0041). Repeatable: re-applied whenever this file changes (see db/README.md).

-- The document a revision keeps: the same shape the API answers with.
CREATE OR REPLACE FUNCTION person_document(p people) RETURNS jsonb
    LANGUAGE sql STABLE
    RETURN jsonb_build_object(
        'id', p.id,
        'slug', p.slug,
        'name', p.name,
        'nativeName', p.native_name,
        'birthDate', p.birth_date,
        'deathDate', p.death_date,
        'nationality', p.nationality,
        'occupations', to_jsonb(p.occupations),
        'externalIds', jsonb_build_object('wikidata', p.wikidata),
        'sources', to_jsonb(p.sources),
        'version', p.version,
        'createdAt', rfc3339(p.created_at),
        'updatedAt', rfc3339(p.updated_at));

-- The words of a text as search sees them: search_form, split at ASCII spaces and punctuation
-- (letters of every script stay together: "Jean-Loup Chrétien" → jean, loup, chretien).
CREATE OR REPLACE FUNCTION search_words_of(text) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN ARRAY(SELECT DISTINCT w FROM regexp_split_to_table(search_form($1), '[[:space:][:punct:]]+') AS w WHERE w <> '');

-- Does a word of a name match a word of a query? Words of three letters or more match inside a
-- word (resil → peresild) or, for misspellings, by the trigram similarity of the whole words
-- (strict word similarity, at least 0.5 by default: peresilt → peresild, but not mary → martinez);
-- shorter ones match the start of a word (the "s" of "mary s"). Words hold no ASCII punctuation,
-- so a word never carries a LIKE wildcard.
CREATE OR REPLACE FUNCTION search_word_matches(word text, query_word text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN CASE WHEN length(query_word) >= 3
        THEN strpos(word, query_word) > 0 OR query_word <<% word
        ELSE starts_with(word, query_word) END;

-- Does an update change what person_words holds for a person?
CREATE OR REPLACE FUNCTION person_words_differ(n people, o people) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    RETURN (n.name, n.search_text, n.birth_date, n.deleted_at IS NULL)
        IS DISTINCT FROM (o.name, o.search_text, o.birth_date, o.deleted_at IS NULL);

-- The postings of people as they now stand, and any words new to search_words: each name is split
-- into words once, for both tables. Every posting carries all its person's words between spaces
-- (" james walker ", 0060), which the search tests its other words on. Both word trigger functions
-- below call it with the people they concern.
CREATE OR REPLACE FUNCTION add_person_words_of(p_ids bigint[]) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    WITH people_words AS MATERIALIZED (
        SELECT p.id, p.name, p.birth_date, search_words_of(p.search_text) AS words
        FROM people p
        WHERE p.id = ANY (p_ids) AND p.deleted_at IS NULL
    ), words AS MATERIALIZED (
        SELECT pw.id, w AS word, pw.name, pw.birth_date, ' ' || array_to_string(pw.words, ' ') || ' ' AS words
        FROM people_words pw, unnest(pw.words) AS w
    ), known AS (
        INSERT INTO search_words (word) SELECT DISTINCT word FROM words ON CONFLICT DO NOTHING
    )
    INSERT INTO person_words (person_id, word, name, birth_asc, birth_desc, words)
    SELECT id, word, name, coalesce(birth_date, 'infinity'::date), coalesce(birth_date, '-infinity'::date), words
    FROM words;
END
$$;

-- The word triggers on people (declared in 0041, statement-level with transition tables, so a bulk
-- load indexes its words in one pass) keep person_words exact in the same transaction as every write.
CREATE OR REPLACE FUNCTION add_person_words() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM add_person_words_of(ARRAY(SELECT id FROM new_rows));
    RETURN NULL;
END
$$;

-- Only people whose postings change (person_words_differ) lose theirs and get new ones; the old ones
-- go first, in a statement of their own, since the new may repeat their keys.
CREATE OR REPLACE FUNCTION replace_person_words() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    v_changed bigint[] := ARRAY(SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE person_words_differ(n, o));
BEGIN
    IF cardinality(v_changed) > 0 THEN
        DELETE FROM person_words WHERE person_id = ANY (v_changed);
        PERFORM add_person_words_of(v_changed);
    END IF;
    RETURN NULL;
END
$$;
