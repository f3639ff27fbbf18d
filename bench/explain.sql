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

-- Search as one query (the foundation's form): PostgreSQL picks either a walk of the name index
-- that tests every row, or the trigram index and a sort of every match.
PREPARE search_one_step(text, text, int) AS
    SELECT p.id, p.slug, p.name, p.native_name, p.birth_date, p.death_date, p.nationality, p.occupations,
           p.wikidata, p.sources, p.version, p.created_at, p.updated_at, (p.name)::text AS sort_key
    FROM people p
    WHERE p.deleted_at IS NULL AND (search_form($1) <% p.search_text OR p.search_text LIKE '%' || search_form($2) || '%')
    ORDER BY p.name, p.id LIMIT $3;

-- Search in two steps (PeopleStore.SearchSql): the next 1,000 rows of the list tested directly,
-- the trigram index only for matches beyond them.
PREPARE search_two_steps(text, text, int) AS
    WITH nearby AS MATERIALIZED (
        SELECT p.id, p.name AS sort_value, p.search_text FROM people p
        WHERE p.deleted_at IS NULL ORDER BY p.name, p.id LIMIT 1000),
    nearby_hits AS (
        SELECT n.id, n.sort_value FROM nearby n
        WHERE (search_form($1) <% n.search_text OR n.search_text LIKE '%' || search_form($2) || '%')
        ORDER BY n.sort_value, n.id LIMIT $3),
    edge AS (SELECT n.id, n.sort_value FROM nearby n ORDER BY n.sort_value DESC, n.id DESC LIMIT 1),
    beyond_hits AS MATERIALIZED (
        SELECT p.id, p.name AS sort_value FROM people p, edge
        WHERE (SELECT count(*) FROM nearby_hits) < $3 AND (SELECT count(*) FROM nearby) = 1000
          AND p.deleted_at IS NULL AND (p.name, p.id) > (edge.sort_value, edge.id)
          AND (search_form($1) <% p.search_text OR p.search_text LIKE '%' || search_form($2) || '%')),
    hits AS (
        SELECT h.id FROM (SELECT * FROM nearby_hits UNION ALL SELECT * FROM beyond_hits) h
        ORDER BY h.sort_value, h.id LIMIT $3)
    SELECT p.id, p.slug, p.name, p.native_name, p.birth_date, p.death_date, p.nationality, p.occupations,
           p.wikidata, p.sources, p.version, p.created_at, p.updated_at, (p.name)::text AS sort_key
    FROM hits JOIN people p ON p.id = hits.id ORDER BY p.name, p.id;

\echo '== GET /v1/people?q=smith: a common name, dense from the start of the list'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE search_one_step('smith', 'smith', 51);
EXPLAIN (ANALYZE, BUFFERS) EXECUTE search_two_steps('smith', 'smith', 51);
\echo '== GET /v1/people?q=peresil: a misspelt rare name'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE search_one_step('peresil', 'peresil', 51);
EXPLAIN (ANALYZE, BUFFERS) EXECUTE search_two_steps('peresil', 'peresil', 51);
\echo '== GET /v1/people?q=yulia: a first name late in the name order'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE search_one_step('yulia', 'yulia', 51);
EXPLAIN (ANALYZE, BUFFERS) EXECUTE search_two_steps('yulia', 'yulia', 51);
\echo '== GET /v1/people?q=garcia: a common surname spread thin at the start of the list'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE search_one_step('garcia', 'garcia', 51);
EXPLAIN (ANALYZE, BUFFERS) EXECUTE search_two_steps('garcia', 'garcia', 51);
\echo '== GET /v1/people?q=Сергей Кр: Cyrillic, two words'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE search_one_step('Сергей Кр', 'Сергей Кр', 51);
EXPLAIN (ANALYZE, BUFFERS) EXECUTE search_two_steps('Сергей Кр', 'Сергей Кр', 51);
