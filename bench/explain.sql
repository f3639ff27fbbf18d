-- The plans of the people endpoints' queries at benchmark scale, as the service sends them
-- (parameterised: PREPARE + EXECUTE). bench/run.sh writes the output to bench/out/explain.txt.
\pset pager off
SET jit = off;

\echo '== GET /v1/people/{id}: by id'
PREPARE person_by_ref(bigint, text) AS
    SELECT p.id, p.slug, p.name, p.native_name, p.birth_date, p.death_date, p.nationality, p.occupations,
           p.wikidata, p.sources, p.version, p.created_at, p.updated_at
    FROM people p WHERE (p.id = $1 OR p.slug = $2) AND p.deleted_at IS NULL;
SELECT (first_person_id + last_person_id) / 2 AS mid_id FROM bench_dataset \gset
EXPLAIN (ANALYZE, BUFFERS) EXECUTE person_by_ref(:mid_id, NULL);

\echo '== GET /v1/people/{slug}: by slug'
SELECT slug AS mid_slug FROM people WHERE id = :mid_id \gset
EXPLAIN (ANALYZE, BUFFERS) EXECUTE person_by_ref(NULL, :'mid_slug');

\echo '== GET /v1/people?limit=50: first page'
PREPARE first_page(int) AS
    SELECT p.id, p.slug, p.name, p.native_name, p.birth_date, p.death_date, p.nationality, p.occupations,
           p.wikidata, p.sources, p.version, p.created_at, p.updated_at, (p.name)::text AS sort_key
    FROM people p WHERE p.deleted_at IS NULL ORDER BY p.name, p.id LIMIT $1;
EXPLAIN (ANALYZE, BUFFERS) EXECUTE first_page(51);

\echo '== GET /v1/people?limit=50&cursor=...: page 1,000 (after row 50,000)'
SELECT name AS after_key, id AS after_id FROM people WHERE deleted_at IS NULL ORDER BY name, id OFFSET 49999 LIMIT 1 \gset
PREPARE deep_page(text, bigint, int) AS
    SELECT p.id, p.slug, p.name, p.native_name, p.birth_date, p.death_date, p.nationality, p.occupations,
           p.wikidata, p.sources, p.version, p.created_at, p.updated_at, (p.name)::text AS sort_key
    FROM people p WHERE p.deleted_at IS NULL AND (p.name, p.id) > (CAST($1 AS text), $2)
    ORDER BY p.name, p.id LIMIT $3;
EXPLAIN (ANALYZE, BUFFERS) EXECUTE deep_page(:'after_key', :after_id, 51);

-- Search by words (PeopleStore.MergeAsync), as the service sends it for name order: the longest
-- query word's matching words (search_words) each give an ordered range of person_words, merged by
-- PostgreSQL as it reads them; the other query words are tested on person_words, and the page stops
-- at 51. Two ranges stand here for the words the lead word expands to (counted first); the service
-- sends one range per word.
\echo '== GET /v1/people?q=<lead word>: the words it expands to'
SELECT w, (SELECT count(*) FROM search_words s WHERE s.word LIKE '%' || w || '%' OR w <<% s.word) AS words
FROM unnest(ARRAY['smith', 'peresil', 'yulia', 'garcia', 'сергей', 'mary']) AS w;

PREPARE search_merge(text, text, text[], int) AS
    SELECT p.id, p.slug, p.name, p.native_name, p.birth_date, p.death_date, p.nationality, p.occupations,
           p.wikidata, p.sources, p.version, p.created_at, p.updated_at, (p.name)::text AS sort_key
    FROM (
        SELECT DISTINCT ON (r.sort_value, r.person_id) r.person_id, r.sort_value
        FROM ((SELECT pw.person_id, pw.name AS sort_value FROM person_words pw WHERE pw.word = $1 ORDER BY pw.name, pw.person_id)
              UNION ALL
              (SELECT pw.person_id, pw.name AS sort_value FROM person_words pw WHERE pw.word = $2 ORDER BY pw.name, pw.person_id)) r
        WHERE NOT EXISTS (SELECT 1 FROM unnest($3) AS t(w)
            WHERE NOT EXISTS (SELECT 1 FROM person_words x WHERE x.person_id = r.person_id AND search_word_matches(x.word, t.w)))
        ORDER BY r.sort_value, r.person_id) m
    JOIN people p ON p.id = m.person_id
    WHERE p.deleted_at IS NULL
    ORDER BY m.sort_value, m.person_id
    LIMIT $4;

\echo '== GET /v1/people?q=smith: a common name, dense from the start of the list'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE search_merge('smith', 'smithson', '{}', 51);
\echo '== GET /v1/people?q=garcia: a common surname spread thin at the start of the list'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE search_merge('garcia', 'garcía', '{}', 51);
\echo '== GET /v1/people?q=Сергей Кр: Cyrillic, two words'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE search_merge('сергей', 'сергеи', '{кр}', 51);
\echo '== GET /v1/people?q=mary s: two words, the second a single letter'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE search_merge('mary', 'maryam', '{s}', 51);
