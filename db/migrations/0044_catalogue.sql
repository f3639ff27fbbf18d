-- History: this file stays as it ran (a fresh database still runs it). The current definitions of the
-- functions and views it defines live in db/functions, applied after every migration (db/README.md);
-- change them there. computed_standings: db/functions/05_leaderboards.sql; crew_launch_at:
-- db/functions/04_missions.sql.
--
-- The catalogue (db/catalogue/*.ndjson) is loaded by the importer, not by migrations. This migration
-- adds what the full catalogue needs: the most-time-in-space board, landings paired only with their own
-- flight's launch, and the log of imports that says what the catalogue is complete to.

-- most-time-in-space: a row per landed flight, the person's total time in space once it landed, held
-- from that landing until their next one.
ALTER TABLE standings DROP CONSTRAINT standings_metric_check;
ALTER TABLE standings ADD CONSTRAINT standings_metric_check
    CHECK (metric IN ('oldest-at-launch', 'youngest-at-launch', 'longest-flight', 'most-flights', 'most-time-in-space'));
ALTER TABLE records DROP CONSTRAINT records_metric_check;
ALTER TABLE records ADD CONSTRAINT records_metric_check
    CHECK (metric IN ('oldest-at-launch', 'youngest-at-launch', 'longest-flight', 'most-flights', 'most-time-in-space'));

CREATE OR REPLACE FUNCTION computed_standings(p_people bigint[])
    RETURNS TABLE (person_id bigint, metric text, boundary text, launch_mission_id bigint, landing_mission_id bigint,
                   value bigint, rank_key bigint, valid_from date, valid_to date)
    LANGUAGE sql STABLE AS $$
    WITH counted AS (
        SELECT f.*, b.boundary
        FROM (SELECT DISTINCT unnest(p_people)) AS ids (id)
        JOIN flights f ON f.person_id = ids.id
        CROSS JOIN (VALUES ('karman'), ('80km')) AS b (boundary)
        WHERE CASE b.boundary WHEN 'karman' THEN f.counts_karman ELSE f.counts_80km END
    ),
    launches AS (
        SELECT c.*,
               row_number() OVER w AS flight_number,
               lead(c.launched_on) OVER w AS next_launched_on
        FROM counted c
        WINDOW w AS (PARTITION BY c.boundary, c.person_id ORDER BY c.launch_at, c.launch_mission_id)
    ),
    landings AS (
        SELECT c.*,
               c.duration_seconds > coalesce(max(c.duration_seconds) OVER (
                   PARTITION BY c.boundary, c.person_id ORDER BY c.landing_at, c.launch_at, c.launch_mission_id
                   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), -1) AS personal_best,
               sum(c.duration_seconds) OVER w AS total_seconds,
               lead(c.landed_on) OVER w AS next_landed_on
        FROM counted c
        WHERE c.duration_seconds IS NOT NULL
        WINDOW w AS (PARTITION BY c.boundary, c.person_id ORDER BY c.landing_at, c.launch_at, c.launch_mission_id
                     ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
    ),
    personal_bests AS (
        SELECT l.*,
               lead(l.landed_on) OVER (PARTITION BY l.boundary, l.person_id ORDER BY l.landing_at, l.launch_at, l.launch_mission_id) AS next_best_on
        FROM landings l
        WHERE l.personal_best
    )
    SELECT l.person_id, 'oldest-at-launch', l.boundary, l.launch_mission_id, NULL::bigint,
           l.age_days, -l.age_days, l.launched_on, l.next_launched_on
    FROM launches l WHERE l.age_days IS NOT NULL
    UNION ALL
    SELECT l.person_id, 'youngest-at-launch', l.boundary, l.launch_mission_id, NULL::bigint,
           l.age_days, l.age_days, l.launched_on, NULL::date
    FROM launches l WHERE l.age_days IS NOT NULL AND l.flight_number = 1
    UNION ALL
    SELECT l.person_id, 'most-flights', l.boundary, l.launch_mission_id, NULL::bigint,
           l.flight_number, -l.flight_number, l.launched_on, l.next_launched_on
    FROM launches l
    UNION ALL
    SELECT b.person_id, 'longest-flight', b.boundary, b.launch_mission_id, b.landing_mission_id,
           b.duration_seconds, -b.duration_seconds, b.landed_on, b.next_best_on
    FROM personal_bests b
    UNION ALL
    SELECT l.person_id, 'most-time-in-space', l.boundary, l.launch_mission_id, l.landing_mission_id,
           l.total_seconds::bigint, -l.total_seconds::bigint, l.landed_on, l.next_landed_on
    FROM landings l
$$;

-- A crew member who only rode this vehicle down went up on the launch their flight pairs this landing
-- with (flights, 0010): never a launch of an earlier flight that ended with another landing. NULL when
-- no launch pairs with it (the catalogue lacks their way up).
CREATE OR REPLACE FUNCTION crew_launch_at(p_person_id bigint, p_launched boolean, m missions) RETURNS timestamptz
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN CASE WHEN p_launched THEN m.launch_at ELSE (
        SELECT f.launch_at
        FROM flights f
        WHERE f.person_id = p_person_id AND f.landing_mission_id = m.id
        ORDER BY f.launch_at DESC
        LIMIT 1) END;

-- A landing is found by its flight.
CREATE INDEX flights_landing ON flights (landing_mission_id, person_id) WHERE landing_mission_id IS NOT NULL;
-- What a leaderboard's coverage counts: the flights launched by a day.
CREATE INDEX flights_by_launch ON flights (launched_on) INCLUDE (person_id, launch_mission_id, counts_karman, counts_80km);

-- Every catalogue import: what it loaded (a hash of its input), what the catalogue is complete to, and
-- what it changed. The service loads the catalogue it ships at start-up when the hash is new.
CREATE TABLE catalogue_imports (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    content_hash text NOT NULL,
    complete_to date,
    imported_at timestamptz NOT NULL DEFAULT now(),
    imported_by text NOT NULL,
    created integer NOT NULL,
    updated integer NOT NULL,
    unchanged integer NOT NULL
);

CREATE INDEX catalogue_imports_by_hash ON catalogue_imports (content_hash);

-- The new board for the flights already stored.
SELECT refresh_flights(ARRAY(SELECT DISTINCT c.person_id FROM crew_members c));
