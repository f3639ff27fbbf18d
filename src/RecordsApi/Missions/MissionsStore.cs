using RecordsApi.Infrastructure.Database;
using RecordsApi.Infrastructure.Json;
using RecordsApi.Infrastructure.Paging;
using RecordsApi.Infrastructure.Validation;
using RecordsApi.Resources;

namespace RecordsApi.Missions;

/// <summary>The SQL of the missions resource.</summary>
internal static class MissionsStore
{
    public static readonly ResourceKind Kind = new("missions", "mission", "missions", "mission_document");

    /// <summary>The columns a request writes and how a mission reads, for the shared read and write paths.</summary>
    public static readonly WritableResource<MissionRequest, Mission> Writable = new(
        Kind,
        """
        slug, name, operator, vehicle, kind, apogee_km, launch_at, launch_site, landing_at,
        landing_site, destination, summary, wikidata, cospar, sources
        """,
        Parameters,
        async (connection, target, transaction, _, ct) => (await FindAsync(connection, target, transaction, ct))?.ToMission());


    public const string DefaultOrder = "launchAt";

    /// <summary>The orders a list can take; each has an index (see 0006_missions_api.sql).</summary>
    public static readonly IReadOnlyDictionary<string, KeysetOrder> Orders = new Dictionary<string, KeysetOrder>(StringComparer.Ordinal)
    {
        ["launchAt"] = new("launchAt", "coalesce(m.launch_at, 'infinity'::timestamptz)", "timestamptz"),
        ["-launchAt"] = new("-launchAt", "coalesce(m.launch_at, '-infinity'::timestamptz)", "timestamptz", Descending: true),
        ["name"] = new("name", "m.name", "text"),
    };

    private const string Columns = """
        m.id, m.slug, m.name, m.operator, m.vehicle, m.kind, m.apogee_km, m.launch_at, m.launch_site,
        m.landing_at, m.landing_site, m.destination, m.summary, m.wikidata, m.cospar, m.sources,
        m.version, m.created_at, m.updated_at
        """;

    public static async Task<List<MissionRow>> ListAsync(
        NpgsqlConnection connection, MissionsQuery query, KeysetOrder order, KeysetPosition? after, int take, CancellationToken ct)
    {
        // Launch dates are whole UTC days, both ends included; the key expression is the one missions_by_launch_at indexes.
        var conditions = new SqlConditions("m.deleted_at IS NULL")
            .When(query.Q is not null, LikePatterns.MatchesSearchText("m"))
            .When(query.Operator is not null, "lower(m.operator) = lower(@operator)")
            .When(query.Kind is not null, "m.kind = @kind")
            .When(query.LaunchedFrom is not null,
                "coalesce(m.launch_at, 'infinity'::timestamptz) >= (@launchedFrom::timestamp AT TIME ZONE 'UTC') AND m.launch_at IS NOT NULL")
            .When(query.LaunchedTo is not null, "coalesce(m.launch_at, 'infinity'::timestamptz) < ((@launchedTo + 1)::timestamp AT TIME ZONE 'UTC')")
            .When(after is not null, order.After("m.id"));

        var sql = $"""
            SELECT {Columns}, {order.KeyAsText} AS sort_key
            FROM missions m
            WHERE {conditions}
            ORDER BY {order.OrderBy("m.id")}
            LIMIT @take
            """;
        var rows = await connection.QueryAsync<MissionRow>(new CommandDefinition(sql, new
        {
            q = query.Q?.Trim(),
            qLike = query.Q is null ? null : LikePatterns.Escape(query.Q.Trim()),
            @operator = query.Operator?.Trim(),
            kind = query.Kind,
            launchedFrom = Date(query.LaunchedFrom),
            launchedTo = Date(query.LaunchedTo),
            afterKey = after?.SortKey,
            afterId = after?.Id,
            take,
        }, cancellationToken: ct));
        return rows.AsList();
    }

    public static Task<MissionRow?> FindAsync(
        IDbConnection connection, ResourceRef reference, IDbTransaction? transaction = null, CancellationToken ct = default) =>
        connection.QuerySingleOrDefaultAsync<MissionRow>(new CommandDefinition(
            $"SELECT {Columns} FROM missions m WHERE {reference.Condition("m")} AND m.deleted_at IS NULL",
            reference.Parameters,
            transaction,
            cancellationToken: ct));

    private static DateOnly? Date(string? text) => Rules.TryParseDate(text, out var date) ? date : null;

    /// <summary>The columns a mission request writes, normalised as stored; the importer sends the same values.</summary>
    internal static object Parameters(MissionRequest mission, string? slug) => new
    {
        slug,
        name = mission.Name,
        @operator = mission.Operator,
        vehicle = mission.Vehicle,
        kind = (mission.Kind ?? throw new ArgumentException("The validator requires kind.", nameof(mission))).WireName(),
        apogeeKm = mission.ApogeeKm,
        launchAt = mission.LaunchAt,
        launchSite = mission.LaunchSite,
        landingAt = mission.LandingAt,
        landingSite = mission.LandingSite,
        destination = mission.Destination,
        summary = mission.Summary,
        wikidata = mission.ExternalIds?.Wikidata,
        cospar = mission.ExternalIds?.Cospar,
        sources = (mission.Sources ?? []).ToArray(),
    };
}
