-- History: this file stays as it ran (a fresh database still runs it). The current definitions of the
-- functions and views it defines live in db/functions, applied after every migration (db/README.md);
-- change them there. add_person_words_of and the trigger functions add_person_words and
-- replace_person_words: db/functions/03_people.sql.
--
-- Lighter writes of people, measured in docs/performance.md (change 10).
--
-- Since 0041 the people search reads person_words; nothing reads the trigram index of whole names any
-- more, yet every insert and rename paid for it (about 40 trigram entries of a GIN index per name).
-- search_text stays: the word triggers split it.
DROP INDEX people_search;

-- The postings of people as they now stand, and any words new to search_words: each name is split
-- into words once, for both tables. Both word triggers below call it with the people they concern.
CREATE FUNCTION add_person_words_of(p_ids bigint[]) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    WITH words AS MATERIALIZED (
        SELECT p.id, w AS word, p.name, p.birth_date
        FROM people p, unnest(search_words_of(p.search_text)) AS w
        WHERE p.id = ANY (p_ids) AND p.deleted_at IS NULL
    ), known AS (
        INSERT INTO search_words (word) SELECT DISTINCT word FROM words ON CONFLICT DO NOTHING
    )
    INSERT INTO person_words (person_id, word, name, birth_asc, birth_desc)
    SELECT id, word, name, coalesce(birth_date, 'infinity'::date), coalesce(birth_date, '-infinity'::date)
    FROM words;
END
$$;

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
