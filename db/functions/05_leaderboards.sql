-- Leaderboards: the standings computed from flights, the records among them, and the refresh of both
-- that the triggers on crew_members, missions and people run (tables and triggers:
-- 0010_flights_and_standings.sql; the most-time-in-space board: 0044_catalogue.sql; see
-- docs/leaderboards.md). Repeatable: re-applied whenever this file changes (see db/README.md).

-- The standings the flights of these people give, computed from scratch (the boards: the standings
-- table of 0010). most-time-in-space: a row per landed flight, the person's total time in space once
-- it landed, held from that landing until their next one.
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

-- Sets is_record on one board from a day on. A standing is a record when it is the best of its day
-- and better than every standing of every earlier day; standings tied for a record day are co-holders.
-- Changes on or after p_from cannot touch the records before it, and only standings better than the
-- record in force before p_from can be records after it, so only those are read: a change to recent
-- flights reads a handful of rows, a change in 1961 reads the whole board once.
CREATE OR REPLACE FUNCTION recompute_records(p_metric text, p_boundary text, p_from date) RETURNS void
    LANGUAGE sql AS $$
    WITH before AS (
        SELECT coalesce((
            SELECT r.rank_key FROM standings r
            WHERE r.metric = p_metric AND r.boundary = p_boundary AND r.is_record AND r.valid_from < p_from
            ORDER BY r.valid_from DESC LIMIT 1), 9223372036854775807) AS best
    ),
    candidates AS (
        SELECT s.person_id, s.launch_mission_id, s.rank_key,
               min(s.rank_key) OVER (PARTITION BY s.valid_from) AS best_of_day,
               min(s.rank_key) OVER (ORDER BY s.valid_from RANGE BETWEEN UNBOUNDED PRECEDING AND '1 day' PRECEDING) AS best_before
        FROM standings s, before b
        WHERE s.metric = p_metric AND s.boundary = p_boundary AND s.valid_from >= p_from AND s.rank_key < b.best
    ),
    records AS (
        SELECT c.person_id, c.launch_mission_id FROM candidates c
        WHERE c.rank_key = c.best_of_day AND c.rank_key < coalesce(c.best_before, 9223372036854775807)
    ),
    marked AS (
        SELECT s.person_id, s.launch_mission_id FROM standings s
        WHERE s.metric = p_metric AND s.boundary = p_boundary AND s.is_record AND s.valid_from >= p_from
    ),
    flipped AS (
        (SELECT * FROM marked EXCEPT SELECT * FROM records)
        UNION ALL
        (SELECT * FROM records EXCEPT SELECT * FROM marked)
    )
    UPDATE standings s SET is_record = NOT s.is_record
    FROM flipped f
    WHERE s.metric = p_metric AND s.boundary = p_boundary
      AND s.person_id = f.person_id AND s.launch_mission_id = f.launch_mission_id
$$;

-- Brings the flights and standings of these people up to date with crew_members, missions and people.
-- The people are joined as a set (never `= ANY (array)`, a linear search per row), so a bulk load of
-- hundreds of thousands of crew rows refreshes in one pass.
-- Standings that did not change keep their rows (and their is_record); a board's records are recomputed
-- only when a record left it or moved, or a standing arrived that may be a record, and only from there on.
CREATE OR REPLACE FUNCTION refresh_flights(p_people bigint[]) RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    metrics text[];
    boundaries text[];
    from_days date[];
BEGIN
    IF coalesce(cardinality(p_people), 0) = 0 THEN
        RETURN;
    END IF;

    -- Each statement below must see every transaction committed before it: under READ COMMITTED it
    -- does, and the lock makes refreshes take turns, so the last one to commit sees all the others.
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'changes to crews, missions or people must run at READ COMMITTED to keep the leaderboards exact (this transaction is %)',
            current_setting('transaction_isolation');
    END IF;
    PERFORM pg_advisory_xact_lock(7526395788134512739); -- "leaderboards"

    DELETE FROM flights f WHERE f.person_id IN (SELECT unnest(p_people));

    INSERT INTO flights (person_id, launch_mission_id, landing_mission_id, launch_at, landing_at, launched_on, landed_on,
                         kind, apogee_km, counts_karman, counts_80km, age_days, duration_seconds)
    WITH legs AS (
        SELECT c.person_id, c.mission_id, c.launched, c.landed, m.launch_at, m.landing_at, m.kind, m.apogee_km, p.birth_date
        FROM (SELECT DISTINCT unnest(p_people)) AS ids (id)
        JOIN crew_members c ON c.person_id = ids.id
        JOIN missions m ON m.id = c.mission_id AND m.deleted_at IS NULL
        JOIN people p ON p.id = c.person_id AND p.deleted_at IS NULL
    ),
    -- Ups and downs of each person in time order (an up before a down at the same instant); each down
    -- belongs to the latest up before it, and the first down of an up ends that flight.
    events AS (
        SELECT l.person_id, l.mission_id, l.launch_at AS at, 0 AS direction, l.kind, l.apogee_km, l.birth_date
        FROM legs l WHERE l.launched AND l.launch_at IS NOT NULL
        UNION ALL
        SELECT l.person_id, l.mission_id, l.landing_at, 1, NULL, NULL, NULL
        FROM legs l WHERE l.landed AND l.landing_at IS NOT NULL
    ),
    numbered AS (
        SELECT e.*, count(*) FILTER (WHERE e.direction = 0) OVER (
            PARTITION BY e.person_id ORDER BY e.at, e.direction, e.mission_id ROWS UNBOUNDED PRECEDING) AS up_number
        FROM events e
    ),
    downs AS (
        SELECT DISTINCT ON (n.person_id, n.up_number) n.person_id, n.up_number, n.mission_id, n.at
        FROM numbered n
        WHERE n.direction = 1 AND n.up_number > 0
        ORDER BY n.person_id, n.up_number, n.at, n.mission_id
    ),
    paired AS (
        SELECT u.person_id, u.mission_id AS launch_mission_id, d.mission_id AS landing_mission_id,
               u.at AS launch_at, d.at AS landing_at, (u.at AT TIME ZONE 'UTC')::date AS launched_on,
               u.kind, u.apogee_km, u.birth_date
        FROM numbered u
        LEFT JOIN downs d ON d.person_id = u.person_id AND d.up_number = u.up_number
        WHERE u.direction = 0
    )
    SELECT p.person_id, p.launch_mission_id, p.landing_mission_id, p.launch_at, p.landing_at, p.launched_on,
           (p.landing_at AT TIME ZONE 'UTC')::date,
           p.kind, p.apogee_km,
           p.kind = 'orbital' OR coalesce(p.apogee_km >= 100, false),
           p.kind = 'orbital' OR coalesce(p.apogee_km >= 80, false),
           CASE WHEN p.birth_date <= p.launched_on THEN p.launched_on - p.birth_date END,
           extract(epoch FROM p.landing_at - p.launch_at)::bigint
    FROM paired p;

    -- The standings those flights give, synced in one statement so they are computed once: rows that
    -- are gone are deleted, rows that changed are updated in place, new ones inserted. A board's
    -- records are recomputed from the earliest day where a record was deleted or moved, or where a
    -- moved or new standing is beaten or equalled by no record of an earlier day and beaten by none
    -- of its own day.
    -- The fresh and current standings are matched once, by a full join: PostgreSQL runs a full join
    -- only as a hash or merge join, so the match stays linear however wrong the row estimates are
    -- (inside a bulk load they are: flights and standings were analysed before it). Matching them
    -- with NOT EXISTS let the planner pick a nested loop that scanned every fresh row for each
    -- current one, which made a bulk load over people who already had standings quadratic.
    WITH fresh AS (
        SELECT * FROM computed_standings(p_people)
    ),
    current AS (
        SELECT s.* FROM standings s WHERE s.person_id IN (SELECT unnest(p_people))
    ),
    diff AS MATERIALIZED (
        SELECT f.person_id, f.metric, f.boundary, f.launch_mission_id, f.landing_mission_id, f.value, f.rank_key,
               f.valid_from, f.valid_to,
               c.person_id AS was_person_id, c.metric AS was_metric, c.boundary AS was_boundary,
               c.launch_mission_id AS was_launch_mission_id, c.rank_key AS was_rank_key,
               c.valid_from AS was_from, c.is_record AS was_record
        FROM fresh f
        FULL JOIN current c
            ON f.person_id = c.person_id AND f.metric = c.metric AND f.boundary = c.boundary
           AND f.launch_mission_id = c.launch_mission_id
        WHERE f.person_id IS NULL OR c.person_id IS NULL
           OR (c.landing_mission_id, c.value, c.rank_key, c.valid_from, c.valid_to)
              IS DISTINCT FROM (f.landing_mission_id, f.value, f.rank_key, f.valid_from, f.valid_to)
    ),
    gone AS (
        DELETE FROM standings s
        USING diff d
        WHERE d.person_id IS NULL
          AND (s.person_id, s.metric, s.boundary, s.launch_mission_id)
              = (d.was_person_id, d.was_metric, d.was_boundary, d.was_launch_mission_id)
        RETURNING s.metric, s.boundary, s.valid_from, s.is_record
    ),
    changed AS (
        UPDATE standings s
        SET landing_mission_id = d.landing_mission_id, value = d.value, rank_key = d.rank_key,
            valid_from = d.valid_from, valid_to = d.valid_to,
            is_record = d.was_record AND (d.was_rank_key, d.was_from) = (d.rank_key, d.valid_from)
        FROM diff d
        WHERE d.person_id IS NOT NULL AND d.was_person_id IS NOT NULL
          AND (s.person_id, s.metric, s.boundary, s.launch_mission_id) = (d.person_id, d.metric, d.boundary, d.launch_mission_id)
        RETURNING s.person_id, s.metric, s.boundary, s.launch_mission_id, s.rank_key, s.valid_from,
                  d.was_from, d.was_record,
                  (d.was_rank_key, d.was_from) IS DISTINCT FROM (d.rank_key, d.valid_from) AS moved
    ),
    added AS (
        INSERT INTO standings (person_id, metric, boundary, launch_mission_id, landing_mission_id, value, rank_key, valid_from, valid_to)
        SELECT d.person_id, d.metric, d.boundary, d.launch_mission_id, d.landing_mission_id, d.value, d.rank_key, d.valid_from, d.valid_to
        FROM diff d
        WHERE d.was_person_id IS NULL
        RETURNING person_id, metric, boundary, launch_mission_id, rank_key, valid_from
    ),
    placed AS (
        SELECT a.metric, a.boundary, a.rank_key, a.valid_from FROM added a
        UNION ALL
        SELECT c.metric, c.boundary, c.rank_key, c.valid_from FROM changed c WHERE c.moved
    )
    SELECT array_agg(affected.metric ORDER BY affected.metric, affected.boundary),
           array_agg(affected.boundary ORDER BY affected.metric, affected.boundary),
           array_agg(affected.from_day ORDER BY affected.metric, affected.boundary)
    INTO metrics, boundaries, from_days
    FROM (
        SELECT change.metric, change.boundary, min(change.day) AS from_day
        FROM (
            SELECT g.metric, g.boundary, g.valid_from FROM gone g WHERE g.is_record
            UNION ALL
            SELECT c.metric, c.boundary, least(c.was_from, c.valid_from) FROM changed c WHERE c.was_record AND c.moved
            UNION ALL
            SELECT p.metric, p.boundary, p.valid_from
            FROM placed p
            WHERE NOT EXISTS (
                SELECT 1 FROM standings r
                WHERE r.metric = p.metric AND r.boundary = p.boundary AND r.is_record
                  AND ((r.valid_from < p.valid_from AND r.rank_key <= p.rank_key) OR (r.valid_from = p.valid_from AND r.rank_key < p.rank_key)))
        ) AS change (metric, boundary, day)
        GROUP BY change.metric, change.boundary
    ) affected;

    FOR i IN 1 .. coalesce(cardinality(metrics), 0) LOOP
        PERFORM recompute_records(metrics[i], boundaries[i], from_days[i]);
    END LOOP;
END
$$;

-- The trigger functions (the triggers are declared in 0010): statement-level with transition tables,
-- so a bulk load refreshes each person once.
CREATE OR REPLACE FUNCTION crew_members_refresh_flights() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM refresh_flights(ARRAY(SELECT DISTINCT n.person_id FROM new_rows n));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM refresh_flights(ARRAY(SELECT DISTINCT o.person_id FROM old_rows o));
    ELSE
        -- Only the legs matter: a change of role alone refreshes nothing.
        PERFORM refresh_flights(ARRAY(
            SELECT changed.person_id FROM (
                (SELECT o.person_id, o.mission_id, o.launched, o.landed FROM old_rows o
                 EXCEPT SELECT n.person_id, n.mission_id, n.launched, n.landed FROM new_rows n)
                UNION
                (SELECT n.person_id, n.mission_id, n.launched, n.landed FROM new_rows n
                 EXCEPT SELECT o.person_id, o.mission_id, o.launched, o.landed FROM old_rows o)) changed
            GROUP BY changed.person_id));
    END IF;
    RETURN NULL;
END
$$;

-- A mission's times, kind, apogee or deletion change the flights of everyone who rode it up or down.
CREATE OR REPLACE FUNCTION missions_refresh_flights() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM refresh_flights(ARRAY(
        SELECT DISTINCT c.person_id
        FROM old_rows o
        JOIN new_rows n ON n.id = o.id
        JOIN crew_members c ON c.mission_id = o.id
        WHERE (o.launch_at, o.landing_at, o.kind, o.apogee_km, o.deleted_at IS NULL)
              IS DISTINCT FROM (n.launch_at, n.landing_at, n.kind, n.apogee_km, n.deleted_at IS NULL)));
    RETURN NULL;
END
$$;

-- A person's birth date or deletion changes their ages, or takes them off the boards.
CREATE OR REPLACE FUNCTION people_refresh_flights() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM refresh_flights(ARRAY(
        SELECT o.id
        FROM old_rows o
        JOIN new_rows n ON n.id = o.id
        WHERE (o.birth_date, o.deleted_at IS NULL) IS DISTINCT FROM (n.birth_date, n.deleted_at IS NULL)));
    RETURN NULL;
END
$$;
