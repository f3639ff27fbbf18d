-- Records and their holdings: the documents GET answers with and revisions keep (tables:
-- 0011_records.sql). Repeatable: re-applied whenever this file changes (see db/README.md).

-- A holding as the API shows it, with its mission and people named.
CREATE OR REPLACE FUNCTION holding_document(h holdings) RETURNS jsonb
    LANGUAGE sql STABLE
    RETURN jsonb_build_object(
        'id', h.id,
        'achievedOn', h.achieved_on,
        'mission', (SELECT jsonb_build_object('id', m.id, 'slug', m.slug, 'name', m.name) FROM missions m WHERE m.id = h.mission_id),
        'people', coalesce((
            SELECT jsonb_agg(jsonb_build_object('id', p.id, 'slug', p.slug, 'name', p.name) ORDER BY hp.position)
            FROM holding_people hp JOIN people p ON p.id = hp.person_id
            WHERE hp.holding_id = h.id), '[]'::jsonb),
        -- Without trailing zeros: 22874.0 is the whole number 22874, as a leaderboard shows it.
        'value', trim_scale(h.value),
        'unit', h.unit,
        'notes', h.notes,
        'sources', to_jsonb(h.sources),
        'createdAt', rfc3339(h.created_at));

-- The document a revision keeps and GET answers with: the record with its whole progression, so a new
-- holding shows in the record's history.
CREATE OR REPLACE FUNCTION record_document(r records) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT jsonb_build_object(
        'id', r.id,
        'slug', r.slug,
        'title', r.title,
        'category', r.category,
        'description', r.description,
        'metric', r.metric,
        'current', progression.holdings -> -1,
        'progression', progression.holdings,
        'sources', to_jsonb(r.sources),
        'version', r.version,
        'createdAt', rfc3339(r.created_at),
        'updatedAt', rfc3339(r.updated_at))
    FROM (
        SELECT coalesce(jsonb_agg(holding_document(h) ORDER BY h.achieved_on, h.id), '[]'::jsonb) AS holdings
        FROM holdings h
        WHERE h.record_id = r.id
    ) progression
$$;
