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

PREPARE search(text, text, int) AS
    SELECT p.id, p.slug, p.name, p.native_name, p.birth_date, p.death_date, p.nationality, p.occupations,
           p.wikidata, p.sources, p.version, p.created_at, p.updated_at, (p.name)::text AS sort_key
    FROM people p
    WHERE p.deleted_at IS NULL AND (search_form($1) <% p.search_text OR p.search_text LIKE '%' || search_form($2) || '%')
    ORDER BY p.name, p.id LIMIT $3;
\echo '== GET /v1/people?q=smith: a common name'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE search('smith', 'smith', 51);
\echo '== GET /v1/people?q=peresil: a misspelt rare name'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE search('peresil', 'peresil', 51);
\echo '== GET /v1/people?q=Иванов: Cyrillic'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE search('Иванов', 'Иванов', 51);
\echo '== GET /v1/people?q=garc: a fragment'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE search('garc', 'garc', 51);
\echo '== GET /v1/people?q=john glenn: two words'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE search('john glenn', 'john glenn', 51);
