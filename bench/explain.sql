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

-- Search (search_people, db/functions/07_people_search.sql): one call a search, as the service makes it
-- for name order. The 50 terms of the benchmark (scenarios/search-terms.txt, given by run.sh as :terms,
-- separated by |) are timed, fastest of three calls after a warm-up call, slowest first; then the
-- statements inside the slowest call, as auto_explain logs them (ANALYZE, BUFFERS).
\echo '== GET /v1/people?q=...: the 50 terms of the benchmark, slowest first'
CREATE TEMP TABLE search_times (term text, ms numeric, found int);
DO $$
DECLARE
    v_term text;
    v_start timestamptz;
    v_best numeric;
    v_found int;
BEGIN
    FOREACH v_term IN ARRAY string_to_array(current_setting('bench.terms'), '|') LOOP
        PERFORM count(*) FROM search_people(v_term, 'name', NULL, NULL, 51, NULL, NULL, 100);
        v_best := NULL;
        FOR i IN 1..3 LOOP
            v_start := clock_timestamp();
            SELECT count(*) INTO v_found FROM search_people(v_term, 'name', NULL, NULL, 51, NULL, NULL, 100);
            v_best := least(v_best, extract(epoch FROM clock_timestamp() - v_start) * 1000);
        END LOOP;
        INSERT INTO search_times VALUES (v_term, round(v_best, 2), v_found);
    END LOOP;
END
$$;
SELECT term, ms, found FROM search_times ORDER BY ms DESC;
SELECT term AS worst_term FROM search_times ORDER BY ms DESC LIMIT 1 \gset

\echo '== the slowest term: the statements search_people runs for it'
LOAD 'auto_explain';
SET auto_explain.log_min_duration = 0;
SET auto_explain.log_analyze = on;
SET auto_explain.log_buffers = on;
SET auto_explain.log_timing = on;
SET auto_explain.log_nested_statements = on;
SET client_min_messages = log;
SELECT count(*) FROM search_people(:'worst_term', 'name', NULL, NULL, 51, NULL, NULL, 100);
RESET client_min_messages;
