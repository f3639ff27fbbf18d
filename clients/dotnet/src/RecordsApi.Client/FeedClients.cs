using System.Runtime.CompilerServices;
using System.Text.Json;

namespace RecordsApi.Client;

/// <summary>The leaderboards the service computes from missions, crews and birth dates: /v1/leaderboards.</summary>
public sealed class LeaderboardsClient
{
    private readonly ApiConnection connection;

    internal LeaderboardsClient(ApiConnection connection) => this.connection = connection;

    /// <summary>Every leaderboard, with its unit.</summary>
    public async Task<ApiResult<IReadOnlyList<LeaderboardInfo>>> ListAsync(CancellationToken ct = default)
    {
        var index = await connection.SendAsync<Page<LeaderboardInfo>>(HttpMethod.Get, "v1/leaderboards", null, null, ct).ConfigureAwait(false);
        return new ApiResult<IReadOnlyList<LeaderboardInfo>>(index.Value.Items, index.Response);
    }

    /// <summary>The standings on <paramref name="asOf"/> (default today), <paramref name="limit"/> of them (1 to 200, default 10).</summary>
    public Task<ApiResult<Leaderboard>> GetAsync(
        Metric metric, int? limit = null, DateOnly? asOf = null, Boundary? boundary = null, CancellationToken ct = default) =>
        connection.SendAsync<Leaderboard>(
            HttpMethod.Get,
            Paths.With(
                $"v1/leaderboards/{ApiJson.Name(metric)}",
                ("limit", Paths.Number(limit)),
                ("asOf", Paths.Date(asOf)),
                ("boundary", boundary is { } b ? ApiJson.Name(b) : null)),
            null,
            null,
            ct);

    /// <summary>The succession of leaders, oldest first.</summary>
    public Task<ApiResult<LeaderboardProgression>> GetProgressionAsync(Metric metric, Boundary? boundary = null, CancellationToken ct = default) =>
        connection.SendAsync<LeaderboardProgression>(
            HttpMethod.Get,
            Paths.With($"v1/leaderboards/{ApiJson.Name(metric)}/progression", ("boundary", boundary is { } b ? ApiJson.Name(b) : null)),
            null,
            null,
            ct);
}

/// <summary>Every revision of every resource in commit order: /v1/changes.</summary>
public sealed class ChangesClient
{
    private readonly ApiConnection connection;

    internal ChangesClient(ApiConnection connection) => this.connection = connection;

    /// <summary>The changes after <paramref name="since"/>, up to <paramref name="limit"/> (1 to 1000, default 100).</summary>
    public Task<ApiResult<ChangesPage>> GetPageAsync(long since = 0, int? limit = null, CancellationToken ct = default) =>
        connection.SendAsync<ChangesPage>(
            HttpMethod.Get, Paths.With("v1/changes", ("since", Paths.Number(since)), ("limit", Paths.Number(limit))), null, null, ct);

    /// <summary>
    /// Every change after <paramref name="since"/> until caught up. Remember the last sequence read and
    /// pass it next time to go on from there.
    /// </summary>
    public async IAsyncEnumerable<Change> ReadAsync(long since = 0, int? pageSize = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        while (true)
        {
            var page = (await GetPageAsync(since, pageSize, ct).ConfigureAwait(false)).Value;
            foreach (var change in page.Items)
            {
                yield return change;
            }

            if (!page.HasMore || page.NextSince == since)
            {
                yield break;
            }

            since = page.NextSince;
        }
    }
}

/// <summary>The whole catalogue as NDJSON from one snapshot: /v1/export.</summary>
public sealed class CatalogueClient
{
    private readonly ApiConnection connection;

    internal CatalogueClient(ApiConnection connection) => this.connection = connection;

    /// <summary>
    /// Every line of the export as it arrives: first the catalogue line (<see cref="CatalogueHeader"/>),
    /// then every person, mission (with its crew) and record (with its holdings).
    /// </summary>
    public async IAsyncEnumerable<CatalogueLine> ExportAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        using var response = await connection.OpenAsync("v1/export", ct).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var reader = new StreamReader(stream);
            while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
            {
                if (line.Length == 0)
                {
                    continue;
                }

                using var document = JsonDocument.Parse(line);
                var json = document.RootElement.Clone();
                yield return new CatalogueLine(json.GetProperty("type").GetString() ?? "", json);
            }
        }
    }

    /// <summary>The export's first line: what it is complete to and the changes-feed sequence to follow it from.</summary>
    public async Task<CatalogueHeader> GetExportHeaderAsync(CancellationToken ct = default)
    {
        await foreach (var line in ExportAsync(ct).ConfigureAwait(false))
        {
            return line.Read<CatalogueHeader>();
        }

        throw new JsonException("The export was empty.");
    }

    /// <summary>Copies the export as it comes to <paramref name="destination"/>, such as a file to import later.</summary>
    public async Task ExportToAsync(Stream destination, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var response = await connection.OpenAsync("v1/export", ct).ConfigureAwait(false);
        await response.Content.CopyToAsync(destination, ct).ConfigureAwait(false);
    }
}
