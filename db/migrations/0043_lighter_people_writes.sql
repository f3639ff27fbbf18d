-- Lighter writes of people, measured in docs/performance.md (change 10).
--
-- Since 0041 the people search reads person_words; nothing reads the trigram index of whole names any
-- more, yet every insert and rename paid for it (about 40 trigram entries of a GIN index per name).
-- search_text stays: the word triggers split it.
DROP INDEX people_search;

-- The words of each new person are split once and go to search_words and person_words in one
-- statement, instead of two statements that each split every name again.
CREATE OR REPLACE FUNCTION add_person_words() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    WITH words AS MATERIALIZED (
        SELECT n.id, w AS word, n.name, n.birth_date
        FROM new_rows n, unnest(search_words_of(n.search_text)) AS w
        WHERE n.deleted_at IS NULL
    ), known AS (
        INSERT INTO search_words (word) SELECT DISTINCT word FROM words ON CONFLICT DO NOTHING
    )
    INSERT INTO person_words (person_id, word, name, birth_asc, birth_desc)
    SELECT id, word, name, coalesce(birth_date, 'infinity'::date), coalesce(birth_date, '-infinity'::date)
    FROM words;
    RETURN NULL;
END
$$;

-- An update still deletes first, in a statement of its own: the new postings may repeat the keys of
-- the old ones, and the parts of one statement run in no set order.
CREATE OR REPLACE FUNCTION replace_person_words() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM person_words pw
    USING new_rows n JOIN old_rows o ON o.id = n.id
    WHERE pw.person_id = n.id AND person_words_differ(n, o);
    WITH words AS MATERIALIZED (
        SELECT n.id, w AS word, n.name, n.birth_date
        FROM new_rows n JOIN old_rows o ON o.id = n.id, unnest(search_words_of(n.search_text)) AS w
        WHERE n.deleted_at IS NULL AND person_words_differ(n, o)
    ), known AS (
        INSERT INTO search_words (word) SELECT DISTINCT word FROM words ON CONFLICT DO NOTHING
    )
    INSERT INTO person_words (person_id, word, name, birth_asc, birth_desc)
    SELECT id, word, name, coalesce(birth_date, 'infinity'::date), coalesce(birth_date, '-infinity'::date)
    FROM words;
    RETURN NULL;
END
$$;
