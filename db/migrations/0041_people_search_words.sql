-- History: this file stays as it ran (a fresh database still runs it). The current definitions of the
-- functions and views it defines live in db/functions, applied after every migration (db/README.md);
-- change them there. search_words_of, search_word_matches, person_words_differ and the trigger
-- functions add_person_words and replace_person_words: db/functions/03_people.sql.
--
-- Fuzzy search of people by word, so a page of matches in list order costs a page, not every match.
--
-- A search over one trigram index of whole names must either walk the list testing each row (ruinous
-- when matches are rare) or fetch and sort every match (ruinous when they are common: 31,135 for
-- "garcia" at a million people); see docs/performance.md. Here each word of each person's names is
-- a posting that carries the list's sort keys, so the people with a given word come straight out of
-- an index in list order, and a query word expands to the few distinct words it matches.

-- The words of a text as search sees them: search_form, split at ASCII spaces and punctuation
-- (letters of every script stay together: "Jean-Loup Chrétien" → jean, loup, chretien).
CREATE FUNCTION search_words_of(text) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN ARRAY(SELECT DISTINCT w FROM regexp_split_to_table(search_form($1), '[[:space:][:punct:]]+') AS w WHERE w <> '');

-- Does a word of a name match a word of a query? Words of three letters or more match inside a
-- word (resil → peresild) or, for misspellings, by the trigram similarity of the whole words
-- (strict word similarity, at least 0.5 by default: peresilt → peresild, but not mary → martinez);
-- shorter ones match the start of a word (the "s" of "mary s"). Words hold no ASCII punctuation,
-- so a word never carries a LIKE wildcard.
CREATE FUNCTION search_word_matches(word text, query_word text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN CASE WHEN length(query_word) >= 3
        THEN strpos(word, query_word) > 0 OR query_word <<% word
        ELSE starts_with(word, query_word) END;

-- Every distinct word of every name, for expanding a query word: small (thousands of rows where
-- people number a million), so even a trigram scan of it is quick. Words are never removed; one
-- that no longer has people simply finds none.
CREATE TABLE search_words (
    word text COLLATE "C" PRIMARY KEY
);

-- One row for each word of each listed person, with the keys of every list order (the same
-- expressions as the people_by_* indexes of 0002_people.sql), kept by the trigger below.
CREATE TABLE person_words (
    person_id bigint NOT NULL,
    -- In the collation of search_words: a word taken from there must compare alike for the index to serve.
    word text COLLATE "C" NOT NULL,
    name text NOT NULL,
    birth_asc date NOT NULL,
    birth_desc date NOT NULL,
    PRIMARY KEY (person_id, word)
);

INSERT INTO person_words (person_id, word, name, birth_asc, birth_desc)
SELECT p.id, w, p.name, coalesce(p.birth_date, 'infinity'::date), coalesce(p.birth_date, '-infinity'::date)
FROM people p, unnest(search_words_of(p.search_text)) AS w
WHERE p.deleted_at IS NULL;

INSERT INTO search_words (word) SELECT DISTINCT word FROM person_words;

CREATE INDEX search_words_trigrams ON search_words USING gin (word gin_trgm_ops);
CREATE INDEX person_words_by_name ON person_words (word, name, person_id);
CREATE INDEX person_words_by_birth_date ON person_words (word, birth_asc, person_id);
CREATE INDEX person_words_by_birth_date_desc ON person_words (word, birth_desc, person_id);

-- Keep person_words exact in the same transaction as every write to people: a deleted person has
-- no words; a changed name or birth date replaces them. Statement triggers with transition tables,
-- like those of 0010, so a bulk load indexes its words in one pass.
CREATE FUNCTION add_person_words() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_words (word)
    SELECT DISTINCT w FROM new_rows n, unnest(search_words_of(n.search_text)) AS w
    WHERE n.deleted_at IS NULL
    ON CONFLICT DO NOTHING;
    INSERT INTO person_words (person_id, word, name, birth_asc, birth_desc)
    SELECT n.id, w, n.name, coalesce(n.birth_date, 'infinity'::date), coalesce(n.birth_date, '-infinity'::date)
    FROM new_rows n, unnest(search_words_of(n.search_text)) AS w
    WHERE n.deleted_at IS NULL;
    RETURN NULL;
END
$$;

-- Does an update change what person_words holds for a person?
CREATE FUNCTION person_words_differ(n people, o people) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    RETURN (n.name, n.search_text, n.birth_date, n.deleted_at IS NULL)
        IS DISTINCT FROM (o.name, o.search_text, o.birth_date, o.deleted_at IS NULL);

CREATE FUNCTION replace_person_words() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM person_words pw
    USING new_rows n JOIN old_rows o ON o.id = n.id
    WHERE pw.person_id = n.id AND person_words_differ(n, o);
    INSERT INTO search_words (word)
    SELECT DISTINCT w FROM new_rows n JOIN old_rows o ON o.id = n.id, unnest(search_words_of(n.search_text)) AS w
    WHERE n.deleted_at IS NULL AND person_words_differ(n, o)
    ON CONFLICT DO NOTHING;
    INSERT INTO person_words (person_id, word, name, birth_asc, birth_desc)
    SELECT n.id, w, n.name, coalesce(n.birth_date, 'infinity'::date), coalesce(n.birth_date, '-infinity'::date)
    FROM new_rows n JOIN old_rows o ON o.id = n.id, unnest(search_words_of(n.search_text)) AS w
    WHERE n.deleted_at IS NULL AND person_words_differ(n, o);
    RETURN NULL;
END
$$;

CREATE TRIGGER people_words_inserted AFTER INSERT ON people
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION add_person_words();
CREATE TRIGGER people_words_updated AFTER UPDATE ON people
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION replace_person_words();
