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

-- Search as one query (the foundation's form, for comparison): PostgreSQL picks either a walk of the name index
-- that tests every row, or the trigram index and a sort of every match.
PREPARE search_one_step(text, text, int) AS
    SELECT p.id, p.slug, p.name, p.native_name, p.birth_date, p.death_date, p.nationality, p.occupations,
           p.wikidata, p.sources, p.version, p.created_at, p.updated_at, (p.name)::text AS sort_key
    FROM people p
    WHERE p.deleted_at IS NULL AND (search_form($1) <% p.search_text OR p.search_text LIKE '%' || search_form($2) || '%')
    ORDER BY p.name, p.id LIMIT $3;

-- Search by words (PeopleStore.SearchStepSql, first step, name order): the longest query word
-- expands to the words it matches, whose people come out of person_words in list order; the other
-- query words ($3) are tested on the people found. $1 the longest word, $2 its LIKE pattern.
PREPARE search_words(text, text, text[], int, int) AS
    WITH lead_words AS MATERIALIZED (
        SELECT s.word FROM search_words s WHERE s.word LIKE $2 OR $1 <% s.word),
    candidates AS MATERIALIZED (
        SELECT c.person_id, c.sort_value, c.n
        FROM lead_words l CROSS JOIN LATERAL (
            SELECT pw.person_id, pw.name AS sort_value, row_number() OVER (ORDER BY pw.name, pw.person_id) AS n
            FROM person_words pw WHERE pw.word = l.word
            ORDER BY pw.name, pw.person_id LIMIT $4) c),
    horizon AS (
        SELECT c.sort_value, c.person_id FROM candidates c WHERE c.n = $4
        ORDER BY c.sort_value, c.person_id LIMIT 1),
    hits AS (
        SELECT DISTINCT ON (c.sort_value, c.person_id) c.person_id, c.sort_value
        FROM candidates c JOIN people p ON p.id = c.person_id
        WHERE p.deleted_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM unnest($3) AS o(w)
              WHERE NOT EXISTS (SELECT 1 FROM person_words x WHERE x.person_id = p.id AND search_word_matches(x.word, o.w)))
          AND NOT EXISTS (SELECT 1 FROM horizon h WHERE (c.sort_value, c.person_id) > (h.sort_value, h.person_id))
        ORDER BY c.sort_value, c.person_id LIMIT $5)
    SELECT (SELECT (h.sort_value)::text FROM horizon h) AS horizon_key, (SELECT h.person_id FROM horizon h) AS horizon_id,
           p.id, p.slug, p.name, p.native_name, p.birth_date, p.death_date, p.nationality, p.occupations,
           p.wikidata, p.sources, p.version, p.created_at, p.updated_at, (p.name)::text AS sort_key
    FROM (SELECT 1) AS one LEFT JOIN (hits JOIN people p ON p.id = hits.person_id) ON true
    ORDER BY hits.sort_value, hits.person_id;

\echo '== GET /v1/people?q=smith: a common name, dense from the start of the list'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE search_one_step('smith', 'smith', 51);
EXPLAIN (ANALYZE, BUFFERS) EXECUTE search_words('smith', '%smith%', '{}', 64, 51);
\echo '== GET /v1/people?q=peresil: a misspelt rare name'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE search_one_step('peresil', 'peresil', 51);
EXPLAIN (ANALYZE, BUFFERS) EXECUTE search_words('peresil', '%peresil%', '{}', 64, 51);
\echo '== GET /v1/people?q=yulia: a first name late in the name order'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE search_one_step('yulia', 'yulia', 51);
EXPLAIN (ANALYZE, BUFFERS) EXECUTE search_words('yulia', '%yulia%', '{}', 64, 51);
\echo '== GET /v1/people?q=garcia: a common surname spread thin at the start of the list'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE search_one_step('garcia', 'garcia', 51);
EXPLAIN (ANALYZE, BUFFERS) EXECUTE search_words('garcia', '%garcia%', '{}', 64, 51);
\echo '== GET /v1/people?q=Сергей Кр: Cyrillic, two words'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE search_one_step('Сергей Кр', 'Сергей Кр', 51);
EXPLAIN (ANALYZE, BUFFERS) EXECUTE search_words('сергей', '%сергей%', '{кр}', 64, 51);
