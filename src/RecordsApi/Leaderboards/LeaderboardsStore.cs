namespace RecordsApi.Leaderboards;

/// <summary>
/// The SQL of the leaderboards. Everything is read from the standings table, which triggers keep
/// exactly in step with crews, missions and people (db/migrations/0010_flights_and_standings.sql;
/// docs/leaderboards.md explains the plans).
/// </summary>
internal static class LeaderboardsStore
{
    private const string Names = """
        p.id AS person_id, p.slug AS person_slug, p.name AS person_name, p.birth_date,
        m.id AS mission_id, m.slug AS mission_slug, m.name AS mission_name,
        lm.id AS landing_mission_id, lm.slug AS landing_mission_slug, lm.name AS landing_mission_name
        """;

    // The standings valid at the end of @asOf: each person has at most one.
    private const string ValidOn = """
        s.metric = @metric AND s.boundary = @boundary
        AND s.valid_from <= @asOf AND (s.valid_to IS NULL OR s.valid_to > @asOf)
        """;

    // Today (or later): walk the standings in force in rank order (standings_current), which stops
    // after about @limit entries, and add the few that end after the day (standings_ending).
    private const string BestByRank = """
        SELECT t.* FROM (
            (SELECT s.person_id, s.launch_mission_id, s.landing_mission_id, s.value, s.rank_key, s.valid_from
             FROM standings s
             WHERE s.metric = @metric AND s.boundary = @boundary AND s.valid_to IS NULL AND s.valid_from <= @asOf
             ORDER BY s.rank_key, s.valid_from, s.person_id
             LIMIT @limit)
            UNION ALL
            (SELECT s.person_id, s.launch_mission_id, s.landing_mission_id, s.value, s.rank_key, s.valid_from
             FROM standings s
             WHERE s.metric = @metric AND s.boundary = @boundary AND s.valid_to > @asOf AND s.valid_from <= @asOf)
        ) t
        ORDER BY t.rank_key, t.valid_from, t.person_id
        LIMIT @limit
        """;

    // A past day: the rank walk would skip every standing set later, so take the best @limit of each
    // year up to the day (standings_by_era) and merge them. The best overall are among them.
    private const string BestByYear = $"""
        SELECT best.*
        FROM generate_series(
            (SELECT s.era FROM standings s WHERE s.metric = @metric AND s.boundary = @boundary ORDER BY s.era LIMIT 1),
            extract(year FROM @asOf::date)::int) AS year (era)
        CROSS JOIN LATERAL (
            SELECT s.person_id, s.launch_mission_id, s.landing_mission_id, s.value, s.rank_key, s.valid_from
            FROM standings s
            WHERE {ValidOn} AND s.era = year.era
            ORDER BY s.rank_key, s.valid_from, s.person_id
            LIMIT @limit
        ) best
        ORDER BY best.rank_key, best.valid_from, best.person_id
        LIMIT @limit
        """;

    /// <summary>The first <paramref name="limit"/> standings on a day, ranked (equal values share a rank).</summary>
    public static async Task<List<StandingRow>> StandingsAsync(
        IDbConnection connection, Metric metric, string boundary, DateOnly asOf, DateOnly today, int limit, CancellationToken ct)
    {
        var rows = await connection.QueryAsync<StandingRow>(new CommandDefinition(
            $"""
            WITH top AS ({(asOf >= today ? BestByRank : BestByYear)})
            SELECT rank() OVER (ORDER BY t.rank_key) AS rank, {Names}, t.valid_from AS date, t.value
            FROM top t
            JOIN people p ON p.id = t.person_id
            JOIN missions m ON m.id = t.launch_mission_id
            LEFT JOIN missions lm ON lm.id = t.landing_mission_id
            ORDER BY t.rank_key, t.valid_from, t.person_id
            """,
            new { metric = metric.Name, boundary, asOf, limit },
            cancellationToken: ct));
        return rows.AsList();
    }

    /// <summary>Everyone ranked first on a day: one leader, or several tied.</summary>
    public static async Task<List<StandingRow>> LeadersAsync(
        IDbConnection connection, Metric metric, string boundary, DateOnly asOf, IDbTransaction? transaction, CancellationToken ct)
    {
        var rows = await connection.QueryAsync<StandingRow>(new CommandDefinition(
            $"""
            WITH best AS (
                SELECT s.rank_key FROM standings s WHERE {ValidOn} ORDER BY s.rank_key LIMIT 1
            )
            SELECT 1 AS rank, {Names}, s.valid_from AS date, s.value
            FROM best b
            JOIN standings s ON s.metric = @metric AND s.boundary = @boundary AND s.rank_key = b.rank_key
                AND s.valid_from <= @asOf AND (s.valid_to IS NULL OR s.valid_to > @asOf)
            JOIN people p ON p.id = s.person_id
            JOIN missions m ON m.id = s.launch_mission_id
            LEFT JOIN missions lm ON lm.id = s.landing_mission_id
            ORDER BY s.valid_from, s.person_id
            """,
            new { metric = metric.Name, boundary, asOf },
            transaction,
            cancellationToken: ct));
        return rows.AsList();
    }

    /// <summary>The succession of leaders up to the end of @asOf, oldest first; co-holders of a tie share a date.</summary>
    public static async Task<List<StandingRow>> ProgressionAsync(IDbConnection connection, Metric metric, string boundary, DateOnly asOf, CancellationToken ct)
    {
        var rows = await connection.QueryAsync<StandingRow>(new CommandDefinition(
            $"""
            WITH records AS (
                SELECT s.person_id, s.launch_mission_id, s.landing_mission_id, s.value, s.rank_key, s.valid_from
                FROM standings s
                WHERE s.metric = @metric AND s.boundary = @boundary AND s.is_record AND s.valid_from <= @asOf
            ),
            days AS (
                SELECT r.valid_from, lead(r.valid_from) OVER (ORDER BY r.valid_from) AS held_until
                FROM (SELECT DISTINCT valid_from FROM records) r
            )
            SELECT {Names}, r.valid_from AS date, d.held_until, r.value
            FROM records r
            JOIN days d ON d.valid_from = r.valid_from
            JOIN people p ON p.id = r.person_id
            JOIN missions m ON m.id = r.launch_mission_id
            LEFT JOIN missions lm ON lm.id = r.landing_mission_id
            ORDER BY r.valid_from, r.person_id
            """,
            new { metric = metric.Name, boundary, asOf },
            cancellationToken: ct));
        return rows.AsList();
    }
}
