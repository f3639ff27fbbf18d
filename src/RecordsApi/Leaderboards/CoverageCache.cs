using System.Collections.Concurrent;

namespace RecordsApi.Leaderboards;

/// <summary>
/// A leaderboard's coverage (what it was computed from) counts every flight up to a day: cheap on the
/// catalogue, a scan of the flights table on a very large data set. It is remembered per boundary, day and
/// changes-feed sequence (so a write is counted at once) for a few seconds at most (an import may move
/// completeTo without a write), so a busy board does not count on every request.
/// </summary>
public sealed class CoverageCache(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);
    private const int MaxEntries = 1024;

    private readonly ConcurrentDictionary<(string Boundary, DateOnly AsOf, long Sequence), (Coverage Coverage, DateTimeOffset Until)> entries = new();

    /// <summary>The coverage of a board on a day, with the changes feed at <paramref name="sequence"/> or later.</summary>
    public async Task<Coverage> GetAsync(NpgsqlConnection connection, string boundary, DateOnly asOf, long sequence, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (entries.TryGetValue((boundary, asOf, sequence), out var entry) && entry.Until > now)
        {
            return entry.Coverage;
        }

        var row = await connection.QuerySingleAsync<CoverageRow>(new CommandDefinition(
            """
            SELECT count(DISTINCT f.launch_mission_id)::int AS missions, count(*)::int AS flights,
                   count(DISTINCT f.person_id)::int AS people,
                   (SELECT i.complete_to FROM catalogue_imports i WHERE i.complete_to IS NOT NULL ORDER BY i.id DESC LIMIT 1) AS complete_to
            FROM flights f
            WHERE f.launched_on <= @asOf AND CASE @boundary WHEN 'karman' THEN f.counts_karman ELSE f.counts_80km END
            """,
            new { boundary, asOf },
            cancellationToken: ct));
        var coverage = new Coverage(row.Missions, row.Flights, row.People, row.CompleteTo);
        if (entries.Count >= MaxEntries)
        {
            entries.Clear();
        }

        entries[(boundary, asOf, sequence)] = (coverage, now + Lifetime);
        return coverage;
    }
}

internal sealed class CoverageRow
{
    public int Missions { get; init; }

    public int Flights { get; init; }

    public int People { get; init; }

    public DateOnly? CompleteTo { get; init; }
}
