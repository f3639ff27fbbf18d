-- Every posting of person_words carries all the words of its person, between spaces (" james walker "),
-- so a search with more than one word tests the other words on the posting it reads instead of looking
-- up the person's postings once per candidate (docs/performance.md, change 19). The name order's index
-- includes them, so that test reads nothing more than the index range it walks.
--
-- person_words is rebuilt rather than updated in place: at a million people an UPDATE of every posting
-- would rewrite each row and every index entry once more. The words come from the postings themselves,
-- which hold exactly the person's words (0041). The function that writes postings changes in this
-- transaction too (its repeatable definition: db/functions/03_people.sql), so no write between this
-- migration and the repeatable scripts can leave a posting without its words. Writes to people wait for
-- the rebuild (their postings would otherwise be copied too early and dropped with the old table);
-- searches go on reading the old postings until the swap.
LOCK TABLE person_words IN SHARE MODE;

CREATE TABLE person_words_carrying (
    person_id bigint NOT NULL,
    word text COLLATE "C" NOT NULL,
    name text NOT NULL,
    birth_asc date NOT NULL,
    birth_desc date NOT NULL,
    words text NOT NULL
);

INSERT INTO person_words_carrying (person_id, word, name, birth_asc, birth_desc, words)
SELECT pw.person_id, pw.word, pw.name, pw.birth_asc, pw.birth_desc, w.words
FROM person_words pw
JOIN (SELECT person_id, ' ' || string_agg(word, ' ') || ' ' AS words FROM person_words GROUP BY person_id) w
    USING (person_id);

DROP TABLE person_words;
ALTER TABLE person_words_carrying RENAME TO person_words;
ALTER TABLE person_words ADD CONSTRAINT person_words_pkey PRIMARY KEY (person_id, word);
CREATE INDEX person_words_by_name ON person_words (word, name, person_id) INCLUDE (words);
CREATE INDEX person_words_by_birth_date ON person_words (word, birth_asc, person_id);
CREATE INDEX person_words_by_birth_date_desc ON person_words (word, birth_desc, person_id);
ANALYZE person_words;

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
