-- Missions and crews: exact ages, when a crew member went up, seat order, the revision document and
-- the live references a delete must not leave dangling (tables: 0004_missions.sql; the type
-- age_in_years_and_days: 0006_missions_api.sql). Repeatable: re-applied whenever this file changes
-- (see db/README.md).

-- The birthday in a given year. Someone born on 29 February has it on 1 March in common years:
-- they have not completed the year until the whole of 28 February has passed.
CREATE OR REPLACE FUNCTION birthday_in(born date, year integer) RETURNS date
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN make_date(year, extract(month FROM born)::integer, 1) + (extract(day FROM born)::integer - 1);

-- Whole years completed on a calendar day.
CREATE OR REPLACE FUNCTION completed_years(born date, on_day date) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN extract(year FROM on_day)::integer - extract(year FROM born)::integer
        - CASE WHEN on_day < birthday_in(born, extract(year FROM on_day)::integer) THEN 1 ELSE 0 END;

-- Age on a calendar day, exact to the day; NULL when the day is before the birth. (age() is not
-- used: it counts 2000-02-29 to 2001-02-28 as 11 months 28 days but to 2001-03-01 as 1 year 1 day.)
CREATE OR REPLACE FUNCTION age_on(born date, on_day date) RETURNS age_in_years_and_days
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN CASE WHEN born <= on_day THEN ROW(
        completed_years(born, on_day),
        on_day - birthday_in(born, extract(year FROM born)::integer + completed_years(born, on_day)))::age_in_years_and_days END;

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

-- Crew lists read in seat order: commander first, then pilot, and so on.
CREATE OR REPLACE FUNCTION crew_role_rank(role text) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN array_position(ARRAY['commander', 'pilot', 'flight-engineer', 'mission-specialist',
        'payload-specialist', 'spaceflight-participant', 'passenger'], role);

-- The document a mission's revision keeps: the mission as the API answers it, plus its crew
-- (without ageAtLaunch, which is derived), so the history shows crew changes too.
CREATE OR REPLACE FUNCTION mission_document(m missions) RETURNS jsonb
    LANGUAGE sql STABLE
    RETURN jsonb_build_object(
        'id', m.id,
        'slug', m.slug,
        'name', m.name,
        'operator', m.operator,
        'vehicle', m.vehicle,
        'kind', m.kind,
        'apogeeKm', m.apogee_km,
        'launchAt', rfc3339(m.launch_at),
        'launchSite', m.launch_site,
        'landingAt', rfc3339(m.landing_at),
        'landingSite', m.landing_site,
        'destination', m.destination,
        'summary', m.summary,
        'externalIds', jsonb_build_object('wikidata', m.wikidata, 'cospar', m.cospar),
        'sources', to_jsonb(m.sources),
        'version', m.version,
        'createdAt', rfc3339(m.created_at),
        'updatedAt', rfc3339(m.updated_at),
        'crew', (
            SELECT coalesce(jsonb_agg(jsonb_build_object(
                    'person', jsonb_build_object('id', p.id, 'slug', p.slug, 'name', p.name),
                    'role', c.role,
                    'launched', c.launched,
                    'landed', c.landed)
                ORDER BY crew_role_rank(c.role), p.name, p.id), '[]'::jsonb)
            FROM crew_members c JOIN people p ON p.id = c.person_id
            WHERE c.mission_id = m.id));

-- Every live reference from one resource to another, for deletes to refuse while any remain.
-- resource/resource_id: what is referred to; relation and referrer: what refers to it, in words.
-- Each resource that holds references adds its branches here.
CREATE OR REPLACE VIEW live_references AS
    SELECT 'people'::text AS resource, c.person_id AS resource_id, 'is crew of'::text AS relation, m.slug AS referrer
    FROM crew_members c JOIN missions m ON m.id = c.mission_id
    WHERE m.deleted_at IS NULL
    UNION ALL
    SELECT 'missions', c.mission_id, 'has crew', p.slug
    FROM crew_members c JOIN people p ON p.id = c.person_id
    WHERE p.deleted_at IS NULL;
